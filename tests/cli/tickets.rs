//! `loket ticket …` and `loket canned …` on the built binary: the JSON
//! shapes scripts rely on, filters, changes with their events, and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_support::{Sandbox, assert_refused, stderr, stdout};
use serde_json::Value;

/// A desk with two agents and a team, run as agent `anna` unless told otherwise.
struct Desk {
    sb: Sandbox,
    db: String,
}

impl Desk {
    fn new() -> Desk {
        let sb = Sandbox::new();
        let db = sb.path("desk.db").to_str().unwrap().to_string();
        sb.admin_desk(&db);
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(
                "INSERT INTO teams (name) VALUES ('Billing');
                 INSERT INTO agents (name, display_name, role, created_at) VALUES ('anna', 'Anna de Vries', 'supervisor', 0), ('bram', 'Bram Jansen', 'agent', 0);",
            )
            .unwrap();
        Desk { sb, db }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["--db", self.db.as_str(), "--agent", "anna"];
        all.extend_from_slice(args);
        self.sb.run(&all)
    }

    /// Runs a command that must succeed and print exactly one JSON document.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_str(&stdout(&out))
            .unwrap_or_else(|e| panic!("{args:?} printed one JSON document: {e}\n{}", stdout(&out)))
    }

    fn new_ticket(&self, subject: &str, email: &str, extra: &[&str]) -> i64 {
        let mut args = vec![
            "ticket",
            "new",
            "--subject",
            subject,
            "--customer",
            email,
            "--json",
        ];
        args.extend_from_slice(extra);
        self.json(&args)["id"].as_i64().unwrap()
    }
}

#[test]
fn show_json_has_the_documented_shape() {
    let d = Desk::new();
    let id = d.new_ticket(
        "Factuur klopt niet",
        "eva@example.nl",
        &[
            "--name",
            "Eva Bakker",
            "--channel",
            "phone",
            "--priority",
            "high",
            "--body",
            "Twee keer betaald.",
            "--tag",
            "billing",
        ],
    );
    let t = d.json(&["ticket", "show", &id.to_string(), "--json"]);
    for key in [
        "id",
        "subject",
        "status",
        "priority",
        "channel",
        "tier",
        "team",
        "assignee",
        "tags",
        "customer",
        "created_at",
        "updated_at",
        "messages",
        "events",
    ] {
        assert!(t.get(key).is_some(), "ticket show --json has {key}: {t}");
    }
    assert_eq!(t["id"], id);
    assert_eq!(t["status"], "new");
    assert_eq!(t["priority"], "high");
    assert_eq!(t["channel"], "phone");
    assert_eq!(t["tier"], 1);
    assert_eq!(t["team"], Value::Null);
    assert_eq!(t["assignee"], Value::Null);
    assert_eq!(t["tags"], serde_json::json!(["billing"]));
    assert_eq!(
        t["customer"],
        serde_json::json!({"name": "Eva Bakker", "email": "eva@example.nl"})
    );
    let created = t["created_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok() && created.ends_with('Z'),
        "{created}"
    );
    let m = &t["messages"][0];
    assert_eq!(
        (m["author"].as_str(), m["kind"].as_str(), &m["agent"]),
        (Some("customer"), Some("public"), &Value::Null)
    );
    assert_eq!(m["body"], "Twee keer betaald.");
    assert!(m["at"].as_str().is_some());
    let e = &t["events"][0];
    assert_eq!(e["kind"], "created");
    for key in ["agent", "from", "to", "at"] {
        assert!(e.get(key).is_some(), "event has {key}: {e}");
    }
}

#[test]
fn reply_sets_status_in_the_same_step_and_needs_an_agent() {
    let d = Desk::new();
    let id = d
        .new_ticket(
            "Login lukt niet",
            "joost@example.nl",
            &["--body", "Ik kom er niet in."],
        )
        .to_string();
    let t = d.json(&[
        "ticket",
        "reply",
        &id,
        "--body",
        "Probeer de link in de mail.",
        "--status",
        "pending",
        "--json",
    ]);
    assert_eq!(t["status"], "pending");
    let reply = &t["messages"][1];
    assert_eq!(
        (
            reply["author"].as_str(),
            reply["agent"].as_str(),
            reply["kind"].as_str()
        ),
        (Some("agent"), Some("anna"), Some("public"))
    );
    let kinds: Vec<&str> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"status_changed"), "{kinds:?}");
    assert!(t["sla"]["first_responded_at"].is_string());

    let t = d.json(&[
        "ticket",
        "reply",
        &id,
        "--body",
        "Let op: klant is VIP.",
        "--internal",
        "--json",
    ]);
    assert_eq!(t["messages"][2]["kind"], "internal");
    assert_eq!(t["status"], "pending", "an internal note changes no status");

    // No such agent: refused, nothing written.
    let out = d.sb.run(&[
        "--db", &d.db, "--agent", "piet", "ticket", "reply", &id, "--body", "x",
    ]);
    assert_refused(&out, "No agent is named 'piet'");
    let t = d.json(&["ticket", "show", &id, "--json"]);
    assert_eq!(t["messages"].as_array().unwrap().len(), 3);
}

#[test]
fn set_changes_fields_in_one_step_with_events() {
    let d = Desk::new();
    let id = d
        .new_ticket("Pakket kwijt", "li@example.com", &["--tag", "delivery"])
        .to_string();
    let t = d.json(&[
        "ticket",
        "set",
        &id,
        "--priority",
        "urgent",
        "--assignee",
        "bram",
        "--team",
        "Billing",
        "--tier",
        "2",
        "--tag",
        "+vip",
        "-delivery",
        "--status",
        "on_hold",
        "--json",
    ]);
    assert_eq!(
        (
            t["priority"].as_str(),
            t["assignee"].as_str(),
            t["team"].as_str(),
            t["tier"].as_i64(),
            t["status"].as_str()
        ),
        (
            Some("urgent"),
            Some("bram"),
            Some("Billing"),
            Some(2),
            Some("on_hold")
        )
    );
    assert_eq!(t["tags"], serde_json::json!(["vip"]));
    let events: Vec<(String, Value, Value)> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["from"].clone(),
                e["to"].clone(),
            )
        })
        .collect();
    for expected in [
        ("priority_changed", "normal", "urgent"),
        ("tier_changed", "1", "2"),
        ("status_changed", "open", "on_hold"),
    ] {
        assert!(
            events.contains(&(expected.0.to_string(), expected.1.into(), expected.2.into())),
            "{expected:?} in {events:?}"
        );
    }
    assert!(
        events.contains(&("assigned".into(), Value::Null, "bram".into())),
        "{events:?}"
    );
    assert!(
        events.contains(&("untagged".into(), "delivery".into(), Value::Null)),
        "{events:?}"
    );

    let t = d.json(&["ticket", "set", &id, "--assignee", "me", "--json"]);
    assert_eq!(t["assignee"], "anna");
    let t = d.json(&[
        "ticket",
        "set",
        &id,
        "--assignee",
        "nobody",
        "--team",
        "none",
        "--json",
    ]);
    assert_eq!(
        (t["assignee"].clone(), t["team"].clone()),
        (Value::Null, Value::Null)
    );

    // Bad input: exit 2, and nothing of the same command lands.
    let before = d.json(&["ticket", "show", &id, "--json"]);
    assert_refused(
        &d.run(&[
            "ticket",
            "set",
            &id,
            "--priority",
            "low",
            "--assignee",
            "piet",
        ]),
        "agent 'piet' not found",
    );
    assert_eq!(d.json(&["ticket", "show", &id, "--json"]), before);
    assert_refused(
        &d.run(&["ticket", "set", "999", "--status", "open"]),
        "ticket 999 not found",
    );
    assert_refused(
        &d.run(&["ticket", "set", &id, "--tier", "7"]),
        "use 1, 2 or 3",
    );
    let out = d.run(&["ticket", "set", &id, "--priority", "soon"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("low, normal, high, urgent"),
        "{}",
        stderr(&out)
    );
    assert_refused(&d.run(&["ticket", "show", "42"]), "ticket 42 not found");
}

#[test]
fn list_filters_and_sorts_like_the_queue() {
    let d = Desk::new();
    let a = d.new_ticket(
        "Alpha",
        "a@example.nl",
        &["--priority", "low", "--tag", "vip"],
    );
    let b = d.new_ticket(
        "Bravo",
        "b@example.nl",
        &["--priority", "urgent", "--channel", "chat"],
    );
    let c = d.new_ticket("Charlie", "c@example.nl", &["--priority", "high"]);
    d.json(&[
        "ticket",
        "set",
        &c.to_string(),
        "--assignee",
        "anna",
        "--json",
    ]);
    d.json(&[
        "ticket",
        "set",
        &a.to_string(),
        "--status",
        "solved",
        "--json",
    ]);

    let ids = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["ticket", "list", "--json"];
        all.extend_from_slice(args);
        let v = d.json(&all);
        let list = v.as_array().expect("an array");
        for t in list {
            assert!(
                t.get("messages").is_none() && t.get("events").is_none(),
                "lists leave threads out"
            );
        }
        list.iter().map(|t| t["id"].as_i64().unwrap()).collect()
    };
    assert_eq!(ids(&[]), vec![b, c], "active tickets, most urgent first");
    assert_eq!(
        ids(&["--status", "all", "--sort", "subject"]),
        vec![a, b, c]
    );
    assert_eq!(
        ids(&["--status", "all", "--sort", "subject", "--desc"]),
        vec![c, b, a]
    );
    assert_eq!(ids(&["--status", "solved"]), vec![a]);
    assert_eq!(ids(&["--assignee", "me"]), vec![c]);
    assert_eq!(ids(&["--assignee", "nobody"]), vec![b]);
    assert_eq!(ids(&["--channel", "chat"]), vec![b]);
    assert_eq!(ids(&["--status", "all", "--tag", "VIP"]), vec![a]);
    assert_eq!(ids(&["--priority", "high"]), vec![c]);
    assert_eq!(ids(&["--sla", "breached"]), Vec::<i64>::new());
    assert_eq!(ids(&["--status", "all", "--search", "charl"]), vec![c]);
    assert_eq!(
        ids(&["--status", "all", "--search", "\"NEAR( OR *"]),
        Vec::<i64>::new(),
        "typed text is text"
    );
    assert_eq!(
        ids(&[
            "--status", "all", "--limit", "1", "--offset", "1", "--sort", "id"
        ]),
        vec![b]
    );

    let out = d.run(&["ticket", "list"]);
    assert!(
        stdout(&out).contains("Bravo") && !stdout(&out).contains("Alpha"),
        "{}",
        stdout(&out)
    );
    assert_refused(
        &d.run(&["ticket", "list", "--assignee", "piet"]),
        "agent 'piet' not found",
    );
    let out = d.run(&["ticket", "list", "--sort", "mood"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a column to sort by"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn canned_responses_from_the_command_line() {
    let d = Desk::new();
    let c = d.json(&[
        "canned",
        "add",
        "--title",
        "Terugbetaling gestart",
        "--shortcut",
        "refund-nl",
        "--language",
        "nl",
        "--body",
        "Beste {customer_first_name}, de terugbetaling is onderweg.",
        "--set-status",
        "solved",
        "--add-tag",
        "Refund",
        "--json",
    ]);
    assert_eq!(c["shortcut"], "refund-nl");
    assert_eq!(c["set_status"], "solved");
    assert_eq!(c["add_tags"], serde_json::json!(["refund"]));
    let list = d.json(&["canned", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let shown = d.json(&["canned", "show", "refund-nl", "--json"]);
    assert_eq!(shown, c);
    assert_refused(
        &d.run(&[
            "canned",
            "add",
            "--title",
            "x",
            "--shortcut",
            "refund-nl",
            "--body",
            "y",
        ]),
        "shortcut 'refund-nl' is taken",
    );
    let gone = d.json(&["canned", "rm", "refund-nl", "--json"]);
    assert_eq!(gone["id"], c["id"]);
    assert_eq!(d.json(&["canned", "list", "--json"]), serde_json::json!([]));
    assert_refused(&d.run(&["canned", "show", "refund-nl"]), "not found");
}

#[test]
fn read_only_commands_refuse_to_write() {
    let d = Desk::new();
    let id = d.new_ticket("Alpha", "a@example.nl", &[]).to_string();
    let out = d.run(&["--read-only", "ticket", "set", &id, "--status", "solved"]);
    assert_refused(&out, "--read-only");
    let t = d.json(&["--read-only", "ticket", "show", &id, "--json"]);
    assert_eq!(t["status"], "new");
}
