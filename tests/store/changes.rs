//! Ticket changes: each writes its events, moves the version, keeps SLA
//! targets right, and a failed action changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::TimeZone;
use loket::domain::{Author, Channel, MessageKind, Priority, Status};
use loket::store::changes::{self, Actor, NewMessage, NewTicket};
use loket::store::{self, StoreError};
use rusqlite::Connection;

/// Local time at the desk (Europe/Amsterdam) as Unix seconds.
fn ams(d: u32, h: u32, m: u32) -> i64 {
    chrono_tz::Europe::Amsterdam
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .single()
        .unwrap()
        .timestamp()
}

fn desk() -> Connection {
    let conn = store::open_in_memory().unwrap();
    conn.execute_batch(
        "INSERT INTO teams (id, name) VALUES (1, 'Billing');
         INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna de Vries', 0),
                                                                       (2, 'bram', 'Bram Jansen', 0);",
    )
    .unwrap();
    conn
}

fn at(now: i64) -> Actor {
    Actor {
        agent_id: Some(1),
        now,
    }
}

fn new_ticket(priority: Priority) -> NewTicket {
    NewTicket {
        subject: "Dubbel afgeschreven\x1b[2J voor mijn abonnement".into(),
        customer_email: "eva@example.nl".into(),
        customer_name: Some("Eva Bakker".into()),
        channel: Channel::Email,
        priority,
        body: Some("Ik zie twee afschrijvingen van €12,95.".into()),
        language: Some("nl".into()),
        tags: vec!["Billing Issue".into()],
    }
}

fn events(conn: &Connection, ticket: i64) -> Vec<(String, Option<String>, Option<String>)> {
    conn.prepare("SELECT kind, from_value, to_value FROM events WHERE ticket_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([ticket], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn field<T: rusqlite::types::FromSql>(conn: &Connection, ticket: i64, column: &str) -> T {
    conn.query_row(
        &format!("SELECT {column} FROM tickets WHERE id = ?1"),
        [ticket],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn creating_a_ticket_sets_sla_targets_thread_tags_and_history() {
    let conn = desk();
    // Monday 23 Nov 2026 10:00: normal priority is 8 h to first response,
    // 3 business days (24 h of opening hours) to resolution.
    let id =
        changes::create_ticket(&conn, &new_ticket(Priority::Normal), at(ams(23, 10, 0))).unwrap();
    assert_eq!(field::<String>(&conn, id, "status"), "new");
    assert_eq!(
        field::<String>(&conn, id, "subject"),
        "Dubbel afgeschreven[2J voor mijn abonnement"
    );
    assert_eq!(
        field::<i64>(&conn, id, "first_response_due_at"),
        ams(24, 10, 0)
    );
    assert_eq!(field::<i64>(&conn, id, "resolution_due_at"), ams(26, 10, 0));
    let t = store::tickets::detail(&conn, id).unwrap();
    assert_eq!(t.tags, vec!["billing-issue"]);
    assert_eq!(t.messages.len(), 1);
    assert_eq!(t.messages[0].author, Author::Customer);
    assert_eq!(t.customer.name, "Eva Bakker");
    let kinds: Vec<String> = events(&conn, id).into_iter().map(|e| e.0).collect();
    assert_eq!(kinds, vec!["created", "tagged"]);

    // The same address is the same customer.
    let again =
        changes::create_ticket(&conn, &new_ticket(Priority::Low), at(ams(23, 11, 0))).unwrap();
    let customers: i64 = conn
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(customers, 1);
    assert_eq!(
        store::tickets::detail(&conn, again)
            .unwrap()
            .other_tickets
            .len(),
        1
    );
}

#[test]
fn bad_input_is_refused_with_what_to_fix() {
    let conn = desk();
    let mut t = new_ticket(Priority::High);
    t.customer_email = "not an address".into();
    let err = changes::create_ticket(&conn, &t, at(0)).unwrap_err();
    assert!(err.to_string().contains("not an e-mail address"), "{err}");
    let mut t = new_ticket(Priority::High);
    t.subject = " \n ".into();
    assert!(
        changes::create_ticket(&conn, &t, at(0))
            .unwrap_err()
            .to_string()
            .contains("subject")
    );
    let id = changes::create_ticket(&conn, &new_ticket(Priority::High), at(0)).unwrap();
    assert!(
        changes::set_tier(&conn, id, 4, at(1))
            .unwrap_err()
            .to_string()
            .contains("use 1, 2 or 3")
    );
    assert!(matches!(
        changes::set_status(&conn, 999, Status::Open, at(1)),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn an_agent_reply_is_the_first_response_and_opens_the_ticket() {
    let conn = desk();
    let id =
        changes::create_ticket(&conn, &new_ticket(Priority::High), at(ams(23, 10, 0))).unwrap();
    let note = NewMessage {
        author: Author::Agent,
        kind: MessageKind::Internal,
        body: "Check the payment provider first.".into(),
        duration_s: None,
    };
    changes::add_message(&conn, id, &note, at(ams(23, 10, 5))).unwrap();
    assert_eq!(
        field::<Option<i64>>(&conn, id, "first_responded_at"),
        None,
        "notes never count"
    );
    assert_eq!(field::<String>(&conn, id, "status"), "new");

    let reply = NewMessage {
        kind: MessageKind::Public,
        body: "We zoeken het voor u uit.".into(),
        ..note.clone()
    };
    changes::add_message(&conn, id, &reply, at(ams(23, 10, 30))).unwrap();
    assert_eq!(
        field::<Option<i64>>(&conn, id, "first_responded_at"),
        Some(ams(23, 10, 30))
    );
    assert_eq!(field::<String>(&conn, id, "status"), "open");
    changes::add_message(&conn, id, &reply, at(ams(23, 11, 0))).unwrap();
    assert_eq!(
        field::<Option<i64>>(&conn, id, "first_responded_at"),
        Some(ams(23, 10, 30)),
        "only the first"
    );
}

#[test]
fn solving_and_reopening_are_recorded() {
    let conn = desk();
    let id =
        changes::create_ticket(&conn, &new_ticket(Priority::Normal), at(ams(23, 10, 0))).unwrap();
    assert!(changes::set_status(&conn, id, Status::Solved, at(ams(23, 12, 0))).unwrap());
    assert_eq!(
        field::<Option<i64>>(&conn, id, "solved_at"),
        Some(ams(23, 12, 0))
    );
    assert!(
        !changes::set_status(&conn, id, Status::Solved, at(ams(23, 12, 1))).unwrap(),
        "no change, no event"
    );
    let customer = NewMessage {
        author: Author::Customer,
        kind: MessageKind::Public,
        body: "Het is nog steeds niet opgelost.".into(),
        duration_s: None,
    };
    changes::add_message(&conn, id, &customer, at(ams(24, 9, 0))).unwrap();
    assert_eq!(field::<String>(&conn, id, "status"), "open");
    let ev = events(&conn, id);
    assert!(
        ev.contains(&("solved".into(), Some("new".into()), Some("solved".into()))),
        "{ev:?}"
    );
    assert!(
        ev.contains(&(
            "reopened".into(),
            Some("solved".into()),
            Some("open".into())
        )),
        "{ev:?}"
    );
}

#[test]
fn waiting_on_the_customer_moves_the_resolution_target_out() {
    let conn = desk();
    let id =
        changes::create_ticket(&conn, &new_ticket(Priority::Urgent), at(ams(23, 10, 0))).unwrap();
    // Urgent: resolution 4 business hours, due Monday 14:00.
    assert_eq!(field::<i64>(&conn, id, "resolution_due_at"), ams(23, 14, 0));
    changes::set_status(&conn, id, Status::Pending, at(ams(23, 11, 0))).unwrap();
    // Pending from 11:00 Monday to 10:00 Tuesday: 6 h Monday + 1 h Tuesday = 7 business hours.
    changes::set_status(&conn, id, Status::Open, at(ams(24, 10, 0))).unwrap();
    // Monday 14:00 + 7 business hours = 3 h Monday + 4 h Tuesday = Tuesday 13:00.
    assert_eq!(field::<i64>(&conn, id, "resolution_due_at"), ams(24, 13, 0));

    // A priority change keeps the time added for waiting.
    changes::set_priority(&conn, id, Priority::High, at(ams(24, 10, 30))).unwrap();
    // High: resolution 1 business day from Monday 10:00 = Tuesday 10:00, + 7 h = Tuesday 17:00
    // (the last instant of Tuesday's opening hours).
    assert_eq!(field::<i64>(&conn, id, "resolution_due_at"), ams(24, 17, 0));
    // High: first response 4 h from Monday 10:00.
    assert_eq!(
        field::<i64>(&conn, id, "first_response_due_at"),
        ams(23, 14, 0)
    );
}

#[test]
fn assignment_team_tier_and_tags_write_events_and_versions() {
    let conn = desk();
    // Handing tickets to other teams and their agents is a supervisor's right.
    conn.execute("UPDATE agents SET role = 'supervisor' WHERE id = 1", [])
        .unwrap();
    let id = changes::create_ticket(&conn, &new_ticket(Priority::Normal), at(100)).unwrap();
    let v0: i64 = field(&conn, id, "version");
    let bram = changes::agent_id(&conn, "Bram").unwrap();
    assert!(changes::assign(&conn, id, Some(bram), at(200)).unwrap());
    assert_eq!(
        field::<String>(&conn, id, "status"),
        "open",
        "assigning opens a new ticket"
    );
    assert!(!changes::assign(&conn, id, Some(bram), at(201)).unwrap());
    let billing = changes::team_id(&conn, "Billing").unwrap();
    changes::set_team(&conn, id, Some(billing), at(300)).unwrap();
    changes::set_tier(&conn, id, 2, at(400)).unwrap();
    assert!(changes::add_tag(&conn, id, " VIP ", at(500)).unwrap());
    assert!(!changes::add_tag(&conn, id, "vip", at(501)).unwrap());
    assert!(changes::remove_tag(&conn, id, "Billing issue", at(600)).unwrap());
    assert!(!changes::remove_tag(&conn, id, "nope", at(601)).unwrap());
    assert!(changes::assign(&conn, id, None, at(700)).unwrap());

    let ev = events(&conn, id);
    assert!(
        ev.contains(&("assigned".into(), None, Some("bram".into()))),
        "{ev:?}"
    );
    assert!(
        ev.contains(&("assigned".into(), Some("bram".into()), None)),
        "{ev:?}"
    );
    assert!(
        ev.contains(&("team_changed".into(), None, Some("Billing".into()))),
        "{ev:?}"
    );
    assert!(
        ev.contains(&("tier_changed".into(), Some("1".into()), Some("2".into()))),
        "{ev:?}"
    );
    assert!(
        ev.contains(&("tagged".into(), None, Some("vip".into()))),
        "{ev:?}"
    );
    assert!(
        ev.contains(&("untagged".into(), Some("billing-issue".into()), None)),
        "{ev:?}"
    );
    assert!(field::<i64>(&conn, id, "version") >= v0 + 7);
    assert_eq!(field::<i64>(&conn, id, "updated_at"), 700);
    assert!(matches!(
        changes::agent_id(&conn, "nobody"),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn a_failed_action_changes_nothing() {
    let mut conn = desk();
    let id = changes::create_ticket(&conn, &new_ticket(Priority::Normal), at(100)).unwrap();
    let before = store::tickets::detail(&conn, id).unwrap();
    let err = store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        changes::set_status(tx, id, Status::Solved, at(200))?;
        changes::add_tag(tx, id, "done", at(200))?;
        changes::set_tier(tx, id, 9, at(200))?; // refused: the whole action is undone
        Ok(())
    })
    .unwrap_err();
    assert!(matches!(err, StoreError::Constraint(_)));
    assert_eq!(store::tickets::detail(&conn, id).unwrap(), before);
}

#[test]
fn merging_joins_threads_in_time_order_and_closes_the_source() {
    let conn = desk();
    let a = changes::create_ticket(&conn, &new_ticket(Priority::Normal), at(100)).unwrap();
    let mut other = new_ticket(Priority::Normal);
    other.body = Some("Second mail about the same charge.".into());
    other.tags = vec!["duplicate".into()];
    let b = changes::create_ticket(&conn, &other, at(50)).unwrap(); // written earlier than a's message
    changes::merge(&conn, b, a, at(300)).unwrap();
    let target = store::tickets::detail(&conn, a).unwrap();
    let times: Vec<i64> = target.messages.iter().map(|m| m.at).collect();
    assert_eq!(times, vec![50, 100], "joined in time order");
    assert!(target.tags.contains(&"duplicate".to_string()));
    let source = store::tickets::detail(&conn, b).unwrap();
    assert_eq!(source.status, Status::Closed);
    assert_eq!(field::<Option<i64>>(&conn, b, "merged_into_id"), Some(a));
    let link: String = conn
        .query_row(
            "SELECT kind FROM ticket_links WHERE ticket_id = ?1 AND other_id = ?2",
            [b, a],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(link, "merged_into");
    assert!(events(&conn, a).iter().any(|e| e.0 == "merged"));
    assert!(
        changes::merge(&conn, b, a, at(400))
            .unwrap_err()
            .to_string()
            .contains("merged already")
    );
    assert!(changes::merge(&conn, a, a, at(400)).is_err());
}

#[test]
fn linking_and_calls() {
    let conn = desk();
    let a = changes::create_ticket(&conn, &new_ticket(Priority::High), at(ams(23, 9, 0))).unwrap();
    let b = changes::create_ticket(&conn, &new_ticket(Priority::High), at(ams(23, 9, 5))).unwrap();
    assert!(changes::link(&conn, a, b, at(ams(23, 9, 6))).unwrap());
    assert!(
        !changes::link(&conn, b, a, at(ams(23, 9, 7))).unwrap(),
        "one link per pair"
    );
    assert!(changes::link(&conn, a, a, at(0)).is_err());
    changes::log_call(
        &conn,
        a,
        ams(23, 9, 30),
        420,
        "Called back about the charge.",
        at(ams(23, 9, 40)),
    )
    .unwrap();
    let t = store::tickets::detail(&conn, a).unwrap();
    let call = t
        .messages
        .iter()
        .find(|m| m.kind == MessageKind::Call)
        .unwrap();
    assert_eq!((call.at, call.duration_s), (ams(23, 9, 30), Some(420)));
    assert_eq!(
        field::<Option<i64>>(&conn, a, "first_responded_at"),
        Some(ams(23, 9, 30)),
        "a call is a first response at its start"
    );
    assert!(changes::log_call(&conn, a, 0, -1, "", at(0)).is_err());
}

#[test]
fn work_sessions_are_stored_as_timed() {
    let mut conn = desk();
    let id = changes::create_ticket(&conn, &new_ticket(Priority::Normal), at(0)).unwrap();
    let mut timer = loket::worktime::WorkTimer::default();
    timer.open(id, 100);
    timer.input(160);
    let done = timer.tick(160 + loket::worktime::IDLE_LIMIT).unwrap();
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        changes::record_work_session(tx, 1, &done)
    })
    .unwrap();
    let row: (i64, i64, i64) = conn
        .query_row(
            "SELECT started_at, ended_at, active_s FROM work_sessions",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(row, (100, 160, 60));
}
