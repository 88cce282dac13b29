//! GTPv1-C (TS 29.060) codec: hand-built messages checked field by field, byte-exact round
//! trips, property tests and malformed input.
//!
//! Every vector below is written octet by octet from the layouts of TS 29.060 (header clause 6,
//! IEs clause 7.7); the expected values are the ones written into those octets.

use keyhop_codec::gtpv1::*;
use keyhop_codec::redact::show_keys;
use keyhop_codec::ErrorKind;
use proptest::prelude::*;

mod common;
use common::mutate;

/// Octets `start, start+1, ...` (n of them): recognisable key and RAND values.
fn ramp(start: u8, n: usize) -> Vec<u8> {
    (0..n).map(|i| start.wrapping_add(i as u8)).collect()
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Header with S set: 0x32 = version 1, PT 1, spare 0, E 0, S 1, PN 0. The length counts the
/// 4 optional octets and the body.
fn gtp(ty: u8, teid: u32, seq: u16, body: &[u8]) -> Vec<u8> {
    let len = (body.len() + 4) as u16;
    cat(&[
        &[0x32, ty],
        &len.to_be_bytes(),
        &teid.to_be_bytes(),
        &seq.to_be_bytes(),
        &[0x00, 0x00],
        body,
    ])
}

fn round_trip(b: &[u8]) -> Message<'_> {
    let m = Message::parse(b).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.emit().unwrap(), b, "re-encoding differs");
    m
}

// --- IEs as octets -------------------------------------------------------------------------

/// IMSI 001010123456789, TBCD low nibble first, filler f.
const IMSI: [u8; 9] = [0x02, 0x00, 0x01, 0x01, 0x21, 0x43, 0x65, 0x87, 0xf9];
/// RAI: PLMN 00f110 (MCC 001 MNC 01), LAC 0x1234, RAC 0x56.
const RAI: [u8; 7] = [0x03, 0x00, 0xf1, 0x10, 0x12, 0x34, 0x56];
const TLLI: [u8; 5] = [0x04, 0xc0, 0x01, 0x02, 0x03];
const PTMSI_SIG: [u8; 4] = [0x0c, 0x0a, 0x0b, 0x0c];
const MS_VALIDATED: [u8; 2] = [0x0d, 0x01];
const TEID_CP: [u8; 5] = [0x11, 0x00, 0x00, 0x10, 0x01];
/// TEID Data II: spare 0, NSAPI 5, TEID 0x2002.
const TEID_II: [u8; 6] = [0x12, 0x05, 0x00, 0x00, 0x20, 0x02];
const RANAP_CAUSE: [u8; 2] = [0x15, 0x2b];
/// RAB Context: NSAPI 5, DL/UL GTP-U 1/2, DL/UL PDCP 3/4.
const RAB_CTX5: [u8; 10] = [0x16, 0x05, 0, 1, 0, 2, 0, 3, 0, 4];
const RAB_CTX6: [u8; 10] = [0x16, 0x06, 0, 9, 0, 8, 0, 7, 0, 6];
/// Radio Priority: NSAPI 5 in bits 8-5, priority 2.
const RADIO_PRIO: [u8; 2] = [0x18, 0x52];
/// Packet Flow Id: NSAPI 5, PFI 7.
const PFI: [u8; 3] = [0x19, 0x05, 0x07];
const CHARGING_CHARS: [u8; 3] = [0x1a, 0x08, 0x00];
const CAUSE_ACCEPTED: [u8; 2] = [0x01, 0x80];
const CAUSE_CONTEXT_NOT_FOUND: [u8; 2] = [0x01, 0xd2];
const RECOVERY: [u8; 2] = [0x0e, 0x07];
/// GSN Address 192.0.2.1.
const GSN_V4: [u8; 7] = [0x85, 0x00, 0x04, 192, 0, 2, 1];
/// GSN Address 2001:db8::1.
const GSN_V6: [u8; 19] = [
    0x85, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
];
/// Target Identification: RAI 00f110/0x1234/0x56, RNC-ID 4000, extended RNC-ID 4096.
const TARGET_ID: [u8; 13] = [
    0x8a, 0x00, 0x0a, 0x00, 0xf1, 0x10, 0x12, 0x34, 0x56, 0x0f, 0xa0, 0x10, 0x00,
];
const UTRAN_CONTAINER: [u8; 8] = [0x8b, 0x00, 0x05, 0x40, 0x41, 0x42, 0x43, 0x44];
/// RAB Setup Information with only the NSAPI (6): a released RAB.
const RAB_SETUP_RELEASED: [u8; 4] = [0x8c, 0x00, 0x01, 0x06];
/// RAB Setup Information: NSAPI 5, TEID Data I 0x3003, RNC 192.0.2.12.
const RAB_SETUP: [u8; 12] = [0x8c, 0x00, 0x09, 0x05, 0, 0, 0x30, 0x03, 192, 0, 2, 12];
const ADD_RAB_SETUP: [u8; 4] = [0x92, 0x00, 0x01, 0x07];
/// IMEI(SV) 3554960123456701 in TBCD.
const IMEISV: [u8; 11] = [
    0x9a, 0x00, 0x08, 0x53, 0x45, 0x69, 0x10, 0x32, 0x54, 0x76, 0x10,
];
/// Extended RANAP Cause 500.
const EXT_RANAP: [u8; 5] = [0xd3, 0x00, 0x02, 0x01, 0xf4];
/// Source RNC PDCP context info, kept raw.
const SRC_RNC_PDCP: [u8; 6] = [0xa1, 0x00, 0x03, 0x01, 0x02, 0x03];
/// A TLV type keyhop's table does not list (250).
const UNKNOWN_TLV: [u8; 5] = [0xfa, 0x00, 0x02, 0xab, 0xcd];
/// Private Extension: identifier 10, value 0102.
const PRIVATE_EXT: [u8; 7] = [0xff, 0x00, 0x04, 0x00, 0x0a, 0x01, 0x02];

/// MM Context, security mode 01 (GSM key and triplets), one triplet.
fn mm_gsm_triplets() -> Vec<u8> {
    cat(&[
        &[0x81, 0x00, 45],
        &[0xfb],             // spare 11111, CKSN 3
        &[0x4a],             // mode 01, 1 vector, used cipher 2 (GEA/2)
        &ramp(0x11, 8),      // Kc
        &ramp(0xa0, 16),     // triplet RAND
        &ramp(0xb0, 4),      // SRES
        &ramp(0xc0, 8),      // triplet Kc
        &[0x0a, 0x0b],       // DRX parameter
        &[0x02, 0xe5, 0xe0], // MS network capability, 2 octets
        &[0x00, 0x00],       // container length 0
    ])
}

/// One quintuplet: RAND, XRES length + XRES, CK, IK, AUTN length + AUTN.
fn quintuplet(rand: u8, xres_len: usize, xres: u8, ck: u8, ik: u8, autn: u8) -> Vec<u8> {
    cat(&[
        &ramp(rand, 16),
        &[xres_len as u8],
        &ramp(xres, xres_len),
        &ramp(ck, 16),
        &ramp(ik, 16),
        &[16],
        &ramp(autn, 16),
    ])
}

/// MM Context, security mode 10 (UMTS keys and quintuplets), one quintuplet with an 8-octet
/// XRES, a 3-octet container and one trailing octet.
fn mm_umts_quintuplets() -> Vec<u8> {
    let q = quintuplet(0x40, 8, 0x50, 0x60, 0x70, 0x80);
    assert_eq!(q.len(), 74);
    cat(&[
        &[0x81, 0x00, 122],
        &[0xfd],         // spare 11111, KSI 5
        &[0x8f],         // mode 10, 1 vector, spare 111
        &ramp(0x20, 16), // CK
        &ramp(0x30, 16), // IK
        &[0x00, 74],     // quintuplet length
        &q,
        &[0x0a, 0x0b],
        &[0x03, 0xe5, 0xe0, 0xc0],
        &[0x00, 0x03, 0x23, 0x01, 0xf4], // container: mobile identity IE
        &[0x00],                         // trailing (access restriction data length 0)
    ])
}

/// MM Context, security mode 00 (used cipher value, UMTS keys and quintuplets), two quintuplets
/// with 4- and 16-octet XRES, octet 4 upper bits 10100.
fn mm_used_cipher_umts() -> Vec<u8> {
    let q1 = quintuplet(0x01, 4, 0x21, 0x31, 0x41, 0x51);
    let q2 = quintuplet(0x02, 16, 0x22, 0x32, 0x42, 0x52);
    assert_eq!(q1.len() + q2.len(), 152);
    cat(&[
        &[0x81, 0x00, 193],
        &[0xa3],         // bits 8-4 10100, KSI 3
        &[0x11],         // mode 00, 2 vectors, used cipher 1
        &ramp(0xa0, 16), // CK
        &ramp(0xb0, 16), // IK
        &[0x00, 152],
        &q1,
        &q2,
        &[0x00, 0x00], // DRX
        &[0x00],       // MS network capability empty
        &[0x00, 0x00], // container empty
    ])
}

/// MM Context, security mode 11 (GSM key and UMTS quintuplets), one quintuplet.
fn mm_gsm_quintuplets() -> Vec<u8> {
    let q = quintuplet(0x03, 8, 0x23, 0x33, 0x43, 0x53);
    cat(&[
        &[0x81, 0x00, 92],
        &[0xf9],        // spare 11111, CKSN 1
        &[0xcb],        // mode 11, 1 vector, used cipher 3
        &ramp(0xd0, 8), // Kc
        &[0x00, 74],
        &q,
        &[0x0a, 0x0b],
        &[0x01, 0xe5],
        &[0x00, 0x00],
    ])
}

/// PDP Context: VAA and Order set, NSAPI 5, SAPI 3, QoS 4 octets each, IPv4 addresses, APN
/// "internet", two trailing octets (spare/TI).
fn pdp_context() -> Vec<u8> {
    cat(&[
        &[0x82, 0x00, 61],
        &[0x55], // EA 0, VAA 1, ASI 0, Order 1, NSAPI 5
        &[0x03], // spare 0, SAPI 3
        &[0x04, 0x0b, 0x92, 0x1f, 0x71],
        &[0x04, 0x0b, 0x92, 0x1f, 0x72],
        &[0x04, 0x0b, 0x92, 0x1f, 0x73],
        &[0x01, 0x02, 0x03, 0x04], // sequence numbers down/up
        &[0x05, 0x06],             // send/receive N-PDU number
        &[0x11, 0x11, 0x11, 0x11], // uplink TEID control plane
        &[0x22, 0x22, 0x22, 0x22], // uplink TEID data I
        &[0x01],                   // PDP context identifier
        &[0xf1],                   // spare 1111, PDP type organisation 1 (IETF)
        &[0x21],                   // PDP type number: IPv4
        &[0x04, 10, 0, 0, 1],
        &[0x04, 192, 0, 2, 10],
        &[0x04, 192, 0, 2, 11],
        &[0x09, 0x08, b'i', b'n', b't', b'e', b'r', b'n', b'e', b't'],
        &[0x00, 0x07],
    ])
}

fn mm_of(m: &Message<'_>) -> MmContext<'static> {
    m.mm_context().expect("mm context").clone().into_owned()
}

fn check_quintuplet(
    q: &Quintuplet<'_>,
    rand: u8,
    xres_len: usize,
    xres: u8,
    ck: u8,
    ik: u8,
    autn: u8,
) {
    assert_eq!(q.rand.as_bytes(), ramp(rand, 16));
    assert_eq!(q.xres.expose(), ramp(xres, xres_len));
    assert_eq!(q.ck.expose(), ramp(ck, 16));
    assert_eq!(q.ik.expose(), ramp(ik, 16));
    assert_eq!(q.autn.expose(), ramp(autn, 16));
}

// --- MM Context, every security mode ---------------------------------------------------------

#[test]
fn mm_context_mode_01_gsm_key_and_triplets() {
    let b = gtp(
        51,
        0x0a0b0c0d,
        7,
        &cat(&[&CAUSE_ACCEPTED, &mm_gsm_triplets()]),
    );
    let m = round_trip(&b);
    let mm = mm_of(&m);
    assert_eq!(mm.security_mode(), SecurityMode::GsmKeyAndTriplets);
    assert_eq!(mm.octet4_bits_8_4, 0x1f);
    assert_eq!(mm.cksn_ksi, 3);
    let SecurityContext::GsmKeyAndTriplets {
        used_cipher,
        kc,
        triplets,
    } = &mm.security
    else {
        panic!("mode")
    };
    assert_eq!(*used_cipher, 2);
    assert_eq!(kc.expose(), ramp(0x11, 8));
    assert_eq!(triplets.len(), 1);
    assert_eq!(triplets[0].rand.as_bytes(), ramp(0xa0, 16));
    assert_eq!(triplets[0].sres.expose(), ramp(0xb0, 4));
    assert_eq!(triplets[0].kc.expose(), ramp(0xc0, 8));
    assert_eq!(mm.kc().unwrap().expose(), ramp(0x11, 8));
    assert!(mm.ck().is_none() && mm.ik().is_none());
    assert_eq!(mm.drx_parameter, [0x0a, 0x0b]);
    assert_eq!(mm.ms_network_capability.as_bytes(), [0xe5, 0xe0]);
    assert!(mm.container.as_bytes().is_empty());
    assert!(mm.trailing.as_bytes().is_empty());
}

#[test]
fn mm_context_mode_10_umts_keys_and_quintuplets() {
    let b = gtp(
        53,
        0,
        0x1234,
        &cat(&[&TEID_CP, &RANAP_CAUSE, &mm_umts_quintuplets(), &GSN_V4]),
    );
    let m = round_trip(&b);
    let mm = mm_of(&m);
    assert_eq!(mm.security_mode(), SecurityMode::UmtsKeysAndQuintuplets);
    assert_eq!(mm.cksn_ksi, 5);
    let SecurityContext::UmtsKeysAndQuintuplets {
        spare,
        ck,
        ik,
        quintuplets,
    } = &mm.security
    else {
        panic!("mode")
    };
    assert_eq!(*spare, 7);
    assert_eq!(ck.expose(), ramp(0x20, 16));
    assert_eq!(ik.expose(), ramp(0x30, 16));
    assert_eq!(quintuplets.len(), 1);
    check_quintuplet(&quintuplets[0], 0x40, 8, 0x50, 0x60, 0x70, 0x80);
    assert_eq!(mm.ms_network_capability.as_bytes(), [0xe5, 0xe0, 0xc0]);
    assert_eq!(mm.container.as_bytes(), [0x23, 0x01, 0xf4]);
    assert_eq!(mm.trailing.as_bytes(), [0x00]);
}

#[test]
fn mm_context_mode_00_used_cipher_umts_keys_and_quintuplets() {
    let b = gtp(
        53,
        0,
        1,
        &cat(&[&TEID_CP, &RANAP_CAUSE, &mm_used_cipher_umts(), &GSN_V4]),
    );
    let m = round_trip(&b);
    let mm = mm_of(&m);
    assert_eq!(
        mm.security_mode(),
        SecurityMode::UsedCipherUmtsKeysAndQuintuplets
    );
    assert_eq!(mm.octet4_bits_8_4, 0b10100);
    assert_eq!(mm.cksn_ksi, 3);
    let SecurityContext::UsedCipherUmtsKeysAndQuintuplets {
        used_cipher,
        ck,
        ik,
        quintuplets,
    } = &mm.security
    else {
        panic!("mode")
    };
    assert_eq!(*used_cipher, 1);
    assert_eq!(ck.expose(), ramp(0xa0, 16));
    assert_eq!(ik.expose(), ramp(0xb0, 16));
    assert_eq!(quintuplets.len(), 2);
    check_quintuplet(&quintuplets[0], 0x01, 4, 0x21, 0x31, 0x41, 0x51);
    check_quintuplet(&quintuplets[1], 0x02, 16, 0x22, 0x32, 0x42, 0x52);
    assert_eq!(mm.drx_parameter, [0, 0]);
    assert!(mm.ms_network_capability.as_bytes().is_empty());
}

#[test]
fn mm_context_mode_11_gsm_key_and_quintuplets() {
    let b = gtp(51, 9, 2, &cat(&[&CAUSE_ACCEPTED, &mm_gsm_quintuplets()]));
    let m = round_trip(&b);
    let mm = mm_of(&m);
    assert_eq!(mm.security_mode(), SecurityMode::GsmKeyAndQuintuplets);
    assert_eq!(mm.cksn_ksi, 1);
    let SecurityContext::GsmKeyAndQuintuplets {
        used_cipher,
        kc,
        quintuplets,
    } = &mm.security
    else {
        panic!("mode")
    };
    assert_eq!(*used_cipher, 3);
    assert_eq!(kc.expose(), ramp(0xd0, 8));
    check_quintuplet(&quintuplets[0], 0x03, 8, 0x23, 0x33, 0x43, 0x53);
    assert_eq!(mm.ms_network_capability.as_bytes(), [0xe5]);
}

#[test]
fn mm_context_quintuplet_mode_with_no_vectors_keeps_the_zero_length() {
    // TS 29.060 figure 42: the quintuplet length is there even with no vectors.
    let mm = cat(&[
        &[0x81, 0x00, 41, 0xfd, 0x80],
        &ramp(0x20, 16),
        &ramp(0x30, 16),
        &[0x00, 0x00, 0x0a, 0x0b, 0x00, 0x00, 0x00],
    ]);
    let b = gtp(51, 0, 0, &cat(&[&CAUSE_ACCEPTED, &mm]));
    let m = round_trip(&b);
    assert_eq!(m.mm_context().unwrap().security.vector_count(), 0);
    assert_eq!(m.mm_context().unwrap().drx_parameter, [0x0a, 0x0b]);
}

// --- every typed message -------------------------------------------------------------------

#[test]
fn echo_request_and_response() {
    let b = gtp(1, 0, 0x55, &PRIVATE_EXT);
    let m = round_trip(&b);
    let Typed::EchoRequest(v) = m.typed() else {
        panic!()
    };
    let pe = v.private_extension.unwrap();
    assert_eq!(pe.extension_identifier, 10);
    assert_eq!(pe.value.as_bytes(), [1, 2]);

    let b = gtp(2, 0, 0x55, &RECOVERY);
    let m = round_trip(&b);
    assert_eq!(m.message_name(), "EchoResponse");
    let Typed::EchoResponse(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.recovery, Some(7));
    assert!(m.notes().is_empty());
}

#[test]
fn sgsn_context_request() {
    let body = cat(&[
        &IMSI,
        &RAI,
        &TLLI,
        &PTMSI_SIG,
        &MS_VALIDATED,
        &TEID_CP,
        &GSN_V4,
        &GSN_V6,
    ]);
    let b = gtp(50, 0, 0x0102, &body);
    let m = round_trip(&b);
    let Typed::SgsnContextRequest(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.imsi.unwrap().digits(), "001010123456789");
    let rai = v.rai.unwrap();
    assert_eq!(
        (rai.plmn, rai.lac, rai.rac),
        ([0x00, 0xf1, 0x10], 0x1234, 0x56)
    );
    assert_eq!(v.tlli, Some(0xc0010203));
    assert_eq!(v.p_tmsi_signature, Some(0x0a0b0c));
    assert_eq!(v.ms_validated, Some(1));
    assert_eq!(v.teid_control_plane, Some(0x1001));
    assert_eq!(
        v.sgsn_address_control_plane,
        Some(&GsnAddress::V4("192.0.2.1".parse().unwrap()))
    );
    assert_eq!(
        v.alternative_sgsn_address_control_plane,
        Some(&GsnAddress::V6("2001:db8::1".parse().unwrap()))
    );
    assert!(m.notes().is_empty());
}

#[test]
fn sgsn_context_response() {
    let body = cat(&[
        &CAUSE_ACCEPTED,
        &IMSI,
        &TEID_CP,
        &RAB_CTX5,
        &RADIO_PRIO,
        &PFI,
        &CHARGING_CHARS,
        &mm_gsm_triplets(),
        &pdp_context(),
        &GSN_V4,
    ]);
    let b = gtp(51, 0x01020304, 9, &body);
    let m = round_trip(&b);
    let Typed::SgsnContextResponse(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.cause, Some(Cause::REQUEST_ACCEPTED));
    assert_eq!(v.teid_control_plane, Some(0x1001));
    assert_eq!(v.rab_contexts.len(), 1);
    let rc = v.rab_contexts[0];
    assert_eq!(rc.nsapi.nsapi, 5);
    assert_eq!(
        (
            rc.dl_gtpu_sequence_number,
            rc.ul_gtpu_sequence_number,
            rc.dl_pdcp_sequence_number,
            rc.ul_pdcp_sequence_number
        ),
        (1, 2, 3, 4)
    );
    assert_eq!(v.radio_priorities, vec![0x52]);
    assert_eq!(v.packet_flow_ids[0].nsapi.nsapi, 5);
    assert_eq!(v.packet_flow_ids[0].packet_flow_id, 7);
    assert_eq!(v.charging_characteristics, Some(0x0800));
    assert_eq!(v.mm_context.unwrap().cksn_ksi, 3);
    let p = v.pdp_contexts[0];
    assert!(!p.ea && p.vaa && !p.asi && p.order);
    assert_eq!((p.nsapi, p.sapi.nsapi), (5, 3));
    assert_eq!(p.qos_subscribed.as_bytes(), [0x0b, 0x92, 0x1f, 0x71]);
    assert_eq!(p.qos_requested.as_bytes(), [0x0b, 0x92, 0x1f, 0x72]);
    assert_eq!(p.qos_negotiated.as_bytes(), [0x0b, 0x92, 0x1f, 0x73]);
    assert_eq!(
        (p.sequence_number_down, p.sequence_number_up),
        (0x0102, 0x0304)
    );
    assert_eq!((p.send_npdu_number, p.receive_npdu_number), (5, 6));
    assert_eq!(p.uplink_teid_control_plane, 0x11111111);
    assert_eq!(p.uplink_teid_data_i, 0x22222222);
    assert_eq!(p.pdp_context_identifier, 1);
    assert_eq!(p.pdp_type_organisation.spare, 0xf);
    assert_eq!(p.pdp_type_organisation.nsapi, 1);
    assert_eq!(p.pdp_type_number, 0x21);
    assert_eq!(p.pdp_address.as_bytes(), [10, 0, 0, 1]);
    assert_eq!(p.ggsn_address_control_plane.as_bytes(), [192, 0, 2, 10]);
    assert_eq!(p.ggsn_address_user_traffic.as_bytes(), [192, 0, 2, 11]);
    assert_eq!(p.apn.as_bytes(), b"\x08internet");
    assert_eq!(p.trailing.as_bytes(), [0x00, 0x07]);
    assert_eq!(
        m.summary(),
        "SGSNContextResponse seq=9 teid=0x01020304 imsi=001010123456789 cause=request_accepted(128)"
    );
}

#[test]
fn sgsn_context_acknowledge() {
    let b = gtp(52, 0x77, 3, &cat(&[&CAUSE_ACCEPTED, &TEID_II, &GSN_V4]));
    let m = round_trip(&b);
    let Typed::SgsnContextAcknowledge(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.cause, Some(Cause(128)));
    assert_eq!(v.teid_data_ii[0].nsapi.nsapi, 5);
    assert_eq!(v.teid_data_ii[0].teid, 0x2002);
    assert!(matches!(
        v.sgsn_address_user_traffic,
        Some(GsnAddress::V4(_))
    ));
}

fn forward_relocation_request() -> Vec<u8> {
    let body = cat(&[
        &IMSI,
        &TEID_CP,
        &RANAP_CAUSE,
        &mm_umts_quintuplets(),
        &pdp_context(),
        &GSN_V4,
        &GSN_V6,
        &TARGET_ID,
        &UTRAN_CONTAINER,
        &UNKNOWN_TLV,
        &PRIVATE_EXT,
    ]);
    gtp(53, 0, 0x4242, &body)
}

#[test]
fn forward_relocation_request_fields() {
    let b = forward_relocation_request();
    let m = round_trip(&b);
    assert_eq!(m.message_type(), MessageType::ForwardRelocationRequest);
    let Typed::ForwardRelocationRequest(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.imsi.unwrap().digits(), "001010123456789");
    assert_eq!(v.teid_control_plane, Some(0x1001));
    assert_eq!(v.ranap_cause, Some(0x2b));
    let mm = v.mm_context.unwrap();
    assert_eq!(mm.ck().unwrap().expose(), ramp(0x20, 16));
    assert_eq!(mm.ik().unwrap().expose(), ramp(0x30, 16));
    assert_eq!(v.pdp_contexts.len(), 1);
    assert_eq!(
        v.sgsn_address_user_traffic,
        Some(&GsnAddress::V6("2001:db8::1".parse().unwrap()))
    );
    let t = v.target_identification.unwrap();
    assert_eq!(t.rai.plmn, [0x00, 0xf1, 0x10]);
    assert_eq!((t.rai.lac, t.rai.rac), (0x1234, 0x56));
    assert_eq!((t.rnc_id, t.extended_rnc_id), (4000, Some(4096)));
    assert_eq!(
        v.utran_transparent_container.unwrap().as_bytes(),
        [0x40, 0x41, 0x42, 0x43, 0x44]
    );
    assert_eq!(v.private_extension.unwrap().extension_identifier, 10);
    // The unknown TLV stays raw, in place.
    assert_eq!(
        m.ies[9],
        Ie::Tlv {
            ie_type: 250,
            value: vec![0xab, 0xcd].into()
        }
    );
    assert!(m.notes().is_empty(), "{:?}", m.notes());
    assert_eq!(
        m.summary(),
        "ForwardRelocationRequest seq=16962 teid=0x00000000 imsi=001010123456789"
    );
}

#[test]
fn forward_relocation_request_json() {
    let b = forward_relocation_request();
    let m = Message::parse(&b).unwrap();
    let j = serde_json::to_value(&m).unwrap();
    assert_eq!(j["message"], "ForwardRelocationRequest");
    assert_eq!(j["message_type"], 53);
    assert_eq!(j["sequence_number"], 0x4242);
    assert_eq!(j["imsi"], "001010123456789");
    assert_eq!(j["teid_control_plane"], 0x1001);
    assert_eq!(j["ranap_cause"], 0x2b);
    assert_eq!(
        j["gsn_address"],
        serde_json::json!(["192.0.2.1", "2001:db8::1"])
    );
    assert_eq!(j["ie_250"], serde_json::json!({"value": "abcd"}));
    assert_eq!(
        j["private_extension"],
        serde_json::json!({"extension_identifier": 10, "value": "0102"})
    );
    let mm = &j["mm_context"];
    assert_eq!(mm["ksi"], 5);
    assert!(mm.get("cksn").is_none());
    assert_eq!(mm["security_mode"], "umts_keys_and_quintuplets");
    assert_eq!(mm["no_of_vectors"], 1);
    let ck_fp = keyhop_codec::redact::fingerprint(&ramp(0x20, 16));
    assert_eq!(mm["ck"], ck_fp.as_str());
    // RAND is not secret, but 16 raw octets print as length and fingerprint unless shown.
    assert_eq!(
        mm["quintuplets"][0]["rand"],
        keyhop_codec::redact::raw_text(&ramp(0x40, 16)).as_str()
    );
    assert!(mm["quintuplets"][0]["rand"]
        .as_str()
        .unwrap()
        .starts_with("<16 octets fp:"));
    {
        let _raw = keyhop_codec::redact::show_raw(true);
        let j = serde_json::to_value(&m).unwrap();
        assert_eq!(
            j["mm_context"]["quintuplets"][0]["rand"],
            hex::encode(ramp(0x40, 16))
        );
        assert!(j["mm_context"]["ck"].as_str().unwrap().starts_with("fp:"));
    }
    assert!(mm["quintuplets"][0]["xres"]
        .as_str()
        .unwrap()
        .starts_with("fp:"));
    assert_eq!(mm["container"], "2301f4");
    assert_eq!(mm["trailing_octets"], "00");
    assert_eq!(j["target_identification"]["rai"]["plmn_identity"], "00f110");
    assert_eq!(j["target_identification"]["extended_rnc_id"], 4096);
    assert_eq!(j["pdp_context"]["apn"], "internet");
    // Keys appear only when asked for.
    assert!(!serde_json::to_string(&m)
        .unwrap()
        .contains(&hex::encode(ramp(0x20, 16))));
    let _g = show_keys(true);
    let j = serde_json::to_value(&m).unwrap();
    assert_eq!(j["mm_context"]["ck"], hex::encode(ramp(0x20, 16)));
    assert_eq!(
        j["mm_context"]["quintuplets"][0]["autn"],
        hex::encode(ramp(0x80, 16))
    );
}

#[test]
fn forward_relocation_response() {
    let body = cat(&[
        &CAUSE_ACCEPTED,
        &TEID_CP,
        &TEID_II,
        &RANAP_CAUSE,
        &GSN_V4,
        &UTRAN_CONTAINER,
        &RAB_SETUP_RELEASED,
        &RAB_SETUP,
        &ADD_RAB_SETUP,
    ]);
    let b = gtp(54, 0x9999, 0x4242, &body);
    let m = round_trip(&b);
    let Typed::ForwardRelocationResponse(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.cause, Some(Cause::REQUEST_ACCEPTED));
    assert_eq!(v.teid_control_plane, Some(0x1001));
    assert_eq!(v.teid_data_ii[0].teid, 0x2002);
    assert_eq!(v.ranap_cause, Some(0x2b));
    assert!(v.sgsn_address_user_traffic.is_none());
    assert_eq!(v.rab_setup_information.len(), 2);
    assert_eq!(v.rab_setup_information[0].nsapi.nsapi, 6);
    assert_eq!(v.rab_setup_information[0].teid_data_i, None);
    assert_eq!(v.rab_setup_information[1].teid_data_i, Some(0x3003));
    assert_eq!(
        v.rab_setup_information[1].rnc_ip_address.as_bytes(),
        [192, 0, 2, 12]
    );
    assert_eq!(v.additional_rab_setup_information[0].nsapi.nsapi, 7);
    let j = serde_json::to_value(&m).unwrap();
    assert_eq!(
        j["rab_setup_information"][1]["rnc_ip_address"],
        "192.0.2.12"
    );
    assert_eq!(
        j["rab_setup_information"][0],
        serde_json::json!({"nsapi": 6})
    );
    assert_eq!(j["cause"], "request_accepted");
}

#[test]
fn forward_relocation_complete_and_acknowledge() {
    let b = gtp(55, 0x10, 0x11, &[]);
    let m = round_trip(&b);
    assert_eq!(m.message_name(), "ForwardRelocationComplete");
    assert!(matches!(m.typed(), Typed::ForwardRelocationComplete(_)));

    let b = gtp(59, 0x10, 0x11, &CAUSE_ACCEPTED);
    let m = round_trip(&b);
    let Typed::ForwardRelocationCompleteAcknowledge(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.cause, Some(Cause(128)));
}

#[test]
fn relocation_cancel_request_and_response() {
    let b = gtp(56, 0x10, 0x12, &cat(&[&IMSI, &IMEISV, &EXT_RANAP]));
    let m = round_trip(&b);
    let Typed::RelocationCancelRequest(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.imsi.unwrap().digits(), "001010123456789");
    assert_eq!(v.imei_sv.unwrap().digits(), "3554960123456701");
    assert_eq!(v.extended_ranap_cause, Some(500));

    let b = gtp(57, 0x10, 0x12, &CAUSE_CONTEXT_NOT_FOUND);
    let m = round_trip(&b);
    let Typed::RelocationCancelResponse(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.cause.unwrap().name(), Some("context_not_found"));
    assert!(m.summary().ends_with("cause=context_not_found(210)"));
}

#[test]
fn forward_srns_context_and_acknowledge() {
    let b = gtp(58, 0x10, 0x13, &cat(&[&RAB_CTX5, &RAB_CTX6, &SRC_RNC_PDCP]));
    let m = round_trip(&b);
    let Typed::ForwardSrnsContext(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.rab_contexts.len(), 2);
    assert_eq!(v.rab_contexts[1].nsapi.nsapi, 6);
    assert_eq!(v.rab_contexts[1].dl_gtpu_sequence_number, 9);
    assert_eq!(
        v.source_rnc_pdcp_context_info.unwrap().as_bytes(),
        [1, 2, 3]
    );
    let j = serde_json::to_value(&m).unwrap();
    assert_eq!(j["rab_context"].as_array().unwrap().len(), 2);
    assert_eq!(j["source_rnc_pdcp_context_info"]["value"], "010203");

    let b = gtp(60, 0x10, 0x13, &CAUSE_ACCEPTED);
    let m = round_trip(&b);
    let Typed::ForwardSrnsContextAcknowledge(v) = m.typed() else {
        panic!()
    };
    assert_eq!(v.cause, Some(Cause(128)));
}

#[test]
fn missing_mandatory_ies_are_noted() {
    // Forward Relocation Request with only an IMSI.
    let b = gtp(53, 0, 1, &IMSI);
    let m = round_trip(&b);
    let what: Vec<String> = m.notes().iter().map(|n| n.what.to_string()).collect();
    for ie in [
        "teid_control_plane",
        "ranap_cause",
        "mm_context",
        "gsn_address",
    ] {
        assert!(
            what.contains(&format!("mandatory IE {ie} missing")),
            "{what:?}"
        );
    }
    // Out of order.
    let b = gtp(2, 0, 1, &cat(&[&PRIVATE_EXT, &RECOVERY]));
    let m = round_trip(&b);
    assert_eq!(m.notes().len(), 1);
    assert_eq!(m.notes()[0].what, "IEs not in ascending type order");
}

// --- header ----------------------------------------------------------------------------------

#[test]
fn header_without_optional_octets() {
    // 0x30: version 1, PT 1, no flags: 8-octet header.
    let b = [0x30, 0x02, 0x00, 0x02, 0xde, 0xad, 0xbe, 0xef, 0x0e, 0x03];
    let m = round_trip(&b);
    assert_eq!(m.header.teid, 0xdeadbeef);
    assert_eq!(m.header.sequence(), None);
    assert!(!m.header.has_optional());
    let p = Packet::new_checked(&b).unwrap();
    assert_eq!(p.body_offset(), 8);
    assert_eq!(p.sequence_number(), None);
}

#[test]
fn extension_header_chain_is_kept() {
    // E, S and PN set; spare bit set. Chain: type 0x01 (1 unit: ff ff), then type 0xc0 (2 units:
    // 6 content octets), then 0.
    let b = cat(&[
        &[0x3f, 0x02, 0x00, 18, 0, 0, 0, 1],
        &[0xab, 0xcd, 0x09, 0x01],
        &[0x01, 0xff, 0xff, 0xc0],
        &[0x02, 1, 2, 3, 4, 5, 6, 0x00],
        &RECOVERY,
    ]);
    let m = round_trip(&b);
    let h = &m.header;
    assert!(h.e && h.s && h.pn && h.spare);
    assert_eq!(h.sequence(), Some(0xabcd));
    assert_eq!(h.npdu_number, 9);
    assert_eq!(h.extensions.len(), 2);
    assert_eq!(h.extensions[0].ext_type, 0x01);
    assert_eq!(h.extensions[0].content.as_bytes(), [0xff, 0xff]);
    assert_eq!(h.extensions[1].ext_type, 0xc0);
    assert_eq!(h.extensions[1].content.as_bytes(), [1, 2, 3, 4, 5, 6]);
    let p = Packet::new_checked(&b).unwrap();
    assert_eq!(p.npdu_number(), Some(9));
    assert_eq!(p.body_offset(), 24);
    assert_eq!(p.extension_headers().len(), 2);
    assert_eq!(m.ies, vec![Ie::Recovery(7)]);
}

#[test]
fn next_type_octet_without_e_flag_is_kept_raw() {
    let b = [0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x85];
    let m = round_trip(&b);
    assert_eq!(m.header.next_extension_type, 0x85);
    assert!(m.header.extensions.is_empty());
}

#[test]
fn extension_header_type_list_ie_uses_a_one_octet_length() {
    let b = gtp(31, 0, 1, &[141, 3, 0x01, 0x02, 0xc0]);
    let m = round_trip(&b);
    assert_eq!(
        m.ies,
        vec![Ie::Tlv {
            ie_type: 141,
            value: vec![1, 2, 0xc0].into()
        }]
    );
}

// --- malformed input -------------------------------------------------------------------------

fn err(b: &[u8]) -> keyhop_codec::DecodeError {
    match Message::parse(b) {
        Ok(m) => panic!("accepted: {m:?}"),
        Err(e) => e,
    }
}

#[test]
fn truncated_header() {
    for n in 0..8 {
        let e = err(&[0x32, 1, 0, 4, 0, 0, 0, 0][..n]);
        assert_eq!(e.kind, ErrorKind::Truncated, "{n}: {e}");
        assert!(e.path().starts_with("header"), "{e}");
    }
    // S set but length 0: the optional octets are missing.
    let e = err(&[0x32, 1, 0, 0, 0, 0, 0, 0]);
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(e.byte_offset(), 8);
    assert_eq!(e.path(), "header.sequence_number");
    // Length field beyond the buffer.
    let e = err(&[0x32, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(e.byte_offset(), 2);
}

#[test]
fn wrong_version_pt_and_trailing_octets() {
    let e = err(&[0x48, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert!(e.detail.contains("version 2"), "{e}");
    let e = err(&[0x22, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert!(e.detail.contains("GTP'"), "{e}");
    // `parse` takes one whole message: octets after it are an error naming the length field.
    let e = err(&[0x32, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0xee]);
    assert_eq!(e.kind, ErrorKind::BadLength);
    assert_eq!(e.byte_offset(), 12);
    assert_eq!(e.path(), "header.length");
}

/// A UDP payload longer than its message (tshark decodes the message): `parse_with_notes`
/// decodes it and notes the octets after it where they start.
#[test]
fn octets_after_the_message_are_noted_not_fatal() {
    let msg = gtp(
        53,
        0x0102_0304,
        9,
        &cat(&[&TEID_CP, &[0x85, 0x00, 0x04, 192, 0, 2, 1]]),
    );
    let clean = Message::parse(&msg).unwrap();
    let (m, notes) = Message::parse_with_notes(&msg).unwrap();
    assert_eq!(m, clean);
    assert_eq!(notes, clean.notes());
    for extra in [1usize, 4, 300] {
        let b = cat(&[&msg, &vec![0x5a; extra]]);
        assert!(Message::parse(&b).is_err());
        let (m, notes) = Message::parse_with_notes(&b).unwrap();
        assert_eq!(m, clean, "the message is decoded as without the octets");
        let last = notes.last().unwrap();
        assert_eq!(
            last.what,
            format!("{extra} octets after the end of the message")
        );
        assert_eq!(last.bit_offset, msg.len() as u64 * 8);
        assert_eq!(notes.len(), clean.notes().len() + 1);
        assert_eq!(m.emit().unwrap(), msg, "re-encoded without them");
    }
    // Damage inside the message is still an error, with its path.
    let mut bad = cat(&[&msg, &[0, 0]]);
    bad[msg.len() - 5] = 0x10; // the GSN Address claims 16 octets
    let e = Message::parse_with_notes(&bad).unwrap_err();
    assert_eq!(e.path(), "ies[1]");
}

#[test]
fn ie_longer_than_message() {
    // GSN Address claiming 16 octets with 4 left.
    let b = gtp(
        53,
        0,
        1,
        &cat(&[&TEID_CP, &[0x85, 0x00, 0x10, 192, 0, 2, 1]]),
    );
    let e = err(&b);
    assert_eq!(e.kind, ErrorKind::BadLength);
    assert_eq!(e.path(), "ies[1]");
    assert!(e.detail.contains("gsn_address"), "{e}");
    assert!(e.detail.contains("at byte 17"), "{e}");
    // A TV IE cut short by the end of the message.
    let b = gtp(53, 0, 1, &[0x11, 0, 0]);
    let e = err(&b);
    assert_eq!(e.path(), "ies[0]");
    assert_eq!(e.byte_offset(), 13);
}

#[test]
fn unknown_tv_type_names_type_and_offset() {
    let b = gtp(53, 0, 1, &cat(&[&IMSI, &[0x1e, 0x00, 0x00]]));
    let e = err(&b);
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert_eq!(e.byte_offset(), 21);
    assert_eq!(e.path(), "ies[1]");
    assert!(e.detail.contains("unknown TV IE type 30 at byte 21"), "{e}");
    assert!(e.detail.contains("carries no length"), "{e}");
}

#[test]
fn zero_lengths() {
    // MM Context of length 0.
    let b = gtp(53, 0, 1, &[0x81, 0x00, 0x00]);
    let e = err(&b);
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(e.path(), "ies[0].mm_context.cksn_ksi");
    assert_eq!(e.byte_offset(), 15);
    // PDP Context of length 0.
    let e = err(&gtp(53, 0, 1, &[0x82, 0x00, 0x00]));
    assert_eq!(e.path(), "ies[0].pdp_context.nsapi");
    // Private Extension shorter than its identifier.
    let e = err(&gtp(1, 0, 1, &[0xff, 0x00, 0x01, 0x00]));
    assert_eq!(e.path(), "ies[0].private_extension.extension_identifier");
    // Target Identification shorter than RAI + RNC-ID.
    let e = err(&gtp(53, 0, 1, &[0x8a, 0x00, 0x00]));
    assert_eq!(e.path(), "ies[0].target_identification.rai.plmn");
    // Zero-length TLVs keyhop keeps raw are fine.
    let b = gtp(53, 0, 1, &[0x8b, 0x00, 0x00, 0xfa, 0x00, 0x00]);
    let m = round_trip(&b);
    assert_eq!(m.ies.len(), 2);
    // Extension header of length 0.
    let b = [
        0x36, 0x01, 0x00, 0x08, 0, 0, 0, 0, 0, 1, 0, 0xc0, 0x00, 0xff, 0xff, 0x00,
    ];
    let e = err(&b);
    assert_eq!(e.kind, ErrorKind::BadLength);
    assert_eq!(e.byte_offset(), 12);
    assert_eq!(e.path(), "header.extension_headers[0]");
}

#[test]
fn extension_chain_that_never_ends_or_overruns() {
    // The last header announces another (0x85) but the message ends.
    let b = [
        0x36, 0x01, 0x00, 0x08, 0, 0, 0, 0, 0, 1, 0, 0xc0, 0x01, 0xff, 0xff, 0x85,
    ];
    let e = err(&b);
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(e.byte_offset(), 16);
    assert_eq!(e.path(), "header.extension_headers[1]");
    assert!(e.detail.contains("does not end"), "{e}");
    // A header claiming 3 units (12 octets) with 4 left.
    let b = [
        0x36, 0x01, 0x00, 0x08, 0, 0, 0, 0, 0, 1, 0, 0xc0, 0x03, 0xff, 0xff, 0x00,
    ];
    let e = err(&b);
    assert_eq!(e.kind, ErrorKind::BadLength);
    assert_eq!(e.byte_offset(), 12);
    assert!(e.detail.contains("12 octets long"), "{e}");
}

#[test]
fn mm_context_inner_lengths_are_checked() {
    // Quintuplet length 75 for one 74-octet quintuplet: one octet left over. Value layout:
    // octets 3-4 of the IE are octets 4-5 of the spec, CK 5..21, IK 21..37, length at 37..39.
    let mut mm = mm_umts_quintuplets();
    assert_eq!(mm[38], 74);
    mm[38] = 75;
    let e = err(&gtp(53, 0, 1, &mm));
    assert_eq!(e.kind, ErrorKind::BadLength, "{e}");
    assert_eq!(e.path(), "ies[0].mm_context.quintuplets");
    assert!(e.detail.contains("leaves 1 octets"), "{e}");
    // XRES length running past the quintuplet length.
    let mut mm = mm_umts_quintuplets();
    // XRES length 50: XRES fits in the 74 octets, CK then does not.
    assert_eq!(mm[3 + 2 + 32 + 2 + 16], 8);
    mm[3 + 2 + 32 + 2 + 16] = 50;
    let e = err(&gtp(53, 0, 1, &mm));
    assert_eq!(e.path(), "ies[0].mm_context.quintuplets[0].ck");
    // Container length past the IE.
    let mut mm = mm_gsm_triplets();
    let n = mm.len();
    mm[n - 1] = 5;
    let e = err(&gtp(51, 0, 1, &cat(&[&CAUSE_ACCEPTED, &mm])));
    assert_eq!(e.path(), "ies[1].mm_context.container");
    assert_eq!(e.kind, ErrorKind::Truncated);
}

// --- construction and encode errors ----------------------------------------------------------

#[test]
fn build_and_encode_from_typed_values() {
    let mut h = Header::new(
        MessageType::ForwardRelocationCompleteAcknowledge,
        0x42,
        0x99,
    );
    h.teid = 0x43;
    let m = Message {
        header: h,
        ies: vec![Ie::Cause(Cause::REQUEST_ACCEPTED)],
    };
    assert_eq!(m.emit().unwrap(), gtp(59, 0x43, 0x99, &CAUSE_ACCEPTED));

    let bad = Message {
        header: Header::new(MessageType::EchoRequest, 0, 0),
        ies: vec![Ie::Tv {
            ie_type: 14,
            value: vec![1, 2].into(),
        }],
    };
    let e = bad.emit().unwrap_err();
    assert_eq!(e.path, "ies[0].recovery");
    let mut h = Header::new(MessageType::EchoRequest, 0, 0);
    h.e = true;
    h.extensions.push(ExtensionHeader {
        ext_type: 1,
        content: vec![1, 2, 3].into(),
    });
    let e = Message {
        header: h,
        ies: vec![],
    }
    .emit()
    .unwrap_err();
    assert_eq!(e.path, "header.extensions[0]");
}

// --- vectors for the pycrate differential (tests/interop/gtpv1_pycrate.py) -------------------

fn all_vectors() -> Vec<(&'static str, Vec<u8>)> {
    let ext_chain = cat(&[
        &[0x3f, 0x02, 0x00, 18, 0, 0, 0, 1],
        &[0xab, 0xcd, 0x09, 0x01],
        &[0x01, 0xff, 0xff, 0xc0],
        &[0x02, 1, 2, 3, 4, 5, 6, 0x00],
        &RECOVERY,
    ]);
    let mm10_empty = cat(&[
        &[0x81, 0x00, 41, 0xfd, 0x80],
        &ramp(0x20, 16),
        &ramp(0x30, 16),
        &[0x00, 0x00, 0x0a, 0x0b, 0x00, 0x00, 0x00],
    ]);
    // Mode 01 with a 3-octet container (a mobile identity IE): the container length is the
    // last two octets of mm_gsm_triplets().
    let mut mm01_container = mm_gsm_triplets();
    mm01_container[2] += 3;
    let n = mm01_container.len();
    mm01_container[n - 1] = 3;
    mm01_container.extend_from_slice(&[0x23, 0x01, 0xf4]);
    vec![
        ("echo_request", gtp(1, 0, 0x55, &PRIVATE_EXT)),
        (
            "sgsn_context_response_mode01_container",
            gtp(51, 0, 4, &cat(&[&CAUSE_ACCEPTED, &mm01_container])),
        ),
        ("echo_response", gtp(2, 0, 0x55, &RECOVERY)),
        (
            "echo_response_no_optional",
            vec![0x30, 0x02, 0x00, 0x02, 0xde, 0xad, 0xbe, 0xef, 0x0e, 0x03],
        ),
        ("echo_response_ext_chain", ext_chain),
        (
            "sgsn_context_request",
            gtp(
                50,
                0,
                0x0102,
                &cat(&[
                    &IMSI,
                    &RAI,
                    &TLLI,
                    &PTMSI_SIG,
                    &MS_VALIDATED,
                    &TEID_CP,
                    &GSN_V4,
                    &GSN_V6,
                ]),
            ),
        ),
        (
            "sgsn_context_response_mode01",
            gtp(
                51,
                0x01020304,
                9,
                &cat(&[
                    &CAUSE_ACCEPTED,
                    &IMSI,
                    &TEID_CP,
                    &RAB_CTX5,
                    &RADIO_PRIO,
                    &PFI,
                    &CHARGING_CHARS,
                    &mm_gsm_triplets(),
                    &pdp_context(),
                    &GSN_V4,
                ]),
            ),
        ),
        (
            "sgsn_context_response_mode11",
            gtp(51, 9, 2, &cat(&[&CAUSE_ACCEPTED, &mm_gsm_quintuplets()])),
        ),
        (
            "sgsn_context_response_mode10_no_vectors",
            gtp(51, 0, 0, &cat(&[&CAUSE_ACCEPTED, &mm10_empty])),
        ),
        (
            "sgsn_context_acknowledge",
            gtp(52, 0x77, 3, &cat(&[&CAUSE_ACCEPTED, &TEID_II, &GSN_V4])),
        ),
        (
            "forward_relocation_request_mode10",
            forward_relocation_request(),
        ),
        (
            "forward_relocation_request_mode00",
            gtp(
                53,
                0,
                1,
                &cat(&[&TEID_CP, &RANAP_CAUSE, &mm_used_cipher_umts(), &GSN_V4]),
            ),
        ),
        (
            "forward_relocation_response",
            gtp(
                54,
                0x9999,
                0x4242,
                &cat(&[
                    &CAUSE_ACCEPTED,
                    &TEID_CP,
                    &TEID_II,
                    &RANAP_CAUSE,
                    &GSN_V4,
                    &UTRAN_CONTAINER,
                    &RAB_SETUP_RELEASED,
                    &RAB_SETUP,
                    &ADD_RAB_SETUP,
                ]),
            ),
        ),
        ("forward_relocation_complete", gtp(55, 0x10, 0x11, &[])),
        (
            "relocation_cancel_request",
            gtp(56, 0x10, 0x12, &cat(&[&IMSI, &IMEISV, &EXT_RANAP])),
        ),
        (
            "relocation_cancel_response",
            gtp(57, 0x10, 0x12, &CAUSE_CONTEXT_NOT_FOUND),
        ),
        (
            "forward_srns_context",
            gtp(58, 0x10, 0x13, &cat(&[&RAB_CTX5, &RAB_CTX6, &SRC_RNC_PDCP])),
        ),
        (
            "forward_relocation_complete_acknowledge",
            gtp(59, 0x10, 0x11, &CAUSE_ACCEPTED),
        ),
        (
            "forward_srns_context_acknowledge",
            gtp(60, 0x10, 0x13, &CAUSE_ACCEPTED),
        ),
        (
            "supported_extension_headers_notification",
            gtp(31, 0, 1, &[141, 3, 0x01, 0x02, 0xc0]),
        ),
    ]
}

#[test]
fn every_listed_vector_round_trips() {
    for (name, b) in all_vectors() {
        let m = Message::parse(&b).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(m.emit().unwrap(), b, "{name}");
        let owned: Message<'static> = m.clone().into_owned();
        assert_eq!(owned, m, "{name}");
        drop(m);
        assert_eq!(owned.emit().unwrap(), b, "{name}");
    }
}

/// Writes every vector and keyhop's JSON of it (keys shown) to the file named by
/// `GTPV1_INTEROP_OUT`, one JSON object per line, for tests/interop/gtpv1_pycrate.py. Without
/// the variable this test only checks that the JSON can be produced.
#[test]
fn dump_vectors_for_interop() {
    let _g = show_keys(true);
    let mut out = String::new();
    for (name, b) in all_vectors() {
        let m = Message::parse(&b).unwrap();
        let line = serde_json::json!({"name": name, "hex": hex::encode(&b), "keyhop": m});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    if let Ok(path) = std::env::var("GTPV1_INTEROP_OUT") {
        std::fs::write(path, out).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Every error names a field and an offset inside the input, from `parse` (one whole
    /// message) and `parse_with_notes` (a UDP payload) alike (issue 16.10: octets after the
    /// message were an error with an empty path).
    #[test]
    fn every_error_has_a_path_and_an_offset(
        extra in proptest::collection::vec(any::<u8>(), 0..4),
        muts in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 0..5),
    ) {
        let b = mutate(&cat(&[&forward_relocation_request(), &extra]), &muts);
        for r in [Message::parse(&b).map(|_| ()), Message::parse_with_notes(&b).map(|_| ())] {
            if let Err(e) = r {
                prop_assert!(!e.path().is_empty(), "{e}");
                prop_assert!(e.bit_offset <= b.len() as u64 * 8, "{e}");
            }
        }
    }
}
