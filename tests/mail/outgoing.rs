//! Mail out against a real SMTP server (aiosmtpd, tests/smtp_sink.py) and a
//! real sendmail-compatible client (msmtp): what leaves is parsed back with
//! mail-parser and checked header by header.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::mail_support::{SmtpSink, set, smtp_settings};
use loket::clock::FixedClock;
use loket::domain::{Author, Channel, MessageKind, Priority};
use loket::mail::outbound::deliver_due;
use loket::mail::settings::MailSettings;
use loket::store::attachments::{self, NewAttachment, Owner};
use loket::store::changes::{self, Actor, NewMessage, NewTicket};
use loket::store::outbox::{self, Delivery, OutboxKind, OutgoingMail, RecordedMail, ReplyMail};
use loket::store::{self, tickets};
use mail_parser::{HeaderValue, MessageParser, MimeHeaders};
use rusqlite::Connection;

const NOW: i64 = 1_795_428_000;

fn actor(now: i64) -> Actor {
    Actor {
        agent_id: Some(1),
        now,
    }
}

/// A desk with one agent, the Billing team, and ticket 1 from Eva (Cc Piet)
/// whose first mail came in as <first@customer.example>.
fn desk() -> Connection {
    let conn = store::open_in_memory().unwrap();
    conn.execute_batch(
        "INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna', 0);
         INSERT INTO teams (id, name) VALUES (1, 'Billing');",
    )
    .unwrap();
    let id = changes::create_ticket(
        &conn,
        &NewTicket {
            subject: "Invoice twice".into(),
            customer_email: "eva@example.nl".into(),
            customer_name: Some("Eva de Vries".into()),
            channel: Channel::Email,
            priority: Priority::Normal,
            body: Some("I was charged twice.".into()),
            language: None,
            tags: vec![],
        },
        actor(NOW - 100),
    )
    .unwrap();
    assert_eq!(id, 1);
    conn.execute_batch(
        "UPDATE tickets SET team_id = 1 WHERE id = 1;
         INSERT INTO ticket_cc (ticket_id, address, name, added_at) VALUES (1, 'piet@example.nl', 'Piet', 0);",
    )
    .unwrap();
    outbox::record_mail(
        &conn,
        &RecordedMail {
            mail_id: "first@customer.example",
            ticket_id: 1,
            message_id: None,
            incoming: true,
            from: Some("eva@example.nl"),
            survey_kind: None,
        },
        NOW - 100,
    )
    .unwrap();
    conn
}

fn reply(conn: &Connection, body: &str, now: i64) -> i64 {
    store::write_shared(conn, &loket::clock::SystemClock, |tx| {
        changes::add_message(
            tx,
            1,
            &NewMessage {
                author: Author::Agent,
                kind: MessageKind::Public,
                body: body.into(),
                duration_s: None,
            },
            actor(now),
        )
    })
    .unwrap()
}

fn settings(conn: &Connection) -> MailSettings {
    MailSettings::load(conn).unwrap()
}

fn delivery(conn: &Connection, message: i64) -> Delivery {
    tickets::detail(conn, 1)
        .unwrap()
        .messages
        .into_iter()
        .find(|m| m.id == message)
        .and_then(|m| m.delivery)
        .expect("a reply has a delivery state")
}

fn outbox_row(conn: &Connection, message: i64) -> (String, String, i64, i64, Option<String>) {
    conn.query_row(
        "SELECT mail_id, state, attempts, next_attempt_at, last_error FROM outbox WHERE message_id = ?1",
        [message],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .unwrap()
}

fn header_text(m: &mail_parser::Message<'_>, name: &str) -> Option<String> {
    m.header_raw(name).map(|v| v.trim().to_string())
}

#[test]
fn a_reply_leaves_threaded_with_its_attachment_and_no_injected_header() {
    let sink = SmtpSink::start();
    let conn = desk();
    smtp_settings(&conn, sink.port);
    // Customer text as it might come in raw: a line break in a name and a
    // subject must never make a header of its own.
    conn.execute_batch(
        "UPDATE customers SET name = 'Eva' || char(13, 10) || 'Bcc: evil@attacker.example' WHERE id = 1;
         UPDATE tickets SET subject = 'Invoice twice' || char(13, 10) || 'Bcc: evil@attacker.example' WHERE id = 1;",
    )
    .unwrap();
    let message = reply(&conn, "Hello Eva,\n\nWe refunded one.\n", NOW);
    attachments::add(
        &conn,
        Owner::Message(message),
        &NewAttachment {
            name: "credit-note.pdf",
            content_type: "application/pdf",
            data: b"%PDF-1.4 credit note",
            inline: false,
        },
        NOW,
    )
    .unwrap();
    assert!(matches!(delivery(&conn, message), Delivery::Queued { .. }));

    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 1)).unwrap();
    assert_eq!(report.sent.len(), 1, "{report:?}");
    assert!(report.failed.is_empty() && report.deferred.is_empty());

    let got = sink.received();
    assert_eq!(got.len(), 1);
    let mut rcpt = got[0].rcpt.clone();
    rcpt.sort();
    assert_eq!(rcpt, vec!["eva@example.nl", "piet@example.nl"]);
    let parsed = MessageParser::default().parse(&got[0].raw).unwrap();
    let (mail_id, state, attempts, _, _) = outbox_row(&conn, message);
    assert_eq!((state.as_str(), attempts), ("sent", 1));
    assert_eq!(parsed.message_id(), Some(mail_id.as_str()));
    assert!(mail_id.starts_with("loket.1."), "{mail_id}");
    assert_eq!(
        parsed.in_reply_to().as_text(),
        Some("first@customer.example")
    );
    let refs = match parsed.references() {
        HeaderValue::Text(t) => vec![t.to_string()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.to_string()).collect(),
        other => panic!("no References: {other:?}"),
    };
    assert_eq!(refs, vec!["first@customer.example"]);
    let subject = parsed.subject().unwrap();
    assert!(subject.starts_with("Re: [#1] Invoice twice"), "{subject}");
    let from = parsed.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some("billing@example.nl"));
    assert_eq!(from.name(), Some("Billing desk"));
    let cc: Vec<_> = parsed
        .cc()
        .unwrap()
        .iter()
        .filter_map(|a| a.address())
        .collect();
    assert_eq!(cc, vec!["piet@example.nl"]);
    assert_eq!(
        parsed.to().unwrap().first().unwrap().address(),
        Some("eva@example.nl")
    );
    assert!(parsed.date().is_some());
    assert!(header_text(&parsed, "Auto-Submitted").is_none());
    assert!(
        header_text(&parsed, "Bcc").is_none(),
        "a header was injected"
    );
    let head = String::from_utf8_lossy(&got[0].raw);
    let head = head.split("\r\n\r\n").next().unwrap();
    assert!(!head.to_ascii_lowercase().contains("\nbcc:"), "{head}");
    assert!(parsed.body_text(0).unwrap().contains("We refunded one."));
    let files: Vec<_> = parsed.attachments().collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].attachment_name(), Some("credit-note.pdf"));
    assert_eq!(files[0].contents(), b"%PDF-1.4 credit note");

    match delivery(&conn, message) {
        Delivery::Sent { relay_reply, at } => {
            assert_eq!(at, NOW + 1);
            let reply = relay_reply.unwrap();
            assert!(
                reply.starts_with("250 2.0.0 Ok: queued as 000001"),
                "{reply}"
            );
        }
        other => panic!("not sent: {other:?}"),
    }
    // One pass later nothing is sent again.
    let again = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 999)).unwrap();
    assert!(again.sent.is_empty());
    assert_eq!(sink.count(), 1);
}

#[test]
fn automatic_mail_says_so_and_carries_its_own_files() {
    let sink = SmtpSink::start();
    let conn = desk();
    smtp_settings(&conn, sink.port);
    let (row, mail_id) = outbox::enqueue(
        &conn,
        &OutgoingMail {
            kind: OutboxKind::Ack,
            ticket_id: Some(1),
            message_id: None,
            from: "Support <support@example.nl>".into(),
            to: "eva@example.nl".into(),
            cc: vec![],
            subject: "[#1] We got your mail".into(),
            body: "Thanks, we will answer soon.".into(),
            in_reply_to: Some("first@customer.example".into()),
            references: vec!["first@customer.example".into()],
            auto_submitted: true,
            survey_kind: None,
        },
        NOW,
    )
    .unwrap();
    attachments::add(
        &conn,
        Owner::Outbox(row),
        &NewAttachment {
            name: "terms.txt",
            content_type: "text/plain",
            data: b"our terms",
            inline: false,
        },
        NOW,
    )
    .unwrap();
    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW)).unwrap();
    assert_eq!(report.sent.len(), 1, "{report:?}");
    let got = sink.received();
    let parsed = MessageParser::default().parse(&got[0].raw).unwrap();
    assert_eq!(parsed.message_id(), Some(mail_id.as_str()));
    assert_eq!(
        header_text(&parsed, "Auto-Submitted").as_deref(),
        Some("auto-replied")
    );
    let files: Vec<_> = parsed.attachments().collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].attachment_name(), Some("terms.txt"));
}

#[test]
fn a_temporary_refusal_is_tried_again_later_then_sent() {
    let sink = SmtpSink::start();
    let conn = desk();
    smtp_settings(&conn, sink.port);
    let message = reply(&conn, "We are on it.", NOW);
    sink.refuse(Some(("451", "eva@example.nl")));

    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW)).unwrap();
    assert_eq!(report.deferred.len(), 1, "{report:?}");
    assert!(report.deferred[0].error.contains("451"), "{report:?}");
    let (_, state, attempts, next, error) = outbox_row(&conn, message);
    assert_eq!((state.as_str(), attempts, next), ("queued", 1, NOW + 60));
    assert!(error.unwrap().contains("451"));
    match delivery(&conn, message) {
        Delivery::Queued {
            attempts,
            next_attempt_at,
            last_error,
        } => {
            assert_eq!((attempts, next_attempt_at), (1, NOW + 60));
            assert!(last_error.unwrap().contains("451"));
        }
        other => panic!("{other:?}"),
    }

    // Not before the backoff has passed.
    let early = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 30)).unwrap();
    assert!(early.sent.is_empty() && early.deferred.is_empty());
    // Second refusal: five minutes.
    let second = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 60)).unwrap();
    assert_eq!(second.deferred.len(), 1);
    assert_eq!(outbox_row(&conn, message).3, NOW + 60 + 300);

    sink.refuse(None);
    let later = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 360)).unwrap();
    assert_eq!(later.sent.len(), 1, "{later:?}");
    let (_, state, attempts, _, error) = outbox_row(&conn, message);
    assert_eq!((state.as_str(), attempts, error), ("sent", 3, None));
    assert_eq!(sink.count(), 1);
}

#[test]
fn a_permanent_refusal_fails_with_the_reason_until_an_agent_retries() {
    let sink = SmtpSink::start();
    let conn = desk();
    smtp_settings(&conn, sink.port);
    let message = reply(&conn, "We are on it.", NOW);
    sink.refuse(Some(("550", "eva@example.nl")));
    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW)).unwrap();
    assert_eq!(report.failed.len(), 1, "{report:?}");
    assert!(report.has_failures());
    match delivery(&conn, message) {
        Delivery::Failed { reason } => assert!(reason.contains("550"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(delivery(&conn, message).retryable(NOW));
    // Failed stays failed.
    let later = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 7200)).unwrap();
    assert!(later.sent.is_empty() && later.failed.is_empty());

    sink.refuse(None);
    let retried = store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        outbox::retry_ticket(tx, 1, actor(NOW + 7200))
    })
    .unwrap();
    assert_eq!(retried, 1);
    let sent = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 7200)).unwrap();
    assert_eq!(sent.sent.len(), 1, "{sent:?}");
    assert_eq!(sink.count(), 1);
    // A sent mail is not retried.
    let e = store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        let id: i64 = tx.query_row("SELECT id FROM outbox", [], |r| r.get(0))?;
        outbox::retry(tx, id, actor(NOW + 7300))
    })
    .unwrap_err();
    assert!(e.to_string().contains("only failed or in-doubt"), "{e}");
}

#[test]
fn mail_that_keeps_failing_gives_up_after_max_attempts() {
    let sink = SmtpSink::start();
    let conn = desk();
    smtp_settings(&conn, sink.port);
    set(&conn, "mail.max_attempts", "2");
    let message = reply(&conn, "We are on it.", NOW);
    sink.refuse(Some(("451", "eva@example.nl")));
    deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW)).unwrap();
    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 60)).unwrap();
    assert_eq!(report.failed.len(), 1, "{report:?}");
    match delivery(&conn, message) {
        Delivery::Failed { reason } => {
            assert!(
                reason.contains("451") && reason.contains("gave up after 2 tries"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_refused_connection_is_temporary() {
    let conn = desk();
    // A port nobody listens on: bind one, note it, let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    smtp_settings(&conn, port);
    let message = reply(&conn, "We are on it.", NOW);
    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW)).unwrap();
    assert_eq!(report.deferred.len(), 1, "{report:?}");
    assert_eq!(outbox_row(&conn, message).1, "queued");
}

#[test]
fn replies_that_cannot_be_mailed_say_why() {
    let conn = desk();
    // No transport: kept in the thread, not e-mailed.
    let message = reply(&conn, "Noted.", NOW);
    assert_eq!(
        outbox::reply_mail_of(&conn, message).unwrap(),
        Some(ReplyMail::NotEmailed(outbox::Skipped::NotSetUp))
    );
    assert_eq!(
        delivery(&conn, message),
        Delivery::NotEmailed(Some(outbox::Skipped::NotSetUp))
    );
    // Mail set up, but a customer without an address (a phone ticket).
    smtp_settings(&conn, 2525);
    conn.execute(
        "UPDATE customers SET email = NULL, phone = '+31 6 1234' WHERE id = 1",
        [],
    )
    .unwrap();
    let message = reply(&conn, "Noted.", NOW + 1);
    assert_eq!(
        delivery(&conn, message),
        Delivery::NotEmailed(Some(outbox::Skipped::NoAddress))
    );
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
    // Internal notes carry no delivery at all.
    let note = store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        changes::add_message(
            tx,
            1,
            &NewMessage {
                author: Author::Agent,
                kind: MessageKind::Internal,
                body: "check refund".into(),
                duration_s: None,
            },
            actor(NOW + 2),
        )
    })
    .unwrap();
    let detail = tickets::detail(&conn, 1).unwrap();
    assert_eq!(
        detail
            .messages
            .iter()
            .find(|m| m.id == note)
            .unwrap()
            .delivery,
        None
    );
}

/// A sendmail-compatible command: msmtp relaying to the test server.
fn msmtp(sink: &SmtpSink) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = sink.dir.path();
    let rc = dir.join("msmtprc");
    std::fs::write(
        &rc,
        format!(
            "defaults\nauth off\ntls off\nlogfile {}\naccount default\nhost 127.0.0.1\nport {}\nfrom support@example.nl\n",
            dir.join("msmtp.log").display(),
            sink.port
        ),
    )
    .unwrap();
    std::fs::set_permissions(&rc, std::fs::Permissions::from_mode(0o600)).unwrap();
    let wrapper = dir.join("sendmail");
    std::fs::write(
        &wrapper,
        format!("#!/bin/sh\nexec msmtp -C {} \"$@\"\n", rc.display()),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    wrapper
}

#[test]
fn the_sendmail_transport_hands_mail_to_msmtp() {
    assert!(
        std::process::Command::new("msmtp")
            .arg("--version")
            .output()
            .is_ok(),
        "msmtp is needed (apt-get install msmtp)"
    );
    let sink = SmtpSink::start();
    let conn = desk();
    set(&conn, "mail.address", "Support <support@example.nl>");
    set(&conn, "mail.transport", "sendmail");
    set(&conn, "mail.sendmail", msmtp(&sink).to_str().unwrap());
    let message = reply(&conn, "Sent by msmtp.", NOW);
    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW)).unwrap();
    assert_eq!(report.sent.len(), 1, "{report:?}");
    let got = sink.received();
    assert_eq!(got.len(), 1);
    let parsed = MessageParser::default().parse(&got[0].raw).unwrap();
    let (mail_id, state, ..) = outbox_row(&conn, message);
    assert_eq!(state, "sent");
    assert_eq!(parsed.message_id(), Some(mail_id.as_str()));
    let mut rcpt = got[0].rcpt.clone();
    rcpt.sort();
    assert_eq!(rcpt, vec!["eva@example.nl", "piet@example.nl"]);

    // A 5xx through msmtp is permanent too.
    sink.refuse(Some(("550", "eva@example.nl")));
    let second = reply(&conn, "Again.", NOW + 10);
    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 10)).unwrap();
    assert_eq!(report.failed.len(), 1, "{report:?}");
    match delivery(&conn, second) {
        Delivery::Failed { reason } => assert!(reason.contains("550"), "{reason}"),
        other => panic!("{other:?}"),
    }
    // A 4xx through msmtp is tried again.
    sink.refuse(Some(("451", "eva@example.nl")));
    let third = reply(&conn, "Once more.", NOW + 20);
    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 20)).unwrap();
    assert_eq!(report.deferred.len(), 1, "{report:?}");
    assert_eq!(outbox_row(&conn, third).1, "queued");
}

#[test]
fn the_relay_password_comes_from_a_file_or_the_environment_never_the_desk() {
    let sink = SmtpSink::start_with(&["--auth", "desk:s3cret words"]);
    let conn = desk();
    smtp_settings(&conn, sink.port);
    set(&conn, "mail.smtp.user", "desk");
    let password_file = sink.dir.path().join("smtp-password");
    std::fs::write(&password_file, "s3cret words\n").unwrap();
    set(
        &conn,
        "mail.smtp.password_file",
        password_file.to_str().unwrap(),
    );
    reply(&conn, "With a login.", NOW);
    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW)).unwrap();
    assert_eq!(report.sent.len(), 1, "{report:?}");
    let log = std::fs::read_to_string(sink.dir.path().join("auth.log")).unwrap();
    assert_eq!(log, "ok desk\n");

    // The password is in no table of the desk.
    let dump: Vec<String> = conn
        .prepare("SELECT value FROM settings")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!dump.iter().any(|v| v.contains("s3cret")), "{dump:?}");

    // No password at all: nothing is claimed, and the report says what to set.
    conn.execute(
        "DELETE FROM settings WHERE key = 'mail.smtp.password_file'",
        [],
    )
    .unwrap();
    set(
        &conn,
        "mail.smtp.password_env",
        "LOKET_TEST_UNSET_VARIABLE_XYZ",
    );
    reply(&conn, "No password.", NOW + 3);
    let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 3600)).unwrap();
    assert!(report.has_failures());
    let problem = report.problem.unwrap();
    assert!(problem.contains("mail.smtp.password_file"), "{problem}");
}

/// A CA and a certificate for `localhost` signed by it, made by openssl in
/// `dir`: (ca.pem, cert.pem, key.pem).
fn certificates(dir: &std::path::Path) -> (String, String, String) {
    let path = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let openssl = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl is needed to make test certificates");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=loket test CA",
        "-keyout",
        &path("ca.key"),
        "-out",
        &path("ca.pem"),
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        &path("key.pem"),
        "-out",
        &path("cert.csr"),
    ]);
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        &path("cert.csr"),
        "-CA",
        &path("ca.pem"),
        "-CAkey",
        &path("ca.key"),
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        &path("cert.pem"),
        "-extfile",
        &path("ext.cnf"),
    ]);
    (path("ca.pem"), path("cert.pem"), path("key.pem"))
}

#[test]
fn starttls_and_implicit_tls_check_the_relays_certificate() {
    let certs = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(certs.path());
    for (flag, security) in [("--starttls", "starttls"), ("--tls", "tls")] {
        let sink = SmtpSink::start_with(&[flag, &cert, &key]);
        let conn = desk();
        smtp_settings(&conn, sink.port);
        set(&conn, "mail.smtp.host", "localhost");
        set(&conn, "mail.smtp.security", security);
        // Without the relay's CA the certificate is not trusted: not sent.
        reply(&conn, "Over TLS.", NOW);
        let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW)).unwrap();
        assert_eq!(report.deferred.len(), 1, "{security}: {report:?}");
        assert_eq!(sink.count(), 0);
        // With it, the mail goes over TLS.
        set(&conn, "mail.smtp.ca_file", &ca);
        let report = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 60)).unwrap();
        assert_eq!(report.sent.len(), 1, "{security}: {report:?}");
        assert_eq!(sink.count(), 1);
    }
}

/// The three parts of the channel together: solving schedules a survey, the
/// delivery pass queues and sends it when due, and the customer's answer by
/// mail becomes the ticket's CSAT without reopening it.
#[test]
fn a_solved_ticket_gets_its_survey_by_mail_and_the_answer_counts() {
    let sink = SmtpSink::start();
    let conn = desk();
    smtp_settings(&conn, sink.port);
    set(&conn, "mail.survey.delay", "2h");
    reply(&conn, "Refunded.", NOW);
    store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        changes::set_status(tx, 1, loket::domain::Status::Solved, actor(NOW + 10))
    })
    .unwrap();

    let early = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 3600)).unwrap();
    assert_eq!(early.surveys_queued, 0, "not before the delay");
    let count_before = sink.count();
    let due = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 7300)).unwrap();
    assert_eq!(due.surveys_queued, 1, "{due:?}");
    assert_eq!(
        due.sent.len(),
        1,
        "queued and sent in the same pass: {due:?}"
    );
    assert_eq!(sink.count(), count_before + 1);
    let again = deliver_due(&conn, &settings(&conn), &FixedClock::at_unix(NOW + 9000)).unwrap();
    assert_eq!(again.surveys_queued, 0, "at most once per ticket");

    let received = sink.received();
    let survey = received.last().unwrap();
    let parsed = MessageParser::default().parse(&survey.raw).unwrap();
    assert_eq!(
        header_text(&parsed, "Auto-Submitted").as_deref(),
        Some("auto-replied")
    );
    let subject = parsed.subject().unwrap().to_string();
    assert!(subject.contains("[#1]"), "{subject}");
    let survey_id = parsed.message_id().unwrap().to_string();

    let answer = format!(
        "From: Eva de Vries <eva@example.nl>\r\nTo: support@example.nl\r\nSubject: Re: {subject}\r\n\
         Message-ID: <answer-1@customer.example>\r\nIn-Reply-To: <{survey_id}>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n5\r\nQuick and kind, thank you.\r\n"
    );
    let outcome = store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
        store::inbox::take(tx, answer.as_bytes(), None, &settings(&conn), NOW + 9100)
    })
    .unwrap();
    assert!(
        matches!(
            outcome,
            store::inbox::Outcome::SurveyAnswer { ticket: 1, .. }
        ),
        "{outcome:?}"
    );
    let (score, comment, answered): (i64, String, i64) = conn
        .query_row(
            "SELECT s.score, s.comment, (SELECT count(*) FROM survey_requests WHERE survey_id = s.id)
             FROM surveys s WHERE s.ticket_id = 1 AND s.kind = 'csat'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (score, comment.trim(), answered),
        (5, "Quick and kind, thank you.", 1)
    );
    let detail = tickets::detail(&conn, 1).unwrap();
    assert_eq!(
        detail.status,
        loket::domain::Status::Solved,
        "an answer does not reopen"
    );
    assert_eq!(detail.surveys.len(), 1);
}
