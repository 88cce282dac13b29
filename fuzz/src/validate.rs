//! The validator target: arbitrary sequences of handover messages through `validate`'s engine.
//!
//! An input is a configuration (engine limits, keys: none, a few from fixed pools, or a keys
//! file's text) and then steps, each one of:
//!
//! * a raw payload (S1AP, X2AP, GTPv2-C or GTPv1-C octets between two addresses of a pool),
//!   taken through `observe`, the prefilter, the decoder and the extraction exactly as
//!   `validate::run_with` takes a capture's payloads;
//! * one of the codec's sample S1AP/X2AP messages (a message type and a generator seed),
//!   perhaps with one octet changed, taken the same way;
//! * a typed event: any [`Kind`] with ids, keys, identities, containers and addresses drawn
//!   from small pools (so that the steps of one UE find each other) or at random; keys may be
//!   derived as TS 33.401 and the profile say, so that the rules' success paths are reached;
//! * a damaged frame (a MALFORMED finding, as `run_with` reports a frame's issues).
//!
//! Frame numbers never decrease (several steps may share a frame, as payloads of one frame do);
//! capture times go back and forth. Checked: no panic; the UE contexts held never exceed the
//! cap, and every context created is either held or was evicted with an EVICTED finding; the
//! findings kept never exceed `max_findings`, nor the ladder `max_ladder`; every finding names
//! a rule of the table with its severity, a known rule in `about` only for NO-KEYS, and frames
//! among those handed to the engine; no finding prints a key it was given; the text and JSON
//! reports and the ladder of a UE are written without error and the JSON parses.
//!
//! [`seed`] writes the raw-payload form of a payload sequence, for the seed corpus.

use arbitrary::{Result as ArbResult, Unstructured};
use keyhop::capture::{AppProto, Timestamp};
use keyhop::decoded::Decoded;
use keyhop::keys::{EnbKind as FileKind, HKey, Kasme, KeysFile, MmeEnbKey, MmeRef, UeRef};
use keyhop::validate::engine::{Engine, Limits};
use keyhop::validate::event::*;
use keyhop::validate::rules::{Finding, Rule};
use keyhop::validate::{extract, ladder, report, EngineResult, Outcome};
use keyhop_codec::security::kdf;
use keyhop_codec::security::keys::{Key256, SecretKey};
use keyhop_codec::security::makr::{
    derive_kenb, wrap_kenb, EnbIdentity, EnbKind, KdfAlgorithm, WrapAlgorithm, WrapBinding,
};
use keyhop_codec::KeyMaterial;
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Addresses of the pool: 12 IPv4, 4 IPv6.
pub const ADDRESSES: usize = 16;

/// Address `i` of the pool (modulo its size).
pub fn ip(i: u8) -> IpAddr {
    let i = i % ADDRESSES as u8;
    if i < 12 {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, i + 1))
    } else {
        IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, u16::from(i) - 11))
    }
}

fn port(app: AppProto) -> u16 {
    match app {
        AppProto::S1ap => 36412,
        AppProto::X2ap => 36422,
        AppProto::Gtpv2c | AppProto::Gtpv1c => 2123,
    }
}

const APPS: [AppProto; 4] = [
    AppProto::S1ap,
    AppProto::X2ap,
    AppProto::Gtpv2c,
    AppProto::Gtpv1c,
];

const PLMN: [u8; 3] = [0x00, 0xf1, 0x10];
const KASMES: [[u8; 32]; 3] = [[0x33; 32], [0x34; 32], [0x35; 32]];
const KEKS: [[u8; 16]; 2] = [[0x11; 16], [0x12; 16]];
const H_KEYS: [[u8; 16]; 2] = [[0x22; 16], [0x23; 16]];
const IMSIS: [&str; 3] = ["001010000000001", "001010000000002", "001010000000003"];

/// Step tags: what `seed` writes for a raw payload.
const TAG_RAW: u8 = 0;
const TAG_SAMPLE: u8 = 1;
const TAG_ISSUE: u8 = 2;
const TAGS: u8 = 15;

fn pick<T: Copy>(u: &mut Unstructured<'_>, v: &[T]) -> ArbResult<T> {
    Ok(v[u.int_in_range(0..=v.len() - 1)?])
}

/// An id: mostly from a small pool, so that steps meet.
fn id32(u: &mut Unstructured<'_>) -> ArbResult<u32> {
    Ok(match u.int_in_range(0..=7u8)? {
        n @ 0..=5 => u32::from(n) + 1,
        6 => u32::MAX,
        _ => u.arbitrary()?,
    })
}

fn id16(u: &mut Unstructured<'_>) -> ArbResult<u16> {
    Ok(match u.int_in_range(0..=5u8)? {
        n @ 0..=4 => u16::from(n) + 1,
        _ => u.arbitrary()?,
    })
}

fn identity(u: &mut Unstructured<'_>) -> ArbResult<Option<EnbIdentity>> {
    Ok(match u.int_in_range(0..=5u8)? {
        n @ 0..=3 => EnbIdentity::new(PLMN, EnbKind::Macro, 0x1A + u32::from(n)).ok(),
        4 => {
            let kind = pick(
                u,
                &[
                    EnbKind::Macro,
                    EnbKind::Home,
                    EnbKind::ShortMacro,
                    EnbKind::LongMacro,
                ],
            )?;
            EnbIdentity::new(u.arbitrary()?, kind, u.arbitrary()?).ok()
        }
        _ => None,
    })
}

fn kasme_of(u: &mut Unstructured<'_>) -> ArbResult<Key256> {
    Ok(Key256::new(pick(u, &KASMES)?))
}

/// 32 octets of key: fixed, random, or derived from a pool KASME as TS 33.401 says.
fn key32(u: &mut Unstructured<'_>, given: &mut Vec<Vec<u8>>) -> ArbResult<Key32> {
    let k: [u8; 32] = match u.int_in_range(0..=4u8)? {
        0 => pick(u, &KASMES)?,
        1 => *kdf::kenb(&kasme_of(u)?, u.int_in_range(0..=3u32)?).expose(),
        2 => {
            let kasme = kasme_of(u)?;
            let kenb = kdf::kenb(&kasme, 0);
            *kdf::nh_chain(&kasme, &kenb, u.int_in_range(1..=7u32)?).expose()
        }
        3 => [u.arbitrary::<u8>()?; 32],
        _ => u.arbitrary()?,
    };
    given.push(k.to_vec());
    Ok(Key32::new(k))
}

fn caps(u: &mut Unstructured<'_>) -> ArbResult<Option<Caps>> {
    Ok(if u.arbitrary()? {
        Some(Caps {
            eea: u.arbitrary::<u8>()? & 0xfe,
            eia: u.arbitrary::<u8>()? & 0xfe,
        })
    } else {
        None
    })
}

fn container(u: &mut Unstructured<'_>) -> ArbResult<Option<u64>> {
    Ok(match u.int_in_range(0..=4u8)? {
        n @ 0..=2 => Some(u64::from(n) + 1),
        3 => Some(u.arbitrary()?),
        _ => None,
    })
}

fn imsi(u: &mut Unstructured<'_>) -> ArbResult<Imsi> {
    let s = if u.arbitrary()? {
        pick(u, &IMSIS)?.to_string()
    } else {
        // At most 15 digits, as an IMSI has.
        (u.arbitrary::<u64>()? % 1_000_000_000_000_000).to_string()
    };
    Ok(Imsi::parse(&s).expect("digits"))
}

fn opt<T>(
    u: &mut Unstructured<'_>,
    f: impl FnOnce(&mut Unstructured<'_>) -> ArbResult<T>,
) -> ArbResult<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

fn target(u: &mut Unstructured<'_>) -> ArbResult<Target> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => match identity(u)? {
            Some(e) => Target::Enb(e),
            None => Target::Other,
        },
        1 => Target::Rnc {
            plmn: PLMN,
            rnc_id: u.int_in_range(0..=65_535u32)?,
        },
        _ => Target::Other,
    })
}

fn ho_type(u: &mut Unstructured<'_>) -> ArbResult<HoType> {
    pick(
        u,
        &[
            HoType::IntraLte,
            HoType::IntraLte,
            HoType::LteToUtran,
            HoType::UtranToLte,
            HoType::Other,
        ],
    )
}

fn rrc_target(u: &mut Unstructured<'_>) -> ArbResult<Option<RrcTarget>> {
    opt(u, |u| {
        Ok(RrcTarget {
            pci: u.int_in_range(0..=600u16)?,
            dl_earfcn: opt(u, |u| pick(u, &[1300u32, 3050, 0, u32::MAX]))?,
        })
    })
}

fn ecgi(u: &mut Unstructured<'_>) -> ArbResult<Ecgi> {
    Ok(match identity(u)? {
        Some(e) if u.arbitrary()? => Ecgi {
            plmn: e.plmn,
            cell_id: e.enb_id << (28 - e.kind.bits()) | 1,
        },
        _ => Ecgi {
            plmn: u.arbitrary()?,
            cell_id: u.arbitrary::<u32>()? & 0x0fff_ffff,
        },
    })
}

fn wrapped(
    u: &mut Unstructured<'_>,
    mme: u32,
    refresh: u16,
    kdf_alg: KdfAlgorithm,
) -> ArbResult<Wrapped> {
    let target = identity(u)?;
    let key_id = u.int_in_range(0..=3u8)?;
    let alg = WrapAlgorithm::from_index(u.int_in_range(0..=3u8)?);
    let proper = match (target, u.arbitrary::<bool>()?) {
        // The wrap of the KeNB the profile derives for that target, under a pool KEK.
        (Some(t), true) => {
            let kek = pick(u, &KEKS)?;
            let h = pick(u, &H_KEYS)?;
            let binding = WrapBinding {
                target_ident: t.ident(),
                mme_ue_s1ap_id: mme,
                refresh_counter: refresh,
            };
            derive_kenb(kdf_alg, &h, &t.ident())
                .and_then(|k| wrap_kenb(alg, &kek, &k, &[0x5a; 16], &binding))
                .ok()
        }
        _ => None,
    };
    let wrapped = match proper {
        Some(w) => w,
        None => {
            let n = u.int_in_range(0..=72usize)?;
            u.bytes(n)?.to_vec()
        }
    };
    Ok(Wrapped {
        target,
        key_id,
        alg,
        wrapped,
    })
}

fn mm(u: &mut Unstructured<'_>, given: &mut Vec<Vec<u8>>) -> ArbResult<MmSummary> {
    let form = pick(u, &[MmForm::Eps, MmForm::Umts, MmForm::Gsm])?;
    let k16 = |u: &mut Unstructured<'_>, given: &mut Vec<Vec<u8>>| -> ArbResult<Key16> {
        let k: [u8; 16] = u.arbitrary()?;
        given.push(k.to_vec());
        Ok(Key16::new(k))
    };
    Ok(MmSummary {
        form,
        kasme: if u.arbitrary()? {
            Some(key32(u, given)?)
        } else {
            None
        },
        nh: if u.arbitrary()? {
            Some(key32(u, given)?)
        } else {
            None
        },
        ncc: u.int_in_range(0..=7u8)?,
        ck: if u.arbitrary()? {
            Some(k16(u, given)?)
        } else {
            None
        },
        ik: if u.arbitrary()? {
            Some(k16(u, given)?)
        } else {
            None
        },
        nas_dl_count: opt(u, |u| u.int_in_range(0..=3u32))?,
        nas_ul_count: opt(u, |u| u.int_in_range(0..=3u32))?,
        nas_algs: opt(u, |u| {
            Ok((u.int_in_range(0..=7u8)?, u.int_in_range(0..=7u8)?))
        })?,
        caps: caps(u)?,
    })
}

/// A typed event of any kind.
fn kind(u: &mut Unstructured<'_>, given: &mut Vec<Vec<u8>>) -> ArbResult<Kind> {
    let ver = |u: &mut Unstructured<'_>| pick(u, &[GtpVer::V1, GtpVer::V2]);
    Ok(match u.int_in_range(0..=33u8)? {
        // The node-map fields (names, cells, F-TEIDs) draw no input octet, so the committed
        // corpus keeps its meaning.
        0 => Kind::S1Setup {
            enb: identity(u)?,
            name: None,
        },
        1 => {
            let n = u.int_in_range(0..=3usize)?;
            let mut cells = Vec::with_capacity(n);
            for _ in 0..n {
                cells.push((
                    ecgi(u)?,
                    u.int_in_range(0..=600u16)?,
                    pick(u, &[1300, 3050])?,
                ));
            }
            Kind::X2Setup {
                enb: identity(u)?,
                name: None,
                cells,
            }
        }
        2 => Kind::InitialUe {
            enb: id32(u)?,
            imsi: imsi(u)?,
        },
        3 => Kind::InitialContextSetup {
            mme: id32(u)?,
            enb: id32(u)?,
            key: key32(u, given)?,
            caps: caps(u)?,
        },
        4 => Kind::UeContextModification {
            mme: id32(u)?,
            enb: id32(u)?,
            key: if u.arbitrary()? {
                Some(key32(u, given)?)
            } else {
                None
            },
            caps: caps(u)?,
        },
        5 => Kind::HoRequired {
            mme: id32(u)?,
            enb: id32(u)?,
            ho_type: ho_type(u)?,
            target: target(u)?,
            container: container(u)?,
        },
        6 => Kind::HoRequest {
            mme: id32(u)?,
            ho_type: ho_type(u)?,
            ncc: u.int_in_range(0..=7u8)?,
            nh: key32(u, given)?,
            caps: caps(u)?,
            container: container(u)?,
            nonce_mme: opt(u, |u| u.arbitrary())?,
        },
        7 => Kind::HoRequestAck {
            mme: id32(u)?,
            enb: id32(u)?,
            target_cell: rrc_target(u)?,
        },
        8 => Kind::HoFailure { mme: id32(u)? },
        9 => Kind::HoCommand {
            mme: id32(u)?,
            enb: id32(u)?,
        },
        10 => Kind::HoPreparationFailure {
            mme: id32(u)?,
            enb: id32(u)?,
        },
        11 => Kind::HoCancel {
            mme: id32(u)?,
            enb: id32(u)?,
        },
        12 => Kind::HoNotify {
            mme: id32(u)?,
            enb: id32(u)?,
            cell: None,
        },
        13 => Kind::PathSwitch {
            enb: id32(u)?,
            source_mme: id32(u)?,
            caps: caps(u)?,
            cell: None,
        },
        14 => Kind::PathSwitchAck {
            mme: id32(u)?,
            enb: id32(u)?,
            ncc: u.int_in_range(0..=7u8)?,
            nh: key32(u, given)?,
        },
        15 => Kind::PathSwitchFailure { mme: id32(u)? },
        16 => Kind::UeRelease {
            mme: opt(u, id32)?,
            enb: opt(u, id32)?,
            complete: u.arbitrary()?,
        },
        17 => Kind::DownlinkNas {
            mme: id32(u)?,
            enb: id32(u)?,
            nas: match u.int_in_range(0..=2u8)? {
                0 => {
                    let h_key = if u.arbitrary()? {
                        pick(u, &H_KEYS)?.to_vec()
                    } else {
                        let n = u.int_in_range(0..=40usize)?;
                        u.bytes(n)?.to_vec()
                    };
                    given.push(h_key.clone());
                    Nas::PlainHkey {
                        refresh: u.int_in_range(0..=3u16)?,
                        kdf: KdfAlgorithm::from_index(u.int_in_range(0..=2u8)?),
                        h_key: SecretKey::new(h_key),
                        // Drawn last: the corpus's earlier choices keep their meaning.
                        header_type: u.int_in_range(0..=4u8)?,
                    }
                }
                1 => Nas::Protected {
                    header_type: u.int_in_range(0..=5u8)?,
                    sqn: u.arbitrary()?,
                    pdu: if u.arbitrary()? {
                        let n = u.int_in_range(0..=64usize)?;
                        Some(u.bytes(n)?.to_vec().into_boxed_slice())
                    } else {
                        None
                    },
                },
                _ => Nas::Other,
            },
        },
        18 => {
            let n = u.int_in_range(0..=4usize)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                let key = if u.arbitrary()? {
                    pick(u, &KEKS)?.to_vec()
                } else {
                    let n = u.int_in_range(0..=40usize)?;
                    u.bytes(n)?.to_vec()
                };
                given.push(key.clone());
                items.push(KdItem {
                    enb: identity(u)?,
                    key_id: u.int_in_range(0..=3u8)?,
                    key: SecretKey::new(key),
                });
            }
            Kind::KeyDistribution { items }
        }
        19 => {
            let n = u.int_in_range(0..=4usize)?;
            let mut neighbours = Vec::with_capacity(n);
            for _ in 0..n {
                if let Some(e) = identity(u)? {
                    neighbours.push(e);
                }
            }
            Kind::NeighbourKeyRequest {
                mme: id32(u)?,
                enb: id32(u)?,
                serving: identity(u)?,
                neighbours,
            }
        }
        20 => {
            let mme = id32(u)?;
            let refresh = u.int_in_range(0..=3u16)?;
            let kdf_alg = KdfAlgorithm::from_index(u.int_in_range(0..=2u8)?);
            let n = u.int_in_range(0..=4usize)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(wrapped(u, mme, refresh, kdf_alg)?);
            }
            Kind::NeighbourKeyResponse {
                mme,
                enb: id32(u)?,
                refresh,
                kdf: kdf_alg,
                items,
            }
        }
        21 => {
            let mme = id32(u)?;
            let wrapped_kenb = if u.arbitrary()? {
                let refresh = u.int_in_range(0..=3u16)?;
                let kdf_alg = KdfAlgorithm::from_index(u.int_in_range(0..=2u8)?);
                Some(Box::new(WrappedKenb {
                    refresh,
                    kdf: kdf_alg,
                    item: wrapped(u, mme, refresh, kdf_alg)?,
                }))
            } else {
                None
            };
            Kind::X2HoRequest {
                old: id16(u)?,
                mme,
                target: ecgi(u)?,
                kenb_star: key32(u, given)?,
                ncc: u.int_in_range(0..=7u8)?,
                caps: caps(u)?,
                wrapped: wrapped_kenb,
                source_earfcn: opt(u, |u| pick(u, &[1300u32, 3050]))?,
            }
        }
        22 => Kind::X2HoRequestAck {
            old: id16(u)?,
            new: id16(u)?,
            target_cell: rrc_target(u)?,
        },
        23 => Kind::X2HoPreparationFailure { old: id16(u)? },
        24 => Kind::X2HoCancel { old: id16(u)? },
        25 => Kind::X2UeContextRelease {
            old: id16(u)?,
            new: id16(u)?,
        },
        26 => Kind::FwdRelocReq {
            ver: ver(u)?,
            seq: id32(u)?,
            sender_teid: opt(u, id32)?,
            sender: None,
            imsi: opt(u, imsi)?,
            mm: if u.arbitrary()? {
                Some(mm(u, given)?)
            } else {
                None
            },
            target: target(u)?,
            container: container(u)?,
        },
        27 => Kind::FwdRelocResp {
            ver: ver(u)?,
            seq: id32(u)?,
            teid: id32(u)?,
            sender_teid: opt(u, id32)?,
            sender: None,
            accepted: u.arbitrary()?,
        },
        28 => Kind::FwdRelocComplete {
            teid: id32(u)?,
            seq: id32(u)?,
        },
        29 => Kind::FwdRelocCompleteAck {
            teid: id32(u)?,
            seq: id32(u)?,
        },
        30 => Kind::RelocCancel {
            teid: id32(u)?,
            imsi: opt(u, imsi)?,
        },
        31 => Kind::CreateSession {
            imsi: opt(u, imsi)?,
            carries_keys: u.arbitrary()?,
        },
        32 => Kind::ModifyBearer { teid: id32(u)? },
        _ => Kind::Malformed {
            what: "damaged".into(),
        },
    })
}

/// Which protocol's port a typed event travels on.
fn app_of(k: &Kind) -> AppProto {
    k.x2_or_gtp_app().unwrap_or(AppProto::S1ap)
}

fn file_kind(k: EnbKind) -> FileKind {
    match k {
        EnbKind::Macro => FileKind::Macro,
        EnbKind::Home => FileKind::Home,
        EnbKind::ShortMacro => FileKind::ShortMacro,
        EnbKind::LongMacro => FileKind::LongMacro,
    }
}

/// Keys from the pools: KASMEs by MME-UE-S1AP-ID or IMSI, MME-eNB keys, H_keys.
fn pool_keys(u: &mut Unstructured<'_>, given: &mut Vec<Vec<u8>>) -> ArbResult<KeysFile> {
    let mut keys = KeysFile::default();
    let ue = |u: &mut Unstructured<'_>| -> ArbResult<UeRef> {
        Ok(if u.arbitrary()? {
            UeRef::s1(
                id32(u)?,
                if u.arbitrary()? {
                    Some(MmeRef::Addr(ip(u.arbitrary()?)))
                } else {
                    None
                },
            )
        } else {
            UeRef::imsi(pick(u, &IMSIS)?.to_string())
        })
    };
    for _ in 0..u.int_in_range(0..=3u8)? {
        let k = pick(u, &KASMES)?;
        given.push(k.to_vec());
        keys.kasme.push(Kasme {
            ue: ue(u)?,
            key: KeyMaterial::owned(k.to_vec()),
            nas_uplink_count: opt(u, |u| u.int_in_range(0..=3u32))?,
            nas_downlink_count: opt(u, |u| u.int_in_range(0..=3u32))?,
            eea: opt(u, |u| u.int_in_range(0..=3u8))?,
            eia: opt(u, |u| u.int_in_range(0..=3u8))?,
            line: 0,
        });
    }
    for _ in 0..u.int_in_range(0..=3u8)? {
        let Some(e) = identity(u)? else { continue };
        let k = pick(u, &KEKS)?;
        given.push(k.to_vec());
        keys.mme_enb_keys.push(MmeEnbKey {
            plmn: e.plmn,
            kind: file_kind(e.kind),
            enb_id: e.enb_id,
            key_id: u.int_in_range(0..=3u8)?,
            key: KeyMaterial::owned(k.to_vec()),
            line: 0,
        });
    }
    for _ in 0..u.int_in_range(0..=2u8)? {
        let k = pick(u, &H_KEYS)?;
        given.push(k.to_vec());
        keys.h_keys.push(HKey {
            ue: ue(u)?,
            refresh_counter: u.int_in_range(0..=3u16)?,
            key: KeyMaterial::owned(k.to_vec()),
            line: 0,
        });
    }
    Ok(keys)
}

fn file_keys(keys: &KeysFile, given: &mut Vec<Vec<u8>>) {
    given.extend(keys.kasme.iter().map(|k| k.key.expose().to_vec()));
    given.extend(keys.mme_enb_keys.iter().map(|k| k.key.expose().to_vec()));
    given.extend(keys.h_keys.iter().map(|k| k.key.expose().to_vec()));
    for k in &keys.umts_keys {
        given.push(k.ck.expose().to_vec());
        given.push(k.ik.expose().to_vec());
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// What the checks of one run keep track of.
struct Seen {
    frames: BTreeSet<u64>,
    /// Lowercase hex of every key of 8 octets or more handed to the engine.
    secrets: Vec<String>,
    /// Findings drained from the engine.
    findings: Vec<Finding>,
    /// Whether some drain found the engine's list full (then findings were dropped).
    capped: bool,
}

impl Seen {
    fn check(&self, f: &Finding) {
        assert!(Rule::ALL.contains(&f.rule), "{f:?}");
        assert_eq!(Rule::from_id(f.rule.id()), Some(f.rule));
        assert_eq!(f.severity, f.rule.severity(), "{f:?}");
        match f.about {
            Some(r) => assert!(
                f.rule == Rule::NoKeys && Rule::ALL.contains(&r) && r != Rule::NoKeys,
                "{f:?}"
            ),
            None => assert_ne!(f.rule, Rule::NoKeys, "NO-KEYS about nothing: {f:?}"),
        }
        assert!(!f.frames.is_empty(), "a finding without frames: {f:?}");
        for n in &f.frames {
            assert!(
                self.frames.contains(n),
                "frame {n} of a finding was never handed to the engine: {f:?}"
            );
        }
        let text = format!("{} {}", f.text, f.ue.as_deref().unwrap_or(""));
        for s in &self.secrets {
            assert!(!text.contains(s.as_str()), "a key printed: {f:?}");
        }
    }

    fn drain(&mut self, eng: &mut Engine, limits: &Limits) {
        assert!(eng.findings.len() <= limits.max_findings);
        self.capped |= eng.findings.len() == limits.max_findings;
        for f in eng.findings.drain(..) {
            self.check(&f);
            self.findings.push(f);
        }
    }
}

fn bounded(eng: &Engine, limits: &Limits) {
    assert!(
        eng.ue_count() <= limits.max_ues,
        "{} UE contexts held, limit {}",
        eng.ue_count(),
        limits.max_ues
    );
    let evicted = eng.counts.get(&Rule::Evicted).copied().unwrap_or(0);
    assert_eq!(
        eng.ues_created(),
        eng.ue_count() as u64 + evicted,
        "a UE context vanished without an EVICTED finding"
    );
    if limits.ladder {
        assert!(eng.ladder.len() <= limits.max_ladder);
    } else {
        assert!(eng.ladder.is_empty());
    }
}

/// A payload through the same steps as `validate::run_with`; whether it became an event.
fn payload(
    eng: &mut Engine,
    frame: u64,
    time: Timestamp,
    app: AppProto,
    src: SocketAddr,
    dst: SocketAddr,
    data: &[u8],
) -> bool {
    eng.observe(app, src, dst);
    if !extract::relevant(app, data) {
        return false;
    }
    let kind = match Decoded::decode(app, data) {
        Ok(d) => match extract::extract(&d, eng.keep_nas) {
            Some(k) => k,
            None => return false,
        },
        Err(e) => Kind::Malformed {
            what: format!("{} message not decodable: {e}", app.name()),
        },
    };
    eng.handle(&Event {
        frame,
        time,
        src,
        dst,
        kind,
    });
    true
}

/// Message types of the samples step: the handover legs and their neighbours.
const S1AP_MESSAGES: &[&str] = &[
    "S1SetupRequest",
    "InitialUEMessage",
    "InitialContextSetupRequest",
    "UEContextModificationRequest",
    "HandoverRequired",
    "HandoverRequest",
    "HandoverRequestAcknowledge",
    "HandoverFailure",
    "HandoverCommand",
    "HandoverPreparationFailure",
    "HandoverCancel",
    "HandoverNotify",
    "PathSwitchRequest",
    "PathSwitchRequestAcknowledge",
    "PathSwitchRequestFailure",
    "UEContextReleaseCommand",
    "UEContextReleaseComplete",
    "DownlinkNASTransport",
];
const X2AP_MESSAGES: &[&str] = &[
    "X2SetupRequest",
    "X2SetupResponse",
    "ENBConfigurationUpdate",
    "HandoverRequest",
    "HandoverRequestAcknowledge",
    "HandoverPreparationFailure",
    "HandoverCancel",
    "UEContextRelease",
];

fn sample(u: &mut Unstructured<'_>) -> ArbResult<Option<(AppProto, Vec<u8>)>> {
    use keyhop_codec::ap::common::Rng;
    let s1 = u.arbitrary::<bool>()?;
    let names = if s1 { S1AP_MESSAGES } else { X2AP_MESSAGES };
    let name = pick(u, names)?;
    let mut rng = Rng::new(u.arbitrary()?);
    let bytes = if s1 {
        keyhop_codec::s1ap::sample_message(name, &mut rng)
            .and_then(|p| keyhop_codec::s1ap::encode(&p).ok())
    } else {
        keyhop_codec::x2ap::sample_message(name, &mut rng)
            .and_then(|p| keyhop_codec::x2ap::encode(&p).ok())
    };
    let Some(mut bytes) = bytes else {
        return Ok(None);
    };
    if u.arbitrary()? && !bytes.is_empty() {
        let at = u.int_in_range(0..=bytes.len() - 1)?;
        bytes[at] ^= u.int_in_range(1..=255u8)?;
    }
    Ok(Some((
        if s1 { AppProto::S1ap } else { AppProto::X2ap },
        bytes,
    )))
}

/// The validator's engine on an arbitrary message sequence (see the module's description).
pub fn validate(data: &[u8]) {
    std::hint::black_box(outcome(data));
}

/// As [`validate`], returning what the run produced (`None` if the input ends within the
/// configuration).
pub fn outcome(data: &[u8]) -> Option<Outcome> {
    run(&mut Unstructured::new(data)).ok()
}

fn run(u: &mut Unstructured<'_>) -> ArbResult<Outcome> {
    let max_ues = u.int_in_range(1..=64usize)?;
    let limits = Limits {
        max_ues,
        max_findings: u.int_in_range(0..=255usize)?,
        ladder: u.int_in_range(0..=1u8)? == 1,
        max_ladder: u.int_in_range(0..=255usize)?,
        // Small enough for a sequence to fill the address sets; drawn from no input octet,
        // so the committed corpus keeps its meaning.
        max_nodes: 2 * max_ues,
        ladder_ue: None,
    };
    let mut given = Vec::new();
    let keys = match u.int_in_range(0..=2u8)? {
        0 => KeysFile::default(),
        1 => pool_keys(u, &mut given)?,
        _ => {
            let n = usize::from(u.int_in_range(0..=u16::MAX)?);
            let text = u.bytes(n)?;
            let keys = std::str::from_utf8(text)
                .ok()
                .and_then(|t| KeysFile::parse(t).ok())
                .unwrap_or_default();
            file_keys(&keys, &mut given);
            keys
        }
    };
    let mut eng = Engine::new(&keys, limits);
    let mut seen = Seen {
        frames: BTreeSet::new(),
        secrets: Vec::new(),
        findings: Vec::new(),
        capped: false,
    };
    let (mut frame, mut time_ms) = (1u64, 1_000_000i64);
    let (mut messages, mut events) = (0u64, 0u64);
    for _ in 0..256 {
        if u.is_empty() {
            break;
        }
        let Ok(step) = step(u, &mut given) else {
            break;
        };
        frame += step.frame_delta;
        time_ms += step.time_delta_ms;
        let time = Timestamp::new(
            time_ms.div_euclid(1000),
            time_ms.rem_euclid(1000) as u64 * 1_000_000,
        );
        seen.frames.insert(frame);
        seen.secrets
            .extend(given.drain(..).filter(|k| k.len() >= 8).map(|k| hex(&k)));
        match step.what {
            What::Payload(app, s, d, bytes) => {
                let (src, dst) = (
                    SocketAddr::new(ip(s), port(app)),
                    SocketAddr::new(ip(d), port(app)),
                );
                messages += 1;
                events += u64::from(payload(&mut eng, frame, time, app, src, dst, &bytes));
            }
            What::Issue => eng.report(Finding::new(
                Rule::Malformed,
                &[frame],
                "damaged frame: a layer could not be read",
            )),
            What::Event(s, d, kind) => {
                let p = port(app_of(&kind));
                messages += 1;
                events += 1;
                eng.handle(&Event {
                    frame,
                    time,
                    src: SocketAddr::new(ip(s), p),
                    dst: SocketAddr::new(ip(d), p),
                    kind,
                });
            }
        }
        bounded(&eng, &limits);
        seen.drain(&mut eng, &limits);
    }
    eng.finish();
    bounded(&eng, &limits);
    seen.drain(&mut eng, &limits);
    let total: u64 = eng.counts.values().sum();
    if seen.capped {
        assert!(total >= seen.findings.len() as u64);
    } else {
        assert_eq!(
            total,
            seen.findings.len() as u64,
            "counts and findings differ"
        );
    }
    for r in eng.counts.keys() {
        assert!(Rule::ALL.contains(r));
    }
    // The reports and the ladder, as `keyhop validate` and `keyhop ladder` write them.
    let o = Outcome {
        frames: frame,
        messages,
        events,
        ended_early: None,
        end_of_capture: 0,
        engine: EngineResult {
            findings: std::mem::take(&mut seen.findings),
            counts: std::mem::take(&mut eng.counts),
            procs: std::mem::take(&mut eng.procs),
            ladder: std::mem::take(&mut eng.ladder),
            ue_names: std::mem::take(&mut eng.ue_names),
            nodes: eng.resolve_ladder(),
            ues_held: eng.ue_count(),
            ues_created: eng.ues_created(),
        },
    };
    let mut text = Vec::new();
    report::write(&o, "fuzz.pcap", report::Format::Text, &mut text).expect("text report");
    let mut json = Vec::new();
    report::write(&o, "fuzz.pcap", report::Format::Json, &mut json).expect("JSON report");
    serde_json::from_slice::<serde_json::Value>(&json).expect("the JSON report parses");
    let text = String::from_utf8(text).expect("UTF-8 report");
    for s in &seen.secrets {
        assert!(!text.contains(s.as_str()), "a key printed in the report");
    }
    if let Some(ue) = ladder::pick(&o, None) {
        for f in [
            ladder::Format::Text,
            ladder::Format::Mermaid,
            ladder::Format::Svg,
        ] {
            let mut out = Vec::new();
            ladder::write(&o, ue, f, &mut out).expect("ladder");
        }
    }
    Ok(o)
}

enum What {
    Payload(AppProto, u8, u8, Vec<u8>),
    Issue,
    Event(u8, u8, Kind),
}

struct Step {
    frame_delta: u64,
    time_delta_ms: i64,
    what: What,
}

fn step(u: &mut Unstructured<'_>, given: &mut Vec<Vec<u8>>) -> ArbResult<Step> {
    let tag = u.int_in_range(0..=TAGS)?;
    let frame_delta = u64::from(u.int_in_range(0..=u8::MAX)?);
    // Two octets: a signed number of milliseconds (captures do go back in time).
    let time_delta_ms = i64::from(u.int_in_range(0..=u16::MAX)? as i16);
    let (s, d) = (u.int_in_range(0..=u8::MAX)?, u.int_in_range(0..=u8::MAX)?);
    let what = match tag {
        TAG_RAW => {
            let app = APPS[usize::from(u.int_in_range(0..=3u8)?)];
            let n = usize::from(u.int_in_range(0..=u16::MAX)?);
            What::Payload(app, s, d, u.bytes(n)?.to_vec())
        }
        TAG_SAMPLE => match sample(u)? {
            Some((app, bytes)) => What::Payload(app, s, d, bytes),
            None => What::Issue,
        },
        TAG_ISSUE => What::Issue,
        _ => What::Event(s, d, kind(u, given)?),
    };
    Ok(Step {
        frame_delta,
        time_delta_ms,
        what,
    })
}

/// One payload of a seed: frame number, capture time, protocol, sender and receiver (indexes
/// into the address pool) and the octets.
pub struct SeedPayload<'a> {
    /// Frame number (never less than the previous one's).
    pub frame: u64,
    /// Capture time in milliseconds.
    pub time_ms: i64,
    /// Protocol.
    pub app: AppProto,
    /// Sender's index in the address pool.
    pub src: u8,
    /// Receiver's index in the address pool.
    pub dst: u8,
    /// The message.
    pub data: &'a [u8],
}

/// The input that feeds `payloads` (raw-payload steps) to the engine with `max_ues` UE
/// contexts, a ladder, and the keys file `keys` (TOML text; empty: none). Frame gaps beyond
/// 255 and time steps beyond +-32 s are shortened; payloads beyond 65535 octets are cut.
pub fn seed(max_ues: u8, keys: &str, payloads: &[SeedPayload<'_>]) -> Vec<u8> {
    // Each value is written as Unstructured::int_in_range reads it back: one octet for a range
    // within u8 (the value modulo the range's size), two big-endian octets for a u16.
    let mut out = vec![max_ues.clamp(1, 64) - 1, 255, 1, 255];
    let keys = &keys.as_bytes()[..keys.len().min(65_535)];
    if keys.is_empty() {
        out.push(0);
    } else {
        out.push(2);
        out.extend_from_slice(&(keys.len() as u16).to_be_bytes());
        out.extend_from_slice(keys);
    }
    let (mut frame, mut time_ms) = (1u64, 1_000_000i64);
    let mut base: Option<i64> = None;
    for p in payloads {
        let t = p.time_ms - *base.get_or_insert(p.time_ms) + 1_000_000;
        let df = p.frame.saturating_sub(frame).min(255);
        let dt = (t - time_ms).clamp(-32_768, 32_767);
        frame += df;
        time_ms += dt;
        out.push(TAG_RAW);
        out.push(df as u8);
        out.extend_from_slice(&(dt as i16).to_be_bytes());
        out.push(p.src);
        out.push(p.dst);
        out.push(APPS.iter().position(|a| *a == p.app).unwrap_or(0) as u8);
        let data = &p.data[..p.data.len().min(65_535)];
        out.extend_from_slice(&(data.len() as u16).to_be_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// The input of a capture: its payloads as raw-payload steps, each address an index into the
/// pool (first come, first numbered; the keys file's quoted addresses follow), with `max_ues`
/// UE contexts and the keys file `keys` (TOML text; empty: none).
pub fn seed_from_capture(path: &std::path::Path, max_ues: u8, keys: &str) -> Vec<u8> {
    let mut r = keyhop::capture::CaptureReader::open(path).expect("a capture");
    let mut ips: Vec<IpAddr> = Vec::new();
    let mut owned = Vec::new();
    while let Some(f) = r.next_frame() {
        let Ok(f) = f else { break };
        let time_ms = f.timestamp.secs * 1000 + i64::from(f.timestamp.nanos / 1_000_000);
        for p in f.payloads() {
            let mut index = |a: IpAddr| {
                let i = ips.iter().position(|x| *x == a).unwrap_or_else(|| {
                    ips.push(a);
                    ips.len() - 1
                });
                (i % ADDRESSES) as u8
            };
            let (s, d) = (index(p.src.ip()), index(p.dst.ip()));
            owned.push((f.number, time_ms, p.app, s, d, p.data.to_vec()));
        }
    }
    let mut keys = keys.to_string();
    for (i, a) in ips.iter().enumerate() {
        keys = keys.replace(&format!("\"{a}\""), &format!("\"{}\"", ip(i as u8)));
    }
    let payloads: Vec<SeedPayload<'_>> = owned
        .iter()
        .map(|(frame, time_ms, app, src, dst, data)| SeedPayload {
            frame: *frame,
            time_ms: *time_ms,
            app: *app,
            src: *src,
            dst: *dst,
            data,
        })
        .collect();
    seed(max_ues, &keys, &payloads)
}
