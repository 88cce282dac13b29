//! `s1-handover.pcapng`: one MME and three eNBs (two over IPv4, one over IPv6), S1 Setup on
//! each association, then four subscribers attach (InitialUEMessage with an Attach Request,
//! authentication and security mode over Downlink/UplinkNASTransport, InitialContextSetup with
//! KeNB = KDF(KASME, 0)) and move by intra-MME S1 handovers: Required, Request with the
//! {NCC, NH} of TS 33.401 A.4, Acknowledge, Command, eNB/MME status transfer, Notify, release
//! of the source. UE 1 hands over twice (NCC 1 then 2); UE 2's first attempt fails in the
//! target (HandoverFailure, HandoverPreparationFailure) before it succeeds; UE 3's source
//! cancels a prepared handover (HandoverCancel) before handing over. Messages going the same
//! way on one association share an SCTP packet where a stack would bundle them, SACKs ride
//! in front of DATA, and one HandoverRequest is fragmented over three SCTP packets.

use crate::build::{
    self, ids, s1, s1_octets, s1id as id, Assoc, Bearer, Capture, Cell, Subscriber, Ue,
};
use keyhop::capture::synth::Dir;
use keyhop_codec::ap::common::Int;
use keyhop_codec::s1ap::{self, CauseRadioNetwork as Rn, S1apIe, S1apPdu};
use keyhop_codec::security::kdf;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

/// Seed of the subscribers' KASMEs.
pub const KASME_SEED: u64 = 0x6b65_7968_6f70_5331;

struct Enb {
    name: &'static str,
    cell: Cell,
    assoc: Assoc,
    next_ue_id: u32,
}

impl Enb {
    fn addr(&self) -> IpAddr {
        self.assoc.sctp.client.ip()
    }
}

fn send(cap: &mut Capture, enb: &mut Enb, d: Dir, stream: u16, msgs: &[&S1apPdu<'_>]) {
    build::send_s1(cap, &mut enb.assoc, d, stream, msgs);
}

/// How a handover attempt ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Executed and completed.
    Done,
    /// The target refuses: HandoverFailure, then HandoverPreparationFailure to the source.
    TargetFails,
    /// The source cancels after the target admitted the UE.
    Cancelled,
}

/// One intra-MME S1 handover attempt of `ue` to eNB `dst`.
fn handover(
    cap: &mut Capture,
    enbs: &mut [Enb],
    ue: &mut Ue,
    dst: usize,
    how: Outcome,
    fragment: bool,
) {
    let src = ue.enb;
    let (src_cell, dst_cell) = (enbs[src].cell, enbs[dst].cell);
    let st = ue.stream;
    // The source's container: the MME passes it to the target unchanged.
    let container = build::source_to_target_container(
        &build::rrc_preparation(&src_cell, ue.c_rnti),
        &dst_cell,
        &src_cell,
        120 + ue.mme_id as u16 % 60,
    );
    let required = build::handover_required(
        ue.mme_id,
        ue.enb_ue_id,
        s1ap::HandoverType::Intralte,
        build::target_id(&dst_cell),
        &container,
    );
    send(cap, &mut enbs[src], Dir::Forward, st, &[&required]);

    // The MME derives the next NH (TS 33.401 7.2.8.4.3) and sends it with its NCC.
    ue.ncc += 1;
    let nh = kdf::nh_chain(&ue.sub.kasme, &ue.kenb, ue.ncc);
    let ncc = (ue.ncc % 8) as u8;
    let target_bearers: Vec<Bearer> = ue
        .bearers
        .iter()
        .map(|b| Bearer {
            enb: enbs[dst].addr(),
            dl_teid: 0x0d00_0000 | (dst as u32) << 16 | ue.mme_id << 4 | b.id as u32,
            ..*b
        })
        .collect();
    let request = build::handover_request(
        ue.mme_id,
        s1ap::HandoverType::Intralte,
        &ue.bearers,
        &container,
        ncc,
        &nh,
        None,
    );
    if fragment {
        let bytes = build::s1ap_bytes(&request);
        let piece = bytes.len().div_ceil(3);
        cap.send_fragmented(
            &mut enbs[dst].assoc,
            Dir::Reverse,
            st,
            build::PPID_S1AP,
            &bytes,
            piece,
        );
    } else {
        send(cap, &mut enbs[dst], Dir::Reverse, st, &[&request]);
    }

    if how == Outcome::TargetFails {
        let failure = build::s1ap_message(
            "HandoverFailure",
            vec![
                (
                    id::MME_UE_S1AP_ID,
                    s1(S1apIe::MmeUeS1apId(Int(ue.mme_id as i64))),
                ),
                (
                    id::CAUSE,
                    s1(S1apIe::Cause(build::cause(
                        Rn::NoRadioResourcesAvailableInTargetCell,
                    ))),
                ),
            ],
        );
        send(cap, &mut enbs[dst], Dir::Forward, st, &[&failure]);
        let mut v = ids(ue);
        v.push((
            id::CAUSE,
            s1(S1apIe::Cause(build::cause(
                Rn::NoRadioResourcesAvailableInTargetCell,
            ))),
        ));
        let prep_failure = build::s1ap_message("HandoverPreparationFailure", v);
        send(cap, &mut enbs[src], Dir::Reverse, st, &[&prep_failure]);
        return;
    }

    let new_enb_id = enbs[dst].next_ue_id;
    enbs[dst].next_ue_id += 1;
    let new_c_rnti = 0x4000 | (new_enb_id as u16 & 0x0fff);
    let command_rrc = build::rrc_command(&src_cell, &dst_cell, new_c_rnti, ncc);
    let ack = build::handover_request_ack(ue.mme_id, new_enb_id, &target_bearers, &command_rrc);
    send(cap, &mut enbs[dst], Dir::Forward, st, &[&ack]);

    if how == Outcome::Cancelled {
        let mut v = ids(ue);
        v.push((
            id::CAUSE,
            s1(S1apIe::Cause(build::cause(Rn::HandoverCancelled))),
        ));
        let cancel = build::s1ap_message("HandoverCancel", v);
        send(cap, &mut enbs[src], Dir::Forward, st, &[&cancel]);
        let cancel_ack = build::s1ap_message("HandoverCancelAcknowledge", ids(ue));
        send(cap, &mut enbs[src], Dir::Reverse, st, &[&cancel_ack]);
        // The target's prepared context goes.
        let release = build::s1ap_message(
            "UEContextReleaseCommand",
            vec![
                (
                    id::UE_S1AP_IDS,
                    s1(S1apIe::UeS1apIds(build::ue_s1ap_ids(ue.mme_id, new_enb_id))),
                ),
                (
                    id::CAUSE,
                    s1(S1apIe::Cause(build::cause(Rn::HandoverCancelled))),
                ),
            ],
        );
        send(cap, &mut enbs[dst], Dir::Reverse, st, &[&release]);
        let complete = build::s1ap_message(
            "UEContextReleaseComplete",
            build::with_ids(ue.mme_id, new_enb_id, vec![]),
        );
        send(cap, &mut enbs[dst], Dir::Forward, st, &[&complete]);
        return;
    }

    let mut v = ids(ue);
    v.extend([
        (
            id::HANDOVER_TYPE,
            s1(S1apIe::HandoverType(s1ap::HandoverType::Intralte)),
        ),
        (
            id::E_RAB_SUBJECTTO_DATA_FORWARDING_LIST,
            s1(S1apIe::ERabSubjecttoDataForwardingList(
                build::erabs_forwarding(&target_bearers),
            )),
        ),
        (
            id::TARGET_TO_SOURCE_TRANSPARENT_CONTAINER,
            s1_octets(
                id::TARGET_TO_SOURCE_TRANSPARENT_CONTAINER,
                &build::target_to_source_container(&command_rrc),
            ),
        ),
    ]);
    let command = build::s1ap_message("HandoverCommand", v);
    send(cap, &mut enbs[src], Dir::Reverse, st, &[&command]);

    let counts = (0x0001_2000 + ue.mme_id * 37, 0x0002_4000 + ue.mme_id * 53);
    let mut v = ids(ue);
    v.push((
        id::ENB_STATUS_TRANSFER_TRANSPARENT_CONTAINER,
        s1(S1apIe::EnbStatusTransferTransparentContainer(
            build::status_transfer(&ue.bearers, counts.0, counts.1),
        )),
    ));
    let status = build::s1ap_message("ENBStatusTransfer", v);
    send(cap, &mut enbs[src], Dir::Forward, st, &[&status]);
    let mme_status = build::s1ap_message(
        "MMEStatusTransfer",
        build::with_ids(
            ue.mme_id,
            new_enb_id,
            vec![(
                id::ENB_STATUS_TRANSFER_TRANSPARENT_CONTAINER,
                s1(S1apIe::EnbStatusTransferTransparentContainer(
                    build::status_transfer(&ue.bearers, counts.0, counts.1),
                )),
            )],
        ),
    );
    send(cap, &mut enbs[dst], Dir::Reverse, st, &[&mme_status]);
    cap.wait(25_000);
    let notify = build::handover_notify(ue.mme_id, new_enb_id, &dst_cell);
    send(cap, &mut enbs[dst], Dir::Forward, st, &[&notify]);
    let release = build::s1ap_message(
        "UEContextReleaseCommand",
        vec![
            (
                id::UE_S1AP_IDS,
                s1(S1apIe::UeS1apIds(build::ue_s1ap_ids(
                    ue.mme_id,
                    ue.enb_ue_id,
                ))),
            ),
            (
                id::CAUSE,
                s1(S1apIe::Cause(build::cause(Rn::SuccessfulHandover))),
            ),
        ],
    );
    send(cap, &mut enbs[src], Dir::Reverse, st, &[&release]);
    let complete = build::s1ap_message("UEContextReleaseComplete", ids(ue));
    send(cap, &mut enbs[src], Dir::Forward, st, &[&complete]);

    ue.enb = dst;
    ue.enb_ue_id = new_enb_id;
    ue.c_rnti = new_c_rnti;
    ue.bearers = target_bearers;
}

/// The eNBs of the S1 sample: (name, cell, S1-MME address).
fn enbs() -> Vec<Enb> {
    let mme4: SocketAddr = "10.10.0.1:36412".parse().unwrap();
    let mme6: SocketAddr = "[fd00:10::1]:36412".parse().unwrap();
    let mk = |name, enb_id, pci, earfcn_dl, earfcn_ul, tac, addr: &str, mme| Enb {
        name,
        cell: Cell {
            enb_id,
            cell: 1,
            pci,
            earfcn_dl,
            earfcn_ul,
            tac,
        },
        assoc: Assoc::new(addr.parse().unwrap(), mme),
        next_ue_id: 1 + (enb_id & 0xff) * 100,
    };
    vec![
        mk(
            "enb-north",
            0x1a2b1,
            101,
            1300,
            19300,
            0x0001,
            "10.10.1.1:36412",
            mme4,
        ),
        mk(
            "enb-east",
            0x1a2b2,
            202,
            1300,
            19300,
            0x0001,
            "10.10.1.2:37412",
            mme4,
        ),
        mk(
            "enb-south",
            0x1a2b3,
            303,
            3050,
            21050,
            0x0002,
            "[fd00:10::3]:38412",
            mme6,
        ),
    ]
}

/// Writes the S1 handover capture and its keys file into `dir`; returns the files written.
pub fn write(dir: &Path) -> Vec<PathBuf> {
    let path = dir.join("s1-handover.pcapng");
    let mut cap = Capture::create(&path, 1_795_000_000);
    let mut enbs = enbs();
    for enb in enbs.iter_mut() {
        build::s1_setup(&mut cap, &mut enb.assoc, enb.name, &enb.cell);
    }
    let sgw: [IpAddr; 2] = ["10.20.0.1".parse().unwrap(), "fd00:20::1".parse().unwrap()];
    let mut ues: Vec<Ue> = (0..4u32)
        .map(|n| {
            let sub = Subscriber::new(KASME_SEED, n + 1);
            let enb = (n as usize) % enbs.len();
            let enb_ue_id = enbs[enb].next_ue_id;
            enbs[enb].next_ue_id += 1;
            let kenb = kdf::kenb(&sub.kasme, 0);
            let mme_id = 0x100 + n;
            let v6 = enbs[enb].addr().is_ipv6();
            let bearers = vec![Bearer {
                id: 5,
                qci: 9,
                sgw: sgw[v6 as usize],
                ul_teid: 0x5000_0000 | mme_id << 4 | 5,
                enb: enbs[enb].addr(),
                dl_teid: 0x0d00_0000 | (enb as u32) << 16 | mme_id << 4 | 5,
            }];
            Ue {
                sub,
                mme_id,
                enb,
                enb_ue_id,
                c_rnti: 0x3000 | n as u16,
                kenb,
                ncc: 0,
                bearers,
                stream: 1 + (n % 7) as u16,
            }
        })
        .collect();
    for (n, ue) in ues.iter_mut().enumerate() {
        let e = &mut enbs[ue.enb];
        build::attach(&mut cap, &mut e.assoc, &e.cell, ue, n as u32 + 1);
    }
    // UE 1: north -> east -> south (NCC 1, then 2), the first request fragmented.
    handover(&mut cap, &mut enbs, &mut ues[0], 1, Outcome::Done, true);
    handover(&mut cap, &mut enbs, &mut ues[0], 2, Outcome::Done, false);
    // UE 2 (east): the target (south) has no room, then north takes it.
    handover(
        &mut cap,
        &mut enbs,
        &mut ues[1],
        2,
        Outcome::TargetFails,
        false,
    );
    handover(&mut cap, &mut enbs, &mut ues[1], 0, Outcome::Done, false);
    // UE 3 (south, over IPv6): cancelled towards north, then to east.
    handover(
        &mut cap,
        &mut enbs,
        &mut ues[2],
        0,
        Outcome::Cancelled,
        false,
    );
    handover(&mut cap, &mut enbs, &mut ues[2], 1, Outcome::Done, false);
    // UE 4 (north): to south.
    handover(&mut cap, &mut enbs, &mut ues[3], 2, Outcome::Done, false);
    for enb in enbs.iter_mut() {
        cap.flush_sacks(&mut enb.assoc);
    }
    cap.finish();
    let subs: Vec<Subscriber> = ues.into_iter().map(|u| u.sub).collect();
    let keys = dir.join("s1-handover.keys.toml");
    std::fs::write(&keys, build::keys_file(&subs)).expect("write the keys file");
    vec![path, keys]
}
