//! End to end in a real terminal: two consoles, as two agents, on one
//! database, each in its own tmux session. Anna opens the first ticket and
//! tags it; Bram's console, untouched, shows Anna on that ticket and the new
//! tag, refreshed by its own polling of `PRAGMA data_version`.
//!
//! How long Bram's console took to show the tag is printed (see
//! BENCHMARKS.md); the test itself waits with a generous deadline because
//! the machine may be busy, and asserts what is shown, not how fast.
//!
//! Needs tmux (`.ci/run` installs it); without it this test fails and says so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Duration;

use crate::tmux_support::{Tmux, console_command, generate};

fn console(home: &Path, db: &Path, agent: &str) -> String {
    console_command(home, db, &format!("--agent {agent}"), "sleep 30")
}

#[test]
fn two_consoles_on_one_database_see_each_others_changes() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let db = dir.path().join("desk.db");
    generate(&db, &home);

    let tmux = Tmux::new("multi").poll_every(Duration::from_millis(50));
    tmux.start_session("anna", 120, 40, &console(&home, &db, "anna"));
    tmux.start_session("bram", 120, 40, &console(&home, &db, "bram"));
    let ready = |s: &str| s.contains("Queue") && s.contains("Ticket #");
    let (screen, _) = tmux.wait_in("anna", ready);
    assert!(ready(&screen), "Anna's console is up:\n{screen}");
    let (screen, _) = tmux.wait_in("bram", ready);
    assert!(ready(&screen), "Bram's console is up:\n{screen}");

    // Anna opens the first ticket: Bram's queue shows her on it.
    tmux.keys_to("anna", &["Enter"]);
    let (screen, _) = tmux.wait_in("bram", |s| s.contains("◉anna"));
    assert!(
        screen.contains("◉anna"),
        "Bram sees Anna on the ticket:\n{screen}"
    );

    // Anna tags it; Bram's detail pane (previewing the same first ticket) shows the tag.
    tmux.keys_to("anna", &["t"]);
    tmux.keys_to("anna", &["seen-by-bram"]);
    tmux.keys_to("anna", &["Enter"]);
    let (anna, _) = tmux.wait_in("anna", |s| s.contains("seen-by-bram"));
    assert!(
        anna.contains("seen-by-bram"),
        "Anna's change landed:\n{anna}"
    );
    let (screen, took) = tmux.wait_in("bram", |s| s.contains("seen-by-bram"));
    assert!(
        screen.contains("seen-by-bram"),
        "Bram's console shows Anna's change without a key pressed:\n{screen}"
    );
    eprintln!("Bram's console showed Anna's tag {took:?} after Anna's console did");
    tmux.keys_to("anna", &["q"]);
    tmux.keys_to("bram", &["q"]);
}
