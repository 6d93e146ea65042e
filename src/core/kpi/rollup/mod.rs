//! KPI rollups: what one ticket adds to the desk's figures, per local day,
//! as additive cells; and the KPIs of a window computed back from the sums
//! of those cells ([`figures`]). The store keeps the sums per day and group
//! (`store::rollups`), up to date in the same transaction as every write, so
//! the dashboard and `loket report` read a window without visiting its
//! tickets. Both read through [`figures::report`], so they agree by
//! construction.
//!
//! Exact, from sums: volume, backlog (now and trend), means (FRT, average
//! response, AHT, talk time, MTTR), FCR, resolution rate, SLA compliance,
//! escalation, reopen, CSAT, NPS, self-service. Counts of *distinct*
//! tickets over a window (AHT's tickets, escalated tickets, tickets an
//! agent solved or was assigned) are made additive with repeat cells: a
//! ticket active again `gap` days after its previous active day adds a
//! `measure~gap` cell, and a window subtracts the repeats whose previous
//! day lies inside it.
//!
//! Medians and p90 of FRT and TTR: histograms of log-spaced buckets,
//! [`BUCKETS_PER_E`] per factor e (each bucket spans about 6.5 %), say in
//! which bucket a rank falls and how far into it; the store keeps every
//! duration too (`rollup_values`, indexed by measure, bucket and day), so a
//! reader fetches only the durations of those few buckets in the window
//! and picks the exact value ([`figures::Sums::exact`]).
//!
//! What a ticket counts for (an FCR case, a wait answered, a solve credited,
//! a satisfied answer…) is decided by the KPI modules, for the cells here and
//! for the exact path alike; so is each formula over the summed cells.

pub mod cells;
pub mod figures;

pub use cells::{BUCKETS_PER_E, bucket, bucket_value, histogram_cell, measure, only_value};

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, TimeZone};
use chrono_tz::Tz;

use super::facts::{SurveyFact, SurveyKind, TicketFacts, WorkSessionFact};
use super::resolution::{Span, ever_escalated, fcr_case, held_spans, solve_credit, ttr_secs};
use super::response::{answered_waits, first_response};
use super::satisfaction::{is_detractor, is_promoter, is_satisfied};
use super::sla_compliance::{first_response_target, resolution_target};
use crate::sla::Calendar;

/// One additive contribution: `n` and `total` (seconds, or a count) added
/// to `measure` on local `day`. `actor` names the agent whose own work it
/// is (sessions, calls, solves, assignments); under the agent grouping it
/// counts for that agent instead of the ticket's assignee.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cell {
    pub measure: String,
    pub day: i32,
    pub actor: Option<String>,
    pub n: i64,
    pub total: i64,
}

/// A ticket with its own work sessions and survey answers: everything its
/// cells depend on.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketWork {
    pub ticket: TicketFacts,
    pub sessions: Vec<WorkSessionFact>,
    pub surveys: Vec<SurveyFact>,
}

/// A ticket's cells, and the due times of its SLA targets not achieved yet
/// (counted only once they pass: see [`figures::Sums::sla_undecided`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketRollup {
    pub cells: Vec<Cell>,
    pub open_dues: Vec<i64>,
}

/// The local date of an instant as days since 0001-01-01.
pub fn day_of(tz: Tz, at: i64) -> i32 {
    tz.from_utc_datetime(&crate::clock::from_unix(at).naive_utc())
        .date_naive()
        .num_days_from_ce()
}

struct Builder {
    tz: Tz,
    cells: BTreeMap<(String, i32, Option<String>), (i64, i64)>,
    /// The last instant [`Builder::day`] was asked about, and its day: a
    /// ticket's cells ask about the same instant several times in a row.
    last_day: Option<(i64, i32)>,
}

impl Builder {
    fn new(tz: Tz) -> Builder {
        Builder {
            tz,
            cells: BTreeMap::new(),
            last_day: None,
        }
    }

    /// [`day_of`] in the builder's time zone.
    fn day(&mut self, at: i64) -> i32 {
        match self.last_day {
            Some((was, day)) if was == at => day,
            _ => {
                let day = day_of(self.tz, at);
                self.last_day = Some((at, day));
                day
            }
        }
    }

    fn add(&mut self, measure: &str, at_day: i32, actor: Option<&str>, n: i64, total: i64) {
        self.add_named(measure.to_string(), at_day, actor, n, total);
    }

    /// [`Builder::add`] for a measure name made for this cell.
    fn add_named(&mut self, measure: String, at_day: i32, actor: Option<&str>, n: i64, total: i64) {
        let e = self
            .cells
            .entry((measure, at_day, actor.map(str::to_string)))
            .or_default();
        e.0 += n;
        e.1 += total;
    }

    fn at(&mut self, measure: &str, at: i64, n: i64, total: i64) {
        let day = self.day(at);
        self.add(measure, day, None, n, total);
    }

    /// [`Builder::at`] for a measure name made for this cell.
    fn at_named(&mut self, measure: String, at: i64, n: i64, total: i64) {
        let day = self.day(at);
        self.add_named(measure, day, None, n, total);
    }

    fn duration(&mut self, measure: &str, at: i64, secs: i64) {
        self.at(measure, at, 1, secs);
        // The histogram cell carries the duration itself too, so the store
        // can keep (and later take back) the ticket's exact value.
        self.at_named(
            format!("{measure}{}{}", measure::HIST, bucket(secs)),
            at,
            1,
            secs,
        );
    }

    /// One count per distinct day, plus repeat cells (see the module comment).
    fn distinct_days(&mut self, measure: &str, actor: Option<&str>, days: &BTreeSet<i32>) {
        let mut previous: Option<i32> = None;
        for &day in days {
            self.add(measure, day, actor, 1, 0);
            if let Some(p) = previous {
                let repeat = format!("{measure}{}{}", measure::REPEAT, day - p);
                self.add_named(repeat, day, actor, 1, 0);
            }
            previous = Some(day);
        }
    }
}

/// What `work` adds to the rollups, as of `now` (which only decides the
/// derived resolution due of records without stored due times).
pub fn ticket_rollup(work: &TicketWork, calendar: &Calendar, now: i64) -> TicketRollup {
    use measure::*;
    let t = &work.ticket;
    let tz = calendar.time_zone();
    let mut b = Builder::new(tz);

    // Volume, per channel, team and tag on the day it was created.
    b.at(CREATED, t.created_at, 1, 0);
    b.at_named(
        format!("{CREATED_CHANNEL}{}", t.channel.as_str()),
        t.created_at,
        1,
        0,
    );
    let team = t.team.as_deref().unwrap_or(super::volume::NO_TEAM);
    b.at_named(format!("{CREATED_TEAM}{team}"), t.created_at, 1, 0);
    for tag in &t.tags {
        b.at_named(format!("{CREATED_TAG}{tag}"), t.created_at, 1, 0);
    }

    backlog_cells(&mut b, t);

    // First response.
    if let Some((_, first)) = first_response(t) {
        b.duration(FRT, first, first - t.created_at);
        b.duration(
            FRT_BUSINESS,
            first,
            calendar.business_secs_between(t.created_at, first),
        );
    }

    // Average response: each answering contact, its wait.
    for (at, wait) in answered_waits(t) {
        b.at(RESPONSE, at, 1, wait);
    }

    // Handle time: sessions that ended and calls, per day and per agent.
    let mut handled_days: BTreeSet<i32> = BTreeSet::new();
    let mut handled_by: BTreeMap<Option<String>, BTreeSet<i32>> = BTreeMap::new();
    for s in &work.sessions {
        let day = b.day(s.ended_at);
        b.add(HANDLE, day, None, 0, s.active_s);
        b.add(HANDLE_BY, day, Some(&s.agent), 0, s.active_s);
        handled_days.insert(day);
        handled_by
            .entry(Some(s.agent.clone()))
            .or_default()
            .insert(day);
    }
    for m in t.messages.iter().filter(|m| m.is_call()) {
        let day = b.day(m.at);
        let secs = m.duration_s.unwrap_or(0);
        b.add(HANDLE, day, None, 0, secs);
        handled_days.insert(day);
        if let Some(agent) = &m.agent {
            b.add(HANDLE_BY, day, Some(agent), 0, secs);
            handled_by
                .entry(Some(agent.clone()))
                .or_default()
                .insert(day);
        }
        if let Some(d) = m.duration_s {
            b.add(CALL, day, None, 1, d);
            if let Some(agent) = &m.agent {
                b.add(CALL_BY, day, Some(agent), 1, d);
            }
        }
    }
    b.distinct_days(HANDLED, None, &handled_days);
    for (agent, days) in &handled_by {
        b.distinct_days(HANDLED_BY, agent.as_deref(), days);
    }

    // Solved: FCR, TTR and reopens count on the day of the last solve.
    if let Some((last, ttr)) = ttr_secs(t) {
        b.at(SOLVED, last, 1, 0);
        if let Some(resolved_at_first) = fcr_case(t) {
            b.at(FCR_BASE, last, 1, 0);
            if resolved_at_first {
                b.at(FCR_OK, last, 1, 0);
            }
        }
        if t.reopened_after_a_solve() {
            b.at(REOPENED, last, 1, 0);
        }
        b.duration(TTR, last, ttr);
        b.duration(
            TTR_BUSINESS,
            last,
            calendar.business_secs_between(t.created_at, last),
        );
    }

    // Resolution rate: the tickets an agent solved, distinct per day, and
    // the runs of days they held it (see `held_cells`).
    let mut solved_by: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
    for e in &t.events {
        let day = b.day(e.at);
        if let Some(agent) = solve_credit(t, e) {
            solved_by.entry(agent).or_default().insert(day);
        }
        if e.kind == super::satisfaction::COLLISION_EVENT {
            b.add(COLLISIONS, day, None, 1, 0);
        }
    }
    for (agent, days) in &solved_by {
        b.distinct_days(SOLVED_BY, Some(agent), days);
    }
    for (agent, spans) in held_spans(t) {
        held_cells(&mut b, &agent, &spans);
    }
    // Escalations count on the day the escalated ticket was created.
    if ever_escalated(t) {
        b.at(ESCALATED, t.created_at, 1, 0);
    }

    // SLA targets on their due day; those not achieved are only decided
    // once due, which the reader checks against the open due times.
    let mut open_dues = Vec::new();
    let outcomes = [
        first_response_target(t, calendar),
        resolution_target(t, calendar, now),
    ];
    for o in outcomes.into_iter().flatten() {
        b.at(SLA_DUE, o.due, 1, 0);
        if o.met() {
            b.at(SLA_MET, o.due, 1, 0);
        }
        if o.achieved.is_none() {
            open_dues.push(o.due);
        }
    }

    for s in &work.surveys {
        match s.kind {
            SurveyKind::Csat => {
                b.at(CSAT, s.at, 1, 0);
                if is_satisfied(s.score) {
                    b.at(CSAT_GOOD, s.at, 1, 0);
                }
            }
            SurveyKind::Nps => {
                b.at(NPS, s.at, 1, 0);
                if is_promoter(s.score) {
                    b.at(NPS_PROMOTER, s.at, 1, 0);
                } else if is_detractor(s.score) {
                    b.at(NPS_DETRACTOR, s.at, 1, 0);
                }
            }
        }
    }

    TicketRollup {
        cells: b
            .cells
            .into_iter()
            .filter(|(_, (n, total))| *n != 0 || *total != 0)
            .map(|((measure, day, actor), (n, total))| Cell {
                measure,
                day,
                actor,
                n,
                total,
            })
            .collect(),
        open_dues,
    }
}

/// The days an agent held a ticket, as maximal runs of local days
/// `[first, last]` (`last` open while they hold it still). Each run adds
/// `held` on its first day and a `held_open` change of +1 there and −1 the
/// day after its last; each run after the first a repeat cell `held~gap`
/// (gap = its first day − the previous run's last). The runs meeting days
/// `[F, T)` are then Σ `held_open` up to F + Σ `held` after F, and the
/// distinct tickets those less the repeats inside the window
/// ([`figures::Sums::distinct_held`]): no cell per day held, however long.
fn held_cells(b: &mut Builder, agent: &str, spans: &[Span]) {
    let mut runs: Vec<(i32, Option<i32>)> = Vec::new();
    for span in spans {
        let first = b.day(span.start);
        let last = span.end.map(|end| b.day((end - 1).max(span.start)));
        if let Some(run) = runs.last_mut() {
            match run.1 {
                // An open run holds every later day.
                None => continue,
                Some(prev) if first <= prev + 1 => {
                    run.1 = last.map(|l| l.max(prev));
                    continue;
                }
                Some(_) => {}
            }
        }
        runs.push((first, last));
    }
    let mut previous_last: Option<i32> = None;
    for (first, last) in runs {
        b.add(measure::HELD, first, Some(agent), 1, 0);
        b.add(measure::HELD_OPEN, first, Some(agent), 1, 0);
        if let Some(last) = last {
            b.add(measure::HELD_OPEN, last + 1, Some(agent), -1, 0);
        }
        if let Some(p) = previous_last {
            let repeat = format!("{}{}{}", measure::HELD, measure::REPEAT, first - p);
            b.add_named(repeat, first, Some(agent), 1, 0);
        }
        previous_last = last;
    }
}

/// Backlog changes: +1 on the day the ticket becomes active, −1 on the day
/// it stops, replaying the status history as `TicketFacts::status_before`
/// does; the backlog at the end of a day is the sum of all changes up to it.
fn backlog_cells(b: &mut Builder, t: &TicketFacts) {
    let created_day = b.day(t.created_at);
    let mut changes = t
        .events
        .iter()
        .filter_map(|e| e.new_status().map(|s| (e.at, s)))
        .peekable();
    let initial = match changes.peek() {
        None => t.status,
        Some(_) => t
            .events
            .iter()
            .find(|e| e.new_status().is_some())
            .and_then(|e| e.from.as_deref())
            .and_then(|s| s.parse().ok())
            .unwrap_or(crate::domain::Status::New),
    };
    let mut active = initial.is_active();
    if active {
        b.add(measure::BACKLOG, created_day, None, 1, 0);
    }
    for (at, status) in changes {
        if status.is_active() != active {
            active = status.is_active();
            let day = b.day(at).max(created_day);
            b.add(measure::BACKLOG, day, None, if active { 1 } else { -1 }, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Author, Channel, MessageKind, Priority, Status};
    use crate::kpi::facts::MessageFact;
    use crate::kpi::window::Window;

    /// A ticket solved at 1000 after `replies` public agent replies.
    fn solved(id: i64, replies: i64) -> TicketFacts {
        TicketFacts {
            id,
            created_at: 0,
            status: Status::Solved,
            priority: Priority::Normal,
            channel: Channel::Email,
            team: None,
            assignee: None,
            tags: vec![],
            targets: None,
            first_response_due_at: None,
            resolution_due_at: None,
            solved_at: Some(1000),
            messages: (0..replies)
                .map(|i| MessageFact {
                    author: Author::Agent,
                    kind: MessageKind::Public,
                    agent: Some("anna".into()),
                    at: 100 + i,
                    duration_s: None,
                })
                .collect(),
            events: vec![],
        }
    }

    #[test]
    fn fcr_reads_the_same_over_records_and_over_cells() {
        // One solved at first contact, one after two replies, one without
        // any contact (not counted): 1 of 2.
        let tickets = vec![solved(1, 1), solved(2, 2), solved(3, 0)];
        let cal = Calendar::always_open();
        let tz = cal.time_zone();
        let mut sums = figures::Sums::default();
        for t in &tickets {
            let work = TicketWork {
                ticket: t.clone(),
                sessions: vec![],
                surveys: vec![],
            };
            for c in ticket_rollup(&work, &cal, 2000).cells {
                let cell = sums.cells.entry((c.measure, c.day)).or_default();
                cell.0 += c.n;
                cell.1 += c.total;
            }
        }
        let day = day_of(tz, 0);
        let days = figures::Days {
            from: day,
            to: day + 1,
        };
        let window = Window {
            from: 0,
            to: 86_400,
        };
        let exact = crate::kpi::resolution::fcr(&tickets, window);
        assert_eq!(exact, Some(0.5));
        assert_eq!(crate::kpi::resolution::fcr_from_sums(&sums, days), exact);
    }

    #[test]
    fn a_bucket_of_one_duration_knows_it() {
        assert_eq!(only_value(bucket(0)), Some(0));
        assert_eq!(only_value(bucket(1)), Some(1));
        assert_eq!(only_value(bucket(3_600)), None);
        for b in 0..200 {
            if let Some(v) = only_value(b) {
                assert_eq!(bucket(v), b);
                assert!(v == 0 || bucket(v - 1) != b, "{b}");
                assert_ne!(bucket(v + 1), b, "{b}");
            }
        }
    }

    #[test]
    fn buckets_read_back_within_their_resolution() {
        for secs in [0_i64, 1, 5, 59, 61, 3_600, 86_399, 400_000, 9_000_000] {
            let back = bucket_value(bucket(secs));
            // Half a bucket's width, plus the rounding to whole seconds.
            let half = ((0.5 / BUCKETS_PER_E).exp() - 1.0) * secs as f64 + 1.0;
            assert!(
                (back - secs as f64).abs() <= half,
                "{secs} came back as {back}"
            );
        }
    }
}
