//! `loket backup`, `loket restore` and `loket check` on the built binary:
//! round trips, copies taken while other processes write, and every refusal
//! (the file changed by none of them).

use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};

use rusqlite::Connection;
use serde_json::Value;

use crate::cli_support::{Sandbox, assert_refused, stderr, stdout};

/// The generated desk's admin and one of its agents (generate/people.rs).
const ADMIN: &str = "hanna";
const AGENT: &str = "anna";

/// A generated desk of 200 tickets in the sandbox.
fn desk(sb: &Sandbox, name: &str) -> String {
    let db = sb.path(name).to_string_lossy().into_owned();
    let out = sb.run(&[
        "--db",
        &db,
        "generate",
        "--tickets",
        "200",
        "--seed",
        "7",
        "--now",
        "2026-11-23T10:00:00Z",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

fn count(db: &str, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn tickets(db: &str) -> i64 {
    count(db, "SELECT count(*) FROM tickets")
}

fn new_ticket(sb: &Sandbox, db: &str, subject: &str) {
    let out = sb.run(&[
        "--db",
        db,
        "--agent",
        AGENT,
        "ticket",
        "new",
        "--subject",
        subject,
        "--customer",
        "eva@example.nl",
        "--body",
        "hello",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn check_json(sb: &Sandbox, db: &str) -> (Option<i32>, Value) {
    let out = sb.run(&["--db", db, "check", "--format", "json"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| {
        panic!("{e}: {} / {}", stdout(&out), stderr(&out));
    });
    (out.status.code(), doc)
}

/// Backup → change the desk → restore gives back exactly the backed-up
/// desk, and check finds both sound.
#[test]
fn a_backup_restores_the_desk_as_it_was() {
    let sb = Sandbox::new();
    let db = desk(&sb, "desk.db");
    let backup = sb.path("copy.db").to_string_lossy().into_owned();
    let out = sb.run(&["--db", &db, "--agent", ADMIN, "backup", &backup, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(written["tickets"], 200, "{written}");
    assert!(
        !sb.path(".copy.db.partial").exists(),
        "no partial file left"
    );
    let (code, found) = check_json(&sb, &backup);
    assert_eq!(
        (code, &found["sound"]),
        (Some(0), &Value::Bool(true)),
        "{found}"
    );
    assert!(found["rollup_rows"].as_i64().unwrap() > 0, "{found}");

    new_ticket(&sb, &db, "after the backup");
    assert_eq!(tickets(&db), 201);
    let out = sb.run(&["--db", &db, "--agent", ADMIN, "restore", &backup]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("restored"), "{}", stdout(&out));
    assert_eq!(
        tickets(&db),
        200,
        "the ticket made after the backup is gone"
    );
    let (code, found) = check_json(&sb, &db);
    assert_eq!(code, Some(0), "{found}");
    // The restored desk is a working desk again: WAL, writable.
    let mode: String = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    new_ticket(&sb, &db, "after the restore");

    // A restore onto a desk that does not exist yet (a new machine).
    let fresh = sb.path("fresh.db").to_string_lossy().into_owned();
    let out = sb.run(&["--db", &fresh, "restore", &backup, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(tickets(&fresh), 200);
    let out = sb.run(&[
        "--db", &db, "--lang", "nl", "--agent", ADMIN, "backup", &fresh, "--force",
    ]);
    assert!(
        stdout(&out).contains("Back-up geschreven"),
        "{}",
        stdout(&out)
    );
    assert_eq!(tickets(&fresh), 201, "--force replaced the file");
}

/// A `loket ticket new` loop in another process; stops when `stop` appears.
fn writer(sb: &Sandbox, db: &str, stop: &Path) -> Child {
    let loket = assert_cmd::cargo::cargo_bin("loket");
    let script = format!(
        "i=0; while [ ! -e '{stop}' ]; do i=$((i+1)); '{loket}' --db '{db}' --agent {AGENT} ticket new \
         --subject \"written during the backup $i\" --customer w$i@example.nl --body body >/dev/null || exit 1; done",
        stop = stop.display(),
        loket = loket.display(),
    );
    let mut cmd = StdCommand::new("sh");
    for (key, value) in sb.cmd().get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.arg("-c")
        .arg(script)
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

/// Backups taken while two other processes keep writing tickets: each
/// backup passes SQLite's checks and its rollups match its tickets (a torn
/// copy, half a write, would not), and it holds between the tickets there
/// were before and after it.
#[test]
fn backups_taken_while_other_processes_write_are_consistent() {
    let sb = Sandbox::new();
    let db = desk(&sb, "busy.db");
    let stop = sb.path("stop");
    let mut writers = [writer(&sb, &db, &stop), writer(&sb, &db, &stop)];
    // Let the writers get going.
    let started = std::time::Instant::now();
    while tickets(&db) < 205 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut seen = Vec::new();
    for i in 0..6 {
        let before = tickets(&db);
        let file = sb.path(&format!("b{i}.db")).to_string_lossy().into_owned();
        let out = sb.run(&["--db", &db, "--agent", ADMIN, "backup", &file]);
        assert!(out.status.success(), "{}", stderr(&out));
        let after = tickets(&db);
        let held = tickets(&file);
        assert!(
            before <= held && held <= after,
            "{before} <= {held} <= {after}"
        );
        let (code, found) = check_json(&sb, &file);
        assert_eq!(code, Some(0), "backup {i}: {found}");
        seen.push(held);
    }
    std::fs::write(&stop, "").unwrap();
    for w in &mut writers {
        assert!(w.wait().unwrap().success(), "a writer failed");
    }
    assert!(
        seen.first() < seen.last(),
        "the desk grew while the backups ran: {seen:?}"
    );
    let (code, found) = check_json(&sb, &db);
    assert_eq!(code, Some(0), "{found}");
}

#[test]
fn backup_refuses_an_existing_file_the_desk_itself_and_non_admins() {
    let sb = Sandbox::new();
    let db = desk(&sb, "desk.db");
    let there = sb.path("there.db");
    std::fs::write(&there, "keep me").unwrap();
    let there_s = there.to_string_lossy().into_owned();
    let out = sb.run(&["--db", &db, "--agent", ADMIN, "backup", &there_s]);
    assert_refused(&out, "exists already; pass --force");
    assert_eq!(std::fs::read_to_string(&there).unwrap(), "keep me");
    let out = sb.run(&["--db", &db, "--agent", ADMIN, "backup", &db, "--force"]);
    assert_refused(&out, "the desk itself");
    assert_eq!(tickets(&db), 200);
    let x = sb.path("x.db").to_string_lossy().into_owned();
    let out = sb.run(&["--db", &db, "--agent", AGENT, "backup", &x]);
    assert_refused(&out, "manage-desk");
    assert!(!sb.path("x.db").exists());
    let out = sb.run(&[
        "--db", &db, "--lang", "nl", "--agent", ADMIN, "backup", &there_s,
    ]);
    assert_refused(&out, "bestaat al");
}

#[test]
fn restore_refuses_foreign_newer_and_damaged_files_and_changes_nothing() {
    let sb = Sandbox::new();
    let db = desk(&sb, "desk.db");
    new_ticket(&sb, &db, "must survive");
    let restore = |file: &str| sb.run(&["--db", &db, "--agent", ADMIN, "restore", file]);

    let text = sb.path("notes.txt");
    std::fs::write(&text, "not a database at all, just some words here").unwrap();
    assert_refused(&restore(&text.to_string_lossy()), "not an SQLite database");

    let other = sb.path("other.db").to_string_lossy().into_owned();
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    assert_refused(&restore(&other), "another program");

    let backup = |name: &str| {
        let file = sb.path(name).to_string_lossy().into_owned();
        let out = sb.run(&["--db", &db, "--agent", ADMIN, "backup", &file]);
        assert!(out.status.success(), "{}", stderr(&out));
        file
    };
    let newer = backup("newer.db");
    Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999")
        .unwrap();
    assert_refused(&restore(&newer), "newer loket");

    let broken = backup("broken.db");
    Connection::open(&broken)
        .unwrap()
        .execute_batch(
            "PRAGMA foreign_keys = OFF; DELETE FROM customers WHERE id = (SELECT customer_id FROM tickets LIMIT 1);",
        )
        .unwrap();
    assert_refused(&restore(&broken), "not a sound loket backup");

    let missing = sb.path("missing.db").to_string_lossy().into_owned();
    let out = restore(&missing);
    assert!(!out.status.success());
    assert!(!sb.path("missing.db").exists(), "no file made up");

    assert_eq!(tickets(&db), 201, "the desk is untouched");
    let (code, found) = check_json(&sb, &db);
    assert_eq!(code, Some(0), "{found}");

    let good = backup("good.db");
    let out = sb.run(&["--db", &db, "--agent", AGENT, "restore", &good]);
    assert_refused(&out, "manage-desk");
}

/// A desk with another connection open, or an agent's console beating on
/// it, is not restored: the lock attempt and presence both refuse.
#[test]
fn restore_refuses_a_desk_in_use() {
    let sb = Sandbox::new();
    let db = desk(&sb, "desk.db");
    let copy = sb.path("copy.db").to_string_lossy().into_owned();
    let out = sb.run(&["--db", &db, "--agent", ADMIN, "backup", &copy]);
    assert!(out.status.success(), "{}", stderr(&out));
    new_ticket(&sb, &db, "must survive");

    // Another connection (any program) holds the desk open.
    let holder = Connection::open(&db).unwrap();
    let _: i64 = holder
        .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
        .unwrap();
    let out = sb.run(&["--db", &db, "--agent", ADMIN, "restore", &copy]);
    assert_refused(&out, "is in use");
    drop(holder);
    assert_eq!(tickets(&db), 201);

    // An agent's console beat a moment ago.
    let now = chrono::Utc::now().timestamp();
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE agents SET status = 'available', heartbeat_at = ?1 WHERE name = 'emma'",
            [now],
        )
        .unwrap();
    let out = sb.run(&["--db", &db, "--agent", ADMIN, "restore", &copy]);
    assert_refused(&out, "the console of emma");
    let out = sb.run(&[
        "--db", &db, "--lang", "nl", "--agent", ADMIN, "restore", &copy,
    ]);
    assert_refused(&out, "in gebruik");
    assert_eq!(tickets(&db), 201);

    // Signed off: the restore goes ahead.
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE agents SET status = 'offline' WHERE name = 'emma'",
            [],
        )
        .unwrap();
    let out = sb.run(&["--db", &db, "--agent", ADMIN, "restore", &copy]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(tickets(&db), 200);
}

/// check: sound desks exit 0; wrong rollups and broken references exit 1
/// with what is wrong, in text and JSON; nothing is changed by looking.
#[test]
fn check_finds_wrong_rollups_and_broken_references() {
    let sb = Sandbox::new();
    let db = desk(&sb, "desk.db");
    let out = sb.run(&["--db", &db, "check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("sound"), "{}", stdout(&out));

    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE rollups SET n = n + 1 WHERE (grouping, day, grp, measure) =
            (SELECT grouping, day, grp, measure FROM rollups WHERE grouping = 'desk' AND n > 0 LIMIT 1);",
    )
    .unwrap();
    let stored: i64 = count(&db, "SELECT sum(n) FROM rollups");
    let (code, found) = check_json(&sb, &db);
    assert_eq!(code, Some(1), "{found}");
    assert_eq!(found["sound"], false);
    let problems = found["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(
            |p| p["kind"] == "rollups" && p["detail"].as_str().unwrap().starts_with("rollups:")
        ),
        "{found}"
    );
    assert_eq!(
        count(&db, "SELECT sum(n) FROM rollups"),
        stored,
        "check changed nothing"
    );
    let out = sb.run(&["--db", &db, "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("rollup --rebuild"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("1 problem"), "{}", stderr(&out));
    let out = sb.run(&["--db", &db, "--agent", ADMIN, "rollup", "--rebuild"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(check_json(&sb, &db).0, Some(0));

    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; DELETE FROM customers WHERE id = (SELECT customer_id FROM tickets LIMIT 1);",
    )
    .unwrap();
    let (code, found) = check_json(&sb, &db);
    assert_eq!(code, Some(1), "{found}");
    assert!(
        found["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "foreign-key"),
        "{found}"
    );
    let out = sb.run(&["--db", &db, "--lang", "nl", "check"]);
    assert!(stderr(&out).contains("probleem"), "{}", stderr(&out));
}
