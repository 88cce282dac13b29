//! `keyhop ladder`: the messages of one UE between the nodes, with findings marked, as text,
//! Mermaid (sequenceDiagram) or a standalone SVG.

use super::engine::{NodeColumn, UeIdx};
use super::rules::{Finding, Severity};
use super::trace::{Step, Trace};
use super::Outcome;
use crate::analysis::nodes::NodeId;
use std::collections::{BTreeMap, HashMap};
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

/// What a ladder draws: one UE's messages, the nodes they went between, its findings.
pub struct Ladder<'a> {
    /// How findings name the UE.
    pub label: String,
    /// Its messages, in capture order.
    pub steps: Vec<Step>,
    /// The nodes of the steps, by identity.
    pub nodes: &'a HashMap<NodeId, NodeColumn>,
    /// Its findings.
    pub findings: Vec<&'a Finding>,
}

impl<'a> Ladder<'a> {
    /// The ladder of `ue` from a trace kept for it ([`super::trace::Keep::Ue`]): every message
    /// of the UE.
    pub fn of_trace(t: &'a Trace, ue: UeIdx) -> Ladder<'a> {
        let (label, labels) = t
            .ues
            .get(&ue)
            .map(|u| (u.label.clone(), u.labels.as_slice()))
            .unwrap_or_default();
        Ladder {
            findings: t
                .findings
                .iter()
                .filter(|f| f.ue.as_ref().is_some_and(|l| labels.contains(l)))
                .collect(),
            label,
            steps: t.steps.clone(),
            nodes: &t.nodes,
        }
    }

    /// The ladder of `ue` from a validation run that kept the engine's ladder: the messages its
    /// rules read.
    pub fn of_outcome(o: &'a Outcome, ue: UeIdx) -> Ladder<'a> {
        let label = o
            .engine
            .ue_names
            .get(&ue)
            .map(|n| n.0.clone())
            .unwrap_or_default();
        Ladder {
            findings: o
                .engine
                .findings
                .iter()
                .filter(|f| f.ue.as_deref() == Some(label.as_str()))
                .collect(),
            label,
            steps: o
                .engine
                .ladder
                .iter()
                .filter(|e| e.ue == ue)
                .map(|e| Step {
                    frame: e.frame,
                    time: e.time,
                    src_node: Some(e.src_node),
                    dst_node: Some(e.dst_node),
                    src: e.src,
                    dst: e.dst,
                    name: e.name.to_string(),
                })
                .collect(),
            nodes: &o.engine.nodes,
        }
    }
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

/// Writes the ladder of `ue` of a validation run (see [`Ladder::of_outcome`]).
pub fn write(o: &Outcome, ue: UeIdx, format: Format, out: &mut dyn Write) -> io::Result<()> {
    draw(&Ladder::of_outcome(o, ue), format, out)
}

/// Writes the ladder of `ue` of a trace (see [`Ladder::of_trace`]).
pub fn write_trace(t: &Trace, ue: UeIdx, format: Format, out: &mut dyn Write) -> io::Result<()> {
    draw(&Ladder::of_trace(t, ue), format, out)
}

/// A column: a node, or an address the capture tied to no node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Node(NodeId),
    Addr(IpAddr),
}

/// Draws a ladder.
pub fn draw(l: &Ladder<'_>, format: Format, out: &mut dyn Write) -> io::Result<()> {
    let label = &l.label;
    let entries: Vec<&Step> = l.steps.iter().collect();
    let fs = &l.findings;
    // One column per node (an eNB's S1 and X2 addresses, an MME's IPv4 and IPv6 ones, are one
    // column once the capture tied them), named by its identity.
    let ends = |e: &Step| -> [Col; 2] {
        [
            e.src_node.map_or(Col::Addr(e.src), Col::Node),
            e.dst_node.map_or(Col::Addr(e.dst), Col::Node),
        ]
    };
    let mut nodes: Vec<Col> = Vec::new();
    for e in &entries {
        for n in ends(e) {
            if !nodes.contains(&n) {
                nodes.push(n);
            }
        }
    }
    let column = |n: &Col| -> (String, String) {
        match n {
            Col::Node(n) => match l.nodes.get(n) {
                Some(c) => (c.name.clone(), c.addrs.clone()),
                None => (format!("node {n}"), String::new()),
            },
            Col::Addr(a) => (a.to_string(), String::new()),
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
    let col = |n: Col| nodes.iter().position(|x| *x == n).unwrap_or(0);
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
                let [s, d] = ends(e);
                let (a, b) = (col(s), col(d));
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
                for m in mark(fs, e.frame) {
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
                    col(ends(e)[0]),
                    col(ends(e)[1]),
                    e.frame,
                    e.name
                )?;
                for m in mark(fs, e.frame) {
                    // Mermaid notes end at a line break; ';' and '#' are kept out of them.
                    let m = m.replace([';', '#'], ",");
                    writeln!(out, "    Note over N{}: {}", col(ends(e)[1]), m)?;
                }
            }
            Ok(())
        }
        Format::Svg => {
            let colw = 220;
            let rowh = 34;
            let top = 70;
            let notes: usize = entries.iter().map(|e| mark(fs, e.frame).len()).sum();
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
                esc(label)
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
                let [s, d] = ends(e);
                let (a, b) = (x(col(s)), x(col(d)));
                writeln!(
                    out,
                    r#"<line x1="{a}" y1="{y}" x2="{b}" y2="{y}" stroke="black" marker-end="url(#a)"/><text x="{}" y="{}" text-anchor="middle">#{} {}</text>"#,
                    (a + b) / 2,
                    y - 4,
                    e.frame,
                    esc(&e.name)
                )?;
                y += rowh;
                for (m, f) in mark(fs, e.frame)
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
