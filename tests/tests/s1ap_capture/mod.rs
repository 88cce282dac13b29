//! Small S1AP/X2AP captures written by the test synthesiser: SCTP associations carrying given
//! messages (hkey_plain, read_damage, read_key_fields, export), and a message damaged inside
//! its IEs for the damage tests.
#![allow(dead_code)]

use keyhop::capture::synth::{Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use std::path::{Path, PathBuf};

/// An S1AP HandoverNotify (MME-UE-S1AP-ID 1, eNB-UE-S1AP-ID 2, EUTRAN-CGI, TAI), canonical.
pub fn notify() -> Vec<u8> {
    use keyhop_codec::ap::common::Rng;
    let pdu = keyhop_codec::s1ap::sample_message("HandoverNotify", &mut Rng::new(7)).unwrap();
    keyhop_codec::s1ap::encode(&pdu).unwrap()
}

/// [`notify`] with its last 3 octets cut and the message's open-type length shortened to
/// match, so that decoding fails inside the IEs, not at the envelope.
pub fn notify_cut_in_its_ies() -> Vec<u8> {
    let mut bad = notify();
    bad.truncate(bad.len() - 3);
    assert!(bad[3] < 128, "one-octet open type length");
    bad[3] -= 3;
    bad
}

/// The eNB's end of [`capture`]'s association.
pub const ENB: &str = "10.0.0.2:36412";
/// The MME's end of [`capture`]'s association.
pub const MME: &str = "10.0.0.1:36412";

/// A pcapng file `name` in `dir` of one SCTP association from `from` to `to` ([`ENB`],
/// [`MME`]) carrying `payloads` as S1AP, a millisecond apart.
pub fn capture(dir: &Path, name: &str, from: &str, to: &str, payloads: &[Vec<u8>]) -> PathBuf {
    let msgs: Vec<(usize, u32, &[u8])> = payloads.iter().map(|p| (0, 18, &p[..])).collect();
    capture_on(dir, name, &[(from, to)], &msgs)
}

/// A pcapng file `name` in `dir` of the SCTP associations `assocs` (from, to), carrying
/// `msgs` in order, a millisecond apart: each the index of its association, its PPID (18
/// S1AP, 27 X2AP) and its octets.
pub fn capture_on(
    dir: &Path,
    name: &str,
    assocs: &[(&str, &str)],
    msgs: &[(usize, u32, &[u8])],
) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    let mut w = PcapNgFileWriter::create(&path).unwrap();
    let iface = w.add_interface(linktype::ETHERNET, 6).unwrap();
    let mut assocs: Vec<SctpAssoc> = assocs
        .iter()
        .map(|(from, to)| SctpAssoc::new(from.parse().unwrap(), to.parse().unwrap()))
        .collect();
    for (i, &(assoc, ppid, payload)) in msgs.iter().enumerate() {
        let a = &mut assocs[assoc];
        let chunks = a.message(Dir::Forward, 1, ppid, payload, 1400);
        let sctp = a.packet(Dir::Forward, &chunks);
        let ip = a.ip_packet(Dir::Forward, &sctp);
        let ts = Timestamp::new(1_700_000_000, i as u64 * 1000);
        w.write(iface, ts, &LinkSpec::ethernet().frame(&ip))
            .unwrap();
    }
    w.finish().unwrap();
    path
}
