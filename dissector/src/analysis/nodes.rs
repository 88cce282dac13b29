//! The node map: which network node each address of a capture belongs to, learned from what
//! the nodes say of themselves (S1 Setup, X2 Setup, configuration updates) and of each other
//! (handover Target IDs, cell identities, GTP F-TEIDs).
//!
//! A node is named by its identity (Global eNB ID, GUMMEI, MME name, F-TEID role), never by
//! one address: an eNB's X2 and S1 addresses, or an MME's IPv4 and IPv6 addresses, are one
//! node once an identity ties them together. Addresses are looked up per (address, [`Plane`]):
//! an eNB and an S-GW on one host stay two nodes.
//!
//! Nodes that turn out to be one are merged (union-find): a [`NodeId`] stays valid for ever and
//! [`NodeMap::root`] gives the node it now belongs to. Memory is bounded by
//! [`NodeMap::with_cap`]: past the cap, new addresses share one overflow node per plane and
//! [`NodeMap::full`] says so (then every link may have been shown).
//!
//! ```
//! use keyhop::analysis::nodes::{NodeMap, Plane, Role};
//! use keyhop_codec::security::makr::{EnbIdentity, EnbKind};
//! let mut m = NodeMap::default();
//! let id = EnbIdentity::new([0x00, 0xf1, 0x10], EnbKind::Macro, 0x1a2b3).unwrap();
//! let s1 = m.node("10.0.0.1".parse().unwrap(), Plane::S1, Role::Enb);
//! let x2 = m.node("10.9.0.1".parse().unwrap(), Plane::X2, Role::Enb);
//! m.set_enb(s1, id);
//! m.set_enb(x2, id);
//! assert_eq!(m.root(s1), m.root(x2));
//! assert_eq!(m.name(x2), "eNB 001-01:macro:1a2b3");
//! ```

use keyhop_codec::security::makr::{EnbIdentity, EnbKind};
/// ahash, keyed per process: several times cheaper than SipHash on these short keys, and
/// still resistant to collisions crafted in a hostile capture (see capture/hash.rs).
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
use std::fmt;
use std::net::IpAddr;

/// Index of a node (stable: merged nodes keep their id, [`NodeMap::root`] resolves it).
pub type NodeId = u32;

/// The protocol family an address is used for: a host may hold an eNB's S1 endpoint and an
/// S-GW's GTP-C endpoint at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Plane {
    /// S1AP (eNB <-> MME).
    S1,
    /// X2AP (eNB <-> eNB).
    X2,
    /// GTP-C (v1 and v2).
    Gtp,
}

impl Plane {
    fn bit(self) -> u8 {
        match self {
            Plane::S1 => 1,
            Plane::X2 => 2,
            Plane::Gtp => 4,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Plane::S1 => "s1",
            Plane::X2 => "x2",
            Plane::Gtp => "gtp",
        }
    }
}

/// What a node does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Not known yet.
    Unknown,
    /// An eNB.
    Enb,
    /// An MME.
    Mme,
    /// An SGSN.
    Sgsn,
    /// An RNC.
    Rnc,
    /// A serving gateway.
    Sgw,
    /// A PDN gateway.
    Pgw,
}

impl Role {
    /// `eNB`, `MME`, ...
    pub fn name(self) -> &'static str {
        match self {
            Role::Unknown => "node",
            Role::Enb => "eNB",
            Role::Mme => "MME",
            Role::Sgsn => "SGSN",
            Role::Rnc => "RNC",
            Role::Sgw => "SGW",
            Role::Pgw => "PGW",
        }
    }

    /// The role of a GTPv2 F-TEID interface type (TS 29.274 8.22), as the node holding that
    /// F-TEID plays it.
    pub fn of_fteid_interface(t: u8) -> Role {
        match t {
            // S1-U eNB, X2 DL/UL data forwarding eNB.
            0 | 19 | 20 => Role::Enb,
            // S1-U SGW, S5/S8 SGW (U and C), S11/S4 SGW GTP-C, S12 SGW, S4 SGW GTP-U.
            1 | 4 | 6 | 11 | 13 | 23 | 28 | 29 | 31 => Role::Sgw,
            // S5/S8 PGW (U and C), S2a/S2b PGW.
            5 | 7 | 32 | 33 | 34 | 35 => Role::Pgw,
            // S11 MME, S10 MME, S3 MME, Sv MME, S11-U MME.
            10 | 12 | 16 | 24 | 38 => Role::Mme,
            // S3 SGSN, S4 SGSN (U and C), S16 SGSN, Sv SGSN, Gn/Gp SGSN.
            14 | 15 | 17 | 18 | 25 | 37 => Role::Sgsn,
            // S12 RNC.
            2 => Role::Rnc,
            _ => Role::Unknown,
        }
    }
}

/// An MME's globally unique identity (TS 23.003 2.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gummei {
    /// PLMN identity, TBCD octets.
    pub plmn: [u8; 3],
    /// MME group id.
    pub mmegi: u16,
    /// MME code.
    pub mmec: u8,
}

impl fmt::Display for Gummei {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{:04x}:{:02x}",
            plmn_text(&self.plmn),
            self.mmegi,
            self.mmec
        )
    }
}

/// `001-01` for the TBCD PLMN octets `00 f1 10` (MNC of two or three digits as on the wire).
pub fn plmn_text(p: &[u8; 3]) -> String {
    let d = |n: u8| -> char {
        match n {
            0..=9 => char::from(b'0' + n),
            _ => '?',
        }
    };
    let mut s = String::with_capacity(7);
    s.push(d(p[0] & 0xf));
    s.push(d(p[0] >> 4));
    s.push(d(p[1] & 0xf));
    s.push('-');
    s.push(d(p[2] & 0xf));
    s.push(d(p[2] >> 4));
    if p[1] >> 4 != 0xf {
        s.push(d(p[1] >> 4));
    }
    s
}

/// `001-01:macro:1a2b3`.
pub fn enb_text(e: &EnbIdentity) -> String {
    let kind = match e.kind {
        EnbKind::Macro => "macro",
        EnbKind::Home => "home",
        EnbKind::ShortMacro => "short-macro",
        EnbKind::LongMacro => "long-macro",
    };
    format!("{}:{kind}:{:x}", plmn_text(&e.plmn), e.enb_id)
}

/// How [`NodeMap::name`] names an eNB known by its ID and no setup name:
/// `eNB 001-01:macro:1a2b3` (export's `target_node` names a Target ID so).
pub fn enb_name(e: &EnbIdentity) -> String {
    format!("{} {}", Role::Enb.name(), enb_text(e))
}

/// An E-UTRAN cell (ECGI, TS 36.413 9.2.1.38): PLMN and 28-bit cell identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Cell {
    plmn: [u8; 3],
    id: u32,
}

impl fmt::Display for Cell {
    /// `001-01:cell:000056e`: an eNB known only by a cell it serves.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:cell:{:07x}", plmn_text(&self.plmn), self.id)
    }
}

/// Addresses kept per node (a multi-homed node has a few per plane; more are not listed).
const MAX_ADDRS: usize = 16;

/// One node.
#[derive(Debug, Clone)]
struct Node {
    /// The node this one was merged into (itself when it is a root).
    parent: NodeId,
    role: Role,
    enb: Option<EnbIdentity>,
    /// A cell the eNB serves, while its Global eNB ID is unknown (a cell identity does not
    /// tell a home eNB's 28 bits from a macro eNB's 20, so it is no eNB ID).
    cell: Option<Cell>,
    gummei: Option<Gummei>,
    name: Option<Box<str>>,
    /// Addresses with their plane, first seen first (bounded).
    addrs: Vec<(IpAddr, Plane)>,
    /// Planes on which the capture showed a payload of this node.
    seen: u8,
    /// Nodes merged into this one (bounded): tables keyed by a node id from before a merge
    /// are searched with these too.
    merged: Vec<NodeId>,
}

impl Node {
    fn new(id: NodeId, role: Role) -> Node {
        Node {
            parent: id,
            role,
            enb: None,
            cell: None,
            gummei: None,
            name: None,
            addrs: Vec::new(),
            seen: 0,
            merged: Vec::new(),
        }
    }
}

/// Default bound of a node map: far more eNBs and core nodes than a network has.
pub const DEFAULT_MAX_NODES: usize = 262_144;

/// The nodes of a capture (see the module documentation).
#[derive(Debug, Clone)]
pub struct NodeMap {
    nodes: Vec<Node>,
    by_addr: HashMap<(IpAddr, Plane), NodeId>,
    by_enb: HashMap<EnbIdentity, NodeId>,
    by_cell: HashMap<Cell, NodeId>,
    by_gummei: HashMap<Gummei, NodeId>,
    by_name: HashMap<(Role, Box<str>), NodeId>,
    cap: usize,
    /// The overflow node of each plane once the map is full.
    overflow: [Option<NodeId>; 3],
    /// Counts the changes that can change a name ([`NodeMap::changes`]).
    changes: u64,
    /// The target eNB a HandoverRequired named, by the hash of its source-to-target container,
    /// until the HandoverRequest carrying that container reaches the eNB (bounded by `cap`).
    targets: HashMap<u64, EnbIdentity>,
}

impl Default for NodeMap {
    fn default() -> Self {
        NodeMap::with_cap(DEFAULT_MAX_NODES)
    }
}

impl NodeMap {
    /// A map holding at most about `cap` nodes.
    pub fn with_cap(cap: usize) -> NodeMap {
        NodeMap {
            nodes: Vec::new(),
            by_addr: HashMap::default(),
            by_enb: HashMap::default(),
            by_cell: HashMap::default(),
            by_gummei: HashMap::default(),
            by_name: HashMap::default(),
            cap: cap.max(8),
            overflow: [None; 3],
            changes: 0,
            targets: HashMap::default(),
        }
    }

    /// A HandoverRequired named eNB `e` as the target of the handover whose source-to-target
    /// container hashes to `container`.
    pub fn note_target(&mut self, container: u64, e: EnbIdentity) {
        if self.targets.len() >= self.cap {
            // Forgotten all at once: a target is needed only until its HandoverRequest.
            self.targets.clear();
        }
        self.targets.insert(container, e);
    }

    /// The target eNB named for the handover of `container` (forgotten: the HandoverRequest
    /// that carries it reached its node).
    pub fn take_target(&mut self, container: u64) -> Option<EnbIdentity> {
        self.targets.remove(&container)
    }

    /// Whether the cap was reached (then addresses past it share an overflow node).
    pub fn full(&self) -> bool {
        self.overflow.iter().any(Option::is_some)
    }

    /// Nodes held (merged ones included).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether no node is known.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// A counter that grows whenever a change may alter what [`NodeMap::name`] or
    /// [`NodeMap::lookup`] answers (a node, an address, a role, an identity, a merge): names
    /// rendered at one value stay right while it holds.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    fn alloc(&mut self, role: Role) -> Option<NodeId> {
        if self.nodes.len() >= self.cap {
            return None;
        }
        self.changes += 1;
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node::new(id, role));
        Some(id)
    }

    fn overflow_node(&mut self, plane: Plane) -> NodeId {
        let i = plane.bit().trailing_zeros() as usize;
        if let Some(n) = self.overflow[i] {
            return n;
        }
        let id = self.nodes.len() as NodeId;
        self.changes += 1;
        self.nodes.push(Node::new(id, Role::Unknown));
        self.overflow[i] = Some(id);
        id
    }

    /// The node that `id` now belongs to.
    pub fn root(&self, mut id: NodeId) -> NodeId {
        while let Some(n) = self.nodes.get(id as usize) {
            if n.parent == id {
                break;
            }
            id = n.parent;
        }
        id
    }

    fn root_mut(&mut self, id: NodeId) -> NodeId {
        let r = self.root(id);
        // Path compression: later look-ups take one step.
        let mut i = id;
        while i != r {
            let next = self.nodes[i as usize].parent;
            self.nodes[i as usize].parent = r;
            i = next;
        }
        r
    }

    /// Node `id`'s root and the nodes merged into it (a table keyed by a node id before a
    /// merge finds its entries under one of these).
    pub fn members(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let r = self.root(id);
        let merged = self
            .nodes
            .get(r as usize)
            .map_or(&[][..], |n| &n.merged[..]);
        std::iter::once(r).chain(merged.iter().copied())
    }

    /// The node using `addr` on `plane`, if any.
    pub fn lookup(&self, addr: IpAddr, plane: Plane) -> Option<NodeId> {
        self.by_addr.get(&(addr, plane)).map(|&n| self.root(n))
    }

    /// The node using `addr` on `plane`, created (with role `role`) if new; a known node of
    /// unknown role takes `role`.
    pub fn node(&mut self, addr: IpAddr, plane: Plane, role: Role) -> NodeId {
        let n = match self.by_addr.get(&(addr, plane)) {
            Some(&n) => {
                let r = self.root_mut(n);
                self.set_role(r, role);
                r
            }
            None => {
                let Some(id) = self.alloc(role) else {
                    return self.overflow_node(plane);
                };
                self.nodes[id as usize].addrs.push((addr, plane));
                self.by_addr.insert((addr, plane), id);
                id
            }
        };
        // An eNB's S1 and X2 endpoints on one address are one eNB (unless their identities
        // say otherwise); other planes of one host stay apart (an S-GW beside an eNB).
        let other = match plane {
            Plane::S1 => Plane::X2,
            Plane::X2 => Plane::S1,
            Plane::Gtp => return n,
        };
        match self.lookup(addr, other) {
            Some(o) if o != n && self.role(n) == Role::Enb && self.role(o) == Role::Enb => {
                self.union(n, o)
            }
            _ => n,
        }
    }

    /// Notes that the capture showed a payload of `addr` on `plane` (for NOT-OBSERVED).
    pub fn observe(&mut self, addr: IpAddr, plane: Plane) -> NodeId {
        let n = self.node(addr, plane, Role::Unknown);
        self.nodes[n as usize].seen |= plane.bit();
        n
    }

    /// Whether the capture showed a payload of node `id` on `plane` (true for everything once
    /// the map is full, as a full map may have missed it).
    pub fn seen(&self, id: NodeId, plane: Plane) -> bool {
        self.full()
            || self
                .nodes
                .get(self.root(id) as usize)
                .is_some_and(|n| n.seen & plane.bit() != 0)
    }

    /// The role of node `id`.
    pub fn role(&self, id: NodeId) -> Role {
        self.nodes
            .get(self.root(id) as usize)
            .map_or(Role::Unknown, |n| n.role)
    }

    /// Gives node `id` a role if it has none (a known role is kept: first evidence wins).
    pub fn set_role(&mut self, id: NodeId, role: Role) {
        let r = self.root_mut(id);
        if let Some(n) = self.nodes.get_mut(r as usize) {
            if n.role == Role::Unknown && role != Role::Unknown {
                n.role = role;
                self.changes += 1;
            }
        }
    }

    /// The Global eNB ID of node `id`.
    pub fn enb(&self, id: NodeId) -> Option<EnbIdentity> {
        self.nodes.get(self.root(id) as usize)?.enb
    }

    /// The GUMMEI of node `id`.
    pub fn gummei(&self, id: NodeId) -> Option<Gummei> {
        self.nodes.get(self.root(id) as usize)?.gummei
    }

    /// Whether node `id` calls itself `name` (MME name, eNB name).
    pub fn name_is(&self, id: NodeId, name: &str) -> bool {
        self.nodes
            .get(self.root(id) as usize)
            .and_then(|n| n.name.as_deref())
            == Some(name)
    }

    /// Whether node `id` serves the GUMMEI written `text` (`001-01:8001:01`, as [`Gummei`]
    /// displays it; case of the hex digits ignored).
    pub fn serves_gummei(&self, id: NodeId, text: &str) -> bool {
        let r = self.root(id);
        self.by_gummei
            .iter()
            .any(|(g, &n)| self.root(n) == r && g.to_string().eq_ignore_ascii_case(text))
    }

    /// The addresses of node `id` and of every node merged into it (bounded).
    pub fn addrs(&self, id: NodeId) -> &[(IpAddr, Plane)] {
        self.nodes
            .get(self.root(id) as usize)
            .map_or(&[], |n| &n.addrs)
    }

    /// Whether node `id` uses `addr` (on any plane).
    pub fn has_addr(&self, id: NodeId, addr: IpAddr) -> bool {
        let r = self.root(id);
        [Plane::S1, Plane::X2, Plane::Gtp]
            .iter()
            .any(|&p| self.lookup(addr, p) == Some(r))
    }

    /// The node of eNB `e`, created (without address) if unknown: a Target ID names an eNB
    /// whose addresses may come later.
    pub fn enb_node(&mut self, e: EnbIdentity) -> Option<NodeId> {
        if let Some(&n) = self.by_enb.get(&e) {
            return Some(self.root_mut(n));
        }
        let id = self.alloc(Role::Enb)?;
        self.nodes[id as usize].enb = Some(e);
        self.by_enb.insert(e, id);
        Some(id)
    }

    /// Node `id` is an eNB serving cell `(plmn, cell_id)` (the 28-bit E-UTRAN cell identity):
    /// merged with the eNB known by an ID whose bits the cell identity starts with (a home
    /// eNB's 28, else a macro eNB's 20, a short macro's 18, a long macro's 21), else with the
    /// node known by that cell. No eNB ID is guessed from the cell: two home eNBs share a macro
    /// eNB's 20 leading bits, so a guess would make them one node.
    pub fn set_cell(&mut self, id: NodeId, plmn: [u8; 3], cell_id: u32) -> NodeId {
        let cell = Cell {
            plmn,
            id: cell_id & 0x0fff_ffff,
        };
        let r = self.root_mut(id);
        self.set_role(r, Role::Enb);
        for kind in [
            EnbKind::Home,
            EnbKind::Macro,
            EnbKind::ShortMacro,
            EnbKind::LongMacro,
        ] {
            if let Ok(e) = EnbIdentity::new(plmn, kind, cell.id >> (28 - kind.bits())) {
                if let Some(&n) = self.by_enb.get(&e) {
                    return self.union(r, n);
                }
            }
        }
        if let Some(&n) = self.by_cell.get(&cell) {
            return self.union(r, n);
        }
        let node = &mut self.nodes[r as usize];
        if node.enb.is_none() && node.cell.is_none() {
            node.cell = Some(cell);
            self.changes += 1;
        }
        // Bounded as the nodes are: past the cap a cell is not remembered.
        if self.by_cell.len() < self.cap {
            self.by_cell.insert(cell, r);
        }
        r
    }

    /// Node `id` is eNB `e`: merged with the node already known by that identity.
    pub fn set_enb(&mut self, id: NodeId, e: EnbIdentity) -> NodeId {
        let r = self.root_mut(id);
        self.set_role(r, Role::Enb);
        match self.by_enb.get(&e).copied() {
            Some(other) => self.union(r, other),
            None => {
                if self.nodes[r as usize].enb.is_none() {
                    self.nodes[r as usize].enb = Some(e);
                    self.changes += 1;
                }
                // Bounded as the nodes are (one node may be given many identities).
                if self.by_enb.len() < self.cap {
                    self.by_enb.insert(e, r);
                }
                self.join_cells(r, e)
            }
        }
    }

    /// Merges into node `r`, now known as eNB `e`, the nodes known only by a cell of `e` (the
    /// cell identities that start with `e`'s ID: at most 1,024 look-ups, or a pass over the
    /// known cells where those are fewer).
    fn join_cells(&mut self, mut r: NodeId, e: EnbIdentity) -> NodeId {
        let free = 28 - e.kind.bits();
        let of_e = |c: &Cell| c.plmn == e.plmn && c.id >> free == e.enb_id;
        let found: Vec<NodeId> = if self.by_cell.len() < 1 << free {
            self.by_cell
                .iter()
                .filter(|(c, _)| of_e(c))
                .map(|(_, &n)| n)
                .collect()
        } else {
            let first = e.enb_id << free;
            (first..first + (1 << free))
                .filter_map(|id| self.by_cell.get(&Cell { plmn: e.plmn, id }).copied())
                .collect()
        };
        for n in found {
            r = self.union(r, n);
        }
        r
    }

    /// Node `id` is the MME of `g`: merged with the node already known by that identity.
    pub fn set_gummei(&mut self, id: NodeId, g: Gummei) -> NodeId {
        let r = self.root_mut(id);
        self.set_role(r, Role::Mme);
        match self.by_gummei.get(&g).copied() {
            Some(other) => self.union(r, other),
            None => {
                if self.nodes[r as usize].gummei.is_none() {
                    self.nodes[r as usize].gummei = Some(g);
                    self.changes += 1;
                }
                if self.by_gummei.len() < self.cap {
                    self.by_gummei.insert(g, r);
                }
                r
            }
        }
    }

    /// Node `id` calls itself `name` (MME name, eNB name): merged with the node of the same
    /// role already known by that name.
    pub fn set_name(&mut self, id: NodeId, name: &str) -> NodeId {
        let r = self.root_mut(id);
        let role = self.nodes[r as usize].role;
        if role == Role::Unknown || name.is_empty() || name.len() > 150 {
            return r;
        }
        let key = (role, Box::<str>::from(name));
        match self.by_name.get(&key).copied() {
            Some(other) => self.union(r, other),
            None => {
                if self.by_name.len() < self.cap {
                    self.by_name.insert(key.clone(), r);
                }
                if self.nodes[r as usize].name.is_none() {
                    self.nodes[r as usize].name = Some(key.1);
                    self.changes += 1;
                }
                r
            }
        }
    }

    /// Node `id` also uses `addr` on `plane` (a GTP F-TEID naming both an IPv4 and an IPv6
    /// address, an SCTP association's alternate address). An address already held by another
    /// node merges the two only when neither has an identity the other contradicts.
    pub fn add_addr(&mut self, id: NodeId, addr: IpAddr, plane: Plane) -> NodeId {
        let r = self.root_mut(id);
        match self.by_addr.get(&(addr, plane)).copied() {
            Some(other) => self.union(r, other),
            None => {
                self.changes += 1;
                self.by_addr.insert((addr, plane), r);
                let n = &mut self.nodes[r as usize];
                if n.addrs.len() < MAX_ADDRS {
                    n.addrs.push((addr, plane));
                }
                r
            }
        }
    }

    /// Every address an SCTP endpoint uses in one association (RFC 9260 multi-homing: the
    /// association is named by ports and verification tags, its endpoints' addresses by
    /// INIT / INIT ACK and by the packets seen) is one node on `plane`, so a message on an
    /// alternate path names the node of the primary one. Returns the node of each side.
    ///
    /// ```
    /// use keyhop::analysis::nodes::{NodeMap, Plane, Role};
    /// let mut m = NodeMap::default();
    /// let mme = ["10.0.0.9".parse().unwrap(), "fd00::9".parse().unwrap()];
    /// let enb = ["10.0.0.1".parse().unwrap()];
    /// m.tie_association(Plane::S1, [&enb[..], &mme[..]]);
    /// let v4 = m.node(mme[0], Plane::S1, Role::Mme);
    /// assert_eq!(m.lookup(mme[1], Plane::S1), Some(v4));
    /// ```
    pub fn tie_association(&mut self, plane: Plane, sides: [&[IpAddr]; 2]) -> [Option<NodeId>; 2] {
        sides.map(|addrs| {
            let (first, rest) = addrs.split_first()?;
            let mut n = self.node(*first, plane, Role::Unknown);
            for a in rest {
                n = self.add_addr(n, *a, plane);
            }
            Some(n)
        })
    }

    /// Whether nodes `a` and `b` may be one: same or no role, no contradicting identity.
    fn compatible(&self, a: NodeId, b: NodeId) -> bool {
        let (x, y) = (&self.nodes[a as usize], &self.nodes[b as usize]);
        // An eNB has one Global eNB ID; an MME may serve several GUMMEIs, so those never
        // contradict.
        (x.role == y.role || x.role == Role::Unknown || y.role == Role::Unknown)
            && (x.enb.is_none() || y.enb.is_none() || x.enb == y.enb)
    }

    /// Merges the nodes of `a` and `b` (when compatible) and returns the node they form.
    fn union(&mut self, a: NodeId, b: NodeId) -> NodeId {
        let (a, b) = (self.root_mut(a), self.root_mut(b));
        if a == b || self.overflow.contains(&Some(a)) || self.overflow.contains(&Some(b)) {
            return a;
        }
        if !self.compatible(a, b) {
            return a;
        }
        self.changes += 1;
        // The smaller id stays root: the node first seen keeps naming the pair.
        let (keep, gone) = if a < b { (a, b) } else { (b, a) };
        let g = std::mem::replace(
            &mut self.nodes[gone as usize],
            Node::new(keep, Role::Unknown),
        );
        self.nodes[gone as usize].parent = keep;
        let k = &mut self.nodes[keep as usize];
        if k.role == Role::Unknown {
            k.role = g.role;
        }
        k.enb = k.enb.or(g.enb);
        k.cell = k.cell.or(g.cell);
        k.gummei = k.gummei.or(g.gummei);
        if k.name.is_none() {
            k.name = g.name;
        }
        k.seen |= g.seen;
        for m in std::iter::once(gone).chain(g.merged) {
            if k.merged.len() < MAX_ADDRS {
                k.merged.push(m);
            }
        }
        for a in g.addrs {
            if k.addrs.len() < MAX_ADDRS && !k.addrs.contains(&a) {
                k.addrs.push(a);
            }
        }
        keep
    }

    /// How output names node `id`: `eNB 001-01:macro:1a2b3`, `MME 001-01:8001:01 (name)`,
    /// a role with its first address when no identity is known, the address alone when not
    /// even the role is.
    pub fn name(&self, id: NodeId) -> String {
        let Some(n) = self.nodes.get(self.root(id) as usize) else {
            return "unknown".into();
        };
        let ident = match (n.enb, n.gummei, n.cell) {
            (Some(e), _, _) => Some(enb_text(&e)),
            (None, Some(g), _) => Some(g.to_string()),
            (None, None, Some(c)) => Some(c.to_string()),
            _ => None,
        };
        let mut s = match (ident, n.role, n.addrs.first()) {
            (Some(i), role, _) => format!("{} {i}", role.name()),
            (None, Role::Unknown, Some((a, _))) => a.to_string(),
            (None, role, Some((a, _))) => format!("{} {a}", role.name()),
            (None, role, None) => role.name().to_string(),
        };
        if let Some(name) = &n.name {
            s.push_str(&format!(" ({name})"));
        }
        s
    }

    /// The name of the node using `addr` on `plane`, or the address itself when no node is
    /// known there (for the output of `read`).
    pub fn name_of(&self, addr: IpAddr, plane: Plane) -> String {
        match self.lookup(addr, plane) {
            Some(n) => self.name(n),
            None => addr.to_string(),
        }
    }

    /// The addresses of node `id`, each once, as `10.0.0.1, 2001:db8::1` (planes dropped).
    pub fn addr_list(&self, id: NodeId) -> String {
        let mut v: Vec<IpAddr> = Vec::new();
        for (a, _) in self.addrs(id) {
            if !v.contains(a) {
                v.push(*a);
            }
        }
        v.iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every root node, with its name and addresses (for reports).
    pub fn roots(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len() as NodeId).filter(|&i| self.nodes[i as usize].parent == i)
    }

    /// One line per plane an address is used on, e.g. `10.0.0.1 (s1, x2)`.
    pub fn describe_addrs(&self, id: NodeId) -> String {
        let mut out: Vec<(IpAddr, Vec<&str>)> = Vec::new();
        for (a, p) in self.addrs(id) {
            match out.iter_mut().find(|x| x.0 == *a) {
                Some(x) => x.1.push(p.name()),
                None => out.push((*a, vec![p.name()])),
            }
        }
        out.iter()
            .map(|(a, ps)| format!("{a} ({})", ps.join(", ")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn enb(id: u32) -> EnbIdentity {
        EnbIdentity::new([0x00, 0xf1, 0x10], EnbKind::Macro, id).unwrap()
    }

    #[test]
    fn plmn_and_identity_text() {
        assert_eq!(plmn_text(&[0x00, 0xf1, 0x10]), "001-01");
        assert_eq!(plmn_text(&[0x13, 0x00, 0x14]), "310-410");
        let g = Gummei {
            plmn: [0x00, 0xf1, 0x10],
            mmegi: 0x8001,
            mmec: 1,
        };
        assert_eq!(g.to_string(), "001-01:8001:01");
    }

    #[test]
    fn same_host_two_planes_stay_two_nodes() {
        let mut m = NodeMap::default();
        let a = m.node(ip("10.0.0.1"), Plane::S1, Role::Enb);
        let b = m.node(ip("10.0.0.1"), Plane::Gtp, Role::Sgw);
        assert_ne!(m.root(a), m.root(b));
        assert_eq!(m.name(a), "eNB 10.0.0.1");
        assert_eq!(m.name(b), "SGW 10.0.0.1");
    }

    #[test]
    fn enb_s1_and_x2_on_one_address_are_one_node() {
        let mut m = NodeMap::default();
        let s1 = m.node(ip("10.0.0.1"), Plane::S1, Role::Enb);
        let x2 = m.node(ip("10.0.0.1"), Plane::X2, Role::Enb);
        assert_eq!(m.root(s1), m.root(x2));
        // An S-GW on that host stays apart.
        let g = m.node(ip("10.0.0.1"), Plane::Gtp, Role::Sgw);
        assert_ne!(m.root(g), m.root(s1));
    }

    #[test]
    fn mme_on_both_families_is_one_node() {
        let mut m = NodeMap::default();
        let g = Gummei {
            plmn: [0x00, 0xf1, 0x10],
            mmegi: 0x8001,
            mmec: 1,
        };
        let v4 = m.node(ip("10.0.0.9"), Plane::S1, Role::Mme);
        let v6 = m.node(ip("2001:db8::9"), Plane::S1, Role::Mme);
        m.set_gummei(v4, g);
        m.set_gummei(v6, g);
        m.set_name(v6, "mme-1");
        assert_eq!(m.root(v4), m.root(v6));
        assert_eq!(m.name(v4), "MME 001-01:8001:01 (mme-1)");
        assert_eq!(m.addr_list(v6), "10.0.0.9, 2001:db8::9");
    }

    #[test]
    fn a_cell_ties_addresses_to_an_enb_without_guessing_its_id() {
        let mut m = NodeMap::default();
        let plmn = [0x00, 0xf1, 0x10];
        // No setup seen: an X2 target cell and a path switch's cell of one macro eNB, on two
        // addresses. A cell is no eNB ID, so they stay two nodes, each named by its cell.
        let x2 = m.node(ip("10.9.0.2"), Plane::X2, Role::Enb);
        let x2 = m.set_cell(x2, plmn, 0x1a2b301);
        let s1 = m.node(ip("2001:db8::2"), Plane::S1, Role::Enb);
        let s1 = m.set_cell(s1, plmn, 0x1a2b302);
        assert_ne!(m.root(x2), m.root(s1));
        assert_eq!(m.name(x2), "eNB 001-01:cell:1a2b301");
        assert_eq!(m.enb(s1), None);
        // The same cell reported from another address is the same eNB.
        let x2b = m.node(ip("10.9.0.3"), Plane::X2, Role::Enb);
        assert_eq!(m.set_cell(x2b, plmn, 0x1a2b301), m.root(x2));
        // The eNB's ID, once given, takes in every node known by one of its cells.
        let s1 = m.set_enb(s1, enb(0x1a2b3));
        assert_eq!(m.root(x2), m.root(s1));
        assert_eq!(m.name(x2), "eNB 001-01:macro:1a2b3");
        assert_eq!(m.name(x2), enb_name(&enb(0x1a2b3)));
        // A cell of a known eNB names it at once.
        let other = m.node(ip("10.9.0.4"), Plane::X2, Role::Enb);
        assert_eq!(m.set_cell(other, plmn, 0x1a2b3ff), m.root(s1));

        // Two home eNBs whose 28-bit IDs share the 20 leading bits (0x00005): two nodes, as in
        // a real capture where a macro guess made them one.
        let a = m.node(ip("192.168.4.93"), Plane::S1, Role::Enb);
        let a = m.set_cell(a, plmn, 0x582);
        let b = m.node(ip("192.168.4.94"), Plane::S1, Role::Enb);
        let b = m.set_cell(b, plmn, 0x56e);
        assert_ne!(m.root(a), m.root(b));
        let h = EnbIdentity::new(plmn, EnbKind::Home, 0x56e).unwrap();
        let b = m.set_enb(b, h);
        assert_eq!(m.name(b), "eNB 001-01:home:56e");
        assert_eq!(m.name(a), "eNB 001-01:cell:0000582");
        // A home eNB named by a Target ID before any address: its cell finds it.
        let h = EnbIdentity::new(plmn, EnbKind::Home, 0x7654321).unwrap();
        let hn = m.enb_node(h).unwrap();
        let c = m.node(ip("10.0.0.77"), Plane::S1, Role::Enb);
        assert_eq!(m.set_cell(c, plmn, 0x7654321), m.root(hn));
    }

    #[test]
    fn contradicting_identities_do_not_merge() {
        let mut m = NodeMap::default();
        let a = m.node(ip("10.0.0.1"), Plane::S1, Role::Enb);
        m.set_enb(a, enb(1));
        let b = m.node(ip("10.0.0.2"), Plane::S1, Role::Enb);
        m.set_enb(b, enb(2));
        m.add_addr(b, ip("10.0.0.1"), Plane::S1);
        assert_ne!(m.root(a), m.root(b));
    }

    #[test]
    fn bounded() {
        let mut m = NodeMap::with_cap(100);
        for i in 0..10_000u32 {
            m.observe(IpAddr::from(i.to_be_bytes()), Plane::S1);
        }
        assert!(m.len() <= 103);
        assert!(m.full());
        assert!(m.seen(0, Plane::X2));
        // One node given ever new cells and identities (a hostile capture): the indexes stay
        // bounded too.
        let mut m = NodeMap::with_cap(100);
        let n = m.node(ip("10.0.0.1"), Plane::S1, Role::Enb);
        for i in 0..10_000u32 {
            m.set_cell(n, [0x00, 0xf1, 0x10], i);
            m.set_enb(n, enb(i));
        }
        assert!(m.by_cell.len() <= 100 && m.by_enb.len() <= 100);
        assert_eq!(m.len(), 1);
    }
}
