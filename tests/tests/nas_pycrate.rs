//! NAS differential against pycrate (feature `interop`), both ways, through
//! tests/interop/nas_pycrate.py:
//! * every NAS-PDU of the samples, as keyhop reads it (security header, message type, where
//!   each IE ends), against pycrate_mobile.NAS parsing the same octets (and re-encoding them);
//! * every EMM and ESM message pycrate builds (mandatory IEs only, and every optional IE
//!   present) decodes in keyhop, encodes back to pycrate's octets (codec and `nas` JSON), and
//!   keyhop's IE boundaries are pycrate's where keyhop lays the message out.
#![cfg(feature = "interop")]

mod carried_nas;

use keyhop_codec::nas::pdu::{self, Header, Inner, Message, PlainMessage};
use keyhop_codec::redact::{show_keys, show_raw};
use keyhop_tests::{all_sample_captures, python, root, stderr, stdout};
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

/// Where each IE of `m` ends (octets from the message start), and how many octets keyhop laid
/// out (header and IEs; the rest is `trailing`).
fn ends(m: &PlainMessage) -> (Vec<usize>, usize) {
    let mut v = Vec::new();
    let mut part = m.clone();
    part.trailing = Default::default();
    part.ies.clear();
    let mut laid_out = part.encode().unwrap().len();
    for ie in &m.ies {
        part.ies.push(ie.clone());
        laid_out = part.encode().unwrap().len();
        v.push(laid_out);
    }
    (v, laid_out)
}

fn inner_json(m: &PlainMessage, offset: usize) -> Value {
    let (ebi, pti) = match m.header {
        Header::Esm {
            eps_bearer_identity,
            procedure_transaction_identity,
        } => (eps_bearer_identity, procedure_transaction_identity),
        Header::Emm => (0, 0),
    };
    let (e, laid_out) = ends(m);
    json!({"offset": offset, "message_type": m.message_type, "ebi": ebi, "pti": pti,
           "ends": e, "laid_out": laid_out})
}

/// keyhop's reading of every distinct sample NAS-PDU, as the script's input lines.
fn sample_lines() -> String {
    let mut seen = std::collections::BTreeSet::new();
    let mut text = String::new();
    for c in all_sample_captures() {
        for n in carried_nas::nas_pdus(&c) {
            if !seen.insert(n.bytes.clone()) {
                continue;
            }
            // Every NAS-PDU of the samples is well formed: keyhop must read it.
            let m = pdu::decode_directed(&n.bytes, n.uplink)
                .unwrap_or_else(|e| panic!("{} {}: {e}", n.at, n.item));
            let (sht, mac, sqn, inner) = match &m {
                Message::Plain(pm) => (0, String::new(), 0, inner_json(pm, 0)),
                Message::Protected(pr) => (
                    pr.header_type.value(),
                    hex::encode(pr.mac),
                    pr.sequence_number,
                    match &pr.inner {
                        Inner::Plain(pm) => inner_json(pm, 6),
                        Inner::Octets(_) => Value::Null,
                    },
                ),
                _ => continue,
            };
            let line = json!({
                "name": format!("{} {}", n.at, n.item),
                "hex": hex::encode(&n.bytes), "uplink": n.uplink, "sht": sht, "mac": mac, "sqn": sqn,
                "inner": inner,
            });
            text.push_str(&line.to_string());
            text.push('\n');
        }
    }
    text
}

#[test]
fn nas_agrees_with_pycrate_both_ways() {
    let input = sample_lines();
    let sent = input.lines().count();
    let mut child = Command::new(python())
        .arg(root().join("tests/interop/nas_pycrate.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python (set KEYHOP_PYTHON) with nas_pycrate.py");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let report = stderr(&out);
    eprintln!("{report}");
    assert!(out.status.success(), "nas_pycrate.py failed:\n{report}");
    // pycrate compared every PDU sent (none skipped as unparsable by pycrate).
    let stats: Value = report
        .lines()
        .find_map(|l| l.strip_prefix("nas_pycrate: "))
        .map(|j| serde_json::from_str(j).unwrap())
        .expect("the script's statistics line");
    assert_eq!(stats["compared"], sent, "{report}");

    // The other way: pycrate's messages in keyhop.
    let mut fails = Vec::new();
    let (mut n, mut compared) = (0, 0);
    for line in stdout(&out).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let name = v["name"].as_str().unwrap();
        let b = hex::decode(v["hex"].as_str().unwrap()).unwrap();
        let up = v["uplink"].as_bool();
        n += 1;
        let m = pdu::decode_directed(&b, up).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(pdu::encode(&m).unwrap(), b, "{name}: codec round trip");
        let text = {
            let _k = show_keys(true);
            let _r = show_raw(true);
            serde_json::to_string(&keyhop_codec::nas::msg::NasView::of(&b, up)).unwrap()
        };
        let back = keyhop_codec::json::encode("nas", &text)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert_eq!(back, b, "{name}: JSON round trip\n{text}");
        let Message::Plain(pm) = &m else {
            fails.push(format!("{name}: keyhop reads no plain message"));
            continue;
        };
        if pm.message_type as u64 != v["message_type"].as_u64().unwrap() {
            fails.push(format!("{name}: message type differs"));
        }
        if pdu::layout(pm.header, pm.message_type, up).is_none() {
            continue; // keyhop keeps the body as octets: nothing to compare
        }
        let (e, laid_out) = ends(pm);
        let py: Vec<usize> = v["ends"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as usize)
            .collect();
        if laid_out != b.len() || e != py {
            fails.push(format!(
                "{name}: IE ends pycrate {py:?} keyhop {e:?} (laid out {laid_out} of {})",
                b.len()
            ));
        } else {
            compared += 1;
        }
    }
    eprintln!("{n} pycrate-built messages, {compared} with every IE boundary compared");
    assert!(n > 100, "{n}");
    assert!(
        fails.is_empty(),
        "{} disagreements:\n{}",
        fails.len(),
        fails.join("\n")
    );
}
