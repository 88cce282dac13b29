//! The MAKR H_key delivery (key-refresh.md section 6, step 5): a DOWNLINK GENERIC NAS
//! TRANSPORT whose generic message container (type 0xF7, used privately by the profile)
//! carries `version 0x01 | refreshCounter (2) | kdf (1) | H_key length (1) | H_key`.
//!
//! Plain: `0x07 0x68 | 0xF7 | container length (2) | container [| optional IEs]`; sent
//! protected with security header type 2 under K_NASenc/K_NASint, downlink.

use crate::error::{Context, DecodeResult, ErrorKind, Protocol};
use crate::nas::security::{NasCount, NasKeys};
use crate::nas::SecurityHeaderType;
use crate::security::eps::Direction;
use crate::security::error::{SecurityError, SecurityResult};
use crate::security::keys::SecretKey;
use crate::security::makr::KdfAlgorithm;
use crate::wire::Reader;

/// First octet of the plain message: security header type 0, EPS MM.
pub const PLAIN_EMM_HEADER: u8 = 0x07;
/// Message type DOWNLINK GENERIC NAS TRANSPORT.
pub const DOWNLINK_GENERIC_NAS_TRANSPORT: u8 = 0x68;
/// Generic message container type of the H_key delivery (reserved in TS 24.301, private here).
pub const HKEY_CONTAINER_TYPE: u8 = 0xF7;
/// Container version of this profile.
pub const HKEY_CONTAINER_VERSION: u8 = 0x01;

/// An H_key delivery: which refresh it names, the KDF to use with it, and the H_key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HkeyDelivery {
    /// The refreshCounter this H_key belongs to.
    pub refresh_counter: u16,
    /// The KeNB KDF to use with it.
    pub kdf: KdfAlgorithm,
    /// H_key (16 octets for aes-block; 16 or 32 for aes-cmac-ctr).
    pub h_key: SecretKey,
    /// Optional IEs after the container (e.g. Additional information), kept raw.
    pub trailing: Vec<u8>,
}

/// The H_key lengths `kdf` allows, or None when any length is accepted (unknown KDF).
fn allowed_lengths(kdf: KdfAlgorithm) -> Option<&'static [usize]> {
    match kdf {
        KdfAlgorithm::AesBlock => Some(&[16]),
        KdfAlgorithm::AesCmacCtr => Some(&[16, 32]),
        KdfAlgorithm::Unknown(_) => None,
    }
}

impl HkeyDelivery {
    /// A delivery without trailing IEs.
    pub fn new(refresh_counter: u16, kdf: KdfAlgorithm, h_key: SecretKey) -> Self {
        HkeyDelivery {
            refresh_counter,
            kdf,
            h_key,
            trailing: Vec::new(),
        }
    }

    /// The plain NAS message. An error if H_key's length does not suit the KDF.
    pub fn encode(&self) -> SecurityResult<Vec<u8>> {
        let n = self.h_key.len();
        let ok = match allowed_lengths(self.kdf) {
            Some(l) => l.contains(&n),
            None => n <= 0xff,
        };
        if !ok {
            return Err(SecurityError::KeyLength {
                what: "H_key",
                expected: if self.kdf == KdfAlgorithm::AesBlock {
                    "16 for aes-block"
                } else {
                    "16 or 32"
                },
                got: n,
            });
        }
        let mut v = Vec::with_capacity(10 + n + self.trailing.len());
        v.extend_from_slice(&[
            PLAIN_EMM_HEADER,
            DOWNLINK_GENERIC_NAS_TRANSPORT,
            HKEY_CONTAINER_TYPE,
        ]);
        v.extend_from_slice(&((5 + n) as u16).to_be_bytes());
        v.push(HKEY_CONTAINER_VERSION);
        v.extend_from_slice(&self.refresh_counter.to_be_bytes());
        v.push(self.kdf.index());
        v.push(n as u8);
        v.extend_from_slice(self.h_key.expose());
        v.extend_from_slice(&self.trailing);
        Ok(v)
    }

    /// Parses the plain NAS message. Errors say which field is wrong and where: not a plain
    /// EMM message, not a DOWNLINK GENERIC NAS TRANSPORT, another container type or version,
    /// lengths that disagree, or an H_key length the KDF does not allow.
    pub fn decode(plain: &[u8]) -> DecodeResult<Self> {
        let mut r = Reader::new(plain, Protocol::Nas);
        let h = r.u8().ctx("security_header_type")?;
        if h != PLAIN_EMM_HEADER {
            return Err(r
                .error(
                    ErrorKind::Invalid,
                    format!("first octet {h:#04x} is not a plain EMM message (0x07)"),
                )
                .shifted_back()
                .in_field("security_header_type"));
        }
        let mt = r.u8().ctx("message_type")?;
        if mt != DOWNLINK_GENERIC_NAS_TRANSPORT {
            return Err(r
                .error(
                    ErrorKind::Invalid,
                    format!("message type {mt:#04x} is not DOWNLINK GENERIC NAS TRANSPORT (0x68)"),
                )
                .shifted_back()
                .in_field("message_type"));
        }
        let ct = r.u8().ctx("generic_message_container_type")?;
        if ct != HKEY_CONTAINER_TYPE {
            return Err(r
                .error(
                    ErrorKind::Invalid,
                    format!("container type {ct:#04x} is not the H_key delivery (0xf7)"),
                )
                .shifted_back()
                .in_field("generic_message_container_type"));
        }
        let len = r.u16().ctx("generic_message_container")? as usize;
        let mut c = r.sub(len).ctx("generic_message_container")?;
        let v = c.u8().ctx("version").ctx("generic_message_container")?;
        if v != HKEY_CONTAINER_VERSION {
            return Err(c
                .error(
                    ErrorKind::Invalid,
                    format!("container version {v} is not 1"),
                )
                .shifted_back()
                .in_field("version")
                .in_field("generic_message_container"));
        }
        let refresh_counter = c
            .u16()
            .ctx("refresh_counter")
            .ctx("generic_message_container")?;
        let kdf = KdfAlgorithm::from_index(c.u8().ctx("kdf").ctx("generic_message_container")?);
        let klen = c
            .u8()
            .ctx("h_key_length")
            .ctx("generic_message_container")? as usize;
        if let Some(l) = allowed_lengths(kdf) {
            if !l.contains(&klen) {
                return Err(c
                    .error(
                        ErrorKind::BadLength,
                        format!("H_key of {klen} octets, {} allows {l:?}", kdf.name()),
                    )
                    .shifted_back()
                    .in_field("h_key_length")
                    .in_field("generic_message_container"));
            }
        }
        let key = c.take(klen).ctx("h_key").ctx("generic_message_container")?;
        if !c.is_empty() {
            return Err(c
                .error(
                    ErrorKind::BadLength,
                    format!("{} octets after H_key in the container", c.remaining()),
                )
                .in_field("generic_message_container"));
        }
        Ok(HkeyDelivery {
            refresh_counter,
            kdf,
            h_key: SecretKey::from_slice(key),
            trailing: r.rest().to_vec(),
        })
    }

    /// The step-5 message: this delivery protected with security header type 2 (integrity
    /// protected and ciphered), downlink, under `keys` and the NAS downlink `count`.
    pub fn protect(&self, keys: &NasKeys, count: NasCount) -> SecurityResult<Vec<u8>> {
        let mut plain = self.encode()?;
        let out = keys.protect(
            SecurityHeaderType::IntegrityProtectedCiphered,
            count,
            Direction::Downlink,
            &plain,
        );
        zeroize::Zeroize::zeroize(&mut plain);
        out
    }
}

/// Moves an error raised after reading a one-octet field back onto that octet.
trait ShiftBack {
    fn shifted_back(self) -> Self;
}

impl ShiftBack for crate::error::DecodeError {
    fn shifted_back(mut self) -> Self {
        self.bit_offset = self.bit_offset.saturating_sub(8);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_name_fields() {
        let good = hex::decode("0768f700150100070110000102030405060708090a0b0c0d0e0f").unwrap();
        let d = HkeyDelivery::decode(&good).unwrap();
        assert_eq!(d.encode().unwrap(), good);

        let mut b = good.clone();
        b[2] = 0x01;
        let e = HkeyDelivery::decode(&b).unwrap_err();
        assert_eq!(
            (e.path().as_str(), e.byte_offset()),
            ("generic_message_container_type", 2)
        );

        let mut b = good.clone();
        b[5] = 2;
        let e = HkeyDelivery::decode(&b).unwrap_err();
        assert_eq!(
            (e.path().as_str(), e.byte_offset()),
            ("generic_message_container.version", 5)
        );

        // aes-block (kdf 0) with a 16-octet key is fine; with 32 it is not.
        let mut b = good.clone();
        b[8] = 0;
        assert_eq!(
            HkeyDelivery::decode(&b).unwrap().kdf,
            KdfAlgorithm::AesBlock
        );
        let d32 = HkeyDelivery::new(1, KdfAlgorithm::AesBlock, SecretKey::new(vec![0; 32]));
        assert!(d32.encode().is_err());

        // Container length larger than the message.
        let mut b = good.clone();
        b[4] = 0x30;
        let e = HkeyDelivery::decode(&b).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Truncated);
        assert!(HkeyDelivery::decode(&good[..good.len() - 1]).is_err());
        for n in 0..good.len() {
            assert!(HkeyDelivery::decode(&good[..n]).is_err());
        }
    }

    #[test]
    fn trailing_ies_kept() {
        let mut b = hex::decode("0768f700150100070110000102030405060708090a0b0c0d0e0f").unwrap();
        b.extend_from_slice(&[0x65, 0x01, 0xaa]);
        let d = HkeyDelivery::decode(&b).unwrap();
        assert_eq!(d.trailing, [0x65, 0x01, 0xaa]);
        assert_eq!(d.encode().unwrap(), b);
    }
}
