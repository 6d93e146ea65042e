//! `loket mail deliver|import|failed` on the built binary: the exit codes an
//! MTA acts on, Maildir marking and resuming, mbox, the quarantine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use crate::cli_support::{Sandbox, stderr, stdout};
use rusqlite::Connection;

fn mail(from: &str, id: &str, subject: &str, extra: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: support@desk.example\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n{extra}\r\n{body}\r\n"
    )
}

/// A new desk whose admin is the account running the tests: mail comes in
/// as the system, but failed mail is an admin's to retry or drop.
fn init(sandbox: &Sandbox) -> String {
    let db = sandbox.path("desk.db").display().to_string();
    sandbox.admin_desk(&db);
    db
}

fn deliver(sandbox: &Sandbox, db: &str, raw: &[u8], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--db", db, "mail", "deliver"];
    args.extend_from_slice(extra);
    sandbox
        .cmd()
        .args(&args)
        .write_stdin(raw.to_vec())
        .output()
        .unwrap()
}

fn count(db: &str, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn deliver_exits_0_when_taken_65_when_refused_with_the_raw_kept_and_75_when_the_desk_is_locked() {
    let sandbox = Sandbox::new();
    let db = init(&sandbox);
    let first = mail(
        "Eva <eva@example.nl>",
        "one@example.nl",
        "Printer",
        "",
        "It is broken.",
    );
    let out = deliver(&sandbox, &db, first.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "new ticket #1");
    let reply = mail(
        "eva@example.nl",
        "two@example.nl",
        "Re: Printer",
        "In-Reply-To: <one@example.nl>\r\n",
        "Still.",
    );
    let out = deliver(&sandbox, &db, reply.as_bytes(), &[]);
    assert_eq!(stdout(&out).trim(), "added to ticket #1");

    let junk = b"\x00\x01garbage with no headers\n\xff";
    let out = deliver(&sandbox, &db, junk, &[]);
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    assert!(stderr(&out).contains("(unparsable)"), "{}", stderr(&out));
    let kept: Vec<u8> = Connection::open(&db)
        .unwrap()
        .query_row("SELECT raw FROM mail_quarantine", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, junk);

    // Another writer holds a write transaction: try again later, nothing written.
    let holder = Connection::open(&db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE tickets SET updated_at = updated_at;")
        .unwrap();
    let third = mail("piet@example.nl", "three@example.nl", "Toner", "", "Empty.");
    let out = deliver(&sandbox, &db, third.as_bytes(), &["--wait", "1"]);
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    assert!(stderr(&out).contains("try again later"), "{}", stderr(&out));
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM tickets"), 1);
    // The MTA's retry goes in.
    let out = deliver(&sandbox, &db, third.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(count(&db, "SELECT count(*) FROM tickets"), 2);
}

#[test]
fn deliver_answers_75_for_a_database_it_cannot_open() {
    let sandbox = Sandbox::new();
    let not_a_db = sandbox.path("notes.txt");
    std::fs::write(
        &not_a_db,
        "these are not the tickets you are looking for, not at all, no",
    )
    .unwrap();
    let out = deliver(
        &sandbox,
        &not_a_db.display().to_string(),
        b"From: a@b.nl\r\n\r\nx",
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(75),
        "the MTA keeps the mail: {}",
        stderr(&out)
    );
}

fn maildir(root: &Path) {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
}

#[test]
fn import_marks_a_maildir_the_maildir_way_and_takes_each_mail_once() {
    let sandbox = Sandbox::new();
    let db = init(&sandbox);
    let dir = sandbox.path("Maildir");
    maildir(&dir);
    std::fs::write(
        dir.join("new/1796000001.M1P1.host"),
        mail("eva@example.nl", "m1@example.nl", "Printer", "", "Broken."),
    )
    .unwrap();
    std::fs::write(
        dir.join("new/1796000002.M2P1.host"),
        mail(
            "eva@example.nl",
            "m2@example.nl",
            "Re: Printer",
            "In-Reply-To: <m1@example.nl>\r\n",
            "Still broken.",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("cur/1796000000.M0P1.host:2,F"),
        mail("piet@example.nl", "m0@example.nl", "Toner", "", "Empty."),
    )
    .unwrap();
    let dirs = dir.display().to_string();
    let out = sandbox.run(&["--db", &db, "mail", "import", &dirs, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let counts: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(counts["taken"], 3);
    assert_eq!(counts["new_tickets"], 2);
    assert_eq!(counts["threaded"], 1);
    assert_eq!(counts["duplicates"], 0);
    let mut names: Vec<String> = std::fs::read_dir(dir.join("cur"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "1796000000.M0P1.host:2,FS",
            "1796000001.M1P1.host:2,S",
            "1796000002.M2P1.host:2,S"
        ]
    );
    assert_eq!(std::fs::read_dir(dir.join("new")).unwrap().count(), 0);

    // New mail arrives; the import runs again (and again): each mail once.
    std::fs::write(
        dir.join("new/1796000003.M3P1.host"),
        mail(
            "eva@example.nl",
            "m3@example.nl",
            "Re: Printer",
            "References: <m1@example.nl> <m2@example.nl>\r\n",
            "Hello?",
        ),
    )
    .unwrap();
    for round in 0..2 {
        let out = sandbox.run(&["--db", &db, "mail", "import", &dirs]);
        assert!(out.status.success(), "{}", stderr(&out));
        let expected = if round == 0 {
            "taken 1 (threaded 1, new tickets 0, survey answers 0), duplicates 3"
        } else {
            "taken 0 (threaded 0, new tickets 0, survey answers 0), duplicates 4"
        };
        assert!(stdout(&out).contains(expected), "{}", stdout(&out));
    }
    assert_eq!(count(&db, "SELECT count(*) FROM tickets"), 2);
    assert_eq!(count(&db, "SELECT count(*) FROM messages"), 4);
}

#[test]
fn import_reads_an_mbox_and_a_second_run_takes_nothing() {
    let sandbox = Sandbox::new();
    let db = init(&sandbox);
    let mbox = sandbox.path("support.mbox");
    let mut text = String::new();
    for (i, (from, subject, extra)) in [
        ("eva@example.nl", "Printer", ""),
        (
            "eva@example.nl",
            "Re: Printer",
            "In-Reply-To: <x0@example.nl>\r\n",
        ),
        (
            "karin@example.nl",
            "Afwezig",
            "Auto-Submitted: auto-replied\r\n",
        ),
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!("From {from} Mon Nov 30 09:0{i}:00 2026\n"));
        text.push_str(
            &mail(
                from,
                &format!("x{i}@example.nl"),
                subject,
                extra,
                ">From the office: text.",
            )
            .replace("\r\n", "\n"),
        );
        text.push('\n');
    }
    std::fs::write(&mbox, text).unwrap();
    let path = mbox.display().to_string();
    let out = sandbox.run(&["--db", &db, "mail", "import", &path, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let counts: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (
            counts["taken"].as_i64(),
            counts["new_tickets"].as_i64(),
            counts["threaded"].as_i64()
        ),
        (Some(3), Some(2), Some(1))
    );
    let out = sandbox.run(&["--db", &db, "mail", "import", &path, "--json"]);
    let counts: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (counts["taken"].as_i64(), counts["duplicates"].as_i64()),
        (Some(0), Some(3))
    );
    let body: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT body FROM messages WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        body, "From the office: text.",
        "a body line starting with From is kept"
    );
}

#[test]
fn failed_lists_retries_and_drops_kept_mail() {
    let sandbox = Sandbox::new();
    let db = init(&sandbox);
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('mail.sender_limit', '1')",
            [],
        )
        .unwrap();
    let out = sandbox.run(&["--db", &db, "mail", "failed"]);
    assert_eq!(stdout(&out).trim(), "No failed mail.");
    deliver(
        &sandbox,
        &db,
        mail("bot@loop.example", "r1@loop.example", "Ping", "", "1").as_bytes(),
        &[],
    );
    let out = deliver(
        &sandbox,
        &db,
        mail("bot@loop.example", "r2@loop.example", "Ping again", "", "2").as_bytes(),
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "kept aside is taken for the MTA"
    );
    assert!(
        stdout(&out).contains("kept aside as failed mail 1 (rate_limited)"),
        "{}",
        stdout(&out)
    );
    deliver(&sandbox, &db, b"\x00junk", &[]);

    let out = sandbox.run(&["--db", &db, "mail", "failed"]);
    let listing = stdout(&out);
    assert!(
        listing.contains("rate_limited")
            && listing.contains("bot@loop.example")
            && listing.contains("Ping again"),
        "{listing}"
    );
    assert!(listing.contains("unparsable"), "{listing}");
    let out = sandbox.run(&["--db", &db, "mail", "failed", "--json"]);
    let entries: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 2);
    assert_eq!(entries[0]["reason"], "rate_limited");
    assert_eq!(entries[0]["sender"], "bot@loop.example");
    assert_eq!(entries[0]["subject"], "Ping again");
    assert!(entries[0]["size"].as_i64().unwrap() > 0);

    // An agent may not take kept mail in or drop it: that is the desk's mail.
    let out = sandbox.run(&["--db", &db, "agent", "add", "anna", "--role", "agent"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = std::fs::read(&db).unwrap();
    for action in [&["retry", "1"][..], &["drop", "1"][..]] {
        let mut args = vec!["--db", db.as_str(), "--agent", "anna", "mail", "failed"];
        args.extend_from_slice(action);
        let out = sandbox.run(&args);
        assert_eq!(out.status.code(), Some(2), "{action:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("'manage-mail'"), "{}", stderr(&out));
    }
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "a refusal changes nothing"
    );

    let out = sandbox.run(&["--db", &db, "mail", "failed", "retry", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "Failed mail 1: new ticket #2");
    let out = sandbox.run(&["--db", &db, "mail", "failed", "retry", "--all"]);
    assert!(
        stdout(&out).contains("Failed mail 2: kept aside as failed mail 2 (unparsable)"),
        "{}",
        stdout(&out)
    );
    let out = sandbox.run(&["--db", &db, "mail", "failed", "drop", "2"]);
    assert_eq!(stdout(&out).trim(), "Failed mail 2 dropped.");
    let out = sandbox.run(&["--db", &db, "mail", "failed", "drop", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("quarantined mail 2"),
        "{}",
        stderr(&out)
    );
    let out = sandbox.run(&["--db", &db, "mail", "failed", "retry"]);
    assert_eq!(out.status.code(), Some(2));
    let out = sandbox.run(&["--db", &db, "--lang", "nl", "mail", "failed"]);
    assert_eq!(stdout(&out).trim(), "Geen mislukte mail.");
}

#[test]
fn an_import_killed_halfway_loses_and_duplicates_nothing() {
    let sandbox = Sandbox::new();
    let db = init(&sandbox);
    let dir = sandbox.path("Maildir");
    maildir(&dir);
    const MAILS: usize = 1500;
    for i in 0..MAILS {
        // Every third mail answers the one before it, so threads span batches.
        let extra = if i % 3 == 2 {
            format!("In-Reply-To: <k{}@example.nl>\r\n", i - 1)
        } else {
            String::new()
        };
        std::fs::write(
            dir.join(format!("new/{}.M{i}P1.host", 1_796_000_000 + i)),
            mail(
                &format!("klant{i}@example.nl"),
                &format!("k{i}@example.nl"),
                &format!("Vraag {i}"),
                &extra,
                "Hallo.",
            ),
        )
        .unwrap();
    }
    let dirs = dir.display().to_string();
    let home = sandbox.path("home");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .env_clear()
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("LANG", "C.UTF-8")
        .args(["--db", &db, "mail", "import", &dirs, "--batch", "20"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill -9 once some batches are in, while it is still going.
    let started = std::time::Instant::now();
    loop {
        let taken = Connection::open(&db)
            .and_then(|c| {
                c.query_row("SELECT count(*) FROM mail_messages", [], |r| {
                    r.get::<_, i64>(0)
                })
            })
            .unwrap_or(0);
        if taken >= 100 || started.elapsed() > std::time::Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = count(&db, "SELECT count(*) FROM mail_messages");
    assert!(
        before > 0 && (before as usize) < MAILS,
        "killed halfway: {before} of {MAILS} taken"
    );
    assert_eq!(before % 20, 0, "whole batches only: {before}");

    let out = sandbox.run(&["--db", &db, "mail", "import", &dirs, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let counts: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(counts["quarantined"], 0);
    assert_eq!(
        counts["taken"].as_i64().unwrap() + counts["duplicates"].as_i64().unwrap(),
        MAILS as i64
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM mail_messages"),
        MAILS as i64,
        "each mail once"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM messages"), MAILS as i64);
    assert_eq!(
        count(&db, "SELECT count(*) FROM tickets"),
        (MAILS - MAILS / 3) as i64
    );
    assert_eq!(std::fs::read_dir(dir.join("new")).unwrap().count(), 0);
    assert_eq!(std::fs::read_dir(dir.join("cur")).unwrap().count(), MAILS);
}
