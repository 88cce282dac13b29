//! The E-RAB management lists (S1AP IEs 16, 28, 30, 31, 69, 199, 203) and SON configuration
//! transfer (129, 130), typed by keyhop, against tshark (feature `interop`: a missing tshark or
//! python with pycrate fails). No capture of ../shared/captures carries these IEs (their stacks
//! never set up, modify or release a dedicated bearer, nor transfer SON configuration), so the
//! PDUs come from a third implementation: pycrate encodes random messages of each kind from the
//! ASN.1, they are written into a capture, and per frame the E-RAB ids, the GTP-TEIDs and the
//! transport layer addresses keyhop reads must be those tshark reads. Every `_ip` keyhop adds
//! is checked against its wire value by TS 36.414 clause 5.3 (tshark also reads addresses of
//! other bit counts as IP, by their octet count; the comparison with tshark uses its rule).
#![cfg(feature = "interop")]

use keyhop::capture::synth::{Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use keyhop_tests::{keyhop_jsonl, tshark_fields};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The messages whose IEs keyhop types wherever they occur, and the IE each carries.
const MESSAGES: &[(&str, u16)] = &[
    ("E-RABSetupRequest", 16),
    ("E-RABSetupResponse", 28),
    ("E-RABModifyRequest", 30),
    ("E-RABModifyResponse", 31),
    ("E-RABReleaseResponse", 69),
    ("E-RABModificationIndication", 199),
    ("E-RABModificationConfirm", 203),
    ("ENBConfigurationTransfer", 129),
    ("MMEConfigurationTransfer", 130),
];

const PER_MESSAGE: usize = 80;

/// Per frame: E-RAB ids, TEIDs (`0x` + 8 hex digits), IP addresses; each sorted.
#[derive(Debug, Default, PartialEq)]
struct Values {
    erab_ids: Vec<String>,
    teids: Vec<String>,
    ips: Vec<String>,
}

/// The TransportLayerAddress components and the lists of them (docs/json.md names).
const TLA_KEYS: &[&str] = &[
    "transport_layer_address",
    "dl_transport_layer_address",
    "ul_transport_layer_address",
    "ip_sec_tla",
];
const TLA_LIST_KEYS: &[&str] = &[
    "enb_x2_transport_layer_addresses",
    "gtp_tl_aa",
    "enb_indirect_x2_transport_layer_addresses",
];

/// A TransportLayerAddress of keyhop's JSON: its bit count and octets (docs/json.md: a BIT
/// STRING of 8n bits is its octets in hex, others `{"bits", "value"}`).
fn tla_wire(tla: &Value) -> (u64, Vec<u8>) {
    match tla {
        Value::String(h) => (h.len() as u64 * 4, hex::decode(h).unwrap()),
        _ => (
            tla["bits"].as_u64().unwrap_or_else(|| panic!("{tla}")),
            hex::decode(tla["value"].as_str().unwrap()).unwrap(),
        ),
    }
}

/// The addresses tshark shows for a TransportLayerAddress: it goes by the octet count (4, 16,
/// 20) whatever the bit count, so a 124-bit address reads as IPv6 there.
fn tshark_view(tla: &Value) -> Vec<String> {
    let (_, b) = tla_wire(tla);
    let v4 = |o: &[u8]| std::net::Ipv4Addr::from(<[u8; 4]>::try_from(o).unwrap()).to_string();
    let v6 = |o: &[u8]| std::net::Ipv6Addr::from(<[u8; 16]>::try_from(o).unwrap()).to_string();
    match b.len() {
        4 => vec![v4(&b)],
        16 => vec![v6(&b)],
        20 => vec![v4(&b[..4]), v6(&b[4..])],
        _ => vec![],
    }
}

/// What keyhop's `_ip` must say, written here from TS 36.414 clause 5.3: 32 bits IPv4, 128
/// IPv6, 160 both; nothing for another bit count.
fn spec_view(tla: &Value) -> Option<String> {
    let (bits, _) = tla_wire(tla);
    matches!(bits, 32 | 128 | 160).then(|| tshark_view(tla).join(" "))
}

type PerFrame = BTreeMap<u64, Values>;

fn pycrate_pdus() -> Vec<(String, Vec<u8>)> {
    let mut args = vec![
        "gen".to_string(),
        "--count".into(),
        PER_MESSAGE.to_string(),
        "--seed".into(),
        "36413".into(),
    ];
    for (m, _) in MESSAGES {
        args.push("--message".into());
        args.push(m.to_string());
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = keyhop_tests::interop_script("s1ap_pycrate.py", &argv, "");
    assert!(
        out.status.success(),
        "s1ap_pycrate.py gen: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["message"].as_str().unwrap().to_string(),
                hex::decode(v["hex"].as_str().unwrap()).unwrap(),
            )
        })
        .collect()
}

/// One S1 association, one PDU per SCTP message (fragmented as a stack would past 1400 octets).
fn write_capture(path: &Path, pdus: &[(String, Vec<u8>)]) {
    let mut w = PcapNgFileWriter::create(path).unwrap();
    let eth = w.add_interface(linktype::ETHERNET, 9).unwrap();
    let link = LinkSpec::ethernet();
    let mut assoc = SctpAssoc::new(
        "10.1.0.1:36412".parse().unwrap(),
        "10.9.0.1:36412".parse().unwrap(),
    );
    let mut n = 0u64;
    let mut put = |w: &mut PcapNgFileWriter<_>, frame: Vec<u8>| {
        n += 1;
        w.write(eth, Timestamp::new(1_700_000_000, n * 1_000_000), &frame)
            .unwrap();
    };
    for (d, p) in assoc.handshake() {
        let ip = assoc.ip_packet(d, &p);
        put(&mut w, link.frame(&ip));
    }
    for (i, (_, b)) in pdus.iter().enumerate() {
        let d = if i % 2 == 0 {
            Dir::Forward
        } else {
            Dir::Reverse
        };
        let chunks = assoc.message(d, 1, 18, b, 1400);
        for c in chunks {
            let sctp = assoc.packet(d, std::slice::from_ref(&c));
            let ip = assoc.ip_packet(d, &sctp);
            put(&mut w, link.frame(&ip));
        }
    }
    w.finish().unwrap();
}

/// Collects the values; checks each `_ip` keyhop adds against its wire twin (counted in `ips`).
fn walk(v: &Value, out: &mut Values, checked: &mut usize) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "e_rab_id" {
                    // E-RAB-ID is INTEGER (0..15, ...): an extension value may be any
                    // number, negative too, which tshark's 32-bit unsigned field shows
                    // modulo 2^32 (-1 as 4294967295).
                    let id = x.as_i64().unwrap_or_else(|| panic!("e_rab_id {x}"));
                    out.erab_ids.push((id as u32).to_string());
                }
                if k.ends_with("gtp_teid") {
                    // S1AP's GTP-TEID is its 4 octets in hex in the JSON (docs/json.md).
                    let h = x.as_str().unwrap();
                    assert_eq!(h.len(), 8, "{k}: {h}");
                    out.teids.push(format!("0x{h}"));
                }
                let ip = m.get(&format!("{k}_ip"));
                if TLA_KEYS.contains(&k.as_str()) {
                    out.ips.extend(tshark_view(x));
                    assert_eq!(
                        ip.and_then(Value::as_str).map(str::to_string),
                        spec_view(x),
                        "{k}: {x}"
                    );
                    *checked += usize::from(ip.is_some());
                }
                if TLA_LIST_KEYS.contains(&k.as_str()) {
                    let list = x.as_array().unwrap();
                    list.iter().for_each(|a| out.ips.extend(tshark_view(a)));
                    let want: Vec<Option<String>> = list.iter().map(spec_view).collect();
                    if let Some(ip) = ip {
                        let got: Vec<Option<String>> = serde_json::from_value(ip.clone()).unwrap();
                        assert_eq!(got, want, "{k}: {x}");
                        *checked += got.iter().flatten().count();
                    } else if k == "enb_x2_transport_layer_addresses" {
                        assert!(want.iter().all(Option::is_none), "{k}: no _ip for {x}");
                    }
                }
                walk(x, out, checked);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| walk(x, out, checked)),
        _ => {}
    }
}

/// keyhop's values per frame (addresses as tshark shows them, from keyhop's wire values), how
/// many of the messages' own IEs it typed, and how many `_ip` it added (each checked).
fn keyhop_values(cap: &Path) -> (PerFrame, BTreeMap<String, usize>, usize) {
    let mut per = PerFrame::new();
    let mut checked = 0;
    let mut typed = BTreeMap::<String, usize>::new();
    for line in keyhop_jsonl(cap).lines() {
        let mut v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["protocol"], "s1ap", "{line}");
        assert!(v.get("error").is_none(), "{line}");
        let frame = v["frame"].as_u64().unwrap();
        let m = v.as_object_mut().unwrap();
        let message = m["message"].as_str().unwrap().to_string();
        // Only the S1AP IEs: the NAS view and key notes are not tshark's S1AP fields.
        for k in ["nas", "security", "rrc"] {
            m.remove(k);
        }
        let (_, id) = MESSAGES.iter().find(|(n, _)| *n == message).unwrap();
        let name = keyhop_codec::s1ap::ie_name(*id).unwrap();
        // Present in every message pycrate wrote (mandatory, or optional and drawn), and typed:
        // an IE keyhop left raw would be `ie_<id>` and its values would be missing below.
        if m.contains_key(name) {
            *typed.entry(message).or_default() += 1;
        }
        assert!(!m.contains_key(&format!("ie_{id}")), "{line}");
        let mut vals = Values::default();
        walk(&v, &mut vals, &mut checked);
        per.insert(frame, vals);
    }
    for v in per.values_mut() {
        v.erab_ids.sort();
        v.teids.sort();
        v.ips.sort();
    }
    (per, typed, checked)
}

fn tshark_values(cap: &Path) -> PerFrame {
    let fields = [
        "s1ap.e_RAB_ID",
        "s1ap.gTP_TEID",
        "s1ap.dL_gTP_TEID",
        "s1ap.dL_GTP_TEID",
        "s1ap.uL_GTP_TEID",
        "s1ap.transportLayerAddressIPv4",
        "s1ap.transportLayerAddressIPv6",
    ];
    // pycrate's NAS-PDUs are random octets: tshark's NAS dissector raises on them and stops
    // reading the S1AP message there, so it is off (keyhop does not read them as IEs either).
    let args = [
        "-Y",
        "s1ap",
        "--disable-protocol",
        "nas-eps",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=,",
    ];
    let mut per = PerFrame::new();
    for (frame, cols) in tshark_fields(cap, &args, &fields) {
        let cols: Vec<Vec<String>> = cols
            .iter()
            .map(|c| {
                c.split(',')
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        let mut v = Values {
            erab_ids: cols[0].clone(),
            ..Values::default()
        };
        for t in cols[1..5].iter().flatten() {
            v.teids.push(format!("0x{}", t.replace(':', "")));
        }
        v.ips = cols[5..7].concat();
        v.erab_ids.sort();
        v.teids.sort();
        v.ips.sort();
        per.insert(frame, v);
    }
    per
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-tshark-erab-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn erab_lists_and_son_transfer_agree_with_tshark() {
    let mut pdus = pycrate_pdus();
    for (m, _) in MESSAGES {
        let n = pdus.iter().filter(|(x, _)| x == m).count();
        assert!(n >= PER_MESSAGE, "{m}: {n} PDUs from pycrate");
    }
    // A message with an IE keyhop leaves raw at its top level (pycrate adds the optional
    // EN-DC SON configuration transfer, 294/295, to the configuration transfers) would show
    // tshark's values from inside it: those messages are left out, and counted.
    let before = pdus.len();
    let mut raw_ids = std::collections::BTreeSet::new();
    pdus.retain(|(_, b)| {
        let pdu = keyhop_codec::s1ap::decode(b).unwrap();
        // Ids of the release only: pycrate also draws unknown ones (1000 and up), raw in
        // tshark as well.
        let raw: Vec<u16> = pdu
            .ies()
            .unwrap()
            .items
            .iter()
            .filter(|ie| {
                !matches!(ie.value, keyhop_codec::ap::IeValue::Typed(_))
                    && keyhop_codec::s1ap::ie_name(ie.id).is_some()
            })
            .map(|ie| ie.id)
            .collect();
        raw_ids.extend(raw.iter().copied());
        raw.is_empty()
    });
    let left_out = before - pdus.len();
    eprintln!("left out: {left_out} of {before} PDUs, with raw IEs {raw_ids:?}");
    assert!(
        left_out < before / 6,
        "{left_out} of {before} PDUs left out"
    );
    let cap = temp("erab.pcapng");
    write_capture(&cap, &pdus);
    let (k, typed, checked) = keyhop_values(&cap);
    let t = tshark_values(&cap);
    assert_eq!(k.len(), pdus.len(), "keyhop read every PDU once");
    assert_eq!(
        k.keys().collect::<Vec<_>>(),
        t.keys().collect::<Vec<_>>(),
        "the frames of the S1AP messages"
    );
    for (frame, kv) in &k {
        assert_eq!(Some(kv), t.get(frame), "frame {frame}");
    }
    // Each message's IE was typed in keyhop wherever present; and the values compared are many.
    for (m, id) in MESSAGES {
        assert!(
            typed.get(*m).copied().unwrap_or(0) > PER_MESSAGE / 8,
            "{m}: IE {id} typed in {typed:?}"
        );
    }
    let sum = |f: fn(&Values) -> usize| k.values().map(f).sum::<usize>();
    let (ids, teids, ips) = (
        sum(|v| v.erab_ids.len()),
        sum(|v| v.teids.len()),
        sum(|v| v.ips.len()),
    );
    eprintln!(
        "{} PDUs ({left_out} with an untyped IE left out): {ids} E-RAB ids, {teids} TEIDs, \
         {ips} addresses agree; {checked} `_ip` values checked",
        pdus.len()
    );
    assert!(
        ids > 500 && teids > 200 && ips > 50 && checked > 50,
        "{ids} {teids} {ips} {checked}"
    );
    std::fs::remove_dir_all(cap.parent().unwrap()).ok();
}
