//! GTP-C request/response matching (GTPv1-C and GTPv2-C), as tshark shows it: a response names
//! the frame of its request and the time since it (`response_to`, `response_time`), a request
//! names the frame of its response (`response_in`).
//!
//! A response answers the request that has the same GTP version and sequence number, that
//! travelled between the same two endpoints (address and UDP port) in the opposite direction,
//! and whose message type the response type answers (TS 29.274 Table 6.1-1, TS 29.060 Table 1).
//! Checking the direction and the type is stricter than tshark, which keys on the conversation
//! and the sequence number only: a triggered request that reuses a command's sequence number
//! (TS 29.274 7.6) is then not taken for its response.
//!
//! Memory is bounded: at most [`GtpMatcher::capacity`] requests wait for an answer; one more
//! evicts the oldest, whose response then shows no `response_to`. A request retransmitted
//! while outstanding replaces the earlier copy, so the response names the latest one.

use crate::capture::Timestamp;
use crate::decoded::Decoded;
use std::collections::VecDeque;
/// ahash, keyed per process: several times cheaper than SipHash on these short keys, and
/// still resistant to collisions crafted in a hostile capture (see capture/hash.rs).
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
use std::net::SocketAddr;

/// GTPv2-C request types and the response types that answer them (TS 29.274 Table 6.1-1).
/// A command answered by a failure indication counts as a request (the successful outcome
/// is a triggered request, not a response).
const V2_PAIRS: &[(u8, u8)] = &[
    (1, 2),     // Echo
    (32, 33),   // Create Session
    (34, 35),   // Modify Bearer
    (36, 37),   // Delete Session
    (38, 39),   // Change Notification
    (40, 41),   // Remote UE Report Notification / Acknowledge
    (64, 65),   // Modify Bearer Command / Failure Indication
    (66, 67),   // Delete Bearer Command / Failure Indication
    (68, 69),   // Bearer Resource Command / Failure Indication
    (95, 96),   // Create Bearer
    (97, 98),   // Update Bearer
    (99, 100),  // Delete Bearer
    (101, 102), // Delete PDN Connection Set
    (103, 104), // PGW Downlink Triggering Notification / Acknowledge
    (128, 129), // Identification
    (130, 131), // Context Request / Response
    (131, 132), // Context Response / Acknowledge
    (133, 134), // Forward Relocation
    (135, 136), // Forward Relocation Complete Notification / Acknowledge
    (137, 138), // Forward Access Context Notification / Acknowledge
    (139, 140), // Relocation Cancel
    (149, 150), // Detach Notification / Acknowledge
    (153, 154), // Alert MME Notification / Acknowledge
    (155, 156), // UE Activity Notification / Acknowledge
    (158, 159), // UE Registration Query
    (160, 161), // Create Forwarding Tunnel
    (162, 163), // Suspend Notification / Acknowledge
    (164, 165), // Resume Notification / Acknowledge
    (166, 167), // Create Indirect Data Forwarding Tunnel
    (168, 169), // Delete Indirect Data Forwarding Tunnel
    (170, 171), // Release Access Bearers
    (176, 177), // Downlink Data Notification / Acknowledge
    (179, 180), // PGW Restart Notification / Acknowledge
    (200, 201), // Update PDN Connection Set
    (211, 212), // Modify Access Bearers
    (231, 232), // MBMS Session Start
    (233, 234), // MBMS Session Update
    (235, 236), // MBMS Session Stop
];

/// GTPv1-C request types and their responses (TS 29.060 Table 1).
const V1_PAIRS: &[(u8, u8)] = &[
    (1, 2),     // Echo
    (4, 5),     // Node Alive
    (6, 7),     // Redirection
    (16, 17),   // Create PDP Context
    (18, 19),   // Update PDP Context
    (20, 21),   // Delete PDP Context
    (22, 23),   // Initiate PDP Context Activation
    (27, 28),   // PDU Notification
    (29, 30),   // PDU Notification Reject
    (32, 33),   // Send Routeing Information for GPRS
    (34, 35),   // Failure Report
    (36, 37),   // Note MS GPRS Present
    (48, 49),   // Identification
    (50, 51),   // SGSN Context Request / Response
    (51, 52),   // SGSN Context Response / Acknowledge
    (53, 54),   // Forward Relocation
    (55, 59),   // Forward Relocation Complete / Acknowledge
    (56, 57),   // Relocation Cancel
    (58, 60),   // Forward SRNS Context / Acknowledge
    (61, 62),   // UE Registration Query
    (96, 97),   // MBMS Notification
    (98, 99),   // MBMS Notification Reject
    (100, 101), // Create MBMS Context
    (102, 103), // Update MBMS Context
    (104, 105), // Delete MBMS Context
    (112, 113), // MBMS Registration
    (114, 115), // MBMS De-Registration
    (116, 117), // MBMS Session Start
    (118, 119), // MBMS Session Stop
    (120, 121), // MBMS Session Update
    (128, 129), // MS Info Change Notification
    (240, 241), // Data Record Transfer
];

/// GTP-C version of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GtpVersion {
    /// GTPv1-C (TS 29.060).
    V1,
    /// GTPv2-C (TS 29.274).
    V2,
}

impl GtpVersion {
    fn pairs(self) -> &'static [(u8, u8)] {
        match self {
            GtpVersion::V1 => V1_PAIRS,
            GtpVersion::V2 => V2_PAIRS,
        }
    }

    /// True if a message of type `t` expects a response.
    pub fn is_request(self, t: u8) -> bool {
        self.pairs().iter().any(|&(q, _)| q == t)
    }

    /// True if a message of type `t` answers a request.
    pub fn is_response(self, t: u8) -> bool {
        self.pairs().iter().any(|&(_, r)| r == t)
    }

    /// True if `response` is an answer to `request`.
    pub fn answers(self, request: u8, response: u8) -> bool {
        self.pairs().contains(&(request, response))
    }
}

/// The header fields matching needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GtpHeader {
    /// Version.
    pub version: GtpVersion,
    /// Message type number.
    pub message_type: u8,
    /// Sequence number (24 bits in GTPv2, 16 in GTPv1).
    pub sequence: u32,
}

impl GtpHeader {
    /// The header of a decoded GTP-C message; `None` for S1AP/X2AP and for a GTPv1 message
    /// without a sequence number (S flag clear), which cannot be matched. A piggybacked GTPv2
    /// message is not matched (tshark does not either).
    pub fn of(d: &Decoded<'_>) -> Option<GtpHeader> {
        match d {
            Decoded::Gtpv2(m) => Some(GtpHeader {
                version: GtpVersion::V2,
                message_type: m.message_type.to_u8(),
                sequence: m.sequence,
            }),
            Decoded::Gtpv1(m, _) => m.header.sequence().map(|s| GtpHeader {
                version: GtpVersion::V1,
                message_type: u8::from(m.header.message_type),
                sequence: u32::from(s),
            }),
            _ => None,
        }
    }
}

/// A response's link to its request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    /// Frame of the request.
    pub request_frame: u64,
    /// Seconds from the request to the response (negative if the capture's clock went back).
    pub response_time: f64,
}

/// What one message is for matching.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Outcome {
    /// It answers an earlier request.
    pub answer: Option<Answer>,
    /// It expects a response (recorded as outstanding).
    pub is_request: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    version: GtpVersion,
    requester: SocketAddr,
    responder: SocketAddr,
    sequence: u32,
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    frame: u64,
    time: Timestamp,
    message_type: u8,
}

/// Outstanding requests by (version, requester, responder, sequence), oldest evicted first.
#[derive(Debug)]
pub struct GtpMatcher {
    capacity: usize,
    pending: HashMap<Key, Pending>,
    /// Insertion order for eviction; entries whose request was answered or replaced stay until
    /// they reach the front or a compaction drops them.
    order: VecDeque<(Key, u64)>,
    evicted: u64,
}

impl Default for GtpMatcher {
    fn default() -> Self {
        GtpMatcher::new(GtpMatcher::DEFAULT_CAPACITY)
    }
}

impl GtpMatcher {
    /// Outstanding requests kept by default.
    pub const DEFAULT_CAPACITY: usize = 65_536;

    /// A matcher that keeps at most `capacity` (at least 1) outstanding requests.
    pub fn new(capacity: usize) -> Self {
        GtpMatcher {
            capacity: capacity.max(1),
            pending: HashMap::default(),
            order: VecDeque::new(),
            evicted: 0,
        }
    }

    /// The most outstanding requests kept.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Requests waiting for their response now.
    pub fn outstanding(&self) -> usize {
        self.pending.len()
    }

    /// Requests dropped unanswered to respect the capacity.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// Records one message sent from `src` to `dst` in `frame` at `time`.
    pub fn observe(
        &mut self,
        h: GtpHeader,
        frame: u64,
        time: Timestamp,
        src: SocketAddr,
        dst: SocketAddr,
    ) -> Outcome {
        let mut out = Outcome::default();
        if h.version.is_response(h.message_type) {
            let key = Key {
                version: h.version,
                requester: dst,
                responder: src,
                sequence: h.sequence,
            };
            if let Some(p) = self.pending.get(&key) {
                if h.version.answers(p.message_type, h.message_type) {
                    let p = *p;
                    self.pending.remove(&key);
                    let dt = time.as_nanos() - p.time.as_nanos();
                    out.answer = Some(Answer {
                        request_frame: p.frame,
                        response_time: dt as f64 / 1e9,
                    });
                }
            }
        }
        if h.version.is_request(h.message_type) {
            out.is_request = true;
            let key = Key {
                version: h.version,
                requester: src,
                responder: dst,
                sequence: h.sequence,
            };
            self.pending.insert(
                key,
                Pending {
                    frame,
                    time,
                    message_type: h.message_type,
                },
            );
            self.order.push_back((key, frame));
            self.bound();
        }
        out
    }

    /// Evicts the oldest outstanding requests beyond the capacity and drops stale order entries.
    fn bound(&mut self) {
        while self.pending.len() > self.capacity {
            let Some((key, frame)) = self.order.pop_front() else {
                break;
            };
            if self.pending.get(&key).is_some_and(|p| p.frame == frame) {
                self.pending.remove(&key);
                self.evicted += 1;
            }
        }
        // Answered requests leave their order entry behind: compact once stale entries
        // outnumber live ones (bounded by what is outstanding, not by the capacity, which most
        // captures never reach; amortized O(1) per request).
        if self.order.len() > 2 * self.pending.len() + self.capacity.min(1024) {
            let pending = &self.pending;
            self.order
                .retain(|(k, f)| pending.get(k).is_some_and(|p| p.frame == *f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(micros: i64) -> Timestamp {
        Timestamp::new(
            1_000 + micros / 1_000_000,
            (micros % 1_000_000) as u64 * 1000,
        )
    }

    fn h2(t: u8, seq: u32) -> GtpHeader {
        GtpHeader {
            version: GtpVersion::V2,
            message_type: t,
            sequence: seq,
        }
    }

    fn h1(t: u8, seq: u32) -> GtpHeader {
        GtpHeader {
            version: GtpVersion::V1,
            message_type: t,
            sequence: seq,
        }
    }

    const A: &str = "10.0.0.1:2123";
    const B: &str = "10.0.0.2:2123";
    const C: &str = "10.0.0.3:2123";

    fn a(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn response_names_request_and_time() {
        let mut m = GtpMatcher::default();
        let q = m.observe(h2(133, 7), 3, ts(0), a(A), a(B));
        assert_eq!(
            q,
            Outcome {
                answer: None,
                is_request: true
            }
        );
        assert_eq!(m.outstanding(), 1);
        let r = m.observe(h2(134, 7), 5, ts(1_700), a(B), a(A));
        let ans = r.answer.unwrap();
        assert_eq!(ans.request_frame, 3);
        assert!((ans.response_time - 0.0017).abs() < 1e-12);
        assert!(!r.is_request);
        assert_eq!(m.outstanding(), 0);
        // A second copy of the response finds nothing.
        assert_eq!(m.observe(h2(134, 7), 6, ts(2_000), a(B), a(A)).answer, None);
    }

    #[test]
    fn direction_peer_type_and_version_must_agree() {
        let mut m = GtpMatcher::default();
        m.observe(h2(32, 9), 1, ts(0), a(A), a(B));
        // Same direction as the request: not an answer.
        assert_eq!(m.observe(h2(33, 9), 2, ts(1), a(A), a(B)).answer, None);
        // Another peer.
        assert_eq!(m.observe(h2(33, 9), 3, ts(2), a(C), a(A)).answer, None);
        // Another sequence number.
        assert_eq!(m.observe(h2(33, 10), 4, ts(3), a(B), a(A)).answer, None);
        // A response type that answers another request.
        assert_eq!(m.observe(h2(35, 9), 5, ts(4), a(B), a(A)).answer, None);
        // GTPv1 with the same number.
        assert_eq!(m.observe(h1(17, 9), 6, ts(5), a(B), a(A)).answer, None);
        // Another UDP port of the same host.
        let other_port: SocketAddr = "10.0.0.2:40000".parse().unwrap();
        assert_eq!(
            m.observe(h2(33, 9), 7, ts(6), other_port, a(A)).answer,
            None
        );
        assert_eq!(
            m.observe(h2(33, 9), 8, ts(7), a(B), a(A))
                .answer
                .map(|x| x.request_frame),
            Some(1)
        );
    }

    #[test]
    fn triggered_request_with_the_command_sequence_is_not_a_response() {
        let mut m = GtpMatcher::default();
        // Modify Bearer Command MME -> S-GW, then the triggered Update Bearer Request back.
        m.observe(h2(64, 0x42), 1, ts(0), a(A), a(B));
        let upd = m.observe(h2(97, 0x42), 2, ts(10), a(B), a(A));
        assert_eq!(upd.answer, None);
        assert!(upd.is_request);
        let resp = m.observe(h2(98, 0x42), 3, ts(20), a(A), a(B));
        assert_eq!(resp.answer.map(|x| x.request_frame), Some(2));
        // The command still waits for a failure indication.
        let fail = m.observe(h2(65, 0x42), 4, ts(30), a(B), a(A));
        assert_eq!(fail.answer.map(|x| x.request_frame), Some(1));
    }

    #[test]
    fn context_response_is_both_response_and_request() {
        let mut m = GtpMatcher::default();
        m.observe(h2(130, 1), 1, ts(0), a(A), a(B));
        let resp = m.observe(h2(131, 1), 2, ts(5), a(B), a(A));
        assert_eq!(resp.answer.map(|x| x.request_frame), Some(1));
        assert!(resp.is_request);
        let ack = m.observe(h2(132, 1), 3, ts(9), a(A), a(B));
        assert_eq!(ack.answer.map(|x| x.request_frame), Some(2));
        // GTPv1: SGSN Context Request / Response / Acknowledge.
        m.observe(h1(50, 3), 4, ts(10), a(A), a(B));
        assert_eq!(
            m.observe(h1(51, 3), 5, ts(11), a(B), a(A))
                .answer
                .map(|x| x.request_frame),
            Some(4)
        );
        assert_eq!(
            m.observe(h1(52, 3), 6, ts(12), a(A), a(B))
                .answer
                .map(|x| x.request_frame),
            Some(5)
        );
    }

    #[test]
    fn gtpv1_relocation_pairs() {
        let mut m = GtpMatcher::default();
        m.observe(h1(53, 100), 1, ts(0), a(A), a(B));
        m.observe(h1(55, 101), 2, ts(1), a(B), a(A));
        let r = m.observe(h1(54, 100), 3, ts(2), a(B), a(A));
        assert_eq!(r.answer.map(|x| x.request_frame), Some(1));
        let r = m.observe(h1(59, 101), 4, ts(3), a(A), a(B));
        assert_eq!(r.answer.map(|x| x.request_frame), Some(2));
        // Forward Relocation Complete is not answered by a Relocation Cancel Response.
        m.observe(h1(55, 102), 5, ts(4), a(B), a(A));
        assert_eq!(m.observe(h1(57, 102), 6, ts(5), a(A), a(B)).answer, None);
    }

    #[test]
    fn retransmission_replaces_the_earlier_copy() {
        let mut m = GtpMatcher::default();
        m.observe(h2(133, 5), 1, ts(0), a(A), a(B));
        m.observe(h2(133, 5), 2, ts(3_000_000), a(A), a(B));
        assert_eq!(m.outstanding(), 1);
        let r = m
            .observe(h2(134, 5), 3, ts(3_000_500), a(B), a(A))
            .answer
            .unwrap();
        assert_eq!(r.request_frame, 2);
        assert!((r.response_time - 0.0005).abs() < 1e-12);
    }

    #[test]
    fn capacity_evicts_the_oldest() {
        let mut m = GtpMatcher::new(4);
        for i in 0..10u32 {
            m.observe(h2(1, i), u64::from(i) + 1, ts(i64::from(i)), a(A), a(B));
            assert!(m.outstanding() <= 4);
        }
        assert_eq!(m.evicted(), 6);
        // Sequence numbers 0..=5 were evicted, 6..=9 are still matched.
        assert_eq!(m.observe(h2(2, 5), 20, ts(50), a(B), a(A)).answer, None);
        assert_eq!(
            m.observe(h2(2, 6), 21, ts(60), a(B), a(A))
                .answer
                .map(|x| x.request_frame),
            Some(7)
        );
        // The order queue stays bounded under answered-request churn too.
        for i in 0..1000u32 {
            m.observe(h2(1, 1000 + i), 100 + u64::from(i), ts(100), a(A), a(B));
            m.observe(h2(2, 1000 + i), 100 + u64::from(i), ts(101), a(B), a(A));
        }
        // Stale entries are dropped relative to what is outstanding, not to the capacity.
        assert!(m.order.len() <= 2 * m.outstanding() + m.capacity().min(1024) + 1);
        let mut m = GtpMatcher::new(65_536);
        for i in 0..10_000u32 {
            m.observe(h2(1, i), u64::from(i), ts(1), a(A), a(B));
            m.observe(h2(2, i), u64::from(i), ts(2), a(B), a(A));
        }
        assert_eq!(m.outstanding(), 0);
        assert!(m.order.len() <= 1025, "{}", m.order.len());
    }

    #[test]
    fn every_pair_is_consistent() {
        for v in [GtpVersion::V1, GtpVersion::V2] {
            for &(q, r) in v.pairs() {
                assert!(v.is_request(q) && v.is_response(r) && v.answers(q, r));
                assert!(!v.answers(r, q));
            }
        }
    }
}
