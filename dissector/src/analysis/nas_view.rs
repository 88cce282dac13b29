//! The NAS messages an S1AP message carries, read without keys (`nas` in JSON, the names in
//! brackets on the summary line): the NAS-PDU IE and the NAS-PDUs of InitialContextSetupRequest's
//! E-RAB items (the Attach Accept). The S1AP message keeps them as octets; this is a view.

use crate::decoded::Decoded;
use keyhop_codec::ap::PduType;
use keyhop_codec::nas::msg::NasView;
use keyhop_codec::s1ap::{Procedure, S1apIe, S1apPdu};
use serde::ser::Serializer;
use serde::Serialize;
use std::io::{self, Write};

const S1_NAS_PDU: u16 = 26;
const S1_E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ: u16 = 24;

/// One NAS-PDU of a message: where it is (`nas_pdu`,
/// `e_rab_to_be_setup_list_ctxt_su_req[0].nas_pdu`) and its octets.
pub fn nas_pdus<'p>(p: &'p S1apPdu<'_>) -> Vec<(String, &'p [u8])> {
    let mut v = Vec::new();
    let Some(ies) = p.ies() else { return v };
    if let Some(S1apIe::NasPdu(o)) = ies.get(S1_NAS_PDU) {
        v.push(("nas_pdu".to_string(), o.as_bytes()));
    }
    if let Some(S1apIe::ERabToBeSetupListCtxtSuReq(l)) =
        ies.get(S1_E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ)
    {
        for (i, it) in l.values().enumerate() {
            if let Some(n) = &it.nas_pdu {
                v.push((
                    format!("e_rab_to_be_setup_list_ctxt_su_req[{i}].nas_pdu"),
                    n.as_bytes(),
                ));
            }
        }
    }
    v
}

/// The direction of the NAS an S1AP message carries, by its procedure and PDU type:
/// `Some(true)` uplink.
pub fn uplink(p: &S1apPdu<'_>) -> Option<bool> {
    use PduType::*;
    use Procedure::*;
    match (p.procedure(), p.pdu_type?) {
        (InitialUeMessage | UplinkNasTransport | RerouteNasRequest, InitiatingMessage) => {
            Some(true)
        }
        (
            DownlinkNasTransport
            | InitialContextSetup
            | NasNonDeliveryIndication
            | ERabSetup
            | ERabModify
            | ERabRelease
            | HandoverResourceAllocation,
            InitiatingMessage,
        )
        | (PathSwitchRequest, SuccessfulOutcome) => Some(false),
        _ => None,
    }
}

/// The NAS views of a message (`nas` in JSON).
#[derive(Debug, Clone)]
pub struct NasViews(pub Vec<(String, NasView)>);

impl Serialize for NasViews {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// `item` first, then the view's fields.
        #[derive(Serialize)]
        struct Item<'r> {
            item: &'r str,
            #[serde(flatten)]
            view: &'r NasView,
        }
        s.collect_seq(self.0.iter().map(|(item, view)| Item { item, view }))
    }
}

/// The views of `d`'s NAS-PDUs, if it carries any.
pub fn views(d: &Decoded<'_>) -> Option<NasViews> {
    let Decoded::S1ap(p) = d else { return None };
    let pdus = nas_pdus(p);
    if pdus.is_empty() {
        return None;
    }
    let up = uplink(p);
    Some(NasViews(
        pdus.into_iter()
            .map(|(i, b)| (i, NasView::of(b, up)))
            .collect(),
    ))
}

/// ` [Security Mode Command]` (several NAS-PDUs or an ESM container: names joined by `, `), or
/// nothing when `p` carries no NAS.
pub fn write_names<W: Write + ?Sized>(p: &S1apPdu<'_>, out: &mut W) -> io::Result<()> {
    let pdus = nas_pdus(p);
    if pdus.is_empty() {
        return Ok(());
    }
    let up = uplink(p);
    out.write_all(b" [")?;
    let mut first = true;
    for (_, b) in pdus {
        for n in NasView::of(b, up).names() {
            if !first {
                out.write_all(b", ")?;
            }
            first = false;
            out.write_all(n.as_bytes())?;
        }
    }
    out.write_all(b"]")
}
