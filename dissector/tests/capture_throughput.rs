//! Throughput of the capture pipeline on a synthesized 1,000,000-packet pcapng file.
//!
//! Run in release mode (no timing is asserted):
//! `cargo test --release -p keyhop --test capture_throughput -- --ignored --nocapture`

use std::time::Instant;

use keyhop::capture::synth::{self, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, AppProto, CaptureReader, Timestamp};

const PACKETS: u64 = 1_000_000;

#[test]
#[ignore = "writes a large file and measures speed; run in release mode"]
fn one_million_packets() {
    let path = std::env::temp_dir().join("keyhop_throughput_1m.pcapng");
    // KEYHOP_KEEP_1M=1 keeps the file and reuses it (for profiling the reading alone).
    let keep = std::env::var_os("KEYHOP_KEEP_1M").is_some();
    let (want_s1ap, want_gtp) = if keep && path.exists() {
        (1_100_000 - 100_000, 100_000)
    } else {
        write_file(&path)
    };
    read_file(&path, want_s1ap, want_gtp);
    if !keep {
        let _ = std::fs::remove_file(&path);
    }
}

fn write_file(path: &std::path::Path) -> (u64, u64) {
    let t0 = Instant::now();
    let mut w = PcapNgFileWriter::create(path).unwrap();
    let eth = w.add_interface(linktype::ETHERNET, 9).unwrap();
    let link = LinkSpec::ethernet();
    let mut assocs: Vec<SctpAssoc> = (0..64u16)
        .map(|i| {
            SctpAssoc::new(
                format!("10.0.{}.{}:36412", i / 200, i % 200 + 1)
                    .parse()
                    .unwrap(),
                "10.1.0.1:36412".parse().unwrap(),
            )
        })
        .collect();
    let nas = synth::ciphered_nas(1, 80);
    let s1ap = synth::s1ap_downlink_nas(1, 2, &nas);
    let gtp = synth::gtpv2_echo_request(1, 60);
    let (g1, g2) = (
        "10.2.0.1:2123".parse().unwrap(),
        "10.2.0.2:2123".parse().unwrap(),
    );
    let gtp_ip = synth::ip_packet(
        "10.2.0.1".parse().unwrap(),
        "10.2.0.2".parse().unwrap(),
        synth::IPPROTO_UDP,
        1,
        &synth::udp(g1, g2, &gtp),
    );
    let (mut want_s1ap, mut want_gtp) = (0u64, 0u64);
    for n in 0..PACKETS {
        let ts = Timestamp {
            secs: 1_700_000_000 + (n / 100_000) as i64,
            nanos: (n % 100_000) as u32 * 10_000,
        };
        // One packet in 10 is GTPv2-C over UDP, one in 10 bundles two S1AP messages.
        let frame = if n % 10 == 3 {
            want_gtp += 1;
            link.frame(&gtp_ip)
        } else {
            let a = &mut assocs[(n % 64) as usize];
            let dir = if n % 2 == 0 {
                Dir::Forward
            } else {
                Dir::Reverse
            };
            let mut chunks = a.message(dir, 1, 18, &s1ap, 1400);
            want_s1ap += 1;
            if n % 10 == 7 {
                chunks.extend(a.message(dir, 2, 18, &s1ap, 1400));
                want_s1ap += 1;
            }
            let sctp = a.packet(dir, &chunks);
            link.frame(&a.ip_packet(dir, &sctp))
        };
        w.write(eth, ts, &frame).unwrap();
    }
    w.finish().unwrap();
    let size = std::fs::metadata(path).unwrap().len();
    println!(
        "wrote {PACKETS} packets, {size} octets, in {:.2?}",
        t0.elapsed()
    );
    (want_s1ap, want_gtp)
}

fn read_file(path: &std::path::Path, want_s1ap: u64, want_gtp: u64) {
    let size = std::fs::metadata(path).unwrap().len();

    for round in 0..2 {
        let t = Instant::now();
        let mut r = CaptureReader::open(path).unwrap();
        let (mut frames, mut s1, mut g, mut octets) = (0u64, 0u64, 0u64, 0u64);
        while let Some(f) = r.next_frame() {
            let f = f.unwrap();
            frames += 1;
            for p in f.payloads() {
                octets += p.data.len() as u64;
                match p.app {
                    AppProto::S1ap => s1 += 1,
                    AppProto::Gtpv2c => g += 1,
                    _ => {}
                }
            }
        }
        let secs = t.elapsed().as_secs_f64();
        assert_eq!((frames, s1, g), (PACKETS, want_s1ap, want_gtp));
        println!(
            "read round {round}: {frames} frames, {} payloads ({octets} octets) in {secs:.3} s = {:.2} M packets/s, {:.0} MB/s",
            s1 + g,
            frames as f64 / secs / 1e6,
            size as f64 / secs / 1e6
        );
    }
}
