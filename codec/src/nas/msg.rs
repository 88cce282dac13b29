//! NAS message names (TS 24.301 tables 9.8.1 and 9.8.2) and the IEs of the plain messages that
//! matter to a reader of handover security: mobile identities, NAS key set identifier, selected
//! algorithms, replayed UE security capabilities, attach / update results, EMM cause, the ESM
//! message container and the H_key delivery's Generic NAS container.
//!
//! [`NasView::of`] reads a whole NAS-PDU without keys, as tshark does: plain messages, the
//! integrity-only ones (security header types 1 and 3) and the ciphered ones (2 and 4) whose
//! inner message is readable because the algorithm is EEA0 (guessed as tshark guesses it:
//! the octets after the sequence number are a plain message of a known type). A view is for
//! output only: the NAS-PDU stays octets in the S1AP message, so re-encoding is unchanged.
//!
//! ```
//! use keyhop_codec::nas::msg::NasView;
//! // SECURITY MODE COMMAND (security header type 3): EEA0 + 128-EIA2, KSI 0.
//! let pdu = hex::decode("37b2edaa9800075d010005f0f0c04060").unwrap();
//! let v = NasView::of(&pdu, None);
//! assert_eq!(v.names(), ["Security Mode Command"]);
//! ```

use crate::nas::hkey::{HkeyDelivery, HKEY_CONTAINER_TYPE};
use crate::nas::pdu::{self, layout, Form, Header, Ie, IeKind, Inner, PlainMessage};
use crate::nas::{SecurityHeaderType, EPS_MM_PD};
use crate::redact::{KeyMaterial, Octets};
use crate::text;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;

/// Protocol discriminator of EPS session management.
pub const EPS_SM_PD: u8 = 0x2;

crate::open_enum! {
    /// EMM message type (TS 24.301 table 9.8.1), the octet after the protocol discriminator.
    /// Open: a type of a later release is kept as `Unknown`.
    pub enum EmmMessageType: u8 {
        /// ATTACH REQUEST (0x41), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        AttachRequest = 0x41 => "Attach Request",
        /// ATTACH ACCEPT (0x42), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        AttachAccept = 0x42 => "Attach Accept",
        /// ATTACH COMPLETE (0x43), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        AttachComplete = 0x43 => "Attach Complete",
        /// ATTACH REJECT (0x44), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        AttachReject = 0x44 => "Attach Reject",
        /// DETACH REQUEST (0x45), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        DetachRequest = 0x45 => "Detach Request",
        /// DETACH ACCEPT (0x46), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        DetachAccept = 0x46 => "Detach Accept",
        /// TRACKING AREA UPDATE REQUEST (0x48), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        TrackingAreaUpdateRequest = 0x48 => "Tracking Area Update Request",
        /// TRACKING AREA UPDATE ACCEPT (0x49), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        TrackingAreaUpdateAccept = 0x49 => "Tracking Area Update Accept",
        /// TRACKING AREA UPDATE COMPLETE (0x4a), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        TrackingAreaUpdateComplete = 0x4a => "Tracking Area Update Complete",
        /// TRACKING AREA UPDATE REJECT (0x4b), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        TrackingAreaUpdateReject = 0x4b => "Tracking Area Update Reject",
        /// EXTENDED SERVICE REQUEST (0x4c), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        ExtendedServiceRequest = 0x4c => "Extended Service Request",
        /// CONTROL PLANE SERVICE REQUEST (0x4d), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        ControlPlaneServiceRequest = 0x4d => "Control Plane Service Request",
        /// SERVICE REJECT (0x4e), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        ServiceReject = 0x4e => "Service Reject",
        /// SERVICE ACCEPT (0x4f), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        ServiceAccept = 0x4f => "Service Accept",
        /// GUTI REALLOCATION COMMAND (0x50), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        GutiReallocationCommand = 0x50 => "GUTI Reallocation Command",
        /// GUTI REALLOCATION COMPLETE (0x51), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        GutiReallocationComplete = 0x51 => "GUTI Reallocation Complete",
        /// AUTHENTICATION REQUEST (0x52), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        AuthenticationRequest = 0x52 => "Authentication Request",
        /// AUTHENTICATION RESPONSE (0x53), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        AuthenticationResponse = 0x53 => "Authentication Response",
        /// AUTHENTICATION REJECT (0x54), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        AuthenticationReject = 0x54 => "Authentication Reject",
        /// IDENTITY REQUEST (0x55), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        IdentityRequest = 0x55 => "Identity Request",
        /// IDENTITY RESPONSE (0x56), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        IdentityResponse = 0x56 => "Identity Response",
        /// AUTHENTICATION FAILURE (0x5c), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        AuthenticationFailure = 0x5c => "Authentication Failure",
        /// SECURITY MODE COMMAND (0x5d), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        SecurityModeCommand = 0x5d => "Security Mode Command",
        /// SECURITY MODE COMPLETE (0x5e), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        SecurityModeComplete = 0x5e => "Security Mode Complete",
        /// SECURITY MODE REJECT (0x5f), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        SecurityModeReject = 0x5f => "Security Mode Reject",
        /// EMM STATUS (0x60), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        EmmStatus = 0x60 => "EMM Status",
        /// EMM INFORMATION (0x61), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        EmmInformation = 0x61 => "EMM Information",
        /// DOWNLINK NAS TRANSPORT (0x62), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        DownlinkNasTransport = 0x62 => "Downlink NAS Transport",
        /// UPLINK NAS TRANSPORT (0x63), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        UplinkNasTransport = 0x63 => "Uplink NAS Transport",
        /// CS SERVICE NOTIFICATION (0x64), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        CsServiceNotification = 0x64 => "CS Service Notification",
        /// DOWNLINK GENERIC NAS TRANSPORT (0x68), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        DownlinkGenericNasTransport = 0x68 => "Downlink Generic NAS Transport",
        /// UPLINK GENERIC NAS TRANSPORT (0x69), EPS mobility management (TS 24.301 8.2, table 9.8.1).
        UplinkGenericNasTransport = 0x69 => "Uplink Generic NAS Transport",
    }
}

/// The name of EMM message type `t` (TS 24.301 table 9.8.1), `None` for a type the table does not
/// list: [`EmmMessageType`]'s table.
pub fn emm_name(t: u8) -> Option<&'static str> {
    EmmMessageType::from_value(t).known_name()
}

crate::open_enum! {
    /// ESM message type (TS 24.301 table 9.8.2), the octet after the protocol discriminator, bearer identity and procedure transaction identity.
    /// Open: a type of a later release is kept as `Unknown`.
    pub enum EsmMessageType: u8 {
        /// ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST (0xc1), EPS session management (TS 24.301 8.3, table 9.8.2).
        ActivateDefaultEpsBearerContextRequest = 0xc1 => "Activate Default EPS Bearer Context Request",
        /// ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT (0xc2), EPS session management (TS 24.301 8.3, table 9.8.2).
        ActivateDefaultEpsBearerContextAccept = 0xc2 => "Activate Default EPS Bearer Context Accept",
        /// ACTIVATE DEFAULT EPS BEARER CONTEXT REJECT (0xc3), EPS session management (TS 24.301 8.3, table 9.8.2).
        ActivateDefaultEpsBearerContextReject = 0xc3 => "Activate Default EPS Bearer Context Reject",
        /// ACTIVATE DEDICATED EPS BEARER CONTEXT REQUEST (0xc5), EPS session management (TS 24.301 8.3, table 9.8.2).
        ActivateDedicatedEpsBearerContextRequest = 0xc5 => "Activate Dedicated EPS Bearer Context Request",
        /// ACTIVATE DEDICATED EPS BEARER CONTEXT ACCEPT (0xc6), EPS session management (TS 24.301 8.3, table 9.8.2).
        ActivateDedicatedEpsBearerContextAccept = 0xc6 => "Activate Dedicated EPS Bearer Context Accept",
        /// ACTIVATE DEDICATED EPS BEARER CONTEXT REJECT (0xc7), EPS session management (TS 24.301 8.3, table 9.8.2).
        ActivateDedicatedEpsBearerContextReject = 0xc7 => "Activate Dedicated EPS Bearer Context Reject",
        /// MODIFY EPS BEARER CONTEXT REQUEST (0xc9), EPS session management (TS 24.301 8.3, table 9.8.2).
        ModifyEpsBearerContextRequest = 0xc9 => "Modify EPS Bearer Context Request",
        /// MODIFY EPS BEARER CONTEXT ACCEPT (0xca), EPS session management (TS 24.301 8.3, table 9.8.2).
        ModifyEpsBearerContextAccept = 0xca => "Modify EPS Bearer Context Accept",
        /// MODIFY EPS BEARER CONTEXT REJECT (0xcb), EPS session management (TS 24.301 8.3, table 9.8.2).
        ModifyEpsBearerContextReject = 0xcb => "Modify EPS Bearer Context Reject",
        /// DEACTIVATE EPS BEARER CONTEXT REQUEST (0xcd), EPS session management (TS 24.301 8.3, table 9.8.2).
        DeactivateEpsBearerContextRequest = 0xcd => "Deactivate EPS Bearer Context Request",
        /// DEACTIVATE EPS BEARER CONTEXT ACCEPT (0xce), EPS session management (TS 24.301 8.3, table 9.8.2).
        DeactivateEpsBearerContextAccept = 0xce => "Deactivate EPS Bearer Context Accept",
        /// PDN CONNECTIVITY REQUEST (0xd0), EPS session management (TS 24.301 8.3, table 9.8.2).
        PdnConnectivityRequest = 0xd0 => "PDN Connectivity Request",
        /// PDN CONNECTIVITY REJECT (0xd1), EPS session management (TS 24.301 8.3, table 9.8.2).
        PdnConnectivityReject = 0xd1 => "PDN Connectivity Reject",
        /// PDN DISCONNECT REQUEST (0xd2), EPS session management (TS 24.301 8.3, table 9.8.2).
        PdnDisconnectRequest = 0xd2 => "PDN Disconnect Request",
        /// PDN DISCONNECT REJECT (0xd3), EPS session management (TS 24.301 8.3, table 9.8.2).
        PdnDisconnectReject = 0xd3 => "PDN Disconnect Reject",
        /// BEARER RESOURCE ALLOCATION REQUEST (0xd4), EPS session management (TS 24.301 8.3, table 9.8.2).
        BearerResourceAllocationRequest = 0xd4 => "Bearer Resource Allocation Request",
        /// BEARER RESOURCE ALLOCATION REJECT (0xd5), EPS session management (TS 24.301 8.3, table 9.8.2).
        BearerResourceAllocationReject = 0xd5 => "Bearer Resource Allocation Reject",
        /// BEARER RESOURCE MODIFICATION REQUEST (0xd6), EPS session management (TS 24.301 8.3, table 9.8.2).
        BearerResourceModificationRequest = 0xd6 => "Bearer Resource Modification Request",
        /// BEARER RESOURCE MODIFICATION REJECT (0xd7), EPS session management (TS 24.301 8.3, table 9.8.2).
        BearerResourceModificationReject = 0xd7 => "Bearer Resource Modification Reject",
        /// ESM INFORMATION REQUEST (0xd9), EPS session management (TS 24.301 8.3, table 9.8.2).
        EsmInformationRequest = 0xd9 => "ESM Information Request",
        /// ESM INFORMATION RESPONSE (0xda), EPS session management (TS 24.301 8.3, table 9.8.2).
        EsmInformationResponse = 0xda => "ESM Information Response",
        /// NOTIFICATION (0xdb), EPS session management (TS 24.301 8.3, table 9.8.2).
        Notification = 0xdb => "Notification",
        /// ESM DUMMY MESSAGE (0xdc), EPS session management (TS 24.301 8.3, table 9.8.2).
        EsmDummyMessage = 0xdc => "ESM Dummy Message",
        /// ESM STATUS (0xe8), EPS session management (TS 24.301 8.3, table 9.8.2).
        EsmStatus = 0xe8 => "ESM Status",
        /// REMOTE UE REPORT (0xe9), EPS session management (TS 24.301 8.3, table 9.8.2).
        RemoteUeReport = 0xe9 => "Remote UE Report",
        /// REMOTE UE REPORT RESPONSE (0xea), EPS session management (TS 24.301 8.3, table 9.8.2).
        RemoteUeReportResponse = 0xea => "Remote UE Report Response",
        /// ESM DATA TRANSPORT (0xeb), EPS session management (TS 24.301 8.3, table 9.8.2).
        EsmDataTransport = 0xeb => "ESM Data Transport",
    }
}

/// The name of ESM message type `t` (TS 24.301 table 9.8.2), `None` for a type the table does not
/// list: [`EsmMessageType`]'s table.
pub fn esm_name(t: u8) -> Option<&'static str> {
    EsmMessageType::from_value(t).known_name()
}

/// The name of EMM cause `c` (TS 24.301 9.9.3.9).
pub fn emm_cause_name(c: u8) -> Option<&'static str> {
    Some(match c {
        2 => "IMSI unknown in HSS",
        3 => "Illegal UE",
        5 => "IMEI not accepted",
        6 => "Illegal ME",
        7 => "EPS services not allowed",
        8 => "EPS services and non-EPS services not allowed",
        9 => "UE identity cannot be derived by the network",
        10 => "Implicitly detached",
        11 => "PLMN not allowed",
        12 => "Tracking area not allowed",
        13 => "Roaming not allowed in this tracking area",
        14 => "EPS services not allowed in this PLMN",
        15 => "No suitable cells in tracking area",
        16 => "MSC temporarily not reachable",
        17 => "Network failure",
        18 => "CS domain not available",
        19 => "ESM failure",
        20 => "MAC failure",
        21 => "Synch failure",
        22 => "Congestion",
        23 => "UE security capabilities mismatch",
        24 => "Security mode rejected, unspecified",
        25 => "Not authorized for this CSG",
        26 => "Non-EPS authentication unacceptable",
        31 => "Redirection to 5GCN required",
        35 => "Requested service option not authorized in this PLMN",
        39 => "CS service temporarily not available",
        40 => "No EPS bearer context activated",
        42 => "Severe network failure",
        78 => "PLMN not allowed to operate at the present UE location",
        95 => "Semantically incorrect message",
        96 => "Invalid mandatory information",
        97 => "Message type non-existent or not implemented",
        98 => "Message type not compatible with the protocol state",
        99 => "Information element non-existent or not implemented",
        100 => "Conditional IE error",
        101 => "Message not compatible with the protocol state",
        111 => "Protocol error, unspecified",
        _ => return None,
    })
}

/// A decoded IE value (serialized as JSON scalars, objects or key material).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number.
    Int(u64),
    /// Text.
    Text(String),
    /// A key (redacted unless keys are shown).
    Key(KeyMaterial<'static>),
    /// Named fields.
    Fields(Fields),
    /// A nested NAS message (the ESM message container).
    Message(Box<NasMessage>),
    /// Octets keyhop does not type (shown by the raw-octets rule of docs/json.md).
    Raw(Octets<'static>),
}

/// Named values in wire order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(pub Vec<(Cow<'static, str>, Value)>);

impl Fields {
    fn push<K: Into<Cow<'static, str>>>(&mut self, (k, v): (K, Value)) {
        self.0.push((k.into(), v));
    }
    fn int(&mut self, k: impl Into<Cow<'static, str>>, v: impl Into<u64>) {
        self.push((k, Value::Int(v.into())));
    }
    fn text(&mut self, k: impl Into<Cow<'static, str>>, v: impl Into<String>) {
        self.push((k, Value::Text(v.into())));
    }
    fn hex(&mut self, k: impl Into<Cow<'static, str>>, b: &[u8]) {
        self.text(k, hex::encode(b));
    }
    /// The value named `k`.
    pub fn get(&self, k: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| n == k).map(|(_, v)| v)
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Int(i) => s.serialize_u64(*i),
            Value::Text(t) => s.serialize_str(t),
            Value::Key(k) => k.serialize(s),
            Value::Fields(f) => f.serialize(s),
            Value::Message(m) => m.serialize(s),
            Value::Raw(o) => o.serialize(s),
        }
    }
}

/// A plain EMM or ESM message: its type and the IEs keyhop reads.
#[derive(Debug, Clone, PartialEq)]
pub struct NasMessage {
    /// Protocol discriminator (7 EMM, 2 ESM).
    pub pd: u8,
    /// Message type.
    pub message_type: u8,
    /// Its name, when TS 24.301 defines the type.
    pub name: Option<&'static str>,
    /// The IEs read (ESM: bearer identity and PTI first).
    pub fields: Fields,
    /// Oddities: a truncated IE, a 16-digit IMSI, a non-BCD digit.
    pub notes: Vec<String>,
}

impl Serialize for NasMessage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry(
            "protocol",
            match self.pd {
                EPS_MM_PD => "emm",
                EPS_SM_PD => "esm",
                _ => "other",
            },
        )?;
        m.serialize_entry("message_type", &self.message_type)?;
        m.serialize_entry("name", &self.name.unwrap_or("unknown"))?;
        for (k, v) in &self.fields.0 {
            m.serialize_entry(k, v)?;
        }
        if !self.notes.is_empty() {
            m.serialize_entry("notes", &self.notes)?;
        }
        m.end()
    }
}

/// What a mobile identity holds, as keyhop shows it: the input of [`identity_octets`].
///
/// ```
/// use keyhop_codec::nas::msg::{identity_octets, IdentityRepr};
/// assert_eq!(identity_octets(&IdentityRepr::Tmsi(0x01020304)).unwrap(), [0xf4, 1, 2, 3, 4]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityRepr<'s> {
    /// Digits (IMSI, IMEI, IMEISV) with the 3-bit type of identity; hex letters stand for
    /// non-BCD nibbles.
    Digits {
        /// Type of identity (TS 24.008 table 10.5.4 / TS 24.301 table 9.9.3.12.1).
        type_code: u8,
        /// The digits.
        digits: &'s str,
    },
    /// GUTI (EPS mobile identity type 6).
    Guti {
        /// PLMN identity (3 TBCD octets).
        plmn_identity: [u8; 3],
        /// MME group id.
        mme_group_id: u16,
        /// MME code.
        mme_code: u8,
        /// M-TMSI.
        m_tmsi: u32,
    },
    /// TMSI/P-TMSI (mobile identity type 4).
    Tmsi(u32),
    /// Any other identity: its octets.
    Other(&'s [u8]),
    /// An empty identity.
    Empty,
}

/// The canonical octets of a mobile identity: odd/even flag from the digit count, `f` filler
/// and spare nibbles. None when a digit is no hex digit.
///
/// ```
/// use keyhop_codec::nas::msg::{identity_octets, IdentityRepr};
/// let r = IdentityRepr::Digits { type_code: 1, digits: "001010123456789" };
/// assert_eq!(identity_octets(&r).unwrap(), hex::decode("0910101032547698").unwrap());
/// ```
pub fn identity_octets(r: &IdentityRepr<'_>) -> Option<Vec<u8>> {
    Some(match r {
        IdentityRepr::Digits { type_code, digits } => {
            let mut n = digits
                .chars()
                .map(|c| c.to_digit(16).map(|d| d as u8))
                .collect::<Option<Vec<u8>>>()?;
            let odd = n.len() % 2 == 1;
            if !odd {
                n.push(0x0f);
            }
            let mut v = vec![(n[0] << 4) | (u8::from(odd) << 3) | (type_code & 0x07)];
            v.extend(n[1..].chunks(2).map(|p| p[0] | (p[1] << 4)));
            v
        }
        IdentityRepr::Guti {
            plmn_identity,
            mme_group_id,
            mme_code,
            m_tmsi,
        } => {
            let mut v = vec![0xf6];
            v.extend_from_slice(plmn_identity);
            v.extend_from_slice(&mme_group_id.to_be_bytes());
            v.push(*mme_code);
            v.extend_from_slice(&m_tmsi.to_be_bytes());
            v
        }
        IdentityRepr::Tmsi(t) => {
            let mut v = vec![0xf4];
            v.extend_from_slice(&t.to_be_bytes());
            v
        }
        IdentityRepr::Other(b) => b.to_vec(),
        IdentityRepr::Empty => Vec::new(),
    })
}

/// The fields of a mobile identity (TS 24.301 9.9.3.12 EPS mobile identity and TS 24.008
/// 10.5.1.4 mobile identity), and a note for its oddities. When the fields do not give the
/// octets back ([`identity_octets`]: a filler that is not `f`, an odd/even flag that does not
/// match the digits), `wire` holds the octets (raw).
///
/// ```
/// use keyhop_codec::nas::msg::mobile_identity;
/// let (f, note) = mobile_identity(&hex::decode("0910101032547698").unwrap(), false);
/// let j = serde_json::to_value(&f).unwrap();
/// assert_eq!((j["type"].as_str(), j["imsi"].as_str()), (Some("imsi"), Some("001010123456789")));
/// assert!(j.get("wire").is_none() && note.is_none());
/// ```
pub fn mobile_identity(v: &[u8], eps: bool) -> (Fields, Option<String>) {
    let mut f = Fields::default();
    let Some(&first) = v.first() else {
        f.text("type", "none");
        return (f, Some("empty mobile identity".into()));
    };
    let kind = first & 0x07;
    let digits = |v: &[u8]| {
        let odd = first & 0x08 != 0;
        let mut n = vec![first >> 4];
        for b in &v[1..] {
            n.push(b & 0x0f);
            n.push(b >> 4);
        }
        // Even count: the last high nibble is the 0xf filler.
        if !odd && n.last() == Some(&0xf) {
            n.pop();
        }
        text::bcd(n)
    };
    let mut note = None;
    let repr_digits;
    let repr = match (kind, eps) {
        (1, _) => {
            let (d, n) = digits(v);
            f.text("type", "imsi");
            if d.len() > 15 {
                note = Some(format!("IMSI of {} digits (at most 15)", d.len()));
            }
            repr_digits = d;
            f.text("imsi", repr_digits.clone());
            note = note.or(n);
            IdentityRepr::Digits {
                type_code: kind,
                digits: &repr_digits,
            }
        }
        (2, false) | (3, true) | (3, false) => {
            let (d, n) = digits(v);
            let name = if (kind, eps) == (3, false) {
                "imeisv"
            } else {
                "imei"
            };
            f.text("type", name);
            repr_digits = d;
            f.text(name, repr_digits.clone());
            note = n;
            IdentityRepr::Digits {
                type_code: kind,
                digits: &repr_digits,
            }
        }
        (6, true) if v.len() == 11 => {
            f.text("type", "guti");
            let plmn = &v[1..4];
            f.hex("plmn_identity", plmn);
            match text::plmn(plmn) {
                Some(p) => f.text("plmn", p),
                None => note = text::plmn_note(plmn),
            }
            let mme_group_id = u16::from_be_bytes([v[4], v[5]]);
            let m_tmsi = u32::from_be_bytes([v[7], v[8], v[9], v[10]]);
            f.text("mme_group_id", format!("{mme_group_id:04x}"));
            f.text("mme_code", format!("{:02x}", v[6]));
            f.text("m_tmsi", text::teid(m_tmsi));
            IdentityRepr::Guti {
                plmn_identity: [v[1], v[2], v[3]],
                mme_group_id,
                mme_code: v[6],
                m_tmsi,
            }
        }
        (4, false) if v.len() == 5 => {
            f.text("type", "tmsi");
            let t = u32::from_be_bytes([v[1], v[2], v[3], v[4]]);
            f.text("tmsi", text::teid(t));
            IdentityRepr::Tmsi(t)
        }
        _ => {
            f.int("type", kind);
            f.hex("value", v);
            note = Some(format!(
                "mobile identity of type {kind} and {} octets not read",
                v.len()
            ));
            IdentityRepr::Other(v)
        }
    };
    if identity_octets(&repr).as_deref() != Some(v) {
        f.push(("wire", Value::Raw(Octets::owned(v.to_vec()))));
    }
    (f, note)
}

/// NAS key set identifier (TS 24.301 9.9.3.21): the low 4 bits of `nibble`.
fn ksi(nibble: u8) -> Value {
    let mut f = Fields::default();
    f.text(
        "tsc",
        if nibble & 0x08 != 0 {
            "mapped"
        } else {
            "native"
        },
    );
    if nibble & 0x07 == 7 {
        f.text("ksi", "no key available");
    } else {
        f.int("ksi", nibble & 0x07);
    }
    Value::Fields(f)
}

/// A value name from a table, `reserved(n)` for the rest.
fn named(table: &[(u8, &'static str)], n: u8) -> String {
    match table.iter().find(|(v, _)| *v == n) {
        Some((_, s)) => (*s).to_string(),
        None => format!("reserved({n})"),
    }
}

/// EPS attach type (TS 24.301 9.9.3.11).
pub const EPS_ATTACH_TYPES: &[(u8, &str)] = &[
    (1, "eps_attach"),
    (2, "combined_eps_imsi_attach"),
    (6, "eps_emergency_attach"),
];
/// EPS attach result (9.9.3.10).
pub const EPS_ATTACH_RESULTS: &[(u8, &str)] = &[(1, "eps_only"), (2, "combined_eps_imsi_attach")];
/// EPS update type (9.9.3.14).
pub const EPS_UPDATE_TYPES: &[(u8, &str)] = &[
    (0, "ta_updating"),
    (1, "combined_ta_la_updating"),
    (2, "combined_ta_la_updating_with_imsi_attach"),
    (3, "periodic_updating"),
];
/// EPS update result (9.9.3.13).
pub const EPS_UPDATE_RESULTS: &[(u8, &str)] = &[
    (0, "ta_updated"),
    (1, "combined_ta_la_updated"),
    (4, "ta_updated_and_isr_activated"),
    (5, "combined_ta_la_updated_and_isr_activated"),
];
/// Identity type 2 (TS 24.008 10.5.5.9).
pub const IDENTITY_TYPES: &[(u8, &str)] = &[(1, "imsi"), (2, "imei"), (3, "imeisv"), (4, "tmsi")];
/// Detach type, uplink (9.9.3.7).
pub const DETACH_TYPES_UPLINK: &[(u8, &str)] = &[
    (1, "eps_detach"),
    (2, "imsi_detach"),
    (3, "combined_eps_imsi_detach"),
];
/// Detach type, downlink (9.9.3.7).
pub const DETACH_TYPES_DOWNLINK: &[(u8, &str)] = &[
    (1, "re_attach_required"),
    (2, "re_attach_not_required"),
    (3, "imsi_detach"),
];

/// The bits of a one-octet IE of `kind` that no key shows (spare bits, flags keyhop does not
/// name): JSON writes them as `<key>_spare_bits` when not 0.
///
/// ```
/// use keyhop_codec::nas::{msg::hidden_bits, pdu::IeKind};
/// assert_eq!(hidden_bits(IeKind::KsiLow), 0xf0);
/// assert_eq!(hidden_bits(IeKind::EmmCause), 0);
/// ```
pub fn hidden_bits(kind: IeKind) -> u8 {
    match kind {
        IeKind::AttachTypeKsi | IeKind::UpdateTypeKsi => 0x08,
        IeKind::AttachResult | IeKind::UpdateResult | IeKind::IdentityType => 0xf8,
        IeKind::DetachDownlink | IeKind::DetachAny | IeKind::KsiLow => 0xf0,
        _ => 0,
    }
}

impl NasMessage {
    /// Reads a plain NAS message (first octet: security header type 0 and PD 7, or an ESM
    /// header). `uplink` tells the direction where the caller knows it (the DETACH REQUEST
    /// differs). None when the octets are not a plain EMM/ESM message of a known type.
    pub fn decode(b: &[u8], uplink: Option<bool>) -> Option<NasMessage> {
        let m = PlainMessage::decode(b, uplink).filter(PlainMessage::known)?;
        Some(NasMessage::of(&m, uplink, 0))
    }

    /// The view of a lossless message: every IE by its key (docs/json.md), and what does not
    /// parse in `trailing_octets` and the notes. `depth` 1 for the message inside an ESM
    /// message container (which holds no further container).
    ///
    /// ```
    /// use keyhop_codec::nas::{msg::NasMessage, pdu::PlainMessage};
    /// // ATTACH REJECT, then an optional IE 0x30 whose 5 octets are missing.
    /// let m = PlainMessage::decode(&[0x07, 0x44, 0x08, 0x30, 0x05], None).unwrap();
    /// let j = serde_json::to_value(NasMessage::of(&m, None, 0)).unwrap();
    /// assert_eq!(j["emm_cause"], 8);
    /// assert_eq!(j["trailing_octets"], "3005");
    /// ```
    pub fn of(m: &PlainMessage, uplink: Option<bool>, depth: u8) -> NasMessage {
        let (pd, mut fields) = match m.header {
            Header::Emm => (EPS_MM_PD, Fields::default()),
            Header::Esm {
                eps_bearer_identity,
                procedure_transaction_identity,
            } => {
                let mut f = Fields::default();
                f.int("eps_bearer_identity", eps_bearer_identity);
                f.int(
                    "procedure_transaction_identity",
                    procedure_transaction_identity,
                );
                (EPS_SM_PD, f)
            }
        };
        let mut v = NasMessage {
            pd,
            message_type: m.message_type,
            name: m.name(),
            fields: Fields::default(),
            notes: Vec::new(),
        };
        std::mem::swap(&mut v.fields, &mut fields);
        let mut container_type = None;
        // How often each key was seen: a key seen before (an optional IE sent twice) is
        // `<key>#2`, `#3`... in wire order (a map, so a hostile run of IEs stays linear).
        let mut seen: std::collections::HashMap<Cow<'static, str>, usize> =
            std::collections::HashMap::new();
        for ie in &m.ies {
            let n = {
                let c = seen.entry(ie.key()).or_insert(0);
                *c += 1;
                *c
            };
            let mut f = Fields::default();
            v.ie_fields(ie, &mut f, uplink, depth, &mut container_type, m);
            for (k, val) in f.0 {
                let k = if n > 1 { format!("{k}#{n}").into() } else { k };
                v.fields.0.push((k, val));
            }
        }
        let header_len = if pd == EPS_MM_PD { 2 } else { 3 };
        if let Some(l) = layout(m.header, m.message_type, uplink) {
            let got = m.ies.iter().filter(|i| i.iei.is_none()).count();
            if got < l.mandatory.len() {
                let len_octets = match l.mandatory[got].1 {
                    Form::Lv => 1,
                    Form::Lve => 2,
                    _ => 0,
                };
                let at: usize = header_len
                    + m.ies.iter().map(wire_len).sum::<usize>()
                    + len_octets.min(m.trailing.as_bytes().len());
                v.notes.push(format!(
                    "{} ends early, at octet {at}",
                    v.name.unwrap_or("message")
                ));
            } else if !m.trailing.as_bytes().is_empty() && l.optionals {
                v.notes
                    .push("optional IEs do not parse to the end of the message".into());
            }
        }
        if !m.trailing.as_bytes().is_empty() {
            v.fields.push((
                "trailing_octets",
                Value::Raw(Octets::owned(m.trailing.as_bytes().to_vec())),
            ));
        }
        v
    }

    #[allow(clippy::too_many_arguments)]
    fn ie_fields(
        &mut self,
        ie: &Ie,
        f: &mut Fields,
        uplink: Option<bool>,
        depth: u8,
        container_type: &mut Option<u8>,
        whole: &PlainMessage,
    ) {
        let v = ie.octets();
        let key = ie.key();
        let spare_key = format!("{key}_spare_bits");
        let o = v.first().copied().unwrap_or(0);
        let hidden = hidden_bits(ie.kind);
        match ie.kind {
            IeKind::Raw if ie.form == Form::Half => f.int(key, o),
            IeKind::Raw => f.push((key, Value::Raw(Octets::owned(v.to_vec())))),
            IeKind::AttachTypeKsi => {
                f.text(key, named(EPS_ATTACH_TYPES, o & 0x07));
                f.push(("nas_key_set_identifier", ksi(o >> 4)));
            }
            IeKind::AttachResult => f.text(key, named(EPS_ATTACH_RESULTS, o & 0x07)),
            IeKind::UpdateTypeKsi => {
                f.text(key, named(EPS_UPDATE_TYPES, o & 0x07));
                f.push(("nas_key_set_identifier", ksi(o >> 4)));
            }
            IeKind::UpdateResult => f.text(key, named(EPS_UPDATE_RESULTS, o & 0x07)),
            IeKind::DetachUplink | IeKind::DetachDownlink | IeKind::DetachAny => {
                let t = o & 0x07;
                let table = match ie.kind {
                    IeKind::DetachUplink => DETACH_TYPES_UPLINK,
                    IeKind::DetachDownlink => DETACH_TYPES_DOWNLINK,
                    _ => &[],
                };
                match table.iter().find(|(n, _)| *n == t) {
                    Some((_, s)) => f.text(key, *s),
                    None => f.text(key, format!("type {t}")),
                }
                f.text(
                    "switch_off",
                    if o & 0x08 != 0 {
                        "switch_off"
                    } else {
                        "normal"
                    },
                );
                if ie.kind == IeKind::DetachUplink {
                    f.push(("nas_key_set_identifier", ksi(o >> 4)));
                }
            }
            IeKind::ServiceTypeKsi => {
                f.int(key, o & 0x0f);
                f.push(("nas_key_set_identifier", ksi(o >> 4)));
            }
            IeKind::KsiLow => f.push((key, ksi(o & 0x0f))),
            IeKind::IdentityType => f.text(key, named(IDENTITY_TYPES, o & 0x07)),
            IeKind::SelectedAlgorithms => {
                f.hex(key, v);
                f.text("ciphering_algorithm", format!("EEA{}", (o >> 4) & 0x07));
                f.text("integrity_algorithm", format!("EIA{}", o & 0x07));
            }
            IeKind::EmmCause => {
                f.int(key, o);
                match emm_cause_name(o) {
                    Some(n) => f.text("emm_cause_name", n),
                    None => f.text("emm_cause_name", format!("unknown({o})")),
                }
            }
            IeKind::EpsMobileIdentity | IeKind::MobileIdentity => {
                let (id, note) = mobile_identity(v, ie.kind == IeKind::EpsMobileIdentity);
                f.push((key, Value::Fields(id)));
                self.notes.extend(note);
            }
            IeKind::UeNetworkCapability => {
                f.hex(key, v);
                if let Some(&eea) = v.first() {
                    let eia = v.get(1).copied().unwrap_or(0);
                    f.text(
                        "ue_security_algorithms",
                        text::algorithm_lists(eea as u16, eia as u16, 8, 0),
                    );
                }
            }
            IeKind::ReplayedUeSecurityCapabilities => {
                f.hex(key, v);
                if v.len() >= 2 {
                    f.text(
                        "replayed_ue_security_algorithms",
                        text::algorithm_lists(v[0] as u16, v[1] as u16, 8, 0),
                    );
                }
            }
            IeKind::EsmContainer => {
                // An ESM message container holds one ESM message, not another container.
                match ie.esm_message().filter(|_| depth == 0) {
                    Some(m) => f.push((
                        key,
                        Value::Message(Box::new(NasMessage::of(&m, uplink, depth + 1))),
                    )),
                    None => {
                        f.push((key, Value::Raw(Octets::owned(v.to_vec()))));
                        self.notes
                            .push("ESM message container holds no known ESM message".into());
                    }
                }
            }
            IeKind::GenericContainerType => {
                *container_type = Some(o);
                f.int(key, o);
            }
            IeKind::GenericContainer => {
                f.int("generic_message_container_length", v.len() as u64);
                if *container_type == Some(HKEY_CONTAINER_TYPE) {
                    // The H_key delivery's container holds the key: key material, not raw.
                    f.push((key, Value::Key(KeyMaterial::owned(v.to_vec()))));
                    if whole.message_type == 0x68 {
                        if let Ok(b) = whole.encode() {
                            self.hkey(f, &b);
                        }
                    }
                } else {
                    f.push((key, Value::Raw(Octets::owned(v.to_vec()))));
                }
            }
        }
        if o & hidden != 0 && v.len() == 1 {
            f.int(spare_key, o & hidden);
        }
    }

    /// The H_key delivery of key-refresh.md section 6, the key itself redacted.
    fn hkey(&mut self, f: &mut Fields, plain: &[u8]) {
        match HkeyDelivery::decode(plain) {
            Ok(d) => {
                let mut h = Fields::default();
                h.int("refresh_counter", d.refresh_counter);
                h.text("kdf", d.kdf.name());
                h.int("h_key_length", d.h_key.len() as u64);
                h.push((
                    "h_key",
                    Value::Key(KeyMaterial::owned(d.h_key.expose().to_vec())),
                ));
                f.push(("h_key_delivery", Value::Fields(h)));
            }
            Err(e) => self.notes.push(format!("H_key container not read: {e}")),
        }
    }

    /// The names of this message and of the ESM message it carries.
    pub fn names(&self) -> Vec<&'static str> {
        let mut v = vec![self.name.unwrap_or("unknown")];
        if let Some(Value::Message(m)) = self.fields.get("esm_message_container") {
            v.extend(m.names());
        }
        v
    }

    /// Message types: (EMM types, ESM types) of this message and its ESM container.
    pub fn types(&self) -> (Vec<u8>, Vec<u8>) {
        let (mut emm, mut esm) = (Vec::new(), Vec::new());
        if self.pd == EPS_MM_PD {
            emm.push(self.message_type);
        } else {
            esm.push(self.message_type);
        }
        if let Some(Value::Message(m)) = self.fields.get("esm_message_container") {
            let (a, b) = m.types();
            emm.extend(a);
            esm.extend(b);
        }
        (emm, esm)
    }
}

/// What a NAS-PDU shows without keys: the security header, and the plain message where it
/// can be read; the octets keyhop cannot read are kept (raw) so the view encodes back
/// (`keyhop_codec::json::encode("nas", ...)`).
#[derive(Debug, Clone, PartialEq)]
pub struct NasView {
    /// Security header type (0 for plain and for ESM).
    pub security_header_type: u8,
    /// NAS-MAC (types 1-5) or short MAC (SERVICE REQUEST).
    pub mac: Option<Vec<u8>>,
    /// Sequence number (5 bits in a SERVICE REQUEST).
    pub sequence_number: Option<u8>,
    /// KSI of a SERVICE REQUEST.
    pub ksi: Option<u8>,
    /// True when the inner message of a ciphered type was read because it looked plain (EEA0).
    pub null_ciphering: bool,
    /// The plain message, when readable.
    pub message: Option<NasMessage>,
    /// Why nothing more was read.
    pub note: Option<String>,
    /// The message after a protected header that was not read (`message_octets`).
    pub message_octets: Option<Octets<'static>>,
    /// Octets after a SERVICE REQUEST's 4 (`trailing_octets`).
    pub trailing_octets: Option<Octets<'static>>,
    /// The whole PDU when no header or message was read (`octets`).
    pub octets: Option<Octets<'static>>,
}

impl NasView {
    /// Reads `pdu` without keys. `uplink`: the direction, where the caller knows it.
    pub fn of(pdu: &[u8], uplink: Option<bool>) -> NasView {
        let mut v = NasView {
            security_header_type: 0,
            mac: None,
            sequence_number: None,
            ksi: None,
            null_ciphering: false,
            message: None,
            note: None,
            message_octets: None,
            trailing_octets: None,
            octets: None,
        };
        let unknown = "not an EMM or ESM message of a known type";
        match pdu::decode_directed(pdu, uplink) {
            Err(e) => {
                v.note = Some(e.to_string());
                v.octets = Some(Octets::owned(pdu.to_vec()));
            }
            Ok(pdu::Message::Plain(m)) if m.known() => {
                v.message = Some(NasMessage::of(&m, uplink, 0));
            }
            Ok(pdu::Message::Plain(_)) => {
                v.note = Some(unknown.into());
                v.octets = Some(Octets::owned(pdu.to_vec()));
            }
            Ok(pdu::Message::Raw(o)) => {
                let sht = pdu[0] >> 4;
                if pdu[0] & 0x0f == EPS_MM_PD && (6..=11).contains(&sht) {
                    v.security_header_type = sht;
                    v.note = Some("reserved security header type".into());
                } else {
                    v.note = Some(unknown.into());
                }
                v.octets = Some(o);
            }
            Ok(pdu::Message::ServiceRequest(s)) => {
                v.security_header_type = s.header_type;
                v.ksi = Some(s.ksi);
                v.sequence_number = Some(s.sequence_number);
                v.mac = Some(s.short_mac.to_vec());
                if !s.trailing.as_bytes().is_empty() {
                    v.trailing_octets = Some(s.trailing);
                }
            }
            Ok(pdu::Message::Protected(p)) => {
                v.security_header_type = p.header_type.value();
                v.mac = Some(p.mac.to_vec());
                v.sequence_number = Some(p.sequence_number);
                match p.inner {
                    Inner::Plain(m) => {
                        // Ciphertext reads as a known plain message by chance about once in
                        // 150 messages (ESM: PD 2 and one of 27 types): the guess says so.
                        v.null_ciphering = p.header_type.is_ciphered();
                        v.message = Some(NasMessage::of(&m, uplink, 0));
                    }
                    Inner::Octets(o) => {
                        v.note = Some(
                            if p.header_type
                                == SecurityHeaderType::IntegrityProtectedPartiallyCiphered
                            {
                                "partially ciphered"
                            } else if p.header_type.is_ciphered() {
                                "ciphered"
                            } else {
                                unknown
                            }
                            .into(),
                        );
                        v.message_octets = Some(o);
                    }
                }
            }
        }
        v
    }

    /// The view of a deciphered message: `pdu`'s header, `plain` as its message.
    pub fn deciphered(pdu: &[u8], plain: &[u8], uplink: Option<bool>) -> NasView {
        let mut v = NasView::of(pdu, uplink);
        v.null_ciphering = false;
        v.message_octets = None;
        v.message = NasMessage::decode(plain, uplink);
        v.note = v
            .message
            .is_none()
            .then(|| "not an EMM or ESM message of a known type".into());
        v
    }

    /// The names of the message(s) for a summary line: `Service Request` for that header, the
    /// plain message and its ESM message, or `Ciphered` when unreadable.
    pub fn names(&self) -> Vec<&'static str> {
        if self.security_header_type >= 12 {
            return vec!["Service Request"];
        }
        match &self.message {
            Some(m) => m.names(),
            None if self.note.as_deref() == Some("ciphered") => vec!["Ciphered"],
            None => vec!["unknown"],
        }
    }
}

impl Serialize for NasView {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("security_header_type", &self.security_header_type)?;
        let sht = SecurityHeaderType::from_value(self.security_header_type);
        if sht != SecurityHeaderType::Plain {
            m.serialize_entry("security_header", &sht.name())?;
        }
        if let Some(mac) = &self.mac {
            let k = if self.security_header_type >= 12 {
                "short_mac"
            } else {
                "mac"
            };
            m.serialize_entry(k, &hex::encode(mac))?;
        }
        if let Some(k) = self.ksi {
            m.serialize_entry("ksi", &k)?;
        }
        if let Some(q) = self.sequence_number {
            m.serialize_entry("sequence_number", &q)?;
        }
        if self.null_ciphering {
            m.serialize_entry(
                "null_ciphering",
                "assumed: the octets read as a plain message",
            )?;
        }
        if let Some(msg) = &self.message {
            m.serialize_entry("message", msg)?;
        }
        if let Some(o) = &self.message_octets {
            m.serialize_entry("message_octets", o)?;
        }
        if let Some(o) = &self.trailing_octets {
            m.serialize_entry("trailing_octets", o)?;
        }
        if let Some(o) = &self.octets {
            m.serialize_entry("octets", o)?;
        }
        if let Some(n) = &self.note {
            m.serialize_entry("note", n)?;
        }
        m.end()
    }
}

/// Length of an IE on the wire.
fn wire_len(ie: &Ie) -> usize {
    let v = ie.octets().len();
    match ie.form {
        Form::V => v,
        Form::Tv => 1 + v,
        Form::Lv => 1 + v,
        Form::Tlv => 2 + v,
        Form::Lve => 2 + v,
        Form::Tlve => 3 + v,
        Form::Half => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(v: &impl Serialize) -> serde_json::Value {
        serde_json::to_value(v).unwrap()
    }

    #[test]
    fn every_name_is_unique_and_in_range() {
        let emm: Vec<_> = (0..=255u8).filter_map(emm_name).collect();
        let esm: Vec<_> = (0..=255u8).filter_map(esm_name).collect();
        assert_eq!((emm.len(), esm.len()), (32, 27));
        let mut all = emm.clone();
        all.extend(&esm);
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }

    #[test]
    fn security_mode_command() {
        // ttm4133_S1Handover frame 4.
        let pdu = hex::decode("37b2edaa9800075d010005f0f0c04060").unwrap();
        let v = NasView::of(&pdu, Some(false));
        let j = json(&v);
        assert_eq!(j["security_header_type"], 3);
        assert_eq!(j["mac"], "b2edaa98");
        assert_eq!(j["sequence_number"], 0);
        let m = &j["message"];
        assert_eq!(m["name"], "Security Mode Command");
        assert_eq!(m["ciphering_algorithm"], "EEA0");
        assert_eq!(m["integrity_algorithm"], "EIA1");
        assert_eq!(m["nas_key_set_identifier"]["ksi"], 0);
        assert_eq!(m["replayed_ue_security_capabilities"], "f0f0c04060");
        assert_eq!(
            m["replayed_ue_security_algorithms"],
            "EEA0 EEA1 EEA2 EEA3 / EIA0 EIA1 EIA2 EIA3"
        );
        assert!(m.get("notes").is_none(), "{m}");
    }

    #[test]
    fn attach_accept_with_null_ciphering() {
        // ttm4133_S1Handover frame 6: the NAS-PDU of InitialContextSetupRequest.
        let pdu = hex::decode("27de7d0b040107420249062000f110000100395201c101090908696e7465726e657405012d2d00022722808021100200001081068c60fe6683068c60fe62000d048c60fe66000d048c60fe62500bf600f110000201ce003f095949640101").unwrap();
        let v = NasView::of(&pdu, Some(false));
        assert!(v.null_ciphering);
        assert_eq!(
            v.names(),
            [
                "Attach Accept",
                "Activate Default EPS Bearer Context Request"
            ]
        );
        let j = json(&v);
        let m = &j["message"];
        assert_eq!(m["eps_attach_result"], "combined_eps_imsi_attach");
        assert_eq!(m["guti"]["type"], "guti");
        assert_eq!(m["guti"]["plmn"], "001-01");
        assert_eq!(m["guti"]["mme_group_id"], "0002");
        assert_eq!(m["guti"]["mme_code"], "01");
        assert_eq!(m["guti"]["m_tmsi"], "0xce003f09");
        assert_eq!(m["esm_message_container"]["eps_bearer_identity"], 5);
        assert_eq!(
            v.message.as_ref().unwrap().types(),
            (vec![0x42], vec![0xc1])
        );
    }

    #[test]
    fn ciphered_is_not_guessed() {
        // Security header type 2 whose octets are no plain message.
        let pdu = hex::decode("2767a1d4c5055e3e11da").unwrap();
        let v = NasView::of(&pdu, None);
        assert!(!v.null_ciphering);
        assert_eq!(v.names(), ["Ciphered"]);
        assert_eq!(json(&v)["note"], "ciphered");
    }

    #[test]
    fn identities_and_oddities() {
        // IDENTITY RESPONSE with IMSI 001010123456789.
        let m = NasMessage::decode(&hex::decode("0756080910101032547698").unwrap(), None).unwrap();
        let j = json(&m);
        assert_eq!(j["mobile_identity"]["imsi"], "001010123456789");
        assert!(j.get("notes").is_none());
        // 16 digits (even, no filler) and a non-BCD digit.
        let m = NasMessage::decode(&hex::decode("07560801101010325476a8").unwrap(), None).unwrap();
        let j = json(&m);
        assert_eq!(j["mobile_identity"]["imsi"], "00101012345678a");
        assert_eq!(j["notes"][0], "not a BCD digit: digit 15 is 0xa");
        let m = NasMessage::decode(&hex::decode("0756090110101032547698f1").unwrap(), None);
        let j = json(&m.unwrap());
        assert_eq!(j["mobile_identity"]["imsi"], "0010101234567891");
        assert_eq!(j["notes"][0], "IMSI of 16 digits (at most 15)");
        // Truncated: a note, no panic, at every length.
        let full = hex::decode("0756080910101032547698").unwrap();
        for n in 0..full.len() {
            let _ = NasMessage::decode(&full[..n], None);
        }
        let m = NasMessage::decode(&full[..6], None).unwrap();
        assert_eq!(m.notes, ["Identity Response ends early, at octet 3"]);
    }

    /// Hostile octets: random PDUs and every one-octet change of real ones are read without a
    /// panic, and their JSON is written (each header type, each EMM/ESM type reached).
    #[test]
    fn hostile_octets_never_panic() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let seeds = [
            "37b2edaa9800075d010005f0f0c04060",
            "27de7d0b040107420249062000f110000100395201c101090908696e7465726e657405012d2d00022722808021100200001081068c60fe6683068c60fe62000d048c60fe66000d048c60fe62500bf600f110000201ce003f095949640101",
            "074171080910101032547698200200",
            "0768f700150100070110000102030405060708090a0b0c0d0e0f",
        ];
        for seed in seeds {
            let b = hex::decode(seed).unwrap();
            for i in 0..b.len() {
                for v in [0u8, 0x07, 0x0f, 0x42, 0x50, 0x7f, 0x80, 0xff] {
                    let mut m = b.clone();
                    m[i] = v;
                    for up in [None, Some(true), Some(false)] {
                        let _ = serde_json::to_string(&NasView::of(&m, up)).unwrap();
                        let _ = serde_json::to_string(&NasView::of(&m[..i], up)).unwrap();
                    }
                }
            }
        }
        for _ in 0..20_000 {
            let n = (next() % 48) as usize;
            let mut m: Vec<u8> = (0..n).map(|_| next() as u8).collect();
            // Steer half of them into plain EMM / ESM headers and known types.
            if n >= 2 && next() % 2 == 0 {
                m[0] = if next() % 2 == 0 {
                    0x07
                } else {
                    0x02 | (m[0] & 0xf0)
                };
                let t = 0x41 + (next() % 0x29) as u8;
                m[1] = t;
                if n >= 3 {
                    m[2] = 0xc1 + (next() % 0x2b) as u8;
                }
            }
            let _ = serde_json::to_string(&NasView::of(&m, None)).unwrap();
        }
    }

    #[test]
    fn attach_reject_cause_and_hkey() {
        let m = NasMessage::decode(&[0x07, 0x44, 0x08], Some(false)).unwrap();
        let j = json(&m);
        assert_eq!(j["emm_cause"], 8);
        assert_eq!(
            j["emm_cause_name"],
            "EPS services and non-EPS services not allowed"
        );
        let d = hex::decode("0768f700150100070110000102030405060708090a0b0c0d0e0f").unwrap();
        let j = json(&NasMessage::decode(&d, Some(false)).unwrap());
        assert_eq!(j["h_key_delivery"]["refresh_counter"], 7);
        let key = j["h_key_delivery"]["h_key"].as_str().unwrap();
        assert!(key.starts_with("fp:"), "{key}");
        assert!(!j.to_string().contains("000102030405"));
    }
}
