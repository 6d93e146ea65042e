//! The desk's open intervals over the generated window, flattened into one
//! sorted table with running totals, so "when is the next agent action" is a
//! binary search instead of a walk over days. The generator asks this several
//! times per ticket; at a million tickets the [`Calendar`]'s per-day walk (a
//! lock and a vector clone per day) would dominate. SLA due times themselves
//! still come from the [`Calendar`], which is the definition; a unit test
//! keeps the two in agreement.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone};

use crate::sla::Calendar;

/// Open intervals `[start, end)` in UTC seconds, with the business seconds
/// before each.
#[derive(Debug, Clone)]
pub struct OpenHours {
    starts: Vec<i64>,
    ends: Vec<i64>,
    before: Vec<i64>,
}

impl OpenHours {
    /// The open intervals of `calendar` on the local dates covering `[from, to]`.
    pub fn new(calendar: &Calendar, from: i64, to: i64) -> Self {
        let tz = calendar.time_zone();
        let holidays: Vec<NaiveDate> = calendar.holidays().copied().collect();
        let openings = calendar.openings();
        let local_date = |t: i64| {
            tz.from_utc_datetime(&crate::clock::from_unix(t).naive_utc())
                .date_naive()
        };
        let to_utc = |date: NaiveDate, minutes: u16| -> i64 {
            let naive = if minutes >= 1440 {
                (date + Duration::days(1)).and_time(NaiveTime::MIN)
            } else {
                date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes))
            };
            tz.from_local_datetime(&naive)
                .earliest()
                .map_or_else(|| naive.and_utc().timestamp(), |t| t.timestamp())
        };
        let mut hours = OpenHours {
            starts: Vec::new(),
            ends: Vec::new(),
            before: Vec::new(),
        };
        let mut total = 0;
        let mut date = local_date(from) - Duration::days(1);
        let last = local_date(to) + Duration::days(1);
        while date <= last {
            if !holidays.contains(&date) {
                let weekday = date.weekday().num_days_from_monday() as u8;
                for o in openings.iter().filter(|o| o.weekday == weekday) {
                    let (start, end) = (to_utc(date, o.opens_min), to_utc(date, o.closes_min));
                    if start >= end {
                        continue;
                    }
                    match hours.ends.last_mut() {
                        // Back-to-back intervals (open around midnight) are one.
                        Some(last_end) if start <= *last_end => {
                            total += (end - *last_end).max(0);
                            *last_end = (*last_end).max(end);
                        }
                        _ => {
                            hours.starts.push(start);
                            hours.ends.push(end);
                            hours.before.push(total);
                            total += end - start;
                        }
                    }
                }
            }
            date += Duration::days(1);
        }
        hours
    }

    /// Business seconds from the start of the table to `t`.
    fn position(&self, t: i64) -> Option<i64> {
        let i = self.ends.partition_point(|&end| end <= t);
        if i == self.ends.len() {
            return None;
        }
        Some(self.before[i] + (t - self.starts[i]).max(0))
    }

    /// The instant `secs` (> 0) business seconds after `t`; `i64::MAX` past the
    /// end of the table, which the generator treats as "after now".
    pub fn add(&self, t: i64, secs: i64) -> i64 {
        let Some(pos) = self.position(t) else {
            return i64::MAX;
        };
        let target = pos + secs.max(1);
        // The last interval with business time before the target position
        // holds it, unless the table ends first.
        let k = self
            .before
            .partition_point(|&b| b < target)
            .saturating_sub(1);
        match (self.starts.get(k), self.ends.get(k)) {
            (Some(&start), Some(&end)) if self.before[k] + (end - start) >= target => {
                start + (target - self.before[k])
            }
            _ => i64::MAX,
        }
    }

    /// Whether the desk is open at `t`.
    pub fn is_open(&self, t: i64) -> bool {
        let i = self.ends.partition_point(|&end| end <= t);
        i < self.starts.len() && self.starts[i] <= t
    }

    /// Business seconds in `[from, to)`.
    pub fn between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        match (self.position(from), self.position(to)) {
            (Some(a), Some(b)) => b - a,
            (Some(a), None) => {
                self.before.last().copied().unwrap_or(0) + self.ends.last().copied().unwrap_or(0)
                    - self.starts.last().copied().unwrap_or(0)
                    - a
            }
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::rng::Rng;

    #[test]
    fn agrees_with_the_calendar() {
        let cal = Calendar::default_desk();
        // 2026-08-25 .. 2026-11-23, across the October DST change.
        let now = 1_795_435_200;
        let from = now - 90 * 86_400;
        let hours = OpenHours::new(&cal, from - 86_400, now + 30 * 86_400);
        let mut rng = Rng::new(1);
        for _ in 0..2_000 {
            let t = from + rng.below(90 * 86_400) as i64;
            let secs = 1 + rng.below(5 * 8 * 3600) as i64;
            assert_eq!(
                Some(hours.add(t, secs)),
                cal.add_business_secs(t, secs),
                "add {secs} to {t}"
            );
            let at_open = cal.add_business_secs(t, 1).unwrap_or(0) - 1;
            assert!(hours.is_open(at_open) && !hours.is_open(at_open - 1) || at_open == t);
            let u = t + rng.below(10 * 86_400) as i64;
            assert_eq!(
                hours.between(t, u),
                cal.business_secs_between(t, u),
                "{t}..{u}"
            );
        }
    }
}
