//! The message type and IE type tables of TS 29.274 (Tables 6.1-1 and 8.1-1), with the JSON names.
//!
//! Each table is written once, in an [`open_enum!`](crate::open_enum) invocation (the macro of
//! every wire enum): the enum, the number mapping and the name all come from it, so a name is
//! never typed twice.

crate::open_enum! {
    /// A GTPv2-C message type (TS 29.274 Table 6.1-1). Open: unknown numbers are kept.
    pub enum MessageType: u8 {
        /// Echo Request (1).
        EchoRequest = 1 => "EchoRequest",
        /// Echo Response (2).
        EchoResponse = 2 => "EchoResponse",
        /// Version Not Supported Indication (3).
        VersionNotSupportedIndication = 3 => "VersionNotSupportedIndication",
        /// Node Alive Request (4).
        NodeAliveRequest = 4 => "NodeAliveRequest",
        /// Node Alive Response (5).
        NodeAliveResponse = 5 => "NodeAliveResponse",
        /// Redirection Request (6).
        RedirectionRequest = 6 => "RedirectionRequest",
        /// Redirection Response (7).
        RedirectionResponse = 7 => "RedirectionResponse",
        /// SRVCC PS to CS Request (25).
        SrvccPsToCsRequest = 25 => "SRVCCPSToCSRequest",
        /// SRVCC PS to CS Response (26).
        SrvccPsToCsResponse = 26 => "SRVCCPSToCSResponse",
        /// SRVCC PS to CS Complete Notification (27).
        SrvccPsToCsCompleteNotification = 27 => "SRVCCPSToCSCompleteNotification",
        /// SRVCC PS to CS Complete Acknowledge (28).
        SrvccPsToCsCompleteAcknowledge = 28 => "SRVCCPSToCSCompleteAcknowledge",
        /// SRVCC PS to CS Cancel Notification (29).
        SrvccPsToCsCancelNotification = 29 => "SRVCCPSToCSCancelNotification",
        /// SRVCC PS to CS Cancel Acknowledge (30).
        SrvccPsToCsCancelAcknowledge = 30 => "SRVCCPSToCSCancelAcknowledge",
        /// SRVCC CS to PS Request (31).
        SrvccCsToPsRequest = 31 => "SRVCCCSToPSRequest",
        /// Create Session Request (32).
        CreateSessionRequest = 32 => "CreateSessionRequest",
        /// Create Session Response (33).
        CreateSessionResponse = 33 => "CreateSessionResponse",
        /// Modify Bearer Request (34).
        ModifyBearerRequest = 34 => "ModifyBearerRequest",
        /// Modify Bearer Response (35).
        ModifyBearerResponse = 35 => "ModifyBearerResponse",
        /// Delete Session Request (36).
        DeleteSessionRequest = 36 => "DeleteSessionRequest",
        /// Delete Session Response (37).
        DeleteSessionResponse = 37 => "DeleteSessionResponse",
        /// Change Notification Request (38).
        ChangeNotificationRequest = 38 => "ChangeNotificationRequest",
        /// Change Notification Response (39).
        ChangeNotificationResponse = 39 => "ChangeNotificationResponse",
        /// Remote UE Report Notification (40).
        RemoteUeReportNotification = 40 => "RemoteUEReportNotification",
        /// Remote UE Report Acknowledge (41).
        RemoteUeReportAcknowledge = 41 => "RemoteUEReportAcknowledge",
        /// Modify Bearer Command (64).
        ModifyBearerCommand = 64 => "ModifyBearerCommand",
        /// Modify Bearer Failure Indication (65).
        ModifyBearerFailureIndication = 65 => "ModifyBearerFailureIndication",
        /// Delete Bearer Command (66).
        DeleteBearerCommand = 66 => "DeleteBearerCommand",
        /// Delete Bearer Failure Indication (67).
        DeleteBearerFailureIndication = 67 => "DeleteBearerFailureIndication",
        /// Bearer Resource Command (68).
        BearerResourceCommand = 68 => "BearerResourceCommand",
        /// Bearer Resource Failure Indication (69).
        BearerResourceFailureIndication = 69 => "BearerResourceFailureIndication",
        /// Downlink Data Notification Failure Indication (70).
        DownlinkDataNotificationFailureIndication = 70 => "DownlinkDataNotificationFailureIndication",
        /// Trace Session Activation (71).
        TraceSessionActivation = 71 => "TraceSessionActivation",
        /// Trace Session Deactivation (72).
        TraceSessionDeactivation = 72 => "TraceSessionDeactivation",
        /// Stop Paging Indication (73).
        StopPagingIndication = 73 => "StopPagingIndication",
        /// Create Bearer Request (95).
        CreateBearerRequest = 95 => "CreateBearerRequest",
        /// Create Bearer Response (96).
        CreateBearerResponse = 96 => "CreateBearerResponse",
        /// Update Bearer Request (97).
        UpdateBearerRequest = 97 => "UpdateBearerRequest",
        /// Update Bearer Response (98).
        UpdateBearerResponse = 98 => "UpdateBearerResponse",
        /// Delete Bearer Request (99).
        DeleteBearerRequest = 99 => "DeleteBearerRequest",
        /// Delete Bearer Response (100).
        DeleteBearerResponse = 100 => "DeleteBearerResponse",
        /// Delete PDN Connection Set Request (101).
        DeletePdnConnectionSetRequest = 101 => "DeletePDNConnectionSetRequest",
        /// Delete PDN Connection Set Response (102).
        DeletePdnConnectionSetResponse = 102 => "DeletePDNConnectionSetResponse",
        /// PGW Downlink Triggering Notification (103).
        PgwDownlinkTriggeringNotification = 103 => "PGWDownlinkTriggeringNotification",
        /// PGW Downlink Triggering Acknowledge (104).
        PgwDownlinkTriggeringAcknowledge = 104 => "PGWDownlinkTriggeringAcknowledge",
        /// Identification Request (128).
        IdentificationRequest = 128 => "IdentificationRequest",
        /// Identification Response (129).
        IdentificationResponse = 129 => "IdentificationResponse",
        /// Context Request (130).
        ContextRequest = 130 => "ContextRequest",
        /// Context Response (131).
        ContextResponse = 131 => "ContextResponse",
        /// Context Acknowledge (132).
        ContextAcknowledge = 132 => "ContextAcknowledge",
        /// Forward Relocation Request (133).
        ForwardRelocationRequest = 133 => "ForwardRelocationRequest",
        /// Forward Relocation Response (134).
        ForwardRelocationResponse = 134 => "ForwardRelocationResponse",
        /// Forward Relocation Complete Notification (135).
        ForwardRelocationCompleteNotification = 135 => "ForwardRelocationCompleteNotification",
        /// Forward Relocation Complete Acknowledge (136).
        ForwardRelocationCompleteAcknowledge = 136 => "ForwardRelocationCompleteAcknowledge",
        /// Forward Access Context Notification (137).
        ForwardAccessContextNotification = 137 => "ForwardAccessContextNotification",
        /// Forward Access Context Acknowledge (138).
        ForwardAccessContextAcknowledge = 138 => "ForwardAccessContextAcknowledge",
        /// Relocation Cancel Request (139).
        RelocationCancelRequest = 139 => "RelocationCancelRequest",
        /// Relocation Cancel Response (140).
        RelocationCancelResponse = 140 => "RelocationCancelResponse",
        /// Configuration Transfer Tunnel (141).
        ConfigurationTransferTunnel = 141 => "ConfigurationTransferTunnel",
        /// Detach Notification (149).
        DetachNotification = 149 => "DetachNotification",
        /// Detach Acknowledge (150).
        DetachAcknowledge = 150 => "DetachAcknowledge",
        /// CS Paging Indication (151).
        CsPagingIndication = 151 => "CSPagingIndication",
        /// RAN Information Relay (152).
        RanInformationRelay = 152 => "RANInformationRelay",
        /// Alert MME Notification (153).
        AlertMmeNotification = 153 => "AlertMMENotification",
        /// Alert MME Acknowledge (154).
        AlertMmeAcknowledge = 154 => "AlertMMEAcknowledge",
        /// UE Activity Notification (155).
        UeActivityNotification = 155 => "UEActivityNotification",
        /// UE Activity Acknowledge (156).
        UeActivityAcknowledge = 156 => "UEActivityAcknowledge",
        /// ISR Status Indication (157).
        IsrStatusIndication = 157 => "ISRStatusIndication",
        /// UE Registration Query Request (158).
        UeRegistrationQueryRequest = 158 => "UERegistrationQueryRequest",
        /// UE Registration Query Response (159).
        UeRegistrationQueryResponse = 159 => "UERegistrationQueryResponse",
        /// Create Forwarding Tunnel Request (160).
        CreateForwardingTunnelRequest = 160 => "CreateForwardingTunnelRequest",
        /// Create Forwarding Tunnel Response (161).
        CreateForwardingTunnelResponse = 161 => "CreateForwardingTunnelResponse",
        /// Suspend Notification (162).
        SuspendNotification = 162 => "SuspendNotification",
        /// Suspend Acknowledge (163).
        SuspendAcknowledge = 163 => "SuspendAcknowledge",
        /// Resume Notification (164).
        ResumeNotification = 164 => "ResumeNotification",
        /// Resume Acknowledge (165).
        ResumeAcknowledge = 165 => "ResumeAcknowledge",
        /// Create Indirect Data Forwarding Tunnel Request (166).
        CreateIndirectDataForwardingTunnelRequest = 166 => "CreateIndirectDataForwardingTunnelRequest",
        /// Create Indirect Data Forwarding Tunnel Response (167).
        CreateIndirectDataForwardingTunnelResponse = 167 => "CreateIndirectDataForwardingTunnelResponse",
        /// Delete Indirect Data Forwarding Tunnel Request (168).
        DeleteIndirectDataForwardingTunnelRequest = 168 => "DeleteIndirectDataForwardingTunnelRequest",
        /// Delete Indirect Data Forwarding Tunnel Response (169).
        DeleteIndirectDataForwardingTunnelResponse = 169 => "DeleteIndirectDataForwardingTunnelResponse",
        /// Release Access Bearers Request (170).
        ReleaseAccessBearersRequest = 170 => "ReleaseAccessBearersRequest",
        /// Release Access Bearers Response (171).
        ReleaseAccessBearersResponse = 171 => "ReleaseAccessBearersResponse",
        /// Downlink Data Notification (176).
        DownlinkDataNotification = 176 => "DownlinkDataNotification",
        /// Downlink Data Notification Acknowledge (177).
        DownlinkDataNotificationAcknowledge = 177 => "DownlinkDataNotificationAcknowledge",
        /// PGW Restart Notification (179).
        PgwRestartNotification = 179 => "PGWRestartNotification",
        /// PGW Restart Notification Acknowledge (180).
        PgwRestartNotificationAcknowledge = 180 => "PGWRestartNotificationAcknowledge",
        /// Update PDN Connection Set Request (200).
        UpdatePdnConnectionSetRequest = 200 => "UpdatePDNConnectionSetRequest",
        /// Update PDN Connection Set Response (201).
        UpdatePdnConnectionSetResponse = 201 => "UpdatePDNConnectionSetResponse",
        /// Modify Access Bearers Request (211).
        ModifyAccessBearersRequest = 211 => "ModifyAccessBearersRequest",
        /// Modify Access Bearers Response (212).
        ModifyAccessBearersResponse = 212 => "ModifyAccessBearersResponse",
        /// MBMS Session Start Request (231).
        MbmsSessionStartRequest = 231 => "MBMSSessionStartRequest",
        /// MBMS Session Start Response (232).
        MbmsSessionStartResponse = 232 => "MBMSSessionStartResponse",
        /// MBMS Session Update Request (233).
        MbmsSessionUpdateRequest = 233 => "MBMSSessionUpdateRequest",
        /// MBMS Session Update Response (234).
        MbmsSessionUpdateResponse = 234 => "MBMSSessionUpdateResponse",
        /// MBMS Session Stop Request (235).
        MbmsSessionStopRequest = 235 => "MBMSSessionStopRequest",
        /// MBMS Session Stop Response (236).
        MbmsSessionStopResponse = 236 => "MBMSSessionStopResponse",
        /// SRVCC CS to PS Response (240).
        SrvccCsToPsResponse = 240 => "SRVCCCSToPSResponse",
        /// SRVCC CS to PS Complete Notification (241).
        SrvccCsToPsCompleteNotification = 241 => "SRVCCCSToPSCompleteNotification",
        /// SRVCC CS to PS Complete Acknowledge (242).
        SrvccCsToPsCompleteAcknowledge = 242 => "SRVCCCSToPSCompleteAcknowledge",
        /// SRVCC CS to PS Cancel Notification (243).
        SrvccCsToPsCancelNotification = 243 => "SRVCCCSToPSCancelNotification",
        /// SRVCC CS to PS Cancel Acknowledge (244).
        SrvccCsToPsCancelAcknowledge = 244 => "SRVCCCSToPSCancelAcknowledge",
    }
}

impl MessageType {
    /// The type for a wire number (the same as [`MessageType::from_value`]).
    pub const fn from_u8(n: u8) -> Self {
        Self::from_value(n)
    }
    /// The wire number (the same as [`MessageType::value`]).
    pub const fn to_u8(self) -> u8 {
        self.value()
    }
    /// The 3GPP message name in CamelCase (`ForwardRelocationRequest`), `Unknown` if unnamed
    /// (the name the JSON output and the summaries print).
    pub fn message_name(self) -> &'static str {
        match self.known_name() {
            Some(n) => n,
            None => "Unknown",
        }
    }
}

crate::open_enum! {
    /// A GTPv2-C IE type (TS 29.274 Table 8.1-1) that keyhop decodes into a typed value.
    /// Open: every other number is `Unknown(n)` and its IEs are kept as raw octets. The names
    /// are the JSON keys: the 3GPP name in snake_case (docs/json.md).
    pub enum IeType: u8 {
        /// International Mobile Subscriber Identity (1).
        Imsi = 1 => "imsi",
        /// Cause (2).
        Cause = 2 => "cause",
        /// Recovery (restart counter) (3).
        Recovery = 3 => "recovery",
        /// Access Point Name (71).
        Apn = 71 => "apn",
        /// Aggregate Maximum Bit Rate (72).
        Ambr = 72 => "ambr",
        /// EPS Bearer ID (73).
        Ebi = 73 => "ebi",
        /// IP Address (74).
        IpAddress = 74 => "ip_address",
        /// Mobile Equipment Identity (75).
        Mei = 75 => "mei",
        /// MSISDN (76).
        Msisdn = 76 => "msisdn",
        /// Indication flags (77).
        Indication = 77 => "indication",
        /// PDN Address Allocation (79).
        Paa = 79 => "paa",
        /// Bearer Level Quality of Service (80).
        BearerQos = 80 => "bearer_qos",
        /// RAT Type (82).
        RatType = 82 => "rat_type",
        /// Serving Network (83).
        ServingNetwork = 83 => "serving_network",
        /// User Location Information (86).
        Uli = 86 => "uli",
        /// Fully Qualified TEID (87).
        FTeid = 87 => "f_teid",
        /// Delay Value (92).
        DelayValue = 92 => "delay_value",
        /// Bearer Context, grouped (93).
        BearerContext = 93 => "bearer_context",
        /// Charging ID (94).
        ChargingId = 94 => "charging_id",
        /// Charging Characteristics (95).
        ChargingCharacteristics = 95 => "charging_characteristics",
        /// PDN Type (99).
        PdnType = 99 => "pdn_type",
        /// MM Context: GSM Key and Triplets (103).
        MmContextGsmKeyTriplets = 103 => "mm_context",
        /// MM Context: UMTS Key, Used Cipher and Quintuplets (104).
        MmContextUmtsKeyUsedCipherQuintuplets = 104 => "mm_context",
        /// MM Context: GSM Key, Used Cipher and Quintuplets (105).
        MmContextGsmKeyUsedCipherQuintuplets = 105 => "mm_context",
        /// MM Context: UMTS Key and Quintuplets (106).
        MmContextUmtsKeyQuintuplets = 106 => "mm_context",
        /// MM Context: EPS Security Context and Quadruplets (107).
        MmContextEpsSecurityContextQuadruplets = 107 => "mm_context",
        /// MM Context: UMTS Key, Quadruplets and Quintuplets (108).
        MmContextUmtsKeyQuadrupletsQuintuplets = 108 => "mm_context",
        /// PDN Connection, grouped (109).
        PdnConnection = 109 => "pdn_connection",
        /// Packet TMSI (111).
        PTmsi = 111 => "p_tmsi",
        /// P-TMSI Signature (112).
        PTmsiSignature = 112 => "p_tmsi_signature",
        /// Hop Counter (113).
        HopCounter = 113 => "hop_counter",
        /// UE Time Zone (114).
        UeTimeZone = 114 => "ue_time_zone",
        /// Globally Unique Temporary Identity (117).
        Guti = 117 => "guti",
        /// Fully Qualified Container (118).
        FContainer = 118 => "f_container",
        /// Fully Qualified Cause (119).
        FCause = 119 => "f_cause",
        /// Selected PLMN ID (120).
        SelectedPlmnId = 120 => "selected_plmn_id",
        /// Target Identification (121).
        TargetIdentification = 121 => "target_identification",
        /// Port Number (126).
        PortNumber = 126 => "port_number",
        /// APN Restriction (127).
        ApnRestriction = 127 => "apn_restriction",
        /// Selection Mode (128).
        SelectionMode = 128 => "selection_mode",
        /// Node Type (135).
        NodeType = 135 => "node_type",
        /// Fully Qualified Domain Name (136).
        Fqdn = 136 => "fqdn",
    }
}

/// The JSON key of an IE type: the 3GPP name in snake_case for the typed IEs ([`IeType::name`]),
/// `ie_<type>` for the others (docs/json.md). The one table of GTPv2 IE names.
pub fn ie_name(ie_type: IeType) -> &'static str {
    match ie_type.known_name() {
        Some(n) => n,
        None => UNKNOWN_IE_NAMES[ie_type.value() as usize],
    }
}

impl IeType {
    /// The type for a wire number (the same as [`IeType::from_value`]).
    pub const fn from_u8(n: u8) -> Self {
        Self::from_value(n)
    }
    /// The wire number (the same as [`IeType::value`]).
    pub const fn to_u8(self) -> u8 {
        self.value()
    }
    /// True for the six MM Context IE types (103 to 108).
    pub fn is_mm_context(self) -> bool {
        (103..=108).contains(&self.to_u8())
    }
}

/// `ie_<n>` for every type number, so that unknown IEs get a `&'static str` key too.
static UNKNOWN_IE_NAMES: [&str; 256] = [
    "ie_0", "ie_1", "ie_2", "ie_3", "ie_4", "ie_5", "ie_6", "ie_7", "ie_8", "ie_9", "ie_10",
    "ie_11", "ie_12", "ie_13", "ie_14", "ie_15", "ie_16", "ie_17", "ie_18", "ie_19", "ie_20",
    "ie_21", "ie_22", "ie_23", "ie_24", "ie_25", "ie_26", "ie_27", "ie_28", "ie_29", "ie_30",
    "ie_31", "ie_32", "ie_33", "ie_34", "ie_35", "ie_36", "ie_37", "ie_38", "ie_39", "ie_40",
    "ie_41", "ie_42", "ie_43", "ie_44", "ie_45", "ie_46", "ie_47", "ie_48", "ie_49", "ie_50",
    "ie_51", "ie_52", "ie_53", "ie_54", "ie_55", "ie_56", "ie_57", "ie_58", "ie_59", "ie_60",
    "ie_61", "ie_62", "ie_63", "ie_64", "ie_65", "ie_66", "ie_67", "ie_68", "ie_69", "ie_70",
    "ie_71", "ie_72", "ie_73", "ie_74", "ie_75", "ie_76", "ie_77", "ie_78", "ie_79", "ie_80",
    "ie_81", "ie_82", "ie_83", "ie_84", "ie_85", "ie_86", "ie_87", "ie_88", "ie_89", "ie_90",
    "ie_91", "ie_92", "ie_93", "ie_94", "ie_95", "ie_96", "ie_97", "ie_98", "ie_99", "ie_100",
    "ie_101", "ie_102", "ie_103", "ie_104", "ie_105", "ie_106", "ie_107", "ie_108", "ie_109",
    "ie_110", "ie_111", "ie_112", "ie_113", "ie_114", "ie_115", "ie_116", "ie_117", "ie_118",
    "ie_119", "ie_120", "ie_121", "ie_122", "ie_123", "ie_124", "ie_125", "ie_126", "ie_127",
    "ie_128", "ie_129", "ie_130", "ie_131", "ie_132", "ie_133", "ie_134", "ie_135", "ie_136",
    "ie_137", "ie_138", "ie_139", "ie_140", "ie_141", "ie_142", "ie_143", "ie_144", "ie_145",
    "ie_146", "ie_147", "ie_148", "ie_149", "ie_150", "ie_151", "ie_152", "ie_153", "ie_154",
    "ie_155", "ie_156", "ie_157", "ie_158", "ie_159", "ie_160", "ie_161", "ie_162", "ie_163",
    "ie_164", "ie_165", "ie_166", "ie_167", "ie_168", "ie_169", "ie_170", "ie_171", "ie_172",
    "ie_173", "ie_174", "ie_175", "ie_176", "ie_177", "ie_178", "ie_179", "ie_180", "ie_181",
    "ie_182", "ie_183", "ie_184", "ie_185", "ie_186", "ie_187", "ie_188", "ie_189", "ie_190",
    "ie_191", "ie_192", "ie_193", "ie_194", "ie_195", "ie_196", "ie_197", "ie_198", "ie_199",
    "ie_200", "ie_201", "ie_202", "ie_203", "ie_204", "ie_205", "ie_206", "ie_207", "ie_208",
    "ie_209", "ie_210", "ie_211", "ie_212", "ie_213", "ie_214", "ie_215", "ie_216", "ie_217",
    "ie_218", "ie_219", "ie_220", "ie_221", "ie_222", "ie_223", "ie_224", "ie_225", "ie_226",
    "ie_227", "ie_228", "ie_229", "ie_230", "ie_231", "ie_232", "ie_233", "ie_234", "ie_235",
    "ie_236", "ie_237", "ie_238", "ie_239", "ie_240", "ie_241", "ie_242", "ie_243", "ie_244",
    "ie_245", "ie_246", "ie_247", "ie_248", "ie_249", "ie_250", "ie_251", "ie_252", "ie_253",
    "ie_254", "ie_255",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip() {
        for n in 0..=255u8 {
            assert_eq!(IeType::from_u8(n).to_u8(), n);
            assert_eq!(MessageType::from_u8(n).to_u8(), n);
        }
        assert_eq!(ie_name(IeType::FTeid), "f_teid");
        assert_eq!(ie_name(IeType::from_u8(200)), "ie_200");
        assert_eq!(ie_name(IeType::from_u8(107)), "mm_context");
        assert_eq!(
            MessageType::from_u8(133).message_name(),
            "ForwardRelocationRequest"
        );
        // TS 29.274 table 6.1-1 names 95-100 and 170/171 too.
        assert_eq!(
            MessageType::from_u8(95).message_name(),
            "CreateBearerRequest"
        );
        assert_eq!(
            MessageType::from_u8(99).message_name(),
            "DeleteBearerRequest"
        );
        assert_eq!(
            MessageType::from_u8(171).message_name(),
            "ReleaseAccessBearersResponse"
        );
        assert_eq!(MessageType::from_u8(42).message_name(), "Unknown");
    }
}
