//! Look-ups into the engine's UE indexes, for the messages it does not handle itself (uplink
//! NAS, status transfers, UE context releases, other GTP-C messages of a relocation): the
//! trace ([`super::super::trace`]) and `keyhop export` ([`super::super::Validator::message_ue`])
//! give them the UE their ids name at that moment, or for a GTP-C answer the UE of the message
//! it answers.

use super::{Engine, Imsi, UeIdx};
use crate::analysis::nodes::{NodeId, Plane};
use crate::capture::AppProto;
use std::collections::HashMap;
use std::net::IpAddr;

/// The ids of a message that name its UE in the engine's indexes.
#[derive(Debug, Clone, Copy, Default)]
pub struct UeKeys {
    /// MME-UE-S1AP-ID.
    pub mme: Option<u32>,
    /// Source MME-UE-S1AP-ID.
    pub source_mme: Option<u32>,
    /// Old eNB UE X2AP ID.
    pub x2_old: Option<u16>,
    /// GTP-C header TEID (not zero).
    pub teid: Option<u32>,
    /// IMSI (GTP-C).
    pub imsi: Option<Imsi>,
}

/// The UEs of GTP-C messages by the (sender, receiver, sequence number) their answer comes
/// with: the answer to a message of a UE is of that UE, though a request to the S-GW names
/// the UE by the S-GW's TEID, which the engine does not index (bounded: forgotten all at once
/// beyond [`MAX_ANSWERS`]).
#[derive(Debug, Default)]
pub(super) struct Answers(HashMap<(IpAddr, IpAddr, u32), UeIdx>);

impl Answers {
    /// Notes that GTP-C message `data` of `app` from `src` to `dst` is of UE `ue`.
    fn note(&mut self, app: AppProto, data: &[u8], src: IpAddr, dst: IpAddr, ue: UeIdx) {
        if let Some(q) = header_seq(app, data) {
            if self.0.len() >= MAX_ANSWERS {
                self.0.clear();
            }
            self.0.insert((dst, src, q), ue);
        }
    }

    /// The UE of the message that GTP-C message `data` answers.
    fn ue_of(&self, app: AppProto, data: &[u8], src: IpAddr, dst: IpAddr) -> Option<UeIdx> {
        let q = header_seq(app, data)?;
        self.0.get(&(src, dst, q)).copied()
    }
}

/// GTP-C messages whose UE [`Answers`] holds at most.
const MAX_ANSWERS: usize = 1 << 16;

/// The sequence number of a GTP-C header (GTPv1 when its S flag is set).
pub(crate) fn header_seq(app: AppProto, data: &[u8]) -> Option<u32> {
    let f = *data.first()?;
    let at = match app {
        AppProto::Gtpv2c if f & 0x08 != 0 => 8,
        AppProto::Gtpv2c => 4,
        AppProto::Gtpv1c if f & 0x02 != 0 => 8,
        _ => return None,
    };
    let b = data.get(at..at + 3)?;
    Some(match app {
        AppProto::Gtpv2c => u32::from_be_bytes([0, b[0], b[1], b[2]]),
        _ => u32::from(u16::from_be_bytes([b[0], b[1]])),
    })
}

impl Engine {
    /// Notes that GTP-C message `data` of `app` from `src` to `dst` is of UE `ue`, for the
    /// message that answers it ([`Engine::ue_of_answer`]).
    pub fn note_answer(&mut self, app: AppProto, data: &[u8], src: IpAddr, dst: IpAddr, ue: UeIdx) {
        self.answers.note(app, data, src, dst, ue);
    }

    /// The UE of the GTP-C message that `data` answers, if one was noted.
    pub fn ue_of_answer(
        &self,
        app: AppProto,
        data: &[u8],
        src: IpAddr,
        dst: IpAddr,
    ) -> Option<UeIdx> {
        self.answers.ue_of(app, data, src, dst)
    }

    /// The live UE the ids of a message from `src` to `dst` name now: S1AP by its MME-UE-S1AP-ID
    /// (else the source's), X2AP by its old eNB UE X2AP ID, GTP-C by its TEID at the receiver,
    /// else its IMSI.
    pub fn ue_by_keys(&self, app: AppProto, src: IpAddr, dst: IpAddr, k: &UeKeys) -> Option<UeIdx> {
        match app {
            AppProto::S1ap => [k.mme, k.source_mme]
                .into_iter()
                .flatten()
                .find_map(|m| self.ue_of_s1(src, dst, m)),
            AppProto::X2ap => k.x2_old.and_then(|o| self.ue_of_x2(src, dst, o)),
            AppProto::Gtpv1c | AppProto::Gtpv2c => k
                .teid
                .and_then(|t| self.ue_of_teid(dst, t))
                .or_else(|| k.imsi.and_then(|i| self.ue_of_imsi(&i))),
        }
    }

    /// The live UE that MME-UE-S1AP-ID `id` names on the S1 link between `a` and `b` (either
    /// end may be the MME): at the MME node, else at the eNB node.
    pub fn ue_of_s1(&self, a: IpAddr, b: IpAddr, id: u32) -> Option<UeIdx> {
        let (na, nb) = (
            self.nodes.lookup(a, Plane::S1),
            self.nodes.lookup(b, Plane::S1),
        );
        [nb, na]
            .into_iter()
            .flatten()
            .find_map(|n| self.s1_get(n, id))
            .or_else(|| {
                [na, nb]
                    .into_iter()
                    .flatten()
                    .find_map(|n| self.get_at(&self.by_enb_mme, n, |m| (m, id)))
            })
    }

    /// The live UE of old eNB UE X2AP ID `old` on the X2 link between `a` and `b` (the
    /// source eNB, which allocated it, may be either end).
    pub fn ue_of_x2(&self, a: IpAddr, b: IpAddr, old: u16) -> Option<UeIdx> {
        [a, b]
            .into_iter()
            .filter_map(|x| self.nodes.lookup(x, Plane::X2))
            .find_map(|n| self.get_at(&self.by_x2, n, |m| (m, old)))
    }

    /// The live UE of GTP-C TEID `teid` at the receiver `dst` (the node that allocated it).
    pub fn ue_of_teid(&self, dst: IpAddr, teid: u32) -> Option<UeIdx> {
        let n = self.nodes.lookup(dst, Plane::Gtp)?;
        self.get_at(&self.by_teid, n, |m| (m, teid))
    }

    /// The live UE of IMSI `imsi`.
    pub fn ue_of_imsi(&self, imsi: &Imsi) -> Option<UeIdx> {
        self.get(&self.by_imsi, imsi)
    }

    /// The node of `addr` on `plane`, if the capture showed it there.
    pub fn node_at(&self, addr: IpAddr, plane: Plane) -> Option<NodeId> {
        self.nodes.lookup(addr, plane)
    }
}
