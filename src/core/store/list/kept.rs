//! A list's count kept between reads while the desk does not change.
//!
//! Every queue page carries its list's total (the "N" of `… / N`), and at
//! a million tickets the exact `count(*)` of "all" is most of what a page
//! costs (7 ms of the 8–12 ms, BENCHMARKS.md, issue 13). The total changes
//! only when the desk does, so the last few counts are kept in a temporary
//! table of the connection, each stamped with what says nothing was
//! written since: `PRAGMA data_version` (another connection's commit) and
//! the connection's own count of changes. A count is reused only when both
//! are what they were when it was counted; otherwise it is counted again.
//!
//! The kept counts are written with `CREATE TABLE … AS SELECT`, which
//! SQLite does not count as changes (an `INSERT` would be one): keeping a
//! count must not look like a write, or it would throw away the search's
//! kept matches ([`super::search`]), stamped the same way, and every count
//! kept before it.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::store::Result;

/// How many counts are kept (the console counts its list, the whole desk
/// and, while a search runs, the search's list; the tests count every
/// status).
pub(super) const KEPT: i64 = 16;

/// What says the desk is as it was: another connection's commits, then
/// this connection's own writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    data_version: i64,
    changes: i64,
}

fn stamp(conn: &Connection) -> Result<Stamp> {
    Ok(Stamp {
        data_version: crate::store::watch::data_version(conn)?,
        changes: i64::try_from(conn.total_changes()).unwrap_or(i64::MAX),
    })
}

/// The one value `sql` selects with `values` bound (a count), kept: read
/// again only when something was written since it was last read.
pub(super) fn count(conn: &Connection, sql: &str, values: &[Value]) -> Result<i64> {
    // One snapshot: the stamp is read before the count, in the same read.
    let read = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    let n = counted(conn, sql, values)?;
    if let Some(read) = read {
        read.commit()?;
    }
    Ok(n)
}

fn counted(conn: &Connection, sql: &str, values: &[Value]) -> Result<i64> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS list_counts AS
             SELECT '' AS key, 0 AS data_version, 0 AS changes, 0 AS n WHERE 0",
    )?;
    let key = key_of(sql, values);
    let now = stamp(conn)?;
    let kept: Option<i64> = conn
        .prepare_cached(
            "SELECT n FROM temp.list_counts
             WHERE key = ?1 AND data_version = ?2 AND changes = ?3",
        )?
        .query_row(rusqlite::params![key, now.data_version, now.changes], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(n) = kept {
        return Ok(n);
    }
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row(rusqlite::params_from_iter(values.iter()), |r| r.get(0))?;
    // Read again: a count may write (the full-text index flushes what this
    // transaction put in it before it is read).
    let now = stamp(conn)?;
    // The counts still true are carried over with the new one; the rest
    // (counted before a write) are dropped. Read out, then the table made
    // anew (`DROP` and `CREATE … AS SELECT` count no changes; an
    // `INSERT` or `UPDATE` would).
    let mut keep: Vec<(String, i64)> = conn
        .prepare_cached(
            "SELECT key, n FROM temp.list_counts
             WHERE key <> ?1 AND data_version = ?2 AND changes = ?3
             ORDER BY rowid DESC LIMIT ?4",
        )?
        .query_map(
            rusqlite::params![key, now.data_version, now.changes, KEPT - 1],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    keep.reverse();
    keep.push((key, n));
    let rows = serde_json::to_string(&keep).unwrap_or_else(|_| "[]".into());
    conn.execute_batch("DROP TABLE temp.list_counts")?;
    conn.execute(
        "CREATE TEMP TABLE list_counts AS
             SELECT value ->> 0 AS key, ?2 AS data_version, ?3 AS changes, value ->> 1 AS n
             FROM json_each(?1)",
        rusqlite::params![rows, now.data_version, now.changes],
    )?;
    if stamp(conn)? != now {
        // Making the table wrote after all (inside a write transaction the
        // full-text index flushes at a statement's savepoint): not kept.
        conn.execute_batch("DROP TABLE temp.list_counts")?;
    }
    Ok(n)
}

/// The statement and its values, as one text: two counts are the same
/// count when both are.
fn key_of(sql: &str, values: &[Value]) -> String {
    let mut key = String::from(sql);
    for value in values {
        key.push('\u{1f}');
        match value {
            Value::Null => key.push('N'),
            Value::Integer(i) => key.push_str(&format!("I{i}")),
            Value::Real(f) => key.push_str(&format!("R{f:?}")),
            Value::Text(t) => key.push_str(&format!("T{}:{t}", t.len())),
            Value::Blob(b) => key.push_str(&format!("B{b:?}")),
        }
    }
    key
}
