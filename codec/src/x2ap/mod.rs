//! X2AP, TS 36.423 (the release of pycrate's X2AP module: Rel-16).
//!
//! [`decode`] and [`encode`] handle every X2AP PDU: the envelope ([`crate::ap`]) keeps IEs that
//! keyhop does not type as octets and re-encodes them unchanged. [`X2apIe`] types every IE of the
//! handover preparation, SN status transfer, UE context release, handover cancel, handover
//! report, X2 setup and eNB configuration update messages, and the MAKR IE 60004
//! ([`crate::makr::WrappedKeNB`], HandoverRequest, criticality reject). The IE types (module
//! `ies`) and the tables of names and procedures are generated from the ASN.1 by
//! codec/gen/x2ap.py, so constraints and optionality are those of the release.
//!
//! [`to_json`] gives the JSON form of docs/json.md, [`summary`] one line for the dissector, and
//! [`served_cells`] what X2 setup and configuration update say about the eNB behind an address.
//!
//! ```
//! use keyhop_codec::x2ap::{self, id, X2apIe};
//!
//! // UEContextRelease (TS 36.423 clause 9.1.1.5) from samples/x2-handover.pcapng.
//! let bytes = hex::decode("0005400f000002000a0002000a000900020014")?;
//! let pdu = x2ap::decode(&bytes)?;
//! assert_eq!(pdu.message_name(), "UEContextRelease");
//! let ies = pdu.ies().unwrap();
//! assert!(matches!(ies.get(id::OLD_ENB_UE_X2AP_ID), Some(X2apIe::OldEnbUeX2apId(v)) if v.0 == 10));
//! assert!(matches!(ies.get(id::NEW_ENB_UE_X2AP_ID), Some(X2apIe::NewEnbUeX2apId(v)) if v.0 == 20));
//! assert_eq!(x2ap::encode(&pdu)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod ies;
mod json;

pub use ies::*;

#[allow(unused_imports)]
use crate::ap::common::*;
use crate::ap::{ApProtocol, Criticality, IeSet, NoPrivateIes, Pdu, PduType};
use crate::error::{DecodeResult, EncodeResult, ErrorKind, Protocol};
use crate::makr::{WrappedKeNB, ID_WRAPPED_KENB};
use crate::per::{PerReader, PerWriter};
use serde::ser::{Serialize, Serializer};

/// The X2AP protocol (procedure codes, message names, PrivateMessage code 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct X2ap;

/// Procedure code of X2AP PrivateMessage (id-privateMessage).
pub const PRIVATE_MESSAGE_CODE: u8 = 11;

impl ApProtocol for X2ap {
    const PROTOCOL: Protocol = Protocol::X2ap;
    const PRIVATE_MESSAGE_CODE: u8 = PRIVATE_MESSAGE_CODE;
    fn message_name(procedure_code: u8, pdu_type: PduType) -> Option<&'static str> {
        ies::message(procedure_code, pdu_type).map(|m| m.0)
    }
    fn message_ie_criticality(message: &str, id: u16) -> Option<Criticality> {
        ies::message_ies(message)
            .iter()
            .find(|s| s.0 == id)
            .map(|s| s.1)
    }
}

/// An X2AP PDU with keyhop's typed IEs.
pub type X2apPdu<'a> = Pdu<'a, X2apIe<'a>, NoPrivateIes>;

/// The message of this protocol, as every protocol module names it ([`decode`] gives one).
pub type Message<'a> = X2apPdu<'a>;

macro_rules! define_ies {
    ($($id:literal => $var:ident($ty:ty) = $name:literal,)*) => {
        /// The X2AP IE values keyhop types, one variant per IE id (JSON: the value alone).
        // One value per IE of a decoded PDU: the size of the largest variant costs less than
        // a box per IE.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum X2apIe<'a> {
            $(
                #[doc = concat!("IE ", stringify!($id), " `", $name, "`.")]
                $var($ty),
            )*
            /// IE 60004 `wrapped_kenb`: the MAKR WrappedKeNB of a HandoverRequest (boxed, as
            /// the other values over 48 octets).
            WrappedKenb(Box<WrappedKeNB<'a>>),
        }

        impl<'a> X2apIe<'a> {
            /// The IE id this value belongs to.
            pub fn id(&self) -> u16 {
                match self {
                    $( X2apIe::$var(_) => $id, )*
                    X2apIe::WrappedKenb(_) => ID_WRAPPED_KENB,
                }
            }
        }

        #[cfg(any(test, feature = "test-util"))]
        impl<'a: 'static> X2apIe<'a> {
            /// A random value of IE `id` (`None` if keyhop does not type it), for tests.
            pub fn sample(id: u16, rng: &mut Rng, depth: u32) -> Option<Self> {
                Some(match id {
                    $( $id => X2apIe::$var(<$ty as Sample>::sample(rng, depth)), )*
                    _ => return None,
                })
            }
        }

        impl<'a> IeSet<'a> for X2apIe<'a> {
            type Protocol = X2ap;
            fn knows(id: u16) -> bool {
                matches!(id, $( $id )|* | ID_WRAPPED_KENB)
            }
            fn decode(id: u16, r: &mut PerReader<'a>) -> DecodeResult<Self> {
                match id {
                    $( $id => Ok(X2apIe::$var(<$ty as Aper>::decode(r)?)), )*
                    ID_WRAPPED_KENB => Ok(X2apIe::WrappedKenb(Box::new(WrappedKeNB::decode(r)?))),
                    _ => Err(r.error(ErrorKind::Invalid, "IE id not typed")),
                }
            }
            fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
                match self {
                    $( X2apIe::$var(v) => Aper::encode(v, w), )*
                    X2apIe::WrappedKenb(v) => v.encode(w),
                }
            }
            fn name(id: u16) -> Option<&'static str> {
                ies::ie_name(id)
            }
            fn default_criticality(id: u16) -> Option<Criticality> {
                json::default_criticality(id)
            }
        }

        impl<'a> crate::json::IeSetJson<'a> for X2apIe<'a> {
            fn from_json(
                id: u16,
                v: &serde_json::Value,
                path: &str,
            ) -> Result<Self, crate::json::JsonError> {
                use crate::json::FromJson;
                Ok(match id {
                    $( $id => X2apIe::$var(FromJson::from_json(v, path)?), )*
                    ID_WRAPPED_KENB => X2apIe::WrappedKenb(FromJson::from_json(v, path)?),
                    _ => return Err(crate::json::JsonError::at(path, "IE not typed")),
                })
            }
            fn id_of(name: &str) -> Option<u16> {
                Some(match name {
                    $( $name => $id, )*
                    "wrapped_kenb" => ID_WRAPPED_KENB,
                    _ => return None,
                })
            }
            fn wire_json(id: u16, wire: &[u8]) -> Option<serde_json::Value> {
                let mut r = PerReader::new(wire, Protocol::X2ap);
                let v = <X2apIe<'_> as IeSet<'_>>::decode(id, &mut r).ok()?;
                r.finish().ok()?;
                serde_json::to_value(&v).ok()
            }
        }
    };
}

ies::x2ap_typed_ies!(define_ies);

impl ApNames for X2apIe<'_> {
    const ECGI: [&'static str; 2] = ["plmn_identity", "eutran_cell_identifier"];
    const GLOBAL_ENB_ID: [&'static str; 2] = ["plmn_identity", "enb_id"];
}

/// ExpectedActivityPeriod / ExpectedIdlePeriod ::= INTEGER (1..30|40|50|60|80|100|120|150|180|
/// 181, ...): the root is a value set, so a value outside it (31, 45...) is an extension value
/// (X.691 13.2.6), encoded after an extension bit as an unconstrained number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExpectedPeriod {
    /// The number of seconds.
    pub value: i64,
    /// The value came as a constrained number in 1..181 although it is not in the root (a
    /// sender's mistake keyhop accepts): kept so that the re-encoding is the same.
    pub root_form: bool,
}

impl ExpectedPeriod {
    const SET: [i64; 9] = [40, 50, 60, 80, 100, 120, 150, 180, 181];

    /// A period of `value` seconds.
    pub fn new(value: i64) -> Self {
        ExpectedPeriod {
            value,
            root_form: false,
        }
    }

    /// Whether `v` is in the extension root.
    pub fn in_root(v: i64) -> bool {
        (1..=30).contains(&v) || Self::SET.contains(&v)
    }
}

impl Serialize for ExpectedPeriod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.value)
    }
}

impl<'a> Aper<'a> for ExpectedPeriod {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        if r.read_bool()? {
            return Ok(ExpectedPeriod::new(r.unconstrained_whole()?));
        }
        let value = r.constrained_whole(1, 181)?;
        Ok(ExpectedPeriod {
            value,
            root_form: !Self::in_root(value),
        })
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        let root = self.root_form || Self::in_root(self.value);
        w.write_bool(!root);
        if root {
            w.constrained_whole(self.value, 1, 181)
        } else {
            w.unconstrained_whole(self.value);
            Ok(())
        }
    }
}

/// A number; a value in 1..=181 outside the root that came in the root's form keeps that form
/// through `wire` of its IE (docs/json.md, Re-encoding).
impl<'a> crate::json::FromJson<'a> for ExpectedPeriod {
    fn from_json(v: &serde_json::Value, path: &str) -> Result<Self, crate::json::JsonError> {
        Ok(ExpectedPeriod::new(crate::json::int(v, path)?))
    }
}

#[cfg(any(test, feature = "test-util"))]
impl Sample for ExpectedPeriod {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        match rng.below(8) {
            0 => ExpectedPeriod::new(Self::SET[rng.below(9) as usize]),
            1 => ExpectedPeriod::new(182 + rng.below(1000) as i64),
            _ => ExpectedPeriod::new(rng.int_in(1, 30)),
        }
    }
}

/// Decodes an X2AP PDU.
pub fn decode(data: &[u8]) -> DecodeResult<Message<'_>> {
    X2apPdu::decode::<X2ap>(data)
}

/// Encodes an X2AP PDU.
pub fn encode(pdu: &Message<'_>) -> EncodeResult<Vec<u8>> {
    pdu.encode::<X2ap>()
}

impl X2apPdu<'_> {
    /// The elementary procedure (open: a code of a later release is `Procedure::Unknown`).
    ///
    /// ```
    /// use keyhop_codec::{ap::PduType, x2ap::{self, Procedure}};
    ///
    /// let bytes = hex::decode("0005400f000002000a0002000a000900020014")?;
    /// let pdu = x2ap::decode(&bytes)?;
    /// assert_eq!(pdu.procedure(), Procedure::UeContextRelease);
    /// assert_eq!(
    ///     Procedure::of_message("HandoverRequest"),
    ///     Some((Procedure::HandoverPreparation, PduType::InitiatingMessage))
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn procedure(&self) -> Procedure {
        Procedure::from_value(self.procedure_code)
    }
}

/// The JSON form of a PDU (docs/json.md): `message`, `procedure_code`, `pdu_type`,
/// `criticality`, then the IEs by name.
pub struct X2apJson<'r, 'a>(pub &'r X2apPdu<'a>);

impl Serialize for X2apJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with::<X2ap, S>(s)
    }
}

/// Wraps a PDU for serialization (`serde_json::to_string(&x2ap::to_json(&pdu))`).
pub fn to_json<'r, 'a>(pdu: &'r X2apPdu<'a>) -> X2apJson<'r, 'a> {
    X2apJson(pdu)
}

/// The criticality of procedure `code` (as its PDU table gives it).
pub fn procedure_criticality(code: u8) -> Option<Criticality> {
    [
        PduType::InitiatingMessage,
        PduType::SuccessfulOutcome,
        PduType::UnsuccessfulOutcome,
    ]
    .into_iter()
    .find_map(|t| ies::message(code, t).map(|m| m.1))
}

/// One line for the dissector: message name, old/new eNB UE X2AP ids, target cell, cause and
/// whether a MAKR WrappedKeNB is present.
pub fn summary(pdu: &X2apPdu<'_>) -> String {
    // write! appends in place: no temporary string per field.
    use std::fmt::Write as _;
    let mut s = pdu.message_name::<X2ap>().into_owned();
    if let Some(ies) = pdu.ies() {
        if let Some(X2apIe::OldEnbUeX2apId(v)) = ies.get(id::OLD_ENB_UE_X2AP_ID) {
            let _ = write!(s, " old-eNB-UE-X2AP-ID={}", v.0);
        }
        if let Some(X2apIe::NewEnbUeX2apId(v)) = ies.get(id::NEW_ENB_UE_X2AP_ID) {
            let _ = write!(s, " new-eNB-UE-X2AP-ID={}", v.0);
        }
        if let Some(X2apIe::TargetCellId(e)) = ies.get(id::TARGET_CELL_ID) {
            let _ = write!(
                s,
                " target={}:{:07x}",
                crate::text::plmn_or_hex(e.plmn_identity.as_bytes()),
                e.cell_id.0
            );
        }
        if let Some(X2apIe::GlobalEnbId(g)) = ies.get(id::GLOBAL_ENB_ID) {
            let _ = write!(
                s,
                " eNB={}:{}",
                crate::text::plmn_or_hex(g.plmn_identity.as_bytes()),
                enb_id_text(&g.enb_id)
            );
        }
        if let Some(X2apIe::Cause(c)) = ies.get(id::CAUSE) {
            let _ = write!(s, " cause={}", cause_text(c));
        }
        if ies.get(id::WRAPPED_KENB).is_some() {
            s.push_str(" wrapped-KeNB");
        }
    }
    s
}

fn enb_id_text(e: &crate::ap::common::EnbId<'_>) -> String {
    use crate::ap::common::EnbId;
    match e {
        EnbId::Macro(v) => format!("macro:{:x}", v.0),
        EnbId::Home(v) => format!("home:{:x}", v.0),
        EnbId::ShortMacro(v) => format!("short-macro:{:x}", v.0),
        EnbId::LongMacro(v) => format!("long-macro:{:x}", v.0),
        EnbId::Unknown(i, _) => format!("unknown({i})"),
    }
}

/// `group/value`, e.g. `radio_network/handover_desirable_for_radio_reasons`.
fn cause_text(c: &Cause<'_>) -> String {
    match c {
        Cause::RadioNetwork(v) => format!("radio_network/{}", v.name()),
        Cause::Transport(v) => format!("transport/{}", v.name()),
        Cause::Protocol(v) => format!("protocol/{}", v.name()),
        Cause::Misc(v) => format!("misc/{}", v.name()),
        Cause::Unknown(i, _) => format!("unknown({i})"),
    }
}

/// What an X2 Setup or eNB Configuration Update tells about the eNB that sent it: its global
/// ID (X2 setup only) and the cells it serves (added or modified), with the cells it deleted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServedCellsView<'r, 'a> {
    /// GlobalENB-ID, if the message carries it.
    pub global_enb_id: Option<&'r crate::ap::common::GlobalEnbId<'a, X2apIe<'a>>>,
    /// Cells served (ServedCells, ServedCellsToAdd, the new information of ServedCellsToModify).
    pub cells: Vec<&'r ServedCellInformation<'a>>,
    /// Cells no longer served (ServedCellsToDelete, the old ECGIs of ServedCellsToModify).
    pub deleted: Vec<&'r crate::ap::common::Ecgi<'a, X2apIe<'a>>>,
}

/// The served-cell information of an X2 Setup Request/Response or an eNB Configuration Update
/// (empty for other messages).
pub fn served_cells<'r, 'a>(pdu: &'r X2apPdu<'a>) -> ServedCellsView<'r, 'a> {
    let mut v = ServedCellsView::default();
    let Some(ies) = pdu.ies() else {
        return v;
    };
    for ie in &ies.items {
        match ie.value.typed() {
            Some(X2apIe::GlobalEnbId(g)) => v.global_enb_id = Some(g),
            Some(X2apIe::ServedCells(c)) | Some(X2apIe::ServedCellsToAdd(c)) => {
                v.cells.extend(c.0.iter().map(|i| &i.served_cell_info))
            }
            Some(X2apIe::ServedCellsToModify(c)) => {
                for m in &c.0 {
                    v.deleted.push(&m.old_ecgi);
                    v.cells.push(&m.served_cell_info);
                }
            }
            Some(X2apIe::ServedCellsToDelete(c)) => v.deleted.extend(c.0.iter()),
            _ => {}
        }
    }
    v
}

/// The message of `name` with every mandatory typed IE and a random half of the optional ones,
/// all with random values (for property and interoperability tests); a HandoverRequest gets a
/// random WrappedKeNB half of the time. `None` for a message keyhop does not type.
#[cfg(any(test, feature = "test-util"))]
pub fn sample_message(name: &str, rng: &mut Rng) -> Option<X2apPdu<'static>> {
    use crate::ap::{Body, IeList, IeMessage};
    let specs = ies::message_ies(name);
    if specs.is_empty() {
        return None;
    }
    let (code, pdu_type) = (0u8..=255).find_map(|c| {
        [
            PduType::InitiatingMessage,
            PduType::SuccessfulOutcome,
            PduType::UnsuccessfulOutcome,
        ]
        .into_iter()
        .find(|t| ies::message(c, *t).map(|m| m.0) == Some(name))
        .map(|t| (c, t))
    })?;
    let mut list = IeList::new();
    for &(id, criticality, mandatory) in specs {
        if !mandatory && rng.chance(1, 2) {
            continue;
        }
        if let Some(v) = X2apIe::sample(id, rng, 0) {
            list.push(id, criticality, v);
        }
    }
    if name == "HandoverRequest" && rng.chance(1, 2) {
        list.push(
            ID_WRAPPED_KENB,
            Criticality::Reject,
            X2apIe::WrappedKenb(Box::new(sample_wrapped_kenb(rng))),
        );
    }
    Some(Pdu {
        pdu_type: Some(pdu_type),
        ext_index: 0,
        procedure_code: code,
        criticality: procedure_criticality(code)?,
        body: Body::Ies(IeMessage::new(list)),
        notes: Vec::new(),
    })
}

/// A random WrappedKeNB (for tests).
#[cfg(any(test, feature = "test-util"))]
pub fn sample_wrapped_kenb(rng: &mut Rng) -> WrappedKeNB<'static> {
    use crate::makr::{EnbId, EnbIdentity, KdfAlgorithm, WrapAlgorithm, WrappedKeyItem};
    use crate::redact::Octets;
    let plmn = [
        rng.below(256) as u8,
        rng.below(256) as u8,
        rng.below(256) as u8,
    ];
    let enb_id = match rng.below(4) {
        0 => EnbId::Macro(rng.below(1 << 20) as u32),
        1 => EnbId::Home(rng.below(1 << 28) as u32),
        2 => EnbId::ShortMacro(rng.below(1 << 18) as u32),
        _ => EnbId::LongMacro(rng.below(1 << 21) as u32),
    };
    let n = rng.int_in(16, 64) as usize;
    WrappedKeNB {
        refresh_counter: rng.below(65536) as u16,
        kdf: if rng.chance(1, 2) {
            KdfAlgorithm::AesCmacCtr
        } else {
            KdfAlgorithm::AesBlock
        },
        key: WrappedKeyItem {
            target_enb: EnbIdentity::new(plmn, enb_id),
            key_id: rng.below(256) as u8,
            wrap_algorithm: match rng.below(3) {
                0 => WrapAlgorithm::AesEcb,
                1 => WrapAlgorithm::AesKw,
                _ => WrapAlgorithm::AesCtrCmac,
            },
            wrapped_kenb: Octets::owned(rng.octets(n)),
            extensions: Default::default(),
        },
        extensions: Default::default(),
    }
}

#[cfg(test)]
mod size_tests {
    /// Every IE value is moved into its list after decoding: the variants over 48 octets are
    /// boxed (BOXED in codec/gen/x2ap.py) so that each move stays a few register copies.
    #[test]
    fn ie_enum_stays_small() {
        let n = std::mem::size_of::<super::X2apIe<'static>>();
        assert!(n <= 56, "X2apIe is {n} octets: box the new large variants");
    }
}
