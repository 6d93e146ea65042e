//! The bottom line: the keys that work here (from the keymap), an error or
//! notice when there is one, and on the right who is signed in and the
//! language. On narrow terminals the least needed hints give way first;
//! the help overlay lists them all.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{safe, theme};
use crate::i18n::{Msg, fill, t};
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::composer::Stage;

/// One hint: the actions whose first keys it shows, its word, and its rank
/// (0 is kept longest).
type Hint = (&'static [Action], Msg, u8);

/// The hints of the current context, in screen order.
fn hints(app: &App) -> Vec<Hint> {
    if app.overlay.help {
        return vec![
            (&[Action::Down, Action::Up], Msg::HintScroll, 2),
            (&[Action::ToggleHelp], Msg::HintClose, 0),
            (&[Action::Quit], Msg::HintQuit, 1),
        ];
    }
    if app.overlay.popup.is_some() {
        return vec![];
    }
    if app.screen == crate::tui::app::Screen::Dashboard {
        if app.dashboard.explain {
            return vec![
                (&[Action::ToggleHelp], Msg::HintClose, 0),
                (&[Action::Down, Action::Up], Msg::HintScroll, 2),
                (&[Action::Quit], Msg::HintQuit, 1),
            ];
        }
        return vec![
            (&[Action::Down, Action::Up], Msg::HintMove, 3),
            (&[Action::NextWindow], Msg::HintWindow, 0),
            (&[Action::ToggleHelp], Msg::HintExplain, 1),
            (&[Action::SwitchPane], Msg::HintTables, 4),
            (&[Action::Dashboard], Msg::HintBack, 2),
            (&[Action::Quit], Msg::HintQuit, 2),
        ];
    }
    if let Some(kb) = &app.kb.pane {
        if kb.typing {
            return vec![(&[Action::Open], Msg::HintDone, 0)];
        }
        if kb.focus == crate::tui::kb::KbFocus::Article {
            return vec![
                (&[Action::Down, Action::Up], Msg::HintScroll, 3),
                (&[Action::KbInsert], Msg::HintInsert, 1),
                (&[Action::Search], Msg::HintSearch, 2),
                (&[Action::Back], Msg::HintBack, 0),
            ];
        }
        return vec![
            (&[Action::Down, Action::Up], Msg::HintMove, 3),
            (&[Action::Open], Msg::HintRead, 1),
            (&[Action::KbInsert], Msg::HintInsert, 2),
            (&[Action::Search], Msg::HintSearch, 4),
            (&[Action::KbFilter], Msg::HintKbFilter, 5),
            (&[Action::Back], Msg::HintBack, 0),
        ];
    }
    if app.compose.composer.is_some() {
        return vec![
            (&[Action::ComposerSend], Msg::HintSend, 0),
            (&[Action::ComposerToggleKind], Msg::HintKind, 2),
            (&[Action::ComposerCanned], Msg::HintCanned, 3),
            (&[Action::ComposerKb], Msg::HintKb, 5),
            (&[Action::ComposerEditor], Msg::HintEditor, 4),
            (&[Action::ComposerClose], Msg::HintClose, 1),
        ];
    }
    match app.focus {
        Focus::Queue => vec![
            (&[Action::Down, Action::Up], Msg::HintMove, 3),
            (&[Action::Open], Msg::HintOpen, 0),
            (&[Action::Palette], Msg::HintPalette, 2),
            (&[Action::Search], Msg::HintSearch, 6),
            (&[Action::Views], Msg::HintViews, 7),
            (&[Action::Dashboard], Msg::HintDashboard, 8),
            (&[Action::NextStatusFilter], Msg::HintFilter, 4),
            (&[Action::SwitchPane], Msg::HintPane, 5),
            (&[Action::ToggleHelp], Msg::HintHelp, 1),
            (&[Action::Quit], Msg::HintQuit, 2),
        ],
        Focus::Detail => vec![
            (&[Action::Down, Action::Up], Msg::HintScroll, 3),
            (&[Action::Back], Msg::HintBack, 0),
            (&[Action::Palette], Msg::HintPalette, 2),
            (&[Action::Reply], Msg::HintReply, 5),
            (&[Action::Note], Msg::HintNote, 6),
            (&[Action::KnowledgeBase], Msg::HintKb, 7),
            (&[Action::SwitchPane], Msg::HintPane, 4),
            (&[Action::ToggleHelp], Msg::HintHelp, 1),
            (&[Action::Quit], Msg::HintQuit, 2),
        ],
    }
}

/// The composer's one-line question, while it waits for its answer.
fn confirmation(app: &App) -> Option<&'static str> {
    let composer = app.compose.composer.as_ref()?;
    let msg = match (composer.stage, composer.internal) {
        (Stage::Confirming, false) => Msg::ComposerConfirmReply,
        (Stage::Confirming, true) => Msg::ComposerConfirmNote,
        (Stage::Sending, _) => Msg::ComposerSending,
        (Stage::Held, _) => Msg::ComposerHeldKeys,
        (Stage::Editing, _) => return None,
    };
    Some(t(app.session.lang, msg))
}

/// Draws the status bar.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.session.lang;
    let total_w = usize::from(area.width);
    let items: Vec<(String, &str, u8)> = hints(app)
        .into_iter()
        .map(|(actions, word, rank)| {
            let keys: Vec<String> = actions
                .iter()
                .map(|a| app.session.keymap.first(*a))
                .collect();
            (keys.join("/"), t(lang, word), rank)
        })
        .filter(|(keys, _, _)| !keys.is_empty())
        .collect();
    let hint_w = |(keys, word, _): &(String, &str, u8)| width(keys) + 1 + width(word);

    // The two most needed hints are reserved first, then who and which
    // language; other hints take what is left.
    let essential: usize = items
        .iter()
        .filter(|item| item.2 <= 1)
        .map(|item| hint_w(item) + 2)
        .sum();
    let who = match &app.session.agent {
        Some(name) if total_w >= 80 && !app.session.read_only => fill(
            t(lang, Msg::SignedInWithStatus),
            &[
                ("name", name),
                (
                    "status",
                    &crate::i18n::agent_status(lang, app.presence.status),
                ),
            ],
        ),
        Some(name) if total_w >= 80 => fill(t(lang, Msg::SignedInAs), &[("name", name)]),
        Some(name) => name.clone(),
        None => t(lang, Msg::NoAgent).to_string(),
    };
    let right_max = total_w.saturating_sub(essential + 2).max(8);
    // The language code is never cut; the name gives way.
    let language = format!(" · {}", lang.code().to_uppercase());
    let right = format!(
        "{}{language}",
        safe::line(&who, right_max.saturating_sub(width(&language)))
    );
    let room = total_w.saturating_sub(width(&right) + 2);

    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let message = app
        .session
        .error
        .as_ref()
        .map(|e| {
            (
                fill(t(lang, Msg::WorkerError), &[("error", e)]),
                theme::ERROR,
            )
        })
        .or_else(|| confirmation(app).map(|c| (c.to_string(), theme::CONFIRM)))
        .or_else(|| {
            app.session
                .notice
                .as_ref()
                .map(|n| (n.clone(), theme::NOTICE))
        });
    if let Some((text, style)) = message {
        let text = safe::line(&text, room);
        used = width(&text);
        spans.push(Span::styled(text, style));
    } else {
        // Keep the best-ranked hints that fit, then show them in screen order.
        let mut by_rank: Vec<usize> = (0..items.len()).collect();
        by_rank.sort_by_key(|i| items[*i].2);
        let mut kept = vec![false; items.len()];
        let mut need = 0;
        for i in by_rank {
            let w = hint_w(&items[i]) + if need == 0 { 0 } else { 2 };
            if need + w <= room {
                need += w;
                kept[i] = true;
            }
        }
        for (i, (keys, word, _)) in items.into_iter().enumerate() {
            if !kept[i] {
                continue;
            }
            if used > 0 {
                spans.push(Span::raw("  "));
                used += 2;
            }
            used += width(&keys) + 1 + width(word);
            spans.push(Span::styled(keys, theme::KEY));
            spans.push(Span::raw(format!(" {word}")));
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
