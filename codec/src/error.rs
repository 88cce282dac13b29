//! Errors that say where: every decode error names the protocol, the field path and the bit offset.

use std::borrow::Cow;
use std::fmt;

/// The protocol layer an error or a note belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// S1AP, TS 36.413.
    S1ap,
    /// X2AP, TS 36.423.
    X2ap,
    /// The MME-assisted key refresh ASN.1 types (key-refresh.md section 2).
    Makr,
    /// GTPv2-C, TS 29.274.
    Gtpv2,
    /// GTPv1-C, TS 29.060.
    Gtpv1,
    /// NAS, TS 24.301.
    Nas,
    /// LTE RRC, TS 36.331.
    Rrc,
    /// Capture file framing (pcap, pcapng).
    Capture,
    /// Link layers (Ethernet, SLL, loopback).
    Link,
    /// IPv4 and IPv6.
    Ip,
    /// SCTP.
    Sctp,
    /// UDP.
    Udp,
    /// The keys file.
    Keys,
}

impl Protocol {
    /// Lower-case name as shown in output.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::S1ap => "s1ap",
            Protocol::X2ap => "x2ap",
            Protocol::Makr => "makr",
            Protocol::Gtpv2 => "gtpv2",
            Protocol::Gtpv1 => "gtpv1",
            Protocol::Nas => "nas",
            Protocol::Rrc => "rrc",
            Protocol::Capture => "capture",
            Protocol::Link => "link",
            Protocol::Ip => "ip",
            Protocol::Sctp => "sctp",
            Protocol::Udp => "udp",
            Protocol::Keys => "keys",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What went wrong, coarsely; [`DecodeErrorInfo::detail`] says the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input ended before the field did.
    Truncated,
    /// A value lies outside its constraint.
    OutOfRange,
    /// A length disagrees with its container or its constraint.
    BadLength,
    /// A resource limit of keyhop was reached (depth, count, size).
    Limit,
    /// The encoding breaks its specification in another way.
    Invalid,
}

/// A decode error: protocol, field path, absolute bit offset and a sentence.
///
/// The path is built while the error travels up, so the success path pays nothing for it. The
/// facts live behind one box ([`DecodeErrorInfo`], reached through `Deref`): a decoder's
/// `Result` is then a pointer wide beside its value, returned in registers, where a 64-octet
/// error made every `Result<u64, _>` of the APER reader go through memory.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<DecodeErrorInfo>);

/// What a [`DecodeError`] says: protocol, kind, offset, detail and field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeErrorInfo {
    /// Protocol whose decoder failed.
    pub protocol: Protocol,
    /// Coarse class of the failure.
    pub kind: ErrorKind,
    /// Bit offset from the start of the PDU handed to the decoder.
    pub bit_offset: u64,
    /// What is wrong, in words; never contains key material.
    pub detail: Cow<'static, str>,
    /// Field names, innermost first (see [`DecodeError::path`]).
    rev_path: Vec<Cow<'static, str>>,
}

impl std::ops::Deref for DecodeError {
    type Target = DecodeErrorInfo;
    fn deref(&self) -> &DecodeErrorInfo {
        &self.0
    }
}

impl std::ops::DerefMut for DecodeError {
    fn deref_mut(&mut self) -> &mut DecodeErrorInfo {
        &mut self.0
    }
}

impl DecodeError {
    /// A new error at `bit_offset` with an empty field path.
    #[cold]
    pub fn new(
        protocol: Protocol,
        kind: ErrorKind,
        bit_offset: u64,
        detail: impl Into<Cow<'static, str>>,
    ) -> Self {
        DecodeError(Box::new(DecodeErrorInfo {
            protocol,
            kind,
            bit_offset,
            detail: detail.into(),
            rev_path: Vec::new(),
        }))
    }

    /// Adds an enclosing field name (called on the way out, so innermost first).
    #[cold]
    pub fn in_field(mut self, field: impl Into<Cow<'static, str>>) -> Self {
        self.0.rev_path.push(field.into());
        self
    }

    /// Moves the offset by `bits`, for errors raised inside a sub-decoder of a nested buffer.
    pub fn shifted(mut self, bits: u64) -> Self {
        self.0.bit_offset += bits;
        self
    }

    /// The field path, outermost first, joined with dots.
    pub fn path(&self) -> String {
        let mut s = String::new();
        for (i, p) in self.0.rev_path.iter().rev().enumerate() {
            if i > 0 && !p.starts_with('[') {
                s.push('.');
            }
            s.push_str(p);
        }
        s
    }

    /// Byte offset of the error.
    pub fn byte_offset(&self) -> u64 {
        self.0.bit_offset / 8
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        write!(f, "{}: ", self.protocol)?;
        if !path.is_empty() {
            write!(f, "{path}: ")?;
        }
        write!(f, "{} at byte {}", self.detail, self.bit_offset / 8)?;
        if self.bit_offset % 8 != 0 {
            write!(f, " bit {}", self.bit_offset % 8)?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecodeError({self})")
    }
}

impl std::error::Error for DecodeError {}

impl serde::Serialize for DecodeError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("DecodeError", 6)?;
        st.serialize_field("protocol", &self.protocol)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("path", &self.path())?;
        st.serialize_field("byte_offset", &(self.bit_offset / 8))?;
        st.serialize_field("bit_offset", &self.bit_offset)?;
        st.serialize_field("detail", &self.detail)?;
        st.end()
    }
}

/// Result of a decoder.
pub type DecodeResult<T> = Result<T, DecodeError>;

/// Adds a field name to the error of a result on its way out.
pub trait Context<T> {
    /// Names the enclosing field (static: free on success).
    fn ctx(self, field: &'static str) -> DecodeResult<T>;
    /// Names the enclosing field with a computed name (computed only on error).
    fn ctx_with<F: FnOnce() -> String>(self, f: F) -> DecodeResult<T>;
}

impl<T> Context<T> for DecodeResult<T> {
    #[inline]
    fn ctx(self, field: &'static str) -> DecodeResult<T> {
        self.map_err(|e| e.in_field(field))
    }
    #[inline]
    fn ctx_with<F: FnOnce() -> String>(self, f: F) -> DecodeResult<T> {
        self.map_err(|e| e.in_field(f()))
    }
}

/// An encode error: a value that its encoding cannot carry (out of its constraint, too long...).
///
/// Boxed (one pointer), as [`DecodeError`] is: every encoder returns an [`EncodeResult`], and a
/// result the size of a register is returned in one, not through memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError(Box<EncodeErrorInfo>);

/// What an [`EncodeError`] says: protocol, field path and detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeErrorInfo {
    /// Protocol of the encoder.
    pub protocol: Protocol,
    /// Field path, outermost first.
    pub path: String,
    /// What is wrong.
    pub detail: Cow<'static, str>,
}

impl std::ops::Deref for EncodeError {
    type Target = EncodeErrorInfo;
    fn deref(&self) -> &EncodeErrorInfo {
        &self.0
    }
}

impl EncodeError {
    /// A new encode error.
    #[cold]
    pub fn new(protocol: Protocol, detail: impl Into<Cow<'static, str>>) -> Self {
        EncodeError(Box::new(EncodeErrorInfo {
            protocol,
            path: String::new(),
            detail: detail.into(),
        }))
    }
    /// Adds an enclosing field name (called on the way out).
    #[cold]
    pub fn in_field(mut self, field: &str) -> Self {
        let path = &mut self.0.path;
        if path.is_empty() {
            *path = field.to_string();
        } else if path.starts_with('[') {
            *path = format!("{field}{path}");
        } else {
            *path = format!("{field}.{path}");
        }
        self
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{} encode: {}", self.protocol, self.detail)
        } else {
            write!(
                f,
                "{} encode: {}: {}",
                self.protocol, self.path, self.detail
            )
        }
    }
}

impl std::error::Error for EncodeError {}

/// Result of an encoder.
pub type EncodeResult<T> = Result<T, EncodeError>;

/// Something a decoder accepted but a strict reading of the spec would not: flagged, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    /// Protocol of the decoder that saw it.
    pub protocol: Protocol,
    /// Bit offset from the start of the PDU.
    pub bit_offset: u64,
    /// What was odd.
    pub what: Cow<'static, str>,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} at byte {}",
            self.protocol,
            self.what,
            self.bit_offset / 8
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_and_offset_in_display() {
        let e = DecodeError::new(
            Protocol::S1ap,
            ErrorKind::Truncated,
            19,
            "needs 8 more bits",
        )
        .in_field("radioNetwork")
        .in_field("Cause")
        .in_field("[2]")
        .in_field("protocolIEs");
        assert_eq!(e.path(), "protocolIEs[2].Cause.radioNetwork");
        assert_eq!(
            e.to_string(),
            "s1ap: protocolIEs[2].Cause.radioNetwork: needs 8 more bits at byte 2 bit 3"
        );
    }
}
