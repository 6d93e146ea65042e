//! Running the built `loket` binary in a private home, for CLI tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;

/// A `loket` command with a private home, no `$LOKET_DB` and English.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("loket").unwrap();
        let home = self.dir.path().join("home");
        cmd.env_clear()
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("LANG", "C.UTF-8")
            .env("USER", "nobody-here")
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd
    }

    /// Makes `db` a desk whose first admin is the account running the tests,
    /// so commands without `--agent` act as that admin (loket acts as the
    /// operating-system account, never as `$USER`).
    pub fn admin_desk(&self, db: &str) {
        let out = self.run(&["--db", db, "init", "--admin", &account()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }
}

/// The login name of the account running the tests, as loket sees it.
pub fn account() -> String {
    loket::cli::identity::Account::current()
        .name
        .expect("the test account has a name")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts exit code 2, the message on stderr, and nothing on stdout.
pub fn assert_refused(out: &Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(out));
    assert!(stderr(out).contains(needle), "stderr: {}", stderr(out));
    assert!(stdout(out).is_empty(), "nothing on stdout: {}", stdout(out));
}
