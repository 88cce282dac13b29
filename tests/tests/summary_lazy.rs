//! `keyhop read`'s summary types only the S1AP/X2AP IEs it reads (dissector
//! `read::summary_lazy`) and leaves every doubtful message to the full decode. These tests
//! hold it to the full decode (`read --full-decode`, a hidden switch): the same summary text,
//! notes, errors, closing report and exit code on every sample, every shared capture and
//! damaged copies of them (bits flipped in S1AP/X2AP payloads, payloads truncated, the frames
//! around them kept valid), and, message by message, the same text, notes and error as the
//! full decoder on every payload cut at every length and flipped at random bits.

use keyhop::capture::synth::{inet_checksum, PcapNgFileWriter};
use keyhop::capture::{AppProto, CaptureReader};
use keyhop::decoded::Decoded;
use keyhop::keys::KeysFile;
use keyhop::read::summary_lazy::Decoder;
use keyhop::read::{Format, Options, Report};
use keyhop_codec::ap::common::Rng;
use keyhop_tests::{all_sample_captures, keyhop, shared_captures};
use std::path::{Path, PathBuf};

/// Every sample (samples/, samples/violations/) and every shared capture; the shared ones must
/// be there (`KEYHOP_SHARED_DIR`), as for the other tests that read them.
fn captures() -> Vec<PathBuf> {
    let dir = shared_captures()
        .expect("../shared/captures is absent (set KEYHOP_SHARED_DIR): this test needs it");
    let mut v = all_sample_captures();
    v.extend(keyhop_tests::captures_in(&dir));
    assert!(v.len() >= 25, "{} captures", v.len());
    v
}

/// The keys file beside a sample (`x.keys.toml` for `x.pcapng`), if there is one.
fn keys_of(capture: &Path) -> Option<PathBuf> {
    let k = capture.with_extension("keys.toml");
    k.exists().then_some(k)
}

/// `keyhop read` of the captures given, summary, with `--full-decode` or not: stdout, stderr,
/// exit code.
fn run_cli(capture: &Path, keys: Option<&Path>, full: bool) -> (String, String, Option<i32>) {
    let mut args = vec!["read".to_string()];
    if let Some(k) = keys {
        args.push("--keys".into());
        args.push(k.display().to_string());
    }
    if full {
        args.push("--full-decode".into());
    }
    args.push(capture.display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = keyhop(&args);
    (
        keyhop_tests::stdout(&o),
        keyhop_tests::stderr(&o),
        o.status.code(),
    )
}

/// The summary and report of `read` in this process (the CLI's exit code is the report's
/// `clean()`).
fn run_lib(capture: &Path, keys: Option<&KeysFile>, full: bool) -> (String, Report) {
    let opts = Options {
        format: Format::Summary,
        keys,
        full_decode: full,
        ..Default::default()
    };
    let mut out = Vec::new();
    let report = keyhop::read::read(&[capture.to_path_buf()], opts, &mut out)
        .unwrap_or_else(|e| panic!("read {}: {e}", capture.display()));
    (String::from_utf8(out).expect("UTF-8 summary"), report)
}

fn load_keys(p: &Path) -> KeysFile {
    KeysFile::load_reporting(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .0
}

/// What the summary path sees of one message: the summary text with the decoder's notes, or
/// the error; and for S1AP the NAS-PDUs the key analysis reads, and the event the node names
/// learn from.
fn view(app: AppProto, data: &[u8], d: &Result<Decoded<'_>, keyhop_codec::DecodeError>) -> String {
    match d {
        Err(e) => format!("error {e} {e:?}"),
        Ok(d) => {
            let mut s = Vec::new();
            d.write_summary(&mut s).unwrap();
            let mut s = String::from_utf8(s).unwrap();
            s += &format!(" notes {:?}", d.notes());
            if let Decoded::S1ap(p) = d {
                s += &format!(" nas {:?}", keyhop::analysis::nas_view::nas_pdus(p));
            }
            if keyhop::validate::extract::names_nodes(app, data) {
                s += &format!(" event {:?}", keyhop::validate::extract::extract(d, false));
            }
            s
        }
    }
}

/// The S1AP/X2AP payloads of a capture, in order.
fn ap_payloads(capture: &Path) -> Vec<(AppProto, Vec<u8>)> {
    let mut r = CaptureReader::open(capture).unwrap();
    let mut v = Vec::new();
    while let Some(Ok(f)) = r.next_frame() {
        for p in f.payloads() {
            if matches!(p.app, AppProto::S1ap | AppProto::X2ap) {
                v.push((p.app, p.data.to_vec()));
            }
        }
    }
    v
}

#[test]
fn the_summary_of_every_capture_is_that_of_the_full_decode() {
    let mut partial = 0;
    for cap in captures() {
        // The library path must take messages here, or the comparison proves nothing.
        let mut dec = Decoder::new();
        for (app, data) in ap_payloads(&cap) {
            let _ = dec.decode(app, &data);
        }
        partial += dec.stats().partial;
        let keys = keys_of(&cap);
        let mut runs = vec![None];
        if keys.is_some() {
            runs.push(keys.as_deref());
        }
        for k in runs {
            let lazy = run_cli(&cap, k, false);
            let full = run_cli(&cap, k, true);
            assert_eq!(lazy, full, "{} keys {k:?}", cap.display());
            assert!(lazy.0.lines().count() > 3, "{}: {}", cap.display(), lazy.1);
        }
    }
    assert!(partial > 500, "only {partial} messages decoded partially");
}

/// Flips 1 to 3 random bits of `d`.
fn flip(d: &mut [u8], rng: &mut Rng) {
    if d.is_empty() {
        return;
    }
    for _ in 0..1 + rng.below(3) {
        let bit = rng.below(d.len() as u64 * 8) as usize;
        d[bit / 8] ^= 0x80 >> (bit % 8);
    }
}

#[test]
fn every_message_damaged_decodes_as_the_full_decode_says() {
    // One decoder throughout: values it remembers as clean meet damaged neighbours.
    let mut dec = Decoder::new();
    let mut rng = Rng::new(0x5eed_1a2b);
    let (mut variants, mut errors, mut partial_damaged) = (0u64, 0u64, 0u64);
    let mut check = |dec: &mut Decoder, app: AppProto, d: &[u8]| {
        let before = dec.stats().partial;
        let lazy = dec.decode(app, d);
        let full = Decoded::decode(app, d);
        assert_eq!(
            view(app, d, &lazy),
            view(app, d, &full),
            "{app:?} {}",
            hex::encode(d)
        );
        variants += 1;
        errors += u64::from(full.is_err());
        partial_damaged += dec.stats().partial - before;
    };
    for cap in captures() {
        for (app, data) in ap_payloads(&cap) {
            check(&mut dec, app, &data);
            // Every cut of short messages, 48 of long ones.
            if data.len() <= 200 {
                for n in 0..data.len() {
                    check(&mut dec, app, &data[..n]);
                }
            } else {
                for _ in 0..48 {
                    let n = rng.below(data.len() as u64) as usize;
                    check(&mut dec, app, &data[..n]);
                }
            }
            for _ in 0..24 {
                let mut d = data.clone();
                flip(&mut d, &mut rng);
                check(&mut dec, app, &d);
            }
        }
    }
    eprintln!(
        "{variants} variants, {errors} errors, {partial_damaged} decoded partially; {:?}",
        dec.stats()
    );
    assert!(variants > 50_000, "{variants}");
    // Damage must both fail messages and leave some decodable, or nothing was compared.
    assert!(errors > variants / 4, "{errors} of {variants}");
    assert!(partial_damaged > 1000, "{partial_damaged}");
    let s = dec.stats();
    assert!(s.remembered > 1000 && s.checked > 1000, "{s:?}");
}

/// Where message `p` sits in `frame`: the payload the capture layer gives is its own copy, so
/// it is looked for behind an SCTP DATA chunk header of its length (the message whole in one
/// chunk; a message reassembled from several is not found and not damaged).
fn offset_in(frame: &[u8], p: &[u8]) -> Option<usize> {
    (16..=frame.len().checked_sub(p.len())?).find(|&at| {
        let h = &frame[at - 16..at];
        h[0] == 0
            && u16::from_be_bytes([h[2], h[3]]) as usize == 16 + p.len()
            && &frame[at..at + p.len()] == p
    })
}

/// Where the IP header of a frame of `link_type` starts (Ethernet with VLAN tags, Linux
/// cooked v1/v2, raw IP), if this test knows the link type.
fn ip_start(link_type: u32, d: &[u8]) -> Option<usize> {
    match link_type {
        1 => {
            let mut at = 12;
            while matches!(d.get(at..at + 2)?, [0x81, 0x00] | [0x88, 0xa8]) {
                at += 4;
            }
            Some(at + 2)
        }
        113 => Some(16),
        276 => Some(20),
        101 | 228 | 229 => Some(0),
        _ => None,
    }
}

/// Cuts the S1AP/X2AP message at `off..off + len` of `frame` to its first `keep` octets:
/// the SCTP DATA chunk's length, its padding and the IP length shrink with it (the IPv4 header
/// checksum recomputed; the SCTP CRC32c, which keyhop only notes, is left). `None` where the
/// frame is not one this test can edit (message not in one DATA chunk, IP fragment...).
fn truncate(link_type: u32, frame: &[u8], off: usize, len: usize, keep: usize) -> Option<Vec<u8>> {
    let chunk = off.checked_sub(16)?;
    let clen = u16::from_be_bytes([frame[chunk + 2], frame[chunk + 3]]) as usize;
    if frame[chunk] != 0 || clen != 16 + len {
        return None;
    }
    let ip = ip_start(link_type, frame)?;
    let pad = |n: usize| (4 - n % 4) % 4;
    let old_end = (off + len + pad(16 + len)).min(frame.len());
    let new_len = 16 + keep;
    let mut out = frame[..off + keep].to_vec();
    out.extend(std::iter::repeat_n(0, pad(new_len)));
    let delta = (old_end - off) - (keep + pad(new_len));
    out.extend_from_slice(&frame[old_end..]);
    out[chunk + 2..chunk + 4].copy_from_slice(&(new_len as u16).to_be_bytes());
    match frame.get(ip)? >> 4 {
        4 => {
            let ihl = (frame[ip] as usize & 0x0f) * 4;
            let flags = u16::from_be_bytes([frame[ip + 6], frame[ip + 7]]);
            if flags & 0x3fff != 0 {
                return None;
            }
            let total = u16::from_be_bytes([frame[ip + 2], frame[ip + 3]]) as usize;
            out[ip + 2..ip + 4].copy_from_slice(&((total - delta) as u16).to_be_bytes());
            out[ip + 10..ip + 12].copy_from_slice(&[0, 0]);
            let c = inet_checksum(&out[ip..ip + ihl]);
            out[ip + 10..ip + 12].copy_from_slice(&c.to_be_bytes());
        }
        6 => {
            let plen = u16::from_be_bytes([frame[ip + 4], frame[ip + 5]]) as usize;
            out[ip + 4..ip + 6].copy_from_slice(&((plen - delta) as u16).to_be_bytes());
        }
        _ => return None,
    }
    Some(out)
}

/// A copy of `capture` (as pcapng) with about half of its S1AP/X2AP messages damaged: bits
/// flipped, or the message truncated. Returns the path and how many messages were damaged.
fn damaged_copy(capture: &Path, seed: u64, dir: &Path) -> (PathBuf, usize) {
    let mut rng = Rng::new(seed);
    let name = capture.file_stem().unwrap().to_string_lossy();
    let path = dir.join(format!("{name}-{seed}.pcapng"));
    let mut w = PcapNgFileWriter::create(&path).unwrap();
    let mut ifaces: Vec<(u32, u32)> = Vec::new();
    let mut r = CaptureReader::open(capture).unwrap();
    let mut damaged = 0;
    while let Some(Ok(f)) = r.next_frame() {
        let mut data = f.data.to_vec();
        // Back to front, so that a cut does not move the messages before it.
        let mut spots: Vec<(usize, usize)> = f
            .payloads()
            .filter(|p| matches!(p.app, AppProto::S1ap | AppProto::X2ap))
            .filter_map(|p| Some((offset_in(f.data, p.data)?, p.data.len())))
            .collect();
        spots.sort();
        for &(off, len) in spots.iter().rev() {
            if len == 0 || !rng.chance(1, 2) {
                continue;
            }
            if rng.chance(1, 3) {
                let keep = rng.below(len as u64) as usize;
                if let Some(d) = truncate(f.link_type, &data, off, len, keep) {
                    data = d;
                    damaged += 1;
                }
            } else {
                flip(&mut data[off..off + len], &mut rng);
                damaged += 1;
            }
        }
        let iface = match ifaces.iter().find(|(lt, _)| *lt == f.link_type) {
            Some(&(_, i)) => i,
            None => {
                let i = w.add_interface(f.link_type, 9).unwrap();
                ifaces.push((f.link_type, i));
                i
            }
        };
        w.write(iface, f.timestamp, &data).unwrap();
    }
    w.finish().unwrap();
    (path, damaged)
}

#[test]
fn damaged_copies_read_as_with_the_full_decode() {
    let dir = std::env::temp_dir().join(format!("keyhop-summary-lazy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (mut damaged, mut failed, mut files) = (0, 0, 0);
    for cap in captures() {
        let keys = keys_of(&cap).map(|k| load_keys(&k));
        for seed in 0..6u64 {
            let (copy, n) = damaged_copy(&cap, seed * 7919 + files, &dir);
            damaged += n;
            let lazy = run_lib(&copy, keys.as_ref(), false);
            let full = run_lib(&copy, keys.as_ref(), true);
            assert_eq!(lazy, full, "{} (copy of {})", copy.display(), cap.display());
            failed += full.1.decode_errors;
            if seed == 0 {
                // The command itself: stderr and exit code too.
                let k = keys_of(&cap);
                assert_eq!(
                    run_cli(&copy, k.as_deref(), false),
                    run_cli(&copy, k.as_deref(), true),
                    "{}",
                    copy.display()
                );
            }
            std::fs::remove_file(&copy).unwrap();
        }
        files += 1;
    }
    let _ = std::fs::remove_dir(&dir);
    eprintln!("{files} captures, {damaged} messages damaged, {failed} failed to decode");
    assert!(damaged > 2000, "{damaged} messages damaged");
    assert!(
        failed > damaged as u64 / 5,
        "{failed} of {damaged} failed to decode"
    );
}
