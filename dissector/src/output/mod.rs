//! Text renderings of messages: the one-line summary and the full tree.

use crate::message::Message;
use serde_json::Value;
use std::io::{self, Write};

/// `frame  time  src -> dst  PROTO  Message  details` (like tshark's summary line).
pub fn summary_line(msg: &Message<'_>, out: &mut dyn Write) -> io::Result<()> {
    write!(
        out,
        "{:>6}  {}  {} -> {}  {:<5} ",
        msg.frame,
        msg.time.rfc3339_micros(),
        endpoint(&msg.src_name, &msg.src),
        endpoint(&msg.dst_name, &msg.dst),
        msg.app.name().to_uppercase()
    )?;
    match &msg.result {
        Ok(d) => {
            write!(out, "{}", d.summary())?;
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
    writeln!(out)?;
    security_lines(msg, out)
}

/// `name(addr)` where the node's name is known, else the address.
fn endpoint(name: &Option<String>, addr: &std::net::SocketAddr) -> String {
    match name {
        Some(n) => format!("{n}({addr})"),
        None => addr.to_string(),
    }
}

/// What keyhop did with the message's keys, one indented line each.
fn security_lines(msg: &Message<'_>, out: &mut dyn Write) -> io::Result<()> {
    for n in &msg.security {
        writeln!(out, "        * {}", n.text())?;
    }
    Ok(())
}

/// The full tree of a message: its JSON fields as indented `name: value` lines.
pub fn tree(msg: &Message<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Frame {} at {}: {} -> {} ({})",
        msg.frame,
        msg.time.rfc3339_micros(),
        endpoint(&msg.src_name, &msg.src),
        endpoint(&msg.dst_name, &msg.dst),
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
                    | "src_name"
                    | "dst_name"
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
        Value::String(s) => writeln!(out, "{pad}{name}: {s}")?,
        Value::Null => writeln!(out, "{pad}{name}")?,
        other => writeln!(out, "{pad}{name}: {other}")?,
    }
    Ok(())
}
