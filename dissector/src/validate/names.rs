//! Node names for `read` and `export`: the ends of each message named from a node map learned
//! as `validate` learns it ([`super::engine::learn_nodes`]), per (address, plane), so that an
//! eNB and an S-GW on one host stay two nodes and one MME's IPv4 and IPv6 addresses one name.
//!
//! Only the messages that carry identities ([`super::extract::names_nodes`]) are looked at
//! further; for the others naming costs two hash lookups.

use super::engine::learn_nodes;
use super::event::Event;
use super::extract;
use crate::analysis::nodes::{NodeMap, Plane, Role};
use crate::capture::{AppProto, Payload, Timestamp};
use crate::decoded::Decoded;
use keyhop_codec::gtpv2::Gtpv2Message;
use keyhop_codec::DecodeError;
/// ahash, keyed per process: several times cheaper than SipHash on these short keys, and
/// still resistant to collisions crafted in a hostile capture (see capture/hash.rs).
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
use std::net::IpAddr;

/// The plane an application protocol's addresses are looked up on.
pub fn plane_of(app: AppProto) -> Plane {
    match app {
        AppProto::S1ap => Plane::S1,
        AppProto::X2ap => Plane::X2,
        AppProto::Gtpv2c | AppProto::Gtpv1c => Plane::Gtp,
    }
}

/// A node map fed by the messages `read` shows, naming their ends.
#[derive(Default)]
pub struct Namer {
    nodes: NodeMap,
    /// Names already rendered, by (address, plane); emptied whenever the map changes
    /// ([`NodeMap::changes`]), so a name never outlives what it says.
    cache: HashMap<(IpAddr, Plane), Option<String>>,
    /// The map's change count the cache was rendered at.
    cached_at: u64,
}

/// Entries of the name cache before it is emptied (bounds `read`'s memory).
const CACHE_CAP: usize = 1 << 14;

impl Namer {
    /// Learns from the message of frame `frame` at `time` in payload `p` (`result`: decoded or
    /// why not) and names its ends, sender and receiver (`src_node`, `dst_node`): the node's
    /// name ([`NodeMap::name`]) where its identity or role is known, none where keyhop knows
    /// only the address (which `src`/`dst` already give).
    pub fn name(
        &mut self,
        frame: u64,
        time: Timestamp,
        p: &Payload<'_>,
        result: &Result<Decoded<'_>, DecodeError>,
    ) -> (Option<String>, Option<String>) {
        if extract::names_nodes(p.app, p.data) {
            if let Some(kind) = result
                .as_ref()
                .ok()
                .and_then(|d| extract::extract(d, false))
            {
                let ev = Event {
                    frame,
                    time,
                    src: p.src,
                    dst: p.dst,
                    kind,
                };
                learn_nodes(&mut self.nodes, &ev);
            }
        }
        let create_session = |&t: &u8| {
            use keyhop_codec::gtpv2::MessageType as V2;
            matches!(
                V2::from_value(t),
                V2::CreateSessionRequest | V2::CreateSessionResponse
            )
        };
        if p.app == AppProto::Gtpv2c && p.data.get(1).is_some_and(create_session) {
            if let Ok(Decoded::Gtpv2(m)) = result {
                self.gtp_sender(p.src.ip(), m);
            }
        }
        if self.nodes.changes() != self.cached_at {
            self.cache.clear();
            self.cached_at = self.nodes.changes();
        }
        let plane = plane_of(p.app);
        (
            self.cached(p.src.ip(), plane),
            self.cached(p.dst.ip(), plane),
        )
    }

    fn cached(&mut self, addr: IpAddr, plane: Plane) -> Option<String> {
        if let Some(n) = self.cache.get(&(addr, plane)) {
            return n.clone();
        }
        let n = self.label(addr, plane);
        if self.cache.len() >= CACHE_CAP {
            self.cache.clear();
        }
        self.cache.insert((addr, plane), n.clone());
        n
    }

    /// A Create Session Request or Response: its sender F-TEID for the control plane
    /// (instance 0) tells the sender's role (S11 MME, S11/S4 or S5/S8 S-GW, S5/S8 P-GW), and
    /// an F-TEID giving both address families ties them to one node.
    fn gtp_sender(&mut self, src: IpAddr, m: &Gtpv2Message<'_>) {
        let Some(f) = m.f_teid(0) else { return };
        let role = Role::of_fteid_interface(f.interface_type);
        if role == Role::Unknown {
            return;
        }
        let n = self.nodes.node(src, Plane::Gtp, role);
        if self.nodes.role(n) != role {
            return;
        }
        for a in [f.ipv4.map(IpAddr::V4), f.ipv6.map(IpAddr::V6)]
            .into_iter()
            .flatten()
        {
            // Only a free address: one already used by another GTP-C node is not merged on
            // the word of one F-TEID.
            if a != src && self.nodes.lookup(a, Plane::Gtp).is_none() {
                self.nodes.add_addr(n, a, Plane::Gtp);
            }
        }
    }

    /// Ties the addresses of each endpoint of a multi-homed SCTP association (see
    /// [`super::multihomed`]): one node, one name on every path.
    pub fn tie_association(&mut self, app: AppProto, sides: [&[IpAddr]; 2]) {
        self.nodes.tie_association(plane_of(app), sides);
    }

    /// The name of the node at `addr` on `plane`, when more than the address is known.
    pub fn label(&self, addr: IpAddr, plane: Plane) -> Option<String> {
        let n = self.nodes.lookup(addr, plane)?;
        let m = &self.nodes;
        let known = m.role(n) != Role::Unknown || m.enb(n).is_some() || m.gummei(n).is_some();
        known.then(|| m.name(n))
    }

    /// The node map learned so far.
    pub fn nodes(&self) -> &NodeMap {
        &self.nodes
    }
}
