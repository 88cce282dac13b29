//! keyhop's synthetic captures: the sample captures and keys files of `samples/` (the
//! `keyhop-samples` binary: [`write_samples`]) and the large mixed handover capture the benches
//! measure ([`mixed`], `mkcapture` of keyhop-bench).
//!
//! Every message is built field by field with the codec's typed structs and builders, and every
//! flow is consistent the way `keyhop validate` checks it; each module writes the flows of one
//! procedure family. The outputs are deterministic: the same call writes the same octets, so the
//! committed samples are checked against a fresh run (tests/tests/samples.rs).
//!
//! ```no_run
//! let dir = std::path::Path::new("samples");
//! for path in keyhop_synth::write_samples(dir) {
//!     println!("wrote {}", path.display());
//! }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The sample flows, one module per procedure family; their builders are private to them.
mod build;
mod gtp;
mod makr;
pub mod mixed;
mod s1;
mod violations;
mod x2;

use std::path::{Path, PathBuf};

/// Writes every sample capture, keys file and expected output of `samples/` into `dir`
/// (created if missing) and returns the paths written, in order. Panics when a file cannot be
/// written: this is a generator run by developers and tests, not a library path for captures.
pub fn write_samples(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("create the output folder");
    s1::write(dir)
        .into_iter()
        .chain(x2::write(dir))
        .chain(makr::write(dir))
        .chain(gtp::write(dir))
        .chain(violations::write(dir))
        .collect()
}
