//! Who may do what (issue 12, docs/SECURITY.md): every write command of the
//! command line, and every write the console sends, as an agent, a
//! supervisor, an admin and an account that is no agent, with the team
//! restriction on and off. Allowed writes succeed; every refusal exits 2,
//! names the right that is missing (or the fence, or the unknown account),
//! and leaves the database file byte for byte as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_support;
use std::path::{Path, PathBuf};

use crate::cli_support::{Sandbox, stderr};
use loket::domain::Role;
use loket::store::rights::{self, Refusal, Right};

/// Who runs a command. The desk trusts `--agent` (a test desk), and has no
/// agent named like the test account, so without `--agent` the account is
/// unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Agent,
    Supervisor,
    Admin,
    Unknown,
}

impl Who {
    const ALL: [Who; 4] = [Who::Agent, Who::Supervisor, Who::Admin, Who::Unknown];

    fn flag(self) -> Option<&'static str> {
        match self {
            Who::Agent => Some("anna"),
            Who::Supervisor => Some("sem"),
            Who::Admin => Some("ada"),
            Who::Unknown => None,
        }
    }

    fn role(self) -> Option<Role> {
        match self {
            Who::Agent => Some(Role::Agent),
            Who::Supervisor => Some(Role::Supervisor),
            Who::Admin => Some(Role::Admin),
            Who::Unknown => None,
        }
    }
}

/// One write command: its arguments, the right it needs, and whether it
/// touches ticket 2 (team Tech; anna is in Billing), which the fence guards.
struct Case {
    args: Vec<String>,
    right: Right,
    fenced: bool,
}

fn case(args: &[&str], right: Right, fenced: bool) -> Case {
    Case {
        args: args.iter().map(|s| s.to_string()).collect(),
        right,
        fenced,
    }
}

fn cases(dir: &Path) -> Vec<Case> {
    let article = dir.join("article.md");
    std::fs::write(
        &article,
        "---\ntitle: Refunds\ncategory: billing\n---\nRefunds take five days.\n",
    )
    .unwrap();
    // A new ticket that links to ticket 2 (Tech's): an import reaching into
    // an existing ticket passes the fence as any other write does.
    let linking = dir.join("linking.json");
    std::fs::write(
        &linking,
        r#"{"format": "loket-desk", "version": 1, "tickets": [{
            "external_id": "EXT-1", "subject": "Same bug", "customer": "e@x.nl",
            "channel": "email", "status": "new", "priority": "normal",
            "created_at": "2026-11-23T08:12:00Z",
            "links": [{"kind": "related", "ticket": "loket-2"}]}]}"#,
    )
    .unwrap();
    let linking = linking.to_string_lossy().into_owned();
    let terms = dir.join("terms.pdf");
    std::fs::write(&terms, b"%PDF terms").unwrap();
    let terms = terms.to_string_lossy().into_owned();
    let csv = dir.join("tickets.csv");
    std::fs::write(&csv, "subject,customer_email\nPrinter jam,p@example.nl\n").unwrap();
    let (article, csv) = (
        article.to_string_lossy().into_owned(),
        csv.to_string_lossy().into_owned(),
    );
    use Right::*;
    vec![
        case(
            &["ticket", "reply", "2", "--body", "On it."],
            WorkTickets,
            true,
        ),
        case(
            &["ticket", "reply", "2", "--body", "VIP", "--internal"],
            WorkTickets,
            true,
        ),
        case(
            &["ticket", "set", "2", "--status", "pending"],
            WorkTickets,
            true,
        ),
        case(
            &["ticket", "set", "2", "--priority", "high"],
            WorkTickets,
            true,
        ),
        case(&["ticket", "set", "2", "--tag", "+vip"], WorkTickets, true),
        case(&["ticket", "set", "2", "--tier", "2"], WorkTickets, true),
        case(
            &["ticket", "set", "2", "--assignee", "me"],
            WorkTickets,
            true,
        ),
        case(&["ticket", "set", "2", "--team", "Billing"], Reassign, true),
        case(
            &["ticket", "set", "1", "--assignee", "ada"],
            Reassign,
            false,
        ),
        case(
            &["escalate", "2", "--tier", "--reason", "needs tier 2"],
            WorkTickets,
            true,
        ),
        case(
            &[
                "ticket",
                "new",
                "--subject",
                "Hi",
                "--customer",
                "n@example.nl",
            ],
            WorkTickets,
            false,
        ),
        case(&["next"], WorkTickets, false),
        case(&["import", &csv], WorkTickets, false),
        case(&["import", &linking], WorkTickets, true),
        case(
            &[
                "canned",
                "add",
                "--title",
                "Thanks",
                "--shortcut",
                "thx",
                "--body",
                "Thanks!",
            ],
            ManageCanned,
            false,
        ),
        case(&["kb", "add", &article], ManageKb, false),
        case(&["escalate", "--once"], Reassign, false),
        case(&["agent", "add", "piet"], ManageAgents, false),
        case(
            &["agent", "set", "bram", "--tier", "2"],
            ManageAgents,
            false,
        ),
        case(
            &["agent", "set", "bram", "--role", "supervisor"],
            ManageRoles,
            false,
        ),
        case(&["agent", "rm", "bram"], ManageAgents, false),
        case(&["agent", "restrict", "off"], ManageRestriction, false),
        case(&["desk", "identity", "account"], ManageRestriction, false),
        case(
            &["sla", "set", "urgent", "--first-response", "15m"],
            ManageSla,
            false,
        ),
        case(&["escalate", "--threshold", "30"], ManageSla, false),
        case(&["hours", "set", "sat", "10:00-14:00"], ManageHours, false),
        case(
            &["hours", "holiday", "add", "2026-12-25", "Christmas"],
            ManageHours,
            false,
        ),
        case(
            &[
                "route", "add", "--field", "channel", "--value", "phone", "--team", "Tech",
            ],
            ManageRoutes,
            false,
        ),
        case(
            &["mail", "setup", "--address", "support@example.nl"],
            ManageMail,
            false,
        ),
        case(&["rollup", "--rebuild"], ManageDesk, false),
        // The e-mail channel's writes (issue 11).
        case(
            &[
                "ticket", "reply", "2", "--body", "Terms.", "--attach", &terms,
            ],
            WorkTickets,
            true,
        ),
        case(
            &[
                "canned",
                "add",
                "--title",
                "Terms",
                "--shortcut",
                "terms",
                "--body",
                "Attached.",
                "--attach",
                &terms,
            ],
            ManageCanned,
            false,
        ),
        case(&["mail", "retry", "1"], WorkTickets, true),
        case(&["mail", "retry", "--ticket", "2"], WorkTickets, true),
        case(&["mail", "failed", "retry", "1"], ManageMail, false),
        case(&["mail", "failed", "drop", "1"], ManageMail, false),
        case(
            &["customer", "surveys", "e@x.nl", "off"],
            WorkTickets,
            false,
        ),
    ]
}

/// The desk every case starts from: anna (agent, Billing), sem (supervisor,
/// Billing), ada (admin), bram (agent, Tech); ticket 1 is Billing's, 2 Tech's.
fn template(sb: &Sandbox, restricted: bool) -> PathBuf {
    let db = sb.path(if restricted { "on.db" } else { "off.db" });
    {
        let conn = loket::store::open(
            &db,
            loket::store::OpenMode::ReadWrite,
            &loket::clock::SystemClock,
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO teams (id, name) VALUES (1, 'Billing'), (2, 'Tech');
             INSERT INTO agents (id, name, display_name, role, created_at) VALUES
                (1, 'anna', 'Anna', 'agent', 0), (2, 'sem', 'Sem', 'supervisor', 0),
                (3, 'ada', 'Ada', 'admin', 0), (4, 'bram', 'Bram', 'agent', 0);
             INSERT INTO agent_teams VALUES (1, 1), (2, 1), (4, 2);
             INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'e@x.nl', 0, 0);
             INSERT INTO tickets (id, subject, customer_id, channel, status, priority, team_id, created_at, updated_at) VALUES
                (1, 'bill', 1, 'email', 'new', 'normal', 1, 0, 0),
                (2, 'bug', 1, 'email', 'open', 'normal', 2, 0, 0);
             INSERT INTO outbox (id, kind, ticket_id, mail_id, from_addr, to_addr, subject, body, state, next_attempt_at, last_error, created_at)
                VALUES (1, 'reply', 2, 'loket.2.aa@x.nl', 'support@x.nl', 'e@x.nl', '[#2] bug', 'On it.', 'failed', 0, '550 no such user', 0);
             INSERT INTO mail_quarantine (id, reason, detail, size, raw, received_at)
                VALUES (1, 'unparsable', 'not a mail', 7, x'67617262616765', 0);
             INSERT INTO settings (key, value) VALUES ('mail.address', 'support@x.nl'), ('mail.transport', 'sendmail');",
        )
        .unwrap();
        loket::store::write_shared(&conn, &loket::clock::SystemClock, |tx| {
            loket::store::visibility::set_restricted(tx, restricted)?;
            // A test desk: --agent is believed (as it is for root and admins'
            // accounts), so the roles can be played without more accounts.
            loket::store::settings::set(tx, "identity", "trust-flag")
        })
        .unwrap();
    }
    assert!(
        !Path::new(&format!("{}-wal", db.display())).exists(),
        "the template is checkpointed"
    );
    db
}

/// The file's bytes and whether a WAL exists beside it.
fn state(db: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    (
        std::fs::read(db).unwrap(),
        std::fs::read(format!("{}-wal", db.display())).ok(),
    )
}

fn expected(who: Who, case: &Case, restricted: bool) -> Option<String> {
    let Some(role) = who.role() else {
        return Some("is not an agent of this desk".into());
    };
    if !rights::holds(role, case.right) {
        return Some(format!("needs the right '{}'", case.right.key()));
    }
    if case.fenced && restricted && rights::fenced(role) {
        return Some("belongs to another team".into());
    }
    None
}

#[test]
fn every_write_command_by_role_and_restriction() {
    let sb = Sandbox::new();
    let cases = cases(&sb.path(""));
    let mut checked = 0;
    for restricted in [false, true] {
        let template = template(&sb, restricted);
        for (n, case) in cases.iter().enumerate() {
            for who in Who::ALL {
                let db = sb.path(&format!("case-{restricted}-{n}-{who:?}.db"));
                std::fs::copy(&template, &db).unwrap();
                let before = state(&db);
                let mut args = vec!["--db".to_string(), db.to_string_lossy().into_owned()];
                if let Some(name) = who.flag() {
                    args.extend(["--agent".to_string(), name.to_string()]);
                }
                args.extend(case.args.iter().cloned());
                let argv: Vec<&str> = args.iter().map(String::as_str).collect();
                let out = sb.run(&argv);
                let what = format!("{:?} as {who:?}, restriction {restricted}", case.args);
                match expected(who, case, restricted) {
                    None => assert!(out.status.success(), "{what}: {}", stderr(&out)),
                    Some(reason) => {
                        assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(&out));
                        assert!(
                            stderr(&out).contains(&reason),
                            "{what}: wanted '{reason}' in {}",
                            stderr(&out)
                        );
                        assert!(
                            state(&db) == before,
                            "{what}: the database file changed on a refusal"
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, cases.len() * 8);
}

#[test]
fn nobody_raises_their_own_role_or_removes_the_last_admin() {
    let sb = Sandbox::new();
    let db = template(&sb, false);
    let db = db.to_str().unwrap();
    let before = state(Path::new(db));
    let out = sb.run(&[
        "--db", db, "--agent", "anna", "agent", "set", "anna", "--role", "admin",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nobody raises their own role"),
        "{}",
        stderr(&out)
    );
    let out = sb.run(&[
        "--db", db, "--agent", "ada", "agent", "set", "ada", "--role", "agent",
    ]);
    assert!(
        stderr(&out).contains("without an admin"),
        "{}",
        stderr(&out)
    );
    let out = sb.run(&["--db", db, "--agent", "ada", "agent", "rm", "ada"]);
    assert!(
        stderr(&out).contains("without an admin"),
        "{}",
        stderr(&out)
    );
    assert!(state(Path::new(db)) == before, "nothing was written");
}

#[test]
fn settings_changes_are_audited_and_the_audit_is_for_supervisors() {
    let sb = Sandbox::new();
    let db = template(&sb, false);
    let db = db.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db];
        all.extend_from_slice(args);
        sb.run(&all)
    };
    assert!(
        run(&[
            "--agent",
            "ada",
            "sla",
            "set",
            "urgent",
            "--first-response",
            "15m"
        ])
        .status
        .success()
    );
    assert!(
        run(&[
            "--agent",
            "ada",
            "agent",
            "set",
            "bram",
            "--role",
            "supervisor"
        ])
        .status
        .success()
    );
    assert!(
        run(&["--agent", "ada", "agent", "restrict", "on"])
            .status
            .success()
    );
    let out = run(&["--agent", "anna", "audit"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'see-reports'"), "{}", stderr(&out));
    let out = run(&["--agent", "sem", "audit", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entries: serde_json::Value = serde_json::from_str(&cli_support::stdout(&out)).unwrap();
    let entries = entries.as_array().unwrap();
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["sla", "agent", "restriction"]);
    assert!(entries.iter().all(|e| e["agent"] == "ada"));
    assert_eq!(entries[0]["after"]["first_response_target"], "15m");
    assert_eq!(entries[1]["before"]["role"], "agent");
    assert_eq!(entries[1]["after"]["role"], "supervisor");
    let out = run(&["--agent", "sem", "audit", "--since", "1h"]);
    assert!(cli_support::stdout(&out).contains("restriction"));
}

#[test]
fn the_console_refuses_each_change_its_role_or_the_fence_does_not_allow() {
    use loket::service::change::{self, Assignee, Change};
    use loket::store::changes::Actor;
    let sb = Sandbox::new();
    let all: Vec<Change> = vec![
        Change::SetStatus {
            tickets: vec![2],
            status: loket::domain::Status::Pending,
        },
        Change::SetPriority {
            tickets: vec![2],
            priority: loket::domain::Priority::High,
        },
        Change::SetTier {
            tickets: vec![2],
            tier: 2,
        },
        Change::Assign {
            tickets: vec![2],
            to: Assignee::Me,
        },
        Change::AddTag {
            tickets: vec![2],
            tag: "vip".into(),
        },
        Change::LogCall {
            ticket: 2,
            talk_s: 60,
            note: "called".into(),
        },
        Change::Link {
            ticket: 1,
            other: 2,
        },
        Change::Merge {
            source: 1,
            target: 2,
        },
        Change::SetTeam {
            tickets: vec![2],
            team: Some("Billing".into()),
        },
        Change::SetStatus {
            tickets: vec![1, 2],
            status: loket::domain::Status::OnHold,
        },
    ];
    for restricted in [false, true] {
        let template = template(&sb, restricted);
        for (n, change) in all.iter().enumerate() {
            for (who, id) in [(Who::Agent, 1), (Who::Supervisor, 2), (Who::Admin, 3)] {
                let db = sb.path(&format!("console-{restricted}-{n}-{who:?}.db"));
                std::fs::copy(&template, &db).unwrap();
                let before = state(&db);
                let conn = loket::store::open(
                    &db,
                    loket::store::OpenMode::ReadWrite,
                    &loket::clock::SystemClock,
                )
                .unwrap();
                let result = change::execute(
                    &conn,
                    &loket::clock::SystemClock,
                    change,
                    Actor {
                        agent_id: Some(id),
                        now: 100,
                    },
                );
                drop(conn);
                let role = who.role().unwrap();
                let needs = if matches!(change, Change::SetTeam { .. }) {
                    Right::Reassign
                } else {
                    Right::WorkTickets
                };
                let want = if !rights::holds(role, needs) {
                    Some(Refusal::Missing { right: needs, role })
                } else if restricted && rights::fenced(role) {
                    Some(Refusal::OtherTeam { ticket: 2 })
                } else {
                    None
                };
                let what = format!("{change:?} as {who:?}, restriction {restricted}");
                match want {
                    None => assert!(result.is_ok(), "{what}: {result:?}"),
                    Some(refusal) => {
                        match result {
                            Err(loket::store::StoreError::Refused(got)) => {
                                assert_eq!(got, refusal, "{what}")
                            }
                            other => panic!("{what}: {other:?}"),
                        }
                        assert!(state(&db) == before, "{what}: the file changed");
                    }
                }
            }
        }
    }
}

/// The identity comes from the account, not `$USER`: run as the system's
/// `nobody` account (setpriv, util-linux), `--agent` is refused until
/// `nobody` is an admin of the desk, and `USER=ada` changes nothing.
#[test]
fn the_agent_flag_is_honoured_only_for_an_admins_account() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let db = template(&sb, false);
    let shared = tempfile::Builder::new()
        .prefix("loket-rights")
        .tempdir()
        .unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let file = shared.path().join("desk.db");
    std::fs::copy(&db, &file).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    // This desk acts as the account, as a real desk does.
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute(
            "UPDATE settings SET value = 'account' WHERE key = 'identity'",
            [],
        )
        .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("loket");
    let as_nobody = |args: &[&str]| {
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .arg("--db")
            .arg(&file)
            .args(args)
            .env_clear()
            .env("HOME", shared.path())
            .env("XDG_STATE_HOME", shared.path())
            .env("XDG_DATA_HOME", shared.path())
            .env("XDG_CONFIG_HOME", shared.path())
            .env("USER", "ada")
            .env("LANG", "C.UTF-8")
            .output()
            .expect("setpriv runs (util-linux)")
    };
    let before = state(&file);
    let out = as_nobody(&["--agent", "ada", "ticket", "set", "1", "--status", "open"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--agent ada is refused here") && stderr(&out).contains("'nobody'"),
        "{}",
        stderr(&out)
    );
    let out = as_nobody(&["ticket", "set", "1", "--status", "open"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Your account 'nobody' is not an agent"),
        "$USER=ada is not believed: {}",
        stderr(&out)
    );
    assert!(state(&file) == before, "nothing was written");
    let out = sb.run(&[
        "--db",
        file.to_str().unwrap(),
        "--agent",
        "ada",
        "agent",
        "add",
        "nobody",
        "--role",
        "admin",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = as_nobody(&["--agent", "anna", "ticket", "set", "1", "--status", "open"]);
    assert!(
        out.status.success(),
        "an admin's account may act as anna: {}",
        stderr(&out)
    );
}
