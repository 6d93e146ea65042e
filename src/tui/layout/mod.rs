//! Where things go on screen and how much of them there is: pure geometry
//! and content measurements, no frame. The app reads it to page and clamp
//! scrolling (headless, in `update`); the panes in `ui` read the same
//! functions to draw, so what is drawn and where scrolling stops agree by
//! construction. Nothing here imports `app` or draws; the lines are styled
//! with `ui`'s leaf helpers (`safe`, `theme`, `markdown`, `format`), which
//! import nothing of the console.
//!
//! Layouts: 160+ columns put queue and ticket side by side; 80+ columns and
//! 24+ rows stack them (queue above, like k9s's list over describe); anything
//! smaller shows one pane at a time, the focused one.
//!
//! | module       | role |
//! |--------------|------|
//! | this file    | the screen's areas for a size and focus; rows a pane shows |
//! | [`help`]     | the help overlay's frame and its wrapped lines |
//! | [`ticket`]   | the ticket pane's lines (header, thread, history), for drawing and for clamping its scroll |
//! | [`delivery`] | the line under a reply saying what became of its e-mail |
//! | [`kb`]       | the knowledge-base pane's areas and the article's lines |

pub mod delivery;
pub mod help;
pub mod kb;
pub mod ticket;

use ratatui::layout::{Constraint, Layout, Rect};

/// Which pane keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Queue,
    Detail,
}

/// Where the panes go. A pane that is not shown has no area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub queue: Option<Rect>,
    pub detail: Option<Rect>,
    pub status: Rect,
}

/// The whole terminal of `size` (columns, rows).
pub fn screen(size: (u16, u16)) -> Rect {
    Rect::new(0, 0, size.0, size.1)
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

/// Ticket rows that fit in a queue pane of `area` (borders and header off).
pub fn visible_rows(area: Rect) -> u16 {
    area.height.saturating_sub(3)
}

/// Lines inside a bordered pane of `area`.
pub fn inner_rows(area: Rect) -> u16 {
    area.height.saturating_sub(2)
}

/// Columns inside a bordered pane of `area`.
pub fn inner_width(area: Rect) -> u16 {
    area.width.saturating_sub(2)
}
