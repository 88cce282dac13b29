//! The capture `mkcapture` writes is what it claims: consistent handover flows. `keyhop
//! validate` finds no error in 100,000 of its packets, every handover of every kind the
//! generator writes is complete except the one the capture's end cuts, and, as each UE's
//! connection ends at its target, a few UE contexts hold them all: none is evicted with
//! `--max-ues 64`, and at most the UE the capture's end cuts is held at the end.

use keyhop::keys::KeysFile;
use keyhop::validate::engine::Limits;
use keyhop::validate::rules::{ProcKind, Rule, Severity};

#[test]
fn mkcapture_flows_validate_without_error() {
    let path = std::env::temp_dir().join(format!("keyhop-mkcapture-{}.pcapng", std::process::id()));
    let file = std::fs::File::create(&path).expect("create the capture");
    let n = keyhop_bench::write_mixed_capture(std::io::BufWriter::new(file), 100_000)
        .expect("write the capture");
    assert_eq!(n, 100_000);
    // Each UE's S1 connection ends at its target after the handover: a few UE contexts at a
    // time suffice for the thousands of UEs of the capture (no EVICTED below).
    let limits = Limits {
        max_ues: 64,
        ..Limits::default()
    };
    let o = keyhop::validate::run(&path, &KeysFile::default(), limits).expect("validate reads it");
    let _ = std::fs::remove_file(&path);
    assert!(o.engine.ues_created > 5000, "{}", o.engine.ues_created);
    assert!(
        o.engine.ues_held <= 2,
        "{} UE contexts held",
        o.engine.ues_held
    );
    assert_eq!(o.frames, 100_000);
    assert!(o.ended_early.is_none());

    // No error, no warning: only the informational findings of a capture without keys and
    // without key refresh.
    let bad: Vec<_> = o
        .engine
        .counts
        .iter()
        .filter(|(r, c)| **c > 0 && r.severity() != Severity::Info)
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    for r in [
        Rule::Evicted,
        Rule::Malformed,
        Rule::NotObserved,
        Rule::Cancelled,
    ] {
        assert_eq!(o.engine.counts.get(&r).copied().unwrap_or(0), 0, "{r:?}");
    }

    // Every kind the generator writes, many times, each complete but for the capture's end.
    let mut incomplete = 0;
    for kind in [
        ProcKind::X2Legacy,
        ProcKind::S1IntraMme,
        ProcKind::S1InterMme,
    ] {
        let c = o.engine.procs.get(&kind).copied().unwrap_or_default();
        assert!(c.started > 1000, "{kind:?}: {c:?}");
        assert_eq!(c.complete + c.incomplete, c.started, "{kind:?}: {c:?}");
        incomplete += c.incomplete;
    }
    assert!(incomplete <= 1, "{:?}", o.engine.procs);
    for kind in [
        ProcKind::X2Makr,
        ProcKind::UtranToEutran,
        ProcKind::EutranToUtran,
    ] {
        assert_eq!(
            o.engine.procs.get(&kind).map_or(0, |c| c.started),
            0,
            "{kind:?}"
        );
    }
    // The unfinished one is the last flow, cut by the end of the capture.
    for f in o
        .engine
        .findings
        .iter()
        .filter(|f| f.rule == Rule::Incomplete)
    {
        assert!(f.frames.iter().all(|&fr| fr > 100_000 - 20), "{f:?}");
    }
}
