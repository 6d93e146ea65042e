//! How well tickets get solved: first contact resolution, time to
//! resolution, resolution rate per agent, escalation and reopen rates. Each
//! KPI's exact path (over records) and its rollup path (`*_from_sums`, over
//! the summed cells of [`super::rollup`]) sit together and end in the same
//! formula; what one ticket counts for is decided here for both.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::facts::{EventFact, TicketFacts};
use super::rollup::cells::measure::{
    ESCALATED, FCR_BASE, FCR_OK, REOPENED, SOLVED, SOLVED_BY, TTR, TTR_BUSINESS,
};
use super::rollup::cells::{Days, Sums};
use super::stats::{Spread, ratio};
use super::window::Window;
use crate::sla::Calendar;

/// Tickets solved in W: those whose last solve lies in W. Counting the last
/// solve puts each ticket in exactly one window, however often it was solved.
pub fn solved_in(tickets: &[TicketFacts], window: Window) -> impl Iterator<Item = &TicketFacts> {
    tickets
        .iter()
        .filter(move |t| t.last_solve().is_some_and(|at| window.contains(at)))
}

/// FCR = of tickets solved in W with at least one agent contact, the share
/// with exactly one agent contact (public reply or call) and no reopen ever.
pub fn fcr(tickets: &[TicketFacts], window: Window) -> Option<f64> {
    let mut with_contact = 0;
    let mut first_contact = 0;
    for t in solved_in(tickets, window) {
        let Some(resolved_at_first) = fcr_case(t) else {
            continue;
        };
        with_contact += 1;
        if resolved_at_first {
            first_contact += 1;
        }
    }
    fcr_of(first_contact, with_contact)
}

/// What a solved ticket counts for in FCR: `None` without any agent
/// contact (not counted), else whether it was solved at first contact
/// (exactly one agent contact, never reopened).
pub fn fcr_case(t: &TicketFacts) -> Option<bool> {
    let contacts = t.agent_contact_times().count();
    (contacts > 0).then(|| contacts == 1 && !t.ever_reopened())
}

/// The FCR formula: first-contact resolutions ÷ solved tickets with contact.
pub fn fcr_of(first_contact: usize, with_contact: usize) -> Option<f64> {
    ratio(first_contact, with_contact)
}

/// [`fcr`] over the rollups: `fcr_ok` ÷ `fcr_base` cells.
pub fn fcr_from_sums(s: &Sums, days: Days) -> Option<f64> {
    fcr_of(s.n(FCR_OK, days), s.n(FCR_BASE, days))
}

/// Mean and median of a duration (TTR names no p90).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeanMedian {
    pub mean: f64,
    pub median: f64,
}

impl From<Spread> for MeanMedian {
    fn from(s: Spread) -> Self {
        MeanMedian {
            mean: s.mean,
            median: s.median,
        }
    }
}

/// TTR = for tickets solved in W: last solve − created_at; mean (MTTR) and
/// median, calendar seconds.
pub fn ttr(tickets: &[TicketFacts], window: Window) -> Option<MeanMedian> {
    let secs: Vec<i64> = solved_in(tickets, window)
        .filter_map(|t| ttr_secs(t).map(|(_, secs)| secs))
        .collect();
    Spread::of(&secs).map(MeanMedian::from)
}

/// A solved ticket's last solve and its calendar TTR (a solve copied in by
/// a merge can predate the ticket: that counts as 0 s, never negative).
pub fn ttr_secs(t: &TicketFacts) -> Option<(i64, i64)> {
    let last = t.last_solve()?;
    Some((last, (last - t.created_at).max(0)))
}

/// [`ttr`] over the rollups.
pub fn ttr_from_sums(s: &Sums, days: Days) -> Option<MeanMedian> {
    s.spread(TTR, days).map(MeanMedian::from)
}

/// TTR (business) = as [`ttr`], counting only business hours.
pub fn ttr_business(
    tickets: &[TicketFacts],
    window: Window,
    calendar: &Calendar,
) -> Option<MeanMedian> {
    let secs: Vec<i64> = solved_in(tickets, window)
        .filter_map(|t| Some(calendar.business_secs_between(t.created_at, t.last_solve()?)))
        .collect();
    Spread::of(&secs).map(MeanMedian::from)
}

/// [`ttr_business`] over the rollups.
pub fn ttr_business_from_sums(s: &Sums, days: Days) -> Option<MeanMedian> {
    s.spread(TTR_BUSINESS, days).map(MeanMedian::from)
}

/// One agent's resolution figures over W.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct AgentResolution {
    /// Distinct tickets this agent held in W and solved in W.
    pub solved: usize,
    /// Distinct tickets this agent held at some moment of W ([`held_spans`]).
    pub held: usize,
    /// solved ÷ held; `None` when the agent held nothing. In [0, 1]: every
    /// ticket counted above the line is counted below it.
    pub rate: Option<f64>,
}

/// Resolution rate, per agent a = of the tickets a held in W, the share a
/// solved in W. "a held t in W" = t was assigned to a and active (new,
/// open, pending, on hold) at some moment of W, including a hold that
/// began before W ([`held_spans`]). "a solved t in W" = a `solved` event
/// in W made by a, or, for a solve by the system, made while a was the
/// assignee ([`solve_credit`]); solving a ticket counts as holding it at
/// that moment, so the solved tickets are a subset of the held ones.
pub fn resolution_rates(
    tickets: &[TicketFacts],
    window: Window,
) -> BTreeMap<String, AgentResolution> {
    let mut solved: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    let mut held: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    for t in tickets {
        for (agent, spans) in held_spans(t) {
            if spans.iter().any(|span| span.meets(window)) {
                held.entry(agent).or_default().insert(t.id);
            }
        }
        for e in t.events.iter().filter(|e| window.contains(e.at)) {
            if let Some(agent) = solve_credit(t, e) {
                solved.entry(agent).or_default().insert(t.id);
            }
        }
    }
    held.into_iter()
        .map(|(agent, tickets)| {
            let s = solved.get(&agent).map_or(0, BTreeSet::len);
            let h = tickets.len();
            (
                agent,
                AgentResolution {
                    solved: s,
                    held: h,
                    rate: resolution_rate_of(s, h),
                },
            )
        })
        .collect()
}

/// The desk's resolution rate: Σ solved ÷ Σ held over all agents of
/// [`resolution_rates`] (pooled, so busy agents weigh more).
pub fn pooled_resolution_rate(rates: &BTreeMap<String, AgentResolution>) -> Option<f64> {
    let solved = rates.values().map(|r| r.solved).sum();
    let held = rates.values().map(|r| r.held).sum();
    resolution_rate_of(solved, held)
}

/// Who a `solved` event credits for the resolution rate: the agent who
/// made it, or for a solve by the system, the assignee then.
pub fn solve_credit(t: &TicketFacts, e: &EventFact) -> Option<String> {
    if e.kind != "solved" {
        return None;
    }
    e.agent.clone().or_else(|| t.assignee_before(e.at))
}

/// A stretch of time `[start, end)` an agent held a ticket; `end` is
/// `None` while they still hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: i64,
    pub end: Option<i64>,
}

impl Span {
    /// Whether the span shares a moment with `window`.
    pub fn meets(&self, window: Window) -> bool {
        self.start < window.to && self.end.is_none_or(|end| end > window.from)
    }
}

/// Per agent, the spans in which they held the ticket: it was assigned to
/// them while active, replaying the `assigned` and status events (before
/// the first of each, the ticket had that event's old value; without any,
/// its current one). A solve credited to an agent ([`solve_credit`]) adds
/// a one-second span at the solve: whoever solves a ticket has it in hand.
/// Spans of no length (assigned and moved on at the same instant) are left
/// out.
pub fn held_spans(t: &TicketFacts) -> BTreeMap<String, Vec<Span>> {
    let mut assignee = match t.events.iter().find(|e| e.kind == "assigned") {
        Some(first) => first.from.clone(),
        None => t.assignee.clone(),
    };
    let mut active = match t.events.iter().find(|e| e.new_status().is_some()) {
        Some(first) => first
            .from
            .as_deref()
            .and_then(|s| s.parse::<crate::domain::Status>().ok())
            .unwrap_or(crate::domain::Status::New)
            .is_active(),
        None => t.status.is_active(),
    };
    let mut out: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    let mut push = |agent: &str, start: i64, end: Option<i64>| {
        if end.is_none_or(|end| end > start) {
            out.entry(agent.to_string())
                .or_default()
                .push(Span { start, end });
        }
    };
    let holder = |assignee: &Option<String>, active: bool| assignee.clone().filter(|_| active);
    let mut current = holder(&assignee, active).map(|a| (a, t.created_at));
    for e in &t.events {
        if let Some(agent) = solve_credit(t, e) {
            push(&agent, e.at, Some(e.at + 1));
        }
        if e.kind == "assigned" {
            assignee = e.to.clone();
        }
        if let Some(status) = e.new_status() {
            active = status.is_active();
        }
        let now_held = holder(&assignee, active);
        if current.as_ref().map(|(a, _)| a) != now_held.as_ref() {
            if let Some((agent, since)) = current.take() {
                push(&agent, since, Some(e.at.max(since)));
            }
            current = now_held.map(|a| (a, e.at.max(t.created_at)));
        }
    }
    if let Some((agent, since)) = current {
        push(&agent, since, None);
    }
    for spans in out.values_mut() {
        spans.sort_by_key(|s| s.start);
    }
    out
}

/// The resolution-rate formula: distinct tickets solved ÷ distinct tickets
/// held.
pub fn resolution_rate_of(solved: usize, held: usize) -> Option<f64> {
    ratio(solved, held)
}

/// The desk's (or, over an agent's cells, that agent's) resolution rate
/// over the rollups: distinct `solved_by` ÷ distinct tickets held
/// ([`Sums::distinct_held`]).
pub fn resolution_rate_from_sums(s: &Sums, days: Days) -> Option<f64> {
    resolution_rate_of(s.distinct(SOLVED_BY, days), s.distinct_held(days))
}

/// An escalation: an `escalated` event, a tier raised (`tier_changed` to a
/// higher number), or a hand-over from one team to another (`team_changed`
/// from a team to a team; a first routing to a team is not one).
pub fn is_escalation(event: &EventFact) -> bool {
    match event.kind.as_str() {
        "escalated" => true,
        "tier_changed" => {
            let tier = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<i64>().ok());
            matches!((tier(&event.from), tier(&event.to)), (Some(a), Some(b)) if b > a)
        }
        "team_changed" => event.from.is_some() && event.to.is_some(),
        _ => false,
    }
}

/// Escalation rate = of the tickets created in W, the share escalated
/// (at any time up to now). KPIS.md's "tickets escalated in W ÷ tickets
/// created in W" read literally counts escalations of older tickets above
/// the line only and can pass 100%; read as a share of W's tickets it
/// cannot, and like the reopen rate it settles as those tickets age.
pub fn escalation_rate(tickets: &[TicketFacts], window: Window) -> Option<f64> {
    let created: Vec<&TicketFacts> = tickets
        .iter()
        .filter(|t| window.contains(t.created_at))
        .collect();
    let escalated = created.iter().filter(|t| ever_escalated(t)).count();
    escalation_rate_of(escalated, created.len())
}

/// Whether the ticket's history has an escalation ([`is_escalation`]).
pub fn ever_escalated(t: &TicketFacts) -> bool {
    t.events.iter().any(is_escalation)
}

/// The escalation-rate formula: escalated tickets ÷ tickets created.
pub fn escalation_rate_of(escalated: usize, created: usize) -> Option<f64> {
    ratio(escalated, created)
}

/// [`escalation_rate`] over the rollups: `escalated` cells (on the day a
/// ticket escalated at any time was created) ÷ `created`.
pub fn escalation_rate_from_sums(s: &Sums, days: Days) -> Option<f64> {
    escalation_rate_of(s.n(ESCALATED, days), s.created(days))
}

/// Reopen rate = of tickets solved in W, the share with a reopen at any time
/// (up to now) after a solve.
pub fn reopen_rate(tickets: &[TicketFacts], window: Window) -> Option<f64> {
    let (mut solved, mut reopened) = (0, 0);
    for t in solved_in(tickets, window) {
        solved += 1;
        if t.reopened_after_a_solve() {
            reopened += 1;
        }
    }
    reopen_rate_of(reopened, solved)
}

/// The reopen-rate formula: reopened ÷ solved.
pub fn reopen_rate_of(reopened: usize, solved: usize) -> Option<f64> {
    ratio(reopened, solved)
}

/// [`reopen_rate`] over the rollups: `reopened` ÷ `solved` cells.
pub fn reopen_rate_from_sums(s: &Sums, days: Days) -> Option<f64> {
    reopen_rate_of(s.n(REOPENED, days), s.n(SOLVED, days))
}
