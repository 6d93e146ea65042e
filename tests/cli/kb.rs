#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `loket kb` on the built binary: add from a Markdown file, search (ranked,
//! JSON, hostile text), show, view --self-service, rm, export/import round
//! trips, and articles in the whole-desk JSON.

use crate::cli_support::{Sandbox, stderr, stdout};
use serde_json::Value;

const REFUND: &str = "---
title: Refund times
category: billing
tags: [refund, payment]
language: en
visibility: public
faq: true
---

# Refund times

We pay back within **5 working days** after the return arrives.
";

const SHIPPING: &str = "---
title: \"Shipping: how long?\"
slug: shipping
category: delivery
tags: [\"parcel\"]
---
Parcels travel two days. A lost parcel gets a new one or a refund.
";

const DUTCH: &str = "---
title: Géén retour zonder bon
category: returns
language: nl
visibility: internal
department: Billing
---
Zonder bon geen terugbetaling.
";

/// A database with the three articles added through the command line.
fn desk(sb: &Sandbox) -> String {
    let db = sb.path("desk.db").to_string_lossy().into_owned();
    sb.admin_desk(&db);
    for (name, text) in [
        ("refund.md", REFUND),
        ("ship.md", SHIPPING),
        ("nl.md", DUTCH),
    ] {
        let file = sb.path(name);
        std::fs::write(&file, text).unwrap();
        let out = sb.run(&["--db", &db, "kb", "add", file.to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(
            stdout(&out).starts_with("Added article"),
            "{}",
            stdout(&out)
        );
    }
    db
}

fn json(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).unwrap()
}

#[test]
fn search_ranks_the_title_match_first_and_prints_json() {
    let sb = Sandbox::new();
    let db = desk(&sb);
    let hits = json(&sb.run(&["--db", &db, "kb", "search", "refund", "--json"]));
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["title"], "Refund times");
    assert_eq!(hits[1]["slug"], "shipping");
    for key in ["id", "title", "category", "score", "snippet", "highlights"] {
        assert!(hits[0].get(key).is_some(), "{key}");
    }
    assert!(hits[0]["score"].as_f64().unwrap() > hits[1]["score"].as_f64().unwrap());
    let text = stdout(&sb.run(&["--db", &db, "kb", "search", "refund"]));
    assert!(text.contains("[refund]"), "{text}");
}

#[test]
fn every_hostile_query_exits_0_with_results_or_an_empty_list() {
    let sb = Sandbox::new();
    let db = desk(&sb);
    for q in [
        "\"",
        "\"refund",
        "NEAR(refund",
        "NEAR(",
        "*",
        "refund*",
        "^",
        "^refund",
        "AND",
        "OR",
        "NOT",
        "refund AND",
        "(",
        ")",
        "((refund",
        "refund)",
        "title:refund",
        "'",
        "-",
        "\\",
        "%",
        "_",
        ":",
        "{}",
        "[",
        " ",
    ] {
        let out = sb.run(&["--db", &db, "kb", "search", q, "--json"]);
        assert_eq!(out.status.code(), Some(0), "{q}: {}", stderr(&out));
        assert!(json(&out).is_array(), "{q}");
    }
    let folded = json(&sb.run(&["--db", &db, "kb", "search", "geen", "--json"]));
    assert_eq!(folded[0]["title"], "Géén retour zonder bon");
    let filtered = json(&sb.run(&[
        "--db",
        &db,
        "kb",
        "search",
        "refund",
        "--category",
        "delivery",
        "--json",
    ]));
    assert_eq!(filtered.as_array().unwrap().len(), 1);
}

#[test]
fn show_view_and_rm() {
    let sb = Sandbox::new();
    let db = desk(&sb);
    let shown = json(&sb.run(&["--db", &db, "kb", "show", "shipping", "--json"]));
    assert_eq!(shown["title"], "Shipping: how long?");
    assert_eq!(shown["tags"], serde_json::json!(["parcel"]));
    assert_eq!(shown["link"], "https://help.example.com/kb/shipping");
    let view = json(&sb.run(&[
        "--db",
        &db,
        "kb",
        "view",
        "shipping",
        "--self-service",
        "--json",
    ]));
    assert_eq!(view["self_service"], true);
    let shown = json(&sb.run(&["--db", &db, "kb", "show", "shipping", "--json"]));
    assert_eq!(shown["self_service_views"], 1);
    let text = stdout(&sb.run(&[
        "--db",
        &db,
        "--lang",
        "nl",
        "kb",
        "view",
        "shipping",
        "--self-service",
    ]));
    assert!(text.contains("Zelfbedieningsweergave"), "{text}");

    let missing = sb.run(&["--db", &db, "kb", "show", "nope"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nope"), "{}", stderr(&missing));

    let gone = json(&sb.run(&["--db", &db, "kb", "rm", "shipping", "--json"]));
    assert_eq!(gone["slug"], "shipping");
    let hits = json(&sb.run(&["--db", &db, "kb", "search", "parcel", "--json"]));
    assert_eq!(hits, serde_json::json!([]));
}

#[test]
fn bad_files_are_refused_with_what_to_fix() {
    let sb = Sandbox::new();
    let db = sb.path("desk.db").to_string_lossy().into_owned();
    sb.admin_desk(&db);
    let cases = [
        ("no front matter", "# Just text\n", "front matter"),
        ("no title", "---\ncategory: x\n---\nbody\n", "title"),
        (
            "unknown key",
            "---\ntitle: T\ncategory: c\ncolour: red\n---\nb\n",
            "colour",
        ),
        ("not closed", "---\ntitle: T\n", "not closed"),
        (
            "bad faq",
            "---\ntitle: T\ncategory: c\nfaq: maybe\n---\nb\n",
            "faq",
        ),
        (
            "bad visibility",
            "---\ntitle: T\ncategory: c\nvisibility: secret\n---\nb\n",
            "internal or public",
        ),
    ];
    for (name, text, needle) in cases {
        let file = sb.path("bad.md");
        std::fs::write(&file, text).unwrap();
        let out = sb.run(&["--db", &db, "kb", "add", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{name}: {}", stderr(&out));
    }
}

#[test]
fn export_then_import_round_trips() {
    let sb = Sandbox::new();
    let db = desk(&sb);
    let first = sb.path("first");
    let out = sb.run(&[
        "--db",
        &db,
        "kb",
        "export",
        first.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(json(&out)["articles"], 3);
    let fresh = sb.path("fresh.db").to_string_lossy().into_owned();
    sb.admin_desk(&fresh);
    let imported = json(&sb.run(&[
        "--db",
        &fresh,
        "kb",
        "import",
        first.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(imported["added"], 3);
    // Importing again replaces, never duplicates.
    let again = json(&sb.run(&[
        "--db",
        &fresh,
        "kb",
        "import",
        first.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(
        (again["added"].as_u64(), again["replaced"].as_u64()),
        (Some(0), Some(3))
    );
    let second = sb.path("second");
    let out = sb.run(&["--db", &fresh, "kb", "export", second.to_str().unwrap()]);
    assert!(out.status.success());
    for name in [
        "refund-times.md",
        "shipping.md",
        "geen-retour-zonder-bon.md",
    ] {
        let a = std::fs::read_to_string(first.join(name)).unwrap();
        let b = std::fs::read_to_string(second.join(name)).unwrap();
        assert_eq!(a, b, "{name}");
    }
    let a: Value = json(&sb.run(&[
        "--db",
        &db,
        "kb",
        "show",
        "geen-retour-zonder-bon",
        "--json",
    ]));
    let b: Value = json(&sb.run(&[
        "--db",
        &fresh,
        "kb",
        "show",
        "geen-retour-zonder-bon",
        "--json",
    ]));
    for key in [
        "title",
        "body",
        "category",
        "department",
        "tags",
        "language",
        "visibility",
        "faq",
        "created",
        "updated",
    ] {
        assert_eq!(a[key], b[key], "{key}");
    }
}

#[test]
fn the_desk_json_carries_articles_and_self_service_views() {
    let sb = Sandbox::new();
    let db = desk(&sb);
    let out = sb.run(&["--db", &db, "kb", "view", "refund-times", "--self-service"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // A ticket whose reply linked an article.
    let out = sb.run(&[
        "--db",
        &db,
        "ticket",
        "new",
        "--subject",
        "Where is my money?",
        "--customer",
        "eva@example.nl",
        "--name",
        "Eva Bakker",
        "--body",
        "No refund yet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    {
        let conn = loket::store::open(
            std::path::Path::new(&db),
            loket::store::OpenMode::ReadWrite,
            &loket::clock::SystemClock,
        )
        .unwrap();
        let article = loket::store::kb::get(&conn, "refund-times").unwrap();
        assert!(loket::store::kb::link(&conn, 1, article.id, None, 1_795_428_000).unwrap());
    }
    let doc = json(&sb.run(&["--db", &db, "export"]));
    assert_eq!(doc["kb_articles"].as_array().unwrap().len(), 3);
    assert_eq!(doc["kb_views"][0]["self_service"], true);
    let file = sb.path("desk.json");
    std::fs::write(&file, stdout(&sb.run(&["--db", &db, "export"]))).unwrap();
    let fresh = sb.path("fresh.db").to_string_lossy().into_owned();
    sb.admin_desk(&fresh);
    let out = sb.run(&["--db", &fresh, "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let hits = json(&sb.run(&["--db", &fresh, "kb", "search", "geen", "--json"]));
    assert_eq!(
        hits[0]["title"], "Géén retour zonder bon",
        "the index is built on import"
    );
    let shown = json(&sb.run(&["--db", &fresh, "kb", "show", "refund-times", "--json"]));
    assert_eq!(shown["self_service_views"], 1);
    let suggested = json(&sb.run(&["--db", &db, "kb", "suggest", "1", "--json"]));
    assert_eq!(suggested[0]["slug"], "refund-times", "{suggested}");
    let missing = sb.run(&["--db", &db, "kb", "suggest", "99"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(doc["tickets"][0]["kb_links"][0]["article"], "refund-times");
    let conn = rusqlite::Connection::open(&fresh).unwrap();
    let linked: i64 = conn
        .query_row("SELECT count(*) FROM ticket_kb_links", [], |r| r.get(0))
        .unwrap();
    assert_eq!(linked, 1, "the link survives the round trip");
}

#[test]
fn list_and_search_filter_by_department() {
    let sb = Sandbox::new();
    let db = desk(&sb);
    let slugs = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--db", db.as_str(), "kb"];
        all.extend_from_slice(args);
        all.push("--json");
        json(&sb.run(&all))
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["slug"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        slugs(&["list", "--department", "billing"]),
        ["geen-retour-zonder-bon"]
    );
    assert_eq!(slugs(&["list"]).len(), 3);
    assert_eq!(
        slugs(&[
            "search",
            "bon",
            "--department",
            "Billing",
            "--language",
            "nl"
        ]),
        ["geen-retour-zonder-bon"]
    );
    assert!(slugs(&["search", "refund", "--department", "Billing"]).is_empty());
}
