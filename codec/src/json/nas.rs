//! NAS JSON back to wire: the `nas` objects of docs/json.md ("NAS messages"), as `keyhop read`
//! prints them in a record's `nas` array and Python's `keyhop.nas.decode` returns them.
//!
//! The security header from `security_header_type`, `mac` / `short_mac`, `ksi`,
//! `sequence_number`; the message from `message` (its IEs by key: the mandatory ones of the
//! message's layout in order, then the optional ones in key order), or from the octets keyhop
//! kept where it read none (`message_octets`, `octets`). Readable values (`security_header`,
//! `name`, `emm_cause_name`, `ciphering_algorithm`, `h_key_delivery`...) are ignored.

use super::{int, need, obj, octets, string, u8_at, JsonError};
use crate::nas::msg::{
    hidden_bits, identity_octets, mobile_identity, IdentityRepr, DETACH_TYPES_DOWNLINK,
    DETACH_TYPES_UPLINK, EPS_ATTACH_RESULTS, EPS_ATTACH_TYPES, EPS_UPDATE_RESULTS,
    EPS_UPDATE_TYPES, IDENTITY_TYPES,
};
use crate::nas::pdu::{layout, optional_form, Form, Header, Ie, IeKind, PlainMessage};
use crate::redact::Octets;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Keys of a `nas` object that are read for something else or not at all.
const VIEW_SKIPPED: &[&str] = &["item", "security_header", "null_ciphering", "note"];

/// Keys of a message object that show readable values only (the wire value is elsewhere).
const READABLE: &[&str] = &[
    "name",
    "notes",
    "emm_cause_name",
    "ue_security_algorithms",
    "ciphering_algorithm",
    "integrity_algorithm",
    "replayed_ue_security_algorithms",
    "generic_message_container_length",
    "h_key_delivery",
];

/// Encodes one `nas` object.
pub(crate) fn encode(v: &Value) -> Result<Vec<u8>, JsonError> {
    let o = obj(v, "")?;
    let known = [
        "security_header_type",
        "mac",
        "short_mac",
        "ksi",
        "sequence_number",
        "message",
        "message_octets",
        "trailing_octets",
        "octets",
    ];
    for k in o.keys() {
        if !known.contains(&k.as_str()) && !VIEW_SKIPPED.contains(&k.as_str()) {
            return Err(JsonError::at(k, "unknown key"));
        }
    }
    if let Some(b) = o.get("octets") {
        return octets(b, "octets");
    }
    let sht = u8_at(
        need(o, "security_header_type", "")?,
        "security_header_type",
        15,
    )?;
    let mut out = Vec::new();
    match sht {
        0 => out = message(need(o, "message", "")?, "message", 0)?,
        1..=5 => {
            out.push((sht << 4) | crate::nas::EPS_MM_PD);
            out.extend(fixed::<4>(o, "mac")?);
            out.push(u8_at(
                need(o, "sequence_number", "")?,
                "sequence_number",
                255,
            )?);
            match (o.get("message"), o.get("message_octets")) {
                (Some(m), None) => out.extend(message(m, "message", 0)?),
                (None, Some(b)) => out.extend(octets(b, "message_octets")?),
                _ => {
                    return Err(JsonError::at(
                        "message",
                        "expected one of message and message_octets",
                    ))
                }
            }
        }
        12..=15 => {
            out.push((sht << 4) | crate::nas::EPS_MM_PD);
            let ksi = u8_at(need(o, "ksi", "")?, "ksi", 7)?;
            let sqn = u8_at(need(o, "sequence_number", "")?, "sequence_number", 31)?;
            out.push((ksi << 5) | sqn);
            out.extend(fixed::<2>(o, "short_mac")?);
            if let Some(t) = o.get("trailing_octets") {
                out.extend(octets(t, "trailing_octets")?);
            }
        }
        _ => {
            return Err(JsonError::at(
                "security_header_type",
                "expected 0..=5 or 12..=15 (a reserved type comes with its octets)",
            ))
        }
    }
    Ok(out)
}

/// Octets of exactly `N`.
fn fixed<const N: usize>(o: &Map<String, Value>, key: &str) -> Result<[u8; N], JsonError> {
    octets(need(o, key, "")?, key)?
        .try_into()
        .map_err(|_| JsonError::at(key, format!("expected {N} octets")))
}

/// A plain message object at `path`; `depth` 1 inside an ESM message container.
fn message(v: &Value, path: &str, depth: u8) -> Result<Vec<u8>, JsonError> {
    let o = obj(v, path)?;
    let p = |k: &str| super::join(path, k);
    let t = u8_at(need(o, "message_type", path)?, &p("message_type"), 255)?;
    let header = match string(need(o, "protocol", path)?, &p("protocol"))? {
        "emm" => Header::Emm,
        "esm" => Header::Esm {
            eps_bearer_identity: u8_at(
                need(o, "eps_bearer_identity", path)?,
                &p("eps_bearer_identity"),
                15,
            )?,
            procedure_transaction_identity: u8_at(
                need(o, "procedure_transaction_identity", path)?,
                &p("procedure_transaction_identity"),
                255,
            )?,
        },
        _ => return Err(JsonError::at(&p("protocol"), "expected emm or esm")),
    };
    // The DETACH REQUEST's layout depends on the direction: the uplink one has a KSI.
    let uplink = if t == 0x45 && header == Header::Emm {
        let dl_name = o
            .get("detach_type")
            .and_then(Value::as_str)
            .is_some_and(|s| DETACH_TYPES_DOWNLINK.iter().any(|(_, n)| *n == s));
        if o.contains_key("nas_key_set_identifier") {
            Some(true)
        } else if dl_name
            || o.keys()
                .any(|k| k.starts_with("ie_") || k.starts_with("emm_cause"))
        {
            Some(false)
        } else {
            None
        }
    } else {
        None
    };
    let mut m = PlainMessage {
        header,
        message_type: t,
        ies: Vec::new(),
        trailing: Octets::default(),
    };
    let mut consumed: HashSet<String> = [
        "protocol",
        "message_type",
        "eps_bearer_identity",
        "procedure_transaction_identity",
        "trailing_octets",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let l = layout(header, t, uplink);
    if let Some(l) = &l {
        let mut missing: Option<&str> = None;
        for &(name, form, len, kind) in l.mandatory {
            if !o.contains_key(name) {
                missing.get_or_insert(name);
                continue;
            }
            if let Some(first) = missing {
                return Err(JsonError::at(
                    &p(first),
                    "missing (a later mandatory IE is present)",
                ));
            }
            let value = kind_value(kind, name, "", o, path, depth, &mut consumed)?;
            if form == Form::V && value.len() != len {
                return Err(JsonError::at(&p(name), format!("expected {len} octets")));
            }
            m.ies.push(Ie {
                iei: None,
                form,
                kind,
                name: Some(name),
                value: Octets::owned(value),
            });
        }
    }
    // The optional IEs, in key order (the order keyhop wrote them in: wire order).
    for k in o.keys() {
        let (base, suffix) = match k.split_once('#') {
            Some((b, n)) => (b, format!("#{n}")),
            None => (k.as_str(), String::new()),
        };
        if consumed.contains(k) || READABLE.contains(&base) {
            continue;
        }
        let Some(l) = l.filter(|l| l.optionals) else {
            return Err(JsonError::at(
                &p(k),
                "unknown key (no optional IEs in this message as keyhop lays it out)",
            ));
        };
        let (iei, kind) = if let Some(h) = base.strip_prefix("ie_") {
            let iei = u8::from_str_radix(h, 16)
                .ok()
                .filter(|_| h.len() == 2)
                .ok_or_else(|| JsonError::at(&p(k), "expected ie_ and two hex digits"))?;
            (iei, IeKind::Raw)
        } else if let Some(&(iei, _, kind)) = l.optional.iter().find(|(_, n, _)| *n == base) {
            (iei, kind)
        } else {
            return Err(JsonError::at(&p(k), "unknown key"));
        };
        let (form, len) = optional_form(iei, l.fixed);
        if form == Form::Half && iei & 0x0f != 0 {
            return Err(JsonError::at(
                &p(k),
                "a one-octet IE is named by its high nibble (ie_<h>0)",
            ));
        }
        let value = if form == Form::Half && kind == IeKind::Raw {
            consumed.insert(k.clone());
            vec![u8_at(&o[k], &p(k), 15)?]
        } else {
            kind_value(kind, base, &suffix, o, path, depth, &mut consumed)?
        };
        if form == Form::Tv && value.len() != len {
            return Err(JsonError::at(&p(k), format!("expected {len} octets")));
        }
        m.ies.push(Ie {
            iei: Some(iei),
            form,
            kind,
            name: l.named(iei).filter(|_| kind != IeKind::Raw).map(|(n, _)| n),
            value: Octets::owned(value),
        });
    }
    if let Some(t) = o.get("trailing_octets") {
        m.trailing = Octets::owned(octets(t, &p("trailing_octets"))?);
    }
    m.encode()
        .map_err(|e| JsonError::at(&super::join(path, &e.path), e.detail.to_string()))
}

/// The value octets of an IE of `kind` keyed `key` (+ `suffix` for a repeated one); marks the
/// keys it read as consumed.
#[allow(clippy::too_many_arguments)]
fn kind_value(
    kind: IeKind,
    key: &str,
    suffix: &str,
    o: &Map<String, Value>,
    path: &str,
    depth: u8,
    consumed: &mut HashSet<String>,
) -> Result<Vec<u8>, JsonError> {
    let mut get = |k: &str| -> Result<(&Value, String), JsonError> {
        let full = format!("{k}{suffix}");
        let path = super::join(path, &full);
        let v = o
            .get(&full)
            .ok_or_else(|| JsonError::at(&path, "missing"))?;
        consumed.insert(full);
        Ok((v, path))
    };
    let (v, vp) = get(key)?;
    let hidden = hidden_bits(kind);
    let spare_key = format!("{key}_spare_bits");
    let spare = match o.get(&format!("{spare_key}{suffix}")) {
        Some(_) if hidden == 0 => return Err(JsonError::at(&vp, "has no spare bits")),
        Some(_) => {
            let (s, sp) = get(&spare_key)?;
            let s = u8_at(s, &sp, 255)?;
            if s & !hidden != 0 {
                return Err(JsonError::at(
                    &sp,
                    format!("expected bits of {hidden:#04x}"),
                ));
            }
            s
        }
        None => 0,
    };
    let one = |b: u8| Ok(vec![b | spare]);
    match kind {
        IeKind::Raw => octets(v, &vp),
        IeKind::AttachTypeKsi | IeKind::UpdateTypeKsi => {
            let table = if kind == IeKind::AttachTypeKsi {
                EPS_ATTACH_TYPES
            } else {
                EPS_UPDATE_TYPES
            };
            let t = named(table, v, &vp)?;
            let (k, kp) = get("nas_key_set_identifier")?;
            one((ksi(k, &kp)? << 4) | t)
        }
        IeKind::AttachResult => one(named(EPS_ATTACH_RESULTS, v, &vp)?),
        IeKind::UpdateResult => one(named(EPS_UPDATE_RESULTS, v, &vp)?),
        IeKind::IdentityType => one(named(IDENTITY_TYPES, v, &vp)?),
        IeKind::DetachUplink | IeKind::DetachDownlink | IeKind::DetachAny => {
            let table = match kind {
                IeKind::DetachUplink => DETACH_TYPES_UPLINK,
                IeKind::DetachDownlink => DETACH_TYPES_DOWNLINK,
                _ => &[],
            };
            let s = string(v, &vp)?;
            let t = match table.iter().find(|(_, n)| *n == s) {
                Some(&(t, _)) => t,
                None => s
                    .strip_prefix("type ")
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| *n <= 7)
                    .ok_or_else(|| JsonError::at(&vp, "unknown detach type"))?,
            };
            let (so, sop) = get("switch_off")?;
            let off = match string(so, &sop)? {
                "switch_off" => 0x08,
                "normal" => 0,
                _ => return Err(JsonError::at(&sop, "expected switch_off or normal")),
            };
            let k = if kind == IeKind::DetachUplink {
                let (k, kp) = get("nas_key_set_identifier")?;
                ksi(k, &kp)? << 4
            } else {
                0
            };
            one(k | off | t)
        }
        IeKind::ServiceTypeKsi => {
            let t = u8_at(v, &vp, 15)?;
            let (k, kp) = get("nas_key_set_identifier")?;
            one((ksi(k, &kp)? << 4) | t)
        }
        IeKind::KsiLow => one(ksi(v, &vp)?),
        IeKind::EmmCause | IeKind::GenericContainerType => Ok(vec![u8_at(v, &vp, 255)?]),
        IeKind::SelectedAlgorithms
        | IeKind::UeNetworkCapability
        | IeKind::ReplayedUeSecurityCapabilities
        | IeKind::GenericContainer => octets(v, &vp),
        IeKind::EpsMobileIdentity | IeKind::MobileIdentity => {
            identity(v, &vp, kind == IeKind::EpsMobileIdentity)
        }
        IeKind::EsmContainer => match v {
            Value::Object(_) if depth == 0 => message(v, &vp, 1),
            Value::Object(_) => Err(JsonError::at(&vp, "an ESM container inside one")),
            _ => octets(v, &vp),
        },
    }
}

/// A value named in `table`, or `reserved(n)` (3 bits).
fn named(table: &[(u8, &str)], v: &Value, path: &str) -> Result<u8, JsonError> {
    let s = string(v, path)?;
    if let Some(&(n, _)) = table.iter().find(|(_, name)| *name == s) {
        return Ok(n);
    }
    s.strip_prefix("reserved(")
        .and_then(|r| r.strip_suffix(')'))
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| *n <= 7)
        .ok_or_else(|| JsonError::at(path, "unknown value name"))
}

/// A NAS key set identifier `{"tsc", "ksi"}`: its 4 bits.
fn ksi(v: &Value, path: &str) -> Result<u8, JsonError> {
    let o = obj(v, path)?;
    let tsc = match string(need(o, "tsc", path)?, &super::join(path, "tsc"))? {
        "native" => 0,
        "mapped" => 8,
        _ => {
            return Err(JsonError::at(
                &super::join(path, "tsc"),
                "expected native or mapped",
            ))
        }
    };
    let kp = super::join(path, "ksi");
    let k = match need(o, "ksi", path)? {
        Value::String(s) if s == "no key available" => 7,
        k => u8_at(k, &kp, 6)?,
    };
    Ok(tsc | k)
}

/// A mobile identity object: its `wire` octets while the fields are the ones they show, else
/// the fields' canonical octets.
fn identity(v: &Value, path: &str, eps: bool) -> Result<Vec<u8>, JsonError> {
    let o = obj(v, path)?;
    let p = |k: &str| super::join(path, k);
    if let Some(w) = o.get("wire") {
        let w = octets(w, &p("wire"))?;
        // Compared as printed with raw octets shown (the caller's text was).
        let _raw = crate::redact::show_raw(true);
        let shown = serde_json::to_value(mobile_identity(&w, eps).0)
            .map_err(|e| JsonError::at(path, e.to_string()))?;
        if &shown == v {
            return Ok(w);
        }
    }
    let hex_n = |k: &str, n: usize| -> Result<u64, JsonError> {
        let s = string(need(o, k, path)?, &p(k))?;
        let s = s.strip_prefix("0x").unwrap_or(s);
        if s.len() != n || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(JsonError::at(&p(k), format!("expected {n} hex digits")));
        }
        u64::from_str_radix(s, 16).map_err(|_| JsonError::at(&p(k), "expected hex digits"))
    };
    let ty = need(o, "type", path)?;
    let digits;
    let other;
    let repr = match ty {
        Value::Number(_) => {
            let t = int(ty, &p("type"))?;
            if !(0..=7).contains(&t) {
                return Err(JsonError::at(&p("type"), "expected 0..=7"));
            }
            other = octets(need(o, "value", path)?, &p("value"))?;
            IdentityRepr::Other(&other)
        }
        _ => match string(ty, &p("type"))? {
            t @ ("imsi" | "imei" | "imeisv") => {
                digits = string(need(o, t, path)?, &p(t))?;
                let type_code = match (t, eps) {
                    ("imsi", _) => 1,
                    ("imei", false) => 2,
                    _ => 3,
                };
                IdentityRepr::Digits { type_code, digits }
            }
            "guti" => {
                let plmn = octets(need(o, "plmn_identity", path)?, &p("plmn_identity"))?;
                IdentityRepr::Guti {
                    plmn_identity: plmn
                        .try_into()
                        .map_err(|_| JsonError::at(&p("plmn_identity"), "expected 3 octets"))?,
                    mme_group_id: hex_n("mme_group_id", 4)? as u16,
                    mme_code: hex_n("mme_code", 2)? as u8,
                    m_tmsi: hex_n("m_tmsi", 8)? as u32,
                }
            }
            "tmsi" => IdentityRepr::Tmsi(hex_n("tmsi", 8)? as u32),
            "none" => IdentityRepr::Empty,
            _ => return Err(JsonError::at(&p("type"), "unknown identity type")),
        },
    };
    identity_octets(&repr).ok_or_else(|| JsonError::at(path, "expected hex digits"))
}

#[cfg(test)]
mod tests {
    use crate::nas::msg::NasView;
    use crate::redact::{show_keys, show_raw};

    fn round(h: &str, up: Option<bool>) {
        let b = hex::decode(h).unwrap();
        let j = {
            let _k = show_keys(true);
            let _r = show_raw(true);
            serde_json::to_string(&NasView::of(&b, up)).unwrap()
        };
        let out = crate::json::encode("nas", &j).unwrap_or_else(|e| panic!("{e}\n{j}"));
        assert_eq!(hex::encode(out), h, "{j}");
    }

    #[test]
    fn views_encode_back() {
        let more = [
            "07560801101010325476a8",
            "0756090110101032547698f1",
            "0745015303",
            "074509080910101032547698",
            "074c1105f4deadbeef",
            "0755f9",
            "0741fa",
            "07417108011010000000002002e0e00004",
        ];
        // The codec's samples, then layouts only the views meet (identities, odd IEs).
        for h in crate::nas::pdu::SAMPLE_PDUS.iter().chain(&more) {
            for up in [None, Some(true), Some(false)] {
                round(h, up);
            }
        }
    }

    /// An IE sent again and again (a hostile run of one-octet IEs): keys `ie_f0`, `ie_f0#2`...
    /// all encoded back, in linear time.
    #[test]
    fn a_long_run_of_repeated_ies_round_trips() {
        let mut b = vec![0x07, 0x5e];
        b.extend((0..20_000).map(|i| 0xf0 | (i % 16) as u8));
        b.extend([0x23, 0x05, 0xf4, 1, 2, 3, 4, 0x23, 0x01, 0xf4]);
        let j = serde_json::to_value(NasView::of(&b, None)).unwrap();
        assert_eq!(j["message"]["ie_f0#20000"], 15);
        assert_eq!(j["message"]["mobile_identity#2"]["type"], 4);
        assert_eq!(crate::json::encode_value("nas", &j).unwrap(), b);
    }

    #[test]
    fn edits_and_errors() {
        let j = serde_json::to_value(NasView::of(&[0x07, 0x44, 0x08], None)).unwrap();
        let mut e = j.clone();
        e["message"]["emm_cause"] = 3.into();
        assert_eq!(
            crate::json::encode_value("nas", &e).unwrap(),
            [0x07, 0x44, 0x03]
        );
        e["message"]["emm_cause"] = 300.into();
        let err = crate::json::encode_value("nas", &e)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "nas: message.emm_cause: expected 0..=255");
        let mut e = j.clone();
        e["message"]["bogus"] = 1.into();
        let err = crate::json::encode_value("nas", &e)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("nas: message.bogus: unknown key"), "{err}");
        // Redacted raw octets (more than 4) cannot be encoded.
        let b = hex::decode("2767a1d4c5055e3e11da0102").unwrap();
        let j = serde_json::to_string(&NasView::of(&b, None)).unwrap();
        let err = crate::json::encode("nas", &j).unwrap_err().to_string();
        assert!(
            err.starts_with("nas: message_octets: value is redacted"),
            "{err}"
        );
        // An edited IMSI is encoded as edited.
        let b = hex::decode("0756080910101032547698").unwrap();
        let mut j = serde_json::to_value(NasView::of(&b, None)).unwrap();
        j["message"]["mobile_identity"]["imsi"] = "00101012345678".into();
        let out = crate::json::encode_value("nas", &j).unwrap();
        assert_eq!(hex::encode(out), "07560801101010325476f8");
    }
}
