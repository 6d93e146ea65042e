//! The queue's text search: one full-text document per ticket (subject,
//! customer, messages), every word typed must be in it, the last also as a
//! prefix, a ticket number first, and whatever is typed is text. The index
//! follows every write and an upgraded desk.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use loket::domain::{Author, Channel, MessageKind, Priority};
use loket::store::changes::{self, Actor, NewMessage, NewTicket};
use loket::store::filter::{self, Sort, TicketFilter, fts_query};
use loket::store::{self, fts, queue::StatusFilter};

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

/// The ids a search lists, in the queue's order, and the count it shows.
fn found(conn: &rusqlite::Connection, status: StatusFilter, text: &str) -> (Vec<i64>, i64) {
    let f = TicketFilter {
        status,
        text: Some(text.into()),
        ..Default::default()
    };
    let page = filter::list(conn, &f, Sort::default(), 0, 50, 0).unwrap();
    (page.rows.iter().map(|r| r.id).collect(), page.total)
}

fn actor() -> Actor {
    Actor {
        agent_id: None,
        now: 1_795_000_000,
    }
}

fn ticket(conn: &rusqlite::Connection, subject: &str, email: &str, body: &str) -> i64 {
    changes::create_ticket(
        conn,
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
        actor(),
    )
    .unwrap()
}

fn note(conn: &rusqlite::Connection, id: i64, body: &str) {
    changes::add_message(
        conn,
        id,
        &NewMessage {
            author: Author::Agent,
            kind: MessageKind::Internal,
            body: body.into(),
            duration_s: None,
        },
        actor(),
    )
    .unwrap();
}

#[test]
fn a_ticket_number_comes_first_before_tickets_whose_text_holds_it() {
    let conn = store::open_in_memory().unwrap();
    for n in 1..=3 {
        ticket(&conn, &format!("Order {n}"), "a@example.nl", "Where is it?");
    }
    let mentions = ticket(
        &conn,
        "About order 2",
        "b@example.nl",
        "See ticket 2 and 2nd mail",
    );
    let number = ticket(&conn, "Nothing to see", "c@example.nl", "No numbers here");
    assert_eq!(number, 5);
    // "2" is in ticket 2's subject and ticket 4's text; "5" in no text.
    for typed in ["#2", "2", " #2 "] {
        let (ids, total) = found(&conn, StatusFilter::All, typed);
        assert_eq!(ids.first(), Some(&2), "{typed:?}: the ticket itself first");
        assert!(ids.contains(&mentions), "{typed:?}: then the text matches");
        assert_eq!(total, ids.len() as i64, "{typed:?}: counted once");
        assert_eq!(ids.iter().filter(|id| **id == 2).count(), 1);
    }
    let (ids, total) = found(&conn, StatusFilter::All, "#5");
    assert_eq!((ids, total), (vec![5], 1), "a number found in no text");
    // The ticket stays at 0 for keeping the selection; the rest shift by one.
    let f = TicketFilter {
        status: StatusFilter::All,
        text: Some("#2".into()),
        ..Default::default()
    };
    assert_eq!(
        filter::position_of(&conn, &f, Sort::default(), 2, 0).unwrap(),
        Some(0)
    );
    assert_eq!(
        filter::position_of(&conn, &f, Sort::default(), mentions, 0).unwrap(),
        Some(1)
    );
    // Paging past the first row does not list it again.
    let second = filter::list(&conn, &f, Sort::default(), 1, 50, 0).unwrap();
    assert_eq!(second.rows.first().map(|r| r.id), Some(mentions));
    // A number outside the list (another status) is not forced in.
    changes::set_status(&conn, 2, loket::domain::Status::Closed, actor()).unwrap();
    let (ids, _) = found(&conn, StatusFilter::Active, "#2");
    assert_eq!(ids, vec![mentions]);
}

#[test]
fn every_word_anywhere_in_the_ticket_subject_customer_or_messages() {
    let conn = store::open_in_memory().unwrap();
    let a = ticket(
        &conn,
        "Printer jammed",
        "eva@bakkerij.nl",
        "It makes a noise.",
    );
    note(&conn, a, "Sent a technician.");
    ticket(&conn, "Printer fine", "piet@example.nl", "Thanks.");
    let all = StatusFilter::All;
    assert_eq!(found(&conn, all, "printer technician").0, vec![a]);
    assert_eq!(found(&conn, all, "bakkerij noise techn").0, vec![a]);
    assert_eq!(found(&conn, all, "printer").1, 2);
    assert_eq!(found(&conn, all, "printer xyzzy").1, 0);
}

#[test]
fn the_index_follows_new_messages_subject_edits_merges_and_status() {
    let conn = store::open_in_memory().unwrap();
    let a = ticket(
        &conn,
        "Parcel lost",
        "eva@example.nl",
        "Where is my parcel?",
    );
    let b = ticket(
        &conn,
        "Parcel again",
        "eva@example.nl",
        "Tracking code ZX81.",
    );
    let (open, all) = (StatusFilter::Active, StatusFilter::All);
    assert_eq!(found(&conn, all, "kangaroo").1, 0);
    note(&conn, a, "The courier left it with a kangaroo.");
    assert_eq!(found(&conn, all, "kangaroo").0, vec![a], "a new message");
    assert_eq!(found(&conn, open, "kangaroo").0, vec![a]);

    conn.execute("UPDATE tickets SET subject = 'Box gone' WHERE id = ?1", [a])
        .unwrap();
    assert_eq!(found(&conn, all, "lost").1, 0, "the old subject is gone");
    assert_eq!(
        found(&conn, open, "box kangaroo").0,
        vec![a],
        "messages kept"
    );

    changes::merge(&conn, b, a, actor()).unwrap();
    assert_eq!(
        found(&conn, open, "zx81").0,
        vec![a],
        "the merged ticket's messages are the target's now; the source is closed"
    );
    assert_eq!(
        found(&conn, all, "zx81").1,
        2,
        "the closed source still has its own"
    );

    changes::set_status(&conn, a, loket::domain::Status::Solved, actor()).unwrap();
    assert_eq!(found(&conn, open, "kangaroo").1, 0, "out of the open list");
    assert_eq!(found(&conn, all, "kangaroo").0, vec![a]);
    changes::set_status(&conn, a, loket::domain::Status::Open, actor()).unwrap();
    assert_eq!(
        found(&conn, open, "kangaroo").0,
        vec![a],
        "back in on reopening"
    );

    conn.execute(
        "DELETE FROM messages WHERE ticket_id = ?1 AND body LIKE '%kangaroo%'",
        [a],
    )
    .unwrap();
    assert_eq!(found(&conn, all, "kangaroo").1, 0, "a removed message");
    conn.execute(
        "UPDATE customers SET name = 'Eva Wombat' WHERE email = 'eva@example.nl'",
        [],
    )
    .unwrap();
    assert_eq!(
        found(&conn, open, "wombat box").0,
        vec![a],
        "a renamed customer"
    );
}

#[test]
fn a_desk_upgraded_from_schema_10_finds_its_old_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v10.db");
    crate::schema_fixtures::load(&path, 10);
    let conn = store::open(
        &path,
        store::OpenMode::ReadWrite,
        &loket::clock::SystemClock,
    )
    .unwrap();
    let bodies: Vec<(i64, String, bool)> = conn
        .prepare("SELECT m.ticket_id, m.body, t.is_active FROM messages m JOIN tickets t ON t.id = m.ticket_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!bodies.is_empty());
    for (ticket, body, active) in bodies {
        let Some(word) = fts::words(&body).into_iter().max_by_key(|w| w.len()) else {
            continue;
        };
        let (ids, _) = found(&conn, StatusFilter::All, word);
        assert!(
            ids.contains(&ticket),
            "{word:?} of ticket {ticket}: {ids:?}"
        );
        let (ids, _) = found(&conn, StatusFilter::Active, word);
        assert_eq!(ids.contains(&ticket), active, "{word:?} among the open");
    }
}
