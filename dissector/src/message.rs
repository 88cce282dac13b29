//! One decoded application message and how it is shown: the protocol decoders behind one enum,
//! so the output code does not care which protocol it prints.

use crate::capture::{AppProto, Payload, Timestamp};
use keyhop_codec::{DecodeError, Note};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::net::SocketAddr;

/// What a protocol decoder produced, borrowed from the capture's buffer.
#[derive(Debug)]
pub enum Decoded<'a> {
    /// An S1AP PDU.
    S1ap(keyhop_codec::s1ap::S1apPdu<'a>),
}

impl<'a> Decoded<'a> {
    /// Decodes `data` as `app`.
    pub fn decode(app: AppProto, data: &'a [u8]) -> Result<Self, DecodeError> {
        match app {
            AppProto::S1ap => keyhop_codec::s1ap::decode(data).map(Decoded::S1ap),
            other => Err(DecodeError::new(
                other.protocol(),
                keyhop_codec::ErrorKind::Invalid,
                0,
                "no decoder for this protocol yet",
            )),
        }
    }

    /// The message name (ASN.1 or 3GPP).
    pub fn message_name(&self) -> Cow<'static, str> {
        match self {
            Decoded::S1ap(p) => p.message_name::<keyhop_codec::s1ap::S1ap>(),
        }
    }

    /// The protocol's one-line summary: UE ids, cause and the like.
    pub fn summary(&self) -> String {
        match self {
            Decoded::S1ap(p) => keyhop_codec::s1ap::summary(p),
        }
    }

    /// Oddities the decoder accepted.
    pub fn notes(&self) -> &[Note] {
        match self {
            Decoded::S1ap(p) => &p.notes,
        }
    }

    /// Writes the protocol's JSON fields into an open map.
    pub fn serialize_fields<S: Serializer>(&self, m: &mut S::SerializeMap) -> Result<(), S::Error> {
        match self {
            Decoded::S1ap(p) => p.serialize_fields::<keyhop_codec::s1ap::S1ap, S>(m),
        }
    }
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
}

impl<'a> Message<'a> {
    /// Decodes one payload of a frame.
    pub fn from_payload(frame: u64, time: Timestamp, p: &Payload<'a>) -> Self {
        Message {
            frame,
            time,
            src: p.src,
            dst: p.dst,
            app: p.app,
            result: Decoded::decode(p.app, p.data),
        }
    }
}

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("frame", &self.frame)?;
        m.serialize_entry("time", &crate::time::rfc3339_micros(self.time))?;
        m.serialize_entry("src", &self.src.to_string())?;
        m.serialize_entry("dst", &self.dst.to_string())?;
        m.serialize_entry("protocol", self.app.name())?;
        match &self.result {
            Ok(d) => d.serialize_fields::<S>(&mut m)?,
            Err(e) => m.serialize_entry("error", e)?,
        }
        m.end()
    }
}
