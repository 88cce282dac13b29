//! The mixed handover capture of the benches (`mkcapture`, the pipeline bench): many eNBs, two
//! MMEs, consistent X2, intra-MME S1 and inter-MME S1 (with S10) handover flows, written
//! streaming, as many packets as asked.
//!
//! S1AP and X2AP messages start from random templates of the codec (`sample_message`, fixed
//! seed) whose identities are set per flow; the GTPv2-C messages are written octet by octet
//! (TS 29.274). The same seed and packet count always give the same octets.
//!
//! ```no_run
//! let file = std::fs::File::create("mixed.pcapng")?;
//! let n = keyhop_synth::mixed::write_mixed_capture(std::io::BufWriter::new(file), 10_000)?;
//! assert_eq!(n, 10_000);
//! # Ok::<(), std::io::Error>(())
//! ```

use keyhop::capture::synth::{self, Chunk, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use keyhop_codec::ap::common::{Int, Rng};
use keyhop_codec::ap::{Body, IeValue};
use keyhop_codec::s1ap::{self, S1apIe, S1apPdu};
use keyhop_codec::x2ap::{self, X2apIe, X2apPdu};
use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The X2AP handover procedures' messages (TS 36.423 8.2), in the order the flows' templates
/// are drawn.
pub const X2AP_HANDOVER: &[&str] = &[
    "HandoverRequest",
    "HandoverRequestAcknowledge",
    "HandoverPreparationFailure",
    "SNStatusTransfer",
    "UEContextRelease",
    "HandoverCancel",
];

/// A GTPv2-C IE: type, length, spare/instance, value.
fn ie(t: u8, instance: u8, v: &[u8], out: &mut Vec<u8>) {
    out.push(t);
    out.extend_from_slice(&(v.len() as u16).to_be_bytes());
    out.push(instance & 0x0f);
    out.extend_from_slice(v);
}

/// MM Context type 107 (EPS security context and quadruplets, TS 29.274 8.38): KASME, NH and
/// NCC, `quads` authentication quadruplets, UE network capability, MEI. Key octets derive from
/// `seed` so that consecutive UEs differ.
// Binary literals grouped by the fields of the octet they build.
#[allow(clippy::unusual_byte_groupings)]
pub fn mm_context_107(seed: u8, quads: u8) -> Vec<u8> {
    let fill = |k: u8, n: usize| -> Vec<u8> {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(31) ^ k ^ seed)
            .collect()
    };
    let mut v = vec![
        // security mode 4 (EPS), NHI (NH present), DRXI, KSI_ASME 1
        0b100_1_1_001,
        // quintuplets 0, quadruplets, UAMB RI 0, OSCI 0
        (quads & 7) << 2,
        // SAMB RI 0, NAS integrity EIA2 (2), NAS ciphering EEA2 (2)
        0b0_010_0010,
    ];
    v.extend_from_slice(&[0, 0, 9]); // NAS downlink count
    v.extend_from_slice(&[0, 0, 7]); // NAS uplink count
    v.extend(fill(0x10, 32)); // KASME
    for q in 0..quads {
        v.extend(fill(0x20 + q, 16)); // RAND
        v.push(8);
        v.extend(fill(0x30 + q, 8)); // XRES
        v.push(16);
        v.extend(fill(0x40 + q, 16)); // AUTN
        v.extend(fill(0x50 + q, 32)); // KASME
    }
    v.extend_from_slice(&[0x0a, 0x0b]); // DRX parameter
    v.extend(fill(0x60, 32)); // NH
    v.push(0x02); // NCC 2
    v.extend_from_slice(&[4, 0xe0, 0xe0, 0xc0, 0xc0]); // UE network capability
    v.push(0); // MS network capability
    v.extend_from_slice(&[8, 0x53, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0xf2]); // MEI
    v.push(0); // access restriction
    v
}

/// An S10 Forward Relocation Request (type 133): IMSI, sender F-TEID, PDN Connection (APN,
/// EBI, PGW F-TEID, bearer context), MM Context 107 with `quads` quadruplets, F-Container
/// (E-UTRAN transparent container of `container_len` octets), Target Identification (macro
/// eNB), F-Cause, Selected PLMN.
pub fn forward_relocation_request(seq: u32, seed: u8, quads: u8, container_len: usize) -> Vec<u8> {
    let container: Vec<u8> = (0..container_len).map(|i| (i as u8) ^ seed).collect();
    forward_relocation_request_of(
        seq,
        seed,
        quads,
        &container,
        [10, 0, 0, 9],
        0x12345,
        0x01_2345_6780 + u64::from(seed % 10),
    )
}

/// The TBCD octets of IMSI `00101` followed by the ten digits of `msin`.
fn imsi_tbcd(msin: u64) -> [u8; 8] {
    let digits: Vec<u8> = format!("00101{:010}", msin % 10_000_000_000)
        .bytes()
        .map(|b| b - b'0')
        .collect();
    let mut out = [0xffu8; 8];
    for (i, d) in digits.iter().enumerate() {
        let o = &mut out[i / 2];
        *o = if i % 2 == 0 {
            (*o & 0xf0) | d
        } else {
            (*o & 0x0f) | (d << 4)
        };
    }
    out
}

/// The NH of [`mm_context_107`] for `seed` (its NCC is 2).
pub fn mm_context_nh(seed: u8) -> [u8; 32] {
    let mut nh = [0u8; 32];
    for (i, b) in nh.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(31) ^ 0x60 ^ seed;
    }
    nh
}

/// [`forward_relocation_request`] with the E-UTRAN transparent `container` the handover's
/// other legs carry, the sender's S10 address and the target macro eNB ID (PLMN 001-01).
pub fn forward_relocation_request_of(
    seq: u32,
    seed: u8,
    quads: u8,
    container: &[u8],
    sender: [u8; 4],
    target_enb: u32,
    msin: u64,
) -> Vec<u8> {
    let mut ies = Vec::with_capacity(512 + container.len());
    ie(1, 0, &imsi_tbcd(msin), &mut ies);
    // Sender F-TEID: IPv4, interface 12 (S10 MME).
    let mut f = vec![0x80 | 12];
    f.extend_from_slice(&(0x1000 + u32::from(seed)).to_be_bytes());
    f.extend_from_slice(&sender);
    ie(87, 0, &f, &mut ies);
    let mut pdn = Vec::new();
    ie(71, 0, b"\x08internet\x03epc", &mut pdn);
    ie(73, 0, &[5], &mut pdn);
    ie(87, 1, &[0x80 | 7, 0, 0, 0, 0x77, 10, 1, 1, 1], &mut pdn);
    let mut bearer = Vec::new();
    ie(73, 0, &[5], &mut bearer);
    let mut qos = vec![0x64, 9];
    for r in [1000u64, 2000, 300, 400] {
        qos.extend_from_slice(&r.to_be_bytes()[3..]);
    }
    ie(80, 0, &qos, &mut bearer);
    ie(93, 0, &bearer, &mut pdn);
    ie(109, 0, &pdn, &mut ies);
    ie(107, 0, &mm_context_107(seed, quads), &mut ies);
    ie(77, 0, &[0x00, 0x00], &mut ies);
    let mut fc = vec![3];
    fc.extend_from_slice(container);
    ie(118, 0, &fc, &mut ies);
    // Target Identification: macro eNB (type 1), PLMN, 20-bit eNB ID in 3 octets, TAC.
    let t = target_enb & 0xf_ffff;
    ie(
        121,
        0,
        &[
            1,
            0x00,
            0xf1,
            0x10,
            (t >> 16) as u8,
            (t >> 8) as u8,
            t as u8,
            0x00,
            0x07,
        ],
        &mut ies,
    );
    ie(119, 0, &[0x00, 0x10], &mut ies);
    ie(120, 0, &[0x00, 0xf1, 0x10], &mut ies);
    let mut m = vec![0x48, 133];
    m.extend_from_slice(&((ies.len() + 8) as u16).to_be_bytes());
    m.extend_from_slice(&0u32.to_be_bytes());
    m.extend_from_slice(&seq.to_be_bytes()[1..]);
    m.push(0);
    m.extend(ies);
    m
}

const PPID_S1AP: u32 = 18;
const PPID_X2AP: u32 = 27;
const ENBS: u32 = 32;
const MMES: u32 = 2;
/// Variants built of each message: enough that consecutive flows differ in their IE values.
const VARIANTS: usize = 8;

/// The S1AP messages the generator sends.
const S1_MESSAGES: &[&str] = &[
    "HandoverRequired",
    "HandoverRequest",
    "HandoverRequestAcknowledge",
    "HandoverCommand",
    "ENBStatusTransfer",
    "MMEStatusTransfer",
    "HandoverNotify",
    "UEContextReleaseCommand",
    "UEContextReleaseComplete",
    "UplinkNASTransport",
    "PathSwitchRequest",
    "PathSwitchRequestAcknowledge",
];

/// Templates of every message, `VARIANTS` of each, built once.
struct Templates {
    s1: HashMap<&'static str, Vec<S1apPdu<'static>>>,
    x2: HashMap<&'static str, Vec<X2apPdu<'static>>>,
}

impl Templates {
    fn new() -> Self {
        let mut rng = Rng::new(0x6b68_6d6b);
        let s1 = S1_MESSAGES
            .iter()
            .map(|&n| {
                let v = (0..VARIANTS)
                    .map(|_| loop {
                        let m = s1ap::sample_message(n, &mut rng).expect("keyhop builds it");
                        // A HandoverRequired whose Target ID names an eNB (an intra-LTE
                        // handover): the generator sets that eNB's ID per flow.
                        let enb_target = match &m.body {
                            Body::Ies(b) => b.ies.items.iter().all(|ie| {
                                !matches!(&ie.value, IeValue::Typed(S1apIe::TargetId(t))
                                    if !matches!(**t, s1ap::TargetId::TargetEnbId(_)))
                            }),
                            _ => true,
                        };
                        if enb_target {
                            break m;
                        }
                    })
                    .collect();
                (n, v)
            })
            .collect();
        let x2 = X2AP_HANDOVER
            .iter()
            .map(|&n| {
                let v = (0..VARIANTS)
                    .map(|_| x2ap::sample_message(n, &mut rng).expect("keyhop builds it"))
                    .collect();
                (n, v)
            })
            .collect();
        Templates { s1, x2 }
    }

    /// The S1AP message `name` of flow `f`, with the flow's UE ids, encoded.
    fn s1(&self, name: &str, f: &Flow, mme_id: u32, enb_id: u32) -> Vec<u8> {
        use keyhop_codec::ap::common::{BitId, EnbId, OctetStr};
        use keyhop_codec::redact::{KeyMaterial, Octets};
        let mut pdu = self.s1[name][f.ue as usize % VARIANTS].clone();
        if let Body::Ies(m) = &mut pdu.body {
            // NAS-SecurityParametersToE-UTRAN belongs to UTRAN -> E-UTRAN handovers only.
            m.ies.items.retain(|ie| ie.id != 136);
            for ie in &mut m.ies.items {
                match &mut ie.value {
                    IeValue::Typed(S1apIe::MmeUeS1apId(v) | S1apIe::SourceMmeUeS1apId(v)) => {
                        *v = Int(i64::from(mme_id))
                    }
                    IeValue::Typed(S1apIe::EnbUeS1apId(v)) => *v = Int(i64::from(enb_id)),
                    // UEContextRelease names the UE by this CHOICE.
                    IeValue::Typed(S1apIe::UeS1apIds(ids)) => match ids {
                        s1ap::UeS1apIds::UeS1apIdPair(p) => {
                            p.mme_ue_s1ap_id = Int(i64::from(mme_id));
                            p.enb_ue_s1ap_id = Int(i64::from(enb_id));
                        }
                        s1ap::UeS1apIds::MmeUeS1apId(v) => *v = Int(i64::from(mme_id)),
                        _ => {}
                    },
                    IeValue::Typed(S1apIe::HandoverType(t)) => *t = s1ap::HandoverType::Intralte,
                    IeValue::Typed(S1apIe::TargetId(t)) => {
                        if let s1ap::TargetId::TargetEnbId(t) = &mut **t {
                            t.global_enb_id.plmn_identity = OctetStr(Octets::owned(PLMN.to_vec()));
                            t.global_enb_id.enb_id = EnbId::Macro(BitId(u64::from(f.target_enb)));
                        }
                    }
                    IeValue::Typed(S1apIe::SecurityContext(c)) => {
                        c.next_hop_chaining_count = Int(i64::from(f.ncc));
                        c.next_hop_parameter =
                            keyhop_codec::ap::common::KeyBits(KeyMaterial::owned(f.nh.to_vec()));
                    }
                    IeValue::Typed(S1apIe::UeSecurityCapabilities(c)) => {
                        c.encryption_algorithms = caps_eea_eia_1_2();
                        c.integrity_protection_algorithms = caps_eea_eia_1_2();
                    }
                    IeValue::Typed(S1apIe::EutranCgi(c)) => {
                        c.plmn_identity = OctetStr(Octets::owned(PLMN.to_vec()));
                        c.cell_id = BitId(u64::from(f.target_cell()));
                    }
                    // Source-to-target transparent container: one per flow, the same in every
                    // leg (HandoverRequired, Forward Relocation Request, HandoverRequest).
                    IeValue::Typed(S1apIe::SourceToTargetTransparentContainer(o)) => {
                        *o = OctetStr(Octets::owned(f.container.clone()));
                    }
                    _ => {}
                }
            }
        }
        s1ap::encode(&pdu).expect("the generator's S1AP messages encode")
    }

    /// The X2AP message `name` of flow `f`, with the flow's X2AP ids, encoded: a legacy X2
    /// handover (no WrappedKeNB: a key-refresh handover needs the MAKR exchange before it).
    fn x2(&self, name: &str, f: &Flow, mme_id: u32, old_id: u32, new_id: u32) -> Vec<u8> {
        use keyhop_codec::ap::common::{BitId, OctetStr};
        use keyhop_codec::redact::Octets;
        let mut pdu = self.x2[name][f.ue as usize % VARIANTS].clone();
        if let Body::Ies(m) = &mut pdu.body {
            m.ies
                .items
                .retain(|ie| !matches!(ie.value, IeValue::Typed(X2apIe::WrappedKenb(_))));
            for ie in &mut m.ies.items {
                match &mut ie.value {
                    IeValue::Typed(X2apIe::OldEnbUeX2apId(v)) => *v = Int(i64::from(old_id)),
                    IeValue::Typed(X2apIe::NewEnbUeX2apId(v)) => *v = Int(i64::from(new_id)),
                    IeValue::Typed(X2apIe::UeContextInformation(c)) => {
                        c.mme_ue_s1ap_id = Int(i64::from(mme_id));
                        c.as_security_information.next_hop_chaining_count = Int(i64::from(f.ncc));
                        c.ue_security_capabilities.encryption_algorithms = caps_eea_eia_1_2();
                        c.ue_security_capabilities.integrity_protection_algorithms =
                            caps_eea_eia_1_2();
                    }
                    IeValue::Typed(X2apIe::TargetCellId(c)) => {
                        c.plmn_identity = OctetStr(Octets::owned(PLMN.to_vec()));
                        c.cell_id = BitId(u64::from(f.target_cell()));
                    }
                    _ => {}
                }
            }
        }
        x2ap::encode(&pdu).expect("the generator's X2AP messages encode")
    }
}

/// The UE security capabilities of every flow: EEA1, EEA2 (and EIA1, EIA2), as the UE network
/// capability of [`mm_context_107`] says.
fn caps_eea_eia_1_2() -> keyhop_codec::ap::common::Algorithms<'static> {
    keyhop_codec::ap::common::BitStr {
        bits: 16,
        value: keyhop_codec::redact::Octets::owned(vec![0xc0, 0x00]),
    }
}

/// PLMN 001-01 of every node the generator writes.
const PLMN: [u8; 3] = [0x00, 0xf1, 0x10];

/// What the legs of one handover flow share.
struct Flow {
    ue: u64,
    /// Target macro eNB ID.
    target_enb: u32,
    /// NCC and NH the MME sends (HandoverRequest) or the source passes (X2).
    ncc: u8,
    nh: [u8; 32],
    /// Source-to-target transparent container.
    container: Vec<u8>,
}

impl Flow {
    /// The target eNB's first cell.
    fn target_cell(&self) -> u32 {
        (self.target_enb << 8) | 1
    }
}

/// A small GTPv2-C message with TEID: `ies` already encoded.
fn gtpv2_message(t: u8, teid: u32, seq: u32, ies: &[u8]) -> Vec<u8> {
    let mut m = vec![0x48, t];
    m.extend_from_slice(&((ies.len() + 8) as u16).to_be_bytes());
    m.extend_from_slice(&teid.to_be_bytes());
    m.extend_from_slice(&seq.to_be_bytes()[1..]);
    m.push(0);
    m.extend_from_slice(ies);
    m
}

fn enb_addr(i: u32, port: u16) -> SocketAddr {
    SocketAddr::new(
        IpAddr::V4(Ipv4Addr::new(10, 21, (i >> 8) as u8, (i & 0xff) as u8 + 1)),
        port,
    )
}

/// An association with verification tags of its own: real stacks draw them at random, and
/// Wireshark tells associations apart by ports and tags, so equal tags on the many eNB-MME
/// associations (all on port 36412) would make it take every DATA chunk for a retransmission.
fn assoc(client: SocketAddr, server: SocketAddr, n: u32) -> SctpAssoc {
    let mut a = SctpAssoc::new(client, server);
    let h = n.wrapping_add(1).wrapping_mul(0x9e37_79b9);
    a.client_tag = h | 1;
    a.server_tag = h.rotate_left(16) | 1;
    a
}

/// The macro eNB ID of eNB `i`.
fn enb_global_id(i: u32) -> u32 {
    0x1_0000 + i
}

fn mme_addr(i: u32, port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, 20, 0, i as u8 + 1)), port)
}

/// Writes the mixed handover capture, packet by packet, and the packets written.
struct Mixer<W: Write> {
    w: PcapNgFileWriter<W>,
    link: LinkSpec,
    /// Capture time in microseconds.
    t: i64,
    packets: u64,
    limit: u64,
}

impl<W: Write> Mixer<W> {
    fn frame(&mut self, ip: &[u8]) -> io::Result<()> {
        if self.packets >= self.limit {
            return Ok(());
        }
        self.t += 137;
        let ts = Timestamp::new(
            1_795_000_000 + self.t / 1_000_000,
            (self.t % 1_000_000) as u64 * 1000,
        );
        self.w.write(0, ts, &self.link.frame(ip))?;
        self.packets += 1;
        Ok(())
    }

    /// `msgs` in one SCTP packet (bundled when more than one).
    fn sctp(
        &mut self,
        a: &mut SctpAssoc,
        d: Dir,
        stream: u16,
        ppid: u32,
        msgs: &[&[u8]],
    ) -> io::Result<()> {
        let mut chunks: Vec<Chunk> = Vec::new();
        for m in msgs {
            chunks.extend(a.message(d, stream, ppid, m, 1400));
        }
        let pkt = a.packet(d, &chunks);
        let ip = a.ip_packet(d, &pkt);
        self.frame(&ip)
    }

    /// UEContextReleaseCommand and Complete of a UE at the eNB of `a` (the client side).
    fn release(
        &mut self,
        tpl: &Templates,
        flow: &Flow,
        a: &mut SctpAssoc,
        mme_id: u32,
        enb_id: u32,
        stream: u16,
    ) -> io::Result<()> {
        let cmd = tpl.s1("UEContextReleaseCommand", flow, mme_id, enb_id);
        self.sctp(a, Dir::Reverse, stream, PPID_S1AP, &[&cmd])?;
        let done = tpl.s1("UEContextReleaseComplete", flow, mme_id, enb_id);
        self.sctp(a, Dir::Forward, stream, PPID_S1AP, &[&done])
    }

    fn handshake(&mut self, a: &mut SctpAssoc) -> io::Result<()> {
        for (d, pkt) in a.handshake() {
            let ip = a.ip_packet(d, &pkt);
            self.frame(&ip)?;
        }
        Ok(())
    }

    fn udp(&mut self, src: SocketAddr, dst: SocketAddr, id: u16, payload: &[u8]) -> io::Result<()> {
        let u = synth::udp(src, dst, payload);
        let ip = synth::ip_packet(src.ip(), dst.ip(), 17, id, &u);
        self.frame(&ip)
    }

    fn done(&self) -> bool {
        self.packets >= self.limit
    }
}

/// Writes a pcapng capture of exactly `packets` packets (fewer only if `packets` is below the
/// SCTP handshakes of the topology) of mixed handover traffic to `w`, streaming: 32 eNBs, two
/// MMEs; per UE in turn an X2 handover (legacy, without key refresh) and its S1 path switch,
/// an intra-MME S1 handover, or an inter-MME S1 handover with the S10 Forward Relocation
/// exchange (GTPv2-C, MM Context with quadruplets). Every flow is consistent, as `keyhop
/// validate` checks it: its own ids, IMSI and transparent container, the target eNB's ID and
/// cell, NCC and NH, the UE security capabilities of the MM Context. Some SCTP packets bundle
/// two messages. Returns the packets written.
pub fn write_mixed_capture<W: Write>(w: W, packets: u64) -> io::Result<u64> {
    let mut w = PcapNgFileWriter::new(w, false)?;
    w.add_interface(linktype::ETHERNET, 6)?;
    let mut m = Mixer {
        w,
        link: LinkSpec::ethernet(),
        t: 0,
        packets: 0,
        limit: packets,
    };
    let tpl = Templates::new();
    let mut s1: Vec<SctpAssoc> = (0..ENBS)
        .map(|i| assoc(enb_addr(i, 36412), mme_addr(i % MMES, 36412), i))
        .collect();
    for a in &mut s1 {
        m.handshake(a)?;
    }
    let mut x2: HashMap<(u32, u32), SctpAssoc> = HashMap::new();
    let mut ue: u64 = 0;
    while !m.done() {
        let src = (ue % u64::from(ENBS)) as u32;
        let dst = (src + 1 + (ue / u64::from(ENBS)) as u32 % 3) % ENBS;
        let mme_id = 1_000_000 + (ue & 0xfff_ffff) as u32;
        let (src_enb_id, dst_enb_id) = ((ue % 0xff_ffff) as u32, ((ue + 7) % 0xff_ffff) as u32);
        let stream = 1 + (ue % 4) as u16;
        let (sa, da) = (src as usize, dst as usize);
        let seed = ue as u8;
        let mut flow = Flow {
            ue,
            target_enb: enb_global_id(dst),
            ncc: 2,
            nh: mm_context_nh(seed),
            container: (0..180u32)
                .map(|i| (i as u8) ^ seed ^ (ue >> 8) as u8)
                .collect(),
        };
        // Each flow is its own UE: the container's first octets name it, so no two flows'
        // legs look alike.
        flow.container[..8].copy_from_slice(&ue.to_be_bytes());
        match ue % 4 {
            0 | 1 => {
                // X2 handover (TS 36.300 10.1.2.1): Request, Acknowledge, SN Status Transfer,
                // then the target's path switch on S1 (bundled with an uplink NAS message,
                // carrying NCC one ahead of the X2 request's) and the UE context release.
                let key = (src.min(dst), src.max(dst));
                let a = match x2.entry(key) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let mut a = assoc(
                            enb_addr(key.0, 36422),
                            enb_addr(key.1, 36422),
                            1000 + key.0 * ENBS + key.1,
                        );
                        m.handshake(&mut a)?;
                        e.insert(a)
                    }
                };
                let (fwd, rev) = if src < dst {
                    (Dir::Forward, Dir::Reverse)
                } else {
                    (Dir::Reverse, Dir::Forward)
                };
                let old = (ue % 4096) as u32;
                let new = ((ue + 11) % 4096) as u32;
                flow.ncc = 1;
                let req = tpl.x2("HandoverRequest", &flow, mme_id, old, new);
                m.sctp(a, fwd, stream, PPID_X2AP, &[&req])?;
                let ack = tpl.x2("HandoverRequestAcknowledge", &flow, mme_id, old, new);
                m.sctp(a, rev, stream, PPID_X2AP, &[&ack])?;
                let sn = tpl.x2("SNStatusTransfer", &flow, mme_id, old, new);
                m.sctp(a, fwd, stream, PPID_X2AP, &[&sn])?;
                flow.ncc = 2;
                let ps = tpl.s1("PathSwitchRequest", &flow, mme_id, dst_enb_id);
                let nas = tpl.s1("UplinkNASTransport", &flow, mme_id, dst_enb_id);
                m.sctp(&mut s1[da], Dir::Forward, stream, PPID_S1AP, &[&ps, &nas])?;
                let psa = tpl.s1("PathSwitchRequestAcknowledge", &flow, mme_id, dst_enb_id);
                m.sctp(&mut s1[da], Dir::Reverse, stream, PPID_S1AP, &[&psa])?;
                let rel = tpl.x2("UEContextRelease", &flow, mme_id, old, new);
                let a = x2.get_mut(&key).expect("created above");
                m.sctp(a, rev, stream, PPID_X2AP, &[&rel])?;
                // The UE goes idle at the target: its S1 connection ends there.
                m.release(&tpl, &flow, &mut s1[da], mme_id, dst_enb_id, stream)?;
            }
            _ => {
                // S1 handover (TS 36.300 10.1.2.1.2 / 10.1.2.2), inter-MME when the two eNBs
                // are on different MMEs: then the source MME relocates the UE to the target
                // MME over S10 with GTPv2-C, and the target MME gives it an MME-UE-S1AP-ID of
                // its own.
                let inter = src % MMES != dst % MMES;
                let t_mme_id = if inter { mme_id ^ 0x4000_0000 } else { mme_id };
                m.sctp(
                    &mut s1[sa],
                    Dir::Forward,
                    stream,
                    PPID_S1AP,
                    &[&tpl.s1("HandoverRequired", &flow, mme_id, src_enb_id)],
                )?;
                let (smme, tmme) = (mme_addr(src % MMES, 2123), mme_addr(dst % MMES, 2123));
                let seq = (ue & 0xff_ffff) as u32;
                let ipv4 = |a: SocketAddr| match a.ip() {
                    IpAddr::V4(v) => v.octets(),
                    IpAddr::V6(_) => [0; 4],
                };
                if inter {
                    let frr = forward_relocation_request_of(
                        seq,
                        seed,
                        1 + (ue % 5) as u8,
                        &flow.container,
                        ipv4(smme),
                        flow.target_enb,
                        ue,
                    );
                    m.udp(smme, tmme, ue as u16, &frr)?;
                }
                m.sctp(
                    &mut s1[da],
                    Dir::Reverse,
                    stream,
                    PPID_S1AP,
                    &[&tpl.s1("HandoverRequest", &flow, t_mme_id, 0)],
                )?;
                m.sctp(
                    &mut s1[da],
                    Dir::Forward,
                    stream,
                    PPID_S1AP,
                    &[&tpl.s1("HandoverRequestAcknowledge", &flow, t_mme_id, dst_enb_id)],
                )?;
                // The source MME's S10 TEID (its Forward Relocation Request's F-TEID) and
                // the target MME's (its response's).
                let (s_teid, t_teid) = (0x1000 + u32::from(seed), 0x2000 + seq);
                if inter {
                    // Forward Relocation Response: Cause accepted, sender F-TEID, F-Container.
                    let mut ies = Vec::new();
                    ie(2, 0, &[16, 0], &mut ies);
                    let mut f = vec![0x80 | 12];
                    f.extend_from_slice(&t_teid.to_be_bytes());
                    f.extend_from_slice(&ipv4(tmme));
                    ie(87, 0, &f, &mut ies);
                    ie(118, 0, &[3; 120], &mut ies);
                    m.udp(
                        tmme,
                        smme,
                        ue as u16,
                        &gtpv2_message(134, s_teid, seq, &ies),
                    )?;
                }
                m.sctp(
                    &mut s1[sa],
                    Dir::Reverse,
                    stream,
                    PPID_S1AP,
                    &[&tpl.s1("HandoverCommand", &flow, mme_id, src_enb_id)],
                )?;
                m.sctp(
                    &mut s1[sa],
                    Dir::Forward,
                    stream,
                    PPID_S1AP,
                    &[&tpl.s1("ENBStatusTransfer", &flow, mme_id, src_enb_id)],
                )?;
                m.sctp(
                    &mut s1[da],
                    Dir::Reverse,
                    stream,
                    PPID_S1AP,
                    &[&tpl.s1("MMEStatusTransfer", &flow, t_mme_id, dst_enb_id)],
                )?;
                // The target reports the UE's arrival and relays its first NAS message together.
                m.sctp(
                    &mut s1[da],
                    Dir::Forward,
                    stream,
                    PPID_S1AP,
                    &[
                        &tpl.s1("HandoverNotify", &flow, t_mme_id, dst_enb_id),
                        &tpl.s1("UplinkNASTransport", &flow, t_mme_id, dst_enb_id),
                    ],
                )?;
                if inter {
                    // Forward Relocation Complete Notification / Acknowledge.
                    let mut ies = Vec::new();
                    ie(77, 0, &[0, 0], &mut ies);
                    m.udp(
                        tmme,
                        smme,
                        ue as u16,
                        &gtpv2_message(135, s_teid, seq + 1, &ies),
                    )?;
                    let mut ies = Vec::new();
                    ie(2, 0, &[16, 0], &mut ies);
                    m.udp(
                        smme,
                        tmme,
                        ue as u16,
                        &gtpv2_message(136, t_teid, seq + 1, &ies),
                    )?;
                }
                m.sctp(
                    &mut s1[sa],
                    Dir::Reverse,
                    stream,
                    PPID_S1AP,
                    &[&tpl.s1("UEContextReleaseCommand", &flow, mme_id, src_enb_id)],
                )?;
                m.sctp(
                    &mut s1[sa],
                    Dir::Forward,
                    stream,
                    PPID_S1AP,
                    &[&tpl.s1("UEContextReleaseComplete", &flow, mme_id, src_enb_id)],
                )?;
                // The UE goes idle at the target: its S1 connection ends there.
                m.release(&tpl, &flow, &mut s1[da], t_mme_id, dst_enb_id, stream)?;
            }
        }
        ue += 1;
    }
    m.w.finish()?.flush()?;
    Ok(m.packets)
}
