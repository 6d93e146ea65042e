//! End to end with a real Postfix (Debian's `postfix`), a private instance
//! started here on 127.0.0.1 in a temporary directory: mail sent to it over
//! SMTP is piped to `loket mail deliver` by a `pipe` transport, the way a
//! desk's MTA is set up (README, "Connecting your mailbox"). While the desk
//! is locked, deliver answers 75 and Postfix defers the mail; a queue flush
//! delivers it. Needs root (Postfix's master) and Postfix; `.ci/run`
//! installs it. Without it this test fails, it does not skip.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use lettre::Transport;
use lettre::address::Envelope;
use rusqlite::Connection;

const POSTFIX: &str = "/usr/sbin/postfix";

/// A Postfix of our own, stopped by its master's pid when dropped.
struct Postfix {
    conf: PathBuf,
    queue: PathBuf,
    port: u16,
}

impl Drop for Postfix {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.queue.join("pid/master.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
        // Wait until the master is gone, so the temporary directory can go.
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_ok()
            && started.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn uid_gid(user: &str) -> (u32, u32) {
    let id = |flag: &str| -> u32 {
        let out = Command::new("id").args([flag, user]).output().unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    (id("-u"), id("-g"))
}

fn start_postfix(dir: &Path, mda: &str) -> Postfix {
    assert!(
        Path::new(POSTFIX).exists(),
        "Postfix is missing: apt-get install postfix (.ci/run does)"
    );
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let conf = dir.join("conf");
    let queue = dir.join("queue");
    let data = dir.join("data");
    for d in [&conf, &queue, &data] {
        std::fs::create_dir_all(d).unwrap();
    }
    let (postfix_uid, _) = uid_gid("postfix");
    std::os::unix::fs::chown(&data, Some(postfix_uid), None).unwrap();
    let port = free_port();
    std::fs::write(
        conf.join("main.cf"),
        format!(
            "compatibility_level = 3.6
queue_directory = {q}
data_directory = {d}
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.desk.example
mydomain = desk.example
mydestination = desk.example
mynetworks = 127.0.0.0/8
local_recipient_maps =
local_transport = loket
loket_destination_recipient_limit = 1
alias_maps =
alias_database =
smtputf8_enable = no
",
            q = queue.display(),
            d = data.display()
        ),
    )
    .unwrap();
    let services = [
        "pickup    unix  n - n 60 1 pickup",
        "cleanup   unix  n - n - 0 cleanup",
        "qmgr      unix  n - n 300 1 qmgr",
        "rewrite   unix  - - n - - trivial-rewrite",
        "bounce    unix  - - n - 0 bounce",
        "defer     unix  - - n - 0 bounce",
        "trace     unix  - - n - 0 bounce",
        "verify    unix  - - n - 1 verify",
        "flush     unix  n - n 1000? 0 flush",
        "proxymap  unix  - - n - - proxymap",
        "smtp      unix  - - n - - smtp",
        "showq     unix  n - n - - showq",
        "error     unix  - - n - - error",
        "retry     unix  - - n - - error",
        "discard   unix  - - n - - discard",
        "anvil     unix  - - n - 1 anvil",
        "scache    unix  - - n - 1 scache",
        "postlog   unix-dgram n - n - 1 postlogd",
    ];
    std::fs::write(
        conf.join("master.cf"),
        format!(
            "127.0.0.1:{port} inet n - n - - smtpd\n{}\nloket unix - n n - - pipe\n  flags=Rq user=nobody argv={mda}\n",
            services.join("\n")
        ),
    )
    .unwrap();
    let out = Command::new(POSTFIX)
        .arg("-c")
        .arg(&conf)
        .arg("start")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "postfix start: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let server = Postfix { conf, queue, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "Postfix did not listen on 127.0.0.1:{port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

impl Postfix {
    fn send(&self, from: &str, raw: &str) {
        let smtp = lettre::SmtpTransport::builder_dangerous("127.0.0.1")
            .port(self.port)
            .build();
        let envelope = Envelope::new(
            Some(from.parse().unwrap()),
            vec!["support@desk.example".parse().unwrap()],
        )
        .unwrap();
        smtp.send_raw(&envelope, raw.as_bytes()).unwrap();
    }

    fn queue_listing(&self) -> String {
        let out = Command::new("/usr/sbin/postqueue")
            .arg("-c")
            .arg(&self.conf)
            .arg("-p")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn flush(&self) {
        Command::new("/usr/sbin/postqueue")
            .arg("-c")
            .arg(&self.conf)
            .arg("-f")
            .status()
            .unwrap();
    }
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn tickets(db: &Path) -> i64 {
    Connection::open(db)
        .and_then(|c| c.query_row("SELECT count(*) FROM messages", [], |r| r.get(0)))
        .unwrap_or(-1)
}

#[test]
fn postfix_pipes_mail_to_deliver_and_defers_it_while_the_desk_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let desk = dir.path().join("desk");
    std::fs::create_dir_all(&desk).unwrap();
    let db = desk.join("desk.db");
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
    // The pipe runs as nobody (Postfix never pipes as root): the desk is theirs.
    let (uid, gid) = uid_gid("nobody");
    for p in [&desk, &db] {
        std::os::unix::fs::chown(p, Some(uid), Some(gid)).unwrap();
    }
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(uid), Some(gid)).unwrap();
    let mda = format!(
        "/usr/bin/env HOME={} {loket} --db {} mail deliver --wait 1",
        home.display(),
        db.display()
    );
    let server = start_postfix(dir.path(), &mda);

    server.send(
        "eva@example.nl",
        "From: Eva de Vries <eva@example.nl>\r\nTo: support@desk.example\r\nSubject: Printer\r\nMessage-ID: <pf1@example.nl>\r\n\r\nDe printer is stuk.\r\n",
    );
    wait_for("the first mail", || tickets(&db) == 1);
    let conn = Connection::open(&db).unwrap();
    let (subject, name): (String, String) = conn
        .query_row(
            "SELECT t.subject, c.name FROM tickets t JOIN customers c ON c.id = t.customer_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (subject.as_str(), name.as_str()),
        ("Printer", "Eva de Vries")
    );

    // Locked: deliver says 75, Postfix keeps the mail deferred.
    let holder = Connection::open(&db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE tickets SET updated_at = updated_at;")
        .unwrap();
    server.send(
        "eva@example.nl",
        "From: eva@example.nl\r\nTo: support@desk.example\r\nSubject: Re: Printer\r\nMessage-ID: <pf2@example.nl>\r\nIn-Reply-To: <pf1@example.nl>\r\n\r\nNog steeds stuk.\r\n",
    );
    wait_for("the deferral", || {
        server.queue_listing().contains("eva@example.nl")
    });
    std::thread::sleep(Duration::from_millis(300));
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(tickets(&db), 1, "nothing written while locked");
    let listing = server.queue_listing();
    assert!(
        listing.contains("support@desk.example"),
        "deferred: {listing}"
    );
    server.flush();
    wait_for("the deferred mail after the flush", || tickets(&db) == 2);
    let ticket: i64 = conn
        .query_row(
            "SELECT ticket_id FROM messages ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ticket, 1, "the reply threads onto the first ticket");
    wait_for("an empty queue", || {
        server.queue_listing().contains("Mail queue is empty")
    });
}
