//! The per-frame pipeline: link, IP (with reassembly), then SCTP or UDP.

use std::net::{IpAddr, SocketAddr};

use super::ctx::{Ctx, Out};
use super::ipfrag::{FragKey, IpReassembler};
use super::layers::{self, err, IpVer};
use super::sctp::SctpState;
use super::{
    AppProto, DecodeError, EndOfCapture, ErrorKind, Frame, Limits, Note, Ports, Protocol, Stats,
    Timestamp, Transport,
};

/// UDP port of GTP-C (GTPv1-C and GTPv2-C).
pub const PORT_GTPC: u16 = 2123;

/// The stateful packet pipeline behind [`super::CaptureReader`], usable on packets from any
/// source: feed it frames in capture order.
#[derive(Debug)]
pub struct Dissector {
    limits: Limits,
    ports: Ports,
    ipfrag: IpReassembler,
    sctp: SctpState,
    out: Out,
    stats: Stats,
}

impl Dissector {
    /// A pipeline with empty reassembly state.
    pub fn new(limits: Limits) -> Self {
        Dissector {
            sctp: SctpState::new(&limits),
            limits,
            ports: Ports::default(),
            ipfrag: IpReassembler::default(),
            out: Out::default(),
            stats: Stats::default(),
        }
    }

    /// Counters so far.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The association (ports, tags, each side's addresses) a payload named, while held.
    pub fn association(&self, id: super::AssocId) -> Option<super::Association<'_>> {
        self.sctp.association(id)
    }

    /// Reads these ports too as S1AP, X2AP or GTP-C (decode-as).
    pub fn set_ports(&mut self, ports: Ports) {
        self.ports = ports;
    }

    /// Dissects one frame of link type `link_type` (a LINKTYPE_ value).
    pub fn dissect<'a>(
        &'a mut self,
        number: u64,
        timestamp: Timestamp,
        link_type: u32,
        data: &'a [u8],
    ) -> Frame<'a> {
        let (out, sctp) = self.dissect_with(number, timestamp, link_type, data, &[], &[]);
        Frame {
            number,
            timestamp,
            link_type,
            original_len: data.len() as u32,
            data,
            issues: &out.issues,
            notes: &out.notes,
            metas: &out.metas,
            arena: &out.arena,
            sctp,
        }
    }

    /// What is left when the capture ends: SCTP messages still in reassembly and IP datagrams
    /// still missing fragments (issues: data the capture lost), and frames skipped for their
    /// link type (notes). The state is not changed: call it once, after the last frame.
    pub fn finish(&self) -> EndOfCapture {
        let mut end = EndOfCapture::default();
        self.ipfrag.leftovers(&mut end.issues);
        self.sctp.leftovers(&mut end.issues);
        for (&link, &n) in &self.stats.unsupported_links {
            end.notes.push(Note {
                protocol: Protocol::Link,
                bit_offset: 0,
                what: format!(
                    "{n} frame{} of link type {link}{} not dissected: keyhop does not read that link type",
                    if n == 1 { "" } else { "s" },
                    layers::link_name(link).map(|s| format!(" ({s})")).unwrap_or_default()
                )
                .into(),
            });
        }
        end
    }

    pub(crate) fn dissect_with(
        &mut self,
        number: u64,
        ts: Timestamp,
        link: u32,
        data: &[u8],
        pending: &[DecodeError],
        pending_notes: &[Note],
    ) -> (&Out, &SctpState) {
        let out = &mut self.out;
        out.arena.clear();
        out.metas.clear();
        out.issues.clear();
        out.notes.clear();
        out.issues.extend_from_slice(pending);
        out.notes.extend_from_slice(pending_notes);
        let mut cx = Ctx {
            out,
            stats: &mut self.stats,
            limits: &self.limits,
            ports: &self.ports,
            frame: number,
            now: ts.as_nanos(),
        };
        // Timeouts run in capture time, whatever this frame carries.
        self.ipfrag
            .sweep(cx.now, cx.limits, &mut cx.out.issues, cx.stats);
        self.sctp.sweep(&mut cx);
        if !layers::known_link(link) && link != super::file::LINK_UNKNOWN {
            *cx.stats.unsupported_links.entry(link).or_default() += 1;
            cx.note(Note {
                protocol: Protocol::Link,
                bit_offset: 0,
                what: format!("link type {link} not supported; frame not dissected").into(),
            });
        }
        match layers::link(link, data) {
            Err(e) => cx.issue(e),
            Ok(None) => {}
            Ok(Some((off, ver))) => {
                network(&mut self.ipfrag, &mut self.sctp, data, off, ver, &mut cx)
            }
        }
        cx.stats.frames += 1;
        cx.stats.payloads += cx.out.metas.len() as u64;
        cx.stats.issues += cx.out.issues.len() as u64;
        cx.stats.notes += cx.out.notes.len() as u64;
        (&self.out, &self.sctp)
    }
}

fn network(
    ipfrag: &mut IpReassembler,
    sctp: &mut SctpState,
    d: &[u8],
    off: usize,
    ver: IpVer,
    cx: &mut Ctx<'_>,
) {
    let ip = match layers::ip(d, off, ver, &mut cx.out.notes) {
        Ok(ip) => ip,
        Err(e) => return cx.issue(e),
    };
    let Some(frag) = ip.frag else {
        return transport(sctp, d, ip.payload, ip.src, ip.dst, ip.proto, cx);
    };
    let key = FragKey {
        src: ip.src,
        dst: ip.dst,
        proto: ip.proto,
        id: frag.id,
    };
    let Some(whole) = ipfrag.add(
        key,
        frag,
        &d[ip.payload.clone()],
        ip.payload.start,
        cx.now,
        cx.frame,
        cx.limits,
        &mut cx.out.issues,
        &mut cx.out.notes,
        cx.stats,
    ) else {
        return;
    };
    let mut proto = ip.proto;
    let mut start = 0;
    if ip.src.is_ipv6() {
        // The fragmentable part may begin with more extension headers.
        match layers::ipv6_ext(&whole, proto, 0, whole.len()) {
            Ok((p, s, None)) => {
                proto = p;
                start = s;
            }
            Ok((_, s, Some(_))) => {
                cx.issue(err(
                    Protocol::Ip,
                    ErrorKind::Invalid,
                    s,
                    "fragment header inside a reassembled IPv6 datagram",
                ));
                ipfrag.recycle(whole);
                return;
            }
            Err(e) => {
                cx.issue(e.in_field("reassembled_ip_payload"));
                ipfrag.recycle(whole);
                return;
            }
        }
    }
    let before = cx.out.issues.len();
    transport(sctp, &whole, start..whole.len(), ip.src, ip.dst, proto, cx);
    // Offsets of these issues count from the reassembled datagram, not from the frame.
    if cx.out.issues.len() > before {
        let tail: Vec<DecodeError> = cx
            .out
            .issues
            .drain(before..)
            .map(|e| e.in_field("reassembled_ip_payload"))
            .collect();
        cx.out.issues.extend(tail);
    }
    ipfrag.recycle(whole);
}

fn transport(
    sctp: &mut SctpState,
    d: &[u8],
    r: std::ops::Range<usize>,
    src: IpAddr,
    dst: IpAddr,
    proto: u8,
    cx: &mut Ctx<'_>,
) {
    match proto {
        132 => sctp.packet(d, r, SocketAddr::new(src, 0), SocketAddr::new(dst, 0), cx),
        17 => {
            let (sp, dp, pr) = match layers::udp(d, r) {
                Ok(u) => u,
                Err(e) => return cx.issue(e),
            };
            let gtpc = |p: u16| p == PORT_GTPC || cx.ports.gtpc.contains(&p);
            if !gtpc(sp) && !gtpc(dp) {
                return;
            }
            let at = pr.start;
            let payload = &d[pr];
            let Some(&first) = payload.first() else {
                return cx.issue(err(
                    Protocol::Udp,
                    ErrorKind::Truncated,
                    at,
                    "empty UDP payload on the GTP-C port",
                ));
            };
            let app =
                match first >> 5 {
                    1 => AppProto::Gtpv1c,
                    2 => AppProto::Gtpv2c,
                    _ => return cx.issue(err(
                        Protocol::Udp,
                        ErrorKind::Invalid,
                        at,
                        "UDP payload on the GTP-C port is neither GTPv1 nor GTPv2 (version bits)",
                    )),
                };
            cx.payload(
                SocketAddr::new(src, sp),
                SocketAddr::new(dst, dp),
                app,
                Transport::Udp,
                &[payload],
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::linktype;
    use crate::capture::synth::{Dir, LinkSpec, SctpAssoc};

    #[test]
    fn issues_in_reassembled_datagrams_say_so() {
        let mut udp = crate::capture::synth::udp(
            "10.0.0.1:2123".parse().unwrap(),
            "10.0.0.2:2123".parse().unwrap(),
            &[0x48; 3000],
        );
        udp[4..6].copy_from_slice(&5u16.to_be_bytes());
        let frags = crate::capture::synth::ipv4_fragments(
            "10.0.0.1".parse().unwrap(),
            "10.0.0.2".parse().unwrap(),
            17,
            9,
            &udp,
            1500,
        );
        let mut d = Dissector::new(Limits::default());
        let mut seen = Vec::new();
        for (i, f) in frags.iter().enumerate() {
            let fr = d.dissect(i as u64 + 1, Timestamp::default(), linktype::RAW, f);
            seen.extend(
                fr.issues
                    .iter()
                    .map(|e| (e.protocol, e.kind, e.path(), e.byte_offset())),
            );
        }
        assert_eq!(
            seen,
            vec![(
                Protocol::Udp,
                ErrorKind::BadLength,
                "reassembled_ip_payload".to_string(),
                4
            )]
        );
    }

    #[test]
    fn sctp_memory_stays_within_the_limits() {
        let limits = Limits {
            sctp_max_messages: 100,
            sctp_max_stream_bytes: 20_000,
            sctp_max_bytes: 50_000,
            ..Limits::default()
        };
        let mut d = Dissector::new(limits.clone());
        let eth = LinkSpec::ethernet();
        let data = vec![0x20u8; 40_000];
        let mut max_held = 0;
        for k in 0..200u32 {
            let client = format!("10.3.{}.{}:36412", k / 250, k % 250 + 1);
            let mut a = SctpAssoc::new(client.parse().unwrap(), "10.4.0.1:36412".parse().unwrap());
            let frags = a.message(Dir::Forward, (k % 5) as u16, 18, &data, 1400);
            // Every fragment but the last: nothing completes.
            for (i, c) in frags[..frags.len() - 1].iter().enumerate().step_by(3) {
                let p = a.ip_packet(
                    Dir::Forward,
                    &a.packet(Dir::Forward, std::slice::from_ref(c)),
                );
                let f = eth.frame(&p);
                let ts = Timestamp {
                    secs: 10,
                    nanos: k * 1000 + i as u32,
                };
                let _ = d.dissect(
                    u64::from(k) * 100 + i as u64 + 1,
                    ts,
                    linktype::ETHERNET,
                    &f,
                );
                assert!(d.sctp.held_bytes() <= limits.sctp_max_bytes);
                assert!(d.sctp.in_progress() <= limits.sctp_max_messages);
                max_held = max_held.max(d.sctp.held_bytes());
            }
        }
        assert!(
            max_held > limits.sctp_max_bytes - 2_000,
            "the limit was reached: {max_held}"
        );
        assert!(d.stats().sctp_evicted > 100);
    }

    #[test]
    fn sctp_association_share_is_booked_both_ways() {
        // Both directions of one association on 8 streams, fragments sent interleaved and a
        // third of the messages completed: the association's count never passes its limit,
        // always equals what the buffers hold (evictions and deliveries both give back).
        let limits = Limits {
            sctp_max_assoc_bytes: 12_000,
            ..Limits::default()
        };
        let mut d = Dissector::new(limits.clone());
        let eth = LinkSpec::ethernet();
        let mut a = SctpAssoc::new(
            "10.5.0.1:36412".parse().unwrap(),
            "10.5.0.2:36412".parse().unwrap(),
        );
        let mut chunks = Vec::new();
        for k in 0..24u16 {
            let dir = if k % 2 == 0 {
                Dir::Forward
            } else {
                Dir::Reverse
            };
            let msg = a.message(dir, k % 8, 18, &[k as u8; 3_500], 1000);
            let keep = if k % 3 == 0 { msg.len() } else { msg.len() - 1 };
            chunks.extend(msg.into_iter().take(keep).map(|c| (dir, c)));
        }
        let (mut peak, mut frame) = (0, 0u64);
        for (dir, c) in chunks {
            frame += 1;
            let p = a.ip_packet(dir, &a.packet(dir, std::slice::from_ref(&c)));
            let _ = d.dissect(
                frame,
                Timestamp::new(1, frame),
                linktype::ETHERNET,
                &eth.frame(&p),
            );
            assert!(d.sctp.max_assoc_bytes() <= limits.sctp_max_assoc_bytes);
            // One association: its share is all that is held.
            assert_eq!(d.sctp.max_assoc_bytes(), d.sctp.held_bytes());
            peak = peak.max(d.sctp.max_assoc_bytes());
        }
        assert!(peak > limits.sctp_max_assoc_bytes - 1_000, "peak {peak}");
        assert!(d.stats().sctp_evicted > 0);
        assert!(d.stats().sctp_reassembled > 0);
    }

    #[test]
    fn association_table_work_is_linear_in_packets() {
        // 40,000 associations through a table of 1,000: every new association evicts one.
        // The old table scanned all its entries per eviction (1,000 each here); the work
        // counted now (slots and index entries visited) stays a small constant per packet.
        let limits = Limits {
            sctp_max_associations: 1_000,
            ..Limits::default()
        };
        let mut d = Dissector::new(limits);
        let n = 40_000u32;
        for k in 0..n {
            let sctp = crate::capture::synth::sctp(
                36422,
                36422,
                k + 1,
                &[crate::capture::synth::Chunk::Sack { cum_tsn: 1 }],
            );
            let src = IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + k));
            let pkt =
                crate::capture::synth::ip_packet(src, "10.200.0.1".parse().unwrap(), 132, 1, &sctp);
            let _ = d.dissect(u64::from(k) + 1, Timestamp::default(), linktype::RAW, &pkt);
        }
        assert_eq!(d.sctp.associations(), 1_000);
        assert_eq!(d.stats().sctp_assoc_evicted, u64::from(n) - 1_000);
        let per_packet = d.sctp.table_work() as f64 / f64::from(n);
        assert!(per_packet < 12.0, "{per_packet} units of work per packet");
    }
}
