//! The real captures in `../shared/captures` (open5gs, OpenAirInterface): keyhop decodes every
//! message, and every field that tshark shows and keyhop types agrees (tests/interop/tshark_compare.py).
//! Runs with the `interop` feature; then a missing tshark, Python or captures folder fails.
#![cfg(feature = "interop")]

use keyhop_tests::{compare_counts, keyhop_jsonl, shared_captures, tshark_compare};

/// Runs keyhop on `name`, then the comparison with the given extra arguments; returns its report.
fn compare(name: &str, extra: &[&str]) -> String {
    let dir = shared_captures().expect("../shared/captures is absent: these tests need it");
    let cap = dir.join(name);
    tshark_compare(&cap, &keyhop_jsonl(&cap), extra)
}

fn passed(report: &str) -> u64 {
    compare_counts(report).0
}

#[test]
fn open5gs_testattach_agrees_with_tshark() {
    let r = compare("open5gs_testattach.pcapng", &[]);
    assert!(passed(&r) >= 315, "{r}");
}

#[test]
fn open5gs_srsenb_agrees_with_tshark() {
    // tshark reports TCP reassembly errors on this capture's non-signalling traffic.
    let r = compare("open5gs_srsenb.pcapng", &["--allow-expert", "^tcp: "]);
    assert!(passed(&r) >= 27, "{r}");
}

#[test]
fn oai_agrees_with_tshark() {
    // Frames 218, 750 and 1185: tshark 4.0 flags the PCO of these Create Session Requests as
    // malformed (captures/README.md); keyhop keeps the PCO as octets.
    let r = compare(
        "oai_scenarios_PON_POFF_s1_all.pcapng",
        &[
            "--allow-expert",
            "^tcp: ",
            "--allow-expert",
            "Older version",
            "--allow-frame",
            "218",
            "--allow-frame",
            "750",
            "--allow-frame",
            "1185",
        ],
    );
    assert!(passed(&r) >= 59, "{r}");
}
