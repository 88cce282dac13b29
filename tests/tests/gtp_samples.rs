//! The GTP-C sample captures (`samples/s10-inter-mme-handover.pcapng`,
//! `samples/utran-lte-handover.pcapng`): every GTP message decodes and re-encodes to the same
//! octets, the security context values are those the generator derived, and `keyhop read`
//! links every request to its response.

use keyhop::capture::{AppProto, CaptureReader};
use keyhop_codec::gtpv1;
use keyhop_codec::gtpv2::{self, IeValue, MessageType};
use keyhop_codec::security::kdf;
use keyhop_tests::{keyhop, sample, stderr};
use serde_json::Value;

const CAPTURES: [&str; 2] = ["s10-inter-mme-handover.pcapng", "utran-lte-handover.pcapng"];

/// (frame, protocol, payload octets) of every GTP message of a sample.
fn gtp_messages(name: &str) -> Vec<(u64, AppProto, Vec<u8>)> {
    let f = std::fs::File::open(sample(name)).expect("the sample exists");
    let mut r = CaptureReader::new(std::io::BufReader::new(f)).expect("a capture");
    let mut out = Vec::new();
    while let Some(frame) = r.next_frame() {
        let frame = frame.expect("the sample is well formed");
        assert!(frame.issues.is_empty(), "frame {} is damaged", frame.number);
        for p in frame.payloads() {
            if matches!(p.app, AppProto::Gtpv1c | AppProto::Gtpv2c) {
                out.push((frame.number, p.app, p.data.to_vec()));
            }
        }
    }
    out
}

#[test]
fn every_gtp_message_round_trips() {
    let mut counts = [0usize; 2];
    for name in CAPTURES {
        for (frame, app, bytes) in gtp_messages(name) {
            match app {
                AppProto::Gtpv2c => {
                    let m = gtpv2::parse(&bytes)
                        .unwrap_or_else(|e| panic!("{name} frame {frame}: {e}"));
                    assert_eq!(m.emit().unwrap(), bytes, "{name} frame {frame}");
                    counts[1] += 1;
                }
                _ => {
                    let m = gtpv1::Message::parse(&bytes)
                        .unwrap_or_else(|e| panic!("{name} frame {frame}: {e}"));
                    assert!(
                        m.notes().is_empty(),
                        "{name} frame {frame}: {:?}",
                        m.notes()
                    );
                    assert_eq!(m.emit().unwrap(), bytes, "{name} frame {frame}");
                    counts[0] += 1;
                }
            }
        }
    }
    // 26 GTPv2 messages in the S10 capture and 4 in the UTRAN one; 4 GTPv1.
    assert_eq!(counts, [4, 30]);
}

#[test]
fn a_gtpv1_request_is_larger_than_the_mtu() {
    let msgs = gtp_messages("utran-lte-handover.pcapng");
    let (_, _, frr) = msgs
        .iter()
        .find(|(_, app, b)| *app == AppProto::Gtpv1c && b[1] == 53)
        .expect("a Forward Relocation Request");
    assert!(frr.len() + 8 + 20 > 1500, "{} octets", frr.len());
}

#[test]
fn s3_request_carries_ck_ik_prime_of_kasme() {
    // The E-UTRAN -> UTRAN request's CK', IK' are KDF(KASME, 0x16, NAS downlink COUNT); the
    // KASME is the generator's (it is not on the wire in this direction), its COUNT 258.
    let kasme = keyhop_codec::security::keys::Key256::new(std::array::from_fn(|i| {
        (i as u8).wrapping_mul(29) ^ 0x5a
    }));
    let (ck, ik) = kdf::ck_ik_prime_handover(&kasme, 258);
    let msgs = gtp_messages("utran-lte-handover.pcapng");
    let m = msgs
        .iter()
        .filter(|(_, app, _)| *app == AppProto::Gtpv2c)
        .map(|(_, _, b)| gtpv2::parse(b).unwrap().emit().unwrap())
        .find(|b| b[1] == 133)
        .expect("an S3 Forward Relocation Request");
    let m = gtpv2::parse(&m).unwrap();
    let mm = m.mm_context().expect("an MM Context");
    assert_eq!(mm.form.ie_type(), 108);
    assert_eq!(mm.ck.as_ref().unwrap().expose(), ck.expose());
    assert_eq!(mm.ik.as_ref().unwrap().expose(), ik.expose());
}

#[test]
fn s10_handover_request_gets_the_mm_context_nh_and_ncc() {
    // The NH/NCC of each S10 MM Context is the NH of TS 33.401 A.4 for its KASME, and the
    // record of the target's HandoverRequest that follows carries the same pair.
    let o = keyhop(&[
        "read",
        "--format",
        "jsonl",
        "--show-keys",
        sample(CAPTURES[0]).to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recs: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut pairs = 0;
    for (i, r) in recs.iter().enumerate() {
        if r["message"] != "ForwardRelocationRequest" {
            continue;
        }
        let mm = &r["mm_context"];
        let kasme = hex::decode(mm["kasme"].as_str().unwrap()).unwrap();
        let kasme = keyhop_codec::security::keys::Key256::new(kasme.try_into().unwrap());
        let ncc = mm["ncc"].as_u64().unwrap();
        let nh = kdf::nh_chain(&kasme, &kdf::kenb(&kasme, 0), ncc as u32);
        assert_eq!(mm["nh"].as_str().unwrap(), hex::encode(nh.expose()));
        let req = recs[i..]
            .iter()
            .find(|x| x["message"] == "HandoverRequest")
            .expect("a HandoverRequest after it");
        let sc = &req["security_context"];
        assert_eq!(sc["next_hop_chaining_count"].as_u64(), Some(ncc));
        assert_eq!(sc["next_hop_parameter"], mm["nh"]);
        pairs += 1;
    }
    assert_eq!(pairs, 2);
}

#[test]
fn read_links_every_request_to_its_response() {
    for name in CAPTURES {
        let o = keyhop(&["read", "--format", "jsonl", sample(name).to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let recs: Vec<Value> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let by_frame = |f: u64| {
            recs.iter()
                .find(|r| r["frame"] == f)
                .unwrap_or_else(|| panic!("{name}: no record for frame {f}"))
        };
        let mut links = 0;
        for r in recs.iter().filter(|r| r["protocol"] != "s1ap") {
            let ty = r["message_type"].as_u64().unwrap() as u8;
            let is_v2 = r["protocol"] == "gtpv2";
            let request = if is_v2 {
                !matches!(
                    MessageType::from_u8(ty).name(),
                    n if n.ends_with("Response") || n.ends_with("Acknowledge")
                )
            } else {
                !matches!(ty, 54 | 59)
            };
            if request {
                // Every request of these captures is answered: it names its response, which
                // names it back with the time between them.
                let resp = r["response_in"]
                    .as_u64()
                    .unwrap_or_else(|| panic!("{name} frame {}: no response_in", r["frame"]));
                let back = by_frame(resp);
                assert_eq!(back["response_to"], r["frame"], "{name}");
                let seq = if is_v2 { "sequence" } else { "sequence_number" };
                assert_eq!(back[seq], r[seq]);
                let dt = back["response_time"].as_f64().unwrap();
                assert!(dt > 0.0 && dt < 0.01, "{name}: {dt}");
                links += 1;
            } else {
                assert!(r.get("response_to").is_some(), "{name}: {r}");
            }
        }
        // S10: 2 x (Forward Relocation, its Complete Notification, Modify Bearer), Create
        // Session, 2 x Create and 2 x Delete Indirect Data Forwarding Tunnel, Delete Session
        // and Echo; UTRAN: 2 x (Forward Relocation, its Complete).
        assert_eq!(links, if name == CAPTURES[0] { 13 } else { 4 }, "{name}");
    }
}

#[test]
fn s10_request_shows_typed_security_context() {
    let msgs = gtp_messages(CAPTURES[0]);
    let frr: Vec<_> = msgs
        .iter()
        .filter(|(_, _, b)| b[1] == 133)
        .map(|(_, _, b)| b.clone())
        .collect();
    assert_eq!(frr.len(), 2);
    for b in &frr {
        let m = gtpv2::parse(b).unwrap();
        let mm = m.mm_context().unwrap();
        assert_eq!(mm.form.ie_type(), 107);
        assert_eq!(mm.ncc, 1);
        assert_eq!(mm.ue_network_capability.as_bytes(), &[0xe0, 0xe0]);
        assert!(mm.nas_downlink_count.is_some() && mm.nas_uplink_count.is_some());
        // The target MME's F-TEID answers in the response; the request carries the source's
        // (S10, interface type 12) and the E-UTRAN transparent container.
        assert_eq!(m.f_teid(0).unwrap().interface_type, 12);
        assert_eq!(m.f_container(0).unwrap().container_type(), 3);
        assert!(m
            .ies
            .iter()
            .any(|ie| matches!(ie.value, IeValue::PdnConnection(_))));
    }
}
