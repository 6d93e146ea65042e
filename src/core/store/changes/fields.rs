//! Who and what a ticket belongs to: assignee, team, tier and tags.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Actor, event, not_found, set_status_unchecked, status_of, touch};
use crate::domain::Status;
use crate::store::rights::{self, Right};
use crate::store::{Result, StoreError};
use crate::text::clean_line;

/// The id of the active agent with this login name.
pub fn agent_id(conn: &Connection, name: &str) -> Result<i64> {
    conn.prepare_cached("SELECT id FROM agents WHERE name = ?1 COLLATE NOCASE AND active = 1")?
        .query_row([name], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("agent '{name}'"),
        })
}

/// The id of the team with this name.
pub fn team_id(conn: &Connection, name: &str) -> Result<i64> {
    conn.prepare_cached("SELECT id FROM teams WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("team '{name}'"),
        })
}

/// Assigns the ticket to an agent (or to nobody). Assigning a new ticket
/// opens it. Checked: [`rights::require_assign`].
pub fn assign(conn: &Connection, ticket: i64, agent: Option<i64>, actor: Actor) -> Result<bool> {
    rights::require_assign(conn, actor.agent_id, ticket, agent)?;
    assign_unchecked(conn, ticket, agent, actor)
}

/// [`assign`] for callers that checked a right of their own (routing acts
/// for the desk, an escalation hands the ticket on).
pub(crate) fn assign_unchecked(
    conn: &Connection,
    ticket: i64,
    agent: Option<i64>,
    actor: Actor,
) -> Result<bool> {
    let (old_id, old_name, status): (Option<i64>, Option<String>, Status) = conn
        .prepare_cached(
            "SELECT t.assignee_id, a.name, t.status FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id
             WHERE t.id = ?1",
        )?
        .query_row([ticket], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| not_found(ticket))?;
    if old_id == agent {
        return Ok(false);
    }
    let new_name: Option<String> = match agent {
        Some(id) => {
            Some(conn.query_row("SELECT name FROM agents WHERE id = ?1", [id], |r| r.get(0))?)
        }
        None => None,
    };
    conn.execute(
        "UPDATE tickets SET assignee_id = ?2 WHERE id = ?1",
        params![ticket, agent],
    )?;
    event(
        conn,
        ticket,
        actor,
        "assigned",
        old_name.as_deref(),
        new_name.as_deref(),
        None,
    )?;
    if agent.is_some() && status == Status::New {
        set_status_unchecked(conn, ticket, Status::Open, actor)?;
    }
    touch(conn, ticket, actor)?;
    Ok(true)
}

/// Hands the ticket to a team (or to none): reassigning across teams.
pub fn set_team(conn: &Connection, ticket: i64, team: Option<i64>, actor: Actor) -> Result<bool> {
    rights::require(conn, actor.agent_id, Right::Reassign, None)?;
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?;
    set_team_unchecked(conn, ticket, team, actor)
}

/// [`set_team`] for callers that checked a right of their own.
pub(crate) fn set_team_unchecked(
    conn: &Connection,
    ticket: i64,
    team: Option<i64>,
    actor: Actor,
) -> Result<bool> {
    let (old_id, old_name): (Option<i64>, Option<String>) = conn
        .prepare_cached("SELECT t.team_id, tm.name FROM tickets t LEFT JOIN teams tm ON tm.id = t.team_id WHERE t.id = ?1")?
        .query_row([ticket], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| not_found(ticket))?;
    if old_id == team {
        return Ok(false);
    }
    let new_name: Option<String> = match team {
        Some(id) => {
            Some(conn.query_row("SELECT name FROM teams WHERE id = ?1", [id], |r| r.get(0))?)
        }
        None => None,
    };
    conn.execute(
        "UPDATE tickets SET team_id = ?2 WHERE id = ?1",
        params![ticket, team],
    )?;
    event(
        conn,
        ticket,
        actor,
        "team_changed",
        old_name.as_deref(),
        new_name.as_deref(),
        None,
    )?;
    touch(conn, ticket, actor)?;
    Ok(true)
}

/// Moves the ticket to a support tier (1 to 3).
pub fn set_tier(conn: &Connection, ticket: i64, tier: i64, actor: Actor) -> Result<bool> {
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?;
    if !(1..=3).contains(&tier) {
        return Err(StoreError::Constraint(format!(
            "tier {tier} does not exist; use 1, 2 or 3"
        )));
    }
    let old: i64 = conn
        .prepare_cached("SELECT tier FROM tickets WHERE id = ?1")?
        .query_row([ticket], |r| r.get(0))
        .optional()?
        .ok_or_else(|| not_found(ticket))?;
    if old == tier {
        return Ok(false);
    }
    conn.execute(
        "UPDATE tickets SET tier = ?2 WHERE id = ?1",
        params![ticket, tier],
    )?;
    event(
        conn,
        ticket,
        actor,
        "tier_changed",
        Some(&old.to_string()),
        Some(&tier.to_string()),
        None,
    )?;
    touch(conn, ticket, actor)?;
    Ok(true)
}

/// A tag as stored: trimmed, lower case, inner spaces as dashes.
pub fn normalise_tag(tag: &str) -> String {
    clean_line(tag)
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
}

/// Adds a tag; `false` when the ticket had it already.
pub fn add_tag(conn: &Connection, ticket: i64, tag: &str, actor: Actor) -> Result<bool> {
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?;
    let tag = normalise_tag(tag);
    if tag.is_empty() {
        return Err(StoreError::Constraint("a tag cannot be empty".into()));
    }
    status_of(conn, ticket)?;
    let added = conn
        .prepare_cached("INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)")?
        .execute(params![ticket, tag])?;
    if added == 0 {
        return Ok(false);
    }
    event(conn, ticket, actor, "tagged", None, Some(&tag), None)?;
    touch(conn, ticket, actor)?;
    Ok(true)
}

/// Removes a tag; `false` when the ticket did not have it.
pub fn remove_tag(conn: &Connection, ticket: i64, tag: &str, actor: Actor) -> Result<bool> {
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?;
    let tag = normalise_tag(tag);
    status_of(conn, ticket)?;
    let removed = conn
        .prepare_cached("DELETE FROM ticket_tags WHERE ticket_id = ?1 AND tag = ?2")?
        .execute(params![ticket, tag])?;
    if removed == 0 {
        return Ok(false);
    }
    event(conn, ticket, actor, "untagged", Some(&tag), None, None)?;
    touch(conn, ticket, actor)?;
    Ok(true)
}
