//! A message's JSON record, serialized with the places of chosen object keys' values noted on
//! the way, so the `messages` columns that come from the record need no second scan of it.
//!
//! The record is serde_json's compact text, octet for octet (the formatter adds nothing to
//! serde_json's [`CompactFormatter`]; it only watches). A key counts where it is an object key
//! at any depth, first occurrence in document order, as [`value`] (the reference the tests
//! compare with) finds it.

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};
use std::cell::Cell;
use std::io;

/// The keys to watch for, with a table that finds a key by a hash of its length and end
/// octets (built once; a linear search over the keys for every key written was most of the
/// watching's cost).
pub struct Keys<const N: usize> {
    keys: [&'static str; N],
    /// By [`bucket`]: the index in `keys` plus one, 0 for none, or `MANY` where keys collide
    /// (searched in full).
    table: [u8; 256],
}

const MANY: u8 = u8::MAX;

/// The table slot of a non-empty key.
fn bucket(k: &[u8]) -> usize {
    let n = k.len();
    (n.wrapping_mul(31) ^ usize::from(k[0]).wrapping_mul(7) ^ usize::from(k[n - 1])) & 255
}

impl<const N: usize> Keys<N> {
    /// The set of `keys` (non-empty, fewer than 255).
    pub fn new(keys: [&'static str; N]) -> Self {
        assert!(N < usize::from(MANY) && keys.iter().all(|k| !k.is_empty()));
        let mut table = [0u8; 256];
        for (i, k) in keys.iter().enumerate() {
            let b = &mut table[bucket(k.as_bytes())];
            *b = if *b == 0 { i as u8 + 1 } else { MANY };
        }
        Keys { keys, table }
    }

    /// The index of `k` among the keys.
    fn find(&self, k: &[u8]) -> Option<usize> {
        if k.is_empty() {
            return None;
        }
        match self.table[bucket(k)] {
            0 => None,
            MANY => self.keys.iter().position(|x| x.as_bytes() == k),
            i => {
                let i = usize::from(i - 1);
                (self.keys[i].as_bytes() == k).then_some(i)
            }
        }
    }
}

/// Serializes `value` into `out` (cleared first) and returns, for each of `keys`, the range of
/// `out` holding the raw JSON text of its first value.
pub fn serialize<T: Serialize + ?Sized, const N: usize>(
    value: &T,
    keys: &Keys<N>,
    out: &mut Vec<u8>,
) -> serde_json::Result<[Option<(usize, usize)>; N]> {
    out.clear();
    let len = Cell::new(0);
    let mut f = Watch {
        len: &len,
        keys,
        found: [None; N],
        claimed: [false; N],
        open: [(0, 0, 0); N],
        opened: 0,
        in_key: false,
        fragments: 0,
        candidate: None,
        pending: None,
        depth: 0,
    };
    let w = Out {
        buf: out,
        len: &len,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(w, &mut f))?;
    Ok(f.found)
}

/// The serializer's writer: appends to the buffer and keeps its length where the formatter
/// reads it (the formatter sees the writer only as `impl Write`).
struct Out<'a> {
    buf: &'a mut Vec<u8>,
    len: &'a Cell<usize>,
}

impl io::Write for Out<'_> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.write_all(b)?;
        Ok(b.len())
    }

    fn write_all(&mut self, b: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(b);
        self.len.set(self.buf.len());
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct Watch<'a, const N: usize> {
    len: &'a Cell<usize>,
    keys: &'a Keys<N>,
    /// Value ranges found.
    found: [Option<(usize, usize)>; N],
    /// Keys whose first occurrence was seen (a value inside it with the same key is not it).
    claimed: [bool; N],
    /// Values being written: (key index, depth, start); each key at most once, so N is enough.
    open: [(usize, usize, usize); N],
    opened: usize,
    /// Inside an object key: its pieces so far, and the key of `keys` it is.
    in_key: bool,
    fragments: usize,
    candidate: Option<usize>,
    /// The key just written, when it is one of `keys` seen for the first time.
    pending: Option<usize>,
    /// Object values being written, nested.
    depth: usize,
}

impl<const N: usize> Formatter for &mut Watch<'_, N> {
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.in_key = true;
        self.fragments = 0;
        self.candidate = None;
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if self.in_key {
            self.fragments += 1;
            // A key written in one piece: one with escapes (several pieces) is none of
            // `keys`, which need none.
            self.candidate = if self.fragments == 1 {
                self.keys.find(fragment.as_bytes())
            } else {
                None
            };
        }
        w.write_all(fragment.as_bytes())
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        if self.in_key {
            self.fragments += 1;
            self.candidate = None;
        }
        CompactFormatter.write_char_escape(w, escape)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        // A key of more than one piece left no candidate (write_string_fragment and
        // write_char_escape drop it).
        self.in_key = false;
        self.pending = self.candidate.take().filter(|&i| !self.claimed[i]);
        if let Some(i) = self.pending {
            self.claimed[i] = true;
        }
        Ok(())
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b":")?;
        self.depth += 1;
        if let Some(i) = self.pending.take() {
            self.open[self.opened] = (i, self.depth, self.len.get());
            self.opened += 1;
        }
        Ok(())
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        if self.opened > 0 {
            let (i, depth, start) = self.open[self.opened - 1];
            if depth == self.depth {
                self.opened -= 1;
                self.found[i] = Some((start, self.len.get()));
            }
        }
        self.depth -= 1;
        Ok(())
    }
}

/// The raw JSON text of the value of the first `"key":` in compact `json` (an object's key,
/// not text inside a string), or `None`: a plain scan, the reference [`serialize`]'s ranges are
/// tested against.
#[cfg(test)]
pub fn value<'j>(json: &'j str, key: &str) -> Option<&'j str> {
    let b = json.as_bytes();
    let mut from = 0;
    while let Some(i) = json[from..].find(key).map(|i| i + from) {
        from = i + key.len();
        let quoted = i >= 1 && b[i - 1] == b'"' && b.get(i + key.len()) == Some(&b'"');
        // A key's opening quote follows `{` or `,`; inside a string it follows text, and a
        // quote inside a string is escaped, so `\"` never opens a key.
        let is_key = quoted
            && i >= 2
            && matches!(b[i - 2], b'{' | b',')
            && !escaped(b, i - 1)
            && b.get(i + key.len() + 1) == Some(&b':');
        if !is_key || in_string(b, i - 1) {
            continue;
        }
        let start = i + key.len() + 2;
        return Some(&json[start..start + value_len(&b[start..])]);
    }
    None
}

/// Whether the octet at `i` is preceded by an odd number of backslashes.
#[cfg(test)]
fn escaped(b: &[u8], i: usize) -> bool {
    b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// Whether position `i` of compact JSON `b` lies inside a string (counting unescaped quotes
/// before it).
#[cfg(test)]
fn in_string(b: &[u8], i: usize) -> bool {
    let mut inside = false;
    let mut esc = false;
    for &c in &b[..i] {
        match (inside, esc, c) {
            (true, true, _) => esc = false,
            (true, false, b'\\') => esc = true,
            (_, false, b'"') => inside = !inside,
            _ => {}
        }
    }
    inside
}

/// Length of the JSON value at the start of `b`.
#[cfg(test)]
fn value_len(b: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut esc = false;
    for (i, &c) in b.iter().enumerate() {
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => {
                    in_str = false;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return i,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b',' if depth == 0 => return i,
            _ => {}
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What `serialize` finds for every key of `keys` in `doc`, as text.
    fn found<const N: usize>(
        doc: &serde_json::Value,
        keys: &[&'static str; N],
        out: &mut Vec<u8>,
    ) -> [Option<String>; N] {
        let r = serialize(doc, &Keys::new(*keys), out).unwrap();
        r.map(|o| o.map(|(a, b)| String::from_utf8(out[a..b].to_vec()).unwrap()))
    }

    #[test]
    fn the_text_is_serde_jsons_and_values_are_found_as_a_scan_finds_them() {
        let docs = [
            json!({"message":"X","a":{"imsi":"001","x":[1,{"imsi":"9"},"k"]},"note":"\"imsi\":1","n":42,"e":"a\\","m":{"n":1}}),
            json!({"text":"{\"ncc\":3}","ncc":5}),
            json!({"a":{"a":{"a":1}},"b":[{"a":2}]}),
            json!({"k":[],"l":{},"m":null,"n":[[{"k":"v"}]],"o":-1.5e3}),
            json!({"\"quoted\"":1,"quoted":2,"x\\":{"y":"\\\"z\":1"},"z":3}),
            json!([{"n":1},{"n":2}]),
            // Colons in values, quotes and backslashes around and inside keys.
            json!({"t":"10:20:30","u":"a\":b","v":":","w":"\"","ncc":1,"z":"\\"}),
            json!({"a\"ncc":1,"\\":2,"ncc\\":3,"ncc":4,"":5,":":{"n":6},"k":"\":"}),
            json!("just a string"),
        ];
        let keys = [
            "imsi", "message", "a", "n", "x", "note", "e", "m", "none", "k", "ncc", "text", "b",
            "l", "o", "quoted", "y", "z",
        ];
        let mut out = Vec::new();
        for doc in &docs {
            let got = found(doc, &keys, &mut out);
            let text = std::str::from_utf8(&out).unwrap();
            assert_eq!(text, serde_json::to_string(doc).unwrap());
            for (k, g) in keys.iter().zip(&got) {
                assert_eq!(g.as_deref(), value(text, k), "{k} in {text}");
            }
        }
    }

    #[test]
    fn a_key_is_its_first_occurrence_even_around_a_nested_one() {
        let mut out = Vec::new();
        let got = found(&json!({"a":{"a":1,"b":2},"b":3}), &["a", "b"], &mut out);
        assert_eq!(got[0].as_deref(), Some(r#"{"a":1,"b":2}"#));
        assert_eq!(got[1].as_deref(), Some("2"));
    }
}
