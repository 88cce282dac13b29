//! Decodes the benches' S1AP and X2AP handover PDUs in a loop, for instruction-count profiles
//! (`valgrind --tool=callgrind target/release/decodeloop s1ap 200`), where criterion's timing
//! loop would only add noise.
//!
//! Usage: `decodeloop [s1ap|x2ap|both] [rounds] [message name]`; prints the instruction-free
//! facts a profile needs: PDUs, octets and rounds.
#![forbid(unsafe_code)]

use keyhop_bench::{s1ap_handover_pdus, x2ap_handover_pdus};
use keyhop_codec::{s1ap, x2ap};
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map(String::as_str).unwrap_or("both");
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100);
    let only = args.get(3);
    let keep = |name: &str| only.is_none_or(|o| o == name);
    let s1 = if which == "x2ap" {
        Vec::new()
    } else {
        s1ap_handover_pdus()
    };
    let x2 = if which == "s1ap" {
        Vec::new()
    } else {
        x2ap_handover_pdus()
    };
    let s1: Vec<_> = s1.into_iter().filter(|p| keep(&p.name)).collect();
    let x2: Vec<_> = x2.into_iter().filter(|p| keep(&p.name)).collect();
    let octets: usize = s1.iter().chain(&x2).map(|p| p.bytes.len()).sum();
    for _ in 0..rounds {
        for p in &s1 {
            black_box(s1ap::decode(black_box(&p.bytes)).expect("keyhop decodes its own PDUs"));
        }
        for p in &x2 {
            black_box(x2ap::decode(black_box(&p.bytes)).expect("keyhop decodes its own PDUs"));
        }
    }
    for p in &s1 {
        println!(
            "s1ap {:<30} {:>5} octets ({})",
            p.name,
            p.bytes.len(),
            p.origin
        );
    }
    for p in &x2 {
        println!(
            "x2ap {:<30} {:>5} octets ({})",
            p.name,
            p.bytes.len(),
            p.origin
        );
    }
    println!(
        "{} S1AP + {} X2AP PDUs, {octets} octets, {rounds} rounds",
        s1.len(),
        x2.len()
    );
}
