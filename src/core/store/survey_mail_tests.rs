use super::*;
use crate::store::{self, changes};

const SOLVED_AT: i64 = 1_000_000;

fn desk(mail: &[(&str, &str)]) -> Connection {
    let conn = store::open_in_memory().unwrap();
    conn.execute_batch(
        "INSERT INTO agents (id, name, display_name, email, role, tier, created_at)
             VALUES (1, 'anna', 'Anna', 'anna@desk.example', 'agent', 1, 0);
         INSERT INTO customers (id, name, email, language, since, created_at)
             VALUES (1, 'Eva de Boer', 'eva@example.nl', 'nl', 0, 0),
                    (2, 'Sam Hill', 'sam@example.com', 'en', 0, 0),
                    (3, 'Phone Only', NULL, 'en', 0, 0);
         INSERT INTO tickets (id, subject, customer_id, channel, status, priority, created_at, updated_at)
             VALUES (7, 'Printer kapot', 1, 'email', 'open', 'normal', 0, 0),
                    (8, 'Refund', 2, 'email', 'open', 'normal', 0, 0),
                    (9, 'Call me', 3, 'phone', 'open', 'normal', 0, 0);
         INSERT INTO mail_messages (mail_id, ticket_id, direction, at) VALUES ('first@example.nl', 7, 'in', 1);",
    )
    .unwrap();
    let mut pairs = vec![
        ("mail.address", "Support <support@desk.example>"),
        ("mail.transport", "sendmail"),
    ];
    pairs.extend_from_slice(mail);
    for (k, v) in pairs {
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
            [k, v],
        )
        .unwrap();
    }
    conn
}

fn set(conn: &Connection, ticket: i64, status: Status, now: i64) {
    let actor = changes::Actor {
        agent_id: Some(1),
        now,
    };
    changes::set_status(conn, ticket, status, actor).unwrap();
}

fn requests(conn: &Connection) -> Vec<(i64, String, i64, Option<i64>)> {
    conn.prepare("SELECT ticket_id, kind, due_at, outbox_id FROM survey_requests ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn settings(conn: &Connection) -> MailSettings {
    MailSettings::load(conn).unwrap()
}

#[test]
fn solving_schedules_one_csat_request_after_the_delay() {
    let conn = desk(&[]);
    set(&conn, 7, Status::Solved, SOLVED_AT);
    assert_eq!(
        requests(&conn),
        vec![(7, "csat".to_string(), SOLVED_AT + 3600, None)]
    );
}

#[test]
fn solved_twice_is_still_asked_once() {
    let conn = desk(&[("mail.survey.nps", "on"), ("mail.survey.delay", "30m")]);
    set(&conn, 7, Status::Solved, SOLVED_AT);
    assert_eq!(
        queue_due(&conn, &settings(&conn), SOLVED_AT + 1800).unwrap(),
        2
    );
    // Reopened after the survey went out, solved again: no second survey.
    set(&conn, 7, Status::Open, SOLVED_AT + 2000);
    set(&conn, 7, Status::Solved, SOLVED_AT + 3000);
    let rows = requests(&conn);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r.3.is_some()));
    assert_eq!(
        queue_due(&conn, &settings(&conn), SOLVED_AT + 99_999).unwrap(),
        0
    );
    let surveys: i64 = conn
        .query_row(
            "SELECT count(*) FROM outbox WHERE kind = 'survey'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(surveys, 2);
}

#[test]
fn no_request_for_opted_out_customers_phone_only_ones_or_a_desk_that_sends_nothing() {
    let conn = desk(&[]);
    set_opt_out(&conn, "EVA@example.nl", true).unwrap();
    set(&conn, 7, Status::Solved, SOLVED_AT);
    set(&conn, 9, Status::Solved, SOLVED_AT);
    assert!(requests(&conn).is_empty());
    set_opt_out(&conn, "eva@example.nl", false).unwrap();
    assert!(matches!(
        set_opt_out(&conn, "nobody@example.nl", true),
        Err(store::StoreError::NotFound { .. })
    ));

    let quiet = desk(&[("mail.transport", "none")]);
    set(&quiet, 8, Status::Solved, SOLVED_AT);
    assert!(requests(&quiet).is_empty());
    let off = desk(&[("mail.survey.csat", "off")]);
    set(&off, 8, Status::Solved, SOLVED_AT);
    assert!(requests(&off).is_empty());
}

#[test]
fn a_reopen_before_it_is_due_sends_nothing() {
    let conn = desk(&[]);
    set(&conn, 8, Status::Solved, SOLVED_AT);
    set(&conn, 8, Status::Open, SOLVED_AT + 60);
    assert!(requests(&conn).is_empty(), "the pending request is gone");
    assert_eq!(
        queue_due(&conn, &settings(&conn), SOLVED_AT + 99_999).unwrap(),
        0
    );
    // Opting out after the solve drops the pending request too.
    set(&conn, 8, Status::Solved, SOLVED_AT + 100);
    assert_eq!(requests(&conn).len(), 1);
    set_opt_out(&conn, "sam@example.com", true).unwrap();
    assert_eq!(
        queue_due(&conn, &settings(&conn), SOLVED_AT + 99_999).unwrap(),
        0
    );
    assert!(requests(&conn).is_empty());
}

#[test]
fn queue_due_enqueues_the_invitation_in_the_customers_language_threaded_to_the_ticket() {
    let conn = desk(&[("mail.survey.nps", "on")]);
    set(&conn, 7, Status::Solved, SOLVED_AT);
    set(&conn, 8, Status::Solved, SOLVED_AT + 10);
    let s = settings(&conn);
    assert_eq!(
        queue_due(&conn, &s, SOLVED_AT + 3599).unwrap(),
        0,
        "not yet due"
    );
    assert_eq!(
        queue_due(&conn, &s, SOLVED_AT + 3600).unwrap(),
        2,
        "ticket 7's two"
    );
    type Row = (String, String, String, String, Option<String>, bool, i64);
    let mails: Vec<Row> = conn
        .prepare(
            "SELECT kind, to_addr, subject, body, in_reply_to, auto_submitted, ticket_id
             FROM outbox ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let (kind, to, subject, body, reply_to, auto, ticket) = &mails[0];
    assert_eq!(
        (kind.as_str(), to.as_str(), *ticket),
        ("survey", "eva@example.nl", 7)
    );
    assert_eq!(subject, "[#7] Hoe hebben we het gedaan? Printer kapot");
    assert!(body.starts_with("Beste Eva de Boer,"), "{body}");
    assert!(
        body.contains("één getal van 1 tot 5 op de eerste regel"),
        "{body}"
    );
    assert!(body.contains("het woord stop"), "{body}");
    assert_eq!(reply_to.as_deref(), Some("first@example.nl"));
    assert!(*auto);
    assert!(mails[1].2.contains("Zou u ons aanbevelen?"));
    assert!(mails[1].3.contains("van 0 tot 10"));
    let kinds: Vec<Option<String>> = conn
        .prepare("SELECT survey_kind FROM mail_messages WHERE direction = 'out' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(kinds, vec![Some("csat".into()), Some("nps".into())]);

    assert_eq!(queue_due(&conn, &s, SOLVED_AT + 3610).unwrap(), 2);
    let english: String = conn
        .query_row(
            "SELECT body FROM outbox WHERE to_addr = 'sam@example.com' AND body LIKE '%1 to 5%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(english.starts_with("Hello Sam Hill,"), "{english}");
    assert!(english.contains("Reply with one number from 1 to 5 as the first line of your answer"));
}

#[test]
fn answers_are_read_back_per_ticket() {
    let conn = desk(&[]);
    conn.execute_batch(
        "INSERT INTO surveys (ticket_id, customer_id, kind, score, comment, at) VALUES
            (7, 1, 'csat', 5, 'Snel geholpen', 10), (8, 2, 'nps', 9, '  ', 11);",
    )
    .unwrap();
    let answers = answers_for(&conn, &[7, 8]).unwrap();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0].1.comment.as_deref(), Some("Snel geholpen"));
    assert_eq!(answers[1].1.comment, None, "a blank comment is none");
    let detail = store::tickets::detail(&conn, 7).unwrap();
    assert_eq!(detail.surveys.len(), 1);
    assert!(is_opt_out(" STOP. ") && is_opt_out("stoppen") && !is_opt_out("5"));
}
