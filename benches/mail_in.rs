//! Mail in at desk scale: `loket mail import` of a Maildir of realistic
//! messages into a million-ticket desk (new tickets from new and known
//! customers, replies by In-Reply-To to earlier mails of the batch, replies
//! by the ticket hook to the desk's existing tickets, Gmail/Outlook quoted
//! history, HTML-only mail, small attachments, auto-replies), then
//! `loket mail deliver` one process per mail, as an MTA pipe runs it.
//!
//! `cargo bench --bench mail_in`. The desk (`loket generate --tickets N`,
//! about a minute and 2.5 GB for a million) is generated once into
//! `target/bench-mail/` and copied for each run, so the import always
//! starts from the same desk. `LOKET_BENCH_TICKETS` (default 1000000),
//! `LOKET_BENCH_MAILS` (default 50000), `LOKET_BENCH_DELIVERS` (default
//! 300). Prints figures; they go in BENCHMARKS.md. Not a test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rusqlite::Connection;

const NOW: &str = "2026-11-23T10:00:00Z";
const LOKET: &str = env!("CARGO_BIN_EXE_loket");

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (xorshift), so each run gets the same mail.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Eva", "Sanne", "Daan", "Lotte", "Bram", "Noor", "Jesse", "Fleur", "Tom", "Anouk", "Liam",
    "Emma", "Marco", "Olivia", "Lucas", "Mila",
];
const LAST: &[&str] = &[
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Rossi",
    "Hughes", "Böker", "van Dijk",
];
const SUBJECTS: &[&str] = &[
    "Printer geeft foutcode E-402",
    "Factuur niet ontvangen",
    "Refund for order {n}",
    "Wachtwoord resetten lukt niet",
    "Order {n} arrived broken",
    "Vraag over mijn abonnement",
    "Cannot log in since the update",
    "Levering {n} te laat",
];
const LINES: &[&str] = &[
    "Ik heb het apparaat al twee keer opnieuw opgestart, maar de melding blijft.",
    "Could you please look into this as soon as possible? We depend on it.",
    "Het bestelnummer staat in de bijlage en in de onderwerpregel.",
    "I tried the steps from your help page, they did not change anything.",
    "Mijn collega heeft hetzelfde probleem sinds gisteren.",
    "Thanks in advance for your help, it is much appreciated.",
];

fn body(rng: &mut Rng, lines: usize) -> String {
    (0..lines)
        .map(|_| rng.pick(LINES))
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// One realistic mail; `parent` is the Message-ID it replies to, `hook` the
/// ticket number for a subject hook.
fn mail(
    rng: &mut Rng,
    i: u64,
    from_name: &str,
    from: &str,
    subject: &str,
    parent: Option<&str>,
) -> String {
    let id = format!("bench.{i}.{}@mail.example", rng.next() % 1_000_000);
    let threading = parent
        .map(|p| format!("In-Reply-To: <{p}>\r\nReferences: <{p}>\r\n"))
        .unwrap_or_default();
    let head = format!(
        "Return-Path: <{from}>\r\nReceived: from mail.example (mail.example [192.0.2.1])\r\n\tby mx.desk.example (Postfix) with ESMTPS id {i:X}\r\n\tfor <support@desk.example>; Mon, 23 Nov 2026 09:00:00 +0100\r\nFrom: {from_name} <{from}>\r\nTo: Support <support@desk.example>\r\nSubject: {subject}\r\nDate: Mon, 23 Nov 2026 09:00:00 +0100\r\nMessage-ID: <{id}>\r\n{threading}MIME-Version: 1.0\r\n"
    );
    let lines = 2 + rng.below(5) as usize;
    let text = body(rng, lines);
    let shape = rng.below(20);
    let rest = match shape {
        // Gmail-style reply with quoted history.
        0..=5 if parent.is_some() => format!(
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n\r\nOn Mon, 23 Nov 2026 at 08:00, Support <support@desk.example> wrote:\r\n> {}\r\n> {}\r\n",
            rng.pick(LINES),
            rng.pick(LINES)
        ),
        // HTML only.
        6..=8 => format!(
            "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>{}</p><p>Groet,<br>{from_name}</p></body></html>\r\n",
            text.replace("\r\n", "</p><p>")
        ),
        // Multipart with a small attachment.
        9 => format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n--b{i}\r\nContent-Type: application/pdf; name=\"scan-{i}.pdf\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"scan-{i}.pdf\"\r\n\r\nJVBERi0xLjQKJcfsj6IKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyA+PgplbmRvYmoKdHJhaWxlcgo8PCAvUm9vdCAxIDAgUiA+PgolJUVPRgo=\r\n--b{i}--\r\n"
        ),
        // Quoted-printable Dutch, ISO-8859-1.
        10..=11 => format!(
            "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\nMet vriendelijke groet, Jo=EBlle\r\n",
            text
        ),
        _ => {
            format!("Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n\r\n{from_name}\r\n")
        }
    };
    format!("{head}{rest}")
}

/// The Maildir: `mails` messages in new/, about half new tickets, a quarter
/// replies to earlier mail of the batch, a quarter hook replies to the
/// desk's existing tickets by their customers, one in fifty an auto-reply.
fn write_maildir(dir: &Path, mails: u64, existing: &[(i64, String, String)]) -> anyhow::Result<()> {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut sent: Vec<(String, String, String, String)> = Vec::new(); // id, name, from, subject
    for i in 0..mails {
        let kind = rng.below(100);
        let raw = if kind < 25 && !sent.is_empty() {
            let (id, name, from, subject) = sent[rng.below(sent.len() as u64) as usize].clone();
            mail(
                &mut rng,
                i,
                &name,
                &from,
                &format!("Re: {subject}"),
                Some(&id),
            )
        } else if kind < 50 && !existing.is_empty() {
            let (ticket, name, email) = &existing[rng.below(existing.len() as u64) as usize];
            let subject = format!("RE: [#{ticket}] {}", rng.pick(SUBJECTS).replace("{n}", "1"));
            mail(&mut rng, i, name, email, &subject, None)
        } else {
            let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            let from = format!(
                "{}.{}@{}",
                name.split(' ').next().unwrap_or("x").to_lowercase(),
                i,
                [
                    "gmail.example",
                    "outlook.example",
                    "ziggo.example",
                    "kpn.example"
                ][rng.below(4) as usize]
            );
            let subject = rng.pick(SUBJECTS).replace("{n}", &(10_000 + i).to_string());
            let mut raw = mail(&mut rng, i, &name, &from, &subject, None);
            if kind >= 98 {
                raw = raw.replacen(
                    "MIME-Version",
                    "Auto-Submitted: auto-replied\r\nMIME-Version",
                    1,
                );
            }
            if let Some(id) = raw
                .split("Message-ID: <")
                .nth(1)
                .and_then(|r| r.split('>').next())
            {
                sent.push((id.to_string(), name, from, subject));
            }
            raw
        };
        std::fs::write(
            dir.join("new")
                .join(format!("{}.M{i}P1.mx.desk.example", 1_796_000_000 + i)),
            raw,
        )?;
    }
    Ok(())
}

fn run(args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new(LOKET).args(args).output()?;
    anyhow::ensure!(
        out.status.success(),
        "loket {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn copy_desk(from: &Path, to: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = to.to_path_buf().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    std::fs::copy(from, to)?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let tickets = env_or("LOKET_BENCH_TICKETS", 1_000_000);
    let mails = env_or("LOKET_BENCH_MAILS", 50_000);
    let delivers = env_or("LOKET_BENCH_DELIVERS", 300);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-mail");
    std::fs::create_dir_all(&root)?;
    let pristine = root.join(format!("desk-{tickets}.db"));
    if !pristine.exists() {
        let started = Instant::now();
        let partial = root.join(format!("desk-{tickets}.partial.db"));
        let _ = std::fs::remove_file(&partial);
        run(&[
            "--db",
            &partial.display().to_string(),
            "generate",
            "--tickets",
            &tickets.to_string(),
            "--seed",
            "42",
            "--now",
            NOW,
        ])?;
        // One file, no WAL beside it, so a plain copy is the whole desk.
        Connection::open(&partial)?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        std::fs::rename(&partial, &pristine)?;
        println!(
            "generated a desk of {tickets} tickets in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let desk = root.join("work.db");
    copy_desk(&pristine, &desk)?;
    let db = desk.display().to_string();
    {
        let conn = Connection::open(&desk)?;
        conn.execute_batch(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('mail.address', 'Support <support@desk.example>');
             INSERT OR REPLACE INTO settings (key, value) VALUES ('mail.ack', 'on');",
        )?;
    }
    let existing: Vec<(i64, String, String)> = {
        let conn = Connection::open(&desk)?;
        let mut stmt = conn.prepare(
            "SELECT t.id, c.name, c.email FROM tickets t JOIN customers c ON c.id = t.customer_id
             WHERE c.email IS NOT NULL AND t.id % 97 = 5 LIMIT 20000",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?
    };
    let maildir = root.join("Maildir");
    let _ = std::fs::remove_dir_all(&maildir);
    let started = Instant::now();
    write_maildir(&maildir, mails, &existing)?;
    println!(
        "wrote a Maildir of {mails} mails in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let tickets_before: i64 =
        Connection::open(&desk)?.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;

    let started = Instant::now();
    let counts = run(&[
        "--db",
        &db,
        "mail",
        "import",
        &maildir.display().to_string(),
        "--json",
    ])?;
    let secs = started.elapsed().as_secs_f64();
    let tickets_after: i64 =
        Connection::open(&desk)?.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;
    println!(
        "loket mail import: {mails} mails into a desk of {tickets_before} tickets in {secs:.1} s = {:.0} mails/s ({} new tickets)",
        mails as f64 / secs,
        tickets_after - tickets_before
    );
    println!("{}", counts.trim());

    let again = Instant::now();
    run(&[
        "--db",
        &db,
        "mail",
        "import",
        &maildir.display().to_string(),
        "--json",
    ])?;
    println!(
        "the same Maildir again (all duplicates): {:.1} s = {:.0} mails/s",
        again.elapsed().as_secs_f64(),
        mails as f64 / again.elapsed().as_secs_f64()
    );

    // One process per mail, as Postfix's pipe or fetchmail --mda runs it.
    let mut rng = Rng(0xdead_beef_0bad_cafe);
    let raws: Vec<String> = (0..delivers)
        .map(|i| {
            let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            let from = format!("deliver.{i}@pipe.example");
            mail(&mut rng, mails + i, &name, &from, "Via de pipe", None)
        })
        .collect();
    let started = Instant::now();
    for raw in &raws {
        use std::io::Write;
        let mut child = Command::new(LOKET)
            .args(["--db", &db, "mail", "deliver"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()?;
        child
            .stdin
            .take()
            .ok_or_else(|| anyhow::anyhow!("no stdin"))?
            .write_all(raw.as_bytes())?;
        let status = child.wait()?;
        anyhow::ensure!(status.success(), "deliver exited {status}");
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "loket mail deliver, one process per mail: {delivers} mails in {secs:.1} s = {:.0} mails/s ({:.1} ms each)",
        delivers as f64 / secs,
        secs * 1000.0 / delivers as f64
    );
    Ok(())
}
