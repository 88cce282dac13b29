//! S1AP: hand-checked capture PDUs, byte-exact round trip of every S1AP PDU of the captures,
//! negative tests (truncation, bit flips).

use keyhop_codec::ap::common::{EnbId, Rng};
use keyhop_codec::ap::{Criticality, IeValue, PduType};
use keyhop_codec::error::ErrorKind;
use keyhop_codec::redact::show_keys;
use keyhop_codec::s1ap::{self, S1apIe};
use proptest::prelude::*;

/// The S1AP PDUs of the three captures in /work/shared/captures, extracted with tshark
/// (`file frame hex`, one per line).
const CAPTURES: &str = include_str!("data/s1ap_captures.txt");

fn capture_pdus() -> Vec<(String, Vec<u8>)> {
    CAPTURES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut it = l.split_whitespace();
            let file = it.next().unwrap();
            let frame = it.next().unwrap();
            let hex = it.next().unwrap();
            (format!("{file}#{frame}"), hex::decode(hex).unwrap())
        })
        .collect()
}

#[test]
fn every_capture_pdu_round_trips() {
    let pdus = capture_pdus();
    assert_eq!(pdus.len(), 263);
    let mut raw_ies = std::collections::BTreeMap::new();
    for (at, b) in &pdus {
        let pdu = s1ap::decode(b).unwrap_or_else(|e| panic!("{at}: {e}"));
        if at == "open5gs_testattach.pcapng#39" {
            // open5gs's test harness sends a pagingDRX whose open type carries 2 octets after the
            // value (the MME answers with an abstract-syntax ErrorIndication): keyhop decodes
            // the value, notes the octets and keeps them for the re-encoding.
            assert_eq!(pdu.notes.len(), 1, "{at}: {:?}", pdu.notes);
            assert_eq!(
                pdu.notes[0].what,
                "2 octets after the end of an open type value"
            );
            assert_eq!(pdu.notes[0].bit_offset, 275);
        } else {
            assert!(pdu.notes.is_empty(), "{at}: {:?}", pdu.notes);
        }
        let again = s1ap::encode(&pdu).unwrap_or_else(|e| panic!("{at}: {e}"));
        assert_eq!(hex::encode(&again), hex::encode(b), "{at}");
        if let Some(ies) = pdu.ies() {
            for ie in &ies.items {
                if let IeValue::Raw(_) = ie.value {
                    *raw_ies.entry(ie.id).or_insert(0) += 1;
                }
            }
        }
    }
    eprintln!("IEs left raw (id: count): {raw_ies:?}");
}

fn pdu_of(file: &str, frame: u32) -> Vec<u8> {
    let key = format!("{file}#{frame}");
    capture_pdus()
        .into_iter()
        .find(|(at, _)| *at == key)
        .map(|(_, b)| b)
        .unwrap_or_else(|| panic!("{key} not in the capture data"))
}

/// OAI S1SetupRequest (frame 45), values as tshark -V shows them.
#[test]
fn oai_s1_setup_request_fields() {
    let b = pdu_of("oai_scenarios_PON_POFF_s1_all.pcapng", 45);
    let pdu = s1ap::decode(&b).unwrap();
    assert_eq!(pdu.pdu_type, Some(PduType::InitiatingMessage));
    assert_eq!(pdu.procedure_code, 17);
    assert_eq!(pdu.criticality, Criticality::Reject);
    assert_eq!(pdu.message_name::<s1ap::S1ap>(), "S1SetupRequest");
    let ies = pdu.ies().unwrap();
    assert_eq!(
        ies.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        [59, 60, 64, 137]
    );
    let Some(S1apIe::GlobalEnbId(g)) = ies.get(59) else {
        panic!("Global-ENB-ID not typed")
    };
    assert_eq!(g.plmn_identity.as_bytes(), [0x02, 0xf8, 0x39]);
    assert_eq!(
        g.enb_id,
        EnbId::Macro(keyhop_codec::ap::common::BitId(3584))
    );
    let Some(S1apIe::EnbName(n)) = ies.get(60) else {
        panic!("ENBname not typed")
    };
    assert_eq!(&n.0[..], b"eNB_Eurecom_LTEBox");
    let Some(S1apIe::SupportedTas(tas)) = ies.get(64) else {
        panic!("SupportedTAs not typed")
    };
    assert_eq!(tas.0.len(), 1);
    assert_eq!(tas.0[0].tac.as_bytes(), [0, 1]);
    assert_eq!(tas.0[0].broadcast_plmns.0[0].as_bytes(), [0x02, 0xf8, 0x39]);
    // id-DefaultPagingDRX has its own variant (its value type is shared with id-pagingDRX).
    let Some(S1apIe::DefaultPagingDrx(d)) = ies.get(s1ap::id::DEFAULT_PAGING_DRX) else {
        panic!("PagingDRX not typed")
    };
    assert_eq!(ies.default_paging_drx(), Some(d));
    assert_eq!(d.name(), "v128");
    let json = serde_json::to_string(&s1ap::to_json(&pdu)).unwrap();
    assert!(json.starts_with(r#"{"message":"S1SetupRequest","procedure_code":17,"pdu_type":"initiating_message","criticality":"reject","global_enb_id":{"plmn_identity":"02f839","plmn":"208-93","enb_id":{"macro_enb_id":3584},"enb":"208-93:macro:e00"},"enb_name":"eNB_Eurecom_LTEBox","supported_tas":[{"tac":"0001","broadcast_plmns":["02f839"]}],"default_paging_drx":"v128"}"#), "{json}");
    assert_eq!(s1ap::summary(&pdu), "S1SetupRequest");
}

/// open5gs InitialContextSetupRequest (testattach frame 66), values as tshark -V shows them.
#[test]
fn open5gs_initial_context_setup_request_fields() {
    let b = pdu_of("open5gs_testattach.pcapng", 66);
    let pdu = s1ap::decode(&b).unwrap();
    assert_eq!(pdu.procedure_code, 9);
    assert_eq!(
        pdu.message_name::<s1ap::S1ap>(),
        "InitialContextSetupRequest"
    );
    let ies = pdu.ies().unwrap();
    assert!(matches!(ies.get(0), Some(S1apIe::MmeUeS1apId(v)) if v.0 == 1));
    assert!(matches!(ies.get(8), Some(S1apIe::EnbUeS1apId(v)) if v.0 == 1));
    let Some(S1apIe::UeAggregateMaximumBitrate(a)) = ies.get(66) else {
        panic!("UEAggregateMaximumBitrate not typed")
    };
    assert_eq!(a.ue_aggregate_maximum_bit_rate_dl.0, 1_024_000_000);
    assert_eq!(a.ue_aggregate_maximum_bit_rate_ul.0, 1_024_000_000);
    let Some(S1apIe::ERabToBeSetupListCtxtSuReq(list)) = ies.get(24) else {
        panic!("E-RABToBeSetupListCtxtSUReq not typed")
    };
    let items: Vec<_> = list.values().collect();
    assert_eq!(items.len(), 1);
    let e = items[0];
    assert_eq!(e.e_rab_id.0, 5);
    assert_eq!(e.e_rab_level_qos_parameters.qci.0, 9);
    assert_eq!(
        e.e_rab_level_qos_parameters
            .allocation_retention_priority
            .priority_level
            .0,
        15
    );
    assert_eq!(e.transport_layer_address.bits, 32);
    assert_eq!(e.transport_layer_address.value.as_bytes(), [127, 0, 0, 6]);
    assert_eq!(e.gtp_teid.as_bytes(), [0, 0, 0, 2]);
    assert!(e.nas_pdu.is_some());
    let Some(S1apIe::UeSecurityCapabilities(c)) = ies.get(107) else {
        panic!("UESecurityCapabilities not typed")
    };
    assert_eq!(c.encryption_algorithms.value.as_bytes(), [0xe0, 0x00]);
    assert_eq!(
        c.integrity_protection_algorithms.value.as_bytes(),
        [0xe0, 0x00]
    );
    let Some(S1apIe::SecurityKey(k)) = ies.get(73) else {
        panic!("SecurityKey not typed")
    };
    assert_eq!(
        hex::encode(k.0.expose()),
        "b615aadfadc061f29a85420532cd63d1bf6fea41e751109324e205fc44318a08"
    );
    let Some(S1apIe::MaskedImeisv(m)) = ies.get(192) else {
        panic!("Masked-IMEISV not typed")
    };
    assert_eq!(m.value.as_bytes(), hex::decode("8665070400ffff01").unwrap());
    // The key is redacted unless asked for.
    let redacted = serde_json::to_string(&s1ap::to_json(&pdu)).unwrap();
    assert!(!redacted.contains("b615aadf"), "{redacted}");
    assert!(redacted.contains(&format!(r#""security_key":"{}""#, k.0.fingerprint())));
    let _g = show_keys(true);
    let shown = serde_json::to_string(&s1ap::to_json(&pdu)).unwrap();
    assert!(shown.contains(
        r#""security_key":"b615aadfadc061f29a85420532cd63d1bf6fea41e751109324e205fc44318a08""#
    ));
    assert!(
        shown.contains(r#""transport_layer_address":"7f000006","transport_layer_address_ip":"127.0.0.6","gtp_teid":"00000002""#),
        "{shown}"
    );
    assert_eq!(
        s1ap::summary(&pdu),
        "InitialContextSetupRequest MME-UE-S1AP-ID=1 eNB-UE-S1AP-ID=1"
    );
}

/// A HandoverRequired built field by field: the JSON names and the cause in the summary.
#[test]
fn handover_required_json_and_summary() {
    // From a keyhop sample, checked by hand below against the TS 36.413 layout.
    let mut rng = Rng::new(7);
    let pdu = loop {
        let p = s1ap::sample_message("HandoverRequired", &mut rng).unwrap();
        if matches!(
            p.ies().unwrap().get(2),
            Some(S1apIe::Cause(s1ap::Cause::RadioNetwork(_)))
        ) {
            break p;
        }
    };
    let b = s1ap::encode(&pdu).unwrap();
    // initiatingMessage (00), procedureCode 0, criticality reject (00)
    assert_eq!(&b[..3], &[0x00, 0x00, 0x00]);
    let back = s1ap::decode(&b).unwrap();
    assert_eq!(back, pdu);
    let s = s1ap::summary(&back);
    assert!(s.starts_with("HandoverRequired MME-UE-S1AP-ID="), "{s}");
    assert!(s.contains(" cause=radio_network/"), "{s}");
    let json = serde_json::to_string(&s1ap::to_json(&back)).unwrap();
    assert!(
        json.contains(r#""handover_type":"#) && json.contains(r#""target_id":{"#),
        "{json}"
    );
}

#[test]
fn every_procedure_has_names() {
    // Procedure codes 0..=66 of the release, with their PDU types.
    for code in 0u8..=66 {
        assert!(
            s1ap::message_name(code, PduType::InitiatingMessage).is_some(),
            "procedure {code}"
        );
    }
    assert_eq!(
        s1ap::message_name(0, PduType::SuccessfulOutcome),
        Some("HandoverCommand")
    );
    assert_eq!(
        s1ap::message_name(0, PduType::UnsuccessfulOutcome),
        Some("HandoverPreparationFailure")
    );
    assert_eq!(
        s1ap::message_name(39, PduType::InitiatingMessage),
        Some("PrivateMessage")
    );
    assert_eq!(
        s1ap::message_name(66, PduType::InitiatingMessage),
        Some("MMEEarlyStatusTransfer")
    );
    assert_eq!(s1ap::message_name(67, PduType::InitiatingMessage), None);
    assert_eq!(s1ap::ie_name(0), Some("mme_ue_s1ap_id"));
    assert_eq!(s1ap::ie_name(4), Some("target_id"));
    assert_eq!(s1ap::ie_name(40), Some("security_context"));
}

#[test]
fn truncated_pdus_fail_with_path_and_offset() {
    for (at, b) in capture_pdus() {
        for cut in 1..b.len() {
            // Never a panic; an error or (rarely) a shorter PDU that happens to parse.
            if let Err(e) = s1ap::decode(&b[..cut]) {
                assert!(e.bit_offset <= cut as u64 * 8, "{at} cut {cut}: {e}");
                assert!(!e.path().is_empty(), "{at} cut {cut}: {e}");
            }
        }
    }
    // A specific one: the OAI S1SetupRequest whose Global-ENB-ID open type is cut to 4 of its
    // 8 octets (length octet 7: 08 -> 04): the eNB-ID is missing at byte 15.
    let mut b = pdu_of("oai_scenarios_PON_POFF_s1_all.pcapng", 45);
    assert_eq!(b[10], 0x08);
    b[10] = 0x04;
    let e = s1ap::decode(&b).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(
        e.path(),
        "initiating_message.S1SetupRequest.protocol_ies[0].global_enb_id.enb_id"
    );
    assert_eq!(e.byte_offset(), 15);
    assert_eq!(e.to_string().split(": ").next(), Some("s1ap"));
}

#[test]
fn bit_flips_never_panic() {
    let mut errors = 0;
    let mut total = 0;
    for (_, b) in capture_pdus().into_iter().step_by(3) {
        for bit in 0..b.len() * 8 {
            let mut x = b.clone();
            x[bit / 8] ^= 0x80 >> (bit % 8);
            total += 1;
            match s1ap::decode(&x) {
                Ok(p) => {
                    // Whatever decodes re-encodes (maybe canonically different).
                    let _ = s1ap::encode(&p);
                }
                Err(e) => {
                    errors += 1;
                    assert!(e.bit_offset <= x.len() as u64 * 8 + 8, "{e}");
                }
            }
        }
    }
    assert!(errors > total / 10, "{errors} errors of {total} flips");
}

const TYPED: &[&str] = &[
    "HandoverRequired",
    "HandoverCommand",
    "HandoverPreparationFailure",
    "HandoverRequest",
    "HandoverRequestAcknowledge",
    "HandoverFailure",
    "HandoverNotify",
    "HandoverCancel",
    "HandoverCancelAcknowledge",
    "PathSwitchRequest",
    "PathSwitchRequestAcknowledge",
    "PathSwitchRequestFailure",
    "ENBStatusTransfer",
    "MMEStatusTransfer",
    "InitialContextSetupRequest",
    "InitialContextSetupResponse",
    "UEContextReleaseRequest",
    "UEContextReleaseCommand",
    "UEContextReleaseComplete",
    "InitialUEMessage",
    "DownlinkNASTransport",
    "UplinkNASTransport",
    "S1SetupRequest",
    "S1SetupResponse",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random values of every typed message: encode -> decode gives the value back, and
    /// encoding again gives the same octets; every IE of the message is typed.
    #[test]
    fn typed_messages_round_trip(seed in any::<u64>(), which in 0..TYPED.len()) {
        let name = TYPED[which];
        let mut rng = Rng::new(seed);
        let pdu = s1ap::sample_message(name, &mut rng).unwrap();
        let b = s1ap::encode(&pdu).unwrap();
        let back = s1ap::decode(&b).unwrap();
        prop_assert_eq!(&back, &pdu);
        prop_assert!(back.notes.is_empty());
        prop_assert_eq!(&s1ap::encode(&back).unwrap(), &b);
        for ie in &back.ies().unwrap().items {
            prop_assert!(matches!(ie.value, IeValue::Typed(_)), "{} IE {} raw", name, ie.id);
        }
    }
}
