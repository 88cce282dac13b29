//! `x2-handover.pcapng`: one MME and three eNBs (alpha and bravo over IPv4, charlie over
//! IPv6), S1 Setup on each, X2 Setup alpha-bravo (IPv4) and bravo-charlie (IPv6) naming each
//! served cell's PCI and EARFCNs, three subscribers attached, then legacy X2 handovers
//! (TS 36.423 8.2): HandoverRequest with AS-SecurityInformation {KeNB*, NCC}, KeNB* =
//! KDF(K, 0x13, target PCI, target EARFCN-DL) (TS 33.401 A.5; K the unused NH, else the
//! current KeNB) and the RRC context; HandoverRequestAcknowledge with the HandoverCommand to
//! the target PCI (with carrierFreq when the frequency changes); SNStatusTransfer; S1AP
//! PathSwitchRequest / Acknowledge with the next {NCC, NH}; X2AP UEContextRelease.
//!
//! UE 1 moves alpha -> bravo (intra-frequency, from KeNB) -> charlie (inter-frequency, from
//! NH with NCC 1, over IPv6). UE 2's first request is refused (HandoverPreparationFailure), the
//! second cancelled by the source (HandoverCancel). UE 3 moves bravo -> alpha (intra-frequency,
//! from KeNB). Every handover is legacy: the MAKR key-refresh flows, with IE 60004, are in
//! `x2-makr.pcapng` (module makr.rs).

use crate::build::{self, x2, x2id, Assoc, Bearer, Capture, Cell, Subscriber, Ue};
use keyhop::capture::synth::Dir;
use keyhop_codec::ap::common::Int;
use keyhop_codec::security::kdf::{self, EarfcnEncoding};
use keyhop_codec::security::Key256;
use keyhop_codec::x2ap::{self, CauseRadioNetwork as Rn, X2apIe, X2apPdu};
use keyhop_codec::Octets;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

/// Seed of the subscribers' KASMEs.
pub const KASME_SEED: u64 = 0x6b65_7968_6f70_5832;

struct Enb {
    name: &'static str,
    cell: Cell,
    s1: Assoc,
    next_ue_id: u32,
    next_x2_id: u32,
}

/// An X2 association between two eNBs of the list (the first is the SCTP client).
struct X2Link {
    a: usize,
    b: usize,
    assoc: Assoc,
}

/// The key state the serving eNB holds for a UE.
struct AsKeys {
    /// The current KeNB.
    kenb: Key256,
    /// An NH received and not used yet, with its NCC.
    unused_nh: Option<(Key256, u8)>,
    /// The NCC the eNB holds (sent to the target with KeNB*).
    ncc: u8,
    /// NH derivations the MME made (the next path switch derives the next).
    mme_chain: u32,
}

fn send_x2(cap: &mut Capture, link: &mut X2Link, from: usize, stream: u16, msgs: &[&X2apPdu<'_>]) {
    let d = if from == link.a {
        Dir::Forward
    } else {
        Dir::Reverse
    };
    let bytes: Vec<Vec<u8>> = msgs.iter().map(|m| build::x2ap_bytes(m)).collect();
    cap.send(&mut link.assoc, d, stream, build::PPID_X2AP, &bytes);
}

fn x2_setup(cap: &mut Capture, enbs: &[Enb], link: &mut X2Link) {
    cap.handshake(&mut link.assoc);
    let msg = |name: &str, e: &Enb| {
        build::x2ap_message(
            name,
            vec![
                (
                    x2id::GLOBAL_ENB_ID,
                    x2(X2apIe::GlobalEnbId(Box::new(build::global_enb_id(
                        e.cell.enb_id,
                    )))),
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
    let (a, b) = (link.a, link.b);
    send_x2(cap, link, a, 0, &[&msg("X2SetupRequest", &enbs[a])]);
    send_x2(cap, link, b, 0, &[&msg("X2SetupResponse", &enbs[b])]);
}

fn old_new(
    old: u32,
    new: Option<u32>,
) -> Vec<(u16, keyhop_codec::ap::IeValue<'static, X2apIe<'static>>)> {
    let mut v = vec![(
        x2id::OLD_ENB_UE_X2AP_ID,
        x2(X2apIe::OldEnbUeX2apId(Int(old as i64))),
    )];
    if let Some(n) = new {
        v.push((
            x2id::NEW_ENB_UE_X2AP_ID,
            x2(X2apIe::NewEnbUeX2apId(Int(n as i64))),
        ));
    }
    v
}

/// How an X2 handover attempt ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Done,
    Refused,
    Cancelled,
}

#[allow(clippy::too_many_arguments)]
fn handover(
    cap: &mut Capture,
    enbs: &mut [Enb],
    link: &mut X2Link,
    ue: &mut Ue,
    keys: &mut AsKeys,
    dst: usize,
    how: Outcome,
) {
    let src = ue.enb;
    let (src_cell, dst_cell) = (enbs[src].cell, enbs[dst].cell);
    let st = ue.stream;
    let old_id = enbs[src].next_x2_id;
    enbs[src].next_x2_id += 1;

    // KeNB* from the unused NH if the eNB has one, else from the current KeNB (A.5, 7.2.8.4.2).
    let (base, ncc) = match &keys.unused_nh {
        Some((nh, ncc)) => (nh.clone(), *ncc),
        None => (keys.kenb.clone(), keys.ncc),
    };
    let kenb_star = kdf::kenb_star(
        &base,
        dst_cell.pci,
        dst_cell.earfcn_dl,
        EarfcnEncoding::ByValue,
    )
    .expect("the target cell's EARFCN is in range");
    let (key_ie, ncc_ie) = (build::key_bits(&kenb_star), ncc);
    let context = build::x2_ue_context(
        ue.mme_id,
        key_ie,
        ncc_ie,
        &ue.bearers,
        &build::rrc_preparation(&src_cell, ue.c_rnti),
    );
    let mut v = old_new(old_id, None);
    v.extend([
        (
            x2id::CAUSE,
            x2(X2apIe::Cause(x2ap::Cause::RadioNetwork(
                Rn::HandoverDesirableForRadioReasons,
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
            x2(X2apIe::UeContextInformation(Box::new(context))),
        ),
        (
            x2id::UE_HISTORY_INFORMATION,
            x2(X2apIe::UeHistoryInformation(build::x2_ue_history(
                &src_cell, 95,
            ))),
        ),
    ]);
    let request = build::x2ap_message("HandoverRequest", v);
    send_x2(cap, link, src, st, &[&request]);

    if how == Outcome::Refused {
        let mut v = old_new(old_id, None);
        v.push((
            x2id::CAUSE,
            x2(X2apIe::Cause(x2ap::Cause::RadioNetwork(
                Rn::NoRadioResourcesAvailableInTargetCell,
            ))),
        ));
        send_x2(
            cap,
            link,
            dst,
            st,
            &[&build::x2ap_message("HandoverPreparationFailure", v)],
        );
        return;
    }

    let new_id = enbs[dst].next_x2_id;
    enbs[dst].next_x2_id += 1;
    let new_c_rnti = 0x5000 | (new_id as u16 & 0x0fff);
    let target_bearers: Vec<Bearer> = ue
        .bearers
        .iter()
        .map(|b| Bearer {
            enb: enbs[dst].s1.sctp.client.ip(),
            dl_teid: 0x0e00_0000 | (dst as u32) << 16 | ue.mme_id << 4 | b.id as u32,
            ..*b
        })
        .collect();
    let command = build::rrc_command(&src_cell, &dst_cell, new_c_rnti, ncc_ie);
    let mut v = old_new(old_id, Some(new_id));
    v.extend([
        (
            x2id::E_RABS_ADMITTED_LIST,
            x2(X2apIe::ERabsAdmittedList(build::x2_erabs_admitted(
                &target_bearers,
            ))),
        ),
        (
            x2id::TARGET_ENB_TO_SOURCE_ENB_TRANSPARENT_CONTAINER,
            x2(X2apIe::TargetEnbToSourceEnbTransparentContainer(
                keyhop_codec::ap::common::OctetStr(Octets::owned(command)),
            )),
        ),
    ]);
    send_x2(
        cap,
        link,
        dst,
        st,
        &[&build::x2ap_message("HandoverRequestAcknowledge", v)],
    );

    if how == Outcome::Cancelled {
        let mut v = old_new(old_id, Some(new_id));
        v.push((
            x2id::CAUSE,
            x2(X2apIe::Cause(x2ap::Cause::RadioNetwork(
                Rn::TrelocprepExpiry,
            ))),
        ));
        send_x2(
            cap,
            link,
            src,
            st,
            &[&build::x2ap_message("HandoverCancel", v)],
        );
        return;
    }

    let mut v = old_new(old_id, Some(new_id));
    v.push((
        x2id::E_RABS_SUBJECT_TO_STATUS_TRANSFER_LIST,
        x2(X2apIe::ERabsSubjectToStatusTransferList(
            build::x2_status_transfer(
                &ue.bearers,
                0x0000_3100 + ue.mme_id * 11,
                0x0000_5200 + ue.mme_id * 13,
            ),
        )),
    ));
    send_x2(
        cap,
        link,
        src,
        st,
        &[&build::x2ap_message("SNStatusTransfer", v)],
    );
    cap.wait(20_000);

    // Path switch at the MME: it derives the next NH (TS 33.401 7.2.8.4.2).
    let new_enb_ue_id = enbs[dst].next_ue_id;
    enbs[dst].next_ue_id += 1;
    let switch = build::path_switch_request(new_enb_ue_id, &target_bearers, ue.mme_id, &dst_cell);
    build::send_s1(cap, &mut enbs[dst].s1, Dir::Forward, st, &[&switch]);
    keys.mme_chain += 1;
    let nh = kdf::nh_chain(&ue.sub.kasme, &ue.kenb, keys.mme_chain);
    let next_ncc = (keys.mme_chain % 8) as u8;
    let ack = build::path_switch_request_ack(ue.mme_id, new_enb_ue_id, next_ncc, &nh);
    build::send_s1(cap, &mut enbs[dst].s1, Dir::Reverse, st, &[&ack]);
    let release = build::x2ap_message("UEContextRelease", old_new(old_id, Some(new_id)));
    send_x2(cap, link, dst, st, &[&release]);

    // The target now runs on KeNB* and keeps the fresh NH for the next handover.
    keys.kenb = kenb_star;
    keys.ncc = ncc_ie;
    keys.unused_nh = Some((nh, next_ncc));
    ue.enb = dst;
    ue.enb_ue_id = new_enb_ue_id;
    ue.c_rnti = new_c_rnti;
    ue.bearers = target_bearers;
}

fn enbs() -> Vec<Enb> {
    let mme4: SocketAddr = "10.30.0.1:36412".parse().unwrap();
    let mme6: SocketAddr = "[fd00:30::1]:36412".parse().unwrap();
    let mk = |name, enb_id: u32, pci, earfcn_dl, earfcn_ul, tac, addr: &str, mme| Enb {
        name,
        cell: Cell {
            enb_id,
            cell: 1,
            pci,
            earfcn_dl,
            earfcn_ul,
            tac,
        },
        s1: Assoc::new(addr.parse().unwrap(), mme),
        next_ue_id: 1 + (enb_id & 0xff) * 100,
        next_x2_id: 10 * (enb_id & 0xf),
    };
    vec![
        mk(
            "enb-alpha",
            0x2c0a1,
            11,
            1300,
            19300,
            0x0010,
            "10.30.1.1:36412",
            mme4,
        ),
        mk(
            "enb-bravo",
            0x2c0a2,
            22,
            1300,
            19300,
            0x0010,
            "10.30.1.2:37412",
            mme4,
        ),
        mk(
            "enb-charlie",
            0x2c0a3,
            33,
            3050,
            21050,
            0x0011,
            "[fd00:30::3]:38412",
            mme6,
        ),
    ]
}

/// Writes the X2 handover capture and its keys file into `dir`; returns the files written.
pub fn write(dir: &Path) -> Vec<PathBuf> {
    let path = dir.join("x2-handover.pcapng");
    let mut cap = Capture::create(&path, 1_795_000_600);
    let mut enbs = enbs();
    for e in enbs.iter_mut() {
        build::s1_setup(&mut cap, &mut e.s1, e.name, &e.cell);
    }
    let mut ab = X2Link {
        a: 0,
        b: 1,
        assoc: Assoc::new(
            "10.30.1.1:36422".parse().unwrap(),
            "10.30.1.2:36422".parse().unwrap(),
        ),
    };
    let mut bc = X2Link {
        a: 1,
        b: 2,
        assoc: Assoc::new(
            "[fd00:30::2]:40422".parse().unwrap(),
            "[fd00:30::3]:36422".parse().unwrap(),
        ),
    };
    x2_setup(&mut cap, &enbs, &mut ab);
    x2_setup(&mut cap, &enbs, &mut bc);

    let sgw: IpAddr = "10.40.0.1".parse().unwrap();
    let homes = [0usize, 0, 1];
    let mut ues: Vec<(Ue, AsKeys)> = homes
        .iter()
        .enumerate()
        .map(|(n, &enb)| {
            let n = n as u32;
            let sub = Subscriber::new(KASME_SEED, n + 101);
            let enb_ue_id = enbs[enb].next_ue_id;
            enbs[enb].next_ue_id += 1;
            let kenb = kdf::kenb(&sub.kasme, 0);
            let mme_id = 0x200 + n;
            let bearers = vec![Bearer {
                id: 5,
                qci: 9,
                sgw,
                ul_teid: 0x6000_0000 | mme_id << 4 | 5,
                enb: enbs[enb].s1.sctp.client.ip(),
                dl_teid: 0x0e00_0000 | (enb as u32) << 16 | mme_id << 4 | 5,
            }];
            let keys = AsKeys {
                kenb: kenb.clone(),
                unused_nh: None,
                ncc: 0,
                mme_chain: 0,
            };
            (
                Ue {
                    sub,
                    mme_id,
                    enb,
                    enb_ue_id,
                    c_rnti: 0x3100 | n as u16,
                    kenb,
                    ncc: 0,
                    bearers,
                    stream: 1 + (n % 7) as u16,
                },
                keys,
            )
        })
        .collect();
    for (n, (ue, _)) in ues.iter_mut().enumerate() {
        let e = &mut enbs[ue.enb];
        build::attach(&mut cap, &mut e.s1, &e.cell, ue, n as u32 + 1);
    }
    {
        let (ue, keys) = &mut ues[0];
        handover(&mut cap, &mut enbs, &mut ab, ue, keys, 1, Outcome::Done);
        handover(&mut cap, &mut enbs, &mut bc, ue, keys, 2, Outcome::Done);
    }
    {
        let (ue, keys) = &mut ues[1];
        handover(&mut cap, &mut enbs, &mut ab, ue, keys, 1, Outcome::Refused);
        handover(
            &mut cap,
            &mut enbs,
            &mut ab,
            ue,
            keys,
            1,
            Outcome::Cancelled,
        );
    }
    {
        let (ue, keys) = &mut ues[2];
        handover(&mut cap, &mut enbs, &mut ab, ue, keys, 0, Outcome::Done);
    }
    for e in enbs.iter_mut() {
        cap.flush_sacks(&mut e.s1);
    }
    cap.flush_sacks(&mut ab.assoc);
    cap.flush_sacks(&mut bc.assoc);
    cap.finish();
    let subs: Vec<Subscriber> = ues.into_iter().map(|(u, _)| u.sub).collect();
    let keys = dir.join("x2-handover.keys.toml");
    std::fs::write(&keys, build::keys_file(&subs)).expect("write the keys file");
    vec![path, keys]
}
