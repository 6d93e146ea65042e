#![allow(clippy::unwrap_used, clippy::expect_used)]
//! End to end in a real terminal (tmux): an agent opens a ticket, opens the
//! knowledge base, searches as they type, opens an article, inserts it into
//! the reply with one key and sends it; the reply carries the article's link
//! and excerpt and the link is recorded on the ticket.

use crate::tmux_support::{BIN, Tmux, anna_desk, loket, printer_ticket, require_tmux};

#[test]
fn search_open_and_insert_an_article_from_a_real_terminal() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = anna_desk(dir.path());
    let db_s = db.to_str().unwrap();
    printer_ticket(&home, &db);
    let articles = [
        (
            "printer.md",
            "---\ntitle: Printer offline? Restart it\ncategory: hardware\ntags: [printer]\n---\n\n\
             # Printer offline? Restart it\n\nMost printers come back after a **restart** of 30 seconds.\n\n\
             1. Switch it off.\n2. Wait 30 seconds.\n3. Switch it on.\n",
        ),
        (
            "paper.md",
            "---\ntitle: Paper jams\ncategory: hardware\n---\nOpen the tray and pull the paper out gently.\n",
        ),
    ];
    for (name, text) in articles {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        loket(&home, &["--db", db_s, "kb", "add", file.to_str().unwrap()]);
    }

    let tmux = Tmux::lenient(format!("loket-kb-{}", std::process::id()));
    let command = format!(
        "HOME={} XDG_STATE_HOME={} {} --db {db_s} --agent anna --lang en",
        home.display(),
        home.join("state").display(),
        BIN,
    );
    tmux.start(120, 40, &command);
    let screen = tmux.wait_for_text("Printer offline");
    assert!(screen.contains("Printer offline"), "{screen}");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_text("(suggested)");
    assert!(screen.contains("Printer offline? Restart it"), "{screen}");
    tmux.keys(&["K", "/", "p", "r", "i", "n"]);
    let screen = tmux.wait_for_text("Results for “prin”");
    assert!(screen.contains("Printer offline? Restart it"), "{screen}");
    assert!(!screen.contains("Paper jams"), "{screen}");
    tmux.keys(&["Enter", "Enter"]);
    let screen = tmux.wait_for_text("Wait 30 seconds");
    assert!(screen.contains("2. Wait 30 seconds."), "{screen}");
    assert!(
        screen.contains("https://help.example.com/kb/printer-offline-restart-it"),
        "{screen}"
    );
    tmux.keys(&["i"]);
    let screen = tmux.wait_for_text("the link is recorded");
    assert!(
        screen.contains(
            "Printer offline? Restart it: https://help.example.com/kb/printer-offline-restart-it"
        ),
        "{screen}"
    );
    tmux.keys(&["C-s"]);
    tmux.wait_for_text("Send reply?");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_text("Reply saved; not e-mailed");
    assert!(screen.contains("Reply saved; not e-mailed"), "{screen}");
    tmux.keys(&["Escape", "q"]);

    let shown: serde_json::Value = serde_json::from_str(&loket(
        &home,
        &["--db", db_s, "ticket", "show", "1", "--json"],
    ))
    .unwrap();
    let last = shown["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "public", "{last}");
    let body = last["body"].as_str().unwrap();
    assert!(
        body.starts_with(
            "Printer offline? Restart it: https://help.example.com/kb/printer-offline-restart-it\n\
             Most printers come back after a restart of 30 seconds."
        ),
        "{body}"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let linked: i64 = conn
        .query_row(
            "SELECT count(*) FROM ticket_kb_links l JOIN kb_articles k ON k.id = l.article_id
             WHERE l.ticket_id = 1 AND k.slug = 'printer-offline-restart-it'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 1);
}
