//! The cells a handover names in its RRC containers (TS 36.331), shown under S1AP/X2AP
//! handover messages: the source cell's EARFCN-DL and PCI from HandoverPreparationInformation,
//! the target's PCI and EARFCN-DL from the HandoverCommand. The KeNB* of TS 33.401 A.5 is
//! derived from the target's, so a reader checking a key needs them in view.

use crate::decoded::Decoded;
use keyhop_codec::x2ap::{id as x2id, X2apIe};
use serde::Serialize;

/// Cells named by the RRC inside a handover message's transparent containers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RrcCells {
    /// Source cell's physical cell identity (as-Context reestablishmentInfo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_pci: Option<u16>,
    /// Source cell's EARFCN-DL (as-Config sourceDl-CarrierFreq, or its v9e0 extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_dl_earfcn: Option<u32>,
    /// Target cell's physical cell identity (mobilityControlInfo targetPhysCellId).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_pci: Option<u16>,
    /// Target cell's EARFCN-DL (mobilityControlInfo carrierFreq; absent for an
    /// intra-frequency handover, whose target is on the source's frequency).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_dl_earfcn: Option<u32>,
}

impl RrcCells {
    fn is_empty(&self) -> bool {
        *self == RrcCells::default()
    }

    fn source(&mut self, hpi: &[u8]) {
        if let Ok(s) = keyhop_codec::rrc::handover_preparation_source(hpi) {
            self.source_pci = s.pci;
            self.source_dl_earfcn = s.dl_earfcn;
        }
    }

    fn target(&mut self, hc: &[u8]) {
        if let Ok(t) = keyhop_codec::rrc::handover_command_target(hc) {
            self.target_pci = Some(t.pci);
            self.target_dl_earfcn = t.dl_earfcn;
        }
    }
}

/// The cells of a decoded message, if it carries RRC that names any.
pub fn cells(d: &Decoded<'_>) -> Option<RrcCells> {
    let mut c = RrcCells::default();
    match d {
        Decoded::S1ap(p) => {
            // Source-ToTarget: SourceeNB-ToTargeteNB-TransparentContainer (3 optionals);
            // Target-ToSource: TargeteNB-ToSourceeNB-TransparentContainer (1 optional).
            if let Some(rrc) = p
                .source_to_target_container()
                .and_then(|b| crate::validate::extract::rrc_of_transparent(b, 3))
            {
                c.source(&rrc);
            }
            if let Some(rrc) = p
                .target_to_source_container()
                .and_then(|b| crate::validate::extract::rrc_of_transparent(b, 1))
            {
                c.target(&rrc);
            }
        }
        Decoded::X2ap(p) => {
            let ies = p.ies()?;
            if let Some(X2apIe::UeContextInformation(ctx)) = ies.get(x2id::UE_CONTEXT_INFORMATION) {
                c.source(ctx.rrc_context.as_bytes());
            }
            // X2AP's container is the RRC HandoverCommand itself (TS 36.423).
            if let Some(X2apIe::TargetEnbToSourceEnbTransparentContainer(t)) =
                ies.get(x2id::TARGET_TO_SOURCE_CONTAINER)
            {
                c.target(t.as_bytes());
            }
        }
        _ => return None,
    }
    (!c.is_empty()).then_some(c)
}
