//! The correlation columns of `messages` (`ue_event`, `ho_kind`, `ue_links`, `ue_release`):
//! what a message is to a UE's handovers and the ids that tie it to the UE's other messages,
//! from the message alone, so that the files of a dataset can be tied together afterwards
//! (`keyhop export --merge`, docs/export.sql).
//!
//! A link is a text key; two messages sharing one belong to the same UE. Keys are scoped as
//! the network scopes the ids (an S1AP id by its SCTP association, an X2AP id by the X2
//! association and its direction, a TEID by the address of its node, a GTP sequence number by
//! the request's direction), so they mean the same thing in every file of a capture set:
//!
//! | key | from |
//! |---|---|
//! | `mm\|MME\|ID` | MME-UE-S1AP-ID at MME endpoint MME (the MME allocates it, for all its eNBs) |
//! | `s1m\|ENB\|MME\|ID` | MME-UE-S1AP-ID on the association of eNB endpoint ENB and MME endpoint MME |
//! | `s1e\|ENB\|MME\|ID` | eNB-UE-S1AP-ID on that association |
//! | `em\|ENB-IP\|ID` | MME-UE-S1AP-ID as the eNB at that address knows it: S1AP, the X2AP HandoverRequest (at both eNBs) and the PathSwitchRequest's source id |
//! | `x2\|SOURCE\|TARGET\|ID` | Old eNB UE X2AP ID between the X2 endpoints of source and target eNB |
//! | `c\|HASH` | the source-to-target transparent container (HandoverRequest, Forward Relocation Request); `c+\|HASH` from the HandoverRequired that starts it (equal containers of later handovers are theirs) |
//! | `imsi\|DIGITS` | IMSI |
//! | `teid\|IP\|0xTEID` | a GTP-C TEID of the node at IP (header TEID of the receiver, sender F-TEID) |
//! | `seq\|REQUESTER-IP\|RESPONDER-IP\|N` | GTP sequence number of a request and its response |
//!
//! Where a message allocates an id (the eNB its eNB-UE-S1AP-ID in the InitialUEMessage, the
//! source eNB its Old eNB UE X2AP ID in the X2 HandoverRequest, a GTP node the TEID of its
//! sender F-TEID, a request its sequence number, the HandoverRequired its container), its key
//! is written with a `+` (`s1e+|...`, `x2+|...`, `teid+|...`, `seq+|...`, `c+|...`): the id
//! starts there, and the same id seen earlier was another UE's (ids are reused).
//!
//! A UE context release (`ue_release`) ends the keys of its message that belong to its S1
//! association (`s1m`, `s1e`, `em`): an id seen there after it is a new UE's. The MME-wide
//! `mm` key goes on (the UE keeps its MME-UE-S1AP-ID when it leaves that eNB), as validate
//! keeps the UE.

use crate::output::{decimal, push_endpoint, push_host};
use crate::validate::event::{HoType, Kind, MmForm, Target};
use crate::validate::machine::{Ending, Step};
use crate::validate::rules::ProcKind;
use keyhop_codec::redact::push_hex;
use keyhop_codec::security::makr::EnbIdentity;
use std::net::SocketAddr;

/// One key being written, `|` between its parts, straight into its `String` (written through
/// the formatter, the keys were 3% of export's instructions).
struct Key(String);

impl Key {
    fn new(tag: &str) -> Key {
        let mut s = String::with_capacity(48);
        s.push_str(tag);
        Key(s)
    }

    /// An endpoint as `SocketAddr` displays it.
    fn ep(mut self, e: SocketAddr) -> Key {
        self.0.push('|');
        push_endpoint(&mut self.0, e);
        self
    }

    /// The address of an endpoint as `IpAddr` displays it.
    fn host(mut self, a: SocketAddr) -> Key {
        self.0.push('|');
        push_host(&mut self.0, a);
        self
    }

    fn num(mut self, v: impl Into<u64>) -> Key {
        self.0.push('|');
        // Digits only: the check is a few instructions, pushing them one by one was not.
        let mut b = [0; 20];
        self.0
            .push_str(std::str::from_utf8(decimal(v.into(), &mut b)).unwrap_or_default());
        self
    }

    fn text(mut self, t: &str) -> Key {
        self.0.push('|');
        self.0.push_str(t);
        self
    }

    /// Octets `b` (a number's big-endian octets: its fixed-width hex) in lowercase hex after
    /// `prefix`.
    fn hex(mut self, prefix: &str, b: &[u8]) -> Key {
        self.0.push('|');
        self.0.push_str(prefix);
        push_hex(&mut self.0, b);
        self
    }
}

/// The correlation columns of one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// The handover step (validate's step names: `HandoverRequired`, `X2 HandoverRequest`...),
    /// `cancel` / `fail` (a cancellation / a failure that ends an S1 or inter-RAT handover:
    /// HandoverCancel or Relocation Cancel Request / preparation failure, HandoverFailure or a
    /// refusing Forward Relocation Response), `x2-cancel` / `x2-fail` (one that ends an X2
    /// handover: X2 HandoverCancel / X2 preparation failure or PathSwitchRequestFailure),
    /// `setup` (Initial Context Setup or UE Context Modification: the receiver serves the UE),
    /// or `None`.
    pub ue_event: Option<&'static str>,
    /// For a message that opens a handover (when none of its kind is running), the kind it
    /// opens (validate's names).
    pub ho_kind: Option<&'static str>,
    /// The keys (module docs).
    pub ue_links: Vec<String>,
    /// A UE context release: its S1 keys end here.
    pub ue_release: bool,
    /// The eNB a handover preparation names as its target (HandoverRequired, Forward
    /// Relocation Request): with the container key, it names the eNB that a HandoverRequest
    /// carrying the container reaches, in another file too.
    pub target_enb: Option<EnbIdentity>,
}

fn kind_of_ho_type(t: HoType) -> ProcKind {
    match t {
        HoType::LteToUtran => ProcKind::EutranToUtran,
        HoType::UtranToLte => ProcKind::UtranToEutran,
        _ => ProcKind::S1IntraMme,
    }
}

/// The correlation columns of a message of kind `kind` from `src` to `dst`.
pub fn links(kind: &Kind, src: SocketAddr, dst: SocketAddr) -> Links {
    let mut l = Links {
        ue_event: Step::of(kind).map(Step::name),
        target_enb: match kind {
            Kind::HoRequired {
                target: Target::Enb(e),
                ..
            }
            | Kind::FwdRelocReq {
                target: Target::Enb(e),
                ..
            } => Some(*e),
            _ => None,
        },
        ..Default::default()
    };
    let mut key = |k: Key| l.ue_links.push(k.0);
    // S1AP: the association as (eNB endpoint, MME endpoint).
    let assoc = kind
        .s1_sent_by_enb()
        .map(|up| if up { (src, dst) } else { (dst, src) });
    let s1 = |key: &mut dyn FnMut(Key), mme: Option<u32>, enb: Option<u32>| {
        if let Some((e, m)) = assoc {
            if let Some(id) = mme {
                key(Key::new("mm").ep(m).num(id));
                key(Key::new("s1m").ep(e).ep(m).num(id));
                key(Key::new("em").host(e).num(id));
            }
            if let Some(id) = enb {
                key(Key::new("s1e").ep(e).ep(m).num(id));
            }
        }
    };
    let mut ho_kind = None;
    let mut event = None;
    match kind {
        Kind::InitialUe { enb, imsi } => {
            // The eNB allocates its id here.
            if let Some((e, m)) = assoc {
                key(Key::new("s1e+").ep(e).ep(m).num(*enb));
            }
            key(Key::new("imsi").text(imsi.as_str()));
        }
        Kind::UplinkNas { mme, enb, imsi } => {
            s1(&mut key, Some(*mme), Some(*enb));
            key(Key::new("imsi").text(imsi.as_str()));
        }
        Kind::InitialContextSetup { mme, enb, .. }
        | Kind::UeContextModification { mme, enb, .. } => {
            s1(&mut key, Some(*mme), Some(*enb));
            event = Some("setup");
        }
        Kind::HoRequired {
            mme,
            enb,
            ho_type,
            container,
            ..
        } => {
            s1(&mut key, Some(*mme), Some(*enb));
            // The container starts here: a later handover carrying equal octets is another's.
            if let Some(c) = container {
                key(Key::new("c+").hex("", &c.to_be_bytes()));
            }
            ho_kind = Some(kind_of_ho_type(*ho_type));
        }
        Kind::HoRequest {
            mme,
            ho_type,
            container,
            ..
        } => {
            s1(&mut key, Some(*mme), None);
            if let Some(c) = container {
                key(Key::new("c").hex("", &c.to_be_bytes()));
            }
            ho_kind = Some(kind_of_ho_type(*ho_type));
        }
        Kind::HoRequestAck { mme, enb, .. }
        | Kind::HoCommand { mme, enb, .. }
        | Kind::HoNotify { mme, enb, .. }
        | Kind::PathSwitchAck { mme, enb, .. }
        | Kind::DownlinkNas { mme, enb, .. }
        | Kind::NeighbourKeyRequest { mme, enb, .. }
        | Kind::NeighbourKeyResponse { mme, enb, .. }
        | Kind::HoCancel { mme, enb, .. }
        | Kind::HoPreparationFailure { mme, enb, .. } => s1(&mut key, Some(*mme), Some(*enb)),
        Kind::HoFailure { mme } | Kind::PathSwitchFailure { mme } => s1(&mut key, Some(*mme), None),
        Kind::PathSwitch {
            enb, source_mme, ..
        } => {
            // The source MME-UE-S1AP-ID names the UE at the MME (validate joins the X2 leg
            // and names the UE through it), and the MME keeps it in its acknowledgement.
            s1(&mut key, Some(*source_mme), Some(*enb));
            ho_kind = Some(ProcKind::X2Legacy);
        }
        Kind::UeRelease { mme, enb, .. } => {
            s1(&mut key, *mme, *enb);
            l.ue_release = true;
        }
        Kind::X2HoRequest {
            old, mme, wrapped, ..
        } => {
            // The source eNB allocates the old X2 id here.
            key(Key::new("x2+").ep(src).ep(dst).num(*old));
            key(Key::new("em").host(src).num(*mme));
            key(Key::new("em").host(dst).num(*mme));
            ho_kind = Some(if wrapped.is_some() {
                ProcKind::X2Makr
            } else {
                ProcKind::X2Legacy
            });
        }
        Kind::X2HoCancel { old } => key(Key::new("x2").ep(src).ep(dst).num(*old)),
        // From the target to the source.
        Kind::X2HoPreparationFailure { old }
        | Kind::X2HoRequestAck { old, .. }
        | Kind::X2UeContextRelease { old, .. } => key(Key::new("x2").ep(dst).ep(src).num(*old)),
        Kind::FwdRelocReq {
            seq,
            sender_teid,
            imsi,
            mm,
            target,
            container,
            ..
        } => {
            // A request starts its sequence number; a sender F-TEID is allocated where sent.
            key(Key::new("seq+").host(src).host(dst).num(*seq));
            if let Some(t) = sender_teid {
                key(Key::new("teid+").host(src).hex("0x", &t.to_be_bytes()));
            }
            if let Some(i) = imsi {
                key(Key::new("imsi").text(i.as_str()));
            }
            if let Some(c) = container {
                key(Key::new("c").hex("", &c.to_be_bytes()));
            }
            // An EPS MM Context comes from an MME; towards an RNC it is a handover to UTRAN.
            let from_mme = mm.as_ref().is_some_and(|m| m.form == MmForm::Eps);
            ho_kind = Some(if !from_mme {
                ProcKind::UtranToEutran
            } else if matches!(target, Target::Rnc { .. }) {
                ProcKind::EutranToUtran
            } else {
                ProcKind::S1InterMme
            });
        }
        Kind::FwdRelocResp {
            seq,
            teid,
            sender_teid,
            ..
        } => {
            key(Key::new("seq").host(dst).host(src).num(*seq));
            key(Key::new("teid").host(dst).hex("0x", &teid.to_be_bytes()));
            if let Some(t) = sender_teid {
                key(Key::new("teid+").host(src).hex("0x", &t.to_be_bytes()));
            }
        }
        Kind::FwdRelocComplete { teid, .. } | Kind::FwdRelocCompleteAck { teid, .. } => {
            key(Key::new("teid").host(dst).hex("0x", &teid.to_be_bytes()));
        }
        Kind::RelocCancel { teid, imsi } => {
            key(Key::new("teid").host(dst).hex("0x", &teid.to_be_bytes()));
            if let Some(i) = imsi {
                key(Key::new("imsi").text(i.as_str()));
            }
        }
        Kind::CreateSession { imsi: Some(i), .. } => key(Key::new("imsi").text(i.as_str())),
        _ => {}
    }
    // A cancellation or failure: validate's one table of them.
    if let Some(e) = Ending::of(kind) {
        event = Some(e.name());
    }
    if event.is_some() {
        l.ue_event = event;
    }
    l.ho_kind = ho_kind.map(ProcKind::name);
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::extract::container_hash;

    fn at(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    /// A key written part by part reads as `format!` writes it: IPv4 and IPv6 endpoints and
    /// hosts, decimals and fixed-width hex at their extremes.
    #[test]
    fn keys_read_as_format_writes_them() {
        let ends = [
            at("10.0.0.1:36412"),
            at("255.255.255.255:65535"),
            at("0.0.0.0:0"),
            at("[fd00::2]:36422"),
            at("[::ffff:10.1.2.3]:1"),
        ];
        for a in ends {
            for b in ends {
                for v in [0u64, 7, 10, 99, 100, 4095, u64::from(u32::MAX), u64::MAX] {
                    let k = Key::new("t").ep(a).host(b).num(v);
                    assert_eq!(k.0, format!("t|{a}|{}|{v}", b.ip()));
                    let low = v as u32;
                    let h = Key::new("h")
                        .hex("", &v.to_be_bytes())
                        .hex("0x", &low.to_be_bytes());
                    assert_eq!(h.0, format!("h|{v:016x}|0x{low:08x}"));
                }
            }
        }
    }

    /// Both directions of one X2 handover name the same key: the X2 association as (source,
    /// target), whichever eNB sends.
    #[test]
    fn x2_keys_are_scoped_by_source_and_target() {
        let (a, b) = (at("10.0.0.1:36422"), at("[fd00::2]:36422"));
        let req = links(
            &Kind::X2HoRequestAck {
                old: 7,
                new: 9,
                target_cell: None,
            },
            b,
            a,
        );
        assert_eq!(req.ue_links, ["x2|10.0.0.1:36422|[fd00::2]:36422|7"]);
        assert_eq!(req.ue_event, Some("X2 HandoverRequestAcknowledge"));
        let fail = links(&Kind::X2HoPreparationFailure { old: 7 }, b, a);
        assert_eq!(fail.ue_links, req.ue_links);
        assert_eq!(fail.ue_event, Some("x2-fail"));
        // The same id from the other eNB is another UE's.
        let other = links(&Kind::X2HoCancel { old: 7 }, b, a);
        assert_ne!(other.ue_links, req.ue_links);
    }

    /// The HandoverRequired starts its container and names the association as (eNB, MME);
    /// the release's direction comes from its name.
    #[test]
    fn s1_keys() {
        let (enb, mme) = (at("10.0.1.1:36412"), at("10.0.0.1:36412"));
        let c = container_hash(b"container");
        let req = links(
            &Kind::HoRequired {
                mme: 5,
                enb: 6,
                ho_type: HoType::IntraLte,
                target: Target::Other,
                container: Some(c),
            },
            enb,
            mme,
        );
        assert_eq!(
            req.ue_links,
            [
                "mm|10.0.0.1:36412|5".to_string(),
                "s1m|10.0.1.1:36412|10.0.0.1:36412|5".into(),
                "em|10.0.1.1|5".into(),
                "s1e|10.0.1.1:36412|10.0.0.1:36412|6".into(),
                format!("c+|{c:016x}"),
            ]
        );
        assert_eq!(req.ho_kind, Some("s1-intra-mme"));
        assert!(!req.ue_release);
        let cmd = links(
            &Kind::UeRelease {
                mme: Some(5),
                enb: Some(6),
                complete: false,
            },
            mme,
            enb,
        );
        assert!(cmd.ue_release);
        assert_eq!(cmd.ue_links[1], req.ue_links[1]);
        let done = links(
            &Kind::UeRelease {
                mme: Some(5),
                enb: Some(6),
                complete: true,
            },
            enb,
            mme,
        );
        assert_eq!(done.ue_links, cmd.ue_links);
    }
}
