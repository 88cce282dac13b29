//! Correlation: which UE and which procedure each event belongs to, the keys known for it, and
//! the calls into the transition functions of [`super::machine`].
//!
//! A UE is one internal index, reached through every id it had: (MME address, MME-UE-S1AP-ID)
//! of each MME that served it, (eNB address, MME-UE-S1AP-ID), the IMSI, (source eNB address,
//! old eNB UE X2AP ID), GTP (address, TEID) and (addresses, sequence number), and the hash of
//! the transparent container its handover legs carry. So a UE is followed through a chain of
//! handovers across eNBs and MMEs. UE contexts are capped; the least recently active one is
//! dropped with an EVICTED finding.
//!
//! Keys live in the dissector's [`KeyStore`] (the one `keyhop read --keys` uses): the keys
//! file's, and those learned from the capture (KeyDistribution, MM Contexts, H_key
//! deliveries), each from its frame on, the file winning with a KEYS-CONFLICT. Each UE of the
//! engine holds the handle of its key context there.

use super::event::*;
use super::machine::{
    self, AsKeys, End, Ends, Ho, Known, Links, MakrGlobal, MakrUe, NasOutcome, SetupCell, Step,
};
use super::rules::{Finding, Findings, ProcKind, Rule};
use crate::analysis::keystore::{Conflict, HKey, KeyStore, NasRead, UeHandle};
use crate::analysis::nodes::{NodeId, NodeMap, Plane, Role};
use crate::capture::AppProto;
use crate::keys::{KeysFile, MmeRef};
use keyhop_codec::security::keys::{Key128, Key256, SecretKey};
use keyhop_codec::security::makr::EnbIdentity;
use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{IpAddr, SocketAddr};

mod lookup;
pub(crate) use lookup::header_seq;
pub use lookup::UeKeys;

/// The plane of an application protocol.
fn plane_of(app: AppProto) -> Plane {
    match app {
        AppProto::S1ap => Plane::S1,
        AppProto::X2ap => Plane::X2,
        AppProto::Gtpv1c | AppProto::Gtpv2c => Plane::Gtp,
    }
}

/// Internal UE index (never reused).
pub type UeIdx = u32;

/// The engine's tables hash with [`Fast`] (SipHash was 15% of validate's instructions).
type Map<K, V> = HashMap<K, V, Fast>;
type Set<K> = HashSet<K, Fast>;

/// Inserts into a table bounded by forgetting: when it holds `cap` entries and `k` is new, it
/// is emptied first (what it held is only a hint for later messages).
fn insert_forgetting<K: std::hash::Hash + Eq, V>(m: &mut Map<K, V>, k: K, v: V, cap: usize) {
    if m.len() >= cap && !m.contains_key(&k) {
        m.clear();
    }
    m.insert(k, v);
}

/// What the capture showed of one kind (addresses, peer pairs), bounded: at `cap` entries it
/// stops growing and becomes `full`, from when on any link of that kind may have been shown.
struct Seen<T> {
    set: Set<T>,
    full: bool,
}

impl<T: std::hash::Hash + Eq> Seen<T> {
    fn new() -> Self {
        Seen {
            set: Set::default(),
            full: false,
        }
    }

    fn note(&mut self, x: T, cap: usize) {
        if !self.set.contains(&x) {
            if self.set.len() < cap {
                self.set.insert(x);
            } else {
                self.full = true;
            }
        }
    }
}

/// A hasher of ids and addresses: FxHash's multiply-rotate step from a seed drawn per table
/// (as std's RandomState does, so that a capture cannot aim collisions at a known seed), and
/// a final avalanche so that hashbrown's top bits depend on every input bit.
#[derive(Clone, Copy)]
struct Fast(u64);

impl Default for Fast {
    fn default() -> Self {
        use std::hash::BuildHasher;
        Fast(std::collections::hash_map::RandomState::new().hash_one(0x6b65_7968_6f70u64) | 1)
    }
}

impl std::hash::BuildHasher for Fast {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(self.0)
    }
}

/// The state of [`Fast`].
struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(26) ^ w).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u16(&mut self, i: u16) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        // murmur3's fmix64.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// The UE contexts. Boxed: the table's slots stay small, so its growth does not copy (nor
/// hold twice) every context.
type UeMap = Map<UeIdx, Box<Ue>>;

/// How a UE of the ladder is named: label, (MME addresses, MME-UE-S1AP-ID) pairs, IMSI.
pub type UeName = (String, Vec<(Vec<IpAddr>, u32)>, Option<Imsi>);

/// Node names [`Engine::write_identity`] holds at most (forgotten all at once beyond).
const NODE_NAMES: usize = 1 << 12;

/// The UE a message belongs to: how findings name it at that message, and its IMSI if known
/// by then.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageUe {
    /// The UE's context; `None` for a UE the engine does not hold yet (an InitialUEMessage
    /// naming its IMSI, which the UE that the MME's answer opens takes).
    pub ue: Option<UeIdx>,
    /// `imsi:N`, else `mme-ue-s1ap-id:N@<MME node>` ([`Ue::label`]).
    pub label: String,
    /// The UE's IMSI.
    pub imsi: Option<Imsi>,
}

/// The (MME node, MME-UE-S1AP-ID) pairs of a UE: the first (which names it) and the latest,
/// inline (a vector cost a heap block per UE; the index of every pair is cleaned of UEs that
/// are gone, so a pair dropped here costs nothing but a later look-up).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Aliases {
    v: [(NodeId, u32); 2],
    n: u8,
}

impl Aliases {
    /// The first pair.
    pub fn first(&self) -> Option<&(NodeId, u32)> {
        self.iter().next()
    }

    /// The pairs, first first.
    pub fn iter(&self) -> impl Iterator<Item = &(NodeId, u32)> {
        self.v[..self.n as usize].iter()
    }

    /// Adds `a` (replacing the latest when both places are taken).
    pub fn push(&mut self, a: (NodeId, u32)) {
        if (self.n as usize) < self.v.len() {
            self.v[self.n as usize] = a;
            self.n += 1;
        } else {
            self.v[1] = a;
        }
    }
}

/// One UE's context.
#[derive(Debug, Clone)]
pub struct Ue {
    /// IMSI, once seen.
    pub imsi: Option<Imsi>,
    /// (MME node, MME-UE-S1AP-ID) pairs it held: the first and the latest.
    pub aliases: Aliases,
    /// Last frame.
    pub last_frame: u64,
    /// The MME node serving it.
    pub mme: Option<NodeId>,
    /// The eNB node serving it.
    pub serving_enb: Option<NodeId>,
    /// The target eNB node of the handover in progress.
    pub target_enb: Option<NodeId>,
    /// The handover in progress (or the last one).
    pub ho: Option<Ho>,
    /// AS key chain (`None` while it is the default state: most UEs of a capture never get
    /// one, and it is the largest part of a context).
    pub keys: Option<Box<AsKeys>>,
    /// Key refresh (`None` while default, as for `keys`).
    pub makr: Option<Box<MakrUe>>,
    /// Its key context in the key store.
    pub kh: Option<UeHandle>,
    /// Messages seen (for `ladder`'s choice of the busiest UE).
    pub msgs: u32,
}

impl Ue {
    fn new(frame: u64) -> Ue {
        Ue {
            imsi: None,
            aliases: Aliases::default(),
            last_frame: frame,
            mme: None,
            serving_enb: None,
            target_enb: None,
            ho: None,
            keys: None,
            makr: None,
            kh: None,
            msgs: 0,
        }
    }

    /// How findings name it: `imsi:N`, else `mme-ue-s1ap-id:N@<MME node>`.
    pub fn label(&self, nodes: &NodeMap) -> String {
        let mut s = String::new();
        self.write_label(&mut s, |m| nodes.name(m));
        s
    }

    /// [`Ue::label`] appended to `out`, the name of its MME node given by `mme_name`.
    fn write_label<S: std::fmt::Display>(
        &self,
        out: &mut String,
        mme_name: impl FnOnce(NodeId) -> S,
    ) {
        use std::fmt::Write;
        let _ = match (&self.imsi, self.aliases.first()) {
            (Some(i), _) => write!(out, "imsi:{i}"),
            (None, Some((m, id))) => write!(out, "mme-ue-s1ap-id:{id}@{}", mme_name(*m)),
            (None, None) => write!(out, "unknown"),
        };
    }
}

/// How `ladder --ue` names a UE: an IMSI, or an MME-UE-S1AP-ID with an optional address of
/// its MME.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderPick {
    text: String,
    id: Option<u32>,
    mme: Option<IpAddr>,
}

impl LadderPick {
    /// From `--ue`: `IMSI`, `ID` or `ID@ADDRESS`.
    pub fn parse(s: &str) -> LadderPick {
        let (num, mme) = match s.split_once('@') {
            Some((n, m)) => (n, m.parse::<IpAddr>().ok()),
            None => (s, None),
        };
        LadderPick {
            text: s.to_string(),
            id: num.parse().ok(),
            mme,
        }
    }
}

/// Counts per procedure kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ProcCount {
    /// Handovers seen.
    pub started: u64,
    /// Ended with their last step.
    pub complete: u64,
    /// Cancelled by one side.
    pub cancelled: u64,
    /// Failed: refused or not completed by the network.
    pub failed: u64,
    /// Cut by the capture (or left unfinished).
    pub incomplete: u64,
    /// Complete with forward secrecy (key-refresh X2).
    pub forward_secrecy: u64,
}

/// A handover as it ended, for `keyhop export`'s `handovers` table (kept only when
/// [`Engine::log_handovers`] is on).
#[derive(Debug, Clone, PartialEq)]
pub struct HoRecord {
    /// Its kind.
    pub kind: ProcKind,
    /// How it ended (`Open`: cut by the capture or by a newer handover).
    pub end: End,
    /// The UE as findings name it.
    pub ue: String,
    /// The UE's context ([`MessageUe::ue`] of its messages): numbered per run, never two
    /// live contexts with one number.
    pub ue_ctx: UeIdx,
    /// Steps with their frames and, where still known, times (in arrival order).
    pub steps: Vec<(Step, u64, Option<crate::capture::Timestamp>)>,
    /// The message that cancelled or failed it: its frame and, where still known, time.
    pub ended_at: Option<(u64, Option<crate::capture::Timestamp>)>,
    /// The serving (source) eNB, as the node map names it when the handover ends.
    pub source: Option<String>,
    /// The target eNB, likewise.
    pub target: Option<String>,
    /// The source and target eNB nodes: their names once the capture is read are
    /// [`NodeMap::name`] of these (an identity may show after the handover ended).
    pub nodes: (Option<NodeId>, Option<NodeId>),
    /// An error-severity key rule fired for the UE while it ran.
    pub key_error: bool,
    /// A key rule could not be checked for lack of keys (NO-KEYS) while it ran.
    pub key_unchecked: bool,
}

/// A message of a UE's ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderEntry {
    /// The UE.
    pub ue: UeIdx,
    /// Frame.
    pub frame: u64,
    /// Time.
    pub time: crate::capture::Timestamp,
    /// Sender.
    pub src: IpAddr,
    /// Receiver.
    pub dst: IpAddr,
    /// Sender's node (its root once the run ends: see [`Engine::resolve_ladder`]).
    pub src_node: NodeId,
    /// Receiver's node.
    pub dst_node: NodeId,
    /// Message name.
    pub name: &'static str,
}

/// A ladder column: a node's name and its addresses, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeColumn {
    /// `eNB 001-01:macro:1a2b3`, `MME 001-01:8001:01 (name)`, ...
    pub name: String,
    /// `10.0.0.1, 2001:db8::1`.
    pub addrs: String,
}

/// Limits of the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// UE contexts held at once.
    pub max_ues: usize,
    /// Findings kept (the counts go on).
    pub max_findings: usize,
    /// Keep a ladder of every UE's messages.
    pub ladder: bool,
    /// Ladder entries kept.
    pub max_ladder: usize,
    /// Keep the ladder of this UE only (see [`super::ladder_ue`]); `None`: of every UE.
    pub ladder_ue: Option<UeIdx>,
    /// Addresses remembered per kind (S1 and GTP endpoints, MMEs, eNBs of S1 Setups) and X2
    /// peer pairs: past it a kind stops growing and every link of it counts as shown.
    pub max_nodes: usize,
}

/// Default of `--max-ues`: a busy MME's UEs at once, without eviction. A UE context costs
/// well under 1 KiB with its index entries (bench/tests/ue_memory.rs measures it), so the
/// bound is about 1 GiB at worst, and memory stays flat in capture length.
pub const DEFAULT_MAX_UES: usize = 1_000_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_ues: DEFAULT_MAX_UES,
            max_findings: 100_000,
            ladder: false,
            max_ladder: 1_000_000,
            ladder_ue: None,
            max_nodes: 65_536,
        }
    }
}

/// NAS overflow values searched for the COUNT of a ciphered downlink message (as `read`).
const NAS_SEARCH: u16 = crate::analysis::keyflow::COUNT_SEARCH_OVERFLOWS;

/// The correlating validator.
pub struct Engine {
    keys: KeyStore,
    limits: Limits,
    next: UeIdx,
    /// UE contexts created so far.
    created: u64,
    /// UE contexts ended by the release of their S1 connection.
    released: u64,
    ues: UeMap,
    /// (last_frame, UE) each time a UE's last_frame is set, oldest first: eviction finds the
    /// least recently seen UE here instead of scanning every context (which made a capture
    /// with more UEs than `max_ues` quadratic). Entries whose UE moved on are stale, skipped.
    touched: VecDeque<(u64, UeIdx)>,
    by_s1: S1Index,
    by_enb_mme: Index<(NodeId, u32)>,
    by_imsi: Map<Imsi, UeIdx>,
    by_x2: Index<(NodeId, u16)>,
    /// UEs of X2 handovers waiting for the target's PathSwitchRequest, by the
    /// MME-UE-S1AP-ID that the X2 HandoverRequest carried (the path switch's source id).
    by_x2_mme: Index<u32>,
    /// The same by (MME-UE-S1AP-ID, target eNB node): several UEs of one id at different
    /// MMEs may be in X2 handovers at once.
    by_x2_target: Index<(u32, NodeId)>,
    by_container: Index<u64>,
    by_teid: Index<(NodeId, u32)>,
    by_seq: Index<(NodeId, NodeId, u32)>,
    /// UEs whose S1 handover waits for its HandoverRequest, by MME-UE-S1AP-ID (an MME with
    /// several addresses sends the Request from another one).
    awaiting_request: Map<u32, UeIdx>,
    /// (eNB address, eNB-UE-S1AP-ID) -> IMSI of an InitialUEMessage awaiting its
    /// MME-UE-S1AP-ID.
    pending_imsi: Map<(NodeId, u32), Imsi>,
    /// The nodes of the capture.
    pub nodes: NodeMap,
    /// Served cells of the X2 Setups and eNB Configuration Updates seen, by ECGI (bounded).
    cells: Map<Ecgi, SetupCell>,
    x2_pairs: Seen<(IpAddr, IpAddr)>,
    conflicts: Set<String>,
    makr_global: MakrGlobal,
    /// Any KASME learnable: keep ciphered NAS octets.
    pub keep_nas: bool,
    /// Findings (bounded).
    pub findings: Vec<Finding>,
    /// Findings per rule (all of them, kept or not).
    pub counts: HashMap<Rule, u64>,
    /// Procedure counts.
    pub procs: HashMap<ProcKind, ProcCount>,
    /// Ladder entries.
    pub ladder: Vec<LadderEntry>,
    /// Labels of UEs that appear in the ladder (index -> label, aliases, IMSI).
    pub ue_names: HashMap<UeIdx, UeName>,
    /// The UE `ladder` looks for (`None`: the busiest) and what was found.
    pick: Option<LadderPick>,
    picked: Option<UeIdx>,
    busiest: Option<(u32, std::cmp::Reverse<UeIdx>)>,
    /// Handovers as they end, when asked for (drained by the caller after each frame).
    pub ho_log: Option<Vec<HoRecord>>,
    /// Node names for [`Engine::write_identity`], rendered at [`NodeMap::changes`] `.0`.
    node_names: (u64, HashMap<NodeId, String>),
    /// The UEs of GTP-C messages, for their answers ([`Engine::ue_of_answer`]).
    answers: lookup::Answers,
    /// The UE the last event handled went to ([`Engine::handled`]).
    handled: Option<UeIdx>,
    /// That UE as it was named before the event released its context (a release is rare:
    /// only then is a name rendered ahead of being asked for).
    released_ue: Option<MessageUe>,
    /// (frame, time) of recent events, ascending, for the times of [`HoRecord`] steps
    /// (bounded; only kept with `ho_log`).
    event_times: VecDeque<(u64, crate::capture::Timestamp)>,
    /// UEs with an error-severity key finding (true) or a NO-KEYS one (false) during their
    /// current handover (only kept with `ho_log`).
    ho_key_marks: Map<UeIdx, (bool, bool)>,
    /// The serving eNB of each UE when its current handover opened: its source (by the end
    /// the UE is served by the target). Only kept with `ho_log`.
    ho_source: Map<UeIdx, Option<NodeId>>,
}

/// What a [`HoRecord`] takes of its UE: index, label, source and target eNB names and nodes.
type HoBrief = (
    UeIdx,
    String,
    Option<String>,
    Option<String>,
    (Option<NodeId>, Option<NodeId>),
);

/// Event times kept for [`HoRecord`] (a handover's steps are far fewer events apart).
const EVENT_TIMES: usize = 1 << 16;

/// (MME address, MME-UE-S1AP-ID) -> UE, grouped by id: X2AP and path switches name the id
/// without its MME, and a scan of every pair for one id made those look-ups O(UEs).
#[derive(Default)]
struct S1Index {
    by_id: Map<u32, S1Slot>,
    /// Pairs held.
    len: usize,
    /// Size past which the pairs that lead to dropped UEs are cleaned.
    limit: usize,
}

/// The (MME address, UE) pairs of one MME-UE-S1AP-ID: nearly always one (no allocation then).
enum S1Slot {
    One((NodeId, UeIdx)),
    Many(Vec<(NodeId, UeIdx)>),
}

impl S1Slot {
    fn pairs(&self) -> &[(NodeId, UeIdx)] {
        match self {
            S1Slot::One(p) => std::slice::from_ref(p),
            S1Slot::Many(v) => v,
        }
    }
}

impl S1Index {
    /// The UE of `id` at MME node `mme` (nodes compared by what they were merged into).
    fn get(&self, mme: NodeId, id: u32, nodes: &NodeMap) -> Option<UeIdx> {
        let m = nodes.root(mme);
        self.by_id
            .get(&id)?
            .pairs()
            .iter()
            .find(|p| nodes.root(p.0) == m)
            .map(|p| p.1)
    }

    fn insert(&mut self, mme: NodeId, id: u32, ue: UeIdx) {
        use std::collections::hash_map::Entry;
        match self.by_id.entry(id) {
            Entry::Vacant(e) => {
                e.insert(S1Slot::One((mme, ue)));
                self.len += 1;
            }
            Entry::Occupied(mut e) => {
                let slot = e.get_mut();
                if let S1Slot::One(p) = slot {
                    if p.0 == mme {
                        p.1 = ue;
                        return;
                    }
                    *slot = S1Slot::Many(vec![*p]);
                }
                if let S1Slot::Many(v) = slot {
                    match v.iter_mut().find(|p| p.0 == mme) {
                        Some(p) => p.1 = ue,
                        None => {
                            v.push((mme, ue));
                            self.len += 1;
                        }
                    }
                }
            }
        }
    }

    /// Removes the pair (`mme`, `id`) if it still leads to UE `ue` (the id may have gone to
    /// another UE of that MME since).
    fn remove(&mut self, mme: NodeId, id: u32, ue: UeIdx) {
        let Some(slot) = self.by_id.get_mut(&id) else {
            return;
        };
        let empty = match slot {
            S1Slot::One(p) => {
                if *p != (mme, ue) {
                    return;
                }
                true
            }
            S1Slot::Many(v) => {
                let Some(i) = v.iter().position(|p| *p == (mme, ue)) else {
                    return;
                };
                v.swap_remove(i);
                if v.len() == 1 {
                    *slot = S1Slot::One(v[0]);
                }
                false
            }
        };
        self.len -= 1;
        if empty {
            self.by_id.remove(&id);
        }
    }

    /// The live UE of `id` if every MME node holding `id` leads to it.
    fn unique(&self, id: u32, live: &UeMap) -> Option<UeIdx> {
        let mut it = self
            .by_id
            .get(&id)?
            .pairs()
            .iter()
            .filter(|p| live.contains_key(&p.1))
            .map(|p| p.1);
        let first = it.next()?;
        // Several addresses of one MME all lead to the same UE.
        it.all(|u| u == first).then_some(first)
    }

    /// Drops the pairs that lead to no live UE once more than `limit` are held (look-ups
    /// ignore them already): memory stays bounded when UEs leave pairs behind.
    fn prune(&mut self, live: &UeMap) {
        if self.len <= self.limit.max(1024) {
            return;
        }
        let mut len = 0;
        self.by_id.retain(|_, slot| match slot {
            S1Slot::One(p) => {
                let keep = live.contains_key(&p.1);
                len += keep as usize;
                keep
            }
            S1Slot::Many(v) => {
                v.retain(|p| live.contains_key(&p.1));
                len += v.len();
                let keep = !v.is_empty();
                if v.len() == 1 {
                    let p = v[0];
                    *slot = S1Slot::One(p);
                }
                keep
            }
        });
        self.len = len;
        self.limit = 2 * len + 1024;
    }
}

/// One id index (eNB and MME-UE-S1AP-ID, X2AP id, container hash, TEID, GTP sequence number)
/// -> UE, each entry with its insertion count. It is cleaned of entries of dropped UEs past
/// twice what the last cleaning left, so that a cleaning costs O(1) per entry added; should
/// the live entries alone pass half of `cap` (a UE that stays active gathers one per
/// procedure), only the newest half of `cap` stays: answers come long before that many newer
/// entries, and memory stays bounded whatever the capture.
struct Index<K> {
    m: Map<K, (UeIdx, u32)>,
    /// Size past which it is cleaned.
    limit: usize,
    /// Insertions so far (wrapping: only the age of recent entries matters).
    tick: u32,
}

impl<K> Default for Index<K> {
    fn default() -> Self {
        Index {
            m: Map::default(),
            limit: 1024,
            tick: 0,
        }
    }
}

impl<K: std::hash::Hash + Eq> Index<K> {
    fn get(&self, k: &K) -> Option<UeIdx> {
        self.m.get(k).map(|v| v.0)
    }

    fn insert(&mut self, k: K, ue: UeIdx, live: &UeMap, cap: usize) {
        self.tick = self.tick.wrapping_add(1);
        self.m.insert(k, (ue, self.tick));
        self.clean(live, cap);
    }

    fn clean(&mut self, live: &UeMap, cap: usize) {
        if self.m.len() <= self.limit {
            return;
        }
        self.m.retain(|_, v| live.contains_key(&v.0));
        let keep = cap / 2;
        if self.m.len() > keep {
            let now = self.tick;
            let mut ages: Vec<u32> = self.m.values().map(|v| now.wrapping_sub(v.1)).collect();
            let (_, oldest_kept, _) = ages.select_nth_unstable(keep - 1);
            let oldest_kept = *oldest_kept;
            self.m.retain(|_, v| now.wrapping_sub(v.1) <= oldest_kept);
        }
        self.limit = (2 * self.m.len() + 1024).min(cap);
    }
}

/// Runs `f` on the state in `slot`, or on a default state that is kept only if `f` changed it.
fn with_default<T: Default + PartialEq, R>(
    slot: &mut Option<Box<T>>,
    f: impl FnOnce(&mut T) -> R,
) -> R {
    match slot {
        Some(st) => f(st),
        None => {
            let mut st = T::default();
            let r = f(&mut st);
            if st != T::default() {
                *slot = Some(Box::new(st));
            }
            r
        }
    }
}

/// Learns what event `ev` says of the nodes at its ends and of the nodes it names, and returns
/// the ends' nodes (after any merge): on S1 the eNB and the MME, on X2 two eNBs, on GTP-C peers
/// whose role their F-TEIDs tell. `validate` calls it for every event; `read` may call it too
/// (with [`super::extract::extract`]) to name the ends of every message by
/// [`NodeMap::name`].
pub fn learn_nodes(n: &mut NodeMap, ev: &Event) -> (NodeId, NodeId) {
    let (sip, dip) = (ev.src.ip(), ev.dst.ip());
    let (src, dst) = match (ev.kind.s1_sent_by_enb(), ev.kind.x2_or_gtp_app()) {
        (Some(true), _) => (
            n.node(sip, Plane::S1, Role::Enb),
            n.node(dip, Plane::S1, Role::Mme),
        ),
        (Some(false), _) => (
            n.node(sip, Plane::S1, Role::Mme),
            n.node(dip, Plane::S1, Role::Enb),
        ),
        (None, Some(AppProto::X2ap)) => (
            n.node(sip, Plane::X2, Role::Enb),
            n.node(dip, Plane::X2, Role::Enb),
        ),
        _ => (
            n.node(sip, Plane::Gtp, Role::Unknown),
            n.node(dip, Plane::Gtp, Role::Unknown),
        ),
    };
    match &ev.kind {
        Kind::S1Setup { enb, name } | Kind::X2Setup { enb, name, .. } => {
            let mut s = src;
            if let Some(e) = enb {
                s = n.set_enb(s, *e);
            }
            if let Some(name) = name {
                n.set_name(s, name);
            }
        }
        Kind::MmeSetup { gummeis, name } => {
            let mut s = src;
            for g in gummeis {
                s = n.set_gummei(s, *g);
            }
            if let Some(name) = name {
                n.set_name(s, name);
            }
        }
        // The eNB that reports the cell a UE arrived in serves that cell.
        Kind::PathSwitch { cell: Some(c), .. } | Kind::HoNotify { cell: Some(c), .. } => {
            n.set_cell(src, c.plmn, c.cell_id);
        }
        // A HandoverRequired's Target ID names the eNB that the HandoverRequest carrying its
        // container reaches (the eNB's ID as the network gives it: a cell identity alone
        // does not tell a home eNB's 28 bits from a macro eNB's 20).
        Kind::HoRequired {
            target: Target::Enb(e),
            container: Some(c),
            ..
        } => n.note_target(*c, *e),
        Kind::HoRequest {
            container: Some(c), ..
        } => {
            if let Some(e) = n.take_target(*c) {
                if n.enb(dst).is_none() {
                    n.set_enb(dst, e);
                }
            }
        }
        // The eNB that receives the X2 HandoverRequest serves its target cell.
        Kind::X2HoRequest { target, .. } => {
            n.set_cell(dst, target.plmn, target.cell_id);
        }
        Kind::FwdRelocReq {
            sender: Some(p), ..
        }
        | Kind::FwdRelocResp {
            sender: Some(p), ..
        } => {
            let role = Role::of_fteid_interface(p.iface);
            n.set_role(src, role);
            // An F-TEID naming both families ties the sender's two addresses together.
            for a in [p.v4.map(IpAddr::V4), p.v6.map(IpAddr::V6)]
                .into_iter()
                .flatten()
            {
                if a != ev.src.ip() && n.role(src) == role {
                    n.add_addr(src, a, Plane::Gtp);
                }
            }
            // An MME's S10/S3 side on the address of its S1 side: one node.
            if role == Role::Mme {
                if let Some(m) = n.lookup(ev.src.ip(), Plane::S1) {
                    if n.role(m) == Role::Mme {
                        n.add_addr(m, ev.src.ip(), Plane::Gtp);
                    }
                }
            }
        }
        _ => {}
    }
    (n.root(src), n.root(dst))
}

/// Rules about the keys a handover carries (what a handover's key-chain verdict sums up).
fn is_key_rule(r: Rule) -> bool {
    matches!(
        r,
        Rule::MakrUnwrap
            | Rule::MakrBinding
            | Rule::MakrKdf
            | Rule::MakrMatch
            | Rule::MakrPlaintext
            | Rule::HoSecctx
            | Rule::HoNh
            | Rule::HoNcc
            | Rule::HoKenbstar
            | Rule::HoMapped
            | Rule::NoKeys
    )
}

fn proc_kind_of_ho_type(t: HoType) -> ProcKind {
    match t {
        HoType::LteToUtran => ProcKind::EutranToUtran,
        HoType::UtranToLte => ProcKind::UtranToEutran,
        _ => ProcKind::S1IntraMme,
    }
}

impl Engine {
    /// An engine knowing the keys of `keys` (empty: none) and learning the others.
    pub fn new(keys: &KeysFile, limits: Limits) -> Self {
        Engine {
            keys: KeyStore::with_max_ues(keys, limits.max_ues),
            limits,
            next: 0,
            created: 0,
            released: 0,
            ues: Map::default(),
            touched: VecDeque::new(),
            by_s1: S1Index::default(),
            by_enb_mme: Index::default(),
            by_imsi: Map::default(),
            by_x2: Index::default(),
            by_x2_mme: Index::default(),
            by_x2_target: Index::default(),
            by_container: Index::default(),
            by_teid: Index::default(),
            by_seq: Index::default(),
            awaiting_request: Map::default(),
            pending_imsi: Map::default(),
            nodes: NodeMap::with_cap(limits.max_nodes),
            cells: Map::default(),
            x2_pairs: Seen::new(),
            conflicts: Set::default(),
            makr_global: MakrGlobal::default(),
            keep_nas: !keys.kasme.is_empty(),
            findings: Vec::new(),
            counts: HashMap::new(),
            procs: HashMap::new(),
            ladder: Vec::new(),
            ue_names: HashMap::new(),
            ho_log: None,
            node_names: (0, HashMap::new()),
            answers: lookup::Answers::default(),
            handled: None,
            released_ue: None,
            event_times: VecDeque::new(),
            ho_key_marks: Map::default(),
            ho_source: Map::default(),
            pick: None,
            picked: None,
            busiest: None,
        }
    }

    /// Looks for the UE `pick` names (`None`: the one with the most messages) as the capture
    /// goes; [`Engine::picked`] tells the result.
    pub fn track(&mut self, pick: Option<LadderPick>) {
        self.pick = pick;
    }

    /// The UE found by [`Engine::track`]: the first (smallest index) that held the id, or the
    /// one with the most messages (ties to the smaller index).
    pub fn picked(&self) -> Option<UeIdx> {
        match &self.pick {
            Some(_) => self.picked,
            None => self.busiest.map(|b| b.1 .0),
        }
    }

    fn note_pick(&mut self, ue: UeIdx) {
        let Some(u) = self.ues.get_mut(&ue) else {
            return;
        };
        u.msgs = u.msgs.saturating_add(1);
        let b = (u.msgs, std::cmp::Reverse(ue));
        if self.busiest.is_none_or(|x| b > x) {
            self.busiest = Some(b);
        }
        let Some(p) = &self.pick else { return };
        if self.picked.is_some_and(|x| x <= ue) {
            return;
        }
        let u = &self.ues[&ue];
        let hit = u.imsi.is_some_and(|i| i.as_str() == p.text)
            || p.id.is_some_and(|n| {
                u.aliases
                    .iter()
                    .any(|&(m, x)| x == n && p.mme.is_none_or(|a| self.nodes.has_addr(m, a)))
            });
        if hit {
            self.picked = Some(ue);
        }
    }

    /// Keeps a [`HoRecord`] of every handover as it ends, in [`Engine::ho_log`].
    pub fn log_handovers(&mut self) {
        self.ho_log.get_or_insert_with(Vec::new);
    }

    /// Writes UE `ue` as findings name it now, with its IMSI if known, into `out` (rewritten
    /// in place: no allocation per message); false if no such UE lives.
    pub fn write_identity(&mut self, ue: UeIdx, out: &mut MessageUe) -> bool {
        let Some(u) = self.ues.get(&ue) else {
            return false;
        };
        out.ue = Some(ue);
        out.imsi = u.imsi;
        out.label.clear();
        // Node names are rendered once while the node map holds still (rendering one, with
        // its address, was most of a label's cost).
        let (nodes, names) = (&self.nodes, &mut self.node_names);
        if names.0 != nodes.changes() || names.1.len() >= NODE_NAMES {
            *names = (nodes.changes(), HashMap::new());
        }
        u.write_label(&mut out.label, |m| {
            &*names.1.entry(m).or_insert_with(|| nodes.name(m))
        });
        true
    }

    /// Writes the UE an InitialUEMessage opens by IMSI `imsi`, before the MME's answer
    /// gives it a context: the engine holds the IMSI for that context, which is then named
    /// `imsi:DIGITS` ([`Ue::label`]) as here.
    pub fn write_arriving(&self, imsi: &Imsi, out: &mut MessageUe) {
        use std::fmt::Write;
        out.ue = None;
        out.imsi = Some(*imsi);
        out.label.clear();
        let _ = write!(out.label, "imsi:{imsi}");
    }

    /// The UE the last event handled went to (a UE context release: the UE it released),
    /// until the next event or [`Engine::forget_handled`].
    pub fn handled(&self) -> Option<UeIdx> {
        self.handled
    }

    /// Writes [`Engine::handled`]'s UE as [`Engine::write_identity`] does, as it was named
    /// before the event released it where it did; false if there is none.
    pub fn write_handled(&mut self, out: &mut MessageUe) -> bool {
        let Some(ue) = self.handled else {
            return false;
        };
        if self.write_identity(ue, out) {
            return true;
        }
        match &self.released_ue {
            Some(r) if r.ue == Some(ue) => {
                out.clone_from(r);
                true
            }
            _ => false,
        }
    }

    /// Forgets [`Engine::handled`] (a message the engine does not handle follows).
    pub fn forget_handled(&mut self) {
        self.handled = None;
        self.released_ue = None;
    }

    fn time_of(&self, frame: u64) -> Option<crate::capture::Timestamp> {
        let i = self
            .event_times
            .binary_search_by_key(&frame, |e| e.0)
            .ok()?;
        Some(self.event_times[i].1)
    }

    /// UE contexts held now (never more than [`Limits::max_ues`]).
    pub fn ue_count(&self) -> usize {
        self.ues.len()
    }

    /// UE contexts created so far: those held, those whose S1 connection was released, and
    /// those evicted (each with an EVICTED finding).
    pub fn ues_created(&self) -> u64 {
        self.created
    }

    /// UE contexts ended by the release of their S1 connection (not evicted).
    pub fn ues_released(&self) -> u64 {
        self.released
    }

    /// Notes a payload's addresses (for NOT-OBSERVED), decoded or not.
    pub fn observe(&mut self, app: AppProto, src: SocketAddr, dst: SocketAddr) {
        let cap = self.limits.max_nodes;
        let plane = plane_of(app);
        self.nodes.observe(src.ip(), plane);
        self.nodes.observe(dst.ip(), plane);
        if app == AppProto::X2ap {
            let p = (src.ip().min(dst.ip()), src.ip().max(dst.ip()));
            self.x2_pairs.note(p, cap);
        }
    }

    /// The addresses each endpoint of an SCTP association uses (`sides`: the sender's, the
    /// receiver's) are one node each ([`NodeMap::tie_association`]): call it before
    /// [`Engine::handle`] for the association's messages.
    pub fn tie_association(&mut self, app: AppProto, sides: [&[IpAddr]; 2]) {
        self.nodes.tie_association(plane_of(app), sides);
    }

    /// Entries of the address sets and the eNB table (for the tests of their bound).
    #[cfg(test)]
    pub(crate) fn nodes_held(&self) -> [usize; 2] {
        [self.nodes.len(), self.x2_pairs.set.len()]
    }

    /// Records a finding not tied to a UE.
    pub fn report(&mut self, f: Finding) {
        *self.counts.entry(f.rule).or_default() += 1;
        if self.findings.len() < self.limits.max_findings {
            self.findings.push(f);
        }
    }

    /// A held UE's label and context, as a finding names it ([`Finding::set_ue`]).
    fn named(&self, ue: Option<UeIdx>) -> Option<(String, UeIdx)> {
        let i = ue?;
        self.ues.get(&i).map(|u| (u.label(&self.nodes), i))
    }

    fn report_all(&mut self, ue: Option<UeIdx>, fs: Findings) {
        if fs.is_empty() {
            return;
        }
        let named = self.named(ue);
        for mut f in fs {
            if f.ue.is_none() {
                f.set_ue(named.clone());
            }
            if let (Some(u), Some(_)) = (ue, &self.ho_log) {
                let key_rule = f.about.is_some() || is_key_rule(f.rule);
                if key_rule {
                    let m = self.ho_key_marks.entry(u).or_default();
                    if f.rule == Rule::NoKeys {
                        m.1 = true;
                    } else if f.severity == super::rules::Severity::Error {
                        m.0 = true;
                    }
                }
            }
            self.report(f);
        }
    }

    fn new_ue(&mut self, frame: u64) -> UeIdx {
        if self.ues.len() >= self.limits.max_ues {
            self.evict(frame);
        }
        // Indexes are not reused while their UE lives (a capture of 2^32 UEs wraps).
        let mut i = self.next;
        while self.ues.contains_key(&i) {
            i = i.wrapping_add(1);
        }
        self.next = i.wrapping_add(1);
        self.created += 1;
        self.ues.insert(i, Box::new(Ue::new(frame)));
        self.touch(i, frame);
        i
    }

    /// Logs that UE `i` was last seen at `frame`; drops stale entries when they dominate.
    fn touch(&mut self, i: UeIdx, frame: u64) {
        self.touched.push_back((frame, i));
        if self.touched.len() > 2 * self.ues.len() + 64 {
            let ues = &self.ues;
            self.touched
                .retain(|&(f, i)| ues.get(&i).is_some_and(|u| u.last_frame == f));
        }
    }

    /// The UE with the smallest (last_frame, index), as a scan of every context would find.
    fn oldest_ue(&mut self) -> Option<UeIdx> {
        let live =
            |ues: &UeMap, (f, i): (u64, UeIdx)| ues.get(&i).is_some_and(|u| u.last_frame == f);
        while let Some(&e) = self.touched.front() {
            if live(&self.ues, e) {
                break;
            }
            self.touched.pop_front();
        }
        let Some(&(f, _)) = self.touched.front() else {
            // Not every UE is in the log (one re-keyed under another index): scan.
            return self
                .ues
                .iter()
                .min_by_key(|(i, u)| (u.last_frame, **i))
                .map(|(&i, _)| i);
        };
        // Frames only grow, so the entries of frame f are the front run; ties go to the
        // smaller index.
        self.touched
            .iter()
            .take_while(|e| e.0 == f)
            .filter(|&&e| live(&self.ues, e))
            .map(|e| e.1)
            .min()
    }

    fn evict(&mut self, frame: u64) {
        let Some(idx) = self.oldest_ue() else {
            return;
        };
        let Some(ue) = self.ues.get(&idx) else {
            return;
        };
        let mut f = Finding::new(
            Rule::Evicted,
            &[ue.last_frame, frame],
            format!(
                "UE context dropped (limit {} UEs); later steps of this UE may be reported as incomplete",
                self.limits.max_ues
            ),
        );
        f.set_ue(Some((ue.label(&self.nodes), idx)));
        self.drop_ue(idx);
        self.report(f);
    }

    /// Drops UE `idx` with its per-UE state: its handover is closed (counted, INCOMPLETE if
    /// open), its ids leave the indexes, its key context leaves the key store (keys-file
    /// entries stay there, for a later connection of the UE).
    fn drop_ue(&mut self, idx: UeIdx) {
        let Some(mut ue) = self.ues.remove(&idx) else {
            return;
        };
        self.close_ho(idx, &mut ue);
        for a in ue.aliases.iter() {
            self.by_s1.remove(a.0, a.1, idx);
        }
        if let Some(i) = ue.imsi {
            if self.by_imsi.get(&i) == Some(&idx) {
                self.by_imsi.remove(&i);
            }
        }
        if let Some(h) = ue.kh {
            // A key context is shared only by UEs of one IMSI (the store merged them): it stays
            // while the UE that IMSI now leads to holds it.
            let shared = ue
                .imsi
                .and_then(|i| self.get(&self.by_imsi, &i))
                .is_some_and(|o| self.ues.get(&o).is_some_and(|o| o.kh == Some(h)));
            if !shared {
                self.keys.release(h);
            }
        }
        self.ho_key_marks.remove(&idx);
        self.ho_source.remove(&idx);
        // The other indexes are cleaned when they grow (entries of dropped UEs lead nowhere):
        // past twice what was left at the last cleaning, so that a cleaning costs O(1) per
        // entry added even when live entries alone exceed a fixed limit (small `max_ues`).
        let live = &self.ues;
        let cap = self.index_cap();
        self.by_enb_mme.clean(live, cap);
        self.by_x2.clean(live, cap);
        self.by_x2_mme.clean(live, cap);
        self.by_x2_target.clean(live, cap);
        self.by_container.clean(live, cap);
        self.by_teid.clean(live, cap);
        self.by_seq.clean(live, cap);
        self.by_s1.prune(live);
    }

    /// A UEContextRelease (Command or Complete) of UE `ue`, MME-UE-S1AP-ID `id` at MME node
    /// `mme`, at eNB node `enb`. At the eNB serving the UE, with no handover under way, the
    /// UE's S1 connection ends: its context goes (memory stays flat in capture length). A
    /// release there while a handover is still being prepared ends that handover (CANCELLED,
    /// as a HandoverCancel would) and the UE with it. Elsewhere it releases one leg only: the
    /// source after a handover (the UE goes on at the target), a target given up after a
    /// cancelled handover; the id it names at another MME than the UE's own is forgotten.
    /// Once the UE has moved (HandoverCommand, X2 Acknowledge, Notify, path switch) it is
    /// kept until its handover ends: it may go on at the target where the capture missed
    /// the last steps.
    fn release(&mut self, ue: UeIdx, mme: NodeId, enb: NodeId, id: u32, frame: u64) {
        use machine::Step;
        let n = &self.nodes;
        let Some(u) = self.ues.get(&ue) else {
            return;
        };
        let here = |x: NodeId| n.root(x) == n.root(enb);
        let serving = match u.serving_enb {
            Some(s) => here(s),
            None => u.target_enb.is_none_or(here),
        };
        if !serving {
            if u.mme.is_some_and(|m| n.root(m) != n.root(mme)) {
                let stale: Vec<(NodeId, u32)> = u
                    .aliases
                    .iter()
                    .filter(|a| a.1 == id && n.root(a.0) == n.root(mme))
                    .copied()
                    .collect();
                for a in stale {
                    self.by_s1.remove(a.0, a.1, ue);
                }
            }
            return;
        }
        let open = u.ho.as_ref().filter(|h| h.end == End::Open);
        let moved = open.is_some_and(|h| {
            [Step::Command, Step::X2Ack, Step::Notify, Step::PathSwitch]
                .iter()
                .any(|s| h.has(*s))
        });
        if moved {
            return;
        }
        if open.is_some() {
            let fs = self
                .ues
                .get_mut(&ue)
                .and_then(|u| u.ho.as_mut())
                .map(|h| {
                    // The UE's context went away during the preparation: a side ended it.
                    machine::end_by(h, End::Cancelled, frame, "a UEContextRelease of the UE")
                })
                .unwrap_or_default();
            self.report_all(Some(ue), fs);
        }
        if self.ues.contains_key(&ue) {
            self.released += 1;
        }
        self.drop_ue(ue);
    }

    fn get<K: std::hash::Hash + Eq>(&self, m: &Map<K, UeIdx>, k: &K) -> Option<UeIdx> {
        m.get(k).copied().filter(|i| self.ues.contains_key(i))
    }

    fn get_in<K: std::hash::Hash + Eq>(&self, m: &Index<K>, k: &K) -> Option<UeIdx> {
        m.get(k).filter(|i| self.ues.contains_key(i))
    }

    /// The live UE of `index` under the key `key` makes of node `node`, or of a node merged
    /// into it since the entry was made.
    fn get_at<K: std::hash::Hash + Eq>(
        &self,
        index: &Index<K>,
        node: NodeId,
        key: impl Fn(NodeId) -> K,
    ) -> Option<UeIdx> {
        self.nodes
            .members(node)
            .find_map(|n| self.get_in(index, &key(n)))
    }

    /// Bound of each id index (see [`Index`]).
    fn index_cap(&self) -> usize {
        2 * self.limits.max_ues + 1024
    }

    fn s1_get(&self, mme: NodeId, id: u32) -> Option<UeIdx> {
        self.by_s1
            .get(mme, id, &self.nodes)
            .filter(|i| self.ues.contains_key(i))
    }

    /// The key context of MME-UE-S1AP-ID `id` at MME node `mme` in the key store.
    fn key_ue(&mut self, mme: NodeId, id: u32) -> UeHandle {
        let root = self.nodes.root(mme);
        let nodes = &self.nodes;
        self.keys.ue_by_s1_node(id, root, &|m: &MmeRef| match m {
            MmeRef::Addr(a) => nodes.has_addr(root, *a),
            MmeRef::Name(n) => nodes.name_is(root, n),
            MmeRef::Gummei(g) => nodes.serves_gummei(root, g),
        })
    }

    fn alias(&mut self, ue: UeIdx, mme: NodeId, id: u32) {
        let mme = self.nodes.root(mme);
        let known = self.ues.get(&ue).is_some_and(|u| {
            u.aliases
                .iter()
                .any(|&(m, x)| x == id && self.nodes.root(m) == mme)
        });
        if !known {
            self.by_s1.insert(mme, id, ue);
        }
        // Keys-file entries by MME-UE-S1AP-ID bind to the UE at its first id; a UE the key
        // store knows nothing of gets no key context (most UEs of a capture never need one).
        let need_kh = self.ues.get(&ue).is_some_and(|u| u.kh.is_none()) && self.keys.knows_s1(id);
        let kh = need_kh.then(|| self.key_ue(mme, id));
        if let Some(u) = self.ues.get_mut(&ue) {
            if !known {
                u.aliases.push((mme, id));
            }
            u.mme = Some(mme);
            if u.kh.is_none() {
                u.kh = kh;
            }
        }
    }

    /// UE `ue` is known by `imsi` from here on. A UE keeps the IMSI it was first known by: a
    /// second, different one would be another UE's (and its index entry would outlive it).
    fn set_imsi(&mut self, ue: UeIdx, imsi: Imsi) {
        let Some(u) = self.ues.get_mut(&ue) else {
            return;
        };
        if u.imsi.is_some_and(|i| i != imsi) {
            return;
        }
        u.imsi = Some(imsi);
        u.kh = match u.kh {
            Some(h) => Some(self.keys.set_imsi(h, imsi.as_str())),
            None if self.keys.knows_imsi(imsi.as_str()) => {
                Some(self.keys.ue_by_imsi(imsi.as_str()))
            }
            None => None,
        };
        self.by_imsi.insert(imsi, ue);
    }

    /// The live UE known by MME-UE-S1AP-ID `id` at exactly one MME node (X2AP names no MME).
    fn unique_by_id(&self, id: u32) -> Option<UeIdx> {
        self.by_s1.unique(id, &self.ues)
    }

    /// The UE of MME-UE-S1AP-ID `id` that X2 source eNB node `enb` (at `addr`) serves, among
    /// those holding `id` at any MME: the one whose serving eNB is that node, else the one
    /// whose serving eNB's S1 address is on the same host (an eNB whose X2 and S1 sides no
    /// identity tied).
    fn served_by(&self, id: u32, enb: NodeId, addr: IpAddr) -> Option<UeIdx> {
        let slot = self.by_s1.by_id.get(&id)?;
        let live = slot
            .pairs()
            .iter()
            .map(|p| p.1)
            .filter(|u| self.ues.contains_key(u));
        let serving = |u: &UeIdx| self.ues.get(u).and_then(|x| x.serving_enb);
        let n = &self.nodes;
        let r = n.root(enb);
        let mut by_node = live
            .clone()
            .filter(|u| serving(u).is_some_and(|s| n.root(s) == r));
        if let Some(u) = by_node.next() {
            return Some(u);
        }
        let mut by_host = live
            .filter(|u| serving(u).is_some_and(|s| n.lookup(addr, Plane::S1) == Some(n.root(s))));
        match (by_host.next(), by_host.next()) {
            (Some(u), None) => Some(u),
            _ => None,
        }
    }

    /// The key context of a UE, created (by its first S1 id, else its IMSI) if it has none.
    fn kh(&mut self, ue: UeIdx) -> Option<UeHandle> {
        let u = self.ues.get(&ue)?;
        if u.kh.is_none() {
            let imsi = u.imsi;
            let kh = match (u.aliases.first().copied(), imsi) {
                (Some((m, id)), _) => {
                    let h = self.key_ue(m, id);
                    Some(match imsi {
                        Some(i) => self.keys.set_imsi(h, i.as_str()),
                        None => h,
                    })
                }
                (None, Some(i)) => Some(self.keys.ue_by_imsi(i.as_str())),
                (None, None) => None,
            };
            self.ues.get_mut(&ue)?.kh = kh;
        }
        self.ues.get(&ue)?.kh
    }

    /// The key context of a UE for a look-up: its own, or one created only when the key store
    /// knows one of its ids (no context is made for UEs nothing is known of).
    fn kh_peek(&mut self, ue: UeIdx) -> Option<UeHandle> {
        let u = self.ues.get(&ue)?;
        if u.kh.is_some() {
            return u.kh;
        }
        let known = u.aliases.iter().any(|a| self.keys.knows_s1(a.1))
            || u.imsi.is_some_and(|i| self.keys.knows_imsi(i.as_str()));
        if known {
            self.kh(ue)
        } else {
            None
        }
    }

    /// The UE of an S1 id at MME node `mme`, created if unknown (then `first` is true).
    fn s1_ue(&mut self, mme: NodeId, id: u32, frame: u64) -> (UeIdx, bool) {
        if let Some(u) = self.s1_get(mme, id) {
            return (u, false);
        }
        let u = self.new_ue(frame);
        self.alias(u, mme, id);
        (u, true)
    }

    fn set_serving(&mut self, ue: UeIdx, enb: NodeId) {
        let enb = self.nodes.root(enb);
        if let Some(u) = self.ues.get_mut(&ue) {
            u.serving_enb = Some(enb);
            let ids: Vec<u32> = u.aliases.iter().map(|a| a.1).collect();
            for id in ids {
                {
                    let cap = self.index_cap();
                    self.by_enb_mme.insert((enb, id), ue, &self.ues, cap);
                }
            }
        }
    }

    /// What a [`HoRecord`] needs of the UE (only built while handovers are logged).
    fn brief(&self, idx: UeIdx, u: &Ue) -> Option<HoBrief> {
        let name = |n: Option<NodeId>| n.map(|n| self.nodes.name(n));
        self.ho_log.as_ref().map(|_| {
            let source = self.ho_source.get(&idx).copied().flatten();
            (
                idx,
                u.label(&self.nodes),
                name(source),
                name(u.target_enb),
                (source, u.target_enb),
            )
        })
    }

    fn tally(&mut self, ho: &Ho, ue: Option<HoBrief>) {
        if let Some((idx, label, source, target, nodes)) = ue.filter(|_| self.ho_log.is_some()) {
            let marks = self.ho_key_marks.remove(&idx);
            self.ho_source.remove(&idx);
            let rec = HoRecord {
                kind: ho.kind,
                end: ho.end,
                ue: label,
                ue_ctx: idx,
                steps: ho
                    .steps
                    .iter()
                    .map(|&(s, f)| (s, f, self.time_of(f)))
                    .collect(),
                ended_at: ho.ended_at.map(|f| (f, self.time_of(f))),
                source,
                target,
                nodes,
                key_error: marks.is_some_and(|m| m.0),
                key_unchecked: marks.is_some_and(|m| m.1),
            };
            if let Some(log) = &mut self.ho_log {
                log.push(rec);
            }
        }
        let c = self.procs.entry(ho.kind).or_default();
        c.started += 1;
        match ho.end {
            End::Complete => {
                c.complete += 1;
                if ho.kind == ProcKind::X2Makr {
                    c.forward_secrecy += 1;
                }
            }
            End::Cancelled => c.cancelled += 1,
            End::Failed => c.failed += 1,
            End::Open => c.incomplete += 1,
        }
    }

    /// Ends the UE's handover (at a new one, eviction or the capture's end).
    fn close_ho(&mut self, idx: UeIdx, ue: &mut Ue) {
        let brief = self.brief(idx, ue);
        if let Some(ho) = ue.ho.take() {
            if ho.end == End::Open {
                // A finding names frames: the opening message's if no step was seen.
                let frames = match ho.frames() {
                    f if f.is_empty() => vec![ho.opened],
                    f => f,
                };
                // An X2 handover that got as far as its acknowledge waits for the target eNB's
                // path switch: on an S1 link the capture may not show at all.
                use super::machine::Step;
                let unseen_s1 = ho.has(Step::X2Ack)
                    && !ho.has(Step::PathSwitch)
                    && ue.target_enb.is_some_and(|n| !self.s1_seen(n));
                let mut f = if unseen_s1 {
                    Finding::new(
                        Rule::NotObserved,
                        &frames,
                        "PathSwitchRequest not seen: the capture shows no packet of the target eNB's S1 link",
                    )
                } else {
                    Finding::new(
                        Rule::Incomplete,
                        &frames,
                        format!(
                            "the {} handover was not finished when the capture ended",
                            ho.kind.name()
                        ),
                    )
                }
                .in_proc(ho.kind);
                f.set_ue(Some((ue.label(&self.nodes), idx)));
                self.report(f);
            }
            self.tally(&ho, brief);
        }
    }

    /// Opens a new handover of `kind` for `ue`, closing the previous one.
    fn open_ho(&mut self, ue: UeIdx, kind: ProcKind, frame: u64) {
        // Taken before the new handover replaces the previous one (nothing it reads changes).
        let brief = self.ues.get(&ue).and_then(|u| self.brief(ue, u));
        let Some(u) = self.ues.get_mut(&ue) else {
            return;
        };
        let source = u.serving_enb;
        let mut ho = Ho::new(kind);
        ho.opened = frame;
        let prev = u.ho.replace(ho);
        let label = prev
            .as_ref()
            .is_some_and(|p| p.end == End::Open)
            .then(|| u.label(&self.nodes));
        if let Some(prev) = prev {
            if let Some(label) = label {
                let mut f = Finding::new(
                    Rule::HoOrder,
                    &[*prev.frames().last().unwrap_or(&frame), frame],
                    format!(
                        "a new handover started while the {} handover was still open",
                        prev.kind.name()
                    ),
                )
                .in_proc(prev.kind);
                f.set_ue(Some((label, ue)));
                self.report(f);
            }
            // An open one is counted as unfinished, without a second finding.
            self.tally(&prev, brief);
        }
        if self.ho_log.is_some() {
            self.ho_source.insert(ue, source);
        }
    }

    /// Whether the capture showed an S1 payload of eNB node `n`: at one of its S1 addresses,
    /// or (its S1 side never tied to it by an identity) at one of its other addresses.
    fn s1_seen(&self, n: NodeId) -> bool {
        let m = &self.nodes;
        m.seen(n, Plane::S1)
            || m.addrs(n)
                .iter()
                .any(|&(a, _)| m.lookup(a, Plane::S1).is_some_and(|x| m.seen(x, Plane::S1)))
    }

    fn links(&self, ue: UeIdx) -> Links {
        let Some(u) = self.ues.get(&ue) else {
            return Links::default();
        };
        let n = &self.nodes;
        Links {
            s1_source: u.serving_enb.is_some_and(|e| self.s1_seen(e)),
            s1_target: u.target_enb.is_none_or(|e| self.s1_seen(e)),
            // The MME's GTP-C side may be another node (an address of its own): any GTP-C
            // payload of an MME node, or of the MME's S1 addresses, counts.
            gtp: u.mme.is_some_and(|m| {
                n.seen(m, Plane::Gtp)
                    || n.addrs(m).iter().any(|&(a, _)| {
                        n.lookup(a, Plane::Gtp)
                            .is_some_and(|g| n.seen(g, Plane::Gtp))
                    })
            }),
            x2: match (u.serving_enb, u.target_enb) {
                // Unseen only when the capture shows no X2 payload of either eNB (known by
                // identity, as their X2 addresses may differ from their S1 ones) or no X2 at all.
                (Some(a), Some(b)) => {
                    self.x2_pairs.full
                        || n.seen(a, Plane::X2)
                        || n.seen(b, Plane::X2)
                        || (!self.x2_pairs.set.is_empty()
                            && (n.enb(a).is_none() || n.enb(b).is_none()))
                }
                _ => true,
            },
        }
    }

    fn kek(&self, enb: &EnbIdentity, key_id: u8, frame: u64) -> Option<SecretKey> {
        self.keys
            .kek(&enb.ident(), key_id, frame)
            .map(|(k, _)| k.clone())
    }

    /// A KEYS-CONFLICT of the key store, reported once per key.
    fn conflict(&mut self, ue: Option<UeIdx>, c: Option<Conflict>) {
        let Some(c) = c else { return };
        if self.conflicts.len() < 4096 && self.conflicts.insert(c.what.clone()) {
            let named = self.named(ue);
            let mut f = Finding::new(
                Rule::KeysConflict,
                &[c.frame],
                format!(
                    "{} learned at frame {} disagrees with the keys file (the file's key is used)",
                    c.what, c.frame
                ),
            );
            f.set_ue(named);
            self.report(f);
        }
    }

    fn kasme_of(&self, kh: Option<UeHandle>, frame: u64) -> Option<Key32> {
        let (k, _) = self.keys.ue(kh?)?.kasme.get(frame)?;
        Some(Key32::new(*k.expose()))
    }

    fn h_key_of(&self, kh: Option<UeHandle>, refresh: u16, frame: u64) -> Option<SecretKey> {
        let (k, _) = self.keys.h_key(kh?, refresh, frame)?;
        Some(k.key.clone())
    }

    /// Learns the keys of an MM Context for UE `ue` at `frame` (CK and IK only when `umts`).
    fn learn_mm(&mut self, ue: UeIdx, m: &MmSummary, umts: bool, frame: u64) {
        let Some(h) = self.kh(ue) else { return };
        if let Some(k) = &m.kasme {
            let c = self.keys.learn_kasme(h, Key256::new(*k.expose()), frame);
            self.conflict(Some(ue), c);
            self.keep_nas = true;
        }
        if let (true, Some(ck), Some(ik)) = (umts, &m.ck, &m.ik) {
            let c = self.keys.learn_ck_ik(
                h,
                Key128::new(*ck.expose()),
                Key128::new(*ik.expose()),
                frame,
            );
            self.conflict(Some(ue), c);
        }
        if let Some(u) = self.keys.ue_mut(h) {
            if let Some(nh) = &m.nh {
                u.nh.learn(frame, (Key256::new(*nh.expose()), m.ncc));
            }
            u.nas_algorithms = u.nas_algorithms.or(m.nas_algs);
            let given = |c: Option<u32>| {
                c.map(|c| keyhop_codec::nas::security::CountHint {
                    next: keyhop_codec::nas::security::NasCount::from_value(c),
                    source: keyhop_codec::nas::security::CountSource::Given,
                })
            };
            if m.nas_dl_count.is_some() {
                u.nas_downlink = u.nas_downlink.or(given(m.nas_dl_count));
            }
            if m.nas_ul_count.is_some() {
                u.nas_uplink = u.nas_uplink.or(given(m.nas_ul_count));
            }
        }
    }

    fn record_ladder(&mut self, ue: UeIdx, ev: &Event, src_node: NodeId, dst_node: NodeId) {
        if !self.limits.ladder
            || self.ladder.len() >= self.limits.max_ladder
            || self.limits.ladder_ue.is_some_and(|x| x != ue)
        {
            return;
        }
        self.ladder.push(LadderEntry {
            ue,
            frame: ev.frame,
            time: ev.time,
            src: ev.src.ip(),
            dst: ev.dst.ip(),
            src_node,
            dst_node,
            name: ev.kind.name(),
        });
    }

    /// At the end of a run: the ladder's nodes become the nodes they were merged into, and
    /// their columns (name, addresses) are returned.
    pub fn resolve_ladder(&mut self) -> HashMap<NodeId, NodeColumn> {
        let mut cols = HashMap::new();
        for e in &mut self.ladder {
            e.src_node = self.nodes.root(e.src_node);
            e.dst_node = self.nodes.root(e.dst_node);
            for n in [e.src_node, e.dst_node] {
                cols.entry(n).or_insert_with(|| NodeColumn {
                    name: self.nodes.name(n),
                    addrs: self.nodes.addr_list(n),
                });
            }
        }
        cols
    }

    /// Whether GTP node `node` at `addr` is an MME: by its F-TEID role, else by an S1 MME on
    /// the same address.
    fn is_mme(&self, node: NodeId, addr: IpAddr) -> bool {
        self.nodes.role(node) == Role::Mme
            || self
                .nodes
                .lookup(addr, Plane::S1)
                .is_some_and(|m| self.nodes.role(m) == Role::Mme)
    }

    /// The UE whose open X2 handover carried MME-UE-S1AP-ID `id` and waits for the path switch
    /// of eNB node `enb` (any eNB when either has no known identity).
    fn x2_awaiting(&self, id: u32, enb: NodeId) -> Option<UeIdx> {
        let i = self
            .get_at(&self.by_x2_target, enb, |n| (id, n))
            .or_else(|| self.get_in(&self.by_x2_mme, &id))?;
        let u = self.ues.get(&i)?;
        let h = u.ho.as_ref()?;
        let open = h.end == End::Open
            && matches!(h.kind, ProcKind::X2Legacy | ProcKind::X2Makr)
            && !h.has(machine::Step::PathSwitch);
        let n = &self.nodes;
        let same_enb = match u.target_enb {
            Some(t) => {
                n.root(t) == n.root(enb)
                    || n.enb(t).is_none()
                    || n.enb(enb).is_none()
                    || n.enb(t) == n.enb(enb)
            }
            None => true,
        };
        (open && same_enb).then_some(i)
    }

    /// Handles one event.
    pub fn handle(&mut self, ev: &Event) {
        self.forget_handled();
        let (sip, dip) = (ev.src.ip(), ev.dst.ip());
        let app = match &ev.kind {
            k if k.s1_sent_by_enb().is_some() => Some(AppProto::S1ap),
            k => k.x2_or_gtp_app(),
        };
        if let Some(app) = app {
            self.observe(app, ev.src, ev.dst);
        }
        let (src_n, dst_n) = learn_nodes(&mut self.nodes, ev);
        let frame = ev.frame;
        if self.ho_log.is_some() && self.event_times.back().is_none_or(|e| e.0 < frame) {
            if self.event_times.len() >= EVENT_TIMES {
                self.event_times.pop_front();
            }
            self.event_times.push_back((frame, ev.time));
        }
        let mut known = Known::default();
        // Which UE, and what to do before the machines run.
        let ue: Option<(UeIdx, bool)> = match &ev.kind {
            Kind::Malformed { what } => {
                self.report(Finding::new(Rule::Malformed, &[frame], what.clone()));
                None
            }
            Kind::S1Setup { .. } | Kind::MmeSetup { .. } => None,
            Kind::X2Setup { cells, .. } => {
                for &(ecgi, pci, dl_earfcn) in cells {
                    // u32::MAX: a mode of operation without a downlink EARFCN keyhop reads.
                    if dl_earfcn == u32::MAX {
                        continue;
                    }
                    let cap = self.index_cap();
                    let cell = SetupCell {
                        pci,
                        dl_earfcn,
                        frame,
                    };
                    insert_forgetting(&mut self.cells, ecgi, cell, cap);
                }
                None
            }
            Kind::InitialUe { enb, imsi } => {
                let cap = 4 * self.limits.max_ues + 1024;
                insert_forgetting(&mut self.pending_imsi, (src_n, *enb), *imsi, cap);
                None
            }
            Kind::KeyDistribution { items } => {
                let receiver = self.nodes.enb(dst_n);
                let fs = machine::key_distribution(ev, receiver);
                self.report_all(None, fs);
                for it in items {
                    if let (Some(e), 16 | 32) = (it.enb, it.key.len()) {
                        let c = self
                            .keys
                            .learn_kek(e.ident(), it.key_id, it.key.clone(), frame);
                        self.conflict(None, c);
                    }
                }
                None
            }
            Kind::InitialContextSetup { mme, .. } | Kind::UeContextModification { mme, .. } => {
                let r = self.s1_ue(src_n, *mme, frame);
                self.set_serving(r.0, dst_n);
                Some(r)
            }
            Kind::HoRequired {
                mme,
                ho_type,
                container,
                target,
                ..
            } => {
                let r = self.s1_ue(dst_n, *mme, frame);
                self.set_serving(r.0, src_n);
                self.open_ho(r.0, proc_kind_of_ho_type(*ho_type), frame);
                // The Target ID names the target eNB: the HandoverRequest's receiver.
                let t = match target {
                    Target::Enb(e) => self.nodes.enb_node(*e),
                    _ => None,
                };
                if let Some(u) = self.ues.get_mut(&r.0) {
                    u.target_enb = t;
                }
                if let Some(c) = container {
                    {
                        let cap = self.index_cap();
                        self.by_container.insert(*c, r.0, &self.ues, cap);
                    }
                }
                if self.awaiting_request.len() > 4 * self.limits.max_ues + 1024 {
                    let live = &self.ues;
                    self.awaiting_request.retain(|_, v| live.contains_key(v));
                }
                self.awaiting_request.insert(*mme, r.0);
                Some(r)
            }
            Kind::FwdRelocReq {
                seq,
                sender_teid,
                imsi,
                mm,
                target,
                container,
                ..
            } => {
                let found = container
                    .and_then(|c| self.get_in(&self.by_container, &c))
                    .or_else(|| imsi.and_then(|i| self.get(&self.by_imsi, &i)));
                let r = match found {
                    Some(u) => (u, false),
                    None => (self.new_ue(frame), true),
                };
                if let Some(i) = imsi {
                    self.set_imsi(r.0, *i);
                }
                // Roles from the F-TEID, else from an S1 MME on the same address. An EPS MM
                // Context (form 107) comes from an MME (only MMEs hold KASME) and goes to one
                // (toward an SGSN the MME maps it to UMTS keys): a lone request carrying it is
                // MME to MME (S10) unless its receiver is known as an SGSN or it targets an RNC.
                let eps = mm.as_ref().is_some_and(|m| m.form == MmForm::Eps);
                let from_mme = self.is_mme(src_n, sip) || eps;
                let to_mme = self.is_mme(dst_n, dip)
                    || matches!(target, Target::Enb(_))
                    || (eps
                        && self.nodes.role(dst_n) != Role::Sgsn
                        && !matches!(target, Target::Rnc { .. }));
                if from_mme {
                    self.nodes.set_role(src_n, Role::Mme);
                }
                if to_mme {
                    self.nodes.set_role(dst_n, Role::Mme);
                }
                let fs = machine::relocation_context(ev, Ends { from_mme, to_mme });
                self.report_all(Some(r.0), fs);
                let open = self
                    .ues
                    .get(&r.0)
                    .and_then(|u| u.ho.as_ref())
                    .is_some_and(|h| {
                        h.end == End::Open
                            && matches!(h.kind, ProcKind::S1IntraMme | ProcKind::EutranToUtran)
                            && !h.has(machine::Step::FrReq)
                    });
                known.to_sgsn = from_mme && !to_mme;
                if !open {
                    let kind = if !from_mme {
                        ProcKind::UtranToEutran
                    } else if known.to_sgsn || matches!(target, Target::Rnc { .. }) {
                        ProcKind::EutranToUtran
                    } else {
                        ProcKind::S1InterMme
                    };
                    self.open_ho(r.0, kind, frame);
                }
                {
                    let cap = self.index_cap();
                    self.by_seq
                        .insert((src_n, dst_n, *seq), r.0, &self.ues, cap);
                }
                if let Some(c) = container {
                    {
                        let cap = self.index_cap();
                        self.by_container.insert(*c, r.0, &self.ues, cap);
                    }
                }
                if let Some(t) = sender_teid {
                    {
                        let cap = self.index_cap();
                        self.by_teid.insert((src_n, *t), r.0, &self.ues, cap);
                    }
                }
                if let Some(m) = mm {
                    // CK and IK from an SGSN are the UMTS keys; from an MME they are mapped.
                    self.learn_mm(r.0, m, !from_mme, frame);
                }
                Some(r)
            }
            Kind::HoRequest {
                mme,
                ho_type,
                container,
                ..
            } => {
                let found = container
                    .and_then(|c| self.get_in(&self.by_container, &c))
                    .or_else(|| self.s1_get(src_n, *mme))
                    .or_else(|| self.get(&self.awaiting_request, mme));
                self.awaiting_request.remove(mme);
                let r = match found {
                    Some(u) => (u, false),
                    None => (self.new_ue(frame), true),
                };
                self.alias(r.0, src_n, *mme);
                let open = self
                    .ues
                    .get(&r.0)
                    .and_then(|u| u.ho.as_ref())
                    .is_some_and(|h| {
                        h.end == End::Open
                            && !matches!(h.kind, ProcKind::X2Legacy | ProcKind::X2Makr)
                    });
                if !open {
                    self.open_ho(r.0, proc_kind_of_ho_type(*ho_type), frame);
                }
                // The receiver is the eNB the HandoverRequired's Target ID named.
                let named = self.ues.get(&r.0).and_then(|u| u.target_enb);
                let dst_n = match named.and_then(|t| self.nodes.enb(t)) {
                    Some(e) if self.nodes.enb(dst_n).is_none() => self.nodes.set_enb(dst_n, e),
                    _ => dst_n,
                };
                if let Some(u) = self.ues.get_mut(&r.0) {
                    u.target_enb = Some(dst_n);
                }
                Some(r)
            }
            Kind::HoRequestAck { mme, .. }
            | Kind::HoFailure { mme }
            | Kind::HoCancel { mme, .. }
            | Kind::NeighbourKeyRequest { mme, .. } => Some(self.s1_ue(dst_n, *mme, frame)),
            Kind::HoNotify { mme, .. } => {
                let r = self.s1_ue(dst_n, *mme, frame);
                self.set_serving(r.0, src_n);
                Some(r)
            }
            Kind::HoCommand { mme, .. }
            | Kind::HoPreparationFailure { mme, .. }
            | Kind::PathSwitchFailure { mme }
            | Kind::NeighbourKeyResponse { mme, .. }
            | Kind::DownlinkNas { mme, .. } => Some(self.s1_ue(src_n, *mme, frame)),
            Kind::UplinkNas { mme, imsi, .. } => {
                // The UE answers the MME's Identity Request with its IMSI.
                let r = self.s1_ue(dst_n, *mme, frame);
                self.set_imsi(r.0, *imsi);
                Some(r)
            }
            Kind::PathSwitch { source_mme, .. } => {
                // The UE whose X2 handover to this eNB carried this MME-UE-S1AP-ID; else the
                // UE of the id at this MME node; else (an MME whose addresses the capture did
                // not tie together) the UE this id names at exactly one MME; else a new one.
                let r = match self
                    .x2_awaiting(*source_mme, src_n)
                    .or_else(|| self.s1_get(dst_n, *source_mme))
                    .or_else(|| self.unique_by_id(*source_mme))
                {
                    Some(u) => {
                        self.alias(u, dst_n, *source_mme);
                        (u, false)
                    }
                    None => self.s1_ue(dst_n, *source_mme, frame),
                };
                self.by_x2_mme.m.remove(source_mme);
                let open_x2 = self
                    .ues
                    .get(&r.0)
                    .and_then(|u| u.ho.as_ref())
                    .is_some_and(|h| {
                        h.end == End::Open
                            && matches!(h.kind, ProcKind::X2Legacy | ProcKind::X2Makr)
                    });
                if !open_x2 {
                    self.open_ho(r.0, ProcKind::X2Legacy, frame);
                }
                if let Some(u) = self.ues.get_mut(&r.0) {
                    u.target_enb = Some(src_n);
                }
                Some(r)
            }
            Kind::PathSwitchAck { mme, .. } => {
                let r = self.s1_ue(src_n, *mme, frame);
                self.set_serving(r.0, dst_n);
                Some(r)
            }
            Kind::UeRelease {
                mme: Some(id),
                complete,
                ..
            } => {
                let (mme_n, enb_n) = if *complete {
                    (dst_n, src_n)
                } else {
                    (src_n, dst_n)
                };
                if let Some(u) = self.s1_get(mme_n, *id) {
                    self.handled = Some(u);
                    let mut named = MessageUe::default();
                    if self.write_identity(u, &mut named) {
                        self.released_ue = Some(named);
                    }
                    self.release(u, mme_n, enb_n, *id, frame);
                }
                None
            }
            Kind::UeRelease { .. } => None,
            Kind::X2HoRequest {
                old, mme, wrapped, ..
            } => {
                // The UE this MME-UE-S1AP-ID names at the source eNB (its X2 and S1 sides one
                // node once an identity ties them), else at exactly one MME.
                let src_root = self.nodes.root(src_n);
                let found = self
                    .get_at(&self.by_enb_mme, src_root, |n| (n, *mme))
                    .or_else(|| self.unique_by_id(*mme))
                    .or_else(|| self.served_by(*mme, src_root, sip));
                let r = match found {
                    Some(u) => (u, false),
                    None => (self.new_ue(frame), true),
                };
                {
                    let cap = self.index_cap();
                    self.by_x2.insert((src_root, *old), r.0, &self.ues, cap);
                    self.by_x2_mme.insert(*mme, r.0, &self.ues, cap);
                    let t = self.nodes.root(dst_n);
                    self.by_x2_target.insert((*mme, t), r.0, &self.ues, cap);
                }
                let kind = if wrapped.is_some() {
                    ProcKind::X2Makr
                } else {
                    ProcKind::X2Legacy
                };
                self.open_ho(r.0, kind, frame);
                let dst_root = self.nodes.root(dst_n);
                if let Some(u) = self.ues.get_mut(&r.0) {
                    if u.serving_enb.is_none() {
                        u.serving_enb = Some(src_root);
                    }
                    u.target_enb = Some(dst_root);
                }
                if let Some(w) = wrapped {
                    known.keks = vec![w
                        .item
                        .target
                        .and_then(|t| self.kek(&t, w.item.key_id, frame))];
                    let kh = self.kh_peek(r.0);
                    known.h_key = self.h_key_of(kh, w.refresh, frame);
                }
                Some(r)
            }
            Kind::X2HoRequestAck { old, .. }
            | Kind::X2HoPreparationFailure { old }
            | Kind::X2UeContextRelease { old, .. } => self
                .get_at(&self.by_x2, dst_n, |n| (n, *old))
                .map(|u| (u, false)),
            Kind::X2HoCancel { old } => self
                .get_at(&self.by_x2, src_n, |n| (n, *old))
                .map(|u| (u, false)),
            Kind::FwdRelocResp {
                seq, sender_teid, ..
            } => {
                let u = self
                    .nodes
                    .members(src_n)
                    .find_map(|s| self.get_at(&self.by_seq, dst_n, |d| (d, s, *seq)));
                if let (Some(u), Some(t)) = (u, sender_teid) {
                    {
                        let cap = self.index_cap();
                        self.by_teid.insert((src_n, *t), u, &self.ues, cap);
                    }
                }
                u.map(|u| (u, false))
            }
            Kind::FwdRelocComplete { teid, .. } | Kind::FwdRelocCompleteAck { teid, .. } => self
                .get_at(&self.by_teid, dst_n, |n| (n, *teid))
                .map(|u| (u, false)),
            Kind::RelocCancel { teid, imsi } => self
                .get_at(&self.by_teid, dst_n, |n| (n, *teid))
                .or_else(|| imsi.and_then(|i| self.get(&self.by_imsi, &i)))
                .map(|u| (u, false)),
            Kind::CreateSession { imsi, .. } => {
                let by_imsi = imsi.and_then(|i| self.get(&self.by_imsi, &i));
                let u = by_imsi.or_else(|| {
                    let mut it = self.ues.iter().filter(|(_, u)| {
                        u.mme.is_some_and(|m| self.nodes.has_addr(m, sip))
                            && u.ho.as_ref().is_some_and(|h| {
                                h.end == End::Open
                                    && h.kind == ProcKind::S1IntraMme
                                    && h.has(machine::Step::Required)
                            })
                    });
                    match (it.next(), it.next()) {
                        (Some((i, _)), None) => Some(*i),
                        _ => None,
                    }
                });
                // Only an S-GW relocation inside an S1 handover matters here.
                u.filter(|i| {
                    self.ues
                        .get(i)
                        .and_then(|u| u.ho.as_ref())
                        .is_some_and(|h| h.kind == ProcKind::S1IntraMme && h.end == End::Open)
                })
                .map(|u| (u, false))
            }
            Kind::ModifyBearer { .. } => None,
        };
        let Some((ue, first)) = ue else {
            return;
        };
        known.first_sight = first;
        if !matches!(ev.kind, Kind::FwdRelocReq { .. }) {
            known.to_sgsn = false;
        }
        // The MME answers an InitialUEMessage: the UE's IMSI is known from here on.
        if let Kind::InitialContextSetup { enb, .. } | Kind::DownlinkNas { enb, .. } = &ev.kind {
            let key = self
                .nodes
                .members(dst_n)
                .map(|n| (n, *enb))
                .find(|k| self.pending_imsi.contains_key(k));
            if let Some(i) = key.and_then(|k| self.pending_imsi.remove(&k)) {
                self.set_imsi(ue, i);
            }
        }
        known.links = self.links(ue);
        // A plain H_key delivery teaches a key: the UE needs a context then.
        let kh = match &ev.kind {
            Kind::DownlinkNas {
                nas: Nas::PlainHkey { .. },
                ..
            } => self.kh(ue),
            _ => self.kh_peek(ue),
        };
        // Keys-file entries this event showed to be of one UE and that disagree.
        for text in self.keys.take_file_conflicts() {
            let mut f = Finding::new(Rule::KeysConflict, &[frame], text);
            f.set_ue(self.named(Some(ue)));
            self.report(f);
        }
        known.kasme = self.kasme_of(kh, frame);
        if let Some(u) = self.ues.get_mut(&ue) {
            u.last_frame = frame;
            self.touch(ue, frame);
        }
        // Per-kind key lookups.
        match &ev.kind {
            Kind::NeighbourKeyResponse { refresh, items, .. } => {
                known.keks = items
                    .iter()
                    .map(|i| i.target.and_then(|t| self.kek(&t, i.key_id, frame)))
                    .collect();
                known.h_key = self.h_key_of(kh, *refresh, frame);
            }
            Kind::DownlinkNas { nas, .. } => {
                known.nas = self.read_nas(ue, kh, nas, frame);
            }
            Kind::HoRequest { .. } => {
                known.umts = kh
                    .and_then(|h| self.keys.ue(h))
                    .and_then(|u| u.ck_ik.get(frame))
                    .map(|((ck, ik), _)| (Key16::new(*ck.expose()), Key16::new(*ik.expose())));
            }
            Kind::X2HoRequest { target, .. } => {
                known.setup_cell = self.cells.get(target).copied();
            }
            Kind::FwdRelocReq { .. } => {
                known.nas_dl_count = kh
                    .and_then(|h| self.keys.ue(h))
                    .and_then(|u| u.nas_downlink)
                    .map(|c| c.next.value());
            }
            _ => {}
        }
        self.note_pick(ue);
        self.handled = Some(ue);
        self.record_ladder(ue, ev, src_n, dst_n);
        // In place: moving the context out of the map and back copied it twice per event.
        let Some(u) = self.ues.get_mut(&ue) else {
            return;
        };
        let mut fs = with_default(&mut u.keys, |st| machine::as_keys(st, ev, &known));
        let g = &mut self.makr_global;
        fs.extend(with_default(&mut u.makr, |st| {
            machine::makr(st, g, ev, &known)
        }));
        if let Some(ho) = u.ho.as_mut() {
            let f = match ho.kind {
                ProcKind::S1IntraMme | ProcKind::S1InterMme => machine::s1_handover(ho, ev, &known),
                ProcKind::UtranToEutran | ProcKind::EutranToUtran => {
                    machine::irat_handover(ho, ev, &known)
                }
                ProcKind::X2Legacy | ProcKind::X2Makr => machine::x2_handover(ho, ev, &known),
            };
            fs.extend(f);
        }
        self.report_all(Some(ue), fs);
        if self.limits.ladder && self.limits.ladder_ue.is_none_or(|x| x == ue) {
            let u = &self.ues[&ue];
            let aliases = u
                .aliases
                .iter()
                .map(|&(m, id)| {
                    let addrs = self.nodes.addrs(m).iter().map(|a| a.0).collect();
                    (addrs, id)
                })
                .collect();
            self.ue_names
                .insert(ue, (u.label(&self.nodes), aliases, u.imsi));
        }
    }

    /// Reads a downlink NAS message as far as the keys allow: an H_key delivery or not.
    fn read_nas(&mut self, ue: UeIdx, kh: Option<UeHandle>, nas: &Nas, frame: u64) -> NasOutcome {
        let Some(h) = kh else {
            return match nas {
                Nas::Protected { .. } => NasOutcome::Undeciphered,
                _ => NasOutcome::Other,
            };
        };
        match nas {
            Nas::PlainHkey {
                refresh,
                kdf,
                h_key,
                ..
            } => {
                let c = self.keys.learn_h_key(
                    h,
                    *refresh,
                    HKey {
                        key: h_key.clone(),
                        kdf: Some(*kdf),
                    },
                    frame,
                );
                self.conflict(Some(ue), c);
                NasOutcome::Delivery(*refresh)
            }
            Nas::Other => NasOutcome::Other,
            Nas::Protected { pdu: None, .. } => NasOutcome::Undeciphered,
            Nas::Protected { pdu: Some(pdu), .. } => {
                let ok = match self.keys.read_nas(
                    h,
                    pdu,
                    keyhop_codec::security::Direction::Downlink,
                    frame,
                    NAS_SEARCH,
                ) {
                    NasRead::Read(ok) => ok,
                    NasRead::Plain => return NasOutcome::Other,
                    _ => return NasOutcome::Undeciphered,
                };
                if ok.source == keyhop_codec::nas::security::CountSource::Searched {
                    let named = self.named(Some(ue));
                    let mut f = Finding::new(
                        Rule::NasCountSearched,
                        &[frame],
                        format!(
                            "NAS COUNT {:#08x} found by searching overflow values ({} tried) until the NAS-MAC verified",
                            ok.count, ok.tried
                        ),
                    );
                    f.set_ue(named);
                    self.report(f);
                }
                self.conflict(Some(ue), ok.conflict);
                match (ok.plain, ok.delivery) {
                    (Ok(_), Some((r, _, _))) => NasOutcome::Delivery(r),
                    (Ok(_), None) => NasOutcome::Other,
                    (Err(_), _) => NasOutcome::Undeciphered,
                }
            }
        }
    }

    /// Ends the run: open procedures become INCOMPLETE and are counted.
    pub fn finish(&mut self) {
        let mut idx: Vec<UeIdx> = self.ues.keys().copied().collect();
        idx.sort_unstable();
        for i in idx {
            if let Some(mut u) = self.ues.remove(&i) {
                self.close_ho(i, &mut u);
                self.ues.insert(i, u);
            }
        }
    }
}
