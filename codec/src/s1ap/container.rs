//! The RRC inside S1AP's transparent containers (TS 36.413 9.2.1.56 and 9.2.1.57). The source
//! eNB's container travels unchanged through the MMEs and, on an inter-MME or inter-RAT
//! handover, inside GTP Forward Relocation messages (GTPv2 F-Container of container type 3,
//! TS 29.274 8.48; GTPv1 UTRAN Transparent Container, TS 29.060 7.7.38), so every protocol
//! that carries one reads its RRC here.

use crate::error::{Context, DecodeResult, Protocol};
use crate::per::{PerReader, SizeConstraint};
use std::borrow::Cow;

/// Which transparent container: they differ in the optional components of their SEQUENCE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transparent {
    /// Source eNB to Target eNB Transparent Container (TS 36.413 clause 9.2.1.7): what the source
    /// eNB tells the target, its rRC-Container an RRC HandoverPreparationInformation (three
    /// optional components follow it).
    SourceToTarget,
    /// Target eNB to Source eNB Transparent Container (TS 36.413 clause 9.2.1.8): the target's
    /// answer, its rRC-Container an RRC HandoverCommand for the UE (one optional component).
    TargetToSource,
}

impl Transparent {
    fn optionals(self) -> u32 {
        match self {
            Transparent::SourceToTarget => 3,
            Transparent::TargetToSource => 1,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Transparent::SourceToTarget => "SourceeNB-ToTargeteNB-TransparentContainer",
            Transparent::TargetToSource => "TargeteNB-ToSourceeNB-TransparentContainer",
        }
    }
}

/// The `rRC-Container` of a transparent container (ALIGNED PER: `SEQUENCE { rRC-Container
/// OCTET STRING, ... }`, extensible), its first component. Errors name S1AP, the container
/// and the bit offset.
///
/// ```
/// use keyhop_codec::s1ap::{rrc_of_transparent, Transparent};
/// // Extension bit and the three optional bits clear, then a 2-octet rRC-Container (the rest
/// // of the container is not read).
/// let c = [0x00, 0x02, 0xab, 0xcd, 0x55];
/// assert_eq!(&*rrc_of_transparent(&c, Transparent::SourceToTarget)?, &[0xab, 0xcd]);
/// assert!(rrc_of_transparent(&[0x00, 0x09, 0xab], Transparent::TargetToSource).is_err());
/// # Ok::<(), keyhop_codec::DecodeError>(())
/// ```
pub fn rrc_of_transparent(b: &[u8], which: Transparent) -> DecodeResult<Cow<'_, [u8]>> {
    let mut r = PerReader::new(b, Protocol::S1ap);
    r.sequence_preamble(true, which.optionals())
        .ctx(which.name())?;
    r.octet_string(SizeConstraint::unconstrained())
        .ctx("rRC-Container")
        .ctx(which.name())
}
