//! `keyhop validate` and `keyhop ladder` end to end: the real captures (no handover: no
//! finding at all), the S1 handover sample with and without its keys, exit statuses, the JSON
//! document of docs/validate.md, and the three ladder formats.

use keyhop_tests::{keyhop, sample, shared_captures, stderr, stdout};
use serde_json::Value;
use std::io::Write;

fn json(args: &[&str]) -> (Option<i32>, Value) {
    let o = keyhop(args);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON of {args:?}: {e}\n{}", stderr(&o)));
    (o.status.code(), v)
}

/// (rule[(about)], frames) of the findings of a JSON report.
fn findings(v: &Value) -> Vec<(String, Vec<u64>)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut id = f["rule"].as_str().unwrap().to_string();
            if let Some(a) = f.get("about") {
                id = format!("{id}({})", a.as_str().unwrap());
            }
            let frames = f["frames"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .collect();
            (id, frames)
        })
        .collect()
}

const RULES: [&str; 27] = [
    "MAKR-UNWRAP",
    "MAKR-BINDING",
    "MAKR-KDF",
    "MAKR-MATCH",
    "MAKR-TARGET",
    "MAKR-FRESH",
    "MAKR-PLAINTEXT",
    "MAKR-KEYDIST",
    "MAKR-ORDER",
    "MAKR-WEAK",
    "MAKR-KEK",
    "HO-SECCTX",
    "HO-NH",
    "HO-NCC",
    "HO-KENBSTAR",
    "HO-MAPPED",
    "HO-CAPS",
    "HO-ORDER",
    "HO-NO-FS",
    "NOT-OBSERVED",
    "INCOMPLETE",
    "NO-KEYS",
    "CANCELLED",
    "KEYS-CONFLICT",
    "NAS-COUNT-SEARCHED",
    "EVICTED",
    "MALFORMED",
];

#[test]
fn real_captures_have_no_finding() {
    // Beside the checkout in CI; KEYHOP_SHARED_DIR names the shared/ folder (as for the
    // dissector's capture tests); else two levels up from a worktree under wt/.
    let dir = shared_captures()
        .or_else(|| {
            let p =
                std::path::PathBuf::from(std::env::var_os("KEYHOP_SHARED_DIR")?).join("captures");
            p.is_dir().then_some(p)
        })
        .or_else(|| {
            let p = keyhop_tests::root().join("../../shared/captures");
            p.is_dir().then_some(p)
        })
        .expect("the shared captures are missing");
    for (name, frames, events) in [
        ("oai_scenarios_PON_POFF_s1_all.pcapng", 1520, 19),
        ("open5gs_srsenb.pcapng", 1928, 11),
        ("open5gs_testattach.pcapng", 565, 132),
    ] {
        let p = dir.join(name);
        let (code, v) = json(&["validate", p.to_str().unwrap(), "--format", "json"]);
        assert_eq!(code, Some(0), "{name}");
        // No handover, no key refresh: not even an informational finding.
        assert_eq!(findings(&v), vec![], "{name}");
        assert_eq!(v["frames"], frames, "{name}");
        assert_eq!(v["events"], events, "{name}");
        let s = &v["summary"];
        assert_eq!(
            (s["errors"].as_u64(), s["infos"].as_u64()),
            (Some(0), Some(0))
        );
        for p in s["procedures"].as_object().unwrap().values() {
            assert_eq!(p["started"], 0, "{name}");
        }
    }
}

#[test]
fn json_document_has_every_rule_and_procedure() {
    let p = sample("s1-handover.pcapng");
    let (_, v) = json(&["validate", p.to_str().unwrap(), "--format", "json"]);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "version",
            "capture",
            "frames",
            "messages",
            "events",
            "ended_early",
            "findings_dropped",
            "findings",
            "summary"
        ]
    );
    let rules: Vec<&str> = v["summary"]["rules"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(rules, RULES);
    let procs: Vec<&str> = v["summary"]["procedures"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        procs,
        [
            "s1-intra-mme",
            "s1-inter-mme",
            "utran-to-eutran",
            "eutran-to-utran",
            "x2-legacy",
            "x2-makr"
        ]
    );
    let f = &v["findings"][0];
    let fk: Vec<&str> = f.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(
        fk,
        ["rule", "severity", "about", "ue", "frames", "text"],
        "{f}"
    );
}

#[test]
fn s1_sample_without_keys() {
    let p = sample("s1-handover.pcapng");
    let (code, v) = json(&["validate", p.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        findings(&v),
        [22, 34, 46, 58]
            .iter()
            .map(|f| ("NO-KEYS(HO-NH)".to_string(), vec![*f]))
            .collect::<Vec<_>>()
    );
    let c = &v["summary"]["procedures"]["s1-intra-mme"];
    assert_eq!(
        (c["started"].as_u64(), c["complete"].as_u64()),
        (Some(4), Some(4))
    );
    // The UE of the first handover, named by its MME-UE-S1AP-ID.
    assert_eq!(v["findings"][0]["ue"], "mme-ue-s1ap-id:1000@10.10.0.1");
}

/// The KASME the sample generator gives UE `ue` (dissector/src/bin/keyhop-samples/s1.rs).
fn sample_kasme(ue: u8) -> String {
    hex::encode(
        (0..32u8)
            .map(|i| i.wrapping_mul(7) ^ ue)
            .collect::<Vec<_>>(),
    )
}

fn keys_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::File::create(&p)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    p
}

#[test]
fn s1_sample_nh_checked_with_kasme() {
    let mut text = String::new();
    for ue in 0..4u8 {
        text += &format!(
            "[[kasme]]\nmme_ue_s1ap_id = {}\nkey = \"{}\"\n",
            1000 + ue as u32,
            sample_kasme(ue)
        );
    }
    let good = keys_file("good.toml", &text);
    let p = sample("s1-handover.pcapng");
    let (code, v) = json(&[
        "validate",
        p.to_str().unwrap(),
        "--keys",
        good.to_str().unwrap(),
        "--format",
        "json",
    ]);
    // Every NH is the A.4 chain's NH(1) from the initial KeNB: nothing to report.
    assert_eq!((code, findings(&v)), (Some(0), vec![]));
    // A wrong KASME for the UE 1002: its NH no longer follows.
    let bad = keys_file(
        "bad.toml",
        &text.replace(&sample_kasme(2), &sample_kasme(9)),
    );
    let o = keyhop(&[
        "validate",
        p.to_str().unwrap(),
        "--keys",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("error   HO-NH ue=mme-ue-s1ap-id:1002@fd00:10::1 frames=46: NH fp:"),
        "{out}"
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("error")).count(),
        1,
        "{out}"
    );
    // --show-keys prints the NH in full instead of its fingerprint.
    let o = keyhop(&[
        "validate",
        p.to_str().unwrap(),
        "--keys",
        bad.to_str().unwrap(),
        "--show-keys",
    ]);
    assert!(!stdout(&o).contains("fp:"), "{}", stdout(&o));
}

#[test]
fn unreadable_capture_and_bad_keys_exit_2() {
    let o = keyhop(&["validate", "/nonexistent/trace.pcapng"]);
    assert_eq!(o.status.code(), Some(2));
    let bad = keys_file("broken.toml", "[[kasme]]\nkey = \"00\"\n");
    let p = sample("s1-handover.pcapng");
    let o = keyhop(&[
        "validate",
        p.to_str().unwrap(),
        "--keys",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("names no UE"), "{}", stderr(&o));
}

#[test]
fn ladder_formats() {
    let p = sample("s1-handover.pcapng");
    let p = p.to_str().unwrap();
    let o = keyhop(&["ladder", p, "--ue", "1001"]);
    assert_eq!(o.status.code(), Some(0));
    let t = stdout(&o);
    assert!(t.starts_with("UE mme-ue-s1ap-id:1001@10.10.0.1\n"), "{t}");
    for m in [
        "#31 InitialContextSetupRequest",
        "#33 HandoverRequired",
        "#34 HandoverRequest",
        "#35 HandoverRequestAcknowledge",
        "#36 HandoverCommand",
        "#39 HandoverNotify",
    ] {
        assert!(t.contains(m), "{m} missing in\n{t}");
    }
    assert!(t.contains("!! info NO-KEYS: KASME unknown"), "{t}");
    let m = stdout(&keyhop(&[
        "ladder",
        p,
        "--ue",
        "1001@10.10.0.1",
        "--format",
        "mermaid",
    ]));
    assert!(m.starts_with("sequenceDiagram\n"), "{m}");
    assert!(
        m.contains("    N1->>N0: frame 33 HandoverRequired\n"),
        "{m}"
    );
    assert!(
        m.contains("    Note over N3: info NO-KEYS: KASME unknown"),
        "{m}"
    );
    let s = stdout(&keyhop(&["ladder", p, "--ue", "1001", "--format", "svg"]));
    assert!(
        s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{s}"
    );
    assert!(s.trim_end().ends_with("</svg>"), "{s}");
    assert!(s.contains("#36 HandoverCommand"), "{s}");
    // Balanced elements: every opened <text> closed.
    assert_eq!(s.matches("<text").count(), s.matches("</text>").count());
    // An unknown UE.
    let o = keyhop(&["ladder", p, "--ue", "424242"]);
    assert_eq!(o.status.code(), Some(1));
}
