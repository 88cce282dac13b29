//! S1AP tables (TS 36.413 as in pycrate's S1AP module): IE names, procedures, message IEs.
//!
//! Written from the ASN.1 definitions by a generator.

#![allow(clippy::manual_range_patterns)]

use super::types::*;
use crate::ap::common::*;
use crate::ap::{Criticality, PduType};
use crate::error::{DecodeResult, EncodeResult};
use crate::per::PerReader;
use crate::per::PerWriter;

/// Name of IE `id` (docs/json.md): the 3GPP `id-` name in snake_case.
pub fn ie_name(id: u16) -> Option<&'static str> {
    Some(match id {
        0 => "mme_ue_s1ap_id",
        1 => "handover_type",
        2 => "cause",
        3 => "source_id",
        4 => "target_id",
        8 => "enb_ue_s1ap_id",
        12 => "e_rab_subjectto_data_forwarding_list",
        13 => "e_rab_to_release_list_ho_cmd",
        14 => "e_rab_data_forwarding_item",
        15 => "e_rab_release_item_bearer_rel_comp",
        16 => "e_rab_to_be_setup_list_bearer_su_req",
        17 => "e_rab_to_be_setup_item_bearer_su_req",
        18 => "e_rab_admitted_list",
        19 => "e_rab_failed_to_setup_list_ho_req_ack",
        20 => "e_rab_admitted_item",
        21 => "e_rab_failedto_setup_item_ho_req_ack",
        22 => "e_rab_to_be_switched_dl_list",
        23 => "e_rab_to_be_switched_dl_item",
        24 => "e_rab_to_be_setup_list_ctxt_su_req",
        25 => "trace_activation",
        26 => "nas_pdu",
        27 => "e_rab_to_be_setup_item_ho_req",
        28 => "e_rab_setup_list_bearer_su_res",
        29 => "e_rab_failed_to_setup_list_bearer_su_res",
        30 => "e_rab_to_be_modified_list_bearer_mod_req",
        31 => "e_rab_modify_list_bearer_mod_res",
        32 => "e_rab_failed_to_modify_list",
        33 => "e_rab_to_be_released_list",
        34 => "e_rab_failed_to_release_list",
        35 => "e_rab_item",
        36 => "e_rab_to_be_modified_item_bearer_mod_req",
        37 => "e_rab_modify_item_bearer_mod_res",
        38 => "e_rab_release_item",
        39 => "e_rab_setup_item_bearer_su_res",
        40 => "security_context",
        41 => "handover_restriction_list",
        43 => "ue_paging_id",
        44 => "paging_drx",
        46 => "tai_list",
        47 => "tai_item",
        48 => "e_rab_failed_to_setup_list_ctxt_su_res",
        49 => "e_rab_release_item_ho_cmd",
        50 => "e_rab_setup_item_ctxt_su_res",
        51 => "e_rab_setup_list_ctxt_su_res",
        52 => "e_rab_to_be_setup_item_ctxt_su_req",
        53 => "e_rab_to_be_setup_list_ho_req",
        55 => "geran_to_lteho_information_res",
        57 => "utran_to_lteho_information_res",
        58 => "criticality_diagnostics",
        59 => "global_enb_id",
        60 => "enb_name",
        61 => "mme_name",
        63 => "served_plmns",
        64 => "supported_tas",
        65 => "time_to_wait",
        66 => "ue_aggregate_maximum_bitrate",
        67 => "tai",
        69 => "e_rab_release_list_bearer_rel_comp",
        70 => "cdma2000_pdu",
        71 => "cdma2000_rat_type",
        72 => "cdma2000_sector_id",
        73 => "security_key",
        74 => "ue_radio_capability",
        75 => "gummei_id",
        78 => "e_rab_information_list_item",
        79 => "direct_forwarding_path_availability",
        80 => "ue_identity_index_value",
        83 => "cdma2000_ho_status",
        84 => "cdma2000_ho_required_indication",
        86 => "eutran_trace_id",
        87 => "relative_mme_capacity",
        88 => "source_mme_ue_s1ap_id",
        89 => "bearers_subject_to_status_transfer_item",
        90 => "enb_status_transfer_transparent_container",
        91 => "ue_associated_logical_s1_connection_item",
        92 => "reset_type",
        93 => "ue_associated_logical_s1_connection_list_res_ack",
        94 => "e_rab_to_be_switched_ul_item",
        95 => "e_rab_to_be_switched_ul_list",
        96 => "s_tmsi",
        97 => "cdma2000_one_xrand",
        98 => "request_type",
        99 => "ue_s1ap_ids",
        100 => "eutran_cgi",
        101 => "overload_response",
        102 => "cdma2000_one_xsrvcc_info",
        103 => "e_rab_failed_to_be_released_list",
        104 => "source_to_target_transparent_container",
        105 => "served_gummeis",
        106 => "subscriber_profile_id_for_rfp",
        107 => "ue_security_capabilities",
        108 => "cs_fallback_indicator",
        109 => "cn_domain",
        110 => "e_rab_released_list",
        111 => "message_identifier",
        112 => "serial_number",
        113 => "warning_area_list",
        114 => "repetition_period",
        115 => "numberof_broadcast_request",
        116 => "warning_type",
        117 => "warning_security_info",
        118 => "data_coding_scheme",
        119 => "warning_message_contents",
        120 => "broadcast_completed_area_list",
        121 => "inter_system_information_transfer_type_edt",
        122 => "inter_system_information_transfer_type_mdt",
        123 => "target_to_source_transparent_container",
        124 => "srvcc_operation_possible",
        125 => "srvcc_ho_indication",
        126 => "nas_downlink_count",
        127 => "csg_id",
        128 => "csg_id_list",
        129 => "son_configuration_transfer_ect",
        130 => "son_configuration_transfer_mct",
        131 => "trace_collection_entity_ip_address",
        132 => "ms_classmark2",
        133 => "ms_classmark3",
        134 => "rrc_establishment_cause",
        135 => "nas_security_parametersfrom_eutran",
        136 => "nas_security_parametersto_eutran",
        137 => "default_paging_drx",
        138 => "source_to_target_transparent_container_secondary",
        139 => "target_to_source_transparent_container_secondary",
        140 => "eutran_round_trip_delay_estimation_info",
        141 => "broadcast_cancelled_area_list",
        142 => "concurrent_warning_message_indicator",
        143 => "data_forwarding_not_possible",
        144 => "extended_repetition_period",
        145 => "cell_access_mode",
        146 => "csg_membership_status",
        147 => "lppa_pdu",
        148 => "routing_id",
        149 => "time_synchronisation_info",
        150 => "ps_service_not_available",
        151 => "paging_priority",
        152 => "x2_tnl_configuration_info",
        153 => "enb_x2_extended_transport_layer_addresses",
        154 => "gummei_list",
        155 => "gw_transport_layer_address",
        156 => "correlation_id",
        157 => "source_mme_gummei",
        158 => "mme_ue_s1ap_id_2",
        159 => "registered_lai",
        160 => "relay_node_indicator",
        161 => "traffic_load_reduction_indication",
        162 => "mdt_configuration",
        163 => "mme_relay_support_indicator",
        164 => "gw_context_release_indication",
        165 => "management_based_mdt_allowed",
        166 => "privacy_indicator",
        167 => "time_ue_stayed_in_cell_enhanced_granularity",
        168 => "ho_cause",
        169 => "voice_support_match_indicator",
        170 => "gummei_type",
        171 => "m3_configuration",
        172 => "m4_configuration",
        173 => "m5_configuration",
        174 => "mdt_location_info",
        175 => "mobility_information",
        176 => "tunnel_information_for_bbf",
        177 => "management_based_mdt_plmn_list",
        178 => "signalling_based_mdt_plmn_list",
        179 => "ul_count_value_extended",
        180 => "dl_count_value_extended",
        181 => "receive_status_of_ul_pdcp_sdus_extended",
        182 => "ecgi_list_for_restart",
        183 => "sipto_correlation_id",
        184 => "sipto_l_gw_transport_layer_address",
        185 => "transport_information",
        186 => "lhn_id",
        187 => "additional_cs_fallback_indicator",
        188 => "tai_list_for_restart",
        189 => "user_location_information",
        190 => "emergency_area_id_list_for_restart",
        191 => "kill_all_warning_messages",
        192 => "masked_imeisv",
        193 => "enb_indirect_x2_transport_layer_addresses",
        194 => "ue_history_information_from_the_ue",
        195 => "prose_authorized",
        196 => "expected_ue_behaviour",
        197 => "logged_mbsfn_mdt",
        198 => "ue_radio_capability_for_paging",
        199 => "e_rab_to_be_modified_list_bearer_mod_ind",
        200 => "e_rab_to_be_modified_item_bearer_mod_ind",
        201 => "e_rab_not_to_be_modified_list_bearer_mod_ind",
        202 => "e_rab_not_to_be_modified_item_bearer_mod_ind",
        203 => "e_rab_modify_list_bearer_mod_conf",
        204 => "e_rab_modify_item_bearer_mod_conf",
        205 => "e_rab_failed_to_modify_list_bearer_mod_conf",
        206 => "son_information_report",
        207 => "muting_availability_indication",
        208 => "muting_pattern_information",
        209 => "synchronisation_information",
        210 => "e_rab_to_be_released_list_bearer_mod_conf",
        211 => "assistance_data_for_paging",
        212 => "cell_identifier_and_ce_level_for_ce_capable_ues",
        213 => "information_on_recommended_cells_and_enbs_for_paging",
        214 => "recommended_cell_item",
        215 => "recommended_enb_item",
        216 => "prose_ue_to_network_relaying",
        217 => "ul_count_value_pdcp_sn_length18",
        218 => "dl_count_value_pdcp_sn_length18",
        219 => "receive_status_of_ul_pdcp_sdus_pdcp_sn_length18",
        220 => "m6_configuration",
        221 => "m7_configuration",
        222 => "pw_sfailed_ecgi_list",
        223 => "mme_group_id",
        224 => "additional_guti",
        225 => "s1_message",
        226 => "csg_membership_info",
        227 => "paging_edrx_information",
        228 => "ue_retention_information",
        230 => "ue_usage_type",
        231 => "extended_ue_identity_index_value",
        232 => "rat_type",
        233 => "bearer_type",
        234 => "nb_iot_default_paging_drx",
        235 => "e_rab_failed_to_resume_list_resume_req",
        236 => "e_rab_failed_to_resume_item_resume_req",
        237 => "e_rab_failed_to_resume_list_resume_res",
        238 => "e_rab_failed_to_resume_item_resume_res",
        239 => "nb_iot_paging_edrx_information",
        240 => "v2x_services_authorized",
        241 => "ue_user_plane_ciot_support_indicator",
        242 => "ce_mode_b_support_indicator",
        243 => "srvcc_operation_not_possible",
        244 => "nb_iot_ue_identity_index_value",
        245 => "rrc_resume_cause",
        246 => "dcn_id",
        247 => "served_dcns",
        248 => "ue_sidelink_aggregate_maximum_bitrate",
        249 => "dl_nas_pdu_delivery_ack_request",
        250 => "coverage_level",
        251 => "enhanced_coverage_restricted",
        252 => "ue_level_qos_parameters",
        253 => "dl_cp_security_information",
        254 => "ul_cp_security_information",
        255 => "extended_e_rab_maximum_bitrate_dl",
        256 => "extended_e_rab_maximum_bitrate_ul",
        257 => "extended_e_rab_guaranteed_bitrate_dl",
        258 => "extended_e_rab_guaranteed_bitrate_ul",
        259 => "extended_ue_aggregate_maximum_bit_rate_dl",
        260 => "extended_ue_aggregate_maximum_bit_rate_ul",
        261 => "nr_restrictionin_eps_as_secondary_rat",
        262 => "ue_app_layer_meas_config",
        263 => "ue_application_layer_measurement_capability",
        264 => "secondary_rat_data_usage_report_list",
        265 => "secondary_rat_data_usage_report_item",
        266 => "handover_flag",
        267 => "e_rab_usage_report_item",
        268 => "secondary_rat_data_usage_request",
        269 => "nr_ue_security_capabilities",
        270 => "unlicensed_spectrum_restriction",
        271 => "ce_mode_b_restricted",
        272 => "lte_m_indication",
        273 => "downlink_packet_loss_rate",
        274 => "uplink_packet_loss_rate",
        275 => "ue_capability_info_request",
        276 => "service_type",
        277 => "aerial_ue_subscription_information",
        278 => "subscription_based_ue_differentiation_info",
        280 => "end_indication",
        281 => "edt_session",
        282 => "cn_type_restrictions",
        283 => "pending_data_indication",
        284 => "bluetooth_measurement_configuration",
        285 => "wlan_measurement_configuration",
        286 => "warning_area_coordinates",
        287 => "nr_restrictionin_5gs",
        288 => "ps_cell_information",
        290 => "last_ng_ran_plmn_identity",
        291 => "connected_en_gnb_list",
        292 => "connected_en_gnb_to_add_list",
        293 => "connected_en_gnb_to_remove_list",
        294 => "en_dcson_configuration_transfer_ect",
        295 => "en_dcson_configuration_transfer_mct",
        296 => "ims_voice_eps_fallbackfrom_5g",
        297 => "time_since_secondary_node_release",
        298 => "request_type_additional_info",
        299 => "additional_rrm_priority_index",
        300 => "contextat_source",
        301 => "iab_authorized",
        302 => "iab_node_indication",
        303 => "iab_supported",
        304 => "data_size",
        305 => "ethernet_type",
        306 => "nr_v2x_services_authorized",
        307 => "nr_ue_sidelink_aggregate_maximum_bitrate",
        308 => "pc5_qos_parameters",
        309 => "intersystem_son_configuration_transfer_mct",
        310 => "intersystem_son_configuration_transfer_ect",
        311 => "intersystem_measurement_configuration",
        312 => "source_node_id",
        313 => "nb_iot_rlf_report_container",
        314 => "ue_radio_capability_id",
        315 => "ue_radio_capability_nr_format",
        316 => "mdt_configuration_nr",
        317 => "daps_request_info",
        318 => "daps_response_info_list",
        319 => "daps_response_info_item",
        320 => "notify_source_enb",
        321 => "enb_early_status_transfer_transparent_container",
        322 => "bearers_subject_to_early_status_transfer_item",
        323 => "wus_assistance_information",
        324 => "nb_iot_paging_drx",
        325 => "trace_collection_entity_uri",
        326 => "emergency_indicator",
        327 => "ue_radio_capability_for_paging_nr_format",
        328 => "source_transport_layer_address",
        329 => "last_visited_ps_cell_list",
        330 => "rac_s_indication",
        331 => "paging_cause",
        332 => "security_indication",
        333 => "security_result",
        334 => "e_rab_security_result_item",
        335 => "e_rab_security_result_list",
        336 => "rat_restrictions",
        337 => "ue_context_referenceat_source_enb",
        339 => "lte_ntn_tai_information",
        340 => "source_node_transport_layer_address",
        341 => "e_rab_to_be_updated_list",
        342 => "e_rab_to_be_updated_item",
        343 => "source_sn_id",
        344 => "logged_mdt_trigger",
        345 => "sensor_measurement_configuration",
        346 => "m4_report_amount",
        347 => "m5_report_amount",
        348 => "m6_report_amount",
        349 => "m7_report_amount",
        350 => "time_based_handover_information",
        351 => "bearers_subject_to_dl_discarding_item",
        352 => "bearers_subject_to_dl_discarding_list",
        353 => "coarse_ue_location_requested",
        354 => "coarse_ue_location",
        _ => return None,
    })
}

/// Message name of a procedure, by PDU type.
pub fn message_name(code: u8, pdu_type: PduType) -> Option<&'static str> {
    use PduType::*;
    Some(match (code, pdu_type) {
        (0, InitiatingMessage) => "HandoverRequired",
        (0, SuccessfulOutcome) => "HandoverCommand",
        (0, UnsuccessfulOutcome) => "HandoverPreparationFailure",
        (1, InitiatingMessage) => "HandoverRequest",
        (1, SuccessfulOutcome) => "HandoverRequestAcknowledge",
        (1, UnsuccessfulOutcome) => "HandoverFailure",
        (2, InitiatingMessage) => "HandoverNotify",
        (3, InitiatingMessage) => "PathSwitchRequest",
        (3, SuccessfulOutcome) => "PathSwitchRequestAcknowledge",
        (3, UnsuccessfulOutcome) => "PathSwitchRequestFailure",
        (4, InitiatingMessage) => "HandoverCancel",
        (4, SuccessfulOutcome) => "HandoverCancelAcknowledge",
        (5, InitiatingMessage) => "E-RABSetupRequest",
        (5, SuccessfulOutcome) => "E-RABSetupResponse",
        (6, InitiatingMessage) => "E-RABModifyRequest",
        (6, SuccessfulOutcome) => "E-RABModifyResponse",
        (7, InitiatingMessage) => "E-RABReleaseCommand",
        (7, SuccessfulOutcome) => "E-RABReleaseResponse",
        (8, InitiatingMessage) => "E-RABReleaseIndication",
        (9, InitiatingMessage) => "InitialContextSetupRequest",
        (9, SuccessfulOutcome) => "InitialContextSetupResponse",
        (9, UnsuccessfulOutcome) => "InitialContextSetupFailure",
        (10, InitiatingMessage) => "Paging",
        (11, InitiatingMessage) => "DownlinkNASTransport",
        (12, InitiatingMessage) => "InitialUEMessage",
        (13, InitiatingMessage) => "UplinkNASTransport",
        (14, InitiatingMessage) => "Reset",
        (14, SuccessfulOutcome) => "ResetAcknowledge",
        (15, InitiatingMessage) => "ErrorIndication",
        (16, InitiatingMessage) => "NASNonDeliveryIndication",
        (17, InitiatingMessage) => "S1SetupRequest",
        (17, SuccessfulOutcome) => "S1SetupResponse",
        (17, UnsuccessfulOutcome) => "S1SetupFailure",
        (18, InitiatingMessage) => "UEContextReleaseRequest",
        (19, InitiatingMessage) => "DownlinkS1cdma2000tunnelling",
        (20, InitiatingMessage) => "UplinkS1cdma2000tunnelling",
        (21, InitiatingMessage) => "UEContextModificationRequest",
        (21, SuccessfulOutcome) => "UEContextModificationResponse",
        (21, UnsuccessfulOutcome) => "UEContextModificationFailure",
        (22, InitiatingMessage) => "UECapabilityInfoIndication",
        (23, InitiatingMessage) => "UEContextReleaseCommand",
        (23, SuccessfulOutcome) => "UEContextReleaseComplete",
        (24, InitiatingMessage) => "ENBStatusTransfer",
        (25, InitiatingMessage) => "MMEStatusTransfer",
        (26, InitiatingMessage) => "DeactivateTrace",
        (27, InitiatingMessage) => "TraceStart",
        (28, InitiatingMessage) => "TraceFailureIndication",
        (29, InitiatingMessage) => "ENBConfigurationUpdate",
        (29, SuccessfulOutcome) => "ENBConfigurationUpdateAcknowledge",
        (29, UnsuccessfulOutcome) => "ENBConfigurationUpdateFailure",
        (30, InitiatingMessage) => "MMEConfigurationUpdate",
        (30, SuccessfulOutcome) => "MMEConfigurationUpdateAcknowledge",
        (30, UnsuccessfulOutcome) => "MMEConfigurationUpdateFailure",
        (31, InitiatingMessage) => "LocationReportingControl",
        (32, InitiatingMessage) => "LocationReportingFailureIndication",
        (33, InitiatingMessage) => "LocationReport",
        (34, InitiatingMessage) => "OverloadStart",
        (35, InitiatingMessage) => "OverloadStop",
        (36, InitiatingMessage) => "WriteReplaceWarningRequest",
        (36, SuccessfulOutcome) => "WriteReplaceWarningResponse",
        (37, InitiatingMessage) => "ENBDirectInformationTransfer",
        (38, InitiatingMessage) => "MMEDirectInformationTransfer",
        (39, InitiatingMessage) => "PrivateMessage",
        (40, InitiatingMessage) => "ENBConfigurationTransfer",
        (41, InitiatingMessage) => "MMEConfigurationTransfer",
        (42, InitiatingMessage) => "CellTrafficTrace",
        (43, InitiatingMessage) => "KillRequest",
        (43, SuccessfulOutcome) => "KillResponse",
        (44, InitiatingMessage) => "DownlinkUEAssociatedLPPaTransport",
        (45, InitiatingMessage) => "UplinkUEAssociatedLPPaTransport",
        (46, InitiatingMessage) => "DownlinkNonUEAssociatedLPPaTransport",
        (47, InitiatingMessage) => "UplinkNonUEAssociatedLPPaTransport",
        (48, InitiatingMessage) => "UERadioCapabilityMatchRequest",
        (48, SuccessfulOutcome) => "UERadioCapabilityMatchResponse",
        (49, InitiatingMessage) => "PWSRestartIndication",
        (50, InitiatingMessage) => "E-RABModificationIndication",
        (50, SuccessfulOutcome) => "E-RABModificationConfirm",
        (51, InitiatingMessage) => "PWSFailureIndication",
        (52, InitiatingMessage) => "RerouteNASRequest",
        (53, InitiatingMessage) => "UEContextModificationIndication",
        (53, SuccessfulOutcome) => "UEContextModificationConfirm",
        (54, InitiatingMessage) => "ConnectionEstablishmentIndication",
        (55, InitiatingMessage) => "UEContextSuspendRequest",
        (55, SuccessfulOutcome) => "UEContextSuspendResponse",
        (56, InitiatingMessage) => "UEContextResumeRequest",
        (56, SuccessfulOutcome) => "UEContextResumeResponse",
        (56, UnsuccessfulOutcome) => "UEContextResumeFailure",
        (57, InitiatingMessage) => "NASDeliveryIndication",
        (58, InitiatingMessage) => "RetrieveUEInformation",
        (59, InitiatingMessage) => "UEInformationTransfer",
        (60, InitiatingMessage) => "ENBCPRelocationIndication",
        (61, InitiatingMessage) => "MMECPRelocationIndication",
        (62, InitiatingMessage) => "SecondaryRATDataUsageReport",
        (63, InitiatingMessage) => "UERadioCapabilityIDMappingRequest",
        (63, SuccessfulOutcome) => "UERadioCapabilityIDMappingResponse",
        (64, InitiatingMessage) => "HandoverSuccess",
        (65, InitiatingMessage) => "ENBEarlyStatusTransfer",
        (66, InitiatingMessage) => "MMEEarlyStatusTransfer",
        _ => return None,
    })
}

/// Criticality of each procedure (the S1AP-ELEMENTARY-PROCEDURE definitions).
pub fn procedure_criticality(code: u8) -> Option<Criticality> {
    Some(match code {
        0 => Criticality::Reject,
        1 => Criticality::Reject,
        2 => Criticality::Ignore,
        3 => Criticality::Reject,
        4 => Criticality::Reject,
        5 => Criticality::Reject,
        6 => Criticality::Reject,
        7 => Criticality::Reject,
        8 => Criticality::Ignore,
        9 => Criticality::Reject,
        10 => Criticality::Ignore,
        11 => Criticality::Ignore,
        12 => Criticality::Ignore,
        13 => Criticality::Ignore,
        14 => Criticality::Reject,
        15 => Criticality::Ignore,
        16 => Criticality::Ignore,
        17 => Criticality::Reject,
        18 => Criticality::Ignore,
        19 => Criticality::Ignore,
        20 => Criticality::Ignore,
        21 => Criticality::Reject,
        22 => Criticality::Ignore,
        23 => Criticality::Reject,
        24 => Criticality::Ignore,
        25 => Criticality::Ignore,
        26 => Criticality::Ignore,
        27 => Criticality::Ignore,
        28 => Criticality::Ignore,
        29 => Criticality::Reject,
        30 => Criticality::Reject,
        31 => Criticality::Ignore,
        32 => Criticality::Ignore,
        33 => Criticality::Ignore,
        34 => Criticality::Ignore,
        35 => Criticality::Reject,
        36 => Criticality::Reject,
        37 => Criticality::Ignore,
        38 => Criticality::Ignore,
        39 => Criticality::Ignore,
        40 => Criticality::Ignore,
        41 => Criticality::Ignore,
        42 => Criticality::Ignore,
        43 => Criticality::Reject,
        44 => Criticality::Ignore,
        45 => Criticality::Ignore,
        46 => Criticality::Ignore,
        47 => Criticality::Ignore,
        48 => Criticality::Reject,
        49 => Criticality::Ignore,
        50 => Criticality::Reject,
        51 => Criticality::Ignore,
        52 => Criticality::Reject,
        53 => Criticality::Reject,
        54 => Criticality::Reject,
        55 => Criticality::Reject,
        56 => Criticality::Reject,
        57 => Criticality::Ignore,
        58 => Criticality::Reject,
        59 => Criticality::Reject,
        60 => Criticality::Reject,
        61 => Criticality::Reject,
        62 => Criticality::Ignore,
        63 => Criticality::Reject,
        64 => Criticality::Ignore,
        65 => Criticality::Reject,
        66 => Criticality::Ignore,
        _ => return None,
    })
}

/// Presence of an IE in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// mandatory
    Mandatory,
    /// optional
    Optional,
    /// conditional
    Conditional,
}

/// One IE of a message: id, criticality, presence (the message's IE set, in its order).
pub type IeSpec = (u16, Criticality, Presence);

/// The IEs of a message, by message name.
pub fn message_ies(name: &str) -> Option<&'static [IeSpec]> {
    use Criticality::*;
    use Presence::*;
    Some(match name {
        "HandoverRequired" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (1, Reject, Mandatory),
            (2, Ignore, Mandatory),
            (4, Reject, Mandatory),
            (79, Ignore, Optional),
            (125, Reject, Optional),
            (104, Reject, Mandatory),
            (138, Reject, Optional),
            (132, Reject, Conditional),
            (133, Ignore, Conditional),
            (127, Reject, Optional),
            (145, Reject, Optional),
            (150, Ignore, Optional),
        ],
        "HandoverCommand" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (1, Reject, Mandatory),
            (135, Reject, Conditional),
            (12, Ignore, Optional),
            (13, Ignore, Optional),
            (123, Reject, Mandatory),
            (139, Reject, Optional),
            (58, Ignore, Optional),
        ],
        "HandoverPreparationFailure" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (2, Ignore, Mandatory),
            (58, Ignore, Optional),
        ],
        "HandoverRequest" => &[
            (0, Reject, Mandatory),
            (1, Reject, Mandatory),
            (2, Ignore, Mandatory),
            (66, Reject, Mandatory),
            (53, Reject, Mandatory),
            (104, Reject, Mandatory),
            (107, Reject, Mandatory),
            (41, Ignore, Optional),
            (25, Ignore, Optional),
            (98, Ignore, Optional),
            (124, Ignore, Optional),
            (40, Reject, Mandatory),
            (136, Reject, Conditional),
            (127, Reject, Optional),
            (146, Ignore, Optional),
            (75, Ignore, Optional),
            (158, Ignore, Optional),
            (165, Ignore, Optional),
            (177, Ignore, Optional),
            (192, Ignore, Optional),
            (196, Ignore, Optional),
            (195, Ignore, Optional),
            (241, Ignore, Optional),
            (240, Ignore, Optional),
            (248, Ignore, Optional),
            (251, Ignore, Optional),
            (269, Ignore, Optional),
            (271, Ignore, Optional),
            (277, Ignore, Optional),
            (283, Ignore, Optional),
            (278, Ignore, Optional),
            (299, Ignore, Optional),
            (301, Reject, Optional),
            (306, Ignore, Optional),
            (307, Ignore, Optional),
            (308, Ignore, Optional),
            (314, Reject, Optional),
        ],
        "HandoverRequestAcknowledge" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (18, Ignore, Mandatory),
            (19, Ignore, Optional),
            (123, Reject, Mandatory),
            (127, Ignore, Optional),
            (58, Ignore, Optional),
            (145, Ignore, Optional),
            (242, Ignore, Optional),
        ],
        "HandoverFailure" => &[
            (0, Ignore, Mandatory),
            (2, Ignore, Mandatory),
            (58, Ignore, Optional),
        ],
        "HandoverNotify" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (100, Ignore, Mandatory),
            (67, Ignore, Mandatory),
            (176, Ignore, Optional),
            (186, Ignore, Optional),
            (288, Ignore, Optional),
            (320, Ignore, Optional),
            (339, Ignore, Optional),
        ],
        "PathSwitchRequest" => &[
            (8, Reject, Mandatory),
            (22, Reject, Mandatory),
            (88, Reject, Mandatory),
            (100, Ignore, Mandatory),
            (67, Ignore, Mandatory),
            (107, Ignore, Mandatory),
            (127, Ignore, Optional),
            (145, Ignore, Optional),
            (157, Ignore, Optional),
            (146, Ignore, Optional),
            (176, Ignore, Optional),
            (186, Ignore, Optional),
            (245, Ignore, Optional),
            (269, Ignore, Optional),
            (288, Ignore, Optional),
            (339, Ignore, Optional),
        ],
        "PathSwitchRequestAcknowledge" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (66, Ignore, Optional),
            (95, Ignore, Optional),
            (33, Ignore, Optional),
            (40, Reject, Mandatory),
            (58, Ignore, Optional),
            (158, Ignore, Optional),
            (146, Ignore, Optional),
            (195, Ignore, Optional),
            (241, Ignore, Optional),
            (240, Ignore, Optional),
            (248, Ignore, Optional),
            (251, Ignore, Optional),
            (269, Ignore, Optional),
            (271, Ignore, Optional),
            (277, Ignore, Optional),
            (283, Ignore, Optional),
            (278, Ignore, Optional),
            (41, Ignore, Optional),
            (299, Ignore, Optional),
            (306, Ignore, Optional),
            (307, Ignore, Optional),
            (308, Ignore, Optional),
            (314, Reject, Optional),
            (107, Ignore, Optional),
            (341, Ignore, Optional),
        ],
        "PathSwitchRequestFailure" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (2, Ignore, Mandatory),
            (58, Ignore, Optional),
        ],
        "HandoverCancel" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (2, Ignore, Mandatory),
        ],
        "HandoverCancelAcknowledge" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (58, Ignore, Optional),
        ],
        "E-RABSetupRequest" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (66, Reject, Optional),
            (16, Reject, Mandatory),
        ],
        "E-RABSetupResponse" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (28, Ignore, Optional),
            (29, Ignore, Optional),
            (58, Ignore, Optional),
            (189, Ignore, Optional),
        ],
        "E-RABModifyRequest" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (66, Reject, Optional),
            (30, Reject, Mandatory),
            (268, Ignore, Optional),
        ],
        "E-RABModifyResponse" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (31, Ignore, Optional),
            (32, Ignore, Optional),
            (58, Ignore, Optional),
            (264, Ignore, Optional),
            (189, Ignore, Optional),
        ],
        "E-RABReleaseCommand" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (66, Reject, Optional),
            (33, Ignore, Mandatory),
            (26, Ignore, Optional),
        ],
        "E-RABReleaseResponse" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (69, Ignore, Optional),
            (34, Ignore, Optional),
            (58, Ignore, Optional),
            (189, Ignore, Optional),
            (264, Ignore, Optional),
        ],
        "E-RABReleaseIndication" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (110, Ignore, Mandatory),
            (189, Ignore, Optional),
            (264, Ignore, Optional),
        ],
        "InitialContextSetupRequest" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (66, Reject, Mandatory),
            (24, Reject, Mandatory),
            (107, Reject, Mandatory),
            (73, Reject, Mandatory),
            (25, Ignore, Optional),
            (41, Ignore, Optional),
            (74, Ignore, Optional),
            (106, Ignore, Optional),
            (108, Reject, Optional),
            (124, Ignore, Optional),
            (146, Ignore, Optional),
            (159, Ignore, Optional),
            (75, Ignore, Optional),
            (158, Ignore, Optional),
            (165, Ignore, Optional),
            (177, Ignore, Optional),
            (187, Ignore, Conditional),
            (192, Ignore, Optional),
            (196, Ignore, Optional),
            (195, Ignore, Optional),
            (241, Ignore, Optional),
            (240, Ignore, Optional),
            (248, Ignore, Optional),
            (251, Ignore, Optional),
            (269, Ignore, Optional),
            (271, Ignore, Optional),
            (277, Ignore, Optional),
            (283, Ignore, Optional),
            (278, Ignore, Optional),
            (299, Ignore, Optional),
            (301, Ignore, Optional),
            (306, Ignore, Optional),
            (307, Ignore, Optional),
            (308, Ignore, Optional),
            (314, Reject, Optional),
            (354, Ignore, Optional),
        ],
        "InitialContextSetupResponse" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (51, Ignore, Mandatory),
            (48, Ignore, Optional),
            (58, Ignore, Optional),
        ],
        "InitialContextSetupFailure" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (2, Ignore, Mandatory),
            (58, Ignore, Optional),
        ],
        "Paging" => &[
            (80, Ignore, Mandatory),
            (43, Ignore, Mandatory),
            (44, Ignore, Optional),
            (109, Ignore, Mandatory),
            (46, Ignore, Mandatory),
            (128, Ignore, Optional),
            (151, Ignore, Optional),
            (198, Ignore, Optional),
            (211, Ignore, Optional),
            (227, Ignore, Optional),
            (231, Ignore, Optional),
            (239, Ignore, Optional),
            (244, Ignore, Optional),
            (251, Ignore, Optional),
            (271, Ignore, Optional),
            (304, Ignore, Optional),
            (323, Ignore, Optional),
            (324, Ignore, Optional),
            (331, Ignore, Optional),
        ],
        "DownlinkNASTransport" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (26, Reject, Mandatory),
            (41, Ignore, Optional),
            (106, Ignore, Optional),
            (124, Ignore, Optional),
            (74, Ignore, Optional),
            (249, Ignore, Optional),
            (251, Ignore, Optional),
            (269, Ignore, Optional),
            (271, Ignore, Optional),
            (275, Ignore, Optional),
            (280, Ignore, Optional),
            (283, Ignore, Optional),
            (278, Ignore, Optional),
            (299, Ignore, Optional),
            (314, Reject, Optional),
            (192, Ignore, Optional),
            (354, Ignore, Optional),
        ],
        "InitialUEMessage" => &[
            (8, Reject, Mandatory),
            (26, Reject, Mandatory),
            (67, Reject, Mandatory),
            (100, Ignore, Mandatory),
            (134, Ignore, Mandatory),
            (96, Reject, Optional),
            (127, Reject, Optional),
            (75, Reject, Optional),
            (145, Reject, Optional),
            (155, Ignore, Optional),
            (160, Reject, Optional),
            (170, Ignore, Optional),
            (176, Ignore, Optional),
            (184, Ignore, Optional),
            (186, Ignore, Optional),
            (223, Ignore, Optional),
            (230, Ignore, Optional),
            (242, Ignore, Optional),
            (246, Ignore, Optional),
            (250, Ignore, Optional),
            (263, Ignore, Optional),
            (281, Ignore, Optional),
            (302, Reject, Optional),
            (339, Ignore, Optional),
            (353, Ignore, Optional),
        ],
        "UplinkNASTransport" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (26, Reject, Mandatory),
            (100, Ignore, Mandatory),
            (67, Ignore, Mandatory),
            (155, Ignore, Optional),
            (184, Ignore, Optional),
            (186, Ignore, Optional),
            (288, Ignore, Optional),
            (339, Ignore, Optional),
        ],
        "Reset" => &[(2, Ignore, Mandatory), (92, Reject, Mandatory)],
        "ResetAcknowledge" => &[(93, Ignore, Optional), (58, Ignore, Optional)],
        "ErrorIndication" => &[
            (0, Ignore, Optional),
            (8, Ignore, Optional),
            (2, Ignore, Optional),
            (58, Ignore, Optional),
            (96, Ignore, Optional),
        ],
        "NASNonDeliveryIndication" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (26, Ignore, Mandatory),
            (2, Ignore, Mandatory),
        ],
        "S1SetupRequest" => &[
            (59, Reject, Mandatory),
            (60, Ignore, Optional),
            (64, Reject, Mandatory),
            (137, Ignore, Mandatory),
            (128, Reject, Optional),
            (228, Ignore, Optional),
            (234, Ignore, Optional),
            (291, Ignore, Optional),
        ],
        "S1SetupResponse" => &[
            (61, Ignore, Optional),
            (105, Reject, Mandatory),
            (87, Ignore, Mandatory),
            (163, Ignore, Optional),
            (58, Ignore, Optional),
            (228, Ignore, Optional),
            (247, Ignore, Optional),
            (303, Ignore, Optional),
        ],
        "S1SetupFailure" => &[
            (2, Ignore, Mandatory),
            (65, Ignore, Optional),
            (58, Ignore, Optional),
        ],
        "UEContextReleaseRequest" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (2, Ignore, Mandatory),
            (164, Reject, Optional),
            (264, Ignore, Optional),
        ],
        "DownlinkS1cdma2000tunnelling" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (12, Ignore, Optional),
            (83, Ignore, Optional),
            (71, Reject, Mandatory),
            (70, Reject, Mandatory),
        ],
        "UplinkS1cdma2000tunnelling" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (71, Reject, Mandatory),
            (72, Reject, Mandatory),
            (84, Ignore, Optional),
            (102, Reject, Optional),
            (97, Reject, Optional),
            (70, Reject, Mandatory),
            (140, Ignore, Optional),
        ],
        "UEContextModificationRequest" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (73, Reject, Optional),
            (106, Ignore, Optional),
            (66, Ignore, Optional),
            (108, Reject, Optional),
            (107, Reject, Optional),
            (146, Ignore, Optional),
            (159, Ignore, Optional),
            (187, Ignore, Conditional),
            (195, Ignore, Optional),
            (124, Ignore, Optional),
            (243, Ignore, Optional),
            (240, Ignore, Optional),
            (248, Ignore, Optional),
            (269, Ignore, Optional),
            (277, Ignore, Optional),
            (299, Ignore, Optional),
            (301, Ignore, Optional),
            (306, Ignore, Optional),
            (307, Ignore, Optional),
            (308, Ignore, Optional),
            (314, Reject, Optional),
        ],
        "UEContextModificationResponse" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (58, Ignore, Optional),
        ],
        "UEContextModificationFailure" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (2, Ignore, Mandatory),
            (58, Ignore, Optional),
        ],
        "UECapabilityInfoIndication" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (74, Ignore, Mandatory),
            (198, Ignore, Optional),
            (263, Ignore, Optional),
            (272, Ignore, Optional),
            (315, Ignore, Optional),
            (327, Ignore, Optional),
        ],
        "UEContextReleaseCommand" => &[(99, Reject, Mandatory), (2, Ignore, Mandatory)],
        "UEContextReleaseComplete" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (58, Ignore, Optional),
            (189, Ignore, Optional),
            (213, Ignore, Optional),
            (212, Ignore, Optional),
            (264, Ignore, Optional),
            (297, Ignore, Optional),
        ],
        "ENBStatusTransfer" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (90, Reject, Mandatory),
        ],
        "MMEStatusTransfer" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (90, Reject, Mandatory),
        ],
        "DeactivateTrace" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (86, Ignore, Mandatory),
        ],
        "TraceStart" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (25, Ignore, Mandatory),
        ],
        "TraceFailureIndication" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (86, Ignore, Mandatory),
            (2, Ignore, Mandatory),
        ],
        "ENBConfigurationUpdate" => &[
            (60, Ignore, Optional),
            (64, Reject, Optional),
            (128, Reject, Optional),
            (137, Ignore, Optional),
            (234, Ignore, Optional),
            (292, Ignore, Optional),
            (293, Ignore, Optional),
        ],
        "ENBConfigurationUpdateAcknowledge" => &[(58, Ignore, Optional)],
        "ENBConfigurationUpdateFailure" => &[
            (2, Ignore, Mandatory),
            (65, Ignore, Optional),
            (58, Ignore, Optional),
        ],
        "MMEConfigurationUpdate" => &[
            (61, Ignore, Optional),
            (105, Reject, Optional),
            (87, Reject, Optional),
            (247, Ignore, Optional),
        ],
        "MMEConfigurationUpdateAcknowledge" => &[(58, Ignore, Optional)],
        "MMEConfigurationUpdateFailure" => &[
            (2, Ignore, Mandatory),
            (65, Ignore, Optional),
            (58, Ignore, Optional),
        ],
        "LocationReportingControl" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (98, Ignore, Mandatory),
        ],
        "LocationReportingFailureIndication" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (2, Ignore, Mandatory),
        ],
        "LocationReport" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (100, Ignore, Mandatory),
            (67, Ignore, Mandatory),
            (98, Ignore, Mandatory),
            (288, Ignore, Optional),
            (339, Ignore, Optional),
        ],
        "OverloadStart" => &[
            (101, Reject, Mandatory),
            (154, Ignore, Optional),
            (161, Ignore, Optional),
        ],
        "OverloadStop" => &[(154, Ignore, Optional)],
        "WriteReplaceWarningRequest" => &[
            (111, Reject, Mandatory),
            (112, Reject, Mandatory),
            (113, Ignore, Optional),
            (114, Reject, Mandatory),
            (144, Reject, Optional),
            (115, Reject, Mandatory),
            (116, Ignore, Optional),
            (117, Ignore, Optional),
            (118, Ignore, Optional),
            (119, Ignore, Optional),
            (142, Reject, Optional),
            (286, Ignore, Optional),
        ],
        "WriteReplaceWarningResponse" => &[
            (111, Reject, Mandatory),
            (112, Reject, Mandatory),
            (120, Ignore, Optional),
            (58, Ignore, Optional),
        ],
        "ENBDirectInformationTransfer" => &[(121, Reject, Mandatory)],
        "MMEDirectInformationTransfer" => &[(122, Reject, Mandatory)],
        "ENBConfigurationTransfer" => &[
            (129, Ignore, Optional),
            (294, Ignore, Optional),
            (310, Ignore, Optional),
        ],
        "MMEConfigurationTransfer" => &[
            (130, Ignore, Optional),
            (295, Ignore, Optional),
            (309, Ignore, Optional),
        ],
        "CellTrafficTrace" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (86, Ignore, Mandatory),
            (100, Ignore, Mandatory),
            (131, Ignore, Mandatory),
            (166, Ignore, Optional),
        ],
        "KillRequest" => &[
            (111, Reject, Mandatory),
            (112, Reject, Mandatory),
            (113, Ignore, Optional),
            (191, Reject, Optional),
        ],
        "KillResponse" => &[
            (111, Reject, Mandatory),
            (112, Reject, Mandatory),
            (141, Ignore, Optional),
            (58, Ignore, Optional),
        ],
        "DownlinkUEAssociatedLPPaTransport" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (148, Reject, Mandatory),
            (147, Reject, Mandatory),
        ],
        "UplinkUEAssociatedLPPaTransport" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (148, Reject, Mandatory),
            (147, Reject, Mandatory),
        ],
        "DownlinkNonUEAssociatedLPPaTransport" => {
            &[(148, Reject, Mandatory), (147, Reject, Mandatory)]
        }
        "UplinkNonUEAssociatedLPPaTransport" => {
            &[(148, Reject, Mandatory), (147, Reject, Mandatory)]
        }
        "UERadioCapabilityMatchRequest" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (74, Ignore, Optional),
            (314, Reject, Optional),
        ],
        "UERadioCapabilityMatchResponse" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (169, Reject, Mandatory),
            (58, Ignore, Optional),
        ],
        "PWSRestartIndication" => &[
            (182, Reject, Mandatory),
            (59, Reject, Mandatory),
            (188, Reject, Mandatory),
            (190, Reject, Optional),
        ],
        "E-RABModificationIndication" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (199, Reject, Mandatory),
            (201, Reject, Optional),
            (226, Reject, Optional),
            (176, Ignore, Optional),
            (264, Ignore, Optional),
            (189, Ignore, Optional),
        ],
        "E-RABModificationConfirm" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (203, Ignore, Optional),
            (205, Ignore, Optional),
            (210, Ignore, Optional),
            (58, Ignore, Optional),
            (146, Ignore, Optional),
        ],
        "PWSFailureIndication" => &[(222, Reject, Mandatory), (59, Reject, Mandatory)],
        "RerouteNASRequest" => &[
            (8, Reject, Mandatory),
            (0, Ignore, Optional),
            (225, Reject, Mandatory),
            (223, Reject, Mandatory),
            (224, Ignore, Optional),
            (230, Ignore, Optional),
        ],
        "UEContextModificationIndication" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (226, Reject, Optional),
        ],
        "UEContextModificationConfirm" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (146, Ignore, Optional),
            (58, Ignore, Optional),
        ],
        "ConnectionEstablishmentIndication" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (74, Ignore, Optional),
            (251, Ignore, Optional),
            (253, Ignore, Optional),
            (271, Ignore, Optional),
            (280, Ignore, Optional),
            (278, Ignore, Optional),
            (252, Ignore, Optional),
            (314, Reject, Optional),
            (192, Ignore, Optional),
            (354, Ignore, Optional),
        ],
        "UEContextSuspendRequest" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (213, Ignore, Optional),
            (212, Ignore, Optional),
            (264, Ignore, Optional),
            (189, Ignore, Optional),
            (297, Ignore, Optional),
        ],
        "UEContextSuspendResponse" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (58, Ignore, Optional),
            (40, Reject, Optional),
        ],
        "UEContextResumeRequest" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (235, Reject, Optional),
            (245, Ignore, Optional),
        ],
        "UEContextResumeResponse" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (237, Reject, Optional),
            (58, Ignore, Optional),
            (40, Reject, Optional),
            (283, Ignore, Optional),
        ],
        "UEContextResumeFailure" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (2, Ignore, Mandatory),
            (58, Ignore, Optional),
        ],
        "NASDeliveryIndication" => &[(0, Reject, Mandatory), (8, Reject, Mandatory)],
        "RetrieveUEInformation" => &[(96, Reject, Mandatory)],
        "UEInformationTransfer" => &[
            (96, Reject, Mandatory),
            (252, Ignore, Optional),
            (74, Ignore, Optional),
            (278, Ignore, Optional),
            (283, Ignore, Optional),
            (192, Ignore, Optional),
        ],
        "ENBCPRelocationIndication" => &[
            (8, Reject, Mandatory),
            (96, Reject, Mandatory),
            (100, Ignore, Mandatory),
            (67, Ignore, Mandatory),
            (254, Reject, Mandatory),
            (339, Ignore, Optional),
        ],
        "MMECPRelocationIndication" => &[(0, Reject, Mandatory), (8, Reject, Mandatory)],
        "SecondaryRATDataUsageReport" => &[
            (0, Ignore, Mandatory),
            (8, Ignore, Mandatory),
            (264, Ignore, Mandatory),
            (266, Ignore, Optional),
            (189, Ignore, Optional),
            (297, Ignore, Optional),
        ],
        "UERadioCapabilityIDMappingRequest" => &[(314, Reject, Mandatory)],
        "UERadioCapabilityIDMappingResponse" => &[
            (314, Reject, Mandatory),
            (74, Ignore, Mandatory),
            (58, Ignore, Optional),
        ],
        "HandoverSuccess" => &[(0, Reject, Mandatory), (8, Reject, Mandatory)],
        "ENBEarlyStatusTransfer" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (321, Reject, Mandatory),
        ],
        "MMEEarlyStatusTransfer" => &[
            (0, Reject, Mandatory),
            (8, Reject, Mandatory),
            (321, Reject, Mandatory),
        ],
        _ => return None,
    })
}

/// The IEs keyhop types, by the type of their value (several ids may share one).
#[derive(Debug, Clone, PartialEq)]
pub enum S1apIe<'a> {
    /// MmeUeS1apId
    MmeUeS1apId(Int<0, 4294967295, false>),
    /// HandoverType
    HandoverType(HandoverType),
    /// Cause
    Cause(Cause<'a>),
    /// TargetId
    TargetId(Box<TargetId<'a>>),
    /// EnbUeS1apId
    EnbUeS1apId(Int<0, 16777215, false>),
    /// ERabSubjecttoDataForwardingList
    ERabSubjecttoDataForwardingList(ERabSubjecttoDataForwardingList<'a>),
    /// ERabList
    ERabList(ERabList<'a>),
    /// ERabAdmittedList
    ERabAdmittedList(ERabAdmittedList<'a>),
    /// ERabFailedtoSetupListHoReqAck
    ERabFailedtoSetupListHoReqAck(ERabFailedtoSetupListHoReqAck<'a>),
    /// ERabToBeSwitchedDlList
    ERabToBeSwitchedDlList(ERabToBeSwitchedDlList<'a>),
    /// ERabToBeSetupListCtxtSuReq
    ERabToBeSetupListCtxtSuReq(ERabToBeSetupListCtxtSuReq<'a>),
    /// TraceActivation
    TraceActivation(Box<TraceActivation<'a>>),
    /// NasPdu
    NasPdu(OctetStr<'a, 0, { usize::MAX }, false>),
    /// SecurityContext
    SecurityContext(SecurityContext<'a>),
    /// HandoverRestrictionList
    HandoverRestrictionList(Box<HandoverRestrictionList<'a>>),
    /// UePagingId
    UePagingId(Box<UePagingId<'a>>),
    /// PagingDrx
    PagingDrx(PagingDrx),
    /// TaiList
    TaiList(TaiList<'a>),
    /// ERabSetupListCtxtSuRes
    ERabSetupListCtxtSuRes(ERabSetupListCtxtSuRes<'a>),
    /// ERabToBeSetupListHoReq
    ERabToBeSetupListHoReq(ERabToBeSetupListHoReq<'a>),
    /// CriticalityDiagnostics
    CriticalityDiagnostics(Box<CriticalityDiagnostics<'a>>),
    /// GlobalEnbId
    GlobalEnbId(Box<GlobalEnbId<'a, S1apIe<'a>>>),
    /// EnbName
    EnbName(PrintableStr<'a, 1, 150, true>),
    /// SupportedTas
    SupportedTas(SupportedTas<'a>),
    /// TimeToWait
    TimeToWait(TimeToWait),
    /// UeAggregateMaximumBitrate
    UeAggregateMaximumBitrate(UeAggregateMaximumBitrate<'a>),
    /// Tai
    Tai(Box<Tai<'a, S1apIe<'a>>>),
    /// SecurityKey
    SecurityKey(KeyBits<'a, 256>),
    /// Gummei
    Gummei(Box<Gummei<'a>>),
    /// DirectForwardingPathAvailability
    DirectForwardingPathAvailability(DirectForwardingPathAvailability),
    /// UeIdentityIndexValue
    UeIdentityIndexValue(BitStr<'a, 10, 10, false>),
    /// RelativeMmeCapacity
    RelativeMmeCapacity(Int<0, 255, false>),
    /// EnbStatusTransferTransparentContainer
    EnbStatusTransferTransparentContainer(EnbStatusTransferTransparentContainer<'a>),
    /// ResetType
    ResetType(ResetType<'a>),
    /// UeAssociatedLogicalS1ConnectionListResAck
    UeAssociatedLogicalS1ConnectionListResAck(UeAssociatedLogicalS1ConnectionListResAck<'a>),
    /// ERabToBeSwitchedUlList
    ERabToBeSwitchedUlList(ERabToBeSwitchedUlList<'a>),
    /// STmsi
    STmsi(Box<STmsi<'a>>),
    /// RequestType
    RequestType(RequestType<'a>),
    /// UeS1apIds
    UeS1apIds(UeS1apIds<'a>),
    /// EutranCgi
    EutranCgi(Ecgi<'a, S1apIe<'a>>),
    /// ServedGummeis
    ServedGummeis(ServedGummeis<'a>),
    /// SubscriberProfileIdForRfp
    SubscriberProfileIdForRfp(Int<1, 256, false>),
    /// UeSecurityCapabilities
    UeSecurityCapabilities(Box<UeSecurityCapabilities<'a, S1apIe<'a>>>),
    /// CsFallbackIndicator
    CsFallbackIndicator(CsFallbackIndicator),
    /// CnDomain
    CnDomain(CnDomain),
    /// SrvccOperationPossible
    SrvccOperationPossible(SrvccOperationPossible),
    /// SrvccHoIndication
    SrvccHoIndication(SrvccHoIndication),
    /// CsgId
    CsgId(BitId<27>),
    /// CsgIdList
    CsgIdList(CsgIdList<'a>),
    /// RrcEstablishmentCause
    RrcEstablishmentCause(RrcEstablishmentCause),
    /// DataForwardingNotPossible
    DataForwardingNotPossible(DataForwardingNotPossible),
    /// CellAccessMode
    CellAccessMode(CellAccessMode),
    /// CsgMembershipStatus
    CsgMembershipStatus(CsgMembershipStatus),
    /// TimeSynchronisationInfo
    TimeSynchronisationInfo(TimeSynchronisationInfo<'a>),
    /// PsServiceNotAvailable
    PsServiceNotAvailable(PsServiceNotAvailable),
    /// PagingPriority
    PagingPriority(PagingPriority),
    /// X2tnlConfigurationInfo
    X2tnlConfigurationInfo(X2tnlConfigurationInfo<'a>),
    /// EnbX2ExtTlas
    EnbX2ExtTlas(EnbX2ExtTlas<'a>),
    /// TransportLayerAddress
    TransportLayerAddress(BitStr<'a, 1, 160, true>),
    /// CorrelationId
    CorrelationId(OctetStr<'a, 4, 4, false>),
    /// Lai
    Lai(Box<Lai<'a>>),
    /// RelayNodeIndicator
    RelayNodeIndicator(RelayNodeIndicator),
    /// MmeRelaySupportIndicator
    MmeRelaySupportIndicator(MmeRelaySupportIndicator),
    /// GwContextReleaseIndication
    GwContextReleaseIndication(GwContextReleaseIndication),
    /// ManagementBasedMdtAllowed
    ManagementBasedMdtAllowed(ManagementBasedMdtAllowed),
    /// TimeUeStayedInCellEnhancedGranularity
    TimeUeStayedInCellEnhancedGranularity(Int<0, 40950, false>),
    /// GummeiType
    GummeiType(GummeiType),
    /// M3Configuration
    M3Configuration(M3Configuration<'a>),
    /// M4Configuration
    M4Configuration(M4Configuration<'a>),
    /// M5Configuration
    M5Configuration(M5Configuration<'a>),
    /// MdtLocationInfo
    MdtLocationInfo(BitStr<'a, 8, 8, false>),
    /// MobilityInformation
    MobilityInformation(BitStr<'a, 32, 32, false>),
    /// TunnelInformation
    TunnelInformation(Box<TunnelInformation<'a>>),
    /// MdtPlmnList
    MdtPlmnList(MdtPlmnList<'a>),
    /// CountValueExtended
    CountValueExtended(CountValueExtended<'a>),
    /// ReceiveStatusOfUlPdcpSdusExtended
    ReceiveStatusOfUlPdcpSdusExtended(BitStr<'a, 1, 16384, false>),
    /// TransportInformation
    TransportInformation(Box<TransportInformation<'a>>),
    /// LhnId
    LhnId(OctetStr<'a, 32, 256, false>),
    /// AdditionalCsFallbackIndicator
    AdditionalCsFallbackIndicator(AdditionalCsFallbackIndicator),
    /// UserLocationInformation
    UserLocationInformation(Box<UserLocationInformation<'a>>),
    /// MaskedImeisv
    MaskedImeisv(BitStr<'a, 64, 64, false>),
    /// EnbIndirectX2TransportLayerAddresses
    EnbIndirectX2TransportLayerAddresses(EnbIndirectX2TransportLayerAddresses<'a>),
    /// ProseAuthorized
    ProseAuthorized(ProseAuthorized<'a>),
    /// ExpectedUeBehaviour
    ExpectedUeBehaviour(Box<ExpectedUeBehaviour<'a>>),
    /// MutingAvailabilityIndication
    MutingAvailabilityIndication(MutingAvailabilityIndication),
    /// MutingPatternInformation
    MutingPatternInformation(MutingPatternInformation<'a>),
    /// SynchronisationInformation
    SynchronisationInformation(Box<SynchronisationInformation<'a>>),
    /// AssistanceDataForPaging
    AssistanceDataForPaging(Box<AssistanceDataForPaging<'a>>),
    /// CellIdentifierAndCeLevelForCeCapableUes
    CellIdentifierAndCeLevelForCeCapableUes(Box<CellIdentifierAndCeLevelForCeCapableUes<'a>>),
    /// InformationOnRecommendedCellsAndEnbsForPaging
    InformationOnRecommendedCellsAndEnbsForPaging(
        Box<InformationOnRecommendedCellsAndEnbsForPaging<'a>>,
    ),
    /// ProseUeToNetworkRelaying
    ProseUeToNetworkRelaying(ProseUeToNetworkRelaying),
    /// CountValuePdcpSnLength18
    CountValuePdcpSnLength18(CountValuePdcpSnLength18<'a>),
    /// ReceiveStatusOfUlPdcpSdusPdcpSnLength18
    ReceiveStatusOfUlPdcpSdusPdcpSnLength18(BitStr<'a, 1, 131072, false>),
    /// M6Configuration
    M6Configuration(M6Configuration<'a>),
    /// M7Configuration
    M7Configuration(M7Configuration<'a>),
    /// MmeGroupId
    MmeGroupId(OctetStr<'a, 2, 2, false>),
    /// PagingEdrxInformation
    PagingEdrxInformation(PagingEdrxInformation<'a>),
    /// UeRetentionInformation
    UeRetentionInformation(UeRetentionInformation),
    /// ExtendedUeIdentityIndexValue
    ExtendedUeIdentityIndexValue(BitStr<'a, 14, 14, false>),
    /// RatType
    RatType(RatType),
    /// BearerType
    BearerType(BearerType),
    /// NbIotDefaultPagingDrx
    NbIotDefaultPagingDrx(NbIotDefaultPagingDrx),
    /// NbIotPagingEdrxInformation
    NbIotPagingEdrxInformation(NbIotPagingEdrxInformation<'a>),
    /// V2xServicesAuthorized
    V2xServicesAuthorized(V2xServicesAuthorized<'a>),
    /// UeUserPlaneCiotSupportIndicator
    UeUserPlaneCiotSupportIndicator(UeUserPlaneCiotSupportIndicator),
    /// CeModeBSupportIndicator
    CeModeBSupportIndicator(CeModeBSupportIndicator),
    /// SrvccOperationNotPossible
    SrvccOperationNotPossible(SrvccOperationNotPossible),
    /// NbIotUeIdentityIndexValue
    NbIotUeIdentityIndexValue(BitStr<'a, 12, 12, false>),
    /// DcnId
    DcnId(Int<0, 65535, false>),
    /// ServedDcns
    ServedDcns(ServedDcns<'a>),
    /// UeSidelinkAggregateMaximumBitrate
    UeSidelinkAggregateMaximumBitrate(UeSidelinkAggregateMaximumBitrate<'a>),
    /// DlNasPduDeliveryAckRequest
    DlNasPduDeliveryAckRequest(DlNasPduDeliveryAckRequest),
    /// CoverageLevel
    CoverageLevel(CoverageLevel),
    /// EnhancedCoverageRestricted
    EnhancedCoverageRestricted(EnhancedCoverageRestricted),
    /// ExtendedBitRate
    ExtendedBitRate(Int<10000000001, 4000000000000, true>),
    /// NrRestrictioninEpsAsSecondaryRat
    NrRestrictioninEpsAsSecondaryRat(NrRestrictioninEpsAsSecondaryRat),
    /// UeAppLayerMeasConfig
    UeAppLayerMeasConfig(Box<UeAppLayerMeasConfig<'a>>),
    /// SecondaryRatDataUsageReportList
    SecondaryRatDataUsageReportList(SecondaryRatDataUsageReportList<'a>),
    /// NrUeSecurityCapabilities
    NrUeSecurityCapabilities(Box<NrUeSecurityCapabilities<'a>>),
    /// UnlicensedSpectrumRestriction
    UnlicensedSpectrumRestriction(UnlicensedSpectrumRestriction),
    /// CeModeBRestricted
    CeModeBRestricted(CeModeBRestricted),
    /// PacketLossRate
    PacketLossRate(Int<0, 1000, false>),
    /// UeCapabilityInfoRequest
    UeCapabilityInfoRequest(UeCapabilityInfoRequest),
    /// ServiceType
    ServiceType(ServiceType),
    /// AerialUeSubscriptionInformation
    AerialUeSubscriptionInformation(AerialUeSubscriptionInformation),
    /// SubscriptionBasedUeDifferentiationInfo
    SubscriptionBasedUeDifferentiationInfo(Box<SubscriptionBasedUeDifferentiationInfo<'a>>),
    /// EndIndication
    EndIndication(EndIndication),
    /// EdtSession
    EdtSession(EdtSession),
    /// CnTypeRestrictions
    CnTypeRestrictions(CnTypeRestrictions<'a>),
    /// PendingDataIndication
    PendingDataIndication(PendingDataIndication),
    /// BluetoothMeasurementConfiguration
    BluetoothMeasurementConfiguration(Box<BluetoothMeasurementConfiguration<'a>>),
    /// WlanMeasurementConfiguration
    WlanMeasurementConfiguration(Box<WlanMeasurementConfiguration<'a>>),
    /// NrRestrictionin5gs
    NrRestrictionin5gs(NrRestrictionin5gs),
    /// PsCellInformation
    PsCellInformation(Box<PsCellInformation<'a>>),
    /// PlmnIdentity
    PlmnIdentity(OctetStr<'a, 3, 3, false>),
    /// ImsVoiceEpsFallbackfrom5g
    ImsVoiceEpsFallbackfrom5g(ImsVoiceEpsFallbackfrom5g),
    /// RequestTypeAdditionalInfo
    RequestTypeAdditionalInfo(RequestTypeAdditionalInfo),
    /// ContextatSource
    ContextatSource(Box<ContextatSource<'a>>),
    /// IabAuthorized
    IabAuthorized(IabAuthorized),
    /// IabNodeIndication
    IabNodeIndication(IabNodeIndication),
    /// IabSupported
    IabSupported(IabSupported),
    /// DataSize
    DataSize(Int<1, 4095, true>),
    /// EthernetType
    EthernetType(EthernetType),
    /// NrV2xServicesAuthorized
    NrV2xServicesAuthorized(NrV2xServicesAuthorized<'a>),
    /// NrUeSidelinkAggregateMaximumBitrate
    NrUeSidelinkAggregateMaximumBitrate(NrUeSidelinkAggregateMaximumBitrate<'a>),
    /// Pc5QosParameters
    Pc5QosParameters(Box<Pc5QosParameters<'a>>),
    /// IntersystemMeasurementConfiguration
    IntersystemMeasurementConfiguration(Box<IntersystemMeasurementConfiguration<'a>>),
    /// DapsRequestInfo
    DapsRequestInfo(DapsRequestInfo<'a>),
    /// DapsResponseInfoList
    DapsResponseInfoList(DapsResponseInfoList<'a>),
    /// NotifySourceEnb
    NotifySourceEnb(NotifySourceEnb),
    /// WusAssistanceInformation
    WusAssistanceInformation(WusAssistanceInformation<'a>),
    /// NbIotPagingDrx
    NbIotPagingDrx(NbIotPagingDrx),
    /// UriAddress
    UriAddress(PrintableStr<'a, 0, { usize::MAX }, false>),
    /// EmergencyIndicator
    EmergencyIndicator(EmergencyIndicator),
    /// LastVisitedPsCellList
    LastVisitedPsCellList(LastVisitedPsCellList<'a>),
    /// RacSIndication
    RacSIndication(RacSIndication),
    /// PagingCause
    PagingCause(PagingCause),
    /// SecurityIndication
    SecurityIndication(SecurityIndication<'a>),
    /// ERabSecurityResultList
    ERabSecurityResultList(ERabSecurityResultList<'a>),
    /// RatRestrictions
    RatRestrictions(RatRestrictions<'a>),
    /// LteNtnTaiInformation
    LteNtnTaiInformation(Box<LteNtnTaiInformation<'a>>),
    /// ERabToBeUpdatedList
    ERabToBeUpdatedList(ERabToBeUpdatedList<'a>),
    /// GlobalRanNodeId
    GlobalRanNodeId(Box<GlobalRanNodeId<'a>>),
    /// M4ReportAmountMdt
    M4ReportAmountMdt(M4ReportAmountMdt),
    /// M5ReportAmountMdt
    M5ReportAmountMdt(M5ReportAmountMdt),
    /// M6ReportAmountMdt
    M6ReportAmountMdt(M6ReportAmountMdt),
    /// M7ReportAmountMdt
    M7ReportAmountMdt(M7ReportAmountMdt),
    /// TimeBasedHandoverInformation
    TimeBasedHandoverInformation(TimeBasedHandoverInformation<'a>),
    /// BearersSubjectToDlDiscardingList
    BearersSubjectToDlDiscardingList(BearersSubjectToDlDiscardingList<'a>),
    /// CoarseUeLocationRequested
    CoarseUeLocationRequested(CoarseUeLocationRequested),
}

impl<'a> S1apIe<'a> {
    /// Whether IE `id` is typed.
    pub fn knows(id: u16) -> bool {
        matches!(
            id,
            0 | 1
                | 2
                | 4
                | 8
                | 12
                | 13
                | 18
                | 19
                | 22
                | 24
                | 25
                | 26
                | 33
                | 40
                | 41
                | 43
                | 44
                | 46
                | 48
                | 51
                | 53
                | 58
                | 59
                | 60
                | 61
                | 64
                | 65
                | 66
                | 67
                | 73
                | 74
                | 75
                | 79
                | 80
                | 87
                | 88
                | 90
                | 92
                | 93
                | 95
                | 96
                | 98
                | 99
                | 100
                | 104
                | 105
                | 106
                | 107
                | 108
                | 109
                | 123
                | 124
                | 125
                | 127
                | 128
                | 132
                | 133
                | 134
                | 135
                | 136
                | 137
                | 138
                | 139
                | 143
                | 145
                | 146
                | 149
                | 150
                | 151
                | 152
                | 153
                | 155
                | 156
                | 157
                | 158
                | 159
                | 160
                | 163
                | 164
                | 165
                | 167
                | 168
                | 170
                | 171
                | 172
                | 173
                | 174
                | 175
                | 176
                | 177
                | 178
                | 179
                | 180
                | 181
                | 183
                | 184
                | 185
                | 186
                | 187
                | 189
                | 192
                | 193
                | 194
                | 195
                | 196
                | 198
                | 207
                | 208
                | 209
                | 211
                | 212
                | 213
                | 216
                | 217
                | 218
                | 219
                | 220
                | 221
                | 223
                | 227
                | 228
                | 230
                | 231
                | 232
                | 233
                | 234
                | 239
                | 240
                | 241
                | 242
                | 243
                | 244
                | 245
                | 246
                | 247
                | 248
                | 249
                | 250
                | 251
                | 255
                | 256
                | 257
                | 258
                | 259
                | 260
                | 261
                | 262
                | 263
                | 264
                | 269
                | 270
                | 271
                | 273
                | 274
                | 275
                | 276
                | 277
                | 278
                | 280
                | 281
                | 282
                | 283
                | 284
                | 285
                | 287
                | 288
                | 290
                | 296
                | 297
                | 298
                | 299
                | 300
                | 301
                | 302
                | 303
                | 304
                | 305
                | 306
                | 307
                | 308
                | 311
                | 313
                | 314
                | 316
                | 317
                | 318
                | 320
                | 323
                | 324
                | 325
                | 326
                | 328
                | 329
                | 330
                | 331
                | 332
                | 335
                | 336
                | 337
                | 339
                | 340
                | 341
                | 343
                | 346
                | 347
                | 348
                | 349
                | 350
                | 352
                | 353
                | 354
        )
    }

    /// Decodes the value of IE `id`.
    pub fn decode(id: u16, r: &mut PerReader<'a>) -> DecodeResult<Self> {
        Ok(match id {
            0 | 88 | 158 => S1apIe::MmeUeS1apId(Aper::decode(r)?),
            1 => S1apIe::HandoverType(Aper::decode(r)?),
            2 | 168 => S1apIe::Cause(Aper::decode(r)?),
            4 => S1apIe::TargetId(Aper::decode(r)?),
            8 | 337 => S1apIe::EnbUeS1apId(Aper::decode(r)?),
            12 => S1apIe::ERabSubjecttoDataForwardingList(Aper::decode(r)?),
            13 | 33 | 48 => S1apIe::ERabList(Aper::decode(r)?),
            18 => S1apIe::ERabAdmittedList(Aper::decode(r)?),
            19 => S1apIe::ERabFailedtoSetupListHoReqAck(Aper::decode(r)?),
            22 => S1apIe::ERabToBeSwitchedDlList(Aper::decode(r)?),
            24 => S1apIe::ERabToBeSetupListCtxtSuReq(Aper::decode(r)?),
            25 => S1apIe::TraceActivation(Aper::decode(r)?),
            26 | 74 | 104 | 123 | 132 | 133 | 135 | 136 | 138 | 139 | 194 | 198 | 313 | 314
            | 316 | 354 => S1apIe::NasPdu(Aper::decode(r)?),
            40 => S1apIe::SecurityContext(Aper::decode(r)?),
            41 => S1apIe::HandoverRestrictionList(Aper::decode(r)?),
            43 => S1apIe::UePagingId(Aper::decode(r)?),
            44 | 137 => S1apIe::PagingDrx(Aper::decode(r)?),
            46 => S1apIe::TaiList(Aper::decode(r)?),
            51 => S1apIe::ERabSetupListCtxtSuRes(Aper::decode(r)?),
            53 => S1apIe::ERabToBeSetupListHoReq(Aper::decode(r)?),
            58 => S1apIe::CriticalityDiagnostics(Aper::decode(r)?),
            59 => S1apIe::GlobalEnbId(Aper::decode(r)?),
            60 | 61 => S1apIe::EnbName(Aper::decode(r)?),
            64 => S1apIe::SupportedTas(Aper::decode(r)?),
            65 => S1apIe::TimeToWait(Aper::decode(r)?),
            66 => S1apIe::UeAggregateMaximumBitrate(Aper::decode(r)?),
            67 => S1apIe::Tai(Aper::decode(r)?),
            73 => S1apIe::SecurityKey(Aper::decode(r)?),
            75 | 157 => S1apIe::Gummei(Aper::decode(r)?),
            79 => S1apIe::DirectForwardingPathAvailability(Aper::decode(r)?),
            80 => S1apIe::UeIdentityIndexValue(Aper::decode(r)?),
            87 | 230 => S1apIe::RelativeMmeCapacity(Aper::decode(r)?),
            90 => S1apIe::EnbStatusTransferTransparentContainer(Aper::decode(r)?),
            92 => S1apIe::ResetType(Aper::decode(r)?),
            93 => S1apIe::UeAssociatedLogicalS1ConnectionListResAck(Aper::decode(r)?),
            95 => S1apIe::ERabToBeSwitchedUlList(Aper::decode(r)?),
            96 => S1apIe::STmsi(Aper::decode(r)?),
            98 => S1apIe::RequestType(Aper::decode(r)?),
            99 => S1apIe::UeS1apIds(Aper::decode(r)?),
            100 => S1apIe::EutranCgi(Aper::decode(r)?),
            105 => S1apIe::ServedGummeis(Aper::decode(r)?),
            106 => S1apIe::SubscriberProfileIdForRfp(Aper::decode(r)?),
            107 => S1apIe::UeSecurityCapabilities(Aper::decode(r)?),
            108 => S1apIe::CsFallbackIndicator(Aper::decode(r)?),
            109 => S1apIe::CnDomain(Aper::decode(r)?),
            124 => S1apIe::SrvccOperationPossible(Aper::decode(r)?),
            125 => S1apIe::SrvccHoIndication(Aper::decode(r)?),
            127 => S1apIe::CsgId(Aper::decode(r)?),
            128 => S1apIe::CsgIdList(Aper::decode(r)?),
            134 | 245 => S1apIe::RrcEstablishmentCause(Aper::decode(r)?),
            143 => S1apIe::DataForwardingNotPossible(Aper::decode(r)?),
            145 => S1apIe::CellAccessMode(Aper::decode(r)?),
            146 => S1apIe::CsgMembershipStatus(Aper::decode(r)?),
            149 => S1apIe::TimeSynchronisationInfo(Aper::decode(r)?),
            150 => S1apIe::PsServiceNotAvailable(Aper::decode(r)?),
            151 => S1apIe::PagingPriority(Aper::decode(r)?),
            152 => S1apIe::X2tnlConfigurationInfo(Aper::decode(r)?),
            153 => S1apIe::EnbX2ExtTlas(Aper::decode(r)?),
            155 | 184 | 328 | 340 => S1apIe::TransportLayerAddress(Aper::decode(r)?),
            156 | 183 | 297 => S1apIe::CorrelationId(Aper::decode(r)?),
            159 => S1apIe::Lai(Aper::decode(r)?),
            160 => S1apIe::RelayNodeIndicator(Aper::decode(r)?),
            163 => S1apIe::MmeRelaySupportIndicator(Aper::decode(r)?),
            164 => S1apIe::GwContextReleaseIndication(Aper::decode(r)?),
            165 => S1apIe::ManagementBasedMdtAllowed(Aper::decode(r)?),
            167 => S1apIe::TimeUeStayedInCellEnhancedGranularity(Aper::decode(r)?),
            170 => S1apIe::GummeiType(Aper::decode(r)?),
            171 => S1apIe::M3Configuration(Aper::decode(r)?),
            172 => S1apIe::M4Configuration(Aper::decode(r)?),
            173 => S1apIe::M5Configuration(Aper::decode(r)?),
            174 | 263 => S1apIe::MdtLocationInfo(Aper::decode(r)?),
            175 | 299 => S1apIe::MobilityInformation(Aper::decode(r)?),
            176 => S1apIe::TunnelInformation(Aper::decode(r)?),
            177 | 178 => S1apIe::MdtPlmnList(Aper::decode(r)?),
            179 | 180 => S1apIe::CountValueExtended(Aper::decode(r)?),
            181 => S1apIe::ReceiveStatusOfUlPdcpSdusExtended(Aper::decode(r)?),
            185 => S1apIe::TransportInformation(Aper::decode(r)?),
            186 => S1apIe::LhnId(Aper::decode(r)?),
            187 => S1apIe::AdditionalCsFallbackIndicator(Aper::decode(r)?),
            189 => S1apIe::UserLocationInformation(Aper::decode(r)?),
            192 => S1apIe::MaskedImeisv(Aper::decode(r)?),
            193 => S1apIe::EnbIndirectX2TransportLayerAddresses(Aper::decode(r)?),
            195 => S1apIe::ProseAuthorized(Aper::decode(r)?),
            196 => S1apIe::ExpectedUeBehaviour(Aper::decode(r)?),
            207 => S1apIe::MutingAvailabilityIndication(Aper::decode(r)?),
            208 => S1apIe::MutingPatternInformation(Aper::decode(r)?),
            209 => S1apIe::SynchronisationInformation(Aper::decode(r)?),
            211 => S1apIe::AssistanceDataForPaging(Aper::decode(r)?),
            212 => S1apIe::CellIdentifierAndCeLevelForCeCapableUes(Aper::decode(r)?),
            213 => S1apIe::InformationOnRecommendedCellsAndEnbsForPaging(Aper::decode(r)?),
            216 => S1apIe::ProseUeToNetworkRelaying(Aper::decode(r)?),
            217 | 218 => S1apIe::CountValuePdcpSnLength18(Aper::decode(r)?),
            219 => S1apIe::ReceiveStatusOfUlPdcpSdusPdcpSnLength18(Aper::decode(r)?),
            220 => S1apIe::M6Configuration(Aper::decode(r)?),
            221 => S1apIe::M7Configuration(Aper::decode(r)?),
            223 => S1apIe::MmeGroupId(Aper::decode(r)?),
            227 => S1apIe::PagingEdrxInformation(Aper::decode(r)?),
            228 => S1apIe::UeRetentionInformation(Aper::decode(r)?),
            231 => S1apIe::ExtendedUeIdentityIndexValue(Aper::decode(r)?),
            232 => S1apIe::RatType(Aper::decode(r)?),
            233 => S1apIe::BearerType(Aper::decode(r)?),
            234 => S1apIe::NbIotDefaultPagingDrx(Aper::decode(r)?),
            239 => S1apIe::NbIotPagingEdrxInformation(Aper::decode(r)?),
            240 => S1apIe::V2xServicesAuthorized(Aper::decode(r)?),
            241 => S1apIe::UeUserPlaneCiotSupportIndicator(Aper::decode(r)?),
            242 => S1apIe::CeModeBSupportIndicator(Aper::decode(r)?),
            243 => S1apIe::SrvccOperationNotPossible(Aper::decode(r)?),
            244 => S1apIe::NbIotUeIdentityIndexValue(Aper::decode(r)?),
            246 => S1apIe::DcnId(Aper::decode(r)?),
            247 => S1apIe::ServedDcns(Aper::decode(r)?),
            248 => S1apIe::UeSidelinkAggregateMaximumBitrate(Aper::decode(r)?),
            249 => S1apIe::DlNasPduDeliveryAckRequest(Aper::decode(r)?),
            250 => S1apIe::CoverageLevel(Aper::decode(r)?),
            251 => S1apIe::EnhancedCoverageRestricted(Aper::decode(r)?),
            255 | 256 | 257 | 258 | 259 | 260 => S1apIe::ExtendedBitRate(Aper::decode(r)?),
            261 => S1apIe::NrRestrictioninEpsAsSecondaryRat(Aper::decode(r)?),
            262 => S1apIe::UeAppLayerMeasConfig(Aper::decode(r)?),
            264 => S1apIe::SecondaryRatDataUsageReportList(Aper::decode(r)?),
            269 => S1apIe::NrUeSecurityCapabilities(Aper::decode(r)?),
            270 => S1apIe::UnlicensedSpectrumRestriction(Aper::decode(r)?),
            271 => S1apIe::CeModeBRestricted(Aper::decode(r)?),
            273 | 274 => S1apIe::PacketLossRate(Aper::decode(r)?),
            275 => S1apIe::UeCapabilityInfoRequest(Aper::decode(r)?),
            276 => S1apIe::ServiceType(Aper::decode(r)?),
            277 => S1apIe::AerialUeSubscriptionInformation(Aper::decode(r)?),
            278 => S1apIe::SubscriptionBasedUeDifferentiationInfo(Aper::decode(r)?),
            280 => S1apIe::EndIndication(Aper::decode(r)?),
            281 => S1apIe::EdtSession(Aper::decode(r)?),
            282 => S1apIe::CnTypeRestrictions(Aper::decode(r)?),
            283 => S1apIe::PendingDataIndication(Aper::decode(r)?),
            284 => S1apIe::BluetoothMeasurementConfiguration(Aper::decode(r)?),
            285 => S1apIe::WlanMeasurementConfiguration(Aper::decode(r)?),
            287 => S1apIe::NrRestrictionin5gs(Aper::decode(r)?),
            288 => S1apIe::PsCellInformation(Aper::decode(r)?),
            290 => S1apIe::PlmnIdentity(Aper::decode(r)?),
            296 => S1apIe::ImsVoiceEpsFallbackfrom5g(Aper::decode(r)?),
            298 => S1apIe::RequestTypeAdditionalInfo(Aper::decode(r)?),
            300 => S1apIe::ContextatSource(Aper::decode(r)?),
            301 => S1apIe::IabAuthorized(Aper::decode(r)?),
            302 => S1apIe::IabNodeIndication(Aper::decode(r)?),
            303 => S1apIe::IabSupported(Aper::decode(r)?),
            304 => S1apIe::DataSize(Aper::decode(r)?),
            305 => S1apIe::EthernetType(Aper::decode(r)?),
            306 => S1apIe::NrV2xServicesAuthorized(Aper::decode(r)?),
            307 => S1apIe::NrUeSidelinkAggregateMaximumBitrate(Aper::decode(r)?),
            308 => S1apIe::Pc5QosParameters(Aper::decode(r)?),
            311 => S1apIe::IntersystemMeasurementConfiguration(Aper::decode(r)?),
            317 => S1apIe::DapsRequestInfo(Aper::decode(r)?),
            318 => S1apIe::DapsResponseInfoList(Aper::decode(r)?),
            320 => S1apIe::NotifySourceEnb(Aper::decode(r)?),
            323 => S1apIe::WusAssistanceInformation(Aper::decode(r)?),
            324 => S1apIe::NbIotPagingDrx(Aper::decode(r)?),
            325 => S1apIe::UriAddress(Aper::decode(r)?),
            326 => S1apIe::EmergencyIndicator(Aper::decode(r)?),
            329 => S1apIe::LastVisitedPsCellList(Aper::decode(r)?),
            330 => S1apIe::RacSIndication(Aper::decode(r)?),
            331 => S1apIe::PagingCause(Aper::decode(r)?),
            332 => S1apIe::SecurityIndication(Aper::decode(r)?),
            335 => S1apIe::ERabSecurityResultList(Aper::decode(r)?),
            336 => S1apIe::RatRestrictions(Aper::decode(r)?),
            339 => S1apIe::LteNtnTaiInformation(Aper::decode(r)?),
            341 => S1apIe::ERabToBeUpdatedList(Aper::decode(r)?),
            343 => S1apIe::GlobalRanNodeId(Aper::decode(r)?),
            346 => S1apIe::M4ReportAmountMdt(Aper::decode(r)?),
            347 => S1apIe::M5ReportAmountMdt(Aper::decode(r)?),
            348 => S1apIe::M6ReportAmountMdt(Aper::decode(r)?),
            349 => S1apIe::M7ReportAmountMdt(Aper::decode(r)?),
            350 => S1apIe::TimeBasedHandoverInformation(Aper::decode(r)?),
            352 => S1apIe::BearersSubjectToDlDiscardingList(Aper::decode(r)?),
            353 => S1apIe::CoarseUeLocationRequested(Aper::decode(r)?),
            _ => return Err(r.error(crate::error::ErrorKind::Invalid, "IE not typed")),
        })
    }

    /// Encodes the value.
    pub fn encode(&self, w: &mut PerWriter) -> EncodeResult<()> {
        match self {
            S1apIe::MmeUeS1apId(v) => v.encode(w),
            S1apIe::HandoverType(v) => v.encode(w),
            S1apIe::Cause(v) => v.encode(w),
            S1apIe::TargetId(v) => v.encode(w),
            S1apIe::EnbUeS1apId(v) => v.encode(w),
            S1apIe::ERabSubjecttoDataForwardingList(v) => v.encode(w),
            S1apIe::ERabList(v) => v.encode(w),
            S1apIe::ERabAdmittedList(v) => v.encode(w),
            S1apIe::ERabFailedtoSetupListHoReqAck(v) => v.encode(w),
            S1apIe::ERabToBeSwitchedDlList(v) => v.encode(w),
            S1apIe::ERabToBeSetupListCtxtSuReq(v) => v.encode(w),
            S1apIe::TraceActivation(v) => v.encode(w),
            S1apIe::NasPdu(v) => v.encode(w),
            S1apIe::SecurityContext(v) => v.encode(w),
            S1apIe::HandoverRestrictionList(v) => v.encode(w),
            S1apIe::UePagingId(v) => v.encode(w),
            S1apIe::PagingDrx(v) => v.encode(w),
            S1apIe::TaiList(v) => v.encode(w),
            S1apIe::ERabSetupListCtxtSuRes(v) => v.encode(w),
            S1apIe::ERabToBeSetupListHoReq(v) => v.encode(w),
            S1apIe::CriticalityDiagnostics(v) => v.encode(w),
            S1apIe::GlobalEnbId(v) => v.encode(w),
            S1apIe::EnbName(v) => v.encode(w),
            S1apIe::SupportedTas(v) => v.encode(w),
            S1apIe::TimeToWait(v) => v.encode(w),
            S1apIe::UeAggregateMaximumBitrate(v) => v.encode(w),
            S1apIe::Tai(v) => v.encode(w),
            S1apIe::SecurityKey(v) => v.encode(w),
            S1apIe::Gummei(v) => v.encode(w),
            S1apIe::DirectForwardingPathAvailability(v) => v.encode(w),
            S1apIe::UeIdentityIndexValue(v) => v.encode(w),
            S1apIe::RelativeMmeCapacity(v) => v.encode(w),
            S1apIe::EnbStatusTransferTransparentContainer(v) => v.encode(w),
            S1apIe::ResetType(v) => v.encode(w),
            S1apIe::UeAssociatedLogicalS1ConnectionListResAck(v) => v.encode(w),
            S1apIe::ERabToBeSwitchedUlList(v) => v.encode(w),
            S1apIe::STmsi(v) => v.encode(w),
            S1apIe::RequestType(v) => v.encode(w),
            S1apIe::UeS1apIds(v) => v.encode(w),
            S1apIe::EutranCgi(v) => v.encode(w),
            S1apIe::ServedGummeis(v) => v.encode(w),
            S1apIe::SubscriberProfileIdForRfp(v) => v.encode(w),
            S1apIe::UeSecurityCapabilities(v) => v.encode(w),
            S1apIe::CsFallbackIndicator(v) => v.encode(w),
            S1apIe::CnDomain(v) => v.encode(w),
            S1apIe::SrvccOperationPossible(v) => v.encode(w),
            S1apIe::SrvccHoIndication(v) => v.encode(w),
            S1apIe::CsgId(v) => v.encode(w),
            S1apIe::CsgIdList(v) => v.encode(w),
            S1apIe::RrcEstablishmentCause(v) => v.encode(w),
            S1apIe::DataForwardingNotPossible(v) => v.encode(w),
            S1apIe::CellAccessMode(v) => v.encode(w),
            S1apIe::CsgMembershipStatus(v) => v.encode(w),
            S1apIe::TimeSynchronisationInfo(v) => v.encode(w),
            S1apIe::PsServiceNotAvailable(v) => v.encode(w),
            S1apIe::PagingPriority(v) => v.encode(w),
            S1apIe::X2tnlConfigurationInfo(v) => v.encode(w),
            S1apIe::EnbX2ExtTlas(v) => v.encode(w),
            S1apIe::TransportLayerAddress(v) => v.encode(w),
            S1apIe::CorrelationId(v) => v.encode(w),
            S1apIe::Lai(v) => v.encode(w),
            S1apIe::RelayNodeIndicator(v) => v.encode(w),
            S1apIe::MmeRelaySupportIndicator(v) => v.encode(w),
            S1apIe::GwContextReleaseIndication(v) => v.encode(w),
            S1apIe::ManagementBasedMdtAllowed(v) => v.encode(w),
            S1apIe::TimeUeStayedInCellEnhancedGranularity(v) => v.encode(w),
            S1apIe::GummeiType(v) => v.encode(w),
            S1apIe::M3Configuration(v) => v.encode(w),
            S1apIe::M4Configuration(v) => v.encode(w),
            S1apIe::M5Configuration(v) => v.encode(w),
            S1apIe::MdtLocationInfo(v) => v.encode(w),
            S1apIe::MobilityInformation(v) => v.encode(w),
            S1apIe::TunnelInformation(v) => v.encode(w),
            S1apIe::MdtPlmnList(v) => v.encode(w),
            S1apIe::CountValueExtended(v) => v.encode(w),
            S1apIe::ReceiveStatusOfUlPdcpSdusExtended(v) => v.encode(w),
            S1apIe::TransportInformation(v) => v.encode(w),
            S1apIe::LhnId(v) => v.encode(w),
            S1apIe::AdditionalCsFallbackIndicator(v) => v.encode(w),
            S1apIe::UserLocationInformation(v) => v.encode(w),
            S1apIe::MaskedImeisv(v) => v.encode(w),
            S1apIe::EnbIndirectX2TransportLayerAddresses(v) => v.encode(w),
            S1apIe::ProseAuthorized(v) => v.encode(w),
            S1apIe::ExpectedUeBehaviour(v) => v.encode(w),
            S1apIe::MutingAvailabilityIndication(v) => v.encode(w),
            S1apIe::MutingPatternInformation(v) => v.encode(w),
            S1apIe::SynchronisationInformation(v) => v.encode(w),
            S1apIe::AssistanceDataForPaging(v) => v.encode(w),
            S1apIe::CellIdentifierAndCeLevelForCeCapableUes(v) => v.encode(w),
            S1apIe::InformationOnRecommendedCellsAndEnbsForPaging(v) => v.encode(w),
            S1apIe::ProseUeToNetworkRelaying(v) => v.encode(w),
            S1apIe::CountValuePdcpSnLength18(v) => v.encode(w),
            S1apIe::ReceiveStatusOfUlPdcpSdusPdcpSnLength18(v) => v.encode(w),
            S1apIe::M6Configuration(v) => v.encode(w),
            S1apIe::M7Configuration(v) => v.encode(w),
            S1apIe::MmeGroupId(v) => v.encode(w),
            S1apIe::PagingEdrxInformation(v) => v.encode(w),
            S1apIe::UeRetentionInformation(v) => v.encode(w),
            S1apIe::ExtendedUeIdentityIndexValue(v) => v.encode(w),
            S1apIe::RatType(v) => v.encode(w),
            S1apIe::BearerType(v) => v.encode(w),
            S1apIe::NbIotDefaultPagingDrx(v) => v.encode(w),
            S1apIe::NbIotPagingEdrxInformation(v) => v.encode(w),
            S1apIe::V2xServicesAuthorized(v) => v.encode(w),
            S1apIe::UeUserPlaneCiotSupportIndicator(v) => v.encode(w),
            S1apIe::CeModeBSupportIndicator(v) => v.encode(w),
            S1apIe::SrvccOperationNotPossible(v) => v.encode(w),
            S1apIe::NbIotUeIdentityIndexValue(v) => v.encode(w),
            S1apIe::DcnId(v) => v.encode(w),
            S1apIe::ServedDcns(v) => v.encode(w),
            S1apIe::UeSidelinkAggregateMaximumBitrate(v) => v.encode(w),
            S1apIe::DlNasPduDeliveryAckRequest(v) => v.encode(w),
            S1apIe::CoverageLevel(v) => v.encode(w),
            S1apIe::EnhancedCoverageRestricted(v) => v.encode(w),
            S1apIe::ExtendedBitRate(v) => v.encode(w),
            S1apIe::NrRestrictioninEpsAsSecondaryRat(v) => v.encode(w),
            S1apIe::UeAppLayerMeasConfig(v) => v.encode(w),
            S1apIe::SecondaryRatDataUsageReportList(v) => v.encode(w),
            S1apIe::NrUeSecurityCapabilities(v) => v.encode(w),
            S1apIe::UnlicensedSpectrumRestriction(v) => v.encode(w),
            S1apIe::CeModeBRestricted(v) => v.encode(w),
            S1apIe::PacketLossRate(v) => v.encode(w),
            S1apIe::UeCapabilityInfoRequest(v) => v.encode(w),
            S1apIe::ServiceType(v) => v.encode(w),
            S1apIe::AerialUeSubscriptionInformation(v) => v.encode(w),
            S1apIe::SubscriptionBasedUeDifferentiationInfo(v) => v.encode(w),
            S1apIe::EndIndication(v) => v.encode(w),
            S1apIe::EdtSession(v) => v.encode(w),
            S1apIe::CnTypeRestrictions(v) => v.encode(w),
            S1apIe::PendingDataIndication(v) => v.encode(w),
            S1apIe::BluetoothMeasurementConfiguration(v) => v.encode(w),
            S1apIe::WlanMeasurementConfiguration(v) => v.encode(w),
            S1apIe::NrRestrictionin5gs(v) => v.encode(w),
            S1apIe::PsCellInformation(v) => v.encode(w),
            S1apIe::PlmnIdentity(v) => v.encode(w),
            S1apIe::ImsVoiceEpsFallbackfrom5g(v) => v.encode(w),
            S1apIe::RequestTypeAdditionalInfo(v) => v.encode(w),
            S1apIe::ContextatSource(v) => v.encode(w),
            S1apIe::IabAuthorized(v) => v.encode(w),
            S1apIe::IabNodeIndication(v) => v.encode(w),
            S1apIe::IabSupported(v) => v.encode(w),
            S1apIe::DataSize(v) => v.encode(w),
            S1apIe::EthernetType(v) => v.encode(w),
            S1apIe::NrV2xServicesAuthorized(v) => v.encode(w),
            S1apIe::NrUeSidelinkAggregateMaximumBitrate(v) => v.encode(w),
            S1apIe::Pc5QosParameters(v) => v.encode(w),
            S1apIe::IntersystemMeasurementConfiguration(v) => v.encode(w),
            S1apIe::DapsRequestInfo(v) => v.encode(w),
            S1apIe::DapsResponseInfoList(v) => v.encode(w),
            S1apIe::NotifySourceEnb(v) => v.encode(w),
            S1apIe::WusAssistanceInformation(v) => v.encode(w),
            S1apIe::NbIotPagingDrx(v) => v.encode(w),
            S1apIe::UriAddress(v) => v.encode(w),
            S1apIe::EmergencyIndicator(v) => v.encode(w),
            S1apIe::LastVisitedPsCellList(v) => v.encode(w),
            S1apIe::RacSIndication(v) => v.encode(w),
            S1apIe::PagingCause(v) => v.encode(w),
            S1apIe::SecurityIndication(v) => v.encode(w),
            S1apIe::ERabSecurityResultList(v) => v.encode(w),
            S1apIe::RatRestrictions(v) => v.encode(w),
            S1apIe::LteNtnTaiInformation(v) => v.encode(w),
            S1apIe::ERabToBeUpdatedList(v) => v.encode(w),
            S1apIe::GlobalRanNodeId(v) => v.encode(w),
            S1apIe::M4ReportAmountMdt(v) => v.encode(w),
            S1apIe::M5ReportAmountMdt(v) => v.encode(w),
            S1apIe::M6ReportAmountMdt(v) => v.encode(w),
            S1apIe::M7ReportAmountMdt(v) => v.encode(w),
            S1apIe::TimeBasedHandoverInformation(v) => v.encode(w),
            S1apIe::BearersSubjectToDlDiscardingList(v) => v.encode(w),
            S1apIe::CoarseUeLocationRequested(v) => v.encode(w),
        }
    }

    /// A random value of IE `id` (`None` if it is not typed).
    pub fn sample(id: u16, rng: &mut Rng, depth: u32) -> Option<S1apIe<'static>> {
        Some(match id {
            0 | 88 | 158 => S1apIe::MmeUeS1apId(Sample::sample(rng, depth)),
            1 => S1apIe::HandoverType(Sample::sample(rng, depth)),
            2 | 168 => S1apIe::Cause(Sample::sample(rng, depth)),
            4 => S1apIe::TargetId(Sample::sample(rng, depth)),
            8 | 337 => S1apIe::EnbUeS1apId(Sample::sample(rng, depth)),
            12 => S1apIe::ERabSubjecttoDataForwardingList(Sample::sample(rng, depth)),
            13 | 33 | 48 => S1apIe::ERabList(Sample::sample(rng, depth)),
            18 => S1apIe::ERabAdmittedList(Sample::sample(rng, depth)),
            19 => S1apIe::ERabFailedtoSetupListHoReqAck(Sample::sample(rng, depth)),
            22 => S1apIe::ERabToBeSwitchedDlList(Sample::sample(rng, depth)),
            24 => S1apIe::ERabToBeSetupListCtxtSuReq(Sample::sample(rng, depth)),
            25 => S1apIe::TraceActivation(Sample::sample(rng, depth)),
            26 | 74 | 104 | 123 | 132 | 133 | 135 | 136 | 138 | 139 | 194 | 198 | 313 | 314
            | 316 | 354 => S1apIe::NasPdu(Sample::sample(rng, depth)),
            40 => S1apIe::SecurityContext(Sample::sample(rng, depth)),
            41 => S1apIe::HandoverRestrictionList(Sample::sample(rng, depth)),
            43 => S1apIe::UePagingId(Sample::sample(rng, depth)),
            44 | 137 => S1apIe::PagingDrx(Sample::sample(rng, depth)),
            46 => S1apIe::TaiList(Sample::sample(rng, depth)),
            51 => S1apIe::ERabSetupListCtxtSuRes(Sample::sample(rng, depth)),
            53 => S1apIe::ERabToBeSetupListHoReq(Sample::sample(rng, depth)),
            58 => S1apIe::CriticalityDiagnostics(Sample::sample(rng, depth)),
            59 => S1apIe::GlobalEnbId(Sample::sample(rng, depth)),
            60 | 61 => S1apIe::EnbName(Sample::sample(rng, depth)),
            64 => S1apIe::SupportedTas(Sample::sample(rng, depth)),
            65 => S1apIe::TimeToWait(Sample::sample(rng, depth)),
            66 => S1apIe::UeAggregateMaximumBitrate(Sample::sample(rng, depth)),
            67 => S1apIe::Tai(Sample::sample(rng, depth)),
            73 => S1apIe::SecurityKey(Sample::sample(rng, depth)),
            75 | 157 => S1apIe::Gummei(Sample::sample(rng, depth)),
            79 => S1apIe::DirectForwardingPathAvailability(Sample::sample(rng, depth)),
            80 => S1apIe::UeIdentityIndexValue(Sample::sample(rng, depth)),
            87 | 230 => S1apIe::RelativeMmeCapacity(Sample::sample(rng, depth)),
            90 => S1apIe::EnbStatusTransferTransparentContainer(Sample::sample(rng, depth)),
            92 => S1apIe::ResetType(Sample::sample(rng, depth)),
            93 => S1apIe::UeAssociatedLogicalS1ConnectionListResAck(Sample::sample(rng, depth)),
            95 => S1apIe::ERabToBeSwitchedUlList(Sample::sample(rng, depth)),
            96 => S1apIe::STmsi(Sample::sample(rng, depth)),
            98 => S1apIe::RequestType(Sample::sample(rng, depth)),
            99 => S1apIe::UeS1apIds(Sample::sample(rng, depth)),
            100 => S1apIe::EutranCgi(Sample::sample(rng, depth)),
            105 => S1apIe::ServedGummeis(Sample::sample(rng, depth)),
            106 => S1apIe::SubscriberProfileIdForRfp(Sample::sample(rng, depth)),
            107 => S1apIe::UeSecurityCapabilities(Sample::sample(rng, depth)),
            108 => S1apIe::CsFallbackIndicator(Sample::sample(rng, depth)),
            109 => S1apIe::CnDomain(Sample::sample(rng, depth)),
            124 => S1apIe::SrvccOperationPossible(Sample::sample(rng, depth)),
            125 => S1apIe::SrvccHoIndication(Sample::sample(rng, depth)),
            127 => S1apIe::CsgId(Sample::sample(rng, depth)),
            128 => S1apIe::CsgIdList(Sample::sample(rng, depth)),
            134 | 245 => S1apIe::RrcEstablishmentCause(Sample::sample(rng, depth)),
            143 => S1apIe::DataForwardingNotPossible(Sample::sample(rng, depth)),
            145 => S1apIe::CellAccessMode(Sample::sample(rng, depth)),
            146 => S1apIe::CsgMembershipStatus(Sample::sample(rng, depth)),
            149 => S1apIe::TimeSynchronisationInfo(Sample::sample(rng, depth)),
            150 => S1apIe::PsServiceNotAvailable(Sample::sample(rng, depth)),
            151 => S1apIe::PagingPriority(Sample::sample(rng, depth)),
            152 => S1apIe::X2tnlConfigurationInfo(Sample::sample(rng, depth)),
            153 => S1apIe::EnbX2ExtTlas(Sample::sample(rng, depth)),
            155 | 184 | 328 | 340 => S1apIe::TransportLayerAddress(Sample::sample(rng, depth)),
            156 | 183 | 297 => S1apIe::CorrelationId(Sample::sample(rng, depth)),
            159 => S1apIe::Lai(Sample::sample(rng, depth)),
            160 => S1apIe::RelayNodeIndicator(Sample::sample(rng, depth)),
            163 => S1apIe::MmeRelaySupportIndicator(Sample::sample(rng, depth)),
            164 => S1apIe::GwContextReleaseIndication(Sample::sample(rng, depth)),
            165 => S1apIe::ManagementBasedMdtAllowed(Sample::sample(rng, depth)),
            167 => S1apIe::TimeUeStayedInCellEnhancedGranularity(Sample::sample(rng, depth)),
            170 => S1apIe::GummeiType(Sample::sample(rng, depth)),
            171 => S1apIe::M3Configuration(Sample::sample(rng, depth)),
            172 => S1apIe::M4Configuration(Sample::sample(rng, depth)),
            173 => S1apIe::M5Configuration(Sample::sample(rng, depth)),
            174 | 263 => S1apIe::MdtLocationInfo(Sample::sample(rng, depth)),
            175 | 299 => S1apIe::MobilityInformation(Sample::sample(rng, depth)),
            176 => S1apIe::TunnelInformation(Sample::sample(rng, depth)),
            177 | 178 => S1apIe::MdtPlmnList(Sample::sample(rng, depth)),
            179 | 180 => S1apIe::CountValueExtended(Sample::sample(rng, depth)),
            181 => S1apIe::ReceiveStatusOfUlPdcpSdusExtended(Sample::sample(rng, depth)),
            185 => S1apIe::TransportInformation(Sample::sample(rng, depth)),
            186 => S1apIe::LhnId(Sample::sample(rng, depth)),
            187 => S1apIe::AdditionalCsFallbackIndicator(Sample::sample(rng, depth)),
            189 => S1apIe::UserLocationInformation(Sample::sample(rng, depth)),
            192 => S1apIe::MaskedImeisv(Sample::sample(rng, depth)),
            193 => S1apIe::EnbIndirectX2TransportLayerAddresses(Sample::sample(rng, depth)),
            195 => S1apIe::ProseAuthorized(Sample::sample(rng, depth)),
            196 => S1apIe::ExpectedUeBehaviour(Sample::sample(rng, depth)),
            207 => S1apIe::MutingAvailabilityIndication(Sample::sample(rng, depth)),
            208 => S1apIe::MutingPatternInformation(Sample::sample(rng, depth)),
            209 => S1apIe::SynchronisationInformation(Sample::sample(rng, depth)),
            211 => S1apIe::AssistanceDataForPaging(Sample::sample(rng, depth)),
            212 => S1apIe::CellIdentifierAndCeLevelForCeCapableUes(Sample::sample(rng, depth)),
            213 => {
                S1apIe::InformationOnRecommendedCellsAndEnbsForPaging(Sample::sample(rng, depth))
            }
            216 => S1apIe::ProseUeToNetworkRelaying(Sample::sample(rng, depth)),
            217 | 218 => S1apIe::CountValuePdcpSnLength18(Sample::sample(rng, depth)),
            219 => S1apIe::ReceiveStatusOfUlPdcpSdusPdcpSnLength18(Sample::sample(rng, depth)),
            220 => S1apIe::M6Configuration(Sample::sample(rng, depth)),
            221 => S1apIe::M7Configuration(Sample::sample(rng, depth)),
            223 => S1apIe::MmeGroupId(Sample::sample(rng, depth)),
            227 => S1apIe::PagingEdrxInformation(Sample::sample(rng, depth)),
            228 => S1apIe::UeRetentionInformation(Sample::sample(rng, depth)),
            231 => S1apIe::ExtendedUeIdentityIndexValue(Sample::sample(rng, depth)),
            232 => S1apIe::RatType(Sample::sample(rng, depth)),
            233 => S1apIe::BearerType(Sample::sample(rng, depth)),
            234 => S1apIe::NbIotDefaultPagingDrx(Sample::sample(rng, depth)),
            239 => S1apIe::NbIotPagingEdrxInformation(Sample::sample(rng, depth)),
            240 => S1apIe::V2xServicesAuthorized(Sample::sample(rng, depth)),
            241 => S1apIe::UeUserPlaneCiotSupportIndicator(Sample::sample(rng, depth)),
            242 => S1apIe::CeModeBSupportIndicator(Sample::sample(rng, depth)),
            243 => S1apIe::SrvccOperationNotPossible(Sample::sample(rng, depth)),
            244 => S1apIe::NbIotUeIdentityIndexValue(Sample::sample(rng, depth)),
            246 => S1apIe::DcnId(Sample::sample(rng, depth)),
            247 => S1apIe::ServedDcns(Sample::sample(rng, depth)),
            248 => S1apIe::UeSidelinkAggregateMaximumBitrate(Sample::sample(rng, depth)),
            249 => S1apIe::DlNasPduDeliveryAckRequest(Sample::sample(rng, depth)),
            250 => S1apIe::CoverageLevel(Sample::sample(rng, depth)),
            251 => S1apIe::EnhancedCoverageRestricted(Sample::sample(rng, depth)),
            255 | 256 | 257 | 258 | 259 | 260 => {
                S1apIe::ExtendedBitRate(Sample::sample(rng, depth))
            }
            261 => S1apIe::NrRestrictioninEpsAsSecondaryRat(Sample::sample(rng, depth)),
            262 => S1apIe::UeAppLayerMeasConfig(Sample::sample(rng, depth)),
            264 => S1apIe::SecondaryRatDataUsageReportList(Sample::sample(rng, depth)),
            269 => S1apIe::NrUeSecurityCapabilities(Sample::sample(rng, depth)),
            270 => S1apIe::UnlicensedSpectrumRestriction(Sample::sample(rng, depth)),
            271 => S1apIe::CeModeBRestricted(Sample::sample(rng, depth)),
            273 | 274 => S1apIe::PacketLossRate(Sample::sample(rng, depth)),
            275 => S1apIe::UeCapabilityInfoRequest(Sample::sample(rng, depth)),
            276 => S1apIe::ServiceType(Sample::sample(rng, depth)),
            277 => S1apIe::AerialUeSubscriptionInformation(Sample::sample(rng, depth)),
            278 => S1apIe::SubscriptionBasedUeDifferentiationInfo(Sample::sample(rng, depth)),
            280 => S1apIe::EndIndication(Sample::sample(rng, depth)),
            281 => S1apIe::EdtSession(Sample::sample(rng, depth)),
            282 => S1apIe::CnTypeRestrictions(Sample::sample(rng, depth)),
            283 => S1apIe::PendingDataIndication(Sample::sample(rng, depth)),
            284 => S1apIe::BluetoothMeasurementConfiguration(Sample::sample(rng, depth)),
            285 => S1apIe::WlanMeasurementConfiguration(Sample::sample(rng, depth)),
            287 => S1apIe::NrRestrictionin5gs(Sample::sample(rng, depth)),
            288 => S1apIe::PsCellInformation(Sample::sample(rng, depth)),
            290 => S1apIe::PlmnIdentity(Sample::sample(rng, depth)),
            296 => S1apIe::ImsVoiceEpsFallbackfrom5g(Sample::sample(rng, depth)),
            298 => S1apIe::RequestTypeAdditionalInfo(Sample::sample(rng, depth)),
            300 => S1apIe::ContextatSource(Sample::sample(rng, depth)),
            301 => S1apIe::IabAuthorized(Sample::sample(rng, depth)),
            302 => S1apIe::IabNodeIndication(Sample::sample(rng, depth)),
            303 => S1apIe::IabSupported(Sample::sample(rng, depth)),
            304 => S1apIe::DataSize(Sample::sample(rng, depth)),
            305 => S1apIe::EthernetType(Sample::sample(rng, depth)),
            306 => S1apIe::NrV2xServicesAuthorized(Sample::sample(rng, depth)),
            307 => S1apIe::NrUeSidelinkAggregateMaximumBitrate(Sample::sample(rng, depth)),
            308 => S1apIe::Pc5QosParameters(Sample::sample(rng, depth)),
            311 => S1apIe::IntersystemMeasurementConfiguration(Sample::sample(rng, depth)),
            317 => S1apIe::DapsRequestInfo(Sample::sample(rng, depth)),
            318 => S1apIe::DapsResponseInfoList(Sample::sample(rng, depth)),
            320 => S1apIe::NotifySourceEnb(Sample::sample(rng, depth)),
            323 => S1apIe::WusAssistanceInformation(Sample::sample(rng, depth)),
            324 => S1apIe::NbIotPagingDrx(Sample::sample(rng, depth)),
            325 => S1apIe::UriAddress(Sample::sample(rng, depth)),
            326 => S1apIe::EmergencyIndicator(Sample::sample(rng, depth)),
            329 => S1apIe::LastVisitedPsCellList(Sample::sample(rng, depth)),
            330 => S1apIe::RacSIndication(Sample::sample(rng, depth)),
            331 => S1apIe::PagingCause(Sample::sample(rng, depth)),
            332 => S1apIe::SecurityIndication(Sample::sample(rng, depth)),
            335 => S1apIe::ERabSecurityResultList(Sample::sample(rng, depth)),
            336 => S1apIe::RatRestrictions(Sample::sample(rng, depth)),
            339 => S1apIe::LteNtnTaiInformation(Sample::sample(rng, depth)),
            341 => S1apIe::ERabToBeUpdatedList(Sample::sample(rng, depth)),
            343 => S1apIe::GlobalRanNodeId(Sample::sample(rng, depth)),
            346 => S1apIe::M4ReportAmountMdt(Sample::sample(rng, depth)),
            347 => S1apIe::M5ReportAmountMdt(Sample::sample(rng, depth)),
            348 => S1apIe::M6ReportAmountMdt(Sample::sample(rng, depth)),
            349 => S1apIe::M7ReportAmountMdt(Sample::sample(rng, depth)),
            350 => S1apIe::TimeBasedHandoverInformation(Sample::sample(rng, depth)),
            352 => S1apIe::BearersSubjectToDlDiscardingList(Sample::sample(rng, depth)),
            353 => S1apIe::CoarseUeLocationRequested(Sample::sample(rng, depth)),
            _ => return None,
        })
    }
}

impl serde::Serialize for S1apIe<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            S1apIe::MmeUeS1apId(v) => v.serialize(s),
            S1apIe::HandoverType(v) => v.serialize(s),
            S1apIe::Cause(v) => v.serialize(s),
            S1apIe::TargetId(v) => v.serialize(s),
            S1apIe::EnbUeS1apId(v) => v.serialize(s),
            S1apIe::ERabSubjecttoDataForwardingList(v) => v.serialize(s),
            S1apIe::ERabList(v) => v.serialize(s),
            S1apIe::ERabAdmittedList(v) => v.serialize(s),
            S1apIe::ERabFailedtoSetupListHoReqAck(v) => v.serialize(s),
            S1apIe::ERabToBeSwitchedDlList(v) => v.serialize(s),
            S1apIe::ERabToBeSetupListCtxtSuReq(v) => v.serialize(s),
            S1apIe::TraceActivation(v) => v.serialize(s),
            S1apIe::NasPdu(v) => v.serialize(s),
            S1apIe::SecurityContext(v) => v.serialize(s),
            S1apIe::HandoverRestrictionList(v) => v.serialize(s),
            S1apIe::UePagingId(v) => v.serialize(s),
            S1apIe::PagingDrx(v) => v.serialize(s),
            S1apIe::TaiList(v) => v.serialize(s),
            S1apIe::ERabSetupListCtxtSuRes(v) => v.serialize(s),
            S1apIe::ERabToBeSetupListHoReq(v) => v.serialize(s),
            S1apIe::CriticalityDiagnostics(v) => v.serialize(s),
            S1apIe::GlobalEnbId(v) => v.serialize(s),
            S1apIe::EnbName(v) => v.serialize(s),
            S1apIe::SupportedTas(v) => v.serialize(s),
            S1apIe::TimeToWait(v) => v.serialize(s),
            S1apIe::UeAggregateMaximumBitrate(v) => v.serialize(s),
            S1apIe::Tai(v) => v.serialize(s),
            S1apIe::SecurityKey(v) => v.serialize(s),
            S1apIe::Gummei(v) => v.serialize(s),
            S1apIe::DirectForwardingPathAvailability(v) => v.serialize(s),
            S1apIe::UeIdentityIndexValue(v) => v.serialize(s),
            S1apIe::RelativeMmeCapacity(v) => v.serialize(s),
            S1apIe::EnbStatusTransferTransparentContainer(v) => v.serialize(s),
            S1apIe::ResetType(v) => v.serialize(s),
            S1apIe::UeAssociatedLogicalS1ConnectionListResAck(v) => v.serialize(s),
            S1apIe::ERabToBeSwitchedUlList(v) => v.serialize(s),
            S1apIe::STmsi(v) => v.serialize(s),
            S1apIe::RequestType(v) => v.serialize(s),
            S1apIe::UeS1apIds(v) => v.serialize(s),
            S1apIe::EutranCgi(v) => v.serialize(s),
            S1apIe::ServedGummeis(v) => v.serialize(s),
            S1apIe::SubscriberProfileIdForRfp(v) => v.serialize(s),
            S1apIe::UeSecurityCapabilities(v) => v.serialize(s),
            S1apIe::CsFallbackIndicator(v) => v.serialize(s),
            S1apIe::CnDomain(v) => v.serialize(s),
            S1apIe::SrvccOperationPossible(v) => v.serialize(s),
            S1apIe::SrvccHoIndication(v) => v.serialize(s),
            S1apIe::CsgId(v) => v.serialize(s),
            S1apIe::CsgIdList(v) => v.serialize(s),
            S1apIe::RrcEstablishmentCause(v) => v.serialize(s),
            S1apIe::DataForwardingNotPossible(v) => v.serialize(s),
            S1apIe::CellAccessMode(v) => v.serialize(s),
            S1apIe::CsgMembershipStatus(v) => v.serialize(s),
            S1apIe::TimeSynchronisationInfo(v) => v.serialize(s),
            S1apIe::PsServiceNotAvailable(v) => v.serialize(s),
            S1apIe::PagingPriority(v) => v.serialize(s),
            S1apIe::X2tnlConfigurationInfo(v) => v.serialize(s),
            S1apIe::EnbX2ExtTlas(v) => v.serialize(s),
            S1apIe::TransportLayerAddress(v) => v.serialize(s),
            S1apIe::CorrelationId(v) => v.serialize(s),
            S1apIe::Lai(v) => v.serialize(s),
            S1apIe::RelayNodeIndicator(v) => v.serialize(s),
            S1apIe::MmeRelaySupportIndicator(v) => v.serialize(s),
            S1apIe::GwContextReleaseIndication(v) => v.serialize(s),
            S1apIe::ManagementBasedMdtAllowed(v) => v.serialize(s),
            S1apIe::TimeUeStayedInCellEnhancedGranularity(v) => v.serialize(s),
            S1apIe::GummeiType(v) => v.serialize(s),
            S1apIe::M3Configuration(v) => v.serialize(s),
            S1apIe::M4Configuration(v) => v.serialize(s),
            S1apIe::M5Configuration(v) => v.serialize(s),
            S1apIe::MdtLocationInfo(v) => v.serialize(s),
            S1apIe::MobilityInformation(v) => v.serialize(s),
            S1apIe::TunnelInformation(v) => v.serialize(s),
            S1apIe::MdtPlmnList(v) => v.serialize(s),
            S1apIe::CountValueExtended(v) => v.serialize(s),
            S1apIe::ReceiveStatusOfUlPdcpSdusExtended(v) => v.serialize(s),
            S1apIe::TransportInformation(v) => v.serialize(s),
            S1apIe::LhnId(v) => v.serialize(s),
            S1apIe::AdditionalCsFallbackIndicator(v) => v.serialize(s),
            S1apIe::UserLocationInformation(v) => v.serialize(s),
            S1apIe::MaskedImeisv(v) => v.serialize(s),
            S1apIe::EnbIndirectX2TransportLayerAddresses(v) => v.serialize(s),
            S1apIe::ProseAuthorized(v) => v.serialize(s),
            S1apIe::ExpectedUeBehaviour(v) => v.serialize(s),
            S1apIe::MutingAvailabilityIndication(v) => v.serialize(s),
            S1apIe::MutingPatternInformation(v) => v.serialize(s),
            S1apIe::SynchronisationInformation(v) => v.serialize(s),
            S1apIe::AssistanceDataForPaging(v) => v.serialize(s),
            S1apIe::CellIdentifierAndCeLevelForCeCapableUes(v) => v.serialize(s),
            S1apIe::InformationOnRecommendedCellsAndEnbsForPaging(v) => v.serialize(s),
            S1apIe::ProseUeToNetworkRelaying(v) => v.serialize(s),
            S1apIe::CountValuePdcpSnLength18(v) => v.serialize(s),
            S1apIe::ReceiveStatusOfUlPdcpSdusPdcpSnLength18(v) => v.serialize(s),
            S1apIe::M6Configuration(v) => v.serialize(s),
            S1apIe::M7Configuration(v) => v.serialize(s),
            S1apIe::MmeGroupId(v) => v.serialize(s),
            S1apIe::PagingEdrxInformation(v) => v.serialize(s),
            S1apIe::UeRetentionInformation(v) => v.serialize(s),
            S1apIe::ExtendedUeIdentityIndexValue(v) => v.serialize(s),
            S1apIe::RatType(v) => v.serialize(s),
            S1apIe::BearerType(v) => v.serialize(s),
            S1apIe::NbIotDefaultPagingDrx(v) => v.serialize(s),
            S1apIe::NbIotPagingEdrxInformation(v) => v.serialize(s),
            S1apIe::V2xServicesAuthorized(v) => v.serialize(s),
            S1apIe::UeUserPlaneCiotSupportIndicator(v) => v.serialize(s),
            S1apIe::CeModeBSupportIndicator(v) => v.serialize(s),
            S1apIe::SrvccOperationNotPossible(v) => v.serialize(s),
            S1apIe::NbIotUeIdentityIndexValue(v) => v.serialize(s),
            S1apIe::DcnId(v) => v.serialize(s),
            S1apIe::ServedDcns(v) => v.serialize(s),
            S1apIe::UeSidelinkAggregateMaximumBitrate(v) => v.serialize(s),
            S1apIe::DlNasPduDeliveryAckRequest(v) => v.serialize(s),
            S1apIe::CoverageLevel(v) => v.serialize(s),
            S1apIe::EnhancedCoverageRestricted(v) => v.serialize(s),
            S1apIe::ExtendedBitRate(v) => v.serialize(s),
            S1apIe::NrRestrictioninEpsAsSecondaryRat(v) => v.serialize(s),
            S1apIe::UeAppLayerMeasConfig(v) => v.serialize(s),
            S1apIe::SecondaryRatDataUsageReportList(v) => v.serialize(s),
            S1apIe::NrUeSecurityCapabilities(v) => v.serialize(s),
            S1apIe::UnlicensedSpectrumRestriction(v) => v.serialize(s),
            S1apIe::CeModeBRestricted(v) => v.serialize(s),
            S1apIe::PacketLossRate(v) => v.serialize(s),
            S1apIe::UeCapabilityInfoRequest(v) => v.serialize(s),
            S1apIe::ServiceType(v) => v.serialize(s),
            S1apIe::AerialUeSubscriptionInformation(v) => v.serialize(s),
            S1apIe::SubscriptionBasedUeDifferentiationInfo(v) => v.serialize(s),
            S1apIe::EndIndication(v) => v.serialize(s),
            S1apIe::EdtSession(v) => v.serialize(s),
            S1apIe::CnTypeRestrictions(v) => v.serialize(s),
            S1apIe::PendingDataIndication(v) => v.serialize(s),
            S1apIe::BluetoothMeasurementConfiguration(v) => v.serialize(s),
            S1apIe::WlanMeasurementConfiguration(v) => v.serialize(s),
            S1apIe::NrRestrictionin5gs(v) => v.serialize(s),
            S1apIe::PsCellInformation(v) => v.serialize(s),
            S1apIe::PlmnIdentity(v) => v.serialize(s),
            S1apIe::ImsVoiceEpsFallbackfrom5g(v) => v.serialize(s),
            S1apIe::RequestTypeAdditionalInfo(v) => v.serialize(s),
            S1apIe::ContextatSource(v) => v.serialize(s),
            S1apIe::IabAuthorized(v) => v.serialize(s),
            S1apIe::IabNodeIndication(v) => v.serialize(s),
            S1apIe::IabSupported(v) => v.serialize(s),
            S1apIe::DataSize(v) => v.serialize(s),
            S1apIe::EthernetType(v) => v.serialize(s),
            S1apIe::NrV2xServicesAuthorized(v) => v.serialize(s),
            S1apIe::NrUeSidelinkAggregateMaximumBitrate(v) => v.serialize(s),
            S1apIe::Pc5QosParameters(v) => v.serialize(s),
            S1apIe::IntersystemMeasurementConfiguration(v) => v.serialize(s),
            S1apIe::DapsRequestInfo(v) => v.serialize(s),
            S1apIe::DapsResponseInfoList(v) => v.serialize(s),
            S1apIe::NotifySourceEnb(v) => v.serialize(s),
            S1apIe::WusAssistanceInformation(v) => v.serialize(s),
            S1apIe::NbIotPagingDrx(v) => v.serialize(s),
            S1apIe::UriAddress(v) => v.serialize(s),
            S1apIe::EmergencyIndicator(v) => v.serialize(s),
            S1apIe::LastVisitedPsCellList(v) => v.serialize(s),
            S1apIe::RacSIndication(v) => v.serialize(s),
            S1apIe::PagingCause(v) => v.serialize(s),
            S1apIe::SecurityIndication(v) => v.serialize(s),
            S1apIe::ERabSecurityResultList(v) => v.serialize(s),
            S1apIe::RatRestrictions(v) => v.serialize(s),
            S1apIe::LteNtnTaiInformation(v) => v.serialize(s),
            S1apIe::ERabToBeUpdatedList(v) => v.serialize(s),
            S1apIe::GlobalRanNodeId(v) => v.serialize(s),
            S1apIe::M4ReportAmountMdt(v) => v.serialize(s),
            S1apIe::M5ReportAmountMdt(v) => v.serialize(s),
            S1apIe::M6ReportAmountMdt(v) => v.serialize(s),
            S1apIe::M7ReportAmountMdt(v) => v.serialize(s),
            S1apIe::TimeBasedHandoverInformation(v) => v.serialize(s),
            S1apIe::BearersSubjectToDlDiscardingList(v) => v.serialize(s),
            S1apIe::CoarseUeLocationRequested(v) => v.serialize(s),
        }
    }
}
