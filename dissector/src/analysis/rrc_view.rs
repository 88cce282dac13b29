//! The cells a handover names in its RRC containers (TS 36.331), shown under S1AP/X2AP
//! handover messages and the GTP Forward Relocation messages that carry S1AP's transparent
//! containers between MMEs (or an SGSN and an MME): the source cell's EARFCN-DL and PCI from
//! HandoverPreparationInformation, the target's PCI and EARFCN-DL from the HandoverCommand.
//! The KeNB* of TS 33.401 A.5 is derived from the target's, so a reader checking a key needs
//! them in view.

use crate::decoded::Decoded;
use keyhop_codec::s1ap::{rrc_of_transparent, Transparent};
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

    /// An S1AP transparent container: Source-ToTarget holds the source's
    /// HandoverPreparationInformation, Target-ToSource the target's HandoverCommand.
    fn transparent(&mut self, container: &[u8], which: Transparent) {
        if let Ok(rrc) = rrc_of_transparent(container, which) {
            match which {
                Transparent::SourceToTarget => self.source(&rrc),
                Transparent::TargetToSource => self.target(&rrc),
            }
        }
    }
}

/// The S1AP container a GTP relocation message carries: a request the source's, a response
/// the target's.
fn gtp_direction(request: bool) -> Transparent {
    if request {
        Transparent::SourceToTarget
    } else {
        Transparent::TargetToSource
    }
}

/// The cells of a decoded message, if it carries RRC that names any.
pub fn cells(d: &Decoded<'_>) -> Option<RrcCells> {
    let mut c = RrcCells::default();
    match d {
        Decoded::S1ap(p) => {
            // Source-ToTarget: SourceeNB-ToTargeteNB-TransparentContainer (3 optionals);
            // Target-ToSource: TargeteNB-ToSourceeNB-TransparentContainer (1 optional).
            if let Some(b) = p.source_to_target_container() {
                c.transparent(b, Transparent::SourceToTarget);
            }
            if let Some(b) = p.target_to_source_container() {
                c.transparent(b, Transparent::TargetToSource);
            }
        }
        Decoded::X2ap(p) => {
            let ies = p.ies()?;
            if let Some(X2apIe::UeContextInformation(ctx)) = ies.get(x2id::UE_CONTEXT_INFORMATION) {
                c.source(ctx.rrc_context.as_bytes());
            }
            // X2AP's container is the RRC HandoverCommand itself (TS 36.423).
            if let Some(X2apIe::TargetEnbToSourceEnbTransparentContainer(t)) =
                ies.get(x2id::TARGET_ENB_TO_SOURCE_ENB_TRANSPARENT_CONTAINER)
            {
                c.target(t.as_bytes());
            }
        }
        Decoded::Gtpv2(m) => {
            use keyhop_codec::gtpv2::MessageType as T;
            let request = match m.message_type {
                T::ForwardRelocationRequest => true,
                T::ForwardRelocationResponse => false,
                _ => return None,
            };
            // F-Container instance 0 of container type 3: the E-UTRAN transparent container,
            // S1AP's own (TS 29.274 8.48); types 1 and 2 hold RANAP / BSSGP containers.
            let f = m.f_container(0).filter(|f| f.container_type() == 3)?;
            c.transparent(f.container.as_bytes(), gtp_direction(request));
        }
        Decoded::Gtpv1(m, _) => {
            use keyhop_codec::gtpv1::{Ie, MessageType as T};
            let request = match m.message_type() {
                T::ForwardRelocationRequest => true,
                T::ForwardRelocationResponse => false,
                _ => return None,
            };
            // The UTRAN Transparent Container (TS 29.060 7.7.38) of a handover to or from
            // E-UTRAN holds S1AP's container; toward UTRAN a RANAP one, which does not read
            // as S1AP's and shows nothing.
            let b = m.ies.iter().find_map(|ie| match ie {
                Ie::UtranTransparentContainer(o) => Some(o.as_bytes()),
                _ => None,
            })?;
            c.transparent(b, gtp_direction(request));
        }
    }
    (!c.is_empty()).then_some(c)
}
