#![allow(clippy::unwrap_used, clippy::expect_used)]
//! End to end in a real terminal (tmux): a reply carries a file (sent from
//! the command line); in the console the agent opens the ticket, sees the
//! file in the thread, presses `d`, takes the suggested path in
//! `$XDG_DOWNLOAD_DIR`, and the file is on disk once the status bar says
//! so; a second save asks before overwriting.

use crate::tmux_support::{Tmux, anna_desk, console_command, loket, printer_ticket, require_tmux};

#[test]
fn saving_an_attachment_from_a_real_terminal() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = anna_desk(dir.path());
    let db_s = db.to_str().unwrap();
    printer_ticket(&home, &db);
    let manual = dir.path().join("manual.pdf");
    std::fs::write(&manual, b"%PDF-1.4 the printer manual").unwrap();
    loket(
        &home,
        &[
            "--db",
            db_s,
            "--agent",
            "anna",
            "ticket",
            "reply",
            "1",
            "--body",
            "The manual is attached.",
            "--attach",
            manual.to_str().unwrap(),
        ],
    );
    let downloads = dir.path().join("dl");
    std::fs::create_dir(&downloads).unwrap();

    let tmux = Tmux::lenient(format!("loket-att-{}", std::process::id()));
    let command = console_command(&home, &db, "--agent anna --lang en", "sleep 30").replacen(
        "env ",
        &format!("env XDG_DOWNLOAD_DIR={} ", downloads.display()),
        1,
    );
    tmux.start(120, 40, &command);
    tmux.wait_for_text("Printer offline");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_text("manual.pdf");
    assert!(
        screen.contains("manual.pdf · application/pdf · 27 B"),
        "{screen}"
    );
    assert!(screen.contains("1 attachment · d saves it"), "{screen}");
    tmux.keys(&["d"]);
    let screen = tmux.wait_for_text("Save manual.pdf as");
    let target = downloads.join("manual.pdf");
    assert!(
        screen.contains(&target.display().to_string()),
        "prefilled with the download directory: {screen}"
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_text("Saved manual.pdf to");
    assert!(screen.contains("(27 B)"), "{screen}");
    assert_eq!(
        std::fs::read(&target).unwrap(),
        b"%PDF-1.4 the printer manual"
    );

    std::fs::write(&target, b"changed").unwrap();
    tmux.keys(&["d", "Enter"]);
    tmux.wait_for_text("exists already. Overwrite it?");
    tmux.keys(&["Escape"]);
    tmux.wait_for_text("Not saved:");
    assert_eq!(std::fs::read(&target).unwrap(), b"changed");
    tmux.keys(&["d", "Enter"]);
    tmux.wait_for_text("exists already. Overwrite it?");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Saved manual.pdf to");
    assert_eq!(
        std::fs::read(&target).unwrap(),
        b"%PDF-1.4 the printer manual"
    );
    tmux.keys(&["Escape", "q"]);
}
