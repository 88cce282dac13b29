//! `keyhop export` end to end, read back with the parquet crate: the dataset layout, every
//! message and handover present, the exit status, and no key material without `--show-keys`
//! (the engines' own check is tests/interop/export_engines.py).

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use keyhop_tests::{keyhop, sample, stderr, stdout};
#[allow(dead_code)]
#[path = "../../fuzz/src/oracle.rs"]
mod oracle;
mod s1ap_capture;
use oracle::export::{records, rfc3339, string_lists, unclamp_times, LOOK_AHEAD};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::{Path, PathBuf};

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("keyhop-export-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn batches(path: &Path) -> Vec<RecordBatch> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetRecordBatchReaderBuilder::try_new(f)
        .expect("a Parquet file")
        .build()
        .expect("a reader")
        .map(|b| b.expect("a batch"))
        .collect()
}

fn rows(b: &[RecordBatch]) -> usize {
    b.iter().map(|b| b.num_rows()).sum()
}

/// Every string value of every string column of the batches.
fn strings(b: &[RecordBatch]) -> Vec<String> {
    let mut out = Vec::new();
    for b in b {
        for col in b.columns() {
            if let Some(s) = col.as_string_opt::<i32>() {
                out.extend(s.iter().flatten().map(str::to_owned));
            } else if let Some(l) = col.as_list_opt::<i32>() {
                if let Some(s) = l.values().as_string_opt::<i32>() {
                    out.extend(s.iter().flatten().map(str::to_owned));
                }
            }
        }
    }
    out
}

/// The numbers of the part files `STEM-K.EXT` in `dir`, in numeric order, checked to be
/// `0..n` (no part missing, no other file).
fn part_numbers(dir: &Path, stem: &str, ext: &str) -> Vec<u32> {
    part_numbers_among(dir, stem, ext, false)
}

/// [`part_numbers`], where `others` allows files that are not parts of `stem` (an hour's
/// directory holds every input's parts).
fn part_numbers_among(dir: &Path, stem: &str, ext: &str, others: bool) -> Vec<u32> {
    let mut ks: Vec<u32> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let n = e.unwrap().file_name().into_string().unwrap();
            let k = n
                .strip_prefix(&format!("{stem}-"))
                .and_then(|r| r.strip_suffix(&format!(".{ext}")))
                .and_then(|k| k.parse().ok());
            assert!(
                k.is_some() || others,
                "{}: {n} is no part of {stem}",
                dir.display()
            );
            k
        })
        .collect();
    ks.sort();
    assert_eq!(
        ks,
        (0..ks.len() as u32).collect::<Vec<_>>(),
        "{}",
        dir.display()
    );
    ks
}

/// The part files of `table` for input `name`, in part order.
fn parts(out: &Path, table: &str, name: &str) -> Vec<PathBuf> {
    let dir = out.join(table).join(format!("input={name}"));
    part_numbers(&dir, "part", "parquet")
        .into_iter()
        .map(|k| dir.join(format!("part-{k}.parquet")))
        .collect()
}

/// The rows of `table` for input `name`: its parts' batches in part order.
fn table(out: &Path, table: &str, name: &str) -> Vec<RecordBatch> {
    parts(out, table, name)
        .iter()
        .flat_map(|p| batches(p))
        .collect()
}

/// The messages of `keyhop read --format jsonl` (frame-level error records left out), with
/// `--keys KEYS` when given.
fn read_messages_with(cap: &Path, keys: Option<&Path>) -> Vec<serde_json::Value> {
    let mut args = vec!["read", "--format", "jsonl"];
    if let Some(k) = keys {
        args.extend(["--keys", k.to_str().unwrap()]);
    }
    args.push(cap.to_str().unwrap());
    let o = keyhop(&args);
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v.get("src").is_some())
        .map(|mut v| {
            v.as_object_mut().unwrap().remove(LOOK_AHEAD);
            v
        })
        .collect()
}

/// [`read_messages_with`] without keys.
fn read_messages(cap: &Path) -> Vec<serde_json::Value> {
    read_messages_with(cap, None)
}

/// The messages that cancel or fail a handover (validate's `machine::Ending`), as read names
/// them.
const ENDINGS: [&str; 8] = [
    "HandoverCancel",
    "HandoverPreparationFailure",
    "HandoverFailure",
    "RelocationCancelRequest",
    "ForwardRelocationResponse",
    "PathSwitchRequestFailure",
    "UEContextReleaseCommand",
    "UEContextReleaseComplete",
];

#[test]
fn every_message_and_handover_of_the_samples() {
    let out = tmp("samples");
    let caps = keyhop_tests::SAMPLE_CAPTURES;
    let paths: Vec<String> = caps
        .iter()
        .map(|c| sample(c).display().to_string())
        .collect();
    let mut args = vec!["export", "-o", out.to_str().unwrap(), "--jobs", "2"];
    args.extend(paths.iter().map(String::as_str));
    let o = keyhop(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (c, p) in caps.iter().zip(&paths) {
        // messages: the json column and the envelope's columns hold read's records, in
        // order.
        let want = read_messages(Path::new(p));
        let got = records(&table(&out, "messages", c));
        assert_eq!(got.len(), want.len(), "{c}");
        assert_eq!(got, want, "{c}");
        // The envelope columns say what the record says.
        let msgs = table(&out, "messages", c);
        let ports = |n: &str| -> Vec<u16> {
            msgs.iter()
                .flat_map(|b| {
                    let p = b.column_by_name(n).unwrap().clone();
                    let p = p.as_primitive::<arrow_array::types::UInt16Type>();
                    p.values().to_vec()
                })
                .collect()
        };
        for (side, addr, port) in [
            ("src", "src_addr", "src_port"),
            ("dst", "dst_addr", "dst_port"),
        ] {
            let ends: Vec<std::net::SocketAddr> = column_strings(&msgs, addr)
                .into_iter()
                .zip(ports(port))
                .map(|(a, p)| std::net::SocketAddr::new(a.unwrap().parse().unwrap(), p))
                .collect();
            let said: Vec<std::net::SocketAddr> = want
                .iter()
                .map(|m| m[side].as_str().unwrap().parse().unwrap())
                .collect();
            assert_eq!(ends, said, "{c} {side}");
        }
        for col in ["protocol", "message"] {
            let said: Vec<Option<String>> = want
                .iter()
                .map(|m| m[col].as_str().map(str::to_owned))
                .collect();
            assert_eq!(column_strings(&msgs, col), said, "{c} {col}");
        }
        // handovers: validate's count of started handovers.
        let v = keyhop(&["validate", "--format", "json", p]);
        let report: serde_json::Value = serde_json::from_str(&stdout(&v)).unwrap();
        let started: u64 = report["summary"]["procedures"]
            .as_object()
            .unwrap()
            .values()
            .map(|c| c["started"].as_u64().unwrap())
            .sum();
        assert!(started > 0, "{c} has handovers");
        assert_eq!(rows(&table(&out, "handovers", c)) as u64, started, "{c}");
        // Each handover row: its steps are messages of that name in those frames (as read
        // shows them), its first frame is the first step's, and both ends are eNB nodes.
        let name_at: std::collections::HashMap<u64, String> = want
            .iter()
            .filter_map(|m| Some((m["frame"].as_u64()?, m["message"].as_str()?.to_owned())))
            .collect();
        let mut ended = 0;
        for b in table(&out, "handovers", c) {
            let col = |n: &str| b.column_by_name(n).unwrap().clone();
            let (steps, first) = (col("steps"), col("first_frame"));
            let (last, outcome) = (col("last_frame"), col("outcome"));
            let last = last.as_primitive::<arrow_array::types::UInt64Type>();
            let outcome = outcome.as_string::<i32>();
            let (src, dst) = (col("source_node"), col("target_node"));
            let steps = steps.as_list::<i32>();
            let first = first.as_primitive::<arrow_array::types::UInt64Type>();
            for r in 0..b.num_rows() {
                let list = steps.value(r);
                let list = list.as_string::<i32>();
                assert!(!list.is_empty(), "{c} row {r}: no step");
                for (i, step) in list.iter().flatten().enumerate() {
                    let (name, frame) = step.rsplit_once('@').unwrap();
                    let frame: u64 = frame.parse().unwrap();
                    if i == 0 {
                        assert_eq!(first.value(r), frame, "{c} row {r}");
                    }
                    // A handover lasts until its last step, or until what ended it.
                    if i + 1 == list.len() {
                        match outcome.value(r) {
                            "cancelled" | "failed" => {
                                assert!(last.value(r) > frame, "{c} row {r}: {step}");
                                let why = name_at[&last.value(r)].as_str();
                                assert!(
                                    ENDINGS.contains(&why),
                                    "{c} row {r}: ended by frame {} ({why})",
                                    last.value(r)
                                );
                                ended += 1;
                            }
                            _ => assert_eq!(last.value(r), frame, "{c} row {r}"),
                        }
                    }
                    // "X2 HandoverRequest" is X2AP's HandoverRequest.
                    let msg = name.strip_prefix("X2 ").unwrap_or(name);
                    let seen = &name_at[&frame];
                    assert!(
                        seen == msg
                            || (msg == "ForwardRelocationComplete" && seen.starts_with(msg)),
                        "{c} row {r}: step {step} but frame {frame} is {seen}"
                    );
                }
                // Between eNBs both ends are eNB nodes, not one; across RATs the UTRAN end
                // is no eNB, so only an end that is named must be one.
                let kind = col("type");
                let intra = !kind.as_string::<i32>().value(r).contains("utran");
                for ends in [&src, &dst] {
                    let s = ends.as_string::<i32>();
                    if intra || s.is_valid(r) {
                        assert!(
                            s.value(r).starts_with("eNB "),
                            "{c} row {r}: {}",
                            s.value(r)
                        );
                    }
                }
                if intra {
                    assert_ne!(
                        src.as_string::<i32>().value(r),
                        dst.as_string::<i32>().value(r),
                        "{c} row {r}: source and target are one node"
                    );
                }
            }
        }
        if *c == "s1-handover.pcapng" || *c == "x2-handover.pcapng" {
            assert!(ended >= 2, "{c}: a cancelled and a failed handover");
        }
        let findings = report["findings"].as_array().unwrap().len();
        assert_eq!(rows(&table(&out, "findings", c)), findings, "{c}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// The x2-makr sample with its keys: key events are exported, as fingerprints only; with
/// --show-keys the same keys appear in full.
#[test]
fn keys_only_as_fingerprints_unless_asked() {
    let cap = sample("x2-makr.pcapng");
    let keys = sample("x2-makr.keys.toml");
    let text = std::fs::read_to_string(&keys).unwrap();
    let secrets: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("key = \""))
        .map(|k| k.trim_end_matches('"').to_ascii_lowercase())
        .collect();
    assert!(secrets.len() >= 3, "{secrets:?}");
    let windows: Vec<&str> = secrets
        .iter()
        .flat_map(|k| (0..=k.len() - 16).step_by(2).map(move |i| &k[i..i + 16]))
        .collect();
    let leaks = |out: &Path| -> Vec<String> {
        let mut found = Vec::new();
        for t in ["messages", "handovers", "findings", "keys"] {
            for s in strings(&table(out, t, "x2-makr.pcapng")) {
                let s = s.to_ascii_lowercase();
                if windows.iter().any(|w| s.contains(w)) {
                    found.push(format!("{t}: {}", &s[..s.len().min(80)]));
                }
            }
        }
        found
    };
    let hidden = tmp("keys-hidden");
    let o = keyhop(&[
        "export",
        cap.to_str().unwrap(),
        "-o",
        hidden.to_str().unwrap(),
        "--keys",
        keys.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(leaks(&hidden), Vec::<String>::new());
    let k = strings(&table(&hidden, "keys", "x2-makr.pcapng"));
    assert!(
        k.iter().any(|s| s.starts_with("fp:")),
        "key events carry fingerprints"
    );
    let shown = tmp("keys-shown");
    let o = keyhop(&[
        "export",
        cap.to_str().unwrap(),
        "-o",
        shown.to_str().unwrap(),
        "--keys",
        keys.to_str().unwrap(),
        "--show-keys",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !leaks(&shown).is_empty(),
        "with --show-keys the file's keys are exported (the canary would catch them)"
    );
    let _ = std::fs::remove_dir_all(&hidden);
    let _ = std::fs::remove_dir_all(&shown);
}

/// Two inputs with one name get distinct partitions; --partition hour writes by hour; Arrow
/// IPC files are written; a missing input fails with status 2 and names it.
#[test]
fn layout_and_errors() {
    let out = tmp("layout");
    let a = out.join("a");
    let b = out.join("b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::copy(sample("x2-handover.pcapng"), a.join("cap.pcapng")).unwrap();
    std::fs::copy(sample("s1-handover.pcapng"), b.join("cap.pcapng")).unwrap();
    let ds = out.join("ds");
    let o = keyhop(&[
        "export",
        a.to_str().unwrap(),
        b.join("cap.pcapng").to_str().unwrap(),
        "-o",
        ds.to_str().unwrap(),
        "--partition",
        "hour",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(parts(&ds, "handovers", "cap.pcapng").len(), 1);
    assert_eq!(parts(&ds, "handovers", "cap.pcapng-2").len(), 1);
    // Both samples were captured within one hour each: one file per input under its hour.
    let hours: Vec<PathBuf> = std::fs::read_dir(ds.join("messages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!hours.is_empty());
    let mut total = 0;
    for h in &hours {
        let name = h.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(name.starts_with("hour=20"), "{name}");
        for f in std::fs::read_dir(h).unwrap() {
            total += rows(&batches(&f.unwrap().path()));
        }
    }
    let want = read_messages(&sample("x2-handover.pcapng")).len()
        + read_messages(&sample("s1-handover.pcapng")).len();
    assert_eq!(total, want);

    let arrow = out.join("arrow");
    let o = keyhop(&[
        "export",
        sample("x2-handover.pcapng").to_str().unwrap(),
        "-o",
        arrow.to_str().unwrap(),
        "--format",
        "arrow",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let f = arrow.join("messages/input=x2-handover.pcapng/part-0.arrow");
    let bytes = std::fs::read(&f).unwrap();
    assert_eq!(&bytes[..6], b"ARROW1", "an Arrow IPC file");

    let missing = out.join("nope.pcapng");
    let o = keyhop(&[
        "export",
        missing.to_str().unwrap(),
        "-o",
        out.join("x").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.pcapng"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&out);
}

/// The key-chain verdict of each handover: `unchecked` without keys (NO-KEYS), `ok` with the
/// keys file, `error` where a key rule fails (the HO-KENBSTAR violation sample).
#[test]
fn key_chain_verdicts() {
    let verdicts = |cap: PathBuf, keys: Option<PathBuf>| -> Vec<String> {
        let out = tmp(&format!("kc-{}", keys.is_some()));
        let mut args = vec![
            "export".to_string(),
            cap.display().to_string(),
            "-o".into(),
            out.display().to_string(),
        ];
        if let Some(k) = &keys {
            args.extend(["--keys".into(), k.display().to_string()]);
        }
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = keyhop(&a);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let name = cap.file_name().unwrap().to_str().unwrap().to_owned();
        let v = table(&out, "handovers", &name)
            .iter()
            .flat_map(|b| {
                let c = b
                    .column_by_name("key_chain")
                    .unwrap()
                    .as_string::<i32>()
                    .clone();
                (0..c.len()).map(move |i| c.value(i).to_owned())
            })
            .collect();
        let _ = std::fs::remove_dir_all(&out);
        v
    };
    let makr = sample("x2-makr.pcapng");
    let without = verdicts(makr.clone(), None);
    assert!(
        !without.is_empty() && without.iter().all(|v| v == "unchecked"),
        "{without:?}"
    );
    let with = verdicts(makr, Some(sample("x2-makr.keys.toml")));
    assert!(
        !with.is_empty() && with.iter().all(|v| v == "ok"),
        "{with:?}"
    );
    let bad = verdicts(sample("violations/HO-KENBSTAR.pcapng"), None);
    assert_eq!(bad, ["error"]);
}

/// The keys file beside a capture (`NAME.keys.toml`), if there is one.
fn keys_beside(cap: &Path) -> Option<PathBuf> {
    let k = cap.with_extension("keys.toml");
    k.is_file().then_some(k)
}

/// `handovers` and `findings` as the separate validation pass made them before export read
/// each capture once: `keyhop::validate::run_with_handovers` (validate's own decoding of only
/// the IEs its rules read) into the same row builders, written to Parquet under `dir`.
fn two_pass_tables(cap: &Path, keys: Option<&Path>, name: &str, dir: &Path) -> [PathBuf; 2] {
    use keyhop::export::sink::{Compression, FileFormat, Sink};
    use keyhop::export::tables::{Findings, Handovers};
    let store = keys.map_or_else(keyhop::keys::KeysFile::default, |k| {
        keyhop::keys::KeysFile::load_reporting(k)
            .expect("a keys file")
            .0
    });
    let (mut ho, mut fi) = (Handovers::new(), Findings::new());
    keyhop::validate::run_with_handovers(
        cap,
        &store,
        keyhop::validate::engine::Limits::default(),
        &mut |f| fi.push(name, &f),
        &mut |h| ho.push(&keyhop::export::rows::handover_row(name, &h)),
    )
    .expect("validate reads the capture");
    let ho_path = dir.join("handovers.parquet");
    let fi_path = dir.join("findings.parquet");
    std::fs::create_dir_all(dir).unwrap();
    let mut s = Sink::create(
        &ho_path,
        Handovers::schema(),
        FileFormat::Parquet,
        Compression::default(),
    )
    .unwrap();
    if !ho.is_empty() {
        s.write(&ho.take()).unwrap();
    }
    s.close().unwrap();
    let mut s = Sink::create(
        &fi_path,
        Findings::schema(),
        FileFormat::Parquet,
        Compression::default(),
    )
    .unwrap();
    if !fi.is_empty() {
        s.write(&fi.take()).unwrap();
    }
    s.close().unwrap();
    [ho_path, fi_path]
}

/// The string values of column `name` of a table, row by row (`None` for null).
/// `keyhop export CAP -o OUT`, with the capture's keys file where it has one.
fn export_with_its_keys(cap: &Path, out: &Path) -> std::process::Output {
    let mut args = vec!["export", "-o", out.to_str().unwrap(), cap.to_str().unwrap()];
    let keys = keys_beside(cap);
    if let Some(k) = &keys {
        args.extend(["--keys", k.to_str().unwrap()]);
    }
    keyhop(&args)
}

fn column_strings(b: &[RecordBatch], name: &str) -> Vec<Option<String>> {
    b.iter()
        .flat_map(|b| {
            let c = b.column_by_name(name).unwrap().as_string::<i32>().clone();
            (0..c.len())
                .map(move |i| c.is_valid(i).then(|| c.value(i).to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Export reads each capture once for all four tables (validate's engine fed with the
/// messages' own decode). On every sample and violation sample, with its keys file where it
/// has one: `handovers` and `findings` equal, row for row, what validate's separate pass
/// gives (`run_with_handovers`, the export's second pass before); the findings equal
/// `keyhop validate --format json`'s, in order (rule, severity, UE, procedure, frames,
/// text); the handovers per type and outcome equal validate's summary; and `messages`
/// holds `keyhop read`'s records in order. A finding or handover dropped, doubled or moved
/// fails it.
#[test]
fn one_pass_equals_validate_and_read() {
    let out = tmp("one-pass");
    let (mut handovers, mut findings) = (0, 0);
    for cap in keyhop_tests::all_sample_captures() {
        let name = cap.file_name().unwrap().to_str().unwrap().to_owned();
        let keys = keys_beside(&cap);
        for keys in [None, keys.as_deref()]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
        {
            let tag = format!("{name} keys={}", keys.is_some());
            let ds = out.join(format!("ds-{}", keys.is_some()));
            let mut args = vec![
                "export".to_string(),
                cap.display().to_string(),
                "-o".into(),
                ds.display().to_string(),
                "--jobs".into(),
                "1".into(),
            ];
            let mut vargs = vec![
                "validate".to_string(),
                "--format".into(),
                "json".into(),
                cap.display().to_string(),
            ];
            if let Some(k) = keys {
                for a in [&mut args, &mut vargs] {
                    a.extend(["--keys".into(), k.display().to_string()]);
                }
            }
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = keyhop(&a);
            assert_eq!(o.status.code(), Some(0), "{tag}: {}", stderr(&o));

            // The old two-pass path, row for row.
            let [ho_old, fi_old] = two_pass_tables(
                &cap,
                keys,
                &name,
                &out.join(format!("old-{}", keys.is_some())),
            );
            let ho = table(&ds, "handovers", &name);
            let fi = table(&ds, "findings", &name);
            assert_eq!(ho, batches(&ho_old), "{tag}: handovers");
            assert_eq!(fi, batches(&fi_old), "{tag}: findings");

            // validate's own report: every finding, in order.
            let va: Vec<&str> = vargs.iter().map(String::as_str).collect();
            let v = keyhop(&va);
            let report: serde_json::Value = serde_json::from_str(&stdout(&v))
                .unwrap_or_else(|e| panic!("{tag}: {e}: {}", stderr(&v)));
            let want: Vec<[serde_json::Value; 6]> = report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    ["rule", "severity", "ue", "procedure", "frames", "text"]
                        .map(|k| f.get(k).cloned().unwrap_or(serde_json::Value::Null))
                })
                .collect();
            let got: Vec<[serde_json::Value; 6]> = fi
                .iter()
                .flat_map(|b| {
                    let s = |n: &str| b.column_by_name(n).unwrap().as_string::<i32>().clone();
                    let (rule, sev, ue, pr, text) =
                        (s("rule"), s("severity"), s("ue"), s("procedure"), s("text"));
                    let frames = b.column_by_name("frames").unwrap().as_list::<i32>().clone();
                    (0..b.num_rows())
                        .map(move |i| {
                            let opt = |c: &arrow_array::StringArray| {
                                c.is_valid(i).then(|| c.value(i)).into()
                            };
                            let f = frames.value(i);
                            let f = f.as_primitive::<arrow_array::types::UInt64Type>();
                            [
                                rule.value(i).into(),
                                sev.value(i).into(),
                                opt(&ue),
                                opt(&pr),
                                f.values().iter().copied().collect::<Vec<u64>>().into(),
                                text.value(i).into(),
                            ]
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            assert_eq!(got, want, "{tag}: findings against validate");
            findings += got.len();

            // Handovers per type and outcome against validate's summary.
            let kinds = column_strings(&ho, "type");
            let ends = column_strings(&ho, "outcome");
            let procs = report["summary"]["procedures"].as_object().unwrap();
            let mut rows_seen = 0;
            for (kind, c) in procs {
                for (col, outcome) in [
                    ("complete", "complete"),
                    ("cancelled", "cancelled"),
                    ("failed", "failed"),
                    ("incomplete", "incomplete"),
                ] {
                    let n = kinds
                        .iter()
                        .zip(&ends)
                        .filter(|(k, e)| {
                            k.as_deref() == Some(kind.as_str()) && e.as_deref() == Some(outcome)
                        })
                        .count();
                    assert_eq!(Some(n as u64), c[col].as_u64(), "{tag}: {kind} {outcome}");
                    rows_seen += n;
                }
            }
            assert_eq!(
                rows_seen,
                kinds.len(),
                "{tag}: handovers of no counted kind"
            );
            handovers += rows_seen;

            // messages: read's records, in order.
            let got = records(&table(&ds, "messages", &name));
            let want = read_messages_with(&cap, keys);
            assert_eq!(got, want, "{tag}: messages");
            let _ = std::fs::remove_dir_all(&ds);
        }
    }
    // The samples hold handovers of every family and the violations their findings.
    assert!(handovers >= 20 && findings >= 20, "{handovers} {findings}");
    let _ = std::fs::remove_dir_all(&out);
}

/// A table's rows one by one (one-row slices compare by value, whatever batch or file a row
/// came in).
fn each_row(b: &[RecordBatch]) -> Vec<RecordBatch> {
    b.iter()
        .flat_map(|b| (0..b.num_rows()).map(move |i| b.slice(i, 1)))
        .collect()
}

/// Runs `keyhop ARGS`, which must succeed.
fn export_ok(args: &[&str]) {
    let o = keyhop(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
}

const TABLES: [&str; 4] = ["messages", "handovers", "findings", "keys"];

/// `--rows-per-file N` (3, 7 and 50) on every sample and violation sample, with a keys file
/// (so `keys` has rows too): each table of each input is `part-0..K`, every part at most N
/// rows and all but the last exactly N; the parts read in order equal, row for row, the
/// default export (one file each at this size); `--merge` on the rolled dataset gives the
/// default dataset's `handovers_merged`, itself in parts of N; and `--format arrow` rolls
/// the same way. Each table rolls over in some input at N = 3, so every table's cut is
/// exercised.
#[test]
fn rows_per_file_rolls_every_table() {
    let out = tmp("roll");
    let caps: Vec<String> = keyhop_tests::all_sample_captures()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let names: Vec<String> = keyhop_tests::all_sample_captures()
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned())
        .collect();
    let keys = sample("violations/HO-NH.keys.toml");
    let export = |ds: &Path, extra: &[&str]| {
        let mut args = vec![
            "export",
            "-o",
            ds.to_str().unwrap(),
            "--keys",
            keys.to_str().unwrap(),
            "--jobs",
            "2",
        ];
        args.extend(extra);
        args.extend(caps.iter().map(String::as_str));
        export_ok(&args);
    };
    let whole = out.join("whole");
    export(&whole, &[]);
    export_ok(&["export", "--merge", whole.to_str().unwrap()]);
    let merged_whole = each_row(&table_in(
        &whole.join("handovers_merged"),
        "part",
        "parquet",
    ));
    assert!(!merged_whole.is_empty());

    for n in [3usize, 7, 50] {
        let ds = out.join(format!("rolled-{n}"));
        let ns = n.to_string();
        export(&ds, &["--rows-per-file", &ns]);
        let mut rolled = std::collections::BTreeSet::new();
        for name in &names {
            for t in TABLES {
                let want = table(&whole, t, name);
                assert_eq!(parts(&whole, t, name).len(), 1, "{t} {name}: one part");
                let ps = parts(&ds, t, name);
                let sizes: Vec<usize> = ps.iter().map(|p| rows(&batches(p))).collect();
                let (last, full) = sizes.split_last().unwrap();
                assert!(
                    *last <= n && full.iter().all(|&s| s == n),
                    "{t} {name} N={n}: {sizes:?}"
                );
                // An empty table is one empty part; a full last part is not followed by one.
                assert!(*last > 0 || sizes.len() == 1, "{t} {name} N={n}: {sizes:?}");
                assert_eq!(sizes.len(), rows(&want).div_ceil(n).max(1), "{t} {name}");
                if sizes.len() > 1 {
                    rolled.insert(t);
                }
                let got: Vec<RecordBatch> = ps.iter().flat_map(|p| batches(p)).collect();
                assert_eq!(each_row(&got), each_row(&want), "{t} {name} N={n}");
            }
        }
        if n == 3 {
            assert_eq!(rolled.len(), TABLES.len(), "tables that rolled: {rolled:?}");
        } else {
            assert!(rolled.contains("messages"), "{rolled:?}");
        }

        export_ok(&[
            "export",
            "--merge",
            ds.to_str().unwrap(),
            "--rows-per-file",
            &ns,
        ]);
        let dir = ds.join("handovers_merged");
        let ks = part_numbers(&dir, "part", "parquet");
        let sizes: Vec<usize> = ks
            .iter()
            .map(|k| rows(&batches(&dir.join(format!("part-{k}.parquet")))))
            .collect();
        let (last, full) = sizes.split_last().unwrap();
        assert!(
            *last <= n && full.iter().all(|&s| s == n),
            "merged: {sizes:?}"
        );
        let merged = each_row(&table_in(&dir, "part", "parquet"));
        assert_eq!(merged.len(), merged_whole.len(), "N={n}");
        assert_eq!(merged, merged_whole, "handovers_merged N={n}");
    }

    // Arrow IPC files roll the same way (a cut batch is written as its slice).
    let arrow_whole = out.join("arrow-whole");
    let arrow = out.join("arrow-7");
    export(&arrow_whole, &["--format", "arrow"]);
    export(&arrow, &["--format", "arrow", "--rows-per-file", "7"]);
    for name in &names {
        for t in TABLES {
            let dir = |ds: &Path| ds.join(t).join(format!("input={name}"));
            let ks = part_numbers(&dir(&arrow), "part", "arrow");
            let sizes: Vec<usize> = ks
                .iter()
                .map(|k| rows(&arrow_batches(&dir(&arrow).join(format!("part-{k}.arrow")))))
                .collect();
            let (last, full) = sizes.split_last().unwrap();
            assert!(*last <= 7 && full.iter().all(|&s| s == 7), "{t} {name}");
            assert_eq!(
                each_row(&table_in(&dir(&arrow), "part", "arrow")),
                each_row(&table_in(&dir(&arrow_whole), "part", "arrow")),
                "arrow {t} {name}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// `--partition hour --rows-per-file 7`: every input's messages are `NAME-0..K` in each hour
/// directory, at most 7 rows each, and the hours' parts in order hold the default export's
/// messages row for row; `--rows-per-file 0` is a usage error.
#[test]
fn rows_per_file_with_hour_partitions() {
    let out = tmp("roll-hour");
    let whole = out.join("whole");
    let ds = out.join("hour");
    let caps: Vec<PathBuf> = keyhop_tests::all_sample_captures();
    let paths: Vec<String> = caps.iter().map(|p| p.display().to_string()).collect();
    let run = |ds: &Path, extra: &[&str]| {
        let mut args = vec!["export", "-o", ds.to_str().unwrap()];
        args.extend(extra);
        args.extend(paths.iter().map(String::as_str));
        export_ok(&args);
    };
    run(&whole, &[]);
    run(&ds, &["--partition", "hour", "--rows-per-file", "7"]);
    let mut hours: Vec<PathBuf> = std::fs::read_dir(ds.join("messages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    hours.sort();
    let mut rolled = false;
    for c in &caps {
        let name = c.file_name().unwrap().to_str().unwrap();
        let mut got = Vec::new();
        for h in &hours {
            let ks = part_numbers_among(h, name, "parquet", true);
            rolled |= ks.len() > 1;
            // Every row of `hour=YYYY-MM-DDTHH` was captured in that hour (UTC).
            let hour = h.file_name().unwrap().to_str().unwrap();
            let hour = hour.strip_prefix("hour=").expect("an hour directory");
            for k in ks {
                let b = batches(&h.join(format!("{name}-{k}.parquet")));
                assert!((1..=7).contains(&rows(&b)), "{} {name}-{k}", h.display());
                for t in b.iter().flat_map(|b| {
                    let t = b.column_by_name("time").unwrap().clone();
                    let t = t.as_primitive::<arrow_array::types::TimestampMicrosecondType>();
                    t.values().to_vec()
                }) {
                    let at = rfc3339(t);
                    assert_eq!(&at[..13], hour, "{name}-{k}: a row of {at}");
                }
                got.extend(b);
            }
        }
        let want = table(&whole, "messages", name);
        assert_eq!(each_row(&got), each_row(&want), "{name}");
    }
    assert!(rolled, "some input's hour rolled over");

    let o = keyhop(&[
        "export",
        "-o",
        out.join("zero").to_str().unwrap(),
        "--rows-per-file",
        "0",
        &paths[0],
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--rows-per-file"), "{}", stderr(&o));
    assert!(!out.join("zero").exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&out);
}

/// The rows of the parts `STEM-K.EXT` in `dir`, in part order.
fn table_in(dir: &Path, stem: &str, ext: &str) -> Vec<RecordBatch> {
    part_numbers(dir, stem, ext)
        .into_iter()
        .flat_map(|k| {
            let p = dir.join(format!("{stem}-{k}.{ext}"));
            if ext == "arrow" {
                arrow_batches(&p)
            } else {
                batches(&p)
            }
        })
        .collect()
}

fn arrow_batches(path: &Path) -> Vec<RecordBatch> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    arrow_ipc::reader::FileReader::try_new(f, None)
        .expect("an Arrow IPC file")
        .map(|b| b.expect("a batch"))
        .collect()
}

/// `--compression` is the codec of every column chunk of every table (zstd by default), and
/// the rows do not depend on it. Whatever the codec, no column chunk has a dictionary, and
/// min/max statistics are written for the number and time columns only (docs/export.md).
#[test]
fn compression_is_the_one_asked_for() {
    use parquet::basic::{Compression, Type};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let out = tmp("compression");
    let cap = sample("x2-makr.pcapng");
    let keys = sample("x2-makr.keys.toml");
    let mut rows = Vec::new();
    for (opt, want) in [
        (None, "ZSTD"),
        (Some("zstd"), "ZSTD"),
        (Some("snappy"), "SNAPPY"),
        (Some("none"), "UNCOMPRESSED"),
    ] {
        let ds = out.join(opt.unwrap_or("default"));
        let mut args = vec![
            "export",
            cap.to_str().unwrap(),
            "--keys",
            keys.to_str().unwrap(),
            "-o",
            ds.to_str().unwrap(),
        ];
        args.extend(opt.iter().flat_map(|c| ["--compression", c]));
        let o = keyhop(&args);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        let mut tables = Vec::new();
        for table in ["messages", "handovers", "findings", "keys"] {
            let files = parts(&ds, table, "x2-makr.pcapng");
            let mut batches_of_table = Vec::new();
            for f in &files {
                let r = SerializedFileReader::new(std::fs::File::open(f).unwrap()).unwrap();
                for g in r.metadata().row_groups() {
                    for c in g.columns() {
                        let got = match c.compression() {
                            Compression::ZSTD(_) => "ZSTD",
                            Compression::SNAPPY => "SNAPPY",
                            Compression::UNCOMPRESSED => "UNCOMPRESSED",
                            other => panic!("{}: {other:?}", f.display()),
                        };
                        assert_eq!(got, want, "{} {}", f.display(), c.column_path());
                        assert_eq!(c.dictionary_page_offset(), None, "{}", c.column_path());
                        // Number and time columns, not lists of them.
                        let ranged = !matches!(c.column_type(), Type::BYTE_ARRAY | Type::BOOLEAN)
                            && c.column_descr().max_rep_level() == 0;
                        let minmax = c.statistics().is_some_and(|s| s.min_bytes_opt().is_some());
                        // A chunk of nulls only has no min/max to write.
                        let all_null = c.statistics().and_then(|s| s.null_count_opt())
                            == Some(g.num_rows() as u64);
                        assert!(
                            minmax == ranged || (ranged && all_null),
                            "{} {}: min/max {minmax}",
                            f.display(),
                            c.column_path()
                        );
                    }
                }
                batches_of_table.extend(batches(f));
            }
            assert!(
                batches_of_table.iter().map(|b| b.num_rows()).sum::<usize>() > 0,
                "{table} has rows"
            );
            tables.push(batches_of_table);
        }
        rows.push(tables);
    }
    for other in &rows[1..] {
        assert_eq!(other, &rows[0]);
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// `ue` and `ue_imsi` name each message's UE as validate's engine chains UEs, at that message.
/// Checked against the display filter's `ue` field (`keyhop read -Y 'ue == ID'`), which
/// places messages with the whole capture in view (it holds an InitialUEMessage back until
/// the MME names its UE), on the samples and the real handover captures:
/// * every row whose `ue` is a UE is among the messages the filter selects for that UE's IMSI
///   or MME-UE-S1AP-ID;
/// * no message the filter gives IMSI I has another IMSI in `ue_imsi`;
/// * where the message carries an IMSI, `ue_imsi` is it, and an InitialUEMessage's `ue` is
///   `imsi:` and it;
/// * most messages that carry no IMSI still get their UE's (the point of the column).
#[test]
fn messages_name_their_ue_as_the_filter_does() {
    let mut caps: Vec<PathBuf> = keyhop_tests::SAMPLE_CAPTURES
        .iter()
        .map(|c| sample(c))
        .collect();
    if let Some(dir) = keyhop_tests::optional_shared_captures("ue and ue_imsi on real captures") {
        for n in ["ttm4133_X2Handover.pcap", "ttm4133_S1Handover.pcap"] {
            assert!(dir.join(n).is_file(), "{n} is missing");
        }
        caps.extend(keyhop_tests::captures_in(&dir));
    }
    let out = tmp("ue");
    for cap in &caps {
        let name = cap.file_name().unwrap().to_str().unwrap();
        let o = export_with_its_keys(cap, &out);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let msgs = table(&out, "messages", name);
        let frames: Vec<u64> = msgs
            .iter()
            .flat_map(|b| {
                let c = b.column_by_name("frame").unwrap().clone();
                c.as_primitive::<arrow_array::types::UInt64Type>()
                    .values()
                    .to_vec()
            })
            .collect();
        let message = column_strings(&msgs, "message");
        let (ue, ue_imsi, imsi) = (
            column_strings(&msgs, "ue"),
            column_strings(&msgs, "ue_imsi"),
            column_strings(&msgs, "imsi"),
        );
        // (frame, message) of the messages `read -Y FILTER` selects.
        let selected = |filter: &str| -> std::collections::BTreeSet<(u64, String)> {
            keyhop_tests::keyhop_filtered(cap, filter)
                .iter()
                .map(|v| {
                    let m = v["message"].as_str().unwrap_or("").to_owned();
                    (v["frame"].as_u64().unwrap(), m)
                })
                .collect()
        };
        let key = |i: usize| (frames[i], message[i].clone().unwrap_or_default());
        let mut labels: Vec<&str> = ue.iter().flatten().map(String::as_str).collect();
        labels.sort();
        labels.dedup();
        assert!(!labels.is_empty(), "{name}: no message has a UE");
        for label in labels {
            let id = label
                .strip_prefix("imsi:")
                .map(str::to_owned)
                .or_else(|| {
                    let rest = label.strip_prefix("mme-ue-s1ap-id:")?;
                    Some(rest.split_once('@')?.0.to_owned())
                })
                .unwrap_or_else(|| panic!("{name}: a UE named {label}"));
            let filter = format!("ue == \"{id}\"");
            let sel = selected(&filter);
            for i in (0..frames.len()).filter(|&i| ue[i].as_deref() == Some(label)) {
                assert!(
                    sel.contains(&key(i)),
                    "{name}: frame {} ({:?}) is of {label} in export, not in read -Y '{filter}'",
                    frames[i],
                    message[i]
                );
            }
            if let Some(i_msi) = label.strip_prefix("imsi:") {
                for i in (0..frames.len()).filter(|&i| sel.contains(&key(i))) {
                    assert!(
                        ue_imsi[i].as_deref().is_none_or(|x| x == i_msi),
                        "{name}: frame {} is of IMSI {i_msi} in read -Y, of {:?} in export",
                        frames[i],
                        ue_imsi[i]
                    );
                }
            }
        }
        // Once a message of a UE carried an IMSI, the UE's later messages give it (validate's
        // engine may not learn it: a NAS Identity Response).
        let mut carried: std::collections::HashMap<&str, &str> = Default::default();
        for i in 0..frames.len() {
            let Some(l) = ue[i].as_deref() else { continue };
            if let Some(i_msi) = carried.get(l) {
                if imsi[i].is_none() && !l.starts_with("imsi:") {
                    assert_eq!(
                        ue_imsi[i].as_deref(),
                        Some(*i_msi),
                        "{name}: frame {}",
                        frames[i]
                    );
                }
            }
            if let Some(own) = imsi[i].as_deref() {
                carried.entry(l).or_insert(own);
            }
        }
        let mut from_ue = 0;
        for i in 0..frames.len() {
            if imsi[i].is_some() {
                assert_eq!(ue_imsi[i], imsi[i], "{name}: frame {}", frames[i]);
            }
            // An InitialUEMessage naming an IMSI names its UE by it, before the MME answers.
            if let (Some("InitialUEMessage"), Some(own)) = (message[i].as_deref(), &imsi[i]) {
                assert_eq!(
                    ue[i].as_deref(),
                    Some(format!("imsi:{own}").as_str()),
                    "{name}: frame {}",
                    frames[i]
                );
            }
            if imsi[i].is_none() && ue_imsi[i].is_some() {
                from_ue += 1;
            }
            // A UE named by its IMSI gives that IMSI.
            if let Some(l) = ue[i].as_deref().and_then(|l| l.strip_prefix("imsi:")) {
                assert_eq!(
                    ue_imsi[i].as_deref(),
                    Some(l),
                    "{name}: frame {}",
                    frames[i]
                );
            }
        }
        eprintln!(
            "{name}: {from_ue} of {} messages get their UE's IMSI",
            frames.len()
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// `ue_ctx` keeps a UE's messages together where `ue` changes name, and joins a handover to
/// its messages. On the samples, the real captures and a 20,000-packet mkcapture (thousands
/// of UEs coming and going, S1 inter-MME handovers whose IMSI shows mid-way in a Forward
/// Relocation Request, X2 handovers of UEs first seen on X2):
/// * every `handovers` row has its `ue_ctx`, and each of its steps is a message of that
///   context at the step's frame;
/// * a message has a context exactly when it has a `ue`, but for an InitialUEMessage the MME
///   has not answered yet;
/// * within a context, `ue` only moves forward (`unknown`, then `mme-ue-s1ap-id:..`, then
///   `imsi:..`, each one name at most), and `ue_imsi` is one subscriber;
/// * a finding about a UE has its context, under one of the names the context's messages
///   carry;
/// * a `keys` row of a UE's key has the `ue` and `ue_ctx` of one message at its frame (an
///   MME-eNB key has neither), so keys join the other tables;
/// * some context has more than one name (else the column would show nothing `ue` does not),
///   and a join on `ue` alone misses some of a handover's steps that `ue_ctx` finds.
#[test]
fn ue_ctx_keeps_a_ue_together() {
    use arrow_array::types::{UInt32Type, UInt64Type};
    let out = tmp("ue-ctx");
    let mut caps: Vec<PathBuf> = keyhop_tests::all_sample_captures();
    if let Some(dir) = keyhop_tests::optional_shared_captures("ue_ctx on real captures") {
        caps.extend(keyhop_tests::captures_in(&dir));
    }
    let mixed = out.join("mixed-20000.pcapng");
    std::fs::create_dir_all(&out).unwrap();
    let st = std::process::Command::new(keyhop_tests::build_bin("keyhop-bench", "mkcapture"))
        .arg(&mixed)
        .arg("20000")
        .output()
        .expect("run mkcapture");
    assert!(st.status.success(), "mkcapture: {}", stderr(&st));
    caps.push(mixed);
    let (mut renamed, mut missed_by_ue, mut steps_checked) = (0, 0, 0);
    let (mut findings_of_ctx, mut keys_of_ctx) = (0, 0);
    for cap in &caps {
        let name = cap.file_name().unwrap().to_str().unwrap();
        let o = export_with_its_keys(cap, &out);
        assert!(o.status.code() != Some(2), "{name}: {}", stderr(&o));
        let msgs = table(&out, "messages", name);
        let u32s = |b: &[RecordBatch], c: &str| -> Vec<Option<u32>> {
            b.iter()
                .flat_map(|b| {
                    let c = b
                        .column_by_name(c)
                        .unwrap()
                        .as_primitive::<UInt32Type>()
                        .clone();
                    (0..c.len()).map(move |i| c.is_valid(i).then(|| c.value(i)))
                })
                .collect()
        };
        let frames_of = |b: &[RecordBatch]| -> Vec<u64> {
            b.iter()
                .flat_map(|b| {
                    let c = b.column_by_name("frame").unwrap().clone();
                    c.as_primitive::<UInt64Type>().values().to_vec()
                })
                .collect()
        };
        let frames = frames_of(&msgs);
        let (ctx, ue, ue_imsi, message) = (
            u32s(&msgs, "ue_ctx"),
            column_strings(&msgs, "ue"),
            column_strings(&msgs, "ue_imsi"),
            column_strings(&msgs, "message"),
        );
        // Per context: its names in order, its IMSIs; per (context, frame): present.
        let mut names: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
        let mut imsis: std::collections::BTreeMap<u32, std::collections::BTreeSet<String>> =
            Default::default();
        let mut at: std::collections::HashSet<(u32, u64)> = Default::default();
        let mut ue_at: std::collections::HashSet<(String, u64)> = Default::default();
        let mut named_at: std::collections::HashSet<(u32, String, u64)> = Default::default();
        for i in 0..frames.len() {
            let what = format!("{name}: frame {} ({:?})", frames[i], message[i]);
            match (ctx[i], &ue[i]) {
                (Some(c), Some(u)) => {
                    let n = names.entry(c).or_default();
                    if n.last() != Some(u) {
                        n.push(u.clone());
                    }
                    if let Some(x) = &ue_imsi[i] {
                        imsis.entry(c).or_default().insert(x.clone());
                    }
                    at.insert((c, frames[i]));
                    ue_at.insert((u.clone(), frames[i]));
                    named_at.insert((c, u.clone(), frames[i]));
                }
                (None, None) => {}
                (None, Some(_)) => assert_eq!(
                    message[i].as_deref(),
                    Some("InitialUEMessage"),
                    "{what}: a UE without a context"
                ),
                (Some(_), None) => panic!("{what}: a context without a UE"),
            }
        }
        let rank = |n: &str| match n {
            "unknown" => 0,
            n if n.starts_with("mme-ue-s1ap-id:") => 1,
            n if n.starts_with("imsi:") => 2,
            n => panic!("{name}: a UE named {n}"),
        };
        for (c, n) in &names {
            let r: Vec<_> = n.iter().map(|n| rank(n)).collect();
            assert!(
                r.windows(2).all(|w| w[0] < w[1]),
                "{name}: context {c} named {n:?}"
            );
            renamed += usize::from(n.len() > 1);
        }
        for (c, s) in &imsis {
            assert_eq!(s.len(), 1, "{name}: context {c} is of IMSIs {s:?}");
        }
        // A finding about a UE has its context, under one of the names its messages carry.
        let fis = table(&out, "findings", name);
        for (i, (c, u)) in u32s(&fis, "ue_ctx")
            .into_iter()
            .zip(column_strings(&fis, "ue"))
            .enumerate()
        {
            match (c, u) {
                (Some(c), Some(u)) => assert!(
                    names.get(&c).is_some_and(|n| n.contains(&u)),
                    "{name}: finding {i} is of {u} in context {c}, named {:?}",
                    names.get(&c)
                ),
                (Some(c), None) => panic!("{name}: finding {i} of context {c} has no ue"),
                _ => {}
            }
            findings_of_ctx += usize::from(c.is_some());
        }
        // A key of a UE is named as its message's UE, with its context; an eNB's key has none.
        let ks = table(&out, "keys", name);
        let kframes = frames_of(&ks);
        let (kctx, kue, kkey) = (
            u32s(&ks, "ue_ctx"),
            column_strings(&ks, "ue"),
            column_strings(&ks, "key"),
        );
        for i in 0..kframes.len() {
            let f = kframes[i];
            let what = format!("{name}: key row {i} ({:?} at frame {f})", kkey[i]);
            match (kctx[i], &kue[i]) {
                _ if kkey[i].as_deref() == Some("mme_enb_key") => {
                    assert_eq!((kctx[i], &kue[i]), (None, &None), "{what}")
                }
                (Some(c), Some(u)) => {
                    assert!(
                        named_at.contains(&(c, u.clone(), f)),
                        "{what}: no message of {u} in context {c}"
                    );
                    keys_of_ctx += 1;
                }
                (c, u) => panic!("{what}: a UE's key named {u:?} in context {c:?}"),
            }
        }
        let hos = table(&out, "handovers", name);
        let hctx = u32s(&hos, "ue_ctx");
        let hue = column_strings(&hos, "ue");
        let steps = string_lists(&hos, "steps");
        for (h, steps) in steps.iter().enumerate() {
            let c = hctx[h].unwrap_or_else(|| panic!("{name}: handover {h} has no ue_ctx"));
            for s in steps {
                let f: u64 = s.rsplit_once('@').unwrap().1.parse().unwrap();
                assert!(
                    at.contains(&(c, f)),
                    "{name}: handover {h} step {s} is no message of context {c}"
                );
                steps_checked += 1;
                let u = hue[h].clone().unwrap();
                missed_by_ue += usize::from(!ue_at.contains(&(u, f)));
            }
        }
    }
    assert!(renamed > 0, "no UE context changed its name");
    assert!(
        missed_by_ue > 0,
        "a join on ue found every step ({steps_checked})"
    );
    assert!(steps_checked > 1000, "{steps_checked} steps");
    assert!(findings_of_ctx > 0, "no finding names a UE context");
    assert!(keys_of_ctx > 1000, "{keys_of_ctx} keys of a UE context");
    let _ = std::fs::remove_dir_all(&out);
}

/// `target_node` holds the eNB a HandoverRequired's Target ID names, as tshark decodes that ID
/// (kind and bits), on every frame tshark shows a HandoverRequired in; and, in one file, the
/// HandoverRequest that carries the HandoverRequired's container reaches the eNB of that name
/// (validate's node learning), so `--merge` may use it across files. On the samples and the
/// real captures.
#[cfg(feature = "interop")]
#[test]
fn target_node_is_the_target_id_tshark_decodes() {
    let mut caps: Vec<PathBuf> = keyhop_tests::sample_captures();
    let dir = keyhop_tests::shared_captures().expect("the shared captures are missing");
    caps.extend(keyhop_tests::captures_in(&dir));
    let out = tmp("target");
    let mut checked = 0;
    for cap in &caps {
        let name = cap.file_name().unwrap().to_str().unwrap();
        let o = keyhop(&["export", "-o", out.to_str().unwrap(), cap.to_str().unwrap()]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{name}: {}",
            stderr(&o)
        );
        let msgs = table(&out, "messages", name);
        let frames: Vec<u64> = msgs
            .iter()
            .flat_map(|b| {
                b.column_by_name("frame")
                    .unwrap()
                    .as_primitive::<arrow_array::types::UInt64Type>()
                    .values()
                    .to_vec()
            })
            .collect();
        let message = column_strings(&msgs, "message");
        let target = column_strings(&msgs, "target_node");
        let dst = column_strings(&msgs, "dst_node");
        let links: Vec<Vec<String>> = msgs
            .iter()
            .flat_map(|b| {
                let l = b
                    .column_by_name("ue_links")
                    .unwrap()
                    .as_list::<i32>()
                    .clone();
                (0..l.len())
                    .map(move |i| {
                        let v = l.value(i);
                        let v = v.as_string::<i32>();
                        v.iter().flatten().map(str::to_owned).collect()
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        // tshark: a HandoverRequired's macro or home eNB ID (its BIT STRING in hex, padded to
        // whole octets on the right).
        let want: Vec<(u64, String)> = keyhop_tests::tshark_fields(
            cap,
            &[
                "-Y",
                "s1ap.procedureCode == 0 && s1ap.initiatingMessage_element",
            ],
            &["s1ap.macroENB_ID", "s1ap.homeENB_ID"],
        )
        .into_iter()
        .filter_map(|(f, c)| {
            let id = |s: &str, bits: u32| {
                let v = u64::from_str_radix(s, 16).ok()?;
                Some(v >> (s.len() as u32 * 4 - bits))
            };
            match (c[0].as_str(), c[1].as_str()) {
                (m, "") if !m.is_empty() && !m.contains(',') => {
                    Some((f, format!(":macro:{:x}", id(m, 20)?)))
                }
                ("", h) if !h.is_empty() && !h.contains(',') => {
                    Some((f, format!(":home:{:x}", id(h, 28)?)))
                }
                _ => None,
            }
        })
        .collect();
        for (f, suffix) in &want {
            let i = (0..frames.len())
                .find(|&i| frames[i] == *f && message[i].as_deref() == Some("HandoverRequired"))
                .unwrap_or_else(|| panic!("{name}: no HandoverRequired row at frame {f}"));
            let t = target[i].as_deref().unwrap_or("");
            assert!(
                t.starts_with("eNB ") && t.ends_with(suffix.as_str()),
                "{name} frame {f}: target_node {t:?}, tshark's Target ID {suffix}"
            );
            // The HandoverRequest carrying this container reaches that eNB.
            let c = links[i]
                .iter()
                .find_map(|k| k.strip_prefix("c+|"))
                .unwrap_or_else(|| panic!("{name} frame {f}: no container key"));
            let req = (i + 1..frames.len()).find(|&j| {
                message[j].as_deref() == Some("HandoverRequest")
                    && links[j].iter().any(|k| k.strip_prefix("c|") == Some(c))
            });
            // (The node's name adds the name of its setup, where one was seen.) Every
            // HandoverRequired of these captures has its HandoverRequest.
            let j = req.unwrap_or_else(|| panic!("{name} frame {f}: no HandoverRequest"));
            let d = dst[j].as_deref().unwrap_or("");
            assert!(
                d == t || d.strip_prefix(t).is_some_and(|r| r.starts_with(" (")),
                "{name} frame {}: HandoverRequest to {d:?}, target_node {t:?}",
                frames[j]
            );
            checked += 1;
        }
        // Only handover preparations name a target.
        for i in 0..frames.len() {
            if target[i].is_some() {
                assert!(
                    matches!(
                        message[i].as_deref(),
                        Some("HandoverRequired" | "ForwardRelocationRequest")
                    ),
                    "{name} frame {}: target_node on {:?}",
                    frames[i],
                    message[i]
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    // s1-handover's, the real S1 capture's two and the other captures' HandoverRequireds.
    assert!(checked >= 10, "only {checked} HandoverRequireds checked");
}

/// A closing line's number before `marker` in `text` (`N frames carried no message`), if
/// there is such a line.
fn count_before(text: &str, marker: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.contains(marker))?;
    let head = &line[..line.find(marker)?];
    head.split([' ', ':'])
        .rev()
        .find(|w| !w.is_empty())?
        .parse()
        .ok()
}

/// `D of M messages failed to decode, ... F frames damaged`: (D, M, F) from that closing line
/// (zeros when there is none: read and export write it only when something failed). Other
/// lines say ` of ` too (`chunk of a longer message`), so only this one is read.
fn failures(text: &str) -> (u64, u64, u64) {
    let Some(line) = text
        .lines()
        .find(|l| l.contains(" messages failed to decode"))
    else {
        return (0, 0, 0);
    };
    let num = |marker: &str| count_before(line, marker).expect(line);
    (num(" of "), num(" messages failed"), num(" frames damaged"))
}

/// Damaged copies of the samples, the violation samples and the shared real captures
/// (octets overwritten, cut out and inserted at seeded random places, as a bad disk, a
/// truncating tool or a broken capture writer leaves them). On each, export loses nothing
/// `keyhop read` shows and reports what it leaves out:
/// * `messages` holds read's message records, in order (a message that fails to decode is a
///   row with its error);
/// * every frame read shows as damaged (a record with no message) has a MALFORMED row in
///   `findings` naming that frame;
/// * the exit status is read's (1 when anything failed or was damaged, 2 when the file is no
///   capture), and the closing lines count the failed messages, the damaged frames and the
///   frames that carried no message as read counts them;
/// * with the capture's keys file where it has one, no table and no closing line holds 8
///   octets of a key: the file's, or any the run learns or derives (the fuzz targets' check,
///   fuzz/src/oracle.rs);
/// * with `--partition hour`, each message is in one hour's parts, damaged times included.
#[test]
fn damaged_captures_lose_nothing() {
    let mut caps = keyhop_tests::all_sample_captures();
    if let Some(d) = keyhop_tests::optional_shared_captures("damaged copies of real captures") {
        caps.extend(keyhop_tests::captures_in(&d));
    }
    let dir = tmp("damaged");
    std::fs::create_dir_all(&dir).unwrap();
    // A message that fails to decode inside its IEs, between two that decode.
    let good = s1ap_capture::notify();
    let bad = s1ap_capture::notify_cut_in_its_ies();
    let (enb, mme) = (s1ap_capture::ENB, s1ap_capture::MME);
    let msgs = [good.clone(), bad, good];
    caps.push(s1ap_capture::capture(
        &dir,
        "bad-ie.pcapng",
        enb,
        mme,
        &msgs,
    ));
    // xorshift64: the same damage on every run.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let (mut damaged_seen, mut failed_seen, mut variants, mut keys_known) = (0, 0, 0, 0);
    let mut clamped = 0;
    for cap in &caps {
        let clean = std::fs::read(cap).unwrap();
        for v in 0..7 {
            let mut d = clean.clone();
            // Variant 0 is the capture as it is (bad-ie.pcapng's damage is its own). Even
            // variants only overwrite octets, so the file's framing mostly holds and reading
            // goes on past damaged frames; odd ones also cut and insert, which mostly ends
            // the reading where the framing breaks.
            let kinds = if v % 2 == 0 { 6 } else { 10 };
            let edits = if v == 0 { 0 } else { 1 + next(24) };
            for _ in 0..edits {
                let i = next(d.len());
                match next(kinds) {
                    0..=5 => d[i] = next(256) as u8,
                    6 | 7 => {
                        let end = (i + 1 + next(40)).min(d.len());
                        d.drain(i..end);
                    }
                    _ => {
                        let ins: Vec<u8> = (0..1 + next(40)).map(|_| next(256) as u8).collect();
                        d.splice(i..i, ins);
                    }
                }
            }
            let name = format!("v{v}-{}", cap.file_name().unwrap().to_string_lossy());
            let path = dir.join(&name);
            std::fs::write(&path, &d).unwrap();
            let p = path.to_str().unwrap();
            let what = format!("{} variant {v}", cap.display());
            variants += 1;

            // With the capture's keys file where it has one: keys are learned, derived and
            // unwrapped, and must not show.
            let keys = keys_beside(cap);
            let with_keys = |args: &[&str]| {
                let mut a = args.to_vec();
                if let Some(k) = &keys {
                    a.extend(["--keys", k.to_str().unwrap()]);
                }
                a.push(p);
                keyhop(&a)
            };
            let r = with_keys(&["read", "--format", "jsonl"]);
            let out = dir.join(format!("out-{v}"));
            let _ = std::fs::remove_dir_all(&out);
            let e = with_keys(&["export", "-o", out.to_str().unwrap(), "--jobs", "1"]);
            let (rerr, eerr) = (stderr(&r), stderr(&e));
            assert_eq!(
                e.status.code(),
                r.status.code(),
                "{what}: exit status\nread: {rerr}\nexport: {eerr}"
            );
            if r.status.code() == Some(2) {
                continue;
            }
            let want = read_messages_with(&path, keys.as_deref());
            let msgs = table(&out, "messages", &name);
            let mut got = records(&msgs);
            clamped += unclamp_times(&mut got, &want, &string_lists(&msgs, "notes"), &what);
            assert_eq!(got, want, "{what}");
            let marker = " frames carried no message";
            assert_eq!(
                count_before(&eerr, marker),
                count_before(&rerr, marker),
                "{what}\nread: {rerr}\nexport: {eerr}"
            );
            let (decode, of, damaged) = failures(&rerr);
            assert_eq!(
                failures(&eerr),
                (decode, of, damaged),
                "{what}\nread: {rerr}\nexport: {eerr}"
            );
            // Read says a capture's damage whenever it shows a damaged frame.
            assert_eq!(
                damaged > 0,
                stdout(&r).lines().any(|l| !l.contains("\"src\"")),
                "{what}\nread: {rerr}"
            );
            failed_seen += decode;
            // Frames read shows as damage, and the frames of MALFORMED findings.
            let damage: Vec<u64> = stdout(&r)
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                .filter(|v| v.get("src").is_none())
                .map(|v| v["frame"].as_u64().unwrap())
                .collect();
            damaged_seen += damage.len();
            let findings = table(&out, "findings", &name);
            let mut malformed = std::collections::BTreeSet::new();
            for b in &findings {
                let rule = b.column_by_name("rule").unwrap().as_string::<i32>().clone();
                let frames = b.column_by_name("frames").unwrap().as_list::<i32>().clone();
                for r in 0..b.num_rows() {
                    if rule.value(r) == "MALFORMED" {
                        let f = frames.value(r);
                        let f = f.as_primitive::<arrow_array::types::UInt64Type>();
                        malformed.extend(f.values().iter().copied());
                    }
                }
            }
            for f in &damage {
                assert!(
                    malformed.contains(f),
                    "{what}: damaged frame {f} has no MALFORMED finding"
                );
            }
            // No 8 octets of a key in any table or on stderr: the keys file's, and every key
            // the run knows (what read --show-keys shows where a fingerprint stood).
            let mut known = keys
                .as_ref()
                .map(|k| oracle::hex_keys(&std::fs::read_to_string(k).unwrap()))
                .unwrap_or_default();
            let shown = with_keys(&["read", "--format", "jsonl", "--show-keys"]);
            for (a, b) in stdout(&r).lines().zip(stdout(&shown).lines()) {
                let (a, b): (serde_json::Value, serde_json::Value) = (
                    serde_json::from_str(a).unwrap(),
                    serde_json::from_str(b).unwrap(),
                );
                oracle::harvest_keys(&a, &b, &mut known);
            }
            keys_known += known.len();
            let windows = oracle::key_windows(&known);
            for t in ["messages", "handovers", "findings", "keys"] {
                for s in strings(&table(&out, t, &name)) {
                    let w = oracle::key_window(s.as_bytes(), &windows);
                    assert!(w.is_none(), "{what}: {t} shows key octets {w:?}");
                }
            }
            let w = oracle::key_window(eerr.as_bytes(), &windows);
            assert!(w.is_none(), "{what}: stderr shows key octets {w:?}");
            // By the hour of damaged times too: every message in some hour's parts, once.
            let _ = std::fs::remove_dir_all(&out);
            let h = with_keys(&["export", "--partition", "hour", "-o", out.to_str().unwrap()]);
            assert_eq!(h.status.code(), r.status.code(), "{what}: {}", stderr(&h));
            let mut frames = Vec::new();
            if let Ok(hours) = std::fs::read_dir(out.join("messages")) {
                for hour in hours {
                    let hour = hour.unwrap().path();
                    for b in table_in(&hour, &name, "parquet") {
                        let f = b.column_by_name("frame").unwrap().clone();
                        let f = f.as_primitive::<arrow_array::types::UInt64Type>();
                        frames.extend(f.values().iter().copied());
                    }
                }
            }
            frames.sort_unstable();
            let mut said: Vec<u64> = want.iter().map(|m| m["frame"].as_u64().unwrap()).collect();
            said.sort_unstable();
            assert_eq!(frames, said, "{what}: --partition hour");
            let _ = std::fs::remove_dir_all(&out);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    // The damage reached every kind of failure this test checks (without the shared
    // captures: 175 variants, 86 damaged frames, 40 messages that failed to decode;
    // bad-ie.pcapng holds one whatever the seed).
    eprintln!("{variants} variants, {damaged_seen} damaged frames, {failed_seen} failed messages, {keys_known} keys known, {clamped} clamped times");
    assert!(
        keys_known >= 100,
        "only {keys_known} keys known to the runs"
    );
    assert!(variants >= 100, "{variants} variants");
    assert!(damaged_seen >= 50, "only {damaged_seen} damaged frames");
    assert!(
        failed_seen >= 20,
        "only {failed_seen} messages failed to decode"
    );
    // A damaged pcapng timestamp beyond the time column (one, in HO-NCC's copies).
    assert!(clamped >= 1, "no time beyond the time column's range");
}
