//! The KPIs of a window of whole local days, from the summed cells of one
//! group (or the whole desk). The dashboard and `loket report` both read
//! through [`report`].

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::measure::*;
use super::{bucket_value, only_value};
use crate::kpi::SurveyKind;
use crate::kpi::facts::SurveyFact;
use crate::kpi::report::{BacklogReport, Report};
use crate::kpi::resolution::MeanMedian;
use crate::kpi::stats::{Spread, ratio};
use crate::kpi::volume::{Backlog, BacklogDay, Volume};
use crate::kpi::window::Window;

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

/// The 1-based ranks a spread of `n` durations reads: the median's one or
/// two, and p90's nearest rank ⌈0.9·n⌉.
fn spread_ranks(n: i64) -> [i64; 3] {
    let (lo, hi) = if n % 2 == 1 {
        (n / 2 + 1, n / 2 + 1)
    } else {
        (n / 2, n / 2 + 1)
    };
    [lo, hi, ((9 * n + 9) / 10).max(1)]
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
        self.backlog_now.new += other.backlog_now.new;
        self.backlog_now.assigned += other.backlog_now.assigned;
        self.backlog_now.total += other.backlog_now.total;
        self.sla_undecided += other.sla_undecided;
    }

    fn sum(&self, measure: &str, days: Days) -> (i64, i64) {
        self.cells
            .range((measure.to_string(), days.from)..(measure.to_string(), days.to))
            .fold((0, 0), |(n, t), (_, &(dn, dt))| (n + dn, t + dt))
    }

    fn n(&self, measure: &str, days: Days) -> usize {
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
    fn distinct(&self, measure: &str, days: Days) -> usize {
        let prefix = format!("{measure}{REPEAT}");
        let repeats: i64 = self
            .with_prefix(&prefix, days)
            .filter(|(gap, day, _)| {
                let gap: i32 = gap.parse().unwrap_or(i32::MAX);
                day.saturating_sub(gap) >= days.from
            })
            .map(|(_, _, (n, _))| n)
            .sum();
        usize::try_from(self.sum(measure, days).0 - repeats).unwrap_or(0)
    }

    fn mean(&self, measure: &str, days: Days) -> Option<f64> {
        let (n, total) = self.sum(measure, days);
        (n > 0).then(|| total as f64 / n as f64)
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
        let (n, _) = self.sum(measure, days);
        if n <= 0 {
            return Vec::new();
        }
        let hist = self.histogram(measure, days);
        let mut buckets: Vec<i64> = spread_ranks(n)
            .into_iter()
            .filter_map(|r| Self::locate(&hist, r).map(|(b, _)| b))
            .filter(|&b| only_value(b).is_none())
            .collect();
        buckets.dedup();
        buckets
    }

    fn spread(&self, measure: &str, days: Days) -> Option<Spread> {
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
        let [lo, hi, p90] = spread_ranks(n);
        Some(Spread {
            mean: total as f64 / n as f64,
            median: if lo == hi {
                at_rank(lo)
            } else {
                (at_rank(lo) + at_rank(hi)) / 2.0
            },
            p90: at_rank(p90) as i64,
        })
    }

    fn prefixed(&self, prefix: &str, days: Days) -> BTreeMap<String, usize> {
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

/// Every KPI of the window `days` from a group's sums. `own_work`: the
/// group is an agent, whose AHT and talk time are the agent's own work.
/// `window` is the same window in instants (for the loose surveys).
pub fn report(s: &Sums, days: Days, window: Window, own_work: bool) -> Report {
    let created = s.n(CREATED, days);
    let solved = s.n(SOLVED, days);
    let (handle_m, handled_m, call_m) = if own_work {
        (HANDLE_BY, HANDLED_BY, CALL_BY)
    } else {
        (HANDLE, HANDLED, CALL)
    };
    let handled = s.distinct(handled_m, days);
    let handle_secs = s.sum(handle_m, days).1;
    let sla_due = usize::try_from(s.sum(SLA_DUE, days).0 - s.sla_undecided).unwrap_or(0);
    let mut surveys: Vec<SurveyFact> = s.loose_surveys.clone();
    let csat_n = s.n(CSAT, days);
    let nps_n = s.n(NPS, days);
    let csat = match s.loose_surveys.is_empty() {
        true => ratio(s.n(CSAT_GOOD, days), csat_n),
        false => {
            let loose: Vec<i64> = surveys
                .iter()
                .filter(|x| x.kind == SurveyKind::Csat && window.contains(x.at))
                .map(|x| x.score)
                .collect();
            ratio(
                s.n(CSAT_GOOD, days) + loose.iter().filter(|&&x| x >= 4).count(),
                csat_n + loose.len(),
            )
        }
    };
    surveys.retain(|x| x.kind == SurveyKind::Nps && window.contains(x.at));
    let nps = {
        let n = nps_n + surveys.len();
        let pro = s.n(NPS_PROMOTER, days) + surveys.iter().filter(|x| x.score >= 9).count();
        let det = s.n(NPS_DETRACTOR, days) + surveys.iter().filter(|x| x.score <= 6).count();
        (n > 0).then(|| (pro as f64 - det as f64) * 100.0 / n as f64)
    };
    Report {
        volume: Volume {
            total: created,
            by_channel: s.prefixed(CREATED_CHANNEL, days),
            by_team: s.prefixed(CREATED_TEAM, days),
            by_tag: s.prefixed(CREATED_TAG, days),
        },
        backlog: BacklogReport {
            now: s.backlog_now,
            trend: backlog_trend(s, days),
        },
        frt: s.spread(FRT, days),
        frt_business: s.spread(FRT_BUSINESS, days),
        avg_response: s.mean(RESPONSE, days),
        aht: (handled > 0).then(|| handle_secs as f64 / handled as f64),
        talk_time: s.mean(call_m, days),
        fcr: ratio(s.n(FCR_OK, days), s.n(FCR_BASE, days)),
        ttr: s.spread(TTR, days).map(MeanMedian::from),
        ttr_business: s.spread(TTR_BUSINESS, days).map(MeanMedian::from),
        resolution_rate: ratio(s.distinct(SOLVED_BY, days), s.distinct(ASSIGNED_TO, days)),
        sla_compliance: ratio(s.n(SLA_MET, days), sla_due),
        escalation_rate: ratio(s.distinct(ESCALATED, days), created),
        reopen_rate: ratio(s.n(REOPENED, days), solved),
        csat,
        nps,
        self_service_ratio: s.self_service_views.and_then(|v| ratio(v, created)),
        collisions: s.n(COLLISIONS, days),
    }
}

fn backlog_trend(s: &Sums, days: Days) -> Vec<BacklogDay> {
    let mut running: i64 = s.backlog_days.range(..days.from).map(|(_, n)| n).sum();
    (days.from..days.to)
        .map(|day| {
            running += s.backlog_days.get(&day).copied().unwrap_or(0);
            BacklogDay {
                date: NaiveDate::from_num_days_from_ce_opt(day)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                backlog: usize::try_from(running).unwrap_or(0),
            }
        })
        .collect()
}
