//! Codec benches: APER decode/encode of the S1AP and X2AP handover PDUs (with oxirush-s1ap on
//! the same S1AP octets, like with like: see `s1ap_benches`), GTPv2 Forward Relocation Request with MM Context, MAKR key unwraps
//! and the TS 33.401 / MAKR KDFs.
//!
//! Few samples and short measurement windows on purpose: the machine is shared.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use keyhop_bench::{
    compare, gtpv2_forward_relocation_request, s1ap_handover_pdus, x2ap_handover_pdus,
};
use keyhop_codec::security::keys::Key256;
use keyhop_codec::security::makr::{self, WrapAlgorithm, WrapBinding};
use keyhop_codec::security::{kdf, KdfAlgorithm};
use keyhop_codec::{gtpv2, x2ap};
#[cfg(feature = "peer")]
use oxirush_s1ap::s1ap::S1AP_PDU;
use std::time::Duration;

/// What oxirush-s1ap makes of each PDU: printed once, before the timings, for the report.
#[cfg(feature = "peer")]
fn peer_verdicts(pdus: &[keyhop_bench::NamedPdu]) {
    eprintln!("oxirush-s1ap on keyhop's S1AP handover PDUs:");
    for p in pdus {
        let verdict = match S1AP_PDU::decode(&p.bytes) {
            Err(e) => format!("decode rejects it: {e}"),
            Ok(pdu) => {
                let structure = match pdu.check_structure() {
                    Err(e) => format!("check_structure error: {e}"),
                    Ok(d) if d.is_empty() => "check_structure ok".into(),
                    Ok(d) => format!("check_structure: {} deviation(s), first: {}", d.len(), d[0]),
                };
                let full = match pdu.check() {
                    Err(e) => format!("check error: {e}"),
                    Ok(d) if d.is_empty() => "check ok".into(),
                    Ok(d) => format!("check: {} deviation(s), first: {}", d.len(), d[0]),
                };
                format!("{structure}; {full}")
            }
        };
        eprintln!(
            "  {:<30} {:>5} octets ({}): {verdict}",
            p.name,
            p.bytes.len(),
            p.origin
        );
    }
}

/// The S1AP PDUs, compared like with like with oxirush-s1ap (what each side's call does:
/// `keyhop_bench::compare`), in three groups, each PDU with both codecs side by side:
/// * `s1ap_walk`: keyhop's envelope and IE-list walk (`LazyPdu`) against oxirush's
///   `decode_borrowed` + `check_structure()` (IE ids, criticalities and lengths against the
///   object set, no value decoded);
/// * `s1ap_decode`: keyhop's full typed decode against oxirush's `decode_borrowed` + `check()`
///   (every IE value of the message decoded with a fault-noting reader and re-encoded strictly;
///   E-RAB list items and extension containers left as octets);
/// * `s1ap_encode`: both encoding from typed values: keyhop its decoded PDU with the kept wire
///   octets cleared, oxirush the typed value of every IE (and of every E-RAB list item) written
///   as `build_s1ap!` writes them. Both are checked to give back the bench octets first.
fn s1ap_benches(c: &mut Criterion) {
    let pdus = s1ap_handover_pdus();
    #[cfg(feature = "peer")]
    peer_verdicts(&pdus);
    for p in &pdus {
        let b = p.bytes.as_slice();
        let mut g = c.benchmark_group("s1ap_walk");
        g.throughput(Throughput::Bytes(b.len() as u64));
        g.bench_with_input(BenchmarkId::new("keyhop", &p.name), b, |bn, b| {
            bn.iter(|| compare::keyhop_walk(black_box(b)))
        });
        #[cfg(feature = "peer")]
        g.bench_with_input(BenchmarkId::new("oxirush", &p.name), b, |bn, b| {
            bn.iter(|| compare::peer_structure(black_box(b)).expect("oxirush reads it"))
        });
        g.finish();

        let mut g = c.benchmark_group("s1ap_decode");
        g.throughput(Throughput::Bytes(b.len() as u64));
        g.bench_with_input(BenchmarkId::new("keyhop", &p.name), b, |bn, b| {
            bn.iter(|| compare::keyhop_decode(black_box(b)))
        });
        #[cfg(feature = "peer")]
        g.bench_with_input(BenchmarkId::new("oxirush", &p.name), b, |bn, b| {
            bn.iter(|| compare::peer_check(black_box(b)).expect("oxirush checks it"))
        });
        g.finish();

        let mut g = c.benchmark_group("s1ap_encode");
        g.throughput(Throughput::Bytes(b.len() as u64));
        let typed = compare::keyhop_typed(b).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        g.bench_with_input(BenchmarkId::new("keyhop", &p.name), &typed, |bn, pdu| {
            bn.iter(|| compare::keyhop_encode(black_box(pdu)))
        });
        #[cfg(feature = "peer")]
        {
            let m = compare::peer_typed(&p.name, b).unwrap_or_else(|e| panic!("{}: {e}", p.name));
            g.bench_with_input(BenchmarkId::new("oxirush", &p.name), &m, |bn, m| {
                bn.iter(|| compare::peer_encode(black_box(m)).expect("oxirush encodes it"))
            });
        }
        g.finish();
    }
}

fn x2ap_benches(c: &mut Criterion) {
    let pdus = x2ap_handover_pdus();
    let mut g = c.benchmark_group("x2ap");
    for p in &pdus {
        g.throughput(Throughput::Bytes(p.bytes.len() as u64));
        let b = p.bytes.as_slice();
        g.bench_with_input(BenchmarkId::new("keyhop_decode", &p.name), b, |bn, b| {
            bn.iter(|| x2ap::decode(black_box(b)).expect("decodes"))
        });
        let pdu = x2ap::decode(b).expect("decodes");
        g.bench_with_input(
            BenchmarkId::new("keyhop_encode", &p.name),
            &pdu,
            |bn, pdu| bn.iter(|| x2ap::encode(black_box(pdu)).expect("encodes")),
        );
    }
    g.finish();
}

fn gtpv2_benches(c: &mut Criterion) {
    let b = gtpv2_forward_relocation_request();
    let mut g = c.benchmark_group("gtpv2");
    g.throughput(Throughput::Bytes(b.len() as u64));
    g.bench_function("decode/ForwardRelocationRequest_mm107_5quads", |bn| {
        bn.iter(|| gtpv2::parse(black_box(&b)).expect("parses"))
    });
    let m = gtpv2::parse(&b).expect("parses");
    g.bench_function("encode/ForwardRelocationRequest_mm107_5quads", |bn| {
        bn.iter(|| black_box(&m).emit().expect("emits"))
    });
    g.finish();
}

fn security_benches(c: &mut Criterion) {
    let kek16: Vec<u8> = (0u8..16).collect();
    let kek32: Vec<u8> = (0u8..32).map(|i| i ^ 0x5a).collect();
    let kenb = Key256::new(std::array::from_fn(|i| (i as u8).wrapping_mul(13)));
    let kasme = Key256::new(std::array::from_fn(|i| (i as u8).wrapping_mul(7)));
    let binding = WrapBinding {
        target_ident: [0, 0xf1, 0x10, 0, 0, 1, 0xa2, 0xb3],
        mme_ue_s1ap_id: 1,
        refresh_counter: 2,
    };
    let iv = [0x42u8; 16];
    let mut g = c.benchmark_group("security");
    for (alg, name, kek) in [
        (WrapAlgorithm::AesEcb, "aes-ecb", &kek16),
        (WrapAlgorithm::AesKw, "aes-kw", &kek16),
        (WrapAlgorithm::AesCtrCmac, "aes-ctr-cmac", &kek32),
    ] {
        let wrapped = makr::wrap_kenb(alg, kek, &kenb, &iv, &binding).expect("wraps");
        g.bench_function(BenchmarkId::new("unwrap_kenb", name), |bn| {
            bn.iter(|| {
                makr::unwrap_kenb(alg, black_box(kek), black_box(&wrapped), &binding)
                    .expect("unwraps")
            })
        });
    }
    let ident = binding.target_ident;
    g.bench_function("makr_derive_kenb/aes-block", |bn| {
        bn.iter(|| makr::derive_kenb(KdfAlgorithm::AesBlock, black_box(&kek16), &ident))
    });
    g.bench_function("makr_derive_kenb/aes-cmac-ctr", |bn| {
        bn.iter(|| makr::derive_kenb(KdfAlgorithm::AesCmacCtr, black_box(&kek32), &ident))
    });
    g.bench_function("kdf/kenb", |bn| bn.iter(|| kdf::kenb(black_box(&kasme), 7)));
    g.bench_function("kdf/nh", |bn| {
        bn.iter(|| kdf::nh(black_box(&kasme), black_box(&kenb)))
    });
    g.bench_function("kdf/kenb_star", |bn| {
        bn.iter(|| kdf::kenb_star(black_box(&kenb), 301, 1850, kdf::EarfcnEncoding::ByValue))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(700))
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = s1ap_benches, x2ap_benches, gtpv2_benches, security_benches
}
criterion_main!(benches);
