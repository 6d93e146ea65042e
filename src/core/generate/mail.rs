//! The e-mail channel on the demo desk: the most recent e-mail tickets'
//! threads came and went by mail. Their customer messages and agent replies
//! get Message-IDs (so a reply to them threads), the replies outbox rows
//! that were sent (one failed, one bounced, to show those states), some
//! tickets a colleague in Cc, some customer messages an attachment, and
//! follow-ups the quoted history a mail program puts below the new text.
//!
//! Runs after the bulk load on a bounded number of tickets, so a desk of a
//! million tickets takes no longer; it touches no KPI (no message, event or
//! status is added or moved).

use rusqlite::{Transaction, params};

use super::rng::Rng;
use crate::mail::ids;
use crate::store::attachments::{self, NewAttachment, Owner};
use crate::store::{Result, settings};

/// How many of the newest e-mail tickets came by mail.
const MAIL_TICKETS: i64 = 150;

/// The demo desk's From address (its agents are @loket-demo.example).
pub const DESK_ADDRESS: &str = "Support <support@loket-demo.example>";

/// A 1x1 PNG: the "screenshot" customers attach.
const SCREENSHOT_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

const PRINTER_LOG: &str = "2026-11-20 09:14:02 spooler: job 4411 queued\n\
2026-11-20 09:14:03 device: paper jam in tray 2\n\
2026-11-20 09:14:03 spooler: job 4411 held\n";

struct MailMessage {
    id: i64,
    author_is_customer: bool,
    agent: Option<String>,
    body: String,
    at: i64,
}

/// Gives the newest e-mail tickets their mail; returns how many.
pub fn decorate(tx: &Transaction<'_>, rng: &mut Rng, tz: chrono_tz::Tz, now: i64) -> Result<u64> {
    settings::set(tx, "mail.address", DESK_ADDRESS)?;
    let tickets: Vec<(i64, String, String, String)> = tx
        .prepare(
            "SELECT t.id, c.email, t.language, c.name FROM tickets t JOIN customers c ON c.id = t.customer_id
             WHERE t.channel = 'email' AND c.email IS NOT NULL ORDER BY t.id DESC LIMIT ?1",
        )?
        .query_map([MAIL_TICKETS], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut thread = tx.prepare(
        "SELECT m.id, m.author = 'customer', a.display_name, m.body, m.created_at
         FROM messages m LEFT JOIN agents a ON a.id = m.agent_id
         WHERE m.ticket_id = ?1 AND m.kind = 'public' ORDER BY m.created_at, m.id",
    )?;
    // The newest ticket whose thread ends in a reply shows a failed reply,
    // the next one a bounced reply.
    let mut shown_failures = 0;
    for (ticket, email, language, name) in &tickets {
        let messages: Vec<MailMessage> = thread
            .query_map([ticket], |r| {
                Ok(MailMessage {
                    id: r.get(0)?,
                    author_is_customer: r.get(1)?,
                    agent: r.get(2)?,
                    body: r.get(3)?,
                    at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let domain = email
            .rsplit_once('@')
            .map(|(_, d)| d)
            .unwrap_or("example.nl");
        if rng.chance(0.2) {
            let colleague = if language == "nl" { "inkoop" } else { "office" };
            tx.execute(
                "INSERT OR IGNORE INTO ticket_cc (ticket_id, address, name, added_at) VALUES (?1, ?2, '', ?3)",
                params![ticket, format!("{colleague}@{domain}"), messages.first().map_or(now, |m| m.at)],
            )?;
        }
        let attach = rng.chance(0.15);
        let ends_in_reply = messages.last().is_some_and(|m| !m.author_is_customer);
        let failure = match (ends_in_reply, shown_failures) {
            (true, 0) => Some("failed"),
            (true, 1) => Some("bounced"),
            _ => None,
        };
        shown_failures += usize::from(failure.is_some());
        let mut previous_reply: Option<&MailMessage> = None;
        let mut customer_messages = 0;
        for (i, message) in messages.iter().enumerate() {
            let unique = rng.next_u64();
            if message.author_is_customer {
                let mail_id = format!("{unique:016x}.{ticket}@mail.{domain}");
                record(tx, &mail_id, *ticket, message, "in", Some(email))?;
                if let Some(reply) = previous_reply {
                    tx.execute(
                        "UPDATE messages SET quoted = ?2 WHERE id = ?1",
                        params![message.id, quote(language, reply, tz)],
                    )?;
                }
                if attach && customer_messages == 0 {
                    let file = if rng.chance(0.5) {
                        NewAttachment {
                            name: "screenshot.png",
                            content_type: "image/png",
                            data: SCREENSHOT_PNG,
                            inline: false,
                        }
                    } else {
                        NewAttachment {
                            name: "printer-log.txt",
                            content_type: "text/plain",
                            data: PRINTER_LOG.as_bytes(),
                            inline: false,
                        }
                    };
                    attachments::add(tx, Owner::Message(message.id), &file, message.at)?;
                }
                customer_messages += 1;
            } else {
                let mail_id = ids::mint_with(Some(*ticket), "loket-demo.example", unique);
                record(
                    tx,
                    &mail_id,
                    *ticket,
                    message,
                    "out",
                    Some("support@loket-demo.example"),
                )?;
                let (state, error) = match failure.filter(|_| i + 1 == messages.len()) {
                    Some("failed") => (
                        "failed",
                        Some(format!(
                            "550 5.1.1 <{email}>: Recipient address rejected: User unknown"
                        )),
                    ),
                    Some(_) => ("bounced", Some("5.2.2 mailbox full".to_string())),
                    None => ("sent", None),
                };
                tx.execute(
                    "INSERT INTO outbox (kind, ticket_id, message_id, mail_id, from_addr, to_addr, subject, body,
                                         state, attempts, next_attempt_at, last_error, relay_reply,
                                         created_at, sent_at, bounced_at)
                     SELECT 'reply', ?1, ?2, ?3, ?4, ?5, '[#' || ?1 || '] ' || subject, ?6,
                            ?7, 1, ?8, ?9, ?10, ?8, ?11, ?12
                     FROM tickets WHERE id = ?1",
                    params![
                        ticket,
                        message.id,
                        mail_id,
                        DESK_ADDRESS,
                        format!("{name} <{email}>"),
                        message.body,
                        state,
                        message.at,
                        error,
                        (state != "failed").then(|| format!("250 2.0.0 Ok: queued as {:010X}", unique >> 24)),
                        (state != "failed").then_some(message.at + 2),
                        (state == "bounced").then_some(message.at + 40),
                    ],
                )?;
                previous_reply = Some(message);
            }
        }
    }
    Ok(tickets.len() as u64)
}

fn record(
    tx: &Transaction<'_>,
    mail_id: &str,
    ticket: i64,
    message: &MailMessage,
    direction: &str,
    from: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO mail_messages (mail_id, ticket_id, message_id, direction, from_addr, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![mail_id, ticket, message.id, direction, from, message.at],
    )?;
    Ok(())
}

/// What a mail program puts below a follow-up: the agent's reply, quoted.
fn quote(language: &str, reply: &MailMessage, tz: chrono_tz::Tz) -> String {
    let when = crate::clock::from_unix(reply.at)
        .with_timezone(&tz)
        .format("%Y-%m-%d %H:%M");
    let agent = reply.agent.as_deref().unwrap_or("Support");
    let header = if language == "nl" {
        format!("Op {when} schreef {agent} <support@loket-demo.example>:")
    } else {
        format!("On {when}, {agent} <support@loket-demo.example> wrote:")
    };
    let quoted: Vec<String> = reply
        .body
        .lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect();
    format!("{header}\n{}", quoted.join("\n"))
}
