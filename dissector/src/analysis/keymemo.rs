//! Results of key work kept by their inputs, so that work repeated on the same secrets is done
//! once: a wrapped KeNB comes twice (its NeighbourKeyResponse item, then the X2AP
//! HandoverRequest that carries it), and each time it was unwrapped, checked against the KDF
//! of its H_key and expanded into RRC and UP keys (three HMAC-SHA-256) again.
//!
//! The inputs are secrets (KEKs, wrapped keys, H_keys, KeNBs): they stay in memory, are wiped
//! when dropped, and nothing here shows them (`Debug` gives the number of entries only).

use std::fmt;
use std::hash::Hash;
use zeroize::Zeroize;

/// ahash, keyed per process, as the other analysis maps (keyflow.rs).
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;

/// Entries a memo holds at most. A full memo is emptied: the repeats it serves are a few
/// messages apart, so the simplest bound loses little, and memory stays bounded whatever the
/// capture.
pub const MEMO_CAP: usize = 4096;

/// Secret octets as (part of) a memo key: compared and hashed in memory only, wiped on drop,
/// never shown.
#[derive(PartialEq, Eq, Hash)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// The concatenation of `parts`, each preceded by its length, so that different splits of
    /// the same octets (a 16-octet KEK and a longer wrapped key, or a 32-octet KEK and a
    /// shorter one) are different keys.
    pub fn of(parts: &[&[u8]]) -> Self {
        let mut v = Vec::with_capacity(parts.iter().map(|p| p.len() + 2).sum());
        for p in parts {
            v.extend_from_slice(&(p.len() as u16).to_be_bytes());
            v.extend_from_slice(p);
        }
        Secret(v)
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// A bounded map from the inputs of a deterministic computation to its result.
pub struct Memo<K, V> {
    map: HashMap<K, V>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            map: HashMap::default(),
        }
    }
}

impl<K, V> fmt::Debug for Memo<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Memo({} entries)", self.map.len())
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// The result for `key`: the one kept, else `compute()`'s (then kept).
    pub fn get_or(&mut self, key: K, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.map.get(&key) {
            return v.clone();
        }
        let v = compute();
        if self.map.len() >= MEMO_CAP {
            self.map.clear();
        }
        self.map.insert(key, v.clone());
        v
    }

    /// Entries held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kept result is returned without computing again; memory stays within the bound.
    #[test]
    fn computes_once_per_input_within_the_bound() {
        let mut m: Memo<Secret, u32> = Memo::default();
        let mut calls = 0;
        for round in 0..3 {
            for i in 0u32..10 {
                let v = m.get_or(Secret::of(&[&i.to_be_bytes()]), || {
                    calls += 1;
                    i * 7
                });
                assert_eq!(v, i * 7, "round {round}");
            }
        }
        assert_eq!(calls, 10);
        for i in 0u32..(MEMO_CAP as u32 * 3) {
            m.get_or(Secret::of(&[&i.to_be_bytes(), b"x"]), || i);
            assert!(m.len() <= MEMO_CAP);
        }
    }

    /// The parts' lengths are part of the key.
    #[test]
    fn splits_differ() {
        assert!(Secret::of(&[b"ab", b"c"]) != Secret::of(&[b"a", b"bc"]));
        assert!(Secret::of(&[b"ab", b"c"]) == Secret::of(&[b"ab", b"c"]));
    }
}
