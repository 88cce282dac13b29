//! What one frame's layers hand down and produce: the per-frame output arena and the context
//! (limits, counters, capture time) every layer writes its payloads, issues and notes into.

use std::net::SocketAddr;

use super::{AppProto, DecodeError, Limits, Note, PayloadMeta, Ports, Stats, Transport};

/// What one frame produced; reused from frame to frame.
#[derive(Debug, Default)]
pub(crate) struct Out {
    pub arena: Vec<u8>,
    pub metas: Vec<PayloadMeta>,
    pub issues: Vec<DecodeError>,
    pub notes: Vec<Note>,
}

/// Context handed down the layers for one frame.
pub(crate) struct Ctx<'a> {
    pub out: &'a mut Out,
    pub stats: &'a mut Stats,
    pub limits: &'a Limits,
    /// Extra ports read as S1AP, X2AP or GTP-C (decode-as).
    pub ports: &'a Ports,
    pub frame: u64,
    pub now: i128,
}

impl Ctx<'_> {
    pub fn issue(&mut self, e: DecodeError) {
        self.out.issues.push(e);
    }

    pub fn note(&mut self, n: Note) {
        self.out.notes.push(n);
    }

    /// Appends a payload made of `parts` (the fragments of a message, or one slice).
    pub fn payload(
        &mut self,
        src: SocketAddr,
        dst: SocketAddr,
        app: AppProto,
        transport: Transport,
        parts: &[&[u8]],
    ) {
        let start = self.out.arena.len();
        for p in parts {
            self.out.arena.extend_from_slice(p);
        }
        self.out.metas.push(PayloadMeta {
            src,
            dst,
            app,
            transport,
            start,
            end: self.out.arena.len(),
        });
    }
}
