//! List popups: the canned-response picker, the command palette and the
//! choosers. A search line on top (what was typed), the matching entries
//! below with the selection highlighted, and the keys at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane, safe, theme};
use crate::i18n::{Msg, t};
use crate::text::width;
use crate::tui::app::{App, Popup};
use crate::tui::popup::ListPopup;

/// The popup's frame: centred, up to 72 columns and 20 rows.
fn frame_area(screen: Rect, rows: usize) -> Rect {
    let w = screen.width.min(72);
    let wanted = u16::try_from(rows + 5).unwrap_or(u16::MAX).max(8);
    let h = wanted.min(screen.height.saturating_sub(1)).min(20);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height.saturating_sub(1) - h) / 2,
        w,
        h,
    )
}

/// Draws the open popup, if any.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    match &app.overlay.popup {
        Some(Popup::Canned(list)) => {
            draw_list(frame, app, t(app.session.lang, Msg::PickerCanned), list)
        }
        Some(Popup::ChooseFilter(list)) => {
            draw_list(frame, app, t(app.session.lang, Msg::FiltersTitle), list)
        }
        Some(Popup::ChooseKbFilter(list)) => {
            draw_list(frame, app, t(app.session.lang, Msg::KbFiltersTitle), list)
        }
        Some(Popup::ChooseView(list)) => {
            draw_list(frame, app, t(app.session.lang, Msg::ViewsTitle), list)
        }
        Some(Popup::Palette(list)) => {
            draw_list(frame, app, t(app.session.lang, Msg::PaletteTitle), list)
        }
        Some(
            Popup::Choose { title, list }
            | Popup::ChooseAgent { title, list, .. }
            | Popup::ChooseTeam { title, list, .. },
        ) => draw_list(frame, app, title, list),
        Some(Popup::ChooseAttachment(list)) => draw_list(
            frame,
            app,
            t(app.session.lang, Msg::AttachChooseTitle),
            list,
        ),
        Some(Popup::Detach(list)) => draw_list(
            frame,
            app,
            t(app.session.lang, Msg::AttachDetachTitle),
            list,
        ),
        Some(
            Popup::Input { .. }
            | Popup::Confirm { .. }
            | Popup::Form(_)
            | Popup::Path(_)
            | Popup::Overwrite { .. },
        ) => super::input::draw(frame, app),
        None => {}
    }
}

/// Draws one list popup with `title`.
pub fn draw_list<T: Clone>(frame: &mut Frame<'_>, app: &App, title: &str, list: &ListPopup<T>) {
    let matches = list.matches();
    let area = frame_area(frame.area(), matches.len().max(1));
    let block = pane(Line::from(format!(" {title} ")), true);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [search, rows, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let room = usize::from(inner.width);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("> ", theme::KEY),
            Span::raw(safe::line(&list.query, room.saturating_sub(3))),
            Span::styled("▏", theme::KEY),
        ])),
        search,
    );
    let visible = usize::from(rows.height);
    let first = list.selected.saturating_sub(visible.saturating_sub(1));
    let mut lines: Vec<Line<'static>> = Vec::new();
    if list.items.is_none() {
        lines.push(Line::styled(t(app.session.lang, Msg::Loading), theme::DIM));
    } else if matches.is_empty() {
        lines.push(Line::styled(
            t(app.session.lang, Msg::PickerNoMatch),
            theme::DIM,
        ));
    }
    for (i, item) in matches.iter().enumerate().skip(first).take(visible) {
        let detail = safe::line(&item.detail, room / 3);
        let label_room = room.saturating_sub(width(&detail) + 1);
        let label = safe::line(&item.label, label_room);
        let pad = " ".repeat(room.saturating_sub(width(&label) + width(&detail)));
        let style = if i == list.selected {
            theme::SELECTED
        } else {
            ratatui::style::Style::new()
        };
        lines.push(
            Line::from(vec![
                Span::raw(label),
                Span::raw(pad),
                Span::styled(detail, theme::DIM),
            ])
            .style(style),
        );
    }
    frame.render_widget(Paragraph::new(lines), rows);
    frame.render_widget(
        Paragraph::new(Line::styled(
            safe::line(t(app.session.lang, Msg::PickerKeys), room),
            theme::DIM,
        )),
        keys,
    );
}
