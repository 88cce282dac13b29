//! Real handover captures from a real network (OpenAirInterface EPC and eNBs of the NTNU course
//! TTM4133, 2023: one S1 and one X2 handover). keyhop must find no false error in them, show the
//! exact informational findings below, and agree with tshark on every message.
//!
//! The captures are third-party data: they are not in this repository but in the shared captures
//! folder (`../shared/captures`, or `KEYHOP_REAL_HANDOVER_DIR` naming a folder that holds them).
//! When a file is absent the test says so on stderr and checks nothing for it; when present, its
//! SHA-256 must be the one these findings were established on.

use keyhop_tests::{finding_rows, keyhop, shared_captures, stderr};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

struct RealCapture {
    /// Name in the shared captures folder.
    name: &'static str,
    /// Where it comes from.
    source: &'static str,
    sha256: &'static str,
    frames: u64,
    messages: u64,
    /// (rule(about), frames) of every finding, in order.
    findings: &'static [(&'static str, &'static [u64])],
    /// The UE each finding names, in order: its IMSI where the capture shows it on S1 (an
    /// attach's Attach Request or Identity Response), else its first MME-UE-S1AP-ID at its MME.
    ues: &'static [&'static str],
    /// (procedure, started, complete, incomplete).
    procedure: (&'static str, u64, u64, u64),
    /// PDUs tshark and keyhop must both decode and agree on (read by the interop test).
    #[cfg_attr(not(feature = "interop"), allow(dead_code))]
    tshark_pdus: u64,
}

const CAPTURES: [RealCapture; 2] = [
    RealCapture {
        name: "ttm4133_S1Handover.pcap",
        source:
            "kashifme224/ttm4133-spring23, lab4- lte handover (wireshark)/pcaps/S1Handover.pcap",
        sha256: "6f76b7e7b517e68e553a6aefc5080ce8efc240a6a000ed57266a96917d738448",
        frames: 34,
        messages: 34,
        // No KASME in the capture: the NH of each HandoverRequest cannot be recomputed.
        findings: &[("NO-KEYS(HO-NH)", &[12]), ("NO-KEYS(HO-NH)", &[27])],
        // The second UE comes back from idle with a Service Request (S-TMSI): S1 shows no IMSI.
        ues: &["imsi:460990000091000", "mme-ue-s1ap-id:3@MME 192.168.4.80"],
        procedure: ("s1-intra-mme", 2, 2, 0),
        tshark_pdus: 34,
    },
    RealCapture {
        name: "ttm4133_X2Handover.pcap",
        source:
            "kashifme224/ttm4133-spring23, lab4- lte handover (wireshark)/pcaps/X2Handover.pcap",
        sha256: "0657b3ee58daf67934c10064a540d0c4d81cf028db377423f96cb96b5d23ae05",
        frames: 2606,
        messages: 20,
        // A legacy X2 handover; the PathSwitchRequest travels on the target eNB's S1 link, which
        // the capture (taken at the source eNB) does not show.
        findings: &[("HO-NO-FS", &[1988]), ("NOT-OBSERVED", &[1988, 1997, 2034])],
        // The UE attaches by GUTI; its Identity Response (frame 1723) gives the IMSI.
        ues: &["imsi:208950000000010", "imsi:208950000000010"],
        procedure: ("x2-legacy", 1, 0, 1),
        tshark_pdus: 20,
    },
];

fn folder() -> Option<PathBuf> {
    std::env::var_os("KEYHOP_REAL_HANDOVER_DIR")
        .map(PathBuf::from)
        .or_else(shared_captures)
}

/// The captures present, each checked to be the very file the expectations were made on.
fn present() -> Vec<(&'static RealCapture, PathBuf)> {
    let mut out = Vec::new();
    for c in &CAPTURES {
        let Some(p) = folder().map(|d| d.join(c.name)).filter(|p| p.is_file()) else {
            eprintln!(
                "real handover capture {} is absent (from {}): nothing checked for it",
                c.name, c.source
            );
            continue;
        };
        let bytes = std::fs::read(&p).expect("read the capture");
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            c.sha256,
            "{} is not the file these expectations were made on",
            p.display()
        );
        out.push((c, p));
    }
    out
}

#[test]
fn real_handovers_give_no_false_error_and_the_expected_findings() {
    for (c, p) in present() {
        let o = keyhop(&["validate", p.to_str().unwrap(), "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", c.name, stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).expect("JSON report");
        assert_eq!(v["frames"], c.frames, "{}", c.name);
        assert_eq!(v["messages"], c.messages, "{}", c.name);
        let got: Vec<(String, Vec<u64>)> = finding_rows(&v)
            .into_iter()
            .map(|(id, _, frames)| (id, frames))
            .collect();
        let want: Vec<(String, Vec<u64>)> = c
            .findings
            .iter()
            .map(|(r, f)| (r.to_string(), f.to_vec()))
            .collect();
        assert_eq!(got, want, "{}", c.name);
        let ues: Vec<&str> = v["findings"]
            .as_array()
            .expect("a findings array")
            .iter()
            .map(|f| f["ue"].as_str().unwrap_or("(none)"))
            .collect();
        assert_eq!(ues, c.ues, "{}: the UE each finding names", c.name);
        let s = &v["summary"];
        assert_eq!(s["errors"], 0, "{}", c.name);
        assert_eq!(s["warnings"], 0, "{}", c.name);
        let (proc_name, started, complete, incomplete) = c.procedure;
        let pr = &s["procedures"][proc_name];
        assert_eq!(
            (&pr["started"], &pr["complete"], &pr["incomplete"]),
            (&started.into(), &complete.into(), &incomplete.into()),
            "{}: {proc_name}",
            c.name
        );
    }
}

#[cfg(feature = "interop")]
#[test]
fn real_handovers_agree_with_tshark() {
    use keyhop_tests::{compare_counts, keyhop_jsonl, tshark_compare};
    for (c, p) in present() {
        let report = tshark_compare(&p, &keyhop_jsonl(&p), &[]);
        let (passed, _) = compare_counts(&report);
        assert_eq!(passed, c.tshark_pdus, "{}:\n{report}", c.name);
    }
}
