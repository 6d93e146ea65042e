//! Averages and shares that say "no data" (`None`) for an empty input rather
//! than 0 or NaN, so an empty window never looks like a perfect one.

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
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2] as f64
        } else {
            (sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0
        };
        // ⌈0.9·n⌉ in integers; ranks count from 1.
        let rank = (9 * n).div_ceil(10).max(1);
        Some(Spread {
            mean: mean(&sorted).unwrap_or_default(),
            median,
            p90: sorted[rank - 1],
        })
    }
}

/// The mean, or `None` for no values.
pub fn mean(values: &[i64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().map(|&v| v as f64).sum::<f64>() / values.len() as f64)
    }
}

/// `part ÷ whole`, or `None` when `whole` is 0.
pub fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
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
    }
}
