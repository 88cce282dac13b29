//! `keyhop stats`: its counts agree with `read` and `validate` on the samples and the shared
//! captures, its latencies with the frames' own times, and its SVG renders (resvg) to a picture
//! with the expected size and drawn content.

use keyhop_tests::{keyhop, sample, sample_captures, shared_captures, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn captures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = sample_captures();
    let dir = shared_captures().expect("../shared/captures is absent: this test reads it");
    v.push(dir.join("open5gs_testattach.pcapng"));
    v.push(dir.join("ttm4133_S1Handover.pcap"));
    v.push(dir.join("ttm4133_X2Handover.pcap"));
    v
}

fn json(args: &[&str]) -> Value {
    let o = keyhop(args);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        stderr(&o)
    );
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn counts_agree_with_read_and_validate() {
    for cap in captures() {
        let c = cap.to_str().unwrap();
        let st = json(&["stats", "--format", "json", c]);
        // Messages per protocol and name, counted from read's JSON Lines.
        let o = keyhop(&["read", "-q", "--format", "jsonl", c]);
        let mut want: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for l in stdout(&o).lines() {
            let r: Value = serde_json::from_str(l).unwrap();
            let Some(p) = r["protocol"].as_str() else {
                continue;
            };
            let m = r["message"].as_str().unwrap_or("(not decodable)");
            *want
                .entry(p.to_string())
                .or_default()
                .entry(m.to_string())
                .or_insert(0) += 1;
        }
        let mut got: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for (p, v) in st["protocols"].as_object().unwrap() {
            let by = v["by_message"].as_object().unwrap();
            got.insert(
                p.clone(),
                by.iter()
                    .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
                    .collect(),
            );
            let sum: u64 = by.values().map(|n| n.as_u64().unwrap()).sum();
            assert_eq!(v["messages"].as_u64(), Some(sum));
        }
        assert_eq!(got, want, "{c}");
        // Handovers: validate's summary, word for word, with rates.
        let v = json(&["validate", "--format", "json", c]);
        let procs = v["summary"]["procedures"].as_object().unwrap();
        for (k, p) in procs {
            let h = &st["handovers"][k];
            for w in [
                "started",
                "complete",
                "cancelled",
                "failed",
                "incomplete",
                "forward_secrecy",
            ] {
                assert_eq!(h[w], p[w], "{c} {k} {w}");
            }
            let started = p["started"].as_f64().unwrap();
            if started > 0.0 {
                let r = h["complete_rate"].as_f64().unwrap();
                assert!((r - p["complete"].as_f64().unwrap() / started).abs() < 1e-9);
            }
        }
        // Findings per rule: validate's non-zero counts.
        let rules = v["summary"]["rules"].as_object().unwrap();
        for (id, r) in rules {
            let n = r["count"].as_u64().unwrap();
            if n > 0 {
                assert_eq!(st["findings"][id]["count"].as_u64(), Some(n), "{c} {id}");
            } else {
                assert!(st["findings"].get(id).is_none());
            }
        }
        // Percentiles are ordered.
        for d in st["latency"]
            .as_object()
            .unwrap()
            .values()
            .chain(st["gtp_response_times"].as_object().unwrap().values())
        {
            let f = |k: &str| d[k].as_f64().unwrap();
            assert!(f("min") <= f("p50") && f("p50") <= f("p90"));
            assert!(f("p90") <= f("p99") && f("p99") <= f("max"));
            assert!(f("min") >= 0.0 && d["count"].as_u64().unwrap() > 0);
        }
    }
}

#[test]
fn latencies_are_the_frames_times() {
    // s10-inter-mme: two inter-MME handovers; read gives the frames' times.
    let cap = sample("s10-inter-mme-handover.pcapng");
    let c = cap.to_str().unwrap();
    let st = json(&["stats", "--format", "json", c]);
    let o = keyhop(&["read", "-q", "--format", "jsonl", c]);
    let recs: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Forward relocation: read's own response_time of each ForwardRelocationResponse.
    let mut fr: Vec<f64> = recs
        .iter()
        .filter(|r| r["message"] == "ForwardRelocationResponse")
        .map(|r| r["response_time"].as_f64().unwrap())
        .collect();
    fr.sort_by(f64::total_cmp);
    let d = &st["latency"]["forward_relocation"];
    assert_eq!(d["count"].as_u64(), Some(fr.len() as u64));
    assert!((d["min"].as_f64().unwrap() - fr[0]).abs() < 1e-6);
    assert!((d["max"].as_f64().unwrap() - fr[fr.len() - 1]).abs() < 1e-6);
    assert_eq!(
        st["gtp_response_times"]["ForwardRelocationRequest"]["count"].as_u64(),
        Some(fr.len() as u64)
    );
    // S1 preparation: each HandoverRequired to the next HandoverCommand on its association.
    let secs = |t: &Value| {
        let t = t.as_str().unwrap();
        let (hms, frac) = t[11..26].split_once('.').unwrap();
        let p: Vec<f64> = hms.split(':').map(|x| x.parse().unwrap()).collect();
        p[0] * 3600.0 + p[1] * 60.0 + p[2] + format!("0.{frac}").parse::<f64>().unwrap()
    };
    let mut prep = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        if r["message"] == "HandoverRequired" {
            let cmd = recs[i..]
                .iter()
                .find(|c| c["message"] == "HandoverCommand" && c["dst"] == r["src"])
                .expect("a HandoverCommand answers");
            prep.push(secs(&cmd["time"]) - secs(&r["time"]));
        }
    }
    prep.sort_by(f64::total_cmp);
    let d = &st["latency"]["s1_preparation"];
    assert_eq!(d["count"].as_u64(), Some(prep.len() as u64));
    assert!((d["min"].as_f64().unwrap() - prep[0]).abs() < 1e-6);
    assert!((d["max"].as_f64().unwrap() - prep[prep.len() - 1]).abs() < 1e-6);
    // Text names the same things.
    let t = stdout(&keyhop(&["stats", c]));
    for w in [
        "HandoverRequired -> HandoverCommand",
        "s1-inter-mme",
        "NO-KEYS",
        "Nodes",
    ] {
        assert!(t.contains(w), "{w}: {t}");
    }
}

#[test]
fn svg_renders() {
    for (cap, pairs) in [
        (sample("x2-handover.pcapng"), true),
        (sample("s10-inter-mme-handover.pcapng"), true),
        (sample("x2-makr.pcapng"), true),
    ] {
        let o = keyhop(&["stats", "--format", "svg", cap.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let st = json(&["stats", "--format", "json", cap.to_str().unwrap()]);
        let tree = resvg::usvg::Tree::from_data(&o.stdout, &resvg::usvg::Options::default())
            .unwrap_or_else(|e| panic!("{}: not SVG: {e}", cap.display()));
        let size = tree.size().to_int_size();
        assert_eq!(size.width(), 960);
        let rows = st["latency"].as_object().unwrap().len()
            + st["gtp_response_times"].as_object().unwrap().len();
        assert!(rows > 0);
        // The height grows with the rows and the matrix.
        assert!(
            size.height() as usize >= 100 + 44 * rows,
            "{}",
            size.height()
        );
        let mut pm = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pm.as_mut(),
        );
        let px = pm.pixels();
        // Opaque white background everywhere, and drawn content: the boxes' blue, the
        // median's red, and (with eNB pairs) the matrix' shaded cells.
        assert!(px.iter().all(|p| p.alpha() == 255));
        let count = |f: &dyn Fn(u8, u8, u8) -> bool| {
            px.iter()
                .filter(|p| f(p.red(), p.green(), p.blue()))
                .count()
        };
        let white = count(&|r, g, b| r == 255 && g == 255 && b == 255);
        assert!(white > px.len() / 2, "mostly background");
        let near = |v: u8, w: u8| v.abs_diff(w) <= 12;
        let box_blue = count(&|r, g, b| near(r, 0x9e) && near(g, 0xca) && near(b, 0xe1));
        let red = count(&|r, g, b| r > 180 && g < 80 && b < 80);
        assert!(
            box_blue > 0 && red > 0,
            "{}: boxes {box_blue}, medians {red}",
            cap.display()
        );
        if pairs {
            let pairs_n = st["enb_pairs"].as_array().unwrap().len();
            assert!(pairs_n > 0);
            // Shaded cells: blues darker than the empty cells' grey.
            let cells = count(&|r, _g, b| u16::from(b) > u16::from(r) + 30 && b > 100 && r < 200);
            assert!(cells > 36 * 36 / 2, "{}: {cells}", cap.display());
        }
        // The samples are drawn as dark dots.
        let dots = count(&|r, g, b| near(r, 0x08) && near(g, 0x30) && near(b, 0x6b));
        assert!(dots > 0);
    }
    // No latency at all: still a valid picture saying so.
    let o = keyhop(&[
        "stats",
        "--format",
        "svg",
        sample("x2-handover.pcapng").to_str().unwrap(),
        "-Y",
        "frame == 1",
    ]);
    assert!(resvg::usvg::Tree::from_data(&o.stdout, &resvg::usvg::Options::default()).is_ok());
}

/// `--format png`: the same picture as the SVG, decoded here: its size, an opaque white
/// background, the boxes and medians drawn, and (where the system has fonts) its text.
#[test]
fn png_is_the_picture() {
    for cap in [
        sample("x2-makr.pcapng"),
        sample("s10-inter-mme-handover.pcapng"),
    ] {
        let c = cap.to_str().unwrap();
        let o = keyhop(&["stats", "--format", "png", c]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(o.stdout.starts_with(b"\x89PNG\r\n\x1a\n"), "{c}: not PNG");
        let pm = resvg::tiny_skia::Pixmap::decode_png(&o.stdout)
            .unwrap_or_else(|e| panic!("{c}: PNG does not decode: {e}"));
        let svg = keyhop(&["stats", "--format", "svg", c]);
        let tree =
            resvg::usvg::Tree::from_data(&svg.stdout, &resvg::usvg::Options::default()).unwrap();
        let size = tree.size().to_int_size();
        assert_eq!(
            (pm.width(), pm.height()),
            (size.width(), size.height()),
            "{c}"
        );
        let px = pm.pixels();
        assert!(px.iter().all(|p| p.alpha() == 255), "{c}");
        let count = |f: &dyn Fn(u8, u8, u8) -> bool| {
            px.iter()
                .filter(|p| f(p.red(), p.green(), p.blue()))
                .count()
        };
        let white = count(&|r, g, b| r == 255 && g == 255 && b == 255);
        assert!(
            white > px.len() / 2 && white < px.len(),
            "{c}: blank or full"
        );
        let near = |v: u8, w: u8| v.abs_diff(w) <= 12;
        let box_blue = count(&|r, g, b| near(r, 0x9e) && near(g, 0xca) && near(b, 0xe1));
        let red = count(&|r, g, b| r > 180 && g < 80 && b < 80);
        assert!(
            box_blue > 0 && red > 0,
            "{c}: boxes {box_blue}, medians {red}"
        );
        // The title's text: dark pixels in the top band, where the SVG has only text.
        let fonts = std::path::Path::new("/usr/share/fonts").is_dir();
        let w = pm.width() as usize;
        let title = px[..w * 50]
            .iter()
            .filter(|p| p.red() < 100 && p.green() < 100 && p.blue() < 100)
            .count();
        if fonts {
            assert!(title > 200, "{c}: no text drawn ({title} dark pixels)");
        } else {
            eprintln!("stats png: no system fonts here: the text is not checked");
        }
    }
}

#[test]
fn filter_restricts_the_counts() {
    let cap = sample("s1-handover.pcapng");
    let c = cap.to_str().unwrap();
    let st = json(&[
        "stats",
        "--format",
        "json",
        "-Y",
        "message == HandoverRequired",
        c,
    ]);
    assert_eq!(st["messages"].as_u64(), Some(7));
    assert_eq!(
        st["protocols"]["s1ap"]["by_message"]
            .as_object()
            .unwrap()
            .len(),
        1
    );
    let o = keyhop(&["stats", "-Y", "frame ==", c]);
    assert_eq!(o.status.code(), Some(2));
}
