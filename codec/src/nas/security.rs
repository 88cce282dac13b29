//! NAS message protection (TS 24.301 4.4.3, TS 33.401 Annex B): NAS COUNT, NAS-MAC
//! verification with 128-EIA2, deciphering with 128-EEA2, building protected messages, and
//! finding the NAS COUNT when only its 8-bit sequence number is on the wire.
//!
//! For NAS, BEARER is 0 and DIRECTION is 0 uplink, 1 downlink; the MAC covers the sequence
//! number and the (ciphered) message, the cipher covers the message.

use crate::nas::{ProtectedNas, SecurityHeaderType, EPS_MM_PD};
use crate::security::eps::{eea2, eia2, Direction};
use crate::security::error::{SecurityError, SecurityResult};
use crate::security::kdf::nas_keys;
use crate::security::keys::{ct_eq, Key128, Key256};
use std::ops::RangeInclusive;

/// BEARER of every NAS protection.
pub const NAS_BEARER: u8 = 0;

/// A NAS COUNT: `0x00 || NAS overflow (16) || sequence number (8)`; 24 bits are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct NasCount(u32);

impl NasCount {
    /// The COUNT with this overflow counter and sequence number.
    pub fn new(overflow: u16, sequence_number: u8) -> Self {
        NasCount((u32::from(overflow) << 8) | u32::from(sequence_number))
    }

    /// The COUNT of 24-bit value `v` (higher bits are dropped: they are always 0).
    pub fn from_value(v: u32) -> Self {
        NasCount(v & 0x00ff_ffff)
    }

    /// The 32-bit COUNT input of EEA/EIA.
    pub fn value(self) -> u32 {
        self.0
    }

    /// The NAS overflow counter.
    pub fn overflow(self) -> u16 {
        (self.0 >> 8) as u16
    }

    /// The sequence number (8 LSBs).
    pub fn sequence_number(self) -> u8 {
        self.0 as u8
    }

    /// The COUNT of the next message (wraps at 2^24).
    pub fn next(self) -> Self {
        NasCount::from_value(self.0.wrapping_add(1))
    }

    /// The COUNT of a received sequence number `sqn` when `expected` is the COUNT the next
    /// message should have: the overflow of `expected`, plus one when `sqn` is below
    /// `expected`'s sequence number (the sequence number wrapped), as a receiver estimates it
    /// (TS 24.301 4.4.3.1).
    pub fn estimate(expected: NasCount, sqn: u8) -> Self {
        let overflow = if sqn < expected.sequence_number() {
            expected.overflow().wrapping_add(1)
        } else {
            expected.overflow()
        };
        NasCount::new(overflow, sqn)
    }
}

/// Where the NAS COUNT of a message came from (key-refresh.md section 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CountSource {
    /// From outside the capture: the keys file, or a GTP MM Context's NAS COUNT.
    Given,
    /// From the NAS messages of the UE seen so far.
    Followed,
    /// Found by trying overflow values until the NAS-MAC verified (NAS-COUNT-SEARCHED).
    Searched,
}

/// What the caller knows about the COUNT of the next message in one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountHint {
    /// The COUNT the next message is expected to have.
    pub next: NasCount,
    /// Where that expectation comes from ([`CountSource::Given`] or [`CountSource::Followed`]).
    pub source: CountSource,
}

/// A NAS COUNT under which a message's NAS-MAC verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ResolvedCount {
    /// The COUNT.
    pub count: NasCount,
    /// How it was obtained; [`CountSource::Searched`] must be reported as such.
    pub source: CountSource,
    /// How many COUNT values were tried (1 when the hint was right).
    pub candidates_tried: u32,
}

/// Ciphering algorithm identities keyhop implements for NAS: 0 (EEA0, null) and 2 (128-EEA2).
fn check_eea(eea: u8) -> SecurityResult<()> {
    match eea {
        0 | 2 => Ok(()),
        n => Err(SecurityError::UnsupportedAlgorithm {
            what: format!("EEA{n} (keyhop implements EEA0 and 128-EEA2)"),
        }),
    }
}

fn check_eia(eia: u8) -> SecurityResult<()> {
    match eia {
        2 => Ok(()),
        n => Err(SecurityError::UnsupportedAlgorithm {
            what: format!("EIA{n} (keyhop implements 128-EIA2)"),
        }),
    }
}

/// The NAS security keys and algorithms of a UE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NasKeys {
    /// K_NASenc.
    pub k_nas_enc: Key128,
    /// K_NASint.
    pub k_nas_int: Key128,
    /// Ciphering algorithm identity (0 or 2 supported).
    pub eea: u8,
    /// Integrity algorithm identity (2 supported).
    pub eia: u8,
}

impl NasKeys {
    /// K_NASenc and K_NASint derived from KASME for `eea` and `eia` (TS 33.401 A.7).
    pub fn from_kasme(kasme: &Key256, eea: u8, eia: u8) -> Self {
        let (k_nas_enc, k_nas_int) = nas_keys(kasme, eea, eia);
        NasKeys {
            k_nas_enc,
            k_nas_int,
            eea,
            eia,
        }
    }

    /// The NAS-MAC of `sequence_number || message` under `count` and `direction`.
    pub fn mac(
        &self,
        count: NasCount,
        direction: Direction,
        sequence_number: u8,
        message: &[u8],
    ) -> SecurityResult<[u8; 4]> {
        check_eia(self.eia)?;
        let mut input = Vec::with_capacity(1 + message.len());
        input.push(sequence_number);
        input.extend_from_slice(message);
        eia2(
            &self.k_nas_int,
            count.value(),
            NAS_BEARER,
            direction,
            &input,
            input.len() * 8,
        )
    }

    /// Checks the NAS-MAC of `pdu` under `count` (constant-time compare).
    /// [`SecurityError::IntegrityCheckFailed`] if it does not verify; an error as well if the
    /// sequence number on the wire is not `count`'s.
    pub fn verify(
        &self,
        pdu: &ProtectedNas<'_>,
        count: NasCount,
        direction: Direction,
    ) -> SecurityResult<()> {
        if count.sequence_number() != pdu.sequence_number {
            return Err(SecurityError::invalid(
                "NAS COUNT",
                format!(
                    "sequence number {} of the COUNT is not the {} on the wire",
                    count.sequence_number(),
                    pdu.sequence_number
                ),
            ));
        }
        let mac = self.mac(count, direction, pdu.sequence_number, pdu.message)?;
        if ct_eq(&mac, &pdu.mac) {
            Ok(())
        } else {
            Err(SecurityError::IntegrityCheckFailed { what: "NAS-MAC" })
        }
    }

    /// Finds the COUNT under which `pdu`'s NAS-MAC verifies: first the estimate from `hint`
    /// ([`NasCount::estimate`]), then, if `search` is given, every overflow value in it. A
    /// 32-bit MAC tried against up to 65536 values matches by chance with probability about
    /// 2^-16, which is why a searched COUNT is reported as [`CountSource::Searched`].
    pub fn resolve_count(
        &self,
        pdu: &ProtectedNas<'_>,
        direction: Direction,
        hint: Option<CountHint>,
        search: Option<RangeInclusive<u16>>,
    ) -> SecurityResult<ResolvedCount> {
        check_eia(self.eia)?;
        let mut tried = 0u32;
        let mut hinted = None;
        if let Some(h) = hint {
            let c = NasCount::estimate(h.next, pdu.sequence_number);
            tried += 1;
            hinted = Some(c.overflow());
            if self.verify(pdu, c, direction).is_ok() {
                return Ok(ResolvedCount {
                    count: c,
                    source: h.source,
                    candidates_tried: tried,
                });
            }
        }
        if let Some(range) = search {
            for overflow in range {
                if Some(overflow) == hinted {
                    continue;
                }
                let c = NasCount::new(overflow, pdu.sequence_number);
                tried += 1;
                if self.verify(pdu, c, direction).is_ok() {
                    return Ok(ResolvedCount {
                        count: c,
                        source: CountSource::Searched,
                        candidates_tried: tried,
                    });
                }
            }
        }
        Err(SecurityError::IntegrityCheckFailed {
            what: "NAS-MAC (no NAS COUNT tried verifies)",
        })
    }

    /// Deciphers the message of `pdu` under `count` (no MAC check: see [`NasKeys::unprotect`]).
    /// Types 1 and 3 are not ciphered and come back as they are; type 5 (partially ciphered)
    /// is not supported.
    pub fn decipher(
        &self,
        pdu: &ProtectedNas<'_>,
        count: NasCount,
        direction: Direction,
    ) -> SecurityResult<Vec<u8>> {
        match pdu.header_type {
            t if t.is_ciphered() => self.cipher(count, direction, pdu.message),
            SecurityHeaderType::IntegrityProtectedPartiallyCiphered => {
                Err(SecurityError::UnsupportedAlgorithm {
                    what: "partial ciphering (security header type 5)".into(),
                })
            }
            _ => Ok(pdu.message.to_vec()),
        }
    }

    /// Verifies the NAS-MAC, then deciphers: the plain NAS message.
    pub fn unprotect(
        &self,
        pdu: &ProtectedNas<'_>,
        count: NasCount,
        direction: Direction,
    ) -> SecurityResult<Vec<u8>> {
        self.verify(pdu, count, direction)?;
        self.decipher(pdu, count, direction)
    }

    /// EEA of the whole octets of `data` (ciphers and deciphers alike).
    fn cipher(
        &self,
        count: NasCount,
        direction: Direction,
        data: &[u8],
    ) -> SecurityResult<Vec<u8>> {
        check_eea(self.eea)?;
        if self.eea == 0 {
            return Ok(data.to_vec());
        }
        eea2(
            &self.k_nas_enc,
            count.value(),
            NAS_BEARER,
            direction,
            data,
            data.len() * 8,
        )
    }

    /// Builds a security-protected NAS message of `header_type` (1-4) around the plain NAS
    /// message `plain`: ciphers it for types 2 and 4, then computes the NAS-MAC over the
    /// sequence number and the result. The sequence number is `count`'s.
    pub fn protect(
        &self,
        header_type: SecurityHeaderType,
        count: NasCount,
        direction: Direction,
        plain: &[u8],
    ) -> SecurityResult<Vec<u8>> {
        if !(1..=4).contains(&header_type.value()) || !header_type.has_mac_and_sqn() {
            return Err(SecurityError::invalid(
                "security header type",
                format!("{} cannot be built (1 to 4 only)", header_type.name()),
            ));
        }
        if plain.is_empty() {
            return Err(SecurityError::invalid("NAS message", "empty"));
        }
        let body = if header_type.is_ciphered() {
            self.cipher(count, direction, plain)?
        } else {
            plain.to_vec()
        };
        let sqn = count.sequence_number();
        let mac = self.mac(count, direction, sqn, &body)?;
        let mut out = Vec::with_capacity(6 + body.len());
        out.push((header_type.value() << 4) | EPS_MM_PD);
        out.extend_from_slice(&mac);
        out.push(sqn);
        out.extend_from_slice(&body);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nas::NasPdu;

    fn keys() -> NasKeys {
        NasKeys::from_kasme(&Key256::new([0x33; 32]), 2, 2)
    }

    fn protected(k: &NasKeys, count: NasCount, dir: Direction) -> Vec<u8> {
        k.protect(
            SecurityHeaderType::IntegrityProtectedCiphered,
            count,
            dir,
            &[0x07, 0x68, 0xf7, 0x00, 0x01, 0xaa],
        )
        .unwrap()
    }

    #[test]
    fn count_parts() {
        let c = NasCount::new(0x0102, 0x05);
        assert_eq!(c.value(), 0x0001_0205);
        assert_eq!((c.overflow(), c.sequence_number()), (0x0102, 5));
        assert_eq!(NasCount::new(1, 255).next(), NasCount::new(2, 0));
        assert_eq!(
            NasCount::from_value(0xffff_ffff).next(),
            NasCount::new(0, 0)
        );
    }

    #[test]
    fn estimate_wraps_the_sequence_number() {
        let expected = NasCount::new(3, 250);
        assert_eq!(NasCount::estimate(expected, 250), NasCount::new(3, 250));
        assert_eq!(NasCount::estimate(expected, 252), NasCount::new(3, 252));
        assert_eq!(NasCount::estimate(expected, 2), NasCount::new(4, 2));
        assert_eq!(
            NasCount::estimate(NasCount::new(0xffff, 200), 1),
            NasCount::new(0, 1)
        );
    }

    #[test]
    fn protect_verify_unprotect() {
        let k = keys();
        let count = NasCount::new(1, 5);
        let b = protected(&k, count, Direction::Downlink);
        let NasPdu::Protected(p) = NasPdu::decode(&b).unwrap() else {
            panic!()
        };
        assert_eq!(
            k.unprotect(&p, count, Direction::Downlink).unwrap(),
            [0x07, 0x68, 0xf7, 0x00, 0x01, 0xaa]
        );
        // Wrong direction or overflow: the MAC fails.
        assert_eq!(
            k.verify(&p, count, Direction::Uplink).unwrap_err(),
            SecurityError::IntegrityCheckFailed { what: "NAS-MAC" }
        );
        assert!(k
            .verify(&p, NasCount::new(2, 5), Direction::Downlink)
            .is_err());
        // A COUNT whose sequence number is not the wire's is refused outright.
        assert!(matches!(
            k.verify(&p, NasCount::new(1, 6), Direction::Downlink),
            Err(SecurityError::InvalidInput { .. })
        ));
    }

    #[test]
    fn resolve_given_followed_and_searched() {
        let k = keys();
        let count = NasCount::new(7, 3);
        let b = protected(&k, count, Direction::Uplink);
        let NasPdu::Protected(p) = NasPdu::decode(&b).unwrap() else {
            panic!()
        };

        // The hint is right (the SQN wrapped past 250): its source is kept.
        let r = k
            .resolve_count(
                &p,
                Direction::Uplink,
                Some(CountHint {
                    next: NasCount::new(6, 250),
                    source: CountSource::Followed,
                }),
                None,
            )
            .unwrap();
        assert_eq!(
            (r.count, r.source, r.candidates_tried),
            (count, CountSource::Followed, 1)
        );

        let r = k
            .resolve_count(
                &p,
                Direction::Uplink,
                Some(CountHint {
                    next: NasCount::new(7, 0),
                    source: CountSource::Given,
                }),
                None,
            )
            .unwrap();
        assert_eq!((r.count, r.source), (count, CountSource::Given));

        // A wrong hint and no search: failure.
        let wrong = Some(CountHint {
            next: NasCount::new(2, 0),
            source: CountSource::Given,
        });
        assert!(k.resolve_count(&p, Direction::Uplink, wrong, None).is_err());

        // A wrong hint with a search: found, and said to be searched.
        let r = k
            .resolve_count(&p, Direction::Uplink, wrong, Some(0..=100))
            .unwrap();
        assert_eq!(r.count, count);
        assert_eq!(r.source, CountSource::Searched);
        // Overflow 2 (the hint) is skipped in the search: 1 + overflows 0, 1, 3..=7.
        assert_eq!(r.candidates_tried, 1 + 7);

        // No hint at all.
        let r = k
            .resolve_count(&p, Direction::Uplink, None, Some(0..=u16::MAX))
            .unwrap();
        assert_eq!(
            (r.count, r.source, r.candidates_tried),
            (count, CountSource::Searched, 8)
        );

        // Outside the searched range: not found.
        assert!(k
            .resolve_count(&p, Direction::Uplink, None, Some(8..=20))
            .is_err());
    }

    #[test]
    fn unsupported_algorithms_say_so() {
        let mut k = keys();
        k.eia = 1;
        let e = k
            .mac(NasCount::new(0, 0), Direction::Uplink, 0, &[1])
            .unwrap_err();
        assert!(e.to_string().contains("EIA1"), "{e}");
        let mut k = keys();
        k.eea = 3;
        assert!(k
            .protect(
                SecurityHeaderType::IntegrityProtectedCiphered,
                NasCount::new(0, 0),
                Direction::Uplink,
                &[7]
            )
            .is_err());
        // EEA0 ciphers nothing.
        k.eea = 0;
        let b = k
            .protect(
                SecurityHeaderType::IntegrityProtectedCiphered,
                NasCount::new(0, 9),
                Direction::Uplink,
                &[7, 0x41],
            )
            .unwrap();
        assert_eq!(&b[5..], &[9, 7, 0x41]);
    }
}
