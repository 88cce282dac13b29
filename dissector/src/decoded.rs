//! One decoded application message: the protocol decoders behind one enum, so the layers above
//! do not care which protocol a message is in. This floor decodes, names and lists the decoder's
//! notes; it renders nothing (the summary text and the JSON are in [`crate::output`]).

use crate::capture::AppProto;
use keyhop_codec::{DecodeError, Note};
use std::borrow::Cow;

/// What a protocol decoder produced, borrowed from the capture's buffer.
#[derive(Debug)]
pub enum Decoded<'a> {
    /// An S1AP PDU.
    S1ap(keyhop_codec::s1ap::S1apPdu<'a>),
    /// An X2AP PDU.
    X2ap(keyhop_codec::x2ap::X2apPdu<'a>),
    /// A GTPv2-C message (with any piggybacked one).
    Gtpv2(keyhop_codec::gtpv2::Gtpv2Message<'a>),
    /// A GTPv1-C message, and the notes its decoder made.
    Gtpv1(keyhop_codec::gtpv1::Message<'a>, Vec<Note>),
}

impl<'a> Decoded<'a> {
    /// Decodes `data` as `app`.
    pub fn decode(app: AppProto, data: &'a [u8]) -> Result<Self, DecodeError> {
        match app {
            AppProto::S1ap => keyhop_codec::s1ap::decode(data).map(Decoded::S1ap),
            AppProto::X2ap => keyhop_codec::x2ap::decode(data).map(Decoded::X2ap),
            AppProto::Gtpv2c => keyhop_codec::gtpv2::parse(data).map(Decoded::Gtpv2),
            AppProto::Gtpv1c => keyhop_codec::gtpv1::Message::parse_with_notes(data)
                .map(|(m, notes)| Decoded::Gtpv1(m, notes)),
        }
    }

    /// The message name (ASN.1 or 3GPP).
    pub fn message_name(&self) -> Cow<'static, str> {
        match self {
            Decoded::S1ap(p) => p.message_name::<keyhop_codec::s1ap::S1ap>(),
            Decoded::X2ap(p) => p.message_name::<keyhop_codec::x2ap::X2ap>(),
            Decoded::Gtpv2(m) => Cow::Borrowed(m.message_name()),
            Decoded::Gtpv1(m, _) => Cow::Borrowed(m.message_name()),
        }
    }

    /// Oddities the decoder accepted.
    pub fn notes(&self) -> &[Note] {
        match self {
            Decoded::S1ap(p) => &p.notes,
            Decoded::X2ap(p) => &p.notes,
            Decoded::Gtpv2(m) => &m.notes,
            Decoded::Gtpv1(_, n) => n,
        }
    }
}
