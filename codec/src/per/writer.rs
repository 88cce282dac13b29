//! The PER bit writer (ALIGNED or UNALIGNED): canonical encodings of the fields [`super::PerReader`] reads.

use super::{octets_for, Index, IntConstraint, SizeConstraint};
use crate::error::{EncodeError, EncodeResult, Protocol};

/// A PER writer, ALIGNED ([`PerWriter::new`]) or UNALIGNED ([`PerWriter::new_unaligned`]). Bits are appended most significant first; [`PerWriter::into_bytes`]
/// pads the last octet with zeros.
#[derive(Debug, Clone)]
pub struct PerWriter {
    buf: Vec<u8>,
    /// Bits used in the last octet of `buf` (0 = octet aligned).
    used: u8,
    protocol: Protocol,
    /// ALIGNED variant (padding to octet boundaries) or UNALIGNED (none).
    aligned: bool,
}

impl PerWriter {
    /// An empty writer for `protocol` (named in errors).
    pub fn new(protocol: Protocol) -> Self {
        PerWriter {
            buf: Vec::with_capacity(256),
            used: 0,
            protocol,
            aligned: true,
        }
    }

    /// An empty writer in the UNALIGNED variant (X.691 clause 11: no padding bits, constrained
    /// whole numbers in minimal bit-fields).
    pub fn new_unaligned(protocol: Protocol) -> Self {
        PerWriter {
            aligned: false,
            ..Self::new(protocol)
        }
    }

    /// Whether this writer uses the ALIGNED variant.
    pub fn is_aligned(&self) -> bool {
        self.aligned
    }

    /// Protocol named in errors.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// An error naming this writer's protocol.
    pub fn error(&self, detail: impl Into<std::borrow::Cow<'static, str>>) -> EncodeError {
        EncodeError::new(self.protocol, detail)
    }

    /// Bits written so far.
    pub fn bit_len(&self) -> usize {
        if self.used == 0 {
            self.buf.len() * 8
        } else {
            (self.buf.len() - 1) * 8 + self.used as usize
        }
    }

    /// The encoding, padded with zero bits to a whole octet.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Writes the low `n` (<= 64) bits of `v`, most significant first.
    ///
    /// Always inlined: `n` is a constant at nearly every call, so one of the fast paths is all
    /// that is left of it there.
    #[inline(always)]
    pub fn write_bits(&mut self, v: u64, n: u32) {
        if n == 0 {
            return;
        }
        let v = if n < 64 { v & ((1u64 << n) - 1) } else { v };
        let used = self.used as u32;
        if used == 0 && n % 8 == 0 {
            // Whole octets at an octet boundary: the common case of the ALIGNED variant.
            self.buf
                .extend_from_slice(&v.to_be_bytes()[8 - (n / 8) as usize..]);
            return;
        }
        if used == 0 && n < 8 {
            // Bits starting a new octet.
            self.buf.push((v << (8 - n)) as u8);
            self.used = n as u8;
            return;
        }
        if used != 0 && n <= 8 - used {
            // Bits that fit in the last, partly used octet.
            let last = self.buf.len() - 1;
            self.buf[last] |= (v << (8 - used - n)) as u8;
            self.used = ((used + n) % 8) as u8;
            return;
        }
        self.write_bits_slow(v, n);
    }

    /// [`Self::write_bits`] of bits that cross octet boundaries: the part that fills the last
    /// octet, then whole octets, then the bits that start a new one (no loop per octet).
    #[inline(never)]
    fn write_bits_slow(&mut self, v: u64, n: u32) {
        let mut n = n;
        let mut v = v;
        let used = self.used as u32;
        if used != 0 {
            // Fill the partly used octet with the top bits (n > 8 - used here).
            let free = 8 - used;
            let last = self.buf.len() - 1;
            self.buf[last] |= (v >> (n - free)) as u8;
            n -= free;
            v &= (1u64 << n) - 1;
        }
        let whole = n / 8;
        let rem = n % 8;
        if whole > 0 {
            let top = v >> rem;
            self.buf
                .extend_from_slice(&top.to_be_bytes()[8 - whole as usize..]);
        }
        if rem > 0 {
            self.buf.push((v << (8 - rem)) as u8);
        }
        self.used = rem as u8;
    }

    /// Writes one bit.
    #[inline(always)]
    pub fn write_bool(&mut self, b: bool) {
        self.write_bits(b as u64, 1);
    }

    /// Pads with zero bits to the next octet boundary.
    #[inline(always)]
    pub fn align(&mut self) {
        if !self.aligned {
            return;
        }
        self.used = 0;
    }

    /// Appends whole octets: at an octet boundary in the ALIGNED variant (the caller aligns
    /// first), anywhere in the UNALIGNED one.
    #[inline]
    fn octets(&mut self, b: &[u8]) {
        if self.used == 0 {
            self.buf.extend_from_slice(b);
        } else {
            for &o in b {
                self.write_bits(o as u64, 8);
            }
        }
    }

    /// Appends `nbits` bits taken from the left of `b`.
    #[inline]
    fn bits_from_octets(&mut self, b: &[u8], nbits: usize) {
        if self.used == 0 && nbits % 8 == 0 {
            self.octets(&b[..nbits / 8]);
            return;
        }
        let mut left = nbits;
        for &o in b {
            if left == 0 {
                break;
            }
            let k = left.min(8);
            self.write_bits((o >> (8 - k)) as u64, k as u32);
            left -= k;
        }
    }

    /// Constrained whole number `v` in `lb..=ub` (X.691 11.5.7).
    ///
    /// Inlined so that the bounds, constants at nearly every call, pick the branch at compile
    /// time; `ub - lb` always fits a `u64`, so no wider arithmetic is needed.
    #[inline(always)]
    pub fn constrained_whole(&mut self, v: i64, lb: i64, ub: i64) -> EncodeResult<()> {
        if v < lb || v > ub {
            return Err(self.out_of_range(v, lb, ub));
        }
        // range - 1 and the offset, both below 2^64.
        let span = ub.wrapping_sub(lb) as u64;
        let off = v.wrapping_sub(lb) as u64;
        if span == 0 {
        } else if !self.aligned {
            // UNALIGNED: a minimal bit-field whatever the range (X.691 11.5.6).
            self.write_bits(off, 64 - span.leading_zeros());
        } else if span < 255 {
            self.write_bits(off, 64 - span.leading_zeros());
        } else if span == 255 {
            self.align();
            self.write_bits(off, 8);
        } else if span < 65536 {
            self.align();
            self.write_bits(off, 16);
        } else {
            self.constrained_whole_long(off, span);
        }
        Ok(())
    }

    /// The error of a constrained whole number outside its bounds.
    #[cold]
    #[inline(never)]
    fn out_of_range(&self, v: i64, lb: i64, ub: i64) -> EncodeError {
        self.error(format!("value {v} outside {lb}..{ub}"))
    }

    /// A constrained whole number of a range above 64K in the ALIGNED variant (X.691
    /// 11.5.7.4): its octet count as a constrained whole number, then the octets.
    #[inline(always)]
    fn constrained_whole_long(&mut self, off: u64, span: u64) {
        let max_octets = octets_for(span);
        let n = octets_for(off);
        // n - 1 in 0..max_octets - 1: the count's own range is below 256.
        let count_span = (max_octets - 1) as u64;
        if count_span > 0 {
            self.write_bits((n - 1) as u64, 64 - count_span.leading_zeros());
        }
        self.align();
        self.write_bits(off, n as u32 * 8);
    }

    /// Normally small non-negative whole number (X.691 11.6).
    pub fn normally_small(&mut self, v: u64) {
        if v <= 63 {
            self.write_bool(false);
            self.write_bits(v, 6);
        } else {
            self.write_bool(true);
            self.semi_constrained_octets(v);
        }
    }

    fn semi_constrained_octets(&mut self, off: u64) {
        let n = octets_for(off);
        self.align();
        self.write_bits(n as u64, 8);
        self.write_bits(off, n as u32 * 8);
    }

    /// A general length determinant below 16K (X.691 11.9.3.6-7).
    #[inline(always)]
    fn unconstrained_length(&mut self, n: usize) -> EncodeResult<()> {
        self.align();
        if n < 128 {
            self.write_bits(n as u64, 8);
        } else if n < 16384 {
            self.write_bits(0x8000 | n as u64, 16);
        } else {
            return Err(self.error(format!("length {n} needs fragmentation")));
        }
        Ok(())
    }

    /// A length determinant for `size`, as [`super::PerReader::length`] reads it.
    #[inline(always)]
    pub fn length(&mut self, n: usize, size: SizeConstraint) -> EncodeResult<()> {
        let in_root = size.contains(n);
        if size.ext {
            self.write_bool(!in_root);
        } else if !in_root {
            return Err(self.error(format!(
                "length {n} outside SIZE({}..{:?})",
                size.lb, size.ub
            )));
        }
        if in_root {
            if size.fixed_len().is_some() {
                return Ok(());
            }
            if let Some(ub) = size.small_ub() {
                return self.constrained_whole(n as i64, size.lb as i64, ub as i64);
            }
        }
        self.unconstrained_length(n)
    }

    /// Semi-constrained whole number `(lb..MAX)` (X.691 11.7).
    pub fn semi_constrained_whole(&mut self, v: i64, lb: i64) -> EncodeResult<()> {
        if v < lb {
            return Err(self.error(format!("value {v} below {lb}")));
        }
        self.semi_constrained_octets((v as i128 - lb as i128) as u64);
        Ok(())
    }

    /// Unconstrained whole number, two's complement in the fewest octets (X.691 11.8).
    pub fn unconstrained_whole(&mut self, v: i64) {
        let mut n = 8;
        while n > 1 {
            let top = v >> ((n - 1) * 8 - 1);
            if top == 0 || top == -1 {
                n -= 1;
            } else {
                break;
            }
        }
        self.align();
        self.write_bits(n as u64, 8);
        self.write_bits(v as u64 & (u64::MAX >> (64 - n * 8)), n * 8);
    }

    /// INTEGER with the given constraint (X.691 13).
    #[inline(always)]
    pub fn integer(&mut self, v: i64, c: IntConstraint) -> EncodeResult<()> {
        match c {
            IntConstraint::Constrained { lb, ub, ext } => {
                let inside = v >= lb && v <= ub;
                if ext {
                    self.write_bool(!inside);
                    if !inside {
                        self.unconstrained_whole(v);
                        return Ok(());
                    }
                }
                self.constrained_whole(v, lb, ub)
            }
            IntConstraint::SemiConstrained { lb } => self.semi_constrained_whole(v, lb),
            IntConstraint::Unconstrained => {
                self.unconstrained_whole(v);
                Ok(())
            }
        }
    }

    /// ENUMERATED index (X.691 14).
    #[inline(always)]
    pub fn enumerated(&mut self, idx: Index, root: u32, ext: bool) -> EncodeResult<()> {
        self.index(idx, root, ext)
    }

    /// CHOICE index (X.691 23); the caller writes the alternative (an extension one as an open type).
    #[inline(always)]
    pub fn choice(&mut self, idx: Index, root: u32, ext: bool) -> EncodeResult<()> {
        self.index(idx, root, ext)
    }

    #[inline(always)]
    fn index(&mut self, idx: Index, root: u32, ext: bool) -> EncodeResult<()> {
        match idx {
            Index::Root(i) => {
                if ext {
                    self.write_bool(false);
                }
                self.constrained_whole(i as i64, 0, root as i64 - 1)
            }
            Index::Ext(i) => {
                if !ext {
                    return Err(self.error("extension index for a type without extension marker"));
                }
                self.write_bool(true);
                self.normally_small(i as u64);
                Ok(())
            }
        }
    }

    /// SEQUENCE preamble: extension bit (if `extensible`), then the presence bits in order.
    #[inline(always)]
    pub fn sequence_preamble(&mut self, extensible: bool, ext_present: bool, optionals: &[bool]) {
        if extensible {
            self.write_bool(ext_present);
        }
        for &p in optionals {
            self.write_bool(p);
        }
    }

    /// The extension-addition presence bitmap (X.691 19.7-19.8): its length, then the flags.
    pub fn extension_bitmap(&mut self, present: &[bool]) -> EncodeResult<()> {
        if present.is_empty() {
            return Err(self.error("extension bit set with no extension additions"));
        }
        self.normally_small(present.len() as u64 - 1);
        for &p in present {
            self.write_bool(p);
        }
        Ok(())
    }

    /// An open type from its already-encoded octets (X.691 11.2), fragmenting above 16K.
    pub fn open_type(&mut self, octets: &[u8]) -> EncodeResult<()> {
        self.octets_unconstrained(octets)
    }

    /// An open type whose value `f` encodes.
    ///
    /// At an octet boundary (always the case in the ALIGNED variant, whose length determinant
    /// aligns) the value is written in place, after a one-octet length placeholder that is
    /// patched once the value's size is known: no buffer per open type and no copy, except a
    /// shift by one octet for values of 128 octets or more, and the rare fragmented value of
    /// 16K octets or more, which is moved out and written in fragments. The octets are the same
    /// as encoding the value into a fresh writer and writing those as an open type.
    pub fn open_type_with(
        &mut self,
        f: impl FnOnce(&mut PerWriter) -> EncodeResult<()>,
    ) -> EncodeResult<()> {
        if self.aligned || self.used == 0 {
            self.align();
            let len_at = self.buf.len();
            self.buf.push(0);
            let start = self.buf.len();
            f(self)?;
            // The value ends padded to a whole octet, as a fresh writer's would.
            self.used = 0;
            if self.buf.len() == start {
                // An empty encoding is carried as one zero octet (X.691 11.2.1 via 11.1).
                self.buf.push(0);
            }
            let n = self.buf.len() - start;
            if n < 128 {
                self.buf[len_at] = n as u8;
            } else if n < 16384 {
                self.buf[len_at] = 0x80 | (n >> 8) as u8;
                self.buf.insert(start, n as u8);
            } else {
                let value = self.buf.split_off(start);
                self.buf.truncate(len_at);
                self.octets_unconstrained(&value)?;
            }
            return Ok(());
        }
        let mut inner = PerWriter {
            aligned: self.aligned,
            ..PerWriter::new(self.protocol)
        };
        f(&mut inner)?;
        let mut bytes = inner.into_bytes();
        if bytes.is_empty() {
            // An empty encoding is carried as one zero octet (X.691 11.2.1 via 11.1).
            bytes.push(0);
        }
        self.open_type(&bytes)
    }

    fn octets_unconstrained(&mut self, b: &[u8]) -> EncodeResult<()> {
        let mut rest = b;
        loop {
            if rest.len() < 16384 {
                self.unconstrained_length(rest.len())?;
                self.octets(rest);
                return Ok(());
            }
            let m = (rest.len() / 16384).min(4);
            self.align();
            self.write_bits(0xc0 | m as u64, 8);
            self.octets(&rest[..m * 16384]);
            rest = &rest[m * 16384..];
        }
    }

    /// OCTET STRING with a SIZE constraint (X.691 17).
    #[inline(always)]
    pub fn octet_string(&mut self, b: &[u8], size: SizeConstraint) -> EncodeResult<()> {
        self.sized_octets(b, size, "octets", |_| true)
    }

    /// Octets under a SIZE constraint: OCTET STRING, and character strings of 8-bit characters.
    /// `align_variable(ub)` says whether a variable-length value is octet-aligned.
    #[inline(always)]
    fn sized_octets(
        &mut self,
        b: &[u8],
        size: SizeConstraint,
        unit: &str,
        align_variable: impl Fn(usize) -> bool,
    ) -> EncodeResult<()> {
        let in_root = size.contains(b.len());
        if size.ext {
            self.write_bool(!in_root);
        } else if !in_root {
            return Err(self.error(format!(
                "{} {unit} outside SIZE({}..{:?})",
                b.len(),
                size.lb,
                size.ub
            )));
        }
        if in_root {
            if let Some(n) = size.fixed_len() {
                if n <= 2 {
                    self.bits_from_octets(b, n * 8);
                } else {
                    self.align();
                    self.octets(b);
                }
                return Ok(());
            }
            if let Some(ub) = size.small_ub() {
                self.constrained_whole(b.len() as i64, size.lb as i64, ub as i64)?;
                if align_variable(ub) {
                    self.align();
                }
                self.bits_from_octets(b, b.len() * 8);
                return Ok(());
            }
        }
        self.octets_unconstrained(b)
    }

    /// BIT STRING of `nbits` bits, left-aligned in `b` (X.691 16).
    pub fn bit_string(&mut self, b: &[u8], nbits: usize, size: SizeConstraint) -> EncodeResult<()> {
        if b.len() * 8 < nbits {
            return Err(self.error("BIT STRING shorter than its bit count"));
        }
        let in_root = size.contains(nbits);
        if size.ext {
            self.write_bool(!in_root);
        } else if !in_root {
            return Err(self.error(format!(
                "{nbits} bits outside SIZE({}..{:?})",
                size.lb, size.ub
            )));
        }
        if in_root && size.fixed_len().is_some() {
            if nbits > 16 {
                self.align();
            }
        } else if in_root && size.small_ub().is_some() {
            self.constrained_whole(nbits as i64, size.lb as i64, size.ub.unwrap_or(0) as i64)?;
            if nbits > 0 {
                self.align();
            }
        } else if nbits >= 16384 {
            // Fragments of 16K-bit multiples (whole octets), then a final length (X.691 11.9.3.8).
            let mut done = 0;
            loop {
                let rest = nbits - done;
                if rest < 16384 {
                    self.unconstrained_length(rest)?;
                    if rest > 0 {
                        self.align();
                        self.bits_from_octets(&b[done / 8..], rest);
                    }
                    return Ok(());
                }
                let m = (rest / 16384).min(4);
                self.align();
                self.write_bits(0xc0 | m as u64, 8);
                self.octets(&b[done / 8..done / 8 + m * 2048]);
                done += m * 16384;
            }
        } else {
            self.unconstrained_length(nbits)?;
            if nbits > 0 {
                self.align();
            }
        }
        self.bits_from_octets(b, nbits);
        Ok(())
    }

    /// A fixed-size BIT STRING of at most 64 bits from a number (identifiers).
    pub fn bit_string_fixed_u64(&mut self, v: u64, nbits: usize) -> EncodeResult<()> {
        if nbits < 64 && v >> nbits != 0 {
            return Err(self.error(format!("value {v:#x} does not fit {nbits} bits")));
        }
        if nbits > 16 {
            self.align();
        }
        self.write_bits(v, nbits as u32);
        Ok(())
    }

    /// A known-multiplier character string with 8-bit characters (X.691 30.5); ALIGNED only
    /// (the UNALIGNED variant packs these alphabets in 7 bits, see [`super::PerReader::char_string`]).
    pub fn char_string(&mut self, b: &[u8], size: SizeConstraint) -> EncodeResult<()> {
        if !self.aligned {
            return Err(
                self.error("7-bit character strings of the UNALIGNED variant are not supported")
            );
        }
        // Characters of 8 bits: variable lengths are aligned when the string can exceed 16 bits.
        self.sized_octets(b, size, "characters", |ub| ub > 2)
    }

    /// OBJECT IDENTIFIER from its BER contents octets.
    pub fn object_identifier(&mut self, ber: &[u8]) -> EncodeResult<()> {
        self.octets_unconstrained(ber)
    }

    /// A SEQUENCE OF item count.
    #[inline(always)]
    pub fn sequence_of_len(&mut self, n: usize, size: SizeConstraint) -> EncodeResult<()> {
        self.length(n, size)
    }
}
