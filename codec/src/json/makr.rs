//! JSON readers of the MAKR types (key-refresh.md section 2), mirroring their `Serialize`.

use super::ap::{extension_additions, req, FromJson, PrivateIeSetJson};
use super::{join, octets, uint, JsonError};
use crate::ap::PrivateIeId;
use crate::makr::*;
use crate::redact::{KeyMaterial, Octets};
use serde_json::{Map, Value};
use std::borrow::Cow;

fn object<'v>(
    v: &'v Value,
    fields: &[&str],
    path: &str,
) -> Result<&'v Map<String, Value>, JsonError> {
    super::ap::seq_obj(v, fields, path)
}

fn small<T: TryFrom<u64>>(v: &Value, path: &str, max: u64) -> Result<T, JsonError> {
    let n = uint(v, path)?;
    if n > max {
        return Err(JsonError::at(path, format!("expected 0..={max}")));
    }
    T::try_from(n).map_err(|_| JsonError::at(path, format!("expected 0..={max}")))
}

fn need<'v>(o: &'v Map<String, Value>, key: &str, path: &str) -> Result<&'v Value, JsonError> {
    o.get(key)
        .ok_or_else(|| JsonError::at(&join(path, key), "missing"))
}

fn ue_id(o: &Map<String, Value>, key: &str, path: &str) -> Result<u32, JsonError> {
    let p = join(path, key);
    small(
        o.get(key).ok_or_else(|| JsonError::at(&p, "missing"))?,
        &p,
        u32::MAX as u64,
    )
}

fn list<T>(
    o: &Map<String, Value>,
    key: &str,
    path: &str,
    lb: usize,
    ub: usize,
    f: impl Fn(&Value, &str) -> Result<T, JsonError>,
) -> Result<Vec<T>, JsonError> {
    let p = join(path, key);
    let a = o
        .get(key)
        .ok_or_else(|| JsonError::at(&p, "missing"))?
        .as_array()
        .ok_or_else(|| JsonError::at(&p, "expected an array"))?;
    if a.len() < lb || a.len() > ub {
        return Err(JsonError::at(
            &p,
            format!("{} items, expected {lb}..={ub}", a.len()),
        ));
    }
    a.iter()
        .enumerate()
        .map(|(i, x)| f(x, &format!("{p}[{i}]")))
        .collect()
}

impl<'a> FromJson<'a> for EnbId<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let (k, x) = super::ap::choice_key(v, path)?;
        let p = join(path, k);
        Ok(match k {
            "macro_enb_id" => EnbId::Macro(small(x, &p, (1 << 20) - 1)?),
            "home_enb_id" => EnbId::Home(small(x, &p, (1 << 28) - 1)?),
            "short_macro_enb_id" => EnbId::ShortMacro(small(x, &p, (1 << 18) - 1)?),
            "long_macro_enb_id" => EnbId::LongMacro(small(x, &p, (1 << 21) - 1)?),
            _ => match super::ap::unknown_index(k) {
                Some(index) => EnbId::Unknown {
                    index,
                    value: Octets::from_json(x, &p)?,
                },
                None => return Err(JsonError::at(&p, "not an alternative of ENB-ID")),
            },
        })
    }
}

impl<'a> FromJson<'a> for EnbIdentity<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = object(v, &["plmn_identity", "enb_id"], path)?;
        let p = join(path, "plmn_identity");
        let plmn: [u8; 3] = octets(
            o.get("plmn_identity")
                .ok_or_else(|| JsonError::at(&p, "missing"))?,
            &p,
        )?
        .try_into()
        .map_err(|_| JsonError::at(&p, "expected 3 octets"))?;
        Ok(EnbIdentity {
            plmn_identity: plmn,
            enb_id: req(o, "enb_id", path)?,
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for KeyDistributionItem<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = object(v, &["enb_identity", "key_id", "mme_enb_key"], path)?;
        let kp = join(path, "mme_enb_key");
        let key = octets(
            o.get("mme_enb_key")
                .ok_or_else(|| JsonError::at(&kp, "missing"))?,
            &kp,
        )?;
        if !(16..=32).contains(&key.len()) {
            return Err(JsonError::at(&kp, "expected 16..=32 octets"));
        }
        Ok(KeyDistributionItem {
            enb_identity: req(o, "enb_identity", path)?,
            key_id: small(need(o, "key_id", path)?, &join(path, "key_id"), 255)?,
            mme_enb_key: KeyMaterial::owned(key),
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for KeyDistribution<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = object(v, &["keys"], path)?;
        Ok(KeyDistribution {
            keys: list(o, "keys", path, 1, MAX_DISTRIBUTED_KEYS, |x, p| {
                KeyDistributionItem::from_json(x, p)
            })?,
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for NeighbourKeyRequest<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = object(
            v,
            &[
                "mme_ue_s1ap_id",
                "enb_ue_s1ap_id",
                "serving_enb",
                "neighbours",
            ],
            path,
        )?;
        Ok(NeighbourKeyRequest {
            mme_ue_s1ap_id: ue_id(o, "mme_ue_s1ap_id", path)?,
            enb_ue_s1ap_id: ue_id(o, "enb_ue_s1ap_id", path)?,
            serving_enb: req(o, "serving_enb", path)?,
            neighbours: list(o, "neighbours", path, 1, MAX_NEIGHBOURS, |x, p| {
                EnbIdentity::from_json(x, p)
            })?,
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for WrappedKeyItem<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = object(
            v,
            &["target_enb", "key_id", "wrap_algorithm", "wrapped_kenb"],
            path,
        )?;
        let wp = join(path, "wrapped_kenb");
        let w = octets(
            o.get("wrapped_kenb")
                .ok_or_else(|| JsonError::at(&wp, "missing"))?,
            &wp,
        )?;
        if !(16..=64).contains(&w.len()) {
            return Err(JsonError::at(&wp, "expected 16..=64 octets"));
        }
        Ok(WrappedKeyItem {
            target_enb: req(o, "target_enb", path)?,
            key_id: small(need(o, "key_id", path)?, &join(path, "key_id"), 255)?,
            wrap_algorithm: req(o, "wrap_algorithm", path)?,
            wrapped_kenb: Octets(Cow::Owned(w)),
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for NeighbourKeyResponse<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = object(
            v,
            &[
                "mme_ue_s1ap_id",
                "enb_ue_s1ap_id",
                "refresh_counter",
                "kdf",
                "wrapped_keys",
            ],
            path,
        )?;
        Ok(NeighbourKeyResponse {
            mme_ue_s1ap_id: ue_id(o, "mme_ue_s1ap_id", path)?,
            enb_ue_s1ap_id: ue_id(o, "enb_ue_s1ap_id", path)?,
            refresh_counter: small(
                need(o, "refresh_counter", path)?,
                &join(path, "refresh_counter"),
                65535,
            )?,
            kdf: req(o, "kdf", path)?,
            wrapped_keys: list(o, "wrapped_keys", path, 1, MAX_NEIGHBOURS, |x, p| {
                WrappedKeyItem::from_json(x, p)
            })?,
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for WrappedKeNB<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = object(v, &["refresh_counter", "kdf", "key"], path)?;
        Ok(WrappedKeNB {
            refresh_counter: small(
                need(o, "refresh_counter", path)?,
                &join(path, "refresh_counter"),
                65535,
            )?,
            kdf: req(o, "kdf", path)?,
            key: req(o, "key", path)?,
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> PrivateIeSetJson<'a> for MakrPrivateIe<'a> {
    fn from_json(id: &PrivateIeId<'_>, v: &Value, path: &str) -> Result<Self, JsonError> {
        Ok(match id {
            PrivateIeId::Local(ID_KEY_DISTRIBUTION) => {
                MakrPrivateIe::KeyDistribution(FromJson::from_json(v, path)?)
            }
            PrivateIeId::Local(ID_NEIGHBOUR_KEY_REQUEST) => {
                MakrPrivateIe::NeighbourKeyRequest(FromJson::from_json(v, path)?)
            }
            PrivateIeId::Local(ID_NEIGHBOUR_KEY_RESPONSE) => {
                MakrPrivateIe::NeighbourKeyResponse(FromJson::from_json(v, path)?)
            }
            _ => return Err(JsonError::at(path, "not a MAKR private IE")),
        })
    }
    fn id_of(name: &str) -> Option<PrivateIeId<'static>> {
        Some(PrivateIeId::Local(match name {
            "key_distribution" => ID_KEY_DISTRIBUTION,
            "neighbour_key_request" => ID_NEIGHBOUR_KEY_REQUEST,
            "neighbour_key_response" => ID_NEIGHBOUR_KEY_RESPONSE,
            _ => return None,
        }))
    }
}

/// Reads a bare MAKR type (`makr:<Type>` of [`super::encode`]) and writes its APER.
pub(crate) fn encode_type(ty: &str, v: &Value) -> Result<Vec<u8>, JsonError> {
    let enc = super::encode_error;
    match ty {
        "KeyDistribution" => KeyDistribution::from_json(v, "")?.to_aper().map_err(enc),
        "NeighbourKeyRequest" => NeighbourKeyRequest::from_json(v, "")?.to_aper().map_err(enc),
        "NeighbourKeyResponse" => NeighbourKeyResponse::from_json(v, "")?.to_aper().map_err(enc),
        "WrappedKeNB" => WrappedKeNB::from_json(v, "")?.to_aper().map_err(enc),
        t => Err(JsonError::at(
            "",
            format!("unknown MAKR type {t:?} (KeyDistribution, NeighbourKeyRequest, NeighbourKeyResponse, WrappedKeNB)"),
        )),
    }
}
