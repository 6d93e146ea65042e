//! Helpers shared by the generator's integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use loket::generate::{GenerateOptions, GenerateSummary, generate};
use loket::store;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// Monday 2026-11-23 14:00 UTC: a working afternoon in Amsterdam.
pub const NOW: i64 = 1_795_442_400;
pub const DAY: i64 = 86_400;

pub fn generated(tickets: u64, seed: u64) -> (Connection, GenerateSummary) {
    let mut conn = store::open_in_memory().unwrap();
    let summary = generate(
        &mut conn,
        &GenerateOptions {
            tickets,
            seed,
            now: NOW,
        },
    )
    .unwrap();
    (conn, summary)
}

/// Every row of every table, as text, in a canonical order.
pub fn dump(conn: &Connection) -> String {
    let mut tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables.sort();
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows: Vec<String> = Vec::new();
        let mut query = stmt.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let mut line = String::new();
            for i in 0..columns {
                match row.get_ref(i).unwrap() {
                    ValueRef::Null => line.push_str("NULL"),
                    ValueRef::Integer(v) => line.push_str(&v.to_string()),
                    ValueRef::Real(v) => line.push_str(&v.to_string()),
                    ValueRef::Text(t) => {
                        line.push_str(&format!("{:?}", String::from_utf8_lossy(t)))
                    }
                    ValueRef::Blob(b) => line.push_str(&format!("{b:?}")),
                }
                line.push('|');
            }
            rows.push(line);
        }
        rows.sort();
        out.push_str(&format!("== {table} ({})\n", rows.len()));
        for row in rows {
            out.push_str(&row);
            out.push('\n');
        }
    }
    out
}

pub fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

pub fn words(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}
