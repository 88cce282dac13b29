//! UE context lifetime: a UE's context goes when its S1 connection ends at the eNB serving it
//! (UEContextReleaseCommand / Complete, no handover under way), so memory stays flat in
//! capture length; the source side's release after an S1, X2 or inter-MME handover keeps the
//! UE that goes on at the target; a release while a handover is being prepared ends it as
//! CANCELLED; a target released after a cancelled handover keeps the UE at its source.

use super::engine::{Engine, Limits};
use super::event::*;
use super::rules::{ProcKind, Rule};
use crate::keys::KeysFile;
use keyhop_codec::security::makr::{EnbIdentity, EnbKind};
use std::net::SocketAddr;

const PLMN: [u8; 3] = [0x00, 0xf1, 0x10];
const MME1: &str = "10.0.0.1:36412";
const MME2: &str = "10.0.0.2:36412";
const MME1_GTP: &str = "10.0.0.1:2123";
const MME2_GTP: &str = "10.0.0.2:2123";
/// eNBs 0..4 on MME 1, 4..8 on MME 2.
const ENBS: u32 = 8;

fn enb_s1(i: u32) -> String {
    format!("10.1.0.{}:36412", i + 1)
}

fn enb_x2(i: u32) -> String {
    format!("10.1.0.{}:36422", i + 1)
}

fn enb_id(i: u32) -> EnbIdentity {
    EnbIdentity::new(PLMN, EnbKind::Macro, 0x100 + i).unwrap()
}

/// Feeds events with growing frame numbers.
struct Feed {
    e: Engine,
    frame: u64,
}

impl Feed {
    fn new(max_ues: usize) -> Feed {
        Feed {
            e: Engine::new(
                &KeysFile::default(),
                Limits {
                    max_ues,
                    ..Limits::default()
                },
            ),
            frame: 0,
        }
    }

    fn send(&mut self, src: &str, dst: &str, kind: Kind) {
        self.frame += 1;
        self.e.handle(&Event {
            frame: self.frame,
            time: crate::capture::Timestamp::new(0, self.frame * 1000),
            src: src.parse::<SocketAddr>().unwrap(),
            dst: dst.parse::<SocketAddr>().unwrap(),
            kind,
        });
    }

    fn setup(&mut self) {
        for i in 0..ENBS {
            let mme = if i < 4 { MME1 } else { MME2 };
            let s1 = enb_s1(i);
            let enb = Some(enb_id(i));
            self.send(&s1, mme, Kind::S1Setup { enb, name: None });
        }
    }

    fn connect(&mut self, mme: &str, enb: &str, id: u32, enb_ue: u32) {
        self.send(
            mme,
            enb,
            Kind::InitialContextSetup {
                mme: id,
                enb: enb_ue,
                key: Key32::new([id as u8; 32]),
                caps: None,
            },
        );
    }

    /// UEContextReleaseCommand and Complete of `id` at eNB `enb`.
    fn release(&mut self, mme: &str, enb: &str, id: u32, enb_ue: u32) {
        for complete in [false, true] {
            let kind = Kind::UeRelease {
                mme: Some(id),
                enb: Some(enb_ue),
                complete,
            };
            if complete {
                self.send(enb, mme, kind);
            } else {
                self.send(mme, enb, kind);
            }
        }
    }

    /// The HandoverRequired of UE `id` (its eNB id too) from eNB `s` towards eNB `t`.
    fn required(&mut self, id: u32, s: u32, t: u32, container: Option<u64>) {
        self.send(
            &enb_s1(s),
            mme_of(s),
            Kind::HoRequired {
                mme: id,
                enb: id,
                ho_type: HoType::IntraLte,
                target: Target::Enb(enb_id(t)),
                container,
            },
        );
    }

    /// An S1 handover of `id` from eNB `s` to eNB `t`, intra-MME, or inter-MME with the S10
    /// exchange (the target MME then names the UE `id ^ 0x4000_0000`), up to the
    /// HandoverNotify; `release_source` adds the source side's release. Returns the UE's id
    /// at the target MME.
    fn s1_handover(&mut self, id: u32, s: u32, t: u32, release_source: bool) -> u32 {
        let (smme, tmme) = (mme_of(s), mme_of(t));
        let inter = smme != tmme;
        let tid = if inter { id ^ 0x4000_0000 } else { id };
        let container = Some(0x5eed_0000_0000 | u64::from(id));
        let (ss1, ts1) = (enb_s1(s), enb_s1(t));
        self.required(id, s, t, container);
        let seq = id & 0xff_ffff;
        let (steid, tteid) = (0x1000_0000 | id, 0x2000_0000 | id);
        if inter {
            self.send(
                MME_GTP[(s / 4) as usize],
                MME_GTP[(t / 4) as usize],
                Kind::FwdRelocReq {
                    ver: GtpVer::V2,
                    seq,
                    sender_teid: Some(steid),
                    sender: None,
                    imsi: None,
                    mm: None,
                    target: Target::Enb(enb_id(t)),
                    container,
                },
            );
        }
        self.send(
            tmme,
            &ts1,
            Kind::HoRequest {
                mme: tid,
                ho_type: HoType::IntraLte,
                ncc: 1,
                nh: Key32::new([9; 32]),
                caps: None,
                container,
                nonce_mme: None,
            },
        );
        self.send(
            &ts1,
            tmme,
            Kind::HoRequestAck {
                mme: tid,
                enb: id + 1,
                target_cell: None,
            },
        );
        if inter {
            self.send(
                MME_GTP[(t / 4) as usize],
                MME_GTP[(s / 4) as usize],
                Kind::FwdRelocResp {
                    ver: GtpVer::V2,
                    seq,
                    teid: steid,
                    sender_teid: Some(tteid),
                    sender: None,
                    accepted: true,
                },
            );
        }
        self.send(smme, &ss1, Kind::HoCommand { mme: id, enb: id });
        self.send(
            &ts1,
            tmme,
            Kind::HoNotify {
                mme: tid,
                enb: id + 1,
                cell: None,
            },
        );
        if inter {
            let (sg, tg) = (MME_GTP[(s / 4) as usize], MME_GTP[(t / 4) as usize]);
            self.send(
                tg,
                sg,
                Kind::FwdRelocComplete {
                    teid: steid,
                    seq: seq + 1,
                },
            );
            self.send(
                sg,
                tg,
                Kind::FwdRelocCompleteAck {
                    teid: tteid,
                    seq: seq + 1,
                },
            );
        }
        if release_source {
            self.release(smme, &ss1, id, id);
        }
        tid
    }

    /// An X2 handover of `id` from eNB `s` to eNB `t` with the target's path switch and the
    /// X2 UEContextRelease that frees the source.
    fn x2_handover(&mut self, id: u32, s: u32, t: u32) {
        let old = (id % 4096) as u16;
        let (sx2, tx2, ts1) = (enb_x2(s), enb_x2(t), enb_s1(t));
        self.send(
            &sx2,
            &tx2,
            Kind::X2HoRequest {
                old,
                mme: id,
                target: Ecgi {
                    plmn: PLMN,
                    cell_id: (0x100 + t) << 8 | 1,
                },
                kenb_star: Key32::new([3; 32]),
                ncc: 0,
                caps: None,
                wrapped: None,
                source_earfcn: None,
            },
        );
        self.send(
            &tx2,
            &sx2,
            Kind::X2HoRequestAck {
                old,
                new: 7,
                target_cell: None,
            },
        );
        self.send(
            &ts1,
            mme_of(t),
            Kind::PathSwitch {
                enb: id + 1,
                source_mme: id,
                caps: None,
                cell: None,
            },
        );
        self.send(
            mme_of(t),
            &ts1,
            Kind::PathSwitchAck {
                mme: id,
                enb: id + 1,
                ncc: 1,
                nh: Key32::new([8; 32]),
            },
        );
        self.send(&tx2, &sx2, Kind::X2UeContextRelease { old, new: 7 });
    }

    fn count(&self, r: Rule) -> u64 {
        self.e.counts.get(&r).copied().unwrap_or(0)
    }
}

const MME_GTP: [&str; 2] = [MME1_GTP, MME2_GTP];

fn mme_of(enb: u32) -> &'static str {
    if enb < 4 {
        MME1
    } else {
        MME2
    }
}

#[test]
fn sequential_connections_leave_no_context_behind() {
    // Far more UEs than the cap, one after the other: none is evicted, none held at the end.
    let mut f = Feed::new(8);
    f.setup();
    let mut peak = 0;
    for i in 0..3000u32 {
        let id = 1000 + i;
        let s = i % ENBS;
        // Intra-MME (S1 and X2) and inter-MME handovers in turn.
        let t = match i % 3 {
            0 => (s + 1) % 4 + 4 * (s / 4),
            1 => (s + 4) % ENBS,
            _ => (s + 2) % 4 + 4 * (s / 4),
        };
        f.connect(mme_of(s), &enb_s1(s), id, id);
        let tid = if i % 3 == 2 {
            f.x2_handover(id, s, t);
            id
        } else {
            f.s1_handover(id, s, t, true)
        };
        // The source's release left the UE at the target.
        assert_eq!(f.e.ue_count(), 1, "UE {i} after its handover");
        peak = peak.max(f.e.ue_count());
        f.release(mme_of(t), &enb_s1(t), tid, id + 1);
        assert_eq!(f.e.ue_count(), 0, "UE {i} after its release");
    }
    f.e.finish();
    assert_eq!(peak, 1);
    assert_eq!(f.e.ues_created(), 3000);
    assert_eq!(f.count(Rule::Evicted), 0);
    assert_eq!(f.count(Rule::Incomplete), 0);
    assert_eq!(f.count(Rule::HoOrder), 0);
    assert_eq!(f.count(Rule::Cancelled), 0);
    for (kind, n) in [
        (ProcKind::S1IntraMme, 1000),
        (ProcKind::S1InterMme, 1000),
        (ProcKind::X2Legacy, 1000),
    ] {
        let c = f.e.procs.get(&kind).copied().unwrap_or_default();
        assert_eq!((c.started, c.complete), (n, n), "{kind:?}");
    }
}

#[test]
fn the_source_release_keeps_the_ue_that_goes_on_at_the_target() {
    let mut f = Feed::new(16);
    f.setup();
    f.connect(MME1, &enb_s1(0), 5, 5);
    // Intra-MME S1 handover 0 -> 1 (source released), then on to eNB 4 at MME 2 (source
    // released), then on X2 to eNB 5: one UE all along, each handover complete.
    let id = f.s1_handover(5, 0, 1, true);
    assert_eq!(id, 5);
    let id = f.s1_handover(id, 1, 4, true);
    assert_eq!(f.e.ue_count(), 1);
    f.x2_handover(id, 4, 5);
    assert_eq!(f.e.ue_count(), 1);
    assert_eq!(f.e.ues_created(), 1);
    // MME 1 gives id 5 to a new UE at eNB 0: not the one at MME 2.
    f.connect(MME1, &enb_s1(0), 5, 99);
    assert_eq!(f.e.ues_created(), 2);
    f.release(MME2, &enb_s1(5), id, id + 1);
    assert_eq!(f.e.ue_count(), 1);
    f.release(MME1, &enb_s1(0), 5, 99);
    assert_eq!(f.e.ue_count(), 0);
    f.e.finish();
    for kind in [
        ProcKind::S1IntraMme,
        ProcKind::S1InterMme,
        ProcKind::X2Legacy,
    ] {
        let c = f.e.procs.get(&kind).copied().unwrap_or_default();
        assert_eq!((c.started, c.complete), (1, 1), "{kind:?}");
    }
    assert_eq!(f.count(Rule::HoOrder) + f.count(Rule::Incomplete), 0);
}

#[test]
fn a_release_during_preparation_cancels_the_handover() {
    let mut f = Feed::new(16);
    f.setup();
    f.connect(MME1, &enb_s1(0), 5, 5);
    f.required(5, 0, 1, Some(1));
    f.release(MME1, &enb_s1(0), 5, 5);
    assert_eq!(f.e.ue_count(), 0);
    f.e.finish();
    let c = f.e.procs[&ProcKind::S1IntraMme];
    assert_eq!((c.started, c.cancelled, c.incomplete), (1, 1, 0));
    assert_eq!(f.count(Rule::Cancelled), 1);
    let cancel = f.e.findings.iter().find(|x| x.rule == Rule::Cancelled);
    assert!(
        cancel.is_some_and(|x| x.text.contains("UEContextRelease")),
        "{:?}",
        f.e.findings
    );
}

#[test]
fn the_target_released_after_a_cancelled_handover_keeps_the_ue_at_its_source() {
    let mut f = Feed::new(16);
    f.setup();
    f.connect(MME1, &enb_s1(0), 5, 5);
    f.required(5, 0, 1, Some(1));
    f.send(
        MME1,
        &enb_s1(1),
        Kind::HoRequest {
            mme: 5,
            ho_type: HoType::IntraLte,
            ncc: 1,
            nh: Key32::new([9; 32]),
            caps: None,
            container: Some(1),
            nonce_mme: None,
        },
    );
    f.send(
        &enb_s1(1),
        MME1,
        Kind::HoRequestAck {
            mme: 5,
            enb: 6,
            target_cell: None,
        },
    );
    f.send(&enb_s1(0), MME1, Kind::HoCancel { mme: 5, enb: 5 });
    // The MME frees the resources the target had prepared.
    f.release(MME1, &enb_s1(1), 5, 6);
    assert_eq!(f.e.ue_count(), 1);
    // The UE is still served by eNB 0: a new handover from there is the same UE.
    f.s1_handover(5, 0, 2, true);
    assert_eq!(f.e.ues_created(), 1);
    assert_eq!(f.e.ue_count(), 1);
    f.release(MME1, &enb_s1(2), 5, 6);
    assert_eq!(f.e.ue_count(), 0);
    f.e.finish();
    let c = f.e.procs[&ProcKind::S1IntraMme];
    assert_eq!((c.started, c.complete, c.cancelled), (2, 1, 1));
}

#[test]
fn a_release_after_the_ue_moved_keeps_it_until_its_handover_ends() {
    // The HandoverNotify is missing: the source's release does not end the UE, which the
    // capture may show at the target later.
    let mut f = Feed::new(16);
    f.setup();
    f.connect(MME1, &enb_s1(0), 5, 5);
    f.required(5, 0, 1, Some(1));
    f.send(MME1, &enb_s1(0), Kind::HoCommand { mme: 5, enb: 5 });
    f.release(MME1, &enb_s1(0), 5, 5);
    assert_eq!(f.e.ue_count(), 1);
    assert_eq!(f.count(Rule::Cancelled), 0);
}
