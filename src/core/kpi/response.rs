//! How fast and how long agents answer: first response time, average
//! response time, average handle time and talk time. Each KPI's exact path
//! (over records) and its rollup path (`*_from_sums`, over the summed cells
//! of [`super::rollup`]) sit together and end in the same formula.

use std::collections::BTreeSet;

use super::facts::{TicketFacts, WorkSessionFact};
use super::rollup::cells::measure::{
    CALL, CALL_BY, FRT, FRT_BUSINESS, HANDLE, HANDLE_BY, RESPONSE,
};
use super::rollup::cells::{self, Days, Sums};
use super::stats::{Spread, mean};
use super::window::Window;
use crate::sla::Calendar;

/// The (created, answered) pairs of tickets whose first agent contact lies
/// in W ([`first_response`]).
fn first_contacts(tickets: &[TicketFacts], window: Window) -> Vec<(i64, i64)> {
    tickets
        .iter()
        .filter_map(|t| {
            let (contact, answered) = first_response(t)?;
            window.contains(contact).then_some((t.created_at, answered))
        })
        .collect()
}

/// A ticket's first agent contact and the instant it counts as answered. A
/// contact copied in by a merge can predate the ticket; it counts as an
/// answer at creation (0 s), never a negative time. The exact FRT picks
/// tickets by the contact, the rollup cells put them on the answer's day.
pub fn first_response(t: &TicketFacts) -> Option<(i64, i64)> {
    let contact = t.first_agent_contact()?;
    Some((contact, contact.max(t.created_at)))
}

/// FRT (calendar) = for tickets whose first agent contact c (a public reply,
/// or a call at its start; never an internal note) is in W: c − created_at.
/// Mean, median and p90 in seconds; `None` without such tickets.
pub fn frt(tickets: &[TicketFacts], window: Window) -> Option<Spread> {
    let secs: Vec<i64> = first_contacts(tickets, window)
        .into_iter()
        .map(|(created, first)| first - created)
        .collect();
    Spread::of(&secs)
}

/// FRT (business) = as [`frt`], counting only the desk's business hours
/// between created_at and the first agent contact.
pub fn frt_business(
    tickets: &[TicketFacts],
    window: Window,
    calendar: &Calendar,
) -> Option<Spread> {
    let secs: Vec<i64> = first_contacts(tickets, window)
        .into_iter()
        .map(|(created, first)| calendar.business_secs_between(created, first))
        .collect();
    Spread::of(&secs)
}

/// [`frt`] over the rollups: the spread of the `frt` cells.
pub fn frt_from_sums(s: &Sums, days: Days) -> Option<Spread> {
    s.spread(FRT, days)
}

/// [`frt_business`] over the rollups.
pub fn frt_business_from_sums(s: &Sums, days: Days) -> Option<Spread> {
    s.spread(FRT_BUSINESS, days)
}

/// Average response time = mean over every agent contact a in W that answers
/// customer messages of: a − the earliest customer message not yet answered
/// before a. Walking the thread in time order, a customer message starts the
/// wait if none is running; the next agent contact ends it (an agent contact
/// with nothing waiting answers nothing and is left out). Calendar seconds.
pub fn avg_response(tickets: &[TicketFacts], window: Window) -> Option<f64> {
    let waits: Vec<i64> = tickets
        .iter()
        .flat_map(answered_waits)
        .filter(|&(at, _)| window.contains(at))
        .map(|(_, wait)| wait)
        .collect();
    mean(&waits)
}

/// The waits a ticket's agent contacts answer, as (contact time, wait): the
/// walk [`avg_response`] describes, shared with the rollup cells.
pub fn answered_waits(t: &TicketFacts) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut waiting_since: Option<i64> = None;
    for m in &t.messages {
        if m.is_customer_message() {
            waiting_since.get_or_insert(m.at);
        } else if m.is_agent_contact()
            && let Some(since) = waiting_since.take()
        {
            out.push((m.at, m.at - since));
        }
    }
    out
}

/// [`avg_response`] over the rollups: the mean of the `response` cells.
pub fn avg_response_from_sums(s: &Sums, days: Days) -> Option<f64> {
    s.mean(RESPONSE, days)
}

/// AHT = (Σ active_s of work sessions that end in W + Σ talk time of calls
/// that start in W) ÷ |distinct tickets with any such session or call|.
/// `work_sessions` are the sessions that ended in W (others are ignored).
pub fn aht(
    tickets: &[TicketFacts],
    work_sessions: &[WorkSessionFact],
    window: Window,
) -> Option<f64> {
    handle_time(tickets, work_sessions, window, None)
}

/// One agent's AHT: as [`aht`], over that agent's own work sessions and
/// calls only (whoever has the tickets now).
pub fn agent_aht(
    tickets: &[TicketFacts],
    work_sessions: &[WorkSessionFact],
    window: Window,
    agent: &str,
) -> Option<f64> {
    handle_time(tickets, work_sessions, window, Some(agent))
}

fn handle_time(
    tickets: &[TicketFacts],
    work_sessions: &[WorkSessionFact],
    window: Window,
    agent: Option<&str>,
) -> Option<f64> {
    let mine = |who: Option<&str>| agent.is_none() || who == agent;
    let mut handled: BTreeSet<i64> = BTreeSet::new();
    let mut total: i64 = 0;
    for s in work_sessions
        .iter()
        .filter(|s| window.contains(s.ended_at) && mine(Some(&s.agent)))
    {
        handled.insert(s.ticket_id);
        total += s.active_s;
    }
    for t in tickets {
        for call in t
            .messages
            .iter()
            .filter(|m| m.is_call() && window.contains(m.at) && mine(m.agent.as_deref()))
        {
            handled.insert(t.id);
            total += call.duration_s.unwrap_or(0);
        }
    }
    aht_of(total, handled.len())
}

/// The AHT formula: handle seconds ÷ distinct tickets handled.
pub fn aht_of(handle_secs: i64, handled: usize) -> Option<f64> {
    (handled > 0).then(|| handle_secs as f64 / handled as f64)
}

/// [`aht`] over the rollups (with `own_work`, [`agent_aht`]): the handle
/// seconds summed ÷ the distinct tickets handled ([`cells::handled`]).
pub fn aht_from_sums(s: &Sums, days: Days, own_work: bool) -> Option<f64> {
    let handle = if own_work { HANDLE_BY } else { HANDLE };
    aht_of(s.sum(handle, days).1, cells::handled(s, days, own_work))
}

/// Talk time = mean duration_s of phone calls that start in W (a call
/// logged without a duration has no talk time to average and is left out).
pub fn talk_time(tickets: &[TicketFacts], window: Window) -> Option<f64> {
    call_talk_time(tickets, window, None)
}

/// One agent's talk time: as [`talk_time`], over that agent's own calls.
pub fn agent_talk_time(tickets: &[TicketFacts], window: Window, agent: &str) -> Option<f64> {
    call_talk_time(tickets, window, Some(agent))
}

fn call_talk_time(tickets: &[TicketFacts], window: Window, agent: Option<&str>) -> Option<f64> {
    let durations: Vec<i64> = tickets
        .iter()
        .flat_map(|t| t.messages.iter())
        .filter(|m| m.is_call() && window.contains(m.at))
        .filter(|m| agent.is_none() || m.agent.as_deref() == agent)
        .filter_map(|m| m.duration_s)
        .collect();
    mean(&durations)
}

/// [`talk_time`] over the rollups (with `own_work`, [`agent_talk_time`]):
/// the mean of the `call` cells.
pub fn talk_time_from_sums(s: &Sums, days: Days, own_work: bool) -> Option<f64> {
    s.mean(if own_work { CALL_BY } else { CALL }, days)
}
