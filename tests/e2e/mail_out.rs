#![allow(clippy::unwrap_used, clippy::expect_used)]
//! End to end in a real terminal (tmux) with a real SMTP server (aiosmtpd):
//! two consoles on one desk that sends mail; an agent replies in one, the
//! consoles' background delivery hands the mail to the server once, and
//! both consoles' threads then show it e-mailed with the relay's answer.

use std::time::Duration;

use crate::mail_support::{SmtpSink, smtp_settings};
use crate::tmux_support::{Tmux, anna_desk, console_command, printer_ticket, require_tmux};

#[test]
fn a_reply_from_the_console_is_delivered_once_and_both_consoles_see_it() {
    require_tmux();
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = anna_desk(dir.path());
    printer_ticket(&home, &db);
    {
        let conn = loket::store::open(
            &db,
            loket::store::OpenMode::ReadWrite,
            &loket::clock::SystemClock,
        )
        .unwrap();
        smtp_settings(&conn, sink.port);
    }

    let tmux = Tmux::lenient(format!("loket-mail-{}", std::process::id()));
    let command = console_command(&home, &db, "--agent anna --lang en", "sleep 30");
    tmux.start_session("a", 120, 40, &command);
    tmux.start_session("b", 120, 40, &command);
    for session in ["a", "b"] {
        let (screen, _) = tmux.wait_in(session, |s| s.contains("Printer offline"));
        assert!(screen.contains("Printer offline"), "{screen}");
        tmux.keys_to(session, &["Enter"]);
        let (screen, _) = tmux.wait_in(session, |s| s.contains("It does not print"));
        assert!(screen.contains("It does not print"), "{screen}");
    }

    tmux.keys_to("a", &["r"]);
    let (screen, _) = tmux.wait_in("a", |s| s.contains("e-mailed to eva@example.nl"));
    assert!(
        screen.contains("Public reply — e-mailed to eva@example.nl"),
        "{screen}"
    );
    tmux.keys_to("a", &["Please restart it."]);
    tmux.keys_to("a", &["C-s"]);
    tmux.wait_in("a", |s| s.contains("Send reply?"));
    tmux.keys_to("a", &["Enter"]);
    let (screen, _) = tmux.wait_in("a", |s| s.contains("Reply saved and queued for e-mail."));
    assert!(
        screen.contains("Reply saved and queued for e-mail."),
        "{screen}"
    );

    for session in ["a", "b"] {
        let (screen, _) = tmux.wait_in(session, |s| s.contains("✉ e-mailed"));
        assert!(screen.contains("✉ e-mailed"), "{session}: {screen}");
        assert!(
            screen.contains("relay: 250 2.0.0 Ok: queued as 000001"),
            "{session}: {screen}"
        );
    }
    // Two consoles deliver; the mail arrives once. Give the second
    // console's thread a few of its rounds to (not) send it again.
    std::thread::sleep(Duration::from_secs(7));
    assert_eq!(sink.count(), 1);
    let got = sink.received();
    let text = String::from_utf8_lossy(&got[0].raw);
    assert!(text.contains("Please restart it."), "{text}");
    assert!(text.contains("Subject: Re: [#1] Printer offline"), "{text}");
    tmux.keys_to("a", &["q"]);
    tmux.keys_to("b", &["q"]);
}
