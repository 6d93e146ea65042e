#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The demo desk generator on in-memory databases: determinism, the mixes
//! the demo promises, and consistency between tickets, threads and history.

use loket::generate::{GenerateOptions, GenerateSummary, generate};
use loket::store;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// Monday 2026-11-23 14:00 UTC: a working afternoon in Amsterdam.
const NOW: i64 = 1_795_442_400;
const DAY: i64 = 86_400;

fn generated(tickets: u64, seed: u64) -> (Connection, GenerateSummary) {
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
fn dump(conn: &Connection) -> String {
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

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn words(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn same_seed_and_now_give_the_same_database() {
    let (a, summary_a) = generated(400, 7);
    let (b, summary_b) = generated(400, 7);
    assert_eq!(summary_a, summary_b);
    let (dump_a, dump_b) = (dump(&a), dump(&b));
    assert!(
        dump_a.contains("== tickets (400)"),
        "tickets are in the dump"
    );
    assert!(dump_a.contains("== messages ("), "messages are in the dump");
    assert_eq!(dump_a, dump_b);
}

#[test]
fn another_seed_gives_another_database() {
    let (a, _) = generated(400, 7);
    let (b, _) = generated(400, 8);
    let subjects =
        "SELECT group_concat(subject, '|') FROM (SELECT subject FROM tickets ORDER BY id)";
    let a_subjects: String = a.query_row(subjects, [], |r| r.get(0)).unwrap();
    let b_subjects: String = b.query_row(subjects, [], |r| r.get(0)).unwrap();
    assert_ne!(a_subjects, b_subjects);
    assert_ne!(dump(&a), dump(&b));
}

#[test]
fn default_desk_has_the_promised_people_and_mixes() {
    let (conn, summary) = generated(2_000, 1);
    assert_eq!(summary.tickets, 2_000);
    assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), 2_000);
    assert_eq!(
        summary.messages as i64,
        count(&conn, "SELECT count(*) FROM messages")
    );
    assert_eq!(
        summary.events as i64,
        count(&conn, "SELECT count(*) FROM events")
    );

    assert_eq!(count(&conn, "SELECT count(*) FROM agents"), 12);
    assert_eq!(count(&conn, "SELECT count(*) FROM teams"), 3);
    assert_eq!(count(&conn, "SELECT count(DISTINCT tier) FROM agents"), 3);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM agents WHERE role = 'supervisor'"
        ),
        1
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM agents WHERE role = 'admin'"),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM agents WHERE name <> lower(name) OR name LIKE '% %'"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM agents WHERE json_valid(skills) AND json_array_length(skills) > 0 AND json_valid(languages) AND json_array_length(languages) > 0"
        ),
        12
    );
    assert_eq!(
        count(&conn, "SELECT count(DISTINCT team_id) FROM agent_teams"),
        3
    );

    let customers = count(&conn, "SELECT count(*) FROM customers");
    assert_eq!(customers, 500);
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM customers WHERE churned_at IS NOT NULL"
        ) > 10
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM customers WHERE organisation IS NOT NULL"
        ) > 50
    );
    let dutch_customers = count(
        &conn,
        "SELECT count(*) FROM customers WHERE language = 'nl'",
    );
    assert!(
        (250..=350).contains(&dutch_customers),
        "{dutch_customers} Dutch customers"
    );

    assert_eq!(
        words(&conn, "SELECT DISTINCT channel FROM tickets ORDER BY 1"),
        ["chat", "email", "phone", "sms", "social", "web"]
    );
    assert_eq!(
        words(&conn, "SELECT DISTINCT status FROM tickets ORDER BY 1"),
        ["closed", "new", "on_hold", "open", "pending", "solved"]
    );
    assert_eq!(
        words(&conn, "SELECT DISTINCT priority FROM tickets ORDER BY 1"),
        ["high", "low", "normal", "urgent"]
    );
    assert_eq!(
        words(&conn, "SELECT DISTINCT language FROM tickets ORDER BY 1"),
        ["en", "nl"]
    );
    let dutch = count(&conn, "SELECT count(*) FROM tickets WHERE language = 'nl'");
    assert!((1_000..=1_400).contains(&dutch), "{dutch} Dutch tickets");
    assert_eq!(count(&conn, "SELECT count(DISTINCT tier) FROM tickets"), 3);

    // The backlog is mostly recent: old tickets are solved or closed.
    let old_active = count(
        &conn,
        &format!(
            "SELECT count(*) FROM tickets WHERE is_active AND created_at < {}",
            NOW - 30 * DAY
        ),
    );
    let old = count(
        &conn,
        &format!(
            "SELECT count(*) FROM tickets WHERE created_at < {}",
            NOW - 30 * DAY
        ),
    );
    assert!(
        old_active * 20 < old,
        "{old_active} of {old} old tickets still active"
    );
    let recent_active = count(
        &conn,
        &format!(
            "SELECT count(*) FROM tickets WHERE is_active AND created_at > {}",
            NOW - 2 * DAY
        ),
    );
    assert!(recent_active > 10, "{recent_active}");

    // Threads: calls with talk time, internal notes, public replies.
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM messages WHERE kind = 'call' AND author = 'agent' AND duration_s > 0 AND channel = 'phone'"
        ) > 100
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM messages WHERE kind = 'internal'"
        ) > 100
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM messages WHERE kind = 'public' AND author = 'agent'"
        ) > 1_000
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM messages WHERE kind = 'call' AND duration_s IS NULL"
        ),
        0
    );

    // History: every kind of change happens.
    for kind in [
        "created",
        "assigned",
        "status_changed",
        "priority_changed",
        "escalated",
        "reopened",
        "solved",
        "tagged",
        "team_changed",
        "tier_changed",
    ] {
        assert!(
            count(
                &conn,
                &format!("SELECT count(*) FROM events WHERE kind = '{kind}'")
            ) > 0,
            "no {kind} events"
        );
    }
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM events WHERE kind = 'assigned' AND from_value IS NOT NULL"
        ) > 20,
        "reassignments"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM events WHERE kind = 'escalated' AND (detail IS NULL OR CAST(to_value AS INTEGER) <= CAST(from_value AS INTEGER))"
        ),
        0
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM events WHERE kind = 'created'"),
        2_000
    );
    assert!(count(&conn, "SELECT count(*) FROM ticket_tags") >= 2_000);

    // Surveys in range with a positive skew.
    assert!(count(&conn, "SELECT count(*) FROM surveys WHERE kind = 'csat'") > 300);
    assert!(count(&conn, "SELECT count(*) FROM surveys WHERE kind = 'nps'") > 150);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM surveys WHERE (kind = 'csat' AND score NOT BETWEEN 1 AND 5) OR (kind = 'nps' AND score NOT BETWEEN 0 AND 10)"
        ),
        0
    );
    let happy = count(
        &conn,
        "SELECT count(*) FROM surveys WHERE kind = 'csat' AND score >= 4",
    );
    let csat = count(&conn, "SELECT count(*) FROM surveys WHERE kind = 'csat'");
    assert!(
        happy * 100 / csat > 60 && happy < csat,
        "CSAT {happy}/{csat}"
    );

    // Work, knowledge and macros.
    assert!(count(&conn, "SELECT count(*) FROM work_sessions") > 2_000);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM work_sessions WHERE active_s > ended_at - started_at OR ended_at < started_at"
        ),
        0
    );
    assert!(count(&conn, "SELECT count(*) FROM kb_articles") >= 30);
    assert_eq!(
        count(&conn, "SELECT count(DISTINCT language) FROM kb_articles"),
        2
    );
    assert_eq!(
        count(&conn, "SELECT count(DISTINCT visibility) FROM kb_articles"),
        2
    );
    assert!(count(&conn, "SELECT count(DISTINCT category) FROM kb_articles") >= 6);
    assert!(count(&conn, "SELECT count(*) FROM kb_articles WHERE faq = 1") > 0);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM kb_articles WHERE body NOT LIKE '#%' OR body NOT LIKE '%## %' OR NOT json_valid(tags)"
        ),
        0
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM kb_views WHERE self_service = 1"
        ) > 300
    );
    assert!(count(&conn, "SELECT count(*) FROM ticket_kb_links") > 100);
    assert!(count(&conn, "SELECT count(*) FROM canned_responses") >= 20);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM canned_responses WHERE body NOT LIKE '%{customer_%' OR body NOT LIKE '%{agent_name}%'"
        ),
        0
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM canned_responses WHERE body LIKE '%{ticket_id}%'"
        ) > 0
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM canned_responses WHERE body LIKE '%{team}%'"
        ) > 0
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM canned_responses WHERE set_status IS NOT NULL"
        ) > 0
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM canned_responses WHERE set_priority IS NOT NULL"
        ) > 0
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM canned_responses WHERE json_array_length(add_tags) > 0"
        ) > 0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(DISTINCT language) FROM canned_responses"
        ),
        2
    );
}

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

#[test]
fn database_is_sound_and_searchable() {
    let (conn, _) = generated(1_000, 5);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").unwrap();
    let problems = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .count();
    assert_eq!(problems, 0);
    let hits = words(
        &conn,
        "SELECT a.slug FROM kb_fts JOIN kb_articles a ON a.id = kb_fts.rowid WHERE kb_fts MATCH 'wachtwoord' ORDER BY a.slug",
    );
    assert!(hits.contains(&"password-reset-nl".to_string()), "{hits:?}");
    let hits = words(
        &conn,
        "SELECT a.slug FROM kb_fts JOIN kb_articles a ON a.id = kb_fts.rowid WHERE kb_fts MATCH 'refund' ORDER BY a.slug",
    );
    assert!(hits.contains(&"refund".to_string()), "{hits:?}");
}

#[test]
fn generating_restores_the_connection_settings() {
    let mut conn = store::open_in_memory().unwrap();
    conn.pragma_update(None, "cache_size", -4_000).unwrap();
    generate(
        &mut conn,
        &GenerateOptions {
            tickets: 50,
            seed: 1,
            now: NOW,
        },
    )
    .unwrap();
    assert_eq!(count(&conn, "PRAGMA cache_size"), -4_000);
    assert_eq!(count(&conn, "PRAGMA ignore_check_constraints"), 0);
    assert_eq!(count(&conn, "PRAGMA foreign_keys"), 1);
    // And the connection enforces the schema's checks again.
    assert!(
        conn.execute("UPDATE tickets SET status = 'lost' WHERE id = 1", [])
            .is_err()
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM customers"), 20);
}

#[test]
fn a_database_file_is_back_in_wal_mode_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut conn = store::open(&path, store::OpenMode::ReadWrite).unwrap();
    generate(
        &mut conn,
        &GenerateOptions {
            tickets: 200,
            seed: 3,
            now: NOW,
        },
    )
    .unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    let conn = store::open(&path, store::OpenMode::ReadOnly).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), 200);
}

#[test]
fn a_second_connection_keeps_the_database_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut conn = store::open(&path, store::OpenMode::ReadWrite).unwrap();
    let other = store::open(&path, store::OpenMode::ReadWrite).unwrap();
    assert_eq!(count(&other, "SELECT count(*) FROM tickets"), 0);
    generate(
        &mut conn,
        &GenerateOptions {
            tickets: 100,
            seed: 3,
            now: NOW,
        },
    )
    .unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(count(&other, "SELECT count(*) FROM tickets"), 100);
}
