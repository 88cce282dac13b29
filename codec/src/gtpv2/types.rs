//! The message type and IE type tables of TS 29.274 (Tables 6.1-1 and 8.1-1), with the JSON names.
//!
//! Each table is written once, in an [`open_enum!`](crate::open_enum) invocation (the macro of
//! every wire enum): the enum, the number mapping and the name all come from it, so a name is
//! never typed twice.

crate::open_enum! {
    /// A GTPv2-C message type (TS 29.274 Table 6.1-1). Open: unknown numbers are kept.
    pub enum MessageType: u8 {
        /// 1: checks that a GTP-C peer is alive on the path (TS 29.274 clause 7.1.1).
        EchoRequest = 1 => "EchoRequest",
        /// 2: answers an Echo Request, carrying the sender's restart counter (Recovery) (TS 29.274 clause 7.1.2).
        EchoResponse = 2 => "EchoResponse",
        /// 3: tells a peer that the GTP version of its message is not supported (TS 29.274 clause 7.1.3).
        VersionNotSupportedIndication = 3 => "VersionNotSupportedIndication",
        /// 4: asks whether a node is alive (TS 29.274 Table 6.1-1 reserves 4 to 16 for S101 (TS 29.276); the name is the one tshark gives).
        NodeAliveRequest = 4 => "NodeAliveRequest",
        /// 5: answers a Node Alive Request (TS 29.274 Table 6.1-1 reserves 4 to 16 for S101 (TS 29.276); the name is the one tshark gives).
        NodeAliveResponse = 5 => "NodeAliveResponse",
        /// 6: asks a node to send its traffic elsewhere (TS 29.274 Table 6.1-1 reserves 4 to 16 for S101 (TS 29.276); the name is the one tshark gives).
        RedirectionRequest = 6 => "RedirectionRequest",
        /// 7: answers a Redirection Request (TS 29.274 Table 6.1-1 reserves 4 to 16 for S101 (TS 29.276); the name is the one tshark gives).
        RedirectionResponse = 7 => "RedirectionResponse",
        /// 25: MME/SGSN asks the MSC server to hand the UE's voice call over to CS (SRVCC) (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccPsToCsRequest = 25 => "SRVCCPSToCSRequest",
        /// 26: MSC server answers an SRVCC PS to CS Request (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccPsToCsResponse = 26 => "SRVCCPSToCSResponse",
        /// 27: MSC server reports that the PS to CS handover is complete (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccPsToCsCompleteNotification = 27 => "SRVCCPSToCSCompleteNotification",
        /// 28: MME/SGSN acknowledges the PS to CS Complete Notification (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccPsToCsCompleteAcknowledge = 28 => "SRVCCPSToCSCompleteAcknowledge",
        /// 29: MME/SGSN cancels a pending PS to CS handover (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccPsToCsCancelNotification = 29 => "SRVCCPSToCSCancelNotification",
        /// 30: MSC server acknowledges the PS to CS cancellation (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccPsToCsCancelAcknowledge = 30 => "SRVCCPSToCSCancelAcknowledge",
        /// 31: MSC server asks the MME/SGSN to hand a CS call over to PS (rSRVCC) (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccCsToPsRequest = 31 => "SRVCCCSToPSRequest",
        /// 32: MME/SGSN/ePDG/TWAN asks the SGW/PGW to set up a PDN connection (session) with its default bearer (TS 29.274 clause 7.2.1).
        CreateSessionRequest = 32 => "CreateSessionRequest",
        /// 33: SGW/PGW answers a Create Session Request with the allocated address, F-TEIDs and bearers (TS 29.274 clause 7.2.2).
        CreateSessionResponse = 33 => "CreateSessionResponse",
        /// 34: MME/SGSN updates bearers on the SGW/PGW, e.g. the eNB's downlink F-TEID after a handover (TS 29.274 clause 7.2.7).
        ModifyBearerRequest = 34 => "ModifyBearerRequest",
        /// 35: SGW/PGW answers a Modify Bearer Request (TS 29.274 clause 7.2.8).
        ModifyBearerResponse = 35 => "ModifyBearerResponse",
        /// 36: MME/SGSN asks the SGW/PGW to tear down a PDN connection (TS 29.274 clause 7.2.9.1).
        DeleteSessionRequest = 36 => "DeleteSessionRequest",
        /// 37: SGW/PGW answers a Delete Session Request (TS 29.274 clause 7.2.10.1).
        DeleteSessionResponse = 37 => "DeleteSessionResponse",
        /// 38: MME/SGSN reports a change of the UE's location or CSG to the PGW (TS 29.274 clause 7.3.14).
        ChangeNotificationRequest = 38 => "ChangeNotificationRequest",
        /// 39: PGW answers a Change Notification Request (TS 29.274 clause 7.3.15).
        ChangeNotificationResponse = 39 => "ChangeNotificationResponse",
        /// 40: MME reports remote UEs connected through a ProSe UE-to-network relay to the PGW (TS 29.274 clause 7.2.26).
        RemoteUeReportNotification = 40 => "RemoteUEReportNotification",
        /// 41: PGW acknowledges a Remote UE Report Notification (TS 29.274 clause 7.2.27).
        RemoteUeReportAcknowledge = 41 => "RemoteUEReportAcknowledge",
        /// 64: MME/SGSN asks the PGW to modify the default bearer's QoS or APN-AMBR (TS 29.274 clause 7.2.14.1).
        ModifyBearerCommand = 64 => "ModifyBearerCommand",
        /// 65: PGW reports that a Modify Bearer Command failed (TS 29.274 clause 7.2.14.2).
        ModifyBearerFailureIndication = 65 => "ModifyBearerFailureIndication",
        /// 66: MME/SGSN asks the PGW to delete dedicated bearers (TS 29.274 clause 7.2.17.1).
        DeleteBearerCommand = 66 => "DeleteBearerCommand",
        /// 67: PGW reports that a Delete Bearer Command failed (TS 29.274 clause 7.2.17.2).
        DeleteBearerFailureIndication = 67 => "DeleteBearerFailureIndication",
        /// 68: MME/SGSN relays a UE's request to allocate, modify or release bearer resources to the PGW (TS 29.274 clause 7.2.5).
        BearerResourceCommand = 68 => "BearerResourceCommand",
        /// 69: PGW reports that a Bearer Resource Command failed (TS 29.274 clause 7.2.6).
        BearerResourceFailureIndication = 69 => "BearerResourceFailureIndication",
        /// 70: MME/SGSN tells the SGW that paging after a Downlink Data Notification failed (TS 29.274 clause 7.2.11.3).
        DownlinkDataNotificationFailureIndication = 70 => "DownlinkDataNotificationFailureIndication",
        /// 71: MME/SGSN starts a trace session on the PGW (TS 29.274 clause 7.12.1).
        TraceSessionActivation = 71 => "TraceSessionActivation",
        /// 72: MME/SGSN stops a trace session on the PGW (TS 29.274 clause 7.12.2).
        TraceSessionDeactivation = 72 => "TraceSessionDeactivation",
        /// 73: SGW tells the MME/SGSN to stop paging the UE (TS 29.274 clause 7.2.23).
        StopPagingIndication = 73 => "StopPagingIndication",
        /// 95: PGW asks (via the SGW) the MME/SGSN to set up dedicated bearers (TS 29.274 clause 7.2.3).
        CreateBearerRequest = 95 => "CreateBearerRequest",
        /// 96: MME/SGSN answers a Create Bearer Request with the bearers set up (TS 29.274 clause 7.2.4).
        CreateBearerResponse = 96 => "CreateBearerResponse",
        /// 97: PGW asks (via the SGW) the MME/SGSN to change bearer QoS or TFTs (TS 29.274 clause 7.2.15).
        UpdateBearerRequest = 97 => "UpdateBearerRequest",
        /// 98: MME/SGSN answers an Update Bearer Request (TS 29.274 clause 7.2.16).
        UpdateBearerResponse = 98 => "UpdateBearerResponse",
        /// 99: PGW asks (via the SGW) the MME/SGSN to delete bearers or a whole PDN connection (TS 29.274 clause 7.2.9.2).
        DeleteBearerRequest = 99 => "DeleteBearerRequest",
        /// 100: MME/SGSN answers a Delete Bearer Request (TS 29.274 clause 7.2.10.2).
        DeleteBearerResponse = 100 => "DeleteBearerResponse",
        /// 101: asks a peer to delete all PDN connections tagged with the FQ-CSIDs of a failed node (TS 29.274 clause 7.9.1).
        DeletePdnConnectionSetRequest = 101 => "DeletePDNConnectionSetRequest",
        /// 102: answers a Delete PDN Connection Set Request (TS 29.274 clause 7.9.2).
        DeletePdnConnectionSetResponse = 102 => "DeletePDNConnectionSetResponse",
        /// 103: PGW tells the MME/SGSN that downlink data arrived for a UE whose SGW failed (SGW restoration) (TS 29.274 clause 7.9.7).
        PgwDownlinkTriggeringNotification = 103 => "PGWDownlinkTriggeringNotification",
        /// 104: MME/SGSN acknowledges a PGW Downlink Triggering Notification (TS 29.274 clause 7.9.8).
        PgwDownlinkTriggeringAcknowledge = 104 => "PGWDownlinkTriggeringAcknowledge",
        /// 128: new MME/SGSN asks the old one for the IMSI and authentication data of a UE known by GUTI/P-TMSI (TS 29.274 clause 7.3.8).
        IdentificationRequest = 128 => "IdentificationRequest",
        /// 129: old MME/SGSN answers an Identification Request (TS 29.274 clause 7.3.9).
        IdentificationResponse = 129 => "IdentificationResponse",
        /// 130: new MME/SGSN asks the old one for the UE's MM and PDN contexts (idle-mode TAU/RAU) (TS 29.274 clause 7.3.5).
        ContextRequest = 130 => "ContextRequest",
        /// 131: old MME/SGSN answers a Context Request with the MM context (security keys) and PDN connections (TS 29.274 clause 7.3.6).
        ContextResponse = 131 => "ContextResponse",
        /// 132: new MME/SGSN confirms that it took over the UE context (TS 29.274 clause 7.3.7).
        ContextAcknowledge = 132 => "ContextAcknowledge",
        /// 133: source MME/SGSN asks the target to prepare a handover, carrying the MM context (KASME, NH, NCC) and PDN connections (TS 29.274 clause 7.3.1).
        ForwardRelocationRequest = 133 => "ForwardRelocationRequest",
        /// 134: target MME/SGSN answers a Forward Relocation Request with the target-to-source container (TS 29.274 clause 7.3.2).
        ForwardRelocationResponse = 134 => "ForwardRelocationResponse",
        /// 135: target MME/SGSN reports that the UE arrived in the target cell (TS 29.274 clause 7.3.3).
        ForwardRelocationCompleteNotification = 135 => "ForwardRelocationCompleteNotification",
        /// 136: source MME/SGSN acknowledges the Forward Relocation Complete Notification (TS 29.274 clause 7.3.4).
        ForwardRelocationCompleteAcknowledge = 136 => "ForwardRelocationCompleteAcknowledge",
        /// 137: source MME/SGSN forwards the RAN's PDCP/GTP-U sequence numbers (RNC contexts or an eNB Status Transfer container) to the target (TS 29.274 clause 7.3.10).
        ForwardAccessContextNotification = 137 => "ForwardAccessContextNotification",
        /// 138: target acknowledges a Forward Access Context Notification (TS 29.274 clause 7.3.11).
        ForwardAccessContextAcknowledge = 138 => "ForwardAccessContextAcknowledge",
        /// 139: source MME/SGSN cancels a prepared handover at the target (TS 29.274 clause 7.3.16).
        RelocationCancelRequest = 139 => "RelocationCancelRequest",
        /// 140: target MME/SGSN answers a Relocation Cancel Request (TS 29.274 clause 7.3.17).
        RelocationCancelResponse = 140 => "RelocationCancelResponse",
        /// 141: MME relays an eNB/MME configuration transfer (SON) container to another MME (TS 29.274 clause 7.3.18).
        ConfigurationTransferTunnel = 141 => "ConfigurationTransferTunnel",
        /// 149: MME or SGSN tells the other (ISR) that the UE detached (TS 29.274 clause 7.3.12).
        DetachNotification = 149 => "DetachNotification",
        /// 150: acknowledges a Detach Notification (TS 29.274 clause 7.3.13).
        DetachAcknowledge = 150 => "DetachAcknowledge",
        /// 151: MME asks the SGSN to page the UE for a CS call (CS fallback) (TS 29.274 clause 7.4.5).
        CsPagingIndication = 151 => "CSPagingIndication",
        /// 152: relays a RAN Information Management (RIM) container between MME and SGSN (TS 29.274 clause 7.3.19).
        RanInformationRelay = 152 => "RANInformationRelay",
        /// 153: SGSN asks the MME to report when the UE becomes reachable (TS 29.274 clause 7.4.6).
        AlertMmeNotification = 153 => "AlertMMENotification",
        /// 154: MME acknowledges an Alert MME Notification (TS 29.274 clause 7.4.7).
        AlertMmeAcknowledge = 154 => "AlertMMEAcknowledge",
        /// 155: MME tells the SGSN that the UE showed activity (TS 29.274 clause 7.4.8).
        UeActivityNotification = 155 => "UEActivityNotification",
        /// 156: SGSN acknowledges a UE Activity Notification (TS 29.274 clause 7.4.9).
        UeActivityAcknowledge = 156 => "UEActivityAcknowledge",
        /// 157: MME/SGSN tells the other to deactivate ISR (TS 29.274 clause 7.3.20).
        IsrStatusIndication = 157 => "ISRStatusIndication",
        /// 158: MME/SGSN asks the other whether the UE is registered there (ISR) (TS 29.274 clause 7.3.21).
        UeRegistrationQueryRequest = 158 => "UERegistrationQueryRequest",
        /// 159: answers a UE Registration Query Request (TS 29.274 clause 7.3.22).
        UeRegistrationQueryResponse = 159 => "UERegistrationQueryResponse",
        /// 160: MME asks the SGW for a forwarding tunnel for a handover to CDMA2000 HRPD (TS 29.274 clause 7.5.1).
        CreateForwardingTunnelRequest = 160 => "CreateForwardingTunnelRequest",
        /// 161: SGW answers a Create Forwarding Tunnel Request (TS 29.274 clause 7.5.2).
        CreateForwardingTunnelResponse = 161 => "CreateForwardingTunnelResponse",
        /// 162: MME/SGSN suspends the UE's bearers during a CS fallback or SRVCC without DTM (TS 29.274 clause 7.4.1).
        SuspendNotification = 162 => "SuspendNotification",
        /// 163: acknowledges a Suspend Notification (TS 29.274 clause 7.4.2).
        SuspendAcknowledge = 163 => "SuspendAcknowledge",
        /// 164: MME/SGSN resumes the suspended bearers (TS 29.274 clause 7.4.3).
        ResumeNotification = 164 => "ResumeNotification",
        /// 165: acknowledges a Resume Notification (TS 29.274 clause 7.4.4).
        ResumeAcknowledge = 165 => "ResumeAcknowledge",
        /// 166: MME/SGSN asks the SGW for indirect data forwarding tunnels during a handover (TS 29.274 clause 7.2.18).
        CreateIndirectDataForwardingTunnelRequest = 166 => "CreateIndirectDataForwardingTunnelRequest",
        /// 167: SGW answers a Create Indirect Data Forwarding Tunnel Request with its forwarding F-TEIDs (TS 29.274 clause 7.2.19).
        CreateIndirectDataForwardingTunnelResponse = 167 => "CreateIndirectDataForwardingTunnelResponse",
        /// 168: MME/SGSN asks the SGW to release the indirect data forwarding tunnels (TS 29.274 clause 7.2.12).
        DeleteIndirectDataForwardingTunnelRequest = 168 => "DeleteIndirectDataForwardingTunnelRequest",
        /// 169: SGW answers a Delete Indirect Data Forwarding Tunnel Request (TS 29.274 clause 7.2.13).
        DeleteIndirectDataForwardingTunnelResponse = 169 => "DeleteIndirectDataForwardingTunnelResponse",
        /// 170: MME/SGSN asks the SGW to release the S1-U/Iu bearers when the UE goes idle (TS 29.274 clause 7.2.21).
        ReleaseAccessBearersRequest = 170 => "ReleaseAccessBearersRequest",
        /// 171: SGW answers a Release Access Bearers Request (TS 29.274 clause 7.2.22).
        ReleaseAccessBearersResponse = 171 => "ReleaseAccessBearersResponse",
        /// 176: SGW tells the MME/SGSN that downlink data is waiting for an idle UE (triggers paging) (TS 29.274 clause 7.2.11.1).
        DownlinkDataNotification = 176 => "DownlinkDataNotification",
        /// 177: MME/SGSN acknowledges a Downlink Data Notification (TS 29.274 clause 7.2.11.2).
        DownlinkDataNotificationAcknowledge = 177 => "DownlinkDataNotificationAcknowledge",
        /// 179: SGW tells the MME/SGSN that a PGW restarted (TS 29.274 clause 7.9.5).
        PgwRestartNotification = 179 => "PGWRestartNotification",
        /// 180: MME/SGSN acknowledges a PGW Restart Notification (TS 29.274 clause 7.9.6).
        PgwRestartNotificationAcknowledge = 180 => "PGWRestartNotificationAcknowledge",
        /// 200: SGW/PGW updates the FQ-CSIDs (restoration identifiers) held for a PDN connection (TS 29.274 clause 7.9.3).
        UpdatePdnConnectionSetRequest = 200 => "UpdatePDNConnectionSetRequest",
        /// 201: answers an Update PDN Connection Set Request (TS 29.274 clause 7.9.4).
        UpdatePdnConnectionSetResponse = 201 => "UpdatePDNConnectionSetResponse",
        /// 211: MME asks the SGW to switch the S1-U bearers to a new eNB without relocating the SGW (TS 29.274 clause 7.2.24).
        ModifyAccessBearersRequest = 211 => "ModifyAccessBearersRequest",
        /// 212: SGW answers a Modify Access Bearers Request (TS 29.274 clause 7.2.25).
        ModifyAccessBearersResponse = 212 => "ModifyAccessBearersResponse",
        /// 231: MBMS GW asks the MME/SGSN to start an MBMS session (TS 29.274 clause 7.13.1).
        MbmsSessionStartRequest = 231 => "MBMSSessionStartRequest",
        /// 232: MME/SGSN answers an MBMS Session Start Request (TS 29.274 clause 7.13.2).
        MbmsSessionStartResponse = 232 => "MBMSSessionStartResponse",
        /// 233: MBMS GW updates an MBMS session (TS 29.274 clause 7.13.3).
        MbmsSessionUpdateRequest = 233 => "MBMSSessionUpdateRequest",
        /// 234: MME/SGSN answers an MBMS Session Update Request (TS 29.274 clause 7.13.4).
        MbmsSessionUpdateResponse = 234 => "MBMSSessionUpdateResponse",
        /// 235: MBMS GW asks the MME/SGSN to stop an MBMS session (TS 29.274 clause 7.13.5).
        MbmsSessionStopRequest = 235 => "MBMSSessionStopRequest",
        /// 236: MME/SGSN answers an MBMS Session Stop Request (TS 29.274 clause 7.13.6).
        MbmsSessionStopResponse = 236 => "MBMSSessionStopResponse",
        /// 240: MME/SGSN answers an SRVCC CS to PS Request (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccCsToPsResponse = 240 => "SRVCCCSToPSResponse",
        /// 241: reports that the CS to PS handover is complete (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccCsToPsCompleteNotification = 241 => "SRVCCCSToPSCompleteNotification",
        /// 242: acknowledges the CS to PS Complete Notification (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccCsToPsCompleteAcknowledge = 242 => "SRVCCCSToPSCompleteAcknowledge",
        /// 243: cancels a pending CS to PS handover (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
        SrvccCsToPsCancelNotification = 243 => "SRVCCCSToPSCancelNotification",
        /// 244: acknowledges the CS to PS cancellation (Sv interface, TS 29.280; type in TS 29.274 Table 6.1-1).
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
        /// 1: the UE's IMSI, in TBCD digits (TS 29.274 clause 8.3).
        Imsi = 1 => "imsi",
        /// 2: the result of a request (Table 8.4-1: 16 = Request accepted), with flags and an offending IE (TS 29.274 clause 8.4).
        Cause = 2 => "cause",
        /// 3: the sender's restart counter, so a peer notices a restart (TS 29.274 clause 8.5).
        Recovery = 3 => "recovery",
        /// 71: the Access Point Name, as DNS labels (TS 29.274 clause 8.6).
        Apn = 71 => "apn",
        /// 72: the APN aggregate maximum bit rate, uplink and downlink in kbps (TS 29.274 clause 8.7).
        Ambr = 72 => "ambr",
        /// 73: an EPS bearer identity (5 to 15) (TS 29.274 clause 8.8).
        Ebi = 73 => "ebi",
        /// 74: an IPv4 or IPv6 address (TS 29.274 clause 8.9).
        IpAddress = 74 => "ip_address",
        /// 75: the UE's IMEI or IMEISV, in TBCD digits (TS 29.274 clause 8.10).
        Mei = 75 => "mei",
        /// 76: the subscriber's MSISDN, in TBCD digits (TS 29.274 clause 8.11).
        Msisdn = 76 => "msisdn",
        /// 77: a bit set of indication flags (DAF, HI, OI, SGWCI...) (TS 29.274 clause 8.12).
        Indication = 77 => "indication",
        /// 79: the PDN type and the IPv4/IPv6 address given to the UE (TS 29.274 clause 8.14).
        Paa = 79 => "paa",
        /// 80: one bearer's QCI, ARP and bit rates (TS 29.274 clause 8.15).
        BearerQos = 80 => "bearer_qos",
        /// 82: the radio access technology serving the UE (6 = EUTRAN...) (TS 29.274 clause 8.17).
        RatType = 82 => "rat_type",
        /// 83: the PLMN of the serving network (TS 29.274 clause 8.18).
        ServingNetwork = 83 => "serving_network",
        /// 86: where the UE is: any of CGI, SAI, RAI, TAI, ECGI, LAI and (extended) macro eNB ID (TS 29.274 clause 8.21).
        Uli = 86 => "uli",
        /// 87: a tunnel endpoint: interface type, TEID or GRE key and IPv4/IPv6 address (TS 29.274 clause 8.22).
        FTeid = 87 => "f_teid",
        /// 92: how long the receiver should delay a Downlink Data Notification, in 50 ms units (TS 29.274 clause 8.27).
        DelayValue = 92 => "delay_value",
        /// 93: grouped: one bearer's EBI, F-TEIDs, QoS and the rest (TS 29.274 clause 8.28).
        BearerContext = 93 => "bearer_context",
        /// 94: the charging identifier the PGW gave a bearer (TS 29.274 clause 8.29).
        ChargingId = 94 => "charging_id",
        /// 95: the subscription's charging characteristics (TS 32.251) (TS 29.274 clause 8.30).
        ChargingCharacteristics = 95 => "charging_characteristics",
        /// 99: the PDN type asked for (IPv4, IPv6, IPv4v6, non-IP, Ethernet) (TS 29.274 clause 8.34).
        PdnType = 99 => "pdn_type",
        /// 103: MM context of a 2G UE: GSM key Kc, CKSN and triplets (TS 29.274 clause 8.38).
        MmContextGsmKeyTriplets = 103 => "mm_context",
        /// 104: MM context with UMTS keys and a GPRS cipher in use: CK, IK, KSI, the cipher and quintuplets (TS 29.274 clause 8.38).
        MmContextUmtsKeyUsedCipherQuintuplets = 104 => "mm_context",
        /// 105: MM context with a GSM key and a GPRS cipher in use: Kc, CKSN, the cipher and quintuplets (TS 29.274 clause 8.38).
        MmContextGsmKeyUsedCipherQuintuplets = 105 => "mm_context",
        /// 106: MM context of a 3G UE: CK, IK, KSI and quintuplets (TS 29.274 clause 8.38).
        MmContextUmtsKeyQuintuplets = 106 => "mm_context",
        /// 107: MM context of an EPS UE: KASME, NH, NCC, NAS counts and algorithms, quadruplets and quintuplets (TS 29.274 clause 8.38).
        MmContextEpsSecurityContextQuadruplets = 107 => "mm_context",
        /// 108: MM context with UMTS keys and EPS vectors: CK, IK, KSI, quadruplets and quintuplets (TS 29.274 clause 8.38).
        MmContextUmtsKeyQuadrupletsQuintuplets = 108 => "mm_context",
        /// 109: grouped: one PDN connection's APN, addresses, PGW F-TEID and bearer contexts (TS 29.274 clause 8.39).
        PdnConnection = 109 => "pdn_connection",
        /// 111: the UE's Packet TMSI (TS 29.274 clause 8.41).
        PTmsi = 111 => "p_tmsi",
        /// 112: the P-TMSI signature that proves a UE's P-TMSI (TS 29.274 clause 8.42).
        PTmsiSignature = 112 => "p_tmsi_signature",
        /// 113: how many more hops a Context/Identification Request may be relayed (TS 29.274 clause 8.43).
        HopCounter = 113 => "hop_counter",
        /// 114: the UE's time zone and daylight saving adjustment (TS 29.274 clause 8.44).
        UeTimeZone = 114 => "ue_time_zone",
        /// 117: the UE's GUTI: PLMN, MME group ID, MME code and M-TMSI (TS 29.274 clause 8.47).
        Guti = 117 => "guti",
        /// 118: a container of another protocol (UTRAN/E-UTRAN transparent container, BSS container...) (TS 29.274 clause 8.48).
        FContainer = 118 => "f_container",
        /// 119: a cause of another protocol (S1AP, RANAP, BSSGP), e.g. a handover cause (TS 29.274 clause 8.49).
        FCause = 119 => "f_cause",
        /// 120: the PLMN selected for the UE (shared networks) (TS 29.274 clause 8.50).
        SelectedPlmnId = 120 => "selected_plmn_id",
        /// 121: the handover target: RNC ID, (home/extended) eNB ID, cell, gNB or ng-eNB (TS 29.274 clause 8.51).
        TargetIdentification = 121 => "target_identification",
        /// 126: a UDP port number (TS 29.274 clause 8.56).
        PortNumber = 126 => "port_number",
        /// 127: the APN restriction value, which limits PDN connection combinations (TS 29.274 clause 8.57).
        ApnRestriction = 127 => "apn_restriction",
        /// 128: who chose the APN (UE or network) and whether the subscription was verified (TS 29.274 clause 8.58).
        SelectionMode = 128 => "selection_mode",
        /// 135: the node type (0 = MME, 1 = SGSN) (TS 29.274 clause 8.65).
        NodeType = 135 => "node_type",
        /// 136: a fully qualified domain name, as DNS labels (TS 29.274 clause 8.66).
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
