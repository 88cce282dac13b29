//! An H_key delivery (key-refresh.md section 6) sent in the clear: security header type 0
//! (plain) or 1 (integrity protected only) where the profile requires type 2. `read` types its
//! H_key as key material (redacted in every format) and notes MAKR-HKEY-PLAIN; `validate`
//! reports MAKR-HKEY-PLAIN, an error.

mod s1ap_capture;

use keyhop::capture::synth::s1ap_downlink_nas;
use keyhop_codec::nas::hkey::HkeyDelivery;
use keyhop_codec::security::keys::SecretKey;
use keyhop_codec::security::KdfAlgorithm;
use keyhop_tests::{keyhop, stdout};
use std::path::PathBuf;

const H_KEY: [u8; 32] = [
    0xc3, 0x1f, 0x5e, 0x90, 0x27, 0x4b, 0xd8, 0x66, 0x0a, 0x9e, 0x71, 0x3c, 0xe5, 0x12, 0xab, 0x48,
    0x96, 0x2d, 0xf0, 0x5b, 0x87, 0x34, 0xc9, 0x0e, 0x63, 0xba, 0x1d, 0x7f, 0x40, 0xe8, 0x25, 0xd1,
];

/// A capture of two DownlinkNASTransports from the MME: the delivery of refresh 7 plain, and
/// that of refresh 8 integrity protected only (`0x17 | MAC | SQN | plain`).
fn capture() -> PathBuf {
    let d = |rc| {
        HkeyDelivery::new(rc, KdfAlgorithm::AesCmacCtr, SecretKey::from_slice(&H_KEY))
            .encode()
            .unwrap()
    };
    let plain = d(7);
    let mut integrity_only = vec![0x17, 0xde, 0xad, 0xbe, 0xef, 0x03];
    integrity_only.extend(d(8));
    let dir = std::env::temp_dir().join(format!("keyhop-hkey-plain-{}", std::process::id()));
    let pdus: Vec<Vec<u8>> = [plain, integrity_only]
        .iter()
        .map(|nas| s1ap_downlink_nas(5, 9, nas))
        .collect();
    let (mme, enb) = (s1ap_capture::MME, s1ap_capture::ENB);
    s1ap_capture::capture(&dir, "hkey-plain.pcapng", mme, enb, &pdus)
}

#[test]
fn read_types_and_redacts_a_clear_h_key_and_notes_the_rule() {
    let path = capture();
    let p = path.to_str().unwrap();
    let fp = keyhop_codec::redact::fingerprint(&H_KEY);
    for fmt in ["summary", "tree", "jsonl", "json"] {
        let out = stdout(&keyhop(&["read", "--format", fmt, p]));
        for w in H_KEY.windows(8) {
            assert!(
                !out.contains(&hex::encode(w)),
                "{fmt} prints 8 octets of the H_key:\n{out}"
            );
        }
        assert_eq!(out.matches("MAKR-HKEY-PLAIN").count(), 2, "{fmt}:\n{out}");
        assert!(
            out.contains(&fp),
            "{fmt} shows the H_key's fingerprint:\n{out}"
        );
    }
    let out = stdout(&keyhop(&["read", "--format", "jsonl", p]));
    let recs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 2);
    for (r, rc) in recs.iter().zip([7, 8]) {
        let sec = r["security"].as_array().expect("a security array");
        let learned = sec
            .iter()
            .find(|n| n["learned"] == "h_key")
            .expect("the H_key is learned");
        assert_eq!(learned["h_key"], fp.as_str());
        assert_eq!(learned["refresh_counter"], rc);
        assert_eq!(learned["kdf"], "aes-cmac-ctr");
        assert!(sec.iter().any(|n| n["finding"] == "MAKR-HKEY-PLAIN"));
        // The NAS PDU itself is raw octets: length and fingerprint.
        assert!(r["nas_pdu"].as_str().unwrap().starts_with('<'), "{r}");
    }
    // --show-keys shows it whole.
    let shown = stdout(&keyhop(&["read", "--format", "jsonl", "--show-keys", p]));
    assert!(shown.contains(&hex::encode(H_KEY)));
}

#[test]
fn validate_reports_a_clear_h_key_delivery() {
    let path = capture();
    let o = keyhop(&["validate", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "MAKR-HKEY-PLAIN is an error");
    let out = stdout(&o);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let text = v.to_string();
    assert!(!text.contains(&hex::encode(&H_KEY[..8])));
    let findings: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "MAKR-HKEY-PLAIN")
        .collect();
    assert_eq!(findings.len(), 2, "{out}");
    assert_eq!(findings[0]["severity"], "error");
    assert_eq!(findings[0]["frames"], serde_json::json!([1]));
    assert!(
        findings[0]["text"].as_str().unwrap().contains("type 0"),
        "{out}"
    );
    assert!(
        findings[1]["text"].as_str().unwrap().contains("type 1"),
        "{out}"
    );
}
