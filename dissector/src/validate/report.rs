//! The validation report: text for people, JSON for scripts (schema in docs/validate.md).

use super::engine::ProcCount;
use super::rules::{ProcKind, Rule, Severity};
use super::Outcome;
use serde::Serialize;
use std::io::{self, Write};

/// `--format` of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per finding, then the summary.
    Text,
    /// One JSON document (docs/validate.md).
    Json,
}

#[derive(Serialize)]
struct RuleCount {
    severity: Severity,
    count: u64,
}

#[derive(Serialize)]
struct Summary {
    errors: u64,
    warnings: u64,
    infos: u64,
    /// Every rule id of the table, with its count (0 included: the key set is stable).
    rules: serde_json::Map<String, serde_json::Value>,
    /// Every procedure kind, with its counts.
    procedures: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    capture: String,
    frames: u64,
    messages: u64,
    events: u64,
    ended_early: Option<&'a str>,
    findings_dropped: u64,
    findings: &'a [super::rules::Finding],
    summary: Summary,
}

fn summary(o: &Outcome) -> Summary {
    let mut s = Summary {
        errors: 0,
        warnings: 0,
        infos: 0,
        rules: Default::default(),
        procedures: Default::default(),
    };
    for r in Rule::ALL {
        let n = o.engine.counts.get(r).copied().unwrap_or(0);
        match r.severity() {
            Severity::Error => s.errors += n,
            Severity::Warning => s.warnings += n,
            Severity::Info => s.infos += n,
        }
        s.rules.insert(
            r.id().into(),
            serde_json::to_value(RuleCount {
                severity: r.severity(),
                count: n,
            })
            .unwrap_or_default(),
        );
    }
    for k in ProcKind::ALL {
        let c = o.engine.procs.get(&k).copied().unwrap_or_default();
        s.procedures
            .insert(k.name().into(), serde_json::to_value(c).unwrap_or_default());
    }
    s
}

/// Writes the report of `o` for `capture` in `format`.
pub fn write(o: &Outcome, capture: &str, format: Format, out: &mut dyn Write) -> io::Result<()> {
    let total: u64 = o.engine.counts.values().sum();
    let dropped = total.saturating_sub(o.engine.findings.len() as u64);
    match format {
        Format::Json => {
            let doc = Doc {
                version: 1,
                capture: capture.into(),
                frames: o.frames,
                messages: o.messages,
                events: o.events,
                ended_early: o.ended_early.as_deref(),
                findings_dropped: dropped,
                findings: &o.engine.findings,
                summary: summary(o),
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            out.write_all(b"\n")
        }
        Format::Text => {
            for f in &o.engine.findings {
                let frames: Vec<String> = f.frames.iter().map(|n| n.to_string()).collect();
                write!(out, "{:<7} {}", f.severity.to_string(), f.rule)?;
                if let Some(a) = f.about {
                    write!(out, "({a})")?;
                }
                if let Some(u) = &f.ue {
                    write!(out, " ue={u}")?;
                }
                if let Some(p) = f.procedure {
                    write!(out, " {}", p.name())?;
                }
                writeln!(out, " frames={}: {}", frames.join(","), f.text)?;
            }
            if dropped > 0 {
                writeln!(out, "({dropped} more findings not listed)")?;
            }
            let s = summary(o);
            writeln!(
                out,
                "{capture}: {} frames, {} messages, {} events; {} errors, {} warnings, {} infos",
                o.frames, o.messages, o.events, s.errors, s.warnings, s.infos
            )?;
            for r in Rule::ALL {
                let n = o.engine.counts.get(r).copied().unwrap_or(0);
                if n > 0 {
                    writeln!(out, "  {:<19} {:<7} {n}", r.id(), r.severity().to_string())?;
                }
            }
            for k in ProcKind::ALL {
                let c: ProcCount = o.engine.procs.get(&k).copied().unwrap_or_default();
                if c.started > 0 {
                    writeln!(
                        out,
                        "  {:<16} {} handovers: {} complete, {} cancelled, {} incomplete, {} with forward secrecy",
                        k.name(),
                        c.started,
                        c.complete,
                        c.cancelled,
                        c.incomplete,
                        c.forward_secrecy
                    )?;
                }
            }
            if let Some(e) = &o.ended_early {
                writeln!(out, "  capture ended early: {e}")?;
            }
            Ok(())
        }
    }
}
