//! Writes the sample captures of `samples/` with keyhop's own encoders.
//!
//! `keyhop-samples [OUT_DIR]` (default `samples`) writes every capture and keys file; each
//! module below writes the flows of one procedure family.

mod build;
mod gtp;
mod makr;
mod s1;
mod violations;
mod x2;

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "samples".into()));
    std::fs::create_dir_all(&dir).expect("create the output folder");
    for path in s1::write(&dir)
        .into_iter()
        .chain(x2::write(&dir))
        .chain(makr::write(&dir))
        .chain(gtp::write(&dir))
        .chain(violations::write(&dir))
    {
        println!("wrote {}", path.display());
    }
}
