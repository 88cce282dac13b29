//! Key material and raw octets in decoded messages: redacted by default in every output, shown
//! only when asked.
//!
//! Captures end up in bug reports, so `Debug` never prints a key and `Serialize` prints a
//! fingerprint (`fp:` + the first 4 octets of the value's SHA-256, hex) unless the calling thread
//! is inside [`show_keys`].
//!
//! Octets keyhop does not know to be harmless are possible key material too: an IE whose id a
//! damaged or hostile message changed, a value that failed to decode, a NAS PDU, a container. So
//! every octet string keyhop prints ([`Octets`], [`serialize_raw`], [`raw_text`]) is shown in hex
//! only up to [`RAW_SHOWN_OCTETS`] octets (too short for any key, and for an 8-octet window of
//! one); a longer one prints as `<N octets fp:xxxxxxxx>`, its length and the fingerprint of all
//! its octets, unless [`show_raw`] (`--show-raw`) or [`show_keys`] (`--show-keys`) is in force.
//!
//! ```
//! use keyhop_codec::redact::{raw_text, show_raw};
//! assert_eq!(raw_text(&[0x0a, 0x14, 0, 1]), "0a140001");
//! assert_eq!(raw_text(&[0u8; 32]), "<32 octets fp:66687aad>");
//! let _raw = show_raw(true);
//! assert_eq!(raw_text(&[0u8; 5]), "0000000000");
//! ```

use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::thread::LocalKey;

thread_local! {
    static SHOW: Cell<bool> = const { Cell::new(false) };
    static SHOW_RAW: Cell<bool> = const { Cell::new(false) };
}

/// The longest octet string shown in hex without [`show_raw`] or [`show_keys`]: 4 octets show
/// an IPv4 address, a TEID, a PLMN identity or a capability bitmap whole, and no key (16 or
/// 32 octets) nor any 8-octet window of one fits in them.
pub const RAW_SHOWN_OCTETS: usize = 4;

/// Whether key values are shown on this thread (see [`show_keys`]).
pub fn keys_shown() -> bool {
    SHOW.with(|s| s.get())
}

/// Whether raw octet strings longer than [`RAW_SHOWN_OCTETS`] are shown in hex on this thread
/// (inside [`show_raw`] or [`show_keys`]: whoever may see the keys may see the octets).
pub fn raw_shown() -> bool {
    keys_shown() || SHOW_RAW.with(|s| s.get())
}

/// Restores the previous setting when dropped.
#[must_use = "the setting holds only while the guard lives"]
pub struct ShowGuard {
    flag: &'static LocalKey<Cell<bool>>,
    previous: bool,
}

impl Drop for ShowGuard {
    fn drop(&mut self) {
        self.flag.with(|s| s.set(self.previous));
    }
}

/// The guard of [`show_keys`].
pub type ShowKeysGuard = ShowGuard;

/// Shows (`true`) or redacts (`false`) key values in `Serialize` output on this thread while the
/// returned guard lives. Showing keys shows raw octets too (see [`raw_shown`]).
pub fn show_keys(show: bool) -> ShowKeysGuard {
    let previous = SHOW.with(|s| s.replace(show));
    ShowGuard {
        flag: &SHOW,
        previous,
    }
}

/// Shows (`true`) raw octet strings longer than [`RAW_SHOWN_OCTETS`] in hex, or prints them as
/// length and fingerprint (`false`, the default), on this thread while the returned guard
/// lives. Typed key material stays redacted: only [`show_keys`] shows it.
pub fn show_raw(show: bool) -> ShowGuard {
    let previous = SHOW_RAW.with(|s| s.replace(show));
    ShowGuard {
        flag: &SHOW_RAW,
        previous,
    }
}

/// `<N octets fp:xxxxxxxx>`: how an octet string longer than [`RAW_SHOWN_OCTETS`] prints
/// unless raw octets are shown, written into `buf` (no allocation: JSON output writes one per
/// NAS PDU and container).
fn raw_summary<'b>(b: &[u8], buf: &'b mut [u8; 48]) -> &'b str {
    let d = Sha256::digest(b);
    let mut num = [0u8; 20];
    let mut i = num.len();
    let mut n = b.len();
    loop {
        i -= 1;
        num[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let parts: [&[u8]; 3] = [b"<", &num[i..], b" octets fp:"];
    let mut len = 0;
    for p in parts {
        buf[len..len + p.len()].copy_from_slice(p);
        len += p.len();
    }
    for &x in &d[..4] {
        buf[len] = HEX[usize::from(x >> 4)];
        buf[len + 1] = HEX[usize::from(x & 15)];
        len += 2;
    }
    buf[len] = b'>';
    len += 1;
    // ASCII digits and letters only.
    std::str::from_utf8(&buf[..len]).unwrap_or_default()
}

/// An octet string as keyhop prints it: lowercase hex when it is at most [`RAW_SHOWN_OCTETS`]
/// long or raw octets are shown ([`raw_shown`]), else `<N octets fp:xxxxxxxx>` (its length and
/// the [`fingerprint`] of all its octets, the form keys take).
///
/// ```
/// use keyhop_codec::redact::raw_text;
/// assert_eq!(raw_text(b""), "");
/// assert_eq!(raw_text(&[1, 2, 3, 4, 5]), "<5 octets fp:74f81fe1>");
/// ```
pub fn raw_text(b: &[u8]) -> String {
    if b.len() <= RAW_SHOWN_OCTETS || raw_shown() {
        to_hex(b)
    } else {
        raw_summary(b, &mut [0u8; 48]).to_string()
    }
}

/// Serializes `b` as [`raw_text`] spells it (hex, or length and fingerprint).
pub fn serialize_raw<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    if b.len() <= RAW_SHOWN_OCTETS || raw_shown() {
        serialize_hex(b, s)
    } else {
        s.serialize_str(raw_summary(b, &mut [0u8; 48]))
    }
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

/// Octets that are not typed as key material, borrowed from the input when decoded. They may
/// still hold a key (a damaged message, a container), so `Serialize` and `Debug` print them as
/// [`raw_text`] does: hex up to [`RAW_SHOWN_OCTETS`], else length and fingerprint unless
/// [`show_raw`] or [`show_keys`] is in force.
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
        f.write_str(&raw_text(&self.0))
    }
}

impl serde::Serialize for Octets<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_raw(&self.0, s)
    }
}

/// Lowercase hex digits.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Serializes `b` as a lowercase hex string, as `hex::encode` spells it, from a stack buffer
/// when it is short (no `String` per value, and no char-by-char collecting: JSON output
/// writes many of these per message). Whole, whatever its length: for octets that are not
/// raw (a wrapped key, a key shown under [`show_keys`]); raw octets go through
/// [`serialize_raw`].
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
    push_hex(&mut t, b);
    t
}

/// Appends the lowercase hex of `b` to `out` ([`to_hex`] without a `String` of its own).
///
/// ```
/// let mut key = String::from("teid|0x");
/// keyhop_codec::redact::push_hex(&mut key, &0x1a2b_u32.to_be_bytes());
/// assert_eq!(key, "teid|0x00001a2b");
/// ```
pub fn push_hex(out: &mut String, b: &[u8]) {
    for &x in b {
        out.push(char::from(HEX[usize::from(x >> 4)]));
        out.push(char::from(HEX[usize::from(x & 15)]));
    }
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
            let _raw = show_raw(true);
            let json = serde_json::to_string(&Octets::borrowed(&b)).unwrap();
            assert_eq!(json, format!("\"{}\"", hex::encode(&b)));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(to_hex(&all), hex::encode(&all));
    }

    /// Up to 4 octets print in hex; longer ones as length and the fingerprint of all their
    /// octets, in `Serialize`, `Debug` and [`raw_text`] alike, unless raw octets or keys are
    /// shown; the settings nest and restore.
    #[test]
    fn raw_octets_past_four_are_fingerprinted() {
        let key: Vec<u8> = (0..32u8).map(|i| i.wrapping_mul(29) ^ 0x5a).collect();
        for n in 0..=RAW_SHOWN_OCTETS {
            let o = Octets::borrowed(&key[..n]);
            assert_eq!(
                serde_json::to_string(&o).unwrap(),
                format!("\"{}\"", hex::encode(&key[..n]))
            );
            assert_eq!(format!("{o:?}"), hex::encode(&key[..n]));
        }
        for n in [RAW_SHOWN_OCTETS + 1, 8, 16, 32, 1000] {
            let b: Vec<u8> = key.iter().copied().cycle().take(n).collect();
            let want = format!("<{n} octets {}>", fingerprint(&b));
            let o = Octets::borrowed(&b);
            assert_eq!(raw_text(&b), want);
            assert_eq!(format!("{o:?}"), want);
            assert_eq!(serde_json::to_string(&o).unwrap(), format!("\"{want}\""));
            {
                let _raw = show_raw(true);
                assert_eq!(raw_text(&b), hex::encode(&b));
                {
                    let _hide = show_raw(false);
                    assert_eq!(raw_text(&b), want);
                }
                assert_eq!(
                    serde_json::to_string(&o).unwrap(),
                    format!("\"{}\"", hex::encode(&b))
                );
            }
            {
                let _keys = show_keys(true);
                assert_eq!(raw_text(&b), hex::encode(&b));
            }
            assert_eq!(raw_text(&b), want);
        }
        // A key under --show-raw alone stays a fingerprint.
        let _raw = show_raw(true);
        assert_eq!(KeyMaterial::borrowed(&key).to_string(), fingerprint(&key));
    }
}
