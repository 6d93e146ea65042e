#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The reply composer end to end on the fixture: keys in, state and the
//! database out, and whole-screen snapshots of a public reply and an
//! internal note in both languages.

use crate::common;
use crate::common::{agent_app, screen};

use loket::domain::{MessageKind, Status};
use loket::i18n::Lang;
use loket::store::{drafts, tickets};
use loket::tui::app::App;
use loket::tui::composer::Stage;
use loket::tui::settle;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const WIDE: (u16, u16) = (120, 40);
const NARROW: (u16, u16) = (40, 12);

fn key(app: &mut App, conn: &rusqlite::Connection, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_key(&KeyEvent::new(code, modifiers));
    settle(app, conn);
}

fn keys(app: &mut App, conn: &rusqlite::Connection, codes: &[KeyCode]) {
    for code in codes {
        key(app, conn, *code, KeyModifiers::NONE);
    }
}

fn ctrl(app: &mut App, conn: &rusqlite::Connection, c: char) {
    key(app, conn, KeyCode::Char(c), KeyModifiers::CONTROL);
}

fn typed(app: &mut App, conn: &rusqlite::Connection, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        key(app, conn, code, KeyModifiers::NONE);
    }
}

/// The urgent refund ticket (#1), third in the queue, opened.
const OPEN_REFUND: &[KeyCode] = &[KeyCode::Char('j'), KeyCode::Down, KeyCode::Enter];

#[test]
fn r_types_ctrl_s_enter_sends_a_public_reply() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    let composer = app.compose.composer.as_ref().unwrap();
    assert_eq!((composer.ticket, composer.internal), (1, false));
    // Keys that mean something in the queue are text here.
    typed(&mut app, &conn, "Hi Eva,\nrefund is queued.");
    assert_eq!(
        app.compose.composer.as_ref().unwrap().text(),
        "Hi Eva,\nrefund is queued."
    );
    ctrl(&mut app, &conn, 's');
    assert_eq!(
        app.compose.composer.as_ref().unwrap().stage,
        Stage::Confirming
    );
    assert!(screen(&app).contains("Send reply? Enter send · p send+pending"));
    keys(&mut app, &conn, &[KeyCode::Enter]);
    assert!(app.compose.composer.is_none(), "closed once sent");
    assert_eq!(
        app.session.notice.as_deref(),
        Some("Reply saved; not e-mailed: the desk sends no mail (loket mail setup).")
    );
    let detail = tickets::detail(&conn, 1).unwrap();
    let last = detail.messages.last().unwrap();
    assert_eq!(
        (last.kind, last.body.as_str()),
        (MessageKind::Public, "Hi Eva,\nrefund is queued.")
    );
    assert!(drafts::load(&conn, 1, 1).unwrap().is_none());
}

#[test]
fn a_note_sent_with_p_sets_pending_and_esc_in_the_question_goes_back() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('n')]);
    typed(&mut app, &conn, "Asked finance.");
    ctrl(&mut app, &conn, 's');
    keys(&mut app, &conn, &[KeyCode::Esc]);
    let composer = app.compose.composer.as_ref().unwrap();
    assert_eq!(
        composer.stage,
        Stage::Editing,
        "Esc answers the question, keeps the composer"
    );
    ctrl(&mut app, &conn, 's');
    keys(&mut app, &conn, &[KeyCode::Char('p')]);
    let detail = tickets::detail(&conn, 1).unwrap();
    assert_eq!(detail.status, Status::Pending);
    assert_eq!(detail.messages.last().unwrap().kind, MessageKind::Internal);
}

#[test]
fn ctrl_t_toggles_and_an_empty_draft_is_not_sent() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    ctrl(&mut app, &conn, 't');
    assert!(app.compose.composer.as_ref().unwrap().internal);
    ctrl(&mut app, &conn, 't');
    assert!(!app.compose.composer.as_ref().unwrap().internal);
    ctrl(&mut app, &conn, 's');
    assert_eq!(app.compose.composer.as_ref().unwrap().stage, Stage::Editing);
    assert!(
        app.session
            .error
            .as_deref()
            .unwrap()
            .contains("Nothing to send")
    );
}

#[test]
fn esc_keeps_the_draft_across_tickets_and_restarts() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    typed(&mut app, &conn, "Half a reply");
    keys(&mut app, &conn, &[KeyCode::Esc]);
    assert!(app.compose.composer.is_none());
    let saved = drafts::load(&conn, 1, 1).unwrap().unwrap();
    assert_eq!(saved.body, "Half a reply");
    // Away to another ticket and back: the same draft.
    keys(
        &mut app,
        &conn,
        &[KeyCode::Esc, KeyCode::Char('j'), KeyCode::Enter],
    );
    keys(
        &mut app,
        &conn,
        &[KeyCode::Esc, KeyCode::Char('k'), KeyCode::Enter],
    );
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    assert_eq!(
        app.compose.composer.as_ref().unwrap().text(),
        "Half a reply"
    );
    // A new console (a restart) finds it in the database.
    let mut again = agent_app(&conn, Lang::En, WIDE);
    keys(&mut again, &conn, OPEN_REFUND);
    keys(&mut again, &conn, &[KeyCode::Char('r')]);
    assert_eq!(
        again.compose.composer.as_ref().unwrap().text(),
        "Half a reply"
    );
}

#[test]
fn drafts_are_saved_while_typing() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    typed(&mut app, &conn, "Typing");
    app.tick(common::NOW + 2);
    settle(&mut app, &conn);
    assert!(drafts::load(&conn, 1, 1).unwrap().is_none(), "not yet");
    app.tick(common::NOW + 6);
    settle(&mut app, &conn);
    assert_eq!(drafts::load(&conn, 1, 1).unwrap().unwrap().body, "Typing");
}

#[test]
fn ctrl_e_asks_the_run_loop_for_the_editor_and_takes_the_text_back() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    typed(&mut app, &conn, "draft");
    ctrl(&mut app, &conn, 'e');
    assert_eq!(app.take_editor_request().as_deref(), Some("draft"));
    assert_eq!(app.take_editor_request(), None, "asked once");
    app.editor_finished(Ok("draft, edited\nat length\n".into()));
    assert_eq!(
        app.compose.composer.as_ref().unwrap().text(),
        "draft, edited\nat length"
    );
    app.editor_finished(Err("vi: not found".into()));
    assert_eq!(app.session.error.as_deref(), Some("vi: not found"));
    assert_eq!(
        app.compose.composer.as_ref().unwrap().text(),
        "draft, edited\nat length"
    );
}

#[test]
fn without_an_agent_the_composer_does_not_open() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, WIDE);
    app.session.agent_id = None;
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    assert!(app.compose.composer.is_none());
    assert!(app.session.error.as_deref().unwrap().contains("--agent"));
}

fn composing(lang: Lang, size: (u16, u16), note: bool) -> String {
    let conn = common::fixture();
    let mut app = agent_app(&conn, lang, size);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(
        &mut app,
        &conn,
        &[KeyCode::Char(if note { 'n' } else { 'r' })],
    );
    typed(&mut app, &conn, "Dear Eva,\n\nThe refund is on its way.");
    screen(&app)
}

#[test]
fn composer_public_wide_en() {
    let shown = composing(Lang::En, WIDE, false);
    assert!(
        shown.contains("Public reply — kept in the thread, not e-mailed: the desk sends no mail"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn composer_internal_wide_en() {
    let shown = composing(Lang::En, WIDE, true);
    assert!(shown.contains("Internal note — not visible to the customer"));
    insta::assert_snapshot!(shown);
}

#[test]
fn composer_public_wide_nl() {
    insta::assert_snapshot!(composing(Lang::Nl, WIDE, false));
}

#[test]
fn composer_internal_narrow_nl() {
    let shown = composing(Lang::Nl, NARROW, true);
    assert!(shown.contains("Interne notitie"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn composer_public_narrow_en() {
    insta::assert_snapshot!(composing(Lang::En, NARROW, false));
}

fn with_canned(conn: &rusqlite::Connection) {
    use loket::store::canned::{NewCanned, add};
    for (title, shortcut, body, status, tags) in [
        (
            "Refund on its way",
            "refund",
            "Dear {customer_first_name},\n\nYour refund for ticket {ticket_id} is on its way.\n\n{agent_name}, {team}",
            Some(Status::Pending),
            vec!["refund-sent".to_string()],
        ),
        (
            "Password reset steps",
            "pw",
            "Hello {customer_name}, reset your password here.",
            None,
            vec![],
        ),
        (
            "Delivery delayed",
            "late",
            "Sorry, your parcel is late.",
            None,
            vec![],
        ),
    ] {
        add(
            conn,
            &NewCanned {
                title: title.into(),
                shortcut: shortcut.into(),
                body: body.into(),
                language: "en".into(),
                set_status: status,
                set_priority: None,
                add_tags: tags,
            },
            common::NOW,
        )
        .unwrap();
    }
}

#[test]
fn a_canned_response_is_filled_inserted_and_its_actions_sent_with_the_reply() {
    let conn = common::fixture();
    with_canned(&conn);
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    ctrl(&mut app, &conn, 'k');
    assert!(app.overlay.popup.is_some());
    typed(&mut app, &conn, "rfnd");
    keys(&mut app, &conn, &[KeyCode::Enter]);
    assert!(app.overlay.popup.is_none());
    let composer = app.compose.composer.as_ref().unwrap();
    assert_eq!(
        composer.text(),
        "Dear Jan,\n\nYour refund for ticket 1 is on its way.\n\nAnna de Vries, Billing"
    );
    assert_eq!(composer.actions.status, Some(Status::Pending));
    assert!(screen(&app).contains("on send: pending, +refund-sent"));
    ctrl(&mut app, &conn, 's');
    keys(&mut app, &conn, &[KeyCode::Enter]);
    let detail = tickets::detail(&conn, 1).unwrap();
    assert_eq!(detail.status, Status::Pending);
    assert!(detail.tags.contains(&"refund-sent".to_string()));
    assert!(
        detail
            .messages
            .last()
            .unwrap()
            .body
            .starts_with("Dear Jan,")
    );
}

#[test]
fn esc_closes_the_picker_and_keeps_the_composer() {
    let conn = common::fixture();
    with_canned(&conn);
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    typed(&mut app, &conn, "Hi");
    ctrl(&mut app, &conn, 'k');
    keys(&mut app, &conn, &[KeyCode::Esc]);
    assert!(app.overlay.popup.is_none());
    assert_eq!(app.compose.composer.as_ref().unwrap().text(), "Hi");
}

fn picking(lang: Lang, size: (u16, u16), query: &str) -> String {
    let conn = common::fixture();
    with_canned(&conn);
    let mut app = agent_app(&conn, lang, size);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    ctrl(&mut app, &conn, 'k');
    typed(&mut app, &conn, query);
    screen(&app)
}

#[test]
fn picker_wide_en() {
    insta::assert_snapshot!(picking(Lang::En, WIDE, ""));
}

#[test]
fn picker_searching_narrow_nl() {
    insta::assert_snapshot!(picking(Lang::Nl, NARROW, "re"));
}
