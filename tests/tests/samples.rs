//! The bundled samples (samples/): the generator reproduces them byte for byte, every message
//! in them decodes and re-encodes to the same octets, `keyhop read` reads them cleanly, and
//! (feature `interop`) tshark finds nothing malformed and agrees with keyhop field by field.

use keyhop::capture::{AppProto, CaptureReader, Transport};
use keyhop_tests::{keyhop, root, sample, stderr, stdout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The captures of samples/.
const CAPTURES: &[&str] = &["s1-handover.pcapng", "x2-handover.pcapng"];

/// The `keyhop-samples` generator, built once with the tests' profile.
fn generator() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "keyhop",
                "--bin",
                "keyhop-samples",
            ])
            .current_dir(root())
            .status()
            .expect("run cargo build for keyhop-samples");
        assert!(status.success(), "cargo build of keyhop-samples failed");
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target"))
            .join("debug")
            .join("keyhop-samples")
    })
    .clone()
}

/// Every file of a folder by name, with its octets.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Runs the generator into a fresh temporary folder and returns what it wrote.
fn generate(tag: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = std::env::temp_dir().join(format!("keyhop-samples-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let o = Command::new(generator())
        .arg(&dir)
        .output()
        .expect("run keyhop-samples");
    assert!(o.status.success(), "keyhop-samples failed: {}", stderr(&o));
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
             `cargo run -p keyhop --bin keyhop-samples`"
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

/// tshark and the comparison script (interop feature: a missing tool fails).
#[cfg(feature = "interop")]
mod interop {
    use super::*;
    use keyhop_tests::python;
    use std::io::Write;
    use std::process::Stdio;

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

    /// `--known-gap` for every frame holding `message`: a field the comparison cannot match.
    fn gaps_for(jsonl: &str, message: &str, field: &str) -> Vec<String> {
        jsonl
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|r| r["message"] == message)
            .flat_map(|r| ["--known-gap".to_string(), format!("{}:{field}", r["frame"])])
            .collect()
    }

    fn compare(name: &str) -> String {
        let cap = sample(name);
        let o = keyhop(&[
            "read",
            "--format",
            "jsonl",
            "--show-keys",
            cap.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let jsonl = stdout(&o);
        // Two disagreements of the comparison's extraction, not of the PDUs: tshark shows the
        // TAC inside TargetID as a number where keyhop (docs/json.md) shows the OCTET STRING as
        // hex, and tshark names PathSwitchRequest's Source-MME-UE-S1AP-ID by its type
        // (MME_UE_S1AP_ID) where keyhop names the IE (source_mme_ue_s1ap_id).
        let mut extra = gaps_for(&jsonl, "HandoverRequired", "target_id");
        extra.extend(gaps_for(&jsonl, "PathSwitchRequest", "mme_ue_s1ap_id"));
        let mut child = Command::new(python())
            .arg(root().join("tests/interop/tshark_compare.py"))
            .arg(&cap)
            .args(["--keyhop", "-"])
            .args(&extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run python (set KEYHOP_PYTHON) with tshark_compare.py");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(jsonl.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let report = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            out.status.success(),
            "tshark and keyhop disagree on {name}:\n{report}"
        );
        report
    }

    fn passed(report: &str) -> u64 {
        let line = report
            .lines()
            .rev()
            .find(|l| l.contains(" passed, "))
            .expect("a summary line");
        line.split_whitespace().next().unwrap().parse().unwrap()
    }

    #[test]
    fn s1_sample_agrees_with_tshark() {
        let r = compare("s1-handover.pcapng");
        assert!(passed(&r) >= 87, "{r}");
    }

    #[test]
    fn x2_sample_agrees_with_tshark() {
        let r = compare("x2-handover.pcapng");
        assert!(passed(&r) >= 54, "{r}");
    }
}
