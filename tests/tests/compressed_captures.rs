//! Compressed captures (gzip, zstd, LZ4) read as their plain selves, by content and not by name, in
//! every command and from standard input; a cut compressed stream keeps its whole records and
//! says where it broke; tshark agrees on the compressed file; and `keyhop export DIR` takes a
//! directory of `tcpdump -C` parts by content, in numeric order, naming what it skips.

use keyhop_tests::{keyhop, optional_shared_captures, sample_captures, stderr, stdout};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("keyhop-compressed-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// `data` as two gzip members one after the other (what `cat a.gz b.gz` or `pigz` makes).
fn gzip_two_members(data: &[u8]) -> Vec<u8> {
    let (a, b) = data.split_at(data.len() / 3);
    let mut out = gzip(a);
    out.extend(gzip(b));
    out
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::bulk::compress(data, 3).unwrap()
}

/// `data` as LZ4 frames of 4 KiB each, one after the other (what `cat a.lz4 b.lz4` makes; a
/// cut then leaves whole frames before it).
fn lz4_frames(data: &[u8]) -> Vec<u8> {
    data.chunks(4096).flat_map(lz4).collect()
}

fn lz4(data: &[u8]) -> Vec<u8> {
    let mut e = lz4_flex::frame::FrameEncoder::new(Vec::new());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// `data` as zstd frames of 4 KiB each, one after the other: a cut then leaves whole frames
/// before it (a zstd block is decoded only whole, and one small file is one block).
fn zstd_frames(data: &[u8]) -> Vec<u8> {
    data.chunks(4096).flat_map(zstd).collect()
}

/// The captures the checks run on: the samples and, where present, the shared real captures.
fn captures() -> Vec<PathBuf> {
    let mut v = sample_captures();
    if let Some(dir) = optional_shared_captures("compressed copies of the real captures") {
        v.extend(keyhop_tests::captures_in(&dir));
    }
    v
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The report and status with the file's path replaced, so two runs on two names compare.
fn without(s: &str, p: &Path) -> String {
    s.replace(path(p), "CAPTURE")
}

#[test]
fn compressed_captures_read_as_the_plain_file_in_every_command() {
    let dir = tmp("read");
    const COMMANDS: [&[&str]; 4] = [
        &["read", "--format", "jsonl", "--show-keys", "--report"],
        &["read", "--format", "tree"],
        &["validate", "--format", "json"],
        &["stats", "--format", "json"],
    ];
    let run = |args: &[&str], p: &Path| {
        let mut a = args.to_vec();
        a.push(path(p));
        keyhop(&a)
    };
    for cap in captures() {
        let plain = std::fs::read(&cap).unwrap();
        let name = cap.file_name().unwrap().to_str().unwrap().to_owned();
        let wants: Vec<Output> = COMMANDS.iter().map(|a| run(a, &cap)).collect();
        for (kind, bytes) in [
            ("gz", gzip(&plain)),
            ("2gz", gzip_two_members(&plain)),
            ("zst", zstd(&plain)),
            ("lz4", lz4(&plain)),
            ("2lz4", lz4_frames(&plain)),
        ] {
            // A name that says nothing: the content decides.
            let packed = dir.join(format!("{name}.{kind}.bin"));
            std::fs::write(&packed, &bytes).unwrap();
            for (args, want) in COMMANDS.iter().zip(&wants) {
                let got = run(args, &packed);
                assert_eq!(
                    got.status.code(),
                    want.status.code(),
                    "{name} {kind} {args:?}: {}",
                    stderr(&got)
                );
                assert!(!want.stdout.is_empty(), "{name} {args:?} prints something");
                assert_eq!(
                    without(&stdout(&got), &packed),
                    without(&stdout(want), &cap),
                    "{name} {kind} {args:?}"
                );
                assert_eq!(
                    without(&stderr(&got), &packed),
                    without(&stderr(want), &cap),
                    "{name} {kind} {args:?}"
                );
            }
        }
        // Standard input: `zcat`-free pipelines (`curl ... | keyhop read -`).
        let mut child = Command::new(keyhop_tests::keyhop_bin())
            .args(["read", "--format", "jsonl", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let packed = gzip(&plain);
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || stdin.write_all(&packed));
        let got = child.wait_with_output().unwrap();
        feeder.join().unwrap().unwrap();
        let want = keyhop(&["read", "--format", "jsonl", path(&cap)]);
        assert_eq!(stdout(&got), stdout(&want), "{name} gzip on stdin");
        assert_eq!(
            got.status.code(),
            want.status.code(),
            "{name} gzip on stdin"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Frames (`"frame"` of each JSON record) in output order.
fn frames(o: &Output) -> Vec<u64> {
    stdout(o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["frame"].as_u64().unwrap()
        })
        .collect()
}

#[test]
fn a_cut_compressed_capture_keeps_its_whole_records_and_says_where_it_broke() {
    let dir = tmp("cut");
    let cap = keyhop_tests::sample("s1-handover.pcapng");
    let want = keyhop(&["read", "--format", "jsonl", path(&cap)]);
    let all = stdout(&want);
    for (kind, bytes) in [
        ("gzip", gzip(&std::fs::read(&cap).unwrap())),
        ("zstd", zstd_frames(&std::fs::read(&cap).unwrap())),
        ("lz4", lz4_frames(&std::fs::read(&cap).unwrap())),
    ] {
        let cut_at = bytes.len() * 3 / 5;
        let cut = dir.join(format!("cut-{kind}"));
        std::fs::write(&cut, &bytes[..cut_at]).unwrap();
        let got = keyhop(&["read", "--format", "jsonl", path(&cut)]);
        assert_eq!(got.status.code(), Some(1), "{kind}: {}", stderr(&got));
        let err = stderr(&got);
        assert!(
            err.contains(&format!("reading the {kind}-compressed capture after "))
                && err.contains(" decompressed octets"),
            "{kind}: the error names the compression and the offset: {err}"
        );
        // What was read is the plain reading's beginning, and not nothing.
        let n = frames(&got).len();
        assert!(n > 0, "{kind}: the records before the cut are read");
        assert!(
            all.starts_with(&stdout(&got)),
            "{kind}: a prefix of the plain reading"
        );
        assert!(n < frames(&want).len(), "{kind}: the cut is felt");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// tshark reads the compressed copies too, and finds in them the messages keyhop finds: the
/// same S1AP, X2AP and GTP-C PDUs in the same frames (tshark's side from
/// `tests/interop/tshark_compare.py --dump` on the compressed file). The fields of those
/// messages are compared with tshark on the plain files by the tshark tests; keyhop's reading
/// of each compressed copy is that of its plain file, octet for octet.
#[cfg(feature = "interop")]
#[test]
fn tshark_finds_the_same_messages_in_the_compressed_captures() {
    let dir = tmp("tshark");
    for cap in captures() {
        let name = cap.file_name().unwrap().to_str().unwrap().to_owned();
        let plain = std::fs::read(&cap).unwrap();
        for (ext, bytes) in [
            ("gz", gzip(&plain)),
            ("zst", zstd(&plain)),
            ("lz4", lz4(&plain)),
        ] {
            let packed = dir.join(format!("{name}.{ext}"));
            std::fs::write(&packed, bytes).unwrap();
            // tshark reads gzip and LZ4 frames (4.0 here); builds without zstd exist (its own
            // build option), so zstd alone may be refused.
            let t = Command::new("tshark")
                .args(["-r", path(&packed), "-c", "1"])
                .output()
                .expect("tshark runs (interop needs it)");
            if !t.status.success() {
                assert_eq!(ext, "zst", "tshark reads gzip: {}", stderr(&t));
                eprintln!(
                    "this tshark does not read zstd captures: {name}.zst not compared with it"
                );
                continue;
            }
            let dump =
                keyhop_tests::interop_script("tshark_compare.py", &[path(&packed), "--dump"], "");
            // Its status says whether tshark flagged a frame malformed (tshark 4.0 does on one
            // sample, see gtp_tshark.rs); that is the plain file's test's business.
            let pdus = |text: &str| -> Vec<(u64, String)> {
                text.lines()
                    .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                    .filter_map(|v| {
                        Some((v["frame"].as_u64()?, v["protocol"].as_str()?.to_owned()))
                    })
                    .collect()
            };
            let jsonl = keyhop_tests::keyhop_jsonl(&packed);
            let theirs = pdus(&stdout(&dump));
            assert!(
                !theirs.is_empty(),
                "{name}.{ext}: tshark finds messages: {}",
                stderr(&dump)
            );
            assert_eq!(
                pdus(&jsonl),
                theirs,
                "{name}.{ext}: the same PDUs in the same frames"
            );
            assert_eq!(jsonl, keyhop_tests::keyhop_jsonl(&cap), "{name}.{ext}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `keyhop: NAME: N frames, M messages...` lines of an export, in order.
fn exported(o: &Output) -> Vec<(String, String)> {
    stderr(o)
        .lines()
        .filter(|l| l.contains(" frames, "))
        .map(|l| {
            let rest = l.strip_prefix("keyhop: ").unwrap();
            let (p, counts) = rest.rsplit_once(": ").unwrap();
            (
                Path::new(p)
                    .file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_owned(),
                counts.to_owned(),
            )
        })
        .collect()
}

#[test]
fn export_takes_a_directory_of_tcpdump_parts_by_content_in_numeric_order() {
    let dir = tmp("dir");
    let parts = dir.join("parts");
    std::fs::create_dir_all(parts.join("nested")).unwrap();
    let caps = sample_captures();
    let read = |p: &Path| std::fs::read(p).unwrap();
    // `tcpdump -C N -w trace.pcap` names: trace.pcap, trace.pcap1, ...; some compressed.
    let files: [(&str, Vec<u8>); 5] = [
        ("trace.pcap", read(&caps[0])),
        ("trace.pcap1", read(&caps[1])),
        ("trace.pcap2.gz", gzip(&read(&caps[2]))),
        ("trace.pcap10", zstd(&read(&caps[3]))),
        ("trace.pcap9", read(&caps[4])),
    ];
    for (n, b) in &files {
        std::fs::write(parts.join(n), b).unwrap();
    }
    // Not captures, whatever their names say.
    std::fs::write(parts.join("README.txt"), "tcpdump -C 100 -w trace.pcap\n").unwrap();
    std::fs::write(parts.join("notes.pcap"), "not a capture\n").unwrap();
    std::fs::write(parts.join("empty.pcapng"), b"").unwrap();
    std::fs::write(parts.join("logs.gz"), gzip(b"a log, gzipped\n")).unwrap();
    // Subdirectories are entered only with -r; a link to a directory never (no loops).
    std::fs::write(parts.join("nested/trace.pcap"), read(&caps[0])).unwrap();
    std::fs::create_dir_all(parts.join("nested/deeper")).unwrap();
    std::fs::write(
        parts.join("nested/deeper/trace.pcap3"),
        gzip(&read(&caps[2])),
    )
    .unwrap();
    std::fs::write(parts.join("nested/deeper/notes.txt"), "x").unwrap();
    std::os::unix::fs::symlink(&parts, parts.join("nested/loop")).unwrap();

    // `keyhop export EXTRA parts -o OUT --jobs 1`, which must succeed: its stderr, and the
    // inputs it exported with their counts.
    let export = |extra: &[&str], out: &Path| {
        let mut a = vec!["export"];
        a.extend_from_slice(extra);
        a.extend([path(&parts), "-o", path(out), "--jobs", "1"]);
        let o = keyhop(&a);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (stderr(&o), exported(&o))
    };
    let names = |got: &[(String, String)]| got.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    let out = dir.join("ds");
    let (err, got) = export(&[], &out);
    assert_eq!(
        names(&got),
        [
            "trace.pcap",
            "trace.pcap1",
            "trace.pcap2.gz",
            "trace.pcap9",
            "trace.pcap10"
        ]
    );
    assert!(
        err.contains(&format!(
            "keyhop: skipped 4 file(s) that hold no pcap or pcapng capture: {}, {}, {}, {}",
            path(&parts.join("README.txt")),
            path(&parts.join("empty.pcapng")),
            path(&parts.join("logs.gz")),
            path(&parts.join("notes.pcap")),
        )),
        "{err}"
    );
    // Each part exports as its plain capture does.
    let order = [0, 1, 2, 4, 3];
    for ((name, counts), &i) in got.iter().zip(&order) {
        let alone = dir.join(format!("alone-{i}"));
        let p = keyhop(&["export", path(&caps[i]), "-o", path(&alone), "--jobs", "1"]);
        assert_eq!(p.status.code(), Some(0), "{}", stderr(&p));
        assert_eq!(
            &exported(&p)[0].1,
            counts,
            "{name} exports as {}",
            caps[i].display()
        );
        assert!(
            out.join("messages").join(format!("input={name}")).is_dir(),
            "{name}'s messages are in the dataset"
        );
    }
    assert!(
        err.contains(&format!(
            "keyhop: did not enter 1 subdirectory(ies) (-r enters them): {}",
            path(&parts.join("nested"))
        )),
        "{err}"
    );
    // -r: the subdirectories' captures after the directory's own, depth first in name order.
    let (err_r, got_r) = export(&["-r"], &dir.join("ds-r"));
    assert_eq!(
        names(&got_r),
        [
            "trace.pcap",
            "trace.pcap1",
            "trace.pcap2.gz",
            "trace.pcap9",
            "trace.pcap10",
            "trace.pcap",
            "trace.pcap3"
        ]
    );
    assert_eq!(
        got_r[5].1, got[0].1,
        "nested/trace.pcap is the top one's copy"
    );
    assert_eq!(
        got_r[6].1, got[2].1,
        "nested/deeper/trace.pcap3 is trace.pcap2.gz's copy"
    );
    assert!(err_r.contains("keyhop: skipped 5 file(s)"), "{err_r}");
    assert!(!err_r.contains("did not enter"), "{err_r}");
    // Two inputs named alike are two partitions.
    for n in ["trace.pcap", "trace.pcap-2", "trace.pcap3"] {
        assert!(
            dir.join("ds-r/messages")
                .join(format!("input={n}"))
                .is_dir(),
            "{n}"
        );
    }

    // Only the directory's non-captures: nothing to export, said.
    let empty = dir.join("nothing");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("README.txt"), "x").unwrap();
    let o = keyhop(&["export", path(&empty), "-o", path(&dir.join("ds2"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("skipped 1 file(s)"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no capture files among the inputs"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every batch of the Parquet files of `dir`, in part order, with the `file` column (the
/// input's name) left out.
fn table(dir: &Path) -> Vec<arrow_array::RecordBatch> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    parts.sort();
    parts
        .iter()
        .flat_map(|p| {
            parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
                std::fs::File::open(p).unwrap(),
            )
            .unwrap()
            .build()
            .unwrap()
            .map(|b| {
                let b = b.unwrap();
                let i = b.schema().index_of("file").unwrap();
                let mut b = b.clone();
                b.remove_column(i);
                b
            })
        })
        .collect()
}

#[test]
fn export_reads_standard_input_compressed_or_not() {
    let dir = tmp("stdin");
    let cap = keyhop_tests::sample("x2-makr.pcapng");
    let plain = std::fs::read(&cap).unwrap();
    let want_dir = dir.join("file");
    let want = keyhop(&["export", path(&cap), "-o", path(&want_dir)]);
    assert_eq!(want.status.code(), Some(0), "{}", stderr(&want));
    for (kind, bytes) in [("plain", plain.clone()), ("gzip", gzip(&plain))] {
        let out = dir.join(kind);
        let mut child = Command::new(keyhop_tests::keyhop_bin())
            .args(["export", "-", "-o", path(&out)])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || stdin.write_all(&bytes));
        let got = child.wait_with_output().unwrap();
        feeder.join().unwrap().unwrap();
        assert_eq!(got.status.code(), Some(0), "{kind}: {}", stderr(&got));
        for t in ["messages", "handovers", "findings", "keys"] {
            let name = cap.file_name().unwrap().to_str().unwrap();
            let a = table(&want_dir.join(t).join(format!("input={name}")));
            let b = table(&out.join(t).join("input=stdin"));
            assert_eq!(a, b, "{kind}: {t} from standard input is the file's");
            if t != "keys" {
                assert!(
                    a.iter().map(|b| b.num_rows()).sum::<usize>() > 0,
                    "{t} has rows"
                );
            }
        }
    }
    let twice = keyhop(&["export", "-", "-", "-o", path(&dir.join("twice"))]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).contains("standard input (`-`) can be read once"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn read_takes_a_directory_as_its_captures_merged_by_time() {
    let dir = tmp("read-dir");
    let parts = dir.join("parts");
    std::fs::create_dir_all(parts.join("sub")).unwrap();
    let caps = sample_captures();
    let read = |p: &Path| std::fs::read(p).unwrap();
    std::fs::write(parts.join("trace.pcap10"), gzip(&read(&caps[1]))).unwrap();
    std::fs::write(parts.join("trace.pcap2"), read(&caps[0])).unwrap();
    std::fs::write(parts.join("README"), "x").unwrap();
    std::fs::write(parts.join("sub/trace.pcap"), lz4(&read(&caps[2]))).unwrap();
    let listed = [parts.join("trace.pcap2"), parts.join("trace.pcap10")];
    let args = |extra: &[&str], inputs: &[&Path]| {
        let mut a = vec!["read", "--format", "jsonl"];
        a.extend_from_slice(extra);
        a.extend(inputs.iter().map(|p| path(p)));
        keyhop(&a)
    };
    let want = args(&[], &[&listed[0], &listed[1]]);
    let got = args(&[], &[&parts]);
    assert_eq!(got.status.code(), want.status.code(), "{}", stderr(&got));
    assert!(!want.stdout.is_empty());
    assert_eq!(
        stdout(&got),
        stdout(&want),
        "the directory reads as its captures in order"
    );
    let err = stderr(&got);
    assert!(
        err.contains("keyhop: skipped 1 file(s) that hold no pcap or pcapng capture"),
        "{err}"
    );
    assert!(
        err.contains("keyhop: did not enter 1 subdirectory(ies) (-r enters them)"),
        "{err}"
    );
    // -r: the subdirectory's capture joins the merge.
    let sub = parts.join("sub/trace.pcap");
    let want = args(&[], &[&listed[0], &listed[1], &sub]);
    let got = args(&["-r"], &[&parts]);
    assert_eq!(stdout(&got), stdout(&want));
    assert!(!stderr(&got).contains("did not enter"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `data` in LZ4's legacy format (`lz4 -l`): its magic number, then blocks of at most 8 MiB,
/// each its compressed length (32 bits, little-endian) and the block.
fn lz4_legacy(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x02, 0x21, 0x4c, 0x18];
    for chunk in data.chunks(8 << 20) {
        let block = lz4_flex::block::compress(chunk);
        out.extend((block.len() as u32).to_le_bytes());
        out.extend(block);
    }
    out
}

/// Compressions tshark does not read either are named in the error, with what to do, instead
/// of only "not a capture"; and under the interop feature tshark is shown to refuse the same
/// file, so the error's "nor does tshark" is checked, not assumed.
#[test]
fn a_compression_tshark_does_not_read_is_named() {
    let dir = tmp("unread");
    let cap = keyhop_tests::sample("s1-handover.pcapng");
    let plain = std::fs::read(&cap).unwrap();
    let legacy = dir.join("legacy.pcapng.lz4");
    std::fs::write(&legacy, lz4_legacy(&plain)).unwrap();
    let bz = dir.join("trace.pcap.bz2");
    // Only the first octets matter to the check: a bzip2 stream header.
    std::fs::write(&bz, b"BZh91AY&SY\0\0\0\0").unwrap();
    for (file, what) in [
        (&legacy, "an LZ4 legacy frame (`lz4 -l`)"),
        (&bz, "bzip2-compressed"),
    ] {
        for cmd in [
            &["read"][..],
            &["validate"],
            &["export", "-o", path(&dir.join("ds"))],
        ] {
            let mut args = cmd.to_vec();
            args.push(path(file));
            let got = keyhop(&args);
            let err = stderr(&got);
            assert_eq!(got.status.code(), Some(2), "{cmd:?} {what}: {err}");
            assert!(
                err.contains(what) && err.contains("decompress it first"),
                "{cmd:?}: the error names the compression: {err}"
            );
        }
    }
    #[cfg(feature = "interop")]
    {
        let t = Command::new("tshark")
            .args(["-r", path(&legacy), "-c", "1"])
            .output()
            .expect("tshark runs");
        let out = String::from_utf8_lossy(&t.stderr);
        assert!(
            !t.status.success()
                && out.contains("isn't a capture file in a format TShark understands"),
            "tshark refuses the legacy LZ4 file too: {out}"
        );
        // ... while the same octets as an LZ4 frame are read by both.
        let framed = dir.join("framed.pcapng.lz4");
        std::fs::write(&framed, lz4(&plain)).unwrap();
        let t = Command::new("tshark")
            .args(["-r", path(&framed), "-c", "1"])
            .output()
            .expect("tshark runs");
        assert!(t.status.success(), "tshark reads the LZ4 frame");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
