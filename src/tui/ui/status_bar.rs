//! The bottom line: the keys that work here (from the keymap), then an error
//! or notice when there is one; on the right who is signed in and the
//! language.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{safe, theme};
use crate::i18n::{Msg, fill, t};
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};

/// The hints of the current context: which actions, under which word.
fn hints(app: &App) -> Vec<(&'static [Action], Msg)> {
    if app.help {
        return vec![
            (&[Action::ToggleHelp], Msg::HintClose),
            (&[Action::Quit], Msg::HintQuit),
        ];
    }
    match app.focus {
        Focus::Queue => vec![
            (&[Action::Down, Action::Up], Msg::HintMove),
            (&[Action::Open], Msg::HintOpen),
            (&[Action::NextStatusFilter], Msg::HintFilter),
            (&[Action::SwitchPane], Msg::HintPane),
            (&[Action::ToggleHelp], Msg::HintHelp),
            (&[Action::Quit], Msg::HintQuit),
        ],
        Focus::Detail => vec![
            (&[Action::Down, Action::Up], Msg::HintScroll),
            (&[Action::Back], Msg::HintBack),
            (&[Action::SwitchPane], Msg::HintPane),
            (&[Action::ToggleHelp], Msg::HintHelp),
            (&[Action::Quit], Msg::HintQuit),
        ],
    }
}

/// Draws the status bar.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.lang;
    let total_w = usize::from(area.width);
    let who = match &app.agent {
        Some(name) => fill(t(lang, Msg::SignedInAs), &[("name", name)]),
        None => t(lang, Msg::NoAgent).to_string(),
    };
    let right = safe::line(
        &format!("{who} · {}", lang.code().to_uppercase()),
        total_w / 2,
    );
    let room = total_w.saturating_sub(width(&right) + 1);

    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let message = app
        .error
        .as_ref()
        .map(|e| {
            (
                fill(t(lang, Msg::WorkerError), &[("error", e)]),
                theme::ERROR,
            )
        })
        .or_else(|| app.notice.as_ref().map(|n| (n.clone(), theme::NOTICE)));
    if let Some((text, style)) = message {
        let text = safe::line(&text, room);
        used = width(&text);
        spans.push(Span::styled(text, style));
    } else {
        for (actions, word) in hints(app) {
            let keys: Vec<String> = actions.iter().map(|a| app.keymap.first(*a)).collect();
            let keys = keys.join("/");
            let word = t(lang, word);
            let gap = if used == 0 { 0 } else { 2 };
            let w = gap + width(&keys) + 1 + width(word);
            if keys.is_empty() || used + w > room {
                continue;
            }
            if gap > 0 {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(keys, theme::KEY));
            spans.push(Span::raw(format!(" {word}")));
            used += w;
        }
    }
    let pad = total_w.saturating_sub(used + width(&right));
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::raw(right));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme::STATUS_BAR),
        area,
    );
}
