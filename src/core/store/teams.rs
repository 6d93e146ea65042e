//! Teams: names tickets can be handed to.

use rusqlite::Connection;

use super::Result;
use crate::text::clean_line;

/// A team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: i64,
    pub name: String,
}

/// Every team, alphabetically by name.
pub fn list(conn: &Connection) -> Result<Vec<Team>> {
    Ok(conn
        .prepare_cached("SELECT id, name FROM teams ORDER BY name COLLATE NOCASE")?
        .query_map([], |r| {
            Ok(Team {
                id: r.get(0)?,
                name: clean_line(&r.get::<_, String>(1)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every team's name, alphabetically.
pub fn names(conn: &Connection) -> Result<Vec<String>> {
    Ok(list(conn)?.into_iter().map(|t| t.name).collect())
}
