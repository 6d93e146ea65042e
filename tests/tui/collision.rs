#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Two agents on one database file: each console on its own connection, the
//! second agent's reply sent by a real `loket` process. Presence is shown
//! in the other console, a second replier is warned, a send on a ticket that
//! changed since the draft began is held with what changed, and presence of
//! a console that stopped beating expires.

use crate::cli_support;
use crate::common;
use loket::i18n::Lang;
use loket::store::presence::PRESENCE_TTL_SECS;
use loket::store::{self, OpenMode};
use loket::tui::composer::Stage;
use loket::tui::settle;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(app: &mut loket::tui::app::App, conn: &rusqlite::Connection, c: char) {
    app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    settle(app, conn);
}

fn count(conn: &rusqlite::Connection, sql: &str, ticket: i64) -> i64 {
    conn.query_row(sql, [ticket], |r| r.get(0)).unwrap()
}

#[test]
fn presence_is_shown_a_second_replier_is_warned_and_a_stale_send_is_held() {
    let sb = cli_support::Sandbox::new();
    let path = sb.path("desk.db");
    let conn_a = common::fixture_file(&path);
    let conn_b = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();

    let mut anna = common::agent_app(&conn_a, Lang::En, (120, 40));
    let mut bram = loket::tui::app::App::new(
        Lang::En,
        loket::tui::keymap::Keymap::defaults(),
        Some("Bram Janssen".into()),
        None,
        common::NOW,
    );
    bram.session.agent_id = Some(2);
    bram.resize(120, 40);
    settle(&mut bram, &conn_b);

    // Bram opens the first ticket of the queue and starts a reply.
    common::keys(&mut bram, &conn_b, "\nr");
    let ticket = bram.ticket.shown.unwrap();
    assert!(bram.compose.composer.is_some());

    // Anna's console looks again (its heartbeat tick): Bram shows in the
    // queue row and in the detail pane of the same ticket.
    anna.tick(common::NOW);
    settle(&mut anna, &conn_a);
    assert_eq!(anna.ticket.shown, Some(ticket));
    let screen = common::screen(&anna);
    assert!(screen.contains("✎bram "), "{screen}");
    assert!(
        screen.contains("✎ Bram Janssen replying"),
        "the detail pane says who is replying: {screen}"
    );

    // Starting a reply warns first; the same key again goes on, and the
    // collision is recorded for the KPI.
    common::keys(&mut anna, &conn_a, "\nr");
    assert!(anna.compose.composer.is_none());
    let notice = anna.session.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("Bram Janssen is writing a reply"),
        "{notice}"
    );
    common::keys(&mut anna, &conn_a, "r");
    assert!(
        anna.compose.composer.is_some(),
        "the second press opens the composer"
    );
    assert_eq!(
        count(
            &conn_a,
            "SELECT count(*) FROM events WHERE ticket_id = ?1 AND kind = 'collision' AND agent_id = 1",
            ticket
        ),
        1
    );
    common::keys(&mut anna, &conn_a, "Thanks for waiting");

    // Meanwhile Bram's reply goes out from another process.
    let out = sb
        .cmd()
        .args([
            "--db",
            path.to_str().unwrap(),
            "--agent",
            "bram",
            "ticket",
            "reply",
            &ticket.to_string(),
            "--body",
            "Bram answered first",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", cli_support::stderr(&out));

    // Anna sends: held, with what changed; nothing of hers is stored.
    let before = count(
        &conn_a,
        "SELECT count(*) FROM messages WHERE ticket_id = ?1 AND agent_id = 1",
        ticket,
    );
    ctrl(&mut anna, &conn_a, 's');
    common::keys(&mut anna, &conn_a, "\n");
    let composer = anna.compose.composer.as_ref().unwrap();
    assert_eq!(composer.stage, Stage::Held);
    let held = composer.held.as_ref().unwrap();
    assert!(
        held.happened
            .iter()
            .any(|h| h.kind == "message" && h.who.as_deref() == Some("Bram Janssen")),
        "{held:?}"
    );
    let screen = common::screen(&anna);
    assert!(screen.contains("Not sent: the ticket changed"), "{screen}");
    assert!(screen.contains("Bram Janssen"), "{screen}");
    assert_eq!(
        count(
            &conn_a,
            "SELECT count(*) FROM messages WHERE ticket_id = ?1 AND agent_id = 1",
            ticket
        ),
        before
    );

    // Esc goes back to the draft, text intact; sending again now goes out.
    common::keys(&mut anna, &conn_a, "\x1b");
    let composer = anna.compose.composer.as_ref().unwrap();
    assert_eq!(composer.stage, Stage::Editing);
    assert_eq!(composer.text(), "Thanks for waiting");
    ctrl(&mut anna, &conn_a, 's');
    common::keys(&mut anna, &conn_a, "\n");
    assert!(anna.compose.composer.is_none(), "sent");
    assert_eq!(
        count(
            &conn_a,
            "SELECT count(*) FROM messages WHERE ticket_id = ?1 AND agent_id = 1 AND body = 'Thanks for waiting'",
            ticket
        ),
        1
    );

    // Bram's console stops beating: after the TTL he is gone from Anna's screen.
    anna.tick(common::NOW + PRESENCE_TTL_SECS + 1);
    settle(&mut anna, &conn_a);
    let screen = common::screen(&anna);
    assert!(!screen.contains("✎bram"), "{screen}");
    assert!(!screen.contains("Bram Janssen replying"), "{screen}");
}
