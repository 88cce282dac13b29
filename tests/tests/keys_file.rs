//! The keys file through the `keyhop` binary (docs/keys.md): errors say where and never quote a
//! key, the forms keyhop prints are accepted, repeated entries are refused or warned about, and
//! entries the capture joins are reported by both names.

use keyhop_tests::{keyhop, root, sample, stderr, stdout};
use std::path::{Path, PathBuf};

fn tempfile(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-keys-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn sample_keys() -> String {
    std::fs::read_to_string(sample("x2-makr.keys.toml")).unwrap()
}

/// The line of the first `[[kasme]]` of a keys file.
fn first_kasme_line(text: &str) -> usize {
    text.lines().position(|l| l == "[[kasme]]").unwrap() + 1
}

/// Every hex key of a keys file's text.
fn keys_in(text: &str) -> Vec<String> {
    text.split('"')
        .filter(|s| s.len() >= 32 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The first 8-octet window (16 hex digits) of any of `keys` found in `out`.
fn leak(out: &str, keys: &[String]) -> Option<String> {
    let out = out.to_ascii_lowercase();
    keys.iter()
        .flat_map(|k| (0..=k.len() - 16).map(move |i| k[i..i + 16].to_string()))
        .find(|w| out.contains(w.as_str()))
}

fn run(cmd: &str, keys: &Path, extra: &[&str]) -> std::process::Output {
    let cap = sample("x2-makr.pcapng");
    let mut args = vec![cmd, "--keys", keys.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(cap.to_str().unwrap());
    keyhop(&args)
}

#[test]
fn errors_say_where_and_never_quote_a_key() {
    let good = sample_keys();
    let keys = keys_in(&good);
    let kasme = "5afee24bacb0e0a3ed021f855b863d6c34b7984b369996a06f1af8cf2e56e61a";
    assert!(good.contains(kasme));
    // Each error class, made on the line of the first KASME (line 36 of the sample).
    let line = good.lines().position(|l| l.contains(kasme)).unwrap() + 1;
    let cases = [
        (
            format!("key = \"{kasme}\" extra"),
            74,
            "expected the end of the line",
        ),
        (format!("key = \"{kasme}"), 7, "unterminated string"),
        (format!("key = [\"{kasme}\"]"), 7, "arrays are not used"),
        (format!("key = {kasme}"), 7, "not a value"),
        (
            format!("key = \"{kasme}\"\nkey = \"{kasme}\""),
            1,
            "duplicate key `key`",
        ),
        (
            format!("key = \"{kasme}00\""),
            7,
            "kasme[0].key: 33 octets, expected 32",
        ),
        (
            format!("\"{kasme}\" = 1"),
            1,
            "unknown field a key of 64 characters",
        ),
    ];
    for (bad, col, what) in cases {
        let text = good.replacen(&format!("key = \"{kasme}\""), &bad, 1);
        let f = tempfile("bad.keys.toml", &text);
        for cmd in ["read", "validate"] {
            let o = run(cmd, &f, &[]);
            let e = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{cmd} {bad}: {e}");
            assert_eq!(leak(&e, &keys), None, "{cmd}: {e}");
            assert_eq!(leak(&stdout(&o), &keys), None, "{cmd}");
            let l = if what.starts_with("duplicate") {
                line + 1
            } else {
                line
            };
            assert!(
                e.contains(&format!("keys file: line {l}, column {col}: ")) && e.contains(what),
                "{cmd} {bad}: want line {l}, column {col}, {what:?}: {e}"
            );
        }
    }
}

#[test]
fn the_forms_keyhop_prints_are_accepted() {
    let good = sample_keys();
    let want = stdout(&run(
        "read",
        &sample("x2-makr.keys.toml"),
        &["--format", "jsonl"],
    ));
    assert!(want.contains("unwrapped"), "the sample unwraps keys");
    // PLMN as printed, Global eNB ID as printed, 0x-prefixed and spaced keys.
    let first = "plmn = \"00101\"\nkind = \"macro\"\nenb_id = 0x1a2b0\n";
    assert!(good.contains(first));
    let text = good
        .replacen(first, "enb = \"001-01:macro:1a2b0\"\n", 1)
        .replace("plmn = \"00101\"", "plmn = \"001-01\"")
        .replace(
            "key = \"f4bc1f8fa20dc2eebf183bdf5424ed36\"",
            "key = \"0xF4BC1F8F A20DC2EE BF183BDF 5424ED36\"",
        )
        .replace(
            "mme = \"10.30.0.1\"",
            "mme = \"10.30.0.1\"\nimsi = \"001010000001002\"",
        );
    let f = tempfile("forms.keys.toml", &text);
    let o = run("read", &f, &["--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), want);
}

#[test]
fn repeated_entries_are_refused_or_warned_about() {
    let good = sample_keys();
    let keys = keys_in(&good);
    let lines = good.lines().count();
    let k0 = first_kasme_line(&good);
    let entry = "[[kasme]]\nimsi = \"001010000001001\"\nkey = \"5afee24bacb0e0a3ed021f855b863d6c34b7984b369996a06f1af8cf2e56e61a\"\nnas_downlink_count = 5\nnas_algorithms = { eea = 2, eia = 2 }\n";
    assert!(good.contains(entry));
    // The same values again: a warning naming both, and the run goes on.
    let f = tempfile("same.keys.toml", &format!("{good}\n{entry}"));
    let o = run("validate", &f, &[]);
    let e = stderr(&o);
    assert_ne!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains(&format!(
            "keyhop: warning: keys file: kasme[3] (line {}) repeats kasme[0] (line {k0}) for imsi 001010000001001 with the same values (one is used)",
            lines + 2
        )),
        "{e}"
    );
    // Another key for the same UE: refused, naming both entries, quoting neither key.
    let other = entry.replace("5afee24bacb0e0a3", "5afee24bacb0e0a4");
    let f = tempfile("other.keys.toml", &format!("{good}\n{other}"));
    let o = run("read", &f, &[]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains(&format!(
            "keys file: kasme[3] (line {}) and kasme[0] (line {k0}) both give kasme of imsi 001010000001001 but with different keys",
            lines + 2
        )),
        "{e}"
    );
    assert_eq!(leak(&e, &keys), None, "{e}");
    assert_eq!(leak(&e, &[other[41..105].to_string()]), None, "{e}");
}

/// An entry by MME-UE-S1AP-ID with a wrong KASME for the UE the sample's first entry names by
/// IMSI: the capture joins them; both are reported, and the first entry's (right) KASME keeps
/// verifying that UE's NAS messages.
#[test]
fn entries_the_capture_joins_are_reported_and_the_first_is_used() {
    let good = sample_keys();
    let wrong = "[[kasme]]\nmme_ue_s1ap_id = 1048576\nmme = \"10.30.0.1\"\nkey = \"1111111111111111111111111111111111111111111111111111111111111111\"\n";
    let lines = good.lines().count();
    let k0 = first_kasme_line(&good);
    let f = tempfile("joined.keys.toml", &format!("{good}\n{wrong}"));
    let msg = format!(
        "keys file entries kasme[0] (line {k0}) and kasme[3] (line {}) give different KASMEs for one UE (IMSI 001010000001001), as the capture shows; kasme[0] (line {k0}), written first, is used",
        lines + 2
    );
    let o = run("read", &f, &[]);
    let out = stdout(&o);
    assert!(out.contains(&msg), "{out}");
    let nas: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[IMSI 001010000001001]") && l.contains("nas_pdu"))
        .collect();
    assert!(!nas.is_empty());
    for l in nas {
        assert!(l.contains("MAC ok"), "{l}");
    }
    // validate: the same findings as with the sample's keys, and the conflict.
    let findings = |keys: &Path| -> Vec<(String, String)> {
        let o = run("validate", keys, &["--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().into(),
                    f["text"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let mut rows = findings(&f);
    let at = rows
        .iter()
        .position(|(rule, text)| rule == "KEYS-CONFLICT" && *text == msg);
    assert!(at.is_some(), "{rows:?}");
    rows.remove(at.unwrap());
    assert_eq!(rows, findings(&sample("x2-makr.keys.toml")));
}

#[test]
fn help_points_to_the_format_in_the_repository() {
    for cmd in ["read", "validate", "ladder"] {
        let o = keyhop(&[cmd, "--help"]);
        assert!(stdout(&o).contains("docs/keys.md"), "{cmd}: {}", stdout(&o));
    }
    assert!(root().join("docs/keys.md").is_file());
}
