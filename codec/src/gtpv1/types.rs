//! Message types and IE types of TS 29.060 (Table 1 and Table 37 in clause 7.7), with their names.
//!
//! The IE names here are the only place GTPv1 IE names are written: JSON keys, error paths and
//! summaries all come from [`ie_name`].

use std::borrow::Cow;

crate::open_enum! {
    /// GTPv1 message type (TS 29.060 table 1).
    pub enum MessageType: u8 {
        /// 1: checks that a GTP peer is alive on the path (TS 29.060 clause 7.2.1).
        EchoRequest = 1 => "EchoRequest",
        /// 2: answers an Echo Request, carrying the sender's restart counter (Recovery) (TS 29.060 clause 7.2.2).
        EchoResponse = 2 => "EchoResponse",
        /// 3: tells a peer that the GTP version of its message is not supported (TS 29.060 clause 7.2.3).
        VersionNotSupported = 3 => "VersionNotSupported",
        /// 4: GTP' (charging): asks whether a charging gateway or node is alive (TS 32.295).
        NodeAliveRequest = 4 => "NodeAliveRequest",
        /// 5: GTP' (charging): answers a Node Alive Request (TS 32.295).
        NodeAliveResponse = 5 => "NodeAliveResponse",
        /// 6: GTP' (charging): asks a node to send its charging data to another gateway (TS 32.295).
        RedirectionRequest = 6 => "RedirectionRequest",
        /// 7: GTP' (charging): answers a Redirection Request (TS 32.295).
        RedirectionResponse = 7 => "RedirectionResponse",
        /// 16: SGSN asks the GGSN to activate a PDP context (session) (TS 29.060 clause 7.3.1).
        CreatePdpContextRequest = 16 => "CreatePDPContextRequest",
        /// 17: GGSN answers a Create PDP Context Request with the address, TEIDs and QoS (TS 29.060 clause 7.3.2).
        CreatePdpContextResponse = 17 => "CreatePDPContextResponse",
        /// 18: SGSN or GGSN changes an active PDP context (QoS, TEIDs, after an SGSN change) (TS 29.060 clause 7.3.3).
        UpdatePdpContextRequest = 18 => "UpdatePDPContextRequest",
        /// 19: answers an Update PDP Context Request (TS 29.060 clause 7.3.4).
        UpdatePdpContextResponse = 19 => "UpdatePDPContextResponse",
        /// 20: SGSN or GGSN deactivates a PDP context (TS 29.060 clause 7.3.5).
        DeletePdpContextRequest = 20 => "DeletePDPContextRequest",
        /// 21: answers a Delete PDP Context Request (TS 29.060 clause 7.3.6).
        DeletePdpContextResponse = 21 => "DeletePDPContextResponse",
        /// 22: GGSN asks the SGSN to activate a secondary PDP context (TS 29.060 clause 7.3.12).
        InitiatePdpContextActivationRequest = 22 => "InitiatePDPContextActivationRequest",
        /// 23: SGSN answers an Initiate PDP Context Activation Request (TS 29.060 clause 7.3.13).
        InitiatePdpContextActivationResponse = 23 => "InitiatePDPContextActivationResponse",
        /// 24: deletes a PDP context of an anonymous access (GSM 09.60 R97; gone from TS 29.060, whose Table 1 marks 24 for future use; tshark still names it).
        DeleteAaPdpContextRequest = 24 => "DeleteAAPDPContextRequest",
        /// 25: answers a Delete AA PDP Context Request (as 24: GSM 09.60 R97, not in TS 29.060).
        DeleteAaPdpContextResponse = 25 => "DeleteAAPDPContextResponse",
        /// 26: GTP-U: tells the sender that a G-PDU arrived for an unknown tunnel (TS 29.281).
        ErrorIndication = 26 => "ErrorIndication",
        /// 27: GGSN asks the SGSN to activate a PDP context for network-initiated downlink data (TS 29.060 clause 7.3.8).
        PduNotificationRequest = 27 => "PDUNotificationRequest",
        /// 28: SGSN answers a PDU Notification Request (TS 29.060 clause 7.3.9).
        PduNotificationResponse = 28 => "PDUNotificationResponse",
        /// 29: SGSN tells the GGSN that the network-requested PDP context activation was rejected (TS 29.060 clause 7.3.10).
        PduNotificationRejectRequest = 29 => "PDUNotificationRejectRequest",
        /// 30: GGSN answers a PDU Notification Reject Request (TS 29.060 clause 7.3.11).
        PduNotificationRejectResponse = 30 => "PDUNotificationRejectResponse",
        /// 31: lists the extension headers the sender supports, after it received one it does not (TS 29.060 clause 7.2.4).
        SupportedExtensionHeadersNotification = 31 => "SupportedExtensionHeadersNotification",
        /// 32: GGSN asks the HLR (via a GTP-MAP gateway) where to route a network-initiated activation (TS 29.060 clause 7.4.1).
        SendRouteingInformationForGprsRequest = 32 => "SendRouteingInformationForGPRSRequest",
        /// 33: answers a Send Routeing Information for GPRS Request (TS 29.060 clause 7.4.2).
        SendRouteingInformationForGprsResponse = 33 => "SendRouteingInformationForGPRSResponse",
        /// 34: GGSN reports to the HLR that a PDU notification could not be delivered (TS 29.060 clause 7.4.3).
        FailureReportRequest = 34 => "FailureReportRequest",
        /// 35: answers a Failure Report Request (TS 29.060 clause 7.4.4).
        FailureReportResponse = 35 => "FailureReportResponse",
        /// 36: HLR tells the GGSN that the MS is reachable for GPRS again (TS 29.060 clause 7.4.5).
        NoteMsGprsPresentRequest = 36 => "NoteMSGPRSPresentRequest",
        /// 37: GGSN answers a Note MS GPRS Present Request (TS 29.060 clause 7.4.6).
        NoteMsGprsPresentResponse = 37 => "NoteMSGPRSPresentResponse",
        /// 48: new SGSN asks the old one for the IMSI and authentication data of an MS known by P-TMSI (TS 29.060 clause 7.5.1).
        IdentificationRequest = 48 => "IdentificationRequest",
        /// 49: old SGSN answers an Identification Request (TS 29.060 clause 7.5.2).
        IdentificationResponse = 49 => "IdentificationResponse",
        /// 50: new SGSN (or MME over Gn) asks the old one for the MM and PDP contexts at a routing area update (TS 29.060 clause 7.5.3).
        SgsnContextRequest = 50 => "SGSNContextRequest",
        /// 51: old SGSN answers an SGSN Context Request with the MM context (security keys) and PDP contexts (TS 29.060 clause 7.5.4).
        SgsnContextResponse = 51 => "SGSNContextResponse",
        /// 52: new SGSN confirms that it took over the contexts and is ready for forwarded data (TS 29.060 clause 7.5.5).
        SgsnContextAcknowledge = 52 => "SGSNContextAcknowledge",
        /// 53: source SGSN asks the target SGSN to prepare an SRNS relocation or PS handover, carrying the MM and PDP contexts (TS 29.060 clause 7.5.6).
        ForwardRelocationRequest = 53 => "ForwardRelocationRequest",
        /// 54: target SGSN answers a Forward Relocation Request with the target-to-source container (TS 29.060 clause 7.5.7).
        ForwardRelocationResponse = 54 => "ForwardRelocationResponse",
        /// 55: target SGSN reports that the relocation or handover is complete (TS 29.060 clause 7.5.8).
        ForwardRelocationComplete = 55 => "ForwardRelocationComplete",
        /// 56: source SGSN cancels a prepared relocation at the target (TS 29.060 clause 7.5.9).
        RelocationCancelRequest = 56 => "RelocationCancelRequest",
        /// 57: target SGSN answers a Relocation Cancel Request (TS 29.060 clause 7.5.10).
        RelocationCancelResponse = 57 => "RelocationCancelResponse",
        /// 58: source SGSN forwards the RNC's PDCP/GTP-U sequence numbers to the target (TS 29.060 clause 7.5.13).
        ForwardSrnsContext = 58 => "ForwardSRNSContext",
        /// 59: source SGSN acknowledges a Forward Relocation Complete (TS 29.060 clause 7.5.11).
        ForwardRelocationCompleteAcknowledge = 59 => "ForwardRelocationCompleteAcknowledge",
        /// 60: target SGSN acknowledges a Forward SRNS Context (TS 29.060 clause 7.5.12).
        ForwardSrnsContextAcknowledge = 60 => "ForwardSRNSContextAcknowledge",
        /// 61: asks a peer whether the UE is registered there (ISR) (TS 29.060 clause 7.5.15).
        UeRegistrationQueryRequest = 61 => "UERegistrationQueryRequest",
        /// 62: answers a UE Registration Query Request (TS 29.060 clause 7.5.16).
        UeRegistrationQueryResponse = 62 => "UERegistrationQueryResponse",
        /// 70: relays a RAN Information Management (RIM) container between SGSNs (TS 29.060 clause 7.5.14.1).
        RanInformationRelay = 70 => "RANInformationRelay",
        /// 96: GGSN asks the SGSN to set up an MBMS UE context (UE-specific MBMS) (TS 29.060 clause 7.5A.1.1).
        MbmsNotificationRequest = 96 => "MBMSNotificationRequest",
        /// 97: SGSN answers an MBMS Notification Request (TS 29.060 clause 7.5A.1.2).
        MbmsNotificationResponse = 97 => "MBMSNotificationResponse",
        /// 98: SGSN tells the GGSN that the MBMS UE context activation was rejected (TS 29.060 clause 7.5A.1.3).
        MbmsNotificationRejectRequest = 98 => "MBMSNotificationRejectRequest",
        /// 99: GGSN answers an MBMS Notification Reject Request (TS 29.060 clause 7.5A.1.4).
        MbmsNotificationRejectResponse = 99 => "MBMSNotificationRejectResponse",
        /// 100: SGSN asks the GGSN to create an MBMS UE context (TS 29.060 clause 7.5A.1.5).
        CreateMbmsContextRequest = 100 => "CreateMBMSContextRequest",
        /// 101: GGSN answers a Create MBMS Context Request (TS 29.060 clause 7.5A.1.6).
        CreateMbmsContextResponse = 101 => "CreateMBMSContextResponse",
        /// 102: SGSN asks the GGSN to change an MBMS UE context (TS 29.060 clause 7.5A.1.7).
        UpdateMbmsContextRequest = 102 => "UpdateMBMSContextRequest",
        /// 103: GGSN answers an Update MBMS Context Request (TS 29.060 clause 7.5A.1.8).
        UpdateMbmsContextResponse = 103 => "UpdateMBMSContextResponse",
        /// 104: SGSN or GGSN deletes an MBMS UE context (TS 29.060 clause 7.5A.1.9).
        DeleteMbmsContextRequest = 104 => "DeleteMBMSContextRequest",
        /// 105: answers a Delete MBMS Context Request (TS 29.060 clause 7.5A.1.10).
        DeleteMbmsContextResponse = 105 => "DeleteMBMSContextResponse",
        /// 112: SGSN registers with the GGSN for an MBMS bearer service (TS 29.060 clause 7.5A.2.1).
        MbmsRegistrationRequest = 112 => "MBMSRegistrationRequest",
        /// 113: GGSN answers an MBMS Registration Request (TS 29.060 clause 7.5A.2.2).
        MbmsRegistrationResponse = 113 => "MBMSRegistrationResponse",
        /// 114: de-registers an SGSN from an MBMS bearer service (TS 29.060 clause 7.5A.2.3).
        MbmsDeRegistrationRequest = 114 => "MBMSDeRegistrationRequest",
        /// 115: answers an MBMS De-Registration Request (TS 29.060 clause 7.5A.2.4).
        MbmsDeRegistrationResponse = 115 => "MBMSDeRegistrationResponse",
        /// 116: GGSN asks the SGSN to start an MBMS session (TS 29.060 clause 7.5A.2.5).
        MbmsSessionStartRequest = 116 => "MBMSSessionStartRequest",
        /// 117: SGSN answers an MBMS Session Start Request (TS 29.060 clause 7.5A.2.6).
        MbmsSessionStartResponse = 117 => "MBMSSessionStartResponse",
        /// 118: GGSN asks the SGSN to stop an MBMS session (TS 29.060 clause 7.5A.2.7).
        MbmsSessionStopRequest = 118 => "MBMSSessionStopRequest",
        /// 119: SGSN answers an MBMS Session Stop Request (TS 29.060 clause 7.5A.2.8).
        MbmsSessionStopResponse = 119 => "MBMSSessionStopResponse",
        /// 120: GGSN updates an MBMS session's service area or parameters (TS 29.060 clause 7.5A.2.9).
        MbmsSessionUpdateRequest = 120 => "MBMSSessionUpdateRequest",
        /// 121: SGSN answers an MBMS Session Update Request (TS 29.060 clause 7.5A.2.10).
        MbmsSessionUpdateResponse = 121 => "MBMSSessionUpdateResponse",
        /// 128: SGSN reports a change of the MS's location or CSG to the GGSN (TS 29.060 clause 7.5B.1.1).
        MsInfoChangeNotificationRequest = 128 => "MSInfoChangeNotificationRequest",
        /// 129: GGSN answers an MS Info Change Notification Request (TS 29.060 clause 7.5B.1.2).
        MsInfoChangeNotificationResponse = 129 => "MSInfoChangeNotificationResponse",
        /// 240: GTP' (charging): sends charging data records to a charging gateway (TS 32.295).
        DataRecordTransferRequest = 240 => "DataRecordTransferRequest",
        /// 241: GTP' (charging): the charging gateway answers a Data Record Transfer Request (TS 32.295).
        DataRecordTransferResponse = 241 => "DataRecordTransferResponse",
        /// 254: GTP-U: marks the last packet sent on a path before it is switched (TS 29.281).
        EndMarker = 254 => "EndMarker",
        /// 255: GTP-U: a tunnelled user data packet (TS 29.281).
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
        /// 1, TV 1, the result of a request (128 = Request accepted) (TS 29.060 clause 7.7.1).
        Cause = 1 => "cause",
        /// 2, TV 8, the MS's IMSI, in TBCD digits (TS 29.060 clause 7.7.2).
        Imsi = 2 => "imsi",
        /// 3, TV 6, the routing area identity: PLMN, LAC and RAC (TS 29.060 clause 7.7.3).
        Rai = 3 => "rai",
        /// 4, TV 4, the Temporary Logical Link Identity of a 2G MS (TS 29.060 clause 7.7.4).
        Tlli = 4 => "tlli",
        /// 5, TV 4, the MS's Packet TMSI (TS 29.060 clause 7.7.5).
        PTmsi = 5 => "p_tmsi",
        /// 8, TV 1, whether the receiver must reorder user packets by sequence number (TS 29.060 clause 7.7.6).
        ReorderingRequired = 8 => "reordering_required",
        /// 9, TV 28, one GSM authentication triplet (RAND, SRES, Kc) (TS 29.060 clause 7.7.7).
        AuthenticationTriplet = 9 => "authentication_triplet",
        /// 11, TV 1, a MAP cause from the HLR (TS 29.060 clause 7.7.8).
        MapCause = 11 => "map_cause",
        /// 12, TV 3, the P-TMSI signature that proves an MS's P-TMSI (TS 29.060 clause 7.7.9).
        PTmsiSignature = 12 => "p_tmsi_signature",
        /// 13, TV 1, that the new SGSN authenticated the MS (TS 29.060 clause 7.7.10).
        MsValidated = 13 => "ms_validated",
        /// 14, TV 1, the sender's restart counter, so a peer notices a restart (TS 29.060 clause 7.7.11).
        Recovery = 14 => "recovery",
        /// 15, TV 1, who chose the APN (MS or network) and whether the subscription was verified (TS 29.060 clause 7.7.12).
        SelectionMode = 15 => "selection_mode",
        /// 16, TV 4, the TEID for user plane (G-PDUs) chosen by the sender (TS 29.060 clause 7.7.13).
        TeidDataI = 16 => "teid_data_i",
        /// 17, TV 4, the TEID for control plane messages chosen by the sender (TS 29.060 clause 7.7.14).
        TeidControlPlane = 17 => "teid_control_plane",
        /// 18, TV 5, an NSAPI and the user plane TEID for its PDP context (forwarding) (TS 29.060 clause 7.7.15).
        TeidDataIi = 18 => "teid_data_ii",
        /// 19, TV 1, whether all PDP contexts sharing the address are deleted too (TS 29.060 clause 7.7.16).
        TeardownInd = 19 => "teardown_ind",
        /// 20, TV 1, a Network layer SAPI, the identifier of a PDP context within an MS (5 to 15) (TS 29.060 clause 7.7.17).
        Nsapi = 20 => "nsapi",
        /// 21, TV 1, a RANAP cause from the RNC (relocation) (TS 29.060 clause 7.7.18).
        RanapCause = 21 => "ranap_cause",
        /// 22, TV 9, one RAB's NSAPI and its GTP-U and PDCP sequence numbers (TS 29.060 clause 7.7.19).
        RabContext = 22 => "rab_context",
        /// 23, TV 1, the radio priority for SMS (TS 29.060 clause 7.7.20).
        RadioPrioritySms = 23 => "radio_priority_sms",
        /// 24, TV 1, the radio priority of a PDP context (TS 29.060 clause 7.7.21).
        RadioPriority = 24 => "radio_priority",
        /// 25, TV 2, the packet flow identifier of a PDP context (TS 29.060 clause 7.7.22).
        PacketFlowId = 25 => "packet_flow_id",
        /// 26, TV 2, the subscription's charging characteristics (TS 32.251) (TS 29.060 clause 7.7.23).
        ChargingCharacteristics = 26 => "charging_characteristics",
        /// 27, TV 2, the trace reference of a trace activation (TS 29.060 clause 7.7.24).
        TraceReference = 27 => "trace_reference",
        /// 28, TV 2, the trace type of a trace activation (TS 29.060 clause 7.7.25).
        TraceType = 28 => "trace_type",
        /// 29, TV 1, why the MS is not reachable (TS 29.060 clause 7.7.25A).
        MsNotReachableReason = 29 => "ms_not_reachable_reason",
        /// 126, TV 1, GTP' (charging): what to do with the data records that follow (TS 32.295).
        PacketTransferCommand = 126 => "packet_transfer_command",
        /// 127, TV 4, the charging identifier the GGSN gave a PDP context (TS 29.060 clause 7.7.26).
        ChargingId = 127 => "charging_id",
        /// 128, the PDP type and address given to the MS (TS 29.060 clause 7.7.27).
        EndUserAddress = 128 => "end_user_address",
        /// 129, the MS's MM context: security mode, keys (Kc or CK/IK), vectors, DRX and network capability (TS 29.060 clause 7.7.28).
        MmContext = 129 => "mm_context",
        /// 130, one PDP context: NSAPI, QoS, TEIDs, addresses and APN (TS 29.060 clause 7.7.29).
        PdpContext = 130 => "pdp_context",
        /// 131, the Access Point Name, as DNS labels (TS 29.060 clause 7.7.30).
        AccessPointName = 131 => "access_point_name",
        /// 132, protocol options exchanged end to end between MS and GGSN (TS 24.008) (TS 29.060 clause 7.7.31).
        ProtocolConfigurationOptions = 132 => "protocol_configuration_options",
        /// 133, an IPv4 or IPv6 address of a GSN (control or user plane) (TS 29.060 clause 7.7.32).
        GsnAddress = 133 => "gsn_address",
        /// 134, the subscriber's MSISDN, as an ISDN address (TS 29.060 clause 7.7.33).
        Msisdn = 134 => "msisdn",
        /// 135, the QoS profile of a PDP context (TS 24.008 encoding with an ARP octet) (TS 29.060 clause 7.7.34).
        QosProfile = 135 => "qos_profile",
        /// 136, one UMTS authentication quintuplet (RAND, XRES, CK, IK, AUTN) (TS 29.060 clause 7.7.35).
        AuthenticationQuintuplet = 136 => "authentication_quintuplet",
        /// 137, the traffic flow template that maps packets to a PDP context (TS 29.060 clause 7.7.36).
        TrafficFlowTemplate = 137 => "traffic_flow_template",
        /// 138, the relocation or handover target: RAI and RNC ID (or eNB/cell) (TS 29.060 clause 7.7.37).
        TargetIdentification = 138 => "target_identification",
        /// 139, the RANAP source-to-target or target-to-source transparent container (TS 29.060 clause 7.7.38).
        UtranTransparentContainer = 139 => "utran_transparent_container",
        /// 140, one RAB's NSAPI and the target RNC's TEID and address for data forwarding (TS 29.060 clause 7.7.39).
        RabSetupInformation = 140 => "rab_setup_information",
        /// 141, the extension header types the sender supports (its length field is one octet, unlike every other TLV IE) (TS 29.060 clause 7.7.40).
        ExtensionHeaderTypeList = 141 => "extension_header_type_list",
        /// 142, the trigger identifier of a trace activation (TS 29.060 clause 7.7.41).
        TriggerId = 142 => "trigger_id",
        /// 143, the OMC that receives trace records (TS 29.060 clause 7.7.42).
        OmcIdentity = 143 => "omc_identity",
        /// 144, a transparent RAN container, e.g. a RIM container (TS 29.060 clause 7.7.43).
        RanTransparentContainer = 144 => "ran_transparent_container",
        /// 145, that the PDP contexts in the message are prioritised (TS 29.060 clause 7.7.45).
        PdpContextPrioritization = 145 => "pdp_context_prioritization",
        /// 146, a second RAB setup information, carrying the target RNC's IPv6 user plane address (TS 29.060 clause 7.7.45A).
        AdditionalRabSetupInformation = 146 => "additional_rab_setup_information",
        /// 147, the SGSN's E.164 number (TS 29.060 clause 7.7.47).
        SgsnNumber = 147 => "sgsn_number",
        /// 148, flags common to the message (dual address bearer, upgrade QoS, NRSN...) (TS 29.060 clause 7.7.48).
        CommonFlags = 148 => "common_flags",
        /// 149, the APN restriction value, which limits PDP context combinations (TS 29.060 clause 7.7.49).
        ApnRestriction = 149 => "apn_restriction",
        /// 150, the radio priority for location services (TS 29.060 clause 7.7.25B).
        RadioPriorityLcs = 150 => "radio_priority_lcs",
        /// 151, the radio access technology serving the MS (1 = UTRAN, 2 = GERAN...) (TS 29.060 clause 7.7.50).
        RatType = 151 => "rat_type",
        /// 152, where the MS is: CGI, SAI or RAI (TS 29.060 clause 7.7.51).
        UserLocationInformation = 152 => "user_location_information",
        /// 153, the MS's time zone and daylight saving adjustment (TS 29.060 clause 7.7.52).
        MsTimeZone = 153 => "ms_time_zone",
        /// 154, the MS's IMEI or IMEISV, in TBCD digits (TS 29.060 clause 7.7.53).
        ImeiSv = 154 => "imei_sv",
        /// 155, CAMEL charging information (TS 29.078) passed to the GGSN (TS 29.060 clause 7.7.54).
        CamelChargingInformationContainer = 155 => "camel_charging_information_container",
        /// 156, an MBMS UE context (TS 29.060 clause 7.7.55).
        MbmsUeContext = 156 => "mbms_ue_context",
        /// 157, the Temporary Mobile Group Identity of an MBMS bearer service (TS 29.060 clause 7.7.56).
        Tmgi = 157 => "tmgi",
        /// 158, the RIM routing address of the RAN node a RIM container goes to (TS 29.060 clause 7.7.57).
        RimRoutingAddress = 158 => "rim_routing_address",
        /// 159, protocol options for MBMS exchanged between MS and GGSN (TS 29.060 clause 7.7.58).
        MbmsProtocolConfigurationOptions = 159 => "mbms_protocol_configuration_options",
        /// 160, the service area of an MBMS session (TS 29.060 clause 7.7.60).
        MbmsServiceArea = 160 => "mbms_service_area",
        /// 161, the source RNC's PDCP context (ROHC) for a relocation (TS 29.060 clause 7.7.61).
        SourceRncPdcpContextInfo = 161 => "source_rnc_pdcp_context_info",
        /// 162, more trace parameters (trace depth, interfaces, activity control) (TS 29.060 clause 7.7.62).
        AdditionalTraceInfo = 162 => "additional_trace_info",
        /// 163, how many more hops an SGSN Context/Identification Request may be relayed (TS 29.060 clause 7.7.63).
        HopCounter = 163 => "hop_counter",
        /// 164, the PLMN selected for the UE (shared networks) (TS 29.060 clause 7.7.64).
        SelectedPlmnId = 164 => "selected_plmn_id",
        /// 165, the identifier of an MBMS session (TS 29.060 clause 7.7.65).
        MbmsSessionIdentifier = 165 => "mbms_session_identifier",
        /// 166, whether an MBMS session goes to 2G, 3G or both (TS 29.060 clause 7.7.66).
        Mbms2g3gIndicator = 166 => "mbms_2g_3g_indicator",
        /// 167, an NSAPI above 127, for MBMS UE contexts (TS 29.060 clause 7.7.67).
        EnhancedNsapi = 167 => "enhanced_nsapi",
        /// 168, how long an MBMS session lasts (TS 29.060 clause 7.7.59).
        MbmsSessionDuration = 168 => "mbms_session_duration",
        /// 169, trace parameters for an MBMS session (TS 29.060 clause 7.7.68).
        AdditionalMbmsTraceInfo = 169 => "additional_mbms_trace_info",
        /// 170, which repetition of an MBMS session this is (TS 29.060 clause 7.7.69).
        MbmsSessionRepetitionNumber = 170 => "mbms_session_repetition_number",
        /// 171, when MBMS data transfer starts (TS 29.060 clause 7.7.70).
        MbmsTimeToDataTransfer = 171 => "mbms_time_to_data_transfer",
        /// 173, a BSS container: BSSGP information for a PS handover (TS 29.060 clause 7.7.72).
        BssContainer = 173 => "bss_container",
        /// 174, the target and source cells of a PS handover (TS 48.018 cell identifiers) (TS 29.060 clause 7.7.73).
        CellIdentification = 174 => "cell_identification",
        /// 175, the N-PDU sequence numbers of one NSAPI (TS 29.060 clause 7.7.74).
        PduNumbers = 175 => "pdu_numbers",
        /// 176, a BSSGP cause from the BSS (TS 29.060 clause 7.7.75).
        BssgpCause = 176 => "bssgp_cause",
        /// 177, the MBMS bearer capabilities the session needs (TS 29.060 clause 7.7.76).
        RequiredMbmsBearerCapabilities = 177 => "required_mbms_bearer_capabilities",
        /// 178, how the RIM Routing Address IE is coded (cell, RNC, eNB) (TS 29.060 clause 7.7.77).
        RimRoutingAddressDiscriminator = 178 => "rim_routing_address_discriminator",
        /// 179, the packet flow contexts set up in the target BSS (TS 29.060 clause 7.7.78).
        ListOfSetUpPfcs = 179 => "list_of_set_up_pfcs",
        /// 180, the SNDCP/LLC XID parameters for a PS handover (TS 29.060 clause 7.7.79).
        PsHandoverXidParameters = 180 => "ps_handover_xid_parameters",
        /// 181, which changes of location or CSG the SGSN must report to the GGSN (TS 29.060 clause 7.7.80).
        MsInfoChangeReportingAction = 181 => "ms_info_change_reporting_action",
        /// 182, direct tunnel flags (DTI, GCSI, EI) (TS 29.060 clause 7.7.81).
        DirectTunnelFlags = 182 => "direct_tunnel_flags",
        /// 183, correlates a secondary PDP context activation with its request (TS 29.060 clause 7.7.82).
        CorrelationId = 183 => "correlation_id",
        /// 184, who may request bearers: MS only or MS and network (TS 29.060 clause 7.7.83).
        BearerControlMode = 184 => "bearer_control_mode",
        /// 185, the identifier of an MBMS flow (TS 29.060 clause 7.7.84).
        MbmsFlowIdentifier = 185 => "mbms_flow_identifier",
        /// 186, the IP multicast address and source for MBMS data distribution (TS 29.060 clause 7.7.85).
        MbmsIpMulticastDistribution = 186 => "mbms_ip_multicast_distribution",
        /// 187, whether the RAN accepted IP multicast distribution for an MBMS session (TS 29.060 clause 7.7.86).
        MbmsDistributionAcknowledgement = 187 => "mbms_distribution_acknowledgement",
        /// 188, that the Inter RAT Handover Info in the transparent container is reliable (TS 29.060 clause 7.7.87).
        ReliableInterRatHandoverInfo = 188 => "reliable_inter_rat_handover_info",
        /// 189, the RAT/frequency selection priority index (RFSP) (TS 29.060 clause 7.7.88).
        RfspIndex = 189 => "rfsp_index",
        /// 190, a fully qualified domain name, as DNS labels (TS 29.060 clause 7.7.90).
        Fqdn = 190 => "fqdn",
        /// 191, an evolved allocation/retention priority (priority level, PCI, PVI) (TS 29.060 clause 7.7.91).
        EvolvedAllocationRetentionPriorityI = 191 => "evolved_allocation_retention_priority_i",
        /// 192, an NSAPI and its evolved allocation/retention priority (TS 29.060 clause 7.7.92).
        EvolvedAllocationRetentionPriorityIi = 192 => "evolved_allocation_retention_priority_ii",
        /// 193, more common flags (UASI, BDWI, PCRI, VB, RetLoc...) (TS 29.060 clause 7.7.93).
        ExtendedCommonFlags = 193 => "extended_common_flags",
        /// 194, the user's CSG information: CSG ID, access mode and membership (TS 29.060 clause 7.7.94).
        UserCsgInformation = 194 => "user_csg_information",
        /// 195, which CSG changes must be reported (TS 29.060 clause 7.7.95).
        CsgInformationReportingAction = 195 => "csg_information_reporting_action",
        /// 196, a closed subscriber group identity (TS 29.060 clause 7.7.96).
        CsgId = 196 => "csg_id",
        /// 197, whether the UE is a member of the CSG (TS 29.060 clause 7.7.97).
        CsgMembershipIndication = 197 => "csg_membership_indication",
        /// 198, an aggregate maximum bit rate (APN-AMBR), uplink and downlink in kbps (TS 29.060 clause 7.7.98).
        AggregateMaximumBitRate = 198 => "aggregate_maximum_bit_rate",
        /// 199, the UE's EPS network capability (TS 24.301) (TS 29.060 clause 7.7.99).
        UeNetworkCapability = 199 => "ue_network_capability",
        /// 200, the UE aggregate maximum bit rate (TS 29.060 clause 7.7.100).
        UeAmbr = 200 => "ue_ambr",
        /// 201, an NSAPI and the APN-AMBR of its PDN connection (TS 29.060 clause 7.7.101).
        ApnAmbrWithNsapi = 201 => "apn_ambr_with_nsapi",
        /// 202, how long the GGSN asks the SGSN to back off from that APN (TS 29.060 clause 7.7.102).
        GgsnBackOffTime = 202 => "ggsn_back_off_time",
        /// 203, low access priority for the connection (TS 24.008) (TS 29.060 clause 7.7.103).
        SignallingPriorityIndication = 203 => "signalling_priority_indication",
        /// 204, an NSAPI and its signalling priority indication (TS 29.060 clause 7.7.104).
        SignallingPriorityIndicationWithNsapi = 204 => "signalling_priority_indication_with_nsapi",
        /// 205, whether bit rates above 16 Mbps may be used (TS 29.060 clause 7.7.105).
        HigherBitratesThan16MbpsFlag = 205 => "higher_bitrates_than_16_mbps_flag",
        /// 207, MM information the MSC needs for SRVCC (classmarks, codecs) (TS 29.060 clause 7.7.107).
        AdditionalMmContextForSrvcc = 207 => "additional_mm_context_for_srvcc",
        /// 208, SRVCC flags (ICS indicator, vSRVCC) (TS 29.060 clause 7.7.108).
        AdditionalFlagsForSrvcc = 208 => "additional_flags_for_srvcc",
        /// 209, the Session Transfer Number for SRVCC (TS 29.060 clause 7.7.109).
        StnSr = 209 => "stn_sr",
        /// 210, the correlation MSISDN for SRVCC (TS 29.060 clause 7.7.110).
        CMsisdn = 210 => "c_msisdn",
        /// 211, a RANAP cause above the range of the RANAP Cause IE (TS 29.060 clause 7.7.111).
        ExtendedRanapCause = 211 => "extended_ranap_cause",
        /// 212, an eNodeB ID with its PLMN (TS 29.060 clause 7.7.112).
        EnodebId = 212 => "enodeb_id",
        /// 213, an NSAPI and its selection mode (TS 29.060 clause 7.7.113).
        SelectionModeWithNsapi = 213 => "selection_mode_with_nsapi",
        /// 214, when the user location information was taken (TS 29.060 clause 7.7.114).
        UliTimestamp = 214 => "uli_timestamp",
        /// 215, the local home network ID for SIPTO at the local network, with the NSAPI (TS 29.060 clause 7.7.115).
        LhnIdWithNsapi = 215 => "lhn_id_with_nsapi",
        /// 216, who selected the core network operator (shared networks) (TS 29.060 clause 7.7.116).
        CnOperatorSelectionEntity = 216 => "cn_operator_selection_entity",
        /// 217, the UE usage type from the subscription (dedicated core networks) (TS 29.060 clause 7.7.117).
        UeUsageType = 217 => "ue_usage_type",
        /// 218, yet more common flags (PMTSMI, DTCI, PNSI...) (TS 29.060 clause 7.7.118).
        ExtendedCommonFlagsIi = 218 => "extended_common_flags_ii",
        /// 219, the name and realm of a node (Diameter identity) (TS 29.060 clause 7.7.119).
        NodeIdentifier = 219 => "node_identifier",
        /// 220, which CIoT optimisations the SGSN supports (TS 29.060 clause 7.7.120).
        CiotOptimizationsSupportIndication = 220 => "ciot_optimizations_support_indication",
        /// 221, the SCEF connection of a non-IP PDN connection (TS 29.060 clause 7.7.121).
        ScefPdnConnection = 221 => "scef_pdn_connection",
        /// 222, the IOV-updates counter of the GPRS ciphering state (TS 29.060 clause 7.7.122).
        IovUpdatesCounter = 222 => "iov_updates_counter",
        /// 223, the UE usage type mapped for the serving network (TS 29.060 clause 7.7.123).
        MappedUeUsageType = 223 => "mapped_ue_usage_type",
        /// 224, flags for the user plane function selection (DCNR) (TS 29.060 clause 7.7.124).
        UpFunctionSelectionIndicationFlags = 224 => "up_function_selection_indication_flags",
        /// 238, the IE type extension marker: a 2-octet type follows the length (TS 29.060 clause 7.7.0A).
        SpecialIeTypeForIeTypeExtension = 238 => "special_ie_type_for_ie_type_extension",
        /// 251, the charging gateway's IPv4 or IPv6 address (TS 29.060 clause 7.7.44).
        ChargingGatewayAddress = 251 => "charging_gateway_address",
        /// 255, vendor-specific information, with the vendor's enterprise number (TS 29.060 clause 7.7.46).
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
