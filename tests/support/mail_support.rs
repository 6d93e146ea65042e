//! A real SMTP server for the mail tests: tests/smtp_sink.py (aiosmtpd)
//! started on 127.0.0.1 in a temporary directory and stopped by its pid.
//! Without aiosmtpd the tests fail (CI installs it, see .ci/run).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpSink {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
}

/// One message the server took.
pub struct Received {
    pub name: String,
    pub raw: Vec<u8>,
    pub rcpt: Vec<String>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        Self::start_with(&[])
    }

    /// Starts the server with extra arguments (like `--delay 0.01`).
    pub fn start_with(args: &[&str]) -> SmtpSink {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
        let child = Command::new("python3")
            .arg(&script)
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs tests/smtp_sink.py (install aiosmtpd: python3 -m pip install aiosmtpd)");
        let mut sink = SmtpSink {
            dir,
            port: 0,
            child,
        };
        let port_file = sink.dir.path().join("port");
        let started = Instant::now();
        while !port_file.exists() {
            if let Ok(Some(status)) = sink.child.try_wait() {
                panic!(
                    "the SMTP server ended ({status}); is aiosmtpd installed? python3 -m pip install aiosmtpd"
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the SMTP server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        sink.port = std::fs::read_to_string(&port_file)
            .expect("port file")
            .trim()
            .parse()
            .expect("a port");
        sink
    }

    /// Makes the server answer `code` (451 or 550) to `addr`; `None` lifts
    /// every rule.
    pub fn refuse(&self, rule: Option<(&str, &str)>) {
        let path = self.dir.path().join("rules");
        match rule {
            Some((code, addr)) => std::fs::write(path, format!("{code} {addr}\n")).expect("rules"),
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// Every message taken so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("read dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let raw = std::fs::read(&p).expect("message");
                let rcpt = std::fs::read_to_string(p.with_extension("rcpt")).unwrap_or_default();
                Received {
                    name: p.file_stem().unwrap().to_string_lossy().into_owned(),
                    raw,
                    rcpt: rcpt.lines().map(str::to_string).collect(),
                }
            })
            .collect()
    }

    pub fn count(&self) -> usize {
        std::fs::read_dir(self.dir.path())
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .count()
            })
            .unwrap_or(0)
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The desk's mail settings for sending to `port` on 127.0.0.1.
pub fn smtp_settings(conn: &rusqlite::Connection, port: u16) {
    for (k, v) in [
        ("mail.address", "Support <support@example.nl>"),
        ("mail.team.Billing", "Billing desk <billing@example.nl>"),
        ("mail.transport", "smtp"),
        ("mail.smtp.host", "127.0.0.1"),
        ("mail.smtp.port", &port.to_string()),
        ("mail.smtp.security", "none"),
    ] {
        set(conn, k, v);
    }
}

pub fn set(conn: &rusqlite::Connection, key: &str, value: &str) {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
    .expect("setting");
}
