//! Loading many rows at once, shared by the generator and the import:
//! multi-row INSERTs ([`rows`]), plain indexes and triggers set aside while
//! the rows go in and built again at the end of the same transaction
//! ([`SecondaryIndexes`]), and a rollback journal instead of WAL while a
//! fresh desk is filled ([`leave_wal`]).

pub mod rows;
pub mod search;

use rusqlite::{Connection, Transaction};

use crate::store::Result;
use search::SearchBuilder;

/// The tables the generator fills with millions of rows.
pub const GENERATED_TABLES: &[&str] = &[
    "tickets",
    "ticket_tags",
    "messages",
    "events",
    "surveys",
    "work_sessions",
    "kb_views",
];

/// The tables an import fills: its tickets a ticket at a time, then the
/// surveys and article views (the ones already there are counted in
/// memory, so no lookup needs their indexes).
pub const IMPORTED_TABLES: &[&str] = &[
    "tickets",
    "ticket_tags",
    "messages",
    "events",
    "work_sessions",
    "surveys",
    "kb_views",
];

/// The plain (non-unique) indexes of some tables, dropped for a bulk load
/// and built again from their own `CREATE INDEX` text at the end, inside the
/// same transaction. Building an index from finished rows is one sort;
/// keeping it up to date row by row is millions of scattered b-tree
/// inserts. The schema afterwards is exactly what it was; if anything
/// fails, the transaction takes the drops back with everything else.
///
/// Triggers on those tables (the ones that keep the ticket search indexes in step, and
/// the rollups' dirty marks) are dropped the same way, and the full-text
/// indexes built once at the end; the caller brings the rollups up to date.
pub struct SecondaryIndexes {
    definitions: Vec<String>,
    /// Whether `kb_views` was among the tables: its triggers keep the
    /// hourly self-service counts, filled again when they are back.
    views: bool,
}

/// The full-text indexes over bulk tables, emptied and filled from their
/// content at the end, after the plain indexes are back (a ticket's
/// document reads its messages through `messages_ticket`): one document per
/// ticket, from the view the triggers read too (`sql/0012_search.sql`).
const FTS_FILL: &[&str] = &[
    "INSERT INTO tickets_fts(tickets_fts) VALUES ('delete-all')",
    "INSERT INTO open_tickets_fts(open_tickets_fts) VALUES ('delete-all')",
    "INSERT INTO tickets_fts(rowid, subject, customer, messages)
     SELECT id, subject, customer, messages FROM ticket_search_text",
    "INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
     SELECT id, subject, customer, messages FROM ticket_search_text WHERE active",
];

impl SecondaryIndexes {
    pub fn drop(tx: &Transaction<'_>, tables: &[&str]) -> Result<SecondaryIndexes> {
        let mut found: Vec<(String, String)> = Vec::new();
        let mut stmt = tx.prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE ((type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%') OR type = 'trigger')
               AND sql IS NOT NULL AND tbl_name = ?1
             ORDER BY type, name",
        )?;
        for table in tables {
            let rows = stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                found.push(row?);
            }
        }
        for (name, sql) in &found {
            let kind = if sql.starts_with("CREATE TRIGGER") {
                "TRIGGER"
            } else {
                "INDEX"
            };
            tx.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
        }
        Ok(SecondaryIndexes {
            definitions: found.into_iter().map(|(_, sql)| sql).collect(),
            views: tables.contains(&"kb_views"),
        })
    }

    /// Puts the indexes and triggers back, then indexes every ticket's text
    /// again from scratch: a ticket's document is built from all its
    /// messages, so the rows loaded and those there before are indexed alike.
    pub fn rebuild(self, tx: &Transaction<'_>) -> Result<()> {
        self.put_back(tx)?;
        for fill in FTS_FILL {
            let started = std::time::Instant::now();
            tx.execute_batch(fill)?;
            tracing::info!(elapsed = ?started.elapsed(), sql = %first_words(fill), "bulk load: full-text index built");
        }
        Ok(())
    }

    /// Puts the indexes and triggers back, then copies in the ticket search
    /// indexes `search` built from every ticket's document meanwhile; for a
    /// load into a desk without tickets, whose every ticket was handed to
    /// `search`.
    pub fn rebuild_with(self, tx: &Transaction<'_>, search: SearchBuilder) -> Result<()> {
        self.put_back(tx)?;
        let started = std::time::Instant::now();
        search.finish(tx)?;
        tracing::info!(elapsed = ?started.elapsed(), "bulk load: full-text indexes copied from the second thread");
        Ok(())
    }

    fn put_back(&self, tx: &Transaction<'_>) -> Result<()> {
        let started = std::time::Instant::now();
        for sql in &self.definitions {
            tx.execute_batch(sql)?;
        }
        if self.views {
            crate::store::self_service::refill(tx)?;
        }
        tracing::info!(elapsed = ?started.elapsed(), count = self.definitions.len(), "bulk load: indexes and triggers built");
        Ok(())
    }
}

/// The calling thread's time on a CPU so far, where the system says
/// (Linux): a bulk load's threads log it, since on a busy machine the wall
/// time of a phase says more about the other programs than about the load.
pub fn thread_cpu() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(std::time::Duration::from_nanos(nanos))
}

/// The start of a statement, for the phase timings in the log.
fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(4).collect::<Vec<_>>().join(" ")
}

/// Switches a WAL database to a rollback journal for a bulk load, when no
/// other connection has it open; returns whether it did.
///
/// A million tickets are about 1.8 GB written in one transaction. In WAL
/// mode every page is written twice (to the WAL, then checkpointed into
/// the file) and pages evicted from the cache are read back through the
/// WAL index. With a rollback journal, pages beyond the file's size at the
/// start need no journal copy, so a fresh desk is written once. Opening the
/// database with [`crate::store::open`] turns WAL back on if this process
/// dies before it restores it.
pub fn leave_wal(conn: &Connection) -> bool {
    let mode = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, String>(0));
    match mode("PRAGMA journal_mode") {
        Ok(current) if current.eq_ignore_ascii_case("wal") => {
            matches!(mode("PRAGMA journal_mode = TRUNCATE"), Ok(m) if m.eq_ignore_ascii_case("truncate"))
        }
        _ => false,
    }
}

/// Puts a database [`leave_wal`] switched back into WAL mode.
pub fn back_to_wal(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
    Ok(())
}
