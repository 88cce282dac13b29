//! S1AP, TS 36.413 (the release of pycrate's S1AP module: Rel-16 and later additions).
//!
//! [`decode`] and [`encode`] handle every S1AP PDU: the envelope ([`crate::ap`]) keeps IEs that
//! keyhop does not type as octets. [`S1apIe`] types the IEs of the handover, context setup /
//! release, NAS transport and S1 setup messages, and every extension IE of the release whose
//! type keyhop supports (see `types`: one Rust type per ASN.1 type). [`to_json`] gives the JSON
//! form of docs/json.md, [`summary`] a one-line description for the dissector.
//!
//! The tables (IE names, procedure and message names, the IEs of each message) and the IE types
//! are written from the ASN.1 by a generator (codec/gen/s1ap.py), so they follow the release
//! exactly: [`id`] has the ProtocolIE-ID of every IE, [`Procedure`] every procedure code, and
//! [`S1apIe`] one variant per typed IE. Each IE has a typed accessor on the IE list
//! (`ies.eutran_cgi()`, `ies.security_context_mut()`...), the common ones on the PDU too.
//!
//! ```
//! use keyhop_codec::s1ap::{self, id, Procedure, S1apIe};
//!
//! // HandoverNotify (TS 36.413 clause 9.1.5.9) from samples/s1-handover.pcapng.
//! let bytes = hex::decode(concat!(
//!     "00024027000004000000034001000008000340458a006440080000f1101a2b20100043",
//!     "40060000f1100001",
//! ))?;
//! let pdu = s1ap::decode(&bytes)?;
//! assert_eq!(pdu.procedure(), Procedure::HandoverNotification);
//! assert_eq!(pdu.message_name(), "HandoverNotify");
//! assert_eq!((pdu.mme_ue_s1ap_id(), pdu.enb_ue_s1ap_id()), (Some(256), Some(17802)));
//!
//! // The IE list: by accessor, or by id and variant.
//! let ies = pdu.ies().unwrap();
//! let cgi = ies.eutran_cgi().unwrap();
//! assert_eq!(cgi.plmn_identity.as_bytes(), [0x00, 0xf1, 0x10]);
//! assert!(matches!(ies.get(id::EUTRAN_CGI), Some(S1apIe::EutranCgi(c)) if c == cgi));
//! assert_eq!(s1ap::summary(&pdu), "HandoverNotify MME-UE-S1AP-ID=256 eNB-UE-S1AP-ID=17802");
//! assert_eq!(s1ap::encode(&pdu)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod container;
mod json;
mod tables;
mod types;

pub use container::{rrc_of_transparent, Transparent};

pub use tables::{
    id, ie_name, message_ies, message_name, procedure_criticality, IeSpec, Presence, Procedure,
    S1apIe,
};
pub use types::*;

use crate::ap::common::ApNames;
#[cfg(any(test, feature = "test-util"))]
use crate::ap::common::Rng;
use crate::ap::{ApProtocol, IeSet, Pdu, PduType};
use crate::error::{DecodeResult, EncodeResult, Protocol};
use crate::per::{PerReader, PerWriter};
use serde::ser::{Serialize, Serializer};

/// The S1AP protocol (procedure codes, message names, PrivateMessage code 39).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct S1ap;

impl ApProtocol for S1ap {
    const PROTOCOL: Protocol = Protocol::S1ap;
    const PRIVATE_MESSAGE_CODE: u8 = 39;
    fn message_name(procedure_code: u8, pdu_type: PduType) -> Option<&'static str> {
        tables::message_name(procedure_code, pdu_type)
    }
    fn message_ie_criticality(message: &str, id: u16) -> Option<crate::ap::Criticality> {
        tables::message_ies(message)?
            .iter()
            .find(|s| s.0 == id)
            .map(|s| s.1)
    }
}

/// An S1AP PDU with keyhop's typed IEs; PrivateMessage carries the MAKR private IEs (60001-60003) typed.
///
/// The IE set names the protocol ([`IeSet::Protocol`]), so the PDU names its messages without
/// being told; naming another protocol does not compile:
///
/// ```compile_fail
/// fn name(p: &keyhop_codec::s1ap::S1apPdu<'_>) -> String {
///     p.message_name::<keyhop_codec::x2ap::X2ap>().into_owned()
/// }
/// ```
pub type S1apPdu<'a> = Pdu<'a, S1apIe<'a>, crate::makr::MakrPrivateIe<'a>>;

impl<'a> IeSet<'a> for S1apIe<'a> {
    type Protocol = S1ap;
    fn knows(id: u16) -> bool {
        S1apIe::knows(id)
    }
    fn decode(id: u16, r: &mut PerReader<'a>) -> DecodeResult<Self> {
        S1apIe::decode(id, r)
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        S1apIe::encode(self, w)
    }
    fn name(id: u16) -> Option<&'static str> {
        tables::ie_name(id)
    }
    fn default_criticality(id: u16) -> Option<crate::ap::Criticality> {
        json::default_criticality(id)
    }
}

impl ApNames for S1apIe<'_> {
    const ECGI: [&'static str; 2] = ["plmn_identity", "cell_id"];
    const GLOBAL_ENB_ID: [&'static str; 2] = ["plmn_identity", "enb_id"];
}

/// The message of this protocol, as every protocol module names it ([`decode`] gives one).
pub type Message<'a> = S1apPdu<'a>;

/// Decodes an S1AP PDU (the whole of `data`).
pub fn decode(data: &[u8]) -> DecodeResult<Message<'_>> {
    S1apPdu::decode::<S1ap>(data)
}

/// Encodes an S1AP PDU: byte for byte what [`decode`] read, unless a value was changed.
pub fn encode(pdu: &Message<'_>) -> EncodeResult<Vec<u8>> {
    pdu.encode::<S1ap>()
}

/// What people reach for in an S1AP PDU. Every IE has its accessor on the IE list
/// (`pdu.ies()?.security_context()`, generated from the ASN.1); these are the common ones on the
/// PDU itself. Editing through a `_mut` accessor drops the IE's octets as received, so the
/// edited value is what [`encode`] writes.
impl<'a> S1apPdu<'a> {
    /// The elementary procedure (open: a code of a later release is `Procedure::Unknown`).
    pub fn procedure(&self) -> Procedure {
        Procedure::from_value(self.procedure_code)
    }

    /// MME-UE-S1AP-ID (`id-MME-UE-S1AP-ID`, TS 36.413 clause 9.2.3.3).
    pub fn mme_ue_s1ap_id(&self) -> Option<u32> {
        self.ies()?.mme_ue_s1ap_id().map(|v| v.0 as u32)
    }

    /// eNB-UE-S1AP-ID (`id-eNB-UE-S1AP-ID`, TS 36.413 clause 9.2.3.4).
    pub fn enb_ue_s1ap_id(&self) -> Option<u32> {
        self.ies()?.enb_ue_s1ap_id().map(|v| v.0 as u32)
    }

    /// Cause (`id-Cause`, TS 36.413 clause 9.2.1.3).
    pub fn cause(&self) -> Option<&Cause<'a>> {
        self.ies()?.cause()
    }

    /// The NAS-PDU octets (`id-NAS-PDU`, TS 36.413 clause 9.2.3.5).
    pub fn nas_pdu(&self) -> Option<&[u8]> {
        self.ies()?.nas_pdu().map(|v| v.as_bytes())
    }

    /// Security Context: NCC and NH (`id-SecurityContext`, TS 36.413 clause 9.2.1.26).
    pub fn security_context(&self) -> Option<&SecurityContext<'a>> {
        self.ies()?.security_context()
    }

    /// Security Context for editing (the IE's octets as received are dropped).
    pub fn security_context_mut(&mut self) -> Option<&mut SecurityContext<'a>> {
        self.ies_mut()?.security_context_mut()
    }

    /// Security Key, the KeNB of an initial context setup (`id-SecurityKey`, clause 9.2.1.41).
    pub fn security_key(&self) -> Option<&crate::ap::common::KeyBits<'a, 256>> {
        self.ies()?.security_key()
    }

    /// UE Security Capabilities (`id-UESecurityCapabilities`, TS 36.413 clause 9.2.1.40).
    pub fn ue_security_capabilities(
        &self,
    ) -> Option<&crate::ap::common::UeSecurityCapabilities<'a, S1apIe<'a>>> {
        self.ies()?.ue_security_capabilities()
    }

    /// Target ID of a handover (`id-TargetID`, TS 36.413 clause 9.2.1.6).
    pub fn target_id(&self) -> Option<&TargetId<'a>> {
        self.ies()?.target_id()
    }

    /// Handover Type (`id-HandoverType`, TS 36.413 clause 9.2.1.13).
    pub fn handover_type(&self) -> Option<HandoverType> {
        self.ies()?.handover_type().copied()
    }

    /// The Source to Target Transparent Container octets (`id-Source-ToTarget-TransparentContainer`,
    /// TS 36.413 clause 9.2.1.56).
    pub fn source_to_target_container(&self) -> Option<&[u8]> {
        self.ies()?
            .source_to_target_transparent_container()
            .map(|v| v.as_bytes())
    }

    /// The Target to Source Transparent Container octets (`id-Target-ToSource-TransparentContainer`,
    /// TS 36.413 clause 9.2.1.57).
    pub fn target_to_source_container(&self) -> Option<&[u8]> {
        self.ies()?
            .target_to_source_transparent_container()
            .map(|v| v.as_bytes())
    }
}

/// The JSON form of a PDU (docs/json.md): `message`, `procedure_code`, `pdu_type`,
/// `criticality`, then the IEs by name.
pub struct S1apJson<'r, 'a>(pub &'r S1apPdu<'a>);

impl Serialize for S1apJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with::<S1ap, S>(s)
    }
}

/// Wraps a PDU for serialization (`serde_json::to_string(&s1ap::to_json(&pdu))`).
pub fn to_json<'r, 'a>(pdu: &'r S1apPdu<'a>) -> S1apJson<'r, 'a> {
    S1apJson(pdu)
}

/// One line for the dissector: message name, MME/eNB UE S1AP ids and the cause, if present.
pub fn summary(pdu: &S1apPdu<'_>) -> String {
    // write! appends in place: no temporary string per field.
    use std::fmt::Write as _;
    let mut s = pdu.message_name().into_owned();
    if let Some(v) = pdu.mme_ue_s1ap_id() {
        let _ = write!(s, " MME-UE-S1AP-ID={v}");
    }
    if let Some(v) = pdu.enb_ue_s1ap_id() {
        let _ = write!(s, " eNB-UE-S1AP-ID={v}");
    }
    if let Some(c) = pdu.cause() {
        let _ = write!(s, " cause={}", cause_text(c));
    }
    s
}

/// `group/value`, e.g. `radio_network/handover_desirable_for_radio_reason`.
fn cause_text(c: &Cause<'_>) -> String {
    match c {
        Cause::RadioNetwork(v) => format!("radio_network/{}", v.name()),
        Cause::Transport(v) => format!("transport/{}", v.name()),
        Cause::Nas(v) => format!("nas/{}", v.name()),
        Cause::Protocol(v) => format!("protocol/{}", v.name()),
        Cause::Misc(v) => format!("misc/{}", v.name()),
        Cause::Unknown(i, _) => format!("unknown({i})"),
    }
}

/// The message of `name` with every mandatory typed IE and a random half of the optional ones,
/// all with random values (for property and interoperability tests). `None` for a message
/// keyhop does not know or PrivateMessage.
#[cfg(any(test, feature = "test-util"))]
pub fn sample_message(name: &str, rng: &mut Rng) -> Option<S1apPdu<'static>> {
    use crate::ap::{Body, IeList, IeMessage};
    let specs = tables::message_ies(name)?;
    let (code, pdu_type) = (0u8..=255).find_map(|c| {
        [
            PduType::InitiatingMessage,
            PduType::SuccessfulOutcome,
            PduType::UnsuccessfulOutcome,
        ]
        .into_iter()
        .find(|t| tables::message_name(c, *t) == Some(name))
        .map(|t| (c, t))
    })?;
    let mut ies = IeList::new();
    for &(id, criticality, presence) in specs {
        if presence != Presence::Mandatory && rng.chance(1, 2) {
            continue;
        }
        if let Some(v) = S1apIe::sample(id, rng, 0) {
            ies.push(id, criticality, v);
        }
    }
    Some(Pdu {
        pdu_type: Some(pdu_type),
        ext_index: 0,
        procedure_code: code,
        criticality: tables::procedure_criticality(code)?,
        body: Body::Ies(IeMessage::new(ies)),
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod table_tests {
    use super::*;

    /// Each typed IE decodes into its own variant, which names its id back: a value of one IE
    /// can no longer pass for another that shares its type (NAS-PDU and the transparent
    /// containers were once one variant).
    #[test]
    fn every_typed_ie_has_its_own_variant() {
        let mut rng = Rng::new(3);
        let mut typed = 0;
        for id in 0..=u16::MAX {
            if !S1apIe::knows(id) {
                assert!(S1apIe::sample(id, &mut rng, 0).is_none());
                continue;
            }
            typed += 1;
            let v = S1apIe::sample(id, &mut rng, 0).expect("a typed IE samples");
            assert_eq!(v.id(), id, "{}", ie_name(id).unwrap_or("?"));
            let mut w = PerWriter::new(crate::error::Protocol::S1ap);
            v.encode(&mut w).unwrap();
            let b = w.into_bytes();
            let back = S1apIe::decode(id, &mut PerReader::new(&b, crate::error::Protocol::S1ap));
            assert_eq!(back.unwrap(), v, "{}", ie_name(id).unwrap_or("?"));
        }
        assert!(typed > 200, "{typed}");
        assert_eq!(id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER, 104);
        assert_eq!(
            S1apIe::from_octets(id::NAS_PDU, crate::Octets::owned(vec![7])).map(|v| v.id()),
            Some(id::NAS_PDU)
        );
        assert!(S1apIe::from_octets(id::CAUSE, crate::Octets::owned(vec![7])).is_none());
    }

    /// Procedure codes keep unknown values and name every message both ways.
    #[test]
    fn procedures_are_open_and_name_their_messages() {
        assert_eq!(
            Procedure::from_value(1),
            Procedure::HandoverResourceAllocation
        );
        assert_eq!(Procedure::from_value(250), Procedure::Unknown(250));
        assert_eq!(Procedure::Unknown(250).value(), 250);
        for &p in Procedure::KNOWN {
            for t in [
                PduType::InitiatingMessage,
                PduType::SuccessfulOutcome,
                PduType::UnsuccessfulOutcome,
            ] {
                if let Some(name) = p.message_name(t) {
                    assert_eq!(Procedure::of_message(name), Some((p, t)), "{name}");
                }
            }
        }
    }

    /// Editing through an accessor drops the IE's octets as received, so the edit is encoded.
    #[test]
    fn editing_a_value_drops_the_kept_wire_octets() {
        let mut rng = Rng::new(5);
        let mut pdu = sample_message("HandoverRequest", &mut rng).unwrap();
        let bytes = encode(&pdu).unwrap();
        let mut pdu2 = decode(&bytes).unwrap().clone();
        // Pretend a stack sent the Security Context in a non-canonical form.
        let ie = pdu2
            .ies_mut()
            .unwrap()
            .items
            .iter_mut()
            .find(|ie| ie.id == id::SECURITY_CONTEXT)
            .unwrap();
        ie.wire = Some(crate::Octets::owned(vec![0xee; 33]));
        pdu2.security_context_mut()
            .unwrap()
            .next_hop_chaining_count
            .0 = 5;
        let edited = encode(&pdu2).unwrap();
        let again = decode(&edited).unwrap();
        assert_eq!(
            again.security_context().unwrap().next_hop_chaining_count.0,
            5
        );
        pdu.security_context_mut()
            .unwrap()
            .next_hop_chaining_count
            .0 = 5;
        assert_eq!(encode(&pdu).unwrap(), encode(&again).unwrap());
    }
}

#[cfg(test)]
mod size_tests {
    /// Every IE value is moved into its list after decoding: the variants over 48 octets are
    /// boxed (BOXED in codec/gen/s1ap.py) so that each move stays a few register copies.
    #[test]
    fn ie_enum_stays_small() {
        let n = std::mem::size_of::<super::S1apIe<'static>>();
        assert!(n <= 56, "S1apIe is {n} octets: box the new large variants");
    }
}
