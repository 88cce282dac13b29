//! Synthesize -> write -> read round trips of the capture pipeline, and its behaviour on
//! damaged files.

use std::io::Cursor;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use keyhop::capture::synth::{
    self, Chunk, DataFlags, Dir, LinkSpec, PcapFileWriter, PcapNgFileWriter, SctpAssoc,
};
use keyhop::capture::{
    linktype, AppProto, CaptureError, CaptureReader, ErrorKind, Limits, Protocol, Timestamp,
    Transport,
};

/// One expected payload: frame number, protocol, octets.
type Expected = (u64, AppProto, Vec<u8>);

/// A well-formed S1AP PDU of about `n` octets (DownlinkNASTransport with a ciphered NAS-PDU),
/// so that tshark decodes the synthesized captures cleanly.
fn msg(seed: u8, n: usize) -> Vec<u8> {
    synth::s1ap_downlink_nas(
        seed,
        seed,
        &synth::ciphered_nas(seed, n.saturating_sub(30).max(1)),
    )
}

fn gtpv2(seed: u8, n: usize) -> Vec<u8> {
    synth::gtpv2_echo_request(u32::from(seed), n)
}

fn gtpv1(seed: u8) -> Vec<u8> {
    synth::gtpv1_echo_request(u16::from(seed))
}

/// A capture under construction: frames (timestamp, IP packet) and the payloads expected.
#[derive(Default)]
struct Scenario {
    frames: Vec<(Timestamp, Vec<u8>)>,
    expected: Vec<Expected>,
}

impl Scenario {
    fn push(&mut self, ip: Vec<u8>) -> u64 {
        let n = self.frames.len() as u64;
        let ts = Timestamp {
            secs: 1_700_000_000 + (n / 1000) as i64,
            nanos: (n % 1000) as u32 * 1_000_000 + 123_457,
        };
        self.frames.push((ts, ip));
        n + 1
    }

    fn expect(&mut self, frame: u64, app: AppProto, data: &[u8]) {
        self.expected.push((frame, app, data.to_vec()));
    }

    /// The traffic of every feature, over addresses of one family.
    fn build(v6: bool) -> Scenario {
        let (a, b, c) = if v6 {
            ("[2001:db8::1]", "[2001:db8::2]", "[2001:db8::3]")
        } else {
            ("10.0.0.1", "10.0.0.2", "10.0.0.3")
        };
        let sa = |h: &str, p: u16| -> SocketAddr { format!("{h}:{p}").parse().unwrap() };
        let mut s = Scenario::default();

        // S1AP association: handshake, then bundled DATA chunks with SACK and HEARTBEAT.
        let mut s1 = SctpAssoc::new(sa(a, 36412), sa(b, 36412));
        for (d, p) in s1.handshake() {
            s.push(s1.ip_packet(d, &p));
        }
        let (m1, m2, m3) = (msg(1, 40), msg(2, 75), synth::x2ap_error_indication());
        let mut chunks = vec![Chunk::Sack { cum_tsn: 4999 }];
        chunks.extend(s1.message(Dir::Forward, 1, 18, &m1, 1400));
        chunks.extend(s1.message(Dir::Forward, 2, 18, &m2, 1400));
        chunks.push(Chunk::Heartbeat(vec![9; 12]));
        // PPID 27 on the S1AP port: the PPID decides (X2AP).
        chunks.extend(s1.message(Dir::Forward, 3, 27, &m3, 1400));
        let f = s.push(s1.ip_packet(Dir::Forward, &s1.packet(Dir::Forward, &chunks)));
        s.expect(f, AppProto::S1ap, &m1);
        s.expect(f, AppProto::S1ap, &m2);
        s.expect(f, AppProto::X2ap, &m3);

        // A 5000-octet message in 4 fragments, sent out of order with a retransmission.
        let big = msg(4, 5000);
        let frags = s1.message(Dir::Reverse, 1, 18, &big, 1400);
        assert_eq!(frags.len(), 4);
        for i in [2usize, 0, 3, 0] {
            s.push(s1.ip_packet(Dir::Reverse, &s1.packet(Dir::Reverse, &[frags[i].clone()])));
        }
        let f = s.push(s1.ip_packet(Dir::Reverse, &s1.packet(Dir::Reverse, &[frags[1].clone()])));
        s.expect(f, AppProto::S1ap, &big);
        // The whole message retransmitted afterwards: decoded once.
        for fr in &frags {
            s.push(s1.ip_packet(
                Dir::Reverse,
                &s1.packet(Dir::Reverse, std::slice::from_ref(fr)),
            ));
        }
        // A retransmitted unfragmented chunk bundled with a new one: only the new one counts.
        let m5 = msg(5, 60);
        let mut again = vec![chunks[1].clone()];
        again.extend(s1.message(Dir::Forward, 1, 18, &m5, 1400));
        let f = s.push(s1.ip_packet(Dir::Forward, &s1.packet(Dir::Forward, &again)));
        s.expect(f, AppProto::S1ap, &m5);

        // I-DATA: a 3000-octet message in 3 fragments, last first.
        let m6 = msg(6, 3000);
        let idata = s1.message_idata(Dir::Forward, 4, 18, &m6, 1200);
        for i in [2usize, 0] {
            s.push(s1.ip_packet(Dir::Forward, &s1.packet(Dir::Forward, &[idata[i].clone()])));
        }
        let f = s.push(s1.ip_packet(Dir::Forward, &s1.packet(Dir::Forward, &[idata[1].clone()])));
        s.expect(f, AppProto::S1ap, &m6);

        // X2AP association by port, PPID 0; other SCTP traffic (port 9999, PPID 99) is ignored.
        let mut x2 = SctpAssoc::new(sa(a, 40000), sa(c, 36422));
        let m7 = synth::x2ap_error_indication();
        let ch = x2.message(Dir::Forward, 0, 0, &m7, 1400);
        let f = s.push(x2.ip_packet(Dir::Forward, &x2.packet(Dir::Forward, &ch)));
        s.expect(f, AppProto::X2ap, &m7);
        let mut dia = SctpAssoc::new(sa(a, 9999), sa(c, 9999));
        let ch = dia.message(Dir::Forward, 0, 99, &msg(8, 100), 1400);
        s.push(dia.ip_packet(Dir::Forward, &dia.packet(Dir::Forward, &ch)));

        // SCTP in fragmented IP: a 3000-octet S1AP message in one chunk, IP fragments reversed.
        let m9 = msg(9, 3000);
        let ch = s1.message(Dir::Forward, 5, 18, &m9, 4000);
        let pkt = s1.packet(Dir::Forward, &ch);
        let (src, dst, _) = s1.endpoints(Dir::Forward);
        let mut ipf = match (src.ip(), dst.ip()) {
            (IpAddr::V4(x), IpAddr::V4(y)) => {
                synth::ipv4_fragments(x, y, synth::IPPROTO_SCTP, 777, &pkt, 1500)
            }
            (IpAddr::V6(x), IpAddr::V6(y)) => {
                synth::ipv6_fragments(x, y, synth::IPPROTO_SCTP, 777, &pkt, 1280)
            }
            _ => unreachable!(),
        };
        assert!(ipf.len() >= 3);
        ipf.reverse();
        let last = ipf.into_iter().map(|p| s.push(p)).last().unwrap();
        s.expect(last, AppProto::S1ap, &m9);

        // GTP-C over UDP: GTPv2 small, GTPv2 4000 octets IP-fragmented, GTPv1; GTP-U ignored.
        let (u1, u2) = (sa(a, 2123), sa(c, 2123));
        let g1 = gtpv2(10, 80);
        let f = s.push(synth::ip_packet(
            u1.ip(),
            u2.ip(),
            synth::IPPROTO_UDP,
            9,
            &synth::udp(u1, u2, &g1),
        ));
        s.expect(f, AppProto::Gtpv2c, &g1);
        // The same behind IPv4 options (router alert) or IPv6 extension headers
        // (hop-by-hop, routing, destination options).
        let g1b = gtpv2(13, 20);
        let dg = synth::udp(u1, u2, &g1b);
        let p = match (u1.ip(), u2.ip()) {
            (IpAddr::V4(x), IpAddr::V4(y)) => {
                synth::ipv4(x, y, 17, 12, &[0x94, 0x04, 0, 0, 1], &dg)
            }
            (IpAddr::V6(x), IpAddr::V6(y)) => {
                let mut ext = synth::ipv6_options_header(43, 0);
                // Segment routing header (type 4, 24 octets) whose last segment is reached.
                ext.extend_from_slice(&[60, 2, 4, 0, 0, 0, 0, 0]);
                ext.extend_from_slice(&y.octets());
                ext.extend(synth::ipv6_options_header(17, 1));
                synth::ipv6(x, y, 0, &ext, &dg)
            }
            _ => unreachable!(),
        };
        let f = s.push(p);
        s.expect(f, AppProto::Gtpv2c, &g1b);
        let g2 = gtpv2(11, 4000);
        let dgram = synth::udp(u2, u1, &g2);
        let frs = match (u2.ip(), u1.ip()) {
            (IpAddr::V4(x), IpAddr::V4(y)) => {
                synth::ipv4_fragments(x, y, synth::IPPROTO_UDP, 4242, &dgram, 1500)
            }
            (IpAddr::V6(x), IpAddr::V6(y)) => {
                synth::ipv6_fragments(x, y, synth::IPPROTO_UDP, 4242, &dgram, 1500)
            }
            _ => unreachable!(),
        };
        let last = frs.into_iter().map(|p| s.push(p)).last().unwrap();
        s.expect(last, AppProto::Gtpv2c, &g2);
        let g3 = gtpv1(12);
        let f = s.push(synth::ip_packet(
            u1.ip(),
            u2.ip(),
            synth::IPPROTO_UDP,
            10,
            &synth::udp(sa(a, 50000), u2, &g3),
        ));
        s.expect(f, AppProto::Gtpv1c, &g3);
        // GTP-U G-PDU carrying a whole inner UDP packet: ignored.
        let inner = synth::ipv4(
            "192.0.2.1".parse().unwrap(),
            "192.0.2.2".parse().unwrap(),
            17,
            1,
            &[],
            &synth::udp(
                "192.0.2.1:5000".parse().unwrap(),
                "192.0.2.2:5001".parse().unwrap(),
                b"user data",
            ),
        );
        let mut gpdu = vec![0x30, 0xff];
        gpdu.extend_from_slice(&(inner.len() as u16).to_be_bytes());
        gpdu.extend_from_slice(&[0, 0, 0, 1]);
        gpdu.extend_from_slice(&inner);
        let gu = synth::udp(sa(a, 2152), sa(c, 2152), &gpdu);
        s.push(synth::ip_packet(
            u1.ip(),
            u2.ip(),
            synth::IPPROTO_UDP,
            11,
            &gu,
        ));
        s
    }

    fn write_pcap(&self, link: &LinkSpec, nanos: bool, big: bool) -> Vec<u8> {
        let mut w = PcapFileWriter::new(Vec::new(), link.link_type(), nanos, big).unwrap();
        for (ts, ip) in &self.frames {
            w.write(*ts, &link.frame(ip)).unwrap();
        }
        w.finish().unwrap()
    }

    fn write_pcapng(&self, link: &LinkSpec, tsresol: u8, big: bool) -> Vec<u8> {
        let mut w = PcapNgFileWriter::new(Vec::new(), big).unwrap();
        let i = w.add_interface(link.link_type(), tsresol).unwrap();
        for (ts, ip) in &self.frames {
            w.write(i, *ts, &link.frame(ip)).unwrap();
        }
        w.finish().unwrap()
    }
}

/// Reads a capture and returns (payloads, number of frames, issues, frame timestamps).
fn read_all(bytes: &[u8]) -> (Vec<Expected>, u64, Vec<String>, Vec<Timestamp>) {
    let mut r = CaptureReader::new(Cursor::new(bytes)).expect("capture opens");
    let mut got = Vec::new();
    let mut issues = Vec::new();
    let mut ts = Vec::new();
    let mut frames = 0;
    while let Some(f) = r.next_frame() {
        let f = f.expect("no framing error");
        frames += 1;
        assert_eq!(f.number, frames);
        ts.push(f.timestamp);
        for i in f.issues {
            issues.push(format!("frame {}: {i}", f.number));
        }
        for p in f.payloads() {
            got.push((f.number, p.app, p.data.to_vec()));
        }
    }
    (got, frames, issues, ts)
}

fn check(s: &Scenario, bytes: &[u8], what: &str) {
    let (got, frames, issues, _) = read_all(bytes);
    assert_eq!(frames, s.frames.len() as u64, "{what}");
    assert!(issues.is_empty(), "{what}: {issues:?}");
    let summary = |v: &[Expected]| {
        v.iter()
            .map(|(f, a, d)| (*f, *a, d.len()))
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(&got), summary(&s.expected), "{what}");
    assert!(got == s.expected, "{what}: payload octets differ");
}

#[test]
fn every_feature_over_ipv4_ethernet_pcap_and_pcapng() {
    let s = Scenario::build(false);
    let eth = LinkSpec::ethernet();
    check(&s, &s.write_pcap(&eth, false, false), "pcap le us");
    check(&s, &s.write_pcap(&eth, true, true), "pcap be ns");
    check(&s, &s.write_pcapng(&eth, 9, false), "pcapng le ns");
    check(&s, &s.write_pcapng(&eth, 6, true), "pcapng be us");
}

#[test]
fn every_feature_over_ipv6() {
    let s = Scenario::build(true);
    check(
        &s,
        &s.write_pcapng(&LinkSpec::ethernet(), 9, false),
        "ipv6 ethernet",
    );
    check(&s, &s.write_pcap(&LinkSpec::Raw, true, false), "ipv6 raw");
}

#[test]
fn every_link_type() {
    let s = Scenario::build(false);
    for link in [
        LinkSpec::vlan(&[100]),
        LinkSpec::vlan(&[10, 20]),
        LinkSpec::Sll,
        LinkSpec::Sll2,
        LinkSpec::Raw,
        LinkSpec::Null,
        LinkSpec::Loop,
    ] {
        check(&s, &s.write_pcapng(&link, 9, false), &format!("{link:?}"));
    }
    let s6 = Scenario::build(true);
    for link in [LinkSpec::vlan(&[10, 20]), LinkSpec::Sll2, LinkSpec::Null] {
        check(
            &s6,
            &s6.write_pcap(&link, false, true),
            &format!("v6 {link:?}"),
        );
    }
}

#[test]
fn payload_details() {
    let s = Scenario::build(false);
    let bytes = s.write_pcapng(&LinkSpec::ethernet(), 9, false);
    let mut r = CaptureReader::new(Cursor::new(&bytes[..])).unwrap();
    let mut seen_big = false;
    let mut seen_bundle = false;
    while let Some(f) = r.next_frame() {
        let f = f.unwrap();
        assert!(
            f.notes.iter().all(|n| n.protocol == Protocol::Sctp),
            "{:?}",
            f.notes
        );
        let ps: Vec<_> = f.payloads().collect();
        if ps.len() == 3 {
            seen_bundle = true;
            let tsns: Vec<u32> = ps
                .iter()
                .map(|p| match p.transport {
                    Transport::Sctp(i) => i.tsn,
                    Transport::Udp => panic!("udp"),
                })
                .collect();
            assert_eq!(tsns, vec![1000, 1001, 1002]);
            assert_eq!(ps[0].src, "10.0.0.1:36412".parse::<SocketAddr>().unwrap());
            assert_eq!(ps[0].assoc_key(), ps[1].assoc_key());
        }
        for p in ps {
            if let Transport::Sctp(i) = p.transport {
                if i.fragments == 4 {
                    seen_big = true;
                    assert_eq!(i.stream, 1);
                    assert_eq!(i.ppid, 18);
                    assert_eq!(i.tsn, 5000);
                    assert!(i.first_frame < f.number);
                    assert_eq!(p.src, "10.0.0.2:36412".parse::<SocketAddr>().unwrap());
                }
            }
        }
    }
    assert!(seen_big && seen_bundle);
    let st = r.stats();
    // One fragment retransmitted while held, four after delivery, one whole chunk.
    assert_eq!(st.sctp_duplicates, 6);
    assert_eq!(st.sctp_reassembled, 2);
    assert_eq!(st.ip_reassembled, 2);
    assert_eq!(st.payloads, s.expected.len() as u64);
}

#[test]
fn pcapng_sections_interfaces_tsresol_and_simple_packets() {
    let s = Scenario::build(false);
    let mut w = PcapNgFileWriter::new(Vec::new(), false).unwrap();
    let eth = w.add_interface(linktype::ETHERNET, 6).unwrap();
    let sll = w.add_interface(linktype::LINUX_SLL, 9).unwrap();
    let bin = w.add_interface(linktype::RAW, 0x80 | 30).unwrap();
    let half = s.frames.len() / 2;
    let mut want_ts = Vec::new();
    for (k, (ts, ip)) in s.frames[..half].iter().enumerate() {
        let (i, l, t) = match k % 3 {
            0 => (
                eth,
                LinkSpec::ethernet(),
                Timestamp {
                    nanos: ts.nanos / 1000 * 1000,
                    ..*ts
                },
            ),
            1 => (sll, LinkSpec::Sll, *ts),
            _ => (bin, LinkSpec::Raw, *ts),
        };
        w.write(i, *ts, &l.frame(ip)).unwrap();
        want_ts.push(t);
    }
    // Second section, big-endian, SLL2 only, first packet as a simple packet block.
    w.new_section(true).unwrap();
    let i2 = w.add_interface(linktype::LINUX_SLL2, 9).unwrap();
    for (k, (ts, ip)) in s.frames[half..].iter().enumerate() {
        if k == 0 {
            w.write_simple(&LinkSpec::Sll2.frame(ip)).unwrap();
            let prev = *want_ts.last().unwrap();
            want_ts.push(prev);
        } else {
            w.write(i2, *ts, &LinkSpec::Sll2.frame(ip)).unwrap();
            want_ts.push(*ts);
        }
    }
    let bytes = w.finish().unwrap();
    let (got, frames, issues, ts) = read_all(&bytes);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(frames, s.frames.len() as u64);
    assert_eq!(got, s.expected);
    for (k, (a, b)) in ts.iter().zip(&want_ts).enumerate() {
        // 2^-30 s units lose under a nanosecond.
        assert_eq!(a.secs, b.secs, "frame {}", k + 1);
        assert!(
            a.nanos.abs_diff(b.nanos) <= 1,
            "frame {}: {a:?} {b:?}",
            k + 1
        );
    }
}

#[test]
fn open_errors_are_clear() {
    let missing = CaptureReader::open("/nonexistent/keyhop/none.pcap")
        .err()
        .unwrap();
    assert!(matches!(missing, CaptureError::Io { .. }));
    assert!(
        missing
            .to_string()
            .contains("cannot open /nonexistent/keyhop/none.pcap"),
        "{missing}"
    );
    let empty = CaptureReader::new(Cursor::new(Vec::new())).err().unwrap();
    assert!(matches!(empty, CaptureError::Empty), "{empty}");
    assert!(empty.to_string().contains("empty"));
    let garbage = CaptureReader::new(Cursor::new(b"GET / HTTP/1.1\r\n\r\n".to_vec()))
        .err()
        .unwrap();
    assert!(
        matches!(garbage, CaptureError::NotCapture { ref magic } if magic == "47455420"),
        "{garbage}"
    );
    let short = CaptureReader::new(Cursor::new(vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0]))
        .err()
        .unwrap();
    assert!(
        matches!(
            short,
            CaptureError::Truncated {
                offset: 0,
                needed: 24,
                present: 6
            }
        ),
        "{short}"
    );
}

/// Reads until the end; returns frames read and the final error.
fn read_to_error(bytes: &[u8]) -> (u64, Option<CaptureError>) {
    let mut r = match CaptureReader::new(Cursor::new(bytes)) {
        Ok(r) => r,
        Err(e) => return (0, Some(e)),
    };
    let mut n = 0;
    let mut last = None;
    while let Some(f) = r.next_frame() {
        match f {
            Ok(_) => n += 1,
            Err(e) => {
                assert!(last.is_none(), "only one error");
                last = Some(e);
            }
        }
    }
    assert!(r.next_frame().is_none());
    (n, last)
}

#[test]
fn truncated_files_keep_every_whole_record() {
    let s = Scenario::build(false);
    let eth = LinkSpec::ethernet();
    for (name, bytes) in [
        ("pcap", s.write_pcap(&eth, true, false)),
        ("pcapng", s.write_pcapng(&eth, 9, false)),
    ] {
        // Record boundaries: cutting exactly there is a clean end, anywhere else a truncation.
        let total = s.frames.len() as u64;
        let mut clean_ends = 0;
        for cut in (30..bytes.len()).step_by(7).chain([bytes.len() - 1]) {
            let (n, err) = read_to_error(&bytes[..cut]);
            assert!(n < total, "{name} cut {cut}");
            match err {
                Some(CaptureError::Truncated {
                    offset,
                    needed,
                    present,
                }) => {
                    assert!(offset < cut as u64 && present < needed, "{name} cut {cut}");
                    assert_eq!(offset + present, cut as u64, "{name} cut {cut}");
                }
                None => clean_ends += 1,
                Some(e) => panic!("{name} cut {cut}: {e}"),
            }
        }
        assert!(clean_ends < 10, "{name}");
        // The frames before the cut are all there: cut in the middle of the last record.
        let (n, err) = read_to_error(&bytes[..bytes.len() - 3]);
        assert_eq!(n, total - 1, "{name}");
        assert!(err.unwrap().to_string().contains("truncated"));
    }
}

#[test]
fn damaged_framing_stops_with_an_error_after_the_good_frames() {
    let s = Scenario::build(false);
    let mut bytes = s.write_pcapng(&LinkSpec::ethernet(), 9, false);
    // The third block after the SHB and IDB: find it by walking lengths.
    let mut at = 0;
    let mut blocks = Vec::new();
    while at + 8 <= bytes.len() {
        blocks.push(at);
        at += u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
    }
    let third_packet = blocks[4];
    bytes[third_packet + 4..third_packet + 8].copy_from_slice(&7u32.to_le_bytes());
    let (n, err) = read_to_error(&bytes);
    assert_eq!(n, 2);
    let e = err.unwrap();
    assert!(
        matches!(e, CaptureError::Damaged(ref d) if d.protocol == Protocol::Capture),
        "{e}"
    );
    assert!(e.to_string().contains("impossible block length 7"), "{e}");
    // A pcap record claiming 1 GiB.
    let mut p = s.write_pcap(&LinkSpec::ethernet(), true, false);
    let rec2 = 24 + 16 + u32::from_le_bytes(p[24 + 8..24 + 12].try_into().unwrap()) as usize;
    p[rec2 + 8..rec2 + 12].copy_from_slice(&(1u32 << 30).to_le_bytes());
    let (n, err) = read_to_error(&p);
    assert_eq!(n, 1);
    assert!(matches!(err, Some(CaptureError::Damaged(_))));
}

/// A tiny deterministic generator for the fuzz-style tests.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn bit_flips_and_garbage_never_panic() {
    let s = Scenario::build(false);
    let s6 = Scenario::build(true);
    let files = [
        s.write_pcapng(&LinkSpec::vlan(&[1, 2]), 9, false),
        s.write_pcap(&LinkSpec::Sll, false, true),
        s6.write_pcapng(&LinkSpec::Sll2, 6, true),
        s6.write_pcap(&LinkSpec::Null, true, false),
    ];
    let mut rng = Lcg(7);
    let mut issues = 0u64;
    // KEYHOP_FUZZ_ROUNDS raises the count for a longer run by hand.
    let rounds: usize = std::env::var("KEYHOP_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    for round in 0..rounds {
        let mut b = files[round % files.len()].clone();
        let flips = 1 + rng.next() % 40;
        for _ in 0..flips {
            let i = (rng.next() as usize) % b.len();
            b[i] ^= 1 << (rng.next() % 8);
        }
        if round % 10 == 0 {
            // Random octets in a run.
            let at = (rng.next() as usize) % b.len();
            for x in b.iter_mut().skip(at).take(64) {
                *x = rng.next() as u8;
            }
        }
        if let Ok(mut r) = CaptureReader::new(Cursor::new(&b[..])) {
            while let Some(f) = r.next_frame() {
                if let Ok(f) = f {
                    issues += f.issues.len() as u64;
                    for p in f.payloads() {
                        assert!(!p.data.is_empty());
                    }
                }
            }
        }
    }
    assert!(issues > 0, "flipped bits should damage some layers");
    // Every packet, every single-bit flip, through the dissector directly.
    let mut d = keyhop::capture::Dissector::new(Limits::default());
    for (k, (ts, ip)) in s.frames.iter().enumerate().take(12) {
        let f = LinkSpec::vlan(&[5]).frame(ip);
        for bit in 0..f.len() * 8 {
            let mut g = f.clone();
            g[bit / 8] ^= 1 << (bit % 8);
            let _ = d
                .dissect(k as u64, *ts, linktype::ETHERNET, &g)
                .payload_count();
        }
        for cut in 0..f.len() {
            let _ = d
                .dissect(k as u64, *ts, linktype::ETHERNET, &f[..cut])
                .payload_count();
        }
    }
    // Pure garbage of every link type.
    for lt in [0, 1, 101, 108, 113, 228, 229, 276, 12345] {
        for n in 0..200 {
            let g: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            let _ = d.dissect(1, Timestamp::default(), lt, &g).payload_count();
        }
    }
}

#[test]
fn damaged_layers_are_reported_and_later_frames_still_read() {
    let s = Scenario::build(false);
    let eth = LinkSpec::ethernet();
    let mut w = PcapFileWriter::new(Vec::new(), linktype::ETHERNET, true, false).unwrap();
    let ts = Timestamp { secs: 1, nanos: 0 };
    // Frame 1: IPv4 total length beyond the frame.
    let mut bad_ip = s.frames[4].1.clone();
    bad_ip[2] = 0xff;
    w.write(ts, &eth.frame(&bad_ip)).unwrap();
    // Frame 2: an SCTP chunk length running past the packet.
    let mut bad_chunk = s.frames[4].1.clone();
    let l = bad_chunk.len();
    bad_chunk[20 + 12 + 2] = 0x7f;
    bad_chunk.truncate(l);
    w.write(ts, &eth.frame(&bad_chunk)).unwrap();
    // Frame 3: cut Ethernet header.
    w.write(ts, &[0u8; 9]).unwrap();
    // Frame 4: a good bundled packet.
    w.write(ts, &eth.frame(&s.frames[4].1)).unwrap();
    let bytes = w.finish().unwrap();
    let mut r = CaptureReader::new(Cursor::new(&bytes[..])).unwrap();
    let mut kinds = Vec::new();
    while let Some(f) = r.next_frame() {
        let f = f.unwrap();
        let issue = f
            .issues
            .first()
            .map(|e| (e.protocol, e.kind, e.byte_offset()));
        kinds.push((f.number, issue, f.payload_count()));
    }
    assert_eq!(
        kinds,
        vec![
            (1, Some((Protocol::Ip, ErrorKind::Truncated, 14 + 2)), 0),
            (
                2,
                Some((Protocol::Sctp, ErrorKind::Truncated, 14 + 20 + 12 + 2)),
                0
            ),
            (3, Some((Protocol::Link, ErrorKind::Truncated, 9)), 0),
            (4, None, 3),
        ]
    );
}

#[test]
fn sctp_reassembly_limits_evict_and_report() {
    let limits = Limits {
        sctp_max_messages: 8,
        sctp_max_stream_bytes: 10_000,
        sctp_max_bytes: 40_000,
        sctp_timeout_ns: 5_000_000_000,
        ..Limits::default()
    };
    let mut d = keyhop::capture::Dissector::new(limits);
    let eth = LinkSpec::ethernet();
    let mut evictions = 0;
    // 50 associations each leaving a first fragment of 3000 octets, never completed.
    for k in 0..50u16 {
        let mut a = SctpAssoc::new(
            format!("10.1.0.{}:36412", k % 200 + 1).parse().unwrap(),
            format!("10.2.0.1:{}", 36412).parse().unwrap(),
        );
        // Each its own association: its own tags (the ports are all alike).
        a.server_tag ^= u32::from(k) << 8;
        let frags = a.message(Dir::Forward, 0, 18, &msg(1, 6000), 3000);
        let p = a.ip_packet(Dir::Forward, &a.packet(Dir::Forward, &frags[..1]));
        let ts = Timestamp {
            secs: 100,
            nanos: u32::from(k),
        };
        let fr = eth.frame(&p);
        let f = d.dissect(u64::from(k) + 1, ts, linktype::ETHERNET, &fr);
        for e in f.issues {
            assert_eq!((e.protocol, e.kind), (Protocol::Sctp, ErrorKind::Limit));
            assert!(e.detail.contains("too many messages"), "{e}");
            evictions += 1;
        }
    }
    assert_eq!(evictions, 42);
    assert_eq!(d.stats().sctp_evicted, 42);
    // Per-stream octet limit: one stream fed 5 fragments of 3000 without an end.
    let mut a = SctpAssoc::new(
        "10.9.0.1:36412".parse().unwrap(),
        "10.9.0.2:36412".parse().unwrap(),
    );
    let frags = a.message(Dir::Forward, 7, 18, &msg(2, 15_000), 3000);
    let mut per_stream = 0;
    for (i, c) in frags[..4].iter().enumerate() {
        let p = a.ip_packet(
            Dir::Forward,
            &a.packet(Dir::Forward, std::slice::from_ref(c)),
        );
        let fr = eth.frame(&p);
        let f = d.dissect(
            100 + i as u64,
            Timestamp {
                secs: 101,
                nanos: 0,
            },
            linktype::ETHERNET,
            &fr,
        );
        per_stream += f
            .issues
            .iter()
            .filter(|e| e.detail.contains("per-stream"))
            .count();
    }
    assert_eq!(per_stream, 1);
    // Timeout in capture time: a frame 6 s later drops everything held.
    let p = synth::ip_packet(
        IpAddr::V6(Ipv6Addr::LOCALHOST),
        IpAddr::V6(Ipv6Addr::LOCALHOST),
        17,
        0,
        &synth::udp("[::1]:1".parse().unwrap(), "[::1]:2".parse().unwrap(), b"x"),
    );
    let f = d.dissect(
        200,
        Timestamp {
            secs: 108,
            nanos: 0,
        },
        linktype::RAW,
        &p,
    );
    assert!(!f.issues.is_empty());
    assert!(
        f.issues.iter().all(|e| e.detail.contains("timed out")),
        "{:?}",
        f.issues
    );
    // After the drop, a complete fragmented message still reassembles.
    let mut a = SctpAssoc::new(
        "10.9.1.1:36412".parse().unwrap(),
        "10.9.1.2:36412".parse().unwrap(),
    );
    let m = msg(3, 9000);
    let frags = a.message(Dir::Forward, 0, 18, &m, 3000);
    let mut got = None;
    for (i, c) in frags.iter().enumerate() {
        let p = a.ip_packet(
            Dir::Forward,
            &a.packet(Dir::Forward, std::slice::from_ref(c)),
        );
        let fr = eth.frame(&p);
        let f = d.dissect(
            300 + i as u64,
            Timestamp {
                secs: 109,
                nanos: 0,
            },
            linktype::ETHERNET,
            &fr,
        );
        if let Some(pl) = f.payloads().next() {
            got = Some(pl.data.to_vec());
        };
    }
    assert_eq!(got, Some(m));
}

#[test]
fn ip_reassembly_limits_evict_and_report() {
    let limits = Limits {
        ip_frag_max_datagrams: 16,
        ip_frag_max_per_flow: 4,
        ..Limits::default()
    };
    let mut d = keyhop::capture::Dissector::new(limits);
    let mut evicted = 0;
    for id in 0..40u16 {
        let u = synth::udp(
            "10.0.0.1:2123".parse().unwrap(),
            "10.0.0.2:2123".parse().unwrap(),
            &gtpv2(1, 3000),
        );
        let frs = synth::ipv4_fragments(
            "10.0.0.1".parse().unwrap(),
            "10.0.0.2".parse().unwrap(),
            17,
            id,
            &u,
            1500,
        );
        let f = d.dissect(
            u64::from(id) + 1,
            Timestamp { secs: 5, nanos: 0 },
            linktype::RAW,
            &frs[0],
        );
        for e in f.issues {
            assert_eq!((e.protocol, e.kind), (Protocol::Ip, ErrorKind::Limit));
            assert!(e.detail.contains("between these hosts"), "{e}");
            evicted += 1;
        }
    }
    assert_eq!(evicted, 36);
    assert_eq!(d.stats().ip_evicted, 36);
}

#[test]
fn interleaved_streams_and_associations_reassemble_independently() {
    let mut a = SctpAssoc::new(
        "10.0.0.1:36412".parse().unwrap(),
        "10.0.0.2:36412".parse().unwrap(),
    );
    let mut b = SctpAssoc::new(
        "10.0.0.3:36422".parse().unwrap(),
        "10.0.0.2:36422".parse().unwrap(),
    );
    let (ma, mb, mc) = (msg(1, 4000), msg(2, 4000), msg(3, 2500));
    let fa = a.message(Dir::Forward, 1, 18, &ma, 1000);
    let fb = b.message(Dir::Reverse, 1, 27, &mb, 1000);
    let fc = a.message(Dir::Reverse, 2, 18, &mc, 1000);
    let mut d = keyhop::capture::Dissector::new(Limits::default());
    let eth = LinkSpec::ethernet();
    let mut got = Vec::new();
    let mut n = 0;
    let most = fa.len().max(fb.len()).max(fc.len());
    for i in (0..most).rev() {
        for which in 0..3 {
            let (assoc, dir, frags) = match which {
                0 => (&mut a, Dir::Forward, &fa),
                1 => (&mut b, Dir::Reverse, &fb),
                _ => (&mut a, Dir::Reverse, &fc),
            };
            if let Some(c) = frags.get(i) {
                n += 1;
                let p = assoc.ip_packet(
                    dir,
                    &assoc.packet(dir, &[c.clone(), Chunk::Sack { cum_tsn: 1 }]),
                );
                let fr = eth.frame(&p);
                let f = d.dissect(n, Timestamp::default(), linktype::ETHERNET, &fr);
                got.extend(f.payloads().map(|p| (p.app, p.data.to_vec())));
            }
        }
    }
    got.sort();
    let mut want = vec![
        (AppProto::S1ap, ma),
        (AppProto::X2ap, mb),
        (AppProto::S1ap, mc),
    ];
    want.sort();
    assert!(got == want, "{} payloads, want {}", got.len(), want.len());
}

#[test]
fn unordered_data_flag_is_reported() {
    let mut a = SctpAssoc::new(
        "10.0.0.1:36412".parse().unwrap(),
        "10.0.0.2:36412".parse().unwrap(),
    );
    let c = Chunk::Data {
        tsn: 1,
        stream: 0,
        ssn: 0,
        ppid: 18,
        flags: DataFlags {
            unordered: true,
            ..DataFlags::WHOLE
        },
        data: msg(1, 10),
    };
    let p = a.ip_packet(Dir::Forward, &a.packet(Dir::Forward, &[c]));
    let mut d = keyhop::capture::Dissector::new(Limits::default());
    let f = d.dissect(1, Timestamp::default(), linktype::RAW, &p);
    let pl: Vec<_> = f.payloads().collect();
    assert_eq!(pl.len(), 1);
    assert!(matches!(pl[0].transport, Transport::Sctp(i) if i.unordered && i.fragments == 1));
}

/// Writes the synthesized scenario in several encapsulations into $KEYHOP_SYNTH_OUT, for
/// checking with `tshark -r FILE -z expert` by hand.
#[test]
#[ignore = "writes files for a manual tshark check"]
fn write_samples_for_tshark() {
    let dir = std::path::PathBuf::from(
        std::env::var_os("KEYHOP_SYNTH_OUT").expect("set KEYHOP_SYNTH_OUT"),
    );
    let s = Scenario::build(false);
    let s6 = Scenario::build(true);
    std::fs::write(
        dir.join("v4_eth.pcapng"),
        s.write_pcapng(&LinkSpec::ethernet(), 9, false),
    )
    .unwrap();
    std::fs::write(
        dir.join("v4_qinq_be.pcap"),
        s.write_pcap(&LinkSpec::vlan(&[10, 20]), false, true),
    )
    .unwrap();
    std::fs::write(
        dir.join("v4_sll2.pcapng"),
        s.write_pcapng(&LinkSpec::Sll2, 6, true),
    )
    .unwrap();
    std::fs::write(
        dir.join("v6_eth.pcapng"),
        s6.write_pcapng(&LinkSpec::ethernet(), 9, false),
    )
    .unwrap();
    std::fs::write(
        dir.join("v6_sll.pcap"),
        s6.write_pcap(&LinkSpec::Sll, true, false),
    )
    .unwrap();
    std::fs::write(
        dir.join("v4_null.pcap"),
        s.write_pcap(&LinkSpec::Null, true, false),
    )
    .unwrap();
}

#[test]
fn interface_descriptions_are_bounded() {
    let mut w = PcapNgFileWriter::new(Vec::new(), false).unwrap();
    for _ in 0..4100 {
        w.add_interface(linktype::RAW, 9).unwrap();
    }
    let ip = synth::ip_packet(
        "10.0.0.1".parse().unwrap(),
        "10.0.0.2".parse().unwrap(),
        17,
        1,
        &synth::udp(
            "10.0.0.1:2123".parse().unwrap(),
            "10.0.0.2:2123".parse().unwrap(),
            &gtpv2(1, 10),
        ),
    );
    w.write(4095, Timestamp { secs: 5, nanos: 0 }, &ip).unwrap();
    w.write(4099, Timestamp { secs: 6, nanos: 0 }, &ip).unwrap();
    let bytes = w.finish().unwrap();
    let mut r = CaptureReader::new(Cursor::new(&bytes[..])).unwrap();
    let f = r.next_frame().unwrap().unwrap();
    assert_eq!(f.payload_count(), 1);
    // The four descriptions over the cap are reported with the next frame.
    assert_eq!(f.issues.len(), 4);
    assert!(f
        .issues
        .iter()
        .all(|e| e.kind == ErrorKind::Limit && e.protocol == Protocol::Capture));
    let f = r.next_frame().unwrap().unwrap();
    assert_eq!(f.payload_count(), 0);
    assert_eq!(f.issues.len(), 1);
    assert!(
        f.issues[0].detail.contains("interface 4099"),
        "{}",
        f.issues[0]
    );
    assert!(r.next_frame().is_none());
}

/// A wrong SCTP checksum is noted at the checksum field (a zero one as left to the NIC), and
/// only on its packet, whether the packet's association header was seen before (its CRC kept)
/// or not; the right checksums of every other packet give no note.
#[test]
fn sctp_checksum_notes() {
    let mut s = Scenario::build(false);
    // IPv4 packets carrying SCTP: (frame index, offset of the SCTP header in the IP packet).
    let sctp: Vec<(usize, usize)> = s
        .frames
        .iter()
        .enumerate()
        .filter(|(_, (_, ip))| ip[0] >> 4 == 4 && ip[9] == 132 && ip[6] & 0x3f == 0 && ip[7] == 0)
        .map(|(i, (_, ip))| (i, usize::from(ip[0] & 0x0f) * 4))
        .collect();
    assert!(sctp.len() > 6, "{}", sctp.len());
    // The first packet (header not seen yet) and two later ones (header seen).
    let (bad, zero, late_bad) = (sctp[0], sctp[4], sctp[sctp.len() - 1]);
    for &(i, at) in &[bad, late_bad] {
        s.frames[i].1[at + 9] ^= 0x10;
    }
    s.frames[zero.0].1[zero.1 + 8..zero.1 + 12].fill(0);
    let bytes = s.write_pcapng(&LinkSpec::ethernet(), 9, false);
    let mut r = CaptureReader::new(Cursor::new(&bytes[..])).unwrap();
    let mut seen = 0;
    while let Some(f) = r.next_frame() {
        let f = f.unwrap();
        let i = (f.number - 1) as usize;
        let notes: Vec<_> = f
            .notes
            .iter()
            .filter(|n| n.what.contains("checksum"))
            .map(|n| (n.bit_offset, n.what.to_string()))
            .collect();
        let want = |at: usize, what: &str| vec![(((14 + at + 8) * 8) as u64, what.to_string())];
        if i == bad.0 || i == late_bad.0 {
            let at = if i == bad.0 { bad.1 } else { late_bad.1 };
            assert_eq!(
                notes,
                want(at, "SCTP CRC32c checksum incorrect"),
                "frame {i}"
            );
            seen += 1;
        } else if i == zero.0 {
            assert_eq!(
                notes,
                want(
                    zero.1,
                    "SCTP checksum zero (left to the NIC when captured?)"
                ),
                "frame {i}"
            );
            seen += 1;
        } else {
            assert!(notes.is_empty(), "frame {i}: {notes:?}");
        }
    }
    assert_eq!(seen, 3);
}
