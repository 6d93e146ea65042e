//! Reads what a KPI report over one window needs into the plain records of
//! [`crate::kpi::facts`]; the KPIs themselves are pure and live in `kpi/`.
//!
//! Which tickets: every active ticket (the backlog now), and of those created
//! before the window's end, every one that was created, changed, solved,
//! answered or due in the window, or had an event, a work session or a
//! survey answer in it, plus those created up to [`DUE_LOOKBACK_SECS`]
//! before it (their SLA targets may fall due in it). Each comes with its
//! whole thread and history, since FCR and reopens look at all of it.

use std::collections::HashMap;

use rusqlite::{Connection, named_params};

use super::Result;
use crate::domain::{Author, Channel, MessageKind, Priority, Status};
use crate::kpi::facts::{
    CustomerFact, EventFact, Inputs, MessageFact, SlaTargets, SurveyFact, SurveyKind, TicketFacts,
    WorkSessionFact,
};
use crate::kpi::window::Window;
use crate::sla::{Target, default_targets};

/// How long before a window tickets are loaded whatever their stored due
/// times say: longer than the longest default target (5 business days) with
/// room for holidays and time spent pending.
pub const DUE_LOOKBACK_SECS: i64 = 31 * 86_400;

/// The ids of the tickets a window needs (see the module comment).
const WANTED: &str = "WITH wanted(id) AS (
    SELECT id FROM tickets WHERE status IN ('new', 'open', 'pending', 'on_hold')
    UNION SELECT id FROM tickets WHERE created_at < :to AND (
        created_at >= :lookback OR updated_at >= :from OR solved_at >= :from
        OR first_responded_at >= :from OR first_response_due_at >= :from
        OR resolution_due_at >= :from)
    UNION SELECT ticket_id FROM events WHERE at >= :from AND at < :to AND ticket_id IS NOT NULL
    UNION SELECT ticket_id FROM work_sessions WHERE ended_at >= :from AND ended_at < :to
    UNION SELECT ticket_id FROM surveys WHERE at >= :from AND at < :to AND ticket_id IS NOT NULL
)";

/// The tickets whose ids the common table expression `wanted` (in
/// `wanted_sql`, over `params`) names, each with its tags, thread and
/// history, in id order. `visible` narrows them further (the team
/// restriction's [`super::visibility::and_visible`] for a report; empty for
/// the rollups, which hold the whole desk whoever writes).
pub fn load_tickets(
    conn: &Connection,
    wanted_sql: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
    visible: &str,
) -> Result<Vec<TicketFacts>> {
    let mut tickets = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "{wanted_sql}
         SELECT t.id, t.created_at, t.status, t.priority, t.channel, tm.name, a.name, t.solved_at,
                p.first_response_target, p.resolution_target,
                t.first_response_due_at, t.resolution_due_at
         FROM tickets t
         LEFT JOIN teams tm ON tm.id = t.team_id
         LEFT JOIN agents a ON a.id = t.assignee_id
         LEFT JOIN sla_policies p ON p.id = t.sla_policy_id
         WHERE t.id IN wanted{visible} ORDER BY t.id"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let priority: Priority = r.get(3)?;
        let first: Option<String> = r.get(8)?;
        let resolution: Option<String> = r.get(9)?;
        let targets = match (first, resolution) {
            (Some(first), Some(resolution)) => {
                let (default_first, default_resolution) = default_targets(priority);
                Some(SlaTargets {
                    first_response: first.parse::<Target>().unwrap_or(default_first),
                    resolution: resolution.parse::<Target>().unwrap_or(default_resolution),
                })
            }
            _ => None,
        };
        let id: i64 = r.get(0)?;
        index.insert(id, tickets.len());
        tickets.push(TicketFacts {
            id,
            created_at: r.get(1)?,
            status: r.get::<_, Status>(2)?,
            priority,
            channel: r.get::<_, Channel>(4)?,
            team: r.get(5)?,
            assignee: r.get(6)?,
            tags: Vec::new(),
            targets,
            first_response_due_at: r.get(10)?,
            resolution_due_at: r.get(11)?,
            solved_at: r.get(7)?,
            messages: Vec::new(),
            events: Vec::new(),
        });
    }

    let mut stmt = conn.prepare(&format!(
        "{wanted_sql} SELECT ticket_id, tag FROM ticket_tags WHERE ticket_id IN wanted ORDER BY ticket_id, tag"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            tickets[i].tags.push(r.get(1)?);
        }
    }

    let mut stmt = conn.prepare(&format!(
        "{wanted_sql} SELECT m.ticket_id, m.author, m.kind, a.name, m.created_at, m.duration_s
         FROM messages m LEFT JOIN agents a ON a.id = m.agent_id
         WHERE m.ticket_id IN wanted ORDER BY m.ticket_id, m.created_at, m.id"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            tickets[i].messages.push(MessageFact {
                author: r.get::<_, Author>(1)?,
                kind: r.get::<_, MessageKind>(2)?,
                agent: r.get(3)?,
                at: r.get(4)?,
                duration_s: r.get(5)?,
            });
        }
    }

    let mut stmt = conn.prepare(&format!(
        "{wanted_sql} SELECT e.ticket_id, e.kind, e.from_value, e.to_value, a.name, e.at
         FROM events e LEFT JOIN agents a ON a.id = e.agent_id
         WHERE e.ticket_id IN wanted ORDER BY e.ticket_id, e.at, e.id"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            tickets[i].events.push(EventFact {
                kind: r.get(1)?,
                from: r.get(2)?,
                to: r.get(3)?,
                agent: r.get(4)?,
                at: r.get(5)?,
            });
        }
    }
    Ok(tickets)
}

/// Everything a report over `window` reads.
pub fn load(conn: &Connection, window: Window) -> Result<Inputs> {
    let params = named_params! {
        ":from": window.from,
        ":to": window.to,
        ":lookback": window.from - DUE_LOOKBACK_SECS,
    };
    // With the team restriction, the viewer's teams' tickets only; their
    // work sessions and surveys only.
    let visible = super::visibility::and_visible(conn)?;
    let tickets = load_tickets(conn, WANTED, params, &visible)?;
    let of_visible = |column: &str| {
        if visible.is_empty() {
            String::new()
        } else {
            format!(" AND {column} IN (SELECT t.id FROM tickets t WHERE 1{visible})")
        }
    };
    let window_params = named_params! { ":from": window.from, ":to": window.to };
    let work_sessions = conn
        .prepare(&format!(
            "SELECT s.ticket_id, a.name, s.ended_at, s.active_s
             FROM work_sessions s JOIN agents a ON a.id = s.agent_id
             WHERE s.ended_at >= :from AND s.ended_at < :to{} ORDER BY s.ended_at, s.id",
            of_visible("s.ticket_id")
        ))?
        .query_map(window_params, |r| {
            Ok(WorkSessionFact {
                ticket_id: r.get(0)?,
                agent: r.get(1)?,
                ended_at: r.get(2)?,
                active_s: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let surveys = conn
        .prepare(&format!(
            "SELECT ticket_id, kind, score, at FROM surveys
             WHERE at >= :from AND at < :to{} ORDER BY at, id",
            of_visible("ticket_id")
        ))?
        .query_map(window_params, |r| {
            let kind: String = r.get(1)?;
            Ok(SurveyFact {
                ticket_id: r.get(0)?,
                kind: if kind == "nps" {
                    SurveyKind::Nps
                } else {
                    SurveyKind::Csat
                },
                score: r.get(2)?,
                at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let self_service_views = conn
        .prepare(
            "SELECT at FROM kb_views WHERE self_service = 1 AND at >= :from AND at < :to ORDER BY at",
        )?
        .query_map(window_params, |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(Inputs {
        tickets,
        work_sessions,
        surveys,
        self_service_views,
    })
}

/// Every customer record, for churn, retention and CLTV.
pub fn load_customers(conn: &Connection) -> Result<Vec<CustomerFact>> {
    Ok(conn
        .prepare("SELECT since, churned_at, revenue_cents FROM customers ORDER BY id")?
        .query_map([], |r| {
            Ok(CustomerFact {
                since: r.get(0)?,
                churned_at: r.get(1)?,
                revenue_cents: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}
