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
use std::process::Command;
use std::time::{Duration, Instant};

/// A private tmux server (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(tag: &str) -> Tmux {
        assert!(
            Command::new("tmux")
                .arg("-V")
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false),
            "tmux is needed for the end-to-end test: install it (apt-get install tmux)"
        );
        Tmux {
            socket: format!("loket-test-{tag}-{}", std::process::id()),
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn start(&self, session: &str, command: &str) {
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "120",
            "-y",
            "40",
            command,
        ]);
    }

    fn keys(&self, session: &str, keys: &[&str]) {
        for key in keys {
            self.tmux(&["send-keys", "-t", session, key]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn screen(&self, session: &str) -> String {
        self.tmux(&["capture-pane", "-t", session, "-p"])
    }

    /// Waits until the screen satisfies `ok`, up to a generous deadline;
    /// returns the last screen and how long it took.
    fn wait_for(&self, session: &str, ok: impl Fn(&str) -> bool) -> (String, Duration) {
        let start = Instant::now();
        let deadline = start + Duration::from_secs(20);
        loop {
            let screen = self.screen(session);
            if ok(&screen) || Instant::now() > deadline {
                return (screen, start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn generate(db: &Path, home: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "generate",
            "--tickets",
            "300",
            "--seed",
            "11",
        ])
        .args(["--now", "2026-11-23T10:00:00Z"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn console(home: &Path, db: &Path, agent: &str) -> String {
    format!(
        "env HOME={home} XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config LANG=C.UTF-8 TERM=xterm-256color \
         {bin} --db {db} --agent {agent}; sleep 30",
        home = home.display(),
        bin = env!("CARGO_BIN_EXE_loket"),
        db = db.display(),
    )
}

#[test]
fn two_consoles_on_one_database_see_each_others_changes() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let db = dir.path().join("desk.db");
    generate(&db, &home);

    let tmux = Tmux::new("multi");
    tmux.start("anna", &console(&home, &db, "anna"));
    tmux.start("bram", &console(&home, &db, "bram"));
    let ready = |s: &str| s.contains("Queue") && s.contains("Ticket #");
    let (screen, _) = tmux.wait_for("anna", ready);
    assert!(ready(&screen), "Anna's console is up:\n{screen}");
    let (screen, _) = tmux.wait_for("bram", ready);
    assert!(ready(&screen), "Bram's console is up:\n{screen}");

    // Anna opens the first ticket: Bram's queue shows her on it.
    tmux.keys("anna", &["Enter"]);
    let (screen, _) = tmux.wait_for("bram", |s| s.contains("◉anna"));
    assert!(
        screen.contains("◉anna"),
        "Bram sees Anna on the ticket:\n{screen}"
    );

    // Anna tags it; Bram's detail pane (previewing the same first ticket) shows the tag.
    tmux.keys("anna", &["t"]);
    tmux.keys("anna", &["seen-by-bram"]);
    tmux.keys("anna", &["Enter"]);
    let (anna, _) = tmux.wait_for("anna", |s| s.contains("seen-by-bram"));
    assert!(
        anna.contains("seen-by-bram"),
        "Anna's change landed:\n{anna}"
    );
    let (screen, took) = tmux.wait_for("bram", |s| s.contains("seen-by-bram"));
    assert!(
        screen.contains("seen-by-bram"),
        "Bram's console shows Anna's change without a key pressed:\n{screen}"
    );
    eprintln!("Bram's console showed Anna's tag {took:?} after Anna's console did");
    tmux.keys("anna", &["q"]);
    tmux.keys("bram", &["q"]);
}
