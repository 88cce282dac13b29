//! Cutting captures: frame ranges (`--frames 100-200,350`), the pcapng writer of `read -w`,
//! and why a frame gave keyhop nothing (the closing report of `read`).

use crate::capture::layers;
use crate::capture::{linktype, Timestamp};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::net::SocketAddr;

/// A set of frame numbers: `100-200,350`, `-50` (up to 50), `900-` (from 900 on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameSet {
    /// Inclusive ranges, sorted by start.
    ranges: Vec<(u64, u64)>,
}

impl FrameSet {
    /// Parses `a-b,c,...`; frame numbers count from 1.
    pub fn parse(s: &str) -> Result<FrameSet, String> {
        let mut ranges = Vec::new();
        for part in s.split(',').map(str::trim) {
            let num = |t: &str, default: u64| -> Result<u64, String> {
                if t.is_empty() {
                    return Ok(default);
                }
                t.parse::<u64>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("`{t}` in `{s}` is not a frame number (1, 2, ...)"))
            };
            let (a, b) = match part.split_once('-') {
                Some((a, b)) => (num(a, 1)?, num(b, u64::MAX)?),
                None if part.is_empty() => return Err(format!("empty range in `{s}`")),
                None => {
                    let n = num(part, 0)?;
                    (n, n)
                }
            };
            if a > b {
                return Err(format!("range `{part}` ends before it starts"));
            }
            ranges.push((a, b));
        }
        ranges.sort_unstable();
        Ok(FrameSet { ranges })
    }

    /// Whether frame `n` is in the set.
    pub fn contains(&self, n: u64) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= n && n <= b)
    }

    /// Whether no frame after `n` is in the set (reading can stop).
    pub fn past(&self, n: u64) -> bool {
        self.ranges.iter().all(|&(_, b)| b <= n)
    }
}

/// Writes pcapng: one section, one interface per link type seen, enhanced packet blocks with
/// nanosecond timestamps (so no precision of the source is lost).
pub struct PcapngWriter<W: Write> {
    out: W,
    /// Link type -> interface id.
    ifaces: BTreeMap<u32, u32>,
    /// Frames written.
    pub written: u64,
}

fn pad4(n: usize) -> usize {
    (4 - n % 4) % 4
}

impl<W: Write> PcapngWriter<W> {
    /// Writes the section header.
    pub fn new(mut out: W) -> io::Result<Self> {
        // SHB: type, length 28, byte-order magic, version 1.0, section length unknown.
        let mut b = Vec::with_capacity(28);
        b.extend_from_slice(&0x0A0D_0D0Au32.to_le_bytes());
        b.extend_from_slice(&28u32.to_le_bytes());
        b.extend_from_slice(&0x1A2B_3C4Du32.to_le_bytes());
        b.extend_from_slice(&1u16.to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(&(-1i64).to_le_bytes());
        b.extend_from_slice(&28u32.to_le_bytes());
        out.write_all(&b)?;
        Ok(PcapngWriter {
            out,
            ifaces: BTreeMap::new(),
            written: 0,
        })
    }

    fn iface(&mut self, link: u32, snaplen: u32) -> io::Result<u32> {
        if let Some(&i) = self.ifaces.get(&link) {
            return Ok(i);
        }
        let id = self.ifaces.len() as u32;
        // IDB with if_tsresol = 9 (nanoseconds) and opt_endofopt.
        let mut b = Vec::with_capacity(32);
        b.extend_from_slice(&1u32.to_le_bytes());
        b.extend_from_slice(&32u32.to_le_bytes());
        // LINKTYPE values are 16 bits in an IDB.
        b.extend_from_slice(&(link as u16).to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(&snaplen.to_le_bytes());
        b.extend_from_slice(&9u16.to_le_bytes());
        b.extend_from_slice(&1u16.to_le_bytes());
        b.extend_from_slice(&[9, 0, 0, 0]);
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&32u32.to_le_bytes());
        self.out.write_all(&b)?;
        self.ifaces.insert(link, id);
        Ok(id)
    }

    /// Writes one packet record.
    pub fn packet(&mut self, f: &RawFrame<'_>) -> io::Result<()> {
        if f.link_type > u32::from(u16::MAX) {
            // Not representable in pcapng (keyhop's own "unknown interface" marker).
            return Ok(());
        }
        let iface = self.iface(f.link_type, 0)?;
        let ns = f.timestamp.as_nanos().max(0) as u64;
        let cap = f.data.len();
        let total = 32 + cap + pad4(cap);
        let mut h = Vec::with_capacity(28);
        h.extend_from_slice(&6u32.to_le_bytes());
        h.extend_from_slice(&(total as u32).to_le_bytes());
        h.extend_from_slice(&iface.to_le_bytes());
        h.extend_from_slice(&((ns >> 32) as u32).to_le_bytes());
        h.extend_from_slice(&(ns as u32).to_le_bytes());
        h.extend_from_slice(&(cap as u32).to_le_bytes());
        h.extend_from_slice(&f.original_len.max(cap as u32).to_le_bytes());
        self.out.write_all(&h)?;
        self.out.write_all(f.data)?;
        self.out.write_all(&[0u8; 3][..pad4(cap)])?;
        self.out.write_all(&(total as u32).to_le_bytes())?;
        self.written += 1;
        Ok(())
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A capture record as read, for writing it out again.
#[derive(Debug, Clone, Copy)]
pub struct RawFrame<'a> {
    /// Frame number in its file.
    pub number: u64,
    /// Capture time.
    pub timestamp: Timestamp,
    /// LINKTYPE_ of its interface.
    pub link_type: u32,
    /// Length on the wire.
    pub original_len: u32,
    /// The captured octets.
    pub data: &'a [u8],
}

/// Why a frame carried no message keyhop reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    /// A link type keyhop does not read.
    LinkType(u32),
    /// Not IP (ARP, LLDP...).
    NotIp,
    /// The IP header could not be read (reported with the frame).
    BadIp,
    /// A later fragment of an IP datagram (reassembled on its last fragment).
    IpFragment,
    /// TCP.
    Tcp,
    /// UDP on other ports than GTP-C's.
    Udp,
    /// SCTP without a whole S1AP/X2AP message: control chunks, a chunk of a message still in
    /// reassembly, a retransmission, or another PPID and port.
    Sctp,
    /// Another IP protocol (ICMP, ...).
    OtherIp(u8),
}

impl Skip {
    /// Why, in words.
    pub fn describe(self) -> String {
        match self {
            Skip::LinkType(l) => format!("link type {l} (not read by keyhop)"),
            Skip::NotIp => "not IP".into(),
            Skip::BadIp => "IP header unreadable".into(),
            Skip::IpFragment => "IP fragment (not the last)".into(),
            Skip::Tcp => "TCP".into(),
            Skip::Udp => "UDP on other ports".into(),
            Skip::Sctp => {
                "SCTP without a whole S1AP/X2AP message (control, chunk of a longer message, retransmission, other PPID/port)".into()
            }
            Skip::OtherIp(p) => format!("IP protocol {p}"),
        }
    }

    /// Classifies a frame that produced no message.
    pub fn of(link: u32, data: &[u8]) -> Skip {
        const READ: [u32; 10] = [
            linktype::NULL,
            linktype::ETHERNET,
            linktype::RAW,
            linktype::LOOP,
            linktype::LINUX_SLL,
            linktype::IPV4,
            linktype::IPV6,
            linktype::LINUX_SLL2,
            12,
            14,
        ];
        if !READ.contains(&link) {
            return Skip::LinkType(link);
        }
        match ip_of(link, data) {
            Err(s) => s,
            Ok((proto, frag_later, _)) => {
                if frag_later {
                    return Skip::IpFragment;
                }
                match proto {
                    6 => Skip::Tcp,
                    17 => Skip::Udp,
                    132 => Skip::Sctp,
                    p => Skip::OtherIp(p),
                }
            }
        }
    }
}

/// Frames that carried no message, counted by [`Skip`]: a handful of distinct reasons, so a
/// short list searched in place, the words only at the end ([`Skips::drain_into`]).
#[derive(Debug, Clone, Default)]
pub struct Skips(Vec<(Skip, u64)>);

impl Skips {
    /// Counts a frame of link type `link` and octets `data` that produced no message.
    pub fn count(&mut self, link: u32, data: &[u8]) {
        let why = Skip::of(link, data);
        match self.0.iter_mut().find(|(k, _)| *k == why) {
            Some((_, n)) => *n += 1,
            None => self.0.push((why, 1)),
        }
    }

    /// The counts by reason in words ([`Skip::describe`]), added to `out`; empties `self`.
    pub fn drain_into(&mut self, out: &mut std::collections::BTreeMap<String, u64>) {
        self.0.sort();
        for (why, n) in self.0.drain(..) {
            *out.entry(why.describe()).or_insert(0) += n;
        }
    }
}

/// The closing line of `read` and `export` for frames that carried no message: `N frames
/// carried no message: n1 why1; n2 why2` (`None` when there were none).
pub fn skipped_line(skipped: &std::collections::BTreeMap<String, u64>) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let total: u64 = skipped.values().sum();
    let why: Vec<String> = skipped.iter().map(|(r, n)| format!("{n} {r}")).collect();
    Some(format!(
        "{total} frames carried no message: {}",
        why.join("; ")
    ))
}

/// Two SCTP endpoints.
type Pair = (SocketAddr, SocketAddr);

/// The IP protocol of a frame, whether it is a non-first fragment, and for SCTP the two
/// endpoints (for matching the frames of one association).
fn ip_of(link: u32, data: &[u8]) -> Result<(u8, bool, Option<Pair>), Skip> {
    let (off, ver) = match layers::link(link, data) {
        Ok(Some(x)) => x,
        Ok(None) => return Err(Skip::NotIp),
        Err(_) => return Err(Skip::BadIp),
    };
    let mut notes = Vec::new();
    let ip = layers::ip(data, off, ver, &mut notes).map_err(|_| Skip::BadIp)?;
    let later = ip.frag.as_ref().is_some_and(|f| f.offset > 0);
    let ends = if ip.proto == 132 && !later && ip.payload.len() >= 4 {
        let p = &data[ip.payload.clone()];
        let sp = u16::from_be_bytes([p[0], p[1]]);
        let dp = u16::from_be_bytes([p[2], p[3]]);
        Some((SocketAddr::new(ip.src, sp), SocketAddr::new(ip.dst, dp)))
    } else {
        None
    };
    Ok((ip.proto, later, ends))
}

/// The SCTP endpoints of a frame (unordered pair, lower first), if it is an SCTP packet.
pub fn sctp_pair(link: u32, data: &[u8]) -> Option<(SocketAddr, SocketAddr)> {
    let (_, _, ends) = ip_of(link, data).ok()?;
    let (a, b) = ends?;
    Some(if a <= b { (a, b) } else { (b, a) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_sets() {
        let s = FrameSet::parse("100-200,350, 5").unwrap();
        assert!(s.contains(5) && s.contains(100) && s.contains(200) && s.contains(350));
        assert!(!s.contains(4) && !s.contains(201) && !s.contains(351));
        assert!(s.past(350) && !s.past(349));
        let open = FrameSet::parse("900-").unwrap();
        assert!(open.contains(u64::MAX) && !open.past(1 << 40));
        assert!(FrameSet::parse("-3").unwrap().contains(1));
        for bad in ["", "a", "5-3", "0", "1,,2", "1-2-3"] {
            assert!(FrameSet::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn written_pcapng_reads_back() {
        let mut w = PcapngWriter::new(Vec::new()).unwrap();
        let data = [1u8, 2, 3, 4, 5];
        let ts = Timestamp {
            secs: 1_700_000_000,
            nanos: 123_456_789,
        };
        for link in [linktype::ETHERNET, linktype::RAW, linktype::ETHERNET] {
            w.packet(&RawFrame {
                number: 1,
                timestamp: ts,
                link_type: link,
                original_len: 60,
                data: &data,
            })
            .unwrap();
        }
        assert_eq!(w.written, 3);
        let bytes = w.finish().unwrap();
        let mut r = crate::capture::CaptureReader::new(&bytes[..]).unwrap();
        let mut seen = Vec::new();
        while let Some(f) = r.next_frame() {
            let f = f.unwrap();
            seen.push((f.link_type, f.timestamp, f.original_len, f.data.to_vec()));
        }
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[1].0, linktype::RAW);
        assert!(seen.iter().all(|s| s.1 == ts && s.2 == 60 && s.3 == data));
    }
}
