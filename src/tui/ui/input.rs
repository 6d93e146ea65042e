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
use crate::tui::form::Form;

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
    let lang = app.session.lang;
    let screen = frame.area();
    let room = usize::from(screen.width.min(72).saturating_sub(2));
    let (title, lines): (String, Vec<Line<'static>>) = match &app.overlay.popup {
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
        Some(Popup::Path(prompt)) => {
            let mut lines: Vec<Line<'static>> = safe::wrap(&prompt.prompt, room)
                .into_iter()
                .map(Line::from)
                .collect();
            lines.push(input_line(&prompt.field.text, room, true));
            if let Some(note) = &prompt.note {
                lines.push(Line::styled(safe::line(note, room), theme::DUE_SOON));
            }
            // The matches, several to a line as `ls` prints them.
            let rows = usize::from(screen.height.saturating_sub(8)).max(1);
            let mut current = String::new();
            let mut listed: Vec<String> = Vec::new();
            for name in &prompt.candidates {
                let name = safe::line(name, room);
                if !current.is_empty() && width(&current) + 2 + width(&name) > room {
                    listed.push(std::mem::take(&mut current));
                }
                if !current.is_empty() {
                    current.push_str("  ");
                }
                current.push_str(&name);
            }
            if !current.is_empty() {
                listed.push(current);
            }
            let more = listed.len() > rows;
            listed.truncate(rows);
            if more && let Some(last) = listed.last_mut() {
                last.push_str(" …");
            }
            lines.extend(listed.into_iter().map(|l| Line::styled(l, theme::DIM)));
            lines.push(Line::styled(t(lang, Msg::AttachPathKeys), theme::DIM));
            (String::new(), lines)
        }
        Some(Popup::Overwrite { question, .. }) => {
            let mut lines: Vec<Line<'static>> = safe::wrap(question, room)
                .into_iter()
                .map(|l| Line::styled(l, theme::CONFIRM))
                .collect();
            lines.push(Line::styled(t(lang, Msg::AttachOverwriteKeys), theme::DIM));
            (String::new(), lines)
        }
        Some(Popup::Form(form)) => (
            t(lang, Msg::FormTitle).to_string(),
            form_lines(
                app,
                form,
                room,
                usize::from(screen.height.saturating_sub(3)),
            ),
        ),
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

/// The new-ticket form in at most `rows` lines: each label above its field
/// when there is room, else label and field on one line; on a very small
/// terminal, the lines around the focused field (the keys hint goes first).
fn form_lines(app: &App, form: &Form, room: usize, rows: usize) -> Vec<Line<'static>> {
    let lang = app.session.lang;
    let hint: Vec<String> = safe::wrap(t(lang, Msg::FormKeys), room);
    let two_lines = FORM_FIELDS.len() * 2 + hint.len() <= rows;
    let label_width = FORM_FIELDS
        .iter()
        .map(|m| width(t(lang, *m)))
        .max()
        .unwrap_or(0)
        .min(room / 3);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut focus_line = 0;
    for (i, label) in FORM_FIELDS.iter().enumerate() {
        let focused = i == form.focus;
        let style = if focused { theme::KEY } else { theme::LABEL };
        let text = form.fields.get(i).map_or("", |f| f.text.as_str());
        if two_lines {
            lines.push(Line::styled(safe::line(t(lang, *label), room), style));
            if focused {
                focus_line = lines.len();
            }
            lines.push(input_line(text, room, focused));
        } else {
            let name = safe::line(t(lang, *label), label_width);
            let pad = " ".repeat(label_width.saturating_sub(width(&name)) + 1);
            let field = input_line(text, room.saturating_sub(label_width + 1), focused);
            let mut spans = vec![Span::styled(format!("{name}{pad}"), style)];
            spans.extend(field.spans);
            if focused {
                focus_line = lines.len();
            }
            lines.push(Line::from(spans));
        }
    }
    if lines.len() + hint.len() <= rows {
        lines.extend(hint.into_iter().map(|l| Line::styled(l, theme::DIM)));
    }
    if lines.len() > rows && rows > 0 {
        // Keep the focused field in view, as near the middle as fits.
        let start = focus_line.saturating_sub(rows / 2).min(lines.len() - rows);
        lines = lines.split_off(start);
        lines.truncate(rows);
    }
    lines
}
