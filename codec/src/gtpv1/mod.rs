//! GTPv1-C (3GPP TS 29.060): header with extension headers, TV/TLV information elements, the
//! MM Context and PDP Context, and typed views of the relocation and context-transfer messages.
//!
//! Two levels, smoltcp style:
//!
//! * [`Packet`]: a checked zero-copy view of one message (header fields, the extension header
//!   chain, an iterator over raw IEs);
//! * [`Message`]: the plain representation ([`Header`] and a list of [`Ie`] in wire order), with
//!   [`Message::parse`] and [`Message::emit`]. Decode then encode gives the same octets: spare
//!   bits, unknown IEs and untyped tails are kept.
//!
//! [`Message::typed`] gives per-message views (Forward Relocation Request, SGSN Context
//! Response, ...) whose fields point into the IE list; [`Message::summary`] is the one-line
//! description for the dissector; `Serialize` follows docs/json.md with the names of
//! [`ie_name`].
//!
//! ```
//! use keyhop_codec::gtpv1::{self, MessageType};
//!
//! // Echo Request (TS 29.060 clause 7.2.1) with a sequence number: 12 octets, no IE.
//! let bytes = [0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0x12, 0x34, 0x00, 0x00];
//! let msg = gtpv1::decode(&bytes)?;
//! assert_eq!(msg.message_type(), MessageType::EchoRequest);
//! assert_eq!(msg.header.sequence_number, 0x1234);
//! assert_eq!(gtpv1::encode(&msg)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod context;
mod ie;
mod json;
mod msgs;
mod owned;
mod types;

pub use context::{MmContext, PdpContext, Quintuplet, SecurityContext, SecurityMode, Triplet};
pub use ie::{
    GsnAddress, Ie, IeIter, NsapiOctet, PacketFlowId, PrivateExtension, RabContext,
    RabSetupInformation, Rai, RawIe, TargetIdentification, Tbcd8, TeidDataIi,
};
pub use json::{IeMap, WithNotes};
pub use msgs::{
    ie_presence, EchoRequest, EchoResponse, ForwardRelocationComplete,
    ForwardRelocationCompleteAcknowledge, ForwardRelocationRequest, ForwardRelocationResponse,
    ForwardSrnsContext, ForwardSrnsContextAcknowledge, Presence, RelocationCancelRequest,
    RelocationCancelResponse, SgsnContextAcknowledge, SgsnContextRequest, SgsnContextResponse,
    Typed,
};
pub use types::{ie_name, is_tv, tv_len, Cause, IeType, MessageType};

use crate::error::{
    Context, DecodeError, DecodeResult, EncodeError, EncodeResult, ErrorKind, Note, Protocol,
};
use crate::redact::Octets;
use crate::wire::{Reader, Writer};

/// The protocol named in errors and notes.
pub const PROTO: Protocol = Protocol::Gtpv1;

/// Octets of the mandatory header (flags, type, length, TEID).
pub const MANDATORY_HEADER_LEN: usize = 8;

const FLAG_PT: u8 = 0x10;
const FLAG_SPARE: u8 = 0x08;
const FLAG_E: u8 = 0x04;
const FLAG_S: u8 = 0x02;
const FLAG_PN: u8 = 0x01;

/// A checked zero-copy view of one GTPv1 message.
///
/// [`Packet::new_checked`] validates the version, the PT bit, the length field against the
/// buffer, the optional octets and the whole extension header chain, so the accessors cannot
/// fail. IEs are checked lazily by [`Packet::ies`].
#[derive(Debug, Clone, Copy)]
pub struct Packet<'a> {
    buf: &'a [u8],
    /// Offset of the first IE.
    body_start: usize,
}

impl<'a> Packet<'a> {
    /// Checks `buf` as exactly one GTPv1 message (no octets after it).
    pub fn new_checked(buf: &'a [u8]) -> DecodeResult<Packet<'a>> {
        let (p, end) = Self::new_prefix(buf)?;
        if buf.len() > end {
            return Err(DecodeError::new(
                PROTO,
                ErrorKind::BadLength,
                end as u64 * 8,
                format!(
                    "{} octets after the message end given by the length field",
                    buf.len() - end
                ),
            )
            .in_field("header.length"));
        }
        Ok(p)
    }

    /// Checks the GTPv1 message at the start of `buf`, which may have octets after it (a UDP
    /// payload longer than the message): the packet covers the message alone, and its end
    /// (the offset of the first octet after it) is returned with it.
    pub fn new_prefix(buf: &'a [u8]) -> DecodeResult<(Packet<'a>, usize)> {
        let mut r = Reader::new(buf, PROTO);
        let flags = r.u8().ctx("header")?;
        if flags >> 5 != 1 {
            return Err(DecodeError::new(
                PROTO,
                ErrorKind::Invalid,
                0,
                format!("version {} where GTPv1 needs 1", flags >> 5),
            )
            .in_field("header.version"));
        }
        if flags & FLAG_PT == 0 {
            return Err(DecodeError::new(
                PROTO,
                ErrorKind::Invalid,
                3,
                "PT 0 is GTP' (TS 32.295), not GTP",
            )
            .in_field("header.pt"));
        }
        let _ty = r.u8().ctx("header.message_type")?;
        let len = r.u16().ctx("header.length")? as usize;
        let _teid = r.u32().ctx("header.teid")?;
        let end = MANDATORY_HEADER_LEN + len;
        if buf.len() < end {
            return Err(DecodeError::new(
                PROTO,
                ErrorKind::Truncated,
                16,
                format!(
                    "length field {len} needs {end} octets, the buffer has {}",
                    buf.len()
                ),
            )
            .in_field("header.length"));
        }
        let buf = &buf[..end];
        let mut body = r.sub(len)?;
        if flags & (FLAG_E | FLAG_S | FLAG_PN) != 0 {
            let _seq = body.u16().ctx("header.sequence_number")?;
            let _npdu = body.u8().ctx("header.npdu_number")?;
            let next = body.u8().ctx("header.next_extension_type")?;
            if flags & FLAG_E != 0 {
                walk_extensions(&mut body, next, |_, _, _| ())?;
            }
        }
        Ok((
            Packet {
                buf,
                body_start: body.offset(),
            },
            end,
        ))
    }

    /// The message octets.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.buf
    }
    /// Octet 1 (version, PT, spare, E, S, PN).
    pub fn flags(&self) -> u8 {
        self.buf[0]
    }
    /// Version (always 1 in a checked packet).
    pub fn version(&self) -> u8 {
        self.buf[0] >> 5
    }
    /// E flag.
    pub fn e(&self) -> bool {
        self.buf[0] & FLAG_E != 0
    }
    /// S flag.
    pub fn s(&self) -> bool {
        self.buf[0] & FLAG_S != 0
    }
    /// PN flag.
    pub fn pn(&self) -> bool {
        self.buf[0] & FLAG_PN != 0
    }
    /// Whether the optional 4 octets (sequence number, N-PDU number, next type) are present.
    pub fn has_optional(&self) -> bool {
        self.buf[0] & (FLAG_E | FLAG_S | FLAG_PN) != 0
    }
    /// Message type.
    pub fn message_type(&self) -> MessageType {
        self.buf[1].into()
    }
    /// Length field: octets after the mandatory 8.
    pub fn length(&self) -> u16 {
        u16::from_be_bytes([self.buf[2], self.buf[3]])
    }
    /// TEID.
    pub fn teid(&self) -> u32 {
        u32::from_be_bytes([self.buf[4], self.buf[5], self.buf[6], self.buf[7]])
    }
    /// Sequence number, when S is set.
    pub fn sequence_number(&self) -> Option<u16> {
        self.s()
            .then(|| u16::from_be_bytes([self.buf[8], self.buf[9]]))
    }
    /// N-PDU number, when PN is set.
    pub fn npdu_number(&self) -> Option<u8> {
        self.pn().then(|| self.buf[10])
    }
    /// The extension headers (type, content) in chain order; empty unless E is set.
    pub fn extension_headers(&self) -> Vec<(u8, &'a [u8])> {
        let mut out = Vec::new();
        if self.e() {
            let mut r = Reader::new(&self.buf[12..self.body_start], PROTO);
            // Checked in new_checked, so this cannot fail.
            let _ = walk_extensions(&mut r, self.buf[11], |t, c, _| out.push((t, c)));
        }
        out
    }
    /// Offset of the first IE.
    pub fn body_offset(&self) -> usize {
        self.body_start
    }
    /// The IEs, raw, in wire order (stops after the first error).
    pub fn ies(&self) -> IeIter<'a> {
        let mut r = Reader::new(self.buf, PROTO);
        // Cannot fail: body_start <= buf.len() was established by new_checked.
        let _ = r.take(self.body_start);
        IeIter::new(r)
    }
}

/// Follows an extension header chain starting with type `next` until a next type of 0.
/// Each header is `length (4-octet units) | content | next type`.
fn walk_extensions<'a>(
    r: &mut Reader<'a>,
    mut next: u8,
    mut f: impl FnMut(u8, &'a [u8], usize),
) -> DecodeResult<()> {
    let mut i = 0usize;
    while next != 0 {
        let at = r.offset();
        let path = || format!("header.extension_headers[{i}]");
        let units = r.u8().map_err(|e| {
            DecodeError::new(
                PROTO,
                ErrorKind::Truncated,
                e.bit_offset,
                format!(
                    "extension header chain does not end: type {next} announced but the message \
                     ends at byte {at}"
                ),
            )
            .in_field(path())
        })? as usize;
        if units == 0 {
            return Err(DecodeError::new(
                PROTO,
                ErrorKind::BadLength,
                at as u64 * 8,
                format!("extension header of type {next} with length 0 (it must cover at least its length and next-type octets)"),
            )
            .in_field(path()));
        }
        let content_len = units * 4 - 2;
        if r.remaining() < content_len + 1 {
            return Err(DecodeError::new(
                PROTO,
                ErrorKind::BadLength,
                at as u64 * 8,
                format!(
                    "extension header of type {next} at byte {at} is {} octets long but the \
                     message has {} left",
                    units * 4,
                    r.remaining() + 1
                ),
            )
            .in_field(path()));
        }
        let content = r.take(content_len)?;
        f(next, content, at);
        next = r.u8()?;
        i += 1;
    }
    Ok(())
}

/// One extension header of the GTP header chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionHeader<'a> {
    /// Its type (the "next extension header type" value that announced it); never 0.
    pub ext_type: u8,
    /// Content between the length octet and the next-type octet: 4n - 2 octets.
    pub content: Octets<'a>,
}

/// The GTPv1 header as a plain value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// Message type.
    pub message_type: MessageType,
    /// TEID (0 where the peer's TEID is not known yet).
    pub teid: u32,
    /// Octet 1 bit 4 (spare; kept for byte-exact re-encoding).
    pub spare: bool,
    /// E flag: extension headers follow the optional octets.
    pub e: bool,
    /// S flag: the sequence number is meaningful (always set in GTP-C).
    pub s: bool,
    /// PN flag: the N-PDU number is meaningful.
    pub pn: bool,
    /// Sequence number (on the wire when any of E, S, PN is set; meaningful when S).
    pub sequence_number: u16,
    /// N-PDU number (on the wire when any flag is set; meaningful when PN).
    pub npdu_number: u8,
    /// Octet 12 as received. Written as is when E is clear; with E set the chain in
    /// `extensions` decides it.
    pub next_extension_type: u8,
    /// Extension headers (only with E set).
    pub extensions: Vec<ExtensionHeader<'a>>,
}

impl<'a> Header<'a> {
    /// A header with S set, the usual GTP-C form.
    pub fn new(message_type: MessageType, teid: u32, sequence_number: u16) -> Self {
        Header {
            message_type,
            teid,
            spare: false,
            e: false,
            s: true,
            pn: false,
            sequence_number,
            npdu_number: 0,
            next_extension_type: 0,
            extensions: Vec::new(),
        }
    }

    /// The sequence number if S is set.
    pub fn sequence(&self) -> Option<u16> {
        self.s.then_some(self.sequence_number)
    }

    /// Whether the optional 4 octets are on the wire.
    pub fn has_optional(&self) -> bool {
        self.e || self.s || self.pn
    }

    fn from_packet(p: &Packet<'a>) -> Self {
        let b = p.as_bytes();
        let opt = p.has_optional();
        Header {
            message_type: p.message_type(),
            teid: p.teid(),
            spare: b[0] & FLAG_SPARE != 0,
            e: p.e(),
            s: p.s(),
            pn: p.pn(),
            sequence_number: if opt {
                u16::from_be_bytes([b[8], b[9]])
            } else {
                0
            },
            npdu_number: if opt { b[10] } else { 0 },
            next_extension_type: if opt { b[11] } else { 0 },
            extensions: p
                .extension_headers()
                .into_iter()
                .map(|(t, c)| ExtensionHeader {
                    ext_type: t,
                    content: Octets::borrowed(c),
                })
                .collect(),
        }
    }

    /// Writes the header with a zero length field; returns the offset of octet 1.
    fn emit(&self, w: &mut Writer) -> EncodeResult<usize> {
        let start = w.len();
        let flags = 0x20
            | FLAG_PT
            | if self.spare { FLAG_SPARE } else { 0 }
            | if self.e { FLAG_E } else { 0 }
            | if self.s { FLAG_S } else { 0 }
            | if self.pn { FLAG_PN } else { 0 };
        w.u8(flags);
        w.u8(self.message_type.into());
        // The length counts from after the TEID, so it is patched by hand, not with a LenMark.
        w.u16(0);
        w.u32(self.teid);
        if !self.e && !self.extensions.is_empty() {
            return Err(EncodeError::new(PROTO, "extension headers need the E flag")
                .in_field("header.extensions"));
        }
        if self.has_optional() {
            w.u16(self.sequence_number);
            w.u8(self.npdu_number);
            if self.e {
                w.u8(self.extensions.first().map_or(0, |x| x.ext_type));
                for (i, x) in self.extensions.iter().enumerate() {
                    let field = || format!("header.extensions[{i}]");
                    let n = x.content.as_bytes().len() + 2;
                    if x.ext_type == 0 || n % 4 != 0 || n / 4 > 255 {
                        return Err(EncodeError::new(
                            PROTO,
                            format!(
                                "type {} with {} content octets: needs a non-zero type and \
                                 4n - 2 octets, n <= 255",
                                x.ext_type,
                                n - 2
                            ),
                        )
                        .in_field(&field()));
                    }
                    w.u8((n / 4) as u8);
                    w.bytes(x.content.as_bytes());
                    w.u8(self.extensions.get(i + 1).map_or(0, |y| y.ext_type));
                }
            } else {
                w.u8(self.next_extension_type);
            }
        }
        Ok(start)
    }
}

/// A GTPv1-C message: header and IEs in wire order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    /// The header.
    pub header: Header<'a>,
    /// The IEs, in wire order.
    pub ies: Vec<Ie<'a>>,
}

/// Decodes one GTPv1-C message occupying all of `buf` (the same as [`Message::parse`], under the
/// name every protocol module uses).
pub fn decode(buf: &[u8]) -> DecodeResult<Message<'_>> {
    Message::parse(buf)
}

/// Encodes a message (the same as [`Message::emit`]): byte for byte what [`decode`] read,
/// unless a value was changed.
pub fn encode(msg: &Message<'_>) -> EncodeResult<Vec<u8>> {
    msg.emit()
}

impl<'a> Message<'a> {
    /// Decodes one message occupying all of `buf`.
    pub fn parse(buf: &'a [u8]) -> DecodeResult<Message<'a>> {
        let p = Packet::new_checked(buf)?;
        Self::from_packet(&p)
    }

    /// Decodes the message at the start of a UDP payload, with its [`Message::notes`] and a
    /// note of the octets after it, if any (they do not fail the message, as tshark decodes it;
    /// S1AP notes octets after its PDU the same way).
    ///
    /// ```
    /// use keyhop_codec::gtpv1::{Message, MessageType};
    /// let mut b = hex::decode("320100040000000000070000").unwrap(); // Echo Request
    /// b.extend_from_slice(&[0, 0, 0]);
    /// assert!(Message::parse(&b).is_err());
    /// let (m, notes) = Message::parse_with_notes(&b)?;
    /// assert_eq!(m.header.message_type, MessageType::EchoRequest);
    /// assert_eq!(notes[0].what, "3 octets after the end of the message");
    /// assert_eq!(notes[0].bit_offset, 12 * 8);
    /// # Ok::<(), keyhop_codec::DecodeError>(())
    /// ```
    pub fn parse_with_notes(buf: &'a [u8]) -> DecodeResult<(Message<'a>, Vec<Note>)> {
        let (p, end) = Packet::new_prefix(buf)?;
        let m = Self::from_packet(&p)?;
        let mut notes = m.notes();
        if buf.len() > end {
            notes.push(Note {
                protocol: PROTO,
                bit_offset: end as u64 * 8,
                what: format!("{} octets after the end of the message", buf.len() - end).into(),
            });
        }
        Ok((m, notes))
    }

    /// Types the IEs of a checked packet.
    pub fn from_packet(p: &Packet<'a>) -> DecodeResult<Message<'a>> {
        let header = Header::from_packet(p);
        let mut ies = Vec::new();
        for (i, raw) in p.ies().enumerate() {
            let ie = raw
                .and_then(|raw| Ie::decode(&raw))
                .ctx_with(|| format!("[{i}]"))
                .ctx("ies")?;
            ies.push(ie);
        }
        Ok(Message { header, ies })
    }

    /// Encodes the message; the length field is computed.
    pub fn emit(&self) -> EncodeResult<Vec<u8>> {
        let mut w = Writer::with_capacity(64);
        self.emit_into(&mut w)?;
        Ok(w.into_vec())
    }

    /// Appends the encoded message to `w`.
    pub fn emit_into(&self, w: &mut Writer) -> EncodeResult<()> {
        let start = self.header.emit(w)?;
        for (i, ie) in self.ies.iter().enumerate() {
            ie.emit(w).map_err(|e| e.in_field(&format!("ies[{i}]")))?;
        }
        let n = w.len() - start - MANDATORY_HEADER_LEN;
        let n = u16::try_from(n).map_err(|_| {
            EncodeError::new(PROTO, format!("{n} octets after the header exceed 65535"))
                .in_field("header.length")
        })?;
        w.as_mut_slice()[start + 2..start + 4].copy_from_slice(&n.to_be_bytes());
        Ok(())
    }

    /// Message type.
    pub fn message_type(&self) -> MessageType {
        self.header.message_type
    }

    /// The 3GPP message name (`ForwardRelocationRequest`; `Unknown` for unlisted types).
    pub fn message_name(&self) -> &'static str {
        self.header.message_type.message_name()
    }

    /// The IEs of type `t`, in wire order.
    pub fn ies_of(&self, t: IeType) -> impl Iterator<Item = &Ie<'a>> {
        let t = u8::from(t);
        self.ies.iter().filter(move |ie| ie.ie_type() == t)
    }

    /// The first IE of type `t`.
    pub fn ie(&self, t: IeType) -> Option<&Ie<'a>> {
        self.ies_of(t).next()
    }

    /// IMSI, if present.
    pub fn imsi(&self) -> Option<&Tbcd8> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::Imsi(x) => Some(x),
            _ => None,
        })
    }

    /// Cause, if present.
    pub fn cause(&self) -> Option<Cause> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::Cause(c) => Some(*c),
            _ => None,
        })
    }

    /// The first MM Context, if present.
    pub fn mm_context(&self) -> Option<&MmContext<'a>> {
        self.ies.iter().find_map(|ie| match ie {
            Ie::MmContext(m) => Some(m),
            _ => None,
        })
    }

    /// One line for the dissector: name, sequence number, TEID, IMSI and cause when present.
    pub fn summary(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::from(self.message_name());
        if let MessageType::Unknown(n) = self.header.message_type {
            let _ = write!(s, "({n})");
        }
        if let Some(seq) = self.header.sequence() {
            let _ = write!(s, " seq={seq}");
        }
        let _ = write!(s, " teid=0x{:08x}", self.header.teid);
        if let Some(imsi) = self.imsi() {
            let _ = write!(s, " imsi={}", imsi.digits());
        }
        if let Some(c) = self.cause() {
            let _ = write!(s, " cause={}({})", c.label(), c.0);
        }
        s
    }

    /// Oddities a tolerant reader accepts: mandatory IEs missing for this message type
    /// ([`ie_presence`]) and IEs out of ascending type order (TS 29.060 7.7.0). Offsets are
    /// those of the message start, as the typed IEs no longer carry theirs.
    pub fn notes(&self) -> Vec<Note> {
        let mut notes = Vec::new();
        for &(t, p) in ie_presence(self.header.message_type) {
            if p == Presence::Mandatory && self.ie(t).is_none() {
                notes.push(Note {
                    protocol: PROTO,
                    bit_offset: 0,
                    what: format!("mandatory IE {} missing", ie_name(t.into())).into(),
                });
            }
        }
        if let Some(what) = self
            .imsi()
            .and_then(|i| crate::text::imsi_note(&i.digits()))
        {
            notes.push(Note {
                protocol: PROTO,
                bit_offset: 0,
                what: what.into(),
            });
        }
        if self.ies.windows(2).any(|w| w[0].ie_type() > w[1].ie_type()) {
            notes.push(Note {
                protocol: PROTO,
                bit_offset: 0,
                what: "IEs not in ascending type order".into(),
            });
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_imsi_gets_a_note() {
        // Forward Relocation Request with only an IMSI of 16 digits.
        let mut b = vec![0x32, 53, 0x00, 0x0d, 0, 0, 0, 1, 0x00, 0x07, 0, 0];
        b.extend([2, 0x00, 0x01, 0x01, 0x21, 0x43, 0x65, 0x87, 0x19]);
        let m = Message::parse(&b).unwrap();
        let notes: Vec<String> = m.notes().iter().map(|n| n.what.to_string()).collect();
        assert!(
            notes.contains(&"IMSI 0010101234567891: 16 digits (at most 15)".to_string()),
            "{notes:?}"
        );
        assert_eq!(m.emit().unwrap(), b);
    }

    #[test]
    fn echo_request_round_trip() {
        let b = [0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0x12, 0x34, 0x00, 0x00];
        let m = Message::parse(&b).unwrap();
        assert_eq!(m.message_type(), MessageType::EchoRequest);
        assert_eq!(m.header.sequence(), Some(0x1234));
        assert!(m.ies.is_empty());
        assert_eq!(m.emit().unwrap(), b);
        assert_eq!(m.summary(), "EchoRequest seq=4660 teid=0x00000000");
    }
}
