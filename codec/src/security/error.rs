//! Errors of the security functions: what failed, never which key.

use std::fmt;

/// A failure of a key derivation, cipher, MAC or key wrap.
///
/// No variant carries key material: a message says what was wrong (a length, an algorithm, a
/// failed check), so errors may be logged and shown freely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityError {
    /// A key has a length its use does not allow (`what` names the key, `expected` the lengths
    /// allowed).
    KeyLength {
        /// Which key, e.g. "KEK", "H_key for aes-block".
        what: &'static str,
        /// Allowed lengths in octets, in words, e.g. "16 or 32".
        expected: &'static str,
        /// The length given.
        got: usize,
    },
    /// An input other than a key has a length or value its use does not allow.
    InvalidInput {
        /// Which input, e.g. "wrapped KeNB", "BEARER".
        what: &'static str,
        /// What is wrong with it.
        detail: String,
    },
    /// An integrity check failed: an RFC 3394 integrity check value, a CMAC tag or a NAS-MAC.
    IntegrityCheckFailed {
        /// Which check, e.g. "aes-kw (RFC 3394)", "aes-ctr-cmac tag", "NAS-MAC".
        what: &'static str,
    },
    /// An algorithm keyhop does not implement or does not know.
    UnsupportedAlgorithm {
        /// The algorithm, e.g. "128-EEA1", "wrap algorithm unknown(5)".
        what: String,
    },
}

impl fmt::Display for SecurityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecurityError::KeyLength {
                what,
                expected,
                got,
            } => write!(f, "wrong {what} length: {got} octets, expected {expected}"),
            SecurityError::InvalidInput { what, detail } => write!(f, "invalid {what}: {detail}"),
            SecurityError::IntegrityCheckFailed { what } => {
                write!(f, "integrity check failed: {what}")
            }
            SecurityError::UnsupportedAlgorithm { what } => {
                write!(f, "unsupported algorithm: {what}")
            }
        }
    }
}

impl std::error::Error for SecurityError {}

/// Result of a security function.
pub type SecurityResult<T> = Result<T, SecurityError>;

impl SecurityError {
    /// A wrong-length error for key `what`.
    pub(crate) fn key_length(what: &'static str, expected: &'static str, got: usize) -> Self {
        SecurityError::KeyLength {
            what,
            expected,
            got,
        }
    }

    /// An invalid-input error.
    pub(crate) fn invalid(what: &'static str, detail: impl Into<String>) -> Self {
        SecurityError::InvalidInput {
            what,
            detail: detail.into(),
        }
    }
}
