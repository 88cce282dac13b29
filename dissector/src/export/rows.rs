//! Rows of the export tables from decoded messages and validate's records.

use super::keyscan::Keys;
use super::sink::{Compression, FileFormat, Parts};
use super::tables::{self, HandoverRow, KeyRow, MessageRow, Messages, KEY_COLUMNS};
use super::{sink, table_dir, Options, Partition, PART_STEM};
use crate::analysis::gtp_match::{GtpHeader, GtpMatcher};
use crate::analysis::keyflow::Analyzer;
use crate::capture::{EndOfCapture, Frame, Payload, Timestamp};
use crate::cut::Skips;
use crate::decoded::Decoded;
use crate::output::Message;
use crate::validate::engine::{HoRecord, MessageUe};
use crate::validate::machine::{End, Step};
use crate::validate::names::Namer;
use crate::validate::Validator;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Turns payloads into `messages` and `keys` rows: the same decoding, key analysis, node
/// names and request/response matching as `keyhop read`; the decoded message goes on to
/// validate's engine ([`crate::validate::Validator::payload_decoded`]).
pub struct Extractor {
    analyzer: Analyzer,
    namer: Namer,
    matcher: GtpMatcher,
    json: Vec<u8>,
    /// The keys of [`READ`], found as the record is written.
    read: Keys<{ READ.len() }>,
    src_node: Option<String>,
    dst_node: Option<String>,
    /// The current message's `target_node` (HandoverRequireds are rare: a `String` each).
    target_node: String,
    /// The addresses' text, rewritten for each message (no `String` per row).
    src_addr: String,
    dst_addr: String,
    /// The UE of the message (validate's engine; its label rewritten in place), and its
    /// IMSI's text.
    ue: MessageUe,
    has_ue: bool,
    ue_imsi: String,
    /// Frames with a damaged layer, and the capture's unfinished end as one more, counted as
    /// `keyhop read` counts them ([`Extractor::damaged_frames`]).
    damaged_frames: u64,
    /// Frames that carried no message, by reason.
    skips: Skips,
}

/// A message's rows.
pub struct Record<'e> {
    /// Its `messages` row.
    pub row: MessageRow<'e>,
    /// Its `keys` rows.
    pub keys: Vec<KeyRow<'e>>,
}

impl Extractor {
    /// An extractor with the keys of `opts`.
    pub fn new(opts: &Options) -> Self {
        Extractor {
            analyzer: if opts.with_keys {
                Analyzer::new(&opts.keys)
            } else {
                Analyzer::default()
            },
            namer: Namer::default(),
            matcher: GtpMatcher::default(),
            json: Vec::with_capacity(4096),
            read: Keys::new(READ),
            src_node: None,
            dst_node: None,
            target_node: String::new(),
            src_addr: String::with_capacity(40),
            dst_addr: String::with_capacity(40),
            ue: MessageUe::default(),
            has_ue: false,
            ue_imsi: String::with_capacity(16),
            damaged_frames: 0,
            skips: Skips::default(),
        }
    }

    /// Starts a frame, before its payloads' rows ([`Extractor::message`]), as `keyhop read`
    /// takes it: validate's engine `val` sees it (its damage becomes MALFORMED findings), its
    /// damage or its want of a message is counted, and a multi-homed association's addresses
    /// name one node per endpoint.
    pub fn frame(&mut self, frame: &Frame<'_>, val: &mut Validator<'_>) {
        val.frame(frame);
        self.damaged_frames += u64::from(!frame.issues.is_empty());
        if frame.payload_count() == 0 && frame.issues.is_empty() {
            self.skips.count(frame.link_type, frame.data);
        }
        for p in frame.payloads() {
            if let Some(sides) = crate::validate::multihomed(frame, &p) {
                self.namer.tie_association(p.app, [&sides[0], &sides[1]]);
            }
        }
    }

    /// Ends the capture, whether it was read to its end or stopped early: what it left
    /// unfinished (`end`) counts as one more damaged frame, as `keyhop read` counts it.
    pub fn end(&mut self, end: &EndOfCapture) {
        self.damaged_frames += u64::from(!end.issues.is_empty());
    }

    /// Frames with a damaged layer (IP, SCTP, the capture record), with the capture's
    /// unfinished end as one more ([`Extractor::end`]).
    pub fn damaged_frames(&self) -> u64 {
        self.damaged_frames
    }

    /// The frames that carried no message so far, by reason in `keyhop read`'s words, added
    /// to `out` (counted anew from here).
    pub fn drain_skipped(&mut self, out: &mut std::collections::BTreeMap<String, u64>) {
        self.skips.drain_into(out);
    }

    /// The rows of one payload of `frame` (after [`Extractor::frame`]). validate's engine
    /// `val` is handed the message's one decode ([`Validator::payload_decoded`]): its event
    /// gives the correlation columns, and the UE it gives the message
    /// ([`Validator::message_ue`]) the `ue` and `ue_imsi` columns.
    pub fn message<'e>(
        &'e mut self,
        file: &'e str,
        frame: &Frame<'_>,
        p: &Payload<'_>,
        val: &mut Validator<'_>,
    ) -> Record<'e> {
        let mut msg = Message::from_payload(frame.number, frame.timestamp, p);
        let kind = val.payload_decoded(frame, p, &msg.result);
        self.has_ue = val.message_ue(p, &msg.result, kind.as_ref(), &mut self.ue);
        msg.security = self
            .analyzer
            .analyze(msg.frame, msg.src, msg.dst, &msg.result);
        (msg.src_node, msg.dst_node) = self.namer.name(msg.frame, msg.time, p, &msg.result);
        if let Ok(d) = &msg.result {
            if let Some(h) = GtpHeader::of(d) {
                msg.answer = self
                    .matcher
                    .observe(h, msg.frame, msg.time, msg.src, msg.dst)
                    .answer;
            }
        }
        // The record without the envelope, which has columns of its own. A Message always
        // serializes (its values are plain data); the columns read from the record are noted
        // as it is written.
        let at = super::keyscan::serialize(&msg.contents(), &self.read, &mut self.json)
            .unwrap_or_default();
        self.src_node = msg.src_node.take();
        self.dst_node = msg.dst_node.take();
        // Rewritten in place: no String per row.
        for (a, buf) in [(msg.src, &mut self.src_addr), (msg.dst, &mut self.dst_addr)] {
            buf.clear();
            crate::output::push_host(buf, a);
        }
        let json = std::str::from_utf8(&self.json).unwrap_or("{}");
        let mut row = MessageRow {
            file,
            frame: msg.frame,
            time: msg.time,
            src_addr: &self.src_addr,
            src_port: msg.src.port(),
            dst_addr: &self.dst_addr,
            dst_port: msg.dst.port(),
            src_node: self.src_node.as_deref(),
            dst_node: self.dst_node.as_deref(),
            protocol: msg.app.name(),
            json,
            response_to: msg.answer.map(|a| a.request_frame),
            response_time: msg.answer.map(|a| a.response_time),
            ..Default::default()
        };
        match &msg.result {
            Ok(d) => {
                row.notes = d.notes().iter().map(|n| n.to_string()).collect();
                ids(d, at.map(|r| r.and_then(|(a, b)| json.get(a..b))), &mut row);
                if let Some(kind) = &kind {
                    let l = super::links::links(kind, msg.src, msg.dst);
                    row.ue_event = l.ue_event;
                    row.ho_kind = l.ho_kind;
                    row.ue_links = l.ue_links;
                    row.ue_release = l.ue_release;
                    if let Some(e) = l.target_enb {
                        self.target_node = crate::analysis::nodes::enb_name(&e);
                        row.target_node = Some(&self.target_node);
                    }
                }
            }
            Err(e) => row.error = Some(e.to_string()),
        }
        if !tables::micros_exact(msg.time) {
            // A damaged timestamp: the column cannot hold it, the note keeps it.
            row.notes.push(tables::clamped_time_note(msg.time));
        }
        let ue = self.has_ue.then_some(&self.ue);
        row.ue = ue.map(|u| u.label.as_str());
        row.ue_ctx = ue.and_then(|u| u.ue);
        // The message's own IMSI, else its UE's as validate's engine knows it by then.
        let known = ue.and_then(|u| u.imsi);
        row.ue_imsi = match (row.imsi, known) {
            (Some(own), _) => Some(own),
            (None, Some(i)) => {
                self.ue_imsi.clear();
                self.ue_imsi.push_str(i.as_str());
                Some(self.ue_imsi.as_str())
            }
            (None, None) => None,
        };
        let keys = key_rows(file, &msg, ue);
        Record { row, keys }
    }
}

/// The JSON keys `ids` reads, noted as the record is written ([`super::keyscan`]).
const READ: [&str; 17] = [
    "message",
    "procedure_code",
    "pdu_type",
    "mme_ue_s1ap_id",
    "enb_ue_s1ap_id",
    "old_enb_ue_x2ap_id",
    "new_enb_ue_x2ap_id",
    "imsi",
    "cause",
    "next_hop_chaining_count",
    "ncc",
    KEY_COLUMNS[0].1,
    KEY_COLUMNS[1].1,
    KEY_COLUMNS[2].1,
    KEY_COLUMNS[3].1,
    KEY_COLUMNS[4].1,
    KEY_COLUMNS[5].1,
];

/// The message name, UE ids, cause and security fields of a decoded message.
fn ids<'j>(d: &Decoded<'_>, v: [Option<&'j str>; READ.len()], row: &mut MessageRow<'j>) {
    let s = |i: usize| v[i].and_then(unquote);
    let num = |i: usize| v[i].and_then(|v| v.parse::<u64>().ok());
    row.message = s(0);
    match d {
        Decoded::S1ap(_) | Decoded::X2ap(_) => {
            row.procedure_code = num(1).and_then(|v| u8::try_from(v).ok());
            row.pdu_type = s(2);
        }
        Decoded::Gtpv2(m) => {
            row.message_type = Some(m.message_type.to_u8());
            row.teid = m.teid;
            row.sequence = Some(m.sequence);
        }
        Decoded::Gtpv1(m, _) => {
            row.message_type = Some(u8::from(m.header.message_type));
            row.teid = Some(m.header.teid);
            row.sequence = Some(u32::from(m.header.sequence_number));
        }
    }
    let id32 = |i: usize| num(i).and_then(|v| u32::try_from(v).ok());
    row.mme_ue_s1ap_id = id32(3);
    row.enb_ue_s1ap_id = id32(4);
    row.old_enb_ue_x2ap_id = id32(5);
    row.new_enb_ue_x2ap_id = id32(6);
    row.imsi = s(7);
    row.cause = v[8].map(|v| v.trim_matches('"'));
    row.ncc = num(9)
        .or_else(|| num(10))
        .and_then(|v| u8::try_from(v).ok());
    for (k, slot) in row.keys.iter_mut().enumerate() {
        *slot = s(11 + k);
    }
}

/// The `keys` rows of a message: what keyhop learned, unwrapped, derived or was delivered.
///
/// A key of a UE (one the key analysis names a UE for) is named as the message's `ue` and
/// `ue_ctx` name it (validate's engine), so the tables join on them; read's own wording of the
/// UE (`IMSI <digits>`) is another vocabulary and is not used.
fn key_rows<'e>(file: &'e str, msg: &Message<'_>, ue: Option<&MessageUe>) -> Vec<KeyRow<'e>> {
    let mut out = Vec::new();
    for n in &msg.security {
        let (ue, ue_ctx) = match (&n.ue, ue) {
            (Some(_), Some(u)) => (Some(u.label.as_str()), u.ue),
            _ => (None, None),
        };
        let base = |event, key: &str, value: String| KeyRow {
            file,
            frame: msg.frame,
            time: msg.time,
            event,
            key: key.to_owned(),
            ue: ue.map(str::to_owned),
            ue_ctx,
            enb: n.enb.clone().or_else(|| n.target_enb.clone()),
            key_id: n.key_id,
            refresh_counter: n.refresh_counter,
            value,
            item: n.item.clone(),
        };
        if let (Some(what), Some(k)) = (n.learned, &n.key) {
            out.push(base("learned", what, k.shown()));
        }
        if let Some(k) = &n.unwrapped_kenb {
            out.push(base("unwrapped", "kenb", k.shown()));
        }
        if let Some(k) = &n.h_key {
            out.push(base("refreshed", "h_key", k.shown()));
        }
        if let Some(d) = &n.derived {
            // The derived keys serialize as {name: key}: one row each.
            if let Ok(serde_json::Value::Object(m)) = serde_json::to_value(d) {
                for (k, v) in m {
                    if let serde_json::Value::String(v) = v {
                        out.push(base("derived", &k, v));
                    }
                }
            }
        }
    }
    out
}

/// A raw JSON string value without its quotes (`None` for other values).
fn unquote(v: &str) -> Option<&str> {
    (v.len() >= 2 && v.starts_with('"') && v.ends_with('"')).then(|| &v[1..v.len() - 1])
}

/// Milliseconds from step `a` to step `b` of a handover, where both were seen with times.
fn span_ms(h: &HoRecord, a: &[Step], b: &[Step]) -> Option<f64> {
    let at = |set: &[Step]| {
        h.steps
            .iter()
            .find(|s| set.contains(&s.0))
            .and_then(|s| s.2)
    };
    let (t0, t1) = (at(a)?, at(b)?);
    let us = tables::micros(t1) - tables::micros(t0);
    Some(us as f64 / 1000.0)
}

/// The `handovers` row of a handover validate saw end.
pub fn handover_row<'a>(file: &'a str, h: &HoRecord) -> HandoverRow<'a> {
    use Step::*;
    let first = h.steps.first();
    // A cancelled or failed handover lasts until the message that ended it.
    let last = h.ended_at.or_else(|| h.steps.last().map(|s| (s.1, s.2)));
    // Preparation: the source's request until the target is ready (S1: Required ->
    // Command; X2: Request -> Acknowledge; inter-RAT without S1 legs: Forward Relocation
    // Request -> Response). Execution: from there until the path is switched.
    let preparation_ms = span_ms(h, &[Required], &[Command])
        .or_else(|| span_ms(h, &[X2Request], &[X2Ack]))
        .or_else(|| span_ms(h, &[FrReq], &[FrResp]));
    let execution_ms = span_ms(h, &[Command], &[Notify, FrComplete])
        .or_else(|| span_ms(h, &[X2Ack], &[PathSwitchAck]));
    let complete = h.end == End::Complete;
    HandoverRow {
        file,
        ue: h.ue.clone(),
        ue_ctx: Some(h.ue_ctx),
        kind: h.kind.name(),
        outcome: match h.end {
            End::Complete => "complete",
            End::Cancelled => "cancelled",
            End::Failed => "failed",
            End::Open => "incomplete",
        },
        source_node: h.source.clone(),
        target_node: h.target.clone(),
        first_frame: first.map_or(0, |s| s.1),
        last_frame: last.map_or(0, |s| s.0),
        first_time: first.and_then(|s| s.2),
        last_time: last.and_then(|s| s.1),
        preparation_ms,
        execution_ms,
        steps: h
            .steps
            .iter()
            .map(|s| tables::StepAt {
                name: s.0.name(),
                file: None,
                frame: s.1,
            })
            .collect(),
        key_chain: if h.key_error {
            "error"
        } else if h.key_unchecked {
            "unchecked"
        } else {
            "ok"
        },
        forward_secrecy: complete && h.kind == crate::validate::rules::ProcKind::X2Makr,
    }
}

/// The partition of a `messages` row: its hour since the epoch with `--partition hour`,
/// [`ALL`] otherwise. A number, not the directory's text, so that finding a row's table costs
/// no formatting and no allocation.
type Key = i64;

/// The one partition without `--partition hour`.
const ALL: Key = Key::MIN;

/// The `messages` table of one input: its parts, or its parts per hour (`--partition hour`).
pub struct MessageWriter {
    out: PathBuf,
    name: String,
    format: FileFormat,
    compression: Compression,
    partition: Partition,
    rows_per_file: u64,
    /// The partitions with an open file (at most [`OPEN_HOURS`]).
    open: Vec<OpenPart>,
    /// Rows pushed so far: the clock of [`OpenPart::used`].
    pushed: u64,
    /// The parts of partitions whose file was closed to bound the open files: an hour that
    /// comes back continues its part numbers, as a file closed for its size does.
    closed: BTreeMap<Key, Parts>,
}

/// Hours held open at once with `--partition hour`. Captures are nearly in time order, but
/// one merged from probes whose clocks disagree, or damaged times, can alternate among a few
/// hours row by row: each hour closed and opened again would start a new part file, one per
/// switch. Held open, an hour costs its Parquet writer's unfinished row group, and the rows
/// pending in all hours' tables are bounded together (see [`MessageWriter::push`]), so more
/// hours cost no more pending rows than one.
const OPEN_HOURS: usize = 16;

/// A partition with an open file.
struct OpenPart {
    key: Key,
    /// Rows pending.
    rows: Messages,
    parts: Parts,
    /// When a row last went to it ([`MessageWriter::pushed`]): the hour unused the longest is
    /// the one closed to open another. Closing the earliest hour instead closed the capture's
    /// own hour whenever damaged times in later hours filled the open set, one new part file
    /// per damaged hour.
    used: u64,
}

impl MessageWriter {
    /// A writer of input `name`'s messages under `out`. The parts an earlier export of `name`
    /// left there are removed.
    pub fn new(out: &Path, name: &str, opts: &Options) -> io::Result<Self> {
        let mut w = MessageWriter {
            out: out.to_owned(),
            name: name.to_owned(),
            format: opts.format,
            compression: opts.compression,
            partition: opts.partition,
            rows_per_file: opts.rows_per_file,
            open: Vec::with_capacity(OPEN_HOURS),
            pushed: 0,
            closed: BTreeMap::new(),
        };
        match w.partition {
            // Created even when the capture holds no message: every input has its file.
            Partition::File => {
                w.table_for(ALL)?;
            }
            // The hours this export does not write would keep an earlier export's files.
            Partition::Hour => {
                let dir = out.join("messages");
                if dir.is_dir() {
                    for e in std::fs::read_dir(&dir)? {
                        let p = e?.path();
                        let hour = p.file_name().and_then(|n| n.to_str());
                        if p.is_dir() && hour.is_some_and(|h| h.starts_with("hour=")) {
                            sink::remove_parts(&p, name)?;
                        }
                    }
                }
            }
        }
        Ok(w)
    }

    /// The index in `open` of partition `key`, its file opened (the hour unused the longest
    /// closed first when `OPEN_HOURS` are open).
    fn table_for(&mut self, key: Key) -> io::Result<usize> {
        if let Some(i) = self.open.iter().position(|o| o.key == key) {
            return Ok(i);
        }
        if self.open.len() >= OPEN_HOURS {
            let stale = self
                .open
                .iter()
                .min_by_key(|o| o.used)
                .expect("not empty")
                .key;
            self.close_one(stale)?;
        }
        let mut parts = match self.closed.remove(&key) {
            Some(p) => p,
            None => {
                let (dir, stem) = match self.partition {
                    Partition::File => (
                        table_dir(&self.out, "messages", &self.name),
                        PART_STEM.to_owned(),
                    ),
                    Partition::Hour => {
                        let start = Timestamp {
                            secs: key.saturating_mul(3600),
                            nanos: 0,
                        };
                        (
                            self.out
                                .join("messages")
                                .join(format!("hour={}", hour_of(start))),
                            self.name.clone(),
                        )
                    }
                };
                Parts::new(
                    &dir,
                    &stem,
                    Messages::schema(),
                    self.format,
                    self.compression,
                    self.rows_per_file,
                )?
            }
        };
        parts.open_file()?;
        self.open.push(OpenPart {
            key,
            rows: Messages::new(),
            parts,
            used: self.pushed,
        });
        Ok(self.open.len() - 1)
    }

    /// Writes the pending rows of `key` and closes its file.
    fn close_one(&mut self, key: Key) -> io::Result<()> {
        if let Some(i) = self.open.iter().position(|o| o.key == key) {
            let mut o = self.open.swap_remove(i);
            if !o.rows.is_empty() {
                o.parts.write(&o.rows.take())?;
            }
            o.parts.end_file()?;
            self.closed.insert(o.key, o.parts);
        }
        Ok(())
    }

    /// Appends a row (writing a row group when one is full).
    ///
    /// With several hours open, the rows pending in their tables together are held to a row
    /// group's worth: past it, the hour with the most pending hands them to its Parquet
    /// writer, which adds them to its unfinished row group (rows move from Arrow builders to
    /// encoded pages; no small row group, no new file).
    pub fn push(&mut self, r: &MessageRow<'_>) -> io::Result<()> {
        let key = match self.partition {
            Partition::File => ALL,
            Partition::Hour => r.time.secs.div_euclid(3600),
        };
        let i = self.table_for(key)?;
        self.pushed += 1;
        let o = &mut self.open[i];
        o.rows.push(r);
        o.used = self.pushed;
        // One table open (by file, or one hour at a time): it, as its row group fills.
        if self.pending() >= sink::ROWS_PER_GROUP {
            let o = self
                .open
                .iter_mut()
                .max_by_key(|o| o.rows.len())
                .expect("a row is pending");
            o.parts.write(&o.rows.take())?;
        }
        Ok(())
    }

    /// Rows pending in the open tables together: below [`sink::ROWS_PER_GROUP`] between pushes.
    fn pending(&self) -> usize {
        self.open.iter().map(|o| o.rows.len()).sum()
    }

    /// Writes what is pending and closes every file.
    pub fn close(mut self) -> io::Result<()> {
        let mut keys: Vec<Key> = self.open.iter().map(|o| o.key).collect();
        keys.sort_unstable();
        for k in keys {
            self.close_one(k)?;
        }
        Ok(())
    }
}

/// `YYYY-MM-DDTHH` of a capture time (UTC); a year of more than four digits (a damaged pcapng
/// timestamp) keeps them all.
fn hour_of(t: Timestamp) -> String {
    let s = t.rfc3339_micros();
    match s.split_once('T') {
        Some((date, time)) => format!("{date}T{}", time.get(..2).unwrap_or(time)),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pushes a bare row of `frame` at `hour` hours past a fixed time; its hour's name.
    fn push_at(w: &mut MessageWriter, frame: u64, hour: i64) -> String {
        let time = Timestamp {
            secs: 1_700_000_000 + hour * 3600,
            nanos: 0,
        };
        w.push(&MessageRow {
            file: "in.pcap",
            frame,
            time,
            ..Default::default()
        })
        .unwrap();
        hour_of(time)
    }

    /// A fresh output directory named after `tag` and a `--partition hour` writer of
    /// `in.pcap` into it, with `rows_per_file` (the default when `None`).
    fn hour_writer(tag: &str, rows_per_file: Option<u64>) -> (PathBuf, MessageWriter) {
        let out = std::env::temp_dir().join(format!("keyhop-hour-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let mut opts = Options {
            partition: Partition::Hour,
            ..Options::default()
        };
        if let Some(n) = rows_per_file {
            opts.rows_per_file = n;
        }
        let w = MessageWriter::new(&out, "in.pcap", &opts).unwrap();
        (out, w)
    }

    /// A part file's row groups (their row counts) and frames.
    fn part_frames(p: &Path) -> (Vec<i64>, Vec<u64>) {
        let f = std::fs::File::open(p).unwrap();
        let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
        let groups = r
            .metadata()
            .row_groups()
            .iter()
            .map(|g| g.num_rows())
            .collect();
        let mut frames = Vec::new();
        for b in r.build().unwrap() {
            let b = b.unwrap();
            let c = b.column_by_name("frame").unwrap();
            let c = c
                .as_any()
                .downcast_ref::<arrow_array::UInt64Array>()
                .unwrap();
            frames.extend(c.values().iter().copied());
        }
        (groups, frames)
    }

    #[test]
    fn hours() {
        let t = Timestamp {
            secs: 1_700_000_000,
            nanos: 5,
        };
        assert_eq!(hour_of(t), "2023-11-14T22");
        // A damaged pcapng timestamp far beyond the year 9999.
        let far = Timestamp {
            secs: 17_007_000_000_000,
            nanos: 0,
        };
        let h = hour_of(far);
        assert!(far.rfc3339_micros().starts_with(&h), "{h}");
        assert_eq!(h.len() - h.find('T').unwrap(), 3, "{h}");
    }

    /// `--partition hour` with more hours than it holds open and parts of 3 rows: an hour
    /// closed by eviction and one closed for its size share one counter, so no file is
    /// overwritten: every hour's files are `NAME-0..K`, each at most 3 rows, and together
    /// they hold every row, each hour's in the order pushed.
    #[test]
    fn hour_parts_are_unique_across_eviction_and_size() {
        let (out, mut w) = hour_writer("parts", Some(3));
        // OPEN_HOURS + 3 hours in turns, OPEN_HOURS open at once: each turn reopens evicted
        // hours.
        let turn = OPEN_HOURS as u64 + 3;
        let mut pushed: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        for frame in 0..turn * 12 {
            let h = (frame % turn) as i64 + (frame / (turn * 6)) as i64;
            pushed
                .entry(push_at(&mut w, frame, h))
                .or_default()
                .push(frame);
        }
        w.close().unwrap();
        for (hour, want) in &pushed {
            let dir = out.join("messages").join(format!("hour={hour}"));
            let mut ks: Vec<u32> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| {
                    let n = e.unwrap().file_name().into_string().unwrap();
                    sink::part_number(&n, "in.pcap").unwrap_or_else(|| panic!("{n}"))
                })
                .collect();
            ks.sort();
            assert_eq!(ks, (0..ks.len() as u32).collect::<Vec<_>>(), "{hour}");
            let mut got = Vec::new();
            for k in ks {
                let p = sink::part_path(&dir, "in.pcap", k, FileFormat::Parquet);
                let (_, frames) = part_frames(&p);
                let n = frames.len();
                got.extend(frames);
                assert!((1..=3).contains(&n), "{}: {n} rows", p.display());
            }
            assert_eq!(&got, want, "{hour}");
        }
        assert!(pushed.len() > OPEN_HOURS);
        let _ = std::fs::remove_dir_all(&out);
    }

    /// A capture's own hour with damaged times scattered through it, each in an hour of its
    /// own and later than the capture's (more of them than `OPEN_HOURS`): the capture's hour
    /// stays open, so it is one file, not one per damaged hour; each damaged hour is one file
    /// of its row.
    #[test]
    fn damaged_hours_do_not_split_the_capture_hour() {
        let (out, mut w) = hour_writer("damaged", None);
        let damaged = 3 * OPEN_HOURS as u64;
        let mut own = (String::new(), Vec::new());
        for frame in 0..damaged * 50 {
            if frame % 50 == 49 {
                // Hours far past the capture's, each once.
                push_at(&mut w, frame, 1_000_000 + (frame / 50) as i64 * 7);
            } else {
                own.0 = push_at(&mut w, frame, 10);
                own.1.push(frame);
            }
        }
        w.close().unwrap();
        let dirs: Vec<_> = std::fs::read_dir(out.join("messages"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(dirs.len() as u64, damaged + 1);
        for dir in dirs {
            let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
            assert_eq!(files.len(), 1, "{}: one file", dir.display());
            let (_, frames) =
                part_frames(&sink::part_path(&dir, "in.pcap", 0, FileFormat::Parquet));
            if dir.ends_with(format!("hour={}", own.0)) {
                assert_eq!(frames, own.1, "the capture's hour holds its rows in order");
            } else {
                assert_eq!(frames.len(), 1, "{}", dir.display());
            }
        }
        let _ = std::fs::remove_dir_all(&out);
    }

    /// Rows alternating among a few hours, row by row (a capture merged from probes whose
    /// clocks disagree): one file per hour, not one per switch, its row groups whole
    /// (ROWS_PER_GROUP rows but the last), each hour's rows in the order pushed, and no more
    /// rows pending in the builders than one row group's worth.
    #[test]
    fn alternating_hours_make_one_file_each() {
        let (out, mut w) = hour_writer("alt", None);
        let hours = 6u64;
        let per_hour = sink::ROWS_PER_GROUP as u64 + 1_000;
        for frame in 0..hours * per_hour {
            push_at(&mut w, frame, (frame % hours) as i64);
            assert!(
                w.pending() < sink::ROWS_PER_GROUP,
                "{} pending",
                w.pending()
            );
        }
        w.close().unwrap();
        let dirs: Vec<_> = std::fs::read_dir(out.join("messages"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(dirs.len(), hours as usize);
        for dir in dirs {
            let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
            assert_eq!(files.len(), 1, "{}: one file", dir.display());
            let p = sink::part_path(&dir, "in.pcap", 0, FileFormat::Parquet);
            let (groups, frames) = part_frames(&p);
            assert_eq!(
                groups,
                [sink::ROWS_PER_GROUP as i64, 1_000],
                "{}: whole row groups",
                p.display()
            );
            let first = frames[0];
            let want: Vec<u64> = (0..per_hour).map(|k| first + k * hours).collect();
            assert_eq!(frames, want, "{}: the hour's rows in order", p.display());
        }
        let _ = std::fs::remove_dir_all(&out);
    }
}
