//! Timestamps as iP1 renders a blacklist entry's `created`.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, as the vendor's blacklist page shows `created`: `2019-11-01T16:32:18.253`, a local
/// time with milliseconds and no zone. *Assumption*: the emulator's "local" time is UTC (the
/// page does not say which zone; a client cannot tell either way).
pub fn local_timestamp() -> String {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since.as_secs();
    let (year, month, day) = civil_date(secs / 86_400);
    let rest = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}",
        rest / 3600,
        rest / 60 % 60,
        rest % 60,
        since.subsec_millis()
    )
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, for days on or after the epoch).
fn civil_date(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_the_vendors_shape() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(18_201), (2019, 11, 1));
        assert_eq!(civil_date(19_782), (2024, 2, 29));
        let now = local_timestamp();
        assert_eq!(now.len(), "2019-11-01T16:32:18.253".len(), "{now}");
        assert_eq!(&now[10..11], "T");
        assert!(!now.ends_with('Z'));
    }
}
