//! Unit tests of the rules: synthetic event sequences driven through the transition functions
//! (and through the engine where a rule needs correlation or keys), a clean and a violating
//! sequence per rule id, each asserting the exact findings (rule, frames).

use super::engine::{Engine, Limits};
use super::event::*;
use super::machine::{self, AsKeys, Ends, Ho, Known, Links, SetupCell};
use super::rules::{Finding, ProcKind};
use crate::keys::{EnbKind as FileKind, Kasme, KeysFile, MmeEnbKey, UeRef};
use keyhop_codec::security::kdf::{self, EarfcnEncoding};
use keyhop_codec::security::keys::{Key128, Key256, SecretKey};
use keyhop_codec::security::makr::{
    derive_kenb, wrap_kenb, EnbIdentity, EnbKind, KdfAlgorithm, WrapAlgorithm, WrapBinding,
};
use keyhop_codec::KeyMaterial;
use std::net::SocketAddr;

const PLMN: [u8; 3] = [0x00, 0xf1, 0x10];
const KEK_B: [u8; 16] = [0x11; 16];
const H_KEY: [u8; 16] = [0x22; 16];
const KASME: [u8; 32] = [0x33; 32];
const KENB0: [u8; 32] = [0x44; 32];
const MME_ID: u32 = 7;

fn a(s: &str) -> SocketAddr {
    s.parse().unwrap()
}
fn mme() -> SocketAddr {
    a("10.0.0.1:36412")
}
fn enb_a() -> SocketAddr {
    a("10.0.1.1:36412")
}
fn enb_b() -> SocketAddr {
    a("10.0.1.2:36412")
}
fn x2_a() -> SocketAddr {
    a("10.0.1.1:36422")
}
fn x2_b() -> SocketAddr {
    a("10.0.1.2:36422")
}
fn id_a() -> EnbIdentity {
    EnbIdentity::new(PLMN, EnbKind::Macro, 0x1A).unwrap()
}
fn id_b() -> EnbIdentity {
    EnbIdentity::new(PLMN, EnbKind::Macro, 0x1B).unwrap()
}
fn cell_of(e: &EnbIdentity) -> Ecgi {
    Ecgi {
        plmn: e.plmn,
        cell_id: e.enb_id << 8 | 1,
    }
}

fn ev(frame: u64, src: SocketAddr, dst: SocketAddr, kind: Kind) -> Event {
    Event {
        frame,
        time: crate::capture::Timestamp::new(0, frame * 1000),
        src,
        dst,
        kind,
    }
}

/// (rule id, frames) of findings, in order.
fn got(fs: &[Finding]) -> Vec<(String, Vec<u64>)> {
    fs.iter()
        .map(|f| {
            let id = match f.about {
                Some(r) => format!("{}({})", f.rule, r),
                None => f.rule.to_string(),
            };
            (id, f.frames.clone())
        })
        .collect()
}

fn want(v: &[(&str, &[u64])]) -> Vec<(String, Vec<u64>)> {
    v.iter().map(|(r, f)| (r.to_string(), f.to_vec())).collect()
}

/// No keys at all.
const NO_KEYS: &KeysFile = &KeysFile {
    mme_enb_keys: Vec::new(),
    h_keys: Vec::new(),
    kasme: Vec::new(),
    umts_keys: Vec::new(),
};

/// Keys for the tests: KASME of UE 7 (by MME-UE-S1AP-ID).
fn kasme_keys() -> KeysFile {
    KeysFile {
        kasme: vec![Kasme {
            ue: UeRef::s1(MME_ID, None),
            key: KeyMaterial::owned(KASME.to_vec()),
            nas_uplink_count: None,
            nas_downlink_count: None,
            eea: None,
            eia: None,
            line: 0,
        }],
        ..KeysFile::default()
    }
}

/// A keys-file MME-eNB key.
fn file_kek(e: &EnbIdentity, key_id: u8, key: Vec<u8>) -> MmeEnbKey {
    MmeEnbKey {
        plmn: e.plmn,
        kind: match e.kind {
            EnbKind::Macro => FileKind::Macro,
            EnbKind::Home => FileKind::Home,
            EnbKind::ShortMacro => FileKind::ShortMacro,
            EnbKind::LongMacro => FileKind::LongMacro,
        },
        enb_id: e.enb_id,
        key_id,
        key: KeyMaterial::owned(key),
        line: 0,
    }
}

fn run(keys: &KeysFile, events: &[Event]) -> Vec<(String, Vec<u64>)> {
    run_full(keys, events, Limits::default()).0
}

fn run_full(
    keys: &KeysFile,
    events: &[Event],
    limits: Limits,
) -> (Vec<(String, Vec<u64>)>, Engine) {
    let mut e = Engine::new(keys, limits);
    for x in events {
        e.handle(x);
    }
    e.finish();
    (got(&e.findings), e)
}

fn kenb_for(h_key: &[u8], target: &EnbIdentity) -> Key256 {
    derive_kenb(KdfAlgorithm::AesCmacCtr, h_key, &target.ident()).unwrap()
}

fn wrap_for(
    alg: WrapAlgorithm,
    kenb: &Key256,
    target: &EnbIdentity,
    mme: u32,
    refresh: u16,
) -> Wrapped {
    let w = wrap_kenb(
        alg,
        &KEK_B,
        kenb,
        &[0x5a; 16],
        &WrapBinding {
            target_ident: target.ident(),
            mme_ue_s1ap_id: mme,
            refresh_counter: refresh,
        },
    )
    .unwrap();
    Wrapped {
        target: Some(*target),
        key_id: 0,
        alg,
        wrapped: w,
    }
}

fn nh1() -> Key32 {
    Key32::new(*kdf::nh(&Key256::new(KASME), &Key256::new(KENB0)).expose())
}

/// A clean key-refresh X2 handover of UE 7 from eNB A to eNB B (frames 1-12).
fn makr_flow() -> Vec<Event> {
    let item = wrap_for(
        WrapAlgorithm::AesCtrCmac,
        &kenb_for(&H_KEY, &id_b()),
        &id_b(),
        MME_ID,
        1,
    );
    vec![
        ev(
            1,
            enb_a(),
            mme(),
            Kind::S1Setup {
                enb: Some(id_a()),
                name: None,
            },
        ),
        ev(
            2,
            enb_b(),
            mme(),
            Kind::S1Setup {
                enb: Some(id_b()),
                name: None,
            },
        ),
        ev(
            3,
            mme(),
            enb_b(),
            Kind::KeyDistribution {
                items: vec![KdItem {
                    enb: Some(id_b()),
                    key_id: 0,
                    key: SecretKey::from_slice(&KEK_B),
                }],
            },
        ),
        ics(4),
        ev(
            5,
            enb_a(),
            mme(),
            Kind::NeighbourKeyRequest {
                mme: MME_ID,
                enb: 1,
                serving: Some(id_a()),
                neighbours: vec![id_b()],
            },
        ),
        ev(
            6,
            mme(),
            enb_a(),
            Kind::NeighbourKeyResponse {
                mme: MME_ID,
                enb: 1,
                refresh: 1,
                kdf: KdfAlgorithm::AesCmacCtr,
                items: vec![item.clone()],
            },
        ),
        ev(
            7,
            mme(),
            enb_a(),
            Kind::DownlinkNas {
                mme: MME_ID,
                enb: 1,
                nas: Nas::PlainHkey {
                    // Sent ciphered as section 6 requires, its content known (the scenario is
                    // about the later steps); 0 would be MAKR-HKEY-PLAIN.
                    header_type: 2,
                    refresh: 1,
                    kdf: KdfAlgorithm::AesCmacCtr,
                    h_key: SecretKey::from_slice(&H_KEY),
                },
            },
        ),
        ev(
            8,
            x2_a(),
            x2_b(),
            Kind::X2HoRequest {
                old: 5,
                mme: MME_ID,
                target: cell_of(&id_b()),
                kenb_star: Key32::new([0; 32]),
                ncc: 0,
                caps: None,
                wrapped: Some(Box::new(WrappedKenb {
                    refresh: 1,
                    kdf: KdfAlgorithm::AesCmacCtr,
                    item,
                })),
                source_earfcn: None,
            },
        ),
        ev(
            9,
            x2_b(),
            x2_a(),
            Kind::X2HoRequestAck {
                old: 5,
                new: 9,
                target_cell: None,
            },
        ),
        ev(
            10,
            enb_b(),
            mme(),
            Kind::PathSwitch {
                cell: None,
                enb: 2,
                source_mme: MME_ID,
                caps: None,
            },
        ),
        ev(
            11,
            mme(),
            enb_b(),
            Kind::PathSwitchAck {
                mme: MME_ID,
                enb: 2,
                ncc: 1,
                nh: nh1(),
            },
        ),
        ev(
            12,
            x2_b(),
            x2_a(),
            Kind::X2UeContextRelease { old: 5, new: 9 },
        ),
    ]
}

fn at(v: &mut [Event], frame: u64) -> &mut Kind {
    &mut v.iter_mut().find(|e| e.frame == frame).unwrap().kind
}

fn x2_wrapped(v: &mut [Event]) -> &mut WrappedKenb {
    match at(v, 8) {
        Kind::X2HoRequest {
            wrapped: Some(w), ..
        } => w,
        _ => unreachable!(),
    }
}

fn response_item(v: &mut [Event]) -> &mut Wrapped {
    match at(v, 6) {
        Kind::NeighbourKeyResponse { items, .. } => &mut items[0],
        _ => unreachable!(),
    }
}

// ------------------------------------------------------------------------------ MAKR-*

#[test]
fn makr_clean_flow_has_no_finding_and_counts_forward_secrecy() {
    let keys = kasme_keys();
    let (f, e) = run_full(&keys, &makr_flow(), Limits::default());
    assert_eq!(f, want(&[]));
    let c = e.procs[&ProcKind::X2Makr];
    assert_eq!((c.started, c.complete, c.forward_secrecy), (1, 1, 1));
}

#[test]
fn makr_unwrap() {
    let mut v = makr_flow();
    response_item(&mut v).wrapped[20] ^= 1;
    x2_wrapped(&mut v).item.wrapped[20] ^= 1;
    assert_eq!(
        run(&kasme_keys(), &v),
        want(&[("MAKR-UNWRAP", &[6]), ("MAKR-UNWRAP", &[8])])
    );
}

/// A second UE (MME-UE-S1AP-ID 8) at eNB A: ICS, request, then `items` in its response.
fn second_ue(items: Vec<Wrapped>) -> Vec<Event> {
    vec![
        ev(
            13,
            mme(),
            enb_a(),
            Kind::InitialContextSetup {
                mme: 8,
                enb: 3,
                key: Key32::new(KENB0),
                caps: None,
            },
        ),
        ev(
            14,
            enb_a(),
            mme(),
            Kind::NeighbourKeyRequest {
                mme: 8,
                enb: 3,
                serving: Some(id_a()),
                neighbours: vec![id_b()],
            },
        ),
        ev(
            15,
            mme(),
            enb_a(),
            Kind::NeighbourKeyResponse {
                mme: 8,
                enb: 3,
                refresh: 1,
                kdf: KdfAlgorithm::AesCmacCtr,
                items,
            },
        ),
    ]
}

#[test]
fn makr_binding() {
    let mut v = makr_flow();
    let copied = response_item(&mut v).clone();
    v.extend(second_ue(vec![copied]));
    assert_eq!(run(&kasme_keys(), &v), want(&[("MAKR-BINDING", &[6, 15])]));
    // Clean: the second UE gets its own key.
    let mut v = makr_flow();
    let own = wrap_for(
        WrapAlgorithm::AesCtrCmac,
        &kenb_for(&[9; 16], &id_b()),
        &id_b(),
        8,
        1,
    );
    v.extend(second_ue(vec![own]));
    assert_eq!(run(&kasme_keys(), &v), want(&[]));
}

#[test]
fn makr_kdf() {
    let mut v = makr_flow();
    // The MME wraps a KeNB made from another H_key than the one it sent the UE.
    let item = wrap_for(
        WrapAlgorithm::AesCtrCmac,
        &kenb_for(&[0x99; 16], &id_b()),
        &id_b(),
        MME_ID,
        1,
    );
    *response_item(&mut v) = item.clone();
    x2_wrapped(&mut v).item = item;
    // At the response (frame 6) H_key is not delivered yet: checked at the X2 request only.
    assert_eq!(run(&kasme_keys(), &v), want(&[("MAKR-KDF", &[8])]));
}

#[test]
fn makr_match() {
    let mut v = makr_flow();
    x2_wrapped(&mut v).item.key_id = 1;
    assert_eq!(
        run(&kasme_keys(), &v),
        want(&[("MAKR-MATCH", &[6, 8]), ("NO-KEYS(MAKR-UNWRAP)", &[8])])
    );
}

#[test]
fn makr_target() {
    let mut v = makr_flow();
    let c = EnbIdentity::new(PLMN, EnbKind::Macro, 0x1C).unwrap();
    if let Kind::X2HoRequest { target, .. } = at(&mut v, 8) {
        *target = cell_of(&c);
    }
    assert_eq!(run(&kasme_keys(), &v), want(&[("MAKR-TARGET", &[6, 8])]));
}

#[test]
fn makr_fresh_reused_counter_after_completed_handover() {
    let mut v = makr_flow();
    let resp = v[5].kind.clone();
    v.push(ev(
        13,
        enb_b(),
        mme(),
        Kind::NeighbourKeyRequest {
            mme: MME_ID,
            enb: 2,
            serving: Some(id_b()),
            neighbours: vec![id_a()],
        },
    ));
    v.push(ev(14, mme(), enb_b(), resp));
    assert_eq!(run(&kasme_keys(), &v), want(&[("MAKR-FRESH", &[14])]));
}

#[test]
fn makr_fresh_same_counter_and_target_twice() {
    let st = &mut machine::MakrUe::default();
    let g = &mut machine::MakrGlobal::default();
    let k = Known {
        h_key: None,
        ..Known::default()
    };
    let v = makr_flow();
    let mut out = Vec::new();
    for e in &v[4..12] {
        out.extend(machine::makr(st, g, e, &k));
    }
    // The same request, response, X2 request and path switch again (a replayed refresh).
    for (i, e) in v[4..11].iter().enumerate() {
        if i == 2 {
            continue; // no second H_key delivery needed for the replay
        }
        let mut e = e.clone();
        e.frame += 20;
        out.extend(machine::makr(st, g, &e, &k));
    }
    let ids = got(&out);
    assert!(
        ids.contains(&("MAKR-FRESH".into(), vec![11, 31])),
        "{ids:?}"
    );
    assert!(ids.contains(&("MAKR-FRESH".into(), vec![26])), "{ids:?}");
}

#[test]
fn makr_plaintext() {
    let mut v = makr_flow();
    if let Kind::X2HoRequest { kenb_star, .. } = at(&mut v, 8) {
        *kenb_star = Key32::from_prefix(&[1]);
    }
    assert_eq!(run(&kasme_keys(), &v), want(&[("MAKR-PLAINTEXT", &[8])]));
}

/// An H_key delivery sent plain (0) or integrity protected only (1, 3) is MAKR-HKEY-PLAIN; the
/// H_key is still used (no other finding), and a ciphered one (2, 4) is no violation.
#[test]
fn makr_hkey_plain() {
    for (header_type, found) in [(0u8, true), (1, true), (3, true), (2, false), (4, false)] {
        let mut v = makr_flow();
        if let Kind::DownlinkNas {
            nas: Nas::PlainHkey { header_type: h, .. },
            ..
        } = at(&mut v, 7)
        {
            *h = header_type;
        }
        let got = run(&kasme_keys(), &v);
        let expected: &[(&str, &[u64])] = if found {
            &[("MAKR-HKEY-PLAIN", &[7])]
        } else {
            &[]
        };
        assert_eq!(got, want(expected), "header type {header_type}");
    }
}

#[test]
fn makr_keydist() {
    let mut v = makr_flow();
    if let Kind::KeyDistribution { items } = at(&mut v, 3) {
        items.push(KdItem {
            enb: Some(id_a()),
            key_id: 0,
            key: SecretKey::new(vec![0x77; 16]),
        });
    }
    assert_eq!(run(&kasme_keys(), &v), want(&[("MAKR-KEYDIST", &[3])]));
}

#[test]
fn makr_order_missing_hkey_delivery() {
    let mut v = makr_flow();
    v.retain(|e| e.frame != 7);
    assert_eq!(
        run(&kasme_keys(), &v),
        want(&[("NO-KEYS(MAKR-KDF)", &[8]), ("MAKR-ORDER", &[8, 9])])
    );
}

#[test]
fn makr_order_response_without_request() {
    let mut v = makr_flow();
    v.retain(|e| e.frame != 5);
    assert_eq!(run(&kasme_keys(), &v), want(&[("MAKR-ORDER", &[6])]));
}

#[test]
fn makr_order_ciphered_delivery_is_no_keys() {
    let mut v = makr_flow();
    *at(&mut v, 7) = Kind::DownlinkNas {
        mme: MME_ID,
        enb: 1,
        nas: Nas::Protected {
            header_type: 2,
            sqn: 3,
            pdu: None,
        },
    };
    assert_eq!(
        run(&kasme_keys(), &v),
        want(&[
            ("NO-KEYS(MAKR-KDF)", &[8]),
            ("NO-KEYS(MAKR-ORDER)", &[7, 9])
        ])
    );
}

#[test]
fn makr_order_x2_steps_use_makr_order() {
    let mut v = makr_flow();
    // Path switch before the X2 acknowledge.
    let ack = v.remove(8);
    v.insert(10, ack);
    let f = run(&kasme_keys(), &v);
    // PathSwitchRequest without the acknowledge; the late acknowledge after the path switch
    // completed the procedure.
    assert_eq!(f, want(&[("MAKR-ORDER", &[8, 10]), ("MAKR-ORDER", &[9])]));
}

#[test]
fn makr_weak() {
    let mut v = makr_flow();
    let item = wrap_for(
        WrapAlgorithm::AesEcb,
        &kenb_for(&H_KEY, &id_b()),
        &id_b(),
        MME_ID,
        1,
    );
    *response_item(&mut v) = item.clone();
    x2_wrapped(&mut v).item = item;
    assert_eq!(
        run(&kasme_keys(), &v),
        // Once, at the response that made it: the X2 request only forwards the item.
        want(&[("MAKR-WEAK", &[6])])
    );
}

#[test]
fn makr_kek() {
    let mut v = makr_flow();
    let other = wrap_for(
        WrapAlgorithm::AesKw,
        &kenb_for(&[9; 16], &id_b()),
        &id_b(),
        8,
        1,
    );
    v.extend(second_ue(vec![other]));
    assert_eq!(run(&kasme_keys(), &v), want(&[("MAKR-KEK", &[6, 15])]));
}

// ------------------------------------------------------------------------------ HO-*

fn frr(frame: u64, mm: Option<MmSummary>, target: Target) -> Event {
    ev(
        frame,
        a("10.0.0.1:2123"),
        a("10.0.0.2:2123"),
        Kind::FwdRelocReq {
            sender: None,
            ver: GtpVer::V2,
            seq: 1,
            sender_teid: Some(1),
            imsi: Imsi::parse("001010000000001"),
            mm,
            target,
            container: None,
        },
    )
}

fn eps_mm(nh: Option<Key32>, ncc: u8) -> MmSummary {
    MmSummary {
        form: MmForm::Eps,
        kasme: Some(Key32::new(KASME)),
        nh,
        ncc,
        ck: None,
        ik: None,
        nas_dl_count: None,
        nas_ul_count: None,
        nas_algs: None,
        caps: None,
    }
}

fn umts_mm(form: MmForm, ck: Option<[u8; 16]>) -> MmSummary {
    MmSummary {
        form,
        kasme: None,
        nh: None,
        ncc: 0,
        ck: ck.map(Key16::new),
        ik: ck.map(Key16::new),
        nas_dl_count: None,
        nas_ul_count: None,
        nas_algs: None,
        caps: None,
    }
}

#[test]
fn ho_secctx() {
    let mmes = Ends {
        from_mme: true,
        to_mme: true,
    };
    let to_sgsn = Ends {
        from_mme: true,
        to_mme: false,
    };
    let rnc = Target::Rnc {
        plmn: PLMN,
        rnc_id: 1,
    };
    let enb = Target::Enb(id_b());
    let f = |e: &Event, ends| got(&machine::relocation_context(e, ends));
    assert_eq!(
        f(
            &frr(1, Some(eps_mm(Some(Key32::new([1; 32])), 1)), enb),
            mmes
        ),
        want(&[])
    );
    assert_eq!(f(&frr(2, None, enb), mmes), want(&[("HO-SECCTX", &[2])]));
    assert_eq!(
        f(&frr(3, Some(eps_mm(None, 0)), enb), mmes),
        want(&[("HO-SECCTX", &[3])])
    );
    assert_eq!(
        f(
            &frr(4, Some(umts_mm(MmForm::Umts, Some([1; 16]))), enb),
            mmes
        ),
        want(&[("HO-SECCTX", &[4])])
    );
    assert_eq!(
        f(
            &frr(5, Some(umts_mm(MmForm::Umts, Some([1; 16]))), rnc),
            to_sgsn
        ),
        want(&[])
    );
    assert_eq!(
        f(&frr(6, Some(umts_mm(MmForm::Gsm, None)), rnc), to_sgsn),
        want(&[("HO-SECCTX", &[6])])
    );
    // SGSN to SGSN: out of scope.
    let sgsns = Ends {
        from_mme: false,
        to_mme: false,
    };
    assert_eq!(f(&frr(7, None, rnc), sgsns), want(&[]));
}

fn ics(frame: u64) -> Event {
    ev(
        frame,
        mme(),
        enb_a(),
        Kind::InitialContextSetup {
            mme: MME_ID,
            enb: 1,
            key: Key32::new(KENB0),
            caps: None,
        },
    )
}

fn psa(frame: u64, ncc: u8, nh: Key32) -> Event {
    ev(
        frame,
        mme(),
        enb_b(),
        Kind::PathSwitchAck {
            mme: MME_ID,
            enb: 2,
            ncc,
            nh,
        },
    )
}

fn ho_request(frame: u64, ho_type: HoType, ncc: u8, nh: Key32, caps: Option<Caps>) -> Event {
    ev(
        frame,
        mme(),
        enb_b(),
        Kind::HoRequest {
            mme: MME_ID,
            ho_type,
            ncc,
            nh,
            caps,
            container: None,
            nonce_mme: Some(0x01020304),
        },
    )
}

fn drive_keys(known: &Known, events: &[Event]) -> Vec<(String, Vec<u64>)> {
    let mut st = AsKeys::default();
    let mut out = Vec::new();
    for e in events {
        out.extend(machine::as_keys(&mut st, e, known));
    }
    got(&out)
}

fn with_kasme() -> Known {
    Known {
        kasme: Some(Key32::new(KASME)),
        ..Known::default()
    }
}

fn chain(n: u32) -> Key32 {
    Key32::new(*kdf::nh_chain(&Key256::new(KASME), &Key256::new(KENB0), n).expose())
}

#[test]
fn ho_nh_chain() {
    let k = with_kasme();
    assert_eq!(
        drive_keys(&k, &[ics(1), psa(2, 1, chain(1)), psa(3, 2, chain(2))]),
        want(&[])
    );
    assert_eq!(drive_keys(&k, &[ics(1), psa(2, 2, chain(2))]), want(&[]));
    assert_eq!(
        drive_keys(
            &k,
            &[ics(1), psa(2, 1, chain(1)), psa(3, 2, Key32::new([9; 32]))]
        ),
        want(&[("HO-NH", &[3])])
    );
}

#[test]
fn ho_nh_equals_mm_context() {
    let k = Known::default();
    let mm = frr(
        1,
        Some(eps_mm(Some(Key32::new([5; 32])), 3)),
        Target::Enb(id_b()),
    );
    let ok = ho_request(2, HoType::IntraLte, 3, Key32::new([5; 32]), None);
    assert_eq!(
        drive_keys(&k, &[mm.clone(), ok]),
        want(&[("NO-KEYS(HO-NH)", &[2])])
    );
    let bad = ho_request(2, HoType::IntraLte, 3, Key32::new([6; 32]), None);
    assert_eq!(
        drive_keys(&k, &[mm, bad]),
        want(&[("HO-NH", &[1, 2]), ("NO-KEYS(HO-NH)", &[2])])
    );
}

#[test]
fn ho_ncc() {
    let k = with_kasme();
    assert_eq!(
        drive_keys(&k, &[ics(1), psa(2, 3, chain(3))]),
        want(&[("HO-NCC", &[2])])
    );
    assert_eq!(
        drive_keys(&k, &[ics(1), psa(2, 1, chain(1)), psa(3, 3, chain(3))]),
        want(&[("HO-NCC", &[2, 3])])
    );
    // Going back.
    assert_eq!(
        drive_keys(&k, &[ics(1), psa(2, 2, chain(2)), psa(3, 1, chain(1))]),
        want(&[("HO-NCC", &[2, 3]), ("HO-NH", &[3])])
    );
    // A repeat with the same NH is a retry; with another NH a violation.
    assert_eq!(
        drive_keys(&k, &[ics(1), psa(2, 1, chain(1)), psa(3, 1, chain(1))]),
        want(&[])
    );
    assert_eq!(
        drive_keys(
            &k,
            &[ics(1), psa(2, 1, chain(1)), psa(3, 1, Key32::new([7; 32]))]
        ),
        want(&[("HO-NCC", &[2, 3])])
    );
    // Wrap-around 7 -> 0 is one ahead.
    let evs: Vec<Event> = std::iter::once(ics(1))
        .chain((1..=8).map(|n| psa(1 + n as u64, (n % 8) as u8, chain(n))))
        .collect();
    assert_eq!(drive_keys(&k, &evs), want(&[]));
    // UTRAN -> E-UTRAN starts with NCC 0.
    let u = Known {
        umts: Some((Key16::new([1; 16]), Key16::new([2; 16]))),
        ..Known::default()
    };
    let kenb = kdf::kenb(
        &kdf::kasme_prime_handover(&Key128::new([1; 16]), &Key128::new([2; 16]), 0x01020304),
        u32::MAX,
    );
    assert_eq!(
        drive_keys(
            &u,
            &[ho_request(
                1,
                HoType::UtranToLte,
                1,
                Key32::new(*kenb.expose()),
                None
            )]
        ),
        want(&[("HO-NCC", &[1])])
    );
}

fn x2_legacy(frame: u64, star: Key32, ncc: u8) -> Event {
    ev(
        frame,
        x2_a(),
        x2_b(),
        Kind::X2HoRequest {
            old: 5,
            mme: MME_ID,
            target: cell_of(&id_b()),
            kenb_star: star,
            ncc,
            caps: None,
            wrapped: None,
            source_earfcn: Some(300),
        },
    )
}

fn x2_ack(frame: u64, target_cell: Option<RrcTarget>) -> Event {
    ev(
        frame,
        x2_b(),
        x2_a(),
        Kind::X2HoRequestAck {
            old: 5,
            new: 9,
            target_cell,
        },
    )
}

fn star(key: &Key32, pci: u16, earfcn: u32) -> Key32 {
    Key32::new(
        *kdf::kenb_star(
            &Key256::new(*key.expose()),
            pci,
            earfcn,
            EarfcnEncoding::ByValue,
        )
        .unwrap()
        .expose(),
    )
}

#[test]
fn ho_kenbstar_and_no_fs() {
    let k = Known::default();
    let cell = Some(RrcTarget {
        pci: 7,
        dl_earfcn: Some(100),
    });
    // Horizontal: from the KeNB of the initial context setup.
    let good = star(&Key32::new(KENB0), 7, 100);
    assert_eq!(
        drive_keys(
            &k,
            &[ics(1), x2_legacy(2, good.clone(), 0), x2_ack(3, cell)]
        ),
        want(&[("HO-NO-FS", &[2])])
    );
    assert_eq!(
        drive_keys(
            &k,
            &[
                ics(1),
                x2_legacy(2, Key32::new([1; 32]), 0),
                x2_ack(3, cell)
            ]
        ),
        want(&[("HO-NO-FS", &[2]), ("HO-KENBSTAR", &[2, 3])])
    );
    // Vertical: from the unused NH of the path switch; intra-frequency (source EARFCN 300).
    let intra = Some(RrcTarget {
        pci: 9,
        dl_earfcn: None,
    });
    let v = star(&Key32::new([3; 32]), 9, 300);
    assert_eq!(
        drive_keys(
            &k,
            &[
                ics(1),
                psa(2, 1, Key32::new([3; 32])),
                x2_legacy(3, v, 1),
                x2_ack(4, intra)
            ]
        ),
        want(&[("NO-KEYS(HO-NH)", &[2]), ("HO-NO-FS", &[3])])
    );
    // The source's KeNB unknown (context older than the capture): NO-KEYS.
    assert_eq!(
        drive_keys(&k, &[x2_legacy(2, good.clone(), 0), x2_ack(3, cell)]),
        want(&[("HO-NO-FS", &[2]), ("NO-KEYS(HO-KENBSTAR)", &[2, 3])])
    );
}

/// An X2 Setup of the target eNB, serving the target cell of `x2_legacy` with this PCI and
/// downlink EARFCN.
fn x2_setup(frame: u64, pci: u16, earfcn: u32) -> Event {
    ev(
        frame,
        x2_b(),
        x2_a(),
        Kind::X2Setup {
            name: None,
            enb: Some(id_b()),
            cells: vec![(cell_of(&id_b()), pci, earfcn)],
        },
    )
}

/// `x2_legacy` whose source EARFCN the HandoverPreparationInformation did not give.
fn x2_legacy_no_source_earfcn(frame: u64, star: Key32) -> Event {
    let mut e = x2_legacy(frame, star, 0);
    if let Kind::X2HoRequest { source_earfcn, .. } = &mut e.kind {
        *source_earfcn = None;
    }
    e
}

#[test]
fn ho_kenbstar_takes_the_target_cell_from_an_x2_setup() {
    let setup = Known {
        setup_cell: Some(SetupCell {
            pci: 7,
            dl_earfcn: 100,
            frame: 1,
        }),
        ..Known::default()
    };
    let none = Known::default();
    let good = star(&Key32::new(KENB0), 7, 100);
    // The RRC HandoverCommand unreadable: the X2 Setup's cell is checked, and named if wrong.
    let flow = |s: Key32| [ics(2), x2_legacy(3, s, 0), x2_ack(4, None)];
    assert_eq!(
        drive_keys(&setup, &flow(good.clone())),
        want(&[("HO-NO-FS", &[3])])
    );
    assert_eq!(
        drive_keys(&setup, &flow(Key32::new([1; 32]))),
        want(&[("HO-NO-FS", &[3]), ("HO-KENBSTAR", &[1, 3, 4])])
    );
    assert_eq!(
        drive_keys(&none, &flow(good.clone())),
        want(&[("HO-NO-FS", &[3]), ("NO-KEYS(HO-KENBSTAR)", &[3, 4])])
    );
    let mut st = AsKeys::default();
    let text: Vec<String> = flow(Key32::new([1; 32]))
        .iter()
        .flat_map(|e| machine::as_keys(&mut st, e, &setup))
        .map(|f| f.text)
        .collect();
    assert!(
        text[1].contains("PCI 7, EARFCN 100") && text[1].contains("X2 Setup of frame 1"),
        "{text:?}"
    );

    // Intra-frequency (no dl-CarrierFreq) and no source EARFCN: the X2 Setup's EARFCN, with
    // the RRC HandoverCommand's PCI.
    let intra = Some(RrcTarget {
        pci: 7,
        dl_earfcn: None,
    });
    let flow = |s: Key32| [ics(2), x2_legacy_no_source_earfcn(3, s), x2_ack(4, intra)];
    assert_eq!(
        drive_keys(&setup, &flow(good.clone())),
        want(&[("HO-NO-FS", &[3])])
    );
    assert_eq!(
        drive_keys(&setup, &flow(Key32::new([1; 32]))),
        want(&[("HO-NO-FS", &[3]), ("HO-KENBSTAR", &[1, 3, 4])])
    );
    assert_eq!(
        drive_keys(&none, &flow(good.clone())),
        want(&[("HO-NO-FS", &[3]), ("NO-KEYS(HO-KENBSTAR)", &[3, 4])])
    );

    // A readable RRC HandoverCommand wins over an X2 Setup that disagrees with it.
    let other = Known {
        setup_cell: Some(SetupCell {
            pci: 8,
            dl_earfcn: 200,
            frame: 1,
        }),
        ..Known::default()
    };
    let cell = Some(RrcTarget {
        pci: 7,
        dl_earfcn: Some(100),
    });
    assert_eq!(
        drive_keys(
            &other,
            &[ics(2), x2_legacy(3, good.clone(), 0), x2_ack(4, cell)]
        ),
        want(&[("HO-NO-FS", &[3])])
    );
}

/// The engine hands the machine the cell an X2 Setup served under the request's target ECGI.
#[test]
fn engine_remembers_x2_setup_cells_for_kenbstar() {
    let kenbstar = |fs: &[(String, Vec<u64>)]| -> Vec<(String, Vec<u64>)> {
        fs.iter()
            .filter(|(r, _)| r.contains("HO-KENBSTAR"))
            .cloned()
            .collect()
    };
    let good = star(&Key32::new(KENB0), 7, 100);
    let with_setup = |s: Key32| {
        vec![
            x2_setup(1, 7, 100),
            ics(2),
            x2_legacy(3, s, 0),
            x2_ack(4, None),
        ]
    };
    assert_eq!(
        kenbstar(&run(NO_KEYS, &with_setup(good.clone()))),
        want(&[])
    );
    assert_eq!(
        kenbstar(&run(NO_KEYS, &with_setup(Key32::new([1; 32])))),
        want(&[("HO-KENBSTAR", &[1, 3, 4])])
    );
    // Without the X2 Setup, or with one of another cell, the target cell is unknown.
    let mut other_cell = with_setup(good.clone());
    if let Kind::X2Setup { cells, .. } = &mut other_cell[0].kind {
        cells[0].0.cell_id += 1;
    }
    for evs in [with_setup(good.clone())[1..].to_vec(), other_cell] {
        assert_eq!(
            kenbstar(&run(NO_KEYS, &evs)),
            want(&[("NO-KEYS(HO-KENBSTAR)", &[3, 4])])
        );
    }
    // A served cell of an operation mode without a downlink EARFCN is not used.
    let evs = [
        x2_setup(1, 7, u32::MAX),
        ics(2),
        x2_legacy(3, good.clone(), 0),
        x2_ack(4, None),
    ];
    assert_eq!(
        kenbstar(&run(NO_KEYS, &evs)),
        want(&[("NO-KEYS(HO-KENBSTAR)", &[3, 4])])
    );
}

#[test]
fn ho_mapped() {
    let (ck, ik) = ([1u8; 16], [2u8; 16]);
    let u = Known {
        umts: Some((Key16::new(ck), Key16::new(ik))),
        ..Known::default()
    };
    let kenb = Key32::new(
        *kdf::kenb(
            &kdf::kasme_prime_handover(&Key128::new(ck), &Key128::new(ik), 0x01020304),
            u32::MAX,
        )
        .expose(),
    );
    assert_eq!(
        drive_keys(
            &u,
            &[ho_request(1, HoType::UtranToLte, 0, kenb.clone(), None)]
        ),
        want(&[])
    );
    assert_eq!(
        drive_keys(
            &u,
            &[ho_request(
                1,
                HoType::UtranToLte,
                0,
                Key32::new([0; 32]),
                None
            )]
        ),
        want(&[("HO-MAPPED", &[1])])
    );
    assert_eq!(
        drive_keys(
            &Known::default(),
            &[ho_request(1, HoType::UtranToLte, 0, kenb.clone(), None)]
        ),
        want(&[("NO-KEYS(HO-MAPPED)", &[1])])
    );
    // E-UTRAN -> UTRAN: CK' || IK' = KDF(KASME, 0x16, NAS downlink COUNT).
    let k = Known {
        kasme: Some(Key32::new(KASME)),
        nas_dl_count: Some(0x105),
        to_sgsn: true,
        ..Known::default()
    };
    let (c2, i2) = kdf::ck_ik_prime_handover(&Key256::new(KASME), 0x105);
    let mut mm = umts_mm(MmForm::Umts, Some(*c2.expose()));
    mm.ik = Some(Key16::new(*i2.expose()));
    let rnc = Target::Rnc {
        plmn: PLMN,
        rnc_id: 1,
    };
    assert_eq!(drive_keys(&k, &[frr(1, Some(mm.clone()), rnc)]), want(&[]));
    mm.ik = Some(Key16::new([0; 16]));
    assert_eq!(
        drive_keys(&k, &[frr(1, Some(mm), rnc)]),
        want(&[("HO-MAPPED", &[1])])
    );
}

#[test]
fn ho_caps() {
    let k = with_kasme();
    let mut mm = eps_mm(Some(chain(1)), 1);
    mm.caps = Some(Caps {
        eea: 0b110,
        eia: 0b110,
    });
    let same = ho_request(
        2,
        HoType::IntraLte,
        1,
        chain(1),
        Some(Caps {
            eea: 0b110,
            eia: 0b110,
        }),
    );
    let other = ho_request(
        2,
        HoType::IntraLte,
        1,
        chain(1),
        Some(Caps {
            eea: 0b010,
            eia: 0b110,
        }),
    );
    let f = frr(1, Some(mm), Target::Enb(id_b()));
    // KASME known but the start of the AS context is not in the capture: NO-KEYS for the chain.
    assert_eq!(
        drive_keys(&k, &[f.clone(), same]),
        want(&[("NO-KEYS(HO-NH)", &[2])])
    );
    assert_eq!(
        drive_keys(&k, &[f, other]),
        want(&[("HO-CAPS", &[1, 2]), ("NO-KEYS(HO-NH)", &[2])])
    );
    // Bitmap conversions: S1AP first bit = EEA1; NAS octet bit 8 = EEA0.
    assert_eq!(
        Caps::from_ap(&[0xc0, 0], &[0x40, 0]),
        Caps {
            eea: 0b110,
            eia: 0b100
        }
    );
    assert_eq!(
        Caps::from_nas(&[0xe0, 0x60]),
        Some(Caps {
            eea: 0b110,
            eia: 0b110
        })
    );
}

fn s1_events() -> Vec<Event> {
    let src = enb_a();
    let dst = enb_b();
    vec![
        ev(
            1,
            src,
            mme(),
            Kind::HoRequired {
                mme: MME_ID,
                enb: 1,
                ho_type: HoType::IntraLte,
                target: Target::Enb(id_b()),
                container: None,
            },
        ),
        ho_request(2, HoType::IntraLte, 1, Key32::new([0; 32]), None),
        ev(
            3,
            dst,
            mme(),
            Kind::HoRequestAck {
                mme: MME_ID,
                enb: 2,
                target_cell: None,
            },
        ),
        ev(
            4,
            mme(),
            src,
            Kind::HoCommand {
                mme: MME_ID,
                enb: 1,
            },
        ),
        ev(
            5,
            dst,
            mme(),
            Kind::HoNotify {
                cell: None,
                mme: MME_ID,
                enb: 2,
            },
        ),
    ]
}

fn drive_ho(kind: ProcKind, k: &Known, events: &[Event]) -> (Vec<(String, Vec<u64>)>, Ho) {
    let mut ho = Ho::new(kind);
    let mut out = Vec::new();
    for e in events {
        out.extend(match kind {
            ProcKind::S1IntraMme | ProcKind::S1InterMme => machine::s1_handover(&mut ho, e, k),
            ProcKind::X2Legacy | ProcKind::X2Makr => machine::x2_handover(&mut ho, e, k),
            _ => machine::irat_handover(&mut ho, e, k),
        });
    }
    (got(&out), ho)
}

#[test]
fn ho_order_s1() {
    let k = Known::default();
    let (f, ho) = drive_ho(ProcKind::S1IntraMme, &k, &s1_events());
    assert_eq!(f, want(&[]));
    assert_eq!(ho.end, machine::End::Complete);
    let mut v = s1_events();
    v.swap(2, 3); // Command before Acknowledge
    let (f, _) = drive_ho(ProcKind::S1IntraMme, &k, &v);
    assert_eq!(f, want(&[("HO-ORDER", &[1, 2, 4]), ("HO-ORDER", &[4, 3]),]));
}

#[test]
fn ho_order_inter_mme_and_sgw() {
    let k = Known::default();
    let mut v = s1_events();
    v.insert(
        1,
        frr(
            10,
            Some(eps_mm(Some(Key32::new([0; 32])), 1)),
            Target::Enb(id_b()),
        ),
    );
    let resp = ev(
        11,
        a("10.0.0.2:2123"),
        a("10.0.0.1:2123"),
        Kind::FwdRelocResp {
            sender: None,
            ver: GtpVer::V2,
            seq: 1,
            teid: 1,
            sender_teid: Some(2),
            accepted: true,
        },
    );
    v.insert(4, resp);
    v.push(ev(
        12,
        a("10.0.0.2:2123"),
        a("10.0.0.1:2123"),
        Kind::FwdRelocComplete { teid: 1, seq: 2 },
    ));
    v.push(ev(
        13,
        a("10.0.0.1:2123"),
        a("10.0.0.2:2123"),
        Kind::FwdRelocCompleteAck { teid: 2, seq: 2 },
    ));
    let (f, ho) = drive_ho(ProcKind::S1IntraMme, &k, &v);
    assert_eq!(f, want(&[]));
    assert_eq!(
        (ho.kind, ho.end),
        (ProcKind::S1InterMme, machine::End::Complete)
    );
    // S-GW relocation: Create Session after the HandoverRequest is out of order.
    let mut v = s1_events();
    v.insert(
        2,
        ev(
            20,
            mme(),
            a("10.0.0.9:2123"),
            Kind::CreateSession {
                imsi: None,
                carries_keys: false,
            },
        ),
    );
    let (f, ho) = drive_ho(ProcKind::S1IntraMme, &k, &v);
    assert_eq!(f, want(&[("HO-ORDER", &[1, 2, 20])]));
    assert!(ho.sgw_relocation);
    let mut v = s1_events();
    v.insert(
        1,
        ev(
            20,
            mme(),
            a("10.0.0.9:2123"),
            Kind::CreateSession {
                imsi: None,
                carries_keys: true,
            },
        ),
    );
    let (f, _) = drive_ho(ProcKind::S1IntraMme, &k, &v);
    assert_eq!(f, want(&[("HO-SECCTX", &[20])]));
}

#[test]
fn ho_order_irat() {
    let k = Known::default();
    let gtp = |frame, kind| ev(frame, a("10.0.0.1:2123"), a("10.0.0.2:2123"), kind);
    let rnc = Target::Rnc {
        plmn: PLMN,
        rnc_id: 1,
    };
    let req = ev(
        1,
        enb_a(),
        mme(),
        Kind::HoRequired {
            mme: MME_ID,
            enb: 1,
            ho_type: HoType::LteToUtran,
            target: rnc,
            container: None,
        },
    );
    let resp = gtp(
        3,
        Kind::FwdRelocResp {
            sender: None,
            ver: GtpVer::V2,
            seq: 1,
            teid: 1,
            sender_teid: None,
            accepted: true,
        },
    );
    let cmd = ev(
        4,
        mme(),
        enb_a(),
        Kind::HoCommand {
            mme: MME_ID,
            enb: 1,
        },
    );
    let v = vec![req.clone(), frr(2, None, rnc), resp.clone(), cmd.clone()];
    let (f, ho) = drive_ho(ProcKind::EutranToUtran, &k, &v);
    assert_eq!((f, ho.end), (want(&[]), machine::End::Complete));
    let v = vec![req, resp, frr(5, None, rnc), cmd];
    let (f, _) = drive_ho(ProcKind::EutranToUtran, &k, &v);
    assert_eq!(f, want(&[("HO-ORDER", &[1, 3]), ("HO-ORDER", &[3, 5])]));
}

#[test]
fn ho_order_x2_release_before_ack() {
    let k = Known::default();
    let v = vec![
        x2_legacy(1, Key32::new([0; 32]), 0),
        ev(
            2,
            x2_b(),
            x2_a(),
            Kind::X2UeContextRelease { old: 5, new: 9 },
        ),
        x2_ack(3, None),
    ];
    let (f, _) = drive_ho(ProcKind::X2Legacy, &k, &v);
    assert_eq!(f, want(&[("HO-ORDER", &[1, 2])]));
}

#[test]
fn not_observed_incomplete_cancelled() {
    // The Required would travel on an S1 link the capture never shows.
    let k = Known {
        links: Links {
            s1_source: false,
            ..Links::default()
        },
        ..Known::default()
    };
    let v = s1_events();
    let (f, _) = drive_ho(ProcKind::S1IntraMme, &k, &v[1..2]);
    assert_eq!(f, want(&[("NOT-OBSERVED", &[2])]));
    // First sight of the UE mid-procedure: INCOMPLETE.
    let k = Known {
        first_sight: true,
        ..Known::default()
    };
    let (f, _) = drive_ho(ProcKind::S1IntraMme, &k, &v[2..3]);
    assert_eq!(f, want(&[("INCOMPLETE", &[3])]));
    // Cancel.
    let cancel = ev(
        6,
        enb_a(),
        mme(),
        Kind::HoCancel {
            mme: MME_ID,
            enb: 1,
        },
    );
    let (f, ho) = drive_ho(
        ProcKind::S1IntraMme,
        &Known::default(),
        &[v[0].clone(), v[1].clone(), cancel],
    );
    assert_eq!(f, want(&[("CANCELLED", &[1, 2, 6])]));
    assert_eq!(ho.end, machine::End::Cancelled);
}

/// A side's cancellation ends a handover as cancelled, the network's refusal or failure as
/// failed (validate's words, and the `handovers` table's); both are a CANCELLED finding.
#[test]
fn cancelled_and_failed_endings() {
    use machine::End::{Cancelled, Failed};
    let v = s1_events();
    let cases = [
        (
            ProcKind::S1IntraMme,
            Kind::HoCancel {
                mme: MME_ID,
                enb: 1,
            },
            Cancelled,
        ),
        (
            ProcKind::S1IntraMme,
            Kind::HoPreparationFailure {
                mme: MME_ID,
                enb: 1,
            },
            Failed,
        ),
        (
            ProcKind::S1InterMme,
            Kind::HoFailure { mme: MME_ID },
            Failed,
        ),
        (ProcKind::X2Legacy, Kind::X2HoCancel { old: 1 }, Cancelled),
        (
            ProcKind::X2Makr,
            Kind::X2HoPreparationFailure { old: 1 },
            Failed,
        ),
        (
            ProcKind::X2Legacy,
            Kind::PathSwitchFailure { mme: MME_ID },
            Failed,
        ),
        (
            ProcKind::EutranToUtran,
            Kind::RelocCancel {
                teid: 1,
                imsi: None,
            },
            Cancelled,
        ),
    ];
    let mut names = std::collections::HashSet::new();
    for (kind, end, want_end) in cases {
        let name = end.name();
        let e = machine::Ending::of(&end).expect(name);
        let x2 = matches!(kind, ProcKind::X2Legacy | ProcKind::X2Makr);
        assert_eq!((e.x2, e.end), (x2, want_end), "{name}");
        // The name export writes as `ue_event` reads back as the same ending (`--merge`).
        assert_eq!(machine::Ending::from_name(e.name()), Some(e), "{name}");
        names.insert(e.name());
        let (f, ho) = drive_ho(
            kind,
            &Known::default(),
            &[ev(6, enb_a(), mme(), end.clone())],
        );
        assert_eq!(ho.end, want_end, "{name} in {}", kind.name());
        assert_eq!(f, want(&[("CANCELLED", &[6])]), "{name}");
        // The other plane's machine does not end on it.
        let other = if x2 {
            ProcKind::S1IntraMme
        } else {
            ProcKind::X2Legacy
        };
        let (_, ho) = drive_ho(other, &Known::default(), &[ev(6, enb_a(), mme(), end)]);
        assert_eq!(ho.end, machine::End::Open, "{name} in {}", other.name());
    }
    assert_eq!(names.len(), 4, "{names:?}");
    // After its first step, as a running handover.
    let (_, ho) = drive_ho(
        ProcKind::S1IntraMme,
        &Known::default(),
        &[
            v[0].clone(),
            ev(
                6,
                mme(),
                enb_a(),
                Kind::HoPreparationFailure {
                    mme: MME_ID,
                    enb: 1,
                },
            ),
        ],
    );
    assert_eq!(ho.end, Failed);
}

// ------------------------------------------------------------------------------ engine-level info ids

#[test]
fn incomplete_at_capture_end_and_no_keys() {
    let v = s1_events();
    let (f, e) = run_full(NO_KEYS, &v[..3], Limits::default());
    assert_eq!(
        f,
        want(&[("NO-KEYS(HO-NH)", &[2]), ("INCOMPLETE", &[1, 2, 3])])
    );
    assert_eq!(e.procs[&ProcKind::S1IntraMme].incomplete, 1);
}

#[test]
fn keys_conflict() {
    let keys = KeysFile {
        mme_enb_keys: vec![file_kek(&id_b(), 0, vec![0x12; 16])],
        ..kasme_keys()
    };
    let f = run(&keys, &makr_flow());
    // The file's KEK wins: the wrapped keys do not unwrap under it.
    assert_eq!(
        f,
        want(&[
            ("KEYS-CONFLICT", &[3]),
            ("MAKR-UNWRAP", &[6]),
            ("MAKR-UNWRAP", &[8])
        ])
    );
}

#[test]
fn nas_count_searched_and_ciphered_delivery_read() {
    use keyhop_codec::nas::hkey::HkeyDelivery;
    use keyhop_codec::nas::security::{NasCount, NasKeys};
    use keyhop_codec::security::keys::SecretKey;
    let nas_keys = NasKeys::from_kasme(&Key256::new(KASME), 2, 2);
    let pdu = HkeyDelivery::new(1, KdfAlgorithm::AesCmacCtr, SecretKey::from_slice(&H_KEY))
        .protect(&nas_keys, NasCount::new(3, 0x20))
        .unwrap();
    let mut v = makr_flow();
    *at(&mut v, 7) = Kind::DownlinkNas {
        mme: MME_ID,
        enb: 1,
        nas: Nas::Protected {
            header_type: 2,
            sqn: 0x20,
            pdu: Some(pdu.into_boxed_slice()),
        },
    };
    // No NAS COUNT given: the overflow is searched, and said so; the H_key is then known.
    assert_eq!(
        run(&kasme_keys(), &v),
        want(&[("NAS-COUNT-SEARCHED", &[7])])
    );
}

#[test]
fn evicted_and_malformed() {
    let mut v = vec![ics(1)];
    let mut other = ics(2);
    if let Kind::InitialContextSetup { mme, .. } = &mut other.kind {
        *mme = 99;
    }
    v.push(other);
    v.push(ev(
        3,
        mme(),
        enb_a(),
        Kind::Malformed {
            what: "s1ap message not decodable".into(),
        },
    ));
    let limits = Limits {
        max_ues: 1,
        ..Limits::default()
    };
    let (f, _) = run_full(NO_KEYS, &v, limits);
    assert_eq!(f, want(&[("EVICTED", &[1, 2]), ("MALFORMED", &[3])]));
    // A KeyDistribution key of the wrong length.
    let kd = ev(
        4,
        mme(),
        enb_b(),
        Kind::KeyDistribution {
            items: vec![KdItem {
                enb: Some(id_b()),
                key_id: 0,
                key: SecretKey::new(vec![1; 20]),
            }],
        },
    );
    assert_eq!(
        got(&machine::key_distribution(&kd, Some(id_b()))),
        want(&[("MALFORMED", &[4])])
    );
}

#[test]
fn ecgi_maps_to_enb_ids_of_every_kind() {
    let cell = Ecgi {
        plmn: PLMN,
        cell_id: 0xABCDE12,
    };
    let e = |k, id| EnbIdentity::new(PLMN, k, id).unwrap();
    assert!(cell.served_by(&e(EnbKind::Macro, 0xABCDE)));
    assert!(cell.served_by(&e(EnbKind::Home, 0xABCDE12)));
    assert!(cell.served_by(&e(EnbKind::ShortMacro, 0xABCDE12 >> 10)));
    assert!(cell.served_by(&e(EnbKind::LongMacro, 0xABCDE12 >> 7)));
    assert!(!cell.served_by(&e(EnbKind::Macro, 0xABCDF)));
    assert!(!cell.served_by(&EnbIdentity::new([0, 0xf1, 0x20], EnbKind::Macro, 0xABCDE).unwrap()));
}

/// An inter-MME S1 handover: the UE is followed from MME 1 (id 7) to MME 2 (id 100) through the
/// transparent container that the Required, the Forward Relocation Request and the Request
/// carry, and its GTP TEIDs; the target MME's NH/NCC must be the MM Context's.
fn inter_mme(nh_sent: Key32) -> Vec<Event> {
    // NH(2) of the A.4 chain from the KeNB of the initial context setup.
    let nh2 = chain(2);
    let mme1 = mme();
    let mme2 = a("10.0.0.2:36412");
    let g1 = a("10.0.0.1:2123");
    let g2 = a("10.0.0.2:2123");
    let c = Some(0xfeed);
    let mm = eps_mm(Some(nh2), 2);
    vec![
        ics(1),
        ev(
            2,
            enb_a(),
            mme1,
            Kind::HoRequired {
                mme: MME_ID,
                enb: 1,
                ho_type: HoType::IntraLte,
                target: Target::Enb(id_b()),
                container: c,
            },
        ),
        ev(
            3,
            g1,
            g2,
            Kind::FwdRelocReq {
                sender: None,
                ver: GtpVer::V2,
                seq: 9,
                sender_teid: Some(0x111),
                imsi: Imsi::parse("001010000000007"),
                mm: Some(mm),
                target: Target::Enb(id_b()),
                container: c,
            },
        ),
        ev(
            4,
            mme2,
            enb_b(),
            Kind::HoRequest {
                mme: 100,
                ho_type: HoType::IntraLte,
                ncc: 2,
                nh: nh_sent,
                caps: None,
                container: c,
                nonce_mme: None,
            },
        ),
        ev(
            5,
            enb_b(),
            mme2,
            Kind::HoRequestAck {
                mme: 100,
                enb: 2,
                target_cell: None,
            },
        ),
        ev(
            6,
            g2,
            g1,
            Kind::FwdRelocResp {
                sender: None,
                ver: GtpVer::V2,
                seq: 9,
                teid: 0x111,
                sender_teid: Some(0x222),
                accepted: true,
            },
        ),
        ev(
            7,
            mme1,
            enb_a(),
            Kind::HoCommand {
                mme: MME_ID,
                enb: 1,
            },
        ),
        ev(
            8,
            enb_b(),
            mme2,
            Kind::HoNotify {
                mme: 100,
                enb: 2,
                cell: None,
            },
        ),
        ev(
            9,
            g2,
            g1,
            Kind::FwdRelocComplete {
                teid: 0x111,
                seq: 10,
            },
        ),
        ev(
            10,
            g1,
            g2,
            Kind::FwdRelocCompleteAck {
                teid: 0x222,
                seq: 10,
            },
        ),
    ]
}

#[test]
fn inter_mme_followed_across_mmes() {
    // KASME is learned from the MM Context: the NH chain is checked without a keys file.
    let (f, e) = run_full(NO_KEYS, &inter_mme(chain(2)), Limits::default());
    assert_eq!(f, want(&[]));
    let c = e.procs[&ProcKind::S1InterMme];
    assert_eq!((c.started, c.complete), (1, 1));
    let (f, _) = run_full(NO_KEYS, &inter_mme(Key32::new([6; 32])), Limits::default());
    assert_eq!(f, want(&[("HO-NH", &[3, 4]), ("HO-NH", &[4])]));
    // The UE carries its IMSI from the S10 leg on: findings name it.
    let mut e = Engine::new(NO_KEYS, Limits::default());
    for x in &inter_mme(Key32::new([6; 32])) {
        e.handle(x);
    }
    assert_eq!(e.findings[0].ue.as_deref(), Some("imsi:001010000000007"));
}

/// An X2 handover requested, acknowledged and released from frame `f` on; the capture ends
/// before any path switch.
fn x2_without_path_switch(f: u64) -> [Event; 3] {
    [
        x2_legacy(f, Key32::new([0; 32]), 0),
        x2_ack(f + 1, None),
        ev(
            f + 2,
            x2_b(),
            x2_a(),
            Kind::X2UeContextRelease { old: 5, new: 9 },
        ),
    ]
}

/// Runs `x2_without_path_switch(f)` through `e` to the end: the missing path switch must be
/// reported as `rule` over its three frames, and not as `not`.
fn assert_missing_path_switch(mut e: Engine, f: u64, rule: &str, not: &str) {
    for x in &x2_without_path_switch(f) {
        e.handle(x);
    }
    e.finish();
    let got = got(&e.findings);
    assert!(
        got.contains(&(rule.to_string(), vec![f, f + 1, f + 2])),
        "{got:?}"
    );
    assert!(!got.iter().any(|(r, _)| r == not), "{got:?}");
}

#[test]
fn x2_path_switch_on_an_unseen_s1_link_is_not_observed() {
    let e = Engine::new(NO_KEYS, Limits::default());
    assert_missing_path_switch(e, 1, "NOT-OBSERVED", "INCOMPLETE");

    // The same, but the capture shows the target eNB's S1 link: the path switch is missing.
    let mut e = Engine::new(NO_KEYS, Limits::default());
    let mme: SocketAddr = "10.0.0.100:36412".parse().unwrap();
    e.observe(crate::capture::AppProto::S1ap, x2_b(), mme);
    assert_missing_path_switch(e, 1, "INCOMPLETE", "NOT-OBSERVED");
}

/// The address sets behind NOT-OBSERVED stop at `max_nodes`; once one is full, a link of that
/// kind counts as shown, so a missing step is INCOMPLETE, never excused as NOT-OBSERVED.
#[test]
fn limit_validate_address_sets() {
    let limits = Limits {
        max_nodes: 8,
        ..Limits::default()
    };
    let mut e = Engine::new(NO_KEYS, limits);
    let addr = |i: u32| SocketAddr::new(std::net::Ipv4Addr::from(0x0a63_0000 + i).into(), 36412);
    for i in 0..1000 {
        e.observe(crate::capture::AppProto::S1ap, addr(i), mme());
        e.observe(crate::capture::AppProto::Gtpv2c, addr(i), mme());
        e.observe(crate::capture::AppProto::X2ap, addr(i), x2_a());
        e.handle(&ev(
            i as u64 + 1,
            addr(i),
            a("10.0.0.1:36412"),
            Kind::S1Setup {
                enb: Some(id_a()),
                name: None,
            },
        ));
        // Sent by an MME: its address goes to the MME set.
        e.handle(&ev(
            i as u64 + 1,
            addr(i),
            enb_a(),
            Kind::HoPreparationFailure { mme: 1, enb: 1 },
        ));
    }
    // Nodes: the cap, and one overflow node per plane.
    let held = e.nodes_held();
    assert!(
        (1..=8 + 3).contains(&held[0]) && (1..=8).contains(&held[1]),
        "{held:?}"
    );

    // The target's S1 link never seen, but the S1 set full: INCOMPLETE.
    assert_missing_path_switch(e, 2001, "INCOMPLETE", "NOT-OBSERVED");
}

/// Found by the validate fuzz target: a HandoverRequired whose HandoverType is utrantolte opens
/// a UTRAN -> E-UTRAN procedure whose table has no HandoverRequired step; at the end its
/// INCOMPLETE finding had no frame at all. It names the message that opened it.
#[test]
fn a_procedure_without_a_step_is_named_by_its_opening_frame() {
    let fs = run(
        NO_KEYS,
        &[ev(
            4,
            enb_a(),
            mme(),
            Kind::HoRequired {
                mme: MME_ID,
                enb: 1,
                ho_type: HoType::UtranToLte,
                target: Target::Other,
                container: None,
            },
        )],
    );
    assert_eq!(fs, want(&[("INCOMPLETE", &[4])]));
}

/// Found by the validate fuzz target: an X2 HandoverRequest with NCC 1 while the MME had sent no
/// NCC since the AS context began named frame 0 as the MME's; it names the context's start.
#[test]
fn x2_ncc_before_any_from_the_mme_names_the_context_start() {
    let evs = [
        ics(2),
        ev(
            5,
            x2_a(),
            x2_b(),
            Kind::X2HoRequest {
                old: 1,
                mme: MME_ID,
                target: cell_of(&id_b()),
                kenb_star: Key32::new([0x55; 32]),
                ncc: 1,
                caps: None,
                wrapped: None,
                source_earfcn: None,
            },
        ),
    ];
    let fs = run(NO_KEYS, &evs);
    let ncc: Vec<_> = fs.iter().filter(|f| f.0 == "HO-NCC").collect();
    assert_eq!(ncc, [&("HO-NCC".to_string(), vec![2, 5])], "{fs:?}");
    assert!(fs.iter().all(|f| !f.1.contains(&0)), "{fs:?}");
}
