//! How well tickets get solved: first contact resolution, time to
//! resolution, resolution rate per agent, escalation and reopen rates. Each
//! KPI's exact path (over records) and its rollup path (`*_from_sums`, over
//! the summed cells of [`super::rollup`]) sit together and end in the same
//! formula; what one ticket counts for is decided here for both.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::facts::{EventFact, TicketFacts};
use super::rollup::cells::measure::{
    ASSIGNED_TO, ESCALATED, FCR_BASE, FCR_OK, REOPENED, SOLVED, SOLVED_BY, TTR, TTR_BUSINESS,
};
use super::rollup::cells::{Days, Sums};
use super::stats::{Spread, ratio};
use super::volume::created_in;
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
    /// Distinct tickets this agent solved in W.
    pub solved: usize,
    /// Distinct tickets assigned to this agent in W.
    pub assigned: usize,
    /// solved ÷ assigned; `None` when nothing was assigned. Can exceed 1: a
    /// ticket assigned before W and solved in it counts only above the line.
    pub rate: Option<f64>,
}

/// Resolution rate, per agent a = |tickets a solved in W| ÷ |tickets
/// assigned to a in W|. "a solved" = a `solved` event in W made by a, or,
/// for a solve by the system, made while a was the assignee. "Assigned to a"
/// = an `assigned` event in W whose new value is a.
pub fn resolution_rates(
    tickets: &[TicketFacts],
    window: Window,
) -> BTreeMap<String, AgentResolution> {
    let mut solved: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    let mut assigned: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    for t in tickets {
        for e in t.events.iter().filter(|e| window.contains(e.at)) {
            match credit(t, e) {
                Some(Credit::Solved(agent)) => {
                    solved.entry(agent).or_default().insert(t.id);
                }
                Some(Credit::Assigned(agent)) => {
                    assigned.entry(agent).or_default().insert(t.id);
                }
                None => {}
            }
        }
    }
    let agents: BTreeSet<&String> = solved.keys().chain(assigned.keys()).collect();
    agents
        .into_iter()
        .map(|agent| {
            let s = solved.get(agent).map_or(0, BTreeSet::len);
            let a = assigned.get(agent).map_or(0, BTreeSet::len);
            (
                agent.clone(),
                AgentResolution {
                    solved: s,
                    assigned: a,
                    rate: resolution_rate_of(s, a),
                },
            )
        })
        .collect()
}

/// The desk's resolution rate: Σ solved ÷ Σ assigned over all agents of
/// [`resolution_rates`] (pooled, so busy agents weigh more).
pub fn pooled_resolution_rate(rates: &BTreeMap<String, AgentResolution>) -> Option<f64> {
    let solved = rates.values().map(|r| r.solved).sum();
    let assigned = rates.values().map(|r| r.assigned).sum();
    resolution_rate_of(solved, assigned)
}

/// What an event of a ticket credits an agent with, for the resolution
/// rate: a solve (by the agent who made it, or for a solve by the system,
/// the assignee then), or an assignment (to its new assignee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credit {
    Solved(String),
    Assigned(String),
}

/// [`Credit`] of one event, if any.
pub fn credit(t: &TicketFacts, e: &EventFact) -> Option<Credit> {
    match e.kind.as_str() {
        "solved" => e
            .agent
            .clone()
            .or_else(|| t.assignee_before(e.at))
            .map(Credit::Solved),
        "assigned" => e.to.clone().map(Credit::Assigned),
        _ => None,
    }
}

/// The resolution-rate formula: distinct tickets solved ÷ distinct tickets
/// assigned.
pub fn resolution_rate_of(solved: usize, assigned: usize) -> Option<f64> {
    ratio(solved, assigned)
}

/// The desk's (or, over an agent's cells, that agent's) resolution rate
/// over the rollups: distinct `solved_by` ÷ distinct `assigned_to`.
pub fn resolution_rate_from_sums(s: &Sums, days: Days) -> Option<f64> {
    resolution_rate_of(s.distinct(SOLVED_BY, days), s.distinct(ASSIGNED_TO, days))
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

/// Escalation rate = |distinct tickets with an escalation in W| ÷ |tickets
/// created in W|. The escalated tickets need not be created in W.
pub fn escalation_rate(tickets: &[TicketFacts], window: Window) -> Option<f64> {
    let escalated = tickets
        .iter()
        .filter(|t| {
            t.events
                .iter()
                .any(|e| window.contains(e.at) && is_escalation(e))
        })
        .count();
    escalation_rate_of(escalated, created_in(tickets, window))
}

/// The escalation-rate formula: escalated tickets ÷ tickets created.
pub fn escalation_rate_of(escalated: usize, created: usize) -> Option<f64> {
    ratio(escalated, created)
}

/// [`escalation_rate`] over the rollups: distinct `escalated` ÷ `created`.
pub fn escalation_rate_from_sums(s: &Sums, days: Days) -> Option<f64> {
    escalation_rate_of(s.distinct(ESCALATED, days), s.created(days))
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
