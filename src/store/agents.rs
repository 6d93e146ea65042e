//! Agents: who uses the console.

use rusqlite::{Connection, OptionalExtension};

use super::Result;
use crate::domain::Role;

/// An agent as the console needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub tier: i64,
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Agent> {
    Ok(Agent {
        id: r.get(0)?,
        name: r.get(1)?,
        display_name: crate::text::clean_line(&r.get::<_, String>(2)?),
        role: r.get(3)?,
        tier: r.get(4)?,
    })
}

/// The active agent whose login name is `name` (case-insensitive).
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<Agent>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name, display_name, role, tier FROM agents
             WHERE name = ?1 COLLATE NOCASE AND active = 1",
        )?
        .query_row([name], map)
        .optional()?)
}

/// Every active agent, by name.
pub fn list(conn: &Connection) -> Result<Vec<Agent>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name, display_name, role, tier FROM agents WHERE active = 1 ORDER BY name",
        )?
        .query_map([], map)?
        .collect::<rusqlite::Result<_>>()?)
}
