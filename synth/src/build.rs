//! Realistic S1AP / X2AP values and messages shared by the sample flows.
//!
//! Every value is built field by field from the typed structs of `keyhop_codec` (never patched
//! from random samples), with the identities of one synthetic network: PLMN 001/01, one MME
//! group, macro eNBs whose cell identities are `eNB-ID << 8 | cell`, FDD band 3 / band 7 cells.
//! NAS messages are encoded octet by octet after TS 24.301 and protected with
//! [`NasKeys::protect`], so that a dissector decodes them as a UE and an MME would.
//!
//! Each procedure family module (s1, x2, makr, gtp) takes what it needs; not every builder is
//! used by every module.
#![allow(dead_code)]

use keyhop::capture::synth::{Chunk, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use keyhop_codec::ap::common::PrintableStr;
use keyhop_codec::ap::common::{
    Ecgi, GlobalEnbId, Int, Item, ItemList, KeyBits, OctetStr, SeqOf, Tai, UeSecurityCapabilities,
};
use keyhop_codec::ap::{Criticality, ExtensionAdditions, IeValue};
use keyhop_codec::nas::{NasCount, NasKeys};
use keyhop_codec::rrc;
use keyhop_codec::s1ap::{self, S1apIe, S1apPdu};
use keyhop_codec::security::{Direction, Key256};
use keyhop_codec::x2ap::{self, X2apIe, X2apPdu};
use keyhop_codec::Octets;
use std::borrow::Cow;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

// The codec's builders (keyhop_codec::build) under the names the flows use; the functions
// below bind them to this network's identities.
pub use b::s1ap::{ie as s1, security_context, ue_s1ap_ids};
pub use b::x2ap::ie as x2;
pub use b::{key_bits, teid, transport_address, zero_key_bits};
use keyhop_codec::build as b;

/// PLMN 001/01 as TBCD: MCC digits 0 0 1, MNC 0 1 with the filler F.
pub const PLMN: [u8; 3] = [0x00, 0xf1, 0x10];
/// MME group id and code of the one MME.
pub const MME_GROUP_ID: [u8; 2] = [0x80, 0x01];
/// MME code.
pub const MME_CODE: u8 = 0x1a;

/// One E-UTRAN cell: the identities a handover names and KeNB* depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// Macro eNB id (20 bits).
    pub enb_id: u32,
    /// Cell index inside the eNB (the low 8 bits of the cell identity).
    pub cell: u8,
    /// Physical cell id 0..=503.
    pub pci: u16,
    /// Downlink EARFCN.
    pub earfcn_dl: u32,
    /// Uplink EARFCN.
    pub earfcn_ul: u32,
    /// Tracking area code.
    pub tac: u16,
}

impl Cell {
    /// The 28-bit E-UTRAN cell identity.
    pub fn eci(&self) -> u32 {
        (self.enb_id << 8) | self.cell as u32
    }
}

/// One E-RAB of a UE: QCI, the S-GW's uplink tunnel and the eNB's downlink tunnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bearer {
    /// E-RAB id (EPS bearer id 5..15).
    pub id: u8,
    /// QCI.
    pub qci: u8,
    /// S-GW S1-U address.
    pub sgw: IpAddr,
    /// S-GW uplink TEID.
    pub ul_teid: u32,
    /// eNB S1-U address.
    pub enb: IpAddr,
    /// eNB downlink TEID.
    pub dl_teid: u32,
}

// ------------------------------------------------------------------------------------------
// Shared identities

/// The PLMN identity IE value of the synthetic network.
pub fn plmn() -> OctetStr<'static, 3, 3, false> {
    b::plmn(PLMN)
}

/// TAI of `tac` in the PLMN.
pub fn tai<X>(tac: u16) -> Tai<'static, X> {
    b::tai(PLMN, tac)
}

/// E-UTRAN CGI of `cell`.
pub fn ecgi<X>(cell: &Cell) -> Ecgi<'static, X> {
    b::ecgi(PLMN, cell.eci())
}

/// Global eNB ID of a macro eNB.
pub fn global_enb_id<X>(enb_id: u32) -> GlobalEnbId<'static, X> {
    b::macro_enb_id(PLMN, enb_id)
}

/// UE security capabilities: 128-EEA1/EEA2 and 128-EIA1/EIA2 (bit 1 is the leftmost).
pub fn ue_security_capabilities<X>() -> UeSecurityCapabilities<'static, X> {
    b::ue_security_capabilities(0xc000, 0xc000)
}

// ------------------------------------------------------------------------------------------
// S1AP values

/// The value of S1AP IE `id` whose value is an OCTET STRING (NAS-PDU, the transparent
/// containers...).
pub fn s1_octets(id: u16, bytes: &[u8]) -> IeValue<'static, S1apIe<'static>> {
    b::s1ap::octets_ie(id, bytes).expect("an OCTET STRING IE")
}

/// An S1AP message `name` holding `ies` in the given order; each IE gets the criticality the
/// message's ASN.1 gives it.
pub fn s1ap_message(
    name: &str,
    ies: Vec<(u16, IeValue<'static, S1apIe<'static>>)>,
) -> S1apPdu<'static> {
    b::s1ap::message(name, ies)
        .unwrap_or_else(|| panic!("{name}: an S1AP message, each IE under its own id"))
}

/// S1AP IE ids used by the flows (TS 36.413 clause 9.4).
pub use keyhop_codec::s1ap::id as s1id;

/// SupportedTAs of an eNB: one TAC broadcast in the PLMN.
pub fn supported_tas(tac: u16) -> s1ap::SupportedTas<'static> {
    SeqOf(vec![s1ap::SupportedTasItem {
        tac: OctetStr(Octets::owned(tac.to_be_bytes().to_vec())),
        broadcast_plmns: SeqOf(vec![plmn()]),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }])
}

/// ServedGUMMEIs of the MME.
pub fn served_gummeis() -> s1ap::ServedGummeis<'static> {
    SeqOf(vec![s1ap::ServedGummeisItem {
        served_plmns: SeqOf(vec![plmn()]),
        served_group_ids: SeqOf(vec![OctetStr(Octets::owned(MME_GROUP_ID.to_vec()))]),
        served_mmecs: SeqOf(vec![OctetStr(Octets::owned(vec![MME_CODE]))]),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }])
}

/// GUMMEI of the MME.
pub fn gummei() -> s1ap::Gummei<'static> {
    s1ap::Gummei {
        plmn_identity: plmn(),
        mme_group_id: OctetStr(Octets::owned(MME_GROUP_ID.to_vec())),
        mme_code: OctetStr(Octets::owned(vec![MME_CODE])),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// UE-AMBR: 100 Mbit/s down, 50 Mbit/s up.
pub fn ue_ambr() -> s1ap::UeAggregateMaximumBitrate<'static> {
    s1ap::UeAggregateMaximumBitrate {
        ue_aggregate_maximum_bit_rate_dl: Int(100_000_000),
        ue_aggregate_maximum_bit_rate_ul: Int(50_000_000),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// E-RAB level QoS: the bearer's QCI, ARP priority 9, no pre-emption (non-GBR).
pub fn qos(qci: u8) -> s1ap::ERabLevelQosParameters<'static> {
    s1ap::ERabLevelQosParameters {
        qci: Int(qci as i64),
        allocation_retention_priority: s1ap::AllocationAndRetentionPriority {
            priority_level: Int(9),
            pre_emption_capability: s1ap::PreEmptionCapability::ShallNotTriggerPreEmption,
            pre_emption_vulnerability: s1ap::PreEmptionVulnerability::PreEmptable,
            ie_extensions: None,
            extension_additions: ExtensionAdditions::default(),
        },
        gbr_qos_information: None,
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

fn item<T>(value: T, criticality: Criticality) -> Item<'static, T> {
    Item::Typed { criticality, value }
}

/// E-RABToBeSetupListCtxtSUReq: each bearer with the S-GW uplink tunnel; the first carries
/// `nas` (the Attach Accept) if given.
pub fn erabs_ctxt_su_req(
    bearers: &[Bearer],
    nas: Option<Vec<u8>>,
) -> s1ap::ERabToBeSetupListCtxtSuReq<'static> {
    let mut nas = nas;
    ItemList::new(
        bearers
            .iter()
            .map(|b| {
                item(
                    s1ap::ERabToBeSetupItemCtxtSuReq {
                        e_rab_id: Int(b.id as i64),
                        e_rab_level_qos_parameters: qos(b.qci),
                        transport_layer_address: transport_address(b.sgw),
                        gtp_teid: teid(b.ul_teid),
                        nas_pdu: nas.take().map(|n| OctetStr(Octets::owned(n))),
                        ie_extensions: None,
                        extension_additions: ExtensionAdditions::default(),
                    },
                    Criticality::Reject,
                )
            })
            .collect(),
    )
}

/// E-RABSetupListCtxtSURes: the eNB's downlink tunnels.
pub fn erabs_ctxt_su_res(bearers: &[Bearer]) -> s1ap::ERabSetupListCtxtSuRes<'static> {
    ItemList::new(
        bearers
            .iter()
            .map(|b| {
                item(
                    s1ap::ERabSetupItemCtxtSuRes {
                        e_rab_id: Int(b.id as i64),
                        transport_layer_address: transport_address(b.enb),
                        gtp_teid: teid(b.dl_teid),
                        ie_extensions: None,
                        extension_additions: ExtensionAdditions::default(),
                    },
                    Criticality::Ignore,
                )
            })
            .collect(),
    )
}

/// E-RABToBeSetupListHOReq: the S-GW uplink tunnels handed to the target.
pub fn erabs_ho_req(bearers: &[Bearer]) -> s1ap::ERabToBeSetupListHoReq<'static> {
    ItemList::new(
        bearers
            .iter()
            .map(|b| {
                item(
                    s1ap::ERabToBeSetupItemHoReq {
                        e_rab_id: Int(b.id as i64),
                        transport_layer_address: transport_address(b.sgw),
                        gtp_teid: teid(b.ul_teid),
                        e_rab_level_qos_parameters: qos(b.qci),
                        ie_extensions: None,
                        extension_additions: ExtensionAdditions::default(),
                    },
                    Criticality::Reject,
                )
            })
            .collect(),
    )
}

/// E-RABAdmittedList: the target eNB's downlink tunnels (and a forwarding tunnel).
pub fn erabs_admitted(bearers: &[Bearer]) -> s1ap::ERabAdmittedList<'static> {
    ItemList::new(
        bearers
            .iter()
            .map(|b| {
                item(
                    s1ap::ERabAdmittedItem {
                        e_rab_id: Int(b.id as i64),
                        transport_layer_address: transport_address(b.enb),
                        gtp_teid: teid(b.dl_teid),
                        dl_transport_layer_address: Some(transport_address(b.enb)),
                        dl_gtp_teid: Some(teid(b.dl_teid | 0x8000_0000)),
                        ul_transport_layer_address: None,
                        ul_gtp_teid: None,
                        ie_extensions: None,
                        extension_additions: ExtensionAdditions::default(),
                    },
                    Criticality::Ignore,
                )
            })
            .collect(),
    )
}

/// E-RABSubjecttoDataForwardingList of a HandoverCommand: the target's forwarding tunnels.
pub fn erabs_forwarding(bearers: &[Bearer]) -> s1ap::ERabSubjecttoDataForwardingList<'static> {
    ItemList::new(
        bearers
            .iter()
            .map(|b| {
                item(
                    s1ap::ERabDataForwardingItem {
                        e_rab_id: Int(b.id as i64),
                        dl_transport_layer_address: Some(transport_address(b.enb)),
                        dl_gtp_teid: Some(teid(b.dl_teid | 0x8000_0000)),
                        ul_transport_layer_address: None,
                        ul_gtp_teid: None,
                        ie_extensions: None,
                        extension_additions: ExtensionAdditions::default(),
                    },
                    Criticality::Ignore,
                )
            })
            .collect(),
    )
}

/// E-RABToBeSwitchedDLList of a PathSwitchRequest: the new eNB's downlink tunnels.
pub fn erabs_switched_dl(bearers: &[Bearer]) -> s1ap::ERabToBeSwitchedDlList<'static> {
    ItemList::new(
        bearers
            .iter()
            .map(|b| {
                item(
                    s1ap::ERabToBeSwitchedDlItem {
                        e_rab_id: Int(b.id as i64),
                        transport_layer_address: transport_address(b.enb),
                        gtp_teid: teid(b.dl_teid),
                        ie_extensions: None,
                        extension_additions: ExtensionAdditions::default(),
                    },
                    Criticality::Reject,
                )
            })
            .collect(),
    )
}

/// TargetID of an intra-LTE handover: the target's Global eNB ID and the selected TAI.
pub fn target_id(target: &Cell) -> s1ap::TargetId<'static> {
    b::s1ap::target_enb(PLMN, target.enb_id, target.tac)
}

/// A radio network cause.
pub fn cause(c: s1ap::CauseRadioNetwork) -> s1ap::Cause<'static> {
    s1ap::Cause::RadioNetwork(c)
}

/// ENB-StatusTransfer-TransparentContainer: UL and DL COUNTs per bearer.
pub fn status_transfer(
    bearers: &[Bearer],
    ul: u32,
    dl: u32,
) -> s1ap::EnbStatusTransferTransparentContainer<'static> {
    let ids: Vec<u8> = bearers.iter().map(|b| b.id).collect();
    b::s1ap::status_transfer(&ids, ul, dl)
}

/// Source eNB to Target eNB Transparent Container (TS 36.413 9.2.1.56), APER: the RRC
/// HandoverPreparationInformation, the target cell and the UE history (the source cell).
pub fn source_to_target_container(
    rrc: &[u8],
    target: &Cell,
    source: &Cell,
    stayed_s: u16,
) -> Vec<u8> {
    b::s1ap::source_to_target_container(rrc, PLMN, target.eci(), source.eci(), stayed_s)
        .expect("the container encodes")
}

/// Target eNB to Source eNB Transparent Container (TS 36.413 9.2.1.57), APER: the RRC
/// HandoverCommand.
pub fn target_to_source_container(rrc: &[u8]) -> Vec<u8> {
    b::s1ap::target_to_source_container(rrc).expect("the container encodes")
}

// ------------------------------------------------------------------------------------------
// X2AP values

/// An X2AP message `name` holding `ies` in order, criticalities from the ASN.1.
pub fn x2ap_message(
    name: &str,
    ies: Vec<(u16, IeValue<'static, X2apIe<'static>>)>,
) -> X2apPdu<'static> {
    b::x2ap::message(name, ies)
        .unwrap_or_else(|| panic!("{name}: an X2AP message, each IE under its own id"))
}

/// X2AP IE ids used by the flows (TS 36.423 clause 9.3.7).
pub use keyhop_codec::x2ap::id as x2id;

/// Served cell of X2 Setup: PCI, ECGI, TAC, PLMN, FDD EARFCNs, 20 MHz (bw100).
pub fn served_cell(cell: &Cell) -> x2ap::ServedCellsItem<'static> {
    b::x2ap::served_cell(
        PLMN,
        cell.pci,
        cell.eci(),
        cell.tac,
        cell.earfcn_ul,
        cell.earfcn_dl,
    )
}

/// GU Group Id of the MME pool.
pub fn x2_gu_group_id() -> x2ap::GuGroupId<'static> {
    x2ap::GuGroupId {
        plmn_identity: plmn(),
        mme_group_id: OctetStr(Octets::owned(MME_GROUP_ID.to_vec())),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// GUMMEI of the MME, X2AP form.
pub fn x2_gummei() -> x2ap::Gummei<'static> {
    x2ap::Gummei {
        gu_group_id: x2_gu_group_id(),
        mme_code: OctetStr(Octets::owned(vec![MME_CODE])),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// UE History Information: the source cell, `stayed_s` seconds.
pub fn x2_ue_history(
    source: &Cell,
    stayed_s: u16,
) -> SeqOf<x2ap::LastVisitedCellItem<'static>, 1, 16, false> {
    SeqOf(vec![x2ap::LastVisitedCellItem::EutranCell(
        x2ap::LastVisitedEutranCellInformation {
            global_cell_id: ecgi(source),
            cell_type: x2ap::CellType {
                cell_size: x2ap::CellSize::Medium,
                ie_extensions: None,
                extension_additions: ExtensionAdditions::default(),
            },
            time_ue_stayed_in_cell: Int(stayed_s.min(4095) as i64),
            ie_extensions: None,
            extension_additions: ExtensionAdditions::default(),
        },
    )])
}

/// UE Context Information of an X2 HandoverRequest: AS security {KeNB*, NCC}, bearers with
/// the S-GW uplink tunnels, and the RRC context (HandoverPreparationInformation).
pub fn x2_ue_context(
    mme_ue_s1ap_id: u32,
    key_enodeb_star: KeyBits<'static, 256>,
    ncc: u8,
    bearers: &[Bearer],
    rrc_context: &[u8],
) -> x2ap::UeContextInformation<'static> {
    let erabs: Vec<b::x2ap::ERab> = bearers
        .iter()
        .map(|b| b::x2ap::ERab {
            id: b.id,
            qci: b.qci,
            sgw: b.sgw,
            ul_teid: b.ul_teid,
        })
        .collect();
    b::x2ap::ue_context(mme_ue_s1ap_id, key_enodeb_star, ncc, &erabs, rrc_context)
}

/// E-RABs Admitted List of an X2 HandoverRequestAcknowledge: forwarding tunnels at the target.
pub fn x2_erabs_admitted(
    bearers: &[Bearer],
) -> ItemList<'static, X2apIe<'static>, x2ap::ERabsAdmittedItem<'static>, 0, 1, 256> {
    let erabs: Vec<(u8, IpAddr, u32)> = bearers
        .iter()
        .map(|b| (b.id, b.enb, b.dl_teid | 0x8000_0000))
        .collect();
    b::x2ap::erabs_admitted(&erabs)
}

/// E-RABs Subject To Status Transfer List of an X2 SNStatusTransfer.
pub fn x2_status_transfer(
    bearers: &[Bearer],
    ul: u32,
    dl: u32,
) -> ItemList<'static, X2apIe<'static>, x2ap::ERabsSubjectToStatusTransferItem<'static>, 19, 1, 256>
{
    let ids: Vec<u8> = bearers.iter().map(|b| b.id).collect();
    b::x2ap::sn_status_transfer(&ids, ul, dl)
}

// ------------------------------------------------------------------------------------------
// NAS (TS 24.301), plain EMM messages and their protected forms

/// EPS mobile identity value of an IMSI (odd digit count; TS 24.301 9.9.3.12).
pub fn imsi_identity(imsi: &str) -> Vec<u8> {
    let d: Vec<u8> = imsi.bytes().map(|b| b - b'0').collect();
    let odd = d.len() % 2 == 1;
    let mut v = vec![(d[0] << 4) | if odd { 0x08 } else { 0 } | 0x01];
    for pair in d[1..].chunks(2) {
        let hi = if pair.len() == 2 { pair[1] } else { 0x0f };
        v.push((hi << 4) | pair[0]);
    }
    v
}

/// UE network capability: EEA0-2 and EIA0-2 (TS 24.301 9.9.3.34).
const UE_NETWORK_CAPABILITY: [u8; 2] = [0xe0, 0xe0];

/// Attach Request (plain): EPS attach, no key, IMSI, the ESM PDN Connectivity Request.
pub fn attach_request(imsi: &str) -> Vec<u8> {
    let mut v = vec![0x07, 0x41, 0x71];
    let id = imsi_identity(imsi);
    v.push(id.len() as u8);
    v.extend(id);
    v.push(UE_NETWORK_CAPABILITY.len() as u8);
    v.extend(UE_NETWORK_CAPABILITY);
    // PDN Connectivity Request: EBI 0 / PD ESM, PTI 1, type 0xd0, request type initial,
    // PDN type IPv4.
    let esm = [0x02, 0x01, 0xd0, 0x11];
    v.extend((esm.len() as u16).to_be_bytes());
    v.extend(esm);
    v
}

/// Authentication Request (plain): KSI 0, RAND, AUTN.
pub fn authentication_request(rand: &[u8; 16], autn: &[u8; 16]) -> Vec<u8> {
    let mut v = vec![0x07, 0x52, 0x00];
    v.extend(rand);
    v.push(16);
    v.extend(autn);
    v
}

/// Authentication Response (plain): RES.
pub fn authentication_response(res: &[u8; 8]) -> Vec<u8> {
    let mut v = vec![0x07, 0x53, 8];
    v.extend(res);
    v
}

/// Security Mode Command (plain): EEA2/EIA2, KSI 0, the replayed UE capabilities.
pub fn security_mode_command() -> Vec<u8> {
    let mut v = vec![0x07, 0x5d, 0x22, 0x00, UE_NETWORK_CAPABILITY.len() as u8];
    v.extend(UE_NETWORK_CAPABILITY);
    v
}

/// Security Mode Complete (plain).
pub fn security_mode_complete() -> Vec<u8> {
    vec![0x07, 0x5e]
}

/// Attach Accept (plain): EPS only, T3412 54 min, TAI list of `tac`, the ESM Activate Default
/// EPS Bearer Context Request for bearer `ebi` (APN "internet", IPv4 `ue_ip`).
pub fn attach_accept(tac: u16, ebi: u8, ue_ip: [u8; 4]) -> Vec<u8> {
    let mut v = vec![0x07, 0x42, 0x01, 0x49];
    // TAI list: one PLMN, list of TACs, one element.
    let mut tai_list = vec![0x00];
    tai_list.extend(PLMN);
    tai_list.extend(tac.to_be_bytes());
    v.push(tai_list.len() as u8);
    v.extend(tai_list);
    let mut esm = vec![(ebi << 4) | 0x02, 0x01, 0xc1];
    esm.extend([0x01, 0x09]); // EPS QoS: QCI 9
    esm.extend([0x09, 0x08]); // APN: one label
    esm.extend(b"internet");
    esm.extend([0x05, 0x01]); // PDN address: IPv4
    esm.extend(ue_ip);
    v.extend((esm.len() as u16).to_be_bytes());
    v.extend(esm);
    v
}

/// Attach Complete (plain): the ESM Activate Default EPS Bearer Context Accept.
pub fn attach_complete(ebi: u8) -> Vec<u8> {
    let esm = [(ebi << 4) | 0x02, 0x00, 0xc2];
    let mut v = vec![0x07, 0x43];
    v.extend((esm.len() as u16).to_be_bytes());
    v.extend(esm);
    v
}

/// `plain` protected with the UE's NAS keys: header type 1-4, NAS COUNT, direction.
pub fn protect(keys: &NasKeys, header_type: u8, count: u32, uplink: bool, plain: &[u8]) -> Vec<u8> {
    keys.protect(
        keyhop_codec::nas::SecurityHeaderType::from_value(header_type),
        NasCount::from_value(count),
        if uplink {
            Direction::Uplink
        } else {
            Direction::Downlink
        },
        plain,
    )
    .expect("the NAS message protects")
}

// ------------------------------------------------------------------------------------------
// RRC inside the transparent containers

/// The source's HandoverPreparationInformation for a UE served by `source` with `c_rnti`.
pub fn rrc_preparation(source: &Cell, c_rnti: u16) -> Vec<u8> {
    rrc::build::handover_preparation_information(&rrc::build::SourceConfig {
        pci: source.pci,
        earfcn_dl: source.earfcn_dl,
        c_rnti,
        mcc: [0, 0, 1],
        mnc: vec![0, 1],
        tac: source.tac,
        cell_identity: source.eci(),
        band: band_of(source.earfcn_dl),
        short_mac_i: (source.eci() as u16) ^ c_rnti,
    })
    .expect("the source cell encodes")
}

/// The target's HandoverCommand sending the UE to `target` (carrierFreq only when the
/// frequency changes from `source`), with the NCC of the handover.
pub fn rrc_command(source: &Cell, target: &Cell, new_c_rnti: u16, ncc: u8) -> Vec<u8> {
    let inter = source.earfcn_dl != target.earfcn_dl;
    rrc::build::handover_command(&rrc::build::TargetConfig {
        pci: target.pci,
        earfcn_dl: inter.then_some(target.earfcn_dl),
        earfcn_ul: inter.then_some(target.earfcn_ul),
        new_c_rnti,
        transaction_id: (new_c_rnti & 3) as u8,
        ncc,
    })
    .expect("the target cell encodes")
}

/// E-UTRA band of a downlink EARFCN (the bands the samples use).
pub fn band_of(earfcn_dl: u32) -> u8 {
    match earfcn_dl {
        0..=599 => 1,
        1200..=1949 => 3,
        2750..=3449 => 7,
        6150..=6449 => 20,
        _ => 1,
    }
}

// ------------------------------------------------------------------------------------------
// Capture writing: SCTP associations with SACKs, bundling and fragmentation

/// SCTP PPID of S1AP.
pub const PPID_S1AP: u32 = 18;
/// SCTP PPID of X2AP.
pub const PPID_X2AP: u32 = 27;

/// An SCTP association and the DATA each side has not acknowledged yet.
pub struct Assoc {
    /// Numbering state.
    pub sctp: SctpAssoc,
    /// Whether the peer of each direction (index 0: data sent Forward) awaits a SACK.
    unacked: [bool; 2],
}

impl Assoc {
    /// An association from `client` (sends INIT) to `server`.
    pub fn new(client: SocketAddr, server: SocketAddr) -> Self {
        Assoc {
            sctp: SctpAssoc::new(client, server),
            unacked: [false, false],
        }
    }
}

fn opposite(d: Dir) -> Dir {
    match d {
        Dir::Forward => Dir::Reverse,
        Dir::Reverse => Dir::Forward,
    }
}

fn dir_index(d: Dir) -> usize {
    match d {
        Dir::Forward => 0,
        Dir::Reverse => 1,
    }
}

/// A pcapng capture on one Ethernet interface with a deterministic clock.
pub struct Capture {
    w: PcapNgFileWriter<std::io::BufWriter<std::fs::File>>,
    iface: u32,
    link: LinkSpec,
    /// Microseconds since the capture's start.
    t_us: i64,
    base_s: i64,
}

impl Capture {
    /// Creates `path`; timestamps start at `base_s` (UNIX seconds).
    pub fn create(path: &Path, base_s: i64) -> Self {
        let mut w = PcapNgFileWriter::create(path).expect("create the capture");
        let iface = w
            .add_interface(linktype::ETHERNET, 6)
            .expect("add an interface");
        Capture {
            w,
            iface,
            link: LinkSpec::ethernet(),
            t_us: 0,
            base_s,
        }
    }

    /// Moves the clock on by `us` microseconds.
    pub fn wait(&mut self, us: i64) {
        self.t_us += us;
    }

    /// Writes one IP packet, `gap_us` after the previous one.
    pub fn ip(&mut self, gap_us: i64, ip: &[u8]) {
        self.t_us += gap_us;
        let ts = Timestamp::new(
            self.base_s + self.t_us / 1_000_000,
            (self.t_us % 1_000_000) as u64 * 1000,
        );
        self.w
            .write(self.iface, ts, &self.link.frame(ip))
            .expect("write the capture");
    }

    /// The four-way handshake of `a`.
    pub fn handshake(&mut self, a: &mut Assoc) {
        for (d, pkt) in a.sctp.handshake() {
            let ip = a.sctp.ip_packet(d, &pkt);
            self.ip(400, &ip);
        }
    }

    fn sctp_packet(&mut self, a: &mut Assoc, d: Dir, mut chunks: Vec<Chunk>) {
        // A SACK for what the peer sent rides in front of our DATA, as stacks bundle it.
        let peer = opposite(d);
        if a.unacked[dir_index(peer)] {
            a.unacked[dir_index(peer)] = false;
            let cum_tsn = a.sctp.next_tsn(peer).wrapping_sub(1);
            chunks.insert(0, Chunk::Sack { cum_tsn });
        }
        if chunks.iter().any(|c| matches!(c, Chunk::Data { .. })) {
            a.unacked[dir_index(d)] = true;
        }
        let pkt = a.sctp.packet(d, &chunks);
        let ip = a.sctp.ip_packet(d, &pkt);
        self.ip(1_800, &ip);
    }

    /// Sends `msgs` (encoded PDUs of `ppid`) in direction `d` on `stream`, bundled in one
    /// SCTP packet.
    pub fn send(&mut self, a: &mut Assoc, d: Dir, stream: u16, ppid: u32, msgs: &[Vec<u8>]) {
        let mut chunks = Vec::new();
        for m in msgs {
            chunks.extend(a.sctp.message(d, stream, ppid, m, 1400));
        }
        self.sctp_packet(a, d, chunks);
    }

    /// Sends one message split into DATA fragments of `fragment` octets, one SCTP packet each.
    pub fn send_fragmented(
        &mut self,
        a: &mut Assoc,
        d: Dir,
        stream: u16,
        ppid: u32,
        msg: &[u8],
        fragment: usize,
    ) {
        for c in a.sctp.message(d, stream, ppid, msg, fragment) {
            self.sctp_packet(a, d, vec![c]);
        }
    }

    /// Acknowledges, alone, whatever `a`'s peers have not acknowledged yet.
    pub fn flush_sacks(&mut self, a: &mut Assoc) {
        for d in [Dir::Forward, Dir::Reverse] {
            if a.unacked[dir_index(opposite(d))] {
                self.sctp_packet(a, d, Vec::new());
            }
        }
    }

    /// Finishes the file.
    pub fn finish(self) {
        self.w.finish().expect("finish the capture");
    }
}

/// Encodes an S1AP PDU.
pub fn s1ap_bytes(pdu: &S1apPdu<'_>) -> Vec<u8> {
    s1ap::encode(pdu).expect("the generator's S1AP messages encode")
}

/// Encodes an X2AP PDU.
pub fn x2ap_bytes(pdu: &X2apPdu<'_>) -> Vec<u8> {
    x2ap::encode(pdu).expect("the generator's X2AP messages encode")
}

// ------------------------------------------------------------------------------------------
// Subscribers

/// A synthetic subscriber: IMSI and the KASME its authentication produced.
pub struct Subscriber {
    /// IMSI digits.
    pub imsi: String,
    /// KASME (published in samples/README.md and the keys files: synthetic).
    pub kasme: Key256,
}

impl Subscriber {
    /// Subscriber `n` of a sample family: IMSI 00101 followed by `n`, KASME from `seed` and `n`.
    pub fn new(seed: u64, n: u32) -> Self {
        let mut rng = keyhop_codec::ap::common::Rng::new(seed ^ (n as u64).wrapping_mul(0x9e37));
        let k: [u8; 32] = std::array::from_fn(|_| rng.next_u64() as u8);
        Subscriber {
            imsi: format!("00101{n:010}"),
            kasme: Key256::new(k),
        }
    }
}

/// A keys file (key-refresh.md section 8) naming each subscriber's KASME, NAS COUNTs 0 at the
/// capture's start and EEA2/EIA2.
pub fn keys_file(subscribers: &[Subscriber]) -> String {
    let mut s = String::from("# Synthetic keys of the sample's subscribers (keyhop-samples).\n");
    for sub in subscribers {
        s.push_str(&format!(
            "\n[[kasme]]\nimsi = \"{}\"\nkey = \"{}\"\nnas_uplink_count = 0\nnas_downlink_count = 0\nnas_algorithms = {{ eea = 2, eia = 2 }}\n",
            sub.imsi,
            hex::encode(sub.kasme.expose())
        ));
    }
    s
}

// ------------------------------------------------------------------------------------------
// S1 procedures shared by the flows

/// A UE's S1 state as the MME sees it.
pub struct Ue {
    pub sub: Subscriber,
    pub mme_id: u32,
    pub enb: usize,
    pub enb_ue_id: u32,
    pub c_rnti: u16,
    /// KeNB of the initial context: the start of the NH chain.
    pub kenb: Key256,
    /// NH derivations so far (the NCC before wrapping at 8).
    pub ncc: u32,
    pub bearers: Vec<Bearer>,
    pub stream: u16,
}

/// Sends S1AP PDUs bundled in one SCTP packet.
pub fn send_s1(cap: &mut Capture, assoc: &mut Assoc, d: Dir, stream: u16, msgs: &[&S1apPdu<'_>]) {
    let bytes: Vec<Vec<u8>> = msgs.iter().map(|m| s1ap_bytes(m)).collect();
    cap.send(assoc, d, stream, PPID_S1AP, &bytes);
}

/// MME-UE-S1AP-ID `mme` and eNB-UE-S1AP-ID `enb`, then `rest`.
pub fn with_ids(
    mme: u32,
    enb: u32,
    rest: Vec<(u16, IeValue<'static, S1apIe<'static>>)>,
) -> Vec<(u16, IeValue<'static, S1apIe<'static>>)> {
    let mut v = b::s1ap::ue_ids(mme, enb);
    v.extend(rest);
    v
}

/// The UE's MME and eNB UE S1AP ids as IEs.
pub fn ids(ue: &Ue) -> Vec<(u16, IeValue<'static, S1apIe<'static>>)> {
    with_ids(ue.mme_id, ue.enb_ue_id, Vec::new())
}

/// A NAS-PDU IE value.
pub fn nas_pdu(b: Vec<u8>) -> S1apIe<'static> {
    S1apIe::NasPdu(keyhop_codec::ap::common::OctetStr(
        keyhop_codec::Octets::owned(b),
    ))
}

/// HandoverRequired of the source eNB: handover type `ty`, cause "handover desirable for radio
/// reason", `target` and the source's container.
pub fn handover_required(
    mme: u32,
    enb: u32,
    ty: s1ap::HandoverType,
    target: s1ap::TargetId<'static>,
    container: &[u8],
) -> S1apPdu<'static> {
    let mut ies = with_ids(mme, enb, Vec::new());
    ies.push((s1id::HANDOVER_TYPE, s1(S1apIe::HandoverType(ty))));
    ies.push((
        s1id::CAUSE,
        s1(S1apIe::Cause(cause(
            s1ap::CauseRadioNetwork::HandoverDesirableForRadioReason,
        ))),
    ));
    ies.push((s1id::TARGET_ID, s1(S1apIe::TargetId(Box::new(target)))));
    ies.push((
        s1id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER,
        s1_octets(s1id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER, container),
    ));
    s1ap_message("HandoverRequired", ies)
}

/// HandoverRequest at the target eNB with SecurityContext {ncc, nh}, and the NAS Security
/// Parameters to E-UTRAN of a handover from UTRAN when given.
pub fn handover_request(
    mme: u32,
    ty: s1ap::HandoverType,
    bearers: &[Bearer],
    container: &[u8],
    ncc: u8,
    nh: &Key256,
    nas_params: Option<&[u8]>,
) -> S1apPdu<'static> {
    // The target eNB has no id for the UE yet.
    let mut ies = vec![(
        s1id::MME_UE_S1AP_ID,
        s1(S1apIe::MmeUeS1apId(Int(mme as i64))),
    )];
    ies.push((s1id::HANDOVER_TYPE, s1(S1apIe::HandoverType(ty))));
    ies.push((
        s1id::CAUSE,
        s1(S1apIe::Cause(cause(
            s1ap::CauseRadioNetwork::HandoverDesirableForRadioReason,
        ))),
    ));
    ies.push((
        s1id::UE_AGGREGATE_MAXIMUM_BITRATE,
        s1(S1apIe::UeAggregateMaximumBitrate(ue_ambr())),
    ));
    ies.push((
        s1id::E_RAB_TO_BE_SETUP_LIST_HO_REQ,
        s1(S1apIe::ERabToBeSetupListHoReq(erabs_ho_req(bearers))),
    ));
    ies.push((
        s1id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER,
        s1_octets(s1id::SOURCE_TO_TARGET_TRANSPARENT_CONTAINER, container),
    ));
    ies.push((
        s1id::UE_SECURITY_CAPABILITIES,
        s1(S1apIe::UeSecurityCapabilities(Box::new(
            ue_security_capabilities(),
        ))),
    ));
    ies.push((
        s1id::SECURITY_CONTEXT,
        s1(S1apIe::SecurityContext(security_context(ncc, nh))),
    ));
    if let Some(p) = nas_params {
        ies.push((
            s1id::NAS_SECURITY_PARAMETERSTO_EUTRAN,
            s1_octets(s1id::NAS_SECURITY_PARAMETERSTO_EUTRAN, p),
        ));
    }
    s1ap_message("HandoverRequest", ies)
}

/// HandoverRequestAcknowledge of the target eNB: the admitted bearers and the Target eNB to
/// Source eNB container holding `rrc` (the HandoverCommand).
pub fn handover_request_ack(
    mme: u32,
    enb: u32,
    bearers: &[Bearer],
    rrc: &[u8],
) -> S1apPdu<'static> {
    let mut ies = with_ids(mme, enb, Vec::new());
    ies.push((
        s1id::E_RAB_ADMITTED_LIST,
        s1(S1apIe::ERabAdmittedList(erabs_admitted(bearers))),
    ));
    ies.push((
        s1id::TARGET_TO_SOURCE_TRANSPARENT_CONTAINER,
        s1_octets(
            s1id::TARGET_TO_SOURCE_TRANSPARENT_CONTAINER,
            &target_to_source_container(rrc),
        ),
    ));
    s1ap_message("HandoverRequestAcknowledge", ies)
}

/// HandoverNotify of the target eNB: the cell the UE arrived in and its TAI.
pub fn handover_notify(mme: u32, enb: u32, cell: &Cell) -> S1apPdu<'static> {
    let mut ies = with_ids(mme, enb, Vec::new());
    ies.push((s1id::EUTRAN_CGI, s1(S1apIe::EutranCgi(ecgi(cell)))));
    ies.push((s1id::TAI, s1(S1apIe::Tai(Box::new(tai(cell.tac))))));
    s1ap_message("HandoverNotify", ies)
}

/// PathSwitchRequest of the target eNB after an X2 handover: its id for the UE, the bearers'
/// new downlink tunnels, the MME-UE-S1AP-ID the source used, the cell the UE arrived in with
/// its TAI, and the UE's security capabilities.
pub fn path_switch_request(
    enb_ue_id: u32,
    bearers: &[Bearer],
    source_mme_ue_id: u32,
    cell: &Cell,
) -> S1apPdu<'static> {
    s1ap_message(
        "PathSwitchRequest",
        vec![
            (
                s1id::ENB_UE_S1AP_ID,
                s1(S1apIe::EnbUeS1apId(Int(enb_ue_id as i64))),
            ),
            (
                s1id::E_RAB_TO_BE_SWITCHED_DL_LIST,
                s1(S1apIe::ERabToBeSwitchedDlList(erabs_switched_dl(bearers))),
            ),
            (
                s1id::SOURCE_MME_UE_S1AP_ID,
                s1(S1apIe::SourceMmeUeS1apId(Int(source_mme_ue_id as i64))),
            ),
            (s1id::EUTRAN_CGI, s1(S1apIe::EutranCgi(ecgi(cell)))),
            (s1id::TAI, s1(S1apIe::Tai(Box::new(tai(cell.tac))))),
            (
                s1id::UE_SECURITY_CAPABILITIES,
                s1(S1apIe::UeSecurityCapabilities(Box::new(
                    ue_security_capabilities(),
                ))),
            ),
        ],
    )
}

/// PathSwitchRequestAcknowledge of the MME: the next {NH, NCC} for the target eNB.
pub fn path_switch_request_ack(mme: u32, enb: u32, ncc: u8, nh: &Key256) -> S1apPdu<'static> {
    s1ap_message(
        "PathSwitchRequestAcknowledge",
        with_ids(
            mme,
            enb,
            vec![(
                s1id::SECURITY_CONTEXT,
                s1(S1apIe::SecurityContext(security_context(ncc, nh))),
            )],
        ),
    )
}

/// The SCTP handshake and S1 Setup of one eNB (the association's client).
pub fn s1_setup(cap: &mut Capture, assoc: &mut Assoc, name: &str, cell: &Cell) {
    cap.handshake(assoc);
    let req = s1ap_message(
        "S1SetupRequest",
        vec![
            (
                s1id::GLOBAL_ENB_ID,
                s1(S1apIe::GlobalEnbId(Box::new(global_enb_id(cell.enb_id)))),
            ),
            (
                s1id::ENB_NAME,
                s1(S1apIe::EnbName(PrintableStr(Cow::Owned(
                    name.as_bytes().to_vec(),
                )))),
            ),
            (
                s1id::SUPPORTED_TAS,
                s1(S1apIe::SupportedTas(supported_tas(cell.tac))),
            ),
            (
                s1id::DEFAULT_PAGING_DRX,
                s1(S1apIe::DefaultPagingDrx(s1ap::PagingDrx::V128)),
            ),
        ],
    );
    send_s1(cap, assoc, Dir::Forward, 0, &[&req]);
    let resp = s1ap_message(
        "S1SetupResponse",
        vec![
            (
                s1id::SERVED_GUMMEIS,
                s1(S1apIe::ServedGummeis(served_gummeis())),
            ),
            (
                s1id::RELATIVE_MME_CAPACITY,
                s1(S1apIe::RelativeMmeCapacity(Int(255))),
            ),
        ],
    );
    send_s1(cap, assoc, Dir::Reverse, 0, &[&resp]);
}

/// Attach of `ue` on `cell` over `assoc`: InitialUEMessage (Attach Request), authentication,
/// security mode (NAS COUNT 0 both ways), InitialContextSetup with KeNB and the Attach Accept,
/// the response bundled with the Attach Complete.
pub fn attach(cap: &mut Capture, assoc: &mut Assoc, cell: &Cell, ue: &Ue, n: u32) {
    let cell = *cell;
    let keys = NasKeys::from_kasme(&ue.sub.kasme, 2, 2);
    let st = ue.stream;
    let initial = s1ap_message(
        "InitialUEMessage",
        vec![
            (
                s1id::ENB_UE_S1AP_ID,
                s1(S1apIe::EnbUeS1apId(Int(ue.enb_ue_id as i64))),
            ),
            (s1id::NAS_PDU, s1(nas_pdu(attach_request(&ue.sub.imsi)))),
            (s1id::TAI, s1(S1apIe::Tai(Box::new(tai(cell.tac))))),
            (s1id::EUTRAN_CGI, s1(S1apIe::EutranCgi(ecgi(&cell)))),
            (
                s1id::RRC_ESTABLISHMENT_CAUSE,
                s1(S1apIe::RrcEstablishmentCause(
                    s1ap::RrcEstablishmentCause::MoSignalling,
                )),
            ),
        ],
    );
    send_s1(cap, assoc, Dir::Forward, st, &[&initial]);

    let rand: [u8; 16] = std::array::from_fn(|i| (i as u8).wrapping_mul(17) ^ n as u8);
    let autn: [u8; 16] = std::array::from_fn(|i| (i as u8).wrapping_mul(29) ^ 0x80 ^ n as u8);
    let res: [u8; 8] = std::array::from_fn(|i| (i as u8).wrapping_mul(41) ^ n as u8);
    let dl = |b: Vec<u8>| {
        let mut v = ids(ue);
        v.push((s1id::NAS_PDU, s1(nas_pdu(b))));
        s1ap_message("DownlinkNASTransport", v)
    };
    let ul = |b: Vec<u8>| {
        let mut v = ids(ue);
        v.push((s1id::NAS_PDU, s1(nas_pdu(b))));
        v.push((s1id::EUTRAN_CGI, s1(S1apIe::EutranCgi(ecgi(&cell)))));
        v.push((s1id::TAI, s1(S1apIe::Tai(Box::new(tai(cell.tac))))));
        s1ap_message("UplinkNASTransport", v)
    };
    send_s1(
        cap,
        assoc,
        Dir::Reverse,
        st,
        &[&dl(authentication_request(&rand, &autn))],
    );
    send_s1(
        cap,
        assoc,
        Dir::Forward,
        st,
        &[&ul(authentication_response(&res))],
    );
    let smc = protect(&keys, 3, 0, false, &security_mode_command());
    send_s1(cap, assoc, Dir::Reverse, st, &[&dl(smc)]);
    let smc_complete = protect(&keys, 4, 0, true, &security_mode_complete());
    send_s1(cap, assoc, Dir::Forward, st, &[&ul(smc_complete)]);

    // KeNB from the uplink NAS COUNT of the Security Mode Complete (TS 33.401 A.3).
    let ebi = ue.bearers[0].id;
    let accept = protect(
        &keys,
        2,
        1,
        false,
        &attach_accept(cell.tac, ebi, [10, 45, 0, 10 + n as u8]),
    );
    let mut v = ids(ue);
    v.extend([
        (
            s1id::UE_AGGREGATE_MAXIMUM_BITRATE,
            s1(S1apIe::UeAggregateMaximumBitrate(ue_ambr())),
        ),
        (
            s1id::E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ,
            s1(S1apIe::ERabToBeSetupListCtxtSuReq(erabs_ctxt_su_req(
                &ue.bearers,
                Some(accept),
            ))),
        ),
        (
            s1id::UE_SECURITY_CAPABILITIES,
            s1(S1apIe::UeSecurityCapabilities(Box::new(
                ue_security_capabilities(),
            ))),
        ),
        (
            s1id::SECURITY_KEY,
            s1(S1apIe::SecurityKey(key_bits(&ue.kenb))),
        ),
    ]);
    let ics = s1ap_message("InitialContextSetupRequest", v);
    send_s1(cap, assoc, Dir::Reverse, st, &[&ics]);
    let mut v = ids(ue);
    v.push((
        s1id::E_RAB_SETUP_LIST_CTXT_SU_RES,
        s1(S1apIe::ERabSetupListCtxtSuRes(erabs_ctxt_su_res(
            &ue.bearers,
        ))),
    ));
    let icr = s1ap_message("InitialContextSetupResponse", v);
    let complete = protect(&keys, 2, 1, true, &attach_complete(ebi));
    // The response and the Attach Complete leave the eNB together.
    send_s1(cap, assoc, Dir::Forward, st, &[&icr, &ul(complete)]);
}
