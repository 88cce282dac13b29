//! Replays every fuzz corpus file and every saved crashing input through the fuzz targets'
//! checks (fuzz/src/oracle.rs, included here so both run exactly the same code): decoding never
//! panics, errors point into the input, and whatever decodes round-trips.
//!
//! Layout: `fuzz/corpus/<target>/*` (minimised corpora) and `fuzz/regressions/<target>/*`
//! (inputs that once crashed a target, kept after the fix).

#[allow(dead_code)]
#[path = "../../fuzz/src/oracle.rs"]
mod oracle;

use std::path::Path;

fn replay(kind: &str) -> usize {
    let root = keyhop_tests::root().join("fuzz").join(kind);
    let mut n = 0;
    for (name, check) in oracle::TARGETS {
        let dir = root.join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let r = std::panic::catch_unwind(|| check(&data));
            assert!(r.is_ok(), "{name}: {} fails its checks", rel(&f));
            n += 1;
        }
    }
    n
}

fn rel(p: &Path) -> String {
    p.strip_prefix(keyhop_tests::root())
        .unwrap_or(p)
        .display()
        .to_string()
}

#[test]
fn regression_inputs_pass() {
    let n = replay("regressions");
    assert!(n > 0, "fuzz/regressions holds no input");
}

#[test]
fn corpora_pass() {
    let n = replay("corpus");
    // Every target has a corpus (the seeds at least).
    for (name, _) in oracle::TARGETS {
        let dir = keyhop_tests::root().join("fuzz/corpus").join(name);
        assert!(
            std::fs::read_dir(&dir)
                .map(|d| d.count() > 0)
                .unwrap_or(false),
            "no corpus for {name}"
        );
    }
    assert!(n >= oracle::TARGETS.len());
}

// ---------------------------------------------------------------------------------------------
// Every decode error says where: protocol, a field path, an offset within the input.

use keyhop::capture::{AppProto, CaptureReader};
use keyhop_codec::{DecodeError, Protocol};

/// A decoder as `walk` takes it: the error of decoding, if any.
macro_rules! d {
    ($f:path) => {
        |b: &[u8]| $f(b).err()
    };
}

/// Decodes every proper prefix of `msg` with `decode`; each error must name `protocol`, a
/// non-empty field path, and an offset within the prefix. Returns how many prefixes failed.
fn walk(
    what: &str,
    protocol: Protocol,
    msg: &[u8],
    decode: impl Fn(&[u8]) -> Option<DecodeError>,
) -> usize {
    let mut failed = 0;
    for n in 0..msg.len() {
        let cut = &msg[..n];
        if let Some(e) = decode(cut) {
            check_where(what, protocol, &e, n);
            failed += 1;
        }
    }
    failed
}

fn check_where(what: &str, protocol: Protocol, e: &DecodeError, len: usize) {
    assert_eq!(e.protocol, protocol, "{what} cut to {len}: {e}");
    assert!(
        !e.path().is_empty(),
        "{what} cut to {len}: no field path in '{e}'"
    );
    assert!(
        e.bit_offset <= len as u64 * 8,
        "{what} cut to {len}: offset {} bits beyond the input: {e}",
        e.bit_offset
    );
}

/// The application payloads of samples/s1-handover.pcapng, by protocol.
fn sample_payloads() -> Vec<(AppProto, Vec<u8>)> {
    let mut out = Vec::new();
    let mut r = CaptureReader::open(keyhop_tests::sample("s1-handover.pcapng")).unwrap();
    while let Some(f) = r.next_frame() {
        for p in f.unwrap().payloads() {
            out.push((p.app, p.data.to_vec()));
        }
    }
    out
}

fn json_file(path: &str) -> serde_json::Value {
    let p = keyhop_tests::root().join(path);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn hex_of(v: &serde_json::Value, k: &str) -> Vec<u8> {
    hex::decode(v[k].as_str().unwrap()).unwrap()
}

#[test]
fn truncated_messages_name_field_and_offset() {
    let mut walked = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    let mut count = |k: &'static str, failed: usize| {
        let e = walked.entry(k).or_default();
        e.0 += 1;
        e.1 += failed;
    };
    for (app, msg) in sample_payloads() {
        match app {
            AppProto::S1ap => count(
                "s1ap",
                walk("s1ap", Protocol::S1ap, &msg, d!(keyhop_codec::s1ap::decode)),
            ),
            AppProto::X2ap => count(
                "x2ap",
                walk("x2ap", Protocol::X2ap, &msg, d!(keyhop_codec::x2ap::decode)),
            ),
            AppProto::Gtpv2c => count(
                "gtpv2",
                walk(
                    "gtpv2",
                    Protocol::Gtpv2,
                    &msg,
                    d!(keyhop_codec::gtpv2::parse),
                ),
            ),
            AppProto::Gtpv1c => count(
                "gtpv1",
                walk(
                    "gtpv1",
                    Protocol::Gtpv1,
                    &msg,
                    d!(keyhop_codec::gtpv1::Message::parse),
                ),
            ),
        }
    }
    // S1AP from real stacks (first lines of the shared-capture extract).
    let caps =
        std::fs::read_to_string(keyhop_tests::root().join("codec/tests/data/s1ap_captures.txt"))
            .unwrap();
    for line in caps.lines().take(40) {
        let msg = hex::decode(line.split_whitespace().nth(2).unwrap()).unwrap();
        count(
            "s1ap",
            walk("s1ap", Protocol::S1ap, &msg, d!(keyhop_codec::s1ap::decode)),
        );
    }
    // MAKR values and the H_key delivery from the key-refresh vectors.
    use keyhop_codec::makr::*;
    let v = json_file("codec/tests/data/key-refresh-vectors.json");
    for a in v["aper"].as_array().unwrap() {
        let b = hex_of(a, "aper");
        let failed = match a["type"].as_str().unwrap() {
            "KeyDistribution" => walk(
                "KeyDistribution",
                Protocol::Makr,
                &b,
                d!(KeyDistribution::from_aper),
            ),
            "NeighbourKeyRequest" => walk(
                "NeighbourKeyRequest",
                Protocol::Makr,
                &b,
                d!(NeighbourKeyRequest::from_aper),
            ),
            "NeighbourKeyResponse" => walk(
                "NeighbourKeyResponse",
                Protocol::Makr,
                &b,
                d!(NeighbourKeyResponse::from_aper),
            ),
            "WrappedKeNB" => walk(
                "WrappedKeNB",
                Protocol::Makr,
                &b,
                d!(WrappedKeNB::from_aper),
            ),
            other => panic!("a vector of type {other}"),
        };
        count("makr", failed);
    }
    let plain = hex_of(&v["hkey_delivery"], "plain_nas");
    count(
        "nas",
        walk(
            "hkey",
            Protocol::Nas,
            &plain,
            d!(keyhop_codec::nas::HkeyDelivery::decode),
        ),
    );
    let protected = hex_of(&v["hkey_delivery"], "protected_nas");
    count(
        "nas",
        walk(
            "nas",
            Protocol::Nas,
            &protected,
            d!(keyhop_codec::nas::NasPdu::decode),
        ),
    );
    // RRC vectors.
    let r = json_file("codec/tests/data/rrc_vectors.json");
    for h in r["handover_command"].as_array().unwrap() {
        let b = hex_of(h, "hex");
        count(
            "rrc",
            walk(
                "HandoverCommand",
                Protocol::Rrc,
                &b,
                d!(keyhop_codec::rrc::handover_command_target),
            ),
        );
    }
    for h in r["handover_preparation"].as_array().unwrap() {
        let b = hex_of(h, "hex");
        count(
            "rrc",
            walk(
                "HandoverPreparationInformation",
                Protocol::Rrc,
                &b,
                d!(keyhop_codec::rrc::handover_preparation_source),
            ),
        );
    }
    // X2AP: the codec's sample messages (no sample capture holds X2AP).
    let mut rng = keyhop_codec::ap::common::Rng::new(3);
    for name in [
        "HandoverRequest",
        "HandoverRequestAcknowledge",
        "SNStatusTransfer",
        "UEContextRelease",
        "X2SetupRequest",
    ] {
        let pdu = keyhop_codec::x2ap::sample_message(name, &mut rng).unwrap();
        let msg = keyhop_codec::x2ap::encode(&pdu).unwrap();
        count(
            "x2ap",
            walk(name, Protocol::X2ap, &msg, d!(keyhop_codec::x2ap::decode)),
        );
    }
    // GTP from the synth writers (GTPv1 has no sample capture).
    use keyhop::capture::synth;
    count(
        "gtpv1",
        walk(
            "gtpv1",
            Protocol::Gtpv1,
            &synth::gtpv1_echo_request(9),
            d!(keyhop_codec::gtpv1::Message::parse),
        ),
    );
    count(
        "gtpv2",
        walk(
            "gtpv2",
            Protocol::Gtpv2,
            &synth::gtpv2_echo_request(9, 3),
            d!(keyhop_codec::gtpv2::parse),
        ),
    );
    // Every protocol was walked and its truncations did fail.
    for k in ["s1ap", "x2ap", "makr", "gtpv2", "gtpv1", "nas", "rrc"] {
        let (msgs, failed) = walked.get(k).copied().unwrap_or_default();
        assert!(
            msgs > 0 && failed > 0,
            "{k}: {msgs} messages walked, {failed} truncations failed"
        );
    }
}
