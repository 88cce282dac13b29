//! The NAS-PDUs carried in a capture's S1AP messages, for the NAS tests (json_round_trip,
//! nas_pycrate).
#![allow(dead_code)]

use keyhop::capture::{AppProto, CaptureReader};
use std::path::Path;

/// A NAS-PDU of a capture: where (`<capture> frame <n>`), its item in the S1AP message, its
/// octets, the direction its S1AP message gives it, and that message's octets.
pub struct NasPdu {
    /// Where: capture, frame and payload.
    pub at: String,
    /// The IE or container that carried it.
    pub item: String,
    /// The NAS-PDU.
    pub bytes: Vec<u8>,
    /// Its direction, from the S1AP message.
    pub uplink: Option<bool>,
    /// The S1AP message.
    pub s1ap: Vec<u8>,
}

/// The NAS-PDUs of a capture's S1AP messages with the direction their message gives them.
pub fn nas_pdus(capture: &Path) -> Vec<NasPdu> {
    use keyhop::analysis::nas_view;
    let name = capture.display().to_string();
    let mut out = Vec::new();
    let mut r = CaptureReader::open(capture).unwrap_or_else(|e| panic!("{name}: {e}"));
    while let Some(frame) = r.next_frame() {
        let Ok(frame) = frame else { break };
        for (k, p) in frame.payloads().enumerate() {
            if p.app != AppProto::S1ap {
                continue;
            }
            let Ok(pdu) = keyhop_codec::s1ap::decode(p.data) else {
                continue;
            };
            let up = nas_view::uplink(&pdu);
            for (item, b) in nas_view::nas_pdus(&pdu) {
                out.push(NasPdu {
                    at: format!("{name} frame {} payload {k}", frame.number),
                    item,
                    bytes: b.to_vec(),
                    uplink: up,
                    s1ap: p.data.to_vec(),
                });
            }
        }
    }
    out
}
