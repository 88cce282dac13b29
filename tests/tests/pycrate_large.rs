//! S1AP and X2AP HandoverRequests over 16 KiB (fragmented APER lengths, X.691 11.9.3.8)
//! against pycrate (tests/interop/aper_large.py): pycrate encodes random HandoverRequests whose
//! UE radio capability carrier is 16,300 or 70,000 octets; keyhop decodes every one to its
//! IEs, re-encodes pycrate's octets exactly, and its JSON agrees with the value pycrate
//! encoded. Built only with the `interop` feature; then a missing python or pycrate is a
//! failure, never a skip.
#![cfg(feature = "interop")]

use keyhop_codec::redact::show_keys;
use keyhop_codec::{s1ap, x2ap};

fn run(args: &[&str], input: &str) -> String {
    let out = keyhop_tests::interop_script("aper_large.py", args, input);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        !text.is_empty(),
        "aper_large.py {args:?} printed nothing: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn large_handover_requests_agree_with_pycrate() {
    let gen = run(&["gen"], "");
    let mut lines = String::new();
    let mut n = 0;
    for line in gen.lines() {
        let mut rec: serde_json::Value = serde_json::from_str(line).unwrap();
        let hex_s = rec["hex"].as_str().unwrap().to_string();
        let b = hex::decode(&hex_s).unwrap();
        let what = format!("{} {} seed {}", rec["protocol"], rec["size"], rec["seed"]);
        // The message value is a fragmented open type (its first length octet 11xxxxxx).
        assert!(
            b.len() > 16384 && b[3] & 0xc0 == 0xc0,
            "{what}: not fragmented"
        );
        let _g = show_keys(true);
        let (again, json) = match rec["protocol"].as_str() {
            Some("s1ap") => {
                let pdu = s1ap::decode(&b).unwrap_or_else(|e| panic!("{what}: {e}"));
                assert!(pdu.ies().is_some(), "{what}: kept raw");
                assert!(pdu.notes.is_empty(), "{what}: {:?}", pdu.notes);
                (
                    s1ap::encode(&pdu).unwrap(),
                    serde_json::to_value(s1ap::to_json(&pdu)).unwrap(),
                )
            }
            _ => {
                let pdu = x2ap::decode(&b).unwrap_or_else(|e| panic!("{what}: {e}"));
                assert!(pdu.ies().is_some(), "{what}: kept raw");
                assert!(pdu.notes.is_empty(), "{what}: {:?}", pdu.notes);
                (
                    x2ap::encode(&pdu).unwrap(),
                    serde_json::to_value(x2ap::to_json(&pdu)).unwrap(),
                )
            }
        };
        assert!(
            again == b,
            "{what}: keyhop's re-encoding differs from pycrate's"
        );
        rec["keyhop"] = json;
        lines.push_str(&rec.to_string());
        lines.push('\n');
        n += 1;
    }
    assert_eq!(n, 12, "two protocols x two sizes x three seeds");
    let out = run(&["check"], &lines);
    let failures: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("\"ok\": false"))
        .take(3)
        .collect();
    assert_eq!(
        out.lines().last().unwrap_or(""),
        format!("{n} passed, 0 failed"),
        "{}",
        failures.join("\n")
    );
}
