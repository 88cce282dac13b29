//! The APER reader on arbitrary input: every primitive, in an order the input chooses.
#![no_main]
use keyhop_codec::per::{IntConstraint, PerReader, SizeConstraint};
use keyhop_codec::Protocol;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&script, input)) = data.split_first() else { return };
    let mut r = PerReader::new(input, Protocol::S1ap);
    for step in 0..64u32 {
        let op = (script.rotate_left(step % 8) as u32 + step) % 12;
        let res = match op {
            0 => r.sequence_preamble(true, 5).map(|_| ()),
            1 => r.choice(7, true).map(|_| ()),
            2 => r.extension_bitmap().map(|_| ()),
            3 => r.open_type().map(|_| ()),
            4 => r.integer(IntConstraint::range_ext(0, 4294967295)).map(|_| ()),
            5 => r.integer(IntConstraint::Unconstrained).map(|_| ()),
            6 => r.octet_string(SizeConstraint::range_ext(0, 160)).map(|_| ()),
            7 => r.bit_string(SizeConstraint::range(1, 1000)).map(|_| ()),
            8 => r.char_string(SizeConstraint::range_ext(1, 150)).map(|_| ()),
            9 => r.sequence_of_len(SizeConstraint::range(1, 65535)).map(|_| ()),
            10 => r.open_type_with(|s| s.octet_string(SizeConstraint::unconstrained())).map(|_| ()),
            _ => r.normally_small().map(|_| ()),
        };
        if res.is_err() {
            break;
        }
    }
    let _ = r.finish();
});
