//! Unwraps that must fail, and how they say so, beyond the vectors file's `unwrap_must_fail`.

use keyhop_codec::security::makr::{
    unwrap_aes_ctr_cmac, unwrap_aes_kw, unwrap_kenb, wrap_aes_ctr_cmac, wrap_aes_kw, wrap_kenb,
};
use keyhop_codec::security::{Key256, SecurityError, WrapAlgorithm, WrapBinding};

const KEK16: [u8; 16] = [0x8f; 16];
const KEK32: [u8; 32] = [0xf0; 32];

fn binding() -> WrapBinding {
    WrapBinding {
        target_ident: [0x00, 0xf1, 0x10, 0x00, 0x00, 0x01, 0xa2, 0xb3],
        mme_ue_s1ap_id: 4660,
        refresh_counter: 7,
    }
}

fn kenb() -> Key256 {
    Key256::new(core::array::from_fn(|i| i as u8))
}

fn integrity_failure(r: Result<impl std::fmt::Debug, SecurityError>) -> String {
    match r {
        Err(e @ SecurityError::IntegrityCheckFailed { .. }) => e.to_string(),
        other => panic!("expected an integrity failure, got {other:?}"),
    }
}

#[test]
fn ctr_cmac_rejects_every_changed_octet() {
    for kek in [&KEK16[..], &KEK32[..]] {
        let w = wrap_aes_ctr_cmac(kek, kenb().expose(), &[0xa5; 16], &binding()).unwrap();
        // IV, ciphertext and tag are all covered.
        for i in 0..w.len() {
            let mut t = w.clone();
            t[i] ^= 0x01;
            let msg = integrity_failure(unwrap_aes_ctr_cmac(kek, &t, &binding()));
            assert_eq!(msg, "integrity check failed: aes-ctr-cmac tag");
        }
    }
}

#[test]
fn ctr_cmac_binds_target_ue_and_refresh() {
    let w = wrap_aes_ctr_cmac(&KEK16, kenb().expose(), &[1; 16], &binding()).unwrap();
    let mut other_ue = binding();
    other_ue.mme_ue_s1ap_id += 1;
    let mut other_refresh = binding();
    other_refresh.refresh_counter = 8;
    let mut other_target = binding();
    other_target.target_ident[7] ^= 1;
    for b in [other_ue, other_refresh, other_target] {
        integrity_failure(unwrap_aes_ctr_cmac(&KEK16, &w, &b));
    }
    // Wrong KEK (other length too).
    integrity_failure(unwrap_aes_ctr_cmac(&[0x8e; 16], &w, &binding()));
    integrity_failure(unwrap_aes_ctr_cmac(&KEK32, &w, &binding()));
    // The right context still works.
    assert_eq!(
        unwrap_kenb(WrapAlgorithm::AesCtrCmac, &KEK16, &w, &binding()).unwrap(),
        kenb()
    );
}

#[test]
fn aes_kw_rejects_every_changed_octet_and_the_wrong_kek() {
    for kek in [&KEK16[..], &KEK32[..]] {
        let w = wrap_aes_kw(kek, kenb().expose()).unwrap();
        assert_eq!(w.len(), 40);
        for i in 0..w.len() {
            let mut t = w.clone();
            t[i] ^= 0x80;
            let msg = integrity_failure(unwrap_aes_kw(kek, &t));
            assert_eq!(msg, "integrity check failed: aes-kw (RFC 3394)");
        }
    }
    let w = wrap_aes_kw(&KEK16, kenb().expose()).unwrap();
    integrity_failure(unwrap_aes_kw(&[0; 16], &w));
}

#[test]
fn aes_kw_has_no_binding() {
    // As the profile says: an aes-kw key copied into another UE's message still unwraps, which
    // is why MAKR-BINDING compares octets instead.
    let w = wrap_kenb(WrapAlgorithm::AesKw, &KEK16, &kenb(), &[0; 16], &binding()).unwrap();
    let other = WrapBinding {
        mme_ue_s1ap_id: 1,
        ..binding()
    };
    assert_eq!(
        unwrap_kenb(WrapAlgorithm::AesKw, &KEK16, &w, &other).unwrap(),
        kenb()
    );
}

#[test]
fn lengths_and_algorithms_are_reported() {
    let w = wrap_kenb(WrapAlgorithm::AesKw, &KEK16, &kenb(), &[0; 16], &binding()).unwrap();
    // KEK of a length no wrap allows.
    let e = unwrap_kenb(WrapAlgorithm::AesKw, &[0; 24], &w, &binding()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "wrong KEK length: 24 octets, expected 16 or 32 for aes-kw"
    );
    let e = unwrap_kenb(WrapAlgorithm::AesEcb, &KEK32, &w[..32], &binding()).unwrap_err();
    assert!(matches!(e, SecurityError::KeyLength { got: 32, .. }), "{e}");
    // Wrapped value of a length the algorithm cannot produce.
    let e = unwrap_kenb(WrapAlgorithm::AesKw, &KEK16, &w[..39], &binding()).unwrap_err();
    assert!(matches!(e, SecurityError::InvalidInput { .. }), "{e}");
    let e = unwrap_kenb(WrapAlgorithm::AesCtrCmac, &KEK16, &[0; 20], &binding()).unwrap_err();
    assert!(matches!(e, SecurityError::InvalidInput { .. }), "{e}");
    // A 16-octet key wrapped with aes-kw is not a KeNB of this profile.
    let w16 = wrap_aes_kw(&KEK16, &[7; 16]).unwrap();
    let e = unwrap_kenb(WrapAlgorithm::AesKw, &KEK16, &w16, &binding()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "wrong unwrapped KeNB length: 16 octets, expected 32"
    );
    // Unknown algorithm.
    let e = unwrap_kenb(WrapAlgorithm::Unknown(9), &KEK16, &w, &binding()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unsupported algorithm: wrap algorithm unknown(9)"
    );
}

#[test]
fn errors_never_show_key_octets() {
    // KEK 8f8f..., KeNB 000102...: none of their hex appears in any error text.
    let w = wrap_aes_ctr_cmac(&KEK16, kenb().expose(), &[3; 16], &binding()).unwrap();
    let mut t = w.clone();
    t[20] ^= 1;
    let msgs = [
        unwrap_aes_ctr_cmac(&KEK16, &t, &binding())
            .unwrap_err()
            .to_string(),
        unwrap_kenb(WrapAlgorithm::AesKw, &KEK16, &t[..40], &binding())
            .unwrap_err()
            .to_string(),
        format!(
            "{:?}",
            unwrap_aes_ctr_cmac(&KEK16, &t, &binding()).unwrap_err()
        ),
    ];
    for m in msgs {
        assert!(!m.contains("8f8f") && !m.contains("000102"), "{m}");
    }
}
