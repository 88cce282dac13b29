//! A message's JSON record, serialized with the places of chosen object keys' values noted on
//! the way, so the `messages` columns that come from the record need no second scan of it.
//!
//! The record is serde_json's compact text, octet for octet (the formatter adds nothing to
//! serde_json's [`CompactFormatter`]; it only watches). A key counts where it is an object key
//! at any depth, first occurrence in document order, as [`value`] (the reference the tests
//! compare with) finds it.

use serde::Serialize;
use serde_json::ser::Formatter;
use std::cell::RefCell;
use std::io;

/// Serializes `value` into `out` (cleared first) and returns, for each of `keys`, the range of
/// `out` holding the raw JSON text of its first value.
pub fn serialize<T: Serialize + ?Sized, const N: usize>(
    value: &T,
    keys: &[&str; N],
    out: &mut Vec<u8>,
) -> serde_json::Result<[Option<(usize, usize)>; N]> {
    out.clear();
    let buf = RefCell::new(std::mem::take(out));
    let mut f = Watch {
        buf: &buf,
        keys,
        found: [None; N],
        claimed: [false; N],
        open: [(0, 0, 0); N],
        opened: 0,
        key_start: 0,
        pending: None,
        depth: 0,
    };
    let r = value.serialize(&mut serde_json::Serializer::with_formatter(
        Out(&buf),
        &mut f,
    ));
    let found = f.found;
    *out = buf.into_inner();
    r.map(|()| found)
}

/// The serializer's writer: appends to the buffer the formatter measures.
struct Out<'a>(&'a RefCell<Vec<u8>>);

impl io::Write for Out<'_> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }

    fn write_all(&mut self, b: &[u8]) -> io::Result<()> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct Watch<'a, const N: usize> {
    buf: &'a RefCell<Vec<u8>>,
    keys: &'a [&'a str; N],
    /// Value ranges found.
    found: [Option<(usize, usize)>; N],
    /// Keys whose first occurrence was seen (a value inside it with the same key is not it).
    claimed: [bool; N],
    /// Values being written: (key index, depth, start); each key at most once, so N is enough.
    open: [(usize, usize, usize); N],
    opened: usize,
    key_start: usize,
    /// The key just written, when it is one of `keys` seen for the first time.
    pending: Option<usize>,
    /// Object values being written, nested.
    depth: usize,
}

impl<const N: usize> Watch<'_, N> {
    fn len(&self) -> usize {
        self.buf.borrow().len()
    }
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
        self.key_start = self.len();
        Ok(())
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        let buf = self.buf.borrow();
        // The key as written, between its quotes.
        let key = buf
            .get(self.key_start + 1..buf.len().saturating_sub(1))
            .unwrap_or_default();
        self.pending = self
            .keys
            .iter()
            .position(|k| k.as_bytes() == key)
            .filter(|&i| !self.claimed[i]);
        if let Some(i) = self.pending {
            self.claimed[i] = true;
        }
        Ok(())
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b":")?;
        self.depth += 1;
        if let Some(i) = self.pending.take() {
            let start = self.len();
            self.open[self.opened] = (i, self.depth, start);
            self.opened += 1;
        }
        Ok(())
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        if self.opened > 0 {
            let (i, depth, start) = self.open[self.opened - 1];
            if depth == self.depth {
                self.opened -= 1;
                self.found[i] = Some((start, self.len()));
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
    fn found<'a, const N: usize>(
        doc: &serde_json::Value,
        keys: &[&str; N],
        out: &'a mut Vec<u8>,
    ) -> [Option<String>; N] {
        let r = serialize(doc, keys, out).unwrap();
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
