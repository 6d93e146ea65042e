//! Escalation: moving a ticket to the next support tier, to another team,
//! or to a named subject matter expert, always with a reason; and the
//! automatic escalation of tickets about to breach their SLA.
//!
//! Every escalation writes an `escalated` event (from → to, the reason in
//! its detail) beside the events of what it changed (`tier_changed`,
//! `team_changed`, `assigned`), in one transaction. The escalation-rate KPI
//! counts these events.

use rusqlite::{Connection, OptionalExtension, params};

use super::journal::{self, Actor};
use super::{Result, StoreError, settings};
use super::{fields, names};
use crate::text::clean_line;

/// Where a ticket is escalated to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One tier up (1 → 2 → 3).
    NextTier,
    /// Another team, by name.
    Team(String),
    /// A subject matter expert, by login name.
    Expert(String),
}

/// The setting holding the automatic-escalation threshold in minutes.
pub const THRESHOLD_KEY: &str = "escalation_threshold_minutes";

/// Tickets whose next SLA target is due within this many minutes are
/// escalated automatically, unless the desk sets its own threshold.
pub const DEFAULT_THRESHOLD_MINUTES: i64 = 30;

/// The automatic-escalation threshold in seconds; 0 turns it off.
pub fn threshold_secs(conn: &Connection) -> Result<i64> {
    let minutes = settings::get(conn, THRESHOLD_KEY)?
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(DEFAULT_THRESHOLD_MINUTES);
    Ok(minutes.max(0) * 60)
}

/// Sets the threshold in minutes (0: no automatic escalation).
pub fn set_threshold_minutes(conn: &Connection, minutes: i64) -> Result<()> {
    if !(0..=10_080).contains(&minutes) {
        return Err(StoreError::Constraint(format!(
            "{minutes} minutes is not a threshold; give 0 (off) up to 10080 (a week)"
        )));
    }
    settings::set(conn, THRESHOLD_KEY, &minutes.to_string())
}

/// Escalates `ticket` with `reason`. Up a tier, an assignee below the new
/// tier lets go (the ticket goes back to the queue, for the higher tier);
/// to a team, an assignee not in that team lets go; to an expert, the
/// expert becomes the assignee.
pub fn escalate(
    conn: &Connection,
    ticket: i64,
    target: &Target,
    reason: &str,
    actor: Actor,
) -> Result<()> {
    // Escalating is an agent's right on its own teams' tickets; handing the
    // ticket on to another team or an expert is what escalating means.
    super::rights::require(
        conn,
        actor.agent_id,
        super::rights::Right::WorkTickets,
        Some(ticket),
    )?;
    let reason = clean_line(reason).trim().to_string();
    if reason.is_empty() {
        return Err(StoreError::Constraint(
            "an escalation needs a reason; say why, like --reason \"needs a refund above tier 1 limits\"".into(),
        ));
    }
    let (tier, team, team_name, assignee, assignee_name): (
        i64,
        Option<i64>,
        Option<String>,
        Option<i64>,
        Option<String>,
    ) = conn
        .prepare_cached(
            "SELECT t.tier, t.team_id, tm.name, t.assignee_id, a.name FROM tickets t
             LEFT JOIN teams tm ON tm.id = t.team_id LEFT JOIN agents a ON a.id = t.assignee_id
             WHERE t.id = ?1",
        )?
        .query_row([ticket], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("ticket {ticket}"),
        })?;
    let status = journal::status_of(conn, ticket)?;
    if !status.is_active() {
        return Err(StoreError::Constraint(format!(
            "ticket {ticket} is {status}; only open work is escalated (reopen it first)"
        )));
    }
    let agent_tier = |id: i64| -> Result<i64> {
        Ok(conn.query_row("SELECT tier FROM agents WHERE id = ?1", [id], |r| r.get(0))?)
    };
    let in_team = |agent: i64, team: i64| -> Result<bool> {
        Ok(conn
            .query_row(
                "SELECT 1 FROM agent_teams WHERE agent_id = ?1 AND team_id = ?2",
                params![agent, team],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    };
    let (from, to) = match target {
        Target::NextTier => {
            if tier >= 3 {
                return Err(StoreError::Constraint(format!(
                    "ticket {ticket} is at tier 3 already; escalate it to a team or an expert instead"
                )));
            }
            fields::set_tier(conn, ticket, tier + 1, actor)?;
            if let Some(a) = assignee
                && agent_tier(a)? < tier + 1
            {
                fields::assign_unchecked(conn, ticket, None, actor)?;
            }
            (tier.to_string(), (tier + 1).to_string())
        }
        Target::Team(name) => {
            let id = names::team_id(conn, name)?;
            if team == Some(id) {
                return Err(StoreError::Constraint(format!(
                    "ticket {ticket} is with team {name} already"
                )));
            }
            fields::set_team_unchecked(conn, ticket, Some(id), actor)?;
            if let Some(a) = assignee
                && !in_team(a, id)?
            {
                fields::assign_unchecked(conn, ticket, None, actor)?;
            }
            let new_name: String =
                conn.query_row("SELECT name FROM teams WHERE id = ?1", [id], |r| r.get(0))?;
            (team_name.unwrap_or_else(|| "—".into()), new_name)
        }
        Target::Expert(name) => {
            let id = names::agent_id(conn, name)?;
            if assignee == Some(id) {
                return Err(StoreError::Constraint(format!(
                    "ticket {ticket} is with {name} already"
                )));
            }
            fields::assign_unchecked(conn, ticket, Some(id), actor)?;
            let expert: String =
                conn.query_row("SELECT name FROM agents WHERE id = ?1", [id], |r| r.get(0))?;
            (assignee_name.unwrap_or_else(|| "—".into()), expert)
        }
    };
    journal::event(
        conn,
        ticket,
        actor,
        "escalated",
        Some(&from),
        Some(&to),
        Some(&reason),
    )?;
    Ok(())
}

/// Escalates every active ticket below tier 3 whose next SLA target falls
/// due within the threshold (and is not yet past), one tier up, unless it
/// was escalated since the threshold window before that due time opened.
/// Runs as the system (no agent). Safe when several consoles and a cron job
/// run it at once: each run is one transaction and re-checks under the lock.
/// Returns the escalated tickets.
pub fn auto_escalate(conn: &Connection, now: i64) -> Result<Vec<i64>> {
    let threshold = threshold_secs(conn)?;
    if threshold == 0 {
        return Ok(Vec::new());
    }
    let due: Vec<(i64, i64)> = conn
        .prepare_cached(
            "SELECT t.id, t.sla_next_due_at FROM tickets t
             WHERE t.is_active = 1 AND t.sla_next_due_at > ?1 AND t.sla_next_due_at <= ?2 AND t.tier < 3
               AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.kind = 'escalated'
                               AND e.at >= t.sla_next_due_at - ?3)
             ORDER BY t.sla_next_due_at, t.id",
        )?
        .query_map(params![now, now + threshold, threshold], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let actor = Actor {
        agent_id: None,
        now,
    };
    for (ticket, at) in &due {
        let minutes = (at - now + 59) / 60;
        escalate(
            conn,
            *ticket,
            &Target::NextTier,
            &format!("SLA due in {minutes} min (automatic escalation)"),
            actor,
        )?;
    }
    Ok(due.into_iter().map(|(id, _)| id).collect())
}
