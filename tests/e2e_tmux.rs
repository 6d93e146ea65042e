//! End to end in a real terminal: tmux runs the built binary on a generated
//! desk, keys move down the queue and open a ticket, the captured screen shows
//! that ticket's subject and thread, and `q` quits with exit code 0.
//!
//! Needs tmux (`.ci/run` installs it). Without it this test fails and says so:
//! a skipped end-to-end check would hide a broken console.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use loket::store::queue::{QueueQuery, StatusFilter};
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

fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

#[test]
fn open_a_ticket_in_a_real_terminal_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let db = dir.path().join("desk.db");
    generate(&db, &home);

    // The third ticket of the queue, as the store orders it.
    let conn = store::open(&db, OpenMode::ReadOnly).unwrap();
    let page = store::queue::page(
        &conn,
        &QueueQuery {
            status: StatusFilter::Active,
            offset: 2,
            limit: 1,
        },
    )
    .unwrap();
    let expected = store::tickets::detail(&conn, page.rows[0].id).unwrap();
    let agent = store::agents::list(&conn).unwrap()[0].name.clone();
    drop(conn);

    let rc = dir.path().join("rc");
    let command = format!(
        "env HOME={home} XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config LANG=C.UTF-8 TERM=xterm-256color \
         {bin} --db {db} --agent {agent}; echo $? > {rc}; sleep 30",
        home = home.display(),
        bin = env!("CARGO_BIN_EXE_loket"),
        db = db.display(),
        rc = rc.display(),
    );
    let tmux = Tmux::new("open");
    tmux.start(120, 40, &command);

    let first = store::open(&db, OpenMode::ReadOnly)
        .and_then(|c| {
            store::queue::page(
                &c,
                &QueueQuery {
                    status: StatusFilter::Active,
                    offset: 0,
                    limit: 1,
                },
            )
        })
        .unwrap();
    let first_id = first.rows[0].id.to_string();
    let screen = tmux.wait_for(|s| s.contains(&first_id));
    assert!(
        screen.contains(&first_id),
        "the queue shows its first ticket:\n{screen}"
    );

    tmux.keys(&["j", "j", "Enter"]);
    let subject = first_words(&expected.subject, 3);
    let body = first_words(expected.messages[0].body.lines().next().unwrap_or(""), 3);
    let screen = tmux.wait_for(|s| s.contains(&subject) && s.contains(&body));
    assert!(
        screen.contains(&subject),
        "the subject {subject:?} is on screen:\n{screen}"
    );
    assert!(
        screen.contains(&body),
        "the thread's first message {body:?} is on screen:\n{screen}"
    );
    assert!(
        screen.contains(&expected.customer.name),
        "the customer is on screen:\n{screen}"
    );

    tmux.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !rc.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let code = std::fs::read_to_string(&rc).expect("loket exited");
    assert_eq!(code.trim(), "0", "q quits with exit code 0");
    // The terminal is restored: the alternate screen is gone with the queue on it.
    let screen = tmux.wait_for(|s| !s.contains(&subject));
    assert!(
        !screen.contains(&subject),
        "the console's screen is gone after quitting:\n{screen}"
    );
}
