//! Store tests on temporary database files: opening, migrations, refusals,
//! transactions, and the queue's order and paging.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use loket::domain::Status;
use loket::store::queue::{self, QueueQuery, StatusFilter};
use loket::store::{self, APPLICATION_ID, OpenMode, StoreError, migrate::CURRENT_VERSION};
use rusqlite::{Connection, params};

fn pragma(conn: &Connection, name: &str) -> String {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| {
        r.get::<_, rusqlite::types::Value>(0)
    })
    .map(|v| match v {
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Text(s) => s,
        other => format!("{other:?}"),
    })
    .unwrap()
}

/// The bytes of a file and whether SQLite left companions beside it.
fn snapshot(path: &Path) -> (Vec<u8>, bool, bool) {
    let side = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        Path::new(&p).exists()
    };
    (std::fs::read(path).unwrap(), side("-wal"), side("-shm"))
}

#[test]
fn new_file_gets_the_current_schema_and_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/desk.db");
    let conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    assert_eq!(pragma(&conn, "user_version"), CURRENT_VERSION.to_string());
    assert_eq!(pragma(&conn, "application_id"), APPLICATION_ID.to_string());
    assert_eq!(pragma(&conn, "journal_mode"), "wal");
    assert_eq!(pragma(&conn, "foreign_keys"), "1");
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN
             ('tickets','messages','events','customers','agents','teams','kb_articles','canned_responses',
              'sla_policies','business_hours','surveys','work_sessions','presence')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 13);
    // Defaults of KPIS.md are seeded once.
    let policies: i64 = conn
        .query_row("SELECT count(*) FROM sla_policies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(policies, 4);
    let hours: i64 = conn
        .query_row("SELECT count(*) FROM business_hours", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hours, 5);
    drop(conn);
    // Opening again changes nothing.
    let conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    let policies: i64 = conn
        .query_row("SELECT count(*) FROM sla_policies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(policies, 4);
}

#[test]
fn an_empty_file_is_initialised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    assert_eq!(pragma(&conn, "user_version"), CURRENT_VERSION.to_string());
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    drop(store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", CURRENT_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = snapshot(&path);
    let err = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found, .. } if found == CURRENT_VERSION + 1),
        "{err}"
    );
    assert!(err.is_refusal());
    assert!(err.to_string().contains("upgrade loket"), "{err}");
    assert_eq!(snapshot(&path), before);
    let err = store::open(&path, OpenMode::ReadOnly, &loket::clock::SystemClock).unwrap_err();
    assert!(matches!(err, StoreError::NewerSchema { .. }));
}

#[test]
fn a_foreign_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("firefox.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x');",
        )
        .unwrap();
    }
    let before = snapshot(&path);
    let err = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap_err();
    assert!(matches!(err, StoreError::NotLoket { .. }), "{err}");
    assert_eq!(snapshot(&path), before);

    // Another program's application id, even with no tables.
    let other = dir.path().join("other.db");
    {
        let conn = Connection::open(&other).unwrap();
        conn.pragma_update(None, "application_id", 1234).unwrap();
    }
    let before = snapshot(&other);
    assert!(matches!(
        store::open(&other, OpenMode::ReadWrite, &loket::clock::SystemClock),
        Err(StoreError::NotLoket { .. })
    ));
    assert_eq!(snapshot(&other), before);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "Dear diary, today the queue was long.\n".repeat(200)).unwrap();
    let before = snapshot(&path);
    let err = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(err.is_refusal());
    assert_eq!(snapshot(&path), before);
    assert!(!before.1 && !before.2, "no -wal or -shm left behind");
}

#[test]
fn many_connections_opening_a_new_file_at_once_migrate_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).map(|_| ())
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap().unwrap();
    }
    let conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    let policies: i64 = conn
        .query_row("SELECT count(*) FROM sla_policies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(policies, 4, "defaults seeded exactly once");
}

#[test]
fn read_only_open_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    drop(store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap());
    let mut conn = store::open(&path, OpenMode::ReadOnly, &loket::clock::SystemClock).unwrap();
    let err = store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        tx.execute("INSERT INTO teams (name) VALUES ('x')", [])?;
        Ok(())
    })
    .unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly(_)), "{err}");
}

#[test]
fn a_read_only_open_of_an_old_schema_says_how_to_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.db");
    std::fs::write(&path, b"").unwrap();
    let err = store::open(&path, OpenMode::ReadOnly, &loket::clock::SystemClock).unwrap_err();
    assert!(err.to_string().contains("without --read-only"), "{err}");
}

#[test]
fn a_failed_write_changes_nothing() {
    let mut conn = store::open_in_memory().unwrap();
    let err = store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        tx.execute("INSERT INTO teams (name) VALUES ('Billing')", [])?;
        tx.execute("INSERT INTO teams (name) VALUES ('billing')", [])?; // NOCASE duplicate
        Ok(())
    })
    .unwrap_err();
    assert!(matches!(err, StoreError::Constraint(_)), "{err}");
    let teams: i64 = conn
        .query_row("SELECT count(*) FROM teams", [], |r| r.get(0))
        .unwrap();
    assert_eq!(teams, 0);
}

/// A small desk: tickets with chosen statuses, priorities, due times and ages.
fn desk(tickets: &[(Status, &str, Option<i64>, i64)]) -> Connection {
    let conn = store::open_in_memory().unwrap();
    conn.execute(
        "INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'eva@example.nl', 0, 0)",
        [],
    )
    .unwrap();
    for (i, (status, priority, due, created)) in tickets.iter().enumerate() {
        conn.execute(
            "INSERT INTO tickets (id, subject, customer_id, channel, status, priority, sla_policy_id,
                                  first_response_due_at, resolution_due_at, created_at, updated_at)
             VALUES (?1, ?2, 1, 'email', ?3, ?4, ?5, ?6, ?6, ?7, ?7)",
            params![
                i as i64 + 1,
                format!("ticket {}", i + 1),
                status.as_str(),
                priority,
                due.map(|_| 1),
                due,
                created
            ],
        )
        .unwrap();
    }
    conn
}

fn ids(page: &queue::QueuePage) -> Vec<i64> {
    page.rows.iter().map(|r| r.id).collect()
}

#[test]
fn queue_is_most_urgent_first() {
    use Status::*;
    let conn = desk(&[
        (Open, "low", Some(5_000), 10),  // 1
        (New, "urgent", None, 20),       // 2: no SLA, urgent
        (Open, "high", Some(1_000), 30), // 3: due soonest
        (Solved, "urgent", Some(1), 5),  // 4: not in the backlog
        (Pending, "normal", None, 1),    // 5: no SLA, normal, oldest
        (New, "urgent", None, 2),        // 6: no SLA, urgent, older than 2
    ]);
    let q = |status, offset, limit| {
        queue::page(
            &conn,
            &QueueQuery {
                status,
                offset,
                limit,
                anchor: None,
            },
        )
        .unwrap()
    };
    let all_open = q(StatusFilter::Active, 0, 10);
    assert_eq!(ids(&all_open), vec![3, 1, 6, 2, 5]);
    assert_eq!(all_open.total, 5);
    assert_eq!(all_open.rows[0].sla_due_at, Some(1_000));
    assert_eq!(all_open.rows[2].sla_due_at, None);
    assert!(all_open.rows[4].sla_paused, "pending pauses the clock");

    // Paging returns the same order in slices.
    assert_eq!(ids(&q(StatusFilter::Active, 2, 2)), vec![6, 2]);
    assert_eq!(ids(&q(StatusFilter::Only(Solved), 0, 10)), vec![4]);
    assert_eq!(ids(&q(StatusFilter::All, 0, 10)), vec![3, 1, 6, 2, 5, 4]);
    // An offset past the end is pulled back to the last row.
    assert_eq!(ids(&q(StatusFilter::Active, 99, 10)), vec![5]);

    // The position of each ticket matches its place in the page.
    for filter in [
        StatusFilter::Active,
        StatusFilter::All,
        StatusFilter::Only(New),
    ] {
        let page = q(filter, 0, 10);
        for (at, row) in page.rows.iter().enumerate() {
            assert_eq!(
                queue::position_of(&conn, filter, row.id).unwrap(),
                Some(at as i64),
                "{filter:?} {}",
                row.id
            );
        }
    }
    assert_eq!(
        queue::position_of(&conn, StatusFilter::Active, 4).unwrap(),
        None
    );
    assert_eq!(
        queue::position_of(&conn, StatusFilter::Active, 999).unwrap(),
        None
    );
}

#[test]
fn status_filter_cycles_through_every_status_and_back() {
    let mut f = StatusFilter::Active;
    let mut seen = vec![f];
    for _ in 0..8 {
        f = f.next();
        seen.push(f);
    }
    // Active, the six statuses, All, and back to Active.
    assert_eq!(seen.first(), seen.last(), "wraps around after all");
    let distinct: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(distinct.len(), 8);
    assert!(seen.contains(&StatusFilter::Only(Status::OnHold)));
    assert_eq!(StatusFilter::Active.prev(), StatusFilter::All);
    assert_eq!(StatusFilter::All.next(), StatusFilter::Active);
}

#[test]
fn ticket_detail_cleans_hostile_text_and_reports_missing_tickets() {
    let conn = desk(&[(Status::Open, "normal", None, 0)]);
    conn.execute(
        "UPDATE tickets SET subject = 'Refund\x1b]0;pwned\x07 \u{202E}now' WHERE id = 1",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO messages (ticket_id, author, kind, body, created_at) VALUES (1, 'customer', 'public', 'line1\r\n\x1b[2Jline2', 5)",
        [],
    )
    .unwrap();
    let t = store::tickets::detail(&conn, 1).unwrap();
    assert_eq!(t.subject, "Refund]0;pwned now");
    assert_eq!(t.messages[0].body, "line1\n[2Jline2");
    let err = store::tickets::detail(&conn, 42).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }));
    assert!(err.to_string().contains("ticket 42"));
}

#[test]
fn a_failing_generate_leaves_the_database_empty() {
    let mut conn = store::open_in_memory().unwrap();
    // Make a late step of the generator fail: survey answers repeat, and a
    // unique index (which the generator never lifts) refuses the second one.
    conn.execute_batch("CREATE UNIQUE INDEX one_answer_per_score ON surveys(kind, score)")
        .unwrap();
    let options = loket::generate::GenerateOptions {
        tickets: 200,
        seed: 1,
        now: 1_795_000_000,
    };
    assert!(loket::generate::generate(&mut conn, &options).is_err());
    for table in [
        "tickets",
        "customers",
        "agents",
        "messages",
        "events",
        "kb_articles",
    ] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "{table} is empty after a failed generate");
    }
}

#[test]
fn a_schema_1_desk_is_upgraded_through_every_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A desk as the first release of loket left it.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../../src/core/store/sql/0001_v1.sql"))
            .unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Fleur Visser', 'fleur@example.nl', 0, 0);
             INSERT INTO tickets (subject, customer_id, channel, status, priority, created_at, updated_at)
             VALUES ('Pakket beschadigd', 1, 'email', 'open', 'normal', 0, 0);",
        )
        .unwrap();
    }
    let conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    assert_eq!(pragma(&conn, "user_version"), CURRENT_VERSION.to_string());
    let filter = |text: &str| loket::store::filter::TicketFilter {
        status: StatusFilter::All,
        text: Some(text.into()),
        ..Default::default()
    };
    for text in ["pakket", "visser", "fleur@example.nl"] {
        assert_eq!(
            loket::store::filter::count(&conn, &filter(text), 0).unwrap(),
            1,
            "{text}"
        );
    }
    // Every later step ran on it too: its rollups were computed, and the
    // new columns and indexes are there.
    let rolled: i64 = conn
        .query_row("SELECT count(*) FROM rollup_tickets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rolled, 1);
    assert!(!loket::store::rollups::stale(&conn).unwrap());
    let claimable: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'tickets_claimable'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(claimable, 1);
    // The content stamp's row exists, and a content write moves it.
    let stamp = loket::store::stamp::read(&conn).unwrap().expect("a stamp");
    loket::store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        loket::store::settings::set(tx, "probe", "1")
    })
    .unwrap();
    assert_eq!(loket::store::stamp::read(&conn).unwrap(), Some(stamp + 1));
}

/// A desk whose rollups were kept before they held exact durations gets
/// them computed again on upgrade, so its medians are exact at once.
#[test]
fn a_desk_from_before_exact_durations_gets_them_on_upgrade() {
    use loket::store::migrate::{EXACT_VERSION, MIGRATIONS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = Connection::open(&path).unwrap();
        let before = usize::try_from(EXACT_VERSION - 1).unwrap();
        for sql in &MIGRATIONS[..before] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", EXACT_VERSION - 1)
            .unwrap();
        // A ticket created at 0, answered after 600 s; its rollups as an
        // older loket kept them (a row in rollup_tickets).
        conn.execute_batch(
            "INSERT INTO customers (id, name, since, created_at) VALUES (1, 'Fleur Visser', 0, 0);
             INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'bram', 'Bram', 0);
             INSERT INTO tickets (id, subject, customer_id, channel, status, priority, created_at, updated_at)
             VALUES (1, 'Pakket beschadigd', 1, 'email', 'open', 'normal', 0, 600);
             INSERT INTO messages (ticket_id, author, kind, body, created_at) VALUES (1, 'customer', 'public', 'Kapot', 0);
             INSERT INTO messages (ticket_id, author, agent_id, kind, body, created_at) VALUES (1, 'agent', 1, 'public', 'Sorry', 600);
             DELETE FROM rollup_dirty;
             INSERT INTO rollup_tickets (ticket_id, team, assignee, channel, priority, cells)
             VALUES (1, 'none', 'none', 'email', 'normal', '0;c');",
        )
        .unwrap();
    }
    let conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    assert_eq!(pragma(&conn, "user_version"), CURRENT_VERSION.to_string());
    let kept: Vec<(String, i64)> = conn
        .prepare("SELECT measure, value FROM rollup_values ORDER BY measure")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(kept.contains(&("frt".to_string(), 600)), "{kept:?}");
    let cells: String = conn
        .query_row(
            "SELECT cells FROM rollup_tickets WHERE ticket_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(cells, "0;c", "the ticket's rollups were computed again");
}
