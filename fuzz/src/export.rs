//! The `export` target: a whole pcap/pcapng file through `keyhop export --keys`, held to
//! `keyhop read --keys` on the same octets.
//!
//! Beyond not panicking, export must lose nothing read shows and show nothing read hides:
//! * it fails to open exactly the files read fails to open;
//! * its summary counts (messages, failed decodes, damaged frames, frames without a message by
//!   reason) are read's;
//! * its `messages` rows are read's records ([`records`]: the envelope in columns, time,
//!   addresses, node names and GTP answers included, the rest of the record in `json`),
//!   message by message and in order (by frame within each hour with `--partition hour`); a
//!   time beyond the `time` column is held with a note naming read's ([`unclamp_times`]);
//!   every failed decode has its `error`;
//! * each table holds as many rows as the summary says, in whole part files (the parts roll
//!   every few rows here, so the rolling is reached);
//! * no string of any table, nor the summary, holds 8 consecutive octets of a key the run
//!   knows (as the `read_output` target: the keys file's, the canary list's, and what
//!   `--show-keys` shows where a fingerprint stood).
//!
//! Parquet is read back with the parquet crate keyhop writes with; the engines' own readings
//! are the tests crate's business (tests/interop). The tests crate's export tests rebuild
//! read's records with the same [`records`].

use super::{
    harvest_keys, hex_keys, key_window, key_windows, READ_OUTPUT_CANARY, READ_OUTPUT_KEYS,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, TimestampMicrosecondType, UInt16Type, UInt64Type};
use arrow_array::{Array, RecordBatch};
use keyhop::export::{self, sink::FileFormat, Options, Partition};
use keyhop::keys::KeysFile;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The keys of read's record that `messages` holds in columns, not in `json`.
pub const ENVELOPE: [&str; 9] = [
    "frame",
    "time",
    "src",
    "dst",
    "protocol",
    "src_node",
    "dst_node",
    "response_to",
    "response_time",
];

/// read's key that export has no column for: a request's answer frame, which read finds by
/// looking ahead, while a row is written before its answer is seen.
pub const LOOK_AHEAD: &str = "response_in";

/// A `time` column value (microseconds since the epoch) as read writes a time.
pub fn rfc3339(us: i64) -> String {
    keyhop::capture::Timestamp {
        secs: us.div_euclid(1_000_000),
        nanos: (us.rem_euclid(1_000_000) * 1000) as u32,
    }
    .rfc3339_micros()
}

/// `keyhop read`'s records rebuilt from `messages` rows: each row's `json` (which must hold
/// none of the [`ENVELOPE`] keys) with the envelope put back from the columns, as read writes
/// it: frame, RFC 3339 time, `src`/`dst` as address:port, protocol, node names where known,
/// and the GTP answer's request frame and delay.
pub fn records(msgs: &[RecordBatch]) -> Vec<Value> {
    let mut out = Vec::new();
    for b in msgs {
        let col = |n: &str| {
            b.column_by_name(n)
                .unwrap_or_else(|| panic!("messages has no {n} column"))
                .clone()
        };
        let (json, frame, time) = (col("json"), col("frame"), col("time"));
        let (json, frame) = (json.as_string::<i32>(), frame.as_primitive::<UInt64Type>());
        let time = time.as_primitive::<TimestampMicrosecondType>();
        let text = |n: &str| col(n).as_string::<i32>().clone();
        let port = |n: &str| col(n).as_primitive::<UInt16Type>().clone();
        let (src_addr, dst_addr, protocol) = (text("src_addr"), text("dst_addr"), text("protocol"));
        let (src_node, dst_node) = (text("src_node"), text("dst_node"));
        let (src_port, dst_port) = (port("src_port"), port("dst_port"));
        let (answer_to, answer_time) = (col("response_to"), col("response_time"));
        let answer_to = answer_to.as_primitive::<UInt64Type>();
        let answer_time = answer_time.as_primitive::<Float64Type>();
        for r in 0..b.num_rows() {
            let contents: serde_json::Map<String, Value> =
                serde_json::from_str(json.value(r)).expect("the json column holds an object");
            for k in ENVELOPE.iter().chain([&LOOK_AHEAD]) {
                assert!(
                    !contents.contains_key(*k),
                    "json repeats the envelope's {k}"
                );
            }
            let end = |a: &arrow_array::StringArray, p: &arrow_array::UInt16Array| {
                let a: std::net::IpAddr = a.value(r).parse().expect("an address column");
                Value::from(std::net::SocketAddr::new(a, p.value(r)).to_string())
            };
            let mut m = serde_json::Map::new();
            m.insert("frame".into(), frame.value(r).into());
            m.insert("time".into(), rfc3339(time.value(r)).into());
            m.insert("src".into(), end(&src_addr, &src_port));
            m.insert("dst".into(), end(&dst_addr, &dst_port));
            m.insert("protocol".into(), protocol.value(r).into());
            for (k, c) in [("src_node", &src_node), ("dst_node", &dst_node)] {
                if c.is_valid(r) {
                    m.insert(k.into(), c.value(r).into());
                }
            }
            m.extend(contents);
            if answer_to.is_valid(r) {
                m.insert("response_to".into(), answer_to.value(r).into());
            }
            if answer_time.is_valid(r) {
                m.insert("response_time".into(), answer_time.value(r).into());
            }
            out.push(Value::Object(m));
        }
    }
    out
}

/// The values of a list-of-strings column (`steps`, `notes`), row by row.
pub fn string_lists(b: &[RecordBatch], name: &str) -> Vec<Vec<String>> {
    b.iter()
        .flat_map(|b| {
            let l = b.column_by_name(name).unwrap().as_list::<i32>().clone();
            (0..b.num_rows())
                .map(|r| {
                    let v = l.value(r);
                    let v = v.as_string::<i32>();
                    v.iter().map(|s| s.unwrap().to_owned()).collect()
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A damaged pcapng timestamp beyond 64 bits of microseconds: the `time` column holds the
/// nearest time it can, and the row's note (`notes`, one list per row of `got`) names read's
/// time. Each such time of `got` must have that note and is set to `want`'s; how many there
/// were.
pub fn unclamp_times(
    got: &mut [Value],
    want: &[Value],
    notes: &[Vec<String>],
    what: &str,
) -> usize {
    let mut n = 0;
    for ((g, w), notes) in got.iter_mut().zip(want).zip(notes) {
        if g["time"] != w["time"] {
            let t = w["time"].as_str().expect("read's time");
            assert!(
                notes.iter().any(|n| n.contains(t) && n.contains("beyond")),
                "{what}: frame {} time {t} became {} without a note",
                w["frame"],
                g["time"]
            );
            g["time"] = w["time"].clone();
            n += 1;
        }
    }
    n
}

/// Rows per part file: small, so that a few dozen messages already roll the parts.
const ROWS_PER_FILE: u64 = 7;

/// A scratch path of this process and thread.
fn scratch(what: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "keyhop-fuzz-export-{what}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ))
}

/// Every Parquet file under `dir`, in path order, with the part number sorted as a number.
fn parquet_files(dir: &Path, out: &mut Vec<(PathBuf, u32)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.expect("a directory entry").path();
        if p.is_dir() {
            parquet_files(&p, out);
        } else {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let k = name
                .strip_suffix(".parquet")
                .and_then(|s| s.rsplit_once('-'))
                .and_then(|(_, k)| k.parse().ok())
                .unwrap_or_else(|| panic!("{}: not a part file", p.display()));
            out.push((p, k));
        }
    }
}

/// The batches of one table, part file after part file (within each partition directory).
fn table(out: &Path, name: &str) -> Vec<RecordBatch> {
    let mut files = Vec::new();
    parquet_files(&out.join(name), &mut files);
    files.sort_by(|(a, ka), (b, kb)| (a.parent(), ka).cmp(&(b.parent(), kb)));
    files
        .iter()
        .flat_map(|(p, _)| {
            let f = std::fs::File::open(p).expect("open a part file");
            ParquetRecordBatchReaderBuilder::try_new(f)
                .unwrap_or_else(|e| panic!("{}: not a Parquet file: {e}", p.display()))
                .build()
                .expect("a Parquet reader")
                .map(|b| b.expect("a record batch"))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every string of a column, lists' and structs' values included.
fn strings(col: &dyn Array, out: &mut Vec<String>) {
    if let Some(s) = col.as_string_opt::<i32>() {
        out.extend(s.iter().flatten().map(str::to_owned));
    } else if let Some(l) = col.as_list_opt::<i32>() {
        strings(l.values().as_ref(), out);
    } else if let Some(s) = col.as_struct_opt() {
        for c in s.columns() {
            strings(c.as_ref(), out);
        }
    }
}

/// The messages of read's JSON Lines (not its frame-level error records), and read's report.
fn read_records(path: &Path, keys: &KeysFile) -> Option<(Vec<Value>, keyhop::read::Report)> {
    use keyhop::read::{run_with_keys, Format};
    let mut out = Vec::new();
    let report = run_with_keys(path, Format::Jsonl, false, keys, &mut out).ok()?;
    let recs = String::from_utf8(out)
        .expect("JSON Lines are UTF-8")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("each line is JSON"))
        .filter(|v| v.get("src").is_some())
        .collect();
    Some((recs, report))
}

/// See the module documentation.
pub fn export_output(data: &[u8]) {
    static KEYS: OnceLock<(KeysFile, Vec<Vec<u8>>)> = OnceLock::new();
    let (keys, fixed) = KEYS.get_or_init(|| {
        let k = KeysFile::parse(READ_OUTPUT_KEYS).expect("the keys file parses");
        let mut fixed = hex_keys(READ_OUTPUT_KEYS);
        fixed.extend(hex_keys(READ_OUTPUT_CANARY));
        (k, fixed)
    });
    let path = scratch("cap");
    std::fs::write(&path, data).expect("write the scratch capture");
    let out = scratch("out");
    let _ = std::fs::remove_dir_all(&out);

    let read = read_records(&path, keys);
    let shown = {
        let _g = keyhop_codec::redact::show_keys(true);
        read_records(&path, keys)
    };
    // Files of odd length take the hour partitions, so both layouts meet hostile times (the
    // first octets are a magic number, the length is free).
    let by_hour = data.len() % 2 == 1;
    let opts = Options {
        format: FileFormat::Parquet,
        jobs: 1,
        partition: if by_hour {
            Partition::Hour
        } else {
            Partition::File
        },
        keys: keys.clone(),
        with_keys: true,
        rows_per_file: ROWS_PER_FILE,
        ..Options::default()
    };
    let got = export::export_file(&path, "fuzz", &out, &opts);
    let _ = std::fs::remove_file(&path);

    let (want, report) = match (read, got) {
        (None, Err(export::ExportError::Capture(..))) => {
            let _ = std::fs::remove_dir_all(&out);
            return;
        }
        (None, r) => panic!("read could not open the capture, export gave {r:?}"),
        (Some(_), Err(e)) => panic!("read opened the capture, export failed: {e}"),
        (Some(r), Ok(s)) => (r, s),
    };
    let (read_recs, rep) = want;
    // The keys the run knows, from read's records without and with `--show-keys`.
    let mut known = fixed.clone();
    if let Some((shown, _)) = &shown {
        for (r, s) in read_recs.iter().zip(shown) {
            harvest_keys(r, s, &mut known);
        }
    }
    assert_eq!(report.messages, rep.messages, "messages: export and read");
    assert_eq!(report.messages, read_recs.len() as u64, "read's records");
    assert_eq!(report.decode_errors, rep.decode_errors, "failed decodes");
    assert_eq!(report.damaged_frames, rep.frame_issues, "damaged frames");
    assert_eq!(report.skipped, rep.skipped, "frames without a message");
    assert_eq!(report.frames, rep.frames, "frames");

    // The rows, against read's records.
    let msgs = table(&out, "messages");
    let errors: usize = msgs
        .iter()
        .map(|b| {
            b.column_by_name("error")
                .expect("an error column")
                .null_count()
        })
        .sum();
    let mut rows: Vec<(Value, Vec<String>)> = records(&msgs)
        .into_iter()
        .zip(string_lists(&msgs, "notes"))
        .collect();
    let errors = rows.len() - errors;
    let mut want: Vec<Value> = read_recs
        .into_iter()
        .map(|mut v| {
            v.as_object_mut().expect("a record").remove(LOOK_AHEAD);
            v
        })
        .collect();
    if by_hour {
        // Each hour's rows keep their order, and a frame's messages share its hour; the hours'
        // directories do not keep the capture's order: a stable sort by frame restores it.
        rows.sort_by_key(|r| r.0["frame"].as_u64());
        want.sort_by_key(|v| v["frame"].as_u64());
    }
    let (mut rows, notes): (Vec<Value>, Vec<Vec<String>>) = rows.into_iter().unzip();
    assert_eq!(rows.len(), want.len(), "messages rows");
    unclamp_times(&mut rows, &want, &notes, "export");
    for (i, (g, w)) in rows.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "message {i}: the row is not read's record");
    }
    assert_eq!(errors as u64, report.decode_errors, "rows with an error");

    // The other tables hold what the summary counts.
    let tables = [
        ("findings", report.findings),
        ("handovers", report.handovers),
        ("keys", report.keys),
    ];
    let mut text = Vec::new();
    for (name, n) in tables {
        let b = table(&out, name);
        let rows: usize = b.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(rows as u64, n, "{name} rows");
        for b in &b {
            for c in b.columns() {
                strings(c.as_ref(), &mut text);
            }
        }
    }
    for b in &msgs {
        for c in b.columns() {
            strings(c.as_ref(), &mut text);
        }
    }
    let _ = std::fs::remove_dir_all(&out);

    // No key the run knows, in any table or in the summary.
    let windows = key_windows(&known);
    text.push(format!("{report:?}"));
    for t in &text {
        if let Some(w) = key_window(t.as_bytes(), &windows) {
            panic!("export writes 8 octets of a key: {w}");
        }
    }
}
