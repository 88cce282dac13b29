//! S1AP and X2AP PDUs over 16 KiB: their open types and OCTET STRINGs arrive fragmented
//! (X.691 11.9.3.8: 64K/48K/32K/16K fragments, then a final length). A HandoverRequest whose
//! Source-ToTarget transparent container carries a large UE radio capability must decode in
//! full (its SecurityContext typed, so its NH stays redacted), re-encode byte for byte, and
//! fail with an offset, not a panic, when cut short.

use keyhop_codec::ap::common::Rng;
use keyhop_codec::ap::{Body, IeValue};
use keyhop_codec::error::{ErrorKind, Protocol};
use keyhop_codec::per::{Index, PerWriter, SizeConstraint};
use keyhop_codec::redact::{to_hex, Octets};
use keyhop_codec::s1ap::{self, S1apIe, S1apPdu};

/// IE ids of TS 36.413: SecurityContext, Source-ToTarget-TransparentContainer.
const ID_SECURITY_CONTEXT: u16 = 40;
const ID_SOURCE_TO_TARGET: u16 = 104;

/// NH of the test: no run of 8 of its octets may appear in output.
const NH: [u8; 32] = [
    0x6a, 0x1f, 0xc2, 0x93, 0x0e, 0x55, 0xd8, 0x41, 0xb7, 0x2c, 0x99, 0x03, 0xfe, 0x70, 0x18, 0x4d,
    0x3b, 0xa6, 0x5f, 0xe2, 0x87, 0x14, 0xc9, 0x30, 0x7d, 0x02, 0xab, 0x66, 0x91, 0xee, 0x48, 0x25,
];

/// A UPER HandoverPreparationInformation (TS 36.331) whose only content is one
/// ueCapabilityRAT-Container (eutra) of `cap_len` octets.
fn handover_preparation_information(cap_len: usize) -> Vec<u8> {
    let mut w = PerWriter::new_unaligned(Protocol::Rrc);
    // criticalExtensions c1 handoverPreparationInformation-r8; no OPTIONAL component.
    w.choice(Index::Root(0), 2, false).unwrap();
    w.choice(Index::Root(0), 8, false).unwrap();
    w.sequence_preamble(false, false, &[false; 4]);
    w.sequence_of_len(1, SizeConstraint::range(0, 8)).unwrap();
    w.enumerated(Index::Root(0), 8, true).unwrap();
    let cap: Vec<u8> = (0..cap_len).map(|i| (i * 13 + 7) as u8).collect();
    w.octet_string(&cap, SizeConstraint::unconstrained())
        .unwrap();
    w.into_bytes()
}

/// The APER SourceeNB-ToTargeteNB-TransparentContainer (TS 36.413) around `rrc`, as the
/// IE 104 value (an OCTET STRING holding it).
fn source_to_target_ie_value(rrc: &[u8]) -> Vec<u8> {
    let mut c = PerWriter::new(Protocol::S1ap);
    // extensible; OPTIONAL e-RABInformationList, subscriberProfileIDforRFP, iE-Extensions.
    c.sequence_preamble(true, false, &[false; 3]);
    c.octet_string(rrc, SizeConstraint::unconstrained())
        .unwrap();
    // targetCell-ID EUTRAN-CGI { pLMNidentity, cell-ID, iE-Extensions OPTIONAL, ... }
    c.sequence_preamble(true, false, &[false]);
    c.octet_string(&[0x00, 0xf1, 0x10], SizeConstraint::fixed(3))
        .unwrap();
    c.bit_string_fixed_u64(0x1a2b301, 28).unwrap();
    // uE-HistoryInformation: one e-UTRAN-Cell { global-Cell-ID, cellType, time, ... }.
    c.sequence_of_len(1, SizeConstraint::range(1, 16)).unwrap();
    c.choice(Index::Root(0), 3, true).unwrap();
    c.sequence_preamble(true, false, &[false]);
    c.sequence_preamble(true, false, &[false]);
    c.octet_string(&[0x00, 0xf1, 0x10], SizeConstraint::fixed(3))
        .unwrap();
    c.bit_string_fixed_u64(0x1a2b302, 28).unwrap();
    c.sequence_preamble(true, false, &[false]);
    c.enumerated(Index::Root(1), 4, true).unwrap();
    c.constrained_whole(120, 0, 4095).unwrap();
    let container = c.into_bytes();
    let mut v = PerWriter::new(Protocol::S1ap);
    v.octet_string(&container, SizeConstraint::unconstrained())
        .unwrap();
    v.into_bytes()
}

/// A HandoverRequest (random IEs from a fixed seed) with the NH above and a transparent
/// container carrying a `cap_len`-octet UE radio capability.
fn large_handover_request(cap_len: usize) -> Vec<u8> {
    let mut rng = Rng::new(0x16);
    let mut pdu: S1apPdu<'static> = s1ap::sample_message("HandoverRequest", &mut rng).unwrap();
    let Body::Ies(m) = &mut pdu.body else {
        panic!("HandoverRequest has IEs")
    };
    let ie_value = source_to_target_ie_value(&handover_preparation_information(cap_len));
    let mut seen = (false, false);
    for ie in &mut m.ies.items {
        match ie.id {
            ID_SOURCE_TO_TARGET => {
                ie.value = IeValue::Raw(Octets::owned(ie_value.clone()));
                seen.0 = true;
            }
            ID_SECURITY_CONTEXT => {
                let IeValue::Typed(S1apIe::SecurityContext(sc)) = &mut ie.value else {
                    panic!("SecurityContext is typed")
                };
                sc.next_hop_parameter = keyhop_codec::ap::common::KeyBits(
                    keyhop_codec::redact::KeyMaterial::owned(NH.to_vec()),
                );
                seen.1 = true;
            }
            _ => {}
        }
    }
    assert_eq!(seen, (true, true), "both mandatory IEs are in the sample");
    s1ap::encode(&pdu).unwrap()
}

fn leaks_nh(text: &str) -> bool {
    let hex = text.to_ascii_lowercase();
    NH.windows(8).any(|w| hex.contains(&to_hex(w)))
}

fn check_large_handover_request(cap_len: usize) {
    let b = large_handover_request(cap_len);
    assert!(b.len() > cap_len, "{} octets", b.len());
    // The PDU's value and IE 104 are fragmented open types, IE 104's OCTET STRING and the
    // rRC-Container too: a first fragment of 16K-multiple after the message header.
    assert_eq!(b[3] & 0xc0, 0xc0, "the HandoverRequest value is fragmented");
    let pdu = s1ap::decode(&b).unwrap_or_else(|e| panic!("{cap_len}: {e}"));
    assert!(pdu.notes.is_empty(), "{:?}", pdu.notes);
    assert_eq!(pdu.message_name::<s1ap::S1ap>(), "HandoverRequest");
    let ies = pdu.ies().expect("decoded as an IE message, not kept raw");
    match ies.get(ID_SECURITY_CONTEXT) {
        Some(S1apIe::SecurityContext(sc)) => {
            assert_eq!(sc.next_hop_parameter.0.expose(), &NH[..])
        }
        other => panic!("SecurityContext not typed: {other:?}"),
    }
    let container = ies
        .items
        .iter()
        .find(|ie| ie.id == ID_SOURCE_TO_TARGET)
        .unwrap();
    // Source-ToTarget-TransparentContainer is an OCTET STRING (typed as one).
    let IeValue::Typed(S1apIe::SourceToTargetTransparentContainer(octets)) = &container.value
    else {
        panic!("IE 104 decoded: {:?}", container.value.typed().is_some())
    };
    let mut w = PerWriter::new(Protocol::S1ap);
    w.octet_string(octets.0.as_bytes(), SizeConstraint::unconstrained())
        .unwrap();
    assert!(
        w.into_bytes() == source_to_target_ie_value(&handover_preparation_information(cap_len)),
        "IE 104 holds the container"
    );
    // Byte-exact round trip.
    let again = s1ap::encode(&pdu).unwrap();
    assert!(again == b, "{cap_len}: re-encoding differs");
    // The NH is typed, so redacted in the summary and the JSON.
    let json = serde_json::to_string(&s1ap::to_json(&pdu)).unwrap();
    assert!(!leaks_nh(&json), "NH in JSON");
    assert!(!leaks_nh(&s1ap::summary(&pdu)));
    assert!(!leaks_nh(&format!("{:?}", ies.get(ID_SECURITY_CONTEXT))));
}

#[test]
fn handover_request_with_16300_octet_ue_capability() {
    check_large_handover_request(16_300);
}

#[test]
fn handover_request_over_64k() {
    check_large_handover_request(70_000);
}

#[test]
fn handover_request_over_192k() {
    // Three 64K fragments, a shorter one, then the rest: every fragment size at once.
    check_large_handover_request(3 * 65536 + 40_000);
}

#[test]
fn large_handover_request_cut_short_names_an_offset() {
    let b = large_handover_request(70_000);
    for cut in [1usize, 2, 1000, 16384, 16385, 65536, 65537, b.len() - 10] {
        let e = s1ap::decode(&b[..b.len() - cut]).expect_err("truncated PDU");
        assert_eq!(e.kind, ErrorKind::Truncated, "cut {cut}: {e}");
        assert!(!e.path().is_empty(), "cut {cut}: {e}");
        assert!(e.bit_offset <= (b.len() - cut) as u64 * 8, "cut {cut}: {e}");
    }
}
