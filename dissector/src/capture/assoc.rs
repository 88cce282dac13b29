//! SCTP associations identified as RFC 9260 identifies them: by the two ports and the two
//! verification tags, not by an address pair.
//!
//! A packet carries its receiver's tag (the one the receiver chose in its INIT or INIT ACK),
//! so `(destination port, tag, source port)` names the association and which side sent the
//! packet, whatever addresses the packet travels between: a multi-homed association keeps one
//! identity when its DATA moves to an alternate path. Each side's address set is learned from
//! the IPv4 / IPv6 address parameters of INIT and INIT ACK and from the packets seen.
//!
//! Without a captured handshake the first packet seen creates the association with the
//! receiver's tag known and the sender's unknown; the first packet the other way (found by
//! its address pair, the only time addresses join packets) teaches the sender's tag.
//!
//! Tags are meant to be random, but synthetic captures reuse them: when several associations
//! share `(port, tag, peer port)`, the path (both addresses, from the packets and the INIT /
//! INIT ACK address parameters) picks the right one, else the latest association with them.
//!
//! # Bounds
//! At most [`super::Limits::sctp_max_associations`] associations are held. The table is a slab
//! with an intrusive least-recently-used list, so a look-up, a touch and an eviction cost O(1)
//! (hash look-ups plus at most [`MAX_ADDRS`]² index entries of the evicted association),
//! whatever the number of associations. Each side keeps at most [`MAX_ADDRS`] addresses.
//! About 330 octets per association with its index entries (two 512-TSN windows, the first
//! address of each side inline; index entries hold 64-bit hashes of their keys).

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;

use super::hash::{Fast, FastHasher};
use std::hash::{Hash, Hasher};

/// The 64-bit hash an index stores instead of its (40-octet) key.
fn h<K: Hash>(k: &K) -> u64 {
    let mut s = FastHasher::default();
    k.hash(&mut s);
    s.finish()
}
use super::tsn::TsnWindow;

/// Addresses remembered per side of an association (RFC 9260 allows more; beyond this many,
/// later ones still belong to the association by tag but are not listed).
pub const MAX_ADDRS: usize = 8;

const NIL: u32 = u32::MAX;

/// An SCTP association's identity within one capture reading: a serial number from 1 in the
/// order the associations were first seen, never reused (also not after an eviction), and
/// where the reader keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct AssocId {
    serial: u64,
    slot: u32,
}

impl AssocId {
    pub(crate) fn new(serial: u64, slot: u32) -> Self {
        AssocId { serial, slot }
    }

    pub(crate) fn slot(self) -> u32 {
        self.slot
    }

    /// The serial number (1 for the first association seen).
    pub fn serial(self) -> u64 {
        self.serial
    }
}

impl fmt::Display for AssocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sctp#{}", self.serial)
    }
}

impl serde::Serialize for AssocId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.serial)
    }
}

/// One of the two endpoints of an association.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Side {
    /// The endpoint that sent the INIT, or (handshake not captured) the sender of the first
    /// packet seen.
    A,
    /// The other endpoint.
    B,
}

impl Side {
    /// 0 for A, 1 for B.
    pub fn index(self) -> usize {
        match self {
            Side::A => 0,
            Side::B => 1,
        }
    }

    /// The other endpoint.
    pub fn peer(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }

    fn of(i: usize) -> Side {
        if i == 0 {
            Side::A
        } else {
            Side::B
        }
    }
}

/// What is known of an association: per side, its port, verification tag and addresses.
#[derive(Debug, Clone, Copy)]
pub struct Association<'a> {
    pub(crate) a: &'a Assoc,
    pub(crate) slot: u32,
}

impl<'a> Association<'a> {
    /// The association's identity.
    pub fn id(&self) -> AssocId {
        AssocId::new(self.a.id, self.slot)
    }

    /// The SCTP port of a side.
    pub fn port(&self, s: Side) -> u16 {
        self.a.ports[s.index()]
    }

    /// The verification tag a side chose (carried by the packets sent to it), once seen.
    pub fn tag(&self, s: Side) -> Option<u32> {
        self.a.tags[s.index()]
    }

    /// The addresses a side used or announced (INIT / INIT ACK address parameters), first
    /// seen first; at most [`MAX_ADDRS`].
    pub fn addrs(&self, s: Side) -> impl Iterator<Item = IpAddr> + 'a {
        self.a.addrs.side(s.index())
    }

    /// Whether the side's addresses came from its INIT or INIT ACK (a complete list), rather
    /// than only from the packets seen.
    pub fn announced(&self, s: Side) -> bool {
        self.a.announced[s.index()]
    }
}

/// The addresses of both sides: the first of each inline, further ones (multi-homing) in a
/// vector that stays unallocated for single-homed associations.
#[derive(Debug, Clone, Default)]
pub(crate) struct Addrs {
    first: [Option<IpAddr>; 2],
    more: Vec<(u8, IpAddr)>,
}

impl Addrs {
    pub fn side(&self, s: usize) -> impl Iterator<Item = IpAddr> + '_ {
        self.first[s].into_iter().chain(
            self.more
                .iter()
                .filter(move |(x, _)| usize::from(*x) == s)
                .map(|(_, ip)| *ip),
        )
    }

    pub fn contains(&self, s: usize, ip: IpAddr) -> bool {
        self.side(s).any(|x| x == ip)
    }

    fn len(&self, s: usize) -> usize {
        self.side(s).count()
    }

    fn push(&mut self, s: usize, ip: IpAddr) {
        if self.first[s].is_none() {
            self.first[s] = Some(ip);
        } else {
            self.more.push((s as u8, ip));
        }
    }

    pub fn first(&self, s: usize) -> Option<IpAddr> {
        self.first[s]
    }

    fn to_vec(&self, s: usize) -> Vec<IpAddr> {
        self.side(s).collect()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Assoc {
    pub id: u64,
    pub ports: [u16; 2],
    pub tags: [Option<u32>; 2],
    pub addrs: Addrs,
    pub announced: [bool; 2],
    /// TSNs delivered, per sending side.
    pub windows: [TsnWindow; 2],
    /// Octets held in reassembly for this association.
    pub held: usize,
    /// Messages in reassembly for this association.
    pub bufs: u32,
}

#[derive(Debug)]
struct Slot {
    a: Option<Assoc>,
    prev: u32,
    next: u32,
}

/// Associations sharing `(port, tag, peer port)`: how many, and the latest registered.
#[derive(Debug, Clone, Copy)]
struct Ep {
    n: u32,
    slot: u32,
}

/// A path of an association, one way: who sends from `sip:sport` to `dip:dport` with the
/// receiver's tag `dtag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PathKey {
    sport: u16,
    sip: IpAddr,
    dport: u16,
    dip: IpAddr,
    dtag: u32,
}

/// An address pair of an association whose side at `(ip, port)` has no known tag yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct HalfKey {
    ip: IpAddr,
    port: u16,
    peer_ip: IpAddr,
    peer_port: u16,
}

/// Where a packet belongs: the association's slot and the sending side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Who {
    pub slot: u32,
    pub sender: usize,
}

/// The association table.
#[derive(Debug)]
pub(crate) struct AssocTable {
    slots: Vec<Slot>,
    free: Vec<u32>,
    /// Most recently used.
    head: u32,
    /// Least recently used.
    tail: u32,
    len: usize,
    next_id: u64,
    eps: HashMap<(u16, u32, u16), Ep, Fast>,
    /// By the hash of a [`PathKey`] (the association found is checked against the packet).
    paths: HashMap<u64, u32, Fast>,
    /// By the hash of a [`HalfKey`] (checked likewise).
    half: HashMap<u64, u32, Fast>,
    /// Index entries and slots visited (for the complexity tests).
    pub work: u64,
}

impl Default for AssocTable {
    fn default() -> Self {
        AssocTable {
            slots: Vec::new(),
            free: Vec::new(),
            head: NIL,
            tail: NIL,
            len: 0,
            next_id: 1,
            eps: HashMap::default(),
            paths: HashMap::default(),
            half: HashMap::default(),
            work: 0,
        }
    }
}

impl AssocTable {
    #[cfg(test)]
    pub fn new() -> Self {
        Self::default()
    }

    /// A table sized for `cap` associations (at most 2^17 reserved ahead): reserving up front
    /// spares the moments a growing table holds its old and new storage at once; the pages
    /// become resident only as associations arrive.
    pub fn with_capacity(cap: usize) -> Self {
        let n = cap.min(1 << 17);
        AssocTable {
            slots: Vec::with_capacity(n),
            eps: HashMap::with_capacity_and_hasher(2 * n, Fast::default()),
            ..Self::default()
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn get(&self, slot: u32) -> Option<&Assoc> {
        self.slots.get(slot as usize).and_then(|s| s.a.as_ref())
    }

    pub fn get_mut(&mut self, slot: u32) -> Option<&mut Assoc> {
        self.slots.get_mut(slot as usize).and_then(|s| s.a.as_mut())
    }

    /// The association with this id, if still held.
    pub fn by_id(&self, id: AssocId) -> Option<&Assoc> {
        self.get(id.slot).filter(|a| a.id == id.serial)
    }

    fn unlink(&mut self, i: u32) {
        let (p, n) = {
            let s = &self.slots[i as usize];
            (s.prev, s.next)
        };
        if p == NIL {
            self.head = n;
        } else {
            self.slots[p as usize].next = n;
        }
        if n == NIL {
            self.tail = p;
        } else {
            self.slots[n as usize].prev = p;
        }
    }

    fn push_front(&mut self, i: u32) {
        let h = self.head;
        {
            let s = &mut self.slots[i as usize];
            s.prev = NIL;
            s.next = h;
        }
        if h == NIL {
            self.tail = i;
        } else {
            self.slots[h as usize].prev = i;
        }
        self.head = i;
    }

    /// Marks the association as just used.
    pub fn touch(&mut self, i: u32) {
        self.work += 1;
        if self.head != i {
            self.unlink(i);
            self.push_front(i);
        }
    }

    /// A new association; the least recently used one leaves first when `cap` are held.
    fn create(&mut self, ports: [u16; 2], cap: usize, evicted: &mut Vec<Assoc>) -> u32 {
        while self.len >= cap.max(1) && self.tail != NIL {
            let t = self.tail;
            if let Some(a) = self.remove(t) {
                evicted.push(a);
            }
        }
        let a = Assoc {
            id: self.next_id,
            ports,
            tags: [None, None],
            addrs: Addrs::default(),
            announced: [false, false],
            windows: [TsnWindow::new(), TsnWindow::new()],
            held: 0,
            bufs: 0,
        };
        self.next_id += 1;
        let i = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize].a = Some(a);
                i
            }
            None => {
                self.slots.push(Slot {
                    a: Some(a),
                    prev: NIL,
                    next: NIL,
                });
                (self.slots.len() - 1) as u32
            }
        };
        self.len += 1;
        self.push_front(i);
        i
    }

    /// Takes an association out with all its index entries.
    fn remove(&mut self, i: u32) -> Option<Assoc> {
        let a = self.slots.get_mut(i as usize)?.a.take()?;
        self.unlink(i);
        self.free.push(i);
        self.len -= 1;
        for s in 0..2 {
            let p = 1 - s;
            if let Some(t) = a.tags[s] {
                let k = (a.ports[s], t, a.ports[p]);
                if let Some(e) = self.eps.get_mut(&k) {
                    e.n -= 1;
                    if e.n == 0 {
                        self.eps.remove(&k);
                    } else if e.slot == i {
                        e.slot = NIL;
                    }
                }
            }
            for ip in a.addrs.side(s) {
                self.work += 1;
                if let Some(pt) = a.tags[p] {
                    for peer_ip in a.addrs.side(p) {
                        self.work += 1;
                        let k = PathKey {
                            sport: a.ports[s],
                            sip: ip,
                            dport: a.ports[p],
                            dip: peer_ip,
                            dtag: pt,
                        };
                        if self.paths.get(&h(&k)) == Some(&i) {
                            self.paths.remove(&h(&k));
                        }
                    }
                }
                if a.tags[s].is_none() {
                    for peer_ip in a.addrs.side(p) {
                        self.work += 1;
                        let k = HalfKey {
                            ip,
                            port: a.ports[s],
                            peer_ip,
                            peer_port: a.ports[p],
                        };
                        if self.half.get(&h(&k)) == Some(&i) {
                            self.half.remove(&h(&k));
                        }
                    }
                }
            }
        }
        Some(a)
    }

    /// Records the tag side `s` chose; a different tag replaces the old one.
    fn set_tag(&mut self, i: u32, s: usize, tag: u32) {
        let Some(a) = self.get(i) else { return };
        if a.tags[s] == Some(tag) {
            return;
        }
        let (ports, old) = (a.ports, a.tags[s]);
        let addrs = [a.addrs.to_vec(0), a.addrs.to_vec(1)];
        let p = 1 - s;
        if let Some(old) = old {
            let k = (ports[s], old, ports[p]);
            if let Some(e) = self.eps.get_mut(&k) {
                e.n -= 1;
                if e.n == 0 {
                    self.eps.remove(&k);
                } else if e.slot == i {
                    e.slot = NIL;
                }
            }
            for &ip in &addrs[p] {
                for &own in &addrs[s] {
                    self.work += 1;
                    let k = PathKey {
                        sport: ports[p],
                        sip: ip,
                        dport: ports[s],
                        dip: own,
                        dtag: old,
                    };
                    if self.paths.get(&h(&k)) == Some(&i) {
                        self.paths.remove(&h(&k));
                    }
                }
            }
        } else {
            // The side's address pairs no longer need joining by address.
            for &ip in &addrs[s] {
                for &peer_ip in &addrs[p] {
                    self.work += 1;
                    let k = HalfKey {
                        ip,
                        port: ports[s],
                        peer_ip,
                        peer_port: ports[p],
                    };
                    if self.half.get(&h(&k)) == Some(&i) {
                        self.half.remove(&h(&k));
                    }
                }
            }
        }
        let e = self
            .eps
            .entry((ports[s], tag, ports[p]))
            .or_insert(Ep { n: 0, slot: i });
        e.n += 1;
        let (n, prev) = (e.n, e.slot);
        e.slot = i;
        if let Some(a) = self.get_mut(i) {
            a.tags[s] = Some(tag);
        }
        // Paths are indexed only where tags are shared (random tags never need them): the
        // association that had these alone gets its paths now.
        if n == 2 {
            if let Some(r) = self
                .get(prev)
                .and_then(|a| (0..2).find(|&r| a.ports[r] == ports[s] && a.tags[r] == Some(tag)))
            {
                self.register_paths(prev, r);
            }
        }
        if n >= 2 {
            self.register_paths(i, s);
        }
    }

    /// Indexes every path of association `i` towards side `r` (with `r`'s tag).
    fn register_paths(&mut self, i: u32, r: usize) {
        let Some(a) = self.get(i) else { return };
        let Some(tag) = a.tags[r] else { return };
        let (ports, senders, receivers) = (a.ports, a.addrs.to_vec(1 - r), a.addrs.to_vec(r));
        for &sip in &senders {
            for &dip in &receivers {
                self.work += 1;
                let k = PathKey {
                    sport: ports[1 - r],
                    sip,
                    dport: ports[r],
                    dip,
                    dtag: tag,
                };
                self.paths.insert(h(&k), i);
            }
        }
    }

    /// Whether several associations share `(port, tag, peer port)`.
    fn shared(&self, port: u16, tag: u32, peer_port: u16) -> bool {
        self.eps
            .get(&(port, tag, peer_port))
            .is_some_and(|e| e.n >= 2)
    }

    /// Adds an address to side `s` (and the index entries it needs).
    fn add_addr(&mut self, i: u32, s: usize, ip: IpAddr) {
        let Some(a) = self.get_mut(i) else { return };
        if a.addrs.contains(s, ip) || a.addrs.len(s) >= MAX_ADDRS {
            return;
        }
        a.addrs.push(s, ip);
        let p = 1 - s;
        let (ports, tags) = (a.ports, a.tags);
        let peers = a.addrs.to_vec(p);
        // Every path through the new address, both ways, where the receiver's tag is known.
        let mut paths = Vec::new();
        for &peer_ip in &peers {
            if let Some(pt) = tags[p].filter(|&t| self.shared(ports[p], t, ports[s])) {
                paths.push(PathKey {
                    sport: ports[s],
                    sip: ip,
                    dport: ports[p],
                    dip: peer_ip,
                    dtag: pt,
                });
            }
            if let Some(t) = tags[s].filter(|&t| self.shared(ports[s], t, ports[p])) {
                paths.push(PathKey {
                    sport: ports[p],
                    sip: peer_ip,
                    dport: ports[s],
                    dip: ip,
                    dtag: t,
                });
            }
        }
        for k in paths {
            self.work += 1;
            self.paths.insert(h(&k), i);
        }
        // Address pairs across a side without a tag let its first packet be found.
        let mut halves = Vec::new();
        if tags[s].is_none() {
            for &peer_ip in &peers {
                halves.push(HalfKey {
                    ip,
                    port: ports[s],
                    peer_ip,
                    peer_port: ports[p],
                });
            }
        }
        if tags[p].is_none() {
            for &peer_ip in &peers {
                halves.push(HalfKey {
                    ip: peer_ip,
                    port: ports[p],
                    peer_ip: ip,
                    peer_port: ports[s],
                });
            }
        }
        for k in halves {
            self.work += 1;
            self.half.insert(h(&k), i);
        }
    }

    /// The association and sending side of a packet `sip:sp -> dip:dp` carrying tag `vtag`
    /// (the receiver's), created if none fits.
    #[allow(clippy::too_many_arguments)]
    pub fn resolve(
        &mut self,
        sp: u16,
        dp: u16,
        vtag: u32,
        sip: IpAddr,
        dip: IpAddr,
        cap: usize,
        evicted: &mut Vec<Assoc>,
    ) -> Who {
        self.work += 1;
        let who = self.find(sp, dp, vtag, sip, dip).unwrap_or_else(|| {
            let i = self.create([sp, dp], cap, evicted);
            self.add_addr(i, 0, sip);
            self.add_addr(i, 1, dip);
            self.set_tag(i, 1, vtag);
            Who { slot: i, sender: 0 }
        });
        let r = 1 - who.sender;
        self.set_tag(who.slot, r, vtag);
        self.add_addr(who.slot, who.sender, sip);
        self.add_addr(who.slot, r, dip);
        self.touch(who.slot);
        who
    }

    fn find(&mut self, sp: u16, dp: u16, vtag: u32, sip: IpAddr, dip: IpAddr) -> Option<Who> {
        if let Some(&e) = self.eps.get(&(dp, vtag, sp)) {
            let slot = if e.n == 1 {
                e.slot
            } else {
                // Shared tags: the path tells, else the latest association with them.
                let k = PathKey {
                    sport: sp,
                    sip,
                    dport: dp,
                    dip,
                    dtag: vtag,
                };
                // (The index keeps hashes: the association found must hold both addresses.)
                self.paths
                    .get(&h(&k))
                    .copied()
                    .filter(|&i| {
                        self.get(i).is_some_and(|a| {
                            (0..2).any(|r| a.addrs.contains(r, dip) && a.addrs.contains(1 - r, sip))
                        })
                    })
                    .unwrap_or(e.slot)
            };
            if let Some(a) = self.get(slot) {
                // The receiving side is the one with this port and tag (both, when the two
                // sides chose the same port and tag: then the addresses tell).
                let m =
                    |s: usize| a.ports[s] == dp && a.tags[s] == Some(vtag) && a.ports[1 - s] == sp;
                let r = match (m(0), m(1)) {
                    (true, true) => {
                        if a.addrs.contains(0, dip) && !a.addrs.contains(1, dip) {
                            0
                        } else {
                            1
                        }
                    }
                    (true, false) => 0,
                    (false, true) => 1,
                    (false, false) => return None,
                };
                return Some(Who {
                    slot,
                    sender: 1 - r,
                });
            }
        }
        // The receiver's tag not known yet: join by the address pair, once.
        let k = HalfKey {
            ip: dip,
            port: dp,
            peer_ip: sip,
            peer_port: sp,
        };
        let slot = *self.half.get(&h(&k))?;
        let a = self.get(slot)?;
        let r = (0..2).find(|&s| {
            a.tags[s].is_none()
                && a.ports[s] == dp
                && a.ports[1 - s] == sp
                && a.addrs.contains(s, dip)
                && a.addrs.contains(1 - s, sip)
        })?;
        Some(Who {
            slot,
            sender: 1 - r,
        })
    }

    /// An INIT from `sip:sp` to `dip:dp` with the sender's tag and announced addresses.
    #[allow(clippy::too_many_arguments)]
    pub fn init(
        &mut self,
        sp: u16,
        dp: u16,
        init_tag: u32,
        sip: IpAddr,
        dip: IpAddr,
        announced: &[IpAddr],
        cap: usize,
        evicted: &mut Vec<Assoc>,
    ) -> Who {
        self.work += 1;
        // A retransmitted INIT finds its association; anything else starts a new one (a
        // restart too: the old association is left to age out).
        let again = self.eps.get(&(sp, init_tag, dp)).and_then(|e| {
            let a = self.get(e.slot)?;
            let s = (0..2).find(|&s| {
                a.ports[s] == sp && a.tags[s] == Some(init_tag) && a.addrs.contains(s, sip)
            })?;
            a.tags[1 - s].is_none().then_some(Who {
                slot: e.slot,
                sender: s,
            })
        });
        let who = match again {
            Some(w) => w,
            None => {
                let i = self.create([sp, dp], cap, evicted);
                Who { slot: i, sender: 0 }
            }
        };
        let (i, s) = (who.slot, who.sender);
        self.set_tag(i, s, init_tag);
        self.add_addr(i, s, sip);
        for &ip in announced {
            self.add_addr(i, s, ip);
        }
        self.add_addr(i, 1 - s, dip);
        if !announced.is_empty() {
            if let Some(a) = self.get_mut(i) {
                a.announced[s] = true;
            }
        }
        self.touch(i);
        who
    }

    /// An INIT ACK (already resolved to `who`): the sender's tag and addresses.
    pub fn init_ack(&mut self, who: Who, init_tag: u32, announced: &[IpAddr]) {
        self.set_tag(who.slot, who.sender, init_tag);
        for &ip in announced {
            self.add_addr(who.slot, who.sender, ip);
        }
        if !announced.is_empty() {
            if let Some(a) = self.get_mut(who.slot) {
                a.announced[who.sender] = true;
            }
        }
    }

    /// Side names for messages.
    pub fn describe(a: &Assoc, sender: usize) -> String {
        let ep = |s: usize| match a.addrs.first(s) {
            Some(ip) => std::net::SocketAddr::new(ip, a.ports[s]).to_string(),
            None => format!("port {}", a.ports[s]),
        };
        format!("sctp#{} {} -> {}", a.id, ep(sender), ep(1 - sender))
    }

    /// Iterates the held associations (any order).
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = &Assoc> {
        self.slots.iter().filter_map(|s| s.a.as_ref())
    }
}

impl Side {
    /// The side of index `i` (0: A, 1: B).
    pub(crate) fn from_index(i: usize) -> Side {
        Side::of(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn tags_not_addresses_name_the_association() {
        let mut t = AssocTable::new();
        let mut ev = Vec::new();
        let (e1, e2, m1, m2) = (
            ip("10.0.0.1"),
            ip("10.0.1.1"),
            ip("10.9.0.1"),
            ip("fd00::9"),
        );
        // eNB -> MME without handshake: tag of the MME side 0xbbbb.
        let w = t.resolve(36412, 36412, 0xbbbb, e1, m1, 100, &mut ev);
        assert_eq!(w.sender, 0);
        // The first answer on the primary path teaches the eNB's tag; then the MME's answer
        // from its alternate (IPv6) address to the eNB's alternate address is found by tag.
        let back = t.resolve(36412, 36412, 0xaaaa, m1, e1, 100, &mut ev);
        assert_eq!(
            back,
            Who {
                slot: w.slot,
                sender: 1
            }
        );
        let alt = t.resolve(36412, 36412, 0xaaaa, m2, e2, 100, &mut ev);
        assert_eq!(alt, back);
        let fwd_alt = t.resolve(36412, 36412, 0xbbbb, e2, m2, 100, &mut ev);
        assert_eq!(fwd_alt, w);
        let a = t.get(w.slot).unwrap();
        assert_eq!(a.addrs.to_vec(0), vec![e1, e2]);
        assert_eq!(a.addrs.to_vec(1), vec![m1, m2]);
        assert_eq!(a.tags, [Some(0xaaaa), Some(0xbbbb)]);
        assert_eq!(t.len(), 1);
        assert!(ev.is_empty());
    }

    #[test]
    fn shared_tags_are_told_apart_by_the_handshake_addresses() {
        // Two eNBs with the same port and tags towards one MME (synthetic captures do this).
        let mut t = AssocTable::new();
        let mut ev = Vec::new();
        let (e1, e2, m) = (ip("10.0.0.1"), ip("10.0.0.2"), ip("10.9.0.1"));
        let mut ws = Vec::new();
        for e in [e1, e2] {
            let w = t.init(36412, 36412, 0xaaaa, e, m, &[], 100, &mut ev);
            let ack = t.resolve(36412, 36412, 0xaaaa, m, e, 100, &mut ev);
            assert_eq!(ack.slot, w.slot);
            t.init_ack(ack, 0xbbbb, &[]);
            ws.push(w.slot);
        }
        assert_ne!(ws[0], ws[1]);
        assert_eq!(
            t.resolve(36412, 36412, 0xbbbb, e1, m, 100, &mut ev).slot,
            ws[0]
        );
        assert_eq!(
            t.resolve(36412, 36412, 0xbbbb, e2, m, 100, &mut ev).slot,
            ws[1]
        );
        assert_eq!(
            t.resolve(36412, 36412, 0xaaaa, m, e1, 100, &mut ev).slot,
            ws[0]
        );
        assert_eq!(
            t.resolve(36412, 36412, 0xaaaa, m, e2, 100, &mut ev).slot,
            ws[1]
        );
    }

    #[test]
    fn eviction_is_constant_work_per_association() {
        // 300,000 associations through a table of 100,000: the work counted (slots and index
        // entries visited) grows linearly, a small constant per association.
        let mut t = AssocTable::new();
        let mut ev = Vec::new();
        let n: u32 = 300_000;
        for k in 0..n {
            let a = IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + k));
            let b = IpAddr::from(std::net::Ipv4Addr::from(0x0b00_0000 + k));
            let w = t.resolve(36422, 36422, 2 * k, a, b, 100_000, &mut ev);
            t.resolve(36422, 36422, 2 * k + 1, b, a, 100_000, &mut ev);
            assert_eq!(w.sender, 0);
            ev.clear();
            if k == 99_999 {
                assert_eq!(t.len(), 100_000);
            }
        }
        assert_eq!(t.len(), 100_000);
        assert!(
            t.work < 20 * u64::from(n),
            "{} units of work for {n} associations",
            t.work
        );
    }
}
