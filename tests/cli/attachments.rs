//! Attachments and surveys on the built binary: `ticket reply --attach`,
//! `attachment list|save` (never overwriting without --force, `--out -`),
//! `canned add --attach` and `canned show`, the desk's attachment limit,
//! and `customer show|surveys`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_support::{Sandbox, assert_refused, stderr, stdout};
use serde_json::Value;

struct Desk {
    sb: Sandbox,
    db: String,
}

impl Desk {
    fn new() -> Desk {
        let sb = Sandbox::new();
        let db = sb.path("desk.db").to_str().unwrap().to_string();
        assert!(sb.run(&["--db", &db, "init"]).status.success());
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(
                "INSERT INTO agents (name, display_name, created_at) VALUES ('anna', 'Anna de Vries', 0);",
            )
            .unwrap();
        Desk { sb, db }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["--db", self.db.as_str(), "--agent", "anna"];
        all.extend_from_slice(args);
        self.sb.run(&all)
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn sql(&self, sql: &str) {
        rusqlite::Connection::open(&self.db)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
    }

    fn file(&self, name: &str, data: &[u8]) -> String {
        let path = self.sb.path(name);
        std::fs::write(&path, data).unwrap();
        path.display().to_string()
    }

    fn ticket(&self) -> String {
        let t = self.json(&[
            "ticket",
            "new",
            "--subject",
            "Printer jams",
            "--customer",
            "eva@example.nl",
            "--name",
            "Eva Bakker",
            "--json",
        ]);
        t["id"].as_i64().unwrap().to_string()
    }
}

#[test]
fn a_reply_with_files_then_list_and_save_them() {
    let d = Desk::new();
    let id = d.ticket();
    let pdf = d.file("manual.pdf", b"%PDF manual");
    let png = d.file("jam.png", b"\x89PNG jam");
    d.ok(&[
        "ticket",
        "reply",
        &id,
        "--body",
        "See the manual.",
        "--attach",
        &pdf,
        "--attach",
        &png,
    ]);
    let listed = d.json(&["attachment", "list", &id, "--json"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["name"], "manual.pdf");
    assert_eq!(listed[0]["content_type"], "application/pdf");
    assert_eq!(listed[0]["size"], 11);
    assert_eq!(listed[1]["content_type"], "image/png");
    let text = d.ok(&["attachment", "list", &id]);
    assert!(
        text.contains("manual.pdf") && text.contains("11 B"),
        "{text}"
    );
    let pdf_id = listed[0]["id"].as_i64().unwrap().to_string();

    let out = d.sb.path("copy.pdf").display().to_string();
    let said = d.ok(&["attachment", "save", &pdf_id, "--out", &out]);
    assert!(
        said.contains("Saved manual.pdf to") && said.contains("(11 B)"),
        "{said}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF manual");
    // Never overwritten without --force.
    std::fs::write(&out, b"mine").unwrap();
    let refused = d.run(&["attachment", "save", &pdf_id, "--out", &out]);
    assert_refused(&refused, "exists already; add --force");
    assert_eq!(std::fs::read(&out).unwrap(), b"mine");
    d.ok(&["attachment", "save", &pdf_id, "--out", &out, "--force"]);
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF manual");
    // To stdout, byte for byte.
    let raw = d.run(&[
        "attachment",
        "save",
        &listed[1]["id"].to_string(),
        "--out",
        "-",
    ]);
    assert!(raw.status.success());
    assert_eq!(raw.stdout, b"\x89PNG jam");
    // Unknown ones are named.
    assert_refused(&d.run(&["attachment", "save", "999"]), "attachment 999");
    assert_refused(&d.run(&["attachment", "list", "999"]), "ticket 999");
    let empty = d.ticket();
    assert!(
        d.ok(&["attachment", "list", &empty])
            .contains("has no attachments")
    );
}

#[test]
fn save_without_out_uses_the_download_directory() {
    let d = Desk::new();
    let id = d.ticket();
    let f = d.file("notes.txt", b"hello");
    d.ok(&["ticket", "reply", &id, "--body", "x", "--attach", &f]);
    let listed = d.json(&["attachment", "list", &id, "--json"]);
    let aid = listed[0]["id"].to_string();
    let downloads = d.sb.path("Downloads");
    std::fs::create_dir(&downloads).unwrap();
    let out =
        d.sb.cmd()
            .env("XDG_DOWNLOAD_DIR", &downloads)
            .args(["--db", &d.db, "attachment", "save", &aid])
            .output()
            .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(downloads.join("notes.txt")).unwrap(),
        b"hello"
    );
}

#[test]
fn the_limit_refuses_a_large_file_and_the_reply_is_not_written() {
    let d = Desk::new();
    let id = d.ticket();
    d.sql("INSERT INTO settings (key, value) VALUES ('mail.max_attachment', '1KB');");
    let big = d.file("big.bin", &vec![0u8; 2500]);
    let out = d.run(&[
        "ticket", "reply", &id, "--body", "too big", "--attach", &big,
    ]);
    assert_refused(
        &out,
        "big.bin is 2.5 KB, over the desk's attachment limit of 1 KB",
    );
    let t = d.json(&["ticket", "show", &id, "--json"]);
    assert!(
        t["messages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["body"] != "too big"),
        "nothing written"
    );
    let missing = d.run(&[
        "ticket",
        "reply",
        &id,
        "--body",
        "x",
        "--attach",
        "/no/such.pdf",
    ]);
    assert_refused(&missing, "cannot attach /no/such.pdf");
}

#[test]
fn canned_responses_carry_files_and_show_lists_them() {
    let d = Desk::new();
    // Canned responses are a supervisor's to manage (docs/SECURITY.md).
    d.sql("UPDATE agents SET role = 'supervisor' WHERE name = 'anna'");
    let pdf = d.file("terms.pdf", b"%PDF terms");
    let shown = d.json(&[
        "canned",
        "add",
        "--title",
        "Terms attached",
        "--shortcut",
        "terms",
        "--body",
        "Our terms are attached.",
        "--attach",
        &pdf,
        "--json",
    ]);
    assert_eq!(shown["title"], "Terms attached");
    assert_eq!(shown["attachments"][0]["name"], "terms.pdf");
    assert_eq!(shown["attachments"][0]["size"], 10);
    let text = d.ok(&["canned", "show", "terms"]);
    assert!(
        text.contains("📎 terms.pdf  application/pdf  10 B"),
        "{text}"
    );
    let none = d.json(&[
        "canned",
        "add",
        "--title",
        "Plain",
        "--shortcut",
        "plain",
        "--body",
        "Hi",
        "--json",
    ]);
    assert_eq!(none["attachments"], serde_json::json!([]));
}

#[test]
fn customer_surveys_off_and_on_and_show_lists_tickets_and_answers() {
    let d = Desk::new();
    let id = d.ticket();
    d.sql(&format!(
        "INSERT INTO surveys (ticket_id, customer_id, kind, score, comment, at)
             SELECT {id}, customer_id, 'csat', 4, 'Fine', 1796000000 FROM tickets WHERE id = {id};"
    ));
    let said = d.ok(&["customer", "surveys", "EVA@example.nl", "off"]);
    assert_eq!(said.trim(), "EVA@example.nl gets no more survey mails.");
    let c = d.json(&["customer", "show", "eva@example.nl", "--json"]);
    assert_eq!(c["surveys_opt_out"], true);
    assert_eq!(c["tickets"][0]["subject"], "Printer jams");
    assert_eq!(c["tickets"][0]["surveys"][0]["score"], 4);
    let text = d.ok(&["customer", "show", "eva@example.nl"]);
    assert!(text.contains("surveys by mail: off (opted out)"), "{text}");
    assert!(text.contains("Printer jams"), "{text}");
    assert!(text.contains("CSAT 4/5  “Fine”"), "{text}");
    d.ok(&["customer", "surveys", "eva@example.nl", "on"]);
    let nl = d.ok(&["--lang", "nl", "customer", "show", "eva@example.nl"]);
    assert!(nl.contains("enquêtes per mail: aan"), "{nl}");
    assert_refused(
        &d.run(&["customer", "surveys", "nobody@example.nl", "off"]),
        "customer nobody@example.nl",
    );
    assert_refused(
        &d.run(&[
            "--read-only",
            "customer",
            "surveys",
            "eva@example.nl",
            "off",
        ]),
        "read-only",
    );
}
