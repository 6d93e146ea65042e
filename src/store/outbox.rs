//! Mail that leaves the desk (`outbox`) and the Message-IDs of every mail
//! loket took in or sent (`mail_messages`), which thread replies.
//!
//! [`enqueue`] is the one way a mail is queued: a public reply, an
//! acknowledgement, a survey, a refusal. It runs inside the caller's
//! transaction, so the mail exists exactly when what it carries does.

use rusqlite::{Connection, params};

use super::Result;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    fn desk() -> Connection {
        let conn = store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'eva@example.nl', 0, 0);
             INSERT INTO tickets (id, subject, customer_id, channel, status, priority, created_at, updated_at)
                 VALUES (7, 'Printer', 1, 'email', 'open', 'normal', 0, 0);",
        )
        .unwrap();
        conn
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
}
