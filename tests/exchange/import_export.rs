//! Import and export: JSON round trips, idempotent imports, all-or-nothing
//! failures that name file, line and field, CSV with column mapping and
//! formula-safe cells.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use loket::domain::{Author, Channel, MessageKind, Priority, Status};
use loket::exchange::{ImportFailure, csv_import, export, import};
use loket::store::changes::{self, Actor, NewMessage, NewTicket};
use loket::store::{self, queue};
use rusqlite::Connection;

const T0: i64 = 1_795_000_000; // 2026-11-18T11:06:40Z, a Wednesday

fn actor(agent: Option<i64>, now: i64) -> Actor {
    Actor {
        agent_id: agent,
        now,
    }
}

/// A small desk built through the store's own changes.
fn desk() -> Connection {
    let conn = store::open_in_memory().unwrap();
    conn.execute_batch(
        "INSERT INTO teams (name) VALUES ('Billing'), ('Logistiek');
         INSERT INTO agents (name, display_name, role, tier, skills, languages, created_at)
             VALUES ('anna', 'Anna de Vries', 'agent', 1, '[\"billing\"]', '[\"nl\",\"en\"]', 0),
                    ('sem', 'Sem Visser', 'supervisor', 2, '[]', '[\"nl\"]', 0);
         INSERT INTO agent_teams VALUES (1, 1), (2, 2);
         INSERT INTO canned_responses (title, shortcut, body, set_status, add_tags, created_at, updated_at)
             VALUES ('Refund started', 'refund', 'Hi {customer_first_name}, your refund is on its way.', 'solved', '[\"refund\"]', 0, 0);
         INSERT INTO kb_articles (slug, title, body, category, tags, created_at, updated_at)
             VALUES ('reset-password', 'Reset your password', '# Reset\n\n1. Open settings', 'account', '[\"login\"]', 0, 0);
         INSERT INTO kb_views (article_id, self_service, at) VALUES (1, 1, 1795000100);
         INSERT INTO holidays (day, name) VALUES ('2026-12-25', 'Eerste kerstdag');",
    )
    .unwrap();
    let t1 = changes::create_ticket(
        &conn,
        &NewTicket {
            subject: "Pakket niet ontvangen".into(),
            customer_email: "eva@example.nl".into(),
            customer_name: Some("Eva Bakker".into()),
            channel: Channel::Email,
            priority: Priority::High,
            body: Some("Mijn bestelling #NL-48213 is nog steeds niet binnen.".into()),
            language: Some("nl".into()),
            tags: vec!["delivery".into()],
        },
        actor(None, T0),
    )
    .unwrap();
    changes::assign(&conn, t1, Some(1), actor(Some(1), T0 + 60)).unwrap();
    changes::add_message(
        &conn,
        t1,
        &NewMessage {
            author: Author::Agent,
            kind: MessageKind::Public,
            body: "Ik ga het voor u na.".into(),
            duration_s: None,
        },
        actor(Some(1), T0 + 120),
    )
    .unwrap();
    changes::set_status(&conn, t1, Status::Pending, actor(Some(1), T0 + 180)).unwrap();
    changes::add_message(
        &conn,
        t1,
        &NewMessage {
            author: Author::Customer,
            kind: MessageKind::Public,
            body: "Nog niets.".into(),
            duration_s: None,
        },
        actor(None, T0 + 7200),
    )
    .unwrap();
    let t2 = changes::create_ticket(
        &conn,
        &NewTicket {
            subject: "Double charge".into(),
            customer_email: "li@example.com".into(),
            customer_name: Some("Li Wei 李伟".into()),
            channel: Channel::Phone,
            priority: Priority::Urgent,
            body: None,
            language: None,
            tags: vec![],
        },
        actor(Some(2), T0 + 300),
    )
    .unwrap();
    changes::add_message(
        &conn,
        t2,
        &NewMessage {
            author: Author::Agent,
            kind: MessageKind::Call,
            body: "Customer called about a double charge; refund started.".into(),
            duration_s: Some(420),
        },
        actor(Some(2), T0 + 310),
    )
    .unwrap();
    changes::set_status(&conn, t2, Status::Solved, actor(Some(2), T0 + 900)).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO surveys (ticket_id, kind, score, at) VALUES ({t2}, 'csat', 5, {}), ({t2}, 'nps', 9, {});
         INSERT INTO work_sessions (agent_id, ticket_id, started_at, ended_at, active_s) VALUES (2, {t2}, {}, {}, 550);
         INSERT INTO ticket_links (ticket_id, other_id, kind, created_at) VALUES ({t1}, {t2}, 'related', {});",
        T0 + 1000,
        T0 + 1001,
        T0 + 300,
        T0 + 900,
        T0
    ))
    .unwrap();
    conn
}

fn export_json(conn: &Connection) -> String {
    let mut out = Vec::new();
    export::json(conn, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn import_json(conn: &mut Connection, text: &str) -> Result<loket::exchange::ImportReport, String> {
    let (doc, origins) = import::parse_json(text, "desk.json").map_err(|e| e.to_string())?;
    import::import(conn, &doc, &origins, T0 + 10_000).map_err(|e| e.to_string())
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn json_round_trips_through_an_empty_database() {
    let original = desk();
    let first = export_json(&original);
    let mut copy = store::open_in_memory().unwrap();
    let report = import_json(&mut copy, &first).unwrap();
    assert_eq!(report.tickets, 2);
    let second = export_json(&copy);
    assert_eq!(
        first, second,
        "export, import, export gives the same document"
    );

    // Derived fields are worked out again from the history.
    let get = |conn: &Connection, sql: &str| -> Vec<Option<i64>> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for column in [
        "solved_at",
        "first_responded_at",
        "resolution_due_at",
        "first_response_due_at",
    ] {
        let sql = format!("SELECT {column} FROM tickets ORDER BY id");
        assert_eq!(get(&original, &sql), get(&copy, &sql), "{column}");
    }
    let doc: serde_json::Value = serde_json::from_str(&first).unwrap();
    for key in [
        "agents",
        "teams",
        "customers",
        "tickets",
        "canned_responses",
        "kb_articles",
        "surveys",
    ] {
        assert!(
            doc[key].as_array().is_some_and(|a| !a.is_empty()),
            "{key} present and filled"
        );
    }
    let call = &doc["tickets"][1]["messages"][0];
    assert_eq!(call["kind"], "call");
    assert_eq!(call["duration_s"], 420);
    assert_eq!(call["agent"], "sem");
    assert_eq!(doc["tickets"][0]["created_at"], "2026-11-18T11:06:40Z");
}

#[test]
fn importing_the_same_file_twice_adds_nothing() {
    let text = export_json(&desk());
    let mut conn = store::open_in_memory().unwrap();
    import_json(&mut conn, &text).unwrap();
    let counts: Vec<i64> = [
        "tickets",
        "messages",
        "events",
        "surveys",
        "customers",
        "agents",
        "kb_views",
    ]
    .iter()
    .map(|t| count(&conn, t))
    .collect();
    let again = import_json(&mut conn, &text).unwrap();
    assert_eq!(again.tickets, 0);
    assert_eq!(again.tickets_skipped, 2);
    let after: Vec<i64> = [
        "tickets",
        "messages",
        "events",
        "surveys",
        "customers",
        "agents",
        "kb_views",
    ]
    .iter()
    .map(|t| count(&conn, t))
    .collect();
    assert_eq!(counts, after);
}

#[test]
fn a_bad_ticket_names_line_and_field_and_imports_nothing() {
    let text = export_json(&desk());
    // Break the second ticket's status; the first ticket is fine but must not land either.
    let second = text
        .match_indices("\"status\": \"solved\"")
        .next()
        .unwrap()
        .0;
    let broken = format!(
        "{}\"status\": \"done\"{}",
        &text[..second],
        &text[second + "\"status\": \"solved\"".len()..]
    );
    let line = broken[..second].matches('\n').count() + 1;
    let mut conn = store::open_in_memory().unwrap();
    let err = import_json(&mut conn, &broken).unwrap_err();
    assert!(
        err.starts_with(&format!("desk.json, line {line}, tickets[1].status:")),
        "{err}"
    );
    assert!(
        err.contains(
            "'done' is not a status; use one of: new, open, pending, on_hold, solved, closed"
        ),
        "{err}"
    );
    assert!(err.contains("Nothing was imported"), "{err}");
    assert_eq!(count(&conn, "tickets"), 0);
    assert_eq!(count(&conn, "customers"), 0);
}

#[test]
fn references_to_unknown_things_are_refused_whole() {
    let text = export_json(&desk());
    let broken = text.replacen("\"assignee\": \"anna\"", "\"assignee\": \"piet\"", 1);
    assert_ne!(broken, text);
    let mut conn = store::open_in_memory().unwrap();
    let (doc, origins) = import::parse_json(&broken, "desk.json").unwrap();
    let err = import::import(&mut conn, &doc, &origins, T0).unwrap_err();
    assert!(matches!(err, ImportFailure::Input(_)));
    let text = err.to_string();
    assert!(
        text.contains("tickets[0].assignee: no agent named 'piet'; add it under agents"),
        "{text}"
    );
    assert!(text.contains(", line "), "{text}");
    // Agents and teams earlier in the same file were rolled back too.
    assert_eq!(count(&conn, "agents"), 0);
    assert_eq!(count(&conn, "tickets"), 0);
}

#[test]
fn not_a_desk_document_says_what_it_expected() {
    let mut conn = store::open_in_memory().unwrap();
    let err = import_json(&mut conn, "{\"format\": \"zendesk\", \"version\": 1}").unwrap_err();
    assert!(err.contains("format: expected \"loket-desk\""), "{err}");
    let err = import_json(&mut conn, "[1, 2").unwrap_err();
    assert!(err.contains("desk.json, line 1"), "{err}");
    let err = import_json(
        &mut conn,
        "{\"format\": \"loket-desk\", \"version\": 1, \"tikets\": []}",
    )
    .unwrap_err();
    assert!(err.contains("unknown field `tikets`"), "{err}");
    let err = import_json(&mut conn, "{\"format\": \"loket-desk\", \"version\": 7}").unwrap_err();
    assert!(err.contains("upgrade loket"), "{err}");
}

#[test]
fn csv_imports_with_a_column_map_and_rejects_bad_rows_whole() {
    let csv = "Ref,Title,Email,Naam,Prio,Body\n\
               A-1,Factuur klopt niet,joost@example.nl,Joost,high,\"Regel 1\nRegel 2\"\n\
               A-2,Login fails,amy@example.com,,urgent,Cannot log in\n";
    let map = csv_import::parse_map(
        "external_id=Ref,subject=Title,customer_email=Email,customer_name=Naam,priority=Prio",
    )
    .unwrap();
    let now = Utc.timestamp_opt(T0, 0).unwrap();
    let (doc, origins) = csv_import::parse_csv(csv, "tickets.csv", &map, now).unwrap();
    let mut conn = store::open_in_memory().unwrap();
    let report = import::import(&mut conn, &doc, &origins, T0).unwrap();
    assert_eq!(report.tickets, 2);
    let t = store::tickets::detail(&conn, 1).unwrap();
    assert_eq!(t.subject, "Factuur klopt niet");
    assert_eq!(t.priority, Priority::High);
    assert_eq!(t.messages[0].body, "Regel 1\nRegel 2");
    assert_eq!(t.external_id.as_deref(), Some("A-1"));
    // Twice: nothing new.
    let again = import::import(&mut conn, &doc, &origins, T0).unwrap();
    assert_eq!((again.tickets, again.tickets_skipped), (0, 2));

    // A bad priority in the third row names its line and field: the first row
    // spans lines 2-3, the second is line 4, so the third is line 5.
    let bad = format!("{csv}A-3,Kapot,x@example.nl,,soon,body\n");
    let err = csv_import::parse_csv(&bad, "tickets.csv", &map, now)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("tickets.csv, line 5, priority: 'soon' is not a priority"),
        "{err}"
    );

    let err = csv_import::parse_csv("Title,Email\nx,y@z\n", "t.csv", &HashMap::new(), now)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no column 'subject'") && err.contains("--map subject=COLUMN"),
        "{err}"
    );
    assert!(
        csv_import::parse_map("subjct=Title")
            .unwrap_err()
            .contains("not a ticket field")
    );
}

#[test]
fn csv_rows_without_external_ids_are_not_duplicated() {
    let csv = "subject,customer_email,created_at\nHelp,a@b.nl,2026-11-20T10:00:00Z\n";
    let now = Utc.timestamp_opt(T0, 0).unwrap();
    let mut conn = store::open_in_memory().unwrap();
    for _ in 0..2 {
        let (doc, origins) = csv_import::parse_csv(csv, "t.csv", &HashMap::new(), now).unwrap();
        import::import(&mut conn, &doc, &origins, T0).unwrap();
    }
    assert_eq!(queue::count(&conn, queue::StatusFilter::All).unwrap(), 1);
}

#[test]
fn csv_export_neutralises_formulas() {
    let conn = desk();
    conn.execute(
        "UPDATE tickets SET subject = '=HYPERLINK(\"http://evil\")' WHERE id = 1",
        [],
    )
    .unwrap();
    conn.execute("UPDATE customers SET name = '@SUM(A1)' WHERE id = 1", [])
        .unwrap();
    let mut out = Vec::new();
    export::csv(&conn, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(&rows[0][3], "'@SUM(A1)");
    for cell in ["+31 20 123", "-5", "\tx", "\rx"] {
        assert!(
            export::neutralise_formula(cell).starts_with('\''),
            "{cell:?}"
        );
    }
    assert_eq!(export::neutralise_formula("Gewoon tekst"), "Gewoon tekst");
    // channel, after customer_key and customer_phone
    assert_eq!(&rows[1][6], "phone");
}

#[test]
fn the_example_in_the_format_doc_imports() {
    let doc = include_str!("../../docs/FORMAT.md");
    let start = doc.find("```json\n").unwrap() + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let mut conn = store::open_in_memory().unwrap();
    let report = import_json(&mut conn, &doc[start..end]).unwrap();
    assert_eq!(
        (
            report.tickets,
            report.agents,
            report.customers,
            report.surveys
        ),
        (1, 1, 1, 1)
    );
    let t = store::tickets::detail(&conn, 1).unwrap();
    assert_eq!(t.status, Status::Solved);
    assert_eq!(t.messages.len(), 3);
    assert_eq!(t.messages[1].kind, MessageKind::Internal);
    // Solved time from the last 'solved' event; first response from the public reply, not the note.
    let (solved, first): (i64, i64) = conn
        .query_row(
            "SELECT solved_at, first_responded_at FROM tickets WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let t845 = Utc
        .with_ymd_and_hms(2026, 11, 23, 8, 45, 0)
        .unwrap()
        .timestamp();
    assert_eq!((solved, first), (t845, t845));
    let holidays: i64 = conn
        .query_row("SELECT count(*) FROM holidays", [], |r| r.get(0))
        .unwrap();
    assert_eq!(holidays, 1);
}

#[test]
fn a_generated_desk_round_trips_and_imports_once() {
    let mut original = store::open_in_memory().unwrap();
    let options = loket::generate::GenerateOptions {
        tickets: 300,
        seed: 5,
        now: T0,
    };
    loket::generate::generate(&mut original, &options).unwrap();
    let keyless: i64 = original
        .query_row(
            "SELECT count(*) FROM customers WHERE email IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let first = export_json(&original);
    let mut copy = store::open_in_memory().unwrap();
    let report = import_json(&mut copy, &first).unwrap();
    assert_eq!(report.tickets, 300);
    assert_eq!(
        export_json(&copy),
        first,
        "export, import, export gives the same document"
    );
    let again = import_json(&mut copy, &first).unwrap();
    assert_eq!(
        (again.tickets, again.customers, again.tickets_skipped),
        (0, 0, 300)
    );
    assert_eq!(count(&copy, "customers"), count(&original, "customers"));
    if keyless > 0 {
        let doc: serde_json::Value = serde_json::from_str(&first).unwrap();
        let with_key = doc["customers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["key"].is_string())
            .count();
        assert_eq!(
            with_key as i64, keyless,
            "customers without e-mail travel by key"
        );
    }
    // Every table the generator fills survives the trip with the same count.
    for table in [
        "messages",
        "events",
        "surveys",
        "work_sessions",
        "kb_articles",
        "canned_responses",
        "ticket_tags",
    ] {
        assert_eq!(count(&copy, table), count(&original, table), "{table}");
    }
}
