//! Compressed capture files, read as tshark reads them: gzip (`tcpdump -z gzip`, `editcap` and
//! Wireshark writing `.pcapng.gz`), LZ4 frames and, with the `zstd` feature, Zstandard. A file
//! is known by its first octets, not its name, so a pipe or a file named `trace.pcap1` works
//! too.
//!
//! ```
//! use keyhop::capture::{CaptureReader, Compression};
//! use std::io::Write;
//! // The 24-octet header of an empty pcap file (microseconds, Ethernet), gzipped.
//! let mut pcap = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0];
//! pcap.extend([0; 8]);
//! pcap.extend([0xff, 0xff, 0, 0, 1, 0, 0, 0]);
//! let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
//! gz.write_all(&pcap)?;
//! let packed = gz.finish()?;
//! let mut reader = CaptureReader::new(&packed[..])?;
//! assert!(reader.next_frame().is_none());
//! assert_eq!(reader.compression(), Some(Compression::Gzip));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::file;
use std::fmt;
use std::io::{self, BufRead, Chain, Cursor, Read};

/// How a capture file was compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// gzip (RFC 1952), members one after the other as `cat a.gz b.gz` makes them.
    Gzip,
    /// Zstandard (RFC 8878), frames one after the other.
    Zstd,
    /// LZ4 frames (`lz4` without `-l`), one after the other.
    Lz4,
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Lz4 => "lz4",
        })
    }
}

impl Compression {
    /// The compression whose magic number `head` (a file's first octets) starts with.
    pub fn of(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else if head.starts_with(&[0x04, 0x22, 0x4d, 0x18]) {
            Some(Compression::Lz4)
        } else {
            None
        }
    }
}

/// The compressions tshark does not read either, by the hex of a file's first octets: named
/// so that the error says what the file is rather than only that it is no capture.
pub(crate) fn unread_compression(magic_hex: &str) -> Option<&'static str> {
    [
        ("02214c18", "an LZ4 legacy frame (`lz4 -l`)"),
        ("425a68", "bzip2-compressed"),
        ("fd377a58", "xz-compressed"),
        ("504b0304", "a zip archive"),
    ]
    .into_iter()
    .find(|(m, _)| magic_hex.starts_with(m))
    .map(|(_, what)| what)
}

/// The octets already read from the file, then the rest of it.
type Rest<R> = Chain<Cursor<Vec<u8>>, R>;

/// What the capture's framing reads: the file itself, or its decompressed contents.
pub(crate) enum Source<R: Read> {
    Plain(Rest<R>),
    Gzip(Box<flate2::read::MultiGzDecoder<Rest<R>>>),
    #[cfg(feature = "zstd")]
    Zstd(Box<zstd::stream::read::Decoder<'static, io::BufReader<Rest<R>>>>),
    Lz4(Box<lz4_flex::frame::FrameDecoder<io::BufReader<Rest<R>>>>),
}

impl<R: Read> Source<R> {
    /// Reads the first octets of `src` and reads it through the decoder they name, if any
    /// (the octets read are read again, by the decoder or the framing).
    pub(crate) fn open(mut src: R) -> io::Result<Source<R>> {
        let head = first_octets(&mut src)?;
        let c = Compression::of(&head);
        let rest = Cursor::new(head).chain(src);
        Ok(match c {
            None => Source::Plain(rest),
            Some(Compression::Gzip) => {
                Source::Gzip(Box::new(flate2::read::MultiGzDecoder::new(rest)))
            }
            Some(Compression::Lz4) => Source::Lz4(Box::new(lz4_flex::frame::FrameDecoder::new(
                io::BufReader::new(rest),
            ))),
            #[cfg(feature = "zstd")]
            Some(Compression::Zstd) => {
                Source::Zstd(Box::new(zstd::stream::read::Decoder::new(rest)?))
            }
            #[cfg(not(feature = "zstd"))]
            Some(Compression::Zstd) => {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    "zstd-compressed capture: this keyhop was built without the zstd feature",
                ))
            }
        })
    }

    /// The compression being undone, if any.
    pub(crate) fn compression(&self) -> Option<Compression> {
        match self {
            Source::Plain(_) => None,
            Source::Gzip(_) => Some(Compression::Gzip),
            Source::Lz4(_) => Some(Compression::Lz4),
            #[cfg(feature = "zstd")]
            Source::Zstd(_) => Some(Compression::Zstd),
        }
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(r) => r.read(buf),
            Source::Gzip(r) => r.read(buf),
            // The decoder ends each frame with a read of 0; the next frame follows unless
            // the file ends (`cat a.lz4 b.lz4`, as the lz4 tool decodes it).
            Source::Lz4(r) => loop {
                let n = r.read(buf)?;
                if n > 0 || buf.is_empty() || r.get_mut().fill_buf()?.is_empty() {
                    return Ok(n);
                }
            },
            #[cfg(feature = "zstd")]
            Source::Zstd(r) => r.read(buf),
        }
    }
}

/// Whether the file at `path` holds a capture (pcap or pcapng, compressed or not), by its
/// first octets, decompressed where they name a compression: how a directory's captures are
/// told from the rest ([`super::expand_inputs`]). A stream that does not decode to a
/// capture's first octets is none; an error is a file that cannot be read (or a compression
/// this build lacks), which the caller takes so that reading it says why.
pub fn is_capture(path: &std::path::Path) -> io::Result<bool> {
    let mut src = Source::open(std::fs::File::open(path)?)?;
    Ok(first_octets(&mut src).is_ok_and(|h| file::is_capture_magic(&h)))
}

/// Up to four octets from the start of `r`.
fn first_octets(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(4);
    r.take(4).read_to_end(&mut head)?;
    Ok(head)
}
