//! 128-EEA2 and 128-EIA2 (TS 33.401 Annex B.1.3 and B.2.3), on messages given as a bit length.
//!
//! Both build the 64-bit prefix `COUNT (32) || BEARER (5) || DIRECTION (1) || 0^26`. 128-EEA2
//! uses it as the high half of the initial AES-CTR counter block (the low 64 bits count from 0);
//! 128-EIA2 runs AES-CMAC over `prefix || MESSAGE` and keeps the 32 most significant bits.
//! Messages need not be whole octets: EEA2 clears the bits past the length in its last output
//! octet, and EIA2 runs CMAC over the exact bit string (the padding `1 0...0` starts right after
//! the last message bit), which is why CMAC is implemented here on top of the AES block cipher.

use crate::security::error::{SecurityError, SecurityResult};
use crate::security::keys::Key128;
use aes::cipher::{generic_array::GenericArray, BlockEncrypt, KeyInit, KeyIvInit, StreamCipher};
use aes::Aes128;

/// Transmission direction: the DIRECTION bit of EEA/EIA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// 0: UE to network (the DIRECTION input of EEA/EIA, TS 33.401 Annex B).
    Uplink,
    /// 1: network to UE (TS 33.401 Annex B).
    Downlink,
}

impl Direction {
    /// The DIRECTION bit.
    pub fn bit(self) -> u8 {
        match self {
            Direction::Uplink => 0,
            Direction::Downlink => 1,
        }
    }

    /// The direction of bit value `b` (0 uplink, anything else downlink).
    pub fn from_bit(b: u8) -> Self {
        if b == 0 {
            Direction::Uplink
        } else {
            Direction::Downlink
        }
    }
}

/// `COUNT || BEARER || DIRECTION || 0^26` as 8 octets.
fn prefix(count: u32, bearer: u8, direction: Direction) -> SecurityResult<[u8; 8]> {
    if bearer > 31 {
        return Err(SecurityError::invalid(
            "BEARER",
            format!("{bearer} does not fit 5 bits"),
        ));
    }
    let mut p = [0u8; 8];
    p[..4].copy_from_slice(&count.to_be_bytes());
    p[4] = (bearer << 3) | (direction.bit() << 2);
    Ok(p)
}

/// Octets needed for `bit_len` bits; an error if `data` is shorter.
fn octets_for(what: &'static str, data: &[u8], bit_len: usize) -> SecurityResult<usize> {
    let n = bit_len.div_ceil(8);
    if data.len() < n {
        return Err(SecurityError::invalid(
            what,
            format!("{} octets cannot hold {bit_len} bits", data.len()),
        ));
    }
    Ok(n)
}

/// Clears the bits of the last octet past `bit_len` (a no-op on whole octets).
fn clear_tail(buf: &mut [u8], bit_len: usize) {
    let rem = bit_len % 8;
    if rem != 0 {
        if let Some(last) = buf.last_mut() {
            *last &= 0xffu8 << (8 - rem);
        }
    }
}

/// 128-EEA2: encrypts or decrypts the first `bit_len` bits of `data` (both are the same
/// operation). The result has `ceil(bit_len / 8)` octets; bits past `bit_len` in its last octet
/// are zero.
pub fn eea2(
    key: &Key128,
    count: u32,
    bearer: u8,
    direction: Direction,
    data: &[u8],
    bit_len: usize,
) -> SecurityResult<Vec<u8>> {
    let n = octets_for("EEA2 input", data, bit_len)?;
    let mut iv = [0u8; 16];
    iv[..8].copy_from_slice(&prefix(count, bearer, direction)?);
    let mut out = data[..n].to_vec();
    // Only the 64 least significant bits of the counter block count (B.1.3).
    let mut ctr = ctr::Ctr64BE::<Aes128>::new(key.expose().into(), &iv.into());
    ctr.apply_keystream(&mut out);
    clear_tail(&mut out, bit_len);
    Ok(out)
}

/// Doubling in GF(2^128) for the CMAC subkeys (SP 800-38B 6.1).
fn dbl(block: &[u8; 16]) -> [u8; 16] {
    let v = u128::from_be_bytes(*block);
    let carry = (v >> 127) as u8;
    let r = (v << 1) ^ if carry == 1 { 0x87 } else { 0 };
    r.to_be_bytes()
}

fn encrypt_block(cipher: &Aes128, block: &mut [u8; 16]) {
    let b = GenericArray::from_mut_slice(block);
    cipher.encrypt_block(b);
}

/// AES-128-CMAC (NIST SP 800-38B) over the first `bit_len` bits of `data`: the full 16-octet
/// tag. For whole octets this equals every octet-oriented CMAC; otherwise the final block is the
/// message's last bits, a `1` bit, and zeros, masked with subkey K2.
pub fn cmac_aes128_bits(key: &Key128, data: &[u8], bit_len: usize) -> SecurityResult<[u8; 16]> {
    let n_octets = octets_for("CMAC input", data, bit_len)?;
    let cipher = Aes128::new(key.expose().into());
    let mut l = [0u8; 16];
    encrypt_block(&cipher, &mut l);
    let k1 = dbl(&l);
    let k2 = dbl(&k1);
    l.fill(0);

    let blocks = bit_len.div_ceil(128).max(1);
    let complete_last = bit_len > 0 && bit_len % 128 == 0;
    let mut state = [0u8; 16];
    for i in 0..blocks {
        let start = i * 16;
        let mut m = [0u8; 16];
        let end = (start + 16).min(n_octets);
        if start < end {
            m[..end - start].copy_from_slice(&data[start..end]);
        }
        if i + 1 == blocks {
            if complete_last {
                xor_into(&mut m, &k1);
            } else {
                // The message bits of the last block (octets past them are already zero), then
                // the 1 bit; K2 masks the padded block.
                let used = bit_len - i * 128;
                clear_tail(&mut m[..used.div_ceil(8).max(1)], used);
                if used % 8 == 0 {
                    // Whole octets: the pad octet follows them (used < 128 here).
                    m[used / 8] = 0x80;
                } else {
                    m[used / 8] |= 0x80 >> (used % 8);
                }
                xor_into(&mut m, &k2);
            }
        }
        xor_into(&mut state, &m);
        encrypt_block(&cipher, &mut state);
    }
    Ok(state)
}

fn xor_into(a: &mut [u8; 16], b: &[u8; 16]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x ^= y;
    }
}

/// 128-EIA2: the 32-bit MAC of the first `bit_len` bits of `message`.
pub fn eia2(
    key: &Key128,
    count: u32,
    bearer: u8,
    direction: Direction,
    message: &[u8],
    bit_len: usize,
) -> SecurityResult<[u8; 4]> {
    let n = octets_for("EIA2 message", message, bit_len)?;
    let mut m = Vec::with_capacity(8 + n);
    m.extend_from_slice(&prefix(count, bearer, direction)?);
    m.extend_from_slice(&message[..n]);
    let t = cmac_aes128_bits(key, &m, 64 + bit_len)?;
    Ok([t[0], t[1], t[2], t[3]])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmac::Mac;

    #[test]
    fn bitwise_cmac_matches_the_octet_cmac_crate() {
        // RFC 4493 key; lengths 0..=40 octets cover empty, partial, exact and multi-block cases.
        let key = Key128::new(
            hex::decode("2b7e151628aed2a6abf7158809cf4f3c")
                .unwrap()
                .try_into()
                .unwrap(),
        );
        let data: Vec<u8> = (0u8..40)
            .map(|i| i.wrapping_mul(37).wrapping_add(11))
            .collect();
        for len in 0..=40 {
            let mut c = <cmac::Cmac<Aes128> as cmac::Mac>::new_from_slice(key.expose()).unwrap();
            c.update(&data[..len]);
            let want: [u8; 16] = c.finalize().into_bytes().into();
            assert_eq!(
                cmac_aes128_bits(&key, &data, len * 8).unwrap(),
                want,
                "len {len}"
            );
        }
    }

    #[test]
    fn rfc4493_example_2() {
        let key = Key128::new(
            hex::decode("2b7e151628aed2a6abf7158809cf4f3c")
                .unwrap()
                .try_into()
                .unwrap(),
        );
        let m = hex::decode("6bc1bee22e409f96e93d7e117393172a").unwrap();
        assert_eq!(
            hex::encode(cmac_aes128_bits(&key, &m, 128).unwrap()),
            "070a16b46b4d4144f79bdd9dd04a287c"
        );
    }

    #[test]
    fn bits_past_length_do_not_matter() {
        let key = Key128::new([9; 16]);
        let a = [0xff, 0xff, 0xf0];
        let b = [0xff, 0xff, 0xff];
        assert_eq!(
            eia2(&key, 1, 2, Direction::Uplink, &a, 20).unwrap(),
            eia2(&key, 1, 2, Direction::Uplink, &b, 20).unwrap()
        );
        assert_ne!(
            eia2(&key, 1, 2, Direction::Uplink, &a, 20).unwrap(),
            eia2(&key, 1, 2, Direction::Uplink, &a, 21).unwrap()
        );
        let c1 = eea2(&key, 1, 2, Direction::Downlink, &a, 20).unwrap();
        let c2 = eea2(&key, 1, 2, Direction::Downlink, &b, 20).unwrap();
        assert_eq!(c1, c2);
        assert_eq!(c1[2] & 0x0f, 0);
    }

    #[test]
    fn bad_inputs_are_errors() {
        let key = Key128::new([9; 16]);
        assert!(eia2(&key, 0, 32, Direction::Uplink, &[0], 8).is_err());
        assert!(eea2(&key, 0, 0, Direction::Uplink, &[0], 9).is_err());
    }
}
