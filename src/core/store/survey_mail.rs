//! Surveys asked by mail (issue 11). Solving a ticket schedules a CSAT (and,
//! per desk setting, an NPS) invitation a delay later, at most once per
//! ticket and kind; a reopen before it went out cancels it; [`queue_due`]
//! puts the due invitations in the outbox, in the customer's language.
//! The answers (recorded in `surveys` by mail in) are read back here for
//! the ticket pane and the customer's history.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::Result;
use super::outbox::{self, OutboxKind, OutgoingMail};
use crate::domain::Status;
use crate::i18n::{Lang, Msg, fill, t};
use crate::mail::hook;
use crate::mail::settings::MailSettings;
use crate::text::{clean_block, clean_line};

/// The word a customer replies with to get no more surveys; mail in
/// recognises it with [`is_opt_out`].
pub const OPT_OUT_WORD: &str = "stop";

/// Whether the first line of a reply to a survey asks for no more surveys
/// ("stop", "STOP.", Dutch "stoppen").
pub fn is_opt_out(first_line: &str) -> bool {
    let word = first_line
        .trim()
        .trim_end_matches(['.', '!'])
        .to_lowercase();
    word == OPT_OUT_WORD || word == "stoppen"
}

/// One survey answer: kind (`csat`, `nps`), score and comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveyAnswer {
    pub kind: String,
    pub score: i64,
    pub comment: Option<String>,
    pub at: i64,
}

/// The survey kinds the desk asks for by mail, CSAT first.
fn kinds(settings: &MailSettings) -> Vec<&'static str> {
    let mut out = Vec::new();
    if settings.csat {
        out.push("csat");
    }
    if settings.nps {
        out.push("nps");
    }
    out
}

/// The answers on these tickets, oldest first, with their ticket.
pub fn answers_for(conn: &Connection, tickets: &[i64]) -> Result<Vec<(i64, SurveyAnswer)>> {
    if tickets.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(tickets).unwrap_or_else(|_| "[]".into());
    let mut stmt = conn.prepare_cached(
        "SELECT ticket_id, kind, score, comment, at FROM surveys
         WHERE ticket_id IN (SELECT value FROM json_each(?1)) ORDER BY at, id",
    )?;
    let rows = stmt.query_map([ids], |r| {
        Ok((
            r.get(0)?,
            SurveyAnswer {
                kind: r.get(1)?,
                score: r.get(2)?,
                comment: r
                    .get::<_, Option<String>>(3)?
                    .map(|c| clean_block(&c))
                    .filter(|c| !c.trim().is_empty()),
                at: r.get(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A ticket's status changed from `old` to `new` (called by
/// `changes::set_status`, in its transaction): a solve schedules the
/// survey, a reopen cancels one not yet queued. Returns the rows added or
/// removed.
pub fn status_changed(
    conn: &Connection,
    ticket: i64,
    old: Status,
    new: Status,
    now: i64,
) -> Result<usize> {
    if new == Status::Solved {
        schedule(conn, ticket, now)
    } else if old == Status::Solved && new.is_active() {
        cancel_pending(conn, ticket)
    } else {
        Ok(0)
    }
}

/// Schedules the survey invitations of a ticket just solved, due after the
/// desk's delay: only when the desk sends mail, the customer has an address
/// and has not opted out, and a survey kind is on. `INSERT OR IGNORE`: a
/// ticket is asked at most once per kind, however often it is solved.
pub fn schedule(conn: &Connection, ticket: i64, now: i64) -> Result<usize> {
    let settings = MailSettings::load(conn)?;
    if !settings.sends() {
        return Ok(0);
    }
    let customer: Option<(Option<String>, bool)> = conn
        .prepare_cached(
            "SELECT c.email, c.surveys_opt_out FROM tickets t JOIN customers c ON c.id = t.customer_id
             WHERE t.id = ?1",
        )?
        .query_row([ticket], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((Some(email), false)) = customer else {
        return Ok(0);
    };
    if crate::mail::bare_address(&email).is_none() {
        return Ok(0);
    }
    let mut added = 0;
    for kind in kinds(&settings) {
        added += conn
            .prepare_cached(
                "INSERT OR IGNORE INTO survey_requests (ticket_id, kind, due_at, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![ticket, kind, now + settings.survey_delay_s, now])?;
    }
    Ok(added)
}

/// A reopened ticket: its survey requests not yet queued go (a survey for
/// an unsolved ticket is wrong); solving it again schedules them anew.
pub fn cancel_pending(conn: &Connection, ticket: i64) -> Result<usize> {
    Ok(conn
        .prepare_cached("DELETE FROM survey_requests WHERE ticket_id = ?1 AND outbox_id IS NULL")?
        .execute([ticket])?)
}

/// A due request, with what its mail needs.
struct Due {
    id: i64,
    ticket: i64,
    kind: String,
    subject: String,
    status: Status,
    team: Option<String>,
    name: String,
    email: Option<String>,
    language: String,
    opted_out: bool,
}

/// Whether a survey invitation is due at `now` and not queued yet: a read,
/// so a delivery pass takes the write lock only when there is work.
pub fn any_due(conn: &Connection, now: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM survey_requests WHERE outbox_id IS NULL AND due_at <= ?1)",
        )?
        .query_row([now], |r| r.get(0))?)
}

/// Queues every survey invitation due at `now` that is not queued yet:
/// one mail per kind (CSAT and NPS each ask one score, so the first line of
/// the answer is unambiguous), automatic (`Auto-Submitted`), threaded to
/// the ticket, in the customer's language. A request whose ticket is no
/// longer solved or whose customer opted out since is dropped, never sent.
/// Run it inside a write transaction. Returns how many mails it queued.
pub fn queue_due(conn: &Connection, settings: &MailSettings, now: i64) -> Result<usize> {
    if !settings.sends() {
        return Ok(0);
    }
    let due: Vec<Due> = conn
        .prepare_cached(
            "SELECT sr.id, sr.ticket_id, sr.kind, t.subject, t.status, tm.name, c.name, c.email,
                    c.language, c.surveys_opt_out
             FROM survey_requests sr
             JOIN tickets t ON t.id = sr.ticket_id
             JOIN customers c ON c.id = t.customer_id
             LEFT JOIN teams tm ON tm.id = t.team_id
             WHERE sr.outbox_id IS NULL AND sr.due_at <= ?1
             ORDER BY sr.due_at, sr.id",
        )?
        .query_map([now], |r| {
            Ok(Due {
                id: r.get(0)?,
                ticket: r.get(1)?,
                kind: r.get(2)?,
                subject: r.get(3)?,
                status: r.get(4)?,
                team: r.get(5)?,
                name: r.get(6)?,
                email: r.get(7)?,
                language: r.get(8)?,
                opted_out: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut queued = 0;
    for request in due {
        let to = request.email.as_deref().and_then(crate::mail::bare_address);
        let wanted = match request.kind.as_str() {
            "csat" => settings.csat,
            _ => settings.nps,
        };
        let (Some(to), Some(from), false, Status::Solved | Status::Closed, true) = (
            to,
            settings.from_for(request.team.as_deref()),
            request.opted_out,
            request.status,
            wanted,
        ) else {
            conn.prepare_cached("DELETE FROM survey_requests WHERE id = ?1")?
                .execute([request.id])?;
            continue;
        };
        let (in_reply_to, references) = outbox::thread_refs(conn, request.ticket)?;
        let mail = invitation(&request, settings, from, &to, in_reply_to, references);
        let (outbox_id, _) = outbox::enqueue(conn, &mail, now)?;
        conn.prepare_cached("UPDATE survey_requests SET outbox_id = ?2 WHERE id = ?1")?
            .execute(params![request.id, outbox_id])?;
        queued += 1;
    }
    Ok(queued)
}

/// The invitation mail of one request.
fn invitation(
    request: &Due,
    settings: &MailSettings,
    from: &str,
    to: &str,
    in_reply_to: Option<String>,
    references: Vec<String>,
) -> OutgoingMail {
    let lang = Lang::parse(&request.language).unwrap_or_default();
    let nps = request.kind == "nps";
    let subject = clean_line(&request.subject);
    let (subject_msg, body_msg, kind) = if nps {
        (Msg::SurveyMailSubjectNps, Msg::SurveyMailBodyNps, "nps")
    } else {
        (Msg::SurveyMailSubjectCsat, Msg::SurveyMailBodyCsat, "csat")
    };
    let hook_text = hook::format(&settings.hook, request.ticket);
    let title = fill(t(lang, subject_msg), &[("subject", &subject)]);
    let name = clean_line(&request.name);
    let mut body = fill(
        t(lang, body_msg),
        &[("name", &name), ("subject", &subject), ("hook", &hook_text)],
    );
    body.push_str("\n\n");
    body.push_str(&fill(
        t(lang, Msg::SurveyMailStop),
        &[("word", &OPT_OUT_WORD)],
    ));
    body.push('\n');
    OutgoingMail {
        kind: OutboxKind::Survey,
        ticket_id: Some(request.ticket),
        message_id: None,
        from: from.to_string(),
        to: to.to_string(),
        cc: Vec::new(),
        subject: hook::tag_subject(&settings.hook, request.ticket, &title),
        body,
        in_reply_to,
        references,
        auto_submitted: true,
        survey_kind: Some(kind),
    }
}

/// Turns surveys by mail off (`true`) or on again for the customer with
/// this address. `NotFound` when no customer has it.
pub fn set_opt_out(conn: &Connection, email: &str, opt_out: bool) -> Result<i64> {
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM customers WHERE email = ?1")?
        .query_row([email.trim()], |r| r.get(0))
        .optional()?;
    let id = id.ok_or_else(|| super::StoreError::NotFound {
        what: format!("customer {}", email.trim()),
    })?;
    conn.prepare_cached("UPDATE customers SET surveys_opt_out = ?2 WHERE id = ?1")?
        .execute(params![id, opt_out])?;
    if opt_out {
        conn.prepare_cached(
            "DELETE FROM survey_requests WHERE outbox_id IS NULL
             AND ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?1)",
        )?
        .execute([id])?;
    }
    Ok(id)
}

#[cfg(test)]
#[path = "survey_mail_tests.rs"]
mod tests;
