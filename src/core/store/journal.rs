//! The primitives every change to a ticket is written with: who acts and
//! when ([`Actor`]), an event row, and the ticket's version bump, so other
//! agents' consoles see that it changed. The bottom of the store's writes:
//! it imports nothing of the store but its error type.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, StoreError};
use crate::domain::Status;

/// Who makes a change and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The agent, or `None` for the system (imports, automations).
    pub agent_id: Option<i64>,
    /// Unix seconds.
    pub now: i64,
}

/// Records an event of `kind` on the ticket.
pub(crate) fn event(
    conn: &Connection,
    ticket: i64,
    actor: Actor,
    kind: &str,
    from: Option<&str>,
    to: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO events (ticket_id, agent_id, kind, from_value, to_value, detail, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        ticket,
        actor.agent_id,
        kind,
        from,
        to,
        detail,
        actor.now
    ])?;
    Ok(())
}

/// Moves the ticket's `version` and `updated_at`.
pub(crate) fn touch(conn: &Connection, ticket: i64, actor: Actor) -> Result<()> {
    conn.prepare_cached(
        "UPDATE tickets SET version = version + 1, updated_at = max(updated_at, ?2) WHERE id = ?1",
    )?
    .execute(params![ticket, actor.now])?;
    Ok(())
}

pub(crate) fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: format!("ticket {id}"),
    }
}

/// The current status, or `NotFound`.
pub fn status_of(conn: &Connection, ticket: i64) -> Result<Status> {
    conn.prepare_cached("SELECT status FROM tickets WHERE id = ?1")?
        .query_row([ticket], |r| r.get(0))
        .optional()?
        .ok_or_else(|| not_found(ticket))
}
