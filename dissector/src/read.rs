//! `keyhop read`: every message of a capture, one line each, as a tree, or as JSON.

use crate::capture::{CaptureError, CaptureReader, Frame};
use crate::message::Message;
use serde::Serialize;
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
    let mut first_json = true;
    // One JSON record is serialized here, then written in one call: serde_json's many small
    // writes stay off the `dyn Write`.
    let mut scratch = Vec::with_capacity(4096);
    let io_err = |source: io::Error| CaptureError::Io {
        what: "cannot write output".into(),
        source,
    };
    if format == Format::Json {
        out.write_all(b"[").map_err(io_err)?;
    }
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
        emit_frame(
            &frame,
            format,
            &mut report,
            &mut first_json,
            &mut scratch,
            out,
        )
        .map_err(io_err)?;
    }
    if format == Format::Json {
        out.write_all(b"]\n").map_err(io_err)?;
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    out.flush().map_err(io_err)?;
    Ok(report)
}

fn emit_frame(
    frame: &Frame<'_>,
    format: Format,
    report: &mut Report,
    first_json: &mut bool,
    scratch: &mut Vec<u8>,
    out: &mut dyn Write,
) -> io::Result<()> {
    if !frame.issues.is_empty() {
        report.frame_issues += 1;
        for e in frame.issues {
            let rec = Issue {
                frame: frame.number,
                time: frame.timestamp.rfc3339_micros(),
                protocol: e.protocol.name(),
                error: e,
            };
            match format {
                Format::Summary | Format::Tree => writeln!(
                    out,
                    "{:>6}  {}  {:<5} [damaged frame: {}]",
                    frame.number,
                    rec.time,
                    rec.protocol.to_uppercase(),
                    e
                )?,
                Format::Jsonl | Format::Json => {
                    json_record(&rec, format, first_json, scratch, out)?
                }
            }
        }
    }
    for p in frame.payloads() {
        report.messages += 1;
        let msg = Message::from_payload(frame.number, frame.timestamp, &p);
        if msg.result.is_err() {
            report.decode_errors += 1;
        }
        match format {
            Format::Summary => crate::output::summary_line(&msg, out)?,
            Format::Tree => crate::output::tree(&msg, out)?,
            Format::Jsonl | Format::Json => json_record(&msg, format, first_json, scratch, out)?,
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Issue<'e> {
    frame: u64,
    time: String,
    protocol: &'static str,
    error: &'e keyhop_codec::DecodeError,
}

fn json_record<T: Serialize>(
    rec: &T,
    format: Format,
    first: &mut bool,
    scratch: &mut Vec<u8>,
    out: &mut dyn Write,
) -> io::Result<()> {
    scratch.clear();
    if format == Format::Json && !*first {
        scratch.extend_from_slice(b",\n");
    }
    *first = false;
    serde_json::to_writer(&mut *scratch, rec)?;
    if format == Format::Jsonl {
        scratch.push(b'\n');
    }
    out.write_all(scratch)?;
    // A record of an unusually large message should not keep its buffer for the whole run.
    if scratch.capacity() > 1 << 20 {
        *scratch = Vec::with_capacity(4096);
    }
    Ok(())
}
