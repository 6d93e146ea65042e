//! Local wall-clock times to UTC instants in the desk's IANA time zone, with
//! the daylight-saving edge cases decided once: a time the clocks skip (the
//! spring gap) becomes the first instant that exists after it, and a time
//! that happens twice (the autumn fold) its first occurrence. Both the SLA
//! calendar and the KPI windows resolve local times through here, so a
//! business day and a report day start at the same instant.

use chrono::{Duration, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// The UTC second of a local date and time in `tz`. A skipped time walks
/// forward minute by minute to the first instant after the gap (gaps are at
/// most a few hours; the walk gives up after a day and reads the time as UTC,
/// which no real zone reaches).
pub fn local_to_utc(tz: Tz, naive: NaiveDateTime) -> i64 {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(first, _) => first.timestamp(),
        LocalResult::None => {
            let mut probe = naive;
            for _ in 0..(24 * 60) {
                probe += Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t.timestamp();
                }
            }
            naive.and_utc().timestamp()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::Europe::Amsterdam;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn a_time_in_the_spring_gap_is_the_first_instant_after_it() {
        // 29 March 2026: Amsterdam jumps from 02:00 CET to 03:00 CEST.
        let after_gap = Amsterdam
            .with_ymd_and_hms(2026, 3, 29, 3, 0, 0)
            .single()
            .unwrap()
            .timestamp();
        assert_eq!(local_to_utc(Amsterdam, at(2026, 3, 29, 2, 30)), after_gap);
        assert_eq!(local_to_utc(Amsterdam, at(2026, 3, 29, 2, 0)), after_gap);
        // 01:59 CET is the last minute before the jump.
        assert_eq!(
            local_to_utc(Amsterdam, at(2026, 3, 29, 1, 59)),
            after_gap - 60
        );
    }

    #[test]
    fn a_time_in_the_autumn_fold_is_its_first_occurrence() {
        // 25 October 2026: 02:30 happens in CEST (00:30 UTC) and again in CET.
        let first = at(2026, 10, 25, 0, 30).and_utc().timestamp();
        assert_eq!(local_to_utc(Amsterdam, at(2026, 10, 25, 2, 30)), first);
    }
}
