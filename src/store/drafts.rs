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
    /// The ticket's version when the draft was last saved.
    pub base_version: i64,
    pub updated_at: i64,
}

/// Saves (or replaces) the agent's draft on a ticket. An empty body deletes it.
pub fn save(
    conn: &Connection,
    agent: i64,
    ticket: i64,
    internal: bool,
    body: &str,
    now: i64,
) -> Result<()> {
    if body.trim().is_empty() {
        return delete(conn, agent, ticket);
    }
    let kind = if internal { "internal" } else { "public" };
    conn.prepare_cached(
        "INSERT INTO drafts (agent_id, ticket_id, kind, body, base_version, updated_at)
         VALUES (?1, ?2, ?3, ?4, (SELECT version FROM tickets WHERE id = ?2), ?5)
         ON CONFLICT (agent_id, ticket_id) DO UPDATE SET
            kind = excluded.kind, body = excluded.body,
            base_version = excluded.base_version, updated_at = excluded.updated_at",
    )?
    .execute(params![agent, ticket, kind, body, now])?;
    Ok(())
}

/// The agent's draft on a ticket, if any.
pub fn load(conn: &Connection, agent: i64, ticket: i64) -> Result<Option<Draft>> {
    Ok(conn
        .prepare_cached(
            "SELECT kind, body, base_version, updated_at FROM drafts
             WHERE agent_id = ?1 AND ticket_id = ?2",
        )?
        .query_row(params![agent, ticket], |r| {
            Ok(Draft {
                ticket,
                internal: r.get::<_, String>(0)? == "internal",
                body: clean_block(&r.get::<_, String>(1)?),
                base_version: r.get(2)?,
                updated_at: r.get(3)?,
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
