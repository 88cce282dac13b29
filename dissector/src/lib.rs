//! # keyhop (library)
//!
//! The dissector half of keyhop: [`capture`] turns pcap / pcapng files into the application
//! messages (S1AP, X2AP, GTPv1-C, GTPv2-C) that the codec decodes.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
pub mod capture;
pub mod cut;
#[cfg(feature = "export")]
pub mod export;
pub mod filter;
pub mod gtp_match;
pub mod keys;
pub mod keystore;
pub mod message;
pub mod nas_view;
pub mod output;
pub mod read;
pub mod rrc_view;
pub mod select;
pub mod stats;
pub mod unwrap;
pub mod validate;
