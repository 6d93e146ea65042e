#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The knowledge base in the store: ranking, hostile search text, diacritic
//! folding, filters, suggestions for a ticket, links and views, and the
//! index kept in step with edits.

use crate::common;
use loket::store::kb::{self, KbFilter, NewArticle, Reader};
use rusqlite::Connection;

fn article(title: &str, body: &str, category: &str, language: &str) -> NewArticle {
    NewArticle {
        title: title.into(),
        body: body.into(),
        category: category.into(),
        language: language.into(),
        visibility: "public".into(),
        ..NewArticle::default()
    }
}

fn add(conn: &Connection, a: NewArticle) -> i64 {
    kb::add(conn, &a, common::NOW).unwrap()
}

/// Four articles: two English, one Dutch with accents, one internal.
fn desk() -> (Connection, [i64; 4]) {
    let conn = common::fixture();
    let refund = add(
        &conn,
        NewArticle {
            tags: vec!["refund".into(), "payment".into()],
            faq: true,
            ..article(
                "Refund times",
                "# Refund times\n\nWe pay back within 5 working days.",
                "billing",
                "en",
            )
        },
    );
    let shipping = add(
        &conn,
        article(
            "Shipping and delivery",
            "Parcels travel two days. Couriers deliver on weekdays; Saturday delivery \
             costs extra. If a parcel is lost we send a new one or a refund, your choice. \
             Tracking links arrive by e-mail.",
            "delivery",
            "en",
        ),
    );
    let dutch = add(
        &conn,
        NewArticle {
            tags: vec!["retour".into()],
            ..article(
                "Géén retour zonder bon",
                "Zonder bon kunnen we de terugbetaling niet verwerken. Stuur een kopie mee.",
                "returns",
                "nl",
            )
        },
    );
    let internal = add(
        &conn,
        NewArticle {
            visibility: "internal".into(),
            ..article(
                "Refund limits per tier",
                "Tier 1 approves refunds up to €100.",
                "procedures",
                "en",
            )
        },
    );
    (conn, [refund, shipping, dutch, internal])
}

fn ids(hits: &[kb::Hit]) -> Vec<i64> {
    hits.iter().map(|h| h.id).collect()
}

fn search(conn: &Connection, text: &str) -> Vec<i64> {
    ids(&kb::search(conn, text, &KbFilter::default(), 20).unwrap())
}

#[test]
fn a_title_match_beats_a_single_mention_in_the_body() {
    let (conn, [refund, shipping, _, internal]) = desk();
    let hits = kb::search(&conn, "refund", &KbFilter::default(), 20).unwrap();
    let order = ids(&hits);
    let pos = |id| order.iter().position(|x| *x == id).unwrap();
    assert!(pos(refund) < pos(shipping), "{order:?}");
    assert!(pos(internal) < pos(shipping), "{order:?}");
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let last = hits.iter().find(|h| h.id == shipping).unwrap();
    let [s, e] = last.highlights[0];
    let marked: String = last.snippet.chars().skip(s).take(e - s).collect();
    assert_eq!(marked, "refund", "{:?}", last.snippet);
}

#[test]
fn typed_text_is_only_ever_words() {
    let (conn, [refund, shipping, _, internal]) = desk();
    let plain = search(&conn, "refund");
    assert_eq!(plain.len(), 3);
    for hostile in [
        "\"refund",
        "refund\"",
        "\"refund\"",
        "refund*",
        "^refund",
        "(refund",
        "refund)",
        "((refund",
        "refund:",
        "'refund'",
        "refund;--",
        "{refund}",
        "[refund]",
    ] {
        assert_eq!(search(&conn, hostile), plain, "{hostile}");
    }
    // Operators are words that must be there, not operators.
    assert_eq!(search(&conn, "NEAR(refund tier)"), Vec::<i64>::new());
    assert_eq!(search(&conn, "refund NOT tier"), Vec::<i64>::new());
    // Only the shipping article holds all three words, "or" among them;
    // as an operator, OR would have found every refund article.
    assert_eq!(search(&conn, "refund OR parcel"), vec![shipping]);
    assert_eq!(search(&conn, "refund AND tier"), Vec::<i64>::new());
    assert_eq!(search(&conn, "refund tier"), vec![internal]);
    assert_eq!(search(&conn, "lost refund"), vec![shipping]);
    // Nothing searchable: an empty list, not an error.
    for nothing in [
        "", "   ", "\"", "*", "^", "(((", ")", "NEAR(", ":", "-", "\u{0}", "\"*\"",
    ] {
        assert_eq!(search(&conn, nothing), Vec::<i64>::new(), "{nothing:?}");
    }
    // Column filters are text too.
    assert_eq!(search(&conn, "title:refund"), Vec::<i64>::new());
    let _ = refund;
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    let (conn, [refund, _, _, internal]) = desk();
    assert_eq!(search(&conn, "refund ti"), vec![refund, internal]);
    assert_eq!(search(&conn, "tim"), vec![refund]);
    assert!(search(&conn, "ref").len() >= 3);
}

#[test]
fn diacritics_fold_and_dutch_works() {
    let (conn, [_, _, dutch, _]) = desk();
    assert_eq!(search(&conn, "geen"), vec![dutch]);
    assert_eq!(search(&conn, "GÉÉN"), vec![dutch]);
    assert_eq!(search(&conn, "géén retour"), vec![dutch]);
    assert_eq!(search(&conn, "terugbetaling"), vec![dutch]);
    assert_eq!(search(&conn, "terugbet"), vec![dutch]);
}

#[test]
fn filters_narrow_by_category_tag_language_and_visibility() {
    let (conn, [refund, shipping, dutch, internal]) = desk();
    let with = |f: KbFilter| ids(&kb::search(&conn, "refund", &f, 20).unwrap());
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        with(KbFilter {
            category: some("BILLING"),
            ..KbFilter::default()
        }),
        vec![refund]
    );
    assert_eq!(
        with(KbFilter {
            tag: some("payment"),
            ..KbFilter::default()
        }),
        vec![refund]
    );
    assert_eq!(
        with(KbFilter {
            visibility: some("internal"),
            ..KbFilter::default()
        }),
        vec![internal]
    );
    assert_eq!(
        ids(&kb::list(
            &conn,
            &KbFilter {
                language: some("nl"),
                ..KbFilter::default()
            }
        )
        .unwrap()),
        vec![dutch]
    );
    let cats = kb::categories(&conn, &KbFilter::default()).unwrap();
    let names: Vec<&str> = cats.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["billing", "delivery", "procedures", "returns"]);
    let _ = shipping;
}

#[test]
fn edits_and_removals_keep_the_index_in_step() {
    let (conn, [refund, ..]) = desk();
    let mut changed = article("Money back", "Paid within a week.", "billing", "en");
    changed.slug = Some("refund-times".into());
    let (id, new) = kb::save(&conn, &changed, common::NOW).unwrap();
    assert_eq!((id, new), (refund, false));
    assert!(!search(&conn, "times").contains(&refund));
    assert_eq!(search(&conn, "money"), vec![refund]);
    kb::remove(&conn, "refund-times").unwrap();
    assert_eq!(search(&conn, "money"), Vec::<i64>::new());
    assert!(kb::get(&conn, &refund.to_string()).is_err());
}

#[test]
fn bad_articles_are_refused_with_what_to_fix() {
    let conn = common::fixture();
    let refuse = |a: NewArticle| kb::add(&conn, &a, 0).unwrap_err().to_string();
    assert!(refuse(article("", "x", "c", "en")).contains("title"));
    assert!(refuse(article("T", "  ", "c", "en")).contains("no text"));
    assert!(refuse(article("T", "x", "", "en")).contains("category"));
    assert!(refuse(article("T", "x", "c", "dutch")).contains("two letters"));
    let mut bad = article("T", "x", "c", "en");
    bad.visibility = "secret".into();
    assert!(refuse(bad).contains("internal or public"));
    add(&conn, article("Same", "x", "c", "en"));
    assert!(refuse(article("Same", "y", "c", "en")).contains("kb import"));
}

#[test]
fn a_ticket_gets_the_articles_that_answer_it_in_its_language() {
    let (conn, [refund, _, dutch, internal]) = desk();
    // Ticket 1 of the fixture: "Refund not received for order #4411" (English).
    let hits = kb::suggest(&conn, 1, 3).unwrap();
    let found = ids(&hits);
    assert_eq!(found.first(), Some(&refund), "{found:?}");
    assert!(found.contains(&internal));
    assert!(
        !found.contains(&dutch),
        "a Dutch article for an English ticket"
    );
    conn.execute("UPDATE tickets SET language = 'nl' WHERE id = 1", [])
        .unwrap();
    conn.execute(
        "INSERT INTO messages (ticket_id, author, kind, body, created_at) VALUES (1, 'customer', 'public', 'Ik heb geen bon meer, kan ik toch retour?', 0)",
        [],
    )
    .unwrap();
    assert_eq!(ids(&kb::suggest(&conn, 1, 3).unwrap()), vec![dutch]);
    assert!(kb::suggest(&conn, 999, 3).is_err());
}

#[test]
fn links_and_views_are_recorded() {
    let (conn, [refund, ..]) = desk();
    assert!(kb::link(&conn, 1, refund, Some(1), common::NOW).unwrap());
    assert!(!kb::link(&conn, 1, refund, Some(1), common::NOW).unwrap());
    assert_eq!(ids(&kb::linked(&conn, 1).unwrap()), vec![refund]);
    assert!(kb::link(&conn, 999, refund, None, 0).is_err());
    kb::record_view(
        &conn,
        refund,
        Reader::SelfService { customer: None },
        common::NOW,
    )
    .unwrap();
    kb::record_view(&conn, refund, Reader::Agent(Some(1)), common::NOW).unwrap();
    assert_eq!(kb::view_counts(&conn, refund).unwrap(), (1, 1));
    let window = loket::kpi::window::Window {
        from: common::NOW - 10,
        to: common::NOW + 10,
    };
    let facts = loket::store::facts::load(&conn, window);
    assert_eq!(facts.unwrap().self_service_views, vec![common::NOW]);
}

#[test]
fn links_point_at_the_help_centre_for_public_articles() {
    let (conn, [refund, _, _, internal]) = desk();
    let a = kb::get(&conn, &refund.to_string()).unwrap();
    assert_eq!(
        kb::link_text(&conn, &a).unwrap(),
        "https://help.example.com/kb/refund-times"
    );
    loket::store::settings::set(&conn, kb::BASE_URL_KEY, "https://hulp.winkel.nl/artikel").unwrap();
    assert_eq!(
        kb::link_text(&conn, &a).unwrap(),
        "https://hulp.winkel.nl/artikel/refund-times"
    );
    let i = kb::get(&conn, &internal.to_string()).unwrap();
    assert_eq!(
        kb::link_text(&conn, &i).unwrap(),
        "kb:refund-limits-per-tier"
    );
}

#[test]
fn a_v1_desk_is_upgraded_and_its_articles_found_by_tag_and_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        // A desk as the first release wrote it (0001_v1.sql has shipped and is frozen).
        let old = Connection::open(&path).unwrap();
        old.execute_batch(include_str!("../../src/core/store/sql/0001_v1.sql"))
            .unwrap();
        old.pragma_update(None, "application_id", loket::store::APPLICATION_ID)
            .unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        old.execute(
            "INSERT INTO kb_articles (slug, title, body, category, tags, created_at, updated_at)
             VALUES ('router', 'Router reset', 'Hold the button for ten seconds.', 'network', '[\"wifi\"]', 0, 0)",
            [],
        )
        .unwrap();
    }
    let conn = loket::store::open(
        &path,
        loket::store::OpenMode::ReadWrite,
        &loket::clock::SystemClock,
    )
    .unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, loket::store::migrate::CURRENT_VERSION);
    assert_eq!(search(&conn, "wifi"), vec![1], "tags are in the new index");
    assert_eq!(search(&conn, "rout"), vec![1]);
    assert_eq!(
        loket::store::settings::get(&conn, kb::BASE_URL_KEY)
            .unwrap()
            .as_deref(),
        Some("https://help.example.com/kb/")
    );
    // The new triggers keep the index in step.
    let id = add(
        &conn,
        article("Wifi drops", "Move closer.", "network", "en"),
    );
    assert_eq!(search(&conn, "drops"), vec![id]);
}

/// Six articles over two departments, two languages, both visibilities
/// and overlapping tags, for filter combinations.
fn departments_desk() -> (Connection, [i64; 6]) {
    let conn = common::fixture();
    let make = |title: &str, dept: Option<&str>, lang: &str, vis: &str, tags: &[&str]| {
        add(
            &conn,
            NewArticle {
                department: dept.map(str::to_string),
                visibility: vis.into(),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..article(
                    title,
                    &format!("{title}. Refund rules inside."),
                    "money",
                    lang,
                )
            },
        )
    };
    let a = make("Invoices", Some("Billing"), "en", "public", &["invoice"]);
    let b = make("Facturen", Some("Billing"), "nl", "public", &["invoice"]);
    let c = make(
        "Terugbetaling intern",
        Some("billing"),
        "nl",
        "internal",
        &["refund"],
    );
    let d = make(
        "Courier contacts",
        Some("Logistics"),
        "en",
        "internal",
        &["refund", "courier"],
    );
    let e = make("Bezorging", Some("Logistics"), "nl", "public", &["courier"]);
    let f = make("Welcome", None, "en", "public", &[]);
    (conn, [a, b, c, d, e, f])
}

#[test]
fn filter_combinations_return_exactly_the_matching_articles() {
    let (conn, [a, b, c, d, e, f]) = departments_desk();
    let some = |s: &str| Some(s.to_string());
    let listed = |filter: KbFilter| {
        let mut got = ids(&kb::list(&conn, &filter).unwrap());
        got.sort_unstable();
        got
    };
    // Department + language; the department's case does not matter.
    let billing_nl = KbFilter {
        department: some("billing"),
        language: some("nl"),
        ..KbFilter::default()
    };
    assert_eq!(listed(billing_nl.clone()), vec![b, c]);
    assert_eq!(
        listed(KbFilter {
            department: some("BILLING"),
            ..KbFilter::default()
        }),
        vec![a, b, c]
    );
    // Tag + visibility.
    assert_eq!(
        listed(KbFilter {
            tag: some("refund"),
            visibility: some("internal"),
            ..KbFilter::default()
        }),
        vec![c, d]
    );
    assert_eq!(
        listed(KbFilter {
            tag: some("courier"),
            visibility: some("public"),
            ..KbFilter::default()
        }),
        vec![e]
    );
    // Text search + filters: every article says "refund", so the filter decides.
    let found = |text: &str, filter: &KbFilter| {
        let mut got = ids(&kb::search(&conn, text, filter, 50).unwrap());
        got.sort_unstable();
        got
    };
    assert_eq!(
        found("refund", &KbFilter::default()),
        vec![a, b, c, d, e, f]
    );
    assert_eq!(found("refund", &billing_nl), vec![b, c]);
    assert_eq!(
        found(
            "refund",
            &KbFilter {
                department: some("logistics"),
                visibility: some("public"),
                ..KbFilter::default()
            }
        ),
        vec![e]
    );
    assert_eq!(found("facturen", &billing_nl), vec![b]);
    assert_eq!(
        found(
            "invoices",
            &KbFilter {
                language: some("nl"),
                ..KbFilter::default()
            }
        ),
        Vec::<i64>::new()
    );
    // Categories count only what the filter lets through.
    let cats = kb::categories(&conn, &billing_nl).unwrap();
    assert_eq!((cats[0].name.as_str(), cats[0].count), ("money", 2));
    // The values to filter by, as present.
    let facets = kb::facets(&conn).unwrap();
    assert_eq!(facets.departments, ["Billing", "Logistics"]);
    assert_eq!(facets.languages, ["en", "nl"]);
    assert_eq!(facets.tags, ["courier", "invoice", "refund"]);
    assert_eq!(facets.visibilities, ["internal", "public"]);
}
