//! The queue read by key: on a generated desk, the rows around a ticket,
//! the pages read next to a loaded row and from the back end, and a
//! ticket's position counted from either end all agree with the queue read
//! from the top by offset; and keeping the selection after another
//! connection's change lands on the same ticket at its exact index.

use loket::clock::FixedClock;
use loket::domain::Status;
use loket::generate::{GenerateOptions, generate};
use loket::service::worker::{Request, Response, handle};
use loket::store::queue::{self, Anchor, QueueQuery, StatusFilter};
use loket::store::{self, OpenMode};
use rusqlite::Connection;

const NOW: i64 = 1_796_000_000;

fn generated(path: &std::path::Path) -> Connection {
    let mut conn = store::open(path, OpenMode::ReadWrite, &FixedClock::at_unix(NOW)).unwrap();
    generate(
        &mut conn,
        &GenerateOptions {
            tickets: 4000,
            seed: 13,
            now: NOW,
        },
    )
    .unwrap();
    conn
}

const FILTERS: [StatusFilter; 4] = [
    StatusFilter::Active,
    StatusFilter::Only(Status::Open),
    StatusFilter::Only(Status::Solved),
    StatusFilter::All,
];

/// The whole list, read from the top by offset (the reference order).
fn ids(conn: &Connection, status: StatusFilter) -> Vec<i64> {
    let total = queue::count(conn, status).unwrap();
    let page = queue::page(
        conn,
        &QueueQuery {
            status,
            offset: 0,
            limit: total,
            anchor: None,
        },
    )
    .unwrap();
    page.rows.iter().map(|r| r.id).collect()
}

fn page_ids(
    conn: &Connection,
    status: StatusFilter,
    offset: i64,
    anchor: Option<Anchor>,
) -> Vec<i64> {
    let page = queue::page(
        conn,
        &QueueQuery {
            status,
            offset,
            limit: 60,
            anchor,
        },
    )
    .unwrap();
    assert_eq!(page.offset, offset, "{status:?} at {offset}");
    page.rows.iter().map(|r| r.id).collect()
}

#[test]
fn key_reads_agree_with_the_order_read_by_offset() {
    let dir = tempfile::tempdir().unwrap();
    let conn = generated(&dir.path().join("desk.db"));
    for status in FILTERS {
        let all = ids(&conn, status);
        let total = all.len() as i64;
        assert!(total > 40, "{status:?} holds {total}");
        let slice = |from: i64, to: i64| all[from.max(0) as usize..to.min(total) as usize].to_vec();
        for p in [
            0,
            1,
            19,
            20,
            total / 3,
            total / 2,
            total - 41,
            total - 40,
            total - 2,
            total - 1,
        ] {
            let id = all[p as usize];
            let around = queue::around(&conn, status, id, 20, 39).unwrap().unwrap();
            let got: Vec<i64> = around.rows.iter().map(|r| r.id).collect();
            assert_eq!(got, slice(p - 20, p + 40), "{status:?} around {p}");
            assert_eq!(around.at as i64, p.min(20), "{status:?} around {p}");
            assert_eq!(around.reached_start, p < 20, "{status:?} start at {p}");
            assert_eq!(around.reached_end, p + 40 > total, "{status:?} end at {p}");
            for hint in [0, p, total - 1] {
                assert_eq!(
                    queue::position_near(&conn, status, id, hint).unwrap(),
                    Some(p),
                    "{status:?}: #{id} at {p}, hint {hint}"
                );
            }
            assert_eq!(queue::position_of(&conn, status, id).unwrap(), Some(p));
            // Pages read by key from this row, before, over and after it.
            for offset in [p - 130, p - 60, p - 59, p - 1, p, p + 1, p + 60, p + 200] {
                let offset = offset.clamp(0, total - 1);
                let anchor = Some(Anchor { id, index: p });
                assert_eq!(
                    page_ids(&conn, status, offset, anchor),
                    slice(offset, offset + 60),
                    "{status:?}: page at {offset} from #{id} at {p}"
                );
            }
        }
        // By offset, from the nearer end.
        for offset in [
            0,
            total / 2 - 30,
            total / 2,
            total - 61,
            total - 60,
            total - 1,
        ] {
            let offset = offset.clamp(0, total - 1);
            assert_eq!(
                page_ids(&conn, status, offset, None),
                slice(offset, offset + 60),
                "{status:?}: page at {offset}"
            );
        }
    }
    // A ticket outside the list has no rows around it and no position.
    let solved = ids(&conn, StatusFilter::Only(Status::Solved))[0];
    assert_eq!(
        queue::around(&conn, StatusFilter::Active, solved, 5, 5).unwrap(),
        None
    );
    assert_eq!(
        queue::position_near(&conn, StatusFilter::Active, solved, 0).unwrap(),
        None
    );
}

/// What the console's refresh asks after another connection wrote: the
/// page around the followed ticket (placed where it was), then its place.
fn keep(conn: &Connection, status: StatusFilter, id: i64, was: i64) -> (Vec<i64>, i64, i64) {
    let clock = FixedClock::at_unix(NOW);
    let query = QueueQuery {
        status,
        offset: (was - 40).max(0),
        limit: 120,
        anchor: Some(Anchor { id, index: was }),
    };
    let Response::Queue(loaded) = handle(
        conn,
        &clock,
        &Request::Queue {
            query,
            follow: Some(id),
        },
    ) else {
        panic!("no page");
    };
    let Some((followed, Some(at))) = loaded.follow else {
        panic!("#{id} not followed: {:?}", loaded.follow);
    };
    assert_eq!(followed, id);
    let page = loaded.page;
    let rows: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
    assert_eq!(
        rows.get((at - page.offset) as usize),
        Some(&id),
        "the selection is on #{id}"
    );
    let position = if loaded.placed {
        at
    } else {
        let Response::Placed {
            position: Some(p), ..
        } = handle(conn, &clock, &Request::Place { status, id, at })
        else {
            panic!("not placed");
        };
        p
    };
    (rows, page.offset + (position - at), position)
}

#[test]
fn keeping_the_selection_after_another_connections_change_lands_on_its_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let _writer = generated(&path);
    let other = store::open(&path, OpenMode::ReadWrite, &FixedClock::at_unix(NOW)).unwrap();
    let console = store::open(&path, OpenMode::ReadOnly, &FixedClock::at_unix(NOW)).unwrap();
    for status in [
        StatusFilter::Active,
        StatusFilter::Only(Status::Open),
        StatusFilter::All,
    ] {
        for pick in ["first", "middle", "last"] {
            let before = ids(&console, status);
            let total = before.len();
            let was = match pick {
                "first" => 0,
                "middle" => total / 2,
                _ => total - 1,
            };
            let id = before[was];
            // Another agent solves tickets ahead of it, so it moves.
            let ahead: Vec<i64> = before[..was].iter().take(7).copied().collect();
            for t in &ahead {
                other
                    .execute("UPDATE tickets SET status = 'solved' WHERE id = ?1", [t])
                    .unwrap();
            }
            let after = ids(&console, status);
            let exact = after.iter().position(|t| *t == id).unwrap() as i64;
            let (rows, offset, position) = keep(&console, status, id, was as i64);
            assert_eq!(position, exact, "{status:?} {pick}: #{id} was at {was}");
            let from = offset as usize;
            assert_eq!(
                rows,
                after[from..from + rows.len()].to_vec(),
                "{status:?} {pick}: the page"
            );
        }
    }
}
