//! How fast the outbox empties into a local SMTP server: `N` queued public
//! replies (default 2,000; `LOKET_BENCH_MAILS=N`) delivered by one
//! `deliver_due` pass to aiosmtpd on 127.0.0.1 (tests/smtp_sink.py, which
//! writes each message to a file), then by two processes' worth of passes
//! at once (two threads, each on its own connection, as two consoles or a
//! console and `mail watch` would).
//!
//! `cargo bench --bench mail_out`; needs python3 with aiosmtpd. Figures go
//! in BENCHMARKS.md. Not a test: these machines are shared and noisy.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use loket::clock::SystemClock;
use loket::domain::{Author, MessageKind};
use loket::mail::outbound::deliver_due;
use loket::mail::settings::MailSettings;
use loket::store::changes::{self, Actor, NewMessage, NewTicket};
use loket::store::{self, OpenMode};

fn start_sink(dir: &Path) -> anyhow::Result<(std::process::Child, u16)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
    let child = Command::new("python3")
        .arg(script)
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()?;
    let port_file = dir.join("port");
    let started = Instant::now();
    while !port_file.exists() {
        if started.elapsed() > Duration::from_secs(30) {
            anyhow::bail!("the SMTP server did not start; python3 -m pip install aiosmtpd");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok((child, std::fs::read_to_string(port_file)?.trim().parse()?))
}

fn desk(path: &Path, port: u16, mails: usize) -> anyhow::Result<()> {
    let mut conn = store::open(path, OpenMode::ReadWrite, &loket::clock::SystemClock)?;
    conn.execute(
        "INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna', 0)",
        [],
    )?;
    for (k, v) in [
        ("mail.address", "Support <support@example.nl>".to_string()),
        ("mail.transport", "smtp".into()),
        ("mail.smtp.host", "127.0.0.1".into()),
        ("mail.smtp.port", port.to_string()),
        ("mail.smtp.security", "none".into()),
    ] {
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
            [k, &v],
        )?;
    }
    let actor = Actor {
        agent_id: Some(1),
        now: 1_795_000_000,
    };
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        for t in 0..mails.div_ceil(10) {
            let ticket = changes::create_ticket(
                tx,
                &NewTicket {
                    subject: format!("Order {t} is late"),
                    customer_email: format!("customer{t}@example.com"),
                    customer_name: Some(format!("Customer {t}")),
                    channel: loket::domain::Channel::Email,
                    priority: loket::domain::Priority::Normal,
                    body: Some("Where is my order?".into()),
                    language: None,
                    tags: vec![],
                },
                actor,
            )?;
            for i in 0..10.min(mails - t * 10) {
                changes::add_message(
                    tx,
                    ticket,
                    &NewMessage {
                        author: Author::Agent,
                        kind: MessageKind::Public,
                        body: format!("Reply {i}: your order ships today.\n\nKind regards,\nAnna"),
                        duration_s: None,
                    },
                    actor,
                )?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

fn run(mails: usize, threads: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut sink, port) = start_sink(dir.path())?;
    let db = dir.path().join("desk.db");
    desk(&db, port, mails)?;
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || -> anyhow::Result<usize> {
                let conn = store::open(&db, OpenMode::ReadWrite, &loket::clock::SystemClock)?;
                let settings = MailSettings::load(&conn)?;
                Ok(deliver_due(&conn, &settings, &SystemClock)?.sent.len())
            })
        })
        .collect();
    let mut sent = 0;
    for h in handles {
        sent += h
            .join()
            .map_err(|_| anyhow::anyhow!("a delivery thread panicked"))??;
    }
    let took = started.elapsed();
    let _ = sink.kill();
    let _ = sink.wait();
    println!(
        "{threads} deliverer(s): {sent} of {mails} mails in {:.2} s = {:.0} mails/s",
        took.as_secs_f64(),
        sent as f64 / took.as_secs_f64()
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mails = std::env::var("LOKET_BENCH_MAILS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    run(mails, 1)?;
    run(mails, 2)?;
    Ok(())
}
