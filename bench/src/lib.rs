//! The PDUs keyhop's benchmarks run on, shared by the criterion benches and the loops of `src/bin`.
//!
//! S1AP handover PDUs come from `samples/s1-handover.pcapng` (read with keyhop's own capture
//! reader) where the sample has them; the handover messages it lacks, and the X2AP ones, are
//! built with the codec's `sample_message` from a fixed seed, so every run measures the same
//! octets. The GTPv2 Forward Relocation Request and the mixed capture come from `keyhop-synth`
//! (the repository's one capture generator).
#![forbid(unsafe_code)]

use keyhop::capture::{AppProto, CaptureReader};
use keyhop_codec::ap::common::Rng;
use keyhop_codec::{gtpv2, s1ap, x2ap};
use std::path::PathBuf;

pub mod compare;

/// The S1AP handover procedures' messages (TS 36.413 8.4), in procedure order.
pub const S1AP_HANDOVER: &[&str] = &[
    "HandoverRequired",
    "HandoverCommand",
    "HandoverPreparationFailure",
    "HandoverRequest",
    "HandoverRequestAcknowledge",
    "HandoverFailure",
    "HandoverNotify",
    "PathSwitchRequest",
    "PathSwitchRequestAcknowledge",
    "HandoverCancel",
    "HandoverCancelAcknowledge",
    "ENBStatusTransfer",
    "MMEStatusTransfer",
];

pub use keyhop_synth::mixed::X2AP_HANDOVER;

/// A named PDU: message name, where it came from, its octets.
#[derive(Debug, Clone)]
pub struct NamedPdu {
    /// ASN.1 message name.
    pub name: String,
    /// `sample` (from the capture) or `built` (codec's sample_message).
    pub origin: &'static str,
    /// The encoded PDU.
    pub bytes: Vec<u8>,
}

/// The repository's `samples/` folder.
pub fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("samples")
}

/// Every S1AP PDU of a capture file, with its message name, in capture order.
fn s1ap_from_capture(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(mut r) = CaptureReader::open(path) else {
        return out;
    };
    while let Some(Ok(frame)) = r.next_frame() {
        for p in frame.payloads() {
            if p.app != AppProto::S1ap {
                continue;
            }
            if let Ok(pdu) = s1ap::decode(p.data) {
                out.push((
                    pdu.message_name::<s1ap::S1ap>().into_owned(),
                    p.data.to_vec(),
                ));
            }
        }
    }
    out
}

/// One PDU of each S1AP handover message: the sample capture's first of that name, else one
/// built from seed `0x5eed` (the same octets every run).
pub fn s1ap_handover_pdus() -> Vec<NamedPdu> {
    let captured = s1ap_from_capture(&samples_dir().join("s1-handover.pcapng"));
    let mut rng = Rng::new(0x5eed);
    S1AP_HANDOVER
        .iter()
        .filter_map(|&name| {
            if let Some((_, b)) = captured.iter().find(|(n, _)| n == name) {
                return Some(NamedPdu {
                    name: name.into(),
                    origin: "sample",
                    bytes: b.clone(),
                });
            }
            let pdu = s1ap::sample_message(name, &mut rng)?;
            Some(NamedPdu {
                name: name.into(),
                origin: "built",
                bytes: s1ap::encode(&pdu).ok()?,
            })
        })
        .collect()
}

/// One PDU of each X2AP handover message, built from seed `0x5eed`. The HandoverRequest is
/// drawn until it carries the MAKR WrappedKeNB, the key refresh case keyhop exists for.
pub fn x2ap_handover_pdus() -> Vec<NamedPdu> {
    let mut rng = Rng::new(0x5eed);
    X2AP_HANDOVER
        .iter()
        .filter_map(|&name| {
            let pdu = loop {
                let pdu = x2ap::sample_message(name, &mut rng)?;
                let wrapped = pdu.ies().is_some_and(|l| {
                    l.items
                        .iter()
                        .any(|ie| ie.id == keyhop_codec::makr::ID_WRAPPED_KENB)
                });
                if name != "HandoverRequest" || wrapped {
                    break pdu;
                }
            };
            Some(NamedPdu {
                name: name.into(),
                origin: "built",
                bytes: x2ap::encode(&pdu).ok()?,
            })
        })
        .collect()
}

/// The Forward Relocation Request the bench measures: five quadruplets (what an MME sends at
/// most), a 200-octet container. Parsed once here to prove it is what it claims.
pub fn gtpv2_forward_relocation_request() -> Vec<u8> {
    let b = keyhop_synth::mixed::forward_relocation_request(0x20, 1, 5, 200);
    let m = gtpv2::parse(&b).expect("the Forward Relocation Request parses");
    assert_eq!(m.message_name(), "ForwardRelocationRequest");
    let mm = m.mm_context().expect("it has an MM Context");
    assert!(mm.kasme.is_some() && mm.nh.is_some() && mm.quadruplets.len() == 5);
    b
}

pub use keyhop_synth::mixed::write_mixed_capture;
