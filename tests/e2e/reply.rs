#![allow(clippy::unwrap_used, clippy::expect_used)]
//! End to end in a real terminal (tmux): an agent opens a ticket, inserts a
//! canned response, sends it as a public reply with status pending, and
//! `loket ticket show ID --json` then shows that message and status.

use crate::tmux_support::{BIN, Tmux, anna_desk, loket, printer_ticket, require_tmux};

#[test]
fn canned_reply_with_pending_from_a_real_terminal() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = anna_desk(dir.path());
    let db_s = db.to_str().unwrap();
    printer_ticket(&home, &db);
    loket(
        &home,
        &[
            "--db",
            db_s,
            "canned",
            "add",
            "--title",
            "Printer help",
            "--shortcut",
            "printer",
            "--body",
            "Hi {customer_first_name}, please restart it. {agent_name}",
        ],
    );

    let tmux = Tmux::lenient(format!("loket-reply-{}", std::process::id()));
    let command = format!(
        "HOME={} XDG_STATE_HOME={} {} --db {db_s} --agent anna --lang en",
        home.display(),
        home.join("state").display(),
        BIN,
    );
    tmux.start(120, 40, &command);
    let screen = tmux.wait_for_text("Printer offline");
    assert!(screen.contains("Printer offline"), "{screen}");
    tmux.keys(&["Enter", "r", "C-k"]);
    tmux.wait_for_text("Printer help");
    tmux.keys(&["p", "r", "i", "n", "Enter"]);
    let screen = tmux.wait_for_text("please restart it");
    assert!(
        screen.contains("Hi Eva, please restart it. Anna de Vries"),
        "{screen}"
    );
    tmux.keys(&["C-s"]);
    let screen = tmux.wait_for_text("Send reply?");
    assert!(screen.contains("p send+pending"), "{screen}");
    tmux.keys(&["p"]);
    let screen = tmux.wait_for_text("Reply saved; not e-mailed");
    assert!(screen.contains("Reply saved; not e-mailed"), "{screen}");
    tmux.keys(&["Escape", "q"]);

    let shown: serde_json::Value = serde_json::from_str(&loket(
        &home,
        &["--db", db_s, "ticket", "show", "1", "--json"],
    ))
    .unwrap();
    assert_eq!(shown["status"], "pending", "{shown}");
    let last = shown["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "public", "{last}");
    assert_eq!(last["author"], "agent", "{last}");
    assert_eq!(
        last["body"], "Hi Eva, please restart it. Anna de Vries",
        "{last}"
    );
}
