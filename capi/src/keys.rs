//! The TS 33.401 Annex A derivations and the MAKR KeNB unwrap (key-refresh.md section 5), on
//! fixed-size caller buffers: keys are `KEYHOP_KEY256_LEN` (32) or `KEYHOP_KEY128_LEN` (16)
//! octets, read from and written to memory the caller owns, so nothing here allocates for C.
//!
//! Every function returns `KEYHOP_OK` or a negative `KEYHOP_ERR_*` code with the reason in
//! `keyhop_last_error` (never a key). The output is written only on success, and may be the same
//! buffer as an input (inputs are copied first).

use crate::error::{run, Error};
use crate::mem::{array, octets, text, Out};
use crate::{KEYHOP_ERR_ARGUMENT, KEYHOP_ERR_INTEGRITY, KEYHOP_ERR_NULL, KEYHOP_MAX_NH_CHAIN};
use keyhop_codec::security::keys::{Key128, Key256};
use keyhop_codec::security::{kdf, makr, SecurityError};
use std::ffi::c_char;

fn security(e: SecurityError) -> Error {
    let code = match e {
        SecurityError::IntegrityCheckFailed { .. } => KEYHOP_ERR_INTEGRITY,
        _ => KEYHOP_ERR_ARGUMENT,
    };
    Error::new(code, e.to_string())
}

/// Reads a 32-octet key argument.
///
/// # Safety
/// `p` is NULL or points to 32 readable octets.
unsafe fn key256(p: *const u8, name: &str) -> Result<Key256, Error> {
    // SAFETY: passed on from the caller.
    Ok(Key256::new(*unsafe { array::<32>(p, name) }?))
}

/// Reads a 16-octet key argument.
///
/// # Safety
/// `p` is NULL or points to 16 readable octets.
unsafe fn key128(p: *const u8, name: &str) -> Result<Key128, Error> {
    // SAFETY: passed on from the caller.
    Ok(Key128::new(*unsafe { array::<16>(p, name) }?))
}

/// KeNB = KDF(KASME, uplink NAS COUNT) (TS 33.401 A.3, FC 0x11).
///
/// # Safety
///
/// `kasme` points to 32 readable octets, `kenb_out` to 32 writable octets (NULL for either is
/// `KEYHOP_ERR_NULL`).
#[no_mangle]
pub unsafe extern "C" fn keyhop_kenb(
    kasme: *const u8,
    uplink_nas_count: u32,
    kenb_out: *mut u8,
) -> i32 {
    run("keyhop_kenb", || {
        let out = Out::<32>::new(kenb_out, "kenb_out")?;
        // SAFETY: the caller's contract: 32 readable octets at `kasme`.
        let k = unsafe { key256(kasme, "kasme") }?;
        let v = kdf::kenb(&k, uplink_nas_count);
        // SAFETY: the caller's contract: 32 writable octets at `kenb_out`.
        unsafe { out.write(v.expose()) };
        Ok(())
    })
}

/// NH = KDF(KASME, SYNC-input) (TS 33.401 A.4, FC 0x12): SYNC-input is the initial KeNB for the
/// first NH, the previous NH after that.
///
/// # Safety
///
/// `kasme` and `sync_input` point to 32 readable octets each, `nh_out` to 32 writable octets.
#[no_mangle]
pub unsafe extern "C" fn keyhop_nh(
    kasme: *const u8,
    sync_input: *const u8,
    nh_out: *mut u8,
) -> i32 {
    run("keyhop_nh", || {
        let out = Out::<32>::new(nh_out, "nh_out")?;
        // SAFETY: the caller's contract: 32 readable octets at each input.
        let (k, s) = unsafe { (key256(kasme, "kasme")?, key256(sync_input, "sync_input")?) };
        let v = kdf::nh(&k, &s);
        // SAFETY: the caller's contract: 32 writable octets at `nh_out`.
        unsafe { out.write(v.expose()) };
        Ok(())
    })
}

/// The NH after `ncc` vertical derivations from the initial KeNB (TS 33.401 A.4, 7.2.8): `ncc`
/// 0 gives the initial KeNB itself, 1 the first NH. `ncc` counts every NH derived, not the 3-bit
/// NCC sent on the wire (which wraps at 8); at most `KEYHOP_MAX_NH_CHAIN`, since each step is
/// one HMAC and a larger value is a caller's mistake rather than a real chain.
///
/// # Safety
///
/// `kasme` and `initial_kenb` point to 32 readable octets each, `nh_out` to 32 writable octets.
#[no_mangle]
pub unsafe extern "C" fn keyhop_nh_chain(
    kasme: *const u8,
    initial_kenb: *const u8,
    ncc: u32,
    nh_out: *mut u8,
) -> i32 {
    run("keyhop_nh_chain", || {
        let out = Out::<32>::new(nh_out, "nh_out")?;
        // SAFETY: the caller's contract: 32 readable octets at each input.
        let (k, e) = unsafe {
            (
                key256(kasme, "kasme")?,
                key256(initial_kenb, "initial_kenb")?,
            )
        };
        if ncc > KEYHOP_MAX_NH_CHAIN {
            return Err(Error::new(
                KEYHOP_ERR_ARGUMENT,
                format!("ncc {ncc} is above KEYHOP_MAX_NH_CHAIN ({KEYHOP_MAX_NH_CHAIN})"),
            ));
        }
        let v = kdf::nh_chain(&k, &e, ncc);
        // SAFETY: the caller's contract: 32 writable octets at `nh_out`.
        unsafe { out.write(v.expose()) };
        Ok(())
    })
}

/// KeNB* = KDF(key, target PCI, target EARFCN-DL) (TS 33.401 A.5, FC 0x13). `key` is the fresh
/// NH (vertical) or the current KeNB (horizontal). EARFCN-DL is encoded in 2 octets when it
/// fits, else 3; above 262143 it is `KEYHOP_ERR_ARGUMENT`.
///
/// # Safety
///
/// `key` points to 32 readable octets, `kenb_star_out` to 32 writable octets.
#[no_mangle]
pub unsafe extern "C" fn keyhop_kenb_star(
    key: *const u8,
    pci: u16,
    earfcn_dl: u32,
    kenb_star_out: *mut u8,
) -> i32 {
    run("keyhop_kenb_star", || {
        let out = Out::<32>::new(kenb_star_out, "kenb_star_out")?;
        // SAFETY: the caller's contract: 32 readable octets at `key`.
        let k = unsafe { key256(key, "key") }?;
        let v =
            kdf::kenb_star(&k, pci, earfcn_dl, kdf::EarfcnEncoding::ByValue).map_err(security)?;
        // SAFETY: the caller's contract: 32 writable octets at `kenb_star_out`.
        unsafe { out.write(v.expose()) };
        Ok(())
    })
}

/// K'ASME at UTRAN to E-UTRAN handover = KDF(CK || IK, NONCE_MME) (TS 33.401 A.10, FC 0x18).
///
/// # Safety
///
/// `ck` and `ik` point to 16 readable octets each, `kasme_prime_out` to 32 writable octets.
#[no_mangle]
pub unsafe extern "C" fn keyhop_kasme_prime(
    ck: *const u8,
    ik: *const u8,
    nonce_mme: u32,
    kasme_prime_out: *mut u8,
) -> i32 {
    run("keyhop_kasme_prime", || {
        let out = Out::<32>::new(kasme_prime_out, "kasme_prime_out")?;
        // SAFETY: the caller's contract: 16 readable octets at each input.
        let (c, i) = unsafe { (key128(ck, "ck")?, key128(ik, "ik")?) };
        let v = kdf::kasme_prime_handover(&c, &i, nonce_mme);
        // SAFETY: the caller's contract: 32 writable octets at `kasme_prime_out`.
        unsafe { out.write(v.expose()) };
        Ok(())
    })
}

/// K_NASenc and K_NASint from KASME (TS 33.401 A.7, FC 0x15, the 128 least significant bits)
/// for the 4-bit algorithm identities `eea` and `eia` (2 for 128-EEA2 / 128-EIA2); an identity
/// above 15 is `KEYHOP_ERR_ARGUMENT`.
///
/// # Safety
///
/// `kasme` points to 32 readable octets, `k_nas_enc_out` and `k_nas_int_out` to 16 writable
/// octets each.
#[no_mangle]
pub unsafe extern "C" fn keyhop_nas_keys(
    kasme: *const u8,
    eea: u8,
    eia: u8,
    k_nas_enc_out: *mut u8,
    k_nas_int_out: *mut u8,
) -> i32 {
    run("keyhop_nas_keys", || {
        let enc_out = Out::<16>::new(k_nas_enc_out, "k_nas_enc_out")?;
        let int_out = Out::<16>::new(k_nas_int_out, "k_nas_int_out")?;
        // SAFETY: the caller's contract: 32 readable octets at `kasme`.
        let k = unsafe { key256(kasme, "kasme") }?;
        for (name, id) in [("eea", eea), ("eia", eia)] {
            if id > 15 {
                return Err(Error::new(
                    KEYHOP_ERR_ARGUMENT,
                    format!("{name} {id} is not a 4-bit algorithm identity"),
                ));
            }
        }
        let (enc, int) = kdf::nas_keys(&k, eea, eia);
        // SAFETY: the caller's contract: 16 writable octets at each output.
        unsafe {
            enc_out.write(enc.expose());
            int_out.write(int.expose());
        }
        Ok(())
    })
}

/// Unwraps a MAKR wrapped KeNB (key-refresh.md section 5) into the 32-octet KeNB.
///
/// `algorithm` is the WrapAlgorithm's ASN.1 name: `aes-kw` (RFC 3394; KEK 16 or 32 octets),
/// `aes-ctr-cmac` (encrypt-then-MAC bound to the target, the UE and the refresh) or `aes-ecb`
/// (no integrity: any octets unwrap to some key). `target_ident` (the target eNB's 8-octet
/// ident), `mme_ue_s1ap_id` and `refresh_counter` are the binding `aes-ctr-cmac` checks; the
/// other algorithms ignore them and `target_ident` may then be NULL.
///
/// Returns `KEYHOP_ERR_INTEGRITY` when the wrap's integrity check or binding fails (a tampered
/// wrap, a wrong KEK, another target or refresh), `KEYHOP_ERR_ARGUMENT` for an unknown
/// algorithm or a length the algorithm does not allow.
///
/// # Safety
///
/// `algorithm` is a NUL-terminated string; `kek` points to `kek_len` readable octets, `wrapped`
/// to `wrapped_len`; `target_ident` is NULL or points to 8 readable octets; `kenb_out` points to
/// 32 writable octets.
#[no_mangle]
#[allow(clippy::too_many_arguments)] // the binding's three fields, flat for C
pub unsafe extern "C" fn keyhop_makr_unwrap(
    algorithm: *const c_char,
    kek: *const u8,
    kek_len: usize,
    wrapped: *const u8,
    wrapped_len: usize,
    target_ident: *const u8,
    mme_ue_s1ap_id: u32,
    refresh_counter: u16,
    kenb_out: *mut u8,
) -> i32 {
    run("keyhop_makr_unwrap", || {
        let out = Out::<32>::new(kenb_out, "kenb_out")?;
        // SAFETY: the caller's contract for each pointer (see the Safety section).
        let (name, kek, wrapped) = unsafe {
            (
                text(algorithm, "algorithm")?,
                octets(kek, kek_len, "kek")?,
                octets(wrapped, wrapped_len, "wrapped")?,
            )
        };
        let alg = makr::WrapAlgorithm::from_name(name).ok_or_else(|| {
            let shown: String = name.chars().take(40).collect();
            Error::new(
                KEYHOP_ERR_ARGUMENT,
                format!("unknown wrap algorithm {shown:?} (known: aes-kw, aes-ctr-cmac, aes-ecb)"),
            )
        })?;
        let target_ident = if target_ident.is_null() {
            if alg == makr::WrapAlgorithm::AesCtrCmac {
                // Zeros would only make the tag check fail for a reason the caller cannot see.
                return Err(Error::new(
                    KEYHOP_ERR_NULL,
                    "argument `target_ident` is NULL, and aes-ctr-cmac checks it",
                ));
            }
            [0; 8]
        } else {
            // SAFETY: non-null, so by the caller's contract 8 readable octets.
            *unsafe { array::<8>(target_ident, "target_ident") }?
        };
        let binding = makr::WrapBinding {
            target_ident,
            mme_ue_s1ap_id,
            refresh_counter,
        };
        let k = makr::unwrap_kenb(alg, kek, wrapped, &binding).map_err(security)?;
        // SAFETY: the caller's contract: 32 writable octets at `kenb_out`.
        unsafe { out.write(k.expose()) };
        Ok(())
    })
}
