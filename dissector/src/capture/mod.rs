//! From a capture file to application payloads, streaming in bounded memory.
//!
//! ```text
//! pcap / pcapng record ─► link (Ethernet+VLAN, SLL, SLL2, raw IP, null/loop)
//!   ─► IPv4 / IPv6 (+ extension headers, fragment reassembly)
//!   ─► SCTP DATA / I-DATA (bundling, fragment reassembly, retransmission suppression)
//!      or UDP port 2123 (GTPv1-C / GTPv2-C)
//!   ─► Payload { src, dst, app, transport, data }
//! ```
//!
//! [`CaptureReader`] is a lending iterator: [`CaptureReader::next_frame`] returns a [`Frame`] that
//! borrows the reader's buffers, so the steady state allocates nothing per packet. Damage in a
//! layer becomes an entry of [`Frame::issues`] (a [`DecodeError`] naming the layer and the byte
//! offset in the frame) and never stops the reading of later frames. A capture file cut short
//! yields all of its whole records, then one [`CaptureError::Truncated`], then `None`.
//!
//! All state that grows with the input is bounded by [`Limits`]; when a limit is hit the oldest
//! entry is dropped and an issue of kind [`ErrorKind::Limit`] says so on the frame that caused
//! it (a forgotten SCTP association is a note: no data of the capture is lost with it). What
//! is still in reassembly when the capture ends is listed by
//! [`CaptureReader::end_of_capture`].
//!
//! # Memory bounds (default [`Limits`])
//!
//! | state | bound | worst case |
//! |---|---|---|
//! | read buffer | one record, `max_record_len` (16 MiB) | 16 MiB on a file with such a record, 1 MiB usually |
//! | IP reassembly | `ip_frag_max_datagrams` 1,024, `ip_frag_max_bytes` 4 MiB | 4 MiB + 1,024 entries |
//! | SCTP reassembly | `sctp_max_messages` 4,096, `sctp_max_bytes` 8 MiB (4 MiB per association, 1 MiB per stream) | 8 MiB + 4,096 entries |
//! | SCTP associations | `sctp_max_associations` 110,000, [`MAX_ADDRS`] addresses per side | about 400 octets each, 44 MB |
//! | one frame's output | its payloads, issues, notes | the record's size |
//!
//! Measured: 120,000 associations (each with a message each way, no eviction at a raised
//! limit) peak at 49 MB in the capture layer and 55 MB in `keyhop read`.

mod assoc;
mod compressed;
mod ctx;
mod dissect;
mod file;
mod hash;
mod inputs;
mod ipfrag;
pub(crate) mod layers;
mod sctp;
pub mod synth;
mod tsn;

use std::fmt;
use std::io::Read;
use std::net::SocketAddr;
use std::path::Path;

pub use keyhop_codec::{DecodeError, ErrorKind, Note, Protocol};

pub use assoc::{AssocId, Association, Side, MAX_ADDRS};
pub use compressed::{is_capture, Compression};
pub use dissect::{Dissector, PORT_GTPC};
pub use file::FileFormat;
pub use inputs::{expand_inputs, natural_order, Inputs, STDIN};
pub use sctp::{PORT_S1AP, PORT_X2AP, PPID_S1AP, PPID_X2AP};

/// A capture timestamp: seconds and nanoseconds since 1970-01-01T00:00:00 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    /// Whole seconds since the epoch (negative before 1970).
    pub secs: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    pub nanos: u32,
}

impl Timestamp {
    /// Nanoseconds since the epoch.
    pub fn as_nanos(self) -> i128 {
        self.secs as i128 * 1_000_000_000 + self.nanos as i128
    }

    /// RFC 3339 in UTC with microseconds, as keyhop's JSON output writes it
    /// (`2026-11-22T12:00:00.000001Z`); the nanoseconds are truncated.
    pub fn rfc3339_micros(self) -> String {
        let mut b = [0u8; 27];
        match self.rfc3339_micros_into(&mut b) {
            Some(t) => t.to_owned(),
            None => self.rfc3339_micros_slow(),
        }
    }

    /// [`Timestamp::rfc3339_micros`] written into `buf` without formatting machinery or
    /// allocation (one per output line adds up over millions of packets); `None` for a year
    /// outside 0..=9999, which takes the general path.
    ///
    /// Consecutive records mostly fall in the same second, so the date and time of day (the
    /// first 20 octets) of the last second written are kept per thread and only the
    /// microseconds are formatted anew.
    pub fn rfc3339_micros_into(self, buf: &mut [u8; 27]) -> Option<&str> {
        let b = self.rfc3339_micros_octets(buf)?;
        std::str::from_utf8(b).ok()
    }

    /// [`Timestamp::rfc3339_micros_into`] as octets, for writers of octets: the UTF-8 check
    /// of the text (digits and punctuation only) cost as much as writing it.
    pub fn rfc3339_micros_octets(self, buf: &mut [u8; 27]) -> Option<&[u8]> {
        thread_local! {
            /// The whole second last written, and its text up to the decimal point.
            static SECOND: std::cell::Cell<Option<(i64, [u8; 20])>> =
                const { std::cell::Cell::new(None) };
        }
        match SECOND.get() {
            Some((secs, head)) if secs == self.secs => buf[..20].copy_from_slice(&head),
            _ => {
                let mut head = [0u8; 20];
                second_text(self.secs, &mut head)?;
                SECOND.set(Some((self.secs, head)));
                buf[..20].copy_from_slice(&head);
            }
        }
        // Microseconds as three digit pairs; the nanoseconds are truncated.
        let us = self.nanos / 1000;
        for (i, v) in [us / 10_000, us / 100 % 100, us % 100]
            .into_iter()
            .enumerate()
        {
            let v = v as usize;
            buf[20 + 2 * i..22 + 2 * i].copy_from_slice(&DIGIT_PAIRS[2 * v..2 * v + 2]);
        }
        buf[26] = b'Z';
        Some(buf)
    }

    fn rfc3339_micros_slow(self) -> String {
        let days = self.secs.div_euclid(86_400);
        let sod = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:06}Z",
            sod / 3600,
            sod / 60 % 60,
            sod % 60,
            self.nanos / 1000
        )
    }

    /// A timestamp from whole seconds and a possibly oversized nanosecond part.
    pub fn new(secs: i64, nanos: u64) -> Self {
        Timestamp {
            secs: secs.saturating_add((nanos / 1_000_000_000) as i64),
            nanos: (nanos % 1_000_000_000) as u32,
        }
    }
}

/// `00` to `99`, two octets each: decimal digits without a division per digit.
pub(crate) const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// `YYYY-MM-DDTHH:MM:SS.` of whole seconds since the epoch into `buf`; `None` for a year
/// outside 0..=9999.
fn second_text(secs: i64, buf: &mut [u8; 20]) -> Option<()> {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    fn put(buf: &mut [u8], mut v: u64) {
        for c in buf.iter_mut().rev() {
            *c = b'0' + (v % 10) as u8;
            v /= 10;
        }
    }
    *buf = *b"0000-00-00T00:00:00.";
    put(&mut buf[0..4], y as u64);
    put(&mut buf[5..7], u64::from(m));
    put(&mut buf[8..10], u64::from(d));
    put(&mut buf[11..13], (sod / 3600) as u64);
    put(&mut buf[14..16], (sod / 60 % 60) as u64);
    put(&mut buf[17..19], (sod % 60) as u64);
    Some(())
}

/// Proleptic Gregorian (year, month, day) of a day count from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Count in 400-year eras starting on 0000-03-01, so that leap days end each year.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The application protocols keyhop extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AppProto {
    /// S1AP over SCTP (PPID 18 or port 36412).
    S1ap,
    /// X2AP over SCTP (PPID 27 or port 36422).
    X2ap,
    /// GTPv1-C over UDP port 2123 (version bits 1).
    Gtpv1c,
    /// GTPv2-C over UDP port 2123 (version bits 2).
    Gtpv2c,
}

impl AppProto {
    /// The name used in keyhop output (`s1ap`, `x2ap`, `gtpv1`, `gtpv2`).
    pub fn name(self) -> &'static str {
        match self {
            AppProto::S1ap => "s1ap",
            AppProto::X2ap => "x2ap",
            AppProto::Gtpv1c => "gtpv1",
            AppProto::Gtpv2c => "gtpv2",
        }
    }

    /// The codec protocol that decodes this payload.
    pub fn protocol(self) -> Protocol {
        match self {
            AppProto::S1ap => Protocol::S1ap,
            AppProto::X2ap => Protocol::X2ap,
            AppProto::Gtpv1c => Protocol::Gtpv1,
            AppProto::Gtpv2c => Protocol::Gtpv2,
        }
    }
}

impl fmt::Display for AppProto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An SCTP path as an unordered pair of endpoints (the lower address first), so both
/// directions share one key. This is not an association's identity (a multi-homed association
/// has several paths): that is [`SctpInfo::assoc`], found by ports and verification tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssocKey {
    /// The lower endpoint.
    pub a: SocketAddr,
    /// The higher endpoint.
    pub b: SocketAddr,
}

impl AssocKey {
    /// The key of the association between two endpoints, whichever sent the packet.
    pub fn new(x: SocketAddr, y: SocketAddr) -> Self {
        if x <= y {
            AssocKey { a: x, b: y }
        } else {
            AssocKey { a: y, b: x }
        }
    }
}

/// How an SCTP user message was carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SctpInfo {
    /// Verification tag of the packet(s) (the receiver's tag).
    pub vtag: u32,
    /// The association (by ports and verification tags, RFC 9260), the same on every path of
    /// a multi-homed association; [`Frame::association`] tells its sides' addresses.
    pub assoc: AssocId,
    /// Which side of the association sent the message.
    pub sender: Side,
    /// Stream identifier.
    pub stream: u16,
    /// Payload protocol identifier (0 when the sender left it unset).
    pub ppid: u32,
    /// TSN of the first (or only) chunk of the message.
    pub tsn: u32,
    /// Number of DATA / I-DATA chunks the message was reassembled from (1 when not fragmented).
    pub fragments: u32,
    /// Frame number where the first chunk of the message was seen.
    pub first_frame: u64,
    /// The U (unordered) flag.
    pub unordered: bool,
    /// Message identifier when carried in I-DATA chunks (RFC 8260), `None` for DATA.
    pub mid: Option<u32>,
}

/// The transport layer of a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// An SCTP user message.
    Sctp(SctpInfo),
    /// A UDP datagram's payload.
    Udp,
}

/// One application message found in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payload<'a> {
    /// Sender address and port.
    pub src: SocketAddr,
    /// Receiver address and port.
    pub dst: SocketAddr,
    /// Which protocol the message is.
    pub app: AppProto,
    /// SCTP or UDP details.
    pub transport: Transport,
    /// The application message octets (reassembled when fragmented).
    pub data: &'a [u8],
}

impl Payload<'_> {
    /// The SCTP association and the sending side, `None` for UDP.
    pub fn association(&self) -> Option<(AssocId, Side)> {
        match self.transport {
            Transport::Sctp(s) => Some((s.assoc, s.sender)),
            Transport::Udp => None,
        }
    }

    /// The SCTP path (address pair, both directions alike), `None` for UDP. Not an identity:
    /// see [`Payload::association`].
    pub fn assoc_key(&self) -> Option<AssocKey> {
        match self.transport {
            Transport::Sctp(_) => Some(AssocKey::new(self.src, self.dst)),
            Transport::Udp => None,
        }
    }
}

/// Where a payload lives in the per-frame arena (internal; [`Frame::payloads`] resolves it).
#[derive(Debug, Clone)]
pub(crate) struct PayloadMeta {
    pub src: SocketAddr,
    pub dst: SocketAddr,
    pub app: AppProto,
    pub transport: Transport,
    pub start: usize,
    pub end: usize,
}

/// One capture record and what keyhop found in it. Borrows the reader until the next call.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// Frame number in the capture, from 1 (as Wireshark counts packet records).
    pub number: u64,
    /// Capture timestamp (UTC).
    pub timestamp: Timestamp,
    /// LINKTYPE_ value of the record's interface.
    pub link_type: u32,
    /// Length of the packet on the wire (may exceed `data.len()` when the snapshot cut it).
    pub original_len: u32,
    /// The captured octets, from the link-layer header on.
    pub data: &'a [u8],
    /// Damaged or dropped layers: protocol, byte offset in the frame, what. Never fatal.
    pub issues: &'a [DecodeError],
    /// Oddities accepted (bad IPv4 header checksum, SCTP CRC mismatch, retransmissions...).
    pub notes: &'a [Note],
    metas: &'a [PayloadMeta],
    arena: &'a [u8],
    sctp: &'a sctp::SctpState,
}

impl<'a> Frame<'a> {
    /// What is known of an SCTP association named by a payload of this frame (or of an
    /// earlier one, while the association is held): per side, port, tag and addresses.
    pub fn association(&self, id: AssocId) -> Option<Association<'a>> {
        self.sctp.association(id)
    }

    /// Number of application payloads in the frame.
    pub fn payload_count(&self) -> usize {
        self.metas.len()
    }

    /// The application payloads, in the order their last chunk appeared in the frame.
    pub fn payloads(&self) -> impl ExactSizeIterator<Item = Payload<'a>> + 'a {
        let arena = self.arena;
        self.metas.iter().map(move |m| Payload {
            src: m.src,
            dst: m.dst,
            app: m.app,
            transport: m.transport,
            data: &arena[m.start..m.end],
        })
    }
}

/// Resource limits of the reassembly state. Times are in capture time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest capture record accepted (octets); a larger length field means a damaged file.
    pub max_record_len: usize,
    /// IP datagrams being reassembled at once, over all flows.
    pub ip_frag_max_datagrams: usize,
    /// IP datagrams being reassembled at once between one source and destination.
    pub ip_frag_max_per_flow: usize,
    /// Octets held in IP reassembly buffers, over all flows.
    pub ip_frag_max_bytes: usize,
    /// An incomplete IP datagram is dropped this many nanoseconds after its last fragment.
    pub ip_frag_timeout_ns: u64,
    /// SCTP user messages being reassembled at once, over all associations.
    pub sctp_max_messages: usize,
    /// Octets held for one association, direction and stream.
    pub sctp_max_stream_bytes: usize,
    /// Octets held for one association (both directions, all streams), so that one peer cannot
    /// take the whole of `sctp_max_bytes` from the others.
    pub sctp_max_assoc_bytes: usize,
    /// Octets held in SCTP reassembly buffers, over all associations.
    pub sctp_max_bytes: usize,
    /// An incomplete SCTP message is dropped this many nanoseconds after its last chunk.
    pub sctp_timeout_ns: u64,
    /// SCTP associations held at once (their tags, addresses and delivered TSNs); past this
    /// the least recently used is forgotten, with a note.
    pub sctp_max_associations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_record_len: 16 << 20,
            ip_frag_max_datagrams: 1024,
            ip_frag_max_per_flow: 64,
            ip_frag_max_bytes: 4 << 20,
            ip_frag_timeout_ns: 30_000_000_000,
            sctp_max_messages: 4096,
            sctp_max_stream_bytes: 1 << 20,
            sctp_max_assoc_bytes: 4 << 20,
            sctp_max_bytes: 8 << 20,
            sctp_timeout_ns: 60_000_000_000,
            sctp_max_associations: 110_000,
        }
    }
}

/// Ports read as a protocol besides its standard ones (Wireshark's decode-as): S1AP on
/// 36412 and X2AP on 36422 (or PPID 18/27), GTP-C on UDP 2123.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ports {
    /// SCTP ports read as S1AP.
    pub s1ap: Vec<u16>,
    /// SCTP ports read as X2AP.
    pub x2ap: Vec<u16>,
    /// UDP ports read as GTP-C.
    pub gtpc: Vec<u16>,
}

/// Counters over the whole reading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Frames (packet records) read.
    pub frames: u64,
    /// Payloads produced.
    pub payloads: u64,
    /// Issues reported (all frames).
    pub issues: u64,
    /// Notes reported (all frames).
    pub notes: u64,
    /// IP datagrams reassembled from fragments.
    pub ip_reassembled: u64,
    /// Incomplete IP datagrams dropped (timeout or limit).
    pub ip_evicted: u64,
    /// SCTP user messages reassembled from several chunks.
    pub sctp_reassembled: u64,
    /// DATA / I-DATA chunks skipped because their TSN was already delivered.
    pub sctp_duplicates: u64,
    /// Incomplete SCTP messages dropped (timeout or limit).
    pub sctp_evicted: u64,
    /// SCTP associations forgotten because the table was full.
    pub sctp_assoc_evicted: u64,
    /// Frames not dissected because keyhop does not know their link type, per LINKTYPE_.
    pub unsupported_links: std::collections::BTreeMap<u32, u64>,
}

/// What a capture left unfinished or skipped, known once its last frame was read
/// ([`CaptureReader::end_of_capture`], [`Dissector::finish`]), as Wireshark's expert info
/// lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndOfCapture {
    /// Data the capture lost at its end, one entry per SCTP association, sender and stream
    /// with chunks still in reassembly (no E chunk, a TSN gap...) and per IP datagram still
    /// missing fragments. Field path `end_of_capture`; commands count them as damage.
    pub issues: Vec<DecodeError>,
    /// Frames skipped because keyhop does not read their link type, one note per type with
    /// the number of frames.
    pub notes: Vec<Note>,
}

impl EndOfCapture {
    /// True when nothing was left or skipped.
    pub fn is_empty(&self) -> bool {
        self.issues.is_empty() && self.notes.is_empty()
    }
}

/// Why a capture could not be read (or could not be read to its end).
#[derive(Debug)]
pub enum CaptureError {
    /// The file could not be opened or read.
    Io {
        /// What was being done.
        what: String,
        /// The system's error.
        source: std::io::Error,
    },
    /// The file has no octets at all.
    Empty,
    /// The first octets are neither a pcap magic number nor a pcapng section header.
    NotCapture {
        /// The first four octets, in hex.
        magic: String,
    },
    /// The file ends inside a record (or inside the file header): every whole record before
    /// `offset` was read.
    Truncated {
        /// File offset of the incomplete record.
        offset: u64,
        /// Octets the record needed.
        needed: u64,
        /// Octets present.
        present: u64,
    },
    /// The framing is broken (impossible length, bad block trailer...): reading stops here.
    Damaged(DecodeError),
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaptureError::Io { what, source } => write!(f, "{what}: {source}"),
            CaptureError::Empty => f.write_str("the file is empty: not a pcap or pcapng capture"),
            CaptureError::NotCapture { magic } => {
                write!(
                    f,
                    "not a pcap or pcapng capture (first octets {magic}, expected a pcap magic number or a pcapng section header)"
                )?;
                match compressed::unread_compression(magic) {
                    Some(c) => write!(f, "; it appears to be {c}, which keyhop does not read (nor does tshark): decompress it first"),
                    None => Ok(()),
                }
            }
            CaptureError::Truncated {
                offset,
                needed,
                present,
            } => write!(
                f,
                "capture file truncated: the record at file offset {offset} needs {needed} octets, only {present} present; every whole record before it was read"
            ),
            CaptureError::Damaged(e) => write!(f, "capture file damaged, reading stopped: {e}"),
        }
    }
}

impl std::error::Error for CaptureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CaptureError::Io { source, .. } => Some(source),
            CaptureError::Damaged(e) => Some(e),
            _ => None,
        }
    }
}

/// Reads a capture file and yields, per frame, the application payloads.
///
/// ```no_run
/// use keyhop::capture::CaptureReader;
/// let mut reader = CaptureReader::open("trace.pcapng")?;
/// while let Some(frame) = reader.next_frame() {
///     let frame = match frame {
///         Ok(f) => f,
///         Err(e) => { eprintln!("{e}"); break; }
///     };
///     for p in frame.payloads() {
///         println!("{} {} {} -> {} {} octets", frame.number, p.app, p.src, p.dst, p.data.len());
///     }
/// }
/// # Ok::<(), keyhop::capture::CaptureError>(())
/// ```
pub struct CaptureReader<R: Read> {
    file: file::FileReader<R>,
    dissector: Dissector,
    number: u64,
    finished: bool,
    end: EndOfCapture,
}

impl CaptureReader<std::fs::File> {
    /// Opens a pcap or pcapng file, gzip-, zstd- or LZ4-compressed or not, with the default
    /// [`Limits`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self, CaptureError> {
        Self::open_with_limits(path, Limits::default())
    }

    /// Opens a pcap or pcapng file with the given limits.
    pub fn open_with_limits(path: impl AsRef<Path>, limits: Limits) -> Result<Self, CaptureError> {
        let path = path.as_ref();
        let f = std::fs::File::open(path).map_err(|source| CaptureError::Io {
            what: format!("cannot open {}", path.display()),
            source,
        })?;
        Self::with_limits(f, limits)
    }
}

impl<R: Read> CaptureReader<R> {
    /// Reads a capture from any byte source, compressed or not (the file header is read now).
    pub fn new(src: R) -> Result<Self, CaptureError> {
        Self::with_limits(src, Limits::default())
    }

    /// Reads a capture from any byte source with the given limits.
    pub fn with_limits(src: R, limits: Limits) -> Result<Self, CaptureError> {
        let file = file::FileReader::new(src, limits.max_record_len)?;
        Ok(CaptureReader {
            file,
            dissector: Dissector::new(limits),
            number: 0,
            finished: false,
            end: EndOfCapture::default(),
        })
    }

    /// Reads these ports too as S1AP, X2AP or GTP-C (decode-as).
    pub fn with_ports(mut self, ports: Ports) -> Self {
        self.dissector.set_ports(ports);
        self
    }

    /// The file format (pcap or pcapng, byte order, resolution) seen in the file header.
    pub fn format(&self) -> FileFormat {
        self.file.format()
    }

    /// The compression the capture was read through (gzip, zstd, LZ4), or `None` for a plain file.
    /// Offsets in errors and notes then count octets of the decompressed contents.
    pub fn compression(&self) -> Option<Compression> {
        self.file.compression()
    }

    /// Counters so far.
    pub fn stats(&self) -> &Stats {
        self.dissector.stats()
    }

    /// What the capture left unfinished (SCTP messages in reassembly, IP datagrams missing
    /// fragments) or skipped (unsupported link types): empty until [`CaptureReader::next_frame`]
    /// has returned its last frame (then `None`, or the error of a truncated or damaged file).
    pub fn end_of_capture(&self) -> &EndOfCapture {
        &self.end
    }

    /// The association (ports, tags, each side's addresses) a payload named, while it is held.
    pub fn association(&self, id: AssocId) -> Option<Association<'_>> {
        self.dissector.association(id)
    }

    /// The next frame; `Some(Err(..))` once when the file is truncated or damaged, then `None`.
    #[allow(clippy::should_implement_trait)]
    pub fn next_frame(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        if self.finished {
            return None;
        }
        let rec = match self.file.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => {
                self.finished = true;
                self.end = self.dissector.finish();
                return None;
            }
            Err(e) => {
                self.finished = true;
                self.end = self.dissector.finish();
                return Some(Err(e));
            }
        };
        self.number += 1;
        let (data, pending, pending_notes) = self.file.record_data(&rec);
        let (out, sctp) = self.dissector.dissect_with(
            self.number,
            rec.ts,
            rec.link,
            data,
            pending,
            pending_notes,
        );
        Some(Ok(Frame {
            number: self.number,
            timestamp: rec.ts,
            link_type: rec.link,
            original_len: rec.orig_len,
            data,
            issues: &out.issues,
            notes: &out.notes,
            metas: &out.metas,
            arena: &out.arena,
            sctp,
        }))
    }
}

/// Link-layer header types (LINKTYPE_ values) keyhop understands.
pub mod linktype {
    /// BSD loopback: 4-octet address family in the capturing host's byte order.
    pub const NULL: u32 = 0;
    /// Ethernet II / 802.3, with 802.1Q and 802.1ad tags.
    pub const ETHERNET: u32 = 1;
    /// Raw IP (version from the first nibble).
    pub const RAW: u32 = 101;
    /// OpenBSD loopback: 4-octet address family, network byte order.
    pub const LOOP: u32 = 108;
    /// Linux cooked capture v1.
    pub const LINUX_SLL: u32 = 113;
    /// Raw IPv4.
    pub const IPV4: u32 = 228;
    /// Raw IPv6.
    pub const IPV6: u32 = 229;
    /// Linux cooked capture v2.
    pub const LINUX_SLL2: u32 = 276;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_micros() {
        let t = |secs, nanos| Timestamp { secs, nanos }.rfc3339_micros();
        assert_eq!(t(0, 0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(t(1_462_789_030, 317_614_999), "2016-05-09T10:17:10.317614Z");
        assert_eq!(t(951_782_400, 1000), "2000-02-29T00:00:00.000001Z");
        assert_eq!(t(1_795_348_800, 1000), "2026-11-22T12:00:00.000001Z");
        assert_eq!(t(-1, 0), "1969-12-31T23:59:59.000000Z");
        assert_eq!(t(4_102_444_800, 0), "2100-01-01T00:00:00.000000Z");
        // The fast writer and the general formatter agree; years past 9999 take the latter.
        for secs in [
            -62_167_219_200,
            -1,
            0,
            951_782_400,
            1_795_348_800,
            253_402_300_799,
        ] {
            let ts = Timestamp {
                secs,
                nanos: 999_999_999,
            };
            assert_eq!(ts.rfc3339_micros(), ts.rfc3339_micros_slow());
        }
        let far = Timestamp {
            secs: 253_402_300_800,
            nanos: 0,
        };
        assert_eq!(far.rfc3339_micros(), "10000-01-01T00:00:00.000000Z");
    }

    /// The per-thread cache of the last second gives the text of the general formatter
    /// whatever the order of the times: the same second again, the next one, one far back,
    /// a year the fast writer does not take in between, every microsecond digit.
    #[test]
    fn rfc3339_second_cache_follows_the_times() {
        let mut times = Vec::new();
        // i64::MIN first: a fresh thread's cache holds nothing, not a second.
        for secs in [
            i64::MIN,
            1_795_348_800,
            1_795_348_801,
            1_795_348_801,
            0,
            -1,
            253_402_300_800,
            i64::MAX,
            1_795_348_801,
        ] {
            for nanos in [0, 999, 1_000, 9_999, 10_000, 123_456_789, 999_999_999] {
                times.push(Timestamp { secs, nanos });
            }
        }
        times.push(Timestamp {
            secs: 1_795_348_800,
            nanos: 5_000,
        });
        for us in (0..1_000_000).step_by(7) {
            times.push(Timestamp {
                secs: 86_399 + (us % 3) as i64,
                nanos: us * 1000 + 1,
            });
        }
        for t in times {
            assert_eq!(t.rfc3339_micros(), t.rfc3339_micros_slow(), "{t:?}");
            let mut b = [0u8; 27];
            if let Some(s) = t.rfc3339_micros_into(&mut b) {
                assert_eq!(s, t.rfc3339_micros_slow());
            }
        }
    }
}
