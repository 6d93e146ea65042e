#![allow(clippy::unwrap_used, clippy::expect_used)]
//! End to end in a real terminal (tmux): an agent opens a ticket, inserts a
//! canned response, sends it as a public reply with status pending, and
//! `loket ticket show ID --json` then shows that message and status.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const DESK: &str = r#"{"format":"loket-desk","version":1,
 "agents":[{"name":"anna","display_name":"Anna de Vries","role":"agent","teams":[],"tier":1,"skills":[],"languages":["en"]}],
 "teams":[],"customers":[],"tickets":[],"canned_responses":[],"kb_articles":[],"surveys":[]}"#;

fn loket(home: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
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

struct Tmux(String);

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.0)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "t", key]);
            std::thread::sleep(Duration::from_millis(80));
        }
    }

    fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.run(&["capture-pane", "-t", "t", "-p"]);
            if screen.contains(what) || Instant::now() > deadline {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

#[test]
fn canned_reply_with_pending_from_a_real_terminal() {
    if !Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
    {
        panic!("tmux is needed for the end-to-end test: install it (apt-get install tmux)");
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let db = dir.path().join("desk.db");
    let db_s = db.to_str().unwrap();
    let desk = dir.path().join("desk.json");
    std::fs::write(&desk, DESK).unwrap();
    loket(&home, &["--db", db_s, "import", desk.to_str().unwrap()]);
    loket(
        &home,
        &[
            "--db",
            db_s,
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

    let tmux = Tmux(format!("loket-reply-{}", std::process::id()));
    let command = format!(
        "HOME={} XDG_STATE_HOME={} {} --db {db_s} --agent anna --lang en",
        home.display(),
        home.join("state").display(),
        env!("CARGO_BIN_EXE_loket"),
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "120",
        "-y",
        "40",
        &command,
    ]);
    let screen = tmux.wait_for("Printer offline");
    assert!(screen.contains("Printer offline"), "{screen}");
    tmux.keys(&["Enter", "r", "C-k"]);
    tmux.wait_for("Printer help");
    tmux.keys(&["p", "r", "i", "n", "Enter"]);
    let screen = tmux.wait_for("please restart it");
    assert!(
        screen.contains("Hi Eva, please restart it. Anna de Vries"),
        "{screen}"
    );
    tmux.keys(&["C-s"]);
    let screen = tmux.wait_for("Send reply?");
    assert!(screen.contains("p send+pending"), "{screen}");
    tmux.keys(&["p"]);
    let screen = tmux.wait_for("Reply sent.");
    assert!(screen.contains("Reply sent."), "{screen}");
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
