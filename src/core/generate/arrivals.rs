//! When tickets arrive: a weekly rhythm (busy on weekday office hours, quiet
//! at night and at weekends, in the desk's time zone) with slow growth over
//! the window. Arrival times come out in order, so tickets are inserted in
//! `created_at` order and the time indexes only ever append.

use chrono::{Datelike, TimeZone, Timelike};
use chrono_tz::Tz;

/// The arrival intensity per hour of the window, cumulated.
#[derive(Debug, Clone)]
pub struct Arrivals {
    start: i64,
    /// `cumulative[h]` = total weight of the hours before hour `h`.
    cumulative: Vec<f64>,
    end: i64,
}

impl Arrivals {
    pub fn new(tz: Tz, start: i64, end: i64) -> Self {
        let hours = ((end - start) / 3600).max(1) as usize;
        let mut cumulative = Vec::with_capacity(hours + 1);
        let mut total = 0.0;
        for h in 0..hours {
            cumulative.push(total);
            let t = start + h as i64 * 3600;
            let local = tz.from_utc_datetime(&crate::clock::from_unix(t).naive_utc());
            let weekend = local.weekday().num_days_from_monday() >= 5;
            let weight = match (weekend, local.hour()) {
                (false, 8..=17) => 10.0,
                (false, 18..=21) | (false, 7) => 4.0,
                (true, 9..=20) => 3.0,
                _ => 0.8,
            };
            // A growing business: the last day sees about a third more than the first.
            total += weight * (1.0 + 0.35 * h as f64 / hours as f64);
        }
        cumulative.push(total);
        Arrivals {
            start,
            cumulative,
            end,
        }
    }

    fn total(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(0.0)
    }

    /// The arrival instant at quantile `q` in `[0, 1)`; non-decreasing in `q`.
    pub fn at(&self, q: f64) -> i64 {
        let target = q.clamp(0.0, 1.0) * self.total();
        let h = self
            .cumulative
            .partition_point(|&c| c <= target)
            .saturating_sub(1)
            .min(self.cumulative.len().saturating_sub(2));
        let lo = self.cumulative[h];
        let width = self.cumulative[h + 1] - lo;
        let frac = if width > 0.0 {
            (target - lo) / width
        } else {
            0.0
        };
        (self.start + h as i64 * 3600 + (frac * 3600.0) as i64).min(self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrivals_are_ordered_inside_the_window_and_favour_office_hours() {
        let start = 1_787_616_000; // a Monday, 00:00 UTC
        let end = start + 28 * 86_400;
        let arrivals = Arrivals::new(chrono_tz::Europe::Amsterdam, start, end);
        let n = 10_000;
        let mut last = i64::MIN;
        let mut office = 0;
        for i in 0..n {
            let t = arrivals.at((i as f64 + 0.5) / n as f64);
            assert!(t >= last && (start..=end).contains(&t));
            last = t;
            let local = chrono_tz::Europe::Amsterdam
                .from_utc_datetime(&crate::clock::from_unix(t).naive_utc());
            if local.weekday().num_days_from_monday() < 5 && (8..18).contains(&local.hour()) {
                office += 1;
            }
        }
        // Office hours are 30% of the week but should get well over half the tickets.
        assert!(office > n / 2, "{office}");
    }
}
