//! The GTPv2-C MM Context IE (six forms) from its JSON (`gtpv2::mm_context`'s `Serialize`).

use super::gtpv2::only;
use super::{
    boolean, f_key, f_octets, f_u32, f_u8, join, need, obj, octets, string, u32_at, u8_at,
    JsonError,
};
use crate::gtpv2::mm_context::{
    MmContext, MmContextForm, OldEpsSecurityContext, Quadruplet, Quintuplet, Triplet,
};
use crate::gtpv2::types::IeType;
use crate::gtpv2::values::{Ambr, Tbcd};
use crate::redact::{KeyMaterial, Octets};
use serde_json::{Map, Value};

/// Access restriction flag names, bit 1 first (as `gtpv2::mm_context` shows them).
const ACCESS_RESTRICTION: [&str; 8] = ["una", "gena", "gana", "ina", "ena", "hnna", "nbna", "ecna"];

/// Trailing fields: name, and whether the value is one octet (else length-prefixed octets).
const TRAILING: &[(&str, bool)] = &[
    ("voice_domain_preference", false),
    ("higher_bitrates_than_16mbps_flag", false),
    ("iov_updates_counter", true),
    ("extended_access_restriction_data", false),
    ("ue_radio_capability_for_paging", false),
    ("ue_additional_security_capability", false),
    ("ue_nr_security_capability", false),
    ("apn_rate_control_statuses", false),
    ("core_network_restrictions", false),
    ("ue_radio_capability_id", false),
    ("ensct", true),
];

const KEYS: &[&str] = &[
    "form",
    "security_mode",
    "ksi",
    "cksn",
    "iovi",
    "gupii",
    "ugipai",
    "used_gprs_integrity_algorithm",
    "used_cipher",
    "nas_integrity_algorithm",
    "nas_ciphering_algorithm",
    "nas_downlink_count",
    "nas_uplink_count",
    "kasme",
    "kc",
    "ck",
    "ik",
    "triplets",
    "quadruplets",
    "quintuplets",
    "drx_parameter",
    "nh",
    "ncc",
    "subscribed_ue_ambr",
    "used_ue_ambr",
    "ue_network_capability",
    "ms_network_capability",
    "mei",
    "access_restriction_data",
    "old_eps_security_context",
    "extension",
    "octet5_spare",
    "octet6_spare",
    "octet7_spare",
    "ncc_spare",
    // IE meta keys (read by the IE).
    "instance",
    "extra",
    "ie_spare",
    "spare_bits",
];

fn key_n(
    o: &Map<String, Value>,
    path: &str,
    k: &str,
    n: usize,
) -> Result<KeyMaterial<'static>, JsonError> {
    let b = octets(need(o, k, path)?, &join(path, k))?;
    if b.len() != n {
        return Err(JsonError::at(
            &join(path, k),
            format!("expected {n} octets"),
        ));
    }
    Ok(KeyMaterial::owned(b))
}

fn rand(o: &Map<String, Value>, path: &str) -> Result<Octets<'static>, JsonError> {
    let b = octets(need(o, "rand", path)?, &join(path, "rand"))?;
    if b.len() != 16 {
        return Err(JsonError::at(&join(path, "rand"), "expected 16 octets"));
    }
    Ok(Octets::owned(b))
}

fn flag(o: &Map<String, Value>, path: &str, k: &str, bit: u8) -> Result<u8, JsonError> {
    Ok(if boolean(need(o, k, path)?, &join(path, k))? {
        bit
    } else {
        0
    })
}

fn opt_u8(o: &Map<String, Value>, path: &str, k: &str, max: u8) -> Result<u8, JsonError> {
    o.get(k)
        .map(|v| u8_at(v, &join(path, k), max))
        .transpose()
        .map(|v| v.unwrap_or(0))
}

fn ambr(o: &Map<String, Value>, path: &str, k: &str) -> Result<Option<Ambr>, JsonError> {
    let Some(v) = o.get(k) else { return Ok(None) };
    let p = join(path, k);
    let a = obj(v, &p)?;
    only(a, &p, &["uplink", "downlink"])?;
    Ok(Some(Ambr {
        uplink: f_u32(a, &p, "uplink")?,
        downlink: f_u32(a, &p, "downlink")?,
    }))
}

fn list<'v>(o: &'v Map<String, Value>, path: &str, k: &str) -> Result<&'v [Value], JsonError> {
    match o.get(k) {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(JsonError::at(&join(path, k), "expected an array")),
    }
}

/// An MM Context of IE type `t` from its JSON object.
pub(super) fn mm_context(
    t: IeType,
    v: &Value,
    path: &str,
) -> Result<MmContext<'static>, JsonError> {
    let form = MmContextForm::from_ie_type(t.to_u8())
        .ok_or_else(|| JsonError::at(path, "not an MM Context type"))?;
    let o = obj(v, path)?;
    let trailing: Vec<&str> = TRAILING.iter().map(|(n, _)| *n).collect();
    only(o, path, &[KEYS, &trailing].concat())?;
    if let Some(f) = o.get("form") {
        if string(f, &join(path, "form"))? != form.name() {
            return Err(JsonError::at(
                &join(path, "form"),
                format!("does not match the IE type (form {})", form.name()),
            ));
        }
    }
    let mut m = MmContext::empty(form);
    m.security_mode = f_u8(o, path, "security_mode", 7)?;
    let ksi_name = if form.has_kc() { "cksn" } else { "ksi" };
    m.ksi = u8_at(need(o, ksi_name, path)?, &join(path, ksi_name), 7)?;
    m.octet5_spare = match o.get("octet5_spare") {
        Some(b) => boolean(b, &join(path, "octet5_spare"))?,
        None => false,
    };
    if form.has_gprs_integrity() {
        m.octet6_flags =
            flag(o, path, "iovi", 4)? | flag(o, path, "gupii", 2)? | flag(o, path, "ugipai", 1)?;
        m.octet7 |= f_u8(o, path, "used_gprs_integrity_algorithm", 7)? << 3;
    } else if !form.has_quadruplets() {
        m.octet6_flags = opt_u8(o, path, "octet6_spare", 7)?;
    }
    if form.has_used_cipher() {
        m.octet7 |= f_u8(o, path, "used_cipher", 7)?;
    }
    if !form.is_eps() {
        let spare = opt_u8(o, path, "octet7_spare", 0xff)?;
        if spare & m.octet7_shown_mask() != 0 {
            return Err(JsonError::at(
                &join(path, "octet7_spare"),
                "sets bits that named fields carry",
            ));
        }
        m.octet7 |= spare;
    }
    if form.is_eps() {
        m.nas_integrity_algorithm = f_u8(o, path, "nas_integrity_algorithm", 7)?;
        m.nas_ciphering_algorithm = f_u8(o, path, "nas_ciphering_algorithm", 15)?;
        for (k, slot) in [
            ("nas_downlink_count", &mut m.nas_downlink_count),
            ("nas_uplink_count", &mut m.nas_uplink_count),
        ] {
            *slot = Some(u32_at(need(o, k, path)?, &join(path, k), 0xff_ffff)?);
        }
        m.kasme = Some(key_n(o, path, "kasme", 32)?);
    }
    if form.has_kc() {
        m.kc = Some(key_n(o, path, "kc", 8)?);
    }
    if form.has_ck_ik() {
        m.ck = Some(key_n(o, path, "ck", 16)?);
        m.ik = Some(key_n(o, path, "ik", 16)?);
    }
    for (i, x) in list(o, path, "triplets")?.iter().enumerate() {
        let p = format!("{}[{i}]", join(path, "triplets"));
        let t = obj(x, &p)?;
        only(t, &p, &["rand", "sres", "kc"])?;
        m.triplets.push(Triplet {
            rand: rand(t, &p)?,
            sres: key_n(t, &p, "sres", 4)?,
            kc: key_n(t, &p, "kc", 8)?,
        });
    }
    for (i, x) in list(o, path, "quadruplets")?.iter().enumerate() {
        let p = format!("{}[{i}]", join(path, "quadruplets"));
        let q = obj(x, &p)?;
        only(q, &p, &["rand", "xres", "autn", "kasme"])?;
        m.quadruplets.push(Quadruplet {
            rand: rand(q, &p)?,
            xres: f_key(q, &p, "xres")?,
            autn: f_key(q, &p, "autn")?,
            kasme: key_n(q, &p, "kasme", 32)?,
        });
    }
    for (i, x) in list(o, path, "quintuplets")?.iter().enumerate() {
        let p = format!("{}[{i}]", join(path, "quintuplets"));
        let q = obj(x, &p)?;
        only(q, &p, &["rand", "xres", "ck", "ik", "autn"])?;
        m.quintuplets.push(Quintuplet {
            rand: rand(q, &p)?,
            xres: f_key(q, &p, "xres")?,
            ck: key_n(q, &p, "ck", 16)?,
            ik: key_n(q, &p, "ik", 16)?,
            autn: f_key(q, &p, "autn")?,
        });
    }
    if let Some(d) = o.get("drx_parameter") {
        let p = join(path, "drx_parameter");
        m.drx_parameter = Some(
            octets(d, &p)?
                .try_into()
                .map_err(|_| JsonError::at(&p, "expected 2 octets"))?,
        );
    }
    if o.contains_key("nh") {
        m.nh = Some(key_n(o, path, "nh", 32)?);
        m.ncc = f_u8(o, path, "ncc", 7)?;
        m.ncc_spare = opt_u8(o, path, "ncc_spare", 0x1f)?;
    }
    m.subscribed_ue_ambr = ambr(o, path, "subscribed_ue_ambr")?;
    m.used_ue_ambr = ambr(o, path, "used_ue_ambr")?;
    m.ue_network_capability = f_octets(o, path, "ue_network_capability")?;
    m.ms_network_capability = f_octets(o, path, "ms_network_capability")?;
    let mei = string(need(o, "mei", path)?, &join(path, "mei"))?;
    if !mei
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    {
        return Err(JsonError::at(&join(path, "mei"), "expected TBCD digits"));
    }
    m.mei = Octets::owned(
        Tbcd(mei.to_string())
            .to_octets()
            .map_err(|e| JsonError::at(&join(path, "mei"), e.detail.clone()))?,
    );
    if let Some(a) = o.get("access_restriction_data") {
        let p = join(path, "access_restriction_data");
        let a = obj(a, &p)?;
        only(a, &p, &ACCESS_RESTRICTION)?;
        let mut b = 0u8;
        for (i, n) in ACCESS_RESTRICTION.iter().enumerate() {
            b |= flag(a, &p, n, 1 << i)?;
        }
        m.access_restriction_data = Some(b);
    }
    if let Some(x) = o.get("old_eps_security_context") {
        let p = join(path, "old_eps_security_context");
        let c = obj(x, &p)?;
        only(c, &p, &["ksi", "ncc", "kasme", "nh", "spare"])?;
        m.old_eps_security_context = Some(OldEpsSecurityContext {
            spare: match c.get("spare") {
                Some(b) => boolean(b, &join(&p, "spare"))?,
                None => false,
            },
            ksi: f_u8(c, &p, "ksi", 7)?,
            ncc: f_u8(c, &p, "ncc", 7)?,
            kasme: key_n(c, &p, "kasme", 32)?,
            nh: if c.contains_key("nh") {
                Some(key_n(c, &p, "nh", 32)?)
            } else {
                None
            },
        });
    }
    for &(name, byte) in TRAILING {
        let Some(x) = o.get(name) else { continue };
        let p = join(path, name);
        match name {
            "iov_updates_counter" => m.iov_updates_counter = Some(u8_at(x, &p, 255)?),
            "ensct" => m.ensct = Some(u8_at(x, &p, 255)?),
            _ => {
                debug_assert!(!byte);
                let b = Some(Octets::owned(octets(x, &p)?));
                match name {
                    "voice_domain_preference" => m.voice_domain_preference = b,
                    "higher_bitrates_than_16mbps_flag" => m.higher_bitrates_flag = b,
                    "extended_access_restriction_data" => m.extended_access_restriction_data = b,
                    "ue_radio_capability_for_paging" => m.ue_radio_capability_for_paging = b,
                    "ue_additional_security_capability" => m.ue_additional_security_capability = b,
                    "ue_nr_security_capability" => m.ue_nr_security_capability = b,
                    "apn_rate_control_statuses" => m.apn_rate_control_statuses = b,
                    "core_network_restrictions" => m.core_network_restrictions = b,
                    _ => m.ue_radio_capability_id = b,
                }
            }
        }
    }
    if o.contains_key("extension") {
        m.extension = f_octets(o, path, "extension")?;
    }
    Ok(m)
}
