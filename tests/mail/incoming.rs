//! Mail in, on a real desk (SQLite in memory with the current schema): a
//! corpus of real-world shapes under tests/mail/corpus/, and each rule of
//! threading, noise, bounces, surveys and the quarantine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use loket::domain::Status;
use loket::mail::settings::MailSettings;
use loket::store::changes::{self, Actor};
use loket::store::inbox::{self, Outcome};
use loket::store::quarantine::Reason;
use loket::store::{self, attachments};
use rusqlite::{Connection, params};

const NOW: i64 = 1_796_000_000;

fn desk() -> Connection {
    let conn = store::open_in_memory().unwrap();
    conn.execute_batch(
        "INSERT INTO settings (key, value) VALUES ('mail.address', 'Support <support@desk.example>');
         INSERT INTO settings (key, value) VALUES ('mail.ack', 'on');",
    )
    .unwrap();
    conn
}

fn take_at(conn: &Connection, raw: &[u8], now: i64) -> Outcome {
    store::write_shared(conn, &loket::clock::SystemClock, |tx| {
        let settings = MailSettings::load(tx)?;
        inbox::take(tx, raw, Some("test"), &settings, now)
    })
    .unwrap()
}

fn take(conn: &Connection, raw: &[u8]) -> Outcome {
    take_at(conn, raw, NOW)
}

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/mail/corpus/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn new_ticket(outcome: &Outcome) -> (i64, i64, bool) {
    match outcome {
        Outcome::NewTicket {
            ticket,
            message,
            acknowledged,
            follow_up_of: None,
        } => (*ticket, *message, *acknowledged),
        other => panic!("expected a new ticket, got {other:?}"),
    }
}

fn threaded(outcome: &Outcome) -> (i64, i64, bool) {
    match outcome {
        Outcome::Threaded {
            ticket,
            message,
            reopened,
        } => (*ticket, *message, *reopened),
        other => panic!("expected a thread entry, got {other:?}"),
    }
}

fn message(conn: &Connection, id: i64) -> (String, Option<String>) {
    conn.query_row(
        "SELECT body, quoted FROM messages WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn subject_and_customer(conn: &Connection, ticket: i64) -> (String, String, String, String) {
    conn.query_row(
        "SELECT t.subject, c.name, c.email, t.channel FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1",
        [ticket],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn simple(from: &str, id: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: support@desk.example\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

#[test]
fn the_corpus_ends_as_the_right_tickets_threads_quarantine_and_bounce() {
    let conn = desk();

    // ISO-8859-1 Dutch, 8bit, RFC 2047 subject and name.
    let (t1, m1, ack) = new_ticket(&take(&conn, &corpus("iso-8859-1-dutch.eml")));
    assert_eq!(t1, 1);
    let (subject, name, email, channel) = subject_and_customer(&conn, t1);
    assert_eq!(subject, "Factuur niet ontvangen café De Hoek");
    assert_eq!(name, "Sanne Böker");
    assert_eq!(email, "sanne@voorbeeld.nl");
    assert_eq!(channel, "email");
    let (body, quoted) = message(&conn, m1);
    assert!(body.contains("factuur voor café De Hoek"), "{body}");
    assert!(body.contains("wél al geïnd"), "{body}");
    assert_eq!(quoted, None);
    assert!(ack, "a new ticket by mail is acknowledged");
    let (to, ack_subject, auto, reply_to, kind): (String, String, bool, String, String) = conn
        .query_row(
            "SELECT to_addr, subject, auto_submitted, in_reply_to, kind FROM outbox WHERE ticket_id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(to, "sanne@voorbeeld.nl");
    assert_eq!(ack_subject, "[#1] Factuur niet ontvangen café De Hoek");
    assert!(auto);
    assert_eq!(reply_to, "20261130091201.4711@voorbeeld.nl");
    assert_eq!(kind, "ack");

    // Windows-1252, quoted-printable, base64 RFC 2047 name.
    let (t2, m2, _) = new_ticket(&take(&conn, &corpus("windows-1252-qp.eml")));
    let (subject, name, _, _) = subject_and_customer(&conn, t2);
    assert_eq!(name, "Joëlle de Wit");
    assert_eq!(subject, "Terugbetaling € 12,50 nog niet binnen");
    let (body, _) = message(&conn, m2);
    assert!(
        body.contains(
            "U schreef “binnen 5 werkdagen”, maar de terugbetaling van €12,50 is er nog niet."
        ),
        "{body}"
    );
    assert!(body.ends_with("Groet, Joëlle"), "{body}");

    // base64 UTF-8.
    let (t3, m3, _) = new_ticket(&take(&conn, &corpus("base64-utf8.eml")));
    let (subject, _, _, _) = subject_and_customer(&conn, t3);
    assert_eq!(subject, "Order 5521 arrived broken — replacement?");
    assert!(message(&conn, m3).0.contains("the screen is cracked 😞."));

    // HTML only: readable text, no tags or style.
    let (_, m4, _) = new_ticket(&take(&conn, &corpus("html-only.eml")));
    let (body, _) = message(&conn, m4);
    assert!(
        body.contains("Als ik op Wachtwoord vergeten klik"),
        "{body}"
    );
    assert!(body.contains("\"Link verlopen\""), "{body}");
    assert!(body.contains("Chrome 131"), "{body}");
    assert!(!body.contains('<') && !body.contains("margin"), "{body}");

    // Nested multipart: text part, an inline image and a PDF, a Cc.
    let (t5, m5, _) = new_ticket(&take(&conn, &corpus("nested-multipart.eml")));
    let (body, _) = message(&conn, m5);
    assert!(
        body.starts_with("Bij het betalen krijg ik foutcode E-402"),
        "{body}"
    );
    assert!(
        !body.contains("<img"),
        "the text part is taken, not the HTML"
    );
    let files = attachments::list(&conn, attachments::Owner::Message(m5)).unwrap();
    let summary: Vec<(&str, &str, bool)> = files
        .iter()
        .map(|a| (a.name.as_str(), a.content_type.as_str(), a.inline))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("screenshot.png", "image/png", true),
            ("factuur-2026-118.pdf", "application/pdf", false)
        ]
    );
    let pdf = files.iter().find(|a| a.name.ends_with(".pdf")).unwrap();
    let (_, data) = attachments::contents(&conn, pdf.id).unwrap();
    assert!(data.starts_with(b"%PDF-1.4") && data.ends_with(b"%%EOF\n"));
    let ccs: Vec<(String, String)> = conn
        .prepare("SELECT address, name FROM ticket_cc WHERE ticket_id = ?1")
        .unwrap()
        .query_map([t5], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        ccs,
        vec![(
            "inge@bakker-bouw.example".to_string(),
            "Inge Bakker".to_string()
        )],
        "the desk's own address is not a Cc"
    );

    // Gmail reply by In-Reply-To: the new text, the history folded.
    let (t, m, reopened) = threaded(&take(&conn, &corpus("gmail-reply.eml")));
    assert_eq!((t, reopened), (t3, false));
    let (body, quoted) = message(&conn, m);
    assert_eq!(
        body,
        "Here is the photo of the box, the tape was already open."
    );
    let quoted = quoted.unwrap();
    assert!(
        quoted.starts_with("On Tue, Dec 1, 2026 at 4:20 PM Marco Rossi"),
        "{quoted}"
    );
    assert!(quoted.contains("> My order #5521 arrived broken — the screen is cracked."));

    // Dutch Outlook reply without threading headers: the hook, from the customer.
    let (t, m, _) = threaded(&take(&conn, &corpus("outlook-reply-nl.eml")));
    assert_eq!(t, t1);
    let (body, quoted) = message(&conn, m);
    assert_eq!(
        body,
        "Dank u, de factuur is binnen.\n\nMet vriendelijke groet,\nSanne"
    );
    let quoted = quoted.unwrap();
    assert!(quoted.starts_with("________"), "{quoted}");
    assert!(quoted.contains("Verzonden: dinsdag 1 december 2026 15:02"));

    // Automatic mail is taken but never answered.
    let acks_before = count(&conn, "SELECT count(*) FROM outbox");
    for name in [
        "autoreply-auto-submitted.eml",
        "autoreply-precedence-bulk.eml",
        "autoreply-x-autoreply.eml",
        "autoreply-x-autorespond.eml",
        "mailer-daemon.eml",
    ] {
        let (_, _, acknowledged) = new_ticket(&take(&conn, &corpus(name)));
        assert!(!acknowledged, "{name} must not be answered");
    }
    assert_eq!(count(&conn, "SELECT count(*) FROM outbox"), acks_before);

    // A DSN marks the mail loket sent as bounced, and makes no ticket.
    conn.execute(
        "INSERT INTO outbox (kind, ticket_id, mail_id, from_addr, to_addr, subject, body, state, next_attempt_at, created_at, sent_at)
         VALUES ('reply', ?1, 'loket.2.0badc0ffee0badc0ffee@desk.example', 'support@desk.example', 'joelle@webwinkel.example',
                 '[#2] Terugbetaling', 'x', 'sent', 0, 0, 0)",
        [t2],
    )
    .unwrap();
    let tickets_before = count(&conn, "SELECT count(*) FROM tickets");
    let outcome = take(&conn, &corpus("dsn-bounce.eml"));
    let Outcome::Bounced { outbox, ticket } = outcome else {
        panic!("expected a bounce, got {outcome:?}");
    };
    assert_eq!(ticket, Some(t2));
    let (state, error, at): (String, String, i64) = conn
        .query_row(
            "SELECT state, last_error, bounced_at FROM outbox WHERE id = ?1",
            [outbox],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(state, "bounced");
    assert_eq!(at, NOW);
    assert!(
        error.starts_with("550 5.1.1 <joelle@webwinkel.example>: Recipient address rejected"),
        "{error}"
    );
    let (to, detail): (String, String) = conn
        .query_row(
            "SELECT to_value, detail FROM events WHERE ticket_id = ?1 AND kind = 'mail_bounced'",
            [t2],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(to, "joelle@webwinkel.example");
    assert_eq!(detail, error);
    assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), tickets_before);
    assert_eq!(
        loket::i18n::event_text(loket::i18n::Lang::Nl, "mail_bounced", None, Some(&to)),
        "mail onbestelbaar → joelle@webwinkel.example"
    );

    // A malformed message: kept raw, refused for good.
    let raw = corpus("malformed.eml");
    let outcome = take(&conn, &raw);
    assert!(outcome.refused_for_good(), "{outcome:?}");
    let Outcome::Quarantined { id, reason, .. } = outcome else {
        unreachable!()
    };
    assert_eq!(reason, Reason::Unparsable);
    let kept: Vec<u8> = conn
        .query_row("SELECT raw FROM mail_quarantine WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, raw);
    assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), tickets_before);
}

/// A 30 MB mail (an attachment of 22 MB, base64): over the default 25 MB.
fn thirty_megabytes() -> Vec<u8> {
    let mut raw = b"From: Bram <bram@foto.example>\r\nTo: support@desk.example\r\nSubject: Alle foto's van de schade\r\nMessage-ID: <big.1@foto.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nZie bijlage.\r\n--b\r\nContent-Type: application/zip; name=\"fotos.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n".to_vec();
    let line =
        b"UEsDBBQAAAAIAHd0dGVzdGZvdG9zL2ZvdG8wMDEuanBnAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n";
    while raw.len() < 30_000_000 {
        raw.extend_from_slice(line);
    }
    raw.extend_from_slice(b"--b--\r\n");
    raw
}

#[test]
fn a_mail_over_the_size_limit_is_kept_and_its_sender_told_once() {
    let conn = desk();
    let raw = thirty_megabytes();
    let outcome = take(&conn, &raw);
    let Outcome::Quarantined {
        id,
        reason,
        answered,
        ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!((reason, answered), (Reason::TooLarge, true));
    let (size, sender): (i64, String) = conn
        .query_row(
            "SELECT size, sender FROM mail_quarantine WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(size, raw.len() as i64);
    assert_eq!(sender, "bram@foto.example");
    let (to, subject, body, auto): (String, String, String, bool) = conn
        .query_row(
            "SELECT to_addr, subject, body, auto_submitted FROM outbox WHERE kind = 'refusal'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(to, "bram@foto.example");
    assert_eq!(
        subject,
        "Your mail did not reach us: too large (Alle foto's van de schade)"
    );
    assert!(body.contains("is 30.0 MB, more than the 25.0 MB"), "{body}");
    assert!(auto);
    assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), 0);
    // The MTA delivers it again: still one entry, still one answer.
    let again = take(&conn, &raw);
    assert!(
        matches!(
            again,
            Outcome::Quarantined {
                answered: false,
                ..
            }
        ),
        "{again:?}"
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM mail_quarantine"), 1);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM outbox WHERE kind = 'refusal'"),
        1
    );
}

#[test]
fn a_too_large_auto_reply_gets_no_answer_and_dutch_customers_get_dutch() {
    let conn = desk();
    conn.execute_batch(
        "INSERT INTO settings (key, value) VALUES ('mail.max_size', '1KB');
         INSERT INTO customers (name, email, language, since, created_at) VALUES ('Bram', 'bram@foto.example', 'nl', 0, 0);",
    )
    .unwrap();
    let padding = "x".repeat(2000);
    let auto = simple(
        "robot@foto.example",
        "a@x",
        "Afwezig",
        "Auto-Submitted: auto-replied\r\n",
        &padding,
    );
    assert!(matches!(
        take(&conn, &auto),
        Outcome::Quarantined {
            answered: false,
            reason: Reason::TooLarge,
            ..
        }
    ));
    let dutch = simple("Bram <bram@foto.example>", "b@x", "Foto's", "", &padding);
    assert!(matches!(
        take(&conn, &dutch),
        Outcome::Quarantined { answered: true, .. }
    ));
    let subject: String = conn
        .query_row(
            "SELECT subject FROM outbox WHERE kind = 'refusal'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(subject, "Uw mail is niet aangekomen: te groot (Foto's)");
}

#[test]
fn a_reply_to_a_solved_ticket_reopens_it_and_to_a_closed_one_opens_a_follow_up() {
    let conn = desk();
    let (t, _, _) = new_ticket(&take(
        &conn,
        &simple(
            "eva@example.nl",
            "first@example.nl",
            "Printer",
            "",
            "It is broken.",
        ),
    ));
    let actor = Actor {
        agent_id: None,
        now: NOW + 10,
    };
    store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        changes::set_status(tx, t, Status::Solved, actor)
    })
    .unwrap();
    let reply = simple(
        "eva@example.nl",
        "second@example.nl",
        "Re: Printer",
        "In-Reply-To: <first@example.nl>\r\n",
        "Broken again.",
    );
    let (again, _, reopened) = threaded(&take_at(&conn, &reply, NOW + 20));
    assert_eq!((again, reopened), (t, true));
    assert_eq!(changes::status_of(&conn, t).unwrap(), Status::Open);
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM events WHERE ticket_id = {t} AND kind = 'reopened'")
        ),
        1,
        "the KPIs count reopens by this event"
    );

    store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        changes::set_status(tx, t, Status::Closed, actor)
    })
    .unwrap();
    let late = simple(
        "eva@example.nl",
        "third@example.nl",
        "Re: Printer",
        "References: <first@example.nl> <second@example.nl>\r\n",
        "And again.",
    );
    let outcome = take_at(&conn, &late, NOW + 30);
    let Outcome::NewTicket {
        ticket,
        follow_up_of,
        ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(follow_up_of, Some(t));
    assert_ne!(ticket, t);
    assert_eq!(
        changes::status_of(&conn, t).unwrap(),
        Status::Closed,
        "the closed ticket stays closed"
    );
    let stored: Option<i64> = conn
        .query_row(
            "SELECT follow_up_of FROM tickets WHERE id = ?1",
            [ticket],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, Some(t));
    let linked = count(
        &conn,
        &format!(
            "SELECT count(*) FROM ticket_links WHERE kind = 'related' AND ticket_id = {} AND other_id = {}",
            t.min(ticket),
            t.max(ticket)
        ),
    );
    assert_eq!(linked, 1);
}

#[test]
fn replies_follow_merges_minted_ids_and_the_hook_only_for_people_on_the_ticket() {
    let conn = desk();
    let cc = "Cc: Piet <piet@example.nl>\r\n";
    let (a, _, _) = new_ticket(&take(
        &conn,
        &simple("eva@example.nl", "a@example.nl", "Printer", cc, "Broken."),
    ));
    let (b, _, _) = new_ticket(&take(
        &conn,
        &simple(
            "eva@example.nl",
            "b@example.nl",
            "Printer (again)",
            "",
            "Still broken.",
        ),
    ));
    let actor = Actor {
        agent_id: None,
        now: NOW + 10,
    };
    store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        changes::merge(tx, a, b, actor)
    })
    .unwrap();
    let reply = simple(
        "eva@example.nl",
        "c@example.nl",
        "Re: Printer",
        "In-Reply-To: <a@example.nl>\r\n",
        "Any news?",
    );
    assert_eq!(
        threaded(&take(&conn, &reply)).0,
        b,
        "a merged ticket's replies land on its target"
    );

    // A Message-ID loket minted, even with no row for it.
    let minted = simple(
        "eva@example.nl",
        "d@example.nl",
        "Re: something",
        &format!("In-Reply-To: <loket.{b}.00ff00ff@desk.example>\r\n"),
        "Reply to your mail.",
    );
    assert_eq!(threaded(&take(&conn, &minted)).0, b);

    // The hook: a stranger gets a ticket of their own, the Cc of the ticket does not.
    let stranger = simple(
        "mallory@evil.example",
        "e@evil.example",
        &format!("Re: [#{b}] Printer"),
        "",
        "Let me in.",
    );
    let (own, _, _) = new_ticket(&take(&conn, &stranger));
    assert_ne!(own, b);
    let piet = simple(
        "Piet <piet@example.nl>",
        "f@example.nl",
        &format!("RE: [#{a}] Printer"),
        "",
        "Same here.",
    );
    assert_eq!(
        threaded(&take(&conn, &piet)).0,
        b,
        "the Cc of the merged ticket, followed to its target"
    );
    let eva = simple(
        "Eva <EVA@example.nl>",
        "g@example.nl",
        &format!("Re: [#{b}] Printer"),
        "",
        "Hello?",
    );
    assert_eq!(threaded(&take(&conn, &eva)).0, b);
}

#[test]
fn a_score_answers_the_survey_without_reopening_and_other_replies_follow_up() {
    let conn = desk();
    let (t, _, _) = new_ticket(&take(
        &conn,
        &simple("eva@example.nl", "s1@example.nl", "Printer", "", "Broken."),
    ));
    let actor = Actor {
        agent_id: None,
        now: NOW + 10,
    };
    store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        changes::set_status(tx, t, Status::Solved, actor)
    })
    .unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO mail_messages (mail_id, ticket_id, direction, survey_kind, at) VALUES ('loket.{t}.5005@desk.example', {t}, 'out', 'csat', {NOW});
         INSERT INTO survey_requests (ticket_id, kind, due_at, created_at) VALUES ({t}, 'csat', {NOW}, {NOW});"
    ))
    .unwrap();
    let answer = simple(
        "eva@example.nl",
        "s2@example.nl",
        "Re: How did we do?",
        &format!("In-Reply-To: <loket.{t}.5005@desk.example>\r\n"),
        "4\r\nQuick, but the printer took a week.\r\n\r\nOn Mon, Eva wrote:\r\n> old",
    );
    let outcome = take(&conn, &answer);
    let Outcome::SurveyAnswer { ticket, survey } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(ticket, t);
    let (kind, score, comment, customer): (String, i64, String, i64) = conn
        .query_row(
            "SELECT kind, score, comment, customer_id FROM surveys WHERE id = ?1",
            [survey],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), score), ("csat", 4));
    assert_eq!(comment, "Quick, but the printer took a week.");
    assert_eq!(customer, 1);
    let linked: Option<i64> = conn
        .query_row(
            "SELECT survey_id FROM survey_requests WHERE ticket_id = ?1",
            [t],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, Some(survey));
    assert_eq!(
        changes::status_of(&conn, t).unwrap(),
        Status::Solved,
        "an answer does not reopen"
    );
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM events WHERE ticket_id = {t} AND kind = 'survey_answered' AND to_value = '4'"
            )
        ),
        1
    );
    assert_eq!(
        loket::i18n::event_text(loket::i18n::Lang::Nl, "survey_answered", None, Some("4")),
        "enquête beantwoord → 4"
    );

    let not_a_score = simple(
        "eva@example.nl",
        "s3@example.nl",
        "Re: How did we do?",
        &format!("In-Reply-To: <loket.{t}.5005@desk.example>\r\n"),
        "The printer is broken again.",
    );
    let (ticket, _, reopened) = threaded(&take(&conn, &not_a_score));
    assert_eq!((ticket, reopened), (t, true));
    assert_eq!(count(&conn, "SELECT count(*) FROM surveys"), 1);
}

#[test]
fn the_same_mail_twice_is_taken_once_and_a_chatty_sender_is_kept_aside() {
    let conn = desk();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('mail.sender_limit', '3')",
        [],
    )
    .unwrap();
    let first = simple("bot@loop.example", "l0@loop.example", "Hello", "", "One.");
    let (t, _, _) = new_ticket(&take(&conn, &first));
    assert_eq!(take(&conn, &first), Outcome::Duplicate { ticket: Some(t) });
    // Mail without a Message-ID is known by its bytes.
    let anonymous = b"From: anon@example.nl\r\nSubject: No id\r\n\r\nHi\r\n";
    let (anon, _, _) = new_ticket(&take(&conn, anonymous));
    assert_eq!(
        take(&conn, anonymous),
        Outcome::Duplicate { ticket: Some(anon) }
    );

    for i in 1..3 {
        take(
            &conn,
            &simple(
                "bot@loop.example",
                &format!("l{i}@loop.example"),
                "Hello",
                "",
                "More.",
            ),
        );
    }
    let over = simple(
        "bot@loop.example",
        "l3@loop.example",
        "Hello",
        "",
        "Too many.",
    );
    let outcome = take(&conn, &over);
    let Outcome::Quarantined { id, reason, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(reason, Reason::RateLimited);
    // An admin's retry takes it at once (the limit does not apply).
    let retried = store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        let settings = MailSettings::load(tx)?;
        inbox::retry(tx, id, &settings, NOW + 5)
    })
    .unwrap();
    assert!(matches!(retried, Outcome::NewTicket { .. }), "{retried:?}");
    assert_eq!(count(&conn, "SELECT count(*) FROM mail_quarantine"), 0);

    // Kept aside again; the MTA delivers it once more an hour later, under
    // the limit: it is taken and leaves the quarantine by itself.
    let next = simple("bot@loop.example", "l4@loop.example", "Hello", "", "Later.");
    assert!(matches!(
        take_at(&conn, &next, NOW + 6),
        Outcome::Quarantined {
            reason: Reason::RateLimited,
            ..
        }
    ));
    assert_eq!(count(&conn, "SELECT count(*) FROM mail_quarantine"), 1);
    assert!(matches!(
        take_at(&conn, &next, NOW + 7200),
        Outcome::NewTicket { .. }
    ));
    assert_eq!(count(&conn, "SELECT count(*) FROM mail_quarantine"), 0);
}

#[test]
fn one_mail_that_fails_is_rolled_back_alone_and_kept() {
    let conn = desk();
    conn.execute_batch(
        "CREATE TEMP TRIGGER boom BEFORE INSERT ON messages WHEN new.body LIKE '%BOOM%'
         BEGIN SELECT RAISE(ABORT, 'the test refuses this body'); END;",
    )
    .unwrap();
    let mails = [
        simple("a@example.nl", "ok1@example.nl", "First", "", "Fine."),
        simple("b@example.nl", "bad@example.nl", "Second", "", "BOOM"),
        simple("c@example.nl", "ok2@example.nl", "Third", "", "Fine too."),
    ];
    let outcomes = store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        let settings = MailSettings::load(tx)?;
        mails
            .iter()
            .map(|m| inbox::take(tx, m, Some("batch"), &settings, NOW))
            .collect::<store::Result<Vec<_>>>()
    })
    .unwrap();
    assert!(matches!(outcomes[0], Outcome::NewTicket { .. }));
    assert!(
        matches!(&outcomes[1], Outcome::Quarantined { reason: Reason::Failed, detail, .. } if detail.contains("the test refuses this body")),
        "{:?}",
        outcomes[1]
    );
    assert!(matches!(outcomes[2], Outcome::NewTicket { .. }));
    assert_eq!(count(&conn, "SELECT count(*) FROM tickets"), 2);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM customers WHERE email = 'b@example.nl'"
        ),
        0,
        "nothing of the failed mail stays"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM mail_messages WHERE mail_id = 'bad@example.nl'"
        ),
        0
    );
    let (source, mail_id): (String, String) = conn
        .query_row("SELECT source, mail_id FROM mail_quarantine", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (source.as_str(), mail_id.as_str()),
        ("batch", "bad@example.nl")
    );
    let _ = params![];
}
