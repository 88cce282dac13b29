//! The library's modules stand on floors (see `src/lib.rs`): capture and keys file, decoded
//! messages, analysis, validate and output, commands. A module may import from its own floor or
//! lower ones, never from a higher one, and no two modules may import each other, directly or
//! round a circle.
//!
//! This test reads `src/**/*.rs`, collects every `crate::`, `super::` and `self::` path outside
//! `#[cfg(test)]` items (test code may reach anything), maps each file and each path to a module
//! of [`FLOORS`] and checks the edges. A new module must be given its floor here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of the library and its floor, lowest first. An entry covers its submodules
/// unless a longer entry names them; each entry is one node of the cycle check.
const FLOORS: &[(&str, u8)] = &[
    // 0: input. Frames to application payloads; the keys file.
    ("capture", 0),
    ("keys", 0),
    // 1: the decoded message (decode, name, notes; renders nothing).
    ("decoded", 1),
    // 2: analysis. What the capture says beyond single messages.
    ("analysis", 2),
    ("analysis::nodes", 2),
    ("analysis::keystore", 2),
    ("analysis::keyflow", 2),
    ("analysis::gtp_match", 2),
    ("analysis::nas_view", 2),
    ("analysis::rrc_view", 2),
    // 3: rules, and the presentation of a message (record, summary line, tree, JSON).
    ("validate", 3),
    ("output", 3),
    ("filter", 3),
    // 4: commands.
    ("read", 4),
    ("stats", 4),
    ("export", 4),
    ("cut", 4),
    ("select", 4),
];

/// Imports that go up a floor for now, each with the reason and the way out. An entry that no
/// longer matches an import fails the test, so the list only shrinks.
const ALLOWED_UPWARD: &[(&str, &str, &str)] = &[];

#[test]
fn no_import_goes_up_a_floor_or_round_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &src, &mut files);
    assert!(files.len() > 20, "read {} files under {src:?}", files.len());
    let problems = check(&files, FLOORS, ALLOWED_UPWARD);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checker itself: on sources shaped like the tree before the floors (message.rs and
/// output/mod.rs importing each other, rrc_view importing validate), it finds the upward
/// edges and the circle, and it ignores test code, comments and strings.
#[test]
fn checker_finds_upward_imports_and_circles() {
    let files = vec![
        (
            "lib.rs".to_string(),
            "pub mod message; pub mod output; pub mod rrc_view; pub mod validate;".to_string(),
        ),
        (
            "message.rs".to_string(),
            "use crate::{capture::Payload, output::decimal};\n\
             pub struct M { pub cells: Option<crate::rrc_view::RrcCells> }\n"
                .to_string(),
        ),
        (
            "output/mod.rs".to_string(),
            "mod fmt;\nuse crate::message::M;\n// crate::validate::x in a comment\n\
             const S: &str = \"crate::validate::y\";\n\
             #[cfg(test)]\nmod tests { use crate::validate::Z; }\n"
                .to_string(),
        ),
        (
            "output/fmt.rs".to_string(),
            "use super::super::rrc_view::{self, RrcCells};".to_string(),
        ),
        (
            "rrc_view.rs".to_string(),
            "fn f(c: char) -> bool { c == '\"' && crate::validate::extract::f() }".to_string(),
        ),
        ("capture.rs".to_string(), String::new()),
        (
            "validate/mod.rs".to_string(),
            "pub mod extract;\n#[cfg(test)]\nmod tests;\n".to_string(),
        ),
        (
            "validate/extract.rs".to_string(),
            "use crate::message::M;".to_string(),
        ),
        // Test-only: may import from above.
        (
            "validate/tests.rs".to_string(),
            "use crate::output::X;".to_string(),
        ),
    ];
    let floors: &[(&str, u8)] = &[
        ("capture", 0),
        ("message", 1),
        ("rrc_view", 2),
        ("validate", 3),
        ("output", 3),
    ];
    let problems = check(&files, floors, &[]);
    let has = |what: &str| problems.iter().any(|p| p.contains(what));
    assert!(
        has("message.rs:1: message (floor 1) imports output (floor 3)"),
        "{problems:#?}"
    );
    assert!(
        has("message.rs:2: message (floor 1) imports rrc_view (floor 2)"),
        "{problems:#?}"
    );
    assert!(
        has("rrc_view.rs:1: rrc_view (floor 2) imports validate (floor 3)"),
        "{problems:#?}"
    );
    let circle = "circle among message, output, rrc_view, validate: message -> output -> message";
    assert!(has(circle), "{problems:#?}");
    // Down or level edges only: capture, rrc_view from output/fmt.rs, message from validate.
    assert_eq!(
        problems.iter().filter(|p| p.contains("imports")).count(),
        3,
        "{problems:#?}"
    );
    assert_eq!(
        problems.iter().filter(|p| p.contains("circle")).count(),
        1,
        "{problems:#?}"
    );

    // Without the upward edges (message in `output`'s floor), only the circle is left; with
    // an allowance for rrc_view that matches nothing, that is reported too.
    let level: &[(&str, u8)] = &[
        ("capture", 0),
        ("rrc_view", 3),
        ("message", 3),
        ("validate", 3),
        ("output", 3),
    ];
    let problems = check(&files, level, &[("capture", "output", "none")]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(has_in(
        &problems,
        "circle among message, output, rrc_view, validate: "
    ));
    assert!(has_in(
        &problems,
        "allowed import capture -> output is not made"
    ));

    // A module missing from the table is reported, not skipped.
    let problems = check(&files, &floors[..4], &[]);
    assert!(
        has_in(&problems, "output/mod.rs: module output has no floor"),
        "{problems:#?}"
    );
}

fn has_in(problems: &[String], what: &str) -> bool {
    problems.iter().any(|p| p.contains(what))
}

/// The `.rs` files under `dir`, as (path relative to `root` with `/`, text). The binaries
/// (`main.rs`, `bin/`) are crates of their own, whose `crate::` is not the library.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        let rel = p
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        if p.is_dir() {
            if rel != "bin" {
                collect(root, &p, out);
            }
        } else if rel.ends_with(".rs") && rel != "main.rs" {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
            out.push((rel, text));
        }
    }
}

/// The module path of a file: `analysis/keyflow.rs` is `analysis::keyflow`, `output/mod.rs`
/// is `output`, `lib.rs` the root (empty).
fn module_of(file: &str) -> Vec<String> {
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    let mut parts: Vec<String> = stem.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// A path of [`scan`] from the crate root: `<crate>` is the root, `..` goes up from `module`.
fn resolve(module: &[String], path: &[String]) -> Vec<String> {
    if path.first().map(String::as_str) == Some("<crate>") {
        return path[1..].to_vec();
    }
    let mut p = module.to_vec();
    for seg in path {
        if seg == ".." {
            p.pop();
        } else {
            p.push(seg.clone());
        }
    }
    p
}

/// The entry of `floors` that covers module `path` (longest prefix), as its index.
fn unit_of(path: &[String], floors: &[(&str, u8)]) -> Option<usize> {
    (1..=path.len()).rev().find_map(|n| {
        let name = path[..n].join("::");
        floors.iter().position(|(m, _)| *m == name)
    })
}

/// Everything wrong with `files` against `floors`: files and imports that no entry covers,
/// imports from a higher floor (except `allowed`), circles, and unused allowances.
fn check(
    files: &[(String, String)],
    floors: &[(&str, u8)],
    allowed: &[(&str, &str, &str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    let scanned: Vec<(String, Vec<String>, Scan)> = files
        .iter()
        .map(|(f, text)| (f.clone(), module_of(f), scan(&tokens(text))))
        .collect();
    // Modules declared `#[cfg(test)] mod x;` are test code, with all below them.
    let test_modules: Vec<Vec<String>> = scanned
        .iter()
        .flat_map(|(_, m, s)| {
            s.test_mods.iter().map(move |t| {
                let mut p = m.clone();
                p.extend(t.iter().cloned());
                p
            })
        })
        .collect();
    // Edges between entries, with where each is made.
    let mut edges: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for (file, module, s) in &scanned {
        if module.is_empty() || test_modules.iter().any(|t| module.starts_with(t)) {
            // lib.rs only declares the modules; test files may reach anything.
            continue;
        }
        let Some(from) = unit_of(module, floors) else {
            problems.push(format!(
                "{file}: module {} has no floor in the table",
                module.join("::")
            ));
            continue;
        };
        for (line, path) in &s.paths {
            let path = resolve(module, path);
            let Some(to) = unit_of(&path, floors) else {
                problems.push(format!(
                    "{file}:{line}: crate::{} is in no module of the table",
                    path.join("::")
                ));
                continue;
            };
            if to != from {
                edges
                    .entry((from, to))
                    .or_default()
                    .push(format!("{file}:{line}"));
            }
        }
    }
    let name = |u: usize| floors[u].0;
    for (&(from, to), at) in &edges {
        let (ff, tf) = (floors[from].1, floors[to].1);
        if tf > ff
            && !allowed
                .iter()
                .any(|(a, b, _)| *a == name(from) && *b == name(to))
        {
            for w in at {
                problems.push(format!(
                    "{w}: {} (floor {ff}) imports {} (floor {tf})",
                    name(from),
                    name(to)
                ));
            }
        }
    }
    for (a, b, why) in allowed {
        let used = edges
            .keys()
            .any(|&(f, t)| name(f) == *a && name(t) == *b && floors[t].1 > floors[f].1);
        if !used {
            problems.push(format!(
                "allowed import {a} -> {b} is not made (or not upward) any more: remove it ({why})"
            ));
        }
    }
    // Circles: each strongly connected set of entries, reported once by one shortest round.
    let n = floors.len();
    let next: Vec<BTreeSet<usize>> = (0..n)
        .map(|u| edges.keys().filter(|e| e.0 == u).map(|e| e.1).collect())
        .collect();
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    for start in 0..n {
        if reported.contains(&start) {
            continue;
        }
        if let Some(round) = shortest_round(start, &next) {
            let mut members: Vec<&str> = Vec::new();
            for u in reach_set(start, &next) {
                if reach_set(u, &next).contains(&start) {
                    reported.insert(u);
                    members.push(name(u));
                }
            }
            members.sort();
            let names: Vec<&str> = round.iter().map(|&u| name(u)).collect();
            let at: Vec<String> = round
                .windows(2)
                .map(|w| {
                    format!(
                        "{} -> {} at {}",
                        name(w[0]),
                        name(w[1]),
                        edges[&(w[0], w[1])][0]
                    )
                })
                .collect();
            problems.push(format!(
                "circle among {}: {} ({})",
                members.join(", "),
                names.join(" -> "),
                at.join("; ")
            ));
        }
    }
    problems
}

/// The entries reachable from `u` in one step or more.
fn reach_set(u: usize, next: &[BTreeSet<usize>]) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<usize> = next[u].iter().copied().collect();
    while let Some(v) = todo.pop() {
        if seen.insert(v) {
            todo.extend(next[v].iter().copied());
        }
    }
    seen
}

/// The shortest path from `start` back to itself (breadth first), start to start.
fn shortest_round(start: usize, next: &[BTreeSet<usize>]) -> Option<Vec<usize>> {
    let mut prev: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        for &v in &next[u] {
            if v == start {
                let mut round = vec![u];
                let mut w = u;
                while w != start {
                    w = prev[&w];
                    round.push(w);
                }
                round.reverse();
                round.push(start);
                return Some(round);
            }
            if let std::collections::btree_map::Entry::Vacant(e) = prev.entry(v) {
                e.insert(u);
                queue.push_back(v);
            }
        }
    }
    None
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

/// The tokens of Rust source with their lines, without comments, strings, chars and numbers
/// (enough to find paths and items; not a full lexer).
fn tokens(src: &str) -> Vec<(usize, Tok)> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let skip_to = |i: &mut usize, line: &mut usize, end: usize| {
        *line += b[*i..end.min(b.len())]
            .iter()
            .filter(|&&c| c == '\n')
            .count();
        *i = end;
    };
    while i < b.len() {
        let c = b[i];
        let at = |k: usize| b.get(i + k).copied().unwrap_or('\0');
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(1) == '/' {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(1) == '*' {
            let mut depth = 0;
            let mut j = i;
            while j < b.len() {
                if b[j] == '/' && b.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if b[j] == '*' && b.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            skip_to(&mut i, &mut line, j);
        } else if c == '"' || (c == 'b' && at(1) == '"') {
            let mut j = i + if c == 'b' { 2 } else { 1 };
            while j < b.len() && b[j] != '"' {
                j += if b[j] == '\\' { 2 } else { 1 };
            }
            skip_to(&mut i, &mut line, j + 1);
        } else if (c == 'r' || (c == 'b' && at(1) == 'r'))
            && matches!(at(if c == 'b' { 2 } else { 1 }), '"' | '#')
        {
            // Raw string: r"..", r#".."#, br"..".
            let mut j = i + if c == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                // `r#ident`: a raw identifier.
                i = j;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            skip_to(&mut i, &mut line, j);
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}', '"') or a lifetime ('a).
            if at(1) == '\\' {
                let mut j = i + 2;
                while j < b.len() && b[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if at(2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < b.len() && (b[j].is_alphanumeric() || b[j] == '_') {
                j += 1;
            }
            out.push((line, Tok::Ident(b[i..j].iter().collect())));
            i = j;
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '.') {
                if b[i] == '.' && !b.get(i + 1).is_some_and(char::is_ascii_digit) {
                    break;
                }
                i += 1;
            }
        } else if c == ':' && at(1) == ':' {
            out.push((line, Tok::Path));
            i += 2;
        } else {
            out.push((line, Tok::Punct(c)));
            i += 1;
        }
    }
    out
}

/// What one file imports.
#[derive(Default)]
struct Scan {
    /// Module paths (from the crate root) named outside test code, with their lines.
    paths: Vec<(usize, Vec<String>)>,
    /// `#[cfg(test)] mod x;` declarations, relative to the file's module.
    test_mods: Vec<Vec<String>>,
}

fn ident(t: Option<&(usize, Tok)>) -> Option<&str> {
    match t {
        Some((_, Tok::Ident(s))) => Some(s),
        _ => None,
    }
}

fn punct(t: Option<&(usize, Tok)>, c: char) -> bool {
    matches!(t, Some((_, Tok::Punct(p))) if *p == c)
}

/// Scans one file's tokens. `super::` and `self::` are resolved against the file's module and
/// the inline modules around them; paths are kept from the crate root.
fn scan(t: &[(usize, Tok)]) -> Scan {
    let mut s = Scan::default();
    // Inline modules open at this point: (name, brace depth inside it).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < t.len() {
        // `#[cfg(test)]`: skip the item it guards.
        if punct(t.get(i), '#')
            && punct(t.get(i + 1), '[')
            && ident(t.get(i + 2)) == Some("cfg")
            && punct(t.get(i + 3), '(')
            && ident(t.get(i + 4)) == Some("test")
            && punct(t.get(i + 5), ')')
            && punct(t.get(i + 6), ']')
        {
            i = skip_item(t, i + 7, &inline, &mut s);
            continue;
        }
        match &t[i].1 {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                if inline.last().is_some_and(|m| m.1 == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Ident(k) if k == "mod" => {
                if let (Some(name), true) = (ident(t.get(i + 1)), punct(t.get(i + 2), '{')) {
                    inline.push((name.to_string(), depth + 1));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Tok::Ident(k)
                if (k == "crate" || k == "super" || k == "self")
                    && t.get(i + 1).map(|x| &x.1) == Some(&Tok::Path)
                    && !(i > 0 && t[i - 1].1 == Tok::Path) =>
            {
                let line = t[i].0;
                // The base the path starts from, relative to the file's module (`..` = up).
                let mut base: Vec<String> = Vec::new();
                let mut j = i;
                if k == "crate" {
                    base.push("<crate>".into());
                    j += 2;
                } else {
                    base.extend(inline.iter().map(|m| m.0.clone()));
                    while let Some(w @ ("super" | "self")) = ident(t.get(j)) {
                        if t.get(j + 1).map(|x| &x.1) != Some(&Tok::Path) {
                            break;
                        }
                        if w == "super" {
                            base.push("..".into());
                        }
                        j += 2;
                    }
                }
                let mut found = Vec::new();
                j = path_tree(t, j, base, &mut found);
                for p in found {
                    s.paths.push((line, p));
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    s
}

/// Skips the item at `i` (and its further attributes): up to its `;` or its closing `}`.
/// Records `mod x;` as a test module.
fn skip_item(t: &[(usize, Tok)], mut i: usize, inline: &[(String, usize)], s: &mut Scan) -> usize {
    while punct(t.get(i), '#') && punct(t.get(i + 1), '[') {
        let mut d = 0;
        i += 1;
        while i < t.len() {
            match t[i].1 {
                Tok::Punct('[') => d += 1,
                Tok::Punct(']') => {
                    d -= 1;
                    if d == 0 {
                        i += 1;
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    let mut k = i;
    if ident(t.get(k)) == Some("pub") {
        k += 1;
        if punct(t.get(k), '(') {
            while k < t.len() && !punct(t.get(k), ')') {
                k += 1;
            }
            k += 1;
        }
    }
    if ident(t.get(k)) == Some("mod") && punct(t.get(k + 2), ';') {
        if let Some(name) = ident(t.get(k + 1)) {
            let mut p: Vec<String> = inline.iter().map(|m| m.0.clone()).collect();
            p.push(name.to_string());
            s.test_mods.push(p);
        }
    }
    let mut d = 0;
    while i < t.len() {
        match t[i].1 {
            Tok::Punct(';') if d == 0 => return i + 1,
            Tok::Punct('{') => d += 1,
            Tok::Punct('}') => {
                d -= 1;
                if d == 0 {
                    // `use a::{b, c};` goes on to its `;`.
                    return if punct(t.get(i + 1), ';') {
                        i + 2
                    } else {
                        i + 1
                    };
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Reads a path (or a `{..}` tree of them) at `i` after `prefix`, pushing each into `out`.
/// Returns the index after it.
fn path_tree(
    t: &[(usize, Tok)],
    mut i: usize,
    prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    let mut p = prefix;
    loop {
        if punct(t.get(i), '{') {
            i += 1;
            while i < t.len() && !punct(t.get(i), '}') {
                i = path_tree(t, i, p.clone(), out);
                if ident(t.get(i)) == Some("as") {
                    i += 2;
                }
                if punct(t.get(i), ',') {
                    i += 1;
                } else if !punct(t.get(i), '}') {
                    // `as name` and the like.
                    i += 1;
                }
            }
            return i + 1;
        }
        match ident(t.get(i)) {
            Some("self") if !p.is_empty() => {
                i += 1;
            }
            Some(name) => {
                p.push(name.to_string());
                i += 1;
            }
            None => {
                if punct(t.get(i), '*') {
                    i += 1;
                }
            }
        }
        if t.get(i).map(|x| &x.1) == Some(&Tok::Path) && !punct(t.get(i + 1), '<') {
            i += 1;
            continue;
        }
        out.push(p);
        return i;
    }
}
