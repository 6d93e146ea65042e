//! Reply drafts: what an agent has typed on a ticket and not sent yet, one
//! per agent and ticket, so it survives leaving the ticket and restarting.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::text::clean_block;

/// A saved draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub ticket: i64,
    /// An internal note rather than a public reply.
    pub internal: bool,
    pub body: String,
    /// The ticket's version the draft was written against: taken when the
    /// draft was started, moved only when the agent has seen what changed.
    pub base_version: i64,
    /// When the base version was taken.
    pub base_at: Option<i64>,
    pub updated_at: i64,
}

/// The version a draft is written against, and when it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base {
    pub version: i64,
    pub at: i64,
}

/// Saves (or replaces) the agent's draft on a ticket. An empty body deletes it.
/// `base` is the version the draft is written against; `None` keeps the
/// saved draft's base (a new draft then takes the ticket's current version).
pub fn save(
    conn: &Connection,
    agent: i64,
    ticket: i64,
    internal: bool,
    body: &str,
    base: Option<Base>,
    now: i64,
) -> Result<()> {
    // A draft is work on the ticket: fenced like a reply.
    super::rights::require(
        conn,
        Some(agent),
        super::rights::Right::WorkTickets,
        Some(ticket),
    )?;
    if body.trim().is_empty() {
        return delete(conn, agent, ticket);
    }
    let kind = if internal { "internal" } else { "public" };
    conn.prepare_cached(
        "INSERT INTO drafts (agent_id, ticket_id, kind, body, base_version, base_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, coalesce(?5, (SELECT version FROM tickets WHERE id = ?2)), coalesce(?6, ?7), ?7)
         ON CONFLICT (agent_id, ticket_id) DO UPDATE SET
            kind = excluded.kind, body = excluded.body,
            base_version = coalesce(?5, base_version), base_at = coalesce(?6, base_at),
            updated_at = excluded.updated_at",
    )?
    .execute(params![
        agent,
        ticket,
        kind,
        body,
        base.map(|b| b.version),
        base.map(|b| b.at),
        now
    ])?;
    Ok(())
}

/// Something that happened on a ticket after a draft's base, by someone
/// else: why a send is held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Happened {
    /// An event kind (`assigned`, `status_changed`, …) or `message`.
    pub kind: String,
    /// Who: an agent's display name; `None` for the customer or the system.
    pub who: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// For messages: customer, public, internal or call.
    pub detail: Option<String>,
    pub at: i64,
}

/// Whether a reply written against `base` must be held: the ticket's
/// version moved and someone other than `me` (another agent, the customer,
/// the system) changed it after `base.at`. Returns the ticket's current
/// version and what happened, oldest first; `None` when it may go out.
pub fn held(
    conn: &Connection,
    ticket: i64,
    base: Base,
    me: i64,
) -> Result<Option<(i64, Vec<Happened>)>> {
    let version: i64 = conn
        .prepare_cached("SELECT version FROM tickets WHERE id = ?1")?
        .query_row([ticket], |r| r.get(0))
        .optional()?
        .ok_or_else(|| super::StoreError::NotFound {
            what: format!("ticket {ticket}"),
        })?;
    if version == base.version {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT e.kind, a.display_name, e.from_value, e.to_value, NULL, e.at, e.id, 0 FROM events e
           LEFT JOIN agents a ON a.id = e.agent_id
          WHERE e.ticket_id = ?1 AND e.at >= ?2 AND e.agent_id IS NOT ?3 AND e.kind <> 'collision'
         UNION ALL
         SELECT 'message', a.display_name, NULL, NULL,
                CASE WHEN m.author = 'customer' THEN 'customer' ELSE m.kind END, m.created_at, m.id, 1
           FROM messages m LEFT JOIN agents a ON a.id = m.agent_id
          WHERE m.ticket_id = ?1 AND m.created_at >= ?2 AND m.agent_id IS NOT ?3
         ORDER BY 6, 8, 7",
    )?;
    let happened = stmt
        .query_map(params![ticket, base.at, me], |r| {
            Ok(Happened {
                kind: r.get(0)?,
                who: r
                    .get::<_, Option<String>>(1)?
                    .map(|s| crate::text::clean_line(&s)),
                from: r.get(2)?,
                to: r.get(3)?,
                detail: r.get(4)?,
                at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((!happened.is_empty()).then_some((version, happened)))
}

/// The agent's draft on a ticket, if any.
pub fn load(conn: &Connection, agent: i64, ticket: i64) -> Result<Option<Draft>> {
    Ok(conn
        .prepare_cached(
            "SELECT kind, body, base_version, updated_at, base_at FROM drafts
             WHERE agent_id = ?1 AND ticket_id = ?2",
        )?
        .query_row(params![agent, ticket], |r| {
            Ok(Draft {
                ticket,
                internal: r.get::<_, String>(0)? == "internal",
                body: clean_block(&r.get::<_, String>(1)?),
                base_version: r.get(2)?,
                updated_at: r.get(3)?,
                base_at: r.get(4)?,
            })
        })
        .optional()?)
}

/// Deletes the agent's draft on a ticket (sent or emptied); no draft is fine.
pub fn delete(conn: &Connection, agent: i64, ticket: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM drafts WHERE agent_id = ?1 AND ticket_id = ?2")?
        .execute(params![agent, ticket])?;
    Ok(())
}
