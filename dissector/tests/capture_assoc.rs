//! SCTP associations by ports and verification tags (multi-homing, capacity) and what the
//! capture leaves at its end (messages in reassembly, datagrams missing fragments, link types
//! keyhop does not read).

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};

use keyhop::capture::synth::{self, Chunk, DataFlags, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{
    linktype, AppProto, AssocId, CaptureReader, Dissector, ErrorKind, Limits, Protocol, Side,
    Timestamp, Transport,
};

fn msg(seed: u8, n: usize) -> Vec<u8> {
    synth::s1ap_downlink_nas(
        seed,
        seed,
        &synth::ciphered_nas(seed, n.saturating_sub(30).max(1)),
    )
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn sa(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

/// Writes IP packets (raw IP link) into an in-memory pcapng.
fn pcapng(packets: &[Vec<u8>]) -> Vec<u8> {
    let mut w = PcapNgFileWriter::new(Vec::new(), false).unwrap();
    let i = w.add_interface(linktype::RAW, 9).unwrap();
    for (n, p) in packets.iter().enumerate() {
        w.write(i, Timestamp::new(1_700_000_000, n as u64 * 1000), p)
            .unwrap();
    }
    w.finish().unwrap()
}

/// What a reading gives: per payload (frame, data, assoc, sender, src, dst), the notes and
/// issues of all frames, and the end of capture.
struct Read {
    payloads: Vec<(u64, Vec<u8>, AssocId, Side, SocketAddr, SocketAddr)>,
    notes: Vec<String>,
    issues: Vec<String>,
    end: keyhop::capture::EndOfCapture,
    /// (side A addresses, side B addresses) of every association seen, at its last payload.
    addrs: Vec<(AssocId, Vec<IpAddr>, Vec<IpAddr>)>,
}

fn read(bytes: &[u8], limits: Limits) -> Read {
    let mut r = CaptureReader::with_limits(bytes, limits).unwrap();
    let mut out = Read {
        payloads: Vec::new(),
        notes: Vec::new(),
        issues: Vec::new(),
        end: Default::default(),
        addrs: Vec::new(),
    };
    while let Some(f) = r.next_frame() {
        let f = f.unwrap();
        out.notes.extend(f.notes.iter().map(|n| n.what.to_string()));
        out.issues.extend(f.issues.iter().map(|e| e.to_string()));
        for p in f.payloads() {
            let Transport::Sctp(s) = p.transport else {
                continue;
            };
            out.payloads
                .push((f.number, p.data.to_vec(), s.assoc, s.sender, p.src, p.dst));
            let a = f.association(s.assoc).expect("the association is held");
            assert_eq!(a.id(), s.assoc);
            out.addrs.retain(|(id, _, _)| *id != s.assoc);
            out.addrs.push((
                s.assoc,
                a.addrs(Side::A).collect(),
                a.addrs(Side::B).collect(),
            ));
        }
    }
    out.end = r.end_of_capture().clone();
    out
}

/// An S1 association, eNB {IPv4, IPv6} and MME {IPv4, IPv6}, whose traffic changes paths:
/// a message fragmented over both paths, DATA alternating, a retransmission on the other
/// path, the MME answering from its alternate address.
fn multihomed(handshake: bool) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let mut a = SctpAssoc::new(sa("10.1.0.1:36412"), sa("10.9.0.1:36412"))
        .multihomed(&[ip("fd00:1::1")], &[ip("fd00:9::1")]);
    let mut pk = Vec::new();
    let mut want = Vec::new();
    if handshake {
        for (d, p) in a.handshake() {
            pk.push(a.ip_packet(d, &p));
        }
    }
    // 1: fragmented, first half on the primary path, second on the alternate.
    let m1 = msg(1, 3000);
    let frags = a.message(Dir::Forward, 1, 18, &m1, 1400);
    for (k, c) in frags.iter().enumerate() {
        let (s, t) = a.path(Dir::Forward, usize::from(k >= 1));
        let p = a.packet(Dir::Forward, std::slice::from_ref(c));
        pk.push(a.ip_packet_via(s, t, &p));
    }
    want.push(m1);
    // 2..6: alternating paths, both directions.
    for k in 0..5u8 {
        let d = if k % 2 == 0 {
            Dir::Reverse
        } else {
            Dir::Forward
        };
        let m = msg(10 + k, 200);
        let c = a.message(d, 1, 18, &m, 1400);
        let (s, t) = a.path(d, usize::from(k % 3 == 1));
        let p = a.packet(d, &c);
        pk.push(a.ip_packet_via(s, t, &p));
        want.push(m.clone());
        if k == 2 {
            // Retransmitted on the other path: decoded once.
            let (s, t) = a.path(d, usize::from(k % 3 != 1));
            pk.push(a.ip_packet_via(s, t, &p));
        }
    }
    // The MME answers from its alternate IPv4 address (dual-stack: an IPv4 alternate too).
    let m = msg(30, 300);
    let c = a.message(Dir::Reverse, 2, 18, &m, 1400);
    let p = a.packet(Dir::Reverse, &c);
    pk.push(a.ip_packet_via(ip("10.9.0.2"), ip("10.1.0.1"), &p));
    want.push(m);
    (pk, want)
}

#[test]
fn a_multihomed_association_is_one_association_on_every_path() {
    for handshake in [true, false] {
        let (pk, want) = multihomed(handshake);
        let r = read(&pcapng(&pk), Limits::default());
        let got: Vec<Vec<u8>> = r.payloads.iter().map(|p| p.1.clone()).collect();
        assert_eq!(
            got, want,
            "handshake {handshake}: every message once, in order"
        );
        let ids: BTreeSet<AssocId> = r.payloads.iter().map(|p| p.2).collect();
        assert_eq!(ids.len(), 1, "one association: {ids:?}");
        // The sender side follows the direction, not the addresses.
        for (_, _, _, side, src, _) in &r.payloads {
            let enb = [ip("10.1.0.1"), ip("fd00:1::1")].contains(&src.ip());
            assert_eq!(*side, if enb { Side::A } else { Side::B }, "{src}");
        }
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        // The only note: the retransmission on the other path.
        assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
        assert!(r.notes[0].contains("retransmitted TSN"), "{:?}", r.notes);
        assert!(r.end.is_empty(), "{:?}", r.end);
        let (_, a, b) = &r.addrs[0];
        assert_eq!(a, &vec![ip("10.1.0.1"), ip("fd00:1::1")]);
        let mut b = b.clone();
        b.sort();
        assert_eq!(b, vec![ip("10.9.0.1"), ip("10.9.0.2"), ip("fd00:9::1")]);
    }
}

#[test]
fn associations_with_shared_ports_and_tags_stay_apart_after_their_handshakes() {
    // Two eNBs with the same ports and tags (a generator's fixed tags) towards one MME, both
    // handshakes captured: two associations, each message once.
    let mut pk = Vec::new();
    let mut assocs: Vec<SctpAssoc> = ["10.1.0.1", "10.1.0.2"]
        .iter()
        .map(|e| SctpAssoc::new(sa(&format!("{e}:36412")), sa("10.9.0.1:36412")))
        .collect();
    assert_eq!(assocs[0].client_tag, assocs[1].client_tag);
    for a in &mut assocs {
        for (d, p) in a.handshake() {
            pk.push(a.ip_packet(d, &p));
        }
    }
    let mut want = Vec::new();
    for k in 0..6u8 {
        let a = &mut assocs[usize::from(k % 2)];
        let d = if k % 4 < 2 {
            Dir::Forward
        } else {
            Dir::Reverse
        };
        let m = msg(k, 100);
        let c = a.message(d, 1, 18, &m, 1400);
        let p = a.packet(d, &c);
        pk.push(a.ip_packet(d, &p));
        want.push(m);
    }
    let r = read(&pcapng(&pk), Limits::default());
    let got: Vec<Vec<u8>> = r.payloads.iter().map(|p| p.1.clone()).collect();
    assert_eq!(got, want);
    let ids: Vec<AssocId> = r.payloads.iter().map(|p| p.2).collect();
    assert_eq!(ids[0], ids[2]);
    assert_ne!(ids[0], ids[1]);
    assert_eq!(ids[1], ids[3]);
    assert!(r.notes.is_empty() && r.issues.is_empty());
}

#[test]
fn a_hundred_and_five_thousand_associations_hold_without_eviction() {
    // A full X2 mesh is 37,000 associations; the table held 65,536 directions and its
    // overflow became MALFORMED findings. 105,000 associations, each with one message each
    // way, the answers after all the requests: nothing forgotten, nothing lost.
    let n: u32 = 105_000;
    let mut d = Dissector::new(Limits::default());
    let ts = Timestamp::new(1_700_000_000, 0);
    let data = msg(7, 60);
    let mut frame = 0;
    let mut assocs = Vec::new();
    for round in 0..2 {
        for k in 0..n {
            let (x, y) = (0x0a00_0000 + k, 0x0b00_0000 + k);
            let (sx, sy) = (
                SocketAddr::new(IpAddr::from(std::net::Ipv4Addr::from(x)), 36422),
                SocketAddr::new(IpAddr::from(std::net::Ipv4Addr::from(y)), 36422),
            );
            let (dir, src, dst, vtag) = if round == 0 {
                (Dir::Forward, sx, sy, 2 * k + 1)
            } else {
                (Dir::Reverse, sy, sx, 2 * k + 2)
            };
            let _ = dir;
            let chunk = Chunk::Data {
                tsn: 1,
                stream: 0,
                ssn: 0,
                ppid: 27,
                flags: DataFlags::WHOLE,
                data: data.clone(),
            };
            let sctp = synth::sctp(36422, 36422, vtag, &[chunk]);
            let pkt = synth::ip_packet(src.ip(), dst.ip(), synth::IPPROTO_SCTP, 1, &sctp);
            frame += 1;
            let f = d.dissect(frame, ts, linktype::RAW, &pkt);
            assert!(f.issues.is_empty() && f.notes.is_empty(), "frame {frame}");
            let p: Vec<_> = f.payloads().collect();
            assert_eq!(p.len(), 1, "frame {frame}");
            let Transport::Sctp(s) = p[0].transport else {
                panic!()
            };
            if round == 0 {
                assocs.push(s.assoc);
            } else {
                // The answer joins the request's association.
                assert_eq!(s.assoc, assocs[k as usize], "frame {frame}");
                assert_eq!(s.sender, Side::B);
            }
        }
    }
    assert_eq!(d.stats().sctp_assoc_evicted, 0);
    assert_eq!(d.stats().issues, 0);
}

#[test]
fn a_full_table_forgets_with_a_note_never_an_issue() {
    let limits = Limits {
        sctp_max_associations: 100,
        ..Limits::default()
    };
    let mut d = Dissector::new(limits);
    let ts = Timestamp::new(1_700_000_000, 0);
    let (mut notes, mut issues) = (Vec::new(), 0);
    for k in 0..300u32 {
        let chunk = Chunk::Data {
            tsn: 1,
            stream: 0,
            ssn: 0,
            ppid: 27,
            flags: DataFlags::WHOLE,
            data: msg(1, 40),
        };
        let sctp = synth::sctp(36422, 36422, k + 1, &[chunk]);
        let src = IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + k));
        let pkt = synth::ip_packet(src, ip("10.200.0.1"), synth::IPPROTO_SCTP, 1, &sctp);
        let f = d.dissect(u64::from(k) + 1, ts, linktype::RAW, &pkt);
        issues += f.issues.len();
        notes.extend(f.notes.iter().map(|n| (n.protocol, n.what.to_string())));
        assert_eq!(f.payload_count(), 1);
    }
    assert_eq!(issues, 0);
    assert_eq!(notes.len(), 200);
    assert!(notes
        .iter()
        .all(|(p, n)| *p == Protocol::Sctp && n.contains("forgotten")));
    assert_eq!(d.stats().sctp_assoc_evicted, 200);
}

#[test]
fn what_is_left_at_the_end_of_the_capture_is_reported() {
    let mut pk = Vec::new();
    // 3,000 DATA chunks with only the B bit.
    let mut a = SctpAssoc::new(sa("10.1.0.1:36412"), sa("10.9.0.1:36412"));
    for (d, p) in a.handshake() {
        pk.push(a.ip_packet(d, &p));
    }
    for k in 0..3000u32 {
        let c = Chunk::Data {
            tsn: 1000 + k,
            stream: 3,
            ssn: k as u16,
            ppid: 18,
            flags: DataFlags {
                begin: true,
                end: false,
                unordered: false,
            },
            data: vec![0; 16],
        };
        let p = a.packet(Dir::Forward, &[c]);
        pk.push(a.ip_packet(Dir::Forward, &p));
    }
    // A TSN gap on another association: fragments 1, 2 and 4 of 4.
    let mut b = SctpAssoc::new(sa("10.1.0.2:36412"), sa("10.9.0.1:36412"));
    b.client_tag ^= 0x55;
    b.server_tag ^= 0x55;
    let frags = b.message(Dir::Reverse, 1, 18, &msg(2, 3900), 1000);
    assert_eq!(frags.len(), 4);
    for (k, c) in frags.iter().enumerate() {
        if k != 2 {
            let p = b.packet(Dir::Reverse, std::slice::from_ref(c));
            pk.push(b.ip_packet(Dir::Reverse, &p));
        }
    }
    // A GTPv1 datagram (UDP over IPv4) missing its last fragment.
    let udp = synth::udp(sa("10.5.0.1:2123"), sa("10.5.0.2:2123"), &[0x32; 3000]);
    let frags = synth::ipv4_fragments(
        "10.5.0.1".parse().unwrap(),
        "10.5.0.2".parse().unwrap(),
        17,
        77,
        &udp,
        1500,
    );
    pk.extend(frags[..frags.len() - 1].iter().cloned());
    let r = read(&pcapng(&pk), Limits::default());
    assert!(r.payloads.is_empty());
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    let e = &r.end.issues;
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(e
        .iter()
        .all(|e| e.kind == ErrorKind::Truncated && e.path() == "end_of_capture"));
    assert_eq!(e[0].protocol, Protocol::Ip);
    assert!(
        e[0].detail.contains("id 0x4d") && e[0].detail.contains("last fragment is missing"),
        "{}",
        e[0]
    );
    let (s1, s2) = (&e[1].detail, &e[2].detail);
    assert!(
        s1.contains("10.1.0.1:36412 -> 10.9.0.1:36412 stream 3"),
        "{s1}"
    );
    assert!(
        s1.contains("3000 chunks") && s1.contains("3000 with the B bit, 0 with the E bit"),
        "{s1}"
    );
    assert!(
        s2.contains("10.9.0.1:36412 -> 10.1.0.2:36412 stream 1"),
        "{s2}"
    );
    assert!(
        s2.contains("3 chunks") && s2.contains("TSN 5002 missing"),
        "{s2}"
    );
}

#[test]
fn unsupported_link_types_are_counted_and_reported() {
    let mut w = PcapNgFileWriter::new(Vec::new(), false).unwrap();
    let mut a = SctpAssoc::new(sa("10.1.0.1:36412"), sa("10.9.0.1:36412"));
    let c = a.message(Dir::Forward, 1, 18, &msg(1, 100), 1400);
    let p = a.packet(Dir::Forward, &c);
    let frame = LinkSpec::ethernet().frame(&a.ip_packet(Dir::Forward, &p));
    let ifs: Vec<u32> = [linktype::ETHERNET, 65535, 147, 252]
        .iter()
        .map(|&l| w.add_interface(l, 6).unwrap())
        .collect();
    for (k, i) in [0, 1, 2, 2, 3, 3, 3].iter().enumerate() {
        w.write(ifs[*i], Timestamp::new(1, k as u64), &frame)
            .unwrap();
    }
    let bytes = w.finish().unwrap();
    let mut r = CaptureReader::new(&bytes[..]).unwrap();
    let mut per_frame = 0;
    while let Some(f) = r.next_frame() {
        per_frame += f.unwrap().notes.len();
    }
    assert_eq!(per_frame, 6);
    let links: Vec<(u32, u64)> = r
        .stats()
        .unsupported_links
        .iter()
        .map(|(a, b)| (*a, *b))
        .collect();
    assert_eq!(links, vec![(147, 2), (252, 3), (65535, 1)]);
    let notes: Vec<String> = r
        .end_of_capture()
        .notes
        .iter()
        .map(|n| n.what.to_string())
        .collect();
    assert_eq!(notes.len(), 3);
    assert!(
        notes[0].starts_with("2 frames of link type 147"),
        "{notes:?}"
    );
    assert!(
        notes[2].starts_with("1 frame of link type 65535"),
        "{notes:?}"
    );
    assert_eq!(r.stats().payloads, 1);
    let _ = AppProto::S1ap;
}

/// A classic pcap file (little-endian, microseconds, raw IP) with the given snapshot length.
fn pcap_raw(snaplen: u32, records: &[Vec<u8>]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    f.extend_from_slice(&2u16.to_le_bytes());
    f.extend_from_slice(&4u16.to_le_bytes());
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&snaplen.to_le_bytes());
    f.extend_from_slice(&linktype::RAW.to_le_bytes());
    for (k, r) in records.iter().enumerate() {
        f.extend_from_slice(&1_700_000_000u32.to_le_bytes());
        f.extend_from_slice(&(k as u32).to_le_bytes());
        f.extend_from_slice(&(r.len() as u32).to_le_bytes());
        f.extend_from_slice(&(r.len() as u32).to_le_bytes());
        f.extend_from_slice(r);
    }
    f
}

#[test]
fn oversized_records_are_read_with_a_note() {
    let gtp = synth::gtpv2_echo_request(1, 150);
    let small = synth::ip_packet(
        ip("10.5.0.1"),
        ip("10.5.0.2"),
        synth::IPPROTO_UDP,
        1,
        &synth::udp(sa("10.5.0.1:2123"), sa("10.5.0.2:2123"), &gtp),
    );
    assert!(small.len() > 100);
    // Captured length above the snapshot length: read whole (as tshark does), noted.
    let r = read(
        &pcap_raw(100, std::slice::from_ref(&small)),
        Limits::default(),
    );
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    assert!(
        r.notes[0].contains(&format!(
            "captured length {} (file offset 32) exceeds the snapshot length 100",
            small.len()
        )),
        "{:?}",
        r.notes
    );
    let bytes = pcap_raw(100, std::slice::from_ref(&small));
    let mut c = CaptureReader::new(&bytes[..]).unwrap();
    let f = c.next_frame().unwrap().unwrap();
    assert_eq!(f.payload_count(), 1);
    assert_eq!(f.payloads().next().unwrap().app, AppProto::Gtpv2c);
    // A record over 256 KiB (the IP packet and trailing octets): read, noted.
    let mut big = small.clone();
    big.resize(300_000, 0);
    let bytes = pcap_raw(0, &[big]);
    let mut c = CaptureReader::new(&bytes[..]).unwrap();
    let f = c.next_frame().unwrap().unwrap();
    let notes: Vec<String> = f.notes.iter().map(|n| n.what.to_string()).collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("record of 300000 octets"), "{notes:?}");
    assert_eq!(f.payload_count(), 1);
}

#[test]
fn overlapping_ip_fragments_that_differ_are_noted() {
    let gtp = synth::gtpv2_echo_request(1, 3500);
    let udp = synth::udp(sa("10.5.0.1:2123"), sa("10.5.0.2:2123"), &gtp);
    let frags = synth::ipv4_fragments(
        "10.5.0.1".parse().unwrap(),
        "10.5.0.2".parse().unwrap(),
        17,
        42,
        &udp,
        1500,
    );
    assert_eq!(frags.len(), 3);
    // The second fragment twice: first with one octet changed (20 octets into its data).
    let mut forged = frags[1].clone();
    forged[20 + 20] ^= 0xff;
    for (first, second, kept) in [
        (&forged, &frags[1], &forged),
        (&frags[1], &frags[1], &frags[1]),
    ] {
        let pk = [
            frags[0].clone(),
            first.clone(),
            second.clone(),
            frags[2].clone(),
        ];
        let mut d = Dissector::new(Limits::default());
        let mut notes = Vec::new();
        let mut got = Vec::new();
        for (k, p) in pk.iter().enumerate() {
            let f = d.dissect(k as u64 + 1, Timestamp::default(), linktype::RAW, p);
            notes.extend(
                f.notes
                    .iter()
                    .map(|n| (n.what.to_string(), n.bit_offset / 8)),
            );
            got.extend(f.payloads().map(|p| p.data.to_vec()));
            assert!(f.issues.is_empty());
        }
        assert_eq!(got.len(), 1);
        // The datagram holds the octets of the fragment received first.
        let at = 1480 + 20 - 8;
        assert_eq!(got[0][at], kept[40], "{first:?}");
        if std::ptr::eq(first, &forged) {
            assert_eq!(notes.len(), 1, "{notes:?}");
            assert!(
                notes[0]
                    .0
                    .contains("id 0x2a, offset 1480) overlaps octets of the datagram already received with different content at octets 1500..1501"),
                "{notes:?}"
            );
            assert!(notes[0].0.contains("first received were kept"));
            assert_eq!(
                notes[0].1, 40,
                "byte offset of the differing octet in its frame"
            );
        } else {
            assert!(notes.is_empty(), "{notes:?}");
        }
    }
}

/// Peak memory of the capture layer alone on a file (`KEYHOP_MEM_CAPTURE=path`): run by hand
/// with `--ignored --nocapture` (a measurement, not a check).
#[test]
#[ignore = "measurement: set KEYHOP_MEM_CAPTURE"]
fn measure_capture_layer_memory() {
    let Some(path) = std::env::var_os("KEYHOP_MEM_CAPTURE") else {
        return;
    };
    let hwm = || {
        std::fs::read_to_string("/proc/self/status")
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with("VmHWM"))
            .map(|l| l.to_string())
            .unwrap_or_default()
    };
    let before = hwm();
    let mut r = CaptureReader::open(&path).unwrap();
    let mut n = 0u64;
    while let Some(f) = r.next_frame() {
        n += f.map(|f| f.payload_count() as u64).unwrap_or(0);
    }
    println!("{n} payloads; before: {before}; after: {}", hwm());
}
