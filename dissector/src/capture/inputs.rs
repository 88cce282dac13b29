//! The captures a command reads: files as given, directories expanded to the captures in them
//! (by content, in numeric order), so `keyhop read DIR` and `keyhop export DIR` take a
//! `tcpdump -C` capture set as it lies on disk.
//!
//! ```no_run
//! use keyhop::capture::expand_inputs;
//! let inputs = expand_inputs(&["captures/".into()], false)?;
//! for p in &inputs.skipped {
//!     eprintln!("not a capture: {}", p.display());
//! }
//! println!("{} captures", inputs.captures.len());
//! # Ok::<(), std::io::Error>(())
//! ```

use std::path::{Path, PathBuf};

/// The input that stands for standard input.
pub const STDIN: &str = "-";

/// The inputs of a command, directories expanded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// The captures: files as given, then each directory's captures in [`natural_order`].
    pub captures: Vec<PathBuf>,
    /// Files of the directories that are not captures, which the caller reports.
    pub skipped: Vec<PathBuf>,
    /// Subdirectories not entered (without `recursive`), which the caller reports.
    pub not_entered: Vec<PathBuf>,
}

/// The capture files of `inputs`: files as given, directories expanded to the files in them
/// that hold a pcap or pcapng capture, compressed (gzip, zstd, LZ4) or not, known by their
/// first octets as tshark knows them, not by their names: `tcpdump -C` names its files
/// `trace.pcap`, `trace.pcap1`, `trace.pcap2`... Those are taken in [`natural_order`], and
/// with `recursive` those of the subdirectories too (after the directory's own files, each
/// subdirectory in that order; symbolic links to directories are not followed, so a link
/// cannot make a loop).
pub fn expand_inputs(inputs: &[PathBuf], recursive: bool) -> std::io::Result<Inputs> {
    let mut out = Inputs::default();
    for p in inputs {
        if p.is_dir() {
            expand_dir(p, recursive, &mut out)?;
        } else {
            out.captures.push(p.clone());
        }
    }
    Ok(out)
}

/// The captures of directory `dir` into `out` (see [`expand_inputs`]).
fn expand_dir(dir: &Path, recursive: bool, out: &mut Inputs) -> std::io::Result<()> {
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let f = e.path();
        // `file_type` does not follow a symbolic link: a link to a directory is neither.
        if e.file_type()?.is_dir() {
            dirs.push(f);
        } else if f.is_file() {
            files.push(f);
        }
    }
    let order = |a: &PathBuf, b: &PathBuf| natural_order(a.as_os_str(), b.as_os_str());
    files.sort_by(order);
    dirs.sort_by(order);
    for f in files {
        // A file that cannot be read is taken: reading it then fails with its own error.
        if super::is_capture(&f).unwrap_or(true) {
            out.captures.push(f);
        } else {
            out.skipped.push(f);
        }
    }
    if !recursive {
        out.not_entered.extend(dirs);
        return Ok(());
    }
    for d in dirs {
        expand_dir(&d, recursive, out)?;
    }
    Ok(())
}

/// Orders file names as people number them: runs of digits by their value, so `trace.pcap2`
/// comes before `trace.pcap10` and `trace.pcap` before both; the rest octet by octet.
pub fn natural_order(a: &std::ffi::OsStr, b: &std::ffi::OsStr) -> std::cmp::Ordering {
    let (a, b) = (a.as_encoded_bytes(), b.as_encoded_bytes());
    let (mut i, mut j) = (0, 0);
    // Equal numbers written with more zeros come after, where nothing else differs.
    let mut zeros = std::cmp::Ordering::Equal;
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let (x, y) = (digits(&a[i..]), digits(&b[j..]));
            (i, j) = (i + x.len(), j + y.len());
            zeros = zeros.then(x.len().cmp(&y.len()));
            // Leading zeros aside, a longer run is a larger number; equal lengths compare as text.
            let (x, y) = (without_zeros(x), without_zeros(y));
            let o = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
            if o.is_ne() {
                return o;
            }
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            (i, j) = (i + 1, j + 1);
        }
    }
    (a.len() - i)
        .cmp(&(b.len() - j))
        .then(zeros)
        .then_with(|| a.cmp(b))
}

/// The run of ASCII digits `s` starts with.
fn digits(s: &[u8]) -> &[u8] {
    &s[..s.iter().take_while(|c| c.is_ascii_digit()).count()]
}

/// `s` without its leading `0`s.
fn without_zeros(s: &[u8]) -> &[u8] {
    &s[s.iter().take_while(|&&c| c == b'0').count()..]
}

#[cfg(test)]
mod tests {
    use super::natural_order;
    use std::ffi::OsStr;

    #[test]
    fn tcpdump_and_editcap_parts_sort_by_their_numbers() {
        let mut v = vec![
            "trace.pcap10",
            "trace.pcap2.gz",
            "trace.pcap",
            "trace.pcap1",
            "trace.pcap9",
            "out_00010_2026.pcap",
            "out_00002_2026.pcap",
            "out_2_2026.pcap",
            "a",
            "a0",
            "a00",
        ];
        v.sort_by(|a, b| natural_order(OsStr::new(a), OsStr::new(b)));
        assert_eq!(
            v,
            [
                "a",
                "a0",
                "a00",
                "out_2_2026.pcap",
                "out_00002_2026.pcap",
                "out_00010_2026.pcap",
                "trace.pcap",
                "trace.pcap1",
                "trace.pcap2.gz",
                "trace.pcap9",
                "trace.pcap10",
            ]
        );
        // A total order: equal only for equal names.
        for a in &v {
            for b in &v {
                let o = natural_order(OsStr::new(a), OsStr::new(b));
                assert_eq!(o.is_eq(), a == b, "{a} {b}");
                assert_eq!(o.reverse(), natural_order(OsStr::new(b), OsStr::new(a)));
            }
        }
    }
}
