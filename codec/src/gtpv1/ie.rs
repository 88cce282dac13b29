//! Information elements: the TV/TLV framing and the typed values.

use super::context::{MmContext, PdpContext, Quintuplet, Triplet};
use super::types::{ie_name, tv_len, Cause, IeType};
use super::PROTO;
use crate::error::{Context, DecodeResult, EncodeError, EncodeResult, ErrorKind};
use crate::redact::Octets;
use crate::wire::{Reader, Writer};

/// One IE as found on the wire, before its value is typed (zero-copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawIe<'a> {
    /// IE type octet.
    pub ie_type: u8,
    /// Absolute offset of the type octet in the message.
    pub offset: usize,
    /// The value octets (after the type, and the length if TLV).
    pub value: &'a [u8],
}

impl<'a> RawIe<'a> {
    /// Reads one IE. A TV type this codec does not know is an error: its length is not carried
    /// on the wire, so nothing after it can be found.
    pub fn read(r: &mut Reader<'a>) -> DecodeResult<RawIe<'a>> {
        let offset = r.offset();
        let ie_type = r.u8()?;
        let len = if ie_type < 128 {
            match tv_len(ie_type) {
                Some(n) => n,
                None => {
                    return Err(crate::error::DecodeError::new(
                        PROTO,
                        ErrorKind::Invalid,
                        offset as u64 * 8,
                        format!(
                            "unknown TV IE type {ie_type} at byte {offset}: a TV IE carries no \
                             length and TS 29.060 7.7 gives none for this type, so the rest of \
                             the message cannot be delimited"
                        ),
                    ))
                }
            }
        } else if ie_type == u8::from(IeType::ExtensionHeaderTypeList) {
            // TS 29.060 7.7.40: the one TLV IE with a one-octet length.
            r.u8()? as usize
        } else {
            r.u16()? as usize
        };
        if r.remaining() < len {
            return Err(r.error(
                ErrorKind::BadLength,
                format!(
                    "IE {} (type {ie_type}) at byte {offset} needs {len} value octets but the \
                     message has {} left",
                    ie_name(ie_type),
                    r.remaining()
                ),
            ));
        }
        let value = r.take(len)?;
        Ok(RawIe {
            ie_type,
            offset,
            value,
        })
    }

    /// Absolute offset of the first value octet.
    pub fn value_offset(&self) -> usize {
        self.offset + header_len(self.ie_type)
    }
}

/// Octets before the value: type, plus 1 or 2 length octets for TLV.
fn header_len(ie_type: u8) -> usize {
    if ie_type < 128 {
        1
    } else if ie_type == u8::from(IeType::ExtensionHeaderTypeList) {
        2
    } else {
        3
    }
}

/// Iterator over the IEs of a message body (zero-copy); stops after the first error.
#[derive(Debug, Clone)]
pub struct IeIter<'a> {
    r: Reader<'a>,
    failed: bool,
}

impl<'a> IeIter<'a> {
    /// Iterates the IEs in `r`.
    pub fn new(r: Reader<'a>) -> Self {
        IeIter { r, failed: false }
    }
}

impl<'a> Iterator for IeIter<'a> {
    type Item = DecodeResult<RawIe<'a>>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.r.is_empty() {
            return None;
        }
        let res = RawIe::read(&mut self.r);
        self.failed = res.is_err();
        Some(res)
    }
}

/// Spare high nibble and NSAPI low nibble of one octet (used by several IEs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NsapiOctet {
    /// Bits 8-5 (spare; kept for byte-exact re-encoding).
    pub spare: u8,
    /// Bits 4-1.
    pub nsapi: u8,
}

impl NsapiOctet {
    /// Splits an octet.
    pub fn from_octet(o: u8) -> Self {
        NsapiOctet {
            spare: o >> 4,
            nsapi: o & 0x0f,
        }
    }
    /// Joins the nibbles (each masked to 4 bits).
    pub fn octet(self) -> u8 {
        (self.spare & 0x0f) << 4 | (self.nsapi & 0x0f)
    }
}

/// Eight TBCD octets (IMSI, IMEI(SV)): kept as on the wire; digits on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Tbcd8(pub [u8; 8]);

impl Tbcd8 {
    /// The digits, low nibble first; an `f` filler ends them, other non-decimal nibbles show
    /// as hex letters.
    pub fn digits(&self) -> String {
        let mut s = String::with_capacity(16);
        for o in self.0 {
            for n in [o & 0x0f, o >> 4] {
                if n == 0x0f {
                    return s;
                }
                s.push(char::from_digit(n as u32, 16).unwrap_or('?'));
            }
        }
        s
    }

    /// Packs up to 16 digits as [`Tbcd8::digits`] shows them (`0`-`9`, `a`-`e`), filling with
    /// `f`. `None` for other characters or too many.
    pub fn from_tbcd_text(d: &str) -> Option<Tbcd8> {
        if d.len() > 16
            || !d
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'e').contains(&b))
        {
            return None;
        }
        let mut a = [0xffu8; 8];
        for (i, b) in d.bytes().enumerate() {
            let v = (b as char).to_digit(16)? as u8;
            let o = &mut a[i / 2];
            *o = if i % 2 == 0 {
                (*o & 0xf0) | v
            } else {
                (*o & 0x0f) | (v << 4)
            };
        }
        Some(Tbcd8(a))
    }

    /// Packs up to 16 decimal digits, filling with `f`. `None` for non-digits or too many.
    pub fn from_digits(d: &str) -> Option<Tbcd8> {
        if d.len() > 16 || !d.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut a = [0xffu8; 8];
        for (i, b) in d.bytes().enumerate() {
            let v = b - b'0';
            let o = &mut a[i / 2];
            *o = if i % 2 == 0 {
                (*o & 0xf0) | v
            } else {
                (*o & 0x0f) | (v << 4)
            };
        }
        Some(Tbcd8(a))
    }
}

/// Routeing Area Identity (7.7.3): PLMN (TBCD), LAC, RAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rai {
    /// MCC/MNC, 3 TBCD octets as on the wire.
    pub plmn: [u8; 3],
    /// Location Area Code.
    pub lac: u16,
    /// Routeing Area Code.
    pub rac: u8,
}

impl Rai {
    fn read(r: &mut Reader<'_>) -> DecodeResult<Rai> {
        Ok(Rai {
            plmn: r.array().ctx("plmn")?,
            lac: r.u16().ctx("lac")?,
            rac: r.u8().ctx("rac")?,
        })
    }
    fn write(&self, w: &mut Writer) {
        w.bytes(&self.plmn);
        w.u16(self.lac);
        w.u8(self.rac);
    }
}

/// TEID Data II (7.7.15): NSAPI and a TEID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TeidDataIi {
    /// Spare nibble and NSAPI.
    pub nsapi: NsapiOctet,
    /// Tunnel Endpoint Identifier Data II.
    pub teid: u32,
}

/// RAB Context (7.7.19): NSAPI and four sequence numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RabContext {
    /// Spare nibble and NSAPI.
    pub nsapi: NsapiOctet,
    /// DL GTP-U sequence number.
    pub dl_gtpu_sequence_number: u16,
    /// UL GTP-U sequence number.
    pub ul_gtpu_sequence_number: u16,
    /// DL PDCP sequence number.
    pub dl_pdcp_sequence_number: u16,
    /// UL PDCP sequence number.
    pub ul_pdcp_sequence_number: u16,
}

/// Packet Flow Id (7.7.22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PacketFlowId {
    /// Spare nibble and NSAPI.
    pub nsapi: NsapiOctet,
    /// Packet Flow Id.
    pub packet_flow_id: u8,
}

/// GSN Address (7.7.32): IPv4 or IPv6; any other length kept raw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GsnAddress<'a> {
    /// An IPv4 address: a value of 4 octets (TS 29.060 clause 7.7.32).
    V4(std::net::Ipv4Addr),
    /// An IPv6 address: a value of 16 octets (clause 7.7.32).
    V6(std::net::Ipv6Addr),
    /// Another length (some implementations prefix an address type/length octet).
    Other(Octets<'a>),
}

impl<'a> GsnAddress<'a> {
    fn from_bytes(b: &'a [u8]) -> Self {
        if let Ok(a) = <[u8; 4]>::try_from(b) {
            GsnAddress::V4(a.into())
        } else if let Ok(a) = <[u8; 16]>::try_from(b) {
            GsnAddress::V6(a.into())
        } else {
            GsnAddress::Other(Octets::borrowed(b))
        }
    }
    fn write(&self, w: &mut Writer) {
        match self {
            GsnAddress::V4(a) => w.bytes(&a.octets()),
            GsnAddress::V6(a) => w.bytes(&a.octets()),
            GsnAddress::Other(o) => w.bytes(o.as_bytes()),
        }
    }
}

/// Target Identification (7.7.37): RAI, RNC-ID, optional Extended RNC-ID.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TargetIdentification<'a> {
    /// PLMN, LAC, RAC of the target.
    pub rai: Rai,
    /// RNC-ID (2 octets as on the wire).
    pub rnc_id: u16,
    /// Extended RNC-ID, when the IE is long enough to hold it.
    pub extended_rnc_id: Option<u16>,
    /// Octets after those, kept raw.
    pub trailing: Octets<'a>,
}

/// RAB Setup Information and Additional RAB Setup Information (7.7.39, 7.7.45A).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RabSetupInformation<'a> {
    /// Spare nibble and NSAPI.
    pub nsapi: NsapiOctet,
    /// TEID Data I and RNC IP address; absent when the IE holds only the NSAPI (RAB released).
    pub teid_data_i: Option<u32>,
    /// RNC IP address (4 or 16 octets); empty when `teid_data_i` is absent.
    pub rnc_ip_address: Octets<'a>,
}

/// Private Extension (7.7.46).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrivateExtension<'a> {
    /// Extension Identifier (an IANA enterprise number).
    pub extension_identifier: u16,
    /// Extension Value.
    pub value: Octets<'a>,
}

/// One information element with its value typed where keyhop knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ie<'a> {
    /// 1 Cause.
    Cause(Cause),
    /// 2 IMSI (TBCD).
    Imsi(Tbcd8),
    /// 3 Routeing Area Identity.
    Rai(Rai),
    /// 4 TLLI.
    Tlli(u32),
    /// 5 P-TMSI.
    PTmsi(u32),
    /// 9 Authentication Triplet.
    AuthenticationTriplet(Triplet<'a>),
    /// 12 P-TMSI Signature (24 bits).
    PTmsiSignature(u32),
    /// 13 MS Validated (whole octet: spare bits 8-2, flag bit 1).
    MsValidated(u8),
    /// 14 Recovery (restart counter).
    Recovery(u8),
    /// 16 TEID Data I.
    TeidDataI(u32),
    /// 17 TEID Control Plane.
    TeidControlPlane(u32),
    /// 18 TEID Data II.
    TeidDataIi(TeidDataIi),
    /// 20 NSAPI.
    Nsapi(NsapiOctet),
    /// 21 RANAP Cause (the RANAP cause value, one octet).
    RanapCause(u8),
    /// 22 RAB Context.
    RabContext(RabContext),
    /// 23 Radio Priority SMS (whole octet).
    RadioPrioritySms(u8),
    /// 24 Radio Priority (whole octet: NSAPI bits 8-5, spare bit 4, priority bits 3-1).
    RadioPriority(u8),
    /// 25 Packet Flow Id.
    PacketFlowId(PacketFlowId),
    /// 26 Charging Characteristics.
    ChargingCharacteristics(u16),
    /// 127 Charging ID.
    ChargingId(u32),
    /// 129 MM Context.
    MmContext(MmContext<'a>),
    /// 130 PDP Context.
    PdpContext(PdpContext<'a>),
    /// 133 GSN Address.
    GsnAddress(GsnAddress<'a>),
    /// 136 Authentication Quintuplet.
    AuthenticationQuintuplet(Quintuplet<'a>),
    /// 138 Target Identification.
    TargetIdentification(TargetIdentification<'a>),
    /// 139 UTRAN Transparent Container (RANAP Source/Target RNC to ... container octets).
    UtranTransparentContainer(Octets<'a>),
    /// 140 RAB Setup Information.
    RabSetupInformation(RabSetupInformation<'a>),
    /// 146 Additional RAB Setup Information.
    AdditionalRabSetupInformation(RabSetupInformation<'a>),
    /// 151 RAT Type.
    RatType(u8),
    /// 154 IMEI(SV) (TBCD).
    ImeiSv(Tbcd8),
    /// 164 Selected PLMN ID (3 TBCD octets).
    SelectedPlmnId([u8; 3]),
    /// 211 Extended RANAP Cause.
    ExtendedRanapCause(u16),
    /// 255 Private Extension.
    PrivateExtension(PrivateExtension<'a>),
    /// Any other TV IE: its value octets (length per [`tv_len`]).
    Tv {
        /// IE type (< 128).
        ie_type: u8,
        /// Value octets.
        value: Octets<'a>,
    },
    /// Any other TLV IE, known or not: its value octets.
    Tlv {
        /// IE type (>= 128).
        ie_type: u8,
        /// Value octets.
        value: Octets<'a>,
    },
}

impl<'a> Ie<'a> {
    /// The IE type octet.
    pub fn ie_type(&self) -> u8 {
        let t = match self {
            Ie::Cause(_) => IeType::Cause,
            Ie::Imsi(_) => IeType::Imsi,
            Ie::Rai(_) => IeType::Rai,
            Ie::Tlli(_) => IeType::Tlli,
            Ie::PTmsi(_) => IeType::PTmsi,
            Ie::AuthenticationTriplet(_) => IeType::AuthenticationTriplet,
            Ie::PTmsiSignature(_) => IeType::PTmsiSignature,
            Ie::MsValidated(_) => IeType::MsValidated,
            Ie::Recovery(_) => IeType::Recovery,
            Ie::TeidDataI(_) => IeType::TeidDataI,
            Ie::TeidControlPlane(_) => IeType::TeidControlPlane,
            Ie::TeidDataIi(_) => IeType::TeidDataIi,
            Ie::Nsapi(_) => IeType::Nsapi,
            Ie::RanapCause(_) => IeType::RanapCause,
            Ie::RabContext(_) => IeType::RabContext,
            Ie::RadioPrioritySms(_) => IeType::RadioPrioritySms,
            Ie::RadioPriority(_) => IeType::RadioPriority,
            Ie::PacketFlowId(_) => IeType::PacketFlowId,
            Ie::ChargingCharacteristics(_) => IeType::ChargingCharacteristics,
            Ie::ChargingId(_) => IeType::ChargingId,
            Ie::MmContext(_) => IeType::MmContext,
            Ie::PdpContext(_) => IeType::PdpContext,
            Ie::GsnAddress(_) => IeType::GsnAddress,
            Ie::AuthenticationQuintuplet(_) => IeType::AuthenticationQuintuplet,
            Ie::TargetIdentification(_) => IeType::TargetIdentification,
            Ie::UtranTransparentContainer(_) => IeType::UtranTransparentContainer,
            Ie::RabSetupInformation(_) => IeType::RabSetupInformation,
            Ie::AdditionalRabSetupInformation(_) => IeType::AdditionalRabSetupInformation,
            Ie::RatType(_) => IeType::RatType,
            Ie::ImeiSv(_) => IeType::ImeiSv,
            Ie::SelectedPlmnId(_) => IeType::SelectedPlmnId,
            Ie::ExtendedRanapCause(_) => IeType::ExtendedRanapCause,
            Ie::PrivateExtension(_) => IeType::PrivateExtension,
            Ie::Tv { ie_type, .. } | Ie::Tlv { ie_type, .. } => return *ie_type,
        };
        t.into()
    }

    /// The IE's name (see [`ie_name`]).
    pub fn name(&self) -> std::borrow::Cow<'static, str> {
        ie_name(self.ie_type())
    }

    /// Types the value of a raw IE. Errors carry absolute offsets and the IE name in the path.
    pub fn decode(raw: &RawIe<'a>) -> DecodeResult<Ie<'a>> {
        let base = raw.value_offset() as u64 * 8;
        let v = raw.value;
        let mut r = Reader::new(v, PROTO);
        let ie = Self::decode_value(raw.ie_type, v, &mut r)
            .map_err(|e| e.shifted(base))
            .ctx_with(|| ie_name(raw.ie_type).into_owned())?;
        Ok(ie)
    }

    fn decode_value(t: u8, v: &'a [u8], r: &mut Reader<'a>) -> DecodeResult<Ie<'a>> {
        let fixed = |r: &Reader<'a>, n: usize| -> DecodeResult<()> {
            if v.len() == n {
                Ok(())
            } else {
                Err(r.error(
                    ErrorKind::BadLength,
                    format!("length {} where TS 29.060 gives {n}", v.len()),
                ))
            }
        };
        let ie = match IeType::from(t) {
            IeType::Cause => Ie::Cause(Cause(r.u8()?)),
            IeType::Imsi => Ie::Imsi(Tbcd8(r.array()?)),
            IeType::Rai => Ie::Rai(Rai::read(r)?),
            IeType::Tlli => Ie::Tlli(r.u32()?),
            IeType::PTmsi => Ie::PTmsi(r.u32()?),
            IeType::AuthenticationTriplet => Ie::AuthenticationTriplet(Triplet::read(r)?),
            IeType::PTmsiSignature => Ie::PTmsiSignature(r.u24()?),
            IeType::MsValidated => Ie::MsValidated(r.u8()?),
            IeType::Recovery => Ie::Recovery(r.u8()?),
            IeType::TeidDataI => Ie::TeidDataI(r.u32()?),
            IeType::TeidControlPlane => Ie::TeidControlPlane(r.u32()?),
            IeType::TeidDataIi => Ie::TeidDataIi(TeidDataIi {
                nsapi: NsapiOctet::from_octet(r.u8()?),
                teid: r.u32()?,
            }),
            IeType::Nsapi => Ie::Nsapi(NsapiOctet::from_octet(r.u8()?)),
            IeType::RanapCause => Ie::RanapCause(r.u8()?),
            IeType::RabContext => Ie::RabContext(RabContext {
                nsapi: NsapiOctet::from_octet(r.u8()?),
                dl_gtpu_sequence_number: r.u16()?,
                ul_gtpu_sequence_number: r.u16()?,
                dl_pdcp_sequence_number: r.u16()?,
                ul_pdcp_sequence_number: r.u16()?,
            }),
            IeType::RadioPrioritySms => Ie::RadioPrioritySms(r.u8()?),
            IeType::RadioPriority => Ie::RadioPriority(r.u8()?),
            IeType::PacketFlowId => Ie::PacketFlowId(PacketFlowId {
                nsapi: NsapiOctet::from_octet(r.u8()?),
                packet_flow_id: r.u8()?,
            }),
            IeType::ChargingCharacteristics => Ie::ChargingCharacteristics(r.u16()?),
            IeType::ChargingId => Ie::ChargingId(r.u32()?),
            IeType::MmContext => Ie::MmContext(MmContext::read(r)?),
            IeType::PdpContext => Ie::PdpContext(PdpContext::read(r)?),
            IeType::GsnAddress => Ie::GsnAddress(GsnAddress::from_bytes(r.rest())),
            IeType::AuthenticationQuintuplet => {
                let q = Quintuplet::read(r)?;
                if !r.is_empty() {
                    return Err(r.error(
                        ErrorKind::BadLength,
                        format!("{} octets after the quintuplet", r.remaining()),
                    ));
                }
                Ie::AuthenticationQuintuplet(q)
            }
            IeType::TargetIdentification => {
                let rai = Rai::read(r).ctx("rai")?;
                let rnc_id = r.u16().ctx("rnc_id")?;
                let extended_rnc_id = if r.remaining() >= 2 {
                    Some(r.u16()?)
                } else {
                    None
                };
                Ie::TargetIdentification(TargetIdentification {
                    rai,
                    rnc_id,
                    extended_rnc_id,
                    trailing: Octets::borrowed(r.rest()),
                })
            }
            IeType::UtranTransparentContainer => {
                Ie::UtranTransparentContainer(Octets::borrowed(r.rest()))
            }
            IeType::RabSetupInformation | IeType::AdditionalRabSetupInformation => {
                let nsapi = NsapiOctet::from_octet(r.u8().ctx("nsapi")?);
                let (teid_data_i, rnc_ip_address) = if r.is_empty() {
                    (None, Octets::default())
                } else {
                    (
                        Some(r.u32().ctx("teid_data_i")?),
                        Octets::borrowed(r.rest()),
                    )
                };
                let info = RabSetupInformation {
                    nsapi,
                    teid_data_i,
                    rnc_ip_address,
                };
                if t == u8::from(IeType::RabSetupInformation) {
                    Ie::RabSetupInformation(info)
                } else {
                    Ie::AdditionalRabSetupInformation(info)
                }
            }
            IeType::RatType => {
                fixed(r, 1)?;
                Ie::RatType(r.u8()?)
            }
            IeType::ImeiSv => {
                fixed(r, 8)?;
                Ie::ImeiSv(Tbcd8(r.array()?))
            }
            IeType::SelectedPlmnId => {
                fixed(r, 3)?;
                Ie::SelectedPlmnId(r.array()?)
            }
            IeType::ExtendedRanapCause => {
                fixed(r, 2)?;
                Ie::ExtendedRanapCause(r.u16()?)
            }
            IeType::PrivateExtension => Ie::PrivateExtension(PrivateExtension {
                extension_identifier: r.u16().ctx("extension_identifier")?,
                value: Octets::borrowed(r.rest()),
            }),
            _ if t < 128 => Ie::Tv {
                ie_type: t,
                value: Octets::borrowed(r.rest()),
            },
            _ => Ie::Tlv {
                ie_type: t,
                value: Octets::borrowed(r.rest()),
            },
        };
        // TV values have exactly their table length (RawIe::read took that many); the typed
        // readers above consume all of it.
        Ok(ie)
    }

    /// Appends the IE (type, length if TLV, value).
    pub fn emit(&self, w: &mut Writer) -> EncodeResult<()> {
        let t = self.ie_type();
        self.emit_inner(t, w).map_err(|e| e.in_field(&ie_name(t)))
    }

    fn emit_inner(&self, t: u8, w: &mut Writer) -> EncodeResult<()> {
        w.u8(t);
        if t < 128 {
            let start = w.len();
            self.emit_value(w)?;
            let want = tv_len(t).ok_or_else(|| {
                EncodeError::new(PROTO, format!("TV type {t} has no known length"))
            })?;
            if w.len() - start != want {
                return Err(EncodeError::new(
                    PROTO,
                    format!(
                        "TV value of {} octets, type {t} needs {want}",
                        w.len() - start
                    ),
                ));
            }
            return Ok(());
        }
        let width = if t == u8::from(IeType::ExtensionHeaderTypeList) {
            1
        } else {
            2
        };
        let m = w.start_len(width);
        self.emit_value(w)?;
        w.finish_len(m, PROTO)
    }

    fn emit_value(&self, w: &mut Writer) -> EncodeResult<()> {
        match self {
            Ie::Cause(c) => w.u8(c.0),
            Ie::Imsi(d) | Ie::ImeiSv(d) => w.bytes(&d.0),
            Ie::Rai(r) => r.write(w),
            Ie::Tlli(v)
            | Ie::PTmsi(v)
            | Ie::TeidDataI(v)
            | Ie::TeidControlPlane(v)
            | Ie::ChargingId(v) => w.u32(*v),
            Ie::AuthenticationTriplet(tr) => tr.write(w)?,
            Ie::PTmsiSignature(v) => {
                if *v > 0xff_ffff {
                    return Err(EncodeError::new(PROTO, "P-TMSI Signature exceeds 24 bits"));
                }
                w.u24(*v)
            }
            Ie::MsValidated(v)
            | Ie::Recovery(v)
            | Ie::RanapCause(v)
            | Ie::RadioPrioritySms(v)
            | Ie::RadioPriority(v)
            | Ie::RatType(v) => w.u8(*v),
            Ie::TeidDataIi(x) => {
                w.u8(x.nsapi.octet());
                w.u32(x.teid);
            }
            Ie::Nsapi(n) => w.u8(n.octet()),
            Ie::RabContext(x) => {
                w.u8(x.nsapi.octet());
                w.u16(x.dl_gtpu_sequence_number);
                w.u16(x.ul_gtpu_sequence_number);
                w.u16(x.dl_pdcp_sequence_number);
                w.u16(x.ul_pdcp_sequence_number);
            }
            Ie::PacketFlowId(x) => {
                w.u8(x.nsapi.octet());
                w.u8(x.packet_flow_id);
            }
            Ie::ChargingCharacteristics(v) | Ie::ExtendedRanapCause(v) => w.u16(*v),
            Ie::MmContext(m) => m.write(w)?,
            Ie::PdpContext(p) => p.write(w)?,
            Ie::GsnAddress(a) => a.write(w),
            Ie::AuthenticationQuintuplet(q) => q.write(w)?,
            Ie::TargetIdentification(x) => {
                x.rai.write(w);
                w.u16(x.rnc_id);
                match x.extended_rnc_id {
                    Some(e) => w.u16(e),
                    None if x.trailing.as_bytes().len() >= 2 => {
                        // Without the extended RNC-ID, two or more trailing octets would be read
                        // back as it.
                        return Err(EncodeError::new(
                            PROTO,
                            "two or more trailing octets need an extended_rnc_id before them",
                        ));
                    }
                    None => {}
                }
                w.bytes(x.trailing.as_bytes());
            }
            Ie::UtranTransparentContainer(o) => w.bytes(o.as_bytes()),
            Ie::RabSetupInformation(x) | Ie::AdditionalRabSetupInformation(x) => {
                w.u8(x.nsapi.octet());
                match x.teid_data_i {
                    Some(teid) => {
                        w.u32(teid);
                        w.bytes(x.rnc_ip_address.as_bytes());
                    }
                    None if !x.rnc_ip_address.as_bytes().is_empty() => {
                        return Err(EncodeError::new(
                            PROTO,
                            "an RNC IP address needs a TEID Data I before it",
                        ));
                    }
                    None => {}
                }
            }
            Ie::SelectedPlmnId(p) => w.bytes(p),
            Ie::PrivateExtension(p) => {
                w.u16(p.extension_identifier);
                w.bytes(p.value.as_bytes());
            }
            Ie::Tv { value, .. } | Ie::Tlv { value, .. } => w.bytes(value.as_bytes()),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tbcd_digits() {
        let t = Tbcd8::from_digits("001010123456789").unwrap();
        assert_eq!(t.0, [0x00, 0x01, 0x01, 0x21, 0x43, 0x65, 0x87, 0xf9]);
        assert_eq!(t.digits(), "001010123456789");
        assert!(Tbcd8::from_digits("12a").is_none());
    }

    #[test]
    fn unknown_tv_type_is_an_error_naming_type_and_offset() {
        let body = [0x0e, 0x05, 0x1e, 0x00];
        let mut r = Reader::new(&body, PROTO);
        assert!(RawIe::read(&mut r).is_ok());
        let e = RawIe::read(&mut r).unwrap_err();
        assert_eq!(e.byte_offset(), 2);
        assert!(e.detail.contains("unknown TV IE type 30"), "{e}");
        assert!(e.detail.contains("cannot be delimited"), "{e}");
    }

    #[test]
    fn extension_header_type_list_has_one_octet_length() {
        let body = [141u8, 2, 1, 2, 14, 7];
        let mut r = Reader::new(&body, PROTO);
        let raw = RawIe::read(&mut r).unwrap();
        assert_eq!(raw.value, &[1, 2]);
        assert_eq!(raw.value_offset(), 2);
        let ie = Ie::decode(&raw).unwrap();
        let mut w = Writer::new();
        ie.emit(&mut w).unwrap();
        assert_eq!(w.as_slice(), &body[..4]);
    }
}
