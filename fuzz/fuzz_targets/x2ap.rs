//! See keyhop_fuzz::oracle::x2ap.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| keyhop_fuzz::oracle::x2ap(data));
