//! Mail in from the command line: `loket mail deliver` (one message on
//! stdin, for an MTA, procmail or `fetchmail --mda`), `loket mail import`
//! (a Maildir or mbox) and `loket mail failed` (the quarantine).

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Cli, Context, UsageError, input_error, open_for, outln};
use crate::i18n::{Lang, Msg, fill, t};
use crate::mail::mailbox::{self, Mailbox};
use crate::mail::settings::MailSettings;
use crate::store::inbox::{self, Outcome};
use crate::store::rights::Right;
use crate::store::{self, quarantine};
use crate::text;

/// sysexits.h: the message is refused for good (it is kept in failed mail).
pub const EX_DATAERR: u8 = 65;
/// sysexits.h: try again later; the MTA keeps the message and retries.
pub const EX_TEMPFAIL: u8 = 75;

/// `loket mail deliver` ends with an exit code an MTA understands.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct DeliverExit {
    pub code: u8,
    pub message: String,
}

#[derive(Debug, Args)]
pub struct DeliverArgs {
    /// How long to wait for another loket that is writing before answering "try again later" (exit 75)
    #[arg(long, value_name = "SECONDS", default_value_t = store::BUSY_TIMEOUT.as_secs())]
    pub wait: u64,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A Maildir (a directory with new/ and cur/) or an mbox file
    pub path: PathBuf,
    /// Mails per transaction (each mail still has its own savepoint: one bad mail never undoes the others)
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub batch: usize,
    /// Print the counts as one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FailedArgs {
    #[command(subcommand)]
    pub action: Option<FailedAction>,
    /// Print the list as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum FailedAction {
    /// Take a failed mail in again (the per-sender limit does not apply)
    Retry {
        /// The failed mail's id (from loket mail failed)
        id: Option<i64>,
        /// Retry every failed mail
        #[arg(long, conflicts_with = "id")]
        all: bool,
    },
    /// Remove a failed mail for good
    Drop {
        /// The failed mail's id (from loket mail failed)
        id: i64,
    },
}

/// What became of one mail, in words.
pub fn describe_outcome(lang: Lang, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Threaded {
            ticket, reopened, ..
        } => fill(
            t(
                lang,
                if *reopened {
                    Msg::MailOutReopened
                } else {
                    Msg::MailOutThreaded
                },
            ),
            &[("id", ticket)],
        ),
        Outcome::NewTicket {
            ticket,
            follow_up_of,
            acknowledged,
            ..
        } => {
            let what = match follow_up_of {
                Some(old) => fill(
                    t(lang, Msg::MailOutFollowUp),
                    &[("id", ticket), ("old", old)],
                ),
                None => fill(t(lang, Msg::MailOutNewTicket), &[("id", ticket)]),
            };
            if *acknowledged {
                fill(t(lang, Msg::MailOutAcknowledged), &[("what", &what)])
            } else {
                what
            }
        }
        Outcome::Duplicate { ticket } => fill(
            t(lang, Msg::MailOutDuplicate),
            &[(
                "id",
                &ticket.map(|t| t.to_string()).unwrap_or_else(|| "-".into()),
            )],
        ),
        Outcome::Bounced { outbox, .. } => {
            fill(t(lang, Msg::MailOutBounced), &[("outbox", outbox)])
        }
        Outcome::Report => t(lang, Msg::MailOutReport).to_string(),
        Outcome::SurveyAnswer { ticket, .. } => {
            fill(t(lang, Msg::MailOutSurvey), &[("id", ticket)])
        }
        Outcome::SurveyOptOut { ticket } => {
            fill(t(lang, Msg::MailOutSurveyOptOut), &[("id", ticket)])
        }
        Outcome::Quarantined {
            id,
            reason,
            detail,
            answered,
        } => {
            let what = fill(
                t(lang, Msg::MailOutQuarantined),
                &[("id", id), ("reason", &reason.as_str()), ("detail", detail)],
            );
            if *answered {
                fill(t(lang, Msg::MailOutAnswered), &[("what", &what)])
            } else {
                what
            }
        }
    }
}

fn tempfail(lang: Lang, err: &anyhow::Error) -> anyhow::Error {
    DeliverExit {
        code: EX_TEMPFAIL,
        message: fill(
            t(lang, Msg::MailUnavailable),
            &[("error", &super::describe(lang, err))],
        ),
    }
    .into()
}

/// `loket mail deliver`: one message on stdin.
pub fn deliver(cli: &Cli, context: &Context, args: &DeliverArgs) -> Result<()> {
    let lang = context.lang;
    let mut raw = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut raw) {
        return Err(DeliverExit {
            code: EX_TEMPFAIL,
            message: fill(t(lang, Msg::MailReadFailed), &[("error", &e)]),
        }
        .into());
    }
    let conn = open_for(cli, context, true).map_err(|e| tempfail(lang, &e))?;
    conn.busy_timeout(Duration::from_secs(args.wait))
        .map_err(|e| tempfail(lang, &e.into()))?;
    let now = chrono::Utc::now().timestamp();
    let outcome = store::write_shared(&conn, &crate::clock::SystemClock, |tx| {
        let settings = MailSettings::load(tx)?;
        inbox::take(tx, &raw, Some("stdin"), &settings, now)
    })
    .map_err(|e| tempfail(lang, &e.into()))?;
    let words = describe_outcome(lang, &outcome);
    tracing::info!(outcome = %words, "mail delivered");
    if outcome.refused_for_good() {
        return Err(DeliverExit {
            code: EX_DATAERR,
            message: words,
        }
        .into());
    }
    outln(words)
}

/// The counts `loket mail import` prints.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct ImportCounts {
    pub taken: u64,
    pub threaded: u64,
    pub new_tickets: u64,
    pub survey_answers: u64,
    pub duplicates: u64,
    pub bounces: u64,
    pub quarantined: u64,
    /// Files that could not be read at all (named on stderr).
    pub unreadable: u64,
}

impl ImportCounts {
    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Threaded { .. } => {
                self.taken += 1;
                self.threaded += 1;
            }
            Outcome::NewTicket { .. } => {
                self.taken += 1;
                self.new_tickets += 1;
            }
            Outcome::SurveyAnswer { .. } | Outcome::SurveyOptOut { .. } => {
                self.taken += 1;
                self.survey_answers += 1;
            }
            Outcome::Duplicate { .. } => self.duplicates += 1,
            Outcome::Bounced { .. } | Outcome::Report => self.bounces += 1,
            Outcome::Quarantined { .. } => self.quarantined += 1,
        }
    }
}

/// `loket mail import PATH`.
pub fn import(cli: &Cli, context: &Context, args: &ImportArgs) -> Result<()> {
    let lang = context.lang;
    let mailbox = Mailbox::at(&args.path).map_err(UsageError)?;
    let conn = open_for(cli, context, true)?;
    let settings = MailSettings::load(&conn)?;
    let mut counts = ImportCounts::default();
    let mut batch: Vec<mailbox::Stored> = Vec::with_capacity(args.batch.max(1));
    let mut messages = mailbox.messages()?;
    loop {
        let next = messages.next();
        let done = next.is_none();
        match next {
            Some(Ok(stored)) => batch.push(stored),
            Some(Err(e)) => {
                counts.unreadable += 1;
                eprintln!("loket: {e}");
            }
            None => {}
        }
        if batch.len() >= args.batch.max(1) || (done && !batch.is_empty()) {
            take_batch(&conn, &settings, &mut batch, &mut counts, lang)?;
        }
        if done {
            break;
        }
    }
    if args.json {
        return outln(serde_json::to_string_pretty(&counts)?);
    }
    outln(fill(
        t(lang, Msg::MailImportDone),
        &[
            ("source", &args.path.display()),
            ("taken", &counts.taken),
            ("threaded", &counts.threaded),
            ("new", &counts.new_tickets),
            ("surveys", &counts.survey_answers),
            ("duplicates", &counts.duplicates),
            ("bounces", &counts.bounces),
            ("quarantined", &counts.quarantined),
        ],
    ))
}

/// One transaction for a batch; the Maildir files are marked read only
/// after it committed, so a crash marks nothing that was not taken.
fn take_batch(
    conn: &rusqlite::Connection,
    settings: &MailSettings,
    batch: &mut Vec<mailbox::Stored>,
    counts: &mut ImportCounts,
    lang: Lang,
) -> Result<()> {
    let now = chrono::Utc::now().timestamp();
    let outcomes = store::write_shared(conn, &crate::clock::SystemClock, |tx| {
        batch
            .iter()
            .map(|m| inbox::take(tx, &m.raw, Some(&m.source), settings, now))
            .collect::<store::Result<Vec<Outcome>>>()
    })?;
    for (stored, outcome) in batch.iter().zip(&outcomes) {
        counts.add(outcome);
        if let Some(file) = &stored.file
            && let Err(e) = mailbox::mark_seen(file)
        {
            eprintln!(
                "loket: {}",
                fill(
                    t(lang, Msg::MailImportUnmarked),
                    &[("file", &file.display()), ("error", &e)]
                )
            );
        }
    }
    batch.clear();
    Ok(())
}

/// `loket mail failed [retry ID|--all | drop ID]`.
pub fn failed(cli: &Cli, context: &Context, args: &FailedArgs) -> Result<()> {
    let lang = context.lang;
    match &args.action {
        None => {
            let conn = open_for(cli, context, false)?;
            let entries = quarantine::list(&conn)?;
            if args.json {
                return outln(serde_json::to_string_pretty(&entries)?);
            }
            if entries.is_empty() {
                return outln(t(lang, Msg::MailFailedNone));
            }
            outln(t(lang, Msg::MailFailedHeader))?;
            for e in &entries {
                let when = chrono::DateTime::from_timestamp(e.received_at, 0)
                    .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                    .unwrap_or_default();
                outln(format!(
                    "{:>2}  {:<20}  {:<16}  {:<28}  {:<30}  {}",
                    e.id,
                    when,
                    e.reason,
                    text::fit(e.sender.as_deref().unwrap_or("-"), 28),
                    text::fit(e.subject.as_deref().unwrap_or("-"), 30),
                    inbox::human_size(u64::try_from(e.size).unwrap_or_default())
                ))?;
            }
            Ok(())
        }
        Some(FailedAction::Drop { id }) => {
            let mut conn = open_for(cli, context, true)?;
            let actor = super::actor(&conn, cli, context)?;
            store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                super::require(tx, actor, Right::ManageMail)?;
                quarantine::remove(tx, *id)
            })
            .map_err(input_error)?;
            outln(fill(t(lang, Msg::MailFailedDropped), &[("id", id)]))
        }
        Some(FailedAction::Retry { id, all }) => {
            let conn = open_for(cli, context, true)?;
            let actor = super::actor(&conn, cli, context)?;
            let ids = match (id, all) {
                (Some(id), _) => vec![*id],
                (None, true) => quarantine::ids(&conn)?,
                (None, false) => {
                    return Err(UsageError(t(lang, Msg::MailFailedRetryWhich).into()).into());
                }
            };
            for id in ids {
                let now = chrono::Utc::now().timestamp();
                let outcome = store::write_shared(&conn, &crate::clock::SystemClock, |tx| {
                    super::require(tx, actor, Right::ManageMail)?;
                    let settings = MailSettings::load(tx)?;
                    inbox::retry(tx, id, &settings, now)
                })
                .map_err(input_error)?;
                outln(fill(
                    t(lang, Msg::MailFailedRetried),
                    &[("id", &id), ("what", &describe_outcome(lang, &outcome))],
                ))?;
            }
            Ok(())
        }
    }
}
