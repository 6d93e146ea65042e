//! End to end with real parts: a Dovecot IMAP server started here on
//! 127.0.0.1 (its own config, passwd-file auth, a Maildir this test fills)
//! and `fetchmail --mda 'loket --db X mail deliver'` fetching from it. The
//! mail ends as tickets and thread entries; while the desk is locked the
//! MDA answers 75 and fetchmail leaves the mail on the server for the next
//! poll. Dovecot and fetchmail come from Debian (`.ci/run` installs them);
//! without them this test fails, it does not skip.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

const DOVECOT: &str = "/usr/sbin/dovecot";

/// A Dovecot of our own, stopped by its pid when dropped.
struct Dovecot {
    child: Child,
    port: u16,
    maildir: PathBuf,
    dir: PathBuf,
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // SIGTERM by pid: the master stops its login, auth and imap processes.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn id_of(flag: &str, user: &str) -> String {
    let out = Command::new("id").args([flag, user]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn chown_r(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            chown_r(&entry.unwrap().path(), uid, gid);
        }
    }
}

fn start_dovecot(dir: &Path) -> Dovecot {
    assert!(
        Path::new(DOVECOT).exists(),
        "Dovecot is missing: apt-get install dovecot-imapd (.ci/run does)"
    );
    // Dovecot's auth and mail processes run as other users: they must be
    // able to reach the files.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (uid, gid) = (id_of("-u", "nobody"), id_of("-g", "nobody"));
    let home = dir.join("home/eva");
    let maildir = home.join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    std::fs::create_dir_all(dir.join("run")).unwrap();
    std::fs::create_dir_all(dir.join("state")).unwrap();
    std::fs::write(dir.join("passwd"), "eva:{PLAIN}geheim\n").unwrap();
    let port = free_port();
    let d = dir.display();
    std::fs::write(
        dir.join("dovecot.conf"),
        format!(
            "base_dir = {d}/run
state_dir = {d}/state
instance_name = loket-test-{port}
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {d}/dovecot.log
first_valid_uid = 1
mail_location = maildir:{d}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={d}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"
        ),
    )
    .unwrap();
    chown_r(
        &dir.join("home"),
        uid.parse().unwrap(),
        gid.parse().unwrap(),
    );
    let child = Command::new(DOVECOT)
        .args(["-F", "-c"])
        .arg(dir.join("dovecot.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Dovecot {
        child,
        port,
        maildir,
        dir: dir.to_path_buf(),
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "Dovecot did not listen on 127.0.0.1:{port}: {}",
            std::fs::read_to_string(dir.join("dovecot.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

impl Dovecot {
    /// Puts a mail into eva's INBOX the way an MTA delivers: into new/.
    fn deliver(&self, name: &str, raw: &str) {
        let tmp = self.maildir.join("tmp").join(name);
        std::fs::write(&tmp, raw).unwrap();
        let uid: u32 = id_of("-u", "nobody").parse().unwrap();
        let gid: u32 = id_of("-g", "nobody").parse().unwrap();
        std::os::unix::fs::chown(&tmp, Some(uid), Some(gid)).unwrap();
        std::fs::rename(&tmp, self.maildir.join("new").join(name)).unwrap();
    }

    /// Mail still on the server.
    fn waiting(&self) -> usize {
        ["new", "cur"]
            .iter()
            .map(|s| std::fs::read_dir(self.maildir.join(s)).unwrap().count())
            .sum()
    }

    /// One fetchmail poll, delivering through `mda`; returns its exit code.
    fn fetch(&self, mda: &str) -> i32 {
        assert!(
            Command::new("fetchmail").arg("--version").output().is_ok(),
            "fetchmail is missing: apt-get install fetchmail (.ci/run does)"
        );
        let rc = self.dir.join("fetchmailrc");
        std::fs::write(
            &rc,
            format!(
                "poll 127.0.0.1 with proto IMAP port {}\n  user \"eva\" there with password \"geheim\" is \"root\" here\n  sslproto \"\"\n",
                self.port
            ),
        )
        .unwrap();
        std::fs::set_permissions(&rc, std::fs::Permissions::from_mode(0o600)).unwrap();
        let out = Command::new("fetchmail")
            .env("HOME", &self.dir)
            .arg("-f")
            .arg(&rc)
            .args(["--nodetach", "--nosyslog", "--fetchall", "--nokeep"])
            .arg("--pidfile")
            .arg(self.dir.join("fetchmail.pid"))
            .args(["--mda", mda])
            .output()
            .unwrap();
        eprintln!(
            "fetchmail: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out.status.code().unwrap_or(-1)
    }
}

fn mail(from: &str, id: &str, subject: &str, extra: &str, body: &str) -> String {
    format!(
        "Return-Path: <{from}>\r\nFrom: {from}\r\nTo: support@desk.example\r\nSubject: {subject}\r\nDate: Thu, 3 Dec 2026 09:00:00 +0100\r\nMessage-ID: <{id}>\r\n{extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

#[test]
fn fetchmail_from_a_real_dovecot_brings_mail_in_as_tickets() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_dovecot(dir.path());
    let db = dir.path().join("desk.db");
    let loket = env!("CARGO_BIN_EXE_loket");
    let init = Command::new(loket)
        .arg("--db")
        .arg(&db)
        .arg("init")
        .output()
        .unwrap();
    assert!(init.status.success());
    let mda = format!("{loket} --db {} mail deliver --wait 1", db.display());

    server.deliver(
        "1796000001.M1P1.mx",
        &mail(
            "Eva de Vries <eva@example.nl>",
            "e1@example.nl",
            "Printer geeft fout 5",
            "",
            "De printer op kantoor geeft fout 5.",
        ),
    );
    server.deliver(
        "1796000002.M2P1.mx",
        &mail("eva@example.nl", "e2@example.nl", "Re: Printer geeft fout 5", "In-Reply-To: <e1@example.nl>\r\n", "Herstarten hielp niet.\r\n\r\nOp do 3 dec. 2026 om 09:00 schreef Eva <eva@example.nl>:\r\n> De printer op kantoor geeft fout 5."),
    );
    server.deliver(
        "1796000003.M3P1.mx",
        &mail(
            "Piet <piet@example.nl>",
            "p1@example.nl",
            "Factuur",
            "",
            "Waar blijft mijn factuur?",
        ),
    );
    assert_eq!(server.fetch(&mda), 0);
    assert_eq!(server.waiting(), 0, "fetchmail removed what loket took");
    let conn = Connection::open(&db).unwrap();
    let tickets: Vec<(i64, String, String)> = conn
        .prepare("SELECT t.id, t.subject, c.email FROM tickets t JOIN customers c ON c.id = t.customer_id ORDER BY t.id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        tickets,
        vec![
            (
                1,
                "Printer geeft fout 5".to_string(),
                "eva@example.nl".to_string()
            ),
            (2, "Factuur".to_string(), "piet@example.nl".to_string())
        ]
    );
    let (body, quoted): (String, String) = conn
        .query_row(
            "SELECT body, quoted FROM messages WHERE ticket_id = 1 ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(body, "Herstarten hielp niet.");
    assert!(
        quoted.starts_with("Op do 3 dec. 2026 om 09:00 schreef"),
        "{quoted}"
    );

    // The desk is locked by another writer: the MDA says "later" (75) and
    // fetchmail keeps the mail on the server; the next poll takes it.
    server.deliver(
        "1796000004.M4P1.mx",
        &mail(
            "piet@example.nl",
            "p2@example.nl",
            "Re: Factuur",
            "References: <p1@example.nl>\r\n",
            "Nog steeds niets.",
        ),
    );
    let holder = Connection::open(&db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE tickets SET updated_at = updated_at;")
        .unwrap();
    server.fetch(&mda);
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        server.waiting(),
        1,
        "the mail stays on the server while the desk is locked"
    );
    assert_eq!(
        conn.query_row(
            "SELECT count(*) FROM messages WHERE ticket_id = 2",
            [],
            |r| r.get::<_, i64>(0)
        )
        .unwrap(),
        1
    );
    assert_eq!(server.fetch(&mda), 0);
    assert_eq!(server.waiting(), 0);
    assert_eq!(
        conn.query_row(
            "SELECT count(*) FROM messages WHERE ticket_id = 2",
            [],
            |r| r.get::<_, i64>(0)
        )
        .unwrap(),
        2
    );
}

/// `mbsync` (isync) keeps a local Maildir in step with the server; `loket
/// mail import` takes it and marks what it took seen; the next `mbsync`
/// tells the server, where the mail now carries the Seen flag.
#[test]
fn mbsync_and_mail_import_mark_taken_mail_seen_on_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_dovecot(dir.path());
    let db = dir.path().join("desk.db");
    let loket = env!("CARGO_BIN_EXE_loket");
    assert!(
        Command::new(loket)
            .arg("--db")
            .arg(&db)
            .arg("init")
            .output()
            .unwrap()
            .status
            .success()
    );
    server.deliver(
        "1796000011.M11P1.mx",
        &mail(
            "Noor <noor@example.nl>",
            "n1@example.nl",
            "Abonnement opzeggen",
            "",
            "Hoe zeg ik mijn abonnement op?",
        ),
    );
    server.deliver(
        "1796000012.M12P1.mx",
        &mail(
            "noor@example.nl",
            "n2@example.nl",
            "Re: Abonnement opzeggen",
            "In-Reply-To: <n1@example.nl>\r\n",
            "Graag per 1 januari.",
        ),
    );
    let local = dir.path().join("local");
    std::fs::create_dir_all(&local).unwrap();
    let rc = dir.path().join("mbsyncrc");
    std::fs::write(
        &rc,
        format!(
            "IMAPAccount support\nHost 127.0.0.1\nPort {}\nUser eva\nPass geheim\nSSLType None\nAuthMechs LOGIN\n\n\
             IMAPStore support-remote\nAccount support\n\n\
             MaildirStore support-local\nPath {l}/\nInbox {l}/INBOX\n\n\
             Channel support\nFar :support-remote:\nNear :support-local:\nPatterns INBOX\nCreate Near\nSyncState *\nSync All\nExpunge None\n",
            server.port,
            l = local.display()
        ),
    )
    .unwrap();
    let mbsync = || {
        let out = Command::new("mbsync")
            .env("HOME", dir.path())
            .arg("-c")
            .arg(&rc)
            .arg("support")
            .output()
            .expect("mbsync is missing: apt-get install isync (.ci/run does)");
        assert!(
            out.status.success(),
            "mbsync: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    mbsync();
    let inbox = local.join("INBOX");
    let out = Command::new(loket)
        .arg("--db")
        .arg(&db)
        .args(["mail", "import"])
        .arg(&inbox)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (counts["new_tickets"].as_i64(), counts["threaded"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(std::fs::read_dir(inbox.join("new")).unwrap().count(), 0);
    mbsync();
    let mut on_server: Vec<String> = std::fs::read_dir(server.maildir.join("cur"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_server.sort();
    assert_eq!(on_server.len(), 2, "{on_server:?}");
    assert!(
        on_server.iter().all(|name| name
            .rsplit_once(":2,")
            .is_some_and(|(_, flags)| flags.contains('S'))),
        "seen on the server: {on_server:?}"
    );
    // Imported again after another sync: nothing twice.
    let out = Command::new(loket)
        .arg("--db")
        .arg(&db)
        .args(["mail", "import"])
        .arg(&inbox)
        .arg("--json")
        .output()
        .unwrap();
    let counts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (counts["taken"].as_i64(), counts["duplicates"].as_i64()),
        (Some(0), Some(2))
    );
}
