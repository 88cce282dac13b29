//! GTPv1-C differential against pycrate (feature `interop`): runs
//! tests/interop/gtpv1_pycrate.py, which decodes keyhop's GTPv1 vectors with
//! pycrate_mobile.TS29060_GTP and compares every typed IE; its KNOWN table lists the
//! disagreements that are pycrate's.
#![cfg(feature = "interop")]

use keyhop_tests::{python, root, stderr, stdout};
use std::process::Command;

#[test]
fn gtpv1_agrees_with_pycrate() {
    let out = Command::new(python())
        .arg(root().join("tests/interop/gtpv1_pycrate.py"))
        .current_dir(root())
        .output()
        .expect("run python (set KEYHOP_PYTHON) with gtpv1_pycrate.py");
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "gtpv1_pycrate.py failed:\n{report}");
}

/// The GTPv2 messages of the sample captures, as the JSON lines gtpv2_pycrate.py reads.
fn gtpv2_lines() -> (Vec<Vec<u8>>, String) {
    use keyhop::capture::{AppProto, CaptureReader};
    use keyhop_codec::gtpv2::{self, Ie, IeJson};
    fn ies(list: &[Ie<'_>]) -> Vec<serde_json::Value> {
        list.iter()
            .map(|ie| {
                serde_json::json!({
                    "type": ie.ie_type().to_u8(),
                    "instance": ie.instance,
                    "value": serde_json::to_value(IeJson(ie)).unwrap(),
                    "children": ie.children().map(ies),
                })
            })
            .collect()
    }
    let _keys = keyhop_codec::redact::show_keys(true);
    let mut msgs = Vec::new();
    let mut text = String::new();
    for name in ["s10-inter-mme-handover.pcapng", "utran-lte-handover.pcapng"] {
        let f = std::fs::File::open(keyhop_tests::sample(name)).unwrap();
        let mut r = CaptureReader::new(std::io::BufReader::new(f)).unwrap();
        while let Some(frame) = r.next_frame() {
            let frame = frame.unwrap();
            for p in frame.payloads() {
                if p.app != AppProto::Gtpv2c {
                    continue;
                }
                let m = gtpv2::parse(p.data).unwrap();
                let line = serde_json::json!({
                    "name": format!("{name}#{}", frame.number),
                    "hex": hex::encode(p.data),
                    "header": {"type": m.message_type.to_u8(), "teid": m.teid, "sequence": m.sequence},
                    "ies": ies(&m.ies),
                });
                text.push_str(&line.to_string());
                text.push('\n');
                msgs.push(p.data.to_vec());
            }
        }
    }
    (msgs, text)
}

#[test]
fn gtpv2_agrees_with_pycrate_both_ways() {
    use std::io::Write;
    use std::process::Stdio;
    let (msgs, input) = gtpv2_lines();
    let mut child = Command::new(python())
        .arg(root().join("tests/interop/gtpv2_pycrate.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python (set KEYHOP_PYTHON) with gtpv2_pycrate.py");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let report = stderr(&out);
    assert!(out.status.success(), "gtpv2_pycrate.py:\n{report}");
    // pycrate -> keyhop: every message pycrate re-encoded with a new sequence number decodes
    // in keyhop with that number and re-encodes to pycrate's octets.
    let mut back = 0;
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let b = hex::decode(v["hex"].as_str().unwrap()).unwrap();
        let m = keyhop_codec::gtpv2::parse(&b).unwrap();
        assert_eq!(u64::from(m.sequence), v["sequence"].as_u64().unwrap());
        assert_eq!(m.emit().unwrap(), b, "{}", v["name"]);
        back += 1;
    }
    // Every message but the three Forward Relocation Requests (MM Context forms pycrate
    // cannot decode: KNOWN in the script) went both ways.
    assert_eq!(back, msgs.len() - 3, "{report}");
    let summary = report.lines().last().unwrap_or("");
    eprintln!("{summary}");
    assert!(
        summary.contains(" 3 known pycrate gaps, 0 unexpected"),
        "{summary}"
    );
}
