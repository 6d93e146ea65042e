//! `loket report`, `loket sla` and `loket hours` on the built binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_support::{Sandbox, assert_refused, stderr, stdout};
use crate::kpi_support;
use serde_json::Value;

/// The hand-built desk in a file; returns its path as text.
fn desk(sandbox: &Sandbox) -> String {
    let path = sandbox.path("desk.db");
    let conn = loket::store::open(
        &path,
        loket::store::OpenMode::ReadWrite,
        &loket::clock::SystemClock,
    )
    .unwrap();
    kpi_support::fill(&conn);
    drop(conn);
    let db = path.to_string_lossy().into_owned();
    sandbox.admin_desk(&db);
    db
}

/// The fixture's week, Monday 16 to Monday 23 November 2026 (CET = UTC+1).
const WEEK: [&str; 6] = [
    "--from",
    "2026-11-15T23:00:00Z",
    "--to",
    "2026-11-22T23:00:00Z",
    "--now",
    "2026-11-23T11:00:00Z",
];

fn report(sandbox: &Sandbox, db: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--db", db, "report"];
    args.extend(extra);
    sandbox.run(&args)
}

#[test]
fn json_has_every_key_with_the_hand_worked_values() {
    let sandbox = Sandbox::new();
    let db = desk(&sandbox);
    let mut args = WEEK.to_vec();
    args.extend(["--format", "json"]);
    let out = report(&sandbox, &db, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut expected = vec![
        "volume",
        "backlog",
        "frt",
        "frt_business",
        "avg_response",
        "aht",
        "talk_time",
        "fcr",
        "ttr",
        "ttr_business",
        "resolution_rate",
        "sla_compliance",
        "escalation_rate",
        "reopen_rate",
        "csat",
        "nps",
        "self_service_ratio",
        "collisions",
        "churn",
        "retention",
        "cltv",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    // Values from tests/kpi/kpis.rs, where they are worked out by hand.
    assert_eq!(json["volume"]["total"], 10);
    assert_eq!(json["backlog"]["new"], 3);
    assert_eq!(json["backlog"]["assigned"], 2);
    assert_eq!(json["frt"]["mean"], 12000.0);
    // A week of whole local days reads the rollups: their medians and p90
    // are exact too (docs/REPORT.md).
    assert_eq!(json["frt"]["median"], 3600.0);
    assert_eq!(json["frt"]["p90"], 45000);
    assert_eq!(json["frt_business"]["median"], 2700.0);
    assert_eq!(json["ttr"]["median"], 52200.0);
    assert!(
        json["ttr"].get("p90").is_none(),
        "TTR names mean and median"
    );
    assert_eq!(json["aht"], 720.0);
    // The collision event on T4 (tests/kpi/kpis.rs).
    assert_eq!(json["collisions"], 1);
    assert_eq!(json["fcr"], 0.5);
    assert_eq!(json["sla_compliance"], 0.8);
    assert_eq!(json["nps"], 25.0);
    // 3 self-service views and 10 new tickets: 3 of 13 contacts.
    assert!((json["self_service_ratio"].as_f64().unwrap() - 3.0 / 13.0).abs() < 1e-12);
}

#[test]
fn a_window_without_data_prints_null() {
    let sandbox = Sandbox::new();
    let db = desk(&sandbox);
    let out = report(
        &sandbox,
        &db,
        &[
            "--from",
            "2020-01-01T00:00:00Z",
            "--to",
            "2020-01-02T00:00:00Z",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    for key in [
        "frt",
        "ttr",
        "aht",
        "fcr",
        "csat",
        "nps",
        "sla_compliance",
        "self_service_ratio",
    ] {
        assert!(json[key].is_null(), "{key}: {}", json[key]);
    }
    assert_eq!(json["volume"]["total"], 0);
}

#[test]
fn csv_has_a_header_and_one_row_per_group() {
    let sandbox = Sandbox::new();
    let db = desk(&sandbox);
    let mut args = WEEK.to_vec();
    args.extend(["--format", "csv", "--by", "channel"]);
    let out = report(&sandbox, &db, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("group,volume,backlog,"), "{header}");
    assert!(
        header.ends_with(",nps,self_service_ratio,collisions"),
        "{header}"
    );
    // Channels of the desk's tickets: chat, email, phone, sms, web.
    let groups: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(groups, ["chat", "email", "phone", "sms", "web"]);
}

#[test]
fn grouped_json_names_the_breakdown() {
    let sandbox = Sandbox::new();
    let db = desk(&sandbox);
    let mut args = WEEK.to_vec();
    args.extend(["--format", "json", "--by", "agent"]);
    let out = report(&sandbox, &db, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["by"], "agent");
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups[0]["group"], "anna");
    assert_eq!(groups[0]["resolution_rate"], 1.0);
    assert_eq!(groups[1]["group"], "bram");
    // bram held T8 in the window too (assigned before it): 3 of 5.
    assert_eq!(groups[1]["resolution_rate"], 0.6);
}

#[test]
fn the_table_speaks_the_language() {
    let sandbox = Sandbox::new();
    let db = desk(&sandbox);
    let out = report(&sandbox, &db, &WEEK);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("First response time"),
        "{}",
        stdout(&out)
    );
    let mut args = vec!["--lang", "nl"];
    args.extend(WEEK);
    let out = report(&sandbox, &db, &args);
    assert!(
        stdout(&out).contains("Eerste reactietijd"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("SLA-naleving"), "{}", stdout(&out));
    // Every row's figure starts in the same column, the customer figures
    // at the end too (label, at least two spaces, figure).
    let text = stdout(&out);
    assert!(text.contains("Klantenbehoud"), "{text}");
    let starts: Vec<usize> = text
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with(' '))
        .map(|l| {
            let gap = l.find("  ").unwrap_or_else(|| panic!("no figure: {l}"));
            let figure = gap + l[gap..].len() - l[gap..].trim_start().len();
            l[..figure].chars().count()
        })
        .collect();
    assert!(starts.len() > 20, "{text}");
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "{starts:?}\n{text}"
    );
}

#[test]
fn grouped_tables_name_their_groups_in_the_language() {
    let sandbox = Sandbox::new();
    let db = desk(&sandbox);
    let mut args = vec!["--lang", "nl"];
    args.extend(WEEK);
    args.extend(["--by", "priority"]);
    let out = report(&sandbox, &db, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Prioriteit: hoog"), "{text}");
    assert!(text.contains("Prioriteit: laag"), "{text}");
}

#[test]
fn named_windows_work_and_bad_ones_exit_2() {
    let sandbox = Sandbox::new();
    let db = desk(&sandbox);
    let out = report(
        &sandbox,
        &db,
        &["--window", "yesterday", "--format", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_refused(
        &report(&sandbox, &db, &["--window", "week"]),
        "today, yesterday, 7d or 30d",
    );
    assert_refused(
        &report(&sandbox, &db, &["--from", "2026-11-15T23:00:00Z"]),
        "--to",
    );
    assert_refused(
        &report(
            &sandbox,
            &db,
            &[
                "--from",
                "2026-11-16T00:00:00Z",
                "--to",
                "2026-11-15T00:00:00Z",
            ],
        ),
        "must be after",
    );
    assert_refused(
        &report(&sandbox, &db, &["--by", "mood"]),
        "team, agent, channel or priority",
    );
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).unwrap()
}

#[test]
fn sla_set_then_show_and_bad_input_changes_nothing() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("sla.db").to_string_lossy().into_owned();
    sandbox.admin_desk(&db);
    let out = sandbox.run(&[
        "--db",
        &db,
        "sla",
        "set",
        "high",
        "--first-response",
        "2h",
        "--resolution",
        "2d",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = json_of(&sandbox.run(&["--db", &db, "sla", "show", "--json"]));
    let high = shown
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["priority"] == "high")
        .unwrap();
    assert_eq!(
        (high["first_response"].as_str(), high["resolution"].as_str()),
        (Some("2h"), Some("2d"))
    );

    assert_refused(
        &sandbox.run(&[
            "--db",
            &db,
            "sla",
            "set",
            "high",
            "--first-response",
            "soon",
        ]),
        "soon",
    );
    assert_refused(
        &sandbox.run(&["--db", &db, "sla", "set", "high"]),
        "--first-response",
    );
    assert_refused(
        &sandbox.run(&["--db", &db, "sla", "set", "asap", "--resolution", "1h"]),
        "asap",
    );
    let again = json_of(&sandbox.run(&["--db", &db, "sla", "show", "--json"]));
    assert_eq!(again, shown, "refused input changed nothing");
}

#[test]
fn hours_set_then_show_and_bad_input_changes_nothing() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("hours.db").to_string_lossy().into_owned();
    sandbox.admin_desk(&db);
    let out = sandbox.run(&[
        "--db",
        &db,
        "hours",
        "set",
        "mon-fri",
        "08:00-12:00,13:00-18:00",
        "--timezone",
        "Europe/London",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        sandbox
            .run(&["--db", &db, "hours", "set", "sat", "10:00-14:00"])
            .status
            .success()
    );
    assert!(
        sandbox
            .run(&[
                "--db",
                &db,
                "hours",
                "holiday",
                "add",
                "2026-12-25",
                "Christmas Day"
            ])
            .status
            .success()
    );
    let shown = json_of(&sandbox.run(&["--db", &db, "hours", "show", "--json"]));
    assert_eq!(shown["timezone"], "Europe/London");
    assert_eq!(
        shown["week"]["mon"],
        serde_json::json!(["08:00-12:00", "13:00-18:00"])
    );
    assert_eq!(shown["week"]["sat"], serde_json::json!(["10:00-14:00"]));
    assert_eq!(shown["week"]["sun"], serde_json::json!([]));
    assert_eq!(shown["holidays"][0]["date"], "2026-12-25");
    assert_eq!(shown["holidays"][0]["name"], "Christmas Day");

    for bad in [
        vec!["hours", "set", "mon", "17:00-09:00"],
        vec!["hours", "set", "someday", "09:00-17:00"],
        vec![
            "hours",
            "set",
            "mon-fri",
            "09:00-17:00",
            "--timezone",
            "Mars/Olympus",
        ],
        vec!["hours", "set", "mon-fri"],
        vec!["hours", "holiday", "add", "2026-13-01"],
        vec!["hours", "holiday", "rm", "2026-12-24"],
    ] {
        let mut args = vec!["--db", db.as_str()];
        args.extend(bad.iter().copied());
        let out = sandbox.run(&args);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{bad:?}");
    }
    let again = json_of(&sandbox.run(&["--db", &db, "hours", "show", "--json"]));
    assert_eq!(again, shown, "refused input changed nothing");
    assert!(
        sandbox
            .run(&["--db", &db, "hours", "holiday", "rm", "2026-12-25"])
            .status
            .success()
    );
}

/// `loket rollup --rebuild` computes the rollups of the hand-built desk
/// (written with plain SQL, so they wait for a refresh), and `loket
/// rollup` then reports the same state without computing anything.
#[test]
fn rollup_rebuilds_and_reports_its_state() {
    let sandbox = Sandbox::new();
    let db = desk(&sandbox);
    let out = sandbox.run(&["--db", &db, "rollup", "--rebuild", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rebuilt: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rebuilt["tickets"], 12, "{rebuilt}");
    assert_eq!(rebuilt["rebuilt"], true);
    let durations = rebuilt["durations"].as_i64().unwrap();
    // A first response and a resolution each keep a calendar and a
    // business-hours duration.
    assert!(durations > 0 && durations % 2 == 0, "{rebuilt}");
    let out = sandbox.run(&["--db", &db, "rollup", "--json"]);
    let state: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(state["tickets"], rebuilt["tickets"]);
    assert_eq!(state["rows"], rebuilt["rows"]);
    assert_eq!(state["durations"], rebuilt["durations"]);
    assert_eq!(state["rebuilt"], false);
    let out = sandbox.run(&["--db", &db, "--lang", "nl", "rollup"]);
    let text = stdout(&out);
    assert!(text.contains(&format!("{durations} tijdsduren")), "{text}");
}
