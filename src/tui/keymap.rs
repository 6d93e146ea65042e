//! Keys are data: the defaults are `assets/keymap.toml`, embedded at build
//! time, and a user file of the same shape is merged on top. The help overlay
//! and the status-bar hints read this same table, so what they show is what
//! the keys do.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Context};
use crate::i18n::{Lang, Msg, fill, t};

/// The embedded defaults.
const DEFAULTS: &str = include_str!("../../assets/keymap.toml");

/// One key with its modifiers, normalised so that what the terminal reports
/// and what the file says compare equal (`G` is `G`, not `shift-g`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// A `KeyCode` subset that can be ordered and printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

impl Key {
    /// The key of a terminal event; `None` for keys no binding can name.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Insert => KeyCodeOrd::Insert,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            _ => return None,
        };
        // Shift is already in the character ('G', '?') and in BackTab.
        Some(Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// A key as the keymap file writes it: `j`, `G`, `ctrl-d`, `pagedown`.
    pub fn parse(text: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCodeOrd::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCodeOrd::Enter,
                "esc" | "escape" => KeyCodeOrd::Esc,
                "tab" => KeyCodeOrd::Tab,
                "backtab" | "shift-tab" => KeyCodeOrd::BackTab,
                "space" => KeyCodeOrd::Char(' '),
                "backspace" => KeyCodeOrd::Backspace,
                "delete" | "del" => KeyCodeOrd::Delete,
                "insert" | "ins" => KeyCodeOrd::Insert,
                "up" => KeyCodeOrd::Up,
                "down" => KeyCodeOrd::Down,
                "left" => KeyCodeOrd::Left,
                "right" => KeyCodeOrd::Right,
                "home" => KeyCodeOrd::Home,
                "end" => KeyCodeOrd::End,
                "pageup" | "pgup" => KeyCodeOrd::PageUp,
                "pagedown" | "pgdn" => KeyCodeOrd::PageDown,
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCodeOrd::F(n),
                    _ => return None,
                },
                _ => return None,
            },
        };
        Some(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    /// How help and hints print a key: short, and the same in every language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("Space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            KeyCodeOrd::Enter => f.write_str("Enter"),
            KeyCodeOrd::Esc => f.write_str("Esc"),
            KeyCodeOrd::Tab => f.write_str("Tab"),
            KeyCodeOrd::BackTab => f.write_str("Shift-Tab"),
            KeyCodeOrd::Backspace => f.write_str("Backspace"),
            KeyCodeOrd::Delete => f.write_str("Del"),
            KeyCodeOrd::Insert => f.write_str("Ins"),
            KeyCodeOrd::Up => f.write_str("↑"),
            KeyCodeOrd::Down => f.write_str("↓"),
            KeyCodeOrd::Left => f.write_str("←"),
            KeyCodeOrd::Right => f.write_str("→"),
            KeyCodeOrd::Home => f.write_str("Home"),
            KeyCodeOrd::End => f.write_str("End"),
            KeyCodeOrd::PageUp => f.write_str("PgUp"),
            KeyCodeOrd::PageDown => f.write_str("PgDn"),
        }
    }
}

/// Which keys do what. Every action has a (possibly empty) list of keys, in
/// the order the file gives them; the first is the one hints show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Action, Vec<Key>>,
}

impl Keymap {
    /// The embedded defaults alone.
    pub fn defaults() -> Keymap {
        let mut map = Keymap {
            bindings: Action::ALL.iter().map(|a| (*a, Vec::new())).collect(),
        };
        // The embedded file is checked by a test; a broken one would leave
        // keys unbound, never crash the console.
        let _ = map.merge(DEFAULTS, "assets/keymap.toml", Lang::En);
        map
    }

    /// The defaults with the user's file at `path` merged on top. A missing
    /// file is no error; a bad one is, and the message names the entry.
    pub fn load(path: Option<&Path>, lang: Lang) -> Result<Keymap, String> {
        let mut map = Keymap::defaults();
        if let Some(path) = path.filter(|p| p.exists()) {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| {
                fill(
                    t(lang, Msg::KeymapUnreadable),
                    &[("file", &file), ("error", &e)],
                )
            })?;
            map.merge(&text, &file, lang)?;
        }
        Ok(map)
    }

    /// Merges a keymap file's text: each action it names gets exactly the
    /// listed keys, and those keys are taken from any other action.
    pub fn merge(&mut self, text: &str, file: &str, lang: Lang) -> Result<(), String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            fill(
                t(lang, Msg::KeymapBadToml),
                &[("file", &file), ("error", &e.message())],
            )
        })?;
        let mut parsed: Vec<(Action, Vec<Key>)> = Vec::new();
        for (name, value) in &table {
            let Some(keys) = value.as_table().filter(|_| name == "keys") else {
                return Err(fill(
                    t(lang, Msg::KeymapUnknownTable),
                    &[("file", &file), ("name", name)],
                ));
            };
            for (action_name, list) in keys {
                let action = Action::from_name(action_name).ok_or_else(|| {
                    let names: Vec<String> = Action::ALL.iter().map(|a| a.name()).collect();
                    fill(
                        t(lang, Msg::KeymapUnknownAction),
                        &[
                            ("file", &file),
                            ("name", action_name),
                            ("actions", &names.join(", ")),
                        ],
                    )
                })?;
                let not_list = || {
                    fill(
                        t(lang, Msg::KeymapNotList),
                        &[("file", &file), ("name", action_name)],
                    )
                };
                let list = list.as_array().ok_or_else(not_list)?;
                let mut keys = Vec::new();
                for item in list {
                    let text = item.as_str().ok_or_else(not_list)?;
                    let key = Key::parse(text).ok_or_else(|| {
                        fill(
                            t(lang, Msg::KeymapBadKey),
                            &[("file", &file), ("key", &text), ("name", action_name)],
                        )
                    })?;
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                parsed.push((action, keys));
            }
        }
        for (action, keys) in parsed {
            for (other, bound) in self.bindings.iter_mut() {
                if *other != action && other.context() == action.context() {
                    bound.retain(|k| !keys.contains(k));
                }
            }
            self.bindings.insert(action, keys);
        }
        Ok(())
    }

    /// The action a terminal key event asks for. Only presses count: a
    /// release or an auto-repeat must not move the selection twice.
    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        self.action_in(Context::Main, event)
    }

    /// [`Keymap::action_for`] among the actions of one context.
    pub fn action_in(&self, context: Context, event: &KeyEvent) -> Option<Action> {
        if event.kind != KeyEventKind::Press {
            return None;
        }
        let key = Key::from_event(event)?;
        self.bindings
            .iter()
            .find(|(action, keys)| action.context() == context && keys.contains(&key))
            .map(|(action, _)| *action)
    }

    /// The keys bound to an action, in file order.
    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings.get(&action).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The keys of an action as help prints them: `j, ↓`.
    pub fn label(&self, action: Action) -> String {
        let keys: Vec<String> = self.keys(action).iter().map(Key::to_string).collect();
        keys.join(", ")
    }

    /// The first key of an action, the one hints show; empty when unbound.
    pub fn first(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(Key::to_string)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn embedded_defaults_parse_and_bind_every_action() {
        let mut map = Keymap {
            bindings: BTreeMap::new(),
        };
        map.merge(DEFAULTS, "defaults", Lang::En).unwrap();
        for action in Action::ALL {
            assert!(!map.keys(*action).is_empty(), "{action:?} has no key");
        }
    }

    #[test]
    fn vim_keys_and_arrows_both_work() {
        let map = Keymap::defaults();
        let none = KeyModifiers::NONE;
        assert_eq!(
            map.action_for(&press(KeyCode::Char('j'), none)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Down, none)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('k'), none)),
            Some(Action::Up)
        );
        assert_eq!(map.action_for(&press(KeyCode::Up, none)), Some(Action::Up));
        // Terminals report 'G' with SHIFT; the binding says just "G".
        assert_eq!(
            map.action_for(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Last)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        // Plain c is another action (log a call), not quit.
        assert_eq!(
            map.action_for(&press(KeyCode::Char('c'), none)),
            Some(Action::LogCall)
        );
    }

    #[test]
    fn composer_keys_live_in_their_own_context() {
        let map = Keymap::defaults();
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        // Esc is Back in the queue and Close in the composer: neither took it.
        assert_eq!(map.action_for(&esc), Some(Action::Back));
        assert_eq!(
            map.action_in(Context::Composer, &esc),
            Some(Action::ComposerClose)
        );
        let ctrl_s = press(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(map.action_for(&ctrl_s), None);
        assert_eq!(
            map.action_in(Context::Composer, &ctrl_s),
            Some(Action::ComposerSend)
        );
        // Letters are text in the composer.
        let r = press(KeyCode::Char('r'), KeyModifiers::NONE);
        assert_eq!(map.action_in(Context::Composer, &r), None);
        // A user file claiming a composer key for another composer action
        // takes it from there, and leaves the queue's keys alone.
        let mut map = Keymap::defaults();
        map.merge("[keys]\ncomposer_send = [\"esc\"]\n", "user.toml", Lang::En)
            .unwrap();
        assert_eq!(
            map.action_in(Context::Composer, &esc),
            Some(Action::ComposerSend)
        );
        assert_eq!(map.action_for(&esc), Some(Action::Back));
    }

    #[test]
    fn releases_and_repeats_are_ignored() {
        let map = Keymap::defaults();
        let mut event = press(KeyCode::Char('j'), KeyModifiers::NONE);
        event.kind = KeyEventKind::Release;
        assert_eq!(map.action_for(&event), None);
        event.kind = KeyEventKind::Repeat;
        assert_eq!(map.action_for(&event), None);
    }

    #[test]
    fn user_file_replaces_an_actions_keys_and_steals_its_keys() {
        let mut map = Keymap::defaults();
        map.merge(
            "[keys]\ndown = [\"n\", \"ctrl-n\"]\nquit = [\"j\"]\n",
            "user.toml",
            Lang::En,
        )
        .unwrap();
        let none = KeyModifiers::NONE;
        assert_eq!(
            map.action_for(&press(KeyCode::Char('n'), none)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('n'), KeyModifiers::CONTROL)),
            Some(Action::Down)
        );
        // "down" lost its defaults, "j" moved to quit, and "q" no longer quits.
        assert_eq!(map.action_for(&press(KeyCode::Down, none)), None);
        assert_eq!(
            map.action_for(&press(KeyCode::Char('j'), none)),
            Some(Action::Quit)
        );
        assert_eq!(map.action_for(&press(KeyCode::Char('q'), none)), None);
        // Untouched actions keep their defaults.
        assert_eq!(
            map.action_for(&press(KeyCode::Char('k'), none)),
            Some(Action::Up)
        );
        assert_eq!(map.label(Action::Down), "n, Ctrl-n");
    }

    #[test]
    fn bad_entries_are_named() {
        let mut map = Keymap::defaults();
        let err = map
            .merge("[keys]\ndwn = [\"j\"]\n", "my.toml", Lang::En)
            .unwrap_err();
        assert!(err.contains("my.toml") && err.contains("'dwn'"), "{err}");
        assert!(err.contains("page_down"), "lists the actions: {err}");

        let err = map
            .merge(
                "[keys]\ndown = [\"ctrl-\", \"hyper-j\"]\n",
                "my.toml",
                Lang::En,
            )
            .unwrap_err();
        assert!(
            err.contains("'hyper-j'") || err.contains("'ctrl-'"),
            "{err}"
        );

        let err = map
            .merge("[keys]\ndown = \"j\"\n", "my.toml", Lang::Nl)
            .unwrap_err();
        assert!(err.contains("lijst"), "{err}");

        let err = map.merge("[colours]\n", "my.toml", Lang::En).unwrap_err();
        assert!(err.contains("'colours'"), "{err}");

        let err = map.merge("[keys\n", "my.toml", Lang::En).unwrap_err();
        assert!(err.contains("not valid TOML"), "{err}");
        // A failed merge changes nothing.
        assert_eq!(map, Keymap::defaults());
    }

    #[test]
    fn load_reads_a_user_file_and_ignores_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        assert_eq!(
            Keymap::load(Some(&missing), Lang::En).unwrap(),
            Keymap::defaults()
        );
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, "[keys]\nquit = [\"x\"]\n").unwrap();
        let map = Keymap::load(Some(&path), Lang::En).unwrap();
        assert_eq!(map.keys(Action::Quit), &[Key::parse("x").unwrap()]);
        std::fs::write(&path, "[keys]\nquit = [\"\"]\n").unwrap();
        let err = Keymap::load(Some(&path), Lang::En).unwrap_err();
        assert!(err.contains(&path.display().to_string()), "{err}");
    }

    #[test]
    fn parses_key_names() {
        assert_eq!(Key::parse("ctrl-d").unwrap().to_string(), "Ctrl-d");
        assert_eq!(Key::parse("PageDown").unwrap().to_string(), "PgDn");
        assert_eq!(Key::parse("f12").unwrap().to_string(), "F12");
        assert_eq!(Key::parse("-").unwrap().to_string(), "-");
        assert!(Key::parse("f13").is_none());
        assert!(Key::parse("").is_none());
        assert!(Key::parse("ctrl-").is_none());
    }
}
