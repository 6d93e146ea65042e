//! Schema migrations keyed on `PRAGMA user_version`, run in one IMMEDIATE
//! transaction. A database newer than this program is refused, never touched.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::{APPLICATION_ID, Result, StoreError};
use crate::clock::Clock;

/// The migrations, in order: `MIGRATIONS[i]` takes the schema from version `i`
/// to `i + 1`, and is the file of `sql/` numbered `i + 1` (`0001_v1.sql`,
/// ...: the number is the version it makes; a unit test checks that the
/// files and this list agree).
pub const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_v1.sql"),
    include_str!("sql/0002_search.sql"),
    include_str!("sql/0003_kb.sql"),
    include_str!("sql/0004_rollups.sql"),
    include_str!("sql/0005_agents.sql"),
    include_str!("sql/0006_exact.sql"),
    include_str!("sql/0007_stamp.sql"),
    include_str!("sql/0008_mail.sql"),
    include_str!("sql/0009_rollups_empty.sql"),
    include_str!("sql/0010_audit.sql"),
    include_str!("sql/0011_dash.sql"),
    include_str!("sql/0012_search.sql"),
    include_str!("sql/0013_dash.sql"),
    include_str!("sql/0014_dash.sql"),
];

/// The schema version from which the rollups keep exact durations
/// (`sql/0006_exact.sql`): older desks get their rollups computed again.
pub const EXACT_VERSION: i64 = 6;

/// The schema version from which the rollups hold the cells of today's
/// definitions (`sql/0011_dash.sql`: holds for the resolution rate,
/// escalations on the day a ticket was created): that migration empties
/// older desks' rollups, so they are computed again on upgrade.
pub const CELLS_VERSION: i64 = 11;

/// The schema version this program writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Decides from a file's header values whether loket may open it.
/// `objects` is the number of entries in `sqlite_schema`: an SQLite file with
/// no application id but tables of its own belongs to another program.
pub fn judge(path: &Path, app_id: i64, version: i64, objects: i64) -> Result<()> {
    let ours = app_id == APPLICATION_ID;
    let empty = app_id == 0 && version == 0 && objects == 0;
    if !ours && !empty {
        return Err(StoreError::NotLoket {
            path: path.to_path_buf(),
        });
    }
    if version > CURRENT_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    Ok(())
}

/// Brings the schema up to [`CURRENT_VERSION`]. Safe when several processes
/// open a new file at once: the version is read again under the write lock.
/// An old desk's rollups are computed as they stand at `clock`'s "now".
pub fn migrate(conn: &Connection, path: &Path, clock: &dyn Clock) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == CURRENT_VERSION {
        return Ok(());
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let app_id: i64 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: i64 = tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    judge(path, app_id, version, objects)?;
    let start = usize::try_from(version).unwrap_or(0);
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(start) {
        tx.execute_batch(sql)?;
        tracing::info!(to = step + 1, "migrated schema");
    }
    // A desk from before the rollups, or before they kept exact durations,
    // gets them computed once, here, in the same transaction (a new, empty
    // desk has nothing to compute).
    let unrolled = |sql: &str| tx.query_row(sql, [], |r| r.get::<_, bool>(0));
    if unrolled("SELECT EXISTS (SELECT 1 FROM tickets)")?
        && (version < EXACT_VERSION || !unrolled("SELECT EXISTS (SELECT 1 FROM rollup_tickets)")?)
    {
        super::rollups::rebuild(&tx, clock.now().timestamp())?;
        tracing::info!("computed the KPI rollups of an existing desk");
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", CURRENT_VERSION)?;
    if version == 0 {
        super::settings::seed_defaults(&tx)?;
        super::views::seed_defaults(&tx)?;
    }
    tx.commit()?;
    Ok(())
}

/// For read-only opens: the file must already be at the current version.
pub fn check_current(conn: &Connection, path: &Path) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == CURRENT_VERSION {
        Ok(())
    } else if version > CURRENT_VERSION {
        Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: CURRENT_VERSION,
        })
    } else {
        Err(StoreError::ReadOnly(format!(
            "{} needs an upgrade to schema {CURRENT_VERSION}; open it once without --read-only",
            path.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `sql/` is named `NNNN_name.sql`, numbered 1, 2, ... with
    /// no gap or repeat, and `MIGRATIONS[i]` is exactly the file numbered
    /// `i + 1`: a file added but not listed, listed twice or out of order fails.
    #[test]
    fn sql_files_and_the_migrations_list_agree() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("store/sql");
        let mut files: Vec<(u32, String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_str().unwrap().to_string();
                let stem = name
                    .strip_suffix(".sql")
                    .unwrap_or_else(|| panic!("{name}: only migrations (.sql) belong in sql/"));
                let (number, title) = stem
                    .split_once('_')
                    .unwrap_or_else(|| panic!("{name}: not NNNN_name.sql"));
                assert!(
                    number.len() == 4 && !title.is_empty(),
                    "{name}: not NNNN_name.sql"
                );
                let number: u32 = number.parse().unwrap();
                (number, name, std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        files.sort();
        let numbers: Vec<u32> = files.iter().map(|(n, _, _)| *n).collect();
        let expected: Vec<u32> = (1..=u32::try_from(MIGRATIONS.len()).unwrap()).collect();
        assert_eq!(numbers, expected, "files in sql/ vs MIGRATIONS");
        for ((_, name, text), listed) in files.iter().zip(MIGRATIONS) {
            assert_eq!(text, listed, "MIGRATIONS is out of order at {name}");
        }
        assert_eq!(CURRENT_VERSION, i64::from(*numbers.last().unwrap()));
    }
}
