//! `keyhop ladder --format svg` rendered by a real SVG renderer (resvg): one lifeline per
//! column of the text ladder, one arrow per message, on every sample and on the real handover
//! captures.

use keyhop_tests::{keyhop, optional_shared_captures, sample_captures, stderr, stdout};
use std::path::{Path, PathBuf};

/// (columns, messages) of the text ladder: the nodes of its header line, the `#frame` lines.
fn text_ladder(cap: &Path) -> (usize, usize) {
    let o = keyhop(&["ladder", cap.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    // The second line lists each column's addresses; the third line's first arrow starts at
    // the first column. Count the columns by the Mermaid participants of the same ladder.
    let m = stdout(&keyhop(&[
        "ladder",
        cap.to_str().unwrap(),
        "--format",
        "mermaid",
    ]));
    let cols = m
        .lines()
        .filter(|l| l.trim_start().starts_with("participant "))
        .count();
    let msgs = t.lines().filter(|l| l.contains(" #")).count();
    (cols, msgs)
}

fn render(cap: &Path) -> resvg::tiny_skia::Pixmap {
    let o = keyhop(&["ladder", cap.to_str().unwrap(), "--format", "svg"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tree = resvg::usvg::Tree::from_data(&o.stdout, &resvg::usvg::Options::default())
        .unwrap_or_else(|e| panic!("{}: not SVG: {e}", cap.display()));
    let size = tree.size().to_int_size();
    let mut pm = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pm.as_mut(),
    );
    pm
}

fn check(cap: &Path) {
    let (cols, msgs) = text_ladder(cap);
    assert!(cols >= 2 && msgs >= 2, "{}: {cols} {msgs}", cap.display());
    let pm = render(cap);
    let (w, h) = (pm.width() as usize, pm.height() as usize);
    let px = pm.pixels();
    let at = |x: usize, y: usize| px[y * w + x];
    // Opaque: the white background covers the picture.
    assert!(px.iter().all(|p| p.alpha() == 255), "{}", cap.display());
    // Lifelines: grey columns along the bottom rows (below every arrow).
    let y = h - 12;
    let grey = |p: resvg::tiny_skia::PremultipliedColorU8| {
        p.red() == p.green() && p.green() == p.blue() && p.red() > 100 && p.red() < 200
    };
    let mut lines = 0;
    let mut inside = false;
    for x in 0..w {
        let g = grey(at(x, y));
        if g && !inside {
            lines += 1;
        }
        inside = g;
    }
    assert_eq!(lines, cols, "{}: lifelines", cap.display());
    // Arrows: pixel rows holding a long dark run (a message line from one lifeline to
    // another is at least a column apart), grouped where anti-aliasing spreads a line over two.
    // A 1-pixel black line on a pixel boundary renders as two rows of mid grey.
    let dark = |p: resvg::tiny_skia::PremultipliedColorU8| {
        p.red() == p.green() && p.green() == p.blue() && p.red() < 170
    };
    let mut rows = 0;
    let mut prev = false;
    for y in 0..h {
        let mut run = 0;
        let mut best = 0;
        for x in 0..w {
            if dark(at(x, y)) {
                run += 1;
                best = best.max(run);
            } else {
                run = 0;
            }
        }
        let arrow = best >= 150;
        if arrow && !prev {
            rows += 1;
        }
        prev = arrow;
    }
    assert_eq!(rows, msgs, "{}: arrows", cap.display());
}

#[test]
fn svg_ladders_render() {
    let mut caps: Vec<PathBuf> = sample_captures();
    if let Some(d) = optional_shared_captures("ladders of the real handovers") {
        caps.extend(
            ["ttm4133_S1Handover.pcap", "ttm4133_X2Handover.pcap"]
                .iter()
                .map(|n| d.join(n))
                .filter(|p| p.is_file()),
        );
    }
    for c in &caps {
        check(c);
    }
}
