//! # keyhop (library)
//!
//! The dissector half of keyhop: [`capture`] turns pcap / pcapng files into the application
//! messages (S1AP, X2AP, GTPv1-C, GTPv2-C) that the codec decodes.
//!
//! The modules stand on floors, and a module imports only from its own floor or lower ones
//! (`tests/layers.rs` checks it, and that no two modules import each other):
//!
//! 0. input: [`capture`] (frames to application payloads), [`keys`] (the keys file);
//! 1. [`decoded`]: one enum over the protocol decoders (decode, name, notes; renders nothing);
//! 2. [`analysis`]: what the capture says beyond single messages (nodes, keys, NAS and RRC
//!    views, GTP request/response pairs);
//! 3. [`validate`] (rules) and [`output`] (the [`output::Message`] record, summary line, tree,
//!    JSON), [`filter`] (display filters over messages);
//! 4. commands: [`read`], [`stats`], `export`, [`cut`], [`select`] and the binaries.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
pub mod capture;
pub mod cut;
pub mod decoded;
#[cfg(feature = "export")]
pub mod export;
pub mod filter;
pub mod keys;
pub mod output;
pub mod read;
pub mod select;
pub mod stats;
pub mod validate;
