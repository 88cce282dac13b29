//! keyhop: read, unwrap and validate captures of LTE/UMTS handover security signalling.

use clap::{Parser, Subcommand};
use std::io::{self, BufWriter};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "keyhop",
    version,
    about = "Dissect and validate LTE/UMTS handover security signalling (S1AP, X2AP, GTP-C, key refresh)"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print every S1AP/X2AP/GTP-C message of pcap or pcapng captures (exit 0: read, nothing
    /// wrong; 1: read, but decode errors, damaged frames or a truncated file; 2: cannot run).
    Read {
        /// The capture files (`-` reads standard input), compressed or not, or directories of
        /// them (their captures by content, in numeric order); several are merged by time.
        #[arg(required = true, value_name = "CAPTURE")]
        captures: Vec<PathBuf>,
        /// Also the captures in the subdirectories of a directory given.
        #[arg(long, short = 'r')]
        recursive: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "summary")]
        format: keyhop::read::Format,
        /// The full tree of every message (same as --format tree).
        #[arg(short = 'V', long = "verbose", conflicts_with = "format")]
        verbose: bool,
        /// Display filter (Wireshark syntax over keyhop's fields, docs/cli.md): only the
        /// messages it selects.
        #[arg(short = 'Y', long = "filter", value_name = "EXPR")]
        filter: Option<String>,
        /// Stop after N messages shown.
        #[arg(short = 'c', long = "count", value_name = "N")]
        count: Option<u64>,
        /// Only these frames: `100-200,350` (frame numbers within each file).
        #[arg(long, value_name = "RANGES")]
        frames: Option<String>,
        /// Time column of the summary: a = absolute UTC, r = seconds since the first frame,
        /// d = seconds since the previous message shown.
        #[arg(short = 't', long = "time", value_enum, value_name = "a|r|d")]
        time: Option<keyhop::read::TimeMode>,
        /// Write the frames of the messages shown (and the earlier frames of fragmented SCTP
        /// messages) to this pcapng file.
        #[arg(short = 'w', long = "write", value_name = "OUT.pcapng")]
        write: Option<PathBuf>,
        /// End JSON output with a `{"read_report": ...}` record (what was read, shown, skipped).
        #[arg(long)]
        report: bool,
        /// No closing report on stderr.
        #[arg(short = 'q', long)]
        quiet: bool,
        /// Also read these SCTP ports as S1AP (decode-as; comma-separated or repeated).
        #[arg(long, value_name = "PORT", value_delimiter = ',')]
        s1ap_port: Vec<u16>,
        /// Also read these SCTP ports as X2AP.
        #[arg(long, value_name = "PORT", value_delimiter = ',')]
        x2ap_port: Vec<u16>,
        /// Also read these UDP ports as GTP-C (v1 or v2 by the version bits).
        #[arg(long, value_name = "PORT", value_delimiter = ',')]
        gtp_port: Vec<u16>,
        /// Print key material in full instead of its fingerprint.
        #[arg(long)]
        show_keys: bool,
        /// Print raw octet strings longer than 4 octets (unknown or undecodable IEs, NAS PDUs,
        /// containers) in hex instead of their length and fingerprint (docs/json.md).
        #[arg(long)]
        show_raw: bool,
        /// Keys file (TOML, format in docs/keys.md): MME-eNB keys, KASME, H_keys, CK/IK.
        #[arg(long, value_name = "FILE")]
        keys: Option<PathBuf>,
        /// No progress bar even on a terminal.
        #[arg(long)]
        no_progress: bool,
        /// Decode every S1AP/X2AP message in full for the summary too (a check of the partial
        /// decode the summary uses; the output is the same).
        #[arg(long, hide = true)]
        full_decode: bool,
    },
    /// Check the handover and key-refresh rules (key-refresh.md section 7); exit 1 on an error
    /// finding, 2 when the capture cannot be read.
    Validate {
        /// The capture file.
        capture: PathBuf,
        /// Keys file (TOML, format in docs/keys.md).
        #[arg(long)]
        keys: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: keyhop::validate::report::Format,
        /// Print key material in full instead of its fingerprint.
        #[arg(long)]
        show_keys: bool,
        /// UE contexts held at once (past it the oldest is dropped with EVICTED); about
        /// 1 KiB each.
        #[arg(long, default_value_t = keyhop::validate::engine::DEFAULT_MAX_UES)]
        max_ues: usize,
        /// Report only the findings of the UEs with a message this display filter selects, and
        /// of the frames it selects (docs/cli.md); the summary counts stay the whole capture's.
        #[arg(short = 'Y', long = "filter", value_name = "EXPR")]
        filter: Option<String>,
    },
    /// Statistics (like tshark -z): messages per protocol and name, handovers per type with
    /// their outcomes, latency percentiles, per-node tables, findings per rule, GTP-C response
    /// times; as text, JSON or an SVG picture (docs/cli.md).
    Stats {
        /// The capture file.
        capture: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: keyhop::stats::Format,
        /// Count only the messages this display filter selects (docs/cli.md).
        #[arg(short = 'Y', long = "filter", value_name = "EXPR")]
        filter: Option<String>,
        /// Keys file.
        #[arg(long)]
        keys: Option<PathBuf>,
    },
    /// Write captures as Parquet (or Arrow IPC) tables for DuckDB, Polars and Spark:
    /// messages, handovers, findings, keys (docs/export.md).
    #[cfg(feature = "export")]
    Export {
        /// Capture files, or directories of them: every file holding a pcap or pcapng capture,
        /// gzip-, zstd- or LZ4-compressed or not, by content (tcpdump -C's trace.pcap1 too), in
        /// numeric order; `-` reads standard input (dataset name `stdin`).
        #[arg(required_unless_present = "merge", conflicts_with = "merge")]
        captures: Vec<PathBuf>,
        /// Output directory (one sub-directory per table, hive-style partitions).
        #[arg(
            short = 'o',
            long = "output",
            value_name = "DIR",
            required_unless_present = "merge"
        )]
        output: Option<PathBuf>,
        /// Rebuild the handovers table across the files of the dataset at DIR (from the
        /// correlation columns of its messages) into DIR/handovers_merged/.
        #[arg(long, value_name = "DIR", conflicts_with = "output")]
        merge: Option<PathBuf>,
        /// File format.
        #[arg(long, value_enum, default_value = "parquet")]
        format: keyhop::export::sink::FileFormat,
        /// Compression of Parquet pages.
        #[arg(long, value_enum, default_value = "zstd")]
        compression: keyhop::export::sink::Compression,
        /// Files exported at once (default: all cores).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// Also the captures in the subdirectories of a directory given (tcpdump -G's
        /// strftime folders), in path order; symbolic links to directories are not followed.
        #[arg(long, short = 'r', conflicts_with = "merge")]
        recursive: bool,
        /// How the messages table is partitioned.
        #[arg(long, value_enum, default_value = "file")]
        partition: keyhop::export::Partition,
        /// Rows per part file of every table (part-0, part-1, ...; also for --merge): a file
        /// is closed when it holds this many, which bounds the writer's memory.
        #[arg(long, value_name = "N", default_value_t = keyhop::export::sink::ROWS_PER_FILE)]
        rows_per_file: u64,
        /// Keys file (docs/keys.md).
        #[arg(long, value_name = "FILE")]
        keys: Option<PathBuf>,
        /// Key material in full instead of its fingerprint.
        #[arg(long)]
        show_keys: bool,
    },
    /// Draw the message sequence of one UE's procedures, findings marked.
    Ladder {
        /// The capture file.
        capture: PathBuf,
        /// The UE: IMSI, or MME-UE-S1AP-ID optionally @MME-address (default: the busiest UE).
        #[arg(long)]
        ue: Option<String>,
        /// The UE with the most messages this display filter selects (docs/cli.md).
        #[arg(
            short = 'Y',
            long = "filter",
            value_name = "EXPR",
            conflicts_with = "ue"
        )]
        filter: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: keyhop::validate::ladder::Format,
        /// Keys file (TOML, format in docs/keys.md).
        #[arg(long)]
        keys: Option<PathBuf>,
        /// Print key material in full instead of its fingerprint.
        #[arg(long)]
        show_keys: bool,
    },
}

/// Loads the keys file of `--keys` (no keys without it).
fn key_store(keys: &Option<PathBuf>) -> Result<keyhop::keys::KeysFile, String> {
    match keys {
        None => Ok(keyhop::keys::KeysFile::default()),
        Some(p) => load_keys(p),
    }
}

/// Reads a keys file, printing its warnings (entries repeated with the same values).
fn load_keys(p: &std::path::Path) -> Result<keyhop::keys::KeysFile, String> {
    let (k, warnings) = keyhop::keys::KeysFile::load_reporting(p).map_err(|e| e.to_string())?;
    for w in warnings {
        eprintln!("keyhop: warning: {w}");
    }
    Ok(k)
}

/// The captures of `captures`, directories expanded ([`keyhop::capture::expand_inputs`]), with
/// what was left out said on stderr; exit status 2 when none is left or a directory cannot be
/// listed.
fn inputs(captures: &[PathBuf], recursive: bool) -> Result<Vec<PathBuf>, ExitCode> {
    let stdin = captures
        .iter()
        .filter(|c| c.as_os_str() == keyhop::capture::STDIN);
    if stdin.count() > 1 {
        return Err(usage("standard input (`-`) can be read once"));
    }
    let v = keyhop::capture::expand_inputs(captures, recursive).map_err(|e| {
        eprintln!("keyhop: cannot list the inputs: {e}");
        ExitCode::from(2)
    })?;
    // Nothing left out without a word: the files of a directory that are not captures, and
    // the subdirectories not entered, are named (the first few) and counted.
    if !v.skipped.is_empty() {
        eprintln!(
            "keyhop: skipped {} file(s) that hold no pcap or pcapng capture: {}",
            v.skipped.len(),
            first_paths(&v.skipped)
        );
    }
    if !v.not_entered.is_empty() {
        eprintln!(
            "keyhop: did not enter {} subdirectory(ies) (-r enters them): {}",
            v.not_entered.len(),
            first_paths(&v.not_entered)
        );
    }
    if v.captures.is_empty() {
        eprintln!("keyhop: no capture files among the inputs");
        return Err(ExitCode::from(2));
    }
    Ok(v.captures)
}

/// The first few of `paths`, then how many more there are.
fn first_paths(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let names: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|p| p.display().to_string())
        .collect();
    match paths.len().saturating_sub(SHOWN) {
        0 => names.join(", "),
        more => format!("{} and {more} more", names.join(", ")),
    }
}

/// A bad option or combination of options: exit 2 with the reason.
fn usage(why: &str) -> ExitCode {
    eprintln!("keyhop: {why}");
    ExitCode::from(2)
}

/// Whether two paths name the same existing file.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The exit status of validate and ladder, as read's (docs/cli.md, "Exit status"): 1 when
/// the capture was read but something is wrong in it (a damaged frame or message, a truncated
/// file, and with `findings` an error-severity finding: validate's verdict), else 0.
fn capture_exit(o: &keyhop::validate::Outcome, findings: bool) -> ExitCode {
    let malformed = o
        .engine
        .counts
        .get(&keyhop::validate::rules::Rule::Malformed)
        .is_some_and(|n| *n > 0);
    if (findings && o.has_errors()) || malformed || o.ended_early.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `validate -Y`: the report with the findings of the selected UEs and frames only.
fn validate_selected(
    capture: &std::path::Path,
    store: &keyhop::keys::KeysFile,
    format: keyhop::validate::report::Format,
    max_ues: usize,
    filter: &keyhop::filter::Filter,
) -> ExitCode {
    let frames = match keyhop::select::matching_frames(capture, filter) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("keyhop: {}: {e}", capture.display());
            return ExitCode::from(2);
        }
    };
    let limits = keyhop::validate::engine::Limits {
        max_ues: max_ues.max(1),
        ladder: true,
        ..Default::default()
    };
    let mut o = match keyhop::validate::run(capture, store, limits) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("keyhop: {}: {e}", capture.display());
            return ExitCode::from(2);
        }
    };
    let ues = keyhop::select::ues(&o, &frames);
    let labels = keyhop::select::ue_labels(&o, &ues);
    o.engine
        .findings
        .retain(|f| keyhop::select::keeps(f, &frames, &labels));
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let name = capture.display().to_string();
    if let Err(e) = keyhop::validate::report::write(&o, &name, format, &mut out)
        .and_then(|_| std::io::Write::flush(&mut out))
    {
        eprintln!("keyhop: cannot write the report: {e}");
        return ExitCode::from(2);
    }
    capture_exit(&o, true)
}

/// `keyhop ladder`: a first pass finds the UE (by `--ue`, by the filter, or the busiest), a
/// second keeps only its messages (memory does not grow with the capture's UEs).
fn ladder(
    capture: &std::path::Path,
    store: &keyhop::keys::KeysFile,
    ue: Option<&str>,
    filter: Option<&keyhop::filter::Filter>,
    format: keyhop::validate::ladder::Format,
) -> ExitCode {
    use keyhop::validate::trace::{trace_file, Keep};
    let limits = keyhop::validate::engine::Limits::default();
    let fail = |e: keyhop::capture::CaptureError| {
        eprintln!("keyhop: {}: {e}", capture.display());
        ExitCode::from(2)
    };
    let first = match filter {
        Some(f) => {
            let frames = match keyhop::select::matching_frames(capture, f) {
                Ok(fr) => fr,
                Err(e) => return fail(e),
            };
            let t = match trace_file(capture, store, limits, Keep::Messages, None) {
                Ok(t) => t,
                Err(e) => return fail(e),
            };
            // The UE with the most selected messages (ties to the first seen).
            let mut n: std::collections::HashMap<u32, u64> = Default::default();
            for ((_, frame, _), u) in &t.msgs {
                if frames.binary_search(frame).is_ok() {
                    *n.entry(*u).or_default() += 1;
                }
            }
            let best = n
                .into_iter()
                .max_by_key(|(u, c)| (*c, std::cmp::Reverse(*u)));
            match best {
                Some((u, _)) => u,
                None => {
                    eprintln!(
                        "keyhop: {}: no UE has a message the filter selects",
                        capture.display()
                    );
                    return ExitCode::from(1);
                }
            }
        }
        None => {
            let t = match trace_file(capture, store, limits, Keep::Nothing, ue) {
                Ok(t) => t,
                Err(e) => return fail(e),
            };
            let found = match ue {
                Some(_) => t.picked,
                None => t.busiest().first().map(|x| x.0),
            };
            match (found, ue) {
                (Some(u), _) => u,
                (None, None) => {
                    eprintln!("keyhop: {}: no UE in the capture", capture.display());
                    return ExitCode::from(1);
                }
                (None, Some(id)) => {
                    // A name that matches nothing: the UEs there are, busiest first.
                    let all = t.busiest();
                    let mut text = format!(
                        "keyhop: {}: no UE {id} (an IMSI, or an MME-UE-S1AP-ID optionally @ an MME address); the capture's UEs, busiest first:",
                        capture.display()
                    );
                    for (_, u) in all.iter().take(20) {
                        text.push_str(&format!("\n  {} ({} messages)", u.label, u.msgs));
                    }
                    if all.len() > 20 {
                        text.push_str(&format!("\n  ... and {} more", all.len() - 20));
                    }
                    if all.is_empty() {
                        text.push_str("\n  (none)");
                    }
                    eprintln!("{text}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let t = match trace_file(capture, store, limits, Keep::Ue(first), None) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Err(e) = keyhop::validate::ladder::write_trace(&t, first, format, &mut out)
        .and_then(|_| std::io::Write::flush(&mut out))
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
        eprintln!("keyhop: cannot write the ladder: {e}");
        return ExitCode::from(2);
    }
    if let Some(why) = &t.ended_early {
        eprintln!("keyhop: {}: {why}", capture.display());
    }
    if t.damaged() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.cmd {
        #[cfg(feature = "export")]
        Cmd::Export {
            captures,
            output,
            format,
            compression,
            jobs,
            recursive,
            partition,
            rows_per_file,
            keys,
            show_keys,
            merge,
        } => {
            if jobs == Some(0) {
                return usage("--jobs takes 1 or more");
            }
            if rows_per_file == 0 {
                return usage("--rows-per-file takes 1 or more");
            }
            if let Some(dir) = merge {
                return match keyhop::export::merge::merge(&dir, rows_per_file) {
                    Ok(s) => {
                        eprintln!(
                            "keyhop: {}: {} files, {} linked messages, {} UEs, {} handovers -> {}",
                            dir.display(),
                            s.files,
                            s.linked,
                            s.ues,
                            s.handovers,
                            s.output.display()
                        );
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("keyhop: cannot merge {}: {e}", dir.display());
                        ExitCode::from(2)
                    }
                };
            }
            let Some(output) = output else {
                eprintln!("keyhop: export needs -o DIR");
                return ExitCode::from(2);
            };
            let store = match key_store(&keys) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("keyhop: {e}");
                    return ExitCode::from(2);
                }
            };
            let inputs = match inputs(&captures, recursive) {
                Ok(v) => v,
                Err(code) => return code,
            };
            let mut opts = keyhop::export::Options {
                format,
                compression,
                partition,
                show_keys,
                keys: store,
                with_keys: keys.is_some(),
                rows_per_file,
                ..Default::default()
            };
            if let Some(j) = jobs {
                opts.jobs = j.max(1);
            }
            let mut status = ExitCode::SUCCESS;
            for r in keyhop::export::run(&inputs, &output, &opts) {
                match r {
                    Ok(s) => {
                        eprintln!(
                            "keyhop: {}: {} frames, {} messages, {} handovers, {} findings, {} key events",
                            s.input.display(),
                            s.frames,
                            s.messages,
                            s.handovers,
                            s.findings,
                            s.keys
                        );
                        let input = s.input.display();
                        if let Some(line) = keyhop::cut::skipped_line(&s.skipped) {
                            eprintln!("keyhop: {input}: {line}");
                        }
                        for n in &s.notes {
                            eprintln!("keyhop: {input}: {n}");
                        }
                        if s.decode_errors + s.damaged_frames > 0 {
                            eprintln!(
                                "keyhop: {input}: {} of {} messages failed to decode (rows with an error), {} frames damaged (MALFORMED findings)",
                                s.decode_errors, s.messages, s.damaged_frames
                            );
                        }
                        if let Some(why) = &s.ended_early {
                            eprintln!("keyhop: {input}: {why}");
                            status = ExitCode::from(1);
                        }
                        if s.decode_errors + s.damaged_frames > 0 && status == ExitCode::SUCCESS {
                            status = ExitCode::from(1);
                        }
                    }
                    Err(e) => {
                        eprintln!("keyhop: {e}");
                        status = ExitCode::from(2);
                    }
                }
            }
            status
        }
        Cmd::Validate {
            capture,
            keys,
            format,
            show_keys,
            max_ues,
            filter,
        } => {
            let _show = keyhop_codec::redact::show_keys(show_keys);
            let filter = match filter.as_deref().map(keyhop::filter::Filter::parse) {
                None => None,
                Some(Ok(f)) => Some(f),
                Some(Err(e)) => return usage(&e.to_string()),
            };
            if max_ues == 0 {
                return usage("--max-ues takes 1 or more");
            }
            let store = match key_store(&keys) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("keyhop: {e}");
                    return ExitCode::from(2);
                }
            };
            if let Some(f) = filter {
                return validate_selected(&capture, &store, format, max_ues, &f);
            }
            let limits = keyhop::validate::engine::Limits {
                max_ues: max_ues.max(1),
                ..Default::default()
            };
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let name = capture.display().to_string();
            // The report streams: each finding is written as it is produced.
            let mut report = keyhop::validate::report::Stream::begin(&name, format, &mut out);
            let run =
                keyhop::validate::run_with(&capture, &store, limits, &mut |f| report.finding(&f));
            match run {
                Ok(o) => {
                    if let Err(e) = report.end(&o).and_then(|_| std::io::Write::flush(&mut out)) {
                        eprintln!("keyhop: cannot write the report: {e}");
                        return ExitCode::from(2);
                    }
                    capture_exit(&o, true)
                }
                Err(e) => {
                    eprintln!("keyhop: {}: {e}", capture.display());
                    ExitCode::from(2)
                }
            }
        }
        Cmd::Stats {
            capture,
            format,
            filter,
            keys,
        } => {
            let filter = match filter.as_deref().map(keyhop::filter::Filter::parse) {
                None => None,
                Some(Ok(f)) => Some(f),
                Some(Err(e)) => return usage(&e.to_string()),
            };
            if capture.as_os_str() == "-" {
                return usage("stats reads its capture twice: give a file, not standard input");
            }
            #[cfg(feature = "png")]
            if format == keyhop::stats::Format::Png
                && std::io::IsTerminal::is_terminal(&io::stdout())
            {
                return usage("--format png writes a picture: redirect it to a file (> stats.png)");
            }
            let store = match key_store(&keys) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("keyhop: {e}");
                    return ExitCode::from(2);
                }
            };
            match keyhop::stats::compute(&capture, &store, filter.as_ref()) {
                Ok(st) => {
                    let stdout = io::stdout();
                    let mut out = BufWriter::new(stdout.lock());
                    if let Err(e) = keyhop::stats::write(&st, format, &mut out)
                        .and_then(|_| std::io::Write::flush(&mut out))
                    {
                        if e.kind() == std::io::ErrorKind::BrokenPipe {
                            return ExitCode::SUCCESS;
                        }
                        eprintln!("keyhop: cannot write the statistics: {e}");
                        return ExitCode::from(2);
                    }
                    if let Some(why) = &st.ended_early {
                        eprintln!("keyhop: {}: {why}", capture.display());
                    }
                    if st.troubled() {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => {
                    eprintln!("keyhop: {}: {e}", capture.display());
                    ExitCode::from(2)
                }
            }
        }
        Cmd::Ladder {
            capture,
            ue,
            filter,
            format,
            keys,
            show_keys,
        } => {
            let filter = match filter.as_deref().map(keyhop::filter::Filter::parse) {
                None => None,
                Some(Ok(f)) => Some(f),
                Some(Err(e)) => return usage(&e.to_string()),
            };
            let _show = keyhop_codec::redact::show_keys(show_keys);
            let store = match key_store(&keys) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("keyhop: {e}");
                    return ExitCode::from(2);
                }
            };
            ladder(&capture, &store, ue.as_deref(), filter.as_ref(), format)
        }
        Cmd::Read {
            captures,
            recursive,
            format,
            verbose,
            filter,
            count,
            frames,
            time,
            write,
            report,
            quiet,
            s1ap_port,
            x2ap_port,
            gtp_port,
            show_keys,
            show_raw,
            keys,
            no_progress,
            full_decode,
        } => {
            let format = if verbose {
                keyhop::read::Format::Tree
            } else {
                format
            };
            if time.is_some() && format != keyhop::read::Format::Summary {
                return usage("-t sets the summary's time column; it does not apply to --format tree/json/jsonl (they print absolute RFC 3339 times)");
            }
            if report
                && !matches!(
                    format,
                    keyhop::read::Format::Json | keyhop::read::Format::Jsonl
                )
            {
                return usage("--report adds a JSON record: it needs --format json or jsonl (the summary and tree formats report on stderr)");
            }
            if show_raw && format == keyhop::read::Format::Summary {
                return usage("--show-raw shows raw octets in the tree and JSON: the summary line has none (add -V or --format json)");
            }
            if let Some(p) = s1ap_port.iter().find(|p| x2ap_port.contains(p)) {
                return usage(&format!(
                    "SCTP port {p} given both to --s1ap-port and --x2ap-port"
                ));
            }
            let captures = match inputs(&captures, recursive) {
                Ok(v) => v,
                Err(code) => return code,
            };
            if let Some(w) = &write {
                if captures.iter().any(|c| same_file(c, w)) {
                    return usage(&format!(
                        "-w {} would overwrite a capture being read",
                        w.display()
                    ));
                }
            }
            let filter = match filter.as_deref().map(keyhop::filter::Filter::parse) {
                None => None,
                Some(Ok(f)) => Some(f),
                Some(Err(e)) => return usage(&e.to_string()),
            };
            let frames = match frames.as_deref().map(keyhop::cut::FrameSet::parse) {
                None => None,
                Some(Ok(f)) => Some(f),
                Some(Err(e)) => return usage(&format!("--frames: {e}")),
            };
            if count == Some(0) {
                return usage("-c takes a count of 1 or more");
            }
            let keys = match keys {
                Some(p) => match load_keys(&p) {
                    Ok(k) => Some(k),
                    Err(e) => {
                        eprintln!("keyhop: {e}");
                        return ExitCode::from(2);
                    }
                },
                None => None,
            };
            let _keys = keyhop_codec::redact::show_keys(show_keys);
            let _raw = keyhop_codec::redact::show_raw(show_raw);
            let opts = keyhop::read::Options {
                format,
                progress: !no_progress,
                keys: keys.as_ref(),
                filter,
                count,
                frames,
                time: time.unwrap_or_default(),
                write,
                report_record: report,
                limits: Default::default(),
                ports: keyhop::capture::Ports {
                    s1ap: s1ap_port,
                    x2ap: x2ap_port,
                    gtpc: gtp_port,
                },
                full_decode,
            };
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
            match keyhop::read::read(&captures, opts, &mut out) {
                Ok(report) => {
                    if let Some(why) = &report.ended_early {
                        eprintln!("keyhop: {why}");
                    }
                    if !quiet {
                        eprint!("{}", report.text());
                    }
                    if report.clean() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                }
                // A reader that stopped reading (`keyhop read F | head`) is not an error.
                Err(keyhop::capture::CaptureError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("keyhop: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
