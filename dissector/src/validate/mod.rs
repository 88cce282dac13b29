//! `keyhop validate` and `keyhop ladder`: the rules of key-refresh.md section 7 over a capture.
//!
//! ```text
//! capture ─► frames ─► payloads ─► extract::relevant (prefilter, no decode)
//!   ─► extract::decode (S1AP/X2AP: only the IEs a rule reads) ─► Decoded
//!   ─► extract::extract ─► Event (owned, compact)
//!   Event ─► engine::Engine (correlation: which UE, which handover, which keys)
//!         ─► machine::{s1_handover, irat_handover, x2_handover, makr, as_keys, ...}
//!            (pure transition functions: (state, event, known) -> (state, findings))
//!         ─► Finding { rule, severity, ue, procedure, frames, text } ─► report (text / JSON)
//! ```
//!
//! The rule table is [`rules::Rule`]; key material comes from the dissector's key store
//! ([`crate::analysis::keystore::KeyStore`], shared with `keyhop read --keys`).

pub mod engine;
pub mod event;
pub mod extract;
pub mod ladder;
pub mod machine;
pub mod names;
pub mod report;
pub mod rules;
pub mod trace;

use crate::capture::{CaptureError, CaptureReader, EndOfCapture, Frame, Payload};
use crate::decoded::Decoded;
use crate::keys::KeysFile;
use engine::{Engine, Limits};
use event::{Event, Kind};
use keyhop_codec::DecodeError;
use rules::Rule;
use std::path::Path;

/// What a validation run produced.
pub struct Outcome {
    /// Frames read.
    pub frames: u64,
    /// Payloads seen.
    pub messages: u64,
    /// Events extracted.
    pub events: u64,
    /// Why the capture ended early, if it did.
    pub ended_early: Option<String>,
    /// Messages and datagrams the capture left unfinished at its end (SCTP messages in
    /// reassembly, IP datagrams missing fragments), each also a MALFORMED finding: the capture
    /// is damaged (exit status 1 by the shared convention).
    pub end_of_capture: usize,
    /// The engine, with its findings, counts and ladder.
    pub engine: EngineResult,
}

/// The engine's results, detached from the key store.
pub struct EngineResult {
    /// Findings (bounded).
    pub findings: Vec<rules::Finding>,
    /// Count per rule.
    pub counts: std::collections::HashMap<Rule, u64>,
    /// Count per procedure kind.
    pub procs: std::collections::HashMap<rules::ProcKind, engine::ProcCount>,
    /// Ladder entries (when asked for).
    pub ladder: Vec<engine::LadderEntry>,
    /// UE names of the ladder.
    pub ue_names: std::collections::HashMap<engine::UeIdx, engine::UeName>,
    /// The ladder's columns: its nodes, named by identity.
    pub nodes: std::collections::HashMap<crate::analysis::nodes::NodeId, engine::NodeColumn>,
    /// UE contexts held when the capture ended (those whose S1 connection had not been
    /// released).
    pub ues_held: usize,
    /// UE contexts created over the capture.
    pub ues_created: u64,
}

impl Outcome {
    /// Whether some finding has error severity (exit status 1).
    pub fn has_errors(&self) -> bool {
        self.engine
            .counts
            .iter()
            .any(|(r, n)| *n > 0 && r.severity() == rules::Severity::Error)
    }
}

/// Validates the capture at `path` knowing the keys of `keys` (`KeysFile::default()`: none),
/// keeping at most `limits.max_findings` findings in the outcome (the counts go on).
pub fn run(path: &Path, keys: &KeysFile, limits: Limits) -> Result<Outcome, CaptureError> {
    let mut kept = Vec::new();
    let mut o = run_with(path, keys, limits, &mut |f| {
        if kept.len() < limits.max_findings {
            kept.push(f);
        }
    })?;
    o.engine.findings = kept;
    Ok(o)
}

/// Validates as [`run`], handing each finding to `sink` as soon as it is produced (the outcome
/// keeps none): memory does not grow with the number of findings.
pub fn run_with(
    path: &Path,
    keys: &KeysFile,
    limits: Limits,
    sink: &mut dyn FnMut(rules::Finding),
) -> Result<Outcome, CaptureError> {
    let mut eng = Engine::new(keys, limits);
    let mut out = Callbacks {
        findings: sink,
        handovers: None,
    };
    run_engine(path, &mut eng, &mut out)
}

/// Validates as [`run_with`], and hands each handover to `handovers` as it ends (the
/// `handovers` table of `keyhop export`).
pub fn run_with_handovers(
    path: &Path,
    keys: &KeysFile,
    limits: Limits,
    sink: &mut dyn FnMut(rules::Finding),
    handovers: &mut dyn FnMut(engine::HoRecord),
) -> Result<Outcome, CaptureError> {
    let mut eng = Engine::new(keys, limits);
    eng.log_handovers();
    let mut out = Callbacks {
        findings: sink,
        handovers: Some(handovers),
    };
    run_engine(path, &mut eng, &mut out)
}

/// The UE `keyhop ladder` draws: the first UE that held `id` (an IMSI, or an MME-UE-S1AP-ID
/// optionally followed by `@` and an address of its MME), or without `id` the UE with the most
/// messages. A first pass over the capture that keeps no ladder: the second
/// ([`Limits::ladder_ue`]) keeps only this UE's messages, so memory does not grow with the
/// UEs of the capture.
pub fn ladder_ue(
    path: &Path,
    keys: &KeysFile,
    limits: Limits,
    id: Option<&str>,
) -> Result<Option<engine::UeIdx>, CaptureError> {
    let mut eng = Engine::new(
        keys,
        Limits {
            ladder: false,
            ..limits
        },
    );
    eng.track(id.map(engine::LadderPick::parse));
    let mut out = Callbacks {
        findings: &mut |_| {},
        handovers: None,
    };
    run_engine(path, &mut eng, &mut out)?;
    Ok(eng.picked())
}

/// The addresses of the sender's and the receiver's endpoint of the SCTP association that
/// carried `p`, when one of them has more than one (a multi-homed association): every address
/// of an endpoint is one node. `None` for UDP and single-homed associations (the common case,
/// which costs no allocation).
pub fn multihomed(
    frame: &crate::capture::Frame<'_>,
    p: &crate::capture::Payload<'_>,
) -> Option<[Vec<std::net::IpAddr>; 2]> {
    let (id, sender) = p.association()?;
    let a = frame.association(id)?;
    let many = |s| a.addrs(s).nth(1).is_some();
    if !many(sender) && !many(sender.peer()) {
        return None;
    }
    Some([a.addrs(sender).collect(), a.addrs(sender.peer()).collect()])
}

fn run_engine(
    path: &Path,
    eng: &mut Engine,
    out: &mut dyn Records,
) -> Result<Outcome, CaptureError> {
    let mut reader = CaptureReader::open(path)?;
    let mut v = Validator::new(eng);
    let mut ended_early = None;
    while let Some(frame) = reader.next_frame() {
        let frame = match frame {
            Ok(f) => f,
            Err(e) => {
                ended_early = Some(e.to_string());
                break;
            }
        };
        v.frame(&frame);
        for p in frame.payloads() {
            v.payload(&frame, &p);
        }
        v.end_frame(out);
    }
    Ok(v.finish(reader.end_of_capture(), ended_early, out))
}

/// Where a [`Validator`] hands what it produces, at the end of each frame: findings, and the
/// handovers that ended when the engine logs them ([`Engine::log_handovers`]).
pub trait Records {
    /// A finding.
    fn finding(&mut self, f: rules::Finding);
    /// A handover that ended.
    fn handover(&mut self, h: engine::HoRecord);
}

/// No records: a run that wants neither findings nor handovers.
impl Records for () {
    fn finding(&mut self, _: rules::Finding) {}
    fn handover(&mut self, _: engine::HoRecord) {}
}

/// [`Records`] handed to callbacks, the form of the `run_*` functions.
struct Callbacks<'a> {
    findings: &'a mut dyn FnMut(rules::Finding),
    handovers: Option<&'a mut dyn FnMut(engine::HoRecord)>,
}

impl Records for Callbacks<'_> {
    fn finding(&mut self, f: rules::Finding) {
        (self.findings)(f)
    }

    fn handover(&mut self, h: engine::HoRecord) {
        if let Some(cb) = self.handovers.as_mut() {
            cb(h)
        }
    }
}

/// validate's engine fed one frame at a time by a caller that reads the capture itself:
/// `keyhop validate` ([`run_with`]), and `keyhop export`, which hands over the full decode it
/// made for its `messages` table ([`Validator::payload_decoded`]) so that each message is
/// read and decoded once for all its tables.
///
/// Per frame: [`Validator::frame`], then each payload, then [`Validator::end_frame`]; at the
/// end of the capture [`Validator::finish`]. Findings and handovers are handed out as they
/// are produced: nothing accumulates per message.
pub struct Validator<'e> {
    eng: &'e mut Engine,
    frames: u64,
    messages: u64,
    events: u64,
}

impl<'e> Validator<'e> {
    /// A run of `eng` over one capture.
    pub fn new(eng: &'e mut Engine) -> Self {
        Validator {
            eng,
            frames: 0,
            messages: 0,
            events: 0,
        }
    }

    /// Starts a frame: its damage is a MALFORMED finding.
    pub fn frame(&mut self, frame: &Frame<'_>) {
        self.frames += 1;
        for issue in frame.issues {
            self.eng.report(rules::Finding::new(
                Rule::Malformed,
                &[frame.number],
                format!("damaged frame: {issue}"),
            ));
        }
    }

    /// What the engine learns of every payload, read by a rule or not.
    fn seen(&mut self, frame: &Frame<'_>, p: &Payload<'_>) {
        self.messages += 1;
        if let Some(sides) = multihomed(frame, p) {
            self.eng.tie_association(p.app, [&sides[0], &sides[1]]);
        }
        self.eng.observe(p.app, p.src, p.dst);
    }

    /// The event of a payload by validate's own decoding (only the IEs a rule reads).
    fn decode_event(&self, p: &Payload<'_>) -> Option<Kind> {
        match extract::decode(p.app, p.data) {
            Ok(d) => extract::extract(&d, self.eng.keep_nas),
            Err(e) => Some(Kind::Malformed {
                what: format!("{} message not decodable: {e}", p.app.name()),
            }),
        }
    }

    fn handle(&mut self, frame: &Frame<'_>, p: &Payload<'_>, kind: Kind) -> Kind {
        self.events += 1;
        let ev = Event {
            frame: frame.number,
            time: frame.timestamp,
            src: p.src,
            dst: p.dst,
            kind,
        };
        self.eng.handle(&ev);
        ev.kind
    }

    /// One payload of the current frame, decoded here as far as a rule reads it (the
    /// messages no rule reads are not decoded at all: [`extract::relevant`]).
    pub fn payload(&mut self, frame: &Frame<'_>, p: &Payload<'_>) {
        self.seen(frame, p);
        if !extract::relevant(p.app, p.data) {
            return;
        }
        if let Some(kind) = self.decode_event(p) {
            self.handle(frame, p, kind);
        }
    }

    /// One payload of the current frame whose full decode ([`Decoded::decode`]) the caller
    /// made: the engine sees exactly what [`Validator::payload`] would show it. The decode is
    /// not repeated, but where it failed: validate's partial decoding reads only the IEs a
    /// rule reads, so damage elsewhere leaves it an event (and its error text is the full
    /// decoder's otherwise), as `extract`'s test `partial_decoding_equals_full_decoding`
    /// pins.
    ///
    /// Returns the message's event (extracted whether or not a rule reads the message; `None`
    /// when it did not decode), for a caller that reads events too.
    pub fn payload_decoded(
        &mut self,
        frame: &Frame<'_>,
        p: &Payload<'_>,
        decoded: &Result<Decoded<'_>, DecodeError>,
    ) -> Option<Kind> {
        self.eng.forget_handled();
        self.seen(frame, p);
        let relevant = extract::relevant(p.app, p.data);
        match decoded {
            Ok(d) => {
                let kind = extract::extract(d, self.eng.keep_nas)?;
                Some(if relevant {
                    self.handle(frame, p, kind)
                } else {
                    kind
                })
            }
            Err(_) => {
                if relevant {
                    if let Some(kind) = self.decode_event(p) {
                        self.handle(frame, p, kind);
                    }
                }
                None
            }
        }
    }

    /// Writes the UE of the payload last given to [`Validator::payload_decoded`] (`kind`:
    /// the event it returned) into `out`, as the engine names it at that message: the UE the
    /// engine handled the event for, else the live UE the message's ids name in its indexes
    /// (S1AP MME-UE-S1AP-ID, X2AP old eNB UE X2AP ID, GTP-C TEID or IMSI), else for a GTP-C
    /// answer the UE of the message it answers, else for an InitialUEMessage naming an IMSI
    /// the UE it opens (named by that IMSI, as the MME's answer will name it). False where
    /// no UE is known yet, as for an InitialUEMessage by GUTI before the MME answers it.
    pub fn message_ue(
        &mut self,
        p: &Payload<'_>,
        decoded: &Result<Decoded<'_>, DecodeError>,
        kind: Option<&Kind>,
        out: &mut engine::MessageUe,
    ) -> bool {
        let (src, dst) = (p.src.ip(), p.dst.ip());
        if let Some(ue) = self.eng.handled() {
            self.eng.note_answer(p.app, p.data, src, dst, ue);
            return self.eng.write_handled(out);
        }
        let keys = trace::ue_keys(p.app, p.data, decoded.as_ref().ok(), kind);
        let Some(ue) = self
            .eng
            .ue_by_keys(p.app, src, dst, &keys)
            .or_else(|| self.eng.ue_of_answer(p.app, p.data, src, dst))
        else {
            if let Some(Kind::InitialUe { imsi, .. }) = kind {
                self.eng.write_arriving(imsi, out);
                return true;
            }
            return false;
        };
        self.eng.note_answer(p.app, p.data, src, dst, ue);
        self.eng.write_identity(ue, out)
    }

    /// Ends the current frame: hands out its findings and the handovers that ended (when the
    /// engine logs them, [`Engine::log_handovers`]).
    pub fn end_frame(&mut self, out: &mut dyn Records) {
        // The engine's lists only buffer one frame's findings and handovers.
        self.eng.findings.drain(..).for_each(|f| out.finding(f));
        if let Some(log) = self.eng.ho_log.as_mut() {
            log.drain(..).for_each(|h| out.handover(h));
        }
    }

    /// Ends the capture: what it left unfinished (`end`) and why it ended early are
    /// MALFORMED findings, open handovers are closed; the last findings and handovers are
    /// handed out.
    pub fn finish(
        mut self,
        end: &EndOfCapture,
        ended_early: Option<String>,
        out: &mut dyn Records,
    ) -> Outcome {
        // Messages and datagrams the capture left unfinished are damage like a damaged
        // frame's.
        for issue in &end.issues {
            self.eng.report(rules::Finding::new(
                Rule::Malformed,
                &[self.frames],
                format!("left at the end of the capture: {issue}"),
            ));
        }
        if let Some(why) = &ended_early {
            self.eng.report(rules::Finding::new(
                Rule::Malformed,
                &[self.frames],
                format!("capture ends early: {why}"),
            ));
        }
        self.eng.finish();
        let nodes = self.eng.resolve_ladder();
        self.end_frame(out);
        let eng = self.eng;
        Outcome {
            frames: self.frames,
            messages: self.messages,
            events: self.events,
            ended_early,
            end_of_capture: end.issues.len(),
            engine: EngineResult {
                findings: Vec::new(),
                counts: std::mem::take(&mut eng.counts),
                procs: std::mem::take(&mut eng.procs),
                ladder: std::mem::take(&mut eng.ladder),
                ue_names: std::mem::take(&mut eng.ue_names),
                nodes,
                ues_held: eng.ue_count(),
                ues_created: eng.ues_created(),
            },
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod capture_tests;

#[cfg(test)]
mod identity_tests;

#[cfg(test)]
mod release_tests;
