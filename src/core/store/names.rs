//! Names as people type them, turned into what the store keeps: an agent's
//! or a team's id, a tag's stored spelling. Low in the store: views,
//! routing, imports and the filters all read names.

use rusqlite::{Connection, OptionalExtension};

use super::{Result, StoreError};
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

/// A tag as stored: trimmed, lower case, inner spaces as dashes.
pub fn normalise_tag(tag: &str) -> String {
    clean_line(tag)
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
}
