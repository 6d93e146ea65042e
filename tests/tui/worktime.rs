#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Work sessions (AHT) from the console at fixed times: opening a ticket
//! starts one; leaving, sending or five idle minutes end it; each is stored
//! for the signed-in agent.

use crate::common;
use loket::i18n::Lang;
use loket::tui::app::App;
use loket::tui::keymap::Keymap;
use loket::tui::settle;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn agent_app(conn: &rusqlite::Connection) -> App {
    let mut app = App::new(Lang::En, Keymap::defaults(), None, None, common::NOW);
    app.session.agent_id = Some(1);
    app.resize(120, 40);
    settle(&mut app, conn);
    app
}

fn press(app: &mut App, conn: &rusqlite::Connection, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_key(&KeyEvent::new(code, modifiers));
    settle(app, conn);
}

fn at(app: &mut App, conn: &rusqlite::Connection, now: i64) {
    app.tick(now);
    settle(app, conn);
}

/// (agent, ticket, started, ended, active) of every stored session.
fn sessions(conn: &rusqlite::Connection) -> Vec<(i64, i64, i64, i64, i64)> {
    conn.prepare(
        "SELECT agent_id, ticket_id, started_at, ended_at, active_s FROM work_sessions ORDER BY rowid",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

const N: i64 = common::NOW;

#[test]
fn open_then_leave_is_one_session() {
    let conn = common::fixture();
    let mut app = agent_app(&conn);
    press(&mut app, &conn, KeyCode::Enter, KeyModifiers::NONE); // ticket 2
    at(&mut app, &conn, N + 40);
    press(&mut app, &conn, KeyCode::Char('j'), KeyModifiers::NONE);
    at(&mut app, &conn, N + 90);
    press(&mut app, &conn, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(sessions(&conn), vec![(1, 2, N, N + 90, 90)]);
    // Moving in the queue is not work on a ticket.
    at(&mut app, &conn, N + 200);
    press(&mut app, &conn, KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(sessions(&conn).len(), 1);
}

#[test]
fn five_idle_minutes_end_it_at_the_last_input() {
    let conn = common::fixture();
    let mut app = agent_app(&conn);
    press(&mut app, &conn, KeyCode::Enter, KeyModifiers::NONE);
    at(&mut app, &conn, N + 30);
    press(&mut app, &conn, KeyCode::Char('j'), KeyModifiers::NONE);
    at(&mut app, &conn, N + 30 + 299);
    assert!(sessions(&conn).is_empty());
    at(&mut app, &conn, N + 30 + 300);
    assert_eq!(sessions(&conn), vec![(1, 2, N, N + 30, 30)]);
    // Coming back to it starts a new one; leaving ends that.
    at(&mut app, &conn, N + 1000);
    press(&mut app, &conn, KeyCode::Char('k'), KeyModifiers::NONE);
    at(&mut app, &conn, N + 1010);
    press(&mut app, &conn, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(sessions(&conn)[1], (1, 2, N + 1000, N + 1010, 10));
}

#[test]
fn sending_ends_it() {
    let conn = common::fixture();
    let mut app = agent_app(&conn);
    press(&mut app, &conn, KeyCode::Enter, KeyModifiers::NONE);
    press(&mut app, &conn, KeyCode::Char('r'), KeyModifiers::NONE);
    at(&mut app, &conn, N + 120);
    press(&mut app, &conn, KeyCode::Char('o'), KeyModifiers::NONE);
    press(&mut app, &conn, KeyCode::Char('k'), KeyModifiers::NONE);
    press(&mut app, &conn, KeyCode::Char('s'), KeyModifiers::CONTROL);
    press(&mut app, &conn, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(sessions(&conn), vec![(1, 2, N, N + 120, 120)]);
}

#[test]
fn without_an_agent_nothing_is_measured() {
    let conn = common::fixture();
    let mut app = agent_app(&conn);
    app.session.agent_id = None;
    press(&mut app, &conn, KeyCode::Enter, KeyModifiers::NONE);
    at(&mut app, &conn, N + 50);
    press(&mut app, &conn, KeyCode::Char('q'), KeyModifiers::NONE);
    assert!(app.session.quit);
    assert!(sessions(&conn).is_empty());
    assert!(app.session.error.is_none(), "{:?}", app.session.error);
}
