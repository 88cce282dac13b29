//! GTPv1-C JSON (docs/json.md, "GTPv1-C") back to a [`Message`]: the inverse of the
//! `Serialize` impls in `gtpv1::json`.

use super::gtpv2::{dns_name, keyed_ies, only};
use super::{
    boolean, f_key, f_octets, f_u16, f_u32, f_u8, join, kind, need, obj, octets, string, u16_at,
    u32_at, u8_at, JsonError,
};
use crate::gtpv1::{
    ie_name, Cause, ExtensionHeader, GsnAddress, Header, Ie, IeType, Message, MessageType,
    MmContext, NsapiOctet, PacketFlowId, PdpContext, PrivateExtension, Quintuplet, RabContext,
    RabSetupInformation, Rai, SecurityContext, TargetIdentification, Tbcd8, TeidDataIi, Triplet,
};
use crate::redact::Octets;
use serde_json::{Map, Value};

/// Keys of a message object that are not IEs: the header, and the `keyhop read` envelope.
const HEADER_KEYS: &[&str] = &[
    "message",
    "message_type",
    "teid",
    "sequence_number",
    "npdu_number",
    "extension_headers",
    "header_spare",
    "unflagged_sequence_number",
    "unflagged_npdu_number",
    "unflagged_next_extension_type",
    "notes",
];

/// Encodes a GTPv1-C message object.
pub(crate) fn encode(v: &Value) -> Result<Vec<u8>, JsonError> {
    let m = message(v)?;
    crate::gtpv1::encode(&m).map_err(super::encode_error)
}

fn message(v: &Value) -> Result<Message<'static>, JsonError> {
    let o = obj(v, "")?;
    let message_type = match o.get("message_type") {
        Some(t) => MessageType::from(u8_at(t, "message_type", 255)?),
        None => {
            let name = string(need(o, "message", "")?, "message")?;
            (0..=255u8)
                .map(MessageType::from)
                .find(|t| t.known_name() == Some(name))
                .ok_or_else(|| JsonError::at("message", "unknown message name"))?
        }
    };
    let teid = u32_at(need(o, "teid", "")?, "teid", u32::MAX)?;
    let mut h = Header::new(message_type, teid, 0);
    h.s = false;
    if let Some(x) = o.get("sequence_number") {
        h.s = true;
        h.sequence_number = u16_at(x, "sequence_number")?;
    }
    if let Some(x) = o.get("npdu_number") {
        h.pn = true;
        h.npdu_number = u8_at(x, "npdu_number", 255)?;
    }
    if let Some(x) = o.get("extension_headers") {
        h.e = true;
        let Value::Array(items) = x else {
            return Err(JsonError::at("extension_headers", "expected an array"));
        };
        for (i, it) in items.iter().enumerate() {
            let p = format!("extension_headers[{i}]");
            let e = obj(it, &p)?;
            only(e, &p, &["type", "content"])?;
            h.extensions.push(ExtensionHeader {
                ext_type: f_u8(e, &p, "type", 255)?,
                content: f_octets(e, &p, "content")?,
            });
        }
    }
    if let Some(x) = o.get("header_spare") {
        h.spare = boolean(x, "header_spare")?;
    }
    // Octets of the optional header fields whose flag is not set: 0 unless shown.
    for (key, flag) in [
        ("unflagged_sequence_number", h.s),
        ("unflagged_npdu_number", h.pn),
        ("unflagged_next_extension_type", h.e),
    ] {
        if let Some(x) = o.get(key) {
            if flag {
                return Err(JsonError::at(
                    key,
                    "the field's flag is set: use it instead",
                ));
            }
            if !(h.e || h.s || h.pn) {
                return Err(JsonError::at(
                    key,
                    "needs the optional header fields (a sequence number, N-PDU number or \
                     extension headers)",
                ));
            }
            match key {
                "unflagged_sequence_number" => h.sequence_number = u16_at(x, key)?,
                "unflagged_npdu_number" => h.npdu_number = u8_at(x, key, 255)?,
                _ => h.next_extension_type = u8_at(x, key, 255)?,
            }
        }
    }
    let ies = ies(o)?;
    Ok(Message { header: h, ies })
}

/// The IE type a JSON key names (`ie_name`, `ie_N` included).
fn ie_type_of(name: &str) -> Option<u8> {
    if let Some(n) = name.strip_prefix("ie_").and_then(|n| n.parse::<u8>().ok()) {
        // `ie_<n>` only where the type has no name of its own (one spelling per type).
        return (ie_name(n) == name).then_some(n);
    }
    // A known name: compared without writing out the `ie_<n>` of every other type.
    (0..=255u8).find(|t| IeType::from(*t).known_name() == Some(name))
}

fn ies(o: &Map<String, Value>) -> Result<Vec<Ie<'static>>, JsonError> {
    keyed_ies(
        o,
        "",
        "message",
        |k| HEADER_KEYS.contains(&k) || super::ENVELOPE_KEYS.contains(&k),
        ie_type_of,
        ie,
    )
}

/// An object with only `known` keys.
fn keys<'v>(v: &'v Value, path: &str, known: &[&str]) -> Result<&'v Map<String, Value>, JsonError> {
    let o = obj(v, path)?;
    only(o, path, known)?;
    Ok(o)
}

/// `trailing_octets`, empty when absent.
fn trailing(o: &Map<String, Value>, path: &str) -> Result<Octets<'static>, JsonError> {
    match o.get("trailing_octets") {
        Some(v) => Ok(Octets::owned(octets(v, &join(path, "trailing_octets"))?)),
        None => Ok(Octets::default()),
    }
}

/// An NSAPI (4 bits) with the spare nibble of `spare_bits` (in place, mask `0xf0`).
fn nsapi_octet(o: &Map<String, Value>, path: &str, key: &str) -> Result<NsapiOctet, JsonError> {
    let nsapi = f_u8(o, path, key, 15)?;
    let spare = match o.get("spare_bits") {
        None => 0,
        Some(x) => {
            let p = join(path, "spare_bits");
            let b = u8_at(x, &p, 255)?;
            if b & 0x0f != 0 {
                return Err(JsonError::at(&p, "spare mask is 0xf0"));
            }
            b >> 4
        }
    };
    Ok(NsapiOctet { spare, nsapi })
}

/// A nibble field shown only when not `default`.
fn nibble(o: &Map<String, Value>, path: &str, key: &str, default: u8) -> Result<u8, JsonError> {
    match o.get(key) {
        None => Ok(default),
        Some(x) => u8_at(x, &join(path, key), 15),
    }
}

fn rai(v: &Value, path: &str) -> Result<Rai, JsonError> {
    let o = keys(v, path, &["plmn_identity", "plmn", "lac", "rac"])?;
    let plmn = octets(
        need(o, "plmn_identity", path)?,
        &join(path, "plmn_identity"),
    )?
    .try_into()
    .map_err(|_| JsonError::at(&join(path, "plmn_identity"), "expected 3 octets"))?;
    Ok(Rai {
        plmn,
        lac: f_u16(o, path, "lac")?,
        rac: f_u8(o, path, "rac", 255)?,
    })
}

/// An address as shown: dotted IPv4, IPv6 text, else hex octets.
fn address(v: &Value, path: &str) -> Result<Vec<u8>, JsonError> {
    let s = string(v, path)?;
    if let Ok(a) = s.parse::<std::net::Ipv4Addr>() {
        return Ok(a.octets().to_vec());
    }
    if let Ok(a) = s.parse::<std::net::Ipv6Addr>() {
        return Ok(a.octets().to_vec());
    }
    octets(v, path).map_err(|_| JsonError::at(path, "expected an IP address or hex octets"))
}

fn tbcd(v: &Value, path: &str) -> Result<Tbcd8, JsonError> {
    let (digits, wire) = match v {
        Value::Object(o) => {
            only(o, path, &["value", "wire"])?;
            (need(o, "value", path)?, o.get("wire"))
        }
        _ => (v, None),
    };
    let s = string(digits, path)?;
    if let Some(w) = wire {
        // The wire octets stand while the digits are the ones they show.
        let p = join(path, "wire");
        let b: [u8; 8] = octets(w, &p)?
            .try_into()
            .map_err(|_| JsonError::at(&p, "expected 8 octets"))?;
        if Tbcd8(b).digits() == s {
            return Ok(Tbcd8(b));
        }
    }
    Tbcd8::from_tbcd_text(s).ok_or_else(|| JsonError::at(path, "expected up to 16 TBCD digits"))
}

fn cause(v: &Value, path: &str) -> Result<Cause, JsonError> {
    let s = string(v, path)?;
    (0..=255u8)
        .map(Cause)
        .find(|c| c.label() == s)
        .ok_or_else(|| JsonError::at(path, "unknown cause name (unknown values read unknown(N))"))
}

fn triplet(v: &Value, path: &str) -> Result<Triplet<'static>, JsonError> {
    let o = keys(v, path, &["rand", "sres", "kc"])?;
    Ok(Triplet {
        rand: f_octets(o, path, "rand")?,
        sres: f_key(o, path, "sres")?,
        kc: f_key(o, path, "kc")?,
    })
}

fn quintuplet(v: &Value, path: &str) -> Result<Quintuplet<'static>, JsonError> {
    let o = keys(v, path, &["rand", "xres", "ck", "ik", "autn"])?;
    Ok(Quintuplet {
        rand: f_octets(o, path, "rand")?,
        xres: f_key(o, path, "xres")?,
        ck: f_key(o, path, "ck")?,
        ik: f_key(o, path, "ik")?,
        autn: f_key(o, path, "autn")?,
    })
}

fn list<T>(
    o: &Map<String, Value>,
    path: &str,
    key: &str,
    f: fn(&Value, &str) -> Result<T, JsonError>,
) -> Result<Vec<T>, JsonError> {
    let p = join(path, key);
    match need(o, key, path)? {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| f(x, &format!("{p}[{i}]")))
            .collect(),
        x => Err(JsonError::at(
            &p,
            format!("expected an array, found {}", kind(x)),
        )),
    }
}

fn mm_context(v: &Value, path: &str) -> Result<MmContext<'static>, JsonError> {
    let o = keys(
        v,
        path,
        &[
            "cksn",
            "ksi",
            "security_mode",
            "no_of_vectors",
            "used_cipher",
            "kc",
            "ck",
            "ik",
            "triplets",
            "quintuplets",
            "drx_parameter",
            "ms_network_capability",
            "container",
            "trailing_octets",
            "octet4_spare",
            "security_mode_spare",
        ],
    )?;
    let mode = string(
        need(o, "security_mode", path)?,
        &join(path, "security_mode"),
    )?;
    let gsm = mode.starts_with("gsm_");
    let cksn_ksi = f_u8(o, path, if gsm { "cksn" } else { "ksi" }, 7)?;
    let cipher = || f_u8(o, path, "used_cipher", 7);
    let security = match mode {
        "gsm_key_and_triplets" => SecurityContext::GsmKeyAndTriplets {
            used_cipher: cipher()?,
            kc: f_key(o, path, "kc")?,
            triplets: list(o, path, "triplets", triplet)?,
        },
        "gsm_key_and_quintuplets" => SecurityContext::GsmKeyAndQuintuplets {
            used_cipher: cipher()?,
            kc: f_key(o, path, "kc")?,
            quintuplets: list(o, path, "quintuplets", quintuplet)?,
        },
        "used_cipher_value_umts_keys_and_quintuplets" => {
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets {
                used_cipher: cipher()?,
                ck: f_key(o, path, "ck")?,
                ik: f_key(o, path, "ik")?,
                quintuplets: list(o, path, "quintuplets", quintuplet)?,
            }
        }
        "umts_keys_and_quintuplets" => SecurityContext::UmtsKeysAndQuintuplets {
            spare: match o.get("security_mode_spare") {
                Some(x) => u8_at(x, &join(path, "security_mode_spare"), 7)?,
                None => 7,
            },
            ck: f_key(o, path, "ck")?,
            ik: f_key(o, path, "ik")?,
            quintuplets: list(o, path, "quintuplets", quintuplet)?,
        },
        _ => return Err(JsonError::at(&join(path, "security_mode"), "unknown mode")),
    };
    // `no_of_vectors` is what the arrays hold; a different count cannot be encoded.
    if let Some(n) = o.get("no_of_vectors") {
        let p = join(path, "no_of_vectors");
        if u32_at(n, &p, 7)? as usize != security.vector_count() {
            return Err(JsonError::at(&p, "differs from the vectors given"));
        }
    }
    let drx_parameter = octets(
        need(o, "drx_parameter", path)?,
        &join(path, "drx_parameter"),
    )?
    .try_into()
    .map_err(|_| JsonError::at(&join(path, "drx_parameter"), "expected 2 octets"))?;
    Ok(MmContext {
        octet4_bits_8_4: match o.get("octet4_spare") {
            Some(x) => u8_at(x, &join(path, "octet4_spare"), 0x1f)?,
            None => 0x1f,
        },
        cksn_ksi,
        security,
        drx_parameter,
        ms_network_capability: f_octets(o, path, "ms_network_capability")?,
        container: f_octets(o, path, "container")?,
        trailing: trailing(o, path)?,
    })
}

fn pdp_context(v: &Value, path: &str) -> Result<PdpContext<'static>, JsonError> {
    let o = keys(
        v,
        path,
        &[
            "ea",
            "vaa",
            "asi",
            "order",
            "nsapi",
            "sapi",
            "qos_subscribed",
            "qos_requested",
            "qos_negotiated",
            "sequence_number_down",
            "sequence_number_up",
            "send_npdu_number",
            "receive_npdu_number",
            "uplink_teid_control_plane",
            "uplink_teid_data_i",
            "pdp_context_identifier",
            "pdp_type_organisation",
            "pdp_type_number",
            "pdp_address",
            "ggsn_address_control_plane",
            "ggsn_address_user_traffic",
            "apn",
            "trailing_octets",
            "sapi_spare",
            "pdp_type_organisation_spare",
        ],
    )?;
    let flag = |k: &str| boolean(need(o, k, path)?, &join(path, k));
    let addr = |k: &str| -> Result<Octets<'static>, JsonError> {
        Ok(Octets::owned(address(need(o, k, path)?, &join(path, k))?))
    };
    Ok(PdpContext {
        ea: flag("ea")?,
        vaa: flag("vaa")?,
        asi: flag("asi")?,
        order: flag("order")?,
        nsapi: f_u8(o, path, "nsapi", 15)?,
        sapi: NsapiOctet {
            spare: nibble(o, path, "sapi_spare", 0)?,
            nsapi: f_u8(o, path, "sapi", 15)?,
        },
        qos_subscribed: f_octets(o, path, "qos_subscribed")?,
        qos_requested: f_octets(o, path, "qos_requested")?,
        qos_negotiated: f_octets(o, path, "qos_negotiated")?,
        sequence_number_down: f_u16(o, path, "sequence_number_down")?,
        sequence_number_up: f_u16(o, path, "sequence_number_up")?,
        send_npdu_number: f_u8(o, path, "send_npdu_number", 255)?,
        receive_npdu_number: f_u8(o, path, "receive_npdu_number", 255)?,
        uplink_teid_control_plane: f_u32(o, path, "uplink_teid_control_plane")?,
        uplink_teid_data_i: f_u32(o, path, "uplink_teid_data_i")?,
        pdp_context_identifier: f_u8(o, path, "pdp_context_identifier", 255)?,
        pdp_type_organisation: NsapiOctet {
            spare: nibble(o, path, "pdp_type_organisation_spare", 0x0f)?,
            nsapi: f_u8(o, path, "pdp_type_organisation", 15)?,
        },
        pdp_type_number: f_u8(o, path, "pdp_type_number", 255)?,
        pdp_address: addr("pdp_address")?,
        ggsn_address_control_plane: addr("ggsn_address_control_plane")?,
        ggsn_address_user_traffic: addr("ggsn_address_user_traffic")?,
        apn: dns_name(need(o, "apn", path)?, &join(path, "apn"))?.0,
        trailing: trailing(o, path)?,
    })
}

fn rab_setup(v: &Value, path: &str) -> Result<RabSetupInformation<'static>, JsonError> {
    let o = keys(
        v,
        path,
        &["nsapi", "teid_data_i", "rnc_ip_address", "spare_bits"],
    )?;
    let nsapi = nsapi_octet(o, path, "nsapi")?;
    let (teid_data_i, rnc_ip_address) = match o.get("teid_data_i") {
        Some(t) => (
            Some(u32_at(t, &join(path, "teid_data_i"), u32::MAX)?),
            Octets::owned(address(
                need(o, "rnc_ip_address", path)?,
                &join(path, "rnc_ip_address"),
            )?),
        ),
        None => (None, Octets::default()),
    };
    Ok(RabSetupInformation {
        nsapi,
        teid_data_i,
        rnc_ip_address,
    })
}

/// The value `{"value": hex}` of an IE keyhop does not type.
fn untyped(v: &Value, path: &str) -> Result<Octets<'static>, JsonError> {
    let o = keys(v, path, &["value"])?;
    f_octets(o, path, "value")
}

fn ie(t: u8, v: &Value, path: &str) -> Result<Ie<'static>, JsonError> {
    let n8 = |max: u8| u8_at(v, path, max);
    let n32 = || u32_at(v, path, u32::MAX);
    Ok(match IeType::from(t) {
        IeType::Cause => Ie::Cause(cause(v, path)?),
        IeType::Imsi => Ie::Imsi(tbcd(v, path)?),
        IeType::ImeiSv => Ie::ImeiSv(tbcd(v, path)?),
        IeType::Rai => Ie::Rai(rai(v, path)?),
        IeType::Tlli => Ie::Tlli(n32()?),
        IeType::PTmsi => Ie::PTmsi(n32()?),
        IeType::PTmsiSignature => Ie::PTmsiSignature(u32_at(v, path, 0xff_ffff)?),
        IeType::TeidDataI => Ie::TeidDataI(n32()?),
        IeType::TeidControlPlane => Ie::TeidControlPlane(n32()?),
        IeType::ChargingId => Ie::ChargingId(n32()?),
        IeType::AuthenticationTriplet => Ie::AuthenticationTriplet(triplet(v, path)?),
        IeType::MsValidated => Ie::MsValidated(n8(255)?),
        IeType::Recovery => Ie::Recovery(n8(255)?),
        IeType::RanapCause => Ie::RanapCause(n8(255)?),
        IeType::RadioPrioritySms => Ie::RadioPrioritySms(n8(255)?),
        IeType::RadioPriority => Ie::RadioPriority(n8(255)?),
        IeType::RatType => Ie::RatType(n8(255)?),
        IeType::TeidDataIi => {
            let o = keys(v, path, &["nsapi", "teid", "spare_bits"])?;
            Ie::TeidDataIi(TeidDataIi {
                nsapi: nsapi_octet(o, path, "nsapi")?,
                teid: f_u32(o, path, "teid")?,
            })
        }
        IeType::Nsapi => match v {
            Value::Object(_) => {
                let o = keys(v, path, &["value", "spare_bits"])?;
                Ie::Nsapi(nsapi_octet(o, path, "value")?)
            }
            _ => Ie::Nsapi(NsapiOctet {
                spare: 0,
                nsapi: n8(15)?,
            }),
        },
        IeType::RabContext => {
            let o = keys(
                v,
                path,
                &[
                    "nsapi",
                    "dl_gtpu_sequence_number",
                    "ul_gtpu_sequence_number",
                    "dl_pdcp_sequence_number",
                    "ul_pdcp_sequence_number",
                    "spare_bits",
                ],
            )?;
            Ie::RabContext(RabContext {
                nsapi: nsapi_octet(o, path, "nsapi")?,
                dl_gtpu_sequence_number: f_u16(o, path, "dl_gtpu_sequence_number")?,
                ul_gtpu_sequence_number: f_u16(o, path, "ul_gtpu_sequence_number")?,
                dl_pdcp_sequence_number: f_u16(o, path, "dl_pdcp_sequence_number")?,
                ul_pdcp_sequence_number: f_u16(o, path, "ul_pdcp_sequence_number")?,
            })
        }
        IeType::PacketFlowId => {
            let o = keys(v, path, &["nsapi", "packet_flow_id", "spare_bits"])?;
            Ie::PacketFlowId(PacketFlowId {
                nsapi: nsapi_octet(o, path, "nsapi")?,
                packet_flow_id: f_u8(o, path, "packet_flow_id", 255)?,
            })
        }
        IeType::ChargingCharacteristics => Ie::ChargingCharacteristics(u16_at(v, path)?),
        IeType::ExtendedRanapCause => Ie::ExtendedRanapCause(u16_at(v, path)?),
        IeType::MmContext => Ie::MmContext(mm_context(v, path)?),
        IeType::PdpContext => Ie::PdpContext(pdp_context(v, path)?),
        IeType::GsnAddress => {
            let b = address(v, path)?;
            Ie::GsnAddress(match b.len() {
                4 => GsnAddress::V4(<[u8; 4]>::try_from(b.as_slice()).unwrap_or_default().into()),
                16 => GsnAddress::V6(
                    <[u8; 16]>::try_from(b.as_slice())
                        .unwrap_or_default()
                        .into(),
                ),
                _ => GsnAddress::Other(Octets::owned(b)),
            })
        }
        IeType::AuthenticationQuintuplet => Ie::AuthenticationQuintuplet(quintuplet(v, path)?),
        IeType::TargetIdentification => {
            let o = keys(
                v,
                path,
                &["rai", "rnc_id", "extended_rnc_id", "trailing_octets"],
            )?;
            Ie::TargetIdentification(TargetIdentification {
                rai: rai(need(o, "rai", path)?, &join(path, "rai"))?,
                rnc_id: f_u16(o, path, "rnc_id")?,
                extended_rnc_id: match o.get("extended_rnc_id") {
                    Some(x) => Some(u16_at(x, &join(path, "extended_rnc_id"))?),
                    None => None,
                },
                trailing: trailing(o, path)?,
            })
        }
        IeType::UtranTransparentContainer => {
            Ie::UtranTransparentContainer(Octets::owned(octets(v, path)?))
        }
        IeType::RabSetupInformation => Ie::RabSetupInformation(rab_setup(v, path)?),
        IeType::AdditionalRabSetupInformation => {
            Ie::AdditionalRabSetupInformation(rab_setup(v, path)?)
        }
        IeType::SelectedPlmnId => Ie::SelectedPlmnId(
            octets(v, path)?
                .try_into()
                .map_err(|_| JsonError::at(path, "expected 3 octets"))?,
        ),
        IeType::PrivateExtension => {
            let o = keys(v, path, &["extension_identifier", "value"])?;
            Ie::PrivateExtension(PrivateExtension {
                extension_identifier: f_u16(o, path, "extension_identifier")?,
                value: f_octets(o, path, "value")?,
            })
        }
        _ if t < 128 => Ie::Tv {
            ie_type: t,
            value: untyped(v, path)?,
        },
        _ => Ie::Tlv {
            ie_type: t,
            value: untyped(v, path)?,
        },
    })
}
