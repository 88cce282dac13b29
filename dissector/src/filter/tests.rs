use super::*;
use crate::capture::CaptureReader;
use crate::output::Message;

fn sample(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../samples")
        .join(name)
}

/// (frame, message name, selected) for every message of a sample, and how many views
/// computed their JSON.
fn run(capture: &str, filter: &str) -> (Vec<(u64, String)>, usize, usize) {
    let f = Filter::parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
    let mut r = CaptureReader::open(sample(capture)).unwrap();
    let mut hits = Vec::new();
    let (mut total, mut json) = (0, 0);
    let mut first = None;
    while let Some(fr) = r.next_frame() {
        let fr = fr.unwrap();
        let first = *first.get_or_insert(fr.timestamp);
        for p in fr.payloads() {
            let m = Message::from_payload(fr.number, fr.timestamp, &p);
            let mut v = View::new(&m, p.transport);
            v.first_time = first;
            total += 1;
            if f.matches(&v) {
                let name = m
                    .result
                    .as_ref()
                    .map(|d| d.message_name().into_owned())
                    .unwrap_or_default();
                hits.push((fr.number, name));
            }
            json += usize::from(v.json_computed());
        }
    }
    (hits, total, json)
}

fn frames(capture: &str, filter: &str) -> Vec<u64> {
    run(capture, filter).0.into_iter().map(|(f, _)| f).collect()
}

#[test]
fn precedence_and_grouping() {
    // `and` binds tighter than `or`; `not` tighter than both.
    let a = frames(
        "s1-handover.pcapng",
        "frame == 5 || frame == 6 && frame == 7",
    );
    assert_eq!(a, [5]);
    let b = frames(
        "s1-handover.pcapng",
        "(frame == 5 || frame == 6) && frame == 6",
    );
    assert_eq!(b, [6]);
    let c = frames("s1-handover.pcapng", "!frame > 6 and not frame < 6");
    assert_eq!(c, [6]);
    let d = frames("s1-handover.pcapng", "frame == 5 xor frame <= 6");
    assert_eq!(d, [6]);
    let e = frames("s1-handover.pcapng", "frame in {5, 11..12 17}");
    assert_eq!(e, [5, 11, 12, 17]);
    let f = frames("s1-handover.pcapng", "frame <= 12 and frame not in {6 11}");
    assert_eq!(f, [5, 12]);
}

#[test]
fn message_names_and_strings() {
    let (hits, total, json) = run(
        "s1-handover.pcapng",
        r#"message == "HandoverRequest" or message == HandoverCommand"#,
    );
    assert!(total > 40);
    let names: Vec<&str> = hits.iter().map(|(_, n)| n.as_str()).collect();
    assert!(names.contains(&"HandoverRequest") && names.contains(&"HandoverCommand"));
    assert!(names
        .iter()
        .all(|n| *n == "HandoverRequest" || *n == "HandoverCommand"));
    // Lazy: names and frame numbers never build the JSON.
    assert_eq!(json, 0);
    // contains is case-sensitive, matches is not (Wireshark's rules).
    let c = frames("s1-handover.pcapng", r#"message contains "handover""#);
    assert!(c.is_empty());
    let m = run(
        "s1-handover.pcapng",
        r#"message matches "^handover(request|command)$""#,
    )
    .0;
    assert_eq!(m, hits);
    let cs = frames(
        "s1-handover.pcapng",
        r#"message matches "(?-i)^handoverrequest$""#,
    );
    assert!(cs.is_empty());
}

#[test]
fn json_paths_and_wireshark_names() {
    // The NCC of the sample's HandoverRequest is 1 (docs/json.md record shown in read).
    let path = frames(
        "s1-handover.pcapng",
        "s1ap.security_context.next_hop_chaining_count >= 1",
    );
    assert!(!path.is_empty());
    let ws = frames("s1-handover.pcapng", "s1ap.nextHopChainingCount >= 1");
    assert_eq!(path, ws);
    // The short form finds the key at any depth.
    let short = frames("s1-handover.pcapng", "s1ap.next_hop_chaining_count >= 1");
    assert_eq!(path, short);
    // A path of the wrong protocol matches nothing.
    assert!(frames("s1-handover.pcapng", "x2ap.security_context").is_empty());
    // MME-UE-S1AP-ID by its keyhop and Wireshark names.
    let a = frames("s1-handover.pcapng", "s1ap.mme_ue_s1ap_id == 256");
    let b = frames("s1-handover.pcapng", "s1ap.MME_UE_S1AP_ID == 256");
    assert!(!a.is_empty());
    // Wireshark's name covers the MME-UE-S1AP-ID type wherever it occurs.
    assert!(a.iter().all(|f| b.contains(f)));
    // != is "no occurrence equal": the complement of == among the messages having the field.
    let ne = frames("s1-handover.pcapng", "s1ap.MME_UE_S1AP_ID != 256");
    let has = frames("s1-handover.pcapng", "s1ap.MME_UE_S1AP_ID");
    assert_eq!(ne.len() + b.len(), has.len());
    // Octet strings: hex text, or Wireshark's colon bytes.
    let teid = frames("s1-handover.pcapng", "s1ap.gTP_TEID == 50:00:10:05");
    let teid2 = frames(
        "s1-handover.pcapng",
        "e_rab_to_be_setup_list_ho_req.e_rab_to_be_setup_item_ho_req.gtp_teid == \"50001005\"",
    );
    assert!(!teid.is_empty());
    assert!(teid2.iter().all(|f| teid.contains(f)));
    // An object contains text of its values.
    let cause = frames(
        "s1-handover.pcapng",
        r#"s1ap.cause contains "handover_desirable""#,
    );
    assert!(!cause.is_empty());
}

#[test]
fn ue_finds_every_id_kind() {
    let imsi = run("s10-inter-mme-handover.pcapng", "ue == 001010000000101").0;
    assert!(
        imsi.iter().any(|(_, n)| n == "ForwardRelocationRequest"),
        "{imsi:?}"
    );
    // TEIDs: GTPv2's numbers and S1AP's hex octets are one id space.
    let teid = frames("s1-handover.pcapng", "ue == 0x50001005");
    assert!(!teid.is_empty());
    let s1 = frames("s1-handover.pcapng", "ue == 256");
    let s1b = frames(
        "s1-handover.pcapng",
        "s1ap.MME_UE_S1AP_ID == 256 || s1ap.ENB_UE_S1AP_ID == 256 || s1ap.gTP_TEID == 00:00:01:00",
    );
    assert_eq!(s1, s1b);
    let x2 = frames("x2-handover.pcapng", "ue == 16202");
    assert!(!x2.is_empty());
}

#[test]
fn addresses_ports_and_transport() {
    let v4 = frames("s1-handover.pcapng", "ip.src == 10.10.1.0/24");
    let v4b = frames("s1-handover.pcapng", "src == 10.10.1.1 || src == 10.10.1.2");
    assert_eq!(v4, v4b);
    let v6 = frames("s1-handover.pcapng", "ipv6.addr == fd00:10::3");
    assert!(!v6.is_empty());
    assert!(frames("s1-handover.pcapng", "ip.addr == fd00:10::3").is_empty());
    let port = frames("s1-handover.pcapng", "sctp.srcport == 37412");
    assert_eq!(
        port,
        frames("s1-handover.pcapng", "src == \"10.10.1.2:37412\"")
    );
    assert!(frames("s1-handover.pcapng", "udp").is_empty());
    assert_eq!(
        frames("s1-handover.pcapng", "sctp"),
        frames("s1-handover.pcapng", "s1ap")
    );
    assert_eq!(
        frames("s1-handover.pcapng", "sctp.data_payload_proto_id == 18"),
        frames("s1-handover.pcapng", "s1ap")
    );
    let g = frames(
        "s10-inter-mme-handover.pcapng",
        "gtpv2.message_type in {133 134}",
    );
    let names = frames(
        "s10-inter-mme-handover.pcapng",
        r#"message in {"ForwardRelocationRequest" "ForwardRelocationResponse"}"#,
    );
    assert!(g.len() >= 2);
    assert_eq!(g, names);
    let t = frames(
        "s10-inter-mme-handover.pcapng",
        "frame.time_relative < 0.004",
    );
    assert!(!t.is_empty());
    let ts = frames("s1-handover.pcapng", r#"time >= "2026-11-18T11:06:40.07""#);
    assert!(ts.iter().all(|&f| f >= 50) && ts.contains(&50));
}

#[test]
fn quantifiers_and_occurrences() {
    // A HandoverRequest's F-TEIDs: several occurrences of one field.
    let any = frames(
        "s10-inter-mme-handover.pcapng",
        "gtpv2.f_teid_gre_key == 167772160",
    );
    assert!(!any.is_empty());
    let all = frames(
        "s10-inter-mme-handover.pcapng",
        "gtpv2.f_teid_gre_key === 167772160",
    );
    assert!(all.iter().all(|f| any.contains(f)) && all.len() < any.len());
    let some_other = frames(
        "s10-inter-mme-handover.pcapng",
        "gtpv2.f_teid_gre_key !== 167772160",
    );
    assert!(any.iter().any(|f| some_other.contains(f)));
    let all_gt = frames(
        "s10-inter-mme-handover.pcapng",
        "all gtpv2.f_teid_gre_key > 0",
    );
    let has = frames("s10-inter-mme-handover.pcapng", "gtpv2.f_teid_gre_key");
    assert_eq!(all_gt, has);
}

#[test]
fn parse_errors_name_the_place() {
    for (text, at, what) in [
        ("", 0, "empty"),
        ("frame ==", 8, "expected a value"),
        ("frame == 1 &&", 13, "expected a field"),
        ("(frame == 1", 11, "expected `)`"),
        ("frame == 1 frame", 11, "unexpected `frame`"),
        ("message matches \"(\"", 16, "bad regular expression"),
        ("message matches foo", 16, "double-quoted"),
        ("frame in {}", 11, "empty set"),
        ("frame == \"x", 9, "unterminated"),
        ("frame $ 1", 6, "unexpected character"),
        ("s1ap.x. == 1", 0, "empty component"),
        ("Foo.bar == 1", 0, "unknown field"),
        ("1 == frame", 0, "starts with a letter"),
    ] {
        let e = Filter::parse(text).expect_err(text);
        assert_eq!(e.at, at, "{text}: {e}");
        assert!(e.what.contains(what), "{text}: {e}");
    }
    let deep = format!("{}frame{}", "(".repeat(100), ")".repeat(100));
    assert!(Filter::parse(&deep).unwrap_err().what.contains("nested"));
    let nots = format!("{}frame", "!".repeat(10_000));
    assert!(Filter::parse(&nots).is_err());
}

#[test]
fn unseen_fields_are_reported() {
    let f = Filter::parse("s1ap.no_such_key == 1 || frame == 5 || s1ap").unwrap();
    let mut r = CaptureReader::open(sample("s1-handover.pcapng")).unwrap();
    while let Some(fr) = r.next_frame() {
        let fr = fr.unwrap();
        for p in fr.payloads() {
            let m = Message::from_payload(fr.number, fr.timestamp, &p);
            f.matches(&View::new(&m, p.transport));
        }
    }
    assert_eq!(f.never_seen(), ["s1ap.no_such_key"]);
}

#[test]
fn literals() {
    let l = Lit::bare("0x1F".into());
    assert_eq!(l.int, Some(31));
    let l = Lit::bare("0a:14:00:01".into());
    assert_eq!(l.bytes.as_deref(), Some("0a140001"));
    let l = Lit::bare("10.0.0.0/8".into());
    assert!(l.net.is_some());
    let l = Lit::bare("-3".into());
    assert_eq!(l.int, Some(-3));
    let v = field::Value::Ip("10.1.2.3".parse().unwrap());
    assert!(v.equals(&Lit::bare("10.0.0.0/8".into())));
    assert!(!v.equals(&Lit::bare("11.0.0.0/8".into())));
    let s = field::Value::Str("001010000000101".into());
    assert!(s.equals(&Lit::bare("001010000000101".into())));
    assert_eq!(
        s.order(&Lit::bare("1010000000100".into())),
        Some(std::cmp::Ordering::Greater)
    );
    let hex = field::Value::Str("0a140001".into());
    assert!(hex.contains(&Lit::bare("14:00".into())));
    assert!(!hex.contains(&Lit::bare("a1:40".into())));
}

/// Token soup: parsing never panics, and whatever parses evaluates without panicking.
#[test]
fn hostile_expressions_never_panic() {
    let toks = [
        "frame",
        "==",
        "!=",
        "===",
        "!==",
        "<",
        ">=",
        "&&",
        "||",
        "^^",
        "!",
        "not",
        "and",
        "(",
        ")",
        "{",
        "}",
        ",",
        "..",
        "in",
        "contains",
        "matches",
        "\"a\\\"b\"",
        "\"(\"",
        "0x",
        "-",
        "1",
        "-5",
        "0xffffffffffffffffffffffffffffffffff",
        "10.0.0.0/33",
        "fd00::1/129",
        "ue",
        "s1ap",
        "s1ap.cause",
        "s1ap.",
        ".x",
        "any",
        "all",
        "é",
        "\"",
        "0a:1",
        "~",
        "~=",
        "1..2",
        "ip.src",
        "time",
        "frame.time_relative",
        "99999999999999999999999999999999999999999",
    ];
    let mut r = CaptureReader::open(sample("s1-handover.pcapng")).unwrap();
    let mut msgs = Vec::new();
    while let Some(fr) = r.next_frame() {
        let fr = fr.unwrap();
        for p in fr.payloads() {
            msgs.push((
                fr.number,
                fr.timestamp,
                p.src,
                p.dst,
                p.app,
                p.transport,
                p.data.to_vec(),
            ));
        }
        if msgs.len() > 30 {
            break;
        }
    }
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut parsed = 0;
    for _ in 0..20_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 9) as usize + 1;
        let mut text = String::new();
        let mut s = seed;
        for _ in 0..n {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(toks[(s >> 33) as usize % toks.len()]);
            if s & 1 == 0 {
                text.push(' ');
            }
        }
        let Ok(f) = Filter::parse(&text) else {
            continue;
        };
        parsed += 1;
        for (num, ts, src, dst, app, transport, data) in &msgs {
            let p = crate::capture::Payload {
                src: *src,
                dst: *dst,
                app: *app,
                transport: *transport,
                data,
            };
            let m = Message::from_payload(*num, *ts, &p);
            f.matches(&View::new(&m, *transport));
        }
    }
    assert!(parsed > 500, "{parsed}");
}

#[test]
fn ue_reads_the_chain_the_caller_gives() {
    assert!(Filter::parse("ue == 1 && frame > 2").unwrap().uses_ue());
    assert!(!Filter::parse("s1ap.MME_UE_S1AP_ID == 1").unwrap().uses_ue());
    // An S1 Setup carries no UE id: only the chain given to the view can match.
    let mut r = CaptureReader::open(sample("s1-handover.pcapng")).unwrap();
    let fr = loop {
        let fr = r.next_frame().unwrap().unwrap();
        if fr.payloads().len() > 0 {
            break fr;
        }
    };
    let p = fr.payloads().next().unwrap();
    let m = Message::from_payload(fr.number, fr.timestamp, &p);
    let f = Filter::parse("ue == 256").unwrap();
    let by_imsi = Filter::parse("ue == \"001010000000001\"").unwrap();
    let mut v = View::new(&m, p.transport);
    assert!(!f.matches(&v) && !by_imsi.matches(&v));
    let ids = [17701u64, 256];
    v.chain = Some(Chain {
        ids: &ids,
        imsi: Some("001010000000001"),
    });
    assert!(f.matches(&v) && by_imsi.matches(&v));
    assert!(!Filter::parse("ue == 257").unwrap().matches(&v));
}
