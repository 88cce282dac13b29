//! The display filter's `ue` field selects every message of the UE chain that holds the id, as
//! validate's analysis chains UEs: its X2AP messages (which carry X2AP ids only), its messages at
//! the target under other ids, its InitialUEMessage (before the MME named it), its GTP-C
//! relocation messages. Checked against an oracle written here from the messages' own ids
//! (independent of the analysis), on the samples and on the real handover captures.

use keyhop_tests::{keyhop, optional_shared_captures, sample, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// (frame, position among the frame's records, record) of `read --format jsonl [-Y filter]`.
fn records(cap: &Path, filter: Option<&str>) -> Vec<(u64, usize, Value)> {
    let mut args = vec!["read", "-q", "--format", "jsonl", cap.to_str().unwrap()];
    if let Some(f) = filter {
        args.extend(["-Y", f]);
    }
    let o = keyhop(&args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    let mut out: Vec<(u64, usize, Value)> = Vec::new();
    for l in stdout(&o).lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        let f = v["frame"].as_u64().unwrap();
        let k = out.iter().filter(|r| r.0 == f).count();
        out.push((f, k, v));
    }
    out
}

/// Every number under a key named `name` or ending in `_name`, at any depth.
fn ids(v: &Value, name: &str, out: &mut Vec<u64>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                if k == name || k.ends_with(&format!("_{name}")) {
                    if let Some(n) = c.as_u64() {
                        out.push(n);
                    }
                }
                ids(c, name, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|c| ids(c, name, out)),
        _ => {}
    }
}

fn id_list(v: &Value, name: &str) -> Vec<u64> {
    let mut out = Vec::new();
    ids(v, name, &mut out);
    out
}

fn ip(endpoint: &Value) -> String {
    let s = endpoint.as_str().unwrap();
    let (a, _) = s.rsplit_once(':').unwrap();
    a.trim_start_matches('[').trim_end_matches(']').to_string()
}

/// The oracle for an S1/X2 UE named by MME-UE-S1AP-ID `mme`: the messages carrying that id
/// (as MME-UE-S1AP-ID, source MME-UE-S1AP-ID, or inside an X2 HandoverRequest's UE context),
/// the X2AP messages of each X2 HandoverRequest among them (same eNB pair, same old eNB UE
/// X2AP ID, until that id is reused), and the InitialUEMessage that opened its S1 context.
fn oracle(all: &[(u64, usize, Value)], mme: u64) -> BTreeSet<(u64, usize)> {
    let mut out = BTreeSet::new();
    let mut x2: Vec<(String, String, u64, u64)> = Vec::new();
    let mut first_s1: Option<(u64, String, u64)> = None;
    for (f, k, v) in all {
        if !id_list(v, "mme_ue_s1ap_id").contains(&mme) {
            continue;
        }
        out.insert((*f, *k));
        let (src, dst) = (ip(&v["src"]), ip(&v["dst"]));
        if v["protocol"] == "x2ap" && v["message"] == "HandoverRequest" {
            let old = id_list(v, "old_enb_ue_x2ap_id")[0];
            x2.push((src, dst, old, *f));
        } else if v["protocol"] == "s1ap" && first_s1.is_none() {
            // The eNB end of the MME's first message: its receiver.
            if let Some(e) = id_list(v, "enb_ue_s1ap_id").first() {
                first_s1 = Some((*f, dst, *e));
            }
        }
    }
    for (a, b, old, from) in x2 {
        for (f, k, v) in all {
            let (s, d) = (ip(&v["src"]), ip(&v["dst"]));
            let pair = (s == a && d == b) || (s == b && d == a);
            if v["protocol"] == "x2ap"
                && *f >= from
                && pair
                && id_list(v, "old_enb_ue_x2ap_id").contains(&old)
            {
                if *f > from && v["message"] == "HandoverRequest" {
                    break;
                }
                out.insert((*f, *k));
            }
        }
    }
    if let Some((f0, enb_addr, e)) = first_s1 {
        let initial = all.iter().rev().find(|(f, _, v)| {
            *f <= f0
                && v["message"] == "InitialUEMessage"
                && ip(&v["src"]) == enb_addr
                && id_list(v, "enb_ue_s1ap_id").contains(&e)
        });
        if let Some((f, k, _)) = initial {
            out.insert((*f, *k));
        }
    }
    out
}

fn selected(cap: &Path, filter: &str) -> BTreeSet<(u64, usize)> {
    let all = records(cap, None);
    // The selection as (frame, position among the frame's records of the whole capture).
    records(cap, Some(filter))
        .into_iter()
        .map(|(f, _, v)| {
            let k = all
                .iter()
                .filter(|r| r.0 == f)
                .position(|r| r.2 == v)
                .unwrap();
            (f, k)
        })
        .collect()
}

fn check_chain(cap: &Path, mme: u64) {
    let all = records(cap, None);
    let want = oracle(&all, mme);
    let got = selected(cap, &format!("ue == {mme}"));
    assert_eq!(got, want, "{}: ue == {mme}", cap.display());
    // The chain reaches beyond the messages that carry the id itself.
    let literal = selected(cap, &format!("mme_ue_s1ap_id == {mme}"));
    assert!(literal.len() < got.len(), "{}", cap.display());
}

#[test]
fn ue_selects_the_whole_s1_chain() {
    // Two S1 handovers of one UE across three eNBs, status transfers and releases.
    check_chain(&sample("s1-handover.pcapng"), 256);
}

#[test]
fn ue_selects_the_x2_legs_and_the_path_switches() {
    // Two X2 handovers: the X2AP messages carry only X2AP ids.
    let cap = sample("x2-handover.pcapng");
    check_chain(&cap, 512);
    let got = records(&cap, Some("ue == 512"));
    let x2: Vec<&str> = got
        .iter()
        .filter(|r| r.2["protocol"] == "x2ap")
        .map(|r| r.2["message"].as_str().unwrap())
        .collect();
    assert!(
        x2.contains(&"SNStatusTransfer") && x2.contains(&"UEContextRelease"),
        "{x2:?}"
    );
}

/// The GTP-C legs: the relocation exchange of the UE, and none of the other UE's.
fn check_gtp(cap: &Path, ids: [u64; 2], imsi: &str, other_ids: [u64; 2], other_imsi: &str) {
    let got = records(cap, Some(&format!("ue == {}", ids[0])));
    let has = |v: &Value, id: &[u64; 2], imsi: &str| {
        let m = id_list(v, "mme_ue_s1ap_id");
        id.iter().any(|i| m.contains(i)) || v.to_string().contains(imsi)
    };
    // Every message carrying the UE's ids at either MME, or its IMSI, is selected.
    let all = records(cap, None);
    for (f, _, v) in &all {
        if has(v, &ids, imsi) {
            assert!(
                got.iter().any(|g| g.2 == *v),
                "{}: frame {f} missing",
                cap.display()
            );
        }
    }
    // The relocation request's answer (same sequence number, the other way) is selected.
    let req = all
        .iter()
        .find(|r| r.2["message"] == "ForwardRelocationRequest" && has(&r.2, &ids, imsi))
        .unwrap();
    let seq = |v: &Value| v["sequence"].clone().to_string() + &v["sequence_number"].to_string();
    let resp = all
        .iter()
        .find(|r| {
            r.2["message"] == "ForwardRelocationResponse"
                && seq(&r.2) == seq(&req.2)
                && r.2["src"] != req.2["src"]
        })
        .unwrap();
    assert!(
        got.iter().any(|g| g.2 == resp.2),
        "{}: response {}",
        cap.display(),
        resp.0
    );
    // So are the completion messages of the relocation.
    assert!(
        got.iter().any(|g| g.2["message"]
            .as_str()
            .unwrap()
            .starts_with("ForwardRelocationComplete")),
        "{}",
        cap.display()
    );
    // None of the other UE's.
    for g in &got {
        assert!(
            !has(&g.2, &other_ids, other_imsi),
            "{}: frame {}",
            cap.display(),
            g.0
        );
    }
}

#[test]
fn ue_selects_the_gtp_relocation_of_an_inter_mme_handover() {
    check_gtp(
        &sample("s10-inter-mme-handover.pcapng"),
        [3000, 5000],
        "001010000000101",
        [3001, 5001],
        "001010000000102",
    );
}

#[test]
fn ue_selects_the_gtpv1_relocation_of_a_utran_handover() {
    let cap = sample("utran-lte-handover.pcapng");
    let got = records(&cap, Some("ue == 7001"));
    let names: Vec<&str> = got
        .iter()
        .map(|r| r.2["message"].as_str().unwrap())
        .collect();
    for m in [
        "ForwardRelocationRequest",
        "ForwardRelocationResponse",
        "ForwardRelocationComplete",
        "ForwardRelocationCompleteAcknowledge",
        "HandoverRequest",
        "HandoverNotify",
    ] {
        assert!(names.contains(&m), "{m}: {names:?}");
    }
    assert!(got
        .iter()
        .all(|r| !id_list(&r.2, "mme_ue_s1ap_id").contains(&7002)
            && !r.2.to_string().contains("001010000000202")));
    // The IMSI names the same chain.
    let by_imsi = records(&cap, Some("ue == 001010000000201"));
    assert_eq!(by_imsi.len(), got.len());
}

#[test]
fn ue_on_the_real_handover_captures() {
    let Some(dir) = optional_shared_captures("ue == on the real handover captures") else {
        return;
    };
    let x2 = dir.join("ttm4133_X2Handover.pcap");
    if x2.is_file() {
        // OAI: attach, then an X2 handover whose path switch was not captured.
        check_chain(&x2, 553648333);
    } else {
        eprintln!("filter_ue: {} absent: not checked", x2.display());
    }
    let s1 = dir.join("ttm4133_S1Handover.pcap");
    if s1.is_file() {
        // The id the target side gave the UE selects its messages under the source's id too,
        // and nothing of the later context (MME-UE-S1AP-IDs 3 and 4).
        let all = records(&s1, None);
        let got = records(&s1, Some("ue == 2"));
        for (f, _, v) in &all {
            let m = id_list(v, "mme_ue_s1ap_id");
            let sel = got.iter().any(|g| g.2 == *v);
            if m.contains(&1) || m.contains(&2) {
                assert!(sel, "frame {f} missing");
            }
            if m.contains(&3) || m.contains(&4) {
                assert!(!sel, "frame {f} selected");
            }
        }
        assert!(got.iter().any(|g| g.2["message"] == "InitialUEMessage"));
    } else {
        eprintln!("filter_ue: {} absent: not checked", s1.display());
    }
}
