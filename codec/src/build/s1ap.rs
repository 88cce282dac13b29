//! Builders of S1AP (TS 36.413) messages and the IE values of the handover procedures.
//!
//! ```
//! use keyhop_codec::build::s1ap as b;
//! use keyhop_codec::s1ap::{self, id, HandoverType, S1apIe};
//!
//! let rrc = [0x0a, 0x10]; // an RRC HandoverPreparationInformation (rrc::build writes real ones)
//! let plmn = [0x00, 0xf1, 0x10];
//! let container = b::source_to_target_container(&rrc, plmn, 0x1a2b301, 0x1a2b401, 30)?;
//! let mut ies = b::ue_ids(1001, 7);
//! ies.push((id::HANDOVER_TYPE, b::ie(S1apIe::HandoverType(HandoverType::Intralte))));
//! ies.push((id::TARGET_ID, b::ie(S1apIe::TargetId(Box::new(b::target_enb(plmn, 0x1a2b3, 7))))));
//! ies.push((id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER,
//!           b::octets_ie(id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER, &container).unwrap()));
//! let pdu = b::message("HandoverRequired", ies).expect("a message of S1AP");
//! let bytes = s1ap::encode(&pdu)?;
//! assert_eq!(s1ap::decode(&bytes)?, pdu);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{ecgi, key_bits, macro_enb_id, tai};
use crate::ap::common::{Aper, Int};
use crate::ap::{Body, Criticality, ExtensionAdditions, IeList, IeMessage, IeValue, Pdu, PduType};
use crate::ap::{IeSet, ProtocolIe};
use crate::error::{EncodeResult, Protocol};
use crate::per::{Index, PerWriter, SizeConstraint};
use crate::s1ap::{self, id, S1apIe, S1apPdu};
use crate::security::Key256;
use crate::Octets;

/// An S1AP IE list entry: the IE id and its value.
pub type Ie = (u16, IeValue<'static, S1apIe<'static>>);

/// A typed S1AP IE value.
///
/// ```
/// use keyhop_codec::s1ap::S1apIe;
/// let v = keyhop_codec::build::s1ap::ie(S1apIe::MmeUeS1apId(keyhop_codec::build::int(5)));
/// assert!(matches!(v, keyhop_codec::ap::IeValue::Typed(_)));
/// ```
pub fn ie(v: S1apIe<'static>) -> IeValue<'static, S1apIe<'static>> {
    IeValue::Typed(v)
}

/// The value of IE `id` whose type is an OCTET STRING (NAS-PDU, the transparent containers...);
/// `None` if IE `id` has another type.
///
/// ```
/// use keyhop_codec::build::s1ap::octets_ie;
/// use keyhop_codec::s1ap::id;
/// assert!(octets_ie(id::NAS_PDU, &[0x07, 0x41]).is_some());
/// assert!(octets_ie(id::MME_UE_S1AP_ID, &[1]).is_none());
/// ```
pub fn octets_ie(id: u16, bytes: &[u8]) -> Option<IeValue<'static, S1apIe<'static>>> {
    S1apIe::from_octets(id, Octets::owned(bytes.to_vec())).map(IeValue::Typed)
}

/// The MME-UE-S1AP-ID and eNB-UE-S1AP-ID IEs that open a UE-associated message, in that order.
///
/// ```
/// let ies = keyhop_codec::build::s1ap::ue_ids(1001, 7);
/// assert_eq!(ies.len(), 2);
/// ```
pub fn ue_ids(mme_ue_s1ap_id: u32, enb_ue_s1ap_id: u32) -> Vec<Ie> {
    vec![
        (
            id::MME_UE_S1AP_ID,
            ie(S1apIe::MmeUeS1apId(Int(i64::from(mme_ue_s1ap_id)))),
        ),
        (
            id::ENB_UE_S1AP_ID,
            ie(S1apIe::EnbUeS1apId(Int(i64::from(enb_ue_s1ap_id)))),
        ),
    ]
}

/// The procedure code and PDU type of message `name`, from the protocol's message table.
pub(crate) fn procedure_of(
    name: &str,
    known: impl Fn(u8, PduType) -> Option<&'static str>,
) -> Option<(u8, PduType)> {
    (0u8..=255).find_map(|c| {
        [
            PduType::InitiatingMessage,
            PduType::SuccessfulOutcome,
            PduType::UnsuccessfulOutcome,
        ]
        .into_iter()
        .find(|t| known(c, *t) == Some(name))
        .map(|t| (c, t))
    })
}

/// A PDU of `ies` in the given order, each with the criticality `spec` gives its id (else
/// ignore).
pub(crate) fn ies_pdu<V: IeSet<'static>, P>(
    code: u8,
    pdu_type: PduType,
    procedure: Criticality,
    spec: impl Fn(u16) -> Option<Criticality>,
    ies: Vec<(u16, IeValue<'static, V>)>,
) -> Pdu<'static, V, P> {
    let items = ies
        .into_iter()
        .map(|(id, value)| ProtocolIe {
            id,
            criticality: spec(id).unwrap_or(Criticality::Ignore),
            value,
            wire: None,
        })
        .collect();
    Pdu {
        pdu_type: Some(pdu_type),
        ext_index: 0,
        procedure_code: code,
        criticality: procedure,
        body: Body::Ies(IeMessage::new(IeList { items })),
        notes: Vec::new(),
    }
}

/// The S1AP message `name` (its ASN.1 name, `HandoverRequest`) holding `ies` in the given
/// order, each IE with the criticality the message's ASN.1 gives it (ignore for an IE the
/// message does not list). `None` if `name` is not an S1AP message or a typed value belongs to
/// another IE id than the one it is listed under (it would not decode back to itself).
///
/// ```
/// use keyhop_codec::build::s1ap::{message, ue_ids};
/// let pdu = message("HandoverNotify", ue_ids(1, 2)).unwrap();
/// assert_eq!(pdu.procedure_code, 2);
/// assert!(message("NoSuchMessage", Vec::new()).is_none());
/// ```
pub fn message(name: &str, ies: Vec<Ie>) -> Option<S1apPdu<'static>> {
    let consistent = ies.iter().all(|(id, v)| match v {
        IeValue::Typed(t) => t.id() == *id,
        _ => true,
    });
    if !consistent {
        return None;
    }
    let (code, pdu_type) = procedure_of(name, s1ap::message_name)?;
    let spec = s1ap::message_ies(name).unwrap_or(&[]);
    let criticality = |id: u16| spec.iter().find(|s| s.0 == id).map(|s| s.1);
    let procedure = s1ap::procedure_criticality(code)?;
    Some(ies_pdu(code, pdu_type, procedure, criticality, ies))
}

/// Security Context (TS 36.413 9.2.1.26): {NCC, NH} (NCC is 3 bits: only its low bits count).
///
/// ```
/// use keyhop_codec::security::Key256;
/// let c = keyhop_codec::build::s1ap::security_context(2, &Key256::new([1; 32]));
/// assert_eq!(c.next_hop_chaining_count.0, 2);
/// ```
pub fn security_context(ncc: u8, nh: &Key256) -> s1ap::SecurityContext<'static> {
    s1ap::SecurityContext {
        next_hop_chaining_count: Int(i64::from(ncc & 7)),
        next_hop_parameter: key_bits(nh),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// Target ID (TS 36.413 9.2.1.6) of an intra-LTE handover: the target macro eNB's Global eNB
/// ID and the selected TAI, both in `plmn`.
///
/// ```
/// use keyhop_codec::s1ap::TargetId;
/// let t = keyhop_codec::build::s1ap::target_enb([0x00, 0xf1, 0x10], 0x1a2b3, 7);
/// assert!(matches!(t, TargetId::TargetEnbId(_)));
/// ```
pub fn target_enb(plmn: [u8; 3], enb_id: u32, tac: u16) -> s1ap::TargetId<'static> {
    s1ap::TargetId::TargetEnbId(s1ap::TargetEnbId {
        global_enb_id: macro_enb_id(plmn, enb_id),
        selected_tai: tai(plmn, tac),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    })
}

/// UE S1AP IDs (TS 36.413 9.2.3.18): the pair of both ids.
///
/// ```
/// use keyhop_codec::s1ap::UeS1apIds;
/// let ids = keyhop_codec::build::s1ap::ue_s1ap_ids(1001, 7);
/// assert!(matches!(ids, UeS1apIds::UeS1apIdPair(p) if p.enb_ue_s1ap_id.0 == 7));
/// ```
pub fn ue_s1ap_ids(mme_ue_s1ap_id: u32, enb_ue_s1ap_id: u32) -> s1ap::UeS1apIds<'static> {
    s1ap::UeS1apIds::UeS1apIdPair(s1ap::UeS1apIdPair {
        mme_ue_s1ap_id: Int(i64::from(mme_ue_s1ap_id)),
        enb_ue_s1ap_id: Int(i64::from(enb_ue_s1ap_id)),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    })
}

/// COUNT Value (TS 36.413 9.2.1.32) of a 32-bit PDCP COUNT: the 12-bit PDCP SN and the HFN.
///
/// ```
/// let c = keyhop_codec::build::s1ap::count_value(0x1005);
/// assert_eq!((c.pdcp_sn.0, c.hfn.0), (5, 1));
/// ```
pub fn count_value(count: u32) -> s1ap::CountValue<'static> {
    s1ap::CountValue {
        pdcp_sn: Int(i64::from(count & 0xfff)),
        hfn: Int(i64::from(count >> 12)),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// The APER encoding of an unconstrained OCTET STRING (the value octets of a container IE
/// kept raw).
///
/// ```
/// assert_eq!(keyhop_codec::build::s1ap::aper_octet_string(&[1, 2]), [2, 1, 2]);
/// ```
pub fn aper_octet_string(bytes: &[u8]) -> Vec<u8> {
    let mut w = PerWriter::new(Protocol::S1ap);
    // An unconstrained length always encodes (a length past 16K is fragmented).
    let _ = w.octet_string(bytes, SizeConstraint::unconstrained());
    w.into_bytes()
}

/// Source eNB to Target eNB Transparent Container (TS 36.413 9.2.1.56), APER: the RRC
/// HandoverPreparationInformation `rrc`, the target cell `target_eci` and a UE history of one
/// E-UTRAN cell, the source `source_eci`, where the UE stayed `stayed_s` seconds (at most 4095),
/// all cells in `plmn` and of medium size.
///
/// ```
/// let c = keyhop_codec::build::s1ap::source_to_target_container(
///     &[0x0a, 0x10], [0x00, 0xf1, 0x10], 0x1a2b301, 0x1a2b401, 30)?;
/// assert_eq!(&c[..3], &[0x00, 0x02, 0x0a]);
/// # Ok::<(), keyhop_codec::EncodeError>(())
/// ```
pub fn source_to_target_container(
    rrc: &[u8],
    plmn: [u8; 3],
    target_eci: u32,
    source_eci: u32,
    stayed_s: u16,
) -> EncodeResult<Vec<u8>> {
    let mut w = PerWriter::new(Protocol::S1ap);
    // Extensible; OPTIONAL e-RABInformationList, subscriberProfileIDforRFP, iE-Extensions.
    w.sequence_preamble(true, false, &[false, false, false]);
    w.octet_string(rrc, SizeConstraint::unconstrained())?;
    ecgi::<S1apIe>(plmn, target_eci).encode(&mut w)?;
    // UE-HistoryInformation (SIZE (1..16)) OF LastVisitedCell-Item, one e-UTRAN-Cell.
    w.sequence_of_len(1, SizeConstraint::range(1, 16))?;
    w.choice(Index::Root(0), 3, true)?;
    w.sequence_preamble(true, false, &[false]);
    ecgi::<S1apIe>(plmn, source_eci).encode(&mut w)?;
    // CellType { cell-Size ENUMERATED {verysmall, small, medium, large, ...} }: medium.
    w.sequence_preamble(true, false, &[false]);
    w.enumerated(Index::Root(2), 4, true)?;
    w.constrained_whole(i64::from(stayed_s.min(4095)), 0, 4095)?;
    Ok(w.into_bytes())
}

/// Target eNB to Source eNB Transparent Container (TS 36.413 9.2.1.57), APER: the RRC
/// HandoverCommand `rrc`.
///
/// ```
/// let c = keyhop_codec::build::s1ap::target_to_source_container(&[0x01, 0x02])?;
/// assert_eq!(c, [0x00, 0x02, 0x01, 0x02]);
/// # Ok::<(), keyhop_codec::EncodeError>(())
/// ```
pub fn target_to_source_container(rrc: &[u8]) -> EncodeResult<Vec<u8>> {
    let mut w = PerWriter::new(Protocol::S1ap);
    w.sequence_preamble(true, false, &[false]);
    w.octet_string(rrc, SizeConstraint::unconstrained())?;
    Ok(w.into_bytes())
}

/// eNB Status Transfer Transparent Container (TS 36.413 9.2.1.31): for each E-RAB of
/// `erab_ids`, the uplink and downlink PDCP COUNTs `ul` and `dl` (no receive status).
///
/// ```
/// let c = keyhop_codec::build::s1ap::status_transfer(&[5, 6], 0x1005, 0x2007);
/// assert_eq!(c.bearers_subject_to_status_transfer_list.items.len(), 2);
/// ```
pub fn status_transfer(
    erab_ids: &[u8],
    ul: u32,
    dl: u32,
) -> s1ap::EnbStatusTransferTransparentContainer<'static> {
    s1ap::EnbStatusTransferTransparentContainer {
        bearers_subject_to_status_transfer_list: crate::ap::common::ItemList::new(
            erab_ids
                .iter()
                .map(|&e| crate::ap::common::Item::Typed {
                    criticality: Criticality::Ignore,
                    value: s1ap::BearersSubjectToStatusTransferItem {
                        e_rab_id: Int(i64::from(e)),
                        ul_count_value: count_value(ul),
                        dl_count_value: count_value(dl),
                        receive_statusof_ul_pdcp_sdus: None,
                        ie_extensions: None,
                        extension_additions: ExtensionAdditions::default(),
                    },
                })
                .collect(),
        ),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}
