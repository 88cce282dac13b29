//! Building blocks of the S1AP and X2AP IE types, and the IE types both protocols share.
//!
//! The 3GPP application protocols define hundreds of small types. Rather than write a decoder
//! per type, each ASN.1 type maps to a Rust type that carries its constraints in its type
//! parameters ([`Int`], [`OctetStr`], [`BitStr`], [`SeqOf`]...) or to a struct / enum made by
//! the macros of this module (`aper_sequence!`, `aper_enum!`, `aper_choice!`), which write the
//! decoder, the encoder, the JSON form (docs/json.md) and a random-value generator (`Sample`,
//! used by the property and interoperability tests; the `test-util` feature) from one declaration.
//!
//! SEQUENCEs keep their `iE-Extensions` as an [`IeList`] over the protocol's IE set (so known
//! extension IEs are typed) and their unknown extension additions as octets, so re-encoding is
//! byte-exact. Types whose JSON names differ between S1AP and X2AP take the names from the
//! protocol's IE set ([`ApNames`]) instead of duplicating the codec.

use super::{Criticality, ExtensionAdditions, IeList, IeSet, EXT_CONTAINER};
use crate::error::{Context, DecodeResult, EncodeResult, ErrorKind};
use crate::per::{Index, IntConstraint, PerReader, PerWriter, SizeConstraint};
use crate::redact::{KeyMaterial, Octets};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;

// ------------------------------------------------------------------------------------------
// The codec trait and the random-value generator

/// A type with an APER encoding (a field of an S1AP/X2AP IE).
pub trait Aper<'a>: Sized {
    /// Reads a value.
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self>;
    /// Writes the value.
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()>;
}

/// A small deterministic random number generator (splitmix64) for [`Sample`].
#[derive(Debug, Clone)]
#[cfg(any(test, feature = "test-util"))]
pub struct Rng(u64);

#[cfg(any(test, feature = "test-util"))]
impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }
    /// A number in `lb..=ub`, the bounds more often than their share.
    pub fn int_in(&mut self, lb: i64, ub: i64) -> i64 {
        match self.below(8) {
            0 => lb,
            1 => ub,
            _ => {
                let span = (ub as i128 - lb as i128) as u128 + 1;
                let off = (self.next_u64() as u128) % span;
                (lb as i128 + off as i128) as i64
            }
        }
    }
    /// A length in `lb..=ub` kept small (`cap` above `lb`) so that values stay readable.
    pub fn len_in(&mut self, lb: usize, ub: usize, cap: usize) -> usize {
        let hi = ub.min(lb.saturating_add(cap));
        if ub <= lb.saturating_add(cap) && self.chance(1, 6) {
            return ub;
        }
        self.int_in(lb as i64, hi as i64) as usize
    }
    /// `n` random octets.
    pub fn octets(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}

/// Random values that encode (for property and interoperability tests).
///
/// `depth` grows with nesting; implementations stop adding optional parts when it is large.
#[cfg(any(test, feature = "test-util"))]
pub trait Sample: Sized {
    /// A random value.
    fn sample(rng: &mut Rng, depth: u32) -> Self;
}

/// Nesting depth past which samples leave optional parts out.
#[cfg(any(test, feature = "test-util"))]
pub const SAMPLE_DEPTH: u32 = 8;

// ------------------------------------------------------------------------------------------
// Names that differ between the protocols

/// JSON names of the shared types' components, where S1AP and X2AP spell them differently.
pub trait ApNames {
    /// `EUTRAN-CGI` (S1AP) / `ECGI` (X2AP) components: PLMN identity and cell identity.
    const ECGI: [&'static str; 2];
    /// `Global-ENB-ID` (S1AP) / `GlobalENB-ID` (X2AP) components.
    const GLOBAL_ENB_ID: [&'static str; 2];
}

// ------------------------------------------------------------------------------------------
// Primitive types

/// `INTEGER (LB..UB)`, with an extension marker if `EXT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Int<const LB: i64, const UB: i64, const EXT: bool>(pub i64);

impl<const LB: i64, const UB: i64, const EXT: bool> Int<LB, UB, EXT> {
    const C: IntConstraint = IntConstraint::Constrained {
        lb: LB,
        ub: UB,
        ext: EXT,
    };
}

impl<'a, const LB: i64, const UB: i64, const EXT: bool> Aper<'a> for Int<LB, UB, EXT> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        Ok(Int(r.integer(Self::C)?))
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.integer(self.0, Self::C)
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<const LB: i64, const UB: i64, const EXT: bool> Sample for Int<LB, UB, EXT> {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        if EXT && rng.chance(1, 16) {
            // Out of the root: encoded as an unconstrained number after the extension bit.
            let v = UB.saturating_add(1 + rng.below(1000) as i64);
            return Int(v);
        }
        Int(rng.int_in(LB, UB))
    }
}

/// `BOOLEAN`.
impl<'a> Aper<'a> for bool {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        r.read_bool()
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.write_bool(*self);
        Ok(())
    }
}

#[cfg(any(test, feature = "test-util"))]
impl Sample for bool {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        rng.chance(1, 2)
    }
}

/// `NULL`: nothing on the wire, `null` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Null;

impl Serialize for Null {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

impl<'a> Aper<'a> for Null {
    fn decode(_: &mut PerReader<'a>) -> DecodeResult<Self> {
        Ok(Null)
    }
    fn encode(&self, _: &mut PerWriter) -> EncodeResult<()> {
        Ok(())
    }
}

#[cfg(any(test, feature = "test-util"))]
impl Sample for Null {
    fn sample(_: &mut Rng, _: u32) -> Self {
        Null
    }
}

/// Builds a SIZE constraint from type parameters (`UB == usize::MAX` for no upper bound).
const fn size(lb: usize, ub: usize, ext: bool) -> SizeConstraint {
    SizeConstraint {
        lb,
        ub: if ub == usize::MAX { None } else { Some(ub) },
        ext,
    }
}

/// Picks a size for a sample: in the root mostly, past it now and then if extensible.
#[cfg(any(test, feature = "test-util"))]
fn sample_size(rng: &mut Rng, lb: usize, ub: usize, ext: bool, cap: usize) -> usize {
    if ext && ub != usize::MAX && rng.chance(1, 16) {
        return ub + 1 + rng.below(3) as usize;
    }
    rng.len_in(lb, ub, cap)
}

/// `OCTET STRING (SIZE (LB..UB[, ...]))` (`UB = usize::MAX` for no bound): hex in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct OctetStr<'a, const LB: usize, const UB: usize, const EXT: bool>(pub Octets<'a>);

impl<'a, const LB: usize, const UB: usize, const EXT: bool> OctetStr<'a, LB, UB, EXT> {
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl<'a, const LB: usize, const UB: usize, const EXT: bool> Aper<'a> for OctetStr<'a, LB, UB, EXT> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        Ok(OctetStr(Octets(r.octet_string(size(LB, UB, EXT))?)))
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.octet_string(self.0.as_bytes(), size(LB, UB, EXT))
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<const LB: usize, const UB: usize, const EXT: bool> Sample for OctetStr<'static, LB, UB, EXT> {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        let n = sample_size(rng, LB, UB, EXT, 24);
        OctetStr(Octets::owned(rng.octets(n)))
    }
}

/// An OCTET STRING carrying a whole encoding of another protocol (containers, NAS-PDU):
/// unconstrained, hex in JSON.
pub type Container<'a> = OctetStr<'a, 0, { usize::MAX }, false>;

/// `PrintableString (SIZE (LB..UB[, ...]))`: a JSON string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct PrintableStr<'a, const LB: usize, const UB: usize, const EXT: bool>(pub Cow<'a, [u8]>);

impl<const LB: usize, const UB: usize, const EXT: bool> Serialize
    for PrintableStr<'_, LB, UB, EXT>
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

impl<'a, const LB: usize, const UB: usize, const EXT: bool> Aper<'a>
    for PrintableStr<'a, LB, UB, EXT>
{
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        Ok(PrintableStr(r.char_string(size(LB, UB, EXT))?))
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.char_string(&self.0, size(LB, UB, EXT))
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<const LB: usize, const UB: usize, const EXT: bool> Sample
    for PrintableStr<'static, LB, UB, EXT>
{
    fn sample(rng: &mut Rng, _: u32) -> Self {
        const ALPHA: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?";
        let n = sample_size(rng, LB, UB, EXT, 24);
        let s = (0..n)
            .map(|_| ALPHA[rng.below(ALPHA.len() as u64) as usize])
            .collect();
        PrintableStr(Cow::Owned(s))
    }
}

/// `BIT STRING (SIZE (LB..UB[, ...]))`: the bits left-aligned in octets. JSON: hex when the
/// length is a multiple of 8, else `{"bits", "value"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BitStr<'a, const LB: usize, const UB: usize, const EXT: bool> {
    /// Number of bits.
    pub bits: usize,
    /// The bits, left-aligned, unused trailing bits zero.
    pub value: Octets<'a>,
}

impl<const LB: usize, const UB: usize, const EXT: bool> Serialize for BitStr<'_, LB, UB, EXT> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_bits(self.bits, self.value.as_bytes(), s)
    }
}

fn serialize_bits<S: Serializer>(bits: usize, value: &[u8], s: S) -> Result<S::Ok, S::Error> {
    if bits % 8 == 0 {
        crate::redact::serialize_raw(value, s)
    } else {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("bits", &bits)?;
        m.serialize_entry("value", &crate::Octets::borrowed(value))?;
        m.end()
    }
}

impl<'a, const LB: usize, const UB: usize, const EXT: bool> Aper<'a> for BitStr<'a, LB, UB, EXT> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let (v, bits) = r.bit_string(size(LB, UB, EXT))?;
        Ok(BitStr {
            bits,
            value: Octets(v),
        })
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.bit_string(self.value.as_bytes(), self.bits, size(LB, UB, EXT))
    }
}

/// `n` random bits, left-aligned, trailing bits zero.
#[cfg(any(test, feature = "test-util"))]
fn random_bits(rng: &mut Rng, n: usize) -> Vec<u8> {
    let mut v = rng.octets(n.div_ceil(8));
    if n % 8 != 0 {
        if let Some(last) = v.last_mut() {
            *last &= 0xffu8 << (8 - n % 8);
        }
    }
    v
}

#[cfg(any(test, feature = "test-util"))]
impl<const LB: usize, const UB: usize, const EXT: bool> Sample for BitStr<'static, LB, UB, EXT> {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        let bits = sample_size(rng, LB, UB, EXT, 64);
        BitStr {
            bits,
            value: Octets::owned(random_bits(rng, bits)),
        }
    }
}

/// A fixed-size `BIT STRING (SIZE (N))` used as an identifier (eNB ID, cell ID, CSG ID):
/// a number in JSON (the bits right-aligned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct BitId<const N: usize>(pub u64);

impl<'a, const N: usize> Aper<'a> for BitId<N> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        Ok(BitId(r.bit_string_fixed_u64(N)?))
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.bit_string_fixed_u64(self.0, N)
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<const N: usize> Sample for BitId<N> {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        BitId(rng.next_u64() & (u64::MAX >> (64 - N)))
    }
}

/// A variable-size `BIT STRING (SIZE (LB..UB))` used as an identifier (gNB ID): a number in
/// JSON; the bit count is kept for the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BitIdVar<const LB: usize, const UB: usize> {
    /// Number of bits.
    pub bits: usize,
    /// The bits, right-aligned.
    pub value: u64,
}

impl<const LB: usize, const UB: usize> BitIdVar<LB, UB> {
    /// The fewest bits, within the size constraint, that hold `value`: the bit count the JSON
    /// number stands for.
    pub fn least_bits(value: u64) -> usize {
        (64 - value.leading_zeros() as usize).max(LB)
    }
}

/// A number; `{"bits", "value"}` when the bit count is not [`BitIdVar::least_bits`] (a 32-bit
/// gNB ID of value 5), which the number alone would lose (docs/json.md, Re-encoding).
impl<const LB: usize, const UB: usize> Serialize for BitIdVar<LB, UB> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.bits == Self::least_bits(self.value) {
            return s.serialize_u64(self.value);
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("bits", &self.bits)?;
        m.serialize_entry("value", &self.value)?;
        m.end()
    }
}

impl<'a, const LB: usize, const UB: usize> Aper<'a> for BitIdVar<LB, UB> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let (v, bits) = r.bit_string(size(LB, UB, false))?;
        if bits > 64 {
            return Err(r.error(ErrorKind::Limit, "identifier longer than 64 bits"));
        }
        let mut value = 0u64;
        for (i, o) in v.iter().enumerate() {
            value |= (*o as u64) << (56 - 8 * i);
        }
        let value = if bits == 0 { 0 } else { value >> (64 - bits) };
        Ok(BitIdVar { bits, value })
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        if self.bits > 64 || (self.bits < 64 && self.value >> self.bits != 0) {
            return Err(w.error("identifier does not fit its bit count"));
        }
        let left = if self.bits == 0 {
            0
        } else {
            self.value << (64 - self.bits)
        };
        let b = left.to_be_bytes();
        w.bit_string(&b[..self.bits.div_ceil(8)], self.bits, size(LB, UB, false))
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<const LB: usize, const UB: usize> Sample for BitIdVar<LB, UB> {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        let bits = rng.int_in(LB as i64, UB as i64) as usize;
        BitIdVar {
            bits,
            value: rng.next_u64() & (u64::MAX >> (64 - bits)),
        }
    }
}

/// A fixed-size `BIT STRING (SIZE (N))` of key material (SecurityKey, NH): redacted in output.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct KeyBits<'a, const N: usize>(pub KeyMaterial<'a>);

impl<'a, const N: usize> Aper<'a> for KeyBits<'a, N> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let (v, _) = r.bit_string(SizeConstraint::fixed(N))?;
        Ok(KeyBits(KeyMaterial::from(v)))
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.bit_string(self.0.expose(), N, SizeConstraint::fixed(N))
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<const N: usize> Sample for KeyBits<'static, N> {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        KeyBits(KeyMaterial::owned(random_bits(rng, N)))
    }
}

/// `SEQUENCE (SIZE (LB..UB[, ...])) OF T`: an array in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct SeqOf<T, const LB: usize, const UB: usize, const EXT: bool>(pub Vec<T>);

impl<'a, T: Aper<'a>, const LB: usize, const UB: usize, const EXT: bool> Aper<'a>
    for SeqOf<T, LB, UB, EXT>
{
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let n = r.sequence_of_len(size(LB, UB, EXT))?;
        let mut v = Vec::with_capacity(n.min(64));
        for i in 0..n {
            v.push(T::decode(r).ctx_with(|| format!("[{i}]"))?);
        }
        Ok(SeqOf(v))
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_of_len(self.0.len(), size(LB, UB, EXT))?;
        for (i, x) in self.0.iter().enumerate() {
            x.encode(w).map_err(|e| e.in_field(&format!("[{i}]")))?;
        }
        Ok(())
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<T: Sample, const LB: usize, const UB: usize, const EXT: bool> Sample
    for SeqOf<T, LB, UB, EXT>
{
    fn sample(rng: &mut Rng, depth: u32) -> Self {
        let cap = if depth > SAMPLE_DEPTH { 0 } else { 3 };
        let n = if EXT && UB != usize::MAX && rng.chance(1, 32) {
            UB + 1
        } else {
            rng.len_in(LB, UB, cap)
        };
        SeqOf((0..n).map(|_| T::sample(rng, depth + 1)).collect())
    }
}

/// A boxed value (the large IE values of a protocol's IE enum, so the enum stays small: every
/// IE value is moved into its list, and a 200-octet enum made each move a `memcpy`).
impl<'a, T: Aper<'a>> Aper<'a> for Box<T> {
    #[inline]
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        T::decode(r).map(Box::new)
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        T::encode(self, w)
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<T: Sample> Sample for Box<T> {
    fn sample(rng: &mut Rng, depth: u32) -> Self {
        Box::new(T::sample(rng, depth))
    }
}

/// A ProtocolExtensionContainer (`iE-Extensions`) is an [`IeList`] of at least one field.
impl<'a, X: IeSet<'a>> Aper<'a> for IeList<'a, X> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        IeList::decode(r, EXT_CONTAINER)
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        IeList::encode(self, w, EXT_CONTAINER)
    }
}

/// Samples of containers are empty: random IEs of a protocol come from the protocol's module.
#[cfg(any(test, feature = "test-util"))]
impl<'a, X> Sample for IeList<'a, X> {
    fn sample(_: &mut Rng, _: u32) -> Self {
        IeList { items: Vec::new() }
    }
}

/// A ProtocolIE-Container used as a value (the alternatives of X2AP
/// InitiatingNodeType-EndcX2Setup): the IEs of a message's body, SIZE (0..maxProtocolIEs). Its
/// own type because the count is encoded against another lower bound than an `iE-Extensions`
/// [`IeList`]'s (X.691 11.9.4.1: `n` here, `n - 1` there).
///
/// ```
/// use keyhop_codec::ap::common::{Aper, IeContainer};
/// use keyhop_codec::error::Protocol;
/// use keyhop_codec::per::{PerReader, PerWriter};
/// use keyhop_codec::x2ap::X2apIe;
///
/// let empty = IeContainer::<X2apIe>::default();
/// let mut w = PerWriter::new(Protocol::X2ap);
/// empty.encode(&mut w)?;
/// let bytes = w.into_bytes();
/// assert_eq!(bytes, [0, 0]); // a count of 0 fits SIZE (0..65535), not an iE-Extensions list
/// let mut r = PerReader::new(&bytes, Protocol::X2ap);
/// assert_eq!(IeContainer::<X2apIe>::decode(&mut r)?, empty);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct IeContainer<'a, X>(pub IeList<'a, X>);

impl<'a, X> Default for IeContainer<'a, X> {
    fn default() -> Self {
        IeContainer(IeList { items: Vec::new() })
    }
}

impl<'a, X: IeSet<'a>> Aper<'a> for IeContainer<'a, X> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        IeList::decode(r, super::IE_CONTAINER).map(IeContainer)
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        self.0.encode(w, super::IE_CONTAINER)
    }
}

impl<'a, X: IeSet<'a>> Serialize for IeContainer<'a, X> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// Empty, as [`IeList`]'s samples: a protocol's module fills a container with random IEs.
#[cfg(any(test, feature = "test-util"))]
impl<'a, X> Sample for IeContainer<'a, X> {
    fn sample(_: &mut Rng, _: u32) -> Self {
        IeContainer::default()
    }
}

/// A ProtocolIE-SingleContainer used as a value: one IE field (id, criticality, open-type value),
/// as the choice-extension alternatives of S1AP CHOICEs carry it (MDTMode-Extension,
/// SONInformation-Extension). JSON: an object with the one IE keyed by its name, as pycrate
/// shows it (`{"logged_mbsfn_mdt": {...}}`, `{"ie_<id>": {"criticality", "value"}}`).
#[derive(Debug, Clone, PartialEq)]
pub struct SingleIe<'a, X>(pub Box<super::ProtocolIe<'a, X>>);

impl<'a, X: IeSet<'a>> Aper<'a> for SingleIe<'a, X> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        super::ProtocolIe::decode(r).map(|ie| SingleIe(Box::new(ie)))
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        self.0.encode(w)
    }
}

impl<'a, X: IeSet<'a>> Serialize for SingleIe<'a, X> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        super::serialize_ies_into::<X, S>(std::slice::from_ref(&*self.0), &mut m, &|id| {
            X::default_criticality(id)
        })?;
        m.end()
    }
}

/// An IE of an id no release assigns (65535), its value kept as octets: random values of the
/// IE a single container holds come from the protocol's module, as for [`IeList`].
#[cfg(any(test, feature = "test-util"))]
impl<'a, X> Sample for SingleIe<'a, X> {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        let octets = (0..1 + rng.below(4))
            .map(|_| rng.below(256) as u8)
            .collect::<Vec<u8>>();
        SingleIe(Box::new(super::ProtocolIe {
            id: 65535,
            criticality: Criticality::Ignore,
            value: super::IeValue::Raw(Octets::owned(octets)),
            wire: None,
        }))
    }
}

impl<'a, X> std::ops::Deref for IeContainer<'a, X> {
    type Target = IeList<'a, X>;
    fn deref(&self) -> &IeList<'a, X> {
        &self.0
    }
}

impl<'a, X> std::ops::DerefMut for IeContainer<'a, X> {
    fn deref_mut(&mut self) -> &mut IeList<'a, X> {
        &mut self.0
    }
}

// ------------------------------------------------------------------------------------------
// Lists of ProtocolIE-SingleContainer (the E-RAB lists)

/// One ProtocolIE-SingleContainer of a list whose items are IE `ID` of type `T`.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a, T> {
    /// The expected IE, decoded.
    Typed {
        /// criticality of the field.
        criticality: Criticality,
        /// the value.
        value: T,
    },
    /// Another IE id: kept as octets.
    Raw {
        /// ProtocolIE-ID.
        id: u16,
        /// criticality.
        criticality: Criticality,
        /// the open type's octets.
        value: Octets<'a>,
    },
}

/// `SEQUENCE (SIZE (LB..UB)) OF ProtocolIE-SingleContainer` whose items are IE `ID` (of type
/// `T`); `X` is the protocol's IE set, for names. JSON: an array of one-key objects.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemList<'a, X, T, const ID: u16, const LB: usize, const UB: usize> {
    /// The items in wire order.
    pub items: Vec<Item<'a, T>>,
    _x: std::marker::PhantomData<fn() -> X>,
}

impl<'a, X, T, const ID: u16, const LB: usize, const UB: usize> ItemList<'a, X, T, ID, LB, UB> {
    /// A list of the given items.
    pub fn new(items: Vec<Item<'a, T>>) -> Self {
        ItemList {
            items,
            _x: std::marker::PhantomData,
        }
    }
    /// The typed values.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.items.iter().filter_map(|i| match i {
            Item::Typed { value, .. } => Some(value),
            Item::Raw { .. } => None,
        })
    }
}

impl<'a, X: IeSet<'a>, T: Aper<'a>, const ID: u16, const LB: usize, const UB: usize> Aper<'a>
    for ItemList<'a, X, T, ID, LB, UB>
{
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let n = r.sequence_of_len(SizeConstraint::range(LB, UB))?;
        let mut items = Vec::with_capacity(n.min(64));
        for i in 0..n {
            let item = (|| {
                let id = r.constrained_whole(0, 65535).ctx("id")? as u16;
                let criticality = Criticality::decode(r)?;
                if id == ID {
                    // Entered and left around the value's decoder (no closure), as the IEs of
                    // a message are: the value is decoded where the item is built.
                    let label = || super::ie_label::<X>(id);
                    match r.open_type_enter().ctx_with(label)? {
                        crate::per::OpenEntry::Sub(mut sub, start) => {
                            let value = T::decode(&mut sub).ctx_with(label)?;
                            r.open_type_leave(sub, start).ctx_with(label)?;
                            Ok(Item::Typed { criticality, value })
                        }
                        crate::per::OpenEntry::Fragmented(b) => Ok(Item::Raw {
                            id,
                            criticality,
                            value: Octets::owned(b),
                        }),
                    }
                } else {
                    let value = Octets(r.open_type().ctx_with(|| format!("ie_{id}"))?);
                    Ok(Item::Raw {
                        id,
                        criticality,
                        value,
                    })
                }
            })()
            .ctx_with(|| format!("[{i}]"))?;
            items.push(item);
        }
        Ok(ItemList::new(items))
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        w.sequence_of_len(self.items.len(), SizeConstraint::range(LB, UB))?;
        for (i, item) in self.items.iter().enumerate() {
            let at = |e: crate::error::EncodeError| e.in_field(&format!("[{i}]"));
            match item {
                Item::Typed { criticality, value } => {
                    w.constrained_whole(ID as i64, 0, 65535).map_err(at)?;
                    criticality.encode(w).map_err(at)?;
                    w.open_type_with(|w| value.encode(w)).map_err(at)?;
                }
                Item::Raw {
                    id,
                    criticality,
                    value,
                } => {
                    w.constrained_whole(*id as i64, 0, 65535).map_err(at)?;
                    criticality.encode(w).map_err(at)?;
                    w.open_type(value.as_bytes()).map_err(at)?;
                }
            }
        }
        Ok(())
    }
}

impl<'a, X: IeSet<'a>, T: Serialize, const ID: u16, const LB: usize, const UB: usize> Serialize
    for ItemList<'a, X, T, ID, LB, UB>
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct One<'r, 'a, X, T>(&'r Item<'a, T>, u16, std::marker::PhantomData<fn() -> X>);
        impl<'a, X: IeSet<'a>, T: Serialize> Serialize for One<'_, 'a, X, T> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(1))?;
                match self.0 {
                    Item::Typed { value, criticality } => {
                        m.serialize_entry(&super::ie_label::<X>(self.1), value)?;
                        // Shown only where it differs from the ASN.1's (docs/json.md).
                        if X::default_criticality(self.1) != Some(*criticality) {
                            m.serialize_entry("criticality", criticality)?;
                        }
                    }
                    Item::Raw {
                        id,
                        criticality,
                        value,
                    } => {
                        #[derive(Serialize)]
                        struct Raw<'r, 'a> {
                            criticality: Criticality,
                            value: &'r Octets<'a>,
                        }
                        m.serialize_entry(
                            &format!("ie_{id}"),
                            &Raw {
                                criticality: *criticality,
                                value,
                            },
                        )?
                    }
                }
                m.end()
            }
        }
        s.collect_seq(
            self.items
                .iter()
                .map(|i| One::<X, T>(i, ID, std::marker::PhantomData)),
        )
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<'a, X, T: Sample, const ID: u16, const LB: usize, const UB: usize> Sample
    for ItemList<'a, X, T, ID, LB, UB>
{
    fn sample(rng: &mut Rng, depth: u32) -> Self {
        let cap = if depth > SAMPLE_DEPTH { 0 } else { 3 };
        let n = rng.len_in(LB, UB, cap);
        let items = (0..n)
            .map(|_| Item::Typed {
                criticality: sample_criticality(rng),
                value: T::sample(rng, depth + 1),
            })
            .collect();
        ItemList::new(items)
    }
}

/// A random criticality.
#[cfg(any(test, feature = "test-util"))]
pub fn sample_criticality(rng: &mut Rng) -> Criticality {
    match rng.below(3) {
        0 => Criticality::Reject,
        1 => Criticality::Ignore,
        _ => Criticality::Notify,
    }
}

// ------------------------------------------------------------------------------------------
// Macros for SEQUENCE, ENUMERATED and CHOICE types

/// Serializes an optional iE-Extensions / extension additions pair of a SEQUENCE.
#[doc(hidden)]
pub fn serialize_tail<'a, X: IeSet<'a>, S: Serializer>(
    m: &mut S::SerializeMap,
    ext: &Option<Box<IeList<'a, X>>>,
    additions: &ExtensionAdditions<'a>,
) -> Result<(), S::Error> {
    if let Some(e) = ext {
        m.serialize_entry("ie_extensions", e)?;
    }
    additions.serialize_entries::<S>(m)
}

/// Defines an extensible SEQUENCE type: `req` components, `opt` (OPTIONAL) components and
/// `ext` (the OPTIONAL `iE-Extensions` container). The component names are the JSON names; the
/// struct gets a field `extension_additions` for unknown additions.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_sequence {
    (
        $(#[$m:meta])*
        pub struct $name:ident <$lt:lifetime $(, $g:ident)?> $([$fin:ident])? {
            $( $(#[$fm:meta])* $kind:ident $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name<$lt $(, $g)?> {
            $( $(#[$fm])* pub $field: $crate::ap::common::$kind<$ty>, )*
            /// Extension additions keyhop does not know, kept as octets.
            pub extension_additions: $crate::ap::ExtensionAdditions<$lt>,
        }

        impl<$lt $(, $g: $crate::ap::IeSet<$lt>)?> $crate::ap::common::Aper<$lt> for $name<$lt $(, $g)?> {
            fn decode(r: &mut $crate::per::PerReader<$lt>) -> $crate::error::DecodeResult<Self> {
                #[allow(unused_imports)]
                use $crate::error::Context as _;
                let ext = $crate::aper_ext_read!(r $($fin)?);
                $( #[allow(non_snake_case, unused_variables)] let $field = $crate::aper_presence!($kind r); )*
                Ok($name {
                    $( $field: $crate::aper_field_decode!($kind $field r $ty), )*
                    extension_additions: $crate::ap::ExtensionAdditions::decode(r, ext)?,
                })
            }
            fn encode(&self, w: &mut $crate::per::PerWriter) -> $crate::error::EncodeResult<()> {
                $crate::aper_ext_write!(w self.extension_additions $(, $fin)?);
                $( $crate::aper_presence_write!($kind w self.$field); )*
                $( $crate::aper_field_encode!($kind $field w self.$field); )*
                if self.extension_additions.present() {
                    self.extension_additions.encode(w)?;
                }
                Ok(())
            }
        }

        impl<$lt $(, $g: $crate::ap::IeSet<$lt>)?> serde::Serialize for $name<$lt $(, $g)?> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut m = s.serialize_map(None)?;
                $( $crate::aper_field_ser!($kind $field m self.$field); )*
                self.extension_additions.serialize_entries::<S>(&mut m)?;
                m.end()
            }
        }

        impl<$lt $(, $g: $crate::json::IeSetJson<$lt>)?> $crate::json::FromJson<$lt> for $name<$lt $(, $g)?> {
            #[allow(unused_variables)]
            fn from_json(v: &serde_json::Value, path: &str) -> Result<Self, $crate::json::JsonError> {
                let fields = [$($crate::ap::common::json_name(stringify!($field))),*];
                let o = $crate::json::seq_obj(v, &fields, path)?;
                Ok($name {
                    $( $field: $crate::aper_field_json!($kind o $field path), )*
                    extension_additions: $crate::json::extension_additions(o, path)?,
                })
            }
        }

        #[cfg(any(test, feature = "test-util"))]
        impl<$lt $(, $g: $crate::ap::IeSet<$lt>)?> $crate::ap::common::Sample for $name<$lt $(, $g)?>
        where $( $ty: $crate::ap::common::Sample, )*
        {
            #[allow(unused_variables)]
            fn sample(rng: &mut $crate::ap::common::Rng, depth: u32) -> Self {
                $name {
                    $( $field: $crate::aper_field_sample!($kind rng depth $ty), )*
                    extension_additions: $crate::ap::ExtensionAdditions::default(),
                }
            }
        }
    };
}

/// Reads the extension bit of a SEQUENCE (none for `[root_only]`, one without extension marker).
#[macro_export]
#[doc(hidden)]
macro_rules! aper_ext_read {
    ($r:ident) => {
        $r.read_bool()?
    };
    ($r:ident root_only) => {
        false
    };
}

/// Writes the extension bit of a SEQUENCE (none for `[root_only]`).
#[macro_export]
#[doc(hidden)]
macro_rules! aper_ext_write {
    ($w:ident $e:expr) => {
        $w.write_bool($e.present())
    };
    ($w:ident $e:expr, root_only) => {
        if $e.present() {
            return Err($w.error("extension additions in a SEQUENCE without extension marker"));
        }
    };
}

/// A mandatory component of a SEQUENCE made by `aper_sequence!`.
pub type Req<T> = T;
/// An OPTIONAL component of a SEQUENCE made by `aper_sequence!`.
pub type Opt<T> = Option<T>;
/// The OPTIONAL `iE-Extensions` of a SEQUENCE made by `aper_sequence!` (never sampled): boxed,
/// as it is nearly always absent and a `Vec` inline would grow every value by three words.
pub type Ext<T> = Option<Box<T>>;

/// Reads the presence bit of an OPTIONAL component.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_presence {
    (Req $r:ident) => {
        true
    };
    (Opt $r:ident) => {
        $r.read_bool()?
    };
    (Ext $r:ident) => {
        $r.read_bool()?
    };
}

/// Writes the presence bit of an OPTIONAL component.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_presence_write {
    (Req $w:ident $v:expr) => {};
    (Opt $w:ident $v:expr) => {
        $w.write_bool($v.is_some())
    };
    (Ext $w:ident $v:expr) => {
        $w.write_bool($v.is_some())
    };
}

/// Reads a component.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_field_decode {
    (Req $f:ident $r:ident $ty:ty) => {
        <$ty as $crate::ap::common::Aper>::decode($r).ctx(stringify!($f))?
    };
    (Opt $f:ident $r:ident $ty:ty) => {
        if $f {
            Some(<$ty as $crate::ap::common::Aper>::decode($r).ctx(stringify!($f))?)
        } else {
            None
        }
    };
    (Ext $f:ident $r:ident $ty:ty) => {
        if $f {
            Some(Box::new(
                <$ty as $crate::ap::common::Aper>::decode($r).ctx(stringify!($f))?,
            ))
        } else {
            None
        }
    };
}

/// Writes a component.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_field_encode {
    (Req $f:ident $w:ident $v:expr) => {
        $crate::ap::common::Aper::encode(&$v, $w).map_err(|e| e.in_field(stringify!($f)))?
    };
    (Opt $f:ident $w:ident $v:expr) => {
        if let Some(x) = &$v {
            $crate::ap::common::Aper::encode(x, $w).map_err(|e| e.in_field(stringify!($f)))?;
        }
    };
    (Ext $f:ident $w:ident $v:expr) => {
        if let Some(x) = &$v {
            $crate::ap::common::Aper::encode(&**x, $w).map_err(|e| e.in_field(stringify!($f)))?;
        }
    };
}

/// Serializes a component under its name.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_field_ser {
    // Values as people say them beside the wire value (docs/json.md, "Readable values").
    (Req plmn_identity $m:ident $v:expr) => {
        $m.serialize_entry("plmn_identity", &$v)?;
        $crate::text::serialize_plmn(&mut $m, $v.as_bytes())?;
    };
    (Req encryption_algorithms $m:ident $v:expr) => {
        $m.serialize_entry("encryption_algorithms", &$v)?;
        $crate::text::serialize_algorithms(&mut $m, "eea", "EEA", $v.value.as_bytes())?;
    };
    (Req integrity_protection_algorithms $m:ident $v:expr) => {
        $m.serialize_entry("integrity_protection_algorithms", &$v)?;
        $crate::text::serialize_algorithms(&mut $m, "eia", "EIA", $v.value.as_bytes())?;
    };
    (Req transport_layer_address $m:ident $v:expr) => {
        $crate::aper_field_ser!(@tla transport_layer_address $m Some(&$v))
    };
    (Opt transport_layer_address $m:ident $v:expr) => {
        $crate::aper_field_ser!(@tla transport_layer_address $m $v.as_ref())
    };
    (Opt dl_transport_layer_address $m:ident $v:expr) => {
        $crate::aper_field_ser!(@tla dl_transport_layer_address $m $v.as_ref())
    };
    (Opt ul_transport_layer_address $m:ident $v:expr) => {
        $crate::aper_field_ser!(@tla ul_transport_layer_address $m $v.as_ref())
    };
    // S1AP X2TNLConfigurationInfo (SON configuration transfer): a list of addresses, so a
    // list of their IP forms beside it (`null` where an address has none).
    (Req enb_x2_transport_layer_addresses $m:ident $v:expr) => {
        $m.serialize_entry("enb_x2_transport_layer_addresses", &$v)?;
        let ips: Vec<Option<String>> = $v
            .0
            .iter()
            .map(|x| $crate::text::transport_address(x.bits, x.value.as_bytes()))
            .collect();
        if ips.iter().any(Option::is_some) {
            $m.serialize_entry("enb_x2_transport_layer_addresses_ip", &ips)?;
        }
    };
    (@tla $f:ident $m:ident $v:expr) => {
        if let Some(x) = $v {
            $m.serialize_entry(stringify!($f), x)?;
            $crate::text::serialize_transport_address(
                &mut $m,
                concat!(stringify!($f), "_ip"),
                x.bits,
                x.value.as_bytes(),
            )?;
        }
    };
    (Req $f:ident $m:ident $v:expr) => {
        $m.serialize_entry($crate::ap::common::json_name(stringify!($f)), &$v)?
    };
    (Opt $f:ident $m:ident $v:expr) => {
        if let Some(x) = &$v {
            $m.serialize_entry($crate::ap::common::json_name(stringify!($f)), x)?;
        }
    };
    (Ext $f:ident $m:ident $v:expr) => {
        $crate::aper_field_ser!(Opt $f $m $v)
    };
}

/// Samples a component.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_field_sample {
    (Req $rng:ident $d:ident $ty:ty) => {
        <$ty as $crate::ap::common::Sample>::sample($rng, $d + 1)
    };
    (Opt $rng:ident $d:ident $ty:ty) => {
        if $d <= $crate::ap::common::SAMPLE_DEPTH && $rng.chance(1, 2) {
            Some(<$ty as $crate::ap::common::Sample>::sample($rng, $d + 1))
        } else {
            None
        }
    };
    (Ext $rng:ident $d:ident $ty:ty) => {
        None
    };
}

/// Reads a component from its JSON object.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_field_json {
    (Req $o:ident $f:ident $path:ident) => {
        $crate::json::req($o, $crate::ap::common::json_name(stringify!($f)), $path)?
    };
    (Opt $o:ident $f:ident $path:ident) => {
        $crate::json::opt($o, $crate::ap::common::json_name(stringify!($f)), $path)?
    };
    (Ext $o:ident $f:ident $path:ident) => {
        $crate::json::opt($o, $crate::ap::common::json_name(stringify!($f)), $path)?
    };
}

/// A Rust field name as a JSON name (`r#type` -> `type`).
#[doc(hidden)]
pub fn json_name(f: &'static str) -> &'static str {
    f.strip_prefix("r#").unwrap_or(f)
}

/// Defines an ENUMERATED type: root values, then the known extension values if the type is
/// extensible (`ext`), and `Unknown(index)` for extension values of a later release.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_enum {
    (
        $(#[$m:meta])*
        pub enum $name:ident {
            extensible: $ext:literal,
            root: [ $( $(#[$rm:meta])* $rv:ident = $rn:literal ),* $(,)? ],
            additions: [ $( $(#[$am:meta])* $av:ident = $an:literal ),* $(,)? ] $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$rm])* $rv, )*
            $( $(#[$am])* $av, )*
            /// An extension value keyhop does not know (its index among the additions).
            Unknown(u32),
        }

        impl $name {
            const ROOT: &'static [$name] = &[$($name::$rv),*];
            const ADDITIONS: &'static [$name] = &[$($name::$av),*];
            /// The value's JSON name.
            pub fn name(&self) -> std::borrow::Cow<'static, str> {
                match self {
                    $( $name::$rv => std::borrow::Cow::Borrowed($rn), )*
                    $( $name::$av => std::borrow::Cow::Borrowed($an), )*
                    $name::Unknown(i) => std::borrow::Cow::Owned(format!("unknown({i})")),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.name())
            }
        }

        impl<'a> $crate::ap::common::Aper<'a> for $name {
            fn decode(r: &mut $crate::per::PerReader<'a>) -> $crate::error::DecodeResult<Self> {
                match r.enumerated(Self::ROOT.len() as u32, $ext)? {
                    $crate::per::Index::Root(i) => Self::ROOT.get(i as usize).copied().ok_or_else(|| {
                        r.error($crate::error::ErrorKind::OutOfRange, "ENUMERATED index out of range")
                    }),
                    $crate::per::Index::Ext(i) => {
                        Ok(Self::ADDITIONS.get(i as usize).copied().unwrap_or($name::Unknown(i)))
                    }
                }
            }
            #[allow(unused_assignments, unused_mut, unused_variables)]
            fn encode(&self, w: &mut $crate::per::PerWriter) -> $crate::error::EncodeResult<()> {
                // The index by variant, tested in declaration order: the compiler makes one
                // table look-up of the chain (a scan of ROOT compared the values one by one).
                let mut k = 0u32;
                $(
                    if matches!(self, $name::$rv) {
                        return w.enumerated($crate::per::Index::Root(k), Self::ROOT.len() as u32, $ext);
                    }
                    k += 1;
                )*
                let mut k = 0u32;
                $(
                    if matches!(self, $name::$av) {
                        return w.enumerated($crate::per::Index::Ext(k), Self::ROOT.len() as u32, $ext);
                    }
                    k += 1;
                )*
                let i = if let $name::Unknown(i) = self { *i } else { 0 };
                w.enumerated($crate::per::Index::Ext(i), Self::ROOT.len() as u32, $ext)
            }
        }

        impl<'a> $crate::json::FromJson<'a> for $name {
            fn from_json(v: &serde_json::Value, path: &str) -> Result<Self, $crate::json::JsonError> {
                let s = $crate::json::string(v, path)?;
                $( if s == $rn { return Ok($name::$rv); } )*
                $( if s == $an { return Ok($name::$av); } )*
                match $crate::json::unknown_index(s) {
                    Some(i) if $ext => Ok(Self::ADDITIONS.get(i as usize).copied().unwrap_or($name::Unknown(i))),
                    _ => Err($crate::json::JsonError::at(path, concat!("not a value of ", stringify!($name)))),
                }
            }
        }

        #[cfg(any(test, feature = "test-util"))]
        impl $crate::ap::common::Sample for $name {
            fn sample(rng: &mut $crate::ap::common::Rng, _: u32) -> Self {
                let all = Self::ROOT.len() + Self::ADDITIONS.len();
                let i = rng.below(all as u64) as usize;
                if i < Self::ROOT.len() {
                    Self::ROOT[i]
                } else {
                    Self::ADDITIONS[i - Self::ROOT.len()]
                }
            }
        }
    };
}

/// Defines a CHOICE type: root alternatives, then the known extension alternatives (encoded as
/// open types), and `Unknown` for extension alternatives of a later release (kept as octets).
#[macro_export]
#[doc(hidden)]
macro_rules! aper_choice {
    (
        $(#[$m:meta])*
        pub enum $name:ident <$lt:lifetime $(, $g:ident)?> {
            extensible: $ext:literal,
            root: [ $( $(#[$rm:meta])* $rv:ident ($rt:ty) = $rn:literal ),* $(,)? ],
            additions: [ $( $(#[$am:meta])* $av:ident ($at:ty) = $an:literal ),* $(,)? ] $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name<$lt $(, $g)?> {
            $( $(#[$rm])* $rv($rt), )*
            $( $(#[$am])* $av($at), )*
            /// An extension alternative keyhop does not know: its index among the additions
            /// and the open type's octets.
            Unknown(u32, $crate::redact::Octets<$lt>),
        }

        impl<$lt $(, $g: $crate::ap::IeSet<$lt>)?> $crate::ap::common::Aper<$lt> for $name<$lt $(, $g)?> {
            #[allow(unused_variables, unused_mut, unused_assignments)]
            fn decode(r: &mut $crate::per::PerReader<$lt>) -> $crate::error::DecodeResult<Self> {
                #[allow(unused_imports)]
                use $crate::error::Context as _;
                const NROOT: u32 = $crate::aper_count!($($rv)*);
                match r.choice(NROOT, $ext)? {
                    $crate::per::Index::Root(i) => {
                        let mut k = 0u32;
                        $(
                            if i == k {
                                return Ok($name::$rv(<$rt as $crate::ap::common::Aper>::decode(r).ctx($rn)?));
                            }
                            k += 1;
                        )*
                        Err(r.error($crate::error::ErrorKind::OutOfRange, "CHOICE index out of range"))
                    }
                    $crate::per::Index::Ext(i) => {
                        let mut k = 0u32;
                        $(
                            if i == k {
                                return match r.open_type_with(<$at as $crate::ap::common::Aper>::decode).ctx($an)? {
                                    $crate::per::OpenValue::Decoded(v) => Ok($name::$av(v)),
                                    $crate::per::OpenValue::Fragmented(b) => Ok($name::Unknown(i, $crate::redact::Octets(b))),
                                };
                            }
                            k += 1;
                        )*
                        Ok($name::Unknown(i, $crate::redact::Octets(r.open_type()?)))
                    }
                }
            }
            #[allow(unused_variables, unused_mut, unused_assignments)]
            fn encode(&self, w: &mut $crate::per::PerWriter) -> $crate::error::EncodeResult<()> {
                const NROOT: u32 = $crate::aper_count!($($rv)*);
                let mut k = 0u32;
                $(
                    if let $name::$rv(v) = self {
                        w.choice($crate::per::Index::Root(k), NROOT, $ext)?;
                        return $crate::ap::common::Aper::encode(v, w).map_err(|e| e.in_field($rn));
                    }
                    k += 1;
                )*
                let mut k = 0u32;
                $(
                    if let $name::$av(v) = self {
                        w.choice($crate::per::Index::Ext(k), NROOT, $ext)?;
                        return w.open_type_with(|w| $crate::ap::common::Aper::encode(v, w)).map_err(|e| e.in_field($an));
                    }
                    k += 1;
                )*
                if let $name::Unknown(i, b) = self {
                    w.choice($crate::per::Index::Ext(*i), NROOT, $ext)?;
                    return w.open_type(b.as_bytes());
                }
                Err(w.error("unreachable CHOICE alternative"))
            }
        }

        impl<$lt $(, $g: $crate::ap::IeSet<$lt>)?> serde::Serialize for $name<$lt $(, $g)?> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut m = s.serialize_map(Some(1))?;
                match self {
                    $( $name::$rv(v) => m.serialize_entry($rn, v)?, )*
                    $( $name::$av(v) => m.serialize_entry($an, v)?, )*
                    $name::Unknown(i, b) => m.serialize_entry(&format!("unknown({i})"), b)?,
                }
                m.end()
            }
        }

        impl<$lt $(, $g: $crate::json::IeSetJson<$lt>)?> $crate::json::FromJson<$lt> for $name<$lt $(, $g)?> {
            fn from_json(v: &serde_json::Value, path: &str) -> Result<Self, $crate::json::JsonError> {
                let (k, x) = $crate::json::choice_key(v, path)?;
                let p = $crate::json::join(path, k);
                $( if k == $rn { return Ok($name::$rv(<$rt as $crate::json::FromJson>::from_json(x, &p)?)); } )*
                $( if k == $an { return Ok($name::$av(<$at as $crate::json::FromJson>::from_json(x, &p)?)); } )*
                match $crate::json::unknown_index(k) {
                    Some(i) if $ext => Ok($name::Unknown(i, <$crate::redact::Octets as $crate::json::FromJson>::from_json(x, &p)?)),
                    _ => Err($crate::json::JsonError::at(&p, concat!("not an alternative of ", stringify!($name)))),
                }
            }
        }

        #[cfg(any(test, feature = "test-util"))]
        impl<$lt $(, $g: $crate::ap::IeSet<$lt>)?> $crate::ap::common::Sample for $name<$lt $(, $g)?>
        where $( $rt: $crate::ap::common::Sample, )* $( $at: $crate::ap::common::Sample, )*
        {
            #[allow(unused_variables, unused_mut, unused_assignments)]
            fn sample(rng: &mut $crate::ap::common::Rng, depth: u32) -> Self {
                const N: u64 = $crate::aper_count!($($rv)* $($av)*) as u64;
                // Deep in a value, the first alternative keeps it small.
                let pick = if depth > $crate::ap::common::SAMPLE_DEPTH { 0 } else { rng.below(N) };
                let mut k = 0u64;
                $(
                    if pick == k {
                        return $name::$rv(<$rt as $crate::ap::common::Sample>::sample(rng, depth + 1));
                    }
                    k += 1;
                )*
                $(
                    if pick == k {
                        return $name::$av(<$at as $crate::ap::common::Sample>::sample(rng, depth + 1));
                    }
                    k += 1;
                )*
                unreachable!("pick is below the number of alternatives")
            }
        }
    };
}

/// Counts identifiers.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_count {
    () => { 0u32 };
    ($x:ident $($rest:ident)*) => { 1u32 + $crate::aper_count!($($rest)*) };
}

// ------------------------------------------------------------------------------------------
// Types S1AP and X2AP share

/// PLMN identity: TBCD-STRING (SIZE (3)), shown as hex (`"00f110"`).
pub type PlmnIdentity<'a> = OctetStr<'a, 3, 3, false>;
/// TAC ::= OCTET STRING (SIZE (2)).
pub type Tac<'a> = OctetStr<'a, 2, 2, false>;
/// MME-Group-ID ::= OCTET STRING (SIZE (2)).
pub type MmeGroupId<'a> = OctetStr<'a, 2, 2, false>;
/// MME-Code ::= OCTET STRING (SIZE (1)).
pub type MmeCode<'a> = OctetStr<'a, 1, 1, false>;
/// CellIdentity / EUTRANCellIdentifier ::= BIT STRING (SIZE (28)).
pub type CellIdentity = BitId<28>;
/// EncryptionAlgorithms / IntegrityProtectionAlgorithms ::= BIT STRING (SIZE (16, ...)).
pub type Algorithms<'a> = BitStr<'a, 16, 16, true>;
/// TransportLayerAddress ::= BIT STRING (SIZE (1..160, ...)).
pub type TransportLayerAddress<'a> = BitStr<'a, 1, 160, true>;
/// GTP-TEID ::= OCTET STRING (SIZE (4)).
pub type GtpTeid<'a> = OctetStr<'a, 4, 4, false>;
/// E-RAB-ID ::= INTEGER (0..15, ...).
pub type ERabId = Int<0, 15, true>;
/// BitRate ::= INTEGER (0..10000000000).
pub type BitRate = Int<0, 10_000_000_000, false>;

aper_choice! {
    /// ENB-ID ::= CHOICE { macroENB-ID BIT STRING (SIZE (20)), homeENB-ID BIT STRING (SIZE (28)),
    /// ..., short-macroENB-ID BIT STRING (SIZE (18)), long-macroENB-ID BIT STRING (SIZE (21)) }.
    /// X2AP's alternatives have the same layout and the same JSON names.
    pub enum EnbId<'a> {
        extensible: true,
        root: [
            /// `macroENB-ID`: a macro eNB, 20 bits (the leftmost bits of its cells' 28-bit cell identities); Global eNB ID, TS 36.413 clause 9.2.1.37 / TS 36.423 clause 9.2.22.
            Macro(BitId<20>) = "macro_enb_id",
            /// `homeENB-ID`: a home eNB, 28 bits (equal to its one cell's identity); same clauses.
            Home(BitId<28>) = "home_enb_id",
        ],
        additions: [
            /// `short-macroENB-ID`: a macro eNB with an 18-bit ID (the 18 leftmost bits of its cells' identities); same clauses.
            ShortMacro(BitId<18>) = "short_macro_enb_id",
            /// `long-macroENB-ID`: a macro eNB with a 21-bit ID (the 21 leftmost bits of its cells' identities); same clauses.
            LongMacro(BitId<21>) = "long_macro_enb_id",
        ],
    }
}

/// Writes a two-component SEQUENCE { a, b, iE-Extensions OPTIONAL, ... } whose JSON names
/// depend on the protocol.
/// The PLMN is said as people say it beside the wire value (`plmn`), and the whole pair as
/// `readable` (`enb: 001-01:macro:1a2b3`, `ecgi: 001-01:1a2b301`) where it reads.
fn serialize_pair<'a, X: IeSet<'a>, S: Serializer, B: Serialize>(
    s: S,
    names: [&'static str; 2],
    a: &PlmnIdentity<'_>,
    b: &B,
    readable: (&'static str, Option<String>),
    ext: &Option<Box<IeList<'a, X>>>,
    additions: &ExtensionAdditions<'a>,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    m.serialize_entry(names[0], a)?;
    crate::text::serialize_plmn(&mut m, a.as_bytes())?;
    m.serialize_entry(names[1], b)?;
    if let (k, Some(t)) = readable {
        m.serialize_entry(k, &t)?;
    }
    serialize_tail::<X, S>(&mut m, ext, additions)?;
    m.end()
}

/// Reads the preamble of SEQUENCE { a, b, iE-Extensions OPTIONAL, ... }: (extension bit,
/// iE-Extensions present).
/// The fields of a `SEQUENCE { PLMN identity, <second>, iE-Extensions OPTIONAL, ... }`, the
/// layout Global-ENB-ID and EUTRAN-CGI/ECGI share.
type PairFields<'a, B, X> = (
    PlmnIdentity<'a>,
    B,
    Option<Box<IeList<'a, X>>>,
    ExtensionAdditions<'a>,
);

/// Reads such a SEQUENCE; `second` names its second component in error paths.
fn decode_pair<'a, B: Aper<'a>, X: IeSet<'a>>(
    r: &mut PerReader<'a>,
    second: &'static str,
) -> DecodeResult<PairFields<'a, B, X>> {
    let (ext, bitmap) = r.sequence_preamble(true, 1)?;
    let plmn = PlmnIdentity::decode(r).ctx("plmn_identity")?;
    let b = B::decode(r).ctx(second)?;
    let ie_extensions = if bitmap == 1 {
        Some(Box::new(
            IeList::decode(r, EXT_CONTAINER).ctx("ie_extensions")?,
        ))
    } else {
        None
    };
    Ok((plmn, b, ie_extensions, ExtensionAdditions::decode(r, ext)?))
}

/// Writes such a SEQUENCE.
fn encode_pair<'a, B: Aper<'a>, X: IeSet<'a>>(
    w: &mut PerWriter,
    plmn: &PlmnIdentity<'a>,
    (second, b): (&str, &B),
    ie_extensions: &Option<Box<IeList<'a, X>>>,
    additions: &ExtensionAdditions<'a>,
) -> EncodeResult<()> {
    w.sequence_preamble(true, additions.present(), &[ie_extensions.is_some()]);
    plmn.encode(w).map_err(|e| e.in_field("plmn_identity"))?;
    b.encode(w).map_err(|e| e.in_field(second))?;
    if let Some(x) = ie_extensions {
        Aper::encode(&**x, w).map_err(|e| e.in_field("ie_extensions"))?;
    }
    if additions.present() {
        additions.encode(w)?;
    }
    Ok(())
}

/// Global-ENB-ID (S1AP) / GlobalENB-ID (X2AP) ::= SEQUENCE { pLMN identity, eNB-ID,
/// iE-Extensions OPTIONAL, ... }.
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalEnbId<'a, X> {
    /// pLMNidentity / pLMN-Identity.
    pub plmn_identity: PlmnIdentity<'a>,
    /// eNB-ID.
    pub enb_id: EnbId<'a>,
    /// iE-Extensions (boxed: nearly always absent).
    pub ie_extensions: Option<Box<IeList<'a, X>>>,
    /// Unknown extension additions.
    pub extension_additions: ExtensionAdditions<'a>,
}

impl<'a, X: IeSet<'a>> Aper<'a> for GlobalEnbId<'a, X> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let (plmn_identity, enb_id, ie_extensions, extension_additions) =
            decode_pair::<EnbId<'a>, X>(r, "enb_id")?;
        Ok(GlobalEnbId {
            plmn_identity,
            enb_id,
            ie_extensions,
            extension_additions,
        })
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        encode_pair(
            w,
            &self.plmn_identity,
            ("enb_id", &self.enb_id),
            &self.ie_extensions,
            &self.extension_additions,
        )
    }
}

impl<'a, X: IeSet<'a> + ApNames> Serialize for GlobalEnbId<'a, X> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let plmn = crate::text::plmn_or_hex(self.plmn_identity.as_bytes());
        let text = match &self.enb_id {
            EnbId::Macro(v) => Some(("macro", v.0)),
            EnbId::Home(v) => Some(("home", v.0)),
            EnbId::ShortMacro(v) => Some(("short-macro", v.0)),
            EnbId::LongMacro(v) => Some(("long-macro", v.0)),
            EnbId::Unknown(..) => None,
        }
        .map(|(k, id)| crate::text::enb_id(&plmn, k, id as u32));
        serialize_pair::<X, S, _>(
            s,
            X::GLOBAL_ENB_ID,
            &self.plmn_identity,
            &self.enb_id,
            ("enb", text),
            &self.ie_extensions,
            &self.extension_additions,
        )
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<'a, X> Sample for GlobalEnbId<'a, X> {
    fn sample(rng: &mut Rng, depth: u32) -> Self {
        GlobalEnbId {
            plmn_identity: PlmnIdentity::sample(rng, depth + 1),
            enb_id: sample_enb_id(rng),
            ie_extensions: None,
            extension_additions: ExtensionAdditions::default(),
        }
    }
}

#[cfg(any(test, feature = "test-util"))]
fn sample_enb_id<'a>(rng: &mut Rng) -> EnbId<'a> {
    match rng.below(4) {
        0 => EnbId::Macro(BitId::sample(rng, 0)),
        1 => EnbId::Home(BitId::sample(rng, 0)),
        2 => EnbId::ShortMacro(BitId::sample(rng, 0)),
        _ => EnbId::LongMacro(BitId::sample(rng, 0)),
    }
}

/// EUTRAN-CGI (S1AP) / ECGI (X2AP) ::= SEQUENCE { PLMN identity, cell identity (28 bits),
/// iE-Extensions OPTIONAL, ... }. JSON names from [`ApNames::ECGI`].
#[derive(Debug, Clone, PartialEq)]
pub struct Ecgi<'a, X> {
    /// pLMNidentity / pLMN-Identity.
    pub plmn_identity: PlmnIdentity<'a>,
    /// cell-ID / eUTRANcellIdentifier.
    pub cell_id: CellIdentity,
    /// iE-Extensions (boxed: nearly always absent).
    pub ie_extensions: Option<Box<IeList<'a, X>>>,
    /// Unknown extension additions.
    pub extension_additions: ExtensionAdditions<'a>,
}

impl<'a, X: IeSet<'a>> Aper<'a> for Ecgi<'a, X> {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let (plmn_identity, cell_id, ie_extensions, extension_additions) =
            decode_pair::<CellIdentity, X>(r, "cell_id")?;
        Ok(Ecgi {
            plmn_identity,
            cell_id,
            ie_extensions,
            extension_additions,
        })
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        encode_pair(
            w,
            &self.plmn_identity,
            ("cell_id", &self.cell_id),
            &self.ie_extensions,
            &self.extension_additions,
        )
    }
}

impl<'a, X: IeSet<'a> + ApNames> Serialize for Ecgi<'a, X> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = format!(
            "{}:{:07x}",
            crate::text::plmn_or_hex(self.plmn_identity.as_bytes()),
            self.cell_id.0
        );
        serialize_pair::<X, S, _>(
            s,
            X::ECGI,
            &self.plmn_identity,
            &self.cell_id,
            ("ecgi", Some(text)),
            &self.ie_extensions,
            &self.extension_additions,
        )
    }
}

#[cfg(any(test, feature = "test-util"))]
impl<'a, X> Sample for Ecgi<'a, X> {
    fn sample(rng: &mut Rng, depth: u32) -> Self {
        Ecgi {
            plmn_identity: PlmnIdentity::sample(rng, depth + 1),
            cell_id: CellIdentity::sample(rng, depth + 1),
            ie_extensions: None,
            extension_additions: ExtensionAdditions::default(),
        }
    }
}

aper_sequence! {
    /// UESecurityCapabilities ::= SEQUENCE { encryptionAlgorithms, integrityProtectionAlgorithms,
    /// iE-Extensions OPTIONAL, ... } (same layout and names in S1AP and X2AP).
    pub struct UeSecurityCapabilities<'a, X> {
        /// encryptionAlgorithms: EEA bitmap (bit 1 = 128-EEA1 ...).
        Req encryption_algorithms: Algorithms<'a>,
        /// integrityProtectionAlgorithms: EIA bitmap.
        Req integrity_protection_algorithms: Algorithms<'a>,
        /// iE-Extensions.
        Ext ie_extensions: IeList<'a, X>,
    }
}

aper_sequence! {
    /// TAI ::= SEQUENCE { pLMNidentity, tAC, iE-Extensions OPTIONAL, ... }.
    pub struct Tai<'a, X> {
        /// pLMNidentity.
        Req plmn_identity: PlmnIdentity<'a>,
        /// tAC.
        Req tac: Tac<'a>,
        /// iE-Extensions.
        Ext ie_extensions: IeList<'a, X>,
    }
}

/// Wraps a decoder error with the protocol-independent `Index` check used by hand-written
/// CHOICEs: an index that the constraint admits but the type does not know.
pub fn bad_index(r: &PerReader<'_>, i: Index) -> crate::error::DecodeError {
    r.error(
        ErrorKind::OutOfRange,
        format!("alternative index {i:?} not known"),
    )
}

/// Defines an INTEGER whose root is a union of values and ranges (`(1..30 | 40 | 50, ...)`):
/// encoded within the smallest range holding them (X.691 effective constraint), sampled from
/// the values the constraint admits only.
#[macro_export]
#[doc(hidden)]
macro_rules! aper_int_set {
    (
        $(#[$m:meta])*
        pub struct $name:ident (lb: $lb:literal, ub: $ub:literal, ext: $ext:literal, ranges: [$(($a:literal, $b:literal)),* $(,)?]);
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl<'a> $crate::ap::common::Aper<'a> for $name {
            fn decode(r: &mut $crate::per::PerReader<'a>) -> $crate::error::DecodeResult<Self> {
                Ok($name(<$crate::ap::common::Int<$lb, $ub, $ext> as $crate::ap::common::Aper>::decode(r)?.0))
            }
            fn encode(&self, w: &mut $crate::per::PerWriter) -> $crate::error::EncodeResult<()> {
                $crate::ap::common::Aper::encode(&$crate::ap::common::Int::<$lb, $ub, $ext>(self.0), w)
            }
        }

        impl<'a> $crate::json::FromJson<'a> for $name {
            fn from_json(v: &serde_json::Value, path: &str) -> Result<Self, $crate::json::JsonError> {
                const RANGES: &[(i64, i64)] = &[$(($a, $b)),*];
                let n = $crate::json::int(v, path)?;
                if !$ext && !RANGES.iter().any(|(a, b)| (*a..=*b).contains(&n)) {
                    return Err($crate::json::JsonError::at(path, concat!("not in the constraint of ", stringify!($name))));
                }
                Ok($name(n))
            }
        }

        #[cfg(any(test, feature = "test-util"))]
        impl $crate::ap::common::Sample for $name {
            fn sample(rng: &mut $crate::ap::common::Rng, _: u32) -> Self {
                const RANGES: &[(i64, i64)] = &[$(($a, $b)),*];
                let (a, b) = RANGES[rng.below(RANGES.len() as u64) as usize];
                $name(rng.int_in(a, b))
            }
        }
    };
}

/// `INTEGER (0..18446744073709551615)` (usage counts): a length of 1..8 octets, then the
/// octets (X.691 11.5.7.4), which the `i64` constraint of [`Int`] cannot express.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct U64Full(pub u64);

impl<'a> Aper<'a> for U64Full {
    fn decode(r: &mut PerReader<'a>) -> DecodeResult<Self> {
        let n = r.constrained_whole(1, 8)? as u32;
        r.align()?;
        let v = r.read_bits(n * 8)?;
        if n > 1 && v >> ((n - 1) * 8) == 0 {
            r.note("integer not in its minimal number of octets");
        }
        Ok(U64Full(v))
    }
    fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        let n = (8 - self.0.leading_zeros() / 8).max(1);
        w.constrained_whole(n as i64, 1, 8)?;
        w.align();
        w.write_bits(self.0, n * 8);
        Ok(())
    }
}

#[cfg(any(test, feature = "test-util"))]
impl Sample for U64Full {
    fn sample(rng: &mut Rng, _: u32) -> Self {
        U64Full(match rng.below(4) {
            0 => 0,
            1 => u64::MAX,
            _ => rng.next_u64() >> rng.below(64),
        })
    }
}
