//! The rules as pure state-transition functions, one per procedure family:
//!
//! | function | family | rules |
//! |---|---|---|
//! | [`s1_handover`] | S1 intra-MME (with S-GW relocation) and inter-MME (S10) | HO-ORDER, CANCELLED, NOT-OBSERVED, INCOMPLETE |
//! | [`irat_handover`] | UTRAN -> E-UTRAN and E-UTRAN -> UTRAN | HO-ORDER, CANCELLED, NOT-OBSERVED |
//! | [`x2_handover`] | X2 with and without key refresh | HO-ORDER / MAKR-ORDER (key refresh), CANCELLED, NOT-OBSERVED |
//! | [`makr`] | MME-assisted key refresh, per UE | MAKR-* |
//! | [`as_keys`] | the AS key chain of a UE | HO-NCC, HO-NH, HO-KENBSTAR, HO-MAPPED, HO-CAPS, HO-NO-FS, NO-KEYS |
//! | [`relocation_context`] | Forward Relocation Request contents | HO-SECCTX |
//! | [`key_distribution`] | MAKR step 2 | MAKR-KEYDIST, MALFORMED |
//!
//! Each takes its state by `&mut` (the same as returning the new state), the [`Event`] and
//! the [`Known`] facts the caller looked up for that event (keys, which links the capture
//! shows), and returns the findings. Nothing else is read or written: the unit tests drive
//! these functions with synthetic events.

use super::event::*;
use super::rules::{Finding, Findings, ProcKind, Rule};
use keyhop_codec::security::kdf::{self, EarfcnEncoding};
use keyhop_codec::security::keys::{ct_eq, Key128, Key256, SecretKey};
use keyhop_codec::security::makr::{
    derive_kenb, unwrap_kenb, EnbIdentity, KdfAlgorithm, WrapAlgorithm, WrapBinding,
};

/// Facts the caller looked up for one event. All optional: absent means unknown.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// KASME of the UE.
    pub kasme: Option<Key32>,
    /// CK and IK of the UE (UTRAN -> E-UTRAN).
    pub umts: Option<(Key16, Key16)>,
    /// NAS downlink COUNT of the UE now (E-UTRAN -> UTRAN, A.8).
    pub nas_dl_count: Option<u32>,
    /// KEK per wrapped item of the event (same order as the items; one for an X2 request).
    pub keks: Vec<Option<SecretKey>>,
    /// H_key of the event's refreshCounter.
    pub h_key: Option<SecretKey>,
    /// What a DownlinkNASTransport turned out to be.
    pub nas: NasOutcome,
    /// The event is a Forward Relocation Request from an MME to an SGSN (E-UTRAN -> UTRAN).
    pub to_sgsn: bool,
    /// The UE had no event before this one (a procedure met now was cut by the capture start).
    pub first_sight: bool,
    /// Links the capture shows, for NOT-OBSERVED.
    pub links: Links,
    /// An X2 HandoverRequest's target cell as an X2 Setup (or eNB Configuration Update)
    /// served it: stands in for the RRC HandoverCommand's cell when that is unreadable.
    pub setup_cell: Option<SetupCell>,
}

/// A served cell an X2 Setup announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetupCell {
    /// Physical cell id.
    pub pci: u16,
    /// Downlink EARFCN.
    pub dl_earfcn: u32,
    /// Frame of the X2 Setup.
    pub frame: u64,
}

/// A legacy X2 KeNB* waiting for the HandoverRequestAcknowledge, which names the target cell.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PendingStar {
    /// key-eNodeB-star sent.
    star: Key32,
    /// The key it must derive from (unused NH, else the source's KeNB), when known.
    key: Option<Key32>,
    /// The source cell's EARFCN (the target's, for an intra-frequency handover).
    source_earfcn: Option<u32>,
    /// Frame of the HandoverRequest.
    frame: u64,
    /// The target cell from an X2 Setup, when one was seen.
    setup: Option<SetupCell>,
}

/// What a downlink NAS message was, once the caller tried to read it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NasOutcome {
    /// Not an H_key delivery (or not a NAS event).
    #[default]
    Other,
    /// An H_key delivery of this refreshCounter.
    Delivery(u16),
    /// Ciphered and not decipherable: it may have been an H_key delivery.
    Undeciphered,
}

/// Whether the capture shows each link a missing step would travel on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Links {
    /// S1 between the source eNB and the MME.
    pub s1_source: bool,
    /// S1 between the target eNB and the (target) MME.
    pub s1_target: bool,
    /// GTP-C between the MME and its peer (S10, S3, Gn).
    pub gtp: bool,
    /// X2 between source and target eNB.
    pub x2: bool,
}

impl Default for Links {
    fn default() -> Self {
        Links {
            s1_source: true,
            s1_target: true,
            gtp: true,
            x2: true,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Handover procedures: order tables

/// A step of a handover procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// S1AP HandoverRequired.
    Required,
    /// Forward Relocation Request.
    FrReq,
    /// S1AP HandoverRequest.
    Request,
    /// S1AP HandoverRequestAcknowledge.
    Ack,
    /// Forward Relocation Response.
    FrResp,
    /// S1AP HandoverCommand.
    Command,
    /// S1AP HandoverNotify.
    Notify,
    /// Forward Relocation Complete (Notification).
    FrComplete,
    /// Forward Relocation Complete Acknowledge.
    FrCompleteAck,
    /// X2AP HandoverRequest.
    X2Request,
    /// X2AP HandoverRequestAcknowledge.
    X2Ack,
    /// S1AP PathSwitchRequest.
    PathSwitch,
    /// S1AP PathSwitchRequestAcknowledge.
    PathSwitchAck,
    /// X2AP UEContextRelease.
    X2Release,
    /// GTPv2 Create Session Request to a new S-GW.
    CreateSession,
}

impl Step {
    /// Every step, in declaration order (`Step::ALL[s as usize] == s`).
    pub const ALL: [Step; 15] = [
        Step::Required,
        Step::FrReq,
        Step::Request,
        Step::Ack,
        Step::FrResp,
        Step::Command,
        Step::Notify,
        Step::FrComplete,
        Step::FrCompleteAck,
        Step::X2Request,
        Step::X2Ack,
        Step::PathSwitch,
        Step::PathSwitchAck,
        Step::X2Release,
        Step::CreateSession,
    ];

    /// The step named `name` ([`Step::name`]).
    pub fn from_name(name: &str) -> Option<Step> {
        Step::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// The step of an event, if it is one.
    pub fn of(k: &Kind) -> Option<Step> {
        Some(match k {
            Kind::HoRequired { .. } => Step::Required,
            Kind::FwdRelocReq { .. } => Step::FrReq,
            Kind::HoRequest { .. } => Step::Request,
            Kind::HoRequestAck { .. } => Step::Ack,
            Kind::FwdRelocResp { accepted: true, .. } => Step::FrResp,
            Kind::HoCommand { .. } => Step::Command,
            Kind::HoNotify { .. } => Step::Notify,
            Kind::FwdRelocComplete { .. } => Step::FrComplete,
            Kind::FwdRelocCompleteAck { .. } => Step::FrCompleteAck,
            Kind::X2HoRequest { .. } => Step::X2Request,
            Kind::X2HoRequestAck { .. } => Step::X2Ack,
            Kind::PathSwitch { .. } => Step::PathSwitch,
            Kind::PathSwitchAck { .. } => Step::PathSwitchAck,
            Kind::X2UeContextRelease { .. } => Step::X2Release,
            Kind::CreateSession { .. } => Step::CreateSession,
            _ => return None,
        })
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// The link the step travels on.
    fn link(self, l: &Links) -> bool {
        match self {
            Step::Required | Step::Command => l.s1_source,
            Step::Request | Step::Ack | Step::Notify | Step::PathSwitch | Step::PathSwitchAck => {
                l.s1_target
            }
            Step::FrReq
            | Step::FrResp
            | Step::FrComplete
            | Step::FrCompleteAck
            | Step::CreateSession => l.gtp,
            Step::X2Request | Step::X2Ack | Step::X2Release => l.x2,
        }
    }

    /// Name in sentences.
    pub fn name(self) -> &'static str {
        match self {
            Step::Required => "HandoverRequired",
            Step::FrReq => "ForwardRelocationRequest",
            Step::Request => "HandoverRequest",
            Step::Ack => "HandoverRequestAcknowledge",
            Step::FrResp => "ForwardRelocationResponse",
            Step::Command => "HandoverCommand",
            Step::Notify => "HandoverNotify",
            Step::FrComplete => "ForwardRelocationComplete",
            Step::FrCompleteAck => "ForwardRelocationCompleteAcknowledge",
            Step::X2Request => "X2 HandoverRequest",
            Step::X2Ack => "X2 HandoverRequestAcknowledge",
            Step::PathSwitch => "PathSwitchRequest",
            Step::PathSwitchAck => "PathSwitchRequestAcknowledge",
            Step::X2Release => "X2 UEContextRelease",
            Step::CreateSession => "CreateSessionRequest",
        }
    }
}

/// The order table of a handover kind.
pub fn table_of(kind: ProcKind) -> &'static [Step] {
    match kind {
        ProcKind::S1IntraMme => S1_INTRA,
        ProcKind::S1InterMme => S1_INTER,
        ProcKind::UtranToEutran => UTRAN_TO_EUTRAN,
        ProcKind::EutranToUtran => EUTRAN_TO_UTRAN,
        ProcKind::X2Legacy | ProcKind::X2Makr => X2,
    }
}

/// Intra-MME S1: Required -> Request -> Acknowledge -> Command -> Notify.
pub const S1_INTRA: &[Step] = &[
    Step::Required,
    Step::Request,
    Step::Ack,
    Step::Command,
    Step::Notify,
];
/// Inter-MME S1 over S10.
pub const S1_INTER: &[Step] = &[
    Step::Required,
    Step::FrReq,
    Step::Request,
    Step::Ack,
    Step::FrResp,
    Step::Command,
    Step::Notify,
    Step::FrComplete,
    Step::FrCompleteAck,
];
/// UTRAN -> E-UTRAN (SGSN -> MME).
pub const UTRAN_TO_EUTRAN: &[Step] = &[
    Step::FrReq,
    Step::Request,
    Step::Ack,
    Step::FrResp,
    Step::Notify,
    Step::FrComplete,
];
/// E-UTRAN -> UTRAN (MME -> SGSN).
pub const EUTRAN_TO_UTRAN: &[Step] = &[Step::Required, Step::FrReq, Step::FrResp, Step::Command];
/// X2 (the path switch included); UEContextRelease after the Acknowledge.
pub const X2: &[Step] = &[
    Step::X2Request,
    Step::X2Ack,
    Step::PathSwitch,
    Step::PathSwitchAck,
];

/// How a procedure ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Still running.
    Open,
    /// Its last step came.
    Complete,
    /// Cancelled by one side (CANCELLED): HandoverCancel, X2 HandoverCancel, Relocation Cancel
    /// Request.
    Cancelled,
    /// Failed: the network refused or could not complete it (CANCELLED as well):
    /// HandoverPreparationFailure, HandoverFailure, a refusing ForwardRelocationResponse, X2
    /// HandoverPreparationFailure, PathSwitchRequestFailure.
    Failed,
}

/// One handover of a UE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ho {
    /// Its kind (S1 intra becomes inter when a Forward Relocation Request joins it).
    pub kind: ProcKind,
    /// Steps seen (bit per [`Step`]).
    pub seen: u32,
    /// Steps with their frames, in arrival order.
    pub steps: Vec<(Step, u64)>,
    /// How it ended.
    pub end: End,
    /// Frame of the message that cancelled or failed it ([`end_by`]).
    pub ended_at: Option<u64>,
    /// The MME relocated the S-GW (S1 intra-MME).
    pub sgw_relocation: bool,
    /// Steps already reported missing (so each is reported once).
    reported: u32,
    /// Frame of the message that opened it: what a finding about it names when none of its
    /// steps was seen (a message that opens a procedure whose table lacks it).
    pub opened: u64,
}

impl Ho {
    /// A procedure of `kind` with no step yet (a missing beginning is INCOMPLETE when the first
    /// step seen is also the capture's first sight of the UE: see [`Known::first_sight`]).
    pub fn new(kind: ProcKind) -> Ho {
        Ho {
            kind,
            seen: 0,
            steps: Vec::new(),
            end: End::Open,
            ended_at: None,
            sgw_relocation: false,
            reported: 0,
            opened: 0,
        }
    }

    /// Whether `s` was seen.
    pub fn has(&self, s: Step) -> bool {
        self.seen & s.bit() != 0
    }

    /// Frames of the procedure so far.
    pub fn frames(&self) -> Vec<u64> {
        self.steps.iter().map(|s| s.1).collect()
    }

    /// The order table of its kind.
    pub fn table(&self) -> &'static [Step] {
        table_of(self.kind)
    }

    fn order_rule(&self) -> Rule {
        if self.kind == ProcKind::X2Makr {
            Rule::MakrOrder
        } else {
            Rule::HoOrder
        }
    }

    fn finding(&self, rule: Rule, frames: &[u64], text: String) -> Finding {
        Finding::new(rule, frames, text).in_proc(self.kind)
    }
}

/// The shared order check: `step` against the procedure's table.
fn advance(ho: &mut Ho, step: Step, frame: u64, k: &Known) -> Findings {
    let mut out = Findings::new();
    let table = ho.table();
    let Some(i) = table.iter().position(|s| *s == step) else {
        return out;
    };
    if ho.has(step) {
        // A repeat (retransmission) of a step already counted.
        return out;
    }
    if ho.end != End::Open {
        out.push(ho.finding(
            ho.order_rule(),
            &[frame],
            format!(
                "{} after the {} handover had ended",
                step.name(),
                ho.kind.name()
            ),
        ));
        return out;
    }
    if let Some(later) = table[i + 1..].iter().find(|s| ho.has(**s)) {
        let at = ho.steps.iter().find(|s| s.0 == *later).map_or(0, |s| s.1);
        out.push(ho.finding(
            ho.order_rule(),
            &[at, frame],
            format!("{} came after {}", step.name(), later.name()),
        ));
    } else {
        let missing: Vec<Step> = table[..i]
            .iter()
            .copied()
            .filter(|m| !ho.has(*m) && ho.reported & m.bit() == 0)
            .collect();
        for m in &missing {
            ho.reported |= m.bit();
        }
        if !missing.is_empty() && missing[0] == table[0] && k.first_sight && ho.steps.is_empty() {
            out.push(ho.finding(
                Rule::Incomplete,
                &[frame],
                format!(
                    "the {} handover began before the capture: first seen at its {}",
                    ho.kind.name(),
                    step.name()
                ),
            ));
        } else {
            let mut unseen = Vec::new();
            for m in &missing {
                if m.link(&k.links) {
                    unseen.push(m.name());
                } else {
                    out.push(ho.finding(
                        Rule::NotObserved,
                        &[frame],
                        format!(
                            "{} not seen: the capture shows no packet of its link",
                            m.name()
                        ),
                    ));
                }
            }
            if !unseen.is_empty() {
                out.push(ho.finding(
                    ho.order_rule(),
                    &ho_frames_with(ho, frame),
                    format!(
                        "{} without the {} before it",
                        step.name(),
                        unseen.join(", ")
                    ),
                ));
            }
        }
    }
    ho.seen |= step.bit();
    ho.steps.push((step, frame));
    if table.last() == Some(&step) {
        ho.end = End::Complete;
    }
    out
}

fn ho_frames_with(ho: &Ho, frame: u64) -> Vec<u64> {
    let mut f = ho.frames();
    f.push(frame);
    f
}

/// How a message ends a running handover of its plane, where it does: the one table of it,
/// for validate's machines and for `keyhop export`'s `ue_event`, which `--merge` reads back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    /// It ends an X2 handover; else an S1 or inter-RAT one.
    pub x2: bool,
    /// [`End::Cancelled`] (one side cancels) or [`End::Failed`] (the network refuses or fails).
    pub end: End,
}

impl Ending {
    /// Every ending, with its name.
    const NAMES: [(Ending, &'static str); 4] = [
        (Ending::new(false, End::Cancelled), "cancel"),
        (Ending::new(false, End::Failed), "fail"),
        (Ending::new(true, End::Cancelled), "x2-cancel"),
        (Ending::new(true, End::Failed), "x2-fail"),
    ];

    const fn new(x2: bool, end: End) -> Ending {
        Ending { x2, end }
    }

    /// The ending a message of kind `kind` is, if any.
    pub fn of(kind: &Kind) -> Option<Ending> {
        let (x2, end) = match kind {
            Kind::HoCancel { .. } | Kind::RelocCancel { .. } => (false, End::Cancelled),
            Kind::HoPreparationFailure { .. }
            | Kind::HoFailure { .. }
            | Kind::FwdRelocResp {
                accepted: false, ..
            } => (false, End::Failed),
            Kind::X2HoCancel { .. } => (true, End::Cancelled),
            Kind::X2HoPreparationFailure { .. } | Kind::PathSwitchFailure { .. } => {
                (true, End::Failed)
            }
            _ => return None,
        };
        Some(Ending { x2, end })
    }

    /// Its name as a `ue_event`: `cancel`, `fail`, `x2-cancel`, `x2-fail`.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(e, _)| *e == self)
            .map_or("", |(_, n)| n)
    }

    /// The ending [`Ending::name`] names.
    pub fn from_name(name: &str) -> Option<Ending> {
        Self::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(e, _)| *e)
    }
}

/// Ends the handover with `ev` where it is an ending of the handover's plane (`x2`): a
/// CANCELLED finding, cancelled or failed ([`Ending`]).
fn ending(ho: &mut Ho, ev: &Event, x2: bool) -> Option<Findings> {
    let e = Ending::of(&ev.kind).filter(|e| e.x2 == x2)?;
    let what = match &ev.kind {
        Kind::FwdRelocResp { .. } => "a ForwardRelocationResponse refusing it",
        kind => kind.name(),
    };
    Some(end_by(ho, e.end, ev.frame, what))
}

/// Ends a procedure on a cancellation ([`End::Cancelled`]) or failure ([`End::Failed`])
/// message, a CANCELLED finding either way; `what` names it.
pub fn end_by(ho: &mut Ho, end: End, frame: u64, what: &str) -> Findings {
    if ho.end != End::Open {
        return Findings::new();
    }
    ho.end = end;
    ho.ended_at = Some(frame);
    vec![ho.finding(
        Rule::Cancelled,
        &ho_frames_with(ho, frame),
        format!("the {} handover ended with {what}", ho.kind.name()),
    )]
}

/// S1 handover, intra-MME (with S-GW relocation) or inter-MME.
pub fn s1_handover(ho: &mut Ho, ev: &Event, k: &Known) -> Findings {
    if let Some(f) = ending(ho, ev, false) {
        return f;
    }
    match &ev.kind {
        Kind::FwdRelocReq { .. } if ho.kind == ProcKind::S1IntraMme => {
            // Only the S10 leg tells an inter-MME handover from an intra-MME one.
            if ho.has(Step::Request) {
                return vec![ho.finding(
                    Rule::HoOrder,
                    &ho_frames_with(ho, ev.frame),
                    "ForwardRelocationRequest after the HandoverRequest".into(),
                )];
            }
            ho.kind = ProcKind::S1InterMme;
        }
        Kind::CreateSession { carries_keys, .. } => {
            let mut out = Findings::new();
            ho.sgw_relocation = true;
            if *carries_keys {
                out.push(ho.finding(
                    Rule::HoSecctx,
                    &[ev.frame],
                    "a Create Session Request to the S-GW carries an MM Context: no key belongs in the S-GW".into(),
                ));
            }
            if ho.has(Step::Request) {
                out.push(ho.finding(
                    Rule::HoOrder,
                    &ho_frames_with(ho, ev.frame),
                    "S-GW relocation: Create Session Request after the HandoverRequest".into(),
                ));
            }
            return out;
        }
        _ => {}
    }
    match Step::of(&ev.kind) {
        Some(s) => advance(ho, s, ev.frame, k),
        None => Findings::new(),
    }
}

/// UTRAN <-> E-UTRAN handover (the kind says which way).
pub fn irat_handover(ho: &mut Ho, ev: &Event, k: &Known) -> Findings {
    if let Some(f) = ending(ho, ev, false) {
        return f;
    }
    match &ev.kind {
        // The SGSN may acknowledge the completion: not part of the checked order.
        Kind::FwdRelocCompleteAck { .. } => Findings::new(),
        kind => match Step::of(kind) {
            Some(s) => advance(ho, s, ev.frame, k),
            None => Findings::new(),
        },
    }
}

/// X2 handover with or without key refresh (kind X2Makr reports order as MAKR-ORDER).
pub fn x2_handover(ho: &mut Ho, ev: &Event, k: &Known) -> Findings {
    if let Some(f) = ending(ho, ev, true) {
        return f;
    }
    match &ev.kind {
        Kind::X2UeContextRelease { .. } => {
            let mut out = Findings::new();
            if !ho.has(Step::X2Ack) && ho.end == End::Open {
                out.push(ho.finding(
                    ho.order_rule(),
                    &ho_frames_with(ho, ev.frame),
                    "X2 UEContextRelease before the HandoverRequestAcknowledge".into(),
                ));
            }
            ho.seen |= Step::X2Release.bit();
            ho.steps.push((Step::X2Release, ev.frame));
            out
        }
        kind => match Step::of(kind) {
            Some(s) => advance(ho, s, ev.frame, k),
            None => Findings::new(),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// HO-SECCTX

/// Who is at each end of a Forward Relocation Request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ends {
    /// The sender is an MME.
    pub from_mme: bool,
    /// The receiver is an MME.
    pub to_mme: bool,
}

/// HO-SECCTX on a Forward Relocation Request: the MM Context carries what the target needs.
pub fn relocation_context(ev: &Event, ends: Ends) -> Findings {
    let Kind::FwdRelocReq { mm, .. } = &ev.kind else {
        return Findings::new();
    };
    if !ends.from_mme && !ends.to_mme {
        return Findings::new(); // SGSN to SGSN: out of scope
    }
    let f = |t: String| vec![Finding::new(Rule::HoSecctx, &[ev.frame], t)];
    let between_mmes = ends.from_mme && ends.to_mme;
    let Some(mm) = mm else {
        return f("Forward Relocation Request without an MM Context".into());
    };
    if between_mmes {
        match (mm.form, &mm.kasme, &mm.nh) {
            (MmForm::Eps, Some(_), Some(_)) => Findings::new(),
            (MmForm::Eps, Some(_), None) => f("MM Context between MMEs without NH and NCC".into()),
            _ => f("MM Context between MMEs without an EPS security context (KASME)".into()),
        }
    } else {
        match (mm.form, &mm.ck, &mm.ik) {
            (MmForm::Gsm, _, _) => {
                f("MM Context between an MME and an SGSN with GSM keys only".into())
            }
            (_, Some(_), Some(_)) => Findings::new(),
            _ => f("MM Context between an MME and an SGSN without CK and IK".into()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The AS key chain

/// What the rules know about a UE's AS security context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AsKeys {
    /// The AS context began in the capture (SecurityKey or UTRAN -> E-UTRAN).
    pub active: bool,
    /// NCC last sent in this context (`None`: none yet).
    pub last_ncc: Option<u8>,
    /// NH last sent with it.
    pub last_nh: Option<Key32>,
    /// The chain's current position: the last NH, or the initial KeNB before any.
    pub sync: Option<Key32>,
    /// KeNB the serving eNB uses, when known.
    pub kenb: Option<Key32>,
    /// An NH the serving eNB received and has not used (this and the other rare states are
    /// boxed: every UE with an AS context holds one of these, so its size is per UE).
    pub unused_nh: Option<Box<Key32>>,
    /// NCC and NH of the MM Context that carried the UE (target MME side), with its frame.
    pub mm_nh: Option<Box<(u8, Key32, u64)>>,
    /// NH sent to an S1 target (its KeNB follows when the target cell is known).
    pending_s1: Option<Key32>,
    /// A legacy X2 KeNB* waiting for the target cell.
    pending_star: Option<Box<PendingStar>>,
    /// UE security capabilities of the MM Context, with its frame.
    pub caps_ref: Option<(Caps, u64)>,
    /// K'ASME derived at UTRAN -> E-UTRAN, for the NH chain after it.
    pub derived_kasme: Option<Box<Key32>>,
    /// Frame of the last NCC sent.
    last_frame: u64,
}

fn k256(k: &Key32) -> Key256 {
    Key256::new(*k.expose())
}

fn fp<K: AsRef<[u8]> + ?Sized>(k: &K) -> String {
    keyhop_codec::KeyMaterial::borrowed(k.as_ref()).shown()
}

/// The NCC/NH/KeNB* rules, HO-MAPPED and HO-CAPS, per UE.
pub fn as_keys(st: &mut AsKeys, ev: &Event, k: &Known) -> Findings {
    let mut out = Findings::new();
    let kasme = k
        .kasme
        .clone()
        .or_else(|| st.derived_kasme.as_deref().cloned());
    match &ev.kind {
        Kind::InitialContextSetup { key, caps, .. }
        | Kind::UeContextModification {
            key: Some(key),
            caps,
            ..
        } => {
            start(st, key.clone(), ev.frame);
            check_caps(st, caps, ev, &mut out);
        }
        Kind::UeContextModification { caps, .. } => check_caps(st, caps, ev, &mut out),
        Kind::FwdRelocReq { mm: Some(mm), .. } => {
            if let Some(c) = mm.caps {
                st.caps_ref = Some((c, ev.frame));
            }
            if let (MmForm::Eps, Some(nh)) = (mm.form, &mm.nh) {
                st.mm_nh = Some(Box::new((mm.ncc, nh.clone(), ev.frame)));
            }
            if let (MmForm::Umts, Some(ck), Some(ik)) = (mm.form, &mm.ck, &mm.ik) {
                mapped_out(st, ck, ik, ev, k, kasme, &mut out);
            }
        }
        Kind::HoRequest {
            ho_type: HoType::UtranToLte,
            ncc,
            nh,
            nonce_mme,
            caps,
            ..
        } => {
            check_caps(st, caps, ev, &mut out);
            if *ncc != 0 {
                out.push(Finding::new(
                    Rule::HoNcc,
                    &[ev.frame],
                    format!("handover from UTRAN starts an AS context with NCC {ncc}, not 0"),
                ));
            }
            start(st, nh.clone(), ev.frame);
            match (&k.umts, nonce_mme) {
                (Some((ck, ik)), Some(nonce)) => {
                    let kp = kdf::kasme_prime_handover(
                        &Key128::new(*ck.expose()),
                        &Key128::new(*ik.expose()),
                        *nonce,
                    );
                    let want = kdf::kenb(&kp, u32::MAX);
                    st.derived_kasme = Some(Box::new(Key32::new(*kp.expose())));
                    if !ct_eq(want.expose(), nh.as_slice()) {
                        out.push(Finding::new(
                            Rule::HoMapped,
                            &[ev.frame],
                            format!(
                                "KeNB {} sent at UTRAN to E-UTRAN handover is not KDF(K'ASME, 2^32-1) from CK, IK and NONCE_MME ({})",
                                fp(nh),
                                fp(want.expose())
                            ),
                        ));
                    }
                }
                (None, _) => out.push(Finding::no_keys(
                    Rule::HoMapped,
                    &[ev.frame],
                    "CK and IK of the UE unknown: the KeNB of the UTRAN to E-UTRAN handover was not checked",
                )),
                (Some(_), None) => out.push(Finding::no_keys(
                    Rule::HoMapped,
                    &[ev.frame],
                    "no NONCE_MME in the HandoverRequest: the KeNB of the UTRAN to E-UTRAN handover was not checked",
                )),
            }
        }
        Kind::HoRequest { ncc, nh, caps, .. } => {
            check_caps(st, caps, ev, &mut out);
            if let Some((mncc, mnh, mframe)) = st.mm_nh.take().map(|b| *b) {
                if mncc != *ncc || mnh != *nh {
                    out.push(Finding::new(
                        Rule::HoNh,
                        &[mframe, ev.frame],
                        format!(
                            "HandoverRequest sends NCC {ncc} NH {} but the MM Context carried NCC {mncc} NH {}",
                            fp(nh),
                            fp(&mnh)
                        ),
                    ));
                }
            }
            ncc_sent(st, *ncc, nh, ev, kasme, &mut out);
            st.pending_s1 = Some(nh.clone());
        }
        Kind::HoRequestAck { target_cell, .. } => {
            // The target's KeNB is KeNB*(NH, its PCI, its EARFCN) when both are seen.
            if let (
                Some(nh),
                Some(RrcTarget {
                    pci,
                    dl_earfcn: Some(e),
                }),
            ) = (st.pending_s1.take(), target_cell)
            {
                st.kenb = kdf::kenb_star(&k256(&nh), *pci, *e, EarfcnEncoding::ByValue)
                    .ok()
                    .map(|x| Key32::new(*x.expose()));
            } else {
                st.kenb = None;
            }
            st.unused_nh = None;
        }
        Kind::PathSwitch { caps, .. } => check_caps(st, caps, ev, &mut out),
        Kind::PathSwitchAck { ncc, nh, .. } => {
            ncc_sent(st, *ncc, nh, ev, kasme, &mut out);
            st.unused_nh = Some(Box::new(nh.clone()));
        }
        Kind::X2HoRequest {
            kenb_star,
            ncc,
            caps,
            wrapped,
            source_earfcn,
            ..
        } => {
            check_caps(st, caps, ev, &mut out);
            if wrapped.is_some() {
                // Key refresh: NCC 0 and a zero KeNB* by design (MAKR-PLAINTEXT checks it).
                st.pending_star = None;
            } else {
                out.push(Finding::new(
                    Rule::HoNoFs,
                    &[ev.frame],
                    "legacy X2 handover: the source eNB knows the target's KeNB (no forward secrecy for this hop)",
                ).in_proc(ProcKind::X2Legacy));
                if st.active || st.last_ncc.is_some() {
                    let want = st.last_ncc.unwrap_or(0);
                    if *ncc != want {
                        out.push(Finding::new(
                            Rule::HoNcc,
                            &[st.last_frame, ev.frame],
                            format!(
                                "X2 HandoverRequest sends NCC {ncc}, the MME last sent NCC {want}"
                            ),
                        ));
                    }
                }
                st.pending_star = Some(Box::new(PendingStar {
                    star: kenb_star.clone(),
                    key: st.unused_nh.as_deref().cloned().or_else(|| st.kenb.clone()),
                    source_earfcn: *source_earfcn,
                    frame: ev.frame,
                    setup: k.setup_cell,
                }));
            }
        }
        Kind::X2HoRequestAck { target_cell, .. } => {
            if let Some(p) = st.pending_star.take() {
                kenb_star_check(&p, *target_cell, ev.frame, &mut out);
                st.kenb = Some(p.star);
            } else {
                // A key-refresh handover: the target's KeNB is the unwrapped one (unknown here).
                st.kenb = None;
            }
            st.unused_nh = None;
        }
        _ => {}
    }
    out
}

/// HO-KENBSTAR: the KeNB* of a legacy X2 handover is KDF(K, target PCI, target EARFCN-DL)
/// (TS 33.401 A.5). The target cell is the RRC HandoverCommand's (its EARFCN, when absent, the
/// source cell's). What that leaves unknown, the cell an X2 Setup served under the request's
/// ECGI gives; the finding then names the X2 Setup's frame too.
fn kenb_star_check(p: &PendingStar, rrc: Option<RrcTarget>, ack: u64, out: &mut Findings) {
    let (cell, setup_frame) = match (rrc, p.setup) {
        (Some(t), setup) => match (t.dl_earfcn.or(p.source_earfcn), setup) {
            (Some(e), _) => (Some((t.pci, Some(e))), None),
            (None, Some(c)) => (Some((t.pci, Some(c.dl_earfcn))), Some(c.frame)),
            (None, None) => (Some((t.pci, None)), None),
        },
        (None, Some(c)) => (Some((c.pci, Some(c.dl_earfcn))), Some(c.frame)),
        (None, None) => (None, None),
    };
    let mut frames: Vec<u64> = setup_frame.into_iter().collect();
    frames.extend([p.frame, ack]);
    let Some(key) = &p.key else {
        out.push(Finding::no_keys(
            Rule::HoKenbstar,
            &frames,
            "neither an unused NH nor the KeNB of the source eNB is known: KeNB* not checked",
        ));
        return;
    };
    let Some((pci, earfcn)) = cell else {
        out.push(Finding::no_keys(
            Rule::HoKenbstar,
            &frames,
            "the target cell was neither readable in the RRC HandoverCommand nor served in an X2 Setup seen: KeNB* not checked",
        ));
        return;
    };
    let Some(e) = earfcn else {
        out.push(Finding::no_keys(
            Rule::HoKenbstar,
            &frames,
            "intra-frequency handover, the source cell's EARFCN unknown and no X2 Setup of the target cell seen: KeNB* not checked",
        ));
        return;
    };
    let Ok(want) = kdf::kenb_star(&k256(key), pci, e, EarfcnEncoding::ByValue) else {
        return;
    };
    if !ct_eq(want.expose(), p.star.as_slice()) {
        let whence = match setup_frame {
            Some(f) => format!(" (target cell from the X2 Setup of frame {f})"),
            None => String::new(),
        };
        out.push(Finding::new(
            Rule::HoKenbstar,
            &frames,
            format!(
                "key-eNodeB-star {} is not KDF(K, PCI {pci}, EARFCN {e}) = {}{whence}",
                fp(&p.star),
                fp(want.expose())
            ),
        ));
    }
}

/// A new AS context at `frame`: its NCC is 0 from there (the frame an X2 NCC check names
/// while the MME has sent none).
fn start(st: &mut AsKeys, kenb: Key32, frame: u64) {
    let caps_ref = st.caps_ref;
    let derived = st.derived_kasme.take();
    *st = AsKeys {
        active: true,
        sync: Some(kenb.clone()),
        kenb: Some(kenb),
        caps_ref,
        derived_kasme: derived,
        last_frame: frame,
        ..AsKeys::default()
    };
}

fn check_caps(st: &AsKeys, caps: &Option<Caps>, ev: &Event, out: &mut Findings) {
    if let (Some(c), Some((r, frame))) = (caps, st.caps_ref) {
        if *c != r {
            out.push(Finding::new(
                Rule::HoCaps,
                &[frame, ev.frame],
                format!("{} says {c}, the MM Context says {r}", ev.kind.name()),
            ));
        }
    }
}

/// HO-NCC and the chain part of HO-NH for an NCC the MME sends.
fn ncc_sent(
    st: &mut AsKeys,
    ncc: u8,
    nh: &Key32,
    ev: &Event,
    kasme: Option<Key32>,
    out: &mut Findings,
) {
    let steps = match st.last_ncc {
        None if st.active => {
            if ncc != 1 && ncc != 2 {
                out.push(Finding::new(
                    Rule::HoNcc,
                    &[ev.frame],
                    format!("first NCC of the AS context is {ncc}, not 1 or 2"),
                ));
            }
            Some(ncc as u32)
        }
        None => None,
        Some(last) if last == ncc => {
            if st.last_nh.as_ref().is_some_and(|l| l != nh) {
                out.push(Finding::new(
                    Rule::HoNcc,
                    &[st.last_frame, ev.frame],
                    format!("NCC {ncc} repeated with a different NH"),
                ));
            }
            Some(0)
        }
        Some(last) => {
            let d = (ncc + 8 - last) % 8;
            if d != 1 {
                out.push(Finding::new(
                    Rule::HoNcc,
                    &[st.last_frame, ev.frame],
                    format!("NCC {ncc} after {last}: not one ahead"),
                ));
            }
            Some(d as u32)
        }
    };
    // HO-NH, chain part.
    match (&kasme, &st.sync, steps) {
        (None, _, _) => out.push(Finding::no_keys(
            Rule::HoNh,
            &[ev.frame],
            format!("KASME unknown: NH of NCC {ncc} not checked against TS 33.401 A.4"),
        )),
        (Some(_), _, Some(0)) => {}
        (Some(ka), Some(sync), Some(n)) if n <= 8 => {
            let want = kdf::nh_chain(&k256(ka), &k256(sync), n);
            if !ct_eq(want.expose(), nh.as_slice()) {
                out.push(Finding::new(
                    Rule::HoNh,
                    &[ev.frame],
                    format!(
                        "NH {} sent with NCC {ncc} is not the A.4 chain's {}",
                        fp(nh),
                        fp(want.expose())
                    ),
                ));
            }
        }
        (Some(_), _, _) => out.push(Finding::no_keys(
            Rule::HoNh,
            &[ev.frame],
            format!(
                "the start of the AS context is not in the capture: NH of NCC {ncc} not checked"
            ),
        )),
    }
    st.last_ncc = Some(ncc);
    st.last_nh = Some(nh.clone());
    st.sync = Some(nh.clone());
    st.last_frame = ev.frame;
}

/// HO-MAPPED for CK' and IK' an MME sends to an SGSN (A.8).
fn mapped_out(
    _st: &AsKeys,
    ck: &Key16,
    ik: &Key16,
    ev: &Event,
    k: &Known,
    kasme: Option<Key32>,
    out: &mut Findings,
) {
    if !k.to_sgsn {
        return; // SGSN -> MME: the CK, IK are the UMTS ones, nothing derived
    }
    match (kasme, k.nas_dl_count) {
        (Some(ka), Some(count)) => {
            // The COUNT of the last downlink NAS message or of the next one: both readings of
            // "the current NAS downlink COUNT" are accepted.
            let ok = [count, count.wrapping_sub(1)].iter().any(|c| {
                let (c2, i2) = kdf::ck_ik_prime_handover(&k256(&ka), *c);
                ct_eq(c2.expose(), ck.as_slice()) && ct_eq(i2.expose(), ik.as_slice())
            });
            if !ok {
                out.push(Finding::new(
                    Rule::HoMapped,
                    &[ev.frame],
                    format!(
                        "CK' {} / IK' {} sent to the SGSN are not KDF(KASME, 0x16, NAS downlink COUNT {count})",
                        fp(&ck),
                        fp(&ik)
                    ),
                ));
            }
        }
        _ => out.push(Finding::no_keys(
            Rule::HoMapped,
            &[ev.frame],
            "KASME or the NAS downlink COUNT unknown: CK' and IK' not checked",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// MME-assisted key refresh

/// The latest NeighbourKeyResponse of a UE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Its frame.
    pub frame: u64,
    /// MME-UE-S1AP-ID it names.
    pub mme: u32,
    /// refreshCounter.
    pub refresh: u16,
    /// KDF.
    pub kdf: KdfAlgorithm,
    /// The items.
    pub items: Vec<Wrapped>,
}

/// A key-refresh X2 handover in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MakrHo {
    /// refreshCounter used.
    pub refresh: u16,
    /// Target eNB (ident).
    pub target: [u8; 8],
    /// Frame of step 7.
    pub frame: u64,
    /// Step 8 seen.
    pub acked: bool,
}

/// Per-UE key refresh state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MakrUe {
    /// Frame of a NeighbourKeyRequest not yet answered.
    pub requested: Option<u64>,
    /// The latest response.
    pub response: Option<Response>,
    /// H_key deliveries seen: (refreshCounter, frame).
    pub deliveries: Vec<(u16, u64)>,
    /// Frame of a ciphered downlink NAS message that could not be read.
    pub undeciphered: Option<u64>,
    /// (refreshCounter, target ident) of completed handovers, with the frame.
    pub used: Vec<(u16, [u8; 8], u64)>,
    /// refreshCounters of the responses seen.
    pub counters: Vec<u16>,
    /// A handover completed since the latest response.
    pub completed_since_response: bool,
    /// The handover in progress.
    pub ho: Option<MakrHo>,
    /// A path switch of a key-refresh handover completed: step 12 may come now.
    pub path_switched: bool,
}

/// Bound of the per-UE lists (older entries are forgotten).
const MAKR_LIST_CAP: usize = 64;

fn push_capped<T>(v: &mut Vec<T>, x: T) {
    if v.len() >= MAKR_LIST_CAP {
        v.remove(0);
    }
    v.push(x);
}

/// Who made a wrapped key: (target ident, MME-UE-S1AP-ID, refreshCounter).
pub type WrapContext = ([u8; 8], u32, u16);

/// Key refresh state shared by all UEs: which algorithm each KEK was used with, and which
/// context each wrapped key was made for (bounded).
#[derive(Debug, Clone, Default)]
pub struct MakrGlobal {
    /// (eNB ident, keyId) -> wrap algorithm and the frame of first use.
    pub kek_alg: std::collections::HashMap<([u8; 8], u8), (WrapAlgorithm, u64)>,
    /// Hash of wrapped octets -> context and frame.
    pub made_for: std::collections::HashMap<u64, (WrapContext, u64)>,
    order: std::collections::VecDeque<u64>,
    /// Insertion order of `kek_alg` (the oldest is forgotten past [`KEK_ALG_CAP`]).
    kek_order: std::collections::VecDeque<([u8; 8], u8)>,
}

/// Bound of the KEK algorithm memory: one entry per target eNB and keyId, which a capture can
/// make as many of as it likes.
pub const KEK_ALG_CAP: usize = 1 << 16;

/// Bound of the wrapped-key memory.
pub const MADE_FOR_CAP: usize = 1 << 16;

impl MakrGlobal {
    fn remember_kek(&mut self, target: [u8; 8], key_id: u8, alg: WrapAlgorithm, frame: u64) {
        if self.kek_order.len() >= KEK_ALG_CAP {
            if let Some(old) = self.kek_order.pop_front() {
                self.kek_alg.remove(&old);
            }
        }
        self.kek_order.push_back((target, key_id));
        self.kek_alg.insert((target, key_id), (alg, frame));
    }

    fn remember(&mut self, h: u64, ctx: WrapContext, frame: u64) {
        if self.made_for.contains_key(&h) {
            return;
        }
        if self.order.len() >= MADE_FOR_CAP {
            if let Some(old) = self.order.pop_front() {
                self.made_for.remove(&old);
            }
        }
        self.order.push_back(h);
        self.made_for.insert(h, (ctx, frame));
    }
}

fn ident_text(i: &[u8; 8]) -> String {
    EnbIdentity::from_ident(i)
        .map(|e| {
            keyhop_codec::text::enb_id(
                &keyhop_codec::text::plmn_or_hex(&e.plmn),
                e.kind.name(),
                e.enb_id,
            )
        })
        .unwrap_or_else(|_| hex::encode(i))
}

/// What checking one wrapped item left unchecked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ItemCheck {
    /// The KEK was unknown (not unwrapped).
    no_kek: bool,
    /// Unwrapped, but H_key unknown (KDF not checked).
    no_h_key: bool,
}

/// The checks every wrapped item gets, wherever it travels: MAKR-WEAK, MAKR-KEK, MAKR-BINDING,
/// MAKR-UNWRAP, MAKR-KDF. What could not be checked is returned for the caller's NO-KEYS.
#[allow(clippy::too_many_arguments)]
fn check_item(
    g: &mut MakrGlobal,
    item: &Wrapped,
    ctx: WrapContext,
    kdf_alg: KdfAlgorithm,
    kek: Option<&SecretKey>,
    h_key: Option<&SecretKey>,
    frame: u64,
    out: &mut Findings,
) -> ItemCheck {
    let target = ctx.0;
    let h = super::extract::container_hash(&item.wrapped);
    // The X2 request forwards the item of the response: its algorithm was judged there.
    let forwarded = g.made_for.get(&h).is_some_and(|(made, _)| *made == ctx);
    if !item.alg.has_integrity() && !forwarded {
        out.push(Finding::new(
            Rule::MakrWeak,
            &[frame],
            format!(
                "KeNB for {} wrapped with {}: no integrity",
                ident_text(&target),
                item.alg.name()
            ),
        ));
    }
    match g.kek_alg.get(&(target, item.key_id)) {
        Some((a, f)) if *a != item.alg => out.push(Finding::new(
            Rule::MakrKek,
            &[*f, frame],
            format!(
                "KEK {} keyId {} used with {} after {}",
                ident_text(&target),
                item.key_id,
                item.alg.name(),
                a.name()
            ),
        )),
        Some(_) => {}
        None => g.remember_kek(target, item.key_id, item.alg, frame),
    }
    if let Some((made, f)) = g.made_for.get(&h) {
        if *made != ctx {
            out.push(Finding::new(
                Rule::MakrBinding,
                &[*f, frame],
                format!(
                    "wrapped key made for {} (MME-UE-S1AP-ID {}, refresh {}) presented for {} (MME-UE-S1AP-ID {}, refresh {})",
                    ident_text(&made.0),
                    made.1,
                    made.2,
                    ident_text(&ctx.0),
                    ctx.1,
                    ctx.2
                ),
            ));
            return ItemCheck::default();
        }
    } else {
        g.remember(h, ctx, frame);
    }
    let Some(kek) = kek else {
        return ItemCheck {
            no_kek: true,
            no_h_key: false,
        };
    };
    let binding = WrapBinding {
        target_ident: target,
        mme_ue_s1ap_id: ctx.1,
        refresh_counter: ctx.2,
    };
    let kenb = match unwrap_kenb(item.alg, kek.expose(), &item.wrapped, &binding) {
        Ok(k) => k,
        Err(e) => {
            out.push(Finding::new(
                Rule::MakrUnwrap,
                &[frame],
                format!(
                    "wrapped KeNB for {} keyId {} does not unwrap: {e}",
                    ident_text(&target),
                    item.key_id
                ),
            ));
            return ItemCheck::default();
        }
    };
    match h_key {
        None => {
            return ItemCheck {
                no_kek: false,
                no_h_key: true,
            }
        }
        Some(hk) => match derive_kenb(kdf_alg, hk.expose(), &target) {
            Ok(want) if want == kenb => {}
            Ok(want) => out.push(Finding::new(
                Rule::MakrKdf,
                &[frame],
                format!(
                    "unwrapped KeNB {} for {} is not KDF(H_key, target) = {}",
                    fp(kenb.expose()),
                    ident_text(&target),
                    fp(want.expose())
                ),
            )),
            Err(e) => out.push(Finding::new(
                Rule::MakrKdf,
                &[frame],
                format!(
                    "KeNB for {} cannot be derived from H_key: {e}",
                    ident_text(&target)
                ),
            )),
        },
    }
    ItemCheck::default()
}

/// The key-refresh rules of one UE (steps 3, 4, 5, 7, 8, path switch, 12, 13).
pub fn makr(st: &mut MakrUe, g: &mut MakrGlobal, ev: &Event, k: &Known) -> Findings {
    let mut out = Findings::new();
    let order = |frames: &[u64], t: String| {
        Finding::new(Rule::MakrOrder, frames, t).in_proc(ProcKind::X2Makr)
    };
    match &ev.kind {
        Kind::DownlinkNas { nas, .. } => {
            if let Nas::PlainHkey {
                header_type: header_type @ (0 | 1 | 3),
                refresh,
                ..
            } = nas
            {
                out.push(
                    Finding::new(
                        Rule::MakrHkeyPlain,
                        &[ev.frame],
                        format!(
                            "H_key delivery of refresh {refresh} sent with security header type {header_type} ({}): H_key is readable on the S1 link; section 6 requires type 2 (integrity protected and ciphered)",
                            if *header_type == 0 { "plain" } else { "integrity protected only" }
                        ),
                    )
                    .in_proc(ProcKind::X2Makr),
                );
            }
            match k.nas {
                NasOutcome::Delivery(r) => push_capped(&mut st.deliveries, (r, ev.frame)),
                NasOutcome::Undeciphered => st.undeciphered = Some(ev.frame),
                NasOutcome::Other => {}
            }
        }
        Kind::NeighbourKeyRequest { .. } => {
            if let Some(h) = &st.ho {
                out.push(order(
                    &[h.frame, ev.frame],
                    "NeighbourKeyRequest (12) before the path switch of the handover completed"
                        .into(),
                ));
            }
            st.requested = Some(ev.frame);
        }
        Kind::NeighbourKeyResponse {
            mme,
            refresh,
            kdf,
            items,
            ..
        } => {
            if st.requested.is_none() {
                if k.first_sight {
                    out.push(
                        Finding::new(
                            Rule::Incomplete,
                            &[ev.frame],
                            "NeighbourKeyResponse whose request came before the capture",
                        )
                        .in_proc(ProcKind::X2Makr),
                    );
                } else if !k.links.s1_source {
                    out.push(Finding::new(
                        Rule::NotObserved,
                        &[ev.frame],
                        "NeighbourKeyRequest not seen: the capture shows no packet of its link",
                    ));
                } else {
                    out.push(order(
                        &[ev.frame],
                        "NeighbourKeyResponse (4/13) without a NeighbourKeyRequest (3/12) before it"
                            .into(),
                    ));
                }
            }
            if st.completed_since_response && st.counters.contains(refresh) {
                out.push(Finding::new(
                    Rule::MakrFresh,
                    &[ev.frame],
                    format!(
                        "NeighbourKeyResponse after a completed handover reuses refreshCounter {refresh}"
                    ),
                ));
            }
            let mut no_kek = 0;
            for (i, item) in items.iter().enumerate() {
                let Some(t) = item.target else { continue };
                // H_key may arrive after the response (steps 4 and 5 in either order): the
                // KDF is checked here when it is known, and in any case on the X2 request.
                let c = check_item(
                    g,
                    item,
                    (t.ident(), *mme, *refresh),
                    *kdf,
                    k.keks.get(i).and_then(|x| x.as_ref()),
                    k.h_key.as_ref(),
                    ev.frame,
                    &mut out,
                );
                no_kek += usize::from(c.no_kek);
            }
            if no_kek > 0 {
                out.push(Finding::no_keys(
                    Rule::MakrUnwrap,
                    &[ev.frame],
                    format!(
                        "{no_kek} of {} wrapped KeNBs not unwrapped: MME-eNB key unknown",
                        items.len()
                    ),
                ));
            }
            if !st.counters.contains(refresh) {
                push_capped(&mut st.counters, *refresh);
            }
            st.response = Some(Response {
                frame: ev.frame,
                mme: *mme,
                refresh: *refresh,
                kdf: *kdf,
                items: items.clone(),
            });
            st.requested = None;
            st.completed_since_response = false;
            st.path_switched = false;
        }
        Kind::X2HoRequest {
            mme,
            target,
            kenb_star,
            wrapped: Some(w),
            ..
        } => {
            if kenb_star.iter().any(|b| *b != 0) {
                out.push(Finding::new(
                    Rule::MakrPlaintext,
                    &[ev.frame],
                    format!(
                        "X2 HandoverRequest with WrappedKeNB sends key-eNodeB-star {}, not zeros",
                        fp(kenb_star)
                    ),
                ));
            }
            let item_target = w.item.target.map(|t| t.ident());
            match &st.response {
                None => {
                    if k.first_sight {
                        out.push(
                            Finding::new(
                                Rule::Incomplete,
                                &[ev.frame],
                                "key-refresh handover whose NeighbourKeyResponse came before the capture",
                            )
                            .in_proc(ProcKind::X2Makr),
                        );
                    } else if !k.links.s1_source {
                        out.push(Finding::new(Rule::NotObserved, &[ev.frame], "NeighbourKeyResponse not seen: the capture shows no packet of the source eNB's S1 link"));
                    } else {
                        out.push(order(
                            &[ev.frame],
                            "X2 HandoverRequest with WrappedKeNB (7) without a NeighbourKeyResponse (4) before it".into(),
                        ));
                    }
                }
                Some(resp) => {
                    let answered = resp
                        .items
                        .iter()
                        .find(|i| i.target.is_some_and(|t| target.served_by(&t)));
                    match answered {
                        None => out.push(Finding::new(
                            Rule::MakrTarget,
                            &[resp.frame, ev.frame],
                            format!(
                                "handover target cell {}:{:07x} is not served by any eNB of the NeighbourKeyResponse",
                                keyhop_codec::text::plmn_or_hex(&target.plmn),
                                target.cell_id
                            ),
                        )),
                        Some(item) => {
                            let mut why = Vec::new();
                            if w.refresh != resp.refresh {
                                why.push(format!(
                                    "refreshCounter {} instead of {}",
                                    w.refresh, resp.refresh
                                ));
                            }
                            if w.item.wrapped != item.wrapped
                                || w.item.key_id != item.key_id
                                || w.item.alg != item.alg
                            {
                                why.push("wrapped key differs from the MME's item".into());
                            }
                            if item_target != item.target.map(|t| t.ident()) {
                                why.push("target-eNB is not the eNB of the TargetCell-ID".into());
                            }
                            if !why.is_empty() {
                                out.push(Finding::new(
                                    Rule::MakrMatch,
                                    &[resp.frame, ev.frame],
                                    format!("WrappedKeNB does not match the NeighbourKeyResponse: {}", why.join("; ")),
                                ));
                            }
                        }
                    }
                }
            }
            if let Some(t) = item_target {
                let c = check_item(
                    g,
                    &w.item,
                    (t, *mme, w.refresh),
                    w.kdf,
                    k.keks.first().and_then(|x| x.as_ref()),
                    k.h_key.as_ref(),
                    ev.frame,
                    &mut out,
                );
                if c.no_kek {
                    out.push(Finding::no_keys(
                        Rule::MakrUnwrap,
                        &[ev.frame],
                        format!(
                            "MME-eNB key of {} keyId {} unknown: WrappedKeNB not unwrapped",
                            ident_text(&t),
                            w.item.key_id
                        ),
                    ));
                }
                if c.no_h_key {
                    out.push(Finding::no_keys(
                        Rule::MakrKdf,
                        &[ev.frame],
                        format!(
                            "H_key of refresh {} unknown: unwrapped KeNB not checked",
                            w.refresh
                        ),
                    ));
                }
                st.ho = Some(MakrHo {
                    refresh: w.refresh,
                    target: t,
                    frame: ev.frame,
                    acked: false,
                });
            }
        }
        Kind::X2HoRequestAck { .. } => {
            if let Some(h) = &mut st.ho {
                h.acked = true;
                let delivered = st.deliveries.iter().any(|(r, _)| *r == h.refresh);
                if !delivered {
                    let frames = [h.frame, ev.frame];
                    if let Some(u) = st.undeciphered {
                        out.push(Finding::no_keys(
                            Rule::MakrOrder,
                            &[u, ev.frame],
                            format!(
                                "no H_key delivery of refresh {} read before the handover command: a ciphered NAS message could not be read",
                                h.refresh
                            ),
                        ));
                    } else if !k.links.s1_source {
                        out.push(Finding::new(Rule::NotObserved, &frames, "H_key delivery not seen: the capture shows no packet of the source eNB's S1 link"));
                    } else {
                        out.push(order(
                            &frames,
                            format!(
                                "HandoverRequestAcknowledge (8) before the H_key delivery (5) of refresh {}",
                                h.refresh
                            ),
                        ));
                    }
                }
            }
        }
        Kind::X2HoPreparationFailure { .. } | Kind::X2HoCancel { .. } => st.ho = None,
        Kind::PathSwitchAck { .. } => {
            if let Some(h) = st.ho.take() {
                if let Some((_, _, f)) = st
                    .used
                    .iter()
                    .find(|(r, t, _)| *r == h.refresh && *t == h.target)
                {
                    out.push(Finding::new(
                        Rule::MakrFresh,
                        &[*f, ev.frame],
                        format!(
                            "refreshCounter {} and target {} already used by a completed handover",
                            h.refresh,
                            ident_text(&h.target)
                        ),
                    ));
                }
                push_capped(&mut st.used, (h.refresh, h.target, ev.frame));
                st.completed_since_response = true;
                st.path_switched = true;
            }
        }
        _ => {}
    }
    out
}

/// MAKR-KEYDIST and the size rule of a KeyDistribution sent to `receiver` (the eNB known from
/// the association's S1 Setup, if any).
pub fn key_distribution(ev: &Event, receiver: Option<EnbIdentity>) -> Findings {
    let mut out = Findings::new();
    let Kind::KeyDistribution { items } = &ev.kind else {
        return out;
    };
    let owner = receiver.or_else(|| items.first().and_then(|i| i.enb));
    for (n, it) in items.iter().enumerate() {
        if it.key.len() != 16 && it.key.len() != 32 {
            out.push(Finding::new(
                Rule::Malformed,
                &[ev.frame],
                format!(
                    "KeyDistribution item {n}: mme-eNB-Key of {} octets (16 or 32 allowed)",
                    it.key.len()
                ),
            ));
        }
        if let (Some(o), Some(e)) = (owner, it.enb) {
            if o != e {
                out.push(Finding::new(
                    Rule::MakrKeydist,
                    &[ev.frame],
                    format!(
                        "KeyDistribution to {} carries a key of {} (item {n}, {})",
                        ident_text(&o.ident()),
                        ident_text(&e.ident()),
                        fp(it.key.expose())
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use zeroize::ZeroizeOnDrop;

    /// `Step::ALL` lists the steps once each, in declaration order, up to the last one
    /// (a step inserted in the enum but left out of the list fails here), and names read back.
    #[test]
    fn all_steps_in_order_and_named() {
        for (i, s) in Step::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
            assert_eq!(Step::from_name(s.name()), Some(*s));
        }
        assert_eq!(Step::ALL.len(), Step::CreateSession as usize + 1);
        assert_eq!(Step::from_name("Handover"), None);
    }

    /// Compiles only while `T` wipes itself on drop.
    fn wipes<T: ZeroizeOnDrop>(_: Option<&T>) {}

    /// Every key the rules keep between events, by field: a field turned back into a plain
    /// array or `Vec` stops this test from compiling.
    #[test]
    fn every_kept_key_wipes_on_drop() {
        fn known(k: &Known) {
            wipes(k.kasme.as_ref());
            if let Some((ck, ik)) = &k.umts {
                wipes(Some(ck));
                wipes(Some(ik));
            }
            k.keks.iter().for_each(|x| wipes(x.as_ref()));
            wipes(k.h_key.as_ref());
        }
        fn as_keys(a: &AsKeys) {
            wipes(a.last_nh.as_ref());
            wipes(a.sync.as_ref());
            wipes(a.kenb.as_ref());
            wipes(a.unused_nh.as_deref());
            wipes(a.mm_nh.as_deref().map(|(_, nh, _)| nh));
            wipes(a.pending_s1.as_ref());
            if let Some(p) = a.pending_star.as_deref() {
                wipes(Some(&p.star));
                wipes(p.key.as_ref());
            }
            wipes(a.derived_kasme.as_deref());
        }
        known(&Known::default());
        as_keys(&AsKeys::default());
    }

    /// The caller's lookups and the per-UE chain print fingerprints only.
    #[test]
    fn debug_never_prints_kept_keys() {
        let nh = [0x5au8; 32];
        let st = AsKeys {
            last_nh: Some(Key32::new(nh)),
            pending_star: Some(Box::new(PendingStar {
                star: Key32::new(nh),
                key: Some(Key32::new(nh)),
                source_earfcn: None,
                frame: 1,
                setup: None,
            })),
            ..AsKeys::default()
        };
        let k = Known {
            umts: Some((Key16::new([0x5a; 16]), Key16::new([0x5a; 16]))),
            keks: vec![Some(SecretKey::from_slice(&[0x5a; 16]))],
            ..Known::default()
        };
        let text = format!("{st:?} {k:?}");
        assert!(!text.contains("5a5a5a5a"), "{text}");
        assert!(!text.contains("90, 90, 90, 90"), "{text}");
        assert!(text.contains("Key256(fp:"), "{text}");
    }
}
