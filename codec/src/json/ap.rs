//! JSON readers of the S1AP/X2AP building blocks ([`crate::ap::common`]), the IE containers
//! and the PDU envelope. The SEQUENCE, CHOICE and ENUMERATED types get theirs from the macros
//! that declare them (`aper_sequence!`...), so every generated IE type has one.

use super::{boolean, int, join, kind, need, obj, octets, string, uint, JsonError};
use crate::ap::common::*;
use crate::ap::{
    ApProtocol, Body, Criticality, ExtensionAdditions, IeList, IeMessage, IeSet, IeValue,
    NoPrivateIes, Pdu, PduType, PrivateIe, PrivateIeId, PrivateIeSet, PrivateMessage, PrivateValue,
    ProtocolIe,
};
use crate::redact::{KeyMaterial, Octets};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// A value read from its JSON form (docs/json.md), owning its octets.
pub trait FromJson<'a>: Sized {
    /// Reads the value; `path` names it in errors.
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError>;
}

/// The JSON side of a protocol's IE set: IE values by id, ids by JSON name.
pub trait IeSetJson<'a>: IeSet<'a> + PartialEq {
    /// Reads the value of IE `id` (one the set types).
    fn from_json(id: u16, v: &Value, path: &str) -> Result<Self, JsonError>;
    /// The id of the IE named `name` in JSON (`mme_ue_s1ap_id` -> 0), if typed.
    fn id_of(name: &str) -> Option<u16>;
    /// The JSON form (keys and octets shown) of IE `id` decoded from `wire`, `None` if it
    /// does not decode: octets kept as received stand for a value while its JSON is this.
    fn wire_json(id: u16, wire: &[u8]) -> Option<Value>;
}

/// The JSON side of a protocol's private IE set.
pub trait PrivateIeSetJson<'a>: PrivateIeSet<'a> {
    /// Reads the value of private IE `id` (one the set types).
    fn from_json(id: &PrivateIeId<'_>, v: &Value, path: &str) -> Result<Self, JsonError>;
    /// The id of the private IE named `name`, if typed.
    fn id_of(name: &str) -> Option<PrivateIeId<'static>>;
}

impl<'a> PrivateIeSetJson<'a> for NoPrivateIes {
    fn from_json(_: &PrivateIeId<'_>, _: &Value, path: &str) -> Result<Self, JsonError> {
        Err(JsonError::at(path, "no typed private IEs in this protocol"))
    }
    fn id_of(_: &str) -> Option<PrivateIeId<'static>> {
        None
    }
}

fn arr<'v>(v: &'v Value, path: &str) -> Result<&'v Vec<Value>, JsonError> {
    v.as_array()
        .ok_or_else(|| JsonError::at(path, format!("expected an array, found {}", kind(v))))
}

fn idx(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

fn size_check(
    n: usize,
    lb: usize,
    ub: usize,
    ext: bool,
    path: &str,
    what: &str,
) -> Result<(), JsonError> {
    if !ext && (n < lb || n > ub) {
        let ub = if ub == usize::MAX {
            String::new()
        } else {
            ub.to_string()
        };
        return Err(JsonError::at(
            path,
            format!("{n} {what}, expected {lb}..={ub}"),
        ));
    }
    Ok(())
}

/// Criticality from its JSON name.
pub fn criticality(v: &Value, path: &str) -> Result<Criticality, JsonError> {
    match string(v, path)? {
        "reject" => Ok(Criticality::Reject),
        "ignore" => Ok(Criticality::Ignore),
        "notify" => Ok(Criticality::Notify),
        _ => Err(JsonError::at(path, "expected reject, ignore or notify")),
    }
}

/// `unknown(<n>)`, the name of a value or alternative keyhop does not know.
pub fn unknown_index(s: &str) -> Option<u32> {
    s.strip_prefix("unknown(")?.strip_suffix(')')?.parse().ok()
}

impl<'a, const LB: i64, const UB: i64, const EXT: bool> FromJson<'a> for Int<LB, UB, EXT> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let n = int(v, path)?;
        if !EXT && !(LB..=UB).contains(&n) {
            return Err(JsonError::at(path, format!("expected {LB}..={UB}")));
        }
        Ok(Int(n))
    }
}

impl<'a> FromJson<'a> for bool {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        boolean(v, path)
    }
}

impl<'a> FromJson<'a> for Null {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        if v.is_null() {
            Ok(Null)
        } else {
            Err(JsonError::at(
                path,
                format!("expected null, found {}", kind(v)),
            ))
        }
    }
}

impl<'a> FromJson<'a> for Octets<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        Ok(Octets(Cow::Owned(octets(v, path)?)))
    }
}

impl<'a, const LB: usize, const UB: usize, const EXT: bool> FromJson<'a>
    for OctetStr<'a, LB, UB, EXT>
{
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let b = octets(v, path)?;
        size_check(b.len(), LB, UB, EXT, path, "octets")?;
        Ok(OctetStr(Octets(Cow::Owned(b))))
    }
}

impl<'a, const LB: usize, const UB: usize, const EXT: bool> FromJson<'a>
    for PrintableStr<'a, LB, UB, EXT>
{
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let s = string(v, path)?;
        size_check(s.len(), LB, UB, EXT, path, "characters")?;
        Ok(PrintableStr(Cow::Owned(s.as_bytes().to_vec())))
    }
}

/// `"hex"` (8n bits) or `{"bits": n, "value": "hex"}`: (bits, octets).
fn bits_value(v: &Value, path: &str) -> Result<(usize, Vec<u8>), JsonError> {
    match v {
        Value::String(_) => {
            let b = octets(v, path)?;
            Ok((b.len() * 8, b))
        }
        Value::Object(o) => {
            let bits = uint(need(o, "bits", path)?, &join(path, "bits"))? as usize;
            let b = octets(need(o, "value", path)?, &join(path, "value"))?;
            if b.len() != bits.div_ceil(8) {
                return Err(JsonError::at(
                    &join(path, "value"),
                    format!("{} octets for {bits} bits", b.len()),
                ));
            }
            for k in o.keys() {
                if k != "bits" && k != "value" {
                    return Err(JsonError::at(&join(path, k), "unknown field"));
                }
            }
            Ok((bits, b))
        }
        _ => Err(JsonError::at(
            path,
            format!("expected hex or {{\"bits\", \"value\"}}, found {}", kind(v)),
        )),
    }
}

impl<'a, const LB: usize, const UB: usize, const EXT: bool> FromJson<'a>
    for BitStr<'a, LB, UB, EXT>
{
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let (bits, b) = bits_value(v, path)?;
        size_check(bits, LB, UB, EXT, path, "bits")?;
        Ok(BitStr {
            bits,
            value: Octets(Cow::Owned(b)),
        })
    }
}

impl<'a, const N: usize> FromJson<'a> for BitId<N> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let n = uint(v, path)?;
        if N < 64 && n >> N != 0 {
            return Err(JsonError::at(
                path,
                format!("expected 0..={}", (1u64 << N) - 1),
            ));
        }
        Ok(BitId(n))
    }
}

impl<'a, const LB: usize, const UB: usize> FromJson<'a> for BitIdVar<LB, UB> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        // The bit count is kept in `{"bits", "value"}` form when it is not the least that
        // holds the value within the size constraint (docs/json.md, Re-encoding).
        let (bits, value) = match v {
            Value::Object(o) => (
                uint(need(o, "bits", path)?, &join(path, "bits"))? as usize,
                uint(need(o, "value", path)?, &join(path, "value"))?,
            ),
            _ => {
                let value = uint(v, path)?;
                (BitIdVar::<LB, UB>::least_bits(value), value)
            }
        };
        if bits < LB || bits > UB || (bits < 64 && value >> bits != 0) {
            return Err(JsonError::at(path, format!("expected {LB}..={UB} bits")));
        }
        Ok(BitIdVar { bits, value })
    }
}

impl<'a, const N: usize> FromJson<'a> for KeyBits<'a, N> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let b = octets(v, path)?;
        if b.len() * 8 != N {
            return Err(JsonError::at(path, format!("expected {} octets", N / 8)));
        }
        Ok(KeyBits(KeyMaterial::owned(b)))
    }
}

impl<'a, T: FromJson<'a>, const LB: usize, const UB: usize, const EXT: bool> FromJson<'a>
    for SeqOf<T, LB, UB, EXT>
{
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let a = arr(v, path)?;
        size_check(a.len(), LB, UB, EXT, path, "items")?;
        a.iter()
            .enumerate()
            .map(|(i, x)| T::from_json(x, &idx(path, i)))
            .collect::<Result<Vec<_>, _>>()
            .map(SeqOf)
    }
}

impl<'a, T: FromJson<'a>> FromJson<'a> for Box<T> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        T::from_json(v, path).map(Box::new)
    }
}

impl<'a> FromJson<'a> for U64Full {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        uint(v, path).map(U64Full)
    }
}

/// An `iE-Extensions` container: an object of IEs keyed like a message's.
impl<'a, X: IeSetJson<'a>> FromJson<'a> for IeList<'a, X> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        ie_list(obj(v, path)?, path, &|_| false, &|id| {
            X::default_criticality(id)
        })
    }
}

/// Extension additions: `extension_additions` (the present ones, hex) and, when some before
/// the last are absent, `extension_additions_present` (`"101"`: one digit per addition).
pub fn extension_additions<'a>(
    o: &Map<String, Value>,
    path: &str,
) -> Result<ExtensionAdditions<'a>, JsonError> {
    let Some(v) = o.get("extension_additions") else {
        if o.contains_key("extension_additions_present") {
            return Err(JsonError::at(
                &join(path, "extension_additions"),
                "missing beside extension_additions_present",
            ));
        }
        return Ok(ExtensionAdditions::default());
    };
    let p = join(path, "extension_additions");
    let present: Vec<Octets<'a>> = arr(v, &p)?
        .iter()
        .enumerate()
        .map(|(i, x)| Octets::from_json(x, &idx(&p, i)))
        .collect::<Result<_, _>>()?;
    let map = match o.get("extension_additions_present") {
        None => vec![true; present.len()],
        Some(m) => {
            let mp = join(path, "extension_additions_present");
            let s = string(m, &mp)?;
            if !s.bytes().all(|c| c == b'0' || c == b'1') {
                return Err(JsonError::at(&mp, "expected a string of 0 and 1"));
            }
            s.bytes().map(|c| c == b'1').collect()
        }
    };
    if map.iter().filter(|p| **p).count() != present.len() || map.is_empty() {
        return Err(JsonError::at(
            &p,
            "the additions do not match extension_additions_present",
        ));
    }
    let mut it = present.into_iter();
    Ok(ExtensionAdditions::new(
        map.into_iter()
            .map(|p| if p { it.next() } else { None })
            .collect(),
    ))
}

/// Keys that the output adds beside a wire value (docs/json.md, Readable values) and the
/// re-encoding fields: skipped by the readers (the wire value is what gets encoded).
pub(crate) fn is_readable_key(k: &str, fields: &[&str]) -> bool {
    matches!(
        k,
        "plmn"
            | "eea"
            | "eia"
            | "enb"
            | "ecgi"
            | "extension_additions"
            | "extension_additions_present"
    ) || k
        .strip_suffix("_ip")
        .is_some_and(|stem| fields.contains(&stem))
}

/// Checks that an object has no key other than `fields` and the readable ones.
pub fn check_keys(o: &Map<String, Value>, fields: &[&str], path: &str) -> Result<(), JsonError> {
    for k in o.keys() {
        if !fields.contains(&k.as_str()) && !is_readable_key(k, fields) {
            return Err(JsonError::at(&join(path, k), "unknown field"));
        }
    }
    Ok(())
}

impl<'a, X: IeSetJson<'a> + ApNames> FromJson<'a> for GlobalEnbId<'a, X> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = obj(v, path)?;
        let [a, b] = X::GLOBAL_ENB_ID;
        check_keys(o, &[a, b, "ie_extensions"], path)?;
        Ok(GlobalEnbId {
            plmn_identity: FromJson::from_json(need(o, a, path)?, &join(path, a))?,
            enb_id: FromJson::from_json(need(o, b, path)?, &join(path, b))?,
            ie_extensions: opt(o, "ie_extensions", path)?,
            extension_additions: extension_additions(o, path)?,
        })
    }
}

impl<'a, X: IeSetJson<'a> + ApNames> FromJson<'a> for Ecgi<'a, X> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = obj(v, path)?;
        let [a, b] = X::ECGI;
        check_keys(o, &[a, b, "ie_extensions"], path)?;
        Ok(Ecgi {
            plmn_identity: FromJson::from_json(need(o, a, path)?, &join(path, a))?,
            cell_id: FromJson::from_json(need(o, b, path)?, &join(path, b))?,
            ie_extensions: opt(o, "ie_extensions", path)?,
            extension_additions: extension_additions(o, path)?,
        })
    }
}

/// An optional component.
pub fn opt<'a, T: FromJson<'a>>(
    o: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<T>, JsonError> {
    o.get(key)
        .map(|v| T::from_json(v, &join(path, key)))
        .transpose()
}

/// A mandatory component.
pub fn req<'a, T: FromJson<'a>>(
    o: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<T, JsonError> {
    T::from_json(need(o, key, path)?, &join(path, key))
}

/// The object of a SEQUENCE, checked against its fields.
pub fn seq_obj<'v>(
    v: &'v Value,
    fields: &[&str],
    path: &str,
) -> Result<&'v Map<String, Value>, JsonError> {
    let o = obj(v, path)?;
    check_keys(o, fields, path)?;
    Ok(o)
}

/// The one key of a CHOICE object.
pub fn choice_key<'v>(v: &'v Value, path: &str) -> Result<(&'v str, &'v Value), JsonError> {
    let o = obj(v, path)?;
    let mut it = o.iter();
    match (it.next(), it.next()) {
        (Some((k, x)), None) => Ok((k.as_str(), x)),
        _ => Err(JsonError::at(
            path,
            "expected an object with one key (a CHOICE)",
        )),
    }
}

// ------------------------------------------------------------------------------------------
// IE containers

/// A raw IE: `{"criticality", "value"}`.
fn raw_ie<'a>(v: &Value, path: &str) -> Result<(Criticality, Octets<'a>), JsonError> {
    let o = obj(v, path)?;
    check_keys(o, &["criticality", "value"], path)?;
    Ok((
        criticality(need(o, "criticality", path)?, &join(path, "criticality"))?,
        req(o, "value", path)?,
    ))
}

/// `ie_<n>` -> n.
fn raw_id(k: &str) -> Option<u16> {
    k.strip_prefix("ie_")?.parse().ok()
}

/// One entry of `ie_layout`: id, criticality, and the octets as received when they are not the
/// canonical encoding of the value.
struct LayoutEntry<'a> {
    id: u16,
    criticality: Criticality,
    wire: Option<Octets<'a>>,
}

fn layout<'a>(v: &Value, path: &str) -> Result<Vec<LayoutEntry<'a>>, JsonError> {
    arr(v, path)?
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let p = idx(path, i);
            let o = seq_obj(e, &["id", "criticality", "wire"], &p)?;
            let id = uint(need(o, "id", &p)?, &join(&p, "id"))?;
            Ok(LayoutEntry {
                id: u16::try_from(id)
                    .map_err(|_| JsonError::at(&join(&p, "id"), "expected 0..=65535"))?,
                criticality: criticality(need(o, "criticality", &p)?, &join(&p, "criticality"))?,
                wire: opt(o, "wire", &p)?,
            })
        })
        .collect()
}

/// Reads IE `id` from `v` (its key `key`: a name for a typed value, `ie_<id>` for a raw one).
fn one_ie<'a, V: IeSetJson<'a>>(
    id: u16,
    key_is_raw: bool,
    v: &Value,
    path: &str,
    crit: Option<Criticality>,
) -> Result<ProtocolIe<'a, V>, JsonError> {
    if key_is_raw {
        let (c, b) = raw_ie(v, path)?;
        return Ok(ProtocolIe {
            id,
            criticality: crit.unwrap_or(c),
            value: IeValue::Raw(b),
            wire: None,
        });
    }
    let criticality = crit.ok_or_else(|| {
        JsonError::at(
            path,
            "no criticality: the ASN.1 gives none for this IE here, give it in ie_layout",
        )
    })?;
    Ok(ProtocolIe {
        id,
        criticality,
        value: IeValue::Typed(V::from_json(id, v, path)?),
        wire: None,
    })
}

/// Reads an IE container from an object keyed by IE name (`skip`: the keys that are not IEs,
/// `dc`: the criticality the ASN.1 gives an IE here).
pub(crate) fn ie_list<'a, V: IeSetJson<'a>>(
    o: &Map<String, Value>,
    path: &str,
    skip: &dyn Fn(&str) -> bool,
    dc: &dyn Fn(u16) -> Option<Criticality>,
) -> Result<IeList<'a, V>, JsonError> {
    let key_of = |k: &str| -> Option<(u16, bool)> {
        if let Some(id) = raw_id(k) {
            return Some((id, true));
        }
        V::id_of(k).map(|id| (id, false))
    };
    let mut items = Vec::new();
    if let Some(lv) = o.get("ie_layout") {
        let lp = join(path, "ie_layout");
        let entries = layout(lv, &lp)?;
        let mut count: HashMap<u16, usize> = HashMap::new();
        for e in &entries {
            *count.entry(e.id).or_default() += 1;
        }
        let mut taken: HashMap<u16, usize> = HashMap::new();
        for (i, e) in entries.into_iter().enumerate() {
            let name = V::name(e.id).filter(|n| o.contains_key(*n));
            let raw = format!("ie_{}", e.id);
            let (key, is_raw) = match name {
                Some(n) => (n.to_string(), false),
                None if o.contains_key(&raw) => (raw, true),
                None => {
                    return Err(JsonError::at(
                        &idx(&lp, i),
                        format!("IE {} of ie_layout is not in the message", e.id),
                    ))
                }
            };
            let k = taken.entry(e.id).or_default();
            let all = &o[&key];
            let (v, p) = if count[&e.id] > 1 {
                let a = arr(all, &join(path, &key))?;
                if a.len() != count[&e.id] {
                    return Err(JsonError::at(
                        &join(path, &key),
                        format!("{} values, ie_layout lists {}", a.len(), count[&e.id]),
                    ));
                }
                (&a[*k], idx(&join(path, &key), *k))
            } else {
                (all, join(path, &key))
            };
            *k += 1;
            let mut ie = one_ie::<V>(e.id, is_raw, v, &p, Some(e.criticality))?;
            if let (Some(w), IeValue::Typed(val)) = (e.wire, &ie.value) {
                // The octets as received stand for the value while it is unchanged.
                // Compared in their JSON form, keys and octets shown: what the JSON can say.
                let same = {
                    let _k = crate::redact::show_keys(true);
                    let _r = crate::redact::show_raw(true);
                    V::wire_json(e.id, w.as_bytes()).is_some()
                        && V::wire_json(e.id, w.as_bytes()) == serde_json::to_value(val).ok()
                };
                if same {
                    ie.wire = Some(Octets(Cow::Owned(w.as_bytes().to_vec())));
                }
            }
            items.push(ie);
        }
        for k in o.keys() {
            if k == "ie_layout" || skip(k) || is_readable_key(k, &[]) {
                continue;
            }
            match key_of(k) {
                Some((id, _)) if taken.contains_key(&id) => {}
                Some(_) => return Err(JsonError::at(&join(path, k), "IE not listed in ie_layout")),
                None => return Err(JsonError::at(&join(path, k), "unknown IE")),
            }
        }
        return Ok(IeList { items });
    }
    for (k, v) in o {
        if skip(k) || is_readable_key(k, &[]) {
            continue;
        }
        let p = join(path, k);
        let Some((id, is_raw)) = key_of(k) else {
            return Err(JsonError::at(&p, "unknown IE"));
        };
        items.push(one_ie::<V>(
            id,
            is_raw,
            v,
            &p,
            if is_raw { None } else { dc(id) },
        )?);
    }
    Ok(IeList { items })
}

/// A list of ProtocolIE-SingleContainer: `[{"<name>": value}, ...]`, with `criticality` beside
/// the value when it is not the one the ASN.1 gives; other ids `{"ie_<id>": {criticality, value}}`.
impl<'a, X: IeSetJson<'a>, T: FromJson<'a>, const ID: u16, const LB: usize, const UB: usize>
    FromJson<'a> for ItemList<'a, X, T, ID, LB, UB>
{
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let a = arr(v, path)?;
        size_check(a.len(), LB, UB, false, path, "items")?;
        let name = crate::ap::ie_label::<X>(ID);
        let mut items = Vec::with_capacity(a.len());
        for (i, x) in a.iter().enumerate() {
            let p = idx(path, i);
            let o = obj(x, &p)?;
            let mut value = None;
            let mut crit = None;
            let mut raw = None;
            for (k, y) in o {
                if *k == name {
                    value = Some(T::from_json(y, &join(&p, k))?);
                } else if k == "criticality" {
                    crit = Some(criticality(y, &join(&p, k))?);
                } else if let Some(id) = raw_id(k) {
                    raw = Some((id, raw_ie(y, &join(&p, k))?));
                } else {
                    return Err(JsonError::at(&join(&p, k), "unknown field"));
                }
            }
            items.push(match (value, raw) {
                (Some(value), None) => Item::Typed {
                    criticality: crit
                        .or_else(|| X::default_criticality(ID))
                        .ok_or_else(|| JsonError::at(&p, "no criticality"))?,
                    value,
                },
                (None, Some((id, (criticality, value)))) if crit.is_none() => Item::Raw {
                    id,
                    criticality,
                    value,
                },
                _ => {
                    return Err(JsonError::at(
                        &p,
                        format!("expected one key, {name} or ie_<id>"),
                    ))
                }
            });
        }
        Ok(ItemList::new(items))
    }
}

// ------------------------------------------------------------------------------------------
// The PDU

/// Keys of a record that are not IEs: the envelope of docs/json.md (also the dissector's, so
/// that a `keyhop read` record encodes as it is) and the re-encoding fields.
fn envelope_key(k: &str) -> bool {
    matches!(
        k,
        "message"
            | "procedure_code"
            | "pdu_type"
            | "criticality"
            | "notes"
            | "extension_additions"
            | "extension_additions_present"
            | "ie_layout"
    ) || super::ENVELOPE_KEYS.contains(&k)
}

fn pdu_type(s: &str) -> Option<PduType> {
    Some(match s {
        "initiating_message" => PduType::InitiatingMessage,
        "successful_outcome" => PduType::SuccessfulOutcome,
        "unsuccessful_outcome" => PduType::UnsuccessfulOutcome,
        _ => return None,
    })
}

/// Reads a PDU of the protocol of `V` from its JSON record.
pub(crate) fn pdu_from_json<'a, V, P>(v: &Value) -> Result<Pdu<'a, V, P>, JsonError>
where
    V: IeSetJson<'a>,
    P: PrivateIeSetJson<'a>,
{
    let o = obj(v, "")?;
    if o.contains_key("error") {
        return Err(JsonError::at(
            "error",
            "the record is a decode error, not a message",
        ));
    }
    let message = o.get("message").map(|m| string(m, "message")).transpose()?;
    if let Some(n) = message.and_then(|m| m.strip_prefix("pdu-extension")) {
        // An extension alternative of the PDU CHOICE: its index and octets.
        let ext_index = n
            .parse()
            .map_err(|_| JsonError::at("message", "expected pdu-extension<index>"))?;
        return Ok(Pdu {
            pdu_type: None,
            ext_index,
            procedure_code: 0,
            criticality: Criticality::Ignore,
            body: Body::Raw(req(o, "value", "")?),
            notes: Vec::new(),
        });
    }
    let (procedure_code, pdu_type) = match (o.get("procedure_code"), o.get("pdu_type")) {
        (Some(c), Some(t)) => {
            let c = uint(c, "procedure_code")?;
            let c =
                u8::try_from(c).map_err(|_| JsonError::at("procedure_code", "expected 0..=255"))?;
            let t = pdu_type(string(t, "pdu_type")?).ok_or_else(|| {
                JsonError::at(
                    "pdu_type",
                    "expected initiating_message, successful_outcome or unsuccessful_outcome",
                )
            })?;
            (c, t)
        }
        _ => {
            // The message name alone.
            let name = message.ok_or_else(|| JsonError::at("message", "missing"))?;
            of_message::<V::Protocol>(name)
                .ok_or_else(|| JsonError::at("message", format!("unknown message {name:?}")))?
        }
    };
    if let (Some(m), Some(known)) = (
        message,
        <V::Protocol as ApProtocol>::message_name(procedure_code, pdu_type),
    ) {
        if m != known {
            return Err(JsonError::at(
                "message",
                format!(
                    "{m} does not match procedure_code {procedure_code} {}",
                    pdu_type.name()
                ),
            ));
        }
    }
    let criticality = criticality(need(o, "criticality", "")?, "criticality")?;
    let body = if procedure_code == <V::Protocol as ApProtocol>::PRIVATE_MESSAGE_CODE {
        Body::Private(private_message::<P>(o)?)
    } else if o.contains_key("value") {
        Body::Raw(req(o, "value", "")?)
    } else {
        let name =
            <V::Protocol as ApProtocol>::message_name(procedure_code, pdu_type).unwrap_or("");
        let dc = |id| {
            <V::Protocol as ApProtocol>::message_ie_criticality(name, id)
                .or_else(|| V::default_criticality(id))
        };
        let ies = ie_list::<V>(o, "", &envelope_key, &dc)?;
        Body::Ies(IeMessage {
            ies,
            extensions: extension_additions(o, "")?,
        })
    };
    Ok(Pdu {
        pdu_type: Some(pdu_type),
        ext_index: 0,
        procedure_code,
        criticality,
        body,
        notes: Vec::new(),
    })
}

fn of_message<A: ApProtocol>(name: &str) -> Option<(u8, PduType)> {
    (0..=255u8).find_map(|c| {
        [
            PduType::InitiatingMessage,
            PduType::SuccessfulOutcome,
            PduType::UnsuccessfulOutcome,
        ]
        .into_iter()
        .find(|t| A::message_name(c, *t) == Some(name))
        .map(|t| (c, t))
    })
}

/// A private IE's key: `ie_<n>` / `ie_<dotted oid>` for raw ones.
fn private_raw_id(k: &str) -> Option<PrivateIeId<'static>> {
    let rest = k.strip_prefix("ie_")?;
    if let Ok(n) = rest.parse::<u16>() {
        return Some(PrivateIeId::Local(n));
    }
    oid_ber(rest).map(|b| PrivateIeId::Global(Octets(Cow::Owned(b))))
}

/// The BER contents of a dotted OBJECT IDENTIFIER.
fn oid_ber(s: &str) -> Option<Vec<u8>> {
    let arcs: Vec<u128> = s
        .split('.')
        .map(|a| a.parse().ok())
        .collect::<Option<_>>()?;
    if arcs.len() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40) {
        return None;
    }
    let mut out = Vec::new();
    let first = arcs[0].checked_mul(40)?.checked_add(arcs[1])?;
    for a in std::iter::once(first).chain(arcs[2..].iter().copied()) {
        let mut groups = vec![(a & 0x7f) as u8];
        let mut x = a >> 7;
        while x > 0 {
            groups.push((x & 0x7f) as u8 | 0x80);
            x >>= 7;
        }
        out.extend(groups.iter().rev());
    }
    Some(out)
}

fn owned_id<'a>(id: &PrivateIeId<'_>) -> PrivateIeId<'a> {
    match id {
        PrivateIeId::Local(n) => PrivateIeId::Local(*n),
        PrivateIeId::Global(o) => PrivateIeId::Global(Octets(Cow::Owned(o.as_bytes().to_vec()))),
    }
}

fn private_key_id(id: &PrivateIeId<'_>) -> String {
    match id {
        PrivateIeId::Local(n) => n.to_string(),
        PrivateIeId::Global(o) => crate::ap::oid_text(o.as_bytes()),
    }
}

/// A PrivateMessage: private IEs keyed by name (typed) or `ie_<id>` (raw), with `ie_layout`
/// (`{"id": n or "dotted oid", "criticality"}`) when the order or a criticality differs from
/// the default (order of the keys; the profile's criticality).
fn private_message<'a, P: PrivateIeSetJson<'a>>(
    o: &Map<String, Value>,
) -> Result<PrivateMessage<'a, P>, JsonError> {
    let key_of = |k: &str| -> Option<(PrivateIeId<'static>, bool)> {
        if let Some(id) = P::id_of(k) {
            return Some((id, false));
        }
        private_raw_id(k).map(|id| (id, true))
    };
    let read = |id: &PrivateIeId<'_>, raw: bool, v: &Value, p: &str, crit: Option<Criticality>| {
        if raw {
            let (c, b) = raw_ie(v, p)?;
            Ok(PrivateIe {
                id: owned_id(id),
                criticality: crit.unwrap_or(c),
                value: PrivateValue::Raw(b),
            })
        } else {
            let value = P::from_json(id, v, p)?;
            Ok(PrivateIe {
                id: owned_id(id),
                criticality: crit
                    .or_else(|| P::default_criticality(id))
                    .ok_or_else(|| JsonError::at(p, "no criticality: give it in ie_layout"))?,
                value: PrivateValue::Typed(value),
            })
        }
    };
    let mut ies = Vec::new();
    if let Some(lv) = o.get("ie_layout") {
        let lp = "ie_layout";
        let a = arr(lv, lp)?;
        let mut entries = Vec::new();
        for (i, e) in a.iter().enumerate() {
            let p = idx(lp, i);
            let eo = seq_obj(e, &["id", "criticality"], &p)?;
            let id = match need(eo, "id", &p)? {
                Value::String(s) => oid_ber(s)
                    .map(|b| PrivateIeId::Global(Octets(Cow::Owned(b))))
                    .ok_or_else(|| JsonError::at(&join(&p, "id"), "expected a dotted OID"))?,
                x => PrivateIeId::Local(
                    u16::try_from(uint(x, &join(&p, "id"))?)
                        .map_err(|_| JsonError::at(&join(&p, "id"), "expected 0..=65535"))?,
                ),
            };
            entries.push((
                id,
                criticality(need(eo, "criticality", &p)?, &join(&p, "criticality"))?,
            ));
        }
        let mut taken: HashMap<String, usize> = HashMap::new();
        let mut count: HashMap<String, usize> = HashMap::new();
        let mut listed: HashSet<String> = HashSet::new();
        for (id, _) in &entries {
            *count.entry(private_key_id(id)).or_default() += 1;
        }
        for (i, (id, crit)) in entries.iter().enumerate() {
            let kid = private_key_id(id);
            let name = P::name(id).filter(|n| o.contains_key(*n));
            let raw = format!("ie_{kid}");
            let (key, is_raw) = match name {
                Some(n) => (n.to_string(), false),
                None if o.contains_key(&raw) => (raw, true),
                None => {
                    return Err(JsonError::at(
                        &idx(lp, i),
                        "private IE of ie_layout is not in the message",
                    ))
                }
            };
            let k = taken.entry(kid.clone()).or_default();
            let all = &o[&key];
            let (v, p) = if count[&kid] > 1 {
                let a = arr(all, &key)?;
                if a.len() > count[&kid] {
                    return Err(JsonError::at(&key, "more values than ie_layout lists"));
                }
                let v = a
                    .get(*k)
                    .ok_or_else(|| JsonError::at(&key, "fewer values than ie_layout lists"))?;
                (v, idx(&key, *k))
            } else {
                (all, key.clone())
            };
            *k += 1;
            ies.push(read(id, is_raw, v, &p, Some(*crit))?);
            listed.insert(key);
        }
        // A private IE that ie_layout leaves out would not be encoded: refused, as ie_list
        // refuses an IE it leaves out.
        if let Some(k) = o
            .keys()
            .find(|k| !envelope_key(k) && !is_readable_key(k, &[]) && !listed.contains(*k))
        {
            return Err(JsonError::at(
                k,
                match key_of(k) {
                    Some(_) => "private IE not listed in ie_layout",
                    None => "unknown private IE",
                },
            ));
        }
    } else {
        for (k, v) in o {
            if envelope_key(k) || is_readable_key(k, &[]) {
                continue;
            }
            let Some((id, raw)) = key_of(k) else {
                return Err(JsonError::at(k, "unknown private IE"));
            };
            match v {
                Value::Array(a) if raw => {
                    for (i, x) in a.iter().enumerate() {
                        ies.push(read(&id, raw, x, &idx(k, i), None)?);
                    }
                }
                _ => ies.push(read(&id, raw, v, k, None)?),
            }
        }
    }
    Ok(PrivateMessage {
        ies,
        extensions: extension_additions(o, "")?,
    })
}

/// A ProtocolIE-Container used as a value (X2AP's EN-DC X2 Setup node types): read as an IE
/// list keyed by name.
impl<'a, X: IeSetJson<'a>> FromJson<'a> for crate::ap::common::IeContainer<'a, X> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        IeList::from_json(v, path).map(crate::ap::common::IeContainer)
    }
}

/// A ProtocolIE-SingleContainer used as a value: an object holding exactly one IE keyed by
/// name (or `ie_<id>`), as the choice-extension alternatives serialize.
impl<'a, X: IeSetJson<'a>> FromJson<'a> for crate::ap::common::SingleIe<'a, X> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let list: IeList<'a, X> = IeList::from_json(v, path)?;
        let n = list.items.len();
        match <[_; 1]>::try_from(list.items) {
            Ok([ie]) => Ok(crate::ap::common::SingleIe(Box::new(ie))),
            Err(_) => Err(JsonError::at(
                path,
                format!("a single container holds one IE, not {n}"),
            )),
        }
    }
}
