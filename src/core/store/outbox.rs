//! Mail that leaves the desk (`outbox`) and the Message-IDs of every mail
//! loket took in or sent (`mail_messages`), which thread replies.
//!
//! [`enqueue`] is the one way a mail is queued: a public reply, an
//! acknowledgement, a survey, a refusal. It runs inside the caller's
//! transaction, so the mail exists exactly when what it carries does.

use rusqlite::{Connection, OptionalExtension, params};

use super::journal::Actor;
use super::rights::{self, Right};
use super::{Result, StoreError};
use crate::mail::ids;

/// What an outgoing mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxKind {
    /// An agent's public reply (or a canned response sent as one).
    Reply,
    /// The acknowledgement of a new ticket.
    Ack,
    /// A CSAT/NPS invitation.
    Survey,
    /// The answer to a mail that could not be taken (too large).
    Refusal,
}

impl OutboxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxKind::Reply => "reply",
            OutboxKind::Ack => "ack",
            OutboxKind::Survey => "survey",
            OutboxKind::Refusal => "refusal",
        }
    }
}

/// A mail to queue. Text is sent as written: the builder encodes it, and
/// header values never carry a line break (see `crate::mail`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub kind: OutboxKind,
    pub ticket_id: Option<i64>,
    /// The thread entry this mail carries (a public reply).
    pub message_id: Option<i64>,
    pub from: String,
    pub to: String,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// Automatic mail (`Auto-Submitted: auto-replied`).
    pub auto_submitted: bool,
    /// For a survey invitation: which score it asks for first.
    pub survey_kind: Option<&'static str>,
}

/// Queues `mail` to be sent at once; returns the outbox row and the minted
/// Message-ID. A mail about a ticket is also recorded in `mail_messages`, so
/// the customer's answer to it threads back to the ticket.
pub fn enqueue(conn: &Connection, mail: &OutgoingMail, now: i64) -> Result<(i64, String)> {
    let domain = crate::mail::domain_of(&mail.from).unwrap_or_default();
    let mail_id = ids::mint(mail.ticket_id, &domain);
    let cc = serde_json::to_string(&mail.cc).unwrap_or_else(|_| "[]".into());
    let refs = (!mail.references.is_empty()).then(|| mail.references.join(" "));
    conn.prepare_cached(
        "INSERT INTO outbox (kind, ticket_id, message_id, mail_id, from_addr, to_addr, cc, subject,
                             body, in_reply_to, refs, auto_submitted, next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(params![
        mail.kind.as_str(),
        mail.ticket_id,
        mail.message_id,
        mail_id,
        mail.from,
        mail.to,
        cc,
        mail.subject,
        mail.body,
        mail.in_reply_to,
        refs,
        mail.auto_submitted,
        now
    ])?;
    let outbox_id = conn.last_insert_rowid();
    if let Some(ticket) = mail.ticket_id {
        record_mail(
            conn,
            &RecordedMail {
                mail_id: &mail_id,
                ticket_id: ticket,
                message_id: mail.message_id,
                incoming: false,
                from: crate::mail::bare_address(&mail.from).as_deref(),
                survey_kind: mail.survey_kind,
            },
            now,
        )?;
    }
    Ok((outbox_id, mail_id))
}

/// One row of `mail_messages`.
#[derive(Debug, Clone, Copy)]
pub struct RecordedMail<'a> {
    pub mail_id: &'a str,
    pub ticket_id: i64,
    pub message_id: Option<i64>,
    pub incoming: bool,
    pub from: Option<&'a str>,
    pub survey_kind: Option<&'a str>,
}

/// Records a mail's Message-ID against its ticket. Returns false when that
/// Message-ID was recorded already (the same mail taken twice).
pub fn record_mail(conn: &Connection, mail: &RecordedMail<'_>, now: i64) -> Result<bool> {
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO mail_messages (mail_id, ticket_id, message_id, direction, from_addr, survey_kind, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            ids::normalise(mail.mail_id),
            mail.ticket_id,
            mail.message_id,
            if mail.incoming { "in" } else { "out" },
            mail.from,
            mail.survey_kind,
            now
        ])?;
    Ok(added == 1)
}

/// How many Message-IDs a reply's References carry at most: the first (the
/// thread's root) and the latest ones, as RFC 5322 suggests trimming.
pub const MAX_REFERENCES: usize = 20;

/// The threading headers for a new mail on `ticket`: In-Reply-To is the
/// latest mail the customer sent (else the latest of any), References the
/// thread's Message-IDs oldest first, trimmed to [`MAX_REFERENCES`] keeping
/// the root.
pub fn thread_refs(conn: &Connection, ticket: i64) -> Result<(Option<String>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT mail_id, direction FROM mail_messages WHERE ticket_id = ?1 ORDER BY at, id",
    )?;
    let rows: Vec<(String, String)> = stmt
        .query_map([ticket], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let in_reply_to = rows
        .iter()
        .rev()
        .find(|(_, d)| d == "in")
        .or(rows.last())
        .map(|(id, _)| id.clone());
    let mut refs: Vec<String> = rows.into_iter().map(|(id, _)| id).collect();
    if refs.len() > MAX_REFERENCES {
        let tail = refs.split_off(refs.len() - (MAX_REFERENCES - 1));
        refs.truncate(1);
        refs.extend(tail);
    }
    Ok((in_reply_to, refs))
}

/// Why a public reply was not e-mailed (`messages.mail_skipped`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// The desk sends no mail (no transport or no From address).
    NotSetUp,
    /// The customer has no e-mail address.
    NoAddress,
}

impl Skipped {
    pub fn as_str(self) -> &'static str {
        match self {
            Skipped::NotSetUp => "not_set_up",
            Skipped::NoAddress => "no_address",
        }
    }

    fn parse(s: &str) -> Option<Skipped> {
        match s {
            "not_set_up" => Some(Skipped::NotSetUp),
            "no_address" => Some(Skipped::NoAddress),
            _ => None,
        }
    }
}

/// What became of a public reply's mail, as the thread shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Waiting for its (next) try; `last_error` says why an earlier try
    /// did not go through.
    Queued {
        attempts: u32,
        next_attempt_at: i64,
        last_error: Option<String>,
    },
    /// A process is handing it to the relay. Once `lease_until` passed it
    /// is in doubt ([`Delivery::in_doubt`]).
    Sending { lease_until: i64 },
    /// The relay took it.
    Sent {
        at: i64,
        relay_reply: Option<String>,
    },
    /// It will not be tried again unless an agent retries it.
    Failed { reason: String },
    /// A delivery status report said it did not arrive.
    Bounced { reason: Option<String> },
    /// It was never queued: why (`None` for replies written before the
    /// desk had mail).
    NotEmailed(Option<Skipped>),
}

impl Delivery {
    /// A `sending` row whose process died: the relay may have the message,
    /// so it is sent again only when an agent says so.
    pub fn in_doubt(&self, now: i64) -> bool {
        matches!(self, Delivery::Sending { lease_until } if *lease_until < now)
    }

    /// Whether an agent can put it back in the queue ([`retry`]).
    pub fn retryable(&self, now: i64) -> bool {
        matches!(self, Delivery::Failed { .. }) || self.in_doubt(now)
    }
}

/// What [`queue_reply`] did with a public reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyMail {
    Queued { outbox_id: i64 },
    NotEmailed(Skipped),
}

/// Queues the mail of public reply `message` on `ticket`, inside the
/// reply's transaction: to the customer, Cc the ticket's CCs, From the
/// team's address, the subject with the ticket hook, threaded on the
/// ticket's mail. When the desk sends no mail or the customer has no
/// address, the reply records why instead and nothing is queued.
pub fn queue_reply(conn: &Connection, ticket: i64, message: i64, now: i64) -> Result<ReplyMail> {
    let Some(settings) = sending_settings(conn)? else {
        conn.prepare_cached("UPDATE messages SET mail_skipped = ?2 WHERE id = ?1")?
            .execute(params![message, Skipped::NotSetUp.as_str()])?;
        return Ok(ReplyMail::NotEmailed(Skipped::NotSetUp));
    };
    let (subject, team, name, email, body): (
        String,
        Option<String>,
        String,
        Option<String>,
        String,
    ) = conn
        .prepare_cached(
            "SELECT t.subject, tm.name, c.name, c.email, m.body
             FROM tickets t JOIN customers c ON c.id = t.customer_id
             LEFT JOIN teams tm ON tm.id = t.team_id
             JOIN messages m ON m.id = ?2 AND m.ticket_id = t.id
             WHERE t.id = ?1",
        )?
        .query_row(params![ticket, message], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
    let from = settings.from_for(team.as_deref()).map(str::to_string);
    let address = email.as_deref().and_then(crate::mail::bare_address);
    let skipped = match (&from, &address) {
        (None, _) => Some(Skipped::NotSetUp),
        (_, None) => Some(Skipped::NoAddress),
        _ => None,
    };
    let (Some(from), Some(address), None) = (from, address, skipped) else {
        let why = skipped.unwrap_or(Skipped::NotSetUp);
        conn.prepare_cached("UPDATE messages SET mail_skipped = ?2 WHERE id = ?1")?
            .execute(params![message, why.as_str()])?;
        return Ok(ReplyMail::NotEmailed(why));
    };
    let cc: Vec<String> = conn
        .prepare_cached(
            "SELECT address FROM ticket_cc WHERE ticket_id = ?1 ORDER BY added_at, address",
        )?
        .query_map([ticket], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .iter()
        .filter_map(|a| crate::mail::bare_address(a))
        .filter(|a| *a != address && !settings.is_own(a))
        .collect();
    let name = crate::text::clean_line(&name);
    let to = if name.is_empty() {
        address.clone()
    } else {
        format!("{name} <{address}>")
    };
    let tagged =
        crate::mail::hook::tag_subject(&settings.hook, ticket, &crate::text::clean_line(&subject));
    let (in_reply_to, references) = thread_refs(conn, ticket)?;
    let mail = OutgoingMail {
        kind: OutboxKind::Reply,
        ticket_id: Some(ticket),
        message_id: Some(message),
        from,
        to,
        cc,
        subject: format!("Re: {tagged}"),
        body,
        in_reply_to,
        references,
        auto_submitted: false,
        survey_kind: None,
    };
    let (outbox_id, _) = enqueue(conn, &mail, now)?;
    Ok(ReplyMail::Queued { outbox_id })
}

/// The desk's mail settings when it sends mail. Settings that do not read
/// (written past `loket mail setup`) count as not set up, so a broken
/// setting never stops a reply from being saved; `loket mail send` names
/// the setting to fix.
fn sending_settings(conn: &Connection) -> Result<Option<crate::mail::settings::MailSettings>> {
    match crate::mail::settings::MailSettings::load(conn) {
        Ok(settings) => Ok(Some(settings).filter(|s| s.sends())),
        Err(StoreError::Constraint(problem)) => {
            tracing::warn!(%problem, "mail settings do not read; replies are not e-mailed");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Why a public reply to a customer with `email` would not be e-mailed
/// now; `None` when it would be. The same rule as [`queue_reply`].
pub fn reply_skip(conn: &Connection, email: Option<&str>) -> Result<Option<Skipped>> {
    Ok(if sending_settings(conn)?.is_none() {
        Some(Skipped::NotSetUp)
    } else if email.and_then(crate::mail::bare_address).is_none() {
        Some(Skipped::NoAddress)
    } else {
        None
    })
}

/// What became of public reply `message` when it was written: queued, or
/// not e-mailed and why; `None` for other thread entries.
pub fn reply_mail_of(conn: &Connection, message: i64) -> Result<Option<ReplyMail>> {
    let queued: Option<i64> = conn
        .prepare_cached("SELECT min(id) FROM outbox WHERE message_id = ?1")?
        .query_row([message], |r| r.get(0))?;
    if let Some(outbox_id) = queued {
        return Ok(Some(ReplyMail::Queued { outbox_id }));
    }
    let skipped: Option<String> = conn
        .prepare_cached("SELECT mail_skipped FROM messages WHERE id = ?1")?
        .query_row([message], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(skipped
        .as_deref()
        .and_then(Skipped::parse)
        .map(ReplyMail::NotEmailed))
}

/// The columns [`read_delivery`] reads, for a query over `messages m` with
/// `outbox o` left-joined on the message's latest row.
pub const DELIVERY_COLUMNS: &str = "o.state, o.attempts, o.next_attempt_at, o.last_error, o.lease_until, o.sent_at, o.relay_reply, m.mail_skipped";

/// The join that goes with [`DELIVERY_COLUMNS`].
pub const DELIVERY_JOIN: &str =
    "LEFT JOIN outbox o ON o.id = (SELECT max(id) FROM outbox WHERE message_id = m.id)";

/// The delivery of a thread entry from [`DELIVERY_COLUMNS`] starting at
/// column `at`; `None` for anything but an agent's public reply.
pub fn read_delivery(
    r: &rusqlite::Row<'_>,
    at: usize,
    public_reply: bool,
) -> rusqlite::Result<Option<Delivery>> {
    if !public_reply {
        return Ok(None);
    }
    let state: Option<String> = r.get(at)?;
    let text = |i: usize| -> rusqlite::Result<Option<String>> {
        Ok(r.get::<_, Option<String>>(at + i)?
            .map(|s| crate::text::clean_line(&s)))
    };
    Ok(Some(match state.as_deref() {
        None => Delivery::NotEmailed(
            r.get::<_, Option<String>>(at + 7)?
                .as_deref()
                .and_then(Skipped::parse),
        ),
        Some("queued") => Delivery::Queued {
            attempts: r.get(at + 1)?,
            next_attempt_at: r.get(at + 2)?,
            last_error: text(3)?,
        },
        Some("sending") => Delivery::Sending {
            lease_until: r.get::<_, Option<i64>>(at + 4)?.unwrap_or(0),
        },
        Some("sent") => Delivery::Sent {
            at: r.get::<_, Option<i64>>(at + 5)?.unwrap_or(0),
            relay_reply: text(6)?,
        },
        Some("bounced") => Delivery::Bounced { reason: text(3)? },
        Some(_) => Delivery::Failed {
            reason: text(3)?.unwrap_or_default(),
        },
    }))
}

/// How long a sending process holds a claimed row: longer than any one
/// SMTP conversation may take (the transports time out after a minute).
pub const LEASE_S: i64 = 300;

/// The wait before the next try after `attempts` tries that failed for a
/// temporary reason: 1 minute, 5, 15, 60, then hourly.
pub fn backoff_s(attempts: u32) -> i64 {
    match attempts {
        0 | 1 => 60,
        2 => 300,
        3 => 900,
        _ => 3600,
    }
}

/// A row claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub ticket_id: Option<i64>,
    pub message_id: Option<i64>,
    pub mail_id: String,
    pub from: String,
    pub to: String,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub auto_submitted: bool,
    /// Tries so far, this one included.
    pub attempts: u32,
    pub created_at: i64,
}

/// Claims the next due row (`queued`, its time come): `sending`, leased
/// until `now + LEASE_S`, one more attempt. Run it in a write transaction
/// (`store::write_shared`), which takes the desk's write lock first, so two
/// processes never claim one row.
pub fn claim_due(conn: &Connection, now: i64) -> Result<Option<Claimed>> {
    conn.prepare_cached(
        "UPDATE outbox SET state = 'sending', lease_until = ?2, attempts = attempts + 1
         WHERE id = (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= ?1
                     ORDER BY next_attempt_at, id LIMIT 1)
         RETURNING id, kind, ticket_id, message_id, mail_id, from_addr, to_addr, cc, subject, body,
                   in_reply_to, refs, auto_submitted, attempts, created_at",
    )?
    .query_row(params![now, now + LEASE_S], |r| {
        let cc: String = r.get(7)?;
        let refs: Option<String> = r.get(11)?;
        Ok(Claimed {
            id: r.get(0)?,
            kind: r.get(1)?,
            ticket_id: r.get(2)?,
            message_id: r.get(3)?,
            mail_id: r.get(4)?,
            from: r.get(5)?,
            to: r.get(6)?,
            cc: serde_json::from_str(&cc).unwrap_or_default(),
            subject: r.get(8)?,
            body: r.get(9)?,
            in_reply_to: r.get(10)?,
            references: refs
                .map(|s| s.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            auto_submitted: r.get(12)?,
            attempts: r.get(13)?,
            created_at: r.get(14)?,
        })
    })
    .optional()
    .map_err(Into::into)
}

/// The relay took row `id`. False when the row is no longer this
/// process's to settle (an agent retried it meanwhile).
pub fn mark_sent(conn: &Connection, id: i64, relay_reply: &str, now: i64) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET state = 'sent', sent_at = ?2, relay_reply = ?3, lease_until = NULL, last_error = NULL
             WHERE id = ?1 AND state = 'sending'",
        )?
        .execute(params![id, now, relay_reply])?;
    Ok(n == 1)
}

/// A temporary failure: back to the queue, tried again at `next_attempt_at`.
pub fn mark_retry(conn: &Connection, id: i64, error: &str, next_attempt_at: i64) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET state = 'queued', next_attempt_at = ?2, last_error = ?3, lease_until = NULL
             WHERE id = ?1 AND state = 'sending'",
        )?
        .execute(params![id, next_attempt_at, error])?;
    Ok(n == 1)
}

/// A permanent failure (or too many tries): failed, with the reason.
pub fn mark_failed(conn: &Connection, id: i64, error: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET state = 'failed', last_error = ?2, lease_until = NULL
             WHERE id = ?1 AND state = 'sending'",
        )?
        .execute(params![id, error])?;
    Ok(n == 1)
}

/// Puts failed or in-doubt row `id` back in the queue, due at once, its
/// tries counted afresh. Any other state is refused with what it is.
pub fn retry(conn: &Connection, id: i64, actor: Actor) -> Result<()> {
    let now = actor.now;
    let row: Option<(String, Option<i64>, Option<i64>)> = conn
        .prepare_cached("SELECT state, lease_until, ticket_id FROM outbox WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((state, lease, ticket)) = row else {
        return Err(StoreError::NotFound {
            what: format!("outgoing mail {id}"),
        });
    };
    // Mail about a ticket is that ticket's work (and behind its team's
    // fence); mail about none (a refusal) is the desk's mail.
    match ticket {
        Some(ticket) => rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?,
        None => rights::require(conn, actor.agent_id, Right::ManageMail, None)?,
    }
    require_sending(conn)?;
    let in_doubt = state == "sending" && lease.is_none_or(|l| l < now);
    if state != "failed" && !in_doubt {
        let what = if state == "sending" {
            "being sent right now"
        } else {
            state.as_str()
        };
        return Err(StoreError::Constraint(format!(
            "outgoing mail {id} is {what}; only failed or in-doubt mail can be retried"
        )));
    }
    requeue(conn, "id = ?1", id, now)?;
    Ok(())
}

/// Puts every failed or in-doubt mail of `ticket` back in the queue;
/// returns how many.
pub fn retry_ticket(conn: &Connection, ticket: i64, actor: Actor) -> Result<usize> {
    rights::require(conn, actor.agent_id, Right::WorkTickets, Some(ticket))?;
    require_sending(conn)?;
    requeue(conn, "ticket_id = ?1", ticket, actor.now)
}

/// A retry promises the mail goes out again: refused while the desk sends
/// no mail (no transport or no From address), when nothing would send it.
fn require_sending(conn: &Connection) -> Result<()> {
    if crate::mail::settings::MailSettings::load(conn)?.sends() {
        Ok(())
    } else {
        Err(StoreError::Constraint(
            "this desk sends no mail (no transport or no From address), so nothing would send it again; set mail up first with loket mail setup".into(),
        ))
    }
}

fn requeue(conn: &Connection, which: &str, key: i64, now: i64) -> Result<usize> {
    let sql = format!(
        "UPDATE outbox SET state = 'queued', next_attempt_at = ?2, attempts = 0, lease_until = NULL
         WHERE {which} AND (state = 'failed' OR (state = 'sending' AND coalesce(lease_until, 0) < ?2))"
    );
    Ok(conn.execute(&sql, params![key, now])?)
}

/// Mail in doubt at `now`: ids, oldest first.
pub fn in_doubt(conn: &Connection, now: i64) -> Result<Vec<i64>> {
    conn.prepare_cached(
        "SELECT id FROM outbox WHERE state = 'sending' AND coalesce(lease_until, 0) < ?1 ORDER BY id",
    )?
    .query_map([now], |r| r.get(0))?
    .collect::<rusqlite::Result<_>>()
    .map_err(Into::into)
}

/// When the next queued row is due, if any.
pub fn next_due(conn: &Connection) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'")?
        .query_row([], |r| r.get(0))
        .map_err(Into::into)
}

#[cfg(test)]
mod tests {
    /// The system (no agent) at `now`, as the delivery pass acts.
    fn system(now: i64) -> Actor {
        Actor {
            agent_id: None,
            now,
        }
    }

    use super::*;
    use crate::store;

    fn desk() -> Connection {
        let conn = store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'eva@example.nl', 0, 0);
             INSERT INTO tickets (id, subject, customer_id, channel, status, priority, created_at, updated_at)
                 VALUES (7, 'Printer', 1, 'email', 'open', 'normal', 0, 0);
             INSERT INTO settings (key, value) VALUES ('mail.address', 'support@example.nl'),
                 ('mail.transport', 'sendmail');",
        )
        .unwrap();
        conn
    }

    #[test]
    fn a_desk_that_sends_no_mail_retries_none() {
        let conn = desk();
        let (row, _) = enqueue(&conn, &reply(), 100).unwrap();
        let claimed = claim_due(&conn, 100).unwrap().unwrap();
        assert!(mark_failed(&conn, claimed.id, "550 no such user").unwrap());
        conn.execute(
            "UPDATE settings SET value = 'none' WHERE key = 'mail.transport'",
            [],
        )
        .unwrap();
        let e = retry(&conn, row, system(200)).unwrap_err();
        assert!(e.to_string().contains("sends no mail"), "{e}");
        let e = retry_ticket(&conn, 7, system(200)).unwrap_err();
        assert!(e.to_string().contains("loket mail setup"), "{e}");
        let state: String = conn
            .query_row("SELECT state FROM outbox WHERE id = ?1", [row], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(state, "failed", "left as it was");
    }

    fn reply() -> OutgoingMail {
        OutgoingMail {
            kind: OutboxKind::Reply,
            ticket_id: Some(7),
            message_id: None,
            from: "Support <support@example.nl>".into(),
            to: "eva@example.nl".into(),
            cc: vec!["piet@example.nl".into()],
            subject: "[#7] Printer".into(),
            body: "Hello".into(),
            in_reply_to: None,
            references: vec![],
            auto_submitted: false,
            survey_kind: None,
        }
    }

    #[test]
    fn a_queued_mail_threads_back_to_its_ticket() {
        let conn = desk();
        let (row, mail_id) = enqueue(&conn, &reply(), 100).unwrap();
        assert!(mail_id.ends_with("@example.nl"));
        let (state, cc, next): (String, String, i64) = conn
            .query_row(
                "SELECT state, cc, next_attempt_at FROM outbox WHERE id = ?1",
                [row],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            (state.as_str(), cc.as_str(), next),
            ("queued", r#"["piet@example.nl"]"#, 100)
        );
        let ticket: i64 = conn
            .query_row(
                "SELECT ticket_id FROM mail_messages WHERE mail_id = ?1 AND direction = 'out'",
                [&mail_id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(ticket, 7);
    }

    #[test]
    fn replies_answer_the_customers_latest_mail() {
        let conn = desk();
        let at = |id: &str, incoming: bool, now: i64| {
            let mail = RecordedMail {
                mail_id: id,
                ticket_id: 7,
                message_id: None,
                incoming,
                from: None,
                survey_kind: None,
            };
            record_mail(&conn, &mail, now).unwrap()
        };
        assert!(at("<first@c>", true, 1));
        assert!(at("ours@d", false, 2));
        assert!(at("second@c", true, 3));
        assert!(!at("second@c", true, 4), "the same mail is recorded once");
        at("ours2@d", false, 5);
        let (reply_to, refs) = thread_refs(&conn, 7).unwrap();
        assert_eq!(reply_to.as_deref(), Some("second@c"));
        assert_eq!(refs, vec!["first@c", "ours@d", "second@c", "ours2@d"]);
        for i in 0..30 {
            at(&format!("m{i}@c"), true, 10 + i);
        }
        let (_, refs) = thread_refs(&conn, 7).unwrap();
        assert_eq!(refs.len(), MAX_REFERENCES);
        assert_eq!(refs[0], "first@c");
        assert_eq!(refs.last().map(String::as_str), Some("m29@c"));
    }

    #[test]
    fn a_claimed_row_is_leased_and_never_claimed_twice() {
        let conn = desk();
        let (first, _) = enqueue(&conn, &reply(), 100).unwrap();
        let (second, _) = enqueue(&conn, &reply(), 200).unwrap();
        assert_eq!(claim_due(&conn, 99).unwrap(), None, "not due yet");
        let a = claim_due(&conn, 300).unwrap().unwrap();
        assert_eq!((a.id, a.attempts), (first, 1));
        assert_eq!(a.cc, vec!["piet@example.nl"]);
        let b = claim_due(&conn, 300).unwrap().unwrap();
        assert_eq!(b.id, second);
        assert_eq!(claim_due(&conn, 300).unwrap(), None, "both are taken");
        // A temporary failure comes back after its backoff, a permanent one never.
        assert!(mark_retry(&conn, a.id, "451 busy", 300 + backoff_s(1)).unwrap());
        assert!(mark_failed(&conn, b.id, "550 no such user").unwrap());
        assert_eq!(claim_due(&conn, 359).unwrap(), None);
        let again = claim_due(&conn, 360).unwrap().unwrap();
        assert_eq!((again.id, again.attempts), (first, 2));
        assert!(mark_sent(&conn, again.id, "250 ok", 361).unwrap());
        assert!(
            !mark_sent(&conn, again.id, "250 ok", 362).unwrap(),
            "settled once"
        );
        assert_eq!(claim_due(&conn, 10_000).unwrap(), None);
    }

    #[test]
    fn in_doubt_mail_waits_for_an_agent() {
        let conn = desk();
        let (row, _) = enqueue(&conn, &reply(), 100).unwrap();
        let claimed = claim_due(&conn, 100).unwrap().unwrap();
        // The process dies here: the row stays 'sending'.
        assert!(in_doubt(&conn, 100 + LEASE_S).unwrap().is_empty(), "leased");
        let e = retry(&conn, row, system(100 + LEASE_S)).unwrap_err();
        assert!(e.to_string().contains("being sent right now"), "{e}");
        assert_eq!(in_doubt(&conn, 101 + LEASE_S).unwrap(), vec![row]);
        assert_eq!(
            claim_due(&conn, 100_000).unwrap(),
            None,
            "never re-sent on its own"
        );
        let delivery = Delivery::Sending {
            lease_until: 100 + LEASE_S,
        };
        assert!(!delivery.in_doubt(100 + LEASE_S) && delivery.in_doubt(101 + LEASE_S));
        assert!(delivery.retryable(101 + LEASE_S));
        retry(&conn, claimed.id, system(101 + LEASE_S)).unwrap();
        let again = claim_due(&conn, 101 + LEASE_S).unwrap().unwrap();
        assert_eq!((again.id, again.attempts), (row, 1), "tries counted afresh");
        assert!(matches!(
            retry(&conn, 999, system(0)),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn backoff_grows_to_hourly() {
        let waits: Vec<i64> = (1..=6).map(backoff_s).collect();
        assert_eq!(waits, vec![60, 300, 900, 3600, 3600, 3600]);
    }

    #[test]
    fn broken_mail_settings_never_stop_a_reply() {
        let conn = desk();
        conn.execute_batch(
            "UPDATE settings SET value = 'pigeon' WHERE key = 'mail.transport';
             INSERT INTO messages (id, ticket_id, author, kind, body, created_at) VALUES (1, 7, 'agent', 'public', 'Hi', 0);",
        )
        .unwrap();
        assert_eq!(
            queue_reply(&conn, 7, 1, 0).unwrap(),
            ReplyMail::NotEmailed(Skipped::NotSetUp)
        );
        assert_eq!(
            reply_skip(&conn, Some("eva@example.nl")).unwrap(),
            Some(Skipped::NotSetUp)
        );
    }
}
