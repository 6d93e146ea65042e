//! The KPIs over a history written by the store's own change functions
//! (`store::changes`), so the event conventions the KPIs read (status words,
//! agent login names, `solved`/`reopened` kinds, pending moving the
//! resolution due time) are the ones the console writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::kpi_support::ams;
use loket::domain::{Author, Channel, MessageKind, Priority, Status};
use loket::kpi::{self, Window};
use loket::store::changes::{self, Actor, NewMessage, NewTicket};
use loket::store::{facts, settings};

const ANNA: i64 = 1;

fn at(agent: Option<i64>, now: i64) -> Actor {
    Actor {
        agent_id: agent,
        now,
    }
}

fn says(author: Author, body: &str) -> NewMessage {
    NewMessage {
        author,
        kind: MessageKind::Public,
        body: body.into(),
        duration_s: None,
    }
}

#[test]
fn a_history_written_by_the_store_gives_the_hand_worked_figures() {
    let conn = loket::store::open_in_memory().unwrap();
    conn.execute(
        "INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna', 0)",
        [],
    )
    .unwrap();
    let new = NewTicket {
        subject: "Invoice twice".into(),
        customer_email: "jan@example.nl".into(),
        customer_name: None,
        channel: Channel::Email,
        priority: Priority::Normal,
        body: Some("I was charged twice".into()),
        language: None,
        tags: vec![],
    };
    // Monday 16 November 10:00: a normal ticket (8 h / 3 business days).
    let id = changes::create_ticket(&conn, &new, at(None, ams(16, 10, 0))).unwrap();
    changes::assign(&conn, id, Some(ANNA), at(Some(ANNA), ams(16, 10, 30))).unwrap();
    changes::add_message(
        &conn,
        id,
        &says(Author::Agent, "Refunded"),
        at(Some(ANNA), ams(16, 11, 0)),
    )
    .unwrap();
    changes::set_status(&conn, id, Status::Pending, at(Some(ANNA), ams(16, 11, 0))).unwrap();
    // Tuesday 10:00 the customer answers: pending ends after Monday 11–17
    // (6 h) and Tuesday 09–10 (1 h) of business time.
    changes::add_message(
        &conn,
        id,
        &says(Author::Customer, "Thanks"),
        at(None, ams(17, 10, 0)),
    )
    .unwrap();
    changes::set_status(&conn, id, Status::Solved, at(Some(ANNA), ams(17, 12, 0))).unwrap();

    let calendar = settings::calendar(&conn).unwrap();
    let week = Window::new(ams(16, 0, 0), ams(23, 0, 0)).unwrap();
    let now = ams(23, 12, 0);
    let inputs = facts::load(&conn, week).unwrap();
    let ticket = &inputs.tickets[0];

    // Resolution due: Monday 10:00 + 24 business hours = Thursday 10:00,
    // + 7 h pending = Thursday 17:00, the same as the store moved it to.
    let due = kpi::sla_compliance::resolution_target(ticket, &calendar, now).unwrap();
    assert_eq!(due.due, ams(19, 17, 0));
    let stored: i64 = conn
        .query_row(
            "SELECT resolution_due_at FROM tickets WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, due.due);

    let r = kpi::report(&inputs, week, &calendar, now);
    // FRT 1 h; TTR Monday 10:00 → Tuesday 12:00 = 26 h, business 7 + 3 = 10 h.
    assert_eq!(r.frt.unwrap().median, 3600.0);
    assert_eq!(r.ttr.unwrap().median, 93_600.0);
    assert_eq!(r.ttr_business.unwrap().median, 36_000.0);
    // One contact, never reopened; both targets met (FR due Tuesday 10:00).
    assert_eq!(
        (r.fcr, r.reopen_rate, r.sla_compliance),
        (Some(1.0), Some(0.0), Some(1.0))
    );
    assert_eq!(r.resolution_rate, Some(1.0));
    // The customer answered at 10:00 Monday; the 11:00 reply took 1 h.
    assert_eq!(r.avg_response, Some(3600.0));

    // Wednesday 09:00 the customer writes again: a reopen. Solved again 10:00.
    changes::add_message(
        &conn,
        id,
        &says(Author::Customer, "Charged again"),
        at(None, ams(18, 9, 0)),
    )
    .unwrap();
    changes::set_status(&conn, id, Status::Solved, at(Some(ANNA), ams(18, 10, 0))).unwrap();
    let inputs = facts::load(&conn, week).unwrap();
    let r = kpi::report(&inputs, week, &calendar, now);
    assert_eq!((r.fcr, r.reopen_rate), (Some(0.0), Some(1.0)));
    // TTR now runs to the last solve: Wednesday 10:00 = 48 h; business
    // 7 + 8 + 1 = 16 h.
    assert_eq!(r.ttr.unwrap().median, 172_800.0);
    assert_eq!(r.ttr_business.unwrap().median, 57_600.0);
}

#[test]
fn a_call_logged_through_the_store_is_a_contact_with_talk_time() {
    let conn = loket::store::open_in_memory().unwrap();
    conn.execute(
        "INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna', 0)",
        [],
    )
    .unwrap();
    let new = NewTicket {
        subject: "Cannot log in".into(),
        customer_email: "eva@example.nl".into(),
        customer_name: None,
        channel: Channel::Phone,
        priority: Priority::High,
        body: None,
        language: None,
        tags: vec![],
    };
    let id = changes::create_ticket(&conn, &new, at(None, ams(17, 9, 0))).unwrap();
    // A 420 s call starting at 09:45.
    changes::log_call(
        &conn,
        id,
        ams(17, 9, 45),
        420,
        "reset password",
        at(Some(ANNA), ams(17, 9, 53)),
    )
    .unwrap();
    let calendar = settings::calendar(&conn).unwrap();
    let week = Window::new(ams(16, 0, 0), ams(23, 0, 0)).unwrap();
    let inputs = facts::load(&conn, week).unwrap();
    let r = kpi::report(&inputs, week, &calendar, ams(23, 12, 0));
    assert_eq!(r.frt.unwrap().p90, 45 * 60);
    assert_eq!((r.talk_time, r.aht), (Some(420.0), Some(420.0)));
    assert_eq!(r.backlog.now.assigned + r.backlog.now.new, 1);
}
