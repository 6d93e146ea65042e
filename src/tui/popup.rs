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

/// How well `query` matches `text`, case-insensitive; `None` when it does
/// not. Higher is better, in tiers: the text starts with the query, then
/// the query starts a word of it, then it is inside a word, then its
/// characters begin words in order, each followed by more of that word
/// ("snd" in "Send reply", "kt" in "kanaal telefoon"). Within a tier an
/// earlier match ranks higher. A scatter of characters across the text
/// is no match: "alle" does not find "kanaal telefoon".
pub fn score(query: &str, text: &str) -> Option<i64> {
    let query: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    if query.is_empty() {
        return Some(0);
    }
    let text: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let word_start = |i: usize| i == 0 || !text[i - 1].is_alphanumeric();
    let starts: Vec<usize> = (0..text.len())
        .filter(|&i| text.len() - i >= query.len() && text[i..i + query.len()] == query[..])
        .collect();
    let at = |i: usize| i64::try_from(i).unwrap_or(i64::MAX).min(999);
    if starts.first() == Some(&0) {
        return Some(4_000);
    }
    if let Some(&i) = starts.iter().find(|&&i| word_start(i)) {
        return Some(3_000 - at(i));
    }
    if let Some(&i) = starts.first() {
        return Some(2_000 - at(i));
    }
    let words: Vec<(usize, usize)> = (0..text.len())
        .filter(|&i| text[i].is_alphanumeric() && word_start(i))
        .map(|i| {
            let end = (i..text.len())
                .find(|&e| !text[e].is_alphanumeric())
                .unwrap_or(text.len());
            (i, end)
        })
        .collect();
    let first = word_prefixes(&query, &text, &words)?;
    Some(1_000 - at(first))
}

/// Where the first of the words begins when `query` is a run of pieces,
/// each the start of a word of `text` (`words`, as start..end) followed
/// by more of that word's characters in order, the words in order; `None`
/// when it is not.
fn word_prefixes(query: &[char], text: &[char], words: &[(usize, usize)]) -> Option<usize> {
    fn from(query: &[char], text: &[char], words: &[(usize, usize)]) -> bool {
        if query.is_empty() {
            return true;
        }
        words.iter().enumerate().any(|(w, &(start, end))| {
            if text[start] != query[0] {
                return false;
            }
            // How much of the query this word can take: its first
            // character, then more in order.
            let mut took = 1;
            for c in &text[start + 1..end] {
                if took < query.len() && *c == query[took] {
                    took += 1;
                }
            }
            (1..=took)
                .rev()
                .any(|k| from(&query[k..], text, &words[w + 1..]))
        })
    }
    words.iter().enumerate().find_map(|(w, &(start, _))| {
        (text[start] == query[0] && from(query, text, &words[w..])).then_some(start)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    #[test]
    fn word_starts_and_substrings_match_and_case_does_not_matter() {
        assert!(score("rfd", "Refund delayed").is_some());
        assert!(score("RFD", "refund delayed").is_some());
        assert!(score("dfr", "Refund delayed").is_none());
        assert_eq!(score("", "anything"), Some(0));
        assert!(score("é", "Café").is_some());
        assert!(score("kt", "kanaal telefoon").is_some());
        assert!(score("kanaal tel", "kanaal telefoon").is_some());
    }

    #[test]
    fn a_scatter_of_letters_is_no_match() {
        // Issue 13: "alle" found "kanaal telefoon" (a…l…l…e).
        assert_eq!(score("alle", "kanaal telefoon"), None);
        assert!(score("alle", "Alle tickets").is_some());
        assert_eq!(score("snd", "Reason unknown, do ask"), None);
        assert_eq!(score("nt", "kanaal telefoon"), None);
    }

    #[test]
    fn the_start_then_a_word_then_inside_a_word_then_initials() {
        fn rank<'a>(query: &str, texts: &[&'a str]) -> Vec<&'a str> {
            let mut scored: Vec<(i64, &str)> = texts
                .iter()
                .filter_map(|t| Some((score(query, t)?, *t)))
                .collect();
            scored.sort_by_key(|s| std::cmp::Reverse(s.0));
            scored.into_iter().map(|(_, t)| t).collect()
        }
        assert_eq!(
            rank(
                "tel",
                &[
                    "Hotel",
                    "kanaal telefoon",
                    "Telefoon",
                    "t e l",
                    "Tijd eerste lijn"
                ]
            ),
            [
                "Telefoon",
                "kanaal telefoon",
                "Hotel",
                "t e l",
                "Tijd eerste lijn"
            ]
        );
        let tight = score("snd", "Send reply").unwrap();
        let prefix = score("ref", "Refund").unwrap();
        let inside = score("ref", "Preferences").unwrap();
        assert!(prefix > inside, "{prefix} > {inside}");
        assert!(inside > tight, "a substring before initials");
    }

    #[test]
    fn the_chooser_lists_what_matches_best_first() {
        let mut popup = ListPopup::new(Some(vec![
            item("kanaal telefoon", ""),
            item("Alle tickets", ""),
            item("Open", "alle open"),
        ]));
        for c in "alle".chars() {
            popup.key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let labels: Vec<&str> = popup.matches().iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["Alle tickets", "Open"]);
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
