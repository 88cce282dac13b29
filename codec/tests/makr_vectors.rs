//! Every `aper` vector of key-refresh-vectors.json: the APER hex decodes to the listed value and
//! the listed value encodes to the same hex; the S1AP PrivateMessage carrying it decodes and
//! re-encodes byte for byte, and the builder produces it from the value alone.

use keyhop_codec::ap::{
    ApProtocol, Body, Criticality, NoIes, Pdu, PduType, PrivateIeId, PrivateValue,
};
use keyhop_codec::makr::*;
use keyhop_codec::redact::{KeyMaterial, Octets};
use keyhop_codec::Protocol;
use serde_json::Value;

/// The S1AP facts the envelope needs (the s1ap module may not be merged in this branch).
struct S1;
impl ApProtocol for S1 {
    const PROTOCOL: Protocol = Protocol::S1ap;
    const PRIVATE_MESSAGE_CODE: u8 = 39;
    fn message_name(code: u8, t: PduType) -> Option<&'static str> {
        (code == 39 && t == PduType::InitiatingMessage).then_some("PrivateMessage")
    }
}
type S1Pdu<'a> = Pdu<'a, NoIes<S1>, MakrPrivateIe<'a>>;

fn vectors() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/key-refresh-vectors.json"
    ))
    .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["aper"].as_array().unwrap().clone()
}

fn octets(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn num(v: &Value) -> u64 {
    v.as_u64().unwrap()
}

// Builders from the vector file's JSON (ASN.1 component names), independent of keyhop's JSON.
fn enb(v: &Value) -> EnbIdentity<'static> {
    let plmn: [u8; 3] = octets(&v["plmn-Identity"]).try_into().unwrap();
    let (alt, id) = v["enb-ID"].as_object().unwrap().iter().next().unwrap();
    let value = num(&id["value"]) as u32;
    let bits = num(&id["bits"]);
    let enb_id = match alt.as_str() {
        "macroENB-ID" => EnbId::Macro(value),
        "homeENB-ID" => EnbId::Home(value),
        "short-macroENB-ID" => EnbId::ShortMacro(value),
        "long-macroENB-ID" => EnbId::LongMacro(value),
        other => panic!("alternative {other}"),
    };
    assert_eq!(enb_id.bits(), Some(bits as u32));
    EnbIdentity::new(plmn, enb_id)
}

fn kdf(v: &Value) -> KdfAlgorithm {
    match v.as_str().unwrap() {
        "aes-block" => KdfAlgorithm::AesBlock,
        "aes-cmac-ctr" => KdfAlgorithm::AesCmacCtr,
        o => panic!("kdf {o}"),
    }
}

fn wrap_alg(v: &Value) -> WrapAlgorithm {
    match v.as_str().unwrap() {
        "aes-ecb" => WrapAlgorithm::AesEcb,
        "aes-kw" => WrapAlgorithm::AesKw,
        "aes-ctr-cmac" => WrapAlgorithm::AesCtrCmac,
        o => panic!("wrap {o}"),
    }
}

fn wrapped_item(v: &Value) -> WrappedKeyItem<'static> {
    WrappedKeyItem {
        target_enb: enb(&v["target-eNB"]),
        key_id: num(&v["keyId"]) as u8,
        wrap_algorithm: wrap_alg(&v["wrapAlgorithm"]),
        wrapped_kenb: Octets::owned(octets(&v["wrappedKeNB"])),
        extensions: Default::default(),
    }
}

fn key_distribution(v: &Value) -> KeyDistribution<'static> {
    KeyDistribution {
        keys: v["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| KeyDistributionItem {
                enb_identity: enb(&k["enb-Identity"]),
                key_id: num(&k["keyId"]) as u8,
                mme_enb_key: KeyMaterial::owned(octets(&k["mme-eNB-Key"])),
                extensions: Default::default(),
            })
            .collect(),
        extensions: Default::default(),
    }
}

fn neighbour_request(v: &Value) -> NeighbourKeyRequest<'static> {
    NeighbourKeyRequest {
        mme_ue_s1ap_id: num(&v["mme-UE-S1AP-ID"]) as u32,
        enb_ue_s1ap_id: num(&v["enb-UE-S1AP-ID"]) as u32,
        serving_enb: enb(&v["serving-eNB"]),
        neighbours: v["neighbours"]
            .as_array()
            .unwrap()
            .iter()
            .map(enb)
            .collect(),
        extensions: Default::default(),
    }
}

fn neighbour_response(v: &Value) -> NeighbourKeyResponse<'static> {
    NeighbourKeyResponse {
        mme_ue_s1ap_id: num(&v["mme-UE-S1AP-ID"]) as u32,
        enb_ue_s1ap_id: num(&v["enb-UE-S1AP-ID"]) as u32,
        refresh_counter: num(&v["refreshCounter"]) as u16,
        kdf: kdf(&v["kdf"]),
        wrapped_keys: v["wrappedKeys"]
            .as_array()
            .unwrap()
            .iter()
            .map(wrapped_item)
            .collect(),
        extensions: Default::default(),
    }
}

fn wrapped_kenb(v: &Value) -> WrappedKeNB<'static> {
    WrappedKeNB {
        refresh_counter: num(&v["refreshCounter"]) as u16,
        kdf: kdf(&v["kdf"]),
        key: wrapped_item(&v["key"]),
        extensions: Default::default(),
    }
}

fn check<'a, T>(aper: &'a [u8], expected: &T)
where
    T: MakrType<'a> + PartialEq + std::fmt::Debug,
{
    let got = T::from_aper(aper).unwrap();
    assert_eq!(&got, expected);
    assert_eq!(expected.to_aper().unwrap(), aper);
    assert_eq!(got.to_aper().unwrap(), aper);
}

#[test]
fn every_aper_vector_decodes_and_encodes_exactly() {
    let mut seen = Vec::new();
    for v in vectors() {
        let ty = v["type"].as_str().unwrap().to_string();
        let aper = octets(&v["aper"]);
        let val = &v["value"];
        let private = match ty.as_str() {
            "KeyDistribution" => {
                let e = key_distribution(val);
                check(&aper, &e);
                for k in &e.keys {
                    assert_eq!(k.profile_problem(), None);
                }
                Some(MakrPrivateIe::from(e))
            }
            "NeighbourKeyRequest" => {
                let e = neighbour_request(val);
                check(&aper, &e);
                Some(e.into())
            }
            "NeighbourKeyResponse" => {
                let e = neighbour_response(val);
                check(&aper, &e);
                Some(e.into())
            }
            "WrappedKeNB" => {
                check(&aper, &wrapped_kenb(val));
                None
            }
            other => panic!("unexpected vector type {other}"),
        };
        if let Some(ie) = private {
            check_private_message(&v, ie);
        }
        seen.push(ty);
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "KeyDistribution",
            "NeighbourKeyRequest",
            "NeighbourKeyResponse",
            "WrappedKeNB"
        ]
    );
}

fn check_private_message(v: &Value, ie: MakrPrivateIe<'static>) {
    let pm = octets(&v["s1ap_private_message"]);
    let pdu = S1Pdu::decode::<S1>(&pm).unwrap();
    assert!(pdu.notes.is_empty(), "{:?}", pdu.notes);
    assert_eq!(pdu.pdu_type, Some(PduType::InitiatingMessage));
    assert_eq!(pdu.procedure_code, 39);
    assert_eq!(pdu.criticality, Criticality::Ignore);
    let Body::Private(m) = &pdu.body else {
        panic!("not a PrivateMessage")
    };
    assert_eq!(m.ies.len(), 1, "one private IE per message");
    assert_eq!(m.ies[0].id, PrivateIeId::Local(ie.id()));
    let expected_crit = if ie.id() == ID_KEY_DISTRIBUTION {
        Criticality::Reject
    } else {
        Criticality::Ignore
    };
    assert_eq!(m.ies[0].criticality, expected_crit);
    let PrivateValue::Typed(got) = &m.ies[0].value else {
        panic!("private IE {:?} not typed", m.ies[0].id)
    };
    assert_eq!(got, &ie);
    assert_eq!(MakrPrivateIe::from_pdu(&pdu), Some(&ie));
    assert_eq!(pdu.encode::<S1>().unwrap(), pm);
    // The builder alone makes the same octets.
    let built: S1Pdu<'static> = ie.into_s1ap_pdu();
    assert_eq!(built.encode::<S1>().unwrap(), pm);
}

#[test]
fn json_names_and_key_redaction() {
    let v = vectors();
    let kd = octets(&v[0]["aper"]);
    let d = KeyDistribution::from_aper(&kd).unwrap();
    let j = serde_json::to_value(&d).unwrap();
    let item = &j["keys"][0];
    assert_eq!(item["enb_identity"]["plmn_identity"], "00f110");
    assert_eq!(item["enb_identity"]["enb_id"]["macro_enb_id"], 107187);
    assert_eq!(item["key_id"], 0);
    let fp = item["mme_enb_key"].as_str().unwrap();
    assert!(fp.starts_with("fp:"), "{fp}");
    assert!(!j.to_string().contains("8f1e2d3c"), "key printed: {j}");
    {
        let _g = keyhop_codec::redact::show_keys(true);
        let j = serde_json::to_value(&d).unwrap();
        assert_eq!(
            j["keys"][0]["mme_enb_key"],
            "8f1e2d3c4b5a69788796a5b4c3d2e1f0"
        );
    }

    let resp = octets(&v[2]["aper"]);
    let r = NeighbourKeyResponse::from_aper(&resp).unwrap();
    let j = serde_json::to_value(&r).unwrap();
    assert_eq!(j["refresh_counter"], 7);
    assert_eq!(j["kdf"], "aes_cmac_ctr");
    assert_eq!(j["wrapped_keys"][0]["wrap_algorithm"], "aes_kw");
    assert_eq!(
        j["wrapped_keys"][1]["target_enb"]["enb_id"]["long_macro_enb_id"],
        1752286
    );
    // A wrapped key is not secret, but 40 raw octets print as length and fingerprint unless
    // --show-raw.
    const WRAPPED: &str =
        "22feab0123ee1dd1319db6c682f659ed326dff49bde1ff336b20ad2403991f3846b48d32c6fe42af";
    let fp = keyhop_codec::redact::fingerprint(&hex::decode(WRAPPED).unwrap());
    assert_eq!(
        j["wrapped_keys"][0]["wrapped_kenb"],
        format!("<40 octets {fp}>")
    );
    let _raw = keyhop_codec::redact::show_raw(true);
    let j = serde_json::to_value(&r).unwrap();
    assert_eq!(j["wrapped_keys"][0]["wrapped_kenb"], WRAPPED);
}
