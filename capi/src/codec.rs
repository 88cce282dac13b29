//! Messages to JSON and back: the JSON of docs/json.md (the IEs and fields of `keyhop read
//! --format json`, without the capture envelope), the same text the Python binding's decoders
//! return.

use crate::error::{run, Error};
use crate::mem::{c_buffer, octets, out_ptr, text};
use crate::{
    KEYHOP_ERR_ARGUMENT, KEYHOP_ERR_DECODE, KEYHOP_ERR_ENCODE, KEYHOP_ERR_PROTOCOL,
    KEYHOP_SHOW_KEYS, KEYHOP_SHOW_RAW,
};
use keyhop_codec::{gtpv1, gtpv2, json, makr, nas, redact, s1ap, x2ap, DecodeError};
use std::ffi::c_char;

/// The protocol names `keyhop_decode_json` accepts, for the error text.
const PROTOCOLS: &str = "s1ap, x2ap, gtpv2, gtpv1, nas, makr:KeyDistribution, \
     makr:NeighbourKeyRequest, makr:NeighbourKeyResponse, makr:WrappedKeNB";

/// The MAKR types, as `makr:<Type>` names them.
const MAKR_TYPES: [&str; 4] = [
    "KeyDistribution",
    "NeighbourKeyRequest",
    "NeighbourKeyResponse",
    "WrappedKeNB",
];

/// Decodes one message of `protocol` and returns its JSON text, keys and long raw octet strings
/// redacted (as `keyhop read` prints them without `--show-keys`/`--show-raw`). The same as
/// `keyhop_decode_json_flags` with flags 0.
///
/// `protocol` is one of `s1ap`, `x2ap` (an APER PDU), `gtpv2`, `gtpv1` (a GTP-C message, the
/// whole UDP payload), `nas` (a NAS-PDU: its security header and, when readable without keys,
/// the plain EMM/ESM message, as the `nas` items of docs/json.md) or `makr:<Type>` with
/// `<Type>` one of `KeyDistribution`, `NeighbourKeyRequest`, `NeighbourKeyResponse`,
/// `WrappedKeNB` (a MAKR value's APER encoding, key-refresh.md).
///
/// On success returns `KEYHOP_OK` and sets `*json_out` to a NUL-terminated UTF-8 JSON object
/// that the caller owns and frees with `keyhop_free`. On failure returns
/// a negative `KEYHOP_ERR_*` code, sets `*json_out` to NULL and leaves the reason in
/// `keyhop_last_error`: `KEYHOP_ERR_PROTOCOL` for an unknown
/// protocol, `KEYHOP_ERR_DECODE` when `data` is not a valid message (the text names the
/// protocol, the field and the byte offset), `KEYHOP_ERR_NULL` or `KEYHOP_ERR_UTF8` for a bad
/// argument.
///
/// # Safety
///
/// `protocol` is NULL or a NUL-terminated string; `data` is NULL or points to `len` readable
/// octets; `json_out` is NULL or points to a writable `char *`. None of them is written by
/// another thread during the call. NULL for any of them is reported as `KEYHOP_ERR_NULL`.
#[no_mangle]
pub unsafe extern "C" fn keyhop_decode_json(
    protocol: *const c_char,
    data: *const u8,
    len: usize,
    json_out: *mut *mut c_char,
) -> i32 {
    // SAFETY: the same contract as keyhop_decode_json_flags, passed on unchanged.
    unsafe { keyhop_decode_json_flags(protocol, data, len, 0, json_out) }
}

/// `keyhop_decode_json` with `flags`: `KEYHOP_SHOW_KEYS` prints key material in hex (NH,
/// KeNB*, wrapped keys, MAKR keys...) and raw octets too; `KEYHOP_SHOW_RAW` prints raw octet
/// strings longer than 4 octets (unknown IEs, containers, NAS-PDUs) in hex while keys stay
/// redacted; 0 redacts both, as `keyhop read` does by default. Other bits are
/// `KEYHOP_ERR_ARGUMENT`. Re-encoding a message with `keyhop_encode_json` needs every octet
/// shown: `KEYHOP_SHOW_KEYS` (or `KEYHOP_SHOW_RAW` for a message without keys), since a
/// fingerprint cannot be turned back into the value.
///
/// # Safety
///
/// As `keyhop_decode_json`.
#[no_mangle]
pub unsafe extern "C" fn keyhop_decode_json_flags(
    protocol: *const c_char,
    data: *const u8,
    len: usize,
    flags: u32,
    json_out: *mut *mut c_char,
) -> i32 {
    run("keyhop_decode_json", || {
        // SAFETY: the caller's contract (see the function's Safety section) for each pointer;
        // `out` is set to NULL first, so it is NULL on every failure below.
        let (out, protocol, data) = unsafe {
            let out = out_ptr(json_out, "json_out")?;
            (out, text(protocol, "protocol")?, octets(data, len, "data")?)
        };
        let json = decode_json(protocol, data, flags)?;
        let buf = c_buffer(json.as_bytes(), true)?;
        // SAFETY: `out` was checked writable above; the buffer now belongs to the caller.
        unsafe { out.as_ptr().write(buf.as_ptr().cast()) };
        Ok(())
    })
}

/// The JSON text of `data` read as `protocol`.
pub(crate) fn decode_json(protocol: &str, data: &[u8], flags: u32) -> Result<String, Error> {
    if flags & !(KEYHOP_SHOW_KEYS | KEYHOP_SHOW_RAW) != 0 {
        return Err(Error::new(
            KEYHOP_ERR_ARGUMENT,
            format!("unknown flags 0x{flags:x} (KEYHOP_SHOW_KEYS = 1, KEYHOP_SHOW_RAW = 2)"),
        ));
    }
    // Both settings are per thread and restored when the guards drop, a panic included.
    let _keys = redact::show_keys(flags & KEYHOP_SHOW_KEYS != 0);
    let _raw = redact::show_raw(flags & KEYHOP_SHOW_RAW != 0);
    let json = match protocol {
        "s1ap" => serde_json::to_string(&s1ap::to_json(&s1ap::decode(data).map_err(decode)?)),
        "x2ap" => serde_json::to_string(&x2ap::to_json(&x2ap::decode(data).map_err(decode)?)),
        "gtpv2" => serde_json::to_string(&gtpv2::decode(data).map_err(decode)?),
        "gtpv1" => {
            let (m, notes) = gtpv1::Message::parse_with_notes(data).map_err(decode)?;
            serde_json::to_string(&gtpv1::WithNotes(&m, &notes))
        }
        "nas" => {
            // The framing decides what is an error (a truncated header); the view reads the
            // rest and says in its `note` what it could not.
            nas::decode(data).map_err(decode)?;
            // Direction unknown: the caller has the NAS-PDU without its S1AP message.
            serde_json::to_string(&nas::msg::NasView::of(data, None))
        }
        p => match p.strip_prefix("makr:") {
            Some(ty) => makr_json(ty, data)?,
            None => return Err(unknown_protocol(p)),
        },
    };
    json.map_err(|e| {
        Error::new(
            KEYHOP_ERR_DECODE,
            format!("{protocol}: the decoded message does not serialize to JSON: {e}"),
        )
    })
}

fn makr_json(ty: &str, data: &[u8]) -> Result<serde_json::Result<String>, Error> {
    use makr::MakrType;
    macro_rules! go {
        ($t:ty) => {
            serde_json::to_string(&<$t>::from_aper(data).map_err(decode)?)
        };
    }
    Ok(match ty {
        "KeyDistribution" => go!(makr::KeyDistribution),
        "NeighbourKeyRequest" => go!(makr::NeighbourKeyRequest),
        "NeighbourKeyResponse" => go!(makr::NeighbourKeyResponse),
        "WrappedKeNB" => go!(makr::WrappedKeNB),
        _ => return Err(unknown_protocol(&format!("makr:{ty}"))),
    })
}

/// A decoding error as C sees it: its text names protocol, field path and byte offset.
fn decode(e: DecodeError) -> Error {
    Error::new(KEYHOP_ERR_DECODE, e.to_string())
}

pub(crate) fn unknown_protocol(p: &str) -> Error {
    // The name is the caller's text: quoted and cut short, so a wrong pointer shows as such.
    let shown: String = p.chars().take(40).collect();
    let more = if shown.len() < p.len() { "..." } else { "" };
    Error::new(
        KEYHOP_ERR_PROTOCOL,
        format!("unknown protocol {shown:?}{more} (known: {PROTOCOLS})"),
    )
}

/// Encodes one message given as JSON text (as `keyhop_decode_json_flags` returns it with the
/// octets shown, edited or not) to its wire octets: decode with `KEYHOP_SHOW_KEYS`, encode, and
/// the octets come back byte for byte; an edited value is encoded as edited. `protocol` is
/// `s1ap`, `x2ap`, `gtpv2`, `gtpv1`, `nas` (the object `keyhop_decode_json` gives for a NAS
/// PDU) or `makr:<Type>` (the MAKR types of `keyhop_decode_json`).
///
/// On success returns `KEYHOP_OK`, sets `*data_out` to the octets, which the caller owns and
/// frees with `keyhop_free`, and `*len_out` to their number. On failure returns a negative
/// `KEYHOP_ERR_*` code, sets `*data_out` to NULL and `*len_out` to 0, and leaves the reason in
/// `keyhop_last_error`: `KEYHOP_ERR_ENCODE` when the JSON is not a message keyhop can encode
/// (the text names the protocol and the field path, e.g. `s1ap: mme_ue_s1ap_id: expected an
/// integer, found a string`; a redacted value `fp:...` is such an error),
/// `KEYHOP_ERR_PROTOCOL` for a protocol keyhop cannot encode, `KEYHOP_ERR_NULL` or
/// `KEYHOP_ERR_UTF8` for a bad argument.
///
/// # Safety
///
/// `protocol` and `json` are NULL or NUL-terminated strings; `data_out` is NULL or points to a
/// writable `uint8_t *`, `len_out` NULL or to a writable `size_t`. None of them is written by
/// another thread during the call. NULL for any of them is reported as `KEYHOP_ERR_NULL`.
#[no_mangle]
pub unsafe extern "C" fn keyhop_encode_json(
    protocol: *const c_char,
    json: *const c_char,
    data_out: *mut *mut u8,
    len_out: *mut usize,
) -> i32 {
    run("keyhop_encode_json", || {
        // SAFETY: the caller's contract (see the function's Safety section) for each pointer;
        // the out-parameters are cleared first, so they are NULL and 0 on every failure below.
        let (out, len_slot, protocol, text_in) = unsafe {
            let out = out_ptr(data_out, "data_out")?;
            let len_slot = std::ptr::NonNull::new(len_out)
                .ok_or_else(|| Error::new(crate::KEYHOP_ERR_NULL, "argument `len_out` is NULL"))?;
            len_slot.as_ptr().write(0);
            (
                out,
                len_slot,
                text(protocol, "protocol")?,
                text(json, "json")?,
            )
        };
        let bytes = zeroize::Zeroizing::new(encode_json(protocol, text_in)?);
        let buf = c_buffer(&bytes, false)?;
        // SAFETY: both out-parameters were checked writable above; the buffer now belongs to
        // the caller.
        unsafe {
            out.as_ptr().write(buf.as_ptr());
            len_slot.as_ptr().write(bytes.len());
        }
        Ok(())
    })
}

/// The wire octets of the JSON message `text` of `protocol`.
pub(crate) fn encode_json(protocol: &str, text: &str) -> Result<Vec<u8>, Error> {
    let known = match protocol.strip_prefix("makr:") {
        Some(ty) => MAKR_TYPES.contains(&ty),
        None => json::PROTOCOLS.contains(&protocol),
    };
    if !known {
        let shown: String = protocol.chars().take(40).collect();
        return Err(Error::new(
            KEYHOP_ERR_PROTOCOL,
            format!(
                "cannot encode protocol {shown:?} (encodes: {}; MAKR types: {})",
                json::PROTOCOLS.join(", "),
                MAKR_TYPES.join(", ")
            ),
        ));
    }
    json::encode(protocol, text).map_err(|e| Error::new(KEYHOP_ERR_ENCODE, e.to_string()))
}
