//! `keyhop read` on files that are not captures, and every command's conflicting or
//! meaningless options: a clear message naming the options, nothing on stdout, exit status 2.

use keyhop_tests::{keyhop, sample, stderr};
use std::io::Write;

#[test]
fn missing_file() {
    let o = keyhop(&["read", "/nonexistent/trace.pcapng"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("cannot open /nonexistent/trace.pcapng"), "{e}");
}

#[test]
fn empty_file() {
    let f = tempfile("empty.pcap", b"");
    let o = keyhop(&["read", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("empty"), "{}", stderr(&o));
}

#[test]
fn not_a_capture() {
    let f = tempfile("notes.txt", b"hello, this is not a capture file\n");
    let o = keyhop(&["read", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a pcap or pcapng capture"),
        "{}",
        stderr(&o)
    );
}

fn tempfile(name: &str, data: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(data).unwrap();
    p
}

/// Each command's option combinations that cannot mean anything: refused before reading.
#[test]
fn conflicting_options_are_errors() {
    let cap = sample("s1-handover.pcapng");
    let c = cap.to_str().unwrap();
    let out = std::env::temp_dir().join(format!("keyhop-cli-errors-{}", std::process::id()));
    let o = out.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        // read: one format at a time.
        (
            &["read", "-V", "--format", "jsonl", c],
            "cannot be used with",
        ),
        (
            &["read", "-V", "--format", "summary", c],
            "cannot be used with",
        ),
        // -t sets the summary's time column only.
        (
            &["read", "-t", "r", "--format", "json", c],
            "-t sets the summary",
        ),
        (&["read", "-t", "d", "-V", c], "-t sets the summary"),
        // --report is a JSON record.
        (&["read", "--report", c], "--report adds a JSON record"),
        (
            &["read", "--report", "-V", c],
            "--report adds a JSON record",
        ),
        // --show-raw has nothing to show in the summary.
        (&["read", "--show-raw", c], "--show-raw shows raw octets"),
        // A port cannot be read as two protocols.
        (
            &["read", "--s1ap-port", "5000", "--x2ap-port", "6000,5000", c],
            "SCTP port 5000 given both",
        ),
        (&["read", "-c", "0", c], "-c takes a count of 1 or more"),
        (&["read", "--frames", "9-3", c], "ends before it starts"),
        (
            &["read", "-", "-", c],
            "standard input (`-`) can be read once",
        ),
        (
            &["read", "-w", c, c],
            "would overwrite a capture being read",
        ),
        (&["read", "-Y", "frame ==", c], "expected a value"),
        (&["read", "-t", "x", c], "invalid value"),
        // validate
        (
            &["validate", "--max-ues", "0", c],
            "--max-ues takes 1 or more",
        ),
        (
            &["validate", "-Y", "message ~ x", c],
            "filter, at character",
        ),
        // stats
        (&["stats", "-"], "give a file, not standard input"),
        (&["stats", "-Y", "(frame", c], "expected"),
        // ladder: one way to name the UE.
        (
            &["ladder", "--ue", "1", "-Y", "frame == 1", c],
            "cannot be used with",
        ),
        (&["ladder", "--format", "png", c], "invalid value"),
        // export
        (&["export", "-o", o, "-j", "0", c], "--jobs takes 1 or more"),
    ];
    for (args, why) in cases {
        let r = keyhop(args);
        let e = stderr(&r);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {e}");
        assert!(r.stdout.is_empty(), "{args:?} printed on stdout");
        assert!(e.contains(why), "{args:?}: {e}");
    }
    assert!(!out.exists(), "export wrote before refusing");
    // Standard input is read once: a filter on `ue` (which traces the UEs first) refuses it.
    for args in [&["read", "-", "-Y", "ue == 256"][..], &["ladder", "-"]] {
        let r = std::process::Command::new(keyhop_tests::keyhop_bin())
            .args(args)
            .stdin(std::fs::File::open(&cap).unwrap())
            .output()
            .unwrap();
        let e = stderr(&r);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {e}");
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(
            e.contains("standard input cannot be read twice"),
            "{args:?}: {e}"
        );
    }
    // The same options one at a time are accepted.
    for args in [
        &["read", "-V", c][..],
        &["read", "-t", "r", c],
        &["read", "--report", "--format", "jsonl", c],
        &["read", "--show-raw", "-V", c],
        &["read", "--s1ap-port", "5000", "--x2ap-port", "6000", c],
        &["validate", "--max-ues", "1", c],
        &["ladder", "--ue", "256", c],
        &["ladder", "-Y", "frame == 50", c],
    ] {
        let r = keyhop(args);
        assert_eq!(r.status.code(), Some(0), "{args:?}: {}", stderr(&r));
    }
}
