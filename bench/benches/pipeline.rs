//! The capture pipeline in packets per second: frames and payloads alone (pcapng, Ethernet,
//! IP, SCTP reassembly, UDP), then with every message decoded, then `keyhop read` as the
//! command runs it (summary and jsonl) into a sink, and `keyhop validate` (no keys, default
//! limits) with its findings dropped.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use keyhop::capture::CaptureReader;
use keyhop::keys::KeysFile;
use keyhop::output::Message;
use keyhop::read::{self, Format};
use keyhop::validate::{self, engine::Limits};
use std::io::Cursor;
use std::time::Duration;

const PACKETS: u64 = 20_000;

fn pipeline(c: &mut Criterion) {
    let mut cap = Vec::new();
    let n = keyhop_bench::write_mixed_capture(&mut cap, PACKETS).expect("in memory");
    let path = std::env::temp_dir().join(format!("keyhop-bench-{}.pcapng", std::process::id()));
    std::fs::write(&path, &cap).expect("write the temporary capture");
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(n));
    g.bench_function("frames_and_payloads", |b| {
        b.iter(|| {
            let mut r = CaptureReader::new(Cursor::new(&cap)).expect("opens");
            let mut payloads = 0usize;
            while let Some(f) = r.next_frame() {
                payloads += f.expect("whole").payload_count();
            }
            black_box(payloads)
        })
    });
    g.bench_function("frames_payloads_decode", |b| {
        b.iter(|| {
            let mut r = CaptureReader::new(Cursor::new(&cap)).expect("opens");
            let mut ok = 0usize;
            while let Some(f) = r.next_frame() {
                let f = f.expect("whole");
                for p in f.payloads() {
                    ok += Message::from_payload(f.number, f.timestamp, &p)
                        .result
                        .is_ok() as usize;
                }
            }
            assert!(ok > 0);
            black_box(ok)
        })
    });
    for (name, format) in [
        ("read_summary", Format::Summary),
        ("read_jsonl", Format::Jsonl),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let report = read::run(&path, format, false, &mut std::io::sink()).expect("reads");
                assert_eq!(report.decode_errors, 0);
                black_box(report.messages)
            })
        });
    }
    g.bench_function("validate", |b| {
        b.iter(|| {
            let mut findings = 0usize;
            let o = validate::run_with(&path, &KeysFile::default(), Limits::default(), &mut |_| {
                findings += 1
            })
            .expect("reads");
            assert!(o.events > 0 && o.ended_early.is_none());
            black_box((o.events, findings))
        })
    });
    g.finish();
    let _ = std::fs::remove_file(&path);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots();
    targets = pipeline
}
criterion_main!(benches);
