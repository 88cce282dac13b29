//! Helpers for the end-to-end tests in `tests/`: where the `keyhop` binary, the samples and the
//! shared captures are, and how to run outside tools (tshark, pycrate) behind the `interop` switch.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// `samples/<name>`.
pub fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

/// The bundled samples, one of each handover family (samples/README.md).
pub const SAMPLE_CAPTURES: [&str; 5] = [
    "s1-handover.pcapng",
    "x2-handover.pcapng",
    "x2-makr.pcapng",
    "s10-inter-mme-handover.pcapng",
    "utran-lte-handover.pcapng",
];

/// The paths of [`SAMPLE_CAPTURES`].
pub fn sample_captures() -> Vec<PathBuf> {
    SAMPLE_CAPTURES.iter().map(|n| sample(n)).collect()
}

/// The captures (`.pcap`, `.pcapng`) of folder `dir`, sorted by path.
pub fn captures_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap" || e == "pcapng"))
        .collect();
    v.sort();
    v
}

/// Every capture of samples/, then of samples/violations/.
pub fn all_sample_captures() -> Vec<PathBuf> {
    let mut v = captures_in(&root().join("samples"));
    v.extend(captures_in(&root().join("samples/violations")));
    v
}

/// `../shared/captures`, if present (CI has it beside the checkout); `KEYHOP_SHARED_DIR`
/// (the folder holding `captures/`) points elsewhere, e.g. from a git worktree.
pub fn shared_captures() -> Option<PathBuf> {
    let base = std::env::var_os("KEYHOP_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    let p = base.join("captures");
    p.is_dir().then_some(p)
}

/// The shared captures for a test that also has something to check without them: `None`
/// when they are absent, said on stderr naming `what` goes unchecked; in the interop run
/// (CI), which has them, their absence fails the test instead of passing it unseen.
pub fn optional_shared_captures(what: &str) -> Option<PathBuf> {
    let dir = shared_captures();
    if dir.is_none() {
        assert!(
            !interop_enabled(),
            "the interop run needs ../shared/captures (KEYHOP_SHARED_DIR): {what}"
        );
        eprintln!("shared captures absent (set KEYHOP_SHARED_DIR): {what} not checked");
    }
    dir
}

/// Builds binary `bin` of workspace package `package` with the same profile as the tests and
/// returns its path (cargo does nothing when it is up to date).
pub fn build_bin(package: &str, bin: &str) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", package, "--bin", bin])
        .current_dir(root())
        .status()
        .unwrap_or_else(|e| panic!("run cargo build for {bin}: {e}"));
    assert!(status.success(), "cargo build of {bin} failed");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("debug").join(bin)
}

/// The `keyhop` binary, built once per test process with the same profile as the tests.
pub fn keyhop_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| build_bin("keyhop", "keyhop")).clone()
}

/// Runs `keyhop ARGS`.
pub fn keyhop(args: &[&str]) -> Output {
    Command::new(keyhop_bin())
        .args(args)
        .output()
        .expect("run keyhop")
}

/// Whether the interop switch is on (feature `interop`, or `KEYHOP_INTEROP=1`).
pub fn interop_enabled() -> bool {
    cfg!(feature = "interop") || std::env::var("KEYHOP_INTEROP").is_ok_and(|v| v == "1")
}

/// The Python of the pycrate venv (`KEYHOP_PYTHON`, else `python3`).
pub fn python() -> String {
    std::env::var("KEYHOP_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `tests/interop/<script>` with the interop Python, feeding `input` on stdin from a
/// thread (so a large input cannot dead-lock against a full stdout pipe). Panics, failing the
/// test, when Python cannot be started.
pub fn interop_script(script: &str, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let path = root().join("tests/interop").join(script);
    let mut child = Command::new(python())
        .arg(&path)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {} (set KEYHOP_PYTHON): {e}", python()));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let data = input.to_string();
    let feeder = std::thread::spawn(move || {
        // The script may exit early on an error: its report says why, not this write.
        let _ = stdin.write_all(data.as_bytes());
    });
    let out = child.wait_with_output().expect("wait for python");
    feeder.join().expect("stdin feeder");
    out
}

/// `keyhop read --format jsonl --show-keys CAPTURE`: its JSON Lines (the run must succeed).
pub fn keyhop_jsonl(capture: &Path) -> String {
    let o = keyhop(&[
        "read",
        "--format",
        "jsonl",
        "--show-keys",
        capture.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "keyhop read failed on {}: {}",
        capture.display(),
        stderr(&o)
    );
    stdout(&o)
}

/// The records `keyhop read -q --format jsonl -Y FILTER CAPTURE` prints (the run must
/// succeed).
pub fn keyhop_filtered(capture: &Path, filter: &str) -> Vec<serde_json::Value> {
    let path = capture.to_str().expect("a UTF-8 path");
    let o = keyhop(&["read", "-q", "--format", "jsonl", "-Y", filter, path]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "keyhop -Y {filter} on {}: {}",
        capture.display(),
        stderr(&o)
    );
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect()
}

/// Compares keyhop's JSON Lines of `capture` with what tshark shows
/// (tests/interop/tshark_compare.py, with `extra` arguments); fails the test on any
/// disagreement and returns the report.
pub fn tshark_compare(capture: &Path, jsonl: &str, extra: &[&str]) -> String {
    let cap = capture.to_str().expect("a UTF-8 path");
    let mut args = vec![cap, "--keyhop", "-"];
    args.extend_from_slice(extra);
    let out = interop_script("tshark_compare.py", &args, jsonl);
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        out.status.success(),
        "tshark and keyhop disagree on {}:\n{report}",
        capture.display()
    );
    report
}

/// `tshark -r CAPTURE ARGS -T fields -e frame.number -e FIELD...`: per line tshark prints, the
/// frame number and the other columns in `fields` order (empty where a field is absent). Fails
/// the test when tshark cannot run or fails (interop needs it).
pub fn tshark_fields(capture: &Path, args: &[&str], fields: &[&str]) -> Vec<(u64, Vec<String>)> {
    let mut c = Command::new("tshark");
    c.args(["-r", capture.to_str().expect("a UTF-8 path")]);
    c.args(args);
    c.args(["-T", "fields", "-e", "frame.number"]);
    for f in fields {
        c.args(["-e", f]);
    }
    let o = c.output().expect("tshark runs (interop needs it)");
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| {
            let mut cols = l.split('\t');
            let frame = cols
                .next()
                .and_then(|f| f.parse().ok())
                .unwrap_or_else(|| panic!("a frame number opens tshark's line {l:?}"));
            (frame, cols.map(str::to_string).collect())
        })
        .collect()
}

/// The last summary line (`N passed, M failed...`) of an interop script's report, and its N.
pub fn passed_summary(report: &str) -> (u64, &str) {
    let line = report
        .lines()
        .rev()
        .find(|l| l.contains(" passed, "))
        .expect("a summary line");
    let passed = line
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count of checks passed");
    (passed, line)
}

/// The PDUs passed and the fields compared, from a tshark_compare report's summary line
/// (`N passed, M failed (F frames, P PDUs, K fields compared)`).
pub fn compare_counts(report: &str) -> (u64, u64) {
    let (passed, line) = passed_summary(report);
    let w: Vec<&str> = line.split_whitespace().collect();
    let fields = w[w.len() - 3].parse().expect("a count of fields");
    (passed, fields)
}

/// The findings of a `keyhop validate --format json` report as (rule, with `(about)` when the
/// finding is about another rule, severity, frames), in report order.
pub fn finding_rows(v: &serde_json::Value) -> Vec<(String, String, Vec<u64>)> {
    let list = v["findings"].as_array().expect("a findings array");
    list.iter()
        .map(|f| {
            let mut id = f["rule"].as_str().expect("a rule id").to_string();
            if let Some(a) = f.get("about") {
                id = format!("{id}({})", a.as_str().expect("about is a rule id"));
            }
            let frames = f["frames"].as_array().expect("frames");
            let frames = frames.iter().map(|n| n.as_u64().expect("a frame number"));
            let severity = f["severity"].as_str().expect("a severity").to_string();
            (id, severity, frames.collect())
        })
        .collect()
}
