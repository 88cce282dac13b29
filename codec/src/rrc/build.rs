//! Minimal UNALIGNED PER encoders of the RRC a handover carries (TS 36.331), for sample
//! captures and tests.
//!
//! [`handover_preparation_information`] writes what a source eNB puts in the S1AP
//! Source-ToTarget container / X2AP RRC-Context: a small UE-EUTRA-Capability, an as-Config
//! naming the source cell (C-RNTI, MIB, SIB1 with PLMN / TAC / cell identity, the source
//! downlink EARFCN) and an as-Context whose reestablishmentInfo holds the source PCI.
//! [`handover_command`] writes what a target eNB returns: a HandoverCommand around a
//! DL-DCCH RRCConnectionReconfiguration whose mobilityControlInfo names the target PCI,
//! optionally its carrier, T304, the new C-RNTI and a radioResourceConfigCommon, with
//! securityConfigHO carrying the NCC.
//!
//! Components whose content nothing reads here (sourceMeasConfig, SIB2,
//! radioResourceConfigCommon...) get the smallest valid value of their type: every OPTIONAL
//! component absent, the first CHOICE alternative, the lower bound of every INTEGER and SIZE.
//! The decoders of this module ([`super::handover_command_target`],
//! [`super::handover_preparation_source`]) read back the PCI and EARFCN.

use super::schema;
use super::skip::Ty;
use crate::error::{EncodeResult, Protocol};
use crate::per::{Index, IntConstraint, PerWriter, SizeConstraint};

/// The largest EARFCN these encoders write (maxEARFCN: the -v9e0 extensions are not written).
pub const MAX_EARFCN: u32 = 65535;

/// What a HandoverPreparationInformation says about the source cell and the UE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceConfig {
    /// Source cell PCI (as-Context.reestablishmentInfo.sourcePhysCellId), 0..=503.
    pub pci: u16,
    /// Source cell downlink EARFCN (as-Config.sourceDl-CarrierFreq), up to [`MAX_EARFCN`].
    pub earfcn_dl: u32,
    /// The UE's C-RNTI in the source cell (as-Config.sourceUE-Identity).
    pub c_rnti: u16,
    /// PLMN of the source cell's SIB1: MCC and MNC digits (2 or 3 MNC digits).
    pub mcc: [u8; 3],
    /// MNC digits.
    pub mnc: Vec<u8>,
    /// SIB1 trackingAreaCode.
    pub tac: u16,
    /// SIB1 cellIdentity (28 bits).
    pub cell_identity: u32,
    /// E-UTRA band of the cell (SIB1 freqBandIndicator and the UE capability), 1..=64.
    pub band: u8,
    /// targetCellShortMAC-I of the reestablishment info.
    pub short_mac_i: u16,
}

/// What a HandoverCommand tells the UE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetConfig {
    /// targetPhysCellId, 0..=503.
    pub pci: u16,
    /// carrierFreq.dl-CarrierFreq; `None` for an intra-frequency handover (no carrierFreq).
    pub earfcn_dl: Option<u32>,
    /// carrierFreq.ul-CarrierFreq, written only with `earfcn_dl`.
    pub earfcn_ul: Option<u32>,
    /// newUE-Identity: the C-RNTI in the target cell.
    pub new_c_rnti: u16,
    /// rrc-TransactionIdentifier, 0..=3.
    pub transaction_id: u8,
    /// securityConfigHO intraLTE nextHopChainingCount (0..=7); keyChangeIndicator is false.
    pub ncc: u8,
}

/// Writes the smallest valid value of `ty` (see the module documentation).
fn minimal(w: &mut PerWriter, ty: &Ty) -> EncodeResult<()> {
    match *ty {
        Ty::Int(lb, ub, ext) => w.integer(lb, IntConstraint::Constrained { lb, ub, ext })?,
        Ty::IntSemi(lb) => w.integer(lb, IntConstraint::SemiConstrained { lb })?,
        Ty::IntUnconstrained => w.integer(0, IntConstraint::Unconstrained)?,
        Ty::Enum(n, ext) => w.enumerated(Index::Root(0), n, ext)?,
        Ty::Bool => w.write_bool(false),
        Ty::Null => {}
        Ty::Bits(size) => w.bit_string(&vec![0; size.lb.div_ceil(8)], size.lb, size)?,
        Ty::Octets(size) => w.octet_string(&vec![0; size.lb], size)?,
        Ty::SeqOf(size, item) => {
            w.sequence_of_len(size.lb, size)?;
            for _ in 0..size.lb {
                minimal(w, item)?;
            }
        }
        Ty::Seq(ext, fields) => {
            let optionals: Vec<bool> = fields.iter().filter(|f| f.1).map(|_| false).collect();
            w.sequence_preamble(ext, false, &optionals);
            for &(_, opt, t) in fields {
                if !opt {
                    minimal(w, t)?;
                }
            }
        }
        Ty::Choice(ext, alts) => {
            w.choice(Index::Root(0), alts.len() as u32, ext)?;
            if let Some(&(_, t)) = alts.first() {
                minimal(w, t)?;
            }
        }
    }
    Ok(())
}

/// `criticalExtensions c1 <first alternative>`: the r8 IEs follow.
fn critical_extensions_r8(w: &mut PerWriter) -> EncodeResult<()> {
    w.choice(Index::Root(0), 2, false)?;
    w.choice(Index::Root(0), 8, false)
}

fn check_earfcn(w: &PerWriter, v: u32) -> EncodeResult<i64> {
    if v > MAX_EARFCN {
        return Err(w.error("EARFCN above 65535 needs the -v9e0 extensions, not written here"));
    }
    Ok(v as i64)
}

/// A UE-EUTRA-Capability (UPER octets) of a category 4 Rel-8 UE supporting `bands`, full
/// duplex, no inter-RAT: the content of a ueCapabilityRAT-Container of rat-Type eutra.
pub fn ue_eutra_capability(bands: &[u8]) -> EncodeResult<Vec<u8>> {
    let mut w = PerWriter::new_unaligned(Protocol::Rrc);
    // UE-EUTRA-Capability: OPTIONAL featureGroupIndicators, nonCriticalExtension.
    w.sequence_preamble(false, false, &[true, false]);
    w.enumerated(Index::Root(0), 8, true)?; // accessStratumRelease rel8
    w.constrained_whole(4, 1, 5)?; // ue-Category
                                   // pdcp-Parameters: extensible, maxNumberROHC-ContextSessions DEFAULT; no ROHC profile.
    w.sequence_preamble(true, false, &[false]);
    for _ in 0..9 {
        w.write_bool(false);
    }
    // phyLayerParameters: ue-TxAntennaSelectionSupported, ue-SpecificRefSigsSupported.
    w.write_bool(false);
    w.write_bool(false);
    // rf-Parameters.supportedBandListEUTRA
    let bands_size = SizeConstraint::range(1, 64);
    w.sequence_of_len(bands.len(), bands_size)?;
    for &b in bands {
        w.constrained_whole(b as i64, 1, 64)?;
        w.write_bool(false); // halfDuplex
    }
    // measParameters.bandListEUTRA: per band, interFreqBandList (one entry per band).
    w.sequence_of_len(bands.len(), bands_size)?;
    for _ in bands {
        w.sequence_preamble(false, false, &[false]); // interRAT-BandList absent
        w.sequence_of_len(bands.len(), bands_size)?;
        for _ in bands {
            w.write_bool(true); // interFreqNeedForGaps
        }
    }
    // featureGroupIndicators: the usual Rel-8 set.
    w.bit_string(&[0x7f, 0x0d, 0x98, 0x80], 32, SizeConstraint::fixed(32))?;
    // interRAT-Parameters: seven OPTIONAL RATs, none.
    w.sequence_preamble(false, false, &[false; 7]);
    Ok(w.into_bytes())
}

/// Encodes a HandoverPreparationInformation (TS 36.331 10.2.2) describing `src`.
pub fn handover_preparation_information(src: &SourceConfig) -> EncodeResult<Vec<u8>> {
    let capability = ue_eutra_capability(&[src.band])?;
    let mut w = PerWriter::new_unaligned(Protocol::Rrc);
    critical_extensions_r8(&mut w)?;
    // -r8-IEs: as-Config, rrm-Config, as-Context, nonCriticalExtension.
    w.sequence_preamble(false, false, &[true, false, true, false]);
    // ue-RadioAccessCapabilityInfo: one container, rat-Type eutra.
    w.sequence_of_len(1, SizeConstraint::range(0, 8))?;
    w.enumerated(Index::Root(0), 8, true)?;
    w.octet_string(&capability, SizeConstraint::unconstrained())?;
    as_config(&mut w, src)?;
    // as-Context { reestablishmentInfo { sourcePhysCellId, targetCellShortMAC-I,
    // additionalReestabInfoList OPTIONAL, ... } }
    w.sequence_preamble(false, false, &[true]);
    w.sequence_preamble(true, false, &[false]);
    w.constrained_whole(src.pci as i64, 0, 503)?;
    w.bit_string_fixed_u64(src.short_mac_i as u64, 16)?;
    Ok(w.into_bytes())
}

fn as_config(w: &mut PerWriter, src: &SourceConfig) -> EncodeResult<()> {
    // AS-Config: extensible, no OPTIONAL root component.
    w.sequence_preamble(true, false, &[]);
    minimal(w, &schema::T_MEASCONFIG)?;
    minimal(w, &schema::T_RADIORESOURCECONFIGDEDICATED)?;
    // sourceSecurityAlgorithmConfig: eea2, eia2.
    w.enumerated(Index::Root(2), 8, true)?;
    w.enumerated(Index::Root(2), 8, true)?;
    w.bit_string_fixed_u64(src.c_rnti as u64, 16)?;
    // MasterInformationBlock: n100, phich normal / one, SFN 0x40, the 10 later bits zero.
    w.enumerated(Index::Root(5), 6, false)?;
    w.enumerated(Index::Root(0), 2, false)?;
    w.enumerated(Index::Root(2), 4, false)?;
    w.bit_string_fixed_u64(0x40, 8)?;
    w.write_bits(0, 10);
    sib1(w, src)?;
    minimal(w, &schema::T_SYSTEMINFORMATIONBLOCKTYPE2)?;
    // antennaInfoCommon: an2.
    w.enumerated(Index::Root(1), 4, false)?;
    let earfcn = check_earfcn(w, src.earfcn_dl)?;
    w.constrained_whole(earfcn, 0, MAX_EARFCN as i64)
}

fn sib1(w: &mut PerWriter, src: &SourceConfig) -> EncodeResult<()> {
    // SystemInformationBlockType1: OPTIONAL p-Max, tdd-Config, nonCriticalExtension.
    w.sequence_preamble(false, false, &[false, false, false]);
    // cellAccessRelatedInfo: OPTIONAL csg-Identity.
    w.sequence_preamble(false, false, &[false]);
    w.sequence_of_len(1, SizeConstraint::range(1, 6))?;
    // PLMN-IdentityInfo { plmn-Identity { mcc OPTIONAL, mnc }, cellReservedForOperatorUse }
    w.sequence_preamble(false, false, &[true]);
    w.sequence_of_len(3, SizeConstraint::fixed(3))?;
    for &d in &src.mcc {
        w.constrained_whole(d as i64, 0, 9)?;
    }
    w.sequence_of_len(src.mnc.len(), SizeConstraint::range(2, 3))?;
    for &d in &src.mnc {
        w.constrained_whole(d as i64, 0, 9)?;
    }
    w.enumerated(Index::Root(1), 2, false)?; // notReserved
    w.bit_string_fixed_u64(src.tac as u64, 16)?;
    w.bit_string_fixed_u64(src.cell_identity as u64, 28)?;
    w.enumerated(Index::Root(1), 2, false)?; // cellBarred notBarred
    w.enumerated(Index::Root(0), 2, false)?; // intraFreqReselection allowed
    w.write_bool(false); // csg-Indication
                         // cellSelectionInfo: q-RxLevMin -64 (-128 dBm), no offset.
    w.sequence_preamble(false, false, &[false]);
    w.constrained_whole(-64, -70, -22)?;
    w.constrained_whole(src.band as i64, 1, 64)?;
    // schedulingInfoList: SI-2 every 16 frames with SIB2 only (an empty mapping).
    w.sequence_of_len(1, SizeConstraint::range(1, 32))?;
    w.enumerated(Index::Root(1), 7, false)?;
    w.sequence_of_len(0, SizeConstraint::range(0, 31))?;
    w.enumerated(Index::Root(3), 7, false)?; // si-WindowLength ms10
    w.constrained_whole(0, 0, 31) // systemInfoValueTag
}

/// Encodes the DL-DCCH-Message RRCConnectionReconfiguration with mobilityControlInfo that a
/// HandoverCommand carries (the handoverCommandMessage).
pub fn handover_reconfiguration(t: &TargetConfig) -> EncodeResult<Vec<u8>> {
    let mut w = PerWriter::new_unaligned(Protocol::Rrc);
    // DL-DCCH-MessageType c1 rrcConnectionReconfiguration (index 4 of 16).
    w.choice(Index::Root(0), 2, false)?;
    w.choice(Index::Root(4), 16, false)?;
    w.constrained_whole((t.transaction_id & 3) as i64, 0, 3)?;
    critical_extensions_r8(&mut w)?;
    // -r8-IEs: measConfig, mobilityControlInfo, dedicatedInfoNASList,
    // radioResourceConfigDedicated, securityConfigHO, nonCriticalExtension.
    w.sequence_preamble(false, false, &[false, true, false, false, true, false]);
    // MobilityControlInfo: OPTIONAL carrierFreq, carrierBandwidth, additionalSpectrumEmission,
    // rach-ConfigDedicated; extensible.
    let freq = t.earfcn_dl.is_some();
    w.sequence_preamble(true, false, &[freq, freq, false, false]);
    w.constrained_whole(t.pci as i64, 0, 503)?;
    if let Some(dl) = t.earfcn_dl {
        let ul = t.earfcn_ul;
        w.sequence_preamble(false, false, &[ul.is_some()]);
        let dl = check_earfcn(&w, dl)?;
        w.constrained_whole(dl, 0, MAX_EARFCN as i64)?;
        if let Some(ul) = ul {
            let ul = check_earfcn(&w, ul)?;
            w.constrained_whole(ul, 0, MAX_EARFCN as i64)?;
        }
        // carrierBandwidth: dl n100, no ul-Bandwidth.
        w.sequence_preamble(false, false, &[false]);
        w.enumerated(Index::Root(5), 16, false)?;
    }
    w.enumerated(Index::Root(5), 8, false)?; // t304 ms1000
    w.bit_string_fixed_u64(t.new_c_rnti as u64, 16)?;
    minimal(&mut w, &schema::T_RADIORESOURCECONFIGCOMMON)?;
    // SecurityConfigHO { handoverType intraLTE { securityAlgorithmConfig OPTIONAL,
    // keyChangeIndicator, nextHopChainingCount }, ... }
    w.sequence_preamble(true, false, &[]);
    w.choice(Index::Root(0), 2, false)?;
    w.sequence_preamble(false, false, &[false]);
    w.write_bool(false);
    w.constrained_whole((t.ncc & 7) as i64, 0, 7)?;
    Ok(w.into_bytes())
}

/// Encodes a HandoverCommand (TS 36.331 10.2.2) around [`handover_reconfiguration`].
pub fn handover_command(t: &TargetConfig) -> EncodeResult<Vec<u8>> {
    let msg = handover_reconfiguration(t)?;
    let mut w = PerWriter::new_unaligned(Protocol::Rrc);
    critical_extensions_r8(&mut w)?;
    w.sequence_preamble(false, false, &[false]);
    w.octet_string(&msg, SizeConstraint::unconstrained())?;
    Ok(w.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rrc::{
        handover_command_target, handover_preparation_source, reconfiguration_target,
    };

    fn source(pci: u16, earfcn_dl: u32) -> SourceConfig {
        SourceConfig {
            pci,
            earfcn_dl,
            c_rnti: 0x4601,
            mcc: [0, 0, 1],
            mnc: vec![0, 1],
            tac: 1,
            cell_identity: 0x0001_a201,
            band: 3,
            short_mac_i: 0xbeef,
        }
    }

    #[test]
    fn preparation_round_trips_source_cell() {
        for (pci, earfcn) in [(0u16, 0u32), (17, 1300), (503, 65535)] {
            let b = handover_preparation_information(&source(pci, earfcn)).unwrap();
            let s = handover_preparation_source(&b).unwrap();
            assert_eq!(s.pci, Some(pci));
            assert_eq!(s.dl_earfcn, Some(earfcn));
            assert_eq!(s.c_rnti, Some(0x4601));
            assert_eq!(s.ue_capabilities.len(), 1);
            assert_eq!(s.ue_capabilities[0].rat_type, 0);
            assert_eq!(
                s.ue_capabilities[0].container,
                ue_eutra_capability(&[3]).unwrap()
            );
        }
        assert!(handover_preparation_information(&source(1, 65536)).is_err());
    }

    #[test]
    fn command_round_trips_target_cell() {
        for (pci, dl, ul) in [
            (301u16, Some(1850u32), Some(19850u32)),
            (42, Some(3050), None),
            (7, None, None),
        ] {
            let t = TargetConfig {
                pci,
                earfcn_dl: dl,
                earfcn_ul: ul,
                new_c_rnti: 0x5a17,
                transaction_id: 2,
                ncc: 3,
            };
            let cmd = handover_command(&t).unwrap();
            let got = handover_command_target(&cmd).unwrap();
            assert_eq!(got.pci, pci);
            assert_eq!(got.dl_earfcn, dl);
            assert_eq!(got.ul_earfcn, if dl.is_some() { ul } else { None });
            let inner = handover_reconfiguration(&t).unwrap();
            assert_eq!(reconfiguration_target(&inner).unwrap(), got);
        }
    }
}
