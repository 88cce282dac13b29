//! JSON to wire: the inverse of the JSON output of docs/json.md.
//!
//! [`encode`] takes a message as keyhop's JSON output shows it (`keyhop read --format jsonl`
//! records, or the dicts of the Python package) and writes its wire octets. Decoding with raw
//! octets and keys shown (`--show-raw --show-keys`) and encoding the JSON again gives the input
//! back byte for byte: where the flattened JSON would lose what the wire had (IE order and
//! criticality, repeated IEs, absent extension additions, octets that are not the canonical
//! encoding of their value), the output carries it in the fields docs/json.md lists under
//! "Re-encoding". Edited values are encoded as edited.
//!
//! ```
//! use keyhop_codec::{json, s1ap};
//!
//! // HandoverNotify from samples/s1-handover.pcapng.
//! let bytes = hex::decode(concat!(
//!     "00024027000004000000034001000008000340458a006440080000f1101a2b20100043",
//!     "40060000f1100001",
//! ))?;
//! let text = serde_json::to_string(&s1ap::to_json(&s1ap::decode(&bytes)?))?;
//! assert_eq!(json::encode("s1ap", &text)?, bytes);
//!
//! // A changed value is what gets encoded.
//! let edited = text.replace("\"mme_ue_s1ap_id\":256", "\"mme_ue_s1ap_id\":257");
//! let out = json::encode("s1ap", &edited)?;
//! assert_eq!(s1ap::decode(&out)?.mme_ue_s1ap_id(), Some(257));
//!
//! // A redacted value cannot be encoded: the error names the field.
//! let err = json::encode("s1ap", r#"{"message": "HandoverNotify", "procedure_code": 2,
//!     "pdu_type": "initiating_message", "criticality": "ignore",
//!     "mme_ue_s1ap_id": "fp:12345678"}"#).unwrap_err();
//! assert_eq!(err.to_string(), "s1ap: mme_ue_s1ap_id: expected an integer, found a string");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! GTPv2-C the same way (`"gtpv2"`): an EBI whose spare bits a sender set shows them in
//! `spare_bits`, so the octets come back as they were.
//!
//! ```
//! use keyhop_codec::{gtpv2, json};
//!
//! let mut m = gtpv2::Gtpv2Message::new(gtpv2::MessageType::from_u8(32), 7);
//! m.teid = Some(0);
//! m.ies.push(gtpv2::Ie::new(gtpv2::IeValue::Ebi(0x35)));
//! let bytes = m.emit()?;
//! let text = serde_json::to_string(&gtpv2::decode(&bytes)?)?;
//! assert!(text.contains(r#""ebi":{"instance":0,"value":5,"spare_bits":48}"#));
//! assert_eq!(json::encode("gtpv2", &text)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! GTPv1-C likewise (`"gtpv1"`): an NSAPI IE whose spare nibble a sender set shows it.
//!
//! ```
//! use keyhop_codec::{gtpv1, json};
//!
//! // Echo Request with sequence number 1 and an NSAPI IE (type 20) of 0x35.
//! let bytes = [0x32, 0x01, 0x00, 0x06, 0, 0, 0, 0, 0x00, 0x01, 0, 0, 20, 0x35];
//! let text = serde_json::to_string(&gtpv1::decode(&bytes)?)?;
//! assert!(text.contains(r#""nsapi":{"value":5,"spare_bits":48}"#));
//! assert_eq!(json::encode("gtpv1", &text)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! NAS too (`"nas"`: one object of a `keyhop read` record's `nas` array, or Python's
//! `keyhop.nas.decode` dict): spare bits a sender set show in `<key>_spare_bits`.
//!
//! ```
//! use keyhop_codec::{json, nas::msg::NasView};
//!
//! // IDENTITY REQUEST (IMSI) with spare bits set beside the identity type.
//! let bytes = [0x07, 0x55, 0x31];
//! let text = serde_json::to_string(&NasView::of(&bytes, None))?;
//! assert!(text.contains(r#""identity_type":"imsi","identity_type_spare_bits":48"#));
//! assert_eq!(json::encode("nas", &text)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod ap;
mod gtpv1;
mod gtpv2;
mod gtpv2_mm;
mod makr;
mod nas;

#[doc(hidden)]
pub use ap::{
    check_keys, choice_key, criticality, extension_additions, opt, req, seq_obj, unknown_index,
};
pub use ap::{FromJson, IeSetJson, PrivateIeSetJson};

use serde_json::{Map, Value};
use std::fmt;

/// Why a JSON message could not be encoded: the protocol, the field path in the JSON
/// (`security_context.next_hop_chaining_count`, `e_rab_to_be_setup_list_ho_req[0]...`) and what
/// was wrong. The text never holds the value's octets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// The protocol as [`encode`] was told it (`s1ap`, `x2ap`, `makr:KeyDistribution`...).
    pub protocol: String,
    /// The field path (empty for the message itself).
    pub path: String,
    /// What was wrong.
    pub detail: String,
}

impl JsonError {
    /// An error at `path` (the protocol is filled in by [`encode`]).
    pub fn at(path: &str, detail: impl Into<String>) -> Self {
        JsonError {
            protocol: String::new(),
            path: path.to_string(),
            detail: detail.into(),
        }
    }

    fn for_protocol(mut self, p: &str) -> Self {
        if self.protocol.is_empty() {
            self.protocol = p.to_string();
        }
        self
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.protocol, self.detail)
        } else {
            write!(f, "{}: {}: {}", self.protocol, self.path, self.detail)
        }
    }
}

impl std::error::Error for JsonError {}

/// The protocols [`encode`] knows, as the Python package names them.
pub const PROTOCOLS: &[&str] = &["s1ap", "x2ap", "gtpv2", "gtpv1", "nas", "makr:<Type>"];

/// Keys of a `keyhop read` record around the message (docs/json.md): every reader skips them,
/// so a record encodes as it is.
pub(crate) const ENVELOPE_KEYS: &[&str] = &[
    "frame",
    "time",
    "src",
    "dst",
    "protocol",
    "src_node",
    "dst_node",
    "security",
    "response_to",
    "response_time",
    "response_in",
    "rrc",
    "nas",
];

/// Encodes one message given as JSON text (docs/json.md) of `protocol` (`s1ap`, `x2ap`,
/// `gtpv2`, `gtpv1`, `nas`: one object of a record's `nas` array).
pub fn encode(protocol: &str, json: &str) -> Result<Vec<u8>, JsonError> {
    let v: Value = serde_json::from_str(json).map_err(|e| {
        // serde_json's message names a line and column, never the text.
        JsonError::at("", format!("not JSON: {e}")).for_protocol(protocol)
    })?;
    encode_value(protocol, &v)
}

/// Encodes one message given as a parsed JSON value; see [`encode`].
pub fn encode_value(protocol: &str, v: &Value) -> Result<Vec<u8>, JsonError> {
    let r = match protocol {
        "s1ap" => ap::pdu_from_json::<
            crate::s1ap::S1apIe<'static>,
            crate::makr::MakrPrivateIe<'static>,
        >(v)
        .and_then(|p| crate::s1ap::encode(&p).map_err(encode_error)),
        "x2ap" => ap::pdu_from_json::<crate::x2ap::X2apIe<'static>, crate::ap::NoPrivateIes>(v)
            .and_then(|p| crate::x2ap::encode(&p).map_err(encode_error)),
        "gtpv2" => gtpv2::encode(v),
        "gtpv1" => gtpv1::encode(v),
        "nas" => nas::encode(v),
        p if p.starts_with("makr:") => makr::encode_type(&p[5..], v),
        p => Err(JsonError::at(
            "",
            format!("unknown protocol {p:?} (known: {})", PROTOCOLS.join(", ")),
        )),
    };
    r.map_err(|e| e.for_protocol(protocol))
}

/// An error of the wire encoder (a value the JSON reader let through that the encoder refuses):
/// its field path and detail, under the protocol [`encode`] was told.
pub(crate) fn encode_error(e: crate::error::EncodeError) -> JsonError {
    JsonError::at(&e.path, format!("cannot encode: {}", e.detail))
}

/// The value at `key` of an object, `None` if absent.
#[doc(hidden)]
pub fn field<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    v.as_object().and_then(|o| o.get(key))
}

/// `path.key`, or `key` at the top.
#[doc(hidden)]
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// What a JSON value is, for error texts (never the value itself: it may be a key).
#[doc(hidden)]
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An integer value.
#[doc(hidden)]
pub fn int(v: &Value, path: &str) -> Result<i64, JsonError> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .ok_or_else(|| JsonError::at(path, "integer out of range")),
        _ => Err(JsonError::at(
            path,
            format!("expected an integer, found {}", kind(v)),
        )),
    }
}

/// An unsigned 64-bit integer value.
#[doc(hidden)]
pub fn uint(v: &Value, path: &str) -> Result<u64, JsonError> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| JsonError::at(path, "expected a non-negative integer")),
        _ => Err(JsonError::at(
            path,
            format!("expected an integer, found {}", kind(v)),
        )),
    }
}

/// An integer value within `0..=max`.
pub(crate) fn bounded(v: &Value, path: &str, max: u64) -> Result<u64, JsonError> {
    let n = uint(v, path)?;
    if n > max {
        return Err(JsonError::at(path, format!("expected 0..={max}")));
    }
    Ok(n)
}

/// An octet value within `0..=max`.
pub(crate) fn u8_at(v: &Value, path: &str, max: u8) -> Result<u8, JsonError> {
    Ok(bounded(v, path, u64::from(max))? as u8)
}

/// A 16-bit value.
pub(crate) fn u16_at(v: &Value, path: &str) -> Result<u16, JsonError> {
    Ok(bounded(v, path, 0xffff)? as u16)
}

/// A 32-bit value within `0..=max`.
pub(crate) fn u32_at(v: &Value, path: &str, max: u32) -> Result<u32, JsonError> {
    Ok(bounded(v, path, u64::from(max))? as u32)
}

/// A boolean value.
pub(crate) fn boolean(v: &Value, path: &str) -> Result<bool, JsonError> {
    v.as_bool()
        .ok_or_else(|| JsonError::at(path, format!("expected a boolean, found {}", kind(v))))
}

/// An object value.
pub(crate) fn obj<'v>(v: &'v Value, path: &str) -> Result<&'v Map<String, Value>, JsonError> {
    v.as_object()
        .ok_or_else(|| JsonError::at(path, format!("expected an object, found {}", kind(v))))
}

/// The value of mandatory key `key` of an object (`path.key` missing if absent).
pub(crate) fn need<'v>(
    o: &'v Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<&'v Value, JsonError> {
    o.get(key)
        .ok_or_else(|| JsonError::at(&join(path, key), "missing"))
}

/// Mandatory field `key` of an object: an octet within `0..=max` (`path.key` in errors).
pub(crate) fn f_u8(
    o: &Map<String, Value>,
    path: &str,
    key: &str,
    max: u8,
) -> Result<u8, JsonError> {
    u8_at(need(o, key, path)?, &join(path, key), max)
}

/// Mandatory field `key` of an object: a 16-bit value.
pub(crate) fn f_u16(o: &Map<String, Value>, path: &str, key: &str) -> Result<u16, JsonError> {
    u16_at(need(o, key, path)?, &join(path, key))
}

/// Mandatory field `key` of an object: a 32-bit value.
pub(crate) fn f_u32(o: &Map<String, Value>, path: &str, key: &str) -> Result<u32, JsonError> {
    u32_at(need(o, key, path)?, &join(path, key), u32::MAX)
}

/// Mandatory field `key` of an object: hex octets.
pub(crate) fn f_octets(
    o: &Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<crate::redact::Octets<'static>, JsonError> {
    Ok(crate::redact::Octets::owned(octets(
        need(o, key, path)?,
        &join(path, key),
    )?))
}

/// Mandatory field `key` of an object: key material, hex.
pub(crate) fn f_key(
    o: &Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<crate::redact::KeyMaterial<'static>, JsonError> {
    Ok(crate::redact::KeyMaterial::owned(octets(
        need(o, key, path)?,
        &join(path, key),
    )?))
}

/// A string value.
#[doc(hidden)]
pub fn string<'v>(v: &'v Value, path: &str) -> Result<&'v str, JsonError> {
    v.as_str()
        .ok_or_else(|| JsonError::at(path, format!("expected a string, found {}", kind(v))))
}

/// Octets written as keyhop prints them: hex. A redacted value (`<N octets fp:...>`, `fp:...`)
/// is an error naming the field: decode with raw octets and keys shown to re-encode.
#[doc(hidden)]
pub fn octets(v: &Value, path: &str) -> Result<Vec<u8>, JsonError> {
    let s = string(v, path)?;
    if s.starts_with('<') || s.starts_with("fp:") {
        return Err(JsonError::at(
            path,
            "value is redacted (a fingerprint): decode with show_raw / show_keys to encode it",
        ));
    }
    if s.len() % 2 != 0 || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(JsonError::at(path, "expected hex octets"));
    }
    hex::decode(s).map_err(|_| JsonError::at(path, "expected hex octets"))
}
