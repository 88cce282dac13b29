//! # keyhop-codec
//!
//! Byte-exact encoders and decoders for the signalling that carries UE security context at LTE
//! and UMTS handovers, and for the MME-assisted key refresh (MAKR) profile.
//!
//! Decode a HandoverRequest, read the NH and NCC the MME sends the target eNB, change the NCC and
//! encode it again:
//!
//! ```
//! use keyhop_codec::s1ap::{self, Procedure};
//!
//! // An S1AP HandoverRequest (TS 36.413 clause 9.1.5.4), as in samples/s1-handover.pcapng.
//! let bytes = hex::decode(concat!(
//!     "00010080c20000080000000340010000010001000002400202000042000a1805f5e1006002faf08000",
//!     "35001200001b000d0a1f0a14000150001005000925006800575600410a100b818000008000bf86cc40",
//!     "0000000223000a900000100100c000468ac4060608040c000000000000000000000000000000000000",
//!     "00000000041452196040400000f1101a2b20100000f1101a2b1011000088006b000518000c00000028",
//!     "0021083aa0464cde32c10be86d2ac98bb973cffa2f27550aeb1a6eda4d47c5e3c63aec",
//! ))?;
//! let mut pdu = s1ap::decode(&bytes)?;
//! assert_eq!(pdu.procedure(), Procedure::HandoverResourceAllocation);
//! assert_eq!(pdu.message_name(), "HandoverRequest");
//! assert_eq!(pdu.mme_ue_s1ap_id(), Some(256));
//!
//! // Security Context (clause 9.2.1.26): NCC and NH. Key material prints as a fingerprint
//! // unless exposed on purpose.
//! let sc = pdu.security_context().expect("a HandoverRequest carries one");
//! assert_eq!(sc.next_hop_chaining_count.0, 1);
//! assert_eq!(sc.next_hop_parameter.0.expose().len(), 32);
//!
//! // Change the NCC. The `_mut` accessor drops the IE's octets as received, so the new value
//! // is what gets encoded; every other IE is written back as it came.
//! pdu.security_context_mut().unwrap().next_hop_chaining_count.0 = 2;
//! let out = s1ap::encode(&pdu)?;
//! assert_eq!(out.len(), bytes.len());
//! assert_eq!(s1ap::decode(&out)?.security_context().unwrap().next_hop_chaining_count.0, 2);
//!
//! // Unchanged, the PDU encodes to the octets it came from.
//! assert_eq!(s1ap::encode(&s1ap::decode(&bytes)?)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## One vocabulary
//!
//! Every protocol module offers the same two entry points and names its message type `Message`:
//! `decode(&[u8]) -> Result<Message, DecodeError>` and
//! `encode(&Message) -> Result<Vec<u8>, EncodeError>`, and decode then encode gives the input
//! back byte for byte.
//!
//! | module | protocol | `Message` |
//! |---|---|---|
//! | [`s1ap`] | S1AP (TS 36.413), APER | [`s1ap::S1apPdu`] |
//! | [`x2ap`] | X2AP (TS 36.423), APER | [`x2ap::X2apPdu`] |
//! | [`gtpv2`] | GTPv2-C (TS 29.274) | [`gtpv2::Gtpv2Message`] |
//! | [`gtpv1`] | GTPv1-C (TS 29.060) | [`gtpv1::Message`] |
//! | [`nas`] | NAS security framing (TS 24.301) | [`nas::NasPdu`] |
//! | [`makr`] | MAKR private messages (key-refresh.md) | an S1AP PrivateMessage |
//!
//! Alongside them: [`per`], the ASN.1 aligned PER engine (ITU-T X.691) over borrowed bytes;
//! [`ap`], the envelope S1AP and X2AP share; [`rrc`], the RRC fields a KeNB* depends on;
//! [`security`], the TS 33.401 key hierarchy, 128-EEA2/128-EIA2 and the MAKR key wrapping;
//! [`json`], the JSON form of docs/json.md back to wire octets (S1AP, X2AP, MAKR).
//!
//! Wire enums are open: a value the table does not list is kept (`Unknown(n)`) and re-encoded
//! unchanged ([`open_enum!`] for integer-numbered ones, [`aper_enum!`] for ASN.1 ENUMERATED).
//! Every decoder reports errors with the protocol, the field path and the bit offset
//! ([`error::DecodeError`]); unknown IEs, extensions and CHOICE alternatives are kept as octets
//! and re-encoded unchanged. Key material never prints unless asked ([`redact`]).
//!
//! The crate's `examples/` show more: building a Forward Relocation Request with an EPS MM
//! Context (`gtpv2_forward_relocation`), deriving KeNB* and NH and unwrapping a MAKR key
//! (`keys_and_makr`); the dissector's `examples/handover_pcap.rs` reads handover messages from a
//! capture.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[macro_use]
mod open_enum;

pub mod ap;
pub mod build;
pub mod error;
pub mod gtpv1;
pub mod gtpv2;
pub mod json;
pub mod makr;
pub mod nas;
pub mod per;
pub mod redact;
pub mod rrc;
pub mod s1ap;
pub mod security;
pub mod text;
pub mod wire;
pub mod x2ap;

pub use error::{
    Context, DecodeError, DecodeResult, EncodeError, EncodeResult, ErrorKind, Note, Protocol,
};
pub use redact::{KeyMaterial, Octets};
