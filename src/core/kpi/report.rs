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
    /// Agent collisions in the window: a count (0 when there were none).
    pub collisions: usize,
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
        collisions: satisfaction::collisions(tickets, window),
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
/// work sessions and surveys), with these exceptions: by agent, the
/// resolution rate, AHT and talk time are that agent's own work (tickets
/// the agent solved ÷ tickets assigned to the agent; the agent's sessions
/// and calls), whoever has the tickets now; and the self-service ratio is
/// `None`, since self-service views belong to no ticket, team or agent.
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
        // Agents who did work in W but have no ticket now still get a row.
        let calls = inputs
            .tickets
            .iter()
            .flat_map(|t| t.messages.iter())
            .filter(|m| m.is_call() && window.contains(m.at))
            .filter_map(|m| m.agent.clone());
        let sessions = inputs
            .work_sessions
            .iter()
            .filter(|s| window.contains(s.ended_at))
            .map(|s| s.agent.clone());
        for agent in agent_rates.keys().cloned().chain(calls).chain(sessions) {
            groups.entry(agent).or_default();
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
                report.aht =
                    response::agent_aht(&inputs.tickets, &inputs.work_sessions, window, &group);
                report.talk_time = response::agent_talk_time(&inputs.tickets, window, &group);
            }
            GroupReport { group, report }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Author, Channel, MessageKind, Priority, Status};
    use crate::kpi::facts::{MessageFact, WorkSessionFact};

    fn ticket(id: i64, assignee: &str, calls: &[(&str, i64)]) -> TicketFacts {
        TicketFacts {
            id,
            created_at: 0,
            status: Status::Open,
            priority: Priority::Normal,
            channel: Channel::Phone,
            team: None,
            assignee: Some(assignee.into()),
            tags: vec![],
            targets: None,
            first_response_due_at: None,
            resolution_due_at: None,
            solved_at: None,
            messages: calls
                .iter()
                .map(|&(agent, secs)| MessageFact {
                    author: Author::Agent,
                    kind: MessageKind::Call,
                    agent: Some(agent.into()),
                    at: 10,
                    duration_s: Some(secs),
                })
                .collect(),
            events: vec![],
        }
    }

    #[test]
    fn by_agent_handle_and_talk_time_are_the_agents_own_work() {
        // Ticket 1 is bram's, but anna took a 300 s call on it; bram took a
        // 100 s call on it and worked ticket 2 for 500 s.
        // anna: 300 / 1 ticket = 300; talk 300.
        // bram: (100 + 500) / 2 tickets = 300; talk 100.
        let inputs = Inputs {
            tickets: vec![
                ticket(1, "bram", &[("anna", 300), ("bram", 100)]),
                ticket(2, "bram", &[]),
            ],
            work_sessions: vec![WorkSessionFact {
                ticket_id: 2,
                agent: "bram".into(),
                ended_at: 20,
                active_s: 500,
            }],
            ..Inputs::default()
        };
        let w = Window { from: 0, to: 100 };
        let cal = Calendar::always_open();
        let groups = report_by(&inputs, Breakdown::Agent, w, &cal, 100);
        let names: Vec<&str> = groups.iter().map(|g| g.group.as_str()).collect();
        assert_eq!(
            names,
            ["anna", "bram"],
            "anna worked in W without a ticket of her own"
        );
        let (anna, bram) = (&groups[0].report, &groups[1].report);
        assert_eq!((anna.aht, anna.talk_time), (Some(300.0), Some(300.0)));
        assert_eq!((bram.aht, bram.talk_time), (Some(300.0), Some(100.0)));
        assert_eq!(anna.volume.total, 0);
        // The desk: (300 + 100 + 500) / 2 tickets = 450.
        assert_eq!(report(&inputs, w, &cal, 100).aht, Some(450.0));
    }
}
