//! The `export` target: a whole pcap/pcapng file through `keyhop export --keys`, held to
//! `keyhop read --keys` on the same octets.
//!
//! Beyond not panicking, export must lose nothing read shows and show nothing read hides:
//! * it fails to open exactly the files read fails to open;
//! * its summary counts (messages, failed decodes, damaged frames, frames without a message by
//!   reason) are read's;
//! * its `messages` rows are read's records: the frame, protocol and addresses in their
//!   columns, the rest of the record in `json`, message by message and in order (by frame
//!   within each hour with `--partition hour`); every failed decode has its `error`;
//! * each table holds as many rows as the summary says, in whole part files (the parts roll
//!   every few rows here, so the rolling is reached);
//! * no string of any table, nor the summary, holds 8 consecutive octets of a key the run
//!   knows (as the `read_output` target: the keys file's, the canary list's, and what
//!   `--show-keys` shows where a fingerprint stood).
//!
//! Parquet is read back with the parquet crate keyhop writes with; the engines' own readings
//! are the tests crate's business (tests/interop).

use super::{
    harvest_keys, hex_keys, key_window, key_windows, READ_OUTPUT_CANARY, READ_OUTPUT_KEYS,
};
use arrow_array::cast::AsArray;
use arrow_array::types::UInt64Type;
use arrow_array::{Array, ArrayRef, RecordBatch};
use keyhop::export::{self, sink::FileFormat, Options, Partition};
use keyhop::keys::KeysFile;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The record keys that export keeps in columns of their own, not in `json`; `response_in`
/// looks ahead and has no column (a row is written before its answer is seen).
const ENVELOPE: [&str; 10] = [
    "frame",
    "time",
    "src",
    "dst",
    "protocol",
    "src_node",
    "dst_node",
    "response_to",
    "response_time",
    "response_in",
];

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

/// The messages of read's JSON Lines (not its frame-level error records), and the keys the run
/// knows.
fn read_records(path: &Path, keys: &KeysFile) -> Option<(Vec<Value>, keyhop::read::Report)> {
    use keyhop::read::{run_with_keys, Format};
    let mut out = Vec::new();
    let report = run_with_keys(path, Format::Jsonl, false, keys, &mut out).ok()?;
    let records = String::from_utf8(out)
        .expect("JSON Lines are UTF-8")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("each line is JSON"))
        .filter(|v| v.get("src").is_some())
        .collect();
    Some((records, report))
}

/// One row of `messages` as the parts of read's record it holds.
fn row_record(b: &RecordBatch, r: usize) -> (u64, String, String, String, Value) {
    let col = |n: &str| -> &ArrayRef {
        b.column_by_name(n)
            .unwrap_or_else(|| panic!("messages has no {n} column"))
    };
    let text = |n: &str| col(n).as_string::<i32>().value(r).to_owned();
    let port = |n: &str| {
        col(n)
            .as_primitive::<arrow_array::types::UInt16Type>()
            .value(r)
    };
    let end = |a: &str, p: &str| {
        let ip: std::net::IpAddr = text(a).parse().expect("an address column holds an address");
        std::net::SocketAddr::new(ip, port(p)).to_string()
    };
    let json: Value = serde_json::from_str(col("json").as_string::<i32>().value(r))
        .expect("the json column holds JSON");
    (
        col("frame").as_primitive::<UInt64Type>().value(r),
        text("protocol"),
        end("src_addr", "src_port"),
        end("dst_addr", "dst_port"),
        json,
    )
}

/// read's record split as [`row_record`] splits a row (the rest in read's key order).
fn split_record(v: Value) -> (u64, String, String, String, Value) {
    let Value::Object(m) = v else {
        panic!("a record is an object")
    };
    let s = |k: &str| m[k].as_str().expect("a string field").to_owned();
    let head = (
        m["frame"].as_u64().expect("a frame number"),
        s("protocol"),
        s("src"),
        s("dst"),
    );
    let rest = m
        .into_iter()
        .filter(|(k, _)| !ENVELOPE.contains(&k.as_str()))
        .collect();
    (head.0, head.1, head.2, head.3, Value::Object(rest))
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
    let (records, rep) = want;
    // The keys the run knows, from read's records without and with `--show-keys`.
    let mut known = fixed.clone();
    if let Some((shown, _)) = &shown {
        for (r, s) in records.iter().zip(shown) {
            harvest_keys(r, s, &mut known);
        }
    }
    assert_eq!(report.messages, rep.messages, "messages: export and read");
    assert_eq!(report.messages, records.len() as u64, "read's records");
    assert_eq!(report.decode_errors, rep.decode_errors, "failed decodes");
    assert_eq!(report.damaged_frames, rep.frame_issues, "damaged frames");
    assert_eq!(report.skipped, rep.skipped, "frames without a message");
    assert_eq!(report.frames, rep.frames, "frames");

    // The rows, against read's records.
    let msgs = table(&out, "messages");
    let mut rows: Vec<_> = msgs
        .iter()
        .flat_map(|b| (0..b.num_rows()).map(move |r| row_record(b, r)))
        .collect();
    let errors: usize = msgs
        .iter()
        .map(|b| {
            b.column_by_name("error")
                .expect("an error column")
                .null_count()
        })
        .sum();
    let errors = rows.len() - errors;
    let mut want: Vec<_> = records.into_iter().map(split_record).collect();
    if by_hour {
        // Each hour's rows keep their order, and a frame's messages share its hour; the hours'
        // directories do not keep the capture's order: a stable sort by frame restores it.
        rows.sort_by_key(|r| r.0);
        want.sort_by_key(|r| r.0);
    }
    assert_eq!(rows.len(), want.len(), "messages rows");
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
