//! The envelope shared by the 3GPP application protocols S1AP and X2AP: the PDU CHOICE of
//! initiating / successful / unsuccessful outcome, the procedure code and criticality, and the
//! ProtocolIE, ProtocolExtension and PrivateIE containers.
//!
//! Each IE value is an open type. A protocol module supplies an [`IeSet`]: the typed values of
//! the IE ids it knows. Every other IE, extension and private IE is kept as its octets and written
//! back unchanged, so a PDU from a newer release decodes and re-encodes byte for byte.

pub mod common;

use crate::error::{Context, DecodeResult, EncodeResult, ErrorKind, Protocol};
use crate::per::{Index, OpenEntry, OpenValue, PerReader, PerWriter, SizeConstraint};
use crate::redact::Octets;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;

/// Criticality ::= ENUMERATED { reject, ignore, notify }.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Criticality {
    /// `reject` (0): a receiver that does not comprehend the IE or procedure rejects it ("Reject IE", TS 36.413 / TS 36.423 clause 10.3.2).
    Reject,
    /// `ignore` (1): a receiver that does not comprehend the IE or procedure ignores it silently ("Ignore IE", clause 10.3.2).
    Ignore,
    /// `notify` (2): a receiver that does not comprehend the IE or procedure ignores it and tells the sender ("Ignore IE and Notify Sender", clause 10.3.2).
    Notify,
}

impl Criticality {
    /// Reads a Criticality (2 bits, no extension marker).
    #[inline(always)]
    pub fn decode(r: &mut PerReader<'_>) -> DecodeResult<Self> {
        // ENUMERATED of 3 without marker: a 2-bit index, 3 above the root.
        match r.read_bits(2).ctx("criticality")? {
            0 => Ok(Criticality::Reject),
            1 => Ok(Criticality::Ignore),
            2 => Ok(Criticality::Notify),
            v => Err(r
                .error(
                    crate::error::ErrorKind::OutOfRange,
                    format!("value {v} above the upper bound 2"),
                )
                .in_field("criticality")),
        }
    }
    /// Writes a Criticality (its 2-bit index: every value is in the root).
    #[inline(always)]
    pub fn encode(self, w: &mut PerWriter) -> EncodeResult<()> {
        w.write_bits(self as u64, 2);
        Ok(())
    }
}

/// Which of the three PDU alternatives a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PduType {
    /// `initiatingMessage`: the message that starts an elementary procedure (the PDU CHOICE of TS 36.413 clause 9.3.2 / TS 36.423 clause 9.3.3).
    InitiatingMessage,
    /// `successfulOutcome`: the answer of a class 1 procedure that succeeded (TS 36.413 / TS 36.423 clause 8.1).
    SuccessfulOutcome,
    /// `unsuccessfulOutcome`: the answer of a class 1 procedure that failed (TS 36.413 / TS 36.423 clause 8.1).
    UnsuccessfulOutcome,
}

impl PduType {
    /// snake_case name as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            PduType::InitiatingMessage => "initiating_message",
            PduType::SuccessfulOutcome => "successful_outcome",
            PduType::UnsuccessfulOutcome => "unsuccessful_outcome",
        }
    }
}

/// The typed IE values a protocol knows, keyed by ProtocolIE-ID.
///
/// Implemented by a protocol's IE enum. `Serialize` must write the value alone (no tag), as
/// `#[serde(untagged)]` does.
pub trait IeSet<'a>: Sized + Serialize {
    /// The protocol whose IEs these are: a PDU of this IE set decodes, encodes and names its
    /// messages as this protocol, so no caller names the protocol again.
    type Protocol: ApProtocol;
    /// Whether IE `id` has a typed decoder; the others stay octets.
    fn knows(id: u16) -> bool;
    /// Decodes the value of IE `id` (which [`IeSet::knows`]) from its open type.
    fn decode(id: u16, r: &mut PerReader<'a>) -> DecodeResult<Self>;
    /// Encodes the value (the open type's contents).
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()>;
    /// The snake_case JSON name of IE `id`, if the protocol names it.
    fn name(id: u16) -> Option<&'static str>;
    /// The criticality the ASN.1 gives IE `id` outside a message's own IE list (in an
    /// iE-Extensions container or a list of single containers), if it gives one. The JSON
    /// output shows a criticality only where it differs (docs/json.md, Re-encoding).
    fn default_criticality(_id: u16) -> Option<Criticality> {
        None
    }
}

/// An IE value: typed when the protocol knows the id, else the open type's octets.
#[derive(Debug, Clone, PartialEq)]
pub enum IeValue<'a, V> {
    /// Decoded value.
    Typed(V),
    /// Octets of an IE keyhop does not type, re-encoded unchanged.
    Raw(Octets<'a>),
}

impl<'a, V: IeSet<'a>> IeValue<'a, V> {
    /// Reads an open type holding the value of IE `id`.
    pub fn decode(id: u16, r: &mut PerReader<'a>) -> DecodeResult<Self> {
        Ok(Self::decode_with_wire(id, r)?.0)
    }

    /// Reads an open type holding the value of IE `id`, and its octets as received when they are
    /// not the canonical encoding of the value (see [`PerReader::open_type_with_wire`]).
    #[inline]
    pub fn decode_with_wire(
        id: u16,
        r: &mut PerReader<'a>,
    ) -> DecodeResult<(Self, Option<Octets<'a>>)> {
        if V::knows(id) {
            // Entered and left around the value's decoder rather than through a closure, so
            // the value (the largest thing a decoder returns) is not moved through wrappers.
            match r.open_type_enter()? {
                OpenEntry::Sub(mut sub, start) => {
                    let v = V::decode(id, &mut sub)?;
                    let wire = r.open_type_leave(sub, start)?;
                    Ok((IeValue::Typed(v), wire.map(Octets)))
                }
                OpenEntry::Fragmented(b) => Ok((IeValue::Raw(Octets::owned(b)), None)),
            }
        } else {
            Ok((IeValue::Raw(Octets(r.open_type()?)), None))
        }
    }
    /// Writes the value as an open type.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        match self {
            IeValue::Typed(v) => w.open_type_with(|w| v.encode(w)),
            IeValue::Raw(b) => w.open_type(b.as_bytes()),
        }
    }
    /// The typed value, if any.
    pub fn typed(&self) -> Option<&V> {
        match self {
            IeValue::Typed(v) => Some(v),
            IeValue::Raw(_) => None,
        }
    }
}

/// ProtocolIE-Field (also ProtocolExtensionField, whose layout is the same).
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolIe<'a, V> {
    /// ProtocolIE-ID.
    pub id: u16,
    /// Criticality.
    pub criticality: Criticality,
    /// Value.
    pub value: IeValue<'a, V>,
    /// The value's octets as received, kept only when they are not the canonical encoding of a
    /// typed value (a real stack's odd bytes): encoding writes them back, so nothing is lost.
    /// [`ProtocolIe::value_mut`] and [`IeList::get_mut`] drop it; set it to `None` after
    /// changing `value` directly.
    pub wire: Option<Octets<'a>>,
}

impl<'a, V: IeSet<'a>> ProtocolIe<'a, V> {
    /// A typed IE.
    pub fn new(id: u16, criticality: Criticality, value: V) -> Self {
        ProtocolIe {
            id,
            criticality,
            value: IeValue::Typed(value),
            wire: None,
        }
    }

    /// The value for editing. The octets as received (`wire`) are dropped here, so the edited
    /// value is what gets encoded: reach values through this (or [`IeList::get_mut`]) rather
    /// than the `value` field.
    pub fn value_mut(&mut self) -> &mut IeValue<'a, V> {
        self.wire = None;
        &mut self.value
    }

    /// Reads one field (a SEQUENCE without extension marker: id, criticality, value).
    #[inline]
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let id = r.constrained_whole(0, 65535).ctx("id")? as u16;
        let criticality = Criticality::decode(r)?;
        let (value, wire) = IeValue::decode_with_wire(id, r).ctx_with(|| ie_label::<V>(id))?;
        Ok(ProtocolIe {
            id,
            criticality,
            value,
            wire,
        })
    }

    /// Writes one field.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.constrained_whole(self.id as i64, 0, 65535)?;
        self.criticality.encode(w)?;
        if let Some(b) = &self.wire {
            return w.open_type(b.as_bytes());
        }
        self.value
            .encode(w)
            .map_err(|e| e.in_field(&ie_label::<V>(self.id)))
    }
}

/// `name(id)` or `ie_<id>`: how an IE is named in paths and JSON.
pub fn ie_label<'a, V: IeSet<'a>>(id: u16) -> String {
    match V::name(id) {
        Some(n) => n.to_string(),
        None => format!("ie_{id}"),
    }
}

/// A container of IEs: ProtocolIE-Container (SIZE (0..65535)), ProtocolExtensionContainer
/// (SIZE (1..65535)) or a list of ProtocolIE-SingleContainer items.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IeList<'a, V> {
    /// The IEs in wire order.
    pub items: Vec<ProtocolIe<'a, V>>,
}

impl<'a, V: IeSet<'a>> IeList<'a, V> {
    /// An empty list.
    pub fn new() -> Self {
        IeList { items: Vec::new() }
    }

    /// Reads a container whose count is under `size`.
    pub fn decode(r: &mut PerReader<'a>, size: SizeConstraint) -> DecodeResult<Self> {
        let n = r.sequence_of_len(size)?;
        let mut items = Vec::with_capacity(n.min(64));
        for i in 0..n {
            items.push(ProtocolIe::decode(r).ctx_with(|| format!("[{i}]"))?);
        }
        Ok(IeList { items })
    }

    /// Writes the container with its count under `size`.
    pub fn encode(&self, w: &mut PerWriter, size: SizeConstraint) -> EncodeResult<()> {
        w.sequence_of_len(self.items.len(), size)?;
        for (i, ie) in self.items.iter().enumerate() {
            ie.encode(w).map_err(|e| e.in_field(&format!("[{i}]")))?;
        }
        Ok(())
    }

    /// The first typed value of IE `id`.
    pub fn get(&self, id: u16) -> Option<&V> {
        self.items
            .iter()
            .find(|ie| ie.id == id)
            .and_then(|ie| ie.value.typed())
    }

    /// The first typed value of IE `id`, for editing: the IE's octets as received are dropped
    /// ([`ProtocolIe::value_mut`]), so the edited value is what gets encoded.
    pub fn get_mut(&mut self, id: u16) -> Option<&mut V> {
        self.items
            .iter_mut()
            .find(|ie| ie.id == id && matches!(ie.value, IeValue::Typed(_)))
            .and_then(|ie| match ie.value_mut() {
                IeValue::Typed(v) => Some(v),
                IeValue::Raw(_) => None,
            })
    }

    /// Appends a typed IE.
    pub fn push(&mut self, id: u16, criticality: Criticality, value: V) {
        self.items.push(ProtocolIe::new(id, criticality, value));
    }
}

/// ProtocolIE-Container size: SIZE (0..maxProtocolIEs), maxProtocolIEs = 65535.
pub const IE_CONTAINER: SizeConstraint = SizeConstraint::range(0, 65535);
/// ProtocolExtensionContainer size: SIZE (1..maxProtocolExtensions), 65535.
pub const EXT_CONTAINER: SizeConstraint = SizeConstraint::range(1, 65535);
/// PrivateIE-Container size: SIZE (1..maxPrivateIEs), 65535.
pub const PRIVATE_CONTAINER: SizeConstraint = SizeConstraint::range(1, 65535);

/// Serializes IEs as a JSON object keyed by name (docs/json.md): a repeated id becomes an array,
/// an untyped IE `ie_<id>: {"criticality", "value"}`; `ie_layout` when the keys alone do not
/// give the wire back (see [`serialize_ies_into`]).
impl<'a, V: IeSet<'a>> Serialize for IeList<'a, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        serialize_ies_into::<V, S>(&self.items, &mut m, &|id| V::default_criticality(id))?;
        m.end()
    }
}

/// Writes the entries of `items` into an open JSON map (so a message can put its envelope first).
///
/// `criticality` is the criticality the ASN.1 gives an IE in this container. A typed IE shows
/// no criticality, so when one differs from it, when an id repeats (the values of a repeated id
/// share one key) or when an IE's octets are not the canonical encoding of its value, the map
/// ends with `ie_layout`: every IE in wire order as `{"id", "criticality"}`, plus `"wire"` (the
/// octets as received, raw octets) for those odd encodings. With it, the JSON encodes back to
/// the same octets (docs/json.md, Re-encoding).
pub fn serialize_ies_into<'a, V: IeSet<'a>, S: Serializer>(
    items: &[ProtocolIe<'a, V>],
    m: &mut S::SerializeMap,
    criticality: &dyn Fn(u16) -> Option<Criticality>,
) -> Result<(), S::Error> {
    let repeats = repeated_ids(items.iter().map(|ie| ie.id));
    for (i, ie) in items.iter().enumerate() {
        let repeated = repeats.contains(&ie.id);
        // Repeated ids are rare; only then is the list scanned again.
        if repeated && items[..i].iter().any(|o| o.id == ie.id) {
            continue;
        }
        let key: Cow<'static, str> = match (V::name(ie.id), &ie.value) {
            (Some(n), IeValue::Typed(_)) => Cow::Borrowed(n),
            _ => Cow::Owned(format!("ie_{}", ie.id)),
        };
        if repeated {
            let all: Vec<IeJson<'_, 'a, V>> =
                items.iter().filter(|o| o.id == ie.id).map(IeJson).collect();
            m.serialize_entry(&key, &all)?;
        } else {
            m.serialize_entry(&key, &IeJson(ie))?;
        }
    }
    let odd = |ie: &ProtocolIe<'a, V>| {
        ie.wire.is_some()
            || (matches!(ie.value, IeValue::Typed(_)) && criticality(ie.id) != Some(ie.criticality))
    };
    if !repeats.is_empty() || items.iter().any(odd) {
        m.serialize_entry("ie_layout", &Layout(items))?;
    }
    Ok(())
}

/// The ids that occur more than once (nearly always none), without a quadratic scan.
pub(crate) fn repeated_ids(ids: impl Iterator<Item = u16>) -> Vec<u16> {
    let mut seen = std::collections::HashSet::new();
    let mut rep = Vec::new();
    for id in ids {
        if !seen.insert(id) && !rep.contains(&id) {
            rep.push(id);
        }
    }
    rep
}

/// `ie_layout`: the IEs of a container in wire order.
struct Layout<'r, 'a, V>(&'r [ProtocolIe<'a, V>]);

impl<V> Serialize for Layout<'_, '_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Entry<'r, 'a> {
            id: u16,
            criticality: Criticality,
            #[serde(skip_serializing_if = "Option::is_none")]
            wire: Option<&'r Octets<'a>>,
        }
        s.collect_seq(self.0.iter().map(|ie| Entry {
            id: ie.id,
            criticality: ie.criticality,
            wire: ie.wire.as_ref(),
        }))
    }
}

struct IeJson<'r, 'a, V>(&'r ProtocolIe<'a, V>);

impl<'a, V: IeSet<'a>> Serialize for IeJson<'_, 'a, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0.value {
            IeValue::Typed(v) => v.serialize(s),
            IeValue::Raw(b) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("criticality", &self.0.criticality)?;
                m.serialize_entry("value", b)?;
                m.end()
            }
        }
    }
}

/// Extension additions of a SEQUENCE that keyhop does not type: one entry per addition, `None`
/// where absent, octets of the open type where present.
///
/// Nearly every SEQUENCE has none, and every SEQUENCE holds one of these: the list sits behind a
/// box, absent when empty, so it costs one pointer in each value (not a `Vec`'s three words,
/// copied with every IE value on its way into the PDU).
// A thin box (one word) rather than a boxed slice (two): the size of every value is the point.
#[allow(clippy::box_collection)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ExtensionAdditions<'a>(Option<Box<Vec<Option<Octets<'a>>>>>);

impl<'a> ExtensionAdditions<'a> {
    /// The additions in order (`None` for one absent).
    pub fn new(additions: Vec<Option<Octets<'a>>>) -> Self {
        if additions.is_empty() {
            ExtensionAdditions(None)
        } else {
            ExtensionAdditions(Some(Box::new(additions)))
        }
    }
    /// The additions in order (`None` for one absent); empty when there are none.
    pub fn additions(&self) -> &[Option<Octets<'a>>] {
        self.0.as_deref().map_or(&[], |v| v.as_slice())
    }
    /// Reads the additions of a SEQUENCE whose extension bit was `ext`.
    #[inline]
    pub fn decode(r: &mut PerReader<'a>, ext: bool) -> DecodeResult<Self> {
        if !ext {
            return Ok(ExtensionAdditions(None));
        }
        Self::decode_present(r)
    }
    #[inline(never)]
    fn decode_present(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let bitmap = r.extension_bitmap().ctx("extension_additions")?;
        let mut v = Vec::with_capacity(bitmap.len());
        for p in bitmap {
            v.push(if p {
                Some(Octets(r.open_type().ctx("extension_additions")?))
            } else {
                None
            });
        }
        Ok(ExtensionAdditions::new(v))
    }
    /// Whether the extension bit must be set.
    pub fn present(&self) -> bool {
        self.0.is_some()
    }
    /// Writes the bitmap and the additions (call only if [`Self::present`]).
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        let bitmap: Vec<bool> = self.additions().iter().map(|o| o.is_some()).collect();
        w.extension_bitmap(&bitmap)?;
        for b in self.additions().iter().flatten() {
            w.open_type(b.as_bytes())?;
        }
        Ok(())
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// Writes `extension_additions` (the present additions) into an open JSON map when the
    /// extension bit is set, and `extension_additions_present` (`"101"`, one digit per addition
    /// in order) when one is absent, which the list alone does not show.
    pub fn serialize_entries<S: Serializer>(
        &self,
        m: &mut S::SerializeMap,
    ) -> Result<(), S::Error> {
        if !self.present() {
            return Ok(());
        }
        m.serialize_entry("extension_additions", self)?;
        let a = self.additions();
        if a.is_empty() || a.iter().any(|x| x.is_none()) {
            let map: String = a
                .iter()
                .map(|x| if x.is_some() { '1' } else { '0' })
                .collect();
            m.serialize_entry("extension_additions_present", &map)?;
        }
        Ok(())
    }
}

impl Serialize for ExtensionAdditions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Only the additions present are listed (docs/json.md), as pycrate shows them.
        s.collect_seq(
            self.additions()
                .iter()
                .flatten()
                .map(|b| crate::redact::raw_text(b.as_bytes())),
        )
    }
}

/// PrivateIE-ID ::= CHOICE { local INTEGER (0..65535), global OBJECT IDENTIFIER }.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivateIeId<'a> {
    /// `local`: a number the peers agree on outside the standard (MAKR uses 60001 to 60003); PrivateIE-ID in TS 36.413 clause 9.3.5 / TS 36.423 clause 9.3.6.
    Local(u16),
    /// `global`: an OBJECT IDENTIFIER that names the IE worldwide, as its BER contents octets (same clauses).
    Global(Octets<'a>),
}

/// The typed private IEs a protocol profile knows (MAKR's 60001-60003 in S1AP).
pub trait PrivateIeSet<'a>: Sized + Serialize {
    /// Whether the private IE `id` has a typed decoder.
    fn knows(id: &PrivateIeId<'_>) -> bool;
    /// Decodes the value of private IE `id` from its open type.
    fn decode(id: &PrivateIeId<'_>, r: &mut PerReader<'a>) -> DecodeResult<Self>;
    /// Encodes the value.
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()>;
    /// JSON name of private IE `id`.
    fn name(id: &PrivateIeId<'_>) -> Option<&'static str>;
    /// The criticality the profile gives private IE `id`, if it gives one.
    fn default_criticality(_id: &PrivateIeId<'_>) -> Option<Criticality> {
        None
    }
}

/// No typed private IEs: every private IE stays octets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum NoPrivateIes {}

impl<'a> PrivateIeSet<'a> for NoPrivateIes {
    fn knows(_: &PrivateIeId<'_>) -> bool {
        false
    }
    fn decode(_: &PrivateIeId<'_>, r: &mut PerReader<'a>) -> DecodeResult<Self> {
        Err(r.error(ErrorKind::Invalid, "no typed private IEs"))
    }
    fn encode(&self, _: &mut PerWriter) -> EncodeResult<()> {
        match *self {}
    }
    fn name(_: &PrivateIeId<'_>) -> Option<&'static str> {
        None
    }
}

/// PrivateIE-Field.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivateIe<'a, P> {
    /// PrivateIE-ID.
    pub id: PrivateIeId<'a>,
    /// Criticality.
    pub criticality: Criticality,
    /// Typed value, or the open type's octets.
    pub value: PrivateValue<'a, P>,
}

/// The value of a private IE.
#[derive(Debug, Clone, PartialEq)]
pub enum PrivateValue<'a, P> {
    /// Decoded.
    Typed(P),
    /// Octets.
    Raw(Octets<'a>),
}

impl<'a, P: PrivateIeSet<'a>> PrivateIe<'a, P> {
    /// Reads one PrivateIE-Field.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let id = match r.choice(2, false).ctx("id")? {
            Index::Root(0) => PrivateIeId::Local(r.constrained_whole(0, 65535).ctx("id")? as u16),
            _ => PrivateIeId::Global(Octets(r.object_identifier().ctx("id")?)),
        };
        let criticality = Criticality::decode(r)?;
        let value = if P::knows(&id) {
            match r
                .open_type_with(|s| P::decode(&id, s))
                .ctx_with(|| private_label::<P>(&id))?
            {
                OpenValue::Decoded(v) => PrivateValue::Typed(v),
                OpenValue::Fragmented(b) => PrivateValue::Raw(Octets(b)),
            }
        } else {
            PrivateValue::Raw(Octets(r.open_type().ctx("value")?))
        };
        Ok(PrivateIe {
            id,
            criticality,
            value,
        })
    }

    /// Writes one PrivateIE-Field.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        match &self.id {
            PrivateIeId::Local(n) => {
                w.choice(Index::Root(0), 2, false)?;
                w.constrained_whole(*n as i64, 0, 65535)?;
            }
            PrivateIeId::Global(oid) => {
                w.choice(Index::Root(1), 2, false)?;
                w.object_identifier(oid.as_bytes())?;
            }
        }
        self.criticality.encode(w)?;
        match &self.value {
            PrivateValue::Typed(v) => w
                .open_type_with(|w| v.encode(w))
                .map_err(|e| e.in_field(&private_label::<P>(&self.id))),
            PrivateValue::Raw(b) => w.open_type(b.as_bytes()),
        }
    }
}

/// An OBJECT IDENTIFIER's BER contents in dotted form (`1.2.840...`); if malformed, raw octets
/// as [`crate::redact::raw_text`] prints them.
pub fn oid_text(ber: &[u8]) -> String {
    let mut arcs: Vec<u128> = Vec::new();
    let mut v: u128 = 0;
    for (i, &b) in ber.iter().enumerate() {
        if v > u128::MAX >> 8 {
            return crate::redact::raw_text(ber);
        }
        v = (v << 7) | (b & 0x7f) as u128;
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (v / 40).min(2);
                arcs.push(first);
                arcs.push(v - first * 40);
            } else {
                arcs.push(v);
            }
            v = 0;
        } else if i + 1 == ber.len() {
            return crate::redact::raw_text(ber);
        }
    }
    if arcs.is_empty() {
        return crate::redact::raw_text(ber);
    }
    let parts: Vec<String> = arcs.iter().map(|a| a.to_string()).collect();
    parts.join(".")
}

fn private_label<'a, P: PrivateIeSet<'a>>(id: &PrivateIeId<'_>) -> String {
    match (P::name(id), id) {
        (Some(n), _) => n.to_string(),
        (None, PrivateIeId::Local(n)) => format!("ie_{n}"),
        (None, PrivateIeId::Global(o)) => format!("ie_{}", oid_text(o.as_bytes())),
    }
}

/// A PrivateMessage: SEQUENCE { privateIEs PrivateIE-Container, ... }.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivateMessage<'a, P> {
    /// The private IEs in wire order.
    pub ies: Vec<PrivateIe<'a, P>>,
    /// Unknown extension additions of the message SEQUENCE.
    pub extensions: ExtensionAdditions<'a>,
}

impl<'a, P: PrivateIeSet<'a>> PrivateMessage<'a, P> {
    /// Reads the message body.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let (ext, _) = r.sequence_preamble(true, 0)?;
        let n = r.sequence_of_len(PRIVATE_CONTAINER).ctx("private_ies")?;
        let mut ies = Vec::with_capacity(n.min(16));
        for i in 0..n {
            ies.push(
                PrivateIe::decode(r)
                    .ctx_with(|| format!("[{i}]"))
                    .ctx("private_ies")?,
            );
        }
        let extensions = ExtensionAdditions::decode(r, ext)?;
        Ok(PrivateMessage { ies, extensions })
    }

    /// Writes the message body.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_preamble(true, self.extensions.present(), &[]);
        w.sequence_of_len(self.ies.len(), PRIVATE_CONTAINER)?;
        for ie in &self.ies {
            ie.encode(w).map_err(|e| e.in_field("private_ies"))?;
        }
        if self.extensions.present() {
            self.extensions.encode(w)?;
        }
        Ok(())
    }

    /// Writes the private IEs into an open JSON map.
    pub fn serialize_into<S: Serializer>(&self, m: &mut S::SerializeMap) -> Result<(), S::Error> {
        let keys: Vec<String> = self.ies.iter().map(private_key).collect();
        for (i, k) in keys.iter().enumerate() {
            // A repeated id is shown once, as an array of its values (docs/json.md).
            if keys[..i].contains(k) {
                continue;
            }
            let same: Vec<PrivateJson<'_, 'a, P>> = self
                .ies
                .iter()
                .zip(&keys)
                .skip(i)
                .filter(|(_, k2)| *k2 == k)
                .map(|(ie, _)| PrivateJson(ie))
                .collect();
            if same.len() > 1 {
                m.serialize_entry(k, &same)?;
            } else {
                m.serialize_entry(k, &same[0])?;
            }
        }
        let odd = self.ies.iter().any(|ie| {
            matches!(ie.value, PrivateValue::Typed(_))
                && P::default_criticality(&ie.id) != Some(ie.criticality)
        });
        if odd || keys.iter().enumerate().any(|(i, k)| keys[..i].contains(k)) {
            let layout: Vec<PrivateLayout> = self
                .ies
                .iter()
                .map(|ie| PrivateLayout {
                    id: match &ie.id {
                        PrivateIeId::Local(n) => PrivateLayoutId::Local(*n),
                        PrivateIeId::Global(o) => PrivateLayoutId::Global(oid_text(o.as_bytes())),
                    },
                    criticality: ie.criticality,
                })
                .collect();
            m.serialize_entry("ie_layout", &layout)?;
        }
        self.extensions.serialize_entries::<S>(m)?;
        Ok(())
    }
}

/// An entry of a PrivateMessage's `ie_layout`.
#[derive(Serialize)]
struct PrivateLayout {
    id: PrivateLayoutId,
    criticality: Criticality,
}

/// A private IE id in `ie_layout`: a number (local) or a dotted OID (global).
#[derive(Serialize)]
#[serde(untagged)]
enum PrivateLayoutId {
    Local(u16),
    Global(String),
}

/// The JSON key of a private IE: its name if typed, else `ie_<local id>` / `ie_<dotted OID>`.
fn private_key<'a, P: PrivateIeSet<'a>>(ie: &PrivateIe<'a, P>) -> String {
    match (&ie.value, &ie.id) {
        (PrivateValue::Typed(_), id) => private_label::<P>(id),
        (PrivateValue::Raw(_), PrivateIeId::Local(n)) => format!("ie_{n}"),
        (PrivateValue::Raw(_), PrivateIeId::Global(o)) => format!("ie_{}", oid_text(o.as_bytes())),
    }
}

struct PrivateJson<'r, 'a, P>(&'r PrivateIe<'a, P>);

impl<'a, P: PrivateIeSet<'a>> Serialize for PrivateJson<'_, 'a, P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0.value {
            PrivateValue::Typed(v) => v.serialize(s),
            PrivateValue::Raw(b) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("criticality", &self.0.criticality)?;
                m.serialize_entry("value", b)?;
                m.end()
            }
        }
    }
}

/// A message built of ProtocolIEs: SEQUENCE { protocolIEs ProtocolIE-Container, ... }.
#[derive(Debug, Clone, PartialEq)]
pub struct IeMessage<'a, V> {
    /// The IEs in wire order.
    pub ies: IeList<'a, V>,
    /// Unknown extension additions of the message SEQUENCE.
    pub extensions: ExtensionAdditions<'a>,
}

impl<'a, V: IeSet<'a>> IeMessage<'a, V> {
    /// A message of the given IEs.
    pub fn new(ies: IeList<'a, V>) -> Self {
        IeMessage {
            ies,
            extensions: ExtensionAdditions::default(),
        }
    }

    /// Reads the message body.
    pub fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let (ext, _) = r.sequence_preamble(true, 0)?;
        let ies = IeList::decode(r, IE_CONTAINER).ctx("protocol_ies")?;
        let extensions = ExtensionAdditions::decode(r, ext)?;
        Ok(IeMessage { ies, extensions })
    }

    /// Writes the message body.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_preamble(true, self.extensions.present(), &[]);
        self.ies
            .encode(w, IE_CONTAINER)
            .map_err(|e| e.in_field("protocol_ies"))?;
        if self.extensions.present() {
            self.extensions.encode(w)?;
        }
        Ok(())
    }
}

/// The body of an S1AP/X2AP PDU.
#[derive(Debug, Clone, PartialEq)]
pub enum Body<'a, V, P> {
    /// A message of ProtocolIEs (every procedure but the private one).
    Ies(IeMessage<'a, V>),
    /// A PrivateMessage.
    Private(PrivateMessage<'a, P>),
    /// The value of an extension alternative of the PDU CHOICE, kept as octets.
    Raw(Octets<'a>),
}

/// Protocol-specific facts the envelope needs.
pub trait ApProtocol {
    /// Protocol named in errors.
    const PROTOCOL: Protocol;
    /// Procedure code of PrivateMessage (S1AP 39, X2AP 11).
    const PRIVATE_MESSAGE_CODE: u8;
    /// The ASN.1 name of the message of a procedure, by PDU type.
    fn message_name(procedure_code: u8, pdu_type: PduType) -> Option<&'static str>;
    /// The criticality the ASN.1 gives IE `id` in message `message`, if the message lists it.
    fn message_ie_criticality(_message: &str, _id: u16) -> Option<Criticality> {
        None
    }
}

/// An S1AP or X2AP PDU.
#[derive(Debug, Clone, PartialEq)]
pub struct Pdu<'a, V, P> {
    /// initiatingMessage / successfulOutcome / unsuccessfulOutcome; `None` for an extension
    /// alternative of the PDU CHOICE (its index in `ext_index`).
    pub pdu_type: Option<PduType>,
    /// Index of an extension alternative of the PDU CHOICE (only when `pdu_type` is `None`).
    pub ext_index: u32,
    /// procedureCode.
    pub procedure_code: u8,
    /// criticality of the procedure.
    pub criticality: Criticality,
    /// The message.
    pub body: Body<'a, V, P>,
    /// Oddities accepted while decoding.
    pub notes: Vec<crate::error::Note>,
}

impl<'a, V: IeSet<'a>, P: PrivateIeSet<'a>> Pdu<'a, V, P> {
    /// Decodes a whole PDU of protocol `A` from `data`.
    pub fn decode<A: ApProtocol>(data: &'a [u8]) -> DecodeResult<Self>
    where
        V: IeSet<'a, Protocol = A>,
    {
        let mut r = PerReader::new(data, A::PROTOCOL);
        let mut pdu = Self::decode_from::<A>(&mut r)?;
        r.finish()?;
        pdu.notes = r.take_notes();
        Ok(pdu)
    }

    fn decode_from<A: ApProtocol>(r: &mut PerReader<'a>) -> DecodeResult<Self>
    where
        V: IeSet<'a, Protocol = A>,
    {
        let idx = r.choice(3, true).ctx("pdu")?;
        let pdu_type = match idx {
            Index::Root(0) => PduType::InitiatingMessage,
            Index::Root(1) => PduType::SuccessfulOutcome,
            Index::Root(2) => PduType::UnsuccessfulOutcome,
            Index::Root(_) => unreachable!("constrained to 0..=2"),
            Index::Ext(i) => {
                let raw = r.open_type().ctx("pdu")?;
                return Ok(Pdu {
                    pdu_type: None,
                    ext_index: i,
                    procedure_code: 0,
                    criticality: Criticality::Ignore,
                    body: Body::Raw(Octets(raw)),
                    notes: Vec::new(),
                });
            }
        };
        let tname = pdu_type.name();
        // InitiatingMessage etc. are SEQUENCEs without extension marker or optionals.
        let procedure_code = r
            .constrained_whole(0, 255)
            .ctx("procedure_code")
            .ctx(tname)? as u8;
        let criticality = Criticality::decode(r).ctx(tname)?;
        let name = A::message_name(procedure_code, pdu_type).unwrap_or("value");
        let body = if procedure_code == A::PRIVATE_MESSAGE_CODE {
            match r
                .open_type_with(PrivateMessage::decode)
                .ctx(name)
                .ctx(tname)?
            {
                OpenValue::Decoded(m) => Body::Private(m),
                OpenValue::Fragmented(b) => Body::Raw(Octets(b)),
            }
        } else {
            // Every procedure, also one of a later release, carries an IE container; should an
            // unknown one not parse as such, it is kept whole rather than failing the PDU. A
            // value over 16K arrives fragmented and is decoded across its fragments.
            match r.open_type_enter().ctx(name).ctx(tname)? {
                OpenEntry::Sub(mut sub, _)
                    if A::message_name(procedure_code, pdu_type).is_some() =>
                {
                    let m = IeMessage::decode(&mut sub).ctx(name).ctx(tname)?;
                    sub.finish()?;
                    r.absorb_notes(&mut sub);
                    Body::Ies(m)
                }
                OpenEntry::Sub(mut sub, _) => {
                    let whole = sub.clone();
                    match IeMessage::decode(&mut sub) {
                        Ok(m) => {
                            sub.finish()?;
                            r.absorb_notes(&mut sub);
                            Body::Ies(m)
                        }
                        Err(_) => {
                            r.note("value of an unknown procedure is not an IE container: kept as octets");
                            Body::Raw(Octets(whole.into_rest()?))
                        }
                    }
                }
                OpenEntry::Fragmented(b) => Body::Raw(Octets::owned(b)),
            }
        };
        Ok(Pdu {
            pdu_type: Some(pdu_type),
            ext_index: 0,
            procedure_code,
            criticality,
            body,
            notes: Vec::new(),
        })
    }

    /// Encodes the PDU.
    pub fn encode<A: ApProtocol>(&self) -> EncodeResult<Vec<u8>>
    where
        V: IeSet<'a, Protocol = A>,
    {
        let mut w = PerWriter::new(A::PROTOCOL);
        let Some(pdu_type) = self.pdu_type else {
            w.choice(Index::Ext(self.ext_index), 3, true)?;
            match &self.body {
                Body::Raw(b) => w.open_type(b.as_bytes())?,
                _ => return Err(w.error("an extension PDU alternative carries raw octets only")),
            }
            return Ok(w.into_bytes());
        };
        w.choice(Index::Root(pdu_type as u32), 3, true)?;
        w.constrained_whole(self.procedure_code as i64, 0, 255)?;
        self.criticality.encode(&mut w)?;
        match &self.body {
            Body::Ies(m) => w.open_type_with(|w| m.encode(w))?,
            Body::Private(m) => w.open_type_with(|w| m.encode(w))?,
            Body::Raw(b) => w.open_type(b.as_bytes())?,
        }
        Ok(w.into_bytes())
    }

    /// The IEs of the message, if it is an IE message.
    pub fn ies(&self) -> Option<&IeList<'a, V>> {
        match &self.body {
            Body::Ies(m) => Some(&m.ies),
            _ => None,
        }
    }

    /// The IEs of the message for editing, if it is an IE message.
    pub fn ies_mut(&mut self) -> Option<&mut IeList<'a, V>> {
        match &mut self.body {
            Body::Ies(m) => Some(&mut m.ies),
            _ => None,
        }
    }

    /// The message name (ASN.1), or a description for unknown procedures.
    pub fn message_name<A: ApProtocol>(&self) -> Cow<'static, str>
    where
        V: IeSet<'a, Protocol = A>,
    {
        match self.pdu_type {
            Some(t) => match A::message_name(self.procedure_code, t) {
                Some(n) => Cow::Borrowed(n),
                None => Cow::Owned(format!("procedure{}-{}", self.procedure_code, t.name())),
            },
            None => Cow::Owned(format!("pdu-extension{}", self.ext_index)),
        }
    }

    /// Writes the JSON object of the PDU (docs/json.md): message, procedure_code, pdu_type,
    /// criticality, notes, then the IEs.
    pub fn serialize_with<A: ApProtocol, S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>
    where
        V: IeSet<'a, Protocol = A>,
    {
        let mut m = s.serialize_map(None)?;
        self.serialize_fields::<A, S>(&mut m)?;
        m.end()
    }

    /// Writes the PDU's entries into an open JSON map (the dissector puts its envelope first).
    pub fn serialize_fields<A: ApProtocol, S: Serializer>(
        &self,
        m: &mut S::SerializeMap,
    ) -> Result<(), S::Error>
    where
        V: IeSet<'a, Protocol = A>,
    {
        m.serialize_entry("message", &self.message_name::<A>())?;
        m.serialize_entry("procedure_code", &self.procedure_code)?;
        if let Some(t) = self.pdu_type {
            m.serialize_entry("pdu_type", &t)?;
        }
        m.serialize_entry("criticality", &self.criticality)?;
        if !self.notes.is_empty() {
            m.serialize_entry("notes", &self.notes)?;
        }
        match &self.body {
            Body::Ies(msg) => {
                let name = self.message_name::<A>();
                serialize_ies_into::<V, S>(&msg.ies.items, m, &|id| {
                    A::message_ie_criticality(&name, id).or_else(|| V::default_criticality(id))
                })?;
                msg.extensions.serialize_entries::<S>(m)?;
            }
            Body::Private(p) => p.serialize_into::<S>(m)?,
            Body::Raw(b) => m.serialize_entry("value", b)?,
        }
        Ok(())
    }
}

/// One IE of a [`LazyPdu`]: id and criticality read, the value left as the open type's octets.
#[derive(Debug, Clone, PartialEq)]
pub struct RawIe<'a> {
    /// ProtocolIE-ID.
    pub id: u16,
    /// Criticality.
    pub criticality: Criticality,
    /// The value's octets (joined when the open type was fragmented).
    pub value: Cow<'a, [u8]>,
    /// Position in the IE list (for error paths).
    index: usize,
    /// The octets from the one holding the criticality's last bits to the value's end, the bits
    /// of the criticality to skip, and the absolute bit offset of those octets: enough to read the
    /// open type again exactly as the full decode reads it. `None` when fragmented.
    open: Option<(&'a [u8], u32, u64)>,
}

/// An S1AP or X2AP PDU read only as far as its IE list: the envelope, then each IE's id,
/// criticality and value octets, no value decoded. [`LazyPdu::ie`] decodes one value on demand,
/// as the full decode ([`Pdu::decode`]) would, with the same error path and offsets.
///
/// For consumers that need a few IEs of every message (a one-line summary). Reading lazily
/// checks the framing only: a PDU read here may still fail the full decode inside an IE value,
/// and its notes are those of the framing alone; a PDU that fails here fails the full decode too.
#[derive(Debug, Clone, PartialEq)]
pub struct LazyPdu<'a> {
    /// As [`Pdu::pdu_type`].
    pub pdu_type: Option<PduType>,
    /// As [`Pdu::ext_index`].
    pub ext_index: u32,
    /// procedureCode.
    pub procedure_code: u8,
    /// criticality of the procedure.
    pub criticality: Criticality,
    /// The IEs in wire order; `None` for a PrivateMessage, an extension alternative of the PDU, or
    /// an unknown procedure's value that is not an IE container (the full decode keeps those as
    /// octets or private IEs).
    pub ies: Option<Vec<RawIe<'a>>>,
    /// Oddities of the framing (octets after the PDU and the like).
    pub notes: Vec<crate::error::Note>,
    protocol: Protocol,
    /// `initiating_message` etc. and the message name, the first steps of error paths.
    path: (&'static str, &'static str),
}

impl<'a> LazyPdu<'a> {
    /// Reads the envelope and the IE list of a PDU of protocol `A`, whose IEs `V` names (for
    /// error paths).
    pub fn decode<A: ApProtocol, V: IeSet<'a>>(data: &'a [u8]) -> DecodeResult<Self> {
        match Self::decode_canonical::<A>(data) {
            Some(pdu) => Ok(pdu),
            None => Self::decode_bits::<A, V>(data),
        }
    }

    /// [`LazyPdu::decode`] through the bit reader alone (what the octet-level path must equal).
    fn decode_bits<A: ApProtocol, V: IeSet<'a>>(data: &'a [u8]) -> DecodeResult<Self> {
        let mut r = PerReader::new(data, A::PROTOCOL);
        let mut pdu = Self::decode_from::<A, V>(&mut r)?;
        r.finish()?;
        pdu.notes.append(&mut r.take_notes());
        Ok(pdu)
    }

    /// The common case read octet by octet (every field of the envelope is octet-aligned in
    /// APER): a root alternative of a known procedure holding an IE container, one- and
    /// two-octet lengths, zero padding, no extension addition, nothing after the PDU. Gives the
    /// very value the bit reader would; `None` for anything else, which the bit reader then
    /// reads (with its notes and errors). A message costs a few hundred instructions here
    /// against a few thousand through the bit reader.
    fn decode_canonical<A: ApProtocol>(data: &'a [u8]) -> Option<Self> {
        // Criticality in the top two bits, zero padding after it.
        let crit = |o: u8| match o {
            0x00 => Some(Criticality::Reject),
            0x40 => Some(Criticality::Ignore),
            0x80 => Some(Criticality::Notify),
            _ => None,
        };
        // A length determinant in its canonical one- or two-octet form.
        let len = |b: &[u8], pos: &mut usize| -> Option<usize> {
            let l0 = *b.get(*pos)? as usize;
            if l0 < 0x80 {
                *pos += 1;
                return Some(l0);
            }
            let n = (l0 & 0x3f) << 8 | *b.get(*pos + 1)? as usize;
            *pos += 2;
            (l0 & 0xc0 == 0x80 && n >= 0x80).then_some(n)
        };
        let pdu_type = match *data.first()? {
            0x00 => PduType::InitiatingMessage,
            0x20 => PduType::SuccessfulOutcome,
            0x40 => PduType::UnsuccessfulOutcome,
            _ => return None,
        };
        let procedure_code = *data.get(1)?;
        let criticality = crit(*data.get(2)?)?;
        let name = A::message_name(procedure_code, pdu_type)?;
        if procedure_code == A::PRIVATE_MESSAGE_CODE {
            return None;
        }
        let mut pos = 3;
        let n = len(data, &mut pos)?;
        let body = pos;
        if data.len() != body + n || n < 3 || data[body] != 0 {
            return None;
        }
        let count = u16::from_be_bytes([data[body + 1], data[body + 2]]) as usize;
        let mut pos = body + 3;
        let mut ies = Vec::with_capacity(count.min(64));
        for index in 0..count {
            let id = u16::from_be_bytes([*data.get(pos)?, *data.get(pos + 1)?]);
            let criticality = crit(*data.get(pos + 2)?)?;
            let at = pos + 2;
            pos += 3;
            let n = len(data, &mut pos)?;
            let end = pos.checked_add(n).filter(|e| *e <= data.len())?;
            ies.push(RawIe {
                id,
                criticality,
                value: Cow::Borrowed(&data[pos..end]),
                index,
                open: Some((&data[at..end], 2, at as u64 * 8)),
            });
            pos = end;
        }
        (pos == data.len()).then(|| LazyPdu {
            pdu_type: Some(pdu_type),
            ext_index: 0,
            procedure_code,
            criticality,
            ies: Some(ies),
            notes: Vec::new(),
            protocol: A::PROTOCOL,
            path: (pdu_type.name(), name),
        })
    }

    fn decode_from<A: ApProtocol, V: IeSet<'a>>(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let mut pdu = LazyPdu {
            pdu_type: None,
            ext_index: 0,
            procedure_code: 0,
            criticality: Criticality::Ignore,
            ies: None,
            notes: Vec::new(),
            protocol: A::PROTOCOL,
            path: ("pdu", "value"),
        };
        let pdu_type = match r.choice(3, true).ctx("pdu")? {
            Index::Root(0) => PduType::InitiatingMessage,
            Index::Root(1) => PduType::SuccessfulOutcome,
            Index::Root(2) => PduType::UnsuccessfulOutcome,
            Index::Root(_) => unreachable!("constrained to 0..=2"),
            Index::Ext(i) => {
                r.open_type().ctx("pdu")?;
                pdu.ext_index = i;
                return Ok(pdu);
            }
        };
        let tname = pdu_type.name();
        pdu.pdu_type = Some(pdu_type);
        pdu.procedure_code = r
            .constrained_whole(0, 255)
            .ctx("procedure_code")
            .ctx(tname)? as u8;
        pdu.criticality = Criticality::decode(r).ctx(tname)?;
        let known = A::message_name(pdu.procedure_code, pdu_type);
        let name = known.unwrap_or("value");
        pdu.path = (tname, name);
        let (raw, start) = r.open_type_at().ctx(name).ctx(tname)?;
        let Cow::Borrowed(b) = raw else {
            return Ok(pdu);
        };
        if pdu.procedure_code == A::PRIVATE_MESSAGE_CODE {
            return Ok(pdu);
        }
        let mut sub = PerReader::at(b, A::PROTOCOL, start);
        match Self::ie_list::<V>(&mut sub, b, start) {
            Ok(ies) => {
                sub.finish()?;
                r.absorb_notes(&mut sub);
                pdu.ies = Some(ies);
            }
            // As the full decode: a known procedure must hold an IE container, an unknown one
            // that does not is kept as octets.
            Err(e) if known.is_some() => return Err(e.in_field(name).in_field(tname)),
            Err(_) => {}
        }
        Ok(pdu)
    }

    /// The body of an IE message: SEQUENCE { protocolIEs, ... } with the IEs left undecoded.
    fn ie_list<V: IeSet<'a>>(
        r: &mut PerReader<'a>,
        b: &'a [u8],
        start: u64,
    ) -> DecodeResult<Vec<RawIe<'a>>> {
        let (ext, _) = r.sequence_preamble(true, 0)?;
        let n = r.sequence_of_len(IE_CONTAINER).ctx("protocol_ies")?;
        let mut ies = Vec::with_capacity(n.min(64));
        for index in 0..n {
            let ie = Self::raw_ie::<V>(r, index, b, start)
                .ctx_with(|| format!("[{index}]"))
                .ctx("protocol_ies")?;
            ies.push(ie);
        }
        ExtensionAdditions::decode(r, ext)?;
        Ok(ies)
    }

    /// One IE of the list read by `r`, a reader over `b` whose first octet is at bit `start`.
    fn raw_ie<V: IeSet<'a>>(
        r: &mut PerReader<'a>,
        index: usize,
        b: &'a [u8],
        start: u64,
    ) -> DecodeResult<RawIe<'a>> {
        let id = r.constrained_whole(0, 65535).ctx("id")? as u16;
        let criticality = Criticality::decode(r)?;
        // The value's open type starts here; its length comes after padding to the octet.
        let at = r.bit_offset() - start;
        let value = r.open_type().ctx_with(|| ie_label::<V>(id))?;
        let end = (r.bit_offset() - start).div_ceil(8) as usize;
        let open = match &value {
            Cow::Borrowed(_) => b
                .get((at / 8) as usize..end)
                .map(|w| (w, (at % 8) as u32, start + at - at % 8)),
            Cow::Owned(_) => None,
        };
        Ok(RawIe {
            id,
            criticality,
            value,
            index,
            open,
        })
    }

    /// The PDU type and the IEs when the full decode reads this PDU as a known message of IEs
    /// with nothing to note on its framing; `None` for a private message, an extension
    /// alternative, an unknown procedure or a framing note (octets after the PDU...), which a
    /// caller decoding only some IEs leaves to [`Pdu::decode`]. [`LazyPdu::pdu_with`] builds
    /// the PDU back from the IEs the caller decodes.
    ///
    /// ```
    /// use keyhop_codec::ap::{LazyPdu, ProtocolIe};
    /// use keyhop_codec::s1ap::{self, id, S1ap, S1apIe, S1apPdu};
    ///
    /// // HandoverNotify from samples/s1-handover.pcapng.
    /// let bytes = hex::decode(concat!(
    ///     "00024027000004000000034001000008000340458a006440080000f1101a2b20100043",
    ///     "40060000f1100001",
    /// ))?;
    /// let lazy = LazyPdu::decode::<S1ap, S1apIe>(&bytes)?;
    /// let (pdu_type, ies) = lazy.known_message::<S1ap>().unwrap();
    /// // Decode the MME-UE-S1AP-ID only; the other IEs are left out of the PDU built back.
    /// let mut items = Vec::new();
    /// for ie in ies.iter().filter(|ie| ie.id == id::MME_UE_S1AP_ID) {
    ///     let (value, _notes) = lazy.decode_raw::<S1apIe>(ie)?.unwrap();
    ///     items.push(ProtocolIe::new(ie.id, ie.criticality, value));
    /// }
    /// let partial: S1apPdu = lazy.pdu_with(pdu_type, items);
    /// assert_eq!(partial.mme_ue_s1ap_id(), Some(256));
    /// assert_eq!(partial.enb_ue_s1ap_id(), None);
    /// assert_eq!(s1ap::decode(&bytes)?.procedure_code, partial.procedure_code);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn known_message<A: ApProtocol>(&self) -> Option<(PduType, &[RawIe<'a>])> {
        let pdu_type = self.pdu_type?;
        if !self.notes.is_empty() || A::message_name(self.procedure_code, pdu_type).is_none() {
            return None;
        }
        Some((pdu_type, self.ies.as_deref()?))
    }

    /// The PDU of this envelope (procedure, criticality, `pdu_type` from
    /// [`LazyPdu::known_message`]) holding `items`: the IEs a caller chose to decode.
    pub fn pdu_with<V, P>(
        &self,
        pdu_type: PduType,
        items: Vec<ProtocolIe<'a, V>>,
    ) -> Pdu<'a, V, P> {
        Pdu {
            pdu_type: Some(pdu_type),
            ext_index: 0,
            procedure_code: self.procedure_code,
            criticality: self.criticality,
            body: Body::Ies(IeMessage {
                ies: IeList { items },
                extensions: ExtensionAdditions::default(),
            }),
            notes: Vec::new(),
        }
    }

    /// The first IE of id `id`, undecoded.
    pub fn raw_ie_of(&self, id: u16) -> Option<&RawIe<'a>> {
        self.ies.as_ref()?.iter().find(|ie| ie.id == id)
    }

    /// The typed value of the first IE of id `id`, decoded now as [`Pdu::decode`] decodes it
    /// (same value, same error); `Ok(None)` when the PDU has no such IE or the protocol `V` does
    /// not type it (or its open type was fragmented: reading it lazily would copy it, so the
    /// caller decodes the PDU in full, which decodes such a value across its fragments).
    pub fn ie<V: IeSet<'a>>(&self, id: u16) -> DecodeResult<Option<V>> {
        Ok(self.ie_with_notes(id)?.map(|(v, _)| v))
    }

    /// As [`LazyPdu::ie`], with the notes decoding the value raised.
    pub fn ie_with_notes<V: IeSet<'a>>(
        &self,
        id: u16,
    ) -> DecodeResult<Option<(V, Vec<crate::error::Note>)>> {
        match self.raw_ie_of(id) {
            Some(ie) => self.decode_raw(ie),
            None => Ok(None),
        }
    }

    /// Decodes the value of `ie`, one of this PDU's [`LazyPdu::ies`], as [`LazyPdu::ie_with_notes`]
    /// does (for a repeated id, whose later IEs [`LazyPdu::ie`] does not reach).
    pub fn decode_raw<V: IeSet<'a>>(
        &self,
        ie: &RawIe<'a>,
    ) -> DecodeResult<Option<(V, Vec<crate::error::Note>)>> {
        let id = ie.id;
        let Some((octets, skip, base)) = ie.open else {
            return Ok(None);
        };
        if !V::knows(id) {
            return Ok(None);
        }
        let (tname, name) = self.path;
        let mut r = PerReader::at(octets, self.protocol, base);
        let decoded = r
            .read_bits(skip)
            .and_then(|_| r.open_type_with_wire(|s| V::decode(id, s)))
            .ctx_with(|| ie_label::<V>(id))
            .ctx_with(|| format!("[{}]", ie.index))
            .ctx("protocol_ies")
            .ctx(name)
            .ctx(tname)?;
        match decoded.0 {
            OpenValue::Decoded(v) => Ok(Some((v, r.take_notes()))),
            OpenValue::Fragmented(_) => Ok(None),
        }
    }

    /// The message name (ASN.1), or a description for unknown procedures, as
    /// [`Pdu::message_name`] gives it.
    pub fn message_name<A: ApProtocol>(&self) -> Cow<'static, str> {
        match self.pdu_type {
            Some(t) => match A::message_name(self.procedure_code, t) {
                Some(n) => Cow::Borrowed(n),
                None => Cow::Owned(format!("procedure{}-{}", self.procedure_code, t.name())),
            },
            None => Cow::Owned(format!("pdu-extension{}", self.ext_index)),
        }
    }
}

/// No typed IEs of protocol `A`: every IE stays octets (a decoder of the envelope alone).
pub struct NoIes<A>(std::convert::Infallible, std::marker::PhantomData<A>);

impl<A> std::fmt::Debug for NoIes<A> {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {}
    }
}

impl<A> Clone for NoIes<A> {
    fn clone(&self) -> Self {
        match self.0 {}
    }
}

impl<A> PartialEq for NoIes<A> {
    fn eq(&self, _: &Self) -> bool {
        match self.0 {}
    }
}

impl<A> Serialize for NoIes<A> {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match self.0 {}
    }
}

impl<'a, A: ApProtocol> IeSet<'a> for NoIes<A> {
    type Protocol = A;
    fn knows(_: u16) -> bool {
        false
    }
    fn decode(_: u16, r: &mut PerReader<'a>) -> DecodeResult<Self> {
        Err(r.error(ErrorKind::Invalid, "no typed IEs"))
    }
    fn encode(&self, _: &mut PerWriter) -> EncodeResult<()> {
        match self.0 {}
    }
    fn name(_: u16) -> Option<&'static str> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct T;
    impl ApProtocol for T {
        const PROTOCOL: Protocol = Protocol::S1ap;
        const PRIVATE_MESSAGE_CODE: u8 = 39;
        fn message_name(code: u8, t: PduType) -> Option<&'static str> {
            match (code, t) {
                (39, PduType::InitiatingMessage) => Some("PrivateMessage"),
                (0, PduType::InitiatingMessage) => Some("HandoverRequired"),
                _ => None,
            }
        }
    }
    type Envelope<'a> = Pdu<'a, NoIes<T>, NoPrivateIes>;

    #[test]
    fn private_message_vector_round_trips() {
        // key-refresh-vectors.json aper[1].s1ap_private_message (NeighbourKeyRequest in IE 60002).
        let b = hex::decode(
            "0027402600000000ea62401e201234004d0000f110400abcdef04000f110001a2b3000f1108103d5e6f0",
        )
        .unwrap();
        let pdu = Envelope::decode::<T>(&b).unwrap();
        assert_eq!(pdu.pdu_type, Some(PduType::InitiatingMessage));
        assert_eq!(pdu.procedure_code, 39);
        assert_eq!(pdu.criticality, Criticality::Ignore);
        let Body::Private(m) = &pdu.body else {
            panic!("not private")
        };
        assert_eq!(m.ies.len(), 1);
        assert_eq!(m.ies[0].id, PrivateIeId::Local(60002));
        assert_eq!(m.ies[0].criticality, Criticality::Ignore);
        let PrivateValue::Raw(v) = &m.ies[0].value else {
            panic!()
        };
        assert_eq!(
            hex::encode(v.as_bytes()),
            "201234004d0000f110400abcdef04000f110001a2b3000f1108103d5e6f0"
        );
        assert!(pdu.notes.is_empty());
        assert_eq!(pdu.encode::<T>().unwrap(), b);
    }

    #[test]
    fn unknown_ies_and_procedures_survive() {
        // HandoverRequired (code 0) with one IE of id 9999 and an unknown procedure 200.
        let mut ies = IeList::<NoIes<T>>::new();
        ies.items.push(ProtocolIe {
            id: 9999,
            criticality: Criticality::Reject,
            value: IeValue::Raw(Octets::owned(vec![1, 2, 3])),
            wire: None,
        });
        for code in [0u8, 200] {
            let pdu = Envelope {
                pdu_type: Some(PduType::InitiatingMessage),
                ext_index: 0,
                procedure_code: code,
                criticality: Criticality::Reject,
                body: Body::Ies(IeMessage::new(ies.clone())),
                notes: vec![],
            };
            let b = pdu.encode::<T>().unwrap();
            let back = Envelope::decode::<T>(&b).unwrap();
            assert_eq!(back, pdu);
            let json = {
                let mut out = Vec::new();
                let mut ser = serde_json::Serializer::new(&mut out);
                back.serialize_with::<T, _>(&mut ser).unwrap();
                String::from_utf8(out).unwrap()
            };
            assert!(
                json.contains(r#""ie_9999":{"criticality":"reject","value":"010203"}"#),
                "{json}"
            );
        }
    }

    #[test]
    fn errors_name_the_path() {
        // HandoverRequired whose IE container claims 2 IEs but holds one truncated IE.
        let b = [0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00];
        let e = Envelope::decode::<T>(&b).unwrap_err();
        assert!(
            e.path()
                .starts_with("initiating_message.HandoverRequired.protocol_ies"),
            "{}",
            e
        );
        assert_eq!(e.kind, ErrorKind::Truncated);
    }

    /// The lazy reading and its on-demand IE decode agree with the full decode: on random
    /// messages of every S1AP and X2AP procedure, every typed IE is the same value; on every
    /// truncation of them, a lazy failure is a full failure, and a full failure inside an IE
    /// value is that IE's lazy decode error, word for word.
    #[test]
    fn lazy_agrees_with_the_full_decode() {
        use crate::ap::common::Rng;
        use crate::s1ap::{S1ap, S1apIe};
        use crate::x2ap::{X2ap, X2apIe};
        /// Typed IEs compared, 1 when the full decode failed inside an IE value, and whether the
        /// octet-level path read the message.
        fn check<'a, A: ApProtocol, V: IeSet<'a, Protocol = A> + PartialEq + std::fmt::Debug>(
            b: &'a [u8],
        ) -> (usize, usize, bool) {
            let full = Pdu::<V, NoPrivateIes>::decode::<A>(b);
            let lazy = LazyPdu::decode::<A, V>(b);
            // The octet-level path reads exactly what the bit reader reads, where it reads.
            let fast = LazyPdu::decode_canonical::<A>(b);
            if let Some(fast) = &fast {
                let bits = LazyPdu::decode_bits::<A, V>(b).expect("the bit reader reads it too");
                assert_eq!(fast, &bits);
            }
            let fast = fast.is_some();
            match (&full, &lazy) {
                (Ok(f), Ok(l)) => {
                    assert_eq!(f.message_name::<A>(), l.message_name::<A>());
                    assert_eq!(f.procedure_code, l.procedure_code);
                    let Some(ies) = f.ies() else {
                        return (0, 0, fast);
                    };
                    let raw = l.ies.as_ref().expect("IE list read");
                    assert_eq!(raw.len(), ies.items.len());
                    for ie in &ies.items {
                        assert_eq!(l.ie::<V>(ie.id).unwrap().as_ref(), ies.get(ie.id));
                    }
                    (ies.items.len(), 0, fast)
                }
                (Ok(_), Err(e)) => panic!("lazy failed where the full decode did not: {e}"),
                (Err(e), Ok(l)) => {
                    // The full decode failed inside an IE value the framing could not see.
                    let i: usize = e
                        .path()
                        .split("protocol_ies[")
                        .nth(1)
                        .and_then(|t| t.split(']').next())
                        .and_then(|t| t.parse().ok())
                        .unwrap_or_else(|| panic!("not inside an IE: {e}"));
                    let raw = &l.ies.as_ref().expect("IE list read")[i];
                    let le = l.decode_raw::<V>(raw).expect_err("the IE fails lazily too");
                    assert_eq!(le.to_string(), e.to_string());
                    (0, 1, fast)
                }
                (Err(_), Err(_)) => (0, 0, fast),
            }
        }
        let types = [
            PduType::InitiatingMessage,
            PduType::SuccessfulOutcome,
            PduType::UnsuccessfulOutcome,
        ];
        // The message, every third prefix of it and a copy with one octet altered.
        type Check<'f> = dyn Fn(&[u8]) -> (usize, usize, bool) + 'f;
        let damage = |b: Vec<u8>, check: &Check<'_>| {
            let (ies, _, fast) = check(&b);
            // keyhop's own encodings are canonical: an intact message takes the octet-level path.
            assert!(fast, "{b:02x?}");
            let (mut cuts, mut inside) = (0, 0);
            for k in (0..b.len()).step_by(3) {
                check(&b[..k]);
                let mut bad = b.clone();
                bad[k] ^= 0xa5;
                inside += check(&bad).1;
                cuts += 1;
            }
            (ies, cuts, inside)
        };
        let mut rng = Rng::new(11);
        let (mut ies, mut cuts, mut inside) = (0, 0, 0);
        for _ in 0..4 {
            for code in 0u8..=255 {
                for t in types {
                    let s1 = S1ap::message_name(code, t)
                        .and_then(|n| crate::s1ap::sample_message(n, &mut rng))
                        .map(|m| {
                            damage(m.encode::<S1ap>().unwrap(), &|b| check::<S1ap, S1apIe>(b))
                        });
                    let x2 = X2ap::message_name(code, t)
                        .and_then(|n| crate::x2ap::sample_message(n, &mut rng))
                        .map(|m| {
                            damage(m.encode::<X2ap>().unwrap(), &|b| check::<X2ap, X2apIe>(b))
                        });
                    for (i, c, n) in s1.into_iter().chain(x2) {
                        (ies, cuts, inside) = (ies + i, cuts + c, inside + n);
                    }
                }
            }
        }
        assert!(
            ies > 1000 && cuts > 1000 && inside > 100,
            "{ies} {cuts} {inside}"
        );
    }
}
