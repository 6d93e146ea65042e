//! `loket mail send|watch|retry`: delivering the outbox from cron, from a
//! service, and putting failed or in-doubt mail back in the queue.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;

use super::{Cli, Context, UsageError, input_error, open_for, outln};
use crate::clock::SystemClock;
use crate::i18n::{Lang, Msg, fill, t};
use crate::mail::outbound::{PassReport, deliver_due};
use crate::mail::settings::MailSettings;
use crate::service::courier;
use crate::store::{self, outbox};

fn when(at: i64) -> String {
    crate::clock::from_unix(at)
        .format("%Y-%m-%d %H:%M:%S UTC")
        .to_string()
}

/// The report's lines, one per mail, in the user's language.
fn lines(lang: Lang, report: &PassReport) -> Vec<String> {
    let mut out = Vec::new();
    for s in &report.sent {
        out.push(fill(
            t(lang, Msg::MailOutSent),
            &[("id", &s.id), ("to", &s.to), ("reply", &s.relay_reply)],
        ));
    }
    for d in &report.deferred {
        out.push(fill(
            t(lang, Msg::MailOutDeferred),
            &[
                ("id", &d.id),
                ("to", &d.to),
                ("error", &d.error),
                ("at", &d.retry_at.map(when).unwrap_or_default()),
            ],
        ));
    }
    for f in &report.failed {
        out.push(fill(
            t(lang, Msg::MailOutFailed),
            &[("id", &f.id), ("to", &f.to), ("error", &f.error)],
        ));
    }
    if let Some(problem) = &report.problem {
        out.push(fill(t(lang, Msg::MailOutProblem), &[("problem", problem)]));
    }
    out
}

fn in_doubt_lines(lang: Lang, ids: &[i64]) -> Vec<String> {
    ids.iter()
        .map(|id| fill(t(lang, Msg::MailOutInDoubt), &[("id", id)]))
        .collect()
}

/// `loket mail send`: one pass; exit 1 when a mail failed or the relay
/// could not be set up.
pub fn send(cli: &Cli, context: &Context, json: bool) -> Result<()> {
    let conn = open_for(cli, context, true)?;
    let settings = MailSettings::load(&conn).map_err(input_error)?;
    if !settings.sends() {
        return Err(UsageError(t(context.lang, Msg::MailOutNotSetUp).to_string()).into());
    }
    let report = deliver_due(&conn, &settings, &SystemClock)?;
    let lang = context.lang;
    if json {
        outln(serde_json::to_string_pretty(&serde_json::json!({
            "sent": report.sent.iter().map(|s| serde_json::json!({
                "id": s.id, "to": s.to, "relay_reply": s.relay_reply })).collect::<Vec<_>>(),
            "deferred": report.deferred.iter().map(|d| serde_json::json!({
                "id": d.id, "to": d.to, "error": d.error, "retry_at": d.retry_at })).collect::<Vec<_>>(),
            "failed": report.failed.iter().map(|f| serde_json::json!({
                "id": f.id, "to": f.to, "error": f.error })).collect::<Vec<_>>(),
            "in_doubt": report.in_doubt,
            "problem": report.problem,
            "surveys_queued": report.surveys_queued,
        }))?)?;
    } else if report != PassReport::default() {
        // Nothing due prints nothing, so cron mails only when there is news.
        if report.surveys_queued > 0 {
            outln(fill(
                t(lang, Msg::MailOutSurveysQueued),
                &[("count", &report.surveys_queued)],
            ))?;
        }
        for line in lines(lang, &report)
            .into_iter()
            .chain(in_doubt_lines(lang, &report.in_doubt))
        {
            outln(line)?;
        }
        outln(fill(
            t(lang, Msg::MailOutSummary),
            &[
                ("sent", &report.sent.len()),
                ("deferred", &report.deferred.len()),
                ("failed", &report.failed.len()),
                ("doubt", &report.in_doubt.len()),
            ],
        ))?;
    }
    if report.has_failures() {
        return Err(anyhow::anyhow!(fill(
            t(lang, Msg::MailOutSomeFailed),
            &[(
                "count",
                &(report.failed.len() + usize::from(report.problem.is_some()))
            )],
        )));
    }
    Ok(())
}

/// `loket mail watch`: passes every `interval` seconds until SIGTERM or
/// Ctrl-C, each mail logged on stdout (and in the log file).
pub fn watch(cli: &Cli, context: &Context, interval: u64) -> Result<()> {
    let conn = open_for(cli, context, true)?;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let lang = context.lang;
    outln(fill(t(lang, Msg::MailWatchStarted), &[("secs", &interval)]))?;
    if !MailSettings::load(&conn).is_ok_and(|s| s.sends()) {
        // Keep watching: the settings are read again every round.
        outln(t(lang, Msg::MailOutNotSetUp))?;
    }
    let mut doubted: Vec<i64> = Vec::new();
    let mut last_problem: Option<String> = None;
    let mut failure: Option<anyhow::Error> = None;
    courier::run(
        &conn,
        &SystemClock,
        Duration::from_secs(interval),
        &stop,
        &mut |pass| match pass {
            Ok(report) => {
                let fresh: Vec<i64> = report
                    .in_doubt
                    .iter()
                    .copied()
                    .filter(|id| !doubted.contains(id))
                    .collect();
                doubted.clone_from(&report.in_doubt);
                // A relay that cannot be set up is said once, not every round.
                let mut report = report;
                if report.problem == last_problem {
                    report.problem = None;
                } else {
                    last_problem.clone_from(&report.problem);
                }
                for line in lines(lang, &report)
                    .into_iter()
                    .chain(in_doubt_lines(lang, &fresh))
                {
                    if let Err(e) = outln(line) {
                        failure = Some(e);
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            }
            Err(e) => {
                tracing::warn!("mail watch: {e}");
                let _ = outln(crate::i18n::failure(lang, &e.failure()));
            }
        },
    );
    if let Some(e) = failure {
        return Err(e);
    }
    outln(t(lang, Msg::MailWatchStopped))
}

/// `loket mail retry ID` / `--ticket N`.
pub fn retry(cli: &Cli, context: &Context, id: Option<i64>, ticket: Option<i64>) -> Result<()> {
    let mut conn = open_for(cli, context, true)?;
    let actor = super::actor(&conn, cli, context)?;
    let count = match (id, ticket) {
        (Some(id), _) => {
            store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                outbox::retry(tx, id, actor)
            })
            .map_err(input_error)?;
            1
        }
        (None, Some(ticket)) => store::write(&mut conn, &crate::clock::SystemClock, |tx| {
            outbox::retry_ticket(tx, ticket, actor)
        })
        .map_err(input_error)?,
        (None, None) => {
            return Err(UsageError(t(context.lang, Msg::MailRetryWhich).to_string()).into());
        }
    };
    outln(fill(
        t(context.lang, Msg::MailRetried),
        &[("count", &count)],
    ))
}

/// After `loket ticket reply`: whether the reply's e-mail was queued or why
/// not (on stderr with `--json`, which keeps stdout one JSON document).
pub fn say_reply_mail(lang: Lang, mail: Option<outbox::ReplyMail>, json: bool) -> Result<()> {
    use outbox::{ReplyMail, Skipped};
    let Some(mail) = mail else {
        return Ok(());
    };
    let text = t(
        lang,
        match mail {
            ReplyMail::Queued { .. } => Msg::WrittenReplyQueued,
            ReplyMail::NotEmailed(Skipped::NotSetUp) => Msg::WrittenReplyNotSetUp,
            ReplyMail::NotEmailed(Skipped::NoAddress) => Msg::WrittenReplyNoAddress,
        },
    );
    if json {
        eprintln!("{text}");
        Ok(())
    } else {
        outln(format!("\n{text}"))
    }
}
