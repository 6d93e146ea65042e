#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The generated history hangs together: nothing after now, tickets agree
//! with their threads and events, SLA figures follow the desk's calendar.

use crate::generate_common::{DAY, NOW, count, generated, words};
use loket::store;

#[test]
fn history_spans_ninety_days_and_nothing_happens_after_now() {
    let (conn, _) = generated(2_000, 2);
    let first = count(&conn, "SELECT min(created_at) FROM tickets");
    let last = count(&conn, "SELECT max(created_at) FROM tickets");
    assert!(
        (NOW - 90 * DAY..NOW - 88 * DAY).contains(&first),
        "first ticket {} days ago",
        (NOW - first) / DAY
    );
    assert!(last <= NOW && last > NOW - DAY);
    for (what, sql) in [
        (
            "ticket times",
            "SELECT max(max(updated_at, coalesce(solved_at, 0), coalesce(closed_at, 0), coalesce(first_responded_at, 0))) FROM tickets",
        ),
        (
            "messages",
            "SELECT max(created_at + coalesce(duration_s, 0)) FROM messages",
        ),
        ("events", "SELECT max(at) FROM events"),
        ("sessions", "SELECT max(ended_at) FROM work_sessions"),
        ("surveys", "SELECT max(at) FROM surveys"),
        ("kb views", "SELECT max(at) FROM kb_views"),
        (
            "customers",
            "SELECT max(max(since, coalesce(churned_at, 0))) FROM customers",
        ),
        ("articles", "SELECT max(updated_at) FROM kb_articles"),
    ] {
        assert!(count(&conn, sql) <= NOW, "{what} after now");
    }
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.at < t.created_at"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.created_at < t.created_at"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM work_sessions w JOIN tickets t ON t.id = w.ticket_id WHERE w.started_at < t.created_at"
        ),
        0
    );
}

#[test]
fn tickets_agree_with_their_threads_and_history() {
    let (conn, _) = generated(2_000, 3);
    // The status is where the last status event left it.
    assert_eq!(
        count(
            &conn,
            "
        SELECT count(*) FROM tickets t WHERE t.status <> (
            SELECT e.to_value FROM events e WHERE e.ticket_id = t.id
              AND e.kind IN ('created', 'status_changed', 'solved', 'reopened')
            ORDER BY e.at DESC, e.id DESC LIMIT 1)"
        ),
        0
    );
    // The assignee is the last one assigned.
    assert_eq!(count(&conn, "
        SELECT count(*) FROM tickets t WHERE coalesce(t.assignee_id, 0) <> coalesce((
            SELECT a.id FROM events e JOIN agents a ON a.name = e.to_value
            WHERE e.ticket_id = t.id AND e.kind = 'assigned' ORDER BY e.at DESC, e.id DESC LIMIT 1), 0)"), 0);
    // First response is the first public reply or call.
    assert_eq!(
        count(
            &conn,
            "
        SELECT count(*) FROM tickets t WHERE t.first_responded_at IS NOT (
            SELECT min(m.created_at) FROM messages m WHERE m.ticket_id = t.id
              AND m.author = 'agent' AND m.kind IN ('public', 'call'))"
        ),
        0
    );
    // Solved and closed times match the last solve and the close.
    assert_eq!(count(&conn, "
        SELECT count(*) FROM tickets t WHERE t.status IN ('solved', 'closed') AND t.solved_at IS NOT (
            SELECT max(at) FROM events e WHERE e.ticket_id = t.id AND e.kind = 'solved')"), 0);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM tickets WHERE is_active AND (solved_at IS NOT NULL OR closed_at IS NOT NULL)"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM tickets WHERE status = 'closed' AND (closed_at IS NULL OR closed_at < solved_at)"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM tickets WHERE status = 'new' AND assignee_id IS NOT NULL"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM tickets WHERE status <> 'new' AND assignee_id IS NULL"
        ),
        0
    );
    // updated_at is the last thing that happened.
    assert_eq!(count(&conn, "
        SELECT count(*) FROM tickets t WHERE t.updated_at < (SELECT max(at) FROM events e WHERE e.ticket_id = t.id)
           OR t.updated_at < (SELECT max(created_at) FROM messages m WHERE m.ticket_id = t.id)"), 0);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM tickets t WHERE version <> (SELECT count(*) FROM events e WHERE e.ticket_id = t.id)"
        ),
        0
    );
    // Tags and their events agree.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM ticket_tags g WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = g.ticket_id AND e.kind = 'tagged' AND e.to_value = g.tag)"
        ),
        0
    );
    // Every customer message on a ticket is in the ticket's language family of texts.
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.language = 'nl' AND m.body LIKE '%bestelling%'"
        ) > 100
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.language = 'en' AND (m.body LIKE '%bestelling%' OR m.body LIKE '%Met vriendelijke groet%')"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM messages WHERE body LIKE '%{%' OR body GLOB '*[\x01-\x09]*'"
        ),
        0
    );
}

#[test]
fn sla_figures_follow_the_calendar_and_include_breaches() {
    let (conn, _) = generated(2_000, 4);
    let calendar = store::settings::calendar(&conn).unwrap();
    let policies = store::settings::sla_policies(&conn).unwrap();
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM tickets t JOIN sla_policies p ON p.id = t.sla_policy_id WHERE p.priority <> t.priority"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM tickets WHERE sla_policy_id IS NULL OR first_response_due_at IS NULL OR resolution_due_at IS NULL"
        ),
        0
    );
    let mut stmt = conn
        .prepare("SELECT created_at, priority, first_response_due_at, resolution_due_at FROM tickets WHERE id % 37 = 0")
        .unwrap();
    let rows: Vec<(i64, loket::domain::Priority, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(rows.len() > 50);
    for (created, priority, first_due, resolution_due) in rows {
        let policy = &policies[&priority];
        assert_eq!(
            Some(first_due),
            calendar.due(created, policy.first_response)
        );
        // Pending time only ever pushes the resolution target out.
        assert!(Some(resolution_due) >= calendar.due(created, policy.resolution));
    }
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM tickets WHERE resolution_due_at > first_response_due_at"
        ) > 1_900
    );
    let pushed = count(&conn, "
        SELECT count(*) FROM tickets t WHERE EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.from_value = 'pending' AND e.kind = 'status_changed')");
    assert!(pushed > 100, "{pushed} tickets came back from pending");

    // The phone line is staffed in opening hours only.
    let calls = words(
        &conn,
        "SELECT CAST(created_at AS TEXT) FROM messages WHERE kind = 'call'",
    );
    assert!(calls.len() > 300);
    for at in calls {
        let at: i64 = at.parse().unwrap();
        assert_eq!(
            calendar.business_secs_between(at, at + 1),
            1,
            "call at {at} outside opening hours"
        );
    }

    let late_first = count(
        &conn,
        "SELECT count(*) FROM tickets WHERE first_responded_at > first_response_due_at",
    );
    let late_resolution = count(
        &conn,
        "SELECT count(*) FROM tickets WHERE solved_at > resolution_due_at",
    );
    let overdue_now = count(
        &conn,
        &format!("SELECT count(*) FROM tickets WHERE is_active AND sla_next_due_at < {NOW}"),
    );
    let met_first = count(
        &conn,
        "SELECT count(*) FROM tickets WHERE first_responded_at <= first_response_due_at",
    );
    assert!(late_first > 0, "no breached first response");
    assert!(late_resolution > 0, "no breached resolution");
    assert!(overdue_now > 0, "no overdue active ticket");
    assert!(
        met_first > late_first * 3,
        "most first responses are on time: {met_first} met, {late_first} late"
    );
}
