//! LTE RRC (TS 36.331, UNALIGNED PER): the cell identities a handover's KeNB* depends on.
//!
//! KeNB* = KDF(KeNB or NH, 0x13, PCI, EARFCN-DL) (TS 33.401 A.5) takes the target cell's PCI
//! and downlink EARFCN. X2AP and S1AP carry them only inside RRC transparent containers:
//!
//! * the target's `HandoverCommand` (X2AP TargeteNBtoSource-eNBTransparentContainer, S1AP
//!   Target-ToSource-TransparentContainer rRC-Container) -> handoverCommandMessage, a
//!   DL-DCCH-Message -> RRCConnectionReconfiguration -> mobilityControlInfo: targetPhysCellId and
//!   carrierFreq.dl-CarrierFreq (absent for an intra-frequency handover: the UE stays on the
//!   source's frequency), or carrierFreq-v9e0 above 65535 ([`handover_command_target`]);
//! * the source's `HandoverPreparationInformation` (X2AP RRC-Context, S1AP
//!   Source-ToTarget-TransparentContainer rRC-Container): as-Config.sourceDl-CarrierFreq (or
//!   as-Config-v9e0 above 65535) and as-Context.reestablishmentInfo.sourcePhysCellId
//!   ([`handover_preparation_source`]). The MIB and SIB1 in as-Config do not hold the PCI.
//!
//! Only the path to these fields is decoded field by field. What lies before them (MeasConfig,
//! RadioResourceConfigDedicated, the system information blocks...) is stepped over with full
//! constraint checks from tables of the Rel-18 ASN.1 (`schema.rs`); what lies after them is not
//! read. Errors name [`Protocol::Rrc`], the ASN.1 component path and the bit offset from the start
//! of the container handed in.

pub mod build;
mod schema;
mod skip;

use crate::error::{Context, DecodeResult, ErrorKind, Protocol};
use crate::per::{Index, PerReader, SizeConstraint};
use skip::{skip, skip_extensions};

/// The cell a HandoverCommand sends the UE to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TargetCell {
    /// targetPhysCellId (0..503).
    pub pci: u16,
    /// Downlink EARFCN: carrierFreq-v9e0.dl-CarrierFreq-v9e0 if present, else
    /// carrierFreq.dl-CarrierFreq; `None` when carrierFreq is absent, which TS 36.331 defines as
    /// the source cell's frequency (take it from the HandoverPreparationInformation).
    pub dl_earfcn: Option<u32>,
    /// Uplink EARFCN if signalled (ul-CarrierFreq-v9e0, else ul-CarrierFreq).
    pub ul_earfcn: Option<u32>,
}

/// What a HandoverPreparationInformation says about the source cell and the UE.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SourceCell {
    /// as-Config.sourceDl-CarrierFreq, or as-Config-v9e0.sourceDl-CarrierFreq-v9e0 when present
    /// (EARFCN above 65535); `None` without as-Config.
    pub dl_earfcn: Option<u32>,
    /// as-Context.reestablishmentInfo.sourcePhysCellId; `None` if absent.
    pub pci: Option<u16>,
    /// as-Config.sourceUE-Identity (the C-RNTI in the source cell).
    pub c_rnti: Option<u16>,
    /// ue-RadioAccessCapabilityInfo, one container per RAT, kept as octets.
    pub ue_capabilities: Vec<UeCapabilityContainer>,
}

/// One UE-CapabilityRAT-Container.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UeCapabilityContainer {
    /// rat-Type: index of RAT-Type (0 eutra, 1 utra, 2 geran-cs, 3 geran-ps, 4 cdma2000-1XRTT,
    /// 5 nr, 6 eutra-nr, 7 spare1); an extension value as 8 + its extension index.
    pub rat_type: u32,
    /// ueCapabilityRAT-Container octets, undecoded.
    #[serde(serialize_with = "hex_octets")]
    pub container: Vec<u8>,
}

/// Raw octets, as [`crate::redact::serialize_raw`] prints them.
fn hex_octets<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
    crate::redact::serialize_raw(v, s)
}

/// Count of root alternatives of the c1 CHOICE of every critical-extension switch used here.
const C1_ALTERNATIVES: u32 = 8;

/// Reads `criticalExtensions CHOICE { c1 CHOICE { <r8 IEs>, spare7..spare1 }, criticalExtensionsFuture }`
/// and stops at the r8 IEs.
fn critical_extensions_r8(r: &mut PerReader<'_>, r8: &'static str) -> DecodeResult<()> {
    match r.choice(2, false)? {
        Index::Root(0) => {}
        _ => {
            return Err(r.error(
                ErrorKind::Invalid,
                "criticalExtensionsFuture: a later version keyhop cannot read",
            ))
        }
    }
    match r.choice(C1_ALTERNATIVES, false).ctx("c1")? {
        Index::Root(0) => Ok(()),
        i => Err(r
            .error(
                ErrorKind::Invalid,
                format!("spare alternative {i:?} instead of {r8}"),
            )
            .in_field("c1")),
    }
}

/// Decodes a HandoverCommand (TS 36.331 10.2.2) down to the target cell of its
/// RRCConnectionReconfiguration.
pub fn handover_command_target(data: &[u8]) -> DecodeResult<TargetCell> {
    let mut r = PerReader::new_unaligned(data, Protocol::Rrc);
    handover_command(&mut r).ctx("HandoverCommand")
}

fn handover_command(r: &mut PerReader<'_>) -> DecodeResult<TargetCell> {
    // HandoverCommand ::= SEQUENCE { criticalExtensions }
    critical_extensions_r8(r, "handoverCommand-r8").ctx("criticalExtensions")?;
    // HandoverCommand-r8-IEs ::= SEQUENCE { handoverCommandMessage OCTET STRING (CONTAINING
    // DL-DCCH-Message), nonCriticalExtension SEQUENCE {} OPTIONAL }
    let path = |e: crate::DecodeError| {
        e.in_field("handoverCommand-r8")
            .in_field("c1")
            .in_field("criticalExtensions")
    };
    // The nonCriticalExtension presence bit: nothing keyhop reads follows it.
    r.sequence_preamble(false, 1).map_err(path)?;
    let msg = r
        .octet_string(SizeConstraint::unconstrained())
        .ctx("handoverCommandMessage")
        .map_err(path)?;
    // Absolute offset of the contained message, so that errors inside it point into `data`.
    let start = r.bit_offset() - msg.len() as u64 * 8;
    let mut inner = PerReader::at_unaligned(&msg, Protocol::Rrc, start);
    dl_dcch_target(&mut inner)
        .ctx("handoverCommandMessage")
        .map_err(path)
}

/// Decodes a DL-DCCH-Message holding an RRCConnectionReconfiguration with mobilityControlInfo
/// (the handoverCommandMessage of a HandoverCommand) down to the target cell.
pub fn reconfiguration_target(dl_dcch: &[u8]) -> DecodeResult<TargetCell> {
    let mut r = PerReader::new_unaligned(dl_dcch, Protocol::Rrc);
    dl_dcch_target(&mut r)
}

/// Index of rrcConnectionReconfiguration among the 16 alternatives of DL-DCCH-MessageType.c1.
const DL_DCCH_RECONFIGURATION: u32 = 4;

fn dl_dcch_target(r: &mut PerReader<'_>) -> DecodeResult<TargetCell> {
    // DL-DCCH-Message ::= SEQUENCE { message DL-DCCH-MessageType }
    // DL-DCCH-MessageType ::= CHOICE { c1 CHOICE { 16 alternatives }, messageClassExtension }
    let p = |e: crate::DecodeError| e.in_field("message").in_field("DL-DCCH-Message");
    match r.choice(2, false).map_err(p)? {
        Index::Root(0) => {}
        _ => {
            return Err(p(r.error(
                ErrorKind::Invalid,
                "messageClassExtension instead of an RRCConnectionReconfiguration",
            )))
        }
    }
    match r.choice(16, false).ctx("c1").map_err(p)? {
        Index::Root(DL_DCCH_RECONFIGURATION) => {}
        i => {
            return Err(p(r
                .error(
                    ErrorKind::Invalid,
                    format!("DL-DCCH message {i:?} is not an RRCConnectionReconfiguration"),
                )
                .in_field("c1")))
        }
    }
    reconfiguration(r)
        .ctx("rrcConnectionReconfiguration")
        .ctx("c1")
        .map_err(p)
}

fn reconfiguration(r: &mut PerReader<'_>) -> DecodeResult<TargetCell> {
    // RRCConnectionReconfiguration ::= SEQUENCE { rrc-TransactionIdentifier INTEGER (0..3),
    // criticalExtensions }
    r.constrained_whole(0, 3).ctx("rrc-TransactionIdentifier")?;
    critical_extensions_r8(r, "rrcConnectionReconfiguration-r8").ctx("criticalExtensions")?;
    reconfiguration_r8(r)
        .ctx("rrcConnectionReconfiguration-r8")
        .ctx("c1")
        .ctx("criticalExtensions")
}

fn reconfiguration_r8(r: &mut PerReader<'_>) -> DecodeResult<TargetCell> {
    // RRCConnectionReconfiguration-r8-IEs ::= SEQUENCE { measConfig OPTIONAL,
    // mobilityControlInfo OPTIONAL, dedicatedInfoNASList OPTIONAL, radioResourceConfigDedicated
    // OPTIONAL, securityConfigHO OPTIONAL, nonCriticalExtension OPTIONAL }: not extensible.
    const OPT: u32 = 6;
    let (_, bm) = r.sequence_preamble(false, OPT)?;
    if PerReader::present(bm, OPT, 0) {
        skip(r, &schema::T_MEASCONFIG).ctx("measConfig")?;
    }
    if !PerReader::present(bm, OPT, 1) {
        return Err(r
            .error(
                ErrorKind::Invalid,
                "no mobilityControlInfo: this reconfiguration is not a handover",
            )
            .in_field("mobilityControlInfo"));
    }
    mobility_control_info(r).ctx("mobilityControlInfo")
}

fn carrier_freq(r: &mut PerReader<'_>, ub: i64) -> DecodeResult<(u32, Option<u32>)> {
    // CarrierFreqEUTRA ::= SEQUENCE { dl-CarrierFreq, ul-CarrierFreq OPTIONAL }, and the same
    // shape for CarrierFreqEUTRA-v9e0 with wider integers.
    let (_, bm) = r.sequence_preamble(false, 1)?;
    let dl = r.constrained_whole(0, ub).ctx("dl-CarrierFreq")? as u32;
    let ul = if PerReader::present(bm, 1, 0) {
        Some(r.constrained_whole(0, ub).ctx("ul-CarrierFreq")? as u32)
    } else {
        None
    };
    Ok((dl, ul))
}

/// maxEARFCN: the largest ARFCN-ValueEUTRA.
const MAX_EARFCN: i64 = 65535;
/// maxEARFCN2: the largest ARFCN-ValueEUTRA-r9.
const MAX_EARFCN2: i64 = 262143;

fn mobility_control_info(r: &mut PerReader<'_>) -> DecodeResult<TargetCell> {
    // MobilityControlInfo ::= SEQUENCE { targetPhysCellId, carrierFreq OPTIONAL,
    // carrierBandwidth OPTIONAL, additionalSpectrumEmission OPTIONAL, t304, newUE-Identity,
    // radioResourceConfigCommon, rach-ConfigDedicated OPTIONAL, ...,
    // [[ carrierFreq-v9e0 OPTIONAL ]], ... }
    const OPT: u32 = 4;
    let (ext, bm) = r.sequence_preamble(true, OPT)?;
    let pci = r.constrained_whole(0, 503).ctx("targetPhysCellId")? as u16;
    let mut cell = TargetCell {
        pci,
        dl_earfcn: None,
        ul_earfcn: None,
    };
    if PerReader::present(bm, OPT, 0) {
        let (dl, ul) = carrier_freq(r, MAX_EARFCN).ctx("carrierFreq")?;
        cell.dl_earfcn = Some(dl);
        cell.ul_earfcn = ul;
    }
    if !ext {
        return Ok(cell);
    }
    // carrierFreq-v9e0 is in the first extension group, after the rest of the root.
    if PerReader::present(bm, OPT, 1) {
        skip(r, &schema::T_CARRIERBANDWIDTHEUTRA).ctx("carrierBandwidth")?;
    }
    if PerReader::present(bm, OPT, 2) {
        r.constrained_whole(1, 32)
            .ctx("additionalSpectrumEmission")?;
    }
    r.enumerated(8, false).ctx("t304")?;
    r.bit_string_fixed_u64(16).ctx("newUE-Identity")?;
    skip(r, &schema::T_RADIORESOURCECONFIGCOMMON).ctx("radioResourceConfigCommon")?;
    if PerReader::present(bm, OPT, 3) {
        skip(r, &schema::T_RACH_CONFIGDEDICATED).ctx("rach-ConfigDedicated")?;
    }
    let groups = r.extension_bitmap().ctx("extension additions")?;
    if groups.first() == Some(&true) {
        let v9e0 = r
            .open_type_with(|g| {
                // The group as a SEQUENCE { carrierFreq-v9e0 OPTIONAL }.
                let (_, gbm) = g.sequence_preamble(false, 1)?;
                if PerReader::present(gbm, 1, 0) {
                    carrier_freq(g, MAX_EARFCN2).map(Some)
                } else {
                    Ok(None)
                }
            })
            .ctx("carrierFreq-v9e0")?;
        match v9e0 {
            crate::per::OpenValue::Decoded(Some((dl, ul))) => {
                // TS 36.331: dl-CarrierFreq is then set to maxEARFCN and the -v9e0 value applies.
                cell.dl_earfcn = Some(dl);
                if ul.is_some() {
                    cell.ul_earfcn = ul;
                }
            }
            crate::per::OpenValue::Decoded(None) => {}
            crate::per::OpenValue::Fragmented(_) => {
                return Err(r
                    .error(ErrorKind::Invalid, "fragmented extension group")
                    .in_field("carrierFreq-v9e0"))
            }
        }
    }
    Ok(cell)
}

/// Decodes a HandoverPreparationInformation (TS 36.331 10.2.2) down to the source cell's
/// downlink EARFCN and PCI and the UE capability containers.
pub fn handover_preparation_source(data: &[u8]) -> DecodeResult<SourceCell> {
    let mut r = PerReader::new_unaligned(data, Protocol::Rrc);
    handover_preparation(&mut r).ctx("HandoverPreparationInformation")
}

fn handover_preparation(r: &mut PerReader<'_>) -> DecodeResult<SourceCell> {
    critical_extensions_r8(r, "handoverPreparationInformation-r8").ctx("criticalExtensions")?;
    preparation_r8(r)
        .ctx("handoverPreparationInformation-r8")
        .ctx("c1")
        .ctx("criticalExtensions")
}

fn preparation_r8(r: &mut PerReader<'_>) -> DecodeResult<SourceCell> {
    // HandoverPreparationInformation-r8-IEs ::= SEQUENCE { ue-RadioAccessCapabilityInfo,
    // as-Config OPTIONAL, rrm-Config OPTIONAL, as-Context OPTIONAL, nonCriticalExtension
    // OPTIONAL }: not extensible.
    const OPT: u32 = 4;
    let (_, bm) = r.sequence_preamble(false, OPT)?;
    let ue_capabilities = capability_list(r).ctx("ue-RadioAccessCapabilityInfo")?;
    let mut cell = SourceCell {
        dl_earfcn: None,
        pci: None,
        c_rnti: None,
        ue_capabilities,
    };
    if PerReader::present(bm, OPT, 0) {
        let (c_rnti, dl) = as_config(r).ctx("as-Config")?;
        cell.c_rnti = Some(c_rnti);
        cell.dl_earfcn = Some(dl);
    }
    if PerReader::present(bm, OPT, 1) {
        // RRM-Config ::= SEQUENCE { ue-InactiveTime ENUMERATED (64 values) OPTIONAL, ... }
        let p = |e: crate::DecodeError| e.in_field("rrm-Config");
        let (ext, rbm) = r.sequence_preamble(true, 1).map_err(p)?;
        if PerReader::present(rbm, 1, 0) {
            r.enumerated(64, false).ctx("ue-InactiveTime").map_err(p)?;
        }
        if ext {
            skip_extensions(r).map_err(p)?;
        }
    }
    if PerReader::present(bm, OPT, 2) {
        cell.pci = as_context(r).ctx("as-Context")?;
    }
    if PerReader::present(bm, OPT, 3) {
        if let Some(v9e0) = preparation_v920(r).ctx("nonCriticalExtension")? {
            cell.dl_earfcn = Some(v9e0);
        }
    }
    Ok(cell)
}

fn capability_list(r: &mut PerReader<'_>) -> DecodeResult<Vec<UeCapabilityContainer>> {
    // UE-CapabilityRAT-ContainerList ::= SEQUENCE (SIZE (0..maxRAT-Capabilities = 8)) OF
    // UE-CapabilityRAT-Container { rat-Type RAT-Type (8 values, ...), ueCapabilityRAT-Container
    // OCTET STRING }
    let n = r.sequence_of_len(SizeConstraint::range(0, 8))?;
    let mut v = Vec::with_capacity(n);
    for i in 0..n {
        let item = (|| {
            let rat_type = match r.enumerated(8, true).ctx("rat-Type")? {
                Index::Root(k) => k,
                Index::Ext(k) => 8u32.saturating_add(k),
            };
            let container = r
                .octet_string(SizeConstraint::unconstrained())
                .ctx("ueCapabilityRAT-Container")?
                .into_owned();
            Ok(UeCapabilityContainer {
                rat_type,
                container,
            })
        })()
        .ctx_with(|| format!("[{i}]"))?;
        v.push(item);
    }
    Ok(v)
}

/// Returns (sourceUE-Identity, sourceDl-CarrierFreq).
fn as_config(r: &mut PerReader<'_>) -> DecodeResult<(u16, u32)> {
    // AS-Config ::= SEQUENCE { sourceMeasConfig, sourceRadioResourceConfig,
    // sourceSecurityAlgorithmConfig, sourceUE-Identity C-RNTI, sourceMasterInformationBlock,
    // sourceSystemInformationBlockType1, sourceSystemInformationBlockType2, antennaInfoCommon,
    // sourceDl-CarrierFreq, ..., [[...]] }: no OPTIONAL root component.
    let (ext, _) = r.sequence_preamble(true, 0)?;
    skip(r, &schema::T_MEASCONFIG).ctx("sourceMeasConfig")?;
    skip(r, &schema::T_RADIORESOURCECONFIGDEDICATED).ctx("sourceRadioResourceConfig")?;
    skip(r, &schema::T_SECURITYALGORITHMCONFIG).ctx("sourceSecurityAlgorithmConfig")?;
    let c_rnti = r.bit_string_fixed_u64(16).ctx("sourceUE-Identity")? as u16;
    skip(r, &schema::T_MASTERINFORMATIONBLOCK).ctx("sourceMasterInformationBlock")?;
    skip(r, &schema::T_SYSTEMINFORMATIONBLOCKTYPE1).ctx("sourceSystemInformationBlockType1")?;
    skip(r, &schema::T_SYSTEMINFORMATIONBLOCKTYPE2).ctx("sourceSystemInformationBlockType2")?;
    skip(r, &schema::T_ANTENNAINFOCOMMON).ctx("antennaInfoCommon")?;
    let dl = r
        .constrained_whole(0, MAX_EARFCN)
        .ctx("sourceDl-CarrierFreq")? as u32;
    if ext {
        skip_extensions(r)?;
    }
    Ok((c_rnti, dl))
}

fn as_context(r: &mut PerReader<'_>) -> DecodeResult<Option<u16>> {
    // AS-Context ::= SEQUENCE { reestablishmentInfo ReestablishmentInfo OPTIONAL }
    let (_, bm) = r.sequence_preamble(false, 1)?;
    if !PerReader::present(bm, 1, 0) {
        return Ok(None);
    }
    // ReestablishmentInfo ::= SEQUENCE { sourcePhysCellId, targetCellShortMAC-I BIT STRING (16),
    // additionalReestabInfoList OPTIONAL, ... }. The rest is stepped over because the
    // nonCriticalExtension chain follows; the list holds key-eNodeB-Star values, never exposed.
    let p = |e: crate::DecodeError| e.in_field("reestablishmentInfo");
    let (ext, bm) = r.sequence_preamble(true, 1).map_err(p)?;
    let pci = r
        .constrained_whole(0, 503)
        .ctx("sourcePhysCellId")
        .map_err(p)? as u16;
    r.bit_string_fixed_u64(16)
        .ctx("targetCellShortMAC-I")
        .map_err(p)?;
    if PerReader::present(bm, 1, 0) {
        skip(r, &schema::T_ADDITIONALREESTABINFOLIST)
            .ctx("additionalReestabInfoList")
            .map_err(p)?;
    }
    if ext {
        skip_extensions(r).map_err(p)?;
    }
    Ok(Some(pci))
}

/// Follows nonCriticalExtension v920 -> v9d0 -> v9e0 to as-Config-v9e0.sourceDl-CarrierFreq-v9e0.
fn preparation_v920(r: &mut PerReader<'_>) -> DecodeResult<Option<u32>> {
    // HandoverPreparationInformation-v920-IEs ::= SEQUENCE { ue-ConfigRelease-r9 ENUMERATED
    // (8 values, ...) OPTIONAL, nonCriticalExtension OPTIONAL }
    let (_, bm) = r.sequence_preamble(false, 2)?;
    if PerReader::present(bm, 2, 0) {
        r.enumerated(8, true).ctx("ue-ConfigRelease-r9")?;
    }
    if !PerReader::present(bm, 2, 1) {
        return Ok(None);
    }
    let v9d0 = |r: &mut PerReader<'_>| -> DecodeResult<Option<u32>> {
        // -v9d0-IEs ::= SEQUENCE { lateNonCriticalExtension OCTET STRING OPTIONAL,
        // nonCriticalExtension OPTIONAL }
        let (_, bm) = r.sequence_preamble(false, 2)?;
        if PerReader::present(bm, 2, 0) {
            r.octet_string(SizeConstraint::unconstrained())
                .ctx("lateNonCriticalExtension")?;
        }
        if !PerReader::present(bm, 2, 1) {
            return Ok(None);
        }
        let v9e0 = |r: &mut PerReader<'_>| -> DecodeResult<Option<u32>> {
            // -v9e0-IEs ::= SEQUENCE { as-Config-v9e0 OPTIONAL, nonCriticalExtension OPTIONAL }
            // AS-Config-v9e0 ::= SEQUENCE { sourceDl-CarrierFreq-v9e0 (maxEARFCN+1..maxEARFCN2) }
            let (_, bm) = r.sequence_preamble(false, 2)?;
            if !PerReader::present(bm, 2, 0) {
                return Ok(None);
            }
            let v = r
                .constrained_whole(MAX_EARFCN + 1, MAX_EARFCN2)
                .ctx("sourceDl-CarrierFreq-v9e0")
                .ctx("as-Config-v9e0")?;
            Ok(Some(v as u32))
        };
        v9e0(r).ctx("nonCriticalExtension")
    };
    v9d0(r).ctx("nonCriticalExtension")
}
