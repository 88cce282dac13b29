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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.cmd {
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
