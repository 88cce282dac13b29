//! GTP-C handover flows (key-refresh.md section 1, HO-SECCTX / HO-ORDER / HO-MAPPED):
//!
//! * `s10-inter-mme-handover.pcapng`: two inter-MME S1 handovers over S10. UE 1 keeps its
//!   S-GW (the target MME modifies the bearer there); UE 2 moves to a new S-GW (Create Session
//!   at the new S-GW, indirect forwarding tunnels at both, Modify Bearer, Delete Session and
//!   deletion of the forwarding tunnels at the old one). The Forward Relocation Request carries
//!   an MM Context "EPS Security Context and Quadruplets" whose NH and NCC the target MME hands
//!   to the target eNB in the S1AP HandoverRequest.
//! * `utran-lte-handover.pcapng`: UTRAN -> E-UTRAN with a GTPv1-C (Gn) Forward Relocation
//!   Request from the SGSN carrying CK, IK and quintuplets (the target eNB receives the KeNB
//!   of TS 33.401 clause 9.2.2.1 in the NH field with NCC 0), then E-UTRAN -> UTRAN with a
//!   GTPv2-C (S3) Forward Relocation Request carrying CK', IK' = KDF(KASME, 0x16, NAS downlink
//!   COUNT) (Annex A.8). The GTPv1 request is larger than the 1500-octet MTU and travels in
//!   IPv4 fragments.
//!
//! Every value is deterministic; the S1AP messages come from `build`.

use crate::build::{self, s1, s1_octets, s1id, Bearer, Cell};
use keyhop::capture::synth::{self, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use keyhop_codec::ap::common::{Int, OctetStr};
use keyhop_codec::ap::ExtensionAdditions;
use keyhop_codec::gtpv1;
use keyhop_codec::gtpv2::{
    self, Ambr, DnsName, FCause, FContainer, Gtpv2Message, Ie, IeValue, MacroEnbId, MessageType,
    MmContext, MmContextForm, Paa, Plmn, Quadruplet, Quintuplet, TargetId,
};
use keyhop_codec::s1ap::{self, HandoverType, S1apIe, S1apPdu};
use keyhop_codec::security::kdf;
use keyhop_codec::security::keys::{Key128, Key256};
use keyhop_codec::{KeyMaterial, Octets};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

const PPID_S1AP: u32 = 18;
/// Ethernet MTU: larger IP packets are fragmented.
const MTU: usize = 1500;

/// F-TEID interface types (TS 29.274 Table 8.22-1).
mod iface {
    pub const S1U_ENB: u8 = 0;
    pub const S1U_SGW: u8 = 1;
    pub const S5S8_PGW_GTPU: u8 = 5;
    pub const S5S8_PGW_GTPC: u8 = 7;
    pub const S11_MME: u8 = 10;
    pub const S11_S4_SGW: u8 = 11;
    pub const S10_MME: u8 = 12;
    pub const S3_MME: u8 = 13;
    pub const S3_SGSN: u8 = 14;
    pub const ENB_DL_FORWARDING: u8 = 19;
    pub const SGW_DL_FORWARDING: u8 = 23;
}

/// RRC HandoverPreparationInformation (TS 36.331, UPER, made with pycrate): one E-UTRA UE
/// capability (rel-8, category 3, bands 3 and 7), the AS-Config of `rrc_pycrate.py`'s vectors
/// (source EARFCN 1300) and an RRM-Config.
const RRC_HO_PREPARATION: &str = "0c100a0100001083010381c00075e804200d40a28ec42008b43e07801fa0078001900915398002583400a0102a0b0400a40a164c3428820000210a088a8074001c0eb6df07d40de07d4f0303c1397410f297968966430fb3005098c0507c130000c011091a54b4004080080624683456603036a104810414e0630dfb640b06c093901100008024984bac555a5b731a5b250741451240";
/// RRC HandoverCommand (UPER) to PCI 301 on EARFCN 1300 ("inter_freq_minimal").
const RRC_HO_COMMAND: &str = "01011041b2d028a16a300bfc630dfb82c1b024e4044008040124c25d62aad7578000";
/// RANAP SourceRNC-ToTargetRNC-TransparentContainer (APER; pycrate): RRC ToTargetRNC-Container
/// `extension`, one Iu instance, UE involved, target cell 0x1234.
const RANAP_SOURCE_TO_TARGET: &str = "008001c0281234";
/// RANAP TargetRNC-ToSourceRNC-TransparentContainer (APER; pycrate): RRC container `extension`.
const RANAP_TARGET_TO_SOURCE: &str = "0001e0";

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).expect("the constants are hex")
}

/// The capture being written, its clock and the IPv4 identification counter.
struct Out {
    w: PcapNgFileWriter<std::io::BufWriter<std::fs::File>>,
    iface: u32,
    link: LinkSpec,
    /// Microseconds since the capture's start.
    t: i64,
    ip_id: u16,
}

impl Out {
    fn create(path: &Path) -> Out {
        let mut w = PcapNgFileWriter::create(path).expect("create the capture");
        let iface = w
            .add_interface(linktype::ETHERNET, 6)
            .expect("add an interface");
        Out {
            w,
            iface,
            link: LinkSpec::ethernet(),
            t: 0,
            ip_id: 0x4000,
        }
    }

    fn stamp(&mut self, step_us: i64) -> Timestamp {
        self.t += step_us;
        Timestamp::new(
            1_796_000_000 + self.t / 1_000_000,
            (self.t % 1_000_000) as u64 * 1000,
        )
    }

    fn frame(&mut self, ip: &[u8], step_us: i64) {
        let ts = self.stamp(step_us);
        let f = self.link.frame(ip);
        self.w.write(self.iface, ts, &f).expect("write the capture");
    }

    /// One UDP datagram, IPv4-fragmented when it does not fit the MTU.
    fn udp(&mut self, src: SocketAddr, dst: SocketAddr, payload: &[u8], step_us: i64) {
        let dgram = synth::udp(src, dst, payload);
        let (IpAddr::V4(s), IpAddr::V4(d)) = (src.ip(), dst.ip()) else {
            panic!("the GTP flows use IPv4");
        };
        self.ip_id = self.ip_id.wrapping_add(1);
        if dgram.len() + 20 <= MTU {
            let ip = synth::ip_packet(src.ip(), dst.ip(), synth::IPPROTO_UDP, self.ip_id, &dgram);
            self.frame(&ip, step_us);
        } else {
            let frags = synth::ipv4_fragments(s, d, synth::IPPROTO_UDP, self.ip_id, &dgram, MTU);
            for (i, f) in frags.iter().enumerate() {
                self.frame(f, if i == 0 { step_us } else { 12 });
            }
        }
    }

    fn gtpv2(&mut self, src: SocketAddr, dst: SocketAddr, m: &Gtpv2Message<'_>, step_us: i64) {
        let bytes = m.emit().expect("the generator's GTPv2 messages encode");
        self.udp(src, dst, &bytes, step_us);
    }

    fn gtpv1(&mut self, src: SocketAddr, dst: SocketAddr, m: &gtpv1::Message<'_>, step_us: i64) {
        let bytes = m.emit().expect("the generator's GTPv1 messages encode");
        self.udp(src, dst, &bytes, step_us);
    }

    /// An S1AP message on `assoc` (eNB is the client: Forward = eNB -> MME).
    fn s1ap(&mut self, assoc: &mut SctpAssoc, d: Dir, stream: u16, pdu: &S1apPdu<'_>) {
        let bytes = s1ap::encode(pdu).expect("the generator's S1AP messages encode");
        let chunks = assoc.message(d, stream, PPID_S1AP, &bytes, 1400);
        let sctp = assoc.packet(d, &chunks);
        let ip = assoc.ip_packet(d, &sctp);
        self.frame(&ip, 900);
    }

    fn sctp_setup(&mut self, assoc: &mut SctpAssoc) {
        for (d, pkt) in assoc.handshake() {
            let ip = assoc.ip_packet(d, &pkt);
            self.frame(&ip, 150);
        }
    }
}

// ------------------------------------------------------------------------------------------
// GTPv2-C values

fn ie(v: IeValue<'static>) -> Ie<'static> {
    Ie::new(v)
}

fn ie_i(v: IeValue<'static>, instance: u8) -> Ie<'static> {
    Ie::with_instance(v, instance)
}

fn plmn() -> Plmn {
    Plmn(build::PLMN)
}

fn v4(ip: IpAddr) -> Ipv4Addr {
    match ip {
        IpAddr::V4(a) => a,
        IpAddr::V6(_) => panic!("the GTP flows use IPv4"),
    }
}

fn fteid(interface_type: u8, teid: u32, ip: IpAddr) -> IeValue<'static> {
    keyhop_codec::build::gtpv2::fteid_v4(interface_type, teid, v4(ip))
}

fn imsi(digits: &str) -> IeValue<'static> {
    keyhop_codec::build::gtpv2::imsi(digits)
}

fn apn() -> IeValue<'static> {
    IeValue::Apn(DnsName::from_dotted("internet.mnc001.mcc001.gprs").expect("a valid APN"))
}

fn qos(qci: u8) -> IeValue<'static> {
    keyhop_codec::build::gtpv2::bearer_qos(qci)
}

fn uli(cell: &Cell) -> IeValue<'static> {
    keyhop_codec::build::gtpv2::uli(build::PLMN, cell.tac, cell.eci())
}

fn accepted() -> IeValue<'static> {
    keyhop_codec::build::gtpv2::cause(16)
}

/// The identities and keys of one UE.
struct Ue {
    imsi: &'static str,
    kasme: Key256,
    /// NAS COUNTs at the handover.
    nas_ul: u32,
    nas_dl: u32,
    ip: Ipv4Addr,
    bearer: Bearer,
    /// PGW S5/S8 control plane TEID (kept across S-GW relocation).
    pgw_teid: u32,
    pgw: IpAddr,
}

/// An authentication quadruplet / quintuplet of deterministic octets.
fn vector_octets(seed: u8, n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| seed.wrapping_mul(31).wrapping_add(i as u8 * 7))
        .collect()
}

fn quadruplet(seed: u8) -> Quadruplet<'static> {
    Quadruplet {
        rand: Octets::owned(vector_octets(seed, 16)),
        xres: KeyMaterial::owned(vector_octets(seed ^ 0x11, 8)),
        autn: KeyMaterial::owned(vector_octets(seed ^ 0x22, 16)),
        kasme: KeyMaterial::owned(vector_octets(seed ^ 0x33, 32)),
    }
}

fn quintuplet(seed: u8) -> Quintuplet<'static> {
    Quintuplet {
        rand: Octets::owned(vector_octets(seed, 16)),
        xres: KeyMaterial::owned(vector_octets(seed ^ 0x11, 8)),
        ck: KeyMaterial::owned(vector_octets(seed ^ 0x44, 16)),
        ik: KeyMaterial::owned(vector_octets(seed ^ 0x55, 16)),
        autn: KeyMaterial::owned(vector_octets(seed ^ 0x22, 16)),
    }
}

/// UE network capability: EEA0-EEA2 and EIA0-EIA2 (agrees with build's S1AP capabilities,
/// which start at EEA1/EIA1).
const UE_NETWORK_CAPABILITY: [u8; 2] = [0xe0, 0xe0];

/// MM Context "EPS Security Context and Quadruplets" for S10, with {NH, NCC}.
fn mm_context_eps(ue: &Ue, nh: &Key256, ncc: u8) -> IeValue<'static> {
    let mut m = MmContext::empty(MmContextForm::EpsSecurityContextQuadruplets);
    m.ksi = 1;
    m.nas_integrity_algorithm = 2; // 128-EIA2
    m.nas_ciphering_algorithm = 2; // 128-EEA2
    m.nas_downlink_count = Some(ue.nas_dl);
    m.nas_uplink_count = Some(ue.nas_ul);
    m.kasme = Some(ue.kasme.to_key_material());
    m.quadruplets = vec![quadruplet(1)];
    m.drx_parameter = Some([0x0a, 0x00]);
    m.nh = Some(nh.to_key_material());
    m.ncc = ncc;
    m.subscribed_ue_ambr = Some(Ambr {
        uplink: 50_000,
        downlink: 100_000,
    });
    m.used_ue_ambr = Some(Ambr {
        uplink: 50_000,
        downlink: 100_000,
    });
    m.ue_network_capability = Octets::owned(UE_NETWORK_CAPABILITY.to_vec());
    IeValue::MmContext(Box::new(m))
}

/// MM Context "UMTS Key, Quadruplets and Quintuplets" for S3 towards an SGSN: CK', IK'.
fn mm_context_mapped(ue: &Ue, ck: &Key128, ik: &Key128) -> IeValue<'static> {
    let mut m = MmContext::empty(MmContextForm::UmtsKeyQuadrupletsQuintuplets);
    m.ksi = 1;
    m.ck = Some(ck.to_key_material());
    m.ik = Some(ik.to_key_material());
    m.quadruplets = vec![quadruplet(2), quadruplet(3)];
    m.quintuplets = vec![quintuplet(4), quintuplet(5)];
    m.drx_parameter = Some([0x0a, 0x00]);
    m.subscribed_ue_ambr = Some(Ambr {
        uplink: 50_000,
        downlink: 100_000,
    });
    m.ue_network_capability = Octets::owned(UE_NETWORK_CAPABILITY.to_vec());
    m.ms_network_capability = Octets::owned(vec![0xe5, 0xe0, 0x34]);
    let _ = ue;
    IeValue::MmContext(Box::new(m))
}

/// The PDN connection of a UE as the source MME hands it over (Table 7.3.1-2).
fn pdn_connection(ue: &Ue, sgw_s1u: (IpAddr, u32)) -> IeValue<'static> {
    IeValue::PdnConnection(vec![
        ie(apn()),
        ie(IeValue::IpAddress(IpAddr::V4(ue.ip))),
        ie(IeValue::Ebi(ue.bearer.id)),
        ie(fteid(iface::S5S8_PGW_GTPC, ue.pgw_teid, ue.pgw)),
        ie(IeValue::BearerContext(vec![
            ie(IeValue::Ebi(ue.bearer.id)),
            ie(fteid(iface::S1U_SGW, sgw_s1u.1, sgw_s1u.0)),
            ie_i(fteid(iface::S5S8_PGW_GTPU, ue.pgw_teid | 0x100, ue.pgw), 1),
            ie(qos(ue.bearer.qci)),
        ])),
        ie(IeValue::Ambr(Ambr {
            uplink: 20_000,
            downlink: 40_000,
        })),
    ])
}

fn gtpv2_msg(t: MessageType, seq: u32, teid: u32, ies: Vec<Ie<'static>>) -> Gtpv2Message<'static> {
    keyhop_codec::build::gtpv2::message(t, seq, teid, ies)
}

// ------------------------------------------------------------------------------------------
// S1AP messages

fn rnc_target() -> s1ap::TargetId<'static> {
    s1ap::TargetId::TargetRncId(s1ap::TargetRncId {
        lai: s1ap::Lai {
            plmn_identity: build::plmn(),
            lac: OctetStr(Octets::owned(vec![0x00, 0x2a])),
            ie_extensions: None,
            extension_additions: ExtensionAdditions::default(),
        },
        rac: Some(OctetStr(Octets::owned(vec![0x07]))),
        rnc_id: Int(RNC_ID as i64),
        extended_rnc_id: None,
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    })
}

const RNC_ID: u16 = 0x123;
const LAC: u16 = 0x002a;
const RAC: u8 = 7;

fn handover_command(mme: u32, enb: u32, ty: HandoverType, container: &[u8]) -> S1apPdu<'static> {
    let mut ies = build::with_ids(mme, enb, Vec::new());
    ies.push((s1id::HANDOVER_TYPE, s1(S1apIe::HandoverType(ty))));
    ies.push((
        s1id::TARGET_TO_SOURCE_TRANSPARENT_CONTAINER,
        s1_octets(s1id::TARGET_TO_SOURCE_TRANSPARENT_CONTAINER, container),
    ));
    build::s1ap_message("HandoverCommand", ies)
}

// ------------------------------------------------------------------------------------------
// s10-inter-mme-handover.pcapng

fn sa(s: &str) -> SocketAddr {
    s.parse().expect("a socket address")
}

/// One node's GTP-C sequence numbers (each sender numbers its own requests).
struct Seq(u32);
impl Seq {
    fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0 & 0x00ff_ffff
    }
}

/// Writes both captures into `dir`; returns the files written.
pub fn write(dir: &Path) -> Vec<PathBuf> {
    vec![write_s10(dir), write_utran(dir)]
}

fn write_s10(dir: &Path) -> PathBuf {
    let path = dir.join("s10-inter-mme-handover.pcapng");
    let mut out = Out::create(&path);
    let src_mme = sa("10.20.0.1:2123");
    let tgt_mme = sa("10.20.0.2:2123");
    let src_sgw = sa("10.20.3.1:2123");
    let tgt_sgw = sa("10.20.3.2:2123");
    let mut s1_src = SctpAssoc::new(sa("10.20.1.1:50001"), sa("10.20.0.1:36412"));
    let mut s1_tgt = SctpAssoc::new(sa("10.20.2.1:50002"), sa("10.20.0.2:36412"));
    out.sctp_setup(&mut s1_src);
    out.sctp_setup(&mut s1_tgt);
    let src_cell = Cell {
        enb_id: 0x1a2b3,
        cell: 2,
        pci: 12,
        earfcn_dl: 1300,
        earfcn_ul: 19300,
        tac: 0x0101,
    };
    let tgt_cell = Cell {
        enb_id: 0x1a2c4,
        cell: 1,
        pci: 301,
        earfcn_dl: 1300,
        earfcn_ul: 19300,
        tac: 0x0202,
    };
    let mut seq_src = Seq(0x1000);
    let mut seq_tgt = Seq(0x2000);
    let mut seq_sgw = Seq(0x3000);
    let sgw_ip = |a: SocketAddr| a.ip();
    for n in 0..2u32 {
        let relocate = n == 1;
        let ue = Ue {
            imsi: if relocate {
                "001010000000102"
            } else {
                "001010000000101"
            },
            kasme: Key256::new(std::array::from_fn(|i| {
                (i as u8).wrapping_mul(13) ^ (0x40 + n as u8)
            })),
            nas_ul: 7 + n,
            nas_dl: 11 + n,
            ip: Ipv4Addr::new(100, 64, 0, 10 + n as u8),
            bearer: Bearer {
                id: 5,
                qci: 9,
                sgw: sgw_ip(src_sgw),
                ul_teid: 0x5100_0000 + n,
                enb: "10.20.2.1".parse().unwrap(),
                dl_teid: 0x6100_0000 + n,
            },
            pgw_teid: 0x7100_0000 + n,
            pgw: "10.20.4.1".parse().unwrap(),
        };
        let (src_mme_id, src_enb_id) = (3000 + n, 400 + n);
        let (tgt_mme_id, tgt_enb_id) = (5000 + n, 600 + n);
        let src_mme_teid = 0x0a00_0000 + n;
        let tgt_mme_teid = 0x0b00_0000 + n;
        let stream = 1 + n as u16;
        // The AS key chain: KeNB from the initial context setup, then the next {NH, NCC}
        // that the source MME sends to the target MME (TS 33.401 7.2.8.4.3).
        let kenb = kdf::kenb(&ue.kasme, 0);
        let ncc = 1u8;
        let nh = kdf::nh_chain(&ue.kasme, &kenb, u32::from(ncc));

        let s2t = build::source_to_target_container(
            &unhex(RRC_HO_PREPARATION),
            &tgt_cell,
            &src_cell,
            120,
        );
        // 1. HandoverRequired.
        let required = build::handover_required(
            src_mme_id,
            src_enb_id,
            HandoverType::Intralte,
            build::target_id(&tgt_cell),
            &s2t,
        );
        out.s1ap(&mut s1_src, Dir::Forward, stream, &required);
        // 2. Forward Relocation Request over S10.
        let frr_seq = seq_src.next();
        let frr = gtpv2_msg(
            MessageType::ForwardRelocationRequest,
            frr_seq,
            0,
            vec![
                ie(imsi(ue.imsi)),
                ie(fteid(iface::S10_MME, src_mme_teid, src_mme.ip())),
                ie(pdn_connection(&ue, (ue.bearer.sgw, ue.bearer.ul_teid))),
                ie_i(fteid(iface::S11_S4_SGW, 0x0c00_0000 + n, src_sgw.ip()), 1),
                ie(mm_context_eps(&ue, &nh, ncc)),
                ie(IeValue::FContainer(FContainer {
                    type_octet: 3,
                    container: Octets::owned(s2t.clone()),
                })),
                ie(IeValue::TargetIdentification(TargetId::MacroEnb {
                    id: MacroEnbId {
                        plmn: plmn(),
                        field: tgt_cell.enb_id,
                    },
                    tac: tgt_cell.tac,
                })),
                ie(IeValue::FCause(FCause {
                    type_octet: 0,
                    cause: Octets::owned(vec![16]),
                })),
                ie(IeValue::SelectedPlmnId(plmn())),
            ],
        );
        out.gtpv2(src_mme, tgt_mme, &frr, 1_200);
        // 3. S-GW relocation: the target MME creates the session at the new S-GW.
        let (bearer_sgw, bearer_ul) = if relocate {
            let csr_seq = seq_tgt.next();
            let csr = gtpv2_msg(
                MessageType::CreateSessionRequest,
                csr_seq,
                0,
                vec![
                    ie(imsi(ue.imsi)),
                    ie(uli(&tgt_cell)),
                    ie(IeValue::ServingNetwork(plmn())),
                    ie(IeValue::RatType(6)),
                    ie(fteid(iface::S11_MME, tgt_mme_teid, tgt_mme.ip())),
                    ie_i(fteid(iface::S5S8_PGW_GTPC, ue.pgw_teid, ue.pgw), 1),
                    ie(apn()),
                    ie(IeValue::SelectionMode(0)),
                    ie(IeValue::PdnType(1)),
                    ie(IeValue::Paa(Paa {
                        pdn_type_octet: 1,
                        ipv6: None,
                        ipv4: Some(ue.ip),
                    })),
                    ie(IeValue::ApnRestriction(0)),
                    ie(IeValue::Ambr(Ambr {
                        uplink: 20_000,
                        downlink: 40_000,
                    })),
                    ie(IeValue::BearerContext(vec![
                        ie(IeValue::Ebi(ue.bearer.id)),
                        ie_i(fteid(iface::S5S8_PGW_GTPU, ue.pgw_teid | 0x100, ue.pgw), 2),
                        ie(qos(ue.bearer.qci)),
                    ])),
                ],
            );
            out.gtpv2(tgt_mme, tgt_sgw, &csr, 700);
            let new_ul = 0x5200_0000 + n;
            let csp = gtpv2_msg(
                MessageType::CreateSessionResponse,
                csr_seq,
                tgt_mme_teid,
                vec![
                    ie(accepted()),
                    ie(fteid(iface::S11_S4_SGW, 0x0d00_0000 + n, tgt_sgw.ip())),
                    ie_i(fteid(iface::S5S8_PGW_GTPC, ue.pgw_teid, ue.pgw), 1),
                    ie(IeValue::Paa(Paa {
                        pdn_type_octet: 1,
                        ipv6: None,
                        ipv4: Some(ue.ip),
                    })),
                    ie(IeValue::ApnRestriction(0)),
                    ie(IeValue::BearerContext(vec![
                        ie(IeValue::Ebi(ue.bearer.id)),
                        ie(accepted()),
                        ie(fteid(iface::S1U_SGW, new_ul, tgt_sgw.ip())),
                    ])),
                ],
            );
            out.gtpv2(tgt_sgw, tgt_mme, &csp, 2_300);
            (tgt_sgw.ip(), new_ul)
        } else {
            (ue.bearer.sgw, ue.bearer.ul_teid)
        };
        let bearer = Bearer {
            sgw: bearer_sgw,
            ul_teid: bearer_ul,
            ..ue.bearer
        };
        // 4. HandoverRequest with the MM Context's {NH, NCC}, and its Acknowledge.
        let request = build::handover_request(
            tgt_mme_id,
            HandoverType::Intralte,
            &[bearer],
            &s2t,
            ncc,
            &nh,
            None,
        );
        out.s1ap(&mut s1_tgt, Dir::Reverse, stream, &request);
        let ack =
            build::handover_request_ack(tgt_mme_id, tgt_enb_id, &[bearer], &unhex(RRC_HO_COMMAND));
        out.s1ap(&mut s1_tgt, Dir::Forward, stream, &ack);
        let enb_fwd = (bearer.enb, bearer.dl_teid | 0x8000_0000);
        // 5. Indirect forwarding tunnel at the new S-GW.
        let fwd_tunnel = if relocate {
            let s = seq_tgt.next();
            let req = gtpv2_msg(
                MessageType::CreateIndirectDataForwardingTunnelRequest,
                s,
                0x0d00_0000 + n,
                vec![ie(IeValue::BearerContext(vec![
                    ie(IeValue::Ebi(ue.bearer.id)),
                    ie(fteid(iface::ENB_DL_FORWARDING, enb_fwd.1, enb_fwd.0)),
                ]))],
            );
            out.gtpv2(tgt_mme, tgt_sgw, &req, 500);
            let fwd = (tgt_sgw.ip(), 0x5300_0000 + n);
            let resp = gtpv2_msg(
                MessageType::CreateIndirectDataForwardingTunnelResponse,
                s,
                tgt_mme_teid,
                vec![
                    ie(accepted()),
                    ie(IeValue::BearerContext(vec![
                        ie(IeValue::Ebi(ue.bearer.id)),
                        ie(accepted()),
                        ie(fteid(iface::SGW_DL_FORWARDING, fwd.1, fwd.0)),
                    ])),
                ],
            );
            out.gtpv2(tgt_sgw, tgt_mme, &resp, 1_900);
            fwd
        } else {
            enb_fwd
        };
        // 6. Forward Relocation Response with the target MME's F-TEID.
        let t2s = build::target_to_source_container(&unhex(RRC_HO_COMMAND));
        let frp = gtpv2_msg(
            MessageType::ForwardRelocationResponse,
            frr_seq,
            src_mme_teid,
            vec![
                ie(accepted()),
                ie(fteid(iface::S10_MME, tgt_mme_teid, tgt_mme.ip())),
                ie(IeValue::BearerContext(vec![
                    ie(IeValue::Ebi(ue.bearer.id)),
                    ie(fteid(
                        if relocate {
                            iface::SGW_DL_FORWARDING
                        } else {
                            iface::ENB_DL_FORWARDING
                        },
                        fwd_tunnel.1,
                        fwd_tunnel.0,
                    )),
                ])),
                ie(IeValue::FContainer(FContainer {
                    type_octet: 3,
                    container: Octets::owned(t2s.clone()),
                })),
                ie(IeValue::FCause(FCause {
                    type_octet: 0,
                    cause: Octets::owned(vec![16]),
                })),
            ],
        );
        out.gtpv2(tgt_mme, src_mme, &frp, 800);
        // 8. Indirect forwarding tunnel at the old S-GW, towards the new one.
        if relocate {
            let s = seq_src.next();
            let req = gtpv2_msg(
                MessageType::CreateIndirectDataForwardingTunnelRequest,
                s,
                0x0c00_0000 + n,
                vec![ie(IeValue::BearerContext(vec![
                    ie(IeValue::Ebi(ue.bearer.id)),
                    ie(fteid(iface::SGW_DL_FORWARDING, fwd_tunnel.1, fwd_tunnel.0)),
                ]))],
            );
            out.gtpv2(src_mme, src_sgw, &req, 400);
            let resp = gtpv2_msg(
                MessageType::CreateIndirectDataForwardingTunnelResponse,
                s,
                src_mme_teid,
                vec![
                    ie(accepted()),
                    ie(IeValue::BearerContext(vec![
                        ie(IeValue::Ebi(ue.bearer.id)),
                        ie(accepted()),
                        ie(fteid(
                            iface::SGW_DL_FORWARDING,
                            0x5400_0000 + n,
                            src_sgw.ip(),
                        )),
                    ])),
                ],
            );
            out.gtpv2(src_sgw, src_mme, &resp, 1_700);
        }
        // 9. HandoverCommand.
        let command = handover_command(src_mme_id, src_enb_id, HandoverType::Intralte, &t2s);
        out.s1ap(&mut s1_src, Dir::Reverse, stream, &command);
        // 12. HandoverNotify, 13. Forward Relocation Complete Notification / Acknowledge.
        let notify = build::handover_notify(tgt_mme_id, tgt_enb_id, &tgt_cell);
        out.s1ap(&mut s1_tgt, Dir::Forward, stream, &notify);
        let s = seq_tgt.next();
        let frcn = gtpv2_msg(
            MessageType::ForwardRelocationCompleteNotification,
            s,
            src_mme_teid,
            vec![],
        );
        out.gtpv2(tgt_mme, src_mme, &frcn, 600);
        let frca = gtpv2_msg(
            MessageType::ForwardRelocationCompleteAcknowledge,
            s,
            tgt_mme_teid,
            vec![ie(accepted())],
        );
        out.gtpv2(src_mme, tgt_mme, &frca, 1_100);
        // 14. Modify Bearer at the serving S-GW: the target eNB's downlink tunnel.
        let (mb_sgw, mb_teid) = if relocate {
            (tgt_sgw, 0x0d00_0000 + n)
        } else {
            (src_sgw, 0x0c00_0000 + n)
        };
        let s = seq_tgt.next();
        let mbr = gtpv2_msg(
            MessageType::ModifyBearerRequest,
            s,
            mb_teid,
            vec![
                ie(uli(&tgt_cell)),
                ie(fteid(iface::S11_MME, tgt_mme_teid, tgt_mme.ip())),
                ie(IeValue::BearerContext(vec![
                    ie(IeValue::Ebi(ue.bearer.id)),
                    ie(fteid(iface::S1U_ENB, bearer.dl_teid, bearer.enb)),
                ])),
            ],
        );
        out.gtpv2(tgt_mme, mb_sgw, &mbr, 500);
        let mbp = gtpv2_msg(
            MessageType::ModifyBearerResponse,
            s,
            tgt_mme_teid,
            vec![
                ie(accepted()),
                ie(IeValue::BearerContext(vec![
                    ie(IeValue::Ebi(ue.bearer.id)),
                    ie(accepted()),
                    ie(fteid(iface::S1U_SGW, bearer.ul_teid, bearer.sgw)),
                ])),
            ],
        );
        out.gtpv2(mb_sgw, tgt_mme, &mbp, 2_100);
        if relocate {
            // 19b. The old S-GW drops the session (no Operation Indication: the PGW keeps it).
            let s = seq_src.next();
            let dsr = gtpv2_msg(
                MessageType::DeleteSessionRequest,
                s,
                0x0c00_0000 + n,
                vec![
                    ie(IeValue::Ebi(ue.bearer.id)),
                    ie(uli(&src_cell)),
                    ie(IeValue::Indication(gtpv2::Indication(Octets::owned(vec![
                        0, 0, 0,
                    ])))),
                ],
            );
            out.gtpv2(src_mme, src_sgw, &dsr, 3_000);
            let dsp = gtpv2_msg(
                MessageType::DeleteSessionResponse,
                s,
                src_mme_teid,
                vec![ie(accepted())],
            );
            out.gtpv2(src_sgw, src_mme, &dsp, 1_300);
            // 21. The forwarding tunnels go when the timer expires.
            for (mme, sgw, sgw_teid, mme_teid, seq) in [
                (
                    src_mme,
                    src_sgw,
                    0x0c00_0000 + n,
                    src_mme_teid,
                    &mut seq_src,
                ),
                (
                    tgt_mme,
                    tgt_sgw,
                    0x0d00_0000 + n,
                    tgt_mme_teid,
                    &mut seq_tgt,
                ),
            ] {
                let s = seq.next();
                let req = gtpv2_msg(
                    MessageType::DeleteIndirectDataForwardingTunnelRequest,
                    s,
                    sgw_teid,
                    vec![],
                );
                out.gtpv2(mme, sgw, &req, 40_000);
                let resp = gtpv2_msg(
                    MessageType::DeleteIndirectDataForwardingTunnelResponse,
                    s,
                    mme_teid,
                    vec![ie(accepted())],
                );
                out.gtpv2(sgw, mme, &resp, 1_000);
            }
        }
        let _ = &mut seq_sgw;
    }
    // An Echo exchange between the MMEs (path management, no UE).
    let s = seq_src.next();
    let echo = gtpv2_msg(
        MessageType::EchoRequest,
        s,
        0,
        vec![ie(IeValue::Recovery(3))],
    );
    let mut echo = echo;
    echo.teid = None;
    out.gtpv2(src_mme, tgt_mme, &echo, 60_000);
    let mut echo_r = gtpv2_msg(
        MessageType::EchoResponse,
        s,
        0,
        vec![ie(IeValue::Recovery(5))],
    );
    echo_r.teid = None;
    out.gtpv2(tgt_mme, src_mme, &echo_r, 800);
    out.w.finish().expect("finish the capture");
    path
}

// ------------------------------------------------------------------------------------------
// utran-lte-handover.pcapng

fn gtpv1_msg(
    t: gtpv1::MessageType,
    teid: u32,
    seq: u16,
    ies: Vec<gtpv1::Ie<'static>>,
) -> gtpv1::Message<'static> {
    keyhop_codec::build::gtpv1::message(t, teid, seq, ies)
}

fn v1_quintuplet(seed: u8) -> gtpv1::Quintuplet<'static> {
    let q = quintuplet(seed);
    gtpv1::Quintuplet {
        rand: q.rand,
        xres: q.xres,
        ck: q.ck,
        ik: q.ik,
        autn: q.autn,
    }
}

fn rai() -> gtpv1::Rai {
    gtpv1::Rai {
        plmn: build::PLMN,
        lac: LAC,
        rac: RAC,
    }
}

fn gsn(ip: IpAddr) -> gtpv1::Ie<'static> {
    keyhop_codec::build::gtpv1::gsn_v4(v4(ip))
}

fn write_utran(dir: &Path) -> PathBuf {
    let path = dir.join("utran-lte-handover.pcapng");
    let mut out = Out::create(&path);
    let sgsn = sa("10.30.0.1:2123");
    let mme = sa("10.30.0.2:2123");
    let mut s1_enb = SctpAssoc::new(sa("10.30.1.1:50003"), sa("10.30.0.2:36412"));
    out.sctp_setup(&mut s1_enb);
    let cell = Cell {
        enb_id: 0x2b3c4,
        cell: 3,
        pci: 301,
        earfcn_dl: 1300,
        earfcn_ul: 19300,
        tac: 0x0303,
    };
    let bearer = Bearer {
        id: 5,
        qci: 9,
        sgw: "10.30.3.1".parse().unwrap(),
        ul_teid: 0x5500_0001,
        enb: "10.30.1.1".parse().unwrap(),
        dl_teid: 0x6500_0001,
    };
    let ue_imsi = "001010000000201";
    let (mme_id, enb_id) = (7001u32, 801u32);
    let stream = 1u16;

    // --- UTRAN -> E-UTRAN: GTPv1-C Forward Relocation Request SGSN -> MME (Gn).
    let ck = Key128::new(std::array::from_fn(|i| 0xc0 ^ i as u8));
    let ik = Key128::new(std::array::from_fn(|i| 0x1c ^ (i as u8).wrapping_mul(3)));
    let nonce_mme: u32 = 0x1234_5678;
    // TS 33.401 9.2.2.1: KASME' from CK, IK and NONCE_MME; the target's KeNB from KASME'
    // with the NAS uplink COUNT 2^32 - 1, sent in the NH field with NCC 0.
    let kasme_p = kdf::kasme_prime_handover(&ck, &ik, nonce_mme);
    let kenb = kdf::kenb(&kasme_p, u32::MAX);
    let s2t = build::source_to_target_container(&unhex(RRC_HO_PREPARATION), &cell, &cell, 30);
    let quintuplets: Vec<_> = (10..17).map(v1_quintuplet).collect();
    let mm = gtpv1::MmContext {
        octet4_bits_8_4: 0x1f,
        cksn_ksi: 2,
        security: gtpv1::SecurityContext::UmtsKeysAndQuintuplets {
            spare: 7,
            ck: ck.to_key_material(),
            ik: ik.to_key_material(),
            quintuplets,
        },
        drx_parameter: [0x0a, 0x00],
        ms_network_capability: Octets::owned(vec![0xe5, 0xe0, 0x34]),
        container: Octets::default(),
        trailing: Octets::default(),
    };
    // One PDP context per NSAPI: a UE with eight PDN connections (internet, IMS, MMS...) and
    // seven quintuplets makes a request larger than the MTU, as real ones can be.
    let qos_octets = || {
        Octets::owned(vec![
            0x03, 0x1b, 0x93, 0x1f, 0x73, 0x96, 0x97, 0x97, 0x44, 0xfb, 0x10, 0x11,
        ])
    };
    let apn_octets = DnsName::from_dotted("internet.mnc001.mcc001.gprs")
        .expect("a valid APN")
        .0
        .as_bytes()
        .to_vec();
    let pdp = |nsapi: u8| gtpv1::PdpContext {
        ea: false,
        vaa: false,
        asi: true,
        order: false,
        nsapi,
        sapi: gtpv1::NsapiOctet { spare: 0, nsapi: 3 },
        qos_subscribed: qos_octets(),
        qos_requested: qos_octets(),
        qos_negotiated: qos_octets(),
        sequence_number_down: 0,
        sequence_number_up: 0,
        send_npdu_number: 0,
        receive_npdu_number: 0,
        uplink_teid_control_plane: 0x4100_0000 + u32::from(nsapi),
        uplink_teid_data_i: 0x4200_0000 + u32::from(nsapi),
        pdp_context_identifier: nsapi - 4,
        pdp_type_organisation: gtpv1::NsapiOctet {
            spare: 0xf,
            nsapi: 1,
        },
        pdp_type_number: 0x21,
        pdp_address: Octets::owned(vec![100, 64, 1, nsapi]),
        ggsn_address_control_plane: Octets::owned(vec![10, 30, 4, 1]),
        ggsn_address_user_traffic: Octets::owned(vec![10, 30, 4, 1]),
        apn: Octets::owned(apn_octets.clone()),
        trailing: Octets::owned(vec![0x00]),
    };
    let tbcd = gtpv1::Tbcd8::from_digits(ue_imsi).expect("IMSI digits");
    let frr = gtpv1_msg(
        gtpv1::MessageType::ForwardRelocationRequest,
        0,
        0x0101,
        vec![
            gtpv1::Ie::Imsi(tbcd),
            gtpv1::Ie::TeidControlPlane(0x4300_0001),
            gtpv1::Ie::RanapCause(17), // time-critical-relocation (TS 25.413)
            gtpv1::Ie::MmContext(mm),
        ]
        .into_iter()
        .chain((5..=12).map(|n| gtpv1::Ie::PdpContext(pdp(n))))
        .chain([
            gsn(sgsn.ip()),
            gtpv1::Ie::TargetIdentification(gtpv1::TargetIdentification {
                rai: rai(),
                rnc_id: RNC_ID,
                extended_rnc_id: None,
                trailing: Octets::default(),
            }),
            gtpv1::Ie::UtranTransparentContainer(Octets::owned(s2t.clone())),
        ])
        .collect(),
    );
    out.gtpv1(sgsn, mme, &frr, 2_000);
    // The NAS security transparent container for the UE: NONCE_MME, the selected NAS
    // algorithms (EEA2/EIA2) and eKSI (TS 24.301 9.9.2.7, value part).
    let mut nas_params = nonce_mme.to_be_bytes().to_vec();
    nas_params.extend([0x22, 0x01]);
    let request = build::handover_request(
        mme_id,
        HandoverType::Utrantolte,
        &[bearer],
        &s2t,
        0,
        &kenb,
        Some(&nas_params),
    );
    out.s1ap(&mut s1_enb, Dir::Reverse, stream, &request);
    let ack = build::handover_request_ack(mme_id, enb_id, &[bearer], &unhex(RRC_HO_COMMAND));
    out.s1ap(&mut s1_enb, Dir::Forward, stream, &ack);
    let t2s = build::target_to_source_container(&unhex(RRC_HO_COMMAND));
    let frp = gtpv1_msg(
        gtpv1::MessageType::ForwardRelocationResponse,
        0x4300_0001,
        0x0101,
        vec![
            gtpv1::Ie::Cause(gtpv1::Cause::REQUEST_ACCEPTED),
            gtpv1::Ie::TeidControlPlane(0x4400_0001),
            gtpv1::Ie::RanapCause(17),
            gsn(mme.ip()),
            gtpv1::Ie::UtranTransparentContainer(Octets::owned(t2s)),
        ],
    );
    out.gtpv1(mme, sgsn, &frp, 900);
    let notify = build::handover_notify(mme_id, enb_id, &cell);
    out.s1ap(&mut s1_enb, Dir::Forward, stream, &notify);
    let frc = gtpv1_msg(
        gtpv1::MessageType::ForwardRelocationComplete,
        0x4300_0001,
        0x0201,
        vec![],
    );
    out.gtpv1(mme, sgsn, &frc, 700);
    let frca = gtpv1_msg(
        gtpv1::MessageType::ForwardRelocationCompleteAcknowledge,
        0x4400_0001,
        0x0201,
        vec![gtpv1::Ie::Cause(gtpv1::Cause::REQUEST_ACCEPTED)],
    );
    out.gtpv1(sgsn, mme, &frca, 1_000);

    // --- E-UTRAN -> UTRAN: GTPv2-C Forward Relocation Request MME -> S4-SGSN (S3) with
    // CK', IK' from KASME and the NAS downlink COUNT (TS 33.401 Annex A.8).
    let s3_sgsn = sa("10.30.0.3:2123");
    let ue = Ue {
        imsi: "001010000000202",
        kasme: Key256::new(std::array::from_fn(|i| (i as u8).wrapping_mul(29) ^ 0x5a)),
        nas_ul: 40,
        nas_dl: 258,
        ip: Ipv4Addr::new(100, 64, 0, 31),
        bearer: Bearer {
            ul_teid: 0x5500_0002,
            dl_teid: 0x6500_0002,
            ..bearer
        },
        pgw_teid: 0x7500_0002,
        pgw: "10.30.4.1".parse().unwrap(),
    };
    let (ck_p, ik_p) = kdf::ck_ik_prime_handover(&ue.kasme, ue.nas_dl);
    let (mme_id2, enb_id2) = (7002u32, 802u32);
    let s2t_rnc = unhex(RANAP_SOURCE_TO_TARGET);
    let required = build::handover_required(
        mme_id2,
        enb_id2,
        HandoverType::Ltetoutran,
        rnc_target(),
        &s2t_rnc,
    );
    out.s1ap(&mut s1_enb, Dir::Forward, stream + 1, &required);
    let s3_mme_teid = 0x0e00_0002;
    let frr2 = gtpv2_msg(
        MessageType::ForwardRelocationRequest,
        0x00_5001,
        0,
        vec![
            ie(imsi(ue.imsi)),
            ie(fteid(iface::S3_MME, s3_mme_teid, mme.ip())),
            ie(pdn_connection(&ue, (ue.bearer.sgw, ue.bearer.ul_teid))),
            ie_i(fteid(iface::S11_S4_SGW, 0x0f00_0002, ue.bearer.sgw), 1),
            ie(mm_context_mapped(&ue, &ck_p, &ik_p)),
            ie_i(
                IeValue::FContainer(FContainer {
                    type_octet: 1,
                    container: Octets::owned(s2t_rnc.clone()),
                }),
                1,
            ),
            ie(IeValue::TargetIdentification(TargetId::RncId {
                plmn: plmn(),
                lac: LAC,
                rac: RAC,
                rnc_id: RNC_ID,
                extended_rnc_id: None,
            })),
            ie(IeValue::FCause(FCause {
                type_octet: 0,
                cause: Octets::owned(vec![16]),
            })),
        ],
    );
    out.gtpv2(mme, s3_sgsn, &frr2, 1_500);
    let frp2 = gtpv2_msg(
        MessageType::ForwardRelocationResponse,
        0x00_5001,
        s3_mme_teid,
        vec![
            ie(accepted()),
            ie(fteid(iface::S3_SGSN, 0x4600_0002, s3_sgsn.ip())),
            ie_i(
                IeValue::FContainer(FContainer {
                    type_octet: 1,
                    container: Octets::owned(unhex(RANAP_TARGET_TO_SOURCE)),
                }),
                1,
            ),
        ],
    );
    out.gtpv2(s3_sgsn, mme, &frp2, 4_000);
    let command = handover_command(
        mme_id2,
        enb_id2,
        HandoverType::Ltetoutran,
        &unhex(RANAP_TARGET_TO_SOURCE),
    );
    out.s1ap(&mut s1_enb, Dir::Reverse, stream + 1, &command);
    let frcn = gtpv2_msg(
        MessageType::ForwardRelocationCompleteNotification,
        0x00_6001,
        s3_mme_teid,
        vec![],
    );
    out.gtpv2(s3_sgsn, mme, &frcn, 30_000);
    let frca2 = gtpv2_msg(
        MessageType::ForwardRelocationCompleteAcknowledge,
        0x00_6001,
        0x4600_0002,
        vec![ie(accepted())],
    );
    out.gtpv2(mme, s3_sgsn, &frca2, 900);
    out.w.finish().expect("finish the capture");
    path
}
