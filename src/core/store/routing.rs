//! Routing on arrival: rules kept in the database choose a new ticket's
//! team, then optionally an agent of that team.
//!
//! Rules are tried in order of position; the first that matches decides.
//! A rule matches on one field of the new ticket:
//! - `channel`: the channel is the value (email, phone, chat, …);
//! - `tag`: the ticket has the tag;
//! - `subject`: the subject contains the value (any case);
//! - `organisation`: the customer's organisation is the value (any case);
//! - `language`: the ticket's language is the value (en, nl, …).
//!
//! Its strategy then picks an agent among the team's agents who are
//! available (a fresh heartbeat), under capacity (active tickets below their
//! capacity) and may take the ticket by tier, language and skills (the rules
//! of "next ticket", [`super::claim`]):
//! - `none`: nobody; the ticket waits in the team's queue;
//! - `skills`: the agent with most of the ticket's tags among their skills,
//!   then the least loaded;
//! - `round_robin`: the next agent after the one this rule served last;
//! - `least_loaded`: the agent with the fewest active tickets.
//!
//! When no agent qualifies the ticket stays with the team, unassigned.
//! Routing runs inside `create_ticket`'s transaction, so every new ticket
//! (`loket ticket new`, the console's new-ticket form) is routed as it
//! lands. Imports are not routed: they bring their own team and assignee.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::fields;
use super::journal::Actor;
use super::names;
use super::{Result, StoreError};
use crate::text::clean_line;

/// What a rule looks at.
pub const FIELDS: &[&str] = &["channel", "tag", "subject", "organisation", "language"];

/// How a rule picks an agent.
pub const STRATEGIES: &[&str] = &["none", "skills", "round_robin", "least_loaded"];

/// A routing rule as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: i64,
    pub position: i64,
    pub field: String,
    pub value: String,
    pub team: String,
    pub strategy: String,
}

/// What routing did with a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    pub rule: i64,
    pub team: i64,
    pub agent: Option<i64>,
}

/// A field name as typed: any case, `org` for organisation.
pub fn parse_field(s: &str) -> std::result::Result<&'static str, String> {
    let lower = s.trim().to_ascii_lowercase();
    let lower = match lower.as_str() {
        "org" | "organization" => "organisation".to_string(),
        "keyword" => "subject".to_string(),
        other => other.to_string(),
    };
    FIELDS.iter().copied().find(|f| *f == lower).ok_or_else(|| {
        format!(
            "'{s}' is not a field routing looks at; use one of: {}",
            FIELDS.join(", ")
        )
    })
}

/// A strategy name as typed: any case, dashes or underscores.
pub fn parse_strategy(s: &str) -> std::result::Result<&'static str, String> {
    let lower = s.trim().to_ascii_lowercase().replace('-', "_");
    let lower = if lower == "skills_based" {
        "skills".to_string()
    } else {
        lower
    };
    STRATEGIES
        .iter()
        .copied()
        .find(|f| *f == lower)
        .ok_or_else(|| {
            format!(
                "'{s}' is not a routing strategy; use one of: {}",
                STRATEGIES.join(", ").replace('_', "-")
            )
        })
}

/// Every rule, in the order they are tried.
pub fn list(conn: &Connection) -> Result<Vec<Rule>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id, r.position, r.field, r.value, tm.name, r.strategy
             FROM routing_rules r JOIN teams tm ON tm.id = r.team_id ORDER BY r.position, r.id",
        )?
        .query_map([], |r| {
            Ok(Rule {
                id: r.get(0)?,
                position: r.get(1)?,
                field: r.get(2)?,
                value: clean_line(&r.get::<_, String>(3)?),
                team: clean_line(&r.get::<_, String>(4)?),
                strategy: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Adds a rule at `position` (1 is tried first; `None`: after the others),
/// moving later rules down. The team must exist.
pub fn add(
    conn: &Connection,
    field: &str,
    value: &str,
    team: &str,
    strategy: &str,
    position: Option<i64>,
) -> Result<i64> {
    let field = parse_field(field).map_err(StoreError::Constraint)?;
    let strategy = parse_strategy(strategy).map_err(StoreError::Constraint)?;
    let value = clean_line(value).trim().to_string();
    if value.is_empty() {
        return Err(StoreError::Constraint(
            "a rule needs a value to match, like --value email".into(),
        ));
    }
    let value = match field {
        "tag" => names::normalise_tag(&value),
        "channel" => value
            .parse::<crate::domain::Channel>()
            .map_err(|e| StoreError::Constraint(e.to_string()))?
            .as_str()
            .to_string(),
        "language" => value.to_lowercase(),
        _ => value,
    };
    let team_id = names::team_id(conn, team).map_err(|_| {
        let known = super::teams::names(conn).unwrap_or_default();
        StoreError::NotFound {
            what: format!(
                "team '{team}' (teams: {}; an agent's --team creates one)",
                if known.is_empty() {
                    "none yet".into()
                } else {
                    known.join(", ")
                }
            ),
        }
    })?;
    let last: i64 = conn.query_row(
        "SELECT coalesce(max(position), 0) FROM routing_rules",
        [],
        |r| r.get(0),
    )?;
    let position = match position {
        Some(p) if p >= 1 && p <= last => {
            conn.execute(
                "UPDATE routing_rules SET position = position + 1 WHERE position >= ?1",
                [p],
            )?;
            p
        }
        Some(p) if p < 1 => {
            return Err(StoreError::Constraint(format!(
                "position {p} does not exist; 1 is the first rule"
            )));
        }
        _ => last + 1,
    };
    conn.execute(
        "INSERT INTO routing_rules (position, field, value, team_id, strategy) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![position, field, value, team_id, strategy],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Removes a rule; later rules move up.
pub fn remove(conn: &Connection, id: i64) -> Result<Rule> {
    let rule = list(conn)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| StoreError::NotFound {
            what: format!("routing rule {id}"),
        })?;
    conn.execute("DELETE FROM routing_rules WHERE id = ?1", [id])?;
    conn.execute(
        "UPDATE routing_rules SET position = position - 1 WHERE position > ?1",
        [rule.position],
    )?;
    Ok(rule)
}

/// The first rule that matches the ticket: (rule id, team id, strategy).
fn matching_rule(conn: &Connection, ticket: i64) -> Result<Option<(i64, i64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id, r.team_id, r.strategy FROM routing_rules r, tickets t
               JOIN customers c ON c.id = t.customer_id
             WHERE t.id = ?1 AND CASE r.field
                WHEN 'channel' THEN t.channel = r.value
                WHEN 'tag' THEN EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = r.value)
                WHEN 'subject' THEN instr(lower(t.subject), lower(r.value)) > 0
                WHEN 'organisation' THEN lower(coalesce(c.organisation, '')) = lower(r.value)
                WHEN 'language' THEN lower(t.language) = lower(r.value)
                ELSE 0 END
             ORDER BY r.position, r.id LIMIT 1",
        )?
        .query_row([ticket], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// The agents of `team` who may get `ticket` now, each with its load and
/// how many of the ticket's tags are among its skills, by id.
fn candidates(conn: &Connection, ticket: i64, team: i64, now: i64) -> Result<Vec<(i64, i64, i64)>> {
    let sql = format!(
        "SELECT a.id,
                (SELECT count(*) FROM tickets l WHERE l.assignee_id = a.id AND l.is_active = 1) AS load,
                (SELECT count(*) FROM ticket_tags g, json_each(a.skills) s WHERE g.ticket_id = t.id AND s.value = g.tag)
         FROM agents a, tickets t
         WHERE t.id = :ticket AND a.active = 1 AND a.status = 'available' AND a.heartbeat_at >= :fresh
           AND EXISTS (SELECT 1 FROM agent_teams x WHERE x.agent_id = a.id AND x.team_id = :team)
           AND (SELECT count(*) FROM tickets l WHERE l.assignee_id = a.id AND l.is_active = 1) < a.capacity
           AND {}
         ORDER BY a.id",
        super::list::claimable::FOR_AGENT
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(
            rusqlite::named_params! {
                ":ticket": ticket,
                ":team": team,
                ":fresh": now - super::agents::AGENT_TTL_SECS,
                ":restricted": false,
            },
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<rusqlite::Result<_>>()?)
}

/// Routes a new ticket by the first matching rule: its team, then an agent
/// by the rule's strategy. Events: `team_changed` and `assigned`, each with
/// the detail `routing rule N (strategy)`. `None` when no rule matches.
pub fn route(conn: &Connection, ticket: i64, actor: Actor) -> Result<Option<Routed>> {
    let Some((rule, team, strategy)) = matching_rule(conn, ticket)? else {
        return Ok(None);
    };
    let detail = format!("routing rule {rule} ({})", strategy.replace('_', "-"));
    if fields::set_team_unchecked(conn, ticket, Some(team), actor)? {
        annotate(conn, ticket, "team_changed", &detail)?;
    }
    let pool = if strategy == "none" {
        Vec::new()
    } else {
        candidates(conn, ticket, team, actor.now)?
    };
    let agent = match strategy.as_str() {
        "skills" => pool
            .iter()
            .max_by(|a, b| a.2.cmp(&b.2).then(b.1.cmp(&a.1)).then(b.0.cmp(&a.0)))
            .map(|a| a.0),
        "least_loaded" => pool
            .iter()
            .min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|a| a.0),
        "round_robin" => {
            let last: Option<i64> = conn.query_row(
                "SELECT last_agent_id FROM routing_rules WHERE id = ?1",
                [rule],
                |r| r.get(0),
            )?;
            let after = last.unwrap_or(0);
            let next = pool
                .iter()
                .find(|a| a.0 > after)
                .or_else(|| pool.first())
                .map(|a| a.0);
            if let Some(id) = next {
                conn.execute(
                    "UPDATE routing_rules SET last_agent_id = ?2 WHERE id = ?1",
                    params![rule, id],
                )?;
            }
            next
        }
        _ => None,
    };
    if let Some(id) = agent
        && fields::assign_unchecked(conn, ticket, Some(id), actor)?
    {
        annotate(conn, ticket, "assigned", &detail)?;
    }
    Ok(Some(Routed { rule, team, agent }))
}

/// Puts `detail` on the ticket's latest event of `kind`.
pub(super) fn annotate(conn: &Connection, ticket: i64, kind: &str, detail: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE events SET detail = ?3 WHERE id = (SELECT max(id) FROM events WHERE ticket_id = ?1 AND kind = ?2)",
    )?
    .execute(params![ticket, kind, detail])?;
    Ok(())
}
