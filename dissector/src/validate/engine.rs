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
use super::machine::{self, AsKeys, End, Ends, Ho, Known, Links, MakrGlobal, MakrUe, NasOutcome};
use super::rules::{Finding, Findings, ProcKind, Rule};
use crate::capture::AppProto;
use crate::keys::KeysFile;
use crate::keystore::{Conflict, HKey, KeyStore, NasRead, UeHandle};
use keyhop_codec::security::keys::{Key128, Key256, SecretKey};
use keyhop_codec::security::makr::EnbIdentity;
use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{IpAddr, SocketAddr};

/// Internal UE index (never reused).
pub type UeIdx = u32;

/// How a UE of the ladder is named: label, (MME address, MME-UE-S1AP-ID) pairs, IMSI.
pub type UeName = (String, Vec<(IpAddr, u32)>, Option<Imsi>);

/// One UE's context.
#[derive(Debug, Clone)]
pub struct Ue {
    /// IMSI, once seen.
    pub imsi: Option<Imsi>,
    /// (MME address, MME-UE-S1AP-ID) pairs it held, first first (bounded).
    pub aliases: Vec<(IpAddr, u32)>,
    /// First and last frame.
    pub first_frame: u64,
    /// Last frame.
    pub last_frame: u64,
    /// The MME serving it.
    pub mme: Option<IpAddr>,
    /// The eNB serving it.
    pub serving_enb: Option<IpAddr>,
    /// The target eNB of the handover in progress.
    pub target_enb: Option<IpAddr>,
    /// The handover in progress (or the last one).
    pub ho: Option<Ho>,
    /// AS key chain.
    pub keys: AsKeys,
    /// Key refresh.
    pub makr: MakrUe,
    /// Its key context in the key store.
    pub kh: Option<UeHandle>,
}

impl Ue {
    fn new(frame: u64) -> Ue {
        Ue {
            imsi: None,
            aliases: Vec::new(),
            first_frame: frame,
            last_frame: frame,
            mme: None,
            serving_enb: None,
            target_enb: None,
            ho: None,
            keys: AsKeys::default(),
            makr: MakrUe::default(),
            kh: None,
        }
    }

    /// How findings name it.
    pub fn label(&self) -> String {
        match (&self.imsi, self.aliases.first()) {
            (Some(i), _) => format!("imsi:{i}"),
            (None, Some((a, id))) => format!("mme-ue-s1ap-id:{id}@{a}"),
            (None, None) => "unknown".into(),
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
    /// Cancelled or failed.
    pub cancelled: u64,
    /// Cut by the capture (or left unfinished).
    pub incomplete: u64,
    /// Complete with forward secrecy (key-refresh X2).
    pub forward_secrecy: u64,
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
    /// Message name.
    pub name: &'static str,
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
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_ues: 100_000,
            max_findings: 100_000,
            ladder: false,
            max_ladder: 1_000_000,
        }
    }
}

fn is_s1(k: &Kind) -> Option<bool> {
    // Some(true): sent by the eNB; Some(false): sent by the MME.
    Some(match k {
        Kind::S1Setup { .. }
        | Kind::InitialUe { .. }
        | Kind::HoRequired { .. }
        | Kind::HoRequestAck { .. }
        | Kind::HoFailure { .. }
        | Kind::HoCancel { .. }
        | Kind::HoNotify { .. }
        | Kind::PathSwitch { .. }
        | Kind::NeighbourKeyRequest { .. } => true,
        Kind::InitialContextSetup { .. }
        | Kind::UeContextModification { .. }
        | Kind::HoRequest { .. }
        | Kind::HoCommand { .. }
        | Kind::HoPreparationFailure { .. }
        | Kind::PathSwitchAck { .. }
        | Kind::PathSwitchFailure { .. }
        | Kind::DownlinkNas { .. }
        | Kind::KeyDistribution { .. }
        | Kind::NeighbourKeyResponse { .. } => false,
        _ => return None,
    })
}

/// NAS overflow values searched for the COUNT of a ciphered downlink message (as `read`).
const NAS_SEARCH: u16 = crate::unwrap::COUNT_SEARCH_OVERFLOWS;

/// The correlating validator.
pub struct Engine {
    keys: KeyStore,
    limits: Limits,
    next: UeIdx,
    ues: HashMap<UeIdx, Ue>,
    /// (last_frame, UE) each time a UE's last_frame is set, oldest first: eviction finds the
    /// least recently seen UE here instead of scanning every context (which made a capture
    /// with more UEs than `max_ues` quadratic). Entries whose UE moved on are stale, skipped.
    touched: VecDeque<(u64, UeIdx)>,
    by_s1: HashMap<(IpAddr, u32), UeIdx>,
    by_enb_mme: HashMap<(IpAddr, u32), UeIdx>,
    by_imsi: HashMap<Imsi, UeIdx>,
    by_x2: HashMap<(IpAddr, u16), UeIdx>,
    by_container: HashMap<u64, UeIdx>,
    by_teid: HashMap<(IpAddr, u32), UeIdx>,
    by_seq: HashMap<(IpAddr, IpAddr, u32), UeIdx>,
    /// Sizes past which by_enb_mme, by_x2, by_container, by_teid, by_seq are cleaned.
    index_limits: [usize; 5],
    /// UEs whose S1 handover waits for its HandoverRequest, by MME-UE-S1AP-ID (an MME with
    /// several addresses sends the Request from another one).
    awaiting_request: HashMap<u32, UeIdx>,
    /// (eNB address, eNB-UE-S1AP-ID) -> IMSI of an InitialUEMessage awaiting its
    /// MME-UE-S1AP-ID.
    pending_imsi: HashMap<(IpAddr, u32), Imsi>,
    enbs: HashMap<SocketAddr, EnbIdentity>,
    mme_ips: HashSet<IpAddr>,
    s1_ips: HashSet<IpAddr>,
    gtp_ips: HashSet<IpAddr>,
    x2_pairs: HashSet<(IpAddr, IpAddr)>,
    conflicts: HashSet<String>,
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
}

/// Drops the entries of `m` that lead to no live UE once it holds more than `limit`; the next
/// limit is twice what remains (plus some slack).
fn prune<K>(m: &mut HashMap<K, UeIdx>, limit: &mut usize, live: &HashMap<UeIdx, Ue>) {
    if m.len() > *limit {
        m.retain(|_, v| live.contains_key(v));
        *limit = 2 * m.len() + 1024;
    }
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
            keys: KeyStore::new(keys),
            limits,
            next: 0,
            ues: HashMap::new(),
            touched: VecDeque::new(),
            by_s1: HashMap::new(),
            by_enb_mme: HashMap::new(),
            by_imsi: HashMap::new(),
            by_x2: HashMap::new(),
            by_container: HashMap::new(),
            by_teid: HashMap::new(),
            by_seq: HashMap::new(),
            index_limits: [1024; 5],
            awaiting_request: HashMap::new(),
            pending_imsi: HashMap::new(),
            enbs: HashMap::new(),
            mme_ips: HashSet::new(),
            s1_ips: HashSet::new(),
            gtp_ips: HashSet::new(),
            x2_pairs: HashSet::new(),
            conflicts: HashSet::new(),
            makr_global: MakrGlobal::default(),
            keep_nas: !keys.kasme.is_empty(),
            findings: Vec::new(),
            counts: HashMap::new(),
            procs: HashMap::new(),
            ladder: Vec::new(),
            ue_names: HashMap::new(),
        }
    }

    /// UE contexts held now (never more than [`Limits::max_ues`]).
    pub fn ue_count(&self) -> usize {
        self.ues.len()
    }

    /// UE contexts created so far: those held, and those evicted (each with an EVICTED
    /// finding).
    pub fn ues_created(&self) -> u64 {
        u64::from(self.next)
    }

    /// Notes a payload's addresses (for NOT-OBSERVED), decoded or not.
    pub fn observe(&mut self, app: AppProto, src: SocketAddr, dst: SocketAddr) {
        match app {
            AppProto::S1ap => {
                if !self.s1_ips.contains(&src.ip()) {
                    self.s1_ips.insert(src.ip());
                }
                if !self.s1_ips.contains(&dst.ip()) {
                    self.s1_ips.insert(dst.ip());
                }
            }
            AppProto::X2ap => {
                let p = (src.ip().min(dst.ip()), src.ip().max(dst.ip()));
                if !self.x2_pairs.contains(&p) {
                    self.x2_pairs.insert(p);
                }
            }
            AppProto::Gtpv1c | AppProto::Gtpv2c => {
                if !self.gtp_ips.contains(&src.ip()) {
                    self.gtp_ips.insert(src.ip());
                }
                if !self.gtp_ips.contains(&dst.ip()) {
                    self.gtp_ips.insert(dst.ip());
                }
            }
        }
    }

    /// Records a finding not tied to a UE.
    pub fn report(&mut self, f: Finding) {
        *self.counts.entry(f.rule).or_default() += 1;
        if self.findings.len() < self.limits.max_findings {
            self.findings.push(f);
        }
    }

    fn report_all(&mut self, ue: Option<UeIdx>, fs: Findings) {
        if fs.is_empty() {
            return;
        }
        let label = ue.and_then(|u| self.ues.get(&u)).map(|u| u.label());
        for mut f in fs {
            if f.ue.is_none() {
                f.ue.clone_from(&label);
            }
            self.report(f);
        }
    }

    fn new_ue(&mut self, frame: u64) -> UeIdx {
        if self.ues.len() >= self.limits.max_ues {
            self.evict(frame);
        }
        let i = self.next;
        self.next += 1;
        self.ues.insert(i, Ue::new(frame));
        self.touch(i, frame);
        i
    }

    /// Logs that UE `i` was last seen at `frame`; drops stale entries when they dominate.
    fn touch(&mut self, i: UeIdx, frame: u64) {
        self.touched.push_back((frame, i));
        if self.touched.len() > 4 * self.ues.len() + 64 {
            let ues = &self.ues;
            self.touched
                .retain(|&(f, i)| ues.get(&i).is_some_and(|u| u.last_frame == f));
        }
    }

    /// The UE with the smallest (last_frame, index), as a scan of every context would find.
    fn oldest_ue(&mut self) -> Option<UeIdx> {
        let live = |ues: &HashMap<UeIdx, Ue>, (f, i): (u64, UeIdx)| {
            ues.get(&i).is_some_and(|u| u.last_frame == f)
        };
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
        let Some(mut ue) = self.ues.remove(&idx) else {
            return;
        };
        self.close_ho(&mut ue);
        let f = Finding::new(
            Rule::Evicted,
            &[ue.last_frame, frame],
            format!(
                "UE context dropped (limit {} UEs); later steps of this UE may be reported as incomplete",
                self.limits.max_ues
            ),
        );
        let mut f = f;
        f.ue = Some(ue.label());
        self.report(f);
        for a in &ue.aliases {
            self.by_s1.remove(a);
        }
        if let Some(i) = ue.imsi {
            self.by_imsi.remove(&i);
        }
        // The other indexes are cleaned when they grow (entries of dropped UEs lead nowhere):
        // past twice what was left at the last cleaning, so that a cleaning costs O(1) per
        // entry added even when live entries alone exceed a fixed limit (small `max_ues`).
        let live = &self.ues;
        let [a, b, c, d, e] = &mut self.index_limits;
        prune(&mut self.by_enb_mme, a, live);
        prune(&mut self.by_x2, b, live);
        prune(&mut self.by_container, c, live);
        prune(&mut self.by_teid, d, live);
        prune(&mut self.by_seq, e, live);
    }

    fn get<K: std::hash::Hash + Eq>(&self, m: &HashMap<K, UeIdx>, k: &K) -> Option<UeIdx> {
        m.get(k).copied().filter(|i| self.ues.contains_key(i))
    }

    fn alias(&mut self, ue: UeIdx, mme: IpAddr, id: u32) {
        self.by_s1.insert((mme, id), ue);
        if let Some(u) = self.ues.get_mut(&ue) {
            if !u.aliases.contains(&(mme, id)) && u.aliases.len() < 16 {
                u.aliases.push((mme, id));
            }
            u.mme = Some(mme);
            // Keys-file entries by MME-UE-S1AP-ID bind to the UE at its first id.
            if u.kh.is_none() {
                u.kh = Some(self.keys.ue_by_s1(id, Some(mme)));
            }
        }
    }

    fn set_imsi(&mut self, ue: UeIdx, imsi: Imsi) {
        self.by_imsi.insert(imsi, ue);
        if let Some(u) = self.ues.get_mut(&ue) {
            u.imsi = Some(imsi);
            u.kh = Some(match u.kh {
                Some(h) => self.keys.set_imsi(h, imsi.as_str()),
                None => self.keys.ue_by_imsi(imsi.as_str()),
            });
        }
    }

    /// The live UE known by MME-UE-S1AP-ID `id` at exactly one MME address (X2AP names no MME).
    fn unique_by_id(&self, id: u32) -> Option<UeIdx> {
        let mut it = self
            .by_s1
            .iter()
            .filter(|((_, i), u)| *i == id && self.ues.contains_key(u))
            .map(|(_, u)| *u);
        let first = it.next()?;
        // Several addresses of one MME all lead to the same UE.
        it.all(|u| u == first).then_some(first)
    }

    /// The key context of a UE, created (by its first S1 id, else its IMSI) if it has none.
    fn kh(&mut self, ue: UeIdx) -> Option<UeHandle> {
        let u = self.ues.get_mut(&ue)?;
        if u.kh.is_none() {
            u.kh = match (u.aliases.first(), u.imsi) {
                (Some((m, id)), _) => Some(self.keys.ue_by_s1(*id, Some(*m))),
                (None, Some(i)) => Some(self.keys.ue_by_imsi(i.as_str())),
                (None, None) => None,
            };
        }
        u.kh
    }

    /// The UE of an S1 id at `mme`, created if unknown (then `first` is true).
    fn s1_ue(&mut self, mme: IpAddr, id: u32, frame: u64) -> (UeIdx, bool) {
        if let Some(u) = self.get(&self.by_s1, &(mme, id)) {
            return (u, false);
        }
        let u = self.new_ue(frame);
        self.alias(u, mme, id);
        (u, true)
    }

    fn set_serving(&mut self, ue: UeIdx, enb: IpAddr) {
        if let Some(u) = self.ues.get_mut(&ue) {
            u.serving_enb = Some(enb);
            let ids: Vec<u32> = u.aliases.iter().map(|a| a.1).collect();
            for id in ids {
                self.by_enb_mme.insert((enb, id), ue);
            }
        }
    }

    fn tally(&mut self, ho: &Ho) {
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
            End::Open => c.incomplete += 1,
        }
    }

    /// Ends the UE's handover (at a new one, eviction or the capture's end).
    fn close_ho(&mut self, ue: &mut Ue) {
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
                    && ho.target_enb.is_some_and(|ip| !self.s1_ips.contains(&ip));
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
                f.ue = Some(ue.label());
                self.report(f);
            }
            self.tally(&ho);
        }
    }

    /// Opens a new handover of `kind` for `ue`, closing the previous one.
    fn open_ho(&mut self, ue: UeIdx, kind: ProcKind, frame: u64) {
        let Some(mut u) = self.ues.remove(&ue) else {
            return;
        };
        if let Some(prev) = &u.ho {
            if prev.end == End::Open {
                let mut f = Finding::new(
                    Rule::HoOrder,
                    &[*prev.frames().last().unwrap_or(&frame), frame],
                    format!(
                        "a new handover started while the {} handover was still open",
                        prev.kind.name()
                    ),
                )
                .in_proc(prev.kind);
                f.ue = Some(u.label());
                self.report(f);
                // Counted as unfinished, without a second finding.
                if let Some(mut p) = u.ho.take() {
                    p.end = End::Open;
                    self.tally(&p);
                }
            } else {
                let p = u.ho.take().expect("checked");
                self.tally(&p);
            }
        }
        let mut ho = Ho::new(kind);
        ho.opened = frame;
        u.ho = Some(ho);
        self.ues.insert(ue, u);
    }

    fn links(&self, ue: UeIdx) -> Links {
        let Some(u) = self.ues.get(&ue) else {
            return Links::default();
        };
        Links {
            s1_source: u.serving_enb.is_some_and(|e| self.s1_ips.contains(&e)),
            s1_target: u.target_enb.map_or(true, |e| self.s1_ips.contains(&e)),
            gtp: u.mme.is_some_and(|m| self.gtp_ips.contains(&m)),
            x2: match (u.serving_enb, u.target_enb) {
                (Some(a), Some(b)) => self.x2_pairs.contains(&(a.min(b), a.max(b))),
                _ => true,
            },
        }
    }

    fn kek(&self, enb: &EnbIdentity, key_id: u8, frame: u64) -> Option<Vec<u8>> {
        self.keys
            .kek(&enb.ident(), key_id, frame)
            .map(|(k, _)| k.expose().to_vec())
    }

    /// A KEYS-CONFLICT of the key store, reported once per key.
    fn conflict(&mut self, ue: Option<UeIdx>, c: Option<Conflict>) {
        let Some(c) = c else { return };
        if self.conflicts.len() < 4096 && self.conflicts.insert(c.what.clone()) {
            let label = ue.and_then(|u| self.ues.get(&u)).map(|u| u.label());
            let mut f = Finding::new(
                Rule::KeysConflict,
                &[c.frame],
                format!(
                    "{} learned at frame {} disagrees with the keys file (the file's key is used)",
                    c.what, c.frame
                ),
            );
            f.ue = label;
            self.report(f);
        }
    }

    fn kasme_of(&self, kh: Option<UeHandle>, frame: u64) -> Option<Key32> {
        let (k, _) = self.keys.ue(kh?)?.kasme.get(frame)?;
        Some(*k.expose())
    }

    fn h_key_of(&self, kh: Option<UeHandle>, refresh: u16, frame: u64) -> Option<Vec<u8>> {
        let (k, _) = self.keys.h_key(kh?, refresh, frame)?;
        Some(k.key.expose().to_vec())
    }

    /// Learns the keys of an MM Context for UE `ue` at `frame` (CK and IK only when `umts`).
    fn learn_mm(&mut self, ue: UeIdx, m: &MmSummary, umts: bool, frame: u64) {
        let Some(h) = self.kh(ue) else { return };
        if let Some(k) = m.kasme {
            let c = self.keys.learn_kasme(h, Key256::new(k), frame);
            self.conflict(Some(ue), c);
            self.keep_nas = true;
        }
        if let (true, Some(ck), Some(ik)) = (umts, m.ck, m.ik) {
            let c = self
                .keys
                .learn_ck_ik(h, Key128::new(ck), Key128::new(ik), frame);
            self.conflict(Some(ue), c);
        }
        if let Some(u) = self.keys.ue_mut(h) {
            if let Some(nh) = m.nh {
                u.nh.learn(frame, (Key256::new(nh), m.ncc));
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

    fn record_ladder(&mut self, ue: UeIdx, ev: &Event) {
        if !self.limits.ladder || self.ladder.len() >= self.limits.max_ladder {
            return;
        }
        self.ladder.push(LadderEntry {
            ue,
            frame: ev.frame,
            time: ev.time,
            src: ev.src.ip(),
            dst: ev.dst.ip(),
            name: ev.kind.name(),
        });
    }

    /// Handles one event.
    pub fn handle(&mut self, ev: &Event) {
        let (sip, dip) = (ev.src.ip(), ev.dst.ip());
        let app = match &ev.kind {
            k if is_s1(k).is_some() => Some(AppProto::S1ap),
            Kind::X2Setup { .. }
            | Kind::X2HoRequest { .. }
            | Kind::X2HoRequestAck { .. }
            | Kind::X2HoPreparationFailure { .. }
            | Kind::X2HoCancel { .. }
            | Kind::X2UeContextRelease { .. } => Some(AppProto::X2ap),
            Kind::FwdRelocReq { .. }
            | Kind::FwdRelocResp { .. }
            | Kind::FwdRelocComplete { .. }
            | Kind::FwdRelocCompleteAck { .. }
            | Kind::RelocCancel { .. }
            | Kind::CreateSession { .. }
            | Kind::ModifyBearer { .. } => Some(AppProto::Gtpv2c),
            _ => None,
        };
        if let Some(app) = app {
            self.observe(app, ev.src, ev.dst);
        }
        match is_s1(&ev.kind) {
            Some(true) => {
                self.mme_ips.insert(dip);
            }
            Some(false) => {
                self.mme_ips.insert(sip);
            }
            None => {}
        }
        let frame = ev.frame;
        let mut known = Known::default();
        // Which UE, and what to do before the machines run.
        let ue: Option<(UeIdx, bool)> = match &ev.kind {
            Kind::Malformed { what } => {
                self.report(Finding::new(Rule::Malformed, &[frame], what.clone()));
                None
            }
            Kind::S1Setup { enb } => {
                if let Some(e) = enb {
                    self.enbs.insert(ev.src, *e);
                }
                None
            }
            Kind::X2Setup { .. } => None,
            Kind::InitialUe { enb, imsi } => {
                if self.pending_imsi.len() >= 4 * self.limits.max_ues + 1024 {
                    self.pending_imsi.clear();
                }
                self.pending_imsi.insert((sip, *enb), *imsi);
                None
            }
            Kind::KeyDistribution { items } => {
                let receiver = self.enbs.get(&ev.dst).copied();
                let fs = machine::key_distribution(ev, receiver);
                self.report_all(None, fs);
                for it in items {
                    if let (Some(e), 16 | 32) = (it.enb, it.key.len()) {
                        let c = self.keys.learn_kek(
                            e.ident(),
                            it.key_id,
                            SecretKey::from_slice(&it.key),
                            frame,
                        );
                        self.conflict(None, c);
                    }
                }
                None
            }
            Kind::InitialContextSetup { mme, .. } | Kind::UeContextModification { mme, .. } => {
                let r = self.s1_ue(sip, *mme, frame);
                self.set_serving(r.0, dip);
                Some(r)
            }
            Kind::HoRequired {
                mme,
                ho_type,
                container,
                ..
            } => {
                let r = self.s1_ue(dip, *mme, frame);
                self.set_serving(r.0, sip);
                self.open_ho(r.0, proc_kind_of_ho_type(*ho_type), frame);
                if let Some(c) = container {
                    self.by_container.insert(*c, r.0);
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
                    .and_then(|c| self.get(&self.by_container, &c))
                    .or_else(|| imsi.and_then(|i| self.get(&self.by_imsi, &i)));
                let r = match found {
                    Some(u) => (u, false),
                    None => (self.new_ue(frame), true),
                };
                if let Some(i) = imsi {
                    self.set_imsi(r.0, *i);
                }
                let from_mme =
                    self.mme_ips.contains(&sip) || mm.is_some_and(|m| m.form == MmForm::Eps);
                let to_mme = self.mme_ips.contains(&dip) || matches!(target, Target::Enb(_));
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
                self.by_seq.insert((sip, dip, *seq), r.0);
                if let Some(c) = container {
                    self.by_container.insert(*c, r.0);
                }
                if let Some(t) = sender_teid {
                    self.by_teid.insert((sip, *t), r.0);
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
                    .and_then(|c| self.get(&self.by_container, &c))
                    .or_else(|| self.get(&self.by_s1, &(sip, *mme)))
                    .or_else(|| self.get(&self.awaiting_request, mme));
                self.awaiting_request.remove(mme);
                let r = match found {
                    Some(u) => (u, false),
                    None => (self.new_ue(frame), true),
                };
                self.alias(r.0, sip, *mme);
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
                if let Some(u) = self.ues.get_mut(&r.0) {
                    u.target_enb = Some(dip);
                }
                Some(r)
            }
            Kind::HoRequestAck { mme, .. }
            | Kind::HoFailure { mme }
            | Kind::HoCancel { mme, .. }
            | Kind::NeighbourKeyRequest { mme, .. } => Some(self.s1_ue(dip, *mme, frame)),
            Kind::HoNotify { mme, .. } => {
                let r = self.s1_ue(dip, *mme, frame);
                self.set_serving(r.0, sip);
                Some(r)
            }
            Kind::HoCommand { mme, .. }
            | Kind::HoPreparationFailure { mme, .. }
            | Kind::PathSwitchFailure { mme }
            | Kind::NeighbourKeyResponse { mme, .. }
            | Kind::DownlinkNas { mme, .. } => Some(self.s1_ue(sip, *mme, frame)),
            Kind::PathSwitch { source_mme, .. } => {
                // An MME with several addresses may get the path switch on another one: the
                // UE this MME-UE-S1AP-ID names at exactly one MME, else a new one.
                let r = match self
                    .get(&self.by_s1, &(dip, *source_mme))
                    .or_else(|| self.unique_by_id(*source_mme))
                {
                    Some(u) => {
                        self.alias(u, dip, *source_mme);
                        (u, false)
                    }
                    None => self.s1_ue(dip, *source_mme, frame),
                };
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
                    u.target_enb = Some(sip);
                }
                Some(r)
            }
            Kind::PathSwitchAck { mme, .. } => {
                let r = self.s1_ue(sip, *mme, frame);
                self.set_serving(r.0, dip);
                Some(r)
            }
            Kind::UeRelease { .. } => None,
            Kind::X2HoRequest {
                old, mme, wrapped, ..
            } => {
                let found = self
                    .get(&self.by_enb_mme, &(sip, *mme))
                    .or_else(|| self.unique_by_id(*mme));
                let r = match found {
                    Some(u) => (u, false),
                    None => {
                        let u = self.new_ue(frame);
                        if let Some(x) = self.ues.get_mut(&u) {
                            x.aliases.push((sip, *mme));
                        }
                        (u, true)
                    }
                };
                self.by_x2.insert((sip, *old), r.0);
                let kind = if wrapped.is_some() {
                    ProcKind::X2Makr
                } else {
                    ProcKind::X2Legacy
                };
                self.open_ho(r.0, kind, frame);
                if let Some(u) = self.ues.get_mut(&r.0) {
                    if u.serving_enb.is_none() {
                        u.serving_enb = Some(sip);
                    }
                    u.target_enb = Some(dip);
                }
                if let Some(w) = wrapped {
                    known.keks = vec![w
                        .item
                        .target
                        .and_then(|t| self.kek(&t, w.item.key_id, frame))];
                    let kh = self.kh(r.0);
                    known.h_key = self.h_key_of(kh, w.refresh, frame);
                }
                Some(r)
            }
            Kind::X2HoRequestAck { old, .. }
            | Kind::X2HoPreparationFailure { old }
            | Kind::X2UeContextRelease { old, .. } => {
                self.get(&self.by_x2, &(dip, *old)).map(|u| (u, false))
            }
            Kind::X2HoCancel { old } => self.get(&self.by_x2, &(sip, *old)).map(|u| (u, false)),
            Kind::FwdRelocResp {
                seq, sender_teid, ..
            } => {
                let u = self.get(&self.by_seq, &(dip, sip, *seq));
                if let (Some(u), Some(t)) = (u, sender_teid) {
                    self.by_teid.insert((sip, *t), u);
                }
                u.map(|u| (u, false))
            }
            Kind::FwdRelocComplete { teid, .. } | Kind::FwdRelocCompleteAck { teid, .. } => {
                self.get(&self.by_teid, &(dip, *teid)).map(|u| (u, false))
            }
            Kind::RelocCancel { teid, imsi } => self
                .get(&self.by_teid, &(dip, *teid))
                .or_else(|| imsi.and_then(|i| self.get(&self.by_imsi, &i)))
                .map(|u| (u, false)),
            Kind::CreateSession { imsi, .. } => {
                let by_imsi = imsi.and_then(|i| self.get(&self.by_imsi, &i));
                let u = by_imsi.or_else(|| {
                    let mut it = self.ues.iter().filter(|(_, u)| {
                        u.mme == Some(sip)
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
            if let Some(i) = self.pending_imsi.remove(&(dip, *enb)) {
                self.set_imsi(ue, i);
            }
        }
        known.links = self.links(ue);
        let kh = self.kh(ue);
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
                    .map(|((ck, ik), _)| (*ck.expose(), *ik.expose()));
            }
            Kind::FwdRelocReq { .. } => {
                known.nas_dl_count = kh
                    .and_then(|h| self.keys.ue(h))
                    .and_then(|u| u.nas_downlink)
                    .map(|c| c.next.value());
            }
            _ => {}
        }
        self.record_ladder(ue, ev);
        let Some(mut u) = self.ues.remove(&ue) else {
            return;
        };
        let mut fs = machine::as_keys(&mut u.keys, ev, &known);
        fs.extend(machine::makr(
            &mut u.makr,
            &mut self.makr_global,
            ev,
            &known,
        ));
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
        self.ues.insert(ue, u);
        self.report_all(Some(ue), fs);
        if self.limits.ladder {
            let u = &self.ues[&ue];
            self.ue_names
                .insert(ue, (u.label(), u.aliases.clone(), u.imsi));
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
            } => {
                let c = self.keys.learn_h_key(
                    h,
                    *refresh,
                    HKey {
                        key: SecretKey::from_slice(h_key),
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
                    let label = self.ues.get(&ue).map(|u| u.label());
                    let mut f = Finding::new(
                        Rule::NasCountSearched,
                        &[frame],
                        format!(
                            "NAS COUNT {:#08x} found by searching overflow values ({} tried) until the NAS-MAC verified",
                            ok.count, ok.tried
                        ),
                    );
                    f.ue = label;
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
                self.close_ho(&mut u);
                self.ues.insert(i, u);
            }
        }
    }
}
