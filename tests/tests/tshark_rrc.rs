//! The cells of the RRC inside GTP Forward Relocation messages (`rrc`: the S1AP transparent
//! container of a GTPv2 F-Container of type 3, or of a GTPv1 UTRAN Transparent Container)
//! against tshark (feature `interop`: a missing tshark fails), which dissects F-Container type
//! 3 into S1AP and LTE RRC: per frame, source PCI and EARFCN-DL of the
//! HandoverPreparationInformation, target PCI and EARFCN-DL of the HandoverCommand. tshark
//! does not open GTPv1's UTRAN Transparent Container: there the cells must be those tshark
//! reads in an S1AP message of the capture (the same container, on the target's S1 link),
//! where tshark reads those fields in one.
#![cfg(feature = "interop")]

use keyhop_tests::{
    captures_in, keyhop_jsonl, optional_shared_captures, sample_captures, tshark_fields,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Per frame: source PCI, source EARFCN-DL, target PCI, target EARFCN-DL (empty: absent).
type Cells = BTreeMap<u64, [String; 4]>;

const FIELDS: [&str; 4] = [
    "lte-rrc.sourcePhysCellId",
    "lte-rrc.sourceDl_CarrierFreq",
    "lte-rrc.targetPhysCellId",
    "lte-rrc.dl_CarrierFreq",
];

fn tshark(cap: &Path, filter: &str) -> Cells {
    tshark_fields(cap, &["-Y", filter, "-E", "occurrence=f"], &FIELDS)
        .into_iter()
        .filter_map(|(frame, v)| {
            let cells: [String; 4] = std::array::from_fn(|i| v.get(i).cloned().unwrap_or_default());
            cells
                .iter()
                .any(|x| !x.is_empty())
                .then_some((frame, cells))
        })
        .collect()
}

fn keyhop(cap: &Path, protocol: &str) -> Cells {
    let field = |r: &Value, k: &str| r["rrc"].get(k).map_or(String::new(), |v| v.to_string());
    keyhop_jsonl(cap)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["protocol"] == protocol)
        .filter(|r| r.get("rrc").is_some())
        .map(|r| {
            let keys = [
                "source_pci",
                "source_dl_earfcn",
                "target_pci",
                "target_dl_earfcn",
            ];
            (r["frame"].as_u64().unwrap(), keys.map(|k| field(&r, k)))
        })
        .collect()
}

#[test]
fn gtp_relocation_cells_agree_with_tshark() {
    let mut caps = sample_captures();
    if let Some(dir) = optional_shared_captures("GTP relocation cells of the shared captures") {
        caps.extend(captures_in(&dir));
    }
    let (mut v2, mut v1) = (0, 0);
    for cap in &caps {
        let (theirs, ours) = (tshark(cap, "gtpv2"), keyhop(cap, "gtpv2"));
        assert_eq!(ours, theirs, "{}", cap.display());
        v2 += ours.len();
        let ours = keyhop(cap, "gtpv1");
        if !ours.is_empty() {
            let s1: Vec<[String; 4]> = tshark(cap, "s1ap").into_values().collect();
            let shown = |c: &[String; 4]| c.clone().map(|x| !x.is_empty());
            for (frame, cells) in &ours {
                // tshark opens S1AP's Target-ToSource container of an intra-LTE handover
                // only: a GTPv1 message whose fields no S1AP frame shows goes unchecked.
                let same: Vec<_> = s1.iter().filter(|t| shown(t) == shown(cells)).collect();
                if same.is_empty() {
                    continue;
                }
                assert!(
                    same.contains(&cells),
                    "{} frame {frame}: {cells:?} not in {s1:?}",
                    cap.display()
                );
                v1 += 1;
            }
        }
    }
    // The inter-MME sample's Forward Relocation Request and Response, and the UTRAN to
    // E-UTRAN sample's GTPv1 Request, at least.
    assert!(
        v2 >= 2 && v1 >= 1,
        "{v2} GTPv2 and {v1} GTPv1 messages compared"
    );
}
