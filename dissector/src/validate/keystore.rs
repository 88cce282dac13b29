//! Where key material comes from: one small trait, [`KeyStore`], that the validator asks.
//! [`FileKeys`] answers from a keys file (key-refresh.md section 8); a key store with
//! unwrapping of its own (the dissector's) can implement the same trait. Keys learned from the
//! capture are kept by the validator itself, which compares them with these (KEYS-CONFLICT).

use crate::keys::{EnbKind as FileKind, KeysFile, UeRef};
use keyhop_codec::security::makr::{EnbIdentity, EnbKind};
use std::net::IpAddr;

/// How the validator names a UE when it asks for its keys: its IMSI if known, and the first
/// MME-UE-S1AP-ID it was seen with (and the MME's address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UeNames<'a> {
    /// IMSI digits.
    pub imsi: Option<&'a str>,
    /// (MME address, MME-UE-S1AP-ID) at the UE's first appearance.
    pub first_s1: Option<(IpAddr, u32)>,
}

/// KASME of a UE with what the keys file adds to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KasmeInfo {
    /// KASME.
    pub key: [u8; 32],
    /// COUNT of the next downlink NAS message after the capture starts.
    pub nas_downlink_count: Option<u32>,
    /// NAS algorithms (EEA, EIA).
    pub algs: Option<(u8, u8)>,
}

/// The keys a validation may use. Every method answers `None` for a key it does not hold.
pub trait KeyStore {
    /// The MME-eNB key (KEK) of `enb` with `key_id`.
    fn mme_enb_key(&self, enb: &EnbIdentity, key_id: u8) -> Option<&[u8]>;
    /// The H_key of a UE's refresh.
    fn h_key(&self, ue: &UeNames<'_>, refresh: u16) -> Option<&[u8]>;
    /// KASME of a UE.
    fn kasme(&self, ue: &UeNames<'_>) -> Option<KasmeInfo>;
    /// CK and IK of a UE.
    fn umts_keys(&self, ue: &UeNames<'_>) -> Option<([u8; 16], [u8; 16])>;
    /// Whether the store holds any KASME (the validator then keeps ciphered NAS to read).
    fn has_kasme(&self) -> bool;
}

/// No keys at all (`validate` without `--keys`).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoKeys;

impl KeyStore for NoKeys {
    fn mme_enb_key(&self, _: &EnbIdentity, _: u8) -> Option<&[u8]> {
        None
    }
    fn h_key(&self, _: &UeNames<'_>, _: u16) -> Option<&[u8]> {
        None
    }
    fn kasme(&self, _: &UeNames<'_>) -> Option<KasmeInfo> {
        None
    }
    fn umts_keys(&self, _: &UeNames<'_>) -> Option<([u8; 16], [u8; 16])> {
        None
    }
    fn has_kasme(&self) -> bool {
        false
    }
}

/// The keys of a keys file.
#[derive(Debug, Clone)]
pub struct FileKeys(pub KeysFile);

fn kind(k: FileKind) -> EnbKind {
    match k {
        FileKind::Macro => EnbKind::Macro,
        FileKind::Home => EnbKind::Home,
        FileKind::ShortMacro => EnbKind::ShortMacro,
        FileKind::LongMacro => EnbKind::LongMacro,
    }
}

fn names(r: &UeRef, ue: &UeNames<'_>) -> bool {
    match r {
        UeRef::Imsi(i) => ue.imsi == Some(i.as_str()),
        UeRef::MmeUeS1apId { id, mme } => ue
            .first_s1
            .is_some_and(|(a, x)| x == *id && mme.map_or(true, |m| m == a)),
    }
}

fn arr<const N: usize>(b: &[u8]) -> Option<[u8; N]> {
    b.try_into().ok()
}

impl KeyStore for FileKeys {
    fn mme_enb_key(&self, enb: &EnbIdentity, key_id: u8) -> Option<&[u8]> {
        self.0
            .mme_enb_keys
            .iter()
            .find(|k| {
                k.plmn == enb.plmn
                    && kind(k.kind) == enb.kind
                    && k.enb_id == enb.enb_id
                    && k.key_id == key_id
            })
            .map(|k| k.key.expose())
    }
    fn h_key(&self, ue: &UeNames<'_>, refresh: u16) -> Option<&[u8]> {
        self.0
            .h_keys
            .iter()
            .find(|h| h.refresh_counter == refresh && names(&h.ue, ue))
            .map(|h| h.key.expose())
    }
    fn kasme(&self, ue: &UeNames<'_>) -> Option<KasmeInfo> {
        let k = self.0.kasme.iter().find(|k| names(&k.ue, ue))?;
        Some(KasmeInfo {
            key: arr(k.key.expose())?,
            nas_downlink_count: k.nas_downlink_count,
            algs: match (k.eea, k.eia) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
        })
    }
    fn umts_keys(&self, ue: &UeNames<'_>) -> Option<([u8; 16], [u8; 16])> {
        let k = self.0.umts_keys.iter().find(|k| names(&k.ue, ue))?;
        Some((arr(k.ck.expose())?, arr(k.ik.expose())?))
    }
    fn has_kasme(&self) -> bool {
        !self.0.kasme.is_empty()
    }
}
