//! `keyhop read --keys` on samples/x2-makr.pcapng: every wrapped KeNB unwraps to the key the
//! generator made (samples/x2-makr.expected.json), the H_keys come back out of the protected NAS
//! deliveries, keys stay redacted without --show-keys, and node names replace addresses.
//! With the `interop` feature, tshark decodes the capture's S1AP/X2AP envelopes.

use keyhop_tests::{keyhop, sample, stderr, stdout};
use serde_json::Value;
use std::collections::HashMap;

fn expected() -> Value {
    let text = std::fs::read_to_string(sample("x2-makr.expected.json")).expect("expected values");
    serde_json::from_str(&text).expect("expected values are JSON")
}

/// (refreshCounter, target eNB) -> KeNB hex; refreshCounter -> (H_key hex, NAS COUNT).
type Kenbs = HashMap<(u64, String), String>;
type HKeys = HashMap<u64, (String, u64)>;

fn expected_keys() -> (Kenbs, HKeys) {
    let e = expected();
    let mut kenbs = HashMap::new();
    let mut hkeys = HashMap::new();
    for ue in e["ues"].as_array().unwrap() {
        for r in ue["refreshes"].as_array().unwrap() {
            let rc = r["refresh_counter"].as_u64().unwrap();
            hkeys.insert(
                rc,
                (
                    r["h_key"].as_str().unwrap().to_string(),
                    r["nas_count"].as_u64().unwrap(),
                ),
            );
            for k in r["kenbs"].as_array().unwrap() {
                kenbs.insert(
                    (rc, k["target_enb"].as_str().unwrap().to_string()),
                    k["kenb"].as_str().unwrap().to_string(),
                );
            }
        }
    }
    (kenbs, hkeys)
}

/// Every secret the generator made: KeNBs, H_keys, MME-eNB keys, and the keys file's KASMEs.
fn all_secrets() -> Vec<String> {
    let (kenbs, hkeys) = expected_keys();
    let mut v: Vec<String> = kenbs.into_values().collect();
    v.extend(hkeys.into_values().map(|(h, _)| h));
    for e in expected()["enbs"].as_array().unwrap() {
        for k in e["mme_enb_keys"].as_array().unwrap() {
            v.push(k.as_str().unwrap().to_string());
        }
    }
    let keys = std::fs::read_to_string(sample("x2-makr.keys.toml")).unwrap();
    for l in keys.lines().filter(|l| l.starts_with("key = ")) {
        v.push(l.trim_start_matches("key = ").trim_matches('"').to_string());
    }
    v
}

fn run(args: &[&str]) -> String {
    let o = keyhop(args);
    assert_eq!(o.status.code(), Some(0), "keyhop {args:?}: {}", stderr(&o));
    stdout(&o)
}

/// The `security` notes of every record of a JSONL run, with the record's frame and message.
fn notes(jsonl: &str) -> Vec<(u64, String, Value)> {
    let mut out = Vec::new();
    for line in jsonl.lines() {
        let rec: Value = serde_json::from_str(line).expect("a JSON record per line");
        if let Some(list) = rec["security"].as_array() {
            for n in list {
                out.push((
                    rec["frame"].as_u64().unwrap(),
                    rec["message"].as_str().unwrap_or("").to_string(),
                    n.clone(),
                ));
            }
        }
    }
    out
}

fn jsonl_with_keys(show: bool) -> String {
    let keys = sample("x2-makr.keys.toml");
    let cap = sample("x2-makr.pcapng");
    let mut args = vec![
        "read",
        "--format",
        "jsonl",
        "--keys",
        keys.to_str().unwrap(),
    ];
    if show {
        args.push("--show-keys");
    }
    args.push(cap.to_str().unwrap());
    run(&args)
}

#[test]
fn every_wrapped_kenb_unwraps_to_the_generated_key() {
    let (kenbs, _) = expected_keys();
    let all = notes(&jsonl_with_keys(true));
    let unwraps: Vec<_> = all
        .iter()
        .filter(|(_, _, n)| n["kind"] == "unwrap")
        .collect();
    // 3 UEs x 2 refreshes x 2 neighbours in the responses, and one WrappedKeNB per handover.
    let from_responses = unwraps
        .iter()
        .filter(|(_, _, n)| {
            n["item"]
                .as_str()
                .unwrap()
                .starts_with("neighbour_key_response")
        })
        .count();
    let from_x2 = unwraps
        .iter()
        .filter(|(_, m, n)| n["item"] == "wrapped_kenb" && m == "HandoverRequest")
        .count();
    assert_eq!((from_responses, from_x2), (12, 6));
    let mut algs = std::collections::BTreeSet::new();
    for (frame, _, n) in &unwraps {
        assert!(n.get("unwrap_error").is_none(), "frame {frame}: {n}");
        let rc = n["refresh_counter"].as_u64().unwrap();
        let target = n["target_enb"].as_str().unwrap().split(' ').next().unwrap();
        let want = kenbs
            .get(&(rc, target.to_string()))
            .unwrap_or_else(|| panic!("frame {frame}: no KeNB made for {rc}/{target}"));
        assert_eq!(n["unwrapped_kenb"].as_str().unwrap(), want, "frame {frame}");
        // The RRC/UP keys are 16 octets of hex, distinct from each other.
        let d = &n["derived"];
        let (a, b) = (
            d["k_rrc_enc"].as_str().unwrap(),
            d["k_rrc_int"].as_str().unwrap(),
        );
        assert_eq!((a.len(), b.len()), (32, 32));
        assert_ne!(a, b);
        algs.insert(n["wrap_algorithm"].as_str().unwrap().to_string());
        // By the handover request the step-5 H_key has been seen, so the KDF check runs.
        if n["item"] == "wrapped_kenb" {
            assert_eq!(n["kdf_check"], "ok", "frame {frame}: {n}");
        } else {
            assert!(
                n["kdf_check"] == "ok" || n["kdf_check"] == "h_key_unknown",
                "frame {frame}: {n}"
            );
        }
    }
    assert_eq!(
        algs.into_iter().collect::<Vec<_>>(),
        ["aes_ctr_cmac", "aes_ecb", "aes_kw"]
    );
    // The second refresh of each UE sends step 5 before step 4: those responses are checked.
    let checked = unwraps
        .iter()
        .filter(|(_, _, n)| {
            n["item"]
                .as_str()
                .unwrap()
                .starts_with("neighbour_key_response")
                && n["kdf_check"] == "ok"
        })
        .count();
    assert_eq!(checked, 6);
}

#[test]
fn h_keys_are_recovered_from_the_nas_deliveries() {
    let (_, hkeys) = expected_keys();
    let all = notes(&jsonl_with_keys(true));
    let nas: Vec<_> = all.iter().filter(|(_, _, n)| n["kind"] == "nas").collect();
    assert_eq!(nas.len(), 6);
    let mut seen = Vec::new();
    for (frame, msg, n) in &nas {
        assert_eq!(msg, "DownlinkNASTransport");
        assert_eq!(n["mac_ok"], true, "frame {frame}: {n}");
        let rc = n["refresh_counter"].as_u64().unwrap();
        let (h, count) = &hkeys[&rc];
        assert_eq!(n["h_key"].as_str().unwrap(), h, "frame {frame}");
        assert_eq!(n["nas_count"].as_u64().unwrap(), *count, "frame {frame}");
        // The plaintext is the whole delivery, H_key at its end.
        assert!(n["nas_plaintext"].as_str().unwrap().ends_with(h.as_str()));
        seen.push((rc, n["count_source"].as_str().unwrap().to_string()));
    }
    seen.sort();
    let sources: Vec<&str> = seen.iter().map(|(_, s)| s.as_str()).collect();
    // UE 3's keys file entry has no NAS count: its first COUNT is searched, then followed.
    assert_eq!(
        sources,
        ["given", "followed", "given", "followed", "searched", "followed"]
    );
    let searched: Vec<_> = all
        .iter()
        .filter(|(_, _, n)| n["finding"] == "NAS-COUNT-SEARCHED")
        .collect();
    assert_eq!(searched.len(), 1);
    assert!(all.iter().all(|(_, _, n)| n["finding"] != "KEYS-CONFLICT"));
}

#[test]
fn keys_are_redacted_without_show_keys() {
    let secrets = all_secrets();
    assert!(secrets.len() >= 30, "{} secrets", secrets.len());
    let keys = sample("x2-makr.keys.toml");
    let cap = sample("x2-makr.pcapng");
    for format in ["summary", "tree", "jsonl"] {
        let out = run(&[
            "read",
            "--format",
            format,
            "--keys",
            keys.to_str().unwrap(),
            cap.to_str().unwrap(),
        ]);
        assert!(out.contains("fp:"), "{format}: no fingerprint shown");
        for s in &secrets {
            assert!(!out.contains(s.as_str()), "{format} shows key {s}");
        }
    }
    // With --show-keys every KeNB and H_key appears in the summary.
    let shown = run(&[
        "read",
        "--show-keys",
        "--keys",
        keys.to_str().unwrap(),
        cap.to_str().unwrap(),
    ]);
    let (kenbs, hkeys) = expected_keys();
    for k in kenbs.values().chain(hkeys.values().map(|(h, _)| h)) {
        assert!(shown.contains(k.as_str()), "--show-keys does not show {k}");
    }
}

#[test]
fn names_replace_addresses() {
    let out = run(&["read", sample("x2-makr.pcapng").to_str().unwrap()]);
    // Nodes by identity (Global eNB ID, GUMMEI) with the name of their S1/X2 Setup.
    assert!(out.contains(
        "eNB 001-01:macro:1a2b0 (enb-north)(10.30.1.1:36412) -> MME 001-01:8001:1a (mme-makr)(10.30.0.1:36412)"
    ));
    assert!(out.contains(
        "eNB 001-01:macro:1a2b1 (enb-east)(10.30.1.2:36422) -> eNB 001-01:macro:1a2b0 (enb-north)(10.30.1.1:36422)"
    ));
    // Before its S1 Setup Response only the MME's role and address are known.
    let first = out.lines().next().unwrap();
    assert!(
        first.contains(
            "eNB 001-01:macro:1a2b0 (enb-north)(10.30.1.1:36412) -> MME 10.30.0.1(10.30.0.1:36412)"
        ),
        "{first}"
    );
}

#[test]
fn without_the_file_kek_comes_from_the_capture_and_nas_lacks_kasme() {
    let cap = sample("x2-makr.pcapng");
    // Without --keys keyhop says nothing of the keys it lacks.
    let none = notes(&run(&["read", "--format", "jsonl", cap.to_str().unwrap()]));
    assert!(none.iter().all(|(_, _, n)| n["kind"] != "nas"));
    assert_eq!(
        none.iter()
            .filter(|(_, _, n)| n["kind"] == "unwrap")
            .count(),
        18
    );
    // A keys file without KASME: the NAS deliveries say why they are not deciphered.
    let dir = std::env::temp_dir().join(format!("keyhop-nokasme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let keys = dir.join("empty.keys.toml");
    std::fs::write(&keys, "# no keys\n").unwrap();
    let all = notes(&run(&[
        "read",
        "--format",
        "jsonl",
        "--keys",
        keys.to_str().unwrap(),
        cap.to_str().unwrap(),
    ]));
    std::fs::remove_dir_all(&dir).ok();
    let learned = all
        .iter()
        .filter(|(_, _, n)| n["learned"] == "mme_enb_key")
        .count();
    assert_eq!(learned, 8);
    for (frame, _, n) in all.iter().filter(|(_, _, n)| n["kind"] == "unwrap") {
        assert!(n["unwrapped_kenb"].is_string(), "frame {frame}: {n}");
        assert_eq!(n["kdf_check"], "h_key_unknown");
        assert!(n["kek_origin"].as_str().unwrap().starts_with("frame "));
    }
    let nas: Vec<_> = all.iter().filter(|(_, _, n)| n["kind"] == "nas").collect();
    assert_eq!(nas.len(), 6);
    for (_, _, n) in nas {
        assert_eq!(n["nas_error"], "key unknown: no KASME for this UE");
        assert!(n.get("mac_ok").is_none());
    }
}

#[test]
fn a_wrong_file_key_wins_and_is_reported() {
    // enb-south's keyId 1 (aes-kw) replaced by another key: the KeyDistribution disagrees
    // (KEYS-CONFLICT) and the file's key is used, so the wraps under it fail their check.
    let mut text = std::fs::read_to_string(sample("x2-makr.keys.toml")).unwrap();
    text.push_str(
        "\n[[mme_enb_key]]\nplmn = \"00101\"\nkind = \"macro\"\nenb_id = 0x1a2b2\nkey_id = 1\n\
         key = \"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\"\n",
    );
    let dir = std::env::temp_dir().join(format!("keyhop-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let keys = dir.join("wrong.keys.toml");
    std::fs::write(&keys, text).unwrap();
    let cap = sample("x2-makr.pcapng");
    let all = notes(&run(&[
        "read",
        "--format",
        "jsonl",
        "--keys",
        keys.to_str().unwrap(),
        cap.to_str().unwrap(),
    ]));
    let conflicts: Vec<_> = all
        .iter()
        .filter(|(_, _, n)| n["finding"] == "KEYS-CONFLICT")
        .collect();
    assert_eq!(conflicts.len(), 1);
    assert!(conflicts[0].2["detail"]
        .as_str()
        .unwrap()
        .starts_with("mme_enb_key 001-01:macro:1a2b2 keyId 1 of frame"));
    let failed: Vec<_> = all
        .iter()
        .filter(|(_, _, n)| n.get("unwrap_error").is_some())
        .collect();
    assert!(!failed.is_empty());
    for (_, _, n) in &failed {
        assert!(n["target_enb"]
            .as_str()
            .unwrap()
            .starts_with("001-01:macro:1a2b2"));
        assert_eq!(n["key_id"], 1);
        assert!(
            n["unwrap_error"]
                .as_str()
                .unwrap()
                .contains("integrity check failed"),
            "{n}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(feature = "interop")]
#[test]
fn tshark_decodes_the_envelopes() {
    use std::process::Command;
    let cap = sample("x2-makr.pcapng");
    let tshark = |args: &[&str]| {
        let o = Command::new("tshark")
            .arg("-r")
            .arg(&cap)
            .args(args)
            .output()
            .expect("tshark is installed");
        assert!(o.status.success(), "tshark {args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let bad = tshark(&["-Y", "_ws.malformed || _ws.expert.severity >= \"error\""]);
    assert_eq!(bad.trim(), "", "malformed frames:\n{bad}");
    let ours = run(&["read", cap.to_str().unwrap()])
        .lines()
        .filter(|l| !l.starts_with("        "))
        .count();
    let theirs = tshark(&["-Y", "s1ap || x2ap"]).lines().count();
    assert_eq!(theirs, ours);
    assert!(tshark(&["-Y", "sctp.retransmission"]).trim().is_empty());
    // The MAKR private IEs and X2AP IE 60004 are unknown to tshark, shown as such.
    let count = |filter: &str| tshark(&["-Y", filter]).lines().count();
    assert_eq!(
        count("s1ap.local == 60001"),
        4,
        "one KeyDistribution per eNB"
    );
    assert_eq!(count("s1ap.local == 60002"), 6);
    assert_eq!(count("s1ap.local == 60003"), 6);
    assert_eq!(count("x2ap.id == 60004"), 6, "one WrappedKeNB per handover");
    let v = tshark(&["-V", "-Y", "x2ap.id == 60004 || s1ap.local == 60003"]);
    assert!(v.contains("local: 60003"));
    assert!(v.contains("id: Unknown (60004)"));
}

#[test]
fn a_wrong_kasme_fails_the_nas_mac_and_a_missing_file_is_refused() {
    let text = std::fs::read_to_string(sample("x2-makr.keys.toml")).unwrap();
    // UE 1's KASME (the first [[kasme]] entry) replaced by zeros.
    let at = text.find("[[kasme]]").unwrap();
    let key_at = at + text[at..].find("key = \"").unwrap() + 7;
    let mut wrong = text.clone();
    wrong.replace_range(key_at..key_at + 64, &"0".repeat(64));
    let dir = std::env::temp_dir().join(format!("keyhop-kasme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let keys = dir.join("wrong-kasme.keys.toml");
    std::fs::write(&keys, wrong).unwrap();
    let cap = sample("x2-makr.pcapng");
    let all = notes(&run(&[
        "read",
        "--format",
        "jsonl",
        "--keys",
        keys.to_str().unwrap(),
        cap.to_str().unwrap(),
    ]));
    let nas: Vec<_> = all.iter().filter(|(_, _, n)| n["kind"] == "nas").collect();
    let failed: Vec<_> = nas
        .iter()
        .filter(|(_, _, n)| n["mac_ok"] == false)
        .collect();
    assert_eq!(
        (nas.len(), failed.len()),
        (6, 2),
        "UE 1's two deliveries fail"
    );
    for (_, _, n) in &failed {
        assert_eq!(n["ue"], "IMSI 001010000001001");
        assert!(n["nas_error"]
            .as_str()
            .unwrap()
            .starts_with("integrity failure:"));
        assert!(n.get("h_key").is_none() && n.get("nas_plaintext").is_none());
    }
    // Without UE 1's H_keys its KeNBs unwrap but cannot be checked against the KDF.
    let unchecked = all
        .iter()
        .filter(|(_, _, n)| n["kind"] == "unwrap" && n["kdf_check"] == "h_key_unknown")
        .filter(|(_, _, n)| n["refresh_counter"] == 0x10 || n["refresh_counter"] == 0x11)
        .count();
    assert_eq!(unchecked, 6);
    std::fs::remove_dir_all(&dir).ok();

    let o = keyhop(&[
        "read",
        "--keys",
        "/nonexistent/x.keys.toml",
        cap.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("keyhop: keys file: cannot read /nonexistent/x.keys.toml"));
}
