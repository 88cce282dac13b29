//! Read-only look-ups into the engine's UE indexes, for the messages it does not handle itself
//! (uplink NAS, status transfers, UE context releases, other GTP-C messages of a relocation):
//! [`super::super::trace`] gives them the UE their ids name at that moment.

use super::{Engine, Imsi, UeIdx};
use crate::analysis::nodes::{NodeId, Plane};
use std::net::IpAddr;

impl Engine {
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
