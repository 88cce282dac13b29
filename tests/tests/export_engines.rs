//! `keyhop export` read back by DuckDB, Polars and Spark in local mode (feature `interop`: the
//! engines must be installed in the interop venv, else the test fails). The check itself is
//! tests/interop/export_engines.py: message counts per type and every record equal
//! `keyhop read`'s, handover counts equal `keyhop validate`'s summary, findings per rule, and
//! Arrow IPC files equal to the Parquet ones, on the samples and the shared captures.
#![cfg(feature = "interop")]

use keyhop_tests::{
    captures_in, interop_script, keyhop_bin, optional_shared_captures, passed_summary, stderr,
    stdout,
};

#[test]
fn engines_read_the_export() {
    let mut caps: Vec<String> = keyhop_tests::sample_captures()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if let Some(dir) = optional_shared_captures("the engines on the shared captures") {
        caps.extend(captures_in(&dir).iter().map(|p| p.display().to_string()));
    }
    let work = std::env::temp_dir().join(format!("keyhop-export-engines-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let bin = keyhop_bin().display().to_string();
    let mut args = vec!["--keyhop", bin.as_str(), "--work", work.to_str().unwrap()];
    args.extend(caps.iter().map(String::as_str));
    let out = interop_script("export_engines.py", &args, "");
    let text = stdout(&out);
    let _ = std::fs::remove_dir_all(&work);
    assert!(
        out.status.success(),
        "export_engines.py failed:\n{text}\n{}",
        stderr(&out)
    );
    let (passed, summary) = passed_summary(&text);
    // Per capture: 4 message checks (DuckDB counts and records, Polars, Spark), 3 handover
    // checks (DuckDB, Polars, Spark), findings, 4 Arrow tables; and the two exports.
    assert!(passed >= caps.len() as u64 * 12 + 2, "{summary}");
    assert!(summary.contains(" 0 failed"), "{summary}");
}
