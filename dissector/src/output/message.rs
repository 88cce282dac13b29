//! One message found in a capture and how it is shown: the record that `read`, `stats`,
//! `export` and `select` fill in (decoded message, node names, key notes, GTP answer), its JSON,
//! and the protocol's summary text of a [`Decoded`].

use crate::analysis::gtp_match::Answer;
use crate::analysis::keyflow::SecNote;
use crate::analysis::{nas_view, rrc_view};
use crate::capture::{AppProto, Payload, Timestamp};
use crate::decoded::Decoded;
use keyhop_codec::DecodeError;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};
use std::net::SocketAddr;

/// The summary text, defined here rather than in [`crate::decoded`]: that floor renders nothing.
impl Decoded<'_> {
    /// The protocol's one-line summary: message name, UE ids, cause and the like.
    pub fn summary(&self) -> String {
        match self {
            Decoded::S1ap(p) => {
                // The NAS names go right after the message name.
                let mut s = keyhop_codec::s1ap::summary(p);
                let mut nas = Vec::new();
                let _ = nas_view::write_names(p, &mut nas);
                let at = p
                    .message_name::<keyhop_codec::s1ap::S1ap>()
                    .len()
                    .min(s.len());
                s.insert_str(at, &String::from_utf8_lossy(&nas));
                s
            }
            Decoded::X2ap(p) => keyhop_codec::x2ap::summary(p),
            Decoded::Gtpv2(m) => m.summary(),
            Decoded::Gtpv1(m, _) => m.summary(),
        }
    }

    /// Writes [`Decoded::summary`]'s text into `out`: S1AP and X2AP piece by piece, without the
    /// temporary strings and formatting machinery (once per message of captures of millions).
    pub fn write_summary<W: Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        use keyhop_codec::s1ap;
        use keyhop_codec::x2ap::{self, id as x2id, X2apIe};
        match self {
            Decoded::S1ap(p) => {
                out.write_all(p.message_name().as_bytes())?;
                nas_view::write_names(p, out)?;
                let Some(ies) = p.ies() else {
                    return Ok(());
                };
                if let Some(v) = ies.mme_ue_s1ap_id() {
                    out.write_all(b" MME-UE-S1AP-ID=")?;
                    integer(v.0, out)?;
                }
                if let Some(v) = ies.enb_ue_s1ap_id() {
                    out.write_all(b" eNB-UE-S1AP-ID=")?;
                    integer(v.0, out)?;
                }
                if let Some(c) = ies.cause() {
                    out.write_all(b" cause=")?;
                    let (group, value) = match c {
                        s1ap::Cause::RadioNetwork(v) => ("radio_network/", v.name()),
                        s1ap::Cause::Transport(v) => ("transport/", v.name()),
                        s1ap::Cause::Nas(v) => ("nas/", v.name()),
                        s1ap::Cause::Protocol(v) => ("protocol/", v.name()),
                        s1ap::Cause::Misc(v) => ("misc/", v.name()),
                        s1ap::Cause::Unknown(i, _) => ("", Cow::Owned(format!("unknown({i})"))),
                    };
                    out.write_all(group.as_bytes())?;
                    out.write_all(value.as_bytes())?;
                }
                Ok(())
            }
            Decoded::X2ap(p) => {
                let Some(ies) = p.ies() else {
                    return out.write_all(p.message_name::<x2ap::X2ap>().as_bytes());
                };
                if ies.get(x2id::TARGET_CELL_ID).is_some() || ies.get(x2id::GLOBAL_ENB_ID).is_some()
                {
                    // Rare messages (handover request, setup): the codec's own text.
                    return out.write_all(x2ap::summary(p).as_bytes());
                }
                out.write_all(p.message_name::<x2ap::X2ap>().as_bytes())?;
                if let Some(X2apIe::OldEnbUeX2apId(v)) = ies.get(x2id::OLD_ENB_UE_X2AP_ID) {
                    out.write_all(b" old-eNB-UE-X2AP-ID=")?;
                    integer(v.0, out)?;
                }
                if let Some(X2apIe::NewEnbUeX2apId(v)) = ies.get(x2id::NEW_ENB_UE_X2AP_ID) {
                    out.write_all(b" new-eNB-UE-X2AP-ID=")?;
                    integer(v.0, out)?;
                }
                if let Some(X2apIe::Cause(c)) = ies.get(x2id::CAUSE) {
                    out.write_all(b" cause=")?;
                    let (group, value) = match c {
                        x2ap::Cause::RadioNetwork(v) => ("radio_network/", v.name()),
                        x2ap::Cause::Transport(v) => ("transport/", v.name()),
                        x2ap::Cause::Protocol(v) => ("protocol/", v.name()),
                        x2ap::Cause::Misc(v) => ("misc/", v.name()),
                        x2ap::Cause::Unknown(i, _) => ("", Cow::Owned(format!("unknown({i})"))),
                    };
                    out.write_all(group.as_bytes())?;
                    out.write_all(value.as_bytes())?;
                }
                if ies.get(x2id::WRAPPED_KENB).is_some() {
                    out.write_all(b" wrapped-KeNB")?;
                }
                Ok(())
            }
            Decoded::Gtpv2(_) | Decoded::Gtpv1(..) => out.write_all(self.summary().as_bytes()),
        }
    }
}

impl Serialize for Decoded<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Decoded::S1ap(p) => keyhop_codec::s1ap::to_json(p).serialize(s),
            Decoded::X2ap(p) => keyhop_codec::x2ap::to_json(p).serialize(s),
            Decoded::Gtpv2(m) => m.serialize(s),
            Decoded::Gtpv1(m, n) => keyhop_codec::gtpv1::WithNotes(m, n).serialize(s),
        }
    }
}

/// `v` in decimal, as `Display` writes an `i64`, without the formatter.
fn integer<W: Write + ?Sized>(v: i64, out: &mut W) -> io::Result<()> {
    if v < 0 {
        out.write_all(b"-")?;
    }
    let mut buf = [0u8; 20];
    out.write_all(super::decimal(v.unsigned_abs(), &mut buf))
}

/// A message found in a frame, decoded or not.
#[derive(Debug)]
pub struct Message<'a> {
    /// Frame number, from 1.
    pub frame: u64,
    /// Capture time.
    pub time: Timestamp,
    /// Sender.
    pub src: SocketAddr,
    /// Receiver.
    pub dst: SocketAddr,
    /// Protocol.
    pub app: AppProto,
    /// The decoded message or why it could not be decoded.
    pub result: Result<Decoded<'a>, DecodeError>,
    /// Name of the sender (eNB or MME name, or eNB identity), where known.
    pub src_node: Option<String>,
    /// Name of the receiver, where known.
    pub dst_node: Option<String>,
    /// What keyhop did with the message's keys (`security` in JSON).
    pub security: Vec<SecNote>,
    /// For a GTP-C response: its request and the time since it ([`crate::analysis::gtp_match`]).
    pub answer: Option<Answer>,
}

impl<'a> Message<'a> {
    /// Decodes one payload of a frame.
    pub fn from_payload(frame: u64, time: Timestamp, p: &Payload<'a>) -> Self {
        Self::with_result(frame, time, p, Decoded::decode(p.app, p.data))
    }

    /// One payload of a frame, decoded by the caller (the summary's lazy decoder).
    pub fn with_result(
        frame: u64,
        time: Timestamp,
        p: &Payload<'a>,
        result: Result<Decoded<'a>, DecodeError>,
    ) -> Self {
        Message {
            frame,
            time,
            src: p.src,
            dst: p.dst,
            app: p.app,
            result,
            src_node: None,
            dst_node: None,
            security: Vec::new(),
            answer: None,
        }
    }
}

/// The protocol part of a record: the decoded message's fields, or the error.
struct Body<'r, 'a>(&'r Result<Decoded<'a>, DecodeError>);

impl Serialize for Body<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Ok(d) => d.serialize(s),
            Err(e) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("error", e)?;
                m.end()
            }
        }
    }
}

/// A capture time as its RFC 3339 string, written from a stack buffer (no `String` per record).
struct Rfc3339(Timestamp);

impl Serialize for Rfc3339 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut b = [0u8; 27];
        match self.0.rfc3339_micros_into(&mut b) {
            Some(t) => s.serialize_str(t),
            None => s.serialize_str(&self.0.rfc3339_micros()),
        }
    }
}

/// An address as `Display` writes it; IPv4 from a stack buffer without the formatter.
struct Addr(SocketAddr);

impl Serialize for Addr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            SocketAddr::V4(v4) => {
                let mut b = [0u8; 21];
                s.serialize_str(super::v4_text(v4, &mut b))
            }
            a @ SocketAddr::V6(_) => a.serialize(s),
        }
    }
}

/// What a record says of the message itself: the protocol's fields (flattened in), then what
/// keyhop read in it (NAS, RRC) and did with its keys.
#[derive(Serialize)]
pub struct Contents<'r, 'a> {
    #[serde(flatten)]
    body: Body<'r, 'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nas: Option<nas_view::NasViews>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rrc: Option<rrc_view::RrcCells>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    security: &'r [SecNote],
}

/// The JSON record: capture envelope first, then the message's [`Contents`] (flattened in),
/// then the GTP request it answers. Addresses serialize as `Display` writes them
/// (`10.0.0.1:36412`, `[fd00::1]:36412`).
#[derive(Serialize)]
struct Record<'r, 'a> {
    frame: u64,
    time: Rfc3339,
    src: Addr,
    dst: Addr,
    protocol: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    src_node: Option<&'r str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dst_node: Option<&'r str>,
    #[serde(flatten)]
    contents: Contents<'r, 'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_to: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_time: Option<f64>,
}

impl<'a> Message<'a> {
    /// The record without its envelope (frame, time, addresses, protocol, node names, the GTP
    /// request it answers): the message's fields, its NAS and RRC views and its key notes (the
    /// `json` column of `keyhop export`, whose other columns hold the envelope).
    pub fn contents(&self) -> Contents<'_, 'a> {
        Contents {
            body: Body(&self.result),
            nas: self.result.as_ref().ok().and_then(nas_view::views),
            rrc: self.result.as_ref().ok().and_then(rrc_view::cells),
            security: &self.security,
        }
    }
}

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Record {
            frame: self.frame,
            time: Rfc3339(self.time),
            src: Addr(self.src),
            dst: Addr(self.dst),
            protocol: self.app.name(),
            src_node: self.src_node.as_deref(),
            dst_node: self.dst_node.as_deref(),
            contents: self.contents(),
            response_to: self.answer.map(|a| a.request_frame),
            response_time: self.answer.map(|a| a.response_time),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyhop_codec::ap::common::Rng;
    use keyhop_codec::ap::{ApProtocol, PduType};

    /// The hand-written summary is the codec's, for random messages of every S1AP and X2AP
    /// procedure (every cause group and value the generator picks, present or absent IEs).
    #[test]
    fn write_summary_is_the_codec_summary() {
        let types = [
            PduType::InitiatingMessage,
            PduType::SuccessfulOutcome,
            PduType::UnsuccessfulOutcome,
        ];
        let mut rng = Rng::new(7);
        let mut checked = 0;
        for round in 0..20 {
            for code in 0u8..=255 {
                for t in types {
                    let mut encoded = Vec::new();
                    if let Some(name) = keyhop_codec::s1ap::S1ap::message_name(code, t) {
                        if let Some(m) = keyhop_codec::s1ap::sample_message(name, &mut rng) {
                            encoded.push((AppProto::S1ap, m.encode::<keyhop_codec::s1ap::S1ap>()));
                        }
                    }
                    if let Some(name) = keyhop_codec::x2ap::X2ap::message_name(code, t) {
                        if let Some(m) = keyhop_codec::x2ap::sample_message(name, &mut rng) {
                            encoded.push((AppProto::X2ap, m.encode::<keyhop_codec::x2ap::X2ap>()));
                        }
                    }
                    for (app, b) in encoded {
                        let Ok(b) = b else { continue };
                        let d = Decoded::decode(app, &b).expect("a generated message decodes");
                        let mut got = Vec::new();
                        d.write_summary(&mut got).unwrap();
                        assert_eq!(
                            String::from_utf8(got).unwrap(),
                            d.summary(),
                            "round {round}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
