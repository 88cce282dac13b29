//! The crypto of keyhop, usable to produce as well as to check:
//!
//! * [`kdf`]: the TS 33.401 Annex A key derivations (KASME, KeNB, NH, KeNB*, algorithm keys,
//!   CK'/IK', K'ASME);
//! * [`eps`]: 128-EEA2 and 128-EIA2 on messages of any bit length;
//! * [`makr`]: the MAKR profile's eNB identity block, KeNB KDFs and key wraps
//!   (key-refresh.md sections 3-5);
//! * [`keys`]: owned key types that wipe themselves and never print;
//! * [`error`]: [`SecurityError`], which says what failed and never carries a key.
//!
//! NAS message protection (TS 24.301) and the MAKR H_key delivery are in [`crate::nas`].

pub mod eps;
pub mod error;
pub mod kdf;
pub mod keys;
pub mod makr;

pub use eps::{eea2, eia2, Direction};
pub use error::{SecurityError, SecurityResult};
pub use keys::{Key128, Key256, SecretKey};
pub use makr::{EnbIdentity, EnbKind, KdfAlgorithm, WrapAlgorithm, WrapBinding};
