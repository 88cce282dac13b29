//! `keyhop validate` on `samples/violations/<RULE>.pcapng` (written by keyhop-samples,
//! module violations.rs): each capture breaks its rule, and the report holds exactly that
//! violation (rule, severity, frames) plus the listed side findings: NO-KEYS infos for what the
//! capture cannot prove without keys, HO-NO-FS for a legacy X2 handover, MAKR-WEAK for the
//! aes-ecb item of the x2-makr flow the MAKR captures replay. A capture whose rule needs keys
//! has its keys file beside it (`<RULE>.keys.toml`).

use keyhop_tests::{finding_rows, keyhop, sample, stderr};
use serde_json::Value;

/// (rule[(about)], severity, frames) of each finding.
type Found = Vec<(String, String, Vec<u64>)>;

fn report(rule: &str) -> (Option<i32>, Found) {
    let p = sample(&format!("violations/{rule}.pcapng"));
    let k = sample(&format!("violations/{rule}.keys.toml"));
    let mut args = vec!["validate", p.to_str().unwrap(), "--format", "json"];
    if k.exists() {
        args.extend(["--keys", k.to_str().unwrap()]);
    }
    let o = keyhop(&args);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON of {rule}: {e}\n{}", stderr(&o)));
    let f = finding_rows(&v);
    (o.status.code(), f)
}

/// The findings of the x2-makr replay (UE 1's first key-refresh handover) that every MAKR
/// capture shares without keys: the H_key delivery is ciphered, the NH chain has no KASME.
fn makr_side(x2: u64) -> Vec<(&'static str, &'static str, Vec<u64>)> {
    vec![
        ("NO-KEYS(MAKR-KDF)", "info", vec![x2]),
        ("NO-KEYS(MAKR-ORDER)", "info", vec![x2 - 1, x2 + 1]),
        ("NO-KEYS(HO-NH)", "info", vec![x2 + 3]),
    ]
}

/// The same for UE 1's second key refresh (frames 64-71), whose H_key delivery (5) comes
/// before the response (13).
fn makr_side_2(x2: u64) -> Vec<(&'static str, &'static str, Vec<u64>)> {
    vec![
        ("NO-KEYS(MAKR-KDF)", "info", vec![x2]),
        ("NO-KEYS(MAKR-ORDER)", "info", vec![x2 - 2, x2 + 1]),
        ("NO-KEYS(HO-NH)", "info", vec![x2 + 3]),
    ]
}

fn check(rule: &str, want: Vec<(&str, &str, Vec<u64>)>) {
    let (code, got) = report(rule);
    let want: Found = want
        .into_iter()
        .map(|(r, s, f)| (r.to_string(), s.to_string(), f))
        .collect();
    assert_eq!(got, want, "{rule}");
    // The violated rule is there, with its own severity; errors make exit status 1.
    let own = got
        .iter()
        .find(|g| g.0 == rule)
        .expect("the rule is reported");
    assert_eq!(code, Some(i32::from(own.1 == "error")), "{rule}");
    // Nothing else of severity error or warning but the listed MAKR-WEAK.
    assert!(got
        .iter()
        .all(|g| g.0 == rule || g.1 == "info" || g.0 == "MAKR-WEAK"));
}

#[test]
fn makr_rules() {
    let weak = ("MAKR-WEAK", "warning", vec![57]);
    let mut w = vec![weak.clone()];
    w.extend(makr_side(59));
    check("MAKR-WEAK", w);

    let mut w = vec![("MAKR-UNWRAP", "error", vec![57]), weak.clone()];
    w.extend(makr_side(59));
    check("MAKR-UNWRAP", w);

    let mut w = vec![weak.clone()];
    w.extend(makr_side(59));
    w.insert(1, ("MAKR-PLAINTEXT", "error", vec![59]));
    check("MAKR-PLAINTEXT", w);

    let mut w = vec![weak.clone()];
    w.extend(makr_side(59));
    w.insert(1, ("MAKR-TARGET", "error", vec![57, 59]));
    check("MAKR-TARGET", w);

    // Without the KeyDistributions (4 frames fewer): the KEKs are unknown, only the
    // mismatch is judged.
    check(
        "MAKR-MATCH",
        vec![
            ("MAKR-WEAK", "warning", vec![53]),
            ("NO-KEYS(MAKR-UNWRAP)", "info", vec![53]),
            ("MAKR-MATCH", "error", vec![53, 55]),
            ("NO-KEYS(MAKR-UNWRAP)", "info", vec![55]),
            ("NO-KEYS(MAKR-ORDER)", "info", vec![54, 56]),
            ("NO-KEYS(HO-NH)", "info", vec![58]),
        ],
    );

    // The NeighbourKeyRequest dropped: one frame fewer.
    let mut w = vec![
        ("MAKR-ORDER", "error", vec![56]),
        ("MAKR-WEAK", "warning", vec![56]),
    ];
    w.extend(makr_side(58));
    check("MAKR-ORDER", w);

    let mut w = vec![("MAKR-KEYDIST", "error", vec![49]), weak.clone()];
    w.extend(makr_side(59));
    check("MAKR-KEYDIST", w);

    // UE 1's two refreshes (71 frames): the second response (66) and X2 request (67) carry
    // the octets made for enb-west in the first response (57). A copy is not unwrapped, so
    // the second request has no NO-KEYS(MAKR-KDF).
    let mut w = vec![weak.clone()];
    w.extend(makr_side(59));
    w.extend([
        ("MAKR-BINDING", "error", vec![57, 66]),
        ("MAKR-BINDING", "error", vec![57, 67]),
    ]);
    w.extend(makr_side_2(67).into_iter().skip(1));
    check("MAKR-BINDING", w);

    // With the sample's keys (MAKR-KDF.keys.toml): the H_key is deciphered, the KeNB of the
    // target unwraps but is not KDF(H_key, target); nothing else is left unchecked.
    check(
        "MAKR-KDF",
        vec![weak.clone(), ("MAKR-KDF", "error", vec![59])],
    );

    // The second response reuses the first refreshCounter after the first handover completed.
    let mut w = vec![weak.clone()];
    w.extend(makr_side(59));
    w.push(("MAKR-FRESH", "error", vec![66]));
    w.extend(makr_side_2(67));
    check("MAKR-FRESH", w);

    // UE 2's first response (76) uses enb-north's keyId 1 with aes-kw, after UE 1's second
    // response (66) used it with aes-ctr-cmac (82 frames: UE 1's two refreshes, UE 2's first).
    let mut w = vec![weak.clone()];
    w.extend(makr_side(59));
    w.extend(makr_side_2(67));
    w.push(("MAKR-KEK", "warning", vec![66, 76]));
    w.extend(makr_side(78));
    check("MAKR-KEK", w);
}

#[test]
fn handover_rules() {
    check(
        "HO-NO-FS",
        vec![
            ("HO-NO-FS", "info", vec![55]),
            ("NO-KEYS(HO-NH)", "info", vec![59]),
        ],
    );
    check(
        "HO-KENBSTAR",
        vec![
            ("HO-NO-FS", "info", vec![55]),
            ("HO-KENBSTAR", "error", vec![55, 56]),
            ("NO-KEYS(HO-NH)", "info", vec![59]),
        ],
    );
    check(
        "HO-NCC",
        vec![
            ("NO-KEYS(HO-NH)", "info", vec![52]),
            ("HO-NCC", "error", vec![52, 61]),
            ("NO-KEYS(HO-NH)", "info", vec![61]),
        ],
    );
    // With the sample's KASMEs: only the altered NH.
    check("HO-NH", vec![("HO-NH", "error", vec![61])]);
    check(
        "HO-ORDER",
        vec![
            ("NO-KEYS(HO-NH)", "info", vec![52]),
            ("HO-ORDER", "error", vec![51, 52, 53]),
            ("NO-KEYS(HO-NH)", "info", vec![60]),
        ],
    );
    check("HO-MAPPED", vec![("HO-MAPPED", "error", vec![6])]);
    // The first S10 handover: the HandoverRequest drops 128-EEA2 that the MM Context (frame 6)
    // names.
    check(
        "HO-CAPS",
        vec![
            ("HO-CAPS", "warning", vec![6, 11]),
            ("NO-KEYS(HO-NH)", "info", vec![11]),
        ],
    );
    check(
        "HO-SECCTX",
        vec![
            ("HO-SECCTX", "error", vec![6]),
            ("NO-KEYS(HO-NH)", "info", vec![11]),
            ("NO-KEYS(HO-NH)", "info", vec![24]),
        ],
    );
}

#[test]
fn violation_files_are_small() {
    for e in std::fs::read_dir(sample("violations")).unwrap() {
        let e = e.unwrap();
        assert!(e.metadata().unwrap().len() < 16 * 1024, "{:?}", e.path());
    }
}
