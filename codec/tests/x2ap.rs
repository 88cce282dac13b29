//! X2AP: hand-checked PDUs (values cross-checked with tshark 4.x `-V`), round trips of random
//! messages, and damaged input (errors with path and offset, never a panic).

use keyhop_codec::ap::common::{EnbId, Rng};
use keyhop_codec::ap::{Body, Criticality, IeValue, PduType};
use keyhop_codec::makr::{MakrType, WrappedKeNB};
use keyhop_codec::x2ap::{self, X2apIe};
use keyhop_codec::ErrorKind;
use proptest::prelude::*;

/// HandoverRequest built from explicit values (encoded by pycrate, then IE 60004 appended by
/// keyhop). `text2pcap -S 36422,36422,27` + `tshark -V` show: Old-eNB-UE-X2AP-ID 77; Cause
/// radioNetwork handover-desirable-for-radio-reasons; TargetCell-ID PLMN 00f110 cell 27439873;
/// GUMMEI group 00f110/0x8001 code 1; UE-ContextInformation MME-UE-S1AP-ID 4660, EEA/EIA c000,
/// key-eNodeB-star 256 zero bits, NCC 0, AMBR 100000000/50000000, E-RAB 5 QCI 9 ARP 15,
/// 10.0.0.1 TEID 00001001, RRC-Context 70; UE-HistoryInformation one E-UTRAN cell, small, 120 s;
/// "Item 6: unknown (60004)", criticality reject, and no malformed or expert flag.
const HANDOVER_REQUEST: &str = "00000080bb000007000a0002004d000540020000000b00080000f1101a2b3010001700070000f110800101000e004702123418000c000000000000000000000000000000000000000000000000000000000000000000000305f5e1006002faf080000004400e0500093c03e00a000001000010010170000f400c000000f1101a2b3010800078ea6400360000074000f110001a2b30002c0022feab0123ee1dd1319db6c682f659ed326dff49bde1ff336b20ad2403991f3846b48d32c6fe42af";

/// key-refresh-vectors.json aper[3]: the WrappedKeNB carried in IE 60004 above.
const WRAPPED: &str = "0000074000f110001a2b30002c0022feab0123ee1dd1319db6c682f659ed326dff49bde1ff336b20ad2403991f3846b48d32c6fe42af";

/// X2SetupRequest (tshark: GlobalENB-ID 00f110 macro 107187; one served cell PCI 101, ECGI
/// 00f110/27439873, TAC 1, broadcast PLMN 00f110, FDD UL 19850 DL 1850 bw50/bw50; GU group
/// 00f110/0x8001).
const X2_SETUP_REQUEST: &str = "00060034000003001500080000f110001a2b3000140017000000650000f1101a2b3010001000f110004d8a073a33001800060000f1108001";

#[test]
fn handover_request_fields_as_tshark_shows_them() {
    let b = hex::decode(HANDOVER_REQUEST).unwrap();
    let pdu = x2ap::decode(&b).unwrap();
    assert!(pdu.notes.is_empty(), "{:?}", pdu.notes);
    assert_eq!(pdu.pdu_type, Some(PduType::InitiatingMessage));
    assert_eq!(pdu.procedure_code, 0);
    assert_eq!(pdu.criticality, Criticality::Reject);
    assert_eq!(pdu.message_name::<x2ap::X2ap>(), "HandoverRequest");
    let ies = pdu.ies().unwrap();
    assert_eq!(ies.items.len(), 7);
    assert!(ies
        .items
        .iter()
        .all(|i| matches!(i.value, IeValue::Typed(_))));

    let Some(X2apIe::OldEnbUeX2apId(old)) = ies.get(x2ap::id::OLD_ENB_UE_X2AP_ID) else {
        panic!()
    };
    assert_eq!(old.0, 77);
    let Some(X2apIe::Cause(x2ap::Cause::RadioNetwork(c))) = ies.get(x2ap::id::CAUSE) else {
        panic!()
    };
    assert_eq!(
        *c,
        x2ap::CauseRadioNetwork::HandoverDesirableForRadioReasons
    );
    let Some(X2apIe::TargetCellId(t)) = ies.get(x2ap::id::TARGET_CELL_ID) else {
        panic!()
    };
    assert_eq!(t.plmn_identity.as_bytes(), [0x00, 0xf1, 0x10]);
    assert_eq!(t.cell_id.0, 27439873);
    let Some(X2apIe::GummeiId(g)) = ies.get(x2ap::id::GUMMEI_ID) else {
        panic!()
    };
    assert_eq!(g.gu_group_id.mme_group_id.as_bytes(), [0x80, 0x01]);
    assert_eq!(g.mme_code.as_bytes(), [0x01]);

    let Some(X2apIe::UeContextInformation(u)) = ies.get(x2ap::id::UE_CONTEXT_INFORMATION) else {
        panic!()
    };
    assert_eq!(u.mme_ue_s1ap_id.0, 4660);
    let caps = &u.ue_security_capabilities;
    assert_eq!(caps.encryption_algorithms.value.as_bytes(), [0xc0, 0x00]);
    assert_eq!(caps.integrity_protection_algorithms.bits, 16);
    let sec = &u.as_security_information;
    assert_eq!(sec.key_enodeb_star.0.expose(), [0u8; 32]);
    assert_eq!(sec.next_hop_chaining_count.0, 0);
    assert_eq!(
        u.ue_aggregate_maximum_bit_rate
            .ue_aggregate_maximum_bit_rate_downlink
            .0,
        100_000_000
    );
    let erabs: Vec<_> = u.e_rabs_to_be_setup_list.values().collect();
    assert_eq!(erabs.len(), 1);
    assert_eq!(erabs[0].e_rab_id.0, 5);
    assert_eq!(erabs[0].e_rab_level_qos_parameters.qci.0, 9);
    assert_eq!(
        erabs[0]
            .ul_gtp_tunnel_endpoint
            .transport_layer_address
            .value
            .as_bytes(),
        [10, 0, 0, 1]
    );
    assert_eq!(
        erabs[0].ul_gtp_tunnel_endpoint.gtp_teid.as_bytes(),
        [0, 0, 0x10, 0x01]
    );
    assert_eq!(u.rrc_context.as_bytes(), [0x70]);

    let Some(X2apIe::UeHistoryInformation(h)) = ies.get(15) else {
        panic!()
    };
    let x2ap::LastVisitedCellItem::EutranCell(cell) = &h.0[0] else {
        panic!()
    };
    assert_eq!(cell.time_ue_stayed_in_cell.0, 120);

    // IE 60004, criticality reject: the MAKR WrappedKeNB of the vector.
    let ie = ies.items.iter().find(|i| i.id == 60004).unwrap();
    assert_eq!(ie.criticality, Criticality::Reject);
    let Some(X2apIe::WrappedKenb(w)) = ie.value.typed() else {
        panic!()
    };
    let wb = hex::decode(WRAPPED).unwrap();
    assert_eq!(&**w, &WrappedKeNB::from_aper(&wb).unwrap());
    assert_eq!(w.refresh_counter, 7);

    assert_eq!(x2ap::encode(&pdu).unwrap(), b);
    assert_eq!(
        x2ap::summary(&pdu),
        "HandoverRequest old-eNB-UE-X2AP-ID=77 target=001-01:1a2b301 \
         cause=radio_network/handover_desirable_for_radio_reasons wrapped-KeNB"
    );
}

#[test]
fn json_names_and_redaction() {
    let b = hex::decode(HANDOVER_REQUEST).unwrap();
    let pdu = x2ap::decode(&b).unwrap();
    let j: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&x2ap::to_json(&pdu)).unwrap()).unwrap();
    assert_eq!(j["message"], "HandoverRequest");
    assert_eq!(j["pdu_type"], "initiating_message");
    assert_eq!(j["old_enb_ue_x2ap_id"], 77);
    assert_eq!(
        j["cause"]["radio_network"],
        "handover_desirable_for_radio_reasons"
    );
    assert_eq!(j["target_cell_id"]["eutran_cell_identifier"], 27439873);
    assert_eq!(j["gummei_id"]["mme_code"], "01");
    let sec = &j["ue_context_information"]["as_security_information"];
    assert_eq!(sec["next_hop_chaining_count"], 0);
    assert!(sec["key_enodeb_star"].as_str().unwrap().starts_with("fp:"));
    assert_eq!(j["wrapped_kenb"]["refresh_counter"], 7);
    assert_eq!(j["wrapped_kenb"]["key"]["wrap_algorithm"], "aes_kw");
    assert_eq!(
        j["ue_history_information"][0]["eutran_cell"]["cell_type"]["cell_size"],
        "small"
    );
    let erab =
        &j["ue_context_information"]["e_rabs_to_be_setup_list"][0]["e_rabs_to_be_setup_item"];
    assert_eq!(erab["e_rab_id"], 5);
    // The JSON keeps the IEs in wire order.
    let text = serde_json::to_string(&x2ap::to_json(&pdu)).unwrap();
    let pos = |k: &str| text.find(&format!("\"{k}\"")).unwrap();
    assert!(pos("old_enb_ue_x2ap_id") < pos("cause") && pos("cause") < pos("wrapped_kenb"));
}

#[test]
fn x2_setup_tells_the_enb_and_its_cells() {
    let b = hex::decode(X2_SETUP_REQUEST).unwrap();
    let pdu = x2ap::decode(&b).unwrap();
    assert_eq!(pdu.message_name::<x2ap::X2ap>(), "X2SetupRequest");
    let v = x2ap::served_cells(&pdu);
    let g = v.global_enb_id.unwrap();
    assert_eq!(g.plmn_identity.as_bytes(), [0x00, 0xf1, 0x10]);
    assert!(matches!(g.enb_id, EnbId::Macro(id) if id.0 == 0x1a2b3));
    assert_eq!(v.cells.len(), 1);
    let c = v.cells[0];
    assert_eq!(c.pci.0, 101);
    assert_eq!(c.cell_id.cell_id.0, 27439873);
    assert_eq!(c.tac.as_bytes(), [0, 1]);
    let x2ap::EutraModeInfo::Fdd(f) = &c.eutra_mode_info else {
        panic!()
    };
    assert_eq!((f.ul_earfcn.0, f.dl_earfcn.0), (19850, 1850));
    assert!(v.deleted.is_empty());
    assert_eq!(x2ap::encode(&pdu).unwrap(), b);
    assert_eq!(x2ap::summary(&pdu), "X2SetupRequest eNB=001-01:macro:1a2b3");
}

/// The generated id constants carry the values TS 36.423 clause 9.3.7 gives (read from the
/// specification's text, not from the generator's input), and name what `ie_name` names.
#[test]
fn named_ie_ids_match_the_specification() {
    use x2ap::id;
    for (v, spec) in [
        (id::E_RABS_ADMITTED_LIST, 1),
        (id::CAUSE, 5),
        (id::NEW_ENB_UE_X2AP_ID, 9),
        (id::OLD_ENB_UE_X2AP_ID, 10),
        (id::TARGET_CELL_ID, 11),
        (id::TARGET_ENB_TO_SOURCE_ENB_TRANSPARENT_CONTAINER, 12),
        (id::UE_CONTEXT_INFORMATION, 14),
        (id::UE_HISTORY_INFORMATION, 15),
        (id::E_RABS_SUBJECT_TO_STATUS_TRANSFER_LIST, 18),
        (id::SERVED_CELLS, 20),
        (id::GLOBAL_ENB_ID, 21),
        (id::GUMMEI_ID, 23),
        (id::GU_GROUP_ID_LIST, 24),
        (id::INITIATING_NODE_TYPE_ENDC_X2_SETUP, 244),
        (id::RESPONDING_NODE_TYPE_ENDC_X2_SETUP, 246),
        (id::WRAPPED_KENB, 60004),
    ] {
        assert_eq!(v, spec);
        assert!(x2ap::ie_name(v).is_some(), "id {v} has no name");
    }
    assert_eq!(
        x2ap::ie_name(id::TARGET_ENB_TO_SOURCE_ENB_TRANSPARENT_CONTAINER),
        Some("target_enb_to_source_enb_transparent_container")
    );
}

#[test]
fn every_procedure_has_a_name() {
    use PduType::*;
    for (code, t, name) in [
        (0, InitiatingMessage, "HandoverRequest"),
        (0, SuccessfulOutcome, "HandoverRequestAcknowledge"),
        (0, UnsuccessfulOutcome, "HandoverPreparationFailure"),
        (1, InitiatingMessage, "HandoverCancel"),
        (4, InitiatingMessage, "SNStatusTransfer"),
        (5, InitiatingMessage, "UEContextRelease"),
        (11, InitiatingMessage, "PrivateMessage"),
        (14, InitiatingMessage, "HandoverReport"),
        (6, UnsuccessfulOutcome, "X2SetupFailure"),
        (8, SuccessfulOutcome, "ENBConfigurationUpdateAcknowledge"),
        (60, InitiatingMessage, "RachIndication"),
    ] {
        use keyhop_codec::ap::ApProtocol;
        assert_eq!(x2ap::X2ap::message_name(code, t), Some(name));
    }
    // Every procedure code 0..=60 but the unused 58 names an initiating message.
    use keyhop_codec::ap::ApProtocol;
    let named = (0u8..=60)
        .filter(|&c| x2ap::X2ap::message_name(c, InitiatingMessage).is_some())
        .count();
    assert_eq!(named, 60);
}

#[test]
fn untyped_procedures_and_private_ies_survive() {
    // ErrorIndication (code 3) with an unknown IE 9999, and a PrivateMessage with a local and
    // a global private IE: envelope only, re-encoded unchanged.
    let pdus = [
        "0003400a000001270f0003010203",
        "000b401b000000800a14b439dbda6cdf911e5b800a5fb157c924602c21b54b",
    ];
    for h in pdus {
        let b = hex::decode(h).unwrap();
        let pdu = x2ap::decode(&b).unwrap();
        assert_eq!(hex::encode(x2ap::encode(&pdu).unwrap()), h);
    }
    let b = hex::decode(pdus[1]).unwrap();
    let pdu = x2ap::decode(&b).unwrap();
    assert!(matches!(pdu.body, Body::Private(_)));
    let text = serde_json::to_string(&x2ap::to_json(&pdu)).unwrap();
    assert!(
        text.contains("\"ie_0.20.6713.1502572.1558686.91\""),
        "{text}"
    );
}

#[test]
fn truncation_is_an_error_with_path_and_offset() {
    let b = hex::decode(HANDOVER_REQUEST).unwrap();
    for n in 0..b.len() {
        let e = x2ap::decode(&b[..n]).unwrap_err();
        assert!(e.bit_offset <= n as u64 * 8, "{e}");
        if n > 8 {
            assert!(e.path().starts_with("initiating_message"), "{e}");
        }
    }
    // The whole PDU cut short: the message's open type cannot be read.
    let e = x2ap::decode(&b[..b.len() - 1]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(e.path(), "initiating_message.HandoverRequest");
    // IE 60004 six octets short inside consistent outer lengths: the error names the IE and
    // the MAKR field, at the absolute offset where the wrapped key's octets start.
    let mut c = b[..b.len() - 6].to_vec();
    assert_eq!(&c[3..5], &[0x80, 0xbb]);
    c[4] -= 6;
    let at = HANDOVER_REQUEST.find("ea640036").unwrap() / 2;
    assert_eq!(c[at + 3], 0x36);
    c[at + 3] -= 6;
    let e = x2ap::decode(&c).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(
        e.path(),
        "initiating_message.HandoverRequest.protocol_ies[6].wrapped_kenb.key.wrapped_kenb"
    );
    // 60004's value starts at at + 4; the key octets at its offset 14 (see makr_codec.rs).
    assert_eq!(e.byte_offset(), (at + 4 + 14) as u64);
}

#[test]
fn bit_flips_never_panic() {
    for h in [HANDOVER_REQUEST, X2_SETUP_REQUEST] {
        let b = hex::decode(h).unwrap();
        for i in 0..b.len() * 8 {
            let mut c = b.clone();
            c[i / 8] ^= 0x80 >> (i % 8);
            if let Ok(p) = x2ap::decode(&c) {
                if let Ok(again) = x2ap::encode(&p) {
                    let p2 = x2ap::decode(&again).unwrap();
                    assert_eq!(x2ap::encode(&p2).unwrap(), again);
                }
            }
        }
    }
}

#[test]
fn oid_text_is_dotted() {
    assert_eq!(
        keyhop_codec::ap::oid_text(&hex::decode("2a864886f70d").unwrap()),
        "1.2.840.113549"
    );
    assert_eq!(keyhop_codec::ap::oid_text(&[0x86]), "86");
}

const TYPED: &[&str] = &[
    "HandoverRequest",
    "HandoverRequestAcknowledge",
    "HandoverPreparationFailure",
    "SNStatusTransfer",
    "UEContextRelease",
    "HandoverCancel",
    "HandoverReport",
    "X2SetupRequest",
    "X2SetupResponse",
    "X2SetupFailure",
    "ENBConfigurationUpdate",
    "ENBConfigurationUpdateAcknowledge",
    "ENBConfigurationUpdateFailure",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_messages_round_trip(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        for m in TYPED {
            let pdu = x2ap::sample_message(m, &mut rng).unwrap();
            let b = x2ap::encode(&pdu).unwrap();
            let back = x2ap::decode(&b).unwrap();
            prop_assert_eq!(&back, &pdu);
            prop_assert_eq!(&x2ap::encode(&back).unwrap(), &b);
            prop_assert_eq!(back.message_name::<x2ap::X2ap>(), *m);
        }
    }

    #[test]
    fn random_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = x2ap::decode(&b);
    }
}
