//! One delivery pass: claim a due row, write it, hand it to the relay,
//! write what happened, next. Every step's write is its own short
//! transaction through [`store::write_shared`] (so other consoles see the
//! state move), and the relay's acceptance is written the moment it comes,
//! keeping the window in which a dying process leaves a message in doubt as
//! short as it can be.

use rusqlite::Connection;

use super::compose::{Attached, compose};
use super::transport::{Failure, Relay};
use crate::clock::Clock;
use crate::mail::settings::MailSettings;
use crate::store::attachments::{self, Owner};
use crate::store::outbox::{self, Claimed};
use crate::store::{self, Result};

/// A message the relay took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub id: i64,
    pub to: String,
    pub relay_reply: String,
}

/// A message that did not go this time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSent {
    pub id: i64,
    pub to: String,
    pub error: String,
    /// When it is tried again; `None` when it failed for good.
    pub retry_at: Option<i64>,
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassReport {
    pub sent: Vec<Sent>,
    /// Temporary failures, queued again with backoff.
    pub deferred: Vec<NotSent>,
    /// Permanent failures and mail that ran out of tries.
    pub failed: Vec<NotSent>,
    /// Rows left `sending` by a process that died: the relay may have them;
    /// an agent decides (`loket mail retry`).
    pub in_doubt: Vec<i64>,
    /// The relay could not be set up (nothing was claimed): what to fix.
    pub problem: Option<String>,
    /// Survey invitations that fell due and were queued by this pass.
    pub surveys_queued: usize,
}

impl PassReport {
    /// Whether anything failed or could not be tried.
    pub fn has_failures(&self) -> bool {
        !self.failed.is_empty() || self.problem.is_some()
    }
}

/// Delivers every row due now; see [`deliver_while`].
pub fn deliver_due(
    conn: &Connection,
    settings: &MailSettings,
    clock: &dyn Clock,
) -> Result<PassReport> {
    deliver_while(conn, settings, clock, &|| true)
}

/// Queues the survey invitations that fell due, then delivers due rows one
/// by one while `go_on()` says so (a stop signal).
/// Nothing is claimed when the desk sends no mail or the relay cannot be
/// set up; the report says why.
pub fn deliver_while(
    conn: &Connection,
    settings: &MailSettings,
    clock: &dyn Clock,
    go_on: &dyn Fn() -> bool,
) -> Result<PassReport> {
    let mut report = PassReport {
        in_doubt: outbox::in_doubt(conn, clock.now().timestamp())?,
        ..PassReport::default()
    };
    let now = clock.now().timestamp();
    if settings.sends() && store::survey_mail::any_due(conn, now)? {
        report.surveys_queued = store::write_shared(conn, clock, |tx| {
            store::survey_mail::queue_due(tx, settings, now)
        })?;
    }
    let due = outbox::next_due(conn)?.is_some_and(|at| at <= clock.now().timestamp());
    if !due || !settings.sends() {
        return Ok(report);
    }
    let relay = match Relay::from_settings(settings) {
        Ok(relay) => relay,
        Err(problem) => {
            tracing::warn!(%problem, "mail: the relay cannot be set up");
            report.problem = Some(problem);
            return Ok(report);
        }
    };
    while go_on() {
        let now = clock.now().timestamp();
        let Some(row) = store::write_shared(conn, clock, |tx| outbox::claim_due(tx, now))? else {
            break;
        };
        let outcome = send_one(conn, &relay, &row, now);
        let done = clock.now().timestamp();
        settle(conn, settings, clock, &row, outcome, done, &mut report)?;
    }
    Ok(report)
}

fn files_of(conn: &Connection, row: &Claimed) -> Result<Vec<Attached>> {
    let mut owners = vec![Owner::Outbox(row.id)];
    owners.extend(row.message_id.map(Owner::Message));
    let mut files = Vec::new();
    for owner in owners {
        for listed in attachments::list(conn, owner)? {
            let (a, data) = attachments::contents(conn, listed.id)?;
            files.push(Attached {
                name: a.name,
                content_type: a.content_type,
                data,
            });
        }
    }
    Ok(files)
}

fn send_one(
    conn: &Connection,
    relay: &Relay,
    row: &Claimed,
    now: i64,
) -> std::result::Result<String, Failure> {
    let files = files_of(conn, row)
        .map_err(|e| Failure::Temporary(format!("the attachments could not be read: {e}")))?;
    let message = compose(row, &files, now).map_err(|e| Failure::Permanent(e.0))?;
    relay.send(&message)
}

fn settle(
    conn: &Connection,
    settings: &MailSettings,
    clock: &dyn Clock,
    row: &Claimed,
    outcome: std::result::Result<String, Failure>,
    now: i64,
    report: &mut PassReport,
) -> Result<()> {
    let to = crate::text::clean_line(&row.to);
    match outcome {
        Ok(relay_reply) => {
            store::write_shared(conn, clock, |tx| {
                outbox::mark_sent(tx, row.id, &relay_reply, now)
            })?;
            tracing::info!(id = row.id, %to, %relay_reply, "mail: sent");
            report.sent.push(Sent {
                id: row.id,
                to,
                relay_reply,
            });
        }
        Err(Failure::Temporary(error)) if row.attempts < settings.max_attempts => {
            let at = now + outbox::backoff_s(row.attempts);
            store::write_shared(conn, clock, |tx| outbox::mark_retry(tx, row.id, &error, at))?;
            tracing::warn!(id = row.id, %to, %error, retry_at = at, "mail: deferred");
            report.deferred.push(NotSent {
                id: row.id,
                to,
                error,
                retry_at: Some(at),
            });
        }
        Err(Failure::Temporary(error)) => {
            let error = format!("{error} (gave up after {} tries)", row.attempts);
            failed(conn, clock, row, to, error, report)?;
        }
        Err(Failure::Permanent(error)) => failed(conn, clock, row, to, error, report)?,
    }
    Ok(())
}

fn failed(
    conn: &Connection,
    clock: &dyn Clock,
    row: &Claimed,
    to: String,
    error: String,
    report: &mut PassReport,
) -> Result<()> {
    store::write_shared(conn, clock, |tx| outbox::mark_failed(tx, row.id, &error))?;
    tracing::warn!(id = row.id, %to, %error, "mail: failed");
    report.failed.push(NotSent {
        id: row.id,
        to,
        error,
        retry_at: None,
    });
    Ok(())
}
