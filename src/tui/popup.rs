//! A list popup with as-you-type fuzzy search: the canned-response picker,
//! the command palette and the choosers (status, priority, agent, …) are
//! all one of these over different values. Pure state; `ui::picker` draws it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One entry: what is shown and searched, and the value it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<T> {
    /// Shown and searched.
    pub label: String,
    /// Shown dimmed beside the label, and searched too (a shortcut, a key).
    pub detail: String,
    pub value: T,
}

/// What a key did to the popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// Still choosing.
    Open,
    /// Enter on an entry.
    Chosen(T),
    /// Esc.
    Closed,
}

/// A list to choose from by typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPopup<T> {
    pub query: String,
    /// Index into [`ListPopup::matches`].
    pub selected: usize,
    /// `None` while the worker is still loading them.
    pub items: Option<Vec<Item<T>>>,
}

impl<T: Clone> ListPopup<T> {
    pub fn new(items: Option<Vec<Item<T>>>) -> ListPopup<T> {
        ListPopup {
            query: String::new(),
            selected: 0,
            items,
        }
    }

    /// The entries matching the query, best first (ties keep list order).
    pub fn matches(&self) -> Vec<&Item<T>> {
        let Some(items) = &self.items else {
            return Vec::new();
        };
        let mut scored: Vec<(i64, usize, &Item<T>)> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let best = [
                    score(&self.query, &item.label),
                    score(&self.query, &item.detail),
                ]
                .into_iter()
                .flatten()
                .max()?;
                Some((best, i, item))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, _, item)| item).collect()
    }

    /// Typing edits the query; arrows (and Ctrl-n/Ctrl-p, Tab) move; Enter
    /// chooses; Esc closes. Letters are always text here, so j and k type.
    pub fn key(&mut self, key: &KeyEvent) -> Outcome<T> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let count = self.matches().len();
        match key.code {
            KeyCode::Esc => return Outcome::Closed,
            KeyCode::Enter => {
                if let Some(item) = self.matches().get(self.selected) {
                    return Outcome::Chosen(item.value.clone());
                }
            }
            KeyCode::Down | KeyCode::Tab => self.step(1, count),
            KeyCode::Char('n') if ctrl => self.step(1, count),
            KeyCode::Up | KeyCode::BackTab => self.step(-1, count),
            KeyCode::Char('p') if ctrl => self.step(-1, count),
            KeyCode::Backspace => {
                self.query.pop();
                self.selected = 0;
            }
            KeyCode::Char(c) if !ctrl => {
                self.query.push(c);
                self.selected = 0;
            }
            _ => {}
        }
        Outcome::Open
    }

    fn step(&mut self, by: isize, count: usize) {
        if count > 0 {
            self.selected = self.selected.saturating_add_signed(by).min(count - 1);
        }
    }
}

/// A subsequence fuzzy score of `query` in `text`, case-insensitive; `None`
/// when the query's characters do not all appear in order. Higher is
/// better: consecutive characters and characters at word starts earn
/// bonuses, gaps cost a little, so "snd" ranks "Send reply" above
/// "Reason unknown, do ask".
pub fn score(query: &str, text: &str) -> Option<i64> {
    let query: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    if query.is_empty() {
        return Some(0);
    }
    let text: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut total = 0;
    let mut q = 0;
    let mut last: Option<usize> = None;
    for (i, c) in text.iter().enumerate() {
        if q == query.len() {
            break;
        }
        if *c != query[q] {
            continue;
        }
        let word_start = i == 0 || !text[i - 1].is_alphanumeric();
        total += 1;
        if word_start {
            total += 8;
        }
        match last {
            Some(l) if l + 1 == i => total += 5,
            Some(l) => total -= i64::try_from(i - l - 1).unwrap_or(i64::MAX).min(3),
            None => total -= i64::try_from(i).unwrap_or(i64::MAX).min(3),
        }
        last = Some(i);
        q += 1;
    }
    (q == query.len()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    #[test]
    fn subsequences_match_in_order_and_case_does_not_matter() {
        assert!(score("rfd", "Refund delayed").is_some());
        assert!(score("RFD", "refund delayed").is_some());
        assert!(score("dfr", "Refund delayed").is_none());
        assert_eq!(score("", "anything"), Some(0));
        assert!(score("é", "Café").is_some());
    }

    #[test]
    fn word_starts_and_runs_rank_higher() {
        let tight = score("snd", "Send reply").unwrap();
        let loose = score("snd", "Reason unknown, do ask").unwrap();
        assert!(tight > loose, "{tight} > {loose}");
        let prefix = score("ref", "Refund").unwrap();
        let inside = score("ref", "Preferences").unwrap();
        assert!(prefix > inside, "{prefix} > {inside}");
    }

    fn item(label: &str, detail: &str) -> Item<String> {
        Item {
            label: label.into(),
            detail: detail.into(),
            value: label.into(),
        }
    }

    #[test]
    fn typing_filters_arrows_move_enter_chooses() {
        let mut popup = ListPopup::new(Some(vec![
            item("Refund on its way", "refund"),
            item("Password reset steps", "pw"),
            item("Delivery delayed", "late"),
        ]));
        let press = |code| KeyEvent::new(code, KeyModifiers::NONE);
        assert_eq!(popup.matches().len(), 3);
        popup.key(&press(KeyCode::Char('p')));
        popup.key(&press(KeyCode::Char('w')));
        assert_eq!(popup.matches()[0].label, "Password reset steps");
        popup.key(&press(KeyCode::Backspace));
        popup.key(&press(KeyCode::Backspace));
        popup.key(&press(KeyCode::Char('j')));
        assert!(popup.matches().is_empty(), "j is text, not 'down'");
        popup.key(&press(KeyCode::Backspace));
        popup.key(&press(KeyCode::Down));
        popup.key(&press(KeyCode::Down));
        popup.key(&press(KeyCode::Down));
        assert_eq!(popup.selected, 2, "stops at the last");
        assert_eq!(
            popup.key(&press(KeyCode::Enter)),
            Outcome::Chosen("Delivery delayed".to_string())
        );
        assert_eq!(popup.key(&press(KeyCode::Esc)), Outcome::Closed);
    }
}
