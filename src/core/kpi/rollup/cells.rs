//! What the rollup cells are and how a group's cells add up: the measure
//! names, the duration histogram's buckets, and the summed cells of a window
//! ([`Sums`]) with the reads every KPI's rollup path makes of them. Below both
//! the KPI modules (whose `*_from_sums` read these sums) and the cell builder
//! in [`super`] (which asks the KPI modules what a ticket counts for), so
//! neither imports the other back.

use std::collections::BTreeMap;

use crate::kpi::facts::SurveyFact;
use crate::kpi::stats::{self, Backlog, Spread};
use measure::*;

/// Histogram resolution: buckets per factor e of duration.
pub const BUCKETS_PER_E: f64 = 16.0;

/// The measures a ticket's cells carry (the `measure` column).
pub mod measure {
    pub const CREATED: &str = "created";
    pub const CREATED_CHANNEL: &str = "created_channel:";
    pub const CREATED_TEAM: &str = "created_team:";
    pub const CREATED_TAG: &str = "created_tag:";
    pub const BACKLOG: &str = "backlog";
    pub const FRT: &str = "frt";
    pub const FRT_BUSINESS: &str = "frt_business";
    pub const TTR: &str = "ttr";
    pub const TTR_BUSINESS: &str = "ttr_business";
    /// The durations whose median and p90 are reported.
    pub const SPREADS: [&str; 4] = [FRT, FRT_BUSINESS, TTR, TTR_BUSINESS];
    pub const RESPONSE: &str = "response";
    pub const HANDLE: &str = "handle";
    pub const HANDLED: &str = "handled";
    pub const HANDLE_BY: &str = "handle_by";
    pub const HANDLED_BY: &str = "handled_by";
    pub const CALL: &str = "call";
    pub const CALL_BY: &str = "call_by";
    pub const SOLVED: &str = "solved";
    pub const FCR_BASE: &str = "fcr_base";
    pub const FCR_OK: &str = "fcr_ok";
    pub const REOPENED: &str = "reopened";
    pub const SOLVED_BY: &str = "solved_by";
    /// Runs of days an agent held a ticket: +1 on each run's first day.
    pub const HELD: &str = "held";
    /// The same runs as changes: +1 on the first day, −1 the day after the
    /// last; summed from the desk's first day like the backlog.
    pub const HELD_OPEN: &str = "held_open";
    pub const ESCALATED: &str = "escalated";
    pub const SLA_DUE: &str = "sla_due";
    pub const SLA_MET: &str = "sla_met";
    pub const CSAT: &str = "csat";
    pub const CSAT_GOOD: &str = "csat_good";
    pub const NPS: &str = "nps";
    pub const NPS_PROMOTER: &str = "nps_promoter";
    pub const NPS_DETRACTOR: &str = "nps_detractor";
    pub const COLLISIONS: &str = "collisions";
    /// Histogram cells: `frt#12`.
    pub const HIST: char = '#';
    /// Repeat cells: `handled~3`.
    pub const REPEAT: char = '~';
}

/// The histogram bucket of a duration.
pub fn bucket(secs: i64) -> i64 {
    ((secs.max(0) as f64).ln_1p() * BUCKETS_PER_E).round() as i64
}

/// The histogram cell of a duration measure: `(measure, bucket)` for
/// `frt#12`, `None` for any other cell.
pub fn histogram_cell(measure: &str) -> Option<(&str, i64)> {
    let (base, bucket) = measure.split_once(measure::HIST)?;
    Some((base, bucket.parse().ok()?))
}

/// The one duration a bucket can hold, for the narrow buckets of short
/// durations (bucket 0 holds only 0 s: a call answers at once); `None`
/// when it spans several seconds. Such a bucket needs no durations fetched.
pub fn only_value(bucket_: i64) -> Option<i64> {
    let v = bucket_value(bucket_) as i64;
    let inside = |s: i64| s >= 0 && bucket(s) == bucket_;
    (inside(v) && !inside(v - 1) && !inside(v + 1)).then_some(v)
}

/// The duration a bucket stands for (its centre).
pub fn bucket_value(bucket: i64) -> f64 {
    ((bucket as f64 / BUCKETS_PER_E).exp() - 1.0).round()
}

/// Whole local days `[from, to)`, as days since 0001-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub from: i32,
    pub to: i32,
}

/// What a group's figures are computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sums {
    /// `(measure, day) → (n, total)` for the days of the window.
    pub cells: BTreeMap<(String, i32), (i64, i64)>,
    /// Backlog changes per day, for every day before the window's end.
    pub backlog_days: BTreeMap<i32, i64>,
    /// [`HELD_OPEN`] changes per day, for every day before the window's end.
    pub held_open_days: BTreeMap<i32, i64>,
    /// Active tickets now.
    pub backlog_now: Backlog,
    /// SLA targets due in the window, not achieved and not yet due at `now`:
    /// they are not decided yet, so they are taken out of [`SLA_DUE`].
    pub sla_undecided: i64,
    /// Survey answers in the window that belong to no ticket (desk only).
    pub loose_surveys: Vec<SurveyFact>,
    /// Self-service views in the window (desk only; `None` for groups).
    pub self_service_views: Option<usize>,
    /// The exact durations of the histogram buckets a median or p90 falls
    /// in, as the store loaded them ([`Sums::wanted_buckets`]):
    /// `(measure, bucket) →` those durations. A bucket not loaded for the
    /// days asked about reads back at its centre.
    pub exact: BTreeMap<(String, i64), Exact>,
}

/// The exact durations of one histogram bucket over some days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exact {
    /// The day ranges loaded (every duration of the bucket on those days).
    pub loaded: Vec<Days>,
    /// Day → the bucket's durations that day.
    pub values: BTreeMap<i32, Vec<i64>>,
}

impl Exact {
    /// Takes in every duration of the bucket on `days` (replacing what was
    /// there for those days).
    pub fn load(&mut self, days: Days, rows: impl IntoIterator<Item = (i32, i64)>) {
        self.values
            .retain(|day, _| *day < days.from || *day >= days.to);
        for (day, value) in rows {
            self.values.entry(day).or_default().push(value);
        }
        self.loaded.push(days);
    }

    /// Whether every duration of `days` is here.
    pub fn covers(&self, days: Days) -> bool {
        self.loaded
            .iter()
            .any(|l| l.from <= days.from && l.to >= days.to)
    }

    /// The `k`-th smallest (1-based) duration of `days`.
    fn kth(&self, days: Days, k: i64) -> Option<i64> {
        let mut all: Vec<i64> = self
            .values
            .range(days.from..days.to)
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        let i = usize::try_from(k - 1).ok().filter(|&i| i < all.len())?;
        Some(*all.select_nth_unstable(i).1)
    }
}

impl Sums {
    /// Adds another group's sums: a ticket is in one group of a grouping,
    /// so the sums of some teams are exactly those teams' tickets' sums
    /// (repeat cells included). Desk-only parts are left as they are, and
    /// so are the exact durations: load them for the merged sums.
    pub fn merge(&mut self, other: &Sums) {
        for (key, (n, total)) in &other.cells {
            let cell = self.cells.entry(key.clone()).or_insert((0, 0));
            cell.0 += n;
            cell.1 += total;
        }
        for (day, n) in &other.backlog_days {
            *self.backlog_days.entry(*day).or_insert(0) += n;
        }
        for (day, n) in &other.held_open_days {
            *self.held_open_days.entry(*day).or_insert(0) += n;
        }
        self.backlog_now.new += other.backlog_now.new;
        self.backlog_now.assigned += other.backlog_now.assigned;
        self.backlog_now.total += other.backlog_now.total;
        self.sla_undecided += other.sla_undecided;
    }

    /// `(Σ n, Σ total)` of `measure` over `days`.
    pub(in crate::kpi) fn sum(&self, measure: &str, days: Days) -> (i64, i64) {
        self.cells
            .range((measure.to_string(), days.from)..(measure.to_string(), days.to))
            .fold((0, 0), |(n, t), (_, &(dn, dt))| (n + dn, t + dt))
    }

    /// Σ n of `measure` over `days`, as a count.
    pub(in crate::kpi) fn n(&self, measure: &str, days: Days) -> usize {
        usize::try_from(self.sum(measure, days).0).unwrap_or(0)
    }

    /// The cells whose measure starts with `prefix`, on days of `days`: the
    /// rest of the measure (a bucket, a gap, a channel), the day, and the
    /// cell's (n, total).
    fn with_prefix<'a>(
        &'a self,
        prefix: &'a str,
        days: Days,
    ) -> impl Iterator<Item = (&'a str, i32, (i64, i64))> + 'a {
        self.cells
            .range((prefix.to_string(), i32::MIN)..)
            .take_while(move |((m, _), _)| m.starts_with(prefix))
            .filter(move |((_, day), _)| *day >= days.from && *day < days.to)
            .map(move |((m, day), &cell)| (&m[prefix.len()..], *day, cell))
    }

    /// Distinct tickets: day counts less the repeats whose previous day is
    /// in the window too.
    pub(in crate::kpi) fn distinct(&self, measure: &str, days: Days) -> usize {
        let repeats = self.repeats_in(measure, days);
        usize::try_from(self.sum(measure, days).0 - repeats).unwrap_or(0)
    }

    /// The repeats of `measure` over `days` whose previous day is in the
    /// window too: what turns day counts into distinct tickets.
    fn repeats_in(&self, measure: &str, days: Days) -> i64 {
        let prefix = format!("{measure}{REPEAT}");
        self.with_prefix(&prefix, days)
            .filter(|(gap, day, _)| {
                let gap: i32 = gap.parse().unwrap_or(i32::MAX);
                day.saturating_sub(gap) >= days.from
            })
            .map(|(_, _, (n, _))| n)
            .sum()
    }

    /// Distinct (ticket, agent) holds meeting `days`: the runs open on the
    /// first day (Σ [`HELD_OPEN`] up to it) and those starting after it,
    /// less the repeats of a ticket already counted in the window (see
    /// `rollup::held_cells`). The resolution rate's denominator.
    pub(in crate::kpi) fn distinct_held(&self, days: Days) -> usize {
        let open_at_start: i64 = self
            .held_open_days
            .range(..=days.from)
            .map(|(_, n)| n)
            .sum();
        let later = Days {
            from: days.from + 1,
            to: days.to,
        };
        let started = if later.from < later.to {
            self.sum(HELD, later).0
        } else {
            0
        };
        let repeats = self.repeats_in(HELD, days);
        usize::try_from(open_at_start + started - repeats).unwrap_or(0)
    }

    /// Tickets created over `days`: the denominator of several rates.
    pub(in crate::kpi) fn created(&self, days: Days) -> usize {
        self.n(CREATED, days)
    }

    /// The mean of a duration measure over `days`.
    pub(in crate::kpi) fn mean(&self, measure: &str, days: Days) -> Option<f64> {
        let (n, total) = self.sum(measure, days);
        stats::mean_of(total, n)
    }

    /// A duration measure's histogram over `days`: bucket → count.
    fn histogram(&self, measure: &str, days: Days) -> BTreeMap<i64, i64> {
        let prefix = format!("{measure}{HIST}");
        let mut hist: BTreeMap<i64, i64> = BTreeMap::new();
        for (bucket, _, (count, _)) in self.with_prefix(&prefix, days) {
            *hist.entry(bucket.parse().unwrap_or(0)).or_default() += count;
        }
        hist.retain(|_, count| *count != 0);
        hist
    }

    /// The bucket holding the duration of 1-based rank `r`, and its rank
    /// within that bucket.
    fn locate(hist: &BTreeMap<i64, i64>, r: i64) -> Option<(i64, i64)> {
        let mut seen = 0;
        for (&b, &count) in hist {
            if seen + count >= r {
                return Some((b, r - seen));
            }
            seen += count;
        }
        None
    }

    /// The buckets a median or p90 of `measure` over `days` falls in: the
    /// only durations a reader needs to fetch to make them exact.
    pub fn wanted_buckets(&self, measure: &str, days: Days) -> Vec<i64> {
        self.buckets_of_ranks(measure, days, false)
    }

    /// As [`Sums::wanted_buckets`], for the median only (its p90 then
    /// reads back at its bucket's centre).
    pub fn median_buckets(&self, measure: &str, days: Days) -> Vec<i64> {
        self.buckets_of_ranks(measure, days, true)
    }

    fn buckets_of_ranks(&self, measure: &str, days: Days, median_only: bool) -> Vec<i64> {
        let (n, _) = self.sum(measure, days);
        if n <= 0 {
            return Vec::new();
        }
        let hist = self.histogram(measure, days);
        let ranks = stats::spread_ranks(n);
        let ranks = if median_only { &ranks[..2] } else { &ranks[..] };
        let mut buckets: Vec<i64> = ranks
            .iter()
            .copied()
            .filter_map(|r| Self::locate(&hist, r).map(|(b, _)| b))
            .filter(|&b| only_value(b).is_none())
            .collect();
        buckets.dedup();
        buckets
    }

    /// The spread (mean, median, p90) of a duration measure over `days`.
    pub(in crate::kpi) fn spread(&self, measure: &str, days: Days) -> Option<Spread> {
        let (n, total) = self.sum(measure, days);
        if n <= 0 {
            return None;
        }
        let hist = self.histogram(measure, days);
        // The value at 1-based rank r of the sorted durations: exact when
        // its bucket's durations were loaded, else the bucket's centre.
        let at_rank = |r: i64| -> f64 {
            let Some((b, k)) = Self::locate(&hist, r) else {
                return hist.keys().last().map_or(0.0, |&b| bucket_value(b));
            };
            if let Some(v) = only_value(b) {
                return v as f64;
            }
            self.exact
                .get(&(measure.to_string(), b))
                .filter(|e| e.covers(days))
                .and_then(|e| e.kth(days, k))
                .map_or_else(|| bucket_value(b), |v| v as f64)
        };
        Some(Spread::from_ranks(n, total, at_rank))
    }

    /// The counts of the measures starting with `prefix` (a channel, team or
    /// tag after it), over `days`.
    pub(in crate::kpi) fn prefixed(&self, prefix: &str, days: Days) -> BTreeMap<String, usize> {
        let mut out: BTreeMap<String, usize> = BTreeMap::new();
        for (name, _, (n, _)) in self.with_prefix(prefix, days) {
            if n != 0 {
                *out.entry(name.to_string()).or_default() += usize::try_from(n).unwrap_or(0);
            }
        }
        out.retain(|_, n| *n > 0);
        out
    }
}

/// Distinct tickets handled in the window (work sessions and calls; with
/// `own_work`, the agent's own): AHT's denominator.
pub fn handled(s: &Sums, days: Days, own_work: bool) -> usize {
    s.distinct(if own_work { HANDLED_BY } else { HANDLED }, days)
}
