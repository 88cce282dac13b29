//! # keyhop-codec
//!
//! Byte-exact encoders and decoders for the signalling that carries UE security context at LTE
//! and UMTS handovers, and for the MME-assisted key refresh (MAKR) profile:
//!
//! * [`per`]: the ASN.1 aligned PER engine (ITU-T X.691) over borrowed bytes;
//! * S1AP (TS 36.413) and X2AP (TS 36.423) handover messages;
//! * GTPv2-C (TS 29.274) and GTPv1-C (TS 29.060) relocation and context messages with the MM Context;
//! * the TS 33.401 key hierarchy, 128-EEA2/128-EIA2 and the MAKR key wrapping.
//!
//! Every decoder reports errors with the protocol, the field path and the bit offset
//! ([`error::DecodeError`]); unknown IEs, extensions and CHOICE alternatives are kept as octets
//! and re-encoded unchanged. Key material never prints unless asked ([`redact`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ap;
pub mod error;
pub mod gtpv1;
pub mod gtpv2;
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
