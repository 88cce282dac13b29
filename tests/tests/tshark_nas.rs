//! NAS messages named as tshark names them (feature `interop`: a missing tshark or captures
//! folder fails): on every shared capture and sample, the EMM and ESM message types keyhop reads
//! without keys in each frame (`nas[].message`, its ESM container included) are the ones tshark
//! shows in `nas_eps.nas_msg_emm_type` / `nas_eps.nas_msg_esm_type`, null-ciphered (EEA0)
//! messages included, and keyhop names no NAS message where tshark names none.
#![cfg(feature = "interop")]

use keyhop_tests::{keyhop_jsonl, sample, shared_captures};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Frame -> (EMM types, ESM types), each sorted.
type Types = BTreeMap<u64, (Vec<u8>, Vec<u8>)>;

fn collect(m: &Value, emm: &mut Vec<u8>, esm: &mut Vec<u8>) {
    let t = m["message_type"].as_u64().expect("message_type") as u8;
    match m["protocol"].as_str() {
        Some("emm") => emm.push(t),
        Some("esm") => esm.push(t),
        other => panic!("protocol {other:?}"),
    }
    if let Some(e) = m.get("esm_message_container") {
        collect(e, emm, esm);
    }
}

fn keyhop_types(cap: &Path) -> (Types, usize) {
    let mut out = Types::new();
    let mut null_ciphered = 0;
    for line in keyhop_jsonl(cap).lines() {
        let v: Value = serde_json::from_str(line).expect("JSON record");
        let Some(nas) = v.get("nas").and_then(Value::as_array) else {
            continue;
        };
        let frame = v["frame"].as_u64().unwrap();
        let e = out.entry(frame).or_default();
        for n in nas {
            if n.get("null_ciphering").is_some() {
                null_ciphered += 1;
            }
            if let Some(m) = n.get("message") {
                collect(m, &mut e.0, &mut e.1);
            }
        }
    }
    out.retain(|_, (a, b)| !a.is_empty() || !b.is_empty());
    for (a, b) in out.values_mut() {
        a.sort();
        b.sort();
    }
    (out, null_ciphered)
}

fn tshark_types(cap: &Path) -> Types {
    let o = Command::new("tshark")
        .args(["-r", cap.to_str().unwrap(), "-Y", "nas-eps", "-T", "fields"])
        .args(["-e", "frame.number", "-e", "nas_eps.nas_msg_emm_type"])
        .args(["-e", "nas_eps.nas_msg_esm_type"])
        .output()
        .expect("tshark runs (interop needs it)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let hex = |s: &str| -> Vec<u8> {
        let mut v: Vec<u8> = s
            .split(',')
            .filter(|x| !x.is_empty())
            .map(|x| u8::from_str_radix(x.trim_start_matches("0x"), 16).expect("hex type"))
            .collect();
        v.sort();
        v
    };
    let mut out = Types::new();
    for line in String::from_utf8(o.stdout).unwrap().lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (emm, esm) = (hex(f[1]), hex(f.get(2).copied().unwrap_or("")));
        if !emm.is_empty() || !esm.is_empty() {
            out.insert(f[0].parse().unwrap(), (emm, esm));
        }
    }
    out
}

/// keyhop's and tshark's types per frame; returns (frames with NAS, null-ciphered read).
fn agree(cap: &Path) -> (usize, usize) {
    let (k, null) = keyhop_types(cap);
    let t = tshark_types(cap);
    for (f, tt) in &t {
        assert_eq!(
            k.get(f),
            Some(tt),
            "{} frame {f}: keyhop (EMM, ESM) types against tshark's",
            cap.display()
        );
    }
    for f in k.keys() {
        assert!(
            t.contains_key(f),
            "{} frame {f}: keyhop names NAS that tshark does not",
            cap.display()
        );
    }
    (t.len(), null)
}

#[test]
fn nas_names_agree_on_shared_captures() {
    let dir = shared_captures().expect("../shared/captures is absent: this test needs it");
    let mut frames = 0;
    let mut null = 0;
    for name in [
        "open5gs_testattach.pcapng",
        "open5gs_srsenb.pcapng",
        "oai_scenarios_PON_POFF_s1_all.pcapng",
        "ttm4133_S1Handover.pcap",
        "ttm4133_X2Handover.pcap",
    ] {
        let (f, n) = agree(&dir.join(name));
        assert!(f > 0, "{name}: tshark shows no NAS");
        frames += f;
        null += n;
    }
    // Counted on these captures with tshark 4.0: 175 frames with a named NAS message, 82
    // NAS-PDUs null-ciphered (security header type 2 or 4 read as EEA0).
    assert!(frames >= 175, "{frames}");
    assert!(null >= 82, "{null}");
}

#[test]
fn nas_names_agree_on_samples() {
    // tshark names 16, 12 and 3 frames' NAS in these.
    for (name, n) in [
        ("s1-handover.pcapng", 16),
        ("x2-handover.pcapng", 12),
        ("x2-makr.pcapng", 3),
    ] {
        assert_eq!(agree(&sample(name)).0, n, "{name}");
    }
}
