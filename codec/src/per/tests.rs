use super::*;
use crate::error::{ErrorKind, Protocol};
use proptest::prelude::*;

fn w() -> PerWriter {
    PerWriter::new(Protocol::S1ap)
}
fn r(b: &[u8]) -> PerReader<'_> {
    PerReader::new(b, Protocol::S1ap)
}

#[test]
fn constrained_whole_number_cases() {
    // X.691 11.5.7: bit-field for range <= 255, one octet for 256, two octets up to 64K,
    // length + minimal octets above.
    let cases: &[(i64, i64, i64, &[u8])] = &[
        (3, 0, 7, &[0b0110_0000]),                           // 3 bits
        (255, 0, 255, &[0xff]),                              // one aligned octet
        (300, 0, 65535, &[0x01, 0x2c]),                      // two octets
        (5, 0, 4294967295, &[0x00, 0x05]),                   // 2-bit length (1 octet) + 1 octet
        (0x12345, 0, 4294967295, &[0x80, 0x01, 0x23, 0x45]), // length 3
        (7, 7, 7, &[]),                                      // range 1: nothing
    ];
    for &(v, lb, ub, enc) in cases {
        let mut wr = w();
        wr.constrained_whole(v, lb, ub).unwrap();
        assert_eq!(wr.into_bytes(), enc, "encode {v} in {lb}..{ub}");
        let mut rd = r(enc);
        assert_eq!(rd.constrained_whole(lb, ub).unwrap(), v);
    }
}

#[test]
fn lengths_small_and_large() {
    let mut wr = w();
    wr.open_type(&[0xaa; 200]).unwrap();
    let b = wr.into_bytes();
    assert_eq!(&b[..2], &[0x80, 200]);
    let mut rd = r(&b);
    assert_eq!(rd.open_type().unwrap().len(), 200);
}

#[test]
fn fragmented_octet_string_round_trip() {
    // 16K * 4 + 16K * 1 + 5: two fragments then a final length (X.691 11.9.3.8).
    let data: Vec<u8> = (0..(16384 * 5 + 5)).map(|i| i as u8).collect();
    let mut wr = w();
    wr.octet_string(&data, SizeConstraint::unconstrained())
        .unwrap();
    let b = wr.into_bytes();
    assert_eq!(b[0], 0xc4);
    assert_eq!(b[1 + 65536], 0xc1);
    assert_eq!(b[2 + 65536 + 16384], 5);
    let mut rd = r(&b);
    let got = rd.octet_string(SizeConstraint::unconstrained()).unwrap();
    assert_eq!(&got[..], &data[..]);
    assert_eq!(rd.remaining_bits(), 0);
}

#[test]
fn exact_16k_ends_with_zero_length() {
    let data = vec![1u8; 16384];
    let mut wr = w();
    wr.open_type(&data).unwrap();
    let b = wr.into_bytes();
    assert_eq!(b[0], 0xc1);
    assert_eq!(b.len(), 1 + 16384 + 1);
    assert_eq!(*b.last().unwrap(), 0);
    let mut rd = r(&b);
    // A fragmented open type is decoded in place like any other.
    let all_ones = |s: &mut PerReader<'_>| {
        for _ in 0..16383 {
            assert_eq!(s.read_bits(8)?, 1);
        }
        Ok(())
    };
    match rd.open_type_with(all_ones).unwrap() {
        OpenValue::Decoded(()) => {}
        OpenValue::Fragmented(_) => panic!("fragmented open type not decoded"),
    }
    assert_eq!(
        rd.notes().len(),
        1,
        "one octet left after the value is noted"
    );
    assert_eq!(rd.remaining_bits(), 0);
}

/// The fields of a value that spans several fragments: bit-fields, aligned numbers and octets
/// fall across fragment boundaries wherever the encoding puts them.
fn write_fields(wr: &mut PerWriter, n: usize) {
    for i in 0..n {
        wr.write_bits(i as u64 & 7, 3);
        wr.constrained_whole((i * 7 % 65536) as i64, 0, 65535)
            .unwrap();
        wr.write_bool(i % 3 == 0);
        wr.octet_string(&[i as u8, (i >> 8) as u8, 0x5a], SizeConstraint::fixed(3))
            .unwrap();
        wr.open_type_with(|w| {
            w.write_bits(i as u64 & 0x1f, 5);
            Ok(())
        })
        .unwrap();
    }
}

fn read_fields(rd: &mut PerReader<'_>, n: usize) -> crate::error::DecodeResult<()> {
    for i in 0..n {
        assert_eq!(rd.read_bits(3)?, i as u64 & 7, "item {i}");
        assert_eq!(rd.constrained_whole(0, 65535)?, (i * 7 % 65536) as i64);
        assert_eq!(rd.read_bool()?, i % 3 == 0);
        let o = rd.octet_string(SizeConstraint::fixed(3))?;
        assert_eq!(&o[..], &[i as u8, (i >> 8) as u8, 0x5a]);
        match rd.open_type_with(|s| s.read_bits(5))? {
            OpenValue::Decoded(v) => assert_eq!(v, i as u64 & 0x1f),
            OpenValue::Fragmented(_) => panic!(),
        }
    }
    Ok(())
}

#[test]
fn fragmented_open_types_decode_across_fragment_boundaries() {
    // 8 octets an item: 2,100 items (16.8K), 8,300 items (66K: a 64K fragment, then the rest),
    // 30,000 items (240K: three 64K fragments, a 32K one, then the rest).
    for n in [2100usize, 8300, 30000] {
        let mut wr = w();
        wr.write_bits(1, 3);
        wr.open_type_with(|w| {
            write_fields(w, n);
            // An OCTET STRING over 16K inside the fragmented open type: its own fragments'
            // length octets fall wherever the outer fragments leave them.
            let big: Vec<u8> = (0..70000u32).map(|i| (i * 31) as u8).collect();
            w.octet_string(&big, SizeConstraint::unconstrained())
        })
        .unwrap();
        wr.write_bits(5, 3);
        let b = wr.into_bytes();
        let mut rd = r(&b);
        assert_eq!(rd.read_bits(3).unwrap(), 1);
        let v = rd
            .open_type_with(|s| {
                read_fields(s, n)?;
                let big = s.octet_string(SizeConstraint::unconstrained())?;
                Ok(big.into_owned())
            })
            .unwrap();
        match v {
            OpenValue::Decoded(big) => {
                assert_eq!(big.len(), 70000);
                assert!(big
                    .iter()
                    .enumerate()
                    .all(|(i, &o)| o == (i as u32 * 31) as u8));
            }
            OpenValue::Fragmented(_) => panic!("n={n}: fragmented open type not decoded"),
        }
        assert_eq!(rd.read_bits(3).unwrap(), 5, "n={n}");
        assert!(rd.notes().is_empty(), "n={n}: {:?}", rd.notes());
        // Re-encoding what was read gives the same octets.
        let mut again = w();
        again.write_bits(1, 3);
        again
            .open_type_with(|w| {
                write_fields(w, n);
                let big: Vec<u8> = (0..70000u32).map(|i| (i * 31) as u8).collect();
                w.octet_string(&big, SizeConstraint::unconstrained())
            })
            .unwrap();
        again.write_bits(5, 3);
        assert_eq!(again.into_bytes(), b);
    }
}

#[test]
fn fragmented_open_type_truncated_names_the_offset() {
    let mut wr = w();
    wr.open_type_with(|w| {
        write_fields(w, 9000);
        Ok(())
    })
    .unwrap();
    let b = wr.into_bytes();
    for cut in [1usize, 100, 65536, 65537, 65540, b.len() - 1] {
        let mut rd = r(&b[..b.len() - cut]);
        let e = rd
            .open_type_with(|s| read_fields(s, 9000))
            .expect_err("truncated");
        assert_eq!(e.kind, ErrorKind::Truncated, "cut {cut}");
        assert!(e.bit_offset <= (b.len() - cut) as u64 * 8, "cut {cut}: {e}");
    }
}

#[test]
fn fragments_shorter_than_64k_are_decoded_and_noted() {
    // Two 16K fragments then 10 octets: valid X.691 input for a decoder, though an encoder
    // sends one 32K fragment.
    let total = 2 * 16384 + 10;
    let mut b = vec![0xc1];
    b.extend((0..16384).map(|i| i as u8));
    b.push(0xc1);
    b.extend((16384..32768).map(|i| i as u8));
    b.push(10);
    b.extend((32768..total).map(|i| i as u8));
    let mut rd = r(&b);
    let v = rd
        .open_type_with(|s| {
            let mut sum = 0u64;
            for i in 0..total {
                let o = s.read_bits(8)?;
                assert_eq!(o, i as u8 as u64);
                sum += o;
            }
            Ok(sum)
        })
        .unwrap();
    assert!(matches!(v, OpenValue::Decoded(_)));
    assert_eq!(rd.notes().len(), 1, "{:?}", rd.notes());
    assert!(rd.notes()[0].what.contains("fragment"));
}

#[test]
fn fragmented_bit_string_round_trip() {
    for nbits in [16384usize, 16385, 65536 + 16384 + 3, 200_001] {
        let data: Vec<u8> = (0..nbits.div_ceil(8)).map(|i| (i * 7) as u8).collect();
        let mut data = data;
        if nbits % 8 != 0 {
            let last = data.len() - 1;
            data[last] &= 0xffu8 << (8 - nbits % 8);
        }
        let mut wr = w();
        wr.write_bool(true);
        wr.bit_string(&data, nbits, SizeConstraint::unconstrained())
            .unwrap();
        let b = wr.into_bytes();
        assert_eq!(b[1] & 0xc0, 0xc0, "{nbits} bits are fragmented");
        let mut rd = r(&b);
        assert!(rd.read_bool().unwrap());
        let (got, n) = rd.bit_string(SizeConstraint::unconstrained()).unwrap();
        assert_eq!(n, nbits);
        assert_eq!(&got[..], &data[..]);
        assert!(rd.notes().is_empty());
    }
}

#[test]
fn makr_key_distribution_vector_fields() {
    // key-refresh-vectors.json, aper[0]: KeyDistribution with two items, read field by field.
    let b = hex::decode("00010000f110001a2b3000008f1e2d3c4b5a69788796a5b4c3d2e1f00000f110001a2b300180f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff").unwrap();
    let mut rd = PerReader::new(&b, Protocol::Makr);
    assert_eq!(rd.sequence_preamble(true, 0).unwrap(), (false, 0));
    let n = rd.sequence_of_len(SizeConstraint::range(1, 256)).unwrap();
    assert_eq!(n, 2);
    let mut keys = Vec::new();
    for _ in 0..n {
        assert_eq!(rd.sequence_preamble(true, 0).unwrap(), (false, 0)); // item
        assert_eq!(rd.sequence_preamble(true, 0).unwrap(), (false, 0)); // ENB-Identity
        assert_eq!(
            &rd.octet_string(SizeConstraint::fixed(3)).unwrap()[..],
            &[0x00, 0xf1, 0x10]
        );
        assert_eq!(rd.choice(2, true).unwrap(), Index::Root(0));
        assert_eq!(rd.bit_string_fixed_u64(20).unwrap(), 0x1a2b3);
        let key_id = rd.constrained_whole(0, 255).unwrap();
        let key = rd.octet_string(SizeConstraint::range(16, 32)).unwrap();
        keys.push((key_id, key.len()));
    }
    assert_eq!(keys, vec![(0, 16), (1, 32)]);
    rd.finish().unwrap();
    assert!(rd.notes().is_empty());

    // And the same fields written back give the same octets.
    let mut wr = PerWriter::new(Protocol::Makr);
    wr.sequence_preamble(true, false, &[]);
    wr.sequence_of_len(2, SizeConstraint::range(1, 256))
        .unwrap();
    for (id, key) in [
        (0, hex::decode("8f1e2d3c4b5a69788796a5b4c3d2e1f0").unwrap()),
        (
            1,
            hex::decode("f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff")
                .unwrap(),
        ),
    ] {
        wr.sequence_preamble(true, false, &[]);
        wr.sequence_preamble(true, false, &[]);
        wr.octet_string(&[0x00, 0xf1, 0x10], SizeConstraint::fixed(3))
            .unwrap();
        wr.choice(Index::Root(0), 2, true).unwrap();
        wr.bit_string_fixed_u64(0x1a2b3, 20).unwrap();
        wr.constrained_whole(id, 0, 255).unwrap();
        wr.octet_string(&key, SizeConstraint::range(16, 32))
            .unwrap();
    }
    assert_eq!(wr.into_bytes(), b);
}

#[test]
fn extension_choice_and_bitmap() {
    let mut wr = w();
    wr.choice(Index::Ext(1), 2, true).unwrap();
    wr.open_type_with(|w| w.bit_string_fixed_u64(0x1abcde, 21))
        .unwrap();
    wr.sequence_preamble(true, true, &[true, false]);
    wr.extension_bitmap(&[false, true, true]).unwrap();
    let b = wr.into_bytes();
    let mut rd = r(&b);
    assert_eq!(rd.choice(2, true).unwrap(), Index::Ext(1));
    match rd.open_type_with(|s| s.bit_string_fixed_u64(21)).unwrap() {
        OpenValue::Decoded(v) => assert_eq!(v, 0x1abcde),
        OpenValue::Fragmented(_) => panic!(),
    }
    let (ext, bm) = rd.sequence_preamble(true, 2).unwrap();
    assert!(ext);
    assert!(PerReader::present(bm, 2, 0));
    assert!(!PerReader::present(bm, 2, 1));
    assert_eq!(rd.extension_bitmap().unwrap(), vec![false, true, true]);
}

#[test]
fn odd_input_is_noted_not_fatal() {
    // Open type of 3 octets holding a 1-octet value followed by 2 extra octets, then padding 1s.
    let b = [0x03, 0x07, 0xee, 0xee];
    let mut rd = r(&b);
    match rd.open_type_with(|s| s.constrained_whole(0, 255)).unwrap() {
        OpenValue::Decoded(v) => assert_eq!(v, 7),
        OpenValue::Fragmented(_) => panic!(),
    }
    assert_eq!(rd.notes().len(), 1);
    assert!(rd.notes()[0].what.contains("2 octets after the end"));
    assert_eq!(rd.notes()[0].bit_offset, 16);

    let b = [0b1011_1111];
    let mut rd = r(&b);
    assert!(rd.read_bool().unwrap());
    rd.align().unwrap();
    assert_eq!(rd.notes()[0].what, "non-zero padding bits");
}

#[test]
fn unconstrained_integer_in_more_octets_than_needed_is_noted() {
    // (length, octets, value, noted): a leading octet that only repeats the sign is not minimal.
    let cases: &[(&[u8], i64, bool)] = &[
        (&[0x01, 0x3b], 59, false),
        (&[0x02, 0x00, 0x3b], 59, true),
        (&[0x02, 0x00, 0x80], 128, false),
        (&[0x01, 0xff], -1, false),
        (&[0x02, 0xff, 0xff], -1, true),
        (&[0x02, 0xff, 0x7f], -129, false),
        (&[0x03, 0x00, 0x00, 0x80], 128, true),
    ];
    for &(b, value, noted) in cases {
        let mut rd = r(b);
        assert_eq!(rd.unconstrained_whole().unwrap(), value, "{b:02x?}");
        assert_eq!(
            rd.notes().len(),
            noted as usize,
            "{b:02x?}: {:?}",
            rd.notes()
        );
        let mut wr = w();
        wr.unconstrained_whole(value);
        if !noted {
            assert_eq!(wr.into_bytes(), b, "canonical input re-encodes");
        }
    }
}

#[test]
fn truncation_names_the_offset() {
    let b = [0x80, 0x01, 0x23];
    let mut rd = r(&b);
    let e = rd.constrained_whole(0, 4294967295).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(e.bit_offset, 8);
    assert!(e.to_string().contains("at byte 1"), "{e}");
}

#[test]
fn forged_counts_do_not_allocate() {
    // A SEQUENCE OF claiming 16383 items in 3 octets.
    let b = [0xbf, 0xff, 0x00];
    let mut rd = r(&b);
    let e = rd
        .sequence_of_len(SizeConstraint::unconstrained())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit);
}

#[test]
fn open_types_nest_only_so_deep() {
    fn nest(rd: &mut PerReader<'_>) -> crate::error::DecodeResult<()> {
        rd.open_type_with(nest).map(|_| ())
    }
    // Each level: length 1 octet + inner; build 60 levels deep.
    let mut b = vec![0u8];
    for _ in 0..60 {
        let mut n = vec![b.len() as u8];
        n.extend_from_slice(&b);
        b = n;
    }
    let mut rd = r(&b);
    let e = nest(&mut rd).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit);
}

proptest! {
    #[test]
    fn integers_round_trip(v in any::<i64>(), lb in -1000i64..1000, span in 0u64..(1u64 << 40)) {
        let ub = lb.saturating_add(span as i64);
        let c = if v >= lb && v <= ub { IntConstraint::range(lb, ub) } else { IntConstraint::range_ext(lb, ub) };
        for c in [c, IntConstraint::Unconstrained, IntConstraint::SemiConstrained { lb: i64::MIN / 2 }] {
            if let IntConstraint::SemiConstrained { lb } = c { if v < lb { continue; } }
            let mut wr = w();
            wr.write_bits(1, 3); // misalign on purpose
            wr.integer(v, c).unwrap();
            let b = wr.into_bytes();
            let mut rd = r(&b);
            rd.read_bits(3).unwrap();
            prop_assert_eq!(rd.integer(c).unwrap(), v);
        }
    }

    #[test]
    fn strings_round_trip(data in proptest::collection::vec(any::<u8>(), 0..300), lb in 0usize..4, extra in 0usize..300, ext: bool, pre in 0u32..8) {
        let size = SizeConstraint { lb, ub: Some(lb + extra), ext };
        let mut wr = w();
        wr.write_bits(0, pre);
        let res = wr.octet_string(&data, size);
        if !ext && !size.contains(data.len()) {
            prop_assert!(res.is_err());
            return Ok(());
        }
        res.unwrap();
        let nbits = data.len() * 8;
        wr.bit_string(&data, nbits, size).ok();
        let b = wr.into_bytes();
        let mut rd = r(&b);
        rd.read_bits(pre).unwrap();
        prop_assert_eq!(&rd.octet_string(size).unwrap()[..], &data[..]);
    }

    #[test]
    fn reader_never_panics(data in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut rd = r(&data);
        let _ = rd.sequence_preamble(true, 3);
        let _ = rd.choice(5, true);
        let _ = rd.extension_bitmap();
        let _ = rd.open_type_with(|s| s.octet_string(SizeConstraint::range(0, 1000)));
        let _ = rd.integer(IntConstraint::Unconstrained);
        let _ = rd.bit_string(SizeConstraint::range_ext(1, 160));
        let _ = rd.char_string(SizeConstraint::range_ext(1, 150));
        let _ = rd.finish();
    }
}

// UNALIGNED variant next to the ALIGNED one. The expected octets were produced with pycrate
// (to_uper / to_aper) from a small ASN.1 module during development.

fn wu() -> PerWriter {
    PerWriter::new_unaligned(Protocol::Rrc)
}
fn ru(b: &[u8]) -> PerReader<'_> {
    PerReader::new_unaligned(b, Protocol::Rrc)
}

#[test]
fn unaligned_and_aligned_constrained_whole_numbers() {
    // (value, lb, ub, UPER, APER), each preceded by one bit 1 to show where padding goes.
    type Case = (i64, i64, i64, &'static [u8], &'static [u8]);
    let cases: &[Case] = &[
        (3, 0, 7, &[0b1011_0000], &[0b1011_0000]),
        (255, 0, 255, &[0xff, 0x80], &[0x80, 0xff]),
        (300, 0, 65535, &[0x80, 0x96, 0x00], &[0x80, 0x01, 0x2c]),
        (5, 0, 4294967295, &[0x80, 0, 0, 0x02, 0x80], &[0x80, 0x05]),
        (
            0x12345,
            0,
            4294967295,
            &[0x80, 0x00, 0x91, 0xa2, 0x80],
            &[0xc0, 0x01, 0x23, 0x45],
        ),
        (
            1000,
            0,
            1023,
            &[0b1111_1101, 0b0000_0000],
            &[0x80, 0x03, 0xe8],
        ),
    ];
    for &(v, lb, ub, uper, aper) in cases {
        for (aligned, enc) in [(false, uper), (true, aper)] {
            let mut wr = if aligned { w() } else { wu() };
            wr.write_bool(true);
            wr.constrained_whole(v, lb, ub).unwrap();
            assert_eq!(
                wr.into_bytes(),
                enc,
                "encode {v} in {lb}..{ub} aligned={aligned}"
            );
            let mut rd = if aligned { r(enc) } else { ru(enc) };
            assert!(rd.read_bool().unwrap());
            assert_eq!(rd.constrained_whole(lb, ub).unwrap(), v);
        }
    }
}

#[test]
fn unaligned_strings_are_not_padded() {
    let sz = SizeConstraint::range(1, 8);
    // OCTET STRING (SIZE(1..8)) 'abcd'H: 3-bit length then the octets, no padding.
    let mut wr = wu();
    wr.octet_string(&[0xab, 0xcd], sz).unwrap();
    assert_eq!(wr.into_bytes(), [0x35, 0x79, 0xa0]);
    let mut wr = w();
    wr.octet_string(&[0xab, 0xcd], sz).unwrap();
    assert_eq!(wr.into_bytes(), [0x20, 0xab, 0xcd]);
    let b = [0x35, 0x79, 0xa0];
    let mut rd = ru(&b);
    assert_eq!(&rd.octet_string(sz).unwrap()[..], &[0xab, 0xcd]);
    rd.finish().unwrap();
    assert!(rd.notes().is_empty());
}

#[test]
fn unaligned_sequence_with_extension_group() {
    // S ::= SEQUENCE { a BOOLEAN, b OCTET STRING, c INTEGER (0..MAX), ..., [[ d INTEGER (0..7) ]] }
    // with a TRUE, b '11'H, c 70000, d 5.
    let uper = hex::decode("c04440c0445c00406800").unwrap();
    let aper = hex::decode("c00111030111700101a0").unwrap();
    for (aligned, enc) in [(false, &uper), (true, &aper)] {
        let mut wr = if aligned { w() } else { wu() };
        wr.sequence_preamble(true, true, &[]);
        wr.write_bool(true);
        wr.octet_string(&[0x11], SizeConstraint::unconstrained())
            .unwrap();
        wr.semi_constrained_whole(70000, 0).unwrap();
        wr.extension_bitmap(&[true]).unwrap();
        wr.open_type_with(|w| w.constrained_whole(5, 0, 7)).unwrap();
        assert_eq!(&wr.into_bytes(), enc, "aligned={aligned}");

        let mut rd = if aligned { r(enc) } else { ru(enc) };
        assert_eq!(rd.sequence_preamble(true, 0).unwrap(), (true, 0));
        assert!(rd.read_bool().unwrap());
        let b = rd.octet_string(SizeConstraint::unconstrained()).unwrap();
        assert_eq!(&b[..], &[0x11]);
        assert_eq!(rd.semi_constrained_whole(0).unwrap(), 70000);
        assert_eq!(rd.extension_bitmap().unwrap(), vec![true]);
        // In UPER the open type starts at bit 66: the sub-reader reads it in place.
        let at = rd.bit_offset();
        assert_eq!(at, if aligned { 64 } else { 58 });
        match rd.open_type_with(|s| s.constrained_whole(0, 7)).unwrap() {
            OpenValue::Decoded(v) => assert_eq!(v, 5),
            OpenValue::Fragmented(_) => panic!(),
        }
        rd.finish().unwrap();
        assert!(rd.notes().is_empty(), "{:?}", rd.notes());
    }
}

#[test]
fn unaligned_open_type_errors_carry_absolute_offsets() {
    // One bit, then an open type of length 1 whose value asks for more bits than it holds.
    let mut wr = wu();
    wr.write_bool(true);
    wr.open_type(&[0xff]).unwrap();
    let b = wr.into_bytes();
    let mut rd = ru(&b);
    rd.read_bool().unwrap();
    let e = rd.open_type_with(|s| s.read_bits(9)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    // The value starts after 1 bit + 8 bits of length.
    assert_eq!(e.bit_offset, 9);
    // The outer reader did not move past the open type on error, and never panics.
    let mut rd = ru(&b);
    rd.read_bool().unwrap();
    let v = rd.open_type().unwrap();
    assert_eq!(&v[..], &[0xff]);
    // One octet at an odd bit offset is borrowed from the table of octet pairs, not allocated;
    // three are copied out of the bit stream.
    assert!(matches!(v, std::borrow::Cow::Borrowed(_)));
    let mut wr = wu();
    wr.write_bool(true);
    wr.open_type(&[0xa5, 0x01, 0xfe]).unwrap();
    let b = wr.into_bytes();
    let mut rd = ru(&b);
    rd.read_bool().unwrap();
    let v = rd.open_type().unwrap();
    assert_eq!(&v[..], &[0xa5, 0x01, 0xfe]);
    assert!(matches!(v, std::borrow::Cow::Owned(_)));
}

#[test]
fn short_unaligned_octets_from_the_pair_table_are_exact() {
    // Every one- and two-octet value, and every bit length up to 16, at every bit offset.
    for pre in 1..8u32 {
        for nbits in 1..=16usize {
            for v in [0u64, 1, 0x5a5a, 0xffff, 0x8001, 0x0100] {
                let v = v & ((1u64 << nbits) - 1);
                let mut wr = PerWriter::new(Protocol::S1ap);
                wr.write_bits(0, pre);
                wr.write_bits(v, nbits as u32);
                wr.write_bits(0x3, 2);
                let b = wr.into_bytes();
                let mut rd = PerReader::new(&b, Protocol::S1ap);
                rd.read_bits(pre).unwrap();
                let (got, n) = rd.bit_string(SizeConstraint::fixed(nbits)).unwrap();
                assert_eq!(n, nbits);
                let want = (v << (16 - nbits)).to_be_bytes();
                let want = &want[6..6 + nbits.div_ceil(8)];
                assert_eq!(&got[..], want, "pre {pre} nbits {nbits} v {v:#x}");
                assert_eq!(rd.read_bits(2).unwrap(), 0x3);
            }
        }
    }
}

#[test]
fn unaligned_char_strings_refused() {
    let mut rd = ru(&[0x01, 0x41]);
    assert_eq!(
        rd.char_string(SizeConstraint::unconstrained())
            .unwrap_err()
            .kind,
        ErrorKind::Invalid
    );
    assert!(wu()
        .char_string(b"A", SizeConstraint::unconstrained())
        .is_err());
}

proptest! {
    #[test]
    fn unaligned_integers_round_trip(v in any::<i64>(), lb in -1000i64..1000, span in 0u64..(1u64 << 40), pre in 0u32..8) {
        let ub = lb.saturating_add(span as i64);
        let c = if v >= lb && v <= ub { IntConstraint::range(lb, ub) } else { IntConstraint::range_ext(lb, ub) };
        for c in [c, IntConstraint::Unconstrained, IntConstraint::SemiConstrained { lb: i64::MIN / 2 }] {
            if let IntConstraint::SemiConstrained { lb } = c { if v < lb { continue; } }
            let mut wr = wu();
            wr.write_bits(1, pre);
            wr.integer(v, c).unwrap();
            let b = wr.into_bytes();
            let mut rd = ru(&b);
            rd.read_bits(pre).unwrap();
            prop_assert_eq!(rd.integer(c).unwrap(), v);
            prop_assert!(rd.remaining_bits() < 8);
        }
    }

    #[test]
    fn unaligned_strings_round_trip(data in proptest::collection::vec(any::<u8>(), 0..300), lb in 0usize..4, extra in 0usize..300, ext: bool, pre in 0u32..8) {
        let size = SizeConstraint { lb, ub: Some(lb + extra), ext };
        let mut wr = wu();
        wr.write_bits(0, pre);
        let res = wr.octet_string(&data, size);
        if !ext && !size.contains(data.len()) {
            prop_assert!(res.is_err());
            return Ok(());
        }
        res.unwrap();
        wr.open_type(&data).unwrap();
        let b = wr.into_bytes();
        let mut rd = ru(&b);
        rd.read_bits(pre).unwrap();
        prop_assert_eq!(&rd.octet_string(size).unwrap()[..], &data[..]);
        prop_assert_eq!(&rd.open_type().unwrap()[..], &data[..]);
        prop_assert!(rd.remaining_bits() < 8);
    }

    #[test]
    fn unaligned_reader_never_panics(data in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut rd = ru(&data);
        let _ = rd.sequence_preamble(true, 3);
        let _ = rd.choice(5, true);
        let _ = rd.extension_bitmap();
        let _ = rd.open_type_with(|s| s.octet_string(SizeConstraint::range(0, 1000)));
        let _ = rd.integer(IntConstraint::Unconstrained);
        let _ = rd.integer(IntConstraint::range(0, 4294967295));
        let _ = rd.bit_string(SizeConstraint::range_ext(1, 160));
        let _ = rd.finish();
    }
}

proptest! {
    // read_bits extracts bits with shifts over the covering octets; the reference reads them
    // one at a time, so every offset, width (0..=64) and the 9-octet straddle are compared.
    #[test]
    fn read_bits_matches_bit_by_bit(data in proptest::collection::vec(any::<u8>(), 1..24),
                                    skip in 0usize..64, n in 0u32..=64) {
        let total = data.len() * 8;
        prop_assume!(skip + n as usize <= total);
        let mut want = 0u64;
        for i in skip..skip + n as usize {
            let bit = (data[i / 8] >> (7 - i % 8)) & 1;
            want = (want << 1) | u64::from(bit);
        }
        let mut rd = PerReader::new_unaligned(&data, Protocol::S1ap);
        let mut left = skip;
        while left > 0 {
            let k = left.min(7);
            rd.read_bits(k as u32).unwrap();
            left -= k;
        }
        prop_assert_eq!(rd.read_bits(n).unwrap(), want);
        prop_assert_eq!(rd.remaining_bits(), total - skip - n as usize);
    }
}

#[test]
fn read_bits_past_the_end_is_truncated() {
    let mut rd = r(&[0xff, 0x00]);
    assert_eq!(rd.read_bits(12).unwrap(), 0xff0);
    let e = rd.read_bits(5).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Truncated);
    assert_eq!(rd.read_bits(4).unwrap(), 0);
}

/// `open_type_with` writes the value in place (a length placeholder patched afterwards): the
/// octets must be those of the value encoded on its own and written with `open_type`, at every
/// length form (one octet, two octets, fragments), after a partly used octet, empty, and in the
/// UNALIGNED variant off an octet boundary (where it encodes into a separate writer).
#[test]
fn open_type_in_place_equals_encoding_apart() {
    // A value that starts and ends off an octet boundary, `n` octets and 3 bits long.
    let value = |w: &mut PerWriter, n: usize| {
        w.write_bits(0b101, 3);
        for i in 0..n {
            w.write_bits(i as u64 & 0xff, 8);
        }
    };
    for aligned in [true, false] {
        let new = |p| {
            if aligned {
                PerWriter::new(p)
            } else {
                PerWriter::new_unaligned(p)
            }
        };
        for n in [0, 1, 126, 127, 128, 200, 16382, 16383, 16384, 40000, 70000] {
            for lead in [0u32, 5] {
                let mut inner = new(Protocol::S1ap);
                value(&mut inner, n);
                let mut want = new(Protocol::S1ap);
                want.write_bits(0x1f, lead);
                want.open_type(&inner.into_bytes()).unwrap();
                let mut got = new(Protocol::S1ap);
                got.write_bits(0x1f, lead);
                got.open_type_with(|w| {
                    value(w, n);
                    Ok(())
                })
                .unwrap();
                // What follows the open type starts where it would have.
                want.write_bits(0b11, 2);
                got.write_bits(0b11, 2);
                assert_eq!(
                    got.into_bytes(),
                    want.into_bytes(),
                    "aligned {aligned}, {n} octets, {lead} leading bits"
                );
            }
        }
        // An empty value is carried as one zero octet.
        let mut got = new(Protocol::S1ap);
        got.open_type_with(|_| Ok(())).unwrap();
        assert_eq!(got.into_bytes(), [1, 0]);
    }
}

/// The write_bits fast paths agree with the same bits packed by hand, most significant first
/// (not with `write_bool`, which is `write_bits` of one bit and would share a faulty path).
#[test]
fn write_bits_agrees_with_single_bits() {
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut fast = w();
    let mut bits = Vec::new();
    for _ in 0..2000 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let n = (rng % 65) as u32;
        let v = rng.rotate_left(17);
        fast.write_bits(v, n);
        bits.extend((0..n).rev().map(|i| (v >> i) & 1 == 1));
    }
    let want: Vec<u8> = bits
        .chunks(8)
        .map(|c| {
            c.iter()
                .enumerate()
                .fold(0u8, |o, (i, &b)| o | (u8::from(b) << (7 - i)))
        })
        .collect();
    assert_eq!(fast.into_bytes(), want);
}
