//! RFC 3339 timestamps without a date-time crate: capture times are UTC seconds + nanoseconds.

use crate::capture::Timestamp;

/// `YYYY-MM-DDTHH:MM:SS.uuuuuuZ` (UTC, microseconds, truncated).
pub fn rfc3339_micros(ts: Timestamp) -> String {
    let days = ts.secs.div_euclid(86_400);
    let sod = ts.secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:06}Z",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60,
        ts.nanos / 1000
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(
            rfc3339_micros(Timestamp { secs: 0, nanos: 0 }),
            "1970-01-01T00:00:00.000000Z"
        );
        // 2026-11-22T12:44:06.123456Z
        assert_eq!(
            rfc3339_micros(Timestamp {
                secs: 1_795_351_446,
                nanos: 123_456_789
            }),
            "2026-11-22T12:44:06.123456Z"
        );
        // A leap day.
        assert_eq!(
            rfc3339_micros(Timestamp {
                secs: 951_782_400,
                nanos: 0
            }),
            "2000-02-29T00:00:00.000000Z"
        );
        assert_eq!(
            rfc3339_micros(Timestamp { secs: -1, nanos: 0 }),
            "1969-12-31T23:59:59.000000Z"
        );
    }
}
