//! The kept counts ([`super::kept`]) against counting afresh: after another
//! connection's commit, the connection's own write, a write rolled back,
//! a change of viewer and a search keeping its matches, every list's
//! count is what `count(*)` says.

use rusqlite::Connection;

use super::*;
use crate::store::OpenMode;

const NOW: i64 = 1_796_000_000;

/// Every status filter, and a search narrowed by nothing and by a status.
fn filters() -> Vec<TicketFilter> {
    let mut out: Vec<TicketFilter> = StatusFilter::cycle()
        .into_iter()
        .map(TicketFilter::of_status)
        .collect();
    for status in [StatusFilter::All, StatusFilter::Active] {
        out.push(TicketFilter {
            status,
            text: Some("geen".into()),
            ..TicketFilter::default()
        });
    }
    out
}

/// Every filter's count, kept (read twice: the second read is the kept
/// one) and afresh; they must agree.
fn same_counts(conn: &Connection) -> Vec<i64> {
    filters()
        .iter()
        .map(|filter| {
            let fresh = counted(conn, filter, NOW).unwrap();
            assert_eq!(count(conn, filter, NOW).unwrap(), fresh, "{filter:?}");
            assert_eq!(count(conn, filter, NOW).unwrap(), fresh, "{filter:?} kept");
            fresh
        })
        .collect()
}

fn kept_rows(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM temp.list_counts", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_kept_count_is_never_one_from_before_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let clock = crate::clock::FixedClock::at_unix(NOW);
    let mut writer = crate::store::open(&path, OpenMode::ReadWrite, &clock).unwrap();
    crate::generate::generate(
        &mut writer,
        &crate::generate::GenerateOptions {
            tickets: 400,
            seed: 11,
            now: NOW,
        },
    )
    .unwrap();
    let reader = crate::store::open(&path, OpenMode::ReadOnly, &clock).unwrap();
    let before = same_counts(&reader);
    assert_eq!(same_counts(&writer), before);
    // Kept, and keeping them wrote nothing: the connection's count of
    // changes is what it was.
    let changes = reader.total_changes();
    assert_eq!(same_counts(&reader), before);
    assert_eq!(reader.total_changes(), changes);
    // Every list's count is kept, so a stale one would be found below.
    assert!(filters().len() as i64 <= kept::KEPT);
    assert_eq!(kept_rows(&reader), filters().len() as i64);
    assert_eq!(kept_rows(&writer), filters().len() as i64);

    // Another connection closes open tickets: the reader's counts move.
    writer
        .execute_batch("UPDATE tickets SET status = 'closed' WHERE is_active = 1 AND id % 4 = 0")
        .unwrap();
    let after = same_counts(&reader);
    assert_ne!(after, before);
    assert_eq!(same_counts(&writer), after);

    // The connection's own write, no other connection's commit between.
    writer
        .execute(
            "DELETE FROM tickets WHERE id IN (SELECT max(id) FROM tickets)",
            [],
        )
        .unwrap();
    let deleted = same_counts(&writer);
    assert_eq!(deleted[deleted.len() - 3], after[after.len() - 3] - 1);
    assert_eq!(same_counts(&reader), deleted);

    // A write counted inside its transaction, then rolled back.
    let tx = writer.unchecked_transaction().unwrap();
    tx.execute("UPDATE tickets SET status = 'open' WHERE is_active = 0", [])
        .unwrap();
    let inside = same_counts(&tx);
    assert!(kept_rows(&tx) > 0, "kept inside the transaction too");
    tx.rollback().unwrap();
    assert_ne!(inside, deleted);
    assert_eq!(same_counts(&writer), deleted);
}

#[test]
fn kept_counts_follow_the_viewer_and_leave_the_kept_matches_alone() {
    let mut conn = crate::store::open_in_memory().unwrap();
    crate::generate::generate(
        &mut conn,
        &crate::generate::GenerateOptions {
            tickets: 400,
            seed: 12,
            now: NOW,
        },
    )
    .unwrap();
    let everyone = same_counts(&conn);
    // A restricted desk seen by one agent: fewer tickets.
    let agent: i64 = conn
        .query_row(
            "SELECT min(vx.agent_id) FROM agent_teams vx
             JOIN agents a ON a.id = vx.agent_id AND a.role = 'agent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    visibility::set_restricted(&conn, true).unwrap();
    visibility::set_viewer(&conn, Some(agent)).unwrap();
    let fenced = same_counts(&conn);
    assert!(fenced[fenced.len() - 3] < everyone[everyone.len() - 3]);
    visibility::set_viewer(&conn, None).unwrap();
    visibility::set_restricted(&conn, false).unwrap();
    assert_eq!(same_counts(&conn), everyone);

    // A search keeps its matches; counting other lists keeps them kept.
    let search = TicketFilter {
        status: StatusFilter::All,
        text: Some("geen".into()),
        ..TicketFilter::default()
    };
    page(&conn, &search, Order::Sorted(Sort::default()), 0, 60, NOW).unwrap();
    let stamp = |conn: &Connection| -> i64 {
        conn.query_row("SELECT changes FROM temp.search_matches", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(stamp(&conn), conn.total_changes() as i64);
    same_counts(&conn);
    assert_eq!(stamp(&conn), conn.total_changes() as i64);
}
