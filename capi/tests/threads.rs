//! The show-keys setting and the error text are per thread: threads decoding at once with and
//! without `KEYHOP_SHOW_KEYS` each get what they asked for, and each sees its own error text.

mod common;

use common::HANDOVER_REQUEST;
use keyhop_capi::*;

fn decode(data: &[u8], flags: u32) -> Result<String, (i32, String)> {
    common::decode(c"s1ap", data, flags)
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
