//! pcap and pcapng framing over a reused read buffer.
//!
//! pcap-file parses the file header, the pcap record headers, the pcapng block framing and the
//! section header / interface description blocks. The packet blocks are read here because
//! pcap-file 2.0 takes EPB timestamps as nanoseconds whatever the interface's `if_tsresol`,
//! keeps the padding of simple packet blocks as data, rejects pcap records whose original
//! length exceeds the snapshot length, and rejects a whole EPB for one bad option.

use std::io::Read;

use pcap_file::pcap::PcapParser;
use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
use pcap_file::pcapng::PcapNgParser;
use pcap_file::{Endianness, TsResolution};

use super::compressed::{Compression, Source};
use super::{CaptureError, DecodeError, ErrorKind, Note, Protocol, Timestamp};

const PCAPNG_SHB: u32 = 0x0A0D_0D0A;
const PCAPNG_IDB: u32 = 1;
const PCAPNG_PB: u32 = 2;
const PCAPNG_SPB: u32 = 3;
const PCAPNG_EPB: u32 = 6;
/// Link type given to records whose interface is unknown; no link decoder matches it.
pub(crate) const LINK_UNKNOWN: u32 = u32::MAX;

/// The container format of a capture file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Classic libpcap format.
    Pcap {
        /// Big-endian headers.
        big_endian: bool,
        /// Nanosecond timestamps (magic a1b23c4d) rather than microseconds.
        nanos: bool,
        /// The file's link type.
        link_type: u32,
        /// The file's snapshot length.
        snaplen: u32,
    },
    /// pcapng; byte order of the first section.
    PcapNg {
        /// Big-endian first section.
        big_endian: bool,
    },
}

#[derive(Debug, Clone, Copy)]
struct Iface {
    link: u32,
    snaplen: u32,
    tsresol: u8,
    tsoffset: i64,
}

/// A packet record located in the read buffer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    pub link: u32,
    pub ts: Timestamp,
    pub orig_len: u32,
    start: usize,
    end: usize,
}

pub(crate) struct FileReader<R: Read> {
    src: Source<R>,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// File offset of `buf[0]`.
    base: u64,
    max_record: usize,
    format: FileFormat,
    big_endian: bool,
    ifaces: Vec<Iface>,
    last_ts: Timestamp,
    pcap: Option<PcapParser>,
    ng: Option<PcapNgParser>,
    /// Capture-level issues to attach to the next frame.
    pending: Vec<DecodeError>,
    /// Capture-level notes of the next frame (oversized records).
    pending_notes: Vec<Note>,
}

/// Largest packet Wireshark reads for most link types (WTAP_MAX_PACKET_SIZE_STANDARD); a
/// larger record is read, with a note (tshark stops at it, calling the file damaged).
pub(crate) const WIRESHARK_MAX_PACKET: usize = 262_144;

const INITIAL_BUF: usize = 1 << 20;
/// Interfaces described in one pcapng section (real files have a handful).
const MAX_INTERFACES: usize = 4096;
/// Capture-level issues kept between two frames.
const MAX_PENDING: usize = 64;

/// A pcap file's magic number: either byte order, micro- or nanoseconds.
fn is_pcap_magic(magic: u32) -> bool {
    matches!(magic, 0xA1B2_C3D4 | 0xA1B2_3C4D | 0xD4C3_B2A1 | 0x4D3C_B2A1)
}

/// Whether `head` (a file's first four octets) opens a pcap or a pcapng file.
pub(crate) fn is_capture_magic(head: &[u8]) -> bool {
    <[u8; 4]>::try_from(head)
        .is_ok_and(|m| is_pcap_magic(u32::from_be_bytes(m)) || u32::from_be_bytes(m) == PCAPNG_SHB)
}

fn io_err(what: &str, source: std::io::Error) -> CaptureError {
    CaptureError::Io {
        what: what.to_string(),
        source,
    }
}

fn damaged(offset: u64, detail: impl Into<std::borrow::Cow<'static, str>>) -> CaptureError {
    CaptureError::Damaged(DecodeError::new(
        Protocol::Capture,
        ErrorKind::Invalid,
        offset * 8,
        detail,
    ))
}

/// Keeps a capture-level issue for the next frame (a bounded number of them).
fn pend(pending: &mut Vec<DecodeError>, e: DecodeError) {
    if pending.len() < MAX_PENDING {
        pending.push(e);
    }
}

/// Notes a record whose captured length passes the snapshot length (0: none) or what
/// Wireshark reads; `at` is the file offset of its length field. Both are read whole, as
/// tshark reads the first.
fn size_notes(notes: &mut Vec<Note>, caplen: usize, snaplen: u32, at: u64) {
    if snaplen != 0 && caplen > snaplen as usize {
        notes.push(Note {
            protocol: Protocol::Capture,
            bit_offset: 0,
            what: format!(
                "captured length {caplen} (file offset {at}) exceeds the snapshot length {snaplen}; read whole"
            )
            .into(),
        });
    }
    if caplen > WIRESHARK_MAX_PACKET {
        notes.push(Note {
            protocol: Protocol::Capture,
            bit_offset: 0,
            what: format!(
                "record of {caplen} octets (file offset {at}) exceeds {WIRESHARK_MAX_PACKET}, the most Wireshark reads (tshark stops there); read whole"
            )
            .into(),
        });
    }
}

fn rd32(be: bool, b: &[u8]) -> u32 {
    let a = [b[0], b[1], b[2], b[3]];
    if be {
        u32::from_be_bytes(a)
    } else {
        u32::from_le_bytes(a)
    }
}

fn rd16(be: bool, b: &[u8]) -> u16 {
    let a = [b[0], b[1]];
    if be {
        u16::from_be_bytes(a)
    } else {
        u16::from_le_bytes(a)
    }
}

fn be32(b: &[u8]) -> u32 {
    rd32(true, b)
}

/// Converts a pcapng timestamp in units of `if_tsresol` into seconds and nanoseconds.
pub(crate) fn pcapng_ts(raw: u64, tsresol: u8, tsoffset: i64) -> Timestamp {
    // The two resolutions seen in practice, without 128-bit division.
    match tsresol {
        6 => {
            return Timestamp::new(
                ((raw / 1_000_000) as i64).saturating_add(tsoffset),
                raw % 1_000_000 * 1000,
            )
        }
        9 => {
            return Timestamp::new(
                ((raw / 1_000_000_000) as i64).saturating_add(tsoffset),
                raw % 1_000_000_000,
            )
        }
        _ => {}
    }
    let exp = u32::from(tsresol & 0x7f);
    let (secs, nanos) = if tsresol & 0x80 == 0 {
        // Units of 10^-exp seconds.
        if exp <= 38 {
            let div = 10u128.pow(exp);
            let secs = raw as u128 / div;
            let frac = raw as u128 % div;
            (secs as i64, (frac * 1_000_000_000 / div) as u64)
        } else {
            (0, 0)
        }
    } else if exp < 64 {
        // Units of 2^-exp seconds.
        let secs = raw >> exp;
        let frac = (raw & ((1u64 << exp) - 1)) as u128;
        (secs as i64, ((frac * 1_000_000_000) >> exp) as u64)
    } else {
        (0, 0)
    };
    Timestamp::new(secs.saturating_add(tsoffset), nanos)
}

impl<R: Read> FileReader<R> {
    pub fn new(src: R, max_record: usize) -> Result<Self, CaptureError> {
        let mut r = FileReader {
            src: Source::open(src).map_err(|e| io_err("reading the capture", e))?,
            buf: vec![0; INITIAL_BUF],
            pos: 0,
            end: 0,
            eof: false,
            base: 0,
            max_record: max_record.max(65_536),
            format: FileFormat::PcapNg { big_endian: false },
            big_endian: false,
            ifaces: Vec::new(),
            last_ts: Timestamp::default(),
            pcap: None,
            ng: None,
            pending: Vec::new(),
            pending_notes: Vec::new(),
        };
        // The framing reads (and offsets count) the decompressed octets of a compressed file.
        let have = r.fill(24)?;
        if have == 0 {
            return Err(CaptureError::Empty);
        }
        let head = &r.buf[r.pos..r.end];
        let magic = be32(&{
            let mut m = [0u8; 4];
            let n = head.len().min(4);
            m[..n].copy_from_slice(&head[..n]);
            m
        });
        let is_pcap = is_pcap_magic(magic);
        if is_pcap {
            if have < 24 {
                return Err(CaptureError::Truncated {
                    offset: 0,
                    needed: 24,
                    present: have as u64,
                });
            }
            let (_, parser) = PcapParser::new(&r.buf[r.pos..r.pos + 24])
                .map_err(|e| damaged(0, format!("pcap file header: {e}")))?;
            let h = parser.header();
            r.pos += 24;
            let big = h.endianness == Endianness::Big;
            let link = u32::from(h.datalink);
            r.format = FileFormat::Pcap {
                big_endian: big,
                nanos: h.ts_resolution == TsResolution::NanoSecond,
                link_type: link,
                snaplen: h.snaplen,
            };
            r.big_endian = big;
            r.ifaces.push(Iface {
                link,
                snaplen: h.snaplen,
                tsresol: if h.ts_resolution == TsResolution::NanoSecond {
                    9
                } else {
                    6
                },
                tsoffset: 0,
            });
            r.pcap = Some(parser);
            Ok(r)
        } else if magic == PCAPNG_SHB {
            // The first section header is read here; every later block by read_block.
            let len = match r.block_len()? {
                Some(l) => l,
                None => return Err(CaptureError::Empty),
            };
            if !r.need(len)? {
                return Err(CaptureError::Empty);
            }
            let (_, parser) = PcapNgParser::new(&r.buf[r.pos..r.pos + len])
                .map_err(|e| damaged(0, format!("pcapng section header: {e}")))?;
            r.pos += len;
            r.format = FileFormat::PcapNg {
                big_endian: r.big_endian,
            };
            r.ng = Some(parser);
            Ok(r)
        } else {
            Err(CaptureError::NotCapture {
                magic: hex::encode(&head[..head.len().min(4)]),
            })
        }
    }

    pub fn format(&self) -> FileFormat {
        self.format
    }

    /// The compression the file's octets are read through, if any.
    pub fn compression(&self) -> Option<Compression> {
        self.src.compression()
    }

    fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Makes at least `need` octets available at `pos` unless the file ends first; returns the
    /// number available (capped at what was asked for only by the file's end).
    fn fill(&mut self, need: usize) -> Result<usize, CaptureError> {
        while self.end - self.pos < need && !self.eof {
            if self.buf.len() - self.pos < need {
                // Slide the unread tail to the front; grow only for records larger than the buffer.
                self.buf.copy_within(self.pos..self.end, 0);
                self.base += self.pos as u64;
                self.end -= self.pos;
                self.pos = 0;
                if self.buf.len() < need {
                    self.buf.resize(need, 0);
                }
            }
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(match self.src.compression() {
                        None => io_err("reading the capture", e),
                        // A damaged or cut compressed stream: where, in the octets it gave.
                        Some(c) => io_err(
                            &format!(
                                "reading the {c}-compressed capture after {} decompressed octets",
                                self.base + self.end as u64
                            ),
                            e,
                        ),
                    });
                }
            }
        }
        Ok((self.end - self.pos).min(need))
    }

    fn need(&mut self, need: usize) -> Result<bool, CaptureError> {
        let have = self.fill(need)?;
        if have == need {
            Ok(true)
        } else if have == 0 {
            Ok(false)
        } else {
            Err(CaptureError::Truncated {
                offset: self.offset(),
                needed: need as u64,
                present: have as u64,
            })
        }
    }

    pub fn record_data(&self, r: &Record) -> (&[u8], &[DecodeError], &[Note]) {
        (
            &self.buf[r.start..r.end],
            &self.pending,
            &self.pending_notes,
        )
    }

    /// Notes a record whose captured length passes the snapshot length (0: none) or what
    /// Wireshark reads; `at` is the file offset of its length field. Both are read whole, as
    /// tshark reads the first.
    fn size_notes(&mut self, caplen: usize, snaplen: u32, at: u64) {
        size_notes(&mut self.pending_notes, caplen, snaplen, at);
    }

    pub fn next_record(&mut self) -> Result<Option<Record>, CaptureError> {
        self.pending.clear();
        self.pending_notes.clear();
        match self.format {
            FileFormat::Pcap { .. } => self.next_pcap(),
            FileFormat::PcapNg { .. } => loop {
                match self.read_block()? {
                    None => return Ok(None),
                    Some(Some(rec)) => return Ok(Some(rec)),
                    Some(None) => continue,
                }
            },
        }
    }

    fn next_pcap(&mut self) -> Result<Option<Record>, CaptureError> {
        if !self.need(16)? {
            return Ok(None);
        }
        let incl = rd32(self.big_endian, &self.buf[self.pos + 8..self.pos + 12]) as usize;
        if incl > self.max_record {
            return Err(damaged(
                self.offset() + 8,
                format!(
                    "pcap record length {incl} exceeds the limit of {} octets",
                    self.max_record
                ),
            ));
        }
        if !self.need(16 + incl)? {
            return Ok(None);
        }
        let at = self.offset();
        // The record header is read here: pcap-file rejects a captured length above the
        // snapshot length, which tshark reads.
        let be = self.big_endian;
        let h = &self.buf[self.pos..self.pos + 16];
        let (ts_sec, ts_frac, orig) =
            (rd32(be, &h[0..4]), rd32(be, &h[4..8]), rd32(be, &h[12..16]));
        let snaplen = self.ifaces.first().map_or(0, |i| i.snaplen);
        self.size_notes(incl, snaplen, at + 8);
        let start = self.pos + 16;
        self.pos = start + incl;
        let nanos = if self.ifaces[0].tsresol == 9 {
            u64::from(ts_frac)
        } else {
            u64::from(ts_frac) * 1000
        };
        let ts = Timestamp::new(i64::from(ts_sec), nanos);
        self.last_ts = ts;
        Ok(Some(Record {
            link: self.ifaces[0].link,
            ts,
            orig_len: orig,
            start,
            end: start + incl,
        }))
    }

    /// Length of the pcapng block at `pos` (checked), `None` at a clean end. Sets the byte
    /// order when the block is a section header.
    fn block_len(&mut self) -> Result<Option<usize>, CaptureError> {
        if !self.need(12)? {
            return Ok(None);
        }
        let at = self.offset();
        let h = &self.buf[self.pos..self.pos + 12];
        let btype = rd32(self.big_endian, &h[0..4]);
        let len = if btype == PCAPNG_SHB {
            // The byte-order magic of the new section says how to read its length.
            let big = match be32(&h[8..12]) {
                0x1A2B_3C4D => true,
                0x4D3C_2B1A => false,
                m => {
                    return Err(damaged(
                        at + 8,
                        format!("pcapng section header: byte-order magic {m:08x}"),
                    ))
                }
            };
            self.big_endian = big;
            rd32(big, &h[4..8]) as usize
        } else {
            rd32(self.big_endian, &h[4..8]) as usize
        };
        if len < 12 || len % 4 != 0 || len > self.max_record + 64 {
            return Err(damaged(
                at + 4,
                format!("pcapng block type {btype:#x}: impossible block length {len}"),
            ));
        }
        Ok(Some(len))
    }

    /// Reads one pcapng block: `None` at a clean end, `Some(None)` for a non-packet block.
    fn read_block(&mut self) -> Result<Option<Option<Record>>, CaptureError> {
        let Some(len) = self.block_len()? else {
            return Ok(None);
        };
        if !self.need(len)? {
            return Ok(None);
        }
        let at = self.offset();
        let be = self.big_endian;
        let start = self.pos;
        let btype = rd32(be, &self.buf[start..start + 4]);
        if rd32(be, &self.buf[start + len - 4..start + len]) as usize != len {
            return Err(damaged(
                at + len as u64 - 4,
                format!("pcapng block type {btype:#x}: trailing length differs from {len}"),
            ));
        }
        let Some(parser) = self.ng.as_mut() else {
            return Ok(None);
        };
        // Interfaces beyond the cap are not described to anyone: their packets get an issue.
        if btype == PCAPNG_IDB && self.ifaces.len() >= MAX_INTERFACES {
            self.pos += len;
            pend(
                &mut self.pending,
                DecodeError::new(
                    Protocol::Capture,
                    ErrorKind::Limit,
                    at * 8,
                    format!(
                        "more than {MAX_INTERFACES} interfaces in one section; description ignored"
                    ),
                ),
            );
            return Ok(Some(None));
        }
        // The parser keeps the section's byte order and its interface descriptions.
        let parsed = parser
            .next_raw_block(&self.buf[start..start + len])
            .map(|_| ())
            .map_err(|e| e.to_string());
        self.pos += len;
        let body = start + 8..start + len - 4;
        match btype {
            PCAPNG_SHB => {
                if let Err(e) = parsed {
                    return Err(damaged(at, format!("pcapng section header: {e}")));
                }
                self.ifaces.clear();
                Ok(Some(None))
            }
            PCAPNG_IDB => {
                let b = &self.buf[body.clone()];
                if b.len() < 8 {
                    return Err(damaged(
                        at,
                        "pcapng interface description shorter than 8 octets",
                    ));
                }
                let mut iface = Iface {
                    link: u32::from(rd16(be, &b[0..2])),
                    snaplen: rd32(be, &b[4..8]),
                    tsresol: 6,
                    tsoffset: 0,
                };
                match parsed {
                    Ok(_) => {
                        let idb = self.ng.as_ref().and_then(|p| p.interfaces().last());
                        for o in idb.iter().flat_map(|i| i.options.iter()) {
                            match o {
                                InterfaceDescriptionOption::IfTsResol(r) => iface.tsresol = *r,
                                InterfaceDescriptionOption::IfTsOffset(o) => {
                                    iface.tsoffset = *o as i64
                                }
                                _ => {}
                            }
                        }
                    }
                    Err(e) => pend(&mut self.pending, DecodeError::new(
                        Protocol::Capture,
                        ErrorKind::Invalid,
                        at * 8,
                        format!(
                            "pcapng interface {} at file offset {at}: options unreadable ({e}); microsecond timestamps assumed",
                            self.ifaces.len()
                        ),
                    )),
                }
                self.ifaces.push(iface);
                Ok(Some(None))
            }
            PCAPNG_EPB | PCAPNG_PB => {
                let b = &self.buf[body.clone()];
                if b.len() < 20 {
                    return Err(damaged(at, "pcapng packet block shorter than 20 octets"));
                }
                let (iface_id, ts_hi, ts_lo, caplen, orig) = if btype == PCAPNG_EPB {
                    (
                        rd32(be, &b[0..4]),
                        rd32(be, &b[4..8]),
                        rd32(be, &b[8..12]),
                        rd32(be, &b[12..16]),
                        rd32(be, &b[16..20]),
                    )
                } else {
                    (
                        u32::from(rd16(be, &b[0..2])),
                        rd32(be, &b[4..8]),
                        rd32(be, &b[8..12]),
                        rd32(be, &b[12..16]),
                        rd32(be, &b[16..20]),
                    )
                };
                let mut caplen = caplen as usize;
                let snaplen = self.ifaces.get(iface_id as usize).map_or(0, |i| i.snaplen);
                size_notes(
                    &mut self.pending_notes,
                    caplen.min(b.len() - 20),
                    snaplen,
                    at + 20,
                );
                if caplen > b.len() - 20 {
                    pend(
                        &mut self.pending,
                        DecodeError::new(
                            Protocol::Capture,
                            ErrorKind::BadLength,
                            (at + 20) * 8,
                            format!(
                            "captured length {caplen} exceeds the packet block ({} octets); cut",
                            b.len() - 20
                        ),
                        ),
                    );
                    caplen = b.len() - 20;
                }
                let raw = (u64::from(ts_hi) << 32) | u64::from(ts_lo);
                let (link, ts) = match self.ifaces.get(iface_id as usize) {
                    Some(i) => (i.link, pcapng_ts(raw, i.tsresol, i.tsoffset)),
                    None => {
                        pend(&mut self.pending, DecodeError::new(
                            Protocol::Capture,
                            ErrorKind::Invalid,
                            (at + 8) * 8,
                            format!("packet block names interface {iface_id}, which the section does not describe"),
                        ));
                        (LINK_UNKNOWN, pcapng_ts(raw, 6, 0))
                    }
                };
                self.last_ts = ts;
                let start = body.start + 20;
                Ok(Some(Some(Record {
                    link,
                    ts,
                    orig_len: orig,
                    start,
                    end: start + caplen,
                })))
            }
            PCAPNG_SPB => {
                let b = &self.buf[body.clone()];
                if b.len() < 4 {
                    return Err(damaged(
                        at,
                        "pcapng simple packet block shorter than 4 octets",
                    ));
                }
                let orig = rd32(be, &b[0..4]);
                // The captured length is implied: the original length, cut by the snapshot
                // length of interface 0 and by the block.
                let mut caplen = (orig as usize).min(b.len() - 4);
                let link = match self.ifaces.first() {
                    Some(i) => {
                        if i.snaplen != 0 {
                            caplen = caplen.min(i.snaplen as usize);
                        }
                        i.link
                    }
                    None => {
                        pend(
                            &mut self.pending,
                            DecodeError::new(
                                Protocol::Capture,
                                ErrorKind::Invalid,
                                at * 8,
                                "simple packet block before any interface description",
                            ),
                        );
                        LINK_UNKNOWN
                    }
                };
                let start = body.start + 4;
                // A simple packet block has no timestamp: the previous record's is used.
                Ok(Some(Some(Record {
                    link,
                    ts: self.last_ts,
                    orig_len: orig,
                    start,
                    end: start + caplen,
                })))
            }
            _ => Ok(Some(None)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsresol_decimal_and_binary() {
        assert_eq!(
            pcapng_ts(1_600_000_000_123_456, 6, 0),
            Timestamp {
                secs: 1_600_000_000,
                nanos: 123_456_000
            }
        );
        assert_eq!(
            pcapng_ts(1_600_000_000_123_456_789, 9, 0),
            Timestamp {
                secs: 1_600_000_000,
                nanos: 123_456_789
            }
        );
        assert_eq!(
            pcapng_ts(16_000_000_001, 1, 0),
            Timestamp {
                secs: 1_600_000_000,
                nanos: 100_000_000
            }
        );
        // 2^-10 s units: 1024 units = 1 s, 512 = 0.5 s.
        assert_eq!(
            pcapng_ts(3 * 1024 + 512, 0x80 | 10, 0),
            Timestamp {
                secs: 3,
                nanos: 500_000_000
            }
        );
        assert_eq!(
            pcapng_ts(5, 6, 100),
            Timestamp {
                secs: 100,
                nanos: 5000
            }
        );
        // Absurd resolutions do not panic.
        let _ = pcapng_ts(u64::MAX, 0x7f, 0);
        let _ = pcapng_ts(u64::MAX, 0xff, i64::MAX);
        let _ = pcapng_ts(u64::MAX, 0, i64::MAX);
    }
}
