//! What `keyhop read` can do with the keys it knows, message by message: unwrap the wrapped
//! KeNBs of MAKR (NeighbourKeyResponse items, X2AP WrappedKeNB) and check them against the KDF
//! of the H_key, decipher and verify protected NAS (learning the H_key of a step-5 delivery),
//! learn keys from KeyDistribution and GTP MM Contexts, and learn eNB / MME names per address.
//!
//! Each message gets a list of [`SecNote`]s: what was learned or recovered, or why it could not
//! be (key unknown, integrity failure, wrong target). Work per message is bounded: one unwrap per
//! item, and a NAS COUNT search of at most [`COUNT_SEARCH_OVERFLOWS`] overflow values.

use crate::analysis::keymemo::{Memo, Secret};
use crate::analysis::keystore::{ident_text, Conflict, KeyStore, NasRead, UeHandle};
use crate::decoded::Decoded;
use crate::keys::KeysFile;
use keyhop_codec::ap::common::EnbId;
use keyhop_codec::ap::PduType;
use keyhop_codec::makr::{self, MakrPrivateIe, WrappedKeyItem};
use keyhop_codec::nas::msg::NasView;
use keyhop_codec::nas::security::{CountHint, CountSource, NasCount};
use keyhop_codec::nas::{NasPdu, SecurityHeaderType};
use keyhop_codec::s1ap::{Procedure, S1apPdu};
use keyhop_codec::security::kdf::{algorithm_key, AlgorithmDistinguisher};
use keyhop_codec::security::keys::{Key128, Key256, SecretKey};
use keyhop_codec::security::makr::{derive_kenb, unwrap_kenb};
use keyhop_codec::security::{Direction, KdfAlgorithm, WrapAlgorithm, WrapBinding};
use keyhop_codec::x2ap::{Procedure as X2Proc, X2apIe, X2apPdu};
use keyhop_codec::{DecodeError, KeyMaterial, Octets};
use serde::ser::Serializer;
use serde::Serialize;
/// ahash, keyed per process: several times cheaper than SipHash on these short keys, and
/// still resistant to collisions crafted in a hostile capture (see capture/hash.rs).
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};

/// NAS overflow values tried when no COUNT is known or the expected one fails (0 to this - 1).
pub const COUNT_SEARCH_OVERFLOWS: u16 = 256;
/// Addresses whose names are kept.
const MAX_NODES: usize = 65_536;
/// (eNB address, eNB-UE-S1AP-ID) -> IMSI of an Attach awaiting its MME-UE-S1AP-ID.
const MAX_PENDING_IMSI: usize = 65_536;

const X2_TARGET_CELL_ID: u16 = 11;
const X2_UE_CONTEXT_INFORMATION: u16 = 14;
const X2_GLOBAL_ENB_ID: u16 = 21;

/// What keyhop knows about the node behind an address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node {
    /// eNB name or MME name from S1 Setup.
    pub name: Option<String>,
    /// `ident(eNB)` of the Global eNB ID from S1 Setup or X2 Setup.
    pub enb: Option<[u8; 8]>,
    /// True for an MME.
    pub mme: bool,
}

impl Node {
    /// The label of the one-line output: the name, else the eNB identity.
    pub fn label(&self) -> Option<String> {
        self.name
            .clone()
            .or_else(|| self.enb.as_ref().map(|e| format!("eNB {}", ident_text(e))))
    }
}

/// The plaintext of a deciphered NAS message: key material when it holds an H_key.
#[derive(Debug, Clone)]
pub enum NasPlaintext {
    /// A plaintext that carries a key (redacted unless `--show-keys`).
    Secret(KeyMaterial<'static>),
    /// Any other plaintext: raw octets (hex up to 4 octets, else length and fingerprint unless
    /// `--show-raw`).
    Plain(Octets<'static>),
}

impl Serialize for NasPlaintext {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NasPlaintext::Secret(k) => k.serialize(s),
            NasPlaintext::Plain(o) => o.serialize(s),
        }
    }
}

/// The RRC and UP keys a target derives from a KeNB (TS 33.401 A.7) for 128-EEA2/128-EIA2.
#[derive(Debug, Clone, Serialize)]
pub struct Derived {
    /// Algorithm identity used for ciphering keys (2: 128-EEA2).
    pub eea: u8,
    /// Algorithm identity used for integrity keys (2: 128-EIA2).
    pub eia: u8,
    /// K_RRCenc.
    pub k_rrc_enc: KeyMaterial<'static>,
    /// K_RRCint.
    pub k_rrc_int: KeyMaterial<'static>,
    /// K_UPenc.
    pub k_up_enc: KeyMaterial<'static>,
}

impl Derived {
    fn from_kenb(kenb: &Key256) -> Self {
        let k = |d| algorithm_key(kenb, d, 2).to_key_material();
        Derived {
            eea: 2,
            eia: 2,
            k_rrc_enc: k(AlgorithmDistinguisher::RrcEnc),
            k_rrc_int: k(AlgorithmDistinguisher::RrcInt),
            k_up_enc: k(AlgorithmDistinguisher::UpEnc),
        }
    }
}

/// One thing `read` did or could not do with a message's keys (JSON: an element of
/// `security`; docs/json.md).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SecNote {
    /// Where in the message (`key_distribution.keys[0]`, `wrapped_kenb`, `nas_pdu`, ...).
    pub item: String,
    /// `learned_key`, `unwrap`, `nas`, `finding`.
    pub kind: &'static str,
    /// The UE, when the item belongs to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ue: Option<String>,
    /// Which key was learned (`mme_enb_key`, `kasme`, `nh`, `ck_ik`, `h_key`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned: Option<&'static str>,
    /// eNB the key belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enb: Option<String>,
    /// keyId.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<u8>,
    /// The learned key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyMaterial<'static>>,
    /// Target eNB of a wrapped key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_enb: Option<String>,
    /// Wrap algorithm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wrap_algorithm: Option<String>,
    /// KDF of the refresh.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kdf: Option<String>,
    /// refreshCounter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_counter: Option<u16>,
    /// Where the KEK came from (`keys file`, `frame N`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kek_origin: Option<String>,
    /// The unwrapped KeNB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unwrapped_kenb: Option<KeyMaterial<'static>>,
    /// Why the key was not unwrapped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unwrap_error: Option<String>,
    /// KeNB against KDF(H_key, target): `ok`, `mismatch`, `h_key_unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kdf_check: Option<&'static str>,
    /// Where the H_key of the check came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub h_key_origin: Option<String>,
    /// The eNB the message is sent to, when it is not the wrapped key's target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wrong_target: Option<String>,
    /// Keys the target derives from the KeNB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<Derived>,
    /// NAS COUNT the message verified under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nas_count: Option<u32>,
    /// Where the NAS COUNT came from: `given`, `followed`, `searched`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count_source: Option<CountSource>,
    /// Whether the NAS-MAC verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mac_ok: Option<bool>,
    /// The deciphered NAS message (key material when it delivers an H_key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nas_plaintext: Option<NasPlaintext>,
    /// The H_key a step-5 delivery carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub h_key: Option<KeyMaterial<'static>>,
    /// The deciphered (or integrity-only) NAS message read: names and IEs, an H_key redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nas_message: Option<keyhop_codec::nas::msg::NasView>,
    /// Why the NAS message was not deciphered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nas_error: Option<String>,
    /// A finding id of key-refresh.md section 7 (KEYS-CONFLICT, NAS-COUNT-SEARCHED, MALFORMED).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<&'static str>,
    /// One sentence about the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// True when the note only says that a key is unknown (shown only when `--keys` is given).
    #[serde(skip)]
    pub key_unknown: bool,
}

impl SecNote {
    fn new(item: impl Into<String>, kind: &'static str) -> Self {
        SecNote {
            item: item.into(),
            kind,
            ..SecNote::default()
        }
    }

    fn finding(item: impl Into<String>, id: &'static str, detail: String) -> Self {
        SecNote {
            finding: Some(id),
            detail: Some(detail),
            ..SecNote::new(item, "finding")
        }
    }

    /// One line of text for the summary and tree outputs.
    ///
    /// Written piece by piece into one string (a line has up to a dozen pieces; a temporary
    /// string for each was most of the cost besides the fingerprints).
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(160);
        match self.kind {
            "learned_key" => {
                let _ = write!(
                    s,
                    "{}: learned {}",
                    self.item,
                    self.learned.unwrap_or("key")
                );
                if let Some(e) = &self.enb {
                    let _ = write!(s, " of {e}");
                }
                if let Some(k) = self.key_id {
                    let _ = write!(s, " keyId {k}");
                }
                if let Some(r) = self.refresh_counter {
                    let _ = write!(s, " refreshCounter {r}");
                }
                if let Some(k) = &self.key {
                    let _ = write!(s, " = {}", k.shown());
                }
                if let Some(u) = &self.ue {
                    let _ = write!(s, " [{u}]");
                }
            }
            "unwrap" => {
                let _ = write!(
                    s,
                    "{}: KeNB for {} (keyId {}, {})",
                    self.item,
                    self.target_enb.as_deref().unwrap_or("?"),
                    self.key_id.unwrap_or(0),
                    self.wrap_algorithm.as_deref().unwrap_or("?")
                );
                if let Some(k) = &self.unwrapped_kenb {
                    let _ = write!(s, " unwrapped = {}", k.shown());
                    match self.kdf_check {
                        Some("ok") => s.push_str(", KDF(H_key) ok"),
                        Some("mismatch") => s.push_str(", KDF(H_key) MISMATCH"),
                        _ => s.push_str(", H_key unknown"),
                    }
                    if let Some(d) = &self.derived {
                        let _ = write!(
                            s,
                            "; K_RRCenc {} K_RRCint {} K_UPenc {}",
                            d.k_rrc_enc.shown(),
                            d.k_rrc_int.shown(),
                            d.k_up_enc.shown()
                        );
                    }
                }
                if let Some(e) = &self.unwrap_error {
                    let _ = write!(s, " not unwrapped: {e}");
                }
                if let Some(w) = &self.wrong_target {
                    let _ = write!(s, " WRONG TARGET: sent to {w}");
                }
                if let Some(u) = &self.ue {
                    let _ = write!(s, " [{u}]");
                }
            }
            "nas" => {
                let _ = write!(s, "{}:", self.item);
                if let Some(c) = self.nas_count {
                    let _ = write!(s, " COUNT {c}");
                }
                if let Some(src) = self.count_source {
                    s.push_str(&format!(" ({src:?})").to_lowercase());
                }
                match self.mac_ok {
                    Some(true) => s.push_str(" MAC ok"),
                    Some(false) => s.push_str(" MAC FAILED"),
                    None => {}
                }
                if let Some(r) = self.refresh_counter {
                    let _ = write!(
                        s,
                        ", H_key delivery refreshCounter {r} kdf {}",
                        self.kdf.as_deref().unwrap_or("?")
                    );
                }
                if let Some(k) = &self.h_key {
                    let _ = write!(s, " H_key = {}", k.shown());
                } else if let Some(p) = &self.nas_plaintext {
                    match p {
                        NasPlaintext::Plain(o) => s.push_str(&format!(
                            " plaintext {}",
                            keyhop_codec::redact::raw_text(o.as_bytes())
                        )),
                        NasPlaintext::Secret(k) => s.push_str(&format!(" plaintext {}", k.shown())),
                    }
                }
                if let Some(v) = &self.nas_message {
                    let _ = write!(s, " [{}]", v.names().join(", "));
                }
                if let Some(e) = &self.nas_error {
                    let _ = write!(s, " not deciphered: {e}");
                }
                if let Some(u) = &self.ue {
                    let _ = write!(s, " [{u}]");
                }
            }
            _ => {
                let _ = write!(
                    s,
                    "{} {}: {}",
                    self.finding.unwrap_or("?"),
                    self.item,
                    self.detail.as_deref().unwrap_or("")
                );
                if let Some(u) = &self.ue {
                    let _ = write!(s, " [{u}]");
                }
            }
        }
        s
    }
}

/// The state `read` keeps across messages: keys and node names.
#[derive(Debug, Default)]
pub struct Analyzer {
    /// Say so where a key is unknown (on with a keys file: without one, every protected NAS
    /// message of a capture would carry such a note).
    pub explain_missing: bool,
    /// Keys known so far.
    pub keys: KeyStore,
    nodes: HashMap<IpAddr, Node>,
    enb_names: HashMap<[u8; 8], String>,
    pending_imsi: HashMap<(IpAddr, u32), String>,
    /// Key work by its inputs (a wrapped KeNB comes in its NeighbourKeyResponse and again in
    /// the X2AP HandoverRequest): the same notes, each computation once.
    memo: KeyMemos,
}

/// The memos of [`Analyzer`]: MAKR unwraps, H_key KDFs and RRC/UP key derivations.
#[derive(Debug, Default)]
struct KeyMemos {
    /// (algorithm, binding, KEK and wrapped octets) -> KeNB or why not.
    unwrap: Memo<(WrapAlgorithm, WrapBinding, Secret), Result<Key256, String>>,
    /// (KDF, target ident, H_key) -> KeNB (None: the KDF failed).
    kdf: Memo<(KdfAlgorithm, [u8; 8], Secret), Option<Key256>>,
    /// KeNB -> K_RRCenc, K_RRCint, K_UPenc.
    derived: Memo<Secret, Derived>,
}

/// The eNB and MME of an S1AP message by its procedure: `Some(true)` sent by the MME,
/// `Some(false)` by the eNB, `None` when the procedure does not say. The node that starts a
/// procedure sends its initiating message; the other node sends the outcomes.
fn s1_from_mme(procedure: Procedure, pdu_type: PduType) -> Option<bool> {
    use Procedure::*;
    let mme_starts = match procedure {
        HandoverResourceAllocation
        | InitialContextSetup
        | DownlinkNasTransport
        | UeContextRelease
        | UeContextModification
        | MmeStatusTransfer
        | ERabSetup
        | ERabRelease
        | ERabModify
        | Paging => true,
        S1Setup
        | InitialUeMessage
        | UplinkNasTransport
        | HandoverPreparation
        | HandoverNotification
        | HandoverCancel
        | PathSwitchRequest
        | UeContextReleaseRequest
        | EnbStatusTransfer => false,
        _ => return None,
    };
    Some(mme_starts == (pdu_type == PduType::InitiatingMessage))
}

/// The crypto's KDF of the ASN.1 value (an unknown extension value stays unknown).
fn crypto_kdf(k: makr::KdfAlgorithm) -> KdfAlgorithm {
    match k {
        makr::KdfAlgorithm::AesBlock => KdfAlgorithm::AesBlock,
        makr::KdfAlgorithm::AesCmacCtr => KdfAlgorithm::AesCmacCtr,
        makr::KdfAlgorithm::Unknown(i) => KdfAlgorithm::from_index((2 + i).min(255) as u8),
    }
}

/// The crypto's wrap algorithm of the ASN.1 value.
fn crypto_wrap(w: makr::WrapAlgorithm) -> WrapAlgorithm {
    match w {
        makr::WrapAlgorithm::AesEcb => WrapAlgorithm::AesEcb,
        makr::WrapAlgorithm::AesKw => WrapAlgorithm::AesKw,
        makr::WrapAlgorithm::AesCtrCmac => WrapAlgorithm::AesCtrCmac,
        makr::WrapAlgorithm::Unknown(i) => WrapAlgorithm::from_index((3 + i).min(255) as u8),
    }
}

/// `ident(eNB)` of an S1AP/X2AP Global eNB ID.
fn global_ident(plmn: &[u8], id: &EnbId<'_>) -> Option<[u8; 8]> {
    let (kind, v) = match id {
        EnbId::Macro(b) => (0u8, b.0),
        EnbId::Home(b) => (1, b.0),
        EnbId::ShortMacro(b) => (2, b.0),
        EnbId::LongMacro(b) => (3, b.0),
        EnbId::Unknown(..) => return None,
    };
    let mut out = [0u8; 8];
    out[..3].copy_from_slice(plmn.get(..3)?);
    out[3] = kind;
    out[4..].copy_from_slice(&(v as u32).to_be_bytes());
    Some(out)
}

/// Where a message travelled: what [`Analyzer::analyze`] reads besides the message.
struct Envelope {
    frame: u64,
    src: SocketAddr,
    dst: SocketAddr,
}

impl Analyzer {
    /// An analyzer holding the keys file's keys, which says where a key is unknown.
    pub fn new(file: &KeysFile) -> Self {
        Analyzer {
            keys: KeyStore::new(file),
            explain_missing: true,
            ..Analyzer::default()
        }
    }

    /// What is known of the node at `ip`.
    pub fn node(&self, ip: &IpAddr) -> Option<&Node> {
        self.nodes.get(ip)
    }

    fn node_mut(&mut self, ip: IpAddr) -> Option<&mut Node> {
        if !self.nodes.contains_key(&ip) && self.nodes.len() >= MAX_NODES {
            return None;
        }
        Some(self.nodes.entry(ip).or_default())
    }

    /// The eNB identity a node showed, in text.
    fn enb_label(&self, ident: &[u8; 8]) -> String {
        match self.enb_names.get(ident) {
            Some(n) => format!("{} ({n})", ident_text(ident)),
            None => ident_text(ident),
        }
    }

    /// Learns from the message of frame `frame`, sent from `src` to `dst` (`result`: decoded or
    /// why not), and says what could be done with its keys.
    pub fn analyze(
        &mut self,
        frame: u64,
        src: SocketAddr,
        dst: SocketAddr,
        result: &Result<Decoded<'_>, DecodeError>,
    ) -> Vec<SecNote> {
        let msg = &Envelope { frame, src, dst };
        let mut notes = Vec::new();
        match result {
            Ok(Decoded::S1ap(p)) => self.s1ap(msg, p, &mut notes),
            Ok(Decoded::X2ap(p)) => self.x2ap(msg, p, &mut notes),
            Ok(Decoded::Gtpv2(m)) => self.gtpv2(msg.frame, m, &mut notes),
            Ok(Decoded::Gtpv1(m, _)) => self.gtpv1(msg.frame, m, &mut notes),
            Err(_) => {}
        }
        // Keys-file entries this message showed to be of one UE and that disagree.
        for text in self.keys.take_file_conflicts() {
            notes.push(SecNote::finding("keys file", "KEYS-CONFLICT", text));
        }
        if !self.explain_missing {
            notes.retain(|n| !n.key_unknown);
        }
        notes
    }

    fn conflict(notes: &mut Vec<SecNote>, item: &str, c: Option<Conflict>) {
        if let Some(c) = c {
            notes.push(SecNote::finding(
                item,
                "KEYS-CONFLICT",
                format!(
                    "{} of frame {} disagrees with the keys file; the file's key is used",
                    c.what, c.frame
                ),
            ));
        }
    }

    fn s1ap(&mut self, msg: &Envelope, p: &S1apPdu<'_>, notes: &mut Vec<SecNote>) {
        let procedure = p.procedure();
        let (src, dst) = (msg.src.ip(), msg.dst.ip());
        let from_mme = p
            .pdu_type
            .and_then(|t| s1_from_mme(procedure, t))
            .or_else(|| {
                let m = |ip: &IpAddr| self.nodes.get(ip).is_some_and(|n| n.mme);
                if m(&src) {
                    Some(true)
                } else if m(&dst) {
                    Some(false)
                } else {
                    None
                }
            });
        let (mme, enb) = match from_mme {
            Some(true) => (Some(src), Some(dst)),
            Some(false) => (Some(dst), Some(src)),
            None => (None, None),
        };
        if let Some(ip) = mme {
            if let Some(n) = self.node_mut(ip) {
                n.mme = true;
            }
        }
        if let Some(ies) = p.ies() {
            let setup = |t| procedure == Procedure::S1Setup && p.pdu_type == Some(t);
            if setup(PduType::InitiatingMessage) {
                let ident = ies
                    .global_enb_id()
                    .and_then(|g| global_ident(g.plmn_identity.as_bytes(), &g.enb_id));
                let nm = ies
                    .enb_name()
                    .map(|n| String::from_utf8_lossy(&n.0).into_owned());
                if let Some(n) = self.node_mut(src) {
                    n.enb = ident.or(n.enb);
                    n.name = nm.or(n.name.take());
                    if let (Some(i), Some(nm)) = (n.enb, n.name.clone()) {
                        if self.enb_names.len() < MAX_NODES {
                            self.enb_names.insert(i, nm);
                        }
                    }
                }
            }
            if setup(PduType::SuccessfulOutcome) {
                if let Some(n) = ies.mme_name() {
                    let nm = String::from_utf8_lossy(&n.0).into_owned();
                    if let Some(node) = self.node_mut(src) {
                        node.name = Some(nm);
                    }
                }
            }
            let mme_id = p.mme_ue_s1ap_id();
            let enb_id = p.enb_ue_s1ap_id();
            let nas = p.nas_pdu();
            // An Attach names the UE by IMSI before the MME gives it an MME-UE-S1AP-ID.
            if let (Some(nas), Some(e), Some(enb_ip)) = (nas, enb_id, enb) {
                if from_mme == Some(false) {
                    if let Some(imsi) = keyhop_codec::nas::imsi(nas) {
                        if self.pending_imsi.len() < MAX_PENDING_IMSI {
                            self.pending_imsi.insert((enb_ip, e), imsi);
                        }
                    }
                }
            }
            let ue = mme_id.map(|id| {
                let mut h = self.keys.ue_by_s1(id, mme);
                if let (Some(e), Some(enb_ip)) = (enb_id, enb) {
                    if let Some(imsi) = self.pending_imsi.remove(&(enb_ip, e)) {
                        h = self.keys.set_imsi(h, &imsi);
                    }
                }
                h
            });
            // Every NAS-PDU of the message: the NAS-PDU IE and those of InitialContextSetup's
            // E-RAB items (the ciphered Attach Accept).
            if let (Some(h), Some(fm)) = (ue, from_mme) {
                let dir = if fm {
                    Direction::Downlink
                } else {
                    Direction::Uplink
                };
                for (item, pdu) in crate::analysis::nas_view::nas_pdus(p) {
                    self.nas(msg.frame, h, &item, pdu, dir, notes);
                }
            }
        }
        if let Some(ie) = MakrPrivateIe::from_pdu(p) {
            self.makr(msg, ie, mme, notes);
        }
    }

    fn makr(
        &mut self,
        msg: &Envelope,
        ie: &MakrPrivateIe<'_>,
        mme: Option<IpAddr>,
        notes: &mut Vec<SecNote>,
    ) {
        match ie {
            MakrPrivateIe::KeyDistribution(kd) => {
                for (i, it) in kd.keys.iter().enumerate() {
                    let item = format!("key_distribution.keys[{i}]");
                    if let Some(why) = it.profile_problem() {
                        notes.push(SecNote::finding(item, "MALFORMED", why));
                        continue;
                    }
                    let Some(ident) = it.enb_identity.ident() else {
                        notes.push(SecNote::finding(
                            item,
                            "MALFORMED",
                            "eNB identity of an unknown kind".into(),
                        ));
                        continue;
                    };
                    let key = SecretKey::from_slice(it.mme_enb_key.expose());
                    let c = self.keys.learn_kek(ident, it.key_id, key, msg.frame);
                    notes.push(SecNote {
                        learned: Some("mme_enb_key"),
                        enb: Some(self.enb_label(&ident)),
                        key_id: Some(it.key_id),
                        key: Some(KeyMaterial::owned(it.mme_enb_key.expose().to_vec())),
                        ..SecNote::new(item.clone(), "learned_key")
                    });
                    Self::conflict(notes, &item, c);
                }
            }
            MakrPrivateIe::NeighbourKeyRequest(_) => {}
            MakrPrivateIe::NeighbourKeyResponse(r) => {
                let h = self.keys.ue_by_s1(r.mme_ue_s1ap_id, mme);
                for (i, it) in r.wrapped_keys.iter().enumerate() {
                    let n = self.unwrap_item(
                        msg.frame,
                        format!("neighbour_key_response.wrapped_keys[{i}]"),
                        it,
                        r.mme_ue_s1ap_id,
                        r.refresh_counter,
                        crypto_kdf(r.kdf),
                        Some(h),
                    );
                    notes.push(n);
                }
            }
        }
    }

    /// Unwraps one WrappedKeyItem with its target's KEK, and checks it against the H_key.
    #[allow(clippy::too_many_arguments)]
    fn unwrap_item(
        &mut self,
        frame: u64,
        item: String,
        it: &WrappedKeyItem<'_>,
        mme_ue_s1ap_id: u32,
        refresh_counter: u16,
        kdf: KdfAlgorithm,
        ue: Option<UeHandle>,
    ) -> SecNote {
        let mut n = SecNote {
            key_id: Some(it.key_id),
            wrap_algorithm: Some(it.wrap_algorithm.name().into_owned()),
            kdf: Some(kdf.name()),
            refresh_counter: Some(refresh_counter),
            ue: ue.map(|h| self.keys.ue_name(h)),
            ..SecNote::new(item, "unwrap")
        };
        let Some(ident) = it.target_enb.ident() else {
            n.unwrap_error = Some("target eNB identity of an unknown kind".into());
            return n;
        };
        n.target_enb = Some(self.enb_label(&ident));
        let Some((kek, origin)) = self.keys.kek(&ident, it.key_id, frame) else {
            n.unwrap_error = Some(format!(
                "key unknown: no MME-eNB key of {} keyId {}",
                ident_text(&ident),
                it.key_id
            ));
            n.key_unknown = true;
            return n;
        };
        n.kek_origin = Some(origin.describe());
        let binding = WrapBinding {
            target_ident: ident,
            mme_ue_s1ap_id,
            refresh_counter,
        };
        let alg = crypto_wrap(it.wrap_algorithm);
        let wrapped = it.wrapped_kenb.as_bytes();
        let memo = &mut self.memo;
        let unwrapped = memo
            .unwrap
            .get_or((alg, binding, Secret::of(&[kek.expose(), wrapped])), || {
                unwrap_kenb(alg, kek.expose(), wrapped, &binding).map_err(|e| e.to_string())
            });
        match unwrapped {
            Ok(kenb) => {
                n.unwrapped_kenb = Some(kenb.to_key_material());
                n.derived = Some(
                    memo.derived
                        .get_or(Secret::of(&[kenb.expose()]), || Derived::from_kenb(&kenb)),
                );
                n.kdf_check = Some("h_key_unknown");
                if let Some((hk, o)) = ue.and_then(|h| self.keys.h_key(h, refresh_counter, frame)) {
                    n.h_key_origin = Some(o.describe());
                    let kdf = hk.kdf.unwrap_or(kdf);
                    let h_key = hk.key.expose();
                    let want = memo.kdf.get_or((kdf, ident, Secret::of(&[h_key])), || {
                        derive_kenb(kdf, h_key, &ident).ok()
                    });
                    n.kdf_check = Some(match want {
                        Some(k) if k == kenb => "ok",
                        _ => "mismatch",
                    });
                }
            }
            Err(e) => n.unwrap_error = Some(e),
        }
        n
    }

    /// Verifies and deciphers a protected NAS message of a UE; learns an H_key it delivers.
    fn nas(
        &mut self,
        frame: u64,
        h: UeHandle,
        item: &str,
        pdu: &[u8],
        dir: Direction,
        notes: &mut Vec<SecNote>,
    ) {
        if dir == Direction::Downlink && self.clear_hkey(frame, h, pdu, notes) {
            return;
        }
        let mut n = SecNote {
            ue: Some(self.keys.ue_name(h)),
            ..SecNote::new(item, "nas")
        };
        // A SECURITY MODE COMMAND (integrity protected, not ciphered) selects the algorithms of
        // the context it starts: its own NAS-MAC and what follows use them.
        if let Ok(NasPdu::Protected(p)) = NasPdu::decode(pdu) {
            if p.header_type == SecurityHeaderType::IntegrityProtectedNewContext
                && p.message.get(..2) == Some(&[0x07, 0x5d])
            {
                if let (Some(&alg), Some(u)) = (p.message.get(2), self.keys.ue_mut(h)) {
                    u.nas_algorithms = Some(((alg >> 4) & 0x07, alg & 0x07));
                }
            }
        }
        let ok = match self
            .keys
            .read_nas(h, pdu, dir, frame, COUNT_SEARCH_OVERFLOWS)
        {
            NasRead::Plain => return,
            NasRead::Undecodable(e) => {
                notes.push(SecNote::finding(item, "MALFORMED", e));
                return;
            }
            NasRead::NoKasme => {
                n.nas_error = Some("key unknown: no KASME for this UE".into());
                n.key_unknown = true;
                notes.push(n);
                return;
            }
            NasRead::MacFailed(e) => {
                n.mac_ok = Some(false);
                n.nas_error = Some(format!(
                    "integrity failure: {e} (COUNT overflow 0..{} searched)",
                    COUNT_SEARCH_OVERFLOWS
                ));
                notes.push(n);
                return;
            }
            NasRead::Read(ok) => ok,
        };
        n.mac_ok = Some(true);
        n.nas_count = Some(ok.count);
        n.count_source = Some(ok.source);
        let searched = (ok.source == CountSource::Searched).then(|| {
            SecNote::finding(
                item,
                "NAS-COUNT-SEARCHED",
                format!(
                    "NAS COUNT {} found by trying {} values until the NAS-MAC verified",
                    ok.count, ok.tried
                ),
            )
        });
        let up = Some(dir == Direction::Uplink);
        if let Ok(plain) = &ok.plain {
            n.nas_message = Some(NasView::deciphered(pdu, plain, up));
        }
        match (ok.plain, ok.delivery) {
            (Ok(plain), Some((rc, kdf, key))) => {
                n.refresh_counter = Some(rc);
                n.kdf = Some(kdf.name());
                n.h_key = Some(key.to_key_material());
                n.learned = Some("h_key");
                n.nas_plaintext = Some(NasPlaintext::Secret(KeyMaterial::owned(plain)));
            }
            (Ok(plain), None) => n.nas_plaintext = Some(NasPlaintext::Plain(Octets::owned(plain))),
            (Err(e), _) => n.nas_error = Some(e),
        }
        notes.push(n);
        notes.extend(searched);
        Self::conflict(notes, item, ok.conflict);
    }

    /// An H_key delivery sent in the clear (security header type 0, or 1 or 3: integrity
    /// protected only), which section 6 forbids: its H_key is typed, learned and redacted like
    /// a deciphered one, and MAKR-HKEY-PLAIN is noted. False when `pdu` is no such delivery.
    fn clear_hkey(
        &mut self,
        frame: u64,
        h: UeHandle,
        pdu: &[u8],
        notes: &mut Vec<SecNote>,
    ) -> bool {
        let (header_type, plain) = match NasPdu::decode(pdu) {
            Ok(NasPdu::Plain(b)) => (0, b),
            Ok(NasPdu::Protected(p)) if !p.header_type.is_ciphered() => {
                (p.header_type.value(), p.message)
            }
            _ => return false,
        };
        let Ok(d) = keyhop_codec::nas::hkey::HkeyDelivery::decode(plain) else {
            return false;
        };
        let conflict = self.keys.learn_h_key(
            h,
            d.refresh_counter,
            crate::analysis::keystore::HKey {
                key: d.h_key.clone(),
                kdf: Some(d.kdf),
            },
            frame,
        );
        notes.push(SecNote {
            ue: Some(self.keys.ue_name(h)),
            refresh_counter: Some(d.refresh_counter),
            kdf: Some(d.kdf.name()),
            h_key: Some(d.h_key.to_key_material()),
            learned: Some("h_key"),
            ..SecNote::new("nas_pdu", "nas")
        });
        notes.push(SecNote::finding(
            "nas_pdu",
            "MAKR-HKEY-PLAIN",
            format!(
                "H_key delivery of refresh {} sent with security header type {header_type}: H_key is readable on the S1 link (section 6 requires type 2)",
                d.refresh_counter
            ),
        ));
        Self::conflict(notes, "nas_pdu", conflict);
        true
    }

    fn x2ap(&mut self, msg: &Envelope, p: &X2apPdu<'_>, notes: &mut Vec<SecNote>) {
        let Some(ies) = p.ies() else { return };
        let (procedure, pdu_type) = (p.procedure(), p.pdu_type);
        if procedure == X2Proc::X2Setup
            && matches!(
                pdu_type,
                Some(PduType::InitiatingMessage | PduType::SuccessfulOutcome)
            )
        {
            if let Some(X2apIe::GlobalEnbId(g)) = ies.get(X2_GLOBAL_ENB_ID) {
                if let Some(ident) = global_ident(g.plmn_identity.as_bytes(), &g.enb_id) {
                    if let Some(n) = self.node_mut(msg.src.ip()) {
                        n.enb = Some(ident);
                        if let Some(nm) = n.name.clone() {
                            if self.enb_names.len() < MAX_NODES {
                                self.enb_names.insert(ident, nm);
                            }
                        }
                    }
                }
            }
        }
        if (procedure, pdu_type)
            != (
                X2Proc::HandoverPreparation,
                Some(PduType::InitiatingMessage),
            )
        {
            return;
        }
        let Some(X2apIe::WrappedKenb(w)) = ies.get(makr::ID_WRAPPED_KENB) else {
            return;
        };
        let mme_id = match ies.get(X2_UE_CONTEXT_INFORMATION) {
            Some(X2apIe::UeContextInformation(c)) => Some(c.mme_ue_s1ap_id.0 as u32),
            _ => None,
        };
        let ue = mme_id.and_then(|id| self.keys.ue_by_id_any_mme(id));
        let mut n = self.unwrap_item(
            msg.frame,
            "wrapped_kenb".into(),
            &w.key,
            mme_id.unwrap_or(0),
            w.refresh_counter,
            crypto_kdf(w.kdf),
            ue,
        );
        if ue.is_none() {
            if let Some(id) = mme_id {
                n.ue = Some(format!("MME-UE-S1AP-ID {id}"));
            }
        }
        // The receiver holds only its own KEK: a key made for another eNB is useless to it.
        let target = w.key.target_enb.ident();
        let receiver = self.nodes.get(&msg.dst.ip()).and_then(|n| n.enb);
        if let (Some(t), Some(r)) = (target, receiver) {
            if t != r {
                n.wrong_target = Some(self.enb_label(&r));
            }
        } else if let (Some(t), Some(X2apIe::TargetCellId(ecgi))) =
            (target, ies.get(X2_TARGET_CELL_ID))
        {
            let bits = match t[3] {
                0 => 20,
                1 => 28,
                2 => 18,
                _ => 21,
            };
            let id = (ecgi.cell_id.0 >> (28 - bits)) as u32;
            let same_plmn = ecgi.plmn_identity.as_bytes() == &t[..3];
            if !same_plmn || id.to_be_bytes() != t[4..] {
                n.wrong_target = Some(format!(
                    "the eNB of cell {}:{:07x}",
                    keyhop_codec::text::plmn_or_hex(ecgi.plmn_identity.as_bytes()),
                    ecgi.cell_id.0
                ));
            }
        }
        notes.push(n);
    }

    fn gtpv2(
        &mut self,
        frame: u64,
        m: &keyhop_codec::gtpv2::Gtpv2Message<'_>,
        notes: &mut Vec<SecNote>,
    ) {
        let (Some(imsi), Some(mm)) = (m.imsi(), m.mm_context()) else {
            return;
        };
        let h = self.keys.ue_by_imsi(imsi);
        let ue = Some(self.keys.ue_name(h));
        if let Some(k) = mm.kasme.as_ref() {
            if let Ok(kasme) = Key256::from_slice("KASME", k.expose()) {
                let c = self.keys.learn_kasme(h, kasme, frame);
                notes.push(SecNote {
                    learned: Some("kasme"),
                    key: Some(KeyMaterial::owned(k.expose().to_vec())),
                    ue: ue.clone(),
                    ..SecNote::new("mm_context", "learned_key")
                });
                Self::conflict(notes, "mm_context", c);
                if let Some(u) = self.keys.ue_mut(h) {
                    if u.nas_algorithms.is_none() {
                        u.nas_algorithms =
                            Some((mm.nas_ciphering_algorithm, mm.nas_integrity_algorithm));
                    }
                    let given = |c: Option<u32>| {
                        c.map(|c| CountHint {
                            next: NasCount::from_value(c),
                            source: CountSource::Given,
                        })
                    };
                    u.nas_downlink = u.nas_downlink.or(given(mm.nas_downlink_count));
                    u.nas_uplink = u.nas_uplink.or(given(mm.nas_uplink_count));
                }
            }
        }
        if let Some(nh) = mm.nh.as_ref() {
            if let Ok(nh) = Key256::from_slice("NH", nh.expose()) {
                if let Some(u) = self.keys.ue_mut(h) {
                    u.nh.learn(frame, (nh.clone(), mm.ncc));
                }
                notes.push(SecNote {
                    learned: Some("nh"),
                    key: Some(nh.to_key_material()),
                    detail: Some(format!("NCC {}", mm.ncc)),
                    ue: ue.clone(),
                    ..SecNote::new("mm_context", "learned_key")
                });
            }
        }
        if let (Some(ck), Some(ik)) = (mm.ck.as_ref(), mm.ik.as_ref()) {
            self.learn_ck_ik(frame, h, ck.expose(), ik.expose(), notes);
        }
    }

    fn learn_ck_ik(
        &mut self,
        frame: u64,
        h: UeHandle,
        ck: &[u8],
        ik: &[u8],
        notes: &mut Vec<SecNote>,
    ) {
        if let (Ok(ck), Ok(ik)) = (Key128::from_slice("CK", ck), Key128::from_slice("IK", ik)) {
            let c = self.keys.learn_ck_ik(h, ck.clone(), ik.clone(), frame);
            let mut both = ck.expose().to_vec();
            both.extend_from_slice(ik.expose());
            notes.push(SecNote {
                learned: Some("ck_ik"),
                key: Some(KeyMaterial::owned(both)),
                ue: Some(self.keys.ue_name(h)),
                ..SecNote::new("mm_context", "learned_key")
            });
            Self::conflict(notes, "mm_context", c);
        }
    }

    fn gtpv1(
        &mut self,
        frame: u64,
        m: &keyhop_codec::gtpv1::Message<'_>,
        notes: &mut Vec<SecNote>,
    ) {
        let (Some(imsi), Some(mm)) = (m.imsi(), m.mm_context()) else {
            return;
        };
        let digits = imsi.digits();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        let h = self.keys.ue_by_imsi(&digits);
        if let (Some(ck), Some(ik)) = (mm.ck(), mm.ik()) {
            let (ck, ik) = (ck.expose().to_vec(), ik.expose().to_vec());
            self.learn_ck_ik(frame, h, &ck, &ik, notes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{AppProto, CaptureReader, Timestamp};
    use crate::output::Message;
    use keyhop_codec::gtpv2::{self, Gtpv2Message, Ie, IeValue, MmContext, MmContextForm};
    use std::path::PathBuf;

    fn sample(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../samples")
            .join(name)
    }

    /// Runs the analyzer over the MAKR sample with its keys file; `edit` may change a message
    /// before it is analyzed. Returns the notes of every frame.
    fn run_makr(edit: impl Fn(&mut Message<'_>)) -> Vec<(u64, SecNote)> {
        let keys = KeysFile::load(&sample("x2-makr.keys.toml")).unwrap();
        let mut a = Analyzer::new(&keys);
        let mut r = CaptureReader::open(sample("x2-makr.pcapng")).unwrap();
        let mut out = Vec::new();
        while let Some(f) = r.next_frame() {
            let f = f.unwrap();
            for p in f.payloads() {
                let mut m = Message::from_payload(f.number, f.timestamp, &p);
                edit(&mut m);
                for n in a.analyze(m.frame, m.src, m.dst, &m.result) {
                    out.push((f.number, n));
                }
            }
        }
        out
    }

    #[test]
    fn sample_unwraps_everything() {
        let notes = run_makr(|_| {});
        let unwraps: Vec<_> = notes.iter().filter(|(_, n)| n.kind == "unwrap").collect();
        assert_eq!(unwraps.len(), 18);
        assert!(unwraps.iter().all(|(_, n)| n.unwrapped_kenb.is_some()));
        assert!(unwraps.iter().all(|(_, n)| n.wrong_target.is_none()));
    }

    #[test]
    fn handover_request_to_another_enb_is_a_wrong_target() {
        // Frame 59 carries enb-east's key; sent to enb-south instead, enb-south cannot use it.
        let south: std::net::SocketAddr = "10.30.1.3:36422".parse().unwrap();
        let notes = run_makr(|m| {
            if m.frame == 59 {
                m.dst = south;
            }
        });
        let (_, n) = notes
            .iter()
            .find(|(f, n)| *f == 59 && n.item == "wrapped_kenb")
            .unwrap();
        assert_eq!(
            n.wrong_target.as_deref(),
            Some("001-01:macro:1a2b2 (enb-south)")
        );
        assert!(n
            .text()
            .contains("WRONG TARGET: sent to 001-01:macro:1a2b2 (enb-south)"));
    }

    #[test]
    fn ctr_cmac_key_replayed_for_another_ue_fails_its_tag() {
        // Frame 78: UE 2's WrappedKeNB for enb-south (aes-ctr-cmac). Presented in UE 1's
        // context, its tag, bound to UE 2's MME-UE-S1AP-ID, no longer verifies.
        let notes = run_makr(|m| {
            if m.frame == 78 {
                if let Ok(Decoded::X2ap(p)) = &mut m.result {
                    if let keyhop_codec::ap::Body::Ies(b) = &mut p.body {
                        for ie in &mut b.ies.items {
                            if let keyhop_codec::ap::IeValue::Typed(X2apIe::UeContextInformation(
                                c,
                            )) = &mut ie.value
                            {
                                c.mme_ue_s1ap_id.0 = 0x0010_0000;
                            }
                        }
                    }
                }
            }
        });
        let (_, n) = notes
            .iter()
            .find(|(f, n)| *f == 78 && n.item == "wrapped_kenb")
            .unwrap();
        assert_eq!(n.wrap_algorithm.as_deref(), Some("aes_ctr_cmac"));
        assert!(n.unwrapped_kenb.is_none());
        assert_eq!(
            n.unwrap_error.as_deref(),
            Some("integrity check failed: aes-ctr-cmac tag")
        );
    }

    fn gtp_message(imsi: &str, mm: MmContext<'static>) -> Gtpv2Message<'static> {
        let mut m = Gtpv2Message::new(gtpv2::MessageType::ForwardRelocationRequest, 7);
        m.ies.push(Ie::new(IeValue::Imsi(gtpv2::Tbcd(imsi.into()))));
        m.ies.push(Ie::new(IeValue::MmContext(Box::new(mm))));
        m
    }

    fn gtp_msg<'a>(frame: u64, g: Gtpv2Message<'a>) -> Message<'a> {
        Message {
            frame,
            time: Timestamp::new(0, 0),
            src: "10.0.0.1:2123".parse().unwrap(),
            dst: "10.0.0.2:2123".parse().unwrap(),
            app: AppProto::Gtpv2c,
            result: Ok(Decoded::Gtpv2(g)),
            src_node: None,
            dst_node: None,
            security: Vec::new(),
            answer: None,
        }
    }

    #[test]
    fn mm_context_keys_are_learned_and_checked_against_the_file() {
        let file = KeysFile::parse(
            "[[kasme]]\nimsi = \"001010000000042\"\nkey = \"\
             4242424242424242424242424242424242424242424242424242424242424242\"\n",
        )
        .unwrap();
        let mut a = Analyzer::new(&file);
        let mut mm = MmContext::empty(MmContextForm::EpsSecurityContextQuadruplets);
        mm.kasme = Some(KeyMaterial::owned(vec![0x41; 32]));
        mm.nh = Some(KeyMaterial::owned(vec![0x13; 32]));
        mm.ncc = 3;
        mm.nas_downlink_count = Some(0x0102);
        let m = gtp_msg(5, gtp_message("001010000000042", mm));
        let notes = a.analyze(m.frame, m.src, m.dst, &m.result);
        let learned: Vec<_> = notes.iter().filter_map(|n| n.learned).collect();
        assert_eq!(learned, ["kasme", "nh"]);
        let c = notes
            .iter()
            .find(|n| n.finding == Some("KEYS-CONFLICT"))
            .unwrap();
        assert_eq!(
            c.detail.as_deref(),
            Some("kasme of IMSI 001010000000042 of frame 5 disagrees with the keys file; the file's key is used")
        );
        let h = a.keys.ue_by_imsi("001010000000042");
        let u = a.keys.ue(h).unwrap();
        assert_eq!(u.kasme.get(9).unwrap().0.expose(), &[0x42; 32]);
        assert_eq!(u.nh.get(9).unwrap().0 .1, 3);
        assert_eq!(u.nas_downlink.unwrap().next.value(), 0x0102);
        // UMTS keys from an SGSN's context.
        let mut mm = MmContext::empty(MmContextForm::UmtsKeyQuintuplets);
        mm.ck = Some(KeyMaterial::owned(vec![1; 16]));
        mm.ik = Some(KeyMaterial::owned(vec![2; 16]));
        let m = gtp_msg(6, gtp_message("001010000000043", mm));
        let notes = a.analyze(m.frame, m.src, m.dst, &m.result);
        assert_eq!(notes[0].learned, Some("ck_ik"));
        let h = a.keys.ue_by_imsi("001010000000043");
        let (ck_ik, o) = a.keys.ue(h).unwrap().ck_ik.get(6).unwrap();
        assert_eq!(
            (ck_ik.0.expose(), ck_ik.1.expose(), o),
            (
                &[1u8; 16],
                &[2u8; 16],
                crate::analysis::keystore::Origin::Learned(6)
            )
        );
    }

    /// With keys, every protected NAS-PDU of the S1 sample verifies and is read, the ciphered
    /// Attach Accept inside InitialContextSetupRequest included.
    #[test]
    fn every_protected_nas_of_the_s1_sample_is_read() {
        let keys = KeysFile::load(&sample("s1-handover.keys.toml")).unwrap();
        let mut a = Analyzer::new(&keys);
        let mut r = CaptureReader::open(sample("s1-handover.pcapng")).unwrap();
        let mut nas = Vec::new();
        while let Some(f) = r.next_frame() {
            let f = f.unwrap();
            for p in f.payloads() {
                let m = Message::from_payload(f.number, f.timestamp, &p);
                nas.extend(
                    a.analyze(m.frame, m.src, m.dst, &m.result)
                        .into_iter()
                        .filter(|n| n.kind == "nas"),
                );
            }
        }
        assert!(nas.len() >= 12, "{}", nas.len());
        for n in &nas {
            assert_eq!(n.mac_ok, Some(true), "{}", n.text());
            let v = n.nas_message.as_ref().expect("read");
            assert!(!v.names().contains(&"unknown"), "{}", n.text());
        }
        let accepts: Vec<_> = nas
            .iter()
            .filter(|n| n.item == "e_rab_to_be_setup_list_ctxt_su_req[0].nas_pdu")
            .collect();
        assert!(!accepts.is_empty());
        for n in accepts {
            assert_eq!(
                n.nas_message.as_ref().unwrap().names(),
                [
                    "Attach Accept",
                    "Activate Default EPS Bearer Context Request"
                ]
            );
        }
    }

    /// A Security Mode Command selecting EEA0 makes the UE's later ciphered messages read with
    /// EEA0 (with the default EEA2 they would decipher to noise).
    #[test]
    fn security_mode_command_selects_the_algorithms() {
        use keyhop_codec::nas::security::NasKeys;
        let file = KeysFile::parse(
            "[[kasme]]\nimsi = \"001010000000042\"\nkey = \"\
             4242424242424242424242424242424242424242424242424242424242424242\"\n",
        )
        .unwrap();
        let mut a = Analyzer::new(&file);
        let h = a.keys.ue_by_imsi("001010000000042");
        let kasme = Key256::from_slice("KASME", &[0x42; 32]).unwrap();
        let keys = NasKeys::from_kasme(&kasme, 0, 2);
        // SECURITY MODE COMMAND: EEA0 + 128-EIA2, KSI 0, capabilities e0e0.
        let smc = keys
            .protect(
                SecurityHeaderType::IntegrityProtectedNewContext,
                NasCount::new(0, 0),
                Direction::Downlink,
                &[0x07, 0x5d, 0x02, 0x00, 0x02, 0xe0, 0xe0],
            )
            .unwrap();
        // EMM INFORMATION, "ciphered" with EEA0.
        let info = keys
            .protect(
                SecurityHeaderType::IntegrityProtectedCiphered,
                NasCount::new(0, 1),
                Direction::Downlink,
                &[0x07, 0x61],
            )
            .unwrap();
        let mut notes = Vec::new();
        a.nas(1, h, "nas_pdu", &smc, Direction::Downlink, &mut notes);
        a.nas(2, h, "nas_pdu", &info, Direction::Downlink, &mut notes);
        notes.retain(|n| n.kind == "nas");
        assert_eq!(notes.len(), 2, "{notes:?}");
        for (n, want) in notes
            .iter()
            .zip(["Security Mode Command", "EMM Information"])
        {
            assert_eq!(n.mac_ok, Some(true), "{}", n.text());
            assert_eq!(
                n.nas_message.as_ref().unwrap().names(),
                [want],
                "{}",
                n.text()
            );
        }
        assert_eq!(a.keys.ue(h).unwrap().nas_algorithms, Some((0, 2)));
    }
}
