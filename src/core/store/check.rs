//! `loket check`: is the desk sound? Read-only; it changes nothing.
//!
//! - SQLite's `PRAGMA integrity_check`: every b-tree, index, `CHECK`
//!   constraint and (SQLite's own xIntegrity of FTS5) the full-text indexes;
//! - `PRAGMA foreign_key_check`: no row points at a row that is gone;
//! - the KPI rollups: computed again from the tickets by the same code as
//!   `loket rollup --rebuild` ([`super::rollups::rebuild`]), into temporary
//!   tables of this connection only (a temporary table of the same name
//!   comes first in SQLite's name lookup, so the rebuild's plain
//!   `INSERT INTO rollups` lands there), then compared row by row with
//!   what is stored (the hourly self-service view counts,
//!   `store::self_service`, refilled by that rebuild, with them). The desk's own tables are only read, inside one read
//!   transaction, so other agents go on writing meanwhile.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::Result;

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// `integrity`, `foreign-key`, `rollups`.
    pub kind: &'static str,
    /// What SQLite or the comparison said.
    pub detail: String,
}

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Findings {
    pub tickets: i64,
    /// The rollup rows compared (sums, tickets' rows and kept durations).
    pub rollup_rows: i64,
    pub problems: Vec<Problem>,
}

impl Findings {
    pub fn sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// At most this many lines of one kind are kept: a badly damaged file
/// would otherwise print millions.
const MAX_PER_KIND: usize = 20;

/// The rollup tables, compared on every column, zero sums left out (a
/// ticket's change can leave a row that sums to nothing; a rebuild writes none).
const ROLLUP_TABLES: [(&str, &str, &str); 4] = [
    (
        "rollups",
        "grouping, grp, measure, day, n, total",
        "n <> 0 OR total <> 0",
    ),
    (
        "rollup_tickets",
        "ticket_id, team, assignee, channel, priority, cells, due_a, due_b, active",
        "1",
    ),
    (
        "rollup_values",
        "measure, bucket, day, value, ticket_id, team, assignee, channel, priority",
        "1",
    ),
    // Self-service views per hour (`store::self_service`), kept by triggers.
    ("kb_views_hourly", "hour, n", "n <> 0"),
];

/// Checks the desk open on `conn` (which may be read-only). `now` is the
/// instant the rollups are computed at again, as `rollup --rebuild` would.
pub fn check(conn: &Connection, now: i64) -> Result<Findings> {
    let mut problems = integrity(conn)?;
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
    let tickets: i64 = tx.query_row("SELECT count(*) FROM main.tickets", [], |r| r.get(0))?;
    let pending: i64 = tx.query_row("SELECT count(*) FROM main.rollup_dirty", [], |r| r.get(0))?;
    if pending > 0 {
        problems.push(Problem {
            kind: "rollups",
            detail: format!(
                "{pending} changed ticket(s) not rolled up yet (written outside loket); any loket write brings them up to date"
            ),
        });
    }
    let rollup_rows = compare_rollups(&tx, now, &mut problems)?;
    // Only temporary tables were written; they go with the connection's
    // transaction.
    tx.rollback()?;
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.rollups; DROP TABLE IF EXISTS temp.rollup_tickets;
         DROP TABLE IF EXISTS temp.rollup_values; DROP TABLE IF EXISTS temp.rollup_dirty;
         DROP TABLE IF EXISTS temp.kb_views_hourly;",
    )?;
    Ok(Findings {
        tickets,
        rollup_rows,
        problems,
    })
}

/// `integrity_check` and `foreign_key_check`, as problems.
pub fn integrity(conn: &Connection) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let lines = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for line in lines {
        let line = line?;
        if line != "ok" && problems.len() < MAX_PER_KIND {
            problems.push(Problem {
                kind: "integrity",
                detail: line,
            });
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "{} row {} points at a missing {} row",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?
                .map_or_else(|| "?".to_string(), |id| id.to_string()),
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut missing = 0_usize;
    for row in rows {
        let row = row?;
        missing += 1;
        if missing <= MAX_PER_KIND {
            problems.push(Problem {
                kind: "foreign-key",
                detail: row,
            });
        }
    }
    Ok(problems)
}

/// Rebuilds the rollups into temporary tables and compares. Returns the
/// number of stored rows compared.
fn compare_rollups(tx: &Transaction<'_>, now: i64, problems: &mut Vec<Problem>) -> Result<i64> {
    for table in [
        "rollups",
        "rollup_tickets",
        "rollup_values",
        "rollup_dirty",
        "kb_views_hourly",
    ] {
        let sql: String = tx.query_row(
            "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        let temp = sql.replacen("CREATE TABLE", "CREATE TEMP TABLE", 1);
        tx.execute_batch(&format!("DROP TABLE IF EXISTS temp.{table}; {temp}"))?;
    }
    super::rollups::rebuild(tx, now)?;
    let mut compared = 0;
    for (table, columns, kept) in ROLLUP_TABLES {
        let stored: i64 = tx.query_row(
            &format!("SELECT count(*) FROM main.{table} WHERE {kept}"),
            [],
            |r| r.get(0),
        )?;
        compared += stored;
        let differ = |a: &str, b: &str| -> Result<i64> {
            Ok(tx.query_row(
                &format!(
                    "SELECT count(*) FROM (SELECT {columns} FROM {a}.{table} WHERE {kept}
                     EXCEPT SELECT {columns} FROM {b}.{table} WHERE {kept})"
                ),
                [],
                |r| r.get(0),
            )?)
        };
        let wrong = differ("main", "temp")?;
        let missing = differ("temp", "main")?;
        let computed: i64 = tx.query_row(
            &format!("SELECT count(*) FROM temp.{table} WHERE {kept}"),
            [],
            |r| r.get(0),
        )?;
        if wrong > 0 || missing > 0 || computed != stored {
            problems.push(Problem {
                kind: "rollups",
                detail: format!(
                    "{table}: {wrong} stored row(s) differ from the tickets, {missing} row(s) missing ({stored} stored, {computed} computed); `loket rollup --rebuild` computes them again"
                ),
            });
        }
    }
    Ok(compared)
}
