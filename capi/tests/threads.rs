//! The show-keys setting and the error text are per thread: threads decoding at once with and
//! without `KEYHOP_SHOW_KEYS` each get what they asked for, and each sees its own error text.

use keyhop_capi::*;
use std::ffi::{c_char, CStr};
use std::ptr;

/// A HandoverRequest (samples/s1-handover.pcapng, UE 1) whose NH is key material.
const HANDOVER_REQUEST: &str = concat!(
    "00010080c20000080000000340010000010001000002400202000042000a1805f5e1006002faf08000",
    "35001200001b000d0a1f0a14000150001005000925006800575600410a100b818000008000bf86cc40",
    "0000000223000a900000100100c000468ac4060608040c000000000000000000000000000000000000",
    "00000000041452196040400000f1101a2b20100000f1101a2b1011000088006b000518000c00000028",
    "0021083aa0464cde32c10be86d2ac98bb973cffa2f27550aeb1a6eda4d47c5e3c63aec",
);

fn decode(data: &[u8], flags: u32) -> Result<String, (i32, String)> {
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: a NUL-terminated protocol, `data.len()` readable octets, a writable out pointer.
    let rc = unsafe {
        keyhop_decode_json_flags(c"s1ap".as_ptr(), data.as_ptr(), data.len(), flags, &mut out)
    };
    if rc != KEYHOP_OK {
        // SAFETY: after a failure the text is set and valid until the next call on this thread.
        let e = unsafe { CStr::from_ptr(keyhop_last_error()) };
        return Err((rc, e.to_string_lossy().into_owned()));
    }
    // SAFETY: on success `out` is a NUL-terminated buffer keyhop allocated; copied, then freed
    // once.
    unsafe {
        let s = CStr::from_ptr(out).to_string_lossy().into_owned();
        keyhop_free(out.cast());
        Ok(s)
    }
}

#[test]
fn threads_keep_their_own_settings_and_errors() {
    let data = hex::decode(HANDOVER_REQUEST).unwrap();
    let shown = decode(&data, KEYHOP_SHOW_KEYS).unwrap();
    let nh_at = shown.find("\"next_hop_parameter\":\"").unwrap() + 22;
    let nh = shown[nh_at..nh_at + 64].to_string();
    assert!(nh.bytes().all(|b| b.is_ascii_hexdigit()), "{nh}");

    // Each thread truncates the message at its own length: its error text is its own.
    let errors: Vec<String> = (0..8)
        .map(|t| decode(&data[..10 + t], 0).unwrap_err().1)
        .collect();
    assert!(errors.windows(2).any(|w| w[0] != w[1]), "{errors:?}");

    std::thread::scope(|s| {
        for t in 0..8u32 {
            let (data, nh, errors) = (&data, &nh, &errors);
            s.spawn(move || {
                for i in 0..50 {
                    let show = (t + i) % 2 == 0;
                    let json = decode(data, if show { KEYHOP_SHOW_KEYS } else { 0 }).unwrap();
                    assert_eq!(json.contains(nh.as_str()), show, "thread {t} call {i}");
                    // A failure on this thread: its own text, whatever the others do.
                    let (rc, text) = decode(&data[..10 + t as usize], 0).unwrap_err();
                    assert_eq!(rc, KEYHOP_ERR_DECODE);
                    assert_eq!(text, errors[t as usize], "thread {t} call {i}");
                }
            });
        }
    });
}
