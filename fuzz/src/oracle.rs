//! The properties every fuzz target checks, one function per target.
//!
//! Shared by the cargo-fuzz targets (`fuzz_targets/*.rs`, one line each) and by the tests crate
//! (`tests/tests/fuzz_regressions.rs` includes this file by path), so that a corpus or a
//! regression input is held to exactly the checks that found it. Only keyhop, keyhop-codec,
//! `arbitrary` and serde_json are used here, and for `export` the arrow and parquet crates
//! that read its tables back.
//!
//! For a decoder the checks are: decoding never panics; an error names a protocol and lies
//! within the input; whatever decodes encodes, the encoding decodes to the same value, and
//! encoding that again gives the same octets. Where keyhop promises byte-exact round trips
//! (TLV codecs, PER input without notes) the encoding must also equal the input.

use arbitrary::{Result as ArbResult, Unstructured};
use keyhop::capture::{linktype, CaptureReader, Dissector, Limits, Timestamp};
use keyhop::decoded::Decoded;
use keyhop_codec::ap::ExtensionAdditions;
use keyhop_codec::makr::{
    EnbId, EnbIdentity, KdfAlgorithm, KeyDistribution, KeyDistributionItem, MakrType,
    NeighbourKeyRequest, NeighbourKeyResponse, WrapAlgorithm, WrappedKeNB, WrappedKeyItem,
};
use keyhop_codec::per::{Index, IntConstraint, PerReader, PerWriter, SizeConstraint};
use keyhop_codec::{DecodeError, DecodeResult, KeyMaterial, Octets, Protocol};
use std::borrow::Cow;

/// An error must point into the input it came from.
fn check_error(e: &DecodeError, input_len: usize) {
    assert!(
        e.bit_offset <= input_len as u64 * 8,
        "error offset beyond the input of {input_len} octets: {e}"
    );
}

fn json<T: serde::Serialize>(v: &T) {
    std::hint::black_box(serde_json::to_string(v).expect("serialises"));
}

// ---------------------------------------------------------------------------------------------
// PER engine

/// One PER primitive with its constraint, as the fuzzer chooses them.
#[derive(Debug, Clone, Copy)]
enum Prim {
    Int(IntConstraint),
    Octets(SizeConstraint),
    Bits(SizeConstraint),
    Chars(SizeConstraint),
    SeqOfLen(SizeConstraint),
    Enumerated(u32, bool),
    Choice(u32, bool),
    NormallySmall,
    Bool,
    ExtBitmap,
    OpenType,
    Oid,
}

/// A value one primitive reads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PrimValue {
    Int(i64),
    Octets(Vec<u8>),
    Bits(Vec<u8>, usize),
    Len(usize),
    Index(Index),
    Small(u64),
    Bool(bool),
    Bitmap(Vec<bool>),
}

fn size_constraint(u: &mut Unstructured<'_>) -> ArbResult<SizeConstraint> {
    let lb = u.int_in_range(0..=70_000usize)?;
    Ok(match u.int_in_range(0..=3u8)? {
        0 => SizeConstraint::unconstrained(),
        1 => SizeConstraint::fixed(lb % 300),
        2 => SizeConstraint::range(lb % 40, lb % 40 + u.int_in_range(0..=70_000usize)?),
        _ => SizeConstraint::range_ext(lb % 40, lb % 40 + u.int_in_range(0..=300usize)?),
    })
}

fn int_constraint(u: &mut Unstructured<'_>) -> ArbResult<IntConstraint> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => IntConstraint::Unconstrained,
        1 => IntConstraint::SemiConstrained {
            lb: u.int_in_range(-1000..=1000i64)?,
        },
        k => {
            let lb = u.int_in_range(-(1i64 << 40)..=(1i64 << 40))?;
            let width = match u.int_in_range(0..=4u8)? {
                0 => u.int_in_range(0..=255i64)?,
                1 => u.int_in_range(0..=65_535i64)?,
                2 => u.int_in_range(0..=(1i64 << 32))?,
                3 => u32::MAX as i64,
                _ => u.int_in_range(0..=(1i64 << 40))?,
            };
            if k == 2 {
                IntConstraint::range(lb, lb + width)
            } else {
                IntConstraint::range_ext(lb, lb + width)
            }
        }
    })
}

fn prim(u: &mut Unstructured<'_>) -> ArbResult<Prim> {
    Ok(match u.int_in_range(0..=11u8)? {
        0 => Prim::Int(int_constraint(u)?),
        1 => Prim::Octets(size_constraint(u)?),
        2 => Prim::Bits(size_constraint(u)?),
        3 => Prim::Chars(size_constraint(u)?),
        4 => Prim::SeqOfLen(size_constraint(u)?),
        5 => Prim::Enumerated(u.int_in_range(1..=300u32)?, u.arbitrary()?),
        6 => Prim::Choice(u.int_in_range(1..=300u32)?, u.arbitrary()?),
        7 => Prim::NormallySmall,
        8 => Prim::Bool,
        9 => Prim::ExtBitmap,
        10 => Prim::OpenType,
        _ => Prim::Oid,
    })
}

fn read_prim(r: &mut PerReader<'_>, p: Prim) -> DecodeResult<PrimValue> {
    Ok(match p {
        Prim::Int(c) => PrimValue::Int(r.integer(c)?),
        Prim::Octets(c) => PrimValue::Octets(r.octet_string(c)?.into_owned()),
        Prim::Bits(c) => {
            let (b, n) = r.bit_string(c)?;
            PrimValue::Bits(b.into_owned(), n)
        }
        Prim::Chars(c) => PrimValue::Octets(r.char_string(c)?.into_owned()),
        Prim::SeqOfLen(c) => PrimValue::Len(r.sequence_of_len(c)?),
        Prim::Enumerated(n, e) => PrimValue::Index(r.enumerated(n, e)?),
        Prim::Choice(n, e) => PrimValue::Index(r.choice(n, e)?),
        Prim::NormallySmall => PrimValue::Small(r.normally_small()?),
        Prim::Bool => PrimValue::Bool(r.read_bool()?),
        Prim::ExtBitmap => PrimValue::Bitmap(r.extension_bitmap()?),
        Prim::OpenType => PrimValue::Octets(r.open_type()?.into_owned()),
        Prim::Oid => PrimValue::Octets(r.object_identifier()?.into_owned()),
    })
}

fn write_prim(w: &mut PerWriter, p: Prim, v: &PrimValue) {
    let res = match (p, v) {
        (Prim::Int(c), PrimValue::Int(i)) => w.integer(*i, c),
        (Prim::Octets(c), PrimValue::Octets(b)) => w.octet_string(b, c),
        (Prim::Bits(c), PrimValue::Bits(b, n)) => w.bit_string(b, *n, c),
        (Prim::Chars(c), PrimValue::Octets(b)) => w.char_string(b, c),
        (Prim::SeqOfLen(c), PrimValue::Len(n)) => w.sequence_of_len(*n, c),
        (Prim::Enumerated(n, e), PrimValue::Index(i)) => w.enumerated(*i, n, e),
        (Prim::Choice(n, e), PrimValue::Index(i)) => w.choice(*i, n, e),
        (Prim::NormallySmall, PrimValue::Small(n)) => {
            w.normally_small(*n);
            Ok(())
        }
        (Prim::Bool, PrimValue::Bool(b)) => {
            w.write_bool(*b);
            Ok(())
        }
        (Prim::ExtBitmap, PrimValue::Bitmap(b)) => w.extension_bitmap(b),
        (Prim::OpenType, PrimValue::Octets(b)) => w.open_type(b),
        (Prim::Oid, PrimValue::Octets(b)) => w.object_identifier(b),
        _ => unreachable!("value read by the same primitive"),
    };
    if let Err(e) = res {
        panic!("{p:?}: a decoded value {v:?} does not encode: {e}");
    }
}

/// A SEQUENCE OF count must fit the bits left after it (a forged count reserves no memory), and
/// the items are not part of the check: zero octets after the encoding stand in for them.
fn seq_of_room(v: &PrimValue) -> Vec<u8> {
    match v {
        PrimValue::Len(n) => vec![0; n / 64 + 2],
        _ => Vec::new(),
    }
}

fn new_reader(b: &[u8], aligned: bool) -> PerReader<'_> {
    if aligned {
        PerReader::new(b, Protocol::S1ap)
    } else {
        PerReader::new_unaligned(b, Protocol::Rrc)
    }
}

/// The PER reader on arbitrary input, aligned or not, primitive by primitive: every value read
/// is written back with the same constraint and must read back the same, and the writer's
/// output for the whole sequence must read back value for value.
pub fn per_engine(data: &[u8], aligned: bool) {
    let mut u = Unstructured::new(data);
    let Ok(n) = u.int_in_range(1..=24usize) else {
        return;
    };
    let mut prims = Vec::with_capacity(n);
    for _ in 0..n {
        match prim(&mut u) {
            Ok(p) => prims.push(p),
            Err(_) => return,
        }
    }
    let input = u.take_rest();
    let mut w = if aligned {
        PerWriter::new(Protocol::S1ap)
    } else {
        PerWriter::new_unaligned(Protocol::Rrc)
    };
    let mut r = new_reader(input, aligned);
    let mut read = Vec::new();
    for &p in &prims {
        match read_prim(&mut r, p) {
            Ok(v) => {
                assert!(r.bit_offset() <= input.len() as u64 * 8);
                // Each value alone must round-trip ...
                let mut one = if aligned {
                    PerWriter::new(Protocol::S1ap)
                } else {
                    PerWriter::new_unaligned(Protocol::Rrc)
                };
                write_prim(&mut one, p, &v);
                let mut bytes = one.into_bytes();
                bytes.extend(seq_of_room(&v));
                let mut again = new_reader(&bytes, aligned);
                let v2 = read_prim(&mut again, p).unwrap_or_else(|e| {
                    panic!("{p:?}: the encoding {bytes:02x?} of {v:?} does not decode: {e}")
                });
                assert_eq!(v, v2, "{p:?}: value changed through {bytes:02x?}");
                // ... and in sequence with the others.
                write_prim(&mut w, p, &v);
                read.push((p, v));
            }
            Err(e) => {
                check_error(&e, input.len());
                break;
            }
        }
    }
    if let Err(e) = r.finish() {
        check_error(&e, input.len());
    }
    let mut bytes = w.into_bytes();
    for (_, v) in &read {
        bytes.extend(seq_of_room(v));
    }
    let mut r = new_reader(&bytes, aligned);
    for (p, v) in &read {
        let v2 = read_prim(&mut r, *p)
            .unwrap_or_else(|e| panic!("{p:?} in sequence: {bytes:02x?} does not decode: {e}"));
        assert_eq!(v, &v2, "{p:?} in sequence");
    }
}

// ---------------------------------------------------------------------------------------------
// S1AP, X2AP

macro_rules! ap_oracle {
    ($(#[$doc:meta])* $name:ident, $module:ident) => {
        $(#[$doc])*
        pub fn $name(data: &[u8]) {
            use keyhop_codec::$module as m;
            let pdu = match m::decode(data) {
                Ok(p) => p,
                Err(e) => {
                    check_error(&e, data.len());
                    return;
                }
            };
            json(&m::to_json(&pdu));
            std::hint::black_box(m::summary(&pdu));
            let bytes = m::encode(&pdu).unwrap_or_else(|e| panic!("a decoded PDU encodes: {e}"));
            if pdu.notes.is_empty() {
                assert_eq!(bytes, data, "input without notes re-encodes byte-exact");
            }
            let mut again =
                m::decode(&bytes).unwrap_or_else(|e| panic!("the encoding decodes: {e}"));
            let mut first = pdu.clone();
            first.notes.clear();
            again.notes.clear();
            assert_eq!(first, again, "value changed through the encoding");
            let bytes2 = m::encode(&again).expect("re-encodes");
            assert_eq!(bytes, bytes2, "encoding is stable");
        }
    };
}

ap_oracle!(
    /// S1AP PDU decoder.
    s1ap,
    s1ap
);
ap_oracle!(
    /// X2AP PDU decoder.
    x2ap,
    x2ap
);

// ---------------------------------------------------------------------------------------------
// MAKR

macro_rules! makr_one {
    ($t:ty, $data:expr) => {{
        let data: &[u8] = $data;
        match <$t>::from_aper(data) {
            Err(e) => check_error(&e, data.len()),
            Ok(v) => {
                json(&v);
                let bytes = v
                    .to_aper()
                    .unwrap_or_else(|e| panic!("a decoded value encodes: {e}"));
                let again =
                    <$t>::from_aper(&bytes).unwrap_or_else(|e| panic!("the encoding decodes: {e}"));
                assert_eq!(v, again, "value changed through the encoding");
                assert_eq!(
                    bytes,
                    again.to_aper().expect("re-encodes"),
                    "encoding is stable"
                );
            }
        }
    }};
}

/// The MAKR types on arbitrary APER (the first octet picks the type) and, for the MAKR
/// private IEs, the S1AP PrivateMessage around them.
pub fn makr(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 8 {
        0 => makr_one!(EnbIdentity, rest),
        1 => makr_one!(KeyDistribution, rest),
        2 => makr_one!(KeyDistributionItem, rest),
        3 => makr_one!(NeighbourKeyRequest, rest),
        4 => makr_one!(NeighbourKeyResponse, rest),
        5 => makr_one!(WrappedKeyItem, rest),
        6 => makr_one!(WrappedKeNB, rest),
        _ => s1ap(rest),
    }
}

fn octets<'a>(u: &mut Unstructured<'a>, max: usize) -> ArbResult<&'a [u8]> {
    let n = u.int_in_range(0..=max)?;
    u.bytes(n.min(u.len()))
}

fn additions<'a>(u: &mut Unstructured<'a>) -> ArbResult<ExtensionAdditions<'a>> {
    let n = u.int_in_range(0..=3usize)?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(if u.arbitrary()? {
            Some(Octets(Cow::Borrowed(octets(u, 8)?)))
        } else {
            None
        });
    }
    Ok(ExtensionAdditions::new(v))
}

fn enb_identity<'a>(u: &mut Unstructured<'a>) -> ArbResult<EnbIdentity<'a>> {
    let plmn_identity = u.arbitrary()?;
    let v: u32 = u.arbitrary()?;
    let enb_id = match u.int_in_range(0..=4u8)? {
        0 => EnbId::Macro(v & 0xf_ffff),
        1 => EnbId::Home(v & 0xfff_ffff),
        2 => EnbId::ShortMacro(v & 0x3_ffff),
        3 => EnbId::LongMacro(v & 0x1f_ffff),
        _ => EnbId::Unknown {
            index: u.int_in_range(2..=70u32)?,
            value: Octets(Cow::Borrowed(octets(u, 6)?)),
        },
    };
    Ok(EnbIdentity {
        plmn_identity,
        enb_id,
        extensions: additions(u)?,
    })
}

fn kdf(u: &mut Unstructured<'_>) -> ArbResult<KdfAlgorithm> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => KdfAlgorithm::AesBlock,
        1 => KdfAlgorithm::AesCmacCtr,
        _ => KdfAlgorithm::Unknown(u.int_in_range(0..=100u32)?),
    })
}

fn wrap(u: &mut Unstructured<'_>) -> ArbResult<WrapAlgorithm> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => WrapAlgorithm::AesEcb,
        1 => WrapAlgorithm::AesKw,
        2 => WrapAlgorithm::AesCtrCmac,
        _ => WrapAlgorithm::Unknown(u.int_in_range(0..=100u32)?),
    })
}

fn list<'a, T>(
    u: &mut Unstructured<'a>,
    max: usize,
    f: impl Fn(&mut Unstructured<'a>) -> ArbResult<T>,
) -> ArbResult<Vec<T>> {
    let n = u.int_in_range(1..=max)?;
    (0..n).map(|_| f(u)).collect()
}

fn key_item<'a>(u: &mut Unstructured<'a>) -> ArbResult<KeyDistributionItem<'a>> {
    let n = u.int_in_range(16..=32usize)?;
    Ok(KeyDistributionItem {
        enb_identity: enb_identity(u)?,
        key_id: u.arbitrary()?,
        mme_enb_key: KeyMaterial::borrowed(u.bytes(n)?),
        extensions: additions(u)?,
    })
}

fn wrapped_item<'a>(u: &mut Unstructured<'a>) -> ArbResult<WrappedKeyItem<'a>> {
    let n = u.int_in_range(16..=64usize)?;
    Ok(WrappedKeyItem {
        target_enb: enb_identity(u)?,
        key_id: u.arbitrary()?,
        wrap_algorithm: wrap(u)?,
        wrapped_kenb: Octets(Cow::Borrowed(u.bytes(n)?)),
        extensions: additions(u)?,
    })
}

macro_rules! typed_round_trip {
    ($t:ty, $v:expr) => {{
        let v: $t = $v;
        let bytes = v.to_aper().unwrap_or_else(|e| {
            panic!("a value within its constraints does not encode: {e}\n{v:?}")
        });
        let again = <$t>::from_aper(&bytes)
            .unwrap_or_else(|e| panic!("the encoding {bytes:02x?} of {v:?} does not decode: {e}"));
        assert_eq!(v, again, "value changed through {bytes:02x?}");
        assert_eq!(bytes, again.to_aper().expect("re-encodes"));
    }};
}

/// Structure-aware: a MAKR value built from the input (within its ASN.1 constraints) encodes,
/// decodes to itself, and encodes the same again; so does the S1AP PrivateMessage carrying it.
pub fn makr_typed(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let _ = makr_typed_inner(&mut u);
}

fn makr_typed_inner(u: &mut Unstructured<'_>) -> ArbResult<()> {
    match u.int_in_range(0..=6u8)? {
        0 => typed_round_trip!(EnbIdentity, enb_identity(u)?),
        1 => typed_round_trip!(KeyDistributionItem, key_item(u)?),
        2 => typed_round_trip!(WrappedKeyItem, wrapped_item(u)?),
        3 => typed_round_trip!(
            WrappedKeNB,
            WrappedKeNB {
                refresh_counter: u.arbitrary()?,
                kdf: kdf(u)?,
                key: wrapped_item(u)?,
                extensions: additions(u)?,
            }
        ),
        k => {
            let ie: keyhop_codec::makr::MakrPrivateIe = match k {
                4 => KeyDistribution {
                    keys: list(u, 4, key_item)?,
                    extensions: additions(u)?,
                }
                .into(),
                5 => NeighbourKeyRequest {
                    mme_ue_s1ap_id: u.arbitrary()?,
                    enb_ue_s1ap_id: u.int_in_range(0..=0xff_ffffu32)?,
                    serving_enb: enb_identity(u)?,
                    neighbours: list(u, 4, enb_identity)?,
                    extensions: additions(u)?,
                }
                .into(),
                _ => NeighbourKeyResponse {
                    mme_ue_s1ap_id: u.arbitrary()?,
                    enb_ue_s1ap_id: u.int_in_range(0..=0xff_ffffu32)?,
                    refresh_counter: u.arbitrary()?,
                    kdf: kdf(u)?,
                    wrapped_keys: list(u, 4, wrapped_item)?,
                    extensions: additions(u)?,
                }
                .into(),
            };
            match &ie {
                keyhop_codec::makr::MakrPrivateIe::KeyDistribution(v) => {
                    typed_round_trip!(KeyDistribution, v.clone())
                }
                keyhop_codec::makr::MakrPrivateIe::NeighbourKeyRequest(v) => {
                    typed_round_trip!(NeighbourKeyRequest, v.clone())
                }
                keyhop_codec::makr::MakrPrivateIe::NeighbourKeyResponse(v) => {
                    typed_round_trip!(NeighbourKeyResponse, v.clone())
                }
            }
            let pdu: keyhop_codec::s1ap::S1apPdu = ie.into_s1ap_pdu();
            let bytes = keyhop_codec::s1ap::encode(&pdu).expect("a PrivateMessage encodes");
            let again = keyhop_codec::s1ap::decode(&bytes).expect("the PrivateMessage decodes");
            assert_eq!(pdu, again);
            s1ap(&bytes);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// GTP

/// GTPv2-C messages: decode, JSON, byte-exact re-encoding, stable value.
pub fn gtpv2(data: &[u8]) {
    use keyhop_codec::gtpv2;
    let m = match gtpv2::parse(data) {
        Ok(m) => m,
        Err(e) => {
            check_error(&e, data.len());
            return;
        }
    };
    json(&m);
    std::hint::black_box(m.summary());
    let bytes = m
        .emit()
        .unwrap_or_else(|e| panic!("a decoded message emits: {e}"));
    if m.notes.is_empty() {
        assert_eq!(bytes, data, "decode then encode gives the input");
    } else {
        // The only GTPv2 note: octets after the message, which are not re-encoded.
        assert!(
            data.starts_with(&bytes) && bytes.len() < data.len(),
            "decode then encode gives the input's message"
        );
    }
    let again = gtpv2::parse(&bytes).unwrap_or_else(|e| panic!("the encoding decodes: {e}"));
    assert!(again.notes.is_empty());
    let mut first = m;
    first.notes.clear();
    assert_eq!(first, again);
}

/// IE types the structure-aware GTPv2 target builds: every typed one and a few raw ones.
const GTPV2_IE_TYPES: &[u8] = &[
    1, 2, 3, 71, 72, 73, 74, 75, 76, 77, 79, 80, 82, 83, 86, 87, 92, 93, 94, 95, 99, 103, 104, 105,
    106, 107, 108, 109, 111, 112, 113, 114, 117, 118, 119, 120, 121, 126, 127, 128, 135, 136, 84,
    255,
];

fn gtpv2_ies(u: &mut Unstructured<'_>, out: &mut Vec<u8>, depth: usize) -> ArbResult<()> {
    let n = u.int_in_range(0..=6usize)?;
    for _ in 0..n {
        let t = *u.choose(GTPV2_IE_TYPES)?;
        let flags: u8 = u.arbitrary()?;
        let mut value = Vec::new();
        if matches!(t, 93 | 109) && depth < 10 && u.arbitrary()? {
            gtpv2_ies(u, &mut value, depth + 1)?;
        } else {
            value.extend_from_slice(octets(u, 64)?);
        }
        out.push(t);
        out.extend_from_slice(&(value.len() as u16).to_be_bytes());
        out.push(flags);
        out.extend_from_slice(&value);
    }
    Ok(())
}

/// Structure-aware GTPv2-C: a well-framed message of IEs of known types (grouped ones nested,
/// beyond the depth limit at times) with arbitrary values goes through [`gtpv2`].
pub fn gtpv2_typed(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let mut ies = Vec::new();
    let Ok(mt) = u.arbitrary::<u8>() else { return };
    let Ok(teid) = u.arbitrary::<Option<u32>>() else {
        return;
    };
    if gtpv2_ies(&mut u, &mut ies, 0).is_err() {
        return;
    }
    let mut m = vec![0x40 | if teid.is_some() { 0x08 } else { 0 }, mt, 0, 0];
    if let Some(t) = teid {
        m.extend_from_slice(&t.to_be_bytes());
    }
    m.extend_from_slice(&[0, 0, 1, 0]);
    m.extend_from_slice(&ies);
    let Ok(len) = u16::try_from(m.len() - 4) else {
        return;
    };
    m[2..4].copy_from_slice(&len.to_be_bytes());
    gtpv2(&m);
}

/// GTPv1-C messages: decode, JSON, byte-exact re-encoding, stable value.
pub fn gtpv1(data: &[u8]) {
    use keyhop_codec::gtpv1::Message;
    let m = match Message::parse(data) {
        Ok(m) => m,
        Err(e) => {
            check_error(&e, data.len());
            return;
        }
    };
    json(&m);
    std::hint::black_box((m.summary(), m.notes()));
    let bytes = m
        .emit()
        .unwrap_or_else(|e| panic!("a decoded message emits: {e}"));
    assert_eq!(bytes, data, "decode then encode gives the input");
    let again = Message::parse(&bytes).unwrap_or_else(|e| panic!("the encoding decodes: {e}"));
    assert_eq!(m, again);
}

// ---------------------------------------------------------------------------------------------
// NAS, RRC

/// NAS: the security framing of any PDU, the lossless message (codec and its `nas` JSON encode
/// back to the input, each direction), and the H_key delivery parse of a plain message.
pub fn nas(data: &[u8]) {
    use keyhop_codec::nas::{HkeyDelivery, NasPdu};
    for up in [None, Some(true), Some(false)] {
        match keyhop_codec::nas::decode_directed(data, up) {
            Ok(m) => {
                let bytes = keyhop_codec::nas::encode(&m)
                    .unwrap_or_else(|e| panic!("a decoded NAS message encodes: {e}"));
                assert_eq!(bytes, data, "decode then encode gives the input");
            }
            Err(e) => check_error(&e, data.len()),
        }
        let text = {
            let _k = keyhop_codec::redact::show_keys(true);
            serde_json::to_string(&keyhop_codec::nas::msg::NasView::of(data, up)).unwrap()
        };
        let bytes = keyhop_codec::json::encode("nas", &text)
            .unwrap_or_else(|e| panic!("the nas JSON encodes: {e}\n{text}"));
        assert_eq!(bytes, data, "nas JSON encodes back to the input");
    }
    match NasPdu::decode(data) {
        Ok(p) => {
            let bytes = p.encode();
            assert_eq!(bytes, data, "decode then encode gives the input");
            assert_eq!(NasPdu::decode(&bytes).expect("decodes again"), p);
        }
        Err(e) => check_error(&e, data.len()),
    }
    match HkeyDelivery::decode(data) {
        Ok(h) => {
            let bytes = h
                .encode()
                .unwrap_or_else(|e| panic!("a decoded delivery encodes: {e}"));
            assert_eq!(bytes, data, "decode then encode gives the input");
            assert_eq!(HkeyDelivery::decode(&bytes).expect("decodes again"), h);
        }
        Err(e) => check_error(&e, data.len()),
    }
}

/// RRC: HandoverCommand and HandoverPreparationInformation down to the cell identities (the
/// first octet picks the message; decode only, keyhop has no RRC encoder).
pub fn rrc(data: &[u8]) {
    use keyhop_codec::rrc;
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let res = match which % 3 {
        0 => rrc::handover_command_target(rest).map(|c| json(&c)),
        1 => rrc::handover_preparation_source(rest).map(|c| json(&c)),
        _ => rrc::reconfiguration_target(rest).map(|c| json(&c)),
    };
    if let Err(e) = res {
        check_error(&e, rest.len());
        assert!(!e.path().is_empty(), "an RRC error names its field: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Capture

fn payload_checks(app: keyhop::capture::AppProto, data: &[u8]) {
    use keyhop::capture::AppProto;
    if let Ok(d) = Decoded::decode(app, data) {
        std::hint::black_box((d.message_name(), d.summary(), d.notes().len()));
    }
    match app {
        AppProto::S1ap => s1ap(data),
        AppProto::X2ap => x2ap(data),
        AppProto::Gtpv2c => gtpv2(data),
        AppProto::Gtpv1c => gtpv1(data),
    }
}

/// Link types the dissector knows.
pub const LINK_TYPES: &[u32] = &[
    linktype::NULL,
    linktype::ETHERNET,
    linktype::RAW,
    linktype::LOOP,
    linktype::LINUX_SLL,
    linktype::IPV4,
    linktype::IPV6,
    linktype::LINUX_SLL2,
];

/// One packet through the layers of every link type (a fresh dissector each), and the payloads
/// found through their decoders.
pub fn capture_layers(data: &[u8]) {
    for &lt in LINK_TYPES {
        let mut d = Dissector::new(Limits::default());
        let f = d.dissect(1, Timestamp::new(0, 0), lt, data);
        for e in f.issues {
            check_error(e, data.len());
        }
        for p in f.payloads() {
            payload_checks(p.app, p.data);
        }
    }
}

/// Small limits, so that the fuzzer reaches the eviction paths.
fn small_limits() -> Limits {
    Limits {
        max_record_len: 1 << 16,
        ip_frag_max_datagrams: 4,
        ip_frag_max_per_flow: 2,
        ip_frag_max_bytes: 4096,
        ip_frag_timeout_ns: 1_000_000_000,
        sctp_max_messages: 4,
        sctp_max_stream_bytes: 2048,
        sctp_max_assoc_bytes: 3072,
        sctp_max_bytes: 4096,
        sctp_timeout_ns: 1_000_000_000,
        sctp_max_associations: 4,
    }
}

/// The whole pipeline on an arbitrary file, with default and with small limits.
pub fn capture_file(data: &[u8]) {
    for limits in [Limits::default(), small_limits()] {
        let Ok(mut r) = CaptureReader::with_limits(data, limits) else {
            continue;
        };
        // A frame takes at least one octet of the file; of a compressed one, one of what it
        // decompresses to (gzip expands at most 1032 times, LZ4 255; zstd is not built here).
        let octets = match r.compression() {
            None => data.len() as u64,
            Some(_) => data.len() as u64 * 1032,
        };
        let mut frames = 0u64;
        while let Some(f) = r.next_frame() {
            frames += 1;
            assert!(frames <= octets, "more frames than octets");
            if let Ok(f) = f {
                for p in f.payloads() {
                    payload_checks(p.app, p.data);
                }
            }
        }
    }
}

/// The keys file parser on arbitrary text: never a panic, and its error messages never carry
/// 16 hex digits in a row (8 octets of a key the text may hold: messages say where, not what).
pub fn keys(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = keyhop::keys::KeysFile::parse(text) {
            let m = e.to_string();
            let run = m
                .as_bytes()
                .split(|b| !b.is_ascii_hexdigit())
                .map(<[u8]>::len)
                .max()
                .unwrap_or(0);
            assert!(run < 16, "a keys file error quotes 16 hex digits: {m}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// read's output: the key canary

/// The keys file `read_output` loads (x2-makr's: MME-eNB keys, KASME of its UEs).
pub(crate) const READ_OUTPUT_KEYS: &str = include_str!("read_output.keys.toml");
/// Keys the seeds (the sample captures) carry, learn or derive, hex, one a line: a mutated
/// capture may turn one into raw octets that no longer say they are a key.
pub(crate) const READ_OUTPUT_CANARY: &str = include_str!("read_output.canary");

/// The hex strings of 8 octets or more of a text (a keys file, the canary list), decoded.
pub fn hex_keys(text: &str) -> Vec<Vec<u8>> {
    text.split(|c: char| !c.is_ascii_hexdigit())
        .filter(|t| t.len() >= 16 && t.len() % 2 == 0)
        .filter_map(|t| {
            (0..t.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&t[i..i + 2], 16).ok())
                .collect()
        })
        .collect()
}

/// Walks one record serialized without and with `--show-keys`: a leaf that is `fp:xxxxxxxx`
/// in the first and hex in the second is a key the run knows.
pub fn harvest_keys(
    redacted: &serde_json::Value,
    shown: &serde_json::Value,
    out: &mut Vec<Vec<u8>>,
) {
    use serde_json::Value;
    match (redacted, shown) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                if let Some(w) = b.get(k) {
                    harvest_keys(v, w, out);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (v, w) in a.iter().zip(b) {
                harvest_keys(v, w, out);
            }
        }
        (Value::String(r), Value::String(s)) => {
            let fp = r.len() == 11
                && r.starts_with("fp:")
                && r[3..].bytes().all(|c| c.is_ascii_hexdigit());
            if fp {
                out.extend(hex_keys(s));
            }
        }
        _ => {}
    }
}

/// Every 8 consecutive octets of each key, as 16 lowercase hex digits ([`key_window`]'s set).
pub fn key_windows(keys: &[Vec<u8>]) -> std::collections::HashSet<String> {
    keys.iter()
        .flat_map(|k| {
            k.windows(8)
                .map(|w| w.iter().map(|b| format!("{b:02x}")).collect::<String>())
        })
        .collect()
}

/// The first 8-octet window of a key (16 hex digits, any case) in `text`, if any: every run of
/// hex digits is slid over once, so the check is linear in the output.
pub fn key_window<'w>(
    text: &[u8],
    windows: &'w std::collections::HashSet<String>,
) -> Option<&'w String> {
    let lower = text.to_ascii_lowercase();
    let mut i = 0;
    while i < lower.len() {
        if !lower[i].is_ascii_hexdigit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lower.len() && lower[i].is_ascii_hexdigit() {
            i += 1;
        }
        for w in lower[start..i].windows(16) {
            if let Some(k) = std::str::from_utf8(w).ok().and_then(|w| windows.get(w)) {
                return Some(k);
            }
        }
    }
    None
}

/// `keyhop read --keys` on an arbitrary capture, in every format (summary, tree, JSON Lines,
/// JSON): besides what the pipeline's own checks ask, no output without `--show-keys` holds
/// 8 consecutive octets of a key known to the run: the keys file's, the canary list's, and
/// every key the run learns or derives (what `--show-keys` shows where a fingerprint stood).
pub fn read_output(data: &[u8]) {
    use keyhop::read::{run_with_keys, Format};
    use std::sync::OnceLock;
    static KEYS: OnceLock<(keyhop::keys::KeysFile, Vec<Vec<u8>>)> = OnceLock::new();
    let (keys, fixed) = KEYS.get_or_init(|| {
        let k = keyhop::keys::KeysFile::parse(READ_OUTPUT_KEYS).expect("the keys file parses");
        let mut fixed = hex_keys(READ_OUTPUT_KEYS);
        fixed.extend(hex_keys(READ_OUTPUT_CANARY));
        (k, fixed)
    });
    // read takes a path: one scratch file per process and thread.
    let path = std::env::temp_dir().join(format!(
        "keyhop-read-output-{}-{:?}.cap",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&path, data).expect("write the scratch capture");
    let read = |format: Format| {
        let mut out = Vec::new();
        // A capture that cannot be read, or is damaged, still prints what it read.
        let _ = run_with_keys(&path, format, false, keys, &mut out);
        out
    };
    let redacted = read(Format::Jsonl);
    let shown = {
        let _g = keyhop_codec::redact::show_keys(true);
        read(Format::Jsonl)
    };
    let mut known = fixed.clone();
    let (r, s) = (
        String::from_utf8_lossy(&redacted),
        String::from_utf8_lossy(&shown),
    );
    assert_eq!(
        r.lines().count(),
        s.lines().count(),
        "--show-keys changes the records"
    );
    for (r, s) in r.lines().zip(s.lines()) {
        let r: serde_json::Value = serde_json::from_str(r).expect("each line is JSON");
        let s: serde_json::Value = serde_json::from_str(s).expect("each line is JSON");
        harvest_keys(&r, &s, &mut known);
    }
    let windows = key_windows(&known);
    let outputs = [
        (Format::Jsonl, redacted),
        (Format::Summary, read(Format::Summary)),
        (Format::Tree, read(Format::Tree)),
        (Format::Json, read(Format::Json)),
    ];
    let _ = std::fs::remove_file(&path);
    for (format, out) in outputs {
        if let Some(w) = key_window(&out, &windows) {
            panic!("{format:?} output prints 8 octets of a key: {w}");
        }
    }
}

#[path = "validate.rs"]
pub mod validate;

#[path = "export.rs"]
pub mod export;

/// The checks of one target on one input.
pub type Check = fn(&[u8]);

/// Every target by name, for the regression test that replays corpora.
pub const TARGETS: &[(&str, Check)] = &[
    ("per_aligned", |d| per_engine(d, true)),
    ("per_unaligned", |d| per_engine(d, false)),
    ("s1ap", s1ap),
    ("x2ap", x2ap),
    ("makr", makr),
    ("makr_typed", makr_typed),
    ("gtpv2", gtpv2),
    ("gtpv2_typed", gtpv2_typed),
    ("gtpv1", gtpv1),
    ("nas", nas),
    ("rrc", rrc),
    ("capture_layers", capture_layers),
    ("capture_file", capture_file),
    ("keys", keys),
    ("validate", validate::validate),
    ("read_output", read_output),
    ("export", export::export_output),
];
