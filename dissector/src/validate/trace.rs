//! Which UE each message belongs to, as validate's engine chains UEs: for `ladder` (every
//! message of one UE) and the display filter's `ue` field (any id of the message's UE chain).
//!
//! The engine handles the messages its rules read and says which UE each went to (through its
//! ladder entry). The others (InitialUEMessage before the MME's answer, uplink NAS, status
//! transfers, UE context releases, other GTP-C messages) go to the UE their ids name in the
//! engine's indexes at that moment ([`Engine::ue_of_s1`] and its siblings); an
//! InitialUEMessage waits for the first message that names its (eNB, eNB-UE-S1AP-ID) with a
//! UE.

use super::engine::{header_seq, Engine, Limits, NodeColumn, UeIdx, UeKeys};
use super::event::{Event, Kind};
use super::extract;
use super::rules::{Finding, Rule};
use crate::analysis::nodes::{NodeId, Plane};
use crate::capture::{AppProto, CaptureError, CaptureReader, Payload, Ports, Timestamp};
use crate::decoded::Decoded;
use crate::keys::KeysFile;
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// What a trace keeps besides each UE's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Each message's UE and each UE's ids (the filter's `ue`).
    Messages,
    /// The steps of this UE (its ladder).
    Ue(UeIdx),
    /// Nothing more (choosing the UE of a ladder).
    Nothing,
}

/// A message's place: file (index among those read), frame number, position in the frame.
pub type MsgKey = (u32, u64, u32);

/// Ids of one UE chain kept at most (a chain has a handful; a hostile capture cannot grow it).
const MAX_IDS: usize = 64;

/// Messages waiting for their UE at most (InitialUEMessages before the MME's answer).
const MAX_PENDING: usize = 1 << 16;

/// One UE as the trace saw it.
#[derive(Debug, Clone, Default)]
pub struct UeInfo {
    /// How findings name it (`imsi:...` or `mme-ue-s1ap-id:...@MME`), as last known.
    pub label: String,
    /// Every name findings gave it (an MME-UE-S1AP-ID until the IMSI is known; a few at most).
    pub labels: Vec<String>,
    /// Its IMSI, once known.
    pub imsi: Option<String>,
    /// Every id its messages carried (MME-UE-S1AP-IDs, eNB-UE-S1AP-IDs, X2AP ids, GTP-C TEIDs),
    /// sorted, each once; kept with [`Keep::Messages`] only.
    pub ids: Vec<u64>,
    /// Messages.
    pub msgs: u64,
}

/// A message of the ladder's UE.
#[derive(Debug, Clone)]
pub struct Step {
    /// Frame number.
    pub frame: u64,
    /// Capture time.
    pub time: Timestamp,
    /// Sender's node (its root at the end of the run).
    pub src_node: Option<NodeId>,
    /// Receiver's node.
    pub dst_node: Option<NodeId>,
    /// Sender's address.
    pub src: IpAddr,
    /// Receiver's address.
    pub dst: IpAddr,
    /// The message's name as `read` shows it (`DownlinkNASTransport [Security Mode Command]`,
    /// `X2 SNStatusTransfer`).
    pub name: String,
}

/// What a trace produced.
#[derive(Debug, Default)]
pub struct Trace {
    /// Frames read.
    pub frames: u64,
    /// Why a capture ended early, if one did.
    pub ended_early: Option<String>,
    /// Messages and datagrams left unfinished at the end (damage, as validate counts it).
    pub end_of_capture: usize,
    /// Each message's UE, in capture order ([`Keep::Messages`]).
    pub msgs: Vec<(MsgKey, UeIdx)>,
    /// The UEs.
    pub ues: HashMap<UeIdx, UeInfo>,
    /// The steps of the kept UE ([`Keep::Ue`]), in capture order.
    pub steps: Vec<Step>,
    /// Nodes of the steps: name and addresses.
    pub nodes: HashMap<NodeId, NodeColumn>,
    /// Findings (at most `Limits::max_findings`).
    pub findings: Vec<Finding>,
    /// Findings per rule.
    pub counts: HashMap<Rule, u64>,
    /// The first UE that held the id asked for ([`Tracer::pick`]).
    pub picked: Option<UeIdx>,
}

impl Trace {
    /// The UE of a message.
    pub fn ue_of(&self, key: MsgKey) -> Option<UeIdx> {
        self.msgs
            .binary_search_by(|(k, _)| k.cmp(&key))
            .ok()
            .map(|i| self.msgs[i].1)
    }

    /// The chain of UE `ue` as the filter's `ue` field sees it.
    pub fn chain(&self, ue: UeIdx) -> Option<crate::filter::Chain<'_>> {
        self.ues.get(&ue).map(|u| crate::filter::Chain {
            ids: &u.ids,
            imsi: u.imsi.as_deref(),
        })
    }

    /// The UEs, busiest first (ties to the first seen).
    pub fn busiest(&self) -> Vec<(UeIdx, &UeInfo)> {
        let mut v: Vec<(UeIdx, &UeInfo)> = self.ues.iter().map(|(i, u)| (*i, u)).collect();
        v.sort_by(|a, b| b.1.msgs.cmp(&a.1.msgs).then(a.0.cmp(&b.0)));
        v
    }

    /// Whether the capture was read but is damaged (MALFORMED findings, early end).
    pub fn damaged(&self) -> bool {
        self.counts.get(&Rule::Malformed).is_some_and(|n| *n > 0) || self.ended_early.is_some()
    }
}

/// How `--ue` names a UE: an IMSI, or an MME-UE-S1AP-ID optionally `@` an MME address.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pick {
    text: String,
    id: Option<u32>,
    mme: Option<IpAddr>,
}

/// What the trace keeps of a message besides its octets.
#[derive(Clone, Copy)]
struct Seen {
    key: MsgKey,
    time: Timestamp,
    src: IpAddr,
    dst: IpAddr,
    nodes: (Option<NodeId>, Option<NodeId>),
    app: AppProto,
    ids: Ids,
}

/// A message waiting for its UE.
struct Pending {
    seen: Seen,
    data: Vec<u8>,
}

/// The UE ids one message carries.
#[derive(Debug, Clone, Copy, Default)]
struct Ids {
    mme: Option<u32>,
    enb: Option<u32>,
    source_mme: Option<u32>,
    x2_old: Option<u16>,
    x2_new: Option<u16>,
    teid: Option<u32>,
    sender_teid: Option<u32>,
    /// The key-refresh message a PrivateMessage carries (named in the ladder).
    makr: Option<&'static str>,
}

impl Ids {
    /// The ids the engine's indexes know a UE by, with the message's IMSI.
    fn keys(&self, imsi: Option<super::event::Imsi>) -> UeKeys {
        UeKeys {
            mme: self.mme,
            source_mme: self.source_mme,
            x2_old: self.x2_old,
            teid: self.teid,
            imsi,
        }
    }

    fn each(&self) -> impl Iterator<Item = u64> {
        [
            self.mme,
            self.enb,
            self.source_mme,
            self.x2_old.map(u32::from),
            self.x2_new.map(u32::from),
            self.teid,
            self.sender_teid,
        ]
        .into_iter()
        .flatten()
        .map(u64::from)
    }
}

/// The ids of a decoded message.
fn ids_of(d: &Decoded<'_>) -> Ids {
    let mut ids = Ids::default();
    match d {
        Decoded::S1ap(p) => {
            if let Some(ies) = p.ies() {
                ids.mme = ies.mme_ue_s1ap_id().map(|v| v.0 as u32);
                ids.source_mme = ies.source_mme_ue_s1ap_id().map(|v| v.0 as u32);
                match ies.ue_s1ap_ids() {
                    Some(keyhop_codec::s1ap::UeS1apIds::UeS1apIdPair(x)) => {
                        ids.mme = Some(x.mme_ue_s1ap_id.0 as u32);
                        ids.enb = Some(x.enb_ue_s1ap_id.0 as u32);
                    }
                    Some(keyhop_codec::s1ap::UeS1apIds::MmeUeS1apId(v)) => {
                        ids.mme = Some(v.0 as u32)
                    }
                    _ => {}
                }
            }
            ids.enb = ids.enb.or_else(|| p.enb_ue_s1ap_id());
        }
        Decoded::X2ap(p) => {
            use keyhop_codec::x2ap::{id as x2id, X2apIe};
            if let Some(ies) = p.ies() {
                if let Some(X2apIe::OldEnbUeX2apId(v)) = ies.get(x2id::OLD_ENB_UE_X2AP_ID) {
                    ids.x2_old = Some(v.0 as u16);
                }
                if let Some(X2apIe::NewEnbUeX2apId(v)) = ies.get(x2id::NEW_ENB_UE_X2AP_ID) {
                    ids.x2_new = Some(v.0 as u16);
                }
            }
        }
        Decoded::Gtpv2(_) | Decoded::Gtpv1(..) => {}
    }
    ids
}

/// The ids by which the engine's indexes may know the UE of a payload: those of its decode,
/// its GTP-C header's TEID, the IMSI of a CreateSessionRequest.
pub(super) fn ue_keys(
    app: AppProto,
    data: &[u8],
    decoded: Option<&Decoded<'_>>,
    kind: Option<&Kind>,
) -> UeKeys {
    let mut ids = decoded.map(ids_of).unwrap_or_default();
    ids.teid = header_teid(app, data);
    let imsi = match kind {
        Some(Kind::CreateSession { imsi, .. }) => *imsi,
        _ => None,
    };
    ids.keys(imsi)
}

/// The TEID of a GTP-C header (GTPv2 with its T flag; GTPv1 always), zero being "none yet".
fn header_teid(app: AppProto, data: &[u8]) -> Option<u32> {
    let has = match app {
        AppProto::Gtpv2c => data.first().is_some_and(|f| f & 0x08 != 0),
        AppProto::Gtpv1c => true,
        _ => false,
    };
    let t = data.get(4..8)?;
    let t = u32::from_be_bytes([t[0], t[1], t[2], t[3]]);
    (has && t != 0).then_some(t)
}

fn plane_of(app: AppProto) -> Plane {
    match app {
        AppProto::S1ap => Plane::S1,
        AppProto::X2ap => Plane::X2,
        AppProto::Gtpv1c | AppProto::Gtpv2c => Plane::Gtp,
    }
}

/// A message's name as `read`'s summary line shows it: the message, then the NAS messages it
/// carries; X2AP messages say so.
pub fn step_name(app: AppProto, data: &[u8]) -> String {
    match Decoded::decode(app, data) {
        Ok(d) => {
            let mut name = match app {
                AppProto::X2ap => format!("X2 {}", d.message_name()),
                _ => d.message_name().into_owned(),
            };
            if let Decoded::S1ap(p) = &d {
                let mut nas = Vec::new();
                if crate::analysis::nas_view::write_names(p, &mut nas).is_ok() {
                    name.push_str(&String::from_utf8_lossy(&nas));
                }
            }
            name
        }
        Err(_) => format!("{} (not decodable)", app.name()),
    }
}

/// Feeds messages to the engine and gives each the UE it belongs to.
pub struct Tracer {
    eng: Engine,
    keep: Keep,
    max_findings: usize,
    pick: Option<Pick>,
    /// Messages waiting for their UE: S1AP ones by (eNB address, eNB-UE-S1AP-ID), GTP-C
    /// requests by (receiver, sender, sequence number) until their response is placed.
    pending: HashMap<(bool, IpAddr, IpAddr, u32), Vec<Pending>>,
    pending_n: usize,
    out: Trace,
}

impl Tracer {
    /// A tracer knowing the keys of `keys`, keeping what `keep` says.
    pub fn new(keys: &KeysFile, limits: Limits, keep: Keep) -> Tracer {
        // The engine's ladder says which UE each handled event went to: drained after each one.
        let limits = Limits {
            ladder: true,
            ladder_ue: None,
            ..limits
        };
        Tracer {
            eng: Engine::new(keys, limits),
            keep,
            max_findings: limits.max_findings,
            pick: None,
            pending: HashMap::new(),
            pending_n: 0,
            out: Trace::default(),
        }
    }

    /// Looks for the first UE holding `id` (an IMSI, or an MME-UE-S1AP-ID optionally
    /// `@` an address of its MME): [`Trace::picked`].
    pub fn pick(&mut self, id: &str) {
        let (num, mme) = match id.split_once('@') {
            Some((n, m)) => (n, m.parse::<IpAddr>().ok()),
            None => (id, None),
        };
        self.pick = Some(Pick {
            text: id.to_string(),
            id: num.parse().ok(),
            mme,
        });
    }

    /// Moves the engine's findings of the frame into the trace (bounded; the engine counts
    /// every one, kept or not).
    fn report_findings(&mut self) {
        for f in self.eng.findings.drain(..) {
            if self.out.findings.len() < self.max_findings {
                self.out.findings.push(f);
            }
        }
    }

    /// One frame's damage (as validate reports it).
    pub fn damage(&mut self, frame: u64, what: String) {
        self.eng
            .report(Finding::new(Rule::Malformed, &[frame], what));
    }

    /// Feeds one message: the `index`-th of frame `frame` of file `file`.
    pub fn payload(&mut self, file: u32, frame: u64, time: Timestamp, index: u32, p: &Payload<'_>) {
        let key = (file, frame, index);
        self.eng.observe(p.app, p.src, p.dst);
        let relevant = extract::relevant(p.app, p.data);
        let gtp = matches!(p.app, AppProto::Gtpv1c | AppProto::Gtpv2c);
        // GTP-C messages no rule reads are named by their header's TEID alone: not decoded.
        let decoded = (relevant || !gtp).then(|| extract::decode(p.app, p.data));
        let mut ids = match &decoded {
            Some(Ok(d)) => ids_of(d),
            _ => Ids::default(),
        };
        ids.teid = header_teid(p.app, p.data);
        let mut ue = None;
        let mut nodes = (None, None);
        let mut imsi = None;
        if relevant {
            let kind = match decoded {
                Some(Ok(d)) => extract::extract(&d, self.eng.keep_nas),
                Some(Err(e)) => Some(Kind::Malformed {
                    what: format!("{} message not decodable: {e}", p.app.name()),
                }),
                None => None,
            };
            if let Some(kind) = kind {
                if let Kind::NeighbourKeyRequest { .. }
                | Kind::NeighbourKeyResponse { .. }
                | Kind::KeyDistribution { .. } = &kind
                {
                    ids.makr = Some(kind.name());
                }
                if let Kind::CreateSession { imsi: Some(i), .. } = &kind {
                    imsi = Some(*i);
                }
                match &kind {
                    Kind::FwdRelocReq { sender_teid, .. }
                    | Kind::FwdRelocResp { sender_teid, .. } => ids.sender_teid = *sender_teid,
                    _ => {}
                }
                self.eng.handle(&Event {
                    frame,
                    time,
                    src: p.src,
                    dst: p.dst,
                    kind,
                });
                if let Some(e) = self.eng.ladder.pop() {
                    ue = Some(e.ue);
                    nodes = (Some(e.src_node), Some(e.dst_node));
                } else {
                    // A UE context release: the UE it ended is gone from the indexes now.
                    ue = self.eng.handled();
                }
                self.eng.ladder.clear();
            }
        }
        let (sip, dip) = (p.src.ip(), p.dst.ip());
        if ue.is_none() {
            ue = self
                .eng
                .ue_by_keys(p.app, sip, dip, &ids.keys(imsi))
                .or_else(|| self.eng.ue_of_answer(p.app, p.data, sip, dip));
        }
        let plane = plane_of(p.app);
        if nodes.0.is_none() {
            nodes = (self.eng.node_at(sip, plane), self.eng.node_at(dip, plane));
        }
        // The keys of messages waiting: (GTP-C, address, address, number); an S1AP key's second
        // address is unused.
        let any = IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED);
        let seq = header_seq(p.app, p.data);
        let seen = Seen {
            key,
            time,
            src: sip,
            dst: dip,
            nodes,
            app: p.app,
            ids,
        };
        match ue {
            Some(u) => {
                let waiting_keys = match (p.app, ids.enb, seq) {
                    (AppProto::S1ap, Some(e), _) => {
                        [Some((false, sip, any, e)), Some((false, dip, any, e))]
                    }
                    // A response: its request, sent the other way with the same number.
                    (AppProto::Gtpv1c | AppProto::Gtpv2c, _, Some(q)) => {
                        [Some((true, sip, dip, q)), None]
                    }
                    _ => [None, None],
                };
                self.eng.note_answer(p.app, p.data, sip, dip, u);
                for k in waiting_keys.into_iter().flatten() {
                    if let Some(waiting) = self.pending.remove(&k) {
                        self.pending_n -= waiting.len();
                        for w in waiting {
                            self.record(u, &w.seen, &w.data);
                        }
                    }
                }
                self.record(u, &seen, p.data);
            }
            None => {
                // An InitialUEMessage (or another eNB message before the MME named the UE), or
                // a GTP-C message whose answer may name its UE.
                let k = match (p.app, ids.mme, ids.enb, seq) {
                    (AppProto::S1ap, None, Some(e), _) => Some((false, sip, any, e)),
                    (AppProto::Gtpv1c | AppProto::Gtpv2c, _, _, Some(q)) => {
                        Some((true, dip, sip, q))
                    }
                    _ => None,
                };
                if let Some(k) = k {
                    if self.pending_n >= MAX_PENDING {
                        self.pending.clear();
                        self.pending_n = 0;
                    }
                    let list = self.pending.entry(k).or_default();
                    // A request sent again replaces the copy waiting (one per key for GTP-C).
                    if p.app != AppProto::S1ap {
                        self.pending_n -= list.len();
                        list.clear();
                    }
                    self.pending_n += 1;
                    list.push(Pending {
                        seen,
                        data: p.data.to_vec(),
                    });
                }
            }
        }
    }

    fn record(&mut self, ue: UeIdx, m: &Seen, data: &[u8]) {
        let Seen {
            key,
            time,
            src,
            dst,
            nodes,
            app,
            ids,
        } = *m;
        let name = self.eng.ue_names.remove(&ue);
        let info = self.out.ues.entry(ue).or_default();
        info.msgs += 1;
        if let Some((label, _, imsi)) = name {
            if !info.labels.contains(&label) && info.labels.len() < 8 {
                info.labels.push(label.clone());
            }
            info.label = label;
            if let Some(i) = imsi {
                info.imsi = Some(i.to_string());
            }
        }
        if let Some(p) = &self.pick {
            let hit = info.imsi.as_deref() == Some(p.text.as_str())
                || p.id.is_some_and(|n| {
                    (ids.mme == Some(n) || ids.source_mme == Some(n))
                        && p.mme.is_none_or(|m| m == src || m == dst)
                });
            if hit && self.out.picked.is_none() {
                self.out.picked = Some(ue);
            }
        }
        match self.keep {
            Keep::Messages => {
                for id in ids.each() {
                    if let Err(at) = info.ids.binary_search(&id) {
                        if info.ids.len() < MAX_IDS {
                            info.ids.insert(at, id);
                        }
                    }
                }
                self.out.msgs.push((key, ue));
            }
            Keep::Ue(k) if k == ue => self.out.steps.push(Step {
                frame: key.1,
                time,
                src_node: nodes.0,
                dst_node: nodes.1,
                src,
                dst,
                name: match ids.makr {
                    Some(m) => format!("{} [{m}]", step_name(app, data)),
                    None => step_name(app, data),
                },
            }),
            _ => {}
        }
    }

    /// Ends the run: open procedures are closed, nodes resolved.
    pub fn finish(mut self) -> Trace {
        self.eng.finish();
        self.eng.ladder.clear();
        self.report_findings();
        self.out.counts = std::mem::take(&mut self.eng.counts);
        let n = &self.eng.nodes;
        for s in &mut self.out.steps {
            s.src_node = s.src_node.map(|x| n.root(x));
            s.dst_node = s.dst_node.map(|x| n.root(x));
            for x in [s.src_node, s.dst_node].into_iter().flatten() {
                self.out.nodes.entry(x).or_insert_with(|| NodeColumn {
                    name: n.name(x),
                    addrs: n.addr_list(x),
                });
            }
        }
        // Messages waiting for their UE were attributed late: capture order again.
        self.out.msgs.sort_unstable_by_key(|m| m.0);
        self.out.steps.sort_by_key(|s| s.frame);
        self.out
    }

    /// Hands the findings of the frame just fed to the trace.
    pub fn end_frame(&mut self) {
        self.report_findings();
    }
}

/// Traces the captures in `paths` (merged by time when there are several, as `read` does).
pub fn trace(
    paths: &[PathBuf],
    keys: &KeysFile,
    ports: &Ports,
    limits: Limits,
    keep: Keep,
    pick: Option<&str>,
) -> Result<Trace, CaptureError> {
    let mut t = Tracer::new(keys, limits, keep);
    if let Some(p) = pick {
        t.pick(p);
    }
    let mut readers = Vec::with_capacity(paths.len());
    for p in paths {
        if p.as_os_str() == "-" {
            return Err(CaptureError::Io {
                what: "standard input cannot be read twice".into(),
                source: std::io::Error::new(
                    std::io::ErrorKind::Unsupported,
                    "the `ue` filter field and ladders trace the UEs in a first pass: give a file",
                ),
            });
        }
        readers.push(CaptureReader::open(p)?.with_ports(ports.clone()));
    }
    let mut ended: Vec<String> = Vec::new();
    let mut last = vec![0u64; readers.len()];
    // Merged by time: the earliest pending frame first (the first file's on a tie). Frames are
    // copied out of their reader only when several files are read.
    if readers.len() == 1 {
        let r = &mut readers[0];
        while let Some(f) = r.next_frame() {
            let f = match f {
                Ok(f) => f,
                Err(e) => {
                    ended.push(format!("{}: {e}", paths[0].display()));
                    break;
                }
            };
            t.out.frames += 1;
            last[0] = f.number;
            for issue in f.issues {
                t.damage(f.number, format!("damaged frame: {issue}"));
            }
            for (i, p) in f.payloads().enumerate() {
                t.payload(0, f.number, f.timestamp, i as u32, &p);
            }
            t.end_frame();
        }
    } else {
        struct Copy {
            number: u64,
            time: Timestamp,
            issues: Vec<String>,
            payloads: Vec<(
                std::net::SocketAddr,
                std::net::SocketAddr,
                AppProto,
                crate::capture::Transport,
                Vec<u8>,
            )>,
        }
        let mut pending: Vec<Option<Copy>> = readers.iter().map(|_| None).collect();
        let mut live = vec![true; readers.len()];
        loop {
            for (i, r) in readers.iter_mut().enumerate() {
                if pending[i].is_none() && live[i] {
                    match r.next_frame() {
                        Some(Ok(f)) => {
                            pending[i] = Some(Copy {
                                number: f.number,
                                time: f.timestamp,
                                issues: f.issues.iter().map(|e| e.to_string()).collect(),
                                payloads: f
                                    .payloads()
                                    .map(|p| (p.src, p.dst, p.app, p.transport, p.data.to_vec()))
                                    .collect(),
                            })
                        }
                        Some(Err(e)) => {
                            ended.push(format!("{}: {e}", paths[i].display()));
                            live[i] = false;
                        }
                        None => live[i] = false,
                    }
                }
            }
            let next = pending
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.as_ref().map(|p| (p.time, i)))
                .min();
            let Some((_, i)) = next else { break };
            let c = pending[i].take().expect("pending frame");
            t.out.frames += 1;
            last[i] = c.number;
            for issue in c.issues {
                t.damage(c.number, format!("damaged frame: {issue}"));
            }
            for (k, (src, dst, app, transport, data)) in c.payloads.iter().enumerate() {
                let p = Payload {
                    src: *src,
                    dst: *dst,
                    app: *app,
                    transport: *transport,
                    data,
                };
                t.payload(i as u32, c.number, c.time, k as u32, &p);
            }
            t.end_frame();
        }
    }
    for (i, r) in readers.iter().enumerate() {
        for issue in &r.end_of_capture().issues {
            t.out.end_of_capture += 1;
            t.damage(last[i], format!("left at the end of the capture: {issue}"));
        }
    }
    if !ended.is_empty() {
        let why = ended.join("; ");
        t.damage(t.out.frames, format!("capture ends early: {why}"));
        t.out.ended_early = Some(why);
    }
    Ok(t.finish())
}

/// Traces one capture file.
pub fn trace_file(
    path: &Path,
    keys: &KeysFile,
    limits: Limits,
    keep: Keep,
    pick: Option<&str>,
) -> Result<Trace, CaptureError> {
    trace(
        &[path.to_path_buf()],
        keys,
        &Ports::default(),
        limits,
        keep,
        pick,
    )
}
