#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The demo desk generator on in-memory databases: determinism, the mixes
//! the demo promises, soundness, and what it does to the connection.
//! History and SLA consistency are in `generate_history.rs`.

use crate::generate_common::{DAY, NOW, count, dump, generated, words};
use loket::generate::{GenerateOptions, generate};
use loket::store;
use rusqlite::Connection;

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
    // Every ticket is in the subject-and-customer index, under its own words.
    let (subject, customer): (String, String) = conn
        .query_row(
            "SELECT t.subject, c.name FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = 500",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let text = format!("{subject} {customer}");
    let query = loket::store::filter::fts_query(&text).unwrap();
    let found = words(
        &conn,
        &format!(
            "SELECT CAST(rowid AS TEXT) FROM tickets_fts WHERE tickets_fts MATCH '{}'",
            query.replace('\'', "''")
        ),
    );
    assert!(found.contains(&"500".to_string()), "{text}: {found:?}");
}

/// Every (term, ticket) pair of a ticket search index, and every ticket's
/// token counts: the whole of a `detail = none` index.
/// Both ticket search indexes hold what filling them from
/// `ticket_search_text` gives (the reference): every term–ticket pair and
/// every token count, on a desk with more than a thousand pairs.
pub(crate) fn search_indexes_equal_the_view(conn: &Connection) {
    for (table, filter) in [("tickets_fts", ""), ("open_tickets_fts", " WHERE active")] {
        let built = search_index(conn, table);
        let definition: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        let reference = format!("ref_{table}");
        conn.execute_batch(&definition.replacen(table, &reference, 1))
            .unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO {reference}(rowid, subject, customer, messages)
             SELECT id, subject, customer, messages FROM ticket_search_text{filter}"
        ))
        .unwrap();
        let expected = search_index(conn, &reference);
        assert!(built.0.len() > 1_000, "{table}: {} pairs", built.0.len());
        assert_eq!(built.0, expected.0, "{table}: terms and tickets");
        assert_eq!(built.1, expected.1, "{table}: token counts");
    }
}

fn search_index(conn: &Connection, table: &str) -> (Vec<String>, Vec<String>) {
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE temp.vocab_{table} USING fts5vocab(main, {table}, instance)"
    ))
    .unwrap();
    let pairs = words(
        conn,
        &format!("SELECT term || ' ' || doc FROM temp.vocab_{table} ORDER BY term, doc"),
    );
    let sizes = words(
        conn,
        &format!("SELECT id || ' ' || hex(sz) FROM {table}_docsize ORDER BY id"),
    );
    (pairs, sizes)
}

#[test]
fn ticket_search_indexes_equal_ones_filled_from_the_view() {
    // The generator builds them on a second thread from the tickets it
    // plays; filling them from `ticket_search_text` is the reference.
    let (conn, _) = generated(1_500, 11);
    search_indexes_equal_the_view(&conn);
    // The copied indexes go on working: a changed subject is found under
    // its new word only.
    let hits = |word: &str| {
        words(
            &conn,
            &format!(
                "SELECT CAST(rowid AS TEXT) FROM tickets_fts WHERE tickets_fts MATCH '{word}'"
            ),
        )
    };
    assert!(hits("zygomorphic").is_empty());
    conn.execute(
        "UPDATE tickets SET subject = 'zygomorphic printer' WHERE id = 7",
        [],
    )
    .unwrap();
    assert_eq!(hits("zygomorphic"), vec!["7".to_string()]);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
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
    let mut conn = store::open(
        &path,
        store::OpenMode::ReadWrite,
        &loket::clock::SystemClock,
    )
    .unwrap();
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
    let conn = store::open(&path, store::OpenMode::ReadOnly, &loket::clock::SystemClock).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), 200);
}

#[test]
fn a_second_connection_keeps_the_database_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut conn = store::open(
        &path,
        store::OpenMode::ReadWrite,
        &loket::clock::SystemClock,
    )
    .unwrap();
    let other = store::open(
        &path,
        store::OpenMode::ReadWrite,
        &loket::clock::SystemClock,
    )
    .unwrap();
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

#[test]
fn tiny_desks_generate_too() {
    for tickets in [0, 1, 7] {
        let (conn, summary) = generated(tickets, 11);
        assert_eq!(summary.tickets, tickets);
        assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), tickets as i64);
        assert_eq!(count(&conn, "SELECT count(*) FROM customers"), 20);
        assert_eq!(count(&conn, "SELECT count(*) FROM agents"), 12);
    }
}

#[test]
fn many_tickets_are_solved_on_first_contact_and_some_are_not() {
    let (conn, _) = generated(2_000, 9);
    // Agent contacts: public agent replies and calls, never internal notes (KPIS.md).
    let contacts = "(SELECT count(*) FROM messages m WHERE m.ticket_id = t.id AND m.author = 'agent' AND m.kind <> 'internal')";
    let solved = count(
        &conn,
        &format!("SELECT count(*) FROM tickets t WHERE solved_at IS NOT NULL AND {contacts} > 0"),
    );
    let first_contact = count(
        &conn,
        &format!(
            "SELECT count(*) FROM tickets t WHERE solved_at IS NOT NULL AND {contacts} = 1
             AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.kind = 'reopened')"
        ),
    );
    let share = first_contact as f64 / solved as f64;
    assert!(
        (0.3..0.8).contains(&share),
        "first contact resolution {share:.2} of {solved} solved tickets"
    );
}

#[test]
fn the_newest_email_threads_came_and_went_by_mail() {
    let (conn, summary) = generated(2_000, 1);
    assert_eq!(summary.mail_threads, 150);
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // Every public message of those tickets has its Message-ID, threaded to its ticket.
    assert_eq!(
        q("SELECT count(*) FROM messages m WHERE m.kind = 'public'
           AND m.ticket_id IN (SELECT ticket_id FROM mail_messages)
           AND NOT EXISTS (SELECT 1 FROM mail_messages mm WHERE mm.message_id = m.id AND mm.ticket_id = m.ticket_id)"),
        0
    );
    assert_eq!(
        q(
            "SELECT count(*) FROM mail_messages mm JOIN messages m ON m.id = mm.message_id
           WHERE (mm.direction = 'in') <> (m.author = 'customer')"
        ),
        0,
        "customer mail came in, replies went out"
    );
    // Each reply went out once; one failed and one bounced, as a demo shows.
    assert_eq!(
        q(
            "SELECT count(*) FROM messages m WHERE m.author = 'agent' AND m.kind = 'public'
           AND m.ticket_id IN (SELECT ticket_id FROM mail_messages)
           AND (SELECT count(*) FROM outbox o WHERE o.message_id = m.id) <> 1"
        ),
        0
    );
    assert_eq!(q("SELECT count(*) FROM outbox WHERE state = 'failed'"), 1);
    assert_eq!(q("SELECT count(*) FROM outbox WHERE state = 'bounced'"), 1);
    assert_eq!(
        q(
            "SELECT count(*) FROM outbox WHERE state = 'sent' AND (relay_reply IS NULL OR sent_at IS NULL)"
        ),
        0
    );
    // Minted ids name their ticket, as live replies' do.
    let (mail_id, ticket): (String, i64) = conn
        .query_row(
            "SELECT mail_id, ticket_id FROM mail_messages WHERE direction = 'out' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(loket::mail::ids::minted_ticket(&mail_id), Some(ticket));
    // Some with a colleague in Cc, an attachment (stored once per content), quoted history.
    assert!(q("SELECT count(*) FROM ticket_cc") > 5);
    assert!(q("SELECT count(*) FROM attachments WHERE message_id IS NOT NULL") > 5);
    assert!(q("SELECT count(*) FROM blobs") <= 2);
    let quoted: String = conn
        .query_row(
            "SELECT quoted FROM messages WHERE quoted IS NOT NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut lines = quoted.lines();
    let header = lines.next().unwrap();
    assert!(
        header.ends_with("wrote:") || header.ends_with(':'),
        "{header}"
    );
    assert!(lines.all(|l| l.starts_with('>')), "{quoted}");
    let address: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'mail.address'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(address, "Support <support@loket-demo.example>");
}
