#![allow(clippy::unwrap_used, clippy::expect_used)]
//! End to end in a real terminal: `loket dashboard --read-only` in tmux
//! shows a change another process writes (`loket ticket set`) without a
//! key being pressed, and its write keys are refused with a message.
//!
//! Needs tmux (`.ci/run` installs it). Without it this test fails and says so.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use loket::store::{self, OpenMode};

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

    fn start(&self, width: u16, height: u16, command: &str) {
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            command,
        ]);
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.tmux(&["send-keys", "-t", "t", key]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-t", "t", "-p"])
    }

    /// Waits until the screen satisfies `ok`, up to a generous deadline (the
    /// machine may be busy); returns the last screen either way.
    fn wait_for(&self, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if ok(&screen) || Instant::now() > deadline {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(100));
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

fn loket(db: &Path, home: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The backlog tile's first line: "total · new new now".
fn backlog_text(total: i64, new: i64) -> String {
    format!("{total} · {new} new now")
}

#[test]
fn a_read_only_dashboard_shows_another_process_s_change() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let db = dir.path().join("desk.db");
    loket(
        &db,
        &home,
        &[
            "generate",
            "--tickets",
            "300",
            "--seed",
            "11",
            "--now",
            "2026-11-23T10:00:00Z",
        ],
    );
    let conn = store::open(&db, OpenMode::ReadOnly).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let total = count("SELECT count(*) FROM tickets WHERE is_active = 1");
    let new = count("SELECT count(*) FROM tickets WHERE is_active = 1 AND assignee_id IS NULL");
    let ticket = count("SELECT min(id) FROM tickets WHERE is_active = 1 AND assignee_id IS NULL");
    let agent = store::agents::list(&conn).unwrap()[0].name.clone();
    drop(conn);
    assert!(new > 0, "the generated desk has unassigned tickets");

    let command = format!(
        "env HOME={home} XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config LANG=C.UTF-8 TERM=xterm-256color \
         {bin} --db {db} --read-only dashboard; sleep 30",
        home = home.display(),
        bin = env!("CARGO_BIN_EXE_loket"),
        db = db.display(),
    );
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
        &db,
        &home,
        &[
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
