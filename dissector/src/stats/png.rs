//! `keyhop stats --format png`: the SVG picture ([`super::svg`]) rasterised by resvg, its text
//! set in the system's fonts (without any, the shapes are drawn and the text is left out).

/// Renders `svg` (the stats picture) as PNG octets.
pub fn render(svg: &str) -> Result<Vec<u8>, String> {
    let mut opt = resvg::usvg::Options::default();
    let db = opt.fontdb_mut();
    db.load_system_fonts();
    // The picture asks for generic families: map them to fonts most systems have.
    db.set_sans_serif_family("DejaVu Sans");
    db.set_monospace_family("DejaVu Sans Mono");
    opt.font_family = "DejaVu Sans".into();
    let tree = resvg::usvg::Tree::from_str(svg, &opt)
        .map_err(|e| format!("the SVG picture does not parse: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pm = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "the picture has no size".to_string())?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pm.as_mut(),
    );
    pm.encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}
