#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The quoted history of a customer's mail is folded in the thread: one
//! line says how long it is and which key shows it; that key shows and
//! hides it (the real `App` on `TestBackend`, keys through the default
//! keymap).

use crate::common;
use loket::i18n::Lang;
use loket::tui::app::App;
use loket::tui::keymap::Keymap;
use loket::tui::{settle, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn screens(lang: Lang, keys: &[KeyCode]) -> Vec<String> {
    let conn = common::fixture();
    conn.execute(
        "UPDATE messages SET quoted = ?1 WHERE author = 'customer'",
        ["On Mon, 23 Nov 2026, Support wrote:\n> Could you send the order number?\n> Kind regards"],
    )
    .unwrap();
    screens_of(&conn, lang, keys)
}

fn screens_of(conn: &rusqlite::Connection, lang: Lang, keys: &[KeyCode]) -> Vec<String> {
    let mut app = App::new(
        lang,
        Keymap::defaults(),
        Some("Anna de Vries".into()),
        None,
        common::NOW,
    );
    app.resize(120, 40);
    settle(&mut app, conn);
    let mut out = Vec::new();
    for key in keys {
        app.handle_key(&KeyEvent::new(*key, KeyModifiers::NONE));
        settle(&mut app, conn);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|frame| ui::draw(frame, &app)).unwrap();
        out.push(terminal.backend().to_string());
    }
    out
}

const OPEN: &[KeyCode] = &[KeyCode::Char('j'), KeyCode::Down, KeyCode::Enter];

#[test]
fn quoted_history_is_folded_and_one_key_shows_and_hides_it() {
    let keys: Vec<KeyCode> = OPEN
        .iter()
        .copied()
        .chain([KeyCode::Char('>'), KeyCode::Char('>')])
        .collect();
    let shots = screens(Lang::En, &keys);
    let (folded, shown, again) = (&shots[2], &shots[3], &shots[4]);
    assert!(
        folded.contains("… quoted history, 3 lines (> to show)"),
        "{folded}"
    );
    assert!(
        !folded.contains("Could you send the order number?"),
        "{folded}"
    );
    assert!(shown.contains("┄ quoted history (> to hide)"), "{shown}");
    assert!(
        shown.contains("> Could you send the order number?"),
        "{shown}"
    );
    assert!(!shown.contains("(> to show)"), "{shown}");
    assert_eq!(again, folded, "the key hides it again");
}

#[test]
fn the_fold_speaks_dutch_and_the_help_lists_the_key() {
    let shots = screens(Lang::Nl, OPEN);
    assert!(
        shots[2].contains("… geciteerde geschiedenis, 3 regels (> om te tonen)"),
        "{}",
        shots[2]
    );
    let help = screens(Lang::En, &[KeyCode::Char('?')]);
    let all: String = help.concat();
    assert!(all.contains("show or hide quoted mail history"), "{all}");
}

#[test]
fn the_ticket_header_names_who_is_in_cc() {
    let conn = common::fixture();
    let ticket: i64 = conn
        .query_row("SELECT min(id) FROM tickets", [], |r| r.get(0))
        .unwrap();
    let without = loket::store::tickets::detail(&conn, ticket).unwrap();
    assert!(without.cc.is_empty());
    conn.execute_batch(
        "INSERT INTO ticket_cc (ticket_id, address, name, added_at) SELECT id, 'piet@example.nl', 'Piet Jansen', 1 FROM tickets;
         INSERT INTO ticket_cc (ticket_id, address, name, added_at) SELECT id, 'inkoop@example.nl', '', 2 FROM tickets;",
    )
    .unwrap();
    let detail = loket::store::tickets::detail(&conn, ticket).unwrap();
    assert_eq!(
        detail.cc,
        ["Piet Jansen <piet@example.nl>", "inkoop@example.nl"]
    );
    let shots = screens_of(&conn, Lang::En, OPEN);
    let all = shots.concat();
    assert!(
        all.contains("Cc: Piet Jansen <piet@example.nl>, inkoop@example.nl"),
        "{all}"
    );
}
