//! From a decoded message (`decoded::Decoded`) to an [`Event`]: the one place that knows where
//! each rule's inputs sit in S1AP, X2AP, GTPv2-C and GTPv1-C.
//!
//! [`relevant`] is the cheap prefilter: it reads the procedure code / message type from the
//! first octets so that the messages no rule reads (NAS uplink, paging, echo...) are not decoded
//! at all. That is what keeps `validate` streaming.

use super::event::*;
use crate::capture::AppProto;
use crate::decoded::Decoded;
use keyhop_codec::ap::common::{EnbId as ApEnbId, Int};
use keyhop_codec::ap::{Body, LazyPdu, Pdu, PduType, PrivateValue};
use keyhop_codec::gtpv1::MessageType as V1;
use keyhop_codec::gtpv2::{self, IeValue, MessageType as V2, MmContextForm};
use keyhop_codec::makr::{self, MakrPrivateIe};
use keyhop_codec::s1ap::{id as s1id, HandoverType, Procedure as S1Proc, S1apIe, TargetId};
use keyhop_codec::security::keys::SecretKey;
use keyhop_codec::security::makr::{EnbIdentity, EnbKind, KdfAlgorithm, WrapAlgorithm};
use keyhop_codec::x2ap::{id as x2id, Procedure as X2Proc, X2apIe};
use std::hash::{Hash, Hasher};

/// S1AP messages a rule reads (the names [`s1ap`] turns into events), by procedure code and
/// PDU type: the answers no rule reads (InitialContextSetupResponse, HandoverCancelAcknowledge,
/// S1SetupResponse...) are not decoded either.
fn s1_relevant(code: u8, t: PduType) -> bool {
    use PduType::*;
    use S1Proc::*;
    matches!(
        (S1Proc::from_value(code), t),
        (
            HandoverPreparation | HandoverResourceAllocation | PathSwitchRequest,
            _
        ) | (
            HandoverNotification
                | HandoverCancel
                | InitialContextSetup
                | DownlinkNasTransport
                | UplinkNasTransport
                | InitialUeMessage
                | UeContextModification
                | EnbConfigurationUpdate
                | MmeConfigurationUpdate
                | PrivateMessage,
            InitiatingMessage
        ) | (
            UeContextRelease | S1Setup,
            InitiatingMessage | SuccessfulOutcome
        )
    )
}

/// X2AP procedures a rule reads (handover preparation, cancel, UE context release, X2 setup,
/// eNB configuration update), by their procedure code octet.
fn x2_relevant(code: u8) -> bool {
    use X2Proc::*;
    matches!(
        X2Proc::from_value(code),
        HandoverPreparation | HandoverCancel | UeContextRelease | X2Setup | EnbConfigurationUpdate
    )
}

/// GTPv2-C messages a rule reads, by their message type octet.
fn gtpv2_relevant(t: u8) -> bool {
    use V2::*;
    matches!(
        V2::from_value(t),
        CreateSessionRequest
            | ModifyBearerRequest
            | ForwardRelocationRequest
            | ForwardRelocationResponse
            | ForwardRelocationCompleteNotification
            | ForwardRelocationCompleteAcknowledge
            | RelocationCancelRequest
    )
}

/// GTPv1-C messages a rule reads, by their message type octet.
fn gtpv1_relevant(t: u8) -> bool {
    use V1::*;
    matches!(
        V1::from_value(t),
        ForwardRelocationRequest
            | ForwardRelocationResponse
            | ForwardRelocationComplete
            | RelocationCancelRequest
    )
}

/// The PDU type of an S1AP/X2AP PDU from its first octet (extension bit, then the 2-bit index
/// of the CHOICE); `None` for an extension alternative.
fn pdu_type_of(b0: u8) -> Option<PduType> {
    match b0 >> 5 {
        0 => Some(PduType::InitiatingMessage),
        1 => Some(PduType::SuccessfulOutcome),
        2 => Some(PduType::UnsuccessfulOutcome),
        _ => None,
    }
}

/// Whether a payload may carry an event (decided from its first octets, without decoding).
/// Messages too short to tell, or of an extension PDU alternative, are decoded (and then
/// reported as malformed if they are).
pub fn relevant(app: AppProto, data: &[u8]) -> bool {
    match app {
        AppProto::S1ap => match (data.first().copied().and_then(pdu_type_of), data.get(1)) {
            (Some(t), Some(&c)) => s1_relevant(c, t),
            _ => true,
        },
        AppProto::X2ap => data.get(1).is_none_or(|&c| x2_relevant(c)),
        AppProto::Gtpv2c => data.get(1).is_none_or(|&t| gtpv2_relevant(t)),
        AppProto::Gtpv1c => data.get(1).is_none_or(|&t| gtpv1_relevant(t)),
    }
}

/// Whether a payload carries what the node map learns from ([`super::engine::learn_nodes`]):
/// S1 Setup and its response, eNB/MME Configuration Update, Handover Required and Request (the
/// target's Global eNB ID), Path Switch Request, Handover Notify, X2 Setup, X2 eNB
/// Configuration Update, X2 Handover Request, GTP Forward Relocation Request/Response. A
/// narrower test than [`relevant`], for `read`, which decodes nothing more to name nodes than
/// these.
pub fn names_nodes(app: AppProto, data: &[u8]) -> bool {
    use PduType::*;
    use S1Proc::*;
    match app {
        AppProto::S1ap => match (data.first().copied().and_then(pdu_type_of), data.get(1)) {
            (Some(t), Some(&c)) => matches!(
                (S1Proc::from_value(c), t),
                (S1Setup, InitiatingMessage | SuccessfulOutcome)
                    | (
                        EnbConfigurationUpdate
                            | HandoverPreparation
                            | HandoverResourceAllocation
                            | MmeConfigurationUpdate
                            | PathSwitchRequest
                            | HandoverNotification,
                        InitiatingMessage
                    )
            ),
            _ => false,
        },
        AppProto::X2ap => data.get(1).is_some_and(|&c| {
            matches!(
                X2Proc::from_value(c),
                X2Proc::HandoverPreparation | X2Proc::X2Setup | X2Proc::EnbConfigurationUpdate
            )
        }),
        AppProto::Gtpv2c => data.get(1).is_some_and(|&t| {
            matches!(
                V2::from_value(t),
                V2::ForwardRelocationRequest | V2::ForwardRelocationResponse
            )
        }),
        AppProto::Gtpv1c => data.get(1).is_some_and(|&t| {
            matches!(
                V1::from_value(t),
                V1::ForwardRelocationRequest | V1::ForwardRelocationResponse
            )
        }),
    }
}

/// S1AP IEs the extraction reads ([`s1ap`]); the others are kept as octets, not decoded.
pub(crate) fn s1_ie_read(id: u16) -> bool {
    matches!(
        id,
        s1id::MME_UE_S1AP_ID
            | s1id::HANDOVER_TYPE
            | s1id::TARGET_ID
            | s1id::ENB_UE_S1AP_ID
            | s1id::NAS_PDU
            | s1id::SECURITY_CONTEXT
            | s1id::GLOBAL_ENB_ID
            | s1id::ENB_NAME
            | s1id::MME_NAME
            | s1id::SECURITY_KEY
            | s1id::SOURCE_MME_UE_S1AP_ID
            | s1id::UE_S1AP_IDS
            | s1id::EUTRAN_CGI
            | s1id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER
            | s1id::SERVED_GUMMEIS
            | s1id::UE_SECURITY_CAPABILITIES
            | s1id::TARGET_TO_SOURCE_TRANSPARENT_CONTAINER
            | s1id::NAS_SECURITY_PARAMETERSTO_EUTRAN
    )
}

/// X2AP IEs the extraction of handover messages reads ([`x2ap`]).
pub(crate) fn x2_ie_read(id: u16) -> bool {
    matches!(
        id,
        x2id::OLD_ENB_UE_X2AP_ID
            | x2id::NEW_ENB_UE_X2AP_ID
            | x2id::UE_CONTEXT_INFORMATION
            | x2id::TARGET_CELL_ID
            | x2id::WRAPPED_KENB
            | x2id::TARGET_ENB_TO_SOURCE_ENB_TRANSPARENT_CONTAINER
    )
}

/// Decodes a payload for [`extract`]. S1AP and X2AP messages are decoded as
/// [`Decoded::decode`] would, the envelope and every IE header checked alike, but only the
/// IEs a rule reads get their typed decoding (an E-RAB list, a TAI, a cause... stay octets):
/// most of the cost of a full decode is in IEs no rule looks at. Whatever this path does not
/// take (private messages, X2 setup, an error anywhere) goes to the full decoder, so errors
/// read the same.
pub fn decode(app: AppProto, data: &[u8]) -> Result<Decoded<'_>, keyhop_codec::DecodeError> {
    let lazy = match app {
        AppProto::S1ap => {
            lazy_pdu::<S1apIe<'_>, MakrPrivateIe<'_>, keyhop_codec::s1ap::S1ap>(data, s1_ie_read)
                .map(Decoded::S1ap)
        }
        AppProto::X2ap
            if data.get(1).is_some_and(|&c| {
                matches!(
                    X2Proc::from_value(c),
                    X2Proc::HandoverPreparation | X2Proc::HandoverCancel | X2Proc::UeContextRelease
                )
            }) =>
        {
            lazy_pdu::<X2apIe<'_>, keyhop_codec::ap::NoPrivateIes, keyhop_codec::x2ap::X2ap>(
                data, x2_ie_read,
            )
            .map(Decoded::X2ap)
        }
        _ => None,
    };
    match lazy {
        Some(d) => Ok(d),
        None => Decoded::decode(app, data),
    }
}

/// The PDU [`extract`] reads, built from the codec's lazy reading ([`LazyPdu`]: envelope and IE
/// list checked as the full decoder checks them, values left as octets) with only the IEs of
/// `read` decoded. `None` where that would not be exactly what the full decoder gives
/// (private messages, extension alternatives, an unknown procedure, a note on the framing, an IE
/// that does not decode): the caller then decodes in full, so errors read the same.
fn lazy_pdu<'a, V, P, A>(data: &'a [u8], read: fn(u16) -> bool) -> Option<Pdu<'a, V, P>>
where
    V: keyhop_codec::ap::IeSet<'a>,
    P: keyhop_codec::ap::PrivateIeSet<'a>,
    A: keyhop_codec::ap::ApProtocol,
{
    use keyhop_codec::ap::{IeValue, ProtocolIe};
    let lazy = LazyPdu::decode::<A, V>(data).ok()?;
    let (pdu_type, raw) = lazy.known_message::<A>()?;
    // Room for every IE read at once: an IE value is 400 to 600 octets, which growing the list
    // would copy again.
    let mut items = Vec::with_capacity(raw.len().min(16));
    for ie in raw.iter().filter(|ie| read(ie.id)) {
        let (value, _) = lazy.decode_raw::<V>(ie).ok()??;
        items.push(ProtocolIe {
            id: ie.id,
            criticality: ie.criticality,
            value: IeValue::Typed(value),
            wire: None,
        });
    }
    Some(lazy.pdu_with(pdu_type, items))
}

/// A hash of a transparent container: equal containers tie the legs of one handover.
pub fn container_hash(b: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    b.hash(&mut h);
    h.finish()
}

fn key32(b: &[u8]) -> Key32 {
    Key32::from_prefix(b)
}

fn key16(b: &[u8]) -> Key16 {
    Key16::from_prefix(b)
}

fn plmn3(b: &[u8]) -> [u8; 3] {
    let mut p = [0u8; 3];
    let n = b.len().min(3);
    p[..n].copy_from_slice(&b[..n]);
    p
}

/// The crypto's eNB identity of an S1AP/X2AP Global eNB ID.
fn enb_identity(plmn: &[u8], id: &ApEnbId<'_>) -> Option<EnbIdentity> {
    let (kind, v) = match id {
        ApEnbId::Macro(v) => (EnbKind::Macro, v.0),
        ApEnbId::Home(v) => (EnbKind::Home, v.0),
        ApEnbId::ShortMacro(v) => (EnbKind::ShortMacro, v.0),
        ApEnbId::LongMacro(v) => (EnbKind::LongMacro, v.0),
        _ => return None,
    };
    EnbIdentity::new(plmn3(plmn), kind, v as u32).ok()
}

/// The crypto's eNB identity of a MAKR ENB-Identity.
pub fn makr_identity(e: &makr::EnbIdentity<'_>) -> Option<EnbIdentity> {
    EnbIdentity::from_ident(&e.ident()?).ok()
}

fn wrapped(w: &makr::WrappedKeyItem<'_>) -> Wrapped {
    Wrapped {
        target: makr_identity(&w.target_enb),
        key_id: w.key_id,
        alg: wrap_alg(w.wrap_algorithm),
        wrapped: w.wrapped_kenb.as_bytes().to_vec(),
    }
}

/// The crypto's KDF of the ASN.1 enumeration (an unknown extension value keeps its index past
/// the root).
fn kdf_alg(k: makr::KdfAlgorithm) -> KdfAlgorithm {
    match k {
        makr::KdfAlgorithm::AesBlock => KdfAlgorithm::AesBlock,
        makr::KdfAlgorithm::AesCmacCtr => KdfAlgorithm::AesCmacCtr,
        makr::KdfAlgorithm::Unknown(i) => KdfAlgorithm::Unknown((i + 2).min(255) as u8),
    }
}

/// The crypto's wrap algorithm of the ASN.1 enumeration.
fn wrap_alg(k: makr::WrapAlgorithm) -> WrapAlgorithm {
    match k {
        makr::WrapAlgorithm::AesEcb => WrapAlgorithm::AesEcb,
        makr::WrapAlgorithm::AesKw => WrapAlgorithm::AesKw,
        makr::WrapAlgorithm::AesCtrCmac => WrapAlgorithm::AesCtrCmac,
        makr::WrapAlgorithm::Unknown(i) => WrapAlgorithm::Unknown((i + 3).min(255) as u8),
    }
}

fn rrc_target(rrc: &[u8]) -> Option<RrcTarget> {
    let t = keyhop_codec::rrc::handover_command_target(rrc).ok()?;
    Some(RrcTarget {
        pci: t.pci,
        dl_earfcn: t.dl_earfcn,
    })
}

fn ho_type(t: &HandoverType) -> HoType {
    match t {
        HandoverType::Intralte => HoType::IntraLte,
        HandoverType::Ltetoutran => HoType::LteToUtran,
        HandoverType::Utrantolte => HoType::UtranToLte,
        _ => HoType::Other,
    }
}

fn int(v: &Int<0, 4294967295, false>) -> u32 {
    v.0 as u32
}

/// Turns a decoded message into an event. `keep_nas` asks to keep the octets of ciphered NAS
/// PDUs (only when some key could decipher them, so that the common case copies nothing).
pub fn extract(d: &Decoded<'_>, keep_nas: bool) -> Option<Kind> {
    match d {
        Decoded::S1ap(p) => s1ap(p, keep_nas),
        Decoded::X2ap(p) => x2ap(p),
        Decoded::Gtpv2(m) => gtpv2(m),
        Decoded::Gtpv1(m, _) => gtpv1(m),
    }
}

fn s1ap(p: &keyhop_codec::s1ap::S1apPdu<'_>, keep_nas: bool) -> Option<Kind> {
    if let Body::Private(pm) = &p.body {
        return private(pm);
    }
    use PduType::*;
    use S1Proc::*;
    let pdu_type = p.pdu_type?;
    let ies = p.ies()?;
    let mme = || ies.mme_ue_s1ap_id().map(int);
    let enb = || p.enb_ue_s1ap_id();
    let caps = || {
        ies.ue_security_capabilities().map(|c| {
            Caps::from_ap(
                c.encryption_algorithms.value.as_bytes(),
                c.integrity_protection_algorithms.value.as_bytes(),
            )
        })
    };
    let container = || p.source_to_target_container().map(container_hash);
    let sec_ctx = || {
        p.security_context().map(|sc| {
            (
                sc.next_hop_chaining_count.0 as u8,
                key32(sc.next_hop_parameter.0.expose()),
            )
        })
    };
    let security_key = || p.security_key().map(|k| key32(k.0.expose()));
    let ho_type = || p.handover_type().map_or(HoType::Other, |t| ho_type(&t));
    let cell = || {
        ies.eutran_cgi().map(|c| Ecgi {
            plmn: plmn3(c.plmn_identity.as_bytes()),
            cell_id: c.cell_id.0 as u32,
        })
    };
    let text = |n: &keyhop_codec::ap::common::PrintableStr<'_, 1, 150, true>| {
        Box::<str>::from(String::from_utf8_lossy(&n.0).as_ref())
    };
    Some(match (p.procedure(), pdu_type) {
        (S1Setup | EnbConfigurationUpdate, InitiatingMessage) => Kind::S1Setup {
            enb: ies
                .global_enb_id()
                .and_then(|g| enb_identity(g.plmn_identity.as_bytes(), &g.enb_id)),
            name: ies.enb_name().map(text),
        },
        (S1Setup, SuccessfulOutcome) | (MmeConfigurationUpdate, InitiatingMessage) => {
            Kind::MmeSetup {
                gummeis: ies.served_gummeis().map(served_gummeis).unwrap_or_default(),
                name: ies.mme_name().map(text),
            }
        }
        (InitialUeMessage, InitiatingMessage) => Kind::InitialUe {
            enb: enb()?,
            imsi: Imsi::parse(&keyhop_codec::nas::imsi(p.nas_pdu()?)?)?,
        },
        (InitialContextSetup, InitiatingMessage) => Kind::InitialContextSetup {
            mme: mme()?,
            enb: enb()?,
            key: security_key()?,
            caps: caps(),
        },
        (UeContextModification, InitiatingMessage) => Kind::UeContextModification {
            mme: mme()?,
            enb: enb()?,
            key: security_key(),
            caps: caps(),
        },
        (HandoverPreparation, InitiatingMessage) => Kind::HoRequired {
            mme: mme()?,
            enb: enb()?,
            ho_type: ho_type(),
            target: match p.target_id() {
                Some(target) => match target {
                    TargetId::TargetEnbId(t) => enb_identity(
                        t.global_enb_id.plmn_identity.as_bytes(),
                        &t.global_enb_id.enb_id,
                    )
                    .map_or(Target::Other, Target::Enb),
                    TargetId::TargetRncId(t) => Target::Rnc {
                        plmn: plmn3(t.lai.plmn_identity.as_bytes()),
                        rnc_id: t.extended_rnc_id.map_or(t.rnc_id.0, |x| x.0) as u32,
                    },
                    _ => Target::Other,
                },
                _ => Target::Other,
            },
            container: container(),
        },
        (HandoverResourceAllocation, InitiatingMessage) => {
            let (ncc, nh) = sec_ctx()?;
            Kind::HoRequest {
                mme: mme()?,
                ho_type: ho_type(),
                ncc,
                nh,
                caps: caps(),
                container: container(),
                nonce_mme: ies
                    .nas_security_parametersto_eutran()
                    .map(|o| o.as_bytes())
                    .filter(|b| b.len() >= 4)
                    .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]])),
            }
        }
        (HandoverResourceAllocation, SuccessfulOutcome) => Kind::HoRequestAck {
            mme: mme()?,
            enb: enb()?,
            // TargeteNB-ToSourceeNB-TransparentContainer: rRC-Container, iE-Extensions OPTIONAL.
            target_cell: p
                .target_to_source_container()
                .and_then(|c| {
                    keyhop_codec::s1ap::rrc_of_transparent(
                        c,
                        keyhop_codec::s1ap::Transparent::TargetToSource,
                    )
                    .ok()
                })
                .and_then(|rrc| rrc_target(&rrc)),
        },
        (HandoverResourceAllocation, UnsuccessfulOutcome) => Kind::HoFailure { mme: mme()? },
        (HandoverPreparation, SuccessfulOutcome) => Kind::HoCommand {
            mme: mme()?,
            enb: enb()?,
        },
        (HandoverPreparation, UnsuccessfulOutcome) => Kind::HoPreparationFailure {
            mme: mme()?,
            enb: enb()?,
        },
        (HandoverCancel, InitiatingMessage) => Kind::HoCancel {
            mme: mme()?,
            enb: enb()?,
        },
        (HandoverNotification, InitiatingMessage) => Kind::HoNotify {
            mme: mme()?,
            enb: enb()?,
            cell: cell(),
        },
        (PathSwitchRequest, InitiatingMessage) => Kind::PathSwitch {
            enb: enb()?,
            source_mme: int(ies.source_mme_ue_s1ap_id()?),
            caps: caps(),
            cell: cell(),
        },
        (PathSwitchRequest, SuccessfulOutcome) => {
            let (ncc, nh) = sec_ctx()?;
            Kind::PathSwitchAck {
                mme: mme()?,
                enb: enb()?,
                ncc,
                nh,
            }
        }
        (PathSwitchRequest, UnsuccessfulOutcome) => Kind::PathSwitchFailure { mme: mme()? },
        (UeContextRelease, InitiatingMessage | SuccessfulOutcome) => {
            let (m, e) = match ies.ue_s1ap_ids() {
                Some(keyhop_codec::s1ap::UeS1apIds::UeS1apIdPair(p)) => (
                    Some(int(&p.mme_ue_s1ap_id)),
                    Some(p.enb_ue_s1ap_id.0 as u32),
                ),
                Some(keyhop_codec::s1ap::UeS1apIds::MmeUeS1apId(v)) => (Some(int(v)), None),
                _ => (mme(), enb()),
            };
            Kind::UeRelease {
                mme: m,
                enb: e,
                complete: pdu_type == SuccessfulOutcome,
            }
        }
        (DownlinkNasTransport, InitiatingMessage) => Kind::DownlinkNas {
            mme: mme()?,
            enb: enb()?,
            nas: nas(p.nas_pdu()?, keep_nas),
        },
        (UplinkNasTransport, InitiatingMessage) => Kind::UplinkNas {
            // The IMSI first: most uplink NAS messages name none and make no event.
            imsi: Imsi::parse(&keyhop_codec::nas::imsi(p.nas_pdu()?)?)?,
            mme: mme()?,
            enb: enb()?,
        },
        _ => return None,
    })
}

/// The GUMMEIs of a ServedGUMMEIs list: each served PLMN with each group and code (bounded:
/// a node map needs a few to recognise the MME).
fn served_gummeis(
    list: &keyhop_codec::s1ap::ServedGummeis<'_>,
) -> Vec<crate::analysis::nodes::Gummei> {
    let mut out = Vec::new();
    for item in list.0.iter() {
        for plmn in item.served_plmns.0.iter() {
            for g in item.served_group_ids.0.iter() {
                for c in item.served_mmecs.0.iter() {
                    let (g, c) = (g.as_bytes(), c.as_bytes());
                    if out.len() < 32 && g.len() == 2 && c.len() == 1 {
                        out.push(crate::analysis::nodes::Gummei {
                            plmn: plmn3(plmn.as_bytes()),
                            mmegi: u16::from_be_bytes([g[0], g[1]]),
                            mmec: c[0],
                        });
                    }
                }
            }
        }
    }
    out
}

fn nas(pdu: &[u8], keep: bool) -> Nas {
    use keyhop_codec::nas::hkey::HkeyDelivery;
    use keyhop_codec::nas::NasPdu;
    let plain_hkey = |header_type: u8, b: &[u8]| match HkeyDelivery::decode(b) {
        Ok(h) => Nas::PlainHkey {
            header_type,
            refresh: h.refresh_counter,
            kdf: h.kdf,
            h_key: SecretKey::from_slice(h.h_key.expose()),
        },
        Err(_) => Nas::Other,
    };
    match NasPdu::decode(pdu) {
        Ok(NasPdu::Plain(b)) => plain_hkey(0, b),
        // Integrity protected only: the message travels in the clear all the same.
        Ok(NasPdu::Protected(p)) if !p.header_type.is_ciphered() => {
            plain_hkey(p.header_type.value(), p.message)
        }
        Ok(NasPdu::Protected(p)) if p.header_type.is_ciphered() => Nas::Protected {
            header_type: p.header_type.value(),
            sqn: p.sequence_number,
            pdu: keep.then(|| pdu.to_vec().into_boxed_slice()),
        },
        _ => Nas::Other,
    }
}

fn private(pm: &keyhop_codec::ap::PrivateMessage<'_, MakrPrivateIe<'_>>) -> Option<Kind> {
    let ie = pm.ies.first()?;
    let PrivateValue::Typed(v) = &ie.value else {
        return None;
    };
    Some(match v {
        MakrPrivateIe::KeyDistribution(k) => Kind::KeyDistribution {
            items: k
                .keys
                .iter()
                .map(|i| KdItem {
                    enb: makr_identity(&i.enb_identity),
                    key_id: i.key_id,
                    key: SecretKey::from_slice(i.mme_enb_key.expose()),
                })
                .collect(),
        },
        MakrPrivateIe::NeighbourKeyRequest(r) => Kind::NeighbourKeyRequest {
            mme: r.mme_ue_s1ap_id,
            enb: r.enb_ue_s1ap_id,
            serving: makr_identity(&r.serving_enb),
            neighbours: r.neighbours.iter().filter_map(makr_identity).collect(),
        },
        MakrPrivateIe::NeighbourKeyResponse(r) => Kind::NeighbourKeyResponse {
            mme: r.mme_ue_s1ap_id,
            enb: r.enb_ue_s1ap_id,
            refresh: r.refresh_counter,
            kdf: kdf_alg(r.kdf),
            items: r.wrapped_keys.iter().map(wrapped).collect(),
        },
    })
}

fn x2ap(p: &keyhop_codec::x2ap::X2apPdu<'_>) -> Option<Kind> {
    let pdu_type = p.pdu_type?;
    let ies = p.ies()?;
    let old = || match ies.get(x2id::OLD_ENB_UE_X2AP_ID) {
        Some(X2apIe::OldEnbUeX2apId(v)) => Some(v.0 as u16),
        _ => None,
    };
    let new = || match ies.get(x2id::NEW_ENB_UE_X2AP_ID) {
        Some(X2apIe::NewEnbUeX2apId(v)) => Some(v.0 as u16),
        _ => None,
    };
    Some(match (p.procedure_code, pdu_type) {
        (0, PduType::InitiatingMessage) => {
            let Some(X2apIe::UeContextInformation(ctx)) = ies.get(x2id::UE_CONTEXT_INFORMATION)
            else {
                return None;
            };
            let Some(X2apIe::TargetCellId(t)) = ies.get(x2id::TARGET_CELL_ID) else {
                return None;
            };
            let asi = &ctx.as_security_information;
            let caps = &ctx.ue_security_capabilities;
            Kind::X2HoRequest {
                old: old()?,
                mme: ctx.mme_ue_s1ap_id.0 as u32,
                target: Ecgi {
                    plmn: plmn3(t.plmn_identity.as_bytes()),
                    cell_id: t.cell_id.0 as u32,
                },
                kenb_star: key32(asi.key_enodeb_star.0.expose()),
                ncc: asi.next_hop_chaining_count.0 as u8,
                caps: Some(Caps::from_ap(
                    caps.encryption_algorithms.value.as_bytes(),
                    caps.integrity_protection_algorithms.value.as_bytes(),
                )),
                wrapped: match ies.get(x2id::WRAPPED_KENB) {
                    Some(X2apIe::WrappedKenb(w)) => Some(Box::new(WrappedKenb {
                        refresh: w.refresh_counter,
                        kdf: kdf_alg(w.kdf),
                        item: wrapped(&w.key),
                    })),
                    _ => None,
                },
                source_earfcn: keyhop_codec::rrc::handover_preparation_source(
                    ctx.rrc_context.as_bytes(),
                )
                .ok()
                .and_then(|s| s.dl_earfcn),
            }
        }
        (0, PduType::SuccessfulOutcome) => Kind::X2HoRequestAck {
            old: old()?,
            new: new()?,
            target_cell: match ies.get(x2id::TARGET_ENB_TO_SOURCE_ENB_TRANSPARENT_CONTAINER) {
                // X2AP's container is the RRC HandoverCommand itself (TS 36.423).
                Some(X2apIe::TargetEnbToSourceEnbTransparentContainer(c)) => {
                    rrc_target(c.as_bytes())
                }
                _ => None,
            },
        },
        (0, PduType::UnsuccessfulOutcome) => Kind::X2HoPreparationFailure { old: old()? },
        (1, _) => Kind::X2HoCancel { old: old()? },
        (5, _) => Kind::X2UeContextRelease {
            old: old()?,
            new: new()?,
        },
        (6, _) | (8, PduType::InitiatingMessage) => {
            let v = keyhop_codec::x2ap::served_cells(p);
            Kind::X2Setup {
                name: None,
                enb: v
                    .global_enb_id
                    .and_then(|g| enb_identity(g.plmn_identity.as_bytes(), &g.enb_id)),
                cells: v
                    .cells
                    .iter()
                    .map(|c| {
                        let earfcn = match &c.eutra_mode_info {
                            keyhop_codec::x2ap::EutraModeInfo::Fdd(f) => f.dl_earfcn.0 as u32,
                            keyhop_codec::x2ap::EutraModeInfo::Tdd(t) => t.earfcn.0 as u32,
                            _ => u32::MAX,
                        };
                        (
                            Ecgi {
                                plmn: plmn3(c.cell_id.plmn_identity.as_bytes()),
                                cell_id: c.cell_id.cell_id.0 as u32,
                            },
                            c.pci.0 as u16,
                            earfcn,
                        )
                    })
                    .collect(),
            }
        }
        _ => return None,
    })
}

fn gtpv2_target(t: &gtpv2::TargetId<'_>) -> Target {
    use gtpv2::TargetId as T;
    let enb = |plmn: [u8; 3], kind, id| {
        EnbIdentity::new(plmn, kind, id)
            .map(Target::Enb)
            .unwrap_or(Target::Other)
    };
    match t {
        T::RncId {
            plmn,
            rnc_id,
            extended_rnc_id,
            ..
        } => Target::Rnc {
            plmn: plmn.0,
            rnc_id: extended_rnc_id.unwrap_or(*rnc_id) as u32,
        },
        T::MacroEnb { id, .. } => enb(id.plmn.0, EnbKind::Macro, id.enb_id()),
        T::HomeEnb { plmn, field, .. } => enb(plmn.0, EnbKind::Home, field & 0x0fff_ffff),
        T::ExtendedMacroEnb { id, .. } => enb(
            id.plmn.0,
            if id.smenb() {
                EnbKind::ShortMacro
            } else {
                EnbKind::LongMacro
            },
            id.enb_id(),
        ),
        _ => Target::Other,
    }
}

fn mm_v2(m: &gtpv2::MmContext<'_>) -> MmSummary {
    let form = match m.form {
        MmContextForm::EpsSecurityContextQuadruplets => MmForm::Eps,
        MmContextForm::GsmKeyTriplets | MmContextForm::GsmKeyUsedCipherQuintuplets => MmForm::Gsm,
        _ => MmForm::Umts,
    };
    MmSummary {
        form,
        kasme: m.kasme.as_ref().map(|k| key32(k.expose())),
        nh: m.nh.as_ref().map(|k| key32(k.expose())),
        ncc: m.ncc,
        ck: m.ck.as_ref().map(|k| key16(k.expose())),
        ik: m.ik.as_ref().map(|k| key16(k.expose())),
        nas_dl_count: m.nas_downlink_count,
        nas_ul_count: m.nas_uplink_count,
        nas_algs: (form == MmForm::Eps)
            .then_some((m.nas_ciphering_algorithm, m.nas_integrity_algorithm)),
        caps: Caps::from_nas(m.ue_network_capability.as_bytes()),
    }
}

fn gtpv2(m: &gtpv2::Gtpv2Message<'_>) -> Option<Kind> {
    let teid = m.teid.unwrap_or(0);
    let imsi = || m.imsi().and_then(Imsi::parse);
    let sender_teid = || m.f_teid(0).map(|f| f.teid);
    let sender = || {
        m.f_teid(0).map(|f| Peer {
            iface: f.interface_type,
            v4: f.ipv4,
            v6: f.ipv6,
        })
    };
    Some(match m.message_type {
        V2::ForwardRelocationRequest => Kind::FwdRelocReq {
            ver: GtpVer::V2,
            seq: m.sequence,
            sender_teid: sender_teid(),
            sender: sender(),
            imsi: imsi(),
            mm: m.mm_context().map(mm_v2),
            target: m
                .target_identification()
                .map_or(Target::Other, gtpv2_target),
            // Instance 0: E-UTRAN, 1: UTRAN, 2: BSS transparent container (TS 29.274).
            container: (0..3)
                .find_map(|i| m.f_container(i))
                .map(|c| container_hash(c.container.as_bytes())),
        },
        V2::ForwardRelocationResponse => Kind::FwdRelocResp {
            ver: GtpVer::V2,
            seq: m.sequence,
            teid,
            sender_teid: sender_teid(),
            sender: sender(),
            accepted: m.cause().is_some_and(|c| (16..=63).contains(&c.value)),
        },
        V2::ForwardRelocationCompleteNotification => Kind::FwdRelocComplete {
            teid,
            seq: m.sequence,
        },
        V2::ForwardRelocationCompleteAcknowledge => Kind::FwdRelocCompleteAck {
            teid,
            seq: m.sequence,
        },
        V2::RelocationCancelRequest => Kind::RelocCancel { teid, imsi: imsi() },
        V2::CreateSessionRequest => Kind::CreateSession {
            imsi: imsi(),
            carries_keys: m
                .ies
                .iter()
                .any(|ie| matches!(ie.value, IeValue::MmContext(_))),
        },
        V2::ModifyBearerRequest => Kind::ModifyBearer { teid },
        _ => return None,
    })
}

fn gtpv1(m: &keyhop_codec::gtpv1::Message<'_>) -> Option<Kind> {
    use keyhop_codec::gtpv1::Ie;
    let teid = m.header.teid;
    let seq = m.header.sequence_number as u32;
    let sender_teid = || {
        m.ies.iter().find_map(|ie| match ie {
            Ie::TeidControlPlane(t) => Some(*t),
            _ => None,
        })
    };
    Some(match m.message_type() {
        V1::ForwardRelocationRequest => Kind::FwdRelocReq {
            ver: GtpVer::V1,
            seq,
            sender_teid: sender_teid(),
            sender: None,
            imsi: m.imsi().and_then(|i| Imsi::parse(&i.digits())),
            mm: m.mm_context().map(|c| MmSummary {
                form: if c.ck().is_some() {
                    MmForm::Umts
                } else {
                    MmForm::Gsm
                },
                kasme: None,
                nh: None,
                ncc: 0,
                ck: c.ck().map(|k| key16(k.expose())),
                ik: c.ik().map(|k| key16(k.expose())),
                nas_dl_count: None,
                nas_ul_count: None,
                nas_algs: None,
                caps: None,
            }),
            target: m
                .ies
                .iter()
                .find_map(|ie| match ie {
                    Ie::TargetIdentification(t) => Some(Target::Rnc {
                        plmn: t.rai.plmn,
                        rnc_id: t.extended_rnc_id.unwrap_or(t.rnc_id) as u32,
                    }),
                    _ => None,
                })
                .unwrap_or(Target::Other),
            container: m.ies.iter().find_map(|ie| match ie {
                Ie::UtranTransparentContainer(c) => Some(container_hash(c.as_bytes())),
                _ => None,
            }),
        },
        V1::ForwardRelocationResponse => Kind::FwdRelocResp {
            ver: GtpVer::V1,
            seq,
            teid,
            sender_teid: sender_teid(),
            sender: None,
            accepted: m.cause().is_some_and(|c| c.0 == 128),
        },
        V1::ForwardRelocationComplete => Kind::FwdRelocComplete { teid, seq },
        V1::RelocationCancelRequest => Kind::RelocCancel {
            teid,
            imsi: m.imsi().and_then(|i| Imsi::parse(&i.digits())),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::CaptureReader;

    /// The prefilter ([`s1_relevant`]) and the extraction ([`s1ap`]) name the same messages by
    /// the same [`S1Proc`] enum: every message the extraction turns into an event passes the
    /// prefilter (random messages of every procedure and PDU type, mandatory IEs present).
    #[test]
    fn every_s1ap_message_read_passes_the_prefilter() {
        let mut rng = keyhop_codec::ap::common::Rng::new(11);
        let mut read = 0;
        for &p in S1Proc::KNOWN {
            for t in [
                PduType::InitiatingMessage,
                PduType::SuccessfulOutcome,
                PduType::UnsuccessfulOutcome,
            ] {
                let Some(name) = p.message_name(t) else {
                    continue;
                };
                for _ in 0..8 {
                    let Some(pdu) = keyhop_codec::s1ap::sample_message(name, &mut rng) else {
                        break;
                    };
                    if s1ap(&pdu, false).is_some() {
                        read += 1;
                        assert!(s1_relevant(p.value(), t), "{name} is read but filtered out");
                    }
                }
            }
        }
        // HandoverRequired ... DownlinkNASTransport: the rules' S1AP messages.
        assert!(read >= 8 * 15, "only {read} messages made events");
    }

    /// What the full decoder makes of a payload: the event, or the error text.
    fn full(app: AppProto, data: &[u8]) -> Result<Option<Kind>, String> {
        Decoded::decode(app, data)
            .map(|d| extract(&d, true))
            .map_err(|e| e.to_string())
    }

    fn lazy(app: AppProto, data: &[u8]) -> Result<Option<Kind>, String> {
        decode(app, data)
            .map(|d| extract(&d, true))
            .map_err(|e| e.to_string())
    }

    /// Every S1AP/X2AP message of the samples, whole, cut at every length and with single bits
    /// flipped: the partial decoding gives the event or the error the full decoder gives.
    #[test]
    fn partial_decoding_equals_full_decoding() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .chain(std::fs::read_dir(dir.join("violations")).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "pcapng"))
            .collect();
        files.sort();
        let (mut messages, mut variants, mut unread_damage) = (0, 0, 0);
        for f in files {
            let mut reader = CaptureReader::open(&f).unwrap();
            while let Some(frame) = reader.next_frame() {
                let frame = frame.unwrap();
                for p in frame.payloads() {
                    if !matches!(p.app, AppProto::S1ap | AppProto::X2ap) || !relevant(p.app, p.data)
                    {
                        continue;
                    }
                    messages += 1;
                    let read = match p.app {
                        AppProto::S1ap => s1_ie_read,
                        _ => x2_ie_read,
                    };
                    let mut check = |d: &[u8]| {
                        variants += 1;
                        let (l, r) = (lazy(p.app, d), full(p.app, d));
                        match (&l, &r) {
                            // Damage inside an IE no rule reads: that IE is not decoded.
                            (Ok(_), Err(e)) => {
                                let id = damaged_ie(p.app, d, e);
                                assert!(id.is_some_and(|id| !read(id)), "{e} {d:02x?}");
                                unread_damage += 1;
                            }
                            _ => assert_eq!(l, r, "{} {:02x?}", f.display(), d),
                        }
                    };
                    check(p.data);
                    for n in 0..p.data.len() {
                        check(&p.data[..n]);
                    }
                    let mut d = p.data.to_vec();
                    for i in 0..d.len() {
                        for bit in [0x80u8, 0x04, 0x01] {
                            d[i] ^= bit;
                            check(&d);
                            d[i] ^= bit;
                        }
                    }
                }
            }
        }
        assert!(messages > 100, "{messages} messages");
        assert!(variants > 10 * messages);
        assert!(
            unread_damage > 0 && unread_damage < variants / 4,
            "{unread_damage}"
        );
    }

    /// The id of the IE a full decoder's error names (`protocol_ies[i]`), from the codec's lazy
    /// reading of `d` (which the damage left intact, as the partial decoding got past it).
    fn damaged_ie(app: AppProto, d: &[u8], e: &str) -> Option<u16> {
        let i: usize = e
            .split("protocol_ies[")
            .nth(1)?
            .split(']')
            .next()?
            .parse()
            .ok()?;
        let lazy = match app {
            AppProto::S1ap => LazyPdu::decode::<keyhop_codec::s1ap::S1ap, S1apIe<'_>>(d),
            _ => LazyPdu::decode::<keyhop_codec::x2ap::X2ap, X2apIe<'_>>(d),
        };
        Some(lazy.ok()?.ies?.get(i)?.id)
    }
}
