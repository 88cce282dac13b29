//! The ladders of every sample and every violation capture, checked by independent parsers:
//! the Mermaid output by Mermaid's own parser (tests/interop/mermaid, the library GitHub renders
//! diagrams with; `npm ci --prefix tests/interop/mermaid` installs it, .ci/run does), the SVG
//! output by Python's strict XML parser. A deliberately broken diagram proves the checkers reject.
#![cfg(feature = "interop")]

use keyhop_tests::{all_sample_captures, keyhop, python, root, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every capture of samples/ and samples/violations/, with its keys file when it has one.
fn captures() -> Vec<(PathBuf, Option<PathBuf>)> {
    let mut out = Vec::new();
    for p in all_sample_captures() {
        let keys = p.with_extension("keys.toml");
        out.push((p, keys.is_file().then_some(keys)));
    }
    assert!(out.len() >= 24, "samples missing: {out:?}");
    out
}

/// `keyhop ladder CAPTURE --format FORMAT [--keys K]`, written to `dir`; returns the files.
fn ladders(format: &str, dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for (cap, keys) in captures() {
        let mut variants = vec![None];
        if keys.is_some() {
            variants.push(keys);
        }
        for k in variants {
            let mut args = vec!["ladder", cap.to_str().unwrap(), "--format", format];
            if let Some(k) = &k {
                args.extend(["--keys", k.to_str().unwrap()]);
            }
            let o = keyhop(&args);
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
            let name = format!(
                "{}{}.{format}",
                cap.file_stem().unwrap().to_str().unwrap(),
                if k.is_some() { "-keys" } else { "" }
            );
            let f = dir.join(name);
            std::fs::write(&f, stdout(&o)).unwrap();
            files.push(f);
        }
    }
    files
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("keyhop-ladder-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn mermaid_ladders_parse_with_mermaid() {
    let tool = root().join("tests/interop/mermaid");
    assert!(
        tool.join("node_modules/mermaid").is_dir(),
        "Mermaid is not installed: run `npm ci --prefix tests/interop/mermaid`"
    );
    let dir = scratch("mermaid");
    let mut files = ladders("mermaid", &dir);
    let n = files.len();
    // The control: a message arrow without its target must be rejected.
    let broken = dir.join("broken.mermaid");
    let first = std::fs::read_to_string(&files[0]).unwrap();
    std::fs::write(&broken, format!("{first}    N0->>: frame 0 cut\n")).unwrap();
    files.push(broken.clone());
    let o = Command::new("node")
        .arg(tool.join("check.mjs"))
        .args(&files)
        .output()
        .expect("run node (Node.js is needed for the Mermaid check)");
    let out = stdout(&o);
    let ok = out.lines().filter(|l| l.starts_with("ok ")).count();
    let fails: Vec<&str> = out.lines().filter(|l| l.starts_with("FAIL ")).collect();
    assert_eq!(ok, n, "{out}{}", stderr(&o));
    assert!(
        out.lines()
            .filter(|l| l.starts_with("ok "))
            .all(|l| l.ends_with(" sequence")),
        "{out}"
    );
    assert_eq!(fails.len(), 1, "{out}");
    assert!(fails[0].contains("broken.mermaid"), "{out}");
    assert_eq!(o.status.code(), Some(1), "the broken control must fail");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn svg_ladders_are_well_formed_standalone_svg() {
    let dir = scratch("svg");
    let mut files = ladders("svg", &dir);
    let n = files.len();
    let broken = dir.join("broken.svg");
    let first = std::fs::read_to_string(&files[0]).unwrap();
    std::fs::write(&broken, first.replacen("</text>", "", 1)).unwrap();
    files.push(broken);
    // Strict XML, the SVG namespace on the root, a size and a viewBox (standalone: no external
    // stylesheet or script), and every arrow labelled.
    let script = r#"
import sys, xml.etree.ElementTree as ET
bad = 0
for f in sys.argv[1:]:
    try:
        root = ET.parse(f).getroot()
        assert root.tag == '{http://www.w3.org/2000/svg}svg', root.tag
        for a in ('width', 'height', 'viewBox'):
            assert root.get(a), 'no ' + a
        texts = root.iter('{http://www.w3.org/2000/svg}text')
        assert any((t.text or '').strip() for t in texts), 'no text'
        assert not list(root.iter('{http://www.w3.org/2000/svg}script')), 'a script'
        print('ok', f)
    except Exception as e:
        bad += 1
        print('FAIL', f, e)
sys.exit(1 if bad else 0)
"#;
    let o = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
        .expect("run python");
    let out = stdout(&o);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("ok ")).count(),
        n,
        "{out}"
    );
    let fails: Vec<&str> = out.lines().filter(|l| l.starts_with("FAIL ")).collect();
    assert_eq!(fails.len(), 1, "{out}");
    assert!(fails[0].contains("broken.svg"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}
