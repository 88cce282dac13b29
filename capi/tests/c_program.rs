//! The C test program (tests/c/keyhop_test.c), compiled with the system C compiler against the
//! library this crate builds and run, so `cargo test --workspace` checks the C ABI from C.
//!
//! * Inputs: a vectors file written here: one message of each kind in the samples/ captures
//!   (S1AP, X2AP, GTPv2-C, GTPv1-C) and the MAKR values of the `aper` vectors, the first
//!   HandoverRequest of samples/s1-handover.pcapng (UE 1's; reassembled from its 3 SCTP packets by keyhop's
//!   capture reader) with UE 1's KASME from samples/s1-handover.keys.toml, the `ts33401` and
//!   `wrap`/`unwrap_must_fail` vectors of codec/tests/data/key-refresh-vectors.json (an
//!   independent implementation's outputs), and K'ASME vectors computed here with the `hmac`
//!   crate straight from TS 33.220 B.2 (not through keyhop's KDF).
//! * The library: for this test cargo builds `libkeyhop_capi.a` and `.so` next to the test's
//!   executable, in `<target>/<profile>/deps`, for whatever target dir (`CARGO_TARGET_DIR`,
//!   `--target-dir`) and profile the test runs under, so the test looks beside its own path
//!   (`<target>/<profile>`, where `cargo build` puts them, only as a fallback: a test build
//!   does not refresh those). `KEYHOP_CAPI_LIB_DIR` names another directory.
//! * The compiler: `$CC`, else `cc`. The program is built twice, statically linked and against
//!   the shared library, and each build runs; under `valgrind --leak-check=full
//!   --error-exitcode=1` when valgrind is installed (`KEYHOP_VALGRIND=0` turns that off,
//!   `KEYHOP_VALGRIND=require`, as .ci/run sets it, makes a missing valgrind a failure).

use keyhop::capture::{AppProto, CaptureReader};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The directory holding libkeyhop_capi.a and libkeyhop_capi.so.
fn lib_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("KEYHOP_CAPI_LIB_DIR") {
        return PathBuf::from(d);
    }
    let exe = std::env::current_exe().expect("the test's own path");
    let deps = exe.parent().expect("the test's directory");
    for d in [deps, deps.parent().unwrap_or(deps)] {
        if d.join("libkeyhop_capi.a").is_file() && d.join("libkeyhop_capi.so").is_file() {
            return d.to_path_buf();
        }
    }
    panic!(
        "libkeyhop_capi.a/.so not found beside {} (cargo builds them with this test); set \
         KEYHOP_CAPI_LIB_DIR to their directory",
        exe.display()
    );
}

/// UE 1's first HandoverRequest in samples/s1-handover.pcapng.
fn handover_request() -> Vec<u8> {
    let path = root().join("samples/s1-handover.pcapng");
    let mut r = CaptureReader::open(&path).expect("samples/s1-handover.pcapng");
    while let Some(frame) = r.next_frame() {
        let frame = frame.expect("a frame of the sample");
        for p in frame.payloads() {
            if p.app != AppProto::S1ap {
                continue;
            }
            let Ok(pdu) = keyhop_codec::s1ap::decode(p.data) else {
                continue;
            };
            if pdu.message_name() == "HandoverRequest" {
                return p.data.to_vec();
            }
        }
    }
    panic!("no HandoverRequest in samples/s1-handover.pcapng");
}

/// One message of each (protocol, message name) in the sample captures, in capture order:
/// (protocol as keyhop_decode_json names it, message name, octets).
fn sample_messages() -> Vec<(&'static str, String, Vec<u8>)> {
    use keyhop_codec::{gtpv1, gtpv2, s1ap, x2ap};
    let mut out: Vec<(&'static str, String, Vec<u8>)> = Vec::new();
    for name in [
        "s1-handover.pcapng",
        "x2-handover.pcapng",
        "x2-makr.pcapng",
        "s10-inter-mme-handover.pcapng",
        "utran-lte-handover.pcapng",
    ] {
        let path = root().join("samples").join(name);
        let mut r = CaptureReader::open(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        while let Some(frame) = r.next_frame() {
            let frame = frame.unwrap_or_else(|e| panic!("{name}: {e}"));
            for p in frame.payloads() {
                let found = match p.app {
                    AppProto::S1ap => {
                        s1ap::decode(p.data).map(|m| ("s1ap", m.message_name().into_owned()))
                    }
                    AppProto::X2ap => {
                        x2ap::decode(p.data).map(|m| ("x2ap", m.message_name().into_owned()))
                    }
                    AppProto::Gtpv2c => {
                        gtpv2::decode(p.data).map(|m| ("gtpv2", m.message_name().to_string()))
                    }
                    AppProto::Gtpv1c => gtpv1::Message::parse_with_notes(p.data)
                        .map(|(m, _)| ("gtpv1", m.message_name().to_string())),
                };
                let (proto, msg) = found.unwrap_or_else(|e| panic!("{name}: {e}"));
                if !out.iter().any(|(p2, m2, _)| *p2 == proto && *m2 == msg) {
                    out.push((proto, msg, p.data.to_vec()));
                }
            }
        }
    }
    out
}

/// UE 1's KASME (IMSI 001010000000001) from the sample's keys file.
fn kasme_ue1() -> String {
    let text = std::fs::read_to_string(root().join("samples/s1-handover.keys.toml")).unwrap();
    let keys: toml::Value = toml::from_str(&text).unwrap();
    keys["kasme"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["imsi"].as_str() == Some("001010000000001"))
        .and_then(|k| k["key"].as_str())
        .expect("UE 1's KASME")
        .to_string()
}

/// K'ASME = HMAC-SHA-256(CK || IK, 0x18 || NONCE_MME || 0x0004) (TS 33.401 A.10 with the
/// generic KDF of TS 33.220 B.2), written out here rather than through keyhop.
fn kasme_prime(ck: &[u8; 16], ik: &[u8; 16], nonce: u32) -> String {
    use hmac::{Hmac, Mac};
    let mut key = ck.to_vec();
    key.extend_from_slice(ik);
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    m.update(&[0x18]);
    m.update(&nonce.to_be_bytes());
    m.update(&[0x00, 0x04]);
    hex::encode(m.finalize().into_bytes())
}

/// The vectors file the C program reads (its format is at the top of keyhop_test.c), and how
/// many "ok" lines a full run prints.
fn vectors() -> (String, usize) {
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("codec/tests/data/key-refresh-vectors.json")).unwrap(),
    )
    .unwrap();
    let s = |x: &serde_json::Value| x.as_str().expect("a hex string").to_string();
    let t = &v["ts33401"];
    let mut lines = vec![format!(
        "handover_request {} {}",
        hex::encode(handover_request()),
        kasme_ue1()
    )];
    let mut oks = 2; // handover_request, truncated
    let kasme = s(&t["kasme"]);
    let kenb0 = s(&t["kenb_ul_count_0"]);
    lines.push(format!("kenb {kasme} 0 {kenb0}"));
    lines.push(format!(
        "kenb {kasme} 0xffffffff {}",
        s(&t["kenb_ul_count_ffffffff"])
    ));
    lines.push(format!("nh {kasme} {kenb0} {}", s(&t["nh1"])));
    lines.push(format!("nh {kasme} {} {}", s(&t["nh1"]), s(&t["nh2"])));
    lines.push(format!("nh_chain {kasme} {kenb0} 0 {kenb0}"));
    lines.push(format!("nh_chain {kasme} {kenb0} 1 {}", s(&t["nh1"])));
    lines.push(format!("nh_chain {kasme} {kenb0} 2 {}", s(&t["nh2"])));
    lines.push(format!(
        "kenb_star {} 101 1575 {}",
        s(&t["nh1"]),
        s(&t["kenb_star_from_nh1_pci_101_earfcn_1575"])
    ));
    oks += 8;
    lines.push(format!(
        "nas_keys {kasme} 2 2 {} {}",
        s(&t["k_nas_enc_eea2"]),
        s(&t["k_nas_int_eia2"])
    ));
    oks += 2;
    for (ck, ik, nonce) in [
        ([0x11u8; 16], [0x22u8; 16], 0u32),
        (
            *b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f",
            [0xa5; 16],
            0xdead_beef,
        ),
    ] {
        lines.push(format!(
            "kasme_prime {} {} {nonce} {}",
            hex::encode(ck),
            hex::encode(ik),
            kasme_prime(&ck, &ik, nonce)
        ));
        oks += 1;
    }
    let field = |w: &serde_json::Value, k: &str| -> String {
        match &w[k] {
            serde_json::Value::Null => "-".into(),
            serde_json::Value::Number(n) => n.to_string(),
            x => s(x),
        }
    };
    // An unwrap line: the vector's inputs, then what the C test must get.
    let unwrap_line = |w: &serde_json::Value, expected: &str| {
        format!(
            "unwrap {} {} {} {} {} {} {expected}",
            s(&w["wrap"]),
            s(&w["kek"]),
            s(&w["wrapped"]),
            field(w, "target_ident"),
            field(w, "mme_ue_s1ap_id").replace('-', "0"),
            field(w, "refresh_counter").replace('-', "0"),
        )
    };
    for w in v["wrap"].as_array().unwrap() {
        // The 16-octet aes-kw vector is RFC 3394 conformance only: a KeNB is 32 octets, so the
        // unwrap refuses it.
        let kenb = s(&w["kenb"]);
        let expected = if kenb.len() == 64 {
            kenb
        } else {
            "argument".into()
        };
        lines.push(unwrap_line(w, &expected));
        oks += 1;
    }
    for w in v["unwrap_must_fail"].as_array().unwrap() {
        lines.push(unwrap_line(w, "integrity"));
        oks += 1;
    }
    // Every kind of message of the samples, and the MAKR values of the vectors with the key
    // each carries (absent from the redacted JSON, present with KEYHOP_SHOW_KEYS).
    let messages = sample_messages();
    for p in ["s1ap", "x2ap", "gtpv2", "gtpv1"] {
        assert!(
            messages.iter().any(|(q, ..)| *q == p),
            "no {p} message in the samples"
        );
    }
    for (proto, name, data) in &messages {
        lines.push(format!("message {proto} {name} {} -", hex::encode(data)));
        oks += 1;
    }
    for a in v["aper"].as_array().unwrap() {
        let value = &a["value"];
        let secret = value["keys"][0]["mme-eNB-Key"]
            .as_str()
            .or(value["wrappedKeys"][0]["wrappedKeNB"].as_str())
            .or(value["key"]["wrappedKeNB"].as_str())
            .unwrap_or("-");
        lines.push(format!(
            "message makr:{} - {} {secret}",
            s(&a["type"]),
            s(&a["aper"])
        ));
        oks += 1;
    }
    oks += 1; // errors
    (lines.join("\n") + "\n", oks)
}

fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Whether to run the program under valgrind: when it is installed, unless `KEYHOP_VALGRIND=0`;
/// `KEYHOP_VALGRIND=require` (CI) fails the test when it is missing.
fn valgrind() -> bool {
    let mode = std::env::var("KEYHOP_VALGRIND").unwrap_or_default();
    if mode == "0" {
        return false;
    }
    let installed = Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        installed || mode != "require",
        "KEYHOP_VALGRIND=require, but valgrind is not installed"
    );
    installed
}

#[test]
fn c_program_passes_against_the_static_and_the_shared_library() {
    let lib = lib_dir();
    let dir = std::env::temp_dir().join(format!("keyhop-capi-c-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (text, oks) = vectors();
    let vectors = dir.join("vectors.txt");
    std::fs::write(&vectors, text).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c/keyhop_test.c");
    let include = Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    let flags = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic"];

    // Statically: the archive, then the system libraries Rust's std needs (`rustc --print
    // native-static-libs` on this target; the README's link line).
    let static_exe = dir.join("keyhop_test_static");
    let mut c = Command::new(&cc);
    c.args(flags)
        .arg("-I")
        .arg(&include)
        .arg(&src)
        .arg(lib.join("libkeyhop_capi.a"))
        .args([
            "-lgcc_s",
            "-lutil",
            "-lrt",
            "-lpthread",
            "-lm",
            "-ldl",
            "-lc",
        ])
        .arg("-o")
        .arg(&static_exe);
    run(&mut c, "compiling keyhop_test.c (static)");

    // Against the shared library, found at run time through the rpath.
    let shared_exe = dir.join("keyhop_test_shared");
    let mut c = Command::new(&cc);
    c.args(flags)
        .arg("-I")
        .arg(&include)
        .arg(&src)
        .arg("-L")
        .arg(&lib)
        .arg("-lkeyhop_capi")
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .arg("-o")
        .arg(&shared_exe);
    run(&mut c, "compiling keyhop_test.c (shared)");

    let grind = valgrind();
    for exe in [&static_exe, &shared_exe] {
        let mut cmd = if grind {
            let mut v = Command::new("valgrind");
            v.args(["--quiet", "--leak-check=full", "--error-exitcode=1"])
                .arg(exe);
            v
        } else {
            Command::new(exe)
        };
        // cargo's LD_LIBRARY_PATH for tests lists <target>/<profile> too, where a stale
        // libkeyhop_capi.so of an earlier `cargo build` may sit (test builds do not uplift it),
        // and it outranks the rpath: the program finds this build's library by its rpath only.
        cmd.arg(&vectors).env_remove("LD_LIBRARY_PATH");
        let out = run(&mut cmd, &format!("{}", exe.display()));
        let got = out.lines().filter(|l| l.starts_with("ok ")).count();
        assert_eq!(got, oks, "every check ran:\n{out}");
        assert!(out.contains("ok handover_request\n") && out.contains("ok errors\n"));
    }
    eprintln!(
        "the C program passed its {oks} checks, statically and dynamically linked{}",
        if grind { ", under valgrind" } else { "" }
    );
    if !grind {
        eprintln!("note: valgrind is not installed: the C program ran without the leak check");
    }
    std::fs::remove_dir_all(&dir).ok();
}
