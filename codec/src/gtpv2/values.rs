//! Typed values of the GTPv2-C IEs (TS 29.274 clause 8) other than the grouped IEs and the MM
//! Context.
//!
//! Octets that carry spare bits next to a field are kept whole (e.g. the EBI value keeps the spare
//! nibble) and read through accessors, so that decode then encode is byte-exact even when a
//! peer sets spare bits.

use crate::error::{DecodeResult, EncodeError, EncodeResult, ErrorKind, Protocol};
use crate::redact::Octets;
use crate::wire::{Reader, Writer};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::net::{Ipv4Addr, Ipv6Addr};

pub(crate) fn enc_err(detail: impl Into<std::borrow::Cow<'static, str>>) -> EncodeError {
    EncodeError::new(Protocol::Gtpv2, detail)
}

/// Reads a 5-octet big-endian integer (bit rates of Bearer QoS).
fn u40(r: &mut Reader<'_>) -> DecodeResult<u64> {
    let a = r.array::<5>()?;
    Ok(a.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

fn put_u40(w: &mut Writer, v: u64) -> EncodeResult<()> {
    if v >> 40 != 0 {
        return Err(enc_err(format!("bit rate {v} does not fit 5 octets")));
    }
    w.bytes(&v.to_be_bytes()[3..]);
    Ok(())
}

fn ipv4(r: &mut Reader<'_>) -> DecodeResult<Ipv4Addr> {
    Ok(Ipv4Addr::from(r.array::<4>()?))
}

fn ipv6(r: &mut Reader<'_>) -> DecodeResult<Ipv6Addr> {
    Ok(Ipv6Addr::from(r.array::<16>()?))
}

/// Writes a 24-bit field, failing if `v` does not fit.
pub(crate) fn put_u24(w: &mut Writer, v: u32, what: &'static str) -> EncodeResult<()> {
    if v >> 24 != 0 {
        return Err(enc_err(format!("{what} {v:#x} does not fit 24 bits")));
    }
    w.u24(v);
    Ok(())
}

/// Serializes octets as lowercase hex, or as length and fingerprint when longer than
/// [`crate::redact::RAW_SHOWN_OCTETS`] (see [`crate::redact::serialize_raw`]).
pub(crate) fn hex_str<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    crate::redact::serialize_raw(b, s)
}

// ---------------------------------------------------------------------------------------------
// TBCD digit strings: IMSI, MSISDN, MEI

/// A TBCD-coded digit string (IMSI, MSISDN, MEI: TS 29.274 8.3, 8.10, 8.11; TS 29.002).
///
/// Digits are kept as characters, low nibble first. A nibble above 9 is kept as a lowercase hex
/// letter so that any octets survive; an `f` high nibble in the last octet is the filler of an
/// odd-length string and is not part of the digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Tbcd(pub String);

impl Tbcd {
    /// Decodes TBCD octets.
    pub fn from_octets(b: &[u8]) -> Tbcd {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(b.len() * 2);
        for (i, &o) in b.iter().enumerate() {
            s.push(HEX[(o & 0x0f) as usize] as char);
            let hi = o >> 4;
            if !(hi == 0x0f && i + 1 == b.len()) {
                s.push(HEX[hi as usize] as char);
            }
        }
        Tbcd(s)
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Encodes the digits, padding an odd count with the filler `f`.
    pub fn to_octets(&self) -> EncodeResult<Vec<u8>> {
        let nib = |c: char| -> EncodeResult<u8> {
            c.to_digit(16)
                .map(|d| d as u8)
                .ok_or_else(|| enc_err(format!("{c:?} is not a TBCD digit")))
        };
        let chars: Vec<char> = self.0.chars().collect();
        let mut out = Vec::with_capacity(chars.len().div_ceil(2));
        for pair in chars.chunks(2) {
            let lo = nib(pair[0])?;
            let hi = match pair.get(1) {
                Some(&c) => nib(c)?,
                None => 0x0f,
            };
            out.push(lo | (hi << 4));
        }
        Ok(out)
    }
}

impl Serialize for Tbcd {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// PLMN identity

/// A PLMN identity: MCC and MNC in 3 TBCD octets as on the wire (TS 24.008 10.5.1.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Plmn(pub [u8; 3]);

impl Plmn {
    pub(crate) fn decode(r: &mut Reader<'_>) -> DecodeResult<Plmn> {
        Ok(Plmn(r.array()?))
    }
    pub(crate) fn encode(&self, w: &mut Writer) {
        w.bytes(&self.0);
    }
    /// The mobile country code, 3 digits.
    pub fn mcc(&self) -> String {
        let d = |n: u8| char::from_digit(u32::from(n), 16).unwrap_or('?');
        [d(self.0[0] & 0xf), d(self.0[0] >> 4), d(self.0[1] & 0xf)]
            .iter()
            .collect()
    }
    /// The mobile network code, 2 or 3 digits (a filler `f` third digit is dropped).
    pub fn mnc(&self) -> String {
        let d = |n: u8| char::from_digit(u32::from(n), 16).unwrap_or('?');
        let mut s: String = [d(self.0[2] & 0xf), d(self.0[2] >> 4)].iter().collect();
        if self.0[1] >> 4 != 0xf {
            s.push(d(self.0[1] >> 4));
        }
        s
    }
}

/// `spare_bits` (spare bits in place) when a sender set any: re-encoding needs them.
fn spare_entry<M: SerializeMap>(m: &mut M, bits: u32) -> Result<(), M::Error> {
    if bits != 0 {
        m.serialize_entry("spare_bits", &bits)?;
    }
    Ok(())
}

/// `plmn_identity` (the wire hex) and `plmn` (`001-01`, when the digits read): the one form of
/// a PLMN inside a GTPv2 value (docs/json.md, "Readable values").
fn plmn_entries<M: SerializeMap>(m: &mut M, p: &Plmn) -> Result<(), M::Error> {
    m.serialize_entry("plmn_identity", p)?;
    crate::text::serialize_plmn(m, &p.0)
}

impl Serialize for Plmn {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        hex_str(&self.0, s)
    }
}

// ---------------------------------------------------------------------------------------------
// Cause (8.4)

/// The offending IE named by a Cause (octets 7 to 10 of TS 29.274 Figure 8.4-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OffendingIe {
    /// Type of the offending IE.
    #[serde(rename = "type")]
    pub ie_type: u8,
    /// Length field (the spec sets it to 0).
    pub length: u16,
    /// Spare nibble and instance octet as on the wire.
    #[serde(skip)]
    pub spare_instance: u8,
}

impl OffendingIe {
    /// Instance of the offending IE.
    pub fn instance(&self) -> u8 {
        self.spare_instance & 0x0f
    }
}

/// The name of GTPv2 cause value `v` (TS 29.274 table 8.4-1), `None` for spare and reserved
/// values (71, 79, 99 and 118 "shall not be used").
pub fn cause_name(v: u8) -> Option<&'static str> {
    Some(match v {
            2 => "Local Detach",
            3 => "Complete Detach",
            4 => "RAT changed from 3GPP to Non-3GPP",
            5 => "ISR deactivation",
            6 => "Error Indication received from RNC/eNodeB/S4-SGSN/MME",
            7 => "IMSI Detach Only",
            8 => "Reactivation Requested",
            9 => "PDN reconnection to this APN disallowed",
            10 => "Access changed from Non-3GPP to 3GPP",
            11 => "PDN connection inactivity timer expires",
            12 => "PGW not responding",
            13 => "Network Failure",
            14 => "QoS parameter mismatch",
            15 => "EPS to 5GS Mobility",
            16 => "Request accepted",
            17 => "Request accepted partially",
            18 => "New PDN type due to network preference",
            19 => "New PDN type due to single address bearer only",
            64 => "Context Not Found",
            65 => "Invalid Message Format",
            66 => "Version not supported by next peer",
            67 => "Invalid length",
            68 => "Service not supported",
            69 => "Mandatory IE incorrect",
            70 => "Mandatory IE missing",
            72 => "System failure",
            73 => "No resources available",
            74 => "Semantic error in the TFT operation",
            75 => "Syntactic error in the TFT operation",
            76 => "Semantic errors in packet filter(s)",
            77 => "Syntactic errors in packet filter(s)",
            78 => "Missing or unknown APN",
            80 => "GRE key not found",
            81 => "Relocation failure",
            82 => "Denied in RAT",
            83 => "Preferred PDN type not supported",
            84 => "All dynamic addresses are occupied",
            85 => "UE context without TFT already activated",
            86 => "Protocol type not supported",
            87 => "UE not responding",
            88 => "UE refuses",
            89 => "Service denied",
            90 => "Unable to page UE",
            91 => "No memory available",
            92 => "User authentication failed",
            93 => "APN access denied - no subscription",
            94 => "Request rejected (reason not specified)",
            95 => "P-TMSI Signature mismatch",
            96 => "IMSI/IMEI not known",
            97 => "Semantic error in the TAD operation",
            98 => "Syntactic error in the TAD operation",
            100 => "Remote peer not responding",
            101 => "Collision with network initiated request",
            102 => "Unable to page UE due to Suspension",
            103 => "Conditional IE missing",
            104 => "APN Restriction type Incompatible with currently active PDN connection",
            105 => "Invalid overall length of the triggered response message and a piggybacked initial message",
            106 => "Data forwarding not supported",
            107 => "Invalid reply from remote peer",
            108 => "Fallback to GTPv1",
            109 => "Invalid peer",
            110 => "Temporarily rejected due to handover/TAU/RAU procedure in progress",
            111 => "Modifications not limited to S1-U bearers",
            112 => "Request rejected for a PMIPv6 reason",
            113 => "APN Congestion",
            114 => "Bearer handling not supported",
            115 => "UE already re-attached",
            116 => "Multiple PDN connections for a given APN not allowed",
            117 => "Target access restricted for the subscriber",
            119 => "MME/SGSN refuses due to VPLMN Policy",
            120 => "GTP-C Entity Congestion",
            121 => "Late Overlapping Request",
            122 => "Timed out Request",
            123 => "UE is temporarily not reachable due to power saving",
            124 => "Relocation failure due to NAS message redirection",
            125 => "UE not authorised by OCS or external AAA Server",
            126 => "Multiple accesses to a PDN connection not allowed",
            127 => "Request rejected due to UE capability",
            128 => "S1-U Path Failure",
            129 => "5GC not allowed",
            130 => "PGW mismatch with network slice subscribed by the UE",
            131 => "Rejection due to paging restriction",
            _ => return None,
    })
}

/// The name of cause value `v` in snake_case, as GTPv1's causes are written
/// (`request_accepted`, `apn_access_denied_no_subscription`), or `unknown(<n>)`.
pub fn cause_label(v: u8) -> String {
    let Some(n) = cause_name(v) else {
        return format!("unknown({v})");
    };
    let mut s = String::with_capacity(n.len());
    for c in n.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('_') {
            s.push('_');
        }
    }
    s.trim_end_matches('_').to_string()
}

/// `request_accepted(16)`: the name and the value, as GTPv1 summaries write a cause.
pub fn cause_text(v: u8) -> String {
    match cause_name(v) {
        Some(_) => format!("{}({v})", cause_label(v)),
        None => cause_label(v),
    }
}

/// Cause (TS 29.274 8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cause {
    /// Cause value (Table 8.4-1): 16 = Request accepted.
    pub value: u8,
    /// Octet 6 as on the wire: spare bits 8-4, PCE, BCE, CS.
    pub flags: u8,
    /// The offending IE, when the Cause names one.
    pub offending_ie: Option<OffendingIe>,
}

impl Cause {
    /// A cause value with no flags.
    pub fn new(value: u8) -> Cause {
        Cause {
            value,
            flags: 0,
            offending_ie: None,
        }
    }
    /// PDN Connection IE Error.
    pub fn pce(&self) -> bool {
        self.flags & 0x04 != 0
    }
    /// Bearer Context IE Error.
    pub fn bce(&self) -> bool {
        self.flags & 0x02 != 0
    }
    /// Cause Source: originated by the remote node.
    pub fn cs(&self) -> bool {
        self.flags & 0x01 != 0
    }
    pub(crate) fn decode(r: &mut Reader<'_>) -> DecodeResult<Cause> {
        let value = r.u8()?;
        let flags = r.u8()?;
        // Octets 7-10 are there only when the sender names an offending IE.
        let offending_ie = if r.remaining() >= 4 {
            Some(OffendingIe {
                ie_type: r.u8()?,
                length: r.u16()?,
                spare_instance: r.u8()?,
            })
        } else {
            None
        };
        Ok(Cause {
            value,
            flags,
            offending_ie,
        })
    }
    pub(crate) fn encode(&self, w: &mut Writer) {
        w.u8(self.value);
        w.u8(self.flags);
        if let Some(o) = &self.offending_ie {
            w.u8(o.ie_type);
            w.u16(o.length);
            w.u8(o.spare_instance);
        }
    }
}

impl Serialize for Cause {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("cause_value", &self.value)?;
        m.serialize_entry("cause", &cause_label(self.value))?;
        m.serialize_entry("pce", &self.pce())?;
        m.serialize_entry("bce", &self.bce())?;
        m.serialize_entry("cs", &self.cs())?;
        if let Some(o) = &self.offending_ie {
            m.serialize_entry(
                "offending_ie",
                &OffendingJson {
                    ie_type: o.ie_type,
                    instance: o.instance(),
                    length: o.length,
                    spare: o.spare_instance >> 4,
                },
            )?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct OffendingJson {
    #[serde(rename = "type")]
    ie_type: u8,
    instance: u8,
    /// Sent as 0 (TS 29.274 8.4); shown when not, so re-encoding keeps it.
    #[serde(skip_serializing_if = "is_zero_u16")]
    length: u16,
    /// The spare nibble beside the instance, shown when not 0.
    #[serde(skip_serializing_if = "is_zero_u8")]
    spare: u8,
}

fn is_zero_u16(v: &u16) -> bool {
    *v == 0
}

fn is_zero_u8(v: &u8) -> bool {
    *v == 0
}

// ---------------------------------------------------------------------------------------------
// AMBR (8.7)

/// Aggregate Maximum Bit Rate in kbps (TS 29.274 8.7; also the UE-AMBRs of the MM Context).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Ambr {
    /// Uplink, kbps.
    pub uplink: u32,
    /// Downlink, kbps.
    pub downlink: u32,
}

impl Ambr {
    pub(crate) fn decode(r: &mut Reader<'_>) -> DecodeResult<Ambr> {
        Ok(Ambr {
            uplink: r.u32()?,
            downlink: r.u32()?,
        })
    }
    pub(crate) fn encode(&self, w: &mut Writer) {
        w.u32(self.uplink);
        w.u32(self.downlink);
    }
}

// ---------------------------------------------------------------------------------------------
// F-TEID (8.22)

/// Fully Qualified TEID (TS 29.274 8.22). The V4 and V6 flags follow the addresses present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FTeid {
    /// Interface type (6 bits, Table 8.22-1): 10 = S11 MME GTP-C, 12 = S10 MME GTP-C...
    pub interface_type: u8,
    /// TEID or GRE key.
    pub teid: u32,
    /// IPv4 address (V4 flag).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<Ipv4Addr>,
    /// IPv6 address (V6 flag).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<Ipv6Addr>,
}

impl FTeid {
    pub(crate) fn decode(r: &mut Reader<'_>) -> DecodeResult<FTeid> {
        let o = r.u8()?;
        let teid = r.u32()?;
        let ipv4 = if o & 0x80 != 0 { Some(ipv4(r)?) } else { None };
        let ipv6 = if o & 0x40 != 0 { Some(ipv6(r)?) } else { None };
        Ok(FTeid {
            interface_type: o & 0x3f,
            teid,
            ipv4,
            ipv6,
        })
    }
    pub(crate) fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        if self.interface_type > 0x3f {
            return Err(enc_err("F-TEID interface type does not fit 6 bits"));
        }
        let flags = (u8::from(self.ipv4.is_some()) << 7) | (u8::from(self.ipv6.is_some()) << 6);
        w.u8(flags | self.interface_type);
        w.u32(self.teid);
        if let Some(a) = self.ipv4 {
            w.bytes(&a.octets());
        }
        if let Some(a) = self.ipv6 {
            w.bytes(&a.octets());
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Bearer QoS (8.15)

/// Bearer Level Quality of Service (TS 29.274 8.15). Bit rates in kbps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BearerQos {
    /// Octet 5 as on the wire: spare, PCI, PL (4 bits), spare, PVI.
    pub arp: u8,
    /// QoS Class Identifier.
    pub qci: u8,
    /// Maximum bit rate uplink (40 bits).
    pub mbr_uplink: u64,
    /// Maximum bit rate downlink.
    pub mbr_downlink: u64,
    /// Guaranteed bit rate uplink.
    pub gbr_uplink: u64,
    /// Guaranteed bit rate downlink.
    pub gbr_downlink: u64,
}

impl BearerQos {
    /// Pre-emption Capability bit (1 = shall not trigger pre-emption).
    pub fn pci(&self) -> bool {
        self.arp & 0x40 != 0
    }
    /// Priority Level (1..15).
    pub fn pl(&self) -> u8 {
        (self.arp >> 2) & 0x0f
    }
    /// Pre-emption Vulnerability bit (1 = shall not be pre-empted).
    pub fn pvi(&self) -> bool {
        self.arp & 0x01 != 0
    }
    /// Builds octet 5 from its fields (spare bits zero).
    pub fn arp_octet(pci: bool, pl: u8, pvi: bool) -> u8 {
        (u8::from(pci) << 6) | ((pl & 0x0f) << 2) | u8::from(pvi)
    }
    pub(crate) fn decode(r: &mut Reader<'_>) -> DecodeResult<BearerQos> {
        Ok(BearerQos {
            arp: r.u8()?,
            qci: r.u8()?,
            mbr_uplink: u40(r)?,
            mbr_downlink: u40(r)?,
            gbr_uplink: u40(r)?,
            gbr_downlink: u40(r)?,
        })
    }
    pub(crate) fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        w.u8(self.arp);
        w.u8(self.qci);
        put_u40(w, self.mbr_uplink)?;
        put_u40(w, self.mbr_downlink)?;
        put_u40(w, self.gbr_uplink)?;
        put_u40(w, self.gbr_downlink)
    }
}

impl Serialize for BearerQos {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("pci", &self.pci())?;
        m.serialize_entry("pl", &self.pl())?;
        m.serialize_entry("pvi", &self.pvi())?;
        m.serialize_entry("qci", &self.qci)?;
        m.serialize_entry("mbr_uplink", &self.mbr_uplink)?;
        m.serialize_entry("mbr_downlink", &self.mbr_downlink)?;
        m.serialize_entry("gbr_uplink", &self.gbr_uplink)?;
        m.serialize_entry("gbr_downlink", &self.gbr_downlink)?;
        m.end()
    }
}

// ---------------------------------------------------------------------------------------------
// PAA (8.14)

/// PDN Address Allocation (TS 29.274 8.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paa {
    /// Octet 5 as on the wire: spare bits 8-4, PDN type (1 IPv4, 2 IPv6, 3 IPv4v6, 4 non-IP, 5 Ethernet).
    pub pdn_type_octet: u8,
    /// IPv6 prefix length and address (PDN types 2 and 3).
    pub ipv6: Option<(u8, Ipv6Addr)>,
    /// IPv4 address (PDN types 1 and 3).
    pub ipv4: Option<Ipv4Addr>,
}

impl Paa {
    /// The PDN type (3 bits).
    pub fn pdn_type(&self) -> u8 {
        self.pdn_type_octet & 0x07
    }
    pub(crate) fn decode(r: &mut Reader<'_>) -> DecodeResult<Paa> {
        let o = r.u8()?;
        let (v6, v4) = match o & 0x07 {
            1 => (false, true),
            2 => (true, false),
            3 => (true, true),
            _ => (false, false),
        };
        let ipv6 = if v6 { Some((r.u8()?, ipv6(r)?)) } else { None };
        let ipv4 = if v4 { Some(ipv4(r)?) } else { None };
        Ok(Paa {
            pdn_type_octet: o,
            ipv6,
            ipv4,
        })
    }
    pub(crate) fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        let (v6, v4) = match self.pdn_type() {
            1 => (false, true),
            2 => (true, false),
            3 => (true, true),
            _ => (false, false),
        };
        if v6 != self.ipv6.is_some() || v4 != self.ipv4.is_some() {
            return Err(enc_err("PAA addresses do not match the PDN type"));
        }
        w.u8(self.pdn_type_octet);
        if let Some((len, a)) = self.ipv6 {
            w.u8(len);
            w.bytes(&a.octets());
        }
        if let Some(a) = self.ipv4 {
            w.bytes(&a.octets());
        }
        Ok(())
    }
}

impl Serialize for Paa {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("pdn_type", &self.pdn_type())?;
        if let Some((len, a)) = &self.ipv6 {
            m.serialize_entry("ipv6_prefix_length", len)?;
            m.serialize_entry("ipv6", a)?;
        }
        if let Some(a) = &self.ipv4 {
            m.serialize_entry("ipv4", a)?;
        }
        m.end()
    }
}

// ---------------------------------------------------------------------------------------------
// ULI (8.21)

/// CGI: PLMN, LAC, CI (TS 29.274 8.21.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cgi {
    /// PLMN.
    pub plmn: Plmn,
    /// Location Area Code.
    pub lac: u16,
    /// Cell Identity.
    pub ci: u16,
}

/// SAI: PLMN, LAC, SAC (8.21.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sai {
    /// PLMN.
    pub plmn: Plmn,
    /// Location Area Code.
    pub lac: u16,
    /// Service Area Code.
    pub sac: u16,
}

/// RAI: PLMN, LAC, RAC (8.21.3). The RAC field is 2 octets; only the first carries the RAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rai {
    /// PLMN.
    pub plmn: Plmn,
    /// Location Area Code.
    pub lac: u16,
    /// The 2-octet RAC field as on the wire (RAC, then 0xff).
    pub rac_field: u16,
}

impl Rai {
    /// The Routing Area Code.
    pub fn rac(&self) -> u8 {
        (self.rac_field >> 8) as u8
    }
}

impl Serialize for Rai {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        plmn_entries(&mut m, &self.plmn)?;
        m.serialize_entry("lac", &self.lac)?;
        m.serialize_entry("rac", &self.rac())?;
        spare_entry(&mut m, u32::from(self.rac_field & 0xff))?;
        m.end()
    }
}

/// TAI: PLMN, TAC (8.21.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tai {
    /// PLMN.
    pub plmn: Plmn,
    /// Tracking Area Code.
    pub tac: u16,
}

/// ECGI: PLMN, spare nibble, 28-bit E-UTRAN Cell Identifier (8.21.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ecgi {
    /// PLMN.
    pub plmn: Plmn,
    /// The 4 octets as on the wire: spare nibble and ECI.
    pub eci_field: u32,
}

impl Ecgi {
    /// The 28-bit E-UTRAN Cell Identifier.
    pub fn eci(&self) -> u32 {
        self.eci_field & 0x0fff_ffff
    }
}

impl Serialize for Ecgi {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        plmn_entries(&mut m, &self.plmn)?;
        m.serialize_entry("eci", &self.eci())?;
        spare_entry(&mut m, self.eci_field & 0xf000_0000)?;
        m.end()
    }
}

/// LAI: PLMN, LAC (8.21.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lai {
    /// PLMN.
    pub plmn: Plmn,
    /// Location Area Code.
    pub lac: u16,
}

/// Macro eNodeB ID: PLMN, spare nibble, 20-bit eNB ID (8.21.7; also Target Identification and
/// the macro ng-eNodeB ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MacroEnbId {
    /// PLMN.
    pub plmn: Plmn,
    /// The 3 octets as on the wire: spare nibble and the 20-bit ID.
    pub field: u32,
}

impl MacroEnbId {
    /// The 20-bit eNB ID.
    pub fn enb_id(&self) -> u32 {
        self.field & 0x000f_ffff
    }
    fn decode(r: &mut Reader<'_>) -> DecodeResult<Self> {
        Ok(MacroEnbId {
            plmn: Plmn::decode(r)?,
            field: r.u24()?,
        })
    }
    fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        self.plmn.encode(w);
        put_u24(w, self.field, "macro eNB ID field")
    }
}

impl Serialize for MacroEnbId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        plmn_entries(&mut m, &self.plmn)?;
        m.serialize_entry("enb_id", &self.enb_id())?;
        spare_entry(&mut m, self.field & 0xf0_0000)?;
        m.end()
    }
}

/// Extended Macro eNodeB ID: PLMN, SMeNB flag, 21-bit long or 18-bit short macro eNB ID
/// (8.21.8; also Target Identification and the extended ng-eNodeB ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtMacroEnbId {
    /// PLMN.
    pub plmn: Plmn,
    /// The 3 octets as on the wire: SMeNB, spare bits, the ID.
    pub field: u32,
}

impl ExtMacroEnbId {
    /// SMeNB: true for a short macro eNB ID (18 bits), false for a long one (21 bits).
    pub fn smenb(&self) -> bool {
        self.field & 0x80_0000 != 0
    }
    /// The eNB ID (18 or 21 bits by [`Self::smenb`]).
    pub fn enb_id(&self) -> u32 {
        if self.smenb() {
            self.field & 0x03_ffff
        } else {
            self.field & 0x1f_ffff
        }
    }
    /// The spare bits between SMeNB and the eNB ID, in place (0 when the sender zeroed them).
    pub fn spare_bits(&self) -> u32 {
        let id_mask = if self.smenb() { 0x03_ffff } else { 0x1f_ffff };
        self.field & 0x7f_ffff & !id_mask
    }
    fn decode(r: &mut Reader<'_>) -> DecodeResult<Self> {
        Ok(ExtMacroEnbId {
            plmn: Plmn::decode(r)?,
            field: r.u24()?,
        })
    }
    fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        self.plmn.encode(w);
        put_u24(w, self.field, "extended macro eNB ID field")
    }
}

impl Serialize for ExtMacroEnbId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        plmn_entries(&mut m, &self.plmn)?;
        m.serialize_entry("smenb", &self.smenb())?;
        m.serialize_entry("enb_id", &self.enb_id())?;
        spare_entry(&mut m, self.spare_bits())?;
        m.end()
    }
}

/// User Location Information (TS 29.274 8.21): each location type present by its flag, in the
/// order CGI, SAI, RAI, TAI, ECGI, LAI, Macro eNB ID, Extended Macro eNB ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Uli {
    /// CGI (flag bit 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cgi: Option<Cgi>,
    /// SAI (bit 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sai: Option<Sai>,
    /// RAI (bit 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rai: Option<Rai>,
    /// TAI (bit 4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tai: Option<Tai>,
    /// ECGI (bit 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecgi: Option<Ecgi>,
    /// LAI (bit 6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lai: Option<Lai>,
    /// Macro eNodeB ID (bit 7).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub macro_enb_id: Option<MacroEnbId>,
    /// Extended Macro eNodeB ID (bit 8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_macro_enb_id: Option<ExtMacroEnbId>,
}

impl Uli {
    pub(crate) fn decode(r: &mut Reader<'_>) -> DecodeResult<Uli> {
        let f = r.u8()?;
        let mut u = Uli::default();
        if f & 0x01 != 0 {
            u.cgi = Some(Cgi {
                plmn: Plmn::decode(r)?,
                lac: r.u16()?,
                ci: r.u16()?,
            });
        }
        if f & 0x02 != 0 {
            u.sai = Some(Sai {
                plmn: Plmn::decode(r)?,
                lac: r.u16()?,
                sac: r.u16()?,
            });
        }
        if f & 0x04 != 0 {
            u.rai = Some(Rai {
                plmn: Plmn::decode(r)?,
                lac: r.u16()?,
                rac_field: r.u16()?,
            });
        }
        if f & 0x08 != 0 {
            u.tai = Some(Tai {
                plmn: Plmn::decode(r)?,
                tac: r.u16()?,
            });
        }
        if f & 0x10 != 0 {
            u.ecgi = Some(Ecgi {
                plmn: Plmn::decode(r)?,
                eci_field: r.u32()?,
            });
        }
        if f & 0x20 != 0 {
            u.lai = Some(Lai {
                plmn: Plmn::decode(r)?,
                lac: r.u16()?,
            });
        }
        if f & 0x40 != 0 {
            u.macro_enb_id = Some(MacroEnbId::decode(r)?);
        }
        if f & 0x80 != 0 {
            u.extended_macro_enb_id = Some(ExtMacroEnbId::decode(r)?);
        }
        Ok(u)
    }

    pub(crate) fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        let flags = u8::from(self.cgi.is_some())
            | (u8::from(self.sai.is_some()) << 1)
            | (u8::from(self.rai.is_some()) << 2)
            | (u8::from(self.tai.is_some()) << 3)
            | (u8::from(self.ecgi.is_some()) << 4)
            | (u8::from(self.lai.is_some()) << 5)
            | (u8::from(self.macro_enb_id.is_some()) << 6)
            | (u8::from(self.extended_macro_enb_id.is_some()) << 7);
        w.u8(flags);
        if let Some(c) = &self.cgi {
            c.plmn.encode(w);
            w.u16(c.lac);
            w.u16(c.ci);
        }
        if let Some(c) = &self.sai {
            c.plmn.encode(w);
            w.u16(c.lac);
            w.u16(c.sac);
        }
        if let Some(c) = &self.rai {
            c.plmn.encode(w);
            w.u16(c.lac);
            w.u16(c.rac_field);
        }
        if let Some(c) = &self.tai {
            c.plmn.encode(w);
            w.u16(c.tac);
        }
        if let Some(c) = &self.ecgi {
            c.plmn.encode(w);
            w.u32(c.eci_field);
        }
        if let Some(c) = &self.lai {
            c.plmn.encode(w);
            w.u16(c.lac);
        }
        if let Some(c) = &self.macro_enb_id {
            c.encode(w)?;
        }
        if let Some(c) = &self.extended_macro_enb_id {
            c.encode(w)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Indication (8.12)

/// Names of the Indication flags, octet by octet from octet 5, bit 8 first (TS 29.274 8.12).
const INDICATION_FLAGS: [[&str; 8]; 4] = [
    ["daf", "dtf", "hi", "dfi", "oi", "isrsi", "israi", "sgwci"],
    ["sqci", "uimsi", "cfsi", "crsi", "p", "pt", "si", "msv"],
    [
        "retloc", "pbic", "srni", "s6af", "s4af", "mbmdt", "israu", "ccrsi",
    ],
    [
        "cprai",
        "arrl",
        "ppof",
        "ppon_ppei",
        "ppsi",
        "csfbi",
        "clii",
        "cpsr",
    ],
];

/// Indication (TS 29.274 8.12): the flag octets as received; the flags of octets 5 to 8 have
/// names ([`Indication::flag`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Indication<'a>(pub Octets<'a>);

impl Indication<'_> {
    /// Whether the named flag (e.g. `"hi"`, `"dfi"`) is set; false if absent or unknown.
    pub fn flag(&self, name: &str) -> bool {
        self.set_flags().any(|f| f == name)
    }
    /// The names of the set flags that keyhop knows, in wire order.
    pub fn set_flags(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0
             .0
            .iter()
            .zip(INDICATION_FLAGS.iter())
            .flat_map(|(o, names)| {
                names
                    .iter()
                    .enumerate()
                    .filter(move |(i, _)| o & (0x80 >> i) != 0)
                    .map(|(_, n)| *n)
            })
    }
}

impl Serialize for Indication<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("octets", &self.0)?;
        m.serialize_entry("flags", &self.set_flags().collect::<Vec<_>>())?;
        m.end()
    }
}

// ---------------------------------------------------------------------------------------------
// APN (8.6) and FQDN (8.66)

/// A DNS-style name as label-encoded octets (APN, TS 23.003 9.1; FQDN, RFC 1035 without the
/// trailing zero). Kept as received; [`DnsName::dotted`] reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DnsName<'a>(pub Octets<'a>);

impl DnsName<'_> {
    /// Encodes a dotted name (`internet.mnc001.mcc001.gprs`) as labels.
    pub fn from_dotted(name: &str) -> EncodeResult<DnsName<'static>> {
        let mut out = Vec::with_capacity(name.len() + 1);
        if !name.is_empty() {
            for label in name.split('.') {
                if label.is_empty() || label.len() > 63 {
                    return Err(enc_err(format!("bad label {label:?} in {name:?}")));
                }
                out.push(label.len() as u8);
                out.extend_from_slice(label.as_bytes());
            }
        }
        Ok(DnsName(Octets::owned(out)))
    }

    /// The name with dots, if the octets are well-formed printable labels.
    pub fn dotted(&self) -> Option<String> {
        let b = self.0.as_bytes();
        let mut s = String::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            let n = b[i] as usize;
            let label = b.get(i + 1..i + 1 + n)?;
            if n == 0 || !label.iter().all(|c| c.is_ascii_graphic() && *c != b'.') {
                return None;
            }
            if i > 0 {
                s.push('.');
            }
            s.extend(label.iter().map(|&c| c as char));
            i += 1 + n;
        }
        Some(s)
    }
}

impl Serialize for DnsName<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Dotted only when it encodes back to these octets (a label holding a dot would not).
        let dotted = self
            .dotted()
            .filter(|d| DnsName::from_dotted(d).is_ok_and(|n| n.0.as_bytes() == self.0.as_bytes()));
        match dotted {
            Some(d) => s.serialize_str(&d),
            None => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("raw", &self.0)?;
                m.end()
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// F-Container (8.48), F-Cause (8.49)

/// Fully Qualified Container (TS 29.274 8.48).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FContainer<'a> {
    /// Octet 5 as on the wire: spare nibble, container type (1 UTRAN transparent, 2 BSS,
    /// 3 E-UTRAN transparent, 4 NBIFOM...).
    pub type_octet: u8,
    /// The container.
    pub container: Octets<'a>,
}

impl FContainer<'_> {
    /// The container type.
    pub fn container_type(&self) -> u8 {
        self.type_octet & 0x0f
    }
}

impl Serialize for FContainer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("container_type", &self.container_type())?;
        m.serialize_entry("container", &self.container)?;
        m.end()
    }
}

/// Fully Qualified Cause (TS 29.274 8.49): S1AP/NGAP cause (instance 0), RANAP (1), BSSGP (2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FCause<'a> {
    /// Octet 5 as on the wire: spare nibble, cause type (S1AP group: 0 radio network, 1 transport,
    /// 2 NAS, 3 protocol, 4 miscellaneous).
    pub type_octet: u8,
    /// The F-Cause field.
    pub cause: Octets<'a>,
}

impl FCause<'_> {
    /// The cause type.
    pub fn cause_type(&self) -> u8 {
        self.type_octet & 0x0f
    }
}

impl Serialize for FCause<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("cause_type", &self.cause_type())?;
        m.serialize_entry("cause_value", &self.cause)?;
        m.end()
    }
}

// ---------------------------------------------------------------------------------------------
// Target Identification (8.51)

/// Target Identification (TS 29.274 8.51), by target type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetId<'a> {
    /// Type 0: an RNC, for SRNS relocation or handover to UTRAN: RAI and the RNC-ID of TS 25.413, optionally the Extended RNC-ID (TS 29.274 clause 8.51.2).
    RncId {
        /// PLMN.
        plmn: Plmn,
        /// Location Area Code.
        lac: u16,
        /// Routing Area Code.
        rac: u8,
        /// RNC-ID.
        rnc_id: u16,
        /// Extended RNC-ID, when present.
        extended_rnc_id: Option<u16>,
    },
    /// Type 1: a macro eNB (20-bit ID) and its TAC (TS 29.274 clause 8.51.3).
    MacroEnb {
        /// PLMN and eNB ID.
        id: MacroEnbId,
        /// Tracking Area Code.
        tac: u16,
    },
    /// Type 2: a GERAN cell, octets 3-10 of the TS 48.018 Cell Identifier: RAI and CI (TS 29.274 clause 8.51.6).
    CellIdentifier {
        /// PLMN.
        plmn: Plmn,
        /// Location Area Code.
        lac: u16,
        /// Routing Area Code.
        rac: u8,
        /// Cell Identity.
        cell_id: u16,
    },
    /// Type 3: a home eNB (28-bit ID) and its TAC (TS 29.274 clause 8.51.4).
    HomeEnb {
        /// PLMN.
        plmn: Plmn,
        /// The 4 octets as on the wire: spare nibble and the 28-bit ID.
        field: u32,
        /// Tracking Area Code.
        tac: u16,
    },
    /// Type 4: a short (18-bit) or long (21-bit) macro eNB and its TAC (TS 29.274 clause 8.51.5).
    ExtendedMacroEnb {
        /// PLMN and eNB ID.
        id: ExtMacroEnbId,
        /// Tracking Area Code.
        tac: u16,
    },
    /// Type 5: a gNB (22 to 32-bit ID) and its 5GS TAC (TS 29.274 clause 8.51.7).
    GnodeB {
        /// PLMN.
        plmn: Plmn,
        /// Octet 9 as on the wire: spare bits, gNB ID length in bits (22..32).
        length_octet: u8,
        /// gNB ID, right-aligned in 4 octets.
        gnb_id: u32,
        /// 5GS Tracking Area Code (24 bits).
        five_gs_tac: u32,
    },
    /// Type 6: a macro ng-eNB (20-bit ID) and its 5GS TAC (TS 29.274 clause 8.51.8).
    MacroNgEnb {
        /// PLMN and ng-eNB ID.
        id: MacroEnbId,
        /// 5GS Tracking Area Code.
        five_gs_tac: u32,
    },
    /// Type 7: a short or long macro ng-eNB and its 5GS TAC (TS 29.274 clause 8.51.9).
    ExtendedNgEnb {
        /// PLMN and ng-eNB ID.
        id: ExtMacroEnbId,
        /// 5GS Tracking Area Code.
        five_gs_tac: u32,
    },
    /// Type 8: an en-gNB (EN-DC secondary node) with an optional TAC (ETAC flag) and 5GS TAC (5TAC flag) (TS 29.274 clause 8.51.10).
    EnGnb {
        /// PLMN.
        plmn: Plmn,
        /// en-gNB ID length in bits (6 bits of octet 9).
        gnb_id_length: u8,
        /// en-gNB ID.
        gnb_id: u32,
        /// TAC (ETAC).
        tac: Option<u16>,
        /// 5GS TAC (5TAC).
        five_gs_tac: Option<u32>,
    },
    /// A target type keyhop does not know (Table 8.51-1 lists 0 to 8): the octets after the type.
    Unknown {
        /// The target type.
        target_type: u8,
        /// The octets after it.
        value: Octets<'a>,
    },
}

impl<'a> TargetId<'a> {
    /// The target type number.
    pub fn target_type(&self) -> u8 {
        match self {
            TargetId::RncId { .. } => 0,
            TargetId::MacroEnb { .. } => 1,
            TargetId::CellIdentifier { .. } => 2,
            TargetId::HomeEnb { .. } => 3,
            TargetId::ExtendedMacroEnb { .. } => 4,
            TargetId::GnodeB { .. } => 5,
            TargetId::MacroNgEnb { .. } => 6,
            TargetId::ExtendedNgEnb { .. } => 7,
            TargetId::EnGnb { .. } => 8,
            TargetId::Unknown { target_type, .. } => *target_type,
        }
    }

    pub(crate) fn decode(r: &mut Reader<'a>) -> DecodeResult<TargetId<'a>> {
        let t = r.u8()?;
        Ok(match t {
            0 => {
                let plmn = Plmn::decode(r)?;
                let lac = r.u16()?;
                let rac = r.u8()?;
                let rnc_id = r.u16()?;
                let extended_rnc_id = if r.remaining() >= 2 {
                    Some(r.u16()?)
                } else {
                    None
                };
                TargetId::RncId {
                    plmn,
                    lac,
                    rac,
                    rnc_id,
                    extended_rnc_id,
                }
            }
            1 => TargetId::MacroEnb {
                id: MacroEnbId::decode(r)?,
                tac: r.u16()?,
            },
            2 => TargetId::CellIdentifier {
                plmn: Plmn::decode(r)?,
                lac: r.u16()?,
                rac: r.u8()?,
                cell_id: r.u16()?,
            },
            3 => TargetId::HomeEnb {
                plmn: Plmn::decode(r)?,
                field: r.u32()?,
                tac: r.u16()?,
            },
            4 => TargetId::ExtendedMacroEnb {
                id: ExtMacroEnbId::decode(r)?,
                tac: r.u16()?,
            },
            5 => TargetId::GnodeB {
                plmn: Plmn::decode(r)?,
                length_octet: r.u8()?,
                gnb_id: r.u32()?,
                five_gs_tac: r.u24()?,
            },
            6 => TargetId::MacroNgEnb {
                id: MacroEnbId::decode(r)?,
                five_gs_tac: r.u24()?,
            },
            7 => TargetId::ExtendedNgEnb {
                id: ExtMacroEnbId::decode(r)?,
                five_gs_tac: r.u24()?,
            },
            8 => {
                let plmn = Plmn::decode(r)?;
                let o = r.u8()?;
                let gnb_id = r.u32()?;
                let tac = if o & 0x40 != 0 { Some(r.u16()?) } else { None };
                let five_gs_tac = if o & 0x80 != 0 { Some(r.u24()?) } else { None };
                TargetId::EnGnb {
                    plmn,
                    gnb_id_length: o & 0x3f,
                    gnb_id,
                    tac,
                    five_gs_tac,
                }
            }
            other => TargetId::Unknown {
                target_type: other,
                value: Octets::borrowed(r.rest()),
            },
        })
    }

    pub(crate) fn encode(&self, w: &mut Writer) -> EncodeResult<()> {
        w.u8(self.target_type());
        match self {
            TargetId::RncId {
                plmn,
                lac,
                rac,
                rnc_id,
                extended_rnc_id,
            } => {
                plmn.encode(w);
                w.u16(*lac);
                w.u8(*rac);
                w.u16(*rnc_id);
                if let Some(x) = extended_rnc_id {
                    w.u16(*x);
                }
            }
            TargetId::MacroEnb { id, tac } => {
                id.encode(w)?;
                w.u16(*tac);
            }
            TargetId::CellIdentifier {
                plmn,
                lac,
                rac,
                cell_id,
            } => {
                plmn.encode(w);
                w.u16(*lac);
                w.u8(*rac);
                w.u16(*cell_id);
            }
            TargetId::HomeEnb { plmn, field, tac } => {
                plmn.encode(w);
                w.u32(*field);
                w.u16(*tac);
            }
            TargetId::ExtendedMacroEnb { id, tac } => {
                id.encode(w)?;
                w.u16(*tac);
            }
            TargetId::GnodeB {
                plmn,
                length_octet,
                gnb_id,
                five_gs_tac,
            } => {
                plmn.encode(w);
                w.u8(*length_octet);
                w.u32(*gnb_id);
                put_u24(w, *five_gs_tac, "5GS TAC")?;
            }
            TargetId::MacroNgEnb { id, five_gs_tac } => {
                id.encode(w)?;
                put_u24(w, *five_gs_tac, "5GS TAC")?;
            }
            TargetId::ExtendedNgEnb { id, five_gs_tac } => {
                id.encode(w)?;
                put_u24(w, *five_gs_tac, "5GS TAC")?;
            }
            TargetId::EnGnb {
                plmn,
                gnb_id_length,
                gnb_id,
                tac,
                five_gs_tac,
            } => {
                if *gnb_id_length > 0x3f {
                    return Err(enc_err("en-gNB ID length does not fit 6 bits"));
                }
                plmn.encode(w);
                w.u8((u8::from(five_gs_tac.is_some()) << 7)
                    | (u8::from(tac.is_some()) << 6)
                    | gnb_id_length);
                w.u32(*gnb_id);
                if let Some(t) = tac {
                    w.u16(*t);
                }
                if let Some(t) = five_gs_tac {
                    put_u24(w, *t, "5GS TAC")?;
                }
            }
            TargetId::Unknown { value, .. } => w.bytes(value.as_bytes()),
        }
        Ok(())
    }
}

impl Serialize for TargetId<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("target_type", &self.target_type())?;
        match self {
            TargetId::RncId {
                plmn,
                lac,
                rac,
                rnc_id,
                extended_rnc_id,
            } => {
                plmn_entries(&mut m, plmn)?;
                m.serialize_entry("lac", lac)?;
                m.serialize_entry("rac", rac)?;
                m.serialize_entry("rnc_id", rnc_id)?;
                if let Some(x) = extended_rnc_id {
                    m.serialize_entry("extended_rnc_id", x)?;
                }
            }
            TargetId::MacroEnb { id, tac } => {
                plmn_entries(&mut m, &id.plmn)?;
                m.serialize_entry("enb_id", &id.enb_id())?;
                m.serialize_entry("tac", tac)?;
                spare_entry(&mut m, id.field & 0xf0_0000)?;
            }
            TargetId::CellIdentifier {
                plmn,
                lac,
                rac,
                cell_id,
            } => {
                plmn_entries(&mut m, plmn)?;
                m.serialize_entry("lac", lac)?;
                m.serialize_entry("rac", rac)?;
                m.serialize_entry("cell_id", cell_id)?;
            }
            TargetId::HomeEnb { plmn, field, tac } => {
                plmn_entries(&mut m, plmn)?;
                m.serialize_entry("home_enb_id", &(field & 0x0fff_ffff))?;
                m.serialize_entry("tac", tac)?;
                spare_entry(&mut m, field & 0xf000_0000)?;
            }
            TargetId::ExtendedMacroEnb { id, tac } => {
                plmn_entries(&mut m, &id.plmn)?;
                m.serialize_entry("smenb", &id.smenb())?;
                m.serialize_entry("enb_id", &id.enb_id())?;
                m.serialize_entry("tac", tac)?;
                spare_entry(&mut m, id.spare_bits())?;
            }
            TargetId::GnodeB {
                plmn,
                length_octet,
                gnb_id,
                five_gs_tac,
            } => {
                plmn_entries(&mut m, plmn)?;
                m.serialize_entry("gnb_id_length", &(length_octet & 0x3f))?;
                m.serialize_entry("gnb_id", gnb_id)?;
                m.serialize_entry("five_gs_tac", five_gs_tac)?;
                spare_entry(&mut m, u32::from(length_octet & 0xc0))?;
            }
            TargetId::MacroNgEnb { id, five_gs_tac } => {
                plmn_entries(&mut m, &id.plmn)?;
                m.serialize_entry("ng_enb_id", &id.enb_id())?;
                m.serialize_entry("five_gs_tac", five_gs_tac)?;
                spare_entry(&mut m, id.field & 0xf0_0000)?;
            }
            TargetId::ExtendedNgEnb { id, five_gs_tac } => {
                plmn_entries(&mut m, &id.plmn)?;
                m.serialize_entry("smenb", &id.smenb())?;
                m.serialize_entry("ng_enb_id", &id.enb_id())?;
                m.serialize_entry("five_gs_tac", five_gs_tac)?;
                spare_entry(&mut m, id.spare_bits())?;
            }
            TargetId::EnGnb {
                plmn,
                gnb_id_length,
                gnb_id,
                tac,
                five_gs_tac,
            } => {
                plmn_entries(&mut m, plmn)?;
                m.serialize_entry("gnb_id_length", gnb_id_length)?;
                m.serialize_entry("en_gnb_id", gnb_id)?;
                if let Some(t) = tac {
                    m.serialize_entry("tac", t)?;
                }
                if let Some(t) = five_gs_tac {
                    m.serialize_entry("five_gs_tac", t)?;
                }
            }
            TargetId::Unknown { value, .. } => m.serialize_entry("value", value)?,
        }
        m.end()
    }
}

// ---------------------------------------------------------------------------------------------
// GUTI (8.40)

/// Globally Unique Temporary Identity (TS 29.274 8.40).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Guti {
    /// PLMN.
    pub plmn: Plmn,
    /// MME Group ID.
    pub mme_group_id: u16,
    /// MME Code.
    pub mme_code: u8,
    /// M-TMSI.
    pub m_tmsi: u32,
}

impl Guti {
    pub(crate) fn decode(r: &mut Reader<'_>) -> DecodeResult<Guti> {
        Ok(Guti {
            plmn: Plmn::decode(r)?,
            mme_group_id: r.u16()?,
            mme_code: r.u8()?,
            m_tmsi: r.u32()?,
        })
    }
    pub(crate) fn encode(&self, w: &mut Writer) {
        self.plmn.encode(w);
        w.u16(self.mme_group_id);
        w.u8(self.mme_code);
        w.u32(self.m_tmsi);
    }
}

/// IP Address (TS 29.274 8.9): 4 octets IPv4 or 16 octets IPv6.
pub(crate) fn decode_ip(r: &mut Reader<'_>) -> DecodeResult<std::net::IpAddr> {
    match r.remaining() {
        n if n >= 16 => Ok(ipv6(r)?.into()),
        n if n >= 4 => Ok(ipv4(r)?.into()),
        n => Err(r.error(
            ErrorKind::BadLength,
            format!("IP address needs 4 or 16 octets, has {n}"),
        )),
    }
}

#[cfg(test)]
mod cause_name_tests {
    use super::*;

    #[test]
    fn causes_by_name() {
        assert_eq!(cause_text(16), "request_accepted(16)");
        assert_eq!(cause_label(93), "apn_access_denied_no_subscription");
        assert_eq!(cause_label(94), "request_rejected_reason_not_specified");
        assert_eq!(cause_text(71), "unknown(71)");
        assert_eq!(cause_text(250), "unknown(250)");
        let named = (0..=255u8).filter(|&v| cause_name(v).is_some()).count();
        assert_eq!(named, 82);
    }
}
