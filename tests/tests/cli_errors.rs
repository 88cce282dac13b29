//! `keyhop read` on files that are not captures: a clear message and exit status 2.

use keyhop_tests::{keyhop, stderr};
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
