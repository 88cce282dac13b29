//! Reads the handover messages of a capture with the codec: the capture layer reassembles SCTP
//! and hands over each S1AP/X2AP payload, `s1ap::decode` / `x2ap::decode` type it, and the
//! Security Context of each S1AP HandoverRequest and PathSwitchRequestAcknowledge is read.
//!
//! `cargo run -p keyhop --example handover_pcap [CAPTURE]` (default samples/s1-handover.pcapng)

use keyhop::capture::{AppProto, CaptureReader};
use keyhop_codec::s1ap::{self, Procedure};
use keyhop_codec::x2ap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../samples/s1-handover.pcapng").to_string()
    });
    let mut reader = CaptureReader::open(&path)?;
    let mut handovers = 0;
    while let Some(frame) = reader.next_frame() {
        let frame = frame?;
        for p in frame.payloads() {
            match p.app {
                AppProto::S1ap => {
                    let pdu = s1ap::decode(p.data)?;
                    let handover = matches!(
                        pdu.procedure(),
                        Procedure::HandoverPreparation
                            | Procedure::HandoverResourceAllocation
                            | Procedure::HandoverNotification
                            | Procedure::PathSwitchRequest
                    );
                    if !handover {
                        continue;
                    }
                    handovers += 1;
                    print!("frame {} S1AP {}", frame.number, s1ap::summary(&pdu));
                    // NCC and NH reach the target eNB in a HandoverRequest or the source in a
                    // PathSwitchRequestAcknowledge; the NH prints as a fingerprint.
                    if let Some(sc) = pdu.security_context() {
                        print!(
                            " NCC={} NH={}",
                            sc.next_hop_chaining_count.0, sc.next_hop_parameter.0
                        );
                    }
                    println!();
                }
                AppProto::X2ap => {
                    let pdu = x2ap::decode(p.data)?;
                    handovers += 1;
                    println!("frame {} X2AP {}", frame.number, x2ap::summary(&pdu));
                }
                _ => {}
            }
        }
    }
    println!("{handovers} handover messages in {path}");
    Ok(())
}
