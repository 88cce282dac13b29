//! What the Rust tests of the C ABI share: a message with key material, and `decode` through
//! `keyhop_decode_json_flags` checking the out pointer's contract.

use keyhop_capi::*;
use std::ffi::{c_char, CStr};

/// A HandoverRequest (samples/s1-handover.pcapng, UE 1) whose NH is key material.
pub const HANDOVER_REQUEST: &str = concat!(
    "00010080c20000080000000340010000010001000002400202000042000a1805f5e1006002faf08000",
    "35001200001b000d0a1f0a14000150001005000925006800575600410a100b818000008000bf86cc40",
    "0000000223000a900000100100c000468ac4060608040c000000000000000000000000000000000000",
    "00000000041452196040400000f1101a2b20100000f1101a2b1011000088006b000518000c00000028",
    "0021083aa0464cde32c10be86d2ac98bb973cffa2f27550aeb1a6eda4d47c5e3c63aec",
);

/// The error text of this thread's last failed call.
pub fn last_error() -> String {
    // SAFETY: called right after a failed call: the text is set and valid until the next call
    // on this thread.
    unsafe { CStr::from_ptr(keyhop_last_error()) }
        .to_string_lossy()
        .into_owned()
}

/// Decodes; Ok(json) or Err((code, text)), checking the out pointer's contract either way.
pub fn decode(protocol: &CStr, data: &[u8], flags: u32) -> Result<String, (i32, String)> {
    // Not NULL: the call must clear it.
    let mut out: *mut c_char = 8 as *mut c_char;
    // SAFETY: a C string, `data.len()` readable octets, a writable out pointer.
    let rc = unsafe {
        keyhop_decode_json_flags(
            protocol.as_ptr(),
            data.as_ptr(),
            data.len(),
            flags,
            &mut out,
        )
    };
    if rc != KEYHOP_OK {
        assert!(out.is_null(), "json_out not cleared after {rc}");
        return Err((rc, last_error()));
    }
    // SAFETY: a NUL-terminated keyhop buffer, copied, then freed once.
    unsafe {
        let s = CStr::from_ptr(out).to_str().expect("UTF-8 JSON").to_owned();
        keyhop_free(out.cast());
        Ok(s)
    }
}
