//! The PER bit reader, ALIGNED (APER) or UNALIGNED (UPER).

use super::{Index, IntConstraint, SizeConstraint, MAX_DEPTH};
use crate::error::{DecodeError, DecodeResult, ErrorKind, Note, Protocol};
use std::borrow::Cow;

/// A PER reader over borrowed octets: ALIGNED ([`PerReader::new`]) or UNALIGNED
/// ([`PerReader::new_unaligned`], as LTE RRC uses it).
///
/// Positions are in bits. Errors carry the absolute bit offset from the start of the PDU, also
/// inside open types, which are read by sub-readers over the same buffer.
#[derive(Debug, Clone)]
pub struct PerReader<'a> {
    data: &'a [u8],
    pos: usize,
    /// Bit position where this reader's input ends (an open type's sub-reader stops before the
    /// end of `data`).
    end: usize,
    /// ALIGNED variant (padding to octet boundaries) or UNALIGNED (none).
    aligned: bool,
    /// Absolute bit offset of `data[0]`.
    base: u64,
    protocol: Protocol,
    depth: u16,
    notes: Vec<Note>,
    /// Set when the input is the contents of a fragmented open type (X.691 11.9.3.8), or a value
    /// within one that straddles a fragment boundary: the pieces of `data` that make it up.
    /// `pos..end` is then the part of the current piece still to read.
    frag: Option<Box<Frag>>,
}

/// The pieces of `data` (bit ranges, in order) that a reader's input is made of when the octets
/// between them (the length determinants of fragments) are not part of it. Reading a value that
/// lies within one piece borrows it as usual; one that straddles two is copied.
#[derive(Debug, Clone)]
struct Frag {
    segs: Vec<(usize, usize)>,
    /// The piece being read.
    cur: usize,
    /// Bits in the pieces after `cur`.
    rest: usize,
}

/// What an open type held: a value decoded in place. A fragmented open type (over 16K) is decoded
/// in place too; the `Fragmented` alternative is no longer produced and stays so that existing
/// matches compile.
#[derive(Debug)]
pub enum OpenValue<'a, T> {
    /// The value, decoded from the open type's octets.
    Decoded(T),
    /// The reassembled octets of an open type not decoded (no longer produced: fragmented open
    /// types are decoded like the others).
    Fragmented(Cow<'a, [u8]>),
}

/// Every pair of octets, big-endian, at index `2 * value` (128 KiB of read-only data): an
/// unaligned value of one or two octets is borrowed from here, so that reading it allocates
/// nothing. Pair `(0, b)` ends in `b`, which serves single octets.
static OCTET_PAIRS: [u8; 131072] = {
    let mut t = [0u8; 131072];
    let mut i = 0;
    while i < 65536 {
        t[2 * i] = (i >> 8) as u8;
        t[2 * i + 1] = i as u8;
        i += 1;
    }
    t
};

/// An open type's octets as received (borrowed, or joined from its fragments), kept when they
/// differ from the canonical encoding of the value decoded from them.
pub type WireOctets<'a> = Cow<'a, [u8]>;

/// An open type entered by [`PerReader::open_type_enter`].
#[derive(Debug)]
pub enum OpenEntry<'a> {
    /// A reader over the value's octets (also when they were fragmented on the wire), and the
    /// bit position where they start (for [`PerReader::open_type_leave`]).
    Sub(PerReader<'a>, usize),
    /// The reassembled octets of an open type not decoded (no longer produced: fragmented open
    /// types get a [`OpenEntry::Sub`] reader like the others).
    Fragmented(Vec<u8>),
}

impl<'a> PerReader<'a> {
    /// A reader over a whole PDU of `protocol`.
    pub fn new(data: &'a [u8], protocol: Protocol) -> Self {
        Self::at(data, protocol, 0)
    }

    /// A reader over a whole PDU of `protocol` in the UNALIGNED variant (X.691 clause 11: no
    /// padding bits, constrained whole numbers in minimal bit-fields).
    pub fn new_unaligned(data: &'a [u8], protocol: Protocol) -> Self {
        Self::at_unaligned(data, protocol, 0)
    }

    /// Like [`PerReader::at`], in the UNALIGNED variant.
    pub fn at_unaligned(data: &'a [u8], protocol: Protocol, base: u64) -> Self {
        PerReader {
            aligned: false,
            ..Self::at(data, protocol, base)
        }
    }

    /// Whether this reader uses the ALIGNED variant.
    pub fn is_aligned(&self) -> bool {
        self.aligned
    }

    /// A reader over octets that start at absolute bit offset `base` of a PDU (for a value
    /// taken out of an open type earlier, see [`PerReader::open_type_at`]).
    pub fn at(data: &'a [u8], protocol: Protocol, base: u64) -> Self {
        PerReader {
            data,
            pos: 0,
            end: data.len() * 8,
            aligned: true,
            base,
            protocol,
            depth: 0,
            notes: Vec::new(),
            frag: None,
        }
    }

    /// Moves the notes of a sub-reader made with [`PerReader::at`] into this one.
    pub fn absorb_notes(&mut self, sub: &mut PerReader<'_>) {
        self.notes.append(&mut sub.notes);
    }

    /// Protocol named in errors and notes.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Absolute bit offset of the next bit.
    pub fn bit_offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Bits left.
    pub fn remaining_bits(&self) -> usize {
        self.end - self.pos + self.frag.as_ref().map_or(0, |f| f.rest)
    }

    /// Moves to the next piece of a fragmented input once the current one is read; false at
    /// the end of the input.
    #[cold]
    fn next_segment(&mut self) -> bool {
        let Some(f) = self.frag.as_deref_mut() else {
            return false;
        };
        if self.pos < self.end || f.cur + 1 >= f.segs.len() {
            return false;
        }
        f.cur += 1;
        let (s, e) = f.segs[f.cur];
        f.rest -= e - s;
        self.pos = s;
        self.end = e;
        true
    }

    /// Advances over `bits` bits of input, appending the pieces of `data` they occupy to `out`
    /// (joined when adjacent).
    fn take_ranges(&mut self, mut bits: usize, out: &mut Vec<(usize, usize)>) -> DecodeResult<()> {
        if self.remaining_bits() < bits {
            return Err(self.truncated(bits));
        }
        while bits > 0 {
            if self.pos == self.end {
                if !self.next_segment() {
                    return Err(self.truncated(bits));
                }
                continue;
            }
            let k = (self.end - self.pos).min(bits);
            match out.last_mut() {
                Some(last) if last.1 == self.pos => last.1 += k,
                _ => out.push((self.pos, self.pos + k)),
            }
            self.pos += k;
            bits -= k;
        }
        Ok(())
    }

    /// A reader one level down over the pieces `ranges` of `data`.
    fn sub_over(&self, ranges: Vec<(usize, usize)>) -> PerReader<'a> {
        let (pos, end) = ranges.first().copied().unwrap_or((self.pos, self.pos));
        let frag = (ranges.len() > 1).then(|| {
            let rest = ranges[1..].iter().map(|r| r.1 - r.0).sum();
            Box::new(Frag {
                segs: ranges,
                cur: 0,
                rest,
            })
        });
        PerReader {
            data: self.data,
            pos,
            end,
            aligned: self.aligned,
            base: self.base,
            protocol: self.protocol,
            depth: self.depth + 1,
            notes: Vec::new(),
            frag,
        }
    }

    /// The octets of `ranges` of `data`, joined (`None` if a piece is not whole octets, as in
    /// the UNALIGNED variant).
    fn join_ranges(&self, ranges: &[(usize, usize)]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for &(s, e) in ranges {
            if s % 8 != 0 || e % 8 != 0 {
                return None;
            }
            out.extend_from_slice(self.data.get(s / 8..e / 8)?);
        }
        Some(out)
    }

    /// Notes recorded so far (oddities accepted).
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// Takes the notes recorded so far.
    pub fn take_notes(&mut self) -> Vec<Note> {
        std::mem::take(&mut self.notes)
    }

    /// Records an oddity at the current offset.
    #[cold]
    pub fn note(&mut self, what: impl Into<Cow<'static, str>>) {
        let n = Note {
            protocol: self.protocol,
            bit_offset: self.bit_offset(),
            what: what.into(),
        };
        self.notes.push(n);
    }

    /// An error of `kind` at the current offset.
    #[cold]
    pub fn error(&self, kind: ErrorKind, detail: impl Into<Cow<'static, str>>) -> DecodeError {
        DecodeError::new(self.protocol, kind, self.bit_offset(), detail)
    }

    /// The error of a read past the end (out of line: the hot path only compares).
    #[cold]
    #[inline(never)]
    fn truncated(&self, bits: usize) -> DecodeError {
        self.error(
            ErrorKind::Truncated,
            format!("needs {bits} bits, {} left", self.remaining_bits()),
        )
    }

    /// The `n` (1..=64) bits at the current position, which the caller has checked are there.
    /// One big-endian load of the 8 octets that hold them where 8 octets are left and the bits
    /// fit a word; one octet or two near the end of the buffer (small PDUs spend most of their
    /// reads there); octet by octet otherwise.
    #[inline(always)]
    fn peek(&self, n: u32) -> u64 {
        let i = self.pos >> 3;
        let shift = (self.pos & 7) as u32;
        if shift + n <= 64 {
            if let Some(w) = self.data.get(i..).and_then(|d| d.first_chunk::<8>()) {
                return (u64::from_be_bytes(*w) << shift) >> (64 - n);
            }
            if shift + n <= 8 {
                if let Some(&b) = self.data.get(i) {
                    return ((b as u64) << (56 + shift)) >> (64 - n);
                }
            } else if shift + n <= 16 {
                if let Some(w) = self.data.get(i..).and_then(|d| d.first_chunk::<2>()) {
                    return ((u16::from_be_bytes(*w) as u64) << (48 + shift)) >> (64 - n);
                }
            }
        }
        self.peek_slow(n)
    }

    /// [`Self::peek`] near the end of the buffer: the octets that hold the bits (zero past the
    /// end), gathered one by one.
    #[inline(never)]
    fn peek_slow(&self, n: u32) -> u64 {
        let i = self.pos >> 3;
        let shift = (self.pos & 7) as u32;
        let need = (shift + n).div_ceil(8) as usize;
        let tail = self.data.get(i..).unwrap_or(&[]);
        let tail = &tail[..tail.len().min(need)];
        if tail.is_empty() {
            return 0;
        }
        let mut acc: u128 = 0;
        for &b in tail {
            acc = (acc << 8) | b as u128;
        }
        acc <<= (16 - tail.len()) * 8;
        ((acc << shift) >> (128 - n)) as u64
    }

    /// Reads `n` (<= 64) bits as an unsigned number, most significant first.
    #[inline(always)]
    pub fn read_bits(&mut self, n: u32) -> DecodeResult<u64> {
        debug_assert!(n <= 64);
        if n == 0 {
            return Ok(0);
        }
        if self.end - self.pos < n as usize {
            return self.read_bits_split(n);
        }
        let v = self.peek(n);
        self.pos += n as usize;
        Ok(v)
    }

    /// [`Self::read_bits`] of bits that do not all lie in the current piece of the input: across
    /// a fragment boundary, else a read past the end.
    #[cold]
    #[inline(never)]
    fn read_bits_split(&mut self, n: u32) -> DecodeResult<u64> {
        if self.remaining_bits() < n as usize {
            return Err(self.truncated(n as usize));
        }
        let mut v = 0u64;
        let mut left = n;
        while left > 0 {
            if self.pos == self.end && !self.next_segment() {
                return Err(self.truncated(left as usize));
            }
            let k = ((self.end - self.pos) as u32).min(left);
            if k > 0 {
                v = v.checked_shl(k).unwrap_or(0) | self.peek(k);
                self.pos += k as usize;
                left -= k;
            }
        }
        Ok(v)
    }

    /// Reads one bit.
    #[inline(always)]
    pub fn read_bool(&mut self) -> DecodeResult<bool> {
        if self.pos >= self.end {
            return Ok(self.read_bits_split(1)? == 1);
        }
        let b = self.data.get(self.pos >> 3).copied().unwrap_or(0);
        let v = (b >> (7 - (self.pos & 7))) & 1 == 1;
        self.pos += 1;
        Ok(v)
    }

    /// Skips to the next octet boundary; non-zero padding is accepted and noted.
    #[inline(always)]
    pub fn align(&mut self) -> DecodeResult<()> {
        let pad = (8 - (self.pos & 7) as u32) & 7;
        if !self.aligned || pad == 0 {
            return Ok(());
        }
        let v = self.read_bits(pad)?;
        if v != 0 {
            self.note("non-zero padding bits");
        }
        Ok(())
    }

    /// Takes `n` whole octets: borrowed at an octet boundary (always so in the ALIGNED variant,
    /// where the caller aligns first), copied out of the bit stream otherwise (UNALIGNED).
    #[inline]
    fn take_octets(&mut self, n: usize) -> DecodeResult<Cow<'a, [u8]>> {
        if self.end - self.pos < n.saturating_mul(8) {
            return self.take_octets_split(n);
        }
        if self.pos % 8 != 0 {
            return self.take_bits_as_octets(n * 8);
        }
        let start = self.pos / 8;
        self.pos += n * 8;
        Ok(Cow::Borrowed(&self.data[start..start + n]))
    }

    /// [`Self::take_octets`] of octets that do not all lie in the current piece of the input:
    /// copied across a fragment boundary, else a read past the end.
    #[cold]
    #[inline(never)]
    fn take_octets_split(&mut self, n: usize) -> DecodeResult<Cow<'a, [u8]>> {
        if self.frag.is_none() || self.remaining_bits() < n.saturating_mul(8) {
            return Err(self.truncated(n.saturating_mul(8)));
        }
        let mut out = Vec::with_capacity(n);
        let mut left = n;
        while left > 0 {
            if self.pos == self.end && !self.next_segment() {
                return Err(self.truncated(left * 8));
            }
            let k = ((self.end - self.pos) / 8).min(left);
            if k == 0 {
                // Less than an octet left in this piece (UNALIGNED only): bit by bit.
                out.push(self.read_bits_split(8)? as u8);
                left -= 1;
            } else {
                out.extend_from_slice(&self.take_octets(k)?);
                left -= k;
            }
        }
        Ok(Cow::Owned(out))
    }

    /// Reads `nbits` bits into octets, left-aligned (borrowed when aligned and whole octets).
    fn take_bits_as_octets(&mut self, nbits: usize) -> DecodeResult<Cow<'a, [u8]>> {
        if self.pos % 8 == 0 && nbits % 8 == 0 {
            return self.take_octets(nbits / 8);
        }
        if self.remaining_bits() < nbits {
            return Err(self.truncated(nbits));
        }
        if nbits <= 16 && self.end - self.pos >= nbits {
            // One or two octets at an odd bit offset (the fixed-size strings APER leaves
            // unaligned, such as the 16-bit algorithm bitmaps): borrowed from a table of every
            // pair of octets rather than copied into an allocation.
            let v = if nbits == 0 {
                0
            } else {
                self.peek(nbits as u32)
            };
            self.pos += nbits;
            let left = (v << (16 - nbits)) as usize;
            let octets = if nbits > 8 {
                &OCTET_PAIRS[2 * left..2 * left + 2]
            } else {
                // The second octet of pair (0, b) is b.
                let b = left >> 8;
                &OCTET_PAIRS[2 * b + 1..2 * b + 1 + nbits.div_ceil(8)]
            };
            return Ok(Cow::Borrowed(octets));
        }
        let mut out = vec![0u8; nbits.div_ceil(8)];
        let mut left = nbits;
        let mut i = 0;
        while left > 0 {
            let k = left.min(8);
            let v = self.read_bits(k as u32)? as u8;
            out[i] = v << (8 - k);
            left -= k;
            i += 1;
        }
        Ok(Cow::Owned(out))
    }

    /// Constrained whole number in `lb..=ub` (X.691 11.5.7, aligned variant).
    ///
    /// Inline: with the bounds known at the call (the IE types carry them as constants) the
    /// range tests fold away and a bit-field read is what is left.
    #[inline(always)]
    pub fn constrained_whole(&mut self, lb: i64, ub: i64) -> DecodeResult<i64> {
        if ub < lb {
            return Err(self.error(ErrorKind::Invalid, "empty constraint"));
        }
        // ub - lb fits u64 whenever lb <= ub.
        let span = ub.wrapping_sub(lb) as u64;
        let off: u64 = if span == 0 {
            0
        } else if !self.aligned {
            // UNALIGNED: a minimal bit-field whatever the range (X.691 11.5.6).
            self.read_bits(64 - span.leading_zeros())?
        } else if span < 255 {
            self.read_bits(64 - span.leading_zeros())?
        } else if span == 255 {
            self.align()?;
            self.read_bits(8)?
        } else if span < 65536 {
            self.align()?;
            self.read_bits(16)?
        } else {
            return self.constrained_whole_long(lb, ub, span);
        };
        // The bit-field may hold more than the range (a range of 5 takes 3 bits).
        if off > span {
            return Err(self.above_bound(lb, off, ub));
        }
        Ok(lb.wrapping_add(off as i64))
    }

    /// The indefinite-length case of a constrained whole number (range over 64K): a length in
    /// octets (1..=octets of range-1), then the octets.
    ///
    /// Inlined with the constant range of its caller (the S1AP/X2AP UE ids, COUNT HFNs), so
    /// that the bit-field width of the length is a constant too.
    #[inline(always)]
    fn constrained_whole_long(&mut self, lb: i64, ub: i64, span: u64) -> DecodeResult<i64> {
        let max_octets = super::octets_for(span) as u64;
        // The length - 1 as a constrained whole number of range max_octets (< 256): a bit-field.
        let len_bits = 64 - (max_octets - 1).leading_zeros();
        let len = self.read_bits(len_bits)? + 1;
        if len > max_octets {
            return Err(self.above_bound(1, len - 1, max_octets as i64));
        }
        self.align()?;
        let v = self.read_bits(len as u32 * 8)?;
        if len > 1 && v >> ((len - 1) * 8) == 0 {
            self.note("integer not in its minimal number of octets");
        }
        if v > span {
            return Err(self.above_bound(lb, v, ub));
        }
        Ok(lb.wrapping_add(v as i64))
    }

    #[cold]
    #[inline(never)]
    fn above_bound(&self, lb: i64, off: u64, ub: i64) -> DecodeError {
        let v = lb as i128 + off as i128;
        self.error(
            ErrorKind::OutOfRange,
            format!("value {v} above the upper bound {ub}"),
        )
    }

    /// Normally small non-negative whole number (X.691 11.6).
    pub fn normally_small(&mut self) -> DecodeResult<u64> {
        if !self.read_bool()? {
            self.read_bits(6)
        } else {
            let v = self.semi_constrained_whole(0)?;
            if v <= 63 {
                self.note("normally small number in the long form");
            }
            Ok(v as u64)
        }
    }

    /// Length determinant without an upper bound below 64K (X.691 11.9.3.5-8). Returns the
    /// length and whether it is a fragment (16K multiple) followed by more.
    #[inline(always)]
    fn unconstrained_length(&mut self) -> DecodeResult<(usize, bool)> {
        self.align()?;
        // The usual case: one octet under 128, read straight from the (aligned) buffer.
        if self.pos & 7 == 0 && self.end - self.pos >= 8 {
            if let Some(&b0) = self.data.get(self.pos >> 3) {
                if b0 & 0x80 == 0 {
                    self.pos += 8;
                    return Ok((b0 as usize, false));
                }
            }
        }
        let b0 = self.read_bits(8)? as usize;
        if b0 & 0x80 == 0 {
            return Ok((b0, false));
        }
        self.unconstrained_length_long(b0)
    }

    /// The two-octet and fragment forms of [`Self::unconstrained_length`] (out of line: IE
    /// values and most octet strings are under 128 octets).
    #[inline(never)]
    fn unconstrained_length_long(&mut self, b0: usize) -> DecodeResult<(usize, bool)> {
        if b0 & 0x40 == 0 {
            let b1 = self.read_bits(8)? as usize;
            let n = ((b0 & 0x3f) << 8) | b1;
            if n < 128 {
                self.note("length in two octets where one would do");
            }
            Ok((n, false))
        } else {
            let m = b0 & 0x3f;
            if !(1..=4).contains(&m) {
                return Err(self.error(
                    ErrorKind::Invalid,
                    format!("fragment length of {m} x 16K is not allowed"),
                ));
            }
            Ok((m * 16384, true))
        }
    }

    /// A length determinant for `size` (lengths below 64K with an upper bound are constrained
    /// whole numbers; others use the general form). Fragmented lengths are not allowed here.
    #[inline(always)]
    pub fn length(&mut self, size: SizeConstraint) -> DecodeResult<usize> {
        let ext = if size.ext { self.read_bool()? } else { false };
        if !ext {
            if let Some(n) = size.fixed_len() {
                return Ok(n);
            }
            if let Some(ub) = size.small_ub() {
                return Ok(self.constrained_whole(size.lb as i64, ub as i64)? as usize);
            }
        }
        let (n, more) = self.unconstrained_length()?;
        if more {
            return Err(self.error(
                ErrorKind::Limit,
                "fragmented length where keyhop expects a count below 16K",
            ));
        }
        if !ext && !size.contains(n) {
            return Err(self.error(
                ErrorKind::OutOfRange,
                format!("length {n} outside SIZE({}..{:?})", size.lb, size.ub),
            ));
        }
        self.note_if_in_root(ext && size.contains(n));
        Ok(n)
    }

    /// Notes a value sent in the extension form although it lies in the extension root (X.691
    /// wants the root form then): accepted, and its canonical re-encoding will differ.
    fn note_if_in_root(&mut self, in_root: bool) {
        if in_root {
            self.note("value within the extension root sent in the extension form");
        }
    }

    /// Semi-constrained whole number `(lb..MAX)` (X.691 11.7).
    pub fn semi_constrained_whole(&mut self, lb: i64) -> DecodeResult<i64> {
        let (n, more) = self.unconstrained_length()?;
        if more || n == 0 || n > 8 {
            return Err(self.error(
                ErrorKind::Limit,
                format!("integer of {n} octets does not fit 64 bits"),
            ));
        }
        let v = self.read_bits(n as u32 * 8)?;
        if n > 1 && v >> ((n - 1) * 8) == 0 {
            self.note("integer not in its minimal number of octets");
        }
        let r = lb as i128 + v as i128;
        if r > i64::MAX as i128 {
            return Err(self.error(ErrorKind::Limit, "integer does not fit 64 bits"));
        }
        Ok(r as i64)
    }

    /// An extension index of a CHOICE or ENUMERATED: no type has 2^32 alternatives, so a larger
    /// one is damage, not a newer release.
    fn ext_index(&self, i: u64) -> DecodeResult<u32> {
        u32::try_from(i).map_err(|_| {
            self.error(
                ErrorKind::OutOfRange,
                format!("extension index {i} is beyond any real type"),
            )
        })
    }

    /// Unconstrained whole number, two's complement (X.691 11.8).
    pub fn unconstrained_whole(&mut self) -> DecodeResult<i64> {
        let (n, more) = self.unconstrained_length()?;
        if more || n == 0 || n > 8 {
            return Err(self.error(
                ErrorKind::Limit,
                format!("integer of {n} octets does not fit 64 bits"),
            ));
        }
        let v = self.read_bits(n as u32 * 8)?;
        let shift = 64 - n as u32 * 8;
        let value = ((v << shift) as i64) >> shift;
        // Minimal two's complement: the leading octet is not a mere sign extension of the next.
        if n > 1 && (v >> ((n - 1) * 8 - 1)) & 0x1ff == if value < 0 { 0x1ff } else { 0 } {
            self.note("integer not in its minimal number of octets");
        }
        Ok(value)
    }

    /// INTEGER with the given constraint (X.691 13).
    #[inline(always)]
    pub fn integer(&mut self, c: IntConstraint) -> DecodeResult<i64> {
        match c {
            IntConstraint::Constrained { lb, ub, ext } => {
                if ext && self.read_bool()? {
                    let v = self.unconstrained_whole()?;
                    self.note_if_in_root(lb <= v && v <= ub);
                    return Ok(v);
                }
                self.constrained_whole(lb, ub)
            }
            IntConstraint::SemiConstrained { lb } => self.semi_constrained_whole(lb),
            IntConstraint::Unconstrained => self.unconstrained_whole(),
        }
    }

    /// An INTEGER `(lb..ub)` that fits `u32` (ids, counters): a convenience over [`Self::integer`].
    #[inline]
    pub fn u32_in(&mut self, lb: u32, ub: u32) -> DecodeResult<u32> {
        Ok(self.constrained_whole(lb as i64, ub as i64)? as u32)
    }

    /// ENUMERATED with `root` values, extensible or not (X.691 14).
    #[inline(always)]
    pub fn enumerated(&mut self, root: u32, ext: bool) -> DecodeResult<Index> {
        if ext && self.read_bool()? {
            let i = self.normally_small()?;
            return Ok(Index::Ext(self.ext_index(i)?));
        }
        Ok(Index::Root(
            self.constrained_whole(0, root as i64 - 1)? as u32
        ))
    }

    /// CHOICE index with `root` alternatives (X.691 23). An extension alternative's value follows
    /// as an open type, which the caller reads.
    #[inline(always)]
    pub fn choice(&mut self, root: u32, ext: bool) -> DecodeResult<Index> {
        if ext && self.read_bool()? {
            let i = self.normally_small()?;
            return Ok(Index::Ext(self.ext_index(i)?));
        }
        Ok(Index::Root(
            self.constrained_whole(0, root as i64 - 1)? as u32
        ))
    }

    /// SEQUENCE preamble (X.691 19): the extension bit (if `extensible`) and the presence bitmap
    /// of `optionals` OPTIONAL/DEFAULT root components (bit `optionals-1-i` of the result is the
    /// i-th component, so test with [`PerReader::present`]).
    #[inline]
    pub fn sequence_preamble(
        &mut self,
        extensible: bool,
        optionals: u32,
    ) -> DecodeResult<(bool, u64)> {
        let ext = if extensible { self.read_bool()? } else { false };
        let bitmap = self.read_bits(optionals)?;
        Ok((ext, bitmap))
    }

    /// Whether optional component `i` of `optionals` is present in a preamble bitmap.
    pub fn present(bitmap: u64, optionals: u32, i: u32) -> bool {
        (bitmap >> (optionals - 1 - i)) & 1 == 1
    }

    /// The extension-addition presence bitmap of a SEQUENCE whose extension bit is set
    /// (X.691 19.7-19.8). Returns one flag per addition, in order.
    pub fn extension_bitmap(&mut self) -> DecodeResult<Vec<bool>> {
        let n = self.normally_small()? as usize + 1;
        if n > self.remaining_bits() {
            return Err(self.error(
                ErrorKind::BadLength,
                format!("{n} extension additions announced, fewer bits left"),
            ));
        }
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.read_bool()?);
        }
        Ok(v)
    }

    /// An open type's octets (X.691 11.2): a length, then the octets of an encoding that the
    /// caller decodes (or keeps).
    pub fn open_type(&mut self) -> DecodeResult<Cow<'a, [u8]>> {
        self.octets_unconstrained()
    }

    /// An open type's octets and the absolute bit offset where they start.
    pub fn open_type_at(&mut self) -> DecodeResult<(Cow<'a, [u8]>, u64)> {
        let (n, more) = self.unconstrained_length()?;
        let start = self.bit_offset();
        if more {
            return Ok((Cow::Owned(self.fragments_after(n)?), start));
        }
        Ok((self.take_octets(n)?, start))
    }

    /// Reads an open type and decodes its octets with `f` in a sub-reader; octets left after the
    /// value are accepted and noted (real stacks send them). A fragmented open type is returned
    /// as octets.
    pub fn open_type_with<T>(
        &mut self,
        f: impl FnOnce(&mut PerReader<'a>) -> DecodeResult<T>,
    ) -> DecodeResult<OpenValue<'a, T>> {
        Ok(self.open_type_with_wire(f)?.0)
    }

    /// As [`PerReader::open_type_with`], and also the open type's octets as received when
    /// decoding them raised a note (octets after the value, non-zero padding...): the canonical
    /// re-encoding of the value would differ from them, so a caller that must re-encode byte for
    /// byte keeps them.
    pub fn open_type_with_wire<T>(
        &mut self,
        f: impl FnOnce(&mut PerReader<'a>) -> DecodeResult<T>,
    ) -> DecodeResult<(OpenValue<'a, T>, Option<WireOctets<'a>>)> {
        match self.open_type_enter()? {
            OpenEntry::Fragmented(b) => Ok((OpenValue::Fragmented(Cow::Owned(b)), None)),
            OpenEntry::Sub(mut sub, start) => {
                let v = f(&mut sub)?;
                let wire = self.open_type_leave(sub, start)?;
                Ok((OpenValue::Decoded(v), wire))
            }
        }
    }

    /// Enters an open type to decode its value in place: a sub-reader over its octets and where
    /// they start (for [`PerReader::open_type_leave`]). A fragmented open type (over 16K, X.691
    /// 11.9.3.8) gets a sub-reader over its fragments, which skips the length determinants
    /// between them, so that its value decodes as any other (borrowing what lies within one
    /// fragment). [`PerReader::open_type_with_wire`] in two halves, so that a caller can put
    /// the decoded value where it belongs without passing it through wrappers (an IE value is
    /// the largest thing a decoder returns).
    #[inline(always)]
    pub fn open_type_enter(&mut self) -> DecodeResult<OpenEntry<'a>> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(ErrorKind::Limit, "open types nested too deep"));
        }
        let (n, more) = self.unconstrained_length()?;
        if more || self.end - self.pos < n * 8 {
            return self.open_type_enter_split(n, more);
        }
        let start = self.pos;
        // The sub-reader is a window over the same octets: in the UNALIGNED variant the value
        // need not start at an octet boundary of the PDU, and borrowing stays possible.
        let sub = PerReader {
            data: self.data,
            pos: self.pos,
            end: self.pos + n * 8,
            aligned: self.aligned,
            base: self.base,
            protocol: self.protocol,
            depth: self.depth + 1,
            notes: Vec::new(),
            frag: None,
        };
        self.pos += n * 8;
        Ok(OpenEntry::Sub(sub, start))
    }

    /// [`Self::open_type_enter`] of an open type that is fragmented, or that straddles a
    /// fragment boundary of this reader's own input (or is truncated).
    #[cold]
    #[inline(never)]
    fn open_type_enter_split(&mut self, first: usize, more: bool) -> DecodeResult<OpenEntry<'a>> {
        let mut ranges = Vec::new();
        if self.pos == self.end {
            self.next_segment();
        }
        let start = self.pos;
        self.take_ranges(first * 8, &mut ranges)?;
        let mut m = first;
        let mut more = more;
        while more {
            let (k, again) = self.unconstrained_length()?;
            // X.691 11.9.3.8.1: 64K fragments while 64K or more remain, so only the last
            // fragment may be shorter. Decoded all the same; its re-encoding will differ.
            if again && m < 65536 {
                self.note("fragment shorter than 64K before another fragment");
            }
            self.take_ranges(k * 8, &mut ranges)?;
            m = k;
            more = again;
        }
        Ok(OpenEntry::Sub(self.sub_over(ranges), start))
    }

    /// Leaves an open type entered with [`PerReader::open_type_enter`] once its value is decoded:
    /// octets left after the value are accepted and noted (real stacks send them), the
    /// sub-reader's notes move here, and the open type's octets as received are returned when
    /// there were notes (the value's canonical re-encoding would differ from them): borrowed,
    /// or joined when the open type was fragmented.
    #[inline]
    pub fn open_type_leave(
        &mut self,
        mut sub: PerReader<'a>,
        start: usize,
    ) -> DecodeResult<Option<Cow<'a, [u8]>>> {
        let left = sub.remaining_bits();
        if left > 0 {
            sub.open_type_tail(left)?;
        }
        if sub.notes.is_empty() {
            if sub.frag.is_none() && sub.notes.capacity() == 0 {
                // Nothing of the sub-reader's to free (`notes` and `frag` are the only fields
                // that own memory): skip its drop call, one per IE value.
                std::mem::forget(sub);
            }
            return Ok(None);
        }
        let wire = match &sub.frag {
            Some(f) => self.join_ranges(&f.segs).map(Cow::Owned),
            None => {
                let n = (sub.end - start) / 8;
                if start % 8 == 0 {
                    self.data.get(start / 8..start / 8 + n).map(Cow::Borrowed)
                } else {
                    None
                }
            }
        };
        self.notes.append(&mut sub.notes);
        Ok(wire)
    }

    /// Bits after an open type's value: whole octets or non-zero padding are noted.
    #[inline(never)]
    fn open_type_tail(&mut self, left: usize) -> DecodeResult<()> {
        if left >= 8 {
            self.note(format!(
                "{} octets after the end of an open type value",
                left / 8
            ));
            self.skip_to_end();
        } else if self.read_bits(left as u32)? != 0 {
            self.note("non-zero padding bits at the end of an open type");
        }
        Ok(())
    }

    /// Reads fragments after a first one of `first` octets, returning all octets joined.
    fn fragments_after(&mut self, first: usize) -> DecodeResult<Vec<u8>> {
        let mut out = Vec::new();
        let mut n = first;
        loop {
            let part = self.take_octets(n)?;
            out.extend_from_slice(&part);
            let (m, more) = self.unconstrained_length()?;
            if more && n < 65536 {
                self.note("fragment shorter than 64K before another fragment");
            }
            if !more {
                out.extend_from_slice(&self.take_octets(m)?);
                return Ok(out);
            }
            n = m;
        }
    }

    fn octets_unconstrained(&mut self) -> DecodeResult<Cow<'a, [u8]>> {
        let (n, more) = self.unconstrained_length()?;
        if more {
            return Ok(Cow::Owned(self.fragments_after(n)?));
        }
        self.take_octets(n)
    }

    /// OCTET STRING with a SIZE constraint (X.691 17).
    #[inline]
    pub fn octet_string(&mut self, size: SizeConstraint) -> DecodeResult<Cow<'a, [u8]>> {
        self.sized_octets(size, "octets", |_| true)
    }

    /// Octets under a SIZE constraint: OCTET STRING, and character strings of 8-bit characters.
    /// `align_variable(ub)` says whether a variable-length value is octet-aligned.
    fn sized_octets(
        &mut self,
        size: SizeConstraint,
        unit: &str,
        align_variable: impl Fn(usize) -> bool,
    ) -> DecodeResult<Cow<'a, [u8]>> {
        let ext = if size.ext { self.read_bool()? } else { false };
        if !ext {
            if let Some(n) = size.fixed_len() {
                if n <= 2 {
                    return self.take_bits_as_octets(n * 8);
                }
                self.align()?;
                return self.take_octets(n);
            }
            if let Some(ub) = size.small_ub() {
                let n = self.constrained_whole(size.lb as i64, ub as i64)? as usize;
                if align_variable(ub) {
                    self.align()?;
                }
                return self.take_bits_as_octets(n * 8);
            }
        }
        let v = self.octets_unconstrained()?;
        if !ext && !size.contains(v.len()) {
            return Err(self.error(
                ErrorKind::OutOfRange,
                format!(
                    "{} {unit} outside SIZE({}..{:?})",
                    v.len(),
                    size.lb,
                    size.ub
                ),
            ));
        }
        self.note_if_in_root(ext && size.contains(v.len()));
        Ok(v)
    }

    /// BIT STRING with a SIZE constraint (X.691 16): the bits left-aligned in octets, and their
    /// number.
    pub fn bit_string(&mut self, size: SizeConstraint) -> DecodeResult<(Cow<'a, [u8]>, usize)> {
        let ext = if size.ext { self.read_bool()? } else { false };
        let nbits = if !ext && size.fixed_len().is_some() {
            let n = size.lb;
            if n > 16 {
                self.align()?;
            }
            n
        } else if !ext && size.small_ub().is_some() {
            let n = self.constrained_whole(size.lb as i64, size.ub.unwrap_or(0) as i64)? as usize;
            if n > 0 {
                self.align()?;
            }
            n
        } else {
            let (n, more) = self.unconstrained_length()?;
            if more {
                return self.bit_string_fragmented(n, size, ext);
            }
            // An upper bound of 64K or more still bounds the root: the writer refuses such a
            // length, so the reader must too (found by fuzzing).
            if !ext && !size.contains(n) {
                return Err(self.error(
                    ErrorKind::OutOfRange,
                    format!(
                        "BIT STRING of {n} bits outside SIZE({}..{:?})",
                        size.lb, size.ub
                    ),
                ));
            }
            self.note_if_in_root(ext && size.contains(n));
            if n > 0 {
                self.align()?;
            }
            n
        };
        let v = self.take_bits_as_octets(nbits)?;
        Ok((v, nbits))
    }

    /// The rest of a BIT STRING of 16K bits or more, after a first fragment of `first` bits
    /// (X.691 11.9.3.8: fragments of 16K-bit multiples, then a final length).
    #[cold]
    fn bit_string_fragmented(
        &mut self,
        first: usize,
        size: SizeConstraint,
        ext: bool,
    ) -> DecodeResult<(Cow<'a, [u8]>, usize)> {
        let mut out = Vec::new();
        let mut n = first;
        let mut total = 0usize;
        loop {
            // Fragments hold whole octets (16K bits), so only the last part can end mid-octet.
            out.extend_from_slice(&self.take_bits_as_octets(n)?);
            total += n;
            let (m, more) = self.unconstrained_length()?;
            if more && n < 65536 {
                self.note("fragment shorter than 64K before another fragment");
            }
            if !more {
                if m > 0 {
                    out.extend_from_slice(&self.take_bits_as_octets(m)?);
                }
                total += m;
                break;
            }
            n = m;
        }
        if !ext && !size.contains(total) {
            return Err(self.error(
                ErrorKind::OutOfRange,
                format!(
                    "BIT STRING of {total} bits outside SIZE({}..{:?})",
                    size.lb, size.ub
                ),
            ));
        }
        self.note_if_in_root(ext && size.contains(total));
        Ok((Cow::Owned(out), total))
    }

    /// A fixed-size BIT STRING of at most 64 bits, as a number (identifiers such as eNB IDs).
    #[inline]
    pub fn bit_string_fixed_u64(&mut self, nbits: usize) -> DecodeResult<u64> {
        if nbits > 16 {
            self.align()?;
        }
        self.read_bits(nbits as u32)
    }

    /// A known-multiplier character string (PrintableString, VisibleString, IA5String) with
    /// 8-bit characters in the aligned variant (X.691 30.5). Returns the octets.
    ///
    /// The UNALIGNED variant packs these alphabets in 7 bits a character, which this method does
    /// not read: it then fails rather than misread.
    pub fn char_string(&mut self, size: SizeConstraint) -> DecodeResult<Cow<'a, [u8]>> {
        if !self.aligned {
            return Err(self.error(
                ErrorKind::Invalid,
                "7-bit character strings of the UNALIGNED variant are not supported",
            ));
        }
        // Characters of 8 bits: variable lengths are aligned when the string can exceed 16 bits.
        self.sized_octets(size, "characters", |ub| ub > 2)
    }

    /// OBJECT IDENTIFIER: its BER contents octets (X.691 24).
    pub fn object_identifier(&mut self) -> DecodeResult<Cow<'a, [u8]>> {
        self.octets_unconstrained()
    }

    /// SEQUENCE OF item count under `size`, checked against the bits left so that a forged count
    /// cannot reserve memory.
    #[inline(always)]
    pub fn sequence_of_len(&mut self, size: SizeConstraint) -> DecodeResult<usize> {
        let n = self.length(size)?;
        if n > super::MAX_SEQUENCE_OF || n > self.remaining_bits().max(1) * 8 {
            return Err(self.error(
                ErrorKind::Limit,
                format!("SEQUENCE OF of {n} items cannot fit the input"),
            ));
        }
        Ok(n)
    }

    /// The octets this reader has not read yet (it must be at an octet boundary): borrowed when
    /// they lie in one piece of the input, joined otherwise.
    pub fn into_rest(mut self) -> DecodeResult<Cow<'a, [u8]>> {
        let n = self.remaining_bits();
        if n % 8 != 0 {
            return Err(self.error(
                ErrorKind::Invalid,
                "input does not end at an octet boundary",
            ));
        }
        self.take_octets(n / 8)
    }

    /// Moves past the whole input.
    fn skip_to_end(&mut self) {
        if let Some(f) = self.frag.as_deref_mut() {
            f.cur = f.segs.len() - 1;
            f.rest = 0;
            self.end = f.segs[f.cur].1;
        }
        self.pos = self.end;
    }

    /// Bits left as octets, for the end of a PDU: anything beyond the padding is noted.
    pub fn finish(&mut self) -> DecodeResult<()> {
        let left = self.remaining_bits();
        if left >= 8 {
            self.note(format!("{} octets after the end of the PDU", left / 8));
            self.skip_to_end();
        } else if left > 0 && self.read_bits(left as u32)? != 0 {
            self.note("non-zero padding bits at the end of the PDU");
        }
        Ok(())
    }
}
