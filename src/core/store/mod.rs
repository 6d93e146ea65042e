//! The SQLite store: opening (pragmas, checks, migrations), and one module of
//! free functions per aggregate over `&Connection` / `&Transaction`.
//! No ratatui in here.
//!
//! Opening order matters: a file is first inspected without writing anything,
//! so a foreign or newer file is refused untouched; only then are WAL and the
//! migrations applied, the migrations inside one IMMEDIATE transaction.

pub mod agents;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod canned;
pub mod changes;
pub mod check;
pub mod claim;
pub mod customers;
pub mod dashboard;
pub mod drafts;
mod error;
pub mod escalation;
pub mod facts;
pub mod fields;
pub mod filter;
pub mod fts;
mod header;
pub mod inbox;
pub mod journal;
pub mod kb;
pub mod list;
pub mod migrate;
pub mod names;
pub mod outbox;
pub mod policy;
pub mod presence;
pub mod quarantine;
pub mod queue;
pub mod rights;
pub mod rollups;
pub mod routing;
pub mod self_service;
pub mod settings;
pub mod stamp;
pub mod survey_mail;
pub mod teams;
pub mod tickets;
pub mod views;
pub mod visibility;
pub mod watch;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::clock::Clock;

pub use error::{Failure, Result, StoreError};

pub use header::APPLICATION_ID;

/// How long a statement waits for another process's write lock before it
/// reports busy. Generous: twenty agents may write at once.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How a database is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Read and write; create and migrate if needed.
    ReadWrite,
    /// SQLite's read-only open: nothing can be changed, not even by accident.
    ReadOnly,
}

/// Opens (creating if needed) the loket database at `path`, refusing files that
/// are not loket's or are newer than this program. `clock` is "now" for the
/// rollups an upgrade computes or a stale desk refreshes: the store never
/// reads the wall clock itself.
pub fn open(path: &Path, mode: OpenMode, clock: &dyn Clock) -> Result<Connection> {
    inspect(path)?;
    let flags = match mode {
        OpenMode::ReadWrite => {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI
        }
        OpenMode::ReadOnly => {
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI
        }
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && mode == OpenMode::ReadWrite
    {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let conn = Connection::open_with_flags(path, flags).map_err(|e| map_open_error(path, e))?;
    configure(&conn, mode).map_err(|e| map_open_error(path, e))?;
    match mode {
        OpenMode::ReadWrite => {
            migrate::migrate(&conn, path, clock)?;
            // Rows written outside loket's writes (plain SQL) leave tickets
            // noted for the rollups; bring them up to date before use.
            if rollups::stale(&conn)? {
                write_shared(&conn, clock, |_| Ok(()))?;
            }
        }
        OpenMode::ReadOnly => migrate::check_current(&conn, path)?,
    }
    Ok(conn)
}

/// An in-memory database with the current schema, for tests.
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    visibility::create_viewer_table(&conn)?;
    // A new database has no tickets to roll up, so the upgrade never asks
    // this clock; a fixed one keeps tests free of the wall clock.
    migrate::migrate(
        &conn,
        Path::new(":memory:"),
        &crate::clock::FixedClock(chrono::DateTime::UNIX_EPOCH),
    )?;
    Ok(conn)
}

/// Looks at an existing file without writing to it: is it SQLite, is it ours,
/// is it from a loket this one can read?
fn inspect(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(()); // a new file
    };
    if meta.len() == 0 {
        return Ok(());
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| map_open_error(path, e))?;
    let probe = || -> rusqlite::Result<(i64, i64, i64)> {
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app_id, version, objects))
    };
    let (app_id, version, objects) = probe().map_err(|e| map_open_error(path, e))?;
    migrate::judge(path, app_id, version, objects)
}

fn configure(conn: &Connection, mode: OpenMode) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    visibility::create_viewer_table(conn)?;
    if mode == OpenMode::ReadWrite {
        // WAL lets readers (other agents' consoles) go on while one writes.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn map_open_error(path: &Path, err: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
            }
        }
        Some(ErrorCode::CannotOpen) => StoreError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(err.to_string()),
        },
        _ => StoreError::from(err),
    }
}

/// Runs `f` in one IMMEDIATE transaction: the write lock is taken up front, so
/// two writers never deadlock on a lock upgrade, and all of `f` lands or none.
/// The KPI rollups of every ticket `f` touched are brought up to date in the
/// same transaction, at `clock`'s "now", and the content stamp moves ([`settle`]).
pub fn write<T>(
    conn: &mut Connection,
    clock: &dyn Clock,
    f: impl FnOnce(&Transaction<'_>) -> Result<T>,
) -> Result<T> {
    write_shared(conn, clock, f)
}

/// [`write()`] over a shared connection, for the console's worker, which
/// owns its connection but answers requests through `&Connection`. The
/// worker runs one request at a time, so no other transaction is open.
pub fn write_shared<T>(
    conn: &Connection,
    clock: &dyn Clock,
    f: impl FnOnce(&Transaction<'_>) -> Result<T>,
) -> Result<T> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let value = f(&tx)?;
    settle(&tx, clock)?;
    tx.commit()?;
    Ok(value)
}

/// What every transaction that changes the desk's content does last, before
/// it commits: the KPI rollups of the tickets it touched are brought up to
/// date and the content stamp moves ([`stamp`]), so other consoles reload.
/// [`write()`] does it; a transaction opened elsewhere must call it. "Now"
/// (how long open tickets have waited so far) is read from `clock` after the
/// transaction's own work, as late as the commit.
pub fn settle(tx: &Transaction<'_>, clock: &dyn Clock) -> Result<()> {
    rollups::refresh(tx, clock.now().timestamp())?;
    stamp::bump(tx)
}

/// [`write_shared()`] for presence: heartbeats and who has which ticket
/// open. Other consoles need only re-read their watchers for these, so the
/// content stamp stays, unless `f` touched a ticket after all (a collision
/// is an event on the ticket) or moved the stamp itself (an agent's new
/// status, see [`agents::heartbeat`]).
pub fn write_presence<T>(
    conn: &Connection,
    clock: &dyn Clock,
    f: impl FnOnce(&Transaction<'_>) -> Result<T>,
) -> Result<T> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let value = f(&tx)?;
    if rollups::stale(&tx)? {
        settle(&tx, clock)?;
    }
    tx.commit()?;
    Ok(value)
}
