//! The decode of `keyhop read`'s summary: S1AP and X2AP messages typed only in the IEs that the
//! summary line, the key analysis and the node names read, and the rest of every message
//! checked to decode exactly as the full decode would, or the full decode itself.
//!
//! The full decode types every IE of every message (about half of `read`'s instructions), while
//! the line shows a message name, UE ids and a cause. Here the envelope and IE list are walked
//! by the codec's [`LazyPdu`] (ids, criticalities, the open types' lengths and bounds, what
//! follows the PDU), the IEs read above are decoded by the codec's own decoder, and every other
//! IE value is proven to decode without error or note: either it is decoded now (and dropped),
//! or the same octets under the same IE id and protocol decoded cleanly earlier ([`Decoder`]
//! keeps a bounded set of them; a value's decode depends on nothing else). Whatever the full
//! decode could say more — an error anywhere, a note anywhere, framing the canonical walk does
//! not take, an IE id the protocol does not type, a fragmented value, a private message, a
//! message kind whose readers are not listed here — sends the message to the full decoder, so
//! text, notes, errors and exit codes are those of the full decode (tests/tests/summary_lazy.rs
//! compares them on every sample, shared capture and damaged copies).

use crate::capture::{AppProto, Payload, Timestamp};
use crate::decoded::Decoded;
use crate::output::Message;
use crate::validate::extract;
use keyhop_codec::ap::{ApProtocol, IeSet, IeValue, LazyPdu, Pdu, PrivateIeSet, ProtocolIe};
use keyhop_codec::s1ap::{self, id as s1id};
use keyhop_codec::x2ap::{self, id as x2id};
use keyhop_codec::DecodeError;
use std::borrow::Cow;
use std::collections::HashSet;

/// IE values at most this long are remembered once they decoded cleanly (longer ones are
/// decoded every time). Status transfers' bearer lists run to 1-2K octets: hashing one costs a
/// tenth of decoding it.
const MAX_REMEMBERED_VALUE: usize = 4096;
/// Remembered values before the set is emptied, and octets they may hold: bounds `read`'s
/// memory whatever the capture (about 4 MiB).
const MAX_REMEMBERED: usize = 16_384;
const MAX_REMEMBERED_OCTETS: usize = 4 << 20;

/// The summary's decoder: [`Decoder::decode`] gives what [`Decoded::decode`] gives as far as the
/// summary line, the key analysis and the node names can tell, typing only the IEs they read.
pub struct Decoder {
    /// `protocol, id (2 octets), value` of IE values that decoded without error or note.
    clean: HashSet<Box<[u8]>, ahash::RandomState>,
    /// Octets held by `clean`.
    held: usize,
    /// The key being looked up (reused: no allocation per IE).
    key: Vec<u8>,
    /// Messages decoded here / sent to the full decoder (for measurements and tests).
    stats: Stats,
}

/// How many messages [`Decoder::decode`] took and how many it left to the full decoder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// S1AP/X2AP messages decoded partially.
    pub partial: u64,
    /// S1AP/X2AP messages sent to the full decoder.
    pub full: u64,
    /// IE values proven clean by an earlier decode of the same octets.
    pub remembered: u64,
    /// IE values not read that were decoded to prove them clean.
    pub checked: u64,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            clean: HashSet::with_hasher(ahash::RandomState::new()),
            held: 0,
            key: Vec::with_capacity(64),
            stats: Stats::default(),
        }
    }
}

impl Decoder {
    /// A decoder with nothing remembered.
    pub fn new() -> Self {
        Self::default()
    }

    /// What the decoder did so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// [`Message::from_payload`] through [`Decoder::decode`].
    pub fn message<'a>(&mut self, frame: u64, time: Timestamp, p: &Payload<'a>) -> Message<'a> {
        let result = self.decode(p.app, p.data);
        Message::with_result(frame, time, p, result)
    }

    /// Decodes `data` as `app` for the summary path: S1AP and X2AP with only the IEs read typed
    /// (see the module doc), the full decode for anything else and wherever the partial
    /// decode could differ from it.
    pub fn decode<'a>(
        &mut self,
        app: AppProto,
        data: &'a [u8],
    ) -> Result<Decoded<'a>, DecodeError> {
        let partial = match app {
            AppProto::S1ap => self.s1ap(data).map(Decoded::S1ap),
            AppProto::X2ap => self.x2ap(data).map(Decoded::X2ap),
            AppProto::Gtpv2c | AppProto::Gtpv1c => return Decoded::decode(app, data),
        };
        match partial {
            Some(d) => {
                self.stats.partial += 1;
                Ok(d)
            }
            None => {
                self.stats.full += 1;
                Decoded::decode(app, data)
            }
        }
    }

    fn s1ap<'a>(&mut self, data: &'a [u8]) -> Option<s1ap::S1apPdu<'a>> {
        // Messages that name nodes go through the validate extraction ([`Namer`]): every IE it
        // reads is typed for them.
        //
        // [`Namer`]: crate::validate::names::Namer
        let read: fn(u16) -> bool = if extract::names_nodes(AppProto::S1ap, data) {
            |id| s1_read(id) || extract::s1_ie_read(id)
        } else {
            s1_read
        };
        self.partial::<s1ap::S1apIe<'a>, _, s1ap::S1ap>(data, 0, read)
    }

    fn x2ap<'a>(&mut self, data: &'a [u8]) -> Option<x2ap::X2apPdu<'a>> {
        let read: fn(u16) -> bool = match data.get(1) {
            // Handover preparation: the node names read the request (extraction), the key
            // analysis its WrappedKeNB, UE context and target cell.
            Some(0) => |id| x2_read(id) || extract::x2_ie_read(id),
            // X2 Setup and eNB Configuration Update: served cells and the rest, read by the
            // node names from the whole message; rare, so decoded in full.
            Some(6 | 8) | None => return None,
            Some(_) if extract::names_nodes(AppProto::X2ap, data) => return None,
            Some(_) => x2_read,
        };
        self.partial::<x2ap::X2apIe<'a>, _, x2ap::X2ap>(data, 1, read)
    }

    /// The PDU of `data` with the IEs `read` names typed and no other IE: `None` wherever that
    /// could differ from the full decode in what the summary path sees (module doc).
    fn partial<'a, V, P, A>(
        &mut self,
        data: &'a [u8],
        proto: u8,
        read: fn(u16) -> bool,
    ) -> Option<Pdu<'a, V, P>>
    where
        V: IeSet<'a, Protocol = A>,
        P: PrivateIeSet<'a>,
        A: ApProtocol,
    {
        let lazy = LazyPdu::decode::<A, V>(data).ok()?;
        // A note on the framing (octets after the PDU...), an unknown procedure (kept whole
        // when not an IE container), a private message or an extension alternative: the full
        // decoder's.
        let (pdu_type, raw) = lazy.known_message::<A>()?;
        let mut items = Vec::with_capacity(raw.len().min(8));
        for ie in raw {
            // An IE the protocol does not type stays octets in the full decode too, but it is
            // what a newer peer sends: rare, and the full decoder's business.
            // A fragmented value (joined here) is decoded across its fragments there.
            if !V::knows(ie.id) || matches!(ie.value, Cow::Owned(_)) {
                return None;
            }
            if read(ie.id) {
                let (value, notes) = lazy.decode_raw::<V>(ie).ok()??;
                if !notes.is_empty() {
                    return None;
                }
                items.push(ProtocolIe {
                    id: ie.id,
                    criticality: ie.criticality,
                    value: IeValue::Typed(value),
                    wire: None,
                });
            } else if self.known_clean(proto, ie.id, &ie.value) {
                self.stats.remembered += 1;
            } else {
                // Not read, but the full decode would type it: it must decode, without note.
                let (_, notes) = lazy.decode_raw::<V>(ie).ok()??;
                if !notes.is_empty() {
                    return None;
                }
                self.stats.checked += 1;
                self.remember(ie.value.len());
            }
        }
        Some(lazy.pdu_with(pdu_type, items))
    }

    /// Whether `value` of IE `id` of protocol `proto` decoded cleanly before. Leaves the
    /// looked-up key in `key` for [`Decoder::remember`].
    fn known_clean(&mut self, proto: u8, id: u16, value: &[u8]) -> bool {
        self.key.clear();
        if value.len() > MAX_REMEMBERED_VALUE {
            return false;
        }
        self.key.push(proto);
        self.key.extend_from_slice(&id.to_be_bytes());
        self.key.extend_from_slice(value);
        self.clean.contains(&self.key[..])
    }

    /// Remembers the value of `len` octets last looked up by [`Decoder::known_clean`] as clean.
    fn remember(&mut self, len: usize) {
        if self.key.len() != len + 3 {
            // Too long to be remembered (no key was built).
            return;
        }
        if self.clean.len() >= MAX_REMEMBERED || self.held + self.key.len() > MAX_REMEMBERED_OCTETS
        {
            self.clean.clear();
            self.held = 0;
        }
        self.held += self.key.len();
        self.clean.insert(self.key.as_slice().into());
    }
}

/// S1AP IEs the summary line and the key analysis read: UE ids, cause, the NAS-PDUs (also
/// InitialContextSetupRequest's E-RAB items, for their NAS names and keys), and what S1 Setup
/// says of the nodes.
fn s1_read(id: u16) -> bool {
    matches!(
        id,
        s1id::MME_UE_S1AP_ID
            | s1id::ENB_UE_S1AP_ID
            | s1id::CAUSE
            | s1id::NAS_PDU
            | s1id::E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ
            | s1id::GLOBAL_ENB_ID
            | s1id::ENB_NAME
            | s1id::MME_NAME
    )
}

/// X2AP IEs the summary line reads (the codec's summary of a handover request or setup among
/// them); a handover request adds those of the extraction (key analysis and node names).
fn x2_read(id: u16) -> bool {
    matches!(
        id,
        x2id::OLD_ENB_UE_X2AP_ID
            | x2id::NEW_ENB_UE_X2AP_ID
            | x2id::CAUSE
            | x2id::TARGET_CELL_ID
            | x2id::GLOBAL_ENB_ID
            | x2id::WRAPPED_KENB
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyhop_codec::ap::common::Rng;
    use keyhop_codec::ap::PduType;

    /// What the summary path reads of a message: the summary text and notes (or the error),
    /// the NAS-PDUs of the key analysis and the event the node names learn from.
    fn seen(app: AppProto, data: &[u8], d: &Result<Decoded<'_>, DecodeError>) -> String {
        match d {
            Err(e) => format!("{e:?}"),
            Ok(d) => {
                let mut s = Vec::new();
                d.write_summary(&mut s).unwrap();
                let mut s = String::from_utf8(s).unwrap();
                s += &format!(" {:?}", d.notes());
                if let Decoded::S1ap(p) = d {
                    s += &format!(" {:?}", crate::analysis::nas_view::nas_pdus(p));
                }
                if extract::names_nodes(app, data) {
                    s += &format!(" {:?}", extract::extract(d, false));
                }
                s
            }
        }
    }

    /// Random messages of every S1AP and X2AP procedure and PDU type (every mandatory IE,
    /// random optional ones and values), whole and with a bit flipped: what the summary path
    /// reads is what the full decode gives, and most messages take the partial path.
    #[test]
    fn every_procedure_reads_as_in_the_full_decode() {
        let mut dec = Decoder::new();
        let mut rng = Rng::new(20);
        let (mut checked, mut whole, mut whole_partial) = (0, 0, 0);
        for _ in 0..6 {
            for code in 0u8..=255 {
                for t in [
                    PduType::InitiatingMessage,
                    PduType::SuccessfulOutcome,
                    PduType::UnsuccessfulOutcome,
                ] {
                    let mut encoded = Vec::new();
                    if let Some(name) = s1ap::S1ap::message_name(code, t) {
                        if let Some(m) = s1ap::sample_message(name, &mut rng) {
                            encoded.push((AppProto::S1ap, s1ap::encode(&m)));
                        }
                    }
                    if let Some(name) = x2ap::X2ap::message_name(code, t) {
                        if let Some(m) = x2ap::sample_message(name, &mut rng) {
                            encoded.push((AppProto::X2ap, x2ap::encode(&m)));
                        }
                    }
                    for (app, b) in encoded {
                        let Ok(mut b) = b else { continue };
                        for round in 0..3 {
                            if round > 0 {
                                let bit = rng.below(b.len() as u64 * 8) as usize;
                                b[bit / 8] ^= 0x80 >> (bit % 8);
                            }
                            let before = dec.stats().partial;
                            let lazy = dec.decode(app, &b);
                            if round == 0 {
                                whole += 1;
                                whole_partial += dec.stats().partial - before;
                            }
                            let full = Decoded::decode(app, &b);
                            assert_eq!(seen(app, &b, &lazy), seen(app, &b, &full), "{b:02x?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        let s = dec.stats();
        assert!(checked > 1500, "{checked}");
        // Whole messages take the partial path but for X2 Setup / eNB Configuration Update,
        // private messages and the like.
        assert!(whole_partial * 10 > whole * 8, "{whole_partial} of {whole}");
        assert!(s.checked > 1000, "{s:?}");
    }

    /// A value remembered as clean is one that decoded without error or note; the memory
    /// stays bounded.
    #[test]
    fn remembered_values_are_bounded() {
        let mut dec = Decoder::new();
        for i in 0..(MAX_REMEMBERED as u32 + 10) {
            let v = i.to_be_bytes();
            assert!(!dec.known_clean(0, 1, &v));
            dec.remember(v.len());
            assert!(dec.known_clean(0, 1, &v));
            assert!(!dec.known_clean(1, 1, &v) && !dec.known_clean(0, 2, &v));
        }
        assert!(dec.clean.len() <= MAX_REMEMBERED);
        let long = vec![0u8; MAX_REMEMBERED_VALUE + 1];
        assert!(!dec.known_clean(0, 1, &long));
        dec.remember(long.len());
        assert!(!dec.known_clean(0, 1, &long));
        assert!(dec.held <= MAX_REMEMBERED_OCTETS);
    }
}
