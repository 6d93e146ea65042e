//! Drawing: a pure function of [`App`]. One file per pane; the layout is
//! decided here (and asked by `App` for paging, so both agree).
//!
//! Layouts: 160+ columns put queue and ticket side by side; 80+ columns and
//! 24+ rows stack them (queue above, like k9s's list over describe); anything
//! smaller shows one pane at a time, the focused one.

pub mod composer;
pub mod dashboard;
pub mod delivery;
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
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Block;

use super::app::{App, Focus};
use crate::i18n::{Lang, Msg, t};
use crate::store::queue::StatusFilter;

/// Where the panes go. A pane that is not shown has no area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub queue: Option<Rect>,
    pub detail: Option<Rect>,
    pub status: Rect,
}

/// The layout of a terminal of `area`'s size.
pub fn areas(area: Rect, focus: Focus) -> Areas {
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if area.width >= 160 && area.height >= 16 {
        let [queue, detail] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(main);
        Areas {
            queue: Some(queue),
            detail: Some(detail),
            status,
        }
    } else if area.width >= 80 && area.height >= 24 {
        let [queue, detail] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(main);
        Areas {
            queue: Some(queue),
            detail: Some(detail),
            status,
        }
    } else {
        match focus {
            Focus::Queue => Areas {
                queue: Some(main),
                detail: None,
                status,
            },
            Focus::Detail => Areas {
                queue: None,
                detail: Some(main),
                status,
            },
        }
    }
}

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
    if app.kb.is_some() {
        kb::draw(frame, app);
    } else {
        composer::draw(frame, app);
    }
    picker::draw(frame, app);
    status_bar::draw(frame, areas.status, app);
    if app.help {
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
