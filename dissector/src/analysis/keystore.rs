//! The keys `keyhop read` and `keyhop validate` know while it walks a capture (key-refresh.md section 8): those of the
//! keys file, which apply to the whole capture, and those learned from it (KeyDistribution
//! messages, GTP MM Contexts, deciphered H_key deliveries), which apply from the frame that
//! carried them on. Where a file key and a learned one disagree, the file wins and the
//! disagreement is returned to the caller as a [`Conflict`] (KEYS-CONFLICT).
//!
//! UEs are named by MME-UE-S1AP-ID (with the MME's address where known) and by IMSI where seen.
//! Memory is bounded: at most [`MAX_UES`] UE contexts (the least recently seen is dropped) and a
//! few learned values per key.

use crate::keys::{EntryRef, KeysFile, MmeRef, UeRef};
use keyhop_codec::nas::hkey::HkeyDelivery;
use keyhop_codec::nas::security::{CountHint, CountSource, NasCount, NasKeys};
use keyhop_codec::nas::NasPdu;
use keyhop_codec::security::keys::{Key128, Key256, SecretKey};
use keyhop_codec::security::Direction;
use keyhop_codec::security::KdfAlgorithm;
use std::collections::BTreeMap;
/// ahash, keyed per process: several times cheaper than SipHash on these short keys, and
/// still resistant to collisions crafted in a hostile capture (see capture/hash.rs).
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
use std::net::IpAddr;

/// UE contexts kept at once; beyond, the least recently seen one is dropped. About 0.8 KB each:
/// this keeps `keyhop read` near 20 MiB whatever the capture size.
pub const MAX_UES: usize = 16_384;
/// Learned values kept per key (older ones are forgotten).
const HISTORY: usize = 4;
/// Keys-file conflicts kept until the caller takes them (more are counted, not kept).
const MAX_FILE_CONFLICTS: usize = 4096;

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

    /// Takes what `other` (the same key of a context found to be the same UE) has that this
    /// lacks: its file value (also when `prefer_other`), its learned values. True when both had
    /// file values that differ.
    fn absorb(&mut self, other: Slot<T>, prefer_other: bool) -> bool {
        let differ = matches!((&self.file, &other.file), (Some(a), Some(b)) if a != b);
        if self.file.is_none() || (prefer_other && other.file.is_some()) {
            self.file = other.file;
        }
        if self.learned.is_empty() {
            self.learned = other.learned;
        }
        differ
    }

    /// True when neither the file nor the capture gave a value.
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.learned.is_empty()
    }
}

/// The MME that allocated an MME-UE-S1AP-ID, as far as the caller knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MmeKey {
    /// Unknown.
    Unknown,
    /// One address of it (`keyhop read`, which keeps no node map).
    Addr(IpAddr),
    /// A node of `validate`'s node map ([`crate::analysis::nodes`]): every address of that
    /// MME, IPv4 and IPv6, S1 and GTP-C.
    Node(u32),
}

impl From<Option<IpAddr>> for MmeKey {
    fn from(a: Option<IpAddr>) -> Self {
        a.map_or(MmeKey::Unknown, MmeKey::Addr)
    }
}

/// A UE as the capture names it: MME-UE-S1AP-ID and its MME.
pub type S1Id = (u32, MmeKey);

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
    /// K_NASenc and K_NASint last derived, with the KASME they came from: two HMAC-SHA-256 per
    /// KASME and algorithm pair instead of per NAS message (checked against the KASME and
    /// algorithms in force at each use, so a new or corrected KASME derives anew).
    nas_keys: Option<Box<(Key256, NasKeys)>>,
    /// When it was last looked up (the store's tick): eviction order.
    seen: u64,
}

/// A keys file KASME: key, NAS downlink and uplink COUNT, NAS algorithms (EEA, EIA).
type FileKasme = (Key256, Option<u32>, Option<u32>, Option<(u8, u8)>);

/// File entries for a UE the capture has not shown yet, each with the entry that gave it.
#[derive(Debug, Default, Clone)]
struct Pending {
    kasme: Option<(FileKasme, EntryRef)>,
    ck_ik: Option<((Key128, Key128), EntryRef)>,
    h_keys: Vec<(u16, SecretKey, EntryRef)>,
    /// The IMSI the entries name beside their MME-UE-S1AP-ID (checked against the capture's).
    imsi: Option<(String, EntryRef)>,
}

/// Which key of a UE a keys file entry gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileSlot {
    Kasme,
    CkIk,
    HKey(u16),
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
    /// Keys-file entries by the IMSI they name, bound when a UE shows it.
    pending_imsi: HashMap<String, Pending>,
    /// Keys-file entries by the MME-UE-S1AP-ID they name (and MME address, None: any MME),
    /// bound to the first UE that shows it: a hash look-up per new UE, not a scan.
    pending_s1: HashMap<u32, Vec<(Option<MmeRef>, Pending)>>,
    /// Which entries gave the file keys of a UE (only UEs that have some), to name both
    /// entries when the capture joins two that disagree.
    bound: HashMap<UeHandle, Vec<(FileSlot, EntryRef)>>,
    /// Keys-file entries that the capture showed to be of one UE and that disagree, not yet
    /// taken by [`KeyStore::take_file_conflicts`].
    file_conflicts: Vec<String>,
    /// IMSI that an entry naming both an id and an IMSI expects of the UE it bound to by the id.
    expect_imsi: HashMap<UeHandle, (String, EntryRef)>,
    /// The keys-file entries by MME-UE-S1AP-ID that bound to a UE (taken from `pending_s1`),
    /// put back there when the UE's context goes: a later connection with that id finds them.
    taken_s1: HashMap<UeHandle, Vec<(u32, Option<MmeRef>, Pending)>>,
    /// File conflicts not kept (beyond the first 4096 not yet taken).
    pub file_conflicts_dropped: u64,
    /// Look-up counter.
    tick: u64,
    /// (tick, UE) at each look-up, oldest first: the least recently seen UE is found here
    /// without scanning every context. Entries whose UE was seen again later are stale.
    touched: std::collections::VecDeque<(u64, UeHandle)>,
    /// UE contexts dropped to bound memory.
    pub evicted: u64,
    /// UE contexts held at most (0: [`MAX_UES`]).
    max_ues: usize,
}

/// The names an entry's keys are bound by: its IMSI, its MME-UE-S1AP-ID (with the MME as the
/// entry names it, or None for any MME). An MME named by address, name or GUMMEI binds to the
/// UE at the MME node with that address or identity when the caller keeps a node map
/// ([`KeyStore::ue_by_s1_node`]); `keyhop read`, which keeps none, binds names and GUMMEIs to the
/// first UE that shows the id at any MME.
fn names_of(ue: &UeRef) -> (Option<&String>, Option<(u32, Option<MmeRef>)>) {
    let s1 = ue.mme_ue_s1ap_id.map(|id| (id, ue.mme.clone()));
    (ue.imsi.as_ref(), s1)
}

impl KeyStore {
    /// A store holding the keys file's keys, with at most `max_ues` UE contexts (`validate`
    /// holds as many UEs as its own table).
    pub fn with_max_ues(file: &KeysFile, max_ues: usize) -> Self {
        let mut s = KeyStore::new(file);
        s.max_ues = max_ues.max(1);
        s
    }

    fn cap(&self) -> usize {
        if self.max_ues == 0 {
            MAX_UES
        } else {
            self.max_ues
        }
    }

    /// Whether the store has anything for MME-UE-S1AP-ID `id` (a keys-file entry, or a context
    /// that held it): a caller that keeps its own UE table asks for a context only then.
    pub fn knows_s1(&self, id: u32) -> bool {
        self.pending_s1.contains_key(&id) || self.by_id.contains_key(&id)
    }

    /// Whether the store has anything for `imsi`.
    pub fn knows_imsi(&self, imsi: &str) -> bool {
        self.pending_imsi.contains_key(imsi) || self.by_imsi.contains_key(imsi)
    }

    /// A store holding the keys file's keys. Linear in the file: each entry is added to the
    /// pending keys of the names it gives (its IMSI, its MME-UE-S1AP-ID), found by hash.
    /// Entries repeated for one UE were refused or warned about by [`KeysFile::parse`]; here
    /// the first one given is kept.
    pub fn new(file: &KeysFile) -> Self {
        let mut s = KeyStore::default();
        for k in &file.mme_enb_keys {
            let ident = k.identity().ident();
            let slot = s.keks.entry((ident, k.key_id)).or_default();
            if slot.file.is_none() {
                slot.set_file(SecretKey::from_slice(k.key.expose()));
            }
        }
        for (i, k) in file.kasme.iter().enumerate() {
            let Ok(key) = Key256::from_slice("KASME", k.key.expose()) else {
                continue;
            };
            let algs = match (k.eea, k.eia) {
                (None, None) => None,
                (e, i) => Some((e.unwrap_or(2), i.unwrap_or(2))),
            };
            let at = EntryRef {
                table: "kasme",
                index: i,
                line: k.line,
            };
            let v = (key, k.nas_downlink_count, k.nas_uplink_count, algs);
            s.add_pending(&k.ue, at, |p| {
                if p.kasme.is_none() {
                    p.kasme = Some((v.clone(), at));
                }
            });
        }
        for (i, k) in file.umts_keys.iter().enumerate() {
            let (Ok(ck), Ok(ik)) = (
                Key128::from_slice("CK", k.ck.expose()),
                Key128::from_slice("IK", k.ik.expose()),
            ) else {
                continue;
            };
            let at = EntryRef {
                table: "umts_keys",
                index: i,
                line: k.line,
            };
            s.add_pending(&k.ue, at, |p| {
                if p.ck_ik.is_none() {
                    p.ck_ik = Some(((ck.clone(), ik.clone()), at));
                }
            });
        }
        for (i, k) in file.h_keys.iter().enumerate() {
            let at = EntryRef {
                table: "h_key",
                index: i,
                line: k.line,
            };
            let key = SecretKey::from_slice(k.key.expose());
            s.add_pending(&k.ue, at, |p| {
                if !p.h_keys.iter().any(|(rc, _, _)| *rc == k.refresh_counter) {
                    p.h_keys.push((k.refresh_counter, key.clone(), at));
                }
            });
        }
        s
    }

    /// Adds an entry's keys (by `add`) to the pending keys of each name it gives.
    fn add_pending(&mut self, ue: &UeRef, at: EntryRef, add: impl Fn(&mut Pending)) {
        let (imsi, s1) = names_of(ue);
        if let Some(i) = imsi {
            add(self.pending_imsi.entry(i.clone()).or_default());
        }
        if let Some((id, mme)) = s1 {
            let v = self.pending_s1.entry(id).or_default();
            let j = match v.iter().position(|(m, _)| *m == mme) {
                Some(j) => j,
                None => {
                    v.push((mme, Pending::default()));
                    v.len() - 1
                }
            };
            let p = &mut v[j].1;
            add(p);
            if let (Some(i), None) = (imsi, &p.imsi) {
                p.imsi = Some((i.clone(), at));
            }
        }
    }

    /// Keys-file entries the capture has shown to be of one UE and that disagree, each named
    /// with its table, index and line, since last asked (KEYS-CONFLICT).
    pub fn take_file_conflicts(&mut self) -> Vec<String> {
        std::mem::take(&mut self.file_conflicts)
    }

    fn file_conflict(&mut self, text: String) {
        if self.file_conflicts.len() < MAX_FILE_CONFLICTS {
            self.file_conflicts.push(text);
        } else {
            self.file_conflicts_dropped += 1;
        }
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
        while self.ues.len() >= self.cap() {
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
        if self.touched.len() > 4 * self.ues.len().max(1024) {
            let mut v: Vec<(u64, UeHandle)> = self.ues.iter().map(|(h, u)| (u.seen, *h)).collect();
            v.sort_unstable();
            self.touched = v.into();
        }
    }

    /// Forgets the key context `h` (its UE's connection ended): what it learned from the
    /// capture goes, the keys-file entries it bound stay in the store, for the IMSI or
    /// MME-UE-S1AP-ID they name, so that the UE's next connection finds them again (with the
    /// NAS COUNTs it had reached).
    pub fn release(&mut self, h: UeHandle) {
        self.drop_ue(h);
    }

    /// UE contexts held now.
    pub fn ue_count(&self) -> usize {
        self.ues.len()
    }

    fn drop_ue(&mut self, h: UeHandle) {
        // The NAS COUNTs reached under a file KASME carry over to the UE's next connection.
        let counts = self.ues.get(&h).and_then(|u| {
            u.kasme.file.as_ref()?;
            Some((
                u.nas_downlink.map(|c| c.next.value()),
                u.nas_uplink.map(|c| c.next.value()),
            ))
        });
        let kasme_entry = self.bound_entry(h, FileSlot::Kasme);
        let carry = |p: &mut Pending| {
            if let (Some((dl, ul)), Some(((_, pdl, pul, _), at))) = (counts, &mut p.kasme) {
                if Some(*at) == kasme_entry {
                    *pdl = dl.or(*pdl);
                    *pul = ul.or(*pul);
                }
            }
        };
        for (id, mme, mut p) in self.taken_s1.remove(&h).unwrap_or_default() {
            carry(&mut p);
            self.pending_s1.entry(id).or_default().push((mme, p));
        }
        if let Some(i) = self.ues.get(&h).and_then(|u| u.imsi.as_ref()) {
            if let Some(p) = self.pending_imsi.get_mut(i) {
                carry(p);
            }
        }
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
        self.bound.remove(&h);
        self.expect_imsi.remove(&h);
    }

    /// The entry that gave slot `slot` of UE `h` its file value.
    fn bound_entry(&self, h: UeHandle, slot: FileSlot) -> Option<EntryRef> {
        self.bound
            .get(&h)?
            .iter()
            .find(|(s, _)| *s == slot)
            .map(|(_, e)| *e)
    }

    /// Binds a keys file value to UE `h`, unless another entry already gave that key: then
    /// the first stays and, where the values differ, both entries are reported.
    fn bind<T: PartialEq>(
        &mut self,
        h: UeHandle,
        slot: FileSlot,
        at: EntryRef,
        value: &T,
        current: impl Fn(&UeKeys) -> Option<&T>,
    ) -> bool {
        match self.bound_entry(h, slot) {
            Some(first) if first == at => false,
            Some(first) => {
                if self.ues.get(&h).and_then(&current) == Some(value) {
                    return false;
                }
                self.report_pair(h, slot, first, at);
                // The entry written first in the file is used, whichever the capture bound first.
                let earlier = at.index < first.index;
                if earlier {
                    self.rebind(h, slot, at);
                }
                earlier
            }
            None => {
                self.bound.entry(h).or_default().push((slot, at));
                true
            }
        }
    }

    /// Records that `at` now gives slot `slot` of UE `h`.
    fn rebind(&mut self, h: UeHandle, slot: FileSlot, at: EntryRef) {
        let v = self.bound.entry(h).or_default();
        v.retain(|(s, _)| *s != slot);
        v.push((slot, at));
    }

    /// Two entries the capture shows to be of UE `h` give it different values of `slot`.
    fn report_pair(&mut self, h: UeHandle, slot: FileSlot, a: EntryRef, b: EntryRef) {
        let (a, b) = if a.index <= b.index { (a, b) } else { (b, a) };
        let what = match slot {
            FileSlot::Kasme => "KASMEs".to_string(),
            FileSlot::CkIk => "CK/IK".to_string(),
            FileSlot::HKey(rc) => format!("H_keys for refresh_counter {rc}"),
        };
        let name = self.ue_name(h);
        self.file_conflict(format!(
            "keys file entries {a} and {b} give different {what} for one UE ({name}), as the \
             capture shows; {a}, written first, is used"
        ));
    }

    fn apply_pending(&mut self, h: UeHandle, p: Pending) {
        if !self.ues.contains_key(&h) {
            return;
        }
        if let Some((want, at)) = p.imsi {
            self.expect_imsi(h, want, at);
        }
        if let Some(((k, dl, ul, algs), at)) = p.kasme {
            if self.bind(h, FileSlot::Kasme, at, &k, |u| u.kasme.file.as_ref()) {
                let Some(u) = self.ues.get_mut(&h) else {
                    return;
                };
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
        }
        if let Some((ck_ik, at)) = p.ck_ik {
            if self.bind(h, FileSlot::CkIk, at, &ck_ik, |u| u.ck_ik.file.as_ref()) {
                if let Some(u) = self.ues.get_mut(&h) {
                    u.ck_ik.set_file(ck_ik);
                }
            }
        }
        for (rc, key, at) in p.h_keys {
            let v = HKey { key, kdf: None };
            if self.bind(h, FileSlot::HKey(rc), at, &v, |u| {
                u.h_keys.get(&rc).and_then(|s| s.file.as_ref())
            }) {
                if let Some(u) = self.ues.get_mut(&h) {
                    u.h_keys.entry(rc).or_default().set_file(v);
                }
            }
        }
    }

    /// UE `h` got keys by an entry naming both an MME-UE-S1AP-ID and IMSI `want`: the IMSI the
    /// capture shows for it must be that one.
    fn expect_imsi(&mut self, h: UeHandle, want: String, at: EntryRef) {
        let have = self.ues.get(&h).and_then(|u| u.imsi.clone());
        match have {
            Some(have) => self.imsi_mismatch(h, &have, &want, at),
            None => {
                self.expect_imsi.entry(h).or_insert((want, at));
            }
        }
    }

    fn imsi_mismatch(&mut self, h: UeHandle, have: &str, want: &str, at: EntryRef) {
        if have != want {
            let id = self
                .ues
                .get(&h)
                .and_then(|u| u.s1_ids.first())
                .map_or(String::new(), |(id, _)| format!("MME-UE-S1AP-ID {id} "));
            self.file_conflict(format!(
                "keys file entry {at} names IMSI {want} and an MME-UE-S1AP-ID, but the capture \
                 shows that {id}on IMSI {have}: two UEs; its keys were bound by the id"
            ));
        }
    }

    /// The UE holding MME-UE-S1AP-ID `id` at the MME `mme` (created at its first appearance,
    /// when the keys file entries naming that id bind to it).
    pub fn ue_by_s1(&mut self, id: u32, mme: Option<IpAddr>) -> UeHandle {
        self.ue_by_s1_key(id, mme.into(), &|m| match m {
            MmeRef::Addr(a) => Some(*a) == mme,
            MmeRef::Name(_) | MmeRef::Gummei(_) => true,
        })
    }

    /// The UE holding MME-UE-S1AP-ID `id` at node `node` of a node map; `is_node` tells
    /// whether a keys file's `mme` (an address, an MME name, a GUMMEI) names that node, so an
    /// entry naming the MME by any of its addresses (IPv4 or IPv6, S1 or GTP-C) or identities
    /// binds to it, and one MME seen at two addresses makes one UE.
    pub fn ue_by_s1_node(
        &mut self,
        id: u32,
        node: u32,
        is_node: &dyn Fn(&MmeRef) -> bool,
    ) -> UeHandle {
        self.ue_by_s1_key(id, MmeKey::Node(node), is_node)
    }

    fn ue_by_s1_key(
        &mut self,
        id: u32,
        mme: MmeKey,
        matches: &dyn Fn(&MmeRef) -> bool,
    ) -> UeHandle {
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
        let mut taken = Vec::new();
        if let Some(v) = self.pending_s1.get_mut(&id) {
            let mut i = 0;
            while i < v.len() {
                if v[i].0.as_ref().is_none_or(matches) {
                    taken.push(v.swap_remove(i));
                } else {
                    i += 1;
                }
            }
            if v.is_empty() {
                self.pending_s1.remove(&id);
            }
        }
        for p in taken {
            self.taken_s1
                .entry(h)
                .or_default()
                .push((id, p.0.clone(), p.1.clone()));
            self.apply_pending(h, p.1);
        }
        h
    }

    /// The entries that gave `from`'s file keys now give `into`'s (where `into` had none);
    /// `differ` are the keys both had from the file, with different values.
    fn merge_bound(&mut self, from: UeHandle, into: UeHandle, differ: &[FileSlot]) {
        self.expect_imsi.remove(&from);
        let Some(moved) = self.bound.remove(&from) else {
            return;
        };
        for (slot, at) in moved {
            match self.bound_entry(into, slot) {
                None => self.bound.entry(into).or_default().push((slot, at)),
                Some(first) if differ.contains(&slot) => {
                    self.report_pair(into, slot, first, at);
                    if at.index < first.index {
                        self.rebind(into, slot, at);
                    }
                }
                Some(_) => {}
            }
        }
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
        if let Some((want, at)) = self.expect_imsi.remove(&h) {
            self.imsi_mismatch(h, imsi, &want, at);
        }
        if let Some(&other) = self.by_imsi.get(imsi) {
            if other != h {
                // The older context's keys move to the newer one's ids: merge into `other`.
                if let Some(u) = self.ues.remove(&h) {
                    for id in &u.s1_ids {
                        self.by_s1.insert(*id, other);
                        self.by_id.insert(id.0, other);
                    }
                    // Where both have a file key, the entry written first in the file wins.
                    let prefer_u: Vec<FileSlot> = self
                        .bound
                        .get(&h)
                        .into_iter()
                        .flatten()
                        .filter(|(slot, at)| {
                            self.bound_entry(other, *slot)
                                .is_some_and(|first| at.index < first.index)
                        })
                        .map(|(slot, _)| *slot)
                        .collect();
                    let mut differ = Vec::new();
                    if let Some(o) = self.ues.get_mut(&other) {
                        o.s1_ids.extend(u.s1_ids.iter().copied());
                        differ = merge_into(o, u, &prefer_u);
                    }
                    self.merge_bound(h, other, &differ);
                    if let Some(t) = self.taken_s1.remove(&h) {
                        self.taken_s1.entry(other).or_default().extend(t);
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
        let Some(u) = self.ues.get_mut(&h) else {
            return NasRead::NoKasme;
        };
        let Some((kasme, _)) = u.kasme.get(frame) else {
            return NasRead::NoKasme;
        };
        let (eea, eia) = u.nas_algorithms.unwrap_or((2, 2));
        let cached = u
            .nas_keys
            .as_deref()
            .filter(|(k, n)| k == kasme && n.eea == eea && n.eia == eia);
        let keys = match cached {
            Some((_, n)) => n.clone(),
            None => {
                let n = NasKeys::from_kasme(kasme, eea, eia);
                u.nas_keys = Some(Box::new((kasme.clone(), n.clone())));
                n
            }
        };
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

/// Merges the keys of `u` into `o` (one UE after all); returns the keys both had from the
/// keys file with different values (`o`'s are kept, but for the slots in `prefer_u`).
fn merge_into(o: &mut UeKeys, u: UeKeys, prefer_u: &[FileSlot]) -> Vec<FileSlot> {
    let mut differ = Vec::new();
    if o.kasme.absorb(u.kasme, prefer_u.contains(&FileSlot::Kasme)) {
        differ.push(FileSlot::Kasme);
    }
    if o.nh.is_empty() {
        o.nh = u.nh;
    }
    if o.ck_ik.absorb(u.ck_ik, prefer_u.contains(&FileSlot::CkIk)) {
        differ.push(FileSlot::CkIk);
    }
    o.nas_algorithms = o.nas_algorithms.or(u.nas_algorithms);
    o.nas_downlink = o.nas_downlink.or(u.nas_downlink);
    o.nas_uplink = o.nas_uplink.or(u.nas_uplink);
    for (rc, s) in u.h_keys {
        match o.h_keys.entry(rc) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(s);
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                if e.get_mut()
                    .absorb(s, prefer_u.contains(&FileSlot::HKey(rc)))
                {
                    differ.push(FileSlot::HKey(rc));
                }
            }
        }
    }
    differ
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
    fn file_entries_outlive_the_released_context_of_their_ue() {
        let mut s = KeyStore::new(&KeysFile::parse(FILE).unwrap());
        let mme: IpAddr = "10.0.0.1".parse().unwrap();
        // By MME-UE-S1AP-ID: the first connection follows the NAS COUNT to 300.
        let h = s.ue_by_s1(7, Some(mme));
        s.ue_mut(h).unwrap().nas_downlink = Some(CountHint {
            next: NasCount::from_value(300),
            source: CountSource::Followed,
        });
        s.learn_ck_ik(h, Key128::new([1; 16]), Key128::new([2; 16]), 5);
        s.release(h);
        assert_eq!(s.ue_count(), 0);
        assert!(s.knows_s1(7));
        // The next connection with id 7 finds the file's KASME again, and the COUNT reached;
        // what the capture taught the first one (CK, IK) is gone with it.
        let h2 = s.ue_by_s1(7, Some(mme));
        assert_ne!(h, h2);
        let u = s.ue(h2).unwrap();
        assert_eq!(
            u.kasme.get(1).unwrap(),
            (&Key256::new([0x11; 32]), Origin::File)
        );
        assert_eq!(u.nas_downlink.unwrap().next.value(), 300);
        assert!(u.ck_ik.is_empty());
        // By IMSI: the H_key entry binds again to the UE's next context.
        let h3 = s.ue_by_imsi("001010000000001");
        assert!(s.h_key(h3, 3, 1).is_some());
        s.release(h3);
        assert!(s.ue(h3).is_none());
        let h4 = s.ue_by_imsi("001010000000001");
        assert_eq!(s.h_key(h4, 3, 1).unwrap().1, Origin::File);
        s.release(h4);
        s.release(h2);
        assert_eq!(s.ue_count(), 0);
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
    fn file_entry_binds_to_the_mme_node_by_any_of_its_addresses() {
        let file = KeysFile::parse(
            "[[kasme]]\nmme_ue_s1ap_id = 7\nmme = \"fd00::1\"\nkey = \"1111111111111111111111111111111111111111111111111111111111111111\"\n",
        )
        .unwrap();
        let mut s = KeyStore::new(&file);
        assert!(s.knows_s1(7) && !s.knows_s1(8));
        let v4: IpAddr = "10.0.0.1".parse().unwrap();
        let v6: IpAddr = "fd00::1".parse().unwrap();
        // A node whose addresses are not the entry's: no binding.
        let addr =
            |want: Vec<IpAddr>| move |m: &MmeRef| matches!(m, MmeRef::Addr(a) if want.contains(a));
        let other = s.ue_by_s1_node(7, 2, &addr(vec!["10.0.0.2".parse().unwrap()]));
        assert!(s.ue(other).unwrap().kasme.is_empty());
        // The MME node seen first at IPv4, also holding the IPv6 address the entry names.
        let h = s.ue_by_s1_node(7, 1, &addr(vec![v4, v6]));
        assert!(!s.ue(h).unwrap().kasme.is_empty());
        assert_eq!(s.ue_by_s1_node(7, 1, &|_| false), h);
        // An entry naming the MME by its name binds at the node of that name.
        let file = KeysFile::parse(
            "[[kasme]]\nmme_ue_s1ap_id = 9\nmme = \"mme-1\"\nkey = \"1111111111111111111111111111111111111111111111111111111111111111\"\n",
        )
        .unwrap();
        let mut s = KeyStore::new(&file);
        let name = |m: &MmeRef| matches!(m, MmeRef::Name(n) if n == "mme-1");
        let other = s.ue_by_s1_node(9, 2, &|_| false);
        assert!(s.ue(other).unwrap().kasme.is_empty());
        let h = s.ue_by_s1_node(9, 1, &name);
        assert!(!s.ue(h).unwrap().kasme.is_empty());
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
    fn ue_named_by_imsi_and_id_binds_by_either() {
        let file = KeysFile::parse(
            "[[kasme]]\nimsi=\"001010000000009\"\nmme_ue_s1ap_id=9\nkey=\"3333333333333333333333333333333333333333333333333333333333333333\"\n",
        )
        .unwrap();
        let mut s = KeyStore::new(&file);
        let h = s.ue_by_s1(9, None);
        assert_eq!(
            s.ue(h).unwrap().kasme.get(1).unwrap().0.expose(),
            &[0x33; 32]
        );
        let mut s = KeyStore::new(&file);
        let h = s.ue_by_imsi("001010000000009");
        assert_eq!(
            s.ue(h).unwrap().kasme.get(1).unwrap().0.expose(),
            &[0x33; 32]
        );
    }

    const JOIN: &str = r#"
[[kasme]]
imsi = "001010000000001"
key = "1111111111111111111111111111111111111111111111111111111111111111"

[[kasme]]
mme_ue_s1ap_id = 7
key = "2222222222222222222222222222222222222222222222222222222222222222"
"#;

    #[test]
    fn entries_the_capture_joins_use_the_first_written_and_report_both() {
        let want = "keys file entries kasme[0] (line 2) and kasme[1] (line 6) give different \
                    KASMEs for one UE (IMSI 001010000000001), as the capture shows; kasme[0] \
                    (line 2), written first, is used";
        // The id binds first (kasme[1]); the IMSI then shows the UE is kasme[0]'s too.
        let mut s = KeyStore::new(&KeysFile::parse(JOIN).unwrap());
        let h = s.ue_by_s1(7, None);
        assert_eq!(
            s.ue(h).unwrap().kasme.get(1).unwrap().0.expose(),
            &[0x22; 32]
        );
        assert!(s.take_file_conflicts().is_empty());
        let h = s.set_imsi(h, "001010000000001");
        // The first KASME of the file is not overridden by the later entry.
        assert_eq!(
            s.ue(h).unwrap().kasme.get(1).unwrap().0.expose(),
            &[0x11; 32]
        );
        assert_eq!(s.take_file_conflicts(), [want]);
        assert!(s.take_file_conflicts().is_empty(), "reported once");

        // Two contexts, one by IMSI and one by id, found to be one UE: merged, both orders.
        for imsi_first in [true, false] {
            let mut s = KeyStore::new(&KeysFile::parse(JOIN).unwrap());
            let (a, b) = if imsi_first {
                let a = s.ue_by_imsi("001010000000001");
                (a, s.ue_by_s1(7, None))
            } else {
                let b = s.ue_by_s1(7, None);
                (s.ue_by_imsi("001010000000001"), b)
            };
            assert_ne!(a, b);
            let m = s.set_imsi(b, "001010000000001");
            assert_eq!(m, a);
            assert_eq!(
                s.ue(m).unwrap().kasme.get(1).unwrap().0.expose(),
                &[0x11; 32]
            );
            assert_eq!(s.take_file_conflicts(), [want]);
        }

        // The same key under both names is no conflict.
        let same = JOIN.replace(&"2".repeat(64), &"1".repeat(64));
        let mut s = KeyStore::new(&KeysFile::parse(&same).unwrap());
        let h = s.ue_by_s1(7, None);
        s.set_imsi(h, "001010000000001");
        assert!(s.take_file_conflicts().is_empty());
    }

    #[test]
    fn an_entry_naming_id_and_imsi_of_two_ues_is_reported() {
        let file = KeysFile::parse(
            "[[kasme]]\nimsi=\"001010000000009\"\nmme_ue_s1ap_id=9\nkey=\"3333333333333333333333333333333333333333333333333333333333333333\"\n",
        )
        .unwrap();
        let mut s = KeyStore::new(&file);
        let h = s.ue_by_s1(9, None);
        s.set_imsi(h, "001010000000008");
        assert_eq!(
            s.take_file_conflicts(),
            [
                "keys file entry kasme[0] (line 1) names IMSI 001010000000009 and an \
              MME-UE-S1AP-ID, but the capture shows that MME-UE-S1AP-ID 9 on IMSI \
              001010000000008: two UEs; its keys were bound by the id"
            ]
        );
        // The right IMSI: nothing to say.
        let mut s = KeyStore::new(&file);
        let h = s.ue_by_s1(9, None);
        s.set_imsi(h, "001010000000009");
        assert!(s.take_file_conflicts().is_empty());
    }

    /// 100,000 entries (50,000 by id, 50,000 by IMSI) and 50,000 UEs: the old loading compared
    /// every entry with every other one (`refs.contains`, then a scan of the file per UE in
    /// `pending_of` and of the pending list in `ue_by_s1`): over 10^9 steps here, minutes in a
    /// debug build. Linear, it takes a few seconds there.
    #[test]
    fn loading_and_binding_are_linear() {
        const N: u32 = 50_000;
        let mut text = String::with_capacity(N as usize * 200);
        for i in 0..N {
            text.push_str(&format!(
                "[[kasme]]\nmme_ue_s1ap_id = {i}\nkey = \"{:064x}\"\n[[h_key]]\nimsi = \"00101{i:010}\"\nrefresh_counter = 1\nkey = \"{:032x}\"\n",
                u128::from(i) + 1,
                u128::from(i) + 1
            ));
        }
        let file = KeysFile::parse(&text).unwrap();
        assert_eq!(
            (file.kasme.len(), file.h_keys.len()),
            (N as usize, N as usize)
        );
        let mut s = KeyStore::new(&file);
        assert_eq!(s.pending_s1.len(), N as usize);
        assert_eq!(s.pending_imsi.len(), N as usize);
        for i in (0..N).rev() {
            let h = s.ue_by_s1(i, None);
            let k = s.ue(h).unwrap().kasme.get(0).unwrap().0.expose()[31];
            assert_eq!(k, (i + 1) as u8);
        }
        // Every entry bound once; those of the contexts evicted (the store holds MAX_UES)
        // went back to wait for their UE's next appearance.
        let evicted = N as usize - MAX_UES;
        assert_eq!(s.evicted, evicted as u64);
        assert_eq!(s.pending_s1.len(), evicted);
        assert_eq!(s.ue_count(), MAX_UES);
        let h = s.ue_by_imsi("001010000012345");
        assert_eq!(s.h_key(h, 1, 0).unwrap().0.key.expose()[15], 0x3a);
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
        assert!(!s.by_s1.contains_key(&(0, MmeKey::Unknown)));
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
        assert_eq!(s.by_s1.get(&(0, MmeKey::Unknown)), Some(&h0));
        assert!(!s.by_s1.contains_key(&(1, MmeKey::Unknown)));
        assert!(!s.by_s1.contains_key(&(2, MmeKey::Unknown)));
        assert!(s.by_s1.contains_key(&(3, MmeKey::Unknown)));
        assert!(s.touched.len() <= 4 * MAX_UES);
    }
}
