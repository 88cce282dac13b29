//! Typed views of the messages keyhop follows (TS 29.060 7.2 and 7.5): fields that point into
//! [`Message::ies`], so the IE list stays the one source of the octets.

use super::context::{MmContext, PdpContext};
use super::ie::{
    GsnAddress, Ie, PacketFlowId, PrivateExtension, RabContext, RabSetupInformation, Rai,
    TargetIdentification, Tbcd8, TeidDataIi,
};
use super::types::{Cause, IeType, MessageType};
use super::Message;
use crate::redact::Octets;

/// Presence of an IE in a message (the M/C/O column of the message tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// M: the IE is always in the message (TS 29.060 clause 7.1.1).
    Mandatory,
    /// C: the IE is in the message when the condition its table names holds (clause 7.1.1).
    Conditional,
    /// O: the sender may include the IE (clause 7.1.1).
    Optional,
}

use IeType as T;
use Presence::{Conditional as C, Mandatory as M, Optional as O};

/// The IEs TS 29.060 lists for a message type, with their presence (empty for messages keyhop
/// does not follow). Only the IEs keyhop types or checks are listed; others are allowed.
pub fn ie_presence(mt: MessageType) -> &'static [(IeType, Presence)] {
    match mt {
        MessageType::EchoRequest => &[(T::PrivateExtension, O)],
        MessageType::EchoResponse => &[(T::Recovery, M), (T::PrivateExtension, O)],
        MessageType::SgsnContextRequest => &[
            (T::Imsi, C),
            (T::Rai, M),
            (T::Tlli, C),
            (T::PTmsi, C),
            (T::PTmsiSignature, C),
            (T::MsValidated, O),
            (T::TeidControlPlane, M),
            (T::GsnAddress, M),
            (T::SgsnNumber, O),
            (T::RatType, O),
            (T::HopCounter, O),
            (T::PrivateExtension, O),
        ],
        MessageType::SgsnContextResponse => &[
            (T::Cause, M),
            (T::Imsi, C),
            (T::TeidControlPlane, C),
            (T::RabContext, C),
            (T::RadioPrioritySms, O),
            (T::RadioPriority, O),
            (T::PacketFlowId, O),
            (T::ChargingCharacteristics, O),
            (T::MmContext, C),
            (T::PdpContext, C),
            (T::GsnAddress, C),
            (T::PrivateExtension, O),
        ],
        MessageType::SgsnContextAcknowledge => &[
            (T::Cause, M),
            (T::TeidDataIi, C),
            (T::GsnAddress, C),
            (T::SgsnNumber, C),
            (T::PrivateExtension, O),
        ],
        MessageType::ForwardRelocationRequest => &[
            (T::Imsi, C),
            (T::TeidControlPlane, M),
            (T::RanapCause, M),
            (T::PacketFlowId, O),
            (T::ChargingCharacteristics, C),
            (T::MmContext, M),
            (T::PdpContext, C),
            (T::GsnAddress, M),
            (T::TargetIdentification, C),
            (T::UtranTransparentContainer, C),
            (T::ImeiSv, C),
            (T::SelectedPlmnId, O),
            (T::ExtendedRanapCause, O),
            (T::PrivateExtension, O),
        ],
        MessageType::ForwardRelocationResponse => &[
            (T::Cause, M),
            (T::TeidControlPlane, C),
            (T::TeidDataIi, C),
            (T::RanapCause, C),
            (T::GsnAddress, C),
            (T::UtranTransparentContainer, O),
            (T::RabSetupInformation, C),
            (T::AdditionalRabSetupInformation, C),
            (T::ExtendedRanapCause, O),
            (T::PrivateExtension, O),
        ],
        MessageType::ForwardRelocationComplete => &[(T::PrivateExtension, O)],
        MessageType::RelocationCancelRequest => &[
            (T::Imsi, C),
            (T::ImeiSv, C),
            (T::ExtendedRanapCause, O),
            (T::PrivateExtension, O),
        ],
        MessageType::RelocationCancelResponse
        | MessageType::ForwardRelocationCompleteAcknowledge
        | MessageType::ForwardSrnsContextAcknowledge => &[(T::Cause, M), (T::PrivateExtension, O)],
        MessageType::ForwardSrnsContext => &[
            (T::RabContext, M),
            (T::SourceRncPdcpContextInfo, O),
            (T::PduNumbers, O),
            (T::PrivateExtension, O),
        ],
        _ => &[],
    }
}

/// Collects typed IE values with a projection.
fn all<'m, 'a, X: 'm>(m: &'m Message<'a>, f: impl Fn(&'m Ie<'a>) -> Option<X>) -> Vec<X> {
    m.ies.iter().filter_map(f).collect()
}

fn first<'m, 'a, X: 'm>(m: &'m Message<'a>, f: impl Fn(&'m Ie<'a>) -> Option<X>) -> Option<X> {
    m.ies.iter().find_map(f)
}

macro_rules! pick {
    ($m:expr, $pat:ident) => {
        first($m, |ie| match ie {
            Ie::$pat(x) => Some(x),
            _ => None,
        })
    };
    ($m:expr, $pat:ident, all) => {
        all($m, |ie| match ie {
            Ie::$pat(x) => Some(x),
            _ => None,
        })
    };
    ($m:expr, $pat:ident, copy) => {
        first($m, |ie| match ie {
            Ie::$pat(x) => Some(*x),
            _ => None,
        })
    };
}

/// Raw value of the first TLV of type `t` that keyhop does not type.
fn raw_tlv<'m, 'a>(m: &'m Message<'a>, t: IeType) -> Option<&'m Octets<'a>> {
    let t = u8::from(t);
    first(m, |ie| match ie {
        Ie::Tlv { ie_type, value } if *ie_type == t => Some(value),
        _ => None,
    })
}

/// Echo Request (7.2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoRequest<'m, 'a> {
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// Echo Response (7.2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoResponse<'m, 'a> {
    /// Recovery (M).
    pub recovery: Option<u8>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// SGSN Context Request (7.5.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SgsnContextRequest<'m, 'a> {
    /// IMSI (C).
    pub imsi: Option<&'m Tbcd8>,
    /// Routeing Area Identity (M).
    pub rai: Option<&'m Rai>,
    /// TLLI (C).
    pub tlli: Option<u32>,
    /// P-TMSI (C).
    pub p_tmsi: Option<u32>,
    /// P-TMSI Signature (C).
    pub p_tmsi_signature: Option<u32>,
    /// MS Validated (O).
    pub ms_validated: Option<u8>,
    /// TEID Control Plane (M).
    pub teid_control_plane: Option<u32>,
    /// SGSN Address for Control Plane (M): the first GSN Address.
    pub sgsn_address_control_plane: Option<&'m GsnAddress<'a>>,
    /// Alternative SGSN Address for Control Plane (O): the second GSN Address.
    pub alternative_sgsn_address_control_plane: Option<&'m GsnAddress<'a>>,
    /// SGSN Number (O), raw.
    pub sgsn_number: Option<&'m Octets<'a>>,
    /// RAT Type (O).
    pub rat_type: Option<u8>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// SGSN Context Response (7.5.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SgsnContextResponse<'m, 'a> {
    /// Cause (M).
    pub cause: Option<Cause>,
    /// IMSI (C).
    pub imsi: Option<&'m Tbcd8>,
    /// TEID Control Plane (C).
    pub teid_control_plane: Option<u32>,
    /// RAB Contexts (C, repeated).
    pub rab_contexts: Vec<&'m RabContext>,
    /// Radio Priority SMS (O).
    pub radio_priority_sms: Option<u8>,
    /// Radio Priorities (O, repeated).
    pub radio_priorities: Vec<u8>,
    /// Packet Flow Ids (O, repeated).
    pub packet_flow_ids: Vec<&'m PacketFlowId>,
    /// Charging Characteristics (O).
    pub charging_characteristics: Option<u16>,
    /// MM Context (C).
    pub mm_context: Option<&'m MmContext<'a>>,
    /// PDP Contexts (C, repeated).
    pub pdp_contexts: Vec<&'m PdpContext<'a>>,
    /// SGSN Address for Control Plane (C).
    pub sgsn_address_control_plane: Option<&'m GsnAddress<'a>>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// SGSN Context Acknowledge (7.5.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SgsnContextAcknowledge<'m, 'a> {
    /// Cause (M).
    pub cause: Option<Cause>,
    /// TEID Data II (C, repeated).
    pub teid_data_ii: Vec<&'m TeidDataIi>,
    /// SGSN Address for user traffic (C).
    pub sgsn_address_user_traffic: Option<&'m GsnAddress<'a>>,
    /// SGSN Number (C), raw.
    pub sgsn_number: Option<&'m Octets<'a>>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// Forward Relocation Request (7.5.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardRelocationRequest<'m, 'a> {
    /// IMSI (C).
    pub imsi: Option<&'m Tbcd8>,
    /// TEID Control Plane (M).
    pub teid_control_plane: Option<u32>,
    /// RANAP Cause (M).
    pub ranap_cause: Option<u8>,
    /// Packet Flow Ids (O, repeated).
    pub packet_flow_ids: Vec<&'m PacketFlowId>,
    /// Charging Characteristics (C).
    pub charging_characteristics: Option<u16>,
    /// SGSN Address for Control Plane (M): the first GSN Address.
    pub sgsn_address_control_plane: Option<&'m GsnAddress<'a>>,
    /// SGSN Address for User Traffic (C): the second GSN Address.
    pub sgsn_address_user_traffic: Option<&'m GsnAddress<'a>>,
    /// MM Context (M).
    pub mm_context: Option<&'m MmContext<'a>>,
    /// PDP Contexts (C, repeated).
    pub pdp_contexts: Vec<&'m PdpContext<'a>>,
    /// Target Identification (C).
    pub target_identification: Option<&'m TargetIdentification<'a>>,
    /// UTRAN Transparent Container (C).
    pub utran_transparent_container: Option<&'m Octets<'a>>,
    /// IMEI(SV) (C).
    pub imei_sv: Option<&'m Tbcd8>,
    /// Selected PLMN ID (O).
    pub selected_plmn_id: Option<&'m [u8; 3]>,
    /// Extended RANAP Cause (O).
    pub extended_ranap_cause: Option<u16>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// Forward Relocation Response (7.5.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardRelocationResponse<'m, 'a> {
    /// Cause (M).
    pub cause: Option<Cause>,
    /// TEID Control Plane (C).
    pub teid_control_plane: Option<u32>,
    /// TEID Data II (C, repeated).
    pub teid_data_ii: Vec<&'m TeidDataIi>,
    /// RANAP Cause (C).
    pub ranap_cause: Option<u8>,
    /// SGSN Address for Control Plane (C): the first GSN Address.
    pub sgsn_address_control_plane: Option<&'m GsnAddress<'a>>,
    /// SGSN Address for User Traffic (C): the second GSN Address.
    pub sgsn_address_user_traffic: Option<&'m GsnAddress<'a>>,
    /// UTRAN Transparent Container (O).
    pub utran_transparent_container: Option<&'m Octets<'a>>,
    /// RAB Setup Information (C, repeated).
    pub rab_setup_information: Vec<&'m RabSetupInformation<'a>>,
    /// Additional RAB Setup Information (C, repeated).
    pub additional_rab_setup_information: Vec<&'m RabSetupInformation<'a>>,
    /// Extended RANAP Cause (O).
    pub extended_ranap_cause: Option<u16>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// Forward Relocation Complete (7.5.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardRelocationComplete<'m, 'a> {
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// Relocation Cancel Request (7.5.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelocationCancelRequest<'m, 'a> {
    /// IMSI (C).
    pub imsi: Option<&'m Tbcd8>,
    /// IMEI(SV) (C).
    pub imei_sv: Option<&'m Tbcd8>,
    /// Extended RANAP Cause (O).
    pub extended_ranap_cause: Option<u16>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// Relocation Cancel Response (7.5.11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelocationCancelResponse<'m, 'a> {
    /// Cause (M).
    pub cause: Option<Cause>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// Forward Relocation Complete Acknowledge (7.5.12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardRelocationCompleteAcknowledge<'m, 'a> {
    /// Cause (M).
    pub cause: Option<Cause>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// Forward SRNS Context (7.5.13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardSrnsContext<'m, 'a> {
    /// RAB Contexts (M, repeated).
    pub rab_contexts: Vec<&'m RabContext>,
    /// Source RNC PDCP context info (O), raw.
    pub source_rnc_pdcp_context_info: Option<&'m Octets<'a>>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// Forward SRNS Context Acknowledge (7.5.14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardSrnsContextAcknowledge<'m, 'a> {
    /// Cause (M).
    pub cause: Option<Cause>,
    /// Private Extension (O).
    pub private_extension: Option<&'m PrivateExtension<'a>>,
}

/// A message seen through the view of its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed<'m, 'a> {
    /// 1
    EchoRequest(EchoRequest<'m, 'a>),
    /// 2
    EchoResponse(EchoResponse<'m, 'a>),
    /// 50
    SgsnContextRequest(SgsnContextRequest<'m, 'a>),
    /// 51
    SgsnContextResponse(SgsnContextResponse<'m, 'a>),
    /// 52
    SgsnContextAcknowledge(SgsnContextAcknowledge<'m, 'a>),
    /// 53
    ForwardRelocationRequest(ForwardRelocationRequest<'m, 'a>),
    /// 54
    ForwardRelocationResponse(ForwardRelocationResponse<'m, 'a>),
    /// 55
    ForwardRelocationComplete(ForwardRelocationComplete<'m, 'a>),
    /// 56
    RelocationCancelRequest(RelocationCancelRequest<'m, 'a>),
    /// 57
    RelocationCancelResponse(RelocationCancelResponse<'m, 'a>),
    /// 58
    ForwardSrnsContext(ForwardSrnsContext<'m, 'a>),
    /// 59
    ForwardRelocationCompleteAcknowledge(ForwardRelocationCompleteAcknowledge<'m, 'a>),
    /// 60
    ForwardSrnsContextAcknowledge(ForwardSrnsContextAcknowledge<'m, 'a>),
    /// Any other message type: use [`Message::ies`].
    Other,
}

impl<'a> Message<'a> {
    /// The view of this message's type; fields are `None`/empty when the IE is absent (see
    /// [`Message::notes`] for missing mandatory IEs).
    pub fn typed<'m>(&'m self) -> Typed<'m, 'a> {
        let m = self;
        let pe = || pick!(m, PrivateExtension);
        let gsn = |n: usize| {
            m.ies
                .iter()
                .filter_map(|ie| match ie {
                    Ie::GsnAddress(a) => Some(a),
                    _ => None,
                })
                .nth(n)
        };
        match self.header.message_type {
            MessageType::EchoRequest => Typed::EchoRequest(EchoRequest {
                private_extension: pe(),
            }),
            MessageType::EchoResponse => Typed::EchoResponse(EchoResponse {
                recovery: pick!(m, Recovery, copy),
                private_extension: pe(),
            }),
            MessageType::SgsnContextRequest => Typed::SgsnContextRequest(SgsnContextRequest {
                imsi: pick!(m, Imsi),
                rai: pick!(m, Rai),
                tlli: pick!(m, Tlli, copy),
                p_tmsi: pick!(m, PTmsi, copy),
                p_tmsi_signature: pick!(m, PTmsiSignature, copy),
                ms_validated: pick!(m, MsValidated, copy),
                teid_control_plane: pick!(m, TeidControlPlane, copy),
                sgsn_address_control_plane: gsn(0),
                alternative_sgsn_address_control_plane: gsn(1),
                sgsn_number: raw_tlv(m, T::SgsnNumber),
                rat_type: pick!(m, RatType, copy),
                private_extension: pe(),
            }),
            MessageType::SgsnContextResponse => Typed::SgsnContextResponse(SgsnContextResponse {
                cause: pick!(m, Cause, copy),
                imsi: pick!(m, Imsi),
                teid_control_plane: pick!(m, TeidControlPlane, copy),
                rab_contexts: pick!(m, RabContext, all),
                radio_priority_sms: pick!(m, RadioPrioritySms, copy),
                radio_priorities: all(m, |ie| match ie {
                    Ie::RadioPriority(x) => Some(*x),
                    _ => None,
                }),
                packet_flow_ids: pick!(m, PacketFlowId, all),
                charging_characteristics: pick!(m, ChargingCharacteristics, copy),
                mm_context: pick!(m, MmContext),
                pdp_contexts: pick!(m, PdpContext, all),
                sgsn_address_control_plane: gsn(0),
                private_extension: pe(),
            }),
            MessageType::SgsnContextAcknowledge => {
                Typed::SgsnContextAcknowledge(SgsnContextAcknowledge {
                    cause: pick!(m, Cause, copy),
                    teid_data_ii: pick!(m, TeidDataIi, all),
                    sgsn_address_user_traffic: gsn(0),
                    sgsn_number: raw_tlv(m, T::SgsnNumber),
                    private_extension: pe(),
                })
            }
            MessageType::ForwardRelocationRequest => {
                Typed::ForwardRelocationRequest(ForwardRelocationRequest {
                    imsi: pick!(m, Imsi),
                    teid_control_plane: pick!(m, TeidControlPlane, copy),
                    ranap_cause: pick!(m, RanapCause, copy),
                    packet_flow_ids: pick!(m, PacketFlowId, all),
                    charging_characteristics: pick!(m, ChargingCharacteristics, copy),
                    sgsn_address_control_plane: gsn(0),
                    sgsn_address_user_traffic: gsn(1),
                    mm_context: pick!(m, MmContext),
                    pdp_contexts: pick!(m, PdpContext, all),
                    target_identification: pick!(m, TargetIdentification),
                    utran_transparent_container: pick!(m, UtranTransparentContainer),
                    imei_sv: pick!(m, ImeiSv),
                    selected_plmn_id: pick!(m, SelectedPlmnId),
                    extended_ranap_cause: pick!(m, ExtendedRanapCause, copy),
                    private_extension: pe(),
                })
            }
            MessageType::ForwardRelocationResponse => {
                Typed::ForwardRelocationResponse(ForwardRelocationResponse {
                    cause: pick!(m, Cause, copy),
                    teid_control_plane: pick!(m, TeidControlPlane, copy),
                    teid_data_ii: pick!(m, TeidDataIi, all),
                    ranap_cause: pick!(m, RanapCause, copy),
                    sgsn_address_control_plane: gsn(0),
                    sgsn_address_user_traffic: gsn(1),
                    utran_transparent_container: pick!(m, UtranTransparentContainer),
                    rab_setup_information: pick!(m, RabSetupInformation, all),
                    additional_rab_setup_information: pick!(m, AdditionalRabSetupInformation, all),
                    extended_ranap_cause: pick!(m, ExtendedRanapCause, copy),
                    private_extension: pe(),
                })
            }
            MessageType::ForwardRelocationComplete => {
                Typed::ForwardRelocationComplete(ForwardRelocationComplete {
                    private_extension: pe(),
                })
            }
            MessageType::RelocationCancelRequest => {
                Typed::RelocationCancelRequest(RelocationCancelRequest {
                    imsi: pick!(m, Imsi),
                    imei_sv: pick!(m, ImeiSv),
                    extended_ranap_cause: pick!(m, ExtendedRanapCause, copy),
                    private_extension: pe(),
                })
            }
            MessageType::RelocationCancelResponse => {
                Typed::RelocationCancelResponse(RelocationCancelResponse {
                    cause: pick!(m, Cause, copy),
                    private_extension: pe(),
                })
            }
            MessageType::ForwardSrnsContext => Typed::ForwardSrnsContext(ForwardSrnsContext {
                rab_contexts: pick!(m, RabContext, all),
                source_rnc_pdcp_context_info: raw_tlv(m, T::SourceRncPdcpContextInfo),
                private_extension: pe(),
            }),
            MessageType::ForwardRelocationCompleteAcknowledge => {
                Typed::ForwardRelocationCompleteAcknowledge(ForwardRelocationCompleteAcknowledge {
                    cause: pick!(m, Cause, copy),
                    private_extension: pe(),
                })
            }
            MessageType::ForwardSrnsContextAcknowledge => {
                Typed::ForwardSrnsContextAcknowledge(ForwardSrnsContextAcknowledge {
                    cause: pick!(m, Cause, copy),
                    private_extension: pe(),
                })
            }
            _ => Typed::Other,
        }
    }
}
