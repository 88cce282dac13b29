//! `Serialize` following docs/json.md: IEs keyed by [`ie_name`] in wire order, repeated types
//! as arrays, octets as hex, key material through [`KeyMaterial`] (redacted unless shown).
//! Spare bits and the wire order of interleaved repeats show only when they are not the
//! default (`spare_bits`, `ie_order`, ...: docs/json.md "Re-encoding"), so that
//! `json::encode("gtpv1", ..)` gives the octets back.

use super::context::{MmContext, PdpContext, Quintuplet, SecurityContext, Triplet};
use super::ie::{GsnAddress, Ie, NsapiOctet, RabSetupInformation, Rai};
use super::types::ie_name;
use super::{ExtensionHeader, Message};
use crate::redact::Octets;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// The IEs of a message as one JSON object: `{name: value | [values], ...}` in order of first
/// appearance. Use this to put the IEs into an envelope that already has the header keys.
#[derive(Debug, Clone, Copy)]
pub struct IeMap<'r, 'a>(pub &'r [Ie<'a>]);

impl Serialize for IeMap<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        write_ies(&mut map, self.0)?;
        map.end()
    }
}

fn write_ies<M: SerializeMap>(map: &mut M, ies: &[Ie<'_>]) -> Result<(), M::Error> {
    let mut done = [false; 256];
    for (i, ie) in ies.iter().enumerate() {
        let t = ie.ie_type();
        if done[t as usize] {
            continue;
        }
        done[t as usize] = true;
        let same: Vec<&Ie<'_>> = ies[i..].iter().filter(|x| x.ie_type() == t).collect();
        let key = ie_name(t);
        if same.len() == 1 {
            map.serialize_entry(&key, &Value(ie))?;
        } else {
            map.serialize_entry(&key, &Many(&same))?;
        }
    }
    // Keys hold a repeated type's IEs together; where the wire interleaves them, the wire
    // order is kept in `ie_order` (docs/json.md "Re-encoding").
    let wire: Vec<u8> = ies.iter().map(|ie| ie.ie_type()).collect();
    let mut firsts: Vec<u8> = Vec::new();
    for t in &wire {
        if !firsts.contains(t) {
            firsts.push(*t);
        }
    }
    let grouped: Vec<u8> = firsts
        .iter()
        .flat_map(|f| wire.iter().filter(move |t| *t == f).copied())
        .collect();
    if wire != grouped {
        let names: Vec<_> = wire.iter().map(|t| ie_name(*t)).collect();
        map.serialize_entry("ie_order", &names)?;
    }
    Ok(())
}

struct Many<'r, 'a>(&'r [&'r Ie<'a>]);

impl Serialize for Many<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for ie in self.0 {
            seq.serialize_element(&Value(ie))?;
        }
        seq.end()
    }
}

/// `{"message", "message_type", "teid", "sequence_number"?, "npdu_number"?,
/// "extension_headers"?, IEs...}`.
impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        WithNotes(self, &[]).serialize(s)
    }
}

/// A message and the notes its decoder made ([`Message::parse_with_notes`]): serialized as the
/// message, with `notes` (docs/json.md) after the header fields when there are any.
#[derive(Debug, Clone, Copy)]
pub struct WithNotes<'r, 'a>(pub &'r Message<'a>, pub &'r [crate::error::Note]);

impl Serialize for WithNotes<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let WithNotes(this, notes) = *self;
        let h = &this.header;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("message", this.message_name())?;
        map.serialize_entry("message_type", &u8::from(h.message_type))?;
        map.serialize_entry("teid", &h.teid)?;
        if h.s {
            map.serialize_entry("sequence_number", &h.sequence_number)?;
        }
        if h.pn {
            map.serialize_entry("npdu_number", &h.npdu_number)?;
        }
        if h.e {
            map.serialize_entry("extension_headers", &h.extensions)?;
        }
        // What the flags alone would lose (docs/json.md "Re-encoding").
        if h.spare {
            map.serialize_entry("header_spare", &true)?;
        }
        if h.has_optional() {
            if !h.s && h.sequence_number != 0 {
                map.serialize_entry("unflagged_sequence_number", &h.sequence_number)?;
            }
            if !h.pn && h.npdu_number != 0 {
                map.serialize_entry("unflagged_npdu_number", &h.npdu_number)?;
            }
            if !h.e && h.next_extension_type != 0 {
                map.serialize_entry("unflagged_next_extension_type", &h.next_extension_type)?;
            }
        }
        if !notes.is_empty() {
            map.serialize_entry("notes", notes)?;
        }
        write_ies(&mut map, &this.ies)?;
        map.end()
    }
}

impl Serialize for ExtensionHeader<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("type", &self.ext_type)?;
        map.serialize_entry("content", &self.content)?;
        map.end()
    }
}

struct Value<'r, 'a>(&'r Ie<'a>);

struct Nsapi(NsapiOctet);
impl Serialize for Nsapi {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0.nsapi)
    }
}

impl Serialize for Rai {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("plmn_identity", &hex::encode(self.plmn))?;
        crate::text::serialize_plmn(&mut map, &self.plmn)?;
        map.serialize_entry("lac", &self.lac)?;
        map.serialize_entry("rac", &self.rac)?;
        map.end()
    }
}

impl Serialize for GsnAddress<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            GsnAddress::V4(a) => s.collect_str(a),
            GsnAddress::V6(a) => s.collect_str(a),
            GsnAddress::Other(o) => o.serialize(s),
        }
    }
}

impl Serialize for Triplet<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("rand", &self.rand)?;
        map.serialize_entry("sres", &self.sres)?;
        map.serialize_entry("kc", &self.kc)?;
        map.end()
    }
}

impl Serialize for Quintuplet<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("rand", &self.rand)?;
        map.serialize_entry("xres", &self.xres)?;
        map.serialize_entry("ck", &self.ck)?;
        map.serialize_entry("ik", &self.ik)?;
        map.serialize_entry("autn", &self.autn)?;
        map.end()
    }
}

/// `spare_bits`: the spare nibble before an NSAPI, in place (`0xf0` mask), when not 0.
fn nsapi_spare<M: SerializeMap>(map: &mut M, n: NsapiOctet) -> Result<(), M::Error> {
    if n.spare == 0 {
        Ok(())
    } else {
        map.serialize_entry("spare_bits", &(n.spare << 4))
    }
}

fn nonempty<M: SerializeMap>(map: &mut M, k: &str, o: &Octets<'_>) -> Result<(), M::Error> {
    if o.as_bytes().is_empty() {
        Ok(())
    } else {
        map.serialize_entry(k, o)
    }
}

impl Serialize for MmContext<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let (gsm, cipher) = match &self.security {
            SecurityContext::GsmKeyAndTriplets { used_cipher, .. }
            | SecurityContext::GsmKeyAndQuintuplets { used_cipher, .. } => {
                (true, Some(*used_cipher))
            }
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets { used_cipher, .. } => {
                (false, Some(*used_cipher))
            }
            SecurityContext::UmtsKeysAndQuintuplets { .. } => (false, None),
        };
        map.serialize_entry(if gsm { "cksn" } else { "ksi" }, &self.cksn_ksi)?;
        map.serialize_entry("security_mode", self.security.mode().name())?;
        map.serialize_entry("no_of_vectors", &self.security.vector_count())?;
        if let Some(c) = cipher {
            map.serialize_entry("used_cipher", &c)?;
        }
        match &self.security {
            SecurityContext::GsmKeyAndTriplets { kc, triplets, .. } => {
                map.serialize_entry("kc", kc)?;
                map.serialize_entry("triplets", triplets)?;
            }
            SecurityContext::GsmKeyAndQuintuplets {
                kc, quintuplets, ..
            } => {
                map.serialize_entry("kc", kc)?;
                map.serialize_entry("quintuplets", quintuplets)?;
            }
            SecurityContext::UsedCipherUmtsKeysAndQuintuplets {
                ck,
                ik,
                quintuplets,
                ..
            }
            | SecurityContext::UmtsKeysAndQuintuplets {
                ck,
                ik,
                quintuplets,
                ..
            } => {
                map.serialize_entry("ck", ck)?;
                map.serialize_entry("ik", ik)?;
                map.serialize_entry("quintuplets", quintuplets)?;
            }
        }
        map.serialize_entry("drx_parameter", &hex::encode(self.drx_parameter))?;
        map.serialize_entry("ms_network_capability", &self.ms_network_capability)?;
        map.serialize_entry("container", &self.container)?;
        nonempty(&mut map, "trailing_octets", &self.trailing)?;
        // Spare bits TS 29.060 7.7.28 sets to 1: octet 4 bits 8-4, octet 5 bits 3-1 of mode 10.
        if self.octet4_bits_8_4 != 0x1f {
            map.serialize_entry("octet4_spare", &self.octet4_bits_8_4)?;
        }
        if let SecurityContext::UmtsKeysAndQuintuplets { spare, .. } = &self.security {
            if *spare != 7 {
                map.serialize_entry("security_mode_spare", spare)?;
            }
        }
        map.end()
    }
}

impl Serialize for PdpContext<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("ea", &self.ea)?;
        map.serialize_entry("vaa", &self.vaa)?;
        map.serialize_entry("asi", &self.asi)?;
        map.serialize_entry("order", &self.order)?;
        map.serialize_entry("nsapi", &self.nsapi)?;
        map.serialize_entry("sapi", &self.sapi.nsapi)?;
        map.serialize_entry("qos_subscribed", &self.qos_subscribed)?;
        map.serialize_entry("qos_requested", &self.qos_requested)?;
        map.serialize_entry("qos_negotiated", &self.qos_negotiated)?;
        map.serialize_entry("sequence_number_down", &self.sequence_number_down)?;
        map.serialize_entry("sequence_number_up", &self.sequence_number_up)?;
        map.serialize_entry("send_npdu_number", &self.send_npdu_number)?;
        map.serialize_entry("receive_npdu_number", &self.receive_npdu_number)?;
        map.serialize_entry("uplink_teid_control_plane", &self.uplink_teid_control_plane)?;
        map.serialize_entry("uplink_teid_data_i", &self.uplink_teid_data_i)?;
        map.serialize_entry("pdp_context_identifier", &self.pdp_context_identifier)?;
        map.serialize_entry("pdp_type_organisation", &self.pdp_type_organisation.nsapi)?;
        map.serialize_entry("pdp_type_number", &self.pdp_type_number)?;
        // Addresses and the APN read as in the other GTP IEs (docs/json.md): dotted / colon
        // text for 4 / 16 octets (hex otherwise), the APN as a dotted name.
        map.serialize_entry("pdp_address", &gsn_from(self.pdp_address.as_bytes()))?;
        map.serialize_entry(
            "ggsn_address_control_plane",
            &gsn_from(self.ggsn_address_control_plane.as_bytes()),
        )?;
        map.serialize_entry(
            "ggsn_address_user_traffic",
            &gsn_from(self.ggsn_address_user_traffic.as_bytes()),
        )?;
        map.serialize_entry("apn", &Apn(self.apn.as_bytes()))?;
        nonempty(&mut map, "trailing_octets", &self.trailing)?;
        // Spare nibbles: 0000 before the SAPI, 1111 before the PDP type organisation (7.7.29).
        if self.sapi.spare != 0 {
            map.serialize_entry("sapi_spare", &self.sapi.spare)?;
        }
        if self.pdp_type_organisation.spare != 0x0f {
            map.serialize_entry(
                "pdp_type_organisation_spare",
                &self.pdp_type_organisation.spare,
            )?;
        }
        map.end()
    }
}

impl Serialize for RabSetupInformation<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("nsapi", &self.nsapi.nsapi)?;
        if let Some(t) = self.teid_data_i {
            map.serialize_entry("teid_data_i", &t)?;
            // Shown like a GSN Address: dotted / colon text for 4 / 16 octets, else hex.
            let addr = gsn_from(self.rnc_ip_address.as_bytes());
            map.serialize_entry("rnc_ip_address", &addr)?;
        }
        nsapi_spare(&mut map, self.nsapi)?;
        map.end()
    }
}

/// An APN as a dotted name, or `{"raw": "hex"}` when its labels are malformed (as GTPv2's).
struct Apn<'r>(&'r [u8]);

impl Serialize for Apn<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::gtpv2::DnsName(Octets::borrowed(self.0)).serialize(s)
    }
}

fn gsn_from(b: &[u8]) -> GsnAddress<'static> {
    if let Ok(a) = <[u8; 4]>::try_from(b) {
        GsnAddress::V4(a.into())
    } else if let Ok(a) = <[u8; 16]>::try_from(b) {
        GsnAddress::V6(a.into())
    } else {
        GsnAddress::Other(Octets::owned(b.to_vec()))
    }
}

impl Serialize for Value<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Ie::Cause(c) => s.serialize_str(&c.label()),
            Ie::Imsi(d) | Ie::ImeiSv(d) => {
                let digits = d.digits();
                if super::Tbcd8::from_tbcd_text(&digits) == Some(*d) {
                    s.serialize_str(&digits)
                } else {
                    // Filler or digits the text cannot say (an `f` before the end, non-`f`
                    // after it): the wire octets beside the digits.
                    let mut map = s.serialize_map(Some(2))?;
                    map.serialize_entry("value", &digits)?;
                    map.serialize_entry("wire", &hex::encode(d.0))?;
                    map.end()
                }
            }
            Ie::Rai(r) => r.serialize(s),
            Ie::Tlli(v)
            | Ie::PTmsi(v)
            | Ie::PTmsiSignature(v)
            | Ie::TeidDataI(v)
            | Ie::TeidControlPlane(v)
            | Ie::ChargingId(v) => s.serialize_u32(*v),
            Ie::AuthenticationTriplet(t) => t.serialize(s),
            Ie::MsValidated(v)
            | Ie::Recovery(v)
            | Ie::RanapCause(v)
            | Ie::RadioPrioritySms(v)
            | Ie::RadioPriority(v)
            | Ie::RatType(v) => s.serialize_u8(*v),
            Ie::TeidDataIi(x) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("nsapi", &Nsapi(x.nsapi))?;
                map.serialize_entry("teid", &x.teid)?;
                nsapi_spare(&mut map, x.nsapi)?;
                map.end()
            }
            Ie::Nsapi(n) if n.spare != 0 => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("value", &n.nsapi)?;
                nsapi_spare(&mut map, *n)?;
                map.end()
            }
            Ie::Nsapi(n) => Nsapi(*n).serialize(s),
            Ie::RabContext(x) => {
                let mut map = s.serialize_map(Some(5))?;
                map.serialize_entry("nsapi", &Nsapi(x.nsapi))?;
                map.serialize_entry("dl_gtpu_sequence_number", &x.dl_gtpu_sequence_number)?;
                map.serialize_entry("ul_gtpu_sequence_number", &x.ul_gtpu_sequence_number)?;
                map.serialize_entry("dl_pdcp_sequence_number", &x.dl_pdcp_sequence_number)?;
                map.serialize_entry("ul_pdcp_sequence_number", &x.ul_pdcp_sequence_number)?;
                nsapi_spare(&mut map, x.nsapi)?;
                map.end()
            }
            Ie::PacketFlowId(x) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("nsapi", &Nsapi(x.nsapi))?;
                map.serialize_entry("packet_flow_id", &x.packet_flow_id)?;
                nsapi_spare(&mut map, x.nsapi)?;
                map.end()
            }
            Ie::ChargingCharacteristics(v) | Ie::ExtendedRanapCause(v) => s.serialize_u16(*v),
            Ie::MmContext(m) => m.serialize(s),
            Ie::PdpContext(p) => p.serialize(s),
            Ie::GsnAddress(a) => a.serialize(s),
            Ie::AuthenticationQuintuplet(q) => q.serialize(s),
            Ie::TargetIdentification(x) => {
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("rai", &x.rai)?;
                map.serialize_entry("rnc_id", &x.rnc_id)?;
                if let Some(e) = x.extended_rnc_id {
                    map.serialize_entry("extended_rnc_id", &e)?;
                }
                nonempty(&mut map, "trailing_octets", &x.trailing)?;
                map.end()
            }
            Ie::UtranTransparentContainer(o) => o.serialize(s),
            Ie::RabSetupInformation(x) | Ie::AdditionalRabSetupInformation(x) => x.serialize(s),
            Ie::SelectedPlmnId(p) => s.serialize_str(&hex::encode(p)),
            Ie::PrivateExtension(p) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("extension_identifier", &p.extension_identifier)?;
                map.serialize_entry("value", &p.value)?;
                map.end()
            }
            // An IE keyhop does not type, named or not, is always `{"value": "hex"}`: the
            // GTPv2 form without the instance GTPv1 lacks (docs/json.md).
            Ie::Tv { value, .. } | Ie::Tlv { value, .. } => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("value", value)?;
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Message;

    #[test]
    fn keys_follow_wire_order_and_repeats_become_arrays() {
        // Recovery, GSN Address, TEID CP, GSN Address, unknown TLV 250.
        let b = [
            0x32, 0x02, 0x00, 29, 0, 0, 0, 5, 0x00, 0x01, 0, 0, // header, seq 1
            0x0e, 0x07, // recovery 7
            0x85, 0x00, 0x04, 10, 0, 0, 1, // gsn_address 10.0.0.1
            0x11, 0x00, 0x00, 0x00, 0x09, // teid_control_plane 9
            0x85, 0x00, 0x04, 10, 0, 0, 2, // gsn_address 10.0.0.2
            0xfa, 0x00, 0x01, 0xaa, // ie_250
        ];
        let m = Message::parse(&b).unwrap();
        let s = serde_json::to_string(&m).unwrap();
        // The second GSN Address comes after the TEID: `ie_order` keeps the wire order.
        assert_eq!(
            s,
            r#"{"message":"EchoResponse","message_type":2,"teid":5,"sequence_number":1,"recovery":7,"gsn_address":["10.0.0.1","10.0.0.2"],"teid_control_plane":9,"ie_250":{"value":"aa"},"ie_order":["recovery","gsn_address","teid_control_plane","gsn_address","ie_250"]}"#
        );
        assert_eq!(crate::json::encode("gtpv1", &s).unwrap(), b);
    }
}
