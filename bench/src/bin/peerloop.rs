//! The like-for-like codec comparison with oxirush-s1ap (`keyhop_bench::compare`) as plain loops,
//! for instruction counts, which stay exact on a loaded machine where timings do not:
//!
//! ```text
//! valgrind --tool=callgrind --callgrind-out-file=cg.out target/release/peerloop 200 HandoverRequired
//! callgrind_annotate --inclusive=yes cg.out | grep peerloop::run_
//! ```
//!
//! Each `run_*` function runs one operation `rounds` times on one PDU, the freeing of what it
//! returns included; its inclusive instruction count divided by `rounds` is the cost of one
//! operation. `bench/codec-compare.sh` runs every bench PDU this way and prints the ratios.
//!
//! Usage: `peerloop [rounds] [message name]` (every S1AP handover PDU of the benches when no
//! name is given). Prints each PDU's name, octets and origin.
#![forbid(unsafe_code)]

use keyhop_bench::compare::{self as peer, PeerMessage};
use keyhop_bench::s1ap_handover_pdus;
use keyhop_codec::s1ap::S1apPdu;
use std::hint::black_box;

#[inline(never)]
fn run_keyhop_walk(b: &[u8], rounds: usize) {
    for _ in 0..rounds {
        black_box(peer::keyhop_walk(black_box(b)));
    }
}

#[inline(never)]
fn run_peer_structure(b: &[u8], rounds: usize) {
    for _ in 0..rounds {
        black_box(peer::peer_structure(black_box(b)).expect("oxirush reads the PDU"));
    }
}

#[inline(never)]
fn run_keyhop_decode(b: &[u8], rounds: usize) {
    for _ in 0..rounds {
        black_box(peer::keyhop_decode(black_box(b)));
    }
}

#[inline(never)]
fn run_peer_check(b: &[u8], rounds: usize) {
    for _ in 0..rounds {
        black_box(peer::peer_check(black_box(b)).expect("oxirush checks the PDU"));
    }
}

#[inline(never)]
fn run_peer_decode(name: &str, b: &[u8], rounds: usize) {
    for _ in 0..rounds {
        black_box(
            peer::peer_decode(black_box(name), black_box(b)).expect("oxirush decodes the PDU"),
        );
    }
}

#[inline(never)]
fn run_keyhop_encode(pdu: &S1apPdu<'_>, rounds: usize) {
    for _ in 0..rounds {
        black_box(peer::keyhop_encode(black_box(pdu)));
    }
}

#[inline(never)]
fn run_peer_encode(m: &PeerMessage<'_>, rounds: usize) {
    for _ in 0..rounds {
        black_box(peer::peer_encode(black_box(m)).expect("oxirush encodes the message"));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let only = args.get(2);
    let pdus: Vec<_> = s1ap_handover_pdus()
        .into_iter()
        .filter(|p| only.is_none_or(|o| *o == p.name))
        .collect();
    if pdus.is_empty() {
        eprintln!(
            "peerloop: no bench PDU named {}",
            only.map_or("", String::as_str)
        );
        std::process::exit(2);
    }
    for p in &pdus {
        let b = p.bytes.as_slice();
        let typed = peer::keyhop_typed(b).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        let peer_typed = peer::peer_typed(&p.name, b).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        run_keyhop_walk(b, rounds);
        run_peer_structure(b, rounds);
        run_keyhop_decode(b, rounds);
        run_peer_check(b, rounds);
        run_peer_decode(&p.name, b, rounds);
        run_keyhop_encode(&typed, rounds);
        run_peer_encode(&peer_typed, rounds);
        println!(
            "{} {} octets ({}) {rounds} rounds",
            p.name,
            p.bytes.len(),
            p.origin
        );
    }
}
