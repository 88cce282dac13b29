//! IPv4 and IPv6 fragment reassembly with bounded memory.
//!
//! A datagram is keyed by (source, destination, protocol, identification). Limits: datagrams
//! in progress overall and per source/destination pair, octets held overall, and a timeout in
//! capture time after the last fragment. Whatever is dropped is reported as an issue of kind
//! [`ErrorKind::Limit`] on the frame that caused the drop. The datagram idle the longest (overall
//! or between two hosts) is found through indexes ordered by age, in O(log n), never by a scan.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;

use super::layers::FragInfo;
use super::{DecodeError, ErrorKind, Limits, Note, Protocol, Stats};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct FragKey {
    pub src: IpAddr,
    pub dst: IpAddr,
    pub proto: u8,
    pub id: u32,
}

#[derive(Debug)]
struct Datagram {
    buf: Vec<u8>,
    /// Received octet ranges, sorted and merged.
    covered: Vec<(usize, usize)>,
    /// Payload length, known once the last fragment arrived.
    total: Option<usize>,
    last: i128,
    first_frame: u64,
    /// Position in the age indexes: (capture time of the last fragment, insertion number).
    age: (i128, u64),
}

/// Largest IP payload a fragment may reach (the 16-bit length fields).
const MAX_DATAGRAM: usize = 65_535;
/// Timeouts are looked for at most once per second of capture time.
const SWEEP_NS: i128 = 1_000_000_000;

#[derive(Debug, Default)]
pub(crate) struct IpReassembler {
    map: HashMap<FragKey, Datagram>,
    /// Datagrams by age, oldest first.
    by_age: BTreeMap<(i128, u64), FragKey>,
    /// Datagrams by host pair, then age.
    flow_age: BTreeSet<(IpAddr, IpAddr, i128, u64)>,
    /// Datagrams in progress per host pair.
    flows: HashMap<(IpAddr, IpAddr), usize>,
    seq: u64,
    bytes: usize,
    last_sweep: i128,
    /// Buffers of delivered datagrams, reused for new ones.
    pool: Vec<Vec<u8>>,
}

fn dropped(k: &FragKey, d: &Datagram, why: &str) -> DecodeError {
    DecodeError::new(
        Protocol::Ip,
        ErrorKind::Limit,
        0,
        format!(
            "incomplete IP datagram {} -> {} protocol {} id {:#x} (first fragment in frame {}, {} octets held) dropped: {why}",
            k.src,
            k.dst,
            k.proto,
            k.id,
            d.first_frame,
            d.buf.len()
        ),
    )
}

impl IpReassembler {
    /// Octets held now.
    #[cfg(test)]
    pub fn held_bytes(&self) -> usize {
        self.bytes
    }

    /// Datagrams in progress.
    #[cfg(test)]
    pub fn in_progress(&self) -> usize {
        self.map.len()
    }

    fn remove(&mut self, k: &FragKey) -> Option<Datagram> {
        let d = self.map.remove(k)?;
        self.bytes -= d.buf.len();
        self.by_age.remove(&d.age);
        self.flow_age.remove(&(k.src, k.dst, d.age.0, d.age.1));
        if let Some(n) = self.flows.get_mut(&(k.src, k.dst)) {
            *n -= 1;
            if *n == 0 {
                self.flows.remove(&(k.src, k.dst));
            }
        }
        Some(d)
    }

    /// Moves a datagram to the young end of the age indexes.
    fn touch(&mut self, k: FragKey, now: i128) {
        let Some(d) = self.map.get_mut(&k) else {
            return;
        };
        self.by_age.remove(&d.age);
        self.flow_age.remove(&(k.src, k.dst, d.age.0, d.age.1));
        self.seq += 1;
        d.age = (now, self.seq);
        d.last = now;
        self.by_age.insert(d.age, k);
        self.flow_age.insert((k.src, k.dst, now, self.seq));
    }

    fn evict(&mut self, k: FragKey, why: &str, issues: &mut Vec<DecodeError>, stats: &mut Stats) {
        if let Some(d) = self.remove(&k) {
            issues.push(dropped(&k, &d, why));
            stats.ip_evicted += 1;
            self.recycle(d.buf);
        }
    }

    /// The datagram idle the longest, other than `except`.
    fn oldest(&self, except: Option<&FragKey>) -> Option<FragKey> {
        self.by_age.values().find(|k| Some(*k) != except).copied()
    }

    /// The datagram between `src` and `dst` idle the longest.
    fn oldest_in_flow(&self, src: IpAddr, dst: IpAddr) -> Option<FragKey> {
        self.flow_age
            .range((src, dst, i128::MIN, 0)..=(src, dst, i128::MAX, u64::MAX))
            .next()
            .and_then(|&(_, _, t, s)| self.by_age.get(&(t, s)))
            .copied()
    }

    /// The datagrams still missing fragments (at the end of the capture), first begun first:
    /// one issue each, naming what was received and what is missing.
    pub fn leftovers(&self, out: &mut Vec<DecodeError>) {
        let mut v: Vec<(&FragKey, &Datagram)> = self.map.iter().collect();
        v.sort_by_key(|(_, d)| d.first_frame);
        for (k, d) in v {
            let got: Vec<String> = d.covered.iter().map(|(a, b)| format!("{a}..{b}")).collect();
            let missing = match d.total {
                None => "the last fragment is missing".to_string(),
                Some(t) => {
                    let mut at = 0;
                    let mut gap = None;
                    for &(a, b) in &d.covered {
                        if a > at {
                            gap = Some((at, a));
                            break;
                        }
                        at = b;
                    }
                    let (a, b) = gap.unwrap_or((at, t));
                    format!("octets {a}..{b} of {t} are missing")
                }
            };
            out.push(
                DecodeError::new(
                    Protocol::Ip,
                    ErrorKind::Truncated,
                    0,
                    format!(
                        "IP datagram {} -> {} protocol {} id {:#x} incomplete at the end of the capture: {missing} (octets {} received, first fragment in frame {})",
                        k.src,
                        k.dst,
                        k.proto,
                        k.id,
                        got.join(", "),
                        d.first_frame
                    ),
                )
                .in_field("end_of_capture"),
            );
        }
    }

    /// Gives a delivered datagram's buffer back for reuse.
    pub fn recycle(&mut self, mut v: Vec<u8>) {
        if self.pool.len() < 16 && v.capacity() <= MAX_DATAGRAM {
            v.clear();
            self.pool.push(v);
        }
    }

    /// Drops datagrams idle for longer than the timeout (looked at once per capture second).
    pub fn sweep(
        &mut self,
        now: i128,
        limits: &Limits,
        issues: &mut Vec<DecodeError>,
        stats: &mut Stats,
    ) {
        if now - self.last_sweep < SWEEP_NS && now >= self.last_sweep {
            return;
        }
        self.last_sweep = now;
        let timeout = limits.ip_frag_timeout_ns as i128;
        // Oldest first, up to the first one still young.
        while let Some((&(t, _), &k)) = self.by_age.iter().next() {
            if now - t <= timeout {
                break;
            }
            self.evict(k, "timed out", issues, stats);
        }
    }

    /// Adds a fragment (whose data starts at octet `at` of its frame); returns the whole
    /// payload when this fragment completes it. Where it overlaps octets already held, those
    /// are kept (the first received win) and a different content is noted.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        key: FragKey,
        frag: FragInfo,
        data: &[u8],
        at: usize,
        now: i128,
        frame: u64,
        limits: &Limits,
        issues: &mut Vec<DecodeError>,
        notes: &mut Vec<Note>,
        stats: &mut Stats,
    ) -> Option<Vec<u8>> {
        let end = frag.offset + data.len();
        if end > MAX_DATAGRAM {
            issues.push(DecodeError::new(
                Protocol::Ip,
                ErrorKind::BadLength,
                0,
                format!("IP fragment ends at octet {end}, beyond the 65535 a datagram can hold; ignored"),
            ));
            return None;
        }
        if !self.map.contains_key(&key) {
            let flow_count = self.flows.get(&(key.src, key.dst)).copied().unwrap_or(0);
            if flow_count >= limits.ip_frag_max_per_flow {
                if let Some(k) = self.oldest_in_flow(key.src, key.dst) {
                    self.evict(
                        k,
                        "too many datagrams in progress between these hosts",
                        issues,
                        stats,
                    );
                }
            }
            if self.map.len() >= limits.ip_frag_max_datagrams {
                if let Some(k) = self.oldest(None) {
                    self.evict(k, "too many datagrams in progress", issues, stats);
                }
            }
            let buf = self.pool.pop().unwrap_or_default();
            self.map.insert(
                key,
                Datagram {
                    buf,
                    covered: Vec::new(),
                    total: None,
                    last: now,
                    first_frame: frame,
                    age: (i128::MIN, 0),
                },
            );
            *self.flows.entry((key.src, key.dst)).or_default() += 1;
        }
        let grow = {
            let d = self.map.get(&key)?;
            end.saturating_sub(d.buf.len())
        };
        while self.bytes + grow > limits.ip_frag_max_bytes {
            match self.oldest(Some(&key)) {
                Some(k) => self.evict(k, "reassembly memory limit reached", issues, stats),
                None => break,
            }
        }
        if self.bytes + grow > limits.ip_frag_max_bytes {
            self.evict(key, "reassembly memory limit reached", issues, stats);
            return None;
        }
        self.touch(key, now);
        let d = self.map.get_mut(&key)?;
        if !frag.more {
            if let Some(t) = d.total {
                if t != end {
                    self.evict(
                        key,
                        "two last fragments disagree on the length",
                        issues,
                        stats,
                    );
                    return None;
                }
            }
            d.total = Some(end);
        }
        if d.buf.len() < end {
            d.buf.resize(end, 0);
        }
        self.bytes += grow;
        // Only the octets not yet held are copied; held ones that differ are noted.
        let mut conflict = None;
        let mut pos = frag.offset;
        for &(a, b) in &d.covered {
            if b <= pos {
                continue;
            }
            if a >= end {
                break;
            }
            if a > pos {
                d.buf[pos..a].copy_from_slice(&data[pos - frag.offset..a - frag.offset]);
            }
            let (s, e) = (a.max(pos), b.min(end));
            let (held, new) = (&d.buf[s..e], &data[s - frag.offset..e - frag.offset]);
            if conflict.is_none() && held != new {
                // The span from the first to the last differing octet.
                let differs = |i: &usize| held[*i] != new[*i];
                let first = (0..held.len()).find(differs).unwrap_or(0);
                let last = (0..held.len()).rev().find(differs).unwrap_or(first);
                conflict = Some((s + first, s + last + 1));
            }
            pos = b.min(end);
        }
        if pos < end {
            d.buf[pos..end].copy_from_slice(&data[pos - frag.offset..]);
        }
        if let Some((s, e)) = conflict {
            notes.push(Note {
                protocol: Protocol::Ip,
                bit_offset: (at + s - frag.offset) as u64 * 8,
                what: format!(
                    "IP fragment (id {:#x}, offset {}) overlaps octets of the datagram already received with different content at octets {s}..{e}; the first received were kept",
                    key.id, frag.offset
                )
                .into(),
            });
        }
        insert_range(&mut d.covered, frag.offset, end);
        let complete = matches!((d.total, d.covered.as_slice()), (Some(t), [(0, e)]) if *e >= t);
        if complete {
            let mut d = self.remove(&key)?;
            let t = d.total.unwrap_or(d.buf.len());
            d.buf.truncate(t);
            stats.ip_reassembled += 1;
            return Some(d.buf);
        }
        if d.total.is_some_and(|t| d.buf.len() > t) {
            self.evict(
                key,
                "fragment beyond the last fragment's end",
                issues,
                stats,
            );
        }
        None
    }
}

/// Adds `[s, e)` to sorted, merged ranges.
fn insert_range(v: &mut Vec<(usize, usize)>, s: usize, e: usize) {
    if s >= e {
        return;
    }
    let mut ns = s;
    let mut ne = e;
    // Ranges touching or overlapping [s, e) are merged into it.
    v.retain(|&(a, b)| {
        if b < ns || a > ne {
            true
        } else {
            ns = ns.min(a);
            ne = ne.max(b);
            false
        }
    });
    let at = v.partition_point(|&(a, _)| a < ns);
    v.insert(at, (ns, ne));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn key(id: u32) -> FragKey {
        FragKey {
            src: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
            dst: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)),
            proto: 17,
            id,
        }
    }

    #[test]
    fn ranges_merge() {
        let mut v = Vec::new();
        insert_range(&mut v, 16, 24);
        insert_range(&mut v, 0, 8);
        assert_eq!(v, vec![(0, 8), (16, 24)]);
        insert_range(&mut v, 8, 16);
        assert_eq!(v, vec![(0, 24)]);
        insert_range(&mut v, 4, 30);
        assert_eq!(v, vec![(0, 30)]);
    }

    #[test]
    fn out_of_order_and_overlap() {
        let l = Limits::default();
        let mut r = IpReassembler::default();
        let (mut is, mut st) = (Vec::new(), Stats::default());
        let payload: Vec<u8> = (0..100u8).collect();
        let f = |o: usize, more| FragInfo {
            id: 1,
            offset: o,
            more,
        };
        assert!(r
            .add(
                key(1),
                f(80, false),
                &payload[80..],
                0,
                0,
                1,
                &l,
                &mut is,
                &mut Vec::new(),
                &mut st
            )
            .is_none());
        assert!(r
            .add(
                key(1),
                f(0, true),
                &payload[..48],
                0,
                0,
                2,
                &l,
                &mut is,
                &mut Vec::new(),
                &mut st
            )
            .is_none());
        // Overlapping retransmission of the first part.
        assert!(r
            .add(
                key(1),
                f(0, true),
                &payload[..40],
                0,
                0,
                3,
                &l,
                &mut is,
                &mut Vec::new(),
                &mut st
            )
            .is_none());
        let got = r.add(
            key(1),
            f(40, true),
            &payload[40..80],
            0,
            0,
            4,
            &l,
            &mut is,
            &mut Vec::new(),
            &mut st,
        );
        assert_eq!(got.as_deref(), Some(&payload[..]));
        assert!(is.is_empty());
        assert_eq!(r.held_bytes(), 0);
        assert_eq!(st.ip_reassembled, 1);
    }

    #[test]
    fn limits_evict_oldest_and_say_so() {
        let l = Limits {
            ip_frag_max_datagrams: 4,
            ip_frag_max_per_flow: 3,
            ip_frag_max_bytes: 5000,
            ip_frag_timeout_ns: 10_000_000_000,
            ..Limits::default()
        };
        let mut r = IpReassembler::default();
        let (mut is, mut st) = (Vec::new(), Stats::default());
        let data = [7u8; 1000];
        for id in 0..10u32 {
            let f = FragInfo {
                id,
                offset: 0,
                more: true,
            };
            r.add(
                key(id),
                f,
                &data,
                0,
                i128::from(id),
                u64::from(id) + 1,
                &l,
                &mut is,
                &mut Vec::new(),
                &mut st,
            );
            assert!(r.in_progress() <= 3);
            assert!(r.held_bytes() <= 5000);
        }
        assert_eq!(is.len(), 7);
        assert!(is.iter().all(|e| e.kind == ErrorKind::Limit));
        assert!(
            is[0].detail.contains("first fragment in frame 1"),
            "{}",
            is[0]
        );
        // Memory bound: 10 datagrams of 60000 octets with a 100000 limit.
        let mut r = IpReassembler::default();
        let l = Limits {
            ip_frag_max_bytes: 100_000,
            ..Limits::default()
        };
        let big = vec![1u8; 8];
        for id in 0..10u32 {
            let f = FragInfo {
                id,
                offset: 60_000,
                more: true,
            };
            r.add(
                key(id),
                f,
                &big,
                0,
                0,
                1,
                &l,
                &mut is,
                &mut Vec::new(),
                &mut st,
            );
            assert!(r.held_bytes() <= 100_000);
        }
        // Timeout in capture time.
        let mut r = IpReassembler::default();
        let l = Limits::default();
        is.clear();
        r.add(
            key(1),
            FragInfo {
                id: 1,
                offset: 0,
                more: true,
            },
            &data,
            0,
            0,
            1,
            &l,
            &mut is,
            &mut Vec::new(),
            &mut st,
        );
        r.sweep(29_000_000_000, &l, &mut is, &mut st);
        assert_eq!(r.in_progress(), 1);
        r.sweep(31_000_000_000, &l, &mut is, &mut st);
        assert_eq!(r.in_progress(), 0);
        r.add(
            key(2),
            FragInfo {
                id: 2,
                offset: 0,
                more: true,
            },
            &data,
            0,
            31_000_000_000,
            2,
            &l,
            &mut is,
            &mut Vec::new(),
            &mut st,
        );
        assert_eq!(r.in_progress(), 1);
        assert_eq!(is.len(), 1);
        assert!(is[0].detail.contains("timed out"));
    }
}
