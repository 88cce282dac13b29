//! `keyhop export`: captures to Parquet (or Arrow IPC) tables that DuckDB, Polars and Spark
//! read as they are (docs/export.md).
//!
//! Each input file becomes one set of part files per table, under hive-style partition
//! directories (`DIR/messages/input=NAME/part-0.parquet`, `part-1.parquet`, ... of at most
//! [`Options::rows_per_file`] rows each), so a directory of captures becomes one dataset:
//! `SELECT message, count(*) FROM 'DIR/messages/**/*.parquet' GROUP BY 1`. Files are processed
//! in parallel (`--jobs`), each in one streaming pass that reads and decodes every message once
//! for all four tables ([`export_file`]); rows are written in row groups of
//! [`sink::ROWS_PER_GROUP`] and files closed every [`Options::rows_per_file`] rows
//! ([`sink::Parts`]), so memory does not grow with the capture.
//!
//! ```no_run
//! use keyhop::export::{self, Options};
//! let opts = Options::default();
//! let done = export::run(&["capture.pcapng".into()], "out".as_ref(), &opts);
//! for r in done {
//!     let s = r.expect("exported");
//!     println!("{}: {} messages", s.name, s.messages);
//! }
//! ```

mod handovers;
mod keyscan;
pub mod links;
pub mod merge;
pub mod rows;
pub mod sink;
pub mod tables;

use crate::capture::{CaptureError, CaptureReader, STDIN};
use crate::keys::KeysFile;
use crate::validate::engine::{Engine, Limits};
use crate::validate::{Records, Validator};
use sink::{Compression, FileFormat, Parts};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tables::{Findings, Handovers, Keys};

/// How `messages` files are partitioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Partition {
    /// `messages/input=NAME/part-K.parquet`: the parts of each input.
    #[default]
    File,
    /// `messages/hour=YYYY-MM-DDTHH/NAME-K.parquet`: by the hour of the capture time (UTC),
    /// the parts of each input numbered per hour.
    Hour,
}

/// Options of an export.
#[derive(Debug, Clone)]
pub struct Options {
    /// Parquet or Arrow IPC.
    pub format: FileFormat,
    /// The compression of Parquet files.
    pub compression: Compression,
    /// Files exported at once (at least 1).
    pub jobs: usize,
    /// How `messages` is partitioned (the other tables are always by file).
    pub partition: Partition,
    /// Key material in full instead of fingerprints.
    pub show_keys: bool,
    /// Keys file (`--keys`); empty: none.
    pub keys: KeysFile,
    /// Whether a keys file was given (as `read --keys`: unknown keys are then said).
    pub with_keys: bool,
    /// Rows per part file of every table (`--rows-per-file`, at least 1; default
    /// [`sink::ROWS_PER_FILE`]): a file that holds this many is closed and the next rows go
    /// to the next part, so the writer's per-file metadata stays bounded.
    pub rows_per_file: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: FileFormat::Parquet,
            compression: Compression::default(),
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            partition: Partition::File,
            show_keys: false,
            keys: KeysFile::default(),
            with_keys: false,
            rows_per_file: sink::ROWS_PER_FILE,
        }
    }
}

/// What the export of one input file produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSummary {
    /// The input.
    pub input: PathBuf,
    /// Its name in the dataset (the `input=` partition value and the `file` column).
    pub name: String,
    /// Frames read.
    pub frames: u64,
    /// Rows of `messages`.
    pub messages: u64,
    /// Messages that did not decode.
    pub decode_errors: u64,
    /// Rows of `handovers`.
    pub handovers: u64,
    /// Rows of `findings`.
    pub findings: u64,
    /// Rows of `keys`.
    pub keys: u64,
    /// Frames with a damaged layer (IP, SCTP, the capture record...), counted as `keyhop read`
    /// counts them, with what the capture left unfinished at its end as one more: each
    /// damage is a MALFORMED row of `findings` (frame-level damage is not a message).
    pub damaged_frames: u64,
    /// Frames that carried no message, by reason in `keyhop read`'s words
    /// ([`crate::cut::Skip::describe`]).
    pub skipped: std::collections::BTreeMap<String, u64>,
    /// What the reader skipped whole (link types keyhop does not read), one line each.
    pub notes: Vec<String>,
    /// Why the capture ended early, if it did.
    pub ended_early: Option<String>,
}

/// Why an input could not be exported.
#[derive(Debug)]
pub enum ExportError {
    /// The capture could not be read.
    Capture(PathBuf, CaptureError),
    /// An output file could not be written.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Capture(p, e) => write!(f, "{}: {e}", p.display()),
            ExportError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for ExportError {}

/// Partition values of the inputs: the file names (`stdin` for [`STDIN`]) with `/`, `=` and
/// control characters replaced, made unique by a `-N` suffix where two inputs share a name.
pub fn dataset_names(inputs: &[PathBuf]) -> Vec<String> {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    inputs
        .iter()
        .map(|p| {
            let file = if p.as_os_str() == STDIN {
                Some(STDIN_NAME.as_ref())
            } else {
                p.file_name()
            };
            let base: String = file
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "capture".into())
                .chars()
                .map(|c| {
                    if c == '/' || c == '=' || c == '\\' || c.is_control() {
                        '_'
                    } else {
                        c
                    }
                })
                .collect();
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}-{n}")
            }
        })
        .collect()
}

/// The directory of `table`'s parts for input `name` under `out` (`out/table/input=NAME`).
pub fn table_dir(out: &Path, table: &str, name: &str) -> PathBuf {
    out.join(table).join(format!("input={name}"))
}

/// The stem of the part files under an `input=NAME` directory: `part-0`, `part-1`, ...
pub const PART_STEM: &str = "part";

/// The parts of `table` for input `name` under `out`, the first file created at once (every
/// input has each table, empty or not).
fn table_parts(
    out: &Path,
    table: &str,
    name: &str,
    schema: arrow_schema::SchemaRef,
    opts: &Options,
) -> std::io::Result<Parts> {
    let mut p = Parts::new(
        &table_dir(out, table, name),
        PART_STEM,
        schema,
        opts.format,
        opts.compression,
        opts.rows_per_file,
    )?;
    p.open_file()?;
    Ok(p)
}

/// Exports every input (in parallel, `opts.jobs` at a time), one result per input in input
/// order.
pub fn run(
    inputs: &[PathBuf],
    out: &Path,
    opts: &Options,
) -> Vec<Result<FileSummary, ExportError>> {
    let names = dataset_names(inputs);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<FileSummary, ExportError>>>> =
        Mutex::new((0..inputs.len()).map(|_| None).collect());
    let jobs = opts.jobs.clamp(1, inputs.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= inputs.len() {
                    break;
                }
                let r = export_file(&inputs[i], &names[i], out, opts);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every input was taken by a worker"))
        .collect()
}

/// Writes a table's pending rows once a row group's worth is there (or `all`).
macro_rules! flush {
    ($table:expr, $sink:expr, $all:expr) => {
        if (!$table.is_empty() && $all) || $table.len() >= sink::ROWS_PER_GROUP {
            $sink.write(&$table.take())?;
        }
    };
}

/// The `findings` and `handovers` rows of one input, as validate hands them out.
struct ValidateRows<'n> {
    name: &'n str,
    findings: Findings,
    handovers: handovers::HandoverRows,
    n_findings: u64,
    /// The first failure to stage `handovers` rows.
    error: Option<std::io::Error>,
}

impl Records for ValidateRows<'_> {
    fn finding(&mut self, f: crate::validate::rules::Finding) {
        self.n_findings += 1;
        self.findings.push(self.name, &f);
    }

    fn handover(&mut self, h: crate::validate::engine::HoRecord) {
        if let Err(e) = self.handovers.push(self.name, &h) {
            self.error.get_or_insert(e);
        }
    }
}

/// Exports one input file as `name`, in one pass: each message is read and decoded once, for
/// its `messages` and `keys` rows and for validate's engine, whose findings and handovers go
/// to `findings` and `handovers` as they are produced. Every table is written in row groups
/// as they fill (`handovers` once the input is read, its node names final; see
/// `handovers.rs`); what is held across messages is the per-UE state of `keyhop read` (key
/// store, node names, GTP request matching) and of `keyhop validate` (UE contexts), each
/// under its own bound, so memory does not grow with the capture's length.
/// [`STDIN`] as `input` reads standard input (`tcpdump -w - | keyhop export - -o DIR`).
pub fn export_file(
    input: &Path,
    name: &str,
    out: &Path,
    opts: &Options,
) -> Result<FileSummary, ExportError> {
    let cap = |e| ExportError::Capture(input.to_owned(), e);
    if input.as_os_str() == STDIN {
        let reader = CaptureReader::new(std::io::stdin().lock()).map_err(cap)?;
        export_reader(reader, input, name, out, opts)
    } else {
        export_reader(
            CaptureReader::open(input).map_err(cap)?,
            input,
            name,
            out,
            opts,
        )
    }
}

/// The dataset name of standard input ([`STDIN`]).
const STDIN_NAME: &str = "stdin";

/// [`export_file`] from an open capture.
fn export_reader<R: std::io::Read>(
    mut reader: CaptureReader<R>,
    input: &Path,
    name: &str,
    out: &Path,
    opts: &Options,
) -> Result<FileSummary, ExportError> {
    // The redaction switch is per thread: each worker sets its own.
    let _show = keyhop_codec::redact::show_keys(opts.show_keys);
    let mut summary = FileSummary {
        input: input.to_owned(),
        name: name.to_owned(),
        ..Default::default()
    };
    let io = |p: &Path| {
        let p = p.to_owned();
        move |e| ExportError::Io(p, e)
    };

    let mut messages = rows::MessageWriter::new(out, name, opts).map_err(io(out))?;
    let sink_of = |table: &str, schema: arrow_schema::SchemaRef| {
        table_parts(out, table, name, schema, opts).map_err(io(&table_dir(out, table, name)))
    };
    let mut keys_sink = sink_of("keys", Keys::schema())?;
    let mut ho_sink = sink_of("handovers", Handovers::schema())?;
    let mut fi_sink = sink_of("findings", Findings::schema())?;
    let mut keys = Keys::new();
    let mut ex = rows::Extractor::new(opts);
    let mut engine = Engine::new(&opts.keys, Limits::default());
    engine.log_handovers();
    let mut val = Validator::new(&mut engine);
    let mut ended_early = None;
    // validate hands out findings and ended handovers at the end of each frame: they become
    // rows there and are written as their row groups fill.
    let mut tables = ValidateRows {
        name,
        findings: Findings::new(),
        handovers: handovers::HandoverRows::new(out, name),
        n_findings: 0,
        error: None,
    };
    let r: std::io::Result<()> = (|| {
        while let Some(frame) = reader.next_frame() {
            let frame = match frame {
                Ok(f) => f,
                Err(e) => {
                    ended_early = Some(e.to_string());
                    break;
                }
            };
            summary.frames += 1;
            ex.frame(&frame, &mut val);
            for p in frame.payloads() {
                let rec = ex.message(name, &frame, &p, &mut val);
                summary.messages += 1;
                summary.decode_errors += u64::from(rec.row.error.is_some());
                messages.push(&rec.row)?;
                for k in &rec.keys {
                    keys.push(k);
                    summary.keys += 1;
                }
                flush!(keys, keys_sink, false);
            }
            val.end_frame(&mut tables);
            flush!(tables.findings, fi_sink, false);
            if let Some(e) = tables.error.take() {
                return Err(e);
            }
        }
        Ok(())
    })();
    r.map_err(io(out))?;
    let end = reader.end_of_capture();
    ex.end(end);
    summary.damaged_frames = ex.damaged_frames();
    ex.drain_skipped(&mut summary.skipped);
    summary.notes = end.notes.iter().map(|n| n.what.to_string()).collect();
    val.finish(end, ended_early.clone(), &mut tables);
    summary.ended_early = ended_early;
    summary.findings = tables.n_findings;
    summary.handovers = tables.handovers.count;
    let (mut findings, handovers) = (tables.findings, tables.handovers);
    let r: std::io::Result<()> = (|| {
        if let Some(e) = tables.error {
            return Err(e);
        }
        flush!(keys, keys_sink, true);
        flush!(findings, fi_sink, true);
        // The nodes named as the whole input knows them.
        handovers.finish(&engine.nodes, &mut ho_sink)
    })();
    r.map_err(io(out))?;
    messages.close().map_err(io(out))?;
    for (sink, table) in [
        (keys_sink, "keys"),
        (fi_sink, "findings"),
        (ho_sink, "handovers"),
    ] {
        sink.close().map_err(io(&table_dir(out, table, name)))?;
    }
    Ok(summary)
}
