//! The ticket pane: header fields, SLA, the whole thread (customer messages,
//! replies, internal notes and calls each look different), the history and
//! the customer's other tickets, as one scrolling list of wrapped lines,
//! built in [`crate::tui::layout::ticket`] (where the app counts them too).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{pane, safe};
use crate::i18n::{Msg, fill, t};
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::layout::ticket;

/// Draws the ticket pane.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.session.lang;
    let focused = app.focus == Focus::Detail;
    let title = match app.ticket.shown {
        Some(id) => {
            let head = fill(t(lang, Msg::DetailTitle), &[("id", &id)]);
            match app.shown_detail() {
                Some(d) => {
                    let room = usize::from(area.width).saturating_sub(width(&head) + 7);
                    format!(" {head} · {} ", safe::line(&d.subject, room))
                }
                None => format!(" {head} "),
            }
        }
        None => String::new(),
    };
    let block = pane(Line::from(title), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(detail) = app.shown_detail() else {
        let message = match app.ticket.shown {
            Some(_) => t(lang, Msg::Loading).to_string(),
            None => fill(
                t(lang, Msg::DetailNothing),
                &[("key", &app.session.keymap.first(Action::Open))],
            ),
        };
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), inner);
        return;
    };
    let lines = ticket::lines(&app.ticket_view(detail.id), detail, inner.width);
    let first = app.ticket.scroll.min(lines.len());
    let shown: Vec<Line<'static>> = lines
        .into_iter()
        .skip(first)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
