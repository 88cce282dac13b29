//! Synthesis of packets and capture files, for the samples generator and the tests.
//!
//! Builders for each layer (link, IPv4 with fragmentation, IPv6 with fragment headers, UDP,
//! SCTP chunks with the CRC32c checksum), an [`SctpAssoc`] that numbers TSNs and stream
//! sequence numbers and splits messages into fragments, and streaming pcap / pcapng writers.
//!
//! ```no_run
//! use keyhop::capture::synth::{self, Dir, LinkSpec, SctpAssoc};
//! use keyhop::capture::{linktype, Timestamp};
//! let mut assoc = SctpAssoc::new("10.0.0.1:36412".parse().unwrap(), "10.0.0.2:36412".parse().unwrap());
//! let mut w = synth::PcapNgFileWriter::create("out.pcapng")?;
//! let eth = w.add_interface(linktype::ETHERNET, 9)?;
//! let link = LinkSpec::ethernet();
//! let mut ts = Timestamp { secs: 1_700_000_000, nanos: 0 };
//! for (dir, sctp) in assoc.handshake() {
//!     w.write(eth, ts, &link.frame(&assoc.ip_packet(dir, &sctp)))?;
//!     ts.nanos += 1000;
//! }
//! let chunks = assoc.message(Dir::Forward, 1, 18, &[0x00, 0x0c, 0x00, 0x00], 1400);
//! let sctp = assoc.packet(Dir::Forward, &chunks);
//! w.write(eth, ts, &link.frame(&assoc.ip_packet(Dir::Forward, &sctp)))?;
//! w.finish()?;
//! # Ok::<(), std::io::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};
use pcap_file::pcapng::blocks::enhanced_packet::EnhancedPacketBlock;
use pcap_file::pcapng::blocks::interface_description::{
    InterfaceDescriptionBlock, InterfaceDescriptionOption,
};
use pcap_file::pcapng::blocks::section_header::SectionHeaderBlock;
use pcap_file::pcapng::blocks::simple_packet::SimplePacketBlock;
use pcap_file::pcapng::PcapNgWriter;
use pcap_file::{DataLink, Endianness, PcapError, TsResolution};

use super::{linktype, Timestamp};

/// IP protocol number of SCTP.
pub const IPPROTO_SCTP: u8 = 132;
/// IP protocol number of UDP.
pub const IPPROTO_UDP: u8 = 17;

/// The one's-complement sum of 16-bit words (the Internet checksum before inversion).
fn sum16(mut acc: u32, b: &[u8]) -> u32 {
    let mut it = b.chunks_exact(2);
    for w in &mut it {
        acc += u32::from(u16::from_be_bytes([w[0], w[1]]));
    }
    if let [last] = it.remainder() {
        acc += u32::from(*last) << 8;
    }
    acc
}

fn fold(mut acc: u32) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    !(acc as u16)
}

/// The Internet checksum of `b` (RFC 1071).
pub fn inet_checksum(b: &[u8]) -> u16 {
    fold(sum16(0, b))
}

/// How to frame IP packets at the link layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkSpec {
    /// Ethernet II with optional 802.1Q tags (outermost first; two tags = QinQ, the outer one
    /// with the 802.1ad type).
    Ethernet {
        /// Source MAC.
        src: [u8; 6],
        /// Destination MAC.
        dst: [u8; 6],
        /// VLAN identifiers, outermost first.
        vlans: Vec<u16>,
    },
    /// Linux cooked capture v1 (LINKTYPE 113).
    Sll,
    /// Linux cooked capture v2 (LINKTYPE 276).
    Sll2,
    /// Raw IP (LINKTYPE 101).
    Raw,
    /// BSD loopback, little-endian family (LINKTYPE 0).
    Null,
    /// OpenBSD loopback, big-endian family (LINKTYPE 108).
    Loop,
}

impl LinkSpec {
    /// Ethernet between two fixed locally administered MACs, no VLAN.
    pub fn ethernet() -> Self {
        LinkSpec::Ethernet {
            src: [0x02, 0, 0, 0, 0, 1],
            dst: [0x02, 0, 0, 0, 0, 2],
            vlans: Vec::new(),
        }
    }

    /// Ethernet with VLAN tags, outermost first.
    pub fn vlan(vlans: &[u16]) -> Self {
        LinkSpec::Ethernet {
            src: [0x02, 0, 0, 0, 0, 1],
            dst: [0x02, 0, 0, 0, 0, 2],
            vlans: vlans.to_vec(),
        }
    }

    /// The LINKTYPE_ value to declare in the file.
    pub fn link_type(&self) -> u32 {
        match self {
            LinkSpec::Ethernet { .. } => linktype::ETHERNET,
            LinkSpec::Sll => linktype::LINUX_SLL,
            LinkSpec::Sll2 => linktype::LINUX_SLL2,
            LinkSpec::Raw => linktype::RAW,
            LinkSpec::Null => linktype::NULL,
            LinkSpec::Loop => linktype::LOOP,
        }
    }

    /// Frames one IP packet (IPv4 or IPv6, from its version nibble).
    pub fn frame(&self, ip: &[u8]) -> Vec<u8> {
        let v6 = ip.first().is_some_and(|b| b >> 4 == 6);
        let ethertype: u16 = if v6 { 0x86DD } else { 0x0800 };
        let mut f = Vec::with_capacity(ip.len() + 24);
        match self {
            LinkSpec::Ethernet { src, dst, vlans } => {
                f.extend_from_slice(dst);
                f.extend_from_slice(src);
                for (i, v) in vlans.iter().enumerate() {
                    let tpid: u16 = if i + 1 < vlans.len() { 0x88A8 } else { 0x8100 };
                    f.extend_from_slice(&tpid.to_be_bytes());
                    f.extend_from_slice(&(v & 0x0fff).to_be_bytes());
                }
                f.extend_from_slice(&ethertype.to_be_bytes());
            }
            LinkSpec::Sll => {
                // Packet type 0 (to us), ARPHRD_ETHER, 6-octet address padded to 8.
                f.extend_from_slice(&[0, 0, 0, 1, 0, 6, 0x02, 0, 0, 0, 0, 1, 0, 0]);
                f.extend_from_slice(&ethertype.to_be_bytes());
            }
            LinkSpec::Sll2 => {
                f.extend_from_slice(&ethertype.to_be_bytes());
                f.extend_from_slice(&[0, 0]);
                f.extend_from_slice(&2u32.to_be_bytes());
                f.extend_from_slice(&[0, 1, 0, 6, 0x02, 0, 0, 0, 0, 1, 0, 0]);
            }
            LinkSpec::Raw => {}
            LinkSpec::Null => {
                let fam: u32 = if v6 { 24 } else { 2 };
                f.extend_from_slice(&fam.to_le_bytes());
            }
            LinkSpec::Loop => {
                let fam: u32 = if v6 { 24 } else { 2 };
                f.extend_from_slice(&fam.to_be_bytes());
            }
        }
        f.extend_from_slice(ip);
        f
    }
}

/// An IPv4 packet with DF set and its header checksum; `options` are padded to 4 octets with
/// zeros (end of option list).
pub fn ipv4(
    src: Ipv4Addr,
    dst: Ipv4Addr,
    proto: u8,
    id: u16,
    options: &[u8],
    payload: &[u8],
) -> Vec<u8> {
    ipv4_raw(src, dst, proto, id, 0x4000, options, payload)
}

fn ipv4_raw(
    src: Ipv4Addr,
    dst: Ipv4Addr,
    proto: u8,
    id: u16,
    flags_frag: u16,
    options: &[u8],
    payload: &[u8],
) -> Vec<u8> {
    let opt_len = (options.len() + 3) & !3;
    let ihl = 20 + opt_len;
    let total = ihl + payload.len();
    let mut p = Vec::with_capacity(total);
    p.push(0x40 | (ihl / 4) as u8);
    p.push(0);
    p.extend_from_slice(&(total as u16).to_be_bytes());
    p.extend_from_slice(&id.to_be_bytes());
    p.extend_from_slice(&flags_frag.to_be_bytes());
    p.extend_from_slice(&[64, proto, 0, 0]);
    p.extend_from_slice(&src.octets());
    p.extend_from_slice(&dst.octets());
    p.extend_from_slice(options);
    p.resize(ihl, 0);
    let c = inet_checksum(&p[..ihl]);
    p[10..12].copy_from_slice(&c.to_be_bytes());
    p.extend_from_slice(payload);
    p
}

/// IPv4 fragments of `payload` for a link MTU of `mtu` octets (at least 28).
pub fn ipv4_fragments(
    src: Ipv4Addr,
    dst: Ipv4Addr,
    proto: u8,
    id: u16,
    payload: &[u8],
    mtu: usize,
) -> Vec<Vec<u8>> {
    let step = ((mtu.max(28) - 20) & !7).max(8);
    if payload.len() <= step {
        return vec![ipv4_raw(src, dst, proto, id, 0, &[], payload)];
    }
    payload
        .chunks(step)
        .enumerate()
        .map(|(i, part)| {
            let off = i * step;
            let more = off + part.len() < payload.len();
            let ff = ((off / 8) as u16) | if more { 0x2000 } else { 0 };
            ipv4_raw(src, dst, proto, id, ff, &[], part)
        })
        .collect()
}

/// An IPv6 packet; `ext` is a chain of already-encoded extension headers whose first type is
/// `first_next` (pass `proto` and an empty `ext` for none).
pub fn ipv6(src: Ipv6Addr, dst: Ipv6Addr, first_next: u8, ext: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut p = Vec::with_capacity(40 + ext.len() + payload.len());
    p.extend_from_slice(&[0x60, 0, 0, 0]);
    p.extend_from_slice(&((ext.len() + payload.len()) as u16).to_be_bytes());
    p.push(first_next);
    p.push(64);
    p.extend_from_slice(&src.octets());
    p.extend_from_slice(&dst.octets());
    p.extend_from_slice(ext);
    p.extend_from_slice(payload);
    p
}

/// An IPv6 options extension header (hop-by-hop or destination options) padded with PadN.
pub fn ipv6_options_header(next: u8, len_units: u8) -> Vec<u8> {
    let len = (usize::from(len_units) + 1) * 8;
    let mut h = vec![next, len_units];
    // One PadN option filling the rest.
    h.push(1);
    h.push((len - 4) as u8);
    h.resize(len, 0);
    h
}

/// IPv6 fragments (fragment header after the fixed header) for a link MTU of `mtu`.
pub fn ipv6_fragments(
    src: Ipv6Addr,
    dst: Ipv6Addr,
    proto: u8,
    id: u32,
    payload: &[u8],
    mtu: usize,
) -> Vec<Vec<u8>> {
    let step = ((mtu.max(56) - 48) & !7).max(8);
    payload
        .chunks(step)
        .enumerate()
        .map(|(i, part)| {
            let off = i * step;
            let more = off + part.len() < payload.len();
            let mut fh = vec![proto, 0];
            fh.extend_from_slice(&((off as u16) | u16::from(more)).to_be_bytes());
            fh.extend_from_slice(&id.to_be_bytes());
            ipv6(src, dst, 44, &fh, part)
        })
        .collect()
}

/// An IP packet of either family, DF set for IPv4.
///
/// # Panics
/// When the two addresses are of different families (a caller's mistake).
pub fn ip_packet(src: IpAddr, dst: IpAddr, proto: u8, id: u16, payload: &[u8]) -> Vec<u8> {
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => ipv4(s, d, proto, id, &[], payload),
        (IpAddr::V6(s), IpAddr::V6(d)) => ipv6(s, d, proto, &[], payload),
        (s, d) => panic!("synth::ip_packet: mixed address families {s} and {d}"),
    }
}

/// A UDP datagram (header + payload) with its checksum over the pseudo-header.
///
/// # Panics
/// When the two addresses are of different families (a caller's mistake).
pub fn udp(src: SocketAddr, dst: SocketAddr, payload: &[u8]) -> Vec<u8> {
    let len = 8 + payload.len();
    let mut u = Vec::with_capacity(len);
    u.extend_from_slice(&src.port().to_be_bytes());
    u.extend_from_slice(&dst.port().to_be_bytes());
    u.extend_from_slice(&(len as u16).to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    let mut acc = match (src.ip(), dst.ip()) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            let acc = sum16(sum16(0, &s.octets()), &d.octets());
            acc + u32::from(IPPROTO_UDP) + len as u32
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            let acc = sum16(sum16(0, &s.octets()), &d.octets());
            acc + u32::from(IPPROTO_UDP) + sum16(0, &(len as u32).to_be_bytes())
        }
        (s, d) => panic!("synth::udp: mixed address families {s} and {d}"),
    };
    acc = sum16(acc, &u);
    let c = match fold(acc) {
        0 => 0xffff,
        c => c,
    };
    u[6..8].copy_from_slice(&c.to_be_bytes());
    u
}

/// Flags of a DATA / I-DATA chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DataFlags {
    /// B: first fragment.
    pub begin: bool,
    /// E: last fragment.
    pub end: bool,
    /// U: unordered.
    pub unordered: bool,
}

impl DataFlags {
    /// A whole message (B and E).
    pub const WHOLE: DataFlags = DataFlags {
        begin: true,
        end: true,
        unordered: false,
    };

    fn bits(self) -> u8 {
        u8::from(self.end) | (u8::from(self.begin) << 1) | (u8::from(self.unordered) << 2)
    }
}

/// An SCTP chunk to encode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    /// DATA (RFC 9260 3.3.1).
    Data {
        /// Transmission sequence number.
        tsn: u32,
        /// Stream identifier.
        stream: u16,
        /// Stream sequence number.
        ssn: u16,
        /// Payload protocol identifier.
        ppid: u32,
        /// B/E/U flags.
        flags: DataFlags,
        /// User data.
        data: Vec<u8>,
    },
    /// I-DATA (RFC 8260).
    IData {
        /// Transmission sequence number.
        tsn: u32,
        /// Stream identifier.
        stream: u16,
        /// Message identifier.
        mid: u32,
        /// PPID on the first fragment, FSN on the others.
        ppid_or_fsn: u32,
        /// B/E/U flags.
        flags: DataFlags,
        /// User data.
        data: Vec<u8>,
    },
    /// INIT (or INIT ACK when `ack`, with a state cookie parameter).
    Init {
        /// INIT ACK rather than INIT.
        ack: bool,
        /// The sender's verification tag.
        init_tag: u32,
        /// Outbound streams.
        streams: u16,
        /// Initial TSN.
        initial_tsn: u32,
        /// State cookie (INIT ACK only).
        cookie: Vec<u8>,
        /// IPv4 / IPv6 address parameters (RFC 9260 3.3.2.1): every address of a multi-homed
        /// endpoint; empty for a single-homed one.
        addrs: Vec<IpAddr>,
    },
    /// COOKIE ECHO.
    CookieEcho(Vec<u8>),
    /// COOKIE ACK.
    CookieAck,
    /// SACK without gap blocks.
    Sack {
        /// Cumulative TSN acknowledged.
        cum_tsn: u32,
    },
    /// HEARTBEAT with an opaque info parameter.
    Heartbeat(Vec<u8>),
    /// Any chunk, given as type, flags and value.
    Raw {
        /// Chunk type.
        ctype: u8,
        /// Chunk flags.
        flags: u8,
        /// Value (after the 4-octet chunk header).
        value: Vec<u8>,
    },
}

impl Chunk {
    fn encode(&self, out: &mut Vec<u8>) {
        let start = out.len();
        let hdr = |out: &mut Vec<u8>, t: u8, f: u8| {
            out.extend_from_slice(&[t, f, 0, 0]);
        };
        match self {
            Chunk::Data {
                tsn,
                stream,
                ssn,
                ppid,
                flags,
                data,
            } => {
                hdr(out, 0, flags.bits());
                out.extend_from_slice(&tsn.to_be_bytes());
                out.extend_from_slice(&stream.to_be_bytes());
                out.extend_from_slice(&ssn.to_be_bytes());
                out.extend_from_slice(&ppid.to_be_bytes());
                out.extend_from_slice(data);
            }
            Chunk::IData {
                tsn,
                stream,
                mid,
                ppid_or_fsn,
                flags,
                data,
            } => {
                hdr(out, 64, flags.bits());
                out.extend_from_slice(&tsn.to_be_bytes());
                out.extend_from_slice(&stream.to_be_bytes());
                out.extend_from_slice(&[0, 0]);
                out.extend_from_slice(&mid.to_be_bytes());
                out.extend_from_slice(&ppid_or_fsn.to_be_bytes());
                out.extend_from_slice(data);
            }
            Chunk::Init {
                ack,
                init_tag,
                streams,
                initial_tsn,
                cookie,
                addrs,
            } => {
                hdr(out, if *ack { 2 } else { 1 }, 0);
                out.extend_from_slice(&init_tag.to_be_bytes());
                out.extend_from_slice(&65_535u32.to_be_bytes());
                out.extend_from_slice(&streams.to_be_bytes());
                out.extend_from_slice(&streams.to_be_bytes());
                out.extend_from_slice(&initial_tsn.to_be_bytes());
                for a in addrs {
                    match a {
                        IpAddr::V4(v4) => {
                            out.extend_from_slice(&[0, 5, 0, 8]);
                            out.extend_from_slice(&v4.octets());
                        }
                        IpAddr::V6(v6) => {
                            out.extend_from_slice(&[0, 6, 0, 20]);
                            out.extend_from_slice(&v6.octets());
                        }
                    }
                }
                if *ack {
                    // State cookie parameter (type 7).
                    out.extend_from_slice(&7u16.to_be_bytes());
                    out.extend_from_slice(&((4 + cookie.len()) as u16).to_be_bytes());
                    // The last parameter's padding is the chunk's, outside its length.
                    out.extend_from_slice(cookie);
                }
            }
            Chunk::CookieEcho(c) => {
                hdr(out, 10, 0);
                out.extend_from_slice(c);
            }
            Chunk::CookieAck => hdr(out, 11, 0),
            Chunk::Sack { cum_tsn } => {
                hdr(out, 3, 0);
                out.extend_from_slice(&cum_tsn.to_be_bytes());
                out.extend_from_slice(&65_535u32.to_be_bytes());
                out.extend_from_slice(&[0, 0, 0, 0]);
            }
            Chunk::Heartbeat(info) => {
                hdr(out, 4, 0);
                out.extend_from_slice(&1u16.to_be_bytes());
                out.extend_from_slice(&((4 + info.len()) as u16).to_be_bytes());
                out.extend_from_slice(info);
            }
            Chunk::Raw {
                ctype,
                flags,
                value,
            } => {
                hdr(out, *ctype, *flags);
                out.extend_from_slice(value);
            }
        }
        let len = (out.len() - start) as u16;
        out[start + 2..start + 4].copy_from_slice(&len.to_be_bytes());
        while !(out.len() - start).is_multiple_of(4) {
            out.push(0);
        }
    }
}

/// An SCTP packet (common header + chunks) with its CRC32c checksum.
pub fn sctp(src_port: u16, dst_port: u16, vtag: u32, chunks: &[Chunk]) -> Vec<u8> {
    let mut p = Vec::with_capacity(12 + chunks.len() * 64);
    p.extend_from_slice(&src_port.to_be_bytes());
    p.extend_from_slice(&dst_port.to_be_bytes());
    p.extend_from_slice(&vtag.to_be_bytes());
    p.extend_from_slice(&[0; 4]);
    for c in chunks {
        c.encode(&mut p);
    }
    // The CRC32c goes on the wire least significant octet first (RFC 9260 appendix A).
    let crc = super::sctp::checksum(&p);
    p[8..12].copy_from_slice(&crc.to_le_bytes());
    p
}

/// Direction within an [`SctpAssoc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dir {
    /// From the association's first endpoint (the client) to the second.
    Forward,
    /// From the second endpoint back to the first.
    Reverse,
}

/// An SCTP association's numbering state, to synthesize consistent traffic.
#[derive(Debug, Clone)]
pub struct SctpAssoc {
    /// The first endpoint (sends INIT).
    pub client: SocketAddr,
    /// The second endpoint.
    pub server: SocketAddr,
    /// The client's verification tag (carried by packets to the client).
    pub client_tag: u32,
    /// The server's verification tag (carried by packets to the server).
    pub server_tag: u32,
    /// Further addresses of the client (multi-homing), announced in its INIT.
    pub client_alt: Vec<IpAddr>,
    /// Further addresses of the server, announced in its INIT ACK.
    pub server_alt: Vec<IpAddr>,
    next_tsn: [u32; 2],
    next_mid: [u32; 2],
    ssn: HashMap<(Dir, u16), u16>,
    ip_id: u16,
}

impl SctpAssoc {
    /// A new association with fixed tags and initial TSNs derived from the ports.
    pub fn new(client: SocketAddr, server: SocketAddr) -> Self {
        let seed = u32::from(client.port()) << 16 | u32::from(server.port());
        SctpAssoc {
            client,
            server,
            client_tag: 0x1000_0001 ^ seed,
            server_tag: 0x2000_0002 ^ seed.rotate_left(7),
            client_alt: Vec::new(),
            server_alt: Vec::new(),
            next_tsn: [1000, 5000],
            next_mid: [0, 0],
            ssn: HashMap::new(),
            ip_id: 1,
        }
    }

    /// Makes the association multi-homed (and dual-stack when the families differ): the
    /// client's and the server's further addresses, announced by the handshake's address
    /// parameters. Send on another path with [`SctpAssoc::ip_packet_via`].
    ///
    /// ```
    /// use keyhop::capture::synth::{Dir, SctpAssoc};
    /// let mut a = SctpAssoc::new("10.0.0.1:36412".parse().unwrap(), "10.0.9.1:36412".parse().unwrap())
    ///     .multihomed(&["fd00::1".parse().unwrap()], &["fd00::9".parse().unwrap()]);
    /// let chunks = a.message(Dir::Forward, 1, 18, &[0x00, 0x0c, 0x00, 0x00], 1400);
    /// let sctp = a.packet(Dir::Forward, &chunks);
    /// let (src, dst) = a.path(Dir::Forward, 1);
    /// let ip = a.ip_packet_via(src, dst, &sctp);
    /// assert_eq!(ip[0] >> 4, 6);
    /// ```
    pub fn multihomed(mut self, client_alt: &[IpAddr], server_alt: &[IpAddr]) -> Self {
        self.client_alt = client_alt.to_vec();
        self.server_alt = server_alt.to_vec();
        self
    }

    /// Every address of the client (primary first).
    pub fn client_addrs(&self) -> Vec<IpAddr> {
        std::iter::once(self.client.ip())
            .chain(self.client_alt.iter().copied())
            .collect()
    }

    /// Every address of the server (primary first).
    pub fn server_addrs(&self) -> Vec<IpAddr> {
        std::iter::once(self.server.ip())
            .chain(self.server_alt.iter().copied())
            .collect()
    }

    /// Path `k` of direction `d` as (source, destination) addresses: path 0 is the primary
    /// pair, path `k` pairs the `k`-th addresses of both sides (the primary one where a side
    /// has fewer), taking an address of the same family on the other side when they differ.
    pub fn path(&self, d: Dir, k: usize) -> (IpAddr, IpAddr) {
        let (c, s) = (self.client_addrs(), self.server_addrs());
        let pick = |v: &[IpAddr]| v.get(k).copied().unwrap_or(v[0]);
        let cs = pick(&c);
        let ss = match pick(&s) {
            x if x.is_ipv4() == cs.is_ipv4() => x,
            x => s
                .iter()
                .copied()
                .find(|y| y.is_ipv4() == cs.is_ipv4())
                .unwrap_or(x),
        };
        match d {
            Dir::Forward => (cs, ss),
            Dir::Reverse => (ss, cs),
        }
    }

    /// The IP packet carrying an SCTP packet between the given addresses (another path of a
    /// multi-homed association; both of one family).
    pub fn ip_packet_via(&mut self, src: IpAddr, dst: IpAddr, sctp_packet: &[u8]) -> Vec<u8> {
        self.ip_id = self.ip_id.wrapping_add(1);
        ip_packet(src, dst, IPPROTO_SCTP, self.ip_id, sctp_packet)
    }

    fn idx(d: Dir) -> usize {
        match d {
            Dir::Forward => 0,
            Dir::Reverse => 1,
        }
    }

    /// (source, destination, verification tag) of a direction.
    pub fn endpoints(&self, d: Dir) -> (SocketAddr, SocketAddr, u32) {
        match d {
            Dir::Forward => (self.client, self.server, self.server_tag),
            Dir::Reverse => (self.server, self.client, self.client_tag),
        }
    }

    /// The next TSN a direction will use.
    pub fn next_tsn(&self, d: Dir) -> u32 {
        self.next_tsn[Self::idx(d)]
    }

    /// INIT, INIT ACK, COOKIE ECHO, COOKIE ACK as SCTP packets.
    pub fn handshake(&mut self) -> Vec<(Dir, Vec<u8>)> {
        let cookie = b"keyhop-synthetic-cookie".to_vec();
        let (cs, ss) = (self.client.port(), self.server.port());
        vec![
            (
                Dir::Forward,
                sctp(
                    cs,
                    ss,
                    0,
                    &[Chunk::Init {
                        ack: false,
                        init_tag: self.client_tag,
                        streams: 8,
                        initial_tsn: self.next_tsn[0],
                        cookie: Vec::new(),
                        addrs: if self.client_alt.is_empty() {
                            Vec::new()
                        } else {
                            self.client_addrs()
                        },
                    }],
                ),
            ),
            (
                Dir::Reverse,
                sctp(
                    ss,
                    cs,
                    self.client_tag,
                    &[Chunk::Init {
                        ack: true,
                        init_tag: self.server_tag,
                        streams: 8,
                        initial_tsn: self.next_tsn[1],
                        cookie: cookie.clone(),
                        addrs: if self.server_alt.is_empty() {
                            Vec::new()
                        } else {
                            self.server_addrs()
                        },
                    }],
                ),
            ),
            (
                Dir::Forward,
                sctp(cs, ss, self.server_tag, &[Chunk::CookieEcho(cookie)]),
            ),
            (
                Dir::Reverse,
                sctp(ss, cs, self.client_tag, &[Chunk::CookieAck]),
            ),
        ]
    }

    /// The DATA chunks of one user message, split into fragments of at most `max_fragment`
    /// octets, with fresh TSNs and the stream's next SSN.
    pub fn message(
        &mut self,
        d: Dir,
        stream: u16,
        ppid: u32,
        data: &[u8],
        max_fragment: usize,
    ) -> Vec<Chunk> {
        let i = Self::idx(d);
        let ssn = self.ssn.entry((d, stream)).or_insert(0);
        let my_ssn = *ssn;
        *ssn = ssn.wrapping_add(1);
        let parts: Vec<&[u8]> = if data.is_empty() {
            vec![data]
        } else {
            data.chunks(max_fragment.max(1)).collect()
        };
        let n = parts.len();
        parts
            .into_iter()
            .enumerate()
            .map(|(k, part)| {
                let tsn = self.next_tsn[i];
                self.next_tsn[i] = tsn.wrapping_add(1);
                Chunk::Data {
                    tsn,
                    stream,
                    ssn: my_ssn,
                    ppid,
                    flags: DataFlags {
                        begin: k == 0,
                        end: k + 1 == n,
                        unordered: false,
                    },
                    data: part.to_vec(),
                }
            })
            .collect()
    }

    /// The I-DATA chunks of one user message (RFC 8260), fragments of at most `max_fragment`.
    pub fn message_idata(
        &mut self,
        d: Dir,
        stream: u16,
        ppid: u32,
        data: &[u8],
        max_fragment: usize,
    ) -> Vec<Chunk> {
        let i = Self::idx(d);
        let mid = self.next_mid[i];
        self.next_mid[i] = mid.wrapping_add(1);
        let parts: Vec<&[u8]> = data.chunks(max_fragment.max(1)).collect();
        let n = parts.len();
        parts
            .into_iter()
            .enumerate()
            .map(|(k, part)| {
                let tsn = self.next_tsn[i];
                self.next_tsn[i] = tsn.wrapping_add(1);
                Chunk::IData {
                    tsn,
                    stream,
                    mid,
                    ppid_or_fsn: if k == 0 { ppid } else { k as u32 },
                    flags: DataFlags {
                        begin: k == 0,
                        end: k + 1 == n,
                        unordered: false,
                    },
                    data: part.to_vec(),
                }
            })
            .collect()
    }

    /// An SCTP packet of `chunks` in direction `d` (ports and verification tag filled in).
    pub fn packet(&self, d: Dir, chunks: &[Chunk]) -> Vec<u8> {
        let (s, t, vtag) = self.endpoints(d);
        sctp(s.port(), t.port(), vtag, chunks)
    }

    /// The IP packet carrying an SCTP packet in direction `d`.
    pub fn ip_packet(&mut self, d: Dir, sctp_packet: &[u8]) -> Vec<u8> {
        let (s, t, _) = self.endpoints(d);
        self.ip_id = self.ip_id.wrapping_add(1);
        ip_packet(s.ip(), t.ip(), IPPROTO_SCTP, self.ip_id, sctp_packet)
    }
}

/// An ASN.1 aligned-PER length determinant for lengths below 16384.
fn aper_len(out: &mut Vec<u8>, n: usize) {
    if n < 128 {
        out.push(n as u8);
    } else {
        let n = n.min(16_383);
        out.push(0x80 | (n >> 8) as u8);
        out.push(n as u8);
    }
}

/// Filler octets that NAS shows as a ciphered message: security header type 2 (integrity
/// protected and ciphered), MAC, sequence number, then `len` octets.
pub fn ciphered_nas(seed: u8, len: usize) -> Vec<u8> {
    let mut n = vec![0x27, seed, 0x5a, 0xa5, 0x3c, seed.wrapping_add(1)];
    // The first ciphered octet never names protocol discriminator 7, which dissectors take
    // for a plain NAS message behind a security header.
    n.extend((0..len).map(|i| {
        if i == 0 {
            0x5c
        } else {
            (i as u8).wrapping_mul(73) ^ seed
        }
    }));
    n
}

/// A well-formed S1AP DownlinkNASTransport (MME-UE-S1AP-ID, eNB-UE-S1AP-ID, NAS-PDU) carrying
/// `nas` (at most about 16000 octets), to give transport tests PDUs that dissectors accept.
pub fn s1ap_downlink_nas(mme_ue_id: u8, enb_ue_id: u8, nas: &[u8]) -> Vec<u8> {
    let mut value = vec![0x00, 0x00, 0x03];
    // Each IE: id, criticality reject, open-type length, value.
    value.extend_from_slice(&[0x00, 0x00, 0x00, 0x02, 0x00, mme_ue_id]);
    value.extend_from_slice(&[0x00, 0x08, 0x00, 0x02, 0x00, enb_ue_id]);
    let mut nas_value = Vec::with_capacity(nas.len() + 2);
    aper_len(&mut nas_value, nas.len());
    nas_value.extend_from_slice(nas);
    value.extend_from_slice(&[0x00, 0x1a, 0x00]);
    aper_len(&mut value, nas_value.len());
    value.extend_from_slice(&nas_value);
    // initiatingMessage, procedure code 11, criticality ignore, open type.
    let mut pdu = vec![0x00, 0x0b, 0x40];
    aper_len(&mut pdu, value.len());
    pdu.extend_from_slice(&value);
    pdu
}

/// A well-formed X2AP ErrorIndication without IEs.
pub fn x2ap_error_indication() -> Vec<u8> {
    vec![0x00, 0x03, 0x40, 0x03, 0x00, 0x00, 0x00]
}

/// A well-formed GTPv2-C Echo Request (Recovery IE, then a Private Extension IE of
/// `ext_len` octets when non-zero).
pub fn gtpv2_echo_request(seq: u32, ext_len: usize) -> Vec<u8> {
    let mut m = vec![0x40, 1, 0, 0];
    m.extend_from_slice(&(seq << 8).to_be_bytes());
    m.extend_from_slice(&[3, 0, 1, 0, 7]);
    if ext_len > 0 {
        m.push(255);
        m.extend_from_slice(&((ext_len + 2) as u16).to_be_bytes());
        m.push(0);
        m.extend_from_slice(&10415u16.to_be_bytes());
        m.extend((0..ext_len).map(|i| i as u8));
    }
    let len = (m.len() - 4) as u16;
    m[2..4].copy_from_slice(&len.to_be_bytes());
    m
}

/// A well-formed GTPv1-C Echo Request with a sequence number and a Recovery IE.
pub fn gtpv1_echo_request(seq: u16) -> Vec<u8> {
    let mut m = vec![0x32, 1, 0, 6, 0, 0, 0, 0];
    m.extend_from_slice(&seq.to_be_bytes());
    m.extend_from_slice(&[0, 0, 14, 7]);
    m
}

fn pcap_io(e: PcapError) -> io::Error {
    match e {
        PcapError::IoError(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
    }
}

/// A streaming pcap writer.
pub struct PcapFileWriter<W: Write> {
    inner: PcapWriter<W>,
}

impl PcapFileWriter<BufWriter<File>> {
    /// Creates a little-endian, nanosecond pcap file.
    pub fn create(path: impl AsRef<Path>, link_type: u32) -> io::Result<Self> {
        Self::new(BufWriter::new(File::create(path)?), link_type, true, false)
    }
}

impl<W: Write> PcapFileWriter<W> {
    /// Writes the file header: `nanos` for nanosecond timestamps, `big_endian` for a
    /// big-endian file.
    pub fn new(w: W, link_type: u32, nanos: bool, big_endian: bool) -> io::Result<Self> {
        let header = PcapHeader {
            version_major: 2,
            version_minor: 4,
            ts_correction: 0,
            ts_accuracy: 0,
            snaplen: 262_144,
            datalink: DataLink::from(link_type),
            ts_resolution: if nanos {
                TsResolution::NanoSecond
            } else {
                TsResolution::MicroSecond
            },
            endianness: if big_endian {
                Endianness::Big
            } else {
                Endianness::Little
            },
        };
        Ok(PcapFileWriter {
            inner: PcapWriter::with_header(w, header).map_err(pcap_io)?,
        })
    }

    /// Writes one record.
    pub fn write(&mut self, ts: Timestamp, frame: &[u8]) -> io::Result<()> {
        let d = Duration::new(ts.secs.max(0) as u64, ts.nanos);
        self.inner
            .write_packet(&PcapPacket::new(d, frame.len() as u32, frame))
            .map_err(pcap_io)?;
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        let mut w = self.inner.into_writer();
        w.flush()?;
        Ok(w)
    }
}

/// A streaming pcapng writer: sections, interfaces with their own link type and timestamp
/// resolution, enhanced and simple packet blocks.
pub struct PcapNgFileWriter<W: Write> {
    inner: PcapNgWriter<W>,
    tsresol: Vec<u8>,
}

impl PcapNgFileWriter<BufWriter<File>> {
    /// Creates a little-endian pcapng file (its section header is written now).
    pub fn create(path: impl AsRef<Path>) -> io::Result<Self> {
        Self::new(BufWriter::new(File::create(path)?), false)
    }
}

/// Converts a timestamp into units of `if_tsresol`.
fn ts_units(ts: Timestamp, tsresol: u8) -> u64 {
    let secs = ts.secs.max(0) as u128;
    let nanos = u128::from(ts.nanos);
    let exp = u32::from(tsresol & 0x7f);
    let v = if tsresol & 0x80 == 0 {
        let per_sec = 10u128.pow(exp.min(19));
        secs * per_sec + nanos * per_sec / 1_000_000_000
    } else {
        let e = exp.min(63);
        (secs << e) + ((nanos << e) / 1_000_000_000)
    };
    v.min(u128::from(u64::MAX)) as u64
}

impl<W: Write> PcapNgFileWriter<W> {
    /// Writes a section header in the chosen byte order.
    pub fn new(w: W, big_endian: bool) -> io::Result<Self> {
        let e = if big_endian {
            Endianness::Big
        } else {
            Endianness::Little
        };
        Ok(PcapNgFileWriter {
            inner: PcapNgWriter::with_endianness(w, e).map_err(pcap_io)?,
            tsresol: Vec::new(),
        })
    }

    /// Starts a new section (interfaces are numbered from 0 again).
    pub fn new_section(&mut self, big_endian: bool) -> io::Result<()> {
        let shb = SectionHeaderBlock {
            endianness: if big_endian {
                Endianness::Big
            } else {
                Endianness::Little
            },
            ..Default::default()
        };
        self.inner.write_pcapng_block(shb).map_err(pcap_io)?;
        self.tsresol.clear();
        Ok(())
    }

    /// Describes an interface; `tsresol` is the `if_tsresol` octet (6 = microseconds,
    /// 9 = nanoseconds, 0x80 | n = 2^-n seconds). Returns its interface id.
    pub fn add_interface(&mut self, link_type: u32, tsresol: u8) -> io::Result<u32> {
        let mut idb = InterfaceDescriptionBlock::new(DataLink::from(link_type), 262_144);
        idb.options
            .push(InterfaceDescriptionOption::IfName(Cow::Borrowed(
                "keyhop-synth",
            )));
        if tsresol != 6 {
            idb.options
                .push(InterfaceDescriptionOption::IfTsResol(tsresol));
        }
        self.inner.write_pcapng_block(idb).map_err(pcap_io)?;
        self.tsresol.push(tsresol);
        Ok(self.tsresol.len() as u32 - 1)
    }

    /// Writes an enhanced packet block on interface `iface`.
    pub fn write(&mut self, iface: u32, ts: Timestamp, frame: &[u8]) -> io::Result<()> {
        let Some(&res) = self.tsresol.get(iface as usize) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("pcapng interface {iface} not described"),
            ));
        };
        let epb = EnhancedPacketBlock {
            interface_id: iface,
            // pcap-file writes this Duration's nanosecond count as the raw 64-bit timestamp.
            timestamp: Duration::from_nanos(ts_units(ts, res)),
            original_len: frame.len() as u32,
            data: Cow::Borrowed(frame),
            options: Vec::new(),
        };
        self.inner.write_pcapng_block(epb).map_err(pcap_io)?;
        Ok(())
    }

    /// Writes a simple packet block (interface 0, no timestamp).
    pub fn write_simple(&mut self, frame: &[u8]) -> io::Result<()> {
        let spb = SimplePacketBlock {
            original_len: frame.len() as u32,
            data: Cow::Borrowed(frame),
        };
        self.inner.write_pcapng_block(spb).map_err(pcap_io)?;
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        let mut w = self.inner.into_inner();
        w.flush()?;
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_checksum_verifies() {
        let p = ipv4(
            Ipv4Addr::new(10, 0, 0, 1),
            Ipv4Addr::new(10, 0, 0, 2),
            17,
            7,
            &[1, 1, 1],
            b"x",
        );
        assert_eq!(p[0], 0x46);
        assert_eq!(inet_checksum(&p[..24]), 0);
    }

    #[test]
    fn udp_checksum_verifies() {
        let s: SocketAddr = "10.0.0.1:2123".parse().unwrap();
        let d: SocketAddr = "10.0.0.2:2123".parse().unwrap();
        let u = udp(s, d, b"\x48\x20\x00\x04abcd");
        let mut pseudo = vec![10, 0, 0, 1, 10, 0, 0, 2, 0, 17];
        pseudo.extend_from_slice(&(u.len() as u16).to_be_bytes());
        pseudo.extend_from_slice(&u);
        assert_eq!(inet_checksum(&pseudo), 0);
    }

    #[test]
    fn ts_units_round_trip() {
        let ts = Timestamp {
            secs: 1_700_000_000,
            nanos: 123_456_789,
        };
        assert_eq!(super::super::file::pcapng_ts(ts_units(ts, 9), 9, 0), ts);
        assert_eq!(
            super::super::file::pcapng_ts(ts_units(ts, 6), 6, 0),
            Timestamp {
                secs: 1_700_000_000,
                nanos: 123_456_000
            }
        );
        let t2 = super::super::file::pcapng_ts(ts_units(ts, 0x80 | 20), 0x80 | 20, 0);
        assert_eq!(t2.secs, ts.secs);
        assert!(ts.nanos - t2.nanos < 1000);
    }
}
