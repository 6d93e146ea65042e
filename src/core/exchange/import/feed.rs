//! The rollups of an import into a desk without tickets, summed on the
//! feeder's thread while the tickets are written (as the generator does,
//! [`crate::store::rollups::Feeder`]) instead of read back and rebuilt at
//! the end. The records handed over are the ones the rebuild would load
//! (`store::facts::load_tickets`), in the same order, so the sums are the
//! same; a test compares them with a rebuild.

use std::collections::HashMap;

use super::batch::{EventRow, MessageRow};
use crate::domain::{Priority, Status};
use crate::exchange::model::{Survey, Ticket};
use crate::kpi::facts::{
    EventFact, MessageFact, SlaTargets, SurveyFact, SurveyKind, TicketFacts, WorkSessionFact,
};
use crate::kpi::rollup::TicketWork;
use crate::store::settings::SlaPolicy;

/// Each ticket key's survey answers, in file order (into a desk without
/// tickets every answer is added).
pub(super) fn surveys_by_ticket(surveys: &[Survey]) -> HashMap<String, Vec<SurveyFact>> {
    let mut out: HashMap<String, Vec<SurveyFact>> = HashMap::new();
    for s in surveys {
        let kind = match s.kind.as_str() {
            "nps" => SurveyKind::Nps,
            "csat" => SurveyKind::Csat,
            // Refused when the surveys are read.
            _ => continue,
        };
        out.entry(s.ticket.clone()).or_default().push(SurveyFact {
            ticket_id: None,
            kind,
            score: s.score,
            at: s.at.timestamp(),
        });
    }
    out
}

/// What the rebuild reads of one ticket, from the rows written for it.
pub(super) struct Written<'a> {
    pub id: i64,
    pub ticket: &'a Ticket,
    pub status: Status,
    pub priority: Priority,
    pub tags: &'a [String],
    pub policy: Option<&'a SlaPolicy>,
    pub first_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub solved: Option<i64>,
    pub messages: &'a [MessageRow],
    pub events: &'a [EventRow],
    /// (agent name, end, active seconds) of each work session written.
    pub sessions: Vec<(String, Option<i64>, i64)>,
}

pub(super) fn work(w: Written<'_>, surveys: Option<Vec<SurveyFact>>) -> TicketWork {
    let t = w.ticket;
    // Rows were written in file order, so ids follow it: sorting by time,
    // stably, is the rebuild's `ORDER BY at, id`.
    let mut messages: Vec<MessageFact> = w
        .messages
        .iter()
        .zip(&t.messages)
        .map(|(row, m)| MessageFact {
            author: row.author,
            kind: row.kind,
            agent: m.agent.clone(),
            at: row.at,
            duration_s: row.duration_s,
        })
        .collect();
    messages.sort_by_key(|m| m.at);
    let mut events: Vec<EventFact> = w
        .events
        .iter()
        .zip(&t.events)
        .map(|(row, e)| EventFact {
            kind: row.kind.clone(),
            from: row.from.clone(),
            to: row.to.clone(),
            agent: e.agent.clone(),
            at: row.at,
        })
        .collect();
    events.sort_by_key(|e| e.at);
    let mut sessions: Vec<WorkSessionFact> = w
        .sessions
        .into_iter()
        .filter_map(|(agent, end, active_s)| {
            end.map(|ended_at| WorkSessionFact {
                ticket_id: w.id,
                agent,
                ended_at,
                active_s,
            })
        })
        .collect();
    sessions.sort_by_key(|s| s.ended_at);
    let mut surveys = surveys.unwrap_or_default();
    for s in &mut surveys {
        s.ticket_id = Some(w.id);
    }
    surveys.sort_by_key(|s| s.at);
    TicketWork {
        ticket: TicketFacts {
            id: w.id,
            created_at: t.created_at.timestamp(),
            status: w.status,
            priority: w.priority,
            channel: t.channel,
            team: t.team.clone(),
            assignee: t.assignee.clone(),
            tags: w.tags.to_vec(),
            targets: w.policy.map(|p| SlaTargets {
                first_response: p.first_response,
                resolution: p.resolution,
            }),
            first_response_due_at: w.first_due,
            resolution_due_at: w.resolution_due,
            solved_at: w.solved,
            messages,
            events,
        },
        sessions,
        surveys,
    }
}
