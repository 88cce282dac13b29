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

/// How a UE is named in the keys file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UeRef {
    /// By IMSI digits.
    Imsi(String),
    /// By MME-UE-S1AP-ID, optionally with the address of the MME that allocated it.
    MmeUeS1apId {
        /// The id.
        id: u32,
        /// The MME's address, if given.
        mme: Option<std::net::IpAddr>,
    },
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

fn ue_ref(
    imsi: &Option<String>,
    mme_ue_s1ap_id: Option<u32>,
    mme: &Option<String>,
    what: &str,
) -> Result<UeRef, KeysError> {
    match (imsi, mme_ue_s1ap_id) {
        (Some(i), None) => {
            if !(5..=15).contains(&i.len()) || !i.bytes().all(|b| b.is_ascii_digit()) {
                return Err(KeysError(format!("{what}: imsi must be 5 to 15 digits")));
            }
            if mme.is_some() {
                return Err(KeysError(format!(
                    "{what}: mme goes with mme_ue_s1ap_id, not imsi"
                )));
            }
            Ok(UeRef::Imsi(i.clone()))
        }
        (None, Some(id)) => {
            let mme =
                match mme {
                    Some(a) => Some(a.parse().map_err(|_| {
                        KeysError(format!("{what}: mme {a:?} is not an IP address"))
                    })?),
                    None => None,
                };
            Ok(UeRef::MmeUeS1apId { id, mme })
        }
        (Some(_), Some(_)) => Err(KeysError(format!(
            "{what}: give imsi or mme_ue_s1ap_id, not both"
        ))),
        (None, None) => Err(KeysError(format!(
            "{what}: names no UE (imsi or mme_ue_s1ap_id)"
        ))),
    }
}

impl KeysFile {
    /// Parses a keys file's text.
    pub fn parse(text: &str) -> Result<Self, KeysError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| KeysError(e.to_string()))?;
        let mut out = KeysFile::default();
        for (i, k) in raw.mme_enb_key.iter().enumerate() {
            let what = format!("mme_enb_key[{i}]");
            let plmn = plmn_from_digits(&k.plmn)
                .ok_or_else(|| KeysError(format!("{what}.plmn: 5 or 6 digits (MCC then MNC)")))?;
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
            UeRef::MmeUeS1apId {
                id: 4660,
                mme: Some("10.100.0.1".parse().unwrap())
            }
        );
        assert_eq!(k.h_keys[0].refresh_counter, 1);
        assert_eq!(k.kasme[0].ue, UeRef::Imsi("001010123456789".into()));
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
