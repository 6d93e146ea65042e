#![allow(clippy::unwrap_used, clippy::expect_used)]
//! End to end in a real terminal: `loket dashboard --read-only` in tmux
//! shows a change another process writes (`loket ticket set`) without a
//! key being pressed, and its write keys are refused with a message.
//!
//! Needs tmux (`.ci/run` installs it). Without it this test fails and says so.

use std::time::Instant;

use crate::tmux_support::{Tmux, console_command, generate, loket};
use loket::store::{self, OpenMode};

/// The backlog tile's first line: "total · new new now".
fn backlog_text(total: i64, new: i64) -> String {
    format!("{total} · {new} new now")
}

#[test]
fn a_read_only_dashboard_shows_another_process_s_change() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let db = dir.path().join("desk.db");
    generate(&db, &home);
    let conn = store::open(&db, OpenMode::ReadOnly, &loket::clock::SystemClock).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let total = count("SELECT count(*) FROM tickets WHERE is_active = 1");
    let new = count("SELECT count(*) FROM tickets WHERE is_active = 1 AND assignee_id IS NULL");
    let ticket = count("SELECT min(id) FROM tickets WHERE is_active = 1 AND assignee_id IS NULL");
    let agent = store::agents::list(&conn, 0).unwrap()[0].name.clone();
    drop(conn);
    assert!(new > 0, "the generated desk has unassigned tickets");

    let command = console_command(&home, &db, "--read-only dashboard", "sleep 30");
    let tmux = Tmux::new("dashboard");
    tmux.start(120, 40, &command);
    let before = backlog_text(total, new);
    let screen = tmux.wait_for(|s| s.contains(&before));
    assert!(
        screen.contains(&before),
        "the backlog tile shows {before:?}:\n{screen}"
    );
    assert!(screen.contains("[read-only]"), "{screen}");

    // Another process solves an unassigned ticket; no key is pressed here.
    let written = Instant::now();
    loket(
        &home,
        &[
            "--db",
            db.to_str().unwrap(),
            "--agent",
            &agent,
            "ticket",
            "set",
            &ticket.to_string(),
            "--status",
            "solved",
        ],
    );
    let after = backlog_text(total - 1, new - 1);
    let screen = tmux.wait_for(|s| s.contains(&after));
    assert!(
        screen.contains(&after),
        "the dashboard shows the change ({after:?}) by itself:\n{screen}"
    );
    // Seen within the worker's poll interval plus a load; printed for the
    // record (speed is shown in BENCHMARKS.md, not asserted).
    eprintln!("change visible after {:?}", written.elapsed());

    // Back to the queue; a write key is refused with the read-only message.
    tmux.keys(&["D", "x"]);
    let screen = tmux.wait_for(|s| s.contains("read-only; start it without --read-only"));
    assert!(
        screen.contains("read-only; start it without --read-only"),
        "{screen}"
    );
}
