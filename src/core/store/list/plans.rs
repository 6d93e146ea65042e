//! The query plans of the list builder's statements on a generated desk:
//! each still reads the index it was written for (issue 17 asked for the
//! same plans before and after the builder became one). Run with
//! `--nocapture` to see them.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::*;
use crate::domain::Status;

fn desk() -> Connection {
    let mut conn = crate::store::open_in_memory().unwrap();
    crate::generate::generate(
        &mut conn,
        &crate::generate::GenerateOptions {
            tickets: 2000,
            seed: 2026,
            now: 1_796_000_000,
        },
    )
    .unwrap();
    conn
}

/// The plan's lines, one detail each.
fn plan(conn: &Connection, name: &str, sql: &str, values: &[Value]) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let lines: Vec<String> = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    println!("== {name}\n{}", lines.join("\n"));
    lines
}

fn uses(lines: &[String], wanted: &str) -> bool {
    lines.iter().any(|l| l.contains(wanted))
}

#[test]
fn every_list_statement_reads_its_index() {
    let conn = desk();
    let open = StatusFilter::Only(Status::Open);
    for (status, index) in [
        (
            StatusFilter::Active,
            "SEARCH t USING INDEX tickets_urgency (is_active=?)",
        ),
        (
            open,
            "SEARCH t USING INDEX tickets_status_urgency (status=?)",
        ),
        (StatusFilter::All, "SCAN t USING INDEX tickets_urgency"),
    ] {
        let filter = TicketFilter::of_status(status);
        let (sql, values) = rows_sql(&conn, &filter, Order::Queue, 0, 50, 0).unwrap();
        let lines = plan(&conn, &format!("queue page {status:?}"), &sql, &values);
        assert!(uses(&lines, index), "{status:?}: {lines:?}");
        assert!(uses(&lines, "SCAN p"), "ids first, then joined");

        let c = fenced(&conn, &filter, 0).unwrap();
        let lines = plan(
            &conn,
            &format!("count {status:?}"),
            &count_sql(&c),
            &c.values,
        );
        let counted = match status {
            StatusFilter::Active => "tickets_urgency (is_active=?)",
            StatusFilter::Only(_) => "COVERING INDEX tickets_status_urgency (status=?)",
            StatusFilter::All => "COVERING INDEX",
        };
        assert!(uses(&lines, counted), "{status:?}: {lines:?}");

        // Read by key: a seek to the ticket's key, walked either way.
        let key = (1, [0, 0, 0, 0]);
        let segment = (status == StatusFilter::All).then_some(1);
        let keyed = match status {
            StatusFilter::Only(_) => {
                "tickets_status_urgency (status=? AND (sla_next_due_at,priority_rank,created_at)"
            }
            _ => "tickets_urgency (is_active=? AND (sla_next_due_at,priority_rank,created_at)",
        };
        for (op, backwards) in [(">=", false), ("<", true)] {
            let (sql, mut values) =
                keyset::walk_sql(&conn, &filter, segment, Some((op, &key)), backwards, 0).unwrap();
            values.push(Value::Integer(50));
            let lines = plan(&conn, &format!("walk {op} {status:?}"), &sql, &values);
            assert!(uses(&lines, keyed), "{status:?} {op}: {lines:?}");
            assert!(!uses(&lines, "TEMP B-TREE"), "the order is the index's");
        }

        // The back half of the list: the same index read from its end.
        let (sql, values) = reversed_sql(&conn, &filter, 0, 50, 0).unwrap();
        let lines = plan(&conn, &format!("reversed page {status:?}"), &sql, &values);
        assert!(uses(&lines, index), "{status:?}: {lines:?}");
        assert!(uses(&lines, "SCAN p"), "ids first, then joined");
    }

    let unassigned = TicketFilter {
        assignee: AssigneeFilter::Nobody,
        ..TicketFilter::default()
    };
    let (sql, values) =
        rows_sql(&conn, &unassigned, Order::Sorted(Sort::default()), 0, 50, 0).unwrap();
    let lines = plan(&conn, "sorted by urgency, unassigned", &sql, &values);
    assert!(uses(
        &lines,
        "SEARCH t USING INDEX tickets_urgency (is_active=?)"
    ));
    assert!(!uses(&lines, "TEMP B-TREE"), "urgency comes off the index");

    let by_customer = Sort {
        key: SortKey::Customer,
        descending: true,
    };
    let (sql, values) = rows_sql(
        &conn,
        &TicketFilter::default(),
        Order::Sorted(by_customer),
        0,
        50,
        0,
    )
    .unwrap();
    let lines = plan(&conn, "sorted by customer", &sql, &values);
    assert!(uses(
        &lines,
        "SEARCH t USING INDEX tickets_urgency (is_active=?)"
    ));

    let lines = plan(
        &conn,
        "claim's peek",
        &crate::store::claim::peek_sql(),
        &[Value::Integer(1), Value::Integer(0)],
    );
    assert!(
        uses(&lines, "SCAN t USING INDEX tickets_claimable"),
        "{lines:?}"
    );
    assert!(!uses(&lines, "TEMP B-TREE"), "urgency comes off the index");
}
