//! `x2-makr.pcapng`: MME-assisted key refresh (key-refresh.md section 1) around X2 handovers.
//!
//! One MME and four macro eNBs in a ring (each one's neighbours are the two next to it). S1 Setup
//! on every S1 association (eNB names, Global eNB IDs), X2 Setup between ring neighbours, then
//! the MME distributes each eNB its own two MME-eNB keys (keyId 0: 16 octets, keyId 1:
//! 32 octets). Three UEs attach (InitialUEMessage with an IMSI Attach Request, initial context
//! setup) and each makes two consecutive X2 handovers with key refresh: NeighbourKeyRequest,
//! NeighbourKeyResponse (a wrapped KeNB per neighbour), H_key delivery over protected NAS
//! (EEA2/EIA2), X2AP HandoverRequest with WrappedKeNB (key-eNodeB-star zero, NCC 0),
//! Acknowledge, path switch, UEContextRelease. The second refresh of each UE sends the H_key
//! before the response (steps 4 and 5 in either order).
//!
//! Wrap algorithm per (eNB, keyId), so that each KEK has one algorithm and all three appear;
//! KDF per UE (aes-cmac-ctr with a 32-octet and a 16-octet H_key, aes-block).
//!
//! Also written: `x2-makr.keys.toml` (the MME-eNB keys of two eNBs, KASME of each UE, NAS counts
//! for two of them; no H_key: the dissector learns them from the NAS deliveries) and
//! `x2-makr.expected.json` (every KeNB and H_key the generator made, for the tests).

use super::build::{self, s1, s1id, x2, x2id, Bearer, Cell};
use keyhop::capture::synth::{Chunk, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use keyhop_codec::ap::common::{Int, OctetStr, PrintableStr, Rng};
use keyhop_codec::makr::{
    self, EnbId, EnbIdentity, KeyDistribution, KeyDistributionItem, MakrPrivateIe,
    NeighbourKeyRequest, NeighbourKeyResponse, WrappedKeNB,
};
use keyhop_codec::nas::hkey::HkeyDelivery;
use keyhop_codec::nas::{NasCount, NasKeys};
use keyhop_codec::rrc::build::{handover_command, handover_preparation_information};
use keyhop_codec::rrc::build::{SourceConfig, TargetConfig};
use keyhop_codec::s1ap::{self, S1apIe, S1apPdu};
use keyhop_codec::security::keys::{Key256, SecretKey};
use keyhop_codec::security::makr::derive_kenb;
use keyhop_codec::security::{kdf, KdfAlgorithm, WrapAlgorithm, WrapBinding};
use keyhop_codec::x2ap::{self, X2apIe, X2apPdu};
use keyhop_codec::{KeyMaterial, Octets};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

const PPID_S1AP: u32 = 18;
const PPID_X2AP: u32 = 27;
const MME_ADDR: &str = "10.30.0.1";
const MME_NAME: &str = "mme-makr";
const NAMES: [&str; 4] = ["enb-north", "enb-east", "enb-south", "enb-west"];

/// The wrap algorithm of each (eNB, keyId): one per KEK, all three used.
fn wrap_alg(enb: usize, key_id: u8) -> WrapAlgorithm {
    const T: [[WrapAlgorithm; 2]; 4] = [
        [WrapAlgorithm::AesKw, WrapAlgorithm::AesCtrCmac],
        [WrapAlgorithm::AesEcb, WrapAlgorithm::AesKw],
        [WrapAlgorithm::AesCtrCmac, WrapAlgorithm::AesKw],
        [WrapAlgorithm::AesKw, WrapAlgorithm::AesCtrCmac],
    ];
    T[enb][key_id as usize]
}

/// The ASN.1 form of a wrap algorithm (every one the flows use is listed).
pub(crate) fn asn1_wrap(w: WrapAlgorithm) -> makr::WrapAlgorithm {
    keyhop_codec::build::makr::wrap_algorithm(w).expect("a listed wrap algorithm")
}

fn asn1_kdf(k: KdfAlgorithm) -> makr::KdfAlgorithm {
    keyhop_codec::build::makr::kdf_algorithm(k).expect("a listed KDF")
}

fn random_bytes(rng: &mut Rng, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.next_u64() as u8).collect()
}

/// One eNB: its cell, S1 association to the MME and its two MME-eNB keys.
struct Enb {
    id: u32,
    cell: Cell,
    ip: IpAddr,
    s1: SctpAssoc,
    keks: [Vec<u8>; 2],
}

impl Enb {
    fn identity(&self) -> EnbIdentity<'static> {
        EnbIdentity::new(build::PLMN, EnbId::Macro(self.id))
    }
    fn ident(&self) -> [u8; 8] {
        self.identity().ident().expect("a macro eNB identity")
    }
}

struct Out {
    w: PcapNgFileWriter<std::io::BufWriter<std::fs::File>>,
    iface: u32,
    link: LinkSpec,
    t: i64,
    frames: u64,
}

impl Out {
    fn packet(&mut self, assoc: &mut SctpAssoc, d: Dir, chunks: &[Chunk]) {
        let sctp = assoc.packet(d, chunks);
        let ip = assoc.ip_packet(d, &sctp);
        self.t += 2_300;
        let ts = Timestamp::new(
            1_795_100_000 + self.t / 1_000_000,
            (self.t % 1_000_000) as u64 * 1000,
        );
        self.w
            .write(self.iface, ts, &self.link.frame(&ip))
            .expect("write the capture");
        self.frames += 1;
    }

    fn handshake(&mut self, assoc: &mut SctpAssoc) {
        for (d, pkt) in assoc.handshake() {
            let ip = assoc.ip_packet(d, &pkt);
            self.t += 300;
            let ts = Timestamp::new(
                1_795_100_000 + self.t / 1_000_000,
                (self.t % 1_000_000) as u64 * 1000,
            );
            self.w.write(self.iface, ts, &self.link.frame(&ip)).unwrap();
            self.frames += 1;
        }
    }

    /// Sends an S1AP message from the eNB (Forward) or the MME (Reverse); returns its frame.
    fn s1(&mut self, enb: &mut Enb, d: Dir, stream: u16, pdu: &S1apPdu<'_>) -> u64 {
        let bytes = s1ap::encode(pdu).expect("the generator's S1AP encodes");
        let chunks = enb.s1.message(d, stream, PPID_S1AP, &bytes, 1400);
        self.packet(&mut enb.s1, d, &chunks);
        self.frames
    }

    fn x2(&mut self, assoc: &mut SctpAssoc, d: Dir, pdu: &X2apPdu<'_>) -> u64 {
        let bytes = x2ap::encode(pdu).expect("the generator's X2AP encodes");
        let chunks = assoc.message(d, 1, PPID_X2AP, &bytes, 1400);
        self.packet(assoc, d, &chunks);
        self.frames
    }
}

/// Gives an association its own verification tags: associations between the same ports
/// (every S1 association uses 36412 at both ends) are otherwise taken for one by tshark,
/// which then calls their first DATA chunks retransmissions.
fn distinct(mut a: SctpAssoc, n: u32) -> SctpAssoc {
    a.client_tag ^= n.wrapping_mul(0x0101_0101);
    a.server_tag ^= n.wrapping_mul(0x0203_0405);
    a
}

fn private(ie: MakrPrivateIe<'static>) -> S1apPdu<'static> {
    ie.into_s1ap_pdu()
}

fn printable(s: &str) -> PrintableStr<'static, 1, 150, true> {
    PrintableStr(Cow::Owned(s.as_bytes().to_vec()))
}

/// One refresh as the generator made it, for the expected-values sidecar.
struct Refresh {
    refresh_counter: u16,
    kdf: KdfAlgorithm,
    h_key: Vec<u8>,
    nas_count: u32,
    kenbs: Vec<(String, u8, WrapAlgorithm, Vec<u8>)>,
    target: String,
}

struct UeRecord {
    imsi: String,
    mme_ue_s1ap_id: u32,
    refreshes: Vec<Refresh>,
}

fn ident_text(ident: &[u8; 8]) -> String {
    keyhop_codec::text::enb_id(
        &keyhop_codec::text::plmn_or_hex(&ident[..3]),
        "macro",
        u32::from_be_bytes([ident[4], ident[5], ident[6], ident[7]]),
    )
}

/// Writes the MAKR capture, its keys file and the expected values into `dir`.
pub fn write(dir: &Path) -> Vec<PathBuf> {
    let path = dir.join("x2-makr.pcapng");
    let mut w = PcapNgFileWriter::create(&path).expect("create the capture");
    let iface = w
        .add_interface(linktype::ETHERNET, 6)
        .expect("add an interface");
    let mut out = Out {
        w,
        iface,
        link: LinkSpec::ethernet(),
        t: 0,
        frames: 0,
    };
    let mut rng = Rng::new(0x6d61_6b72_0001);
    let mme: SocketAddr = format!("{MME_ADDR}:36412").parse().unwrap();
    let mut enbs: Vec<Enb> = (0..4u32)
        .map(|i| {
            let ip: IpAddr = format!("10.30.1.{}", i + 1).parse().unwrap();
            let id = 0x1A2B0 + i;
            Enb {
                id,
                cell: Cell {
                    enb_id: id,
                    cell: 1,
                    pci: 100 + i as u16 * 7,
                    earfcn_dl: 1575,
                    earfcn_ul: 19575,
                    tac: 0x0101,
                },
                ip,
                s1: distinct(SctpAssoc::new(SocketAddr::new(ip, 36412), mme), i + 1),
                keks: [random_bytes(&mut rng, 16), random_bytes(&mut rng, 32)],
            }
        })
        .collect();

    // S1 Setup: names and Global eNB IDs per address.
    for (i, e) in enbs.iter_mut().enumerate() {
        out.handshake(&mut e.s1);
        let req = build::s1ap_message(
            "S1SetupRequest",
            vec![
                (
                    s1id::GLOBAL_ENB_ID,
                    s1(S1apIe::GlobalEnbId(Box::new(build::global_enb_id(e.id)))),
                ),
                (s1id::ENB_NAME, s1(S1apIe::EnbName(printable(NAMES[i])))),
                (
                    s1id::SUPPORTED_TAS,
                    s1(S1apIe::SupportedTas(build::supported_tas(e.cell.tac))),
                ),
                (
                    s1id::DEFAULT_PAGING_DRX,
                    s1(S1apIe::DefaultPagingDrx(s1ap::PagingDrx::V128)),
                ),
            ],
        );
        out.s1(e, Dir::Forward, 0, &req);
        let resp = build::s1ap_message(
            "S1SetupResponse",
            vec![
                (s1id::MME_NAME, s1(S1apIe::MmeName(printable(MME_NAME)))),
                (
                    s1id::SERVED_GUMMEIS,
                    s1(S1apIe::ServedGummeis(build::served_gummeis())),
                ),
                (
                    s1id::RELATIVE_MME_CAPACITY,
                    s1(S1apIe::RelativeMmeCapacity(Int(255))),
                ),
            ],
        );
        out.s1(e, Dir::Reverse, 0, &resp);
    }

    // X2 Setup between ring neighbours (i, i+1): i is the client.
    let mut x2s: Vec<((usize, usize), SctpAssoc)> = Vec::new();
    for i in 0..4 {
        let j = (i + 1) % 4;
        let mut a = distinct(
            SctpAssoc::new(
                SocketAddr::new(enbs[i].ip, 36422),
                SocketAddr::new(enbs[j].ip, 36422),
            ),
            0x10 + i as u32,
        );
        out.handshake(&mut a);
        let setup = |name: &str, e: &Enb| {
            build::x2ap_message(
                name,
                vec![
                    (
                        x2id::GLOBAL_ENB_ID,
                        x2(X2apIe::GlobalEnbId(Box::new(build::global_enb_id(e.id)))),
                    ),
                    (
                        x2id::SERVED_CELLS,
                        x2(X2apIe::ServedCells(keyhop_codec::ap::common::SeqOf(vec![
                            build::served_cell(&e.cell),
                        ]))),
                    ),
                    (
                        x2id::GU_GROUP_ID_LIST,
                        x2(X2apIe::GuGroupIdList(keyhop_codec::ap::common::SeqOf(
                            vec![build::x2_gu_group_id()],
                        ))),
                    ),
                ],
            )
        };
        out.x2(&mut a, Dir::Forward, &setup("X2SetupRequest", &enbs[i]));
        out.x2(&mut a, Dir::Reverse, &setup("X2SetupResponse", &enbs[j]));
        x2s.push(((i, j), a));
    }

    // Steps 1-2: each eNB gets its own keys only.
    for e in enbs.iter_mut() {
        let kd = KeyDistribution {
            keys: (0..2u8)
                .map(|k| KeyDistributionItem {
                    enb_identity: e.identity(),
                    key_id: k,
                    mme_enb_key: KeyMaterial::owned(e.keks[k as usize].clone()),
                    extensions: Default::default(),
                })
                .collect(),
            extensions: Default::default(),
        };
        out.s1(e, Dir::Reverse, 0, &private(kd.into()));
    }

    let kdfs = [
        (KdfAlgorithm::AesCmacCtr, 32usize),
        (KdfAlgorithm::AesBlock, 16),
        (KdfAlgorithm::AesCmacCtr, 16),
    ];
    // NAS downlink COUNT of each UE's first message in the capture; UE 2's is not in the keys
    // file (overflow 2: the dissector must search it).
    let first_counts = [0x0000_0005u32, 0x0000_0102, 0x0000_0203];
    let mut ues: Vec<UeRecord> = Vec::new();
    let mut kasmes: Vec<Key256> = Vec::new();
    for u in 0..3usize {
        let imsi = format!("00101000000{:04}", 1001 + u);
        let mme_id = 0x0010_0000 + u as u32 * 17;
        let mut enb_ue_id = 500 + u as u32 * 10;
        let mut serving = u;
        let stream = 1 + u as u16;
        let kasme = Key256::new(std::array::from_fn(|_| rng.next_u64() as u8));
        let nas_keys = NasKeys::from_kasme(&kasme, 2, 2);
        let (kdf_alg, h_len) = kdfs[u];
        let bearers = [Bearer {
            id: 5,
            qci: 9,
            sgw: "10.30.9.1".parse().unwrap(),
            ul_teid: 0x0a00_0000 + u as u32,
            enb: enbs[serving].ip,
            dl_teid: 0x0b00_0000 + u as u32,
        }];

        // Attach: the IMSI links the UE to its MME-UE-S1AP-ID.
        let e = &mut enbs[serving];
        let init = build::s1ap_message(
            "InitialUEMessage",
            vec![
                (
                    s1id::ENB_UE_S1AP_ID,
                    s1(S1apIe::EnbUeS1apId(Int(enb_ue_id as i64))),
                ),
                (
                    s1id::NAS_PDU,
                    s1(S1apIe::NasPdu(OctetStr(Octets::owned(
                        build::attach_request(&imsi),
                    )))),
                ),
                (s1id::TAI, s1(S1apIe::Tai(Box::new(build::tai(e.cell.tac))))),
                (
                    s1id::EUTRAN_CGI,
                    s1(S1apIe::EutranCgi(build::ecgi(&e.cell))),
                ),
                (
                    s1id::RRC_ESTABLISHMENT_CAUSE,
                    s1(S1apIe::RrcEstablishmentCause(
                        s1ap::RrcEstablishmentCause::MoSignalling,
                    )),
                ),
            ],
        );
        out.s1(e, Dir::Forward, stream, &init);
        let kenb0 = kdf::kenb(&kasme, 0);
        let ics = build::s1ap_message(
            "InitialContextSetupRequest",
            build::with_ids(
                mme_id,
                enb_ue_id,
                vec![
                    (
                        s1id::UE_AGGREGATE_MAXIMUM_BITRATE,
                        s1(S1apIe::UeAggregateMaximumBitrate(build::ue_ambr())),
                    ),
                    (
                        s1id::E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ,
                        s1(S1apIe::ERabToBeSetupListCtxtSuReq(
                            build::erabs_ctxt_su_req(&bearers, None),
                        )),
                    ),
                    (
                        s1id::UE_SECURITY_CAPABILITIES,
                        s1(S1apIe::UeSecurityCapabilities(Box::new(
                            build::ue_security_capabilities(),
                        ))),
                    ),
                    (
                        s1id::SECURITY_KEY,
                        s1(S1apIe::SecurityKey(build::key_bits(&kenb0))),
                    ),
                ],
            ),
        );
        out.s1(e, Dir::Reverse, stream, &ics);
        let icr = build::s1ap_message(
            "InitialContextSetupResponse",
            build::with_ids(
                mme_id,
                enb_ue_id,
                vec![(
                    s1id::E_RAB_SETUP_LIST_CTXT_SU_RES,
                    s1(S1apIe::ERabSetupListCtxtSuRes(build::erabs_ctxt_su_res(
                        &bearers,
                    ))),
                )],
            ),
        );
        out.s1(e, Dir::Forward, stream, &icr);

        let mut record = UeRecord {
            imsi: imsi.clone(),
            mme_ue_s1ap_id: mme_id,
            refreshes: Vec::new(),
        };
        let mut x2_id = 100 + u as i64 * 20;
        for (hop, nas_count) in (0..2u16).zip(first_counts[u]..) {
            let rc = 0x10 * (u as u16 + 1) + hop;
            let target = (serving + 1) % 4;
            let neighbours = [(serving + 3) % 4, target];
            let h_key = random_bytes(&mut rng, h_len);
            let key_id = (hop % 2) as u8;

            // Step 3 (step 12 for the second hop): the serving eNB names its neighbours.
            let req = NeighbourKeyRequest {
                mme_ue_s1ap_id: mme_id,
                enb_ue_s1ap_id: enb_ue_id,
                serving_enb: enbs[serving].identity(),
                neighbours: neighbours.iter().map(|&n| enbs[n].identity()).collect(),
                extensions: Default::default(),
            };
            out.s1(
                &mut enbs[serving],
                Dir::Forward,
                stream,
                &private(req.into()),
            );

            // Step 4: a KeNB per neighbour from H_key, wrapped under that neighbour's KEK.
            let mut items = Vec::new();
            let mut kenbs = Vec::new();
            for &n in &neighbours {
                let ident = enbs[n].ident();
                let kenb = derive_kenb(kdf_alg, &h_key, &ident).expect("KDF");
                let alg = wrap_alg(n, key_id);
                let iv: [u8; 16] = std::array::from_fn(|_| rng.next_u64() as u8);
                let binding = WrapBinding {
                    target_ident: ident,
                    mme_ue_s1ap_id: mme_id,
                    refresh_counter: rc,
                };
                items.push(
                    keyhop_codec::build::makr::wrapped_key_item(
                        enbs[n].identity(),
                        key_id,
                        alg,
                        &enbs[n].keks[key_id as usize],
                        &kenb,
                        &iv,
                        &binding,
                    )
                    .expect("wrap"),
                );
                kenbs.push((ident_text(&ident), key_id, alg, kenb.expose().to_vec()));
            }
            let resp = NeighbourKeyResponse {
                mme_ue_s1ap_id: mme_id,
                enb_ue_s1ap_id: enb_ue_id,
                refresh_counter: rc,
                kdf: asn1_kdf(kdf_alg),
                wrapped_keys: items.clone(),
                extensions: Default::default(),
            };
            let resp = private(resp.into());

            // Step 5: the H_key to the UE, protected NAS in a DownlinkNASTransport.
            let delivery = HkeyDelivery::new(rc, kdf_alg, SecretKey::from_slice(&h_key));
            let nas = delivery
                .protect(&nas_keys, NasCount::from_value(nas_count))
                .expect("protect the H_key delivery");
            let dl = build::s1ap_message(
                "DownlinkNASTransport",
                build::with_ids(
                    mme_id,
                    enb_ue_id,
                    vec![(
                        s1id::NAS_PDU,
                        s1(S1apIe::NasPdu(OctetStr(Octets::owned(nas)))),
                    )],
                ),
            );
            // Steps 4 and 5 travel on different streams and may arrive in either order.
            if hop == 0 {
                out.s1(&mut enbs[serving], Dir::Reverse, 0, &resp);
                out.s1(&mut enbs[serving], Dir::Reverse, stream, &dl);
            } else {
                out.s1(&mut enbs[serving], Dir::Reverse, stream, &dl);
                out.s1(&mut enbs[serving], Dir::Reverse, 0, &resp);
            }
            record.refreshes.push(Refresh {
                refresh_counter: rc,
                kdf: kdf_alg,
                h_key: h_key.clone(),
                nas_count,
                kenbs,
                target: ident_text(&enbs[target].ident()),
            });

            // Step 7: X2AP HandoverRequest with WrappedKeNB, key-eNodeB-star zero, NCC 0.
            let src_cell = enbs[serving].cell;
            let dst_cell = enbs[target].cell;
            let rrc = handover_preparation_information(&SourceConfig {
                pci: src_cell.pci,
                earfcn_dl: src_cell.earfcn_dl,
                c_rnti: 0x1000 + u as u16,
                mcc: [0, 0, 1],
                mnc: vec![0, 1],
                tac: src_cell.tac,
                cell_identity: src_cell.eci(),
                band: 3,
                short_mac_i: 0x1234,
            })
            .expect("HandoverPreparationInformation");
            let wrapped_item = items[1].clone();
            let wk = WrappedKeNB {
                refresh_counter: rc,
                kdf: asn1_kdf(kdf_alg),
                key: wrapped_item,
                extensions: Default::default(),
            };
            let old_x2 = x2_id;
            let hreq = build::x2ap_message(
                "HandoverRequest",
                vec![
                    (
                        x2id::OLD_ENB_UE_X2AP_ID,
                        x2(X2apIe::OldEnbUeX2apId(Int(old_x2))),
                    ),
                    (
                        x2id::CAUSE,
                        x2(X2apIe::Cause(x2ap::Cause::RadioNetwork(
                            x2ap::CauseRadioNetwork::HandoverDesirableForRadioReasons,
                        ))),
                    ),
                    (
                        x2id::TARGET_CELL_ID,
                        x2(X2apIe::TargetCellId(build::ecgi(&dst_cell))),
                    ),
                    (
                        x2id::GUMMEI_ID,
                        x2(X2apIe::GummeiId(Box::new(build::x2_gummei()))),
                    ),
                    (
                        x2id::UE_CONTEXT_INFORMATION,
                        x2(X2apIe::UeContextInformation(Box::new(
                            build::x2_ue_context(mme_id, build::zero_key_bits(), 0, &bearers, &rrc),
                        ))),
                    ),
                    (
                        x2id::UE_HISTORY_INFORMATION,
                        x2(X2apIe::UeHistoryInformation(build::x2_ue_history(
                            &src_cell, 40,
                        ))),
                    ),
                    (x2id::WRAPPED_KENB, x2(X2apIe::WrappedKenb(Box::new(wk)))),
                ],
            );
            let (pair, forward) = x2s
                .iter()
                .position(|((a, b), _)| (*a, *b) == (serving, target))
                .map(|p| (p, true))
                .or_else(|| {
                    x2s.iter()
                        .position(|((a, b), _)| (*a, *b) == (target, serving))
                        .map(|p| (p, false))
                })
                .expect("an X2 association between neighbours");
            let (to_target, to_source) = if forward {
                (Dir::Forward, Dir::Reverse)
            } else {
                (Dir::Reverse, Dir::Forward)
            };
            out.x2(&mut x2s[pair].1, to_target, &hreq);

            // Step 8: the target admits the UE; its HandoverCommand names the target cell.
            x2_id += 1;
            let new_x2 = x2_id;
            let cmd = handover_command(&TargetConfig {
                pci: dst_cell.pci,
                earfcn_dl: None,
                earfcn_ul: None,
                new_c_rnti: 0x2000 + u as u16 * 4 + hop,
                transaction_id: 0,
                ncc: 0,
            })
            .expect("HandoverCommand");
            let ack = build::x2ap_message(
                "HandoverRequestAcknowledge",
                vec![
                    (
                        x2id::OLD_ENB_UE_X2AP_ID,
                        x2(X2apIe::OldEnbUeX2apId(Int(old_x2))),
                    ),
                    (
                        x2id::NEW_ENB_UE_X2AP_ID,
                        x2(X2apIe::NewEnbUeX2apId(Int(new_x2))),
                    ),
                    (
                        x2id::E_RABS_ADMITTED_LIST,
                        x2(X2apIe::ERabsAdmittedList(build::x2_erabs_admitted(
                            &bearers,
                        ))),
                    ),
                    (
                        x2id::TARGET_ENB_TO_SOURCE_ENB_TRANSPARENT_CONTAINER,
                        x2(X2apIe::TargetEnbToSourceEnbTransparentContainer(OctetStr(
                            Octets::owned(cmd),
                        ))),
                    ),
                ],
            );
            out.x2(&mut x2s[pair].1, to_source, &ack);

            // Path switch from the target, with the next NH of the chain.
            let new_enb_ue_id = enb_ue_id + 1000;
            let ncc = hop as u8 + 1;
            let nh = kdf::nh_chain(&kasme, &kenb0, ncc as u32);
            let mut moved = bearers;
            moved[0].enb = enbs[target].ip;
            let psr = build::path_switch_request(new_enb_ue_id, &moved, mme_id, &dst_cell);
            out.s1(&mut enbs[target], Dir::Forward, stream, &psr);
            let psa = build::path_switch_request_ack(mme_id, new_enb_ue_id, ncc, &nh);
            out.s1(&mut enbs[target], Dir::Reverse, stream, &psa);

            // Step 11: the target releases the source's context.
            let rel = build::x2ap_message(
                "UEContextRelease",
                vec![
                    (
                        x2id::OLD_ENB_UE_X2AP_ID,
                        x2(X2apIe::OldEnbUeX2apId(Int(old_x2))),
                    ),
                    (
                        x2id::NEW_ENB_UE_X2AP_ID,
                        x2(X2apIe::NewEnbUeX2apId(Int(new_x2))),
                    ),
                ],
            );
            out.x2(&mut x2s[pair].1, to_source, &rel);

            serving = target;
            enb_ue_id = new_enb_ue_id;
            x2_id += 1;
        }
        ues.push(record);
        kasmes.push(kasme);
    }
    out.w.finish().expect("finish the capture");

    let keys_path = dir.join("x2-makr.keys.toml");
    std::fs::write(&keys_path, keys_file(&enbs, &ues, &kasmes, &first_counts))
        .expect("write the keys file");
    let expected_path = dir.join("x2-makr.expected.json");
    std::fs::write(&expected_path, expected_json(&enbs, &ues)).expect("write the expected values");
    vec![path, keys_path, expected_path]
}

/// The keys file: KEKs of the first two eNBs only (the others are learned from the capture),
/// KASME of every UE (by IMSI, or by MME-UE-S1AP-ID for UE 1), NAS counts for UEs 0 and 1.
fn keys_file(enbs: &[Enb], ues: &[UeRecord], kasmes: &[Key256], counts: &[u32]) -> String {
    let mut s = String::from(
        "# Keys of samples/x2-makr.pcapng (key-refresh.md section 8), written by keyhop-samples.\n\
         # H_keys are not here: keyhop learns them from the NAS deliveries (step 5).\n\
         # eNBs enb-south and enb-west: their MME-eNB keys are learned from KeyDistribution.\n",
    );
    for e in &enbs[..2] {
        for (k, kek) in e.keks.iter().enumerate() {
            let _ = write!(
                s,
                "\n[[mme_enb_key]]\nplmn = \"00101\"\nkind = \"macro\"\nenb_id = {:#x}\nkey_id = {k}\nkey = \"{}\"\n",
                e.id,
                hex::encode(kek)
            );
        }
    }
    for (i, (u, k)) in ues.iter().zip(kasmes).enumerate() {
        s.push_str("\n[[kasme]]\n");
        if i == 1 {
            let _ = writeln!(
                s,
                "mme_ue_s1ap_id = {}\nmme = \"{MME_ADDR}\"",
                u.mme_ue_s1ap_id
            );
        } else {
            let _ = writeln!(s, "imsi = \"{}\"", u.imsi);
        }
        let _ = writeln!(s, "key = \"{}\"", hex::encode(k.expose()));
        if i != 2 {
            let _ = writeln!(
                s,
                "nas_downlink_count = {}\nnas_algorithms = {{ eea = 2, eia = 2 }}",
                counts[i]
            );
        }
    }
    s
}

/// Every KeNB and H_key the generator made, for the end-to-end test.
fn expected_json(enbs: &[Enb], ues: &[UeRecord]) -> String {
    let v = serde_json::json!({
        "enbs": enbs.iter().enumerate().map(|(i, e)| serde_json::json!({
            "name": NAMES[i],
            "address": e.ip.to_string(),
            "enb": ident_text(&e.ident()),
            "mme_enb_keys": e.keks.iter().map(hex::encode).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "ues": ues.iter().map(|u| serde_json::json!({
            "imsi": u.imsi,
            "mme_ue_s1ap_id": u.mme_ue_s1ap_id,
            "refreshes": u.refreshes.iter().map(|r| serde_json::json!({
                "refresh_counter": r.refresh_counter,
                "kdf": r.kdf.name(),
                "h_key": hex::encode(&r.h_key),
                "nas_count": r.nas_count,
                "handover_target": r.target,
                "kenbs": r.kenbs.iter().map(|(t, k, a, kenb)| serde_json::json!({
                    "target_enb": t,
                    "key_id": k,
                    "wrap_algorithm": a.name(),
                    "kenb": hex::encode(kenb),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&v).expect("JSON");
    s.push('\n');
    s
}
