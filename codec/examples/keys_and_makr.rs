//! TS 33.401 key derivations and a MAKR key unwrap, checked against the profile's vectors
//! (codec/tests/data/key-refresh-vectors.json, `ts33401` and `wrap`).
//!
//! `cargo run -p keyhop-codec --example keys_and_makr`
//!
//! Keys print as fingerprints: their `Debug` and `Display` never show the octets.

use keyhop_codec::security::kdf::{self, EarfcnEncoding};
use keyhop_codec::security::makr::unwrap_kenb;
use keyhop_codec::security::{Key256, WrapAlgorithm, WrapBinding};

fn octets<const N: usize>(hex: &str) -> [u8; N] {
    hex::decode(hex).expect("hex").try_into().expect("length")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // KASME -> KeNB for the uplink NAS COUNT of the Security Mode Command (A.3).
    let kasme = Key256::new(octets(
        "6f27e4a65ae4cb7c1e9b0d9b7c7f3a2b9e0a8b1c2d3e4f5061728394a5b6c7d8",
    ));
    let kenb = kdf::kenb(&kasme, 0);
    // NH: the first from KASME and the initial KeNB, then each from the one before (A.4).
    let nh1 = kdf::nh(&kasme, &kenb);
    assert_eq!(nh1, kdf::nh_chain(&kasme, &kenb, 1));
    // KeNB* for a target cell: PCI 101, EARFCN-DL 1575, from NH (vertical derivation, A.5).
    let kenb_star = kdf::kenb_star(&nh1, 101, 1575, EarfcnEncoding::ByValue)?;
    assert_eq!(
        kenb_star,
        Key256::new(octets(
            "10f46010baff77576b174c61c4baa1607bbd3ff5fafec165c8eb105d35f38901"
        ))
    );
    println!(
        "KASME {kasme:?}\nKeNB {kenb:?}\nNH(1) {nh1:?}\nKeNB*(PCI 101, EARFCN 1575) {kenb_star:?}"
    );

    // MAKR (key-refresh.md section 5): the target eNB unwraps the KeNB the MME wrapped under the
    // MME-eNB key (KEK), bound to its identity, the UE and the refresh counter.
    let kek = hex::decode("8f1e2d3c4b5a69788796a5b4c3d2e1f0")?;
    let wrapped = hex::decode(concat!(
        "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf183b59afa07ab9fb700a923546b494c27453595111b43b05",
        "2a1ec81f78ac117bf1e000001faa58470fad97e11fd4a0ab",
    ))?;
    let binding = WrapBinding {
        target_ident: octets("00f110000001a2b3"),
        mme_ue_s1ap_id: 4660,
        refresh_counter: 7,
    };
    let kenb = unwrap_kenb(WrapAlgorithm::AesCtrCmac, &kek, &wrapped, &binding)?;
    assert_eq!(
        kenb,
        Key256::new(octets(
            "922e7389bf6f7e45e3e4e847b786dc62079d0088a7e6360601425154e50c421c"
        ))
    );
    println!("unwrapped KeNB {kenb:?}");

    // The binding is checked: the same octets for another UE do not unwrap.
    let other = WrapBinding {
        mme_ue_s1ap_id: 4661,
        ..binding
    };
    let err = unwrap_kenb(WrapAlgorithm::AesCtrCmac, &kek, &wrapped, &other).unwrap_err();
    println!("for another UE: {err}");
    Ok(())
}
