//! The customer base: churn, retention and lifetime value, from the
//! customer records (since, churned_at, revenue).

use serde::Serialize;

use super::facts::CustomerFact;
use super::stats::ratio;
use super::window::Window;

/// Seconds in a (Julian) year, the unit of customer lifetime.
const YEAR_SECS: f64 = 365.25 * 86_400.0;

fn active_at(c: &CustomerFact, at: i64) -> bool {
    c.since < at && c.churned_at.is_none_or(|churned| churned >= at)
}

/// Churn rate = of the customers active at the start of W (since before
/// `from`, not churned before it), the share with churned_at in W. A
/// customer who joined and left inside W is in neither count: KPIS.md's
/// "customers lost in W ÷ active customers at the start of W" counts the
/// lost among those at the start, so the rate stays within [0, 1].
pub fn churn(customers: &[CustomerFact], window: Window) -> Option<f64> {
    let at_start: Vec<&CustomerFact> = customers
        .iter()
        .filter(|c| active_at(c, window.from))
        .collect();
    let lost = at_start
        .iter()
        .filter(|c| c.churned_at.is_some_and(|at| window.contains(at)))
        .count();
    ratio(lost, at_start.len())
}

/// Retention = of the customers active at the start of W, the share still
/// active at its end. KPIS.md's (customers at end − customers gained in W)
/// ÷ customers at start is the same figure whenever no customer gained in
/// W also left in it; when one did, the literal formula subtracts a
/// customer who is not there at the end and reads too low (never above 1):
/// counting the customers of the start who are still there reads it right.
pub fn retention(customers: &[CustomerFact], window: Window) -> Option<f64> {
    let at_start: Vec<&CustomerFact> = customers
        .iter()
        .filter(|c| active_at(c, window.from))
        .collect();
    let kept = at_start.iter().filter(|c| active_at(c, window.to)).count();
    ratio(kept, at_start.len())
}

/// Customer lifetime value and its two factors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cltv {
    /// Mean revenue per customer per year, in cents.
    pub yearly_revenue_cents: f64,
    /// Mean lifetime of a customer, in years.
    pub lifetime_years: f64,
    /// yearly_revenue_cents × lifetime_years.
    pub cents: f64,
}

/// CLTV = mean revenue per customer × mean customer lifetime. The records
/// hold revenue to date, so "mean revenue per customer" is taken per year of
/// being a customer: Σ revenue ÷ Σ years each customer has been one (until
/// churn or `now`). The mean lifetime is that of customers who churned
/// (churned_at − since); the lifetime of those still here is not known yet.
/// `None` without churned customers or without any customer-time.
pub fn cltv(customers: &[CustomerFact], now: i64) -> Option<Cltv> {
    let tenure_years: f64 = customers
        .iter()
        .map(|c| (c.churned_at.unwrap_or(now) - c.since).max(0) as f64 / YEAR_SECS)
        .sum();
    let revenue: f64 = customers.iter().map(|c| c.revenue_cents as f64).sum();
    let lifetimes: Vec<f64> = customers
        .iter()
        .filter_map(|c| Some((c.churned_at? - c.since).max(0) as f64 / YEAR_SECS))
        .collect();
    if tenure_years <= 0.0 || lifetimes.is_empty() {
        return None;
    }
    let yearly_revenue_cents = revenue / tenure_years;
    let lifetime_years = lifetimes.iter().sum::<f64>() / lifetimes.len() as f64;
    Some(Cltv {
        yearly_revenue_cents,
        lifetime_years,
        cents: yearly_revenue_cents * lifetime_years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(since: i64, churned_at: Option<i64>, revenue_cents: i64) -> CustomerFact {
        CustomerFact {
            since,
            churned_at,
            revenue_cents,
        }
    }

    #[test]
    fn churn_and_retention_by_hand() {
        // W = [1000, 2000).
        // a: since 0, still here          → active at start and end
        // b: since 0, churned 1500        → active at start, lost in W
        // c: since 1200                   → gained in W, active at end
        // d: since 0, churned 500         → gone before W
        // e: since 100, churned 2500      → active at start and end
        // At start: a b e = 3. Lost: b = 1. At end: a c e = 3. Gained: c = 1.
        // Churn 1/3; retention (3 − 1)/3 = 2/3.
        let w = Window {
            from: 1000,
            to: 2000,
        };
        let all = [
            customer(0, None, 0),
            customer(0, Some(1500), 0),
            customer(1200, None, 0),
            customer(0, Some(500), 0),
            customer(100, Some(2500), 0),
        ];
        assert_eq!(churn(&all, w), Some(1.0 / 3.0));
        assert_eq!(retention(&all, w), Some(2.0 / 3.0));
        assert_eq!(churn(&[], w), None);
        assert_eq!(retention(&[customer(1500, None, 0)], w), None);
    }

    #[test]
    fn customers_who_come_and_go_inside_the_window_stay_out_of_both_rates() {
        // One customer at the start, who stays; three join in W and leave in
        // W. The literal formulas read churn 3/1 = 300% and retention
        // (1 − 3)/1 clipped to 0; of the customer at the start, none left
        // and all stayed.
        let w = Window {
            from: 1000,
            to: 2000,
        };
        let mut all = vec![customer(0, None, 0)];
        all.extend((0..3).map(|i| customer(1100 + i, Some(1500 + i), 0)));
        assert_eq!(churn(&all, w), Some(0.0));
        assert_eq!(retention(&all, w), Some(1.0));
    }

    #[test]
    fn cltv_by_hand() {
        // Now = 4 years. a: 0 → churned at 2 years, 200 cents; b: 0 → still
        // here (4 years), 400 cents. Revenue 600 over 6 customer-years = 100
        // a year; mean lifetime of churned customers = 2 years; CLTV = 200.
        let year = YEAR_SECS as i64;
        let all = [customer(0, Some(2 * year), 200), customer(0, None, 400)];
        let v = cltv(&all, 4 * year).unwrap();
        assert!((v.yearly_revenue_cents - 100.0).abs() < 1e-9);
        assert!((v.lifetime_years - 2.0).abs() < 1e-9);
        assert!((v.cents - 200.0).abs() < 1e-9);
        assert_eq!(
            cltv(&[customer(0, None, 400)], 4 * year),
            None,
            "no lifetime known yet"
        );
    }
}
