//! The desk's content stamp: a number in `desk_stamp` that every commit
//! changing what the desk holds moves, and presence (heartbeats, who has
//! which ticket open) does not. `PRAGMA data_version` says that another
//! connection committed; this says whether that commit was news for a
//! console's queue, ticket or dashboard, or only for its watchers.
//!
//! [`super::write()`] and [`super::write_shared()`] move it, so every
//! content write does by default; [`super::write_presence()`] moves it only
//! when the presence write changed content after all (a collision event on
//! a ticket, an agent's new status).

use rusqlite::{Connection, OptionalExtension};

use super::Result;

/// Moves the stamp, inside the caller's transaction.
pub fn bump(conn: &Connection) -> Result<()> {
    conn.prepare_cached("UPDATE desk_stamp SET content = content + 1 WHERE id = 1")?
        .execute([])?;
    Ok(())
}

/// The stamp now, or `None` when it cannot tell: tickets written outside
/// loket's writes (plain SQL) are still waiting for their rollups, so
/// something changed that the stamp did not see. Callers count `None` as a
/// change every time.
pub fn read(conn: &Connection) -> Result<Option<i64>> {
    let row: Option<(i64, bool)> = conn
        .prepare_cached(
            "SELECT content, EXISTS (SELECT 1 FROM rollup_dirty) FROM desk_stamp WHERE id = 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.and_then(|(content, foreign)| (!foreign).then_some(content)))
}
