//! The harness of the end-to-end tests in a real terminal: running the built
//! `loket` binary in a private home, and a private tmux server to run the
//! console in, send it keys and read its screen.
//!
//! Needs tmux (`.ci/run` installs it). Without it these tests fail and say
//! so: a skipped end-to-end check would hide a broken console.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The built binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_loket");

/// How long `wait_for` and friends wait for a screen: generous, because the
/// machine may be busy.
const DEADLINE: Duration = Duration::from_secs(20);

/// Fails the test, saying why, when tmux is not installed.
pub fn require_tmux() {
    assert!(
        Command::new("tmux")
            .arg("-V")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false),
        "tmux is needed for the end-to-end test: install it (apt-get install tmux)"
    );
}

/// Runs `loket args` with `home` as its home (and state and config under
/// it); asserts it succeeded and returns its standard output.
pub fn loket(home: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "loket {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A desk with one agent, anna, and nothing else.
const ANNA_ONLY: &str = r#"{"format":"loket-desk","version":1,
 "agents":[{"name":"anna","display_name":"Anna de Vries","role":"agent","teams":[],"tier":1,"skills":[],"languages":["en"]}],
 "teams":[],"customers":[],"tickets":[],"canned_responses":[],"kb_articles":[],"surveys":[]}"#;

/// Imports the one-agent desk into `dir/desk.db` with `loket import`;
/// returns the home to run loket with and the database's path.
pub fn anna_desk(dir: &Path) -> (PathBuf, PathBuf) {
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let db = dir.join("desk.db");
    let desk = dir.join("desk.json");
    std::fs::write(&desk, ANNA_ONLY).unwrap();
    // Importing a whole desk is an admin's work: the test account is the
    // desk's first admin (loket acts as the operating-system account).
    let account = loket::cli::identity::Account::current()
        .name
        .expect("the test account has a name");
    loket(
        &home,
        &["--db", db.to_str().unwrap(), "init", "--admin", &account],
    );
    loket(
        &home,
        &[
            "--db",
            db.to_str().unwrap(),
            "import",
            desk.to_str().unwrap(),
        ],
    );
    (home, db)
}

/// Ticket 1 on the one-agent desk: Eva Bakker's printer is offline.
pub fn printer_ticket(home: &Path, db: &Path) {
    loket(
        home,
        &[
            "--db",
            db.to_str().unwrap(),
            "--agent",
            "anna",
            "ticket",
            "new",
            "--subject",
            "Printer offline",
            "--customer",
            "eva@example.nl",
            "--name",
            "Eva Bakker",
            "--body",
            "It does not print",
        ],
    );
}

/// Generates the usual desk in `db`: 300 tickets, seed 11, "now" Monday
/// 2026-11-23 10:00 UTC.
pub fn generate(db: &Path, home: &Path) {
    loket(
        home,
        &[
            "--db",
            db.to_str().unwrap(),
            "generate",
            "--tickets",
            "300",
            "--seed",
            "11",
            "--now",
            "2026-11-23T10:00:00Z",
        ],
    );
}

/// A shell command running the console on `db` with `args` in a private
/// home, English and a 256-colour terminal; `then` runs after it exits
/// (for instance `sleep 30`, to keep the last screen readable).
pub fn console_command(home: &Path, db: &Path, args: &str, then: &str) -> String {
    format!(
        "env HOME={home} XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config LANG=C.UTF-8 TERM=xterm-256color \
         {BIN} --db {db} {args}; {then}",
        home = home.display(),
        db = db.display(),
    )
}

/// A private tmux server (its own socket, `-L`), killed when dropped.
pub struct Tmux {
    socket: String,
    /// Whether a failing tmux command fails the test.
    strict: bool,
    /// The pause after each key sent.
    key_delay: Duration,
    /// The pause between two looks at the screen while waiting.
    poll: Duration,
}

/// The session `start`, `keys`, `screen` and `wait_for` use.
pub const SESSION: &str = "t";

impl Tmux {
    /// A server on socket `loket-test-{tag}-{pid}` whose commands must
    /// succeed; keys 60 ms apart, the screen read every 100 ms.
    pub fn new(tag: &str) -> Tmux {
        require_tmux();
        Tmux {
            socket: format!("loket-test-{tag}-{}", std::process::id()),
            strict: true,
            key_delay: Duration::from_millis(60),
            poll: Duration::from_millis(100),
        }
    }

    /// A server on socket `{socket}` whose failing commands are let pass
    /// (their output is returned all the same); keys 80 ms apart, the
    /// screen read every 100 ms.
    pub fn lenient(socket: String) -> Tmux {
        require_tmux();
        Tmux {
            socket,
            strict: false,
            key_delay: Duration::from_millis(80),
            poll: Duration::from_millis(100),
        }
    }

    /// Reads the screen every `poll` while waiting.
    pub fn poll_every(mut self, poll: Duration) -> Tmux {
        self.poll = poll;
        self
    }

    /// Runs `tmux -L socket args`; returns its standard output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        if self.strict {
            assert!(
                out.status.success(),
                "tmux {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `command` in a new detached session of `width` × `height`.
    pub fn start_session(&self, session: &str, width: u16, height: u16, command: &str) {
        self.run(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            command,
        ]);
    }

    /// Starts `command` in the session [`SESSION`].
    pub fn start(&self, width: u16, height: u16, command: &str) {
        self.start_session(SESSION, width, height, command);
    }

    /// Sends `keys` to `session`, one at a time.
    pub fn keys_to(&self, session: &str, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", session, key]);
            std::thread::sleep(self.key_delay);
        }
    }

    /// Sends `keys` to the session [`SESSION`].
    pub fn keys(&self, keys: &[&str]) {
        self.keys_to(SESSION, keys);
    }

    /// What `session` shows now.
    pub fn screen_of(&self, session: &str) -> String {
        self.run(&["capture-pane", "-t", session, "-p"])
    }

    /// What the session [`SESSION`] shows now.
    pub fn screen(&self) -> String {
        self.screen_of(SESSION)
    }

    /// Waits until `session`'s screen satisfies `ok`, up to a generous
    /// deadline; returns the last screen either way and how long it took.
    pub fn wait_in(&self, session: &str, ok: impl Fn(&str) -> bool) -> (String, Duration) {
        let start = Instant::now();
        let deadline = start + DEADLINE;
        loop {
            let screen = self.screen_of(session);
            if ok(&screen) || Instant::now() > deadline {
                return (screen, start.elapsed());
            }
            std::thread::sleep(self.poll);
        }
    }

    /// Waits until the screen of [`SESSION`] satisfies `ok`, up to a
    /// generous deadline; returns the last screen either way.
    pub fn wait_for(&self, ok: impl Fn(&str) -> bool) -> String {
        self.wait_in(SESSION, ok).0
    }

    /// Waits until the screen of [`SESSION`] contains `what`; returns the
    /// last screen either way.
    pub fn wait_for_text(&self, what: &str) -> String {
        self.wait_for(|s| s.contains(what))
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
