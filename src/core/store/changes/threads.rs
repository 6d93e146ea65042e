//! Changes that join tickets or add to their thread and work: calls, links,
//! merges and work sessions.

use rusqlite::{Connection, params};

use super::{NewMessage, add_message};
use crate::domain::{Author, MessageKind, Status};
use crate::store::fields::set_status;
use crate::store::journal::{Actor, event, status_of, touch};
use crate::store::rights::{self, Right};
use crate::store::{Result, StoreError};

/// Logs a phone call on the ticket: a `call` message at the call's start with
/// its talk time. A call is an agent contact (it can be the first response).
pub fn log_call(
    conn: &Connection,
    ticket: i64,
    started_at: i64,
    talk_s: i64,
    note: &str,
    actor: Actor,
) -> Result<i64> {
    if talk_s < 0 {
        return Err(StoreError::Constraint(
            "talk time cannot be negative".into(),
        ));
    }
    let message = NewMessage {
        author: Author::Agent,
        kind: MessageKind::Call,
        body: note.to_string(),
        duration_s: Some(talk_s),
    };
    add_message(
        conn,
        ticket,
        &message,
        Actor {
            now: started_at,
            ..actor
        },
    )
}

/// Links two tickets as related (one link per pair, whichever way round).
pub fn link(conn: &Connection, ticket: i64, other: i64, actor: Actor) -> Result<bool> {
    // Both ends are fenced: an agent cannot link to a ticket it may not see.
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?;
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(other))?;
    if ticket == other {
        return Err(StoreError::Constraint(
            "a ticket cannot be linked to itself".into(),
        ));
    }
    status_of(conn, ticket)?;
    status_of(conn, other)?;
    let (a, b) = (ticket.min(other), ticket.max(other));
    let added = conn.execute(
        "INSERT OR IGNORE INTO ticket_links (ticket_id, other_id, kind, created_at) VALUES (?1, ?2, 'related', ?3)",
        params![a, b, actor.now],
    )?;
    if added == 0 {
        return Ok(false);
    }
    for (this, that) in [(ticket, other), (other, ticket)] {
        event(
            conn,
            this,
            actor,
            "linked",
            None,
            Some(&that.to_string()),
            None,
        )?;
        touch(conn, this, actor)?;
    }
    Ok(true)
}

/// Merges `source` into `target`: the source's messages are copied into the
/// target's thread (which stays in time order), its tags carried over, and
/// the source is closed with a `merged_into` link to the target.
pub fn merge(conn: &Connection, source: i64, target: i64, actor: Actor) -> Result<()> {
    // Both ends are fenced: nothing is merged into a ticket the agent cannot see.
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(source))?;
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(target))?;
    if source == target {
        return Err(StoreError::Constraint(
            "a ticket cannot be merged into itself".into(),
        ));
    }
    status_of(conn, target)?;
    let source_status = status_of(conn, source)?;
    if source_status == Status::Closed
        && conn
            .query_row(
                "SELECT merged_into_id IS NOT NULL FROM tickets WHERE id = ?1",
                [source],
                |r| r.get(0),
            )
            .unwrap_or(false)
    {
        return Err(StoreError::Constraint(format!(
            "ticket {source} was merged already"
        )));
    }
    conn.execute(
        "INSERT INTO messages (ticket_id, author, agent_id, kind, channel, body, duration_s, created_at)
         SELECT ?2, author, agent_id, kind, channel, body, duration_s, created_at FROM messages WHERE ticket_id = ?1",
        params![source, target],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) SELECT ?2, tag FROM ticket_tags WHERE ticket_id = ?1",
        params![source, target],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO ticket_links (ticket_id, other_id, kind, created_at) VALUES (?1, ?2, 'merged_into', ?3)",
        params![source, target, actor.now],
    )?;
    conn.execute(
        "UPDATE tickets SET merged_into_id = ?2 WHERE id = ?1",
        params![source, target],
    )?;
    event(
        conn,
        target,
        actor,
        "merged",
        Some(&source.to_string()),
        Some(&target.to_string()),
        None,
    )?;
    event(
        conn,
        source,
        actor,
        "merged",
        Some(&source.to_string()),
        Some(&target.to_string()),
        None,
    )?;
    touch(conn, target, actor)?;
    set_status(conn, source, Status::Closed, actor)?;
    touch(conn, source, actor)?;
    Ok(())
}

/// Stores a finished work session of `agent` (for AHT).
pub fn record_work_session(
    conn: &Connection,
    agent: i64,
    session: &crate::worktime::Finished,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO work_sessions (agent_id, ticket_id, started_at, ended_at, active_s) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![agent, session.ticket, session.started, session.ended, session.active_s])?;
    Ok(())
}
