//! `samples/violations/<RULE>.pcapng`: for each rule of key-refresh.md section 7, a small
//! capture that breaks it. Each one replays part of a clean sample written just before
//! (x2-makr, x2-handover, s1-handover, utran-lte-handover, s10-inter-mme-handover) with one
//! change: a message dropped, a field edited through the codec, or octets of a key replaced
//! in place. Deterministic: the same clean samples give the same files.

use crate::build::{self, Assoc, Capture, PPID_S1AP, PPID_X2AP};
use keyhop::capture::synth::{self, Dir};
use keyhop::capture::{AppProto, CaptureReader};
use keyhop_codec::ap::common::BitStr;
use keyhop_codec::ap::{Body, IeSet, IeValue, Pdu, PrivateIeSet, PrivateValue};
use keyhop_codec::gtpv2;
use keyhop_codec::makr::{MakrPrivateIe, NeighbourKeyResponse, WrappedKeNB, WrappedKeyItem};
use keyhop_codec::s1ap::{self, S1apIe, S1apPdu};
use keyhop_codec::security::makr::{unwrap_kenb, wrap_kenb};
use keyhop_codec::security::{Key256, WrapAlgorithm, WrapBinding};
use keyhop_codec::x2ap::{self, X2apIe, X2apPdu};
use keyhop_codec::Octets;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// One payload of a source capture: frame, addresses, protocol, octets.
struct Msg {
    frame: u64,
    src: SocketAddr,
    dst: SocketAddr,
    app: AppProto,
    data: Vec<u8>,
}

/// The payloads of `path` with frame numbers up to `last`.
fn messages(path: &Path, last: u64) -> Vec<Msg> {
    let mut r = CaptureReader::open(path).expect("a clean sample is readable");
    let mut out = Vec::new();
    while let Some(f) = r.next_frame() {
        let f = f.expect("a clean sample has whole frames");
        if f.number > last {
            break;
        }
        for p in f.payloads() {
            out.push(Msg {
                frame: f.number,
                src: p.src,
                dst: p.dst,
                app: p.app,
                data: p.data.to_vec(),
            });
        }
    }
    out
}

/// Writes `msgs` to `path`: SCTP associations (handshake at first use, the first sender as
/// client), GTP over UDP. Frame numbers of the result differ from the source's.
fn write_capture(path: &Path, msgs: &[Msg]) {
    let mut cap = Capture::create(path, 1_795_000_000);
    let mut assocs: HashMap<(SocketAddr, SocketAddr), Assoc> = HashMap::new();
    let mut ip_id = 0u16;
    for m in msgs {
        match m.app {
            AppProto::S1ap | AppProto::X2ap => {
                let ppid = if m.app == AppProto::S1ap {
                    PPID_S1AP
                } else {
                    PPID_X2AP
                };
                let (key, d) = if assocs.contains_key(&(m.dst, m.src)) {
                    ((m.dst, m.src), Dir::Reverse)
                } else {
                    ((m.src, m.dst), Dir::Forward)
                };
                let a = assocs.entry(key).or_insert_with(|| {
                    let mut a = Assoc::new(key.0, key.1);
                    cap.handshake(&mut a);
                    a
                });
                cap.send(a, d, 1, ppid, std::slice::from_ref(&m.data));
            }
            AppProto::Gtpv1c | AppProto::Gtpv2c => {
                ip_id = ip_id.wrapping_add(1);
                let dgram = synth::udp(m.src, m.dst, &m.data);
                let ip =
                    synth::ip_packet(m.src.ip(), m.dst.ip(), synth::IPPROTO_UDP, ip_id, &dgram);
                cap.ip(1_000, &ip);
            }
        }
    }
    cap.finish();
}

/// Re-encodes an S1AP message after `f` edited it.
fn edit_s1(data: &mut Vec<u8>, f: impl FnOnce(&mut S1apPdu<'_>)) {
    let copy = data.clone();
    let mut p = s1ap::decode(&copy).expect("a clean S1AP message decodes");
    f(&mut p);
    *data = build::s1ap_bytes(&p);
}

/// Re-encodes an X2AP message after `f` edited it.
fn edit_x2(data: &mut Vec<u8>, f: impl FnOnce(&mut X2apPdu<'_>)) {
    let copy = data.clone();
    let mut p = x2ap::decode(&copy).expect("a clean X2AP message decodes");
    f(&mut p);
    *data = build::x2ap_bytes(&p);
}

/// Every typed IE of an S1AP or X2AP message, to edit.
fn typed_ies<'p, 'a, V: IeSet<'a>, P: PrivateIeSet<'a>>(
    p: &'p mut Pdu<'a, V, P>,
) -> impl Iterator<Item = &'p mut V> + use<'p, 'a, V, P> {
    p.ies_mut()
        .into_iter()
        .flat_map(|l| l.items.iter_mut())
        .filter_map(|ie| match &mut ie.value {
            IeValue::Typed(v) => Some(v),
            IeValue::Raw(_) => None,
        })
}

/// The MAKR private IE of an S1AP message, if any.
fn makr_ie<'p, 'a>(p: &'p S1apPdu<'a>) -> Option<&'p MakrPrivateIe<'a>> {
    match &p.body {
        Body::Private(pm) => match &pm.ies.first()?.value {
            PrivateValue::Typed(v) => Some(v),
            _ => None,
        },
        _ => None,
    }
}

/// Replaces the octets `from` by `to` (same length) where they occur in `data`.
fn patch(data: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let at = data
        .windows(from.len())
        .position(|w| w == from)
        .expect("the octets to replace are in the message");
    data[at..at + to.len()].copy_from_slice(to);
}

fn flip_last(b: &[u8]) -> Vec<u8> {
    let mut v = b.to_vec();
    if let Some(x) = v.last_mut() {
        *x ^= 0x01;
    }
    v
}

/// The wrapped items of the NeighbourKeyResponse in `data`: (target ident, alg, octets).
fn response_items(data: &[u8]) -> Vec<([u8; 8], String, Vec<u8>)> {
    let Ok(p) = s1ap::decode(data) else {
        return Vec::new();
    };
    match makr_ie(&p) {
        Some(MakrPrivateIe::NeighbourKeyResponse(r)) => r
            .wrapped_keys
            .iter()
            .map(|i| {
                (
                    i.target_enb.ident().unwrap_or_default(),
                    i.wrap_algorithm.name().into_owned(),
                    i.wrapped_kenb.as_bytes().to_vec(),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The target ident of the X2AP WrappedKeNB in `data`.
fn x2_wrapped_target(data: &[u8]) -> Option<[u8; 8]> {
    let p = x2ap::decode(data).ok()?;
    match p.ies()?.get(keyhop_codec::makr::ID_WRAPPED_KENB) {
        Some(X2apIe::WrappedKenb(w)) => w.key.target_enb.ident(),
        _ => None,
    }
}

fn at(msgs: &mut [Msg], frame: u64) -> &mut Msg {
    msgs.iter_mut()
        .find(|m| m.frame == frame)
        .expect("the frame is in the source")
}

/// Edits the NeighbourKeyResponse of an S1AP PrivateMessage.
fn edit_response(data: &mut Vec<u8>, f: impl FnOnce(&mut NeighbourKeyResponse<'_>)) {
    edit_s1(data, |p| {
        let Body::Private(pm) = &mut p.body else {
            panic!("not a PrivateMessage")
        };
        match pm.ies.first_mut().map(|i| &mut i.value) {
            Some(PrivateValue::Typed(MakrPrivateIe::NeighbourKeyResponse(r))) => f(r),
            _ => panic!("not a NeighbourKeyResponse"),
        }
    });
}

/// Edits the WrappedKeNB of an X2AP HandoverRequest.
fn edit_wrapped(data: &mut Vec<u8>, f: impl FnOnce(&mut WrappedKeNB<'_>)) {
    edit_x2(data, |p| {
        let w = typed_ies(p)
            .find_map(|ie| match ie {
                X2apIe::WrappedKenb(w) => Some(w),
                _ => None,
            })
            .expect("the HandoverRequest carries WrappedKeNB");
        f(w);
    });
}

/// The MME-eNB key (KEK) of `enb_id`, `key_id` in the x2-makr keys file.
fn makr_kek(dir: &Path, enb_id: u32, key_id: u8) -> Vec<u8> {
    keyhop::keys::KeysFile::load(&dir.join("x2-makr.keys.toml"))
        .expect("the x2-makr keys file")
        .mme_enb_keys
        .iter()
        .find(|k| k.enb_id == enb_id && k.key_id == key_id)
        .map(|k| k.key.expose().to_vec())
        .expect("the KEK is in the x2-makr keys file")
}

/// The crypto's wrap algorithm of an item (the inverse of makr.rs's mapping).
fn crypto_alg(item: &WrappedKeyItem<'_>) -> WrapAlgorithm {
    [
        WrapAlgorithm::AesEcb,
        WrapAlgorithm::AesKw,
        WrapAlgorithm::AesCtrCmac,
    ]
    .into_iter()
    .find(|c| crate::makr::asn1_wrap(*c) == item.wrap_algorithm)
    .expect("a known wrap algorithm")
}

/// The binding of an item of `r` (key-refresh.md section 5).
fn binding(r: &NeighbourKeyResponse<'_>, item: &WrappedKeyItem<'_>) -> WrapBinding {
    WrapBinding {
        target_ident: item.target_enb.ident().expect("a known eNB kind"),
        mme_ue_s1ap_id: r.mme_ue_s1ap_id,
        refresh_counter: r.refresh_counter,
    }
}

/// Unwraps `item` (under `kek` and `from`), lets `alter` change the KeNB, and wraps it again
/// as `to_alg` under `to_kek` and `to`, keeping the IV of an aes-ctr-cmac item. Returns the
/// old and the new octets.
fn rewrap(
    item: &mut WrappedKeyItem<'_>,
    (kek, from): (&[u8], &WrapBinding),
    (to_alg, to_kek, to): (WrapAlgorithm, &[u8], &WrapBinding),
    alter: impl FnOnce(&mut [u8; 32]),
) -> (Vec<u8>, Vec<u8>) {
    let old = item.wrapped_kenb.as_bytes().to_vec();
    let mut kenb = *unwrap_kenb(crypto_alg(item), kek, &old, from)
        .expect("the clean sample's item unwraps")
        .expose();
    alter(&mut kenb);
    let mut iv = [0u8; 16];
    if crypto_alg(item) == WrapAlgorithm::AesCtrCmac {
        iv.copy_from_slice(&old[..16]);
    }
    let new = wrap_kenb(to_alg, to_kek, &Key256::new(kenb), &iv, to).expect("the KeNB wraps");
    item.wrap_algorithm = crate::makr::asn1_wrap(to_alg);
    item.wrapped_kenb = Octets::owned(new.clone());
    (old, new)
}

/// Frames of the x2-makr sample (UE 1's first key-refresh handover, samples/README.md).
mod makr_frames {
    /// KeyDistributions (step 2), one per eNB.
    pub const KEY_DISTRIBUTION: [u64; 4] = [49, 50, 51, 52];
    /// NeighbourKeyRequest (3).
    pub const REQUEST: u64 = 56;
    /// NeighbourKeyResponse (4).
    pub const RESPONSE: u64 = 57;
    /// X2AP HandoverRequest with WrappedKeNB (7).
    pub const X2_REQUEST: u64 = 59;
    /// X2AP UEContextRelease (11): the end of the first handover.
    pub const LAST: u64 = 63;
    /// UE 1's second key refresh (east -> south): NeighbourKeyResponse (13).
    pub const RESPONSE_2: u64 = 66;
    /// Its X2AP HandoverRequest.
    pub const X2_REQUEST_2: u64 = 67;
    /// Its X2AP UEContextRelease.
    pub const LAST_2: u64 = 71;
    /// UE 2's first NeighbourKeyResponse (east -> south).
    pub const UE2_RESPONSE: u64 = 76;
    /// The X2AP UEContextRelease of that handover.
    pub const UE2_LAST: u64 = 82;
}

/// x2-makr's eNB IDs.
const NORTH: u32 = 0x1a2b0;
const EAST: u32 = 0x1a2b1;

/// Writes every violation capture under `dir/violations/`.
pub fn write(dir: &Path) -> Vec<PathBuf> {
    use makr_frames::*;
    let out_dir = dir.join("violations");
    std::fs::create_dir_all(&out_dir).expect("create samples/violations");
    let mut written = Vec::new();
    let mut emit = |name: &str, msgs: &[Msg]| {
        let p = out_dir.join(format!("{name}.pcapng"));
        write_capture(&p, msgs);
        written.push(p);
    };
    let makr = || messages(&dir.join("x2-makr.pcapng"), LAST);
    let no_kd = |v: &mut Vec<Msg>| v.retain(|m| !KEY_DISTRIBUTION.contains(&m.frame));

    // MAKR-WEAK: the first handover as it is (enb-east's keyId 0 wraps with aes-ecb).
    emit("MAKR-WEAK", &makr());

    // MAKR-UNWRAP: a wrapped key with integrity, for a neighbour the UE does not go to,
    // altered in the response.
    let mut v = makr();
    let target = x2_wrapped_target(&at(&mut v, X2_REQUEST).data);
    let items = response_items(&at(&mut v, RESPONSE).data);
    let (_, _, octets) = items
        .iter()
        .find(|(t, alg, _)| Some(*t) != target && alg != "aes_ecb")
        .expect("the response has an integrity-protected item for another neighbour");
    patch(&mut at(&mut v, RESPONSE).data, octets, &flip_last(octets));
    emit("MAKR-UNWRAP", &v);

    // MAKR-PLAINTEXT: key-eNodeB-star sent in the clear beside WrappedKeNB.
    let mut v = makr();
    edit_x2(&mut at(&mut v, X2_REQUEST).data, |p| {
        for ie in typed_ies(p) {
            if let X2apIe::UeContextInformation(c) = ie {
                c.as_security_information.key_enodeb_star =
                    build::key_bits(&Key256::new([0x5a; 32]));
            }
        }
    });
    emit("MAKR-PLAINTEXT", &v);

    // MAKR-TARGET: the X2 request names a cell of enb-south, which is not in the list the
    // MME answered for enb-north (its ring neighbours are east and west).
    let mut v = makr();
    edit_x2(&mut at(&mut v, X2_REQUEST).data, |p| {
        for ie in typed_ies(p) {
            if let X2apIe::TargetCellId(e) = ie {
                e.cell_id.0 = 0x1a2b2 << 8 | 1;
            }
        }
    });
    emit("MAKR-TARGET", &v);

    // MAKR-MATCH: the WrappedKeNB names keyId 1 where the MME's item said 0 (no KEK in the
    // capture, so only the mismatch is judged).
    let mut v = makr();
    no_kd(&mut v);
    edit_x2(&mut at(&mut v, X2_REQUEST).data, |p| {
        for ie in typed_ies(p) {
            if let X2apIe::WrappedKenb(w) = ie {
                w.key.key_id ^= 1;
            }
        }
    });
    emit("MAKR-MATCH", &v);

    // MAKR-ORDER: no NeighbourKeyRequest (3) before the response (4).
    let mut v = makr();
    v.retain(|m| m.frame != REQUEST);
    emit("MAKR-ORDER", &v);

    // MAKR-KEYDIST: the KeyDistribution to enb-north also carries enb-east's first key.
    let mut v = makr();
    let east_bytes = at(&mut v, KEY_DISTRIBUTION[1]).data.clone();
    let east_pdu = s1ap::decode(&east_bytes).expect("enb-east's KeyDistribution");
    let Some(MakrPrivateIe::KeyDistribution(east)) = makr_ie(&east_pdu) else {
        panic!(
            "frame {} is enb-east's KeyDistribution",
            KEY_DISTRIBUTION[1]
        );
    };
    let east_item = east.keys[0].clone();
    let north = at(&mut v, KEY_DISTRIBUTION[0]);
    let copy = north.data.clone();
    let mut p = s1ap::decode(&copy).expect("enb-north's KeyDistribution");
    if let Body::Private(pm) = &mut p.body {
        if let Some(PrivateValue::Typed(MakrPrivateIe::KeyDistribution(k))) =
            pm.ies.first_mut().map(|i| &mut i.value)
        {
            k.keys.push(east_item);
        }
    }
    north.data = build::s1ap_bytes(&p);
    emit("MAKR-KEYDIST", &v);

    // MAKR-BINDING: UE 1's second refresh presents the octets made for another target (enb-west)
    // in the earlier refresh: the MME's response and the X2 request carry the copy. Both items
    // are aes-kw (40 octets): the same length by construction, and aes-kw has no binding of
    // its own, so only the memory of earlier items reveals the copy.
    let mut v = messages(&dir.join("x2-makr.pcapng"), LAST_2);
    let first = response_items(&at(&mut v, RESPONSE).data);
    let second = response_items(&at(&mut v, RESPONSE_2).data);
    let target_2 = x2_wrapped_target(&at(&mut v, X2_REQUEST_2).data);
    let mine = second
        .iter()
        .find(|i| Some(i.0) == target_2)
        .expect("the response has the target's item");
    let earlier = first
        .iter()
        .find(|i| i.0 != mine.0 && i.1 == mine.1)
        .expect("the first response has an item of the same algorithm for another target");
    assert_eq!(earlier.2.len(), mine.2.len());
    patch(&mut at(&mut v, RESPONSE_2).data, &mine.2, &earlier.2);
    patch(&mut at(&mut v, X2_REQUEST_2).data, &mine.2, &earlier.2);
    emit("MAKR-BINDING", &v);

    // MAKR-KDF: the target's KeNB (enb-east keyId 0, aes-ecb) wrapped correctly under its KEK
    // but not the KDF of the H_key the UE received (one bit flipped), in the response and the
    // X2 request alike. Checked with the sample's keys (H_key deciphered from the delivery).
    let mut v = makr();
    let kek = makr_kek(dir, EAST, 0);
    let mut swap = None;
    edit_response(&mut at(&mut v, RESPONSE).data, |r| {
        let r2 = r.clone();
        let item = r
            .wrapped_keys
            .iter_mut()
            .find(|i| i.target_enb.ident() == target)
            .expect("the target's item");
        let b = binding(&r2, item);
        let alg = crypto_alg(item);
        swap = Some(rewrap(item, (&kek, &b), (alg, &kek, &b), |k| k[0] ^= 0x01));
    });
    let (old, new) = swap.expect("rewrapped");
    patch(&mut at(&mut v, X2_REQUEST).data, &old, &new);
    emit("MAKR-KDF", &v);
    std::fs::copy(
        dir.join("x2-makr.keys.toml"),
        out_dir.join("MAKR-KDF.keys.toml"),
    )
    .expect("copy the keys file");

    // MAKR-FRESH: UE 1's second refresh (after its first handover completed) reuses the first
    // refreshCounter in the response and the X2 request. The response's aes-ctr-cmac item is
    // wrapped again for that counter (its tag binds the counter), so it still unwraps.
    let mut v = messages(&dir.join("x2-makr.pcapng"), LAST_2);
    let first = at(&mut v, RESPONSE).data.clone();
    let first = s1ap::decode(&first).expect("the first response");
    let Some(MakrPrivateIe::NeighbourKeyResponse(first)) = makr_ie(&first) else {
        panic!("frame {RESPONSE} is a NeighbourKeyResponse")
    };
    let reused = first.refresh_counter;
    edit_response(&mut at(&mut v, RESPONSE_2).data, |r| {
        let before = r.clone();
        r.refresh_counter = reused;
        let after = r.clone();
        for item in r.wrapped_keys.iter_mut() {
            if crypto_alg(item) == WrapAlgorithm::AesCtrCmac {
                let id = item.target_enb.enb_id.value().expect("a macro eNB ID");
                let kek = makr_kek(dir, id, item.key_id);
                let (from, to) = (binding(&before, item), binding(&after, item));
                rewrap(
                    item,
                    (&kek, &from),
                    (WrapAlgorithm::AesCtrCmac, &kek, &to),
                    |_| {},
                );
            }
        }
    });
    edit_wrapped(&mut at(&mut v, X2_REQUEST_2).data, |w| {
        w.refresh_counter = reused
    });
    emit("MAKR-FRESH", &v);

    // MAKR-KEK: in UE 2's first response, enb-north's item (not the target) names keyId 1,
    // wrapped with aes-kw under that KEK, which UE 1's second response used with aes-ctr-cmac.
    let mut v = messages(&dir.join("x2-makr.pcapng"), UE2_LAST);
    edit_response(&mut at(&mut v, UE2_RESPONSE).data, |r| {
        let r2 = r.clone();
        let item = r
            .wrapped_keys
            .iter_mut()
            .find(|i| i.target_enb.enb_id.value() == Some(NORTH))
            .expect("enb-north's item");
        let b = binding(&r2, item);
        let from = makr_kek(dir, NORTH, item.key_id);
        assert_ne!(item.key_id, 1);
        let to = makr_kek(dir, NORTH, 1);
        rewrap(item, (&from, &b), (WrapAlgorithm::AesKw, &to, &b), |_| {});
        item.key_id = 1;
    });
    emit("MAKR-KEK", &v);

    // HO-NO-FS, HO-KENBSTAR: the first legacy X2 handover of x2-handover (UE 1, alpha ->
    // bravo, frames up to its path switch acknowledge and release).
    let x2 = || messages(&dir.join("x2-handover.pcapng"), 57);
    emit("HO-NO-FS", &x2());
    let mut v = x2();
    edit_x2(&mut at(&mut v, 52).data, |p| {
        for ie in typed_ies(p) {
            if let X2apIe::UeContextInformation(c) = ie {
                let mut k = [0u8; 32];
                k.copy_from_slice(c.as_security_information.key_enodeb_star.0.expose());
                k[31] ^= 1;
                c.as_security_information.key_enodeb_star = build::key_bits(&Key256::new(k));
            }
        }
    });
    emit("HO-KENBSTAR", &v);

    // HO-NCC, HO-NH, HO-ORDER: UE 1 of s1-handover (two handovers, NCC 1 and 2).
    let s1 = || messages(&dir.join("s1-handover.pcapng"), 66);
    let set_ncc = |m: &mut Msg, f: &dyn Fn(&mut s1ap::SecurityContext<'_>)| {
        edit_s1(&mut m.data, |p| {
            for ie in typed_ies(p) {
                if let S1apIe::SecurityContext(sc) = ie {
                    f(sc);
                }
            }
        })
    };
    // The second HandoverRequest sends NCC 0 after 1: the NCC goes down.
    let mut v = s1();
    set_ncc(at(&mut v, 59), &|sc| sc.next_hop_chaining_count.0 = 0);
    emit("HO-NCC", &v);
    // The second NH altered (checked with the sample's KASME: HO-NH.keys.toml).
    let mut v = s1();
    set_ncc(at(&mut v, 59), &|sc| {
        let mut k = [0u8; 32];
        k.copy_from_slice(sc.next_hop_parameter.0.expose());
        k[0] ^= 0x80;
        sc.next_hop_parameter = build::key_bits(&Key256::new(k));
    });
    emit("HO-NH", &v);
    std::fs::copy(
        dir.join("s1-handover.keys.toml"),
        out_dir.join("HO-NH.keys.toml"),
    )
    .expect("copy the keys file");
    // The target's HandoverRequestAcknowledge of the first handover lost: the command comes
    // without it.
    let mut v = s1();
    let ack = v
        .iter()
        .find(|m| {
            m.frame > 50
                && s1ap::decode(&m.data)
                    .is_ok_and(|p| p.message_name::<s1ap::S1ap>() == "HandoverRequestAcknowledge")
        })
        .map(|m| m.frame)
        .expect("an acknowledge");
    v.retain(|m| m.frame != ack);
    emit("HO-ORDER", &v);

    // HO-MAPPED: UTRAN -> E-UTRAN with another NONCE_MME than the KeNB was derived with.
    let mut v = messages(&dir.join("utran-lte-handover.pcapng"), 12);
    patch(
        &mut at(&mut v, 7).data,
        &0x1234_5678u32.to_be_bytes(),
        &0x1234_5679u32.to_be_bytes(),
    );
    emit("HO-MAPPED", &v);

    // HO-SECCTX: an S10 Forward Relocation Request without its MM Context.
    let mut v = messages(&dir.join("s10-inter-mme-handover.pcapng"), u64::MAX);
    for m in v.iter_mut().filter(|m| m.app == AppProto::Gtpv2c) {
        let copy = m.data.clone();
        let mut g = gtpv2::parse(&copy).expect("a clean GTPv2 message");
        if g.mm_context().is_some() {
            g.ies
                .retain(|ie| !matches!(ie.value, gtpv2::IeValue::MmContext(_)));
            m.data = g.emit().expect("re-encodes");
            break;
        }
    }
    emit("HO-SECCTX", &v);

    // HO-CAPS: the target MME's HandoverRequest of the first S10 handover drops 128-EEA2 from
    // the UE security capabilities the MM Context gave it.
    let mut v = messages(&dir.join("s10-inter-mme-handover.pcapng"), 19);
    edit_s1(&mut at(&mut v, 11).data, |p| {
        for ie in typed_ies(p) {
            if let S1apIe::UeSecurityCapabilities(c) = ie {
                let mut b = c.encryption_algorithms.value.as_bytes().to_vec();
                b[0] &= !0x40;
                c.encryption_algorithms = BitStr {
                    bits: 16,
                    value: Octets::owned(b),
                };
            }
        }
    });
    emit("HO-CAPS", &v);

    written
}
