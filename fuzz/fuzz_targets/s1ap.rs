//! S1AP: decode arbitrary input; whatever decodes must re-encode and decode to the same value.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(pdu) = keyhop_codec::s1ap::decode(data) {
        let bytes = keyhop_codec::s1ap::encode(&pdu).expect("a decoded PDU encodes");
        let again = keyhop_codec::s1ap::decode(&bytes).expect("an encoded PDU decodes");
        let bytes2 = keyhop_codec::s1ap::encode(&again).expect("re-encodes");
        assert_eq!(bytes, bytes2, "encoding is stable");
    }
});
