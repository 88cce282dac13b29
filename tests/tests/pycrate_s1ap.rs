//! S1AP against pycrate (tests/interop/s1ap_pycrate.py), both directions. Built only with the
//! `interop` feature; then a missing python or pycrate is a failure, never a skip.
#![cfg(feature = "interop")]

use keyhop_codec::ap::common::Rng;
use keyhop_codec::redact::show_keys;
use keyhop_codec::s1ap;

/// Messages keyhop types (every IE of them typed in the common case), and those that carry the
/// IEs typed wherever they occur.
const TYPED: &[&str] = &[
    "HandoverRequired",
    "HandoverCommand",
    "HandoverPreparationFailure",
    "HandoverRequest",
    "HandoverRequestAcknowledge",
    "HandoverFailure",
    "HandoverNotify",
    "HandoverCancel",
    "HandoverCancelAcknowledge",
    "PathSwitchRequest",
    "PathSwitchRequestAcknowledge",
    "PathSwitchRequestFailure",
    "ENBStatusTransfer",
    "MMEStatusTransfer",
    "InitialContextSetupRequest",
    "InitialContextSetupResponse",
    "UEContextReleaseRequest",
    "UEContextReleaseCommand",
    "UEContextReleaseComplete",
    "InitialUEMessage",
    "DownlinkNASTransport",
    "UplinkNASTransport",
    "S1SetupRequest",
    "S1SetupResponse",
    // Their E-RAB lists (IEs 16, 28, 30, 31, 69, 199, 203) and SON configuration transfer (129,
    // 130) are typed wherever they occur.
    "E-RABSetupRequest",
    "E-RABSetupResponse",
    "E-RABModifyRequest",
    "E-RABModifyResponse",
    "E-RABReleaseResponse",
    "E-RABModificationIndication",
    "E-RABModificationConfirm",
    "ENBConfigurationTransfer",
    "MMEConfigurationTransfer",
];

const PER_MESSAGE: usize = 200;

/// Runs the script with `args`, feeding `input`; panics (fails the test) if it cannot run.
fn run(args: &[&str], input: &str) -> String {
    let out = keyhop_tests::interop_script("s1ap_pycrate.py", args, input);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if stdout.is_empty() {
        panic!(
            "s1ap_pycrate.py {:?} printed nothing: {}",
            args,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    stdout
}

/// keyhop's JSON of a PDU, keys shown; a string, since key order is compared.
fn keyhop_json(b: &[u8]) -> String {
    let _g = show_keys(true);
    match s1ap::decode(b) {
        Ok(pdu) => serde_json::to_string(&s1ap::to_json(&pdu)).unwrap(),
        Err(e) => serde_json::json!({ "error": e }).to_string(),
    }
}

/// Feeds `{"hex", "keyhop"}` lines to `check`; returns (passed, failed, failure lines).
fn check(pdus: &[Vec<u8>]) -> (usize, usize, Vec<String>) {
    let mut input = String::new();
    for b in pdus {
        input.push_str(&format!(
            "{{\"hex\": \"{}\", \"keyhop\": {}}}",
            hex::encode(b),
            keyhop_json(b)
        ));
        input.push('\n');
    }
    let out = run(&["check"], &input);
    let summary = out.lines().last().unwrap_or("").to_string();
    let mut it = summary.split_whitespace();
    let passed: usize = it
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no summary: {summary}"));
    let failed: usize = it
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no summary: {summary}"));
    let failures = out
        .lines()
        .filter(|l| l.contains("\"ok\": false"))
        .map(|l| l.to_string())
        .collect();
    (passed, failed, failures)
}

fn report(what: &str, failures: &[String]) {
    // Where the disagreements are, by path (indexes dropped), then a few whole lines.
    let mut paths = std::collections::BTreeMap::<String, usize>::new();
    for f in failures {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(f) {
            for d in v["diffs"].as_array().into_iter().flatten() {
                let p = d["path"].as_str().unwrap_or("?");
                let p: String = p
                    .split('[')
                    .map(|s| s.split_once(']').map_or(s, |(_, r)| r))
                    .collect::<Vec<_>>()
                    .join("[]");
                *paths.entry(p).or_default() += 1;
            }
        }
    }
    for (p, n) in &paths {
        eprintln!("{what}: {n} x {p}");
    }
    for f in failures.iter().take(5) {
        eprintln!("{what}: {}", &f[..f.len().min(1500)]);
    }
}

#[test]
fn pycrate_generated_pdus_decode_reencode_and_agree() {
    let mut args = vec![
        "gen".to_string(),
        "--count".into(),
        PER_MESSAGE.to_string(),
        "--seed".into(),
        "20240611".into(),
    ];
    for m in TYPED.iter().chain(["PrivateMessage"].iter()) {
        args.push("--message".into());
        args.push(m.to_string());
    }
    let args: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    let out = run(&args, "");
    let mut pdus = Vec::new();
    let mut per_message = std::collections::BTreeMap::<String, usize>::new();
    let mut bad = Vec::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let b = hex::decode(v["hex"].as_str().unwrap()).unwrap();
        *per_message
            .entry(v["message"].as_str().unwrap().to_string())
            .or_default() += 1;
        match s1ap::decode(&b) {
            Ok(pdu) => match s1ap::encode(&pdu) {
                Ok(again) if again == b => {}
                Ok(again) => bad.push(format!(
                    "{}: re-encoded {}",
                    hex::encode(&b),
                    hex::encode(again)
                )),
                Err(e) => bad.push(format!("{}: {e}", hex::encode(&b))),
            },
            Err(e) => bad.push(format!("{}: {e}", hex::encode(&b))),
        }
        pdus.push(b);
    }
    for m in TYPED {
        assert!(
            per_message.get(*m).copied().unwrap_or(0) >= PER_MESSAGE,
            "{m}: too few PDUs"
        );
    }
    for b in bad.iter().take(10) {
        eprintln!("round trip: {b}");
    }
    let (passed, failed, failures) = check(&pdus);
    report("pycrate -> keyhop", &failures);
    eprintln!(
        "pycrate -> keyhop: {} PDUs, {} round-trip failures; check: {passed} passed, {failed} failed",
        pdus.len(),
        bad.len()
    );
    assert!(
        bad.is_empty(),
        "{} of {} PDUs do not round-trip",
        bad.len(),
        pdus.len()
    );
    assert_eq!(failed, 0, "{failed} PDUs disagree with pycrate");
    assert_eq!(passed + failed, pdus.len());
}

#[test]
fn keyhop_generated_pdus_agree_with_pycrate() {
    let mut rng = Rng::new(0x5eed_51a9);
    let mut pdus = Vec::new();
    for m in TYPED {
        for _ in 0..PER_MESSAGE {
            let pdu = s1ap::sample_message(m, &mut rng).unwrap();
            let b = s1ap::encode(&pdu).unwrap_or_else(|e| panic!("{m}: {e}"));
            let back = s1ap::decode(&b).unwrap_or_else(|e| panic!("{m}: {e}"));
            assert_eq!(s1ap::encode(&back).unwrap(), b, "{m}");
            pdus.push(b);
        }
    }
    let (passed, failed, failures) = check(&pdus);
    report("keyhop -> pycrate", &failures);
    eprintln!(
        "keyhop -> pycrate: {} PDUs; check: {passed} passed, {failed} failed",
        pdus.len()
    );
    assert_eq!(failed, 0, "{failed} PDUs disagree with pycrate");
    assert_eq!(passed, pdus.len());
}
