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

/// What tshark and keyhop are compared on: per protocol, the frames that carry it (count,
/// sum of frame numbers, first, last) and the frames carrying more than one S1AP PDU.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    frames: u64,
    s1ap_frames: u64,
    s1ap_pdus: u64,
    s1ap_frame_sum: u64,
    s1ap_first_last: (u64, u64),
    /// (frame, PDUs) where a frame carries several S1AP PDUs (bundled DATA chunks).
    s1ap_multi: Vec<(u64, usize)>,
    gtpv2_frames: u64,
    gtpv2_frame_sum: u64,
    gtpv2_first_last: (u64, u64),
    gtpv1_frames: u64,
    issues: u64,
    /// Timestamps of frames 1 and 100 (seconds, nanoseconds).
    ts_1_100: [(i64, u32); 2],
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
        if f.number == 1 || f.number == 100 {
            c.ts_1_100[usize::from(f.number == 100)] = (f.timestamp.secs, f.timestamp.nanos);
        }
        c.issues += f.issues.len() as u64;
        for i in f.issues {
            eprintln!("{name} frame {}: {i}", f.number);
        }
        let s1 = f.payloads().filter(|p| p.app == AppProto::S1ap).count();
        c.s1ap_pdus += s1 as u64;
        if s1 > 0 {
            c.s1ap_frames += 1;
            c.s1ap_frame_sum += f.number;
            if c.s1ap_first_last.0 == 0 {
                c.s1ap_first_last.0 = f.number;
            }
            c.s1ap_first_last.1 = f.number;
        }
        if s1 > 1 {
            c.s1ap_multi.push((f.number, s1));
        }
        if f.payloads().any(|p| p.app == AppProto::Gtpv2c) {
            c.gtpv2_frames += 1;
            c.gtpv2_frame_sum += f.number;
            if c.gtpv2_first_last.0 == 0 {
                c.gtpv2_first_last.0 = f.number;
            }
            c.gtpv2_first_last.1 = f.number;
        }
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

// Expected values from tshark 4.0.17:
//   frames: capinfos.
//   S1AP: tshark -r FILE -Y s1ap -T fields -e frame.number -e s1ap.procedureCode
//         (one line per frame; the comma-separated procedure codes count the PDUs in it).
//   GTPv2: tshark -r FILE -Y gtpv2 -T fields -e frame.number
//   GTPv1-C: tshark -r FILE -Y 'gtp && udp.port==2123' finds none in these files.
//   timestamps: tshark -r FILE -Y 'frame.number==1 || frame.number==100' -T fields -e frame.time_epoch
//   (the OAI file has microsecond interfaces, the open5gs ones if_tsresol 9).

#[test]
fn open5gs_testattach_matches_tshark() {
    let Some(c) = count("open5gs_testattach.pcapng") else {
        return;
    };
    let want = Counts {
        frames: 565,
        s1ap_frames: 209,
        s1ap_pdus: 209,
        s1ap_frame_sum: 55_501,
        s1ap_first_last: (23, 561),
        s1ap_multi: vec![],
        gtpv2_frames: 106,
        gtpv2_frame_sum: 33_811,
        gtpv2_first_last: (54, 556),
        gtpv1_frames: 0,
        issues: 0,
        ts_1_100: [(1_598_111_548, 860_638_515), (1_598_111_550, 171_422_114)],
    };
    assert_eq!(c, want);
}

#[test]
fn open5gs_srsenb_matches_tshark() {
    let Some(c) = count("open5gs_srsenb.pcapng") else {
        return;
    };
    let want = Counts {
        frames: 1928,
        s1ap_frames: 16,
        s1ap_pdus: 17,
        s1ap_frame_sum: 6275,
        s1ap_first_last: (17, 1928),
        s1ap_multi: vec![(56, 2)],
        gtpv2_frames: 10,
        gtpv2_frame_sum: 7992,
        gtpv2_first_last: (42, 1926),
        gtpv1_frames: 0,
        issues: 0,
        ts_1_100: [(1_670_723_461, 906_315_209), (1_670_723_477, 978_240_552)],
    };
    assert_eq!(c, want);
}

#[test]
fn oai_pon_poff_matches_tshark() {
    let Some(c) = count("oai_scenarios_PON_POFF_s1_all.pcapng") else {
        return;
    };
    let want = Counts {
        frames: 1520,
        s1ap_frames: 38,
        s1ap_pdus: 41,
        s1ap_frame_sum: 27_597,
        s1ap_first_last: (45, 1506),
        s1ap_multi: vec![(224, 2), (756, 2), (1191, 2)],
        gtpv2_frames: 18,
        gtpv2_frame_sum: 15_083,
        gtpv2_first_last: (218, 1504),
        gtpv1_frames: 0,
        issues: 0,
        ts_1_100: [(1_462_789_030, 317_614_000), (1_462_789_042, 649_168_000)],
    };
    assert_eq!(c, want);
}
