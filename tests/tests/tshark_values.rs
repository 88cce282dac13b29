//! Values as people say them, against tshark (feature `interop`: a missing tshark or captures
//! folder fails): per frame, the IP addresses keyhop reads from S1AP/X2AP TransportLayerAddress
//! (`*_transport_layer_address_ip`) are tshark's `transportLayerAddressIPv4/IPv6`, and the
//! algorithm lists of UE security capabilities (`eea`, `eia`) are tshark's EEA1-3 / EIA1-3 bits.
//! Every `plmn` keyhop adds says the digits of the `plmn_identity` beside it.
#![cfg(feature = "interop")]

use keyhop_tests::{keyhop_jsonl, sample, shared_captures, tshark_fields};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

type PerFrame = BTreeMap<u64, Vec<String>>;

#[derive(Default)]
struct Seen {
    ips: PerFrame,
    algs: PerFrame,
    plmns: usize,
}

/// The TBCD digits of a PLMN identity, written here independently of the codec.
fn digits(hex3: &str) -> String {
    let b: Vec<char> = hex3.chars().collect();
    // Octets: MCC2 MCC1 | MNC3 MCC3 | MNC2 MNC1 (hex digit pairs, high nibble first).
    let (mcc, mnc3, mnc) = (
        [b[1], b[0], b[3]].iter().collect::<String>(),
        b[2],
        [b[5], b[4]].iter().collect::<String>(),
    );
    if mnc3 == 'f' {
        format!("{mcc}-{mnc}")
    } else {
        format!("{mcc}-{mnc}{mnc3}")
    }
}

fn walk(v: &Value, frame: u64, s: &mut Seen) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k.ends_with("transport_layer_address_ip") {
                    for a in x.as_str().unwrap().split(' ') {
                        s.ips.entry(frame).or_default().push(a.to_string());
                    }
                }
                if k == "eea" || k == "eia" {
                    s.algs
                        .entry(frame)
                        .or_default()
                        .push(x.as_str().unwrap().to_string());
                }
                if k == "plmn" {
                    if let Some(w) = m.get("plmn_identity").and_then(Value::as_str) {
                        assert_eq!(x.as_str().unwrap(), digits(w), "frame {frame}");
                        s.plmns += 1;
                    }
                }
                walk(x, frame, s);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| walk(x, frame, s)),
        _ => {}
    }
}

fn keyhop_values(cap: &Path) -> Seen {
    let mut s = Seen::default();
    for line in keyhop_jsonl(cap).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        if !matches!(v["protocol"].as_str(), Some("s1ap" | "x2ap")) {
            continue;
        }
        let frame = v["frame"].as_u64().unwrap();
        // Only the S1AP/X2AP IEs: the NAS view and key notes are not tshark's fields here.
        let mut ies = v.clone();
        for k in ["nas", "security", "rrc"] {
            ies.as_object_mut().unwrap().remove(k);
        }
        walk(&ies, frame, &mut s);
    }
    for l in s.ips.values_mut().chain(s.algs.values_mut()) {
        l.sort();
    }
    s
}

fn tshark(cap: &Path, fields: &[&str]) -> Vec<(u64, Vec<String>)> {
    let args = [
        "-Y",
        "s1ap || x2ap",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=,",
    ];
    tshark_fields(cap, &args, fields)
}

fn tshark_ips(cap: &Path) -> PerFrame {
    let mut out = PerFrame::new();
    let fields = [
        "s1ap.transportLayerAddressIPv4",
        "s1ap.transportLayerAddressIPv6",
        "x2ap.transportLayerAddressIPv4",
        "x2ap.transportLayerAddressIPv6",
    ];
    for (frame, cols) in tshark(cap, &fields) {
        for c in cols {
            for a in c.split(',').filter(|a| !a.is_empty()) {
                out.entry(frame).or_default().push(a.to_string());
            }
        }
    }
    out.values_mut().for_each(|l| l.sort());
    out
}

/// `EEA1 EEA2` from tshark's per-bit booleans (one column per bit, occurrences comma-joined).
fn tshark_algs(cap: &Path) -> PerFrame {
    let mut out = PerFrame::new();
    for proto in ["s1ap", "x2ap"] {
        for (kind, field) in [
            ("EEA", "encryptionAlgorithms"),
            ("EIA", "integrityProtectionAlgorithms"),
        ] {
            let fields: Vec<String> = (1..=3)
                .map(|i| format!("{proto}.{field}.{kind}{i}"))
                .collect();
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            for (frame, cols) in tshark(cap, &refs) {
                let per_bit: Vec<Vec<&str>> = cols
                    .iter()
                    .map(|c| c.split(',').filter(|x| !x.is_empty()).collect())
                    .collect();
                for occ in 0..per_bit[0].len() {
                    let on: Vec<String> = (0..3)
                        .filter(|&i| matches!(per_bit[i].get(occ), Some(&("1" | "True"))))
                        .map(|i| format!("{kind}{}", i + 1))
                        .collect();
                    let text = if on.is_empty() {
                        "none".to_string()
                    } else {
                        on.join(" ")
                    };
                    out.entry(frame).or_default().push(text);
                }
            }
        }
    }
    out.values_mut().for_each(|l| l.sort());
    out
}

fn agree(cap: &Path) -> (usize, usize, usize) {
    let k = keyhop_values(cap);
    let (ti, ta) = (tshark_ips(cap), tshark_algs(cap));
    assert_eq!(k.ips, ti, "{}: transport layer addresses", cap.display());
    // keyhop lists the bits past EEA3 too; tshark names three, so compare those captures'
    // values, which set none beyond.
    assert_eq!(k.algs, ta, "{}: UE security capabilities", cap.display());
    (
        ti.values().map(Vec::len).sum(),
        ta.values().map(Vec::len).sum(),
        k.plmns,
    )
}

#[test]
fn readable_values_agree_on_shared_captures() {
    let dir = shared_captures().expect("../shared/captures is absent: this test needs it");
    let (mut ips, mut algs, mut plmns) = (0, 0, 0);
    for name in [
        "open5gs_testattach.pcapng",
        "open5gs_srsenb.pcapng",
        "oai_scenarios_PON_POFF_s1_all.pcapng",
        "ttm4133_S1Handover.pcap",
        "ttm4133_X2Handover.pcap",
    ] {
        let (a, b, c) = agree(&dir.join(name));
        ips += a;
        algs += b;
        plmns += c;
    }
    assert!(ips > 20 && algs > 10 && plmns > 50, "{ips} {algs} {plmns}");
}

#[test]
fn readable_values_agree_on_samples() {
    for name in ["s1-handover.pcapng", "x2-handover.pcapng", "x2-makr.pcapng"] {
        let (ips, _, plmns) = agree(&sample(name));
        assert!(ips > 0 && plmns > 0, "{name}");
    }
}

#[test]
fn plmn_digits_helper() {
    assert_eq!(digits("00f110"), "001-01");
    assert_eq!(digits("130014"), "310-410");
}
