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
    /// Files on this entry (name, type, size; inline images too).
    pub attachments: Vec<super::attachments::Attachment>,
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
    /// The customer's survey answers on that ticket.
    pub surveys: Vec<super::survey_mail::SurveyAnswer>,
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
    /// Who else is on the ticket's mail (Cc), as `Name <address>` or the address.
    pub cc: Vec<String>,
    /// Why a public reply written now would not be e-mailed; `None` when it
    /// would be (the composer says which).
    pub reply_not_emailed: Option<super::outbox::Skipped>,
    /// The customer's survey answers on this ticket (CSAT, NPS).
    pub surveys: Vec<super::survey_mail::SurveyAnswer>,
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
                cc: Vec::new(),
                reply_not_emailed: None,
                surveys: Vec::new(),
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
                attachments: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let files = super::attachments::for_ticket(conn, id)?;
    if !files.is_empty() {
        for message in &mut ticket.messages {
            message.attachments = files
                .iter()
                .filter(|(m, _)| *m == message.id)
                .map(|(_, a)| a.clone())
                .collect();
        }
    }

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

    ticket.cc = conn
        .prepare_cached(
            "SELECT address, name FROM ticket_cc WHERE ticket_id = ?1 ORDER BY added_at, address",
        )?
        .query_map([id], |r| {
            let (address, name): (String, String) = (r.get(0)?, r.get(1)?);
            let (address, name) = (clean_line(&address), clean_line(&name));
            Ok(if name.is_empty() {
                address
            } else {
                format!("{name} <{address}>")
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
                    surveys: Vec::new(),
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;

    let mut asked: Vec<i64> = ticket.other_tickets.iter().map(|o| o.id).collect();
    asked.push(id);
    for (on, answer) in super::survey_mail::answers_for(conn, &asked)? {
        if on == id {
            ticket.surveys.push(answer);
        } else if let Some(other) = ticket.other_tickets.iter_mut().find(|o| o.id == on) {
            other.surveys.push(answer);
        }
    }

    Ok(ticket)
}
