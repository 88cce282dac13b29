//! The codec comparison measures what it says: both sides read and write every bench PDU, the
//! encodes work from typed values (nothing kept from the wire), and the walk sees the IEs the
//! full decode sees.

use keyhop_bench::{compare, s1ap_handover_pdus};
use keyhop_codec::ap::Body;
use keyhop_codec::redact::Octets;
use std::borrow::Cow;

#[test]
fn keyhop_side_reads_and_writes_every_bench_pdu_from_typed_values() {
    let pdus = s1ap_handover_pdus();
    assert_eq!(pdus.len(), keyhop_bench::S1AP_HANDOVER.len());
    for p in &pdus {
        let b = p.bytes.as_slice();
        let walk = compare::keyhop_walk(b);
        let full = compare::keyhop_decode(b);
        let walked: Vec<u16> = walk
            .ies
            .as_ref()
            .expect("an IE message")
            .iter()
            .map(|ie| ie.id)
            .collect();
        let decoded: Vec<u16> = full
            .ies()
            .expect("an IE message")
            .items
            .iter()
            .map(|ie| ie.id)
            .collect();
        assert_eq!(walked, decoded, "{}", p.name);
        let typed = compare::keyhop_typed(b).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(compare::keyhop_encode(&typed), b, "{}", p.name);
    }
}

#[test]
fn typed_only_encodes_from_the_values_not_the_kept_octets() {
    let p = &s1ap_handover_pdus()[0];
    let mut pdu = compare::keyhop_decode(&p.bytes);
    // Octets "kept from the wire" that differ from the value's encoding: encoding writes them.
    let Body::Ies(m) = &mut pdu.body else {
        panic!("{} is an IE message", p.name)
    };
    let first = &mut m.ies.items[0];
    let odd = vec![0xee; 5];
    first.wire = Some(Octets(Cow::Owned(odd)));
    assert_ne!(compare::keyhop_encode(&pdu), p.bytes);
    let pdu = compare::typed_only(pdu);
    assert_eq!(compare::keyhop_encode(&pdu), p.bytes);
}

#[cfg(feature = "peer")]
#[test]
fn peer_side_reads_and_writes_every_bench_pdu_from_typed_values() {
    for p in &s1ap_handover_pdus() {
        let b = p.bytes.as_slice();
        compare::peer_structure(b).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        compare::peer_check(b).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        // peer_typed fails on an IE it would have to keep as octets, and checks the encode.
        let m = compare::peer_typed(&p.name, b).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(compare::peer_encode(&m).expect("encodes"), b, "{}", p.name);
    }
}
