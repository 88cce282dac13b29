//! `keyhop export --merge DIR`: the `handovers` table rebuilt across the files of a dataset
//! from the correlation columns of `messages` ([`super::links`]), so that a handover cut
//! between two capture files is one row again. Written to `DIR/handovers_merged/`.
//!
//! The rebuild: every message with UE links, in time order over all files (ties: file name,
//! frame); messages sharing a link are one UE (union-find; a UE context release ends its S1
//! links, so a recycled id starts a new UE); each UE's messages then go through validate's
//! handover order tables ([`crate::validate::machine`]) as validate runs them: which message
//! opens a handover, which continues it, which cancels it, when it is complete. docs/export.sql
//! is the same rebuild in SQL.

use super::sink::{Compression, FileFormat, Parts};
use super::tables::{self, HandoverRow};
use crate::capture::Timestamp;
use crate::validate::machine::{self, Step};
use crate::validate::rules::ProcKind;
use arrow_array::cast::AsArray;
use arrow_array::types::{TimestampMicrosecondType, UInt64Type};
use arrow_array::{Array, RecordBatch};
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

/// What a merge read and wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Files of `messages` read.
    pub files: usize,
    /// Messages with UE links.
    pub linked: u64,
    /// UEs found.
    pub ues: u64,
    /// Rows of the merged table.
    pub handovers: u64,
    /// The directory written (its part files).
    pub output: PathBuf,
}

/// The order of a table's files: by directory, then by the stem of a part file
/// (`part`, `NAME`) and its part number as a number (`part-9` before `part-10`), so that an
/// input's parts are read in the order they were written.
fn part_order(p: &Path) -> (Option<&Path>, &str, u64, &std::ffi::OsStr) {
    let name = p.file_name().unwrap_or_default();
    let file = name.to_str().unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |x| x.0);
    match stem.rsplit_once('-') {
        Some((s, k)) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) => {
            (p.parent(), s, k.parse().unwrap_or(u64::MAX), name)
        }
        _ => (p.parent(), stem, 0, name),
    }
}

/// Every file of `table` under `dir`, with its format, in [`part_order`].
fn table_files(dir: &Path, table: &str) -> io::Result<Vec<(PathBuf, FileFormat)>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.join(table)];
    while let Some(d) = todo.pop() {
        if !d.is_dir() {
            continue;
        }
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                match p.extension().and_then(|x| x.to_str()) {
                    Some("parquet") => out.push((p, FileFormat::Parquet)),
                    Some("arrow") => out.push((p, FileFormat::Arrow)),
                    _ => {}
                }
            }
        }
    }
    out.sort_by(|a, b| part_order(&a.0).cmp(&part_order(&b.0)));
    Ok(out)
}

fn bad(p: &Path, e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", p.display()))
}

/// The record batches of one table file, with only `columns`.
fn batches(
    p: &Path,
    format: FileFormat,
    columns: &[&str],
) -> io::Result<Box<dyn Iterator<Item = io::Result<RecordBatch>>>> {
    let f = std::fs::File::open(p)?;
    let pp = p.to_owned();
    match format {
        FileFormat::Parquet => {
            use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
            let b = ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| bad(p, e))?;
            let sd = b.parquet_schema();
            let idx = columns
                .iter()
                .map(|c| {
                    b.schema().index_of(c).map_err(|_| {
                        bad(
                            p,
                            format!("no column {c} (schema version 2 or later needed)"),
                        )
                    })
                })
                .collect::<io::Result<Vec<_>>>()?;
            let mask = parquet::arrow::ProjectionMask::roots(sd, idx);
            let r = b.with_projection(mask).build().map_err(|e| bad(p, e))?;
            Ok(Box::new(r.map(move |b| b.map_err(|e| bad(&pp, e)))))
        }
        FileFormat::Arrow => {
            let r = arrow_ipc::reader::FileReader::try_new(f, None).map_err(|e| bad(p, e))?;
            let schema = r.schema();
            let idx = columns
                .iter()
                .map(|c| {
                    schema.index_of(c).map_err(|_| {
                        bad(
                            p,
                            format!("no column {c} (schema version 2 or later needed)"),
                        )
                    })
                })
                .collect::<io::Result<Vec<_>>>()?;
            Ok(Box::new(r.map(move |b| {
                b.and_then(|b| b.project(&idx)).map_err(|e| bad(&pp, e))
            })))
        }
    }
}

/// The columns `names` of `b`, each checked to have the type `want` gives it (so the casts
/// that follow cannot fail on a file of another schema).
fn typed(
    p: &Path,
    b: &RecordBatch,
    want: &arrow_schema::Schema,
    names: &[&str],
) -> io::Result<Vec<arrow_array::ArrayRef>> {
    names
        .iter()
        .map(|n| {
            let c = b
                .column_by_name(n)
                .ok_or_else(|| bad(p, format!("no column {n}")))?;
            let t = want.field_with_name(n).map_err(|e| bad(p, e))?.data_type();
            if !c.data_type().equals_datatype(t) {
                return Err(bad(
                    p,
                    format!("column {n} is {} where {t} was expected", c.data_type()),
                ));
            }
            Ok(c.clone())
        })
        .collect()
}

/// One message with UE links.
struct Row {
    file: u32,
    frame: u64,
    time: i64,
    /// Position in the dataset as read, files in [`part_order`] (tie-break within a frame:
    /// an input's rows of one time are in one directory, its parts in the order written).
    pos: u64,
    src: u32,
    dst: u32,
    event: Option<Ev>,
    opens: Option<ProcKind>,
    links: Vec<u32>,
    release: bool,
    imsi: Option<Box<str>>,
    /// (MME endpoint, MME-UE-S1AP-ID) of an `s1m` link.
    alias: Option<(u32, u32)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ev {
    Step(Step),
    /// A cancellation or failure that ends a running handover of its plane.
    End(machine::Ending),
    Setup,
}

fn ev_of(s: &str) -> Option<Ev> {
    match s {
        "setup" => Some(Ev::Setup),
        _ => Step::from_name(s)
            .map(Ev::Step)
            .or_else(|| machine::Ending::from_name(s).map(Ev::End)),
    }
}

fn kind_of(s: &str) -> Option<ProcKind> {
    ProcKind::ALL.iter().copied().find(|k| k.name() == s)
}

/// Interned strings.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.ids.insert(s.to_owned(), i);
        self.names.push(s.to_owned());
        i
    }
}

/// The name of a node endpoint over the dataset: the one that says most (a setup's name over
/// an identity alone over a cell it serves over an address; `name_rank`), the latest of those.
#[derive(Default, Clone)]
struct NodeName {
    best: Option<((u8, i64), String)>,
}

/// How much a node name says: 3 with the name from a setup (`eNB 001-01:macro:1a2b3 (north)`),
/// 2 with an identity, 1 with a cell the eNB serves (`eNB 001-01:cell:1a2b301`: a file that
/// saw the eNB's ID names it better), 0 when it is the endpoint's address.
pub fn name_rank(name: &str, addr: &str) -> u8 {
    if name.ends_with(')') && name.contains(" (") {
        3
    } else if name.contains(addr) {
        0
    } else if name.contains(":cell:") {
        1
    } else {
        2
    }
}

impl NodeName {
    fn see(&mut self, time: i64, name: &str, endpoint: &str) {
        let addr = endpoint.rsplit_once(':').map_or(endpoint, |x| x.0);
        let addr = addr.trim_start_matches('[').trim_end_matches(']');
        let rank = (name_rank(name, addr), time);
        if self.best.as_ref().is_none_or(|b| b.0 <= rank) {
            self.best = Some((rank, name.to_owned()));
        }
    }
}

/// The identity part of a node name of rank 1 to 3 (`eNB 001-01:macro:1a2b3`).
fn identity(name: &str) -> &str {
    name.split_once(" (").map_or(name, |x| x.0)
}

/// The address of an endpoint `a:p` / `[v6]:p`.
fn addr_of(ep: &str) -> &str {
    let a = ep.rsplit_once(':').map_or(ep, |x| x.0);
    a.trim_start_matches('[').trim_end_matches(']')
}

/// Node names resolved over the dataset: per endpoint its best name, where that is an
/// identity the best name of the identity (from any endpoint of the node), and per address
/// the identity of its node.
struct Resolved {
    names: Vec<Option<String>>,
    by_ip: HashMap<String, String>,
    ids: HashMap<String, String>,
}

impl Resolved {
    fn new(endpoints: &[String], names: &[NodeName]) -> Self {
        let mut ids: HashMap<String, ((u8, i64), String)> = HashMap::new();
        let mut by_ip: HashMap<String, ((u8, i64), String)> = HashMap::new();
        for (ep, n) in endpoints.iter().zip(names) {
            let Some((rank, name)) = &n.best else {
                continue;
            };
            if rank.0 == 0 {
                continue;
            }
            let id = identity(name).to_owned();
            let e = ids.entry(id.clone()).or_insert((*rank, name.clone()));
            if e.0 <= *rank {
                *e = (*rank, name.clone());
            }
            let e = by_ip
                .entry(addr_of(ep).to_owned())
                .or_insert((*rank, id.clone()));
            if e.0 <= *rank {
                *e = (*rank, id);
            }
        }
        let ids: HashMap<String, String> = ids.into_iter().map(|(k, v)| (k, v.1)).collect();
        let names = names
            .iter()
            .map(|n| {
                n.best.as_ref().map(|(rank, name)| match rank.0 {
                    0 => name.clone(),
                    _ => ids
                        .get(identity(name))
                        .cloned()
                        .unwrap_or_else(|| name.clone()),
                })
            })
            .collect();
        Resolved {
            names,
            by_ip: by_ip.into_iter().map(|(k, v)| (k, v.1)).collect(),
            ids,
        }
    }

    /// The name of endpoint `e`.
    fn name(&self, e: u32) -> Option<&str> {
        self.names.get(e as usize)?.as_deref()
    }

    /// `em|IP|ID` and `mm|ENDPOINT|ID` with the node's identity for IP or ENDPOINT, where
    /// known; other keys as they are.
    fn canonical_key(&self, k: &str) -> String {
        let mut it = k.splitn(3, '|');
        let (Some(kind), Some(node), Some(id)) = (it.next(), it.next(), it.next()) else {
            return k.to_owned();
        };
        let named = match kind {
            "em" => self.by_ip.get(node),
            "mm" => self.by_ip.get(addr_of(node)),
            _ => None,
        };
        match named {
            Some(n) if self.ids.contains_key(n) => format!("{kind}|{n}|{id}"),
            _ => k.to_owned(),
        }
    }
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[x as usize];
        parent[x as usize] = parent[p as usize];
        x = p;
    }
    x
}

/// A handover of the rebuild.
struct MHo {
    kind: ProcKind,
    steps: Vec<(Step, usize)>,
    end: machine::End,
    /// The row that cancelled or failed it.
    ended_at: Option<usize>,
    source: Option<u32>,
    opened: usize,
}

impl MHo {
    fn has(&self, s: Step) -> bool {
        self.steps.iter().any(|x| x.0 == s)
    }
    fn is_x2(&self) -> bool {
        matches!(self.kind, ProcKind::X2Legacy | ProcKind::X2Makr)
    }
    /// validate's order check, less its findings: a step of the table, not yet seen, while
    /// the handover runs; the table's last step completes it.
    fn advance(&mut self, s: Step, row: usize) {
        let table = machine::table_of(self.kind);
        if !table.contains(&s) || self.has(s) || self.end != machine::End::Open {
            return;
        }
        self.steps.push((s, row));
        if table.last() == Some(&s) {
            self.end = machine::End::Complete;
        }
    }
}

/// A UE of the rebuild.
#[derive(Default)]
struct MUe {
    serving: Option<u32>,
    target: Option<u32>,
    imsi: Option<Box<str>>,
    alias: Option<(u32, u32)>,
    ho: Option<MHo>,
}

/// Rebuilds the `handovers` table of the dataset at `dir` across its files and writes it to
/// `dir/handovers_merged/part-K.{parquet,arrow}` (the format of the `messages` files; parts
/// of at most `rows_per_file` rows, as [`super::Options::rows_per_file`]).
pub fn merge(dir: &Path, rows_per_file: u64) -> io::Result<MergeSummary> {
    let files = table_files(dir, "messages")?;
    if files.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{}: no messages table (keyhop export writes one)",
                dir.display()
            ),
        ));
    }
    let format = files[0].1;
    let mut file_names = Interner::default();
    let mut endpoints = Interner::default();
    let mut keys = Interner::default();
    let mut names: Vec<NodeName> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    const COLS: [&str; 15] = [
        "file",
        "frame",
        "time",
        "src_addr",
        "src_port",
        "dst_addr",
        "dst_port",
        "src_node",
        "dst_node",
        "ue_event",
        "ho_kind",
        "ue_links",
        "ue_release",
        "imsi",
        "target_node",
    ];
    let mut pos = 0u64;
    // A HandoverRequired's target eNB by its container, and the HandoverRequests carrying a
    // container (receiver, container, time): the target names the receiver, as in one file
    // (validate's node learning), also where the two are in different files.
    let mut target_of: HashMap<String, String> = HashMap::new();
    let mut requests: Vec<(u32, String, i64)> = Vec::new();
    for (path, fmt) in &files {
        for b in batches(path, *fmt, &COLS)? {
            let b = b?;
            let want = tables::Messages::schema();
            let cols = typed(path, &b, &want, &COLS)?;
            let col = |i: usize| &cols[i];
            let file = col(0).as_string::<i32>();
            let frame = col(1).as_primitive::<UInt64Type>();
            let time = col(2).as_primitive::<TimestampMicrosecondType>();
            let sa = col(3).as_string::<i32>();
            let sp = col(4).as_primitive::<arrow_array::types::UInt16Type>();
            let da = col(5).as_string::<i32>();
            let dp = col(6).as_primitive::<arrow_array::types::UInt16Type>();
            let sn = col(7).as_string::<i32>();
            let dn = col(8).as_string::<i32>();
            let ev = col(9).as_string::<i32>();
            let hk = col(10).as_string::<i32>();
            let links = col(11).as_list::<i32>();
            let rel = col(12).as_boolean();
            let imsi = col(13).as_string::<i32>();
            let tn = col(14).as_string::<i32>();
            for i in 0..b.num_rows() {
                pos += 1;
                let l = links.value(i);
                let l = l.as_string::<i32>();
                let t = time.value(i);
                let mut ep = |a: &str, p: u16, node: Option<&str>| {
                    let key = if a.contains(':') {
                        format!("[{a}]:{p}")
                    } else {
                        format!("{a}:{p}")
                    };
                    let id = endpoints.id(&key);
                    if names.len() <= id as usize {
                        names.resize(id as usize + 1, NodeName::default());
                    }
                    if let Some(n) = node {
                        names[id as usize].see(t, n, &key);
                    }
                    id
                };
                let src = ep(
                    sa.value(i),
                    sp.value(i),
                    sn.is_valid(i).then(|| sn.value(i)),
                );
                let dst = ep(
                    da.value(i),
                    dp.value(i),
                    dn.is_valid(i).then(|| dn.value(i)),
                );
                // Every message names its nodes; only those with links are UE messages.
                if l.is_empty() {
                    continue;
                }
                let container = l.iter().flatten().find_map(|k| {
                    k.strip_prefix("c|")
                        .or_else(|| k.strip_prefix("c+|"))
                        .map(str::to_owned)
                });
                if let Some(c) = container {
                    if tn.is_valid(i) {
                        target_of.insert(c, tn.value(i).to_owned());
                    } else if ev.is_valid(i) && ev.value(i) == "HandoverRequest" {
                        requests.push((dst, c, t));
                    }
                }
                let mut alias = None;
                let mut ids = Vec::with_capacity(l.len());
                for k in l.iter().flatten() {
                    if alias.is_none() {
                        if let Some(rest) = k.strip_prefix("s1m|") {
                            let mut it = rest.split('|');
                            if let (Some(_), Some(m), Some(id)) = (it.next(), it.next(), it.next())
                            {
                                if let Ok(id) = id.parse::<u32>() {
                                    alias = Some((endpoints.id(m), id));
                                }
                            }
                        }
                    }
                    ids.push(keys.id(k));
                }
                if names.len() < endpoints.names.len() {
                    names.resize(endpoints.names.len(), NodeName::default());
                }
                rows.push(Row {
                    file: file_names.id(file.value(i)),
                    frame: frame.value(i),
                    time: t,
                    pos,
                    src,
                    dst,
                    event: ev.is_valid(i).then(|| ev_of(ev.value(i))).flatten(),
                    opens: hk.is_valid(i).then(|| kind_of(hk.value(i))).flatten(),
                    links: ids,
                    release: rel.value(i),
                    imsi: imsi.is_valid(i).then(|| imsi.value(i).into()),
                    alias,
                });
            }
        }
    }
    // Time order over the files; ties by file name, then position in the file.
    let order_of_file: Vec<u32> = {
        let mut v: Vec<u32> = (0..file_names.names.len() as u32).collect();
        v.sort_by(|a, b| file_names.names[*a as usize].cmp(&file_names.names[*b as usize]));
        let mut rank = vec![0u32; v.len()];
        for (r, f) in v.iter().enumerate() {
            rank[*f as usize] = r as u32;
        }
        rank
    };
    rows.sort_by_key(|r| (r.time, order_of_file[r.file as usize], r.pos));
    for (dst, c, t) in requests {
        if let Some(n) = target_of.get(&c) {
            names[dst as usize].see(t, n, &endpoints.names[dst as usize]);
        }
    }

    // Node identities over the dataset (a setup seen in one file names the node in every
    // file), and the keys that name a node by address or endpoint named by its identity, so
    // that a node with several addresses (IPv4 and IPv6, S1 and X2) is one node as in validate.
    let resolved = Resolved::new(&endpoints.names, &names);
    // A `kind+|` key (an id allocated by its message) is the `kind|` key starting a new epoch
    // (flag bit 31).
    const STARTS: u32 = 1 << 31;
    let canon: Vec<u32> = (0..keys.names.len())
        .map(|k| {
            let s = keys.names[k].clone();
            if let Some((kind, rest)) = s.split_once("+|") {
                return keys.id(&format!("{kind}|{rest}")) | STARTS;
            }
            let c = resolved.canonical_key(&s);
            if c == s {
                k as u32
            } else {
                keys.id(&c)
            }
        })
        .collect();
    for r in &mut rows {
        for k in &mut r.links {
            *k = canon[*k as usize];
        }
    }

    // UEs: union-find over (key, epoch) nodes; a release starts a new epoch of its S1 keys.
    let mut epoch: Vec<u32> = vec![0; keys.names.len()];
    let mut node_of: HashMap<(u32, u32), u32> = HashMap::new();
    let mut parent: Vec<u32> = Vec::new();
    let mut row_node: Vec<u32> = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut first = None;
        for &k in &r.links {
            let k = if k & STARTS != 0 {
                let k = k & !STARTS;
                epoch[k as usize] += 1;
                k
            } else {
                k
            };
            let n = *node_of.entry((k, epoch[k as usize])).or_insert_with(|| {
                parent.push(parent.len() as u32);
                parent.len() as u32 - 1
            });
            match first {
                None => first = Some(n),
                Some(f) => {
                    let (a, b) = (find(&mut parent, f), find(&mut parent, n));
                    if a != b {
                        // The older node stays the root.
                        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                        parent[hi as usize] = lo;
                    }
                }
            }
        }
        row_node.push(first.expect("rows have links"));
        if r.release {
            for &k in &r.links {
                let s = &keys.names[(k & !STARTS) as usize];
                if s.starts_with("s1m|") || s.starts_with("s1e|") || s.starts_with("em|") {
                    epoch[k as usize] += 1;
                }
            }
        }
    }
    drop(node_of);

    // Per-file key-chain verdicts by (file, frame) of their steps.
    let verdicts = key_chain_verdicts(dir, &mut file_names)?;

    let mut ues: HashMap<u32, MUe> = HashMap::new();
    let mut out: Vec<(usize, MHo, MUe)> = Vec::new();
    let mut summary = MergeSummary {
        files: files.len(),
        linked: rows.len() as u64,
        ..Default::default()
    };
    let close = |out: &mut Vec<(usize, MHo, MUe)>, ue: &MUe, ho: MHo| {
        let brief = MUe {
            serving: None,
            target: ue.target,
            imsi: ue.imsi.clone(),
            alias: ue.alias,
            ho: None,
        };
        out.push((ho.opened, ho, brief));
    };
    for (i, r) in rows.iter().enumerate() {
        let root = find(&mut parent, row_node[i]);
        let ue = ues.entry(root).or_default();
        if r.imsi.is_some() && ue.imsi.is_none() {
            ue.imsi.clone_from(&r.imsi);
        }
        if ue.alias.is_none() {
            ue.alias = r.alias;
        }
        let open_kind = |ue: &MUe| {
            ue.ho
                .as_ref()
                .filter(|h| h.end == machine::End::Open)
                .map(|h| h.kind)
        };
        let mut opens = None;
        match r.event {
            Some(Ev::Step(Step::Required)) => {
                ue.serving = Some(r.src);
                opens = r.opens;
            }
            Some(Ev::Step(Step::FrReq)) => {
                let cont = ue.ho.as_ref().is_some_and(|h| {
                    h.end == machine::End::Open
                        && matches!(h.kind, ProcKind::S1IntraMme | ProcKind::EutranToUtran)
                        && !h.has(Step::FrReq)
                });
                if !cont {
                    opens = r.opens;
                }
            }
            // A HandoverRequest continues a running S1 or inter-RAT handover, a path switch a
            // running X2 one; else each opens one.
            Some(Ev::Step(Step::Request))
                if !open_kind(ue)
                    .is_some_and(|k| !matches!(k, ProcKind::X2Legacy | ProcKind::X2Makr)) =>
            {
                opens = r.opens;
            }
            Some(Ev::Step(Step::PathSwitch))
                if !open_kind(ue)
                    .is_some_and(|k| matches!(k, ProcKind::X2Legacy | ProcKind::X2Makr)) =>
            {
                opens = Some(ProcKind::X2Legacy);
            }
            Some(Ev::Step(Step::X2Request)) => opens = r.opens,
            _ => {}
        }
        if let Some(kind) = opens {
            if let Some(prev) = ue.ho.take() {
                close(&mut out, ue, prev);
            }
            ue.ho = Some(MHo {
                kind,
                steps: Vec::new(),
                end: machine::End::Open,
                ended_at: None,
                source: ue.serving,
                opened: i,
            });
        }
        match r.event {
            Some(Ev::Step(Step::Required)) => ue.target = None,
            Some(Ev::Step(Step::Request | Step::X2Request)) => ue.target = Some(r.dst),
            Some(Ev::Step(Step::PathSwitch)) => ue.target = Some(r.src),
            Some(Ev::Step(Step::Notify)) => ue.serving = Some(r.src),
            Some(Ev::Step(Step::PathSwitchAck)) | Some(Ev::Setup) => ue.serving = Some(r.dst),
            _ => {}
        }
        if matches!(r.event, Some(Ev::Step(Step::X2Request))) && ue.serving.is_none() {
            ue.serving = Some(r.src);
        }
        // A UE context release at the eNB serving the UE (either end of the release is it:
        // the other is the MME), else at its target if it has one, ends a handover still in
        // preparation as cancelled, as validate's engine does (a side gave it up); once the
        // UE has moved it goes on.
        let at = |e: u32| r.src == e || r.dst == e;
        let at_serving = match ue.serving {
            Some(s) => at(s),
            None => ue.target.is_none_or(at),
        };
        let Some(ho) = ue.ho.as_mut() else { continue };
        let moved = [Step::Command, Step::X2Ack, Step::Notify, Step::PathSwitch]
            .iter()
            .any(|s| ho.has(*s));
        if r.release && at_serving && !moved && ho.end == machine::End::Open {
            ho.end = machine::End::Cancelled;
            ho.ended_at = Some(i);
        }
        match r.event {
            // A cancellation or failure ends a running handover of its plane.
            Some(Ev::End(e)) if ho.is_x2() == e.x2 && ho.end == machine::End::Open => {
                ho.end = e.end;
                ho.ended_at = Some(i);
            }
            // validate records the X2 release whenever it comes.
            Some(Ev::Step(Step::X2Release)) if ho.is_x2() => ho.steps.push((Step::X2Release, i)),
            // The S10 leg turns an intra-MME S1 handover into an inter-MME one (not after the
            // HandoverRequest: then the step is out of order and not taken, as the table says).
            Some(Ev::Step(Step::FrReq))
                if ho.kind == ProcKind::S1IntraMme && !ho.has(Step::Request) =>
            {
                ho.kind = ProcKind::S1InterMme;
                ho.advance(Step::FrReq, i);
            }
            Some(Ev::Step(s)) => ho.advance(s, i),
            _ => {}
        }
    }
    for ue in ues.values_mut() {
        if let Some(ho) = ue.ho.take() {
            close(&mut out, ue, ho);
        }
    }
    summary.ues = ues.len() as u64;
    // Rows in the order their handovers opened.
    out.sort_by_key(|o| o.0);

    let path = dir.join("handovers_merged");
    let mut sink = Parts::new(
        &path,
        super::PART_STEM,
        tables::MergedHandovers::schema(),
        format,
        Compression::default(),
        rows_per_file,
    )?;
    // The table exists (with its schema) when no handover was found.
    sink.open_file()?;
    let mut table = tables::MergedHandovers::new();
    // An eNB no message named is named as validate names a node it knows by role only.
    let ep_name = |e: Option<u32>| {
        e.map(|e| {
            resolved
                .name(e)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("eNB {}", addr_of(&endpoints.names[e as usize])))
        })
    };
    for (_, ho, ue) in &out {
        let ts = |row: usize| Timestamp {
            secs: rows[row].time.div_euclid(1_000_000),
            nanos: (rows[row].time.rem_euclid(1_000_000) * 1000) as u32,
        };
        let at = |set: &[Step]| ho.steps.iter().find(|s| set.contains(&s.0)).map(|s| s.1);
        let span = |a: &[Step], b: &[Step]| {
            let (x, y) = (at(a)?, at(b)?);
            Some((rows[y].time - rows[x].time) as f64 / 1000.0)
        };
        use Step::*;
        let preparation_ms = span(&[Required], &[Command])
            .or_else(|| span(&[X2Request], &[X2Ack]))
            .or_else(|| span(&[FrReq], &[FrResp]));
        let execution_ms =
            span(&[Command], &[Notify, FrComplete]).or_else(|| span(&[X2Ack], &[PathSwitchAck]));
        let first = ho.steps.first().map_or(ho.opened, |s| s.1);
        // A cancelled or failed handover lasts until the message that ended it.
        let last_row = ho.ended_at.or(ho.steps.last().map(|s| s.1));
        let last = last_row.unwrap_or(ho.opened);
        let fname = |row: usize| file_names.names[rows[row].file as usize].as_str();
        let label = match (&ue.imsi, ue.alias) {
            (Some(i), _) => format!("imsi:{i}"),
            (None, Some((m, id))) => format!(
                "mme-ue-s1ap-id:{id}@{}",
                resolved
                    .name(m)
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("MME {}", addr_of(&endpoints.names[m as usize])))
            ),
            (None, None) => "unknown".into(),
        };
        // The key-chain verdicts of the per-file rows that hold its steps: `ok` only when
        // every step was checked in a row of its file (a step no row of its file holds was
        // not checked against the keys of the handover).
        let mut chain = None::<&'static str>;
        for s in &ho.steps {
            let r = &rows[s.1];
            let v = verdicts
                .get(&(r.file, r.frame))
                .copied()
                .unwrap_or("unchecked");
            chain = Some(match (chain, v) {
                (Some("error"), _) | (_, "error") => "error",
                (Some("unchecked"), _) | (_, "unchecked") => "unchecked",
                _ => "ok",
            });
        }
        let complete = ho.end == machine::End::Complete;
        table.push(
            &HandoverRow {
                file: fname(first),
                ue: label,
                // A context number is its file's own; this handover may span files.
                ue_ctx: None,
                kind: ho.kind.name(),
                outcome: match ho.end {
                    machine::End::Complete => "complete",
                    machine::End::Cancelled => "cancelled",
                    machine::End::Failed => "failed",
                    machine::End::Open => "incomplete",
                },
                source_node: ep_name(ho.source),
                target_node: ep_name(ue.target),
                first_frame: ho.steps.first().map_or(0, |s| rows[s.1].frame),
                last_frame: last_row.map_or(0, |r| rows[r].frame),
                first_time: ho.steps.first().map(|s| ts(s.1)),
                last_time: last_row.map(ts),
                preparation_ms,
                execution_ms,
                steps: ho
                    .steps
                    .iter()
                    .map(|s| tables::StepAt {
                        name: s.0.name(),
                        file: Some(fname(s.1)),
                        frame: rows[s.1].frame,
                    })
                    .collect(),
                key_chain: chain.unwrap_or("unchecked"),
                forward_secrecy: complete && ho.kind == ProcKind::X2Makr,
            },
            fname(last),
        );
        summary.handovers += 1;
        if table.len() >= super::sink::ROWS_PER_GROUP {
            sink.write(&table.take())?;
        }
    }
    if !table.is_empty() {
        sink.write(&table.take())?;
    }
    sink.close()?;
    summary.output = path;
    Ok(summary)
}

/// (file, frame) of every step of the per-file `handovers` rows -> the row's key chain.
fn key_chain_verdicts(
    dir: &Path,
    files: &mut Interner,
) -> io::Result<HashMap<(u32, u64), &'static str>> {
    let mut out = HashMap::new();
    for (p, fmt) in table_files(dir, "handovers")? {
        const COLS: [&str; 3] = ["file", "steps", "key_chain"];
        for b in batches(&p, fmt, &COLS)? {
            let b = b?;
            let cols = typed(&p, &b, &tables::Handovers::schema(), &COLS)?;
            let file = cols[0].as_string::<i32>();
            let steps = cols[1].as_list::<i32>();
            let kc = cols[2].as_string::<i32>();
            for i in 0..b.num_rows() {
                let f = files.id(file.value(i));
                let v = match kc.value(i) {
                    "error" => "error",
                    "ok" => "ok",
                    _ => "unchecked",
                };
                let s = steps.value(i);
                for step in s.as_string::<i32>().iter().flatten() {
                    if let Some(fr) = step.rsplit_once('@').and_then(|x| x.1.parse::<u64>().ok()) {
                        out.insert((f, fr), v);
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parts are listed by number, not by text: `part-10` after `part-9`, `NAME-2` after
    /// `NAME-1` in an hour; directories first.
    #[test]
    fn parts_in_numeric_order() {
        let dir = std::env::temp_dir().join(format!("keyhop-merge-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let a = dir.join("messages/input=a.pcap");
        let b = dir.join("messages/input=b.pcap");
        let h = dir.join("messages/hour=2026-12-07T01");
        for d in [&a, &b, &h] {
            std::fs::create_dir_all(d).unwrap();
        }
        // Created out of order, so read_dir's order proves nothing.
        let names = [
            (&b, "part-0.parquet"),
            (&a, "part-10.parquet"),
            (&a, "part-2.parquet"),
            (&a, "part-9.parquet"),
            (&a, "part-0.parquet"),
            (&a, "part-1.parquet"),
            (&h, "x.pcap-11.parquet"),
            (&h, "x.pcap-2.parquet"),
            (&h, "x.pcap-2-0.parquet"),
        ];
        for (d, n) in names {
            std::fs::write(d.join(n), b"").unwrap();
        }
        std::fs::write(a.join("notes.txt"), b"").unwrap();
        let got: Vec<String> = table_files(&dir, "messages")
            .unwrap()
            .iter()
            .map(|(p, _)| {
                p.strip_prefix(dir.join("messages"))
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(
            got,
            [
                "hour=2026-12-07T01/x.pcap-2.parquet",
                "hour=2026-12-07T01/x.pcap-11.parquet",
                "hour=2026-12-07T01/x.pcap-2-0.parquet",
                "input=a.pcap/part-0.parquet",
                "input=a.pcap/part-1.parquet",
                "input=a.pcap/part-2.parquet",
                "input=a.pcap/part-9.parquet",
                "input=a.pcap/part-10.parquet",
                "input=b.pcap/part-0.parquet",
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The merged steps of one X2 handover read back from `out`.
    fn merged_steps(out: &Path) -> Vec<String> {
        let mut steps = Vec::new();
        for (p, fmt) in table_files(out, "handovers_merged").unwrap() {
            for b in batches(&p, fmt, &["steps"]).unwrap() {
                let b = b.unwrap();
                let l = b.column(0).as_list::<i32>();
                for i in 0..b.num_rows() {
                    let v = l.value(i);
                    steps.extend(v.as_string::<i32>().iter().flatten().map(str::to_owned));
                }
            }
        }
        steps
    }

    /// Messages of one time (one frame's bundle) cut across part files keep their order in
    /// the merge: the tie-break position runs over the parts in order (a position per file
    /// put a later part's first row before an earlier part's second).
    #[test]
    fn ties_keep_their_order_across_parts() {
        use super::super::rows::MessageWriter;
        use super::super::tables::MessageRow;
        let base = std::env::temp_dir().join(format!("keyhop-merge-ties-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let link = ["x2|10.0.0.1:36422|10.0.0.2:36422|7".to_string()];
        let events = [
            None,
            None,
            Some("X2 HandoverRequest"),
            Some("X2 HandoverRequestAcknowledge"),
            Some("X2 UEContextRelease"),
        ];
        let mut got = Vec::new();
        for n in [2u64, 1000] {
            let out = base.join(n.to_string());
            let opts = super::super::Options {
                rows_per_file: n,
                ..Default::default()
            };
            let mut w = MessageWriter::new(&out, "in.pcap", &opts).unwrap();
            for (i, ev) in events.iter().enumerate() {
                w.push(&MessageRow {
                    file: "in.pcap",
                    frame: 1,
                    time: Timestamp {
                        secs: 1_700_000_000,
                        nanos: 0,
                    },
                    src_addr: "10.0.0.1",
                    dst_addr: "10.0.0.2",
                    ue_event: *ev,
                    ho_kind: (i == 2).then_some("x2-legacy"),
                    ue_links: if ev.is_some() { link.to_vec() } else { vec![] },
                    ..Default::default()
                })
                .unwrap();
            }
            w.close().unwrap();
            let s = merge(&out, n).unwrap();
            assert_eq!((s.handovers, s.files), (1, if n == 2 { 3 } else { 1 }));
            got.push(merged_steps(&out));
        }
        assert_eq!(
            got[0],
            [
                "X2 HandoverRequest@in.pcap:1",
                "X2 HandoverRequestAcknowledge@in.pcap:1",
                "X2 UEContextRelease@in.pcap:1"
            ]
        );
        assert_eq!(got[0], got[1]);
        let _ = std::fs::remove_dir_all(&base);
    }
}
