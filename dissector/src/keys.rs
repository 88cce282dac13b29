//! The keys file (key-refresh.md section 8): TOML, every table optional.
//!
//! Keys given here apply to the whole capture and win over keys learned from it.

use keyhop_codec::KeyMaterial;
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// How an eNB is identified (the kind of its eNB ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EnbKind {
    /// 20-bit macro eNB ID.
    Macro,
    /// 28-bit home eNB ID.
    Home,
    /// 18-bit short macro eNB ID.
    ShortMacro,
    /// 21-bit long macro eNB ID.
    LongMacro,
}

impl EnbKind {
    /// Bits of the eNB ID of this kind.
    pub fn bits(self) -> u32 {
        match self {
            EnbKind::Macro => 20,
            EnbKind::Home => 28,
            EnbKind::ShortMacro => 18,
            EnbKind::LongMacro => 21,
        }
    }
}

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
}

impl MmeEnbKey {
    /// The eNB identity the crypto uses (`ident(eNB)` of key-refresh.md section 3).
    pub fn identity(&self) -> keyhop_codec::security::EnbIdentity {
        use keyhop_codec::security::EnbKind as K;
        keyhop_codec::security::EnbIdentity {
            plmn: self.plmn,
            kind: match self.kind {
                EnbKind::Macro => K::Macro,
                EnbKind::Home => K::Home,
                EnbKind::ShortMacro => K::ShortMacro,
                EnbKind::LongMacro => K::LongMacro,
            },
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

/// Why a keys file was refused: which table entry and field, never the key's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysError(pub String);

impl fmt::Display for KeysError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "keys file: {}", self.0)
    }
}

impl std::error::Error for KeysError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    mme_enb_key: Vec<RawMmeEnbKey>,
    #[serde(default)]
    h_key: Vec<RawHKey>,
    #[serde(default)]
    kasme: Vec<RawKasme>,
    #[serde(default)]
    umts_keys: Vec<RawUmts>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMmeEnbKey {
    plmn: String,
    kind: EnbKind,
    enb_id: u32,
    key_id: u8,
    key: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHKey {
    imsi: Option<String>,
    mme_ue_s1ap_id: Option<u32>,
    mme: Option<String>,
    refresh_counter: u16,
    key: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlgs {
    eea: Option<u8>,
    eia: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKasme {
    imsi: Option<String>,
    mme_ue_s1ap_id: Option<u32>,
    mme: Option<String>,
    key: String,
    nas_uplink_count: Option<u32>,
    nas_downlink_count: Option<u32>,
    nas_algorithms: Option<RawAlgs>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUmts {
    imsi: Option<String>,
    mme_ue_s1ap_id: Option<u32>,
    mme: Option<String>,
    ck: String,
    ik: String,
}

/// Encodes "MCC MNC" digits (5 or 6) as the 3 TBCD octets of a PLMN identity.
pub fn plmn_from_digits(s: &str) -> Option<[u8; 3]> {
    let d: Vec<u8> = s.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    if !(5..=6).contains(&d.len()) || d.iter().any(|&x| x > 9) {
        return None;
    }
    let mnc3 = if d.len() == 6 { d[5] } else { 0xf };
    Some([d[1] << 4 | d[0], mnc3 << 4 | d[2], d[4] << 4 | d[3]])
}

fn key_hex(s: &str, lens: &[usize], what: &str) -> Result<KeyMaterial<'static>, KeysError> {
    let b = hex::decode(s.trim()).map_err(|_| KeysError(format!("{what}: not a hex string")))?;
    if !lens.contains(&b.len()) {
        return Err(KeysError(format!(
            "{what}: {} octets, expected {}",
            b.len(),
            lens.iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(" or ")
        )));
    }
    Ok(KeyMaterial::owned(b))
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

fn ue_ref(
    imsi: &Option<String>,
    mme_ue_s1ap_id: Option<u32>,
    mme: &Option<String>,
    what: &str,
) -> Result<UeRef, KeysError> {
    if imsi.is_none() && mme_ue_s1ap_id.is_none() {
        return Err(KeysError(format!(
            "{what}: names no UE (imsi or mme_ue_s1ap_id)"
        )));
    }
    if let Some(i) = imsi {
        if !(5..=15).contains(&i.len()) || !i.bytes().all(|b| b.is_ascii_digit()) {
            return Err(KeysError(format!("{what}.imsi: must be 5 to 15 digits")));
        }
    }
    let mme = match (mme, mme_ue_s1ap_id) {
        (None, _) => None,
        (Some(_), None) => {
            return Err(KeysError(format!(
                "{what}.mme: goes with mme_ue_s1ap_id (the MME that allocated it)"
            )))
        }
        (Some(m), Some(_)) => Some(mme_ref(m).map_err(|e| KeysError(format!("{what}.mme: {e}")))?),
    };
    Ok(UeRef {
        imsi: imsi.clone(),
        mme_ue_s1ap_id,
        mme,
    })
}

impl KeysFile {
    /// Parses a keys file's text.
    pub fn parse(text: &str) -> Result<Self, KeysError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| KeysError(e.to_string()))?;
        let mut out = KeysFile::default();
        for (i, k) in raw.mme_enb_key.iter().enumerate() {
            let what = format!("mme_enb_key[{i}]");
            let plmn = plmn_from_text(&k.plmn).ok_or_else(|| {
                KeysError(format!(
                    "{what}.plmn: MCC-MNC (001-01) or 5 or 6 digits (00101)"
                ))
            })?;
            if k.enb_id >> k.kind.bits() != 0 {
                return Err(KeysError(format!(
                    "{what}.enb_id: {:#x} does not fit the {} bits of a {:?} eNB ID",
                    k.enb_id,
                    k.kind.bits(),
                    k.kind
                )));
            }
            out.mme_enb_keys.push(MmeEnbKey {
                plmn,
                kind: k.kind,
                enb_id: k.enb_id,
                key_id: k.key_id,
                key: key_hex(&k.key, &[16, 32], &format!("{what}.key"))?,
            });
        }
        for (i, k) in raw.h_key.iter().enumerate() {
            let what = format!("h_key[{i}]");
            out.h_keys.push(HKey {
                ue: ue_ref(&k.imsi, k.mme_ue_s1ap_id, &k.mme, &what)?,
                refresh_counter: k.refresh_counter,
                key: key_hex(&k.key, &[16, 32], &format!("{what}.key"))?,
            });
        }
        for (i, k) in raw.kasme.iter().enumerate() {
            let what = format!("kasme[{i}]");
            for c in [k.nas_uplink_count, k.nas_downlink_count]
                .into_iter()
                .flatten()
            {
                if c > 0xff_ffff {
                    return Err(KeysError(format!("{what}: NAS COUNT {c} exceeds 24 bits")));
                }
            }
            out.kasme.push(Kasme {
                ue: ue_ref(&k.imsi, k.mme_ue_s1ap_id, &k.mme, &what)?,
                key: key_hex(&k.key, &[32], &format!("{what}.key"))?,
                nas_uplink_count: k.nas_uplink_count,
                nas_downlink_count: k.nas_downlink_count,
                eea: k.nas_algorithms.as_ref().and_then(|a| a.eea),
                eia: k.nas_algorithms.as_ref().and_then(|a| a.eia),
            });
        }
        for (i, k) in raw.umts_keys.iter().enumerate() {
            let what = format!("umts_keys[{i}]");
            out.umts_keys.push(UmtsKeys {
                ue: ue_ref(&k.imsi, k.mme_ue_s1ap_id, &k.mme, &what)?,
                ck: key_hex(&k.ck, &[16], &format!("{what}.ck"))?,
                ik: key_hex(&k.ik, &[16], &format!("{what}.ik"))?,
            });
        }
        Ok(out)
    }

    /// Reads and parses a keys file.
    pub fn load(path: &Path) -> Result<Self, KeysError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| KeysError(format!("cannot read {}: {e}", path.display())))?;
        Self::parse(&text)
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
            e.0.starts_with("kasme[0].mme: goes with mme_ue_s1ap_id"),
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
        assert_eq!(e.0, "mme_enb_key[0].key: 4 octets, expected 16 or 32");
        let e = KeysFile::parse("[[kasme]]\nkey=\"00\"\n").unwrap_err();
        assert!(e.0.contains("names no UE"), "{e}");
        let e = KeysFile::parse(
            "[[mme_enb_key]]\nplmn=\"00101\"\nkind=\"macro\"\nenb_id=0x200000\nkey_id=0\nkey=\"000102030405060708090a0b0c0d0e0f\"\n",
        )
        .unwrap_err();
        assert!(e.0.contains("does not fit the 20 bits"), "{e}");
        let e = KeysFile::parse("[[bogus]]\n").unwrap_err();
        assert!(e.to_string().contains("unknown field"), "{e}");
    }
}
