//! Key material in decoded messages: redacted by default in every output, shown only when asked.
//!
//! Captures end up in bug reports, so `Debug` never prints a key and `Serialize` prints a
//! fingerprint (`fp:` + the first 4 octets of the value's SHA-256, hex) unless the calling thread
//! is inside [`show_keys`].

use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

thread_local! {
    static SHOW: Cell<bool> = const { Cell::new(false) };
}

/// Whether key values are shown on this thread (see [`show_keys`]).
pub fn keys_shown() -> bool {
    SHOW.with(|s| s.get())
}

/// Restores the previous setting when dropped.
#[must_use = "keys are shown only while the guard lives"]
pub struct ShowKeysGuard {
    previous: bool,
}

impl Drop for ShowKeysGuard {
    fn drop(&mut self) {
        SHOW.with(|s| s.set(self.previous));
    }
}

/// Shows (`true`) or redacts (`false`) key values in `Serialize` output on this thread while the
/// returned guard lives.
pub fn show_keys(show: bool) -> ShowKeysGuard {
    let previous = SHOW.with(|s| s.replace(show));
    ShowKeysGuard { previous }
}

/// The fingerprint of a key: `fp:` + hex of the first 4 octets of its SHA-256.
pub fn fingerprint(key: &[u8]) -> String {
    let d = Sha256::digest(key);
    format!("fp:{}", hex::encode(&d[..4]))
}

/// Key material carried in a message (SecurityKey, NH, KASME, CK, IK, key-eNodeB-star, ...).
///
/// Borrowed from the decoded buffer where possible. `Debug` and `Display` show only the
/// fingerprint; `Serialize` shows the fingerprint unless [`show_keys`] is in force. Octets it
/// owns are wiped when it is dropped (borrowed ones belong to the buffer they were read from).
#[derive(Clone, Default)]
pub struct KeyMaterial<'a>(Octs<'a>);

/// The octets of a [`KeyMaterial`]. The owned ones sit in [`Wiped`], which has no lifetime:
/// `KeyMaterial` itself has no `Drop`, so a decoded message holding one may still be dropped
/// after the buffer it borrows from, as before.
#[derive(Clone)]
enum Octs<'a> {
    Borrowed(&'a [u8]),
    Owned(Wiped),
}

impl Default for Octs<'_> {
    fn default() -> Self {
        Octs::Borrowed(&[])
    }
}

/// Owned key octets, wiped (the whole allocation) when dropped.
#[derive(Clone, Default)]
struct Wiped(Vec<u8>);

impl Drop for Wiped {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl<'a> KeyMaterial<'a> {
    /// Borrows `bytes` as key material.
    pub fn borrowed(bytes: &'a [u8]) -> Self {
        KeyMaterial(Octs::Borrowed(bytes))
    }
    /// Owns `bytes` as key material (wiped when dropped).
    pub fn owned(bytes: Vec<u8>) -> KeyMaterial<'static> {
        KeyMaterial(Octs::Owned(Wiped(bytes)))
    }
    /// The key octets. Handle with care: this is the secret.
    pub fn expose(&self) -> &[u8] {
        match &self.0 {
            Octs::Borrowed(b) => b,
            Octs::Owned(w) => &w.0,
        }
    }
    /// The fingerprint (see [`fingerprint`]).
    pub fn fingerprint(&self) -> String {
        fingerprint(self.expose())
    }
    /// A copy that owns its octets (owned ones move: no copy is left behind).
    pub fn into_owned(self) -> KeyMaterial<'static> {
        match self.0 {
            Octs::Borrowed(b) => KeyMaterial::owned(b.to_vec()),
            Octs::Owned(w) => KeyMaterial(Octs::Owned(w)),
        }
    }
    /// The value as it would be shown now: lowercase hex if keys are shown, else the fingerprint.
    pub fn shown(&self) -> String {
        if keys_shown() {
            to_hex(self.expose())
        } else {
            self.fingerprint()
        }
    }
}

impl<'a> From<Cow<'a, [u8]>> for KeyMaterial<'a> {
    fn from(c: Cow<'a, [u8]>) -> Self {
        match c {
            Cow::Borrowed(b) => KeyMaterial::borrowed(b),
            Cow::Owned(v) => KeyMaterial(Octs::Owned(Wiped(v))),
        }
    }
}

impl PartialEq for KeyMaterial<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for KeyMaterial<'_> {}

impl std::hash::Hash for KeyMaterial<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.expose().hash(h);
    }
}

/// Wipes owned octets (every octet of the allocation) and leaves the value empty; borrowed
/// octets are only let go.
impl zeroize::Zeroize for KeyMaterial<'_> {
    fn zeroize(&mut self) {
        if let Octs::Owned(w) = &mut self.0 {
            w.0.zeroize();
        }
        self.0 = Octs::Borrowed(&[]);
    }
}

/// Owned octets are wiped on drop.
impl zeroize::ZeroizeOnDrop for KeyMaterial<'_> {}

impl fmt::Debug for KeyMaterial<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyMaterial({})", self.fingerprint())
    }
}

impl fmt::Display for KeyMaterial<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

impl serde::Serialize for KeyMaterial<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

/// Octets that are not secret: serialized as lowercase hex, borrowed from the input when decoded.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Octets<'a>(pub Cow<'a, [u8]>);

impl<'a> Octets<'a> {
    /// Borrows `bytes`.
    pub fn borrowed(bytes: &'a [u8]) -> Self {
        Octets(Cow::Borrowed(bytes))
    }
    /// Owns `bytes`.
    pub fn owned(bytes: Vec<u8>) -> Octets<'static> {
        Octets(Cow::Owned(bytes))
    }
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    /// A copy that owns its octets.
    pub fn into_owned(self) -> Octets<'static> {
        Octets(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Debug for Octets<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", hex::encode(&self.0))
    }
}

impl serde::Serialize for Octets<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_hex(&self.0, s)
    }
}

/// Lowercase hex digits.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Serializes `b` as a lowercase hex string, as `hex::encode` spells it, from a stack buffer
/// when it is short (no `String` per value, and no char-by-char collecting: JSON output
/// writes many of these per message).
pub fn serialize_hex<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 128];
    if b.len() * 2 <= buf.len() {
        for (pair, &x) in buf.chunks_exact_mut(2).zip(b) {
            pair[0] = HEX[usize::from(x >> 4)];
            pair[1] = HEX[usize::from(x & 15)];
        }
        match std::str::from_utf8(&buf[..b.len() * 2]) {
            Ok(t) => s.serialize_str(t),
            Err(_) => s.serialize_str(&to_hex(b)),
        }
    } else {
        s.serialize_str(&to_hex(b))
    }
}

/// Lowercase hex of `b`, the text of `hex::encode`, built octet by octet.
pub fn to_hex(b: &[u8]) -> String {
    let mut t = String::with_capacity(b.len() * 2);
    for &x in b {
        t.push(char::from(HEX[usize::from(x >> 4)]));
        t.push(char::from(HEX[usize::from(x & 15)]));
    }
    t
}

impl<'a> From<&'a [u8]> for Octets<'a> {
    fn from(b: &'a [u8]) -> Self {
        Octets::borrowed(b)
    }
}

impl From<Vec<u8>> for Octets<'static> {
    fn from(b: Vec<u8>) -> Self {
        Octets::owned(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_unless_shown() {
        let k = KeyMaterial::borrowed(&[0u8; 32]);
        let fp = k.fingerprint();
        assert!(fp.starts_with("fp:") && fp.len() == 11);
        assert_eq!(format!("{k:?}"), format!("KeyMaterial({fp})"));
        assert_eq!(k.to_string(), fp);
        {
            let _g = show_keys(true);
            assert_eq!(k.to_string(), "00".repeat(32));
        }
        assert_eq!(k.to_string(), fp);
    }

    #[test]
    fn owned_key_material_wipes_on_drop() {
        fn wipes<T: zeroize::ZeroizeOnDrop>() {}
        wipes::<KeyMaterial<'static>>();
        // into_owned moves an owned buffer (the same allocation), copies a borrowed one.
        let v = vec![0x5a; 32];
        let p = v.as_ptr();
        let k = KeyMaterial::owned(v).into_owned();
        assert_eq!(k.expose().as_ptr(), p);
        let b = [7u8; 4];
        assert_ne!(
            KeyMaterial::borrowed(&b).into_owned().expose().as_ptr(),
            b.as_ptr()
        );
        // What Drop does.
        let mut k = KeyMaterial::owned(vec![0x5a; 32]);
        zeroize::Zeroize::zeroize(&mut k);
        assert!(k.expose().is_empty());
        let mut k = KeyMaterial::borrowed(&b);
        zeroize::Zeroize::zeroize(&mut k);
        assert!(k.expose().is_empty());
        assert_eq!(b, [7; 4], "borrowed octets are not ours to wipe");
    }

    #[test]
    fn fingerprint_is_sha256_prefix() {
        // SHA-256("") = e3b0c442...
        assert_eq!(fingerprint(b""), "fp:e3b0c442");
    }

    #[test]
    fn hex_as_the_hex_crate_spells_it() {
        // Lengths on both sides of the stack buffer (64 octets), every octet value.
        for n in [0usize, 1, 63, 64, 65, 300] {
            let b: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(to_hex(&b), hex::encode(&b));
            let json = serde_json::to_string(&Octets::borrowed(&b)).unwrap();
            assert_eq!(json, format!("\"{}\"", hex::encode(&b)));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(to_hex(&all), hex::encode(&all));
    }
}
