//! Octet-level reading and writing for the TLV protocols (GTPv2-C, GTPv1-C, NAS).
//!
//! Modelled on rustls's `msgs::codec`: a [`Reader`] over borrowed bytes that knows its absolute
//! offset, hands out length-bounded sub-readers, and fails with the protocol and the offset;
//! a [`Writer`] whose length prefixes are written first and fixed up once the body is known.

use crate::error::{DecodeError, DecodeResult, EncodeError, EncodeResult, ErrorKind, Protocol};

/// A cursor over borrowed octets. Every read is bounds-checked; nothing panics.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Absolute offset of `buf[0]` in the PDU, for error messages.
    base: usize,
    protocol: Protocol,
}

impl<'a> Reader<'a> {
    /// A reader over a whole PDU.
    pub fn new(buf: &'a [u8], protocol: Protocol) -> Self {
        Reader {
            buf,
            pos: 0,
            base: 0,
            protocol,
        }
    }

    /// Protocol named in errors.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Absolute byte offset of the next octet.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Octets left.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// True when nothing is left.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// An error of `kind` at the current offset.
    pub fn error(
        &self,
        kind: ErrorKind,
        detail: impl Into<std::borrow::Cow<'static, str>>,
    ) -> DecodeError {
        DecodeError::new(self.protocol, kind, self.offset() as u64 * 8, detail)
    }

    fn truncated(&self, n: usize) -> DecodeError {
        self.error(
            ErrorKind::Truncated,
            format!("needs {n} octets, {} left", self.remaining()),
        )
    }

    /// Takes `n` octets.
    #[inline]
    pub fn take(&mut self, n: usize) -> DecodeResult<&'a [u8]> {
        if self.remaining() < n {
            return Err(self.truncated(n));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// Takes everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        let s = &self.buf[self.pos..];
        self.pos = self.buf.len();
        s
    }

    /// Looks at the next octet without taking it.
    pub fn peek_u8(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// Takes a fixed-size array.
    #[inline]
    pub fn array<const N: usize>(&mut self) -> DecodeResult<[u8; N]> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    /// One octet.
    #[inline]
    pub fn u8(&mut self) -> DecodeResult<u8> {
        Ok(self.array::<1>()?[0])
    }

    /// Two octets, big-endian.
    #[inline]
    pub fn u16(&mut self) -> DecodeResult<u16> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    /// Three octets, big-endian.
    #[inline]
    pub fn u24(&mut self) -> DecodeResult<u32> {
        let a = self.array::<3>()?;
        Ok(u32::from_be_bytes([0, a[0], a[1], a[2]]))
    }

    /// Four octets, big-endian.
    #[inline]
    pub fn u32(&mut self) -> DecodeResult<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// A sub-reader over the next `n` octets, which this reader skips. Errors inside it carry
    /// absolute offsets.
    pub fn sub(&mut self, n: usize) -> DecodeResult<Reader<'a>> {
        let start = self.offset();
        let buf = self.take(n)?;
        Ok(Reader {
            buf,
            pos: 0,
            base: start,
            protocol: self.protocol,
        })
    }
}

/// A growable output buffer with length fix-ups.
#[derive(Debug, Default, Clone)]
pub struct Writer {
    buf: Vec<u8>,
}

/// A reserved length field, filled by [`Writer::finish_len`].
#[derive(Debug, Clone, Copy)]
#[must_use = "call Writer::finish_len once the body is written"]
pub struct LenMark {
    at: usize,
    width: u8,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Writer::default()
    }
    /// An empty writer with room for `n` octets.
    pub fn with_capacity(n: usize) -> Self {
        Writer {
            buf: Vec::with_capacity(n),
        }
    }
    /// Octets written so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }
    /// True when nothing is written.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
    /// The written octets.
    pub fn as_slice(&self) -> &[u8] {
        &self.buf
    }
    /// Mutable access to the written octets (to patch flags after the fact).
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut self.buf
    }
    /// The written octets, by value.
    pub fn into_vec(self) -> Vec<u8> {
        self.buf
    }
    /// Appends octets.
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
    /// Appends one octet.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    /// Appends two octets, big-endian.
    pub fn u16(&mut self, v: u16) {
        self.bytes(&v.to_be_bytes());
    }
    /// Appends the low three octets of `v`, big-endian.
    pub fn u24(&mut self, v: u32) {
        self.bytes(&v.to_be_bytes()[1..]);
    }
    /// Appends four octets, big-endian.
    pub fn u32(&mut self, v: u32) {
        self.bytes(&v.to_be_bytes());
    }
    /// Reserves a length field of `width` octets (1 or 2) to be filled later.
    pub fn start_len(&mut self, width: u8) -> LenMark {
        let at = self.buf.len();
        self.buf.extend(std::iter::repeat(0).take(width as usize));
        LenMark { at, width }
    }
    /// Fills the length field with the number of octets written after it.
    pub fn finish_len(&mut self, mark: LenMark, protocol: Protocol) -> EncodeResult<()> {
        let n = self.buf.len() - mark.at - mark.width as usize;
        match mark.width {
            1 if n <= 0xff => self.buf[mark.at] = n as u8,
            2 if n <= 0xffff => {
                self.buf[mark.at..mark.at + 2].copy_from_slice(&(n as u16).to_be_bytes())
            }
            _ => {
                return Err(EncodeError::new(
                    protocol,
                    format!("{n} octets do not fit a {}-octet length", mark.width),
                ))
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_reader_offsets_are_absolute() {
        let data = [1u8, 2, 3, 4, 5];
        let mut r = Reader::new(&data, Protocol::Gtpv2);
        r.u8().unwrap();
        let mut s = r.sub(2).unwrap();
        assert_eq!(s.u16().unwrap(), 0x0203);
        let e = s.u8().unwrap_err();
        assert_eq!(e.byte_offset(), 3);
        assert_eq!(e.kind, ErrorKind::Truncated);
        assert_eq!(r.u16().unwrap(), 0x0405);
        assert!(r.is_empty());
    }

    #[test]
    fn length_fixup() {
        let mut w = Writer::new();
        w.u8(0x01);
        let m = w.start_len(2);
        w.bytes(&[9, 9, 9]);
        w.finish_len(m, Protocol::Gtpv2).unwrap();
        assert_eq!(w.as_slice(), &[1, 0, 3, 9, 9, 9]);
    }
}
