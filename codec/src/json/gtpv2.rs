//! GTPv2-C JSON (docs/json.md, "GTPv2-C") back to a [`Gtpv2Message`]: the inverse of its
//! `Serialize` impls in `gtpv2::{mod, ie, values}`.

use super::{
    boolean, bounded, f_octets, f_u16, f_u32, f_u8, join, need, obj, octets, string, u16_at,
    u32_at, u8_at, JsonError,
};
use crate::gtpv2::ie::{Ie, IeValue};
use crate::gtpv2::types::{ie_name, IeType, MessageType};
use crate::gtpv2::values::*;
use crate::gtpv2::Gtpv2Message;
use crate::redact::Octets;
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Keys of a message object that are not IEs: the header, and what the dissector's envelope
/// (`keyhop read` records) adds around it.
const HEADER_KEYS: &[&str] = &[
    "message",
    "message_type",
    "teid",
    "sequence",
    "message_priority",
    "flags_spare",
    "header_spare",
    "notes",
    "piggybacked",
];

/// Encodes a GTPv2-C message object.
pub(crate) fn encode(v: &Value) -> Result<Vec<u8>, JsonError> {
    let m = message(v, "", 0)?;
    crate::gtpv2::encode(&m).map_err(super::encode_error)
}

/// Fails on a key not in `known` (a misspelt field would otherwise be dropped silently).
pub(super) fn only(o: &Map<String, Value>, path: &str, known: &[&str]) -> Result<(), JsonError> {
    match o.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(JsonError::at(&join(path, k), "unknown key")),
        None => Ok(()),
    }
}

/// The message type: `message_type` wins; `message` must then agree when it names a type.
fn message_type(o: &Map<String, Value>, path: &str) -> Result<MessageType, JsonError> {
    if let Some(t) = o.get("message_type") {
        return Ok(MessageType::from_u8(u8_at(
            t,
            &join(path, "message_type"),
            255,
        )?));
    }
    let name = string(need(o, "message", path)?, &join(path, "message"))?;
    (0..=255u8)
        .map(MessageType::from_u8)
        .find(|t| t.name() == name)
        .ok_or_else(|| JsonError::at(&join(path, "message"), "unknown message name"))
}

fn message(v: &Value, path: &str, depth: usize) -> Result<Gtpv2Message<'static>, JsonError> {
    let o = obj(v, path)?;
    let mt = message_type(o, path)?;
    let sequence = u32_at(
        need(o, "sequence", path)?,
        &join(path, "sequence"),
        0xff_ffff,
    )?;
    let mut m = Gtpv2Message::new(mt, sequence);
    m.teid = o
        .get("teid")
        .map(|t| u32_at(t, &join(path, "teid"), u32::MAX))
        .transpose()?;
    m.message_priority = o
        .get("message_priority")
        .map(|t| u8_at(t, &join(path, "message_priority"), 0x0f))
        .transpose()?;
    if let Some(f) = o.get("flags_spare") {
        m.flags_spare = u8_at(f, &join(path, "flags_spare"), 0x03)?;
    }
    if let Some(f) = o.get("header_spare") {
        let max = if m.message_priority.is_some() {
            0x0f
        } else {
            0xff
        };
        m.header_spare = u8_at(f, &join(path, "header_spare"), max)?;
    }
    let skip: &[&str] = if depth == 0 {
        super::ENVELOPE_KEYS
    } else {
        &[]
    };
    m.ies = ies(o, path, 0, |k| {
        HEADER_KEYS.contains(&k) || skip.contains(&k)
    })?;
    if let Some(p) = o.get("piggybacked") {
        if depth > 0 {
            return Err(JsonError::at(
                &join(path, "piggybacked"),
                "a piggybacked message cannot carry another",
            ));
        }
        m.piggybacked = Some(Box::new(message(p, &join(path, "piggybacked"), 1)?));
    }
    Ok(m)
}

/// The IE type a JSON key names: `ie_name()` of a known type, `ie_<n>` for the others.
fn ie_type_of(name: &str) -> Option<IeType> {
    if let Some(n) = name.strip_prefix("ie_") {
        if let Ok(n) = n.parse::<u8>() {
            let t = IeType::from_u8(n);
            // `ie_<n>` only where the type has no name of its own (one spelling per type).
            return (ie_name(t) == name).then_some(t);
        }
    }
    (0..=255u8)
        .map(IeType::from_u8)
        .find(|t| ie_name(*t) == name)
}

/// The IEs of an object (a message or a grouped IE), in key order; an array value is an IE
/// that repeats.
fn ies(
    o: &Map<String, Value>,
    path: &str,
    depth: usize,
    skip: impl Fn(&str) -> bool,
) -> Result<Vec<Ie<'static>>, JsonError> {
    if depth > crate::gtpv2::ie::MAX_GROUP_DEPTH {
        return Err(JsonError::at(path, "grouped IEs nested too deep"));
    }
    keyed_ies(o, path, "object", skip, ie_type_of, |t, v, p| {
        ie(t, v, p, depth)
    })
}

/// The IEs of a GTP object keyed by IE name (both versions): each key's IEs, an array value
/// being an IE that repeats, read by `read` with the type `type_of` gives the key. They come
/// in key order, or in the wire order `ie_order` lists by name, each name taking its next IE.
/// `skip`: the keys that are not IEs (besides `ie_order`); `what` the object, for errors.
pub(super) fn keyed_ies<K: Copy, T>(
    o: &Map<String, Value>,
    path: &str,
    what: &str,
    skip: impl Fn(&str) -> bool,
    type_of: impl Fn(&str) -> Option<K>,
    read: impl Fn(K, &Value, &str) -> Result<T, JsonError>,
) -> Result<Vec<T>, JsonError> {
    // Each IE name with its IEs, in key order.
    let mut named: Vec<(&str, VecDeque<T>)> = Vec::new();
    for (k, v) in o {
        if skip(k) || k == "ie_order" {
            continue;
        }
        let p = join(path, k);
        let t = type_of(k).ok_or_else(|| JsonError::at(&p, "unknown IE name"))?;
        let list = match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| read(t, item, &format!("{p}[{i}]")))
                .collect::<Result<_, _>>()?,
            _ => VecDeque::from([read(t, v, &p)?]),
        };
        named.push((k.as_str(), list));
    }
    let Some(order) = o.get("ie_order") else {
        return Ok(named.into_iter().flat_map(|(_, l)| l).collect());
    };
    let op = join(path, "ie_order");
    let Value::Array(order) = order else {
        return Err(JsonError::at(&op, "expected an array of IE names"));
    };
    // By name, so that a long `ie_order` costs no scan of the keys per entry.
    let at: HashMap<&str, usize> = named
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (*k, i))
        .collect();
    let mut out = Vec::with_capacity(order.len());
    for (i, n) in order.iter().enumerate() {
        let p = format!("{op}[{i}]");
        let n = string(n, &p)?;
        let q = at
            .get(n)
            .ok_or_else(|| JsonError::at(&p, format!("names no IE of this {what}")))?;
        out.push(
            named[*q]
                .1
                .pop_front()
                .ok_or_else(|| JsonError::at(&p, format!("names more IEs than the {what} has")))?,
        );
    }
    if let Some((k, _)) = named.iter().find(|(_, q)| !q.is_empty()) {
        return Err(JsonError::at(
            &op,
            format!("leaves out IEs of {k}: list every IE or drop ie_order"),
        ));
    }
    Ok(out)
}

/// Whether the IE's JSON is the bare-value form (scalar types) or an object.
fn is_scalar_type(t: IeType) -> bool {
    use IeType as T;
    matches!(
        t,
        T::Imsi
            | T::Mei
            | T::Msisdn
            | T::Recovery
            | T::RatType
            | T::DelayValue
            | T::HopCounter
            | T::ApnRestriction
            | T::NodeType
            | T::Ebi
            | T::PdnType
            | T::SelectionMode
            | T::ChargingId
            | T::PTmsi
            | T::PTmsiSignature
            | T::ChargingCharacteristics
            | T::PortNumber
            | T::IpAddress
            | T::ServingNetwork
            | T::SelectedPlmnId
            | T::UeTimeZone
            | T::Apn
            | T::Fqdn
    )
}

/// Meta keys of an IE object (docs/json.md, "GTPv2-C" and "Re-encoding").
const META: &[&str] = &["instance", "extra", "ie_spare", "spare_bits"];

fn ie(t: IeType, v: &Value, path: &str, depth: usize) -> Result<Ie<'static>, JsonError> {
    // The six MM Context types share one name; the `form` field tells them apart.
    let t = if t.is_mm_context() {
        let o = obj(v, path)?;
        let form = string(need(o, "form", path)?, &join(path, "form"))?;
        let f = crate::gtpv2::mm_context::MmContextForm::ALL
            .into_iter()
            .find(|f| f.name() == form)
            .ok_or_else(|| JsonError::at(&join(path, "form"), "unknown MM Context form"))?;
        IeType::from_u8(f.ie_type())
    } else {
        t
    };
    let raw = !is_typed(t);
    // The value and the object holding the meta keys.
    let (value, meta): (&Value, Option<&Map<String, Value>>) = if raw {
        let o = obj(v, path)?;
        only(o, path, &["instance", "value", "ie_spare"])?;
        (need(o, "value", path)?, Some(o))
    } else if is_scalar_type(t) {
        match v {
            // `{"instance", "value"}`, unless the value itself is an object (`{"raw": hex}`
            // of an APN whose labels do not read).
            Value::Object(o) if o.contains_key("value") => {
                only(
                    o,
                    path,
                    &["instance", "value", "extra", "ie_spare", "spare_bits"],
                )?;
                (&o["value"], Some(o))
            }
            _ => (v, None),
        }
    } else {
        (v, Some(obj(v, path)?))
    };
    let meta_u8 = |key: &str, max: u8| -> Result<u8, JsonError> {
        match meta.and_then(|o| o.get(key)) {
            Some(x) => u8_at(x, &join(path, key), max),
            None => Ok(0),
        }
    };
    let instance = meta_u8("instance", 0x0f)?;
    let spare = meta_u8("ie_spare", 0x0f)?;
    // Target Identification's own `spare_bits` (its eNB ID's) is read with its value.
    let spare_bits = if t == IeType::TargetIdentification {
        0
    } else if meta.is_some_and(|o| o.contains_key("spare_bits")) && allowed_spare(t) == 0 {
        return Err(JsonError::at(
            &join(path, "spare_bits"),
            "this IE has no spare bits of its own",
        ));
    } else {
        meta_u8("spare_bits", 0xff)?
    };
    let extra = match meta.and_then(|o| o.get("extra")) {
        Some(x) => octets(x, &join(path, "extra"))?,
        None => Vec::new(),
    };
    let vpath = if meta.is_some() && (raw || is_scalar_type(t)) {
        join(path, "value")
    } else {
        path.to_string()
    };
    let value = if raw {
        IeValue::Raw {
            ie_type: t.to_u8(),
            value: Octets::owned(octets(value, &vpath)?),
        }
    } else {
        typed(t, value, &vpath, depth, spare_bits)?
    };
    if !raw && spare_bits & !allowed_spare(t) != 0 {
        return Err(JsonError::at(
            &join(path, "spare_bits"),
            format!(
                "not spare bits of this IE (its spare mask is {:#04x})",
                allowed_spare(t)
            ),
        ));
    }
    Ok(Ie {
        instance,
        spare,
        value,
        extra: Octets::owned(extra),
    })
}

/// The spare mask of the first value octet whose bits `spare_bits` carries (see
/// `gtpv2::ie::value_spare_bits`).
fn allowed_spare(t: IeType) -> u8 {
    use IeType as T;
    match t {
        T::Ebi | T::FContainer | T::FCause => 0xf0,
        T::PdnType | T::Cause | T::Paa => 0xf8,
        T::SelectionMode => 0xfc,
        T::BearerQos => 0x82,
        _ => 0,
    }
}

/// Whether keyhop types this IE (else its JSON is `{"instance", "value": hex}`): the decoder
/// types every type with a name.
fn is_typed(t: IeType) -> bool {
    !matches!(t, IeType::Unknown(_))
}

fn obj_keys<'v>(
    v: &'v Value,
    path: &str,
    known: &[&str],
) -> Result<&'v Map<String, Value>, JsonError> {
    let o = obj(v, path)?;
    only(o, path, &[known, META].concat())?;
    Ok(o)
}

fn plmn_hex(v: &Value, path: &str) -> Result<Plmn, JsonError> {
    let b = octets(v, path)?;
    let a: [u8; 3] = b
        .try_into()
        .map_err(|_| JsonError::at(path, "expected 3 octets"))?;
    Ok(Plmn(a))
}

/// `plmn_identity` (the wire value; `plmn` beside it is readable only and ignored).
fn plmn_of(o: &Map<String, Value>, path: &str) -> Result<Plmn, JsonError> {
    plmn_hex(
        need(o, "plmn_identity", path)?,
        &join(path, "plmn_identity"),
    )
}

fn ipv4(v: &Value, path: &str) -> Result<Ipv4Addr, JsonError> {
    string(v, path)?
        .parse()
        .map_err(|_| JsonError::at(path, "expected an IPv4 address"))
}

fn ipv6(v: &Value, path: &str) -> Result<Ipv6Addr, JsonError> {
    string(v, path)?
        .parse()
        .map_err(|_| JsonError::at(path, "expected an IPv6 address"))
}

fn spare_u32(o: &Map<String, Value>, path: &str, mask: u32) -> Result<u32, JsonError> {
    match o.get("spare_bits") {
        None => Ok(0),
        Some(x) => {
            let p = join(path, "spare_bits");
            let b = u32_at(x, &p, u32::MAX)?;
            if b & !mask != 0 {
                return Err(JsonError::at(&p, format!("spare mask is {mask:#x}")));
            }
            Ok(b)
        }
    }
}

pub(super) fn dns_name(v: &Value, path: &str) -> Result<DnsName<'static>, JsonError> {
    match v {
        Value::Object(o) => {
            only(o, path, &["raw"])?;
            Ok(DnsName(f_octets(o, path, "raw")?))
        }
        _ => DnsName::from_dotted(string(v, path)?)
            .map_err(|e| JsonError::at(path, format!("cannot encode: {}", e.detail))),
    }
}

fn tbcd(v: &Value, path: &str) -> Result<Tbcd, JsonError> {
    let s = string(v, path)?;
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    {
        return Err(JsonError::at(path, "expected TBCD digits"));
    }
    Ok(Tbcd(s.to_string()))
}

fn typed(
    t: IeType,
    v: &Value,
    path: &str,
    depth: usize,
    spare_bits: u8,
) -> Result<IeValue<'static>, JsonError> {
    use IeType as T;
    use IeValue as V;
    let b = |v: &Value| u8_at(v, path, 0xff);
    Ok(match t {
        T::Imsi => V::Imsi(tbcd(v, path)?),
        T::Mei => V::Mei(tbcd(v, path)?),
        T::Msisdn => V::Msisdn(tbcd(v, path)?),
        T::Recovery => V::Recovery(b(v)?),
        T::RatType => V::RatType(b(v)?),
        T::DelayValue => V::DelayValue(b(v)?),
        T::HopCounter => V::HopCounter(b(v)?),
        T::ApnRestriction => V::ApnRestriction(b(v)?),
        T::NodeType => V::NodeType(b(v)?),
        T::Ebi => V::Ebi(u8_at(v, path, 0x0f)? | spare_bits),
        T::PdnType => V::PdnType(u8_at(v, path, 0x07)? | spare_bits),
        T::SelectionMode => V::SelectionMode(u8_at(v, path, 0x03)? | spare_bits),
        T::ChargingId => V::ChargingId(u32_at(v, path, u32::MAX)?),
        T::PTmsi => V::PTmsi(u32_at(v, path, u32::MAX)?),
        T::PTmsiSignature => V::PTmsiSignature(u32_at(v, path, 0xff_ffff)?),
        T::ChargingCharacteristics => {
            let b = octets(v, path)?;
            let a: [u8; 2] = b
                .try_into()
                .map_err(|_| JsonError::at(path, "expected 2 octets"))?;
            V::ChargingCharacteristics(u16::from_be_bytes(a))
        }
        T::PortNumber => V::PortNumber(u16_at(v, path)?),
        T::IpAddress => V::IpAddress(
            string(v, path)?
                .parse::<IpAddr>()
                .map_err(|_| JsonError::at(path, "expected an IP address"))?,
        ),
        T::ServingNetwork => V::ServingNetwork(plmn_hex(v, path)?),
        T::SelectedPlmnId => V::SelectedPlmnId(plmn_hex(v, path)?),
        T::UeTimeZone => {
            let b = octets(v, path)?;
            V::UeTimeZone(
                b.try_into()
                    .map_err(|_| JsonError::at(path, "expected 2 octets"))?,
            )
        }
        T::Apn => V::Apn(dns_name(v, path)?),
        T::Fqdn => V::Fqdn(dns_name(v, path)?),
        T::Cause => {
            let o = obj_keys(
                v,
                path,
                &["cause_value", "cause", "pce", "bce", "cs", "offending_ie"],
            )?;
            let flag = |k: &str, bit: u8| -> Result<u8, JsonError> {
                Ok(if boolean(need(o, k, path)?, &join(path, k))? {
                    bit
                } else {
                    0
                })
            };
            let flags = spare_bits | flag("pce", 4)? | flag("bce", 2)? | flag("cs", 1)?;
            let offending_ie = match o.get("offending_ie") {
                None => None,
                Some(x) => {
                    let p = join(path, "offending_ie");
                    let oo = obj(x, &p)?;
                    only(oo, &p, &["type", "instance", "length", "spare"])?;
                    // Length (sent as 0, TS 29.274 8.4) and spare nibble: shown when not 0.
                    let opt = |k: &str, max: u64| -> Result<u64, JsonError> {
                        oo.get(k)
                            .map(|x| bounded(x, &join(&p, k), max))
                            .transpose()
                            .map(|x| x.unwrap_or(0))
                    };
                    Some(OffendingIe {
                        ie_type: f_u8(oo, &p, "type", 255)?,
                        length: opt("length", 0xffff)? as u16,
                        spare_instance: ((opt("spare", 0x0f)? as u8) << 4)
                            | f_u8(oo, &p, "instance", 0x0f)?,
                    })
                }
            };
            V::Cause(Cause {
                value: f_u8(o, path, "cause_value", 255)?,
                flags,
                offending_ie,
            })
        }
        T::Ambr => {
            let o = obj_keys(v, path, &["uplink", "downlink"])?;
            V::Ambr(Ambr {
                uplink: f_u32(o, path, "uplink")?,
                downlink: f_u32(o, path, "downlink")?,
            })
        }
        T::FTeid => {
            let o = obj_keys(v, path, &["interface_type", "teid", "ipv4", "ipv6"])?;
            V::FTeid(FTeid {
                interface_type: f_u8(o, path, "interface_type", 0x3f)?,
                teid: f_u32(o, path, "teid")?,
                ipv4: o
                    .get("ipv4")
                    .map(|a| ipv4(a, &join(path, "ipv4")))
                    .transpose()?,
                ipv6: o
                    .get("ipv6")
                    .map(|a| ipv6(a, &join(path, "ipv6")))
                    .transpose()?,
            })
        }
        T::Indication => {
            let o = obj_keys(v, path, &["octets", "flags"])?;
            // The octets are the wire value; `flags` is their reading, ignored.
            V::Indication(Indication(f_octets(o, path, "octets")?))
        }
        T::Paa => {
            let o = obj_keys(v, path, &["pdn_type", "ipv6_prefix_length", "ipv6", "ipv4"])?;
            let pdn = f_u8(o, path, "pdn_type", 0x07)?;
            let v6 = match o.get("ipv6") {
                Some(a) => Some((
                    f_u8(o, path, "ipv6_prefix_length", 255)?,
                    ipv6(a, &join(path, "ipv6"))?,
                )),
                None => None,
            };
            V::Paa(Paa {
                pdn_type_octet: pdn | spare_bits,
                ipv6: v6,
                ipv4: o
                    .get("ipv4")
                    .map(|a| ipv4(a, &join(path, "ipv4")))
                    .transpose()?,
            })
        }
        T::BearerQos => {
            let o = obj_keys(
                v,
                path,
                &[
                    "pci",
                    "pl",
                    "pvi",
                    "qci",
                    "mbr_uplink",
                    "mbr_downlink",
                    "gbr_uplink",
                    "gbr_downlink",
                ],
            )?;
            let rate = |k: &str| bounded(need(o, k, path)?, &join(path, k), 0xff_ffff_ffff);
            V::BearerQos(BearerQos {
                arp: BearerQos::arp_octet(
                    boolean(need(o, "pci", path)?, &join(path, "pci"))?,
                    f_u8(o, path, "pl", 0x0f)?,
                    boolean(need(o, "pvi", path)?, &join(path, "pvi"))?,
                ) | spare_bits,
                qci: f_u8(o, path, "qci", 255)?,
                mbr_uplink: rate("mbr_uplink")?,
                mbr_downlink: rate("mbr_downlink")?,
                gbr_uplink: rate("gbr_uplink")?,
                gbr_downlink: rate("gbr_downlink")?,
            })
        }
        T::Uli => V::Uli(uli(v, path)?),
        T::BearerContext | T::PdnConnection => {
            let o = obj(v, path)?;
            let children = ies(o, path, depth + 1, |k| META.contains(&k))?;
            if t == T::BearerContext {
                V::BearerContext(children)
            } else {
                V::PdnConnection(children)
            }
        }
        T::Guti => {
            let o = obj_keys(v, path, &["plmn", "mme_group_id", "mme_code", "m_tmsi"])?;
            V::Guti(Guti {
                plmn: plmn_hex(need(o, "plmn", path)?, &join(path, "plmn"))?,
                mme_group_id: f_u16(o, path, "mme_group_id")?,
                mme_code: f_u8(o, path, "mme_code", 255)?,
                m_tmsi: f_u32(o, path, "m_tmsi")?,
            })
        }
        T::FContainer => {
            let o = obj_keys(v, path, &["container_type", "container"])?;
            V::FContainer(FContainer {
                type_octet: f_u8(o, path, "container_type", 0x0f)? | spare_bits,
                container: f_octets(o, path, "container")?,
            })
        }
        T::FCause => {
            let o = obj_keys(v, path, &["cause_type", "cause_value"])?;
            V::FCause(FCause {
                type_octet: f_u8(o, path, "cause_type", 0x0f)? | spare_bits,
                cause: f_octets(o, path, "cause_value")?,
            })
        }
        T::MmContextGsmKeyTriplets
        | T::MmContextUmtsKeyUsedCipherQuintuplets
        | T::MmContextGsmKeyUsedCipherQuintuplets
        | T::MmContextUmtsKeyQuintuplets
        | T::MmContextEpsSecurityContextQuadruplets
        | T::MmContextUmtsKeyQuadrupletsQuintuplets => {
            V::MmContext(Box::new(super::gtpv2_mm::mm_context(t, v, path)?))
        }
        T::TargetIdentification => V::TargetIdentification(target_id(v, path)?),
        T::Unknown(_) => {
            return Err(JsonError::at(
                path,
                "an untyped IE is {\"instance\", \"value\"}",
            ));
        }
    })
}

fn uli(v: &Value, path: &str) -> Result<Uli, JsonError> {
    let o = obj_keys(
        v,
        path,
        &[
            "cgi",
            "sai",
            "rai",
            "tai",
            "ecgi",
            "lai",
            "macro_enb_id",
            "extended_macro_enb_id",
        ],
    )?;
    // A ULI part: its object and path, when present.
    type Part<'v> = Option<(&'v Map<String, Value>, String)>;
    let part = |k: &str, known: &[&str]| -> Result<Part<'_>, JsonError> {
        match o.get(k) {
            None => Ok(None),
            Some(x) => {
                let p = join(path, k);
                let oo = obj(x, &p)?;
                only(oo, &p, known)?;
                Ok(Some((oo, p)))
            }
        }
    };
    let mut u = Uli::default();
    if let Some((c, p)) = part("cgi", &["plmn", "lac", "ci"])? {
        u.cgi = Some(Cgi {
            plmn: plmn_hex(need(c, "plmn", &p)?, &join(&p, "plmn"))?,
            lac: f_u16(c, &p, "lac")?,
            ci: f_u16(c, &p, "ci")?,
        });
    }
    if let Some((c, p)) = part("sai", &["plmn", "lac", "sac"])? {
        u.sai = Some(Sai {
            plmn: plmn_hex(need(c, "plmn", &p)?, &join(&p, "plmn"))?,
            lac: f_u16(c, &p, "lac")?,
            sac: f_u16(c, &p, "sac")?,
        });
    }
    if let Some((c, p)) = part(
        "rai",
        &["plmn_identity", "plmn", "lac", "rac", "spare_bits"],
    )? {
        let rac = f_u8(c, &p, "rac", 255)?;
        u.rai = Some(Rai {
            plmn: plmn_of(c, &p)?,
            lac: f_u16(c, &p, "lac")?,
            rac_field: (u16::from(rac) << 8) | spare_u32(c, &p, 0xff)? as u16,
        });
    }
    if let Some((c, p)) = part("tai", &["plmn", "tac"])? {
        u.tai = Some(Tai {
            plmn: plmn_hex(need(c, "plmn", &p)?, &join(&p, "plmn"))?,
            tac: f_u16(c, &p, "tac")?,
        });
    }
    if let Some((c, p)) = part("ecgi", &["plmn_identity", "plmn", "eci", "spare_bits"])? {
        u.ecgi = Some(Ecgi {
            plmn: plmn_of(c, &p)?,
            eci_field: u32_at(need(c, "eci", &p)?, &join(&p, "eci"), 0x0fff_ffff)?
                | spare_u32(c, &p, 0xf000_0000)?,
        });
    }
    if let Some((c, p)) = part("lai", &["plmn", "lac"])? {
        u.lai = Some(Lai {
            plmn: plmn_hex(need(c, "plmn", &p)?, &join(&p, "plmn"))?,
            lac: f_u16(c, &p, "lac")?,
        });
    }
    if let Some((c, p)) = part(
        "macro_enb_id",
        &["plmn_identity", "plmn", "enb_id", "spare_bits"],
    )? {
        u.macro_enb_id = Some(macro_enb(c, &p)?);
    }
    if let Some((c, p)) = part(
        "extended_macro_enb_id",
        &["plmn_identity", "plmn", "smenb", "enb_id", "spare_bits"],
    )? {
        u.extended_macro_enb_id = Some(ext_macro_enb(c, &p)?);
    }
    Ok(u)
}

fn macro_enb(c: &Map<String, Value>, p: &str) -> Result<MacroEnbId, JsonError> {
    Ok(MacroEnbId {
        plmn: plmn_of(c, p)?,
        field: u32_at(need(c, "enb_id", p)?, &join(p, "enb_id"), 0x0f_ffff)?
            | spare_u32(c, p, 0xf0_0000)?,
    })
}

fn ext_macro_enb(c: &Map<String, Value>, p: &str) -> Result<ExtMacroEnbId, JsonError> {
    let smenb = boolean(need(c, "smenb", p)?, &join(p, "smenb"))?;
    let (max, spare) = if smenb {
        (0x03_ffff, 0x7c_0000)
    } else {
        (0x1f_ffff, 0x60_0000)
    };
    Ok(ExtMacroEnbId {
        plmn: plmn_of(c, p)?,
        field: (u32::from(smenb) << 23)
            | u32_at(need(c, "enb_id", p)?, &join(p, "enb_id"), max)?
            | spare_u32(c, p, spare)?,
    })
}

fn target_id(v: &Value, path: &str) -> Result<TargetId<'static>, JsonError> {
    let o = obj(v, path)?;
    let tt = f_u8(o, path, "target_type", 255)?;
    let known: &[&str] = match tt {
        0 => &["rac", "lac", "rnc_id", "extended_rnc_id"],
        1 => &["enb_id", "tac", "spare_bits"],
        2 => &["lac", "rac", "cell_id"],
        3 => &["home_enb_id", "tac", "spare_bits"],
        4 => &["smenb", "enb_id", "tac", "spare_bits"],
        5 => &["gnb_id_length", "gnb_id", "five_gs_tac", "spare_bits"],
        6 => &["ng_enb_id", "five_gs_tac", "spare_bits"],
        7 => &["smenb", "ng_enb_id", "five_gs_tac", "spare_bits"],
        8 => &["gnb_id_length", "en_gnb_id", "tac", "five_gs_tac"],
        _ => &["value"],
    };
    let common: &[&str] = if tt <= 8 {
        &["target_type", "plmn_identity", "plmn"]
    } else {
        &["target_type"]
    };
    only(o, path, &[known, common, META].concat())?;
    let g16 = |k: &str| f_u16(o, path, k);
    let g8 = |k: &str| f_u8(o, path, k, 255);
    let g24 = |k: &str| u32_at(need(o, k, path)?, &join(path, k), 0xff_ffff);
    // The eNB ID objects read `enb_id` / `ng_enb_id` under their own name.
    let renamed = |k: &str| -> Map<String, Value> {
        let mut c = o.clone();
        if let Some(x) = c.remove(k) {
            c.insert("enb_id".into(), x);
        }
        c
    };
    Ok(match tt {
        0 => TargetId::RncId {
            plmn: plmn_of(o, path)?,
            lac: g16("lac")?,
            rac: g8("rac")?,
            rnc_id: g16("rnc_id")?,
            extended_rnc_id: o
                .get("extended_rnc_id")
                .map(|x| u16_at(x, &join(path, "extended_rnc_id")))
                .transpose()?,
        },
        1 => TargetId::MacroEnb {
            id: macro_enb(o, path)?,
            tac: g16("tac")?,
        },
        2 => TargetId::CellIdentifier {
            plmn: plmn_of(o, path)?,
            lac: g16("lac")?,
            rac: g8("rac")?,
            cell_id: g16("cell_id")?,
        },
        3 => TargetId::HomeEnb {
            plmn: plmn_of(o, path)?,
            field: u32_at(
                need(o, "home_enb_id", path)?,
                &join(path, "home_enb_id"),
                0x0fff_ffff,
            )? | spare_u32(o, path, 0xf000_0000)?,
            tac: g16("tac")?,
        },
        4 => TargetId::ExtendedMacroEnb {
            id: ext_macro_enb(o, path)?,
            tac: g16("tac")?,
        },
        5 => TargetId::GnodeB {
            plmn: plmn_of(o, path)?,
            length_octet: f_u8(o, path, "gnb_id_length", 0x3f)? | spare_u32(o, path, 0xc0)? as u8,
            gnb_id: f_u32(o, path, "gnb_id")?,
            five_gs_tac: g24("five_gs_tac")?,
        },
        6 => TargetId::MacroNgEnb {
            id: macro_enb(&renamed("ng_enb_id"), path)?,
            five_gs_tac: g24("five_gs_tac")?,
        },
        7 => TargetId::ExtendedNgEnb {
            id: ext_macro_enb(&renamed("ng_enb_id"), path)?,
            five_gs_tac: g24("five_gs_tac")?,
        },
        8 => TargetId::EnGnb {
            plmn: plmn_of(o, path)?,
            gnb_id_length: f_u8(o, path, "gnb_id_length", 0x3f)?,
            gnb_id: f_u32(o, path, "en_gnb_id")?,
            tac: o
                .get("tac")
                .map(|x| u16_at(x, &join(path, "tac")))
                .transpose()?,
            five_gs_tac: o
                .get("five_gs_tac")
                .map(|x| u32_at(x, &join(path, "five_gs_tac"), 0xff_ffff))
                .transpose()?,
        },
        _ => TargetId::Unknown {
            target_type: tt,
            value: f_octets(o, path, "value")?,
        },
    })
}
