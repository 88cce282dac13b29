//! `keyhop read` names the ends of each message from the node map (docs/json.md `src_node`,
//! `dst_node`): per (address, plane), so an eNB and an S-GW on one host stay two nodes, GTP-C
//! peers are named by their F-TEID role, and one MME's IPv4 and IPv6 addresses, tied by the
//! GUMMEI they announce, give one name.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use keyhop::capture::synth::{self, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use keyhop_codec::ap::common::Rng;
use keyhop_tests::{keyhop, optional_shared_captures, stderr, stdout};
use serde_json::Value;

fn sa(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn s1ap(name: &str, seed: u64) -> Vec<u8> {
    let pdu = keyhop_codec::s1ap::sample_message(name, &mut Rng::new(seed))
        .unwrap_or_else(|| panic!("no sample {name}"));
    keyhop_codec::s1ap::encode(&pdu).unwrap()
}

/// An S1 Setup Response without its MME name: only the served GUMMEIs can name the MME.
fn setup_response_without_name(seed: u64) -> Vec<u8> {
    let mut pdu = keyhop_codec::s1ap::sample_message("S1SetupResponse", &mut Rng::new(seed))
        .expect("a sample S1SetupResponse");
    match &mut pdu.body {
        keyhop_codec::ap::Body::Ies(m) => m
            .ies
            .items
            .retain(|ie| ie.id != keyhop_codec::s1ap::id::MME_NAME),
        _ => panic!("an S1SetupResponse is a message of IEs"),
    }
    keyhop_codec::s1ap::encode(&pdu).unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-read-nodes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A GTPv2-C Create Session Response (TS 29.274 7.2.2) whose sender F-TEID for the control
/// plane (instance 0) has interface type `iface` and IPv4 address `addr`.
fn create_session_response(iface: u8, addr: [u8; 4]) -> Vec<u8> {
    let mut ies = vec![2, 0, 2, 0, 16, 0]; // Cause: request accepted.
    ies.extend_from_slice(&[87, 0, 9, 0, 0x80 | iface, 0, 0, 0, 7]);
    ies.extend_from_slice(&addr);
    let mut m = vec![0x48, 33];
    m.extend_from_slice(&((8 + ies.len()) as u16).to_be_bytes());
    m.extend_from_slice(&[0, 0, 0, 1, 0, 0, 1, 0]);
    m.extend_from_slice(&ies);
    m
}

struct Writer {
    w: PcapNgFileWriter<std::io::BufWriter<std::fs::File>>,
    eth: u32,
    n: u64,
}

impl Writer {
    fn new(path: &Path) -> Writer {
        let mut w = PcapNgFileWriter::create(path).unwrap();
        let eth = w.add_interface(linktype::ETHERNET, 9).unwrap();
        Writer { w, eth, n: 0 }
    }

    fn put(&mut self, ip: Vec<u8>) {
        self.n += 1;
        let t = Timestamp::new(1_700_000_000, self.n * 1_000_000);
        let frame = LinkSpec::ethernet().frame(&ip);
        self.w.write(self.eth, t, &frame).unwrap();
    }

    fn assoc(&mut self, a: &mut SctpAssoc) {
        for (d, p) in a.handshake() {
            let ip = a.ip_packet(d, &p);
            self.put(ip);
        }
    }

    fn s1(&mut self, a: &mut SctpAssoc, d: Dir, pdu: &[u8]) {
        for c in a.message(d, 1, 18, pdu, 1400) {
            let p = a.packet(d, std::slice::from_ref(&c));
            let ip = a.ip_packet(d, &p);
            self.put(ip);
        }
    }
}

fn read_json(path: &Path) -> Vec<Value> {
    let o = keyhop(&["read", "--format", "jsonl", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn node<'a>(r: &'a Value, end: &str) -> &'a str {
    r[end].as_str().unwrap_or_else(|| panic!("no {end}: {r}"))
}

#[test]
fn an_enb_and_an_sgw_on_one_host_keep_two_names() {
    let path = temp("enb-sgw.pcapng");
    let mut w = Writer::new(&path);
    // 10.0.0.1 runs an eNB (S1) and an S-GW (GTP-C, S11); the MME is 10.9.0.1.
    let mut s1 = SctpAssoc::new(sa("10.0.0.1:36412"), sa("10.9.0.1:36412"));
    w.assoc(&mut s1);
    w.s1(&mut s1, Dir::Forward, &s1ap("S1SetupRequest", 1));
    w.s1(&mut s1, Dir::Reverse, &s1ap("S1SetupResponse", 2));
    let gtp = create_session_response(11, [10, 0, 0, 1]);
    let udp = synth::udp(sa("10.0.0.1:2123"), sa("10.9.0.1:2123"), &gtp);
    w.put(synth::ip_packet(
        "10.0.0.1".parse().unwrap(),
        "10.9.0.1".parse().unwrap(),
        17,
        1,
        &udp,
    ));
    w.s1(&mut s1, Dir::Forward, &s1ap("UplinkNASTransport", 3));
    w.w.finish().unwrap();

    let recs = read_json(&path);
    let by = |m: &str| -> &Value {
        recs.iter()
            .find(|r| r["message"] == m)
            .unwrap_or_else(|| panic!("no {m}"))
    };
    let enb = node(by("S1SetupResponse"), "dst_node");
    assert!(enb.starts_with("eNB "), "{enb}");
    assert_eq!(node(by("UplinkNASTransport"), "src_node"), enb);
    let gw = by("CreateSessionResponse");
    assert_eq!(node(gw, "src_node"), "SGW 10.0.0.1", "{gw}");
    // The receiver's GTP-C side is unknown: no name, although its S1 side is the MME.
    assert!(gw.get("dst_node").is_none(), "{gw}");
    let mme = node(by("UplinkNASTransport"), "dst_node");
    assert!(mme.starts_with("MME "), "{mme}");
}

#[test]
fn an_mme_on_ipv4_and_ipv6_has_one_name() {
    let path = temp("mme-v4-v6.pcapng");
    let mut w = Writer::new(&path);
    // One MME: S1 Setup with eNB A over IPv4 (with its MME name), with eNB B over IPv6
    // (without): the same served GUMMEIs are all that ties the two addresses.
    let mut a = SctpAssoc::new(sa("10.1.0.1:36412"), sa("10.9.0.1:36412"));
    let mut b = SctpAssoc::new(sa("[fd00:2::1]:36412"), sa("[fd00:9::1]:36412"));
    b.client_tag ^= 0x0101_0101;
    b.server_tag ^= 0x0202_0202;
    w.assoc(&mut a);
    w.assoc(&mut b);
    w.s1(&mut a, Dir::Forward, &s1ap("S1SetupRequest", 1));
    w.s1(&mut a, Dir::Reverse, &s1ap("S1SetupResponse", 7));
    w.s1(&mut b, Dir::Forward, &s1ap("S1SetupRequest", 2));
    w.s1(&mut b, Dir::Reverse, &setup_response_without_name(7));
    w.s1(&mut b, Dir::Reverse, &s1ap("DownlinkNASTransport", 4));
    w.s1(&mut a, Dir::Reverse, &s1ap("DownlinkNASTransport", 5));
    w.w.finish().unwrap();

    let recs = read_json(&path);
    let dl: Vec<&Value> = recs
        .iter()
        .filter(|r| r["message"] == "DownlinkNASTransport")
        .collect();
    assert_eq!(dl.len(), 2);
    let (v6, v4) = (node(dl[0], "src_node"), node(dl[1], "src_node"));
    assert!(dl[0]["src"].as_str().unwrap().starts_with("[fd00:9::1]"));
    assert!(dl[1]["src"].as_str().unwrap().starts_with("10.9.0.1"));
    // Named by its GUMMEI (`MME 001-01:8001:01 (name)`), the same from both addresses.
    assert!(v4.starts_with("MME ") && v4.contains(':'), "{v4}");
    assert!(
        v4.ends_with(')'),
        "the name of the IPv4 S1 Setup Response: {v4}"
    );
    assert_eq!(v6, v4);
    // The two eNBs stay two.
    assert_ne!(node(dl[0], "dst_node"), node(dl[1], "dst_node"));
}

#[test]
fn no_gtp_c_endpoint_of_open5gs_is_named_as_an_enb() {
    let Some(dir) = optional_shared_captures("open5gs GTP-C node names") else {
        return;
    };
    let recs = read_json(&dir.join("open5gs_srsenb.pcapng"));
    let gtp: Vec<&Value> = recs.iter().filter(|r| r["protocol"] == "gtpv2").collect();
    assert_eq!(gtp.len(), 10);
    for r in &gtp {
        for end in ["src_node", "dst_node"] {
            if let Some(n) = r.get(end).and_then(Value::as_str) {
                assert!(!n.starts_with("eNB"), "{end} of {r}");
            }
        }
    }
    // The MME's S11 side and the S-GW are named by the roles of their F-TEIDs.
    let csr = gtp
        .iter()
        .find(|r| r["message"] == "CreateSessionRequest")
        .unwrap();
    assert_eq!(node(csr, "src_node"), "MME 127.0.0.2");
    let s1: Vec<&Value> = recs.iter().filter(|r| r["protocol"] == "s1ap").collect();
    assert!(s1
        .iter()
        .any(|r| r.get("src_node").and_then(Value::as_str)
            == Some("eNB 901-70:macro:19b (srsenb01)")));
}
