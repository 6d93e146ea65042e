//! One report: every KPI of a window, for the whole desk or per group. The
//! JSON shape of `loket report` is this module's serde output.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::facts::{Inputs, TicketFacts};
use super::resolution::{self, MeanMedian};
use super::stats::Spread;
use super::volume::{self, Backlog, BacklogDay, NO_TEAM, Volume};
use super::window::Window;
use super::{response, satisfaction, sla_compliance};
use crate::sla::Calendar;

/// The backlog now with its trend over the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacklogReport {
    #[serde(flatten)]
    pub now: Backlog,
    pub trend: Vec<BacklogDay>,
}

/// Every KPI of one window. Durations are seconds, rates fractions 0..1,
/// NPS −100..100; `None` (JSON `null`) where there is no data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub volume: Volume,
    pub backlog: BacklogReport,
    pub frt: Option<Spread>,
    pub frt_business: Option<Spread>,
    pub avg_response: Option<f64>,
    pub aht: Option<f64>,
    pub talk_time: Option<f64>,
    pub fcr: Option<f64>,
    pub ttr: Option<MeanMedian>,
    pub ttr_business: Option<MeanMedian>,
    pub resolution_rate: Option<f64>,
    pub sla_compliance: Option<f64>,
    pub escalation_rate: Option<f64>,
    pub reopen_rate: Option<f64>,
    pub csat: Option<f64>,
    pub nps: Option<f64>,
    pub self_service_ratio: Option<f64>,
}

/// Every KPI of the desk over `window`, as of `now`.
pub fn report(inputs: &Inputs, window: Window, calendar: &Calendar, now: i64) -> Report {
    let tickets = &inputs.tickets;
    let rates = resolution::resolution_rates(tickets, window);
    Report {
        volume: volume::volume(tickets, window),
        backlog: BacklogReport {
            now: volume::backlog_now(tickets),
            trend: volume::backlog_trend(tickets, window, calendar.time_zone()),
        },
        frt: response::frt(tickets, window),
        frt_business: response::frt_business(tickets, window, calendar),
        avg_response: response::avg_response(tickets, window),
        aht: response::aht(tickets, &inputs.work_sessions, window),
        talk_time: response::talk_time(tickets, window),
        fcr: resolution::fcr(tickets, window),
        ttr: resolution::ttr(tickets, window),
        ttr_business: resolution::ttr_business(tickets, window, calendar),
        resolution_rate: resolution::pooled_resolution_rate(&rates),
        sla_compliance: sla_compliance::sla_compliance(tickets, window, calendar, now),
        escalation_rate: resolution::escalation_rate(tickets, window),
        reopen_rate: resolution::reopen_rate(tickets, window),
        csat: satisfaction::csat(&inputs.surveys, window),
        nps: satisfaction::nps(&inputs.surveys, window),
        self_service_ratio: satisfaction::self_service_ratio(inputs, window),
    }
}

/// What a report can be broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    Team,
    Agent,
    Channel,
    Priority,
}

impl FromStr for Breakdown {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "team" => Ok(Breakdown::Team),
            "agent" => Ok(Breakdown::Agent),
            "channel" => Ok(Breakdown::Channel),
            "priority" => Ok(Breakdown::Priority),
            _ => Err(format!(
                "'{s}' is not a breakdown; use team, agent, channel or priority"
            )),
        }
    }
}

impl fmt::Display for Breakdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Breakdown::Team => "team",
            Breakdown::Agent => "agent",
            Breakdown::Channel => "channel",
            Breakdown::Priority => "priority",
        })
    }
}

/// The group name of tickets with no team or no assignee.
pub const NO_GROUP: &str = NO_TEAM;

impl Breakdown {
    /// The group a ticket is in: its team, assignee, channel or priority now.
    pub fn group_of(self, t: &TicketFacts) -> String {
        match self {
            Breakdown::Team => t.team.clone().unwrap_or_else(|| NO_GROUP.into()),
            Breakdown::Agent => t.assignee.clone().unwrap_or_else(|| NO_GROUP.into()),
            Breakdown::Channel => t.channel.as_str().into(),
            Breakdown::Priority => t.priority.as_str().into(),
        }
    }
}

/// One group's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupReport {
    pub group: String,
    #[serde(flatten)]
    pub report: Report,
}

/// The report per group, groups in name order. Each group's report is the
/// desk's report over the tickets now in that group (their thread, history,
/// work sessions and surveys), with two exceptions: by agent, the resolution
/// rate is that agent's own (tickets the agent solved ÷ tickets assigned to
/// the agent, whoever has them now); and the self-service ratio is `None`,
/// since self-service views belong to no ticket, team or agent.
pub fn report_by(
    inputs: &Inputs,
    by: Breakdown,
    window: Window,
    calendar: &Calendar,
    now: i64,
) -> Vec<GroupReport> {
    let mut groups: BTreeMap<String, Vec<TicketFacts>> = BTreeMap::new();
    for t in &inputs.tickets {
        groups.entry(by.group_of(t)).or_default().push(t.clone());
    }
    let agent_rates = resolution::resolution_rates(&inputs.tickets, window);
    if by == Breakdown::Agent {
        for agent in agent_rates.keys() {
            groups.entry(agent.clone()).or_default();
        }
    }
    groups
        .into_iter()
        .map(|(group, tickets)| {
            let ids: BTreeSet<i64> = tickets.iter().map(|t| t.id).collect();
            let subset = Inputs {
                tickets,
                work_sessions: inputs
                    .work_sessions
                    .iter()
                    .filter(|s| ids.contains(&s.ticket_id))
                    .cloned()
                    .collect(),
                surveys: inputs
                    .surveys
                    .iter()
                    .filter(|s| s.ticket_id.is_some_and(|id| ids.contains(&id)))
                    .cloned()
                    .collect(),
                self_service_views: Vec::new(),
            };
            let mut report = report(&subset, window, calendar, now);
            report.self_service_ratio = None;
            if by == Breakdown::Agent {
                report.resolution_rate = agent_rates.get(&group).and_then(|r| r.rate);
            }
            GroupReport { group, report }
        })
        .collect()
}
