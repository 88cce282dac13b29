//! Filter fields: keyhop's names, JSON paths and the Wireshark names of the same meaning, and
//! the values a message gives them.

use super::Lit;
use crate::capture::{AppProto, Timestamp, Transport};
use crate::output::Message;
use serde_json::Value as Json;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::net::IpAddr;

/// One occurrence of a field in a message.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    /// An integer.
    Int(i128),
    /// A real number (times, JSON fractions).
    Float(f64),
    /// Text (names, hex octets, IMSI digits, addresses with ports).
    Str(Cow<'a, str>),
    /// A flag.
    Bool(bool),
    /// An IP address.
    Ip(IpAddr),
    /// A JSON object (a structured IE): present, and searchable with `contains`/`matches`.
    Json(&'a Json),
}

impl Value<'_> {
    /// The text `matches` and `contains` see.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Float(f) => Cow::Owned(f.to_string()),
            Value::Str(s) => Cow::Borrowed(s),
            Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Value::Ip(ip) => Cow::Owned(ip.to_string()),
            Value::Json(j) => Cow::Owned(j.to_string()),
        }
    }

    /// `==` against a literal, read as this value's type.
    pub fn equals(&self, lit: &Lit) -> bool {
        match self {
            Value::Int(i) => match (lit.int, lit.float) {
                (Some(l), _) => *i == l,
                (None, Some(f)) => (*i as f64) == f,
                _ => lit.quoted && lit.text == i.to_string(),
            },
            Value::Float(f) => lit.float.is_some_and(|l| *f == l),
            Value::Bool(b) => match lit.text.to_ascii_lowercase().as_str() {
                "true" | "1" => *b,
                "false" | "0" => !*b,
                _ => false,
            },
            Value::Ip(ip) => match lit.net {
                Some((net, prefix)) => in_net(*ip, net, prefix),
                None => lit.text == ip.to_string(),
            },
            Value::Str(s) => {
                if **s == lit.text {
                    return true;
                }
                if lit.quoted {
                    return false;
                }
                if let Some(b) = &lit.bytes {
                    if s.len() == b.len() && s.eq_ignore_ascii_case(b) {
                        return true;
                    }
                }
                if let (Some((net, prefix)), Ok(ip)) = (lit.net, s.parse::<IpAddr>()) {
                    return in_net(ip, net, prefix);
                }
                false
            }
            Value::Json(_) => false,
        }
    }

    /// The order of this value against a literal, where they compare.
    pub fn order(&self, lit: &Lit) -> Option<Ordering> {
        match self {
            Value::Int(i) => match (lit.int, lit.float) {
                (Some(l), _) => Some(i.cmp(&l)),
                (None, Some(f)) => (*i as f64).partial_cmp(&f),
                _ => None,
            },
            Value::Float(f) => lit.float.and_then(|l| f.partial_cmp(&l)),
            Value::Ip(ip) => match lit.net {
                Some((l, _)) if l.is_ipv4() == ip.is_ipv4() => Some(ip.cmp(&l)),
                _ => None,
            },
            Value::Str(s) => {
                // Decimal text (an IMSI) against a number compares as numbers.
                if let (Some(l), true) = (lit.int, !lit.quoted) {
                    if !s.is_empty() && s.len() <= 38 && s.bytes().all(|b| b.is_ascii_digit()) {
                        return s.parse::<i128>().ok().map(|v| v.cmp(&l));
                    }
                }
                Some(s.as_ref().cmp(lit.text.as_str()))
            }
            Value::Bool(_) | Value::Json(_) => None,
        }
    }

    /// `contains`: text, or octets for hex text (at an octet boundary).
    pub fn contains(&self, lit: &Lit) -> bool {
        match self {
            Value::Str(s) => {
                if s.contains(lit.text.as_str()) {
                    return true;
                }
                match &lit.bytes {
                    Some(b) if !lit.quoted && s.bytes().all(|c| c.is_ascii_hexdigit()) => {
                        let s = s.to_ascii_lowercase();
                        (0..s.len().saturating_sub(b.len()) + 1)
                            .step_by(2)
                            .any(|i| s[i..].starts_with(b.as_str()))
                    }
                    _ => false,
                }
            }
            other => other.text().contains(lit.text.as_str()),
        }
    }
}

fn in_net(ip: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - prefix)
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - prefix)
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Which end of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The sender.
    Src,
    /// The receiver.
    Dst,
    /// Either.
    Any,
}

/// How a JSON key is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Path {
    /// Keys from the record's top level, arrays crossed; when the first key is not at the top
    /// level, the path is looked for at any depth.
    Keys(Vec<String>),
    /// Keys from the top level only (Wireshark's header fields, e.g. `gtpv2.teid`).
    Top(Vec<String>),
    /// Any key, at any depth, equal to one of these or ending with `_` + one of them (a
    /// Wireshark field named by its ASN.1 type, such as `s1ap.MME_UE_S1AP_ID`, which covers
    /// `source_mme_ue_s1ap_id` too).
    KeySuffix(&'static [&'static str]),
}

/// A resolved field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// `frame`, `frame.number`: the frame number within its file.
    Frame,
    /// `time`: the capture time as RFC 3339 text (compares as text: `time >= "2026-11-18T11:06"`).
    Time,
    /// `frame.time_epoch`: seconds since 1970.
    TimeEpoch,
    /// `frame.time_relative`: seconds since the first frame.
    TimeRelative,
    /// `frame.time_delta`: seconds since the previous frame.
    TimeDelta,
    /// `file`: the capture file's name.
    File,
    /// `protocol`: `s1ap`, `x2ap`, `gtpv1`, `gtpv2`.
    Protocol,
    /// `message`: the message name.
    Message,
    /// `src`/`dst`/`addr`: address with port, and the address alone.
    Endpoint(End),
    /// `ip.src`... (`v6`: `Some(false)` IPv4 only, `Some(true)` IPv6 only).
    Ip(End, Option<bool>),
    /// `sctp.srcport`, `udp.port`...; `None` for either transport (`port`).
    Port(End, Option<bool>),
    /// `sctp.data_payload_proto_id`.
    Ppid,
    /// `sctp.verification_tag`.
    Vtag,
    /// `sctp.data_sid`.
    Stream,
    /// `sctp.data_tsn`.
    Tsn,
    /// `src_node`/`dst_node`/`node`: the node's name where keyhop knows it.
    Node(End),
    /// `ue`: any id of the message's UE chain ([`View::chain`], when the caller traced the
    /// UEs), and any UE id the message carries (S1AP/X2AP UE ids, TEIDs, IMSI).
    Ue,
    /// A protocol's presence: `s1ap`, `x2ap`, `gtpv2`, `gtp`/`gtpv1`, `sctp`, `udp`, `ip`, `ipv6`.
    Proto(ProtoTest),
    /// A JSON path, optionally of one protocol only.
    Json(Option<AppProto>, Path),
}

/// Protocol presence tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtoTest {
    /// An application protocol.
    App(AppProto),
    /// Carried over SCTP.
    Sctp,
    /// Carried over UDP.
    Udp,
    /// Over IPv4.
    Ipv4,
    /// Over IPv6.
    Ipv6,
}

fn app_prefix(p: &str) -> Option<AppProto> {
    match p {
        "s1ap" => Some(AppProto::S1ap),
        "x2ap" => Some(AppProto::X2ap),
        "gtpv2" => Some(AppProto::Gtpv2c),
        "gtp" | "gtpv1" => Some(AppProto::Gtpv1c),
        _ => None,
    }
}

fn keys(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

impl Field {
    /// The field a name stands for; an error for a name that cannot be a field.
    pub fn resolve(name: &str) -> Result<Field, String> {
        use Field::*;
        let f = match name {
            "frame" | "frame.number" => Frame,
            "time" => Time,
            "frame.time_epoch" => TimeEpoch,
            "frame.time_relative" => TimeRelative,
            "frame.time_delta" => TimeDelta,
            "file" => File,
            "protocol" => Protocol,
            "message" => Message,
            "src" => Endpoint(End::Src),
            "dst" => Endpoint(End::Dst),
            "addr" => Endpoint(End::Any),
            "ip.src" => Ip(End::Src, Some(false)),
            "ip.dst" => Ip(End::Dst, Some(false)),
            "ip.addr" => Ip(End::Any, Some(false)),
            "ipv6.src" => Ip(End::Src, Some(true)),
            "ipv6.dst" => Ip(End::Dst, Some(true)),
            "ipv6.addr" => Ip(End::Any, Some(true)),
            "sctp.srcport" => Port(End::Src, Some(true)),
            "sctp.dstport" => Port(End::Dst, Some(true)),
            "sctp.port" => Port(End::Any, Some(true)),
            "udp.srcport" => Port(End::Src, Some(false)),
            "udp.dstport" => Port(End::Dst, Some(false)),
            "udp.port" => Port(End::Any, Some(false)),
            "port" => Port(End::Any, None),
            "sctp.data_payload_proto_id" => Ppid,
            "sctp.verification_tag" => Vtag,
            "sctp.data_sid" => Stream,
            "sctp.data_tsn" => Tsn,
            "src_node" | "src_name" => Node(End::Src),
            "dst_node" | "dst_name" => Node(End::Dst),
            "node" => Node(End::Any),
            "ue" => Ue,
            "sctp" => Proto(ProtoTest::Sctp),
            "udp" => Proto(ProtoTest::Udp),
            "ip" => Proto(ProtoTest::Ipv4),
            "ipv6" => Proto(ProtoTest::Ipv6),
            // Wireshark's names whose meaning keyhop's JSON has.
            "s1ap.MME_UE_S1AP_ID" => {
                Json(Some(AppProto::S1ap), Path::KeySuffix(&["mme_ue_s1ap_id"]))
            }
            "s1ap.ENB_UE_S1AP_ID" => {
                Json(Some(AppProto::S1ap), Path::KeySuffix(&["enb_ue_s1ap_id"]))
            }
            "x2ap.UE_X2AP_ID" => Json(Some(AppProto::X2ap), Path::KeySuffix(&["ue_x2ap_id"])),
            "s1ap.procedureCode" => {
                Json(Some(AppProto::S1ap), Path::Top(keys(&["procedure_code"])))
            }
            "x2ap.procedureCode" => {
                Json(Some(AppProto::X2ap), Path::Top(keys(&["procedure_code"])))
            }
            "s1ap.nextHopChainingCount" => Json(
                Some(AppProto::S1ap),
                Path::KeySuffix(&["next_hop_chaining_count"]),
            ),
            "x2ap.nextHopChainingCount" => Json(
                Some(AppProto::X2ap),
                Path::KeySuffix(&["next_hop_chaining_count"]),
            ),
            "s1ap.gTP_TEID" => Json(Some(AppProto::S1ap), Path::KeySuffix(&["gtp_teid"])),
            "x2ap.gTP_TEID" => Json(Some(AppProto::X2ap), Path::KeySuffix(&["gtp_teid"])),
            "gtpv2.message_type" => {
                Json(Some(AppProto::Gtpv2c), Path::Top(keys(&["message_type"])))
            }
            "gtpv2.teid" => Json(Some(AppProto::Gtpv2c), Path::Top(keys(&["teid"]))),
            "gtpv2.seq" => Json(Some(AppProto::Gtpv2c), Path::Top(keys(&["sequence"]))),
            "gtpv2.f_teid_gre_key" => Json(
                Some(AppProto::Gtpv2c),
                Path::Keys(keys(&["f_teid", "teid"])),
            ),
            "gtp.message_type" | "gtp.message" => {
                Json(Some(AppProto::Gtpv1c), Path::Top(keys(&["message_type"])))
            }
            "gtp.teid" => Json(Some(AppProto::Gtpv1c), Path::Top(keys(&["teid"]))),
            "gtp.seq_number" => Json(
                Some(AppProto::Gtpv1c),
                Path::Top(keys(&["sequence_number"])),
            ),
            "e212.imsi" => Json(None, Path::KeySuffix(&["imsi"])),
            _ => return Self::path(name),
        };
        Ok(f)
    }

    /// A JSON path: `[protocol.]key.key...`.
    fn path(name: &str) -> Result<Field, String> {
        let parts: Vec<&str> = name.split('.').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err("empty component in a field path".into());
        }
        if !parts[0].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return Err(
                "a field name starts with a letter (put values on the right of an operator)".into(),
            );
        }
        if let Some(app) = app_prefix(parts[0]) {
            if parts.len() == 1 {
                return Ok(Field::Proto(ProtoTest::App(app)));
            }
            return Ok(Field::Json(Some(app), Path::Keys(keys(&parts[1..]))));
        }
        if parts[0].contains(|c: char| c.is_ascii_uppercase())
            || parts.len() > 1 && !name.is_ascii()
        {
            return Err(
                "unknown field (keyhop's JSON keys are lower case; see docs/cli.md)".into(),
            );
        }
        Ok(Field::Json(None, Path::Keys(keys(&parts))))
    }

    /// Whether the field's values come from the message's JSON.
    pub fn needs_json(&self) -> bool {
        matches!(self, Field::Json(..) | Field::Ue)
    }

    /// Whether the field is a protocol's presence (never "unseen").
    pub fn is_protocol(&self) -> bool {
        matches!(self, Field::Proto(_))
    }

    /// Calls `f` with each occurrence of the field in the message until it returns true;
    /// returns whether it did.
    pub fn each<'v>(&self, v: &'v View<'_, '_>, f: &mut dyn FnMut(Value<'v>) -> bool) -> bool {
        let m = v.msg;
        let secs = |t: Timestamp| t.as_nanos() as f64 / 1e9;
        let ends = |e: End| -> &'static [bool] {
            match e {
                End::Src => &[true],
                End::Dst => &[false],
                End::Any => &[true, false],
            }
        };
        let addr = |src: bool| if src { m.src } else { m.dst };
        match self {
            Field::Frame => f(Value::Int(m.frame.into())),
            Field::Time => f(Value::Str(Cow::Owned(m.time.rfc3339_micros()))),
            Field::TimeEpoch => f(Value::Float(secs(m.time))),
            Field::TimeRelative => f(Value::Float(secs(m.time) - secs(v.first_time))),
            Field::TimeDelta => f(Value::Float(secs(m.time) - secs(v.prev_time))),
            Field::File => v.file.is_some_and(|n| f(Value::Str(Cow::Borrowed(n)))),
            Field::Protocol => f(Value::Str(Cow::Borrowed(m.app.name()))),
            Field::Message => match &m.result {
                Ok(d) => f(Value::Str(d.message_name())),
                Err(_) => false,
            },
            Field::Endpoint(e) => ends(*e).iter().any(|&s| {
                let a = addr(s);
                f(Value::Str(Cow::Owned(a.to_string()))) || f(Value::Ip(a.ip()))
            }),
            Field::Ip(e, v6) => ends(*e).iter().any(|&s| {
                let ip = addr(s).ip();
                v6.is_none_or(|v6| v6 == ip.is_ipv6()) && f(Value::Ip(ip))
            }),
            Field::Port(e, sctp) => {
                let is_sctp = matches!(v.transport, Transport::Sctp(_));
                sctp.is_none_or(|want| want == is_sctp)
                    && ends(*e)
                        .iter()
                        .any(|&s| f(Value::Int(addr(s).port().into())))
            }
            Field::Ppid | Field::Vtag | Field::Stream | Field::Tsn => match v.transport {
                Transport::Sctp(i) => f(Value::Int(match self {
                    Field::Ppid => i.ppid.into(),
                    Field::Vtag => i.vtag.into(),
                    Field::Stream => i.stream.into(),
                    _ => i.tsn.into(),
                })),
                Transport::Udp => false,
            },
            Field::Node(e) => ends(*e).iter().any(|&s| {
                let n = if s { &m.src_node } else { &m.dst_node };
                n.as_deref()
                    .is_some_and(|n| f(Value::Str(Cow::Borrowed(n))))
            }),
            Field::Proto(p) => {
                let ok = match p {
                    ProtoTest::App(a) => m.app == *a,
                    ProtoTest::Sctp => matches!(v.transport, Transport::Sctp(_)),
                    ProtoTest::Udp => matches!(v.transport, Transport::Udp),
                    ProtoTest::Ipv4 => m.src.is_ipv4(),
                    ProtoTest::Ipv6 => m.src.is_ipv6(),
                };
                ok && f(Value::Json(v.json()))
            }
            Field::Ue => {
                // The ids of the message's UE chain (as the analysis chained it), then those the
                // message itself carries (a message of no known UE still has its own).
                if let Some(c) = &v.chain {
                    if c.ids.iter().any(|&i| f(Value::Int(i.into())))
                        || c.imsi.is_some_and(|i| f(Value::Str(Cow::Borrowed(i))))
                    {
                        return true;
                    }
                }
                ue_ids(v.json(), f)
            }
            Field::Json(app, path) => {
                if app.is_some_and(|a| a != m.app) {
                    return false;
                }
                let root = v.json();
                match path {
                    Path::Top(k) => walk(root, k, f),
                    Path::Keys(k) => {
                        let mut occurred = false;
                        let hit = walk(root, k, &mut |x| {
                            occurred = true;
                            f(x)
                        });
                        hit || (!occurred && below(root, k, f))
                    }
                    Path::KeySuffix(names) => suffix(root, names, f),
                }
            }
        }
    }

    /// Whether the field occurs, without computing the JSON for a protocol's presence.
    pub fn present(&self, v: &View<'_, '_>) -> bool {
        match self {
            Field::Proto(p) => match p {
                ProtoTest::App(a) => v.msg.app == *a,
                ProtoTest::Sctp => matches!(v.transport, Transport::Sctp(_)),
                ProtoTest::Udp => matches!(v.transport, Transport::Udp),
                ProtoTest::Ipv4 => v.msg.src.is_ipv4(),
                ProtoTest::Ipv6 => v.msg.src.is_ipv6(),
            },
            _ => self.each(v, &mut |_| true),
        }
    }
}

/// A JSON leaf (or each element of an array) as field values.
fn leaf<'v>(j: &'v Json, f: &mut dyn FnMut(Value<'v>) -> bool) -> bool {
    match j {
        Json::Null => false,
        Json::Bool(b) => f(Value::Bool(*b)),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => f(Value::Int(i.into())),
            (None, Some(u), _) => f(Value::Int(u.into())),
            (_, _, Some(x)) => f(Value::Float(x)),
            _ => false,
        },
        Json::String(s) => f(Value::Str(Cow::Borrowed(s))),
        Json::Array(a) => a.iter().any(|e| leaf(e, f)),
        Json::Object(_) => f(Value::Json(j)),
    }
}

/// The values at `path` below `j`, arrays crossed at every step.
fn walk<'v>(j: &'v Json, path: &[String], f: &mut dyn FnMut(Value<'v>) -> bool) -> bool {
    match j {
        Json::Array(a) => a.iter().any(|e| walk(e, path, f)),
        _ if path.is_empty() => leaf(j, f),
        Json::Object(m) => m.get(&path[0]).is_some_and(|c| walk(c, &path[1..], f)),
        _ => false,
    }
}

/// The values at `path` starting from any object strictly below `j`.
fn below<'v>(j: &'v Json, path: &[String], f: &mut dyn FnMut(Value<'v>) -> bool) -> bool {
    match j {
        Json::Object(m) => m.values().any(|c| {
            let here = matches!(c, Json::Object(_)) && walk(c, path, f);
            here || below(c, path, f)
        }),
        Json::Array(a) => a.iter().any(|e| {
            let here = matches!(e, Json::Object(_)) && walk(e, path, f);
            here || below(e, path, f)
        }),
        _ => false,
    }
}

fn key_matches(k: &str, names: &[&str]) -> bool {
    names.iter().any(|n| {
        k == *n
            || k.len() > n.len() + 1
                && k.ends_with(n)
                && k.as_bytes()[k.len() - n.len() - 1] == b'_'
    })
}

/// Every value, at any depth, under a key named `names` (or ending with `_` + a name).
fn suffix<'v>(j: &'v Json, names: &[&str], f: &mut dyn FnMut(Value<'v>) -> bool) -> bool {
    match j {
        Json::Object(m) => m
            .iter()
            .any(|(k, c)| (key_matches(k, names) && leaf(c, f)) || suffix(c, names, f)),
        Json::Array(a) => a.iter().any(|e| suffix(e, names, f)),
        _ => false,
    }
}

/// The UE ids in a record: S1AP/X2AP UE ids, TEIDs (hex text read as numbers, zero skipped:
/// it means "not yet assigned") and IMSIs.
fn ue_ids<'v>(j: &'v Json, f: &mut dyn FnMut(Value<'v>) -> bool) -> bool {
    match j {
        Json::Object(m) => m.iter().any(|(k, c)| {
            let hit = if key_matches(
                k,
                &["imsi", "mme_ue_s1ap_id", "enb_ue_s1ap_id", "ue_x2ap_id"],
            ) {
                leaf(c, f)
            } else if key_matches(k, &["teid", "gtp_teid"]) || k.starts_with("teid_") {
                teids(c, f)
            } else {
                false
            };
            hit || ue_ids(c, f)
        }),
        Json::Array(a) => a.iter().any(|e| ue_ids(e, f)),
        _ => false,
    }
}

fn teids<'v>(j: &'v Json, f: &mut dyn FnMut(Value<'v>) -> bool) -> bool {
    match j {
        Json::Number(n) => n
            .as_u64()
            .is_some_and(|t| t != 0 && f(Value::Int(t.into()))),
        Json::String(s) => u32::from_str_radix(s.trim_start_matches("0x"), 16)
            .is_ok_and(|t| t != 0 && f(Value::Int(t.into()))),
        Json::Array(a) => a.iter().any(|e| teids(e, f)),
        _ => false,
    }
}

/// A message as the filter sees it: the message, how it was carried, the times it is measured
/// from, and its JSON computed on first need.
pub struct View<'m, 'a> {
    /// The message.
    pub msg: &'m Message<'a>,
    /// SCTP or UDP, with the SCTP details.
    pub transport: Transport,
    /// Time of the run's first frame (`frame.time_relative`).
    pub first_time: Timestamp,
    /// Time of the previous frame (`frame.time_delta`).
    pub prev_time: Timestamp,
    /// The capture file's name, when several are read.
    pub file: Option<&'m str>,
    /// The ids of the UE chain the message belongs to, when the caller traced the UEs (a
    /// filter that [`uses_ue`](super::Filter::uses_ue)).
    pub chain: Option<Chain<'m>>,
    json: OnceCell<Json>,
}

/// A UE chain as the filter's `ue` field sees it: every id its messages carried (S1AP and X2AP
/// UE ids, GTP-C TEIDs) and its IMSI.
#[derive(Debug, Clone, Copy)]
pub struct Chain<'m> {
    /// The numeric ids.
    pub ids: &'m [u64],
    /// The IMSI, once known.
    pub imsi: Option<&'m str>,
}

impl<'m, 'a> View<'m, 'a> {
    /// A view of `msg`; the JSON is computed when a field first needs it.
    pub fn new(msg: &'m Message<'a>, transport: Transport) -> Self {
        View {
            msg,
            transport,
            first_time: msg.time,
            prev_time: msg.time,
            file: None,
            chain: None,
            json: OnceCell::new(),
        }
    }

    /// The message's JSON record (as `--format json` prints it, without `response_in`).
    pub fn json(&self) -> &Json {
        self.json
            .get_or_init(|| serde_json::to_value(self.msg).unwrap_or(Json::Null))
    }

    /// Whether the JSON was computed (for the tests of lazy evaluation).
    pub fn json_computed(&self) -> bool {
        self.json.get().is_some()
    }
}
