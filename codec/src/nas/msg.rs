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
use crate::nas::{NasPdu, SecurityHeaderType, EPS_MM_PD};
use crate::redact::KeyMaterial;
use crate::text;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// Protocol discriminator of EPS session management.
pub const EPS_SM_PD: u8 = 0x2;

/// The name of EMM message type `t` (TS 24.301 table 9.8.1).
pub fn emm_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0x41 => "Attach Request",
        0x42 => "Attach Accept",
        0x43 => "Attach Complete",
        0x44 => "Attach Reject",
        0x45 => "Detach Request",
        0x46 => "Detach Accept",
        0x48 => "Tracking Area Update Request",
        0x49 => "Tracking Area Update Accept",
        0x4a => "Tracking Area Update Complete",
        0x4b => "Tracking Area Update Reject",
        0x4c => "Extended Service Request",
        0x4d => "Control Plane Service Request",
        0x4e => "Service Reject",
        0x4f => "Service Accept",
        0x50 => "GUTI Reallocation Command",
        0x51 => "GUTI Reallocation Complete",
        0x52 => "Authentication Request",
        0x53 => "Authentication Response",
        0x54 => "Authentication Reject",
        0x55 => "Identity Request",
        0x56 => "Identity Response",
        0x5c => "Authentication Failure",
        0x5d => "Security Mode Command",
        0x5e => "Security Mode Complete",
        0x5f => "Security Mode Reject",
        0x60 => "EMM Status",
        0x61 => "EMM Information",
        0x62 => "Downlink NAS Transport",
        0x63 => "Uplink NAS Transport",
        0x64 => "CS Service Notification",
        0x68 => "Downlink Generic NAS Transport",
        0x69 => "Uplink Generic NAS Transport",
        _ => return None,
    })
}

/// The name of ESM message type `t` (TS 24.301 table 9.8.2).
pub fn esm_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0xc1 => "Activate Default EPS Bearer Context Request",
        0xc2 => "Activate Default EPS Bearer Context Accept",
        0xc3 => "Activate Default EPS Bearer Context Reject",
        0xc5 => "Activate Dedicated EPS Bearer Context Request",
        0xc6 => "Activate Dedicated EPS Bearer Context Accept",
        0xc7 => "Activate Dedicated EPS Bearer Context Reject",
        0xc9 => "Modify EPS Bearer Context Request",
        0xca => "Modify EPS Bearer Context Accept",
        0xcb => "Modify EPS Bearer Context Reject",
        0xcd => "Deactivate EPS Bearer Context Request",
        0xce => "Deactivate EPS Bearer Context Accept",
        0xd0 => "PDN Connectivity Request",
        0xd1 => "PDN Connectivity Reject",
        0xd2 => "PDN Disconnect Request",
        0xd3 => "PDN Disconnect Reject",
        0xd4 => "Bearer Resource Allocation Request",
        0xd5 => "Bearer Resource Allocation Reject",
        0xd6 => "Bearer Resource Modification Request",
        0xd7 => "Bearer Resource Modification Reject",
        0xd9 => "ESM Information Request",
        0xda => "ESM Information Response",
        0xdb => "Notification",
        0xdc => "ESM Dummy Message",
        0xe8 => "ESM Status",
        0xe9 => "Remote UE Report",
        0xea => "Remote UE Report Response",
        0xeb => "ESM Data Transport",
        _ => return None,
    })
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
}

/// Named values in wire order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(pub Vec<(&'static str, Value)>);

impl Fields {
    fn int(&mut self, k: &'static str, v: impl Into<u64>) {
        self.0.push((k, Value::Int(v.into())));
    }
    fn text(&mut self, k: &'static str, v: impl Into<String>) {
        self.0.push((k, Value::Text(v.into())));
    }
    fn hex(&mut self, k: &'static str, b: &[u8]) {
        self.text(k, hex::encode(b));
    }
    /// The value named `k`.
    pub fn get(&self, k: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| *n == k).map(|(_, v)| v)
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

/// Bounded reading of a message body: every read checks the length, and a short body becomes
/// a note instead of an error (the NAS-PDU is output only).
struct Body<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Body<'a> {
    fn u8(&mut self) -> Option<u8> {
        let v = *self.b.get(self.pos)?;
        self.pos += 1;
        Some(v)
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let v = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(v)
    }
    fn lv(&mut self) -> Option<&'a [u8]> {
        let n = self.u8()? as usize;
        self.take(n)
    }
    fn lve(&mut self) -> Option<&'a [u8]> {
        let n = u16::from_be_bytes([self.u8()?, self.u8()?]) as usize;
        self.take(n)
    }
    fn rest(&mut self) -> &'a [u8] {
        let r = self.b.get(self.pos..).unwrap_or_default();
        self.pos = self.b.len();
        r
    }
}

/// Optional IEs (TS 24.007 11.2.4): one-octet IEs have bit 8 of the IEI set; 0x7x IEIs are
/// TLV-E in EPS; `fixed` lists the IEIs of type 3 (TV) with their whole length; the rest are
/// TLV. Returns (IEI, value) pairs, or None when the IEs do not parse to the end.
fn optional_ies<'a>(b: &'a [u8], fixed: &[(u8, usize)]) -> Option<Vec<(u8, &'a [u8])>> {
    let mut r = Body { b, pos: 0 };
    let mut v = Vec::new();
    while r.pos < b.len() {
        let iei = r.u8()?;
        if iei & 0x80 != 0 {
            v.push((iei & 0xf0, &b[r.pos - 1..r.pos]));
        } else if iei & 0xf0 == 0x70 {
            v.push((iei, r.lve()?));
        } else if let Some(&(_, n)) = fixed.iter().find(|(i, _)| *i == iei) {
            v.push((iei, r.take(n - 1)?));
        } else {
            v.push((iei, r.lv()?));
        }
    }
    Some(v)
}

/// The fields of a mobile identity (TS 24.301 9.9.3.12 EPS mobile identity and TS 24.008
/// 10.5.1.4 mobile identity), and a note for its oddities.
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
    match (kind, eps) {
        (1, _) => {
            let (d, n) = digits(v);
            f.text("type", "imsi");
            if d.len() > 15 {
                note = Some(format!("IMSI of {} digits (at most 15)", d.len()));
            }
            f.text("imsi", d);
            note = note.or(n);
        }
        (2, false) | (3, true) => {
            let (d, n) = digits(v);
            f.text("type", "imei");
            f.text("imei", d);
            note = n;
        }
        (3, false) => {
            let (d, n) = digits(v);
            f.text("type", "imeisv");
            f.text("imeisv", d);
            note = n;
        }
        (6, true) if v.len() == 11 => {
            f.text("type", "guti");
            let plmn = &v[1..4];
            f.hex("plmn_identity", plmn);
            match text::plmn(plmn) {
                Some(p) => f.text("plmn", p),
                None => note = text::plmn_note(plmn),
            }
            f.text(
                "mme_group_id",
                format!("{:04x}", u16::from_be_bytes([v[4], v[5]])),
            );
            f.text("mme_code", format!("{:02x}", v[6]));
            f.text(
                "m_tmsi",
                text::teid(u32::from_be_bytes([v[7], v[8], v[9], v[10]])),
            );
        }
        (4, false) if v.len() == 5 => {
            f.text("type", "tmsi");
            f.text(
                "tmsi",
                text::teid(u32::from_be_bytes([v[1], v[2], v[3], v[4]])),
            );
        }
        _ => {
            f.int("type", kind);
            f.hex("value", v);
            note = Some(format!(
                "mobile identity of type {kind} and {} octets not read",
                v.len()
            ));
        }
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

impl NasMessage {
    /// Reads a plain NAS message (first octet: security header type 0 and PD 7, or an ESM
    /// header). `uplink` tells the direction where the caller knows it (the DETACH REQUEST
    /// differs). None when the octets are not a plain EMM/ESM message of a known type.
    pub fn decode(b: &[u8], uplink: Option<bool>) -> Option<NasMessage> {
        Self::decode_depth(b, uplink, 0)
    }

    fn decode_depth(b: &[u8], uplink: Option<bool>, depth: u8) -> Option<NasMessage> {
        let first = *b.first()?;
        let pd = first & 0x0f;
        let mut m = match pd {
            EPS_MM_PD if first >> 4 == 0 => {
                let t = *b.get(1)?;
                NasMessage {
                    pd,
                    message_type: t,
                    name: Some(emm_name(t)?),
                    fields: Fields::default(),
                    notes: Vec::new(),
                }
            }
            EPS_SM_PD => {
                let t = *b.get(2)?;
                let mut fields = Fields::default();
                fields.int("eps_bearer_identity", first >> 4);
                fields.int("procedure_transaction_identity", b[1]);
                NasMessage {
                    pd,
                    message_type: t,
                    name: Some(esm_name(t)?),
                    fields,
                    notes: Vec::new(),
                }
            }
            _ => return None,
        };
        if pd == EPS_MM_PD {
            let mut r = Body { b, pos: 2 };
            if m.emm_body(&mut r, uplink, depth).is_none() {
                m.notes.push(format!(
                    "{} ends early, at octet {}",
                    m.name.unwrap_or("message"),
                    r.pos.min(b.len())
                ));
            }
        }
        Some(m)
    }

    /// Reads the IEs of the EMM messages that matter; None if the body is short.
    fn emm_body(&mut self, r: &mut Body<'_>, uplink: Option<bool>, depth: u8) -> Option<()> {
        match self.message_type {
            // ATTACH REQUEST: NAS KSI | EPS attach type, EPS mobile identity, UE network
            // capability, ESM message container.
            0x41 => {
                let o = r.u8()?;
                self.fields.text(
                    "eps_attach_type",
                    match o & 0x07 {
                        1 => "eps_attach".into(),
                        2 => "combined_eps_imsi_attach".into(),
                        6 => "eps_emergency_attach".into(),
                        n => format!("reserved({n})"),
                    },
                );
                self.fields.0.push(("nas_key_set_identifier", ksi(o >> 4)));
                let id = r.lv()?;
                self.identity("eps_mobile_identity", id, true);
                let cap = r.lv()?;
                self.fields.hex("ue_network_capability", cap);
                if let Some(&eea) = cap.first() {
                    let eia = cap.get(1).copied().unwrap_or(0);
                    self.fields.text(
                        "ue_security_algorithms",
                        text::algorithm_lists(eea as u16, eia as u16, 8, 0),
                    );
                }
                let esm = r.lve()?;
                self.esm_container(esm, uplink, depth);
            }
            // ATTACH ACCEPT: spare | EPS attach result, T3412, TAI list, ESM message
            // container, then optional IEs (GUTI first).
            0x42 => {
                let o = r.u8()?;
                self.fields.text(
                    "eps_attach_result",
                    match o & 0x07 {
                        1 => "eps_only".into(),
                        2 => "combined_eps_imsi_attach".into(),
                        n => format!("reserved({n})"),
                    },
                );
                r.u8()?;
                r.lv()?;
                let esm = r.lve()?;
                self.esm_container(esm, uplink, depth);
                // LAI (13) and the timers (17, 59) are TV; EMM cause (53) too.
                self.optionals(r.rest(), &[(0x13, 6), (0x17, 2), (0x59, 2), (0x53, 2)]);
            }
            0x43 => {
                let esm = r.lve()?;
                self.esm_container(esm, uplink, depth);
            }
            // ATTACH REJECT, TAU REJECT, SERVICE REJECT, AUTHENTICATION FAILURE, SECURITY MODE
            // REJECT, EMM STATUS: the EMM cause first.
            0x44 | 0x4b | 0x4e | 0x5c | 0x5f | 0x60 => {
                let c = r.u8()?;
                self.cause(c);
            }
            0x45 => {
                let o = r.u8()?;
                let t = o & 0x07;
                let name = match (uplink, t) {
                    (Some(true), 1) => "eps_detach".into(),
                    (Some(true), 2) => "imsi_detach".into(),
                    (Some(true), 3) => "combined_eps_imsi_detach".into(),
                    (Some(false), 1) => "re_attach_required".into(),
                    (Some(false), 2) => "re_attach_not_required".into(),
                    (Some(false), 3) => "imsi_detach".into(),
                    (_, n) => format!("type {n}"),
                };
                self.fields.text("detach_type", name);
                self.fields.text(
                    "switch_off",
                    if o & 0x08 != 0 {
                        "switch_off"
                    } else {
                        "normal"
                    },
                );
                if uplink == Some(true) {
                    self.fields.0.push(("nas_key_set_identifier", ksi(o >> 4)));
                    let id = r.lv()?;
                    self.identity("eps_mobile_identity", id, true);
                } else if uplink == Some(false) {
                    self.optionals(r.rest(), &[(0x53, 2)]);
                }
            }
            // TRACKING AREA UPDATE REQUEST: NAS KSI | EPS update type, old GUTI.
            0x48 => {
                let o = r.u8()?;
                self.fields.text(
                    "eps_update_type",
                    match o & 0x07 {
                        0 => "ta_updating".into(),
                        1 => "combined_ta_la_updating".into(),
                        2 => "combined_ta_la_updating_with_imsi_attach".into(),
                        3 => "periodic_updating".into(),
                        n => format!("reserved({n})"),
                    },
                );
                self.fields.0.push(("nas_key_set_identifier", ksi(o >> 4)));
                let id = r.lv()?;
                self.identity("old_guti", id, true);
            }
            // TRACKING AREA UPDATE ACCEPT: spare | EPS update result, then optional IEs.
            0x49 => {
                let o = r.u8()?;
                self.fields.text(
                    "eps_update_result",
                    match o & 0x07 {
                        0 => "ta_updated".into(),
                        1 => "combined_ta_la_updated".into(),
                        4 => "ta_updated_and_isr_activated".into(),
                        5 => "combined_ta_la_updated_and_isr_activated".into(),
                        n => format!("reserved({n})"),
                    },
                );
                self.optionals(
                    r.rest(),
                    &[(0x5a, 2), (0x13, 6), (0x53, 2), (0x17, 2), (0x59, 2)],
                );
            }
            // EXTENDED SERVICE REQUEST: NAS KSI | service type, M-TMSI.
            0x4c => {
                let o = r.u8()?;
                self.fields.int("service_type", o & 0x0f);
                self.fields.0.push(("nas_key_set_identifier", ksi(o >> 4)));
                let id = r.lv()?;
                self.identity("m_tmsi", id, false);
            }
            0x50 => {
                let id = r.lv()?;
                self.identity("guti", id, true);
            }
            // AUTHENTICATION REQUEST: spare | NAS KSI (RAND and AUTN are not shown).
            0x52 => {
                let o = r.u8()?;
                self.fields
                    .0
                    .push(("nas_key_set_identifier", ksi(o & 0x0f)));
            }
            0x55 => {
                let o = r.u8()?;
                self.fields.text(
                    "identity_type",
                    match o & 0x07 {
                        1 => "imsi".into(),
                        2 => "imei".into(),
                        3 => "imeisv".into(),
                        4 => "tmsi".into(),
                        n => format!("reserved({n})"),
                    },
                );
            }
            0x56 => {
                let id = r.lv()?;
                self.identity("mobile_identity", id, false);
            }
            // SECURITY MODE COMMAND: selected algorithms, spare | NAS KSI, replayed UE security
            // capabilities, optional IEs.
            0x5d => {
                let alg = r.u8()?;
                self.fields.hex("selected_nas_security_algorithms", &[alg]);
                self.fields
                    .text("ciphering_algorithm", format!("EEA{}", (alg >> 4) & 0x07));
                self.fields
                    .text("integrity_algorithm", format!("EIA{}", alg & 0x07));
                let o = r.u8()?;
                self.fields
                    .0
                    .push(("nas_key_set_identifier", ksi(o & 0x0f)));
                let cap = r.lv()?;
                self.fields.hex("replayed_ue_security_capabilities", cap);
                if cap.len() >= 2 {
                    self.fields.text(
                        "replayed_ue_security_algorithms",
                        text::algorithm_lists(cap[0] as u16, cap[1] as u16, 8, 0),
                    );
                }
                self.optionals(r.rest(), &[(0x55, 5), (0x56, 5)]);
            }
            // SECURITY MODE COMPLETE: optional IMEISV (0x23).
            0x5e => self.optionals(r.rest(), &[]),
            // DOWNLINK GENERIC NAS TRANSPORT: container type, container, optional IEs.
            0x68 | 0x69 => {
                let t = r.u8()?;
                self.fields.int("generic_message_container_type", t);
                let c = r.lve()?;
                self.fields
                    .int("generic_message_container_length", c.len() as u64);
                if t == HKEY_CONTAINER_TYPE && self.message_type == 0x68 {
                    self.hkey(r.b);
                }
            }
            _ => {}
        }
        Some(())
    }

    fn identity(&mut self, name: &'static str, v: &[u8], eps: bool) {
        let (f, note) = mobile_identity(v, eps);
        self.fields.0.push((name, Value::Fields(f)));
        self.notes.extend(note);
    }

    fn cause(&mut self, c: u8) {
        self.fields.int("emm_cause", c);
        match emm_cause_name(c) {
            Some(n) => self.fields.text("emm_cause_name", n),
            None => self.fields.text("emm_cause_name", format!("unknown({c})")),
        }
    }

    fn esm_container(&mut self, esm: &[u8], uplink: Option<bool>, depth: u8) {
        // An ESM message container holds one ESM message, not another container.
        match (depth == 0).then(|| Self::decode_depth(esm, uplink, depth + 1)) {
            Some(Some(m)) => self
                .fields
                .0
                .push(("esm_message_container", Value::Message(Box::new(m)))),
            _ => self
                .notes
                .push("ESM message container holds no known ESM message".into()),
        }
    }

    fn optionals(&mut self, rest: &[u8], fixed: &[(u8, usize)]) {
        let Some(ies) = optional_ies(rest, fixed) else {
            self.notes
                .push("optional IEs do not parse to the end of the message".into());
            return;
        };
        for (iei, v) in ies {
            match iei {
                0x50 => self.identity("guti", v, true),
                0x23 => self.identity("mobile_identity", v, false),
                0x53 if v.len() == 1 => self.cause(v[0]),
                _ => {}
            }
        }
    }

    /// The H_key delivery of key-refresh.md section 6, the key itself redacted.
    fn hkey(&mut self, plain: &[u8]) {
        match HkeyDelivery::decode(plain) {
            Ok(d) => {
                let mut f = Fields::default();
                f.int("refresh_counter", d.refresh_counter);
                f.text("kdf", d.kdf.name());
                f.int("h_key_length", d.h_key.len() as u64);
                f.0.push((
                    "h_key",
                    Value::Key(KeyMaterial::owned(d.h_key.expose().to_vec())),
                ));
                self.fields.0.push(("h_key_delivery", Value::Fields(f)));
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
/// can be read.
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
        };
        match NasPdu::decode(pdu) {
            Err(e) => v.note = Some(e.to_string()),
            Ok(NasPdu::Plain(b)) => {
                v.message = NasMessage::decode(b, uplink);
                if v.message.is_none() {
                    v.note = Some("not an EMM or ESM message of a known type".into());
                }
            }
            Ok(NasPdu::Reserved(b)) => {
                v.security_header_type = b[0] >> 4;
                v.note = Some("reserved security header type".into());
            }
            Ok(NasPdu::ServiceRequest(s)) => {
                v.security_header_type = s.header_type;
                v.ksi = Some(s.ksi);
                v.sequence_number = Some(s.sequence_number);
                v.mac = Some(s.short_mac.to_vec());
            }
            Ok(NasPdu::Protected(p)) => {
                v.security_header_type = p.header_type.value();
                v.mac = Some(p.mac.to_vec());
                v.sequence_number = Some(p.sequence_number);
                let m = NasMessage::decode(p.message, uplink);
                if p.header_type.is_ciphered() {
                    // Ciphertext reads as a known plain message by chance about once in 150
                    // messages (ESM: PD 2 and one of 27 types): the guess says so.
                    v.null_ciphering = m.is_some();
                    if m.is_none() {
                        v.note = Some("ciphered".into());
                    }
                } else if m.is_none() {
                    v.note = Some("not an EMM or ESM message of a known type".into());
                }
                if p.header_type == SecurityHeaderType::IntegrityProtectedPartiallyCiphered {
                    v.note = Some("partially ciphered".into());
                } else {
                    v.message = m;
                }
            }
        }
        v
    }

    /// The view of a deciphered message: `pdu`'s header, `plain` as its message.
    pub fn deciphered(pdu: &[u8], plain: &[u8], uplink: Option<bool>) -> NasView {
        let mut v = NasView::of(pdu, uplink);
        v.null_ciphering = false;
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
        if let Some(n) = &self.note {
            m.serialize_entry("note", n)?;
        }
        m.end()
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
