//! Information elements: the type-length-instance framing (TS 29.274 8.2), the typed values by
//! IE type, grouped IEs decoded recursively under a depth limit, and their JSON form.

use super::mm_context::{MmContext, MmContextForm};
use super::types::{ie_name, IeType};
use super::values::*;
use crate::error::{Context, DecodeResult, EncodeResult, ErrorKind};
use crate::redact::Octets;
use crate::wire::{Reader, Writer};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::net::IpAddr;

/// Deepest nesting of grouped IEs accepted (a grouped IE inside a message is level 1).
pub const MAX_GROUP_DEPTH: usize = 8;

/// One IE: type (from the value), instance, the spare nibble of octet 4, the value, and any
/// octets after the part of the value keyhop knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ie<'a> {
    /// Instance (4 bits): tells apart IEs of one type in one message (sender vs PGW F-TEID).
    pub instance: u8,
    /// Octet 4 bits 8-5 (spare; the CR flag of early drafts), as received.
    pub spare: u8,
    /// The value.
    pub value: IeValue<'a>,
    /// Octets after the known fields of a typed value (later releases extend IEs at the end);
    /// re-encoded as received.
    pub extra: Octets<'a>,
}

/// The value of an IE, typed by IE type. The IE type follows from the variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IeValue<'a> {
    /// An IE keyhop does not type: its type number and value octets.
    Raw {
        /// IE type number.
        ie_type: u8,
        /// Value octets.
        value: Octets<'a>,
    },
    /// IMSI (1), TBCD digits.
    Imsi(Tbcd),
    /// Cause (2).
    Cause(Cause),
    /// Recovery restart counter (3).
    Recovery(u8),
    /// APN (71), label-encoded.
    Apn(DnsName<'a>),
    /// AMBR (72).
    Ambr(Ambr),
    /// EBI (73): the octet as received (spare nibble, EBI in bits 4-1).
    Ebi(u8),
    /// IP Address (74).
    IpAddress(IpAddr),
    /// MEI (75), TBCD digits.
    Mei(Tbcd),
    /// MSISDN (76), TBCD digits.
    Msisdn(Tbcd),
    /// Indication (77).
    Indication(Indication<'a>),
    /// PAA (79).
    Paa(Paa),
    /// Bearer QoS (80).
    BearerQos(BearerQos),
    /// RAT Type (82): 6 = EUTRAN, 1 = UTRAN, 2 = GERAN...
    RatType(u8),
    /// Serving Network (83).
    ServingNetwork(Plmn),
    /// ULI (86).
    Uli(Uli),
    /// F-TEID (87).
    FTeid(FTeid),
    /// Delay Value (92), in multiples of 50 ms.
    DelayValue(u8),
    /// Bearer Context (93), grouped.
    BearerContext(Vec<Ie<'a>>),
    /// Charging ID (94).
    ChargingId(u32),
    /// Charging Characteristics (95).
    ChargingCharacteristics(u16),
    /// PDN Type (99): the octet as received (PDN type in bits 3-1).
    PdnType(u8),
    /// MM Context (103 to 108).
    MmContext(Box<MmContext<'a>>),
    /// PDN Connection (109), grouped.
    PdnConnection(Vec<Ie<'a>>),
    /// P-TMSI (111).
    PTmsi(u32),
    /// P-TMSI Signature (112), 24 bits.
    PTmsiSignature(u32),
    /// Hop Counter (113).
    HopCounter(u8),
    /// UE Time Zone (114): time zone octet and daylight saving time octet.
    UeTimeZone([u8; 2]),
    /// GUTI (117).
    Guti(Guti),
    /// F-Container (118).
    FContainer(FContainer<'a>),
    /// F-Cause (119).
    FCause(FCause<'a>),
    /// Selected PLMN ID (120).
    SelectedPlmnId(Plmn),
    /// Target Identification (121).
    TargetIdentification(TargetId<'a>),
    /// Port Number (126).
    PortNumber(u16),
    /// APN Restriction (127).
    ApnRestriction(u8),
    /// Selection Mode (128): the octet as received (mode in bits 2-1).
    SelectionMode(u8),
    /// Node Type (135): 0 MME, 1 SGSN.
    NodeType(u8),
    /// FQDN (136), label-encoded.
    Fqdn(DnsName<'a>),
}

impl<'a> IeValue<'a> {
    /// The IE type this value has.
    pub fn ie_type(&self) -> IeType {
        use IeValue as V;
        match self {
            V::Raw { ie_type, .. } => IeType::from_u8(*ie_type),
            V::Imsi(_) => IeType::Imsi,
            V::Cause(_) => IeType::Cause,
            V::Recovery(_) => IeType::Recovery,
            V::Apn(_) => IeType::Apn,
            V::Ambr(_) => IeType::Ambr,
            V::Ebi(_) => IeType::Ebi,
            V::IpAddress(_) => IeType::IpAddress,
            V::Mei(_) => IeType::Mei,
            V::Msisdn(_) => IeType::Msisdn,
            V::Indication(_) => IeType::Indication,
            V::Paa(_) => IeType::Paa,
            V::BearerQos(_) => IeType::BearerQos,
            V::RatType(_) => IeType::RatType,
            V::ServingNetwork(_) => IeType::ServingNetwork,
            V::Uli(_) => IeType::Uli,
            V::FTeid(_) => IeType::FTeid,
            V::DelayValue(_) => IeType::DelayValue,
            V::BearerContext(_) => IeType::BearerContext,
            V::ChargingId(_) => IeType::ChargingId,
            V::ChargingCharacteristics(_) => IeType::ChargingCharacteristics,
            V::PdnType(_) => IeType::PdnType,
            V::MmContext(m) => IeType::from_u8(m.form.ie_type()),
            V::PdnConnection(_) => IeType::PdnConnection,
            V::PTmsi(_) => IeType::PTmsi,
            V::PTmsiSignature(_) => IeType::PTmsiSignature,
            V::HopCounter(_) => IeType::HopCounter,
            V::UeTimeZone(_) => IeType::UeTimeZone,
            V::Guti(_) => IeType::Guti,
            V::FContainer(_) => IeType::FContainer,
            V::FCause(_) => IeType::FCause,
            V::SelectedPlmnId(_) => IeType::SelectedPlmnId,
            V::TargetIdentification(_) => IeType::TargetIdentification,
            V::PortNumber(_) => IeType::PortNumber,
            V::ApnRestriction(_) => IeType::ApnRestriction,
            V::SelectionMode(_) => IeType::SelectionMode,
            V::NodeType(_) => IeType::NodeType,
            V::Fqdn(_) => IeType::Fqdn,
        }
    }

    /// The children of a grouped IE (Bearer Context, PDN Connection).
    pub fn children(&self) -> Option<&[Ie<'a>]> {
        match self {
            IeValue::BearerContext(c) | IeValue::PdnConnection(c) => Some(c),
            _ => None,
        }
    }

    /// Decodes a value of type `t` from `r` (the IE's value octets); what it leaves is `extra`.
    fn decode(t: u8, r: &mut Reader<'a>, depth: usize) -> DecodeResult<IeValue<'a>> {
        use IeValue as V;
        let rest = |r: &mut Reader<'a>| Octets::borrowed(r.rest());
        Ok(match IeType::from_u8(t) {
            IeType::Unknown(n) => V::Raw {
                ie_type: n,
                value: rest(r),
            },
            IeType::Imsi => V::Imsi(Tbcd::from_octets(r.rest())),
            IeType::Mei => V::Mei(Tbcd::from_octets(r.rest())),
            IeType::Msisdn => V::Msisdn(Tbcd::from_octets(r.rest())),
            IeType::Cause => V::Cause(Cause::decode(r)?),
            IeType::Recovery => V::Recovery(r.u8()?),
            IeType::Apn => V::Apn(DnsName(rest(r))),
            IeType::Fqdn => V::Fqdn(DnsName(rest(r))),
            IeType::Ambr => V::Ambr(Ambr::decode(r)?),
            IeType::Ebi => V::Ebi(r.u8()?),
            IeType::IpAddress => V::IpAddress(decode_ip(r)?),
            IeType::Indication => V::Indication(Indication(rest(r))),
            IeType::Paa => V::Paa(Paa::decode(r)?),
            IeType::BearerQos => V::BearerQos(BearerQos::decode(r)?),
            IeType::RatType => V::RatType(r.u8()?),
            IeType::ServingNetwork => V::ServingNetwork(Plmn::decode(r)?),
            IeType::Uli => V::Uli(Uli::decode(r)?),
            IeType::FTeid => V::FTeid(FTeid::decode(r)?),
            IeType::DelayValue => V::DelayValue(r.u8()?),
            IeType::BearerContext => V::BearerContext(decode_group(r, depth)?),
            IeType::PdnConnection => V::PdnConnection(decode_group(r, depth)?),
            IeType::ChargingId => V::ChargingId(r.u32()?),
            IeType::ChargingCharacteristics => V::ChargingCharacteristics(r.u16()?),
            IeType::PdnType => V::PdnType(r.u8()?),
            IeType::MmContextGsmKeyTriplets
            | IeType::MmContextUmtsKeyUsedCipherQuintuplets
            | IeType::MmContextGsmKeyUsedCipherQuintuplets
            | IeType::MmContextUmtsKeyQuintuplets
            | IeType::MmContextEpsSecurityContextQuadruplets
            | IeType::MmContextUmtsKeyQuadrupletsQuintuplets => {
                let form = MmContextForm::from_ie_type(t).ok_or_else(|| {
                    r.error(ErrorKind::Invalid, "MM Context type table out of step")
                })?;
                V::MmContext(Box::new(MmContext::decode(form, r)?))
            }
            IeType::PTmsi => V::PTmsi(r.u32()?),
            IeType::PTmsiSignature => V::PTmsiSignature(r.u24()?),
            IeType::HopCounter => V::HopCounter(r.u8()?),
            IeType::UeTimeZone => V::UeTimeZone(r.array()?),
            IeType::Guti => V::Guti(Guti::decode(r)?),
            IeType::FContainer => V::FContainer(FContainer {
                type_octet: r.u8()?,
                container: rest(r),
            }),
            IeType::FCause => V::FCause(FCause {
                type_octet: r.u8()?,
                cause: rest(r),
            }),
            IeType::SelectedPlmnId => V::SelectedPlmnId(Plmn::decode(r)?),
            IeType::TargetIdentification => V::TargetIdentification(TargetId::decode(r)?),
            IeType::PortNumber => V::PortNumber(r.u16()?),
            IeType::ApnRestriction => V::ApnRestriction(r.u8()?),
            IeType::SelectionMode => V::SelectionMode(r.u8()?),
            IeType::NodeType => V::NodeType(r.u8()?),
        })
    }

    fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        use IeValue as V;
        let tbcd = |w: &mut Writer, t: &Tbcd| -> EncodeResult<()> {
            w.bytes(&t.to_octets()?);
            Ok(())
        };
        match self {
            V::Raw { value, .. } => w.bytes(value.as_bytes()),
            V::Imsi(t) | V::Mei(t) | V::Msisdn(t) => tbcd(w, t)?,
            V::Cause(c) => c.encode(w),
            V::Recovery(v)
            | V::Ebi(v)
            | V::RatType(v)
            | V::DelayValue(v)
            | V::PdnType(v)
            | V::HopCounter(v)
            | V::ApnRestriction(v)
            | V::SelectionMode(v)
            | V::NodeType(v) => w.u8(*v),
            V::Apn(n) | V::Fqdn(n) => w.bytes(n.0.as_bytes()),
            V::Ambr(a) => a.encode(w),
            V::IpAddress(IpAddr::V4(a)) => w.bytes(&a.octets()),
            V::IpAddress(IpAddr::V6(a)) => w.bytes(&a.octets()),
            V::Indication(i) => w.bytes(i.0.as_bytes()),
            V::Paa(p) => p.encode(w)?,
            V::BearerQos(q) => q.encode(w)?,
            V::ServingNetwork(p) | V::SelectedPlmnId(p) => p.encode(w),
            V::Uli(u) => u.encode(w)?,
            V::FTeid(f) => f.encode(w)?,
            V::BearerContext(c) | V::PdnConnection(c) => encode_ies(w, c)?,
            V::ChargingId(v) | V::PTmsi(v) => w.u32(*v),
            V::ChargingCharacteristics(v) | V::PortNumber(v) => w.u16(*v),
            V::MmContext(m) => m.encode(w)?,
            V::PTmsiSignature(v) => put_u24(w, *v, "P-TMSI signature")?,
            V::UeTimeZone(b) => w.bytes(b),
            V::Guti(g) => g.encode(w),
            V::FContainer(c) => {
                w.u8(c.type_octet);
                w.bytes(c.container.as_bytes());
            }
            V::FCause(c) => {
                w.u8(c.type_octet);
                w.bytes(c.cause.as_bytes());
            }
            V::TargetIdentification(t) => t.encode(w)?,
        }
        Ok(())
    }
}

impl<'a> Ie<'a> {
    /// An IE of instance 0 with nothing extra.
    pub fn new(value: IeValue<'a>) -> Ie<'a> {
        Ie::with_instance(value, 0)
    }

    /// An IE with an instance and nothing extra.
    pub fn with_instance(value: IeValue<'a>, instance: u8) -> Ie<'a> {
        Ie {
            instance,
            spare: 0,
            value,
            extra: Octets::default(),
        }
    }

    /// The IE type.
    pub fn ie_type(&self) -> IeType {
        self.value.ie_type()
    }

    /// The JSON key of this IE (from [`ie_name`]).
    pub fn name(&self) -> &'static str {
        ie_name(self.ie_type())
    }

    /// The children, if this is a grouped IE keyhop types.
    pub fn children(&self) -> Option<&[Ie<'a>]> {
        self.value.children()
    }

    /// The first child of type `t` and instance `instance` of a grouped IE.
    pub fn child(&self, t: IeType, instance: u8) -> Option<&Ie<'a>> {
        find(self.children()?, t, instance)
    }

    fn decode(r: &mut Reader<'a>, depth: usize) -> DecodeResult<Ie<'a>> {
        if r.remaining() < 4 {
            return Err(r.error(
                ErrorKind::Truncated,
                format!("IE header needs 4 octets, {} left", r.remaining()),
            ));
        }
        let t = r.u8()?;
        let len_at = r.clone();
        let len = r.u16()? as usize;
        let o4 = r.u8()?;
        if len > r.remaining() {
            return Err(len_at
                .error(
                    ErrorKind::BadLength,
                    format!(
                        "IE length {len} exceeds the {} octets left in its container",
                        r.remaining()
                    ),
                )
                .in_field(ie_name(IeType::from_u8(t))));
        }
        let mut v = r.sub(len)?;
        let value =
            IeValue::decode(t, &mut v, depth).ctx_with(|| ie_name(IeType::from_u8(t)).into())?;
        Ok(Ie {
            instance: o4 & 0x0f,
            spare: o4 >> 4,
            value,
            extra: Octets::borrowed(v.rest()),
        })
    }

    /// Writes the IE: type, length (fixed up after the value), spare and instance, value.
    pub fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        if self.instance > 0x0f || self.spare > 0x0f {
            return Err(enc_err(format!(
                "{}: instance {} or spare {} does not fit 4 bits",
                self.name(),
                self.instance,
                self.spare
            )));
        }
        w.u8(self.ie_type().to_u8());
        let len_at = w.len();
        w.u16(0);
        w.u8((self.spare << 4) | self.instance);
        let start = w.len();
        self.value.encode(w).map_err(|e| e.in_field(self.name()))?;
        w.bytes(self.extra.as_bytes());
        let n = w.len() - start;
        let n = u16::try_from(n).map_err(|_| {
            enc_err(format!(
                "{}: {n} octets do not fit the IE length",
                self.name()
            ))
        })?;
        w.as_mut_slice()[len_at..len_at + 2].copy_from_slice(&n.to_be_bytes());
        Ok(())
    }
}

fn decode_group<'a>(r: &mut Reader<'a>, depth: usize) -> DecodeResult<Vec<Ie<'a>>> {
    if depth + 1 > MAX_GROUP_DEPTH {
        return Err(r.error(
            ErrorKind::Limit,
            format!("grouped IEs nested deeper than {MAX_GROUP_DEPTH}"),
        ));
    }
    decode_ies(r, depth + 1)
}

/// Decodes IEs until `r` is empty. `depth` is the grouping level of these IEs (0 in a message).
pub(crate) fn decode_ies<'a>(r: &mut Reader<'a>, depth: usize) -> DecodeResult<Vec<Ie<'a>>> {
    let mut ies = Vec::new();
    while !r.is_empty() {
        let i = ies.len();
        ies.push(Ie::decode(r, depth).ctx_with(|| format!("[{i}]"))?);
    }
    Ok(ies)
}

/// Writes IEs in order.
pub(crate) fn encode_ies(w: &mut Writer, ies: &[Ie<'_>]) -> EncodeResult<()> {
    for (i, ie) in ies.iter().enumerate() {
        ie.encode(w).map_err(|e| e.in_field(&format!("[{i}]")))?;
    }
    Ok(())
}

/// The first IE of type `t` and instance `instance` in `ies`.
pub fn find<'x, 'a>(ies: &'x [Ie<'a>], t: IeType, instance: u8) -> Option<&'x Ie<'a>> {
    ies.iter()
        .find(|ie| ie.ie_type() == t && ie.instance == instance)
}

// ---------------------------------------------------------------------------------------------
// JSON (docs/json.md, section GTPv2)

/// IEs as a JSON object: keyed by [`ie_name`] in wire order, an array where a name repeats.
pub struct IeMap<'x, 'a>(pub &'x [Ie<'a>]);

impl Serialize for IeMap<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        ies_into_map(self.0, &mut m)?;
        m.end()
    }
}

/// Writes the IEs of `ies` as entries of map `m` (for flattening into an envelope).
pub fn ies_into_map<M: SerializeMap>(ies: &[Ie<'_>], m: &mut M) -> Result<(), M::Error> {
    let mut seen: Vec<&'static str> = Vec::new();
    for ie in ies {
        let name = ie.name();
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let same: Vec<&Ie<'_>> = ies.iter().filter(|x| x.name() == name).collect();
        if same.len() == 1 {
            m.serialize_entry(name, &IeJson(same[0]))?;
        } else {
            let all: Vec<IeJson<'_, '_>> = same.into_iter().map(IeJson).collect();
            m.serialize_entry(name, &all)?;
        }
    }
    // Keys hold a repeated name's IEs together; where the wire interleaves them, the wire
    // order is kept in `ie_order` (docs/json.md "Re-encoding").
    let wire: Vec<&'static str> = ies.iter().map(|ie| ie.name()).collect();
    let grouped: Vec<&'static str> = seen
        .iter()
        .flat_map(|n| wire.iter().filter(move |w| *w == n).copied())
        .collect();
    if wire != grouped {
        m.serialize_entry("ie_order", &wire)?;
    }
    Ok(())
}

/// One IE's JSON value.
///
/// Object values carry `"instance"` first when it is not 0 and `"extra"` last when there are
/// extra octets. Scalar values (numbers, digit strings, names) are bare when instance is 0 and
/// nothing is extra, else `{"instance": n, "value": v, "extra": "hex"}`. Raw IEs are always
/// `{"instance": n, "value": "hex"}`.
pub struct IeJson<'x, 'a>(pub &'x Ie<'a>);

impl Serialize for IeJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use IeValue as V;
        let ie = self.0;
        match &ie.value {
            V::Raw { value, .. } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("instance", &ie.instance)?;
                m.serialize_entry("value", value)?;
                if ie.spare != 0 {
                    m.serialize_entry("ie_spare", &ie.spare)?;
                }
                m.end()
            }
            V::Imsi(t) | V::Mei(t) | V::Msisdn(t) => scalar(s, ie, t),
            V::Recovery(v)
            | V::RatType(v)
            | V::DelayValue(v)
            | V::HopCounter(v)
            | V::ApnRestriction(v)
            | V::NodeType(v) => scalar(s, ie, v),
            V::Ebi(v) => scalar(s, ie, &(v & 0x0f)),
            V::PdnType(v) => scalar(s, ie, &(v & 0x07)),
            V::SelectionMode(v) => scalar(s, ie, &(v & 0x03)),
            V::ChargingId(v) | V::PTmsi(v) | V::PTmsiSignature(v) => scalar(s, ie, v),
            V::ChargingCharacteristics(v) => scalar(s, ie, &format!("{v:04x}")),
            V::PortNumber(v) => scalar(s, ie, v),
            V::IpAddress(a) => scalar(s, ie, a),
            V::ServingNetwork(p) | V::SelectedPlmnId(p) => scalar(s, ie, p),
            V::UeTimeZone(b) => scalar(s, ie, &hex::encode(b)),
            V::Apn(n) | V::Fqdn(n) => scalar(s, ie, n),
            V::Cause(v) => object(s, ie, v),
            V::Ambr(v) => object(s, ie, v),
            V::Indication(v) => object(s, ie, v),
            V::Paa(v) => object(s, ie, v),
            V::BearerQos(v) => object(s, ie, v),
            V::Uli(v) => object(s, ie, v),
            V::FTeid(v) => object(s, ie, v),
            V::MmContext(v) => object(s, ie, v),
            V::Guti(v) => object(s, ie, v),
            V::FContainer(v) => object(s, ie, v),
            V::FCause(v) => object(s, ie, v),
            V::TargetIdentification(v) => object(s, ie, v),
            V::BearerContext(c) | V::PdnConnection(c) => object(s, ie, &IeMap(c)),
        }
    }
}

fn scalar<S: Serializer, T: Serialize + ?Sized>(
    s: S,
    ie: &Ie<'_>,
    v: &T,
) -> Result<S::Ok, S::Error> {
    let spare_bits = value_spare_bits(&ie.value);
    if ie.instance == 0 && ie.extra.as_bytes().is_empty() && ie.spare == 0 && spare_bits == 0 {
        return v.serialize(s);
    }
    let mut m = s.serialize_map(None)?;
    m.serialize_entry("instance", &ie.instance)?;
    m.serialize_entry("value", v)?;
    if !ie.extra.as_bytes().is_empty() {
        m.serialize_entry("extra", &ie.extra)?;
    }
    if ie.spare != 0 {
        m.serialize_entry("ie_spare", &ie.spare)?;
    }
    if spare_bits != 0 {
        m.serialize_entry("spare_bits", &spare_bits)?;
    }
    m.end()
}

/// The spare bits of a value's first octet that its JSON fields do not show (EBI, PDN Type,
/// Selection Mode, Cause flags, PAA PDN type, Bearer QoS ARP, F-Container and F-Cause type
/// octets), in place (the octet ANDed with its spare mask); 0 when the sender left them zero,
/// as TS 29.274 asks.
pub(crate) fn value_spare_bits(v: &IeValue<'_>) -> u8 {
    match v {
        IeValue::Ebi(o) => o & 0xf0,
        IeValue::PdnType(o) => o & 0xf8,
        IeValue::SelectionMode(o) => o & 0xfc,
        IeValue::Cause(c) => c.flags & 0xf8,
        IeValue::Paa(p) => p.pdn_type_octet & 0xf8,
        IeValue::BearerQos(q) => q.arp & 0x82,
        IeValue::FContainer(c) => c.type_octet & 0xf0,
        IeValue::FCause(c) => c.type_octet & 0xf0,
        _ => 0,
    }
}

#[derive(Serialize)]
struct WithMeta<'x, T: Serialize + ?Sized> {
    #[serde(skip_serializing_if = "is_zero")]
    instance: u8,
    #[serde(flatten)]
    value: &'x T,
    #[serde(skip_serializing_if = "is_empty")]
    extra: &'x Octets<'x>,
    #[serde(skip_serializing_if = "is_zero")]
    ie_spare: u8,
    #[serde(skip_serializing_if = "is_zero")]
    spare_bits: u8,
}

fn is_zero(v: &u8) -> bool {
    *v == 0
}

fn is_empty(o: &&Octets<'_>) -> bool {
    o.as_bytes().is_empty()
}

fn object<S: Serializer, T: Serialize + ?Sized>(
    s: S,
    ie: &Ie<'_>,
    v: &T,
) -> Result<S::Ok, S::Error> {
    WithMeta {
        instance: ie.instance,
        value: v,
        extra: &ie.extra,
        ie_spare: ie.spare,
        spare_bits: value_spare_bits(&ie.value),
    }
    .serialize(s)
}
