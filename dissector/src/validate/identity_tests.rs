//! The engine follows nodes and UEs by the identities the network gives them: eNBs whose X2
//! and S1 addresses differ (in both address families), an MME answering on IPv4 and IPv6,
//! S1 and X2 Setups missing for some nodes, one MME-UE-S1AP-ID at two MMEs at once, and keys
//! named by one of an MME's addresses while the UE first appears at the other.

use super::engine::{Engine, Limits};
use super::event::*;
use super::rules::{ProcKind, Rule, Severity};
use crate::analysis::nodes::Gummei;
use crate::keys::{Kasme, KeysFile, MmeRef, UeRef};
use keyhop_codec::security::kdf;
use keyhop_codec::security::keys::Key256;
use keyhop_codec::security::makr::{EnbIdentity, EnbKind};
use keyhop_codec::KeyMaterial;
use std::net::SocketAddr;

const PLMN: [u8; 3] = [0x00, 0xf1, 0x10];
const KASME: [u8; 32] = [0x33; 32];
const KENB0: [u8; 32] = [0x44; 32];

fn a(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn ev(frame: u64, src: &str, dst: &str, kind: Kind) -> Event {
    Event {
        frame,
        time: crate::capture::Timestamp::new(0, frame * 1000),
        src: a(src),
        dst: a(dst),
        kind,
    }
}

fn enb(id: u32) -> EnbIdentity {
    EnbIdentity::new(PLMN, EnbKind::Macro, id).unwrap()
}

fn cell(id: u32) -> Ecgi {
    Ecgi {
        plmn: PLMN,
        cell_id: id << 8 | 1,
    }
}

fn gummei(mmec: u8) -> Gummei {
    Gummei {
        plmn: PLMN,
        mmegi: 0x8001,
        mmec,
    }
}

fn nh1() -> Key32 {
    Key32::new(*kdf::nh(&Key256::new(KASME), &Key256::new(KENB0)).expose())
}

// MME 1 answers on IPv4 and IPv6; MME 2 on IPv4. eNB A: S1 10.1.0.1, X2 [fd00:2::1]. eNB B:
// S1 [fd00:1::2], X2 10.2.0.2. eNB C: S1 10.1.0.3, X2 10.2.0.3. eNB D: S1 10.1.0.4, X2
// [fd00:2::4]. Only MME 1 sent S1 Setup Responses, only eNB A an S1 and an X2 Setup; eNBs B,
// C, D none.
const MME1_V4: &str = "10.0.0.100:36412";
const MME1_V6: &str = "[fd00::100]:36412";
const MME2: &str = "10.0.0.200:36412";

/// UE `id` at the MME of `mme` served by the eNB at `s1`, handed over on X2 from `x2_src` to
/// `x2_dst` (cell of eNB `target`), whose S1 side `target_s1` switches the path at `psw_mme`.
#[allow(clippy::too_many_arguments)]
fn x2_flow(
    f: u64,
    id: u32,
    old: u16,
    mme: &str,
    s1: &str,
    x2_src: &str,
    x2_dst: &str,
    target: u32,
    target_s1: &str,
    psw_mme: &str,
) -> Vec<Event> {
    vec![
        ev(
            f,
            mme,
            s1,
            Kind::InitialContextSetup {
                mme: id,
                enb: 1,
                key: Key32::new(KENB0),
                caps: None,
            },
        ),
        ev(
            f + 1,
            x2_src,
            x2_dst,
            Kind::X2HoRequest {
                old,
                mme: id,
                target: cell(target),
                // KeNB* of the source's KeNB for the target cell (PCI 11, EARFCN 300).
                kenb_star: Key32::new(
                    *kdf::kenb_star(&Key256::new(KENB0), 11, 300, kdf::EarfcnEncoding::ByValue)
                        .unwrap()
                        .expose(),
                ),
                ncc: 0,
                caps: None,
                wrapped: None,
                source_earfcn: Some(300),
            },
        ),
        ev(
            f + 2,
            x2_dst,
            x2_src,
            Kind::X2HoRequestAck {
                old,
                new: 5,
                target_cell: Some(RrcTarget {
                    pci: 11,
                    dl_earfcn: None,
                }),
            },
        ),
        ev(
            f + 3,
            target_s1,
            psw_mme,
            Kind::PathSwitch {
                enb: 2,
                source_mme: id,
                caps: None,
                cell: Some(cell(target)),
            },
        ),
        ev(
            f + 4,
            psw_mme,
            target_s1,
            Kind::PathSwitchAck {
                mme: id,
                enb: 2,
                ncc: 1,
                nh: nh1(),
            },
        ),
        ev(
            f + 5,
            x2_dst,
            x2_src,
            Kind::X2UeContextRelease { old, new: 5 },
        ),
    ]
}

/// Interleaves two flows event by event.
fn interleave(x: Vec<Event>, y: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::new();
    let (mut x, mut y) = (x.into_iter(), y.into_iter());
    loop {
        match (x.next(), y.next()) {
            (None, None) => break,
            (p, q) => out.extend(p.into_iter().chain(q)),
        }
    }
    out
}

fn mme_setups() -> Vec<Event> {
    let setup = |f, src: &str| {
        ev(
            f,
            src,
            "10.1.0.9:36412",
            Kind::MmeSetup {
                gummeis: vec![gummei(1)],
                name: Some("mme-1".into()),
            },
        )
    };
    vec![
        setup(1, MME1_V4),
        setup(2, MME1_V6),
        ev(
            3,
            "10.1.0.1:36412",
            MME1_V4,
            Kind::S1Setup {
                enb: Some(enb(0xA)),
                name: None,
            },
        ),
        ev(
            4,
            "[fd00:2::1]:36422",
            "10.2.0.2:36422",
            Kind::X2Setup {
                enb: Some(enb(0xA)),
                name: None,
                cells: Vec::new(),
            },
        ),
    ]
}

/// A keys file holding KASME for the UE `ue` names.
fn kasme_of(ue: UeRef) -> KeysFile {
    KeysFile {
        kasme: vec![Kasme {
            ue,
            key: KeyMaterial::owned(KASME.to_vec()),
            nas_uplink_count: None,
            nas_downlink_count: None,
            eea: None,
            eia: None,
            line: 1,
        }],
        ..KeysFile::default()
    }
}

/// KASME of UE 7, named by MME 1's IPv6 address only.
fn keys_at_v6() -> KeysFile {
    kasme_of(UeRef {
        imsi: None,
        mme_ue_s1ap_id: Some(7),
        mme: Some(MmeRef::Addr("fd00::100".parse().unwrap())),
    })
}

fn run(keys: &KeysFile, events: &[Event]) -> Engine {
    let mut e = Engine::new(keys, Limits::default());
    for x in events {
        e.handle(x);
    }
    e.finish();
    e
}

fn rules(e: &Engine) -> Vec<(Rule, Vec<u64>)> {
    e.findings
        .iter()
        .map(|f| (f.rule, f.frames.clone()))
        .collect()
}

#[test]
fn x2_legs_and_path_switch_join_across_addresses_families_and_mmes() {
    // UE 7 at MME 1 (IPv4 side), eNB A -> B; its path switch reaches MME 1's IPv6 side.
    let ue1 = x2_flow(
        10,
        7,
        1,
        MME1_V4,
        "10.1.0.1:36412",
        "[fd00:2::1]:36422",
        "10.2.0.2:36422",
        0xB,
        "[fd00:1::2]:36412",
        MME1_V6,
    );
    // Another UE 7, at MME 2, eNB C -> D at the same time.
    let ue2 = x2_flow(
        100,
        7,
        1,
        MME2,
        "10.1.0.3:36412",
        "10.2.0.3:36422",
        "[fd00:2::4]:36422",
        0xD,
        "10.1.0.4:36412",
        MME2,
    );
    let mut events = mme_setups();
    events.extend(interleave(ue1, ue2));
    let e = run(&keys_at_v6(), &events);
    let c = e.procs[&ProcKind::X2Legacy];
    assert_eq!((c.started, c.complete), (2, 2), "{:?}", rules(&e));
    // Nothing but the informational HO-NO-FS of legacy X2 handovers and, for UE 7 at MME 2
    // (no keys; its X2 leg, from an eNB no setup named, is first seen as a UE of its own), NO-KEYS;
    // UE 7 at MME 1 has its KASME (named by the IPv6 address while the UE appeared at the IPv4
    // one) and its NH checks out.
    for f in &e.findings {
        assert_eq!(f.rule.severity(), Severity::Info, "{f:?}");
        assert!(
            matches!(f.rule, Rule::HoNoFs | Rule::NoKeys),
            "{:?}",
            rules(&e)
        );
        if f.rule == Rule::NoKeys {
            assert!(f.frames.iter().all(|&x| x >= 100), "{f:?}");
        }
    }
    // The node map: MME 1 is one node on both families, named by its GUMMEI and name; eNB B's
    // S1 and X2 sides are one node: the X2 HandoverRequest's target cell and the path
    // switch's cell are one cell. No setup gave its eNB ID, so the node is named by that cell
    // (its ID is not guessed from the cell's bits).
    let n = &e.nodes;
    let m4 = n
        .lookup(a(MME1_V4).ip(), crate::analysis::nodes::Plane::S1)
        .unwrap();
    let m6 = n
        .lookup(a(MME1_V6).ip(), crate::analysis::nodes::Plane::S1)
        .unwrap();
    assert_eq!(m4, m6);
    assert_eq!(n.name(m4), "MME 001-01:8001:01 (mme-1)");
    let b_s1 = n.lookup(
        "fd00:1::2".parse().unwrap(),
        crate::analysis::nodes::Plane::S1,
    );
    let b_x2 = n.lookup(
        "10.2.0.2".parse().unwrap(),
        crate::analysis::nodes::Plane::X2,
    );
    assert_eq!(b_s1, b_x2);
    assert_eq!(n.name(b_s1.unwrap()), "eNB 001-01:cell:0000b01");
}

#[test]
fn not_observed_reasons_per_enb_node() {
    // eNB B's S1 side (another address than its X2 one) shows traffic for another UE: the
    // missing path switch of UE 7 is INCOMPLETE, not NOT-OBSERVED.
    let mut ev1 = x2_flow(
        10,
        7,
        1,
        MME1_V4,
        "10.1.0.1:36412",
        "[fd00:2::1]:36422",
        "10.2.0.2:36422",
        0xB,
        "[fd00:1::2]:36412",
        MME1_V6,
    );
    ev1.truncate(3);
    let other = ev(
        2,
        "[fd00:1::2]:36412",
        MME1_V6,
        Kind::HoNotify {
            mme: 99,
            enb: 9,
            cell: Some(cell(0xB)),
        },
    );
    let mut events = vec![other];
    events.extend(ev1.clone());
    let e = run(&KeysFile::default(), &events);
    assert!(e.findings.iter().any(|f| f.rule == Rule::Incomplete));
    assert!(!e.findings.iter().any(|f| f.rule == Rule::NotObserved));
    // Without any S1 traffic of eNB B: NOT-OBSERVED.
    let e = run(&KeysFile::default(), &ev1);
    assert!(e.findings.iter().any(|f| f.rule == Rule::NotObserved));
}

#[test]
fn one_hundred_thousand_concurrent_ues_without_eviction() {
    let mut e = Engine::new(&KeysFile::default(), Limits::default());
    let n = 100_000u32;
    for i in 0..n {
        e.handle(&ev(
            u64::from(i) + 1,
            "10.1.0.1:36412",
            MME1_V4,
            Kind::HoRequired {
                mme: i,
                enb: i,
                ho_type: HoType::IntraLte,
                target: Target::Enb(enb(0xB)),
                container: Some(u64::from(i)),
            },
        ));
    }
    assert_eq!(e.ue_count(), n as usize);
    assert_eq!(e.counts.get(&Rule::Evicted).copied().unwrap_or(0), 0);
    // Each one's handover goes on: the HandoverRequest finds its UE.
    for i in 0..n {
        e.handle(&ev(
            u64::from(n + i) + 1,
            MME1_V6,
            "[fd00:1::2]:36412",
            Kind::HoRequest {
                mme: i,
                ho_type: HoType::IntraLte,
                ncc: 1,
                nh: Key32::new([1; 32]),
                caps: None,
                container: Some(u64::from(i)),
                nonce_mme: None,
            },
        ));
    }
    assert_eq!(e.ue_count(), n as usize);
    assert_eq!(e.counts.get(&Rule::Evicted).copied().unwrap_or(0), 0);
    assert_eq!(e.counts.get(&Rule::HoOrder).copied().unwrap_or(0), 0);
}

#[test]
fn lone_forward_relocation_with_eps_context_is_mme_to_mme() {
    let mm = MmSummary {
        form: MmForm::Eps,
        kasme: Some(Key32::new(KASME)),
        nh: Some(Key32::new([5; 32])),
        ncc: 2,
        ck: None,
        ik: None,
        nas_dl_count: None,
        nas_ul_count: None,
        nas_algs: Some((2, 2)),
        caps: None,
    };
    let frr = |mm: MmSummary| {
        ev(
            1,
            "10.9.0.1:2123",
            "10.9.0.2:2123",
            Kind::FwdRelocReq {
                ver: GtpVer::V2,
                seq: 1,
                sender_teid: Some(0x10),
                sender: None,
                imsi: None,
                mm: Some(mm),
                target: Target::Other,
                container: None,
            },
        )
    };
    // No S1 of either end, no Target ID of an eNB: still not asked for CK and IK.
    let e = run(&KeysFile::default(), &[frr(mm.clone())]);
    assert!(
        !e.findings.iter().any(|f| f.rule == Rule::HoSecctx),
        "{:?}",
        rules(&e)
    );
    // Toward an RNC the receiver is an SGSN: an EPS context without CK and IK is HO-SECCTX.
    let mut to_rnc = frr(mm.clone());
    if let Kind::FwdRelocReq { target, .. } = &mut to_rnc.kind {
        *target = Target::Rnc {
            plmn: PLMN,
            rnc_id: 7,
        };
    }
    let e = run(&KeysFile::default(), &[to_rnc]);
    assert!(
        e.findings.iter().any(|f| f.rule == Rule::HoSecctx),
        "{:?}",
        rules(&e)
    );
    // Between MMEs without NH: HO-SECCTX says so.
    let e = run(&KeysFile::default(), &[frr(MmSummary { nh: None, ..mm })]);
    let f: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.rule == Rule::HoSecctx)
        .collect();
    assert_eq!(f.len(), 1, "{:?}", rules(&e));
    assert!(
        f[0].text.contains("between MMEs without NH"),
        "{}",
        f[0].text
    );
}

/// The KASME of the subscriber with IMSI `imsi` (the keys file names the UE by IMSI only).
fn keys_by_imsi(imsi: &str) -> KeysFile {
    kasme_of(UeRef {
        imsi: Some(imsi.to_owned()),
        mme_ue_s1ap_id: None,
        mme: None,
    })
}

#[test]
fn an_identity_response_names_a_ue_that_attached_by_guti() {
    // The UE attaches by GUTI (its InitialUEMessage names no IMSI, so it makes no event); the
    // MME asks for its identity and the UE's UplinkNASTransport answers with the IMSI. The keys
    // file knows the subscriber by IMSI only.
    const IMSI: &str = "001010000000042";
    let s1 = "10.1.0.1:36412";
    let identity = |f: u64, imsi: &str| {
        ev(
            f,
            s1,
            MME1_V4,
            Kind::UplinkNas {
                mme: 7,
                enb: 1,
                imsi: Imsi::parse(imsi).unwrap(),
            },
        )
    };
    let flow = |first: Vec<Event>| {
        let mut v = mme_setups();
        v.extend(first);
        v.extend(x2_flow(
            10,
            7,
            1,
            MME1_V4,
            s1,
            "[fd00:2::1]:36422",
            "10.2.0.2:36422",
            0xB,
            "[fd00:1::2]:36412",
            MME1_V4,
        ));
        v
    };
    let keys = keys_by_imsi(IMSI);

    let e = run(&keys, &flow(vec![identity(5, IMSI)]));
    // The UE is the subscriber: findings name it by IMSI, and its KASME, found by that IMSI,
    // checks the NH of the path switch (no NO-KEYS).
    assert_eq!(rules(&e), vec![(Rule::HoNoFs, vec![11])]);
    assert_eq!(e.findings[0].ue.as_deref(), Some("imsi:001010000000042"));

    // Without the Identity Response, the UE is only its MME-UE-S1AP-ID and its keys are not
    // found.
    let e = run(&keys, &flow(vec![]));
    assert!(
        e.findings
            .iter()
            .any(|f| f.rule == Rule::NoKeys && f.frames.contains(&14)),
        "{:?}",
        rules(&e)
    );
    assert!(
        e.findings[0]
            .ue
            .as_deref()
            .is_some_and(|u| u.starts_with("mme-ue-s1ap-id:7@")),
        "{:?}",
        e.findings[0].ue
    );

    // A UE keeps the IMSI it was first known by: a second, different one does not rename it.
    let e = run(
        &keys,
        &flow(vec![identity(5, IMSI), identity(6, "001010000000043")]),
    );
    assert_eq!(e.findings[0].ue.as_deref(), Some("imsi:001010000000042"));
}
