//! `keyhop read`'s selection and cutting options end to end: -Y, -c, --frames, `-` (stdin),
//! several captures, -w, -t, the closing report, decode-as ports, conflicting options and exit
//! codes.

use keyhop::capture::synth::{self, Dir, LinkSpec, PcapFileWriter, PcapNgFileWriter, SctpAssoc};
use keyhop::capture::{linktype, CaptureReader, Timestamp};
use keyhop_tests::{keyhop, keyhop_bin, sample, stderr, stdout};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keyhop-read-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

/// The JSON Lines records of `keyhop read --format jsonl ARGS`.
fn jsonl(args: &[&str]) -> (Vec<Value>, std::process::Output) {
    let mut a = vec!["read", "--format", "jsonl"];
    a.extend_from_slice(args);
    let o = keyhop(&a);
    let recs = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    (recs, o)
}

fn frames_of(recs: &[Value]) -> Vec<u64> {
    recs.iter().filter_map(|r| r["frame"].as_u64()).collect()
}

#[test]
fn filter_selects_messages_and_frames() {
    let cap = sample("s1-handover.pcapng");
    let (all, o) = jsonl(&[s(&cap)]);
    assert_eq!(o.status.code(), Some(0));
    let (sel, o) = jsonl(&["-Y", "message == \"HandoverRequest\"", s(&cap)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let want: Vec<&Value> = all
        .iter()
        .filter(|r| r["message"] == "HandoverRequest")
        .collect();
    assert!(!want.is_empty());
    assert_eq!(sel.iter().collect::<Vec<_>>(), want);
    // A frame with two messages: the filter picks one of them (frame 25 carries an
    // InitialContextSetupResponse and an UplinkNASTransport).
    let (two, _) = jsonl(&["-Y", "frame == 25", s(&cap)]);
    assert_eq!(two.len(), 2);
    let (one, _) = jsonl(&[
        "-Y",
        "frame == 25 && message == UplinkNASTransport",
        s(&cap),
    ]);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["message"], "UplinkNASTransport");
    // A filter error: exit 2, the place named.
    let o = keyhop(&["read", "-Y", "frame == 1 &&", s(&cap)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("at character 13"), "{}", stderr(&o));
    // A field in no message is named at the end.
    let o = keyhop(&["read", "-Y", "s1ap.no_such_field == 3", s(&cap)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("`s1ap.no_such_field` occurred in no message"));
}

#[test]
fn count_and_frame_ranges() {
    let cap = sample("s1-handover.pcapng");
    let (all, _) = jsonl(&[s(&cap)]);
    let (c, o) = jsonl(&["-c", "4", s(&cap)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(c, all[..4]);
    assert!(stderr(&o).contains("stopped at -c"));
    let (r, _) = jsonl(&["--frames", "19-22,50", s(&cap)]);
    let want: Vec<u64> = frames_of(&all)
        .into_iter()
        .filter(|f| (19..=22).contains(f) || *f == 50)
        .collect();
    assert_eq!(frames_of(&r), want);
    // With a filter and a count: the first N selected.
    let (rc, _) = jsonl(&["-Y", "s1ap.MME_UE_S1AP_ID == 257", "-c", "2", s(&cap)]);
    assert_eq!(rc.len(), 2);
    assert!(rc.iter().all(|r| r["mme_ue_s1ap_id"] == 257));
    for bad in ["0", "5-3", "x", ""] {
        let o = keyhop(&["read", "--frames", bad, s(&cap)]);
        assert_eq!(o.status.code(), Some(2), "--frames {bad}");
    }
    assert_eq!(keyhop(&["read", "-c", "0", s(&cap)]).status.code(), Some(2));
}

/// `keyhop read ARGS -` with `input` on standard input.
fn read_stdin(args: &[&str], input: Vec<u8>) -> std::process::Output {
    let mut child = Command::new(keyhop_bin())
        .arg("read")
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let o = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    o
}

#[test]
fn standard_input_pcapng_and_pcap() {
    let ng = sample("x2-handover.pcapng");
    let from_file = keyhop(&["read", "--format", "jsonl", s(&ng)]);
    let from_pipe = read_stdin(&["--format", "jsonl"], std::fs::read(&ng).unwrap());
    assert_eq!(from_pipe.status.code(), Some(0), "{}", stderr(&from_pipe));
    assert_eq!(from_file.stdout, from_pipe.stdout);
    // A pcap written from the same frames reads the same through a pipe.
    let pcap = tmp("x2.pcap");
    {
        let mut r = CaptureReader::open(&ng).unwrap();
        let mut w = PcapFileWriter::create(&pcap, linktype::ETHERNET).unwrap();
        while let Some(f) = r.next_frame() {
            let f = f.unwrap();
            assert_eq!(f.link_type, linktype::ETHERNET);
            w.write(f.timestamp, f.data).unwrap();
        }
        w.finish().unwrap();
    }
    let p = read_stdin(&["--format", "jsonl"], std::fs::read(&pcap).unwrap());
    assert_eq!(p.status.code(), Some(0), "{}", stderr(&p));
    assert_eq!(p.stdout, from_file.stdout);
    // A truncated stream: exit 1, the input named.
    let mut cut = std::fs::read(&ng).unwrap();
    cut.truncate(cut.len() - 37);
    let t = read_stdin(&[], cut);
    assert_eq!(t.status.code(), Some(1));
    assert!(
        stderr(&t).contains("-: capture file truncated"),
        "{}",
        stderr(&t)
    );
}

#[test]
fn several_captures_merge_by_time() {
    let a = sample("x2-handover.pcapng");
    let b = sample("s1-handover.pcapng");
    let (ra, _) = jsonl(&[s(&a)]);
    let (rb, _) = jsonl(&[s(&b)]);
    // Given in the "wrong" order: the merge is by time, not by argument.
    let (m, o) = jsonl(&[s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(m.len(), ra.len() + rb.len());
    let times: Vec<&str> = m.iter().map(|r| r["time"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "merged by time");
    // Each record names its file and keeps its frame number within that file.
    for (recs, name) in [(&ra, s(&a)), (&rb, s(&b))] {
        let mine: Vec<Value> = m
            .iter()
            .filter(|r| r["file"] == name)
            .map(|r| {
                let mut r = r.clone();
                r.as_object_mut().unwrap().shift_remove("file");
                r
            })
            .collect();
        assert_eq!(&mine, recs);
    }
    // The summary names the file too; the filter knows the `file` field.
    let o = keyhop(&[
        "read",
        "-Y",
        &format!("file == \"{}\"", s(&a)),
        s(&a),
        s(&b),
    ]);
    let text = stdout(&o);
    assert!(!text.is_empty());
    assert!(
        text.lines().all(|l| l.starts_with(&format!("{}:", s(&a)))),
        "{text}"
    );
}

/// A capture with one S1AP message sent in three SCTP chunks (frames 4-6) between unrelated
/// single-chunk messages of another association, plus SACK-free handshake frames.
fn fragmented_capture() -> PathBuf {
    let p = tmp("fragmented.pcapng");
    let mut w = PcapNgFileWriter::create(&p).unwrap();
    let eth = w.add_interface(linktype::ETHERNET, 9).unwrap();
    let link = LinkSpec::ethernet();
    let mut a = SctpAssoc::new(
        "10.0.0.1:36412".parse().unwrap(),
        "10.0.0.2:36412".parse().unwrap(),
    );
    let mut b = SctpAssoc::new(
        "10.0.9.1:36412".parse().unwrap(),
        "10.0.9.2:36412".parse().unwrap(),
    );
    // Tags of its own: associations are told apart by ports and verification tags (RFC 9260),
    // and synth derives the tags from the ports alone.
    b.client_tag = 0x5151_0001;
    b.server_tag = 0x5151_0002;
    let mut ts = Timestamp {
        secs: 1_800_000_000,
        nanos: 0,
    };
    let mut put = |w: &mut PcapNgFileWriter<_>, assoc: &mut SctpAssoc, sctp: Vec<u8>, d: Dir| {
        ts.nanos += 1000;
        w.write(eth, ts, &link.frame(&assoc.ip_packet(d, &sctp)))
            .unwrap();
    };
    // Frames 1-3: a's handshake's first three packets are not needed; start with data.
    let big = synth::s1ap_downlink_nas(7, 9, &synth::ciphered_nas(1, 3000));
    let chunks = a.message(Dir::Forward, 1, 18, &big, 1200);
    assert_eq!(chunks.len(), 3);
    let small = synth::s1ap_downlink_nas(1, 2, &synth::ciphered_nas(2, 20));
    for k in 0..3 {
        let c = b.message(Dir::Forward, 1, 18, &small, 1400);
        let pkt = b.packet(Dir::Forward, &c);
        put(&mut w, &mut b, pkt, Dir::Forward);
        let pkt = a.packet(Dir::Forward, &chunks[k..k + 1]);
        put(&mut w, &mut a, pkt, Dir::Forward);
    }
    w.finish().unwrap();
    p
}

#[test]
fn write_cuts_the_selected_frames() {
    let cap = fragmented_capture();
    let (all, o) = jsonl(&[s(&cap)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // b's messages in frames 1, 3, 5; a's big one completes in frame 6.
    assert_eq!(frames_of(&all), [1, 3, 5, 6]);
    let out = tmp("cut.pcapng");
    let o = keyhop(&[
        "read",
        "-q",
        "-Y",
        "s1ap.MME_UE_S1AP_ID == 7",
        "-w",
        s(&out),
        s(&cap),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Frames 2, 4 and 6 carried its chunks: all three are written, b's frames are not.
    let mut r = CaptureReader::open(&out).unwrap();
    let mut orig = CaptureReader::open(&cap).unwrap();
    let mut original = Vec::new();
    while let Some(f) = orig.next_frame() {
        let f = f.unwrap();
        original.push((f.timestamp, f.link_type, f.data.to_vec()));
    }
    let mut written = Vec::new();
    let mut messages = 0;
    while let Some(f) = r.next_frame() {
        let f = f.unwrap();
        messages += f.payload_count();
        written.push((f.timestamp, f.link_type, f.data.to_vec()));
    }
    assert_eq!(written, [1, 3, 5].map(|i| original[i].clone()));
    assert_eq!(
        messages, 1,
        "the reassembled message reads back from the cut"
    );
    // Cutting the sample by a UE: every written frame reads back, and the messages shown
    // are those of the cut.
    let cap = sample("s1-handover.pcapng");
    let out = tmp("ue.pcapng");
    let (sel, o) = jsonl(&["-Y", "ue == 258", "-w", s(&out), s(&cap)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("frames written"));
    let (back, o) = jsonl(&[s(&out)]);
    assert_eq!(o.status.code(), Some(0));
    let strip = |v: &[Value]| -> Vec<Value> {
        v.iter()
            .map(|r| {
                let mut r = r.clone();
                let m = r.as_object_mut().unwrap();
                m.shift_remove("frame");
                m.shift_remove("response_in");
                m.shift_remove("response_to");
                // Learned from earlier messages that the cut leaves out.
                m.shift_remove("src_node");
                m.shift_remove("dst_node");
                m.shift_remove("security");
                r
            })
            .collect()
    };
    let selected: std::collections::BTreeSet<u64> = frames_of(&sel).into_iter().collect();
    assert_eq!(back.len(), {
        // Every message of the frames written, whether or not it matched.
        let (all, _) = jsonl(&[s(&cap)]);
        all.iter()
            .filter(|r| selected.contains(&r["frame"].as_u64().unwrap()))
            .count()
    });
    let sel_s = strip(&sel);
    assert!(sel_s.iter().all(|r| strip(&back).contains(r)));
    // -w onto a capture being read is refused.
    let o = keyhop(&["read", "-w", s(&cap), s(&cap)]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn time_column() {
    let cap = sample("s1-handover.pcapng");
    let abs = stdout(&keyhop(&["read", "-q", s(&cap)]));
    let rel = stdout(&keyhop(&["read", "-q", "-t", "r", s(&cap)]));
    let del = stdout(&keyhop(&[
        "read",
        "-q",
        "-t",
        "d",
        "-Y",
        "frame >= 19",
        s(&cap),
    ]));
    let col = |t: &str| -> Vec<String> {
        t.lines()
            .map(|l| l.split_whitespace().nth(1).unwrap().to_string())
            .collect()
    };
    let a = col(&abs);
    assert!(a[0].ends_with('Z'));
    let r: Vec<f64> = col(&rel).iter().map(|x| x.parse().unwrap()).collect();
    // Relative to the first frame (not the first message, frame 5).
    assert!(r[0] > 0.0 && r.windows(2).all(|w| w[0] <= w[1]));
    let d: Vec<f64> = col(&del).iter().map(|x| x.parse().unwrap()).collect();
    assert_eq!(d[0], 0.0);
    // The deltas add up to the span of the messages shown.
    let span: f64 = d.iter().sum();
    let rel_sel: Vec<f64> = col(&stdout(&keyhop(&[
        "read",
        "-q",
        "-t",
        "r",
        "-Y",
        "frame >= 19",
        s(&cap),
    ])))
    .iter()
    .map(|x| x.parse().unwrap())
    .collect();
    assert!((span - (rel_sel.last().unwrap() - rel_sel[0])).abs() < 1e-5);
    // -t is the summary's: with another format it is an error.
    let o = keyhop(&["read", "-t", "r", "--format", "jsonl", s(&cap)]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn conflicting_options_are_errors() {
    let cap = sample("s1-handover.pcapng");
    let o = keyhop(&["read", "-V", "--format", "jsonl", s(&cap)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
    let o = keyhop(&["read", "--report", s(&cap)]);
    assert_eq!(o.status.code(), Some(2));
    let o = keyhop(&["read", "-", "-"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A capture of UDP traffic on port 9999 carrying GTPv2 echo requests, and ARP-free noise.
fn other_port_capture() -> PathBuf {
    let p = tmp("port9999.pcap");
    let mut w = PcapFileWriter::create(&p, linktype::ETHERNET).unwrap();
    let link = LinkSpec::ethernet();
    for k in 0..3u32 {
        let src = "10.1.0.1:9999".parse().unwrap();
        let dst = "10.1.0.2:9999".parse().unwrap();
        let udp = synth::udp(src, dst, &synth::gtpv2_echo_request(k + 1, 0));
        let ip = synth::ip_packet(src.ip(), dst.ip(), synth::IPPROTO_UDP, k as u16, &udp);
        let ts = Timestamp {
            secs: 1_800_000_000,
            nanos: k * 1000,
        };
        w.write(ts, &link.frame(&ip)).unwrap();
    }
    w.finish().unwrap();
    p
}

#[test]
fn closing_report_and_decode_as() {
    let cap = other_port_capture();
    let o = keyhop(&["read", s(&cap)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).is_empty());
    let e = stderr(&o);
    assert!(e.contains("read 3 frames, 0 messages"), "{e}");
    assert!(e.contains("3 UDP on other ports"), "{e}");
    for what in [
        "PPID 18",
        "36412",
        "PPID 27",
        "36422",
        "UDP port 2123",
        "--gtp-port",
    ] {
        assert!(e.contains(what), "{what}: {e}");
    }
    let (recs, o) = jsonl(&["--gtp-port", "9999", "--report", s(&cap)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(recs.len(), 4);
    assert!(recs[..3].iter().all(|r| r["message"] == "EchoRequest"));
    let rep = &recs[3]["read_report"];
    assert_eq!(rep["frames"], 3);
    assert_eq!(rep["messages"], 3);
    assert_eq!(rep["per_protocol"]["gtpv2"], 3);
    assert!(!stderr(&o).contains("no S1AP"));
}

#[test]
fn exit_codes_agree_on_a_truncated_capture() {
    let cap = sample("x2-handover.pcapng");
    let mut b = std::fs::read(&cap).unwrap();
    b.truncate(b.len() - 50);
    let cut = tmp("truncated.pcapng");
    std::fs::write(&cut, &b).unwrap();
    for cmd in ["read", "validate", "ladder"] {
        let o = keyhop(&[cmd, s(&cut)]);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {}", stderr(&o));
        assert!(
            format!("{}{}", stdout(&o), stderr(&o)).contains("truncated"),
            "{cmd}"
        );
    }
    for cmd in ["read", "validate", "ladder"] {
        let o = keyhop(&[cmd, s(&cap)]);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", stderr(&o));
        let o = keyhop(&[cmd, "/nonexistent.pcapng"]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let o = keyhop(&[cmd, "--no-such-option", s(&cap)]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
    }
    // The error names the file.
    let o = keyhop(&["read", s(&cut)]);
    assert!(stderr(&o).contains(&format!("{}: capture file truncated", s(&cut))));
}

#[test]
fn validate_and_ladder_take_a_filter() {
    let cap = sample("x2-handover.pcapng");
    let c = s(&cap);
    // validate: the findings of the UE whose X2 handovers were cancelled, none of the others.
    let all: Value =
        serde_json::from_str(&stdout(&keyhop(&["validate", "--format", "json", c]))).unwrap();
    let o = keyhop(&[
        "validate",
        "--format",
        "json",
        "-Y",
        "message == HandoverCancel",
        c,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sel: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ues = |v: &Value| -> std::collections::BTreeSet<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["ue"].as_str().map(String::from))
            .collect()
    };
    let (a, b) = (ues(&all), ues(&sel));
    assert!(a.len() > 1 && b.len() == 1, "{a:?} {b:?}");
    let ue = b.iter().next().unwrap();
    let of_ue = |v: &Value| -> Vec<Value> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["ue"] == *ue)
            .cloned()
            .collect()
    };
    // Every finding of that UE is kept.
    assert_eq!(of_ue(&all), of_ue(&sel));
    assert_eq!(sel["findings"].as_array().unwrap().len(), of_ue(&sel).len());
    // ladder: that UE's ladder, as --ue draws it.
    let by_filter = keyhop(&["ladder", "-Y", "message == HandoverCancel", c]);
    assert_eq!(by_filter.status.code(), Some(0));
    let imsi = ue.strip_prefix("imsi:").unwrap();
    let by_ue = keyhop(&["ladder", "--ue", imsi, c]);
    assert_eq!(by_filter.stdout, by_ue.stdout);
    let none = keyhop(&["ladder", "-Y", "message == NoSuchMessage", c]);
    assert_eq!(none.status.code(), Some(1));
    assert!(stderr(&none).contains("no UE has a message the filter selects"));
    let both = keyhop(&["ladder", "-Y", "frame == 1", "--ue", imsi, c]);
    assert_eq!(both.status.code(), Some(2));
}
