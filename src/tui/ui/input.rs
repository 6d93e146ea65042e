//! Small popups that take text: a one-line input with its prompt, a
//! yes/no question, and the new-ticket form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane, safe, theme};
use crate::i18n::{Msg, t};
use crate::text::width;
use crate::tui::app::{App, FORM_FIELDS, Popup};

/// A centred box `rows` lines high inside its border, up to 72 wide.
fn boxed(screen: Rect, rows: usize) -> Rect {
    let w = screen.width.min(72);
    let h = u16::try_from(rows + 2)
        .unwrap_or(u16::MAX)
        .min(screen.height.saturating_sub(1));
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height.saturating_sub(1) - h) / 2,
        w,
        h,
    )
}

fn input_line(text: &str, room: usize, focused: bool) -> Line<'static> {
    // The end of a long entry stays in view: that is where typing happens.
    let shown: String = {
        let cleaned = safe::line(text, usize::MAX);
        let mut chars: Vec<char> = cleaned.chars().collect();
        while width(&chars.iter().collect::<String>()) > room.saturating_sub(3) && !chars.is_empty()
        {
            chars.remove(0);
        }
        chars.into_iter().collect()
    };
    let mut spans = vec![Span::styled("> ", theme::KEY), Span::raw(shown)];
    if focused {
        spans.push(Span::styled("▏", theme::KEY));
    }
    Line::from(spans)
}

/// Draws the open input, question or form.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let lang = app.lang;
    let screen = frame.area();
    let room = usize::from(screen.width.min(72).saturating_sub(2));
    let (title, lines): (String, Vec<Line<'static>>) = match &app.popup {
        Some(Popup::Input { prompt, field, .. }) => {
            let mut lines: Vec<Line<'static>> = safe::wrap(prompt, room)
                .into_iter()
                .map(Line::from)
                .collect();
            lines.push(input_line(&field.text, room, true));
            lines.push(Line::styled(t(lang, Msg::InputKeys), theme::DIM));
            (String::new(), lines)
        }
        Some(Popup::Confirm { question, .. }) => (
            String::new(),
            safe::wrap(question, room)
                .into_iter()
                .map(|l| Line::styled(l, theme::CONFIRM))
                .collect(),
        ),
        Some(Popup::Form(form)) => {
            let mut lines = Vec::new();
            for (i, label) in FORM_FIELDS.iter().enumerate() {
                let focused = i == form.focus;
                let style = if focused { theme::KEY } else { theme::LABEL };
                lines.push(Line::styled(safe::line(t(lang, *label), room), style));
                let text = form.fields.get(i).map_or("", |f| f.text.as_str());
                lines.push(input_line(text, room, focused));
            }
            for l in safe::wrap(t(lang, Msg::FormKeys), room) {
                lines.push(Line::styled(l, theme::DIM));
            }
            (t(lang, Msg::FormTitle).to_string(), lines)
        }
        _ => return,
    };
    let area = boxed(screen, lines.len());
    let title = if title.is_empty() {
        Line::default()
    } else {
        Line::from(format!(" {title} "))
    };
    let block = pane(title, true);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}
