#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Whole-screen snapshots: the real `App` and `ui::draw` on ratatui's
//! `TestBackend`, keys injected through the default keymap, data loaded
//! synchronously from the hand-built fixture at a fixed "now".

use crate::common;
use loket::i18n::Lang;
use loket::tui::app::App;
use loket::tui::keymap::Keymap;
use loket::tui::{settle, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn screen_of(
    conn: &rusqlite::Connection,
    lang: Lang,
    size: (u16, u16),
    keys: &[KeyCode],
) -> String {
    let mut app = App::new(
        lang,
        Keymap::defaults(),
        Some("Anna de Vries".into()),
        None,
        common::NOW,
    );
    app.resize(size.0, size.1);
    settle(&mut app, conn);
    for key in keys {
        app.handle_key(&KeyEvent::new(*key, KeyModifiers::NONE));
        settle(&mut app, conn);
    }
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(|frame| ui::draw(frame, &app)).unwrap();
    terminal.backend().to_string()
}

fn screen(lang: Lang, size: (u16, u16), keys: &[KeyCode]) -> String {
    screen_of(&common::fixture(), lang, size, keys)
}

const WIDE: (u16, u16) = (120, 40);
const NARROW: (u16, u16) = (40, 12);

#[test]
fn queue_wide_en() {
    insta::assert_snapshot!(screen(Lang::En, WIDE, &[]));
}

#[test]
fn queue_wide_nl() {
    insta::assert_snapshot!(screen(Lang::Nl, WIDE, &[]));
}

#[test]
fn queue_narrow_en() {
    insta::assert_snapshot!(screen(Lang::En, NARROW, &[]));
}

#[test]
fn queue_narrow_nl() {
    insta::assert_snapshot!(screen(Lang::Nl, NARROW, &[]));
}

/// The urgent ticket (third in the queue order) opened: thread with a
/// reply, an internal note and a call.
const OPEN_REFUND: &[KeyCode] = &[KeyCode::Char('j'), KeyCode::Down, KeyCode::Enter];

#[test]
fn detail_wide_en() {
    let shown = screen(Lang::En, WIDE, OPEN_REFUND);
    assert!(shown.contains("internal note"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn detail_wide_nl() {
    let shown = screen(Lang::Nl, WIDE, OPEN_REFUND);
    assert!(shown.contains("interne notitie"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn detail_narrow_en() {
    insta::assert_snapshot!(screen(Lang::En, NARROW, OPEN_REFUND));
}

#[test]
fn detail_narrow_nl() {
    insta::assert_snapshot!(screen(Lang::Nl, NARROW, OPEN_REFUND));
}

#[test]
fn detail_narrow_scrolled_to_the_thread_en() {
    let mut keys = OPEN_REFUND.to_vec();
    keys.extend([KeyCode::PageDown]);
    insta::assert_snapshot!(screen(Lang::En, NARROW, &keys));
}

#[test]
fn detail_narrow_end_en() {
    let mut keys = OPEN_REFUND.to_vec();
    keys.push(KeyCode::Char('G'));
    insta::assert_snapshot!(screen(Lang::En, NARROW, &keys));
}

#[test]
fn help_wide_en() {
    insta::assert_snapshot!(screen(Lang::En, WIDE, &[KeyCode::Char('?')]));
}

#[test]
fn help_narrow_nl() {
    insta::assert_snapshot!(screen(Lang::Nl, NARROW, &[KeyCode::Char('?')]));
}

#[test]
fn help_narrow_scrolled_to_the_end_nl() {
    let shown = screen(
        Lang::Nl,
        NARROW,
        &[
            KeyCode::Char('?'),
            KeyCode::Char('G'),
            KeyCode::Char('j'),
            KeyCode::Char('j'),
            KeyCode::Char('j'),
            KeyCode::Char('j'),
            KeyCode::Char('j'),
            KeyCode::Char('j'),
            KeyCode::Char('j'),
            KeyCode::Char('j'),
        ],
    );
    assert!(shown.contains("blijft bewaard"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn all_statuses_wide_en() {
    insta::assert_snapshot!(screen(Lang::En, WIDE, &[KeyCode::Char('S')]));
}

#[test]
fn empty_desk_en_and_nl() {
    let empty = loket::store::open_in_memory().unwrap();
    let en = screen_of(&empty, Lang::En, WIDE, &[]);
    assert!(en.contains("loket demo"), "{en}");
    insta::assert_snapshot!("empty_desk_en", en);
    let nl = screen_of(&empty, Lang::Nl, NARROW, &[]);
    assert!(nl.contains("Nog geen tickets"), "{nl}");
    insta::assert_snapshot!("empty_desk_nl_narrow", nl);
}

#[test]
fn side_by_side_on_very_wide_terminals_en() {
    insta::assert_snapshot!(screen(Lang::En, (180, 30), OPEN_REFUND));
}
