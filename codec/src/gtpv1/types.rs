//! Message types and IE types of TS 29.060 (table 1 and clause 7.7), with their names.
//!
//! The IE names here are the only place GTPv1 IE names are written: JSON keys, error paths and
//! summaries all come from [`ie_name`].

use std::borrow::Cow;

crate::open_enum! {
    /// GTPv1 message type (TS 29.060 table 1).
    pub enum MessageType: u8 {
        /// 1
        EchoRequest = 1 => "EchoRequest",
        /// 2
        EchoResponse = 2 => "EchoResponse",
        /// 3
        VersionNotSupported = 3 => "VersionNotSupported",
        /// 4
        NodeAliveRequest = 4 => "NodeAliveRequest",
        /// 5
        NodeAliveResponse = 5 => "NodeAliveResponse",
        /// 6
        RedirectionRequest = 6 => "RedirectionRequest",
        /// 7
        RedirectionResponse = 7 => "RedirectionResponse",
        /// 16
        CreatePdpContextRequest = 16 => "CreatePDPContextRequest",
        /// 17
        CreatePdpContextResponse = 17 => "CreatePDPContextResponse",
        /// 18
        UpdatePdpContextRequest = 18 => "UpdatePDPContextRequest",
        /// 19
        UpdatePdpContextResponse = 19 => "UpdatePDPContextResponse",
        /// 20
        DeletePdpContextRequest = 20 => "DeletePDPContextRequest",
        /// 21
        DeletePdpContextResponse = 21 => "DeletePDPContextResponse",
        /// 22
        InitiatePdpContextActivationRequest = 22 => "InitiatePDPContextActivationRequest",
        /// 23
        InitiatePdpContextActivationResponse = 23 => "InitiatePDPContextActivationResponse",
        /// 24 (GSM 09.60 R97; no longer in TS 29.060, still seen and named by tshark)
        DeleteAaPdpContextRequest = 24 => "DeleteAAPDPContextRequest",
        /// 25 (as 24)
        DeleteAaPdpContextResponse = 25 => "DeleteAAPDPContextResponse",
        /// 26
        ErrorIndication = 26 => "ErrorIndication",
        /// 27
        PduNotificationRequest = 27 => "PDUNotificationRequest",
        /// 28
        PduNotificationResponse = 28 => "PDUNotificationResponse",
        /// 29
        PduNotificationRejectRequest = 29 => "PDUNotificationRejectRequest",
        /// 30
        PduNotificationRejectResponse = 30 => "PDUNotificationRejectResponse",
        /// 31
        SupportedExtensionHeadersNotification = 31 => "SupportedExtensionHeadersNotification",
        /// 32
        SendRouteingInformationForGprsRequest = 32 => "SendRouteingInformationForGPRSRequest",
        /// 33
        SendRouteingInformationForGprsResponse = 33 => "SendRouteingInformationForGPRSResponse",
        /// 34
        FailureReportRequest = 34 => "FailureReportRequest",
        /// 35
        FailureReportResponse = 35 => "FailureReportResponse",
        /// 36
        NoteMsGprsPresentRequest = 36 => "NoteMSGPRSPresentRequest",
        /// 37
        NoteMsGprsPresentResponse = 37 => "NoteMSGPRSPresentResponse",
        /// 48
        IdentificationRequest = 48 => "IdentificationRequest",
        /// 49
        IdentificationResponse = 49 => "IdentificationResponse",
        /// 50
        SgsnContextRequest = 50 => "SGSNContextRequest",
        /// 51
        SgsnContextResponse = 51 => "SGSNContextResponse",
        /// 52
        SgsnContextAcknowledge = 52 => "SGSNContextAcknowledge",
        /// 53
        ForwardRelocationRequest = 53 => "ForwardRelocationRequest",
        /// 54
        ForwardRelocationResponse = 54 => "ForwardRelocationResponse",
        /// 55
        ForwardRelocationComplete = 55 => "ForwardRelocationComplete",
        /// 56
        RelocationCancelRequest = 56 => "RelocationCancelRequest",
        /// 57
        RelocationCancelResponse = 57 => "RelocationCancelResponse",
        /// 58
        ForwardSrnsContext = 58 => "ForwardSRNSContext",
        /// 59
        ForwardRelocationCompleteAcknowledge = 59 => "ForwardRelocationCompleteAcknowledge",
        /// 60
        ForwardSrnsContextAcknowledge = 60 => "ForwardSRNSContextAcknowledge",
        /// 61
        UeRegistrationQueryRequest = 61 => "UERegistrationQueryRequest",
        /// 62
        UeRegistrationQueryResponse = 62 => "UERegistrationQueryResponse",
        /// 70
        RanInformationRelay = 70 => "RANInformationRelay",
        /// 96
        MbmsNotificationRequest = 96 => "MBMSNotificationRequest",
        /// 97
        MbmsNotificationResponse = 97 => "MBMSNotificationResponse",
        /// 98
        MbmsNotificationRejectRequest = 98 => "MBMSNotificationRejectRequest",
        /// 99
        MbmsNotificationRejectResponse = 99 => "MBMSNotificationRejectResponse",
        /// 100
        CreateMbmsContextRequest = 100 => "CreateMBMSContextRequest",
        /// 101
        CreateMbmsContextResponse = 101 => "CreateMBMSContextResponse",
        /// 102
        UpdateMbmsContextRequest = 102 => "UpdateMBMSContextRequest",
        /// 103
        UpdateMbmsContextResponse = 103 => "UpdateMBMSContextResponse",
        /// 104
        DeleteMbmsContextRequest = 104 => "DeleteMBMSContextRequest",
        /// 105
        DeleteMbmsContextResponse = 105 => "DeleteMBMSContextResponse",
        /// 112
        MbmsRegistrationRequest = 112 => "MBMSRegistrationRequest",
        /// 113
        MbmsRegistrationResponse = 113 => "MBMSRegistrationResponse",
        /// 114
        MbmsDeRegistrationRequest = 114 => "MBMSDeRegistrationRequest",
        /// 115
        MbmsDeRegistrationResponse = 115 => "MBMSDeRegistrationResponse",
        /// 116
        MbmsSessionStartRequest = 116 => "MBMSSessionStartRequest",
        /// 117
        MbmsSessionStartResponse = 117 => "MBMSSessionStartResponse",
        /// 118
        MbmsSessionStopRequest = 118 => "MBMSSessionStopRequest",
        /// 119
        MbmsSessionStopResponse = 119 => "MBMSSessionStopResponse",
        /// 120
        MbmsSessionUpdateRequest = 120 => "MBMSSessionUpdateRequest",
        /// 121
        MbmsSessionUpdateResponse = 121 => "MBMSSessionUpdateResponse",
        /// 128
        MsInfoChangeNotificationRequest = 128 => "MSInfoChangeNotificationRequest",
        /// 129
        MsInfoChangeNotificationResponse = 129 => "MSInfoChangeNotificationResponse",
        /// 240
        DataRecordTransferRequest = 240 => "DataRecordTransferRequest",
        /// 241
        DataRecordTransferResponse = 241 => "DataRecordTransferResponse",
        /// 254
        EndMarker = 254 => "EndMarker",
        /// 255
        GPdu = 255 => "G-PDU",
    }
}

impl MessageType {
    /// The 3GPP message name (`ForwardRelocationRequest`); `Unknown` for unlisted types.
    pub fn message_name(self) -> &'static str {
        self.known_name().unwrap_or("Unknown")
    }
}

crate::open_enum! {
    /// GTPv1 information element type (TS 29.060 clause 7.7, table 37). Types below 128 are TV
    /// (fixed length per type), 128 and above TLV.
    pub enum IeType: u8 {
        /// 1, TV 1
        Cause = 1 => "cause",
        /// 2, TV 8
        Imsi = 2 => "imsi",
        /// 3, TV 6
        Rai = 3 => "rai",
        /// 4, TV 4
        Tlli = 4 => "tlli",
        /// 5, TV 4
        PTmsi = 5 => "p_tmsi",
        /// 8, TV 1
        ReorderingRequired = 8 => "reordering_required",
        /// 9, TV 28
        AuthenticationTriplet = 9 => "authentication_triplet",
        /// 11, TV 1
        MapCause = 11 => "map_cause",
        /// 12, TV 3
        PTmsiSignature = 12 => "p_tmsi_signature",
        /// 13, TV 1
        MsValidated = 13 => "ms_validated",
        /// 14, TV 1
        Recovery = 14 => "recovery",
        /// 15, TV 1
        SelectionMode = 15 => "selection_mode",
        /// 16, TV 4
        TeidDataI = 16 => "teid_data_i",
        /// 17, TV 4
        TeidControlPlane = 17 => "teid_control_plane",
        /// 18, TV 5
        TeidDataIi = 18 => "teid_data_ii",
        /// 19, TV 1
        TeardownInd = 19 => "teardown_ind",
        /// 20, TV 1
        Nsapi = 20 => "nsapi",
        /// 21, TV 1
        RanapCause = 21 => "ranap_cause",
        /// 22, TV 9
        RabContext = 22 => "rab_context",
        /// 23, TV 1
        RadioPrioritySms = 23 => "radio_priority_sms",
        /// 24, TV 1
        RadioPriority = 24 => "radio_priority",
        /// 25, TV 2
        PacketFlowId = 25 => "packet_flow_id",
        /// 26, TV 2
        ChargingCharacteristics = 26 => "charging_characteristics",
        /// 27, TV 2
        TraceReference = 27 => "trace_reference",
        /// 28, TV 2
        TraceType = 28 => "trace_type",
        /// 29, TV 1
        MsNotReachableReason = 29 => "ms_not_reachable_reason",
        /// 126, TV 1 (TS 32.295, GTP')
        PacketTransferCommand = 126 => "packet_transfer_command",
        /// 127, TV 4
        ChargingId = 127 => "charging_id",
        /// 128
        EndUserAddress = 128 => "end_user_address",
        /// 129
        MmContext = 129 => "mm_context",
        /// 130
        PdpContext = 130 => "pdp_context",
        /// 131
        AccessPointName = 131 => "access_point_name",
        /// 132
        ProtocolConfigurationOptions = 132 => "protocol_configuration_options",
        /// 133
        GsnAddress = 133 => "gsn_address",
        /// 134
        Msisdn = 134 => "msisdn",
        /// 135
        QosProfile = 135 => "qos_profile",
        /// 136
        AuthenticationQuintuplet = 136 => "authentication_quintuplet",
        /// 137
        TrafficFlowTemplate = 137 => "traffic_flow_template",
        /// 138
        TargetIdentification = 138 => "target_identification",
        /// 139
        UtranTransparentContainer = 139 => "utran_transparent_container",
        /// 140
        RabSetupInformation = 140 => "rab_setup_information",
        /// 141 (its length field is one octet, unlike every other TLV IE)
        ExtensionHeaderTypeList = 141 => "extension_header_type_list",
        /// 142
        TriggerId = 142 => "trigger_id",
        /// 143
        OmcIdentity = 143 => "omc_identity",
        /// 144
        RanTransparentContainer = 144 => "ran_transparent_container",
        /// 145
        PdpContextPrioritization = 145 => "pdp_context_prioritization",
        /// 146
        AdditionalRabSetupInformation = 146 => "additional_rab_setup_information",
        /// 147
        SgsnNumber = 147 => "sgsn_number",
        /// 148
        CommonFlags = 148 => "common_flags",
        /// 149
        ApnRestriction = 149 => "apn_restriction",
        /// 150
        RadioPriorityLcs = 150 => "radio_priority_lcs",
        /// 151
        RatType = 151 => "rat_type",
        /// 152
        UserLocationInformation = 152 => "user_location_information",
        /// 153
        MsTimeZone = 153 => "ms_time_zone",
        /// 154
        ImeiSv = 154 => "imei_sv",
        /// 155
        CamelChargingInformationContainer = 155 => "camel_charging_information_container",
        /// 156
        MbmsUeContext = 156 => "mbms_ue_context",
        /// 157
        Tmgi = 157 => "tmgi",
        /// 158
        RimRoutingAddress = 158 => "rim_routing_address",
        /// 159
        MbmsProtocolConfigurationOptions = 159 => "mbms_protocol_configuration_options",
        /// 160
        MbmsServiceArea = 160 => "mbms_service_area",
        /// 161
        SourceRncPdcpContextInfo = 161 => "source_rnc_pdcp_context_info",
        /// 162
        AdditionalTraceInfo = 162 => "additional_trace_info",
        /// 163
        HopCounter = 163 => "hop_counter",
        /// 164
        SelectedPlmnId = 164 => "selected_plmn_id",
        /// 165
        MbmsSessionIdentifier = 165 => "mbms_session_identifier",
        /// 166
        Mbms2g3gIndicator = 166 => "mbms_2g_3g_indicator",
        /// 167
        EnhancedNsapi = 167 => "enhanced_nsapi",
        /// 168
        MbmsSessionDuration = 168 => "mbms_session_duration",
        /// 169
        AdditionalMbmsTraceInfo = 169 => "additional_mbms_trace_info",
        /// 170
        MbmsSessionRepetitionNumber = 170 => "mbms_session_repetition_number",
        /// 171
        MbmsTimeToDataTransfer = 171 => "mbms_time_to_data_transfer",
        /// 173
        BssContainer = 173 => "bss_container",
        /// 174
        CellIdentification = 174 => "cell_identification",
        /// 175
        PduNumbers = 175 => "pdu_numbers",
        /// 176
        BssgpCause = 176 => "bssgp_cause",
        /// 177
        RequiredMbmsBearerCapabilities = 177 => "required_mbms_bearer_capabilities",
        /// 178
        RimRoutingAddressDiscriminator = 178 => "rim_routing_address_discriminator",
        /// 179
        ListOfSetUpPfcs = 179 => "list_of_set_up_pfcs",
        /// 180
        PsHandoverXidParameters = 180 => "ps_handover_xid_parameters",
        /// 181
        MsInfoChangeReportingAction = 181 => "ms_info_change_reporting_action",
        /// 182
        DirectTunnelFlags = 182 => "direct_tunnel_flags",
        /// 183
        CorrelationId = 183 => "correlation_id",
        /// 184
        BearerControlMode = 184 => "bearer_control_mode",
        /// 185
        MbmsFlowIdentifier = 185 => "mbms_flow_identifier",
        /// 186
        MbmsIpMulticastDistribution = 186 => "mbms_ip_multicast_distribution",
        /// 187
        MbmsDistributionAcknowledgement = 187 => "mbms_distribution_acknowledgement",
        /// 188
        ReliableInterRatHandoverInfo = 188 => "reliable_inter_rat_handover_info",
        /// 189
        RfspIndex = 189 => "rfsp_index",
        /// 190
        Fqdn = 190 => "fqdn",
        /// 191
        EvolvedAllocationRetentionPriorityI = 191 => "evolved_allocation_retention_priority_i",
        /// 192
        EvolvedAllocationRetentionPriorityIi = 192 => "evolved_allocation_retention_priority_ii",
        /// 193
        ExtendedCommonFlags = 193 => "extended_common_flags",
        /// 194
        UserCsgInformation = 194 => "user_csg_information",
        /// 195
        CsgInformationReportingAction = 195 => "csg_information_reporting_action",
        /// 196
        CsgId = 196 => "csg_id",
        /// 197
        CsgMembershipIndication = 197 => "csg_membership_indication",
        /// 198
        AggregateMaximumBitRate = 198 => "aggregate_maximum_bit_rate",
        /// 199
        UeNetworkCapability = 199 => "ue_network_capability",
        /// 200
        UeAmbr = 200 => "ue_ambr",
        /// 201
        ApnAmbrWithNsapi = 201 => "apn_ambr_with_nsapi",
        /// 202
        GgsnBackOffTime = 202 => "ggsn_back_off_time",
        /// 203
        SignallingPriorityIndication = 203 => "signalling_priority_indication",
        /// 204
        SignallingPriorityIndicationWithNsapi = 204 => "signalling_priority_indication_with_nsapi",
        /// 205
        HigherBitratesThan16MbpsFlag = 205 => "higher_bitrates_than_16_mbps_flag",
        /// 207
        AdditionalMmContextForSrvcc = 207 => "additional_mm_context_for_srvcc",
        /// 208
        AdditionalFlagsForSrvcc = 208 => "additional_flags_for_srvcc",
        /// 209
        StnSr = 209 => "stn_sr",
        /// 210
        CMsisdn = 210 => "c_msisdn",
        /// 211
        ExtendedRanapCause = 211 => "extended_ranap_cause",
        /// 212
        EnodebId = 212 => "enodeb_id",
        /// 213
        SelectionModeWithNsapi = 213 => "selection_mode_with_nsapi",
        /// 214
        UliTimestamp = 214 => "uli_timestamp",
        /// 215
        LhnIdWithNsapi = 215 => "lhn_id_with_nsapi",
        /// 216
        CnOperatorSelectionEntity = 216 => "cn_operator_selection_entity",
        /// 217
        UeUsageType = 217 => "ue_usage_type",
        /// 218
        ExtendedCommonFlagsIi = 218 => "extended_common_flags_ii",
        /// 219
        NodeIdentifier = 219 => "node_identifier",
        /// 220
        CiotOptimizationsSupportIndication = 220 => "ciot_optimizations_support_indication",
        /// 221
        ScefPdnConnection = 221 => "scef_pdn_connection",
        /// 222
        IovUpdatesCounter = 222 => "iov_updates_counter",
        /// 223
        MappedUeUsageType = 223 => "mapped_ue_usage_type",
        /// 224
        UpFunctionSelectionIndicationFlags = 224 => "up_function_selection_indication_flags",
        /// 238 (IE type extension: a 2-octet type follows the length)
        SpecialIeTypeForIeTypeExtension = 238 => "special_ie_type_for_ie_type_extension",
        /// 251
        ChargingGatewayAddress = 251 => "charging_gateway_address",
        /// 255
        PrivateExtension = 255 => "private_extension",
    }
}

/// The JSON / path name of IE type `t`: the snake_case 3GPP name, or `ie_<t>` for a type this
/// table does not list.
pub fn ie_name(t: u8) -> Cow<'static, str> {
    match IeType::from(t).known_name() {
        Some(n) => Cow::Borrowed(n),
        None => Cow::Owned(format!("ie_{t}")),
    }
}

/// Length of the value of TV IE type `t` (TS 29.060 clause 7.7), or `None` if `t` is not a TV
/// type this codec knows (then the IE cannot be skipped).
pub fn tv_len(t: u8) -> Option<usize> {
    Some(match t {
        1 => 1,
        2 => 8,
        3 => 6,
        4 | 5 => 4,
        8 => 1,
        9 => 28,
        11 => 1,
        12 => 3,
        13..=15 => 1,
        16 | 17 => 4,
        18 => 5,
        19..=21 => 1,
        22 => 9,
        23 | 24 => 1,
        25..=28 => 2,
        29 => 1,
        126 => 1,
        127 => 4,
        _ => return None,
    })
}

/// True for TV types (type < 128).
pub fn is_tv(t: u8) -> bool {
    t < 128
}

/// GTPv1 cause value (TS 29.060 clause 7.7.1, table 38): an open set of one-octet values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cause(pub u8);

impl Cause {
    /// 128, the usual success value.
    pub const REQUEST_ACCEPTED: Cause = Cause(128);

    /// The snake_case name of the value, `None` if unlisted.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "request_imsi",
            1 => "request_imei",
            2 => "request_imsi_and_imei",
            3 => "no_identity_needed",
            4 => "ms_refuses",
            5 => "ms_is_not_gprs_responding",
            6 => "reactivation_requested",
            7 => "pdp_address_inactivity_timer_expires",
            8 => "network_failure",
            9 => "qos_parameter_mismatch",
            // 59-63, 177 and 252-255: GTP' (TS 32.295 6.2.4.2), whose Data Record Transfer
            // messages keyhop reads too.
            59 => "system_failure_gtp_prime",
            60 => "the_transmit_buffers_are_becoming_full",
            61 => "the_receive_buffers_are_becoming_full",
            62 => "another_node_is_about_to_go_down",
            63 => "this_node_is_about_to_go_down",
            177 => "cdr_decoding_error",
            128 => "request_accepted",
            129 => "new_pdp_type_due_to_network_preference",
            130 => "new_pdp_type_due_to_single_address_bearer_only",
            192 => "non_existent",
            193 => "invalid_message_format",
            194 => "imsi_imei_not_known",
            195 => "ms_is_gprs_detached",
            196 => "ms_is_not_gprs_responding",
            197 => "ms_refuses",
            198 => "version_not_supported",
            199 => "no_resources_available",
            200 => "service_not_supported",
            201 => "mandatory_ie_incorrect",
            202 => "mandatory_ie_missing",
            203 => "optional_ie_incorrect",
            204 => "system_failure",
            205 => "roaming_restriction",
            206 => "p_tmsi_signature_mismatch",
            207 => "gprs_connection_suspended",
            208 => "authentication_failure",
            209 => "user_authentication_failed",
            210 => "context_not_found",
            211 => "all_dynamic_pdp_addresses_are_occupied",
            212 => "no_memory_is_available",
            213 => "relocation_failure",
            214 => "unknown_mandatory_extension_header",
            215 => "semantic_error_in_the_tft_operation",
            216 => "syntactic_error_in_the_tft_operation",
            217 => "semantic_errors_in_packet_filters",
            218 => "syntactic_errors_in_packet_filters",
            219 => "missing_or_unknown_apn",
            220 => "unknown_pdp_address_or_pdp_type",
            221 => "pdp_context_without_tft_already_activated",
            222 => "apn_access_denied_no_subscription",
            223 => "apn_restriction_type_incompatibility_with_currently_active_pdp_contexts",
            224 => "ms_mbms_capabilities_insufficient",
            225 => "invalid_correlation_id",
            226 => "mbms_bearer_context_superseded",
            227 => "bearer_control_mode_violation",
            228 => "collision_with_network_initiated_request",
            229 => "apn_congestion",
            230 => "bearer_handling_not_supported",
            231 => "target_access_restricted_for_the_subscriber",
            232 => "ue_is_temporarily_not_reachable_due_to_power_saving",
            233 => "relocation_failure_due_to_nas_message_redirection",
            252 => "request_related_to_possibly_duplicated_packets_already_fulfilled",
            253 => "request_already_fulfilled",
            254 => "sequence_numbers_of_released_cancelled_packets_ie_incorrect",
            255 => "request_not_fulfilled",
            _ => return None,
        })
    }

    /// The name, or `unknown(<n>)` (docs/json.md convention for values keyhop does not know).
    pub fn label(self) -> Cow<'static, str> {
        match self.name() {
            Some(n) => Cow::Borrowed(n),
            None => Cow::Owned(format!("unknown({})", self.0)),
        }
    }

    /// True for the "request accepted" range 128..=191 (TS 29.060 7.7.1).
    pub fn is_accepted(self) -> bool {
        (128..192).contains(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relocation_numbers_follow_the_spec() {
        // TS 29.060 table 1: 56/57 are Relocation Cancel, 58 Forward SRNS Context.
        assert_eq!(u8::from(MessageType::ForwardRelocationRequest), 53);
        assert_eq!(u8::from(MessageType::RelocationCancelRequest), 56);
        assert_eq!(u8::from(MessageType::RelocationCancelResponse), 57);
        assert_eq!(u8::from(MessageType::ForwardSrnsContext), 58);
        assert_eq!(
            MessageType::from(59),
            MessageType::ForwardRelocationCompleteAcknowledge
        );
        assert_eq!(
            MessageType::from(60).message_name(),
            "ForwardSRNSContextAcknowledge"
        );
        assert_eq!(MessageType::from(9), MessageType::Unknown(9));
    }

    #[test]
    fn every_type_round_trips_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for t in 0..=255u8 {
            assert_eq!(u8::from(IeType::from(t)), t);
            assert_eq!(u8::from(MessageType::from(t)), t);
            assert!(
                seen.insert(ie_name(t).into_owned()),
                "duplicate name for {t}"
            );
        }
        assert_eq!(ie_name(129), "mm_context");
        assert_eq!(ie_name(17), "teid_control_plane");
        assert_eq!(ie_name(99), "ie_99");
    }

    #[test]
    fn tv_lengths_only_for_tv_types() {
        for t in 0..=255u8 {
            if tv_len(t).is_some() {
                assert!(is_tv(t));
                assert!(IeType::from(t).known_name().is_some());
            }
        }
        assert_eq!(tv_len(9), Some(28));
        assert_eq!(tv_len(22), Some(9));
        assert_eq!(tv_len(30), None);
    }
}
