#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Keeping the selection on its ticket when another connection changes the
//! desk, at the first, middle and last position of the open and of all
//! tickets: the page is read around the ticket by key and shown at once
//! with "… / N" (never a wrong position), then its exact index is counted
//! and the screen says it.

use loket::generate::{GenerateOptions, generate};
use loket::i18n::Lang;
use loket::service::worker::{self, Request, Response};
use loket::store::queue::{self, QueueQuery, StatusFilter};
use loket::tui::app::App;
use loket::tui::keymap::Keymap;
use loket::tui::{settle, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: i64 = 1_796_000_000;

fn text_of(app: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(app.session.size.0, app.session.size.1)).unwrap();
    terminal.draw(|frame| ui::draw(frame, app)).unwrap();
    terminal.backend().to_string()
}

fn press(app: &mut App, conn: &rusqlite::Connection, key: KeyCode) {
    app.handle_key(&KeyEvent::new(key, KeyModifiers::NONE));
    settle(app, conn);
}

fn order(conn: &rusqlite::Connection, status: StatusFilter) -> Vec<i64> {
    let total = queue::count(conn, status).unwrap();
    let q = QueueQuery {
        status,
        offset: 0,
        limit: total,
        anchor: None,
    };
    queue::page(conn, &q)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

/// Runs the app's requests one at a time until it asks for nothing, and
/// returns the screen as it was after each queue answer.
fn answer_step_by_step(app: &mut App, conn: &rusqlite::Connection) -> Vec<String> {
    let mut screens = Vec::new();
    for _ in 0..32 {
        let requests = app.take_requests();
        if requests.is_empty() {
            break;
        }
        for request in requests {
            let queue_or_place = matches!(request, Request::Queue { .. } | Request::Place { .. });
            app.apply(worker::handle(conn, &loket::clock::SystemClock, &request));
            if queue_or_place {
                screens.push(text_of(app));
            }
        }
    }
    screens
}

#[test]
fn the_selection_stays_on_its_ticket_and_the_position_shown_is_right() {
    let mut conn = loket::store::open_in_memory().unwrap();
    generate(
        &mut conn,
        &GenerateOptions {
            tickets: 4000,
            seed: 7,
            now: NOW,
        },
    )
    .unwrap();
    for (status, filter_keys) in [
        (StatusFilter::Active, vec![]),
        (StatusFilter::All, vec![KeyCode::Char('S')]),
    ] {
        for pick in ["first", "middle", "last"] {
            let mut app = App::new(Lang::En, Keymap::defaults(), None, None, NOW);
            app.resize(120, 40);
            settle(&mut app, &conn);
            for key in &filter_keys {
                press(&mut app, &conn, *key);
            }
            assert_eq!(app.queue.filter, status);
            let total = app.total();
            match pick {
                "first" => press(&mut app, &conn, KeyCode::Char('g')),
                "last" => press(&mut app, &conn, KeyCode::Char('G')),
                _ => {
                    press(&mut app, &conn, KeyCode::Char('G'));
                    while app.queue.selected > total / 2 {
                        press(&mut app, &conn, KeyCode::PageUp);
                    }
                }
            }
            let id = app.selected_row().map(|r| r.id).unwrap();
            let was = app.queue.selected;
            // Another agent solves the tickets ahead of it, and one behind.
            let before = order(&conn, status);
            let ahead: Vec<i64> = before[..was as usize].iter().take(9).copied().collect();
            let behind = before.get(was as usize + 1).copied();
            for t in ahead.iter().chain(behind.iter()) {
                conn.execute("UPDATE tickets SET status = 'solved' WHERE id = ?1", [t])
                    .unwrap();
            }
            let after = order(&conn, status);
            let exact = after.iter().position(|t| *t == id).unwrap() as i64;

            app.apply(Response::Changed);
            let screens = answer_step_by_step(&mut app, &conn);
            let new_total = after.len() as i64;
            let right = format!(" {} / {} ", thousands(exact + 1), thousands(new_total));
            for screen in &screens {
                let counting = format!(" … / {} ", thousands(new_total));
                assert!(
                    screen.contains(&right) || screen.contains(&counting),
                    "{status:?} {pick}: a wrong position on screen:\n{screen}"
                );
            }
            assert_eq!(
                app.selected_row().map(|r| r.id),
                Some(id),
                "{status:?} {pick}"
            );
            assert_eq!(app.queue.selected, exact, "{status:?} {pick}: #{id}");
            assert!(app.position_known());
            assert!(text_of(&app).contains(&right), "{status:?} {pick}");
            // Moving on from there reads the rows that really follow.
            press(&mut app, &conn, KeyCode::PageDown);
            let at = app.queue.selected;
            assert_eq!(app.selected_row().map(|r| r.id), Some(after[at as usize]));
            // Undo, for the next pick.
            for t in ahead.iter().chain(behind.iter()) {
                conn.execute("UPDATE tickets SET status = 'open' WHERE id = ?1", [t])
                    .unwrap();
            }
        }
    }
}

/// English thousands, as the queue's title shows them.
fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
