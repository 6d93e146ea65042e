//! Round trips are exact: export → import into an empty desk → export gives
//! the same document, and importing a desk's own export into it adds
//! nothing, for JSON and for CSV, on generated desks of random sizes and
//! seeds with the awkward cases added (phone-only customers, merged and
//! linked tickets, follow-ups, unicode, empty bodies). Duplicate keys in
//! one file are refused with their line and field.

use std::collections::HashMap;

use loket::domain::{Author, Channel, MessageKind, Priority};
use loket::exchange::{csv_import, import};
use loket::store::changes::{self, Actor, NewMessage, NewTicket};
use loket::store::{self, rollups};
use proptest::prelude::*;
use rusqlite::Connection;

use crate::generate_common::{NOW, generated};
use crate::{csv_of, json_of};

type Res = Result<loket::exchange::ImportReport, String>;

fn import_json(conn: &mut Connection, text: &str, defer_from: usize) -> Res {
    let (doc, origins) = import::parse_json(text, "desk.json").map_err(|e| e.to_string())?;
    import::import_with(conn, &doc, &origins, NOW, None, defer_from).map_err(|e| e.to_string())
}

fn import_csv(conn: &mut Connection, text: &str) -> Res {
    let now = chrono::DateTime::from_timestamp(NOW, 0).unwrap();
    let (doc, origins) = csv_import::parse_csv(text, "tickets.csv", &HashMap::new(), now)
        .map_err(|e| e.to_string())?;
    import::import(conn, &doc, &origins, NOW).map_err(|e| e.to_string())
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// The rollup tables as text, to compare with a rebuild.
fn rollup_rows(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT concat_ws(' ', grouping, grp, measure, day, n, total) FROM rollups ORDER BY 1",
        "SELECT concat_ws(' ', ticket_id, team, assignee, channel, priority, cells, due_a, due_b, active)
         FROM rollup_tickets ORDER BY ticket_id",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// A generated desk with the awkward cases added through the store's own
/// changes: a phone-only caller, a merge, a related link, a follow-up, an
/// empty body, unicode and text a spreadsheet would run as a formula.
fn awkward_desk(tickets: u64, seed: u64) -> Connection {
    let (conn, _) = generated(tickets, seed);
    let by = |agent| Actor {
        agent_id: agent,
        now: NOW - 3_600,
    };
    let new = |subject: &str, email: &str, body: Option<&str>| NewTicket {
        subject: subject.into(),
        customer_email: email.into(),
        customer_name: Some("Zoë Ørsted-李".into()),
        channel: Channel::Chat,
        priority: Priority::High,
        body: body.map(str::to_string),
        language: Some("nl".into()),
        tags: vec!["ünïcode".into()],
    };
    let a = changes::create_ticket(
        &conn,
        &new(
            "=SUM(A1) — crème brûlée",
            "zoe@example.nl",
            Some("-1 kopje\n\ttab"),
        ),
        by(None),
    )
    .unwrap();
    let b = changes::create_ticket(
        &conn,
        &new("Tweede vraag", "zoe@example.nl", None),
        by(None),
    )
    .unwrap();
    let c = changes::create_ticket(
        &conn,
        &new("@home", "zoe@example.nl", Some(" leading space ")),
        by(None),
    )
    .unwrap();
    changes::merge(&conn, b, a, by(Some(1))).unwrap();
    changes::add_message(
        &conn,
        c,
        &NewMessage {
            author: Author::Agent,
            kind: MessageKind::Internal,
            body: "Notitie: \u{202e}omgekeerd".into(),
            duration_s: None,
        },
        by(Some(1)),
    )
    .unwrap();
    // A phone-only caller, and a ticket that follows up a closed one.
    conn.execute_batch(&format!(
        "INSERT INTO customers (name, phone, language, since, created_at) VALUES ('Bellers zonder mail', '+31 6 0000 0000', 'nl', {NOW}, {NOW});
         INSERT INTO tickets (subject, customer_id, channel, status, priority, created_at, updated_at)
             VALUES ('Belt over factuur', last_insert_rowid(), 'phone', 'open', 'normal', {t}, {t});
         INSERT INTO ticket_links (ticket_id, other_id, kind, created_at) VALUES ({c}, {a}, 'related', {t});
         UPDATE tickets SET follow_up_of = {a} WHERE id = {c};",
        t = NOW - 600
    ))
    .unwrap();
    conn
}

/// The teams and agents of `from`, nothing else: the desk a CSV of tickets
/// goes into (a CSV carries tickets, not the desk's people).
fn people_of(from: &Connection) -> Connection {
    let mut doc: serde_json::Value = serde_json::from_str(&json_of(from)).unwrap();
    for section in ["customers", "tickets", "kb_views", "surveys"] {
        doc[section] = serde_json::json!([]);
    }
    let mut conn = store::open_in_memory().unwrap();
    import_json(&mut conn, &doc.to_string(), usize::MAX).unwrap();
    conn
}

fn check_round_trips(original: &mut Connection, defer_from: usize) {
    let tickets = count(original, "tickets") as u64;
    let first = json_of(original);
    // JSON into an empty desk, and back out.
    let mut copy = store::open_in_memory().unwrap();
    let report = import_json(&mut copy, &first, defer_from).unwrap();
    assert_eq!(report.tickets, tickets);
    assert_eq!(
        json_of(&copy),
        first,
        "export → import → export is the same document"
    );
    assert_eq!(
        !rollup_rows(&copy).is_empty(),
        tickets > 0,
        "the import fills the rollups"
    );
    let imported = rollup_rows(&copy);
    store::write(&mut copy, &loket::clock::SystemClock, |tx| {
        use loket::clock::Clock as _;
        rollups::rebuild(tx, loket::clock::SystemClock.now().timestamp()).map(|_| ())
    })
    .unwrap();
    assert_eq!(
        imported,
        rollup_rows(&copy),
        "the import's rollups equal a rebuild"
    );
    // The desk's own export into itself adds nothing.
    for conn in [&mut *original, &mut copy] {
        let again = import_json(conn, &first, defer_from).unwrap();
        assert_eq!((again.tickets, again.customers, again.agents), (0, 0, 0));
        assert_eq!(again.tickets_skipped, tickets);
        assert_eq!(json_of(conn), first);
    }
    // CSV: into a desk with the same people, and back out; into itself.
    let csv = csv_of(original);
    let mut from_csv = people_of(original);
    let report = import_csv(&mut from_csv, &csv).unwrap();
    assert_eq!(report.tickets, tickets);
    assert_eq!(
        csv_of(&from_csv),
        csv,
        "CSV export → import → export is the same file"
    );
    for conn in [&mut *original, &mut from_csv] {
        let again = import_csv(conn, &csv).unwrap();
        assert_eq!((again.tickets, again.tickets_skipped), (0, tickets));
    }
    assert_eq!(csv_of(original), csv);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn generated_desks_round_trip_exactly(tickets in 0u64..120, seed in 0u64..1_000, bulk in any::<bool>()) {
        let mut desk = awkward_desk(tickets, seed);
        check_round_trips(&mut desk, if bulk { 0 } else { usize::MAX });
    }
}

/// The JSON export reads its tickets a range of ids at a time
/// (`export::tickets`): the same tickets, field for field, as reading each
/// on its own (`export::ticket`, the export's way before), also for a
/// range with tickets left out of it (hidden ones) and for one ticket.
#[test]
fn tickets_read_a_range_at_a_time_equal_tickets_read_one_by_one() {
    use loket::exchange::export;
    let desk = awkward_desk(700, 8);
    let ids: Vec<i64> = desk
        .prepare("SELECT id FROM tickets ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let one_by_one = |ids: &[i64]| -> Vec<loket::exchange::model::Ticket> {
        ids.iter()
            .map(|id| export::ticket(&desk, *id).unwrap())
            .collect()
    };
    let every_third: Vec<i64> = ids.iter().copied().step_by(3).collect();
    for chosen in [&ids[..], &every_third[..], &ids[5..6], &[][..]] {
        for size in [1, 7, 512, 10_000] {
            let chunked: Vec<_> = chosen
                .chunks(size)
                .flat_map(|chunk| export::tickets(&desk, chunk).unwrap())
                .collect();
            assert_eq!(chunked, one_by_one(chosen), "chunks of {size}");
        }
    }
    let full = one_by_one(&ids);
    assert!(
        full.iter().any(|t| !t.links.is_empty()),
        "links are covered"
    );
    assert!(
        full.iter().any(|t| !t.kb_links.is_empty()),
        "article links are covered"
    );
    assert!(full.iter().any(|t| !t.work_sessions.is_empty()));
    assert!(full.iter().any(|t| t.follow_up_of.is_some()));
}

/// The demo's size, through the row-by-row path and the bulk path.
#[test]
fn a_demo_sized_desk_round_trips_both_ways() {
    let mut desk = awkward_desk(2_000, 42);
    check_round_trips(&mut desk, import::DEFER_INDEXES_FROM);
    check_round_trips(&mut desk, 0);
}

fn error_of(text: &str) -> String {
    let mut conn = store::open_in_memory().unwrap();
    let before = json_of(&conn);
    let message = import_json(&mut conn, text, usize::MAX).unwrap_err();
    assert_eq!(json_of(&conn), before, "nothing was imported");
    message
}

#[test]
fn duplicate_keys_in_one_file_are_refused_with_line_and_field() {
    let ticket = |id: &str| {
        format!(
            r#"{{"external_id": "{id}", "subject": "Hi", "customer": "eva@example.nl", "channel": "email",
                "status": "new", "priority": "normal", "created_at": "2026-11-23T09:00:00Z"}}"#
        )
    };
    let doc = |customers: &str, tickets: &str, agents: &str| {
        format!(
            "{{\"format\": \"loket-desk\", \"version\": 1,\n\"agents\": [{agents}],\n\"customers\": [{customers}],\n\"tickets\": [\n{tickets}]}}"
        )
    };
    let eva = r#"{"name": "Eva", "email": "eva@example.nl"}"#;
    let twice = error_of(&doc(
        eva,
        &format!("{},\n{}", ticket("ZD-1"), ticket("ZD-1")),
        "",
    ));
    assert!(twice.contains("line 7, tickets[1].external_id"), "{twice}");
    assert!(
        twice.contains("'ZD-1'") && twice.contains("tickets[0], line 5"),
        "{twice}"
    );
    let customers = error_of(&doc(
        &format!(
            "{eva},\n{}",
            r#"{"name": "Eva B", "email": "EVA@example.nl"}"#
        ),
        &ticket("ZD-1"),
        "",
    ));
    assert!(customers.contains("customers[1].email"), "{customers}");
    let agents = error_of(&doc(
        eva,
        &ticket("ZD-1"),
        r#"{"name": "anna", "display_name": "A"}, {"name": "anna", "display_name": "B"}"#,
    ));
    assert!(agents.contains("agents[1].name"), "{agents}");
}

#[test]
fn a_csv_row_needs_an_email_or_a_customer_key() {
    let mut conn = store::open_in_memory().unwrap();
    let err = import_csv(&mut conn, "subject,customer_email\nHallo,\n").unwrap_err();
    assert!(err.contains("line 2, customer_email"), "{err}");
    assert_eq!(count(&conn, "tickets"), 0);
    let ok = import_csv(
        &mut conn,
        "subject,customer_email,customer_key,customer_phone\nHallo,,caller-7,+31 6 1\n",
    )
    .unwrap();
    assert_eq!((ok.tickets, ok.customers), (1, 1));
    let phone: String = conn
        .query_row(
            "SELECT phone FROM customers WHERE external_id = 'caller-7'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(phone, "+31 6 1");
}

fn journal_mode(conn: &Connection) -> String {
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

/// A bulk import into a desk file without tickets runs through a rollback
/// journal and leaves the desk in WAL mode again, whether it worked or not;
/// a failed one changes nothing.
#[test]
fn a_bulk_import_into_an_empty_desk_file_ends_in_wal_and_fails_whole() {
    let dir = tempfile::tempdir().unwrap();
    let original = awkward_desk(60, 7);
    let text = json_of(&original);
    let clock = loket::clock::SystemClock;

    let path = dir.path().join("failed.db");
    let mut failed = store::open(&path, store::OpenMode::ReadWrite, &clock).unwrap();
    let before = json_of(&failed);
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let last = doc["tickets"].as_array().unwrap().len() - 1;
    doc["tickets"][last]["status"] = serde_json::json!("done");
    let message = import_json(&mut failed, &doc.to_string(), 0).unwrap_err();
    assert!(message.contains("'done' is not a status"), "{message}");
    assert_eq!(json_of(&failed), before, "nothing was imported");
    assert_eq!(journal_mode(&failed), "wal");

    let path = dir.path().join("desk.db");
    let mut desk = store::open(&path, store::OpenMode::ReadWrite, &clock).unwrap();
    let report = import_json(&mut desk, &text, 0).unwrap();
    assert_eq!(report.tickets, count(&original, "tickets") as u64);
    assert_eq!(journal_mode(&desk), "wal");
    drop(desk);
    let reopened = store::open(&path, store::OpenMode::ReadOnly, &clock).unwrap();
    assert_eq!(json_of(&reopened), text, "the file holds the whole desk");
}
