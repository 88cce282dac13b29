//! ASN.1 Packed Encoding Rules, ALIGNED variant (ITU-T X.691), as S1AP, X2AP and the MAKR types use them.
//!
//! [`PerReader`] reads fields from borrowed octets without copying them (bit offsets into `&[u8]`);
//! [`PerWriter`] writes the canonical encoding of the same fields, so decode -> encode is
//! byte-exact for canonical input. Both work field by field, like oxirush-aper: the protocol
//! modules drive them from their types. Open types (IE values, extension additions) are handed
//! out as octets, so a value keyhop does not know is kept and re-encoded unchanged.
//!
//! Lengths of 16K and more are fragmented (X.691 11.9.3.8: fragments of 64K, 48K, 32K or 16K
//! items, then a final length below 16K, possibly 0): OCTET STRINGs and BIT STRINGs are read
//! and written so, and a fragmented open type (an S1AP/X2AP message or IE value over 16 KiB,
//! such as a HandoverRequest with a large UE radio capability) is decoded in place through a
//! reader over its fragments. SEQUENCE OF counts are never fragmented here: every S1AP/X2AP
//! SEQUENCE OF has an upper bound below 64K.
//!
//! Non-canonical but decodable input (non-zero padding bits, octets after the end of an open
//! type's value) is accepted and recorded as a [`Note`](crate::error::Note).

mod reader;
mod writer;

pub use reader::{OpenEntry, OpenValue, PerReader, WireOctets};
pub use writer::PerWriter;

/// Constraint of an INTEGER as PER sees it (X.691 clause 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntConstraint {
    /// `(lb..ub)`, optionally extensible (`(lb..ub, ...)`).
    Constrained {
        /// Lower bound.
        lb: i64,
        /// Upper bound.
        ub: i64,
        /// The constraint has an extension marker.
        ext: bool,
    },
    /// `(lb..MAX)`.
    SemiConstrained {
        /// Lower bound.
        lb: i64,
    },
    /// No constraint.
    Unconstrained,
}

impl IntConstraint {
    /// `(lb..ub)` without extension marker.
    pub const fn range(lb: i64, ub: i64) -> Self {
        IntConstraint::Constrained { lb, ub, ext: false }
    }
    /// `(lb..ub, ...)`.
    pub const fn range_ext(lb: i64, ub: i64) -> Self {
        IntConstraint::Constrained { lb, ub, ext: true }
    }
}

/// SIZE constraint of a string or SEQUENCE OF (X.691 clauses 11.9, 16, 17, 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeConstraint {
    /// Lower bound.
    pub lb: usize,
    /// Upper bound; `None` for MAX.
    pub ub: Option<usize>,
    /// The constraint has an extension marker.
    pub ext: bool,
}

impl SizeConstraint {
    /// `SIZE (n)`.
    pub const fn fixed(n: usize) -> Self {
        SizeConstraint {
            lb: n,
            ub: Some(n),
            ext: false,
        }
    }
    /// `SIZE (lb..ub)`.
    pub const fn range(lb: usize, ub: usize) -> Self {
        SizeConstraint {
            lb,
            ub: Some(ub),
            ext: false,
        }
    }
    /// `SIZE (lb..ub, ...)`.
    pub const fn range_ext(lb: usize, ub: usize) -> Self {
        SizeConstraint {
            lb,
            ub: Some(ub),
            ext: true,
        }
    }
    /// No SIZE constraint.
    pub const fn unconstrained() -> Self {
        SizeConstraint {
            lb: 0,
            ub: None,
            ext: false,
        }
    }
    /// The size is fixed and below 64K: no length determinant is encoded.
    pub(crate) fn fixed_len(&self) -> Option<usize> {
        match self.ub {
            Some(ub) if ub == self.lb && ub < 65536 => Some(ub),
            _ => None,
        }
    }
    /// Upper bound if it is below 64K (the length is then a constrained whole number).
    pub(crate) fn small_ub(&self) -> Option<usize> {
        self.ub.filter(|&ub| ub < 65536)
    }
    /// Whether `n` lies within the root of the constraint.
    pub fn contains(&self, n: usize) -> bool {
        n >= self.lb && self.ub.map_or(true, |ub| n <= ub)
    }
}

/// Index of an ENUMERATED value or CHOICE alternative: in the root, or an extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Index {
    /// Index within the extension root.
    Root(u32),
    /// Index among the extension additions (0 = first addition).
    Ext(u32),
}

/// Octets needed to hold `v` as an unsigned big-endian number (at least 1).
pub(crate) fn octets_for(v: u64) -> usize {
    ((64 - v.leading_zeros()) as usize).div_ceil(8).max(1)
}

/// Upper bound on how many items a SEQUENCE OF decoder accepts regardless of its constraint:
/// each item takes at least one bit, so more items than bits left cannot be genuine, and this
/// cap keeps a forged length from reserving memory.
pub const MAX_SEQUENCE_OF: usize = 65535;

/// Nesting depth past which the reader refuses to go (open types within open types...).
pub const MAX_DEPTH: u16 = 48;

#[cfg(test)]
mod tests;
