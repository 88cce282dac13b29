//! `keyhop read` on GTP datagrams whose UDP payload is longer than the message (tshark decodes
//! the message): the message is shown by name with a note of the octets after it, as S1AP notes
//! octets after its PDU, never a whole-datagram error with an empty field path. GTPv2 plain and
//! with a piggybacked message, GTPv1.

use keyhop::capture::synth::{self, LinkSpec, PcapNgFileWriter};
use keyhop::capture::{linktype, Timestamp};
use keyhop_codec::gtpv2::{Gtpv2Message, MessageType};
use keyhop_tests::{keyhop, stdout};

#[test]
fn gtp_messages_with_octets_after_them_are_decoded_and_noted() {
    let v2 = synth::gtpv2_echo_request(0x1234, 0);
    let mut pig = Gtpv2Message::new(MessageType::from_u8(32), 5);
    pig.teid = Some(0);
    pig.piggybacked = Some(Box::new(Gtpv2Message::new(MessageType::from_u8(34), 6)));
    let pig = pig.emit().unwrap();
    let v1 = synth::gtpv1_echo_request(77);
    // (UDP payload, length of the message at its start). GTPv1-C shares port 2123: the
    // dissector tells the versions apart by the header.
    let datagrams: Vec<(Vec<u8>, usize)> = vec![
        ([v2.clone(), vec![0xee; 3]].concat(), v2.len()),
        ([pig.clone(), vec![0; 20]].concat(), pig.len()),
        ([v1.clone(), vec![0x11; 5]].concat(), v1.len()),
        (v2.clone(), v2.len()),
    ];

    let dir = std::env::temp_dir().join(format!("keyhop-gtptrail-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gtp.pcapng");
    let mut w = PcapNgFileWriter::create(&path).unwrap();
    let iface = w.add_interface(linktype::ETHERNET, 6).unwrap();
    for (i, (payload, _)) in datagrams.iter().enumerate() {
        let src: std::net::SocketAddr = "10.0.0.1:2123".parse().unwrap();
        let dst: std::net::SocketAddr = "10.0.0.2:2123".parse().unwrap();
        let udp = synth::udp(src, dst, payload);
        let ip = synth::ip_packet(src.ip(), dst.ip(), 17, i as u16, &udp);
        let ts = Timestamp::new(1_700_000_000, i as u64 * 1000);
        w.write(iface, ts, &LinkSpec::ethernet().frame(&ip))
            .unwrap();
    }
    w.finish().unwrap();
    let file = path.to_str().unwrap();

    let o = keyhop(&["read", file]);
    let out = stdout(&o);
    assert!(!out.contains("malformed"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    for (line, (payload, len)) in lines.iter().zip(&datagrams) {
        let extra = payload.len() - len;
        if extra > 0 {
            assert!(
                line.contains(&format!(
                    "{extra} octets after the end of the message at byte {len}]"
                )),
                "{line}"
            );
        } else {
            assert!(!line.contains("[note"), "{line}");
        }
    }
    assert!(lines[0].contains("GTPV2 EchoRequest"), "{}", lines[0]);
    assert!(lines[1].contains(" + "), "piggybacked: {}", lines[1]);
    assert!(lines[2].contains("GTPV1"), "{}", lines[2]);

    // JSON carries the note with its offset (the first octet after the message).
    let o = keyhop(&["read", "--format", "jsonl", file]);
    let out = stdout(&o);
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4);
    for (row, (payload, len)) in rows.iter().zip(&datagrams) {
        assert!(row.get("error").is_none(), "{row}");
        let notes = row["notes"].as_array().cloned().unwrap_or_default();
        if payload.len() > *len {
            assert!(
                notes
                    .iter()
                    .any(|n| n.to_string().contains(&format!("{}", len * 8))),
                "{row}"
            );
        }
    }
}
