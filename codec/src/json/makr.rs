//! JSON readers of the MAKR types (key-refresh.md section 2), mirroring their `Serialize`.

use super::ap::{extension_additions, req, seq_obj, FromJson, PrivateIeSetJson};
use super::{join, need, octets, u32_at, JsonError};
use crate::ap::common::SeqOf;
use crate::ap::PrivateIeId;
use crate::makr::*;
use crate::per::SizeConstraint;
use crate::redact::{KeyMaterial, Octets};
use serde_json::{Map, Value};

/// The octets of mandatory field `key`, as many as `size` (the APER codec's constraint) allows.
fn sized_octets(
    o: &Map<String, Value>,
    key: &str,
    path: &str,
    size: SizeConstraint,
) -> Result<Vec<u8>, JsonError> {
    let p = join(path, key);
    let b = octets(need(o, key, path)?, &p)?;
    let ub = size.ub.unwrap_or(usize::MAX);
    if b.len() < size.lb || b.len() > ub {
        let n = if size.lb == ub {
            ub.to_string()
        } else {
            format!("{}..={ub}", size.lb)
        };
        return Err(JsonError::at(&p, format!("expected {n} octets")));
    }
    Ok(b)
}

/// Mandatory integer field `key` within `0..=max`.
fn uint_field(o: &Map<String, Value>, key: &str, path: &str, max: u32) -> Result<u32, JsonError> {
    u32_at(need(o, key, path)?, &join(path, key), max)
}

impl<'a> FromJson<'a> for EnbId<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let (k, x) = super::ap::choice_key(v, path)?;
        let p = join(path, k);
        Ok(match k {
            "macro_enb_id" => EnbId::Macro(u32_at(x, &p, (1 << 20) - 1)?),
            "home_enb_id" => EnbId::Home(u32_at(x, &p, (1 << 28) - 1)?),
            "short_macro_enb_id" => EnbId::ShortMacro(u32_at(x, &p, (1 << 18) - 1)?),
            "long_macro_enb_id" => EnbId::LongMacro(u32_at(x, &p, (1 << 21) - 1)?),
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
        let o = seq_obj(v, &["plmn_identity", "enb_id"], path)?;
        let p = join(path, "plmn_identity");
        Ok(EnbIdentity {
            plmn_identity: octets(need(o, "plmn_identity", path)?, &p)?
                .try_into()
                .map_err(|_| JsonError::at(&p, "expected 3 octets"))?,
            enb_id: req(o, "enb_id", path)?,
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for KeyDistributionItem<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = seq_obj(v, &["enb_identity", "key_id", "mme_enb_key"], path)?;
        let key = sized_octets(o, "mme_enb_key", path, MME_ENB_KEY_SIZE)?;
        Ok(KeyDistributionItem {
            enb_identity: req(o, "enb_identity", path)?,
            key_id: uint_field(o, "key_id", path, 255)? as u8,
            mme_enb_key: KeyMaterial::owned(key),
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for KeyDistribution<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = seq_obj(v, &["keys"], path)?;
        Ok(KeyDistribution {
            keys: req::<SeqOf<_, 1, MAX_DISTRIBUTED_KEYS, false>>(o, "keys", path)?.0,
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for NeighbourKeyRequest<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = seq_obj(
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
            mme_ue_s1ap_id: uint_field(o, "mme_ue_s1ap_id", path, u32::MAX)?,
            enb_ue_s1ap_id: uint_field(o, "enb_ue_s1ap_id", path, u32::MAX)?,
            serving_enb: req(o, "serving_enb", path)?,
            neighbours: req::<SeqOf<_, 1, MAX_NEIGHBOURS, false>>(o, "neighbours", path)?.0,
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for WrappedKeyItem<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = seq_obj(
            v,
            &["target_enb", "key_id", "wrap_algorithm", "wrapped_kenb"],
            path,
        )?;
        let w = sized_octets(o, "wrapped_kenb", path, WRAPPED_KENB_SIZE)?;
        Ok(WrappedKeyItem {
            target_enb: req(o, "target_enb", path)?,
            key_id: uint_field(o, "key_id", path, 255)? as u8,
            wrap_algorithm: req(o, "wrap_algorithm", path)?,
            wrapped_kenb: Octets::owned(w),
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for NeighbourKeyResponse<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = seq_obj(
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
            mme_ue_s1ap_id: uint_field(o, "mme_ue_s1ap_id", path, u32::MAX)?,
            enb_ue_s1ap_id: uint_field(o, "enb_ue_s1ap_id", path, u32::MAX)?,
            refresh_counter: uint_field(o, "refresh_counter", path, 65535)? as u16,
            kdf: req(o, "kdf", path)?,
            wrapped_keys: req::<SeqOf<_, 1, MAX_NEIGHBOURS, false>>(o, "wrapped_keys", path)?.0,
            extensions: extension_additions(o, path)?,
        })
    }
}

impl<'a> FromJson<'a> for WrappedKeNB<'a> {
    fn from_json(v: &Value, path: &str) -> Result<Self, JsonError> {
        let o = seq_obj(v, &["refresh_counter", "kdf", "key"], path)?;
        Ok(WrappedKeNB {
            refresh_counter: uint_field(o, "refresh_counter", path, 65535)? as u16,
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
