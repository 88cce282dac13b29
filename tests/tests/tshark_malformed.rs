//! The README's claim about tshark and the samples (feature `interop`: a missing tshark fails):
//! tshark decodes every capture of samples/ and samples/violations/ with no malformed frame
//! except the two GTPv1 Forward Relocation Requests towards an MME (utran-lte-handover frame 6,
//! violations/HO-MAPPED frame 1), whose UTRAN Transparent Container holds an S1AP Source eNB to
//! Target eNB container that Wireshark 4.0 always decodes as RANAP's SourceRNC-ToTargetRNC one.
//! keyhop reads those frames without an error.
#![cfg(feature = "interop")]

use keyhop_tests::{all_sample_captures, keyhop, root, stderr, stdout};
use std::collections::BTreeSet;
use std::process::Command;

fn tshark(args: &[&str]) -> String {
    let o = Command::new("tshark")
        .args(args)
        .output()
        .expect("tshark runs (interop needs it)");
    assert!(o.status.success(), "tshark {args:?}: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn tshark_flags_only_the_rnc_containers_of_lte_targets() {
    let mut flagged: BTreeSet<(String, u64)> = BTreeSet::new();
    let mut n = 0;
    for p in all_sample_captures() {
        n += 1;
        let out = tshark(&[
            "-r",
            p.to_str().unwrap(),
            "-Y",
            "_ws.malformed",
            "-T",
            "fields",
            "-e",
            "frame.number",
        ]);
        let rel = p
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        for l in out.lines() {
            flagged.insert((rel.clone(), l.trim().parse().unwrap()));
        }
    }
    assert!(n >= 24, "{n} captures");
    let want: BTreeSet<(String, u64)> = [
        ("samples/utran-lte-handover.pcapng".to_string(), 6),
        ("samples/violations/HO-MAPPED.pcapng".to_string(), 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(flagged, want);
    for (rel, frame) in &want {
        let p = root().join(rel);
        let f = format!("frame.number == {frame}");
        // tshark: a GTPv1 Forward Relocation Request whose container it reads as RANAP's.
        let tree = tshark(&["-r", p.to_str().unwrap(), "-Y", &f, "-V"]);
        assert!(tree.contains("Forward relocation request"), "{rel}");
        assert!(
            tree.contains("SourceRNC-ToTargetRNC-TransparentContainer"),
            "{rel}"
        );
        // keyhop: the same message, read without error, the container's octets kept whole and
        // equal to those tshark shows.
        let o = keyhop(&[
            "read",
            "-q",
            "--show-raw",
            "--format",
            "jsonl",
            "-Y",
            &f,
            p.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{rel}: {}", stderr(&o));
        let rec: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(rec["message"], "ForwardRelocationRequest", "{rel}");
        assert!(rec.get("error").is_none(), "{rel}");
        let theirs = tshark(&[
            "-r",
            p.to_str().unwrap(),
            "-Y",
            &f,
            "-T",
            "fields",
            "-e",
            "gtp.utran_field",
        ]);
        let theirs = theirs.trim().replace(':', "");
        assert!(theirs.len() > 100, "{rel}: {theirs}");
        assert_eq!(rec["utran_transparent_container"], theirs.as_str(), "{rel}");
    }
}
