//! Codec benches: APER decode/encode of the S1AP and X2AP handover PDUs (with oxirush-s1ap on
//! the same S1AP octets), GTPv2 Forward Relocation Request with MM Context, MAKR key unwraps
//! and the TS 33.401 / MAKR KDFs.
//!
//! Few samples and short measurement windows on purpose: the machine is shared.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use keyhop_bench::{gtpv2_forward_relocation_request, s1ap_handover_pdus, x2ap_handover_pdus};
use keyhop_codec::security::keys::Key256;
use keyhop_codec::security::makr::{self, WrapAlgorithm, WrapBinding};
use keyhop_codec::security::{kdf, KdfAlgorithm};
use keyhop_codec::{gtpv2, s1ap, x2ap};
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

fn s1ap_benches(c: &mut Criterion) {
    let pdus = s1ap_handover_pdus();
    #[cfg(feature = "peer")]
    peer_verdicts(&pdus);
    let mut g = c.benchmark_group("s1ap");
    for p in &pdus {
        g.throughput(Throughput::Bytes(p.bytes.len() as u64));
        let b = p.bytes.as_slice();
        g.bench_with_input(BenchmarkId::new("keyhop_decode", &p.name), b, |bn, b| {
            bn.iter(|| s1ap::decode(black_box(b)).expect("keyhop decodes its own PDUs"))
        });
        let pdu = s1ap::decode(b).expect("decodes");
        g.bench_with_input(
            BenchmarkId::new("keyhop_encode", &p.name),
            &pdu,
            |bn, pdu| bn.iter(|| s1ap::encode(black_box(pdu)).expect("encodes")),
        );
        // The peer: its decode keeps IE values as octets; check_structure() walks the IE
        // container, check() decodes every IE value (the typed decode keyhop always does).
        #[cfg(feature = "peer")]
        if S1AP_PDU::decode(b).is_ok() {
            g.bench_with_input(
                BenchmarkId::new("oxirush_decode_check_structure", &p.name),
                b,
                |bn, b| {
                    bn.iter(|| {
                        let pdu = S1AP_PDU::decode(black_box(b)).expect("decodes");
                        let _ = black_box(pdu.check_structure());
                    })
                },
            );
            g.bench_with_input(
                BenchmarkId::new("oxirush_decode_check", &p.name),
                b,
                |bn, b| {
                    bn.iter(|| {
                        let pdu = S1AP_PDU::decode(black_box(b)).expect("decodes");
                        let _ = black_box(pdu.check());
                    })
                },
            );
            let opdu = S1AP_PDU::decode(b).expect("decodes");
            g.bench_with_input(
                BenchmarkId::new("oxirush_encode", &p.name),
                &opdu,
                |bn, pdu| bn.iter(|| black_box(pdu).encode().expect("encodes")),
            );
        }
    }
    g.finish();
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
