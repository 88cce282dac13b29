//! Builders of the MME-assisted key refresh (MAKR, key-refresh.md) values: the mapping from
//! the algorithms keyhop's key functions take to their ASN.1 form in the MAKR IEs.
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

use crate::makr;
use crate::security::{KdfAlgorithm, WrapAlgorithm};

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
