//! Changes to tickets. Each function runs inside the caller's transaction
//! (one user action is one transaction: see [`super::write`]), records an
//! event for every field it changes, and moves the ticket's `version` and
//! `updated_at`, so other agents' consoles see that it changed.
//!
//! Event kinds written here: `created`, `status_changed`, `solved`,
//! `reopened`, `priority_changed`, `assigned`, `team_changed`,
//! `tier_changed`, `tagged`, `untagged`. Values in `from_value`/`to_value` are
//! the stored spellings (status words, agent login names, team names).

use rusqlite::{Connection, OptionalExtension, params};

use super::journal::{event, touch};
use super::settings::{calendar, sla_policies};
use super::{Result, StoreError};
use crate::domain::{Author, Channel, MessageKind, Priority, Status};
use crate::text::{clean_block, clean_line};

mod threads;

use super::rights::{self, Right};
// The field setters and the primitives live below this module (issue 17: the
// store depends downward only); their paths here stay for the callers.
pub use super::fields::{
    add_tag, assign, remove_tag, set_priority, set_status, set_team, set_tier,
};
pub use super::journal::{Actor, status_of};
pub use super::names::{agent_id, normalise_tag, team_id};
pub use threads::{link, log_call, merge, record_work_session};

/// A ticket to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    pub subject: String,
    pub customer_email: String,
    pub customer_name: Option<String>,
    pub channel: Channel,
    pub priority: Priority,
    /// The customer's first message, if any.
    pub body: Option<String>,
    pub language: Option<String>,
    pub tags: Vec<String>,
}

/// A message to add to a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub author: Author,
    pub kind: MessageKind,
    pub body: String,
    /// Talk time of a phone call.
    pub duration_s: Option<i64>,
}

/// The customer with this e-mail address, created if new. A name given for
/// an existing customer without one fills it in.
pub fn upsert_customer(
    conn: &Connection,
    email: &str,
    name: Option<&str>,
    now: i64,
) -> Result<i64> {
    let email = clean_line(email);
    if !email.contains('@') {
        return Err(StoreError::Constraint(format!(
            "'{email}' is not an e-mail address; give the customer's address, like eva@example.nl"
        )));
    }
    let found: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM customers WHERE email = ?1")?
        .query_row([&email], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, current)) = found {
        if let Some(name) = name.map(clean_line).filter(|n| !n.is_empty())
            && current.is_empty()
        {
            conn.execute(
                "UPDATE customers SET name = ?2 WHERE id = ?1",
                params![id, name],
            )?;
        }
        return Ok(id);
    }
    let name = name
        .map(clean_line)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_string());
    conn.prepare_cached(
        "INSERT INTO customers (name, email, since, created_at) VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![name, email, now])?;
    Ok(conn.last_insert_rowid())
}

/// Creates a ticket (status new) with its SLA targets from the priority's
/// policy, the customer's first message, tags and a `created` event, and
/// routes it by the desk's rules ([`super::routing`]) in the same transaction.
pub fn create_ticket(conn: &Connection, new: &NewTicket, actor: Actor) -> Result<i64> {
    rights::require(conn, actor.agent_id, Right::WorkTickets, None)?;
    let subject = clean_line(&new.subject);
    if subject.is_empty() {
        return Err(StoreError::Constraint("a ticket needs a subject".into()));
    }
    let customer = upsert_customer(
        conn,
        &new.customer_email,
        new.customer_name.as_deref(),
        actor.now,
    )?;
    let language = match &new.language {
        Some(l) => l.clone(),
        None => conn
            .query_row(
                "SELECT language FROM customers WHERE id = ?1",
                [customer],
                |r| r.get(0),
            )
            .unwrap_or_else(|_| "en".to_string()),
    };
    let cal = calendar(conn)?;
    let policy = sla_policies(conn)?.remove(&new.priority);
    let (policy_id, first_due, resolve_due) = match &policy {
        Some(p) => (
            Some(p.id),
            cal.due(actor.now, p.first_response),
            cal.due(actor.now, p.resolution),
        ),
        None => (None, None, None),
    };
    conn.prepare_cached(
        "INSERT INTO tickets (subject, customer_id, channel, status, priority, language, sla_policy_id,
                              first_response_due_at, resolution_due_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'new', ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        subject,
        customer,
        new.channel,
        new.priority,
        language,
        policy_id,
        first_due,
        resolve_due,
        actor.now
    ])?;
    let id = conn.last_insert_rowid();
    event(
        conn,
        id,
        actor,
        "created",
        None,
        Some(Status::New.as_str()),
        Some(new.channel.as_str()),
    )?;
    if let Some(body) = new.body.as_deref().filter(|b| !b.trim().is_empty()) {
        insert_message(
            conn,
            id,
            None,
            &NewMessage {
                author: Author::Customer,
                kind: MessageKind::Public,
                body: body.to_string(),
                duration_s: None,
            },
            actor.now,
        )?;
    }
    for tag in &new.tags {
        add_tag(conn, id, tag, actor)?;
    }
    super::routing::route(conn, id, actor)?;
    Ok(id)
}

fn insert_message(
    conn: &Connection,
    ticket: i64,
    agent: Option<i64>,
    m: &NewMessage,
    at: i64,
) -> Result<i64> {
    let body = clean_block(&m.body);
    if body.trim().is_empty() && m.kind != MessageKind::Call {
        return Err(StoreError::Constraint("a message needs a body".into()));
    }
    conn.prepare_cached(
        "INSERT INTO messages (ticket_id, author, agent_id, kind, body, duration_s, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        ticket,
        m.author,
        agent,
        m.kind,
        body,
        m.duration_s,
        at
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Adds a message. An agent's public reply or call is the first response if
/// none came before, and opens a new ticket; a public reply is queued for
/// e-mail in the same transaction ([`super::outbox::queue_reply`]); a customer writing on a solved
/// or closed ticket reopens it, and on a pending or on-hold one opens it.
pub fn add_message(
    conn: &Connection,
    ticket: i64,
    message: &NewMessage,
    actor: Actor,
) -> Result<i64> {
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?;
    let status = status_of(conn, ticket)?;
    let agent = match message.author {
        Author::Agent => actor.agent_id,
        Author::Customer => None,
    };
    let id = insert_message(conn, ticket, agent, message, actor.now)?;
    match message.author {
        Author::Agent if message.kind != MessageKind::Internal => {
            conn.prepare_cached(
                "UPDATE tickets SET first_responded_at = ?2 WHERE id = ?1 AND first_responded_at IS NULL",
            )?
            .execute(params![ticket, actor.now])?;
            if status == Status::New {
                set_status(conn, ticket, Status::Open, actor)?;
            }
            if message.kind == MessageKind::Public {
                super::outbox::queue_reply(conn, ticket, id, actor.now)?;
            }
        }
        Author::Customer
            if matches!(
                status,
                Status::Solved | Status::Closed | Status::Pending | Status::OnHold
            ) =>
        {
            set_status(conn, ticket, Status::Open, actor)?;
        }
        _ => {}
    }
    touch(conn, ticket, actor)?;
    Ok(id)
}
