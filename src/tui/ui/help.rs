//! The key overview, drawn over everything. It is read from the keymap, so
//! it shows the user's own keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane, safe, theme};
use crate::i18n::{Msg, fill, t};
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::app::App;

/// Draws the overlay centred in `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.lang;
    let keys_w = Action::ALL
        .iter()
        .map(|a| width(&app.keymap.label(*a)))
        .max()
        .unwrap_or(0)
        .min(18);
    let close = fill(
        t(lang, Msg::HelpClose),
        &[("key", &app.keymap.first(Action::ToggleHelp))],
    );
    let wanted_w = Action::ALL
        .iter()
        .map(|a| keys_w + 2 + width(t(lang, a.description())))
        .chain([width(&close)])
        .max()
        .unwrap_or(0)
        + 2;
    let w = u16::try_from(wanted_w).unwrap_or(u16::MAX).min(area.width);
    let h = u16::try_from(Action::ALL.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let block = pane(Line::from(format!(" {} ", t(lang, Msg::HelpTitle))), true);
    let inner = block.inner(popup);
    let inner_w = usize::from(inner.width);
    let mut lines: Vec<Line<'static>> = Action::ALL
        .iter()
        .map(|action| {
            let keys = safe::line(&app.keymap.label(*action), keys_w);
            let pad = " ".repeat(keys_w.saturating_sub(width(&keys)) + 2);
            let room = inner_w.saturating_sub(keys_w + 2);
            Line::from(vec![
                Span::styled(keys, theme::KEY),
                Span::raw(pad),
                Span::raw(safe::line(t(lang, action.description()), room)),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(safe::line(&close, inner_w), theme::DIM));
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(Paragraph::new(lines), inner);
}
