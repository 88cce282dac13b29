//! See keyhop_fuzz::oracle::export.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| keyhop_fuzz::oracle::export::export_output(data));
