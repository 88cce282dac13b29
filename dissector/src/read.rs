//! `keyhop read`: every message of a capture, one line each, as a tree, or as JSON.

use crate::capture::{CaptureError, CaptureReader, Frame};
use crate::keys::KeysFile;
use crate::message::Message;
use crate::unwrap::Analyzer;
use serde::Serialize;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How `read` prints messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per message, like tshark's summary.
    Summary,
    /// The full tree of every message (also `-V`).
    Tree,
    /// One JSON object per line.
    Jsonl,
    /// One JSON array of all messages.
    Json,
}

/// What `read` found, for the exit status and the closing line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Frames read.
    pub frames: u64,
    /// Application messages found.
    pub messages: u64,
    /// Messages that failed to decode.
    pub decode_errors: u64,
    /// Frames with a damaged lower layer (link, IP, SCTP, UDP).
    pub frame_issues: u64,
    /// Why the capture ended early, if it did (truncated or damaged file).
    pub ended_early: Option<String>,
}

impl Report {
    /// True when every frame and message decoded and the file was read to its end.
    pub fn clean(&self) -> bool {
        self.decode_errors == 0 && self.frame_issues == 0 && self.ended_early.is_none()
    }
}

/// Counts the octets read from the file, for the progress bar.
struct Counting<R> {
    inner: R,
    n: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let k = self.inner.read(buf)?;
        self.n.fetch_add(k as u64, Ordering::Relaxed);
        Ok(k)
    }
}

/// A capture being read, with the counter of octets read and the file's size.
type Opened = (
    CaptureReader<io::BufReader<Counting<File>>>,
    Arc<AtomicU64>,
    u64,
);

/// Opens a capture for reading, with a byte counter for progress.
fn open(path: &Path) -> Result<Opened, CaptureError> {
    let f = File::open(path).map_err(|source| CaptureError::Io {
        what: format!("cannot open {}", path.display()),
        source,
    })?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let n = Arc::new(AtomicU64::new(0));
    let r = io::BufReader::with_capacity(
        1 << 16,
        Counting {
            inner: f,
            n: n.clone(),
        },
    );
    Ok((CaptureReader::new(r)?, n, size))
}

/// Reads `path` and prints every message to `out` in `format`.
pub fn run(
    path: &Path,
    format: Format,
    progress: bool,
    out: &mut dyn Write,
) -> Result<Report, CaptureError> {
    run_analyzed(path, format, progress, Analyzer::default(), out)
}

/// Reads `path` and prints every message to `out` in `format`, with what the keys of `keys`
/// and those learned from the capture recover under each message, and where a key is unknown.
/// ([`run`] shows what keys learned from the capture recover, and says nothing of the others.)
pub fn run_with_keys(
    path: &Path,
    format: Format,
    progress: bool,
    keys: &KeysFile,
    out: &mut dyn Write,
) -> Result<Report, CaptureError> {
    run_analyzed(path, format, progress, Analyzer::new(keys), out)
}

fn run_analyzed(
    path: &Path,
    format: Format,
    progress: bool,
    mut analyzer: Analyzer,
    out: &mut dyn Write,
) -> Result<Report, CaptureError> {
    let (mut reader, counter, size) = open(path)?;
    let bar = if progress && io::stderr().is_terminal() && size > (8 << 20) {
        let b = indicatif::ProgressBar::new(size);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let mut report = Report::default();
    let io_err = |source: io::Error| CaptureError::Io {
        what: "cannot write output".into(),
        source,
    };
    let mut em = Emitter::new(format, out, &mut analyzer);
    if format == Format::Json {
        em.out.write_all(b"[").map_err(io_err)?;
    }
    let mut last = (0, crate::capture::Timestamp::default());
    while let Some(frame) = reader.next_frame() {
        let frame = match frame {
            Ok(f) => f,
            Err(e) => {
                report.ended_early = Some(e.to_string());
                break;
            }
        };
        report.frames += 1;
        if let Some(b) = &bar {
            if report.frames % 4096 == 0 {
                b.set_position(counter.load(Ordering::Relaxed));
            }
        }
        last = (frame.number, frame.timestamp);
        em.frame(&frame, &mut report).map_err(io_err)?;
    }
    // What the capture left unfinished (messages in reassembly, datagrams missing fragments)
    // is damage, reported as the last frame's; skipped link types are said once each.
    let end = reader.end_of_capture();
    em.issues(last.0, last.1, &end.issues, &mut report)
        .map_err(io_err)?;
    for n in &end.notes {
        eprintln!("keyhop: {}", n.what);
    }
    em.flush_all().map_err(io_err)?;
    let dropped = em.analyzer.keys.evicted;
    if dropped > 0 {
        // Once per run: later messages of those UEs may show keys as unknown.
        eprintln!(
            "keyhop: {dropped} UE key contexts dropped (limit {} UEs, least recently seen first)",
            crate::keystore::MAX_UES
        );
    }
    if format == Format::Json {
        em.out.write_all(b"]\n").map_err(io_err)?;
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    em.out.flush().map_err(io_err)?;
    Ok(report)
}

/// Records held back (at most this many) while the oldest request among them waits for its
/// response, so that the request can show `response_in` (docs/json.md, "Request and response").
pub const LOOKAHEAD: usize = 1024;

/// A rendered record waiting in the look-ahead queue.
struct Held {
    text: Vec<u8>,
    /// The frame of a GTP-C request still waiting for its response.
    waiting: Option<u64>,
    /// The frame of its response, once seen.
    response_in: Option<u64>,
}

/// Buffers of written records kept for reuse (the look-ahead queue recycles them instead of
/// allocating one per held record).
const SPARE_BUFFERS: usize = 64;

/// Writes records in order; GTP-C requests are held in a bounded queue until their response
/// (or [`LOOKAHEAD`] later records) so they can name it. The summary format is not held: it
/// shows the response side only.
///
/// Each record is rendered into one reused buffer and written from there when nothing is held,
/// so the steady state allocates no text per message.
struct Emitter<'o> {
    format: Format,
    analyzer: &'o mut Analyzer,
    out: &'o mut dyn Write,
    first: bool,
    matcher: crate::gtp_match::GtpMatcher,
    held: VecDeque<Held>,
    /// The record being rendered.
    scratch: Vec<u8>,
    /// Emptied buffers of held records, for the next held record.
    spare: Vec<Vec<u8>>,
}

impl<'o> Emitter<'o> {
    fn new(format: Format, out: &'o mut dyn Write, analyzer: &'o mut Analyzer) -> Self {
        Emitter {
            format,
            analyzer,
            out,
            first: true,
            matcher: crate::gtp_match::GtpMatcher::default(),
            held: VecDeque::new(),
            scratch: Vec::with_capacity(4096),
            spare: Vec::new(),
        }
    }

    fn frame(&mut self, frame: &Frame<'_>, report: &mut Report) -> io::Result<()> {
        self.issues(frame.number, frame.timestamp, frame.issues, report)?;
        self.frame_payloads(frame, report)
    }

    /// Writes the issues of a frame (or of the end of the capture, as its last frame's).
    fn issues(
        &mut self,
        number: u64,
        timestamp: crate::capture::Timestamp,
        issues: &[keyhop_codec::DecodeError],
        report: &mut Report,
    ) -> io::Result<()> {
        if !issues.is_empty() {
            report.frame_issues += 1;
            for e in issues {
                let rec = Issue {
                    frame: number,
                    time: timestamp.rfc3339_micros(),
                    protocol: e.protocol.name(),
                    error: e,
                };
                self.scratch.clear();
                match self.format {
                    Format::Summary | Format::Tree => writeln!(
                        self.scratch,
                        "{:>6}  {}  {:<5} [damaged frame: {}]",
                        number,
                        rec.time,
                        rec.protocol.to_uppercase(),
                        e
                    )?,
                    Format::Jsonl | Format::Json => {
                        serde_json::to_writer(&mut self.scratch, &rec).map_err(io::Error::other)?
                    }
                };
                self.push(None)?;
            }
        }
        Ok(())
    }

    fn frame_payloads(&mut self, frame: &Frame<'_>, report: &mut Report) -> io::Result<()> {
        for p in frame.payloads() {
            report.messages += 1;
            let mut msg = Message::from_payload(frame.number, frame.timestamp, &p);
            msg.security = self.analyzer.analyze(&msg);
            msg.src_name = self.analyzer.node(&msg.src.ip()).and_then(|n| n.label());
            msg.dst_name = self.analyzer.node(&msg.dst.ip()).and_then(|n| n.label());
            let mut request = false;
            match &msg.result {
                Ok(d) => {
                    if let Some(h) = crate::gtp_match::GtpHeader::of(d) {
                        let o = self
                            .matcher
                            .observe(h, msg.frame, msg.time, msg.src, msg.dst);
                        msg.answer = o.answer;
                        request = o.is_request;
                    }
                }
                Err(_) => report.decode_errors += 1,
            }
            if let Some(a) = msg.answer {
                if let Some(h) = self
                    .held
                    .iter_mut()
                    .find(|h| h.waiting == Some(a.request_frame))
                {
                    h.waiting = None;
                    h.response_in = Some(msg.frame);
                }
            }
            self.scratch.clear();
            match self.format {
                Format::Summary => crate::output::summary_line(&msg, &mut self.scratch)?,
                Format::Tree => crate::output::tree(&msg, &mut self.scratch)?,
                Format::Jsonl | Format::Json => {
                    serde_json::to_writer(&mut self.scratch, &msg).map_err(io::Error::other)?
                }
            }
            let hold = request && self.format != Format::Summary;
            self.push(hold.then_some(msg.frame))?;
        }
        Ok(())
    }

    /// Queues the record in `scratch` (or writes it at once when nothing is held and it waits
    /// for nothing).
    fn push(&mut self, waiting: Option<u64>) -> io::Result<()> {
        if self.held.is_empty() && waiting.is_none() {
            let text = std::mem::take(&mut self.scratch);
            let r = self.write(&text, None);
            self.scratch = text;
            return r;
        }
        let next = self.spare.pop().unwrap_or_default();
        let text = std::mem::replace(&mut self.scratch, next);
        self.held.push_back(Held {
            text,
            waiting,
            response_in: None,
        });
        while let Some(front) = self.held.front() {
            if front.waiting.is_some() && self.held.len() <= LOOKAHEAD {
                break;
            }
            let h = self.held.pop_front().expect("front exists");
            self.write_held(h)?;
        }
        Ok(())
    }

    fn flush_all(&mut self) -> io::Result<()> {
        while let Some(h) = self.held.pop_front() {
            self.write_held(h)?;
        }
        Ok(())
    }

    /// Writes a held record and keeps its buffer for reuse.
    fn write_held(&mut self, h: Held) -> io::Result<()> {
        let mut text = h.text;
        let r = self.write(&text, h.response_in);
        if self.spare.len() < SPARE_BUFFERS {
            text.clear();
            self.spare.push(text);
        }
        r
    }

    /// Writes one record, adding `response_in` last.
    fn write(&mut self, text: &[u8], response_in: Option<u64>) -> io::Result<()> {
        if matches!(self.format, Format::Json) && !self.first {
            self.out.write_all(b",\n")?;
        }
        self.first = false;
        match (response_in, self.format) {
            (Some(f), Format::Json | Format::Jsonl) if text.ends_with(b"}") => {
                self.out.write_all(&text[..text.len() - 1])?;
                write!(self.out, ",\"response_in\":{f}}}")?;
            }
            // The tree ends with a blank line; the field goes before it.
            (Some(f), Format::Tree) if text.ends_with(b"\n\n") => {
                self.out.write_all(&text[..text.len() - 1])?;
                write!(self.out, "    response_in: {f}\n\n")?;
            }
            _ => self.out.write_all(text)?,
        }
        if self.format == Format::Jsonl {
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct Issue<'e> {
    frame: u64,
    time: String,
    protocol: &'static str,
    error: &'e keyhop_codec::DecodeError,
}
