//! The TS 33.401 Annex A key derivations (KDF of TS 33.220 Annex B: HMAC-SHA-256).
//!
//! `S = FC || P0 || L0 || P1 || L1 || ...`, each `Li` the length of `Pi` in two octets, and
//! `derived key = HMAC-SHA-256(Key, S)`. The FC values and parameter encodings are those of
//! TS 33.401 Annex A:
//!
//! | clause | key | FC | parameters | input key |
//! |---|---|---|---|---|
//! | A.2 | KASME | 0x10 | SN id (3), SQN xor AK (6) | CK \|\| IK |
//! | A.3 | KeNB | 0x11 | uplink NAS COUNT (4) | KASME |
//! | A.4 | NH | 0x12 | SYNC-input (32) | KASME |
//! | A.5 | KeNB* | 0x13 | PCI (2), EARFCN-DL (2 or 3) | KeNB or NH |
//! | A.7 | algorithm keys | 0x15 | distinguisher (1), algorithm id (1) | KASME or KeNB |
//! | A.8 | CK' \|\| IK' | 0x16 | NAS downlink COUNT (4) | KASME |
//! | A.10 | K'ASME (handover) | 0x18 | NONCE_MME (4) | CK \|\| IK |
//! | A.11 | K'ASME (idle mobility) | 0x19 | NONCE_UE (4), NONCE_MME (4) | CK \|\| IK |

use crate::security::error::{SecurityError, SecurityResult};
use crate::security::keys::{Key128, Key256};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroize;

/// FC of the KASME derivation (A.2).
pub const FC_KASME: u8 = 0x10;
/// FC of the KeNB derivation (A.3).
pub const FC_KENB: u8 = 0x11;
/// FC of the NH derivation (A.4).
pub const FC_NH: u8 = 0x12;
/// FC of the KeNB* derivation (A.5).
pub const FC_KENB_STAR: u8 = 0x13;
/// FC of the algorithm key derivations (A.7).
pub const FC_ALGORITHM_KEY: u8 = 0x15;
/// FC of CK', IK' from KASME at E-UTRAN -> UTRAN handover (A.8).
pub const FC_CK_IK_HANDOVER: u8 = 0x16;
/// FC of K'ASME from CK, IK at UTRAN -> E-UTRAN handover (A.10).
pub const FC_KASME_HANDOVER: u8 = 0x18;
/// FC of K'ASME from CK, IK at idle mode mobility into E-UTRAN (A.11).
pub const FC_KASME_IDLE: u8 = 0x19;

/// Builds the KDF input string `S = FC || P0 || L0 || P1 || L1 ...`.
///
/// Exposed so that tests and tools can show exactly what was hashed.
pub fn kdf_input(fc: u8, params: &[&[u8]]) -> Vec<u8> {
    let mut s = Vec::with_capacity(1 + params.iter().map(|p| p.len() + 2).sum::<usize>());
    s.push(fc);
    for p in params {
        s.extend_from_slice(p);
        // Parameters here are at most 32 octets, so the two-octet length never truncates.
        s.extend_from_slice(&(p.len() as u16).to_be_bytes());
    }
    s
}

/// The generic KDF: `HMAC-SHA-256(key, S)` with `S` from [`kdf_input`].
pub fn kdf(key: &[u8], fc: u8, params: &[&[u8]]) -> Key256 {
    // HMAC takes keys of any length, so new_from_slice cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    let mut s = kdf_input(fc, params);
    mac.update(&s);
    s.zeroize();
    let out: [u8; 32] = mac.finalize().into_bytes().into();
    Key256::new(out)
}

fn ck_ik(ck: &Key128, ik: &Key128) -> [u8; 32] {
    let mut k = [0u8; 32];
    k[..16].copy_from_slice(ck.expose());
    k[16..].copy_from_slice(ik.expose());
    k
}

/// KASME from CK, IK, the serving network id and SQN xor AK (A.2, FC 0x10).
///
/// `sn_id` is the PLMN identity as 3 octets, coded as in TS 24.301 (the same TBCD octets as
/// S1AP's PLMNidentity); `sqn_xor_ak` is the first 6 octets of AUTN.
pub fn kasme(ck: &Key128, ik: &Key128, sn_id: &[u8; 3], sqn_xor_ak: &[u8; 6]) -> Key256 {
    let mut key = ck_ik(ck, ik);
    let out = kdf(&key, FC_KASME, &[sn_id, sqn_xor_ak]);
    key.zeroize();
    out
}

/// KeNB from KASME and the uplink NAS COUNT (A.3, FC 0x11).
pub fn kenb(kasme: &Key256, uplink_nas_count: u32) -> Key256 {
    kdf(kasme.expose(), FC_KENB, &[&uplink_nas_count.to_be_bytes()])
}

/// The next NH from KASME and the SYNC-input (A.4, FC 0x12): the initial KeNB for the first NH,
/// the previous NH after that.
pub fn nh(kasme: &Key256, sync_input: &Key256) -> Key256 {
    kdf(kasme.expose(), FC_NH, &[sync_input.expose()])
}

/// The NH of chaining count `ncc` (1..) of the AS context that started with `initial_kenb`:
/// NH(1) = KDF(KASME, KeNB), NH(n+1) = KDF(KASME, NH(n)). `ncc` 0 gives the KeNB itself
/// (the "virtual" NH of TS 33.401 clause 7.2.8.1). `ncc` counts NH derivations, not the 3-bit
/// NCC on the wire (which wraps at 8).
pub fn nh_chain(kasme: &Key256, initial_kenb: &Key256, ncc: u32) -> Key256 {
    let mut cur = initial_kenb.clone();
    for _ in 0..ncc {
        cur = nh(kasme, &cur);
    }
    cur
}

/// How EARFCN-DL is encoded in the KeNB* input (TS 33.401 A.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarfcnEncoding {
    /// EARFCN-DL in 2 octets (L1 = 0x0002): 0..=65535, the only form a Rel-8 entity knows (TS 33.401 clause A.5).
    TwoOctets,
    /// EARFCN-DL in 3 octets (L1 = 0x0003): 65536..=262143 (TS 33.401 clause A.5).
    ThreeOctets,
    /// Two octets when the value fits, else three: the rule of A.5.
    ByValue,
}

/// KeNB* from KeNB or NH, the target PCI and EARFCN-DL (A.5, FC 0x13).
///
/// `key` is the fresh NH (vertical derivation) or the current KeNB (horizontal). PCI is 0..=503
/// in LTE but any 16-bit value is accepted as its encoding allows; EARFCN-DL above 262143, or
/// above 65535 with [`EarfcnEncoding::TwoOctets`], is an error.
pub fn kenb_star(
    key: &Key256,
    pci: u16,
    earfcn_dl: u32,
    encoding: EarfcnEncoding,
) -> SecurityResult<Key256> {
    if earfcn_dl > 262_143 {
        return Err(SecurityError::invalid(
            "EARFCN-DL",
            format!("{earfcn_dl} is above 262143"),
        ));
    }
    let three = match encoding {
        EarfcnEncoding::TwoOctets if earfcn_dl > 0xffff => {
            return Err(SecurityError::invalid(
                "EARFCN-DL",
                format!("{earfcn_dl} does not fit the 2-octet form"),
            ))
        }
        EarfcnEncoding::TwoOctets => false,
        EarfcnEncoding::ThreeOctets => true,
        EarfcnEncoding::ByValue => earfcn_dl > 0xffff,
    };
    let e = earfcn_dl.to_be_bytes();
    let earfcn: &[u8] = if three { &e[1..] } else { &e[2..] };
    Ok(kdf(
        key.expose(),
        FC_KENB_STAR,
        &[&pci.to_be_bytes(), earfcn],
    ))
}

/// Algorithm type distinguisher of the A.7 derivations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlgorithmDistinguisher {
    /// 0x01 NAS-enc-alg: derives K_NASenc, the NAS ciphering key, from KASME (TS 33.401 clause A.7).
    NasEnc,
    /// 0x02 NAS-int-alg: derives K_NASint, the NAS integrity key, from KASME (TS 33.401 clause A.7).
    NasInt,
    /// 0x03 RRC-enc-alg: derives K_RRCenc, the RRC ciphering key, from KeNB (TS 33.401 clause A.7).
    RrcEnc,
    /// 0x04 RRC-int-alg: derives K_RRCint, the RRC integrity key, from KeNB (TS 33.401 clause A.7).
    RrcInt,
    /// 0x05 UP-enc-alg: derives K_UPenc, the user plane ciphering key, from KeNB (TS 33.401 clause A.7).
    UpEnc,
    /// 0x06 UP-int-alg: derives K_UPint, the user plane integrity key (relay nodes), from KeNB (TS 33.401 clause A.7).
    UpInt,
}

impl AlgorithmDistinguisher {
    /// The octet value.
    pub fn value(self) -> u8 {
        match self {
            AlgorithmDistinguisher::NasEnc => 0x01,
            AlgorithmDistinguisher::NasInt => 0x02,
            AlgorithmDistinguisher::RrcEnc => 0x03,
            AlgorithmDistinguisher::RrcInt => 0x04,
            AlgorithmDistinguisher::UpEnc => 0x05,
            AlgorithmDistinguisher::UpInt => 0x06,
        }
    }
}

/// An algorithm key (A.7, FC 0x15): the 128 least significant bits (last 16 octets) of
/// KDF(key, distinguisher, algorithm identity). `algorithm_id` is the 4-bit identity of the
/// EEA/EIA algorithm (2 for 128-EEA2 and 128-EIA2). `key` is KASME for NAS keys, KeNB for
/// RRC and UP keys.
pub fn algorithm_key(
    key: &Key256,
    distinguisher: AlgorithmDistinguisher,
    algorithm_id: u8,
) -> Key128 {
    let full = kdf(
        key.expose(),
        FC_ALGORITHM_KEY,
        &[&[distinguisher.value()], &[algorithm_id]],
    );
    let mut k = [0u8; 16];
    k.copy_from_slice(&full.expose()[16..]);
    Key128::new(k)
}

/// CK' and IK' sent to the SGSN at E-UTRAN -> UTRAN handover (A.8, FC 0x16): KDF(KASME, NAS
/// downlink COUNT); CK' is the first 16 octets, IK' the last 16.
pub fn ck_ik_prime_handover(kasme: &Key256, nas_downlink_count: u32) -> (Key128, Key128) {
    let full = kdf(
        kasme.expose(),
        FC_CK_IK_HANDOVER,
        &[&nas_downlink_count.to_be_bytes()],
    );
    split_ck_ik(&full)
}

fn split_ck_ik(full: &Key256) -> (Key128, Key128) {
    let mut ck = [0u8; 16];
    let mut ik = [0u8; 16];
    ck.copy_from_slice(&full.expose()[..16]);
    ik.copy_from_slice(&full.expose()[16..]);
    (Key128::new(ck), Key128::new(ik))
}

/// K'ASME at UTRAN -> E-UTRAN handover (A.10, FC 0x18): KDF(CK || IK, NONCE_MME).
pub fn kasme_prime_handover(ck: &Key128, ik: &Key128, nonce_mme: u32) -> Key256 {
    let mut key = ck_ik(ck, ik);
    let out = kdf(&key, FC_KASME_HANDOVER, &[&nonce_mme.to_be_bytes()]);
    key.zeroize();
    out
}

/// K'ASME at idle mode mobility from UTRAN/GERAN into E-UTRAN (A.11, FC 0x19):
/// KDF(CK || IK, NONCE_UE, NONCE_MME).
pub fn kasme_prime_idle(ck: &Key128, ik: &Key128, nonce_ue: u32, nonce_mme: u32) -> Key256 {
    let mut key = ck_ik(ck, ik);
    let out = kdf(
        &key,
        FC_KASME_IDLE,
        &[&nonce_ue.to_be_bytes(), &nonce_mme.to_be_bytes()],
    );
    key.zeroize();
    out
}

/// K_NASenc and K_NASint from KASME for the given EEA and EIA identities (A.7).
pub fn nas_keys(kasme: &Key256, eea: u8, eia: u8) -> (Key128, Key128) {
    (
        algorithm_key(kasme, AlgorithmDistinguisher::NasEnc, eea),
        algorithm_key(kasme, AlgorithmDistinguisher::NasInt, eia),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_strings_follow_annex_a() {
        // A.3: FC 0x11, COUNT in 4 octets, L0 = 0x0004.
        assert_eq!(
            kdf_input(FC_KENB, &[&0x0102_0304u32.to_be_bytes()]),
            [0x11, 1, 2, 3, 4, 0, 4]
        );
        // A.2: SN id with L0 = 0x0003, SQN xor AK with L1 = 0x0006.
        assert_eq!(
            kdf_input(FC_KASME, &[&[0x00, 0xf1, 0x10], &[1, 2, 3, 4, 5, 6]]),
            [0x10, 0x00, 0xf1, 0x10, 0, 3, 1, 2, 3, 4, 5, 6, 0, 6]
        );
        // A.7: distinguisher and algorithm identity, one octet each.
        assert_eq!(
            kdf_input(FC_ALGORITHM_KEY, &[&[1], &[2]]),
            [0x15, 1, 0, 1, 2, 0, 1]
        );
        // A.11: two 4-octet nonces.
        assert_eq!(
            kdf_input(FC_KASME_IDLE, &[&[1, 2, 3, 4], &[5, 6, 7, 8]]),
            [0x19, 1, 2, 3, 4, 0, 4, 5, 6, 7, 8, 0, 4]
        );
    }

    #[test]
    fn kenb_star_earfcn_forms() {
        let k = Key256::new([3; 32]);
        let two = kenb_star(&k, 101, 1575, EarfcnEncoding::TwoOctets).unwrap();
        let by_value = kenb_star(&k, 101, 1575, EarfcnEncoding::ByValue).unwrap();
        let three = kenb_star(&k, 101, 1575, EarfcnEncoding::ThreeOctets).unwrap();
        assert_eq!(two, by_value);
        assert_ne!(two, three);
        // The 3-octet form is the same KDF with a 3-octet P1.
        assert_eq!(three, kdf(k.expose(), 0x13, &[&[0, 101], &[0, 0x06, 0x27]]));
        assert_eq!(
            kenb_star(&k, 1, 70_000, EarfcnEncoding::ByValue).unwrap(),
            kdf(k.expose(), 0x13, &[&[0, 1], &[0x01, 0x11, 0x70]])
        );
        assert!(kenb_star(&k, 1, 70_000, EarfcnEncoding::TwoOctets).is_err());
        assert!(kenb_star(&k, 1, 262_144, EarfcnEncoding::ThreeOctets).is_err());
    }

    #[test]
    fn nh_chain_counts_derivations() {
        let kasme = Key256::new([1; 32]);
        let kenb0 = Key256::new([2; 32]);
        assert_eq!(nh_chain(&kasme, &kenb0, 0), kenb0);
        let nh1 = nh(&kasme, &kenb0);
        assert_eq!(nh_chain(&kasme, &kenb0, 1), nh1);
        assert_eq!(nh_chain(&kasme, &kenb0, 2), nh(&kasme, &nh1));
    }

    #[test]
    fn mapped_keys_use_their_fc_and_key() {
        let ck = Key128::new([0xc0; 16]);
        let ik = Key128::new([0x1c; 16]);
        let mut key = [0xc0u8; 32];
        key[16..].fill(0x1c);
        assert_eq!(
            kasme_prime_handover(&ck, &ik, 0x0102_0304),
            kdf(&key, 0x18, &[&[1, 2, 3, 4]])
        );
        assert_eq!(
            kasme_prime_idle(&ck, &ik, 7, 9),
            kdf(&key, 0x19, &[&[0, 0, 0, 7], &[0, 0, 0, 9]])
        );
        assert_eq!(
            kasme(&ck, &ik, &[0x00, 0xf1, 0x10], &[1, 2, 3, 4, 5, 6]),
            kdf(&key, 0x10, &[&[0x00, 0xf1, 0x10], &[1, 2, 3, 4, 5, 6]])
        );
        let kasme_k = Key256::new([5; 32]);
        let (ckp, ikp) = ck_ik_prime_handover(&kasme_k, 258);
        let full = kdf(kasme_k.expose(), 0x16, &[&[0, 0, 1, 2]]);
        assert_eq!(ckp.expose()[..], full.expose()[..16]);
        assert_eq!(ikp.expose()[..], full.expose()[16..]);
    }
}
