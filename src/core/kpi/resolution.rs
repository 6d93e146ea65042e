//! How well tickets get solved: first contact resolution, time to
//! resolution, resolution rate per agent, escalation and reopen rates.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::facts::{EventFact, TicketFacts};
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
        let contacts = t.agent_contact_times().count();
        if contacts == 0 {
            continue;
        }
        with_contact += 1;
        if contacts == 1 && !t.ever_reopened() {
            first_contact += 1;
        }
    }
    ratio(first_contact, with_contact)
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
        .filter_map(|t| Some((t.last_solve()? - t.created_at).max(0)))
        .collect();
    Spread::of(&secs).map(MeanMedian::from)
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
            match e.kind.as_str() {
                "solved" => {
                    if let Some(agent) = e.agent.clone().or_else(|| t.assignee_before(e.at)) {
                        solved.entry(agent).or_default().insert(t.id);
                    }
                }
                "assigned" => {
                    if let Some(agent) = &e.to {
                        assigned.entry(agent.clone()).or_default().insert(t.id);
                    }
                }
                _ => {}
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
                    rate: ratio(s, a),
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
    ratio(solved, assigned)
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
    ratio(escalated, created_in(tickets, window))
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
    ratio(reopened, solved)
}
