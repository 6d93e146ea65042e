//! The rollups at a fixed "now": a write settles them at the instant of the
//! clock it is given (not the wall clock's), and a rebuild from scratch at
//! that same instant agrees row for row.

use loket::clock::FixedClock;
use loket::store::{self, rollups};
use rusqlite::Connection;

use crate::generate_common::{DAY, NOW, generated};

/// Every row of the rollup tables, as text, in key order.
fn rolled(conn: &Connection) -> Vec<String> {
    let mut all = Vec::new();
    for sql in [
        "SELECT concat_ws(' ', grouping, grp, measure, day, n, total) FROM rollups
         ORDER BY grouping, grp, measure, day",
        "SELECT concat_ws(' ', measure, bucket, day, value, ticket_id, team, assignee, channel, priority)
         FROM rollup_values ORDER BY measure, bucket, day, value, ticket_id",
        "SELECT concat_ws(' ', ticket_id, team, assignee, channel, priority, cells, due_a, due_b, active)
         FROM rollup_tickets ORDER BY ticket_id",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        all.extend(rows);
    }
    all
}

/// Pending tickets with no stored resolution due: their due is derived, and
/// moves with the time spent pending up to "now". Plain SQL, so the rows
/// are noted for the next write's refresh.
fn forget_pending_dues(conn: &Connection) -> usize {
    conn.execute(
        "UPDATE tickets SET resolution_due_at = NULL WHERE status = 'pending'",
        [],
    )
    .unwrap()
}

#[test]
fn rollups_refreshed_at_a_fixed_now_equal_a_rebuild_at_that_now() {
    let (mut conn, _) = generated(400, 7);
    assert!(
        forget_pending_dues(&conn) > 0,
        "the desk has pending tickets"
    );
    let at = NOW + DAY;
    let clock = FixedClock::at_unix(at);
    store::write(&mut conn, &clock, |_| Ok(())).unwrap();
    let refreshed = rolled(&conn);
    store::write(&mut conn, &clock, |tx| rollups::rebuild(tx, at).map(|_| ())).unwrap();
    assert_eq!(refreshed, rolled(&conn), "refresh and rebuild at {at}");

    // The instant matters, and it is the clock's: ten days on, the same
    // tickets settle to other figures, which a rebuild then agrees with.
    forget_pending_dues(&conn);
    let later = at + 10 * DAY;
    store::write(&mut conn, &FixedClock::at_unix(later), |_| Ok(())).unwrap();
    let moved = rolled(&conn);
    assert_ne!(
        refreshed, moved,
        "a later now moves the pending tickets' dues"
    );
    store::write(&mut conn, &FixedClock::at_unix(later), |tx| {
        rollups::rebuild(tx, later).map(|_| ())
    })
    .unwrap();
    assert_eq!(moved, rolled(&conn), "refresh and rebuild at {later}");
}
