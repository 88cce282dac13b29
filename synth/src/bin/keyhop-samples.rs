//! Writes the sample captures of `samples/` with keyhop's own encoders.
//!
//! `keyhop-samples [OUT_DIR]` (default `samples`) writes every capture and keys file
//! ([`keyhop_synth::write_samples`]).

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "samples".into()));
    for path in keyhop_synth::write_samples(&dir) {
        println!("wrote {}", path.display());
    }
}
