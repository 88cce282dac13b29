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

/// The validate target's seeds drive its engine as `keyhop validate` does: a sample capture
/// written as raw-payload steps gives the same findings per rule and the same procedure counts.
#[test]
fn validate_seed_replays_a_capture_like_validate() {
    use keyhop::validate::engine::Limits;
    use oracle::validate::seed_from_capture;
    for (name, keys) in [
        ("s1-handover.pcapng", "s1-handover.keys.toml"),
        ("x2-makr.pcapng", "x2-makr.keys.toml"),
        ("violations/HO-ORDER.pcapng", ""),
        ("violations/MAKR-BINDING.pcapng", "x2-makr.keys.toml"),
    ] {
        let path = keyhop_tests::sample(name);
        let text = if keys.is_empty() {
            String::new()
        } else {
            std::fs::read_to_string(keyhop_tests::sample(keys)).unwrap()
        };
        let file = keyhop::keys::KeysFile::parse(&text).unwrap();
        let want = keyhop::validate::run(&path, &file, Limits::default()).unwrap();
        let got = oracle::validate::outcome(&seed_from_capture(&path, 64, &text)).unwrap();
        let counts = |c: &std::collections::HashMap<_, u64>| {
            let mut v: Vec<(String, u64)> = c
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(r, n): (&keyhop::validate::rules::Rule, _)| (r.id().to_string(), *n))
                .collect();
            v.sort();
            v
        };
        // Each violation capture shows its rule; every capture has handovers.
        if let Some(rule) = name.strip_prefix("violations/") {
            let rule = rule.trim_end_matches(".pcapng");
            assert!(want.engine.counts.keys().any(|r| r.id() == rule), "{name}");
        }
        assert!(want.engine.procs.values().any(|c| c.started > 0), "{name}");
        assert_eq!(
            counts(&got.engine.counts),
            counts(&want.engine.counts),
            "{name}"
        );
        assert_eq!(got.engine.procs, want.engine.procs, "{name}");
        assert_eq!(got.events, want.events, "{name}");
    }
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

// ---------------------------------------------------------------------------------------------
// Resource limits: each one reached, reported as an error (or issue) of kind Limit that says
// where, and nothing allocated beyond it.

use keyhop_codec::per::{PerReader, PerWriter};
use keyhop_codec::ErrorKind;

/// APER open types nest at most `per::MAX_DEPTH` deep; one more level is a Limit error.
#[test]
fn limit_aper_open_type_depth() {
    fn write(w: &mut PerWriter, levels: u16) -> keyhop_codec::EncodeResult<()> {
        if levels == 0 {
            w.write_bits(0x5a, 8);
            return Ok(());
        }
        w.open_type_with(|w| write(w, levels - 1))
    }
    fn read(r: &mut PerReader<'_>, levels: u16) -> keyhop_codec::DecodeResult<()> {
        if levels == 0 {
            assert_eq!(r.read_bits(8)?, 0x5a);
            return Ok(());
        }
        r.open_type_with(|s| read(s, levels - 1)).map(drop)
    }
    let max = keyhop_codec::per::MAX_DEPTH;
    for (levels, ok) in [(max, true), (max + 1, false)] {
        let mut w = PerWriter::new(Protocol::S1ap);
        write(&mut w, levels).unwrap();
        let b = w.into_bytes();
        let mut r = PerReader::new(&b, Protocol::S1ap);
        match read(&mut r, levels) {
            Ok(()) => assert!(ok, "{levels} levels accepted"),
            Err(e) => {
                assert!(!ok, "{levels} levels refused: {e}");
                assert_eq!(e.kind, ErrorKind::Limit, "{e}");
                assert!(
                    e.bit_offset <= b.len() as u64 * 8 && e.bit_offset > 0,
                    "{e}"
                );
            }
        }
    }
}

/// GTPv2 grouped IEs nest at most `MAX_GROUP_DEPTH` deep; a deeper one fails with its path.
#[test]
fn limit_gtpv2_group_depth() {
    use keyhop_codec::gtpv2::MAX_GROUP_DEPTH;
    fn nested(levels: usize) -> Vec<u8> {
        // Innermost: EBI 5.
        let mut v = vec![73, 0, 1, 0, 5];
        for _ in 0..levels {
            let mut g = vec![93];
            g.extend_from_slice(&(v.len() as u16).to_be_bytes());
            g.push(0);
            g.extend_from_slice(&v);
            v = g;
        }
        let mut m = vec![0x48, 35, 0, 0, 0, 0, 0, 1, 0, 0, 7, 0];
        m.extend_from_slice(&v);
        let len = (m.len() - 4) as u16;
        m[2..4].copy_from_slice(&len.to_be_bytes());
        m
    }
    let ok = nested(MAX_GROUP_DEPTH);
    let m = keyhop_codec::gtpv2::parse(&ok).unwrap();
    assert_eq!(m.emit().unwrap(), ok);
    let deep = nested(MAX_GROUP_DEPTH + 1);
    let e = keyhop_codec::gtpv2::parse(&deep).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(e.path().starts_with("ies[0]"), "{e}");
    assert!(
        e.path().matches("bearer_context").count() >= MAX_GROUP_DEPTH,
        "{e}"
    );
    // The innermost group header that is one too many lies 4 octets per level in.
    assert!(e.byte_offset() < deep.len() as u64, "{e}");
}

/// An IE container count claiming 65535 IEs in a few octets fails at once (no allocation).
#[test]
fn limit_ies_per_container() {
    // initiatingMessage, InitialUEMessage (12), ignore, open type of 7 octets:
    // no extension, protocolIEs count 65535, then 4 octets.
    let b = [
        0x00, 0x0c, 0x40, 0x07, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
    ];
    let e = keyhop_codec::s1ap::decode(&b).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(e.path().contains("InitialUEMessage"), "{e}");
    assert!(e.bit_offset <= b.len() as u64 * 8, "{e}");
}

/// SEQUENCE OF sizes: a MAKR list above its SIZE bound is out of range; a count the input
/// cannot hold is a Limit error.
#[test]
fn limit_sequence_of_sizes() {
    use keyhop_codec::makr::{KeyDistribution, MakrType, NeighbourKeyRequest};
    // KeyDistribution: extension bit 0, keys count-1 in 8 bits (aligned: octet) = 255 -> 256
    // keys claimed in 2 octets.
    let b = [0x00, 0xff, 0x00];
    let e = KeyDistribution::from_aper(&b).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert_eq!(e.path(), "keys");
    // A bound keyhop enforces on encode too: 65 neighbours exceed maxNeighbours (64).
    let id =
        keyhop_codec::makr::EnbIdentity::new([0, 0xf1, 0x10], keyhop_codec::makr::EnbId::Macro(1));
    let mut req = NeighbourKeyRequest {
        mme_ue_s1ap_id: 1,
        enb_ue_s1ap_id: 2,
        serving_enb: id.clone(),
        neighbours: vec![id; keyhop_codec::makr::MAX_NEIGHBOURS],
        extensions: Default::default(),
    };
    let b = req.to_aper().unwrap();
    assert_eq!(NeighbourKeyRequest::from_aper(&b).unwrap(), req);
    req.neighbours.push(req.serving_enb.clone());
    assert!(req.to_aper().is_err(), "65 neighbours encode");
    // Any forged SEQUENCE OF count beyond the bits left fails before allocating.
    let mut r = PerReader::new(&[0xbf, 0xff], Protocol::S1ap);
    let e = r
        .sequence_of_len(keyhop_codec::per::SizeConstraint::unconstrained())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit);
}

/// PDU size: a capture record above `max_record_len` is refused; a 1 MiB PDU of noise is
/// decoded (or refused) by every decoder within the input's bounds.
#[test]
fn limit_pdu_size() {
    use keyhop::capture::synth::PcapFileWriter;
    use keyhop::capture::{linktype, Limits, Timestamp};
    let mut w = PcapFileWriter::new(Vec::new(), linktype::RAW, false, false).unwrap();
    // The reader never goes below 64 KiB (a full IP datagram), whatever the limit says.
    w.write(Timestamp::new(1, 0), &vec![0x45; 100_000]).unwrap();
    let file = w.finish().unwrap();
    let limits = Limits {
        max_record_len: 2000,
        ..Limits::default()
    };
    let mut r = CaptureReader::with_limits(file.as_slice(), limits).unwrap();
    let first = r.next_frame().expect("a result for the record");
    assert!(first.is_err(), "a 100000-octet record passed the limit");
    assert!(r.next_frame().is_none());

    let mut noise = Vec::with_capacity(1 << 20);
    let mut x: u32 = 0x1234_5678;
    while noise.len() < 1 << 20 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise.push(x as u8);
    }
    for (name, check) in oracle::TARGETS {
        if *name != "capture_file" && *name != "capture_layers" {
            check(&noise);
        }
    }
}

fn sctp_frames(
    a: &mut keyhop::capture::synth::SctpAssoc,
    stream: u16,
    size: usize,
) -> Vec<Vec<u8>> {
    use keyhop::capture::synth::{Dir, LinkSpec};
    let eth = LinkSpec::ethernet();
    let chunks = a.message(Dir::Forward, stream, 18, &vec![0x20; size], 1000);
    // All but the last fragment: the message stays incomplete.
    chunks[..chunks.len() - 1]
        .iter()
        .map(|c| {
            let p = a.packet(Dir::Forward, std::slice::from_ref(c));
            let ip = a.ip_packet(Dir::Forward, &p);
            eth.frame(&ip)
        })
        .collect()
}

/// SCTP reassembly per stream and in total: the limits evict and say so with an SCTP issue.
#[test]
fn limit_sctp_reassembly_per_stream_and_total() {
    use keyhop::capture::synth::SctpAssoc;
    use keyhop::capture::{linktype, Dissector, Limits, Timestamp};
    let limits = Limits {
        sctp_max_stream_bytes: 5_000,
        sctp_max_bytes: 10_000,
        ..Limits::default()
    };
    // One stream: a 20000-octet message cannot be held in 5000.
    let mut d = Dissector::new(limits.clone());
    let mut a = SctpAssoc::new(
        "10.0.0.1:36412".parse().unwrap(),
        "10.0.0.2:36412".parse().unwrap(),
    );
    let mut limit_issues = 0;
    for (i, f) in sctp_frames(&mut a, 1, 20_000).iter().enumerate() {
        let fr = d.dissect(
            i as u64 + 1,
            Timestamp::new(1, i as u64),
            linktype::ETHERNET,
            f,
        );
        limit_issues += fr
            .issues
            .iter()
            .filter(|e| e.protocol == Protocol::Sctp && e.kind == ErrorKind::Limit)
            .count();
        assert_eq!(fr.payload_count(), 0);
    }
    assert!(limit_issues > 0, "the per-stream limit never struck");
    assert!(d.stats().sctp_evicted > 0);

    // Four streams of 4000 octets each: within the stream limit, above the total.
    let mut d = Dissector::new(limits);
    let mut a = SctpAssoc::new(
        "10.0.0.1:36412".parse().unwrap(),
        "10.0.0.2:36412".parse().unwrap(),
    );
    let mut n = 0;
    let mut evicted_by_total = false;
    for s in 0..4 {
        for f in sctp_frames(&mut a, s, 4_000) {
            n += 1;
            let fr = d.dissect(n, Timestamp::new(1, n), linktype::ETHERNET, &f);
            evicted_by_total |= fr
                .issues
                .iter()
                .any(|e| e.protocol == Protocol::Sctp && e.kind == ErrorKind::Limit);
        }
    }
    assert!(evicted_by_total, "the total limit never struck");
}

/// SCTP reassembly per association: one association's incomplete messages on many streams,
/// each within the stream limit and together within the total, are evicted (oldest first,
/// with an SCTP issue that says why) when they exceed the association's share; another
/// association's message in reassembly meanwhile is untouched and completes.
#[test]
fn limit_sctp_reassembly_per_association() {
    use keyhop::capture::synth::{Dir, LinkSpec, SctpAssoc};
    use keyhop::capture::{linktype, Dissector, Limits, Timestamp, Transport};
    let limits = Limits {
        sctp_max_stream_bytes: 5_000,
        sctp_max_assoc_bytes: 10_000,
        sctp_max_bytes: 1_000_000,
        ..Limits::default()
    };
    let mut d = Dissector::new(limits);
    let eth = LinkSpec::ethernet();
    let mut quiet = SctpAssoc::new(
        "10.0.0.3:36412".parse().unwrap(),
        "10.0.0.2:36412".parse().unwrap(),
    );
    // 4 fragments of 1000 octets; the first 3 now, the last at the end.
    let quiet_msg = vec![0x21; 4_000];
    let quiet_chunks = quiet.message(Dir::Forward, 0, 18, &quiet_msg, 1000);
    assert_eq!(quiet_chunks.len(), 4);
    let mut n = 0;
    let mut send = |d: &mut Dissector, a: &mut SctpAssoc, c: &keyhop::capture::synth::Chunk| {
        n += 1;
        let p = a.packet(Dir::Forward, std::slice::from_ref(c));
        let f = eth.frame(&a.ip_packet(Dir::Forward, &p));
        let fr = d.dissect(n, Timestamp::new(1, n), linktype::ETHERNET, &f);
        let issues: Vec<String> = fr
            .issues
            .iter()
            .filter(|e| e.protocol == Protocol::Sctp && e.kind == ErrorKind::Limit)
            .map(|e| e.to_string())
            .collect();
        let payloads: Vec<(usize, u32)> = fr
            .payloads()
            .map(|p| match p.transport {
                Transport::Sctp(i) => (p.data.len(), i.fragments),
                Transport::Udp => unreachable!("SCTP only"),
            })
            .collect();
        (issues, payloads)
    };
    for c in &quiet_chunks[..3] {
        let (issues, payloads) = send(&mut d, &mut quiet, c);
        assert!(issues.is_empty() && payloads.is_empty(), "{issues:?}");
    }
    // The busy association: 3000 octets held per stream, streams 0..6 = 18000 octets.
    let mut busy = SctpAssoc::new(
        "10.0.0.1:36412".parse().unwrap(),
        "10.0.0.2:36412".parse().unwrap(),
    );
    // Its own tags: associations are told apart by ports and tags (RFC 9260), and the synth
    // derives tags from the ports alone, which both associations share.
    busy.client_tag ^= 0x0f0f_0f0f;
    busy.server_tag ^= 0x0f0f_0f0f;
    let mut evicted = Vec::new();
    for s in 0..6u16 {
        let chunks = busy.message(Dir::Forward, s, 18, &[0x20; 4_000], 1000);
        for c in &chunks[..3] {
            let (issues, payloads) = send(&mut d, &mut busy, c);
            assert!(payloads.is_empty());
            for i in issues {
                evicted.push((s, i));
            }
        }
    }
    // 10000 octets hold streams 0, 1, 2 and the first fragment of stream 3; the second
    // fragment of each of streams 3, 4, 5 evicts the oldest message of 3000 octets.
    let victims: Vec<String> = evicted.iter().map(|(_, i)| i.clone()).collect();
    assert_eq!(evicted.len(), 3, "{victims:#?}");
    for (i, (s, e)) in evicted.iter().enumerate() {
        assert_eq!(usize::from(*s), i + 3, "{e}");
        assert!(
            e.contains("10.0.0.1:36412 -> 10.0.0.2:36412")
                && e.contains(&format!("stream {i} "))
                && e.contains("3 chunks, 3000 octets")
                && e.contains("per-association reassembly limit reached"),
            "{e}"
        );
    }
    assert_eq!(d.stats().sctp_evicted, 3);
    // The other association kept its fragments: its last one completes the message.
    let (issues, payloads) = send(&mut d, &mut quiet, &quiet_chunks[3]);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(payloads, vec![(4_000, 4)]);

    // A fragment larger than the association's share is refused on its own.
    let mut d = Dissector::new(Limits {
        sctp_max_stream_bytes: 50_000,
        sctp_max_assoc_bytes: 10_000,
        ..Limits::default()
    });
    let mut a = SctpAssoc::new(
        "10.0.0.1:36412".parse().unwrap(),
        "10.0.0.2:36412".parse().unwrap(),
    );
    let chunks = a.message(Dir::Forward, 1, 18, &vec![0x22; 24_000], 12_000);
    let (issues, payloads) = send(&mut d, &mut a, &chunks[0]);
    assert!(payloads.is_empty());
    assert!(
        issues.len() == 1 && issues[0].contains("larger than the per-association"),
        "{issues:?}"
    );
}

/// IP fragments: a fragment reaching beyond 65535 octets is refused with an IP issue, and
/// fragments of many datagrams evict the oldest under the buffer limits.
#[test]
fn limit_ip_fragment_buffers() {
    use keyhop::capture::synth::ipv4_fragments;
    use keyhop::capture::{linktype, Dissector, Limits, Timestamp};
    // Offset 8191 * 8 with 100 octets of payload.
    let mut frag = vec![
        0x45, 0, 0, 0, 0x12, 0x34, 0x1f, 0xff, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    ];
    frag.extend_from_slice(&[0u8; 100]);
    let tl = frag.len() as u16;
    frag[2..4].copy_from_slice(&tl.to_be_bytes());
    let mut d = Dissector::new(Limits::default());
    let f = d.dissect(1, Timestamp::new(1, 0), linktype::RAW, &frag);
    assert!(
        f.issues
            .iter()
            .any(|e| e.protocol == Protocol::Ip && e.detail.contains("65535")),
        "{:?}",
        f.issues
    );

    let limits = Limits {
        ip_frag_max_datagrams: 3,
        ip_frag_max_per_flow: 2,
        ip_frag_max_bytes: 3_000,
        ..Limits::default()
    };
    let mut d = Dissector::new(limits);
    let mut evictions = 0;
    for id in 0..10u16 {
        let src = std::net::Ipv4Addr::new(10, 0, (id % 4) as u8, 1);
        let frags = ipv4_fragments(src, "10.9.9.9".parse().unwrap(), 17, id, &[1u8; 3000], 1000);
        // First fragment only: each datagram stays incomplete.
        let f = d.dissect(
            u64::from(id) + 1,
            Timestamp::new(1, 0),
            linktype::RAW,
            &frags[0],
        );
        evictions += f
            .issues
            .iter()
            .filter(|e| e.protocol == Protocol::Ip && e.kind == ErrorKind::Limit)
            .count();
    }
    assert!(evictions >= 7, "{evictions} datagrams evicted");
    assert!(d.stats().ip_evicted >= 7);
}

/// Tracked UE contexts in `validate`: at most `max_ues` are held; each new UE beyond evicts the
/// least recently seen one with an EVICTED finding naming it and the frames of its last
/// message and of the newcomer; a whole capture under a cap of one UE still validates.
#[test]
fn limit_validate_ue_contexts() {
    use keyhop::capture::Timestamp;
    use keyhop::validate::engine::{Engine, Limits};
    use keyhop::validate::event::{Event, Key32, Kind};
    use keyhop::validate::rules::Rule;
    let limits = Limits {
        max_ues: 3,
        ..Limits::default()
    };
    let mut eng = Engine::new(&keyhop::keys::KeysFile::default(), limits);
    let (mme, enb) = (
        "10.0.0.1:36412".parse().unwrap(),
        "10.0.1.1:36412".parse().unwrap(),
    );
    for ue in 1..=10u32 {
        let frame = u64::from(ue);
        eng.handle(&Event {
            frame,
            time: Timestamp::new(1, frame),
            src: mme,
            dst: enb,
            kind: Kind::InitialContextSetup {
                mme: ue,
                enb: ue,
                key: Key32::new([ue as u8; 32]),
                caps: None,
            },
        });
        assert!(eng.ue_count() <= 3);
    }
    assert_eq!((eng.ue_count(), eng.ues_created()), (3, 10));
    let evicted: Vec<(String, Vec<u64>)> = eng
        .findings
        .iter()
        .filter(|f| f.rule == Rule::Evicted)
        .map(|f| (f.ue.clone().unwrap_or_default(), f.frames.clone()))
        .collect();
    let want: Vec<(String, Vec<u64>)> = (1..=7u64)
        .map(|k| (format!("mme-ue-s1ap-id:{k}@MME 10.0.0.1"), vec![k, k + 3]))
        .collect();
    assert_eq!(evicted, want);

    // s1-handover's four UEs under a cap of one: evictions, and the run completes.
    let keys = keyhop::keys::KeysFile::default();
    let path = keyhop_tests::sample("s1-handover.pcapng");
    let one = Limits {
        max_ues: 1,
        ..Limits::default()
    };
    let o = keyhop::validate::run(&path, &keys, one).unwrap();
    assert!(o.engine.counts.get(&Rule::Evicted).copied().unwrap_or(0) >= 3);
    let all = keyhop::validate::run(&path, &keys, Limits::default()).unwrap();
    assert_eq!(all.engine.counts.get(&Rule::Evicted), None);
    assert_eq!(o.events, all.events);
}

/// Found by per_aligned/per_unaligned and makr: a BIT STRING whose SIZE upper bound is 64K or
/// more took its length in the general form and skipped the lower bound, so a 0-bit value of a
/// SIZE(1..131072) field decoded but could not be encoded again.
#[test]
fn bit_string_with_large_bound_checks_its_size() {
    let size = keyhop_codec::per::SizeConstraint::range(1, 131_072);
    for aligned in [true, false] {
        let b = [0x00];
        let mut r = if aligned {
            PerReader::new(&b, Protocol::S1ap)
        } else {
            PerReader::new_unaligned(&b, Protocol::Rrc)
        };
        let e = r.bit_string(size).unwrap_err();
        assert_eq!(e.kind, ErrorKind::OutOfRange, "{e}");
    }
}
