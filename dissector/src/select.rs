//! `-Y` for `validate` and `ladder`: the frames of the messages a display filter selects, and
//! the UEs those messages belong to (as validate's engine chains them).

use crate::capture::{CaptureError, CaptureReader};
use crate::filter::{Filter, View};
use crate::output::Message;
use crate::validate::engine::UeIdx;
use crate::validate::rules::Finding;
use crate::validate::Outcome;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The frames (ascending, each once) holding a message `filter` selects.
pub fn matching_frames(path: &Path, filter: &Filter) -> Result<Vec<u64>, CaptureError> {
    let trace = match filter.uses_ue() {
        true => Some(crate::validate::trace::trace_file(
            path,
            &Default::default(),
            Default::default(),
            crate::validate::trace::Keep::Messages,
            None,
        )?),
        false => None,
    };
    let mut reader = CaptureReader::open(path)?;
    let mut namer = crate::validate::names::Namer::default();
    let mut frames = Vec::new();
    let (mut first, mut prev) = (None, None);
    while let Some(frame) = reader.next_frame() {
        // A truncated file: the frames before it (validate reports the truncation).
        let Ok(frame) = frame else { break };
        let first_time = *first.get_or_insert(frame.timestamp);
        let prev_time = prev.replace(frame.timestamp).unwrap_or(frame.timestamp);
        for (index, p) in frame.payloads().enumerate() {
            let mut msg = Message::from_payload(frame.number, frame.timestamp, &p);
            // Node names are learned from the messages before: the namer sees every one.
            (msg.src_node, msg.dst_node) = namer.name(msg.frame, msg.time, &p, &msg.result);
            let mut v = View::new(&msg, p.transport);
            v.first_time = first_time;
            v.prev_time = prev_time;
            v.chain = trace.as_ref().and_then(|t| {
                let u = t.ue_of((0, frame.number, index as u32))?;
                t.chain(u)
            });
            if filter.matches(&v) && frames.last() != Some(&frame.number) {
                frames.push(frame.number);
            }
        }
    }
    Ok(frames)
}

/// The UEs of the ladder with a message in `frames`, busiest (most such messages) first.
pub fn ues(o: &Outcome, frames: &[u64]) -> Vec<(UeIdx, usize)> {
    let mut n: HashMap<UeIdx, usize> = HashMap::new();
    for e in &o.engine.ladder {
        if frames.binary_search(&e.frame).is_ok() {
            *n.entry(e.ue).or_insert(0) += 1;
        }
    }
    let mut v: Vec<(UeIdx, usize)> = n.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Every name a finding may give the UEs `ues` (`imsi:...`, `mme-ue-s1ap-id:ID@MME` for each
/// id the UE held).
pub fn ue_labels(o: &Outcome, ues: &[(UeIdx, usize)]) -> HashSet<String> {
    let mut out = HashSet::new();
    for (u, _) in ues {
        if let Some((label, aliases, imsi)) = o.engine.ue_names.get(u) {
            out.insert(label.clone());
            // Findings name a UE by its label; an alias may also be spelt with an MME address
            // when its node has no better name.
            for (addrs, id) in aliases {
                for a in addrs {
                    out.insert(format!("mme-ue-s1ap-id:{id}@{a}"));
                }
            }
            if let Some(i) = imsi {
                out.insert(format!("imsi:{i}"));
            }
        }
    }
    out
}

/// Whether a finding concerns the selection: one of its frames was selected, or it names one
/// of the selected UEs.
pub fn keeps(f: &Finding, frames: &[u64], labels: &HashSet<String>) -> bool {
    f.frames.iter().any(|x| frames.binary_search(x).is_ok())
        || f.ue.as_ref().is_some_and(|u| labels.contains(u))
}
