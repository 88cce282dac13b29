//! The table of key-material IEs and fields (tests/interop/key_fields.tsv), which
//! codec/tests/key_fields.rs checks are typed and redacted, regenerated from the S1AP and X2AP
//! ASN.1 by tests/interop/key_fields.py (pycrate): a key IE that a later ASN.1 adds, or one the
//! table lost, fails here. Built only with the `interop` feature; then a missing python or
//! pycrate is a failure, never a skip.
#![cfg(feature = "interop")]

#[test]
fn key_fields_table_matches_the_asn1() {
    let out = keyhop_tests::interop_script("key_fields.py", &[], "");
    assert!(
        out.status.success(),
        "key_fields.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = String::from_utf8(out.stdout).unwrap();
    let committed =
        std::fs::read_to_string(keyhop_tests::root().join("tests/interop/key_fields.tsv")).unwrap();
    assert!(fresh.lines().count() > 1, "no rows generated: {fresh}");
    assert_eq!(
        fresh, committed,
        "regenerate with: key_fields.py --output tests/interop/key_fields.tsv"
    );
}

/// pycrate's random messages of every row of the table (SeNBAdditionRequest, SgNBAdditionRequest,
/// ...): keyhop decodes them with the key IE typed, re-encodes them byte for byte, and its JSON
/// agrees with pycrate's values (keys shown, so that they are compared).
#[test]
fn key_ies_agree_with_pycrate() {
    use keyhop_codec::redact::show_keys;
    use keyhop_codec::{s1ap, x2ap};
    let table =
        std::fs::read_to_string(keyhop_tests::root().join("tests/interop/key_fields.tsv")).unwrap();
    for proto in ["s1ap", "x2ap"] {
        let rows: Vec<(u16, String)> = table
            .lines()
            .filter(|l| l.starts_with(proto))
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f[2].parse().unwrap(), f[5].to_string())
            })
            .collect();
        let mut args = vec!["gen".to_string(), "--count".into(), "40".into()];
        args.extend(["--seed".into(), "114203".into()]);
        for (_, m) in &rows {
            if !args.contains(m) {
                args.extend(["--message".into(), m.clone()]);
            }
        }
        let script = format!("{proto}_pycrate.py");
        let argv: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        let out = keyhop_tests::interop_script(&script, &argv, "");
        let gen = String::from_utf8(out.stdout).unwrap();
        assert!(
            !gen.is_empty(),
            "{script} gen: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut lines = String::new();
        let mut n = 0;
        let mut typed_keys = 0;
        for line in gen.lines() {
            let rec: serde_json::Value = serde_json::from_str(line).unwrap();
            let hex_s = rec["hex"].as_str().unwrap();
            let b = hex::decode(hex_s).unwrap();
            let _g = show_keys(true);
            // The same reading for either protocol: re-encoding, JSON, and which IEs are typed.
            macro_rules! read {
                ($m:ident) => {{
                    let p = $m::decode(&b).unwrap_or_else(|e| panic!("{hex_s}: {e}"));
                    let ids: Vec<(u16, bool)> = p
                        .ies()
                        .unwrap()
                        .items
                        .iter()
                        .map(|i| (i.id, i.value.typed().is_some()))
                        .collect();
                    (
                        $m::encode(&p).unwrap(),
                        serde_json::to_string(&$m::to_json(&p)).unwrap(),
                        ids,
                    )
                }};
            }
            let (again, json, ids) = if proto == "s1ap" {
                read!(s1ap)
            } else {
                read!(x2ap)
            };
            assert_eq!(hex::encode(again), hex_s, "keyhop re-encoding");
            for (id, typed) in ids {
                if rows.iter().any(|(k, _)| *k == id) {
                    assert!(typed, "{proto} IE {id} decoded raw: {hex_s}");
                    typed_keys += 1;
                }
            }
            lines.push_str(&format!("{{\"hex\":\"{hex_s}\",\"keyhop\":{json}}}\n"));
            n += 1;
        }
        assert!(
            typed_keys >= rows.len(),
            "{proto}: only {typed_keys} key IEs drawn"
        );
        let out = keyhop_tests::interop_script(&script, &["check"], &lines);
        let text = String::from_utf8_lossy(&out.stdout);
        let failures: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("\"ok\": false"))
            .take(3)
            .collect();
        assert_eq!(
            text.lines().last().unwrap_or(""),
            format!("{n} passed, 0 failed"),
            "{}",
            failures.join("\n")
        );
    }
}
