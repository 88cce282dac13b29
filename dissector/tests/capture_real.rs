//! The three third-party captures in ../shared/captures: keyhop finds the same S1AP and GTPv2-C
//! messages as tshark.

use std::path::PathBuf;

use keyhop::capture::{AppProto, CaptureReader, Transport};

/// ../shared/captures relative to the repository root (CI puts shared/ beside the checkout);
/// `KEYHOP_SHARED_DIR` names another shared/ folder (a worktree elsewhere).
fn captures_dir() -> PathBuf {
    match std::env::var_os("KEYHOP_SHARED_DIR") {
        Some(d) => PathBuf::from(d).join("captures"),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/captures"),
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    frames: u64,
    s1ap_frames: u64,
    s1ap_pdus: u64,
    gtpv2_frames: u64,
    gtpv1_frames: u64,
    issues: u64,
}

fn count(name: &str) -> Option<Counts> {
    let dir = captures_dir();
    if !dir.is_dir() {
        // Absent captures fail the test unless skipping is asked for in so many words.
        let msg = format!(
            "{} is absent: the real-capture comparison with tshark cannot run \
             (set KEYHOP_SHARED_DIR to the shared/ folder, or KEYHOP_SKIP_SHARED=1 to skip)",
            dir.display()
        );
        if std::env::var_os("KEYHOP_SKIP_SHARED").is_some() {
            eprintln!("SKIPPED: {msg}");
            return None;
        }
        panic!("{msg}");
    }
    let mut r = CaptureReader::open(dir.join(name)).expect("open");
    let mut c = Counts::default();
    while let Some(f) = r.next_frame() {
        let f = f.expect("whole file reads");
        c.frames += 1;
        c.issues += f.issues.len() as u64;
        for i in f.issues {
            eprintln!("{name} frame {}: {i}", f.number);
        }
        let s1 = f.payloads().filter(|p| p.app == AppProto::S1ap).count() as u64;
        c.s1ap_pdus += s1;
        c.s1ap_frames += u64::from(s1 > 0);
        c.gtpv2_frames += u64::from(f.payloads().any(|p| p.app == AppProto::Gtpv2c));
        c.gtpv1_frames += u64::from(f.payloads().any(|p| p.app == AppProto::Gtpv1c));
        for p in f.payloads() {
            match (p.app, p.transport) {
                (AppProto::S1ap, Transport::Sctp(s)) => {
                    assert_eq!(s.ppid, 18, "frame {}", f.number);
                    // An S1AP-PDU starts with the CHOICE index (0..=2) in its top bits.
                    assert!(p.data[0] >> 5 <= 2, "frame {}", f.number);
                }
                (AppProto::Gtpv2c, Transport::Udp) => {
                    assert!(p.src.port() == 2123 || p.dst.port() == 2123);
                    assert_eq!(p.data[0] >> 5, 2);
                }
                other => panic!("unexpected payload {other:?} in frame {}", f.number),
            }
        }
    }
    Some(c)
}

// Expected counts from tshark 4.0.17:
//   frames:       capinfos
//   s1ap_frames:  tshark -r FILE -Y s1ap -T fields -e frame.number | wc -l
//   s1ap_pdus:    tshark -r FILE -Y s1ap -T fields -e s1ap.procedureCode, comma-separated values counted
//   gtpv2_frames: tshark -r FILE -Y gtpv2 -T fields -e frame.number | wc -l
//   gtpv1 (GTP-C on port 2123): tshark -r FILE -Y 'gtp && udp.port==2123' finds none.

#[test]
fn open5gs_testattach_matches_tshark() {
    let Some(c) = count("open5gs_testattach.pcapng") else {
        return;
    };
    assert_eq!(
        c,
        Counts {
            frames: 565,
            s1ap_frames: 209,
            s1ap_pdus: 209,
            gtpv2_frames: 106,
            gtpv1_frames: 0,
            issues: 0
        }
    );
}

#[test]
fn open5gs_srsenb_matches_tshark() {
    let Some(c) = count("open5gs_srsenb.pcapng") else {
        return;
    };
    assert_eq!(
        c,
        Counts {
            frames: 1928,
            s1ap_frames: 16,
            s1ap_pdus: 17,
            gtpv2_frames: 10,
            gtpv1_frames: 0,
            issues: 0
        }
    );
}

#[test]
fn oai_pon_poff_matches_tshark() {
    let Some(c) = count("oai_scenarios_PON_POFF_s1_all.pcapng") else {
        return;
    };
    assert_eq!(
        c,
        Counts {
            frames: 1520,
            s1ap_frames: 38,
            s1ap_pdus: 41,
            gtpv2_frames: 18,
            gtpv1_frames: 0,
            issues: 0
        }
    );
}
