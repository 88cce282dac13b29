//! Stateless header parsing: link layers, IPv4, IPv6 extension headers, UDP.
//!
//! Offsets in errors are byte offsets in the buffer handed in (the frame, or a reassembled
//! datagram), as bits, which is what [`DecodeError`] carries.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::Range;

use super::{linktype, DecodeError, ErrorKind, Note, Protocol};

pub(crate) const ETH_IPV4: u16 = 0x0800;
pub(crate) const ETH_IPV6: u16 = 0x86DD;

pub(crate) fn err(p: Protocol, kind: ErrorKind, off: usize, what: &'static str) -> DecodeError {
    DecodeError::new(p, kind, off as u64 * 8, what)
}

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// IP version expected after the link header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IpVer {
    V4,
    V6,
    /// From the first nibble (raw IP).
    Any,
}

/// Finds the network header: `Ok(None)` when the frame carries something other than IP.
/// Whether [`link`] knows the link type (others are counted and skipped).
pub(crate) fn known_link(link: u32) -> bool {
    matches!(
        link,
        linktype::ETHERNET
            | linktype::LINUX_SLL
            | linktype::LINUX_SLL2
            | linktype::RAW
            | linktype::IPV4
            | linktype::IPV6
            | 12
            | 14
            | linktype::NULL
            | linktype::LOOP
    )
}

/// The name of a few link types keyhop does not read (for reports).
pub(crate) fn link_name(link: u32) -> Option<&'static str> {
    Some(match link {
        6 => "IEEE 802.5",
        9 => "PPP",
        104 => "Cisco HDLC",
        105 => "IEEE 802.11",
        127 => "IEEE 802.11 radiotap",
        147..=162 => "LINKTYPE_USER",
        192 => "PPI",
        195 => "IEEE 802.15.4",
        252 => "Wireshark upper PDU",
        _ => return None,
    })
}

pub(crate) fn link(link: u32, d: &[u8]) -> Result<Option<(usize, IpVer)>, DecodeError> {
    let ethertype = |t: u16| match t {
        ETH_IPV4 => Some(IpVer::V4),
        ETH_IPV6 => Some(IpVer::V6),
        _ => None,
    };
    match link {
        linktype::ETHERNET => {
            if d.len() < 14 {
                return Err(err(
                    Protocol::Link,
                    ErrorKind::Truncated,
                    d.len(),
                    "Ethernet header needs 14 octets",
                ));
            }
            let mut off = 12;
            let mut t = be16(d, off);
            // 802.1Q, 802.1ad and the pre-standard QinQ type; a bound keeps garbage short.
            let mut tags = 0;
            while matches!(t, 0x8100 | 0x88A8 | 0x9100) {
                tags += 1;
                if tags > 8 {
                    return Err(err(
                        Protocol::Link,
                        ErrorKind::Limit,
                        off,
                        "more than 8 VLAN tags",
                    ));
                }
                if d.len() < off + 6 {
                    return Err(err(
                        Protocol::Link,
                        ErrorKind::Truncated,
                        d.len(),
                        "VLAN tag needs 4 octets",
                    ));
                }
                off += 4;
                t = be16(d, off);
            }
            Ok(ethertype(t).map(|v| (off + 2, v)))
        }
        linktype::LINUX_SLL => {
            if d.len() < 16 {
                return Err(err(
                    Protocol::Link,
                    ErrorKind::Truncated,
                    d.len(),
                    "Linux cooked header needs 16 octets",
                ));
            }
            let mut off = 14;
            let mut t = be16(d, off);
            while matches!(t, 0x8100 | 0x88A8) && d.len() >= off + 6 {
                off += 4;
                t = be16(d, off);
            }
            Ok(ethertype(t).map(|v| (off + 2, v)))
        }
        linktype::LINUX_SLL2 => {
            if d.len() < 20 {
                return Err(err(
                    Protocol::Link,
                    ErrorKind::Truncated,
                    d.len(),
                    "Linux cooked v2 header needs 20 octets",
                ));
            }
            Ok(ethertype(be16(d, 0)).map(|v| (20, v)))
        }
        linktype::RAW | linktype::IPV4 | linktype::IPV6 | 12 | 14 => {
            let v = match link {
                linktype::IPV4 => IpVer::V4,
                linktype::IPV6 => IpVer::V6,
                _ => IpVer::Any,
            };
            Ok(Some((0, v)))
        }
        linktype::NULL | linktype::LOOP => {
            if d.len() < 4 {
                return Err(err(
                    Protocol::Link,
                    ErrorKind::Truncated,
                    d.len(),
                    "loopback header needs 4 octets",
                ));
            }
            let raw = [d[0], d[1], d[2], d[3]];
            // NULL is in the capturing host's order: a family fits in 16 bits either way round.
            let fam = if link == linktype::LOOP {
                u32::from_be_bytes(raw)
            } else {
                let le = u32::from_le_bytes(raw);
                if le <= 0xFFFF {
                    le
                } else {
                    u32::from_be_bytes(raw)
                }
            };
            Ok(match fam {
                2 => Some((4, IpVer::V4)),
                // AF_INET6 differs by OS: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux).
                10 | 24 | 28 | 30 => Some((4, IpVer::V6)),
                _ => None,
            })
        }
        _ => Ok(None),
    }
}

/// Where an IP packet's fragment belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FragInfo {
    pub id: u32,
    /// Offset of this fragment's data in the original payload, in octets.
    pub offset: usize,
    pub more: bool,
}

/// A parsed IP header.
#[derive(Debug, Clone)]
pub(crate) struct IpPkt {
    pub src: IpAddr,
    pub dst: IpAddr,
    /// Upper-layer protocol (after extension headers; for a fragment, the one after the
    /// fragment header).
    pub proto: u8,
    /// The payload in the buffer (after the fragment header for fragments).
    pub payload: Range<usize>,
    pub frag: Option<FragInfo>,
}

/// Parses the IP header at `off`.
pub(crate) fn ip(
    d: &[u8],
    off: usize,
    ver: IpVer,
    notes: &mut Vec<Note>,
) -> Result<IpPkt, DecodeError> {
    let Some(&first) = d.get(off) else {
        return Err(err(Protocol::Ip, ErrorKind::Truncated, off, "no IP header"));
    };
    match (ver, first >> 4) {
        (IpVer::V4 | IpVer::Any, 4) => ipv4(d, off, notes),
        (IpVer::V6 | IpVer::Any, 6) => ipv6(d, off),
        _ => Err(err(
            Protocol::Ip,
            ErrorKind::Invalid,
            off,
            "IP version nibble disagrees with the link layer",
        )),
    }
}

fn ipv4(d: &[u8], off: usize, notes: &mut Vec<Note>) -> Result<IpPkt, DecodeError> {
    if d.len() < off + 20 {
        return Err(err(
            Protocol::Ip,
            ErrorKind::Truncated,
            off,
            "IPv4 header needs 20 octets",
        ));
    }
    let h = &d[off..];
    let ihl = usize::from(h[0] & 0x0f) * 4;
    if ihl < 20 {
        return Err(err(
            Protocol::Ip,
            ErrorKind::Invalid,
            off,
            "IPv4 header length below 20 octets",
        ));
    }
    if h.len() < ihl {
        return Err(err(
            Protocol::Ip,
            ErrorKind::Truncated,
            off,
            "IPv4 options cut by the capture",
        ));
    }
    let total = usize::from(be16(h, 2));
    if total < ihl {
        return Err(err(
            Protocol::Ip,
            ErrorKind::BadLength,
            off + 2,
            "IPv4 total length shorter than its header",
        ));
    }
    if total > h.len() {
        return Err(err(
            Protocol::Ip,
            ErrorKind::Truncated,
            off + 2,
            "IPv4 total length exceeds the captured octets",
        ));
    }
    // The header checksum is only checked and noted: offloading NICs leave it unset in captures.
    let mut sum = 0u32;
    for i in (0..ihl).step_by(2) {
        sum += u32::from(be16(h, i));
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if sum != 0xffff {
        notes.push(Note {
            protocol: Protocol::Ip,
            bit_offset: (off as u64 + 10) * 8,
            what: "IPv4 header checksum incorrect".into(),
        });
    }
    let flags_frag = be16(h, 6);
    let more = flags_frag & 0x2000 != 0;
    let foff = usize::from(flags_frag & 0x1fff) * 8;
    let frag = (more || foff != 0).then_some(FragInfo {
        id: u32::from(be16(h, 4)),
        offset: foff,
        more,
    });
    Ok(IpPkt {
        src: IpAddr::V4(Ipv4Addr::new(h[12], h[13], h[14], h[15])),
        dst: IpAddr::V4(Ipv4Addr::new(h[16], h[17], h[18], h[19])),
        proto: h[9],
        payload: off + ihl..off + total,
        frag,
    })
}

fn v6addr(b: &[u8]) -> Ipv6Addr {
    let mut a = [0u8; 16];
    a.copy_from_slice(&b[..16]);
    Ipv6Addr::from(a)
}

fn ipv6(d: &[u8], off: usize) -> Result<IpPkt, DecodeError> {
    if d.len() < off + 40 {
        return Err(err(
            Protocol::Ip,
            ErrorKind::Truncated,
            off,
            "IPv6 header needs 40 octets",
        ));
    }
    let h = &d[off..];
    let plen = usize::from(be16(h, 4));
    if plen == 0 {
        return Err(err(
            Protocol::Ip,
            ErrorKind::Invalid,
            off + 4,
            "IPv6 payload length 0 (jumbogram) not supported",
        ));
    }
    if 40 + plen > h.len() {
        return Err(err(
            Protocol::Ip,
            ErrorKind::Truncated,
            off + 4,
            "IPv6 payload length exceeds the captured octets",
        ));
    }
    let end = off + 40 + plen;
    let (proto, start, frag) = ipv6_ext(d, h[6], off + 40, end)?;
    Ok(IpPkt {
        src: IpAddr::V6(v6addr(&h[8..])),
        dst: IpAddr::V6(v6addr(&h[24..])),
        proto,
        payload: start..end,
        frag,
    })
}

/// Walks IPv6 extension headers from `at` (with `next` the first header type) up to the
/// upper layer or the fragment header, whichever comes first.
pub(crate) fn ipv6_ext(
    d: &[u8],
    mut next: u8,
    mut at: usize,
    end: usize,
) -> Result<(u8, usize, Option<FragInfo>), DecodeError> {
    // At most 16 headers: more is an attack or garbage, and the loop must end.
    for _ in 0..16 {
        match next {
            // Hop-by-hop, routing, destination options: (len + 1) * 8 octets.
            0 | 43 | 60 => {
                if end < at + 8 {
                    return Err(err(
                        Protocol::Ip,
                        ErrorKind::Truncated,
                        at,
                        "IPv6 extension header cut",
                    ));
                }
                let len = (usize::from(d[at + 1]) + 1) * 8;
                if end < at + len {
                    return Err(err(
                        Protocol::Ip,
                        ErrorKind::Truncated,
                        at + 1,
                        "IPv6 extension header longer than the payload",
                    ));
                }
                next = d[at];
                at += len;
            }
            // Authentication header: (len + 2) * 4 octets.
            51 => {
                if end < at + 8 {
                    return Err(err(
                        Protocol::Ip,
                        ErrorKind::Truncated,
                        at,
                        "IPv6 authentication header cut",
                    ));
                }
                let len = (usize::from(d[at + 1]) + 2) * 4;
                if end < at + len {
                    return Err(err(
                        Protocol::Ip,
                        ErrorKind::Truncated,
                        at + 1,
                        "IPv6 authentication header longer than the payload",
                    ));
                }
                next = d[at];
                at += len;
            }
            44 => {
                if end < at + 8 {
                    return Err(err(
                        Protocol::Ip,
                        ErrorKind::Truncated,
                        at,
                        "IPv6 fragment header cut",
                    ));
                }
                let fo = be16(d, at + 2);
                let frag = FragInfo {
                    id: be32(d, at + 4),
                    offset: usize::from(fo & 0xfff8),
                    more: fo & 1 != 0,
                };
                let proto = d[at];
                // An atomic fragment (offset 0, no more) is a whole datagram.
                if frag.offset == 0 && !frag.more {
                    next = proto;
                    at += 8;
                    continue;
                }
                return Ok((proto, at + 8, Some(frag)));
            }
            _ => return Ok((next, at, None)),
        }
    }
    Err(err(
        Protocol::Ip,
        ErrorKind::Limit,
        at,
        "more than 16 IPv6 extension headers",
    ))
}

/// A UDP header: ports and the payload range.
pub(crate) fn udp(d: &[u8], r: Range<usize>) -> Result<(u16, u16, Range<usize>), DecodeError> {
    let off = r.start;
    if r.len() < 8 {
        return Err(err(
            Protocol::Udp,
            ErrorKind::Truncated,
            off,
            "UDP header needs 8 octets",
        ));
    }
    let len = usize::from(be16(d, off + 4));
    if len < 8 {
        return Err(err(
            Protocol::Udp,
            ErrorKind::BadLength,
            off + 4,
            "UDP length below 8",
        ));
    }
    if len > r.len() {
        return Err(err(
            Protocol::Udp,
            ErrorKind::Truncated,
            off + 4,
            "UDP length exceeds the IP payload",
        ));
    }
    Ok((be16(d, off), be16(d, off + 2), off + 8..off + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_loopback_both_orders() {
        assert_eq!(
            link(linktype::NULL, &[2, 0, 0, 0]).unwrap(),
            Some((4, IpVer::V4))
        );
        assert_eq!(
            link(linktype::NULL, &[0, 0, 0, 2]).unwrap(),
            Some((4, IpVer::V4))
        );
        assert_eq!(
            link(linktype::LOOP, &[0, 0, 0, 24]).unwrap(),
            Some((4, IpVer::V6))
        );
        assert_eq!(link(linktype::NULL, &[7, 0, 0, 0]).unwrap(), None);
    }

    #[test]
    fn ethernet_qinq() {
        let mut f = vec![0u8; 12];
        f.extend_from_slice(&[0x88, 0xa8, 0, 10, 0x81, 0x00, 0, 20, 0x86, 0xdd]);
        assert_eq!(link(linktype::ETHERNET, &f).unwrap(), Some((22, IpVer::V6)));
        // Cut inside a tag.
        assert!(link(linktype::ETHERNET, &f[..15]).is_err());
    }

    #[test]
    fn ipv6_extension_chain() {
        // Hop-by-hop (8) -> destination options (16) -> UDP.
        let mut d = vec![60, 0, 0, 0, 0, 0, 0, 0];
        d.extend_from_slice(&[17, 1]);
        d.extend_from_slice(&[0; 14]);
        d.extend_from_slice(&[0; 8]);
        let (proto, at, frag) = ipv6_ext(&d, 0, 0, d.len()).unwrap();
        assert_eq!((proto, at, frag), (17, 24, None));
        // Fragment header: offset 1448 (181 * 8), more.
        let d = [132, 0, 0x05, 0xa9, 0, 0, 0, 7];
        let (proto, at, frag) = ipv6_ext(&d, 44, 0, 8).unwrap();
        assert_eq!(proto, 132);
        assert_eq!(at, 8);
        assert_eq!(
            frag,
            Some(FragInfo {
                id: 7,
                offset: 1448,
                more: true
            })
        );
        // A loop of headers ends.
        let d = [0u8; 200];
        assert!(ipv6_ext(&d, 0, 0, 200).is_err());
    }
}
