//! A reader of the TOML a keys file is written in, made for it rather than borrowed from the
//! `toml` crate for two reasons: every string it reads (keys included) lives in a zeroizing
//! buffer allocated once at its final size, so no copy of a key is freed without being wiped;
//! and its errors give a line, a column and what was expected, never the text of the line.
//!
//! It reads TOML 1.0 documents: comments, bare and quoted keys, dotted keys, `[table]` and
//! `[[array of tables]]` headers, basic and literal strings, integers (decimal, `0x`, `0o`,
//! `0b`, with `_`), booleans and inline tables. Arrays, floats, date-times and multi-line
//! strings are refused with their position: no field of a keys file takes one.

use std::fmt;
use zeroize::Zeroizing;

/// Deepest nesting of tables accepted (a keys file uses two levels).
const MAX_DEPTH: usize = 8;
/// Most keys in one table: a keys file's tables have a few fields; the root has four.
const MAX_KEYS: usize = 64;
/// Most values and tables in one file (a 64 MiB file of real entries has about 2 million):
/// bounds the memory a hostile file of empty tables could take.
const MAX_ITEMS: usize = 4_000_000;

/// A 1-based line and column (in characters) of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.col)
    }
}

/// A value and where it starts.
#[derive(Debug)]
pub struct Item {
    /// The value.
    pub val: Val,
    /// Where it starts (for a table of an array of tables: its `[[...]]` header).
    pub pos: Pos,
    /// Where its key starts (for tables made by a header: the header).
    pub key_pos: Pos,
}

/// A TOML value of the kinds a keys file uses.
#[derive(Debug)]
pub enum Val {
    /// A string, wiped when dropped.
    Str(Zeroizing<String>),
    /// An integer.
    Int(i64),
    /// A boolean (no field takes one: kept only to name it in errors).
    Bool,
    /// A table (header, dotted key or inline).
    Table(Table),
    /// An array of tables (`[[name]]`).
    Tables(Vec<Item>),
}

impl Val {
    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Val::Str(_) => "a string",
            Val::Int(_) => "an integer",
            Val::Bool => "a boolean",
            Val::Table(_) => "a table",
            Val::Tables(_) => "an array of tables",
        }
    }
}

/// A table: its keys in file order.
#[derive(Debug, Default)]
pub struct Table {
    /// Keys and values in file order (keys are wiped too: a hostile file may use a key as one).
    pub entries: Vec<(Zeroizing<String>, Item)>,
    /// Defined by a `[header]` of its own (a second one is an error).
    defined: bool,
    /// An inline table `{ ... }`: closed to later additions.
    inline: bool,
}

impl Table {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Item> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| v)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Item> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| v)
    }

    fn insert(&mut self, key: Zeroizing<String>, item: Item) -> Result<(), &'static str> {
        if self.entries.len() >= MAX_KEYS {
            return Err("too many keys in one table");
        }
        self.entries.push((key, item));
        Ok(())
    }
}

/// A name safe to repeat in a message: a short bare key. Anything else (a quoted key could be
/// a key value written where a name belongs) is described, not quoted.
pub fn safe_name(k: &str) -> String {
    let bare = k
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    // 16 hex digits are 8 octets of a key: names that long are not repeated.
    let hexrun = k
        .as_bytes()
        .split(|b| !b.is_ascii_hexdigit())
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    if bare && !k.is_empty() && k.len() <= 32 && hexrun < 8 {
        format!("`{k}`")
    } else {
        format!("a key of {} characters", k.chars().count())
    }
}

/// A parse error: where, in which table and key, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// Where.
    pub pos: Pos,
    /// The table (`kasme[2]`) and key being read, if any.
    pub context: String,
    /// What was wrong (never the file's text).
    pub what: String,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.context.is_empty() {
            write!(f, "{}: {}", self.pos, self.what)
        } else {
            write!(f, "{}: {}: {}", self.pos, self.context, self.what)
        }
    }
}

/// Maps byte offsets to lines and columns.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The line and column of byte offset `off`.
    pub fn pos(&self, off: usize) -> Pos {
        let off = off.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= off);
        let start = self.starts[line - 1];
        // A column counts characters; an offset inside one counts it.
        let col = self
            .text
            .get(start..off)
            .map_or(off - start, |s| s.chars().count());
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col + 1).unwrap_or(u32::MAX),
        }
    }
}

/// One segment of the current table's path: the key, and for an array of tables the index
/// of its element.
#[derive(Clone)]
struct Seg {
    key: Zeroizing<String>,
    index: Option<usize>,
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    lines: &'a Lines<'a>,
    /// Path of the table keys go into.
    path: Vec<Seg>,
    /// The key being read, for messages.
    key: String,
    /// Values and tables read so far.
    items: usize,
}

type R<T> = Result<T, TextError>;

/// Parses `text` into its root table.
pub fn parse(text: &str) -> Result<Table, TextError> {
    let lines = Lines::new(text);
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        lines: &lines,
        path: Vec::new(),
        key: String::new(),
        items: 0,
    };
    let mut root = Table::default();
    p.document(&mut root)?;
    Ok(root)
}

impl Parser<'_> {
    fn context(&self) -> String {
        let mut c = String::new();
        for seg in &self.path {
            if !c.is_empty() {
                c.push('.');
            }
            c.push_str(&safe_name(&seg.key).replace('`', ""));
            if let Some(i) = seg.index {
                c.push_str(&format!("[{i}]"));
            }
        }
        if !self.key.is_empty() {
            if !c.is_empty() {
                c.push('.');
            }
            c.push_str(&self.key);
        }
        c
    }

    fn err_at<T>(&self, off: usize, what: impl Into<String>) -> R<T> {
        Err(TextError {
            pos: self.lines.pos(off),
            context: self.context(),
            what: what.into(),
        })
    }

    fn err<T>(&self, what: impl Into<String>) -> R<T> {
        self.err_at(self.i, what)
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn at(&self, lit: &[u8]) -> bool {
        self.s[self.i..].starts_with(lit)
    }

    /// Spaces and tabs.
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// A comment to the end of the line, if one starts here.
    fn comment(&mut self) -> R<()> {
        if self.peek() != Some(b'#') {
            return Ok(());
        }
        while let Some(b) = self.peek() {
            match b {
                b'\n' => break,
                b'\r' if self.at(b"\r\n") => break,
                // TOML forbids control characters other than tab in comments.
                0..=8 | 0x0a..=0x1f | 0x7f => {
                    return self.err("a control character in a comment");
                }
                _ => self.i += 1,
            }
        }
        Ok(())
    }

    /// The end of a line (after optional spaces and a comment), or of the file.
    fn eol(&mut self) -> R<()> {
        self.ws();
        self.comment()?;
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => {
                self.i += 1;
                Ok(())
            }
            Some(b'\r') if self.at(b"\r\n") => {
                self.i += 2;
                Ok(())
            }
            Some(_) => self.err("expected the end of the line"),
        }
    }

    fn document(&mut self, root: &mut Table) -> R<()> {
        // A byte order mark is not part of the text.
        if self.at("\u{feff}".as_bytes()) {
            self.i += 3;
        }
        loop {
            self.ws();
            self.key.clear();
            match self.peek() {
                None => return Ok(()),
                Some(b'#' | b'\n' | b'\r') => self.eol()?,
                Some(b'[') => {
                    self.header(root)?;
                    self.eol()?;
                }
                Some(_) => {
                    self.keyval_line(root)?;
                    self.eol()?;
                }
            }
        }
    }

    /// A simple key: bare, "basic" or 'literal'.
    fn simple_key(&mut self) -> R<Zeroizing<String>> {
        match self.peek() {
            Some(b'"') => {
                if self.at(b"\"\"\"") {
                    return self.err("a multi-line string cannot be a key");
                }
                self.basic_string()
            }
            Some(b'\'') => {
                if self.at(b"'''") {
                    return self.err("a multi-line string cannot be a key");
                }
                self.literal_string()
            }
            _ => {
                let start = self.i;
                while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    self.i += 1;
                }
                if self.i == start {
                    return self.err("expected a key (letters, digits, `_`, `-`, or quoted)");
                }
                let mut k = Zeroizing::new(String::with_capacity(self.i - start));
                k.push_str(&self.text[start..self.i]);
                Ok(k)
            }
        }
    }

    /// A dotted key: simple keys joined by `.`.
    fn key(&mut self) -> R<Vec<(Zeroizing<String>, usize)>> {
        let mut v = Vec::new();
        loop {
            let at = self.i;
            let k = self.simple_key()?;
            v.push((k, at));
            if v.len() > MAX_DEPTH {
                return self.err_at(at, "keys nest too deep");
            }
            self.ws();
            if self.peek() == Some(b'.') {
                self.i += 1;
                self.ws();
            } else {
                return Ok(v);
            }
        }
    }

    /// `[a.b]` or `[[a.b]]`: makes its table the current one.
    fn header(&mut self, root: &mut Table) -> R<()> {
        self.count()?;
        let start = self.i;
        let aot = self.at(b"[[");
        self.i += if aot { 2 } else { 1 };
        self.ws();
        self.path.clear();
        let key = self.key()?;
        if aot {
            if !self.at(b"]]") {
                return self.err("expected `]]` closing the table header");
            }
            self.i += 2;
        } else {
            if self.peek() != Some(b']') {
                return self.err("expected `]` closing the table header");
            }
            self.i += 1;
        }
        let pos = self.lines.pos(start);
        let mut t = root;
        let n = key.len();
        let mut path = Vec::with_capacity(n);
        for (j, (k, at)) in key.into_iter().enumerate() {
            let last = j + 1 == n;
            if t.get(&k).is_none() {
                let val = if last && aot {
                    Val::Tables(Vec::new())
                } else {
                    Val::Table(Table::default())
                };
                if let Err(e) = t.insert(
                    k.clone(),
                    Item {
                        val,
                        pos,
                        key_pos: pos,
                    },
                ) {
                    self.path = path;
                    return self.err_at(at, e);
                }
            } else if last && !aot {
                // A table may be defined once, and only if only dotted headers made it so far.
                match t.get(&k).map(|i| &i.val) {
                    Some(Val::Table(x)) if !x.defined && !x.inline => {}
                    Some(v) => {
                        let what =
                            format!("{} is already defined (as {})", safe_name(&k), v.kind());
                        self.path = path;
                        return self.err_at(at, what);
                    }
                    None => {}
                }
            }
            let item = t.get_mut(&k).expect("inserted above");
            match &mut item.val {
                Val::Table(x) if x.inline => {
                    self.path = path;
                    return self.err_at(
                        at,
                        format!("{} is an inline table: it is closed", safe_name(&k)),
                    );
                }
                Val::Table(_) if last && aot => {
                    self.path = path;
                    return self.err_at(
                        at,
                        format!("{} is a table, not an array of tables", safe_name(&k)),
                    );
                }
                Val::Table(x) => {
                    if last {
                        x.defined = true;
                    }
                    path.push(Seg {
                        key: k,
                        index: None,
                    });
                    t = x;
                }
                Val::Tables(v) => {
                    if last && aot {
                        v.push(Item {
                            val: Val::Table(Table::default()),
                            pos,
                            key_pos: pos,
                        });
                    }
                    let idx = v.len() - 1;
                    path.push(Seg {
                        key: k,
                        index: Some(idx),
                    });
                    match &mut v[idx].val {
                        Val::Table(x) => t = x,
                        _ => unreachable!("an array of tables holds tables"),
                    }
                }
                other => {
                    let what = format!("{} is {}, not a table", safe_name(&k), other.kind());
                    self.path = path;
                    return self.err_at(at, what);
                }
            }
        }
        self.path = path;
        Ok(())
    }

    /// The current table (walks the path from the root).
    fn current<'t>(&self, root: &'t mut Table) -> &'t mut Table {
        let mut t = root;
        for seg in &self.path {
            let item = t.get_mut(&seg.key).expect("path exists");
            t = match (&mut item.val, seg.index) {
                (Val::Table(x), None) => x,
                (Val::Tables(v), Some(i)) => match &mut v[i].val {
                    Val::Table(x) => x,
                    _ => unreachable!("an array of tables holds tables"),
                },
                _ => unreachable!("the path was made of tables"),
            };
        }
        t
    }

    /// `key = value` into the current table.
    fn keyval_line(&mut self, root: &mut Table) -> R<()> {
        let key = self.key()?;
        self.key = key
            .iter()
            .map(|(k, _)| safe_name(k).replace('`', ""))
            .collect::<Vec<_>>()
            .join(".");
        self.ws();
        if self.peek() != Some(b'=') {
            return self.err("expected `=` after the key");
        }
        self.i += 1;
        self.ws();
        let at = self.i;
        let val = self.value(0)?;
        let pos = self.lines.pos(at);
        let key_pos = self.lines.pos(key.last().map_or(at, |k| k.1));
        let base = self.current(root);
        insert_dotted(base, key, Item { val, pos, key_pos }).or_else(|(off, e)| self.err_at(off, e))
    }

    /// Counts one more value or table against [`MAX_ITEMS`].
    fn count(&mut self) -> R<()> {
        self.items += 1;
        if self.items > MAX_ITEMS {
            return self.err(format!("more than {MAX_ITEMS} values and tables"));
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> R<Val> {
        self.count()?;
        match self.peek() {
            None | Some(b'\n' | b'\r' | b'#') => self.err("expected a value"),
            Some(b'"') => {
                if self.at(b"\"\"\"") {
                    return self.err("multi-line strings are not used in a keys file");
                }
                Ok(Val::Str(self.basic_string()?))
            }
            Some(b'\'') => {
                if self.at(b"'''") {
                    return self.err("multi-line strings are not used in a keys file");
                }
                Ok(Val::Str(self.literal_string()?))
            }
            Some(b'[') => self.err("arrays are not used in a keys file"),
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return self.err("tables nest too deep");
                }
                Ok(Val::Table(self.inline_table(depth + 1)?))
            }
            Some(_) => self.scalar(),
        }
    }

    fn inline_table(&mut self, depth: usize) -> R<Table> {
        self.i += 1;
        let outer_key = self.key.clone();
        let mut t = Table {
            inline: true,
            ..Table::default()
        };
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(t);
        }
        loop {
            self.ws();
            let key = self.key()?;
            self.key = format!(
                "{outer_key}.{}",
                key.iter()
                    .map(|(k, _)| safe_name(k).replace('`', ""))
                    .collect::<Vec<_>>()
                    .join(".")
            );
            self.ws();
            if self.peek() != Some(b'=') {
                return self.err("expected `=` after the key");
            }
            self.i += 1;
            self.ws();
            let at = self.i;
            let val = self.value(depth)?;
            let pos = self.lines.pos(at);
            let key_pos = self.lines.pos(key.last().map_or(at, |k| k.1));
            insert_dotted(&mut t, key, Item { val, pos, key_pos })
                .or_else(|(off, e)| self.err_at(off, e))?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    self.key = outer_key;
                    return Ok(t);
                }
                _ => return self.err("expected `,` or `}` in the inline table"),
            }
        }
    }

    /// `"..."` with escapes, into a buffer of its final capacity (an escape is never shorter
    /// than what it stands for, so the raw length bounds the result and it never grows).
    fn basic_string(&mut self) -> R<Zeroizing<String>> {
        let open = self.i;
        self.i += 1;
        // Find the closing quote first, to size the buffer.
        let mut j = self.i;
        loop {
            match self.s.get(j) {
                None | Some(b'\n') => return self.err_at(open, "unterminated string"),
                Some(b'\r') if self.s.get(j + 1) == Some(&b'\n') => {
                    return self.err_at(open, "unterminated string");
                }
                Some(b'\\') => j += 2,
                Some(b'"') => break,
                Some(_) => j += 1,
            }
        }
        let mut out = Zeroizing::new(String::with_capacity(j - self.i));
        while self.i < j {
            let c = self.text[self.i..].chars().next().expect("inside the text");
            match c {
                '\\' => {
                    let esc = self.i;
                    self.i += 1;
                    let e = self.peek().unwrap_or(0);
                    self.i += 1;
                    let ch = match e {
                        b'b' => '\u{8}',
                        b't' => '\t',
                        b'n' => '\n',
                        b'f' => '\u{c}',
                        b'r' => '\r',
                        b'"' => '"',
                        b'\\' => '\\',
                        b'u' | b'U' => {
                            let n = if e == b'u' { 4 } else { 8 };
                            let h = self
                                .s
                                .get(self.i..self.i + n)
                                .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
                            let v = h
                                .and_then(|h| std::str::from_utf8(h).ok())
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .and_then(char::from_u32);
                            match v {
                                Some(ch) => {
                                    self.i += n;
                                    ch
                                }
                                None => return self.err_at(esc, "invalid unicode escape"),
                            }
                        }
                        _ => return self.err_at(esc, "invalid escape in a string"),
                    };
                    out.push(ch);
                }
                c if c.is_control() && c != '\t' => {
                    return self.err("a control character in a string");
                }
                c => {
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
        self.i = j + 1;
        Ok(out)
    }

    /// `'...'`: no escapes.
    fn literal_string(&mut self) -> R<Zeroizing<String>> {
        let open = self.i;
        self.i += 1;
        let start = self.i;
        loop {
            match self.peek() {
                None | Some(b'\n') => return self.err_at(open, "unterminated string"),
                Some(b'\r') if self.at(b"\r\n") => {
                    return self.err_at(open, "unterminated string");
                }
                Some(b'\'') => break,
                Some(b) if (b < 0x20 && b != b'\t') || b == 0x7f => {
                    return self.err("a control character in a string");
                }
                Some(_) => self.i += 1,
            }
        }
        let mut out = Zeroizing::new(String::with_capacity(self.i - start));
        out.push_str(&self.text[start..self.i]);
        self.i += 1;
        Ok(out)
    }

    /// An integer or boolean; floats and date-times are recognised only to be refused.
    fn scalar(&mut self) -> R<Val> {
        let start = self.i;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-' | b'.' | b':'))
        {
            self.i += 1;
        }
        let tok = &self.text[start..self.i];
        if tok.is_empty() {
            return self.err("expected a value (a string, an integer or an inline table)");
        }
        match tok {
            "true" | "false" => return Ok(Val::Bool),
            _ => {}
        }
        if let Some(v) = integer(tok) {
            return match v {
                Some(v) => Ok(Val::Int(v)),
                None => self.err_at(start, "integer out of range"),
            };
        }
        let b = tok.as_bytes();
        if b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
            || b.len() >= 3 && b[..2].iter().all(u8::is_ascii_digit) && b[2] == b':'
        {
            return self.err_at(start, "date-times are not used in a keys file");
        }
        let floaty = tok
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'_' | b'+' | b'-' | b'.' | b'e' | b'E'));
        if floaty && tok.bytes().any(|b| b.is_ascii_digit())
            || matches!(tok.trim_start_matches(['+', '-']), "inf" | "nan")
        {
            return self.err_at(start, "not an integer (floats are not used in a keys file)");
        }
        self.err_at(
            start,
            "not a value: strings need quotes (\"...\"), integers are digits",
        )
    }
}

/// Inserts `item` at the dotted `key` under `t`, making the intermediate tables.
/// On error: the offset of the offending key segment and what is wrong.
fn insert_dotted(
    mut t: &mut Table,
    key: Vec<(Zeroizing<String>, usize)>,
    item: Item,
) -> Result<(), (usize, String)> {
    let n = key.len();
    let pos = item.key_pos;
    let mut item = Some(item);
    for (j, (k, at)) in key.into_iter().enumerate() {
        if j + 1 == n {
            if t.get(&k).is_some() {
                return Err((at, format!("duplicate key {}", safe_name(&k))));
            }
            let item = item.take().expect("inserted once");
            return t.insert(k, item).map_err(|e| (at, e.to_string()));
        }
        let idx = match t.entries.iter().position(|(x, _)| x.as_str() == k.as_str()) {
            Some(i) => i,
            None => {
                t.insert(
                    k.clone(),
                    Item {
                        val: Val::Table(Table::default()),
                        pos,
                        key_pos: pos,
                    },
                )
                .map_err(|e| (at, e.to_string()))?;
                t.entries.len() - 1
            }
        };
        let name = safe_name(&k);
        match &t.entries[idx].1.val {
            // A dotted key may extend a table that only dotted keys made.
            Val::Table(x) if !x.inline && !x.defined => {}
            Val::Table(_) => return Err((at, format!("{name} is a table defined elsewhere"))),
            other => return Err((at, format!("{name} is {}, not a table", other.kind()))),
        }
        t = match &mut t.entries[idx].1.val {
            Val::Table(x) => x,
            _ => unreachable!("checked above"),
        };
    }
    Ok(())
}

/// A TOML integer: None when `tok` is not one, Some(None) when it is but does not fit.
fn integer(tok: &str) -> Option<Option<i64>> {
    let (neg, body) = match tok.as_bytes().first()? {
        b'+' => (false, &tok[1..]),
        b'-' => (true, &tok[1..]),
        _ => (false, tok),
    };
    let (radix, digits) = match body.get(..2) {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ => (10, body),
    };
    if radix != 10 && body.len() != tok.len() {
        return None; // no sign on prefixed integers
    }
    let b = digits.as_bytes();
    // Digits, with single underscores between digits only.
    if b.is_empty()
        || b[0] == b'_'
        || b[b.len() - 1] == b'_'
        || digits.contains("__")
        || !b
            .iter()
            .all(|&c| c == b'_' || char::from(c).is_digit(radix))
    {
        return None;
    }
    if radix == 10 && b.len() > 1 && b[0] == b'0' {
        return None; // leading zeros
    }
    let mut v: i64 = 0;
    for &c in b.iter().filter(|&&c| c != b'_') {
        let d = i64::from(char::from(c).to_digit(radix).expect("checked"));
        v = match v.checked_mul(i64::from(radix)).and_then(|v| {
            if neg {
                v.checked_sub(d)
            } else {
                v.checked_add(d)
            }
        }) {
            Some(v) => v,
            None => return Some(None),
        };
    }
    Some(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Table {
        parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(text: &str) -> TextError {
        parse(text).unwrap_err()
    }

    #[test]
    fn arrays_of_tables_and_values() {
        let t = root(
            "# c\n[[a]]\nk = \"x\\u00e9\\t\" # c\nn = 0x1A_2b\n\n[[a]]\r\nk = 'li\\t'\nm = { p = -3, q = true }\nd.e = +1_000\n[a.sub]\nz = 0o17\n",
        );
        let Val::Tables(v) = &t.get("a").unwrap().val else {
            panic!()
        };
        assert_eq!(v.len(), 2);
        let Val::Table(a0) = &v[0].val else { panic!() };
        assert_eq!(v[0].pos, Pos { line: 2, col: 1 });
        match &a0.get("k").unwrap().val {
            Val::Str(s) => assert_eq!(s.as_str(), "x\u{e9}\t"),
            v => panic!("{v:?}"),
        }
        assert!(matches!(a0.get("n").unwrap().val, Val::Int(0x1a2b)));
        assert_eq!(a0.get("n").unwrap().pos, Pos { line: 4, col: 5 });
        let Val::Table(a1) = &v[1].val else { panic!() };
        assert_eq!(v[1].pos.line, 6);
        match &a1.get("k").unwrap().val {
            Val::Str(s) => assert_eq!(s.as_str(), "li\\t"),
            v => panic!("{v:?}"),
        }
        let Val::Table(m) = &a1.get("m").unwrap().val else {
            panic!()
        };
        assert!(matches!(m.get("p").unwrap().val, Val::Int(-3)));
        assert!(matches!(m.get("q").unwrap().val, Val::Bool));
        let Val::Table(d) = &a1.get("d").unwrap().val else {
            panic!()
        };
        assert!(matches!(d.get("e").unwrap().val, Val::Int(1000)));
        let Val::Table(sub) = &a1.get("sub").unwrap().val else {
            panic!()
        };
        assert!(matches!(sub.get("z").unwrap().val, Val::Int(15)));
    }

    #[test]
    fn integers() {
        for (t, v) in [
            ("0", 0),
            ("-0", 0),
            ("+17", 17),
            ("1_2_3", 123),
            ("0xdead_BEEF", 0xdead_beef),
            ("0b101", 5),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(integer(t), Some(Some(v)), "{t}");
        }
        assert_eq!(integer("9223372036854775808"), Some(None));
        for t in [
            "01", "_1", "1_", "1__2", "0x", "-0x1", "1.5", "0xg", "abc", "1e3",
        ] {
            assert_eq!(integer(t), None, "{t}");
        }
    }

    #[test]
    fn errors_give_position_and_context_not_text() {
        let cases: &[(&str, (u32, u32), &str)] = &[
            ("[[a]]\nk = \"abc\n", (2, 5), "a[0].k: unterminated string"),
            ("[[a]]\nk = 'abc\n", (2, 5), "a[0].k: unterminated string"),
            (
                "[[a]]\nk = \"1\"\nk = \"2\"\n",
                (3, 1),
                "a[0].k: duplicate key `k`",
            ),
            (
                "[a]\n[[a]]\n",
                (2, 3),
                "`a` is a table, not an array of tables",
            ),
            (
                "[[a]]\n[[a]]\nk = [1, 2]\n",
                (3, 5),
                "a[1].k: arrays are not used",
            ),
            ("[[a]]\nk = 1.5\n", (2, 5), "a[0].k: not an integer"),
            ("[[a]]\nk = 1979-05-27\n", (2, 5), "a[0].k: date-times"),
            ("[[a]]\nk = abc\n", (2, 5), "a[0].k: not a value"),
            (
                "[[a]]\nk = \"x\" y\n",
                (2, 9),
                "a[0].k: expected the end of the line",
            ),
            ("[[a]\n", (1, 4), "expected `]]`"),
            ("[a]\n[a]\n", (2, 2), "`a` is already defined"),
            ("[[a]]\nk = \"\\q\"\n", (2, 6), "a[0].k: invalid escape"),
            ("[[a]]\nk = { x = 1, }\n", (2, 14), "expected a key"),
            ("[[a]]\nk = \"\"\"x\"\"\"\n", (2, 5), "multi-line strings"),
            ("[[a]]\n= 1\n", (2, 1), "expected a key"),
            ("[[a]]\nk 1\n", (2, 3), "expected `=`"),
            (
                "[[a]]\nk = 99999999999999999999\n",
                (2, 5),
                "integer out of range",
            ),
            (
                "[[a]]\nk = 1\nk.x = 2\n",
                (3, 1),
                "`k` is an integer, not a table",
            ),
        ];
        for (text, (line, col), want) in cases {
            let e = err(text);
            assert_eq!((e.pos.line, e.pos.col), (*line, *col), "{text:?}: {e}");
            assert!(e.to_string().contains(want), "{text:?}: {e}");
        }
    }

    #[test]
    fn strings_are_built_in_place() {
        // Each buffer is allocated once, at the raw length: no reallocation left a copy.
        let raw = r"00\u0041\U0001F600\t11";
        let t = root(&format!("k = \"{raw}\"\nl = '{raw}'\n"));
        for (k, want) in [("k", "00A\u{1F600}\t11"), ("l", raw)] {
            match &t.get(k).unwrap().val {
                Val::Str(s) => {
                    assert_eq!(s.as_str(), want);
                    assert_eq!(s.capacity(), raw.len());
                }
                v => panic!("{v:?}"),
            }
        }
    }

    #[test]
    fn columns_count_characters() {
        let e = err("[[a]]\nk = \"é\" x\n");
        assert_eq!(e.pos, Pos { line: 2, col: 9 });
    }

    #[test]
    fn names_that_could_be_keys_are_not_repeated() {
        assert_eq!(safe_name("kasme"), "`kasme`");
        assert_eq!(
            safe_name("00112233445566778899aabbccddeeff"),
            "a key of 32 characters"
        );
        assert_eq!(safe_name("deadbeef"), "a key of 8 characters");
        let e = err("[[a]]\n\"00112233445566778899\" = 1\n\"00112233445566778899\" = 2\n");
        assert!(!e.to_string().contains("0011223344"), "{e}");
        assert!(e.to_string().contains("a key of 20 characters"), "{e}");
    }

    #[test]
    fn bounded() {
        let many: String = (0..100).map(|i| format!("k{i} = 1\n")).collect();
        assert!(err(&format!("[[a]]\n{many}"))
            .to_string()
            .contains("too many keys"));
        let deep = format!("k = {}1{}\n", "{ a = ".repeat(20), " }".repeat(20));
        assert!(err(&deep).to_string().contains("nest too deep"));
        let dotted = format!("{} = 1\n", vec!["a"; 20].join("."));
        assert!(err(&dotted).to_string().contains("nest too deep"));
    }
}
