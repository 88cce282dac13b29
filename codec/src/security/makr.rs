//! The crypto of the MME-assisted key refresh (MAKR) profile, key-refresh.md sections 3 to 5:
//! the 8-octet eNB identity block, the two KeNB KDFs, and the three wraps of KeNB under an
//! MME-eNB key (KEK).

use crate::security::error::{SecurityError, SecurityResult};
use crate::security::keys::{ct_eq, Key256, SecretKey};
use aes::cipher::{
    generic_array::GenericArray, BlockDecrypt, BlockEncrypt, KeyInit, KeyIvInit, StreamCipher,
};
use aes::{Aes128, Aes256};
use cmac::{Cmac, Mac};
use zeroize::Zeroize;

/// The kind of an eNB identity (the alternative of the ENB-Identity `enb-ID` CHOICE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnbKind {
    /// `macroENB-ID`, 20 bits; kind octet 0 of `ident(eNB)` (key-refresh.md section 3).
    Macro,
    /// `homeENB-ID`, 28 bits; kind octet 1 (section 3).
    Home,
    /// `short-macroENB-ID`, 18 bits; kind octet 2 (section 3).
    ShortMacro,
    /// `long-macroENB-ID`, 21 bits; kind octet 3 (section 3).
    LongMacro,
}

impl EnbKind {
    /// The kind octet of `ident(eNB)`.
    pub fn octet(self) -> u8 {
        match self {
            EnbKind::Macro => 0,
            EnbKind::Home => 1,
            EnbKind::ShortMacro => 2,
            EnbKind::LongMacro => 3,
        }
    }

    /// The kind of kind octet `o`, if defined.
    pub fn from_octet(o: u8) -> Option<Self> {
        Some(match o {
            0 => EnbKind::Macro,
            1 => EnbKind::Home,
            2 => EnbKind::ShortMacro,
            3 => EnbKind::LongMacro,
            _ => return None,
        })
    }

    /// Size of the eNB ID BIT STRING.
    pub fn bits(self) -> u32 {
        match self {
            EnbKind::Macro => 20,
            EnbKind::Home => 28,
            EnbKind::ShortMacro => 18,
            EnbKind::LongMacro => 21,
        }
    }

    /// The name used in the keys file and the vectors: `macro`, `home`, `short-macro`,
    /// `long-macro`.
    pub fn name(self) -> &'static str {
        match self {
            EnbKind::Macro => "macro",
            EnbKind::Home => "home",
            EnbKind::ShortMacro => "short-macro",
            EnbKind::LongMacro => "long-macro",
        }
    }

    /// The kind named `s` (see [`EnbKind::name`]).
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "macro" => EnbKind::Macro,
            "home" => EnbKind::Home,
            "short-macro" => EnbKind::ShortMacro,
            "long-macro" => EnbKind::LongMacro,
            _ => return None,
        })
    }
}

/// An eNB identity as the crypto sees it: PLMN (3 TBCD octets as on the wire), kind, and the
/// eNB ID (the BIT STRING's value, right-aligned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnbIdentity {
    /// PLMN identity octets as in S1AP PLMNidentity.
    pub plmn: [u8; 3],
    /// Which ID alternative.
    pub kind: EnbKind,
    /// The eNB ID, below 2^kind.bits().
    pub enb_id: u32,
}

impl EnbIdentity {
    /// An identity; an error if `enb_id` does not fit the kind's bit size.
    pub fn new(plmn: [u8; 3], kind: EnbKind, enb_id: u32) -> SecurityResult<Self> {
        if enb_id >> kind.bits() != 0 {
            return Err(SecurityError::invalid(
                "eNB ID",
                format!(
                    "{enb_id:#x} does not fit the {} bits of a {} eNB ID",
                    kind.bits(),
                    kind.name()
                ),
            ));
        }
        Ok(EnbIdentity { plmn, kind, enb_id })
    }

    /// `ident(eNB)`: PLMN (3) || kind (1) || eNB ID (4, big-endian), section 3.
    pub fn ident(&self) -> [u8; 8] {
        let mut b = [0u8; 8];
        b[..3].copy_from_slice(&self.plmn);
        b[3] = self.kind.octet();
        b[4..].copy_from_slice(&self.enb_id.to_be_bytes());
        b
    }

    /// The identity whose `ident` is `b`; an error for an unknown kind or an ID too wide.
    pub fn from_ident(b: &[u8; 8]) -> SecurityResult<Self> {
        let kind = EnbKind::from_octet(b[3]).ok_or_else(|| {
            SecurityError::invalid("ident(eNB)", format!("unknown kind octet {}", b[3]))
        })?;
        EnbIdentity::new(
            [b[0], b[1], b[2]],
            kind,
            u32::from_be_bytes([b[4], b[5], b[6], b[7]]),
        )
    }
}

/// `KdfAlgorithm` of the profile (ASN.1 ENUMERATED, extensible; also the `kdf` octet of the
/// H_key delivery container).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KdfAlgorithm {
    /// `aes-block` (0): KeNB is two AES-128 encryptions of blocks built from the target identity, under a 16-octet H_key (key-refresh.md section 4).
    AesBlock,
    /// `aes-cmac-ctr` (1, default): KeNB from NIST SP 800-108 counter mode with AES-CMAC (section 4).
    AesCmacCtr,
    /// An extension value keyhop does not know (its index).
    Unknown(u8),
}

impl KdfAlgorithm {
    /// The enumeration index / container octet.
    pub fn index(self) -> u8 {
        match self {
            KdfAlgorithm::AesBlock => 0,
            KdfAlgorithm::AesCmacCtr => 1,
            KdfAlgorithm::Unknown(n) => n,
        }
    }

    /// The algorithm of index `n`.
    pub fn from_index(n: u8) -> Self {
        match n {
            0 => KdfAlgorithm::AesBlock,
            1 => KdfAlgorithm::AesCmacCtr,
            n => KdfAlgorithm::Unknown(n),
        }
    }

    /// The ASN.1 identifier (`aes-block`, `aes-cmac-ctr`) or `unknown(n)`.
    pub fn name(self) -> String {
        match self {
            KdfAlgorithm::AesBlock => "aes-block".into(),
            KdfAlgorithm::AesCmacCtr => "aes-cmac-ctr".into(),
            KdfAlgorithm::Unknown(n) => format!("unknown({n})"),
        }
    }

    /// The algorithm named `s` (ASN.1 identifier).
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "aes-block" => Some(KdfAlgorithm::AesBlock),
            "aes-cmac-ctr" => Some(KdfAlgorithm::AesCmacCtr),
            _ => None,
        }
    }
}

/// `WrapAlgorithm` of the profile (ASN.1 ENUMERATED, extensible).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WrapAlgorithm {
    /// `aes-ecb` (0): KeNB encrypted block by block, with no integrity; a validator warns, MAKR-WEAK (key-refresh.md section 5).
    AesEcb,
    /// `aes-kw` (1): RFC 3394 key wrap with the default IV: integrity, but not bound to target or UE (section 5).
    AesKw,
    /// `aes-ctr-cmac` (2): AES-CTR then AES-CMAC, bound to target, UE and refresh counter (section 5).
    AesCtrCmac,
    /// An extension value keyhop does not know (its index).
    Unknown(u8),
}

impl WrapAlgorithm {
    /// The enumeration index.
    pub fn index(self) -> u8 {
        match self {
            WrapAlgorithm::AesEcb => 0,
            WrapAlgorithm::AesKw => 1,
            WrapAlgorithm::AesCtrCmac => 2,
            WrapAlgorithm::Unknown(n) => n,
        }
    }

    /// The algorithm of index `n`.
    pub fn from_index(n: u8) -> Self {
        match n {
            0 => WrapAlgorithm::AesEcb,
            1 => WrapAlgorithm::AesKw,
            2 => WrapAlgorithm::AesCtrCmac,
            n => WrapAlgorithm::Unknown(n),
        }
    }

    /// The ASN.1 identifier or `unknown(n)`.
    pub fn name(self) -> String {
        match self {
            WrapAlgorithm::AesEcb => "aes-ecb".into(),
            WrapAlgorithm::AesKw => "aes-kw".into(),
            WrapAlgorithm::AesCtrCmac => "aes-ctr-cmac".into(),
            WrapAlgorithm::Unknown(n) => format!("unknown({n})"),
        }
    }

    /// The algorithm named `s` (ASN.1 identifier).
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "aes-ecb" => Some(WrapAlgorithm::AesEcb),
            "aes-kw" => Some(WrapAlgorithm::AesKw),
            "aes-ctr-cmac" => Some(WrapAlgorithm::AesCtrCmac),
            _ => None,
        }
    }

    /// Whether the wrap detects tampering (MAKR-WEAK: `aes-ecb` does not).
    pub fn has_integrity(self) -> bool {
        matches!(self, WrapAlgorithm::AesKw | WrapAlgorithm::AesCtrCmac)
    }
}

/// AES-CMAC with a 16- or 32-octet key (AES-128 or AES-256).
fn cmac(key: &[u8], parts: &[&[u8]]) -> SecurityResult<[u8; 16]> {
    macro_rules! run {
        ($c:ty) => {{
            let mut m = <Cmac<$c> as Mac>::new_from_slice(key).expect("key length checked");
            for p in parts {
                m.update(p);
            }
            m.finalize().into_bytes().into()
        }};
    }
    Ok(match key.len() {
        16 => run!(Aes128),
        32 => run!(Aes256),
        n => return Err(SecurityError::key_length("CMAC key", "16 or 32", n)),
    })
}

/// NIST SP 800-108 counter-mode KDF with PRF AES-CMAC as section 4 writes it:
/// `K(i) = CMAC(key, [i]_1 || label || 0x00 || context || [L]_2)`, i = 1.., output
/// `out_len` octets (a multiple of 16, at most 255 blocks). `key` is 16 or 32 octets.
pub fn sp800_108_cmac(
    key: &[u8],
    label: &[u8],
    context: &[u8],
    out_len: usize,
) -> SecurityResult<SecretKey> {
    if out_len == 0 || out_len % 16 != 0 || out_len / 16 > 255 || out_len * 8 > 0xffff {
        return Err(SecurityError::invalid(
            "SP 800-108 output length",
            format!("{out_len} octets is not a whole number of blocks up to 255"),
        ));
    }
    let l = ((out_len * 8) as u16).to_be_bytes();
    let mut out = Vec::with_capacity(out_len);
    for i in 1..=(out_len / 16) as u8 {
        out.extend_from_slice(&cmac(key, &[&[i], label, &[0x00], context, &l])?);
    }
    Ok(SecretKey::new(out))
}

/// KeNB from H_key for `target_ident` (section 4): the KDF of a NeighbourKeyResponse.
///
/// * `aes-block`: H_key must be 16 octets; `AES(H_key, 0x20 || ident || 0^6 || i)` for i = 1, 2.
/// * `aes-cmac-ctr`: H_key 16 or 32 octets; SP 800-108 with label `MAKR KeNB`, 256 bits.
pub fn derive_kenb(
    kdf: KdfAlgorithm,
    h_key: &[u8],
    target_ident: &[u8; 8],
) -> SecurityResult<Key256> {
    match kdf {
        KdfAlgorithm::AesBlock => {
            if h_key.len() != 16 {
                return Err(SecurityError::key_length(
                    "H_key for aes-block",
                    "16",
                    h_key.len(),
                ));
            }
            let cipher = Aes128::new_from_slice(h_key).expect("16 octets");
            let mut out = [0u8; 32];
            for i in 0..2u8 {
                let mut b = [0u8; 16];
                b[0] = 0x20;
                b[1..9].copy_from_slice(target_ident);
                b[15] = i + 1;
                cipher.encrypt_block(GenericArray::from_mut_slice(&mut b));
                out[16 * i as usize..16 * (i as usize + 1)].copy_from_slice(&b);
                b.zeroize();
            }
            let k = Key256::new(out);
            out.zeroize();
            Ok(k)
        }
        KdfAlgorithm::AesCmacCtr => {
            if h_key.len() != 16 && h_key.len() != 32 {
                return Err(SecurityError::key_length(
                    "H_key for aes-cmac-ctr",
                    "16 or 32",
                    h_key.len(),
                ));
            }
            sp800_108_cmac(h_key, b"MAKR KeNB", target_ident, 32)?.to_key256("KeNB")
        }
        KdfAlgorithm::Unknown(n) => Err(SecurityError::UnsupportedAlgorithm {
            what: format!("KDF unknown({n})"),
        }),
    }
}

/// What an `aes-ctr-cmac` tag binds a wrapped KeNB to (section 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WrapBinding {
    /// `ident(target-eNB)` of the item.
    pub target_ident: [u8; 8],
    /// MME-UE-S1AP-ID of the NeighbourKeyResponse (or of the X2AP UE-ContextInformation).
    pub mme_ue_s1ap_id: u32,
    /// refreshCounter of the enclosing NeighbourKeyResponse or WrappedKeNB.
    pub refresh_counter: u16,
}

fn check_kek(kek: &[u8], sizes: &'static str, allowed: &[usize]) -> SecurityResult<()> {
    if allowed.contains(&kek.len()) {
        Ok(())
    } else {
        Err(SecurityError::key_length("KEK", sizes, kek.len()))
    }
}

/// `aes-ecb` wrap: each 16-octet block of `key_data` encrypted alone under a 16-octet KEK.
pub fn wrap_aes_ecb(kek: &[u8], key_data: &[u8]) -> SecurityResult<Vec<u8>> {
    check_kek(kek, "16 for aes-ecb", &[16])?;
    if key_data.is_empty() || key_data.len() % 16 != 0 {
        return Err(SecurityError::invalid(
            "key to wrap",
            format!(
                "{} octets is not a whole number of AES blocks",
                key_data.len()
            ),
        ));
    }
    let cipher = Aes128::new_from_slice(kek).expect("16 octets");
    let mut out = key_data.to_vec();
    for b in out.chunks_exact_mut(16) {
        cipher.encrypt_block(GenericArray::from_mut_slice(b));
    }
    Ok(out)
}

/// `aes-ecb` unwrap. Nothing is checked (the mode has no integrity): any input of whole blocks
/// "unwraps".
pub fn unwrap_aes_ecb(kek: &[u8], wrapped: &[u8]) -> SecurityResult<SecretKey> {
    check_kek(kek, "16 for aes-ecb", &[16])?;
    if wrapped.is_empty() || wrapped.len() % 16 != 0 {
        return Err(SecurityError::invalid(
            "aes-ecb wrapped key",
            format!(
                "{} octets is not a whole number of AES blocks",
                wrapped.len()
            ),
        ));
    }
    let cipher = Aes128::new_from_slice(kek).expect("16 octets");
    let mut out = wrapped.to_vec();
    for b in out.chunks_exact_mut(16) {
        cipher.decrypt_block(GenericArray::from_mut_slice(b));
    }
    Ok(SecretKey::new(out))
}

/// `aes-kw` wrap (RFC 3394, default IV A6A6A6A6A6A6A6A6) under a 16- or 32-octet KEK;
/// `key_data` is at least 16 octets, a multiple of 8. The output is 8 octets longer.
pub fn wrap_aes_kw(kek: &[u8], key_data: &[u8]) -> SecurityResult<Vec<u8>> {
    check_kek(kek, "16 or 32 for aes-kw", &[16, 32])?;
    if key_data.len() < 16 || key_data.len() % 8 != 0 {
        return Err(SecurityError::invalid(
            "key to wrap",
            format!(
                "RFC 3394 needs a multiple of 8 octets, at least 16; got {}",
                key_data.len()
            ),
        ));
    }
    let mut out = vec![0u8; key_data.len() + 8];
    let r = match kek.len() {
        16 => aes_kw::KekAes128::try_from(kek).map(|k| k.wrap(key_data, &mut out)),
        _ => aes_kw::KekAes256::try_from(kek).map(|k| k.wrap(key_data, &mut out)),
    };
    match r {
        Ok(Ok(())) => Ok(out),
        _ => Err(SecurityError::invalid(
            "aes-kw wrap",
            "rejected by RFC 3394",
        )),
    }
}

/// `aes-kw` unwrap; [`SecurityError::IntegrityCheckFailed`] when the RFC 3394 integrity check
/// fails (a changed octet or the wrong KEK).
pub fn unwrap_aes_kw(kek: &[u8], wrapped: &[u8]) -> SecurityResult<SecretKey> {
    check_kek(kek, "16 or 32 for aes-kw", &[16, 32])?;
    if wrapped.len() < 24 || wrapped.len() % 8 != 0 {
        return Err(SecurityError::invalid(
            "aes-kw wrapped key",
            format!(
                "RFC 3394 output is a multiple of 8 octets, at least 24; got {}",
                wrapped.len()
            ),
        ));
    }
    let mut out = vec![0u8; wrapped.len() - 8];
    let r = match kek.len() {
        16 => aes_kw::KekAes128::try_from(kek).map(|k| k.unwrap(wrapped, &mut out)),
        _ => aes_kw::KekAes256::try_from(kek).map(|k| k.unwrap(wrapped, &mut out)),
    };
    match r {
        Ok(Ok(())) => Ok(SecretKey::new(out)),
        Ok(Err(aes_kw::Error::IntegrityCheckFailed)) => {
            out.zeroize();
            Err(SecurityError::IntegrityCheckFailed {
                what: "aes-kw (RFC 3394)",
            })
        }
        _ => {
            out.zeroize();
            Err(SecurityError::invalid(
                "aes-kw unwrap",
                "rejected by RFC 3394",
            ))
        }
    }
}

/// Kenc and Kmac of `aes-ctr-cmac`: SP 800-108 under the KEK with labels `MAKR wrap enc` and
/// `MAKR wrap mac`, empty context, as long as the KEK.
pub fn wrap_subkeys(kek: &[u8]) -> SecurityResult<(SecretKey, SecretKey)> {
    check_kek(kek, "16 or 32 for aes-ctr-cmac", &[16, 32])?;
    Ok((
        sp800_108_cmac(kek, b"MAKR wrap enc", &[], kek.len())?,
        sp800_108_cmac(kek, b"MAKR wrap mac", &[], kek.len())?,
    ))
}

/// AES-CTR with the whole 128-bit block as a big-endian counter, key 16 or 32 octets.
fn aes_ctr(key: &[u8], iv: &[u8; 16], data: &mut [u8]) {
    if key.len() == 16 {
        let mut c = ctr::Ctr128BE::<Aes128>::new(GenericArray::from_slice(key), iv.into());
        c.apply_keystream(data);
    } else {
        let mut c = ctr::Ctr128BE::<Aes256>::new(GenericArray::from_slice(key), iv.into());
        c.apply_keystream(data);
    }
}

fn binding_tag(kmac: &SecretKey, b: &WrapBinding, iv: &[u8], c: &[u8]) -> SecurityResult<[u8; 16]> {
    cmac(
        kmac.expose(),
        &[
            &b.target_ident,
            &b.mme_ue_s1ap_id.to_be_bytes(),
            &b.refresh_counter.to_be_bytes(),
            iv,
            c,
        ],
    )
}

/// `aes-ctr-cmac` wrap: `IV || AES-CTR(Kenc, IV, key_data) || CMAC(Kmac, ident || mme-UE-S1AP-ID
/// || refreshCounter || IV || C)`. The caller supplies the IV, which must be 16 fresh random
/// octets (keyhop has no random source of its own; tests pass fixed IVs).
pub fn wrap_aes_ctr_cmac(
    kek: &[u8],
    key_data: &[u8],
    iv: &[u8; 16],
    binding: &WrapBinding,
) -> SecurityResult<Vec<u8>> {
    let (kenc, kmac) = wrap_subkeys(kek)?;
    let mut c = key_data.to_vec();
    aes_ctr(kenc.expose(), iv, &mut c);
    let t = binding_tag(&kmac, binding, iv, &c)?;
    let mut out = Vec::with_capacity(16 + c.len() + 16);
    out.extend_from_slice(iv);
    out.extend_from_slice(&c);
    out.extend_from_slice(&t);
    Ok(out)
}

/// `aes-ctr-cmac` unwrap: checks the tag (in constant time) under `binding` before deciphering;
/// a key presented for another target, UE or refresh fails with
/// [`SecurityError::IntegrityCheckFailed`].
pub fn unwrap_aes_ctr_cmac(
    kek: &[u8],
    wrapped: &[u8],
    binding: &WrapBinding,
) -> SecurityResult<SecretKey> {
    let (kenc, kmac) = wrap_subkeys(kek)?;
    if wrapped.len() < 33 {
        return Err(SecurityError::invalid(
            "aes-ctr-cmac wrapped key",
            format!("{} octets cannot hold IV, key and tag", wrapped.len()),
        ));
    }
    let (iv, rest) = wrapped.split_at(16);
    let (c, t) = rest.split_at(rest.len() - 16);
    let want = binding_tag(&kmac, binding, iv, c)?;
    if !ct_eq(&want, t) {
        return Err(SecurityError::IntegrityCheckFailed {
            what: "aes-ctr-cmac tag",
        });
    }
    let mut out = c.to_vec();
    let iv: [u8; 16] = iv.try_into().expect("16 octets");
    aes_ctr(kenc.expose(), &iv, &mut out);
    Ok(SecretKey::new(out))
}

/// Wraps a KeNB with `alg` (section 5). `iv` is used by `aes-ctr-cmac` only (16 fresh random
/// octets), `binding` by `aes-ctr-cmac` only.
pub fn wrap_kenb(
    alg: WrapAlgorithm,
    kek: &[u8],
    kenb: &Key256,
    iv: &[u8; 16],
    binding: &WrapBinding,
) -> SecurityResult<Vec<u8>> {
    match alg {
        WrapAlgorithm::AesEcb => wrap_aes_ecb(kek, kenb.expose()),
        WrapAlgorithm::AesKw => wrap_aes_kw(kek, kenb.expose()),
        WrapAlgorithm::AesCtrCmac => wrap_aes_ctr_cmac(kek, kenb.expose(), iv, binding),
        WrapAlgorithm::Unknown(n) => Err(SecurityError::UnsupportedAlgorithm {
            what: format!("wrap algorithm unknown({n})"),
        }),
    }
}

/// Unwraps a KeNB wrapped with `alg`; the result must be the profile's 32-octet KeNB.
/// `binding` is checked by `aes-ctr-cmac` only.
pub fn unwrap_kenb(
    alg: WrapAlgorithm,
    kek: &[u8],
    wrapped: &[u8],
    binding: &WrapBinding,
) -> SecurityResult<Key256> {
    let k = match alg {
        WrapAlgorithm::AesEcb => unwrap_aes_ecb(kek, wrapped)?,
        WrapAlgorithm::AesKw => unwrap_aes_kw(kek, wrapped)?,
        WrapAlgorithm::AesCtrCmac => unwrap_aes_ctr_cmac(kek, wrapped, binding)?,
        WrapAlgorithm::Unknown(n) => {
            return Err(SecurityError::UnsupportedAlgorithm {
                what: format!("wrap algorithm unknown({n})"),
            })
        }
    };
    k.to_key256("unwrapped KeNB")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding() -> WrapBinding {
        WrapBinding {
            target_ident: [0, 0xf1, 0x10, 0, 0, 1, 0xa2, 0xb3],
            mme_ue_s1ap_id: 1,
            refresh_counter: 2,
        }
    }

    #[test]
    fn identity_checks_id_width() {
        assert!(EnbIdentity::new([0, 0xf1, 0x10], EnbKind::Macro, 0xFFFFF).is_ok());
        let e = EnbIdentity::new([0, 0xf1, 0x10], EnbKind::Macro, 0x100000).unwrap_err();
        assert!(e.to_string().contains("20 bits"), "{e}");
        let id = EnbIdentity::new([0, 0xf1, 0x10], EnbKind::Home, 0xABCDEF).unwrap();
        assert_eq!(EnbIdentity::from_ident(&id.ident()).unwrap(), id);
        assert!(EnbIdentity::from_ident(&[0, 0, 0, 4, 0, 0, 0, 0]).is_err());
    }

    #[test]
    fn key_length_errors_say_which() {
        let e = derive_kenb(KdfAlgorithm::AesBlock, &[0; 32], &[0; 8]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "wrong H_key for aes-block length: 32 octets, expected 16"
        );
        let e = wrap_aes_ecb(&[0; 32], &[0; 32]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "wrong KEK length: 32 octets, expected 16 for aes-ecb"
        );
        assert!(matches!(
            wrap_aes_kw(&[0; 24], &[0; 32]),
            Err(SecurityError::KeyLength { got: 24, .. })
        ));
        assert!(matches!(
            derive_kenb(KdfAlgorithm::Unknown(7), &[0; 16], &[0; 8]),
            Err(SecurityError::UnsupportedAlgorithm { .. })
        ));
    }

    #[test]
    fn round_trips() {
        let kenb = Key256::new([0x5a; 32]);
        for (alg, kek) in [
            (WrapAlgorithm::AesEcb, vec![1u8; 16]),
            (WrapAlgorithm::AesKw, vec![1u8; 16]),
            (WrapAlgorithm::AesKw, vec![1u8; 32]),
            (WrapAlgorithm::AesCtrCmac, vec![1u8; 16]),
            (WrapAlgorithm::AesCtrCmac, vec![1u8; 32]),
        ] {
            let w = wrap_kenb(alg, &kek, &kenb, &[7; 16], &binding()).unwrap();
            let want_len = match alg {
                WrapAlgorithm::AesEcb => 32,
                WrapAlgorithm::AesKw => 40,
                _ => 64,
            };
            assert_eq!(w.len(), want_len);
            assert_eq!(unwrap_kenb(alg, &kek, &w, &binding()).unwrap(), kenb);
        }
    }

    #[test]
    fn truncated_wraps_are_errors_not_panics() {
        for n in 0..40 {
            let w = vec![0u8; n];
            let _ = unwrap_kenb(WrapAlgorithm::AesEcb, &[1; 16], &w, &binding());
            let _ = unwrap_kenb(WrapAlgorithm::AesKw, &[1; 16], &w, &binding());
            assert!(unwrap_kenb(WrapAlgorithm::AesCtrCmac, &[1; 16], &w, &binding()).is_err());
        }
    }
}
