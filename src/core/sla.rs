//! Business hours and SLA targets, pure over their inputs (no database, no
//! clock): a [`Calendar`] knows when the desk is open in its IANA time zone,
//! and turns calendar instants into business durations and back.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::domain::Priority;

/// An SLA target: a business duration. `Days` are business days, each as long
/// as the schedule's average open day (8 h for 09:00–17:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Minutes(i64),
    Hours(i64),
    Days(i64),
}

impl FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (number, unit) = s.split_at(split);
        let n: i64 = number.parse().map_err(|_| {
            format!("'{s}' is not a target; write a number and a unit, like 30m, 4h or 2d")
        })?;
        match unit.trim() {
            "m" | "min" => Ok(Target::Minutes(n)),
            "h" | "u" => Ok(Target::Hours(n)),
            "d" | "bd" => Ok(Target::Days(n)),
            _ => Err(format!(
                "'{s}' has an unknown unit; use m (minutes), h (hours) or d (business days)"
            )),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Minutes(n) => write!(f, "{n}m"),
            Target::Hours(n) => write!(f, "{n}h"),
            Target::Days(n) => write!(f, "{n}d"),
        }
    }
}

/// The default targets of KPIS.md: (first response, resolution) per priority.
pub fn default_targets(priority: Priority) -> (Target, Target) {
    match priority {
        Priority::Urgent => (Target::Hours(1), Target::Hours(4)),
        Priority::High => (Target::Hours(4), Target::Days(1)),
        Priority::Normal => (Target::Hours(8), Target::Days(3)),
        Priority::Low => (Target::Days(1), Target::Days(5)),
    }
}

/// One opening interval on a weekday, in minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    /// 0 = Monday .. 6 = Sunday.
    pub weekday: u8,
    pub opens_min: u16,
    pub closes_min: u16,
}

/// When the desk is open: weekly intervals plus holidays, in a time zone.
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: Tz,
    /// Per weekday (Monday first), sorted, non-overlapping intervals.
    week: [Vec<(u16, u16)>; 7],
    holidays: BTreeSet<NaiveDate>,
    /// UTC open intervals per local date, computed once each.
    cache: DayCache,
}

/// UTC open intervals per local date, shared by clones of a calendar.
type DayCache = std::sync::Arc<std::sync::Mutex<HashMap<NaiveDate, Vec<(i64, i64)>>>>;

/// How far the clock searches for open time before it gives up (a schedule
/// with no hours at all, or years of holidays).
const SEARCH_DAYS: i64 = 3 * 366;

impl Calendar {
    /// A calendar from openings; overlapping intervals on a day are merged.
    pub fn new(
        tz: Tz,
        openings: &[Opening],
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        for o in openings {
            if o.opens_min < o.closes_min && usize::from(o.weekday) < 7 {
                week[usize::from(o.weekday)].push((o.opens_min, o.closes_min.min(1440)));
            }
        }
        for day in &mut week {
            day.sort_unstable();
            let mut merged: Vec<(u16, u16)> = Vec::with_capacity(day.len());
            for &(a, b) in day.iter() {
                match merged.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            *day = merged;
        }
        Calendar {
            tz,
            week,
            holidays: holidays.into_iter().collect(),
            cache: Default::default(),
        }
    }

    /// Monday to Friday 09:00–17:00, Europe/Amsterdam, no holidays (KPIS.md).
    pub fn default_desk() -> Self {
        let openings: Vec<Opening> = (0..5)
            .map(|weekday| Opening {
                weekday,
                opens_min: 9 * 60,
                closes_min: 17 * 60,
            })
            .collect();
        Calendar::new(chrono_tz::Europe::Amsterdam, &openings, [])
    }

    /// Open all day, every day, in UTC.
    pub fn always_open() -> Self {
        let openings: Vec<Opening> = (0..7)
            .map(|weekday| Opening {
                weekday,
                opens_min: 0,
                closes_min: 1440,
            })
            .collect();
        Calendar::new(chrono_tz::UTC, &openings, [])
    }

    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    pub fn openings(&self) -> Vec<Opening> {
        let mut out = Vec::new();
        for (weekday, day) in self.week.iter().enumerate() {
            for &(opens_min, closes_min) in day {
                out.push(Opening {
                    weekday: weekday as u8,
                    opens_min,
                    closes_min,
                });
            }
        }
        out
    }

    pub fn holidays(&self) -> impl Iterator<Item = &NaiveDate> {
        self.holidays.iter()
    }

    /// Length in seconds of an average open day; what "1 business day" means.
    pub fn business_day_secs(&self) -> i64 {
        let open_days = self.week.iter().filter(|d| !d.is_empty()).count() as i64;
        let total: i64 = self
            .week
            .iter()
            .flatten()
            .map(|&(a, b)| i64::from(b - a) * 60)
            .sum();
        if open_days == 0 { 0 } else { total / open_days }
    }

    /// A target as business seconds.
    pub fn target_secs(&self, target: Target) -> i64 {
        match target {
            Target::Minutes(n) => n * 60,
            Target::Hours(n) => n * 3600,
            Target::Days(n) => n * self.business_day_secs(),
        }
    }

    /// The open intervals of one local date, as UTC seconds `[start, end)`.
    fn day_intervals(&self, date: NaiveDate) -> Vec<(i64, i64)> {
        if let Ok(cache) = self.cache.lock()
            && let Some(hit) = cache.get(&date)
        {
            return hit.clone();
        }
        let computed = self.compute_day_intervals(date);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(date, computed.clone());
        }
        computed
    }

    fn compute_day_intervals(&self, date: NaiveDate) -> Vec<(i64, i64)> {
        if self.holidays.contains(&date) {
            return Vec::new();
        }
        let weekday = date.weekday().num_days_from_monday() as usize;
        let mut out: Vec<(i64, i64)> = Vec::with_capacity(self.week[weekday].len());
        for &(a, b) in &self.week[weekday] {
            let start = self.local_to_utc(date, a);
            let end = self.local_to_utc(date, b);
            if start < end {
                // 24/7: today's close and tomorrow's open are the same instant.
                match out.last_mut() {
                    Some(last) if start <= last.1 => last.1 = last.1.max(end),
                    _ => out.push((start, end)),
                }
            }
        }
        out
    }

    /// Local minutes-after-midnight on a date to UTC seconds. A time skipped
    /// by a DST jump maps to the first instant after the gap; a repeated one
    /// to its first occurrence.
    fn local_to_utc(&self, date: NaiveDate, minutes: u16) -> i64 {
        let naive: NaiveDateTime = if minutes >= 1440 {
            (date + Duration::days(1)).and_time(NaiveTime::MIN)
        } else {
            date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes))
        };
        crate::tz::local_to_utc(self.tz, naive)
    }

    fn local_date(&self, utc_secs: i64) -> NaiveDate {
        let utc = crate::clock::from_unix(utc_secs);
        self.tz.from_utc_datetime(&utc.naive_utc()).date_naive()
    }

    /// Business seconds in `[from, to)`; 0 when `to <= from`.
    pub fn business_secs_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        // Start a day early: a local date's intervals can begin before its UTC date.
        let mut date = self.local_date(from) - Duration::days(1);
        let last = self.local_date(to) + Duration::days(1);
        while date <= last {
            for (a, b) in self.day_intervals(date) {
                let lo = a.max(from);
                let hi = b.min(to);
                if hi > lo {
                    total += hi - lo;
                }
            }
            date += Duration::days(1);
        }
        total
    }

    /// The instant `secs` business seconds after `from`, or `None` when the
    /// desk is never open within three years.
    pub fn add_business_secs(&self, from: i64, secs: i64) -> Option<i64> {
        let mut left = secs.max(0);
        let mut date = self.local_date(from) - Duration::days(1);
        let give_up = date + Duration::days(SEARCH_DAYS);
        while date <= give_up {
            for (a, b) in self.day_intervals(date) {
                let lo = a.max(from);
                if b <= lo {
                    continue;
                }
                let available = b - lo;
                if left == 0 {
                    // Due at the first open instant (a zero target still waits for opening).
                    return Some(lo);
                }
                if left <= available {
                    return Some(lo + left);
                }
                left -= available;
            }
            date += Duration::days(1);
        }
        None
    }

    /// The due instant of `target` for something that started at `from`.
    pub fn due(&self, from: i64, target: Target) -> Option<i64> {
        self.add_business_secs(from, self.target_secs(target))
    }

    /// Business time from `now` until `due`; negative (overdue) when `due` has passed.
    pub fn time_left(&self, now: i64, due: i64) -> i64 {
        if due >= now {
            self.business_secs_between(now, due)
        } else {
            -self.business_secs_between(due, now)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn ams(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        chrono_tz::Europe::Amsterdam
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
            .timestamp()
    }

    #[test]
    fn parses_targets() {
        assert_eq!("30m".parse::<Target>(), Ok(Target::Minutes(30)));
        assert_eq!("4h".parse::<Target>(), Ok(Target::Hours(4)));
        assert_eq!("3d".parse::<Target>(), Ok(Target::Days(3)));
        assert!("soon".parse::<Target>().is_err());
        assert!("4 weeks".parse::<Target>().is_err());
    }

    #[test]
    fn within_one_open_day() {
        let cal = Calendar::default_desk();
        // Monday 2026-11-23 10:00 to 12:30 local: 2.5 h.
        assert_eq!(
            cal.business_secs_between(ams(2026, 11, 23, 10, 0), ams(2026, 11, 23, 12, 30)),
            9000
        );
    }

    #[test]
    fn opened_at_night_counts_from_opening() {
        let cal = Calendar::default_desk();
        // Monday 03:00 + 1 h business = Monday 10:00.
        let due = cal
            .add_business_secs(ams(2026, 11, 23, 3, 0), 3600)
            .unwrap();
        assert_eq!(due, ams(2026, 11, 23, 10, 0));
    }

    #[test]
    fn weekend_is_skipped() {
        let cal = Calendar::default_desk();
        // Friday 16:00 + 4 h business = Monday 12:00.
        let due = cal
            .add_business_secs(ams(2026, 11, 27, 16, 0), 4 * 3600)
            .unwrap();
        assert_eq!(due, ams(2026, 11, 30, 12, 0));
        // Saturday to Sunday: nothing.
        assert_eq!(
            cal.business_secs_between(ams(2026, 11, 28, 0, 0), ams(2026, 11, 30, 0, 0)),
            0
        );
    }

    #[test]
    fn holiday_is_closed() {
        let holiday = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        let cal = Calendar::new(
            chrono_tz::Europe::Amsterdam,
            &Calendar::default_desk().openings(),
            [holiday],
        );
        // Thursday 24 Dec 16:00 + 2 h: 1 h on Thursday, Friday is a holiday, 1 h on Monday.
        let due = cal
            .add_business_secs(ams(2026, 12, 24, 16, 0), 2 * 3600)
            .unwrap();
        assert_eq!(due, ams(2026, 12, 28, 10, 0));
    }

    #[test]
    fn business_day_is_an_opening_day_long() {
        let cal = Calendar::default_desk();
        assert_eq!(cal.business_day_secs(), 8 * 3600);
        // Monday 10:00 + 1 business day = Tuesday 10:00.
        assert_eq!(
            cal.due(ams(2026, 11, 23, 10, 0), Target::Days(1)),
            Some(ams(2026, 11, 24, 10, 0))
        );
    }

    #[test]
    fn dst_change_keeps_local_hours() {
        let cal = Calendar::default_desk();
        // Clocks go back on Sunday 2026-10-25; Friday 16:00 to Monday 10:00 is 2 h of business.
        assert_eq!(
            cal.business_secs_between(ams(2026, 10, 23, 16, 0), ams(2026, 10, 26, 10, 0)),
            2 * 3600
        );
    }

    #[test]
    fn always_open_has_no_gap_at_midnight() {
        let cal = Calendar::always_open();
        let start = Utc
            .with_ymd_and_hms(2026, 3, 28, 22, 0, 0)
            .unwrap()
            .timestamp();
        let end = start + 5 * 3600;
        assert_eq!(cal.business_secs_between(start, end), 5 * 3600);
        assert_eq!(cal.add_business_secs(start, 5 * 3600), Some(end));
    }

    #[test]
    fn closed_calendar_never_comes_due() {
        let cal = Calendar::new(chrono_tz::UTC, &[], []);
        assert_eq!(cal.add_business_secs(0, 60), None);
        assert_eq!(cal.business_day_secs(), 0);
    }

    #[test]
    fn time_left_is_negative_when_overdue() {
        let cal = Calendar::default_desk();
        let due = ams(2026, 11, 23, 12, 0);
        assert_eq!(cal.time_left(ams(2026, 11, 23, 11, 0), due), 3600);
        assert_eq!(cal.time_left(ams(2026, 11, 23, 13, 30), due), -5400);
    }
}
