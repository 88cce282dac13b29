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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.cmd {
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
            // Two passes: the first finds the UE, the second keeps only its messages (memory
            // does not grow with the capture's UEs).
            let limits = keyhop::validate::engine::Limits::default();
            let found = keyhop::validate::ladder_ue(&capture, &store, limits, ue.as_deref());
            let limits = keyhop::validate::engine::Limits {
                ladder: true,
                ladder_ue: found.as_ref().ok().copied().flatten(),
                ..limits
            };
            match found.and_then(|_| keyhop::validate::run(&capture, &store, limits)) {
                Ok(o) => {
                    let Some(idx) = limits.ladder_ue else {
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
            show_raw,
            keys,
            no_progress,
        } => {
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
            let format = if verbose {
                keyhop::read::Format::Tree
            } else {
                format
            };
            let _keys = keyhop_codec::redact::show_keys(show_keys);
            let _raw = keyhop_codec::redact::show_raw(show_raw);
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
