//! Builders of GTPv2-C (TS 29.274) messages and the IE values of the S10/S11 handover
//! exchanges.
//!
//! ```
//! use keyhop_codec::build::gtpv2 as b;
//! use keyhop_codec::gtpv2::{self, Ie, MessageType};
//!
//! let m = b::message(MessageType::ForwardRelocationResponse, 0x20, 0x1000, vec![
//!     Ie::new(b::cause(16)),
//!     Ie::new(b::fteid_v4(12, 0x2000, "10.0.0.2".parse().unwrap())),
//! ]);
//! let bytes = gtpv2::encode(&m)?;
//! assert_eq!(gtpv2::decode(&bytes)?.message_name(), "ForwardRelocationResponse");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::gtpv2::{
    BearerQos, Cause, Ecgi, FTeid, Gtpv2Message, Ie, IeValue, MessageType, Plmn, Tai, Tbcd, Uli,
};
use std::net::Ipv4Addr;

/// A GTPv2-C message of type `t` with TEID `teid`, sequence number `seq` (24 bits) and `ies` in
/// order.
///
/// ```
/// use keyhop_codec::gtpv2::MessageType;
/// let m = keyhop_codec::build::gtpv2::message(MessageType::EchoRequest, 1, 0, Vec::new());
/// assert_eq!(m.teid, Some(0));
/// ```
pub fn message(
    t: MessageType,
    seq: u32,
    teid: u32,
    ies: Vec<Ie<'static>>,
) -> Gtpv2Message<'static> {
    let mut m = Gtpv2Message::new(t, seq);
    m.teid = Some(teid);
    m.ies = ies;
    m
}

/// An F-TEID (TS 29.274 8.22) with an IPv4 address: interface type (12 is S10 MME GTP-C, 7 S5/S8
/// PGW GTP-C...) and TEID.
///
/// ```
/// use keyhop_codec::gtpv2::IeValue;
/// let v = keyhop_codec::build::gtpv2::fteid_v4(12, 0x1000, "10.0.0.1".parse().unwrap());
/// assert!(matches!(v, IeValue::FTeid(f) if f.teid == 0x1000));
/// ```
pub fn fteid_v4(interface_type: u8, teid: u32, ip: Ipv4Addr) -> IeValue<'static> {
    IeValue::FTeid(FTeid {
        interface_type,
        teid,
        ipv4: Some(ip),
        ipv6: None,
    })
}

/// The IMSI IE (TS 29.274 8.3) of a string of digits.
///
/// ```
/// use keyhop_codec::gtpv2::IeValue;
/// let v = keyhop_codec::build::gtpv2::imsi("001010123456789");
/// assert!(matches!(v, IeValue::Imsi(d) if d.0 == "001010123456789"));
/// ```
pub fn imsi(digits: &str) -> IeValue<'static> {
    IeValue::Imsi(Tbcd(digits.to_string()))
}

/// Bearer QoS (TS 29.274 8.15) of a non-GBR bearer of `qci`: ARP priority level 8, may not
/// pre-empt, pre-emptable, no bit rates.
///
/// ```
/// use keyhop_codec::gtpv2::IeValue;
/// let v = keyhop_codec::build::gtpv2::bearer_qos(9);
/// assert!(matches!(v, IeValue::BearerQos(q) if q.qci == 9));
/// ```
pub fn bearer_qos(qci: u8) -> IeValue<'static> {
    IeValue::BearerQos(BearerQos {
        arp: BearerQos::arp_octet(false, 8, true),
        qci,
        mbr_uplink: 0,
        mbr_downlink: 0,
        gbr_uplink: 0,
        gbr_downlink: 0,
    })
}

/// User Location Information (TS 29.274 8.21) with a TAI and an ECGI, both in `plmn`.
///
/// ```
/// use keyhop_codec::gtpv2::IeValue;
/// let v = keyhop_codec::build::gtpv2::uli([0x00, 0xf1, 0x10], 7, 0x1a2b301);
/// assert!(matches!(v, IeValue::Uli(u) if u.ecgi.unwrap().eci_field == 0x1a2b301));
/// ```
pub fn uli(plmn: [u8; 3], tac: u16, eci: u32) -> IeValue<'static> {
    IeValue::Uli(Uli {
        tai: Some(Tai {
            plmn: Plmn(plmn),
            tac,
        }),
        ecgi: Some(Ecgi {
            plmn: Plmn(plmn),
            eci_field: eci,
        }),
        ..Uli::default()
    })
}

/// A Cause IE (TS 29.274 8.4) of `value` (16 is "Request accepted"), no flags.
///
/// ```
/// use keyhop_codec::gtpv2::IeValue;
/// assert!(matches!(keyhop_codec::build::gtpv2::cause(16), IeValue::Cause(_)));
/// ```
pub fn cause(value: u8) -> IeValue<'static> {
    IeValue::Cause(Cause::new(value))
}
