//! Every decode error of S1AP and X2AP names a field and an offset inside the input, over
//! mutated real and random PDUs (issue 16.10: no error may have an empty path). GTPv1 and
//! GTPv2 have the same property in their own test files.

use keyhop_codec::ap::common::Rng;
use keyhop_codec::{s1ap, x2ap};
use proptest::prelude::*;

mod common;
use common::mutate;

/// S1AP PDUs of the captures (tests/data/s1ap_captures.txt) and random handover messages of
/// both protocols: (is X2AP, octets).
fn seeds() -> &'static [(bool, Vec<u8>)] {
    static SEEDS: std::sync::OnceLock<Vec<(bool, Vec<u8>)>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(build_seeds)
}

fn build_seeds() -> Vec<(bool, Vec<u8>)> {
    let mut out: Vec<(bool, Vec<u8>)> = include_str!("data/s1ap_captures.txt")
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .step_by(7)
        .map(|h| (false, hex::decode(h).unwrap()))
        .collect();
    let mut rng = Rng::new(0x1610);
    for m in [
        "HandoverRequest",
        "HandoverRequestAcknowledge",
        "PathSwitchRequest",
    ] {
        let p = s1ap::sample_message(m, &mut rng).unwrap();
        out.push((false, s1ap::encode(&p).unwrap()));
    }
    for m in [
        "HandoverRequest",
        "HandoverRequestAcknowledge",
        "X2SetupRequest",
    ] {
        let p = x2ap::sample_message(m, &mut rng).unwrap();
        out.push((true, x2ap::encode(&p).unwrap()));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn every_error_has_a_path_and_an_offset(
        seed in any::<prop::sample::Index>(),
        muts in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 1..4),
    ) {
        let seeds = seeds();
        let (x2, b) = &seeds[seed.index(seeds.len())];
        let b = mutate(b, &muts);
        let r = if *x2 { x2ap::decode(&b).map(|_| ()) } else { s1ap::decode(&b).map(|_| ()) };
        if let Err(e) = r {
            prop_assert!(!e.path().is_empty(), "{e}");
            prop_assert!(e.bit_offset <= b.len() as u64 * 8, "{e}");
        }
    }
}
