//! X2AP differential against pycrate (feature `interop`; python with pycrate must be present,
//! else the test fails), through tests/interop/x2ap_pycrate.py (`gen`, `check`).
//!
//! pycrate -> keyhop: random PDUs of every typed message, encoded by pycrate, decode in keyhop,
//! re-encode to the same octets, and keyhop's JSON equals pycrate's value. keyhop -> pycrate:
//! random PDUs of every typed message encoded by keyhop decode in pycrate to keyhop's JSON and
//! re-encode in pycrate to the same octets.
#![cfg(feature = "interop")]

use keyhop_codec::ap::common::Rng;
use keyhop_codec::makr::MakrType;
use keyhop_codec::redact::show_keys;
use keyhop_codec::x2ap;
use serde_json::{json, Value};

/// PDUs per typed message and direction (KEYHOP_X2AP_COUNT overrides it, for quick runs).
fn per_message() -> usize {
    std::env::var("KEYHOP_X2AP_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(220)
}

const TYPED: &[&str] = &[
    "HandoverRequest",
    "HandoverRequestAcknowledge",
    "HandoverPreparationFailure",
    "SNStatusTransfer",
    "UEContextRelease",
    "HandoverCancel",
    "HandoverReport",
    "X2SetupRequest",
    "X2SetupResponse",
    "X2SetupFailure",
    "ENBConfigurationUpdate",
    // EN-DC X2 Setup: IEs 244 and 246, CHOICEs of IE containers.
    "ENDCX2SetupRequest",
    "ENDCX2SetupResponse",
    "ENDCX2SetupFailure",
];

fn run(args: &[&str], input: &str) -> String {
    let out = keyhop_tests::interop_script("x2ap_pycrate.py", args, input);
    let text = String::from_utf8(out.stdout).unwrap();
    let last = text.lines().last().unwrap_or("");
    // `check` exits 1 when something failed: the summary line says what; anything else is fatal.
    assert!(
        out.status.success() || last.ends_with(" failed"),
        "x2ap_pycrate.py {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// The MAKR IE 60004 is not in pycrate's X2AP: pycrate shows it as an unknown IE, so keyhop's
/// typed `wrapped_kenb` is compared in that form (its value is checked against pycrate by the
/// MAKR differential, tests/pycrate_makr.rs). Works on the JSON text to keep keyhop's key order.
fn as_pycrate_sees_it(text: String, pdu: &x2ap::X2apPdu<'_>) -> String {
    let Some(ie) = pdu
        .ies()
        .and_then(|l| l.items.iter().find(|i| i.id == x2ap::id::WRAPPED_KENB))
    else {
        return text;
    };
    let Some(x2ap::X2apIe::WrappedKenb(v)) = ie.value.typed() else {
        return text;
    };
    let typed = format!("\"wrapped_kenb\":{}", serde_json::to_string(v).unwrap());
    assert!(text.contains(&typed), "{text}");
    let raw = format!(
        "\"ie_60004\":{}",
        json!({"criticality": ie.criticality, "value": hex::encode(v.to_aper().unwrap())})
    );
    text.replacen(&typed, &raw, 1)
}

fn keyhop_line(hex_s: &str, msg_hint: &str) -> String {
    let b = hex::decode(hex_s).unwrap();
    let pdu = x2ap::decode(&b).unwrap_or_else(|e| panic!("{msg_hint} {hex_s}: {e}"));
    assert_eq!(
        hex::encode(x2ap::encode(&pdu).unwrap()),
        hex_s,
        "{msg_hint}: keyhop re-encoding"
    );
    let _g = show_keys(true);
    let j = as_pycrate_sees_it(serde_json::to_string(&x2ap::to_json(&pdu)).unwrap(), &pdu);
    format!("{{\"hex\":\"{hex_s}\",\"keyhop\":{j}}}")
}

fn check(lines: &str, n: usize, what: &str) {
    let out = run(&["check"], lines);
    if let Ok(dir) = std::env::var("KEYHOP_X2AP_REPORT") {
        std::fs::write(format!("{dir}/{what}.jsonl"), &out).unwrap();
    }
    let last = out.lines().last().unwrap_or("");
    let failures: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("\"ok\": false"))
        .take(5)
        .collect();
    assert_eq!(
        last,
        format!("{n} passed, 0 failed"),
        "first failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn pycrate_encodings_decode_in_keyhop() {
    let mut args = vec![
        "gen".to_string(),
        "--count".into(),
        per_message().to_string(),
        "--seed".into(),
        "11".into(),
    ];
    for m in TYPED.iter().chain(["PrivateMessage"].iter()) {
        args.push("--message".into());
        args.push(m.to_string());
    }
    let argv: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    let gen = run(&argv, "");
    let mut lines = String::new();
    let mut per_msg = std::collections::BTreeMap::<String, usize>::new();
    for line in gen.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let m = rec["message"].as_str().unwrap();
        *per_msg.entry(m.to_string()).or_default() += 1;
        lines.push_str(&keyhop_line(rec["hex"].as_str().unwrap(), m));
        lines.push('\n');
    }
    for m in TYPED {
        assert!(
            per_msg.get(*m).copied().unwrap_or(0) >= per_message().min(200),
            "{m}: {per_msg:?}"
        );
    }
    check(&lines, per_msg.values().sum(), "pycrate_to_keyhop");
}

#[test]
fn keyhop_encodings_decode_in_pycrate() {
    let mut rng = Rng::new(0x0005_eed0_f2a9);
    let mut lines = String::new();
    let mut n = 0;
    for m in TYPED {
        for _ in 0..per_message() {
            let pdu = x2ap::sample_message(m, &mut rng).unwrap();
            let b = x2ap::encode(&pdu).unwrap();
            lines.push_str(&keyhop_line(&hex::encode(&b), m));
            lines.push('\n');
            n += 1;
        }
    }
    check(&lines, n, "keyhop_to_pycrate");
}
