//! GTPv2-C (TS 29.274): header, IEs, the MM Context and the mobility messages.
//!
//! smoltcp `wire` style: [`parse`] gives a [`Gtpv2Message`] that borrows the input (keys, containers
//! and unknown IEs are slices of it) and [`Gtpv2Message::emit`] writes it back. Decode then
//! encode is byte-exact: unknown IEs keep their type, instance, spare bits and octets; octets
//! with spare bits next to a typed field are kept whole; octets after the known part of an IE are
//! kept in [`Ie::extra`].
//!
//! ```
//! use keyhop_codec::gtpv2::{self, IeType};
//! // Echo Request, sequence 0x000102, Recovery 7.
//! let bytes = [0x40, 1, 0, 9, 0, 1, 2, 0, 3, 0, 1, 0, 7];
//! let msg = gtpv2::parse(&bytes).unwrap();
//! assert_eq!(msg.message_name(), "EchoRequest");
//! assert!(msg.ie(IeType::Recovery, 0).is_some());
//! assert_eq!(msg.emit().unwrap(), bytes);
//! ```

pub mod ie;
pub mod mm_context;
pub mod types;
pub mod values;

pub use ie::{find, ies_into_map, Ie, IeJson, IeMap, IeValue, MAX_GROUP_DEPTH};
pub use mm_context::{
    MmContext, MmContextForm, OldEpsSecurityContext, Quadruplet, Quintuplet, Triplet,
};
pub use types::{ie_name, IeType, MessageType};
pub use values::*;

use crate::error::{Context, DecodeResult, EncodeResult, ErrorKind, Note, Protocol};
use crate::wire::{Reader, Writer};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// A GTPv2-C message: header fields, IEs, and the message piggybacked after it, if any.
///
/// Header (TS 29.274 5.1): octet 1 version (3 bits, 2), P, T, MP, 2 spare bits; octet 2 message
/// type; octets 3-4 length of everything after them; TEID (if T); sequence number (3 octets);
/// one octet with the message priority in bits 8-5 (if MP) and spare bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gtpv2Message<'a> {
    /// Message type.
    pub message_type: MessageType,
    /// TEID (T flag set when present).
    pub teid: Option<u32>,
    /// Sequence number (24 bits).
    pub sequence: u32,
    /// Message priority (4 bits; MP flag set when present).
    pub message_priority: Option<u8>,
    /// Octet 1 bits 2-1 (spare), as received.
    pub flags_spare: u8,
    /// The spare bits of the last header octet: bits 4-1 with a message priority, all 8
    /// without one.
    pub header_spare: u8,
    /// IEs in wire order.
    pub ies: Vec<Ie<'a>>,
    /// A message piggybacked after this one in the same datagram (P flag).
    pub piggybacked: Option<Box<Gtpv2Message<'a>>>,
    /// Oddities accepted while decoding (octets after the message, and after a piggybacked
    /// one, as tshark accepts them); empty for a message built or decoded clean.
    pub notes: Vec<Note>,
}

/// The message of this protocol, as every protocol module names it ([`decode`] gives one).
pub type Message<'a> = Gtpv2Message<'a>;

/// Decodes a GTPv2-C message (and its piggybacked message) from a whole UDP payload: the same
/// as [`parse`], under the name every protocol module uses.
pub fn decode(buf: &[u8]) -> DecodeResult<Message<'_>> {
    parse(buf)
}

/// Encodes a message (the same as [`Gtpv2Message::emit`]): byte for byte what [`decode`] read,
/// unless a value was changed.
pub fn encode(msg: &Message<'_>) -> EncodeResult<Vec<u8>> {
    msg.emit()
}

/// Decodes a GTPv2-C message (and its piggybacked message) from a whole UDP payload.
///
/// Octets after the message (after the piggybacked one, if any) do not fail it: the message
/// is decoded and a [`Note`] in [`Gtpv2Message::notes`] says how many there are and where they
/// start, as S1AP notes octets after its PDU. Re-encoding writes the message without them.
///
/// Errors carry the protocol, field path (e.g. `ies[3].bearer_context[1].f_teid`) and offset.
///
/// ```
/// use keyhop_codec::gtpv2::{self, Gtpv2Message, MessageType};
/// let mut b = Gtpv2Message::new(MessageType::from_u8(1), 7).emit()?;
/// b.extend_from_slice(&[0xde, 0xad]);
/// let m = gtpv2::parse(&b)?;
/// assert_eq!(m.sequence, 7);
/// assert_eq!(m.notes[0].what, "2 octets after the end of the message");
/// assert_eq!(m.notes[0].bit_offset, 8 * 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse(buf: &[u8]) -> DecodeResult<Gtpv2Message<'_>> {
    let mut r = Reader::new(buf, Protocol::Gtpv2);
    let mut msg = Gtpv2Message::decode(&mut r, false)?;
    if !r.is_empty() {
        msg.notes.push(Note {
            protocol: Protocol::Gtpv2,
            bit_offset: r.offset() as u64 * 8,
            what: format!("{} octets after the end of the message", r.remaining()).into(),
        });
    }
    Ok(msg)
}

impl<'a> Gtpv2Message<'a> {
    /// A message with no TEID, no priority and no IEs.
    pub fn new(message_type: MessageType, sequence: u32) -> Gtpv2Message<'a> {
        Gtpv2Message {
            message_type,
            teid: None,
            sequence,
            message_priority: None,
            flags_spare: 0,
            header_spare: 0,
            ies: Vec::new(),
            piggybacked: None,
            notes: Vec::new(),
        }
    }

    fn decode(r: &mut Reader<'a>, inner: bool) -> DecodeResult<Gtpv2Message<'a>> {
        let start = r.clone();
        if r.remaining() < 8 {
            return Err(r
                .error(
                    ErrorKind::Truncated,
                    format!("header needs at least 8 octets, {} left", r.remaining()),
                )
                .in_field("header"));
        }
        let flags = r.u8()?;
        let version = flags >> 5;
        if version != 2 {
            return Err(start
                .error(
                    ErrorKind::Invalid,
                    format!("version {version}, not GTPv2 (2)"),
                )
                .in_field("header.version"));
        }
        let p = flags & 0x10 != 0;
        let t = flags & 0x08 != 0;
        let mp = flags & 0x04 != 0;
        let message_type = MessageType::from_u8(r.u8()?);
        let len_at = r.clone();
        let length = r.u16()? as usize;
        let fixed = if t { 8 } else { 4 };
        if length < fixed {
            return Err(len_at
                .error(
                    ErrorKind::BadLength,
                    format!("message length {length} is shorter than the header ({fixed})"),
                )
                .in_field("header.length"));
        }
        if length > r.remaining() {
            return Err(len_at
                .error(
                    ErrorKind::BadLength,
                    format!(
                        "message length {length} exceeds the {} octets after it",
                        r.remaining()
                    ),
                )
                .in_field("header.length"));
        }
        let mut body = r.sub(length)?;
        let teid = if t { Some(body.u32()?) } else { None };
        let sequence = body.u24()?;
        let last = body.u8()?;
        let (message_priority, header_spare) = if mp {
            (Some(last >> 4), last & 0x0f)
        } else {
            (None, last)
        };
        let ies = ie::decode_ies(&mut body, 0).ctx("ies")?;
        let piggybacked = if p {
            if inner {
                return Err(start
                    .error(
                        ErrorKind::Invalid,
                        "a piggybacked message sets the P flag again",
                    )
                    .in_field("piggybacked.header.p"));
            }
            if r.is_empty() {
                return Err(r
                    .error(
                        ErrorKind::Truncated,
                        "P flag set but no piggybacked message follows",
                    )
                    .in_field("piggybacked"));
            }
            Some(Box::new(Gtpv2Message::decode(r, true).ctx("piggybacked")?))
        } else {
            None
        };
        Ok(Gtpv2Message {
            message_type,
            teid,
            sequence,
            message_priority,
            flags_spare: flags & 0x03,
            header_spare,
            ies,
            piggybacked,
            notes: Vec::new(),
        })
    }

    /// Encodes the message (and the piggybacked one) into a new buffer.
    pub fn emit(&self) -> EncodeResult<Vec<u8>> {
        let mut w = Writer::with_capacity(256);
        self.emit_into(&mut w)?;
        Ok(w.into_vec())
    }

    /// Encodes the message into `w`; the length field is fixed up after the body.
    pub fn emit_into(&self, w: &mut Writer) -> EncodeResult<()> {
        use values::enc_err;
        if self.flags_spare > 3 {
            return Err(enc_err("header spare bits do not fit 2 bits"));
        }
        if self.message_priority.is_some_and(|p| p > 0x0f)
            || (self.message_priority.is_some() && self.header_spare > 0x0f)
        {
            return Err(enc_err(
                "message priority or its spare bits do not fit 4 bits",
            ));
        }
        if self
            .piggybacked
            .as_ref()
            .is_some_and(|p| p.piggybacked.is_some())
        {
            return Err(enc_err("a piggybacked message cannot carry another"));
        }
        w.u8(0x40
            | (u8::from(self.piggybacked.is_some()) << 4)
            | (u8::from(self.teid.is_some()) << 3)
            | (u8::from(self.message_priority.is_some()) << 2)
            | self.flags_spare);
        w.u8(self.message_type.to_u8());
        let mark = w.start_len(2);
        if let Some(teid) = self.teid {
            w.u32(teid);
        }
        values::put_u24(w, self.sequence, "sequence number")?;
        match self.message_priority {
            Some(p) => w.u8((p << 4) | self.header_spare),
            None => w.u8(self.header_spare),
        }
        ie::encode_ies(w, &self.ies).map_err(|e| e.in_field("ies"))?;
        w.finish_len(mark, Protocol::Gtpv2)?;
        if let Some(p) = &self.piggybacked {
            p.emit_into(w).map_err(|e| e.in_field("piggybacked"))?;
        }
        Ok(())
    }

    /// The 3GPP message name (`ForwardRelocationRequest`; `Unknown` if keyhop has none).
    pub fn message_name(&self) -> &'static str {
        self.message_type.message_name()
    }

    /// The first top-level IE of type `t` and instance `instance`.
    pub fn ie(&self, t: IeType, instance: u8) -> Option<&Ie<'a>> {
        find(&self.ies, t, instance)
    }

    /// All top-level IEs of type `t`, any instance.
    pub fn ies_of(&self, t: IeType) -> impl Iterator<Item = &Ie<'a>> + '_ {
        self.ies.iter().filter(move |ie| ie.ie_type() == t)
    }

    /// IMSI digits, if the message carries an IMSI.
    pub fn imsi(&self) -> Option<&str> {
        match &self.ie(IeType::Imsi, 0)?.value {
            IeValue::Imsi(t) => Some(t.as_str()),
            _ => None,
        }
    }

    /// The Cause (instance 0).
    pub fn cause(&self) -> Option<&Cause> {
        match &self.ie(IeType::Cause, 0)?.value {
            IeValue::Cause(c) => Some(c),
            _ => None,
        }
    }

    /// The MM Context, in whichever of its six forms it comes.
    pub fn mm_context(&self) -> Option<&MmContext<'a>> {
        self.ies.iter().find_map(|ie| match &ie.value {
            IeValue::MmContext(m) => Some(&**m),
            _ => None,
        })
    }

    /// The top-level F-TEID of an instance (0: sender's control plane F-TEID in most messages).
    pub fn f_teid(&self, instance: u8) -> Option<&FTeid> {
        match &self.ie(IeType::FTeid, instance)?.value {
            IeValue::FTeid(f) => Some(f),
            _ => None,
        }
    }

    /// The F-Container of an instance (e.g. 0: E-UTRAN transparent container in a Forward
    /// Relocation Request).
    pub fn f_container(&self, instance: u8) -> Option<&FContainer<'a>> {
        match &self.ie(IeType::FContainer, instance)?.value {
            IeValue::FContainer(f) => Some(f),
            _ => None,
        }
    }

    /// The Target Identification.
    pub fn target_identification(&self) -> Option<&TargetId<'a>> {
        match &self.ie(IeType::TargetIdentification, 0)?.value {
            IeValue::TargetIdentification(t) => Some(t),
            _ => None,
        }
    }

    /// The children of each top-level Bearer Context, in order.
    pub fn bearer_contexts(&self) -> impl Iterator<Item = &[Ie<'a>]> + '_ {
        self.ies.iter().filter_map(|ie| match &ie.value {
            IeValue::BearerContext(c) => Some(c.as_slice()),
            _ => None,
        })
    }

    /// The children of each top-level PDN Connection, in order.
    pub fn pdn_connections(&self) -> impl Iterator<Item = &[Ie<'a>]> + '_ {
        self.ies.iter().filter_map(|ie| match &ie.value {
            IeValue::PdnConnection(c) => Some(c.as_slice()),
            _ => None,
        })
    }

    /// One line for the dissector: name, sequence, TEID, IMSI and cause when present,
    /// e.g. `ForwardRelocationRequest seq=0x000102 teid=0x00000000 imsi=001010123456789`.
    /// A piggybacked message follows after ` + `.
    pub fn summary(&self) -> String {
        // write! appends in place: no temporary string per field.
        use std::fmt::Write as _;
        let mut s = String::from(self.message_name());
        if let MessageType::Unknown(n) = self.message_type {
            let _ = write!(s, "({n})");
        }
        let _ = write!(s, " seq=0x{:06x}", self.sequence);
        if let Some(t) = self.teid {
            let _ = write!(s, " teid=0x{t:08x}");
        }
        if let Some(i) = self.imsi() {
            let _ = write!(s, " imsi={i}");
        }
        if let Some(c) = self.cause() {
            let _ = write!(s, " cause={}", values::cause_text(c.value));
        }
        if let Some(p) = &self.piggybacked {
            s.push_str(" + ");
            s.push_str(&p.summary());
        }
        s
    }

    /// The IEs as a JSON object keyed by IE name (to flatten into the dissector's envelope).
    pub fn ies_json(&self) -> IeMap<'_, 'a> {
        IeMap(&self.ies)
    }
}

/// JSON: `message`, `message_type`, `teid` (if any), `sequence`, `message_priority` (if any),
/// then the IEs keyed by name in wire order, then `piggybacked` (an object of the same shape).
impl Serialize for Gtpv2Message<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("message", self.message_name())?;
        m.serialize_entry("message_type", &self.message_type.to_u8())?;
        if let Some(t) = self.teid {
            m.serialize_entry("teid", &t)?;
        }
        m.serialize_entry("sequence", &self.sequence)?;
        if let Some(p) = self.message_priority {
            m.serialize_entry("message_priority", &p)?;
        }
        // Spare header bits only when a sender set them (re-encoding needs them).
        if self.flags_spare != 0 {
            m.serialize_entry("flags_spare", &self.flags_spare)?;
        }
        if self.header_spare != 0 {
            m.serialize_entry("header_spare", &self.header_spare)?;
        }
        if !self.notes.is_empty() {
            m.serialize_entry("notes", &self.notes)?;
        }
        ies_into_map(&self.ies, &mut m)?;
        if let Some(p) = &self.piggybacked {
            m.serialize_entry("piggybacked", &**p)?;
        }
        m.end()
    }
}
