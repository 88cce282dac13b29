//! SCTP: chunk walking, DATA / I-DATA dispatch, user-message reassembly and retransmission
//! suppression, all bounded.
//!
//! State per association direction (source and destination endpoints): the verification tag
//! and a window of the last [`WINDOW`] TSNs delivered, so that a retransmitted chunk is
//! decoded once. Reassembly buffers are keyed by direction and stream (DATA: fragments are
//! found by consecutive TSNs between a B and an E chunk) or by direction, stream and message
//! identifier (I-DATA, RFC 8260: fragments ordered by FSN).

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::net::SocketAddr;
use std::ops::Range;

use super::dissect::Ctx;
use super::layers::err;
use super::{
    AppProto, AssocKey, DecodeError, ErrorKind, Note, Ports, Protocol, SctpInfo, Transport,
};

/// TSNs remembered per direction for retransmission detection.
pub(crate) const WINDOW: u32 = 1024;
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

/// Multiplicative hashing for the per-packet map look-ups (SipHash costs more than the rest of
/// the packet's work; the keys are addresses from the capture, collisions only cost time).
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for c in bytes.chunks(8) {
            let mut a = [0u8; 8];
            a[..c.len()].copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(a));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Fast = BuildHasherDefault<FastHasher>;

/// Which of the last [`WINDOW`] TSNs up to the highest one seen were delivered: a ring of bits
/// indexed by TSN modulo the window, so moving ahead clears only the new positions.
#[derive(Debug, Clone)]
pub(crate) struct TsnWindow {
    /// One past the highest TSN marked.
    top: u32,
    /// Bit `tsn % WINDOW` set: that TSN (if within the window) was delivered.
    bits: [u64; (WINDOW / 64) as usize],
    valid: bool,
}

/// What the window knows of a TSN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    Yes,
    No,
    /// Older than the window: not known.
    TooOld,
}

impl TsnWindow {
    pub fn new() -> Self {
        TsnWindow {
            top: 0,
            bits: [0; (WINDOW / 64) as usize],
            valid: false,
        }
    }

    fn bit(tsn: u32) -> (usize, u64) {
        let i = tsn % WINDOW;
        ((i / 64) as usize, 1u64 << (i % 64))
    }

    pub fn seen(&self, tsn: u32) -> Seen {
        if !self.valid {
            return Seen::No;
        }
        let d = self.top.wrapping_sub(1).wrapping_sub(tsn);
        if d < WINDOW {
            let (w, m) = Self::bit(tsn);
            if self.bits[w] & m != 0 {
                Seen::Yes
            } else {
                Seen::No
            }
        } else if (tsn.wrapping_sub(self.top) as i32) >= 0 {
            Seen::No
        } else {
            Seen::TooOld
        }
    }

    pub fn mark(&mut self, tsn: u32) {
        if !self.valid {
            self.valid = true;
            self.top = tsn.wrapping_add(1);
            self.bits = [0; (WINDOW / 64) as usize];
        }
        let ahead = tsn.wrapping_sub(self.top.wrapping_sub(1)) as i32;
        if ahead > 0 {
            // Positions entering the window are cleared of the TSNs WINDOW below them.
            if ahead as u32 >= WINDOW {
                self.bits = [0; (WINDOW / 64) as usize];
            } else {
                let mut t = self.top;
                for _ in 0..ahead {
                    let (w, m) = Self::bit(t);
                    self.bits[w] &= !m;
                    t = t.wrapping_add(1);
                }
            }
            self.top = tsn.wrapping_add(1);
        }
        if self.top.wrapping_sub(1).wrapping_sub(tsn) < WINDOW {
            let (w, m) = Self::bit(tsn);
            self.bits[w] |= m;
        }
    }
}

#[derive(Debug, Clone)]
struct Direction {
    vtag: u32,
    window: TsnWindow,
    last: i128,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct BufKey {
    src: SocketAddr,
    dst: SocketAddr,
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

#[derive(Debug, Default)]
struct MsgBuf {
    /// DATA: by TSN; I-DATA: by FSN.
    frags: BTreeMap<u32, Frag>,
    bytes: usize,
    last: i128,
}

#[derive(Debug, Default)]
pub(crate) struct SctpState {
    dirs: HashMap<(SocketAddr, SocketAddr), Direction, Fast>,
    bufs: HashMap<BufKey, MsgBuf, Fast>,
    bytes: usize,
    /// Octets held per association (both directions); an entry leaves with its last octet.
    assoc_bytes: HashMap<AssocKey, usize, Fast>,
    last_sweep: i128,
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

/// The CRC32c of an SCTP packet with its checksum field taken as zero.
pub(crate) fn checksum(pkt: &[u8]) -> u32 {
    let c = crc32c::crc32c(&pkt[..8]);
    let c = crc32c::crc32c_append(c, &[0; 4]);
    crc32c::crc32c_append(c, &pkt[12..])
}

impl SctpState {
    /// Octets held in reassembly buffers.
    #[cfg(test)]
    pub fn held_bytes(&self) -> usize {
        self.bytes
    }

    /// Octets held in reassembly buffers for the most demanding association.
    #[cfg(test)]
    pub fn max_assoc_bytes(&self) -> usize {
        self.assoc_bytes.values().copied().max().unwrap_or(0)
    }

    /// Messages in reassembly.
    #[cfg(test)]
    pub fn in_progress(&self) -> usize {
        self.bufs.len()
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
        if stored != checksum(pkt) {
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
                // INIT, SACK, HEARTBEAT, ABORT, ... carry no user data.
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
                    self.data(c, off + at, src, dst, vtag, cx);
                }
            }
            at += (len + 3) & !3;
        }
    }

    fn direction(
        &mut self,
        src: SocketAddr,
        dst: SocketAddr,
        vtag: u32,
        cx: &mut Ctx<'_>,
    ) -> &mut Direction {
        let key = (src, dst);
        // The length test first: the common case hashes the key once (in `entry`).
        if self.dirs.len() >= cx.limits.sctp_max_directions && !self.dirs.contains_key(&key) {
            if let Some(old) = self
                .dirs
                .iter()
                .min_by_key(|(_, v)| v.last)
                .map(|(k, _)| *k)
            {
                self.dirs.remove(&old);
                cx.issue(DecodeError::new(
                    Protocol::Sctp,
                    ErrorKind::Limit,
                    0,
                    format!(
                        "delivered TSNs of SCTP {} -> {} forgotten (more than {} association directions)",
                        old.0, old.1, cx.limits.sctp_max_directions
                    ),
                ));
            }
        }
        let now = cx.now;
        let dir = self.dirs.entry(key).or_insert_with(|| Direction {
            vtag,
            window: TsnWindow::new(),
            last: now,
        });
        if dir.vtag != vtag {
            // A new verification tag is a new association (restart): its TSNs start afresh.
            dir.vtag = vtag;
            dir.window = TsnWindow::new();
        }
        dir.last = now;
        dir
    }

    fn data(
        &mut self,
        c: Chunk<'_>,
        off: usize,
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
        let key = BufKey {
            src,
            dst,
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
        let dir = self.direction(src, dst, vtag, cx);
        match dir.window.seen(c.tsn) {
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
                dir.window.mark(c.tsn);
                let info = SctpInfo {
                    vtag,
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
        self.fragment(key, c, off, vtag, cx);
    }

    /// Books `n` octets more (or fewer) held for the association of `k`.
    fn assoc_add(&mut self, k: &BufKey, n: isize) {
        let a = AssocKey::new(k.src, k.dst);
        let held = self.assoc_bytes.entry(a).or_default();
        *held = held.wrapping_add_signed(n);
        if *held == 0 {
            self.assoc_bytes.remove(&a);
        }
    }

    fn evict(&mut self, k: BufKey, why: &str, cx: &mut Ctx<'_>) {
        if let Some(b) = self.bufs.remove(&k) {
            self.bytes -= b.bytes;
            self.assoc_add(&k, -(b.bytes as isize));
            cx.stats.sctp_evicted += 1;
            let first = b.frags.values().map(|f| f.frame).min().unwrap_or(0);
            cx.issue(DecodeError::new(
                Protocol::Sctp,
                ErrorKind::Limit,
                0,
                format!(
                    "incomplete SCTP message {} -> {} stream {} ({} chunks, {} octets, first in frame {first}) dropped: {why}",
                    k.src,
                    k.dst,
                    k.stream,
                    b.frags.len(),
                    b.bytes
                ),
            ));
        }
    }

    fn oldest(&self, except: &BufKey) -> Option<BufKey> {
        self.bufs
            .iter()
            .filter(|(k, _)| *k != except)
            .min_by_key(|(_, b)| b.last)
            .map(|(k, _)| *k)
    }

    /// The message of the same association as `except` (but not `except`) idle the longest.
    fn oldest_in_assoc(&self, except: &BufKey) -> Option<BufKey> {
        let a = AssocKey::new(except.src, except.dst);
        self.bufs
            .iter()
            .filter(|(k, _)| *k != except && AssocKey::new(k.src, k.dst) == a)
            .min_by_key(|(_, b)| b.last)
            .map(|(k, _)| *k)
    }

    /// Drops messages idle for longer than the timeout (looked at once per capture second).
    pub fn sweep(&mut self, cx: &mut Ctx<'_>) {
        let now = cx.now;
        if (now - self.last_sweep < SWEEP_NS && now >= self.last_sweep) || self.bufs.is_empty() {
            return;
        }
        self.last_sweep = now;
        let timeout = cx.limits.sctp_timeout_ns as i128;
        let expired: Vec<BufKey> = self
            .bufs
            .iter()
            .filter(|(_, b)| now - b.last > timeout)
            .map(|(k, _)| *k)
            .collect();
        for k in expired {
            self.evict(k, "timed out", cx);
        }
    }

    fn fragment(&mut self, key: BufKey, c: Chunk<'_>, off: usize, vtag: u32, cx: &mut Ctx<'_>) {
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
                self.evict(key, "per-stream reassembly limit reached", cx);
            }
        }
        if !self.bufs.contains_key(&key) && self.bufs.len() >= limits.sctp_max_messages {
            if let Some(k) = self.oldest(&key) {
                self.evict(k, "too many messages in reassembly", cx);
            }
        }
        let held = |s: &Self| {
            s.assoc_bytes
                .get(&AssocKey::new(key.src, key.dst))
                .copied()
                .unwrap_or(0)
        };
        while held(self) + n > limits.sctp_max_assoc_bytes {
            match self.oldest_in_assoc(&key) {
                Some(k) => self.evict(k, "per-association reassembly limit reached", cx),
                None => break,
            }
        }
        if held(self) + n > limits.sctp_max_assoc_bytes {
            self.evict(key, "per-association reassembly limit reached", cx);
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
                Some(k) => self.evict(k, "reassembly memory limit reached", cx),
                None => break,
            }
        }
        if self.bytes + n > limits.sctp_max_bytes {
            self.evict(key, "reassembly memory limit reached", cx);
            return;
        }
        self.assoc_add(&key, n as isize);
        let buf = self.bufs.entry(key).or_default();
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
        buf.last = cx.now;
        self.bytes += n;
        let Some(run) = complete_run(buf, idx, c.idata.is_some()) else {
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
        if buf.frags.is_empty() {
            self.bufs.remove(&key);
        }
        self.bytes -= taken;
        self.assoc_add(&key, -(taken as isize));
        let first = &parts[0];
        let app = classify(first.ppid, key.src.port(), key.dst.port(), cx.ports);
        let dir = self.direction(key.src, key.dst, vtag, cx);
        for f in &parts {
            dir.window.mark(f.tsn);
        }
        let Some(app) = app else { return };
        cx.stats.sctp_reassembled += 1;
        let first = &parts[0];
        let info = SctpInfo {
            vtag,
            stream: key.stream,
            ppid: first.ppid,
            tsn: first.tsn,
            fragments: parts.len() as u32,
            first_frame: parts.iter().map(|f| f.frame).min().unwrap_or(cx.frame),
            unordered: first.flags & FLAG_U != 0,
            mid: c.idata.map(|(m, _)| m),
        };
        let slices: Vec<&[u8]> = parts.iter().map(|f| f.data.as_slice()).collect();
        cx.payload(key.src, key.dst, app, Transport::Sctp(info), &slices);
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

    #[test]
    fn window_marks_and_ages() {
        let mut w = TsnWindow::new();
        assert_eq!(w.seen(5), Seen::No);
        w.mark(5);
        assert_eq!(w.seen(5), Seen::Yes);
        assert_eq!(w.seen(4), Seen::No);
        assert_eq!(w.seen(6), Seen::No);
        w.mark(7);
        w.mark(6);
        assert_eq!(
            (w.seen(5), w.seen(6), w.seen(7)),
            (Seen::Yes, Seen::Yes, Seen::Yes)
        );
        // Jump ahead by 100: old bits move down, still known.
        w.mark(107);
        assert_eq!(w.seen(5), Seen::Yes);
        assert_eq!(w.seen(50), Seen::No);
        // Beyond the window.
        w.mark(107 + WINDOW);
        assert_eq!(w.seen(5), Seen::TooOld);
        assert_eq!(w.seen(107 + WINDOW), Seen::Yes);
        // Wrap-around of the 32-bit TSN space.
        let mut w = TsnWindow::new();
        w.mark(u32::MAX - 1);
        w.mark(u32::MAX);
        w.mark(0);
        w.mark(1);
        assert_eq!(w.seen(u32::MAX - 1), Seen::Yes);
        assert_eq!(w.seen(0), Seen::Yes);
        assert_eq!(w.seen(2), Seen::No);
    }

    #[test]
    fn window_shift_matches_a_set() {
        // Compare against a plain set over a pseudo-random walk.
        let mut w = TsnWindow::new();
        let mut set = std::collections::HashSet::new();
        let mut x: u32 = 12345;
        let mut top: u32 = 1000;
        for _ in 0..5000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let step = (x >> 16) % 300;
            let tsn = if x & 1 == 0 {
                top.wrapping_add(step)
            } else {
                top.wrapping_sub(step % 900)
            };
            w.mark(tsn);
            set.insert(tsn);
            if tsn.wrapping_sub(top) as i32 > 0 {
                top = tsn;
            }
            for probe in 0..WINDOW {
                let t = top.wrapping_sub(probe);
                let want = if set.contains(&t) {
                    Seen::Yes
                } else {
                    Seen::No
                };
                assert_eq!(w.seen(t), want, "tsn {t} top {top}");
            }
        }
    }
}
