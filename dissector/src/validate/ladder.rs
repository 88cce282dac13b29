//! `keyhop ladder`: the messages of one UE between the nodes, with findings marked, as text,
//! Mermaid (sequenceDiagram) or a standalone SVG.

use super::engine::{LadderEntry, UeIdx};
use super::rules::{Finding, Severity};
use super::Outcome;
use crate::analysis::nodes::NodeId;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::net::IpAddr;

/// `--format` of `ladder`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Columns of text.
    Text,
    /// Mermaid sequenceDiagram.
    Mermaid,
    /// Standalone SVG.
    Svg,
}

/// Picks the UE named by `id` (IMSI, or MME-UE-S1AP-ID optionally `@MME`): the first UE that
/// held it. Without `id`, the UE with the most messages.
pub fn pick(o: &Outcome, id: Option<&str>) -> Option<UeIdx> {
    let names = &o.engine.ue_names;
    let mut idx: Vec<&UeIdx> = names.keys().collect();
    idx.sort();
    match id {
        Some(s) => {
            let (num, mme) = match s.split_once('@') {
                Some((n, m)) => (n, m.parse::<IpAddr>().ok()),
                None => (s, None),
            };
            idx.into_iter().copied().find(|i| {
                let (_, aliases, imsi) = &names[i];
                imsi.is_some_and(|x| x.as_str() == s)
                    || num.parse::<u32>().is_ok_and(|n| {
                        aliases
                            .iter()
                            .any(|(a, x)| *x == n && mme.is_none_or(|m| a.contains(&m)))
                    })
            })
        }
        None => {
            let mut count: BTreeMap<UeIdx, usize> = BTreeMap::new();
            for e in &o.engine.ladder {
                *count.entry(e.ue).or_default() += 1;
            }
            count
                .into_iter()
                .max_by_key(|(i, n)| (*n, std::cmp::Reverse(*i)))
                .map(|x| x.0)
        }
    }
}

fn findings_of<'o>(o: &'o Outcome, label: &str) -> Vec<&'o Finding> {
    o.engine
        .findings
        .iter()
        .filter(|f| f.ue.as_deref() == Some(label))
        .collect()
}

fn mark(fs: &[&Finding], frame: u64) -> Vec<String> {
    fs.iter()
        .filter(|f| f.frames.last() == Some(&frame))
        .map(|f| format!("{} {}: {}", f.severity, f.rule, f.text))
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes the ladder of `ue`.
pub fn write(o: &Outcome, ue: UeIdx, format: Format, out: &mut dyn Write) -> io::Result<()> {
    let label = o
        .engine
        .ue_names
        .get(&ue)
        .map(|n| n.0.clone())
        .unwrap_or_default();
    let entries: Vec<&LadderEntry> = o.engine.ladder.iter().filter(|e| e.ue == ue).collect();
    let fs = findings_of(o, &label);
    // One column per node (an eNB's S1 and X2 addresses, an MME's IPv4 and IPv6 ones, are one
    // column once the capture tied them), named by its identity.
    let mut nodes: Vec<NodeId> = Vec::new();
    for e in &entries {
        for n in [e.src_node, e.dst_node] {
            if !nodes.contains(&n) {
                nodes.push(n);
            }
        }
    }
    let column = |n: &NodeId| -> (String, String) {
        match o.engine.nodes.get(n) {
            Some(c) => (c.name.clone(), c.addrs.clone()),
            None => (format!("node {n}"), String::new()),
        }
    };
    let cols: Vec<(String, String)> = nodes.iter().map(column).collect();
    let title = |i: usize| -> String {
        let (name, addrs) = &cols[i];
        if addrs.is_empty() || name.contains(addrs.as_str()) {
            name.clone()
        } else {
            format!("{name} [{addrs}]")
        }
    };
    let col = |n: NodeId| nodes.iter().position(|x| *x == n).unwrap_or(0);
    let width = cols
        .iter()
        .map(|(n, a)| n.len().max(a.len()) + 2)
        .max()
        .unwrap_or(0)
        .max(22);
    match format {
        Format::Text => {
            writeln!(out, "UE {label}")?;
            let line_of = |f: &dyn Fn(&(String, String)) -> &str| {
                cols.iter()
                    .map(|c| format!("{:<width$}", f(c)))
                    .collect::<String>()
            };
            writeln!(out, "{}", line_of(&|c| c.0.as_str()).trim_end())?;
            writeln!(out, "{}", line_of(&|c| c.1.as_str()).trim_end())?;
            let (dash, space) = ("-".repeat(width - 1), " ".repeat(width - 1));
            for e in &entries {
                let (a, b) = (col(e.src_node), col(e.dst_node));
                let (lo, hi) = (a.min(b), a.max(b));
                let mut line = String::new();
                for i in 0..nodes.len() {
                    let cell = if i == lo {
                        if a < b {
                            format!("|{dash}")
                        } else {
                            format!("|<{}", &dash[1..])
                        }
                    } else if i > lo && i < hi {
                        format!("-{dash}")
                    } else if i == hi {
                        if a < b {
                            format!(">{space}")
                        } else {
                            format!("|{space}")
                        }
                    } else {
                        format!("|{space}")
                    };
                    line.push_str(&cell);
                }
                writeln!(out, "{} #{} {}", line.trim_end(), e.frame, e.name)?;
                for m in mark(&fs, e.frame) {
                    writeln!(out, "    !! {m}")?;
                }
            }
            for f in fs.iter().filter(|f| f.frames.is_empty()) {
                writeln!(out, "    !! {} {}: {}", f.severity, f.rule, f.text)?;
            }
            Ok(())
        }
        Format::Mermaid => {
            writeln!(out, "sequenceDiagram")?;
            writeln!(out, "    title UE {}", label.replace(':', " "))?;
            for i in 0..nodes.len() {
                // Mermaid notes and names end at ';' and '#': kept out.
                let t = title(i).replace([';', '#'], ",");
                writeln!(out, "    participant N{i} as {t}")?;
            }
            for e in &entries {
                writeln!(
                    out,
                    "    N{}->>N{}: frame {} {}",
                    col(e.src_node),
                    col(e.dst_node),
                    e.frame,
                    e.name
                )?;
                for m in mark(&fs, e.frame) {
                    // Mermaid notes end at a line break; ';' and '#' are kept out of them.
                    let m = m.replace([';', '#'], ",");
                    writeln!(out, "    Note over N{}: {}", col(e.dst_node), m)?;
                }
            }
            Ok(())
        }
        Format::Svg => {
            let colw = 220;
            let rowh = 34;
            let top = 70;
            let notes: usize = entries.iter().map(|e| mark(&fs, e.frame).len()).sum();
            let h = top + (entries.len() + notes + 1) * rowh;
            let w = 120 + nodes.len().max(1) * colw;
            let x = |i: usize| 60 + i * colw + colw / 2;
            writeln!(
                out,
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="monospace" font-size="12">"#
            )?;
            writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#)?;
            writeln!(
                out,
                r#"<text x="10" y="18" font-weight="bold">UE {}</text>"#,
                esc(&label)
            )?;
            for i in 0..nodes.len() {
                writeln!(
                    out,
                    r##"<text x="{}" y="45" text-anchor="middle">{}</text><line x1="{}" y1="52" x2="{}" y2="{}" stroke="#888"/>"##,
                    x(i),
                    esc(&title(i)),
                    x(i),
                    x(i),
                    h - 10
                )?;
            }
            writeln!(
                out,
                r##"<defs><marker id="a" markerWidth="10" markerHeight="8" refX="10" refY="4" orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="#000"/></marker></defs>"##
            )?;
            let mut y = top;
            for e in &entries {
                let (a, b) = (x(col(e.src_node)), x(col(e.dst_node)));
                writeln!(
                    out,
                    r#"<line x1="{a}" y1="{y}" x2="{b}" y2="{y}" stroke="black" marker-end="url(#a)"/><text x="{}" y="{}" text-anchor="middle">#{} {}</text>"#,
                    (a + b) / 2,
                    y - 4,
                    e.frame,
                    esc(e.name)
                )?;
                y += rowh;
                for (m, f) in mark(&fs, e.frame)
                    .into_iter()
                    .zip(fs.iter().filter(|f| f.frames.last() == Some(&e.frame)))
                {
                    let color = match f.severity {
                        Severity::Error => "#c00",
                        Severity::Warning => "#b60",
                        Severity::Info => "#06c",
                    };
                    writeln!(
                        out,
                        r#"<text x="{}" y="{}" fill="{color}">{}</text>"#,
                        a.min(b),
                        y - 14,
                        esc(&m)
                    )?;
                    y += rowh;
                }
            }
            writeln!(out, "</svg>")
        }
    }
}
