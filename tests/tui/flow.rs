#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The console against the real store: the worker's request → response step
//! run synchronously on the hand-built fixture, then what the screen says.

use crate::common;
use loket::i18n::Lang;
use loket::service::worker::{self, Request, Response};
use loket::store::queue::{QueueQuery, StatusFilter};
use loket::tui::app::{App, Focus};
use loket::tui::keymap::Keymap;
use loket::tui::{settle, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app(conn: &rusqlite::Connection, lang: Lang, size: (u16, u16)) -> App {
    let mut app = App::new(lang, Keymap::defaults(), None, None, common::NOW);
    app.resize(size.0, size.1);
    settle(&mut app, conn);
    app
}

fn press(app: &mut App, conn: &rusqlite::Connection, keys: &[KeyCode]) {
    for key in keys {
        app.handle_key(&KeyEvent::new(*key, KeyModifiers::NONE));
        settle(app, conn);
    }
}

fn text_of(app: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(app.session.size.0, app.session.size.1)).unwrap();
    terminal.draw(|frame| ui::draw(frame, app)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn following_a_ticket_finds_its_new_position() {
    let conn = common::fixture();
    let query = QueueQuery {
        status: StatusFilter::Active,
        offset: 0,
        limit: 50,
        anchor: None,
    };
    let ask = |conn: &rusqlite::Connection| match worker::handle(
        conn,
        &loket::clock::SystemClock,
        &Request::Queue {
            query,
            follow: Some(1),
        },
    ) {
        Response::Queue(loaded) => loaded,
        other => panic!("{other:?}"),
    };
    assert_eq!(ask(&conn).follow, Some((1, Some(2))));
    conn.execute("UPDATE tickets SET status = 'solved' WHERE id = 2", [])
        .unwrap();
    assert_eq!(ask(&conn).follow, Some((1, Some(1))));
    conn.execute("UPDATE tickets SET status = 'solved' WHERE id = 1", [])
        .unwrap();
    assert_eq!(ask(&conn).follow, Some((1, None)), "left the filter");
}

#[test]
fn another_writer_changes_show_and_the_selection_stays() {
    let conn = common::fixture();
    let mut app = app(&conn, Lang::En, (120, 40));
    press(&mut app, &conn, &[KeyCode::Char('j'), KeyCode::Char('j')]);
    assert_eq!(app.selected_row().map(|r| r.id), Some(1));
    assert_eq!(app.queue.selected, 2);
    conn.execute_batch(
        "UPDATE tickets SET status = 'solved' WHERE id IN (2, 5);
         UPDATE tickets SET subject = 'Refund finally on its way' WHERE id = 1;",
    )
    .unwrap();
    app.apply(Response::Changed);
    settle(&mut app, &conn);
    assert_eq!(app.selected_row().map(|r| r.id), Some(1));
    assert_eq!(app.queue.selected, 0);
    assert_eq!(app.total(), 4);
    let shown = text_of(&app);
    assert!(shown.contains("Refund finally on its way"), "{shown}");
    assert!(shown.contains(" 1 / 4 "), "{shown}");
}

#[test]
fn an_empty_filter_says_how_to_change_it() {
    let conn = common::fixture();
    conn.execute("DELETE FROM tickets WHERE id = 7", [])
        .unwrap();
    let mut app = app(&conn, Lang::En, (120, 40));
    // Back from "active" to "all", then to "closed".
    press(&mut app, &conn, &[KeyCode::Char('S'), KeyCode::Char('S')]);
    let shown = text_of(&app);
    assert!(shown.contains("Queue · closed"), "{shown}");
    assert!(
        shown.contains("No tickets with this status. Press s"),
        "{shown}"
    );
    let mut app = self::app(&conn, Lang::Nl, (120, 40));
    press(&mut app, &conn, &[KeyCode::Char('S'), KeyCode::Char('S')]);
    let shown = text_of(&app);
    assert!(shown.contains("Wachtrij · gesloten"), "{shown}");
    assert!(shown.contains("Geen tickets met deze status"), "{shown}");
}

#[test]
fn an_empty_search_says_how_to_widen_it() {
    let conn = common::fixture();
    for (lang, title, hint) in [
        (
            Lang::En,
            "“xyzzy”",
            "No tickets match the search and filters in the title. Press f",
        ),
        (
            Lang::Nl,
            "“xyzzy”",
            "Geen tickets voor de zoekopdracht en filters in de titel.",
        ),
    ] {
        let mut app = app(&conn, lang, (120, 40));
        let mut keys = vec![KeyCode::Char('/')];
        keys.extend("xyzzy".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter);
        press(&mut app, &conn, &keys);
        let shown = text_of(&app);
        assert!(shown.contains(title), "{shown}");
        assert!(shown.contains(hint), "{shown}");
        assert!(!shown.contains("No tickets with this status"), "{shown}");
        assert!(!shown.contains("Geen tickets met deze status"), "{shown}");
    }
}

#[test]
fn sla_reads_paused_solved_and_missing_policy() {
    let conn = common::fixture();
    let mut app = app(&conn, Lang::En, (120, 40));
    // Ticket 3 is pending: fifth in the active queue.
    press(&mut app, &conn, &[KeyCode::Char('G'), KeyCode::Char('k')]);
    assert_eq!(app.shown_detail().map(|d| d.id), Some(3));
    let shown = text_of(&app);
    assert!(
        shown.contains("paused while waiting on the customer"),
        "{shown}"
    );
    // Ticket 4 is on hold without a policy.
    press(&mut app, &conn, &[KeyCode::Char('G')]);
    let shown = text_of(&app);
    assert!(shown.contains("First response: —"), "{shown}");
    // Ticket 6, solved: in "all", after the active ones.
    press(
        &mut app,
        &conn,
        &[KeyCode::Char('S'), KeyCode::Char('G'), KeyCode::Char('k')],
    );
    let shown = text_of(&app);
    assert_eq!(app.shown_detail().map(|d| d.id), Some(6), "{shown}");
    assert!(
        shown.contains("Resolution: solved 2026-11-14 11:00"),
        "{shown}"
    );
}

#[test]
fn narrow_terminal_shows_one_pane_at_a_time() {
    let conn = common::fixture();
    let mut app = app(&conn, Lang::En, (40, 12));
    let queue = text_of(&app);
    assert!(
        queue.contains("Queue · active") && !queue.contains("Ticket #"),
        "{queue}"
    );
    press(&mut app, &conn, &[KeyCode::Enter]);
    assert_eq!(app.focus, Focus::Detail);
    let detail = text_of(&app);
    assert!(
        detail.contains("Ticket #2") && !detail.contains("Queue ·"),
        "{detail}"
    );
    press(&mut app, &conn, &[KeyCode::Esc]);
    assert!(text_of(&app).contains("Queue · active"));
}
