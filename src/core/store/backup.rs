//! Backups and restores of a whole desk, while agents work.
//!
//! Both go through SQLite's online backup API, copying every page in one
//! step (`step(-1)`), because that is one read transaction on the source:
//! in WAL mode other loket processes go on writing meanwhile, and the copy
//! holds exactly the state of one moment, never half a write. (`VACUUM
//! INTO` would give the same snapshot but rebuilds every b-tree on the way,
//! and it can only write a new file; the backup API also writes into an
//! existing desk, which a restore needs.)
//!
//! - [`backup`] copies into a temporary file beside the target, makes it
//!   durable, and renames it into place only when complete: the target is
//!   either what it was or the whole backup.
//! - [`restore`] checks the backup first (`integrity_check`,
//!   `foreign_key_check`), then takes the desk for itself (out of WAL,
//!   exclusive lock; refused when any other connection has it open) and
//!   copies the backup into the desk file inside one SQLite transaction:
//!   if anything stops it halfway, the rollback journal puts the old desk
//!   back on the next open. The desk keeps its file, so a process that was
//!   waiting to open it sees the restored desk, not a deleted one.
//! - [`live_users`] is what the presence tables say about who works on the
//!   desk now: the friendly half of "in use"; the lock is the reliable half.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, Result, StoreError};
use crate::clock::Clock;

/// What a backup or a restore copied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Copied {
    /// The file written: the backup, or the desk restored.
    pub path: PathBuf,
    pub tickets: i64,
    /// The schema version of the copy (a restore upgrades it afterwards).
    pub schema: i64,
    pub bytes: u64,
}

/// Writes a consistent copy of the desk open on `conn` to `target`. An
/// existing `target` is refused unless `force`; the desk itself never is a
/// target.
pub fn backup(conn: &Connection, target: &Path, force: bool) -> Result<Copied> {
    if let Some(desk) = conn.path().filter(|p| !p.is_empty())
        && same_file(Path::new(desk), target)
    {
        return Err(StoreError::BadBackup {
            path: target.to_path_buf(),
            problem: "it is the desk itself; back up to another file".into(),
        });
    }
    if target.exists() && !force {
        return Err(StoreError::Exists {
            path: target.to_path_buf(),
        });
    }
    let partial = partial_name(target);
    let copied = (|| {
        remove_if_there(&partial)?;
        {
            let mut out = Connection::open(&partial).map_err(|e| io_error(&partial, e))?;
            copy_all(conn, &mut out)?;
            // A backup is one file: no journal or WAL beside it.
            let _mode: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        }
        durable(&partial)?;
        std::fs::rename(&partial, target).map_err(|source| StoreError::Io {
            path: target.to_path_buf(),
            source,
        })?;
        sync_dir(target);
        describe(target)
    })();
    if copied.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    copied
}

/// Replaces the desk at `desk` with the backup at `from`, all or nothing.
/// Refuses a backup that is not a sound loket desk or is newer than this
/// program, and a desk that another connection has open. `clock` is "now"
/// for the upgrade of an older backup ([`super::open`]).
pub fn restore(desk: &Path, from: &Path, clock: &dyn Clock) -> Result<Copied> {
    if same_file(desk, from) {
        return Err(StoreError::BadBackup {
            path: from.to_path_buf(),
            problem: "it is the desk itself".into(),
        });
    }
    let source = verified_source(from)?;
    super::inspect(desk)?;
    let new_desk = !desk.exists();
    let copied = take(desk).and_then(|mut target| copy_all(&source, &mut target));
    if copied.is_err() && new_desk {
        // Nothing was there before: leave nothing, not an empty file.
        let _ = std::fs::remove_file(desk);
    }
    copied?;
    drop(source);
    // Back to WAL, upgraded if the backup is older, rollups current.
    drop(super::open(desk, super::OpenMode::ReadWrite, clock)?);
    describe(desk)
}

/// Opens `from` read-only after checking that it is a loket desk this
/// program can read and that SQLite and its foreign keys find it sound.
fn verified_source(from: &Path) -> Result<Connection> {
    let bad = |problem: String| StoreError::BadBackup {
        path: from.to_path_buf(),
        problem,
    };
    if !from.is_file() {
        return Err(StoreError::Io {
            path: from.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    let conn = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::map_open_error(from, e))?;
    let header = || -> rusqlite::Result<(i64, i64)> {
        Ok((
            conn.query_row("PRAGMA application_id", [], |r| r.get(0))?,
            conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        ))
    };
    let (app_id, version) = header().map_err(|e| super::map_open_error(from, e))?;
    if app_id != APPLICATION_ID || version == 0 {
        return Err(StoreError::NotLoket {
            path: from.to_path_buf(),
        });
    }
    super::migrate::judge(from, app_id, version, 1)?;
    let problems = super::check::integrity(&conn)?;
    if let Some(first) = problems.first() {
        return Err(bad(format!(
            "{} ({} problem(s) in all)",
            first.detail,
            problems.len()
        )));
    }
    Ok(conn)
}

/// Takes the desk for this connection alone, or says who has it open.
/// Leaving WAL needs every other connection closed; the exclusive locking
/// mode then keeps new ones out until this connection closes.
fn take(desk: &Path) -> Result<Connection> {
    let in_use = || StoreError::InUse {
        path: desk.to_path_buf(),
        by: Vec::new(),
    };
    let conn = Connection::open(desk).map_err(|e| io_error(desk, e))?;
    conn.busy_timeout(Duration::from_millis(500))?;
    let locked = |e: rusqlite::Error| match StoreError::from(e) {
        StoreError::Busy | StoreError::Locked => in_use(),
        other => other,
    };
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(locked)?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use());
    }
    let _mode: String = conn
        .query_row("PRAGMA locking_mode = EXCLUSIVE", [], |r| r.get(0))
        .map_err(locked)?;
    // The first write transaction takes the exclusive lock, which the
    // exclusive locking mode keeps after the commit.
    conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
        .map_err(locked)?;
    if wal_of(desk).exists() {
        return Err(in_use());
    }
    Ok(conn)
}

/// Every page of `from` into `to`, in one step: one read transaction on
/// the source, one write transaction on the target.
fn copy_all(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    match backup.step(-1)? {
        StepResult::Done => Ok(()),
        StepResult::Busy | StepResult::Locked => Err(StoreError::Busy),
        // One step of -1 pages copies everything or fails.
        _ => Err(StoreError::Busy),
    }
}

/// Who is working on the desk now, as its presence says: agents whose
/// console beat in the last [`super::agents::AGENT_TTL_SECS`] and did not
/// sign off, and fresh presence on tickets. Names, sorted.
pub fn live_users(conn: &Connection, now: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT a.name FROM agents a
         WHERE (a.heartbeat_at >= ?1 AND a.status <> 'offline')
            OR EXISTS (SELECT 1 FROM presence p WHERE p.agent_id = a.id AND p.heartbeat_at >= ?2)
         ORDER BY a.name",
    )?;
    let names = stmt
        .query_map(
            [
                now - super::agents::AGENT_TTL_SECS,
                now - super::presence::PRESENCE_TTL_SECS,
            ],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// The tickets, schema and size of the desk file at `path`.
fn describe(path: &Path) -> Result<Copied> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::map_open_error(path, e))?;
    let tickets = conn.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;
    let schema = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let bytes = std::fs::metadata(path)
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    Ok(Copied {
        path: path.to_path_buf(),
        tickets,
        schema,
        bytes,
    })
}

/// `.NAME.partial` beside `target`: never a name a user picked, and on the
/// same file system, so the rename is atomic.
fn partial_name(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    target.with_file_name(format!(".{name}.partial"))
}

fn wal_of(desk: &Path) -> PathBuf {
    let mut name = desk.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::Io {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// The file's bytes on disk before it gets its final name.
fn durable(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })
}

/// The rename on disk too, where the system allows syncing a directory.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
}

fn io_error(path: &Path, e: rusqlite::Error) -> StoreError {
    super::map_open_error(path, e)
}
