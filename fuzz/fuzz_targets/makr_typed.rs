//! See keyhop_fuzz::oracle::makr_typed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| keyhop_fuzz::oracle::makr_typed(data));
