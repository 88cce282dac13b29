//! The extraction layer's output: one compact, owned [`Event`] per decoded message that matters
//! to a rule, holding only what the rules read (ids, keys as fixed-size [`Key`]s that wipe
//! themselves, hashes of the transparent containers that tie the legs of a handover together).
//!
//! Events own their data so that the rules never hold the capture's buffers; the common events
//! are small and allocate nothing (only MAKR lists, rare, use a `Vec`). They are `Clone`, not
//! `Copy`: a key copy is always an explicit `.clone()`, wiped on drop like the original.

use crate::capture::{AppProto, Timestamp};
use keyhop_codec::redact::fingerprint;
use keyhop_codec::security::keys::{ct_eq, SecretKey};
use keyhop_codec::security::makr::{EnbIdentity, KdfAlgorithm, WrapAlgorithm};
use std::fmt;
use std::net::SocketAddr;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A copy of `N` octets of key material kept by `validate`: wiped when dropped, compared in
/// constant time, and never printed (`Debug` shows only its fingerprint).
///
/// Not `Copy` on purpose: every copy is an explicit `.clone()` that is wiped in turn.
#[derive(Clone)]
pub struct Key<const N: usize>([u8; N]);

/// 256 bits of key material (KeNB, NH, KASME, KeNB*).
pub type Key32 = Key<32>;

/// 128 bits of key material (CK, IK).
pub type Key16 = Key<16>;

impl<const N: usize> Key<N> {
    /// Takes ownership of the octets.
    pub const fn new(octets: [u8; N]) -> Self {
        Key(octets)
    }

    /// The first `N` octets of `b`, zero-padded when it is shorter (a wrong length is the
    /// codec's finding, not the rules').
    pub fn from_prefix(b: &[u8]) -> Self {
        let mut k = Key([0u8; N]);
        let n = b.len().min(N);
        k.0[..n].copy_from_slice(&b[..n]);
        k
    }

    /// The key octets. Handle with care: this is the secret.
    pub fn expose(&self) -> &[u8; N] {
        &self.0
    }
}

impl<const N: usize> std::ops::Deref for Key<N> {
    type Target = [u8; N];
    fn deref(&self) -> &[u8; N] {
        &self.0
    }
}

impl<const N: usize> AsRef<[u8]> for Key<N> {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl<const N: usize> From<[u8; N]> for Key<N> {
    fn from(a: [u8; N]) -> Self {
        Key(a)
    }
}

impl<const N: usize> PartialEq for Key<N> {
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}

impl<const N: usize> Eq for Key<N> {}

impl<const N: usize> fmt::Debug for Key<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key{}({})", N * 8, fingerprint(&self.0))
    }
}

impl<const N: usize> Zeroize for Key<N> {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl<const N: usize> Drop for Key<N> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<const N: usize> ZeroizeOnDrop for Key<N> {}

/// An IMSI: up to 15 digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Imsi {
    digits: [u8; 16],
    len: u8,
}

impl Imsi {
    /// The IMSI of a digit string; `None` if it is empty, longer than 16 or not decimal.
    pub fn parse(s: &str) -> Option<Imsi> {
        if s.is_empty() || s.len() > 16 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut digits = [0u8; 16];
        digits[..s.len()].copy_from_slice(s.as_bytes());
        Some(Imsi {
            digits,
            len: s.len() as u8,
        })
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[..self.len as usize]).unwrap_or("")
    }
}

impl fmt::Display for Imsi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Imsi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Imsi({})", self.as_str())
    }
}

/// An E-UTRAN cell global identity: PLMN octets and the 28-bit cell identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ecgi {
    /// PLMN identity, TBCD octets.
    pub plmn: [u8; 3],
    /// Cell identity (28 bits).
    pub cell_id: u32,
}

impl Ecgi {
    /// Whether `enb` serves this cell: same PLMN, and its ID equals the leftmost bits of the
    /// cell identity (MAKR-TARGET).
    pub fn served_by(&self, enb: &EnbIdentity) -> bool {
        let bits = enb.kind.bits();
        enb.plmn == self.plmn && (self.cell_id >> (28 - bits)) == enb.enb_id
    }
}

/// UE security capabilities, algorithm by algorithm: bit n set = EEAn / EIAn supported (n 1..7;
/// EEA0/EIA0 left out because S1AP and X2AP imply them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Caps {
    /// EEA1..EEA7.
    pub eea: u8,
    /// EIA1..EIA7.
    pub eia: u8,
}

impl Caps {
    /// From the S1AP/X2AP bitmaps: the first bit is EEA1/EIA1.
    pub fn from_ap(eea_bitmap: &[u8], eia_bitmap: &[u8]) -> Caps {
        let conv = |b: &[u8]| {
            let first = b.first().copied().unwrap_or(0);
            // Bits 8..2 of the first octet are algorithms 1..7.
            (1..=7).fold(0u8, |acc, n| acc | (((first >> (8 - n)) & 1) << n))
        };
        Caps {
            eea: conv(eea_bitmap),
            eia: conv(eia_bitmap),
        }
    }

    /// From the NAS UE network capability value: octet 1 is EEA0..EEA7 (bit 8 = EEA0),
    /// octet 2 EIA0..EIA7. `None` if it is shorter than two octets.
    pub fn from_nas(unc: &[u8]) -> Option<Caps> {
        if unc.len() < 2 {
            return None;
        }
        let conv = |o: u8| (1..=7).fold(0u8, |acc, n| acc | (((o >> (7 - n)) & 1) << n));
        Some(Caps {
            eea: conv(unc[0]),
            eia: conv(unc[1]),
        })
    }
}

impl fmt::Display for Caps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: u8| {
            (1..=7)
                .filter(|n| v >> n & 1 == 1)
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        write!(f, "EEA{{{}}} EIA{{{}}}", list(self.eea), list(self.eia))
    }
}

/// Where a handover goes, as the source names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// An eNB (S1AP TargeteNB-ID, GTPv2 Target Identification of an eNB).
    Enb(EnbIdentity),
    /// An RNC (UTRAN).
    Rnc {
        /// PLMN octets.
        plmn: [u8; 3],
        /// RNC-ID (extended if present).
        rnc_id: u32,
    },
    /// A GERAN cell or anything else.
    Other,
}

/// The S1AP HandoverType.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HoType {
    /// intralte.
    IntraLte,
    /// ltetoutran.
    LteToUtran,
    /// utrantolte.
    UtranToLte,
    /// Anything else (GERAN, 5GS...).
    Other,
}

/// The target cell of a HandoverCommand (RRC inside the target-to-source container).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RrcTarget {
    /// targetPhysCellId.
    pub pci: u16,
    /// dl-CarrierFreq; `None` = the source cell's frequency.
    pub dl_earfcn: Option<u32>,
}

/// What a GTP MM Context says, as far as the rules care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MmSummary {
    /// Which keys it holds.
    pub form: MmForm,
    /// KASME (EPS form).
    pub kasme: Option<Key32>,
    /// NH (EPS form with NHI).
    pub nh: Option<Key32>,
    /// NCC (meaningful with `nh`).
    pub ncc: u8,
    /// CK (UMTS forms).
    pub ck: Option<Key16>,
    /// IK (UMTS forms).
    pub ik: Option<Key16>,
    /// NAS downlink COUNT (EPS form).
    pub nas_dl_count: Option<u32>,
    /// NAS uplink COUNT (EPS form).
    pub nas_ul_count: Option<u32>,
    /// Used NAS algorithms (EPS form): (EEA, EIA).
    pub nas_algs: Option<(u8, u8)>,
    /// UE security capabilities from the UE network capability.
    pub caps: Option<Caps>,
}

/// The key family of an MM Context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MmForm {
    /// EPS security context (GTPv2 type 107).
    Eps,
    /// UMTS keys CK, IK (GTPv2 104, 106, 108; GTPv1 modes 00, 10).
    Umts,
    /// GSM keys only (GTPv2 103, 105; GTPv1 modes 01, 11).
    Gsm,
}

/// A NAS PDU of a DownlinkNASTransport, as far as the H_key rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nas {
    /// An H_key delivery whose content is known without deciphering it: the extractor makes
    /// one of a delivery sent plain or integrity protected only (it should be ciphered:
    /// MAKR-HKEY-PLAIN).
    PlainHkey {
        /// Security header type it was sent with (0 plain, 1 or 3 integrity protected only;
        /// 2 or 4, ciphered, is no violation).
        header_type: u8,
        /// refreshCounter.
        refresh: u16,
        /// KDF.
        kdf: KdfAlgorithm,
        /// H_key.
        h_key: SecretKey,
    },
    /// A security-protected EMM message (header type 2 or 4: ciphered): its octets are kept
    /// only when some key could decipher them.
    Protected {
        /// Security header type.
        header_type: u8,
        /// The 8-bit sequence number.
        sqn: u8,
        /// The whole NAS PDU, when kept.
        pdu: Option<Box<[u8]>>,
    },
    /// Anything else.
    Other,
}

/// One item of a KeyDistribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KdItem {
    /// The eNB the key belongs to (`None` for an unknown eNB ID alternative).
    pub enb: Option<EnbIdentity>,
    /// keyId.
    pub key_id: u8,
    /// The MME-eNB key (any length as received; the profile allows 16 or 32).
    pub key: SecretKey,
}

/// A wrapped KeNB item (NeighbourKeyResponse item or the key of an X2AP WrappedKeNB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    /// target-eNB (`None` for an unknown eNB ID alternative).
    pub target: Option<EnbIdentity>,
    /// keyId of the target's MME-eNB key.
    pub key_id: u8,
    /// Wrap algorithm.
    pub alg: WrapAlgorithm,
    /// The wrapped octets.
    pub wrapped: Vec<u8>,
}

/// The X2AP WrappedKeNB (IE 60004).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKenb {
    /// refreshCounter.
    pub refresh: u16,
    /// KDF.
    pub kdf: KdfAlgorithm,
    /// The item.
    pub item: Wrapped,
}

/// A GTP-C sender as its F-TEID describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peer {
    /// Interface type (TS 29.274 Table 8.22-1): tells the sender's role.
    pub iface: u8,
    /// IPv4 address.
    pub v4: Option<std::net::Ipv4Addr>,
    /// IPv6 address.
    pub v6: Option<std::net::Ipv6Addr>,
}

/// A GTP protocol version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GtpVer {
    /// GTPv1-C (Gn).
    V1,
    /// GTPv2-C (S3, S10, S11).
    V2,
}

/// One decoded message that matters to a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Frame number.
    pub frame: u64,
    /// Capture time.
    pub time: Timestamp,
    /// Sender.
    pub src: SocketAddr,
    /// Receiver.
    pub dst: SocketAddr,
    /// What it is.
    pub kind: Kind,
}

/// The kinds of events. S1AP ids: `mme` = MME-UE-S1AP-ID, `enb` = eNB-UE-S1AP-ID; X2AP ids:
/// `old` / `new` eNB UE X2AP IDs; `container` = a hash of the source-to-target transparent
/// container, which the legs of one handover carry unchanged.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// S1SetupRequest or ENBConfigurationUpdate (sender = eNB).
    S1Setup {
        /// Global eNB ID.
        enb: Option<EnbIdentity>,
        /// eNBname.
        name: Option<Box<str>>,
    },
    /// S1SetupResponse or MMEConfigurationUpdate (sender = MME).
    MmeSetup {
        /// Served GUMMEIs (each PLMN x group x code, bounded).
        gummeis: Vec<crate::analysis::nodes::Gummei>,
        /// MMEname.
        name: Option<Box<str>>,
    },
    /// X2SetupRequest / X2SetupResponse / ENBConfigurationUpdate (sender = the eNB described).
    X2Setup {
        /// Global eNB ID.
        enb: Option<EnbIdentity>,
        /// eNB name (not carried by X2AP: always `None`, kept for one pattern with S1).
        name: Option<Box<str>>,
        /// Served cells: ECGI, PCI, downlink EARFCN.
        cells: Vec<(Ecgi, u16, u32)>,
    },
    /// InitialUEMessage naming the UE by IMSI (Attach Request, Identity Response): the IMSI
    /// of the UE that eNB-UE-S1AP-ID will be given an MME-UE-S1AP-ID for.
    InitialUe {
        /// eNB-UE-S1AP-ID.
        enb: u32,
        /// IMSI of the NAS message.
        imsi: Imsi,
    },
    /// InitialContextSetupRequest: starts an AS security context.
    InitialContextSetup {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID.
        enb: u32,
        /// SecurityKey (KeNB).
        key: Key32,
        /// UE security capabilities.
        caps: Option<Caps>,
    },
    /// UEContextModificationRequest.
    UeContextModification {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID.
        enb: u32,
        /// SecurityKey, if it carries one (a new AS context).
        key: Option<Key32>,
        /// UE security capabilities.
        caps: Option<Caps>,
    },
    /// HandoverRequired (source eNB -> MME).
    HoRequired {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID.
        enb: u32,
        /// HandoverType.
        ho_type: HoType,
        /// TargetID.
        target: Target,
        /// Source-to-target container hash.
        container: Option<u64>,
    },
    /// HandoverRequest (MME -> target eNB).
    HoRequest {
        /// MME-UE-S1AP-ID (of the MME that sends it).
        mme: u32,
        /// HandoverType.
        ho_type: HoType,
        /// SecurityContext NCC.
        ncc: u8,
        /// SecurityContext NH.
        nh: Key32,
        /// UE security capabilities.
        caps: Option<Caps>,
        /// Source-to-target container hash.
        container: Option<u64>,
        /// NONCE_MME of NAS-SecurityParametersToE-UTRAN (UTRAN -> E-UTRAN).
        nonce_mme: Option<u32>,
    },
    /// HandoverRequestAcknowledge (target eNB -> MME).
    HoRequestAck {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID at the target.
        enb: u32,
        /// The target cell of the RRC HandoverCommand in the container.
        target_cell: Option<RrcTarget>,
    },
    /// HandoverFailure (target eNB -> MME).
    HoFailure {
        /// MME-UE-S1AP-ID.
        mme: u32,
    },
    /// HandoverCommand (MME -> source eNB).
    HoCommand {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID.
        enb: u32,
    },
    /// HandoverPreparationFailure (MME -> source eNB).
    HoPreparationFailure {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID.
        enb: u32,
    },
    /// HandoverCancel (source eNB -> MME).
    HoCancel {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID.
        enb: u32,
    },
    /// HandoverNotify (target eNB -> MME).
    HoNotify {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID at the target.
        enb: u32,
        /// EUTRAN-CGI: the cell the UE arrived in (names the target eNB).
        cell: Option<Ecgi>,
    },
    /// PathSwitchRequest (target eNB -> MME).
    PathSwitch {
        /// eNB-UE-S1AP-ID at the new eNB.
        enb: u32,
        /// SourceMME-UE-S1AP-ID.
        source_mme: u32,
        /// UE security capabilities.
        caps: Option<Caps>,
        /// EUTRAN-CGI: the cell the UE arrived in (names the new eNB).
        cell: Option<Ecgi>,
    },
    /// PathSwitchRequestAcknowledge (MME -> new eNB).
    PathSwitchAck {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID.
        enb: u32,
        /// NCC.
        ncc: u8,
        /// NH.
        nh: Key32,
    },
    /// PathSwitchRequestFailure.
    PathSwitchFailure {
        /// MME-UE-S1AP-ID.
        mme: u32,
    },
    /// UEContextReleaseCommand / Complete.
    UeRelease {
        /// MME-UE-S1AP-ID.
        mme: Option<u32>,
        /// eNB-UE-S1AP-ID.
        enb: Option<u32>,
        /// The Complete (sent by the eNB); false: the Command (sent by the MME).
        complete: bool,
    },
    /// DownlinkNASTransport.
    DownlinkNas {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID.
        enb: u32,
        /// The NAS PDU.
        nas: Nas,
    },
    /// UplinkNASTransport whose NAS message names the UE by IMSI (an Identity Response to the
    /// MME's Identity Request, after an attach by GUTI): the UE of that MME-UE-S1AP-ID is known
    /// by IMSI from here on. Other uplink NAS messages make no event.
    UplinkNas {
        /// MME-UE-S1AP-ID.
        mme: u32,
        /// eNB-UE-S1AP-ID.
        enb: u32,
        /// IMSI of the NAS message.
        imsi: Imsi,
    },
    /// MAKR step 2.
    KeyDistribution {
        /// The items.
        items: Vec<KdItem>,
    },
    /// MAKR steps 3 and 12.
    NeighbourKeyRequest {
        /// mme-UE-S1AP-ID.
        mme: u32,
        /// enb-UE-S1AP-ID.
        enb: u32,
        /// serving-eNB.
        serving: Option<EnbIdentity>,
        /// neighbours.
        neighbours: Vec<EnbIdentity>,
    },
    /// MAKR steps 4 and 13.
    NeighbourKeyResponse {
        /// mme-UE-S1AP-ID.
        mme: u32,
        /// enb-UE-S1AP-ID.
        enb: u32,
        /// refreshCounter.
        refresh: u16,
        /// KDF.
        kdf: KdfAlgorithm,
        /// Wrapped keys.
        items: Vec<Wrapped>,
    },
    /// X2AP HandoverRequest (source eNB -> target eNB).
    X2HoRequest {
        /// Old eNB UE X2AP ID.
        old: u16,
        /// MME-UE-S1AP-ID of UE-ContextInformation.
        mme: u32,
        /// TargetCell-ID.
        target: Ecgi,
        /// key-eNodeB-star.
        kenb_star: Key32,
        /// nextHopChainingCount.
        ncc: u8,
        /// UE security capabilities.
        caps: Option<Caps>,
        /// The MAKR WrappedKeNB, if present.
        wrapped: Option<Box<WrappedKenb>>,
        /// Source cell downlink EARFCN (RRC-Context HandoverPreparationInformation).
        source_earfcn: Option<u32>,
    },
    /// X2AP HandoverRequestAcknowledge.
    X2HoRequestAck {
        /// Old eNB UE X2AP ID.
        old: u16,
        /// New eNB UE X2AP ID.
        new: u16,
        /// Target cell of the RRC HandoverCommand.
        target_cell: Option<RrcTarget>,
    },
    /// X2AP HandoverPreparationFailure.
    X2HoPreparationFailure {
        /// Old eNB UE X2AP ID.
        old: u16,
    },
    /// X2AP HandoverCancel.
    X2HoCancel {
        /// Old eNB UE X2AP ID.
        old: u16,
    },
    /// X2AP UEContextRelease (MAKR step 11).
    X2UeContextRelease {
        /// Old eNB UE X2AP ID.
        old: u16,
        /// New eNB UE X2AP ID.
        new: u16,
    },
    /// Forward Relocation Request (GTPv2 or GTPv1).
    FwdRelocReq {
        /// GTP version.
        ver: GtpVer,
        /// Sequence number.
        seq: u32,
        /// Sender's control-plane TEID (where answers and notifications go).
        sender_teid: Option<u32>,
        /// The sender's F-TEID: its role and addresses (GTPv2).
        sender: Option<Peer>,
        /// IMSI.
        imsi: Option<Imsi>,
        /// MM Context.
        mm: Option<MmSummary>,
        /// Target Identification.
        target: Target,
        /// Source-to-target container hash.
        container: Option<u64>,
    },
    /// Forward Relocation Response.
    FwdRelocResp {
        /// GTP version.
        ver: GtpVer,
        /// Sequence number.
        seq: u32,
        /// Header TEID.
        teid: u32,
        /// Sender's control-plane TEID.
        sender_teid: Option<u32>,
        /// The sender's F-TEID: its role and addresses (GTPv2).
        sender: Option<Peer>,
        /// Cause says accepted.
        accepted: bool,
    },
    /// Forward Relocation Complete (Notification).
    FwdRelocComplete {
        /// Header TEID.
        teid: u32,
        /// Sequence number.
        seq: u32,
    },
    /// Forward Relocation Complete Acknowledge.
    FwdRelocCompleteAck {
        /// Header TEID.
        teid: u32,
        /// Sequence number.
        seq: u32,
    },
    /// Relocation Cancel Request.
    RelocCancel {
        /// Header TEID.
        teid: u32,
        /// IMSI.
        imsi: Option<Imsi>,
    },
    /// Create Session Request towards an S-GW, with the IMSI; `mm` is set if it (wrongly)
    /// carries an MM Context.
    CreateSession {
        /// IMSI.
        imsi: Option<Imsi>,
        /// Whether it carries key material (an MM Context).
        carries_keys: bool,
    },
    /// Modify Bearer Request.
    ModifyBearer {
        /// Header TEID.
        teid: u32,
    },
    /// A message that could not be decoded, or an item breaking a size rule.
    Malformed {
        /// What.
        what: String,
    },
}

impl Kind {
    /// For an S1AP event, who sent it: `Some(true)` the eNB, `Some(false)` the MME (which tells
    /// an S1 association's eNB end from its MME end); `None` for X2AP, GTP and the rest.
    pub fn s1_sent_by_enb(&self) -> Option<bool> {
        Some(match self {
            Kind::S1Setup { .. }
            | Kind::InitialUe { .. }
            | Kind::HoRequired { .. }
            | Kind::HoRequestAck { .. }
            | Kind::HoFailure { .. }
            | Kind::HoCancel { .. }
            | Kind::HoNotify { .. }
            | Kind::PathSwitch { .. }
            | Kind::UeRelease { complete: true, .. }
            | Kind::UplinkNas { .. }
            | Kind::NeighbourKeyRequest { .. } => true,
            Kind::MmeSetup { .. }
            | Kind::InitialContextSetup { .. }
            | Kind::UeContextModification { .. }
            | Kind::HoRequest { .. }
            | Kind::HoCommand { .. }
            | Kind::HoPreparationFailure { .. }
            | Kind::PathSwitchAck { .. }
            | Kind::PathSwitchFailure { .. }
            | Kind::DownlinkNas { .. }
            | Kind::KeyDistribution { .. }
            | Kind::UeRelease {
                complete: false, ..
            }
            | Kind::NeighbourKeyResponse { .. } => false,
            _ => return None,
        })
    }

    /// The protocol of an X2AP or GTP event (GTPv1-C for a version 1 relocation); `None` for
    /// S1AP events and the rest.
    pub fn x2_or_gtp_app(&self) -> Option<AppProto> {
        Some(match self {
            Kind::X2Setup { .. }
            | Kind::X2HoRequest { .. }
            | Kind::X2HoRequestAck { .. }
            | Kind::X2HoPreparationFailure { .. }
            | Kind::X2HoCancel { .. }
            | Kind::X2UeContextRelease { .. } => AppProto::X2ap,
            Kind::FwdRelocReq {
                ver: GtpVer::V1, ..
            }
            | Kind::FwdRelocResp {
                ver: GtpVer::V1, ..
            } => AppProto::Gtpv1c,
            Kind::FwdRelocReq { .. }
            | Kind::FwdRelocResp { .. }
            | Kind::FwdRelocComplete { .. }
            | Kind::FwdRelocCompleteAck { .. }
            | Kind::RelocCancel { .. }
            | Kind::CreateSession { .. }
            | Kind::ModifyBearer { .. } => AppProto::Gtpv2c,
            _ => return None,
        })
    }

    /// Short name for ladders and sentences.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::S1Setup { .. } => "S1SetupRequest",
            Kind::MmeSetup { .. } => "S1SetupResponse",
            Kind::X2Setup { .. } => "X2Setup",
            Kind::InitialUe { .. } => "InitialUEMessage",
            Kind::InitialContextSetup { .. } => "InitialContextSetupRequest",
            Kind::UeContextModification { .. } => "UEContextModificationRequest",
            Kind::HoRequired { .. } => "HandoverRequired",
            Kind::HoRequest { .. } => "HandoverRequest",
            Kind::HoRequestAck { .. } => "HandoverRequestAcknowledge",
            Kind::HoFailure { .. } => "HandoverFailure",
            Kind::HoCommand { .. } => "HandoverCommand",
            Kind::HoPreparationFailure { .. } => "HandoverPreparationFailure",
            Kind::HoCancel { .. } => "HandoverCancel",
            Kind::HoNotify { .. } => "HandoverNotify",
            Kind::PathSwitch { .. } => "PathSwitchRequest",
            Kind::PathSwitchAck { .. } => "PathSwitchRequestAcknowledge",
            Kind::PathSwitchFailure { .. } => "PathSwitchRequestFailure",
            Kind::UeRelease { .. } => "UEContextRelease",
            Kind::DownlinkNas { .. } => "DownlinkNASTransport",
            Kind::UplinkNas { .. } => "UplinkNASTransport",
            Kind::KeyDistribution { .. } => "KeyDistribution",
            Kind::NeighbourKeyRequest { .. } => "NeighbourKeyRequest",
            Kind::NeighbourKeyResponse { .. } => "NeighbourKeyResponse",
            Kind::X2HoRequest { .. } => "X2 HandoverRequest",
            Kind::X2HoRequestAck { .. } => "X2 HandoverRequestAcknowledge",
            Kind::X2HoPreparationFailure { .. } => "X2 HandoverPreparationFailure",
            Kind::X2HoCancel { .. } => "X2 HandoverCancel",
            Kind::X2UeContextRelease { .. } => "X2 UEContextRelease",
            Kind::FwdRelocReq { .. } => "ForwardRelocationRequest",
            Kind::FwdRelocResp { .. } => "ForwardRelocationResponse",
            Kind::FwdRelocComplete { .. } => "ForwardRelocationComplete",
            Kind::FwdRelocCompleteAck { .. } => "ForwardRelocationCompleteAcknowledge",
            Kind::RelocCancel { .. } => "RelocationCancelRequest",
            Kind::CreateSession { .. } => "CreateSessionRequest",
            Kind::ModifyBearer { .. } => "ModifyBearerRequest",
            Kind::Malformed { .. } => "malformed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiles only while `T` wipes itself on drop.
    fn wipes<T: ZeroizeOnDrop>(_: Option<&T>) {}

    /// Every key an event can hold, by field: each must stay a wiping type (a field turned
    /// back into a plain array or `Vec` stops this test from compiling).
    #[test]
    fn every_key_field_wipes_on_drop() {
        fn key_fields(k: &Kind) {
            match k {
                Kind::InitialContextSetup { key, .. } => wipes(Some(key)),
                Kind::UeContextModification { key, .. } => wipes(key.as_ref()),
                Kind::HoRequest { nh, .. } | Kind::PathSwitchAck { nh, .. } => wipes(Some(nh)),
                Kind::X2HoRequest { kenb_star, .. } => wipes(Some(kenb_star)),
                Kind::DownlinkNas {
                    nas: Nas::PlainHkey { h_key, .. },
                    ..
                } => wipes(Some(h_key)),
                Kind::KeyDistribution { items } => {
                    items.iter().for_each(|i: &KdItem| wipes(Some(&i.key)))
                }
                Kind::FwdRelocReq { mm: Some(m), .. } => mm_fields(m),
                _ => {}
            }
        }
        fn mm_fields(m: &MmSummary) {
            wipes(m.kasme.as_ref());
            wipes(m.nh.as_ref());
            wipes(m.ck.as_ref());
            wipes(m.ik.as_ref());
        }
        let _ = key_fields;
        wipes::<Key32>(None);
        wipes::<Key16>(None);
        wipes::<SecretKey>(None);
    }

    #[test]
    fn zeroize_wipes_the_octets() {
        let mut k = Key32::new([0x5a; 32]);
        k.zeroize();
        assert_eq!(*k.expose(), [0; 32]);
        let mut k = Key16::from_prefix(&[0xa5; 20]);
        assert_eq!(*k.expose(), [0xa5; 16]);
        k.zeroize();
        assert_eq!(*k.expose(), [0; 16]);
    }

    #[test]
    fn equality_is_by_value() {
        assert_eq!(Key32::new([1; 32]), Key32::new([1; 32]));
        let mut other = [1; 32];
        other[31] = 2;
        assert_ne!(Key32::new([1; 32]), Key32::new(other));
        assert_eq!(
            Key16::from_prefix(&[7; 3]),
            Key16::new({
                let mut a = [0; 16];
                a[..3].fill(7);
                a
            })
        );
    }

    /// `Debug` of every key-holding type names the key by fingerprint, never by its octets.
    #[test]
    fn debug_never_prints_key_octets() {
        let kasme = [0x33u8; 32];
        let ck = [0xc1u8; 16];
        let h_key = [0x22u8; 16];
        let mm = MmSummary {
            form: MmForm::Eps,
            kasme: Some(Key32::new(kasme)),
            nh: Some(Key32::new(kasme)),
            ncc: 1,
            ck: Some(Key16::new(ck)),
            ik: Some(Key16::new(ck)),
            nas_dl_count: None,
            nas_ul_count: None,
            nas_algs: None,
            caps: None,
        };
        let nas = Nas::PlainHkey {
            header_type: 0,
            refresh: 1,
            kdf: KdfAlgorithm::from_index(0),
            h_key: SecretKey::from_slice(&h_key),
        };
        let kd = KdItem {
            enb: None,
            key_id: 1,
            key: SecretKey::from_slice(&h_key),
        };
        let text = format!("{mm:?} {nas:?} {kd:?}");
        for octets in [&kasme[..], &ck[..], &h_key[..]] {
            // Neither as hex nor as Rust prints an array (decimal, comma-separated).
            assert!(!text.contains(&hex::encode(&octets[..8])), "{text}");
            let dec = octets[..8]
                .iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            assert!(!text.contains(&dec), "{text}");
        }
        assert!(text.contains(&fingerprint(&kasme)), "{text}");
        assert!(text.contains(&fingerprint(&ck)), "{text}");
        assert_eq!(
            format!("{:?}", Key32::new(kasme)),
            format!("Key256({})", fingerprint(&kasme))
        );
    }
}
