//! `keyhop validate` and `keyhop ladder` end to end: the real captures (no handover: no
//! finding at all), every sample of `samples/` with and without its keys file (the exact
//! findings: rule, severity, frames), a wrong KASME, exit statuses, the JSON document of
//! docs/validate.md, and the three ladder formats.

use keyhop_tests::{finding_rows, keyhop, sample, shared_captures, stderr, stdout};
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
    let rows = finding_rows(v);
    rows.into_iter()
        .map(|(id, _, frames)| (id, frames))
        .collect()
}

const RULES: [&str; 28] = [
    "MAKR-UNWRAP",
    "MAKR-BINDING",
    "MAKR-KDF",
    "MAKR-MATCH",
    "MAKR-TARGET",
    "MAKR-FRESH",
    "MAKR-PLAINTEXT",
    "MAKR-HKEY-PLAIN",
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
    let dir = shared_captures().expect("the shared captures are missing");
    // Events include the S1 Setup Responses and configuration updates (the node map reads them)
    // and the Identity Responses that name UEs by IMSI (3, 1 and 3 of them).
    for (name, frames, events) in [
        ("oai_scenarios_PON_POFF_s1_all.pcapng", 1520, 23),
        ("open5gs_srsenb.pcapng", 1928, 13),
        ("open5gs_testattach.pcapng", 565, 159),
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
            "findings",
            "frames",
            "messages",
            "events",
            "ended_early",
            "findings_dropped",
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

/// (rule[(about)], severity, frames) of every finding of a JSON report, in order.
fn exact(v: &Value) -> Vec<(String, String, Vec<u64>)> {
    findings(v)
        .into_iter()
        .zip(v["findings"].as_array().unwrap())
        .map(|((r, fr), f)| (r, f["severity"].as_str().unwrap().to_string(), fr))
        .collect()
}

type Expected<'a> = &'a [(&'a str, &'a str, &'a [u64])];

/// Runs `validate` on a sample (with its keys file when `keys`) and compares every finding,
/// the exit status (1 exactly when an error is expected) and the frame count.
fn check_sample(name: &str, keys: bool, frames: u64, want: Expected<'_>) {
    let p = sample(&format!("{name}.pcapng"));
    let k = sample(&format!("{name}.keys.toml"));
    let mut args = vec!["validate", p.to_str().unwrap(), "--format", "json"];
    if keys {
        args.extend(["--keys", k.to_str().unwrap()]);
    }
    let (code, v) = json(&args);
    let want: Vec<(String, String, Vec<u64>)> = want
        .iter()
        .map(|(r, s, f)| (r.to_string(), s.to_string(), f.to_vec()))
        .collect();
    assert_eq!(exact(&v), want, "{name} keys={keys}");
    let errors = want.iter().any(|w| w.1 == "error");
    assert_eq!(code, Some(i32::from(errors)), "{name} keys={keys}");
    assert_eq!(v["frames"], frames, "{name}");
    let s = &v["summary"];
    let count = |sev: &str| want.iter().filter(|w| w.1 == sev).count() as u64;
    assert_eq!(
        (
            s["errors"].as_u64(),
            s["warnings"].as_u64(),
            s["infos"].as_u64()
        ),
        (
            Some(count("error")),
            Some(count("warning")),
            Some(count("info"))
        ),
        "{name} keys={keys}"
    );
}

#[test]
fn s1_sample() {
    // Without keys every NH is NO-KEYS (KASME unknown); the refused and the cancelled
    // preparations are CANCELLED.
    check_sample(
        "s1-handover",
        false,
        107,
        &[
            ("NO-KEYS(HO-NH)", "info", &[50]),
            ("NO-KEYS(HO-NH)", "info", &[59]),
            ("NO-KEYS(HO-NH)", "info", &[68]),
            ("CANCELLED", "info", &[67, 68, 69]),
            ("NO-KEYS(HO-NH)", "info", &[72]),
            ("NO-KEYS(HO-NH)", "info", &[81]),
            ("CANCELLED", "info", &[80, 81, 82, 83]),
            ("NO-KEYS(HO-NH)", "info", &[88]),
            ("NO-KEYS(HO-NH)", "info", &[97]),
        ],
    );
    // With the KASMEs (bound by the IMSI of the Attach Request): every NH follows A.4.
    check_sample(
        "s1-handover",
        true,
        107,
        &[
            ("CANCELLED", "info", &[67, 68, 69]),
            ("CANCELLED", "info", &[80, 81, 82, 83]),
        ],
    );
    let p = sample("s1-handover.pcapng");
    let (_, v) = json(&["validate", p.to_str().unwrap(), "--format", "json"]);
    let c = &v["summary"]["procedures"]["s1-intra-mme"];
    // The refused preparation failed; the other was cancelled.
    assert_eq!(
        (
            c["started"].as_u64(),
            c["complete"].as_u64(),
            c["cancelled"].as_u64(),
            c["failed"].as_u64()
        ),
        (Some(7), Some(5), Some(1), Some(1))
    );
    // The UE is named by the IMSI of its Attach Request.
    assert_eq!(v["findings"][0]["ue"], "imsi:001010000000001");
}

#[test]
fn x2_sample() {
    // Legacy X2 handovers only (the MAKR flows are in x2-makr): HO-NO-FS each; KeNB* checked
    // from the SecurityKey / the path switch's NH with PCI and EARFCN of the RRC (no key
    // needed). No error and no warning: the sample is clean.
    let mut want: Vec<(&str, &str, &[u64])> = vec![
        ("HO-NO-FS", "info", &[52]),
        ("NO-KEYS(HO-NH)", "info", &[56]),
        ("HO-NO-FS", "info", &[58]),
        ("NO-KEYS(HO-NH)", "info", &[62]),
        ("HO-NO-FS", "info", &[64]),
        ("CANCELLED", "info", &[64, 65]),
        ("HO-NO-FS", "info", &[66]),
        ("CANCELLED", "info", &[66, 67, 68]),
        ("HO-NO-FS", "info", &[69]),
        ("NO-KEYS(HO-NH)", "info", &[73]),
    ];
    check_sample("x2-handover", false, 79, &want);
    want.retain(|w| w.0 != "NO-KEYS(HO-NH)");
    check_sample("x2-handover", true, 79, &want);
}

#[test]
fn x2_makr_sample() {
    // aes-ecb (enb-east keyId 0) is reported once per wrapped key, at the response that made
    // it. Without keys: H_key deliveries are ciphered, so the KDF and the order of step 5 are
    // NO-KEYS, and the NH chain too; the KEKs are learned from the KeyDistributions.
    let mut want: Vec<(&str, &str, &[u64])> = vec![("MAKR-WEAK", "warning", &[57])];
    let no_keys: &[(&str, &str, &[u64])] = &[
        ("NO-KEYS(MAKR-KDF)", "info", &[59]),
        ("NO-KEYS(MAKR-ORDER)", "info", &[58, 60]),
        ("NO-KEYS(HO-NH)", "info", &[62]),
        ("NO-KEYS(MAKR-KDF)", "info", &[67]),
        ("NO-KEYS(MAKR-ORDER)", "info", &[65, 68]),
        ("NO-KEYS(HO-NH)", "info", &[70]),
        ("NO-KEYS(MAKR-KDF)", "info", &[78]),
        ("NO-KEYS(MAKR-ORDER)", "info", &[77, 79]),
        ("NO-KEYS(HO-NH)", "info", &[81]),
        ("NO-KEYS(MAKR-KDF)", "info", &[86]),
        ("NO-KEYS(MAKR-ORDER)", "info", &[84, 87]),
        ("NO-KEYS(HO-NH)", "info", &[89]),
        ("MAKR-WEAK", "warning", &[95]),
        ("NO-KEYS(MAKR-KDF)", "info", &[97]),
        ("NO-KEYS(MAKR-ORDER)", "info", &[96, 98]),
        ("NO-KEYS(HO-NH)", "info", &[100]),
        ("NO-KEYS(MAKR-KDF)", "info", &[105]),
        ("NO-KEYS(MAKR-ORDER)", "info", &[103, 106]),
        ("NO-KEYS(HO-NH)", "info", &[108]),
    ];
    want.extend_from_slice(no_keys);
    check_sample("x2-makr", false, 109, &want);
    // With the keys: every wrapped KeNB unwraps and follows KDF(H_key) (H_keys deciphered
    // from the deliveries), every NH follows A.4; UE 3's first NAS COUNT (515) is found by
    // search, as the sample's README says.
    check_sample(
        "x2-makr",
        true,
        109,
        &[
            ("MAKR-WEAK", "warning", &[57]),
            ("MAKR-WEAK", "warning", &[95]),
            ("NAS-COUNT-SEARCHED", "info", &[96]),
        ],
    );
}

#[test]
fn gtp_samples() {
    // S10: KASME and NH come with the MM Context (checked against the HandoverRequest); the
    // AS context began before the capture, so the chain itself is NO-KEYS.
    check_sample(
        "s10-inter-mme-handover",
        false,
        44,
        &[
            ("NO-KEYS(HO-NH)", "info", &[11]),
            ("NO-KEYS(HO-NH)", "info", &[24]),
        ],
    );
    // UTRAN -> E-UTRAN: KeNB = KDF(K'ASME) from the CK, IK of the GTPv1 MM Context and the
    // NONCE_MME (checked, clean). E-UTRAN -> UTRAN: CK', IK' need KASME and the NAS COUNT.
    check_sample(
        "utran-lte-handover",
        false,
        18,
        &[("NO-KEYS(HO-MAPPED)", "info", &[14])],
    );
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
fn s1_sample_wrong_kasme() {
    // UE 3's KASME replaced: both of its NHs leave the A.4 chain; nothing else changes.
    let text = std::fs::read_to_string(sample("s1-handover.keys.toml")).unwrap();
    let ue3 = "0a51e77f64f05bdaaf81142b47cc4aa301310dc9b5822808ab8fd55e284ce8cb";
    assert!(text.contains(ue3));
    let bad = keys_file("bad.toml", &text.replace(ue3, &"11".repeat(32)));
    let p = sample("s1-handover.pcapng");
    let o = keyhop(&[
        "validate",
        p.to_str().unwrap(),
        "--keys",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(errors.len(), 2, "{out}");
    assert!(
        errors[0].starts_with("error   HO-NH ue=imsi:001010000000003 frames=81: NH fp:"),
        "{out}"
    );
    assert!(
        errors[1].starts_with("error   HO-NH ue=imsi:001010000000003 frames=88: NH fp:"),
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
    let o = keyhop(&["ladder", p, "--ue", "257"]);
    assert_eq!(o.status.code(), Some(0));
    let t = stdout(&o);
    assert!(t.starts_with("UE imsi:001010000000002\n"), "{t}");
    for m in [
        // Every message of the UE, NAS named as read names it, not only the handover steps.
        "#26 InitialUEMessage [Attach Request, PDN Connectivity Request]",
        "#27 DownlinkNASTransport [Authentication Request]",
        "#28 UplinkNASTransport [Authentication Response]",
        "#31 InitialContextSetupRequest",
        "#67 HandoverRequired",
        "#68 HandoverRequest",
        "#69 HandoverFailure",
        "#70 HandoverPreparationFailure",
        "#71 HandoverRequired",
        "#72 HandoverRequest",
        "#73 HandoverRequestAcknowledge",
        "#74 HandoverCommand",
        "#75 ENBStatusTransfer",
        "#76 MMEStatusTransfer",
        "#77 HandoverNotify",
        "#78 UEContextReleaseCommand",
        "#79 UEContextReleaseComplete",
    ] {
        assert!(t.contains(m), "{m} missing in\n{t}");
    }
    // Exactly the UE's messages: the frames read shows for its ids (its MME-UE-S1AP-ID 257
    // everywhere, and the InitialUEMessage of its eNB-UE-S1AP-ID before the MME named it).
    let ladder_frames: Vec<u64> = t
        .lines()
        .filter_map(|l| l.split_once(" #").map(|x| x.1))
        .filter_map(|r| r.split_once(' ').and_then(|x| x.0.parse().ok()))
        .collect();
    let read = stdout(&keyhop(&[
        "read",
        "-q",
        p,
        "-Y",
        "s1ap.MME_UE_S1AP_ID == 257 || (message == InitialUEMessage && s1ap.ENB_UE_S1AP_ID == 17801)",
    ]));
    let read_frames: Vec<u64> = read
        .lines()
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    assert_eq!(ladder_frames, read_frames, "{t}\n{read}");
    // One column per node, named by identity.
    let header = t.lines().nth(1).unwrap();
    for n in [
        "eNB 001-01:macro:1a2b2 (enb-east)",
        "MME 001-01:8001:1a",
        "eNB 001-01:macro:1a2b3 (enb-south)",
        "eNB 001-01:macro:1a2b1 (enb-north)",
    ] {
        assert_eq!(header.matches(n).count(), 1, "{n}: {header}");
    }
    assert!(t.contains("!! info NO-KEYS: KASME unknown"), "{t}");
    assert!(
        t.contains("!! info CANCELLED: the s1-intra-mme handover ended with HandoverFailure"),
        "{t}"
    );
    // By IMSI, the same UE.
    assert_eq!(
        stdout(&keyhop(&["ladder", p, "--ue", "001010000000002"])),
        t
    );
    let m = stdout(&keyhop(&[
        "ladder",
        p,
        "--ue",
        "257@10.10.0.1",
        "--format",
        "mermaid",
    ]));
    assert!(m.starts_with("sequenceDiagram\n"), "{m}");
    assert!(
        m.contains("    N0->>N1: frame 67 HandoverRequired\n"),
        "{m}"
    );
    assert!(
        m.contains("    Note over N2: info NO-KEYS: KASME unknown"),
        "{m}"
    );
    let s = stdout(&keyhop(&["ladder", p, "--ue", "257", "--format", "svg"]));
    assert!(
        s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{s}"
    );
    assert!(s.trim_end().ends_with("</svg>"), "{s}");
    assert!(s.contains("#74 HandoverCommand"), "{s}");
    // Balanced elements: every opened <text> closed.
    assert_eq!(s.matches("<text").count(), s.matches("</text>").count());
    // An unknown UE: exit 2, and the UEs there are, busiest first, with their counts.
    let o = keyhop(&["ladder", p, "--ue", "424242"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    let listed: Vec<(String, u64)> = e
        .lines()
        .skip(1)
        .map(|l| {
            let (name, n) = l.trim().split_once(" (").unwrap();
            (
                name.to_string(),
                n.trim_end_matches(" messages)").parse().unwrap(),
            )
        })
        .collect();
    assert!(e.contains("no UE 424242"), "{e}");
    assert_eq!(listed.len(), 4, "{e}");
    assert!(listed.windows(2).all(|w| w[0].1 >= w[1].1), "{e}");
    // Each count is the length of that UE's ladder.
    for (name, n) in &listed {
        let imsi = name.strip_prefix("imsi:").unwrap();
        let l = stdout(&keyhop(&["ladder", p, "--ue", imsi]));
        assert_eq!(
            l.lines().filter(|x| x.contains(" #")).count() as u64,
            *n,
            "{name}"
        );
    }
}
