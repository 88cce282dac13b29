//! Display filters (`-Y EXPR`): Wireshark's display-filter syntax over keyhop's field names.
//!
//! ```
//! use keyhop::filter::Filter;
//! let f = Filter::parse(r#"s1ap.MME_UE_S1AP_ID == 256 && message contains "Handover""#).unwrap();
//! assert_eq!(f.field_names(), ["s1ap.MME_UE_S1AP_ID", "message"]);
//! assert!(Filter::parse("frame in {1..5 9}").is_ok());
//! assert!(Filter::parse("frame ==").is_err());
//! ```
//!
//! The expression is parsed once ([`Filter::parse`]) into a tree whose fields are resolved to
//! [`field::Field`]s; a message is then tested through [`Filter::matches`] with a
//! [`field::View`], which computes the message's JSON only when a field path needs it.
//!
//! Why not Cloudflare's `wirefilter-engine`: it checks every field name and type against a
//! fixed `Scheme` given before parsing, while keyhop's JSON paths are open-ended (every IE of
//! every message, nested lists) and a field may hold a number in one message and a string in
//! another. Its matching is also per whole record, where keyhop needs "any occurrence" over
//! nested arrays. The language itself is small; the parser below is about 400 lines.

pub mod field;
mod parse;

pub use field::{Chain, Field, View};
pub use parse::ParseError;

use regex::Regex;
use std::cell::Cell;
use std::net::IpAddr;

/// A literal on the right-hand side of a comparison, with every reading of its text prepared
/// once (the field's value decides which one applies, as Wireshark reads a literal by the
/// field's type).
#[derive(Debug, Clone)]
pub struct Lit {
    /// The text (unescaped for a quoted string).
    pub text: String,
    /// Whether it was written in quotes (a quoted string is never read as a number).
    pub quoted: bool,
    /// As an integer (decimal, `0x` hex, `0o`/leading-zero-free octal is not supported).
    pub int: Option<i128>,
    /// As a real number.
    pub float: Option<f64>,
    /// As an IP address or network (`10.0.0.0/8`), with its prefix length.
    pub net: Option<(IpAddr, u8)>,
    /// As octets (`0a:14:00:01`, `0a-14-00-01` or `0a.14.00.01`), lower-case hex without separators.
    pub bytes: Option<String>,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `==`, `eq`: any occurrence equal.
    Eq,
    /// `!=`, `ne`: some occurrence and none equal (Wireshark 4's `all_ne`).
    Ne,
    /// `~=`, `any_ne`: any occurrence different.
    AnyNe,
    /// `===`, `all_eq`: every occurrence equal (and at least one).
    AllEq,
    /// `<`, `lt`.
    Lt,
    /// `<=`, `le`.
    Le,
    /// `>`, `gt`.
    Gt,
    /// `>=`, `ge`.
    Ge,
}

/// One member of an `in { ... }` set.
#[derive(Debug, Clone)]
pub enum Member {
    /// A value.
    One(Lit),
    /// An inclusive range `a..b`.
    Range(Lit, Lit),
}

/// The expression tree; fields are indexes into [`Filter`]'s field table.
#[derive(Debug, Clone)]
pub enum Expr {
    /// Both.
    And(Box<Expr>, Box<Expr>),
    /// Either.
    Or(Box<Expr>, Box<Expr>),
    /// Exactly one.
    Xor(Box<Expr>, Box<Expr>),
    /// Negation.
    Not(Box<Expr>),
    /// The field or protocol occurs.
    Present(usize),
    /// A comparison with a literal.
    Compare(usize, Cmp, Lit),
    /// Any occurrence is in the set.
    In(usize, Vec<Member>),
    /// Any occurrence contains the text (or octets).
    Contains(usize, Lit),
    /// Any occurrence matches the regular expression (case-insensitive unless `(?-i)`).
    Matches(usize, Box<Regex>),
}

/// A parsed display filter.
#[derive(Debug)]
pub struct Filter {
    expr: Expr,
    fields: Vec<(String, Field)>,
    /// Whether each field occurred in some message tested (for the end-of-run warning).
    seen: Vec<Cell<bool>>,
    /// Whether some field needs the message's JSON.
    needs_json: bool,
}

impl Filter {
    /// Parses `text`; the error says what was expected and at which character.
    pub fn parse(text: &str) -> Result<Filter, ParseError> {
        let (expr, names) = parse::parse(text)?;
        let mut fields = Vec::with_capacity(names.len());
        for (name, at) in names {
            let f = Field::resolve(&name).map_err(|why| ParseError {
                at,
                what: format!("field `{name}`: {why}"),
            })?;
            fields.push((name, f));
        }
        let needs_json = fields.iter().any(|(_, f)| f.needs_json());
        let seen = fields.iter().map(|_| Cell::new(false)).collect();
        Ok(Filter {
            expr,
            fields,
            seen,
            needs_json,
        })
    }

    /// The field names of the expression, in order of first appearance.
    pub fn field_names(&self) -> Vec<&str> {
        self.fields.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// Whether the filter uses the `ue` field: the caller then traces the UEs first and gives
    /// each message its chain ([`View::chain`]).
    pub fn uses_ue(&self) -> bool {
        self.fields.iter().any(|(_, f)| *f == Field::Ue)
    }

    /// Whether evaluating the filter may compute the message's JSON.
    pub fn needs_json(&self) -> bool {
        self.needs_json
    }

    /// Field names that occurred in none of the messages tested so far (a misspelt JSON path
    /// is not an error while parsing, since paths are open-ended: this says so at the end).
    pub fn never_seen(&self) -> Vec<&str> {
        self.fields
            .iter()
            .zip(&self.seen)
            .filter(|((_, f), s)| !s.get() && !f.is_protocol())
            .map(|((n, _), _)| n.as_str())
            .collect()
    }

    /// Whether the message behind `view` is selected.
    pub fn matches(&self, view: &View<'_, '_>) -> bool {
        self.eval(&self.expr, view)
    }

    fn eval(&self, e: &Expr, v: &View<'_, '_>) -> bool {
        match e {
            Expr::And(a, b) => self.eval(a, v) && self.eval(b, v),
            Expr::Or(a, b) => self.eval(a, v) || self.eval(b, v),
            Expr::Xor(a, b) => self.eval(a, v) != self.eval(b, v),
            Expr::Not(a) => !self.eval(a, v),
            Expr::Present(i) => {
                let hit = self.fields[*i].1.present(v);
                if hit {
                    self.seen[*i].set(true);
                }
                hit
            }
            Expr::Compare(i, op, lit) => match op {
                Cmp::Eq => self.any(*i, v, |x| x.equals(lit)),
                // Wireshark 4: "all not equal", and false where the field is absent.
                Cmp::Ne => {
                    let mut n = 0usize;
                    let equal = self.any(*i, v, |x| {
                        n += 1;
                        x.equals(lit)
                    });
                    n > 0 && !equal
                }
                Cmp::AnyNe => self.any(*i, v, |x| !x.equals(lit)),
                Cmp::AllEq => {
                    let mut n = 0usize;
                    let differs = self.any(*i, v, |x| {
                        n += 1;
                        !x.equals(lit)
                    });
                    n > 0 && !differs
                }
                Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge => self.any(*i, v, |x| {
                    x.order(lit).is_some_and(|o| match op {
                        Cmp::Lt => o.is_lt(),
                        Cmp::Le => o.is_le(),
                        Cmp::Gt => o.is_gt(),
                        _ => o.is_ge(),
                    })
                }),
            },
            Expr::In(i, set) => self.any(*i, v, |x| {
                set.iter().any(|m| match m {
                    Member::One(l) => x.equals(l),
                    Member::Range(a, b) => {
                        x.order(a).is_some_and(|o| o.is_ge())
                            && x.order(b).is_some_and(|o| o.is_le())
                    }
                })
            }),
            Expr::Contains(i, lit) => self.any(*i, v, |x| x.contains(lit)),
            Expr::Matches(i, re) => self.any(*i, v, |x| re.is_match(&x.text())),
        }
    }

    /// Whether `pred` holds for some occurrence of field `i`; records that the field occurred.
    fn any(
        &self,
        i: usize,
        v: &View<'_, '_>,
        mut pred: impl FnMut(&field::Value<'_>) -> bool,
    ) -> bool {
        let mut occurred = false;
        let hit = self.fields[i].1.each(v, &mut |x| {
            occurred = true;
            pred(&x)
        });
        if occurred {
            self.seen[i].set(true);
        }
        hit
    }
}

#[cfg(test)]
mod tests;
