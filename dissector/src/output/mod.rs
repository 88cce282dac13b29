//! How messages are shown: the [`Message`] record with its JSON, the one-line summary and the
//! full tree. This floor reads the decoded messages and what the analysis made of them.

mod message;

pub use message::{Contents, Message};
use serde_json::Value;
use std::io::{self, Write};
use std::net::SocketAddr;

use crate::capture::DIGIT_PAIRS;

/// `frame  time  src -> dst  PROTO  Message  details` (like tshark's summary line).
///
/// Written piece by piece into `out` (a buffered writer): the envelope without the formatting
/// machinery or a temporary string, since this runs once per message of captures of millions.
pub fn summary_line<W: Write + ?Sized>(msg: &Message<'_>, out: &mut W) -> io::Result<()> {
    let mut ts = [0u8; 27];
    match msg.time.rfc3339_micros_octets(&mut ts) {
        Some(t) => summary_line_octets(msg, t, out),
        None => summary_line_at(msg, &msg.time.rfc3339_micros(), out),
    }
}

/// [`summary_line`] with the time column given as text (`read -t r|d`: relative or delta).
pub fn summary_line_at<W: Write + ?Sized>(
    msg: &Message<'_>,
    time: &str,
    out: &mut W,
) -> io::Result<()> {
    summary_line_octets(msg, time.as_bytes(), out)
}

/// [`summary_line_at`] with the time column as octets.
fn summary_line_octets<W: Write + ?Sized>(
    msg: &Message<'_>,
    time: &[u8],
    out: &mut W,
) -> io::Result<()> {
    let mut num = [0u8; 20];
    let n = decimal(msg.frame, &mut num);
    out.write_all(&b"      "[n.len().min(6)..])?;
    out.write_all(n)?;
    out.write_all(b"  ")?;
    out.write_all(time)?;
    out.write_all(b"  ")?;
    write_endpoint(&msg.src_node, &msg.src, out)?;
    out.write_all(b" -> ")?;
    write_endpoint(&msg.dst_node, &msg.dst, out)?;
    out.write_all(b"  ")?;
    // Protocol in capitals, padded to 5 (`S1AP `, `GTPV2`).
    let name = msg.app.name().as_bytes();
    let mut proto = [b' '; 8];
    let k = name.len().min(8);
    for (d, s) in proto.iter_mut().zip(&name[..k]) {
        *d = s.to_ascii_uppercase();
    }
    out.write_all(&proto[..k.max(5)])?;
    out.write_all(b" ")?;
    match &msg.result {
        Ok(d) => {
            d.write_summary(out)?;
            if let Some(n) = d.notes().first() {
                write!(out, "  [note: {}", n)?;
                if d.notes().len() > 1 {
                    write!(out, " (+{} more)", d.notes().len() - 1)?;
                }
                write!(out, "]")?;
            }
        }
        Err(e) => write!(out, "[malformed: {e}]")?,
    }
    if let Some(a) = msg.answer {
        write!(
            out,
            "  [response to {} in {:.6} s]",
            a.request_frame, a.response_time
        )?;
    }
    out.write_all(b"\n")?;
    security_lines(msg, out)
}

/// `name(addr)` where the node's name is known, else the address (for the tree).
fn endpoint(name: &Option<String>, addr: &SocketAddr) -> String {
    match name {
        Some(n) => format!("{n}({addr})"),
        None => addr.to_string(),
    }
}

/// [`endpoint`] written into `out` without a temporary string (the summary line).
fn write_endpoint<W: Write + ?Sized>(
    name: &Option<String>,
    addr: &SocketAddr,
    out: &mut W,
) -> io::Result<()> {
    match name {
        Some(n) => {
            out.write_all(n.as_bytes())?;
            out.write_all(b"(")?;
            socket_addr(addr, out)?;
            out.write_all(b")")
        }
        None => socket_addr(addr, out),
    }
}

/// What keyhop did with the message's keys, one indented line each.
fn security_lines<W: Write + ?Sized>(msg: &Message<'_>, out: &mut W) -> io::Result<()> {
    for n in &msg.security {
        writeln!(out, "        * {}", n.text())?;
    }
    Ok(())
}

/// The decimal digits of `v`, at the end of `buf`: two digits per division.
pub(crate) fn decimal(mut v: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    while v >= 100 {
        let d = (v % 100) as usize * 2;
        v /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    }
    if v >= 10 {
        let d = v as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + v as u8;
    }
    &buf[i..]
}

/// `a.b.c.d:port` without the formatter (IPv4, the common case); IPv6 as `Display` has it.
fn socket_addr<W: Write + ?Sized>(a: &SocketAddr, out: &mut W) -> io::Result<()> {
    match a {
        SocketAddr::V4(v4) => {
            let mut buf = [0u8; 21];
            out.write_all(v4_octets(v4, &mut buf))
        }
        SocketAddr::V6(_) => write!(out, "{a}"),
    }
}

/// Each octet value's decimal digits (1 to 3, at the start) and their number.
const OCTET_TEXT: [(u8, [u8; 3]); 256] = {
    let mut t = [(0u8, [0u8; 3]); 256];
    let mut v = 0;
    while v < 256 {
        let (h, d, u) = (v / 100, v / 10 % 10, v % 10);
        t[v] = if v >= 100 {
            (3, [b'0' + h as u8, b'0' + d as u8, b'0' + u as u8])
        } else if v >= 10 {
            (2, [b'0' + d as u8, b'0' + u as u8, 0])
        } else {
            (1, [b'0' + u as u8, 0, 0])
        };
        v += 1;
    }
    t
};

/// `a.b.c.d:port`, as `Display` writes it, in `buf` (at most 21 octets) without the formatter.
pub(crate) fn v4_text<'b>(v4: &std::net::SocketAddrV4, buf: &'b mut [u8; 21]) -> &'b str {
    // Digits, dots and a colon only.
    std::str::from_utf8(v4_octets(v4, buf)).unwrap_or_default()
}

/// Appends `a` as `SocketAddr` displays it, IPv4 through [`v4_text`] without the formatter
/// (which writes an IPv4 address a piece at a time).
#[cfg(feature = "export")]
pub(crate) fn push_endpoint(out: &mut String, a: std::net::SocketAddr) {
    match &a {
        std::net::SocketAddr::V4(v4) => out.push_str(v4_text(v4, &mut [0; 21])),
        std::net::SocketAddr::V6(v6) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{v6}");
        }
    }
}

/// Appends the address of `a` as `IpAddr` displays it, IPv4 without the formatter.
#[cfg(feature = "export")]
pub(crate) fn push_host(out: &mut String, a: std::net::SocketAddr) {
    match &a {
        std::net::SocketAddr::V4(v4) => {
            let mut b = [0; 21];
            let t = v4_text(v4, &mut b);
            out.push_str(t.rsplit_once(':').map_or(t, |(ip, _)| ip));
        }
        std::net::SocketAddr::V6(v6) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{}", v6.ip());
        }
    }
}

/// [`v4_text`] as octets, for writers of octets (its UTF-8 check cost a third of it).
fn v4_octets<'b>(v4: &std::net::SocketAddrV4, buf: &'b mut [u8; 21]) -> &'b [u8] {
    let mut len = 0;
    for (i, &o) in v4.ip().octets().iter().enumerate() {
        if i > 0 {
            buf[len] = b'.';
            len += 1;
        }
        // Three octets copied, as many kept as the number has digits (no leading zeros); the
        // spare ones are overwritten next (at most 12 octets are in use before the last copy).
        let (n, digits) = &OCTET_TEXT[usize::from(o)];
        buf[len..len + 3].copy_from_slice(digits);
        len += usize::from(*n);
    }
    buf[len] = b':';
    len += 1;
    // The port's digits by constant divisors (the compiler makes them multiplications), the
    // leading zeros skipped.
    let p = u32::from(v4.port());
    let digits = [p / 10_000, p / 1000 % 10, p / 100 % 10, p / 10 % 10, p % 10];
    let first = match p {
        0..=9 => 4,
        10..=99 => 3,
        100..=999 => 2,
        1000..=9999 => 1,
        _ => 0,
    };
    for d in &digits[first..] {
        buf[len] = b'0' + *d as u8;
        len += 1;
    }
    &buf[..len]
}

/// The full tree of a message: its JSON fields as indented `name: value` lines.
pub fn tree(msg: &Message<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Frame {} at {}: {} -> {} ({})",
        msg.frame,
        msg.time.rfc3339_micros(),
        endpoint(&msg.src_node, &msg.src),
        endpoint(&msg.dst_node, &msg.dst),
        msg.app.name()
    )?;
    let v = serde_json::to_value(msg).map_err(io::Error::other)?;
    if let Value::Object(m) = v {
        for (k, v) in m.iter() {
            if matches!(
                k.as_str(),
                "frame"
                    | "time"
                    | "src"
                    | "dst"
                    | "protocol"
                    | "src_node"
                    | "dst_node"
                    | "security"
            ) {
                continue;
            }
            node(k, v, 1, out)?;
        }
    }
    if !msg.security.is_empty() {
        writeln!(out, "    keys")?;
        for n in &msg.security {
            writeln!(out, "        {}", n.text())?;
        }
    }
    writeln!(out)
}

fn node(name: &str, v: &Value, depth: usize, out: &mut dyn Write) -> io::Result<()> {
    let pad = "    ".repeat(depth);
    match v {
        Value::Object(m) => {
            writeln!(out, "{pad}{name}")?;
            for (k, v) in m {
                node(k, v, depth + 1, out)?;
            }
        }
        Value::Array(a) => {
            writeln!(
                out,
                "{pad}{name}: {} item{}",
                a.len(),
                if a.len() == 1 { "" } else { "s" }
            )?;
            for (i, v) in a.iter().enumerate() {
                node(&format!("[{i}]"), v, depth + 1, out)?;
            }
        }
        // TEIDs in one base everywhere: `0x` + 8 hex digits (GTP has them as numbers, S1AP/X2AP
        // GTP-TEID as octets); JSON keeps the wire form.
        Value::Number(n) if name.contains("teid") => {
            match n.as_u64().and_then(|v| u32::try_from(v).ok()) {
                Some(v) => writeln!(out, "{pad}{name}: {}", keyhop_codec::text::teid(v))?,
                None => writeln!(out, "{pad}{name}: {n}")?,
            }
        }
        Value::String(s) if name.ends_with("teid") && s.len() == 8 && hex::decode(s).is_ok() => {
            writeln!(out, "{pad}{name}: 0x{s}")?
        }
        Value::String(s) => writeln!(out, "{pad}{name}: {s}")?,
        Value::Null => writeln!(out, "{pad}{name}")?,
        other => writeln!(out, "{pad}{name}: {other}")?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{AppProto, Timestamp};
    use keyhop_codec::{DecodeError, ErrorKind, Protocol};

    /// TEIDs print as `0x` + 8 hex digits in the tree, whether GTP has them as numbers or
    /// S1AP/X2AP as octets; other numbers and strings print as they are.
    #[test]
    fn tree_teids_in_one_base() {
        let line = |k: &str, v: serde_json::Value| {
            let mut o = Vec::new();
            node(k, &v, 0, &mut o).unwrap();
            String::from_utf8(o).unwrap()
        };
        assert_eq!(
            line("teid", serde_json::json!(1358954496)),
            "teid: 0x51000000\n"
        );
        assert_eq!(
            line("teid_data_i", serde_json::json!(1)),
            "teid_data_i: 0x00000001\n"
        );
        assert_eq!(
            line("gtp_teid", serde_json::json!("51000000")),
            "gtp_teid: 0x51000000\n"
        );
        assert_eq!(line("sequence", serde_json::json!(7)), "sequence: 7\n");
        assert_eq!(
            line("gtp_teid", serde_json::json!("5100")),
            "gtp_teid: 5100\n"
        );
        assert_eq!(
            line("teid", serde_json::json!(1u64 << 40)),
            "teid: 1099511627776\n"
        );
    }

    /// The hand-written decimal is the one `Display` writes, at every length.
    #[test]
    fn decimal_as_displayed() {
        let mut values: Vec<u64> = (0..=10_000).collect();
        let mut p = 1u64;
        for _ in 0..20 {
            values.extend([p - 1, p, p + 1, p.wrapping_mul(7) / 3]);
            p = p.saturating_mul(10);
        }
        values.push(u64::MAX);
        for v in values {
            let mut buf = [0u8; 20];
            assert_eq!(decimal(v, &mut buf), v.to_string().as_bytes(), "{v}");
        }
    }

    /// The hand-written IPv4 address is the one `Display` writes.
    #[cfg(feature = "export")]
    #[test]
    fn endpoint_and_host_as_displayed() {
        for a in [
            "10.9.100.99:9",
            "0.0.0.0:0",
            "[fd00::2]:36422",
            "[::ffff:1.2.3.4]:1",
        ] {
            let a: std::net::SocketAddr = a.parse().unwrap();
            let (mut e, mut h) = (String::from("x"), String::from("y"));
            push_endpoint(&mut e, a);
            push_host(&mut h, a);
            assert_eq!(e, format!("x{a}"));
            assert_eq!(h, format!("y{}", a.ip()));
        }
    }

    #[test]
    fn v4_text_as_displayed() {
        for (ip, port) in [
            ([0, 0, 0, 0], 0),
            ([255, 255, 255, 255], 65535),
            ([10, 9, 100, 99], 9),
            ([1, 20, 199, 200], 10),
            ([127, 0, 0, 1], 99),
            ([192, 168, 1, 250], 100),
            ([8, 8, 4, 4], 36412),
            ([100, 10, 1, 0], 2123),
        ] {
            let a = std::net::SocketAddrV4::new(ip.into(), port);
            let mut buf = [0u8; 21];
            assert_eq!(v4_text(&a, &mut buf), a.to_string());
        }
        for o in 0..=255u8 {
            let a = std::net::SocketAddrV4::new([o, 255 - o, o / 3, o.wrapping_mul(7)].into(), 7);
            let mut buf = [0u8; 21];
            assert_eq!(v4_text(&a, &mut buf), a.to_string());
        }
        for port in 0..=u16::MAX {
            let a = std::net::SocketAddrV4::new([1, 2, 3, 4].into(), port);
            let mut buf = [0u8; 21];
            assert_eq!(v4_text(&a, &mut buf), a.to_string());
        }
    }

    /// The hand-written envelope is the one `format!` used to write.
    #[test]
    fn summary_envelope_as_formatted() {
        for (frame, src, dst, app) in [
            (7u64, "10.0.0.1:36412", "[fd00::1]:36412", AppProto::S1ap),
            (
                1_234_567,
                "255.255.255.255:65535",
                "0.0.0.0:0",
                AppProto::Gtpv2c,
            ),
            (999_999, "[::1]:2123", "1.2.3.4:2123", AppProto::X2ap),
        ] {
            let time = Timestamp::new(1_795_348_800, 123_456_789);
            let msg = Message {
                frame,
                time,
                src: src.parse().unwrap(),
                dst: dst.parse().unwrap(),
                app,
                result: Err(DecodeError::new(
                    Protocol::S1ap,
                    ErrorKind::Truncated,
                    3,
                    "x",
                )),
                src_node: None,
                dst_node: (frame == 7).then(|| "mme-1".to_string()),
                security: Vec::new(),
                answer: None,
            };
            let mut got = Vec::new();
            summary_line(&msg, &mut got).unwrap();
            let e = msg.result.as_ref().unwrap_err();
            let want = format!(
                "{:>6}  {}  {} -> {}  {:<5} [malformed: {e}]\n",
                frame,
                "2026-11-22T12:00:00.123456Z",
                msg.src,
                endpoint(&msg.dst_node, &msg.dst),
                app.name().to_uppercase()
            );
            assert_eq!(String::from_utf8(got).unwrap(), want);
        }
    }
}
