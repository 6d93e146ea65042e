//! The line under an agent's public reply saying what became of its
//! e-mail: queued, sent (with the relay's answer), not sent yet, failed,
//! bounced, in doubt, or not e-mailed and why. Nothing here says "sent"
//! before the relay took it.

use ratatui::text::{Line, Span};

use crate::i18n::{Lang, Msg, fill, t};
use crate::sla::Calendar;
use crate::store::outbox::{Delivery, Skipped};
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::ui::{format, safe, theme};

/// The delivery line of a reply, if it has one to show (replies written
/// before the desk had mail have none), at `now` in the desk's calendar.
pub fn line(
    lang: Lang,
    keymap: &Keymap,
    calendar: &Calendar,
    now: i64,
    delivery: &Delivery,
    width: usize,
) -> Option<Line<'static>> {
    let key = keymap.first(Action::RetryMail);
    let retry = fill(t(lang, Msg::MailRetryHint), &[("key", &key)]);
    let (text, style) = match delivery {
        Delivery::Queued { attempts: 0, .. } => (t(lang, Msg::MailQueued).to_string(), theme::DIM),
        Delivery::Queued {
            attempts,
            next_attempt_at,
            last_error,
        } => (
            fill(
                t(lang, Msg::MailDeferred),
                &[
                    ("tries", attempts),
                    ("error", &last_error.clone().unwrap_or_default()),
                    ("when", &format::when(calendar, *next_attempt_at)),
                ],
            ),
            theme::DUE_SOON,
        ),
        d @ Delivery::Sending { .. } if d.in_doubt(now) => (
            format!("{} · {retry}", t(lang, Msg::MailInDoubt)),
            theme::OVERDUE,
        ),
        Delivery::Sending { .. } => (t(lang, Msg::MailSending).to_string(), theme::DIM),
        Delivery::Sent { at, relay_reply } => (
            fill(
                t(lang, Msg::MailSent),
                &[
                    ("when", &format::when(calendar, *at)),
                    ("reply", &relay_reply.clone().unwrap_or_default()),
                ],
            ),
            theme::MET,
        ),
        Delivery::Failed { reason } => (
            format!(
                "{} · {retry}",
                fill(t(lang, Msg::MailFailed), &[("reason", reason)])
            ),
            theme::OVERDUE,
        ),
        Delivery::Bounced { reason } => (
            fill(
                t(lang, Msg::MailBounced),
                &[("reason", &reason.clone().unwrap_or_default())],
            ),
            theme::OVERDUE,
        ),
        Delivery::NotEmailed(Some(why)) => (not_emailed(lang, *why), theme::DIM),
        Delivery::NotEmailed(None) => return None,
    };
    Some(Line::from(vec![
        Span::raw("  "),
        Span::styled(
            safe::line(&format!("✉ {text}"), width.saturating_sub(2)),
            style,
        ),
    ]))
}

/// "not e-mailed: …" with the reason.
pub fn not_emailed(lang: Lang, why: Skipped) -> String {
    t(
        lang,
        match why {
            Skipped::NotSetUp => Msg::MailNotEmailedNotSetUp,
            Skipped::NoAddress => Msg::MailNotEmailedNoAddress,
        },
    )
    .to_string()
}
