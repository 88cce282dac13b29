//! SCTP: chunk walking, DATA / I-DATA dispatch, user-message reassembly and retransmission
//! suppression, all bounded.
//!
//! Packets belong to associations found by ports and verification tags ([`super::assoc`]), so
//! all state below is per association and sending side, whatever path (address pair) a packet
//! took: a window of the last [`WINDOW`] TSNs delivered, so that a retransmitted chunk is
//! decoded once, and reassembly buffers keyed by stream (DATA: fragments are found by
//! consecutive TSNs between a B and an E chunk) or by stream and message identifier (I-DATA,
//! RFC 8260: fragments ordered by FSN).
//!
//! # Bounds
//! Messages in reassembly: [`super::Limits::sctp_max_messages`] buffers, at most
//! `sctp_max_stream_bytes` each, `sctp_max_assoc_bytes` per association and `sctp_max_bytes`
//! in all; the least recently extended buffer leaves first, found in O(log n) through an index
//! ordered by age. Associations: see [`super::assoc`]. What is left when the capture ends is
//! reported by [`SctpState::leftovers`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::ops::Range;

use super::assoc::{Assoc, AssocId, AssocTable, Association, Side, Who};
use super::ctx::Ctx;
use super::hash::Fast;
use super::layers::err;
use super::tsn::Seen;
use super::{AppProto, DecodeError, ErrorKind, Note, Ports, Protocol, SctpInfo, Transport};

const SWEEP_NS: i128 = 1_000_000_000;

const FLAG_E: u8 = 1;
const FLAG_B: u8 = 2;
const FLAG_U: u8 = 4;

/// S1AP payload protocol identifier (RFC 4960 registry).
pub const PPID_S1AP: u32 = 18;
/// X2AP payload protocol identifier.
pub const PPID_X2AP: u32 = 27;
/// SCTP port of S1AP.
pub const PORT_S1AP: u16 = 36412;
/// SCTP port of X2AP.
pub const PORT_X2AP: u16 = 36422;

/// Address parameters read from one INIT / INIT ACK (more are ignored).
const MAX_INIT_ADDRS: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct BufKey {
    assoc: u64,
    sender: u8,
    stream: u16,
    /// 0: DATA; 1: I-DATA ordered; 2: I-DATA unordered.
    kind: u8,
    mid: u32,
}

#[derive(Debug)]
struct Frag {
    flags: u8,
    tsn: u32,
    ppid: u32,
    frame: u64,
    data: Vec<u8>,
}

#[derive(Debug)]
struct MsgBuf {
    /// DATA: by TSN; I-DATA: by FSN.
    frags: BTreeMap<u32, Frag>,
    bytes: usize,
    /// Position in the age indexes: (capture time of the last fragment, insertion number).
    age: (i128, u64),
    slot: u32,
}

#[derive(Debug, Default)]
pub(crate) struct SctpState {
    assocs: AssocTable,
    bufs: HashMap<BufKey, MsgBuf, Fast>,
    /// Buffers by age, oldest first.
    age: BTreeMap<(i128, u64), BufKey>,
    /// Buffers by association, then age.
    assoc_age: BTreeSet<(u64, i128, u64)>,
    seq: u64,
    bytes: usize,
    last_sweep: i128,
    /// Associations just evicted from the table (reused scratch).
    evicted: Vec<Assoc>,
    /// CRC32c of common headers already seen, so a packet's checksum is one CRC call.
    header_crcs: HeaderCrcs,
}

/// Slots of [`HeaderCrcs`] (a power of two).
const HEADER_CRC_SLOTS: usize = 256;

/// The CRC32c of SCTP common headers (checksum field zero) by their first 8 octets: ports and
/// verification tag, fixed per association and direction, so nearly every packet finds its
/// header here and its checksum takes one CRC call over the octets after the header (two
/// before: the 12 header octets cost about as much as the rest of a short packet, the CRC
/// call's set-up being most of it). Direct-mapped; a slot holds its full key, so a collision,
/// crafted or not, only costs the header's CRC again.
#[derive(Debug)]
struct HeaderCrcs(Box<[(u64, u32); HEADER_CRC_SLOTS]>);

impl Default for HeaderCrcs {
    fn default() -> Self {
        // Every slot starts as the all-zero header with its CRC, a true entry.
        HeaderCrcs(Box::new([(0, crc32c::crc32c(&[0; 12])); HEADER_CRC_SLOTS]))
    }
}

impl HeaderCrcs {
    /// The CRC32c of `pkt` (at least 12 octets) with its checksum field taken as zero.
    fn checksum(&mut self, pkt: &[u8]) -> u32 {
        let mut first = [0u8; 8];
        first.copy_from_slice(&pkt[..8]);
        let key = u64::from_le_bytes(first);
        let slot = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize % HEADER_CRC_SLOTS;
        let head = match self.0[slot] {
            (k, crc) if k == key => crc,
            _ => {
                let mut hdr = [0u8; 12];
                hdr[..8].copy_from_slice(&first);
                let crc = crc32c::crc32c(&hdr);
                self.0[slot] = (key, crc);
                crc
            }
        };
        crc32c::crc32c_append(head, &pkt[12..])
    }
}

/// One DATA or I-DATA chunk, parsed.
struct Chunk<'a> {
    flags: u8,
    tsn: u32,
    stream: u16,
    ppid: u32,
    /// I-DATA: (message identifier, fragment sequence number).
    idata: Option<(u32, u32)>,
    data: &'a [u8],
}

fn classify(ppid: u32, sport: u16, dport: u16, ports: &Ports) -> Option<AppProto> {
    let on = |p: u16, extra: &[u16]| {
        sport == p || dport == p || extra.iter().any(|&e| sport == e || dport == e)
    };
    match ppid {
        PPID_S1AP => Some(AppProto::S1ap),
        PPID_X2AP => Some(AppProto::X2ap),
        _ if on(PORT_S1AP, &ports.s1ap) => Some(AppProto::S1ap),
        _ if on(PORT_X2AP, &ports.x2ap) => Some(AppProto::X2ap),
        _ => None,
    }
}

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The CRC32c of an SCTP packet with its checksum field taken as zero: the common header is
/// copied with the field zeroed, so the packet's octets go through the CRC once, in two calls
/// (it used to be three, one of them for the four zero octets).
pub(crate) fn checksum(pkt: &[u8]) -> u32 {
    let mut hdr = [0u8; 12];
    hdr[..8].copy_from_slice(&pkt[..8]);
    crc32c::crc32c_append(crc32c::crc32c(&hdr), &pkt[12..])
}

/// The IPv4 (type 5) and IPv6 (type 6) address parameters of an INIT or INIT ACK chunk
/// (`body` is the whole chunk).
fn init_addrs(body: &[u8], out: &mut Vec<IpAddr>) {
    let mut at = 20;
    while at + 4 <= body.len() && out.len() < MAX_INIT_ADDRS {
        let (t, len) = (be16(body, at), usize::from(be16(body, at + 2)));
        if len < 4 || at + len > body.len() {
            return;
        }
        let v = &body[at + 4..at + len];
        match (t, v.len()) {
            (5, 4) => out.push(IpAddr::V4(Ipv4Addr::new(v[0], v[1], v[2], v[3]))),
            (6, 16) => {
                let mut o = [0u8; 16];
                o.copy_from_slice(v);
                out.push(IpAddr::V6(Ipv6Addr::from(o)));
            }
            _ => {}
        }
        at += (len + 3) & !3;
    }
}

/// What a DATA reassembly buffer holds, in words (for a report).
fn describe_buf(b: &MsgBuf, idata: bool) -> String {
    let n = b.frags.len();
    let begins = b.frags.values().filter(|f| f.flags & FLAG_B != 0).count();
    let ends = b.frags.values().filter(|f| f.flags & FLAG_E != 0).count();
    let first = b.frags.values().map(|f| f.frame).min().unwrap_or(0);
    let (lo, hi) = match (b.frags.values().next(), b.frags.values().next_back()) {
        (Some(l), Some(h)) => (l.tsn, h.tsn),
        _ => (0, 0),
    };
    let mut s = format!(
        "{n} chunk{}, {} octets, TSN {lo}..={hi}, first in frame {first}; {begins} with the B bit, {ends} with the E bit",
        if n == 1 { "" } else { "s" },
        b.bytes
    );
    // The first hole in the run of keys (TSN for DATA, FSN for I-DATA).
    let mut prev: Option<u32> = None;
    for &k in b.frags.keys() {
        if let Some(p) = prev {
            if k != p.wrapping_add(1) {
                let what = if idata { "FSN" } else { "TSN" };
                s += &format!(", {what} {} missing", p.wrapping_add(1));
                break;
            }
        }
        prev = Some(k);
    }
    s
}

impl SctpState {
    /// Empty state, the association table sized for `limits`.
    pub fn new(limits: &super::Limits) -> Self {
        SctpState {
            assocs: AssocTable::with_capacity(limits.sctp_max_associations),
            ..Self::default()
        }
    }

    /// Octets held in reassembly buffers.
    #[cfg(test)]
    pub fn held_bytes(&self) -> usize {
        self.bytes
    }

    /// Octets held in reassembly buffers for the most demanding association.
    #[cfg(test)]
    pub fn max_assoc_bytes(&self) -> usize {
        self.assocs.iter().map(|a| a.held).max().unwrap_or(0)
    }

    /// Messages in reassembly.
    #[cfg(test)]
    pub fn in_progress(&self) -> usize {
        self.bufs.len()
    }

    /// Associations held.
    #[cfg(test)]
    pub fn associations(&self) -> usize {
        self.assocs.len()
    }

    /// Table work counted so far (slots and index entries visited).
    #[cfg(test)]
    pub fn table_work(&self) -> u64 {
        self.assocs.work
    }

    /// The association with this id, if still held.
    pub fn association(&self, id: AssocId) -> Option<Association<'_>> {
        self.assocs
            .by_id(id)
            .map(|a| Association { a, slot: id.slot() })
    }

    /// Handles one SCTP packet at `r` in `d`; `src`/`dst` carry the IP addresses.
    pub fn packet(
        &mut self,
        d: &[u8],
        r: Range<usize>,
        src: SocketAddr,
        dst: SocketAddr,
        cx: &mut Ctx<'_>,
    ) {
        let off = r.start;
        let pkt = &d[r];
        if pkt.len() < 12 {
            cx.issue(err(
                Protocol::Sctp,
                ErrorKind::Truncated,
                off,
                "SCTP common header needs 12 octets",
            ));
            return;
        }
        let (sport, dport) = (be16(pkt, 0), be16(pkt, 2));
        let src = SocketAddr::new(src.ip(), sport);
        let dst = SocketAddr::new(dst.ip(), dport);
        let vtag = be32(pkt, 4);
        let stored = u32::from_le_bytes([pkt[8], pkt[9], pkt[10], pkt[11]]);
        if stored != self.header_crcs.checksum(pkt) {
            cx.note(Note {
                protocol: Protocol::Sctp,
                bit_offset: (off as u64 + 8) * 8,
                what: if stored == 0 {
                    "SCTP checksum zero (left to the NIC when captured?)".into()
                } else {
                    "SCTP CRC32c checksum incorrect".into()
                },
            });
        }
        let mut who: Option<Who> = None;
        let mut addrs = Vec::new();
        let mut at = 12;
        while at + 4 <= pkt.len() {
            let ctype = pkt[at];
            let flags = pkt[at + 1];
            let len = usize::from(be16(pkt, at + 2));
            if len < 4 {
                cx.issue(err(
                    Protocol::Sctp,
                    ErrorKind::BadLength,
                    off + at + 2,
                    "SCTP chunk length below 4; rest of packet skipped",
                ));
                return;
            }
            if at + len > pkt.len() {
                cx.issue(err(
                    Protocol::Sctp,
                    ErrorKind::Truncated,
                    off + at + 2,
                    "SCTP chunk longer than the packet",
                ));
                return;
            }
            let body = &pkt[at..at + len];
            let chunk = match ctype {
                0 if len >= 16 => Some(Chunk {
                    flags,
                    tsn: be32(body, 4),
                    stream: be16(body, 8),
                    ppid: be32(body, 12),
                    idata: None,
                    data: &body[16..],
                }),
                64 if len >= 20 => Some(Chunk {
                    flags,
                    tsn: be32(body, 4),
                    stream: be16(body, 8),
                    ppid: if flags & FLAG_B != 0 {
                        be32(body, 16)
                    } else {
                        0
                    },
                    idata: Some((
                        be32(body, 12),
                        if flags & FLAG_B != 0 {
                            0
                        } else {
                            be32(body, 16)
                        },
                    )),
                    data: &body[20..],
                }),
                0 | 64 => {
                    cx.issue(err(
                        Protocol::Sctp,
                        ErrorKind::BadLength,
                        off + at + 2,
                        "DATA chunk shorter than its header",
                    ));
                    None
                }
                // INIT: the sender's tag and addresses start (or restart) an association.
                1 if len >= 20 => {
                    addrs.clear();
                    init_addrs(body, &mut addrs);
                    let cap = cx.limits.sctp_max_associations;
                    who = Some(self.assocs.init(
                        sport,
                        dport,
                        be32(body, 4),
                        src.ip(),
                        dst.ip(),
                        &addrs,
                        cap,
                        &mut self.evicted,
                    ));
                    self.forget_evicted(cx);
                    None
                }
                // INIT ACK: the answering side's tag and addresses.
                2 if len >= 20 => {
                    let w = self.who(&mut who, sport, dport, vtag, src, dst, cx);
                    addrs.clear();
                    init_addrs(body, &mut addrs);
                    self.assocs.init_ack(w, be32(body, 4), &addrs);
                    None
                }
                // ABORT and SHUTDOWN COMPLETE with the T bit carry the sender's own tag.
                6 | 14 if flags & 1 != 0 => None,
                // SACK, HEARTBEAT, COOKIE ECHO...: they carry no user data, but show which
                // association uses this path (and teach a tag when the handshake is missing).
                _ if vtag != 0 => {
                    self.who(&mut who, sport, dport, vtag, src, dst, cx);
                    None
                }
                _ => None,
            };
            if let Some(c) = chunk {
                if c.data.is_empty() {
                    cx.issue(err(
                        Protocol::Sctp,
                        ErrorKind::BadLength,
                        off + at + 2,
                        "DATA chunk without user data",
                    ));
                } else {
                    let w = self.who(&mut who, sport, dport, vtag, src, dst, cx);
                    self.data(c, off + at, w, src, dst, vtag, cx);
                }
            }
            at += (len + 3) & !3;
        }
    }

    /// The packet's association, found (or created) once per packet.
    #[allow(clippy::too_many_arguments)]
    fn who(
        &mut self,
        who: &mut Option<Who>,
        sport: u16,
        dport: u16,
        vtag: u32,
        src: SocketAddr,
        dst: SocketAddr,
        cx: &mut Ctx<'_>,
    ) -> Who {
        if let Some(w) = *who {
            return w;
        }
        let cap = cx.limits.sctp_max_associations;
        let w = self.assocs.resolve(
            sport,
            dport,
            vtag,
            src.ip(),
            dst.ip(),
            cap,
            &mut self.evicted,
        );
        self.forget_evicted(cx);
        *who = Some(w);
        w
    }

    /// Reports the associations the table had to let go, and drops their messages in
    /// reassembly. Forgetting an association is not damage in the capture: a note, not an
    /// issue (its unfinished messages, which are lost, are issues).
    fn forget_evicted(&mut self, cx: &mut Ctx<'_>) {
        if self.evicted.is_empty() {
            return;
        }
        let evicted = std::mem::take(&mut self.evicted);
        for a in &evicted {
            cx.stats.sctp_assoc_evicted += 1;
            cx.note(Note {
                protocol: Protocol::Sctp,
                bit_offset: 0,
                what: format!(
                    "SCTP association {} forgotten: more than {} associations at once (least recently used first); its retransmission window is lost",
                    AssocTable::describe(a, 0),
                    cx.limits.sctp_max_associations
                )
                .into(),
            });
            if a.bufs > 0 {
                let keys: Vec<BufKey> = self
                    .assoc_age
                    .range((a.id, i128::MIN, 0)..=(a.id, i128::MAX, u64::MAX))
                    .filter_map(|&(_, t, s)| self.age.get(&(t, s)).copied())
                    .collect();
                for k in keys {
                    self.evict_buf(k, Some(a), "its association was forgotten", cx);
                }
            }
        }
        self.evicted = evicted;
        self.evicted.clear();
    }

    #[allow(clippy::too_many_arguments)]
    fn data(
        &mut self,
        c: Chunk<'_>,
        off: usize,
        w: Who,
        src: SocketAddr,
        dst: SocketAddr,
        vtag: u32,
        cx: &mut Ctx<'_>,
    ) {
        let app = classify(c.ppid, src.port(), dst.port(), cx.ports);
        let kind = match c.idata {
            None => 0,
            Some(_) if c.flags & FLAG_U != 0 => 2,
            Some(_) => 1,
        };
        let Some(assoc) = self.assocs.get_mut(w.slot) else {
            return;
        };
        let key = BufKey {
            assoc: assoc.id,
            sender: w.sender as u8,
            stream: c.stream,
            kind,
            mid: c.idata.map_or(0, |(m, _)| m),
        };
        // Middle I-DATA fragments carry no PPID: keep them if the port or an earlier
        // fragment says the message may be ours.
        if app.is_none()
            && !(c.idata.is_some() && c.flags & FLAG_B == 0 && self.bufs.contains_key(&key))
        {
            return;
        }
        let window = &mut assoc.windows[w.sender];
        match window.seen(c.tsn) {
            Seen::Yes => {
                cx.stats.sctp_duplicates += 1;
                cx.note(Note {
                    protocol: Protocol::Sctp,
                    bit_offset: (off as u64 + 4) * 8,
                    what: format!("retransmitted TSN {} already delivered; skipped", c.tsn).into(),
                });
                return;
            }
            Seen::TooOld => cx.note(Note {
                protocol: Protocol::Sctp,
                bit_offset: (off as u64 + 4) * 8,
                what: format!(
                    "TSN {} older than the retransmission window; delivered",
                    c.tsn
                )
                .into(),
            }),
            Seen::No => {}
        }
        let whole = c.flags & (FLAG_B | FLAG_E) == FLAG_B | FLAG_E;
        if whole {
            if let Some(app) = app {
                window.mark(c.tsn);
                let info = SctpInfo {
                    vtag,
                    assoc: AssocId::new(key.assoc, w.slot),
                    sender: Side::from_index(w.sender),
                    stream: c.stream,
                    ppid: c.ppid,
                    tsn: c.tsn,
                    fragments: 1,
                    first_frame: cx.frame,
                    unordered: c.flags & FLAG_U != 0,
                    mid: c.idata.map(|(m, _)| m),
                };
                cx.payload(src, dst, app, Transport::Sctp(info), &[c.data]);
            }
            return;
        }
        self.fragment(key, w, c, off, src, dst, vtag, cx);
    }

    /// Moves a buffer to the young end of the age indexes.
    fn touch_buf(&mut self, k: BufKey, now: i128) {
        let Some(b) = self.bufs.get_mut(&k) else {
            return;
        };
        self.age.remove(&b.age);
        self.assoc_age.remove(&(k.assoc, b.age.0, b.age.1));
        self.seq += 1;
        b.age = (now, self.seq);
        self.age.insert(b.age, k);
        self.assoc_age.insert((k.assoc, now, self.seq));
    }

    /// Drops a message in reassembly and says so; `gone` is its association when that was
    /// just taken out of the table.
    fn evict_buf(&mut self, k: BufKey, gone: Option<&Assoc>, why: &str, cx: &mut Ctx<'_>) {
        let Some(b) = self.bufs.remove(&k) else {
            return;
        };
        self.age.remove(&b.age);
        self.assoc_age.remove(&(k.assoc, b.age.0, b.age.1));
        self.bytes -= b.bytes;
        let name = match gone {
            Some(a) => AssocTable::describe(a, usize::from(k.sender)),
            None => match self.assocs.get_mut(b.slot) {
                Some(a) => {
                    a.held -= b.bytes;
                    a.bufs -= 1;
                    AssocTable::describe(a, usize::from(k.sender))
                }
                None => format!("sctp#{}", k.assoc),
            },
        };
        cx.stats.sctp_evicted += 1;
        cx.issue(DecodeError::new(
            Protocol::Sctp,
            ErrorKind::Limit,
            0,
            format!(
                "incomplete SCTP message {name} stream {} ({}) dropped: {why}",
                k.stream,
                describe_buf(&b, k.kind != 0),
            ),
        ));
    }

    /// The buffer idle the longest, other than `except`.
    fn oldest(&self, except: &BufKey) -> Option<BufKey> {
        self.age.values().find(|k| *k != except).copied()
    }

    /// The message of the same association as `except` (but not `except`) idle the longest.
    fn oldest_in_assoc(&self, except: &BufKey) -> Option<BufKey> {
        let a = except.assoc;
        self.assoc_age
            .range((a, i128::MIN, 0)..=(a, i128::MAX, u64::MAX))
            .filter_map(|&(_, t, s)| self.age.get(&(t, s)))
            .find(|k| *k != except)
            .copied()
    }

    /// Drops messages idle for longer than the timeout (looked at once per capture second).
    pub fn sweep(&mut self, cx: &mut Ctx<'_>) {
        let now = cx.now;
        if (now - self.last_sweep < SWEEP_NS && now >= self.last_sweep) || self.bufs.is_empty() {
            return;
        }
        self.last_sweep = now;
        let timeout = cx.limits.sctp_timeout_ns as i128;
        // Oldest first: the sweep stops at the first buffer still young (capture time may
        // step back; a buffer then waits for the next sweep after it).
        while let Some((&(t, _), &k)) = self.age.iter().next() {
            if now - t <= timeout {
                break;
            }
            self.evict_buf(k, None, "timed out", cx);
        }
    }

    fn held(&self, slot: u32) -> usize {
        self.assocs.get(slot).map_or(0, |a| a.held)
    }

    #[allow(clippy::too_many_arguments)]
    fn fragment(
        &mut self,
        key: BufKey,
        w: Who,
        c: Chunk<'_>,
        off: usize,
        src: SocketAddr,
        dst: SocketAddr,
        vtag: u32,
        cx: &mut Ctx<'_>,
    ) {
        let n = c.data.len();
        let limits = cx.limits;
        if n > limits.sctp_max_stream_bytes {
            cx.issue(err(
                Protocol::Sctp,
                ErrorKind::Limit,
                off,
                "DATA fragment larger than the per-stream reassembly limit; dropped",
            ));
            return;
        }
        let idx = match c.idata {
            Some((_, fsn)) => fsn,
            None => c.tsn,
        };
        if let Some(b) = self.bufs.get(&key) {
            if b.frags.contains_key(&idx) {
                cx.stats.sctp_duplicates += 1;
                cx.note(Note {
                    protocol: Protocol::Sctp,
                    bit_offset: (off as u64 + 4) * 8,
                    what: format!("retransmitted fragment TSN {} already held; skipped", c.tsn)
                        .into(),
                });
                return;
            }
            if b.bytes + n > limits.sctp_max_stream_bytes {
                self.evict_buf(key, None, "per-stream reassembly limit reached", cx);
            }
        }
        if !self.bufs.contains_key(&key) && self.bufs.len() >= limits.sctp_max_messages {
            if let Some(k) = self.oldest(&key) {
                self.evict_buf(k, None, "too many messages in reassembly", cx);
            }
        }
        while self.held(w.slot) + n > limits.sctp_max_assoc_bytes {
            match self.oldest_in_assoc(&key) {
                Some(k) => self.evict_buf(k, None, "per-association reassembly limit reached", cx),
                None => break,
            }
        }
        if self.held(w.slot) + n > limits.sctp_max_assoc_bytes {
            self.evict_buf(key, None, "per-association reassembly limit reached", cx);
            if n > limits.sctp_max_assoc_bytes {
                cx.issue(err(
                    Protocol::Sctp,
                    ErrorKind::Limit,
                    off,
                    "DATA fragment larger than the per-association reassembly limit; dropped",
                ));
            }
            return;
        }
        while self.bytes + n > limits.sctp_max_bytes {
            match self.oldest(&key) {
                Some(k) => self.evict_buf(k, None, "reassembly memory limit reached", cx),
                None => break,
            }
        }
        if self.bytes + n > limits.sctp_max_bytes {
            self.evict_buf(key, None, "reassembly memory limit reached", cx);
            return;
        }
        let new = !self.bufs.contains_key(&key);
        if let Some(a) = self.assocs.get_mut(w.slot) {
            a.held += n;
            a.bufs += u32::from(new);
        }
        let buf = self.bufs.entry(key).or_insert_with(|| MsgBuf {
            frags: BTreeMap::new(),
            bytes: 0,
            age: (i128::MIN, 0),
            slot: w.slot,
        });
        buf.frags.insert(
            idx,
            Frag {
                flags: c.flags,
                tsn: c.tsn,
                ppid: c.ppid,
                frame: cx.frame,
                data: c.data.to_vec(),
            },
        );
        buf.bytes += n;
        self.bytes += n;
        let run = complete_run(buf, idx, c.idata.is_some());
        self.touch_buf(key, cx.now);
        let Some(run) = run else {
            return;
        };
        let Some(buf) = self.bufs.get_mut(&key) else {
            return;
        };
        // Take the fragments of the message out, in order.
        let mut parts = Vec::with_capacity(run.len());
        let mut taken = 0;
        for i in &run {
            if let Some(f) = buf.frags.remove(i) {
                buf.bytes -= f.data.len();
                taken += f.data.len();
                parts.push(f);
            }
        }
        let emptied = buf.frags.is_empty();
        let age = buf.age;
        if emptied {
            self.bufs.remove(&key);
            self.age.remove(&age);
            self.assoc_age.remove(&(key.assoc, age.0, age.1));
        }
        self.bytes -= taken;
        let Some(assoc) = self.assocs.get_mut(w.slot) else {
            return;
        };
        assoc.held -= taken;
        assoc.bufs -= u32::from(emptied);
        let first = &parts[0];
        let app = classify(first.ppid, src.port(), dst.port(), cx.ports);
        for f in &parts {
            assoc.windows[w.sender].mark(f.tsn);
        }
        let Some(app) = app else { return };
        cx.stats.sctp_reassembled += 1;
        let info = SctpInfo {
            vtag,
            assoc: AssocId::new(key.assoc, w.slot),
            sender: Side::from_index(w.sender),
            stream: key.stream,
            ppid: first.ppid,
            tsn: first.tsn,
            fragments: parts.len() as u32,
            first_frame: parts.iter().map(|f| f.frame).min().unwrap_or(cx.frame),
            unordered: first.flags & FLAG_U != 0,
            mid: c.idata.map(|(m, _)| m),
        };
        let slices: Vec<&[u8]> = parts.iter().map(|f| f.data.as_slice()).collect();
        cx.payload(src, dst, app, Transport::Sctp(info), &slices);
    }

    /// What is still in reassembly (at the end of the capture): one issue per association,
    /// sender and stream, oldest first, naming the chunks held and what is missing.
    pub fn leftovers(&self, out: &mut Vec<DecodeError>) {
        for k in self.age.values() {
            let Some(b) = self.bufs.get(k) else { continue };
            let name = match self.assocs.get(b.slot) {
                Some(a) => AssocTable::describe(a, usize::from(k.sender)),
                None => format!("sctp#{}", k.assoc),
            };
            out.push(
                DecodeError::new(
                    Protocol::Sctp,
                    ErrorKind::Truncated,
                    0,
                    format!(
                        "SCTP message {name} stream {} still in reassembly at the end of the capture ({})",
                        k.stream,
                        describe_buf(b, k.kind != 0)
                    ),
                )
                .in_field("end_of_capture"),
            );
        }
    }
}

/// The indexes of a complete message containing fragment `idx`, first to last, if complete.
fn complete_run(buf: &MsgBuf, idx: u32, idata: bool) -> Option<Vec<u32>> {
    if idata {
        // FSN 0 is the B fragment; complete when an E fragment at FSN n and all of 0..=n are here.
        let (&last, f) = buf.frags.iter().next_back()?;
        let first = buf.frags.get(&0)?;
        if f.flags & FLAG_E == 0
            || first.flags & FLAG_B == 0
            || buf.frags.len() as u64 != u64::from(last) + 1
        {
            return None;
        }
        return Some(buf.frags.keys().copied().collect());
    }
    // DATA: consecutive TSNs from a B fragment to an E fragment through `idx`.
    let limit = buf.frags.len();
    let mut start = idx;
    let mut steps = 0;
    loop {
        let f = buf.frags.get(&start)?;
        if f.flags & FLAG_B != 0 {
            break;
        }
        steps += 1;
        if steps > limit {
            return None;
        }
        start = start.wrapping_sub(1);
    }
    let mut end = idx;
    loop {
        let f = buf.frags.get(&end)?;
        if f.flags & FLAG_E != 0 {
            break;
        }
        steps += 1;
        if steps > limit {
            return None;
        }
        end = end.wrapping_add(1);
    }
    let n = end.wrapping_sub(start);
    Some((0..=n).map(|i| start.wrapping_add(i)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cached-header checksum is the plain one for every packet, whatever the order of
    /// headers: repeated, new, sharing a slot with another, all zero, or with a checksum set.
    #[test]
    fn header_cache_gives_the_plain_checksum() {
        let mut cache = HeaderCrcs::default();
        let mut x = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut headers: Vec<[u8; 8]> = vec![[0; 8]];
        for _ in 0..600 {
            headers.push(next().to_le_bytes());
        }
        for round in 0..3000 {
            let h = headers[(next() % headers.len() as u64) as usize];
            let len = 12 + (next() % 300) as usize;
            let mut pkt: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            pkt[..8].copy_from_slice(&h);
            if round % 5 == 0 {
                pkt[8..12].fill(0);
            }
            assert_eq!(cache.checksum(&pkt), checksum(&pkt), "round {round}");
        }
        // 601 headers in 256 slots: some shared a slot.
        assert!(cache.0.iter().filter(|(k, _)| *k != 0).count() > 200);
    }
}
