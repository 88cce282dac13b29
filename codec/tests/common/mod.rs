//! Helpers shared by the codec's integration tests.

/// Applies `muts` to `b`: (position, octet, kind) with kind 0 overwrite, 1 insert, 2 delete,
/// 3 cut there (the mutations the error-path property tests draw).
pub fn mutate(b: &[u8], muts: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut v = b.to_vec();
    for &(pos, o, kind) in muts {
        if v.is_empty() {
            break;
        }
        let i = pos % v.len();
        match kind {
            0 => v[i] = o,
            1 => v.insert(i, o),
            2 => {
                v.remove(i);
            }
            _ => v.truncate(i),
        }
    }
    v
}
