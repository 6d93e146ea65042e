//! One urgency order: on a generated desk, the queue's first page, the
//! urgency-sorted list, a ticket's position, "next ticket"'s pick and the
//! claim itself all agree, because they all order by
//! `loket::store::list::order::URGENCY`.

use loket::generate::{GenerateOptions, generate};
use loket::store::filter::{self, AssigneeFilter, Sort, TicketFilter};
use loket::store::queue::{self, QueueQuery, StatusFilter};
use loket::store::{self, claim};
use rusqlite::Connection;

const NOW: i64 = 1_796_000_000;

/// A generated desk and an agent who may take any ticket: the highest tier (3),
/// no teams, every language and every skill on the desk.
fn desk() -> (Connection, i64) {
    let mut conn = store::open_in_memory().unwrap();
    generate(
        &mut conn,
        &GenerateOptions {
            tickets: 3000,
            seed: 2026,
            now: NOW,
        },
    )
    .unwrap();
    conn.execute(
        "INSERT INTO agents (name, display_name, tier, skills, languages, created_at)
         VALUES ('omni', 'Omni', 3,
                 (SELECT coalesce(json_group_array(DISTINCT s.value), '[]')
                  FROM agents o, json_each(o.skills) s WHERE o.active = 1),
                 '[]', 0)",
        [],
    )
    .unwrap();
    let id = conn.last_insert_rowid();
    (conn, id)
}

/// The unassigned backlog in urgency order, as `loket ticket list` and the
/// "unassigned" view read it, without merged tickets (never claimable).
fn unassigned(conn: &Connection) -> Vec<i64> {
    let f = TicketFilter {
        assignee: AssigneeFilter::Nobody,
        ..TicketFilter::default()
    };
    filter::list(conn, &f, Sort::default(), 0, 200, NOW)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .filter(|id| {
            conn.query_row(
                "SELECT merged_into_id IS NULL FROM tickets WHERE id = ?1",
                [id],
                |r| r.get::<_, bool>(0),
            )
            .unwrap()
        })
        .collect()
}

#[test]
fn next_ticket_the_queue_page_and_claim_come_from_one_order() {
    let (conn, omni) = desk();
    let query = QueueQuery {
        status: StatusFilter::Active,
        offset: 0,
        limit: 100,
        anchor: None,
    };
    let page = queue::page(&conn, &query).unwrap();
    assert!(page.rows.len() > 10, "the generated desk has a backlog");
    let sorted = filter::list(
        &conn,
        &TicketFilter::default(),
        Sort::default(),
        0,
        100,
        NOW,
    )
    .unwrap();
    assert_eq!(
        page.rows, sorted.rows,
        "the queue's page is the urgency-sorted list"
    );
    for (at, row) in page.rows.iter().enumerate().take(20) {
        assert_eq!(
            queue::position_of(&conn, StatusFilter::Active, row.id).unwrap(),
            Some(at as i64)
        );
    }

    let waiting = unassigned(&conn);
    assert!(waiting.len() > 3, "unassigned tickets to claim");
    let first_in_queue = page
        .rows
        .iter()
        .map(|r| r.id)
        .find(|id| waiting.contains(id));
    assert_eq!(first_in_queue, Some(waiting[0]));
    assert_eq!(claim::peek(&conn, omni).unwrap(), Some(waiting[0]));
    assert_eq!(claim::claim(&conn, omni, NOW).unwrap(), Some(waiting[0]));
    // The next most urgent is the next in the same order.
    assert_eq!(claim::peek(&conn, omni).unwrap(), Some(waiting[1]));
    assert_eq!(unassigned(&conn)[0], waiting[1]);
    assert_eq!(claim::claim(&conn, omni, NOW).unwrap(), Some(waiting[1]));
}
