//! The ticket pane's lines: header fields, SLA, the whole thread (customer
//! messages, replies, internal notes and calls each look different), the
//! history and the customer's other tickets, as one list of wrapped lines.
//! `ui::ticket` draws a window of them; the app counts them to clamp the
//! pane's scroll, so both build them here.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::domain::{Author, MessageKind, Status};
use crate::i18n::{self, Lang, Msg, fill, t};
use crate::service::kb::TicketArticles;
use crate::sla::Calendar;
use crate::store::attachments::human_size;
use crate::store::presence::Presence;
use crate::store::survey_mail::SurveyAnswer;
use crate::store::tickets::{Message, TicketDetail};
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::ui::{format, safe, theme};

/// What the pane's lines are built from besides the ticket itself.
#[derive(Debug, Clone, Copy)]
pub struct TicketView<'a> {
    pub lang: Lang,
    pub keymap: &'a Keymap,
    pub calendar: &'a Calendar,
    /// Unix seconds, for ages and SLA time left.
    pub now: i64,
    /// The articles suggested for (and linked from) a ticket; shown only
    /// when they are the ticket's.
    pub kb_ticket: Option<&'a TicketArticles>,
    /// Other agents on the ticket.
    pub others: &'a [Presence],
    /// Whether the quoted history of mail shows.
    pub show_quoted: bool,
}

/// Every line of the pane at `width` columns; the app counts them to stop
/// scrolling at the end, the pane draws them.
pub fn lines(view: &TicketView<'_>, detail: &TicketDetail, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width).max(1);
    let mut out = header(view, detail, width);
    if !detail.surveys.is_empty() {
        let text = fill(
            t(view.lang, Msg::SurveyLine),
            &[("answers", &survey_text(view, &detail.surveys, true))],
        );
        for line in safe::wrap(&text, width) {
            out.push(Line::styled(line, theme::TITLE));
        }
    }
    knowledge(&mut out, view, detail.id, width);
    let others = view.others;
    if !others.is_empty() {
        let names = |replying: bool| {
            others
                .iter()
                .filter(|p| p.replying == replying)
                .map(|p| p.display_name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        let (replying, viewing) = (names(true), names(false));
        if !replying.is_empty() {
            parts.push(fill(
                t(view.lang, Msg::PresenceReplying),
                &[("agents", &replying)],
            ));
        }
        if !viewing.is_empty() {
            parts.push(fill(
                t(view.lang, Msg::PresenceViewing),
                &[("agents", &viewing)],
            ));
        }
        let style = if replying.is_empty() {
            theme::NOTICE
        } else {
            theme::DUE_SOON
        };
        for text in safe::wrap(&parts.join(" · "), width) {
            out.push(Line::styled(text, style));
        }
    }
    section(&mut out, t(view.lang, Msg::SectionThread), width);
    let files: usize = detail.messages.iter().map(|m| m.attachments.len()).sum();
    if files > 0 {
        let hint = fill(
            t(
                view.lang,
                if files == 1 {
                    Msg::AttachThreadHintOne
                } else {
                    Msg::AttachThreadHint
                },
            ),
            &[
                ("count", &files),
                ("key", &view.keymap.first(Action::SaveAttachment)),
            ],
        );
        out.push(Line::styled(safe::line(&hint, width), theme::DIM));
    }
    if detail.messages.is_empty() {
        out.push(Line::styled(t(view.lang, Msg::EmptyThread), theme::DIM));
    }
    for (i, message) in detail.messages.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        thread_entry(&mut out, view, detail, message, width);
    }
    section(&mut out, t(view.lang, Msg::SectionHistory), width);
    if detail.events.is_empty() {
        out.push(Line::styled(t(view.lang, Msg::NoneListed), theme::DIM));
    }
    for event in &detail.events {
        let mut text = format!(
            "{}  {}",
            format::when(view.calendar, event.at),
            i18n::event_text(
                view.lang,
                &event.kind,
                event.from.as_deref(),
                event.to.as_deref()
            )
        );
        if let Some(agent) = &event.agent {
            text.push_str(&format!(" · {agent}"));
        }
        if let Some(detail) = &event.detail {
            text.push_str(&format!(" · {detail}"));
        }
        out.push(Line::styled(safe::line(&text, width), theme::DIM));
    }
    section(&mut out, t(view.lang, Msg::SectionOtherTickets), width);
    if detail.other_tickets.is_empty() {
        out.push(Line::styled(t(view.lang, Msg::NoneListed), theme::DIM));
    }
    for other in &detail.other_tickets {
        let mut prefix = format!(
            "#{} {} {} ",
            other.id,
            format::age(view.lang, view.now - other.created_at),
            i18n::status(view.lang, other.status)
        );
        if !other.surveys.is_empty() {
            prefix.push_str(&format!("({}) ", survey_text(view, &other.surveys, false)));
        }
        let room = width.saturating_sub(crate::text::width(&prefix));
        out.push(Line::from(vec![
            Span::styled(prefix, theme::DIM),
            Span::raw(safe::line(&other.subject, room)),
        ]));
    }
    out
}

/// The articles suggested for the ticket and those its replies linked.
fn knowledge(out: &mut Vec<Line<'static>>, view: &TicketView<'_>, ticket: i64, width: usize) {
    let Some(kb) = view.kb_ticket.as_ref().filter(|k| k.ticket == ticket) else {
        return;
    };
    if kb.suggested.is_empty() && kb.linked.is_empty() {
        return;
    }
    section(out, t(view.lang, Msg::SectionKb), width);
    let mut entry = |mark: &str, word: &str, title: &str, category: &str, style| {
        let text = format!("{mark} {title} · {category} ({word})");
        out.push(Line::styled(safe::line(&text, width), style));
    };
    for hit in &kb.linked {
        entry(
            "✓",
            t(view.lang, Msg::KbLinkedLine),
            &hit.title,
            &hit.category,
            theme::MET,
        );
    }
    for hit in kb
        .suggested
        .iter()
        .filter(|h| !kb.linked.iter().any(|l| l.id == h.id))
    {
        let style = ratatui::style::Style::default();
        entry(
            "•",
            t(view.lang, Msg::KbSuggestedLine),
            &hit.title,
            &hit.category,
            style,
        );
    }
    let hint = fill(
        t(view.lang, Msg::KbOpenHint),
        &[
            ("first", &view.keymap.first(Action::InsertSuggestion)),
            ("key", &view.keymap.first(Action::KnowledgeBase)),
        ],
    );
    out.push(Line::styled(safe::line(&hint, width), theme::DIM));
}

fn section(out: &mut Vec<Line<'static>>, title: &str, width: usize) {
    out.push(Line::default());
    let rule = format!("── {title} ");
    let fill_w = width.saturating_sub(crate::text::width(&rule));
    out.push(Line::styled(
        safe::line(&format!("{rule}{}", "─".repeat(fill_w)), width),
        theme::SECTION,
    ));
}

/// Header fields packed into as few lines as fit: `Label: value` pairs side
/// by side on wide panes, one per line on narrow ones.
fn header(view: &TicketView<'_>, d: &TicketDetail, width: usize) -> Vec<Line<'static>> {
    let lang = view.lang;
    let none = t(lang, Msg::NoValue);
    let mut customer = d.customer.name.clone();
    if let Some(email) = &d.customer.email {
        customer.push_str(&format!(" <{email}>"));
    }
    if let Some(phone) = &d.customer.phone {
        customer.push_str(&format!(" {phone}"));
    }
    let (first_response, first_style) = first_response(view, d);
    let (resolution, resolution_style) = resolution(view, d);
    let organisation = d.customer.organisation.clone();
    let tags = if d.tags.is_empty() {
        none.to_string()
    } else {
        d.tags.join(", ")
    };
    let created = format!(
        "{} ({})",
        format::when(view.calendar, d.created_at),
        format::age(lang, view.now - d.created_at)
    );
    let assignee = d
        .assignee
        .clone()
        .unwrap_or_else(|| t(lang, Msg::Unassigned).into());
    let plain = Style::new();
    let cc = (!d.cc.is_empty()).then(|| d.cc.join(", "));
    // What an agent needs first comes first: on a narrow pane the rest is
    // a scroll away.
    let mut fields: Vec<(Msg, String, Style)> = vec![
        (Msg::LabelCustomer, customer, theme::TITLE),
        (Msg::LabelStatus, i18n::status(lang, d.status).into(), plain),
        (
            Msg::LabelPriority,
            i18n::priority(lang, d.priority).into(),
            plain,
        ),
        (Msg::LabelFirstResponse, first_response, first_style),
        (Msg::LabelResolution, resolution, resolution_style),
        (
            Msg::LabelChannel,
            i18n::channel(lang, d.channel).into(),
            plain,
        ),
        (Msg::LabelTier, d.tier.to_string(), plain),
        (
            Msg::LabelTeam,
            d.team.clone().unwrap_or_else(|| none.into()),
            plain,
        ),
        (Msg::LabelAssignee, assignee, plain),
        (
            Msg::LabelOrganisation,
            organisation.unwrap_or_else(|| none.into()),
            plain,
        ),
        (Msg::LabelTags, tags, plain),
        (Msg::LabelCreated, created, plain),
    ];
    if let Some(cc) = cc {
        fields.insert(1, (Msg::LabelCc, cc, plain));
    }
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (label, value, style) in fields {
        let label = format!("{}: ", t(lang, label));
        let label_w = crate::text::width(&label);
        let value = safe::line(&value, usize::MAX);
        let w = label_w + crate::text::width(&value);
        if used > 0 && used + 3 + w > width {
            out.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        if w > width {
            // Too long for one line even alone: the value goes on beside its
            // label and continues, indented, below.
            let (first, rest) = spill(&value, width.saturating_sub(label_w).max(1), width);
            out.push(Line::from(vec![
                Span::styled(label, theme::LABEL),
                Span::styled(first, style),
            ]));
            for part in rest {
                out.push(Line::from(vec![Span::raw("  "), Span::styled(part, style)]));
            }
            continue;
        }
        if used > 0 {
            current.push(Span::raw("   "));
            used += 3;
        }
        current.push(Span::styled(label, theme::LABEL));
        current.push(Span::styled(value, style));
        used += w;
    }
    if !current.is_empty() {
        out.push(Line::from(current));
    }
    out
}

/// A value too long for its line: what fits in `first_room` beside the
/// label, then the rest wrapped to the pane's width less a two-column
/// indent. The rest continues the text where the first line stopped, so a
/// word broken across lines (a long e-mail address) gains no space.
fn spill(value: &str, first_room: usize, width: usize) -> (String, Vec<String>) {
    let words: Vec<&str> = value.split(' ').filter(|w| !w.is_empty()).collect();
    let value = words.join(" ");
    let first = safe::wrap(&value, first_room)
        .into_iter()
        .next()
        .unwrap_or_default();
    let rest = value.get(first.len()..).unwrap_or("").trim_start();
    let rest = if rest.is_empty() {
        Vec::new()
    } else {
        safe::wrap(rest, width.saturating_sub(2))
    };
    (first, rest)
}

/// Time left until `due`, or how late: the SLA value's text and style.
fn countdown(view: &TicketView<'_>, due: i64) -> (String, Style) {
    let left = format::sla_left(view.calendar, view.now, due);
    let when = format::when(view.calendar, due);
    let amount = format::time_left(view.lang, left.abs());
    if left < 0 {
        let text = fill(
            t(view.lang, Msg::SlaOverdue),
            &[("when", &when), ("left", &amount)],
        );
        (text, theme::OVERDUE)
    } else {
        let text = fill(
            t(view.lang, Msg::SlaLeft),
            &[("when", &when), ("left", &amount)],
        );
        (
            text,
            if left < 3600 {
                theme::DUE_SOON
            } else {
                Style::new()
            },
        )
    }
}

fn first_response(view: &TicketView<'_>, d: &TicketDetail) -> (String, Style) {
    let none = (t(view.lang, Msg::SlaNone).to_string(), theme::DIM);
    if !d.sla.has_policy {
        return none;
    }
    match (d.sla.first_responded_at, d.sla.first_response_due_at) {
        (Some(at), due) => {
            let when = format::when(view.calendar, at);
            if due.is_some_and(|due| at > due) {
                (
                    fill(t(view.lang, Msg::SlaBreachedAt), &[("when", &when)]),
                    theme::OVERDUE,
                )
            } else {
                (
                    fill(t(view.lang, Msg::SlaMet), &[("when", &when)]),
                    theme::MET,
                )
            }
        }
        (None, Some(due)) if d.status.is_active() => countdown(view, due),
        _ => none,
    }
}

fn resolution(view: &TicketView<'_>, d: &TicketDetail) -> (String, Style) {
    let none = (t(view.lang, Msg::SlaNone).to_string(), theme::DIM);
    if !d.sla.has_policy {
        return none;
    }
    if let (Some(at), false) = (d.solved_at, d.status.is_active()) {
        let when = format::when(view.calendar, at);
        let late = d.sla.resolution_due_at.is_some_and(|due| at > due);
        let text = fill(t(view.lang, Msg::SlaSolved), &[("when", &when)]);
        return (text, if late { theme::OVERDUE } else { theme::MET });
    }
    match d.sla.resolution_due_at {
        Some(due) if d.status == Status::Pending => {
            let when = format::when(view.calendar, due);
            (
                fill(t(view.lang, Msg::SlaPausedDue), &[("when", &when)]),
                theme::DIM,
            )
        }
        Some(due) if d.status.is_active() => countdown(view, due),
        _ => none,
    }
}

/// One message: a heading saying who, what kind and when, then the body
/// wrapped and indented. Internal notes are yellow throughout, so one can
/// never be mistaken for something the customer saw.
fn thread_entry(
    out: &mut Vec<Line<'static>>,
    view: &TicketView<'_>,
    detail: &TicketDetail,
    message: &Message,
    width: usize,
) {
    let lang = view.lang;
    let (who, kind, head_style, body_style, marker) = match (message.author, message.kind) {
        (Author::Customer, _) => (
            detail.customer.name.clone(),
            t(lang, Msg::KindCustomer).to_string(),
            theme::CUSTOMER,
            Style::new(),
            "» ",
        ),
        (Author::Agent, kind) => {
            let who = message
                .agent
                .clone()
                .unwrap_or_else(|| t(lang, Msg::AgentFallback).into());
            let mut label = i18n::message_kind(lang, kind).to_string();
            if let (MessageKind::Call, Some(secs)) = (kind, message.duration_s) {
                let talk = format::talk_time(lang, secs);
                label.push_str(&format!(
                    ", {}",
                    fill(t(lang, Msg::TalkTime), &[("duration", &talk)])
                ));
            }
            match kind {
                MessageKind::Public => (who, label, theme::REPLY, Style::new(), "« "),
                MessageKind::Internal => {
                    (who, label, theme::INTERNAL_HEADER, theme::INTERNAL, "▌ ")
                }
                MessageKind::Call => (who, label, theme::CALL, Style::new(), "« "),
            }
        }
    };
    let when = format::when(view.calendar, message.at);
    let heading = format!("{marker}{who} · {kind} · {when}");
    out.push(Line::styled(safe::line(&heading, width), head_style));
    if let Some(line) = message.delivery.as_ref().and_then(|d| {
        super::delivery::line(view.lang, view.keymap, view.calendar, view.now, d, width)
    }) {
        out.push(line);
    }
    let indent = if message.kind == MessageKind::Internal {
        "┃ "
    } else {
        "  "
    };
    for line in safe::wrap(&message.body, width.saturating_sub(2)) {
        out.push(Line::from(vec![
            Span::styled(indent, body_style),
            Span::styled(line, body_style),
        ]));
    }
    for file in &message.attachments {
        let mut text = format!(
            "📎 {} · {} · {}",
            file.name,
            file.content_type,
            human_size(u64::try_from(file.size).unwrap_or(0))
        );
        if file.inline {
            text.push_str(&format!(" · {}", t(lang, Msg::AttachInline)));
        }
        for part in safe::wrap(&text, width.saturating_sub(2)) {
            out.push(Line::from(vec![
                Span::styled(indent, body_style),
                Span::styled(part, theme::LABEL),
            ]));
        }
    }
    if let Some(quoted) = &message.quoted {
        quoted_history(out, view, quoted, indent, width);
    }
}

/// The quoted history of a mail: one dim line saying how long it is and
/// which key shows it, or, shown, the history itself, dim.
fn quoted_history(
    out: &mut Vec<Line<'static>>,
    view: &TicketView<'_>,
    quoted: &str,
    indent: &'static str,
    width: usize,
) {
    let key = view.keymap.first(Action::ToggleQuoted);
    if !view.show_quoted {
        let lines = quoted.lines().count();
        let text = fill(
            t(view.lang, Msg::QuotedFolded),
            &[("lines", &lines), ("key", &key)],
        );
        out.push(Line::from(vec![
            Span::styled(indent, theme::DIM),
            Span::styled(safe::line(&text, width.saturating_sub(2)), theme::DIM),
        ]));
        return;
    }
    let head = fill(t(view.lang, Msg::QuotedShown), &[("key", &key)]);
    out.push(Line::from(vec![
        Span::styled(indent, theme::DIM),
        Span::styled(
            safe::line(&format!("┄ {head}"), width.saturating_sub(2)),
            theme::DIM,
        ),
    ]));
    for line in safe::wrap(quoted, width.saturating_sub(2)) {
        out.push(Line::from(vec![
            Span::styled(indent, theme::DIM),
            Span::styled(line, theme::DIM),
        ]));
    }
}

/// Survey answers as one line: `CSAT 5/5 “Quick help” · NPS 9/10`; the
/// customer's other tickets show the scores without the comments.
fn survey_text(view: &TicketView<'_>, answers: &[SurveyAnswer], comments: bool) -> String {
    answers
        .iter()
        .map(|a| {
            let msg = if a.kind == "nps" {
                Msg::SurveyNps
            } else {
                Msg::SurveyCsat
            };
            let mut text = fill(t(view.lang, msg), &[("score", &a.score)]);
            if comments && let Some(comment) = &a.comment {
                let one_line = comment.split_whitespace().collect::<Vec<_>>().join(" ");
                text.push_str(&format!(" “{one_line}”"));
            }
            text
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::spill;

    #[test]
    fn a_long_value_continues_where_its_first_line_stopped() {
        let (first, rest) = spill(
            "Lucas Hughes <lucas.hughes.148288@example.com> +44 7700 692047",
            30,
            38,
        );
        assert_eq!(first, "Lucas Hughes");
        assert_eq!(
            rest,
            ["<lucas.hughes.148288@example.com>", "+44 7700 692047"]
        );
        // A word longer than a line is broken, and its pieces join up again.
        let (first, rest) = spill("<a.very.long.address@example.com>", 10, 14);
        let joined = format!("{first}{}", rest.concat());
        assert_eq!(joined, "<a.very.long.address@example.com>");
        assert!(rest.iter().all(|r| !r.contains(' ')), "{rest:?}");
        assert_eq!(spill("short", 10, 20), ("short".to_string(), Vec::new()));
    }
}
