//! The key overview, drawn over everything: its frame and lines come from
//! [`crate::tui::layout::help`], where the app counts them for scrolling.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::pane;
use crate::i18n::{Msg, t};
use crate::tui::app::App;

/// Draws the overlay centred in `area`, scrolled to `app.overlay.help_scroll`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let help = app.help_view();
    let popup = help.popup(area);
    let block = pane(
        Line::from(format!(" {} ", t(app.session.lang, Msg::HelpTitle))),
        true,
    );
    let inner = block.inner(popup);
    let shown: Vec<Line<'static>> = help
        .lines(inner.width)
        .into_iter()
        .skip(app.overlay.help_scroll)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(Paragraph::new(shown), inner);
}
