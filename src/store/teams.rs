//! Teams: names tickets can be handed to.

use rusqlite::Connection;

use super::Result;
use crate::text::clean_line;

/// Every team's name, alphabetically.
pub fn names(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM teams ORDER BY name COLLATE NOCASE")?
        .query_map([], |r| r.get::<_, String>(0))?
        .map(|name| name.map(|n| clean_line(&n)))
        .collect::<rusqlite::Result<_>>()?)
}
