//! Builders of messages and IE values, one module per protocol: what a test, a simulator or a
//! capture generator needs to write a handover message without spelling out every field.
//!
//! Each builder fills the mandatory parts of a value from the few numbers that name it and
//! leaves every optional part out, so a decoder reads back exactly what was given. They are the
//! builders keyhop's own sample captures are written with (the `keyhop-synth` crate). This
//! module holds the values S1AP and X2AP share (PLMN, TAI, cell and eNB identities, tunnels,
//! keys); [`s1ap`], [`x2ap`], [`gtpv2`], [`gtpv1`] and [`makr`] the rest, and
//! [`rrc::build`](crate::rrc::build) the RRC containers.
//!
//! ```
//! use keyhop_codec::build::{self, s1ap as b};
//! use keyhop_codec::s1ap::{self, id, S1apIe};
//! use keyhop_codec::security::Key256;
//!
//! // An S1AP HandoverRequest's security part: NCC 2 and its NH.
//! let nh = Key256::new([0x5a; 32]);
//! let pdu = b::message(
//!     "HandoverRequest",
//!     vec![
//!         (id::MME_UE_S1AP_ID, b::ie(S1apIe::MmeUeS1apId(build::int(7)))),
//!         (id::SECURITY_CONTEXT, b::ie(S1apIe::SecurityContext(b::security_context(2, &nh)))),
//!     ],
//! )
//! .expect("HandoverRequest is an S1AP message");
//! let bytes = s1ap::encode(&pdu)?;
//! assert_eq!(s1ap::decode(&bytes)?.message_name::<s1ap::S1ap>(), "HandoverRequest");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod gtpv1;
pub mod gtpv2;
pub mod makr;
pub mod s1ap;
pub mod x2ap;

use crate::ap::common::{
    BitId, BitStr, Ecgi, EnbId, GlobalEnbId, Int, KeyBits, OctetStr, PlmnIdentity, Tai,
    UeSecurityCapabilities,
};
use crate::ap::ExtensionAdditions;
use crate::security::Key256;
use crate::{KeyMaterial, Octets};
use std::net::IpAddr;

/// An APER INTEGER of any constraint from a number (the caller keeps it in range: the encoder
/// refuses a value outside the type's range).
///
/// ```
/// use keyhop_codec::ap::common::Int;
/// let id: Int<0, 4294967295, false> = keyhop_codec::build::int(7);
/// assert_eq!(id.0, 7);
/// ```
pub fn int<const LB: i64, const UB: i64, const EXT: bool>(v: impl Into<i64>) -> Int<LB, UB, EXT> {
    Int(v.into())
}

/// The PLMN identity value of `plmn`, three TBCD octets as on the wire (`[0x00, 0xf1, 0x10]` is
/// MCC 001, MNC 01).
///
/// ```
/// let p = keyhop_codec::build::plmn([0x00, 0xf1, 0x10]);
/// assert_eq!(p.as_bytes(), &[0x00, 0xf1, 0x10]);
/// ```
pub fn plmn(plmn: [u8; 3]) -> PlmnIdentity<'static> {
    OctetStr(Octets::owned(plmn.to_vec()))
}

/// The TAI (TS 36.413 9.2.3.16) of tracking area `tac` in `plmn`.
///
/// ```
/// use keyhop_codec::s1ap::S1apIe;
/// let t = keyhop_codec::build::tai::<S1apIe>([0x00, 0xf1, 0x10], 0x0007);
/// assert_eq!(t.tac.as_bytes(), &[0x00, 0x07]);
/// ```
pub fn tai<X>(plmn: [u8; 3], tac: u16) -> Tai<'static, X> {
    Tai {
        plmn_identity: self::plmn(plmn),
        tac: OctetStr(Octets::owned(tac.to_be_bytes().to_vec())),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// The E-UTRAN CGI (TS 36.413 9.2.1.38) of the cell with 28-bit identity `eci` in `plmn` (a
/// macro eNB's cells are `eNB-ID << 8 | cell`).
///
/// ```
/// use keyhop_codec::s1ap::S1apIe;
/// let c = keyhop_codec::build::ecgi::<S1apIe>([0x00, 0xf1, 0x10], 0x1a2b301);
/// assert_eq!(c.cell_id.0, 0x1a2b301);
/// ```
pub fn ecgi<X>(plmn: [u8; 3], eci: u32) -> Ecgi<'static, X> {
    Ecgi {
        plmn_identity: self::plmn(plmn),
        cell_id: BitId(u64::from(eci)),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// The Global eNB ID (TS 36.413 9.2.1.37) of the macro eNB `enb_id` (20 bits) in `plmn`.
///
/// ```
/// use keyhop_codec::ap::common::EnbId;
/// use keyhop_codec::s1ap::S1apIe;
/// let g = keyhop_codec::build::macro_enb_id::<S1apIe>([0x00, 0xf1, 0x10], 0x1a2b3);
/// assert!(matches!(g.enb_id, EnbId::Macro(id) if id.0 == 0x1a2b3));
/// ```
pub fn macro_enb_id<X>(plmn: [u8; 3], enb_id: u32) -> GlobalEnbId<'static, X> {
    GlobalEnbId {
        plmn_identity: self::plmn(plmn),
        enb_id: EnbId::Macro(BitId(u64::from(enb_id))),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// UE Security Capabilities (TS 36.413 9.2.1.40): the 16-bit EEA and EIA bitmaps, bit 1 the
/// leftmost (`0xc000` is 128-EEA1 and 128-EEA2).
///
/// ```
/// use keyhop_codec::s1ap::S1apIe;
/// let c = keyhop_codec::build::ue_security_capabilities::<S1apIe>(0xc000, 0xc000);
/// assert_eq!(c.encryption_algorithms.value.as_bytes(), &[0xc0, 0x00]);
/// ```
pub fn ue_security_capabilities<X>(eea: u16, eia: u16) -> UeSecurityCapabilities<'static, X> {
    let algs = |bitmap: u16| BitStr {
        bits: 16,
        value: Octets::owned(bitmap.to_be_bytes().to_vec()),
    };
    UeSecurityCapabilities {
        encryption_algorithms: algs(eea),
        integrity_protection_algorithms: algs(eia),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// A Transport Layer Address (TS 36.414 / 36.424): 32 bits for IPv4, 128 for IPv6.
///
/// ```
/// let a = keyhop_codec::build::transport_address("10.0.0.1".parse().unwrap());
/// assert_eq!((a.bits, a.value.as_bytes()), (32, &[10, 0, 0, 1][..]));
/// ```
pub fn transport_address(ip: IpAddr) -> BitStr<'static, 1, 160, true> {
    let v = match ip {
        IpAddr::V4(a) => a.octets().to_vec(),
        IpAddr::V6(a) => a.octets().to_vec(),
    };
    BitStr {
        bits: v.len() * 8,
        value: Octets::owned(v),
    }
}

/// A GTP-TEID value (four octets, big-endian).
///
/// ```
/// assert_eq!(keyhop_codec::build::teid(0x0102_0304).as_bytes(), &[1, 2, 3, 4]);
/// ```
pub fn teid(t: u32) -> OctetStr<'static, 4, 4, false> {
    OctetStr(Octets::owned(t.to_be_bytes().to_vec()))
}

/// A 256-bit key as the KeyBits of SecurityKey, NH or key-eNodeB-star (redacted when printed).
///
/// ```
/// use keyhop_codec::security::Key256;
/// let k = keyhop_codec::build::key_bits(&Key256::new([7; 32]));
/// assert_eq!(k.0.expose(), &[7; 32]);
/// ```
pub fn key_bits(k: &Key256) -> KeyBits<'static, 256> {
    KeyBits(k.to_key_material())
}

/// 256 zero bits: the key-eNodeB-star of a key-refresh (MAKR) handover, whose KeNB travels
/// wrapped instead (key-refresh.md section 1).
///
/// ```
/// assert_eq!(keyhop_codec::build::zero_key_bits().0.expose(), &[0; 32]);
/// ```
pub fn zero_key_bits() -> KeyBits<'static, 256> {
    KeyBits(KeyMaterial::owned(vec![0; 32]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s1ap::{self, id, S1apIe};
    use crate::x2ap::{self, X2apIe};

    /// A value listed under another IE's id would not decode back to itself: refused.
    #[test]
    fn a_value_under_another_id_is_refused() {
        let v = super::s1ap::ie(S1apIe::MmeUeS1apId(int(1)));
        assert!(super::s1ap::message("HandoverNotify", vec![(id::ENB_UE_S1AP_ID, v)]).is_none());
        let x = super::x2ap::ie(X2apIe::NewEnbUeX2apId(int(1)));
        assert!(
            super::x2ap::message("UEContextRelease", vec![(x2ap::id::OLD_ENB_UE_X2AP_ID, x)])
                .is_none()
        );
    }

    /// Each IE takes the criticality the message's ASN.1 gives it, and the procedure's.
    #[test]
    fn criticalities_come_from_the_tables() {
        let pdu = super::s1ap::message("HandoverNotify", super::s1ap::ue_ids(1, 2)).unwrap();
        let spec = s1ap::message_ies("HandoverNotify").unwrap();
        for ie in &pdu.ies().unwrap().items {
            let want = spec.iter().find(|s| s.0 == ie.id).unwrap().1;
            assert_eq!(ie.criticality, want, "IE {}", ie.id);
        }
        assert_eq!(
            Some(pdu.criticality),
            s1ap::procedure_criticality(pdu.procedure_code)
        );
    }

    /// The Source eNB to Target eNB container reads back field by field as TS 36.413 9.2.1.56
    /// lays it out: the RRC container, the target ECGI, one E-UTRAN cell of UE history (the
    /// source ECGI, medium, the time stayed capped at 4095 s) and nothing after.
    #[test]
    fn source_to_target_container_reads_back() {
        use crate::ap::common::Aper;
        use crate::per::{Index, PerReader, SizeConstraint};
        let rrc = [0x0a, 0x10, 0x22];
        let plmn = [0x00, 0xf1, 0x10];
        let b = super::s1ap::source_to_target_container(&rrc, plmn, 0x1a2b301, 0x1a2b401, 9000)
            .unwrap();
        let mut r = PerReader::new(&b, crate::Protocol::S1ap);
        r.sequence_preamble(true, 3).unwrap();
        assert_eq!(
            &*r.octet_string(SizeConstraint::unconstrained()).unwrap(),
            &rrc
        );
        let target = Ecgi::<S1apIe>::decode(&mut r).unwrap();
        assert_eq!(
            (target.cell_id.0, target.plmn_identity.as_bytes()),
            (0x1a2b301, &plmn[..])
        );
        assert_eq!(r.sequence_of_len(SizeConstraint::range(1, 16)).unwrap(), 1);
        assert_eq!(r.choice(3, true).unwrap(), Index::Root(0));
        r.sequence_preamble(true, 1).unwrap();
        assert_eq!(Ecgi::<S1apIe>::decode(&mut r).unwrap().cell_id.0, 0x1a2b401);
        r.sequence_preamble(true, 1).unwrap();
        assert_eq!(r.enumerated(4, true).unwrap(), Index::Root(2));
        assert_eq!(r.constrained_whole(0, 4095).unwrap(), 4095);
        assert!(r.remaining_bits() < 8, "{} bits left", r.remaining_bits());
    }
}
