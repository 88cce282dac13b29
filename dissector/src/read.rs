//! `keyhop read`: every message of a capture, one line each, as a tree, or as JSON.

pub mod summary_lazy;

use crate::analysis::keyflow::Analyzer;
use crate::capture::{
    AppProto, CaptureError, CaptureReader, DecodeError, Frame, Limits, Payload, Ports, Timestamp,
    Transport,
};
use crate::cut::{FrameSet, PcapngWriter, RawFrame, Skips};
use crate::filter::{Filter, View};
use crate::keys::KeysFile;
use crate::output::Message;
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How `read` prints messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One line per message, like tshark's summary.
    #[default]
    Summary,
    /// The full tree of every message (also `-V`).
    Tree,
    /// One JSON object per line.
    Jsonl,
    /// One JSON array of all messages.
    Json,
}

/// How the summary shows time (`-t`, as tshark's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TimeMode {
    /// Absolute UTC time (RFC 3339).
    #[default]
    #[value(name = "a")]
    Absolute,
    /// Seconds since the first frame read.
    #[value(name = "r")]
    Relative,
    /// Seconds since the previous message shown.
    #[value(name = "d")]
    Delta,
}

/// What `read` does besides printing: filter, cut, write, how it shows time.
#[derive(Debug, Default)]
pub struct Options<'k> {
    /// Output format.
    pub format: Format,
    /// A progress bar on a terminal, for large files.
    pub progress: bool,
    /// The keys file, if any (shows what its keys recover, and where a key is unknown).
    pub keys: Option<&'k KeysFile>,
    /// Only messages the display filter selects.
    pub filter: Option<Filter>,
    /// Stop after this many messages shown.
    pub count: Option<u64>,
    /// Only frames in this set.
    pub frames: Option<FrameSet>,
    /// The summary's time column.
    pub time: TimeMode,
    /// Write the frames of the messages shown to this pcapng file.
    pub write: Option<PathBuf>,
    /// End JSON output (json, jsonl) with a `{"read_report": ...}` record.
    pub report_record: bool,
    /// Reading limits.
    pub limits: Limits,
    /// Decode-as ports.
    pub ports: Ports,
    /// Decode every S1AP/X2AP message in full also for the summary, which otherwise types only
    /// the IEs it reads ([`summary_lazy`]; same output): to check that path.
    pub full_decode: bool,
}

/// What `read` found, for the exit status and the closing report.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The capture files read (`-` for standard input).
    pub files: Vec<String>,
    /// Frames read.
    pub frames: u64,
    /// Application messages found.
    pub messages: u64,
    /// Messages found, per protocol (`s1ap`, `x2ap`, `gtpv1`, `gtpv2`).
    pub per_protocol: BTreeMap<&'static str, u64>,
    /// Messages shown (selected by `-Y` and `--frames`, within `-c`).
    pub shown: u64,
    /// Messages that failed to decode.
    pub decode_errors: u64,
    /// Frames with a damaged lower layer (link, IP, SCTP, UDP).
    pub frame_issues: u64,
    /// Frames that gave no message, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Frames written by `-w`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<u64>,
    /// Frames of fragmented SCTP messages `-w` could no longer write (out of its window).
    #[serde(skip_serializing_if = "is_zero")]
    pub write_missed: u64,
    /// Why a capture ended early, if one did (truncated or damaged file), naming the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_early: Option<String>,
    /// Filter fields that occurred in no message (a misspelt field matches nothing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unseen_fields: Vec<String>,
    /// Reading stopped at `-c` or at the end of `--frames`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stopped_early: bool,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Report {
    /// True when every frame and message decoded and the file was read to its end.
    pub fn clean(&self) -> bool {
        self.decode_errors == 0 && self.frame_issues == 0 && self.ended_early.is_none()
    }

    /// The closing report in words (for stderr), with what keyhop looks for when it found
    /// nothing.
    pub fn text(&self) -> String {
        let mut s = format!(
            "keyhop: read {} frames, {} messages",
            self.frames, self.messages
        );
        if !self.per_protocol.is_empty() {
            let per: Vec<String> = self
                .per_protocol
                .iter()
                .map(|(p, n)| format!("{p} {n}"))
                .collect();
            s += &format!(" ({})", per.join(", "));
        }
        if self.shown != self.messages {
            s += &format!(", {} shown", self.shown);
        }
        if let Some(w) = self.written {
            s += &format!(", {w} frames written");
        }
        if self.stopped_early {
            s += " (stopped at -c or past --frames)";
        }
        s.push('\n');
        if let Some(line) = crate::cut::skipped_line(&self.skipped) {
            s += &format!("keyhop: {line}\n");
        }
        if self.decode_errors + self.frame_issues > 0 {
            s += &format!(
                "keyhop: {} of {} messages failed to decode, {} frames damaged\n",
                self.decode_errors, self.messages, self.frame_issues
            );
        }
        if self.write_missed > 0 {
            s += &format!(
                "keyhop: -w: {} earlier frames of fragmented SCTP messages were out of the window and not written\n",
                self.write_missed
            );
        }
        for f in &self.unseen_fields {
            s += &format!(
                "keyhop: filter field `{f}` occurred in no message (misspelt? see docs/cli.md)\n"
            );
        }
        if self.messages == 0 && self.frames > 0 {
            s += "keyhop: no S1AP, X2AP or GTP-C message found. keyhop reads S1AP on SCTP PPID 18 or port 36412, \
                  X2AP on SCTP PPID 27 or port 36422, GTPv1-C/GTPv2-C on UDP port 2123; map other ports with \
                  --s1ap-port, --x2ap-port, --gtp-port (like Wireshark's decode-as)\n";
        }
        s
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

/// A capture being read.
type Reader = CaptureReader<io::BufReader<Counting<Box<dyn Read>>>>;

/// Opens a capture (`-` is standard input) with a byte counter for progress; returns the
/// reader and the file's size (0 when unknown).
fn open(
    path: &Path,
    counter: &Arc<AtomicU64>,
    limits: &Limits,
    ports: &Ports,
) -> Result<(Reader, u64), CaptureError> {
    let name = path.display();
    let (src, size): (Box<dyn Read>, u64) = if path.as_os_str() == crate::capture::STDIN {
        (Box::new(io::stdin().lock()), 0)
    } else {
        let f = File::open(path).map_err(|source| CaptureError::Io {
            what: format!("cannot open {name}"),
            source,
        })?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(f), size)
    };
    let r = io::BufReader::with_capacity(
        1 << 16,
        Counting {
            inner: src,
            n: counter.clone(),
        },
    );
    let reader = CaptureReader::with_limits(r, limits.clone())
        .map_err(|e| named(path, e))?
        .with_ports(ports.clone());
    Ok((reader, size))
}

/// The error with the file's name in front (a truncated capture's error names the file).
fn named(path: &Path, e: CaptureError) -> CaptureError {
    match e {
        CaptureError::Io { what, source } if !what.contains(&*path.to_string_lossy()) => {
            CaptureError::Io {
                what: format!("{}: {what}", path.display()),
                source,
            }
        }
        CaptureError::Io { .. } => e,
        other => CaptureError::Io {
            what: path.display().to_string(),
            source: io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
        },
    }
}

/// Reads `path` and prints every message to `out` in `format`.
pub fn run(
    path: &Path,
    format: Format,
    progress: bool,
    out: &mut dyn Write,
) -> Result<Report, CaptureError> {
    let opts = Options {
        format,
        progress,
        ..Default::default()
    };
    read(&[path.to_path_buf()], opts, out)
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
    let opts = Options {
        format,
        progress,
        keys: Some(keys),
        ..Default::default()
    };
    read(&[path.to_path_buf()], opts, out)
}

/// One frame copied out of its reader (to merge several files by time).
struct Owned {
    file: usize,
    number: u64,
    timestamp: Timestamp,
    link_type: u32,
    original_len: u32,
    data: Vec<u8>,
    issues: Vec<DecodeError>,
    payloads: Vec<(SocketAddr, SocketAddr, AppProto, Transport, Vec<u8>)>,
    /// The addresses of each multi-homed association a payload came on (association ids do
    /// not outlive their reader, so they are resolved here).
    multihomed: Vec<(AppProto, [Vec<IpAddr>; 2])>,
}

impl Owned {
    fn of(file: usize, f: &Frame<'_>) -> Owned {
        Owned {
            file,
            number: f.number,
            timestamp: f.timestamp,
            link_type: f.link_type,
            original_len: f.original_len,
            data: f.data.to_vec(),
            issues: f.issues.to_vec(),
            payloads: f
                .payloads()
                .map(|p| (p.src, p.dst, p.app, p.transport, p.data.to_vec()))
                .collect(),
            multihomed: f
                .payloads()
                .filter_map(|p| Some((p.app, crate::validate::multihomed(f, &p)?)))
                .collect(),
        }
    }
}

/// Reads the captures in `paths` (merged by time, as mergecap does, when there are several;
/// frames keep their number within their own file) and prints the selected messages to `out`.
///
/// A capture that cannot be opened is an error; one that ends early (truncated, damaged) is
/// read to that point and named in [`Report::ended_early`].
pub fn read(
    paths: &[PathBuf],
    opts: Options<'_>,
    out: &mut dyn Write,
) -> Result<Report, CaptureError> {
    let counter = Arc::new(AtomicU64::new(0));
    let mut readers = Vec::with_capacity(paths.len());
    let mut total = 0u64;
    for p in paths {
        let (r, size) = open(p, &counter, &opts.limits, &opts.ports)?;
        total += size;
        readers.push(r);
    }
    let bar = if opts.progress && io::stderr().is_terminal() && total > (8 << 20) {
        let b = indicatif::ProgressBar::new(total);
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
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut report = Report {
        files: names.clone(),
        ..Default::default()
    };
    let io_err = |source: io::Error| CaptureError::Io {
        what: "cannot write output".into(),
        source,
    };
    let mut analyzer = match opts.keys {
        Some(k) => Analyzer::new(k),
        None => Analyzer::default(),
    };
    let writer = match &opts.write {
        Some(p) => {
            let f = File::create(p).map_err(|source| CaptureError::Io {
                what: format!("cannot create {}", p.display()),
                source,
            })?;
            Some(PcapngWriter::new(io::BufWriter::new(f)).map_err(io_err)?)
        }
        None => None,
    };
    // A filter on `ue` needs each message's UE chain: a first pass traces the UEs.
    let no_keys = KeysFile::default();
    let trace = match &opts.filter {
        Some(f) if f.uses_ue() => Some(crate::validate::trace::trace(
            paths,
            opts.keys.unwrap_or(&no_keys),
            &opts.ports,
            Default::default(),
            crate::validate::trace::Keep::Messages,
            None,
        )?),
        _ => None,
    };
    let format = opts.format;
    let mut em = Emitter::new(format, out, &mut analyzer);
    em.filter = opts.filter.as_ref();
    em.trace = trace.as_ref();
    em.count = opts.count;
    em.frames = opts.frames.as_ref();
    em.time = opts.time;
    // The summary alone reads a few IEs of each message; a filter may read any field.
    if format == Format::Summary && em.filter.is_none() && !opts.full_decode {
        em.partial = Some(summary_lazy::Decoder::new());
    }
    em.names = if names.len() > 1 {
        names.clone()
    } else {
        Vec::new()
    };
    em.cut = writer.map(|w| Cut {
        w,
        ring: VecDeque::new(),
        ring_bytes: 0,
    });
    if format == Format::Json {
        em.out.write_all(b"[").map_err(io_err)?;
    }
    // Each file's last frame: what the file left unfinished is reported as its damage.
    let mut last = vec![(0u64, Timestamp::default()); readers.len()];
    if readers.len() == 1 {
        let reader = &mut readers[0];
        while let Some(frame) = reader.next_frame() {
            let frame = match frame {
                Ok(f) => f,
                Err(e) => {
                    report.ended_early = Some(format!("{}: {e}", names[0]));
                    break;
                }
            };
            report.frames += 1;
            last[0] = (frame.number, frame.timestamp);
            if let Some(b) = &bar {
                if report.frames.is_multiple_of(4096) {
                    b.set_position(counter.load(Ordering::Relaxed));
                }
            }
            let head = Head {
                file: 0,
                number: frame.number,
                timestamp: frame.timestamp,
                link_type: frame.link_type,
                original_len: frame.original_len,
                data: frame.data,
                issues: frame.issues,
            };
            // A multi-homed association's addresses name one node per endpoint.
            for p in frame.payloads() {
                if let Some(sides) = crate::validate::multihomed(&frame, &p) {
                    em.namer.tie_association(p.app, [&sides[0], &sides[1]]);
                }
            }
            em.frame(&head, frame.payloads(), &mut report)
                .map_err(io_err)?;
            if em.done() {
                report.stopped_early = true;
                break;
            }
        }
    } else {
        // mergecap: repeatedly take the earliest pending frame (the first file's on a tie).
        let mut pending: Vec<Option<Owned>> = readers.iter().map(|_| None).collect();
        let mut live: Vec<bool> = readers.iter().map(|_| true).collect();
        loop {
            for (i, r) in readers.iter_mut().enumerate() {
                if pending[i].is_none() && live[i] {
                    match r.next_frame() {
                        Some(Ok(f)) => pending[i] = Some(Owned::of(i, &f)),
                        Some(Err(e)) => {
                            let why = format!("{}: {e}", names[i]);
                            report.ended_early = Some(match report.ended_early.take() {
                                Some(prev) => format!("{prev}; {why}"),
                                None => why,
                            });
                            live[i] = false;
                        }
                        None => live[i] = false,
                    }
                }
            }
            let next = pending
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.as_ref().map(|p| (p.timestamp, i)))
                .min();
            let Some((_, i)) = next else { break };
            let o = pending[i].take().expect("pending frame");
            report.frames += 1;
            last[o.file] = (o.number, o.timestamp);
            if let Some(b) = &bar {
                if report.frames.is_multiple_of(4096) {
                    b.set_position(counter.load(Ordering::Relaxed));
                }
            }
            let head = Head {
                file: o.file,
                number: o.number,
                timestamp: o.timestamp,
                link_type: o.link_type,
                original_len: o.original_len,
                data: &o.data,
                issues: &o.issues,
            };
            let payloads = o
                .payloads
                .iter()
                .map(|(src, dst, app, transport, data)| Payload {
                    src: *src,
                    dst: *dst,
                    app: *app,
                    transport: *transport,
                    data,
                });
            for (app, sides) in &o.multihomed {
                em.namer.tie_association(*app, [&sides[0], &sides[1]]);
            }
            em.frame(&head, payloads, &mut report).map_err(io_err)?;
            if em.done() {
                report.stopped_early = true;
                break;
            }
        }
    }
    if !report.stopped_early {
        // What a capture left unfinished (messages in reassembly, datagrams missing fragments)
        // is damage, shown as its last frame's; skipped link types are said once each. Not a
        // frame of the capture, so never written by -w.
        for (i, r) in readers.iter().enumerate() {
            let end = r.end_of_capture();
            if !end.issues.is_empty() {
                let head = Head {
                    file: i,
                    number: last[i].0,
                    timestamp: last[i].1,
                    link_type: 0,
                    original_len: 0,
                    data: &[],
                    issues: &end.issues,
                };
                let cut = em.cut.take();
                let r = em.frame(&head, std::iter::empty(), &mut report);
                em.cut = cut;
                r.map_err(io_err)?;
            }
            for n in &end.notes {
                match names.len() {
                    1 => eprintln!("keyhop: {}", n.what),
                    _ => eprintln!("keyhop: {}: {}", names[i], n.what),
                }
            }
        }
    }
    em.flush_all().map_err(io_err)?;
    em.finish_counts(&mut report);
    let dropped = em.analyzer.keys.evicted;
    if dropped > 0 {
        // Once per run: later messages of those UEs may show keys as unknown.
        eprintln!(
            "keyhop: {dropped} UE key contexts dropped (limit {} UEs, least recently seen first)",
            crate::analysis::keystore::MAX_UES
        );
    }
    if let Some(c) = em.cut.take() {
        report.written = Some(c.w.written);
        c.w.finish().map_err(|source| CaptureError::Io {
            what: "cannot write the -w file".into(),
            source,
        })?;
    }
    report.write_missed = em.write_missed;
    if let Some(f) = em.filter {
        report.unseen_fields = f.never_seen().into_iter().map(String::from).collect();
    }
    if opts.report_record && matches!(format, Format::Json | Format::Jsonl) {
        let mut rec = Vec::new();
        serde_json::to_writer(&mut rec, &serde_json::json!({ "read_report": &report }))
            .map_err(|e| io_err(io::Error::other(e)))?;
        em.write(&rec, None).map_err(io_err)?;
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

/// A frame's envelope, from a reader or copied out of one.
struct Head<'f> {
    file: usize,
    number: u64,
    timestamp: Timestamp,
    link_type: u32,
    original_len: u32,
    data: &'f [u8],
    issues: &'f [DecodeError],
}

/// `-w`: the writer, and recent SCTP frames not written, so that a matching message
/// reassembled from several chunks brings its earlier frames along.
struct Cut {
    w: PcapngWriter<io::BufWriter<File>>,
    ring: VecDeque<Kept>,
    ring_bytes: usize,
}

/// An SCTP frame kept for `-w`.
struct Kept {
    file: usize,
    number: u64,
    timestamp: Timestamp,
    link_type: u32,
    original_len: u32,
    pair: (SocketAddr, SocketAddr),
    data: Vec<u8>,
}

/// Frames (and octets) of SCTP frames kept for `-w`.
const CUT_RING_FRAMES: usize = 65_536;
const CUT_RING_BYTES: usize = 64 << 20;

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
    matcher: crate::analysis::gtp_match::GtpMatcher,
    /// Names the ends of each message from the node map.
    namer: crate::validate::names::Namer,
    held: VecDeque<Held>,
    /// The record being rendered.
    scratch: Vec<u8>,
    /// Emptied buffers of held records, for the next held record.
    spare: Vec<Vec<u8>>,
    filter: Option<&'o Filter>,
    /// Each message's UE, for a filter on `ue`.
    trace: Option<&'o crate::validate::trace::Trace>,
    count: Option<u64>,
    frames: Option<&'o FrameSet>,
    time: TimeMode,
    /// File names, when several files are read (records then name theirs).
    names: Vec<String>,
    cut: Option<Cut>,
    write_missed: u64,
    shown: u64,
    /// Whether every frame wanted was read (`-c` reached, or past `--frames`).
    finished: bool,
    first_time: Option<Timestamp>,
    prev_frame_time: Option<Timestamp>,
    prev_shown_time: Option<Timestamp>,
    /// (first frame, SCTP pair) of the fragmented messages shown from the current frame.
    fragmented: Vec<(u64, (SocketAddr, SocketAddr))>,
    /// Messages per protocol ([`app_index`]).
    per_app: [u64; 4],
    /// Frames without a message, per reason.
    skips: Skips,
    /// The summary's partial decoder, when the output needs no more than it types.
    partial: Option<summary_lazy::Decoder>,
}

/// A protocol's slot in [`Emitter::per_app`].
fn app_index(a: AppProto) -> usize {
    match a {
        AppProto::S1ap => 0,
        AppProto::X2ap => 1,
        AppProto::Gtpv1c => 2,
        AppProto::Gtpv2c => 3,
    }
}

impl<'o> Emitter<'o> {
    fn new(format: Format, out: &'o mut dyn Write, analyzer: &'o mut Analyzer) -> Self {
        Emitter {
            format,
            analyzer,
            out,
            first: true,
            matcher: crate::analysis::gtp_match::GtpMatcher::default(),
            namer: crate::validate::names::Namer::default(),
            held: VecDeque::new(),
            scratch: Vec::with_capacity(4096),
            spare: Vec::new(),
            filter: None,
            trace: None,
            count: None,
            frames: None,
            time: TimeMode::Absolute,
            names: Vec::new(),
            cut: None,
            write_missed: 0,
            shown: 0,
            finished: false,
            first_time: None,
            prev_frame_time: None,
            prev_shown_time: None,
            fragmented: Vec::new(),
            per_app: [0; 4],
            skips: Skips::default(),
            partial: None,
        }
    }

    /// Whether reading can stop.
    fn done(&self) -> bool {
        self.finished
    }

    /// Starts a record in `scratch`: the file's name when several are read.
    fn begin_record(&mut self, file: usize) {
        self.scratch.clear();
        if let Some(name) = self.names.get(file) {
            match self.format {
                Format::Summary | Format::Tree => {
                    self.scratch.extend_from_slice(name.as_bytes());
                    self.scratch.extend_from_slice(b": ");
                }
                Format::Json | Format::Jsonl => {
                    self.scratch.extend_from_slice(b"{\"file\":");
                    let _ = serde_json::to_writer(&mut self.scratch, name);
                    self.scratch.push(b',');
                }
            }
        }
    }

    /// Ends a JSON record begun with a file name: drops the record's own opening brace.
    fn end_json_record(&mut self, file: usize, at: usize) {
        if self.names.get(file).is_some() && self.scratch.get(at) == Some(&b'{') {
            self.scratch.remove(at);
        }
    }

    fn frame<'f>(
        &mut self,
        frame: &Head<'f>,
        payloads: impl Iterator<Item = Payload<'f>>,
        report: &mut Report,
    ) -> io::Result<()> {
        let first_time = *self.first_time.get_or_insert(frame.timestamp);
        let prev_time = self
            .prev_frame_time
            .replace(frame.timestamp)
            .unwrap_or(frame.timestamp);
        let in_range = self.frames.is_none_or(|s| s.contains(frame.number));
        if !frame.issues.is_empty() {
            report.frame_issues += 1;
            // Damage is not a message: shown when no filter selects messages.
            let show = in_range && self.filter.is_none() && !self.finished;
            for e in frame.issues.iter().filter(|_| show) {
                let rec = Issue {
                    frame: frame.number,
                    time: frame.timestamp.rfc3339_micros(),
                    protocol: e.protocol.name(),
                    error: e,
                };
                self.begin_record(frame.file);
                let at = self.scratch.len();
                match self.format {
                    Format::Summary | Format::Tree => writeln!(
                        self.scratch,
                        "{:>6}  {}  {:<5} [damaged frame: {}]",
                        frame.number,
                        rec.time,
                        rec.protocol.to_uppercase(),
                        e
                    )?,
                    Format::Jsonl | Format::Json => {
                        serde_json::to_writer(&mut self.scratch, &rec).map_err(io::Error::other)?
                    }
                };
                self.end_json_record(frame.file, at);
                self.push(None)?;
            }
        }
        let mut any = false;
        let mut matched = false;
        self.fragmented.clear();
        for (index, p) in payloads.enumerate() {
            any = true;
            report.messages += 1;
            // Counted in a fixed array (no map lookup per message); the report's map at the end.
            self.per_app[app_index(p.app)] += 1;
            let mut msg = match &mut self.partial {
                Some(d) => d.message(frame.number, frame.timestamp, &p),
                None => Message::from_payload(frame.number, frame.timestamp, &p),
            };
            msg.security = self
                .analyzer
                .analyze(msg.frame, msg.src, msg.dst, &msg.result);
            (msg.src_node, msg.dst_node) = self.namer.name(msg.frame, msg.time, &p, &msg.result);
            let mut request = false;
            match &msg.result {
                Ok(d) => {
                    if let Some(h) = crate::analysis::gtp_match::GtpHeader::of(d) {
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
            if !in_range || self.finished {
                continue;
            }
            if let Some(f) = self.filter {
                let mut view = View::new(&msg, p.transport);
                view.first_time = first_time;
                view.prev_time = prev_time;
                view.file = self.names.get(frame.file).map(String::as_str);
                view.chain = self.trace.and_then(|t| {
                    let u = t.ue_of((frame.file as u32, frame.number, index as u32))?;
                    t.chain(u)
                });
                if !f.matches(&view) {
                    continue;
                }
            }
            matched = true;
            self.shown += 1;
            report.shown += 1;
            if let Transport::Sctp(i) = p.transport {
                if i.fragments > 1 && i.first_frame < frame.number {
                    let pair = if p.src <= p.dst {
                        (p.src, p.dst)
                    } else {
                        (p.dst, p.src)
                    };
                    self.fragmented.push((i.first_frame, pair));
                }
            }
            self.begin_record(frame.file);
            let at = self.scratch.len();
            match self.format {
                Format::Summary => match self.time {
                    TimeMode::Absolute => crate::output::summary_line(&msg, &mut self.scratch)?,
                    TimeMode::Relative | TimeMode::Delta => {
                        let from = match self.time {
                            TimeMode::Relative => first_time,
                            _ => self.prev_shown_time.unwrap_or(msg.time),
                        };
                        let secs = (msg.time.as_nanos() - from.as_nanos()) as f64 / 1e9;
                        let t = format!("{secs:>12.6}");
                        crate::output::summary_line_at(&msg, &t, &mut self.scratch)?
                    }
                },
                Format::Tree => crate::output::tree(&msg, &mut self.scratch)?,
                Format::Jsonl | Format::Json => {
                    serde_json::to_writer(&mut self.scratch, &msg).map_err(io::Error::other)?
                }
            }
            self.end_json_record(frame.file, at);
            self.prev_shown_time = Some(msg.time);
            let hold = request && self.format != Format::Summary;
            self.push(hold.then_some(msg.frame))?;
            if self.count.is_some_and(|c| self.shown >= c) {
                self.finished = true;
            }
        }
        if !any && frame.issues.is_empty() {
            self.skips.count(frame.link_type, frame.data);
        }
        if self.frames.is_some_and(|s| s.past(frame.number)) && self.names.is_empty() {
            self.finished = true;
        }
        if self.cut.is_some() {
            self.cut_frame(frame, matched)?;
        }
        Ok(())
    }

    /// Moves the per-protocol and skip counts into the report.
    fn finish_counts(&mut self, report: &mut Report) {
        for app in [
            AppProto::S1ap,
            AppProto::X2ap,
            AppProto::Gtpv1c,
            AppProto::Gtpv2c,
        ] {
            let n = self.per_app[app_index(app)];
            if n > 0 {
                report.per_protocol.insert(app.name(), n);
            }
        }
        self.skips.drain_into(&mut report.skipped);
    }

    /// `-w`: writes the frame when one of its messages was shown (with the earlier frames of
    /// its fragmented SCTP messages), or keeps an SCTP frame for later.
    fn cut_frame(&mut self, frame: &Head<'_>, matched: bool) -> io::Result<()> {
        let Some(cut) = &mut self.cut else {
            return Ok(());
        };
        for &(first, pair) in &self.fragmented {
            let mut found_first = false;
            for k in cut.ring.iter_mut() {
                if k.file == frame.file && k.number >= first && k.pair == pair && !k.data.is_empty()
                {
                    found_first |= k.number == first;
                    cut.w.packet(&RawFrame {
                        number: k.number,
                        timestamp: k.timestamp,
                        link_type: k.link_type,
                        original_len: k.original_len,
                        data: &k.data,
                    })?;
                    // Written: never again.
                    cut.ring_bytes -= k.data.len();
                    k.data = Vec::new();
                }
            }
            if !found_first {
                self.write_missed += 1;
            }
        }
        let raw = RawFrame {
            number: frame.number,
            timestamp: frame.timestamp,
            link_type: frame.link_type,
            original_len: frame.original_len,
            data: frame.data,
        };
        if matched {
            return cut.w.packet(&raw);
        }
        if let Some(pair) = crate::cut::sctp_pair(frame.link_type, frame.data) {
            cut.ring_bytes += frame.data.len();
            cut.ring.push_back(Kept {
                file: frame.file,
                number: frame.number,
                timestamp: frame.timestamp,
                link_type: frame.link_type,
                original_len: frame.original_len,
                pair,
                data: frame.data.to_vec(),
            });
            while cut.ring.len() > CUT_RING_FRAMES || cut.ring_bytes > CUT_RING_BYTES {
                if let Some(k) = cut.ring.pop_front() {
                    cut.ring_bytes -= k.data.len();
                }
            }
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
