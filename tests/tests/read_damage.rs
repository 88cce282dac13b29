//! `keyhop read` on damaged input: a frame that fails to decode is reported with protocol, field
//! path and byte offset, the frames after it are still read, and the exit status says so; a
//! truncated file is read to its last whole record.

mod s1ap_capture;

use keyhop_tests::{keyhop, stderr, stdout};
use s1ap_capture::notify;
use std::path::PathBuf;

fn capture(name: &str, payloads: &[Vec<u8>]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-damage-{}", std::process::id()));
    s1ap_capture::capture(&dir, name, s1ap_capture::ENB, s1ap_capture::MME, payloads)
}

#[test]
fn a_bad_frame_is_reported_and_reading_goes_on() {
    let good = notify();
    let bad = s1ap_capture::notify_cut_in_its_ies();
    let path = capture("damaged.pcapng", &[good.clone(), bad, good.clone()]);
    let o = keyhop(&["read", path.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed frame makes the exit status 1"
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].contains("HandoverNotify"));
    assert!(
        lines[1].contains("[malformed: s1ap: initiating_message.HandoverNotify.protocol_ies"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(" at byte "), "{}", lines[1]);
    assert!(
        lines[2].contains("HandoverNotify"),
        "the frame after the bad one is read"
    );
    assert!(
        stderr(&o).contains("1 of 3 messages failed to decode"),
        "{}",
        stderr(&o)
    );

    let o = keyhop(&["read", "--format", "jsonl", path.to_str().unwrap()]);
    let rec: serde_json::Value = serde_json::from_str(stdout(&o).lines().nth(1).unwrap()).unwrap();
    assert_eq!(rec["frame"], 2);
    assert_eq!(rec["error"]["protocol"], "s1ap");
    assert_eq!(rec["error"]["kind"], "truncated");
    assert!(rec["error"]["path"]
        .as_str()
        .unwrap()
        .starts_with("initiating_message.HandoverNotify"));
    assert!(rec["error"]["byte_offset"].as_u64().unwrap() <= (good.len() - 3) as u64);
}

#[test]
fn a_truncated_file_is_read_to_its_last_whole_record() {
    let path = capture("whole.pcapng", &[notify(), notify(), notify()]);
    let mut data = std::fs::read(&path).unwrap();
    data.truncate(data.len() - 20);
    let cut = path.with_file_name("cut.pcapng");
    std::fs::write(&cut, &data).unwrap();
    let o = keyhop(&["read", cut.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));
    assert!(stderr(&o).contains("truncated"), "{}", stderr(&o));
}
