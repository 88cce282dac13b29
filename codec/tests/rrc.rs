//! LTE RRC: HandoverCommand and HandoverPreparationInformation vectors encoded by pycrate
//! (tests/interop/rrc_pycrate.py), decoded by keyhop to the values they were built with.

use keyhop_codec::rrc::{
    handover_command_target, handover_preparation_source, reconfiguration_target, TargetCell,
};
use keyhop_codec::{ErrorKind, Protocol};
use proptest::prelude::*;
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("data/rrc_vectors.json")).unwrap()
}

fn opt_u32(v: &Value) -> Option<u32> {
    v.as_u64().map(|n| n as u32)
}

fn commands() -> Vec<(String, Vec<u8>, Vec<u8>, TargetCell)> {
    let v = vectors();
    v["handover_command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                hex::decode(c["hex"].as_str().unwrap()).unwrap(),
                hex::decode(c["dl_dcch_hex"].as_str().unwrap()).unwrap(),
                TargetCell {
                    pci: c["pci"].as_u64().unwrap() as u16,
                    dl_earfcn: opt_u32(&c["dl_earfcn"]),
                    ul_earfcn: opt_u32(&c["ul_earfcn"]),
                },
            )
        })
        .collect()
}

fn preparations() -> Vec<(String, Vec<u8>, Value)> {
    let v = vectors();
    v["handover_preparation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                hex::decode(c["hex"].as_str().unwrap()).unwrap(),
                c.clone(),
            )
        })
        .collect()
}

#[test]
fn handover_command_vectors() {
    let cmds = commands();
    assert_eq!(cmds.len(), 5);
    for (name, hc, dcch, want) in &cmds {
        let got = handover_command_target(hc).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&got, want, "{name}");
        // The contained DL-DCCH-Message on its own gives the same cell.
        assert_eq!(&reconfiguration_target(dcch).unwrap(), want, "{name}");
    }
    // The set covers what matters: measConfig skipped, v9e0 above 65535, intra-frequency.
    let by = |n: &str| cmds.iter().find(|c| c.0 == n).unwrap().3.clone();
    assert_eq!(by("earfcn_above_65535_v9e0").dl_earfcn, Some(66486));
    assert_eq!(by("intra_freq_no_carrier_freq").dl_earfcn, None);
    assert_eq!(by("inter_freq_with_meas_config_and_dedicated").pci, 480);
}

#[test]
fn handover_preparation_vectors() {
    let preps = preparations();
    assert_eq!(preps.len(), 4);
    for (name, b, want) in &preps {
        let got = handover_preparation_source(b).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.dl_earfcn, opt_u32(&want["dl_earfcn"]), "{name}");
        assert_eq!(got.pci, want["pci"].as_u64().map(|p| p as u16), "{name}");
        assert_eq!(
            got.c_rnti,
            want["c_rnti"].as_u64().map(|p| p as u16),
            "{name}"
        );
        let caps: Vec<(u32, String)> = got
            .ue_capabilities
            .iter()
            .map(|c| (c.rat_type, hex::encode(&c.container)))
            .collect();
        let want_caps: Vec<(u32, String)> = want["ue_capabilities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c[0].as_u64().unwrap() as u32,
                    c[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(caps, want_caps, "{name}");
    }
    let full = handover_preparation_source(&preps[0].1).unwrap();
    assert_eq!((full.dl_earfcn, full.pci), (Some(1300), Some(301)));
    let v9e0 = handover_preparation_source(&preps[1].1).unwrap();
    assert_eq!(v9e0.dl_earfcn, Some(66486));
}

#[test]
fn truncated_inputs_fail_with_offsets_inside() {
    for (name, hc, _, _) in commands() {
        for cut in 0..hc.len() {
            let e = match handover_command_target(&hc[..cut]) {
                Err(e) => e,
                // Only a cut after the last field read may still decode.
                Ok(_) => continue,
            };
            assert_eq!(e.protocol, Protocol::Rrc, "{name} cut {cut}");
            assert!(e.bit_offset <= cut as u64 * 8, "{name} cut {cut}: {e}");
            assert!(e.path().starts_with("HandoverCommand"), "{name}: {e}");
        }
    }
    for (name, b, _) in preparations() {
        let mut errors = 0;
        for cut in 0..b.len() {
            if let Err(e) = handover_preparation_source(&b[..cut]) {
                errors += 1;
                assert_eq!(e.protocol, Protocol::Rrc);
                assert!(e.bit_offset <= cut as u64 * 8, "{name} cut {cut}: {e}");
                assert!(e.path().starts_with("HandoverPreparationInformation"));
            }
        }
        assert!(errors > b.len() / 2, "{name}: {errors} errors");
    }
}

#[test]
fn truncation_inside_meas_config_names_the_path() {
    let (_, hc, _, _) = commands()
        .into_iter()
        .find(|c| c.0 == "inter_freq_with_meas_config_and_dedicated")
        .unwrap();
    // A cut HandoverCommand fails at the octet string that holds the message.
    let e = handover_command_target(&hc[..12]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(
        e.path(),
        "HandoverCommand.criticalExtensions.c1.handoverCommand-r8.handoverCommandMessage"
    );
    // The message alone, cut inside measConfig, fails there with the component path.
    let (_, _, dcch, _) = commands()
        .into_iter()
        .find(|c| c.0 == "inter_freq_with_meas_config_and_dedicated")
        .unwrap();
    let e = reconfiguration_target(&dcch[..8]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    let path = e.path();
    assert!(
        path.starts_with(
            "DL-DCCH-Message.message.c1.rrcConnectionReconfiguration.criticalExtensions.c1.\
             rrcConnectionReconfiguration-r8.measConfig."
        ),
        "{path}"
    );
    assert!(e.bit_offset > 16 && e.bit_offset <= 64, "{e}");
}

#[test]
fn not_a_handover_is_refused() {
    // An RRCConnectionReconfiguration without mobilityControlInfo: DL-DCCH c1 index 4,
    // transaction 0, c1/r8, all six presence bits clear.
    // bits: 0 (c1) 0100 (4) 00 (tid) 0 (c1) 000 (r8) 000000
    let b = [0b0010_0000, 0b0000_0000, 0];
    let e = reconfiguration_target(&b).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(e.path().ends_with("mobilityControlInfo"), "{}", e.path());
    // Another DL-DCCH message (securityModeCommand, index 6).
    let b = [0b0011_0000, 0];
    let e = reconfiguration_target(&b).unwrap_err();
    assert!(
        e.detail.contains("not an RRCConnectionReconfiguration"),
        "{e}"
    );
    assert_eq!(e.bit_offset, 5);
}

#[test]
fn bit_flips_never_panic_and_errors_stay_in_bounds() {
    let mut failures = 0;
    for (_, hc, _, _) in commands() {
        for i in 0..hc.len() * 8 {
            let mut b = hc.clone();
            b[i / 8] ^= 0x80 >> (i % 8);
            if let Err(e) = handover_command_target(&b) {
                failures += 1;
                assert_eq!(e.protocol, Protocol::Rrc);
                assert!(e.bit_offset <= b.len() as u64 * 8, "{e}");
            }
        }
    }
    for (_, b0, _) in preparations() {
        for i in 0..b0.len() * 8 {
            let mut b = b0.clone();
            b[i / 8] ^= 0x80 >> (i % 8);
            if let Err(e) = handover_preparation_source(&b) {
                failures += 1;
                assert_eq!(e.protocol, Protocol::Rrc);
                assert!(e.bit_offset <= b.len() as u64 * 8, "{e}");
            }
        }
    }
    // Constraint checks catch a good share of single-bit corruptions.
    assert!(failures > 200, "{failures}");
}

#[test]
fn flipped_pci_bit_changes_the_pci() {
    // In "inter_freq_minimal" the handoverCommandMessage starts at bit 13 (1 + 3 bits of CHOICEs,
    // 1 presence bit, 8 bits of length); targetPhysCellId follows 1+4+2+1+3+6 bits of DL-DCCH
    // header and 5 bits of MobilityControlInfo preamble: bit 13 + 22 = 35. Its top bit is 256.
    let (_, hc, _, want) = commands().into_iter().next().unwrap();
    let mut b = hc.clone();
    b[35 / 8] ^= 0x80 >> (35 % 8);
    let got = handover_command_target(&b).unwrap();
    assert_eq!(got.pci, want.pci ^ 256);
    assert_eq!(got.dl_earfcn, want.dl_earfcn);
}

proptest! {
    #[test]
    fn decoders_never_panic(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = handover_command_target(&data);
        let _ = handover_preparation_source(&data);
        let _ = reconfiguration_target(&data);
    }

    #[test]
    fn mutated_vectors_never_panic(idx in 0usize..9, pos in any::<usize>(), byte in any::<u8>()) {
        let cmds = commands();
        let preps = preparations();
        if idx < cmds.len() {
            let mut b = cmds[idx].1.clone();
            let p = pos % b.len();
            b[p] = byte;
            let _ = handover_command_target(&b);
        } else {
            let mut b = preps[idx - cmds.len()].1.clone();
            let p = pos % b.len();
            b[p] = byte;
            let _ = handover_preparation_source(&b);
        }
    }
}
