//! include/keyhop.h is what cbindgen makes of the crate today: the test regenerates it and fails
//! on any difference, so a changed signature cannot ship with a stale header.
//!
//! After changing the C API: `KEYHOP_BLESS=1 cargo test -p keyhop-capi --test header`, then
//! commit include/keyhop.h.

use std::path::Path;

fn generate(dir: &Path) -> String {
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    // cbindgen follows the `mod` items from lib.rs, so a new module is covered without editing
    // this test, and it needs no `cargo metadata` run of its own.
    let b = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"));
    let mut out = Vec::new();
    b.generate().expect("cbindgen").write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn header_matches_the_source() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = dir.join("include/keyhop.h");
    let fresh = generate(dir);
    if std::env::var_os("KEYHOP_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("write include/keyhop.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "capi/include/keyhop.h is stale (first difference at line {}): regenerate it with \
             `KEYHOP_BLESS=1 cargo test -p keyhop-capi --test header` and commit it",
            line + 1
        );
    }
    // The header declares every function the library exports (cbindgen skips an item it cannot
    // translate with only a warning).
    for f in [
        "keyhop_decode_json(",
        "keyhop_decode_json_flags(",
        "keyhop_encode_json(",
        "keyhop_free(",
        "keyhop_last_error(",
        "keyhop_kenb(",
        "keyhop_nh(",
        "keyhop_nh_chain(",
        "keyhop_kenb_star(",
        "keyhop_kasme_prime(",
        "keyhop_nas_keys(",
        "keyhop_makr_unwrap(",
    ] {
        assert!(fresh.contains(f), "{f} missing from the header");
    }
}
