//! Raw octets are possible key material (docs/json.md, "Raw octets"): an IE whose id a damaged
//! message changed, or whose value does not decode, must not print the key it carries. Longer
//! than 4 octets, raw values print as `<N octets fp:xxxxxxxx>` unless `--show-raw` or
//! `--show-keys`.

use keyhop::keys::KeysFile;
use keyhop::read::{run_with_keys, Format};
use keyhop_tests::{keyhop, sample, stdout};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Offsets in `hay` where `needle` starts.
fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| &hay[i..i + needle.len()] == needle)
        .collect()
}

/// Every 8-octet window of every key, as lowercase hex (16 digits).
fn windows(keys: &BTreeSet<Vec<u8>>) -> BTreeSet<String> {
    keys.iter()
        .flat_map(|k| k.windows(8).map(hex::encode))
        .collect()
}

/// The first key window found in `text` (case-insensitive), if any.
fn leaked<'w>(text: &str, windows: &'w BTreeSet<String>) -> Option<&'w String> {
    let t = text.to_ascii_lowercase();
    windows.iter().find(|w| t.contains(w.as_str()))
}

/// The S1AP SecurityContext IE of every HandoverRequest of s1-handover.pcapng: id 0x0028,
/// criticality reject, 33 octets {NCC, NH} (`08` = NCC 1, `10` = NCC 2, then the NH,
/// octet-aligned).
#[test]
fn bit_flipped_security_context_id_prints_no_nh() {
    let cap = std::fs::read(sample("s1-handover.pcapng")).unwrap();
    let ies = find_all(&cap, &[0x00, 0x28, 0x00, 0x21]);
    assert!(
        !ies.is_empty(),
        "s1-handover has HandoverRequests with an NH"
    );
    let dir = std::env::temp_dir().join(format!("keyhop-raw-flip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for at in ies {
        let value = &cap[at + 4..at + 4 + 33];
        let nh = &value[1..];
        let mut m = cap.clone();
        // 0x0028 -> 0x2028 = 8232: an id keyhop does not know, so the IE stays raw.
        m[at] ^= 0x20;
        let path = dir.join(format!("flip-{at}.pcapng"));
        std::fs::write(&path, &m).unwrap();
        let p = path.to_str().unwrap();
        let value_hex = hex::encode(value);
        let mut seen = false;
        for fmt in ["summary", "tree", "jsonl", "json"] {
            let out = stdout(&keyhop(&["read", "--format", fmt, p]));
            for w in nh.windows(8) {
                assert!(
                    !out.contains(&hex::encode(w)),
                    "{fmt} prints 8 octets of the NH of the IE at {at}"
                );
            }
            if fmt == "tree" && out.contains("ie_8232") {
                // The tree names the raw IE and gives its length and fingerprint.
                let fp = keyhop_codec::redact::fingerprint(value);
                assert!(
                    out.contains(&format!("value: <33 octets {fp}>")),
                    "the raw IE at {at} as length and fingerprint"
                );
                seen = true;
            }
        }
        if !seen {
            // The IE sits in an SCTP fragment of a message that no longer reassembles as one.
            continue;
        }
        checked += 1;
        // --show-raw and --show-keys lift the policy: the value is on the wire, shown whole.
        for opt in ["--show-raw", "--show-keys"] {
            let out = stdout(&keyhop(&["read", "-V", opt, p]));
            assert!(
                out.contains(&format!("value: {value_hex}")),
                "{opt} shows the raw IE at {at}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        checked >= 3,
        "only {checked} flipped SecurityContext IEs decoded"
    );
}

/// Walks two serializations of the same record, without and with `--show-keys`: a leaf that is
/// `fp:xxxxxxxx` in the first and hex in the second is a key known to the run.
fn harvest(redacted: &Value, shown: &Value, keys: &mut BTreeSet<Vec<u8>>) {
    match (redacted, shown) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                if let Some(w) = b.get(k) {
                    harvest(v, w, keys);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (v, w) in a.iter().zip(b) {
                harvest(v, w, keys);
            }
        }
        (Value::String(r), Value::String(s)) => {
            let fp = r.len() == 11
                && r.starts_with("fp:")
                && r[3..].bytes().all(|c| c.is_ascii_hexdigit());
            if fp {
                if let Ok(k) = hex::decode(s) {
                    if k.len() >= 8 {
                        keys.insert(k);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Reads `cap` as `read` does, in `format`, into a string.
fn read(cap: &Path, keys: &KeysFile, format: Format) -> String {
    let mut out = Vec::new();
    // A damaged capture still prints what it read: the report's verdict is not the point here.
    let _ = run_with_keys(cap, format, false, keys, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The keys of a run: those of the keys file (every quoted hex string of 16 octets or more)
/// and every key the run shows under `--show-keys` (NH, KeNB, KASME, CK/IK, H_key, unwrapped
/// and derived keys, learned or carried).
fn keys_of_run(cap: &Path, keys_path: &Path, keys: &KeysFile) -> BTreeSet<Vec<u8>> {
    let mut found = BTreeSet::new();
    let text = std::fs::read_to_string(keys_path).unwrap();
    for part in text.split('"').skip(1).step_by(2) {
        if part.len() >= 32 && part.bytes().all(|c| c.is_ascii_hexdigit()) {
            found.insert(hex::decode(part).unwrap());
        }
    }
    let redacted = read(cap, keys, Format::Jsonl);
    let shown = {
        let _g = keyhop_codec::redact::show_keys(true);
        read(cap, keys, Format::Jsonl)
    };
    assert_eq!(redacted.lines().count(), shown.lines().count());
    for (r, s) in redacted.lines().zip(shown.lines()) {
        let r: Value = serde_json::from_str(r).unwrap();
        let s: Value = serde_json::from_str(s).unwrap();
        harvest(&r, &s, &mut found);
    }
    found
}

/// Key occurrences mutated per sample: x2-makr carries its keys some 300 times (every
/// KeyDistribution); spread evenly, 5 keep the test near a CPU minute in a debug build.
const OCCURRENCES_PER_SAMPLE: usize = 5;

/// Single-octet mutations next to keys of the sample captures with keys: one bit flipped in
/// each of the 16 octets before a key's first octet and its first (IE ids, criticalities,
/// lengths, presence bits, the containers' and SCTP's headers), the bit rotating. No output
/// format may print 8 consecutive octets of any key known to the run. Summary and JSON Lines
/// (the two renderings: the tree and the JSON array show the same serialization, plus the
/// same security lines as the summary) are checked after every mutation, the tree and the
/// JSON array after every fourth.
#[test]
fn no_key_window_in_any_format_after_mutations_near_keys() {
    let dir = std::env::temp_dir().join(format!("keyhop-raw-mut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut total = 0usize;
    let mut raw_seen = 0usize;
    for name in ["s1-handover", "x2-handover", "x2-makr"] {
        let cap_path = sample(&format!("{name}.pcapng"));
        let keys_path = sample(&format!("{name}.keys.toml"));
        let keys = KeysFile::load(&keys_path).unwrap();
        let known = keys_of_run(&cap_path, &keys_path, &keys);
        assert!(known.len() >= 4, "{name}: {} keys known", known.len());
        let wins = windows(&known);
        // The unmutated capture: nothing leaks either.
        for f in [Format::Summary, Format::Tree, Format::Jsonl, Format::Json] {
            let out = read(&cap_path, &keys, f);
            assert_eq!(leaked(&out, &wins), None, "{name} {f:?}");
        }
        let cap = std::fs::read(&cap_path).unwrap();
        let mut at: BTreeSet<usize> = BTreeSet::new();
        for k in &known {
            at.extend(find_all(&cap, &k[..8]));
        }
        assert!(!at.is_empty(), "{name}: no key in plain on the wire");
        let at: Vec<usize> = at.into_iter().collect();
        let step = at.len().div_ceil(OCCURRENCES_PER_SAMPLE);
        let path = dir.join(format!("{name}.pcapng"));
        for (o, &a) in at.iter().step_by(step).enumerate() {
            for p in a.saturating_sub(16)..=a {
                let mut m = cap.clone();
                m[p] ^= 1 << ((p + o) % 8);
                std::fs::write(&path, &m).unwrap();
                let mut formats = vec![Format::Summary, Format::Jsonl];
                // Every fourth mutation (the pattern stays clear of the MSRV's lints).
                if total & 3 == 0 {
                    formats.extend([Format::Tree, Format::Json]);
                }
                for f in formats {
                    let out = read(&path, &keys, f);
                    if let Some(w) = leaked(&out, &wins) {
                        panic!(
                            "{name}: octet {p} set to {:#04x}: {f:?} prints key octets {w}",
                            m[p]
                        );
                    }
                    raw_seen += out.matches(" octets fp:").count();
                }
                total += 1;
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    // The mutations reach raw values (the policy is exercised, not sidestepped).
    assert!(total >= 200, "{total} mutations");
    assert!(raw_seen > 0);
}
