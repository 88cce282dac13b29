//! Every vector of key-refresh-vectors.json that belongs to the crypto: the `ident`, `kdf`,
//! `wrap`, `unwrap_must_fail`, `ts33401`, `eea2_eia2` and `hkey_delivery` blocks (the `aper`
//! block belongs to the APER codec). Each block's entry count is asserted, so an entry that is
//! skipped, or one added to the file without a test, fails.

use keyhop_codec::nas::{CountSource, HkeyDelivery, NasCount, NasKeys, NasPdu};
use keyhop_codec::security::eps::{eea2, eia2, Direction};
use keyhop_codec::security::kdf::{self, AlgorithmDistinguisher, EarfcnEncoding};
use keyhop_codec::security::makr::{
    derive_kenb, unwrap_aes_ctr_cmac, unwrap_aes_ecb, unwrap_aes_kw, unwrap_kenb,
    wrap_aes_ctr_cmac, wrap_aes_ecb, wrap_aes_kw, wrap_kenb,
};
use keyhop_codec::security::{
    EnbIdentity, EnbKind, KdfAlgorithm, Key128, Key256, SecretKey, SecurityError, WrapAlgorithm,
    WrapBinding,
};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/key-refresh-vectors.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn hx(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("valid hex")
}

fn ident8(v: &Value) -> [u8; 8] {
    hx(v).try_into().expect("8-octet ident")
}

fn key256(v: &Value) -> Key256 {
    Key256::from_slice("vector key", &hx(v)).unwrap()
}

fn array<'a>(v: &'a Value, block: &str, count: usize) -> &'a Vec<Value> {
    let a = v[block]
        .as_array()
        .unwrap_or_else(|| panic!("block {block}"));
    assert_eq!(a.len(), count, "entries in block {block}");
    a
}

fn binding(e: &Value) -> WrapBinding {
    WrapBinding {
        target_ident: ident8(&e["target_ident"]),
        mme_ue_s1ap_id: e["mme_ue_s1ap_id"].as_u64().unwrap() as u32,
        refresh_counter: e["refresh_counter"].as_u64().unwrap() as u16,
    }
}

#[test]
fn ident_block() {
    let v = vectors();
    let mut checked = 0;
    for e in array(&v, "ident", 4) {
        let plmn: [u8; 3] = hx(&e["plmn"]).try_into().unwrap();
        let kind = EnbKind::from_name(e["kind"].as_str().unwrap()).unwrap();
        let id = EnbIdentity::new(plmn, kind, e["enb_id"].as_u64().unwrap() as u32).unwrap();
        assert_eq!(hex::encode(id.ident()), e["ident"].as_str().unwrap());
        assert_eq!(EnbIdentity::from_ident(&id.ident()).unwrap(), id);
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn kdf_block() {
    let v = vectors();
    let mut checked = 0;
    for e in array(&v, "kdf", 12) {
        let alg = KdfAlgorithm::from_name(e["kdf"].as_str().unwrap()).unwrap();
        let kenb = derive_kenb(alg, &hx(&e["h_key"]), &ident8(&e["target_ident"])).unwrap();
        assert_eq!(
            hex::encode(kenb.expose()),
            e["kenb"].as_str().unwrap(),
            "{} {}",
            e["kdf"],
            e["target_ident"]
        );
        checked += 1;
    }
    assert_eq!(checked, 12);
}

#[test]
fn wrap_block() {
    let v = vectors();
    let mut checked = 0;
    for e in array(&v, "wrap", 6) {
        let kek = hx(&e["kek"]);
        let kenb = hx(&e["kenb"]);
        let want = e["wrapped"].as_str().unwrap();
        let alg = WrapAlgorithm::from_name(e["wrap"].as_str().unwrap()).unwrap();
        match alg {
            WrapAlgorithm::AesEcb => {
                assert_eq!(hex::encode(wrap_aes_ecb(&kek, &kenb).unwrap()), want);
                assert_eq!(
                    unwrap_aes_ecb(&kek, &hx(&e["wrapped"])).unwrap().expose(),
                    &kenb[..]
                );
            }
            WrapAlgorithm::AesKw => {
                assert_eq!(hex::encode(wrap_aes_kw(&kek, &kenb).unwrap()), want);
                assert_eq!(
                    unwrap_aes_kw(&kek, &hx(&e["wrapped"])).unwrap().expose(),
                    &kenb[..]
                );
            }
            WrapAlgorithm::AesCtrCmac => {
                let iv: [u8; 16] = hx(&e["iv"]).try_into().unwrap();
                let b = binding(e);
                assert_eq!(
                    hex::encode(wrap_aes_ctr_cmac(&kek, &kenb, &iv, &b).unwrap()),
                    want
                );
                assert_eq!(
                    unwrap_aes_ctr_cmac(&kek, &hx(&e["wrapped"]), &b)
                        .unwrap()
                        .expose(),
                    &kenb[..]
                );
            }
            WrapAlgorithm::Unknown(_) => panic!("unknown wrap in vectors"),
        }
        // The profile's own entry points, for the 32-octet KeNBs (the 16-octet aes-kw entry only
        // checks RFC 3394).
        if kenb.len() == 32 {
            let k = Key256::from_slice("KeNB", &kenb).unwrap();
            let iv: [u8; 16] = e
                .get("iv")
                .map(|iv| hx(iv).try_into().unwrap())
                .unwrap_or([0; 16]);
            let b = if e.get("target_ident").is_some() {
                binding(e)
            } else {
                WrapBinding {
                    target_ident: [0; 8],
                    mme_ue_s1ap_id: 0,
                    refresh_counter: 0,
                }
            };
            assert_eq!(
                hex::encode(wrap_kenb(alg, &kek, &k, &iv, &b).unwrap()),
                want
            );
            assert_eq!(unwrap_kenb(alg, &kek, &hx(&e["wrapped"]), &b).unwrap(), k);
        }
        checked += 1;
    }
    assert_eq!(checked, 6);
}

#[test]
fn wrapped_kenb_is_the_kdf_output() {
    // The wrap vectors wrap the aes-cmac-ctr KeNB of H_key 00..0f for macro 0x1A2B3.
    let v = vectors();
    let kdf0 = &v["kdf"][1];
    assert_eq!(kdf0["kdf"], "aes-cmac-ctr");
    assert_eq!(v["wrap"][2]["kenb"], kdf0["kenb"]);
}

#[test]
fn unwrap_must_fail_block() {
    let v = vectors();
    let mut rejected = 0;
    for e in array(&v, "unwrap_must_fail", 5) {
        let kek = hx(&e["kek"]);
        let w = hx(&e["wrapped"]);
        let r = match WrapAlgorithm::from_name(e["wrap"].as_str().unwrap()).unwrap() {
            WrapAlgorithm::AesKw => unwrap_aes_kw(&kek, &w),
            WrapAlgorithm::AesCtrCmac => unwrap_aes_ctr_cmac(&kek, &w, &binding(e)),
            other => panic!("unexpected {other:?}"),
        };
        match r {
            Err(SecurityError::IntegrityCheckFailed { .. }) => rejected += 1,
            other => panic!("{}: expected an integrity failure, got {other:?}", e["why"]),
        }
    }
    assert_eq!(rejected, 5);
}

#[test]
fn ts33401_block() {
    let v = vectors();
    let t = v["ts33401"].as_object().unwrap();
    assert_eq!(
        t.len(),
        12,
        "entries in ts33401 (kasme, note and 10 derived keys)"
    );
    let kasme = key256(&t["kasme"]);
    let kenb0 = kdf::kenb(&kasme, 0);
    let nh1 = kdf::nh(&kasme, &kenb0);
    let mut checked = 0;
    for (name, want) in t {
        let got: Vec<u8> = match name.as_str() {
            "kasme" | "note" => continue,
            "kenb_ul_count_0" => kenb0.expose().to_vec(),
            "kenb_ul_count_ffffffff" => kdf::kenb(&kasme, 0xffff_ffff).expose().to_vec(),
            "nh1" => nh1.expose().to_vec(),
            "nh2" => kdf::nh(&kasme, &nh1).expose().to_vec(),
            "kenb_star_from_nh1_pci_101_earfcn_1575" => {
                kdf::kenb_star(&nh1, 101, 1575, EarfcnEncoding::ByValue)
                    .unwrap()
                    .expose()
                    .to_vec()
            }
            "k_nas_enc_eea2" => kdf::algorithm_key(&kasme, AlgorithmDistinguisher::NasEnc, 2)
                .expose()
                .to_vec(),
            "k_nas_int_eia2" => kdf::algorithm_key(&kasme, AlgorithmDistinguisher::NasInt, 2)
                .expose()
                .to_vec(),
            "k_rrc_enc_eea2_from_kenb0" => {
                kdf::algorithm_key(&kenb0, AlgorithmDistinguisher::RrcEnc, 2)
                    .expose()
                    .to_vec()
            }
            "k_rrc_int_eia2_from_kenb0" => {
                kdf::algorithm_key(&kenb0, AlgorithmDistinguisher::RrcInt, 2)
                    .expose()
                    .to_vec()
            }
            "k_up_enc_eea2_from_kenb0" => {
                kdf::algorithm_key(&kenb0, AlgorithmDistinguisher::UpEnc, 2)
                    .expose()
                    .to_vec()
            }
            other => panic!("ts33401 entry {other} has no test"),
        };
        assert_eq!(hex::encode(got), want.as_str().unwrap(), "{name}");
        checked += 1;
    }
    assert_eq!(checked, 10);
    // NH chain helper agrees with the step-by-step chain.
    assert_eq!(
        kdf::nh_chain(&kasme, &kenb0, 2).expose().to_vec(),
        hx(&t["nh2"])
    );
}

#[test]
fn eea2_eia2_block() {
    let v = vectors();
    let mut checked = 0;
    for e in array(&v, "eea2_eia2", 2) {
        let k = Key128::from_slice("key", &hx(&e["key"])).unwrap();
        let count = e["count"].as_u64().unwrap() as u32;
        let bearer = e["bearer"].as_u64().unwrap() as u8;
        let dir = Direction::from_bit(e["direction"].as_u64().unwrap() as u8);
        match e["alg"].as_str().unwrap() {
            "128-EIA2" => {
                let m = hx(&e["message"]);
                let mac = eia2(&k, count, bearer, dir, &m, m.len() * 8).unwrap();
                assert_eq!(hex::encode(mac), e["mac"].as_str().unwrap());
            }
            "128-EEA2" => {
                let bits = e["length_bits"].as_u64().unwrap() as usize;
                let ct = eea2(&k, count, bearer, dir, &hx(&e["plaintext"]), bits).unwrap();
                assert_eq!(hex::encode(&ct), e["ciphertext"].as_str().unwrap());
                let pt = eea2(&k, count, bearer, dir, &ct, bits).unwrap();
                assert_eq!(hex::encode(pt), e["plaintext"].as_str().unwrap());
            }
            other => panic!("unknown alg {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[test]
fn hkey_delivery_block() {
    let v = vectors();
    let h = v["hkey_delivery"].as_object().unwrap();
    assert_eq!(h.len(), 7, "entries in hkey_delivery");
    let kasme = key256(&h["kasme"]);
    let count = NasCount::from_value(h["nas_downlink_count"].as_u64().unwrap() as u32);
    let kdf_alg = KdfAlgorithm::from_name(h["kdf"].as_str().unwrap()).unwrap();
    let d = HkeyDelivery::new(
        h["refresh_counter"].as_u64().unwrap() as u16,
        kdf_alg,
        SecretKey::new(hx(&h["h_key"])),
    );

    // Build: plain and protected.
    let plain = d.encode().unwrap();
    assert_eq!(hex::encode(&plain), h["plain_nas"].as_str().unwrap());
    let keys = NasKeys::from_kasme(&kasme, 2, 2);
    let protected = d.protect(&keys, count).unwrap();
    assert_eq!(
        hex::encode(&protected),
        h["protected_nas"].as_str().unwrap()
    );

    // Parse: plain.
    let parsed = HkeyDelivery::decode(&hx(&h["plain_nas"])).unwrap();
    assert_eq!(parsed, d);

    // Parse: protected, verify, decipher.
    let wire = hx(&h["protected_nas"]);
    let pdu = NasPdu::decode(&wire).unwrap();
    assert_eq!(pdu.encode(), wire);
    let NasPdu::Protected(p) = pdu else {
        panic!("not protected")
    };
    assert_eq!(p.sequence_number, count.sequence_number());
    assert_eq!(
        keys.unprotect(&p, count, Direction::Downlink).unwrap(),
        plain
    );

    // Without the overflow counter: found by search, and reported as searched.
    let r = keys
        .resolve_count(&p, Direction::Downlink, None, Some(0..=u16::MAX))
        .unwrap();
    assert_eq!(r.count, count);
    assert_eq!(r.source, CountSource::Searched);
    assert_eq!(r.candidates_tried, u32::from(count.overflow()) + 1);

    // The delivered H_key derives the kdf block's KeNB for macro 0x1A2B3 (refresh 7).
    let kenb = derive_kenb(
        parsed.kdf,
        parsed.h_key.expose(),
        &[0, 0xf1, 0x10, 0, 0, 1, 0xa2, 0xb3],
    )
    .unwrap();
    assert_eq!(
        hex::encode(kenb.expose()),
        v["kdf"][1]["kenb"].as_str().unwrap()
    );
}
