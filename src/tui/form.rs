//! One-line inputs and the new-ticket form: small editable text fields,
//! plus the pure parsing of what was typed (talk times, ticket numbers).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key did to a field or form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Editing,
    Submit,
    Cancel,
}

/// A one-line text field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    pub text: String,
}

impl Field {
    /// Characters and Backspace edit; Enter submits; Esc cancels.
    pub fn key(&mut self, key: &KeyEvent) -> Step {
        match key.code {
            KeyCode::Enter => Step::Submit,
            KeyCode::Esc => Step::Cancel,
            KeyCode::Backspace => {
                self.text.pop();
                Step::Editing
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.text.push(c);
                Step::Editing
            }
            _ => Step::Editing,
        }
    }
}

/// Several fields, one focused; Tab/↓/Enter go to the next, Shift-Tab/↑
/// back; Enter on the last field or Ctrl-s submits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
}

impl Form {
    pub fn new(values: &[&str]) -> Form {
        Form {
            fields: values
                .iter()
                .map(|v| Field {
                    text: (*v).to_string(),
                })
                .collect(),
            focus: 0,
        }
    }

    pub fn key(&mut self, key: &KeyEvent) -> Step {
        let last = self.fields.len().saturating_sub(1);
        match key.code {
            KeyCode::Char('s') if key.modifiers.contains(KeyModifiers::CONTROL) => Step::Submit,
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1).min(last);
                Step::Editing
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = self.focus.saturating_sub(1);
                Step::Editing
            }
            KeyCode::Enter if self.focus < last => {
                self.focus += 1;
                Step::Editing
            }
            _ => match self.fields.get_mut(self.focus) {
                Some(field) => field.key(key),
                None => Step::Cancel,
            },
        }
    }

    /// A field's text, trimmed.
    pub fn value(&self, index: usize) -> &str {
        self.fields.get(index).map_or("", |f| f.text.trim())
    }
}

/// A talk time in seconds: `420`, `90s`, `7m`, `1h5m`, `1u5m` (Dutch),
/// `7:30` (minutes:seconds) or `1:02:03`.
pub fn parse_talk_time(text: &str) -> Option<i64> {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    if text.contains(':') {
        let mut total: i64 = 0;
        for part in text.split(':') {
            total = total
                .checked_mul(60)?
                .checked_add(part.parse::<i64>().ok()?)?;
        }
        return Some(total);
    }
    if let Ok(secs) = text.parse::<i64>() {
        return (secs >= 0).then_some(secs);
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' | 'u' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: i64 = std::mem::take(&mut number).parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    number.is_empty().then_some(total)
}

/// A ticket number: `12` or `#12`.
pub fn parse_ticket(text: &str) -> Option<i64> {
    text.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn talk_times() {
        assert_eq!(parse_talk_time("420"), Some(420));
        assert_eq!(parse_talk_time("7m"), Some(420));
        assert_eq!(parse_talk_time(" 1h5m "), Some(3900));
        assert_eq!(parse_talk_time("1u5m"), Some(3900));
        assert_eq!(parse_talk_time("90s"), Some(90));
        assert_eq!(parse_talk_time("7:30"), Some(450));
        assert_eq!(parse_talk_time("1:02:03"), Some(3723));
        for bad in ["", "7x", "m", "5m3", "-4", "a:b"] {
            assert_eq!(parse_talk_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn ticket_numbers() {
        assert_eq!(parse_ticket("#12"), Some(12));
        assert_eq!(parse_ticket(" 7 "), Some(7));
        assert_eq!(parse_ticket("0"), None);
        assert_eq!(parse_ticket("twelve"), None);
    }

    #[test]
    fn form_moves_between_fields_and_submits() {
        let press = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let mut form = Form::new(&["", "phone"]);
        assert_eq!(form.key(&press(KeyCode::Char('a'))), Step::Editing);
        assert_eq!(form.key(&press(KeyCode::Enter)), Step::Editing);
        assert_eq!(form.focus, 1);
        assert_eq!(form.key(&press(KeyCode::Enter)), Step::Submit);
        assert_eq!(form.value(0), "a");
        assert_eq!(form.value(1), "phone");
        assert_eq!(form.key(&press(KeyCode::Esc)), Step::Cancel);
    }
}
