#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Mail out in the console, on the fixture: the thread shows each reply's
//! delivery state (snapshot), the composer and status bar say truthfully
//! whether a reply is e-mailed, and one key retries failed and in-doubt mail.

use crate::common;
use crate::common::{NOW, agent_app, screen};

use loket::domain::{Author, MessageKind};
use loket::i18n::Lang;
use loket::store::changes::{self, Actor, NewMessage};
use loket::store::{self, tickets};
use loket::tui::app::App;
use loket::tui::settle;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::Connection;

/// The urgent refund ticket (#1), third in the queue, opened.
const OPEN_REFUND: &[KeyCode] = &[KeyCode::Char('j'), KeyCode::Down, KeyCode::Enter];

fn key(app: &mut App, conn: &Connection, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_key(&KeyEvent::new(code, modifiers));
    settle(app, conn);
}

fn keys(app: &mut App, conn: &Connection, codes: &[KeyCode]) {
    for code in codes {
        key(app, conn, *code, KeyModifiers::NONE);
    }
}

fn mail_set_up(conn: &Connection) {
    for (k, v) in [
        ("mail.address", "Support <support@example.nl>"),
        ("mail.transport", "smtp"),
        ("mail.smtp.host", "127.0.0.1"),
    ] {
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
            [k, v],
        )
        .unwrap();
    }
}

/// A public reply on ticket 1 at `at`, its outbox row then set by `sql`
/// (with ?1 the message id).
fn reply(conn: &Connection, body: &str, at: i64, sql: &str) -> i64 {
    let id = store::write_shared(conn, &loket::clock::SystemClock, |tx| {
        changes::add_message(
            tx,
            1,
            &NewMessage {
                author: Author::Agent,
                kind: MessageKind::Public,
                body: body.into(),
                duration_s: None,
            },
            Actor {
                agent_id: Some(1),
                now: at,
            },
        )
    })
    .unwrap();
    if !sql.is_empty() {
        conn.execute(sql, [id]).unwrap();
    }
    id
}

/// Ticket 1 with a reply in every delivery state.
fn desk() -> Connection {
    let conn = common::fixture();
    mail_set_up(&conn);
    reply(
        &conn,
        "Sent one.",
        NOW - 600,
        "UPDATE outbox SET state = 'sent', attempts = 1, sent_at = next_attempt_at + 2,
             relay_reply = '250 2.0.0 Ok: queued as 4F1A' WHERE message_id = ?1",
    );
    reply(
        &conn,
        "Refused one.",
        NOW - 500,
        "UPDATE outbox SET state = 'failed', attempts = 1,
             last_error = 'permanent error (550): 5.1.1 No such user here' WHERE message_id = ?1",
    );
    reply(
        &conn,
        "Interrupted one.",
        NOW - 400,
        &format!(
            "UPDATE outbox SET state = 'sending', attempts = 1, lease_until = {} WHERE message_id = ?1",
            NOW - 100
        ),
    );
    reply(
        &conn,
        "Deferred one.",
        NOW - 300,
        &format!(
            "UPDATE outbox SET attempts = 2, next_attempt_at = {},
                 last_error = 'transient error (451): 4.3.0 Mailbox busy' WHERE message_id = ?1",
            NOW + 240
        ),
    );
    reply(
        &conn,
        "Bounced one.",
        NOW - 200,
        "UPDATE outbox SET state = 'bounced', attempts = 1, sent_at = next_attempt_at,
             last_error = '5.1.1 user unknown (delivery report)' WHERE message_id = ?1",
    );
    reply(&conn, "Queued one.", NOW - 100, "");
    conn
}

fn states(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT state FROM outbox ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_thread_shows_what_became_of_each_reply() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, (120, 90));
    keys(&mut app, &conn, OPEN_REFUND);
    let shown = screen(&app);
    for text in [
        "✉ e-mailed",
        "relay: 250 2.0.0 Ok: queued as 4F1A",
        "✉ not e-mailed, failed: permanent error (550): 5.1.1 No such user here · R retries",
        "✉ in doubt: a process stopped while handing it to the relay, which may have it · R retries",
        "✉ not sent yet (2 tries): transient error (451): 4.3.0 Mailbox busy · next try",
        "✉ bounced: 5.1.1 user unknown (delivery report)",
        "✉ queued for e-mail",
    ] {
        assert!(shown.contains(text), "{text} not in\n{shown}");
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn the_thread_states_read_in_dutch() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::Nl, (120, 90));
    keys(&mut app, &conn, OPEN_REFUND);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn one_key_retries_failed_and_in_doubt_mail() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, (120, 90));
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('R')]);
    assert_eq!(
        app.session.notice.as_deref(),
        Some("2 e-mail(s) back in the queue; they go out on the next delivery pass.")
    );
    assert_eq!(
        states(&conn),
        ["sent", "queued", "queued", "queued", "bounced", "queued"]
    );
    let shown = screen(&app);
    assert!(!shown.contains("in doubt"), "{shown}");
    assert!(!shown.contains("failed:"), "{shown}");
    // Nothing left to retry.
    keys(&mut app, &conn, &[KeyCode::Char('R')]);
    assert_eq!(
        app.session.notice.as_deref(),
        Some("Nothing to retry: no failed or in-doubt e-mail on this ticket.")
    );
    // The key is in the help overlay.
    keys(&mut app, &conn, &[KeyCode::Char('?')]);
    assert!(
        screen(&app).contains("retry the ticket's failed or in-doubt reply e-mails"),
        "{}",
        screen(&app)
    );
}

#[test]
fn a_desk_that_sends_no_mail_retries_nothing() {
    let conn = desk();
    conn.execute("DELETE FROM settings WHERE key = 'mail.transport'", [])
        .unwrap();
    let mut app = agent_app(&conn, Lang::En, (120, 90));
    keys(&mut app, &conn, OPEN_REFUND);
    let before = states(&conn);
    keys(&mut app, &conn, &[KeyCode::Char('R')]);
    assert_eq!(
        app.session.error.as_deref(),
        Some(
            "Nothing retried: this desk sends no mail (no transport or From address); set it up with loket mail setup."
        )
    );
    assert_eq!(states(&conn), before, "nothing put back in the queue");
    assert!(app.session.notice.is_none(), "{:?}", app.session.notice);
}

#[test]
fn composer_and_status_bar_say_whether_a_reply_is_e_mailed() {
    // Mail set up: the composer names the address; the status bar says queued.
    let conn = common::fixture();
    mail_set_up(&conn);
    let mut app = agent_app(&conn, Lang::En, (120, 90));
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    assert!(
        screen(&app).contains("Public reply — e-mailed to jan@acme.example"),
        "{}",
        screen(&app)
    );
    for c in "Paid out.".chars() {
        keys(&mut app, &conn, &[KeyCode::Char(c)]);
    }
    key(&mut app, &conn, KeyCode::Char('s'), KeyModifiers::CONTROL);
    keys(&mut app, &conn, &[KeyCode::Enter]);
    assert_eq!(
        app.session.notice.as_deref(),
        Some("Reply saved and queued for e-mail.")
    );
    assert!(!screen(&app).contains("sent"), "{}", screen(&app));
    assert!(screen(&app).contains("✉ queued for e-mail"));

    // No mail: the composer and the status bar say it is kept in the thread.
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, (120, 40));
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    assert!(
        screen(&app).contains(
            "Openbaar antwoord — blijft in de draad, niet gemaild: deze desk verstuurt geen mail"
        ),
        "{}",
        screen(&app)
    );
    for c in "Betaald.".chars() {
        keys(&mut app, &conn, &[KeyCode::Char(c)]);
    }
    key(&mut app, &conn, KeyCode::Char('s'), KeyModifiers::CONTROL);
    keys(&mut app, &conn, &[KeyCode::Enter]);
    assert_eq!(
        app.session.notice.as_deref(),
        Some(
            "Antwoord opgeslagen; niet gemaild: deze desk verstuurt geen mail (loket mail setup)."
        )
    );
    let detail = tickets::detail(&conn, 1).unwrap();
    let last = detail.messages.last().unwrap();
    assert_eq!(
        last.delivery,
        Some(loket::store::outbox::Delivery::NotEmailed(Some(
            loket::store::outbox::Skipped::NotSetUp
        )))
    );
}
