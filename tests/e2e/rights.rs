//! End to end in a real terminal: an agent presses a key its role may not
//! use (y, hand the ticket to a team: reassigning across teams is a
//! supervisor's right). The status line says which key, who, and the right
//! that is missing; the ticket keeps its team; the help greys the key.
//!
//! Needs tmux (`.ci/run` installs it). Without it this test fails and says so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::tmux_support::{Tmux, anna_desk, console_command, printer_ticket, require_tmux};

#[test]
fn a_refused_key_says_why_and_changes_nothing() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = anna_desk(dir.path());
    printer_ticket(&home, &db);
    let tmux = Tmux::new("rights");
    tmux.start(
        120,
        40,
        &console_command(&home, &db, "--agent anna", "sleep 30"),
    );
    tmux.wait_for_text("Printer offline");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("It does not print");
    tmux.keys(&["y"]);
    let screen = tmux
        .wait_for_text("y: needs the right 'reassign' (supervisors and admins); you are an agent.");
    assert!(
        !screen.contains("Team for"),
        "no team chooser opens: {screen}"
    );
    tmux.keys(&["?"]);
    let help = tmux.wait_for_text("(needs the right 'reassign')");
    assert!(help.contains("Help") || help.contains("help"), "{help}");
    tmux.keys(&["Escape", "q"]);
    let conn = loket::store::open(
        &db,
        loket::store::OpenMode::ReadOnly,
        &loket::clock::SystemClock,
    )
    .unwrap();
    let team: Option<i64> = conn
        .query_row("SELECT team_id FROM tickets WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(team, None, "the ticket kept its (no) team");
    drop(conn);
}
