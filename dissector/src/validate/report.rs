//! The validation report: text for people, JSON for scripts (schema in docs/validate.md).

use super::engine::ProcCount;
use super::rules::{Finding, ProcKind, Rule, Severity};
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

/// Writes the report of `o` for `capture` in `format`, the findings being those `o` kept.
pub fn write(o: &Outcome, capture: &str, format: Format, out: &mut dyn Write) -> io::Result<()> {
    let mut s = Stream::begin(capture, format, out);
    for f in &o.engine.findings {
        s.finding(f);
    }
    s.end(o)
}

/// A report written as the findings come: the header, each finding as it is produced, then
/// (at [`Stream::end`]) the counts and the summary. Only counters are kept, so the memory does
/// not grow with the capture. The first write error is kept and returned by `end`.
pub struct Stream<'w> {
    out: &'w mut dyn Write,
    format: Format,
    capture: String,
    started: bool,
    written: u64,
    err: Option<io::Error>,
}

impl<'w> Stream<'w> {
    /// Starts the report of `capture`. Nothing is written before the first finding or `end`
    /// (a capture that cannot be opened leaves stdout empty).
    pub fn begin(capture: &str, format: Format, out: &'w mut dyn Write) -> Self {
        Stream {
            out,
            format,
            capture: capture.into(),
            started: false,
            written: 0,
            err: None,
        }
    }

    /// JSON: the document up to the findings array.
    fn start(&mut self) {
        if self.started {
            return;
        }
        self.started = true;
        if self.format == Format::Json {
            let r = serde_json::to_string(&self.capture)
                .map_err(io::Error::from)
                .and_then(|c| {
                    write!(
                        self.out,
                        "{{\n  \"version\": 1,\n  \"capture\": {c},\n  \"findings\": ["
                    )
                });
            self.keep(r);
        }
    }

    fn keep(&mut self, r: io::Result<()>) {
        if let (Err(e), None) = (r, &self.err) {
            self.err = Some(e);
        }
    }

    /// Writes one finding.
    pub fn finding(&mut self, f: &Finding) {
        self.start();
        if self.err.is_some() {
            return;
        }
        let sep = if self.written == 0 { "" } else { "," };
        self.written += 1;
        let r = match self.format {
            Format::Json => serde_json::to_string(f)
                .map_err(io::Error::from)
                .and_then(|j| write!(self.out, "{sep}\n    {j}")),
            Format::Text => text_line(f, self.out),
        };
        self.keep(r);
    }

    /// Writes the counts and the summary of `o` (whose findings were given to [`Self::finding`]).
    pub fn end(mut self, o: &Outcome) -> io::Result<()> {
        self.start();
        if let Some(e) = self.err.take() {
            return Err(e);
        }
        let total: u64 = o.engine.counts.values().sum();
        let dropped = total.saturating_sub(self.written);
        let capture = self.capture.as_str();
        let out = &mut *self.out;
        match self.format {
            Format::Json => {
                let close = if self.written == 0 { "]" } else { "\n  ]" };
                let ended = serde_json::to_string(&o.ended_early)?;
                let summary = serde_json::to_string_pretty(&summary(o))?.replace('\n', "\n  ");
                writeln!(
                    out,
                    "{close},\n  \"frames\": {},\n  \"messages\": {},\n  \"events\": {},\n  \"ended_early\": {ended},\n  \"findings_dropped\": {dropped},\n  \"summary\": {summary}\n}}",
                    o.frames, o.messages, o.events
                )
            }
            Format::Text => {
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
                            "  {:<16} {} handovers: {} complete, {} cancelled, {} failed, {} incomplete, {} with forward secrecy",
                            k.name(),
                            c.started,
                            c.complete,
                            c.cancelled,
                            c.failed,
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
}

fn text_line(f: &Finding, out: &mut dyn Write) -> io::Result<()> {
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
    write!(out, " frames=")?;
    for (i, n) in f.frames.iter().enumerate() {
        write!(out, "{}{n}", if i == 0 { "" } else { "," })?;
    }
    writeln!(out, ": {}", f.text)
}
