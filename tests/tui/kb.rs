#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The knowledge-base pane on the fixture: suggestions in the ticket, the
//! pane opened on a ticket and from the queue, search as you type, reading
//! and scrolling an article, inserting it into the reply (and the link
//! recorded), and whole-screen snapshots in both languages.

use crate::common;
use crate::common::{agent_app, keys, screen};

use loket::i18n::Lang;
use loket::service::kb::KbList;
use loket::store::kb::{self, NewArticle};
use loket::tui::app::App;
use loket::tui::kb::KbFocus;
use loket::tui::settle;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::Connection;

const WIDE: (u16, u16) = (120, 40);
const NARROW: (u16, u16) = (40, 12);

fn desk() -> Connection {
    let conn = common::fixture();
    let add = |title: &str, body: &str, category: &str, language: &str, visibility: &str| {
        let a = NewArticle {
            title: title.into(),
            body: body.into(),
            category: category.into(),
            language: language.into(),
            visibility: visibility.into(),
            tags: vec![category.into()],
            faq: visibility == "public",
            ..NewArticle::default()
        };
        kb::add(&conn, &a, common::NOW - 86_400).unwrap();
    };
    add(
        "How long does a refund take?",
        "# How long does a refund take?\n\nAfter we receive your return we pay back within \
         *five working days*.\n\n## What you can do\n\n1. Check the return label.\n2. Look for \
         an e-mail from us.\n3. Still nothing? See [our refund page](https://shop.example/refunds).\n\n\
         Use the code `RETURN-OK` when you call.\n",
        "refunds",
        "en",
        "public",
    );
    add(
        "Refund limits per tier",
        "Tier 1 approves refunds up to **€100**; above that ask a supervisor.\n",
        "procedures",
        "en",
        "internal",
    );
    add(
        "Where is my parcel?",
        "Parcels travel two days. Use the tracking link in your e-mail.\n",
        "delivery",
        "en",
        "public",
    );
    add(
        "Géén retour zonder bon",
        "# Géén retour zonder bon\n\nZonder bon kunnen we de *terugbetaling* niet verwerken.\n\n\
         - Stuur een kopie mee\n- Of vraag een nieuwe bon aan\n",
        "retouren",
        "nl",
        "public",
    );
    conn
}

fn ctrl(app: &mut App, conn: &Connection, c: char) {
    app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    settle(app, conn);
}

/// The urgent refund ticket (#1), third in the queue, opened.
const OPEN_REFUND: &str = "jj\n";

#[test]
fn the_ticket_suggests_articles_and_one_key_inserts_one_into_the_reply() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    assert_eq!(app.ticket.shown, Some(1));
    let suggested = &app.ticket.articles.as_ref().unwrap().suggested;
    assert_eq!(suggested[0].title, "How long does a refund take?");
    assert!(suggested.iter().all(|h| h.language == "en"));
    let shown = screen(&app);
    assert!(shown.contains("Knowledge base"), "{shown}");
    assert!(shown.contains("• How long does a refund take?"), "{shown}");

    keys(&mut app, &conn, "K");
    let pane = app.kb.pane.as_ref().unwrap();
    assert_eq!(pane.list, KbList::Suggested(1));
    insta::assert_snapshot!("kb_suggested_en", screen(&app));

    // i on the first suggestion: the composer opens with link and excerpt.
    keys(&mut app, &conn, "i");
    assert!(app.kb.pane.is_none());
    let text = app.compose.composer.as_ref().unwrap().text();
    assert!(
        text.starts_with(
            "How long does a refund take?: https://help.example.com/kb/how-long-does-a-refund-take\n\
             After we receive your return we pay back within five working days."
        ),
        "{text}"
    );
    let linked: i64 = conn
        .query_row(
            "SELECT count(*) FROM ticket_kb_links WHERE ticket_id = 1 AND agent_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 1);
    assert_eq!(app.ticket.articles.as_ref().unwrap().linked.len(), 1);
}

#[test]
fn one_key_on_the_ticket_inserts_the_first_suggestion() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::Nl, WIDE);
    keys(&mut app, &conn, "I");
    assert!(
        app.compose.composer.is_none(),
        "no ticket open: nothing to insert into"
    );
    assert!(app.session.notice.as_deref().unwrap().contains("ticket"));
    keys(&mut app, &conn, OPEN_REFUND);
    insta::assert_snapshot!("kb_ticket_suggestions_nl", screen(&app));
    keys(&mut app, &conn, "I");
    let text = app.compose.composer.as_ref().unwrap().text();
    assert!(
        text.starts_with("How long does a refund take?: https://help.example.com/kb/"),
        "{text}"
    );
    assert_eq!(app.ticket.articles.as_ref().unwrap().linked.len(), 1);
}

#[test]
fn search_as_you_type_read_scroll_and_insert() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    // From the composer: its own key opens the pane.
    keys(&mut app, &conn, "r");
    ctrl(&mut app, &conn, 'g');
    assert!(app.kb.pane.is_some());
    keys(&mut app, &conn, "/refu");
    let pane = app.kb.pane.as_ref().unwrap();
    assert_eq!(pane.list, KbList::Search("refu".into()));
    assert_eq!(pane.hits.as_ref().unwrap().len(), 2, "prefix while typing");
    // Quotes and operators are only text.
    keys(&mut app, &conn, "\" NEAR(");
    assert!(
        app.kb
            .pane
            .as_ref()
            .unwrap()
            .hits
            .as_ref()
            .unwrap()
            .is_empty()
    );
    for _ in 0..7 {
        app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        settle(&mut app, &conn);
    }
    keys(&mut app, &conn, "nd\n\n");
    // Both titles match; the internal procedure ranks first (shorter).
    let pane = app.kb.pane.as_ref().unwrap();
    assert_eq!(pane.focus, KbFocus::Article);
    let first = &pane.article.as_ref().unwrap().article;
    assert_eq!(first.title, "Refund limits per tier");
    // The internal article cannot go into a public reply.
    keys(&mut app, &conn, "i");
    assert!(app.session.notice.as_deref().unwrap().contains("internal"));
    assert!(app.kb.pane.is_some());
    keys(&mut app, &conn, "\x1bj\n");
    let pane = app.kb.pane.as_ref().unwrap();
    assert_eq!(
        pane.article.as_ref().unwrap().article.title,
        "How long does a refund take?"
    );
    insta::assert_snapshot!("kb_article_en", screen(&app));
    // A short screen, so the article scrolls.
    app.resize(100, 14);
    keys(&mut app, &conn, "jj");
    assert_eq!(app.kb.pane.as_ref().unwrap().scroll, 2);
    keys(&mut app, &conn, "G");
    let bottom = app.kb.pane.as_ref().unwrap().scroll;
    assert!(bottom > 2);
    insta::assert_snapshot!("kb_article_scrolled_to_end", screen(&app));
    keys(&mut app, &conn, "j");
    assert_eq!(
        app.kb.pane.as_ref().unwrap().scroll,
        bottom,
        "never past the end"
    );
    keys(&mut app, &conn, "i");
    assert!(app.kb.pane.is_none(), "{:?}", app.session.error);
    let text = app.compose.composer.as_ref().unwrap().text();
    assert!(
        text.contains("https://help.example.com/kb/how-long-does-a-refund-take"),
        "{text}"
    );
}

#[test]
fn browsing_by_category_in_dutch_and_going_back() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::Nl, WIDE);
    keys(&mut app, &conn, "K");
    let pane = app.kb.pane.as_ref().unwrap();
    assert_eq!(pane.list, KbList::Categories);
    assert_eq!(pane.categories.as_ref().unwrap().len(), 4);
    insta::assert_snapshot!("kb_categories_nl", screen(&app));
    // retouren is the fourth category.
    keys(&mut app, &conn, "G\n\n");
    let pane = app.kb.pane.as_ref().unwrap();
    assert_eq!(pane.list, KbList::Category("retouren".into()));
    assert_eq!(
        pane.article.as_ref().unwrap().article.title,
        "Géén retour zonder bon"
    );
    insta::assert_snapshot!("kb_article_nl", screen(&app));
    // i without a ticket says what to do.
    keys(&mut app, &conn, "i");
    assert!(app.session.notice.as_deref().unwrap().contains("ticket"));
    // Esc: article → list → categories → closed.
    keys(&mut app, &conn, "\x1b\x1b");
    assert_eq!(app.kb.pane.as_ref().unwrap().list, KbList::Categories);
    assert_eq!(app.kb.pane.as_ref().unwrap().selected, 3);
    keys(&mut app, &conn, "\x1b");
    assert!(app.kb.pane.is_none());
}

#[test]
fn a_small_terminal_shows_one_side_at_a_time() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, NARROW);
    keys(&mut app, &conn, "K/parcel\n");
    insta::assert_snapshot!("kb_results_narrow", screen(&app));
    keys(&mut app, &conn, "\n");
    insta::assert_snapshot!("kb_article_narrow", screen(&app));
}
