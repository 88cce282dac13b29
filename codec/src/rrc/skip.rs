//! Stepping over RRC values keyhop does not read.
//!
//! UPER is not self-delimiting: to reach a field after a large structure (MeasConfig before
//! mobilityControlInfo, the whole AS-Config before sourceDl-CarrierFreq) every component before
//! it has to be decoded. [`skip`] does that from a description of the type ([`Ty`], the tables in
//! `schema.rs`), checking every constraint as it goes, so a value that does not match its type is
//! an error with the component path rather than a silent misread.

use crate::error::{Context, DecodeResult, ErrorKind};
use crate::per::{Index, IntConstraint, PerReader, SizeConstraint};

/// What PER needs of an ASN.1 type to find where its value ends.
#[derive(Debug)]
pub(crate) enum Ty {
    /// INTEGER (lb..ub), extensible or not.
    Int(i64, i64, bool),
    /// INTEGER (lb..MAX); the generator emits it should a table need it.
    #[allow(dead_code)]
    IntSemi(i64),
    /// INTEGER without constraint; as above.
    #[allow(dead_code)]
    IntUnconstrained,
    /// ENUMERATED with this many root values, extensible or not.
    Enum(u32, bool),
    /// BOOLEAN.
    Bool,
    /// NULL.
    Null,
    /// BIT STRING.
    Bits(SizeConstraint),
    /// OCTET STRING (also with CONTAINING: PER carries it as octets).
    Octets(SizeConstraint),
    /// SEQUENCE (SIZE ...) OF the item type.
    SeqOf(SizeConstraint, &'static Ty),
    /// SEQUENCE: extensible, and the root components (name, OPTIONAL or DEFAULT, type). The
    /// extension additions travel as open types and need no description.
    Seq(bool, &'static [(&'static str, bool, &'static Ty)]),
    /// CHOICE: extensible, and the root alternatives.
    Choice(bool, &'static [(&'static str, &'static Ty)]),
}

/// Nesting past which [`skip`] stops: the tables are far shallower, so this only guards against
/// a table mistake turning into unbounded recursion.
const MAX_SKIP_DEPTH: u32 = 64;

/// Steps over one value of `ty`.
pub(crate) fn skip(r: &mut PerReader<'_>, ty: &Ty) -> DecodeResult<()> {
    skip_at(r, ty, 0)
}

fn skip_at(r: &mut PerReader<'_>, ty: &Ty, depth: u32) -> DecodeResult<()> {
    if depth > MAX_SKIP_DEPTH {
        return Err(r.error(ErrorKind::Limit, "RRC value nested too deep"));
    }
    match *ty {
        Ty::Int(lb, ub, ext) => {
            let c = IntConstraint::Constrained { lb, ub, ext };
            r.integer(c)?;
        }
        Ty::IntSemi(lb) => {
            r.integer(IntConstraint::SemiConstrained { lb })?;
        }
        Ty::IntUnconstrained => {
            r.integer(IntConstraint::Unconstrained)?;
        }
        Ty::Enum(n, ext) => {
            r.enumerated(n, ext)?;
        }
        Ty::Bool => {
            r.read_bool()?;
        }
        Ty::Null => {}
        Ty::Bits(size) => {
            r.bit_string(size)?;
        }
        Ty::Octets(size) => {
            r.octet_string(size)?;
        }
        Ty::SeqOf(size, item) => {
            let n = r.sequence_of_len(size)?;
            for i in 0..n {
                skip_at(r, item, depth + 1).ctx_with(|| format!("[{i}]"))?;
            }
        }
        Ty::Seq(ext, fields) => skip_sequence(r, ext, fields, depth)?,
        Ty::Choice(ext, alts) => match r.choice(alts.len() as u32, ext)? {
            Index::Root(i) => {
                // The index was read within 0..len, so it names an alternative.
                let (name, t) = alts[i as usize];
                skip_at(r, t, depth + 1).ctx(name)?;
            }
            Index::Ext(i) => {
                r.open_type()
                    .ctx_with(|| format!("extension alternative {i}"))?;
            }
        },
    }
    Ok(())
}

fn skip_sequence(
    r: &mut PerReader<'_>,
    ext: bool,
    fields: &[(&'static str, bool, &'static Ty)],
    depth: u32,
) -> DecodeResult<()> {
    let has_ext = if ext { r.read_bool()? } else { false };
    // Presence bits one by one: some RRC SEQUENCEs have more OPTIONAL components than fit a
    // 64-bit preamble read.
    let mut present = Vec::with_capacity(fields.len());
    for &(_, opt, _) in fields {
        present.push(if opt { r.read_bool()? } else { true });
    }
    for (&(name, _, t), p) in fields.iter().zip(present) {
        if p {
            skip_at(r, t, depth + 1).ctx(name)?;
        }
    }
    if has_ext {
        skip_extensions(r)?;
    }
    Ok(())
}

/// Steps over the extension additions of a SEQUENCE whose extension bit is set.
pub(crate) fn skip_extensions(r: &mut PerReader<'_>) -> DecodeResult<()> {
    let bitmap = r.extension_bitmap()?;
    for (i, p) in bitmap.into_iter().enumerate() {
        if p {
            r.open_type()
                .ctx_with(|| format!("extension addition {i}"))?;
        }
    }
    Ok(())
}
