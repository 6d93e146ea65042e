//! The queue's text search: subject and customer by any part of the text,
//! message bodies by their words (FTS5), and whatever is typed is text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use loket::domain::{Author, Channel, MessageKind, Priority};
use loket::store::changes::{self, Actor, NewMessage, NewTicket};
use loket::store::filter::{self, Sort, TicketFilter, fts_query};
use loket::store::{self, queue::StatusFilter};

fn desk() -> rusqlite::Connection {
    let conn = store::open_in_memory().unwrap();
    let actor = Actor {
        agent_id: None,
        now: 1_795_000_000,
    };
    for (subject, email, body) in [
        (
            "Pakket kwijt",
            "eva@example.nl",
            "Ik heb géén bericht van de vervoerder gekregen over mijn bestelling.",
        ),
        (
            "Login fails",
            "li@example.com",
            "The two-factor code is not accepted (error 0x1F).",
        ),
        (
            "Factuur",
            "joost@example.nl",
            "Waarom staat er \"NEAR(x, y)\" AND OR NOT * ^ op mijn factuur?",
        ),
    ] {
        let id = changes::create_ticket(
            &conn,
            &NewTicket {
                subject: subject.into(),
                customer_email: email.into(),
                customer_name: None,
                channel: Channel::Email,
                priority: Priority::Normal,
                body: Some(body.into()),
                language: None,
                tags: vec![],
            },
            actor,
        )
        .unwrap();
        changes::add_message(
            &conn,
            id,
            &NewMessage {
                author: Author::Agent,
                kind: MessageKind::Internal,
                body: "Checked with the carrier.".into(),
                duration_s: None,
            },
            actor,
        )
        .unwrap();
    }
    conn
}

fn search(conn: &rusqlite::Connection, text: &str) -> Vec<String> {
    let f = TicketFilter {
        status: StatusFilter::All,
        text: Some(text.into()),
        ..Default::default()
    };
    filter::list(conn, &f, Sort::default(), 0, 50, 0)
        .unwrap_or_else(|e| panic!("{text:?} must not be an error: {e}"))
        .rows
        .into_iter()
        .map(|r| r.subject)
        .collect()
}

#[test]
fn finds_words_in_message_bodies_with_diacritics_folded_and_prefixes() {
    let conn = desk();
    assert_eq!(
        search(&conn, "vervoerder"),
        vec!["Pakket kwijt"],
        "a word only in the body"
    );
    assert_eq!(
        search(&conn, "geen bericht"),
        vec!["Pakket kwijt"],
        "géén found as geen"
    );
    assert_eq!(
        search(&conn, "bestel"),
        vec!["Pakket kwijt"],
        "the last word may be the start of a word"
    );
    assert_eq!(
        search(&conn, "two-factor"),
        vec!["Login fails"],
        "split as the index splits it"
    );
    assert_eq!(
        search(&conn, "carrier").len(),
        3,
        "internal notes are searched too"
    );
    assert_eq!(
        search(&conn, "li@exam"),
        vec!["Login fails"],
        "customer e-mail by any part"
    );
    assert!(
        search(&conn, "vervoerder factuur").is_empty(),
        "every word must match"
    );
}

#[test]
fn typed_text_is_never_query_syntax() {
    let conn = desk();
    for hostile in [
        "\"",
        "\"\"",
        "*",
        "^",
        "NEAR(",
        "NEAR(x, y)",
        "AND",
        "OR",
        "NOT",
        "(",
        ")",
        "((",
        "a OR",
        ":",
        "-",
        "'",
        "\\",
        "%",
        "_",
        "body:x",
        "{x}",
        "x*",
        "^x",
    ] {
        // No error, whatever it finds.
        let _ = search(&conn, hostile);
    }
    // Operators are words: "AND OR NOT" finds only the ticket that says those words.
    assert_eq!(search(&conn, "AND OR NOT"), vec!["Factuur"]);
    assert_eq!(search(&conn, "NEAR(x"), vec!["Factuur"]);
    assert!(
        search(&conn, "pakket OR factuur").is_empty(),
        "OR is a word here, not an operator"
    );
    assert_eq!(
        fts_query("  \"a\"  b*c NEAR( "),
        Some("\"a\" \"b\" \"c\" \"NEAR\"*".into())
    );
    assert_eq!(fts_query("*** ^ ()"), None);
}
