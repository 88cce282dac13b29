//! keyhop's fuzz targets share their checks through [`oracle`] (also replayed by the tests crate).
#![forbid(unsafe_code)]
pub mod oracle;
