//! One field of a ticket changed: status, priority, assignee, team, tier,
//! tags. Each function runs inside the caller's transaction, records an
//! event for the field it changes and moves the ticket's version
//! ([`super::journal`]). Routing, escalation and the agents' removal use
//! these setters; creating tickets and adding messages ([`super::changes`])
//! sit above them.

use rusqlite::{Connection, OptionalExtension, params};

use super::journal::{Actor, event, not_found, status_of, touch};
use super::names::normalise_tag;
use super::rights::{self, Right};
use super::settings::{calendar, sla_policies};
use super::{Result, StoreError};
use crate::domain::{Priority, Status};

/// Sets the status. Solving stamps `solved_at`; leaving a solved or closed
/// ticket is a reopen; leaving pending moves the resolution target out by the
/// business time the ticket waited on the customer.
pub fn set_status(conn: &Connection, ticket: i64, status: Status, actor: Actor) -> Result<bool> {
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?;
    set_status_unchecked(conn, ticket, status, actor)
}

/// [`set_status`] for callers that checked a right of their own.
pub(crate) fn set_status_unchecked(
    conn: &Connection,
    ticket: i64,
    status: Status,
    actor: Actor,
) -> Result<bool> {
    let old = status_of(conn, ticket)?;
    if old == status {
        return Ok(false);
    }
    if old == Status::Pending {
        let since: Option<i64> = conn
            .prepare_cached(
                "SELECT max(at) FROM events WHERE ticket_id = ?1 AND to_value = 'pending'
                 AND kind IN ('status_changed', 'reopened', 'solved')",
            )?
            .query_row([ticket], |r| r.get(0))?;
        if let Some(since) = since {
            let cal = calendar(conn)?;
            let paused = cal.business_secs_between(since, actor.now);
            let due: Option<i64> = conn.query_row(
                "SELECT resolution_due_at FROM tickets WHERE id = ?1",
                [ticket],
                |r| r.get(0),
            )?;
            if let Some(due) = due
                && paused > 0
            {
                let moved = cal.add_business_secs(due, paused).unwrap_or(due);
                conn.execute(
                    "UPDATE tickets SET resolution_due_at = ?2 WHERE id = ?1",
                    params![ticket, moved],
                )?;
            }
        }
    }
    let kind = if status == Status::Solved {
        "solved"
    } else if matches!(old, Status::Solved | Status::Closed) && status.is_active() {
        "reopened"
    } else {
        "status_changed"
    };
    conn.prepare_cached(
        "UPDATE tickets SET status = ?2,
            solved_at = CASE WHEN ?2 = 'solved' THEN ?3 ELSE solved_at END,
            closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed_at END
         WHERE id = ?1",
    )?
    .execute(params![ticket, status, actor.now])?;
    event(
        conn,
        ticket,
        actor,
        kind,
        Some(old.as_str()),
        Some(status.as_str()),
        None,
    )?;
    super::survey_mail::status_changed(conn, ticket, old, status, actor.now)?;
    touch(conn, ticket, actor)?;
    Ok(true)
}

/// Sets the priority and re-derives the SLA targets from the new priority's
/// policy, keeping any time already added for waiting on the customer.
pub fn set_priority(
    conn: &Connection,
    ticket: i64,
    priority: Priority,
    actor: Actor,
) -> Result<bool> {
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?;
    let (old, created, resolve_due): (Priority, i64, Option<i64>) = conn
        .prepare_cached(
            "SELECT priority, created_at, resolution_due_at FROM tickets WHERE id = ?1",
        )?
        .query_row([ticket], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| not_found(ticket))?;
    if old == priority {
        return Ok(false);
    }
    let cal = calendar(conn)?;
    let mut policies = sla_policies(conn)?;
    let paused = match (policies.get(&old), resolve_due) {
        (Some(p), Some(due)) => cal
            .due(created, p.resolution)
            .map(|plain| cal.business_secs_between(plain, due))
            .unwrap_or(0),
        _ => 0,
    };
    let (policy_id, first_due, resolution_due) = match policies.remove(&priority) {
        Some(p) => (
            Some(p.id),
            cal.due(created, p.first_response),
            cal.due(created, p.resolution)
                .and_then(|d| cal.add_business_secs(d, paused).or(Some(d))),
        ),
        None => (None, None, None),
    };
    conn.execute(
        "UPDATE tickets SET priority = ?2, sla_policy_id = ?3, first_response_due_at = ?4, resolution_due_at = ?5
         WHERE id = ?1",
        params![ticket, priority, policy_id, first_due, resolution_due],
    )?;
    event(
        conn,
        ticket,
        actor,
        "priority_changed",
        Some(old.as_str()),
        Some(priority.as_str()),
        None,
    )?;
    touch(conn, ticket, actor)?;
    Ok(true)
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
