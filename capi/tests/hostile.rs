//! Hostile input through the C ABI: every prefix and every bit flip of a HandoverRequest under
//! every protocol name, and every value of its JSON replaced by a wrong one, give either a
//! result or a decoding/encoding error: never `KEYHOP_ERR_PANIC`, never a stale out pointer,
//! never key octets in the error text.

mod common;

use common::{decode, last_error, HANDOVER_REQUEST};
use keyhop_capi::*;
use serde_json::Value;
use std::ffi::{CStr, CString};

const PROTOCOLS: [&CStr; 9] = [
    c"s1ap",
    c"x2ap",
    c"gtpv2",
    c"gtpv1",
    c"nas",
    c"makr:KeyDistribution",
    c"makr:NeighbourKeyRequest",
    c"makr:NeighbourKeyResponse",
    c"makr:WrappedKeNB",
];

fn encode(protocol: &CStr, json: &str) -> Result<Vec<u8>, (i32, String)> {
    let json = CString::new(json).unwrap();
    let mut out: *mut u8 = 8 as *mut u8;
    let mut len = 5usize;
    // SAFETY: two C strings and two writable out-parameters.
    let rc = unsafe { keyhop_encode_json(protocol.as_ptr(), json.as_ptr(), &mut out, &mut len) };
    if rc != KEYHOP_OK {
        assert!(
            out.is_null() && len == 0,
            "out-parameters not cleared after {rc}"
        );
        return Err((rc, last_error()));
    }
    // SAFETY: `len` octets keyhop allocated, copied, then freed once.
    unsafe {
        let v = std::slice::from_raw_parts(out, len).to_vec();
        keyhop_free(out.cast());
        Ok(v)
    }
}

fn nh_hex(data: &[u8]) -> String {
    let shown: Value =
        serde_json::from_str(&decode(c"s1ap", data, KEYHOP_SHOW_KEYS).unwrap()).unwrap();
    shown["security_context"]["next_hop_parameter"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn damaged_octets_are_decoding_errors_under_every_protocol() {
    let data = hex::decode(HANDOVER_REQUEST).unwrap();
    let nh = nh_hex(&data);
    assert_eq!(nh.len(), 64);
    let mut inputs: Vec<Vec<u8>> = (0..data.len()).map(|n| data[..n].to_vec()).collect();
    for bit in 0..data.len() * 8 {
        let mut d = data.clone();
        d[bit / 8] ^= 0x80 >> (bit % 8);
        inputs.push(d);
    }
    let mut errors = 0;
    for p in PROTOCOLS {
        for d in &inputs {
            match decode(p, d, 0) {
                Ok(json) => assert!(!json.contains(&nh), "{p:?}: the NH in redacted JSON"),
                Err((rc, text)) => {
                    assert_eq!(rc, KEYHOP_ERR_DECODE, "{p:?}: {text}");
                    assert!(text.contains(" at byte "), "{p:?}: no offset in {text}");
                    assert!(!text.contains(&nh[..8]), "{p:?}: NH octets in {text}");
                    errors += 1;
                }
            }
        }
    }
    // Most damaged inputs are refused (every prefix as S1AP, for one).
    assert!(errors > inputs.len(), "{errors} errors");
}

/// Every JSON value under `v`, by path (object keys and array indices).
fn paths(v: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let mut p = at.clone();
                p.push(k.clone());
                out.push(p.clone());
                paths(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let mut p = at.clone();
                p.push(i.to_string());
                out.push(p.clone());
                paths(x, p, out);
            }
        }
        _ => {}
    }
}

fn at_mut<'v>(v: &'v mut Value, path: &[String]) -> &'v mut Value {
    path.iter().fold(v, |v, k| match v {
        Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
        v => &mut v[k.as_str()],
    })
}

#[test]
fn wrong_json_values_are_encoding_errors_naming_a_field() {
    let data = hex::decode(HANDOVER_REQUEST).unwrap();
    let nh = nh_hex(&data);
    let shown: Value =
        serde_json::from_str(&decode(c"s1ap", &data, KEYHOP_SHOW_KEYS).unwrap()).unwrap();
    let mut all = Vec::new();
    paths(&shown, Vec::new(), &mut all);
    assert!(all.len() > 30, "{} values", all.len());
    let wrong = [
        Value::Null,
        Value::from(-1),
        Value::from(1u64 << 40),
        Value::from("x"),
        Value::from("fp:00000000"),
        Value::Array(Vec::new()),
        Value::Object(Default::default()),
    ];
    let (mut ok, mut refused) = (0, 0);
    for path in &all {
        for w in &wrong {
            let mut v = shown.clone();
            *at_mut(&mut v, path) = w.clone();
            match encode(c"s1ap", &v.to_string()) {
                Ok(bytes) => {
                    // What encodes must decode again.
                    decode(c"s1ap", &bytes, 0).unwrap_or_else(|e| {
                        panic!("{path:?} = {w}: encoded octets do not decode: {e:?}")
                    });
                    ok += 1;
                }
                Err((rc, text)) => {
                    assert_eq!(rc, KEYHOP_ERR_ENCODE, "{path:?} = {w}: {text}");
                    assert!(text.starts_with("keyhop_encode_json: s1ap: "), "{text}");
                    assert!(!text.contains(&nh[..8]), "NH octets in {text}");
                    refused += 1;
                }
            }
        }
    }
    assert!(refused > all.len(), "{refused} refused, {ok} encoded");
    // Deleting a key: refused or encoded, never a panic.
    for path in all.iter().filter(|p| p.len() == 1) {
        let mut v = shown.clone();
        v.as_object_mut().unwrap().remove(&path[0]);
        if let Err((rc, text)) = encode(c"s1ap", &v.to_string()) {
            assert_eq!(rc, KEYHOP_ERR_ENCODE, "without {path:?}: {text}");
        }
    }
}
