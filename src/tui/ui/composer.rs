//! The reply composer, over the lower part of the screen. A public reply and
//! an internal note cannot be mistaken: different title, border colour and
//! a first line saying who will read it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{safe, theme};
use crate::i18n::{self, Msg, fill, t};
use crate::store::attachments::human_size;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::composer::Composer;

/// Where the composer goes: the lower half of the panes on a roomy
/// terminal (the ticket stays readable above it), all of them otherwise.
pub fn area(screen: Rect) -> Rect {
    let [main, _status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(screen);
    if screen.width >= 80 && screen.height >= 24 {
        let [_, lower] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main);
        lower
    } else {
        main
    }
}

/// The title: whose ticket, and what a canned response will also set.
fn title(app: &App, composer: &Composer) -> String {
    let lang = app.session.lang;
    let customer = app
        .shown_detail()
        .filter(|d| d.id == composer.ticket)
        .map(|d| d.customer.name.clone())
        .unwrap_or_default();
    let mut title = if composer.internal {
        fill(t(lang, Msg::ComposerNoteTitle), &[("id", &composer.ticket)])
    } else {
        fill(
            t(lang, Msg::ComposerReplyTitle),
            &[("id", &composer.ticket), ("customer", &customer)],
        )
    };
    let actions = &composer.actions;
    if !actions.is_empty() {
        let mut parts: Vec<String> = Vec::new();
        if let Some(status) = actions.status {
            parts.push(i18n::status(lang, status).to_string());
        }
        if let Some(priority) = actions.priority {
            parts.push(i18n::priority(lang, priority).to_string());
        }
        parts.extend(actions.tags.iter().map(|tag| format!("+{tag}")));
        title.push_str(" · ");
        title.push_str(&fill(
            t(lang, Msg::ComposerThen),
            &[("actions", &parts.join(", "))],
        ));
    }
    title
}

/// Who reads a public reply on `ticket`, truthfully: the address it will be
/// e-mailed to, or why it will only be kept in the thread.
fn public_line(app: &App, ticket: i64) -> String {
    let Some(detail) = app.ticket.detail.as_ref().filter(|d| d.id == ticket) else {
        return t(app.session.lang, Msg::ComposerPublicLine).to_string();
    };
    match (detail.reply_not_emailed, detail.customer.email.as_deref()) {
        (None, Some(email)) => fill(
            t(app.session.lang, Msg::ComposerPublicMailed),
            &[("email", &email)],
        ),
        (Some(why), _) => fill(
            t(app.session.lang, Msg::ComposerPublicNotEmailed),
            &[(
                "why",
                &crate::tui::layout::delivery::not_emailed(app.session.lang, why),
            )],
        ),
        (None, None) => t(app.session.lang, Msg::ComposerPublicLine).to_string(),
    }
}

/// Draws the composer, if open.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let Some(composer) = app.compose.composer.as_ref() else {
        return;
    };
    let area = area(frame.area());
    let (border, line, kind_line) = if composer.internal {
        (
            theme::INTERNAL,
            theme::INTERNAL_HEADER,
            t(app.session.lang, Msg::ComposerInternalLine).to_string(),
        )
    } else {
        (
            theme::BORDER_FOCUSED,
            theme::REPLY,
            public_line(app, composer.ticket),
        )
    };
    let inner_w = usize::from(area.width.saturating_sub(4));
    let block = Block::bordered()
        .title(
            Line::from(format!(" {} ", safe::line(&title(app, composer), inner_w)))
                .style(theme::TITLE),
        )
        .border_style(border);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    // Who will read it is never cut off: it wraps on narrow terminals.
    let mut said: Vec<Line<'static>> = safe::wrap(&kind_line, usize::from(inner.width))
        .into_iter()
        .take(2)
        .map(|text| Line::from(Span::styled(text, line)))
        .collect();
    if !composer.files.is_empty() {
        let files: Vec<String> = composer
            .files
            .iter()
            .map(|f| format!("📎 {} ({})", f.name(), human_size(f.size())))
            .collect();
        let text = fill(
            t(app.session.lang, Msg::AttachComposerFiles),
            &[
                ("files", &files.join(", ")),
                ("key", &app.session.keymap.first(Action::ComposerDetach)),
            ],
        );
        said.extend(
            safe::wrap(&text, usize::from(inner.width))
                .into_iter()
                .take(2)
                .map(|l| Line::styled(l, theme::LABEL)),
        );
    }
    let said_h = u16::try_from(said.len()).unwrap_or(1);
    let [kind, text] =
        Layout::vertical([Constraint::Length(said_h), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(said), kind);
    if let Some(held) = composer.held.as_ref() {
        frame.render_widget(
            Paragraph::new(held_lines(app, held, usize::from(text.width))),
            text,
        );
        return;
    }
    let mut editor = composer.editor.clone();
    editor.set_placeholder_text(t(app.session.lang, Msg::ComposerPlaceholder));
    editor.set_placeholder_style(theme::DIM);
    editor.set_cursor_line_style(ratatui::style::Style::new());
    frame.render_widget(&editor, text);
}

/// What changed on the ticket since the draft was started, while the send is held.
fn held_lines(app: &App, held: &crate::tui::composer::Held, width: usize) -> Vec<Line<'static>> {
    let lang = app.session.lang;
    let mut out: Vec<Line<'static>> = safe::wrap(t(lang, Msg::ComposerHeldTitle), width)
        .into_iter()
        .map(|l| Line::styled(l, theme::DUE_SOON))
        .collect();
    for h in &held.happened {
        let what = if h.kind == "message" {
            let kind = match h.detail.as_deref() {
                Some("customer") => t(lang, Msg::KindCustomer),
                Some("internal") => t(lang, Msg::KindInternal),
                Some("call") => t(lang, Msg::KindCall),
                _ => t(lang, Msg::KindPublic),
            };
            fill(t(lang, Msg::ComposerHeldMessage), &[("kind", &kind)])
        } else {
            i18n::event_text(lang, &h.kind, h.from.as_deref(), h.to.as_deref())
        };
        let who = h
            .who
            .clone()
            .unwrap_or_else(|| t(lang, Msg::ComposerHeldSomeone).to_string());
        let text = format!(
            "• {}  {what} · {who}",
            super::format::when(&app.session.calendar, h.at)
        );
        out.push(Line::raw(safe::line(&text, width)));
    }
    out.push(Line::default());
    out.extend(
        safe::wrap(t(lang, Msg::ComposerHeldKeys), width)
            .into_iter()
            .map(|l| Line::styled(l, theme::KEY)),
    );
    out
}
