//! `keyhop read` output formats on a real capture (open5gs attach test, ../shared/captures):
//! the JSON envelope, the one-line summary, the tree, and key redaction in every format.

use keyhop_tests::{keyhop, shared_captures, stdout};
use serde_json::Value;

/// The SecurityKey of the InitialContextSetupRequest in frame 66, as tshark 4.0.17 shows it
/// (`tshark -Y frame.number==66 -T fields -e s1ap.SecurityKey`).
const KEY_66: &str = "b615aadfadc061f29a85420532cd63d1bf6fea41e751109324e205fc44318a08";

fn capture() -> String {
    let dir = shared_captures().expect("../shared/captures is absent: this test reads it");
    dir.join("open5gs_testattach.pcapng")
        .to_str()
        .unwrap()
        .to_string()
}

fn records(args: &[&str]) -> Vec<Value> {
    let cap = capture();
    let mut a = vec!["read", "--format", "jsonl"];
    a.extend_from_slice(args);
    a.push(&cap);
    let o = keyhop(&a);
    assert_eq!(o.status.code(), Some(0));
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect()
}

#[test]
fn jsonl_envelope_and_values() {
    let recs = records(&["--show-keys"]);
    // tshark 4.0.17 finds 209 S1AP and 106 GTPv2-C PDUs in this capture.
    assert_eq!(recs.len(), 315);
    assert_eq!(recs.iter().filter(|r| r["protocol"] == "s1ap").count(), 209);
    assert_eq!(
        recs.iter().filter(|r| r["protocol"] == "gtpv2").count(),
        106
    );
    let r = recs.iter().find(|r| r["frame"] == 66).unwrap();
    // src_node / dst_node appear where a node's name is known (docs/json.md).
    let keys: Vec<&str> = r
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .filter(|k| !k.ends_with("_node"))
        .collect();
    assert_eq!(
        r["dst_node"], "eNB 901-70:macro:54f64",
        "named from its S1 Setup"
    );
    assert_eq!(
        &keys[..8],
        &[
            "frame",
            "time",
            "src",
            "dst",
            "protocol",
            "message",
            "procedure_code",
            "pdu_type"
        ]
    );
    assert_eq!(r["time"], "2020-08-22T15:52:30.145429Z");
    assert_eq!(r["src"], "127.0.0.2:36412");
    assert_eq!(r["protocol"], "s1ap");
    assert_eq!(r["message"], "InitialContextSetupRequest");
    assert_eq!(r["procedure_code"], 9);
    assert_eq!(r["pdu_type"], "initiating_message");
    assert_eq!(r["security_key"], KEY_66);
}

#[test]
fn keys_are_fingerprints_unless_asked_in_every_format() {
    let cap = capture();
    for fmt in ["summary", "tree", "jsonl", "json"] {
        let o = keyhop(&["read", "--format", fmt, &cap]);
        assert_eq!(o.status.code(), Some(0), "{fmt}");
        let text = stdout(&o);
        assert!(!text.contains(KEY_66), "{fmt} leaks the SecurityKey");
        if fmt != "summary" {
            // fp: + first 4 octets of SHA-256 of the key.
            assert!(text.contains("fp:"), "{fmt} shows no fingerprint");
        }
        let shown = stdout(&keyhop(&["read", "--format", fmt, "--show-keys", &cap]));
        if fmt != "summary" {
            assert!(shown.contains(KEY_66), "{fmt} --show-keys hides the key");
        }
    }
}

#[test]
fn json_is_one_array_of_the_jsonl_records() {
    let cap = capture();
    let arr: Value = serde_json::from_str(&stdout(&keyhop(&["read", "--format", "json", &cap])))
        .expect("--format json is one JSON document");
    let arr = arr.as_array().expect("an array");
    let lines = records(&[]);
    assert_eq!(arr.len(), lines.len());
    assert_eq!(arr[10], lines[10]);
}

#[test]
fn summary_and_tree() {
    let cap = capture();
    let text = stdout(&keyhop(&["read", &cap]));
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("66 "))
        .expect("a line for frame 66");
    // Both ends by their identities: the MME by the GUMMEI of its S1 Setup Response.
    assert!(
        line.contains(
            "MME 901-70:0002:01(127.0.0.2:36412) -> eNB 901-70:macro:54f64(127.0.0.1:49993)"
        ),
        "{line}"
    );
    assert!(
        line.contains(
            "S1AP  InitialContextSetupRequest \
             [Attach Accept, Activate Default EPS Bearer Context Request] MME-UE-S1AP-ID="
        ),
        "{line}"
    );
    let tree = stdout(&keyhop(&["read", "-V", &cap]));
    let block: Vec<&str> = tree
        .split("\n\n")
        .find(|b| b.starts_with("Frame 66 "))
        .expect("a tree for frame 66")
        .lines()
        .collect();
    assert!(
        block[0].contains("MME 901-70:0002:01(127.0.0.2:36412) -> eNB 901-70:macro:54f64("),
        "{block:?}"
    );
    assert!(
        block.contains(&"    message: InitialContextSetupRequest"),
        "{block:?}"
    );
    assert!(
        block.iter().any(|l| l.starts_with("    security_key: fp:")),
        "{block:?}"
    );
}
