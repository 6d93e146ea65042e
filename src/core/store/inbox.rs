//! Mail in: a raw message becomes a thread entry on its ticket, a new
//! ticket, a bounce mark on a mail loket sent, a survey answer, or a
//! quarantine entry, never nothing. Parsing is [`crate::mail::inbound`];
//! this is the SQL and the order of the decisions:
//!
//! 1. too large, or unreadable: quarantined (the sender of a too-large mail
//!    gets one answer, unless it is automatic mail);
//! 2. taken before (its Message-ID is in `mail_messages`): a duplicate;
//! 3. a delivery status report: the outgoing mail it names is marked
//!    bounced (no ticket);
//! 4. over the per-sender limit: quarantined as rate_limited (retriable);
//! 5. its parent, by In-Reply-To/References against `mail_messages` and
//!    Message-IDs loket minted; else the ticket hook in the subject, when
//!    the sender is that ticket's customer or on its Cc; merged tickets are
//!    followed to their target;
//! 6. a reply to a survey invitation whose first line is a score: the answer;
//! 7. a reply to a closed ticket: a new ticket, follow-up of the old one
//!    and linked to it; to any other ticket: its thread (a solved one reopens);
//! 8. else a new ticket (channel email, routed by the desk's rules), with an
//!    acknowledgement when the desk wants one.
//!
//! Each mail is taken inside a savepoint: one that fails is rolled back
//! alone and kept in the quarantine, so a batch of them never loses the
//! others.

use rusqlite::{Connection, OptionalExtension, params};

use super::attachments::{self, NewAttachment, Owner};
use super::changes::{self, NewMessage, NewTicket};
use super::journal::{self, Actor};
use super::outbox::{self, OutboxKind, OutgoingMail, RecordedMail};
use super::quarantine::{self, NewEntry, Reason};
use super::{Result, StoreError};
use crate::domain::{Author, Channel, MessageKind, Priority, Status};
use crate::i18n::{Lang, Msg, fill, t};
use crate::mail::inbound::{self, Incoming, survey};
use crate::mail::settings::MailSettings;
use crate::mail::{hook, ids};
use crate::text::clean_block;

/// How many merges are followed at most (a cycle written by hand ends).
const MAX_MERGE_HOPS: usize = 16;

/// What became of one mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Added to the thread of an existing ticket.
    Threaded {
        ticket: i64,
        message: i64,
        reopened: bool,
    },
    /// A new ticket (a follow-up of a closed one, if `follow_up_of`).
    NewTicket {
        ticket: i64,
        message: i64,
        follow_up_of: Option<i64>,
        acknowledged: bool,
    },
    /// Taken before: nothing changed.
    Duplicate { ticket: Option<i64> },
    /// A delivery report: the outgoing mail was marked bounced.
    Bounced { outbox: i64, ticket: Option<i64> },
    /// A delivery report that marks nothing (delayed, or delivered).
    Report,
    /// A survey answer by mail.
    SurveyAnswer { ticket: i64, survey: i64 },
    /// "stop" in answer to a survey: the customer gets no more surveys.
    SurveyOptOut { ticket: i64 },
    /// Kept aside in the quarantine.
    Quarantined {
        id: i64,
        reason: Reason,
        detail: String,
        /// The sender was told (a too-large mail).
        answered: bool,
    },
}

impl Outcome {
    /// A mail refused for good (not readable as e-mail): `loket mail
    /// deliver` exits 65 for these, after keeping the raw message.
    pub fn refused_for_good(&self) -> bool {
        matches!(
            self,
            Outcome::Quarantined {
                reason: Reason::Unparsable,
                ..
            }
        )
    }
}

/// A mail that cannot be taken, and why.
struct Refusal {
    reason: Reason,
    detail: String,
}

/// Whether an error is about the database being unavailable, which the
/// caller must retry (the MTA's temporary failure), rather than about this
/// mail.
pub fn is_unavailable(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Busy | StoreError::Locked | StoreError::ReadOnly(_) | StoreError::Io { .. }
    )
}

/// Takes one raw mail in, inside the caller's transaction. Errors are only
/// those of an unavailable database ([`is_unavailable`]): anything else that
/// goes wrong with this mail is rolled back and the mail quarantined.
pub fn take(
    conn: &Connection,
    raw: &[u8],
    source: Option<&str>,
    settings: &MailSettings,
    now: i64,
) -> Result<Outcome> {
    let (sender, subject, header_id) = inbound::parse::sender_and_subject(raw);
    let mail_id = header_id
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| ids::for_raw(raw));
    let refusal = match attempt(conn, raw, settings, now, true) {
        Ok(Ok(outcome)) => {
            if !matches!(outcome, Outcome::Duplicate { .. }) {
                quarantine::forget(conn, &mail_id)?;
            }
            return Ok(outcome);
        }
        Ok(Err(refusal)) => refusal,
        Err(e) if is_unavailable(&e) => return Err(e),
        Err(e) => Refusal {
            reason: Reason::Failed,
            detail: e.to_string(),
        },
    };
    let (id, new) = quarantine::add(
        conn,
        &NewEntry {
            reason: refusal.reason,
            detail: &refusal.detail,
            sender: sender.as_deref(),
            subject: subject.as_deref(),
            mail_id: Some(&mail_id),
            raw,
            source,
        },
        now,
    )?;
    let answered = new
        && refusal.reason == Reason::TooLarge
        && refuse_too_large(conn, raw, &mail_id, settings, now)?;
    Ok(Outcome::Quarantined {
        id,
        reason: refusal.reason,
        detail: refusal.detail,
        answered,
    })
}

/// Takes quarantined mail `id` in again, without the per-sender limit (an
/// admin asked for it). Taken, its quarantine row goes; refused again, the
/// row says why and when it was retried.
pub fn retry(conn: &Connection, id: i64, settings: &MailSettings, now: i64) -> Result<Outcome> {
    let (raw, _source) = quarantine::raw(conn, id)?;
    let refusal = match attempt(conn, &raw, settings, now, false) {
        Ok(Ok(outcome)) => {
            quarantine::remove(conn, id)?;
            return Ok(outcome);
        }
        Ok(Err(refusal)) => refusal,
        Err(e) if is_unavailable(&e) => return Err(e),
        Err(e) => Refusal {
            reason: Reason::Failed,
            detail: e.to_string(),
        },
    };
    quarantine::retried(conn, id, refusal.reason, &refusal.detail, now)?;
    Ok(Outcome::Quarantined {
        id,
        reason: refusal.reason,
        detail: refusal.detail,
        answered: false,
    })
}

/// One try inside a savepoint: rolled back unless it took the mail.
fn attempt(
    conn: &Connection,
    raw: &[u8],
    settings: &MailSettings,
    now: i64,
    limit: bool,
) -> Result<std::result::Result<Outcome, Refusal>> {
    if raw.len() as u64 > settings.max_size {
        return Ok(Err(Refusal {
            reason: Reason::TooLarge,
            detail: format!(
                "{} is over the limit of {} (mail.max_size)",
                human_size(raw.len() as u64),
                human_size(settings.max_size)
            ),
        }));
    }
    let mut mail = match inbound::parse(raw) {
        Ok(mail) => mail,
        Err(e) => {
            return Ok(Err(Refusal {
                reason: Reason::Unparsable,
                detail: e.to_string(),
            }));
        }
    };
    if settings.is_own(&mail.from_addr) {
        mail.noise = Some(inbound::Noise::OwnAddress);
    }
    conn.execute_batch("SAVEPOINT mail_in")?;
    let result = decide(conn, &mail, settings, now, limit);
    match &result {
        Ok(Ok(_)) => conn.execute_batch("RELEASE mail_in")?,
        _ => conn.execute_batch("ROLLBACK TO mail_in; RELEASE mail_in")?,
    }
    result
}

fn decide(
    conn: &Connection,
    mail: &Incoming,
    settings: &MailSettings,
    now: i64,
    limit: bool,
) -> Result<std::result::Result<Outcome, Refusal>> {
    let actor = Actor {
        agent_id: None,
        now,
    };
    let seen: Option<i64> = conn
        .prepare_cached("SELECT ticket_id FROM mail_messages WHERE mail_id = ?1")?
        .query_row([&mail.mail_id], |r| r.get(0))
        .optional()?;
    if let Some(ticket) = seen {
        return Ok(Ok(Outcome::Duplicate {
            ticket: Some(ticket),
        }));
    }
    if let Some(bounce) = &mail.bounce {
        return mark_bounced(conn, mail, bounce, actor);
    }
    if limit && settings.sender_limit > 0 {
        let recent: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM mail_messages
                 WHERE direction = 'in' AND from_addr = ?1 AND at > ?2",
            )?
            .query_row(params![mail.from_addr, now - 3600], |r| r.get(0))?;
        if recent >= i64::from(settings.sender_limit) {
            return Ok(Err(Refusal {
                reason: Reason::RateLimited,
                detail: format!(
                    "{} sent {recent} mails in the last hour, the limit is {} (mail.sender_limit); retry it when that is over",
                    mail.from_addr, settings.sender_limit
                ),
            }));
        }
    }

    let (parent, survey_kind) = match find_parent(conn, mail)? {
        Some((ticket, kind)) => (Some(ticket), kind),
        None => (find_by_hook(conn, mail, settings)?, None),
    };
    let target = match parent {
        Some(t) => Some(follow_merges(conn, t)?),
        None => None,
    };

    if let (Some(ticket), Some(kind)) = (target, survey_kind.as_deref())
        && let Some((score, comment)) = survey::answer(kind, &mail.text)
    {
        let survey = record_survey(conn, ticket, kind, score, comment.as_deref(), actor)?;
        record(conn, mail, ticket, None, now)?;
        return Ok(Ok(Outcome::SurveyAnswer { ticket, survey }));
    }
    if let (Some(ticket), Some(_)) = (target, survey_kind.as_deref())
        && mail
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(super::survey_mail::is_opt_out)
    {
        super::survey_mail::set_opt_out(conn, &mail.from_addr, true)?;
        journal::event(conn, ticket, actor, "surveys_opted_out", None, None, None)?;
        record(conn, mail, ticket, None, now)?;
        return Ok(Ok(Outcome::SurveyOptOut { ticket }));
    }

    changes::upsert_customer(conn, &mail.from_addr, mail.from_name.as_deref(), now)?;
    match target {
        Some(ticket) if changes::status_of(conn, ticket)? != Status::Closed => {
            let was = changes::status_of(conn, ticket)?;
            let message = changes::add_message(
                conn,
                ticket,
                &NewMessage {
                    author: Author::Customer,
                    kind: MessageKind::Public,
                    body: body_or_note(mail),
                    duration_s: None,
                },
                actor,
            )?;
            file_message(conn, mail, ticket, message, settings, now)?;
            Ok(Ok(Outcome::Threaded {
                ticket,
                message,
                reopened: was == Status::Solved,
            }))
        }
        closed => {
            let (ticket, message) = new_ticket(conn, mail, actor)?;
            if let Some(old) = closed {
                conn.prepare_cached("UPDATE tickets SET follow_up_of = ?2 WHERE id = ?1")?
                    .execute(params![ticket, old])?;
                changes::link(conn, ticket, old, actor)?;
            }
            file_message(conn, mail, ticket, message, settings, now)?;
            let acknowledged = acknowledge(conn, mail, ticket, settings, now)?;
            Ok(Ok(Outcome::NewTicket {
                ticket,
                message,
                follow_up_of: closed,
                acknowledged,
            }))
        }
    }
}

/// The body to store: the new text, or a note that there was none (a mail
/// of only attachments still needs its thread entry).
fn body_or_note(mail: &Incoming) -> String {
    if mail.text.trim().is_empty() {
        t(Lang::En, Msg::MailNoText).to_string()
    } else {
        mail.text.clone()
    }
}

fn new_ticket(conn: &Connection, mail: &Incoming, actor: Actor) -> Result<(i64, i64)> {
    let subject = if mail.subject.trim().is_empty() {
        t(Lang::En, Msg::MailNoSubject).to_string()
    } else {
        mail.subject.clone()
    };
    let ticket = changes::create_ticket(
        conn,
        &NewTicket {
            subject,
            customer_email: mail.from_addr.clone(),
            customer_name: mail.from_name.clone(),
            channel: Channel::Email,
            priority: Priority::Normal,
            body: Some(body_or_note(mail)),
            language: None,
            tags: Vec::new(),
        },
        actor,
    )?;
    let message: i64 = conn
        .prepare_cached("SELECT max(id) FROM messages WHERE ticket_id = ?1")?
        .query_row([ticket], |r| r.get(0))?;
    Ok((ticket, message))
}

/// What goes with a thread entry from mail: its quoted history, its
/// Message-ID, the people on Cc, its attachments.
fn file_message(
    conn: &Connection,
    mail: &Incoming,
    ticket: i64,
    message: i64,
    settings: &MailSettings,
    now: i64,
) -> Result<()> {
    if let Some(quoted) = &mail.quoted {
        conn.prepare_cached("UPDATE messages SET quoted = ?2 WHERE id = ?1")?
            .execute(params![message, clean_block(quoted)])?;
    }
    record(conn, mail, ticket, Some(message), now)?;
    let customer: String = conn
        .prepare_cached(
            "SELECT c.email FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1",
        )?
        .query_row([ticket], |r| r.get::<_, Option<String>>(0))?
        .unwrap_or_default();
    for (addr, name) in &mail.cc {
        if settings.is_own(addr) || addr.eq_ignore_ascii_case(&customer) {
            continue;
        }
        conn.prepare_cached(
            "INSERT OR IGNORE INTO ticket_cc (ticket_id, address, name, added_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![ticket, addr, name, now])?;
    }
    for file in &mail.attachments {
        attachments::add(
            conn,
            Owner::Message(message),
            &NewAttachment {
                name: &file.name,
                content_type: &file.content_type,
                data: &file.data,
                inline: file.inline,
            },
            now,
        )?;
    }
    Ok(())
}

fn record(
    conn: &Connection,
    mail: &Incoming,
    ticket: i64,
    message: Option<i64>,
    now: i64,
) -> Result<()> {
    outbox::record_mail(
        conn,
        &RecordedMail {
            mail_id: &mail.mail_id,
            ticket_id: ticket,
            message_id: message,
            incoming: true,
            from: Some(&mail.from_addr),
            survey_kind: None,
        },
        now,
    )?;
    Ok(())
}

/// The ticket (and survey kind, for an invitation) of the first parent
/// Message-ID the desk knows, or minted.
fn find_parent(conn: &Connection, mail: &Incoming) -> Result<Option<(i64, Option<String>)>> {
    for id in &mail.parents {
        let known: Option<(i64, Option<String>)> = conn
            .prepare_cached("SELECT ticket_id, survey_kind FROM mail_messages WHERE mail_id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if known.is_some() {
            return Ok(known);
        }
    }
    for id in &mail.parents {
        if let Some(ticket) = ids::minted_ticket(id)
            && exists(conn, ticket)?
        {
            return Ok(Some((ticket, None)));
        }
    }
    Ok(None)
}

/// The ticket named by the hook in the subject, when the sender is its
/// customer or on its Cc (anyone else writing "[#12]" gets a ticket of
/// their own, not a look into someone else's).
fn find_by_hook(
    conn: &Connection,
    mail: &Incoming,
    settings: &MailSettings,
) -> Result<Option<i64>> {
    let Some(ticket) = hook::find(&settings.hook, &mail.subject) else {
        return Ok(None);
    };
    let allowed: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM tickets t JOIN customers c ON c.id = t.customer_id
                            WHERE t.id = ?1 AND c.email = ?2)
                 OR EXISTS (SELECT 1 FROM ticket_cc WHERE ticket_id = ?1 AND address = ?2)",
        )?
        .query_row(params![ticket, mail.from_addr], |r| r.get(0))?;
    Ok(allowed.then_some(ticket))
}

fn exists(conn: &Connection, ticket: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM tickets WHERE id = ?1)")?
        .query_row([ticket], |r| r.get(0))?)
}

/// The ticket a merged ticket lives on in.
fn follow_merges(conn: &Connection, mut ticket: i64) -> Result<i64> {
    for _ in 0..MAX_MERGE_HOPS {
        let next: Option<i64> = conn
            .prepare_cached("SELECT merged_into_id FROM tickets WHERE id = ?1")?
            .query_row([ticket], |r| r.get(0))
            .optional()?
            .flatten();
        match next {
            Some(n) if n != ticket => ticket = n,
            _ => break,
        }
    }
    Ok(ticket)
}

fn mark_bounced(
    conn: &Connection,
    mail: &Incoming,
    bounce: &inbound::Bounce,
    actor: Actor,
) -> Result<std::result::Result<Outcome, Refusal>> {
    if !bounce.failed {
        return Ok(Ok(Outcome::Report));
    }
    for id in &bounce.mail_ids {
        let row: Option<(i64, Option<i64>)> = conn
            .prepare_cached("SELECT id, ticket_id FROM outbox WHERE mail_id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((outbox, ticket)) = row else {
            continue;
        };
        let reason = bounce.reason();
        conn.prepare_cached(
            "UPDATE outbox SET state = 'bounced', bounced_at = ?2, last_error = ?3, lease_until = NULL
             WHERE id = ?1",
        )?
        .execute(params![outbox, actor.now, reason])?;
        if let Some(ticket) = ticket {
            journal::event(
                conn,
                ticket,
                actor,
                "mail_bounced",
                None,
                bounce.recipient.as_deref(),
                Some(&reason),
            )?;
            journal::touch(conn, ticket, actor)?;
            record(conn, mail, ticket, None, actor.now)?;
        }
        return Ok(Ok(Outcome::Bounced { outbox, ticket }));
    }
    Ok(Err(Refusal {
        reason: Reason::UnmatchedBounce,
        detail: format!(
            "a delivery report about a mail this desk did not send ({})",
            if bounce.mail_ids.is_empty() {
                "it names no Message-ID".to_string()
            } else {
                bounce.mail_ids.join(", ")
            }
        ),
    }))
}

fn record_survey(
    conn: &Connection,
    ticket: i64,
    kind: &str,
    score: i64,
    comment: Option<&str>,
    actor: Actor,
) -> Result<i64> {
    let comment = comment.map(clean_block);
    let answered: Option<i64> = conn
        .prepare_cached(
            "SELECT survey_id FROM survey_requests WHERE ticket_id = ?1 AND kind = ?2 AND survey_id IS NOT NULL",
        )?
        .query_row(params![ticket, kind], |r| r.get(0))
        .optional()?;
    let survey = match answered {
        // A second answer to the same invitation: the customer changed
        // their mind; one answer counts.
        Some(id) => {
            conn.prepare_cached(
                "UPDATE surveys SET score = ?2, comment = ?3, at = ?4 WHERE id = ?1",
            )?
            .execute(params![id, score, comment, actor.now])?;
            id
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO surveys (ticket_id, customer_id, kind, score, comment, at)
                 SELECT id, customer_id, ?2, ?3, ?4, ?5 FROM tickets WHERE id = ?1",
            )?
            .execute(params![ticket, kind, score, comment, actor.now])?;
            conn.last_insert_rowid()
        }
    };
    conn.prepare_cached(
        "UPDATE survey_requests SET survey_id = ?3 WHERE ticket_id = ?1 AND kind = ?2",
    )?
    .execute(params![ticket, kind, survey])?;
    journal::event(
        conn,
        ticket,
        actor,
        "survey_answered",
        None,
        Some(&score.to_string()),
        Some(kind),
    )?;
    journal::touch(conn, ticket, actor)?;
    Ok(survey)
}

/// The customer's language, English when unknown.
fn language_of(conn: &Connection, email: &str) -> Result<Lang> {
    let lang: Option<String> = conn
        .prepare_cached("SELECT language FROM customers WHERE email = ?1")?
        .query_row([email], |r| r.get(0))
        .optional()?;
    Ok(lang.and_then(|l| Lang::parse(&l).ok()).unwrap_or(Lang::En))
}

/// Queues the acknowledgement of a new ticket, if the desk sends them and
/// the mail is not automatic. Returns whether one was queued.
fn acknowledge(
    conn: &Connection,
    mail: &Incoming,
    ticket: i64,
    settings: &MailSettings,
    now: i64,
) -> Result<bool> {
    if !settings.ack || mail.noise.is_some() {
        return Ok(false);
    }
    let team: Option<String> = conn
        .prepare_cached(
            "SELECT tm.name FROM tickets t LEFT JOIN teams tm ON tm.id = t.team_id WHERE t.id = ?1",
        )?
        .query_row([ticket], |r| r.get(0))?;
    let Some(from) = settings.from_for(team.as_deref()) else {
        return Ok(false);
    };
    let (subject, name): (String, String) = conn
        .prepare_cached(
            "SELECT t.subject, c.name FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1",
        )?
        .query_row([ticket], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let lang = language_of(conn, &mail.from_addr)?;
    let tag = hook::format(&settings.hook, ticket);
    let body = fill(
        t(lang, Msg::MailAckBody),
        &[("name", &name), ("hook", &tag), ("subject", &subject)],
    );
    outbox::enqueue(
        conn,
        &OutgoingMail {
            kind: OutboxKind::Ack,
            ticket_id: Some(ticket),
            message_id: None,
            from: from.to_string(),
            to: mail.from_addr.clone(),
            cc: Vec::new(),
            subject: hook::tag_subject(&settings.hook, ticket, &subject),
            body,
            in_reply_to: Some(mail.mail_id.clone()),
            references: vec![mail.mail_id.clone()],
            auto_submitted: true,
            survey_kind: None,
        },
        now,
    )?;
    Ok(true)
}

/// Tells the sender of a too-large mail, once, that it did not reach the
/// desk, unless the mail is automatic (no answers to robots). Returns
/// whether the answer was queued.
fn refuse_too_large(
    conn: &Connection,
    raw: &[u8],
    mail_id: &str,
    settings: &MailSettings,
    now: i64,
) -> Result<bool> {
    let Some(from) = settings.address.as_deref() else {
        return Ok(false);
    };
    let Some(message) = mail_parser::MessageParser::default().parse_headers(raw) else {
        return Ok(false);
    };
    let Some(sender) = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .and_then(crate::mail::bare_address)
    else {
        return Ok(false);
    };
    if settings.is_own(&sender) || inbound::noise::judge(&message, &sender).is_some() {
        return Ok(false);
    }
    let subject = crate::text::clean_line(message.subject().unwrap_or_default());
    let lang = language_of(conn, &sender)?;
    let values: [(&str, &dyn std::fmt::Display); 3] = [
        ("subject", &subject),
        ("size", &human_size(raw.len() as u64)),
        ("limit", &human_size(settings.max_size)),
    ];
    outbox::enqueue(
        conn,
        &OutgoingMail {
            kind: OutboxKind::Refusal,
            ticket_id: None,
            message_id: None,
            from: from.to_string(),
            to: sender,
            cc: Vec::new(),
            subject: fill(t(lang, Msg::MailTooLargeSubject), &values),
            body: fill(t(lang, Msg::MailTooLargeBody), &values),
            in_reply_to: Some(mail_id.to_string()),
            references: vec![mail_id.to_string()],
            auto_submitted: true,
            survey_kind: None,
        },
        now,
    )?;
    Ok(true)
}

/// A size as people write it: 30.0 MB, 512 KB, 900 bytes.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else if bytes >= 1_000 {
        format!("{} KB", bytes / 1_000)
    } else {
        format!("{bytes} bytes")
    }
}
