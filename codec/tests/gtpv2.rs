//! GTPv2-C codec tests. Byte vectors are built here by hand from the layouts of TS 29.274
//! (header 5.1, IEs clause 8); expected values are read off those layouts, not off the decoder.

// Binary literals are grouped by the fields of the octet they build (3-1-1-3 and so on).
#![allow(clippy::unusual_byte_groupings)]
use keyhop_codec::gtpv2::{
    self, parse, Gtpv2Message, IeType, IeValue, MessageType, MmContextForm, TargetId,
};
use keyhop_codec::redact::show_keys;
use keyhop_codec::ErrorKind;
use proptest::prelude::*;
use std::net::{Ipv4Addr, Ipv6Addr};

mod common;
use common::mutate;

/// An IE: type, 2-octet length, spare/instance octet, value (TS 29.274 Figure 8.2-1).
fn tliv(t: u8, instance: u8, v: &[u8]) -> Vec<u8> {
    let mut b = vec![t];
    b.extend_from_slice(&(v.len() as u16).to_be_bytes());
    b.push(instance);
    b.extend_from_slice(v);
    b
}

/// A message: flags (version 2, T if teid), type, length, TEID, sequence, spare (Figure 5.1-1).
fn msg(t: u8, teid: Option<u32>, seq: u32, ies: &[Vec<u8>]) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(teid) = teid {
        body.extend_from_slice(&teid.to_be_bytes());
    }
    body.extend_from_slice(&seq.to_be_bytes()[1..]);
    body.push(0);
    for ie in ies {
        body.extend_from_slice(ie);
    }
    let mut b = vec![if teid.is_some() { 0x48 } else { 0x40 }, t];
    b.extend_from_slice(&(body.len() as u16).to_be_bytes());
    b.extend(body);
    b
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn rep(b: u8, n: usize) -> Vec<u8> {
    vec![b; n]
}

// IMSI 001010123456789 in TBCD: 00 01 01 21 43 65 87 f9.
const IMSI: [u8; 8] = [0x00, 0x01, 0x01, 0x21, 0x43, 0x65, 0x87, 0xf9];

fn imsi_ie() -> Vec<u8> {
    tliv(1, 0, &IMSI)
}
fn cause_ie(v: u8) -> Vec<u8> {
    tliv(2, 0, &[v, 0x00])
}
/// F-TEID with IPv4: V4 flag bit 8, interface type bits 6-1.
fn fteid_ie(instance: u8, itype: u8, teid: u32, a: [u8; 4]) -> Vec<u8> {
    cat(&[&[0x80 | itype], &teid.to_be_bytes(), &a])
        .as_slice()
        .pipe(|v| tliv(87, instance, v))
}
fn ebi_ie(e: u8) -> Vec<u8> {
    tliv(73, 0, &[e])
}
/// Bearer QoS: PCI=1 PL=9 PVI=0 -> 0b0110_0100; QCI 9; MBR UL/DL, GBR UL/DL 5 octets each.
fn bearer_qos_ie() -> Vec<u8> {
    let mut v = vec![0x64, 9];
    for r in [1000u64, 2000, 300, 400] {
        v.extend_from_slice(&r.to_be_bytes()[3..]);
    }
    tliv(80, 0, &v)
}
fn bearer_ctx_ie(children: &[Vec<u8>]) -> Vec<u8> {
    tliv(93, 0, &children.concat())
}
/// APN "internet.epc" as labels.
fn apn_ie() -> Vec<u8> {
    tliv(71, 0, b"\x08internet\x03epc")
}

trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}
impl<T> Pipe for T {}

fn round_trip(b: &[u8]) -> Gtpv2Message<'_> {
    let m = parse(b).unwrap_or_else(|e| panic!("decode failed: {e}"));
    assert_eq!(m.emit().unwrap(), b, "re-encode differs");
    m
}

// ---------------------------------------------------------------------------------------------
// Header

#[test]
fn header_with_teid_priority_and_without() {
    // T=1, MP=1: octet 1 = 010 0 1 1 00 = 0x4c; priority 5 in bits 8-5 of octet 12, spare 0x3.
    let b = [
        0x4c, 34, 0, 8, 0xde, 0xad, 0xbe, 0xef, 0x12, 0x34, 0x56, 0x53,
    ];
    let m = round_trip(&b);
    assert_eq!(m.message_type, MessageType::ModifyBearerRequest);
    assert_eq!(m.teid, Some(0xdeadbeef));
    assert_eq!(m.sequence, 0x123456);
    assert_eq!(m.message_priority, Some(5));
    assert_eq!(m.header_spare, 3);
    assert!(m.ies.is_empty());

    // T=0: no TEID, sequence then a spare octet; spare flag bits (2-1) kept.
    let b = [0x41, 1, 0, 4, 0, 0, 9, 0];
    let m = round_trip(&b);
    assert_eq!(m.teid, None);
    assert_eq!(m.sequence, 9);
    assert_eq!(m.flags_spare, 1);
    assert_eq!(m.message_priority, None);
}

#[test]
fn piggybacked_message_decoded() {
    // Create Session Response with P flag, then a second message (type 95 Create Bearer Request).
    let mut first = msg(33, Some(1), 7, &[cause_ie(16)]);
    first[0] |= 0x10;
    let second = msg(95, Some(2), 8, &[ebi_ie(5)]);
    let b = cat(&[&first, &second]);
    let m = round_trip(&b);
    assert_eq!(m.message_name(), "CreateSessionResponse");
    assert_eq!(m.cause().unwrap().value, 16);
    let p = m.piggybacked.as_ref().expect("piggybacked");
    assert_eq!(p.message_type, MessageType::CreateBearerRequest);
    assert_eq!(p.teid, Some(2));
    assert_eq!(p.sequence, 8);
    assert_eq!(p.ies[0].value, IeValue::Ebi(5));
    assert_eq!(
        m.summary(),
        "CreateSessionResponse seq=0x000007 teid=0x00000001 cause=request_accepted(16) + CreateBearerRequest seq=0x000008 teid=0x00000002"
    );
}

// ---------------------------------------------------------------------------------------------
// Every message type of the task, with representative IEs

/// Message type, expected name, TEID, IEs.
type Case = (u8, &'static str, Option<u32>, Vec<Vec<u8>>);

#[test]
fn every_message_type() {
    let s11 = fteid_ie(0, 10, 0x0000_1111, [10, 0, 0, 1]);
    let s5 = fteid_ie(1, 7, 0x0000_2222, [10, 0, 0, 2]);
    let bc = bearer_ctx_ie(&[ebi_ie(5), bearer_qos_ie()]);
    let cases: Vec<Case> = vec![
        (1, "EchoRequest", None, vec![tliv(3, 0, &[7])]),
        (2, "EchoResponse", None, vec![tliv(3, 0, &[8])]),
        (
            32,
            "CreateSessionRequest",
            Some(0),
            vec![imsi_ie(), s11.clone(), s5.clone(), apn_ie(), bc.clone()],
        ),
        (
            33,
            "CreateSessionResponse",
            Some(0x1111),
            vec![cause_ie(16), s11.clone(), bc.clone()],
        ),
        (34, "ModifyBearerRequest", Some(0x1111), vec![bc.clone()]),
        (
            35,
            "ModifyBearerResponse",
            Some(0x1111),
            vec![cause_ie(16), bc.clone()],
        ),
        (36, "DeleteSessionRequest", Some(0x1111), vec![ebi_ie(5)]),
        (
            37,
            "DeleteSessionResponse",
            Some(0x1111),
            vec![cause_ie(16)],
        ),
        (
            128,
            "IdentificationRequest",
            Some(0),
            vec![tliv(
                117,
                0,
                &[0x00, 0xf1, 0x10, 0x80, 0x01, 0x02, 0, 0, 0, 9],
            )],
        ),
        (
            129,
            "IdentificationResponse",
            Some(0x3333),
            vec![cause_ie(16), imsi_ie()],
        ),
        (130, "ContextRequest", Some(0), vec![imsi_ie(), s11.clone()]),
        (
            131,
            "ContextResponse",
            Some(0x3333),
            vec![cause_ie(16), imsi_ie()],
        ),
        (132, "ContextAcknowledge", Some(0x3333), vec![cause_ie(16)]),
        (
            133,
            "ForwardRelocationRequest",
            Some(0),
            vec![imsi_ie(), s11.clone()],
        ),
        (
            134,
            "ForwardRelocationResponse",
            Some(0x4444),
            vec![cause_ie(16), s11.clone()],
        ),
        (
            135,
            "ForwardRelocationCompleteNotification",
            Some(0x4444),
            vec![],
        ),
        (
            136,
            "ForwardRelocationCompleteAcknowledge",
            Some(0x4444),
            vec![cause_ie(16)],
        ),
        (139, "RelocationCancelRequest", Some(0), vec![imsi_ie()]),
        (
            140,
            "RelocationCancelResponse",
            Some(0x4444),
            vec![cause_ie(16)],
        ),
        (
            166,
            "CreateIndirectDataForwardingTunnelRequest",
            Some(0x5555),
            vec![bc.clone()],
        ),
        (
            167,
            "CreateIndirectDataForwardingTunnelResponse",
            Some(0x5555),
            vec![cause_ie(16), bc.clone()],
        ),
        (
            168,
            "DeleteIndirectDataForwardingTunnelRequest",
            Some(0x5555),
            vec![],
        ),
        (
            169,
            "DeleteIndirectDataForwardingTunnelResponse",
            Some(0x5555),
            vec![cause_ie(16)],
        ),
    ];
    for (t, name, teid, ies) in cases {
        let b = msg(t, teid, 0x00abcd, &ies);
        let m = round_trip(&b);
        assert_eq!(m.message_name(), name);
        assert_eq!(m.message_type.to_u8(), t);
        assert_eq!(m.teid, teid);
        assert_eq!(m.sequence, 0x00abcd);
        assert_eq!(m.ies.len(), ies.len(), "{name}");
        if ies.iter().any(|ie| ie[0] == 1) {
            assert_eq!(m.imsi(), Some("001010123456789"), "{name}");
        }
        if ies.iter().any(|ie| ie[0] == 2) {
            assert_eq!(m.cause().unwrap().value, 16, "{name}");
        }
        if ies.iter().any(|ie| ie[0] == 87 && ie[3] == 0) {
            let f = m.f_teid(0).unwrap();
            assert_eq!((f.interface_type, f.teid), (10, 0x1111), "{name}");
            assert_eq!(f.ipv4, Some(Ipv4Addr::new(10, 0, 0, 1)));
        }
        for bc in m.bearer_contexts() {
            assert_eq!(bc[0].value, IeValue::Ebi(5));
            match &bc[1].value {
                IeValue::BearerQos(q) => {
                    assert!(q.pci());
                    assert_eq!(q.pl(), 9);
                    assert!(!q.pvi());
                    assert_eq!(q.qci, 9);
                    assert_eq!(
                        (q.mbr_uplink, q.mbr_downlink, q.gbr_uplink, q.gbr_downlink),
                        (1000, 2000, 300, 400)
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }
}

#[test]
fn create_session_request_fields() {
    // MSISDN 4915123456789 (odd: filler f); MEI 8 octets; RAT type 6 (EUTRAN); serving network
    // 001/01 = 00 f1 10; indication octets 5-6 with HI (0x20) and P (octet 6 bit 4, 0x08);
    // PAA IPv4v6 (type 3): prefix length 64, IPv6, IPv4; AMBR; selection mode 0; PDN type 3.
    let msisdn = [0x94, 0x51, 0x21, 0x43, 0x65, 0x87, 0xf9];
    let mei = [0x53, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0x02];
    let v6 = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    let paa = cat(&[&[0x03, 64], &v6.octets(), &[192, 0, 2, 1]]);
    let b = msg(
        32,
        Some(0),
        1,
        &[
            imsi_ie(),
            tliv(76, 0, &msisdn),
            tliv(75, 0, &mei),
            tliv(82, 0, &[6]),
            tliv(83, 0, &[0x00, 0xf1, 0x10]),
            tliv(77, 0, &[0x20, 0x08]),
            tliv(79, 0, &paa),
            tliv(72, 0, &[0, 0, 0x03, 0xe8, 0, 0, 0x07, 0xd0]),
            tliv(128, 0, &[0x00]),
            tliv(99, 0, &[0x03]),
            apn_ie(),
            tliv(136, 0, b"\x03mme\x04epc1"),
        ],
    );
    let m = round_trip(&b);
    let v = |t| &m.ie(t, 0).unwrap().value;
    assert_eq!(
        *v(IeType::Msisdn),
        IeValue::Msisdn(gtpv2::Tbcd("4915123456789".into()))
    );
    assert_eq!(
        *v(IeType::Mei),
        IeValue::Mei(gtpv2::Tbcd("3501234567890120".into()))
    );
    assert_eq!(*v(IeType::RatType), IeValue::RatType(6));
    match v(IeType::ServingNetwork) {
        IeValue::ServingNetwork(p) => {
            assert_eq!((p.mcc().as_str(), p.mnc().as_str()), ("001", "01"))
        }
        o => panic!("{o:?}"),
    }
    match v(IeType::Indication) {
        IeValue::Indication(i) => {
            assert_eq!(i.set_flags().collect::<Vec<_>>(), ["hi", "p"]);
            assert!(i.flag("hi") && !i.flag("dfi"));
        }
        o => panic!("{o:?}"),
    }
    match v(IeType::Paa) {
        IeValue::Paa(p) => {
            assert_eq!(p.pdn_type(), 3);
            assert_eq!(p.ipv6, Some((64, v6)));
            assert_eq!(p.ipv4, Some(Ipv4Addr::new(192, 0, 2, 1)));
        }
        o => panic!("{o:?}"),
    }
    match v(IeType::Ambr) {
        IeValue::Ambr(a) => assert_eq!((a.uplink, a.downlink), (1000, 2000)),
        o => panic!("{o:?}"),
    }
    match v(IeType::Apn) {
        IeValue::Apn(n) => assert_eq!(n.dotted().as_deref(), Some("internet.epc")),
        o => panic!("{o:?}"),
    }
    match v(IeType::Fqdn) {
        IeValue::Fqdn(n) => assert_eq!(n.dotted().as_deref(), Some("mme.epc1")),
        o => panic!("{o:?}"),
    }
}

/// PDN Connection (APN, EBI, PGW F-TEID, Bearer Context) of the Forward Relocation Requests.
fn pdn_connection_ie() -> Vec<u8> {
    tliv(
        109,
        0,
        &[
            apn_ie(),
            ebi_ie(5),
            fteid_ie(1, 7, 0x77, [10, 1, 1, 1]),
            bearer_ctx_ie(&[ebi_ie(5), bearer_qos_ie()]),
        ]
        .concat(),
    )
}

/// Target Identification value: a macro eNB (type 1), PLMN 001-01.
const TARGET_MACRO_ENB: [u8; 9] = [1, 0x00, 0xf1, 0x10, 0x01, 0x23, 0x45, 0x00, 0x07];

#[test]
fn forward_relocation_request_full() {
    // S10 Forward Relocation Request: IMSI, sender F-TEID (S10 MME, type 12), PDN Connection
    // (APN, EBI, PGW F-TEID, Bearer Context), MM Context 107, Indication, F-Container (E-UTRAN
    // transparent, type 3), Target Identification (macro eNB), F-Cause (S1AP radio network 0,
    // value 16), Selected PLMN ID, unknown IE 200 instance 2.
    let pdn = pdn_connection_ie();
    let target = TARGET_MACRO_ENB;
    let b = msg(
        133,
        Some(0),
        0x20,
        &[
            imsi_ie(),
            fteid_ie(0, 12, 0xabcd, [10, 0, 0, 9]),
            pdn,
            mm_107(),
            tliv(77, 0, &[0x00, 0x00]),
            tliv(118, 0, &[0x03, 0xde, 0xad]),
            tliv(121, 0, &target),
            tliv(119, 0, &[0x00, 0x10]),
            tliv(120, 0, &[0x00, 0xf1, 0x10]),
            tliv(200, 2, &[1, 2, 3]),
        ],
    );
    let m = round_trip(&b);
    assert_eq!(m.message_name(), "ForwardRelocationRequest");
    let pdn: Vec<_> = m.pdn_connections().collect();
    assert_eq!(pdn.len(), 1);
    assert_eq!(pdn[0].len(), 4);
    assert!(
        matches!(&pdn[0][2].value, IeValue::FTeid(f) if f.teid == 0x77 && f.interface_type == 7)
    );
    assert_eq!(pdn[0][2].instance, 1);
    assert!(m.mm_context().unwrap().kasme.is_some());
    let fc = m.f_container(0).unwrap();
    assert_eq!(
        (fc.container_type(), fc.container.as_bytes()),
        (3, &[0xde, 0xad][..])
    );
    match m.target_identification().unwrap() {
        TargetId::MacroEnb { id, tac } => {
            assert_eq!(id.enb_id(), 0x12345);
            assert_eq!(*tac, 7);
        }
        o => panic!("{o:?}"),
    }
    match &m.ie(IeType::FCause, 0).unwrap().value {
        IeValue::FCause(c) => assert_eq!((c.cause_type(), c.cause.as_bytes()), (0, &[0x10][..])),
        o => panic!("{o:?}"),
    }
    let raw = &m.ies[9];
    assert_eq!(raw.ie_type(), IeType::Unknown(200));
    assert_eq!(raw.instance, 2);
    assert_eq!(
        raw.value,
        IeValue::Raw {
            ie_type: 200,
            value: keyhop_codec::Octets::borrowed(&[1, 2, 3])
        }
    );
}

// ---------------------------------------------------------------------------------------------
// MM Context, six forms (TS 29.274 Figures 8.38-1 to 8.38-6)

/// 107 EPS Security Context and Quadruplets, every optional part present.
fn mm_107_value() -> Vec<u8> {
    cat(&[
        // octet 5: SM 4 (100), NHI 1, DRXI 1, KSI_ASME 3 (011)
        &[0b100_1_1_011],
        // octet 6: quintuplets 1, quadruplets 1, UAMB RI 1, OSCI 1
        &[0b001_001_1_1],
        // octet 7: SAMB RI 1, NAS integrity 2 (010), NAS cipher 1 (0001)
        &[0b1_010_0001],
        &[0x00, 0x01, 0x02], // NAS downlink count (3 octets)
        &[0x0a, 0x0b, 0x0c], // NAS uplink count
        &rep(0x11, 32),      // KASME
        // quadruplet: RAND, XRES len 8, XRES, AUTN len 16, AUTN, KASME
        &rep(0x21, 16),
        &[8],
        &rep(0x22, 8),
        &[16],
        &rep(0x23, 16),
        &rep(0x24, 32),
        // quintuplet: RAND, XRES len 4, XRES, CK, IK, AUTN len 16, AUTN
        &rep(0x31, 16),
        &[4],
        &rep(0x32, 4),
        &rep(0x33, 16),
        &rep(0x34, 16),
        &[16],
        &rep(0x35, 16),
        &[0x0a, 0x0b],                                        // DRX parameter
        &rep(0x41, 32),                                       // NH
        &[0x05],                                              // spare, NCC 5
        &[0, 1, 0, 0, 0, 2, 0, 0], // subscribed UE-AMBR UL 65536, DL 131072
        &[0, 0, 3, 0xe8, 0, 0, 7, 0xd0], // used UE-AMBR 1000, 2000
        &[2, 0xe0, 0xe0],          // UE network capability
        &[0],                      // MS network capability (none)
        &[8, 0x53, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0xf2], // MEI
        &[0x21],                   // access restriction: HNNA, UNA
        // old EPS security context: NHI_old 1, spare, old KSI 2, old NCC 4
        &[0b1_0_010_100],
        &rep(0x51, 32),
        &rep(0x52, 32),
        &[1, 0x02],                // voice domain preference
        &[0, 3, 0xaa, 0xbb, 0xcc], // UE radio capability for paging (2-octet length)
        &[1, 0x01],                // extended access restriction data
    ])
}

fn mm_107() -> Vec<u8> {
    tliv(107, 0, &mm_107_value())
}

fn decode_mm(t: u8, v: &[u8]) -> gtpv2::MmContext<'static> {
    let b = msg(133, Some(0), 1, &[tliv(t, 0, v)]);
    let m = round_trip(&b);
    mm_into_static(m.mm_context().expect("mm context"))
}

fn mm_into_static(m: &gtpv2::MmContext<'_>) -> gtpv2::MmContext<'static> {
    // Re-decode from an owned, leaked copy: tests only.
    let mut w = keyhop_codec::wire::Writer::new();
    m.encode(&mut w).unwrap();
    let v: &'static [u8] = Box::leak(w.into_vec().into_boxed_slice());
    let mut r = keyhop_codec::wire::Reader::new(v, keyhop_codec::Protocol::Gtpv2);
    gtpv2::MmContext::decode(m.form, &mut r).unwrap()
}

#[test]
fn mm_context_107_eps_every_field() {
    let m = decode_mm(107, &mm_107_value());
    assert_eq!(m.form, MmContextForm::EpsSecurityContextQuadruplets);
    assert_eq!(m.security_mode, 4);
    assert_eq!(m.ksi, 3);
    assert_eq!(m.nas_integrity_algorithm, 2);
    assert_eq!(m.nas_ciphering_algorithm, 1);
    assert_eq!(m.nas_downlink_count, Some(0x000102));
    assert_eq!(m.nas_uplink_count, Some(0x0a0b0c));
    assert_eq!(m.kasme.as_ref().unwrap().expose(), &rep(0x11, 32)[..]);
    assert_eq!(m.quadruplets.len(), 1);
    let q = &m.quadruplets[0];
    assert_eq!(q.rand.as_bytes(), &rep(0x21, 16)[..]);
    assert_eq!(q.xres.expose(), &rep(0x22, 8)[..]);
    assert_eq!(q.autn.expose(), &rep(0x23, 16)[..]);
    assert_eq!(q.kasme.expose(), &rep(0x24, 32)[..]);
    assert_eq!(m.quintuplets.len(), 1);
    let q = &m.quintuplets[0];
    assert_eq!(q.rand.as_bytes(), &rep(0x31, 16)[..]);
    assert_eq!(q.xres.expose(), &rep(0x32, 4)[..]);
    assert_eq!(q.ck.expose(), &rep(0x33, 16)[..]);
    assert_eq!(q.ik.expose(), &rep(0x34, 16)[..]);
    assert_eq!(q.autn.expose(), &rep(0x35, 16)[..]);
    assert_eq!(m.drx_parameter, Some([0x0a, 0x0b]));
    assert_eq!(m.nh.as_ref().unwrap().expose(), &rep(0x41, 32)[..]);
    assert_eq!(m.ncc, 5);
    let s = m.subscribed_ue_ambr.unwrap();
    assert_eq!((s.uplink, s.downlink), (65536, 131072));
    let u = m.used_ue_ambr.unwrap();
    assert_eq!((u.uplink, u.downlink), (1000, 2000));
    assert_eq!(m.ue_network_capability.as_bytes(), &[0xe0, 0xe0]);
    assert!(m.ms_network_capability.as_bytes().is_empty());
    assert_eq!(m.mei_digits().as_str(), "350123456789012");
    assert_eq!(m.access_restriction_data, Some(0x21));
    let o = m.old_eps_security_context.as_ref().unwrap();
    assert_eq!((o.ksi, o.ncc, o.spare), (2, 4, false));
    assert_eq!(o.kasme.expose(), &rep(0x51, 32)[..]);
    assert_eq!(o.nh.as_ref().unwrap().expose(), &rep(0x52, 32)[..]);
    assert_eq!(
        m.voice_domain_preference.as_ref().unwrap().as_bytes(),
        &[0x02]
    );
    assert_eq!(
        m.ue_radio_capability_for_paging
            .as_ref()
            .unwrap()
            .as_bytes(),
        &[0xaa, 0xbb, 0xcc]
    );
    assert_eq!(
        m.extended_access_restriction_data
            .as_ref()
            .unwrap()
            .as_bytes(),
        &[0x01]
    );
    assert!(m.ue_additional_security_capability.is_none());
    assert!(m.extension.as_bytes().is_empty());
}

#[test]
fn mm_context_103_gsm_triplets() {
    let v = cat(&[
        &[0b000_0_0_101], // SM 0, spare, DRXI 0, CKSN 5
        &[0b010_000_0_1], // 2 triplets, spare, UAMB 0, SAMB 1
        &[0b00000_011],   // spare, used cipher 3
        &rep(0x61, 8),    // Kc
        &rep(0x71, 16),
        &rep(0x72, 4),
        &rep(0x73, 8),
        &rep(0x81, 16),
        &rep(0x82, 4),
        &rep(0x83, 8),
        &[0, 0, 0, 100, 0, 0, 0, 200], // subscribed UE-AMBR
        &[0],                          // UE network capability
        &[3, 0x15, 0x10, 0x20],        // MS network capability
        &[0],                          // MEI
        &[0x00],                       // access restriction
        &[1, 0x01],                    // voice domain preference
    ]);
    let m = decode_mm(103, &v);
    assert_eq!(m.form, MmContextForm::GsmKeyTriplets);
    assert_eq!((m.security_mode, m.ksi), (0, 5));
    assert_eq!(m.used_cipher(), Some(3));
    assert_eq!(m.kc.as_ref().unwrap().expose(), &rep(0x61, 8)[..]);
    assert_eq!(m.triplets.len(), 2);
    assert_eq!(m.triplets[1].rand.as_bytes(), &rep(0x81, 16)[..]);
    assert_eq!(m.triplets[1].sres.expose(), &rep(0x82, 4)[..]);
    assert_eq!(m.triplets[1].kc.expose(), &rep(0x83, 8)[..]);
    assert_eq!(m.triplets[0].kc.expose(), &rep(0x73, 8)[..]);
    assert_eq!(m.drx_parameter, None);
    let s = m.subscribed_ue_ambr.unwrap();
    assert_eq!((s.uplink, s.downlink), (100, 200));
    assert_eq!(m.used_ue_ambr, None);
    assert_eq!(m.ms_network_capability.as_bytes(), &[0x15, 0x10, 0x20]);
    assert_eq!(m.access_restriction_data, Some(0));
    assert_eq!(m.voice_domain_preference.as_ref().unwrap().as_bytes(), &[1]);
}

#[test]
fn mm_context_104_umts_used_cipher_quintuplets() {
    let v = cat(&[
        &[0b001_0_1_010], // SM 1, spare, DRXI 1, KSI 2
        &[0b001_101_1_0], // 1 quintuplet, IOVI 1 GUPII 0 UGIPAI 1, UAMB 1, SAMB 0
        &[0b00_010_001],  // spare, used GPRS integrity 2, used cipher 1
        &rep(0x91, 16),   // CK
        &rep(0x92, 16),   // IK
        &rep(0xa1, 16),
        &[16],
        &rep(0xa2, 16),
        &rep(0xa3, 16),
        &rep(0xa4, 16),
        &[16],
        &rep(0xa5, 16),
        &[0x12, 0x34],                   // DRX
        &[0, 0, 3, 0xe8, 0, 0, 7, 0xd0], // used UE-AMBR
        &[0],
        &[0],
        &[0],
        &[0x3f],    // access restriction: six flags
        &[0],       // voice domain preference, empty
        &[1, 0x01], // higher bitrates than 16 Mbps flag
        &[0x07],    // IOV_updates counter
    ]);
    let m = decode_mm(104, &v);
    assert_eq!((m.security_mode, m.ksi), (1, 2));
    assert_eq!(m.octet6_flags, 0b101);
    assert_eq!(m.used_cipher(), Some(1));
    assert_eq!(m.used_gprs_integrity_algorithm(), Some(2));
    assert_eq!(m.ck.as_ref().unwrap().expose(), &rep(0x91, 16)[..]);
    assert_eq!(m.ik.as_ref().unwrap().expose(), &rep(0x92, 16)[..]);
    assert_eq!(m.quintuplets.len(), 1);
    assert_eq!(m.quintuplets[0].xres.expose(), &rep(0xa2, 16)[..]);
    assert_eq!(m.quintuplets[0].autn.expose(), &rep(0xa5, 16)[..]);
    assert_eq!(m.drx_parameter, Some([0x12, 0x34]));
    assert_eq!(m.subscribed_ue_ambr, None);
    assert_eq!(m.used_ue_ambr.unwrap().downlink, 2000);
    assert_eq!(m.access_restriction_data, Some(0x3f));
    assert_eq!(
        m.voice_domain_preference.as_ref().unwrap().as_bytes(),
        &[] as &[u8]
    );
    assert_eq!(m.higher_bitrates_flag.as_ref().unwrap().as_bytes(), &[1]);
    assert_eq!(m.iov_updates_counter, Some(7));
}

#[test]
fn mm_context_105_gsm_used_cipher_quintuplets_spare_bit_kept() {
    let v = cat(&[
        &[0b010_1_0_111], // SM 2, spare bit set, DRXI 0, CKSN 7
        &[0x00],
        &[0b00000_010], // used cipher 2
        &rep(0xb1, 8),  // Kc
        &[0],
        &[0],
        &[0],
    ]);
    let m = decode_mm(105, &v);
    assert_eq!((m.security_mode, m.ksi), (2, 7));
    assert!(m.octet5_spare);
    assert_eq!(m.used_cipher(), Some(2));
    assert_eq!(m.kc.as_ref().unwrap().expose(), &rep(0xb1, 8)[..]);
    assert!(m.quintuplets.is_empty());
    assert_eq!(m.access_restriction_data, None);
}

#[test]
fn mm_context_106_umts_quintuplets() {
    let v = cat(&[
        &[0b011_0_0_001], // SM 3, KSI 1
        &[0b010_000_0_0], // 2 quintuplets
        &[0x00],
        &rep(0xc1, 16),
        &rep(0xc2, 16),
        &rep(0xc3, 16),
        &[4],
        &rep(0xc4, 4),
        &rep(0xc5, 16),
        &rep(0xc6, 16),
        &[16],
        &rep(0xc7, 16),
        &rep(0xd3, 16),
        &[16],
        &rep(0xd4, 16),
        &rep(0xd5, 16),
        &rep(0xd6, 16),
        &[16],
        &rep(0xd7, 16),
        &[0],
        &[0],
        &[0],
        &[0x00],    // access restriction
        &[0],       // VDP
        &[0],       // higher bitrates
        &[0x03],    // IOV_updates counter
        &[1, 0x02], // extended access restriction data (USSRNA)
    ]);
    let m = decode_mm(106, &v);
    assert_eq!((m.security_mode, m.ksi), (3, 1));
    assert_eq!(m.ck.as_ref().unwrap().expose(), &rep(0xc1, 16)[..]);
    assert_eq!(m.quintuplets.len(), 2);
    assert_eq!(m.quintuplets[0].xres.expose(), &rep(0xc4, 4)[..]);
    assert_eq!(m.quintuplets[1].ik.expose(), &rep(0xd6, 16)[..]);
    assert_eq!(m.iov_updates_counter, Some(3));
    assert_eq!(
        m.extended_access_restriction_data
            .as_ref()
            .unwrap()
            .as_bytes(),
        &[2]
    );
}

#[test]
fn mm_context_108_umts_quad_quint_unknown_tail_kept() {
    let v = cat(&[
        &[0b101_0_1_110], // SM 5, DRXI 1, KSI 6
        &[0b001_001_0_1], // 1 quintuplet, 1 quadruplet, UAMB 0, SAMB 1
        &[0x00],
        &rep(0xd1, 16),
        &rep(0xd2, 16),
        &rep(0xd3, 16),
        &[4],
        &rep(0xd4, 4),
        &[16],
        &rep(0xd5, 16),
        &rep(0xd6, 32),
        &rep(0xe1, 16),
        &[4],
        &rep(0xe2, 4),
        &rep(0xe3, 16),
        &rep(0xe4, 16),
        &[16],
        &rep(0xe5, 16),
        &[0x00, 0x01],
        &[0, 0, 0, 1, 0, 0, 0, 2],
        &[0],
        &[0],
        &[0],
        &[0x40], // NBNA
        &[1, 0x03],
        // APN rate control statuses claims 16 octets but only 3 follow: kept raw.
        &[0x00, 0x10, 0xaa, 0xbb, 0xcc],
    ]);
    let m = decode_mm(108, &v);
    assert_eq!((m.security_mode, m.ksi), (5, 6));
    assert_eq!(m.quadruplets.len(), 1);
    assert_eq!(m.quadruplets[0].kasme.expose(), &rep(0xd6, 32)[..]);
    assert_eq!(m.quintuplets[0].ck.expose(), &rep(0xe3, 16)[..]);
    assert_eq!(m.drx_parameter, Some([0, 1]));
    assert_eq!(m.subscribed_ue_ambr.unwrap().downlink, 2);
    assert_eq!(m.access_restriction_data, Some(0x40));
    assert_eq!(m.apn_rate_control_statuses, None);
    assert_eq!(m.extension.as_bytes(), &[0x00, 0x10, 0xaa, 0xbb, 0xcc]);
}

#[test]
fn mm_context_osci_without_old_context_is_an_error() {
    // 107 with OSCI set but nothing after the MEI length.
    let mut v = cat(&[
        &[0b100_0_0_000, 0b000_000_0_1, 0],
        &[0; 6],
        &rep(0x11, 32),
        &[0, 0, 0],
    ]);
    let b = msg(133, Some(0), 1, &[tliv(107, 0, &v)]);
    let e = parse(&b).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert!(
        e.path().contains("mm_context.old_eps_security_context"),
        "{}",
        e.path()
    );
    // Without OSCI the same octets decode.
    v[1] = 0;
    round_trip(&msg(133, Some(0), 1, &[tliv(107, 0, &v)]));
}

// ---------------------------------------------------------------------------------------------
// Target Identification (8.51) and ULI (8.21)

#[test]
fn target_identification_every_type() {
    let plmn = [0x00, 0xf1, 0x10];
    let cases: Vec<Vec<u8>> = vec![
        cat(&[&[0], &plmn, &[0x12, 0x34, 0x56, 0x0f, 0xff]]),
        cat(&[&[0], &plmn, &[0x12, 0x34, 0x56, 0x0f, 0xff, 0x10, 0x00]]),
        cat(&[&[1], &plmn, &[0x0f, 0xff, 0xff, 0x00, 0x01]]),
        cat(&[&[2], &plmn, &[0x12, 0x34, 0x56, 0xab, 0xcd]]),
        cat(&[&[3], &plmn, &[0x0a, 0xbc, 0xde, 0xf1, 0x00, 0x02]]),
        cat(&[&[4], &plmn, &[0x9f, 0xff, 0xff, 0x00, 0x03]]),
        cat(&[&[4], &plmn, &[0x1f, 0xff, 0xff, 0x00, 0x03]]),
        cat(&[&[5], &plmn, &[22, 0x00, 0x3f, 0xff, 0xff, 0x01, 0x02, 0x03]]),
        cat(&[&[6], &plmn, &[0x0a, 0xbc, 0xde, 0x00, 0x00, 0x05]]),
        cat(&[&[7], &plmn, &[0x80, 0x00, 0x01, 0x00, 0x00, 0x06]]),
        cat(&[
            &[8],
            &plmn,
            &[
                0xc0 | 32,
                0x11,
                0x22,
                0x33,
                0x44,
                0x00,
                0x07,
                0x00,
                0x00,
                0x08,
            ],
        ]),
        cat(&[&[8], &plmn, &[24, 0x00, 0x11, 0x22, 0x33]]),
        vec![42, 1, 2, 3],
    ];
    for v in &cases {
        let b = msg(133, Some(0), 1, &[tliv(121, 0, v)]);
        let m = round_trip(&b);
        let t = m.target_identification().unwrap();
        assert_eq!(t.target_type(), v[0]);
        match t {
            TargetId::RncId {
                lac,
                rac,
                rnc_id,
                extended_rnc_id,
                ..
            } => {
                assert_eq!((*lac, *rac, *rnc_id), (0x1234, 0x56, 0x0fff));
                assert_eq!(*extended_rnc_id, (v.len() == 11).then_some(0x1000));
            }
            TargetId::MacroEnb { id, tac } => assert_eq!((id.enb_id(), *tac), (0xfffff, 1)),
            TargetId::CellIdentifier {
                lac, rac, cell_id, ..
            } => {
                assert_eq!((*lac, *rac, *cell_id), (0x1234, 0x56, 0xabcd))
            }
            TargetId::HomeEnb { field, tac, .. } => {
                assert_eq!((field & 0x0fff_ffff, *tac), (0x0abc_def1, 2))
            }
            TargetId::ExtendedMacroEnb { id, tac } => {
                assert_eq!(*tac, 3);
                if v[4] & 0x80 != 0 {
                    assert!(id.smenb());
                    assert_eq!(id.enb_id(), 0x3ffff); // short: 18 bits
                } else {
                    assert!(!id.smenb());
                    assert_eq!(id.enb_id(), 0x1fffff); // long: 21 bits
                }
            }
            TargetId::GnodeB {
                length_octet,
                gnb_id,
                five_gs_tac,
                ..
            } => {
                assert_eq!(
                    (*length_octet, *gnb_id, *five_gs_tac),
                    (22, 0x003f_ffff, 0x010203)
                )
            }
            TargetId::MacroNgEnb { id, five_gs_tac } => {
                assert_eq!((id.enb_id(), *five_gs_tac), (0xabcde, 5))
            }
            TargetId::ExtendedNgEnb { id, five_gs_tac } => {
                assert!(id.smenb());
                assert_eq!((id.enb_id(), *five_gs_tac), (1, 6))
            }
            TargetId::EnGnb {
                gnb_id_length,
                gnb_id,
                tac,
                five_gs_tac,
                ..
            } => {
                if v.len() == 14 {
                    assert_eq!((*gnb_id_length, *gnb_id), (32, 0x11223344));
                    assert_eq!((*tac, *five_gs_tac), (Some(7), Some(8)));
                } else {
                    assert_eq!((*gnb_id_length, *tac, *five_gs_tac), (24, None, None));
                }
            }
            TargetId::Unknown { target_type, value } => {
                assert_eq!((*target_type, value.as_bytes()), (42, &[1, 2, 3][..]))
            }
        }
    }
}

#[test]
fn uli_every_location_type() {
    let p = [0x21, 0xf3, 0x54]; // MCC 123, MNC 45
    let v = cat(&[
        &[0xff],
        &p,
        &[0x00, 0x01, 0x00, 0x02], // CGI: LAC 1, CI 2
        &p,
        &[0x00, 0x03, 0x00, 0x04], // SAI: LAC 3, SAC 4
        &p,
        &[0x00, 0x05, 0x06, 0xff], // RAI: LAC 5, RAC 6
        &p,
        &[0x00, 0x07], // TAI: TAC 7
        &p,
        &[0x01, 0x23, 0x45, 0x67], // ECGI: ECI 0x1234567
        &p,
        &[0x00, 0x08], // LAI: LAC 8
        &p,
        &[0x01, 0x23, 0x45], // macro eNB 0x12345
        &p,
        &[0x1a, 0xbc, 0xde], // extended macro eNB long 0x1abcde
    ]);
    let b = msg(34, Some(1), 1, &[tliv(86, 0, &v)]);
    let m = round_trip(&b);
    let u = match &m.ie(IeType::Uli, 0).unwrap().value {
        IeValue::Uli(u) => *u,
        o => panic!("{o:?}"),
    };
    assert_eq!(u.cgi.unwrap().plmn.mcc(), "123");
    assert_eq!(u.cgi.unwrap().plmn.mnc(), "45");
    assert_eq!((u.cgi.unwrap().lac, u.cgi.unwrap().ci), (1, 2));
    assert_eq!((u.sai.unwrap().lac, u.sai.unwrap().sac), (3, 4));
    assert_eq!((u.rai.unwrap().lac, u.rai.unwrap().rac()), (5, 6));
    assert_eq!(u.tai.unwrap().tac, 7);
    assert_eq!(u.ecgi.unwrap().eci(), 0x1234567);
    assert_eq!(u.lai.unwrap().lac, 8);
    assert_eq!(u.macro_enb_id.unwrap().enb_id(), 0x12345);
    let x = u.extended_macro_enb_id.unwrap();
    assert_eq!((x.smenb(), x.enb_id()), (false, 0x1abcde));
}

#[test]
fn cause_flags_and_offending_ie() {
    // cause 64 (context not found), CS set, offending IE: type 87, length 0, instance 1.
    let b = msg(35, Some(1), 1, &[tliv(2, 0, &[64, 0x01, 87, 0, 0, 0x01])]);
    let m = round_trip(&b);
    let c = m.cause().unwrap();
    assert_eq!(c.value, 64);
    assert!(c.cs() && !c.bce() && !c.pce());
    let o = c.offending_ie.unwrap();
    assert_eq!((o.ie_type, o.length, o.instance()), (87, 0, 1));
}

#[test]
fn extra_octets_after_a_typed_value_are_kept() {
    // Recovery with 2 octets: the second is not known, kept in `extra`.
    let b = msg(1, None, 1, &[tliv(3, 0, &[7, 0xee])]);
    let m = round_trip(&b);
    assert_eq!(m.ies[0].value, IeValue::Recovery(7));
    assert_eq!(m.ies[0].extra.as_bytes(), &[0xee]);
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn ie_longer_than_its_parent() {
    // Bearer Context of 5 octets whose child claims 10.
    let child = [73, 0, 10, 0, 5];
    let b = msg(34, Some(1), 1, &[tliv(93, 0, &child)]);
    let e = parse(&b).unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadLength);
    assert_eq!(e.path(), "ies[0].bearer_context[0].ebi");
    // header 12 octets + parent IE header 4 + child type 1: the length field is at 17.
    assert_eq!(e.byte_offset(), 17);
}

#[test]
fn zero_lengths() {
    // A typed fixed-size IE with length 0 is an error at its value offset.
    let b = msg(1, None, 1, &[tliv(3, 0, &[])]);
    let e = parse(&b).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(e.path(), "ies[0].recovery");
    assert_eq!(e.byte_offset(), 12);
    // Empty grouped IE, empty unknown IE and empty IMSI are well-formed.
    let b = msg(
        34,
        Some(1),
        1,
        &[tliv(93, 0, &[]), tliv(250, 0, &[]), tliv(1, 0, &[])],
    );
    let m = round_trip(&b);
    assert_eq!(m.bearer_contexts().next().unwrap().len(), 0);
    assert_eq!(m.imsi(), Some(""));
    // A message with length 0 cannot hold its sequence number.
    let e = parse(&[0x40, 1, 0, 0, 0, 0, 0, 0]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadLength);
    assert_eq!(e.path(), "header.length");
}

#[test]
fn grouped_nesting_bomb() {
    let nest = |n: usize| {
        let mut v = ebi_ie(5);
        for _ in 0..n {
            v = tliv(93, 0, &v);
        }
        msg(34, Some(1), 1, &[v])
    };
    round_trip(&nest(gtpv2::MAX_GROUP_DEPTH));
    let e = parse(&nest(gtpv2::MAX_GROUP_DEPTH + 1)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit);
    assert!(
        e.path()
            .starts_with("ies[0].bearer_context[0].bearer_context"),
        "{}",
        e.path()
    );
    // 1000 levels: still an error, not a stack overflow.
    assert_eq!(parse(&nest(1000)).unwrap_err().kind, ErrorKind::Limit);
}

#[test]
fn truncated_header_and_length_mismatch() {
    let e = parse(&[0x48, 32, 0, 8, 0]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(e.path(), "header");
    // length says 20, 8 octets follow
    let e = parse(&[0x48, 32, 0, 20, 0, 0, 0, 0, 0, 0, 1, 0]).unwrap_err();
    assert_eq!((e.kind, e.byte_offset()), (ErrorKind::BadLength, 2));
    // length says 8, 16 octets follow (no P flag): the message is decoded, the 4 octets after
    // it are noted where they start (tshark decodes such a datagram too).
    let m = parse(&[0x48, 32, 0, 8, 0, 0, 0, 0, 0, 0, 1, 0, 3, 0, 0, 0]).unwrap();
    assert_eq!(m.sequence, 1);
    assert_eq!(m.notes.len(), 1);
    assert_eq!(m.notes[0].what, "4 octets after the end of the message");
    assert_eq!(m.notes[0].bit_offset, 12 * 8);
    // GTPv1 is not GTPv2
    let e = parse(&[0x32, 1, 0, 4, 0, 0, 0, 0]).unwrap_err();
    assert_eq!(
        (e.kind, e.path().as_str()),
        (ErrorKind::Invalid, "header.version")
    );
    // P flag with nothing after
    let e = parse(&[0x50, 1, 0, 4, 0, 0, 1, 0]).unwrap_err();
    assert_eq!(e.path(), "piggybacked");
}

#[test]
fn every_truncation_of_a_full_message_is_an_error() {
    let b = msg(
        133,
        Some(0),
        0x20,
        &[
            imsi_ie(),
            mm_107(),
            tliv(121, 0, &[1, 0, 0xf1, 0x10, 0, 0, 1, 0, 1]),
        ],
    );
    round_trip(&b);
    for n in 0..b.len() {
        assert!(parse(&b[..n]).is_err(), "prefix {n}");
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

#[test]
fn json_names_instances_and_redaction() {
    let b = msg(
        133,
        Some(0),
        1,
        &[
            imsi_ie(),
            fteid_ie(0, 12, 1, [10, 0, 0, 1]),
            fteid_ie(1, 7, 2, [10, 0, 0, 2]),
            mm_107(),
            tliv(73, 1, &[6]),
            tliv(200, 2, &[0xab]),
        ],
    );
    let m = parse(&b).unwrap();
    let j = serde_json::to_value(&m).unwrap();
    assert_eq!(j["message"], "ForwardRelocationRequest");
    assert_eq!(j["message_type"], 133);
    assert_eq!(j["imsi"], "001010123456789");
    assert_eq!(j["f_teid"][0]["teid"], 1);
    assert_eq!(j["f_teid"][0]["interface_type"], 12);
    assert_eq!(j["f_teid"][0]["ipv4"], "10.0.0.1");
    assert!(j["f_teid"][0].get("instance").is_none());
    assert_eq!(j["f_teid"][1]["instance"], 1);
    assert_eq!(j["ebi"], serde_json::json!({"instance": 1, "value": 6}));
    assert_eq!(
        j["ie_200"],
        serde_json::json!({"instance": 2, "value": "ab"})
    );
    let mm = &j["mm_context"];
    assert_eq!(mm["form"], "eps_security_context_and_quadruplets");
    assert_eq!(mm["ksi"], 3);
    assert_eq!(mm["ncc"], 5);
    assert_eq!(mm["nas_downlink_count"], 0x000102);
    assert_eq!(mm["nas_uplink_count"], 0x0a0b0c);
    assert_eq!(mm["nas_integrity_algorithm"], 2);
    assert_eq!(mm["nas_ciphering_algorithm"], 1);
    let kasme = mm["kasme"].as_str().unwrap();
    assert!(kasme.starts_with("fp:"), "{kasme}");
    // RAND is not secret, but 16 raw octets print as length and fingerprint unless shown.
    assert_eq!(
        mm["quadruplets"][0]["rand"],
        format!(
            "<16 octets {}>",
            keyhop_codec::redact::fingerprint(&[0x21; 16])
        )
    );
    {
        let _raw = keyhop_codec::redact::show_raw(true);
        let j = serde_json::to_value(&m).unwrap();
        assert_eq!(j["mm_context"]["quadruplets"][0]["rand"], "21".repeat(16));
    }
    assert!(mm["quadruplets"][0]["xres"]
        .as_str()
        .unwrap()
        .starts_with("fp:"));
    {
        let _g = show_keys(true);
        let j = serde_json::to_value(&m).unwrap();
        assert_eq!(j["mm_context"]["kasme"], "11".repeat(32));
        assert_eq!(j["mm_context"]["nh"], "41".repeat(32));
        assert_eq!(
            j["mm_context"]["old_eps_security_context"]["nh"],
            "52".repeat(32)
        );
    }
    assert!(format!("{m:?}").contains("KeyMaterial(fp:"));
    assert!(!format!("{m:?}").contains(&"11".repeat(32)));
}

/// A UDP payload longer than its message: the message (and a piggybacked one) is decoded and
/// the octets after it are noted, never a whole-datagram error.
#[test]
fn octets_after_the_message_are_noted_not_fatal() {
    let mut a = Gtpv2Message::new(MessageType::from_u8(32), 0x123456);
    a.teid = Some(0x1000_0001);
    a.ies.push(gtpv2::Ie::new(IeValue::Recovery(9)));
    let plain = a.emit().unwrap();
    for extra in [1usize, 3, 100] {
        let mut b = plain.clone();
        b.extend(std::iter::repeat(0xa5).take(extra));
        let m = parse(&b).unwrap();
        assert_eq!(m.ies, a.ies);
        assert_eq!(m.notes.len(), 1, "{:?}", m.notes);
        assert_eq!(
            m.notes[0].what,
            format!("{extra} octets after the end of the message")
        );
        assert_eq!(m.notes[0].bit_offset, plain.len() as u64 * 8);
        assert_eq!(
            m.emit().unwrap(),
            plain,
            "re-encoded without the extra octets"
        );
    }
    // After a piggybacked message: both decoded, the rest noted where it starts.
    let mut p = a.clone();
    p.piggybacked = Some(Box::new(Gtpv2Message::new(
        MessageType::from_u8(34),
        0x123457,
    )));
    let both = p.emit().unwrap();
    let mut b = both.clone();
    b.extend_from_slice(&[0, 0]);
    let m = parse(&b).unwrap();
    assert_eq!(m.piggybacked.as_ref().unwrap().sequence, 0x123457);
    assert_eq!(m.notes.len(), 1);
    assert_eq!(m.notes[0].bit_offset, both.len() as u64 * 8);
    assert!(m.piggybacked.as_ref().unwrap().notes.is_empty());
    // A clean message has no note.
    assert!(parse(&plain).unwrap().notes.is_empty());
}

/// Seeds for the mutation test: a Forward Relocation Request with every kind of IE keyhop
/// types (nested bearer and PDN contexts, MM Context, F-Container...), and a piggybacked pair.
fn error_path_seeds() -> Vec<Vec<u8>> {
    let pdn = pdn_connection_ie();
    let target = TARGET_MACRO_ENB;
    let fwd = msg(
        133,
        Some(0),
        0x20,
        &[
            imsi_ie(),
            fteid_ie(0, 12, 0xabcd, [10, 0, 0, 9]),
            pdn,
            mm_107(),
            tliv(118, 0, &[0x03, 0xde, 0xad]),
            tliv(121, 0, &target),
            tliv(119, 0, &[0x00, 0x10]),
        ],
    );
    let mut p = Gtpv2Message::new(MessageType::from_u8(32), 5);
    p.piggybacked = Some(Box::new(Gtpv2Message::new(MessageType::from_u8(34), 6)));
    vec![fwd, p.emit().unwrap()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Every error names a field and an offset inside the input (issue 16.10: a datagram longer
    /// than its message was an error with an empty path).
    #[test]
    fn every_error_has_a_path_and_an_offset(
        seed in 0usize..2,
        muts in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 1..5),
    ) {
        let b = mutate(&error_path_seeds()[seed], &muts);
        if let Err(e) = parse(&b) {
            prop_assert!(!e.path().is_empty(), "{e}");
            prop_assert!(e.bit_offset <= b.len() as u64 * 8, "{e}");
        }
    }
}
