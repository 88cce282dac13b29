//! The display-filter language: tokens, then a recursive-descent parser.
//!
//! Precedence from the tightest: `!`/`not`, `&&`/`and`, `^^`/`xor`, `||`/`or` (Wireshark's
//! order; `xor` sits between `and` and `or`). Nesting is bounded so that a hostile expression
//! cannot exhaust the stack.

use super::{Cmp, Expr, Lit, Member};
use regex::RegexBuilder;
use std::fmt;
use std::net::IpAddr;

/// Deepest nesting of parentheses and `!` accepted.
const MAX_DEPTH: usize = 64;

/// Why a filter could not be parsed: what, and at which character (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Character offset in the expression.
    pub at: usize,
    /// What went wrong.
    pub what: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "filter, at character {}: {}", self.at, self.what)
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A field name, a bare literal or a word operator (`and`, `contains`...).
    Word(String),
    /// A double-quoted string, unescaped.
    Str(String),
    /// Punctuation: `( ) { } , == != === !== ~= < <= > >= && || ^^ ! ~ ..`.
    Punct(&'static str),
}

/// Characters of a bare word: field names (`s1ap.MME_UE_S1AP_ID`), numbers, addresses
/// (`10.0.0.1`, `fd00::1`, `10.0.0.0/8`), octets (`0a:14:00:01`) and names (`intralte`).
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '/' | '-' | '+')
}

const PUNCT: [&str; 20] = [
    "===", "!==", "==", "!=", "~=", "<=", ">=", "&&", "||", "^^", "..", "<", ">", "!", "~", "(",
    ")", "{", "}", ",",
];

fn lex(s: &str) -> Result<Vec<(Tok, usize)>, ParseError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == '"' {
            let mut text = String::new();
            i += 1;
            loop {
                let Some(&c) = chars.get(i) else {
                    return Err(ParseError {
                        at: start,
                        what: "unterminated string".into(),
                    });
                };
                i += 1;
                match c {
                    '"' => break,
                    '\\' => {
                        let Some(&e) = chars.get(i) else { continue };
                        i += 1;
                        text.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            other => other,
                        });
                    }
                    c => text.push(c),
                }
            }
            out.push((Tok::Str(text), start));
            continue;
        }
        // A range `1..5` inside a set: a word stops before `..`.
        if word_char(c) && !(c == '.' && chars.get(i + 1) == Some(&'.')) {
            let mut w = String::new();
            while i < chars.len()
                && word_char(chars[i])
                && !(chars[i] == '.' && chars.get(i + 1) == Some(&'.'))
            {
                w.push(chars[i]);
                i += 1;
            }
            out.push((Tok::Word(w), start));
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
        match PUNCT.iter().find(|p| rest.starts_with(**p)) {
            Some(p) => {
                i += p.len();
                out.push((Tok::Punct(p), start));
            }
            None => {
                return Err(ParseError {
                    at: start,
                    what: format!("unexpected character `{c}`"),
                })
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end: usize,
    /// Field names in order of first use, with the offset of that use.
    names: Vec<(String, usize)>,
}

/// Parses `s` into an expression and its field names.
pub(super) fn parse(s: &str) -> Result<(Expr, Vec<(String, usize)>), ParseError> {
    let toks = lex(s)?;
    let mut p = Parser {
        toks,
        pos: 0,
        end: s.chars().count(),
        names: Vec::new(),
    };
    if p.toks.is_empty() {
        return Err(ParseError {
            at: 0,
            what: "empty filter".into(),
        });
    }
    let e = p.or(0)?;
    if let Some((t, at)) = p.toks.get(p.pos) {
        return Err(ParseError {
            at: *at,
            what: format!("unexpected {} after a complete expression", show(t)),
        });
    }
    Ok((e, p.names))
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Word(w) => format!("`{w}`"),
        Tok::Str(s) => format!("string \"{s}\""),
        Tok::Punct(p) => format!("`{p}`"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(_, a)| *a)
    }

    fn err<T>(&self, what: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            at: self.at(),
            what: what.into(),
        })
    }

    /// Consumes the next token when it is the punctuation `p` or the (case-insensitive) word `w`.
    fn eat(&mut self, p: &str, w: &str) -> bool {
        let hit = match self.peek() {
            Some(Tok::Punct(x)) => *x == p,
            Some(Tok::Word(x)) => !w.is_empty() && x.eq_ignore_ascii_case(w),
            _ => false,
        };
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn or(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let mut e = self.xor(depth)?;
        while self.eat("||", "or") {
            e = Expr::Or(Box::new(e), Box::new(self.xor(depth)?));
        }
        Ok(e)
    }

    fn xor(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let mut e = self.and(depth)?;
        while self.eat("^^", "xor") {
            e = Expr::Xor(Box::new(e), Box::new(self.and(depth)?));
        }
        Ok(e)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let mut e = self.not(depth)?;
        while self.eat("&&", "and") {
            e = Expr::And(Box::new(e), Box::new(self.not(depth)?));
        }
        Ok(e)
    }

    fn not(&mut self, depth: usize) -> Result<Expr, ParseError> {
        if depth > MAX_DEPTH {
            return self.err(format!("nested deeper than {MAX_DEPTH} levels"));
        }
        if self.eat("!", "not") {
            return Ok(Expr::Not(Box::new(self.not(depth + 1)?)));
        }
        if self.eat("(", "") {
            let e = self.or(depth + 1)?;
            if !self.eat(")", "") {
                return self.err("expected `)`");
            }
            return Ok(e);
        }
        self.test()
    }

    /// `[any|all] FIELD [OP VALUE | contains V | matches "RE" | [not] in {..}]`.
    fn test(&mut self) -> Result<Expr, ParseError> {
        let mut quantifier = None;
        for q in ["any", "all"] {
            if matches!(self.toks.get(self.pos + 1), Some((Tok::Word(_), _)))
                && matches!(self.peek(), Some(Tok::Word(w)) if w == q)
            {
                quantifier = Some(q);
                self.pos += 1;
            }
        }
        let field = match self.peek() {
            Some(Tok::Word(w)) if !is_keyword(w) => {
                let w = w.clone();
                let at = self.at();
                self.pos += 1;
                match self.names.iter().position(|(n, _)| *n == w) {
                    Some(i) => i,
                    None => {
                        self.names.push((w, at));
                        self.names.len() - 1
                    }
                }
            }
            Some(t) => return self.err(format!("expected a field name, found {}", show(t))),
            None => return self.err("expected a field name, found the end"),
        };
        let op = match self.peek() {
            Some(Tok::Punct(p)) => match *p {
                "==" => Some(Cmp::Eq),
                "!=" => Some(Cmp::Ne),
                "===" => Some(Cmp::AllEq),
                "!==" | "~=" => Some(Cmp::AnyNe),
                "<" => Some(Cmp::Lt),
                "<=" => Some(Cmp::Le),
                ">" => Some(Cmp::Gt),
                ">=" => Some(Cmp::Ge),
                _ => None,
            },
            Some(Tok::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "eq" | "any_eq" => Some(Cmp::Eq),
                "ne" | "all_ne" => Some(Cmp::Ne),
                "all_eq" => Some(Cmp::AllEq),
                "any_ne" => Some(Cmp::AnyNe),
                "lt" => Some(Cmp::Lt),
                "le" => Some(Cmp::Le),
                "gt" => Some(Cmp::Gt),
                "ge" => Some(Cmp::Ge),
                _ => None,
            },
            _ => None,
        };
        if let Some(op) = op {
            self.pos += 1;
            let lit = self.literal()?;
            return Ok(match (quantifier, op) {
                // `all f == v` is `f === v`; `any f != v` is `f !== v`.
                (Some("all"), Cmp::Eq) => Expr::Compare(field, Cmp::AllEq, lit),
                (Some("any"), Cmp::Ne) => Expr::Compare(field, Cmp::AnyNe, lit),
                // `all f < v`: no occurrence fails it.
                (Some("all"), op @ (Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge)) => {
                    let neg = match op {
                        Cmp::Lt => Cmp::Ge,
                        Cmp::Le => Cmp::Gt,
                        Cmp::Gt => Cmp::Le,
                        _ => Cmp::Lt,
                    };
                    Expr::And(
                        Box::new(Expr::Present(field)),
                        Box::new(Expr::Not(Box::new(Expr::Compare(field, neg, lit)))),
                    )
                }
                _ => Expr::Compare(field, op, lit),
            });
        }
        if self.eat("", "contains") {
            return Ok(Expr::Contains(field, self.literal()?));
        }
        if self.eat("~", "matches") {
            let at = self.at();
            let Some(Tok::Str(re)) = self.peek().cloned() else {
                return self.err("`matches` takes a double-quoted regular expression");
            };
            self.pos += 1;
            let re = RegexBuilder::new(&re)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| ParseError {
                    at,
                    what: format!("bad regular expression: {e}"),
                })?;
            return Ok(Expr::Matches(field, Box::new(re)));
        }
        let negated_in = matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("not"))
            && matches!(self.toks.get(self.pos + 1), Some((Tok::Word(w), _)) if w.eq_ignore_ascii_case("in"));
        if negated_in {
            self.pos += 1;
        }
        if self.eat("", "in") {
            let set = self.set()?;
            let e = Expr::In(field, set);
            return Ok(if negated_in {
                Expr::Not(Box::new(e))
            } else {
                e
            });
        }
        if quantifier.is_some() {
            return self.err("`any`/`all` need a comparison");
        }
        Ok(Expr::Present(field))
    }

    fn set(&mut self) -> Result<Vec<Member>, ParseError> {
        if !self.eat("{", "") {
            return self.err("expected `{` after `in`");
        }
        let mut set = Vec::new();
        loop {
            if self.eat("}", "") {
                break;
            }
            if !set.is_empty() {
                self.eat(",", "");
            }
            let a = self.literal()?;
            if self.eat("..", "") {
                let b = self.literal()?;
                set.push(Member::Range(a, b));
            } else {
                set.push(Member::One(a));
            }
            if set.len() > 65_536 {
                return self.err("set of more than 65536 members");
            }
        }
        if set.is_empty() {
            return self.err("empty set");
        }
        Ok(set)
    }

    fn literal(&mut self) -> Result<Lit, ParseError> {
        match self.peek().cloned() {
            Some(Tok::Str(s)) => {
                self.pos += 1;
                Ok(Lit::quoted(s))
            }
            Some(Tok::Word(w)) if !is_keyword(&w) => {
                self.pos += 1;
                Ok(Lit::bare(w))
            }
            Some(t) => self.err(format!("expected a value, found {}", show(&t))),
            None => self.err("expected a value, found the end"),
        }
    }
}

fn is_keyword(w: &str) -> bool {
    [
        "and", "or", "xor", "not", "in", "contains", "matches", "eq", "ne", "lt", "le", "gt", "ge",
        "any_eq", "all_ne", "all_eq", "any_ne",
    ]
    .iter()
    .any(|k| w.eq_ignore_ascii_case(k))
}

impl Lit {
    /// A quoted string: only ever compared as text.
    pub fn quoted(text: String) -> Lit {
        Lit {
            text,
            quoted: true,
            int: None,
            float: None,
            net: None,
            bytes: None,
        }
    }

    /// A bare word, read as every type it can be.
    pub fn bare(text: String) -> Lit {
        let int = parse_int(&text);
        let float = if int.is_some() {
            int.map(|i| i as f64)
        } else {
            text.parse::<f64>().ok().filter(|f| f.is_finite())
        };
        let net = parse_net(&text);
        let bytes = parse_bytes(&text);
        Lit {
            text,
            quoted: false,
            int,
            float,
            net,
            bytes,
        }
    }
}

fn parse_int(t: &str) -> Option<i128> {
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()?
    } else if let Some(b) = t.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()?
    } else if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && t.len() <= 38 {
        t.parse().ok()?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

fn parse_net(t: &str) -> Option<(IpAddr, u8)> {
    let (a, p) = match t.split_once('/') {
        Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
        None => (t, None),
    };
    let ip: IpAddr = a.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let p = p.unwrap_or(max);
    (p <= max).then_some((ip, p))
}

/// `0a:14:00:01` (also `-` or `.` separated) as `0a140001`; a single octet needs no separator.
fn parse_bytes(t: &str) -> Option<String> {
    let sep = t.chars().find(|c| matches!(c, ':' | '-' | '.'));
    let parts: Vec<&str> = match sep {
        Some(s) => t.split(s).collect(),
        None => vec![t],
    };
    if parts.is_empty()
        || !parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return None;
    }
    Some(parts.concat().to_ascii_lowercase())
}
