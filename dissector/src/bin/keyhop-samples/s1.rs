//! `s1-handover.pcapng`: an MME serving three eNBs (two over
//! IPv4, one over IPv6), S1 Setup on each association, then for each of four UEs an initial
//! context setup and an intra-MME S1 handover (Required, Request with the NH of TS 33.401
//! Annex A.4, Acknowledge, Command, status transfer, Notify, release of the source), with
//! messages bundled in one SCTP packet where a real stack would.

use keyhop::capture::synth::{Chunk, Dir, LinkSpec, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, Timestamp};
use keyhop_codec::ap::common::{Int, KeyBits, Rng};
use keyhop_codec::ap::{IeValue, ProtocolIe};
use keyhop_codec::s1ap::{self, HandoverType, S1apIe, S1apPdu};
use keyhop_codec::security::kdf;
use keyhop_codec::security::keys::Key256;
use keyhop_codec::KeyMaterial;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

const PPID_S1AP: u32 = 18;
const ID_MME_UE_S1AP_ID: u16 = 0;
const ID_HANDOVER_TYPE: u16 = 1;
const ID_ENB_UE_S1AP_ID: u16 = 8;
const ID_SECURITY_CONTEXT: u16 = 40;
const ID_SECURITY_KEY: u16 = 73;

/// One S1 association: the eNB is the SCTP client, the MME the server.
struct Enb {
    assoc: SctpAssoc,
}

/// Builds a message of `name` with random values, then sets the UE ids (and keys) of the flow.
fn message(name: &str, rng: &mut Rng, mme_id: u32, enb_id: u32) -> S1apPdu<'static> {
    let mut pdu = s1ap::sample_message(name, rng)
        .unwrap_or_else(|| panic!("keyhop knows how to build {name}"));
    if let keyhop_codec::ap::Body::Ies(m) = &mut pdu.body {
        for ie in &mut m.ies.items {
            set(ie, mme_id, enb_id);
        }
    }
    pdu
}

fn set(ie: &mut ProtocolIe<'static, S1apIe<'static>>, mme_id: u32, enb_id: u32) {
    match (ie.id, &mut ie.value) {
        (ID_MME_UE_S1AP_ID, IeValue::Typed(S1apIe::MmeUeS1apId(v))) => *v = Int(mme_id as i64),
        (ID_ENB_UE_S1AP_ID, IeValue::Typed(S1apIe::EnbUeS1apId(v))) => *v = Int(enb_id as i64),
        (ID_HANDOVER_TYPE, IeValue::Typed(S1apIe::HandoverType(t))) => *t = HandoverType::Intralte,
        _ => {}
    }
}

fn set_key(pdu: &mut S1apPdu<'static>, key: &Key256, ncc: i64) {
    if let keyhop_codec::ap::Body::Ies(m) = &mut pdu.body {
        for ie in &mut m.ies.items {
            match (ie.id, &mut ie.value) {
                (ID_SECURITY_KEY, IeValue::Typed(S1apIe::SecurityKey(k))) => {
                    *k = KeyBits(KeyMaterial::owned(key.expose().to_vec()))
                }
                (ID_SECURITY_CONTEXT, IeValue::Typed(S1apIe::SecurityContext(sc))) => {
                    sc.next_hop_chaining_count = Int(ncc);
                    sc.next_hop_parameter = KeyBits(KeyMaterial::owned(key.expose().to_vec()));
                }
                _ => {}
            }
        }
    }
}

struct Out {
    w: PcapNgFileWriter<std::io::BufWriter<std::fs::File>>,
    iface: u32,
    link: LinkSpec,
    t: i64,
}

impl Out {
    /// Sends `msgs` from the eNB (Forward) or the MME (Reverse) in one SCTP packet.
    fn send(&mut self, enb: &mut Enb, d: Dir, stream: u16, msgs: &[&S1apPdu<'_>]) {
        let mut chunks: Vec<Chunk> = Vec::new();
        for m in msgs {
            let bytes = s1ap::encode(m).expect("the generator's messages encode");
            chunks.extend(enb.assoc.message(d, stream, PPID_S1AP, &bytes, 1400));
        }
        let sctp = enb.assoc.packet(d, &chunks);
        let ip = enb.assoc.ip_packet(d, &sctp);
        self.t += 1_700;
        let ts = Timestamp::new(
            1_795_000_000 + self.t / 1_000_000,
            (self.t % 1_000_000) as u64 * 1000,
        );
        self.w
            .write(self.iface, ts, &self.link.frame(&ip))
            .expect("write the capture");
    }
}

/// Writes the S1 handover capture into `dir`; returns the files written.
pub fn write(dir: &Path) -> Vec<PathBuf> {
    let path = dir.join("s1-handover.pcapng");
    let mut w = PcapNgFileWriter::create(&path).expect("create the capture");
    let iface = w
        .add_interface(linktype::ETHERNET, 6)
        .expect("add an interface");
    let mut out = Out {
        w,
        iface,
        link: LinkSpec::ethernet(),
        t: 0,
    };
    let mme4: SocketAddr = "10.10.0.1:36412".parse().unwrap();
    let mme6: SocketAddr = "[fd00:10::1]:36412".parse().unwrap();
    let mut enbs = vec![
        Enb {
            assoc: SctpAssoc::new("10.10.1.1:36412".parse().unwrap(), mme4),
        },
        Enb {
            assoc: SctpAssoc::new("10.10.1.2:36412".parse().unwrap(), mme4),
        },
        Enb {
            assoc: SctpAssoc::new("[fd00:10::3]:36412".parse().unwrap(), mme6),
        },
    ];
    let mut rng = Rng::new(0x6b65_7968_6f70);
    for enb in &mut enbs {
        for (d, pkt) in enb.assoc.handshake() {
            let ip = enb.assoc.ip_packet(d, &pkt);
            out.t += 300;
            let ts = Timestamp::new(1_795_000_000, out.t as u64 * 1000);
            out.w.write(out.iface, ts, &out.link.frame(&ip)).unwrap();
        }
        let req = message("S1SetupRequest", &mut rng, 0, 0);
        out.send(enb, Dir::Forward, 0, &[&req]);
        let resp = message("S1SetupResponse", &mut rng, 0, 0);
        out.send(enb, Dir::Reverse, 0, &[&resp]);
    }
    for ue in 0..4u32 {
        let (src, dst) = (ue as usize % 3, (ue as usize + 1) % 3);
        let mme_id = 1000 + ue;
        let (src_enb_id, dst_enb_id) = (200 + ue, 300 + ue);
        let stream = 1 + (ue % 4) as u16;
        let kasme = Key256::new(std::array::from_fn(|i| {
            (i as u8).wrapping_mul(7) ^ ue as u8
        }));
        let kenb = kdf::kenb(&kasme, 0);
        let nh1 = kdf::nh(&kasme, &kenb);

        let mut ics = message("InitialContextSetupRequest", &mut rng, mme_id, src_enb_id);
        set_key(&mut ics, &kenb, 0);
        out.send(&mut enbs[src], Dir::Reverse, stream, &[&ics]);
        let icr = message("InitialContextSetupResponse", &mut rng, mme_id, src_enb_id);
        out.send(&mut enbs[src], Dir::Forward, stream, &[&icr]);

        let required = message("HandoverRequired", &mut rng, mme_id, src_enb_id);
        out.send(&mut enbs[src], Dir::Forward, stream, &[&required]);
        let mut request = message("HandoverRequest", &mut rng, mme_id, 0);
        set_key(&mut request, &nh1, 1);
        out.send(&mut enbs[dst], Dir::Reverse, stream, &[&request]);
        let ack = message("HandoverRequestAcknowledge", &mut rng, mme_id, dst_enb_id);
        out.send(&mut enbs[dst], Dir::Forward, stream, &[&ack]);
        let command = message("HandoverCommand", &mut rng, mme_id, src_enb_id);
        out.send(&mut enbs[src], Dir::Reverse, stream, &[&command]);
        let status = message("ENBStatusTransfer", &mut rng, mme_id, src_enb_id);
        out.send(&mut enbs[src], Dir::Forward, stream, &[&status]);
        // The MME forwards the status and the target reports the UE's arrival: bundled where
        // both go the same way on one association.
        let mme_status = message("MMEStatusTransfer", &mut rng, mme_id, dst_enb_id);
        out.send(&mut enbs[dst], Dir::Reverse, stream, &[&mme_status]);
        let notify = message("HandoverNotify", &mut rng, mme_id, dst_enb_id);
        out.send(&mut enbs[dst], Dir::Forward, stream, &[&notify]);
        let release = message("UEContextReleaseCommand", &mut rng, mme_id, src_enb_id);
        out.send(&mut enbs[src], Dir::Reverse, stream, &[&release]);
        let complete = message("UEContextReleaseComplete", &mut rng, mme_id, src_enb_id);
        let uplink = message("UplinkNASTransport", &mut rng, mme_id, dst_enb_id);
        out.send(&mut enbs[src], Dir::Forward, stream, &[&complete]);
        out.send(&mut enbs[dst], Dir::Forward, stream, &[&uplink, &notify]);
    }
    out.w.finish().expect("finish the capture");
    vec![path]
}
