//! Averages and shares that say "no data" (`None`) for an empty input rather
//! than 0 or NaN, so an empty window never looks like a perfect one. Both
//! paths of every KPI (over records, and over the rollups' summed cells)
//! end in these: one mean, one median and p90, one share.

use serde::Serialize;

/// Mean, median and 90th percentile of durations in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub mean: f64,
    /// The middle value; for an even count, the mean of the two middle values.
    pub median: f64,
    /// Nearest rank: the value at rank ⌈0.9·n⌉ of the sorted values, so it is
    /// always a duration that occurred.
    pub p90: i64,
}

impl Spread {
    /// `None` for no values.
    pub fn of(values: &[i64]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        let n = sorted.len() as i64;
        Some(Spread::from_ranks(n, sorted.iter().sum(), |rank| {
            sorted[usize::try_from(rank - 1).unwrap_or(0)] as f64
        }))
    }

    /// The spread of `n > 0` durations summing to `total`, given the value
    /// at each 1-based rank of their sorted order. The one definition of
    /// the median and p90: [`Spread::of`] reads the ranks off the sorted
    /// values, the rollups off their histograms.
    pub fn from_ranks(n: i64, total: i64, at_rank: impl Fn(i64) -> f64) -> Spread {
        let [lo, hi, p90] = spread_ranks(n);
        Spread {
            mean: total as f64 / n as f64,
            median: if lo == hi {
                at_rank(lo)
            } else {
                (at_rank(lo) + at_rank(hi)) / 2.0
            },
            p90: at_rank(p90) as i64,
        }
    }
}

/// The 1-based ranks a spread of `n` durations reads: the median's one
/// (odd `n`) or two (even `n`: their mean), and p90's nearest rank ⌈0.9·n⌉.
pub fn spread_ranks(n: i64) -> [i64; 3] {
    let (lo, hi) = if n % 2 == 1 {
        (n / 2 + 1, n / 2 + 1)
    } else {
        (n / 2, n / 2 + 1)
    };
    // ⌈0.9·n⌉ in integers.
    [lo, hi, ((9 * n + 9) / 10).max(1)]
}

/// The mean, or `None` for no values.
pub fn mean(values: &[i64]) -> Option<f64> {
    mean_of(values.iter().sum(), values.len() as i64)
}

/// The mean of `n` values summing to `total`, or `None` when `n` is 0.
pub fn mean_of(total: i64, n: i64) -> Option<f64> {
    (n > 0).then(|| total as f64 / n as f64)
}

/// `part ÷ whole`, or `None` when `whole` is 0.
pub fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The backlog now, split by whether anyone has the ticket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Backlog {
    /// Active tickets nobody is assigned to.
    pub new: usize,
    /// Active tickets with an assignee.
    pub assigned: usize,
    pub total: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_known_values() {
        let s = Spread::of(&[10, 20, 30, 40]).unwrap();
        assert_eq!((s.mean, s.median, s.p90), (25.0, 25.0, 40));
        let s = Spread::of(&[5]).unwrap();
        assert_eq!((s.mean, s.median, s.p90), (5.0, 5.0, 5));
        // Ten values 1..=10: rank 9 is 9.
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(Spread::of(&ten).unwrap().p90, 9);
        assert_eq!(Spread::of(&[]), None);
    }

    #[test]
    fn empty_denominators_are_no_data() {
        assert_eq!(ratio(0, 0), None);
        assert_eq!(ratio(0, 4), Some(0.0));
        assert_eq!(mean(&[]), None);
        assert_eq!(mean_of(0, 0), None);
        assert_eq!(mean_of(90, 4), Some(22.5));
    }
}
