//! The real captures in `../shared/captures` (open5gs, OpenAirInterface): keyhop decodes every
//! message, and every field that tshark shows and keyhop types agrees (tests/interop/tshark_compare.py).
//! Runs with the `interop` feature; then a missing tshark, Python or captures folder fails.
#![cfg(feature = "interop")]

use keyhop_tests::{keyhop, python, root, shared_captures, stderr, stdout};
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs keyhop on `name`, then the comparison with the given extra arguments; returns its report.
fn compare(name: &str, extra: &[&str]) -> String {
    let dir = shared_captures().expect("../shared/captures is absent: these tests need it");
    let cap = dir.join(name);
    let o = keyhop(&[
        "read",
        "--format",
        "jsonl",
        "--show-keys",
        cap.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "keyhop read failed on {name}: {}",
        stderr(&o)
    );
    let mut child = Command::new(python())
        .arg(root().join("tests/interop/tshark_compare.py"))
        .arg(&cap)
        .args(["--keyhop", "-"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python (set KEYHOP_PYTHON) with tshark_compare.py");
    child.stdin.take().unwrap().write_all(&o.stdout).unwrap();
    let out = child.wait_with_output().unwrap();
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        out.status.success(),
        "tshark and keyhop disagree on {name}:\n{report}"
    );
    report
}

fn passed(report: &str) -> u64 {
    let line = report
        .lines()
        .rev()
        .find(|l| l.contains(" passed, "))
        .expect("a summary line");
    line.split_whitespace().next().unwrap().parse().unwrap()
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
