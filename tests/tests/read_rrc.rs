//! `keyhop read` shows the cells a handover's RRC names (docs/json.md, `rrc`), the inputs of the
//! KeNB* derivation, on the X2 sample whose generator chose them, and inside the GTP Forward
//! Relocation messages that carry S1AP's transparent containers.

use keyhop_tests::{keyhop, sample, stdout};
use serde_json::Value;

/// `keyhop read --format jsonl` of sample `name` (the run must succeed), one value a record.
fn records(name: &str) -> Vec<Value> {
    let cap = sample(name);
    let o = keyhop(&["read", "--format", "jsonl", cap.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn x2_handover_shows_source_and_target_cells() {
    let recs = records("x2-handover.pcapng");
    let by_frame = |f: u64| recs.iter().find(|r| r["frame"] == f).unwrap();
    // samples/README.md: enb-alpha (PCI 11) hands over to enb-bravo (PCI 22), both on EARFCN-DL 1300,
    // so the HandoverCommand leaves carrierFreq out (intra-frequency).
    let req = by_frame(52);
    assert_eq!(req["message"], "HandoverRequest");
    assert_eq!(req["rrc"]["source_pci"], 11);
    assert_eq!(req["rrc"]["source_dl_earfcn"], 1300);
    let ack = by_frame(53);
    assert_eq!(ack["message"], "HandoverRequestAcknowledge");
    assert_eq!(ack["rrc"]["target_pci"], 22);
    assert!(ack["rrc"].get("target_dl_earfcn").is_none());
    // Messages without RRC carry no `rrc` key.
    assert!(recs
        .iter()
        .filter(|r| r["message"] == "SNStatusTransfer")
        .all(|r| r.get("rrc").is_none()));
}

#[test]
fn gtp_forward_relocation_shows_the_cells_of_its_container() {
    // samples/s10-inter-mme-handover.pcapng: the source MME's Forward Relocation Request (frame
    // 10) carries the source eNB's container (HandoverPreparationInformation: EARFCN-DL 1300,
    // no reestablishmentInfo), the target MME's Response (frame 13) the target's HandoverCommand
    // (PCI 301, EARFCN-DL 1300), as tshark reads them too (tests/tshark_rrc.rs).
    let recs = records("s10-inter-mme-handover.pcapng");
    let by_frame = |f: u64| recs.iter().find(|r| r["frame"] == f).unwrap();
    let req = by_frame(10);
    assert_eq!(req["message"], "ForwardRelocationRequest");
    assert_eq!(req["rrc"]["source_dl_earfcn"], 1300);
    assert!(req["rrc"].get("target_pci").is_none());
    let resp = by_frame(13);
    assert_eq!(resp["message"], "ForwardRelocationResponse");
    assert_eq!(resp["rrc"]["target_pci"], 301);
    assert_eq!(resp["rrc"]["target_dl_earfcn"], 1300);
}
