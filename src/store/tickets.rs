//! One ticket in full: header, thread, history and the customer's other tickets.

use rusqlite::{Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::domain::{Author, Channel, MessageKind, Priority, Status};
use crate::text::{clean_block, clean_line};

/// The customer of a ticket. Text fields are cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerSummary {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub organisation: Option<String>,
}

/// One entry of the thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub author: Author,
    pub kind: MessageKind,
    /// The agent's display name for agent messages.
    pub agent: Option<String>,
    pub body: String,
    pub duration_s: Option<i64>,
    pub at: i64,
    /// The quoted history below a customer's mail (folded in the thread).
    pub quoted: Option<String>,
    /// What became of an agent's public reply's e-mail; `None` for other
    /// entries.
    pub delivery: Option<super::outbox::Delivery>,
}

/// One entry of the ticket's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: String,
    pub agent: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub detail: Option<String>,
    pub at: i64,
}

/// Another ticket of the same customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketBrief {
    pub id: i64,
    pub subject: String,
    pub status: Status,
    pub created_at: i64,
}

/// The SLA figures of a ticket, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlaState {
    pub has_policy: bool,
    pub first_response_due_at: Option<i64>,
    pub first_responded_at: Option<i64>,
    pub resolution_due_at: Option<i64>,
}

/// Everything the detail pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketDetail {
    pub id: i64,
    pub external_id: Option<String>,
    pub subject: String,
    pub status: Status,
    pub priority: Priority,
    pub channel: Channel,
    pub tier: i64,
    pub team: Option<String>,
    pub assignee: Option<String>,
    pub language: String,
    pub tags: Vec<String>,
    pub customer: CustomerSummary,
    pub created_at: i64,
    pub updated_at: i64,
    pub solved_at: Option<i64>,
    pub version: i64,
    pub sla: SlaState,
    pub messages: Vec<Message>,
    pub events: Vec<Event>,
    pub other_tickets: Vec<TicketBrief>,
    /// Why a public reply written now would not be e-mailed; `None` when it
    /// would be (the composer says which).
    pub reply_not_emailed: Option<super::outbox::Skipped>,
}

/// How many of the customer's other tickets the detail pane lists.
pub const OTHER_TICKETS_SHOWN: i64 = 20;

/// The whole ticket `id`, or `NotFound`.
pub fn detail(conn: &Connection, id: i64) -> Result<TicketDetail> {
    let header = conn
        .prepare_cached(
            "SELECT t.id, t.external_id, t.subject, t.status, t.priority, t.channel, t.tier,
                    tm.name, a.display_name, t.language, t.created_at, t.updated_at, t.solved_at,
                    t.version, t.sla_policy_id, t.first_response_due_at, t.first_responded_at,
                    t.resolution_due_at,
                    c.id, c.name, c.email, c.phone, c.organisation
             FROM tickets t
             JOIN customers c ON c.id = t.customer_id
             LEFT JOIN teams tm ON tm.id = t.team_id
             LEFT JOIN agents a ON a.id = t.assignee_id
             WHERE t.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(TicketDetail {
                id: r.get(0)?,
                external_id: r.get::<_, Option<String>>(1)?.map(|s| clean_line(&s)),
                subject: clean_line(&r.get::<_, String>(2)?),
                status: r.get(3)?,
                priority: r.get(4)?,
                channel: r.get(5)?,
                tier: r.get(6)?,
                team: r.get::<_, Option<String>>(7)?.map(|s| clean_line(&s)),
                assignee: r.get::<_, Option<String>>(8)?.map(|s| clean_line(&s)),
                language: r.get(9)?,
                created_at: r.get(10)?,
                updated_at: r.get(11)?,
                solved_at: r.get(12)?,
                version: r.get(13)?,
                sla: SlaState {
                    has_policy: r.get::<_, Option<i64>>(14)?.is_some(),
                    first_response_due_at: r.get(15)?,
                    first_responded_at: r.get(16)?,
                    resolution_due_at: r.get(17)?,
                },
                customer: CustomerSummary {
                    id: r.get(18)?,
                    name: clean_line(&r.get::<_, String>(19)?),
                    email: r.get::<_, Option<String>>(20)?.map(|s| clean_line(&s)),
                    phone: r.get::<_, Option<String>>(21)?.map(|s| clean_line(&s)),
                    organisation: r.get::<_, Option<String>>(22)?.map(|s| clean_line(&s)),
                },
                tags: Vec::new(),
                messages: Vec::new(),
                events: Vec::new(),
                other_tickets: Vec::new(),
                reply_not_emailed: None,
            })
        })
        .optional()?;
    let mut ticket = header.ok_or_else(|| StoreError::NotFound {
        what: format!("ticket {id}"),
    })?;

    ticket.tags = conn
        .prepare_cached("SELECT tag FROM ticket_tags WHERE ticket_id = ?1 ORDER BY tag")?
        .query_map([id], |r| r.get::<_, String>(0).map(|s| clean_line(&s)))?
        .collect::<rusqlite::Result<_>>()?;

    let sql = format!(
        "SELECT m.id, m.author, m.kind, a.display_name, m.body, m.duration_s, m.created_at, m.quoted, {}
         FROM messages m LEFT JOIN agents a ON a.id = m.agent_id {}
         WHERE m.ticket_id = ?1 ORDER BY m.created_at, m.id",
        super::outbox::DELIVERY_COLUMNS,
        super::outbox::DELIVERY_JOIN
    );
    ticket.reply_not_emailed = super::outbox::reply_skip(conn, ticket.customer.email.as_deref())?;
    ticket.messages = conn
        .prepare_cached(&sql)?
        .query_map([id], |r| {
            let author: Author = r.get(1)?;
            let kind: MessageKind = r.get(2)?;
            let public_reply = author == Author::Agent && kind == MessageKind::Public;
            Ok(Message {
                id: r.get(0)?,
                author,
                kind,
                agent: r.get::<_, Option<String>>(3)?.map(|s| clean_line(&s)),
                body: clean_block(&r.get::<_, String>(4)?),
                duration_s: r.get(5)?,
                at: r.get(6)?,
                quoted: r
                    .get::<_, Option<String>>(7)?
                    .map(|q| clean_block(&q))
                    .filter(|q| !q.trim().is_empty()),
                delivery: super::outbox::read_delivery(r, 8, public_reply)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    ticket.events = conn
        .prepare_cached(
            "SELECT e.kind, a.display_name, e.from_value, e.to_value, e.detail, e.at
             FROM events e LEFT JOIN agents a ON a.id = e.agent_id
             WHERE e.ticket_id = ?1 ORDER BY e.at, e.id",
        )?
        .query_map([id], |r| {
            Ok(Event {
                kind: clean_line(&r.get::<_, String>(0)?),
                agent: r.get::<_, Option<String>>(1)?.map(|s| clean_line(&s)),
                from: r.get::<_, Option<String>>(2)?.map(|s| clean_line(&s)),
                to: r.get::<_, Option<String>>(3)?.map(|s| clean_line(&s)),
                detail: r.get::<_, Option<String>>(4)?.map(|s| clean_line(&s)),
                at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let visible = super::visibility::and_visible(conn)?;
    ticket.other_tickets = conn
        .prepare_cached(&format!(
            "SELECT t.id, t.subject, t.status, t.created_at FROM tickets t
             WHERE t.customer_id = ?1 AND t.id <> ?2{visible}
             ORDER BY t.created_at DESC LIMIT ?3"
        ))?
        .query_map(
            rusqlite::params![ticket.customer.id, id, OTHER_TICKETS_SHOWN],
            |r| {
                Ok(TicketBrief {
                    id: r.get(0)?,
                    subject: clean_line(&r.get::<_, String>(1)?),
                    status: r.get(2)?,
                    created_at: r.get(3)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;

    Ok(ticket)
}
