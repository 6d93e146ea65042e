#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `loket agent`, `next`, `route`, `escalate` and the team restriction on
//! the built binary: JSON documents, exit codes, messages.

use crate::cli_support::{Sandbox, assert_refused, stderr, stdout};

fn ok(sb: &Sandbox, args: &[&str]) -> String {
    let out = sb.run(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn json(sb: &Sandbox, args: &[&str]) -> serde_json::Value {
    let text = ok(sb, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
}

#[test]
fn agents_routing_next_escalation_and_the_restriction_end_to_end() {
    let sb = Sandbox::new();
    let db = sb.path("desk.db");
    let db = db.to_str().unwrap();
    sb.admin_desk(db);
    let a = |args: &[&'static str]| -> Vec<&str> {
        let mut v = vec!["--db", db];
        v.extend_from_slice(args);
        v
    };
    let anna = json(
        &sb,
        &a(&[
            "agent",
            "add",
            "anna",
            "--display-name",
            "Anna de Vries",
            "--team",
            "Billing",
            "--skill",
            "billing,refunds",
            "--language",
            "nl",
            "--language",
            "EN",
            "--json",
        ]),
    );
    assert_eq!(anna["teams"], serde_json::json!(["Billing"]));
    assert_eq!(anna["languages"], serde_json::json!(["nl", "en"]));
    assert_eq!(anna["status"], "offline");
    ok(
        &sb,
        &a(&["agent", "add", "sem", "--role", "supervisor", "--tier", "3"]),
    );
    ok(
        &sb,
        &a(&["agent", "add", "tom", "--team", "Tech", "--tier", "2"]),
    );
    assert_refused(&sb.run(&a(&["agent", "add", "anna"])), "exists already");
    assert_refused(
        &sb.run(&a(&["agent", "add", "bad name"])),
        "not a login name",
    );
    assert_refused(
        &sb.run(&a(&["agent", "set", "anna", "--tier", "4"])),
        "tier 4",
    );
    let set = json(
        &sb,
        &a(&["agent", "set", "anna", "--status", "available", "--json"]),
    );
    assert_eq!(
        set["status"], "available",
        "a status set by hand counts as alive"
    );
    let list = json(&sb, &a(&["agent", "list", "--json"]));
    assert_eq!(
        list.as_array().unwrap().len(),
        4,
        "three agents and the desk's admin (the test account)"
    );

    // Routing: e-mail about refunds goes to Billing, to the least loaded agent.
    let rule = json(
        &sb,
        &a(&[
            "route",
            "add",
            "--field",
            "subject",
            "--value",
            "refund",
            "--team",
            "Billing",
            "--strategy",
            "least-loaded",
            "--json",
        ]),
    );
    assert_eq!(rule["strategy"], "least_loaded");
    assert_refused(
        &sb.run(&a(&[
            "route", "add", "--field", "tag", "--value", "x", "--team", "Nope",
        ])),
        "team 'Nope'",
    );
    assert_eq!(
        json(&sb, &a(&["route", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let routed = json(
        &sb,
        &a(&[
            "--agent",
            "sem",
            "ticket",
            "new",
            "--subject",
            "Refund missing",
            "--customer",
            "eva@example.nl",
            "--json",
        ]),
    );
    assert_eq!(routed["team"], "Billing");
    assert_eq!(routed["assignee"], "anna");
    let other = json(
        &sb,
        &a(&[
            "ticket",
            "new",
            "--subject",
            "Printer on fire",
            "--customer",
            "eva@example.nl",
            "--json",
        ]),
    );
    assert!(other["team"].is_null(), "no rule matched");
    let other_id: &'static str =
        Box::leak(other["id"].as_i64().unwrap().to_string().into_boxed_str());

    // Next: tom (Tech, tier 2) may take the team-less ticket; then nothing is left.
    let claimed = json(&sb, &a(&["--agent", "tom", "next", "--json"]));
    assert_eq!(claimed["id"].as_i64().unwrap().to_string(), other_id);
    assert_eq!(claimed["assignee"], "tom");
    let out = sb.run(&a(&["--agent", "tom", "next", "--json"]));
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim(), "null");
    assert!(
        stderr(&out).contains("The queue is empty"),
        "{}",
        stderr(&out)
    );
    assert_refused(
        &sb.run(&a(&["--agent", "piet", "next"])),
        "No agent is named 'piet'",
    );

    // Escalation: to a team, with a reason; without one it is refused.
    assert_refused(
        &sb.run(&a(&["escalate", other_id, "--team", "Billing"])),
        "needs a reason",
    );
    let escalated = json(
        &sb,
        &a(&[
            "--agent",
            "tom",
            "escalate",
            other_id,
            "--team",
            "Billing",
            "--reason",
            "a billing question after all",
            "--json",
        ]),
    );
    assert_eq!(escalated["team"], "Billing");
    assert!(escalated["assignee"].is_null(), "tom is not in Billing");
    let history = escalated["events"].to_string();
    assert!(
        history.contains("a billing question after all"),
        "{history}"
    );
    let once = json(&sb, &a(&["escalate", "--once", "--json"]));
    assert!(once["escalated"].is_array());
    assert_eq!(
        json(&sb, &a(&["escalate", "--threshold", "45", "--json"]))["threshold_minutes"],
        45
    );

    // The restriction: tom (Tech) no longer sees Billing's tickets; sem (no teams) does.
    let count = |agent: &'static str| -> usize {
        json(
            &sb,
            &a(&[
                "--agent", agent, "ticket", "list", "--status", "all", "--json",
            ]),
        )
        .as_array()
        .unwrap()
        .len()
    };
    assert_eq!(count("tom"), 2);
    assert_eq!(
        json(&sb, &a(&["agent", "restrict", "on", "--json"]))["restrict_to_own_teams"],
        true
    );
    assert_eq!(count("tom"), 0);
    assert_refused(
        &sb.run(&a(&["--agent", "tom", "ticket", "show", other_id])),
        "belongs to another team",
    );
    assert_eq!(count("anna"), 2);
    assert_eq!(count("sem"), 2);
    let csv = ok(&sb, &a(&["--agent", "tom", "export", "--format", "csv"]));
    assert_eq!(csv.lines().count(), 1, "only the header: {csv}");

    // Removing an agent puts their open tickets back in the queue.
    let gone = json(&sb, &a(&["agent", "rm", "anna", "--json"]));
    assert_eq!(
        gone["tickets_returned_to_queue"], 1,
        "the routed refund ticket"
    );
    assert_refused(
        &sb.run(&a(&["agent", "show", "anna"])),
        "agent 'anna' not found",
    );
}
