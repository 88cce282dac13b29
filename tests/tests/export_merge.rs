//! Correlation across files (feature `interop`: editcap, DuckDB and PySpark must be installed,
//! else the test fails): each sample capture and a generated 20,000-packet capture (mkcapture)
//! (and the s1-handover sample with a handover released in preparation, and the real S1 and
//! X2 handover captures) are cut in four inside
//! handovers, exported file by file, and their handovers rebuilt by
//! `keyhop export --merge`, by docs/sql on DuckDB and by docs/sql on Spark SQL; each rebuild
//! must equal the `handovers` table of the capture exported as one file (frames translated to
//! the whole capture's; key_chain compared where a handover lies within one file); six more
//! seeded sets of cuts anywhere between messages per capture are rebuilt by `--merge` and
//! DuckDB. The check is tests/interop/export_merge.py.
#![cfg(feature = "interop")]

use keyhop_tests::{build_bin, interop_script, keyhop_bin, passed_summary, stderr, stdout};
use std::process::Command;

/// mkcapture, built as the tests are, and a capture of `packets` packets from it.
fn mkcapture(dir: &std::path::Path, packets: u32) -> String {
    let out = dir.join(format!("mixed-{packets}.pcapng"));
    let st = Command::new(build_bin("keyhop-bench", "mkcapture"))
        .arg(&out)
        .arg(packets.to_string())
        .output()
        .expect("run mkcapture");
    assert!(st.status.success(), "mkcapture failed: {}", stderr(&st));
    out.display().to_string()
}

/// The s1-handover sample without frames 73-77 (a handover's HandoverRequestAcknowledge to
/// HandoverNotify): the UEContextReleaseCommand that follows releases the UE at its source
/// while the handover is still in preparation, which validate ends as cancelled.
fn released_in_preparation(dir: &std::path::Path) -> String {
    let out = dir.join("s1-release-in-preparation.pcapng");
    let sample = keyhop_tests::sample("s1-handover.pcapng");
    let st = Command::new("editcap")
        .arg(&sample)
        .arg(&out)
        .arg("73-77")
        .output()
        .expect("run editcap");
    assert!(st.status.success(), "editcap failed: {}", stderr(&st));
    let v = keyhop_tests::keyhop(&["validate", out.to_str().unwrap()]);
    assert!(
        stdout(&v).contains("ended with a UEContextRelease of the UE"),
        "no handover released in preparation: {}",
        stdout(&v)
    );
    out.display().to_string()
}

#[test]
fn handovers_rebuilt_across_four_files() {
    let work = std::env::temp_dir().join(format!("keyhop-export-merge-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work dir");
    let mut caps: Vec<String> = keyhop_tests::sample_captures()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    caps.push(mkcapture(&work, 20_000));
    caps.push(released_in_preparation(&work));
    // The real X2 handover, its UE named by the IMSI of an Identity Response that the cut
    // leaves in another file than the handover; the real S1 handovers, cut between a
    // HandoverRequired (whose Target ID names the target eNB, one of two home eNBs whose 20
    // leading bits agree) and its HandoverRequest, the first handover's source eNB named only
    // by a later HandoverRequired.
    let shared = keyhop_tests::shared_captures().expect("the shared captures are missing");
    for n in ["ttm4133_X2Handover.pcap", "ttm4133_S1Handover.pcap"] {
        caps.push(shared.join(n).display().to_string());
    }
    let bin = keyhop_bin().display().to_string();
    // Besides the cuts inside handovers, six seeded sets of cuts anywhere between messages.
    let mut args = vec![
        "--keyhop",
        bin.as_str(),
        "--work",
        work.to_str().unwrap(),
        "--random-cuts",
        "6",
    ];
    args.extend(caps.iter().map(String::as_str));
    let out = interop_script("export_merge.py", &args, "");
    let text = stdout(&out);
    let _ = std::fs::remove_dir_all(&work);
    assert!(
        out.status.success(),
        "export_merge.py failed:\n{text}\n{}",
        stderr(&out)
    );
    let (passed, summary) = passed_summary(&text);
    // Per capture: the merge ran, a handover was cut, and for each of --merge, DuckDB and
    // Spark the rows and the key chains; per random set of cuts the merge ran, and for
    // --merge and DuckDB the rows and the key chains.
    assert!(passed >= caps.len() as u64 * (8 + 6 * 5), "{summary}");
    assert!(summary.contains(" 0 failed"), "{summary}");
}
