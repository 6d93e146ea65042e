//! Every past schema version, as a frozen desk (`tests/fixtures/schema/vK.sql`,
//! a text dump made once and committed), opened by today's store: it must
//! come up at the current version, sound (integrity and foreign keys), with
//! every row it had, with the schema of a desk created today, and with
//! rollups a rebuild agrees with.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use loket::store::migrate::{CELLS_VERSION, CURRENT_VERSION};
use loket::store::{self, OpenMode, rollups};
use rusqlite::Connection;
use rusqlite::types::Value;

/// The rollup tables: computed figures, not rows anyone wrote.
const ROLLUP_TABLES: [&str; 4] = ["rollups", "rollup_tickets", "rollup_values", "rollup_dirty"];

pub(super) fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema/v{version}.sql"))
}

/// A file holding the frozen desk of `version`, exactly as dumped.
pub(super) fn load(path: &Path, version: i64) {
    let text = std::fs::read_to_string(fixture(version))
        .unwrap_or_else(|e| panic!("{}: {e}", fixture(version).display()));
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&text).unwrap();
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(found, version, "v{version}.sql sets its own version");
}

/// `sqlite_schema` without the page numbers, in a fixed order.
fn schema(conn: &Connection) -> Vec<(String, String, String, Option<String>)> {
    conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name, tbl_name",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every row of the rollup tables, in key order.
pub(super) fn rollup_rows(conn: &Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    ROLLUP_TABLES
        .iter()
        .map(|table| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3, 4"))
                .or_else(|_| conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1")))
                .unwrap();
            let width = stmt.column_count();
            let rows = stmt
                .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (table.to_string(), rows)
        })
        .collect()
}

#[test]
fn there_is_a_frozen_desk_of_every_past_schema_version() {
    for version in 1..CURRENT_VERSION {
        assert!(
            fixture(version).exists(),
            "{} is missing: a new schema version freezes the one before it \
             (tests/fixtures/schema/README.md)",
            fixture(version).display()
        );
    }
}

#[test]
fn every_past_schema_version_upgrades_to_a_sound_current_desk() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    let today =
        schema(&store::open(&fresh, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap());
    for version in 1..CURRENT_VERSION {
        let path = dir.path().join(format!("v{version}.db"));
        let frozen = dir.path().join(format!("v{version}-frozen.db"));
        load(&path, version);
        load(&frozen, version);

        let mut conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock)
            .unwrap_or_else(|e| panic!("v{version}: {e}"));
        let at: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(at, CURRENT_VERSION, "v{version}: upgraded");
        assert_eq!(
            strings(&conn, "PRAGMA integrity_check"),
            ["ok"],
            "v{version}: integrity"
        );
        let broken: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(broken, 0, "v{version}: foreign keys");
        assert_eq!(schema(&conn), today, "v{version}: schema of a new desk");

        // Every row the old desk held is still there, column for column
        // (later versions may add columns and rows, never lose one). The
        // rollups of a desk from before exact durations are computed again
        // on upgrade, by design (migrate::EXACT_VERSION), and so are those
        // of a desk from before today's cells (migrate::CELLS_VERSION), so
        // theirs are checked against a rebuild below instead.
        conn.execute("ATTACH ?1 AS frozen", [frozen.to_str().unwrap()])
            .unwrap();
        let tables = strings(
            &conn,
            "SELECT name FROM pragma_table_list WHERE schema = 'frozen' AND type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        );
        assert!(tables.len() >= 20, "v{version}: tables {tables:?}");
        for table in &tables {
            if ROLLUP_TABLES.contains(&table.as_str()) && version < CELLS_VERSION {
                continue;
            }
            let columns = strings(
                &conn,
                &format!(
                    "SELECT '\"' || name || '\"' FROM pragma_table_xinfo('{table}', 'frozen') \
                     WHERE hidden = 0 ORDER BY cid"
                ),
            )
            .join(", ");
            let lost: i64 = conn
                .query_row(
                    &format!(
                        "SELECT count(*) FROM (SELECT {columns} FROM frozen.\"{table}\" \
                         EXCEPT SELECT {columns} FROM main.\"{table}\")"
                    ),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(lost, 0, "v{version}: rows of {table} lost or changed");
        }
        conn.execute_batch("DETACH frozen").unwrap();

        let kept = rollup_rows(&conn);
        let tx = conn.transaction().unwrap();
        rollups::rebuild(&tx, chrono::Utc::now().timestamp()).unwrap();
        let rebuilt = rollup_rows(&tx);
        tx.rollback().unwrap();
        for ((table, kept), (_, rebuilt)) in kept.iter().zip(&rebuilt) {
            assert_eq!(kept, rebuilt, "v{version}: {table} against a rebuild");
        }
        assert!(
            kept.iter()
                .any(|(t, rows)| t == "rollup_tickets" && rows.len() == 7),
            "v{version}: every ticket rolled up"
        );
    }
}
