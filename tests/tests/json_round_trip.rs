//! JSON back to wire (`keyhop_codec::json::encode`): every S1AP, X2AP and GTPv2-C message (MAKR
//! private IEs and IE 60004, piggybacked GTPv2 messages, MM Contexts among them) of every sample,
//! violation sample and shared capture, decoded to its JSON with keys and raw octets shown,
//! encodes to the octets it came from; an edited value is what gets encoded; a redacted value is
//! an error naming its field. NAS likewise: every NAS-PDU those S1AP messages carry, from its
//! `nas` JSON object (the record's array, and the direction-free one of `keyhop.nas.decode`).

use keyhop::capture::{AppProto, CaptureReader};
use keyhop_codec::json;
use keyhop_codec::redact::{show_keys, show_raw};
use keyhop_tests::{captures_in, optional_shared_captures, root, sample, sample_captures};
use std::collections::BTreeMap;
use std::path::Path;

/// The protocol name [`json::encode`] takes for a payload.
fn proto(app: AppProto) -> &'static str {
    match app {
        AppProto::S1ap => "s1ap",
        AppProto::X2ap => "x2ap",
        AppProto::Gtpv2c => "gtpv2",
        AppProto::Gtpv1c => "gtpv1",
    }
}

/// The JSON text keyhop's decoders give (docs/json.md), keys and raw octets shown.
fn decode_json(app: AppProto, data: &[u8]) -> Option<String> {
    let _k = show_keys(true);
    let _r = show_raw(true);
    let d = keyhop::decoded::Decoded::decode(app, data).ok()?;
    Some(serde_json::to_string(&d).unwrap())
}

/// Round-trips every message of `capture` that keyhop decodes; counts by protocol.
fn round_trip(capture: &Path, counts: &mut BTreeMap<&'static str, u64>) {
    let name = capture.display().to_string();
    let mut r = CaptureReader::open(capture).unwrap_or_else(|e| panic!("{name}: {e}"));
    while let Some(frame) = r.next_frame() {
        let Ok(frame) = frame else { break };
        for p in frame.payloads() {
            let Some(text) = decode_json(p.app, p.data) else {
                continue;
            };
            let proto = proto(p.app);
            let out = json::encode(proto, &text)
                .unwrap_or_else(|e| panic!("{name} frame {}: {e}\n{text}", frame.number));
            // Octets after a GTP message (noted, as tshark accepts them) are not part of it.
            let want = if text.contains("\"notes\"") && proto == "gtpv2" {
                let m = keyhop_codec::gtpv2::decode(p.data).unwrap();
                keyhop_codec::gtpv2::encode(&m).unwrap()
            } else if text.contains("\"notes\"") && proto == "gtpv1" {
                let (m, _) = keyhop_codec::gtpv1::Message::parse_with_notes(p.data).unwrap();
                keyhop_codec::gtpv1::encode(&m).unwrap()
            } else {
                p.data.to_vec()
            };
            assert!(
                out == want,
                "{name} frame {}: {proto} does not encode back byte-exact\n{text}\n{}\n{}",
                frame.number,
                hex::encode(p.data),
                hex::encode(&out)
            );
            *counts.entry(proto).or_default() += 1;
        }
    }
}

#[test]
fn every_sample_s1ap_x2ap_message_encodes_back_from_its_json() {
    let mut counts = BTreeMap::new();
    for c in sample_captures()
        .iter()
        .chain(&captures_in(&root().join("samples/violations")))
    {
        round_trip(c, &mut counts);
    }
    // All three took part (683 S1AP, 196 X2AP and 62 GTPv2 messages when written).
    for p in ["s1ap", "x2ap"] {
        assert!(counts.get(p).copied().unwrap_or(0) > 100, "{p}: {counts:?}");
    }
    assert!(counts.get("gtpv2").copied().unwrap_or(0) > 50, "{counts:?}");
    assert!(counts.get("gtpv1").copied().unwrap_or(0) > 0, "{counts:?}");
}

#[test]
fn every_shared_capture_s1ap_x2ap_message_encodes_back_from_its_json() {
    let Some(dir) = optional_shared_captures("S1AP/X2AP JSON round trips") else {
        return;
    };
    let mut counts = BTreeMap::new();
    for f in &captures_in(&dir) {
        round_trip(f, &mut counts);
    }
    assert!(counts.get("s1ap").copied().unwrap_or(0) > 100, "{counts:?}");
    assert!(counts.get("x2ap").copied().unwrap_or(0) > 0, "{counts:?}");
    // 134 GTPv2-C messages when written.
    assert!(
        counts.get("gtpv2").copied().unwrap_or(0) > 100,
        "{counts:?}"
    );
}

/// The HandoverRequest of the S1 sample, as JSON with keys shown.
fn handover_request() -> (Vec<u8>, serde_json::Value) {
    let mut r = CaptureReader::open(sample("s1-handover.pcapng")).unwrap();
    while let Some(frame) = r.next_frame() {
        let frame = frame.unwrap();
        for p in frame.payloads() {
            if p.app != AppProto::S1ap {
                continue;
            }
            let text = decode_json(p.app, p.data).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            if v["message"] == "HandoverRequest" {
                return (p.data.to_vec(), v);
            }
        }
    }
    panic!("no HandoverRequest in the S1 sample")
}

#[test]
fn an_edited_value_is_what_gets_encoded() {
    let (wire, mut v) = handover_request();
    let ncc = v["security_context"]["next_hop_chaining_count"]
        .as_i64()
        .unwrap();
    let new = (ncc + 3) % 8;
    v["security_context"]["next_hop_chaining_count"] = new.into();
    let out = json::encode_value("s1ap", &v).unwrap();
    assert_ne!(out, wire);
    let pdu = keyhop_codec::s1ap::decode(&out).unwrap();
    assert_eq!(
        pdu.security_context().unwrap().next_hop_chaining_count.0,
        new
    );
    // Nothing else changed: the same PDU with the NCC set back encodes to the original.
    let mut back = pdu.clone();
    back.security_context_mut()
        .unwrap()
        .next_hop_chaining_count
        .0 = ncc;
    assert_eq!(keyhop_codec::s1ap::encode(&back).unwrap(), wire);
}

#[test]
fn bad_values_are_errors_naming_protocol_and_field() {
    let (_, v) = handover_request();
    let mut bad = v.clone();
    bad["security_context"]["next_hop_chaining_count"] = 8.into();
    let e = json::encode_value("s1ap", &bad).unwrap_err();
    assert_eq!(
        e.to_string(),
        "s1ap: security_context.next_hop_chaining_count: expected 0..=7"
    );
    // A fingerprint in place of the NH: named, and the error holds no octets.
    let mut red = v.clone();
    let nh = red["security_context"]["next_hop_parameter"]
        .as_str()
        .unwrap()
        .to_string();
    red["security_context"]["next_hop_parameter"] = "fp:0011aabb".into();
    let e = json::encode_value("s1ap", &red).unwrap_err().to_string();
    assert!(
        e.starts_with("s1ap: security_context.next_hop_parameter: value is redacted"),
        "{e}"
    );
    assert!(!e.contains(&nh[..8]));
    // The redacted output of a plain decode (no show_keys) cannot be encoded either.
    let (wire, _) = handover_request();
    let plain = serde_json::to_string(&keyhop_codec::s1ap::to_json(
        &keyhop_codec::s1ap::decode(&wire).unwrap(),
    ))
    .unwrap();
    let e = json::encode("s1ap", &plain).unwrap_err().to_string();
    assert!(e.contains("redacted"), "{e}");
    // An unknown IE name, a typo in a field and an unknown protocol.
    let mut typo = v.clone();
    typo["security_contxt"] = typo["security_context"].clone();
    assert_eq!(
        json::encode_value("s1ap", &typo).unwrap_err().to_string(),
        "s1ap: security_contxt: unknown IE"
    );
    let mut typo = v.clone();
    typo["security_context"]["ncc"] = 1.into();
    assert_eq!(
        json::encode_value("s1ap", &typo).unwrap_err().to_string(),
        "s1ap: security_context.ncc: unknown field"
    );
    assert!(json::encode("s1a", "{}")
        .unwrap_err()
        .to_string()
        .starts_with("s1a: unknown protocol"));
    assert!(json::encode("s1ap", "{")
        .unwrap_err()
        .to_string()
        .starts_with("s1ap: not JSON"));
}

#[test]
fn layout_keeps_order_criticality_and_repeats() {
    // A HandoverNotify with its IEs in a non-ASN.1 order, a criticality that is not the
    // table's, and a repeated IE: the JSON shows ie_layout and encodes back exactly.
    use keyhop_codec::ap::{Criticality, IeList};
    let wire = hex::decode(concat!(
        "00024027000004000000034001000008000340458a006440080000f1101a2b20100043",
        "40060000f1100001",
    ))
    .unwrap();
    let mut pdu = keyhop_codec::s1ap::decode(&wire).unwrap();
    let ies: &mut IeList<'_, _> = pdu.ies_mut().unwrap();
    ies.items.swap(0, 3);
    ies.items[1].criticality = Criticality::Notify;
    let again = ies.items[2].clone();
    ies.items.push(again);
    let odd = keyhop_codec::s1ap::encode(&pdu).unwrap();
    let text = decode_json(AppProto::S1ap, &odd).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["ie_layout"].as_array().unwrap().len(), 5, "{text}");
    assert_eq!(json::encode("s1ap", &text).unwrap(), odd);
    // The wire order of the sample itself needs no layout.
    let text = decode_json(AppProto::S1ap, &wire).unwrap();
    assert!(!text.contains("ie_layout"), "{text}");
}

/// The bare MAKR values of samples/x2-makr.pcapng: (type as `makr:<Type>` names it, APER,
/// JSON with keys shown, frame number).
fn makr_values() -> Vec<(&'static str, Vec<u8>, String, u64)> {
    use keyhop_codec::makr::{MakrPrivateIe, MakrType};
    let mut r = CaptureReader::open(sample("x2-makr.pcapng")).unwrap();
    let mut out = Vec::new();
    let _k = show_keys(true);
    let _r = show_raw(true);
    while let Some(frame) = r.next_frame() {
        let frame = frame.unwrap();
        for p in frame.payloads() {
            let (ty, wire, text) = match p.app {
                AppProto::S1ap => {
                    let Ok(pdu) = keyhop_codec::makr::decode(p.data) else {
                        continue;
                    };
                    match MakrPrivateIe::from_pdu(&pdu).unwrap() {
                        MakrPrivateIe::KeyDistribution(v) => (
                            "KeyDistribution",
                            v.to_aper().unwrap(),
                            serde_json::to_string(v),
                        ),
                        MakrPrivateIe::NeighbourKeyRequest(v) => (
                            "NeighbourKeyRequest",
                            v.to_aper().unwrap(),
                            serde_json::to_string(v),
                        ),
                        MakrPrivateIe::NeighbourKeyResponse(v) => (
                            "NeighbourKeyResponse",
                            v.to_aper().unwrap(),
                            serde_json::to_string(v),
                        ),
                    }
                }
                AppProto::X2ap => {
                    let pdu = keyhop_codec::x2ap::decode(p.data).unwrap();
                    let Some(keyhop_codec::x2ap::X2apIe::WrappedKenb(v)) = pdu
                        .ies()
                        .and_then(|i| i.get(keyhop_codec::x2ap::id::WRAPPED_KENB))
                    else {
                        continue;
                    };
                    (
                        "WrappedKeNB",
                        v.to_aper().unwrap(),
                        serde_json::to_string(&**v),
                    )
                }
                _ => continue,
            };
            out.push((ty, wire, text.unwrap(), frame.number));
        }
    }
    out
}

#[test]
fn bare_makr_types_encode_back_from_their_json() {
    let mut seen = BTreeMap::new();
    for (ty, wire, text, frame) in makr_values() {
        let out = json::encode(&format!("makr:{ty}"), &text).unwrap();
        assert_eq!(out, wire, "frame {frame} {ty}");
        *seen.entry(ty).or_insert(0) += 1;
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
}

/// The MAKR readers hold the bounds of key-refresh.md section 2 (key and wrapped key sizes,
/// integer ranges, list sizes): a value past one is an error naming the field, never octets.
#[test]
fn makr_values_out_of_bounds_are_errors_naming_the_field() {
    use serde_json::{json, Value};
    let values = makr_values();
    let first = |ty: &str| -> Value {
        let (_, _, text, _) = values.iter().find(|(t, ..)| *t == ty).unwrap();
        serde_json::from_str(text).unwrap()
    };
    let err = |ty: &str, v: &Value| {
        json::encode_value(&format!("makr:{ty}"), v)
            .unwrap_err()
            .to_string()
    };
    let hex = |n: usize| "ab".repeat(n);

    let kd = first("KeyDistribution");
    let key = kd["keys"][0]["mme_enb_key"].as_str().unwrap().to_string();
    for (n, ok) in [(15, false), (16, true), (32, true), (33, false)] {
        let mut v = kd.clone();
        v["keys"][0]["mme_enb_key"] = hex(n).into();
        match json::encode_value("makr:KeyDistribution", &v) {
            Ok(_) => assert!(ok, "{n} octets encoded"),
            Err(e) => {
                assert!(!ok, "{n} octets: {e}");
                assert_eq!(
                    e.to_string(),
                    "makr:KeyDistribution: keys[0].mme_enb_key: expected 16..=32 octets"
                );
            }
        }
    }
    let mut v = kd.clone();
    v["keys"][0]["key_id"] = 256.into();
    assert_eq!(
        err("KeyDistribution", &v),
        "makr:KeyDistribution: keys[0].key_id: expected 0..=255"
    );
    let mut v = kd.clone();
    v["keys"][0]["enb_identity"]["plmn_identity"] = hex(2).into();
    let e = err("KeyDistribution", &v);
    assert_eq!(
        e,
        "makr:KeyDistribution: keys[0].enb_identity.plmn_identity: expected 3 octets"
    );
    let mut v = kd.clone();
    v["keys"][0]["enb_identity"]["enb_id"] = json!({"macro_enb_id": 1 << 20});
    assert_eq!(
        err("KeyDistribution", &v),
        "makr:KeyDistribution: keys[0].enb_identity.enb_id.macro_enb_id: expected 0..=1048575"
    );
    let mut v = kd.clone();
    v["keys"] = json!([]);
    assert_eq!(
        err("KeyDistribution", &v),
        "makr:KeyDistribution: keys: 0 items, expected 1..=256"
    );
    let mut v = kd.clone();
    v.as_object_mut().unwrap().remove("keys");
    assert_eq!(
        err("KeyDistribution", &v),
        "makr:KeyDistribution: keys: missing"
    );
    let mut v = kd.clone();
    v["keys"][0]["mme_enb_key"] = format!("{key}0").into();
    let e = err("KeyDistribution", &v);
    assert_eq!(
        e,
        "makr:KeyDistribution: keys[0].mme_enb_key: expected hex octets"
    );
    assert!(!e.contains(&key[..8]));

    let req = first("NeighbourKeyRequest");
    let mut v = req.clone();
    v["mme_ue_s1ap_id"] = (1u64 << 32).into();
    assert_eq!(
        err("NeighbourKeyRequest", &v),
        "makr:NeighbourKeyRequest: mme_ue_s1ap_id: expected 0..=4294967295"
    );
    let mut v = req.clone();
    v.as_object_mut().unwrap().remove("enb_ue_s1ap_id");
    assert_eq!(
        err("NeighbourKeyRequest", &v),
        "makr:NeighbourKeyRequest: enb_ue_s1ap_id: missing"
    );
    let mut v = req.clone();
    let n = v["neighbours"][0].clone();
    v["neighbours"] = Value::Array(vec![n; 65]);
    assert_eq!(
        err("NeighbourKeyRequest", &v),
        "makr:NeighbourKeyRequest: neighbours: 65 items, expected 1..=64"
    );

    let resp = first("NeighbourKeyResponse");
    let mut v = resp.clone();
    v["refresh_counter"] = 65536.into();
    assert_eq!(
        err("NeighbourKeyResponse", &v),
        "makr:NeighbourKeyResponse: refresh_counter: expected 0..=65535"
    );
    for (n, ok) in [(15, false), (16, true), (64, true), (65, false)] {
        let mut v = resp.clone();
        v["wrapped_keys"][0]["wrapped_kenb"] = hex(n).into();
        match json::encode_value("makr:NeighbourKeyResponse", &v) {
            Ok(_) => assert!(ok, "{n} octets encoded"),
            Err(e) => {
                assert!(!ok, "{n} octets: {e}");
                assert_eq!(
                    e.to_string(),
                    "makr:NeighbourKeyResponse: wrapped_keys[0].wrapped_kenb: expected 16..=64 octets"
                );
            }
        }
    }

    let wk = first("WrappedKeNB");
    let mut v = wk.clone();
    v["key"]["key_id"] = (-1).into();
    assert_eq!(
        err("WrappedKeNB", &v),
        "makr:WrappedKeNB: key.key_id: expected a non-negative integer"
    );
}

/// The messages of `app` in the samples (whole UDP payloads).
fn sample_messages(app: AppProto) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for c in sample_captures()
        .iter()
        .chain(&captures_in(&root().join("samples/violations")))
    {
        let mut r = CaptureReader::open(c).unwrap();
        while let Some(frame) = r.next_frame() {
            let Ok(frame) = frame else { break };
            for p in frame.payloads() {
                if p.app == app {
                    out.push(p.data.to_vec());
                }
            }
        }
    }
    out
}

fn gtpv2_messages() -> Vec<Vec<u8>> {
    sample_messages(AppProto::Gtpv2c)
}

/// Every single-bit flip of one message of each message type of `app` that still decodes
/// encodes back from its JSON to what the codec encodes of the flipped message (`reencode`:
/// less octets after the message, which are not part of it), and none panics. Returns the
/// message types seen.
fn bit_flips_encode_back(
    app: AppProto,
    proto: &str,
    reencode: fn(&[u8]) -> Vec<u8>,
) -> std::collections::BTreeSet<u8> {
    let mut seen = std::collections::BTreeSet::new();
    let (mut checked, mut decoded) = (0u64, 0u64);
    for m in sample_messages(app) {
        if !seen.insert(m[1]) {
            continue;
        }
        for i in 0..m.len() {
            for bit in 0..8 {
                let mut b = m.clone();
                b[i] ^= 1 << bit;
                checked += 1;
                let Some(text) = decode_json(app, &b) else {
                    continue;
                };
                decoded += 1;
                let want = reencode(&b);
                let out = json::encode(proto, &text)
                    .unwrap_or_else(|e| panic!("octet {i} bit {bit}: {e}\n{text}"));
                assert_eq!(
                    hex::encode(&out),
                    hex::encode(&want),
                    "octet {i} bit {bit}\n{text}"
                );
            }
        }
    }
    // Most flips keep a decodable message.
    assert!(decoded > checked / 2, "{decoded} of {checked}");
    seen
}

/// Spare bits and odd values the samples do not have: every single-bit flip of one message of
/// each GTPv2 message type that still decodes encodes back from its JSON to the flipped octets
/// (less octets after the message, which are not part of it), and none panics.
#[test]
fn gtpv2_bit_flips_encode_back_from_their_json() {
    bit_flips_encode_back(AppProto::Gtpv2c, "gtpv2", |b| {
        keyhop_codec::gtpv2::encode(&keyhop_codec::gtpv2::decode(b).unwrap()).unwrap()
    });
}

/// The first GTPv2 message of `name` in the samples, as JSON with keys and raw octets shown.
fn gtpv2_message(name: &str) -> (Vec<u8>, serde_json::Value) {
    for m in gtpv2_messages() {
        let text = decode_json(AppProto::Gtpv2c, &m).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        if v["message"] == name {
            return (m, v);
        }
    }
    panic!("no {name} in the samples")
}

#[test]
fn gtpv2_an_edited_f_teid_is_what_gets_encoded() {
    use keyhop_codec::gtpv2::{IeType, IeValue};
    let (wire, mut v) = gtpv2_message("CreateSessionRequest");
    let f = if v["f_teid"].is_array() {
        &mut v["f_teid"][0]
    } else {
        &mut v["f_teid"]
    };
    let old = f["teid"].as_u64().unwrap();
    let new = old ^ 0x5a5a_0001;
    f["teid"] = new.into();
    let seq = v["sequence"].as_u64().unwrap();
    v["sequence"] = ((seq + 0x10101) & 0xff_ffff).into();
    let out = json::encode_value("gtpv2", &v).unwrap();
    assert_eq!(out.len(), wire.len());
    let m = keyhop_codec::gtpv2::decode(&out).unwrap();
    let fteid = m
        .ies
        .iter()
        .find(|ie| ie.ie_type() == IeType::FTeid)
        .unwrap();
    let IeValue::FTeid(t) = &fteid.value else {
        panic!("not an F-TEID")
    };
    assert_eq!(u64::from(t.teid), new);
    assert_eq!(u64::from(m.sequence), (seq + 0x10101) & 0xff_ffff);
    // Only the TEID's 4 octets and the sequence number's 3 differ.
    let diff = wire.iter().zip(&out).filter(|(a, b)| a != b).count();
    assert!((1..=7).contains(&diff), "{diff} octets differ");
    if !keyhop_tests::interop_enabled() {
        return;
    }
    // pycrate reads the edit the same way.
    let o = keyhop_tests::interop_script("gtpv2_fteids.py", &[], &hex::encode(&out));
    assert!(o.status.success(), "{}", keyhop_tests::stderr(&o));
    let r: serde_json::Value = serde_json::from_str(keyhop_tests::stdout(&o).trim()).unwrap();
    assert_eq!(r["sequence"], (seq + 0x10101) & 0xff_ffff, "{r}");
    assert_eq!(r["fteids"][0]["teid"], new, "{r}");
    assert_eq!(r["reencodes"], true, "{r}");
}

#[test]
fn gtpv2_bad_values_are_errors_naming_the_field() {
    let (_, v) = gtpv2_message("ForwardRelocationRequest");
    let mut bad = v.clone();
    bad["mm_context"]["ksi"] = 8.into();
    assert_eq!(
        json::encode_value("gtpv2", &bad).unwrap_err().to_string(),
        "gtpv2: mm_context.ksi: expected 0..=7"
    );
    // A redacted KASME: named, no octets in the text.
    let mut red = v.clone();
    let kasme = red["mm_context"]["kasme"].as_str().unwrap().to_string();
    red["mm_context"]["kasme"] = "fp:0011aabb".into();
    let e = json::encode_value("gtpv2", &red).unwrap_err().to_string();
    assert!(
        e.starts_with("gtpv2: mm_context.kasme: value is redacted"),
        "{e}"
    );
    assert!(!e.contains(&kasme[..8]));
    // The plain output (keys not shown) is refused the same way.
    let (wire, _) = gtpv2_message("ForwardRelocationRequest");
    let plain = serde_json::to_string(&keyhop_codec::gtpv2::decode(&wire).unwrap()).unwrap();
    let e = json::encode("gtpv2", &plain).unwrap_err().to_string();
    assert!(e.contains("redacted"), "{e}");
    let mut typo = v.clone();
    typo["f_teidd"] = 1.into();
    assert_eq!(
        json::encode_value("gtpv2", &typo).unwrap_err().to_string(),
        "gtpv2: f_teidd: unknown IE name"
    );
    let mut order = v.clone();
    if order.get("ie_order").is_some() {
        order["ie_order"].as_array_mut().unwrap().pop();
        let e = json::encode_value("gtpv2", &order).unwrap_err().to_string();
        assert!(e.starts_with("gtpv2: ie_order: leaves out IEs of"), "{e}");
    }
}

fn gtpv1_messages() -> Vec<Vec<u8>> {
    sample_messages(AppProto::Gtpv1c)
}

/// Spare bits, header flags and odd values the samples do not have: every single-bit flip of
/// one message of each GTPv1 message type that still decodes encodes back from its JSON to the
/// flipped octets (less octets after the message, which are not part of it), and none panics.
#[test]
fn gtpv1_bit_flips_encode_back_from_their_json() {
    let seen = bit_flips_encode_back(AppProto::Gtpv1c, "gtpv1", |b| {
        let (msg, _) = keyhop_codec::gtpv1::Message::parse_with_notes(b).unwrap();
        keyhop_codec::gtpv1::encode(&msg).unwrap()
    });
    assert!(seen.len() >= 4, "{seen:?}");
}

#[test]
fn gtpv1_an_edited_teid_is_what_gets_encoded() {
    use keyhop_codec::gtpv1::Ie;
    let (wire, mut v) = gtpv1_messages()
        .into_iter()
        .find_map(|m| {
            let text = decode_json(AppProto::Gtpv1c, &m)?;
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            v["teid_control_plane"].is_u64().then_some((m, v))
        })
        .expect("a GTPv1 message with one TEID Control Plane in the samples");
    let old = v["teid_control_plane"].as_u64().unwrap();
    let new = old ^ 0x5a5a_0001;
    v["teid_control_plane"] = new.into();
    let out = json::encode_value("gtpv1", &v).unwrap();
    assert_eq!(out.len(), wire.len());
    let m = keyhop_codec::gtpv1::decode(&out).unwrap();
    let got = m.ies.iter().find_map(|ie| match ie {
        Ie::TeidControlPlane(t) => Some(u64::from(*t)),
        _ => None,
    });
    assert_eq!(got, Some(new));
    // Only the TEID's octets differ.
    let diff = wire.iter().zip(&out).filter(|(a, b)| a != b).count();
    assert!((1..=4).contains(&diff), "{diff} octets differ");
    // A redacted value is an error naming the field.
    v["teid_control_plane"] = "fp:0123abcd".into();
    let e = json::encode_value("gtpv1", &v).unwrap_err().to_string();
    assert_eq!(
        e,
        "gtpv1: teid_control_plane: expected an integer, found a string"
    );
}

/// `ie_order` of both GTP versions: IEs of one name split by another come back in wire order,
/// and an `ie_order` that names an IE the message lacks, more IEs than it has, or leaves one
/// out is an error naming it.
#[test]
fn gtp_ie_order_keeps_the_wire_order_and_checks_its_names() {
    use keyhop_codec::gtpv2;
    // GTPv1 Echo Request: NSAPI 5, Recovery 7, NSAPI 6 (TV IEs 20 and 14).
    let v1 = vec![
        0x32, 0x01, 0x00, 0x0a, 0, 0, 0, 0, 0x00, 0x01, 0, 0, 20, 0x05, 14, 7, 20, 0x06,
    ];
    // GTPv2 Create Session Request: EBI 5, Recovery 7, EBI 6.
    let mut m = gtpv2::Gtpv2Message::new(gtpv2::MessageType::from_u8(32), 7);
    m.teid = Some(0);
    for v in [
        gtpv2::IeValue::Ebi(5),
        gtpv2::IeValue::Recovery(7),
        gtpv2::IeValue::Ebi(6),
    ] {
        m.ies.push(gtpv2::Ie::new(v));
    }
    let v2 = m.emit().unwrap();
    for (app, wire, ie, what) in [
        (AppProto::Gtpv1c, v1, "nsapi", "message"),
        (AppProto::Gtpv2c, v2, "ebi", "object"),
    ] {
        let p = proto(app);
        let v: serde_json::Value = serde_json::from_str(&decode_json(app, &wire).unwrap()).unwrap();
        assert_eq!(
            v["ie_order"],
            serde_json::json!([ie, "recovery", ie]),
            "{p}: {v}"
        );
        assert_eq!(json::encode_value(p, &v).unwrap(), wire, "{p}");
        let err = |order: serde_json::Value| {
            let mut bad = v.clone();
            bad["ie_order"] = order;
            json::encode_value(p, &bad).unwrap_err().to_string()
        };
        assert_eq!(
            err(serde_json::json!([ie, "recovery", ie, "teid"])),
            format!("{p}: ie_order[3]: names no IE of this {what}")
        );
        assert_eq!(
            err(serde_json::json!([ie, "recovery", ie, ie])),
            format!("{p}: ie_order[3]: names more IEs than the {what} has")
        );
        assert_eq!(
            err(serde_json::json!([ie, "recovery"])),
            format!("{p}: ie_order: leaves out IEs of {ie}: list every IE or drop ie_order")
        );
        assert_eq!(
            err(serde_json::json!("nsapi")),
            format!("{p}: ie_order: expected an array of IE names")
        );
    }
}

/// A PrivateMessage with `ie_layout`: what the layout lists is encoded, and a private IE it
/// leaves out (or a repeat beyond what it lists) is an error, not dropped from the octets.
#[test]
fn private_message_layout_leaves_nothing_out() {
    use serde_json::json;
    let mut r = CaptureReader::open(sample("x2-makr.pcapng")).unwrap();
    let mut found = None;
    while let Some(frame) = r.next_frame() {
        let frame = frame.unwrap();
        if let Some(p) = frame
            .payloads()
            .into_iter()
            .find(|p| p.app == AppProto::S1ap && keyhop_codec::makr::decode(p.data).is_ok())
        {
            found = Some(p.data.to_vec());
            break;
        }
    }
    let wire = found.expect("a MAKR PrivateMessage in samples/x2-makr.pcapng");
    let v: serde_json::Value =
        serde_json::from_str(&decode_json(AppProto::S1ap, &wire).unwrap()).unwrap();
    assert_eq!(v["message"], "PrivateMessage", "{v}");
    assert_eq!(json::encode_value("s1ap", &v).unwrap(), wire);
    let raw = json!({"criticality": "ignore", "value": "00"});
    // Listed in ie_layout, with a raw private IE after the typed one: both encoded, in order.
    let mut both = v.clone();
    both["ie_layout"] =
        json!([{"id": 60001, "criticality": "reject"}, {"id": 7, "criticality": "ignore"}]);
    both["ie_7"] = raw.clone();
    let out = json::encode_value("s1ap", &both).unwrap();
    assert!(
        out.len() > wire.len(),
        "the raw private IE is not in the octets"
    );
    // Present but not listed.
    let mut left_out = v.clone();
    left_out["ie_layout"] = json!([{"id": 60001, "criticality": "reject"}]);
    left_out["ie_7"] = raw.clone();
    assert_eq!(
        json::encode_value("s1ap", &left_out)
            .unwrap_err()
            .to_string(),
        "s1ap: ie_7: private IE not listed in ie_layout"
    );
    // More repeats than listed.
    let mut more = v.clone();
    more["ie_layout"] = json!([
        {"id": 60001, "criticality": "reject"},
        {"id": 7, "criticality": "ignore"},
        {"id": 7, "criticality": "ignore"}
    ]);
    more["ie_7"] = json!([raw.clone(), raw.clone(), raw.clone()]);
    assert_eq!(
        json::encode_value("s1ap", &more).unwrap_err().to_string(),
        "s1ap: ie_7: more values than ie_layout lists"
    );
    more["ie_7"] = json!([raw.clone(), raw.clone()]);
    json::encode_value("s1ap", &more).unwrap();
}

// ---------------------------------------------------------------------------------------------
// NAS

mod carried_nas;
use carried_nas::{nas_pdus, NasPdu};

/// One NAS-PDU: its `nas` object (as `keyhop read` prints it, direction known, and as Python's
/// `keyhop.nas.decode` gives it, direction unknown) encodes back to it, and so does the lossless
/// codec message.
fn nas_round_trip(at: &str, b: &[u8], up: Option<bool>) {
    for dir in [up, None] {
        // Printed with keys and raw octets shown; encoded as any caller would, without.
        let text = {
            let _k = show_keys(true);
            let _r = show_raw(true);
            serde_json::to_string(&keyhop_codec::nas::msg::NasView::of(b, dir)).unwrap()
        };
        let out = json::encode("nas", &text).unwrap_or_else(|e| panic!("{at}: {e}\n{text}"));
        assert!(
            out == b,
            "{at}: nas does not encode back byte-exact\n{text}\n{}\n{}",
            hex::encode(b),
            hex::encode(&out)
        );
    }
    match keyhop_codec::nas::decode_directed(b, up) {
        Ok(m) => assert_eq!(keyhop_codec::nas::encode(&m).unwrap(), b, "{at}"),
        Err(e) => {
            assert!(e.byte_offset() <= b.len() as u64, "{at}: {e}");
            assert!(e.to_string().starts_with("nas"), "{at}: {e}");
        }
    }
}

/// The records' `nas` arrays (`keyhop read --format json`) encode back item by item.
fn nas_records_round_trip(at: &str, s1ap: &[u8], pdus: &[(String, Vec<u8>)]) {
    let v = {
        let _k = show_keys(true);
        let _r = show_raw(true);
        let d = keyhop::decoded::Decoded::decode(AppProto::S1ap, s1ap).unwrap();
        let views = keyhop::analysis::nas_view::views(&d).expect("the message carries NAS");
        serde_json::to_value(&views).unwrap()
    };
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), pdus.len(), "{at}");
    for (obj, (item, b)) in items.iter().zip(pdus) {
        assert_eq!(obj["item"], item.as_str(), "{at}");
        let out = json::encode_value("nas", obj).unwrap_or_else(|e| panic!("{at}: {e}\n{obj}"));
        assert_eq!(out, *b, "{at}: {obj}");
    }
}

fn nas_captures(captures: &[std::path::PathBuf]) -> usize {
    let mut n = 0;
    for c in captures {
        let pdus = nas_pdus(c);
        for p in &pdus {
            nas_round_trip(&format!("{} {}", p.at, p.item), &p.bytes, p.uplink);
            n += 1;
        }
        // The NAS-PDUs of one S1AP message are adjacent: one record each.
        for group in pdus.chunk_by(|a, b| a.at == b.at && a.s1ap == b.s1ap) {
            let items: Vec<(String, Vec<u8>)> = group
                .iter()
                .map(|p| (p.item.clone(), p.bytes.clone()))
                .collect();
            nas_records_round_trip(&group[0].at, &group[0].s1ap, &items);
        }
    }
    n
}

#[test]
fn every_sample_nas_pdu_encodes_back_from_its_json() {
    let mut caps = sample_captures();
    caps.extend(captures_in(&root().join("samples/violations")));
    let n = nas_captures(&caps);
    eprintln!("{n} sample NAS-PDUs");
    // 211 NAS-PDUs when written.
    assert!(n > 100, "{n} NAS-PDUs");
}

#[test]
fn every_shared_capture_nas_pdu_encodes_back_from_its_json() {
    let Some(dir) = optional_shared_captures("NAS JSON round trips") else {
        return;
    };
    let n = nas_captures(&captures_in(&dir));
    eprintln!("{n} shared NAS-PDUs");
    // 181 NAS-PDUs when written.
    assert!(n > 100, "{n} NAS-PDUs");
}

/// Damaged copies of every sample NAS-PDU (every truncation, bit flips spread over it): no
/// panic; each either decodes and encodes back exactly (codec and JSON) or is an error with a
/// byte offset.
#[test]
fn damaged_nas_pdus_encode_back_or_fail_with_an_offset() {
    let mut seen = std::collections::BTreeSet::new();
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut damaged = 0u64;
    for c in sample_captures() {
        for NasPdu {
            at,
            item,
            bytes: b,
            uplink: up,
            ..
        } in nas_pdus(&c)
        {
            if !seen.insert(b.clone()) {
                continue;
            }
            let at = format!("{at} {item}");
            for n in 0..b.len() {
                nas_round_trip(&format!("{at} cut to {n}"), &b[..n], up);
                damaged += 1;
            }
            for _ in 0..32 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let bit = (x % (b.len() as u64 * 8)) as usize;
                let mut d = b.clone();
                d[bit / 8] ^= 1 << (bit % 8);
                nas_round_trip(&format!("{at} bit {bit} flipped"), &d, up);
                damaged += 1;
            }
        }
    }
    assert!(damaged > 1000, "{damaged}");
}

#[test]
fn an_edited_nas_value_is_what_gets_encoded_and_redacted_is_an_error() {
    // SECURITY MODE COMMAND of the samples' form: EEA0 / 128-EIA2, KSI 0.
    let b = hex::decode("37b2edaa9800075d020005f0f0c04060").unwrap();
    let mut v = serde_json::to_value(keyhop_codec::nas::msg::NasView::of(&b, Some(false))).unwrap();
    assert_eq!(json::encode_value("nas", &v).unwrap(), b);
    v["message"]["selected_nas_security_algorithms"] = "12".into();
    v["message"]["nas_key_set_identifier"]["ksi"] = 3.into();
    let out = json::encode_value("nas", &v).unwrap();
    assert_eq!(hex::encode(out), "37b2edaa9800075d120305f0f0c04060");
    // A ciphered message printed without --show-raw: its octets are a fingerprint.
    let c = hex::decode("27de7d0b04010102030405060708").unwrap();
    let text = serde_json::to_string(&keyhop_codec::nas::msg::NasView::of(&c, None)).unwrap();
    let e = json::encode("nas", &text).unwrap_err().to_string();
    assert!(
        e.starts_with("nas: message_octets: value is redacted"),
        "{e}"
    );
    assert!(!e.contains("0102030405"));
}
