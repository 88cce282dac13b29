//! The bundled samples (samples/): the generator reproduces them byte for byte, every message
//! in them decodes and re-encodes to the same octets, `keyhop read` reads them cleanly, and
//! (feature `interop`) tshark finds nothing malformed and agrees with keyhop field by field.

use keyhop::capture::{AppProto, CaptureReader, Transport};
use keyhop_codec::nas::{NasCount, NasKeys, NasPdu};
use keyhop_codec::per::{PerReader, SizeConstraint};
use keyhop_codec::s1ap::{self, S1apIe};
use keyhop_codec::security::kdf::{self, EarfcnEncoding};
use keyhop_codec::security::Direction;
use keyhop_codec::security::Key256;
use keyhop_codec::x2ap::{self, X2apIe};
use keyhop_codec::{rrc, Protocol};
use keyhop_tests::{keyhop, root, sample, stderr, stdout};
use std::collections::BTreeMap;
use std::path::Path;

/// The captures of samples/.
const CAPTURES: &[&str] = &["s1-handover.pcapng", "x2-handover.pcapng"];

/// Every file of a folder and its subfolders (samples/violations/) by path below it, with its
/// octets.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("read {}: {e}", d.display())) {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Runs the generator (keyhop-synth, the library of `keyhop-samples`) into a fresh temporary
/// folder and returns what it wrote.
fn generate(tag: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = std::env::temp_dir().join(format!("keyhop-samples-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let written = keyhop_synth::write_samples(&dir);
    assert!(!written.is_empty(), "the generator wrote nothing");
    let out = files(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

#[test]
fn generator_reproduces_every_committed_sample() {
    let first = generate("a");
    let second = generate("b");
    assert_eq!(first, second, "two runs of the generator differ");
    let mut committed = files(&root().join("samples"));
    committed.remove("README.md");
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "samples/ holds other files than the generator writes"
    );
    for (name, octets) in &committed {
        assert!(
            first[name] == *octets,
            "samples/{name} differs from what keyhop-samples writes: regenerate with \
             `cargo run -p keyhop-synth --bin keyhop-samples`"
        );
    }
    for c in CAPTURES {
        assert!(first.contains_key(*c), "{c} is generated");
    }
}

/// What a sample holds, counted while every message is decoded and re-encoded.
#[derive(Debug, Default)]
struct Census {
    frames: u64,
    messages: BTreeMap<String, u64>,
    fragmented: u64,
    bundled_frames: u64,
    ipv6_messages: u64,
}

fn census(name: &str) -> Census {
    let mut r = CaptureReader::open(sample(name)).expect("open the sample");
    let mut c = Census::default();
    while let Some(frame) = r.next_frame() {
        let frame = frame.expect("the sample reads to its end");
        c.frames += 1;
        assert!(
            frame.issues.is_empty() && frame.notes.is_empty(),
            "{name} frame {}: {:?} {:?}",
            frame.number,
            frame.issues,
            frame.notes
        );
        if frame.payload_count() > 1 {
            c.bundled_frames += 1;
        }
        for p in frame.payloads() {
            if let Transport::Sctp(s) = p.transport {
                if s.fragments > 1 {
                    c.fragmented += 1;
                }
            }
            if p.src.is_ipv6() {
                c.ipv6_messages += 1;
            }
            let at = format!("{name} frame {}", frame.number);
            let (label, again) = match p.app {
                AppProto::S1ap => {
                    let pdu = keyhop_codec::s1ap::decode(p.data)
                        .unwrap_or_else(|e| panic!("{at}: S1AP: {e}"));
                    let label = format!("s1ap:{}", pdu.message_name::<keyhop_codec::s1ap::S1ap>());
                    (label, keyhop_codec::s1ap::encode(&pdu).unwrap())
                }
                AppProto::X2ap => {
                    let pdu = keyhop_codec::x2ap::decode(p.data)
                        .unwrap_or_else(|e| panic!("{at}: X2AP: {e}"));
                    let label = format!("x2ap:{}", pdu.message_name::<keyhop_codec::x2ap::X2ap>());
                    (label, keyhop_codec::x2ap::encode(&pdu).unwrap())
                }
                AppProto::Gtpv2c => {
                    let m = keyhop_codec::gtpv2::parse(p.data)
                        .unwrap_or_else(|e| panic!("{at}: GTPv2-C: {e}"));
                    (format!("gtpv2:{}", m.message_name()), m.emit().unwrap())
                }
                AppProto::Gtpv1c => {
                    let m = keyhop_codec::gtpv1::Message::parse(p.data)
                        .unwrap_or_else(|e| panic!("{at}: GTPv1-C: {e}"));
                    ("gtpv1".to_string(), m.emit().unwrap())
                }
            };
            assert!(
                again == p.data,
                "{at}: {label} does not re-encode byte-exact"
            );
            *c.messages.entry(label).or_default() += 1;
        }
    }
    c
}

#[test]
fn every_message_of_every_sample_round_trips() {
    for name in CAPTURES {
        let c = census(name);
        assert!(c.messages.values().sum::<u64>() > 40, "{name}: {c:?}");
    }
}

#[test]
fn s1_sample_holds_the_flows_its_readme_names() {
    let c = census("s1-handover.pcapng");
    let n = |m: &str| c.messages.get(&format!("s1ap:{m}")).copied().unwrap_or(0);
    assert_eq!(n("S1SetupRequest"), 3);
    assert_eq!(n("InitialUEMessage"), 4);
    assert_eq!(n("InitialContextSetupRequest"), 4);
    assert_eq!(n("HandoverRequired"), 7);
    assert_eq!(n("HandoverRequest"), 7);
    assert_eq!(n("HandoverRequestAcknowledge"), 6);
    assert_eq!(n("HandoverCommand"), 5);
    assert_eq!(n("HandoverNotify"), 5);
    assert_eq!(n("HandoverFailure"), 1);
    assert_eq!(n("HandoverPreparationFailure"), 1);
    assert_eq!(n("HandoverCancel"), 1);
    assert_eq!(n("ENBStatusTransfer"), 5);
    assert_eq!(n("MMEStatusTransfer"), 5);
    assert_eq!(n("UEContextReleaseComplete"), 6);
    assert_eq!(c.fragmented, 1, "one message spans several SCTP packets");
    assert!(c.bundled_frames >= 4, "{c:?}");
    assert!(c.ipv6_messages > 10, "{c:?}");
}

#[test]
fn x2_sample_holds_the_flows_its_readme_names() {
    let c = census("x2-handover.pcapng");
    let n = |m: &str| c.messages.get(m).copied().unwrap_or(0);
    assert_eq!(n("s1ap:S1SetupRequest"), 3);
    assert_eq!(n("x2ap:X2SetupRequest"), 2);
    assert_eq!(n("x2ap:X2SetupResponse"), 2);
    assert_eq!(n("x2ap:HandoverRequest"), 5);
    assert_eq!(n("x2ap:HandoverRequestAcknowledge"), 4);
    assert_eq!(n("x2ap:HandoverPreparationFailure"), 1);
    assert_eq!(n("x2ap:HandoverCancel"), 1);
    assert_eq!(n("x2ap:SNStatusTransfer"), 3);
    assert_eq!(n("s1ap:PathSwitchRequest"), 3);
    assert_eq!(n("s1ap:PathSwitchRequestAcknowledge"), 3);
    assert_eq!(n("x2ap:UEContextRelease"), 3);
    assert!(c.ipv6_messages > 5, "{c:?}");
}

#[test]
fn keyhop_read_reads_every_sample_cleanly() {
    for name in CAPTURES {
        let path = sample(name);
        let o = keyhop(&["read", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(
            !out.contains("[malformed") && !out.contains("[damaged") && !out.contains("[note"),
            "{name}:\n{out}"
        );
        let lines = out.lines().filter(|l| !l.trim().is_empty()).count() as u64;
        let messages: u64 = census(name).messages.values().sum();
        assert_eq!(lines, messages, "{name}: one summary line per message");
    }
}

/// The KASMEs of a sample's keys file, in file order.
fn kasmes(keys_file: &str) -> Vec<Key256> {
    std::fs::read_to_string(sample(keys_file))
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("key = \""))
        .map(|h| {
            let b = hex::decode(h.trim_end_matches('"')).unwrap();
            Key256::new(b.try_into().unwrap())
        })
        .collect()
}

/// Every S1AP / X2AP PDU of a sample in order, with its frame number.
fn pdus(name: &str) -> Vec<(u64, Vec<u8>, AppProto)> {
    let mut r = CaptureReader::open(sample(name)).unwrap();
    let mut v = Vec::new();
    while let Some(f) = r.next_frame() {
        let f = f.unwrap();
        for p in f.payloads() {
            v.push((f.number, p.data.to_vec(), p.app));
        }
    }
    v
}

/// The rRC-Container of an S1AP Source-ToTarget / Target-ToSource transparent container
/// (SEQUENCE { rRC-Container, ... } in APER: extension bit, OPTIONAL bits, then the octets).
fn s1_rrc_container(
    ies: &keyhop_codec::ap::IeList<'_, S1apIe<'_>>,
    id: u16,
    optionals: u32,
) -> Vec<u8> {
    let Some(c) = ies.get(id).and_then(S1apIe::octets) else {
        panic!("IE {id} is an OCTET STRING")
    };
    let mut r = PerReader::new(c, Protocol::S1ap);
    r.sequence_preamble(true, optionals).unwrap();
    r.octet_string(SizeConstraint::unconstrained())
        .unwrap()
        .into_owned()
}

#[test]
fn s1_sample_keys_follow_ts_33_401() {
    let kasme = kasmes("s1-handover.keys.toml");
    // MME-UE-S1AP-ID -> (KASME, initial KeNB, NH derivations so far)
    let mut ues: BTreeMap<i64, (Key256, Key256, u32)> = BTreeMap::new();
    let (mut commands, mut preparations) = (0, 0);
    // Protected NAS by MME-UE-S1AP-ID: (frame, uplink, octets), checked once KASME is known.
    let mut nas: BTreeMap<i64, Vec<(u64, bool, Vec<u8>)>> = BTreeMap::new();
    for (frame, data, app) in pdus("s1-handover.pcapng") {
        if app != AppProto::S1ap {
            continue;
        }
        let pdu = s1ap::decode(&data).unwrap();
        let ies = pdu.ies().unwrap();
        let mme = match ies.get(0) {
            Some(S1apIe::MmeUeS1apId(v)) => v.0,
            _ => continue,
        };
        let name = pdu.message_name::<s1ap::S1ap>();
        let uplink = name == "UplinkNASTransport";
        if let Some(S1apIe::NasPdu(n)) = ies.get(26) {
            nas.entry(mme)
                .or_default()
                .push((frame, uplink, n.as_bytes().to_vec()));
        }
        if let Some(S1apIe::ERabToBeSetupListCtxtSuReq(l)) = ies.get(24) {
            for item in l.values() {
                if let Some(n) = &item.nas_pdu {
                    nas.entry(mme)
                        .or_default()
                        .push((frame, false, n.as_bytes().to_vec()));
                }
            }
        }
        match name.as_ref() {
            "InitialContextSetupRequest" => {
                let Some(S1apIe::SecurityKey(k)) = ies.get(73) else {
                    panic!("frame {frame}: no SecurityKey")
                };
                let km = kasme[ues.len()].clone();
                let kenb = kdf::kenb(&km, 0);
                assert_eq!(
                    k.0.expose(),
                    kenb.expose(),
                    "frame {frame}: KeNB = KDF(KASME, 0)"
                );
                ues.insert(mme, (km, kenb, 0));
            }
            "HandoverRequest" => {
                let (km, kenb, chain) = ues.get_mut(&mme).unwrap();
                *chain += 1;
                let Some(S1apIe::SecurityContext(sc)) = ies.get(40) else {
                    panic!("frame {frame}: no SecurityContext")
                };
                let nh = kdf::nh_chain(km, kenb, *chain);
                assert_eq!(
                    sc.next_hop_parameter.0.expose(),
                    nh.expose(),
                    "frame {frame}: NH"
                );
                assert_eq!(
                    sc.next_hop_chaining_count.0,
                    (*chain % 8) as i64,
                    "frame {frame}"
                );
                let src = rrc::handover_preparation_source(&s1_rrc_container(
                    ies,
                    s1ap::id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER,
                    3,
                ))
                .unwrap_or_else(|e| panic!("frame {frame}: {e}"));
                assert!(
                    src.pci.is_some() && src.dl_earfcn.is_some(),
                    "frame {frame}"
                );
                preparations += 1;
            }
            "HandoverCommand" => {
                let cell = rrc::handover_command_target(&s1_rrc_container(
                    ies,
                    s1ap::id::TARGET_TO_SOURCE_TRANSPARENT_CONTAINER,
                    1,
                ))
                .unwrap_or_else(|e| panic!("frame {frame}: {e}"));
                assert!(
                    [101, 202, 303].contains(&cell.pci),
                    "frame {frame}: {cell:?}"
                );
                commands += 1;
            }
            _ => {}
        }
    }
    assert_eq!((ues.len(), preparations, commands), (4, 7, 5));
    // Every protected NAS message verifies under the UE's K_NASint (COUNT = its sequence
    // number: no overflow in these short flows); ciphered ones decipher to EMM messages.
    let mut protected = 0;
    for (mme, list) in &nas {
        let keys = NasKeys::from_kasme(&ues[mme].0, 2, 2);
        for (frame, uplink, octets) in list {
            let NasPdu::Protected(p) = NasPdu::decode(octets).unwrap() else {
                continue;
            };
            let dir = if *uplink {
                Direction::Uplink
            } else {
                Direction::Downlink
            };
            let count = NasCount::from_value(p.sequence_number as u32);
            keys.verify(&p, count, dir)
                .unwrap_or_else(|e| panic!("frame {frame}: {e}"));
            let plain = keys.decipher(&p, count, dir).unwrap();
            assert_eq!(plain[0], 0x07, "frame {frame}: a plain EMM message inside");
            protected += 1;
        }
    }
    assert_eq!(
        protected, 16,
        "SMC, SMC complete, Attach Accept, Attach Complete per UE"
    );
    // UE 1 handed over twice: its chain is at NCC 2.
    assert_eq!(ues.values().map(|u| u.2).max(), Some(2));
}

#[test]
fn x2_sample_keys_follow_ts_33_401() {
    struct Ue {
        kasme: Key256,
        initial: Key256,
        current: Key256,
        unused_nh: Option<(Key256, i64)>,
        ncc: i64,
        chain: u32,
    }
    let kasme = kasmes("x2-handover.keys.toml");
    let mut ues: BTreeMap<i64, Ue> = BTreeMap::new();
    // Old eNB UE X2AP ID -> (MME-UE-S1AP-ID, KeNB*, NCC, source EARFCN)
    let mut pending: BTreeMap<i64, (i64, Vec<u8>, i64, u32)> = BTreeMap::new();
    let mut checked = 0;
    let mut completing: BTreeMap<i64, Key256> = BTreeMap::new();
    for (frame, data, app) in pdus("x2-handover.pcapng") {
        match app {
            AppProto::S1ap => {
                let pdu = s1ap::decode(&data).unwrap();
                let ies = pdu.ies().unwrap();
                let name = pdu.message_name::<s1ap::S1ap>();
                if name == "InitialContextSetupRequest" {
                    let Some(S1apIe::MmeUeS1apId(m)) = ies.get(0) else {
                        panic!()
                    };
                    let Some(S1apIe::SecurityKey(k)) = ies.get(73) else {
                        panic!()
                    };
                    let km = kasme[ues.len()].clone();
                    let kenb = kdf::kenb(&km, 0);
                    assert_eq!(k.0.expose(), kenb.expose(), "frame {frame}");
                    ues.insert(
                        m.0,
                        Ue {
                            kasme: km,
                            initial: kenb.clone(),
                            current: kenb,
                            unused_nh: None,
                            ncc: 0,
                            chain: 0,
                        },
                    );
                } else if name == "PathSwitchRequestAcknowledge" {
                    let Some(S1apIe::MmeUeS1apId(m)) = ies.get(0) else {
                        panic!()
                    };
                    let Some(S1apIe::SecurityContext(sc)) = ies.get(40) else {
                        panic!()
                    };
                    let ue = ues.get_mut(&m.0).unwrap();
                    ue.chain += 1;
                    let nh = kdf::nh_chain(&ue.kasme, &ue.initial, ue.chain);
                    assert_eq!(
                        sc.next_hop_parameter.0.expose(),
                        nh.expose(),
                        "frame {frame}"
                    );
                    assert_eq!(sc.next_hop_chaining_count.0, ue.chain as i64 % 8);
                    ue.current = completing.remove(&m.0).expect("a handover completes");
                    ue.unused_nh = Some((nh, ue.chain as i64 % 8));
                }
            }
            AppProto::X2ap => {
                let pdu = x2ap::decode(&data).unwrap();
                let ies = pdu.ies().unwrap();
                let old = match ies.get(10) {
                    Some(X2apIe::OldEnbUeX2apId(v)) => v.0,
                    _ => continue,
                };
                match pdu.message_name::<x2ap::X2ap>().as_ref() {
                    "HandoverRequest" => {
                        let Some(X2apIe::UeContextInformation(c)) = ies.get(14) else {
                            panic!()
                        };
                        // A legacy sample: no MAKR WrappedKeNB (those flows are in x2-makr).
                        assert!(ies.get(60004).is_none(), "frame {frame}");
                        let src = rrc::handover_preparation_source(c.rrc_context.as_bytes())
                            .unwrap_or_else(|e| panic!("frame {frame}: {e}"));
                        let a = &c.as_security_information;
                        pending.insert(
                            old,
                            (
                                c.mme_ue_s1ap_id.0,
                                a.key_enodeb_star.0.expose().to_vec(),
                                a.next_hop_chaining_count.0,
                                src.dl_earfcn.unwrap(),
                            ),
                        );
                    }
                    "HandoverRequestAcknowledge" => {
                        let (mme, star, ncc, src_earfcn) = pending[&old].clone();
                        let Some(X2apIe::TargetEnbToSourceEnbTransparentContainer(t)) = ies.get(12)
                        else {
                            panic!()
                        };
                        let cell = rrc::handover_command_target(t.as_bytes())
                            .unwrap_or_else(|e| panic!("frame {frame}: {e}"));
                        let earfcn = cell.dl_earfcn.unwrap_or(src_earfcn);
                        let ue = &ues[&mme];
                        let (k, k_ncc) = match &ue.unused_nh {
                            Some((nh, n)) => (nh.clone(), *n),
                            None => (ue.current.clone(), ue.ncc),
                        };
                        let want =
                            kdf::kenb_star(&k, cell.pci, earfcn, EarfcnEncoding::ByValue).unwrap();
                        assert_eq!(star, want.expose().to_vec(), "frame {frame}: KeNB*");
                        assert_eq!(ncc, k_ncc, "frame {frame}: NCC");
                        completing.insert(mme, want);
                        checked += 1;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    // Every acknowledged request: UE 1 alpha->bravo (from KeNB) and bravo->charlie (from NH),
    // UE 2's cancelled one, UE 3 bravo->alpha (from KeNB).
    assert_eq!(checked, 4);
    assert_eq!(ues.len(), 3);
}

/// tshark and the comparison script (interop feature: a missing tool fails).
#[cfg(feature = "interop")]
mod interop {
    use super::*;
    use keyhop_tests::{passed_summary, python};
    use std::io::Write;
    use std::process::{Command, Stdio};

    #[test]
    fn tshark_finds_nothing_malformed_and_no_error() {
        for name in CAPTURES {
            let path = sample(name);
            let o = Command::new("tshark")
                .args(["-r", path.to_str().unwrap(), "-Y"])
                .arg("_ws.malformed || _ws.expert.severity == error || _ws.expert.severity == warning")
                .args(["-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message"])
                .output()
                .expect("run tshark");
            assert!(
                o.status.success(),
                "tshark failed on {name}: {}",
                stderr(&o)
            );
            assert_eq!(stdout(&o).trim(), "", "tshark flags frames of {name}");
            let all = Command::new("tshark")
                .args(["-r", path.to_str().unwrap()])
                .output()
                .expect("run tshark");
            let frames = stdout(&all).lines().count() as u64;
            assert_eq!(
                frames,
                census(name).frames,
                "{name}: tshark reads every frame"
            );
        }
    }

    fn compare(name: &str) -> String {
        let cap = sample(name);
        let jsonl = keyhop_tests::keyhop_jsonl(&cap);
        keyhop_tests::tshark_compare(&cap, &jsonl, &[])
    }

    /// Every RRC container of the samples: ("hpi" | "hc", octets).
    fn rrc_containers() -> Vec<(&'static str, Vec<u8>)> {
        let mut v = Vec::new();
        for name in CAPTURES {
            for (_, data, app) in pdus(name) {
                match app {
                    AppProto::S1ap => {
                        let pdu = s1ap::decode(&data).unwrap();
                        let ies = pdu.ies().unwrap();
                        if ies.get(104).is_some() {
                            v.push((
                                "hpi",
                                s1_rrc_container(
                                    ies,
                                    s1ap::id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER,
                                    3,
                                ),
                            ));
                        }
                        if ies.get(123).is_some() {
                            v.push((
                                "hc",
                                s1_rrc_container(
                                    ies,
                                    s1ap::id::TARGET_TO_SOURCE_TRANSPARENT_CONTAINER,
                                    1,
                                ),
                            ));
                        }
                    }
                    AppProto::X2ap => {
                        let pdu = x2ap::decode(&data).unwrap();
                        let ies = pdu.ies().unwrap();
                        if let Some(X2apIe::UeContextInformation(c)) = ies.get(14) {
                            v.push(("hpi", c.rrc_context.as_bytes().to_vec()));
                        }
                        if let Some(X2apIe::TargetEnbToSourceEnbTransparentContainer(t)) =
                            ies.get(12)
                        {
                            v.push(("hc", t.as_bytes().to_vec()));
                        }
                    }
                    _ => {}
                }
            }
        }
        v
    }

    /// pycrate's RRCLTE decodes every container of the samples and re-encodes the same octets.
    #[test]
    fn pycrate_decodes_every_rrc_container() {
        const SCRIPT: &str = "
import sys
from pycrate_asn1dir import RRCLTE
I = RRCLTE.EUTRA_InterNodeDefinitions
types = {'hpi': I.HandoverPreparationInformation, 'hc': I.HandoverCommand}
bad = 0
n = 0
for line in sys.stdin:
    kind, h = line.split()
    t = types[kind]
    b = bytes.fromhex(h)
    try:
        t.from_uper(b)
        v = t.get_val()
        t.set_val(v)
        if t.to_uper() != b:
            raise ValueError('re-encodes differently')
    except Exception as e:
        bad += 1
        print('FAIL', kind, h, e)
    n += 1
print('checked', n, 'failed', bad)
sys.exit(1 if bad else 0)
";
        let containers = rrc_containers();
        assert!(containers.len() > 20, "{}", containers.len());
        let input: String = containers
            .iter()
            .map(|(k, b)| format!("{k} {}\n", hex::encode(b)))
            .collect();
        let mut child = Command::new(python())
            .args(["-c", SCRIPT])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run python with pycrate (set KEYHOP_PYTHON)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let report = format!("{}{}", stdout(&out), stderr(&out));
        assert!(out.status.success(), "{report}");
        assert!(
            report.contains(&format!("checked {} failed 0", containers.len())),
            "{report}"
        );
    }

    #[test]
    fn s1_sample_agrees_with_tshark() {
        let r = compare("s1-handover.pcapng");
        assert!(passed_summary(&r).0 >= 87, "{r}");
    }

    #[test]
    fn x2_sample_agrees_with_tshark() {
        let r = compare("x2-handover.pcapng");
        assert!(passed_summary(&r).0 >= 54, "{r}");
    }
}
