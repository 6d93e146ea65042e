#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Filters in the knowledge-base pane (`f`): choosing a department,
//! language, tag or visibility from the values the articles have narrows
//! the categories, a category's articles and the search; the title shows
//! them; they come off one by one or all at once and stay while the console
//! runs. And agent views: opening an article records one view, re-showing
//! it does not, and a read-only console records none.

use crate::common;
use crate::common::{agent_app, keys, screen};

use loket::i18n::Lang;
use loket::service::kb::KbList;
use loket::store::kb::{self, KbFilter, NewArticle};
use loket::tui::app::{App, Popup};
use rusqlite::Connection;

const WIDE: (u16, u16) = (120, 40);
const NARROW: (u16, u16) = (40, 12);

/// Six articles in two categories over two departments, two languages,
/// both visibilities and a few tags.
fn desk() -> Connection {
    let conn = common::fixture();
    let add = |title: &str, category: &str, dept: &str, lang: &str, vis: &str, tags: &[&str]| {
        let a = NewArticle {
            title: title.into(),
            body: format!("# {title}\n\nHow we handle a refund, step by step.\n"),
            category: category.into(),
            department: Some(dept.into()),
            language: lang.into(),
            visibility: vis.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..NewArticle::default()
        };
        kb::add(&conn, &a, common::NOW - 86_400).unwrap();
    };
    add(
        "Invoice questions",
        "invoices",
        "Billing",
        "en",
        "public",
        &["invoice"],
    );
    add(
        "Factuur opvragen",
        "invoices",
        "Billing",
        "nl",
        "public",
        &["invoice"],
    );
    add(
        "Terugbetaling boven de limiet",
        "refunds",
        "Billing",
        "nl",
        "internal",
        &["refund"],
    );
    add(
        "Refund limits per tier",
        "refunds",
        "Billing",
        "en",
        "internal",
        &["refund"],
    );
    add(
        "Courier claims",
        "refunds",
        "Logistics",
        "en",
        "internal",
        &["refund", "courier"],
    );
    add(
        "Pakket kwijt",
        "refunds",
        "Logistics",
        "nl",
        "public",
        &["courier"],
    );
    conn
}

fn titles(app: &App) -> Vec<String> {
    let mut out: Vec<String> = app
        .kb
        .pane
        .as_ref()
        .unwrap()
        .hits
        .as_ref()
        .unwrap()
        .iter()
        .map(|h| h.title.clone())
        .collect();
    out.sort();
    out
}

fn categories(app: &App) -> Vec<(String, i64)> {
    app.kb
        .pane
        .as_ref()
        .unwrap()
        .categories
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| (c.name.clone(), c.count))
        .collect()
}

/// The chooser's entries as shown.
fn choices(app: &App) -> Vec<String> {
    match &app.overlay.popup {
        Some(Popup::ChooseKbFilter(list)) => {
            list.matches().iter().map(|i| i.label.clone()).collect()
        }
        other => panic!("no filter chooser: {other:?}"),
    }
}

#[test]
fn filters_narrow_categories_articles_and_search_and_come_off_again() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, "K");
    assert_eq!(
        categories(&app),
        [("invoices".to_string(), 2), ("refunds".to_string(), 4)]
    );
    // f lists the values present.
    keys(&mut app, &conn, "f");
    let offered = choices(&app);
    for wanted in [
        "department Billing",
        "department Logistics",
        "language en",
        "language nl",
        "tag #courier",
        "tag #invoice",
        "tag #refund",
        "only internal",
        "only public",
    ] {
        assert!(
            offered.iter().any(|o| o == wanted),
            "{wanted} in {offered:?}"
        );
    }
    assert!(
        !offered.iter().any(|o| o.contains("clear")),
        "nothing to clear yet"
    );
    // Department Billing, then Dutch.
    keys(&mut app, &conn, "department billing\n");
    assert!(app.overlay.popup.is_none());
    assert_eq!(
        app.kb.pane.as_ref().unwrap().filter.department.as_deref(),
        Some("Billing")
    );
    assert_eq!(
        categories(&app),
        [("invoices".to_string(), 2), ("refunds".to_string(), 2)]
    );
    keys(&mut app, &conn, "flanguage nl\n");
    assert_eq!(
        categories(&app),
        [("invoices".to_string(), 1), ("refunds".to_string(), 1)]
    );
    // The refunds category under both filters.
    keys(&mut app, &conn, "j\n");
    assert_eq!(
        app.kb.pane.as_ref().unwrap().list,
        KbList::Category("refunds".into())
    );
    assert_eq!(titles(&app), ["Terugbetaling boven de limiet"]);
    let shown = screen(&app);
    assert!(shown.contains("Billing · nl · refunds (1)"), "{shown}");
    // Search under the filters: every article says refund.
    keys(&mut app, &conn, "/refund");
    assert_eq!(
        titles(&app),
        ["Factuur opvragen", "Terugbetaling boven de limiet"]
    );
    // Changing a filter reruns the search: Billing off, internal on.
    keys(&mut app, &conn, "\n");
    keys(&mut app, &conn, "f");
    assert_eq!(choices(&app)[0], "remove filter: Billing");
    assert_eq!(choices(&app)[1], "remove filter: nl");
    keys(&mut app, &conn, "\n");
    assert_eq!(app.kb.pane.as_ref().unwrap().filter.department, None);
    keys(&mut app, &conn, "fonly internal\n");
    assert_eq!(
        app.kb.pane.as_ref().unwrap().list,
        KbList::Search("refund".into())
    );
    assert_eq!(titles(&app), ["Terugbetaling boven de limiet"]);
    keys(&mut app, &conn, "flanguage en\n");
    assert_eq!(titles(&app), ["Courier claims", "Refund limits per tier"]);
    keys(&mut app, &conn, "ftag #courier\n");
    assert_eq!(titles(&app), ["Courier claims"]);
    // Closing and opening the pane keeps them (for this console's session).
    keys(&mut app, &conn, "\x1b\x1b\x1b");
    assert!(app.kb.pane.is_none());
    keys(&mut app, &conn, "K");
    assert_eq!(categories(&app), [("refunds".to_string(), 1)]);
    // Clear all: everything again.
    keys(&mut app, &conn, "fclear all\n");
    assert_eq!(app.kb.pane.as_ref().unwrap().filter, KbFilter::default());
    assert_eq!(
        categories(&app),
        [("invoices".to_string(), 2), ("refunds".to_string(), 4)]
    );
}

#[test]
fn nothing_matching_says_how_to_change_the_filters() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, "Kfdepartment logistics\nftag #invoice\n");
    assert!(categories(&app).is_empty());
    let shown = screen(&app);
    assert!(
        shown.contains("No articles match the filters; press f to"),
        "{shown}"
    );
}

#[test]
fn the_pane_with_filters_in_english_and_dutch() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(
        &mut app,
        &conn,
        "Kfdepartment billing\nfonly internal\nj\n\n",
    );
    insta::assert_snapshot!("kb_filtered_en", screen(&app));
    keys(&mut app, &conn, "f");
    insta::assert_snapshot!("kb_filter_chooser_en", screen(&app));

    let mut app = agent_app(&conn, Lang::Nl, NARROW);
    keys(&mut app, &conn, "Kftaal nl\nfalleen intern\n");
    insta::assert_snapshot!("kb_filtered_nl_narrow", screen(&app));
    keys(&mut app, &conn, "j\n");
    insta::assert_snapshot!("kb_filtered_category_nl_narrow", screen(&app));
}

fn agent_views(conn: &Connection) -> Vec<(i64, i64)> {
    conn.prepare("SELECT article_id, agent_id FROM kb_views WHERE self_service = 0 ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn id_of(conn: &Connection, title: &str) -> i64 {
    conn.query_row(
        "SELECT id FROM kb_articles WHERE title = ?1",
        [title],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn opening_an_article_records_one_agent_view() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, (100, 14));
    // invoices: Invoice questions, Factuur opvragen (by title: Factuur first).
    keys(&mut app, &conn, "K\n\n");
    let factuur = id_of(&conn, "Factuur opvragen");
    assert_eq!(agent_views(&conn), [(factuur, 1)]);
    // Scrolling, redrawing, Enter again and going back and re-opening the
    // article still shown are the same opening.
    keys(&mut app, &conn, "jjG");
    let _ = screen(&app);
    keys(&mut app, &conn, "\n\x1b\n");
    assert_eq!(agent_views(&conn), [(factuur, 1)]);
    // Another article is another opening; back to the first, one more.
    keys(&mut app, &conn, "\x1bj\n");
    let invoice = id_of(&conn, "Invoice questions");
    keys(&mut app, &conn, "\x1bk\n");
    assert_eq!(
        agent_views(&conn),
        [(factuur, 1), (invoice, 1), (factuur, 1)]
    );
    // Closing the pane and opening it again on the same article: a new opening.
    keys(&mut app, &conn, "\x1b\x1b\x1bK\n\n");
    assert_eq!(agent_views(&conn).len(), 4);
    let (_, agent) = kb::view_counts(&conn, factuur).unwrap();
    assert_eq!(agent, 3);
}

#[test]
fn a_read_only_console_records_no_view() {
    let conn = desk();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    app.session.read_only = true;
    keys(&mut app, &conn, "K\n\n");
    let pane = app.kb.pane.as_ref().unwrap();
    assert_eq!(
        pane.article.as_ref().unwrap().article.title,
        "Factuur opvragen",
        "the article is shown"
    );
    keys(&mut app, &conn, "\x1bj\n");
    assert!(agent_views(&conn).is_empty());
}

/// A view that cannot be written (here a trigger refuses it) is only
/// logged: the article opens all the same and the console is not stalled.
#[test]
fn a_view_that_cannot_be_written_does_not_keep_the_article_closed() {
    let conn = desk();
    conn.execute_batch(
        "CREATE TEMP TRIGGER refuse_views BEFORE INSERT ON kb_views
         BEGIN SELECT RAISE(ABORT, 'no room for views'); END;",
    )
    .unwrap();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, "K\n\n");
    let pane = app.kb.pane.as_ref().unwrap();
    assert_eq!(
        pane.article.as_ref().unwrap().article.title,
        "Factuur opvragen",
        "the article is shown"
    );
    assert!(agent_views(&conn).is_empty());
    assert!(app.session.error.is_none(), "{:?}", app.session.error);
}
