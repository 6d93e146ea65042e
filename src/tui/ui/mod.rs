//! Drawing: a pure function of [`App`]. One file per pane. Where the panes
//! go and the lines of those that scroll come from [`crate::tui::layout`],
//! which the app reads too for paging and clamping, so both agree.

pub mod composer;
pub mod dashboard;
pub mod format;
pub mod help;
pub mod input;
pub mod kb;
pub mod markdown;
pub mod picker;
pub mod queue;
pub mod safe;
pub mod status_bar;
pub mod theme;
pub mod ticket;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Block;

use super::app::App;
use super::layout::areas;
use crate::i18n::{Lang, Msg, t};
use crate::store::queue::StatusFilter;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let areas = areas(frame.area(), app.focus);
    if app.screen == crate::tui::app::Screen::Dashboard {
        let [main, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
        dashboard::draw(frame, main, app);
        status_bar::draw(frame, status, app);
        return;
    }
    if let Some(area) = areas.queue {
        queue::draw(frame, area, app);
    }
    if let Some(area) = areas.detail {
        ticket::draw(frame, area, app);
    }
    if app.kb.pane.is_some() {
        kb::draw(frame, app);
    } else {
        composer::draw(frame, app);
    }
    picker::draw(frame, app);
    status_bar::draw(frame, areas.status, app);
    if app.overlay.help {
        help::draw(frame, frame.area(), app);
    }
}

/// A pane's frame: the title on top, highlighted when it has the focus.
fn pane<'a>(title: Line<'a>, focused: bool) -> Block<'a> {
    Block::bordered()
        .title(title.style(theme::TITLE))
        .border_style(if focused {
            theme::BORDER_FOCUSED
        } else {
            theme::BORDER
        })
}

/// A status filter's name in the interface language.
pub fn filter_name(lang: Lang, filter: StatusFilter) -> &'static str {
    match filter {
        StatusFilter::Active => t(lang, Msg::FilterActive),
        StatusFilter::Only(status) => crate::i18n::status(lang, status),
        StatusFilter::All => t(lang, Msg::FilterAll),
    }
}
