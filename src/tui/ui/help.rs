//! The key overview, drawn over everything. It is read from the keymap, so
//! it shows the user's own keys; on a small terminal it wraps and scrolls.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane, safe, theme};
use crate::i18n::{Msg, fill, t};
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::app::App;

/// The widest key column; longer key lists are cut.
const KEYS_MAX: usize = 18;

fn keys_width(app: &App) -> usize {
    Action::ALL
        .iter()
        .map(|a| width(&app.keymap.label(*a)))
        .max()
        .unwrap_or(0)
        .min(KEYS_MAX)
}

fn close_text(app: &App) -> String {
    fill(
        t(app.lang, Msg::HelpClose),
        &[("key", &app.keymap.first(Action::ToggleHelp))],
    )
}

/// The overlay's frame, centred in `area`: as wide as its longest line
/// and as tall as its lines, within the terminal.
pub fn popup(app: &App, area: Rect) -> Rect {
    let keys_w = keys_width(app);
    let wanted_w = Action::ALL
        .iter()
        .map(|a| keys_w + 2 + width(t(app.lang, a.description())))
        .chain([width(&close_text(app))])
        .max()
        .unwrap_or(0)
        + 2;
    let w = u16::try_from(wanted_w).unwrap_or(u16::MAX).min(area.width);
    let wanted_h = lines(app, w.saturating_sub(2)).len() + 2;
    let h = u16::try_from(wanted_h).unwrap_or(u16::MAX).min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The overlay's lines at `inner` columns: keys, then the description
/// wrapped beside them.
pub fn lines(app: &App, inner: u16) -> Vec<Line<'static>> {
    let inner = usize::from(inner);
    let keys_w = keys_width(app);
    let room = inner.saturating_sub(keys_w + 2).max(1);
    let mut out = Vec::new();
    for action in Action::ALL {
        let keys = safe::line(&app.keymap.label(*action), keys_w);
        let pad = " ".repeat(keys_w.saturating_sub(width(&keys)) + 2);
        // What the role may not do is greyed, with the right it needs.
        let refused = app.refusal(*action).and_then(|_| action.right());
        let description = match refused {
            Some(right) => fill(
                t(app.lang, Msg::HelpNeedsRight),
                &[
                    ("action", &t(app.lang, action.description())),
                    ("right", &right.key()),
                ],
            ),
            None => t(app.lang, action.description()).to_string(),
        };
        let style = if refused.is_some() {
            theme::DIM
        } else {
            ratatui::style::Style::new()
        };
        for (i, text) in safe::wrap(&description, room).into_iter().enumerate() {
            let mut spans = if i == 0 {
                vec![
                    Span::styled(keys.clone(), theme::KEY),
                    Span::raw(pad.clone()),
                ]
            } else {
                vec![Span::raw(" ".repeat(keys_w + 2))]
            };
            spans.push(Span::styled(text, style));
            out.push(Line::from(spans));
        }
    }
    out.push(Line::default());
    for text in safe::wrap(&close_text(app), inner) {
        out.push(Line::styled(text, theme::DIM));
    }
    out
}

/// Draws the overlay centred in `area`, scrolled to `app.help_scroll`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let popup = popup(app, area);
    let block = pane(
        Line::from(format!(" {} ", t(app.lang, Msg::HelpTitle))),
        true,
    );
    let inner = block.inner(popup);
    let shown: Vec<Line<'static>> = lines(app, inner.width)
        .into_iter()
        .skip(app.help_scroll)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(Paragraph::new(shown), inner);
}
