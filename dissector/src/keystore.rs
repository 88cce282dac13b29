//! The keys `keyhop read` and `keyhop validate` know while it walks a capture (key-refresh.md section 8): those of the
//! keys file, which apply to the whole capture, and those learned from it (KeyDistribution
//! messages, GTP MM Contexts, deciphered H_key deliveries), which apply from the frame that
//! carried them on. Where a file key and a learned one disagree, the file wins and the
//! disagreement is returned to the caller as a [`Conflict`] (KEYS-CONFLICT).
//!
//! UEs are named by MME-UE-S1AP-ID (with the MME's address where known) and by IMSI where seen.
//! Memory is bounded: at most [`MAX_UES`] UE contexts (the least recently seen is dropped) and a
//! few learned values per key.

use crate::keys::{KeysFile, UeRef};
use keyhop_codec::nas::hkey::HkeyDelivery;
use keyhop_codec::nas::security::{CountHint, CountSource, NasCount, NasKeys};
use keyhop_codec::nas::NasPdu;
use keyhop_codec::security::keys::{Key128, Key256, SecretKey};
use keyhop_codec::security::Direction;
use keyhop_codec::security::KdfAlgorithm;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// UE contexts kept at once; beyond, the least recently seen one is dropped. About 0.8 KB each:
/// this keeps `keyhop read` near 20 MiB whatever the capture size.
pub const MAX_UES: usize = 16_384;
/// Learned values kept per key (older ones are forgotten).
const HISTORY: usize = 4;
/// Keys-file entries for UEs not yet seen, kept at most.
const MAX_PENDING: usize = 65_536;

/// Where a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The keys file (whole capture).
    File,
    /// Learned from the capture at this frame.
    Learned(u64),
}

impl Origin {
    /// `file` or `frame N`.
    pub fn describe(self) -> String {
        match self {
            Origin::File => "keys file".into(),
            Origin::Learned(f) => format!("frame {f}"),
        }
    }
}

/// A file key and a learned one that disagree (KEYS-CONFLICT): the file's value is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Which key (`mme_enb_key 001-01:macro:1a2b3 keyId 0`, `kasme of UE ...`).
    pub what: String,
    /// The frame that carried the disagreeing value.
    pub frame: u64,
}

/// One key: the file's value and the values learned, each from its frame on.
#[derive(Debug, Clone)]
pub struct Slot<T> {
    file: Option<T>,
    learned: Vec<(u64, T)>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            file: None,
            learned: Vec::new(),
        }
    }
}

impl<T: PartialEq + Clone> Slot<T> {
    /// A slot holding the keys file's value.
    pub fn from_file(v: T) -> Self {
        Slot {
            file: Some(v),
            learned: Vec::new(),
        }
    }

    /// Sets the file's value (the last one given wins).
    pub fn set_file(&mut self, v: T) {
        self.file = Some(v);
    }

    /// Records `v` learned at `frame`. True when a file value exists and differs (a conflict).
    pub fn learn(&mut self, frame: u64, v: T) -> bool {
        let conflict = self.file.as_ref().is_some_and(|f| *f != v);
        // Learned values come in frame order; a repeat of the current value adds nothing.
        if self.learned.last().map(|(_, x)| x) != Some(&v) {
            if self.learned.len() == HISTORY {
                self.learned.remove(0);
            }
            self.learned.push((frame, v));
        }
        conflict
    }

    /// The value in force at `frame`: the file's, else the latest learned at or before `frame`.
    pub fn get(&self, frame: u64) -> Option<(&T, Origin)> {
        if let Some(f) = &self.file {
            return Some((f, Origin::File));
        }
        self.learned
            .iter()
            .rev()
            .find(|(at, _)| *at <= frame)
            .map(|(at, v)| (v, Origin::Learned(*at)))
    }

    /// True when neither the file nor the capture gave a value.
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.learned.is_empty()
    }
}

/// A UE as the capture names it: MME-UE-S1AP-ID and the MME's address (None when unknown).
pub type S1Id = (u32, Option<IpAddr>);

/// An H_key with the KDF its delivery named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HKey {
    /// The key, 16 or 32 octets.
    pub key: SecretKey,
    /// The KDF (None when only the keys file gave it: the response names it).
    pub kdf: Option<KdfAlgorithm>,
}

/// What is known of one UE.
#[derive(Debug, Default)]
pub struct UeKeys {
    /// IMSI, where seen or given.
    pub imsi: Option<String>,
    /// MME-UE-S1AP-IDs the UE held.
    pub s1_ids: Vec<S1Id>,
    /// KASME.
    pub kasme: Slot<Key256>,
    /// NH and NCC from an MM Context.
    pub nh: Slot<(Key256, u8)>,
    /// CK and IK.
    pub ck_ik: Slot<(Key128, Key128)>,
    /// NAS algorithms (EEA, EIA).
    pub nas_algorithms: Option<(u8, u8)>,
    /// COUNT of the next downlink NAS message.
    pub nas_downlink: Option<CountHint>,
    /// COUNT of the next uplink NAS message.
    pub nas_uplink: Option<CountHint>,
    /// H_keys by refreshCounter.
    pub h_keys: HashMap<u16, Slot<HKey>>,
    /// When it was last looked up (the store's tick): eviction order.
    seen: u64,
}

/// A keys file KASME: key, NAS downlink and uplink COUNT, NAS algorithms (EEA, EIA).
type FileKasme = (Key256, Option<u32>, Option<u32>, Option<(u8, u8)>);

/// File entries for a UE the capture has not shown yet.
#[derive(Debug, Default, Clone)]
struct Pending {
    kasme: Option<FileKasme>,
    ck_ik: Option<(Key128, Key128)>,
    h_keys: Vec<(u16, SecretKey)>,
}

/// Handle of a UE context.
pub type UeHandle = u64;

/// Every key known so far.
#[derive(Debug, Default)]
pub struct KeyStore {
    keks: HashMap<([u8; 8], u8), Slot<SecretKey>>,
    ues: BTreeMap<UeHandle, UeKeys>,
    next_ue: UeHandle,
    by_s1: HashMap<S1Id, UeHandle>,
    by_id: HashMap<u32, UeHandle>,
    by_imsi: HashMap<String, UeHandle>,
    pending_imsi: HashMap<String, Pending>,
    pending_s1: Vec<(u32, Option<IpAddr>, Pending)>,
    /// Look-up counter.
    tick: u64,
    /// (tick, UE) at each look-up, oldest first: the least recently seen UE is found here
    /// without scanning every context. Entries whose UE was seen again later are stale.
    touched: std::collections::VecDeque<(u64, UeHandle)>,
    /// UE contexts dropped to bound memory.
    pub evicted: u64,
}

fn pending_of(keys: &KeysFile, ue: &UeRef) -> Pending {
    let mut p = Pending::default();
    for k in keys.kasme.iter().filter(|k| &k.ue == ue) {
        if let Ok(key) = Key256::from_slice("KASME", k.key.expose()) {
            let algs = match (k.eea, k.eia) {
                (None, None) => None,
                (e, i) => Some((e.unwrap_or(2), i.unwrap_or(2))),
            };
            p.kasme = Some((key, k.nas_downlink_count, k.nas_uplink_count, algs));
        }
    }
    for k in keys.umts_keys.iter().filter(|k| &k.ue == ue) {
        if let (Ok(ck), Ok(ik)) = (
            Key128::from_slice("CK", k.ck.expose()),
            Key128::from_slice("IK", k.ik.expose()),
        ) {
            p.ck_ik = Some((ck, ik));
        }
    }
    for k in keys.h_keys.iter().filter(|k| &k.ue == ue) {
        p.h_keys
            .push((k.refresh_counter, SecretKey::from_slice(k.key.expose())));
    }
    p
}

impl KeyStore {
    /// A store holding the keys file's keys.
    pub fn new(file: &KeysFile) -> Self {
        let mut s = KeyStore::default();
        for k in &file.mme_enb_keys {
            let ident = k.identity().ident();
            s.keks
                .entry((ident, k.key_id))
                .or_default()
                .set_file(SecretKey::from_slice(k.key.expose()));
        }
        let mut refs: Vec<&UeRef> = Vec::new();
        for r in file
            .kasme
            .iter()
            .map(|k| &k.ue)
            .chain(file.umts_keys.iter().map(|k| &k.ue))
            .chain(file.h_keys.iter().map(|k| &k.ue))
        {
            if !refs.contains(&r) {
                refs.push(r);
            }
        }
        for r in refs {
            let p = pending_of(file, r);
            match r {
                UeRef::Imsi(i) => {
                    s.pending_imsi.insert(i.clone(), p);
                }
                UeRef::MmeUeS1apId { id, mme } => {
                    if s.pending_s1.len() < MAX_PENDING {
                        s.pending_s1.push((*id, *mme, p));
                    }
                }
            }
        }
        s
    }

    /// The KEK of an eNB (by `ident`) and keyId in force at `frame`.
    pub fn kek(&self, ident: &[u8; 8], key_id: u8, frame: u64) -> Option<(&SecretKey, Origin)> {
        self.keks.get(&(*ident, key_id))?.get(frame)
    }

    /// Learns a KEK from a KeyDistribution at `frame`.
    pub fn learn_kek(
        &mut self,
        ident: [u8; 8],
        key_id: u8,
        key: SecretKey,
        frame: u64,
    ) -> Option<Conflict> {
        let slot = self.keks.entry((ident, key_id)).or_default();
        slot.learn(frame, key).then(|| Conflict {
            what: format!("mme_enb_key {} keyId {key_id}", ident_text(&ident)),
            frame,
        })
    }

    fn new_ue(&mut self) -> UeHandle {
        while self.ues.len() >= MAX_UES {
            let old = match self.touched.pop_front() {
                Some((t, h)) => match self.ues.get(&h) {
                    Some(u) if u.seen == t => h,
                    _ => continue,
                },
                // Not reached (every context is in the log); the oldest created then.
                None => match self.ues.keys().next() {
                    Some(&h) => h,
                    None => break,
                },
            };
            self.drop_ue(old);
            self.evicted += 1;
        }
        let h = self.next_ue;
        self.next_ue += 1;
        self.ues.insert(h, UeKeys::default());
        self.touch(h);
        h
    }

    /// Marks `h` as just seen.
    fn touch(&mut self, h: UeHandle) {
        let Some(u) = self.ues.get_mut(&h) else {
            return;
        };
        self.tick += 1;
        u.seen = self.tick;
        self.touched.push_back((self.tick, h));
        // Stale entries pile up with look-ups of known UEs: rebuild from the contexts.
        if self.touched.len() > 4 * MAX_UES {
            let mut v: Vec<(u64, UeHandle)> = self.ues.iter().map(|(h, u)| (u.seen, *h)).collect();
            v.sort_unstable();
            self.touched = v.into();
        }
    }

    fn drop_ue(&mut self, h: UeHandle) {
        if let Some(u) = self.ues.remove(&h) {
            for id in u.s1_ids {
                if self.by_s1.get(&id) == Some(&h) {
                    self.by_s1.remove(&id);
                }
                if self.by_id.get(&id.0) == Some(&h) {
                    self.by_id.remove(&id.0);
                }
            }
            if let Some(i) = u.imsi {
                if self.by_imsi.get(&i) == Some(&h) {
                    self.by_imsi.remove(&i);
                }
            }
        }
    }

    fn apply_pending(&mut self, h: UeHandle, p: Pending) {
        let Some(u) = self.ues.get_mut(&h) else {
            return;
        };
        if let Some((k, dl, ul, algs)) = p.kasme {
            u.kasme.set_file(k);
            if let Some(c) = dl {
                u.nas_downlink = Some(CountHint {
                    next: NasCount::from_value(c),
                    source: CountSource::Given,
                });
            }
            if let Some(c) = ul {
                u.nas_uplink = Some(CountHint {
                    next: NasCount::from_value(c),
                    source: CountSource::Given,
                });
            }
            if algs.is_some() {
                u.nas_algorithms = algs;
            }
        }
        if let Some(ck_ik) = p.ck_ik {
            u.ck_ik.set_file(ck_ik);
        }
        for (rc, key) in p.h_keys {
            u.h_keys
                .entry(rc)
                .or_default()
                .set_file(HKey { key, kdf: None });
        }
    }

    /// The UE holding MME-UE-S1AP-ID `id` at the MME `mme` (created at its first appearance,
    /// when the keys file entries naming that id bind to it).
    pub fn ue_by_s1(&mut self, id: u32, mme: Option<IpAddr>) -> UeHandle {
        if let Some(&h) = self.by_s1.get(&(id, mme)) {
            self.touch(h);
            return h;
        }
        let h = self.new_ue();
        self.by_s1.insert((id, mme), h);
        self.by_id.insert(id, h);
        if let Some(u) = self.ues.get_mut(&h) {
            u.s1_ids.push((id, mme));
        }
        // Entries without an MME bind to the first UE that shows the id at any MME.
        let mut i = 0;
        while i < self.pending_s1.len() {
            let (pid, pmme, _) = &self.pending_s1[i];
            if *pid == id && (pmme.is_none() || *pmme == mme) {
                let (_, _, p) = self.pending_s1.swap_remove(i);
                self.apply_pending(h, p);
            } else {
                i += 1;
            }
        }
        h
    }

    /// The UE most recently seen with MME-UE-S1AP-ID `id` at any MME (X2AP names no MME).
    pub fn ue_by_id_any_mme(&self, id: u32) -> Option<UeHandle> {
        self.by_id
            .get(&id)
            .copied()
            .filter(|h| self.ues.contains_key(h))
    }

    /// Records the IMSI of a UE; when another context already has that IMSI, the two are one UE
    /// and this one takes over its keys (returns the handle to use from now on).
    pub fn set_imsi(&mut self, h: UeHandle, imsi: &str) -> UeHandle {
        if let Some(&other) = self.by_imsi.get(imsi) {
            if other != h {
                // The older context's keys move to the newer one's ids: merge into `other`.
                if let Some(u) = self.ues.remove(&h) {
                    for id in &u.s1_ids {
                        self.by_s1.insert(*id, other);
                        self.by_id.insert(id.0, other);
                    }
                    if let Some(o) = self.ues.get_mut(&other) {
                        o.s1_ids.extend(u.s1_ids.iter().copied());
                        merge_into(o, u);
                    }
                }
                self.touch(other);
                return other;
            }
            return h;
        }
        self.by_imsi.insert(imsi.to_string(), h);
        if let Some(u) = self.ues.get_mut(&h) {
            u.imsi = Some(imsi.to_string());
        }
        if let Some(p) = self.pending_imsi.get(imsi).cloned() {
            self.apply_pending(h, p);
        }
        h
    }

    /// The UE with this IMSI, created if new (GTP messages name UEs by IMSI).
    pub fn ue_by_imsi(&mut self, imsi: &str) -> UeHandle {
        if let Some(&h) = self.by_imsi.get(imsi) {
            self.touch(h);
            return h;
        }
        let h = self.new_ue();
        self.set_imsi(h, imsi)
    }

    /// The keys of a UE.
    pub fn ue(&self, h: UeHandle) -> Option<&UeKeys> {
        self.ues.get(&h)
    }

    /// The keys of a UE, to update.
    pub fn ue_mut(&mut self, h: UeHandle) -> Option<&mut UeKeys> {
        self.ues.get_mut(&h)
    }

    /// A short name of a UE for messages: IMSI, else its first MME-UE-S1AP-ID.
    pub fn ue_name(&self, h: UeHandle) -> String {
        match self.ues.get(&h) {
            Some(UeKeys { imsi: Some(i), .. }) => format!("IMSI {i}"),
            Some(u) => match u.s1_ids.first() {
                Some((id, _)) => format!("MME-UE-S1AP-ID {id}"),
                None => format!("UE #{h}"),
            },
            None => format!("UE #{h}"),
        }
    }

    /// Learns KASME of a UE at `frame`.
    pub fn learn_kasme(&mut self, h: UeHandle, key: Key256, frame: u64) -> Option<Conflict> {
        let name = self.ue_name(h);
        let u = self.ues.get_mut(&h)?;
        u.kasme.learn(frame, key).then(|| Conflict {
            what: format!("kasme of {name}"),
            frame,
        })
    }

    /// Learns CK and IK of a UE at `frame`.
    pub fn learn_ck_ik(
        &mut self,
        h: UeHandle,
        ck: Key128,
        ik: Key128,
        frame: u64,
    ) -> Option<Conflict> {
        let name = self.ue_name(h);
        let u = self.ues.get_mut(&h)?;
        u.ck_ik.learn(frame, (ck, ik)).then(|| Conflict {
            what: format!("umts_keys of {name}"),
            frame,
        })
    }

    /// Learns an H_key of a UE from its delivery at `frame`.
    pub fn learn_h_key(
        &mut self,
        h: UeHandle,
        refresh_counter: u16,
        key: HKey,
        frame: u64,
    ) -> Option<Conflict> {
        let name = self.ue_name(h);
        let u = self.ues.get_mut(&h)?;
        let slot = u.h_keys.entry(refresh_counter).or_default();
        // The file gives no KDF: compare the keys only.
        let conflict = match slot.get(u64::MAX) {
            Some((f, Origin::File)) => f.key != key.key,
            _ => false,
        };
        slot.learn(frame, key);
        conflict.then(|| Conflict {
            what: format!("h_key of {name} refreshCounter {refresh_counter}"),
            frame,
        })
    }

    /// The H_key of a UE and refresh in force at `frame`.
    pub fn h_key(&self, h: UeHandle, refresh_counter: u16, frame: u64) -> Option<(&HKey, Origin)> {
        self.ues.get(&h)?.h_keys.get(&refresh_counter)?.get(frame)
    }
}

/// What reading a security-protected NAS message of a UE with the known keys gave
/// ([`KeyStore::read_nas`]): `keyhop read` turns it into notes, `keyhop validate` into findings.
#[derive(Debug)]
pub enum NasRead {
    /// A plain NAS message: nothing to verify.
    Plain,
    /// The octets are not a NAS PDU.
    Undecodable(String),
    /// No KASME of the UE is known at this frame.
    NoKasme,
    /// No NAS COUNT (given, followed or searched) verifies the NAS-MAC.
    MacFailed(String),
    /// Verified: the COUNT, and the plaintext where it could be deciphered.
    Read(NasReadOk),
}

/// A verified protected NAS message.
#[derive(Debug)]
pub struct NasReadOk {
    /// The COUNT it verified under.
    pub count: u32,
    /// Where the COUNT came from (a search must be reported: NAS-COUNT-SEARCHED).
    pub source: CountSource,
    /// COUNT values tried.
    pub tried: u32,
    /// The deciphered message, or why it could not be deciphered.
    pub plain: Result<Vec<u8>, String>,
    /// The H_key delivery it carries (downlink only): refreshCounter, KDF, H_key.
    pub delivery: Option<(u16, KdfAlgorithm, SecretKey)>,
    /// The delivered H_key disagrees with the keys file's (KEYS-CONFLICT).
    pub conflict: Option<Conflict>,
}

impl KeyStore {
    /// Verifies and deciphers the protected NAS PDU `pdu` of UE `h` at `frame`, following its
    /// NAS COUNT (the next one expected is kept), searching at most `overflows` overflow
    /// values when no COUNT is known or the expected one fails, and learning the H_key of a
    /// step-5 delivery. The one NAS path of `read --keys` and `validate --keys`.
    pub fn read_nas(
        &mut self,
        h: UeHandle,
        pdu: &[u8],
        dir: Direction,
        frame: u64,
        overflows: u16,
    ) -> NasRead {
        let p = match NasPdu::decode(pdu) {
            Ok(NasPdu::Protected(p)) => p,
            Ok(_) => return NasRead::Plain,
            Err(e) => return NasRead::Undecodable(e.to_string()),
        };
        let Some(u) = self.ues.get(&h) else {
            return NasRead::NoKasme;
        };
        let Some((kasme, _)) = u.kasme.get(frame) else {
            return NasRead::NoKasme;
        };
        let (eea, eia) = u.nas_algorithms.unwrap_or((2, 2));
        let keys = NasKeys::from_kasme(kasme, eea, eia);
        let hint = match dir {
            Direction::Downlink => u.nas_downlink,
            Direction::Uplink => u.nas_uplink,
        };
        let rc = match keys.resolve_count(&p, dir, hint, Some(0..=overflows.saturating_sub(1))) {
            Ok(rc) => rc,
            Err(e) => return NasRead::MacFailed(e.to_string()),
        };
        let next = Some(CountHint {
            next: rc.count.next(),
            source: CountSource::Followed,
        });
        if let Some(u) = self.ues.get_mut(&h) {
            match dir {
                Direction::Downlink => u.nas_downlink = next,
                Direction::Uplink => u.nas_uplink = next,
            }
        }
        let mut ok = NasReadOk {
            count: rc.count.value(),
            source: rc.source,
            tried: rc.candidates_tried,
            plain: keys.decipher(&p, rc.count, dir).map_err(|e| e.to_string()),
            delivery: None,
            conflict: None,
        };
        let delivery = match (&ok.plain, dir) {
            (Ok(plain), Direction::Downlink) => HkeyDelivery::decode(plain).ok(),
            _ => None,
        };
        if let Some(d) = delivery {
            ok.conflict = self.learn_h_key(
                h,
                d.refresh_counter,
                HKey {
                    key: d.h_key.clone(),
                    kdf: Some(d.kdf),
                },
                frame,
            );
            ok.delivery = Some((d.refresh_counter, d.kdf, d.h_key));
        }
        NasRead::Read(ok)
    }
}

fn merge_into(o: &mut UeKeys, u: UeKeys) {
    if o.kasme.is_empty() {
        o.kasme = u.kasme;
    }
    if o.nh.is_empty() {
        o.nh = u.nh;
    }
    if o.ck_ik.is_empty() {
        o.ck_ik = u.ck_ik;
    }
    o.nas_algorithms = o.nas_algorithms.or(u.nas_algorithms);
    o.nas_downlink = o.nas_downlink.or(u.nas_downlink);
    o.nas_uplink = o.nas_uplink.or(u.nas_uplink);
    for (rc, s) in u.h_keys {
        o.h_keys.entry(rc).or_insert(s);
    }
}

/// `001-01:macro:1a2b3` for an `ident(eNB)` block (the one spelling of a Global eNB ID,
/// [`keyhop_codec::text::enb_id`]).
pub fn ident_text(ident: &[u8; 8]) -> String {
    let kind = match ident[3] {
        0 => "macro",
        1 => "home",
        2 => "short-macro",
        3 => "long-macro",
        _ => "unknown",
    };
    keyhop_codec::text::enb_id(
        &keyhop_codec::text::plmn_or_hex(&ident[..3]),
        kind,
        u32::from_be_bytes([ident[4], ident[5], ident[6], ident[7]]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[[mme_enb_key]]
plmn = "00101"
kind = "macro"
enb_id = 0x1A2B3
key_id = 0
key = "000102030405060708090a0b0c0d0e0f"

[[kasme]]
mme_ue_s1ap_id = 7
key = "1111111111111111111111111111111111111111111111111111111111111111"
nas_downlink_count = 258

[[h_key]]
imsi = "001010000000001"
refresh_counter = 3
key = "22222222222222222222222222222222"
"#;

    fn ident() -> [u8; 8] {
        [0x00, 0xf1, 0x10, 0, 0, 0x01, 0xa2, 0xb3]
    }

    #[test]
    fn file_key_wins_and_disagreement_is_reported() {
        let mut s = KeyStore::new(&KeysFile::parse(FILE).unwrap());
        let file_key =
            SecretKey::from_slice(&hex::decode("000102030405060708090a0b0c0d0e0f").unwrap());
        // Before any frame, the file key applies (whole capture).
        let (k, o) = s.kek(&ident(), 0, 1).unwrap();
        assert_eq!((k, o), (&file_key, Origin::File));
        // The same value learned: no conflict.
        assert_eq!(s.learn_kek(ident(), 0, file_key.clone(), 5), None);
        // A different value: a conflict naming the key and frame; the file still wins.
        let c = s
            .learn_kek(ident(), 0, SecretKey::new(vec![9; 16]), 9)
            .unwrap();
        assert_eq!(c.what, "mme_enb_key 001-01:macro:1a2b3 keyId 0");
        assert_eq!(c.frame, 9);
        assert_eq!(s.kek(&ident(), 0, 10).unwrap().0, &file_key);
    }

    #[test]
    fn learned_key_applies_from_its_frame_on() {
        let mut s = KeyStore::default();
        assert_eq!(
            s.learn_kek(ident(), 1, SecretKey::new(vec![1; 16]), 10),
            None
        );
        assert!(s.kek(&ident(), 1, 9).is_none(), "not before frame 10");
        assert_eq!(s.kek(&ident(), 1, 10).unwrap().1, Origin::Learned(10));
        // Rotation: a new value at frame 20; frames 10..20 keep the old one.
        s.learn_kek(ident(), 1, SecretKey::new(vec![2; 16]), 20);
        assert_eq!(s.kek(&ident(), 1, 15).unwrap().0.expose(), &[1; 16]);
        let (k, o) = s.kek(&ident(), 1, 25).unwrap();
        assert_eq!((k.expose(), o), (&[2u8; 16][..], Origin::Learned(20)));
        // Another keyId of the same eNB is another key.
        assert!(s.kek(&ident(), 0, 25).is_none());
    }

    #[test]
    fn file_ue_entries_bind_at_first_appearance() {
        let mut s = KeyStore::new(&KeysFile::parse(FILE).unwrap());
        let mme: IpAddr = "10.0.0.1".parse().unwrap();
        let h = s.ue_by_s1(7, Some(mme));
        let u = s.ue(h).unwrap();
        assert_eq!(u.kasme.get(1).unwrap().0.expose(), &[0x11; 32]);
        assert_eq!(u.nas_downlink.unwrap().next.value(), 258);
        assert_eq!(u.nas_downlink.unwrap().source, CountSource::Given);
        // The entry is bound: a later UE with id 7 at another MME does not get it.
        let h2 = s.ue_by_s1(7, Some("10.0.0.2".parse().unwrap()));
        assert_ne!(h, h2);
        assert!(s.ue(h2).unwrap().kasme.is_empty());
        assert_eq!(s.ue_by_s1(7, Some(mme)), h);
    }

    #[test]
    fn imsi_links_contexts_and_file_h_key() {
        let mut s = KeyStore::new(&KeysFile::parse(FILE).unwrap());
        let h = s.ue_by_s1(40, None);
        assert!(s.h_key(h, 3, 1).is_none());
        let h = s.set_imsi(h, "001010000000001");
        let (k, o) = s.h_key(h, 3, 1).unwrap();
        assert_eq!((k.key.expose(), o), (&[0x22u8; 16][..], Origin::File));
        // A GTP message naming the IMSI finds the same UE.
        assert_eq!(s.ue_by_imsi("001010000000001"), h);
        // A delivery of another value conflicts; the file's value stays.
        let c = s
            .learn_h_key(
                h,
                3,
                HKey {
                    key: SecretKey::new(vec![3; 16]),
                    kdf: None,
                },
                50,
            )
            .unwrap();
        assert_eq!(c.what, "h_key of IMSI 001010000000001 refreshCounter 3");
        assert_eq!(s.h_key(h, 3, 60).unwrap().0.key.expose(), &[0x22; 16]);
        // A refresh the file does not name is learned from its frame on.
        assert!(s
            .learn_h_key(
                h,
                4,
                HKey {
                    key: SecretKey::new(vec![4; 16]),
                    kdf: None
                },
                70
            )
            .is_none());
        assert!(s.h_key(h, 4, 69).is_none());
        assert_eq!(s.h_key(h, 4, 70).unwrap().1, Origin::Learned(70));
    }

    #[test]
    fn learned_kasme_conflict() {
        let mut s = KeyStore::new(&KeysFile::parse(FILE).unwrap());
        let h = s.ue_by_s1(7, None);
        assert!(s.learn_kasme(h, Key256::new([0x11; 32]), 3).is_none());
        let c = s.learn_kasme(h, Key256::new([0x12; 32]), 4).unwrap();
        assert_eq!(c.what, "kasme of MME-UE-S1AP-ID 7");
        assert_eq!(
            s.ue(h).unwrap().kasme.get(5).unwrap().0.expose(),
            &[0x11; 32]
        );
    }

    #[test]
    fn ue_count_is_bounded() {
        let mut s = KeyStore::default();
        for id in 0..(MAX_UES as u32 + 3) {
            s.ue_by_s1(id, None);
        }
        assert_eq!(s.ues.len(), MAX_UES);
        assert_eq!(s.evicted, 3);
        assert!(!s.by_s1.contains_key(&(0, None)));
    }

    #[test]
    fn least_recently_seen_ue_is_dropped() {
        let mut s = KeyStore::default();
        for id in 0..MAX_UES as u32 {
            s.ue_by_s1(id, None);
        }
        // UE 0, the oldest, is seen again (many times: the log is rebuilt on the way).
        let h0 = s.ue_by_s1(0, None);
        for _ in 0..(4 * MAX_UES) {
            assert_eq!(s.ue_by_s1(0, None), h0);
        }
        s.ue_by_s1(MAX_UES as u32, None);
        s.ue_by_s1(MAX_UES as u32 + 1, None);
        assert_eq!(s.evicted, 2);
        assert_eq!(s.by_s1.get(&(0, None)), Some(&h0));
        assert!(!s.by_s1.contains_key(&(1, None)));
        assert!(!s.by_s1.contains_key(&(2, None)));
        assert!(s.by_s1.contains_key(&(3, None)));
        assert!(s.touched.len() <= 4 * MAX_UES);
    }
}
