//! NAS (TS 24.301) security-protected message framing, NAS COUNT handling and protection with
//! 128-EEA2/128-EIA2, and the MAKR H_key delivery message (key-refresh.md section 6).
//!
//! This module: the header of clause 9.1 and 9.3.1 (security header type, NAS-MAC, sequence
//! number; the SERVICE REQUEST header). [`msg`] names every EMM/ESM message and reads the IEs
//! of the plain messages that matter to handover security, for output only.
//!
//! [`decode`] and [`encode`] (in [`pdu`]) read a PDU losslessly: the security header, the plain
//! message's IEs in wire order (typed where keyhop reads them, octets otherwise), so that
//! encoding gives the input back byte for byte, and an edited message as edited.
//!
//! ```
//! use keyhop_codec::nas::{self, pdu::{Inner, Message}};
//!
//! // An integrity protected and ciphered EMM message (security header type 2, TS 24.301
//! // clause 9.3.1): NAS-MAC, sequence number 5, then the ciphered message.
//! let bytes = [0x27, 0xde, 0xad, 0xbe, 0xef, 0x05, 0x9a, 0x4c, 0x01];
//! let m = nas::decode(&bytes)?;
//! let Message::Protected(p) = &m else { panic!("protected") };
//! assert_eq!((p.header_type.value(), p.sequence_number), (2, 5));
//! let Inner::Octets(c) = &p.inner else { panic!("ciphered") };
//! assert_eq!(c.as_bytes(), [0x9a, 0x4c, 0x01]);
//! assert_eq!(nas::encode(&m)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod hkey;
pub mod msg;
pub mod pdu;
pub mod security;

pub use hkey::HkeyDelivery;
pub use pdu::{decode, decode_directed, encode, Message};
pub use security::{CountHint, CountSource, NasCount, NasKeys, ResolvedCount};

use crate::error::{Context, DecodeResult, ErrorKind, Protocol};
use crate::wire::Reader;

/// Protocol discriminator of EPS mobility management messages.
pub const EPS_MM_PD: u8 = 0x7;

crate::open_enum! {
    /// Security header type (TS 24.301 clause 9.3.1), the high nibble of an EMM message's first
    /// octet. Open: 6-11 are kept as `Unknown` (13-15 are read as SERVICE REQUEST, as TS 24.301
    /// says: see [`SecurityHeaderType::is_service_request`]).
    pub enum SecurityHeaderType: u8 {
        /// 0: a plain NAS message, no security header.
        Plain = 0 => "plain",
        /// 1: integrity protected (NAS-MAC and sequence number before the message).
        IntegrityProtected = 1 => "integrity_protected",
        /// 2: integrity protected and ciphered.
        IntegrityProtectedCiphered = 2 => "integrity_protected_and_ciphered",
        /// 3: integrity protected with a new EPS security context (SECURITY MODE COMMAND).
        IntegrityProtectedNewContext = 3 => "integrity_protected_with_new_eps_security_context",
        /// 4: integrity protected and ciphered with a new EPS security context (SECURITY MODE
        /// COMPLETE).
        IntegrityProtectedCipheredNewContext = 4 => "integrity_protected_and_ciphered_with_new_eps_security_context",
        /// 5: integrity protected and partially ciphered (CONTROL PLANE SERVICE REQUEST).
        IntegrityProtectedPartiallyCiphered = 5 => "integrity_protected_and_partially_ciphered",
        /// 12: the security header of the SERVICE REQUEST message (its own short layout).
        ServiceRequest = 12 => "service_request",
    }
}

impl SecurityHeaderType {
    /// True when the message after the sequence number is ciphered (types 2 and 4; type 5 is
    /// only partly ciphered and is not deciphered by keyhop).
    pub fn is_ciphered(self) -> bool {
        matches!(
            self,
            SecurityHeaderType::IntegrityProtectedCiphered
                | SecurityHeaderType::IntegrityProtectedCipheredNewContext
        )
    }

    /// True for the layouts with NAS-MAC and sequence number (types 1-5).
    pub fn has_mac_and_sqn(self) -> bool {
        (1..=5).contains(&self.value())
    }

    /// True for the SERVICE REQUEST layout (12, and 13-15 read as 12).
    pub fn is_service_request(self) -> bool {
        self.value() >= 12
    }
}

/// A security-protected NAS message (types 1-5): `SHT|PD (1) | NAS-MAC (4) | SQN (1) |
/// message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedNas<'a> {
    /// The security header type (1-5).
    pub header_type: SecurityHeaderType,
    /// The protocol discriminator (7, EPS MM).
    pub pd: u8,
    /// NAS-MAC.
    pub mac: [u8; 4],
    /// Sequence number: the 8 least significant bits of the NAS COUNT.
    pub sequence_number: u8,
    /// The NAS message after the sequence number (ciphered for types 2 and 4).
    pub message: &'a [u8],
}

impl ProtectedNas<'_> {
    /// Octets the MAC covers: sequence number || message.
    pub fn mac_input(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(1 + self.message.len());
        v.push(self.sequence_number);
        v.extend_from_slice(self.message);
        v
    }
}

/// The SERVICE REQUEST message (security header type 12): `SHT|PD | KSI (3 bits) and sequence
/// number (5 bits) | short MAC (2)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequest<'a> {
    /// The raw header type (12, or 13-15 read as 12).
    pub header_type: u8,
    /// The protocol discriminator (7).
    pub pd: u8,
    /// Key set identifier for E-UTRAN (3 bits).
    pub ksi: u8,
    /// The 5 least significant bits of the NAS COUNT.
    pub sequence_number: u8,
    /// The 2 least significant octets of the NAS-MAC.
    pub short_mac: [u8; 2],
    /// Octets after the 4 of the message, kept raw.
    pub trailing: &'a [u8],
}

/// A NAS PDU as far as its security header goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NasPdu<'a> {
    /// A plain NAS message (security header type 0, or a protocol other than EPS MM): the
    /// whole PDU.
    Plain(&'a [u8]),
    /// A security-protected message (types 1-5).
    Protected(ProtectedNas<'a>),
    /// A SERVICE REQUEST (types 12-15).
    ServiceRequest(ServiceRequest<'a>),
    /// An EPS MM message with a reserved security header type (6-11): the whole PDU, raw.
    Reserved(&'a [u8]),
}

impl<'a> NasPdu<'a> {
    /// Splits `pdu` by its security header. Errors (truncation) name the field and offset.
    pub fn decode(pdu: &'a [u8]) -> DecodeResult<Self> {
        let mut r = Reader::new(pdu, Protocol::Nas);
        let first = r.u8().ctx("security_header_type")?;
        let pd = first & 0x0f;
        let sht = SecurityHeaderType::from_value(first >> 4);
        // Only EMM messages carry a security header; in ESM (PD 2) the high nibble is the EPS
        // bearer identity.
        if pd != EPS_MM_PD || sht == SecurityHeaderType::Plain {
            return Ok(NasPdu::Plain(pdu));
        }
        if sht.is_service_request() {
            let b = r.u8().ctx("ksi_and_sequence_number")?;
            let short_mac = r.array::<2>().ctx("short_mac")?;
            return Ok(NasPdu::ServiceRequest(ServiceRequest {
                header_type: sht.value(),
                pd,
                ksi: b >> 5,
                sequence_number: b & 0x1f,
                short_mac,
                trailing: r.rest(),
            }));
        }
        if !sht.has_mac_and_sqn() {
            return Ok(NasPdu::Reserved(pdu));
        }
        let mac = r.array::<4>().ctx("nas_mac")?;
        let sequence_number = r.u8().ctx("sequence_number")?;
        if r.is_empty() {
            return Err(r
                .error(
                    ErrorKind::Truncated,
                    "no NAS message after the sequence number",
                )
                .in_field("message"));
        }
        Ok(NasPdu::Protected(ProtectedNas {
            header_type: sht,
            pd,
            mac,
            sequence_number,
            message: r.rest(),
        }))
    }

    /// The PDU's octets (decode then encode gives the input back).
    pub fn encode(&self) -> Vec<u8> {
        match self {
            NasPdu::Plain(b) | NasPdu::Reserved(b) => b.to_vec(),
            NasPdu::Protected(p) => {
                let mut v = Vec::with_capacity(6 + p.message.len());
                v.push((p.header_type.value() << 4) | (p.pd & 0x0f));
                v.extend_from_slice(&p.mac);
                v.push(p.sequence_number);
                v.extend_from_slice(p.message);
                v
            }
            NasPdu::ServiceRequest(s) => {
                let mut v = Vec::with_capacity(4 + s.trailing.len());
                v.push((s.header_type << 4) | (s.pd & 0x0f));
                v.push((s.ksi << 5) | (s.sequence_number & 0x1f));
                v.extend_from_slice(&s.short_mac);
                v.extend_from_slice(s.trailing);
                v
            }
        }
    }
}

/// The IMSI a UE names itself by in a NAS PDU that is not ciphered (plain or integrity
/// protected only): an ATTACH REQUEST (0x41) or IDENTITY RESPONSE (0x56) whose EPS mobile
/// identity / mobile identity is of type IMSI (TS 24.301 9.9.3.12, TS 24.008 10.5.1.4), as its
/// decimal digits. `None` for any other PDU, a ciphered one, another identity type, or an
/// identity that is truncated or holds a non-decimal digit.
///
/// ```
/// use keyhop_codec::nas;
///
/// // ATTACH REQUEST: EPS attach type and NAS KSI (0x71), then the EPS mobile identity (LV):
/// // 8 octets, type IMSI with an odd number of digits, 001010123456789.
/// let attach = [0x07, 0x41, 0x71, 0x08, 0x09, 0x10, 0x10, 0x10, 0x32, 0x54, 0x76, 0x98];
/// assert_eq!(nas::imsi(&attach).as_deref(), Some("001010123456789"));
///
/// // Integrity protected only (security header type 1): still readable.
/// let mut protected = vec![0x17, 0xde, 0xad, 0xbe, 0xef, 0x00];
/// protected.extend_from_slice(&attach);
/// assert_eq!(nas::imsi(&protected).as_deref(), Some("001010123456789"));
///
/// // Ciphered (type 2): the identity cannot be read without keys.
/// protected[0] = 0x27;
/// assert_eq!(nas::imsi(&protected), None);
/// ```
pub fn imsi(pdu: &[u8]) -> Option<String> {
    let plain = match NasPdu::decode(pdu).ok()? {
        NasPdu::Plain(b) => b,
        NasPdu::Protected(p) if !p.header_type.is_ciphered() => p.message,
        _ => return None,
    };
    if plain.first()? & 0x0f != 7 {
        return None;
    }
    let ident = match *plain.get(1)? {
        // ATTACH REQUEST: EPS attach type + NAS KSI (1), EPS mobile identity (LV).
        0x41 => plain.get(2..)?.get(1..)?,
        // IDENTITY RESPONSE: mobile identity (LV).
        0x56 => plain.get(2..)?,
        _ => return None,
    };
    let len = *ident.first()? as usize;
    let v = ident.get(1..1 + len)?;
    if v.first()? & 0x07 != 1 {
        return None;
    }
    let odd = v[0] & 0x08 != 0;
    let mut digits = String::with_capacity(16);
    digits.push(char::from_digit((v[0] >> 4) as u32, 10)?);
    for (i, b) in v[1..].iter().enumerate() {
        digits.push(char::from_digit((b & 0x0f) as u32, 10)?);
        let hi = b >> 4;
        let last = i == v.len() - 2;
        if !(last && !odd && hi == 0x0f) {
            digits.push(char::from_digit(hi as u32, 10)?);
        }
    }
    Some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_round_trip() {
        let b = hex::decode("2767a1d4c5055e3e11da").unwrap();
        let p = NasPdu::decode(&b).unwrap();
        match &p {
            NasPdu::Protected(p) => {
                assert_eq!(
                    p.header_type,
                    SecurityHeaderType::IntegrityProtectedCiphered
                );
                assert_eq!(p.mac, [0x67, 0xa1, 0xd4, 0xc5]);
                assert_eq!(p.sequence_number, 5);
                assert_eq!(p.message, &b[6..]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(p.encode(), b);
    }

    #[test]
    fn service_request_is_its_own_layout() {
        let b = [0xc7, 0xa5, 0x12, 0x34];
        let p = NasPdu::decode(&b).unwrap();
        match &p {
            NasPdu::ServiceRequest(s) => {
                assert_eq!((s.header_type, s.ksi, s.sequence_number), (12, 5, 5));
                assert_eq!(s.short_mac, [0x12, 0x34]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(p.encode(), b);
        // 13-15 read as SERVICE REQUEST but re-encode their own value.
        let b = [0xf7, 0x01, 0, 0];
        assert_eq!(NasPdu::decode(&b).unwrap().encode(), b);
    }

    #[test]
    fn plain_reserved_and_truncated() {
        assert_eq!(
            NasPdu::decode(&[0x07, 0x41]).unwrap(),
            NasPdu::Plain(&[0x07, 0x41])
        );
        // ESM: bearer identity in the high nibble, no security header.
        assert_eq!(
            NasPdu::decode(&[0x52, 0xc1]).unwrap(),
            NasPdu::Plain(&[0x52, 0xc1])
        );
        assert_eq!(
            NasPdu::decode(&[0x77, 0]).unwrap(),
            NasPdu::Reserved(&[0x77, 0])
        );
        let e = NasPdu::decode(&[0x27, 1, 2]).unwrap_err();
        assert_eq!(e.path(), "nas_mac");
        assert_eq!(e.byte_offset(), 1);
        let e = NasPdu::decode(&[0x27, 1, 2, 3, 4, 5]).unwrap_err();
        assert_eq!(e.path(), "message");
        assert!(NasPdu::decode(&[]).is_err());
    }

    #[test]
    fn imsi_of_attach_request() {
        // ATTACH REQUEST, EPS attach type 1 + KSI 7, identity IMSI 001010123456789 (odd).
        let pdu = hex::decode("074171080910101032547698200200").unwrap();
        assert_eq!(imsi(&pdu).as_deref(), Some("001010123456789"));
        // Even number of digits: the last high nibble is the f filler.
        let pdu = hex::decode("0741710801101010325476f8").unwrap();
        assert_eq!(imsi(&pdu).as_deref(), Some("00101012345678"));
        // Not an IMSI (GUTI type 6).
        assert_eq!(imsi(&hex::decode("0741710bf6").unwrap()), None);
        // IDENTITY RESPONSE: the mobile identity right after the message type.
        let pdu = hex::decode("0756080910101032547698").unwrap();
        assert_eq!(imsi(&pdu).as_deref(), Some("001010123456789"));
        // Another message type, an ESM message, a non-decimal digit.
        assert_eq!(imsi(&hex::decode("0755080910101032547698").unwrap()), None);
        assert_eq!(imsi(&hex::decode("0256080910101032547698").unwrap()), None);
        assert_eq!(imsi(&hex::decode("075602091a").unwrap()), None);
        // Every truncation of the identity: none, and no panic.
        for n in 0..pdu.len() {
            assert_eq!(imsi(&pdu[..n]), None, "{n} octets");
        }
    }
}
