//! `loket mail setup` and `loket mail status` on the built binary: settings
//! written checked and all or nothing, never a password, the outbox counted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_support::{Sandbox, assert_refused, stderr, stdout};
use rusqlite::Connection;

fn desk(sb: &Sandbox) -> String {
    let db = sb.path("desk.db").display().to_string();
    sb.admin_desk(&db);
    db
}

fn stored(db: &str) -> Vec<(String, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT key, value FROM settings WHERE key LIKE 'mail.%' ORDER BY key")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn setup_writes_checked_settings_and_prints_them() {
    let sb = Sandbox::new();
    let db = desk(&sb);
    let conn = Connection::open(&db).unwrap();
    conn.execute("INSERT INTO teams (name) VALUES ('Billing')", [])
        .unwrap();
    drop(conn);
    let out = sb.run(&[
        "--db",
        &db,
        "mail",
        "setup",
        "--address",
        "Support <support@example.nl>",
        "--team-address",
        "billing=Billing <billing@example.nl>",
        "--transport",
        "smtp",
        "--smtp-host",
        "relay.example.nl",
        "--smtp-user",
        "desk",
        "--smtp-password-file",
        "/etc/loket/relay-password",
        "--survey-delay",
        "2d",
        "--smtp-ca-file",
        "/etc/loket/relay-ca.pem",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Mail settings saved."), "{text}");
    assert!(text.contains("smtp: relay.example.nl:587 (starttls), user desk, password from file /etc/loket/relay-password"), "{text}");
    assert!(
        text.contains("Billing: Billing <billing@example.nl>"),
        "the team's name as the desk spells it: {text}"
    );
    assert!(text.contains("2d after the solve"), "{text}");
    assert!(
        text.contains("certificates checked against /etc/loket/relay-ca.pem"),
        "{text}"
    );
    assert!(
        text.contains("/etc/loket/relay-password cannot be read here"),
        "warns of the missing file: {text}"
    );
    let settings = stored(&db);
    assert!(
        settings.contains(&(
            "mail.team.Billing".into(),
            "Billing <billing@example.nl>".into()
        )),
        "{settings:?}"
    );
    assert!(settings.contains(&("mail.transport".into(), "smtp".into())));
    assert!(
        settings
            .iter()
            .all(|(k, _)| !k.contains("password") || k.ends_with("password_file")),
        "no password is ever stored: {settings:?}"
    );

    let out = sb.run(&["--db", &db, "mail", "status", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["settings"]["transport"], "smtp");
    assert_eq!(json["settings"]["sends"], true);
    assert_eq!(json["settings"]["survey_delay_s"], 172_800);
    assert_eq!(
        json["settings"]["smtp_password_from"],
        "file /etc/loket/relay-password"
    );
    assert_eq!(json["queued"], 0);

    let out = sb.run(&["--db", &db, "mail", "setup", "--unset", "mail.team.Billing"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stored(&db).iter().any(|(k, _)| k.starts_with("mail.team.")));
}

#[test]
fn a_refused_setting_changes_nothing() {
    let sb = Sandbox::new();
    let db = desk(&sb);
    let ok = sb.run(&[
        "--db",
        &db,
        "mail",
        "setup",
        "--address",
        "help@example.nl",
        "--hook",
        "[Ticket#{id}]",
    ]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = stored(&db);
    for (args, needle) in [
        (
            vec!["--transport", "pigeon"],
            "choose smtp, sendmail or none",
        ),
        (
            vec!["--hook", "{id}", "--sender-limit", "5"],
            "needs text around {id}",
        ),
        (vec!["--transport", "smtp"], "add --smtp-host"),
        (vec!["--address", "Support"], "is not an e-mail address"),
        (
            vec!["--team-address", "Nobody=x@example.nl"],
            "there is no team 'Nobody'",
        ),
        (vec!["--team-address", "Billing"], "needs TEAM=ADDRESS"),
        (vec!["--max-size", "big"], "write one like 25MB"),
        (vec!["--unset", "mail.pasword"], "is not a mail setting"),
    ] {
        let mut all = vec!["--db", db.as_str(), "mail", "setup"];
        all.extend(args.iter().copied());
        let out = sb.run(&all);
        assert_refused(&out, needle);
        assert_eq!(stored(&db), before, "{args:?} changed nothing");
    }
}

#[test]
fn status_counts_the_outbox_and_speaks_dutch() {
    let sb = Sandbox::new();
    let db = desk(&sb);
    let conn = Connection::open(&db).unwrap();
    let now = chrono::Utc::now().timestamp();
    for (i, (state, lease, error)) in [
        ("queued", None, None),
        ("queued", None, None),
        ("sending", Some(now - 600), None),
        ("failed", None, Some("550 5.1.1 mailbox unknown")),
        ("bounced", None, Some("5.2.2 mailbox full")),
        ("sent", None, None),
    ]
    .into_iter()
    .enumerate()
    {
        conn.execute(
            "INSERT INTO outbox (kind, mail_id, from_addr, to_addr, subject, body, state, next_attempt_at, lease_until, last_error, sent_at, created_at)
             VALUES ('reply', ?1, 'help@example.nl', ?2, 's', 'b', ?3, ?4, ?5, ?6, ?4, ?4)",
            rusqlite::params![format!("m{i}@x"), format!("c{i}@example.nl"), state, now - 120, lease, error],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO mail_quarantine (reason, detail, size, raw, received_at) VALUES ('unparsable', 'x', 3, x'414243', ?1)",
        [now - 7200],
    )
    .unwrap();
    drop(conn);
    let out = sb.run(&["--db", &db, "mail", "status"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "queued 2, sending 0, in doubt 1, sent 1 (1 in the last 24 h), failed 1, bounced 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("the oldest queued mail waits since 2 min ago"),
        "{text}"
    );
    assert!(
        text.contains("nothing sends it"),
        "no transport is set: {text}"
    );
    assert!(
        text.contains("failed    c3@example.nl (2 min ago): 550 5.1.1 mailbox unknown"),
        "{text}"
    );
    assert!(text.contains("in doubt  c2@example.nl"), "{text}");
    assert!(text.contains("1 kept aside, the latest 2 h ago"), "{text}");

    let out = sb.run(&["--db", &db, "--lang", "nl", "mail", "status"]);
    let text = stdout(&out);
    assert!(text.contains("in de wachtrij 2"), "{text}");
    assert!(text.contains("Apart gehouden"), "{text}");

    let out = sb.run(&["--db", &db, "--read-only", "mail", "status", "--json"]);
    assert!(
        out.status.success(),
        "status works read-only: {}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (json["in_doubt"].as_i64(), json["quarantined"].as_i64()),
        (Some(1), Some(1))
    );
}
