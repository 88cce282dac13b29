//! Replays every fuzz corpus file and every saved crashing input through the fuzz targets'
//! checks (fuzz/src/oracle.rs, included here so both run exactly the same code): decoding never
//! panics, errors point into the input, and whatever decodes round-trips.
//!
//! Layout: `fuzz/corpus/<target>/*` (minimised corpora) and `fuzz/regressions/<target>/*`
//! (inputs that once crashed a target, kept after the fix).

#[allow(dead_code)]
#[path = "../../fuzz/src/oracle.rs"]
mod oracle;

use std::path::Path;

fn replay(kind: &str) -> usize {
    let root = keyhop_tests::root().join("fuzz").join(kind);
    let mut n = 0;
    for (name, check) in oracle::TARGETS {
        let dir = root.join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let r = std::panic::catch_unwind(|| check(&data));
            assert!(r.is_ok(), "{name}: {} fails its checks", rel(&f));
            n += 1;
        }
    }
    n
}

fn rel(p: &Path) -> String {
    p.strip_prefix(keyhop_tests::root())
        .unwrap_or(p)
        .display()
        .to_string()
}

#[test]
fn regression_inputs_pass() {
    let n = replay("regressions");
    assert!(n > 0, "fuzz/regressions holds no input");
}

#[test]
fn corpora_pass() {
    let n = replay("corpus");
    // Every target has a corpus (the seeds at least).
    for (name, _) in oracle::TARGETS {
        let dir = keyhop_tests::root().join("fuzz/corpus").join(name);
        assert!(
            std::fs::read_dir(&dir).map(|d| d.count() > 0).unwrap_or(false),
            "no corpus for {name}"
        );
    }
    assert!(n >= oracle::TARGETS.len());
}
