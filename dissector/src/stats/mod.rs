//! `keyhop stats`: counts per protocol and message, handovers per type with their outcomes,
//! latency percentiles, per-node tables, findings per rule and GTP-C response times (like
//! tshark's `-z`), as text, JSON (layout in docs/cli.md) or an SVG picture.
//!
//! Two passes over the capture: the messages themselves (counts, node names, GTP-C
//! request/response times), then validate's engine (handover outcomes, findings, and its ladder,
//! which chains each UE's messages across S1, X2 and S10 for the latencies).

#[cfg(feature = "png")]
pub mod png;
pub mod svg;

use crate::analysis::keyflow::Analyzer;
use crate::capture::{CaptureError, CaptureReader};
use crate::filter::{Filter, View};
use crate::keys::KeysFile;
use crate::output::Message;
use crate::validate::engine::{LadderEntry, ProcCount, UeIdx};
use crate::validate::rules::{ProcKind, Rule};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::Path;

/// How `stats` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Tables for people.
    #[default]
    Text,
    /// One JSON object (docs/cli.md, "keyhop stats").
    Json,
    /// An SVG picture: latency distributions and handovers between eNB pairs.
    Svg,
    /// The same picture as PNG (not written to a terminal).
    #[cfg(feature = "png")]
    Png,
}

/// A latency measured between two messages of one UE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Latency {
    /// S1 handover preparation: HandoverRequired -> HandoverCommand.
    S1Preparation,
    /// S1 resource allocation at the target: HandoverRequest -> HandoverRequestAcknowledge.
    S1ResourceAllocation,
    /// X2 handover: X2 HandoverRequest -> PathSwitchRequestAcknowledge.
    X2Handover,
    /// S10/S3/Gn relocation: ForwardRelocationRequest -> ForwardRelocationResponse.
    ForwardRelocation,
}

impl Latency {
    /// Every latency, in output order.
    pub const ALL: [Latency; 4] = [
        Latency::S1Preparation,
        Latency::S1ResourceAllocation,
        Latency::X2Handover,
        Latency::ForwardRelocation,
    ];

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Latency::S1Preparation => "s1_preparation",
            Latency::S1ResourceAllocation => "s1_resource_allocation",
            Latency::X2Handover => "x2_handover",
            Latency::ForwardRelocation => "forward_relocation",
        }
    }

    /// The two messages, as the ladder names them.
    pub fn messages(self) -> (&'static str, &'static str) {
        match self {
            Latency::S1Preparation => ("HandoverRequired", "HandoverCommand"),
            Latency::S1ResourceAllocation => ("HandoverRequest", "HandoverRequestAcknowledge"),
            Latency::X2Handover => ("X2 HandoverRequest", "PathSwitchRequestAcknowledge"),
            Latency::ForwardRelocation => ("ForwardRelocationRequest", "ForwardRelocationResponse"),
        }
    }

    /// `A -> B`.
    pub fn label(self) -> String {
        let (a, b) = self.messages();
        format!("{a} -> {b}")
    }
}

/// Percentiles of a set of durations, in seconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dist {
    /// What is measured (`A -> B`).
    pub what: String,
    /// Samples.
    pub count: usize,
    /// Smallest.
    pub min: f64,
    /// Median (nearest rank).
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Largest.
    pub max: f64,
    /// Mean.
    pub mean: f64,
    /// The samples, ascending (at most [`MAX_SAMPLES`], evenly thinned, for the picture).
    #[serde(skip)]
    pub samples: Vec<f64>,
}

/// Samples kept per distribution for the picture.
pub const MAX_SAMPLES: usize = 2000;

impl Dist {
    /// The distribution of `v` (`None` when empty).
    pub fn of(what: String, mut v: Vec<f64>) -> Option<Dist> {
        if v.is_empty() {
            return None;
        }
        v.sort_by(|a, b| a.total_cmp(b));
        let rank = |p: f64| {
            // Nearest rank: the smallest value with at least p of the samples at or below it.
            let k = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
            v[k - 1]
        };
        let samples = if v.len() <= MAX_SAMPLES {
            v.clone()
        } else {
            (0..MAX_SAMPLES)
                .map(|i| v[i * (v.len() - 1) / (MAX_SAMPLES - 1)])
                .collect()
        };
        Some(Dist {
            what,
            count: v.len(),
            min: v[0],
            p50: rank(0.5),
            p90: rank(0.9),
            p99: rank(0.99),
            max: v[v.len() - 1],
            mean: v.iter().sum::<f64>() / v.len() as f64,
            samples,
        })
    }
}

/// Handovers of one kind with the words and counts of validate's summary, and rates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Handovers {
    /// Handovers seen.
    pub started: u64,
    /// Ended with their last step.
    pub complete: u64,
    /// Cancelled by one side (HandoverCancel, X2 HandoverCancel, Relocation Cancel Request).
    pub cancelled: u64,
    /// Failed (preparation failure, HandoverFailure, a refusing Forward Relocation Response,
    /// PathSwitchRequestFailure).
    pub failed: u64,
    /// Cut by the capture or left unfinished.
    pub incomplete: u64,
    /// Complete with forward secrecy (key-refresh X2).
    pub forward_secrecy: u64,
    /// complete / started (0 when none started).
    pub complete_rate: f64,
    /// cancelled / started.
    pub cancelled_rate: f64,
    /// failed / started.
    pub failed_rate: f64,
    /// incomplete / started.
    pub incomplete_rate: f64,
}

impl From<ProcCount> for Handovers {
    fn from(c: ProcCount) -> Self {
        let rate = |n: u64| {
            if c.started == 0 {
                0.0
            } else {
                n as f64 / c.started as f64
            }
        };
        Handovers {
            started: c.started,
            complete: c.complete,
            cancelled: c.cancelled,
            failed: c.failed,
            incomplete: c.incomplete,
            forward_secrecy: c.forward_secrecy,
            complete_rate: rate(c.complete),
            cancelled_rate: rate(c.cancelled),
            failed_rate: rate(c.failed),
            incomplete_rate: rate(c.incomplete),
        }
    }
}

/// One node's line of the per-node table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NodeRow {
    /// `eNB name`, `MME name`, `eNB <id>`, or the address when nothing better is known.
    pub node: String,
    /// What kind of node, as far as the messages say (`enb`, `mme`, `gtp`, `?`).
    pub role: &'static str,
    /// Messages sent.
    pub sent: u64,
    /// Messages received.
    pub received: u64,
    /// Handovers it started as source (S1 HandoverRequired, X2 HandoverRequest sent).
    pub handovers_out: u64,
    /// Handovers it took as target (S1 HandoverRequest received, X2 HandoverRequest received).
    pub handovers_in: u64,
}

/// Handovers from one eNB to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    /// The source eNB.
    pub source: String,
    /// The target eNB.
    pub target: String,
    /// Handovers prepared between them (S1 or X2).
    pub handovers: u64,
}

/// A severity and a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    /// `error`, `warning`, `info`.
    pub severity: String,
    /// Findings.
    pub count: u64,
}

/// Everything `stats` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The capture file.
    pub capture: String,
    /// Frames read.
    pub frames: u64,
    /// Messages (after `-Y`, when given).
    pub messages: u64,
    /// Messages that failed to decode.
    pub decode_errors: u64,
    /// Per protocol: messages, and per message name.
    pub protocols: BTreeMap<&'static str, ProtoCount>,
    /// Handovers per kind (validate's names: `s1-intra-mme`, `x2-legacy`...).
    pub handovers: BTreeMap<&'static str, Handovers>,
    /// Latency percentiles, in seconds, per [`Latency`] key.
    pub latency: BTreeMap<&'static str, Dist>,
    /// Per node.
    pub nodes: Vec<NodeRow>,
    /// Handovers between eNB pairs, busiest first.
    pub enb_pairs: Vec<Pair>,
    /// Findings per rule id (rules with findings only).
    pub findings: BTreeMap<&'static str, RuleCount>,
    /// GTP-C response times per request message, in seconds.
    pub gtp_response_times: BTreeMap<String, Dist>,
    /// Why the capture ended early, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_early: Option<String>,
}

/// Messages of one protocol.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProtoCount {
    /// All of them.
    pub messages: u64,
    /// Per message name.
    pub by_message: BTreeMap<String, u64>,
}

impl Stats {
    /// Whether the capture was read but something is wrong in it (exit status 1): truncated or
    /// damaged, or a message that does not decode. Error findings are validate's verdict.
    pub fn troubled(&self) -> bool {
        self.ended_early.is_some()
            || self.decode_errors > 0
            || self.findings.contains_key(Rule::Malformed.id())
    }
}

/// Computes the statistics of the capture at `path`; with `filter`, only the messages it
/// selects are counted (handovers, latencies and findings are those of the whole capture, and
/// the filter's `ue`, node or message selects which of them are listed is left for later).
pub fn compute(
    path: &Path,
    keys: &KeysFile,
    filter: Option<&Filter>,
) -> Result<Stats, CaptureError> {
    let trace = match filter.is_some_and(|f| f.uses_ue()) {
        true => Some(crate::validate::trace::trace_file(
            path,
            keys,
            Default::default(),
            crate::validate::trace::Keep::Messages,
            None,
        )?),
        false => None,
    };
    let mut reader = CaptureReader::open(path)?;
    let mut analyzer = Analyzer::new(keys);
    let mut namer = crate::validate::names::Namer::default();
    analyzer.explain_missing = false;
    let mut matcher = crate::analysis::gtp_match::GtpMatcher::default();
    let mut st = Stats {
        capture: path.display().to_string(),
        frames: 0,
        messages: 0,
        decode_errors: 0,
        protocols: BTreeMap::new(),
        handovers: BTreeMap::new(),
        latency: BTreeMap::new(),
        nodes: Vec::new(),
        enb_pairs: Vec::new(),
        findings: BTreeMap::new(),
        gtp_response_times: BTreeMap::new(),
        ended_early: None,
    };
    let mut nodes: HashMap<IpAddr, NodeRow> = HashMap::new();
    let mut gtp: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    // GTP-C request frames -> their message names, to name the response times.
    let mut requests: HashMap<u64, String> = HashMap::new();
    let mut first_time = None;
    let mut prev_time = None;
    while let Some(frame) = reader.next_frame() {
        let frame = match frame {
            Ok(f) => f,
            Err(e) => {
                st.ended_early = Some(e.to_string());
                break;
            }
        };
        st.frames += 1;
        let first = *first_time.get_or_insert(frame.timestamp);
        let prev = prev_time
            .replace(frame.timestamp)
            .unwrap_or(frame.timestamp);
        for (index, p) in frame.payloads().enumerate() {
            let mut msg = Message::from_payload(frame.number, frame.timestamp, &p);
            msg.security = analyzer.analyze(msg.frame, msg.src, msg.dst, &msg.result);
            (msg.src_node, msg.dst_node) = namer.name(msg.frame, msg.time, &p, &msg.result);
            let name = match &msg.result {
                Ok(d) => {
                    if let Some(h) = crate::analysis::gtp_match::GtpHeader::of(d) {
                        let o = matcher.observe(h, msg.frame, msg.time, msg.src, msg.dst);
                        msg.answer = o.answer;
                        if o.is_request && requests.len() < 1 << 20 {
                            requests.insert(msg.frame, d.message_name().into_owned());
                        }
                    }
                    d.message_name().into_owned()
                }
                Err(_) => String::new(),
            };
            if let Some(f) = filter {
                let mut v = View::new(&msg, p.transport);
                v.first_time = first;
                v.prev_time = prev;
                v.chain = trace.as_ref().and_then(|t| {
                    let u = t.ue_of((0, frame.number, index as u32))?;
                    t.chain(u)
                });
                if !f.matches(&v) {
                    continue;
                }
            }
            st.messages += 1;
            let pc = st.protocols.entry(p.app.name()).or_default();
            pc.messages += 1;
            if name.is_empty() {
                st.decode_errors += 1;
                *pc.by_message.entry("(not decodable)".into()).or_insert(0) += 1;
            } else {
                *pc.by_message.entry(name.clone()).or_insert(0) += 1;
            }
            if let Some(a) = msg.answer {
                let req = requests
                    .remove(&a.request_frame)
                    .unwrap_or_else(|| "(request)".into());
                gtp.entry(req).or_default().push(a.response_time);
            }
            let role = match p.app {
                crate::capture::AppProto::S1ap | crate::capture::AppProto::X2ap => "",
                _ => "gtp",
            };
            for (ip, sent) in [(msg.src.ip(), true), (msg.dst.ip(), false)] {
                let row = nodes.entry(ip).or_default();
                if sent {
                    row.sent += 1;
                } else {
                    row.received += 1;
                }
                if row.role.is_empty() || row.role == "?" {
                    row.role = if role.is_empty() { "?" } else { role };
                }
            }
        }
    }
    // Node names as the messages taught them (S1/X2 Setup); roles from the S1AP port.
    let label = |ip: &IpAddr| {
        analyzer
            .node(ip)
            .and_then(|n| n.label())
            .unwrap_or_else(|| ip.to_string())
    };
    for (ip, row) in nodes.iter_mut() {
        row.node = label(ip);
        if row.node.starts_with("eNB ") || row.node.to_ascii_lowercase().contains("enb") {
            row.role = "enb";
        }
    }

    // Second pass: validate's engine, with its ladder for the latencies.
    let limits = crate::validate::engine::Limits {
        ladder: true,
        ..Default::default()
    };
    let o = crate::validate::run(path, keys, limits)?;
    for k in ProcKind::ALL {
        let c = o.engine.procs.get(&k).copied().unwrap_or_default();
        st.handovers.insert(k.name(), c.into());
    }
    for r in Rule::ALL {
        let n = o.engine.counts.get(r).copied().unwrap_or(0);
        if n > 0 {
            st.findings.insert(
                r.id(),
                RuleCount {
                    severity: format!("{:?}", r.severity()).to_ascii_lowercase(),
                    count: n,
                },
            );
        }
    }
    let (lat, pairs, out_in) = ladder_measures(&o.engine.ladder);
    for (k, v) in lat {
        if let Some(d) = Dist::of(k.label(), v) {
            st.latency.insert(k.key(), d);
        }
    }
    let mut by_name: BTreeMap<(String, String), u64> = BTreeMap::new();
    for ((s, t), n) in pairs {
        *by_name.entry((label(&s), label(&t))).or_insert(0) += n;
    }
    let mut pair_rows: Vec<Pair> = by_name
        .into_iter()
        .map(|((source, target), handovers)| Pair {
            source,
            target,
            handovers,
        })
        .collect();
    pair_rows.sort_by(|a, b| {
        b.handovers
            .cmp(&a.handovers)
            .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
    });
    st.enb_pairs = pair_rows;
    for (ip, (o, i)) in out_in {
        let row = nodes.entry(ip).or_insert_with(|| NodeRow {
            node: label(&ip),
            role: "enb",
            ..Default::default()
        });
        row.handovers_out += o;
        row.handovers_in += i;
        row.role = "enb";
    }
    for e in &o.engine.ladder {
        // The MME side of S1AP messages (the eNB side is named above).
        if matches!(
            e.name,
            "HandoverRequest" | "HandoverCommand" | "PathSwitchRequestAcknowledge"
        ) {
            if let Some(r) = nodes.get_mut(&e.src) {
                if r.role != "enb" {
                    r.role = "mme";
                }
            }
        }
    }
    // One row per node as named: a node seen on several addresses (IPv4 and IPv6, SCTP
    // multi-homing) is one node once its S1/X2 Setup names it.
    let mut merged: BTreeMap<String, NodeRow> = BTreeMap::new();
    for r in nodes.into_values() {
        let m = merged.entry(r.node.clone()).or_insert_with(|| NodeRow {
            node: r.node.clone(),
            role: r.role,
            ..Default::default()
        });
        m.sent += r.sent;
        m.received += r.received;
        m.handovers_out += r.handovers_out;
        m.handovers_in += r.handovers_in;
        if m.role == "?" || m.role == "gtp" && r.role != "?" {
            m.role = r.role;
        }
    }
    let mut rows: Vec<NodeRow> = merged.into_values().collect();
    rows.sort_by(|a, b| {
        (b.sent + b.received)
            .cmp(&(a.sent + a.received))
            .then(a.node.cmp(&b.node))
    });
    st.nodes = rows;
    for (req, v) in gtp {
        if let Some(d) = Dist::of(format!("{req} -> response"), v) {
            st.gtp_response_times.insert(req, d);
        }
    }
    if st.ended_early.is_none() {
        st.ended_early = o.ended_early;
    }
    Ok(st)
}

type Measures = (
    BTreeMap<Latency, Vec<f64>>,
    BTreeMap<(IpAddr, IpAddr), u64>,
    HashMap<IpAddr, (u64, u64)>,
);

/// Latencies per UE from the ladder (a start message, then the first end message of the same
/// UE), handovers per (source eNB, target eNB), and per eNB handovers out and in.
///
/// S1: the source eNB sends HandoverRequired; the target receives HandoverRequest; one pair is
/// counted when a UE's HandoverRequest follows its HandoverRequired. X2: the X2
/// HandoverRequest's sender and receiver.
fn ladder_measures(ladder: &[LadderEntry]) -> Measures {
    let mut lat: BTreeMap<Latency, Vec<f64>> = BTreeMap::new();
    let mut pairs: BTreeMap<(IpAddr, IpAddr), u64> = BTreeMap::new();
    let mut out_in: HashMap<IpAddr, (u64, u64)> = HashMap::new();
    let mut pending: HashMap<(UeIdx, Latency), crate::capture::Timestamp> = HashMap::new();
    let mut s1_source: HashMap<UeIdx, IpAddr> = HashMap::new();
    let secs = |a: crate::capture::Timestamp, b: crate::capture::Timestamp| {
        (b.as_nanos() - a.as_nanos()) as f64 / 1e9
    };
    let mut entries: Vec<&LadderEntry> = ladder.iter().collect();
    entries.sort_by_key(|e| (e.frame, e.time));
    for e in entries {
        for k in Latency::ALL {
            let (start, end) = k.messages();
            if e.name == start {
                pending.insert((e.ue, k), e.time);
            } else if e.name == end {
                if let Some(t0) = pending.remove(&(e.ue, k)) {
                    lat.entry(k).or_default().push(secs(t0, e.time));
                }
            }
        }
        match e.name {
            "HandoverRequired" => {
                s1_source.insert(e.ue, e.src);
                out_in.entry(e.src).or_default().0 += 1;
            }
            "HandoverRequest" => {
                out_in.entry(e.dst).or_default().1 += 1;
                if let Some(src) = s1_source.remove(&e.ue) {
                    *pairs.entry((src, e.dst)).or_insert(0) += 1;
                }
            }
            "X2 HandoverRequest" => {
                out_in.entry(e.src).or_default().0 += 1;
                out_in.entry(e.dst).or_default().1 += 1;
                *pairs.entry((e.src, e.dst)).or_insert(0) += 1;
            }
            _ => {}
        }
    }
    (lat, pairs, out_in)
}

fn ms(s: f64) -> String {
    format!("{:.3}", s * 1000.0)
}

/// Writes `st` in `format`.
pub fn write(st: &Stats, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, st).map_err(io::Error::other)?;
            writeln!(out)
        }
        Format::Svg => out.write_all(svg::render(st).as_bytes()),
        #[cfg(feature = "png")]
        Format::Png => {
            let b = png::render(&svg::render(st)).map_err(io::Error::other)?;
            out.write_all(&b)
        }
        Format::Text => text(st, out),
    }
}

fn text(st: &Stats, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Capture {}: {} frames, {} messages",
        st.capture, st.frames, st.messages
    )?;
    if let Some(w) = &st.ended_early {
        writeln!(out, "  (ended early: {w})")?;
    }
    writeln!(out, "\nMessages per protocol")?;
    for (p, c) in &st.protocols {
        writeln!(out, "  {:<8} {:>8}", p, c.messages)?;
        let mut by: Vec<(&String, &u64)> = c.by_message.iter().collect();
        by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (m, n) in by {
            writeln!(out, "    {:<44} {:>8}", m, n)?;
        }
    }
    writeln!(out, "\nHandovers (validate's outcomes)")?;
    writeln!(
        out,
        "  {:<16} {:>8} {:>9} {:>9} {:>9} {:>10} {:>9}",
        "kind", "started", "complete", "cancelled", "failed", "incomplete", "fwd-sec"
    )?;
    for (k, h) in &st.handovers {
        if h.started == 0 {
            continue;
        }
        writeln!(
            out,
            "  {:<16} {:>8} {:>8.1}% {:>8.1}% {:>8.1}% {:>9.1}% {:>9}",
            k,
            h.started,
            h.complete_rate * 100.0,
            h.cancelled_rate * 100.0,
            h.failed_rate * 100.0,
            h.incomplete_rate * 100.0,
            h.forward_secrecy
        )?;
    }
    let dist_table =
        |out: &mut dyn Write, title: &str, rows: Vec<(&str, &Dist)>| -> io::Result<()> {
            if rows.is_empty() {
                return Ok(());
            }
            writeln!(out, "\n{title} (ms)")?;
            writeln!(
                out,
                "  {:<58} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
                "", "count", "min", "p50", "p90", "p99", "max"
            )?;
            for (_, d) in rows {
                writeln!(
                    out,
                    "  {:<58} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
                    d.what,
                    d.count,
                    ms(d.min),
                    ms(d.p50),
                    ms(d.p90),
                    ms(d.p99),
                    ms(d.max)
                )?;
            }
            Ok(())
        };
    dist_table(
        out,
        "Latency",
        Latency::ALL
            .iter()
            .filter_map(|k| st.latency.get(k.key()).map(|d| (k.key(), d)))
            .collect(),
    )?;
    dist_table(
        out,
        "GTP-C response times",
        st.gtp_response_times
            .iter()
            .map(|(k, d)| (k.as_str(), d))
            .collect(),
    )?;
    writeln!(out, "\nNodes")?;
    writeln!(
        out,
        "  {:<40} {:<4} {:>8} {:>9} {:>7} {:>7}",
        "node", "role", "sent", "received", "ho-out", "ho-in"
    )?;
    for n in &st.nodes {
        writeln!(
            out,
            "  {:<40} {:<4} {:>8} {:>9} {:>7} {:>7}",
            n.node, n.role, n.sent, n.received, n.handovers_out, n.handovers_in
        )?;
    }
    if !st.enb_pairs.is_empty() {
        writeln!(out, "\nHandovers between eNBs")?;
        for p in &st.enb_pairs {
            writeln!(out, "  {} -> {}: {}", p.source, p.target, p.handovers)?;
        }
    }
    if !st.findings.is_empty() {
        writeln!(out, "\nFindings per rule")?;
        for (r, c) in &st.findings {
            writeln!(out, "  {:<24} {:<8} {:>8}", r, c.severity, c.count)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let d = Dist::of("x".into(), (1..=100).map(f64::from).collect()).unwrap();
        assert_eq!(
            (d.min, d.p50, d.p90, d.p99, d.max),
            (1.0, 50.0, 90.0, 99.0, 100.0)
        );
        assert_eq!(d.mean, 50.5);
        let one = Dist::of("x".into(), vec![0.25]).unwrap();
        assert_eq!((one.p50, one.p99), (0.25, 0.25));
        assert!(Dist::of("x".into(), vec![]).is_none());
        let many = Dist::of("x".into(), (0..10_000).map(f64::from).collect()).unwrap();
        assert_eq!(many.samples.len(), MAX_SAMPLES);
        assert_eq!(
            (many.samples[0], many.samples[MAX_SAMPLES - 1]),
            (0.0, 9999.0)
        );
    }

    #[test]
    fn rates_use_validate_counts() {
        let h: Handovers = ProcCount {
            started: 8,
            complete: 4,
            cancelled: 1,
            failed: 1,
            incomplete: 2,
            forward_secrecy: 0,
        }
        .into();
        assert_eq!(
            (
                h.complete_rate,
                h.cancelled_rate,
                h.failed_rate,
                h.incomplete_rate
            ),
            (0.5, 0.125, 0.125, 0.25)
        );
        let none: Handovers = ProcCount::default().into();
        assert_eq!(none.complete_rate, 0.0);
    }
}
