//! `keyhop read` on a multi-homed S1 handover (each endpoint with an IPv4 and an IPv6
//! address, DATA alternating between paths fragment by fragment, the MME answering from its
//! alternate address): every message decoded once, in order, nothing reported. And what a
//! capture leaves at its end makes `read` exit 1 and `validate` say so.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use keyhop::capture::synth::{self, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use keyhop_codec::ap::common::Rng;
use keyhop_tests::{keyhop, stderr, stdout};
use serde_json::Value;

fn sa(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn s1ap(name: &str, seed: u64) -> Vec<u8> {
    let pdu = keyhop_codec::s1ap::sample_message(name, &mut Rng::new(seed))
        .unwrap_or_else(|| panic!("no sample {name}"));
    keyhop_codec::s1ap::encode(&pdu).unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-multihoming-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Writes the handover and returns the message names in the order sent.
fn write_handover(path: &PathBuf) -> Vec<&'static str> {
    let mut w = PcapNgFileWriter::create(path).unwrap();
    let eth = w.add_interface(linktype::ETHERNET, 9).unwrap();
    let link = LinkSpec::ethernet();
    let mut n = 0u64;
    let mut put = |w: &mut PcapNgFileWriter<_>, ip: Vec<u8>| {
        n += 1;
        w.write(
            eth,
            Timestamp::new(1_700_000_000, n * 1_000_000),
            &link.frame(&ip),
        )
        .unwrap();
    };
    let mme = [ip("fd00:9::1")];
    let mut src = SctpAssoc::new(sa("10.1.0.1:36412"), sa("10.9.0.1:36412"))
        .multihomed(&[ip("fd00:1::1")], &mme);
    let mut dst = SctpAssoc::new(sa("10.2.0.1:36412"), sa("10.9.0.1:36412"))
        .multihomed(&[ip("fd00:2::1")], &mme);
    // Distinct tags per association, as a real stack's random ones.
    dst.client_tag ^= 0x0101_0101;
    dst.server_tag ^= 0x0202_0202;
    for a in [&mut src, &mut dst] {
        for (d, p) in a.handshake() {
            let ip = a.ip_packet(d, &p);
            put(&mut w, ip);
        }
    }
    // (association: 0 source eNB, 1 target eNB; direction; message)
    let flow: [(usize, Dir, &str); 9] = [
        (0, Dir::Forward, "HandoverRequired"),
        (1, Dir::Reverse, "HandoverRequest"),
        (1, Dir::Forward, "HandoverRequestAcknowledge"),
        (0, Dir::Reverse, "HandoverCommand"),
        (0, Dir::Forward, "ENBStatusTransfer"),
        (1, Dir::Reverse, "MMEStatusTransfer"),
        (1, Dir::Forward, "HandoverNotify"),
        (0, Dir::Reverse, "UEContextReleaseCommand"),
        (0, Dir::Forward, "UEContextReleaseComplete"),
    ];
    let mut names = Vec::new();
    for (k, (which, d, name)) in flow.iter().enumerate() {
        let a = if *which == 0 { &mut src } else { &mut dst };
        let pdu = s1ap(name, k as u64 + 1);
        // Small fragments, each on the next path: a message straddles both address families.
        let chunks = a.message(*d, 1, 18, &pdu, 24);
        for (f, c) in chunks.iter().enumerate() {
            let p = a.packet(*d, std::slice::from_ref(c));
            let (s, t) = a.path(*d, (k + f) % 2);
            let ip = a.ip_packet_via(s, t, &p);
            put(&mut w, ip);
        }
        names.push(*name);
        // The MME also sends from a further IPv4 address, one its INIT ACK did not announce.
        if *name == "HandoverCommand" {
            let pdu = s1ap("MMEStatusTransfer", 99);
            let c = a.message(Dir::Reverse, 2, 18, &pdu, 1400);
            let p = a.packet(Dir::Reverse, &c);
            let ip = a.ip_packet_via(ip("10.9.0.2"), ip("10.1.0.1"), &p);
            put(&mut w, ip);
            names.push("MMEStatusTransfer");
        }
    }
    // Once the MME is known, one more message from its unannounced address: read must name it
    // as the MME, not as a stranger.
    let pdu = s1ap("MMEStatusTransfer", 98);
    let c = dst.message(Dir::Reverse, 2, 18, &pdu, 1400);
    let p = dst.packet(Dir::Reverse, &c);
    put(
        &mut w,
        dst.ip_packet_via(ip("10.9.0.2"), ip("10.2.0.1"), &p),
    );
    names.push("MMEStatusTransfer");
    w.finish().unwrap();
    names
}

#[test]
fn a_multihomed_s1_handover_reads_every_message_once_in_order() {
    let path = temp("multihomed-s1-handover.pcapng");
    let names = write_handover(&path);
    // -q: no closing report, so stderr holds only what went wrong (nothing may).
    let o = keyhop(&["read", "-q", "--format", "jsonl", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let recs: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<&str> = recs
        .iter()
        .map(|r| r["message"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(got, names);
    for r in &recs {
        assert!(r.get("error").is_none() && r.get("notes").is_none(), "{r}");
    }
    // Addresses of both families appear: the messages did travel on both paths.
    let srcs: Vec<&str> = recs.iter().map(|r| r["src"].as_str().unwrap()).collect();
    assert!(srcs.iter().any(|s| s.starts_with('[')), "{srcs:?}");
    assert!(srcs.iter().any(|s| s.starts_with("10.9.0.2")), "{srcs:?}");
}

#[test]
fn leftovers_at_the_end_make_read_exit_1_and_validate_say_so() {
    let path = temp("leftovers.pcapng");
    let mut w = PcapNgFileWriter::create(&path).unwrap();
    let raw = w.add_interface(linktype::RAW, 6).unwrap();
    let mut a = SctpAssoc::new(sa("10.1.0.1:36412"), sa("10.9.0.1:36412"));
    let pdu = s1ap("HandoverNotify", 1);
    let whole = a.message(Dir::Forward, 1, 18, &pdu, 1400);
    let cut = a.message(Dir::Forward, 1, 18, &s1ap("HandoverRequired", 2), 16);
    let mut t = 0;
    for c in whole.iter().chain(&cut[..cut.len() - 1]) {
        t += 1;
        let p = a.packet(Dir::Forward, std::slice::from_ref(c));
        w.write(
            raw,
            Timestamp::new(1_700_000_000, t * 1000),
            &a.ip_packet(Dir::Forward, &p),
        )
        .unwrap();
    }
    // A GTPv1-C datagram missing its last IP fragment.
    let udp = synth::udp(sa("10.5.0.1:2123"), sa("10.5.0.2:2123"), &[0x32; 3000]);
    let frags = synth::ipv4_fragments(
        "10.5.0.1".parse().unwrap(),
        "10.5.0.2".parse().unwrap(),
        17,
        9,
        &udp,
        1500,
    );
    for f in &frags[..frags.len() - 1] {
        t += 1;
        w.write(raw, Timestamp::new(1_700_000_000, t * 1000), f)
            .unwrap();
    }
    w.finish().unwrap();
    let p = path.to_str().unwrap();
    let o = keyhop(&["read", p]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("HandoverNotify"), "{out}");
    assert!(
        out.contains("still in reassembly at the end of the capture"),
        "{out}"
    );
    assert!(
        out.contains("incomplete at the end of the capture"),
        "{out}"
    );
    let o = keyhop(&["read", "--format", "jsonl", p]);
    assert_eq!(o.status.code(), Some(1));
    let ends = stdout(&o)
        .lines()
        .filter(|l| l.contains("end_of_capture"))
        .count();
    assert_eq!(ends, 2, "{}", stdout(&o));
    let o = keyhop(&["validate", p]);
    let out = stdout(&o);
    assert_eq!(
        out.matches("left at the end of the capture").count(),
        2,
        "{out}"
    );
    // The count the commands' exit status can use.
    let o = keyhop::validate::run(
        &path,
        &keyhop::keys::KeysFile::default(),
        Default::default(),
    )
    .unwrap();
    assert_eq!(o.end_of_capture, 2);
}

/// tshark (SCTP reassembly on) finds the same S1AP messages in the same frames.
#[cfg(feature = "interop")]
#[test]
fn tshark_finds_the_same_messages_in_the_multihomed_handover() {
    let path = temp("multihomed-s1-handover-tshark.pcapng");
    let names = write_handover(&path);
    let p = path.to_str().unwrap();
    let t = std::process::Command::new("tshark")
        .args(["-r", p, "-o", "sctp.reassembly:TRUE", "-Y", "s1ap"])
        .args(["-T", "fields", "-e", "frame.number"])
        .output()
        .expect("tshark runs (feature interop)");
    let theirs: Vec<u64> = String::from_utf8_lossy(&t.stdout)
        .lines()
        .map(|l| l.trim().parse().unwrap())
        .collect();
    let o = keyhop(&["read", "--format", "jsonl", p]);
    let ours: Vec<u64> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["frame"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ours.len(), names.len());
    assert_eq!(ours, theirs);
}

/// Every address an endpoint of a multi-homed association uses is one node (RFC 9260: the
/// association is its ports and verification tags, whatever the path): `validate`'s ladder
/// draws one column per node, the MME's listing its IPv4, IPv6 and unannounced second IPv4
/// address, each eNB both of its own; `read` gives an endpoint one name on every path it
/// names it on (names come once a message tells the node's role).
#[test]
fn a_multihomed_endpoint_is_one_node() {
    let path = temp("multihomed-nodes.pcapng");
    write_handover(&path);
    let limits = keyhop::validate::engine::Limits {
        ladder: true,
        ..Default::default()
    };
    let o = keyhop::validate::run(&path, &keyhop::keys::KeysFile::default(), limits).unwrap();
    let mut cols: Vec<(String, String)> = o
        .engine
        .nodes
        .values()
        .map(|c| (c.name.clone(), c.addrs.clone()))
        .collect();
    cols.sort();
    let addrs = |c: &(String, String)| {
        let mut v: Vec<IpAddr> = c.1.split(", ").map(ip).collect();
        v.sort();
        v
    };
    let mut want = vec![
        vec![ip("10.1.0.1"), ip("fd00:1::1")],
        vec![ip("10.2.0.1"), ip("fd00:2::1")],
        vec![ip("10.9.0.1"), ip("10.9.0.2"), ip("fd00:9::1")],
    ];
    want.sort();
    let mut got: Vec<Vec<IpAddr>> = cols.iter().map(addrs).collect();
    got.sort();
    assert_eq!(got, want, "{cols:?}");
    let mme = cols.iter().find(|c| c.1.contains("10.9.0.2")).unwrap();
    assert!(mme.0.starts_with("MME "), "{cols:?}");

    // read: one name per endpoint, whichever of its addresses a message travels from or to,
    // from one capture and when it is one of several merged by time.
    let p = path.to_str().unwrap();
    for args in [
        vec!["read", "--format", "jsonl", p],
        vec!["read", "--format", "jsonl", p, p],
    ] {
        one_name_per_endpoint(&args);
    }
}

/// `keyhop ARGS` on the multi-homed capture names each endpoint one way on all its addresses
/// at each moment: by its role and an address until a message gives its identity (the
/// target eNB: the HandoverRequest tells its role, the HandoverNotify its cell), then by that
/// identity, never going back. Two paths named apart would alternate (the messages' fragments
/// alternate between the paths).
fn one_name_per_endpoint(args: &[&str]) {
    let o = keyhop(args);
    // Per endpoint: the names in message order, each run of one name once.
    let mut names: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut named_addrs = std::collections::BTreeSet::new();
    for r in stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
    {
        for (a, n) in [("src", "src_node"), ("dst", "dst_node")] {
            let Some(name) = r[n].as_str() else { continue };
            let addr = r[a].as_str().unwrap();
            let host = addr.rsplit_once(':').unwrap().0.trim_matches(['[', ']']);
            let endpoint = match host {
                "10.9.0.1" | "10.9.0.2" | "fd00:9::1" => "mme",
                "10.1.0.1" | "fd00:1::1" => "source",
                _ => "target",
            };
            let runs = names.entry(endpoint.into()).or_default();
            if runs.last().map(String::as_str) != Some(name) {
                runs.push(name.into());
            }
            named_addrs.insert(host.to_string());
        }
    }
    // A name that is the role and an address only.
    let by_address = |n: &str| ["eNB 10.", "eNB fd00:"].iter().any(|p| n.starts_with(p));
    for (endpoint, runs) in &names {
        match runs.as_slice() {
            [_] => {}
            // An address-named role first, then the identity (two address names would be two
            // nodes).
            [first, then] => assert!(
                by_address(first) && !by_address(then),
                "{args:?}: {endpoint}: {runs:?}"
            ),
            _ => panic!("{args:?}: {endpoint} named apart: {runs:?}"),
        }
    }
    // The last message, from the MME's unannounced address, carries the MME's one name.
    let last: Value = serde_json::from_str(stdout(&o).lines().last().unwrap()).unwrap();
    assert!(
        last["src"].as_str().unwrap().starts_with("10.9.0.2:"),
        "{last}"
    );
    assert_eq!(
        last["src_node"].as_str(),
        names["mme"].last().map(String::as_str),
        "{args:?}: {last}"
    );
    assert!(named_addrs.len() >= 2, "{args:?}: {named_addrs:?}");
}

/// `keyhop export` names the multi-homed handover's nodes as `read` does, row by row (its
/// `src_node` and `dst_node` columns against read's records): one name per endpoint on all
/// its addresses.
#[test]
fn export_names_a_multihomed_endpoint_as_read_does() {
    use arrow_array::cast::AsArray;
    use arrow_array::Array;
    let path = temp("multihomed-export.pcapng");
    write_handover(&path);
    let p = path.to_str().unwrap();
    let r = keyhop(&["read", "--format", "jsonl", p]);
    let want: Vec<(u64, Option<String>, Option<String>)> = stdout(&r)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| {
            let s = |k: &str| v[k].as_str().map(str::to_owned);
            (v["frame"].as_u64().unwrap(), s("src_node"), s("dst_node"))
        })
        .collect();
    let out = temp("multihomed-export");
    let _ = std::fs::remove_dir_all(&out);
    let e = keyhop(&["export", "-o", out.to_str().unwrap(), p]);
    assert_eq!(e.status.code(), r.status.code(), "{}", stderr(&e));
    let part = out.join("messages/input=multihomed-export.pcapng/part-0.parquet");
    let f = std::fs::File::open(&part).unwrap();
    let mut got = Vec::new();
    for b in parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap()
    {
        let b = b.unwrap();
        let frame = b.column_by_name("frame").unwrap().clone();
        let frame = frame.as_primitive::<arrow_array::types::UInt64Type>();
        let s = |n: &str| b.column_by_name(n).unwrap().as_string::<i32>().clone();
        let (src, dst) = (s("src_node"), s("dst_node"));
        let text =
            |c: &arrow_array::StringArray, r: usize| c.is_valid(r).then(|| c.value(r).to_owned());
        for r in 0..b.num_rows() {
            got.push((frame.value(r), text(&src, r), text(&dst, r)));
        }
    }
    assert!(want.len() >= 8, "{want:?}");
    assert_eq!(got, want);
    let _ = std::fs::remove_dir_all(&out);
}
