//! Builders of the MME-assisted key refresh (MAKR, key-refresh.md) values: a wrapped KeNB item
//! of a NeighbourKeyResponse or WrappedKeNB, and the mapping from the algorithms keyhop's key
//! functions take to their ASN.1 form in the MAKR IEs.
//!
//! ```
//! use keyhop_codec::build::makr as b;
//! use keyhop_codec::security::{KdfAlgorithm, WrapAlgorithm};
//! use keyhop_codec::makr;
//!
//! assert_eq!(b::wrap_algorithm(WrapAlgorithm::AesKw), Some(makr::WrapAlgorithm::AesKw));
//! assert_eq!(b::kdf_algorithm(KdfAlgorithm::AesBlock), Some(makr::KdfAlgorithm::AesBlock));
//! assert_eq!(b::wrap_algorithm(WrapAlgorithm::Unknown(9)), None);
//! ```

use crate::makr::{self, EnbIdentity, WrappedKeyItem};
use crate::security::makr::wrap_kenb;
use crate::security::WrapBinding;
use crate::security::{KdfAlgorithm, Key256, SecurityError, SecurityResult, WrapAlgorithm};
use crate::Octets;

/// A WrappedKeyItem (key-refresh.md section 4): `kenb` wrapped with `alg` under the target
/// eNB's MME-eNB key `kek` (its key `key_id`), bound to `binding` (the target's ident, the
/// MME-UE-S1AP-ID and the refresh counter; only AES-CTR-CMAC uses it and `iv`). Fails as
/// [`wrap_kenb`] does (a KEK of the wrong length, an unknown algorithm).
///
/// ```
/// use keyhop_codec::makr::{EnbId, EnbIdentity};
/// use keyhop_codec::security::makr::unwrap_kenb;
/// use keyhop_codec::security::{Key256, WrapAlgorithm, WrapBinding};
///
/// let target = EnbIdentity::new([0x00, 0xf1, 0x10], EnbId::Macro(0x1a2b3));
/// let binding = WrapBinding {
///     target_ident: target.ident().unwrap(),
///     mme_ue_s1ap_id: 1001,
///     refresh_counter: 1,
/// };
/// let (kek, kenb) = ([9u8; 16], Key256::new([4; 32]));
/// let item = keyhop_codec::build::makr::wrapped_key_item(
///     target, 0, WrapAlgorithm::AesCtrCmac, &kek, &kenb, &[1; 16], &binding)?;
/// let back = unwrap_kenb(WrapAlgorithm::AesCtrCmac, &kek, item.wrapped_kenb.as_bytes(), &binding)?;
/// assert_eq!(back.expose(), kenb.expose());
/// # Ok::<(), keyhop_codec::security::SecurityError>(())
/// ```
pub fn wrapped_key_item(
    target: EnbIdentity<'static>,
    key_id: u8,
    alg: WrapAlgorithm,
    kek: &[u8],
    kenb: &Key256,
    iv: &[u8; 16],
    binding: &WrapBinding,
) -> SecurityResult<WrappedKeyItem<'static>> {
    let wrapped = wrap_kenb(alg, kek, kenb, iv, binding)?;
    let wrap_algorithm =
        wrap_algorithm(alg).ok_or_else(|| SecurityError::UnsupportedAlgorithm {
            what: format!("wrap algorithm {alg:?} in the ASN.1"),
        })?;
    Ok(WrappedKeyItem {
        target_enb: target,
        key_id,
        wrap_algorithm,
        wrapped_kenb: Octets::owned(wrapped),
        extensions: Default::default(),
    })
}

/// The ASN.1 `WrapAlgorithm` of a wrap algorithm; `None` for a value the ASN.1 root does not
/// list.
///
/// ```
/// use keyhop_codec::security::WrapAlgorithm;
/// assert!(keyhop_codec::build::makr::wrap_algorithm(WrapAlgorithm::AesEcb).is_some());
/// ```
pub fn wrap_algorithm(w: WrapAlgorithm) -> Option<makr::WrapAlgorithm> {
    match w {
        WrapAlgorithm::AesEcb => Some(makr::WrapAlgorithm::AesEcb),
        WrapAlgorithm::AesKw => Some(makr::WrapAlgorithm::AesKw),
        WrapAlgorithm::AesCtrCmac => Some(makr::WrapAlgorithm::AesCtrCmac),
        WrapAlgorithm::Unknown(_) => None,
    }
}

/// The ASN.1 `KdfAlgorithm` of a KeNB derivation; `None` for a value the ASN.1 root does not
/// list.
///
/// ```
/// use keyhop_codec::security::KdfAlgorithm;
/// assert!(keyhop_codec::build::makr::kdf_algorithm(KdfAlgorithm::AesCmacCtr).is_some());
/// ```
pub fn kdf_algorithm(k: KdfAlgorithm) -> Option<makr::KdfAlgorithm> {
    match k {
        KdfAlgorithm::AesBlock => Some(makr::KdfAlgorithm::AesBlock),
        KdfAlgorithm::AesCmacCtr => Some(makr::KdfAlgorithm::AesCmacCtr),
        KdfAlgorithm::Unknown(_) => None,
    }
}
