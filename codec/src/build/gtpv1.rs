//! Builders of GTPv1-C (TS 29.060) messages and the IE values of the Gn/S3 relocation.
//!
//! ```
//! use keyhop_codec::build::gtpv1 as b;
//! use keyhop_codec::gtpv1::{self, MessageType};
//!
//! let m = b::message(MessageType::SgsnContextRequest, 0, 7, vec![
//!     b::rai([0x00, 0xf1, 0x10], 0x002a, 7),
//!     b::gsn_v4("10.0.0.3".parse().unwrap()),
//! ]);
//! let bytes = gtpv1::encode(&m)?;
//! assert_eq!(gtpv1::decode(&bytes)?.ies.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::gtpv1::{GsnAddress, Header, Ie, Message, MessageType, Rai};
use std::net::Ipv4Addr;

/// A GTPv1-C message of type `t` with TEID `teid`, sequence number `seq` and `ies` (in the
/// order TS 29.060 gives them: by ascending type).
///
/// ```
/// use keyhop_codec::gtpv1::MessageType;
/// let m = keyhop_codec::build::gtpv1::message(MessageType::EchoRequest, 0, 1, Vec::new());
/// assert!(m.ies.is_empty());
/// ```
pub fn message(t: MessageType, teid: u32, seq: u16, ies: Vec<Ie<'static>>) -> Message<'static> {
    Message {
        header: Header::new(t, teid, seq),
        ies,
    }
}

/// A Routing Area Identity IE (TS 29.060 7.7.3): PLMN (TBCD, as on the wire), LAC, RAC.
///
/// ```
/// use keyhop_codec::gtpv1::Ie;
/// assert!(matches!(keyhop_codec::build::gtpv1::rai([0x00, 0xf1, 0x10], 42, 7), Ie::Rai(r) if r.rac == 7));
/// ```
pub fn rai(plmn: [u8; 3], lac: u16, rac: u8) -> Ie<'static> {
    Ie::Rai(Rai { plmn, lac, rac })
}

/// A GSN Address IE (TS 29.060 7.7.32) with an IPv4 address.
///
/// ```
/// use keyhop_codec::gtpv1::Ie;
/// assert!(matches!(keyhop_codec::build::gtpv1::gsn_v4("10.0.0.3".parse().unwrap()), Ie::GsnAddress(_)));
/// ```
pub fn gsn_v4(ip: Ipv4Addr) -> Ie<'static> {
    Ie::GsnAddress(GsnAddress::V4(ip))
}
