//! A lossless NAS PDU (TS 24.301): the security header, and the plain EMM/ESM message as its IEs
//! in wire order, so that [`encode`] gives back every PDU [`decode`] reads, byte for byte.
//!
//! What keyhop lays out: the mandatory IEs of the messages in [`layout`] (the ones that matter
//! to handover security and the common ESM ones), then optional IEs by the TS 24.007 11.2.4
//! rules (one-octet IEs have bit 8 set; `0x7_` IEIs are TLV-E; the message's TV IEs have a fixed
//! length; the rest are TLV). Everything else stays octets: a message type keyhop has no layout
//! for, IEs that do not parse, the ciphered message of a protected PDU. A value's octets are
//! kept as they were on the wire ([`Ie::value`]); typed readings ([`Ie::emm_cause`],
//! [`Ie::nas_key_set_identifier`], [`Ie::esm_message`]...) are computed from them and typed
//! setters write them, so there is no second copy that an edit could leave stale.
//!
//! ```
//! use keyhop_codec::nas::{self, pdu::{Inner, Message}};
//!
//! // SECURITY MODE COMMAND, integrity protected with a new EPS security context (type 3).
//! let bytes = hex::decode("37b2edaa9800075d010005f0f0c04060")?;
//! let mut m = nas::decode(&bytes)?;
//! let Message::Protected(p) = &mut m else { panic!("protected") };
//! let Inner::Plain(smc) = &mut p.inner else { panic!("plain inside") };
//! assert_eq!(smc.message_type, 0x5d);
//! assert_eq!(smc.ie("nas_key_set_identifier").unwrap().nas_key_set_identifier(), Some(0));
//! assert_eq!(nas::encode(&m)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::{DecodeResult, EncodeError, EncodeResult, Protocol};
use crate::nas::msg::{emm_name, esm_name, EPS_SM_PD};
use crate::nas::{NasPdu, SecurityHeaderType, EPS_MM_PD};
use crate::redact::Octets;
use std::borrow::Cow;

/// A NAS PDU, losslessly: [`encode`] of what [`decode`] gives is the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A plain EMM message (first octet `0x07`) or ESM message (protocol discriminator 2).
    Plain(PlainMessage),
    /// A security-protected EMM message (security header types 1-5).
    Protected(Protected),
    /// A SERVICE REQUEST (security header types 12-15).
    ServiceRequest(ServiceRequest),
    /// Octets keyhop does not read as a NAS message: a reserved security header type (6-11),
    /// a protocol discriminator other than EMM and ESM, a plain message shorter than its header.
    Raw(Octets<'static>),
}

/// A security-protected EMM message: `type|PD (1) | NAS-MAC (4) | sequence number (1) | message`.
///
/// ```
/// use keyhop_codec::nas::{self, pdu::{Inner, Message}};
/// let Message::Protected(p) = nas::decode(&hex::decode("37b2edaa9800075d010005f0f0c04060")?)?
/// else { panic!() };
/// assert_eq!((p.mac, p.sequence_number), ([0xb2, 0xed, 0xaa, 0x98], 0));
/// assert!(matches!(p.inner, Inner::Plain(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    /// Security header type (1-5).
    pub header_type: SecurityHeaderType,
    /// NAS-MAC.
    pub mac: [u8; 4],
    /// Sequence number: the 8 least significant bits of the NAS COUNT.
    pub sequence_number: u8,
    /// The message after the sequence number.
    pub inner: Inner,
}

/// The message inside a protected PDU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inner {
    /// A plain EMM/ESM message of a known type (integrity protected only, or ciphered with
    /// EEA0: the octets read as a plain message, as tshark assumes).
    Plain(PlainMessage),
    /// Octets keyhop cannot read without keys (ciphered, partially ciphered) or that are no
    /// message of a known type.
    Octets(Octets<'static>),
}

/// A SERVICE REQUEST (TS 24.301 8.2.25): `type|PD | KSI (3 bits), sequence number (5 bits) |
/// short MAC (2)`.
///
/// ```
/// use keyhop_codec::nas::{self, pdu::Message};
/// let Message::ServiceRequest(s) = nas::decode(&[0xc7, 0xa5, 0x12, 0x34])? else { panic!() };
/// assert_eq!((s.ksi, s.sequence_number, s.short_mac), (5, 5, [0x12, 0x34]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequest {
    /// Security header type (12, or 13-15 read as 12).
    pub header_type: u8,
    /// KSI (3 bits).
    pub ksi: u8,
    /// Sequence number (5 bits).
    pub sequence_number: u8,
    /// Short MAC.
    pub short_mac: [u8; 2],
    /// Octets after the message's 4.
    pub trailing: Octets<'static>,
}

/// The header of a plain message.
///
/// ```
/// use keyhop_codec::nas::pdu::{Header, PlainMessage};
/// let m = PlainMessage::decode(&[0x52, 0x01, 0xc2], None).unwrap();
/// assert_eq!(m.header, Header::Esm { eps_bearer_identity: 5, procedure_transaction_identity: 1 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    /// EMM: security header type 0, protocol discriminator 7.
    Emm,
    /// ESM: EPS bearer identity (4 bits) and procedure transaction identity.
    Esm {
        /// EPS bearer identity (high nibble of octet 1).
        eps_bearer_identity: u8,
        /// Procedure transaction identity (octet 2).
        procedure_transaction_identity: u8,
    },
}

/// A plain EMM or ESM message: header, message type, IEs in wire order, and the octets after
/// them that keyhop does not lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainMessage {
    /// EMM or ESM header.
    pub header: Header,
    /// Message type (TS 24.301 tables 9.8.1, 9.8.2).
    pub message_type: u8,
    /// The IEs keyhop laid out, in wire order (mandatory ones first).
    pub ies: Vec<Ie>,
    /// Octets after the IEs: the body of a type without a layout, IEs that do not parse.
    pub trailing: Octets<'static>,
}

/// How an IE is laid out on the wire (TS 24.007 11.2.1.1).
///
/// ```
/// use keyhop_codec::nas::pdu::{Form, PlainMessage};
/// let m = PlainMessage::decode(&[0x07, 0x56, 0x01, 0xf4], None).unwrap();
/// assert_eq!(m.ies[0].form, Form::Lv);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Type 3 V: the value alone (fixed length).
    V,
    /// Type 4 LV: one length octet.
    Lv,
    /// Type 6 LV-E: two length octets.
    Lve,
    /// Type 3 TV: IEI then the value (fixed length).
    Tv,
    /// Type 4 TLV.
    Tlv,
    /// Type 6 TLV-E.
    Tlve,
    /// Type 1 TV or type 2 T: one octet, IEI in the high nibble, the value (one octet, 0-15)
    /// in the low one.
    Half,
}

/// What keyhop reads an IE as (its JSON shape, docs/json.md "NAS messages").
///
/// ```
/// use keyhop_codec::nas::pdu::{IeKind, PlainMessage};
/// let m = PlainMessage::decode(&[0x07, 0x44, 0x08], None).unwrap();
/// assert_eq!(m.ies[0].kind, IeKind::EmmCause);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IeKind {
    /// Not typed: octets.
    Raw,
    /// NAS key set identifier (high nibble) | EPS attach type.
    AttachTypeKsi,
    /// Spare | EPS attach result.
    AttachResult,
    /// NAS key set identifier | detach type (uplink DETACH REQUEST).
    DetachUplink,
    /// Spare | detach type (downlink DETACH REQUEST).
    DetachDownlink,
    /// Detach type of a DETACH REQUEST whose direction is unknown.
    DetachAny,
    /// NAS key set identifier | EPS update type.
    UpdateTypeKsi,
    /// Spare | EPS update result.
    UpdateResult,
    /// NAS key set identifier | service type.
    ServiceTypeKsi,
    /// Spare | NAS key set identifier (low nibble).
    KsiLow,
    /// Spare | identity type 2.
    IdentityType,
    /// Selected NAS security algorithms.
    SelectedAlgorithms,
    /// EMM cause.
    EmmCause,
    /// EPS mobile identity (TS 24.301 9.9.3.12).
    EpsMobileIdentity,
    /// Mobile identity (TS 24.008 10.5.1.4).
    MobileIdentity,
    /// UE network capability.
    UeNetworkCapability,
    /// Replayed UE security capabilities.
    ReplayedUeSecurityCapabilities,
    /// ESM message container (one ESM message).
    EsmContainer,
    /// Generic message container type.
    GenericContainerType,
    /// Generic message container (key material for the H_key delivery, type 0xF7).
    GenericContainer,
}

/// One IE: where it sits, how keyhop reads it, and its value octets as on the wire (without
/// IEI and length; for [`Form::Half`] one octet holding the low nibble).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ie {
    /// The IEI of an optional IE; `None` for a mandatory one.
    pub iei: Option<u8>,
    /// Wire form.
    pub form: Form,
    /// How keyhop reads it.
    pub kind: IeKind,
    /// Its name in JSON (`None`: `ie_<iei>` for an optional IE keyhop does not name).
    pub name: Option<&'static str>,
    /// The value octets.
    pub value: Octets<'static>,
}

/// A mandatory IE of a message layout: name, form, length of a V IE, kind.
type Mandatory = (&'static str, Form, usize, IeKind);
/// A named optional IE: IEI (high nibble for a one-octet IE), name, kind.
type Optional = (u8, &'static str, IeKind);

/// The layout keyhop knows for a message: its mandatory IEs, its named optional IEs, and the
/// IEIs of its type 3 (TV) optional IEs with their whole length.
///
/// ```
/// use keyhop_codec::nas::pdu::{layout, Header};
/// let smc = layout(Header::Emm, 0x5d, None).unwrap();
/// assert_eq!(smc.mandatory.len(), 3);
/// assert!(smc.fixed.contains(&(0x55, 5))); // replayed nonce_UE
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Mandatory IEs in order.
    pub mandatory: &'static [Mandatory],
    /// Optional IEs keyhop names.
    pub optional: &'static [Optional],
    /// TV optional IEs: (IEI, length with the IEI).
    pub fixed: &'static [(u8, usize)],
    /// Whether optional IEs follow the mandatory ones (false: the rest stays octets, as after
    /// a DETACH REQUEST's detach type when the direction is unknown).
    pub optionals: bool,
}

use Form::{Lv, Lve, V};
use IeKind as K;

const CAUSE: Optional = (0x53, "emm_cause", K::EmmCause);

/// The layout of message type `t` of `header` (TS 24.301 clause 8); `uplink` picks the
/// DETACH REQUEST's. None for a type keyhop does not lay out (its body stays octets).
///
/// ```
/// use keyhop_codec::nas::pdu::{layout, Header};
/// let l = layout(Header::Emm, 0x56, None).unwrap(); // IDENTITY RESPONSE
/// assert_eq!(l.mandatory[0].0, "mobile_identity");
/// ```
pub fn layout(header: Header, t: u8, uplink: Option<bool>) -> Option<Layout> {
    const NONE: &[Optional] = &[];
    let l = |mandatory, optional, fixed| {
        Some(Layout {
            mandatory,
            optional,
            fixed,
            optionals: true,
        })
    };
    if let Header::Esm { .. } = header {
        return match t {
            // ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST: EPS QoS, APN, PDN address.
            0xc1 => l(
                &[
                    ("eps_qos", Lv, 0, K::Raw),
                    ("access_point_name", Lv, 0, K::Raw),
                    ("pdn_address", Lv, 0, K::Raw),
                ],
                NONE,
                &[(0x58, 2)],
            ),
            // ACTIVATE DEDICATED EPS BEARER CONTEXT REQUEST: spare | linked EBI, EPS QoS, TFT.
            0xc5 => l(
                &[
                    ("linked_eps_bearer_identity", V, 1, K::Raw),
                    ("eps_qos", Lv, 0, K::Raw),
                    ("traffic_flow_template", Lv, 0, K::Raw),
                ],
                NONE,
                &[(0x58, 2)],
            ),
            // Accepts, Deactivate Accept, ESM Information Request/Response: optional IEs only.
            0xc2 | 0xc6 | 0xca | 0xce | 0xd9 | 0xda => l(&[], NONE, &[]),
            // Rejects and ESM STATUS: the ESM cause.
            0xc3 | 0xc7 | 0xcb | 0xd1 | 0xd3 | 0xe8 => l(&[("esm_cause", V, 1, K::Raw)], NONE, &[]),
            // DEACTIVATE EPS BEARER CONTEXT REQUEST: ESM cause.
            0xcd => l(&[("esm_cause", V, 1, K::Raw)], NONE, &[]),
            // PDN CONNECTIVITY REQUEST: request type | PDN type.
            0xd0 => l(&[("pdn_type_and_request_type", V, 1, K::Raw)], NONE, &[]),
            // PDN DISCONNECT REQUEST: spare | linked EBI.
            0xd2 => l(&[("linked_eps_bearer_identity", V, 1, K::Raw)], NONE, &[]),
            _ => None,
        };
    }
    const ATTACH_ACCEPT: &[Optional] = &[
        (0x50, "guti", K::EpsMobileIdentity),
        (0x23, "mobile_identity", K::MobileIdentity),
        CAUSE,
    ];
    match t {
        // ATTACH REQUEST.
        0x41 => l(
            &[
                ("eps_attach_type", V, 1, K::AttachTypeKsi),
                ("eps_mobile_identity", Lv, 0, K::EpsMobileIdentity),
                ("ue_network_capability", Lv, 0, K::UeNetworkCapability),
                ("esm_message_container", Lve, 0, K::EsmContainer),
            ],
            NONE,
            &[(0x19, 4), (0x52, 6), (0x5c, 3), (0x13, 6)],
        ),
        // ATTACH ACCEPT: T3412 and the TAI list are not typed.
        0x42 => l(
            &[
                ("eps_attach_result", V, 1, K::AttachResult),
                ("t3412_value", V, 1, K::Raw),
                ("tai_list", Lv, 0, K::Raw),
                ("esm_message_container", Lve, 0, K::EsmContainer),
            ],
            ATTACH_ACCEPT,
            &[(0x13, 6), (0x17, 2), (0x59, 2), (0x53, 2)],
        ),
        0x43 => l(
            &[("esm_message_container", Lve, 0, K::EsmContainer)],
            NONE,
            &[],
        ),
        // Rejects, AUTHENTICATION FAILURE, SECURITY MODE REJECT, EMM STATUS: the EMM cause.
        0x44 | 0x4b | 0x4e | 0x5c | 0x5f | 0x60 => {
            l(&[("emm_cause", V, 1, K::EmmCause)], NONE, &[(0x5b, 2)])
        }
        0x45 => match uplink {
            Some(true) => l(
                &[
                    ("detach_type", V, 1, K::DetachUplink),
                    ("eps_mobile_identity", Lv, 0, K::EpsMobileIdentity),
                ],
                NONE,
                &[],
            ),
            Some(false) => l(
                &[("detach_type", V, 1, K::DetachDownlink)],
                &[CAUSE],
                &[(0x53, 2)],
            ),
            None => Some(Layout {
                mandatory: &[("detach_type", V, 1, K::DetachAny)],
                optional: NONE,
                fixed: &[],
                optionals: false,
            }),
        },
        // EMM INFORMATION: local time zone (TV 2) and universal time (TV 8) among TLVs.
        0x61 => l(&[], NONE, &[(0x46, 2), (0x47, 8)]),
        // Messages without mandatory IEs: DETACH ACCEPT, TAU COMPLETE, SERVICE ACCEPT, GUTI
        // REALLOCATION COMPLETE, AUTHENTICATION REJECT, SECURITY MODE COMPLETE.
        0x46 | 0x4a | 0x4f | 0x51 | 0x54 | 0x5e => {
            l(&[], &[(0x23, "mobile_identity", K::MobileIdentity)], &[])
        }
        // TRACKING AREA UPDATE REQUEST.
        0x48 => l(
            &[
                ("eps_update_type", V, 1, K::UpdateTypeKsi),
                ("old_guti", Lv, 0, K::EpsMobileIdentity),
            ],
            NONE,
            &[(0x19, 4), (0x55, 5), (0x52, 6), (0x5c, 3), (0x13, 6)],
        ),
        // TRACKING AREA UPDATE ACCEPT.
        0x49 => l(
            &[("eps_update_result", V, 1, K::UpdateResult)],
            ATTACH_ACCEPT,
            &[(0x5a, 2), (0x13, 6), (0x53, 2), (0x17, 2), (0x59, 2)],
        ),
        // EXTENDED SERVICE REQUEST.
        0x4c => l(
            &[
                ("service_type", V, 1, K::ServiceTypeKsi),
                ("m_tmsi", Lv, 0, K::MobileIdentity),
            ],
            NONE,
            &[],
        ),
        0x50 => l(&[("guti", Lv, 0, K::EpsMobileIdentity)], NONE, &[]),
        // AUTHENTICATION REQUEST: spare | NAS KSI, RAND, AUTN.
        0x52 => l(
            &[
                ("nas_key_set_identifier", V, 1, K::KsiLow),
                ("authentication_parameter_rand", V, 16, K::Raw),
                ("authentication_parameter_autn", Lv, 0, K::Raw),
            ],
            NONE,
            &[],
        ),
        0x53 => l(
            &[("authentication_response_parameter", Lv, 0, K::Raw)],
            NONE,
            &[],
        ),
        0x55 => l(&[("identity_type", V, 1, K::IdentityType)], NONE, &[]),
        0x56 => l(&[("mobile_identity", Lv, 0, K::MobileIdentity)], NONE, &[]),
        // SECURITY MODE COMMAND.
        0x5d => l(
            &[
                (
                    "selected_nas_security_algorithms",
                    V,
                    1,
                    K::SelectedAlgorithms,
                ),
                ("nas_key_set_identifier", V, 1, K::KsiLow),
                (
                    "replayed_ue_security_capabilities",
                    Lv,
                    0,
                    K::ReplayedUeSecurityCapabilities,
                ),
            ],
            NONE,
            &[(0x55, 5), (0x56, 5)],
        ),
        // DOWNLINK / UPLINK NAS TRANSPORT: the NAS message container (SMS).
        0x62 | 0x63 => l(&[("nas_message_container", Lv, 0, K::Raw)], NONE, &[]),
        // DOWNLINK / UPLINK GENERIC NAS TRANSPORT.
        0x68 | 0x69 => l(
            &[
                (
                    "generic_message_container_type",
                    V,
                    1,
                    K::GenericContainerType,
                ),
                ("generic_message_container", Lve, 0, K::GenericContainer),
            ],
            NONE,
            &[],
        ),
        _ => None,
    }
}

/// The form of optional IE `iei` (TS 24.007 11.2.4): one octet when bit 8 is set, TLV-E for
/// `0x7_`, TV of its table length when `fixed` lists it, else TLV. Returns the form and, for
/// TV, the value length.
///
/// ```
/// use keyhop_codec::nas::pdu::{optional_form, Form};
/// assert_eq!(optional_form(0xc1, &[]), (Form::Half, 1));
/// assert_eq!(optional_form(0x78, &[]), (Form::Tlve, 0));
/// assert_eq!(optional_form(0x53, &[(0x53, 2)]), (Form::Tv, 1));
/// assert_eq!(optional_form(0x50, &[(0x53, 2)]), (Form::Tlv, 0));
/// ```
pub fn optional_form(iei: u8, fixed: &[(u8, usize)]) -> (Form, usize) {
    if iei & 0x80 != 0 {
        (Form::Half, 1)
    } else if iei & 0xf0 == 0x70 {
        (Form::Tlve, 0)
    } else if let Some(&(_, n)) = fixed.iter().find(|(i, _)| *i == iei) {
        (Form::Tv, n - 1)
    } else {
        (Form::Tlv, 0)
    }
}

impl Layout {
    /// The named optional IE of IEI `iei` (high nibble for one-octet IEs).
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::{layout, Header};
    /// let accept = layout(Header::Emm, 0x42, None).unwrap(); // ATTACH ACCEPT
    /// assert_eq!(accept.named(0x50).unwrap().0, "guti");
    /// assert!(accept.named(0x4a).is_none()); // equivalent PLMNs: `ie_4a`
    /// ```
    pub fn named(&self, iei: u8) -> Option<(&'static str, IeKind)> {
        self.optional
            .iter()
            .find(|(i, _, _)| *i == iei)
            .map(|&(_, n, k)| (n, k))
    }
}

impl Ie {
    /// Its JSON key: the name, or `ie_<iei>` (two hex digits) for an unnamed optional IE.
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// // SECURITY MODE COMPLETE with IMEISV (0x23, named) and an IE 0x79 keyhop does not name.
    /// let m = PlainMessage::decode(&[0x07, 0x5e, 0x23, 0x01, 0xf3, 0x79, 0x00, 0x00], None);
    /// let keys: Vec<_> = m.unwrap().ies.iter().map(|i| i.key().into_owned()).collect();
    /// assert_eq!(keys, ["mobile_identity", "ie_79"]);
    /// ```
    pub fn key(&self) -> Cow<'static, str> {
        match (self.name, self.iei) {
            (Some(n), _) => Cow::Borrowed(n),
            (None, Some(i)) => Cow::Owned(format!("ie_{i:02x}")),
            (None, None) => Cow::Borrowed("ie"),
        }
    }

    /// The value octets (without IEI and length).
    ///
    /// ```
    /// let m = keyhop_codec::nas::pdu::PlainMessage::decode(&[0x07, 0x56, 0x01, 0xf4], None);
    /// assert_eq!(m.unwrap().ies[0].octets(), [0xf4]);
    /// ```
    pub fn octets(&self) -> &[u8] {
        self.value.as_bytes()
    }

    /// Replaces the value octets (its typed readings follow: they are read from these).
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// let mut m = PlainMessage::decode(&[0x07, 0x56, 0x01, 0xf4], None).unwrap();
    /// m.ies[0].set_octets(vec![0xf4, 1, 2, 3, 4]); // a TMSI
    /// assert_eq!(m.encode().unwrap(), [0x07, 0x56, 0x05, 0xf4, 1, 2, 3, 4]);
    /// ```
    pub fn set_octets(&mut self, v: Vec<u8>) {
        self.value = Octets::owned(v);
    }

    /// The EMM cause of an [`IeKind::EmmCause`] IE.
    ///
    /// ```
    /// let m = keyhop_codec::nas::pdu::PlainMessage::decode(&[0x07, 0x44, 0x08], None);
    /// assert_eq!(m.unwrap().ie("emm_cause").unwrap().emm_cause(), Some(8));
    /// ```
    pub fn emm_cause(&self) -> Option<u8> {
        (self.kind == IeKind::EmmCause)
            .then(|| self.octets().first().copied())
            .flatten()
    }

    /// Sets the EMM cause of an [`IeKind::EmmCause`] IE (writes its octet).
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::{Message, PlainMessage};
    /// let mut m = PlainMessage::decode(&[0x07, 0x44, 0x08], None).unwrap();
    /// m.ie_mut("emm_cause").unwrap().set_emm_cause(3);
    /// assert_eq!(m.encode().unwrap(), [0x07, 0x44, 0x03]);
    /// ```
    pub fn set_emm_cause(&mut self, c: u8) {
        self.set_octets(vec![c]);
    }

    /// The NAS key set identifier (TSC bit and KSI, 4 bits) of an IE that carries one.
    ///
    /// ```
    /// let m = keyhop_codec::nas::pdu::PlainMessage::decode(&[0x07, 0x52, 0x03], None);
    /// let m = m.unwrap();
    /// assert_eq!(m.ie("nas_key_set_identifier").unwrap().nas_key_set_identifier(), Some(3));
    /// ```
    pub fn nas_key_set_identifier(&self) -> Option<u8> {
        let o = *self.octets().first()?;
        match self.kind {
            K::AttachTypeKsi | K::UpdateTypeKsi | K::ServiceTypeKsi | K::DetachUplink => {
                Some(o >> 4)
            }
            K::KsiLow => Some(o & 0x0f),
            _ => None,
        }
    }

    /// The ESM message an [`IeKind::EsmContainer`] IE holds, when it is a known ESM message.
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// // ATTACH COMPLETE carrying ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT (EBI 5).
    /// let m = PlainMessage::decode(&[0x07, 0x43, 0x00, 0x03, 0x52, 0x01, 0xc2], None).unwrap();
    /// let esm = m.ie("esm_message_container").unwrap().esm_message().unwrap();
    /// assert_eq!(esm.message_type, 0xc2);
    /// ```
    pub fn esm_message(&self) -> Option<PlainMessage> {
        if self.kind != IeKind::EsmContainer {
            return None;
        }
        let m = PlainMessage::decode(self.octets(), None)?;
        (matches!(m.header, Header::Esm { .. }) && m.known()).then_some(m)
    }

    /// Puts `m` into an [`IeKind::EsmContainer`] IE (its octets become `m`'s encoding).
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// let mut m = PlainMessage::decode(&[0x07, 0x43, 0x00, 0x03, 0x52, 0x01, 0xc2], None).unwrap();
    /// let mut esm = m.ie("esm_message_container").unwrap().esm_message().unwrap();
    /// esm.message_type = 0xc3;
    /// m.ie_mut("esm_message_container").unwrap().set_esm_message(&esm)?;
    /// assert_eq!(m.encode()?, [0x07, 0x43, 0x00, 0x03, 0x52, 0x01, 0xc3]);
    /// # Ok::<(), keyhop_codec::error::EncodeError>(())
    /// ```
    pub fn set_esm_message(&mut self, m: &PlainMessage) -> EncodeResult<()> {
        let b = m.encode()?;
        self.set_octets(b);
        Ok(())
    }

    fn write(&self, out: &mut Vec<u8>) -> EncodeResult<()> {
        let v = self.octets();
        let err = |d: &'static str| Err(EncodeError::new(Protocol::Nas, d).in_field(&self.key()));
        let iei = || {
            self.iei
                .ok_or_else(|| EncodeError::new(Protocol::Nas, "no IEI").in_field(&self.key()))
        };
        match self.form {
            Form::V => out.extend_from_slice(v),
            Form::Tv => {
                out.push(iei()?);
                out.extend_from_slice(v);
            }
            Form::Lv | Form::Tlv => {
                if self.form == Form::Tlv {
                    out.push(iei()?);
                }
                let Ok(n) = u8::try_from(v.len()) else {
                    return err("longer than 255 octets");
                };
                out.push(n);
                out.extend_from_slice(v);
            }
            Form::Lve | Form::Tlve => {
                if self.form == Form::Tlve {
                    out.push(iei()?);
                }
                let Ok(n) = u16::try_from(v.len()) else {
                    return err("longer than 65535 octets");
                };
                out.extend_from_slice(&n.to_be_bytes());
                out.extend_from_slice(v);
            }
            Form::Half => match v {
                [x] if *x <= 0x0f => out.push((iei()? & 0xf0) | x),
                _ => return err("a one-octet IE holds one value of 0..=15"),
            },
        }
        Ok(())
    }
}

/// Bounded reading of a message body.
struct Body<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Body<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let v = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(v)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    /// Reads an IE of `form` (V/TV: `len` octets); on failure the position is left where it
    /// was, and the second value says how far the read got (for a note).
    fn ie(&mut self, form: Form, len: usize) -> Result<&'a [u8], usize> {
        let start = self.pos;
        let r = (|| match form {
            Form::V | Form::Tv => self.take(len),
            Form::Lv | Form::Tlv => {
                let n = self.u8()? as usize;
                self.take(n)
            }
            Form::Lve | Form::Tlve => {
                let hi = self.u8()?;
                let lo = self.u8()?;
                self.take(u16::from_be_bytes([hi, lo]) as usize)
            }
            Form::Half => Some(&[][..]),
        })();
        match r {
            Some(v) => Ok(v),
            None => {
                let reached = self.pos;
                self.pos = start;
                Err(reached)
            }
        }
    }
}

impl PlainMessage {
    /// Reads a plain EMM message (first octet `0x07`, at least 2 octets) or ESM message
    /// (protocol discriminator 2, at least 3 octets); None for anything else. Never fails
    /// otherwise: what does not parse stays in [`PlainMessage::trailing`]. `uplink`: the
    /// direction where known (the DETACH REQUEST's layout depends on it).
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// // IDENTITY RESPONSE, IMSI 001010123456789, and two octets that are no IE.
    /// let b = hex::decode("0756080910101032547698ff01").unwrap();
    /// let m = PlainMessage::decode(&b, None).unwrap();
    /// assert_eq!(m.ies.len(), 2); // the mobile identity and a one-octet IE 0xf-
    /// assert_eq!(m.trailing.as_bytes(), [0x01]);
    /// assert_eq!(m.encode().unwrap(), b);
    /// ```
    pub fn decode(b: &[u8], uplink: Option<bool>) -> Option<PlainMessage> {
        let first = *b.first()?;
        let (header, body_at) = match first & 0x0f {
            EPS_MM_PD if first >> 4 == 0 && b.len() >= 2 => (Header::Emm, 2),
            EPS_SM_PD if b.len() >= 3 => (
                Header::Esm {
                    eps_bearer_identity: first >> 4,
                    procedure_transaction_identity: b[1],
                },
                3,
            ),
            _ => return None,
        };
        let message_type = b[body_at - 1];
        let mut m = PlainMessage {
            header,
            message_type,
            ies: Vec::new(),
            trailing: Octets::default(),
        };
        let mut r = Body { b, pos: body_at };
        if let Some(l) = layout(header, message_type, uplink) {
            m.read_ies(&mut r, &l);
        }
        m.trailing = Octets::owned(b[r.pos..].to_vec());
        Some(m)
    }

    /// Mandatory IEs while they fit, then optional IEs while they parse.
    fn read_ies(&mut self, r: &mut Body<'_>, l: &Layout) {
        for &(name, form, len, kind) in l.mandatory {
            let Ok(v) = r.ie(form, len) else { return };
            self.ies.push(Ie {
                iei: None,
                form,
                kind,
                name: Some(name),
                value: Octets::owned(v.to_vec()),
            });
        }
        if !l.optionals {
            return;
        }
        while let Some(&iei) = r.b.get(r.pos) {
            let (form, len) = optional_form(iei, l.fixed);
            let start = r.pos;
            r.pos += 1;
            let value = match form {
                Form::Half => vec![iei & 0x0f],
                _ => match r.ie(form, len) {
                    Ok(v) => v.to_vec(),
                    Err(_) => {
                        r.pos = start;
                        return;
                    }
                },
            };
            let key = if form == Form::Half { iei & 0xf0 } else { iei };
            let (name, kind) = match l.named(key) {
                Some((n, k)) => (Some(n), k),
                None => (None, IeKind::Raw),
            };
            self.ies.push(Ie {
                iei: Some(key),
                form,
                kind,
                name,
                value: Octets::owned(value),
            });
        }
    }

    /// Whether TS 24.301 names this message type.
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// assert!(PlainMessage::decode(&[0x07, 0x46], None).unwrap().known());
    /// assert!(!PlainMessage::decode(&[0x07, 0x99, 0x01], None).unwrap().known());
    /// ```
    pub fn known(&self) -> bool {
        self.name().is_some()
    }

    /// The message's name (TS 24.301 tables 9.8.1, 9.8.2).
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// let m = PlainMessage::decode(&[0x52, 0x01, 0xc2], None).unwrap();
    /// assert_eq!(m.name(), Some("Activate Default EPS Bearer Context Accept"));
    /// ```
    pub fn name(&self) -> Option<&'static str> {
        match self.header {
            Header::Emm => emm_name(self.message_type),
            Header::Esm { .. } => esm_name(self.message_type),
        }
    }

    /// The first IE named `key` ([`Ie::key`]).
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// let m = PlainMessage::decode(&[0x07, 0x55, 0x01], None).unwrap(); // IDENTITY REQUEST
    /// assert_eq!(m.ie("identity_type").unwrap().octets(), [0x01]);
    /// ```
    pub fn ie(&self, key: &str) -> Option<&Ie> {
        self.ies.iter().find(|i| i.key() == key)
    }

    /// The first IE named `key`, to edit.
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// let mut m = PlainMessage::decode(&[0x07, 0x55, 0x01], None).unwrap();
    /// m.ie_mut("identity_type").unwrap().set_octets(vec![0x03]); // IMEISV
    /// assert_eq!(m.encode().unwrap(), [0x07, 0x55, 0x03]);
    /// ```
    pub fn ie_mut(&mut self, key: &str) -> Option<&mut Ie> {
        self.ies.iter_mut().find(|i| i.key() == key)
    }

    /// The message's octets.
    ///
    /// ```
    /// use keyhop_codec::nas::pdu::PlainMessage;
    /// let b = [0x52, 0x01, 0xc2];
    /// assert_eq!(PlainMessage::decode(&b, None).unwrap().encode().unwrap(), b);
    /// ```
    pub fn encode(&self) -> EncodeResult<Vec<u8>> {
        let mut out = Vec::with_capacity(16);
        match self.header {
            Header::Emm => out.push(EPS_MM_PD),
            Header::Esm {
                eps_bearer_identity,
                procedure_transaction_identity,
            } => {
                if eps_bearer_identity > 15 {
                    return Err(EncodeError::new(Protocol::Nas, "expected 0..=15")
                        .in_field("eps_bearer_identity"));
                }
                out.push((eps_bearer_identity << 4) | EPS_SM_PD);
                out.push(procedure_transaction_identity);
            }
        }
        out.push(self.message_type);
        for ie in &self.ies {
            ie.write(&mut out)?;
        }
        out.extend_from_slice(self.trailing.as_bytes());
        Ok(out)
    }
}

/// Reads `pdu` losslessly: the security header, and the plain message where it can be read
/// without keys. Errors (a header cut short) name the field and the byte offset.
///
/// ```
/// use keyhop_codec::nas;
/// let e = nas::decode(&[0x27, 0x01]).unwrap_err();
/// assert_eq!((e.path().as_str(), e.byte_offset()), ("nas_mac", 1));
/// ```
pub fn decode(pdu: &[u8]) -> DecodeResult<Message> {
    decode_directed(pdu, None)
}

/// [`decode`] with the direction where the caller knows it (`Some(true)` uplink): the DETACH
/// REQUEST's IEs differ by direction; without it, its body after the detach type stays
/// octets.
///
/// ```
/// use keyhop_codec::nas::{self, pdu::Message};
/// // DETACH REQUEST from the UE: KSI 0 | EPS detach, then the GUTI... here an IMSI.
/// let b = hex::decode("074501080910101032547698")?;
/// let Message::Plain(up) = nas::decode_directed(&b, Some(true))? else { panic!() };
/// assert_eq!(up.ies.len(), 2);
/// let Message::Plain(unknown) = nas::decode(&b)? else { panic!() };
/// assert_eq!(unknown.ies.len(), 1); // the rest stays octets
/// assert_eq!(nas::encode(&Message::Plain(unknown))?, b);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode_directed(pdu: &[u8], uplink: Option<bool>) -> DecodeResult<Message> {
    let known = |b: &[u8]| PlainMessage::decode(b, uplink).filter(PlainMessage::known);
    Ok(match NasPdu::decode(pdu)? {
        NasPdu::Plain(b) => match PlainMessage::decode(b, uplink) {
            Some(m) => Message::Plain(m),
            None => Message::Raw(Octets::owned(b.to_vec())),
        },
        NasPdu::Reserved(b) => Message::Raw(Octets::owned(b.to_vec())),
        NasPdu::ServiceRequest(s) => Message::ServiceRequest(ServiceRequest {
            header_type: s.header_type,
            ksi: s.ksi,
            sequence_number: s.sequence_number,
            short_mac: s.short_mac,
            trailing: Octets::owned(s.trailing.to_vec()),
        }),
        NasPdu::Protected(p) => Message::Protected(Protected {
            header_type: p.header_type,
            mac: p.mac,
            sequence_number: p.sequence_number,
            inner: match known(p.message) {
                Some(m)
                    if p.header_type != SecurityHeaderType::IntegrityProtectedPartiallyCiphered =>
                {
                    Inner::Plain(m)
                }
                _ => Inner::Octets(Octets::owned(p.message.to_vec())),
            },
        }),
    })
}

/// The PDU's octets: [`decode`]'s input back, or the edited message. Errors name the field (a
/// value too long for its length octets, a header value out of its range).
///
/// ```
/// use keyhop_codec::nas;
/// let b = hex::decode("074171080910101032547698200200").unwrap(); // ATTACH REQUEST
/// assert_eq!(nas::encode(&nas::decode(&b)?)?, b);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode(m: &Message) -> EncodeResult<Vec<u8>> {
    let range = |f: &str, max: u8| {
        Err(EncodeError::new(Protocol::Nas, format!("expected 0..={max}")).in_field(f))
    };
    match m {
        Message::Plain(p) => p.encode(),
        Message::Raw(o) => Ok(o.as_bytes().to_vec()),
        Message::ServiceRequest(s) => {
            if !(12..=15).contains(&s.header_type) {
                return Err(EncodeError::new(Protocol::Nas, "expected 12..=15")
                    .in_field("security_header_type"));
            }
            if s.ksi > 7 {
                return range("ksi", 7);
            }
            if s.sequence_number > 31 {
                return range("sequence_number", 31);
            }
            let mut v = vec![
                (s.header_type << 4) | EPS_MM_PD,
                (s.ksi << 5) | s.sequence_number,
            ];
            v.extend_from_slice(&s.short_mac);
            v.extend_from_slice(s.trailing.as_bytes());
            Ok(v)
        }
        Message::Protected(p) => {
            if !p.header_type.has_mac_and_sqn() {
                return Err(EncodeError::new(Protocol::Nas, "expected 1..=5")
                    .in_field("security_header_type"));
            }
            let mut v = vec![(p.header_type.value() << 4) | EPS_MM_PD];
            v.extend_from_slice(&p.mac);
            v.push(p.sequence_number);
            match &p.inner {
                Inner::Plain(m) => v.extend(m.encode()?),
                Inner::Octets(o) => v.extend_from_slice(o.as_bytes()),
            }
            Ok(v)
        }
    }
}

/// NAS PDUs of every header form and several layouts, in hex (the codec's NAS tests share them).
#[cfg(test)]
pub(crate) const SAMPLE_PDUS: &[&str] = &[
    "37b2edaa9800075d010005f0f0c04060",
    "27de7d0b040107420249062000f110000100395201c101090908696e7465726e657405012d2d00022722808021100200001081068c60fe6683068c60fe62000d048c60fe66000d048c60fe62500bf600f110000201ce003f095949640101",
    "074171080910101032547698200200",
    "0768f700150100070110000102030405060708090a0b0c0d0e0f",
    "c7a51234",
    "f7010000ee",
    "2767a1d4c5055e3e11da",
    "7700",
    "0e",
    "0741",
    "0245",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn round(hexs: &str) {
        let b = hex::decode(hexs).unwrap();
        let m = decode(&b).unwrap();
        assert_eq!(encode(&m).unwrap(), b, "{hexs}");
    }

    #[test]
    fn samples_round_trip() {
        for h in SAMPLE_PDUS {
            round(h);
        }
    }

    #[test]
    fn every_cut_and_flip_round_trips_or_errs_with_offset() {
        let seeds = [
            "27de7d0b040107420249062000f110000100395201c101090908696e7465726e657405012d2d00022722808021100200001081068c60fe6683068c60fe62000d048c60fe66000d048c60fe62500bf600f110000201ce003f095949640101",
            "074171080910101032547698200200",
            "37b2edaa9800075d010005f0f0c04060",
        ];
        for s in seeds {
            let b = hex::decode(s).unwrap();
            for n in 0..=b.len() {
                for up in [None, Some(true), Some(false)] {
                    check(&b[..n], up);
                    for bit in 0..8 * n {
                        let mut c = b[..n].to_vec();
                        c[bit / 8] ^= 1 << (bit % 8);
                        check(&c, up);
                    }
                }
            }
        }
    }

    fn check(b: &[u8], up: Option<bool>) {
        match decode_directed(b, up) {
            Ok(m) => assert_eq!(encode(&m).unwrap(), b, "{}", hex::encode(b)),
            Err(e) => assert!(e.byte_offset() <= b.len() as u64 && !e.path().is_empty()),
        }
    }

    #[test]
    fn detach_by_direction() {
        let up = hex::decode("074509080910101032547698").unwrap();
        let m = PlainMessage::decode(&up, Some(true)).unwrap();
        assert_eq!(m.ies.len(), 2);
        assert_eq!(
            m.ie("detach_type").unwrap().nas_key_set_identifier(),
            Some(0)
        );
        let m = PlainMessage::decode(&up, None).unwrap();
        assert_eq!(m.ies.len(), 1);
        assert_eq!(m.trailing.as_bytes(), &up[3..]);
        let down = hex::decode("0745015303").unwrap();
        let m = PlainMessage::decode(&down, Some(false)).unwrap();
        assert_eq!(m.ie("emm_cause").unwrap().emm_cause(), Some(3));
        assert_eq!(m.encode().unwrap(), down);
    }

    #[test]
    fn encode_errors_name_the_field() {
        let mut m = PlainMessage::decode(&[0x07, 0x56, 0x01, 0xf4], None).unwrap();
        m.ies[0].set_octets(vec![0; 300]);
        let e = m.encode().unwrap_err();
        assert_eq!(e.path, "mobile_identity");
        let s = Message::ServiceRequest(ServiceRequest {
            header_type: 12,
            ksi: 9,
            sequence_number: 0,
            short_mac: [0, 0],
            trailing: Octets::default(),
        });
        assert_eq!(encode(&s).unwrap_err().path, "ksi");
    }
}
