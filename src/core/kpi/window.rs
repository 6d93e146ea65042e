//! The period a report covers: a half-open window `[from, to)` of UTC
//! seconds. Named windows (today, yesterday, last 7 or 30 days) are local
//! days in the desk's time zone, computed from a given `now` so tests fix it.

use std::fmt;
use std::str::FromStr;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// A half-open window `[from, to)` in UTC seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: i64,
    pub to: i64,
}

/// The windows people ask for by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedWindow {
    Today,
    Yesterday,
    Last7Days,
    Last30Days,
}

impl FromStr for NamedWindow {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "today" => Ok(NamedWindow::Today),
            "yesterday" => Ok(NamedWindow::Yesterday),
            "7d" => Ok(NamedWindow::Last7Days),
            "30d" => Ok(NamedWindow::Last30Days),
            _ => Err(format!(
                "'{s}' is not a window; use today, yesterday, 7d or 30d"
            )),
        }
    }
}

impl fmt::Display for NamedWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NamedWindow::Today => "today",
            NamedWindow::Yesterday => "yesterday",
            NamedWindow::Last7Days => "7d",
            NamedWindow::Last30Days => "30d",
        })
    }
}

impl Window {
    /// A window from two instants; `None` when `to` is not after `from`.
    pub fn new(from: i64, to: i64) -> Option<Window> {
        (to > from).then_some(Window { from, to })
    }

    /// Whether `at` lies in `[from, to)`.
    pub fn contains(&self, at: i64) -> bool {
        self.from <= at && at < self.to
    }

    /// A named window in local days of `tz`: today is the whole local date of
    /// `now` (midnight to midnight, so a report of today can be compared with
    /// yesterday's), and "last N days" are the N local dates ending today.
    pub fn named(name: NamedWindow, tz: Tz, now: i64) -> Window {
        let today = tz
            .from_utc_datetime(&crate::clock::from_unix(now).naive_utc())
            .date_naive();
        let (first, days) = match name {
            NamedWindow::Today => (today, 1),
            NamedWindow::Yesterday => (today - Duration::days(1), 1),
            NamedWindow::Last7Days => (today - Duration::days(6), 7),
            NamedWindow::Last30Days => (today - Duration::days(29), 30),
        };
        Window {
            from: local_midnight(tz, first),
            to: local_midnight(tz, first + Duration::days(days)),
        }
    }

    /// The ends of the local days this window touches, for daily trends: one
    /// instant per local date, clipped to the window's end.
    pub fn day_ends(&self, tz: Tz) -> Vec<(NaiveDate, i64)> {
        let mut out = Vec::new();
        let mut date = tz
            .from_utc_datetime(&crate::clock::from_unix(self.from).naive_utc())
            .date_naive();
        loop {
            let end = local_midnight(tz, date + Duration::days(1));
            out.push((date, end.min(self.to)));
            if end >= self.to {
                return out;
            }
            date += Duration::days(1);
        }
    }
}

/// The first instant of a local date. Zones whose clocks skip midnight start
/// the day at the first instant after the gap.
pub fn local_midnight(tz: Tz, date: NaiveDate) -> i64 {
    crate::tz::local_to_utc(tz, date.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ams(y: i32, m: u32, d: u32, h: u32) -> i64 {
        chrono_tz::Europe::Amsterdam
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .unwrap()
            .timestamp()
    }

    #[test]
    fn named_windows_are_local_days() {
        let tz = chrono_tz::Europe::Amsterdam;
        // 00:30 local on Tuesday is still Monday in UTC; today is Tuesday.
        let now = ams(2026, 11, 24, 0) + 1800;
        let today = Window::named(NamedWindow::Today, tz, now);
        assert_eq!(
            (today.from, today.to),
            (ams(2026, 11, 24, 0), ams(2026, 11, 25, 0))
        );
        let yesterday = Window::named(NamedWindow::Yesterday, tz, now);
        assert_eq!(yesterday.to, today.from);
        let week = Window::named(NamedWindow::Last7Days, tz, now);
        assert_eq!((week.from, week.to), (ams(2026, 11, 18, 0), today.to));
        assert_eq!(week.day_ends(tz).len(), 7);
    }

    #[test]
    fn a_day_across_the_dst_change_is_25_hours() {
        let tz = chrono_tz::Europe::Amsterdam;
        let day = Window::named(NamedWindow::Today, tz, ams(2026, 10, 25, 12));
        assert_eq!(day.to - day.from, 25 * 3600);
    }

    #[test]
    fn parses_names_and_refuses_others() {
        assert_eq!("7D".parse::<NamedWindow>(), Ok(NamedWindow::Last7Days));
        assert!("week".parse::<NamedWindow>().is_err());
        assert_eq!(Window::new(5, 5), None);
    }
}
