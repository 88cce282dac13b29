//! `keyhop read` on S1AP HandoverRequests over 16 KiB, sent in SCTP DATA fragments of 1,400
//! octets, one per packet: SCTP reassembles them, the fragmented APER lengths inside decode
//! (X.691 11.9.3.8), the message is shown by name with its typed SecurityContext, and its NH
//! never prints without `--show-keys` in any format.

use keyhop::capture::synth::{Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use keyhop_codec::ap::common::{KeyBits, Rng};
use keyhop_codec::ap::{Body, IeValue};
use keyhop_codec::redact::{KeyMaterial, Octets};
use keyhop_codec::s1ap::{self, S1apIe};
use keyhop_tests::{keyhop, stdout};
use std::path::PathBuf;

const NH: [u8; 32] = [
    0x6a, 0x1f, 0xc2, 0x93, 0x0e, 0x55, 0xd8, 0x41, 0xb7, 0x2c, 0x99, 0x03, 0xfe, 0x70, 0x18, 0x4d,
    0x3b, 0xa6, 0x5f, 0xe2, 0x87, 0x14, 0xc9, 0x30, 0x7d, 0x02, 0xab, 0x66, 0x91, 0xee, 0x48, 0x25,
];

/// A HandoverRequest whose Source-ToTarget transparent container (IE 104) is `n` octets and
/// whose SecurityContext holds [`NH`].
fn handover_request(n: usize) -> Vec<u8> {
    let mut pdu = s1ap::sample_message("HandoverRequest", &mut Rng::new(0x16)).unwrap();
    let Body::Ies(m) = &mut pdu.body else {
        panic!("HandoverRequest has IEs")
    };
    for ie in &mut m.ies.items {
        match (&mut ie.value, ie.id) {
            (IeValue::Typed(S1apIe::SecurityContext(sc)), _) => {
                sc.next_hop_parameter = KeyBits(KeyMaterial::owned(NH.to_vec()));
            }
            (v, 104) => {
                let mut w = keyhop_codec::per::PerWriter::new(keyhop_codec::Protocol::S1ap);
                let c: Vec<u8> = (0..n).map(|i| (i * 13 + 7) as u8).collect();
                w.octet_string(&c, keyhop_codec::per::SizeConstraint::unconstrained())
                    .unwrap();
                *v = IeValue::Raw(Octets::owned(w.into_bytes()));
            }
            _ => {}
        }
    }
    s1ap::encode(&pdu).unwrap()
}

fn capture(name: &str, pdus: &[Vec<u8>]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let mut w = PcapNgFileWriter::create(&path).unwrap();
    let iface = w.add_interface(linktype::ETHERNET, 6).unwrap();
    let mut a = SctpAssoc::new(
        "10.0.0.1:36412".parse().unwrap(),
        "10.0.0.2:36412".parse().unwrap(),
    );
    let mut ips = Vec::new();
    for (d, sctp) in a.handshake() {
        ips.push(a.ip_packet(d, &sctp));
    }
    for p in pdus {
        for chunk in a.message(Dir::Forward, 1, 18, p, 1400) {
            let sctp = a.packet(Dir::Forward, &[chunk]);
            ips.push(a.ip_packet(Dir::Forward, &sctp));
        }
    }
    for (i, ip) in ips.iter().enumerate() {
        let ts = Timestamp::new(1_700_000_000, i as u64 * 1000);
        w.write(iface, ts, &LinkSpec::ethernet().frame(ip)).unwrap();
    }
    w.finish().unwrap();
    path
}

fn leaks_nh(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    NH.windows(8).any(|w| t.contains(&hex::encode(w)))
}

#[test]
fn large_handover_requests_over_sctp_fragments_decode() {
    let pdus = [handover_request(16_300), handover_request(70_000)];
    assert!(pdus.iter().all(|p| p.len() > 16384 && p[3] & 0xc0 == 0xc0));
    let path = capture("large.pcapng", &pdus);
    let file = path.to_str().unwrap();

    let o = keyhop(&["read", file]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("S1AP")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines.iter().all(|l| l.contains("HandoverRequest")), "{out}");

    // validate reads both (on main it counted two messages but found no event in them: both
    // were raw).
    let o = keyhop(&["validate", file]);
    let out = stdout(&o);
    assert!(out.contains("2 messages"), "{out}");
    assert!(
        out.contains("frames=16") && out.contains("frames=67"),
        "{out}"
    );
    assert!(!leaks_nh(&out), "{out}");

    for fmt in ["tree", "json", "jsonl"] {
        let o = keyhop(&["read", "--format", fmt, file]);
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(0), "{fmt}");
        assert!(!leaks_nh(&out), "{fmt}: NH printed without --show-keys");
        assert_eq!(out.matches("HandoverRequest").count(), 2, "{fmt}");
        assert!(!out.contains("malformed"), "{fmt}");
        // The SecurityContext is decoded, not raw: its name is there, the NH as a fingerprint.
        assert!(
            out.matches("next_hop").count() >= 2 || out.matches("nextHop").count() >= 2,
            "{fmt}: SecurityContext not decoded"
        );
        // With --show-keys, the NH is shown in full: it is the typed key, read back.
        let o = keyhop(&["read", "--show-keys", "--format", fmt, file]);
        assert!(leaks_nh(&stdout(&o)), "{fmt}: NH not read back");
    }
}
