//! S1AP IE types (TS 36.413), one per ASN.1 type of pycrate's S1AP module that keyhop types.
//!
//! Written from the ASN.1 definitions by a generator; field and value names follow docs/json.md.

use super::S1apIe;
use crate::ap::common::*;
use crate::ap::IeList;
use crate::{aper_choice, aper_enum, aper_int_set, aper_sequence};

aper_enum! {
    /// HandoverType ::= ENUMERATED (extensible).
    pub enum HandoverType {
        extensible: true,
        root: [
            /// intralte
            Intralte = "intralte",
            /// ltetoutran
            Ltetoutran = "ltetoutran",
            /// ltetogeran
            Ltetogeran = "ltetogeran",
            /// utrantolte
            Utrantolte = "utrantolte",
            /// gerantolte
            Gerantolte = "gerantolte"
        ],
        additions: [
            /// eps-to-5gs
            EpsTo5gs = "eps_to_5gs",
            /// fivegs-to-eps
            FivegsToEps = "fivegs_to_eps",
        ],
    }
}

aper_enum! {
    /// CauseRadioNetwork ::= ENUMERATED (extensible).
    pub enum CauseRadioNetwork {
        extensible: true,
        root: [
            /// unspecified
            Unspecified = "unspecified",
            /// tx2relocoverall-expiry
            Tx2relocoverallExpiry = "tx2relocoverall_expiry",
            /// successful-handover
            SuccessfulHandover = "successful_handover",
            /// release-due-to-eutran-generated-reason
            ReleaseDueToEutranGeneratedReason = "release_due_to_eutran_generated_reason",
            /// handover-cancelled
            HandoverCancelled = "handover_cancelled",
            /// partial-handover
            PartialHandover = "partial_handover",
            /// ho-failure-in-target-EPC-eNB-or-target-system
            HoFailureInTargetEpcEnbOrTargetSystem = "ho_failure_in_target_epc_enb_or_target_system",
            /// ho-target-not-allowed
            HoTargetNotAllowed = "ho_target_not_allowed",
            /// tS1relocoverall-expiry
            Ts1RelocoverallExpiry = "ts1_relocoverall_expiry",
            /// tS1relocprep-expiry
            Ts1RelocprepExpiry = "ts1_relocprep_expiry",
            /// cell-not-available
            CellNotAvailable = "cell_not_available",
            /// unknown-targetID
            UnknownTargetId = "unknown_target_id",
            /// no-radio-resources-available-in-target-cell
            NoRadioResourcesAvailableInTargetCell = "no_radio_resources_available_in_target_cell",
            /// unknown-mme-ue-s1ap-id
            UnknownMmeUeS1apId = "unknown_mme_ue_s1ap_id",
            /// unknown-enb-ue-s1ap-id
            UnknownEnbUeS1apId = "unknown_enb_ue_s1ap_id",
            /// unknown-pair-ue-s1ap-id
            UnknownPairUeS1apId = "unknown_pair_ue_s1ap_id",
            /// handover-desirable-for-radio-reason
            HandoverDesirableForRadioReason = "handover_desirable_for_radio_reason",
            /// time-critical-handover
            TimeCriticalHandover = "time_critical_handover",
            /// resource-optimisation-handover
            ResourceOptimisationHandover = "resource_optimisation_handover",
            /// reduce-load-in-serving-cell
            ReduceLoadInServingCell = "reduce_load_in_serving_cell",
            /// user-inactivity
            UserInactivity = "user_inactivity",
            /// radio-connection-with-ue-lost
            RadioConnectionWithUeLost = "radio_connection_with_ue_lost",
            /// load-balancing-tau-required
            LoadBalancingTauRequired = "load_balancing_tau_required",
            /// cs-fallback-triggered
            CsFallbackTriggered = "cs_fallback_triggered",
            /// ue-not-available-for-ps-service
            UeNotAvailableForPsService = "ue_not_available_for_ps_service",
            /// radio-resources-not-available
            RadioResourcesNotAvailable = "radio_resources_not_available",
            /// failure-in-radio-interface-procedure
            FailureInRadioInterfaceProcedure = "failure_in_radio_interface_procedure",
            /// invalid-qos-combination
            InvalidQosCombination = "invalid_qos_combination",
            /// interrat-redirection
            InterratRedirection = "interrat_redirection",
            /// interaction-with-other-procedure
            InteractionWithOtherProcedure = "interaction_with_other_procedure",
            /// unknown-E-RAB-ID
            UnknownERabId = "unknown_e_rab_id",
            /// multiple-E-RAB-ID-instances
            MultipleERabIdInstances = "multiple_e_rab_id_instances",
            /// encryption-and-or-integrity-protection-algorithms-not-supported
            EncryptionAndOrIntegrityProtectionAlgorithmsNotSupported = "encryption_and_or_integrity_protection_algorithms_not_supported",
            /// s1-intra-system-handover-triggered
            S1IntraSystemHandoverTriggered = "s1_intra_system_handover_triggered",
            /// s1-inter-system-handover-triggered
            S1InterSystemHandoverTriggered = "s1_inter_system_handover_triggered",
            /// x2-handover-triggered
            X2HandoverTriggered = "x2_handover_triggered"
        ],
        additions: [
            /// redirection-towards-1xRTT
            RedirectionTowards1xRtt = "redirection_towards_1x_rtt",
            /// not-supported-QCI-value
            NotSupportedQciValue = "not_supported_qci_value",
            /// invalid-CSG-Id
            InvalidCsgId = "invalid_csg_id",
            /// release-due-to-pre-emption
            ReleaseDueToPreEmption = "release_due_to_pre_emption",
            /// n26-interface-not-available
            N26InterfaceNotAvailable = "n26_interface_not_available",
            /// insufficient-ue-capabilities
            InsufficientUeCapabilities = "insufficient_ue_capabilities",
            /// maximum-bearer-pre-emption-rate-exceeded
            MaximumBearerPreEmptionRateExceeded = "maximum_bearer_pre_emption_rate_exceeded",
            /// up-integrity-protection-not-possible
            UpIntegrityProtectionNotPossible = "up_integrity_protection_not_possible",
            /// release-due-to-discontinuous-coverage
            ReleaseDueToDiscontinuousCoverage = "release_due_to_discontinuous_coverage",
        ],
    }
}

aper_enum! {
    /// CauseTransport ::= ENUMERATED (extensible).
    pub enum CauseTransport {
        extensible: true,
        root: [
            /// transport-resource-unavailable
            TransportResourceUnavailable = "transport_resource_unavailable",
            /// unspecified
            Unspecified = "unspecified"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// CauseNas ::= ENUMERATED (extensible).
    pub enum CauseNas {
        extensible: true,
        root: [
            /// normal-release
            NormalRelease = "normal_release",
            /// authentication-failure
            AuthenticationFailure = "authentication_failure",
            /// detach
            Detach = "detach",
            /// unspecified
            Unspecified = "unspecified"
        ],
        additions: [
            /// csg-subscription-expiry
            CsgSubscriptionExpiry = "csg_subscription_expiry",
            /// uE-not-in-PLMN-serving-area
            UeNotInPlmnServingArea = "ue_not_in_plmn_serving_area",
            /// iab-not-authorized
            IabNotAuthorized = "iab_not_authorized",
        ],
    }
}

aper_enum! {
    /// CauseProtocol ::= ENUMERATED (extensible).
    pub enum CauseProtocol {
        extensible: true,
        root: [
            /// transfer-syntax-error
            TransferSyntaxError = "transfer_syntax_error",
            /// abstract-syntax-error-reject
            AbstractSyntaxErrorReject = "abstract_syntax_error_reject",
            /// abstract-syntax-error-ignore-and-notify
            AbstractSyntaxErrorIgnoreAndNotify = "abstract_syntax_error_ignore_and_notify",
            /// message-not-compatible-with-receiver-state
            MessageNotCompatibleWithReceiverState = "message_not_compatible_with_receiver_state",
            /// semantic-error
            SemanticError = "semantic_error",
            /// abstract-syntax-error-falsely-constructed-message
            AbstractSyntaxErrorFalselyConstructedMessage = "abstract_syntax_error_falsely_constructed_message",
            /// unspecified
            Unspecified = "unspecified"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// CauseMisc ::= ENUMERATED (extensible).
    pub enum CauseMisc {
        extensible: true,
        root: [
            /// control-processing-overload
            ControlProcessingOverload = "control_processing_overload",
            /// not-enough-user-plane-processing-resources
            NotEnoughUserPlaneProcessingResources = "not_enough_user_plane_processing_resources",
            /// hardware-failure
            HardwareFailure = "hardware_failure",
            /// om-intervention
            OmIntervention = "om_intervention",
            /// unspecified
            Unspecified = "unspecified",
            /// unknown-PLMN
            UnknownPlmn = "unknown_plmn"
        ],
        additions: [

        ],
    }
}

aper_choice! {
    /// Cause ::= CHOICE.
    pub enum Cause<'a> {
        extensible: true,
        root: [
            /// radioNetwork
            RadioNetwork(CauseRadioNetwork) = "radio_network",
            /// transport
            Transport(CauseTransport) = "transport",
            /// nas
            Nas(CauseNas) = "nas",
            /// protocol
            Protocol(CauseProtocol) = "protocol",
            /// misc
            Misc(CauseMisc) = "misc",
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// TargeteNB-ID ::= SEQUENCE.
    pub struct TargetEnbId<'a> {
        /// global-ENB-ID
        Req global_enb_id: GlobalEnbId<'a, S1apIe<'a>>,
        /// selected-TAI
        Req selected_tai: Tai<'a, S1apIe<'a>>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// LAI ::= SEQUENCE.
    pub struct Lai<'a> {
        /// pLMNidentity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// lAC
        Req lac: OctetStr<'a, 2, 2, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// TargetRNC-ID ::= SEQUENCE.
    pub struct TargetRncId<'a> {
        /// lAI
        Req lai: Lai<'a>,
        /// rAC
        Opt rac: OctetStr<'a, 1, 1, false>,
        /// rNC-ID
        Req rnc_id: Int<0, 4095, false>,
        /// extendedRNC-ID
        Opt extended_rnc_id: Int<4096, 65535, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// CGI ::= SEQUENCE.
    pub struct Cgi<'a> {
        /// pLMNidentity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// lAC
        Req lac: OctetStr<'a, 2, 2, false>,
        /// cI
        Req ci: OctetStr<'a, 2, 2, false>,
        /// rAC
        Opt rac: OctetStr<'a, 1, 1, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_choice! {
    /// GNB-Identity ::= CHOICE.
    pub enum GnbIdentity<'a> {
        extensible: true,
        root: [
            /// gNB-ID
            GnbId(BitIdVar<22, 32>) = "gnb_id",
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// Global-GNB-ID ::= SEQUENCE.
    pub struct GlobalGnbId<'a> {
        /// pLMN-Identity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// gNB-ID
        Req gnb_id: GnbIdentity<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// GNB ::= SEQUENCE.
    pub struct Gnb<'a> {
        /// global-gNB-ID
        Req global_gnb_id: GlobalGnbId<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// NG-eNB ::= SEQUENCE.
    pub struct NgEnb<'a> {
        /// global-ng-eNB-ID
        Req global_ng_enb_id: GlobalEnbId<'a, S1apIe<'a>>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_choice! {
    /// Global-RAN-NODE-ID ::= CHOICE.
    pub enum GlobalRanNodeId<'a> {
        extensible: true,
        root: [
            /// gNB
            Gnb(Gnb<'a>) = "gnb",
            /// ng-eNB
            NgEnb(NgEnb<'a>) = "ng_enb",
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// FiveGSTAI ::= SEQUENCE.
    pub struct FiveGsTai<'a> {
        /// pLMNidentity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// fiveGSTAC
        Req five_gs_tac: OctetStr<'a, 3, 3, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// TargetNgRanNode-ID ::= SEQUENCE.
    pub struct TargetNgRanNodeId<'a> {
        /// global-RAN-NODE-ID
        Req global_ran_node_id: GlobalRanNodeId<'a>,
        /// selected-TAI
        Req selected_tai: FiveGsTai<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_choice! {
    /// TargetID ::= CHOICE.
    pub enum TargetId<'a> {
        extensible: true,
        root: [
            /// targeteNB-ID
            TargetEnbId(TargetEnbId<'a>) = "target_enb_id",
            /// targetRNC-ID
            TargetRncId(TargetRncId<'a>) = "target_rnc_id",
            /// cGI
            Cgi(Cgi<'a>) = "cgi",
        ],
        additions: [
            /// targetgNgRanNode-ID
            TargetNgRanNodeId(TargetNgRanNodeId<'a>) = "target_ng_ran_node_id",
        ],
    }
}

aper_sequence! {
    /// E-RABDataForwardingItem ::= SEQUENCE.
    pub struct ERabDataForwardingItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// dL-transportLayerAddress
        Opt dl_transport_layer_address: BitStr<'a, 1, 160, true>,
        /// dL-gTP-TEID
        Opt dl_gtp_teid: OctetStr<'a, 4, 4, false>,
        /// uL-TransportLayerAddress
        Opt ul_transport_layer_address: BitStr<'a, 1, 160, true>,
        /// uL-GTP-TEID
        Opt ul_gtp_teid: OctetStr<'a, 4, 4, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABSubjecttoDataForwardingList ::= SEQUENCE OF.
pub type ERabSubjecttoDataForwardingList<'a> =
    ItemList<'a, S1apIe<'a>, ERabDataForwardingItem<'a>, 14, 1, 256>;

aper_sequence! {
    /// E-RABItem ::= SEQUENCE.
    pub struct ERabItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// cause
        Req cause: Cause<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABList ::= SEQUENCE OF.
pub type ERabList<'a> = ItemList<'a, S1apIe<'a>, ERabItem<'a>, 35, 1, 256>;

aper_sequence! {
    /// E-RABAdmittedItem ::= SEQUENCE.
    pub struct ERabAdmittedItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// transportLayerAddress
        Req transport_layer_address: BitStr<'a, 1, 160, true>,
        /// gTP-TEID
        Req gtp_teid: OctetStr<'a, 4, 4, false>,
        /// dL-transportLayerAddress
        Opt dl_transport_layer_address: BitStr<'a, 1, 160, true>,
        /// dL-gTP-TEID
        Opt dl_gtp_teid: OctetStr<'a, 4, 4, false>,
        /// uL-TransportLayerAddress
        Opt ul_transport_layer_address: BitStr<'a, 1, 160, true>,
        /// uL-GTP-TEID
        Opt ul_gtp_teid: OctetStr<'a, 4, 4, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABAdmittedList ::= SEQUENCE OF.
pub type ERabAdmittedList<'a> = ItemList<'a, S1apIe<'a>, ERabAdmittedItem<'a>, 20, 1, 256>;

aper_sequence! {
    /// E-RABFailedToSetupItemHOReqAck ::= SEQUENCE.
    pub struct ERabFailedToSetupItemHoReqAck<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// cause
        Req cause: Cause<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABFailedtoSetupListHOReqAck ::= SEQUENCE OF.
pub type ERabFailedtoSetupListHoReqAck<'a> =
    ItemList<'a, S1apIe<'a>, ERabFailedToSetupItemHoReqAck<'a>, 21, 1, 256>;

aper_sequence! {
    /// E-RABToBeSwitchedDLItem ::= SEQUENCE.
    pub struct ERabToBeSwitchedDlItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// transportLayerAddress
        Req transport_layer_address: BitStr<'a, 1, 160, true>,
        /// gTP-TEID
        Req gtp_teid: OctetStr<'a, 4, 4, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABToBeSwitchedDLList ::= SEQUENCE OF.
pub type ERabToBeSwitchedDlList<'a> =
    ItemList<'a, S1apIe<'a>, ERabToBeSwitchedDlItem<'a>, 23, 1, 256>;

aper_enum! {
    /// Pre-emptionCapability ::= ENUMERATED.
    pub enum PreEmptionCapability {
        extensible: false,
        root: [
            /// shall-not-trigger-pre-emption
            ShallNotTriggerPreEmption = "shall_not_trigger_pre_emption",
            /// may-trigger-pre-emption
            MayTriggerPreEmption = "may_trigger_pre_emption"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// Pre-emptionVulnerability ::= ENUMERATED.
    pub enum PreEmptionVulnerability {
        extensible: false,
        root: [
            /// not-pre-emptable
            NotPreEmptable = "not_pre_emptable",
            /// pre-emptable
            PreEmptable = "pre_emptable"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// AllocationAndRetentionPriority ::= SEQUENCE.
    pub struct AllocationAndRetentionPriority<'a> {
        /// priorityLevel
        Req priority_level: Int<0, 15, false>,
        /// pre-emptionCapability
        Req pre_emption_capability: PreEmptionCapability,
        /// pre-emptionVulnerability
        Req pre_emption_vulnerability: PreEmptionVulnerability,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// GBR-QosInformation ::= SEQUENCE.
    pub struct GbrQosInformation<'a> {
        /// e-RAB-MaximumBitrateDL
        Req e_rab_maximum_bitrate_dl: Int<0, 10000000000, false>,
        /// e-RAB-MaximumBitrateUL
        Req e_rab_maximum_bitrate_ul: Int<0, 10000000000, false>,
        /// e-RAB-GuaranteedBitrateDL
        Req e_rab_guaranteed_bitrate_dl: Int<0, 10000000000, false>,
        /// e-RAB-GuaranteedBitrateUL
        Req e_rab_guaranteed_bitrate_ul: Int<0, 10000000000, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// E-RABLevelQoSParameters ::= SEQUENCE.
    pub struct ERabLevelQosParameters<'a> {
        /// qCI
        Req qci: Int<0, 255, false>,
        /// allocationRetentionPriority
        Req allocation_retention_priority: AllocationAndRetentionPriority<'a>,
        /// gbrQosInformation
        Opt gbr_qos_information: GbrQosInformation<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// E-RABToBeSetupItemCtxtSUReq ::= SEQUENCE.
    pub struct ERabToBeSetupItemCtxtSuReq<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// e-RABlevelQoSParameters
        Req e_rab_level_qos_parameters: ERabLevelQosParameters<'a>,
        /// transportLayerAddress
        Req transport_layer_address: BitStr<'a, 1, 160, true>,
        /// gTP-TEID
        Req gtp_teid: OctetStr<'a, 4, 4, false>,
        /// nAS-PDU
        Opt nas_pdu: OctetStr<'a, 0, { usize::MAX }, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABToBeSetupListCtxtSUReq ::= SEQUENCE OF.
pub type ERabToBeSetupListCtxtSuReq<'a> =
    ItemList<'a, S1apIe<'a>, ERabToBeSetupItemCtxtSuReq<'a>, 52, 1, 256>;

aper_enum! {
    /// TraceDepth ::= ENUMERATED (extensible).
    pub enum TraceDepth {
        extensible: true,
        root: [
            /// minimum
            Minimum = "minimum",
            /// medium
            Medium = "medium",
            /// maximum
            Maximum = "maximum",
            /// minimumWithoutVendorSpecificExtension
            MinimumWithoutVendorSpecificExtension = "minimum_without_vendor_specific_extension",
            /// mediumWithoutVendorSpecificExtension
            MediumWithoutVendorSpecificExtension = "medium_without_vendor_specific_extension",
            /// maximumWithoutVendorSpecificExtension
            MaximumWithoutVendorSpecificExtension = "maximum_without_vendor_specific_extension"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// TraceActivation ::= SEQUENCE.
    pub struct TraceActivation<'a> {
        /// e-UTRAN-Trace-ID
        Req eutran_trace_id: OctetStr<'a, 8, 8, false>,
        /// interfacesToTrace
        Req interfaces_to_trace: BitStr<'a, 8, 8, false>,
        /// traceDepth
        Req trace_depth: TraceDepth,
        /// traceCollectionEntityIPAddress
        Req trace_collection_entity_ip_address: BitStr<'a, 1, 160, true>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// SecurityContext ::= SEQUENCE.
    pub struct SecurityContext<'a> {
        /// nextHopChainingCount
        Req next_hop_chaining_count: Int<0, 7, false>,
        /// nextHopParameter
        Req next_hop_parameter: KeyBits<'a, 256>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// EPLMNs ::= SEQUENCE OF.
pub type Eplmns<'a> = SeqOf<OctetStr<'a, 3, 3, false>, 1, 15, false>;

/// ForbiddenTACs ::= SEQUENCE OF.
pub type ForbiddenTacs<'a> = SeqOf<OctetStr<'a, 2, 2, false>, 1, 4096, false>;

aper_sequence! {
    /// ForbiddenTAs-Item ::= SEQUENCE.
    pub struct ForbiddenTasItem<'a> {
        /// pLMN-Identity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// forbiddenTACs
        Req forbidden_tacs: ForbiddenTacs<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// ForbiddenTAs ::= SEQUENCE OF.
pub type ForbiddenTas<'a> = SeqOf<ForbiddenTasItem<'a>, 1, 16, false>;

/// ForbiddenLACs ::= SEQUENCE OF.
pub type ForbiddenLacs<'a> = SeqOf<OctetStr<'a, 2, 2, false>, 1, 4096, false>;

aper_sequence! {
    /// ForbiddenLAs-Item ::= SEQUENCE.
    pub struct ForbiddenLasItem<'a> {
        /// pLMN-Identity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// forbiddenLACs
        Req forbidden_lacs: ForbiddenLacs<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// ForbiddenLAs ::= SEQUENCE OF.
pub type ForbiddenLas<'a> = SeqOf<ForbiddenLasItem<'a>, 1, 16, false>;

aper_enum! {
    /// ForbiddenInterRATs ::= ENUMERATED (extensible).
    pub enum ForbiddenInterRats {
        extensible: true,
        root: [
            /// all
            All = "all",
            /// geran
            Geran = "geran",
            /// utran
            Utran = "utran",
            /// cdma2000
            Cdma2000 = "cdma2000"
        ],
        additions: [
            /// geranandutran
            Geranandutran = "geranandutran",
            /// cdma2000andutran
            Cdma2000andutran = "cdma2000andutran",
        ],
    }
}

aper_sequence! {
    /// HandoverRestrictionList ::= SEQUENCE.
    pub struct HandoverRestrictionList<'a> {
        /// servingPLMN
        Req serving_plmn: OctetStr<'a, 3, 3, false>,
        /// equivalentPLMNs
        Opt equivalent_plmns: Eplmns<'a>,
        /// forbiddenTAs
        Opt forbidden_tas: ForbiddenTas<'a>,
        /// forbiddenLAs
        Opt forbidden_las: ForbiddenLas<'a>,
        /// forbiddenInterRATs
        Opt forbidden_inter_rats: ForbiddenInterRats,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// S-TMSI ::= SEQUENCE.
    pub struct STmsi<'a> {
        /// mMEC
        Req mmec: OctetStr<'a, 1, 1, false>,
        /// m-TMSI
        Req m_tmsi: OctetStr<'a, 4, 4, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_choice! {
    /// UEPagingID ::= CHOICE.
    pub enum UePagingId<'a> {
        extensible: true,
        root: [
            /// s-TMSI
            STmsi(STmsi<'a>) = "s_tmsi",
            /// iMSI
            Imsi(OctetStr<'a, 3, 8, false>) = "imsi",
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// PagingDRX ::= ENUMERATED (extensible).
    pub enum PagingDrx {
        extensible: true,
        root: [
            /// v32
            V32 = "v32",
            /// v64
            V64 = "v64",
            /// v128
            V128 = "v128",
            /// v256
            V256 = "v256"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// TAIItem ::= SEQUENCE.
    pub struct TaiItem<'a> {
        /// tAI
        Req tai: Tai<'a, S1apIe<'a>>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// TAIList ::= SEQUENCE OF.
pub type TaiList<'a> = ItemList<'a, S1apIe<'a>, TaiItem<'a>, 47, 1, 256>;

aper_sequence! {
    /// E-RABSetupItemCtxtSURes ::= SEQUENCE.
    pub struct ERabSetupItemCtxtSuRes<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// transportLayerAddress
        Req transport_layer_address: BitStr<'a, 1, 160, true>,
        /// gTP-TEID
        Req gtp_teid: OctetStr<'a, 4, 4, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABSetupListCtxtSURes ::= SEQUENCE OF.
pub type ERabSetupListCtxtSuRes<'a> =
    ItemList<'a, S1apIe<'a>, ERabSetupItemCtxtSuRes<'a>, 50, 1, 256>;

aper_sequence! {
    /// E-RABToBeSetupItemHOReq ::= SEQUENCE.
    pub struct ERabToBeSetupItemHoReq<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// transportLayerAddress
        Req transport_layer_address: BitStr<'a, 1, 160, true>,
        /// gTP-TEID
        Req gtp_teid: OctetStr<'a, 4, 4, false>,
        /// e-RABlevelQosParameters
        Req e_rab_level_qos_parameters: ERabLevelQosParameters<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABToBeSetupListHOReq ::= SEQUENCE OF.
pub type ERabToBeSetupListHoReq<'a> =
    ItemList<'a, S1apIe<'a>, ERabToBeSetupItemHoReq<'a>, 27, 1, 256>;

aper_enum! {
    /// triggeringMessage ::= ENUMERATED.
    pub enum TriggeringMessage {
        extensible: false,
        root: [
            /// initiating-message
            InitiatingMessage = "initiating_message",
            /// successful-outcome
            SuccessfulOutcome = "successful_outcome",
            /// unsuccessfull-outcome
            UnsuccessfullOutcome = "unsuccessfull_outcome"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// procedureCriticality ::= ENUMERATED.
    pub enum ProcedureCriticality {
        extensible: false,
        root: [
            /// reject
            Reject = "reject",
            /// ignore
            Ignore = "ignore",
            /// notify
            Notify = "notify"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// iECriticality ::= ENUMERATED.
    pub enum IeCriticality {
        extensible: false,
        root: [
            /// reject
            Reject = "reject",
            /// ignore
            Ignore = "ignore",
            /// notify
            Notify = "notify"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// TypeOfError ::= ENUMERATED (extensible).
    pub enum TypeOfError {
        extensible: true,
        root: [
            /// not-understood
            NotUnderstood = "not_understood",
            /// missing
            Missing = "missing"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// CriticalityDiagnostics-IE-Item ::= SEQUENCE.
    pub struct CriticalityDiagnosticsIeItem<'a> {
        /// iECriticality
        Req ie_criticality: IeCriticality,
        /// iE-ID
        Req ie_id: Int<0, 65535, false>,
        /// typeOfError
        Req type_of_error: TypeOfError,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// CriticalityDiagnostics-IE-List ::= SEQUENCE OF.
pub type CriticalityDiagnosticsIeList<'a> = SeqOf<CriticalityDiagnosticsIeItem<'a>, 1, 256, false>;

aper_sequence! {
    /// CriticalityDiagnostics ::= SEQUENCE.
    pub struct CriticalityDiagnostics<'a> {
        /// procedureCode
        Opt procedure_code: Int<0, 255, false>,
        /// triggeringMessage
        Opt triggering_message: TriggeringMessage,
        /// procedureCriticality
        Opt procedure_criticality: ProcedureCriticality,
        /// iEsCriticalityDiagnostics
        Opt ies_criticality_diagnostics: CriticalityDiagnosticsIeList<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// BPLMNs ::= SEQUENCE OF.
pub type Bplmns<'a> = SeqOf<OctetStr<'a, 3, 3, false>, 1, 6, false>;

aper_sequence! {
    /// SupportedTAs-Item ::= SEQUENCE.
    pub struct SupportedTasItem<'a> {
        /// tAC
        Req tac: OctetStr<'a, 2, 2, false>,
        /// broadcastPLMNs
        Req broadcast_plmns: Bplmns<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// SupportedTAs ::= SEQUENCE OF.
pub type SupportedTas<'a> = SeqOf<SupportedTasItem<'a>, 1, 256, false>;

aper_enum! {
    /// TimeToWait ::= ENUMERATED (extensible).
    pub enum TimeToWait {
        extensible: true,
        root: [
            /// v1s
            V1s = "v1s",
            /// v2s
            V2s = "v2s",
            /// v5s
            V5s = "v5s",
            /// v10s
            V10s = "v10s",
            /// v20s
            V20s = "v20s",
            /// v60s
            V60s = "v60s"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// UEAggregateMaximumBitrate ::= SEQUENCE.
    pub struct UeAggregateMaximumBitrate<'a> {
        /// uEaggregateMaximumBitRateDL
        Req ue_aggregate_maximum_bit_rate_dl: Int<0, 10000000000, false>,
        /// uEaggregateMaximumBitRateUL
        Req ue_aggregate_maximum_bit_rate_ul: Int<0, 10000000000, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// GUMMEI ::= SEQUENCE.
    pub struct Gummei<'a> {
        /// pLMN-Identity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// mME-Group-ID
        Req mme_group_id: OctetStr<'a, 2, 2, false>,
        /// mME-Code
        Req mme_code: OctetStr<'a, 1, 1, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// Direct-Forwarding-Path-Availability ::= ENUMERATED (extensible).
    pub enum DirectForwardingPathAvailability {
        extensible: true,
        root: [
            /// directPathAvailable
            DirectPathAvailable = "direct_path_available"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// COUNTvalue ::= SEQUENCE.
    pub struct CountValue<'a> {
        /// pDCP-SN
        Req pdcp_sn: Int<0, 4095, false>,
        /// hFN
        Req hfn: Int<0, 1048575, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// Bearers-SubjectToStatusTransfer-Item ::= SEQUENCE.
    pub struct BearersSubjectToStatusTransferItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// uL-COUNTvalue
        Req ul_count_value: CountValue<'a>,
        /// dL-COUNTvalue
        Req dl_count_value: CountValue<'a>,
        /// receiveStatusofULPDCPSDUs
        Opt receive_statusof_ul_pdcp_sdus: BitStr<'a, 4096, 4096, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// Bearers-SubjectToStatusTransferList ::= SEQUENCE OF.
pub type BearersSubjectToStatusTransferList<'a> =
    ItemList<'a, S1apIe<'a>, BearersSubjectToStatusTransferItem<'a>, 89, 1, 256>;

aper_sequence! {
    /// ENB-StatusTransfer-TransparentContainer ::= SEQUENCE.
    pub struct EnbStatusTransferTransparentContainer<'a> {
        /// bearers-SubjectToStatusTransferList
        Req bearers_subject_to_status_transfer_list: BearersSubjectToStatusTransferList<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// ResetAll ::= ENUMERATED (extensible).
    pub enum ResetAll {
        extensible: true,
        root: [
            /// reset-all
            ResetAll = "reset_all"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// UE-associatedLogicalS1-ConnectionItem ::= SEQUENCE.
    pub struct UeAssociatedLogicalS1ConnectionItem<'a> {
        /// mME-UE-S1AP-ID
        Opt mme_ue_s1ap_id: Int<0, 4294967295, false>,
        /// eNB-UE-S1AP-ID
        Opt enb_ue_s1ap_id: Int<0, 16777215, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// UE-associatedLogicalS1-ConnectionListRes ::= SEQUENCE OF.
pub type UeAssociatedLogicalS1ConnectionListRes<'a> =
    ItemList<'a, S1apIe<'a>, UeAssociatedLogicalS1ConnectionItem<'a>, 91, 1, 256>;

aper_choice! {
    /// ResetType ::= CHOICE.
    pub enum ResetType<'a> {
        extensible: true,
        root: [
            /// s1-Interface
            S1Interface(ResetAll) = "s1_interface",
            /// partOfS1-Interface
            PartOfS1Interface(UeAssociatedLogicalS1ConnectionListRes<'a>) = "part_of_s1_interface",
        ],
        additions: [

        ],
    }
}

/// UE-associatedLogicalS1-ConnectionListResAck ::= SEQUENCE OF.
pub type UeAssociatedLogicalS1ConnectionListResAck<'a> =
    ItemList<'a, S1apIe<'a>, UeAssociatedLogicalS1ConnectionItem<'a>, 91, 1, 256>;

aper_sequence! {
    /// E-RABToBeSwitchedULItem ::= SEQUENCE.
    pub struct ERabToBeSwitchedUlItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// transportLayerAddress
        Req transport_layer_address: BitStr<'a, 1, 160, true>,
        /// gTP-TEID
        Req gtp_teid: OctetStr<'a, 4, 4, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABToBeSwitchedULList ::= SEQUENCE OF.
pub type ERabToBeSwitchedUlList<'a> =
    ItemList<'a, S1apIe<'a>, ERabToBeSwitchedUlItem<'a>, 94, 1, 256>;

aper_enum! {
    /// EventType ::= ENUMERATED (extensible).
    pub enum EventType {
        extensible: true,
        root: [
            /// direct
            Direct = "direct",
            /// change-of-serve-cell
            ChangeOfServeCell = "change_of_serve_cell",
            /// stop-change-of-serve-cell
            StopChangeOfServeCell = "stop_change_of_serve_cell"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// ReportArea ::= ENUMERATED (extensible).
    pub enum ReportArea {
        extensible: true,
        root: [
            /// ecgi
            Ecgi = "ecgi"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// RequestType ::= SEQUENCE.
    pub struct RequestType<'a> {
        /// eventType
        Req event_type: EventType,
        /// reportArea
        Req report_area: ReportArea,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// UE-S1AP-ID-pair ::= SEQUENCE.
    pub struct UeS1apIdPair<'a> {
        /// mME-UE-S1AP-ID
        Req mme_ue_s1ap_id: Int<0, 4294967295, false>,
        /// eNB-UE-S1AP-ID
        Req enb_ue_s1ap_id: Int<0, 16777215, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_choice! {
    /// UE-S1AP-IDs ::= CHOICE.
    pub enum UeS1apIds<'a> {
        extensible: true,
        root: [
            /// uE-S1AP-ID-pair
            UeS1apIdPair(UeS1apIdPair<'a>) = "ue_s1ap_id_pair",
            /// mME-UE-S1AP-ID
            MmeUeS1apId(Int<0, 4294967295, false>) = "mme_ue_s1ap_id",
        ],
        additions: [

        ],
    }
}

/// ServedPLMNs ::= SEQUENCE OF.
pub type ServedPlmns<'a> = SeqOf<OctetStr<'a, 3, 3, false>, 1, 32, false>;

/// ServedGroupIDs ::= SEQUENCE OF.
pub type ServedGroupIds<'a> = SeqOf<OctetStr<'a, 2, 2, false>, 1, 65535, false>;

/// ServedMMECs ::= SEQUENCE OF.
pub type ServedMmecs<'a> = SeqOf<OctetStr<'a, 1, 1, false>, 1, 256, false>;

aper_sequence! {
    /// ServedGUMMEIsItem ::= SEQUENCE.
    pub struct ServedGummeisItem<'a> {
        /// servedPLMNs
        Req served_plmns: ServedPlmns<'a>,
        /// servedGroupIDs
        Req served_group_ids: ServedGroupIds<'a>,
        /// servedMMECs
        Req served_mmecs: ServedMmecs<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// ServedGUMMEIs ::= SEQUENCE OF.
pub type ServedGummeis<'a> = SeqOf<ServedGummeisItem<'a>, 1, 8, false>;

aper_enum! {
    /// CSFallbackIndicator ::= ENUMERATED (extensible).
    pub enum CsFallbackIndicator {
        extensible: true,
        root: [
            /// cs-fallback-required
            CsFallbackRequired = "cs_fallback_required"
        ],
        additions: [
            /// cs-fallback-high-priority
            CsFallbackHighPriority = "cs_fallback_high_priority",
        ],
    }
}

aper_enum! {
    /// CNDomain ::= ENUMERATED.
    pub enum CnDomain {
        extensible: false,
        root: [
            /// ps
            Ps = "ps",
            /// cs
            Cs = "cs"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// SRVCCOperationPossible ::= ENUMERATED (extensible).
    pub enum SrvccOperationPossible {
        extensible: true,
        root: [
            /// possible
            Possible = "possible"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// SRVCCHOIndication ::= ENUMERATED (extensible).
    pub enum SrvccHoIndication {
        extensible: true,
        root: [
            /// pSandCS
            PsAndCs = "ps_and_cs",
            /// cSonly
            CsOnly = "cs_only"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// CSG-IdList-Item ::= SEQUENCE.
    pub struct CsgIdListItem<'a> {
        /// cSG-Id
        Req csg_id: BitId<27>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// CSG-IdList ::= SEQUENCE OF.
pub type CsgIdList<'a> = SeqOf<CsgIdListItem<'a>, 1, 256, false>;

aper_enum! {
    /// RRC-Establishment-Cause ::= ENUMERATED (extensible).
    pub enum RrcEstablishmentCause {
        extensible: true,
        root: [
            /// emergency
            Emergency = "emergency",
            /// highPriorityAccess
            HighPriorityAccess = "high_priority_access",
            /// mt-Access
            MtAccess = "mt_access",
            /// mo-Signalling
            MoSignalling = "mo_signalling",
            /// mo-Data
            MoData = "mo_data"
        ],
        additions: [
            /// delay-TolerantAccess
            DelayTolerantAccess = "delay_tolerant_access",
            /// mo-VoiceCall
            MoVoiceCall = "mo_voice_call",
            /// mo-ExceptionData
            MoExceptionData = "mo_exception_data",
        ],
    }
}

aper_enum! {
    /// Data-Forwarding-Not-Possible ::= ENUMERATED (extensible).
    pub enum DataForwardingNotPossible {
        extensible: true,
        root: [
            /// data-Forwarding-not-Possible
            DataForwardingNotPossible = "data_forwarding_not_possible"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// CellAccessMode ::= ENUMERATED (extensible).
    pub enum CellAccessMode {
        extensible: true,
        root: [
            /// hybrid
            Hybrid = "hybrid"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// CSGMembershipStatus ::= ENUMERATED.
    pub enum CsgMembershipStatus {
        extensible: false,
        root: [
            /// member
            Member = "member",
            /// not-member
            NotMember = "not_member"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// SynchronisationStatus ::= ENUMERATED (extensible).
    pub enum SynchronisationStatus {
        extensible: true,
        root: [
            /// synchronous
            Synchronous = "synchronous",
            /// asynchronous
            Asynchronous = "asynchronous"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// TimeSynchronisationInfo ::= SEQUENCE.
    pub struct TimeSynchronisationInfo<'a> {
        /// stratumLevel
        Req stratum_level: Int<0, 3, true>,
        /// synchronisationStatus
        Req synchronisation_status: SynchronisationStatus,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// PS-ServiceNotAvailable ::= ENUMERATED (extensible).
    pub enum PsServiceNotAvailable {
        extensible: true,
        root: [
            /// ps-service-not-available
            PsServiceNotAvailable = "ps_service_not_available"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// PagingPriority ::= ENUMERATED (extensible).
    pub enum PagingPriority {
        extensible: true,
        root: [
            /// priolevel1
            Priolevel1 = "priolevel1",
            /// priolevel2
            Priolevel2 = "priolevel2",
            /// priolevel3
            Priolevel3 = "priolevel3",
            /// priolevel4
            Priolevel4 = "priolevel4",
            /// priolevel5
            Priolevel5 = "priolevel5",
            /// priolevel6
            Priolevel6 = "priolevel6",
            /// priolevel7
            Priolevel7 = "priolevel7",
            /// priolevel8
            Priolevel8 = "priolevel8"
        ],
        additions: [

        ],
    }
}

/// ENBX2TLAs ::= SEQUENCE OF.
pub type EnbX2tlas<'a> = SeqOf<BitStr<'a, 1, 160, true>, 1, 2, false>;

aper_sequence! {
    /// X2TNLConfigurationInfo ::= SEQUENCE.
    pub struct X2tnlConfigurationInfo<'a> {
        /// eNBX2TransportLayerAddresses
        Req enb_x2_transport_layer_addresses: EnbX2tlas<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// ENBX2GTPTLAs ::= SEQUENCE OF.
pub type EnbX2gtptlas<'a> = SeqOf<BitStr<'a, 1, 160, true>, 1, 16, false>;

aper_sequence! {
    /// ENBX2ExtTLA ::= SEQUENCE.
    pub struct EnbX2ExtTla<'a> {
        /// iPsecTLA
        Opt ip_sec_tla: BitStr<'a, 1, 160, true>,
        /// gTPTLAa
        Opt gtp_tl_aa: EnbX2gtptlas<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// ENBX2ExtTLAs ::= SEQUENCE OF.
pub type EnbX2ExtTlas<'a> = SeqOf<EnbX2ExtTla<'a>, 1, 16, false>;

aper_enum! {
    /// RelayNode-Indicator ::= ENUMERATED (extensible).
    pub enum RelayNodeIndicator {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// MDT-Activation ::= ENUMERATED (extensible).
    pub enum MdtActivation {
        extensible: true,
        root: [
            /// immediate-MDT-only
            ImmediateMdtOnly = "immediate_mdt_only",
            /// immediate-MDT-and-Trace
            ImmediateMdtAndTrace = "immediate_mdt_and_trace",
            /// logged-MDT-only
            LoggedMdtOnly = "logged_mdt_only"
        ],
        additions: [
            /// logged-MBSFN-MDT
            LoggedMbsfnMdt = "logged_mbsfn_mdt",
        ],
    }
}

/// CellIdListforMDT ::= SEQUENCE OF.
pub type CellIdListforMdt<'a> = SeqOf<Ecgi<'a, S1apIe<'a>>, 1, 32, false>;

aper_sequence! {
    /// CellBasedMDT ::= SEQUENCE.
    pub struct CellBasedMdt<'a> {
        /// cellIdListforMDT
        Req cell_id_listfor_mdt: CellIdListforMdt<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// TAListforMDT ::= SEQUENCE OF.
pub type TaListforMdt<'a> = SeqOf<OctetStr<'a, 2, 2, false>, 1, 8, false>;

aper_sequence! {
    /// TABasedMDT ::= SEQUENCE.
    pub struct TaBasedMdt<'a> {
        /// tAListforMDT
        Req ta_listfor_mdt: TaListforMdt<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// TAIListforMDT ::= SEQUENCE OF.
pub type TaiListforMdt<'a> = SeqOf<Tai<'a, S1apIe<'a>>, 1, 8, false>;

aper_sequence! {
    /// TAIBasedMDT ::= SEQUENCE.
    pub struct TaiBasedMdt<'a> {
        /// tAIListforMDT
        Req tai_listfor_mdt: TaiListforMdt<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_choice! {
    /// AreaScopeOfMDT ::= CHOICE.
    pub enum AreaScopeOfMdt<'a> {
        extensible: true,
        root: [
            /// cellBased
            CellBased(CellBasedMdt<'a>) = "cell_based",
            /// tABased
            TaBased(TaBasedMdt<'a>) = "ta_based",
            /// pLMNWide
            PlmnWide(Null) = "plmn_wide",
        ],
        additions: [
            /// tAIBased
            TaiBased(TaiBasedMdt<'a>) = "tai_based",
        ],
    }
}

aper_enum! {
    /// M1ReportingTrigger ::= ENUMERATED (extensible).
    pub enum M1ReportingTrigger {
        extensible: true,
        root: [
            /// periodic
            Periodic = "periodic",
            /// a2eventtriggered
            A2eventtriggered = "a2eventtriggered"
        ],
        additions: [
            /// a2eventtriggered-periodic
            A2eventtriggeredPeriodic = "a2eventtriggered_periodic",
        ],
    }
}

aper_choice! {
    /// MeasurementThresholdA2 ::= CHOICE.
    pub enum MeasurementThresholdA2<'a> {
        extensible: true,
        root: [
            /// threshold-RSRP
            ThresholdRsrp(Int<0, 97, false>) = "threshold_rsrp",
            /// threshold-RSRQ
            ThresholdRsrq(Int<0, 34, false>) = "threshold_rsrq",
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// M1ThresholdEventA2 ::= SEQUENCE.
    pub struct M1ThresholdEventA2<'a> {
        /// measurementThreshold
        Req measurement_threshold: MeasurementThresholdA2<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// ReportIntervalMDT ::= ENUMERATED.
    pub enum ReportIntervalMdt {
        extensible: false,
        root: [
            /// ms120
            Ms120 = "ms120",
            /// ms240
            Ms240 = "ms240",
            /// ms480
            Ms480 = "ms480",
            /// ms640
            Ms640 = "ms640",
            /// ms1024
            Ms1024 = "ms1024",
            /// ms2048
            Ms2048 = "ms2048",
            /// ms5120
            Ms5120 = "ms5120",
            /// ms10240
            Ms10240 = "ms10240",
            /// min1
            Min1 = "min1",
            /// min6
            Min6 = "min6",
            /// min12
            Min12 = "min12",
            /// min30
            Min30 = "min30",
            /// min60
            Min60 = "min60"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// ReportAmountMDT ::= ENUMERATED.
    pub enum ReportAmountMdt {
        extensible: false,
        root: [
            /// r1
            R1 = "r1",
            /// r2
            R2 = "r2",
            /// r4
            R4 = "r4",
            /// r8
            R8 = "r8",
            /// r16
            R16 = "r16",
            /// r32
            R32 = "r32",
            /// r64
            R64 = "r64",
            /// rinfinity
            Rinfinity = "rinfinity"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// M1PeriodicReporting ::= SEQUENCE.
    pub struct M1PeriodicReporting<'a> {
        /// reportInterval
        Req report_interval: ReportIntervalMdt,
        /// reportAmount
        Req report_amount: ReportAmountMdt,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// ImmediateMDT ::= SEQUENCE.
    pub struct ImmediateMdt<'a> {
        /// measurementsToActivate
        Req measurements_to_activate: BitStr<'a, 8, 8, false>,
        /// m1reportingTrigger
        Req m1reporting_trigger: M1ReportingTrigger,
        /// m1thresholdeventA2
        Opt m1thresholdevent_a2: M1ThresholdEventA2<'a>,
        /// m1periodicReporting
        Opt m1periodic_reporting: M1PeriodicReporting<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// LoggingInterval ::= ENUMERATED.
    pub enum LoggingInterval {
        extensible: false,
        root: [
            /// ms1280
            Ms1280 = "ms1280",
            /// ms2560
            Ms2560 = "ms2560",
            /// ms5120
            Ms5120 = "ms5120",
            /// ms10240
            Ms10240 = "ms10240",
            /// ms20480
            Ms20480 = "ms20480",
            /// ms30720
            Ms30720 = "ms30720",
            /// ms40960
            Ms40960 = "ms40960",
            /// ms61440
            Ms61440 = "ms61440"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// LoggingDuration ::= ENUMERATED.
    pub enum LoggingDuration {
        extensible: false,
        root: [
            /// m10
            M10 = "m10",
            /// m20
            M20 = "m20",
            /// m40
            M40 = "m40",
            /// m60
            M60 = "m60",
            /// m90
            M90 = "m90",
            /// m120
            M120 = "m120"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// LoggedMDT ::= SEQUENCE.
    pub struct LoggedMdt<'a> {
        /// loggingInterval
        Req logging_interval: LoggingInterval,
        /// loggingDuration
        Req logging_duration: LoggingDuration,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// criticality ::= ENUMERATED.
    pub enum Criticality {
        extensible: false,
        root: [
            /// reject
            Reject = "reject",
            /// ignore
            Ignore = "ignore",
            /// notify
            Notify = "notify"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// MMERelaySupportIndicator ::= ENUMERATED (extensible).
    pub enum MmeRelaySupportIndicator {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// GWContextReleaseIndication ::= ENUMERATED (extensible).
    pub enum GwContextReleaseIndication {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// ManagementBasedMDTAllowed ::= ENUMERATED (extensible).
    pub enum ManagementBasedMdtAllowed {
        extensible: true,
        root: [
            /// allowed
            Allowed = "allowed"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// GUMMEIType ::= ENUMERATED (extensible).
    pub enum GummeiType {
        extensible: true,
        root: [
            /// native
            Native = "native",
            /// mapped
            Mapped = "mapped"
        ],
        additions: [
            /// mappedFrom5G
            MappedFrom5g = "mapped_from_5g",
        ],
    }
}

aper_enum! {
    /// M3period ::= ENUMERATED (extensible).
    pub enum M3Period {
        extensible: true,
        root: [
            /// ms100
            Ms100 = "ms100",
            /// ms1000
            Ms1000 = "ms1000",
            /// ms10000
            Ms10000 = "ms10000"
        ],
        additions: [
            /// ms1024
            Ms1024 = "ms1024",
            /// ms1280
            Ms1280 = "ms1280",
            /// ms2048
            Ms2048 = "ms2048",
            /// ms2560
            Ms2560 = "ms2560",
            /// ms5120
            Ms5120 = "ms5120",
            /// ms10240
            Ms10240 = "ms10240",
            /// min1
            Min1 = "min1",
        ],
    }
}

aper_sequence! {
    /// M3Configuration ::= SEQUENCE.
    pub struct M3Configuration<'a> {
        /// m3period
        Req m3period: M3Period,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// M4period ::= ENUMERATED (extensible).
    pub enum M4Period {
        extensible: true,
        root: [
            /// ms1024
            Ms1024 = "ms1024",
            /// ms2048
            Ms2048 = "ms2048",
            /// ms5120
            Ms5120 = "ms5120",
            /// ms10240
            Ms10240 = "ms10240",
            /// min1
            Min1 = "min1"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// Links-to-log ::= ENUMERATED (extensible).
    pub enum LinksToLog {
        extensible: true,
        root: [
            /// uplink
            Uplink = "uplink",
            /// downlink
            Downlink = "downlink",
            /// both-uplink-and-downlink
            BothUplinkAndDownlink = "both_uplink_and_downlink"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// M4Configuration ::= SEQUENCE.
    pub struct M4Configuration<'a> {
        /// m4period
        Req m4period: M4Period,
        /// m4-links-to-log
        Req m4_links_to_log: LinksToLog,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// M5period ::= ENUMERATED (extensible).
    pub enum M5Period {
        extensible: true,
        root: [
            /// ms1024
            Ms1024 = "ms1024",
            /// ms2048
            Ms2048 = "ms2048",
            /// ms5120
            Ms5120 = "ms5120",
            /// ms10240
            Ms10240 = "ms10240",
            /// min1
            Min1 = "min1"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// M5Configuration ::= SEQUENCE.
    pub struct M5Configuration<'a> {
        /// m5period
        Req m5period: M5Period,
        /// m5-links-to-log
        Req m5_links_to_log: LinksToLog,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// TunnelInformation ::= SEQUENCE.
    pub struct TunnelInformation<'a> {
        /// transportLayerAddress
        Req transport_layer_address: BitStr<'a, 1, 160, true>,
        /// uDP-Port-Number
        Opt udp_port_number: OctetStr<'a, 2, 2, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// MDTPLMNList ::= SEQUENCE OF.
pub type MdtPlmnList<'a> = SeqOf<OctetStr<'a, 3, 3, false>, 1, 16, false>;

aper_sequence! {
    /// COUNTValueExtended ::= SEQUENCE.
    pub struct CountValueExtended<'a> {
        /// pDCP-SNExtended
        Req pdcp_sn_extended: Int<0, 32767, false>,
        /// hFNModified
        Req hfn_modified: Int<0, 131071, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// TransportInformation ::= SEQUENCE.
    pub struct TransportInformation<'a> {
        /// transportLayerAddress
        Req transport_layer_address: BitStr<'a, 1, 160, true>,
        /// uL-GTP-TEID
        Req ul_gtp_teid: OctetStr<'a, 4, 4, false>,
    }
}

aper_enum! {
    /// AdditionalCSFallbackIndicator ::= ENUMERATED (extensible).
    pub enum AdditionalCsFallbackIndicator {
        extensible: true,
        root: [
            /// no-restriction
            NoRestriction = "no_restriction",
            /// restriction
            Restriction = "restriction"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// UserLocationInformation ::= SEQUENCE.
    pub struct UserLocationInformation<'a> {
        /// eutran-cgi
        Req eutran_cgi: Ecgi<'a, S1apIe<'a>>,
        /// tai
        Req tai: Tai<'a, S1apIe<'a>>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// ENBIndirectX2TransportLayerAddresses ::= SEQUENCE OF.
pub type EnbIndirectX2TransportLayerAddresses<'a> = SeqOf<BitStr<'a, 1, 160, true>, 1, 2, false>;

aper_enum! {
    /// ProSeDirectDiscovery ::= ENUMERATED (extensible).
    pub enum ProseDirectDiscovery {
        extensible: true,
        root: [
            /// authorized
            Authorized = "authorized",
            /// not-authorized
            NotAuthorized = "not_authorized"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// ProSeDirectCommunication ::= ENUMERATED (extensible).
    pub enum ProseDirectCommunication {
        extensible: true,
        root: [
            /// authorized
            Authorized = "authorized",
            /// not-authorized
            NotAuthorized = "not_authorized"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// ProSeAuthorized ::= SEQUENCE.
    pub struct ProseAuthorized<'a> {
        /// proSeDirectDiscovery
        Opt prose_direct_discovery: ProseDirectDiscovery,
        /// proSeDirectCommunication
        Opt prose_direct_communication: ProseDirectCommunication,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_int_set! {
    /// INTEGER with a union of values and ranges as constraint.
    pub struct ExpectedActivityPeriodSet(lb: 1, ub: 181, ext: true, ranges: [(1, 30), (40, 40), (50, 50), (60, 60), (80, 80), (100, 100), (120, 120), (150, 150), (180, 180), (181, 181)]);
}

aper_int_set! {
    /// INTEGER with a union of values and ranges as constraint.
    pub struct ExpectedIdlePeriodSet(lb: 1, ub: 181, ext: true, ranges: [(1, 30), (40, 40), (50, 50), (60, 60), (80, 80), (100, 100), (120, 120), (150, 150), (180, 180), (181, 181)]);
}

aper_enum! {
    /// SourceOfUEActivityBehaviourInformation ::= ENUMERATED (extensible).
    pub enum SourceOfUeActivityBehaviourInformation {
        extensible: true,
        root: [
            /// subscription-information
            SubscriptionInformation = "subscription_information",
            /// statistics
            Statistics = "statistics"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// ExpectedUEActivityBehaviour ::= SEQUENCE.
    pub struct ExpectedUeActivityBehaviour<'a> {
        /// expectedActivityPeriod
        Opt expected_activity_period: ExpectedActivityPeriodSet,
        /// expectedIdlePeriod
        Opt expected_idle_period: ExpectedIdlePeriodSet,
        /// sourceofUEActivityBehaviourInformation
        Opt sourceof_ue_activity_behaviour_information: SourceOfUeActivityBehaviourInformation,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// ExpectedHOInterval ::= ENUMERATED (extensible).
    pub enum ExpectedHoInterval {
        extensible: true,
        root: [
            /// sec15
            Sec15 = "sec15",
            /// sec30
            Sec30 = "sec30",
            /// sec60
            Sec60 = "sec60",
            /// sec90
            Sec90 = "sec90",
            /// sec120
            Sec120 = "sec120",
            /// sec180
            Sec180 = "sec180",
            /// long-time
            LongTime = "long_time"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// ExpectedUEBehaviour ::= SEQUENCE.
    pub struct ExpectedUeBehaviour<'a> {
        /// expectedActivity
        Opt expected_activity: ExpectedUeActivityBehaviour<'a>,
        /// expectedHOInterval
        Opt expected_ho_interval: ExpectedHoInterval,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// MutingAvailabilityIndication ::= ENUMERATED (extensible).
    pub enum MutingAvailabilityIndication {
        extensible: true,
        root: [
            /// available
            Available = "available",
            /// unavailable
            Unavailable = "unavailable"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// muting-pattern-period ::= ENUMERATED (extensible).
    pub enum MutingPatternPeriod {
        extensible: true,
        root: [
            /// ms0
            Ms0 = "ms0",
            /// ms1280
            Ms1280 = "ms1280",
            /// ms2560
            Ms2560 = "ms2560",
            /// ms5120
            Ms5120 = "ms5120",
            /// ms10240
            Ms10240 = "ms10240"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// MutingPatternInformation ::= SEQUENCE.
    pub struct MutingPatternInformation<'a> {
        /// muting-pattern-period
        Req muting_pattern_period: MutingPatternPeriod,
        /// muting-pattern-offset
        Opt muting_pattern_offset: Int<0, 10239, true>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// pattern-period ::= ENUMERATED (extensible).
    pub enum PatternPeriod {
        extensible: true,
        root: [
            /// ms1280
            Ms1280 = "ms1280",
            /// ms2560
            Ms2560 = "ms2560",
            /// ms5120
            Ms5120 = "ms5120",
            /// ms10240
            Ms10240 = "ms10240"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// ListeningSubframePattern ::= SEQUENCE.
    pub struct ListeningSubframePattern<'a> {
        /// pattern-period
        Req pattern_period: PatternPeriod,
        /// pattern-offset
        Req pattern_offset: Int<0, 10239, true>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// ECGI-List ::= SEQUENCE OF.
pub type EcgiList<'a> = SeqOf<Ecgi<'a, S1apIe<'a>>, 1, 256, false>;

aper_sequence! {
    /// SynchronisationInformation ::= SEQUENCE.
    pub struct SynchronisationInformation<'a> {
        /// sourceStratumLevel
        Opt source_stratum_level: Int<0, 3, true>,
        /// listeningSubframePattern
        Opt listening_subframe_pattern: ListeningSubframePattern<'a>,
        /// aggressoreCGI-List
        Opt aggressore_cgi_list: EcgiList<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// RecommendedCellItem ::= SEQUENCE.
    pub struct RecommendedCellItem<'a> {
        /// eUTRAN-CGI
        Req eutran_cgi: Ecgi<'a, S1apIe<'a>>,
        /// timeStayedInCell
        Opt time_stayed_in_cell: Int<0, 4095, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// RecommendedCellList ::= SEQUENCE OF.
pub type RecommendedCellList<'a> = ItemList<'a, S1apIe<'a>, RecommendedCellItem<'a>, 214, 1, 16>;

aper_sequence! {
    /// RecommendedCellsForPaging ::= SEQUENCE.
    pub struct RecommendedCellsForPaging<'a> {
        /// recommendedCellList
        Req recommended_cell_list: RecommendedCellList<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// AssistanceDataForRecommendedCells ::= SEQUENCE.
    pub struct AssistanceDataForRecommendedCells<'a> {
        /// recommendedCellsForPaging
        Req recommended_cells_for_paging: RecommendedCellsForPaging<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// CellIdentifierAndCELevelForCECapableUEs ::= SEQUENCE.
    pub struct CellIdentifierAndCeLevelForCeCapableUes<'a> {
        /// global-Cell-ID
        Req global_cell_id: Ecgi<'a, S1apIe<'a>>,
        /// cELevel
        Req ce_level: OctetStr<'a, 0, { usize::MAX }, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// AssistanceDataForCECapableUEs ::= SEQUENCE.
    pub struct AssistanceDataForCeCapableUes<'a> {
        /// cellIdentifierAndCELevelForCECapableUEs
        Req cell_identifier_and_ce_level_for_ce_capable_ues: CellIdentifierAndCeLevelForCeCapableUes<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// NextPagingAreaScope ::= ENUMERATED (extensible).
    pub enum NextPagingAreaScope {
        extensible: true,
        root: [
            /// same
            Same = "same",
            /// changed
            Changed = "changed"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// PagingAttemptInformation ::= SEQUENCE.
    pub struct PagingAttemptInformation<'a> {
        /// pagingAttemptCount
        Req paging_attempt_count: Int<1, 16, true>,
        /// intendedNumberOfPagingAttempts
        Req intended_number_of_paging_attempts: Int<1, 16, true>,
        /// nextPagingAreaScope
        Opt next_paging_area_scope: NextPagingAreaScope,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// AssistanceDataForPaging ::= SEQUENCE.
    pub struct AssistanceDataForPaging<'a> {
        /// assistanceDataForRecommendedCells
        Opt assistance_data_for_recommended_cells: AssistanceDataForRecommendedCells<'a>,
        /// assistanceDataForCECapableUEs
        Opt assistance_data_for_ce_capable_ues: AssistanceDataForCeCapableUes<'a>,
        /// pagingAttemptInformation
        Opt paging_attempt_information: PagingAttemptInformation<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_choice! {
    /// MMEPagingTarget ::= CHOICE.
    pub enum MmePagingTarget<'a> {
        extensible: true,
        root: [
            /// global-ENB-ID
            GlobalEnbId(GlobalEnbId<'a, S1apIe<'a>>) = "global_enb_id",
            /// tAI
            Tai(Tai<'a, S1apIe<'a>>) = "tai",
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// RecommendedENBItem ::= SEQUENCE.
    pub struct RecommendedEnbItem<'a> {
        /// mMEPagingTarget
        Req mme_paging_target: MmePagingTarget<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// RecommendedENBList ::= SEQUENCE OF.
pub type RecommendedEnbList<'a> = ItemList<'a, S1apIe<'a>, RecommendedEnbItem<'a>, 215, 1, 16>;

aper_sequence! {
    /// RecommendedENBsForPaging ::= SEQUENCE.
    pub struct RecommendedEnbsForPaging<'a> {
        /// recommendedENBList
        Req recommended_enb_list: RecommendedEnbList<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// InformationOnRecommendedCellsAndENBsForPaging ::= SEQUENCE.
    pub struct InformationOnRecommendedCellsAndEnbsForPaging<'a> {
        /// recommendedCellsForPaging
        Req recommended_cells_for_paging: RecommendedCellsForPaging<'a>,
        /// recommendENBsForPaging
        Req recommend_enbs_for_paging: RecommendedEnbsForPaging<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// ProSeUEtoNetworkRelaying ::= ENUMERATED (extensible).
    pub enum ProseUeToNetworkRelaying {
        extensible: true,
        root: [
            /// authorized
            Authorized = "authorized",
            /// not-authorized
            NotAuthorized = "not_authorized"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// COUNTvaluePDCP-SNlength18 ::= SEQUENCE.
    pub struct CountValuePdcpSnLength18<'a> {
        /// pDCP-SNlength18
        Req pdcp_sn_length18: Int<0, 262143, false>,
        /// hFNforPDCP-SNlength18
        Req hfn_for_pdcp_sn_length18: Int<0, 16383, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// M6report-Interval ::= ENUMERATED (extensible).
    pub enum M6ReportInterval {
        extensible: true,
        root: [
            /// ms1024
            Ms1024 = "ms1024",
            /// ms2048
            Ms2048 = "ms2048",
            /// ms5120
            Ms5120 = "ms5120",
            /// ms10240
            Ms10240 = "ms10240"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// M6delay-threshold ::= ENUMERATED (extensible).
    pub enum M6DelayThreshold {
        extensible: true,
        root: [
            /// ms30
            Ms30 = "ms30",
            /// ms40
            Ms40 = "ms40",
            /// ms50
            Ms50 = "ms50",
            /// ms60
            Ms60 = "ms60",
            /// ms70
            Ms70 = "ms70",
            /// ms80
            Ms80 = "ms80",
            /// ms90
            Ms90 = "ms90",
            /// ms100
            Ms100 = "ms100",
            /// ms150
            Ms150 = "ms150",
            /// ms300
            Ms300 = "ms300",
            /// ms500
            Ms500 = "ms500",
            /// ms750
            Ms750 = "ms750"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// M6Configuration ::= SEQUENCE.
    pub struct M6Configuration<'a> {
        /// m6report-Interval
        Req m6report_interval: M6ReportInterval,
        /// m6delay-threshold
        Opt m6delay_threshold: M6DelayThreshold,
        /// m6-links-to-log
        Req m6_links_to_log: LinksToLog,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// M7Configuration ::= SEQUENCE.
    pub struct M7Configuration<'a> {
        /// m7period
        Req m7period: Int<1, 60, true>,
        /// m7-links-to-log
        Req m7_links_to_log: LinksToLog,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// Paging-eDRX-Cycle ::= ENUMERATED (extensible).
    pub enum PagingEdrxCycle {
        extensible: true,
        root: [
            /// hfhalf
            Hfhalf = "hfhalf",
            /// hf1
            Hf1 = "hf1",
            /// hf2
            Hf2 = "hf2",
            /// hf4
            Hf4 = "hf4",
            /// hf6
            Hf6 = "hf6",
            /// hf8
            Hf8 = "hf8",
            /// hf10
            Hf10 = "hf10",
            /// hf12
            Hf12 = "hf12",
            /// hf14
            Hf14 = "hf14",
            /// hf16
            Hf16 = "hf16",
            /// hf32
            Hf32 = "hf32",
            /// hf64
            Hf64 = "hf64",
            /// hf128
            Hf128 = "hf128",
            /// hf256
            Hf256 = "hf256"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// PagingTimeWindow ::= ENUMERATED (extensible).
    pub enum PagingTimeWindow {
        extensible: true,
        root: [
            /// s1
            S1 = "s1",
            /// s2
            S2 = "s2",
            /// s3
            S3 = "s3",
            /// s4
            S4 = "s4",
            /// s5
            S5 = "s5",
            /// s6
            S6 = "s6",
            /// s7
            S7 = "s7",
            /// s8
            S8 = "s8",
            /// s9
            S9 = "s9",
            /// s10
            S10 = "s10",
            /// s11
            S11 = "s11",
            /// s12
            S12 = "s12",
            /// s13
            S13 = "s13",
            /// s14
            S14 = "s14",
            /// s15
            S15 = "s15",
            /// s16
            S16 = "s16"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// Paging-eDRXInformation ::= SEQUENCE.
    pub struct PagingEdrxInformation<'a> {
        /// paging-eDRX-Cycle
        Req paging_edrx_cycle: PagingEdrxCycle,
        /// pagingTimeWindow
        Opt paging_time_window: PagingTimeWindow,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// UE-RetentionInformation ::= ENUMERATED (extensible).
    pub enum UeRetentionInformation {
        extensible: true,
        root: [
            /// ues-retained
            UesRetained = "ues_retained"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// RAT-Type ::= ENUMERATED (extensible).
    pub enum RatType {
        extensible: true,
        root: [
            /// nbiot
            Nbiot = "nbiot"
        ],
        additions: [
            /// nbiot-leo
            NbiotLeo = "nbiot_leo",
            /// nbiot-meo
            NbiotMeo = "nbiot_meo",
            /// nbiot-geo
            NbiotGeo = "nbiot_geo",
            /// nbiot-othersat
            NbiotOthersat = "nbiot_othersat",
            /// eutran-leo
            EutranLeo = "eutran_leo",
            /// eutran-meo
            EutranMeo = "eutran_meo",
            /// eutran-geo
            EutranGeo = "eutran_geo",
            /// eutran-othersat
            EutranOthersat = "eutran_othersat",
        ],
    }
}

aper_enum! {
    /// BearerType ::= ENUMERATED (extensible).
    pub enum BearerType {
        extensible: true,
        root: [
            /// non-IP
            NonIp = "non_ip"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// NB-IoT-DefaultPagingDRX ::= ENUMERATED (extensible).
    pub enum NbIotDefaultPagingDrx {
        extensible: true,
        root: [
            /// v128
            V128 = "v128",
            /// v256
            V256 = "v256",
            /// v512
            V512 = "v512",
            /// v1024
            V1024 = "v1024"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// NB-IoT-Paging-eDRX-Cycle ::= ENUMERATED (extensible).
    pub enum NbIotPagingEdrxCycle {
        extensible: true,
        root: [
            /// hf2
            Hf2 = "hf2",
            /// hf4
            Hf4 = "hf4",
            /// hf6
            Hf6 = "hf6",
            /// hf8
            Hf8 = "hf8",
            /// hf10
            Hf10 = "hf10",
            /// hf12
            Hf12 = "hf12",
            /// hf14
            Hf14 = "hf14",
            /// hf16
            Hf16 = "hf16",
            /// hf32
            Hf32 = "hf32",
            /// hf64
            Hf64 = "hf64",
            /// hf128
            Hf128 = "hf128",
            /// hf256
            Hf256 = "hf256",
            /// hf512
            Hf512 = "hf512",
            /// hf1024
            Hf1024 = "hf1024"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// NB-IoT-PagingTimeWindow ::= ENUMERATED (extensible).
    pub enum NbIotPagingTimeWindow {
        extensible: true,
        root: [
            /// s1
            S1 = "s1",
            /// s2
            S2 = "s2",
            /// s3
            S3 = "s3",
            /// s4
            S4 = "s4",
            /// s5
            S5 = "s5",
            /// s6
            S6 = "s6",
            /// s7
            S7 = "s7",
            /// s8
            S8 = "s8",
            /// s9
            S9 = "s9",
            /// s10
            S10 = "s10",
            /// s11
            S11 = "s11",
            /// s12
            S12 = "s12",
            /// s13
            S13 = "s13",
            /// s14
            S14 = "s14",
            /// s15
            S15 = "s15",
            /// s16
            S16 = "s16"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// NB-IoT-Paging-eDRXInformation ::= SEQUENCE.
    pub struct NbIotPagingEdrxInformation<'a> {
        /// nB-IoT-paging-eDRX-Cycle
        Req nb_iot_paging_edrx_cycle: NbIotPagingEdrxCycle,
        /// nB-IoT-pagingTimeWindow
        Opt nb_iot_paging_time_window: NbIotPagingTimeWindow,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// VehicleUE ::= ENUMERATED (extensible).
    pub enum VehicleUe {
        extensible: true,
        root: [
            /// authorized
            Authorized = "authorized",
            /// not-authorized
            NotAuthorized = "not_authorized"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// PedestrianUE ::= ENUMERATED (extensible).
    pub enum PedestrianUe {
        extensible: true,
        root: [
            /// authorized
            Authorized = "authorized",
            /// not-authorized
            NotAuthorized = "not_authorized"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// V2XServicesAuthorized ::= SEQUENCE.
    pub struct V2xServicesAuthorized<'a> {
        /// vehicleUE
        Opt vehicle_ue: VehicleUe,
        /// pedestrianUE
        Opt pedestrian_ue: PedestrianUe,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// UEUserPlaneCIoTSupportIndicator ::= ENUMERATED (extensible).
    pub enum UeUserPlaneCiotSupportIndicator {
        extensible: true,
        root: [
            /// supported
            Supported = "supported"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// CE-mode-B-SupportIndicator ::= ENUMERATED (extensible).
    pub enum CeModeBSupportIndicator {
        extensible: true,
        root: [
            /// supported
            Supported = "supported"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// SRVCCOperationNotPossible ::= ENUMERATED (extensible).
    pub enum SrvccOperationNotPossible {
        extensible: true,
        root: [
            /// notPossible
            NotPossible = "not_possible"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// ServedDCNsItem ::= SEQUENCE.
    pub struct ServedDcnsItem<'a> {
        /// dCN-ID
        Req dcn_id: Int<0, 65535, false>,
        /// relativeDCNCapacity
        Req relative_dcn_capacity: Int<0, 255, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// ServedDCNs ::= SEQUENCE OF.
pub type ServedDcns<'a> = SeqOf<ServedDcnsItem<'a>, 0, 32, false>;

aper_sequence! {
    /// UESidelinkAggregateMaximumBitrate ::= SEQUENCE.
    pub struct UeSidelinkAggregateMaximumBitrate<'a> {
        /// uESidelinkAggregateMaximumBitRate
        Req ue_sidelink_aggregate_maximum_bit_rate: Int<0, 10000000000, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// DLNASPDUDeliveryAckRequest ::= ENUMERATED (extensible).
    pub enum DlNasPduDeliveryAckRequest {
        extensible: true,
        root: [
            /// requested
            Requested = "requested"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// Coverage-Level ::= ENUMERATED (extensible).
    pub enum CoverageLevel {
        extensible: true,
        root: [
            /// extendedcoverage
            Extendedcoverage = "extendedcoverage"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// EnhancedCoverageRestricted ::= ENUMERATED (extensible).
    pub enum EnhancedCoverageRestricted {
        extensible: true,
        root: [
            /// restricted
            Restricted = "restricted"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// NRrestrictioninEPSasSecondaryRAT ::= ENUMERATED (extensible).
    pub enum NrRestrictioninEpsAsSecondaryRat {
        extensible: true,
        root: [
            /// nRrestrictedinEPSasSecondaryRAT
            NrRestrictedinEpsAsSecondaryRat = "nr_restrictedin_eps_as_secondary_rat"
        ],
        additions: [

        ],
    }
}

/// CellIdListforQMC ::= SEQUENCE OF.
pub type CellIdListforQmc<'a> = SeqOf<Ecgi<'a, S1apIe<'a>>, 1, 32, false>;

aper_sequence! {
    /// CellBasedQMC ::= SEQUENCE.
    pub struct CellBasedQmc<'a> {
        /// cellIdListforQMC
        Req cell_id_listfor_qmc: CellIdListforQmc<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// TAListforQMC ::= SEQUENCE OF.
pub type TaListforQmc<'a> = SeqOf<OctetStr<'a, 2, 2, false>, 1, 8, false>;

aper_sequence! {
    /// TABasedQMC ::= SEQUENCE.
    pub struct TaBasedQmc<'a> {
        /// tAListforQMC
        Req ta_listfor_qmc: TaListforQmc<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// TAIListforQMC ::= SEQUENCE OF.
pub type TaiListforQmc<'a> = SeqOf<Tai<'a, S1apIe<'a>>, 1, 8, false>;

aper_sequence! {
    /// TAIBasedQMC ::= SEQUENCE.
    pub struct TaiBasedQmc<'a> {
        /// tAIListforQMC
        Req tai_listfor_qmc: TaiListforQmc<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// PLMNListforQMC ::= SEQUENCE OF.
pub type PlmnListforQmc<'a> = SeqOf<OctetStr<'a, 3, 3, false>, 1, 16, false>;

aper_sequence! {
    /// PLMNAreaBasedQMC ::= SEQUENCE.
    pub struct PlmnAreaBasedQmc<'a> {
        /// plmnListforQMC
        Req plmn_listfor_qmc: PlmnListforQmc<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_choice! {
    /// AreaScopeOfQMC ::= CHOICE.
    pub enum AreaScopeOfQmc<'a> {
        extensible: true,
        root: [
            /// cellBased
            CellBased(CellBasedQmc<'a>) = "cell_based",
            /// tABased
            TaBased(TaBasedQmc<'a>) = "ta_based",
            /// tAIBased
            TaiBased(TaiBasedQmc<'a>) = "tai_based",
            /// pLMNAreaBased
            PlmnAreaBased(PlmnAreaBasedQmc<'a>) = "plmn_area_based",
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// UEAppLayerMeasConfig ::= SEQUENCE.
    pub struct UeAppLayerMeasConfig<'a> {
        /// containerForAppLayerMeasConfig
        Req container_for_app_layer_meas_config: OctetStr<'a, 1, 1000, false>,
        /// areaScopeOfQMC
        Req area_scope_of_qmc: AreaScopeOfQmc<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// SecondaryRATType ::= ENUMERATED (extensible).
    pub enum SecondaryRatType {
        extensible: true,
        root: [
            /// nR
            Nr = "nr"
        ],
        additions: [
            /// unlicensed
            Unlicensed = "unlicensed",
        ],
    }
}

aper_sequence! {
    /// E-RABUsageReportItem ::= SEQUENCE.
    pub struct ERabUsageReportItem<'a> {
        /// startTimestamp
        Req start_timestamp: OctetStr<'a, 4, 4, false>,
        /// endTimestamp
        Req end_timestamp: OctetStr<'a, 4, 4, false>,
        /// usageCountUL
        Req usage_count_ul: U64Full,
        /// usageCountDL
        Req usage_count_dl: U64Full,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABUsageReportList ::= SEQUENCE OF.
pub type ERabUsageReportList<'a> = ItemList<'a, S1apIe<'a>, ERabUsageReportItem<'a>, 267, 1, 2>;

aper_sequence! {
    /// SecondaryRATDataUsageReportItem ::= SEQUENCE.
    pub struct SecondaryRatDataUsageReportItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// secondaryRATType
        Req secondary_rat_type: SecondaryRatType,
        /// e-RABUsageReportList
        Req e_rab_usage_report_list: ERabUsageReportList<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// SecondaryRATDataUsageReportList ::= SEQUENCE OF.
pub type SecondaryRatDataUsageReportList<'a> =
    ItemList<'a, S1apIe<'a>, SecondaryRatDataUsageReportItem<'a>, 265, 1, 256>;

aper_sequence! {
    /// NRUESecurityCapabilities ::= SEQUENCE.
    pub struct NrUeSecurityCapabilities<'a> {
        /// nRencryptionAlgorithms
        Req nr_encryption_algorithms: BitStr<'a, 16, 16, true>,
        /// nRintegrityProtectionAlgorithms
        Req nr_integrity_protection_algorithms: BitStr<'a, 16, 16, true>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// UnlicensedSpectrumRestriction ::= ENUMERATED (extensible).
    pub enum UnlicensedSpectrumRestriction {
        extensible: true,
        root: [
            /// unlicensed-restricted
            UnlicensedRestricted = "unlicensed_restricted"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// CE-ModeBRestricted ::= ENUMERATED (extensible).
    pub enum CeModeBRestricted {
        extensible: true,
        root: [
            /// restricted
            Restricted = "restricted",
            /// not-restricted
            NotRestricted = "not_restricted"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// UECapabilityInfoRequest ::= ENUMERATED (extensible).
    pub enum UeCapabilityInfoRequest {
        extensible: true,
        root: [
            /// requested
            Requested = "requested"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// ServiceType ::= ENUMERATED (extensible).
    pub enum ServiceType {
        extensible: true,
        root: [
            /// qMC-for-streaming-service
            QmcForStreamingService = "qmc_for_streaming_service",
            /// qMC-for-MTSI-service
            QmcForMtsiService = "qmc_for_mtsi_service"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// AerialUEsubscriptionInformation ::= ENUMERATED (extensible).
    pub enum AerialUeSubscriptionInformation {
        extensible: true,
        root: [
            /// allowed
            Allowed = "allowed",
            /// not-allowed
            NotAllowed = "not_allowed"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// periodicCommunicationIndicator ::= ENUMERATED (extensible).
    pub enum PeriodicCommunicationIndicator {
        extensible: true,
        root: [
            /// periodically
            Periodically = "periodically",
            /// ondemand
            Ondemand = "ondemand"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// ScheduledCommunicationTime ::= SEQUENCE.
    pub struct ScheduledCommunicationTime<'a> {
        /// dayofWeek
        Opt dayof_week: BitStr<'a, 7, 7, false>,
        /// timeofDayStart
        Opt timeof_day_start: Int<0, 86399, true>,
        /// timeofDayEnd
        Opt timeof_day_end: Int<0, 86399, true>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// stationaryIndication ::= ENUMERATED (extensible).
    pub enum StationaryIndication {
        extensible: true,
        root: [
            /// stationary
            Stationary = "stationary",
            /// mobile
            Mobile = "mobile"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// trafficProfile ::= ENUMERATED (extensible).
    pub enum TrafficProfile {
        extensible: true,
        root: [
            /// single-packet
            SinglePacket = "single_packet",
            /// dual-packets
            DualPackets = "dual_packets",
            /// multiple-packets
            MultiplePackets = "multiple_packets"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// batteryIndication ::= ENUMERATED (extensible).
    pub enum BatteryIndication {
        extensible: true,
        root: [
            /// battery-powered
            BatteryPowered = "battery_powered",
            /// battery-powered-not-rechargeable-or-replaceable
            BatteryPoweredNotRechargeableOrReplaceable = "battery_powered_not_rechargeable_or_replaceable",
            /// not-battery-powered
            NotBatteryPowered = "not_battery_powered"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// Subscription-Based-UE-DifferentiationInfo ::= SEQUENCE.
    pub struct SubscriptionBasedUeDifferentiationInfo<'a> {
        /// periodicCommunicationIndicator
        Opt periodic_communication_indicator: PeriodicCommunicationIndicator,
        /// periodicTime
        Opt periodic_time: Int<1, 3600, true>,
        /// scheduledCommunicationTime
        Opt scheduled_communication_time: ScheduledCommunicationTime<'a>,
        /// stationaryIndication
        Opt stationary_indication: StationaryIndication,
        /// trafficProfile
        Opt traffic_profile: TrafficProfile,
        /// batteryIndication
        Opt battery_indication: BatteryIndication,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// EndIndication ::= ENUMERATED (extensible).
    pub enum EndIndication {
        extensible: true,
        root: [
            /// no-further-data
            NoFurtherData = "no_further_data",
            /// further-data-exists
            FurtherDataExists = "further_data_exists"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// EDT-Session ::= ENUMERATED (extensible).
    pub enum EdtSession {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// CNType ::= ENUMERATED (extensible).
    pub enum CnType {
        extensible: true,
        root: [
            /// fiveGCForbidden
            FiveGcForbidden = "five_gc_forbidden"
        ],
        additions: [
            /// epc-Forbiddden
            EpcForbiddden = "epc_forbiddden",
        ],
    }
}

aper_sequence! {
    /// CNTypeRestrictions-Item ::= SEQUENCE.
    pub struct CnTypeRestrictionsItem<'a> {
        /// pLMN-Identity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// cNType
        Req cn_type: CnType,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// CNTypeRestrictions ::= SEQUENCE OF.
pub type CnTypeRestrictions<'a> = SeqOf<CnTypeRestrictionsItem<'a>, 1, 16, false>;

aper_enum! {
    /// PendingDataIndication ::= ENUMERATED (extensible).
    pub enum PendingDataIndication {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// BluetoothMeasConfig ::= ENUMERATED (extensible).
    pub enum BluetoothMeasConfig {
        extensible: true,
        root: [
            /// setup
            Setup = "setup"
        ],
        additions: [

        ],
    }
}

/// BluetoothMeasConfigNameList ::= SEQUENCE OF.
pub type BluetoothMeasConfigNameList<'a> = SeqOf<OctetStr<'a, 1, 248, false>, 1, 4, false>;

aper_enum! {
    /// bt-rssi ::= ENUMERATED (extensible).
    pub enum BtRssi {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// BluetoothMeasurementConfiguration ::= SEQUENCE.
    pub struct BluetoothMeasurementConfiguration<'a> {
        /// bluetoothMeasConfig
        Req bluetooth_meas_config: BluetoothMeasConfig,
        /// bluetoothMeasConfigNameList
        Opt bluetooth_meas_config_name_list: BluetoothMeasConfigNameList<'a>,
        /// bt-rssi
        Opt bt_rssi: BtRssi,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// WLANMeasConfig ::= ENUMERATED (extensible).
    pub enum WlanMeasConfig {
        extensible: true,
        root: [
            /// setup
            Setup = "setup"
        ],
        additions: [

        ],
    }
}

/// WLANMeasConfigNameList ::= SEQUENCE OF.
pub type WlanMeasConfigNameList<'a> = SeqOf<OctetStr<'a, 1, 32, false>, 1, 4, false>;

aper_enum! {
    /// wlan-rssi ::= ENUMERATED (extensible).
    pub enum WlanRssi {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// wlan-rtt ::= ENUMERATED (extensible).
    pub enum WlanRtt {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// WLANMeasurementConfiguration ::= SEQUENCE.
    pub struct WlanMeasurementConfiguration<'a> {
        /// wlanMeasConfig
        Req wlan_meas_config: WlanMeasConfig,
        /// wlanMeasConfigNameList
        Opt wlan_meas_config_name_list: WlanMeasConfigNameList<'a>,
        /// wlan-rssi
        Opt wlan_rssi: WlanRssi,
        /// wlan-rtt
        Opt wlan_rtt: WlanRtt,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// NRrestrictionin5GS ::= ENUMERATED (extensible).
    pub enum NrRestrictionin5gs {
        extensible: true,
        root: [
            /// nRrestrictedin5GS
            NrRestrictedin5gs = "nr_restrictedin_5gs"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// NR-CGI ::= SEQUENCE.
    pub struct NrCgi<'a> {
        /// pLMNIdentity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// nRCellIdentity
        Req nr_cell_identity: BitId<36>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// PSCellInformation ::= SEQUENCE.
    pub struct PsCellInformation<'a> {
        /// nCGI
        Req ncgi: NrCgi<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// IMSvoiceEPSfallbackfrom5G ::= ENUMERATED (extensible).
    pub enum ImsVoiceEpsFallbackfrom5g {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// RequestTypeAdditionalInfo ::= ENUMERATED (extensible).
    pub enum RequestTypeAdditionalInfo {
        extensible: true,
        root: [
            /// includePSCell
            IncludePsCell = "include_ps_cell"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// ContextatSource ::= SEQUENCE.
    pub struct ContextatSource<'a> {
        /// sourceNG-RAN-node-ID
        Req source_ng_ran_node_id: GlobalRanNodeId<'a>,
        /// rAN-UE-NGAP-ID
        Req ran_ue_ngap_id: Int<0, 4294967295, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// IAB-Authorized ::= ENUMERATED (extensible).
    pub enum IabAuthorized {
        extensible: true,
        root: [
            /// authorized
            Authorized = "authorized",
            /// not-authorized
            NotAuthorized = "not_authorized"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// IAB-Node-Indication ::= ENUMERATED (extensible).
    pub enum IabNodeIndication {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// IAB-Supported ::= ENUMERATED (extensible).
    pub enum IabSupported {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// Ethernet-Type ::= ENUMERATED (extensible).
    pub enum EthernetType {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// NRV2XServicesAuthorized ::= SEQUENCE.
    pub struct NrV2xServicesAuthorized<'a> {
        /// vehicleUE
        Opt vehicle_ue: VehicleUe,
        /// pedestrianUE
        Opt pedestrian_ue: PedestrianUe,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// NRUESidelinkAggregateMaximumBitrate ::= SEQUENCE.
    pub struct NrUeSidelinkAggregateMaximumBitrate<'a> {
        /// uEaggregateMaximumBitRate
        Req ue_aggregate_maximum_bit_rate: Int<0, 10000000000, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// PC5FlowBitRates ::= SEQUENCE.
    pub struct Pc5FlowBitRates<'a> {
        /// guaranteedFlowBitRate
        Req guaranteed_flow_bit_rate: Int<0, 10000000000, false>,
        /// maximumFlowBitRate
        Req maximum_flow_bit_rate: Int<0, 10000000000, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// Range ::= ENUMERATED (extensible).
    pub enum Range {
        extensible: true,
        root: [
            /// m50
            M50 = "m50",
            /// m80
            M80 = "m80",
            /// m180
            M180 = "m180",
            /// m200
            M200 = "m200",
            /// m350
            M350 = "m350",
            /// m400
            M400 = "m400",
            /// m500
            M500 = "m500",
            /// m700
            M700 = "m700",
            /// m1000
            M1000 = "m1000"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// PC5QoSFlowItem ::= SEQUENCE.
    pub struct Pc5QosFlowItem<'a> {
        /// pQI
        Req pqi: Int<0, 255, true>,
        /// pc5FlowBitRates
        Opt pc5_flow_bit_rates: Pc5FlowBitRates<'a>,
        /// range
        Opt range: Range,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// PC5QoSFlowList ::= SEQUENCE OF.
pub type Pc5QosFlowList<'a> = SeqOf<Pc5QosFlowItem<'a>, 1, 2048, false>;

aper_sequence! {
    /// PC5QoSParameters ::= SEQUENCE.
    pub struct Pc5QosParameters<'a> {
        /// pc5QoSFlowList
        Req pc5_qos_flow_list: Pc5QosFlowList<'a>,
        /// pc5LinkAggregatedBitRates
        Opt pc5_link_aggregated_bit_rates: Int<0, 10000000000, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// subcarrierSpacingSSB ::= ENUMERATED (extensible).
    pub enum SubcarrierSpacingSsb {
        extensible: true,
        root: [
            /// kHz15
            KHz15 = "k_hz15",
            /// kHz30
            KHz30 = "k_hz30",
            /// kHz60
            KHz60 = "k_hz60",
            /// kHz120
            KHz120 = "k_hz120",
            /// kHz240
            KHz240 = "k_hz240"
        ],
        additions: [
            /// kHz480
            KHz480 = "k_hz480",
            /// kHz960
            KHz960 = "k_hz960",
        ],
    }
}

aper_sequence! {
    /// InterSystemMeasurementItem ::= SEQUENCE.
    pub struct InterSystemMeasurementItem<'a> [root_only] {
        /// freqBandIndicatorNR
        Req freq_band_indicator_nr: Int<1, 1024, false>,
        /// sSBfrequencies
        Req ss_bfrequencies: Int<0, 3279165, false>,
        /// subcarrierSpacingSSB
        Req subcarrier_spacing_ssb: SubcarrierSpacingSsb,
        /// maxRSIndexCellQual
        Opt max_rs_index_cell_qual: Int<1, 16, false>,
        /// sMTC
        Opt smtc: OctetStr<'a, 0, { usize::MAX }, false>,
        /// threshRS-Index-r15
        Opt thresh_rs_index_r15: OctetStr<'a, 0, { usize::MAX }, false>,
        /// sSBToMeasure
        Opt ssb_to_measure: OctetStr<'a, 0, { usize::MAX }, false>,
        /// sSRSSIMeasurement
        Opt ssrssi_measurement: OctetStr<'a, 0, { usize::MAX }, false>,
        /// quantityConfigNR-R15
        Opt quantity_config_nr_r15: OctetStr<'a, 0, { usize::MAX }, false>,
        /// excludedCellsToAddModList
        Opt excluded_cells_to_add_mod_list: OctetStr<'a, 0, { usize::MAX }, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// InterSystemMeasurementList ::= SEQUENCE OF.
pub type InterSystemMeasurementList<'a> = SeqOf<InterSystemMeasurementItem<'a>, 1, 64, false>;

aper_sequence! {
    /// InterSystemMeasurementParameters ::= SEQUENCE.
    pub struct InterSystemMeasurementParameters<'a> {
        /// measurementDuration
        Req measurement_duration: Int<1, 100, false>,
        /// interSystemMeasurementList
        Opt inter_system_measurement_list: InterSystemMeasurementList<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// IntersystemMeasurementConfiguration ::= SEQUENCE.
    pub struct IntersystemMeasurementConfiguration<'a> {
        /// rSRP
        Opt rsrp: Int<0, 127, false>,
        /// rSRQ
        Opt rsrq: Int<0, 127, false>,
        /// sINR
        Opt sinr: Int<0, 127, false>,
        /// interSystemMeasurementParameters
        Req inter_system_measurement_parameters: InterSystemMeasurementParameters<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// SourceNgRanNode-ID ::= SEQUENCE.
    pub struct SourceNgRanNodeId<'a> {
        /// global-RAN-NODE-ID
        Req global_ran_node_id: GlobalRanNodeId<'a>,
        /// selected-TAI
        Req selected_tai: FiveGsTai<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// dAPSIndicator ::= ENUMERATED (extensible).
    pub enum DapsIndicator {
        extensible: true,
        root: [
            /// dAPS-HO-required
            DapsHoRequired = "daps_ho_required"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// DAPSRequestInfo ::= SEQUENCE.
    pub struct DapsRequestInfo<'a> {
        /// dAPSIndicator
        Req daps_indicator: DapsIndicator,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// dapsresponseindicator ::= ENUMERATED (extensible).
    pub enum Dapsresponseindicator {
        extensible: true,
        root: [
            /// dAPS-HO-accepted
            DapsHoAccepted = "daps_ho_accepted",
            /// dAPS-HO-not-accepted
            DapsHoNotAccepted = "daps_ho_not_accepted"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// DAPSResponseInfo ::= SEQUENCE.
    pub struct DapsResponseInfo<'a> {
        /// dapsresponseindicator
        Req dapsresponseindicator: Dapsresponseindicator,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// DAPSResponseInfoItem ::= SEQUENCE.
    pub struct DapsResponseInfoItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// dAPSResponseInfo
        Req daps_response_info: DapsResponseInfo<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// DAPSResponseInfoList ::= SEQUENCE OF.
pub type DapsResponseInfoList<'a> = ItemList<'a, S1apIe<'a>, DapsResponseInfoItem<'a>, 319, 1, 256>;

aper_enum! {
    /// NotifySourceeNB ::= ENUMERATED (extensible).
    pub enum NotifySourceEnb {
        extensible: true,
        root: [
            /// notifySource
            NotifySource = "notify_source"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// PagingProbabilityInformation ::= ENUMERATED (extensible).
    pub enum PagingProbabilityInformation {
        extensible: true,
        root: [
            /// p00
            P00 = "p00",
            /// p05
            P05 = "p05",
            /// p10
            P10 = "p10",
            /// p15
            P15 = "p15",
            /// p20
            P20 = "p20",
            /// p25
            P25 = "p25",
            /// p30
            P30 = "p30",
            /// p35
            P35 = "p35",
            /// p40
            P40 = "p40",
            /// p45
            P45 = "p45",
            /// p50
            P50 = "p50",
            /// p55
            P55 = "p55",
            /// p60
            P60 = "p60",
            /// p65
            P65 = "p65",
            /// p70
            P70 = "p70",
            /// p75
            P75 = "p75",
            /// p80
            P80 = "p80",
            /// p85
            P85 = "p85",
            /// p90
            P90 = "p90",
            /// p95
            P95 = "p95",
            /// p100
            P100 = "p100"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// WUS-Assistance-Information ::= SEQUENCE.
    pub struct WusAssistanceInformation<'a> {
        /// pagingProbabilityInformation
        Req paging_probability_information: PagingProbabilityInformation,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// NB-IoT-PagingDRX ::= ENUMERATED (extensible).
    pub enum NbIotPagingDrx {
        extensible: true,
        root: [
            /// v32
            V32 = "v32",
            /// v64
            V64 = "v64",
            /// v128
            V128 = "v128",
            /// v256
            V256 = "v256",
            /// v512
            V512 = "v512",
            /// v1024
            V1024 = "v1024"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// EmergencyIndicator ::= ENUMERATED (extensible).
    pub enum EmergencyIndicator {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// LastVisitedPSCellInformation ::= SEQUENCE.
    pub struct LastVisitedPsCellInformation<'a> {
        /// pSCellID
        Opt ps_cell_id: PsCellInformation<'a>,
        /// timeStay
        Req time_stay: Int<0, 40950, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// LastVisitedPSCellList ::= SEQUENCE OF.
pub type LastVisitedPsCellList<'a> = SeqOf<LastVisitedPsCellInformation<'a>, 1, 8, false>;

aper_enum! {
    /// RACSIndication ::= ENUMERATED (extensible).
    pub enum RacSIndication {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// PagingCause ::= ENUMERATED (extensible).
    pub enum PagingCause {
        extensible: true,
        root: [
            /// voice
            Voice = "voice"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// IntegrityProtectionIndication ::= ENUMERATED (extensible).
    pub enum IntegrityProtectionIndication {
        extensible: true,
        root: [
            /// required
            Required = "required",
            /// preferred
            Preferred = "preferred",
            /// not-needed
            NotNeeded = "not_needed"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// SecurityIndication ::= SEQUENCE.
    pub struct SecurityIndication<'a> {
        /// integrityProtectionIndication
        Req integrity_protection_indication: IntegrityProtectionIndication,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_enum! {
    /// IntegrityProtectionResult ::= ENUMERATED (extensible).
    pub enum IntegrityProtectionResult {
        extensible: true,
        root: [
            /// performed
            Performed = "performed",
            /// not-performed
            NotPerformed = "not_performed"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// SecurityResult ::= SEQUENCE.
    pub struct SecurityResult<'a> {
        /// integrityProtectionResult
        Req integrity_protection_result: IntegrityProtectionResult,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// E-RABSecurityResultItem ::= SEQUENCE.
    pub struct ERabSecurityResultItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// securityResult
        Req security_result: SecurityResult<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABSecurityResultList ::= SEQUENCE OF.
pub type ERabSecurityResultList<'a> =
    ItemList<'a, S1apIe<'a>, ERabSecurityResultItem<'a>, 334, 1, 256>;

aper_sequence! {
    /// RAT-RestrictionsItem ::= SEQUENCE.
    pub struct RatRestrictionsItem<'a> {
        /// pLMNidentity
        Req plmn_identity: OctetStr<'a, 3, 3, false>,
        /// rAT-RestrictionInformation
        Req rat_restriction_information: BitStr<'a, 8, 8, true>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// RAT-Restrictions ::= SEQUENCE OF.
pub type RatRestrictions<'a> = SeqOf<RatRestrictionsItem<'a>, 1, 16, false>;

/// TACList-In-LTE-NTN ::= SEQUENCE OF.
pub type TacListInLteNtn<'a> = SeqOf<OctetStr<'a, 2, 2, false>, 1, 12, false>;

aper_sequence! {
    /// LTE-NTN-TAI-Information ::= SEQUENCE.
    pub struct LteNtnTaiInformation<'a> {
        /// servingPLMN
        Req serving_plmn: OctetStr<'a, 3, 3, false>,
        /// tACList-In-LTE-NTN
        Req tac_list_in_lte_ntn: TacListInLteNtn<'a>,
        /// uE-Location-Derived-TAC
        Opt ue_location_derived_tac: OctetStr<'a, 2, 2, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_sequence! {
    /// E-RABToBeUpdatedItem ::= SEQUENCE.
    pub struct ERabToBeUpdatedItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// securityIndication
        Opt security_indication: SecurityIndication<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// E-RABToBeUpdatedList ::= SEQUENCE OF.
pub type ERabToBeUpdatedList<'a> = ItemList<'a, S1apIe<'a>, ERabToBeUpdatedItem<'a>, 342, 1, 256>;

aper_enum! {
    /// outOfCoverage ::= ENUMERATED (extensible).
    pub enum OutOfCoverage {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// SensorMeasConfig ::= ENUMERATED (extensible).
    pub enum SensorMeasConfig {
        extensible: true,
        root: [
            /// setup
            Setup = "setup"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// uncompensatedBarometricConfig ::= ENUMERATED (extensible).
    pub enum UncompensatedBarometricConfig {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// M4ReportAmountMDT ::= ENUMERATED (extensible).
    pub enum M4ReportAmountMdt {
        extensible: true,
        root: [
            /// r1
            R1 = "r1",
            /// r2
            R2 = "r2",
            /// r4
            R4 = "r4",
            /// r8
            R8 = "r8",
            /// r16
            R16 = "r16",
            /// r32
            R32 = "r32",
            /// r64
            R64 = "r64",
            /// infinity
            Infinity = "infinity"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// M5ReportAmountMDT ::= ENUMERATED (extensible).
    pub enum M5ReportAmountMdt {
        extensible: true,
        root: [
            /// r1
            R1 = "r1",
            /// r2
            R2 = "r2",
            /// r4
            R4 = "r4",
            /// r8
            R8 = "r8",
            /// r16
            R16 = "r16",
            /// r32
            R32 = "r32",
            /// r64
            R64 = "r64",
            /// infinity
            Infinity = "infinity"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// M6ReportAmountMDT ::= ENUMERATED (extensible).
    pub enum M6ReportAmountMdt {
        extensible: true,
        root: [
            /// r1
            R1 = "r1",
            /// r2
            R2 = "r2",
            /// r4
            R4 = "r4",
            /// r8
            R8 = "r8",
            /// r16
            R16 = "r16",
            /// r32
            R32 = "r32",
            /// r64
            R64 = "r64",
            /// infinity
            Infinity = "infinity"
        ],
        additions: [

        ],
    }
}

aper_enum! {
    /// M7ReportAmountMDT ::= ENUMERATED (extensible).
    pub enum M7ReportAmountMdt {
        extensible: true,
        root: [
            /// r1
            R1 = "r1",
            /// r2
            R2 = "r2",
            /// r4
            R4 = "r4",
            /// r8
            R8 = "r8",
            /// r16
            R16 = "r16",
            /// r32
            R32 = "r32",
            /// r64
            R64 = "r64",
            /// infinity
            Infinity = "infinity"
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// TimeBasedHandoverInformation ::= SEQUENCE.
    pub struct TimeBasedHandoverInformation<'a> {
        /// hOWindowStart
        Req ho_window_start: Int<0, 1048575, false>,
        /// hOWindowDuration
        Req ho_window_duration: Int<1, 6000, false>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

aper_choice! {
    /// DLDiscarding ::= CHOICE.
    pub enum DlDiscarding<'a> {
        extensible: true,
        root: [
            /// discardDLCOUNTValuePDCP-SNlength12
            DiscardDlCountValuePdcpSnLength12(CountValue<'a>) = "discard_dl_count_value_pdcp_sn_length12",
            /// discardDLCOUNTValuePDCP-SNlength15
            DiscardDlCountValuePdcpSnLength15(CountValueExtended<'a>) = "discard_dl_count_value_pdcp_sn_length15",
            /// discardDLCOUNTValuePDCP-SNlength18
            DiscardDlCountValuePdcpSnLength18(CountValuePdcpSnLength18<'a>) = "discard_dl_count_value_pdcp_sn_length18",
        ],
        additions: [

        ],
    }
}

aper_sequence! {
    /// Bearers-SubjectToDLDiscarding-Item ::= SEQUENCE.
    pub struct BearersSubjectToDlDiscardingItem<'a> {
        /// e-RAB-ID
        Req e_rab_id: Int<0, 15, true>,
        /// dL-Discarding
        Req dl_discarding: DlDiscarding<'a>,
        /// iE-Extensions
        Ext ie_extensions: IeList<'a, S1apIe<'a>>,
    }
}

/// Bearers-SubjectToDLDiscardingList ::= SEQUENCE OF.
pub type BearersSubjectToDlDiscardingList<'a> =
    ItemList<'a, S1apIe<'a>, BearersSubjectToDlDiscardingItem<'a>, 351, 1, 256>;

aper_enum! {
    /// CoarseUELocationRequested ::= ENUMERATED (extensible).
    pub enum CoarseUeLocationRequested {
        extensible: true,
        root: [
            /// true
            True = "true"
        ],
        additions: [

        ],
    }
}
