//! Owned secret keys: wiped from memory on drop, redacted in `Debug` and `Display`.
//!
//! `Debug` and `Display` show `fp:` + the first 4 octets of the key's SHA-256
//! ([`crate::redact::fingerprint`]), so a key that ends up in a log names itself without
//! leaking. Equality is constant time.

use crate::redact::{fingerprint, KeyMaterial};
use crate::security::error::{SecurityError, SecurityResult};
use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

macro_rules! fixed_key {
    ($name:ident, $n:expr, $what:expr) => {
        #[doc = concat!("A ", stringify!($n), "-octet secret key (", $what, ").")]
        ///
        /// Zeroized on drop; `Debug`/`Display` print only its fingerprint.
        #[derive(Clone, Zeroize, ZeroizeOnDrop)]
        pub struct $name([u8; $n]);

        impl $name {
            /// Length in octets.
            pub const LEN: usize = $n;

            /// Takes ownership of the octets.
            pub fn new(octets: [u8; $n]) -> Self {
                $name(octets)
            }

            /// Copies `octets`, which must be exactly the key length.
            pub fn from_slice(what: &'static str, octets: &[u8]) -> SecurityResult<Self> {
                let a: [u8; $n] = octets
                    .try_into()
                    .map_err(|_| SecurityError::key_length(what, stringify!($n), octets.len()))?;
                Ok($name(a))
            }

            /// The key octets. Handle with care: this is the secret.
            pub fn expose(&self) -> &[u8; $n] {
                &self.0
            }

            /// The fingerprint (`fp:` + 4 octets of SHA-256, hex).
            pub fn fingerprint(&self) -> String {
                fingerprint(&self.0)
            }

            /// A redacting [`KeyMaterial`] copy, for decoded-message structures.
            pub fn to_key_material(&self) -> KeyMaterial<'static> {
                KeyMaterial::owned(self.0.to_vec())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.fingerprint())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.fingerprint())
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.0.ct_eq(&other.0).into()
            }
        }

        impl Eq for $name {}

        impl From<[u8; $n]> for $name {
            fn from(a: [u8; $n]) -> Self {
                $name(a)
            }
        }
    };
}

fixed_key!(
    Key128,
    16,
    "K_NASenc, K_NASint, K_RRCenc, CK, IK, a 16-octet KEK or H_key"
);
fixed_key!(Key256, 32, "KASME, KeNB, NH, KeNB*");

/// A secret key whose length is known only at run time (an H_key or KEK of 16 or 32 octets,
/// an unwrapped key of RFC 3394 conformance tests).
///
/// Zeroized on drop; `Debug`/`Display` print only its fingerprint.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    /// Takes ownership of the octets.
    pub fn new(octets: Vec<u8>) -> Self {
        SecretKey(octets)
    }

    /// Copies `octets`.
    pub fn from_slice(octets: &[u8]) -> Self {
        SecretKey(octets.to_vec())
    }

    /// The key octets. Handle with care: this is the secret.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length in octets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for an empty key.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fingerprint (`fp:` + 4 octets of SHA-256, hex).
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.0)
    }

    /// A redacting [`KeyMaterial`] copy, for decoded-message structures.
    pub fn to_key_material(&self) -> KeyMaterial<'static> {
        KeyMaterial::owned(self.0.clone())
    }

    /// The key as a [`Key256`], if it has 32 octets (`what` names it in the error).
    pub fn to_key256(&self, what: &'static str) -> SecurityResult<Key256> {
        Key256::from_slice(what, &self.0)
    }

    /// The key as a [`Key128`], if it has 16 octets (`what` names it in the error).
    pub fn to_key128(&self, what: &'static str) -> SecurityResult<Key128> {
        Key128::from_slice(what, &self.0)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SecretKey({} octets, {})",
            self.0.len(),
            self.fingerprint()
        )
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fingerprint())
    }
}

impl PartialEq for SecretKey {
    fn eq(&self, other: &Self) -> bool {
        // Lengths are not secret; the octets are compared in constant time.
        self.0.len() == other.0.len() && bool::from(self.0.ct_eq(&other.0))
    }
}

impl Eq for SecretKey {}

impl From<Key128> for SecretKey {
    fn from(k: Key128) -> Self {
        SecretKey(k.expose().to_vec())
    }
}

impl From<Key256> for SecretKey {
    fn from(k: Key256) -> Self {
        SecretKey(k.expose().to_vec())
    }
}

impl From<&KeyMaterial<'_>> for SecretKey {
    fn from(k: &KeyMaterial<'_>) -> Self {
        SecretKey(k.expose().to_vec())
    }
}

/// Compares two MACs or tags in constant time (lengths are public).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let k = Key256::new([0x42; 32]);
        let fp = fingerprint(&[0x42; 32]);
        assert_eq!(format!("{k:?}"), format!("Key256({fp})"));
        assert_eq!(k.to_string(), fp);
        assert!(!format!("{k:?}").contains("4242"));
        let s = SecretKey::new(vec![0x11; 16]);
        assert_eq!(
            format!("{s:?}"),
            format!("SecretKey(16 octets, {})", fingerprint(&[0x11; 16]))
        );
    }

    #[test]
    fn wrong_length_names_the_key_not_its_value() {
        let e = Key128::from_slice("KEK", &[0xAB; 15]).unwrap_err();
        assert_eq!(e.to_string(), "wrong KEK length: 15 octets, expected 16");
        assert!(!e.to_string().to_lowercase().contains("ab"));
    }

    #[test]
    fn zeroize_clears() {
        let mut k = Key128::new([7; 16]);
        k.zeroize();
        assert_eq!(k.expose(), &[0u8; 16]);
        let mut s = SecretKey::new(vec![9; 32]);
        s.zeroize();
        assert!(s.is_empty());
    }

    #[test]
    fn every_key_type_wipes_on_drop_and_so_do_its_clones() {
        fn wipes<T: ZeroizeOnDrop + Clone>() {}
        wipes::<Key128>();
        wipes::<Key256>();
        wipes::<SecretKey>();
        wipes::<KeyMaterial<'static>>();
        // A clone owns its octets: wiping one leaves the other whole (each is wiped when it
        // is dropped).
        let a = SecretKey::new(vec![3; 16]);
        let mut b = a.clone();
        assert_ne!(a.expose().as_ptr(), b.expose().as_ptr());
        b.zeroize();
        assert_eq!(a.expose(), &[3; 16]);
        let mut k = Key256::new([4; 32]);
        let c = k.clone();
        k.zeroize();
        assert_eq!((k.expose(), c.expose()), (&[0; 32], &[4; 32]));
    }

    #[test]
    fn constant_time_compare() {
        assert!(ct_eq(&[1, 2, 3], &[1, 2, 3]));
        assert!(!ct_eq(&[1, 2, 3], &[1, 2, 4]));
        assert!(!ct_eq(&[1, 2], &[1, 2, 3]));
        assert_eq!(Key128::new([1; 16]), Key128::new([1; 16]));
        assert_ne!(Key128::new([1; 16]), Key128::new([2; 16]));
    }
}
