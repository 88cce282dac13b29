//! The keys file (key-refresh.md section 8, described for users in docs/keys.md): TOML, every
//! table optional.
//!
//! Keys given here apply to the whole capture and win over keys learned from it.
//!
//! The file is read by the `text` module, not the `toml` crate: its strings are zeroizing buffers, and
//! no error message quotes the file (a key could be on the line). The file's bytes themselves
//! are held in a zeroizing buffer read at its final size.

mod text;

use keyhop_codec::KeyMaterial;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use text::{safe_name, Item, Pos, Table, Val};
use zeroize::Zeroizing;

/// How an eNB is identified (the kind of its eNB ID): the codec's, spelt in the keys file as
/// [`EnbKind::name`] gives it.
pub use keyhop_codec::security::EnbKind;

/// An MME-eNB key (KEK) of one eNB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MmeEnbKey {
    /// PLMN of the eNB, TBCD as on the wire.
    pub plmn: [u8; 3],
    /// Kind of eNB ID.
    pub kind: EnbKind,
    /// eNB ID.
    pub enb_id: u32,
    /// keyId.
    pub key_id: u8,
    /// The key, 16 or 32 octets.
    pub key: KeyMaterial<'static>,
    /// Line of the entry's `[[table]]` header in the file (0 when not read from a file).
    pub line: u32,
}

impl MmeEnbKey {
    /// The eNB identity the crypto uses (`ident(eNB)` of key-refresh.md section 3).
    pub fn identity(&self) -> keyhop_codec::security::EnbIdentity {
        keyhop_codec::security::EnbIdentity {
            plmn: self.plmn,
            kind: self.kind,
            enb_id: self.enb_id,
        }
    }
}

/// The MME that allocated an MME-UE-S1AP-ID, as the keys file names it (`mme = "..."`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MmeRef {
    /// One of the MME's addresses (S1 or GTP-C, IPv4 or IPv6).
    Addr(std::net::IpAddr),
    /// The MME name of its S1 Setup (MMEname IE).
    Name(String),
    /// Its GUMMEI, canonical text `001-01:8001:01` (PLMN, MMEGI in 4 hex digits, MMEC in 2).
    Gummei(String),
}

impl fmt::Display for MmeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MmeRef::Addr(a) => write!(f, "{a}"),
            MmeRef::Name(n) => write!(f, "{n:?}"),
            MmeRef::Gummei(g) => f.write_str(g),
        }
    }
}

/// How a UE is named in the keys file: by IMSI, by MME-UE-S1AP-ID (with the MME that
/// allocated it, optionally), or by both, which then name the same UE. At least one of `imsi`
/// and `mme_ue_s1ap_id` is present in every value [`KeysFile::parse`] returns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UeRef {
    /// IMSI digits (5 to 15).
    pub imsi: Option<String>,
    /// MME-UE-S1AP-ID: the UE holding it at the first frame where it appears.
    pub mme_ue_s1ap_id: Option<u32>,
    /// The MME that allocated `mme_ue_s1ap_id` (only with it).
    pub mme: Option<MmeRef>,
}

impl UeRef {
    /// A UE named by IMSI alone.
    pub fn imsi(imsi: impl Into<String>) -> Self {
        UeRef {
            imsi: Some(imsi.into()),
            mme_ue_s1ap_id: None,
            mme: None,
        }
    }

    /// A UE named by MME-UE-S1AP-ID, at the MME `mme` if given.
    pub fn s1(id: u32, mme: Option<MmeRef>) -> Self {
        UeRef {
            imsi: None,
            mme_ue_s1ap_id: Some(id),
            mme,
        }
    }
}

impl fmt::Display for UeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if let Some(i) = &self.imsi {
            write!(f, "imsi {i}")?;
            sep = ", ";
        }
        if let Some(id) = self.mme_ue_s1ap_id {
            write!(f, "{sep}mme_ue_s1ap_id {id}")?;
        }
        if let Some(m) = &self.mme {
            write!(f, " at MME {m}")?;
        }
        Ok(())
    }
}

/// A handover seed key of one UE and refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HKey {
    /// The UE.
    pub ue: UeRef,
    /// refreshCounter that names this H_key.
    pub refresh_counter: u16,
    /// The key, 16 or 32 octets.
    pub key: KeyMaterial<'static>,
    /// Line of the entry's `[[table]]` header in the file (0 when not read from a file).
    pub line: u32,
}

/// KASME of a UE, with optional NAS counts and algorithms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kasme {
    /// The UE.
    pub ue: UeRef,
    /// KASME, 32 octets.
    pub key: KeyMaterial<'static>,
    /// COUNT of the next uplink NAS message after the capture starts.
    pub nas_uplink_count: Option<u32>,
    /// COUNT of the next downlink NAS message after the capture starts.
    pub nas_downlink_count: Option<u32>,
    /// NAS ciphering algorithm (EEA n).
    pub eea: Option<u8>,
    /// NAS integrity algorithm (EIA n).
    pub eia: Option<u8>,
    /// Line of the entry's `[[table]]` header in the file (0 when not read from a file).
    pub line: u32,
}

/// UMTS keys CK and IK of a UE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UmtsKeys {
    /// The UE.
    pub ue: UeRef,
    /// CK, 16 octets.
    pub ck: KeyMaterial<'static>,
    /// IK, 16 octets.
    pub ik: KeyMaterial<'static>,
    /// Line of the entry's `[[table]]` header in the file (0 when not read from a file).
    pub line: u32,
}

/// A parsed keys file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeysFile {
    /// `[[mme_enb_key]]`
    pub mme_enb_keys: Vec<MmeEnbKey>,
    /// `[[h_key]]`
    pub h_keys: Vec<HKey>,
    /// `[[kasme]]`
    pub kasme: Vec<Kasme>,
    /// `[[umts_keys]]`
    pub umts_keys: Vec<UmtsKeys>,
}

/// Why a keys file was refused: where (line, column, table entry, field), never the text of the
/// file, which could hold a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysError(pub String);

impl fmt::Display for KeysError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "keys file: {}", self.0)
    }
}

impl std::error::Error for KeysError {}

/// Encodes "MCC MNC" digits (5 or 6) as the 3 TBCD octets of a PLMN identity.
pub fn plmn_from_digits(s: &str) -> Option<[u8; 3]> {
    let d: Vec<u8> = s.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    if !(5..=6).contains(&d.len()) || d.iter().any(|&x| x > 9) {
        return None;
    }
    let mnc3 = if d.len() == 6 { d[5] } else { 0xf };
    Some([d[1] << 4 | d[0], mnc3 << 4 | d[2], d[4] << 4 | d[3]])
}

/// Decodes a hex key (optionally `0x`-prefixed; spaces and `:` between digits allowed) into a
/// buffer allocated at its final size, after every check: the only copy is the returned
/// [`KeyMaterial`], which wipes it when dropped. Errors say why, never what.
fn decode_key(s: &str, lens: &[usize]) -> Result<KeyMaterial<'static>, String> {
    let t = s.trim();
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    let digits = || t.bytes().filter(|b| !matches!(b, b' ' | b':'));
    if let Some(bad) = digits().position(|b| !b.is_ascii_hexdigit()) {
        return Err(format!(
            "not a hex string (digit {} is not 0-9 or a-f)",
            bad + 1
        ));
    }
    let n = digits().count();
    if n % 2 != 0 {
        return Err(format!("an odd number of hex digits ({n})"));
    }
    if !lens.contains(&(n / 2)) {
        return Err(format!(
            "{} octets, expected {}",
            n / 2,
            lens.iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    let mut out = Vec::with_capacity(n / 2);
    let mut hi = None;
    for b in digits() {
        let v = char::from(b).to_digit(16).unwrap_or(0) as u8;
        match hi.take() {
            None => hi = Some(v),
            Some(h) => out.push(h << 4 | v),
        }
    }
    Ok(KeyMaterial::owned(out))
}

/// Parses PLMN text as the output prints it (`001-01`, `310-410`) or as plain digits
/// (`00101`, `310410`, MCC then MNC) into the 3 TBCD octets of a PLMN identity.
pub fn plmn_from_text(s: &str) -> Option<[u8; 3]> {
    match s.split_once('-') {
        Some((mcc, mnc)) if mcc.len() == 3 && (2..=3).contains(&mnc.len()) => {
            plmn_from_digits(&format!("{mcc}{mnc}"))
        }
        Some(_) => None,
        None => plmn_from_digits(s),
    }
}

/// `001-01` for the 3 TBCD octets of a PLMN identity (None when a digit is not BCD).
pub fn plmn_text(p: [u8; 3]) -> Option<String> {
    let d = [
        p[0] & 15,
        p[0] >> 4,
        p[1] & 15,
        p[2] & 15,
        p[2] >> 4,
        p[1] >> 4,
    ];
    if d[..5].iter().any(|&x| x > 9) || (d[5] > 9 && d[5] != 15) {
        return None;
    }
    let dig = |x: u8| char::from(b'0' + x);
    let mut s: String = d[..3].iter().map(|&x| dig(x)).collect();
    s.push('-');
    s.extend(d[3..5].iter().map(|&x| dig(x)));
    if d[5] != 15 {
        s.push(dig(d[5]));
    }
    Some(s)
}

/// Hex digits, optionally `0x`-prefixed, at most `max` of them.
fn hex_field(s: &str, max: usize) -> Option<u32> {
    let h = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    if h.is_empty() || h.len() > max || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(h, 16).ok()
}

/// Parses a GUMMEI written as `PLMN:MMEGI:MMEC` (PLMN as [`plmn_from_text`] takes it, MMEGI up to
/// 4 hex digits, MMEC up to 2, each optionally `0x`-prefixed; `-` or `/` may stand for the two
/// colons) into its canonical text `001-01:8001:01`. None when `s` is not of that shape.
pub fn gummei_canonical(s: &str) -> Option<String> {
    let t = s.trim();
    let parts: Vec<&str> = if t.contains(':') {
        t.split(':').collect()
    } else if t.contains('/') {
        t.split('/').collect()
    } else {
        // `001-01-8001-01`: the PLMN's own dash comes first.
        let v: Vec<&str> = t.split('-').collect();
        match v.len() {
            4 => vec![&t[..v[0].len() + 1 + v[1].len()], v[2], v[3]],
            3 => v,
            _ => return None,
        }
    };
    let [plmn, mmegi, mmec] = parts[..] else {
        return None;
    };
    let plmn = plmn_text(plmn_from_text(plmn)?)?;
    let mmegi = hex_field(mmegi, 4)?;
    let mmec = hex_field(mmec, 2)?;
    Some(format!("{plmn}:{mmegi:04x}:{mmec:02x}"))
}

/// Whether `s` starts like a GUMMEI (PLMN digits, then a separator): such text must parse as
/// one rather than be taken for an MME name.
fn looks_like_gummei(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    digits >= 3 && s[digits..].starts_with(['-', ':', '/'])
}

/// Reads the `mme` field: an IP address, a GUMMEI, or else an MME name.
pub fn mme_ref(s: &str) -> Result<MmeRef, String> {
    if let Ok(a) = s.trim().parse() {
        return Ok(MmeRef::Addr(a));
    }
    if let Some(g) = gummei_canonical(s) {
        return Ok(MmeRef::Gummei(g));
    }
    if looks_like_gummei(s.trim()) {
        return Err("looks like a GUMMEI but is not PLMN:MMEGI:MMEC (e.g. 001-01:8001:01)".into());
    }
    // S1AP MMEname: PrintableString (1..150).
    if s.is_empty() || s.len() > 150 || !s.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return Err(
            "not an IP address, a GUMMEI or an MME name (1 to 150 printable characters)".into(),
        );
    }
    Ok(MmeRef::Name(s.to_string()))
}

/// Where an entry of the keys file is: its table, its index there and its header's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryRef {
    /// `mme_enb_key`, `h_key`, `kasme` or `umts_keys`.
    pub table: &'static str,
    /// Index among the entries of that table, from 0.
    pub index: usize,
    /// Line of its `[[table]]` header (0 when not read from a file).
    pub line: u32,
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.table, self.index)?;
        if self.line > 0 {
            write!(f, " (line {})", self.line)?;
        }
        Ok(())
    }
}

/// The tables of a keys file.
const TABLES: [&str; 4] = ["mme_enb_key", "h_key", "kasme", "umts_keys"];

/// The fields of one entry, read with errors that name the entry, field and position.
struct Entry<'a> {
    table: &'static str,
    index: usize,
    t: &'a Table,
    pos: Pos,
}

impl Entry<'_> {
    fn err(&self, field: &str, pos: Pos, what: impl fmt::Display) -> KeysError {
        KeysError(format!(
            "{pos}: {}[{}].{field}: {what}",
            self.table, self.index
        ))
    }

    /// Refuses fields other than `allowed`.
    fn fields(&self, allowed: &[&str]) -> Result<(), KeysError> {
        for (k, item) in &self.t.entries {
            if !allowed.contains(&k.as_str()) {
                return Err(KeysError(format!(
                    "{}: {}[{}]: unknown field {} (fields: {})",
                    item.key_pos,
                    self.table,
                    self.index,
                    safe_name(k),
                    allowed.join(", ")
                )));
            }
        }
        Ok(())
    }

    fn str(&self, f: &str) -> Result<Option<(&str, Pos)>, KeysError> {
        match self.t.get(f) {
            None => Ok(None),
            Some(Item {
                val: Val::Str(s),
                pos,
                ..
            }) => Ok(Some((s.as_str(), *pos))),
            Some(i) => Err(self.err(f, i.pos, format!("{}, expected a string", i.val.kind()))),
        }
    }

    /// An integer field within `lo..=hi`.
    fn int(&self, f: &str, lo: i64, hi: i64) -> Result<Option<i64>, KeysError> {
        match self.t.get(f) {
            None => Ok(None),
            Some(Item {
                val: Val::Int(v),
                pos,
                ..
            }) => {
                if (lo..=hi).contains(v) {
                    Ok(Some(*v))
                } else {
                    Err(self.err(f, *pos, format!("out of range ({lo} to {hi})")))
                }
            }
            Some(i) => Err(self.err(f, i.pos, format!("{}, expected an integer", i.val.kind()))),
        }
    }

    fn need<T>(&self, f: &str, v: Option<T>) -> Result<T, KeysError> {
        v.ok_or_else(|| {
            KeysError(format!(
                "{}: {}[{}]: missing field `{f}`",
                self.pos, self.table, self.index
            ))
        })
    }

    /// A required key field of one of the lengths `lens`.
    fn key(&self, f: &str, lens: &[usize]) -> Result<KeyMaterial<'static>, KeysError> {
        let (s, pos) = self.need(f, self.str(f)?)?;
        decode_key(s, lens).map_err(|e| self.err(f, pos, e))
    }

    /// The UE an entry names.
    fn ue(&self) -> Result<UeRef, KeysError> {
        let imsi = self.str("imsi")?;
        let id = self.int("mme_ue_s1ap_id", 0, u32::MAX.into())?;
        let mme = self.str("mme")?;
        if imsi.is_none() && id.is_none() {
            return Err(KeysError(format!(
                "{}: {}[{}]: names no UE (give imsi, mme_ue_s1ap_id or both)",
                self.pos, self.table, self.index
            )));
        }
        if let Some((i, pos)) = imsi {
            if !(5..=15).contains(&i.len()) || !i.bytes().all(|b| b.is_ascii_digit()) {
                return Err(self.err("imsi", pos, "must be 5 to 15 digits"));
            }
        }
        let mme = match (mme, id) {
            (None, _) => None,
            (Some((_, pos)), None) => {
                return Err(self.err(
                    "mme",
                    pos,
                    "goes with mme_ue_s1ap_id (the MME that allocated it)",
                ))
            }
            (Some((m, pos)), Some(_)) => Some(mme_ref(m).map_err(|e| self.err("mme", pos, e))?),
        };
        Ok(UeRef {
            imsi: imsi.map(|(i, _)| i.to_string()),
            mme_ue_s1ap_id: id.map(|i| i as u32),
            mme,
        })
    }

    fn mme_enb_key(&self) -> Result<MmeEnbKey, KeysError> {
        self.fields(&["plmn", "kind", "enb_id", "enb", "key_id", "key"])?;
        let (plmn, kind, enb_id) = match self.str("enb")? {
            Some((e, pos)) => {
                if let Some(f) = ["plmn", "kind", "enb_id"]
                    .into_iter()
                    .find(|f| self.t.get(f).is_some())
                {
                    return Err(self.err(f, pos, "give enb or plmn, kind and enb_id, not both"));
                }
                global_enb_id(e).ok_or_else(|| {
                    self.err(
                        "enb",
                        pos,
                        "not a Global eNB ID (PLMN:kind:hex id, e.g. 001-01:macro:1a2b3)",
                    )
                })?
            }
            None => {
                let (p, ppos) = self.need("plmn", self.str("plmn")?)?;
                let plmn = plmn_from_text(p).ok_or_else(|| {
                    self.err("plmn", ppos, "MCC-MNC (001-01) or 5 or 6 digits (00101)")
                })?;
                let (k, kpos) = self.need("kind", self.str("kind")?)?;
                let kind = EnbKind::from_name(k).ok_or_else(|| {
                    self.err("kind", kpos, "macro, home, short-macro or long-macro")
                })?;
                let id = self.need("enb_id", self.int("enb_id", 0, u32::MAX.into())?)? as u32;
                if id >> kind.bits() != 0 {
                    let pos = self.t.get("enb_id").map_or(self.pos, |i| i.pos);
                    return Err(self.err(
                        "enb_id",
                        pos,
                        format!(
                            "does not fit the {} bits of a {} eNB ID",
                            kind.bits(),
                            kind.name()
                        ),
                    ));
                }
                (plmn, kind, id)
            }
        };
        Ok(MmeEnbKey {
            plmn,
            kind,
            enb_id,
            key_id: self.need("key_id", self.int("key_id", 0, 255)?)? as u8,
            key: self.key("key", &[16, 32])?,
            line: self.pos.line,
        })
    }

    fn h_key(&self) -> Result<HKey, KeysError> {
        self.fields(&["imsi", "mme_ue_s1ap_id", "mme", "refresh_counter", "key"])?;
        Ok(HKey {
            ue: self.ue()?,
            refresh_counter: self.need(
                "refresh_counter",
                self.int("refresh_counter", 0, u16::MAX.into())?,
            )? as u16,
            key: self.key("key", &[16, 32])?,
            line: self.pos.line,
        })
    }

    fn kasme(&self) -> Result<Kasme, KeysError> {
        self.fields(&[
            "imsi",
            "mme_ue_s1ap_id",
            "mme",
            "key",
            "nas_uplink_count",
            "nas_downlink_count",
            "nas_algorithms",
        ])?;
        let ue = self.ue()?;
        let key = self.key("key", &[32])?;
        let count = |f| self.int(f, 0, 0xff_ffff).map(|c| c.map(|c| c as u32));
        let (eea, eia) = match self.t.get("nas_algorithms") {
            None => (None, None),
            Some(Item {
                val: Val::Table(t),
                pos,
                ..
            }) => {
                let a = Entry {
                    table: self.table,
                    index: self.index,
                    t,
                    pos: *pos,
                };
                for (k, item) in &t.entries {
                    if !["eea", "eia"].contains(&k.as_str()) {
                        return Err(self.err(
                            "nas_algorithms",
                            item.key_pos,
                            format!("unknown field {} (fields: eea, eia)", safe_name(k)),
                        ));
                    }
                }
                let alg = |f: &str| {
                    a.int(f, 0, 7).map(|v| v.map(|v| v as u8)).map_err(|e| {
                        KeysError(e.0.replacen(
                            &format!("].{f}"),
                            &format!("].nas_algorithms.{f}"),
                            1,
                        ))
                    })
                };
                (alg("eea")?, alg("eia")?)
            }
            Some(i) => {
                return Err(self.err(
                    "nas_algorithms",
                    i.pos,
                    format!(
                        "{}, expected a table ({{ eea = 2, eia = 2 }})",
                        i.val.kind()
                    ),
                ))
            }
        };
        Ok(Kasme {
            ue,
            key,
            nas_uplink_count: count("nas_uplink_count")?,
            nas_downlink_count: count("nas_downlink_count")?,
            eea,
            eia,
            line: self.pos.line,
        })
    }

    fn umts_keys(&self) -> Result<UmtsKeys, KeysError> {
        self.fields(&["imsi", "mme_ue_s1ap_id", "mme", "ck", "ik"])?;
        Ok(UmtsKeys {
            ue: self.ue()?,
            ck: self.key("ck", &[16])?,
            ik: self.key("ik", &[16])?,
            line: self.pos.line,
        })
    }
}

/// Parses a Global eNB ID as the output prints it: `001-01:macro:1a2b3` (hex id, `0x` allowed).
pub fn global_enb_id(s: &str) -> Option<([u8; 3], EnbKind, u32)> {
    let mut it = s.trim().split(':');
    let (plmn, kind, id) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let kind = EnbKind::from_name(kind)?;
    let id = hex_field(id, 7)?;
    (id >> kind.bits() == 0).then_some((plmn_from_text(plmn)?, kind, id))
}

/// The names by which an entry's UE (and, for H_keys, refresh) is found: entries sharing one
/// name give keys of the same UE.
fn ue_names(ue: &UeRef, extra: &str) -> Vec<String> {
    let mut v = Vec::with_capacity(2);
    if let Some(i) = &ue.imsi {
        v.push(format!("imsi {i}{extra}"));
    }
    if let Some(id) = ue.mme_ue_s1ap_id {
        match &ue.mme {
            Some(m) => v.push(format!("mme_ue_s1ap_id {id} at MME {m}{extra}")),
            None => v.push(format!("mme_ue_s1ap_id {id}{extra}")),
        }
    }
    v
}

/// Finds entries of one table that give a key of the same thing: identical ones are a warning
/// (one is enough), differing ones an error naming both. Linear: one map look-up per name.
fn duplicates<T>(
    table: &'static str,
    entries: &[T],
    names: impl Fn(&T) -> Vec<String>,
    line: impl Fn(&T) -> u32,
    same: impl Fn(&T, &T) -> Result<(), &'static str>,
    warnings: &mut Vec<String>,
) -> Result<(), KeysError> {
    let mut first: HashMap<String, usize> = HashMap::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let mut seen_with: Vec<usize> = Vec::new();
        for name in names(e) {
            let j = *first.entry(name.clone()).or_insert(i);
            if j == i || seen_with.contains(&j) {
                continue;
            }
            seen_with.push(j);
            let (a, b) = (
                EntryRef {
                    table,
                    index: j,
                    line: line(&entries[j]),
                },
                EntryRef {
                    table,
                    index: i,
                    line: line(e),
                },
            );
            match same(&entries[j], e) {
                Ok(()) => warnings.push(format!(
                    "keys file: {b} repeats {a} for {name} with the same values (one is used)"
                )),
                Err(what) => {
                    return Err(KeysError(format!(
                        "{b} and {a} both give {table} of {name} but {what}: keep the right one"
                    )))
                }
            }
        }
    }
    Ok(())
}

/// Ok when two entries' keys are equal.
fn same_keys(equal: bool) -> Result<(), &'static str> {
    if equal {
        Ok(())
    } else {
        Err("with different keys")
    }
}

/// Both entries name the same IMSI where both give one.
fn same_imsi(a: &UeRef, b: &UeRef) -> Result<(), &'static str> {
    match (&a.imsi, &b.imsi) {
        (Some(x), Some(y)) if x != y => Err("with different IMSIs"),
        _ => Ok(()),
    }
}

/// The largest keys file read (about 400,000 entries; memory stays bounded).
pub const MAX_FILE: u64 = 64 << 20;

impl KeysFile {
    /// Parses a keys file's text.
    pub fn parse(text: &str) -> Result<Self, KeysError> {
        Self::parse_reporting(text).map(|(k, _)| k)
    }

    /// Parses a keys file's text; also returns the warnings to show the user (entries repeated
    /// with the same values).
    pub fn parse_reporting(text: &str) -> Result<(Self, Vec<String>), KeysError> {
        let root = text::parse(text).map_err(|e| KeysError(e.to_string()))?;
        let mut out = KeysFile::default();
        for (name, item) in &root.entries {
            let Some(table) = TABLES.into_iter().find(|t| *t == name.as_str()) else {
                return Err(KeysError(format!(
                    "{}: unknown table {} (tables: {})",
                    item.pos,
                    safe_name(name),
                    TABLES.map(|t| format!("[[{t}]]")).join(", ")
                )));
            };
            let Val::Tables(v) = &item.val else {
                return Err(KeysError(format!(
                    "{}: {table} is {}: write [[{table}]] (an array of tables)",
                    item.pos,
                    item.val.kind()
                )));
            };
            for (index, it) in v.iter().enumerate() {
                let Val::Table(t) = &it.val else { continue };
                let e = Entry {
                    table,
                    index,
                    t,
                    pos: it.pos,
                };
                match table {
                    "mme_enb_key" => out.mme_enb_keys.push(e.mme_enb_key()?),
                    "h_key" => out.h_keys.push(e.h_key()?),
                    "kasme" => out.kasme.push(e.kasme()?),
                    _ => out.umts_keys.push(e.umts_keys()?),
                }
            }
        }
        let warnings = out.check_duplicates()?;
        Ok((out, warnings))
    }

    /// Entries of one table giving the same key: see docs/keys.md ("Repeated entries").
    fn check_duplicates(&self) -> Result<Vec<String>, KeysError> {
        let mut w = Vec::new();
        duplicates(
            "mme_enb_key",
            &self.mme_enb_keys,
            |k| {
                vec![format!(
                    "eNB {}:{}:{:x} keyId {}",
                    plmn_text(k.plmn).unwrap_or_else(|| hex::encode(k.plmn)),
                    k.kind.name(),
                    k.enb_id,
                    k.key_id
                )]
            },
            |k| k.line,
            |a, b| same_keys(a.key == b.key),
            &mut w,
        )?;
        duplicates(
            "kasme",
            &self.kasme,
            |k| ue_names(&k.ue, ""),
            |k| k.line,
            |a, b| {
                same_imsi(&a.ue, &b.ue)?;
                same_keys(a.key == b.key)?;
                if (a.nas_uplink_count, a.nas_downlink_count, a.eea, a.eia)
                    != (b.nas_uplink_count, b.nas_downlink_count, b.eea, b.eia)
                {
                    Err("with different NAS counts or algorithms")
                } else {
                    Ok(())
                }
            },
            &mut w,
        )?;
        duplicates(
            "h_key",
            &self.h_keys,
            |k| ue_names(&k.ue, &format!(" refresh_counter {}", k.refresh_counter)),
            |k| k.line,
            |a, b| {
                same_imsi(&a.ue, &b.ue)?;
                same_keys(a.key == b.key)
            },
            &mut w,
        )?;
        duplicates(
            "umts_keys",
            &self.umts_keys,
            |k| ue_names(&k.ue, ""),
            |k| k.line,
            |a, b| {
                same_imsi(&a.ue, &b.ue)?;
                same_keys(a.ck == b.ck && a.ik == b.ik)
            },
            &mut w,
        )?;
        Ok(w)
    }

    /// Reads and parses a keys file.
    pub fn load(path: &Path) -> Result<Self, KeysError> {
        Self::load_reporting(path).map(|(k, _)| k)
    }

    /// Reads and parses a keys file; also returns the warnings to show the user. The file's
    /// bytes are read into one buffer of the file's size (no reallocation leaves a copy
    /// behind), wiped when parsed.
    pub fn load_reporting(path: &Path) -> Result<(Self, Vec<String>), KeysError> {
        use std::io::Read;
        let cannot = |e: std::io::Error| KeysError(format!("cannot read {}: {e}", path.display()));
        let mut f = std::fs::File::open(path).map_err(cannot)?;
        let len = f.metadata().map_err(cannot)?.len();
        if len > MAX_FILE {
            return Err(KeysError(format!(
                "{}: {len} octets, more than the {MAX_FILE} a keys file may have",
                path.display()
            )));
        }
        let mut buf = Zeroizing::new(Vec::with_capacity(len as usize + 1));
        // Never past the buffer's capacity, so it is never reallocated (a file that grows
        // while being read is cut, and then refused below).
        let cap = buf.capacity() as u64;
        f.by_ref().take(cap).read_to_end(&mut buf).map_err(cannot)?;
        if buf.len() as u64 > len {
            return Err(KeysError(format!(
                "{}: the file grew while being read",
                path.display()
            )));
        }
        let text = std::str::from_utf8(&buf).map_err(|e| {
            let p =
                text::Lines::new(std::str::from_utf8(&buf[..e.valid_up_to()]).unwrap_or_default())
                    .pos(e.valid_up_to());
            KeysError(format!("{p}: not UTF-8 text"))
        })?;
        Self::parse_reporting(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC_EXAMPLE: &str = r#"
[[mme_enb_key]]
plmn = "00101"          # MCC then MNC digits
kind = "macro"
enb_id = 0x1A2B3
key_id = 0
key = "000102030405060708090a0b0c0d0e0f"

[[h_key]]
mme_ue_s1ap_id = 4660
mme = "10.100.0.1"
refresh_counter = 1
key = "000102030405060708090a0b0c0d0e0f"

[[kasme]]
imsi = "001010123456789"
key = "6f27e4a65ae4cb7c1e9b0d9b7c7f3a2b9e0a8b1c2d3e4f5061728394a5b6c7d8"
nas_uplink_count = 435
nas_downlink_count = 258
nas_algorithms = { eea = 2, eia = 2 }

[[umts_keys]]
imsi = "001010123456789"
ck = "000102030405060708090a0b0c0d0e0f"
ik = "0f0e0d0c0b0a09080706050403020100"
"#;

    #[test]
    fn spec_example_parses() {
        let k = KeysFile::parse(SPEC_EXAMPLE).unwrap();
        assert_eq!(k.mme_enb_keys.len(), 1);
        assert_eq!(k.mme_enb_keys[0].plmn, [0x00, 0xf1, 0x10]);
        assert_eq!(k.mme_enb_keys[0].enb_id, 0x1a2b3);
        assert_eq!(k.mme_enb_keys[0].kind, EnbKind::Macro);
        assert_eq!(
            hex::encode(k.mme_enb_keys[0].identity().ident()),
            "00f110000001a2b3"
        );
        assert_eq!(
            k.h_keys[0].ue,
            UeRef::s1(4660, Some(MmeRef::Addr("10.100.0.1".parse().unwrap())))
        );
        assert_eq!(k.h_keys[0].refresh_counter, 1);
        assert_eq!(k.kasme[0].ue, UeRef::imsi("001010123456789"));
        assert_eq!(k.kasme[0].nas_downlink_count, Some(258));
        assert_eq!((k.kasme[0].eea, k.kasme[0].eia), (Some(2), Some(2)));
        assert_eq!(k.umts_keys[0].ik.expose()[0], 0x0f);
    }

    #[test]
    fn three_digit_mnc() {
        assert_eq!(plmn_from_digits("310410"), Some([0x13, 0x00, 0x14]));
        assert_eq!(plmn_from_digits("3104"), None);
    }

    #[test]
    fn plmn_as_the_output_prints_it() {
        assert_eq!(plmn_from_text("001-01"), Some([0x00, 0xf1, 0x10]));
        assert_eq!(plmn_from_text("310-410"), Some([0x13, 0x00, 0x14]));
        assert_eq!(plmn_from_text("00101"), Some([0x00, 0xf1, 0x10]));
        for bad in ["0010-1", "01-01", "001-0", "001-0123", "001-0a", "-"] {
            assert_eq!(plmn_from_text(bad), None, "{bad}");
        }
        assert_eq!(plmn_text([0x00, 0xf1, 0x10]).as_deref(), Some("001-01"));
        assert_eq!(plmn_text([0x13, 0x00, 0x14]).as_deref(), Some("310-410"));
        assert_eq!(plmn_text([0x0a, 0xf1, 0x10]), None);
    }

    #[test]
    fn ue_named_by_both_imsi_and_id() {
        let k = KeysFile::parse(
            "[[kasme]]\nimsi=\"001010123456789\"\nmme_ue_s1ap_id=7\nmme=\"mme-1.example\"\nkey=\"1111111111111111111111111111111111111111111111111111111111111111\"\n",
        )
        .unwrap();
        assert_eq!(
            k.kasme[0].ue,
            UeRef {
                imsi: Some("001010123456789".into()),
                mme_ue_s1ap_id: Some(7),
                mme: Some(MmeRef::Name("mme-1.example".into())),
            }
        );
        assert_eq!(
            k.kasme[0].ue.to_string(),
            "imsi 001010123456789, mme_ue_s1ap_id 7 at MME \"mme-1.example\""
        );
        // `mme` without an id names nothing.
        let e = KeysFile::parse(
            "[[kasme]]\nimsi=\"001010123456789\"\nmme=\"10.0.0.1\"\nkey=\"1111111111111111111111111111111111111111111111111111111111111111\"\n",
        )
        .unwrap_err();
        assert!(
            e.0.starts_with("line 3, column 5: kasme[0].mme: goes with mme_ue_s1ap_id"),
            "{e}"
        );
    }

    #[test]
    fn mme_forms() {
        let ip = |s: &str| MmeRef::Addr(s.parse().unwrap());
        assert_eq!(mme_ref("10.100.0.1"), Ok(ip("10.100.0.1")));
        assert_eq!(mme_ref("2001:db8::1"), Ok(ip("2001:db8::1")));
        let g = Ok(MmeRef::Gummei("001-01:8001:01".into()));
        for s in [
            "001-01:8001:01",
            "00101:8001:01",
            "001-01:0x8001:0x1",
            "001-01-8001-01",
            "00101/8001/1",
            "001-01:8001:01 ",
        ] {
            assert_eq!(mme_ref(s), g, "{s}");
        }
        assert_eq!(
            mme_ref("310-410:1:a"),
            Ok(MmeRef::Gummei("310-410:0001:0a".into()))
        );
        assert_eq!(mme_ref("mme01"), Ok(MmeRef::Name("mme01".into())));
        assert_eq!(
            mme_ref("open5gs mme"),
            Ok(MmeRef::Name("open5gs mme".into()))
        );
        for bad in ["001-01:18001:01", "00101:8001:100", "001-01:80g1:01", ""] {
            assert!(mme_ref(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_name_the_entry_not_the_key() {
        let e = KeysFile::parse(
            "[[mme_enb_key]]\nplmn=\"00101\"\nkind=\"macro\"\nenb_id=1\nkey_id=0\nkey=\"00112233\"\n",
        )
        .unwrap_err();
        assert_eq!(
            e.0,
            "line 6, column 5: mme_enb_key[0].key: 4 octets, expected 16 or 32"
        );
        let e = KeysFile::parse("[[kasme]]\nkey=\"00\"\n").unwrap_err();
        assert!(e.0.contains("names no UE"), "{e}");
        let e = KeysFile::parse(
            "[[mme_enb_key]]\nplmn=\"00101\"\nkind=\"macro\"\nenb_id=0x200000\nkey_id=0\nkey=\"000102030405060708090a0b0c0d0e0f\"\n",
        )
        .unwrap_err();
        assert!(e.0.contains("does not fit the 20 bits"), "{e}");
        let e = KeysFile::parse("[[bogus]]\n").unwrap_err();
        assert!(e.to_string().contains("unknown table `bogus`"), "{e}");
    }

    const KA: &str = "6f27e4a65ae4cb7c1e9b0d9b7c7f3a2b9e0a8b1c2d3e4f5061728394a5b6c7d8";
    const KB: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    /// Every 8-octet window (16 hex digits) of the keys of these tests.
    fn leaks(msg: &str) -> Option<String> {
        let m = msg.to_ascii_lowercase();
        [KA, KB]
            .iter()
            .flat_map(|k| (0..=k.len() - 16).map(move |i| &k[i..i + 16]))
            .find(|w| m.contains(w))
            .map(str::to_string)
    }

    #[test]
    fn no_error_quotes_a_key() {
        let head = "[[kasme]]\nimsi = \"001010123456789\"\n";
        // (file, line, column, what the message says)
        let cases: Vec<(String, u32, u32, &str)> = vec![
            (format!("{head}key = \"{KA}\" trailing\n"), 3, 74, "expected the end of the line"),
            (format!("{head}key = \"{KA}\n"), 3, 7, "unterminated string"),
            (format!("{head}key = '{KA}\n"), 3, 7, "unterminated string"),
            (format!("{head}key = \"{KA}\"\nkey = \"{KA}\"\n"), 4, 1, "kasme[0].key: duplicate key `key`"),
            (format!("{head}key = [\"{KA}\"]\n"), 3, 7, "kasme[0].key: arrays are not used"),
            (format!("{head}key = {{ k = \"{KA}\" }}\n"), 3, 7, "kasme[0].key: a table, expected a string"),
            (format!("{head}key = {KA}\n"), 3, 7, "kasme[0].key: not a value"),
            (format!("{head}key = 0x{KB}\n"), 3, 7, "integer out of range"),
            (format!("{head}key = \"\"\"{KA}\"\"\"\n"), 3, 7, "multi-line strings"),
            (format!("{head}key = \"{KA}\\q\"\n"), 3, 72, "invalid escape"),
            (format!("{head}key = \"{KA}\u{1}\"\n"), 3, 72, "a control character"),
            (format!("{head}key = \"{KA}00\"\n"), 3, 7, "kasme[0].key: 33 octets, expected 32"),
            (format!("{head}key = \"{KA}0\"\n"), 3, 7, "kasme[0].key: an odd number of hex digits"),
            (format!("{head}key = \"{KA}zz\"\n"), 3, 7, "kasme[0].key: not a hex string (digit 65"),
            (format!("{head}key = \"{KB}\"\n"), 3, 7, "kasme[0].key: 16 octets, expected 32"),
            (format!("{head}\"{KA}\" = 1\n"), 3, 1, "kasme[0]: unknown field a key of 64 characters"),
            (format!("{head}{KA} = 1\n"), 3, 1, "kasme[0]: unknown field a key of 64 characters"),
            (format!("[[\"{KA}\"]]\nkey = \"{KA}\"\n"), 1, 1, "unknown table a key of 64 characters"),
            (format!("[kasme]\nkey = \"{KA}\"\n"), 1, 1, "kasme is a table: write [[kasme]]"),
            (format!("{head}comment = \"{KA}\"\n"), 3, 1, "unknown field `comment`"),
            (format!("{head}key = \"{KA}\"\nnas_uplink_count = \"{KB}\"\n"), 4, 20, "kasme[0].nas_uplink_count: a string, expected an integer"),
            (format!("{head}key = \"{KA}\"\nnas_algorithms = \"{KB}\"\n"), 4, 18, "kasme[0].nas_algorithms: a string, expected a table"),
            (format!("{head}key = \"{KA}\"\nnas_algorithms = {{ eea = \"{KB}\" }}\n"), 4, 26, "kasme[0].nas_algorithms.eea: a string, expected an integer"),
            (format!("[[kasme]]\nimsi = \"{KB}\"\nkey = \"{KA}\"\n"), 2, 8, "kasme[0].imsi: must be 5 to 15 digits"),
            (format!("[[h_key]]\nmme_ue_s1ap_id = 1\nmme = \"001-01:{KB}:1\"\nrefresh_counter = 1\nkey = \"{KB}\"\n"), 3, 7, "h_key[0].mme: looks like a GUMMEI"),
            (format!("{head}key = \"{KA}\"\n{head}key = \"{}\"\n", KA.replace('6', "7")), 4, 1, "kasme[1] (line 4) and kasme[0] (line 1) both give kasme of imsi 001010123456789 but with different keys"),
            (format!("[[umts_keys]]\nimsi = \"001010123456789\"\nck = \"{KB}\"\nik = \"{KA}\"\n"), 4, 6, "umts_keys[0].ik: 32 octets, expected 16"),
            (format!("[[mme_enb_key]]\nenb = \"001-01:macro:1a2b3\"\nplmn = \"00101\"\nkey_id = 0\nkey = \"{KB}\"\n"), 2, 7, "mme_enb_key[0].plmn: give enb or plmn, kind and enb_id, not both"),
        ];
        let mut wrong = Vec::new();
        for (text, line, col, want) in cases {
            let e = KeysFile::parse(&text).unwrap_err().to_string();
            assert_eq!(leaks(&e), None, "{e}");
            if want.contains(" both give ") {
                // A conflict between entries names both by line, not one position.
                assert!(e.contains(want), "{e}");
                continue;
            }
            if !e.contains(&format!("line {line}, column {col}: ")) || !e.contains(want) {
                wrong.push(format!("want line {line}, column {col}, {want:?}: {e}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn repeated_entries_for_one_ue() {
        let kasme = |names: &str, key: &str| format!("[[kasme]]\n{names}\nkey = \"{key}\"\n");
        let other = KA.replace('6', "7");
        // Two KASMEs for one IMSI: refused, naming both entries and their lines.
        let text =
            kasme("imsi = \"001010123456789\"", KA) + &kasme("imsi = \"001010123456789\"", &other);
        let e = KeysFile::parse(&text).unwrap_err();
        assert_eq!(
            e.0,
            "kasme[1] (line 4) and kasme[0] (line 1) both give kasme of imsi 001010123456789 but \
             with different keys: keep the right one"
        );
        // The same UE by its id (one entry names both the IMSI and the id).
        let text = kasme("imsi = \"001010123456789\"\nmme_ue_s1ap_id = 5", KA)
            + &kasme("mme_ue_s1ap_id = 5", &other);
        let e = KeysFile::parse(&text).unwrap_err();
        assert!(
            e.0.starts_with(
                "kasme[1] (line 5) and kasme[0] (line 1) both give kasme of mme_ue_s1ap_id 5"
            ),
            "{e}"
        );
        // The same id at two different MMEs is two UEs.
        let text = kasme("mme_ue_s1ap_id = 5\nmme = \"10.0.0.1\"", KA)
            + &kasme("mme_ue_s1ap_id = 5\nmme = \"10.0.0.2\"", &other);
        assert_eq!(KeysFile::parse_reporting(&text).unwrap().0.kasme.len(), 2);
        // One id naming two IMSIs.
        let text = kasme("imsi = \"001010123456789\"\nmme_ue_s1ap_id = 5", KA)
            + &kasme("imsi = \"001010123456780\"\nmme_ue_s1ap_id = 5", KA);
        let e = KeysFile::parse(&text).unwrap_err();
        assert!(
            e.0.ends_with("but with different IMSIs: keep the right one"),
            "{e}"
        );
        // Differing NAS counts are a conflict too.
        let text = kasme("imsi = \"001010123456789\"", KA)
            + &kasme("imsi = \"001010123456789\"\nnas_uplink_count = 3", KA);
        assert!(KeysFile::parse(&text)
            .unwrap_err()
            .0
            .contains("different NAS counts"));
        // Identical repeats: accepted, one warning naming both.
        let text =
            kasme("imsi = \"001010123456789\"", KA) + &kasme("imsi = \"001010123456789\"", KA);
        let (k, w) = KeysFile::parse_reporting(&text).unwrap();
        assert_eq!(k.kasme.len(), 2);
        assert_eq!(
            w,
            [
                "keys file: kasme[1] (line 4) repeats kasme[0] (line 1) for imsi 001010123456789 \
              with the same values (one is used)"
            ]
        );
        // H_keys of two refreshes are two keys; of one refresh, a conflict.
        let h = |rc: u16, key: &str| {
            format!(
                "[[h_key]]\nimsi = \"001010123456789\"\nrefresh_counter = {rc}\nkey = \"{key}\"\n"
            )
        };
        assert!(KeysFile::parse(&(h(1, KB) + &h(2, &KB.replace('a', "b")))).is_ok());
        let e = KeysFile::parse(&(h(1, KB) + &h(1, &KB.replace('a', "b")))).unwrap_err();
        assert!(
            e.0.contains("h_key of imsi 001010123456789 refresh_counter 1"),
            "{e}"
        );
        // MME-eNB keys: one eNB and keyId, two keys.
        let kek = |plmn: &str, key: &str| {
            format!("[[mme_enb_key]]\nplmn = \"{plmn}\"\nkind = \"macro\"\nenb_id = 0x1a2b3\nkey_id = 0\nkey = \"{key}\"\n")
        };
        let e = KeysFile::parse(&(kek("00101", KB) + &kek("001-01", &KB.replace('a', "b"))))
            .unwrap_err();
        assert_eq!(
            e.0,
            "mme_enb_key[1] (line 7) and mme_enb_key[0] (line 1) both give mme_enb_key of eNB \
             001-01:macro:1a2b3 keyId 0 but with different keys: keep the right one"
        );
        assert_eq!(leaks(&e.0), None);
    }

    #[test]
    fn enb_as_the_output_prints_it() {
        let k = KeysFile::parse(&format!(
            "[[mme_enb_key]]\nenb = \"001-01:home:0x1a2b3c4\"\nkey_id = 1\nkey = \"{KB}\"\n"
        ))
        .unwrap();
        let e = &k.mme_enb_keys[0];
        assert_eq!(
            (e.plmn, e.kind, e.enb_id),
            ([0x00, 0xf1, 0x10], EnbKind::Home, 0x1a2b3c4)
        );
        assert_eq!(
            global_enb_id("001-01:macro:1a2b3c"),
            None,
            "21 bits for a macro eNB"
        );
        assert_eq!(global_enb_id("001-01:macro:1a2b3:1"), None);
        assert_eq!(
            global_enb_id("310-410:short-macro:3ffff"),
            Some(([0x13, 0x00, 0x14], EnbKind::ShortMacro, 0x3ffff))
        );
    }

    #[test]
    fn byte_order_mark_and_empty_file() {
        let k = KeysFile::parse(&format!(
            "\u{feff}[[h_key]]\nimsi = \"00101\"\nrefresh_counter = 0\nkey = \"{KB}\"\n"
        ))
        .unwrap();
        assert_eq!(k.h_keys[0].line, 1);
        assert_eq!(KeysFile::parse("").unwrap(), KeysFile::default());
        assert_eq!(
            KeysFile::parse("# nothing\n\n").unwrap(),
            KeysFile::default()
        );
    }

    #[test]
    fn key_hex_forms() {
        let k = decode_key(" 0x0001:0203 0405060708090a0b0c0d0e0F ", &[16]).unwrap();
        assert_eq!(k.expose(), (0..16).collect::<Vec<u8>>());
    }
}
