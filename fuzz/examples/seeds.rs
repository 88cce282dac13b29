//! Writes the seed corpora into `corpus/<target>/` from what the repository already holds:
//! the S1AP PDUs of codec/tests/data/s1ap_captures.txt, the payloads and frames of the sample
//! captures (written afresh by keyhop-synth, the generator of samples/, into a temporary folder) and
//! of the shared captures, the key-refresh and RRC vectors, sample S1AP/X2AP messages, the synth
//! GTP messages and a keys file. Run from fuzz/: `cargo run --example seeds [SHARED_CAPTURES]`,
//! then minimise with `cargo fuzz cmin`.

use keyhop::capture::synth::PcapFileWriter;
use keyhop::capture::{AppProto, CaptureReader};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

struct Corpus {
    root: PathBuf,
    seen: BTreeSet<(String, Vec<u8>)>,
}

impl Corpus {
    fn add(&mut self, target: &str, data: &[u8]) {
        if data.is_empty() || !self.seen.insert((target.to_string(), data.to_vec())) {
            return;
        }
        let dir = self.root.join(target);
        fs::create_dir_all(&dir).unwrap();
        // Named by content, as libFuzzer names its own inputs (FNV-1a: no extra dependency).
        let mut h: u64 = 0xcbf29ce484222325;
        for &b in data {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
        fs::write(dir.join(format!("seed-{h:016x}")), data).unwrap();
    }

    fn app(&mut self, app: AppProto, data: &[u8]) {
        match app {
            AppProto::S1ap => {
                self.add("s1ap", data);
                self.add("makr", &[[7].as_slice(), data].concat());
            }
            AppProto::X2ap => self.add("x2ap", data),
            AppProto::Gtpv2c => self.add("gtpv2", data),
            AppProto::Gtpv1c => self.add("gtpv1", data),
        }
    }

    /// Payloads and (a few per application) frames of a capture, and its first frames as a
    /// small pcap file for the pipeline target.
    fn capture(&mut self, path: &Path, frames_per_app: usize) {
        let mut r = CaptureReader::open(path).unwrap();
        let mut small: Option<PcapFileWriter<Vec<u8>>> = None;
        let mut kept = std::collections::BTreeMap::<String, usize>::new();
        let mut n = 0;
        while let Some(f) = r.next_frame() {
            let Ok(f) = f else { break };
            n += 1;
            let w = small.get_or_insert_with(|| {
                PcapFileWriter::new(Vec::new(), f.link_type, true, false).unwrap()
            });
            if n <= 12 {
                w.write(f.timestamp, f.data).unwrap();
            }
            for p in f.payloads() {
                self.app(p.app, p.data);
                let k = kept.entry(p.app.name().to_string()).or_default();
                if *k < frames_per_app {
                    *k += 1;
                    let data = f.data.to_vec();
                    self.add("capture_layers", &data);
                }
            }
        }
        if let Some(w) = small {
            let bytes = w.finish().unwrap();
            self.add("capture_file", &bytes);
        }
    }
}

fn hex_field(v: &serde_json::Value, k: &str) -> Option<Vec<u8>> {
    hex::decode(v.get(k)?.as_str()?).ok()
}

fn main() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = fuzz.parent().unwrap();
    let mut c = Corpus {
        root: fuzz.join("corpus"),
        seen: BTreeSet::new(),
    };
    // The sample captures as the generator writes them now (samples/ holds the same octets,
    // tests/tests/samples.rs checks it), so the seeds follow the generator.
    let samples = std::env::temp_dir().join(format!("keyhop-fuzz-seeds-{}", std::process::id()));
    let _ = fs::remove_dir_all(&samples);
    keyhop_synth::write_samples(&samples);

    // S1AP PDUs from real captures.
    let caps = fs::read_to_string(repo.join("codec/tests/data/s1ap_captures.txt")).unwrap();
    for line in caps.lines() {
        if let Some(h) = line.split_whitespace().nth(2) {
            c.app(AppProto::S1ap, &hex::decode(h).unwrap());
        }
    }

    // Captures: the repository's sample and the shared third-party ones.
    c.capture(&samples.join("s1-handover.pcapng"), 6);
    let shared = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            ["../shared/captures", "../../shared/captures"]
                .iter()
                .map(|p| repo.join(p))
                .find(|p| p.is_dir())
                .expect("shared captures: pass their folder")
        });
    for e in fs::read_dir(&shared).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "pcapng") {
            c.capture(&p, 2);
        }
    }
    let s1 = fs::read(samples.join("s1-handover.pcapng")).unwrap();
    c.add("capture_file", &s1);
    // Compressed copies: the reader knows gzip and LZ4 by their first octets (zstd is off in
    // the fuzz build).
    {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&s1).unwrap();
        c.add("capture_file", &gz.finish().unwrap());
        let mut lz = lz4_flex::frame::FrameEncoder::new(Vec::new());
        lz.write_all(&s1).unwrap();
        c.add("capture_file", &lz.finish().unwrap());
    }

    // read_output and export: the samples whose keys its keys file and canary list hold, and s1-handover
    // with the first SecurityContext IE id bit-flipped (0x0028 -> 0x2028: a raw IE carrying NH).
    for name in ["s1-handover", "x2-handover", "x2-makr"] {
        let cap = fs::read(samples.join(format!("{name}.pcapng"))).unwrap();
        // export takes the same files (its oracle holds it to read on them), and each with
        // one octet more: a file of odd length is exported by hour (a cut record at its end).
        let mut odd = cap.clone();
        odd.push(0);
        c.add("export", &odd);
        for target in ["read_output", "export"] {
            c.add(target, &cap);
            if let Some(at) = cap.windows(4).position(|w| w == [0x00, 0x28, 0x00, 0x21]) {
                let mut flipped = cap.clone();
                flipped[at] ^= 0x20;
                c.add(target, &flipped);
            }
        }
    }

    // Key-refresh vectors: MAKR APER values, the private message, the H_key delivery.
    let v: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(repo.join("codec/tests/data/key-refresh-vectors.json")).unwrap(),
    )
    .unwrap();
    let types = [
        "EnbIdentity",
        "KeyDistribution",
        "KeyDistributionItem",
        "NeighbourKeyRequest",
        "NeighbourKeyResponse",
        "WrappedKeyItem",
        "WrappedKeNB",
    ];
    for a in v["aper"].as_array().unwrap() {
        let t = a["type"].as_str().unwrap();
        if let (Some(i), Some(b)) = (types.iter().position(|x| *x == t), hex_field(a, "aper")) {
            c.add("makr", &[[i as u8].as_slice(), &b].concat());
        }
        if let Some(b) = hex_field(a, "s1ap_private_message") {
            c.app(AppProto::S1ap, &b);
        }
    }
    for k in ["plain_nas", "protected_nas"] {
        c.add("nas", &hex_field(&v["hkey_delivery"], k).unwrap());
    }

    // RRC vectors: the first octet picks the decoder (see oracle::rrc).
    let r: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(repo.join("codec/tests/data/rrc_vectors.json")).unwrap(),
    )
    .unwrap();
    for h in r["handover_command"].as_array().unwrap() {
        c.add(
            "rrc",
            &[[0u8].as_slice(), &hex_field(h, "hex").unwrap()].concat(),
        );
        c.add(
            "rrc",
            &[[2u8].as_slice(), &hex_field(h, "dl_dcch_hex").unwrap()].concat(),
        );
    }
    for h in r["handover_preparation"].as_array().unwrap() {
        c.add(
            "rrc",
            &[[1u8].as_slice(), &hex_field(h, "hex").unwrap()].concat(),
        );
    }

    // Sample messages of the codec's generators (every message type they know).
    let mut rng = keyhop_codec::ap::common::Rng::new(7);
    use keyhop_codec::ap::{ApProtocol, PduType};
    for code in 0..=255u8 {
        for t in [
            PduType::InitiatingMessage,
            PduType::SuccessfulOutcome,
            PduType::UnsuccessfulOutcome,
        ] {
            if let Some(name) = keyhop_codec::s1ap::S1ap::message_name(code, t) {
                if let Some(p) = keyhop_codec::s1ap::sample_message(name, &mut rng) {
                    c.app(AppProto::S1ap, &keyhop_codec::s1ap::encode(&p).unwrap());
                }
            }
            if let Some(name) = keyhop_codec::x2ap::X2ap::message_name(code, t) {
                if let Some(p) = keyhop_codec::x2ap::sample_message(name, &mut rng) {
                    c.app(AppProto::X2ap, &keyhop_codec::x2ap::encode(&p).unwrap());
                }
            }
        }
    }

    use keyhop_fuzz::oracle::validate::seed_from_capture;
    // The validator: every sample capture's payloads in order, with its keys file (the
    // violations of MAKR rules use x2-makr's, see samples/README.md) and without keys, and
    // s1-handover with a single UE context (evictions).
    let mut caps: Vec<PathBuf> = Vec::new();
    for dir in [samples.clone(), samples.join("violations")] {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "pcapng") {
                caps.push(p);
            }
        }
    }
    caps.sort();
    for p in &caps {
        let own = p.with_extension("keys.toml");
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let keys = if own.exists() {
            fs::read_to_string(own).unwrap()
        } else if stem.starts_with("MAKR-") {
            fs::read_to_string(samples.join("x2-makr.keys.toml")).unwrap()
        } else {
            String::new()
        };
        c.add("validate", &seed_from_capture(p, 64, &keys));
        if !keys.is_empty() {
            c.add("validate", &seed_from_capture(p, 64, ""));
        }
    }
    c.add(
        "validate",
        &seed_from_capture(&samples.join("s1-handover.pcapng"), 1, ""),
    );

    // GTP from the synth writers; a keys file.
    use keyhop::capture::synth;
    c.app(AppProto::Gtpv2c, &synth::gtpv2_echo_request(1, 4));
    c.app(AppProto::Gtpv1c, &synth::gtpv1_echo_request(1));
    c.add("keys", include_bytes!("seed_keys.toml"));
    let _ = fs::remove_dir_all(&samples);
}
