//! keyhop's name tables against tshark's (feature `interop`: a missing tshark fails): GTPv2
//! message types (TS 29.274 table 6.1-1) and causes (table 8.4-1), GTPv1 message types
//! (TS 29.060 table 1) and causes (table 38), NAS EMM/ESM message types (TS 24.301 tables
//! 9.8.1/9.8.2) and EMM causes, each compared value by value with `tshark -G values`.
//! Names compare case-, space- and punctuation-blind (`ForwardRelocationRequest` is
//! tshark's `Forward relocation request`).
#![cfg(feature = "interop")]

use keyhop_codec::{gtpv1, gtpv2, nas};
use std::collections::BTreeMap;
use std::process::Command;
use std::sync::OnceLock;

/// tshark's value strings: field -> value -> name.
fn tshark_values() -> &'static BTreeMap<String, BTreeMap<u32, String>> {
    static V: OnceLock<BTreeMap<String, BTreeMap<u32, String>>> = OnceLock::new();
    V.get_or_init(|| {
        let o = Command::new("tshark")
            .args(["-G", "values"])
            .output()
            .expect("tshark runs (interop needs it)");
        assert!(o.status.success());
        let mut m: BTreeMap<String, BTreeMap<u32, String>> = BTreeMap::new();
        for line in String::from_utf8_lossy(&o.stdout).lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() == 4 && f[0] == "V" {
                if let Ok(v) = f[2].parse() {
                    m.entry(f[1].to_string())
                        .or_default()
                        .insert(v, f[3].to_string());
                }
            }
        }
        m
    })
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
        // tshark spells one GTPv2 and three GTPv1 names "Acknowledgement".
        .replace("acknowledgement", "acknowledge")
}

/// Every value tshark names (but its placeholders) keyhop names alike, and keyhop names no
/// value tshark does not, except `ours_only`. `differ`: values whose names are known to differ,
/// each checked to still differ. Returns how many values were compared.
fn agree(
    field: &str,
    ours: impl Fn(u8) -> Option<String>,
    differ: &[u8],
    ours_only: &[u8],
) -> usize {
    let theirs = tshark_values()
        .get(field)
        .unwrap_or_else(|| panic!("tshark has no value strings for {field}"));
    let placeholder = |n: &str| {
        let n = n.to_ascii_lowercase();
        n == "spare"
            || n.starts_with("reserved")
            || n.starts_with("for future use")
            || n.starts_with("shall not be used")
    };
    let mut compared = 0;
    let mut wrong = Vec::new();
    for v in 0..=255u8 {
        let t = theirs.get(&(v as u32)).filter(|n| !placeholder(n));
        match (ours(v), t) {
            (Some(o), Some(t)) => {
                let same = norm(&o) == norm(t);
                if differ.contains(&v) {
                    if same {
                        wrong.push(format!("{v}: agrees now ({o:?}): take it off the list"));
                    }
                } else {
                    if !same {
                        wrong.push(format!("{v}: keyhop {o:?}, tshark {t:?}"));
                    }
                    compared += 1;
                }
            }
            (None, Some(t)) => wrong.push(format!("{v}: tshark names it {t:?}, keyhop does not")),
            (Some(o), None) if !ours_only.contains(&v) => {
                wrong.push(format!("{v}: keyhop names it {o:?}, tshark does not"))
            }
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{field}:\n{}", wrong.join("\n"));
    compared
}

#[test]
fn gtpv2_message_types_and_causes() {
    let n = agree(
        "gtpv2.message_type",
        |v| match gtpv2::MessageType::from_u8(v) {
            gtpv2::MessageType::Unknown(_) => None,
            t => Some(t.name().to_string()),
        },
        &[],
        &[],
    );
    assert_eq!(n, 100);
    // 6: TS 29.274 adds "/MME" to tshark's "RNC/eNodeB/S4-SGSN".
    let n = agree(
        "gtpv2.cause",
        |v| gtpv2::cause_name(v).map(str::to_string),
        &[6],
        &[],
    );
    assert_eq!(n, 81);
}

#[test]
fn gtpv1_message_types_and_causes() {
    // 255: keyhop says G-PDU (TS 29.060), tshark T-PDU. 31-33: keyhop spells them as TS 29.060
    // does ("Supported Extension Headers Notification", "Send Routeing Information for GPRS").
    let n = agree(
        "gtp.message",
        |v| gtpv1::MessageType::from(v).known_name().map(str::to_string),
        &[31, 32, 33, 255],
        &[],
    );
    assert_eq!(n, 67);
    // 59: keyhop tells GTP' "system failure" from 204's. 194, 199, 211: keyhop spells them
    // as TS 29.060 table 38 does ("IMSI/IMEI not known", "No resources available", "All
    // dynamic PDP addresses are occupied"); 8 and 9 are younger than tshark 4.0's table.
    let n = agree(
        "gtp.cause",
        |v| gtpv1::Cause(v).name().map(str::to_string),
        &[59, 194, 199, 211],
        &[8, 9],
    );
    assert_eq!(n, 59);
}

#[test]
fn nas_message_types_and_emm_causes() {
    let n = agree(
        "nas_eps.nas_msg_emm_type",
        |v| nas::msg::emm_name(v).map(str::to_string),
        &[],
        &[],
    );
    assert_eq!(n, 32);
    let n = agree(
        "nas_eps.nas_msg_esm_type",
        |v| nas::msg::esm_name(v).map(str::to_string),
        &[],
        &[],
    );
    assert_eq!(n, 27);
    // 78 (TS 24.301 Rel-15 on) is younger than tshark 4.0's table.
    let n = agree(
        "nas_eps.emm.cause",
        |v| nas::msg::emm_cause_name(v).map(str::to_string),
        &[],
        &[78],
    );
    assert_eq!(n, 37);
}
