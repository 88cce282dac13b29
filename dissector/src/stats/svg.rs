//! The picture of `keyhop stats --format svg`: one strip per latency (every sample a dot, the
//! 25-75 % box, the median a bar, p90 and p99 ticks, on one shared logarithmic axis in ms),
//! then a matrix of handovers between eNB pairs (source rows, target columns, shade by count).

use super::{Latency, Stats};
use std::fmt::Write;

const WIDTH: f64 = 960.0;
const LEFT: f64 = 380.0;
const RIGHT: f64 = 40.0;
const ROW: f64 = 44.0;
const CELL: f64 = 36.0;
/// eNBs drawn in the matrix (the busiest); the rest are summed in the title.
const MAX_ENBS: usize = 24;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders the picture as SVG text.
pub fn render(st: &Stats) -> String {
    let mut rows: Vec<(String, &super::Dist)> = Latency::ALL
        .iter()
        .filter_map(|k| st.latency.get(k.key()).map(|d| (k.label(), d)))
        .collect();
    for (req, d) in &st.gtp_response_times {
        rows.push((format!("GTP-C {req} response"), d));
    }
    // The matrix' eNBs: those of the busiest pairs.
    let mut enbs: Vec<String> = Vec::new();
    for p in &st.enb_pairs {
        for n in [&p.source, &p.target] {
            if !enbs.contains(n) && enbs.len() < MAX_ENBS {
                enbs.push(n.clone());
            }
        }
    }
    let lat_h = 60.0 + ROW * rows.len().max(1) as f64 + 40.0;
    let mat_h = if enbs.is_empty() {
        60.0
    } else {
        90.0 + CELL * enbs.len() as f64 + 200.0
    };
    let height = lat_h + mat_h;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">
<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>
<text x="16" y="28" font-size="16" font-weight="bold">{} : latency (ms, log scale)</text>
<text x="16" y="44" font-size="11" fill="#555555">box: 25-75 %; red: median; orange: p90; dark red: p99; dots: samples</text>
"##,
        esc(&st.capture)
    );
    // One log axis for all rows, from the smallest to the largest sample.
    let all = rows.iter().flat_map(|(_, d)| [d.min, d.max]);
    let (lo, hi) = all.fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    let lo_ms = (lo * 1000.0).max(1e-3);
    let hi_ms = (hi * 1000.0).max(lo_ms * 10.0);
    let (l0, l1) = (lo_ms.log10().floor(), hi_ms.log10().ceil());
    let x = |sec: f64| {
        let v = (sec * 1000.0).max(1e-3).log10();
        LEFT + (v - l0) / (l1 - l0).max(1e-9) * (WIDTH - LEFT - RIGHT)
    };
    if rows.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="16" y="70" fill="#555555">no handover or GTP-C latency in this capture</text>"##
        );
    }
    let axis_y = 50.0 + ROW * rows.len() as f64;
    for (i, (name, d)) in rows.iter().enumerate() {
        let y = 50.0 + ROW * i as f64 + ROW / 2.0;
        let q = |p: f64| {
            let k = ((p * d.samples.len() as f64).ceil() as usize).clamp(1, d.samples.len());
            d.samples[k - 1]
        };
        let _ = writeln!(
            s,
            r##"<text x="16" y="{:.1}" font-size="11">{} (n={})</text>
<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#999999" stroke-width="1"/>
<rect x="{:.1}" y="{:.1}" width="{:.1}" height="16" fill="#9ecae1" stroke="#3182bd"/>"##,
            y + 4.0,
            esc(name),
            d.count,
            x(d.min),
            x(d.max),
            // At least 8 px wide, centred on the quartiles, so that a tight box still shows.
            (x(q(0.25)) + x(q(0.75))) / 2.0 - ((x(q(0.75)) - x(q(0.25))).max(8.0)) / 2.0,
            y - 8.0,
            (x(q(0.75)) - x(q(0.25))).max(8.0),
        );
        for (v, color, h) in [
            (d.p50, "#d62728", 12.0),
            (d.p90, "#ff7f0e", 9.0),
            (d.p99, "#7f0000", 9.0),
        ] {
            let _ = writeln!(
                s,
                r##"<line x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="{color}" stroke-width="3"/>"##,
                x(v),
                y - h,
                y + h
            );
        }
        // The samples last, over the markers (equal samples would hide under the median).
        for v in &d.samples {
            let _ = writeln!(
                s,
                r##"<circle cx="{:.1}" cy="{y:.1}" r="2.5" fill="#08306b"/>"##,
                x(*v)
            );
        }
    }
    // Axis with a tick per decade.
    let _ = writeln!(
        s,
        r##"<line x1="{LEFT}" y1="{axis_y}" x2="{:.1}" y2="{axis_y}" stroke="#000000"/>"##,
        WIDTH - RIGHT
    );
    let mut dec = l0;
    while dec <= l1 + 1e-9 && !rows.is_empty() {
        let xv = x(10f64.powf(dec) / 1000.0);
        let _ = writeln!(
            s,
            r##"<line x1="{xv:.1}" y1="{axis_y}" x2="{xv:.1}" y2="{:.1}" stroke="#000000"/>
<text x="{xv:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            axis_y + 6.0,
            axis_y + 20.0,
            trim(10f64.powf(dec))
        );
        dec += 1.0;
    }
    // The matrix.
    let top = lat_h;
    let _ = writeln!(
        s,
        r##"<text x="16" y="{:.1}" font-size="16" font-weight="bold">handovers between eNBs (rows: source, columns: target)</text>"##,
        top + 28.0
    );
    if enbs.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="16" y="{:.1}" fill="#555555">no handover between eNBs in this capture</text>"##,
            top + 50.0
        );
    } else {
        let max = st
            .enb_pairs
            .iter()
            .map(|p| p.handovers)
            .max()
            .unwrap_or(1)
            .max(1);
        let gx = LEFT;
        let gy = top + 60.0;
        for (i, n) in enbs.iter().enumerate() {
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>
<text x="{:.1}" y="{:.1}" transform="rotate(60 {:.1} {:.1})">{}</text>"##,
                gx - 8.0,
                gy + CELL * i as f64 + CELL / 2.0 + 4.0,
                esc(n),
                gx + CELL * i as f64 + CELL / 2.0,
                gy + CELL * enbs.len() as f64 + 12.0,
                gx + CELL * i as f64 + CELL / 2.0,
                gy + CELL * enbs.len() as f64 + 12.0,
                esc(n)
            );
        }
        for i in 0..enbs.len() {
            for j in 0..enbs.len() {
                let n = st
                    .enb_pairs
                    .iter()
                    .find(|p| p.source == enbs[i] && p.target == enbs[j])
                    .map_or(0, |p| p.handovers);
                let shade = if n == 0 {
                    "#f7f7f7".to_string()
                } else {
                    // From light to dark blue with the count.
                    let t = n as f64 / max as f64;
                    let c = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
                    format!(
                        "#{:02x}{:02x}{:02x}",
                        c(198.0, 8.0),
                        c(219.0, 48.0),
                        c(239.0, 107.0)
                    )
                };
                let (cx, cy) = (gx + CELL * j as f64, gy + CELL * i as f64);
                let _ = writeln!(
                    s,
                    r##"<rect x="{cx:.1}" y="{cy:.1}" width="{CELL}" height="{CELL}" fill="{shade}" stroke="#cccccc"/>"##
                );
                if n > 0 {
                    let fg = if n as f64 / max as f64 > 0.5 {
                        "#ffffff"
                    } else {
                        "#000000"
                    };
                    let _ = writeln!(
                        s,
                        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{fg}">{n}</text>"##,
                        cx + CELL / 2.0,
                        cy + CELL / 2.0 + 4.0
                    );
                }
            }
        }
    }
    s.push_str("</svg>\n");
    s
}

/// `0.01`, `1`, `1000` without trailing zeros.
fn trim(v: f64) -> String {
    let t = format!("{v:.3}");
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}
