//! Builds a GTPv2-C Forward Relocation Request (TS 29.274 clause 7.3.1) that carries an EPS MM
//! Context (clause 8.38: KASME, NH and NCC, the NAS algorithms and COUNTs), encodes it, and reads
//! the MM Context back from the octets.
//!
//! `cargo run -p keyhop-codec --example gtpv2_forward_relocation`

use keyhop_codec::gtpv2::{
    self, Ambr, FTeid, Gtpv2Message, Ie, IeValue, MessageType, MmContext, MmContextForm, Tbcd,
};
use keyhop_codec::security::{kdf, Key256};
use std::net::Ipv4Addr;

/// F-TEID interface type of the S10 MME GTP-C interface (TS 29.274 Table 8.22-1).
const S10_MME_GTPC: u8 = 12;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The source MME's keys for the UE: KASME, the KeNB in use and the next NH (TS 33.401 A.4).
    let kasme = Key256::new([0x42; 32]);
    let kenb = kdf::kenb(&kasme, 0);
    let nh = kdf::nh(&kasme, &kenb);

    // EPS Security Context and Quadruplets: the form an MME sends to an MME over S10.
    let mut mm = MmContext::empty(MmContextForm::EpsSecurityContextQuadruplets);
    mm.ksi = 1;
    mm.nas_integrity_algorithm = 2; // 128-EIA2
    mm.nas_ciphering_algorithm = 2; // 128-EEA2
    mm.nas_uplink_count = Some(5);
    mm.nas_downlink_count = Some(7);
    mm.kasme = Some(kasme.to_key_material());
    mm.nh = Some(nh.to_key_material());
    mm.ncc = 1;
    mm.subscribed_ue_ambr = Some(Ambr {
        uplink: 50_000,
        downlink: 100_000,
    });
    mm.used_ue_ambr = mm.subscribed_ue_ambr;

    let mut msg = Gtpv2Message::new(MessageType::ForwardRelocationRequest, 0x000123);
    msg.teid = Some(0);
    msg.ies = vec![
        Ie::new(IeValue::Imsi(Tbcd("001010123456789".into()))),
        Ie::new(IeValue::FTeid(FTeid {
            interface_type: S10_MME_GTPC,
            teid: 0x0a00_0001,
            ipv4: Some(Ipv4Addr::new(10, 0, 0, 1)),
            ipv6: None,
        })),
        Ie::new(IeValue::MmContext(Box::new(mm))),
    ];
    let bytes = gtpv2::encode(&msg)?;
    println!("{} octets: {}", bytes.len(), msg.message_name());

    // Decoding gives the same message and the same octets back.
    let back = gtpv2::decode(&bytes)?;
    assert_eq!(gtpv2::encode(&back)?, bytes);
    let mm = back.mm_context().expect("the MM Context IE");
    assert_eq!(mm.ncc, 1);
    assert_eq!(mm.nh.as_ref().map(|k| k.expose()), Some(&nh.expose()[..]));
    // JSON as docs/json.md names the fields; key material shows as a fingerprint.
    println!("{}", serde_json::to_string_pretty(&back)?);
    Ok(())
}
