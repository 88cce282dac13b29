//! `keyhop read -Y` selects the frames `tshark -Y` selects, for filters over fields both have,
//! on the samples and the shared captures; `-w` files read in tshark without a malformed
//! frame. Runs with the `interop` feature; then a missing tshark or captures folder fails.
#![cfg(feature = "interop")]

use keyhop_tests::{keyhop, sample, sample_captures, shared_captures, stderr, stdout};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tshark(args: &[&str]) -> std::process::Output {
    Command::new("tshark")
        .args(args)
        .output()
        .expect("tshark is needed for the interop tests (apt-get install tshark)")
}

/// The frames tshark's display filter selects.
fn tshark_frames(cap: &Path, filter: &str) -> BTreeSet<u64> {
    let o = tshark(&[
        "-n",
        "-r",
        cap.to_str().unwrap(),
        "-Y",
        filter,
        "-T",
        "fields",
        "-e",
        "frame.number",
    ]);
    assert!(o.status.success(), "tshark -Y {filter}: {}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| l.trim().parse().expect("a frame number"))
        .collect()
}

/// The frames of the messages keyhop's filter selects.
fn keyhop_frames(cap: &Path, filter: &str) -> BTreeSet<u64> {
    keyhop_tests::keyhop_filtered(cap, filter)
        .iter()
        .map(|v| v["frame"].as_u64().expect("a frame number"))
        .collect()
}

fn captures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = sample_captures();
    let dir = shared_captures().expect("../shared/captures is absent: this test needs it");
    for n in [
        "open5gs_testattach.pcapng",
        "open5gs_srsenb.pcapng",
        "oai_scenarios_PON_POFF_s1_all.pcapng",
        "ttm4133_S1Handover.pcap",
        "ttm4133_X2Handover.pcap",
    ] {
        v.push(dir.join(n));
    }
    v
}

/// Filters over fields both tools have. tshark's `gtp` is also GTP-U, which keyhop does not
/// read: GTPv1 filters name a control-plane message type.
const FILTERS: &[&str] = &[
    "s1ap",
    "x2ap",
    "gtpv2",
    "s1ap.procedureCode == 0",
    "s1ap.procedureCode in {0, 1, 2, 3, 4, 5}",
    "s1ap.procedureCode != 13",
    "s1ap && !(s1ap.procedureCode in {11, 12, 13})",
    "s1ap.MME_UE_S1AP_ID <= 3",
    // x2-makr's PrivateMessage (procedure 39) carries the UE ids in keyhop's key-refresh IEs,
    // which tshark does not decode.
    "s1ap.ENB_UE_S1AP_ID > 1000 && s1ap.procedureCode != 39",
    "s1ap.nextHopChainingCount >= 1",
    "x2ap.procedureCode == 0",
    "x2ap.procedureCode in {0..6}",
    "x2ap.UE_X2AP_ID < 100",
    "gtpv2.message_type in {32, 33, 34, 35}",
    "gtpv2.message_type == 133 || gtpv2.message_type == 134",
    "gtpv2.teid == 0",
    "gtpv2.seq < 5000",
    "gtp.message == 53 || gtp.message == 54",
    "ip.src == 10.10.0.1 && s1ap",
    "ip.addr == 10.10.0.0/16 && (s1ap || x2ap)",
    "sctp.srcport == 36412 && s1ap",
    "sctp.data_payload_proto_id == 18 && s1ap",
    "frame.number >= 40 && frame.number <= 80 && (s1ap || x2ap || gtpv2)",
    "frame.number in {5, 6, 50..60} and s1ap",
    "s1ap.procedureCode == 0 or x2ap.procedureCode == 0 or gtpv2.message_type == 133",
];

/// Frames that carry more than one message (keyhop's reading).
fn multi_message_frames(cap: &Path) -> BTreeSet<u64> {
    let o = keyhop(&["read", "-q", "--format", "jsonl", cap.to_str().unwrap()]);
    let mut seen = BTreeSet::new();
    let mut multi = BTreeSet::new();
    for l in stdout(&o).lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let f = v["frame"].as_u64().unwrap();
        if !seen.insert(f) {
            multi.insert(f);
        }
    }
    multi
}

/// A filter selects messages in keyhop and frames in tshark: on a frame that bundles several
/// messages, `s1ap.procedureCode != 13` selects keyhop's message of another procedure while
/// tshark's frame holds a 13 and fails `!=` (all not equal). Differences are allowed on such
/// frames only, where keyhop's selection must be one of the frame's messages satisfying the
/// filter on its own (checked by the tests of `filter`), and nowhere else.
#[test]
fn filters_select_the_frames_tshark_selects() {
    let mut nonempty = BTreeSet::new();
    let mut compared = 0;
    let mut differ = Vec::new();
    let mut bundled_differences = 0;
    // (capture, filter, keyhop's frames, tshark's frames, bundled frames), on three threads
    // of up to four captures each (tshark's start-up dominates).
    let caps = captures();
    let results: Vec<_> = std::thread::scope(|sc| {
        let chunks: Vec<Vec<PathBuf>> = caps.chunks(4).map(|c| c.to_vec()).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                sc.spawn(move || {
                    let mut out = Vec::new();
                    for cap in chunk {
                        let multi = multi_message_frames(&cap);
                        for f in FILTERS {
                            let k = keyhop_frames(&cap, f);
                            let t = tshark_frames(&cap, f);
                            out.push((cap.clone(), *f, k, t, multi.clone()));
                        }
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a comparison thread"))
            .collect()
    });
    for (cap, f, k, t, multi) in results {
        let only: Vec<u64> = k.symmetric_difference(&t).copied().collect();
        bundled_differences += only.len();
        if only.iter().any(|f| !multi.contains(f)) {
            differ.push(format!(
                "{} `{f}`: keyhop only {:?}, tshark only {:?}",
                cap.display(),
                k.difference(&t).collect::<Vec<_>>(),
                t.difference(&k).collect::<Vec<_>>()
            ));
        }
        if !t.is_empty() {
            nonempty.insert(f);
        }
        compared += 1;
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // The bundling differences are the negated filters' few frames, not a general drift.
    assert!(bundled_differences <= 30, "{bundled_differences}");
    // Every filter selects something somewhere: no comparison is of two empty sets only.
    let unused: Vec<&&str> = FILTERS.iter().filter(|f| !nonempty.contains(**f)).collect();
    assert!(
        unused.is_empty(),
        "filters that select nothing anywhere: {unused:?}"
    );
    assert_eq!(compared, FILTERS.len() * 10);
}

/// IMSIs: in the GTP samples (tshark also finds IMSIs in plain NAS, which keyhop does not
/// decode yet, so the S1AP captures are left out).
#[test]
fn imsi_filters_agree() {
    for cap in ["s10-inter-mme-handover.pcapng", "utran-lte-handover.pcapng"] {
        let cap = sample(cap);
        for f in [
            "e212.imsi == \"001010000000101\"",
            "e212.imsi",
            "e212.imsi matches \"0000002\"",
        ] {
            let k = keyhop_frames(&cap, f);
            assert_eq!(k, tshark_frames(&cap, f), "{} `{f}`", cap.display());
        }
        assert!(!keyhop_frames(&cap, "e212.imsi").is_empty());
    }
}

/// A `-w` cut opens in tshark: the same number of frames, no malformed frame, and the
/// filter selects the same frames in it.
#[test]
fn written_cuts_read_in_tshark() {
    let dir = std::env::temp_dir().join(format!("keyhop-tshark-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, cap) in captures().iter().enumerate() {
        let out = dir.join(format!("cut{i}.pcapng"));
        let filter =
            "s1ap.procedureCode in {0, 1, 2, 3, 4, 5} || x2ap || gtpv2.message_type >= 128";
        let o = keyhop(&[
            "read",
            "-q",
            "-Y",
            filter,
            "-w",
            out.to_str().unwrap(),
            cap.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let selected = keyhop_frames(cap, filter);
        let n = tshark(&[
            "-n",
            "-r",
            out.to_str().unwrap(),
            "-T",
            "fields",
            "-e",
            "frame.number",
        ]);
        assert!(n.status.success(), "{}", stderr(&n));
        let written = stdout(&n).lines().count();
        assert!(written >= selected.len(), "{}", cap.display());
        let bad = tshark_frames(&out, "_ws.malformed || _ws.expert.severity >= error");
        // Only SCTP/TCP expert info of frames cut from their streams may remain, and only
        // where the source capture had it too.
        let bad_src = tshark_frames(cap, "_ws.malformed || _ws.expert.severity >= error");
        assert!(
            bad.is_empty() || !bad_src.is_empty(),
            "{}: malformed frames {bad:?} in the cut",
            cap.display()
        );
        let again = tshark_frames(&out, filter);
        assert_eq!(again.len(), selected.len(), "{}", cap.display());
    }
}
