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
    /// Print every S1AP/X2AP/GTP-C message of a pcap or pcapng capture.
    Read {
        /// The capture file.
        capture: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "summary")]
        format: keyhop::read::Format,
        /// The full tree of every message (same as --format tree).
        #[arg(short = 'V', long = "verbose")]
        verbose: bool,
        /// Print key material in full instead of its fingerprint.
        #[arg(long)]
        show_keys: bool,
        /// Keys file (TOML, key-refresh.md section 8): MME-eNB keys, KASME, H_keys, CK/IK.
        #[arg(long, value_name = "FILE")]
        keys: Option<PathBuf>,
        /// No progress bar even on a terminal.
        #[arg(long)]
        no_progress: bool,
    },
    /// Check the handover and key-refresh rules (key-refresh.md section 7); exit 1 on an error
    /// finding, 2 when the capture cannot be read.
    Validate {
        /// The capture file.
        capture: PathBuf,
        /// Keys file (TOML, key-refresh.md section 8).
        #[arg(long)]
        keys: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: keyhop::validate::report::Format,
        /// Print key material in full instead of its fingerprint.
        #[arg(long)]
        show_keys: bool,
        /// UE contexts held at once (the oldest is dropped with EVICTED); the default keeps
        /// the peak memory under 64 MiB.
        #[arg(long, default_value_t = keyhop::validate::engine::DEFAULT_MAX_UES)]
        max_ues: usize,
    },
    /// Write captures as Parquet (or Arrow IPC) tables for DuckDB, Polars and Spark:
    /// messages, handovers, findings, keys (docs/export.md).
    #[cfg(feature = "export")]
    Export {
        /// Capture files, or directories of them (.pcap, .pcapng, .cap).
        #[arg(required = true)]
        captures: Vec<PathBuf>,
        /// Output directory (one sub-directory per table, hive-style partitions).
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: PathBuf,
        /// File format.
        #[arg(long, value_enum, default_value = "parquet")]
        format: keyhop::export::sink::FileFormat,
        /// Files exported at once (default: all cores).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// How the messages table is partitioned.
        #[arg(long, value_enum, default_value = "file")]
        partition: keyhop::export::Partition,
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
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: keyhop::validate::ladder::Format,
        /// Keys file.
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
        Some(p) => keyhop::keys::KeysFile::load(p).map_err(|e| e.to_string()),
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
            jobs,
            partition,
            keys,
            show_keys,
        } => {
            let store = match key_store(&keys) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("keyhop: {e}");
                    return ExitCode::from(2);
                }
            };
            let inputs = match keyhop::export::expand_inputs(&captures) {
                Ok(v) if !v.is_empty() => v,
                Ok(_) => {
                    eprintln!("keyhop: no capture files among the inputs");
                    return ExitCode::from(2);
                }
                Err(e) => {
                    eprintln!("keyhop: cannot list the inputs: {e}");
                    return ExitCode::from(2);
                }
            };
            let mut opts = keyhop::export::Options {
                format,
                partition,
                show_keys,
                keys: store,
                with_keys: keys.is_some(),
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
                        if let Some(why) = &s.ended_early {
                            eprintln!("keyhop: {}: {why}", s.input.display());
                            status = ExitCode::from(1);
                        }
                        if s.decode_errors > 0 && status == ExitCode::SUCCESS {
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
        } => {
            let _show = keyhop_codec::redact::show_keys(show_keys);
            let store = match key_store(&keys) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("keyhop: {e}");
                    return ExitCode::from(2);
                }
            };
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
                    if o.has_errors() {
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
            format,
            keys,
            show_keys,
        } => {
            let _show = keyhop_codec::redact::show_keys(show_keys);
            let store = match key_store(&keys) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("keyhop: {e}");
                    return ExitCode::from(2);
                }
            };
            let limits = keyhop::validate::engine::Limits {
                ladder: true,
                ..Default::default()
            };
            match keyhop::validate::run(&capture, &store, limits) {
                Ok(o) => {
                    let Some(idx) = keyhop::validate::ladder::pick(&o, ue.as_deref()) else {
                        eprintln!(
                            "keyhop: {}: no UE {}",
                            capture.display(),
                            ue.as_deref().unwrap_or("with messages")
                        );
                        return ExitCode::from(1);
                    };
                    let stdout = io::stdout();
                    let mut out = BufWriter::new(stdout.lock());
                    if let Err(e) = keyhop::validate::ladder::write(&o, idx, format, &mut out)
                        .and_then(|_| std::io::Write::flush(&mut out))
                    {
                        eprintln!("keyhop: cannot write the ladder: {e}");
                        return ExitCode::from(2);
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("keyhop: {}: {e}", capture.display());
                    ExitCode::from(2)
                }
            }
        }
        Cmd::Read {
            capture,
            format,
            verbose,
            show_keys,
            keys,
            no_progress,
        } => {
            let keys = match keys {
                Some(p) => match keyhop::keys::KeysFile::load(&p) {
                    Ok(k) => Some(k),
                    Err(e) => {
                        eprintln!("keyhop: {e}");
                        return ExitCode::from(2);
                    }
                },
                None => None,
            };
            let format = if verbose {
                keyhop::read::Format::Tree
            } else {
                format
            };
            let _keys = keyhop_codec::redact::show_keys(show_keys);
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
            let result = match &keys {
                Some(k) => keyhop::read::run_with_keys(&capture, format, !no_progress, k, &mut out),
                None => keyhop::read::run(&capture, format, !no_progress, &mut out),
            };
            match result {
                Ok(report) => {
                    if let Some(why) = &report.ended_early {
                        eprintln!("keyhop: {why}");
                    }
                    if report.decode_errors + report.frame_issues > 0 {
                        eprintln!(
                            "keyhop: {} of {} messages failed to decode, {} frames damaged",
                            report.decode_errors, report.messages, report.frame_issues
                        );
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
                    eprintln!("keyhop: {}: {e}", capture.display());
                    ExitCode::from(2)
                }
            }
        }
    }
}
