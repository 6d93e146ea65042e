//! `loket mail send|watch|retry` as built, against a real SMTP server
//! (aiosmtpd): the commands' output and exit codes, and a kill -9 of `mail
//! watch` in the middle of a few hundred messages, restarted as two
//! watchers at once: nothing duplicated, nothing lost.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_support;
use crate::mail_support;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli_support::{Sandbox, stderr, stdout};
use crate::mail_support::{SmtpSink, smtp_settings};
use loket::domain::{Author, Channel, MessageKind, Priority};
use loket::store::changes::{self, Actor, NewMessage, NewTicket};
use loket::store::{self, OpenMode};
use mail_parser::MessageParser;
use rusqlite::Connection;

const NOW: i64 = 1_795_428_000;

/// A desk file with ticket 1 from Eva and `replies` public replies on it.
fn desk(path: &Path, port: u16, replies: usize) -> Connection {
    let mut conn = store::open(path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    conn.execute(
        "INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna', 0)",
        [],
    )
    .unwrap();
    // The account running the tests is the desk's admin: retrying mail is
    // work on the mail's ticket, done as a known agent.
    conn.execute(
        "INSERT INTO agents (name, display_name, role, created_at) VALUES (?1, 'Test admin', 'admin', 0)",
        [cli_support::account()],
    )
    .unwrap();
    smtp_settings(&conn, port);
    let actor = Actor {
        agent_id: Some(1),
        now: NOW,
    };
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        changes::create_ticket(
            tx,
            &NewTicket {
                subject: "Printer".into(),
                customer_email: "eva@example.nl".into(),
                customer_name: Some("Eva".into()),
                channel: Channel::Email,
                priority: Priority::Normal,
                body: Some("It is offline.".into()),
                language: None,
                tags: vec![],
            },
            actor,
        )?;
        for i in 0..replies {
            changes::add_message(
                tx,
                1,
                &NewMessage {
                    author: Author::Agent,
                    kind: MessageKind::Public,
                    body: format!("Reply number {i}."),
                    duration_s: None,
                },
                actor,
            )?;
        }
        Ok(())
    })
    .unwrap();
    conn
}

fn states(conn: &Connection) -> HashMap<String, i64> {
    let mut stmt = conn
        .prepare("SELECT state, count(*) FROM outbox GROUP BY state")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn send_reports_each_mail_and_fails_when_one_failed() {
    let sink = SmtpSink::start();
    let sandbox = Sandbox::new();
    let db = sandbox.path("desk.db");
    let db_arg = db.to_str().unwrap();
    let conn = desk(&db, sink.port, 1);
    drop(conn);

    let out = sandbox.run(&["--db", db_arg, "mail", "send"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("sent #1 to Eva <eva@example.nl>: 250 2.0.0 Ok: queued as 000001"),
        "{text}"
    );
    assert!(
        text.contains("1 sent, 0 to try again, 0 failed, 0 in doubt."),
        "{text}"
    );

    // A 550: failed, exit 1, the reason printed; retry puts it back.
    sink.refuse(Some(("550", "eva@example.nl")));
    let out = sandbox.run(&[
        "--db", db_arg, "--agent", "anna", "ticket", "reply", "1", "--body", "Second.",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("\nReply saved and queued for e-mail.\n"),
        "{}",
        stdout(&out)
    );
    let out = sandbox.run(&["--db", db_arg, "mail", "send"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("failed #2 to Eva <eva@example.nl>:"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("550"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("loket mail retry"),
        "{}",
        stderr(&out)
    );

    // Nothing due: nothing printed (cron mails only news).
    let out = sandbox.run(&["--db", db_arg, "mail", "send"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");

    let out = sandbox.run(&["--db", db_arg, "mail", "retry", "1"]);
    assert_eq!(out.status.code(), Some(2), "a sent mail is not retried");
    assert!(
        stderr(&out).contains("only failed or in-doubt"),
        "{}",
        stderr(&out)
    );
    sink.refuse(None);
    let out = sandbox.run(&["--db", db_arg, "mail", "retry", "--ticket", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 mail(s) back in the queue."),
        "{}",
        stdout(&out)
    );
    let out = sandbox.run(&["--db", db_arg, "mail", "send", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sent"][0]["id"], 2);
    assert_eq!(sink.count(), 2);
}

#[test]
fn the_relay_password_can_come_from_the_environment() {
    let sink = SmtpSink::start_with(&["--auth", "desk:from env"]);
    let sandbox = Sandbox::new();
    let db = sandbox.path("desk.db");
    let conn = desk(&db, sink.port, 1);
    mail_support::set(&conn, "mail.smtp.user", "desk");
    drop(conn);
    let out = sandbox
        .cmd()
        .env("LOKET_SMTP_PASSWORD", "from env")
        .args(["--db", db.to_str().unwrap(), "mail", "send"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 sent"), "{}", stdout(&out));
    let log = std::fs::read_to_string(sink.dir.path().join("auth.log")).unwrap();
    assert_eq!(log, "ok desk\n");
}

#[test]
fn send_without_mail_set_up_says_how() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("desk.db");
    let conn = store::open(&db, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    drop(conn);
    let out = sandbox.run(&["--db", db.to_str().unwrap(), "mail", "send"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("loket mail setup"),
        "{}",
        stderr(&out)
    );
}

fn watch(sandbox: &Sandbox, db: &Path, log: &Path) -> Child {
    // The sandbox's environment, on a std Command that can run in the background.
    let cmd = sandbox.cmd();
    Command::new(cmd.get_program())
        .env_clear()
        .envs(cmd.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .args([
            "--db",
            db.to_str().unwrap(),
            "mail",
            "watch",
            "--interval",
            "1",
        ])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(log).unwrap())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_killed_watcher_loses_and_duplicates_nothing() {
    const MAILS: usize = 300;
    let sink = SmtpSink::start_with(&["--delay", "0.01"]);
    let sandbox = Sandbox::new();
    let db = sandbox.path("desk.db");
    let conn = desk(&db, sink.port, MAILS);

    let mut first = watch(&sandbox, &db, &sandbox.path("watch-1.log"));
    wait_for("the first mails", Duration::from_secs(120), || {
        sink.count() >= 60
    });
    first.kill().unwrap(); // SIGKILL: no chance to tidy up
    first.wait().unwrap();
    let at_kill = sink.count();
    assert!(at_kill < MAILS, "the kill came too late to test anything");

    // Two watchers on the one desk from now on.
    let mut second = watch(&sandbox, &db, &sandbox.path("watch-2.log"));
    let mut third = watch(&sandbox, &db, &sandbox.path("watch-3.log"));
    wait_for("the queue to empty", Duration::from_secs(300), || {
        !states(&conn).contains_key("queued")
    });
    // SIGTERM: each stops cleanly.
    for child in [&mut second, &mut third] {
        let pid = child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    }
    for (child, log) in [(&mut second, "watch-2.log"), (&mut third, "watch-3.log")] {
        let status = child.wait().unwrap();
        assert!(status.success(), "{status}");
        let text = std::fs::read_to_string(sandbox.path(log)).unwrap();
        assert!(text.contains("Stopped delivering mail."), "{text}");
    }

    // What arrived, by Message-ID.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for m in sink.received() {
        let parsed = MessageParser::default().parse(&m.raw).unwrap();
        *seen
            .entry(parsed.message_id().unwrap().to_string())
            .or_default() += 1;
    }
    let duplicated: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(duplicated.is_empty(), "sent twice: {duplicated:?}");

    let rows: Vec<(i64, String, String)> = conn
        .prepare("SELECT id, mail_id, state FROM outbox ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), MAILS);
    let mut doubtful = Vec::new();
    for (id, mail_id, state) in &rows {
        match state.as_str() {
            "sent" => assert_eq!(
                seen.get(mail_id),
                Some(&1),
                "row {id} sent but not at the server"
            ),
            // Claimed by the killed process: in doubt, at the server at most once.
            "sending" => doubtful.push(*id),
            other => panic!("row {id} is {other}"),
        }
    }
    assert!(
        doubtful.len() <= 1,
        "one process claims one row at a time: {doubtful:?}"
    );
    // Nothing reached the server that is not one of the rows.
    for mail_id in seen.keys() {
        assert!(rows.iter().any(|r| &r.1 == mail_id), "{mail_id} is no row");
    }

    // Once the lease is over, an in-doubt mail is shown and not sent again.
    conn.execute(
        "UPDATE outbox SET lease_until = 0 WHERE state = 'sending'",
        [],
    )
    .unwrap();
    let before = sink.count();
    let out = sandbox.run(&["--db", db.to_str().unwrap(), "mail", "send"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for id in &doubtful {
        assert!(
            stdout(&out).contains(&format!("in doubt #{id}:")),
            "{}",
            stdout(&out)
        );
    }
    assert_eq!(sink.count(), before);
}
