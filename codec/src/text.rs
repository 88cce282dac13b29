//! Values as people say them: one spelling of a PLMN, a TEID, an eNB identity, a BCD digit
//! string, so every protocol's output and the dissector agree (docs/json.md, "Readable values").
//!
//! ```
//! use keyhop_codec::text;
//! assert_eq!(text::plmn(&[0x00, 0xf1, 0x10]).as_deref(), Some("001-01"));
//! assert_eq!(text::teid(0x1a2b), "0x00001a2b");
//! assert_eq!(text::enb_id("001-01", "macro", 0x1a2b3), "001-01:macro:1a2b3");
//! ```

/// `MCC-MNC` of a 3-octet PLMN identity (TS 24.008 10.5.1.3: MCC digit 2|1, MNC digit 3|MCC
/// digit 3, MNC digit 2|1; MNC digit 3 is `f` for a 2-digit MNC). `None` when a digit is not
/// BCD (see [`plmn_note`]) or the identity is not 3 octets.
pub fn plmn(b: &[u8]) -> Option<String> {
    let b: &[u8; 3] = b.try_into().ok()?;
    let d = plmn_nibbles(b);
    if d[..5].iter().any(|&n| n > 9) || (d[5] > 9 && d[5] != 0xf) {
        return None;
    }
    let mut s = String::with_capacity(7);
    for &n in &d[..3] {
        s.push((b'0' + n) as char);
    }
    s.push('-');
    for &n in &d[3..] {
        if n <= 9 {
            s.push((b'0' + n) as char);
        }
    }
    Some(s)
}

/// MCC 1-3 then MNC 1-3, as nibbles.
fn plmn_nibbles(b: &[u8; 3]) -> [u8; 6] {
    [
        b[0] & 0x0f,
        b[0] >> 4,
        b[1] & 0x0f,
        b[2] & 0x0f,
        b[2] >> 4,
        b[1] >> 4,
    ]
}

/// Why a PLMN identity cannot be said as `MCC-MNC` (a non-BCD digit, a wrong length), or None
/// when [`plmn`] reads it.
pub fn plmn_note(b: &[u8]) -> Option<String> {
    if plmn(b).is_some() {
        return None;
    }
    let Ok(a) = <&[u8; 3]>::try_from(b) else {
        return Some(format!("PLMN identity of {} octets, not 3", b.len()));
    };
    let d = plmn_nibbles(a);
    let bad = d
        .iter()
        .enumerate()
        .find(|&(i, &n)| n > 9 && !(i == 5 && n == 0xf))
        .map(|(i, &n)| (i, n))
        .unwrap_or((0, 0));
    let which = if bad.0 < 3 { "MCC" } else { "MNC" };
    Some(format!(
        "PLMN identity {}: {which} digit {} is {:#x}, not a BCD digit",
        hex::encode(b),
        bad.0 % 3 + 1,
        bad.1
    ))
}

/// A TEID as keyhop writes it everywhere: `0x` and 8 lowercase hex digits.
pub fn teid(v: u32) -> String {
    format!("0x{v:08x}")
}

/// A Global eNB ID: `PLMN:kind:id` (kind `macro`, `home`, `short-macro`, `long-macro`; the id in
/// lowercase hex without leading zeros). `plmn` is [`plmn`]'s text, or the wire hex when it has
/// none.
pub fn enb_id(plmn: &str, kind: &str, id: u32) -> String {
    format!("{plmn}:{kind}:{id:x}")
}

/// [`plmn`], or the identity in hex when it is not readable as digits.
pub fn plmn_or_hex(b: &[u8]) -> String {
    plmn(b).unwrap_or_else(|| hex::encode(b))
}

/// A string of BCD digits (TS 24.008 10.5.1.4, TS 29.274 8.3): low nibble first, a final `f`
/// nibble is a filler. Non-BCD nibbles are written as hex letters and reported in the note.
pub fn bcd(nibbles: impl IntoIterator<Item = u8>) -> (String, Option<String>) {
    let mut s = String::new();
    let mut bad = Vec::new();
    let v: Vec<u8> = nibbles.into_iter().collect();
    let n = if v.last() == Some(&0xf) {
        v.len() - 1
    } else {
        v.len()
    };
    for (i, &d) in v[..n].iter().enumerate() {
        s.push(char::from_digit(d as u32, 16).unwrap_or('?'));
        if d > 9 {
            bad.push(format!("digit {} is {d:#x}", i + 1));
        }
    }
    let note = (!bad.is_empty()).then(|| format!("not a BCD digit: {}", bad.join(", ")));
    (s, note)
}

/// What is odd about IMSI digits as decoded (hex letters for non-BCD nibbles): more than 15
/// digits (TS 23.003 2.2), fewer than 6, or a digit that is not decimal. None when fine.
pub fn imsi_note(digits: &str) -> Option<String> {
    let mut why = Vec::new();
    if digits.len() > 15 {
        why.push(format!("{} digits (at most 15)", digits.len()));
    } else if digits.len() < 6 {
        why.push(format!(
            "{} digits (MCC, MNC and MSIN take at least 6)",
            digits.len()
        ));
    }
    if let Some((i, c)) = digits.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        why.push(format!("digit {} is {c:?}, not a BCD digit", i + 1));
    }
    (!why.is_empty()).then(|| format!("IMSI {digits}: {}", why.join(", ")))
}

/// UE security capabilities as algorithm lists, `EEA0 EEA1 EEA2 / EIA1 EIA2`: `eea` and `eia`
/// are bit maps whose most significant bit is algorithm `first` (NAS: 0, with EEA0 and EIA0 on
/// the wire; S1AP/X2AP: 1, where EEA0 and EIA0 are always supported and not sent).
pub fn algorithm_lists(eea: u16, eia: u16, bits: u8, first: u8) -> String {
    let list = |prefix: &str, m: u16| {
        let mut v: Vec<String> = Vec::new();
        for i in 0..bits {
            if m & (1 << (bits - 1 - i)) != 0 {
                v.push(format!("{prefix}{}", first + i));
            }
        }
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(" ")
        }
    };
    format!("{} / {}", list("EEA", eea), list("EIA", eia))
}

/// A TransportLayerAddress (TS 36.414 5.3, TS 36.424 5.3) as IP addresses: 32 bits IPv4, 128
/// IPv6, 160 both (`10.0.0.1 fd00::1`). `None` for any other length.
pub fn transport_address(bits: usize, octets: &[u8]) -> Option<String> {
    let v4 = |b: &[u8]| <[u8; 4]>::try_from(b).ok().map(std::net::Ipv4Addr::from);
    let v6 = |b: &[u8]| <[u8; 16]>::try_from(b).ok().map(std::net::Ipv6Addr::from);
    match (bits, octets.len()) {
        (32, 4) => v4(octets).map(|a| a.to_string()),
        (128, 16) => v6(octets).map(|a| a.to_string()),
        (160, 20) => Some(format!("{} {}", v4(&octets[..4])?, v6(&octets[4..])?)),
        _ => None,
    }
}

/// Adds `plmn` (`001-01`) beside a PLMN identity already written, when its digits read.
pub fn serialize_plmn<M: serde::ser::SerializeMap>(m: &mut M, wire: &[u8]) -> Result<(), M::Error> {
    match plmn(wire) {
        Some(p) => m.serialize_entry("plmn", &p),
        None => Ok(()),
    }
}

/// Adds `<key>` (the IP addresses of [`transport_address`]) beside a TransportLayerAddress.
pub fn serialize_transport_address<M: serde::ser::SerializeMap>(
    m: &mut M,
    key: &'static str,
    bits: usize,
    octets: &[u8],
) -> Result<(), M::Error> {
    match transport_address(bits, octets) {
        Some(a) => m.serialize_entry(key, &a),
        None => Ok(()),
    }
}

/// Adds `<key>` (`EEA1 EEA2`, `EIA1 EIA2`, `none`) beside an S1AP/X2AP algorithm bit map
/// (EncryptionAlgorithms / IntegrityProtectionAlgorithms: the first bit is 128-EEA1/EIA1;
/// EEA0/EIA0 are implied, TS 36.413 9.2.1.40).
pub fn serialize_algorithms<M: serde::ser::SerializeMap>(
    m: &mut M,
    key: &'static str,
    prefix: &str,
    octets: &[u8],
) -> Result<(), M::Error> {
    let bits = u16::from_be_bytes([
        octets.first().copied().unwrap_or(0),
        octets.get(1).copied().unwrap_or(0),
    ]);
    let mut v = Vec::new();
    for i in 0..16u16 {
        if bits & (0x8000 >> i) != 0 {
            v.push(format!("{prefix}{}", i + 1));
        }
    }
    let text = if v.is_empty() {
        "none".to_string()
    } else {
        v.join(" ")
    };
    m.serialize_entry(key, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plmns() {
        assert_eq!(plmn(&[0x00, 0xf1, 0x10]).as_deref(), Some("001-01"));
        // 3-digit MNC 310-410: 13 00 14.
        assert_eq!(plmn(&[0x13, 0x00, 0x14]).as_deref(), Some("310-410"));
        assert_eq!(plmn(&[0x62, 0xf2, 0x10]).as_deref(), Some("262-01"));
        assert_eq!(plmn(&[0x0a, 0xf1, 0x10]), None);
        assert_eq!(
            plmn_note(&[0x0a, 0xf1, 0x10]).as_deref(),
            Some("PLMN identity 0af110: MCC digit 1 is 0xa, not a BCD digit")
        );
        assert!(plmn_note(&[0x00, 0xf1]).unwrap().contains("2 octets"));
        assert_eq!(plmn_note(&[0x00, 0xf1, 0x10]), None);
        assert_eq!(plmn_or_hex(&[0xff, 0xff, 0xff]), "ffffff");
    }

    #[test]
    fn bcd_digits() {
        assert_eq!(bcd([0, 0, 1, 0xf]), ("001".to_string(), None));
        let (s, n) = bcd([1, 0xc, 2]);
        assert_eq!(s, "1c2");
        assert_eq!(n.as_deref(), Some("not a BCD digit: digit 2 is 0xc"));
    }

    #[test]
    fn imsi_notes() {
        assert_eq!(imsi_note("001010123456789"), None);
        assert_eq!(
            imsi_note("0010101234567891").as_deref(),
            Some("IMSI 0010101234567891: 16 digits (at most 15)")
        );
        assert_eq!(
            imsi_note("00101012345a789").as_deref(),
            Some("IMSI 00101012345a789: digit 12 is 'a', not a BCD digit")
        );
        assert!(imsi_note("00101").unwrap().contains("at least 6"));
    }

    #[test]
    fn algorithms() {
        assert_eq!(
            algorithm_lists(0xe000, 0xc000, 16, 1),
            "EEA1 EEA2 EEA3 / EIA1 EIA2"
        );
        assert_eq!(
            algorithm_lists(0xe0, 0x60, 8, 0),
            "EEA0 EEA1 EEA2 / EIA1 EIA2"
        );
        assert_eq!(algorithm_lists(0, 0, 16, 1), "none / none");
    }

    #[test]
    fn transport_addresses() {
        assert_eq!(
            transport_address(32, &[192, 168, 4, 80]).as_deref(),
            Some("192.168.4.80")
        );
        let mut b = vec![10, 0, 0, 1, 0xfd];
        b.extend([0; 14]);
        b.push(1);
        assert_eq!(
            transport_address(160, &b).as_deref(),
            Some("10.0.0.1 fd00::1")
        );
        assert_eq!(transport_address(128, &b[4..]).as_deref(), Some("fd00::1"));
        assert_eq!(transport_address(31, &[1, 2, 3, 4]), None);
        assert_eq!(transport_address(32, &[1, 2, 3]), None);
    }
}
