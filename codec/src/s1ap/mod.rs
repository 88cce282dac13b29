//! S1AP, TS 36.413 (the release of pycrate's S1AP module: Rel-16 and later additions).
//!
//! [`decode`] and [`encode`] handle every S1AP PDU: the envelope ([`crate::ap`]) keeps IEs that
//! keyhop does not type as octets. [`S1apIe`] types the IEs of the handover, context setup /
//! release, NAS transport and S1 setup messages, and every extension IE of the release whose
//! type keyhop supports (see `types`: one Rust type per ASN.1 type). [`to_json`] gives the JSON
//! form of docs/json.md, [`summary`] a one-line description for the dissector.
//!
//! The tables (IE names, procedure and message names, the IEs of each message) and the IE types
//! are written from the ASN.1 by a generator, so they follow the release exactly.

mod tables;
mod types;

pub use tables::{
    ie_name, message_ies, message_name, procedure_criticality, IeSpec, Presence, S1apIe,
};
pub use types::*;

use crate::ap::common::{ApNames, Rng};
use crate::ap::{ApProtocol, Body, IeList, IeMessage, IeSet, Pdu, PduType};
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
}

/// An S1AP PDU with keyhop's typed IEs; PrivateMessage carries the MAKR private IEs (60001-60003) typed.
pub type S1apPdu<'a> = Pdu<'a, S1apIe<'a>, crate::makr::MakrPrivateIe<'a>>;

impl<'a> IeSet<'a> for S1apIe<'a> {
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
}

impl ApNames for S1apIe<'_> {
    const ECGI: [&'static str; 2] = ["plmn_identity", "cell_id"];
    const GLOBAL_ENB_ID: [&'static str; 2] = ["plmn_identity", "enb_id"];
}

/// Decodes an S1AP PDU.
pub fn decode(data: &[u8]) -> DecodeResult<S1apPdu<'_>> {
    S1apPdu::decode::<S1ap>(data)
}

/// Encodes an S1AP PDU.
pub fn encode(pdu: &S1apPdu<'_>) -> EncodeResult<Vec<u8>> {
    pdu.encode::<S1ap>()
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

/// IE ids of the UE identities and cause shown by [`summary`].
const ID_MME_UE_S1AP_ID: u16 = 0;
const ID_ENB_UE_S1AP_ID: u16 = 8;
const ID_CAUSE: u16 = 2;

/// One line for the dissector: message name, MME/eNB UE S1AP ids and the cause, if present.
pub fn summary(pdu: &S1apPdu<'_>) -> String {
    // write! appends in place: no temporary string per field.
    use std::fmt::Write as _;
    let mut s = pdu.message_name::<S1ap>().into_owned();
    if let Some(ies) = pdu.ies() {
        if let Some(S1apIe::MmeUeS1apId(v)) = ies.get(ID_MME_UE_S1AP_ID) {
            let _ = write!(s, " MME-UE-S1AP-ID={}", v.0);
        }
        if let Some(S1apIe::EnbUeS1apId(v)) = ies.get(ID_ENB_UE_S1AP_ID) {
            let _ = write!(s, " eNB-UE-S1AP-ID={}", v.0);
        }
        if let Some(S1apIe::Cause(c)) = ies.get(ID_CAUSE) {
            let _ = write!(s, " cause={}", cause_text(c));
        }
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
pub fn sample_message(name: &str, rng: &mut Rng) -> Option<S1apPdu<'static>> {
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
mod size_tests {
    /// Every IE value is moved into its list after decoding: the variants over 48 octets are
    /// boxed (BOXED in generate.py) so that each move stays a few register copies.
    #[test]
    fn ie_enum_stays_small() {
        let n = std::mem::size_of::<super::S1apIe<'static>>();
        assert!(n <= 56, "S1apIe is {n} octets: box the new large variants");
    }
}
