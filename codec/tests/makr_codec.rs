//! MAKR codec properties: extension points survive byte for byte, constraints are errors with a
//! path and an offset, random values round-trip, damaged input never panics.

use keyhop_codec::ap::ExtensionAdditions;
use keyhop_codec::makr::*;
use keyhop_codec::redact::{KeyMaterial, Octets};
use keyhop_codec::ErrorKind;
use proptest::prelude::*;

const WRAPPED: &str = "0000074000f110001a2b30002c0022feab0123ee1dd1319db6c682f659ed326dff49bde1ff336b20ad2403991f3846b48d32c6fe42af";

#[test]
fn unknown_extension_values_and_additions_survive() {
    let b = hex::decode(WRAPPED).unwrap();
    let mut v = WrappedKeNB::from_aper(&b).unwrap();
    v.kdf = KdfAlgorithm::Unknown(3);
    v.key.wrap_algorithm = WrapAlgorithm::Unknown(0);
    v.key.target_enb.enb_id = EnbId::Unknown {
        index: 2,
        value: Octets::owned(vec![0xde, 0xad]),
    };
    v.extensions = ExtensionAdditions::new(vec![None, Some(Octets::owned(vec![0x11, 0x22]))]);
    v.key.target_enb.extensions = ExtensionAdditions::new(vec![Some(Octets::owned(vec![0x80]))]);
    let enc = v.to_aper().unwrap();
    let back = WrappedKeNB::from_aper(&enc).unwrap();
    assert_eq!(back, v);
    assert_eq!(back.to_aper().unwrap(), enc);
    let j = serde_json::to_value(&back).unwrap();
    assert_eq!(j["kdf"], "unknown(3)");
    assert_eq!(j["key"]["wrap_algorithm"], "unknown(0)");
    assert_eq!(j["key"]["target_enb"]["enb_id"]["unknown(2)"], "dead");
    assert_eq!(j["extension_additions"], serde_json::json!(["1122"]));
}

#[test]
fn size_constraints_are_decode_errors_profile_rules_are_not() {
    // A 24-octet mme-eNB-Key fits SIZE (16..32): decodes, and the profile rule flags it.
    let item = KeyDistributionItem {
        enb_identity: EnbIdentity::new([0, 0xf1, 0x10], EnbId::Home(0xabcdef)),
        key_id: 9,
        mme_enb_key: KeyMaterial::owned(vec![7; 24]),
        extensions: Default::default(),
    };
    let b = item.to_aper().unwrap();
    let back = KeyDistributionItem::from_aper(&b).unwrap();
    assert_eq!(back, item);
    assert!(back.profile_problem().unwrap().contains("24 octets"));
    // 33 octets is outside the ASN.1 constraint: cannot be encoded.
    let mut bad = item.clone();
    bad.mme_enb_key = KeyMaterial::owned(vec![7; 33]);
    let e = bad.to_aper().unwrap_err();
    assert_eq!(e.path, "mme_enb_key");
    // A wrapped key of 15 octets likewise.
    let wb = hex::decode(WRAPPED).unwrap();
    let mut w = WrappedKeNB::from_aper(&wb).unwrap();
    w.key.wrapped_kenb = Octets::owned(vec![0; 15]);
    assert_eq!(w.to_aper().unwrap_err().path, "key.wrapped_kenb");
}

#[test]
fn truncation_names_field_and_offset() {
    let b = hex::decode(WRAPPED).unwrap();
    // Cut inside the wrapped key octets (they start at octet 14, after a 6-bit length
    // that straddles octets 12 and 13).
    let e = WrappedKeNB::from_aper(&b[..20]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(e.path(), "key.wrapped_kenb");
    assert_eq!(e.byte_offset(), 14);
    // Cut inside the PLMN identity.
    let e = WrappedKeNB::from_aper(&b[..5]).unwrap_err();
    assert_eq!(e.path(), "key.target_enb.plmn_identity");
    for n in 0..b.len() {
        assert!(
            WrappedKeNB::from_aper(&b[..n]).is_err(),
            "prefix {n} decoded: {:?}",
            WrappedKeNB::from_aper(&b[..n])
        );
    }
}

#[test]
fn bit_flips_never_panic() {
    let b = hex::decode(WRAPPED).unwrap();
    for i in 0..b.len() * 8 {
        let mut c = b.clone();
        c[i / 8] ^= 0x80 >> (i % 8);
        if let Ok(v) = WrappedKeNB::from_aper(&c) {
            // Whatever decodes re-encodes and decodes to the same value.
            let again = v.to_aper().unwrap();
            assert_eq!(WrappedKeNB::from_aper(&again).unwrap(), v);
        }
    }
}

fn enb_id() -> impl Strategy<Value = EnbId<'static>> {
    prop_oneof![
        (0u32..1 << 20).prop_map(EnbId::Macro),
        (0u32..1 << 28).prop_map(EnbId::Home),
        (0u32..1 << 18).prop_map(EnbId::ShortMacro),
        (0u32..1 << 21).prop_map(EnbId::LongMacro),
        (2u32..70, proptest::collection::vec(any::<u8>(), 1..5)).prop_map(|(index, v)| {
            EnbId::Unknown {
                index,
                value: Octets::owned(v),
            }
        }),
    ]
}

fn additions() -> impl Strategy<Value = ExtensionAdditions<'static>> {
    prop_oneof![
        4 => Just(ExtensionAdditions::default()),
        1 => proptest::collection::vec(
            proptest::option::of(proptest::collection::vec(any::<u8>(), 1..4).prop_map(Octets::owned)),
            1..4
        )
        .prop_filter("the last addition of a bitmap may be absent too", |_| true)
        .prop_map(ExtensionAdditions::new),
    ]
}

fn identity() -> impl Strategy<Value = EnbIdentity<'static>> {
    (any::<[u8; 3]>(), enb_id(), additions()).prop_map(|(p, id, ext)| EnbIdentity {
        plmn_identity: p,
        enb_id: id,
        extensions: ext,
    })
}

fn kdf() -> impl Strategy<Value = KdfAlgorithm> {
    prop_oneof![
        Just(KdfAlgorithm::AesBlock),
        Just(KdfAlgorithm::AesCmacCtr),
        (0u32..100).prop_map(KdfAlgorithm::Unknown)
    ]
}

fn wrap() -> impl Strategy<Value = WrapAlgorithm> {
    prop_oneof![
        Just(WrapAlgorithm::AesEcb),
        Just(WrapAlgorithm::AesKw),
        Just(WrapAlgorithm::AesCtrCmac),
        (0u32..100).prop_map(WrapAlgorithm::Unknown)
    ]
}

fn wrapped_item() -> impl Strategy<Value = WrappedKeyItem<'static>> {
    (
        identity(),
        any::<u8>(),
        wrap(),
        proptest::collection::vec(any::<u8>(), 16..=64),
        additions(),
    )
        .prop_map(|(t, k, a, w, e)| WrappedKeyItem {
            target_enb: t,
            key_id: k,
            wrap_algorithm: a,
            wrapped_kenb: Octets::owned(w),
            extensions: e,
        })
}

macro_rules! round_trip {
    ($t:ty, $v:expr) => {{
        let buf = $v.to_aper().unwrap();
        let back = <$t>::from_aper(&buf).unwrap();
        assert_eq!(&back, &$v);
        assert_eq!(back.to_aper().unwrap(), buf);
    }};
}

proptest! {
    #[test]
    fn key_distribution_round_trips(
        items in proptest::collection::vec(
            (identity(), any::<u8>(), prop_oneof![Just(16usize), Just(32), 17usize..32], additions()),
            1..6),
        ext in additions())
    {
        let v = KeyDistribution {
            keys: items.into_iter().map(|(i, k, n, e)| KeyDistributionItem {
                enb_identity: i, key_id: k, mme_enb_key: KeyMaterial::owned(vec![k; n]), extensions: e,
            }).collect(),
            extensions: ext,
        };
        round_trip!(KeyDistribution, v);
    }

    #[test]
    fn neighbour_request_round_trips(m in any::<u32>(), e in 0u32..1 << 24, s in identity(),
        n in proptest::collection::vec(identity(), 1..8), ext in additions())
    {
        let v = NeighbourKeyRequest { mme_ue_s1ap_id: m, enb_ue_s1ap_id: e, serving_enb: s, neighbours: n, extensions: ext };
        round_trip!(NeighbourKeyRequest, v);
    }

    #[test]
    fn neighbour_response_round_trips(m in any::<u32>(), e in 0u32..1 << 24, c in any::<u16>(), k in kdf(),
        w in proptest::collection::vec(wrapped_item(), 1..5), ext in additions())
    {
        let v = NeighbourKeyResponse { mme_ue_s1ap_id: m, enb_ue_s1ap_id: e, refresh_counter: c, kdf: k, wrapped_keys: w, extensions: ext };
        round_trip!(NeighbourKeyResponse, v);
        let pdu: keyhop_codec::ap::Pdu<'_, keyhop_codec::ap::NoIes<keyhop_codec::s1ap::S1ap>, MakrPrivateIe<'_>> = MakrPrivateIe::from(v).into_s1ap_pdu();
        assert_eq!(pdu.procedure_code, S1AP_PRIVATE_MESSAGE);
    }

    #[test]
    fn wrapped_kenb_round_trips(c in any::<u16>(), k in kdf(), key in wrapped_item(), ext in additions()) {
        let v = WrappedKeNB { refresh_counter: c, kdf: k, key, extensions: ext };
        round_trip!(WrappedKeNB, v);
    }

    #[test]
    fn random_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..80)) {
        let _ = WrappedKeNB::from_aper(&b);
        let _ = NeighbourKeyResponse::from_aper(&b);
        let _ = NeighbourKeyRequest::from_aper(&b);
        let _ = KeyDistribution::from_aper(&b);
    }
}
