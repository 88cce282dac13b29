//! Builders of X2AP (TS 36.423) messages and the IE values of the X2 handover.
//!
//! ```
//! use keyhop_codec::build::{self, x2ap as b};
//! use keyhop_codec::security::Key256;
//! use keyhop_codec::x2ap::{self, id, X2apIe};
//!
//! let kenb_star = build::key_bits(&Key256::new([3; 32]));
//! let erab = b::ERab { id: 5, qci: 9, sgw: "10.0.0.9".parse().unwrap(), ul_teid: 0x77 };
//! let pdu = b::message(
//!     "HandoverRequest",
//!     vec![
//!         (id::OLD_ENB_UE_X2AP_ID, b::ie(X2apIe::OldEnbUeX2apId(build::int(12)))),
//!         (id::TARGET_CELL_ID, b::ie(X2apIe::TargetCellId(build::ecgi([0x00, 0xf1, 0x10], 0x1a2b401)))),
//!         (id::UE_CONTEXT_INFORMATION, b::ie(X2apIe::UeContextInformation(Box::new(
//!             b::ue_context(1001, kenb_star, 1, &[erab], &[0x0a, 0x10]),
//!         )))),
//!     ],
//! )
//! .expect("a message of X2AP");
//! let bytes = x2ap::encode(&pdu)?;
//! assert_eq!(x2ap::decode(&bytes)?, pdu);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::s1ap::{ies_pdu, procedure_of};
use super::{teid, transport_address, ue_security_capabilities};
use crate::ap::common::{Int, Item, ItemList, KeyBits, OctetStr, SeqOf};
use crate::ap::{Criticality, ExtensionAdditions, IeValue};
use crate::x2ap::{self, X2apIe, X2apPdu};
use crate::Octets;
use std::net::IpAddr;

/// An X2AP IE list entry: the IE id and its value.
pub type Ie = (u16, IeValue<'static, X2apIe<'static>>);

/// A typed X2AP IE value.
///
/// ```
/// use keyhop_codec::x2ap::X2apIe;
/// let v = keyhop_codec::build::x2ap::ie(X2apIe::OldEnbUeX2apId(keyhop_codec::build::int(5)));
/// assert!(matches!(v, keyhop_codec::ap::IeValue::Typed(_)));
/// ```
pub fn ie(v: X2apIe<'static>) -> IeValue<'static, X2apIe<'static>> {
    IeValue::Typed(v)
}

/// The X2AP message `name` (its ASN.1 name, `HandoverRequest`) holding `ies` in the given
/// order, each with the criticality the message's ASN.1 gives it; the MAKR WrappedKeNB
/// (IE 60004) with criticality reject (key-refresh.md section 1), other unlisted IEs ignore.
/// `None` if `name` is not an X2AP message or a typed value belongs to another IE id than the
/// one it is listed under.
///
/// ```
/// use keyhop_codec::build::{int, x2ap::{ie, message}};
/// use keyhop_codec::x2ap::{id, X2apIe};
/// let pdu = message("UEContextRelease", vec![
///     (id::OLD_ENB_UE_X2AP_ID, ie(X2apIe::OldEnbUeX2apId(int(1)))),
///     (id::NEW_ENB_UE_X2AP_ID, ie(X2apIe::NewEnbUeX2apId(int(2)))),
/// ]).unwrap();
/// assert_eq!(pdu.procedure_code, 5);
/// assert!(message("NoSuchMessage", Vec::new()).is_none());
/// ```
pub fn message(name: &str, ies: Vec<Ie>) -> Option<X2apPdu<'static>> {
    let consistent = ies.iter().all(|(id, v)| match v {
        IeValue::Typed(t) => t.id() == *id,
        _ => true,
    });
    if !consistent {
        return None;
    }
    let (code, pdu_type) = procedure_of(name, |c, t| x2ap::message(c, t).map(|m| m.0))?;
    let spec = x2ap::message_ies(name);
    let criticality = |id: u16| {
        if id == x2ap::id::WRAPPED_KENB {
            Some(Criticality::Reject)
        } else {
            spec.iter().find(|s| s.0 == id).map(|s| s.1)
        }
    };
    let procedure = x2ap::procedure_criticality(code)?;
    Some(ies_pdu(code, pdu_type, procedure, criticality, ies))
}

/// A GTP Tunnel Endpoint (TS 36.423 9.2.1): transport address and TEID.
///
/// ```
/// let t = keyhop_codec::build::x2ap::tunnel("10.0.0.2".parse().unwrap(), 0x100);
/// assert_eq!(t.gtp_teid.as_bytes(), &[0, 0, 1, 0]);
/// ```
pub fn tunnel(ip: IpAddr, t: u32) -> x2ap::GtpTunnelEndpoint<'static> {
    x2ap::GtpTunnelEndpoint {
        transport_layer_address: transport_address(ip),
        gtp_teid: teid(t),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// One E-RAB of a UE context: its id, QCI and the S-GW's uplink tunnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ERab {
    /// E-RAB id (the EPS bearer id, 5..15).
    pub id: u8,
    /// QoS Class Identifier.
    pub qci: u8,
    /// S-GW S1-U address of the uplink tunnel.
    pub sgw: IpAddr,
    /// S-GW uplink TEID.
    pub ul_teid: u32,
}

/// UE Context Information (TS 36.423 9.1.1.1) of an X2 HandoverRequest: the MME-UE-S1AP-ID,
/// UE security capabilities 128-EEA1/2 and 128-EIA1/2, AS security {KeNB*, NCC}, a UE-AMBR of
/// 100 / 50 Mbit/s, `erabs` (ARP priority 9, no pre-emption; the ASN.1 asks for 1 to 256 of
/// them, and the encoder refuses another count) and the RRC context
/// (HandoverPreparationInformation).
///
/// ```
/// use keyhop_codec::build::{self, x2ap::{ue_context, ERab}};
/// let erab = ERab { id: 5, qci: 9, sgw: "10.0.0.9".parse().unwrap(), ul_teid: 0x77 };
/// let c = ue_context(1001, build::zero_key_bits(), 2, &[erab], &[0x0a, 0x10]);
/// assert_eq!(c.as_security_information.next_hop_chaining_count.0, 2);
/// ```
pub fn ue_context(
    mme_ue_s1ap_id: u32,
    key_enodeb_star: KeyBits<'static, 256>,
    ncc: u8,
    erabs: &[ERab],
    rrc_context: &[u8],
) -> x2ap::UeContextInformation<'static> {
    x2ap::UeContextInformation {
        mme_ue_s1ap_id: Int(i64::from(mme_ue_s1ap_id)),
        ue_security_capabilities: ue_security_capabilities(0xc000, 0xc000),
        as_security_information: x2ap::AsSecurityInformation {
            key_enodeb_star,
            next_hop_chaining_count: Int(i64::from(ncc & 7)),
            ie_extensions: None,
            extension_additions: ExtensionAdditions::default(),
        },
        ue_aggregate_maximum_bit_rate: x2ap::UeAggregateMaximumBitRate {
            ue_aggregate_maximum_bit_rate_downlink: Int(100_000_000),
            ue_aggregate_maximum_bit_rate_uplink: Int(50_000_000),
            ie_extensions: None,
            extension_additions: ExtensionAdditions::default(),
        },
        subscriber_profile_id_for_rfp: None,
        e_rabs_to_be_setup_list: ItemList::new(
            erabs
                .iter()
                .map(|b| Item::Typed {
                    criticality: Criticality::Ignore,
                    value: x2ap::ERabsToBeSetupItem {
                        e_rab_id: Int(i64::from(b.id)),
                        e_rab_level_qos_parameters: x2ap::ERabLevelQosParameters {
                            qci: Int(i64::from(b.qci)),
                            allocation_and_retention_priority:
                                x2ap::AllocationAndRetentionPriority {
                                    priority_level: Int(9),
                                    pre_emption_capability:
                                        x2ap::PreEmptionCapability::ShallNotTriggerPreEmption,
                                    pre_emption_vulnerability:
                                        x2ap::PreEmptionVulnerability::PreEmptable,
                                    ie_extensions: None,
                                    extension_additions: ExtensionAdditions::default(),
                                },
                            gbr_qos_information: None,
                            ie_extensions: None,
                            extension_additions: ExtensionAdditions::default(),
                        },
                        dl_forwarding: None,
                        ul_gtp_tunnel_endpoint: tunnel(b.sgw, b.ul_teid),
                        ie_extensions: None,
                        extension_additions: ExtensionAdditions::default(),
                    },
                })
                .collect(),
        ),
        rrc_context: OctetStr(Octets::owned(rrc_context.to_vec())),
        handover_restriction_list: None,
        location_reporting_information: None,
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// Served Cell (TS 36.423 9.2.8) of an X2 Setup: an FDD cell of 20 MHz (100 resource blocks)
/// both ways, with its PCI, cell identity `eci`, TAC and EARFCNs, broadcasting `plmn`.
///
/// ```
/// let c = keyhop_codec::build::x2ap::served_cell([0x00, 0xf1, 0x10], 101, 0x1a2b301, 7, 19300, 1300);
/// assert_eq!(c.served_cell_info.pci.0, 101);
/// ```
pub fn served_cell(
    plmn: [u8; 3],
    pci: u16,
    eci: u32,
    tac: u16,
    earfcn_ul: u32,
    earfcn_dl: u32,
) -> x2ap::ServedCellsItem<'static> {
    x2ap::ServedCellsItem {
        served_cell_info: x2ap::ServedCellInformation {
            pci: Int(i64::from(pci)),
            cell_id: super::ecgi(plmn, eci),
            tac: OctetStr(Octets::owned(tac.to_be_bytes().to_vec())),
            broadcast_plmns: SeqOf(vec![super::plmn(plmn)]),
            eutra_mode_info: x2ap::EutraModeInfo::Fdd(x2ap::FddInfo {
                ul_earfcn: Int(i64::from(earfcn_ul)),
                dl_earfcn: Int(i64::from(earfcn_dl)),
                ul_transmission_bandwidth: x2ap::TransmissionBandwidth::Bw100,
                dl_transmission_bandwidth: x2ap::TransmissionBandwidth::Bw100,
                ie_extensions: None,
                extension_additions: ExtensionAdditions::default(),
            }),
            ie_extensions: None,
            extension_additions: ExtensionAdditions::default(),
        },
        neighbour_info: None,
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    }
}

/// E-RABs Admitted List (TS 36.423 9.1.1.2) of a HandoverRequestAcknowledge: each E-RAB id with
/// the target's downlink forwarding tunnel (address, TEID), no uplink forwarding.
///
/// ```
/// let l = keyhop_codec::build::x2ap::erabs_admitted(&[(5, "10.0.0.2".parse().unwrap(), 0x8000_0001)]);
/// assert_eq!(l.items.len(), 1);
/// ```
pub fn erabs_admitted(
    erabs: &[(u8, IpAddr, u32)],
) -> ItemList<'static, X2apIe<'static>, x2ap::ERabsAdmittedItem<'static>, 0, 1, 256> {
    ItemList::new(
        erabs
            .iter()
            .map(|&(id, ip, t)| Item::Typed {
                criticality: Criticality::Ignore,
                value: x2ap::ERabsAdmittedItem {
                    e_rab_id: Int(i64::from(id)),
                    ul_gtp_tunnel_endpoint: None,
                    dl_gtp_tunnel_endpoint: Some(tunnel(ip, t)),
                    ie_extensions: None,
                    extension_additions: ExtensionAdditions::default(),
                },
            })
            .collect(),
    )
}

/// E-RABs Subject To Status Transfer List (TS 36.423 9.1.1.4) of an SN Status Transfer: for
/// each E-RAB of `erab_ids`, the uplink and downlink PDCP COUNTs `ul` and `dl`.
///
/// ```
/// let l = keyhop_codec::build::x2ap::sn_status_transfer(&[5], 0x1005, 0x2007);
/// assert_eq!(l.items.len(), 1);
/// ```
pub fn sn_status_transfer(
    erab_ids: &[u8],
    ul: u32,
    dl: u32,
) -> ItemList<'static, X2apIe<'static>, x2ap::ERabsSubjectToStatusTransferItem<'static>, 19, 1, 256>
{
    let cv = |v: u32| x2ap::CountValue {
        pdcp_sn: Int(i64::from(v & 0xfff)),
        hfn: Int(i64::from(v >> 12)),
        ie_extensions: None,
        extension_additions: ExtensionAdditions::default(),
    };
    ItemList::new(
        erab_ids
            .iter()
            .map(|&e| Item::Typed {
                criticality: Criticality::Ignore,
                value: x2ap::ERabsSubjectToStatusTransferItem {
                    e_rab_id: Int(i64::from(e)),
                    receive_statusof_ul_pdcp_sdus: None,
                    ul_count_value: cv(ul),
                    dl_count_value: cv(dl),
                    ie_extensions: None,
                    extension_additions: ExtensionAdditions::default(),
                },
            })
            .collect(),
    )
}
