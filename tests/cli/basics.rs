//! Command-line tests on the built binary: help, init, generate, paths and
//! the refusal cases, each with its exit code and message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use crate::cli_support::{Sandbox, assert_refused, stderr, stdout};
use rusqlite::Connection;

#[test]
fn every_command_has_help() {
    let sb = Sandbox::new();
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["generate", "--help"],
        vec!["init", "--help"],
        vec!["paths", "--help"],
    ] {
        let out = sb.run(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("Usage: loket"), "{args:?}: {text}");
    }
    let top = stdout(&sb.run(&["--help"]));
    for word in [
        "demo",
        "generate",
        "init",
        "paths",
        "--db",
        "--agent",
        "--lang",
        "--read-only",
    ] {
        assert!(top.contains(word), "--help mentions {word}");
    }
}

#[test]
fn version_and_paths_show_the_files_in_use() {
    let sb = Sandbox::new();
    let out = sb.run(&["--version"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("loket {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    let data = sb.path("home/data/loket/loket.db");
    assert!(text.contains(&data.display().to_string()), "{text}");

    let out = sb.run(&["paths"]);
    let text = stdout(&out);
    assert!(
        text.contains(&format!("database: {}", data.display())),
        "{text}"
    );
    assert!(
        text.contains(
            &sb.path("home/config/loket/keymap.toml")
                .display()
                .to_string()
        ),
        "{text}"
    );
    assert!(
        text.contains(&sb.path("home/state/loket/loket.log").display().to_string()),
        "{text}"
    );

    // --db beats $LOKET_DB beats the default.
    let out = sb
        .cmd()
        .env("LOKET_DB", "/elsewhere/env.db")
        .args(["paths"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("database: /elsewhere/env.db"));
    let out = sb
        .cmd()
        .env("LOKET_DB", "/elsewhere/env.db")
        .args(["--db", "/x/flag.db", "paths"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("database: /x/flag.db"));
}

#[test]
fn init_creates_a_loket_database() {
    let sb = Sandbox::new();
    let db = sb.path("desk.db");
    let out = sb.run(&["--db", db.to_str().unwrap(), "init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let schema = format!("schema {}", loket::store::migrate::CURRENT_VERSION);
    assert!(stdout(&out).contains(&schema), "{}", stdout(&out));
    let conn = Connection::open(&db).unwrap();
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, loket::store::APPLICATION_ID);
    // Dutch.
    let out = sb.run(&["--lang", "nl", "--db", db.to_str().unwrap(), "init"]);
    assert!(stdout(&out).contains("aangemaakt"), "{}", stdout(&out));
}

fn file_state(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn refuses_files_that_are_not_loket_databases() {
    let sb = Sandbox::new();

    let text = sb.path("notes.txt");
    std::fs::write(&text, "not a database\n".repeat(100)).unwrap();
    let before = file_state(&text);
    // `init`, and the console itself (no command), both refuse before anything else.
    for args in [vec!["init"], vec![]] {
        let mut all = vec!["--db", text.to_str().unwrap()];
        all.extend(args.iter().copied());
        assert_refused(&sb.run(&all), "not an SQLite database");
    }
    assert_eq!(file_state(&text), before);

    let foreign = sb.path("other.sqlite");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE x (y); PRAGMA journal_mode=DELETE;")
        .unwrap();
    let before = file_state(&foreign);
    assert_refused(
        &sb.run(&["--db", foreign.to_str().unwrap()]),
        "another program",
    );
    assert_eq!(file_state(&foreign), before);

    let newer = sb.path("newer.db");
    sb.run(&["--db", newer.to_str().unwrap(), "init"]);
    {
        let c = Connection::open(&newer).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = file_state(&newer);
    assert_refused(&sb.run(&["--db", newer.to_str().unwrap()]), "newer loket");
    assert_refused(
        &sb.run(&["--lang", "nl", "--db", newer.to_str().unwrap()]),
        "nieuwere loket",
    );
    assert_eq!(file_state(&newer), before);
}

#[test]
fn bad_arguments_exit_2_and_say_what_to_fix() {
    let sb = Sandbox::new();
    let out = sb.run(&["--lang", "de", "paths"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("use en or nl"), "{}", stderr(&out));

    let out = sb.run(&["generate", "--tickets", "many"]);
    assert_eq!(out.status.code(), Some(2));

    let out = sb.run(&["generate", "--now", "yesterday", "--db", "x.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("RFC 3339"), "{}", stderr(&out));

    // generate never falls back to the default database.
    assert_refused(&sb.run(&["generate"]), "needs --db");
    assert!(!sb.path("home/data/loket/loket.db").exists());
}

#[test]
fn unknown_agent_is_refused_with_the_known_ones() {
    let sb = Sandbox::new();
    let db = sb.path("desk.db");
    sb.run(&["--db", db.to_str().unwrap(), "init"]);
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO agents (name, display_name, created_at) VALUES ('anna', 'Anna de Vries', 0)",
            [],
        )
        .unwrap();
    assert_refused(
        &sb.run(&["--db", db.to_str().unwrap(), "--agent", "piet"]),
        "No agent is named 'piet'. Known agents: anna",
    );
}

#[test]
fn demo_never_touches_the_real_database() {
    let sb = Sandbox::new();
    let real = sb.path("home/data/loket/loket.db");
    sb.run(&["init"]);
    assert!(real.exists());
    let before = file_state(&real);
    assert_refused(
        &sb.run(&["demo", "--db", real.to_str().unwrap()]),
        "real database",
    );
    assert_eq!(file_state(&real), before);
}

#[test]
fn export_and_import_on_the_command_line() {
    let sb = Sandbox::new();
    let db = sb.path("desk.db");
    let db_arg = db.to_str().unwrap();
    sb.admin_desk(db_arg);
    let csv = sb.path("in.csv");
    std::fs::write(
        &csv,
        "Titel,Mail,Prio\nFactuur te hoog,joost@example.nl,high\n=cmd|' /C calc'!A0,x@example.nl,low\n",
    )
    .unwrap();
    let out = sb.run(&[
        "--db",
        db_arg,
        "import",
        csv.to_str().unwrap(),
        "--map",
        "subject=Titel,customer_email=Mail,priority=Prio",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    assert_eq!(report["tickets"], 2);

    let json_file = sb.path("desk.json");
    let out = sb.run(&[
        "--db",
        db_arg,
        "export",
        "--out",
        json_file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert_eq!(doc["tickets"].as_array().unwrap().len(), 2);
    assert!(!sb.path("desk.json.partial").exists());
    assert_eq!(
        stdout(&out).trim_end(),
        format!("Exported 2 tickets to {}.", json_file.display()),
        "the end line, once the file is in place"
    );
    let csv_file = sb.path("desk.csv");
    let out = sb.run(&[
        "--lang",
        "nl",
        "--db",
        db_arg,
        "export",
        "--format",
        "csv",
        "--out",
        csv_file.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim_end(),
        format!("2 tickets geëxporteerd naar {}.", csv_file.display())
    );
    assert_eq!(
        std::fs::read_to_string(&csv_file).unwrap().lines().count(),
        3
    );
    // A file that cannot be put in place: no end line, no file.
    let nowhere = sb.path("no-such-dir/desk.json");
    let out = sb.run(&["--db", db_arg, "export", "--out", nowhere.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(!stdout(&out).contains("Exported"), "{}", stdout(&out));
    assert!(!nowhere.exists());

    let out = sb.run(&["--db", db_arg, "export", "--format", "csv"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("'=cmd|"),
        "formula neutralised: {}",
        stdout(&out)
    );

    // Into a second desk, then a broken file changes nothing and exits 2.
    let other = sb.path("other.db");
    sb.admin_desk(other.to_str().unwrap());
    let out = sb.run(&[
        "--db",
        other.to_str().unwrap(),
        "import",
        json_file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Imported 2 tickets"),
        "{}",
        stdout(&out)
    );
    let broken = sb.path("broken.json");
    std::fs::write(
        &broken,
        std::fs::read_to_string(&json_file)
            .unwrap()
            .replace("\"subject\": \"Factuur te hoog\"", "\"subject\": 42"),
    )
    .unwrap();
    let fresh = sb.path("fresh.db");
    let out = sb.run(&[
        "--db",
        fresh.to_str().unwrap(),
        "import",
        broken.to_str().unwrap(),
    ]);
    assert_refused(
        &out,
        "tickets[0].subject: invalid type: integer `42`, expected a string",
    );
    assert!(
        stderr(&out).contains("Nothing was imported"),
        "{}",
        stderr(&out)
    );
    assert!(
        !fresh.exists(),
        "a file that does not parse never gets as far as the database"
    );
    // A file that parses but refers to an unknown agent is refused inside the transaction.
    sb.admin_desk(fresh.to_str().unwrap());
    let unknown = sb.path("unknown.json");
    let text = std::fs::read_to_string(&json_file).unwrap();
    let text = text.replacen("\"assignee\": null", "\"assignee\": \"piet\"", 1);
    std::fs::write(&unknown, text).unwrap();
    let out = sb.run(&[
        "--db",
        fresh.to_str().unwrap(),
        "import",
        unknown.to_str().unwrap(),
    ]);
    assert_refused(&out, "no agent named 'piet'");
    let n: i64 = Connection::open(&fresh)
        .unwrap()
        .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let out = sb.run(&[
        "--db",
        fresh.to_str().unwrap(),
        "import",
        sb.path("missing.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.json"), "{}", stderr(&out));
}

#[test]
fn a_broken_keymap_is_named_before_the_screen_is_taken() {
    let sb = Sandbox::new();
    let db = sb.path("desk.db");
    sb.run(&["--db", db.to_str().unwrap(), "init"]);
    let config = sb.path("home/config/loket");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("keymap.toml"), "[keys]\nfly = [\"f\"]\n").unwrap();
    let out = sb.run(&["--db", db.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("keymap.toml") && err.contains("fly"), "{err}");
    assert!(
        stdout(&out).is_empty(),
        "no screen drawn: {:?}",
        stdout(&out)
    );
}
