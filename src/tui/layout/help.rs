//! The help overlay's frame and lines. The overlay draws them
//! (`ui::help`) and the app counts them to stop scrolling at the end, so
//! both come from here. Read from the keymap, so it shows the user's own
//! keys; on a small terminal it wraps and scrolls.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::i18n::{Lang, Msg, fill, t};
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::ui::{safe, theme};

/// What the overlay is built from: the language, the keys, and which
/// actions the signed-in role may not do (shown greyed, with the right).
pub struct Help<'a, F: Fn(Action) -> bool> {
    pub lang: Lang,
    pub keymap: &'a Keymap,
    pub refused: F,
}

/// The widest key column; longer key lists are cut.
const KEYS_MAX: usize = 18;

impl<F: Fn(Action) -> bool> Help<'_, F> {
    fn keys_width(&self) -> usize {
        Action::ALL
            .iter()
            .map(|a| width(&self.keymap.label(*a)))
            .max()
            .unwrap_or(0)
            .min(KEYS_MAX)
    }

    fn close_text(&self) -> String {
        fill(
            t(self.lang, Msg::HelpClose),
            &[("key", &self.keymap.first(Action::ToggleHelp))],
        )
    }

    /// The overlay's frame, centred in `area`: as wide as its longest line
    /// and as tall as its lines, within the terminal.
    pub fn popup(&self, area: Rect) -> Rect {
        let keys_w = self.keys_width();
        let wanted_w = Action::ALL
            .iter()
            .map(|a| keys_w + 2 + width(t(self.lang, a.description())))
            .chain([width(&self.close_text())])
            .max()
            .unwrap_or(0)
            + 2;
        let w = u16::try_from(wanted_w).unwrap_or(u16::MAX).min(area.width);
        let wanted_h = self.lines(w.saturating_sub(2)).len() + 2;
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
    pub fn lines(&self, inner: u16) -> Vec<Line<'static>> {
        let inner = usize::from(inner);
        let keys_w = self.keys_width();
        let room = inner.saturating_sub(keys_w + 2).max(1);
        let mut out = Vec::new();
        for action in Action::ALL {
            let keys = safe::line(&self.keymap.label(*action), keys_w);
            let pad = " ".repeat(keys_w.saturating_sub(width(&keys)) + 2);
            // What the role may not do is greyed, with the right it needs.
            let refused = if (self.refused)(*action) {
                action.right()
            } else {
                None
            };
            let description = match refused {
                Some(right) => fill(
                    t(self.lang, Msg::HelpNeedsRight),
                    &[
                        ("action", &t(self.lang, action.description())),
                        ("right", &right.key()),
                    ],
                ),
                None => t(self.lang, action.description()).to_string(),
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
        for text in safe::wrap(&self.close_text(), inner) {
            out.push(Line::styled(text, theme::DIM));
        }
        out
    }

    /// The largest useful scroll on a terminal of `area`: the last line at
    /// the bottom of the overlay.
    pub fn max_scroll(&self, area: Rect) -> usize {
        let popup = self.popup(area);
        let lines = self.lines(popup.width.saturating_sub(2)).len();
        lines.saturating_sub(usize::from(popup.height.saturating_sub(2)))
    }
}
