//! End to end through the capture layer: a key-refresh X2 handover written as a pcapng with
//! keyhop's own encoders (S1 Setup, KeyDistribution, InitialContextSetup, NeighbourKeyRequest /
//! Response, the H_key delivery ciphered under KASME, X2AP HandoverRequest with WrappedKeNB,
//! Acknowledge, PathSwitchRequest / Acknowledge, UEContextRelease), then validated.

use super::engine::Limits;
use super::rules::ProcKind;
use crate::capture::synth::{Chunk, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use crate::capture::{linktype, Timestamp};
use crate::keys::{Kasme, KeysFile, UeRef};
use keyhop_codec::ap::common::{BitId, EnbId as ApEnbId, Int, KeyBits, OctetStr, Rng};
use keyhop_codec::ap::{Body, Criticality, IeValue};
use keyhop_codec::makr::{self, MakrPrivateIe};
use keyhop_codec::nas::hkey::HkeyDelivery;
use keyhop_codec::nas::security::{NasCount, NasKeys};
use keyhop_codec::s1ap::{self, S1apIe, S1apPdu};
use keyhop_codec::security::kdf;
use keyhop_codec::security::keys::{Key256, SecretKey};
use keyhop_codec::security::makr::{
    derive_kenb, wrap_kenb, EnbIdentity, EnbKind, KdfAlgorithm, WrapAlgorithm, WrapBinding,
};
use keyhop_codec::x2ap::{self, X2apIe, X2apPdu};
use keyhop_codec::{KeyMaterial, Octets};
use std::path::PathBuf;

const PLMN: [u8; 3] = [0x00, 0xf1, 0x10];
const KASME: [u8; 32] = [0x33; 32];
const KENB0: [u8; 32] = [0x44; 32];
const KEK_B: [u8; 16] = [0x11; 16];
const H_KEY: [u8; 16] = [0x22; 16];
const MME_ID: u32 = 7;
const NAS_COUNT: u32 = 0x0102;

struct Out {
    w: PcapNgFileWriter<std::io::BufWriter<std::fs::File>>,
    iface: u32,
    link: LinkSpec,
    t: u64,
}

impl Out {
    fn send(&mut self, a: &mut SctpAssoc, d: Dir, ppid: u32, bytes: &[u8]) {
        let chunks: Vec<Chunk> = a.message(d, 1, ppid, bytes, 1400);
        let sctp = a.packet(d, &chunks);
        let ip = a.ip_packet(d, &sctp);
        self.t += 1000;
        self.w
            .write(
                self.iface,
                Timestamp::new(1_795_000_000, self.t * 1000),
                &self.link.frame(&ip),
            )
            .unwrap();
    }
}

fn s1(name: &str, rng: &mut Rng) -> S1apPdu<'static> {
    s1ap::sample_message(name, rng).unwrap()
}

fn set_s1(pdu: &mut S1apPdu<'static>, f: impl Fn(u16, &mut S1apIe<'static>)) {
    if let Body::Ies(m) = &mut pdu.body {
        for ie in &mut m.ies.items {
            if let IeValue::Typed(v) = &mut ie.value {
                f(ie.id, v);
            }
        }
    }
}

fn ids(pdu: &mut S1apPdu<'static>, mme: u32, enb: u32) {
    set_s1(pdu, |id, v| match (id, v) {
        (0, S1apIe::MmeUeS1apId(x)) | (88, S1apIe::SourceMmeUeS1apId(x)) => *x = Int(mme as i64),
        (8, S1apIe::EnbUeS1apId(x)) => *x = Int(enb as i64),
        _ => {}
    });
}

fn set_x2(pdu: &mut X2apPdu<'static>, f: impl Fn(u16, &mut X2apIe<'static>)) {
    if let Body::Ies(m) = &mut pdu.body {
        for ie in &mut m.ies.items {
            if let IeValue::Typed(v) = &mut ie.value {
                f(ie.id, v);
            }
        }
    }
}

fn makr_id(id: u32) -> makr::EnbIdentity<'static> {
    makr::EnbIdentity::new(PLMN, makr::EnbId::Macro(id))
}

/// Writes the capture; `plaintext` makes the source send a real KeNB* with the WrappedKeNB.
fn write_capture(name: &str, plaintext: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-validate-unit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let mut w = PcapNgFileWriter::create(&path).unwrap();
    let iface = w.add_interface(linktype::ETHERNET, 6).unwrap();
    let mut out = Out {
        w,
        iface,
        link: LinkSpec::ethernet(),
        t: 0,
    };
    let mme = "10.0.0.1:36412".parse().unwrap();
    let mut s1a = SctpAssoc::new("10.0.1.1:36412".parse().unwrap(), mme);
    let mut s1b = SctpAssoc::new("10.0.1.2:36412".parse().unwrap(), mme);
    let mut x2 = SctpAssoc::new(
        "10.0.1.1:36422".parse().unwrap(),
        "10.0.1.2:36422".parse().unwrap(),
    );
    for a in [&mut s1a, &mut s1b, &mut x2] {
        for (d, pkt) in a.handshake() {
            let ip = a.ip_packet(d, &pkt);
            out.t += 100;
            out.w
                .write(
                    iface,
                    Timestamp::new(1_795_000_000, out.t * 1000),
                    &out.link.frame(&ip),
                )
                .unwrap();
        }
    }
    let mut rng = Rng::new(42);
    let enc = |p: &S1apPdu<'_>| s1ap::encode(p).unwrap();
    // S1 Setup of A and B with their global eNB IDs.
    for (a, id) in [(&mut s1a, 0x1Au64), (&mut s1b, 0x1B)] {
        let mut setup = s1("S1SetupRequest", &mut rng);
        set_s1(&mut setup, |i, v| {
            if let (59, S1apIe::GlobalEnbId(g)) = (i, v) {
                g.plmn_identity = OctetStr(Octets::owned(PLMN.to_vec()));
                g.enb_id = ApEnbId::Macro(BitId(id));
            }
        });
        out.send(a, Dir::Forward, 18, &enc(&setup));
    }
    let kd = MakrPrivateIe::KeyDistribution(makr::KeyDistribution {
        keys: vec![makr::KeyDistributionItem {
            enb_identity: makr_id(0x1B),
            key_id: 0,
            mme_enb_key: KeyMaterial::owned(KEK_B.to_vec()),
            extensions: Default::default(),
        }],
        extensions: Default::default(),
    })
    .into_s1ap_pdu::<S1apIe<'static>>();
    out.send(&mut s1b, Dir::Reverse, 18, &enc(&kd));
    let mut ics = s1("InitialContextSetupRequest", &mut rng);
    ids(&mut ics, MME_ID, 1);
    set_s1(&mut ics, |i, v| {
        if let (73, S1apIe::SecurityKey(k)) = (i, v) {
            *k = KeyBits(KeyMaterial::owned(KENB0.to_vec()));
        }
    });
    out.send(&mut s1a, Dir::Reverse, 18, &enc(&ics));
    let req = MakrPrivateIe::NeighbourKeyRequest(makr::NeighbourKeyRequest {
        mme_ue_s1ap_id: MME_ID,
        enb_ue_s1ap_id: 1,
        serving_enb: makr_id(0x1A),
        neighbours: vec![makr_id(0x1B)],
        extensions: Default::default(),
    })
    .into_s1ap_pdu::<S1apIe<'static>>();
    out.send(&mut s1a, Dir::Forward, 18, &enc(&req));
    let ident_b = EnbIdentity::new(PLMN, EnbKind::Macro, 0x1B).unwrap();
    let kenb_b = derive_kenb(KdfAlgorithm::AesCmacCtr, &H_KEY, &ident_b.ident()).unwrap();
    let wrapped = wrap_kenb(
        WrapAlgorithm::AesCtrCmac,
        &KEK_B,
        &kenb_b,
        &[7; 16],
        &WrapBinding {
            target_ident: ident_b.ident(),
            mme_ue_s1ap_id: MME_ID,
            refresh_counter: 1,
        },
    )
    .unwrap();
    let item = makr::WrappedKeyItem {
        target_enb: makr_id(0x1B),
        key_id: 0,
        wrap_algorithm: makr::WrapAlgorithm::AesCtrCmac,
        wrapped_kenb: Octets::owned(wrapped),
        extensions: Default::default(),
    };
    let resp = MakrPrivateIe::NeighbourKeyResponse(makr::NeighbourKeyResponse {
        mme_ue_s1ap_id: MME_ID,
        enb_ue_s1ap_id: 1,
        refresh_counter: 1,
        kdf: makr::KdfAlgorithm::AesCmacCtr,
        wrapped_keys: vec![item.clone()],
        extensions: Default::default(),
    })
    .into_s1ap_pdu::<S1apIe<'static>>();
    out.send(&mut s1a, Dir::Reverse, 18, &enc(&resp));
    // Step 5: the H_key, ciphered and integrity protected under KASME's NAS keys.
    let nas_keys = NasKeys::from_kasme(&Key256::new(KASME), 2, 2);
    let nas = HkeyDelivery::new(1, KdfAlgorithm::AesCmacCtr, SecretKey::from_slice(&H_KEY))
        .protect(&nas_keys, NasCount::from_value(NAS_COUNT))
        .unwrap();
    let mut dl = s1("DownlinkNASTransport", &mut rng);
    ids(&mut dl, MME_ID, 1);
    set_s1(&mut dl, |i, v| {
        if let (26, S1apIe::NasPdu(p)) = (i, v) {
            *p = OctetStr(Octets::owned(nas.clone()));
        }
    });
    out.send(&mut s1a, Dir::Reverse, 18, &enc(&dl));
    // Step 7.
    let mut x2req = x2ap::sample_message("HandoverRequest", &mut rng).unwrap();
    if let Body::Ies(m) = &mut x2req.body {
        m.ies.items.retain(|ie| ie.id != makr::ID_WRAPPED_KENB);
        m.ies.push(
            makr::ID_WRAPPED_KENB,
            Criticality::Reject,
            X2apIe::WrappedKenb(Box::new(makr::WrappedKeNB {
                refresh_counter: 1,
                kdf: makr::KdfAlgorithm::AesCmacCtr,
                key: item,
                extensions: Default::default(),
            })),
        );
    }
    set_x2(&mut x2req, |i, v| match (i, v) {
        (10, X2apIe::OldEnbUeX2apId(x)) => *x = Int(5),
        (11, X2apIe::TargetCellId(e)) => {
            e.plmn_identity = OctetStr(Octets::owned(PLMN.to_vec()));
            e.cell_id = BitId(0x1B << 8 | 1);
        }
        (14, X2apIe::UeContextInformation(c)) => {
            c.mme_ue_s1ap_id = Int(MME_ID as i64);
            let mut star = vec![0u8; 32];
            if plaintext {
                star[31] = 1;
            }
            c.as_security_information.key_enodeb_star = KeyBits(KeyMaterial::owned(star));
            c.as_security_information.next_hop_chaining_count = Int(0);
        }
        _ => {}
    });
    let xenc = |p: &X2apPdu<'_>| x2ap::encode(p).unwrap();
    out.send(&mut x2, Dir::Forward, 27, &xenc(&x2req));
    let mut ack = x2ap::sample_message("HandoverRequestAcknowledge", &mut rng).unwrap();
    set_x2(&mut ack, |i, v| match (i, v) {
        (10, X2apIe::OldEnbUeX2apId(x)) => *x = Int(5),
        (9, X2apIe::NewEnbUeX2apId(x)) => *x = Int(9),
        _ => {}
    });
    out.send(&mut x2, Dir::Reverse, 27, &xenc(&ack));
    let mut ps = s1("PathSwitchRequest", &mut rng);
    ids(&mut ps, MME_ID, 2);
    out.send(&mut s1b, Dir::Forward, 18, &enc(&ps));
    let nh1 = kdf::nh(&Key256::new(KASME), &Key256::new(KENB0));
    let mut psa = s1("PathSwitchRequestAcknowledge", &mut rng);
    ids(&mut psa, MME_ID, 2);
    set_s1(&mut psa, |i, v| {
        if let (40, S1apIe::SecurityContext(sc)) = (i, v) {
            sc.next_hop_chaining_count = Int(1);
            sc.next_hop_parameter = KeyBits(KeyMaterial::owned(nh1.expose().to_vec()));
        }
    });
    out.send(&mut s1b, Dir::Reverse, 18, &enc(&psa));
    let mut rel = x2ap::sample_message("UEContextRelease", &mut rng).unwrap();
    set_x2(&mut rel, |i, v| match (i, v) {
        (10, X2apIe::OldEnbUeX2apId(x)) => *x = Int(5),
        (9, X2apIe::NewEnbUeX2apId(x)) => *x = Int(9),
        _ => {}
    });
    out.send(&mut x2, Dir::Reverse, 27, &xenc(&rel));
    out.w.finish().unwrap();
    path
}

fn keys() -> KeysFile {
    KeysFile {
        kasme: vec![Kasme {
            ue: UeRef::s1(MME_ID, None),
            key: KeyMaterial::owned(KASME.to_vec()),
            nas_uplink_count: None,
            nas_downlink_count: Some(NAS_COUNT),
            eea: Some(2),
            eia: Some(2),
            line: 0,
        }],
        ..KeysFile::default()
    }
}

fn findings(o: &super::Outcome) -> Vec<(String, Vec<u64>)> {
    o.engine
        .findings
        .iter()
        .map(|f| {
            let id = match f.about {
                Some(a) => format!("{}({a})", f.rule),
                None => f.rule.to_string(),
            };
            (id, f.frames.clone())
        })
        .collect()
}

#[test]
fn makr_capture_with_kasme_is_clean() {
    let p = write_capture("makr.pcapng", false);
    let o = super::run(&p, &keys(), Limits::default()).unwrap();
    // KEK learned from the KeyDistribution, H_key deciphered from the NAS delivery, NH checked
    // against KASME: every rule checked, none violated.
    assert_eq!(findings(&o), vec![]);
    assert_eq!(o.events, 12);
    let c = o.engine.procs[&ProcKind::X2Makr];
    assert_eq!((c.started, c.complete, c.forward_secrecy), (1, 1, 1));
    assert!(!o.has_errors());
}

#[test]
fn makr_capture_without_keys_says_what_it_could_not_check() {
    let p = write_capture("makr-nokeys.pcapng", false);
    let o = super::run(&p, &KeysFile::default(), Limits::default()).unwrap();
    let f = findings(&o);
    let ids: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        ids,
        ["NO-KEYS(MAKR-KDF)", "NO-KEYS(MAKR-ORDER)", "NO-KEYS(HO-NH)"]
    );
    assert!(!o.has_errors());
}

#[test]
fn makr_capture_with_plaintext_kenb_star() {
    let p = write_capture("makr-plain.pcapng", true);
    let o = super::run(&p, &keys(), Limits::default()).unwrap();
    let f = findings(&o);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "MAKR-PLAINTEXT");
    assert!(o.has_errors());
}

#[test]
fn makr_capture_ladder() {
    let p = write_capture("makr-ladder.pcapng", true);
    let limits = Limits {
        ladder: true,
        ..Limits::default()
    };
    let o = super::run(&p, &keys(), limits).unwrap();
    let ue = super::ladder::pick(&o, Some("7@10.0.0.1")).expect("UE 7");
    let mut m = Vec::new();
    super::ladder::write(&o, ue, super::ladder::Format::Mermaid, &mut m).unwrap();
    let m = String::from_utf8(m).unwrap();
    let arrows: Vec<&str> = m.lines().filter(|l| l.contains("->>")).collect();
    let names: Vec<&str> = arrows
        .iter()
        .map(|l| {
            l.split_once(": frame ")
                .unwrap()
                .1
                .split_once(' ')
                .unwrap()
                .1
        })
        .collect();
    assert_eq!(
        names,
        [
            "InitialContextSetupRequest",
            "NeighbourKeyRequest",
            "NeighbourKeyResponse",
            "DownlinkNASTransport",
            "X2 HandoverRequest",
            "X2 HandoverRequestAcknowledge",
            "PathSwitchRequest",
            "PathSwitchRequestAcknowledge",
            "X2 UEContextRelease",
        ]
    );
    assert!(
        m.contains("Note over N2: error MAKR-PLAINTEXT: X2 HandoverRequest with WrappedKeNB sends key-eNodeB-star fp:"),
        "{m}"
    );
}
