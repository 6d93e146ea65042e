//! The console's styles, in one place so panes agree. Colours are the 16
//! basic ones: they follow the user's terminal palette, light or dark.

use ratatui::style::{Color, Modifier, Style};

pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
pub const BORDER: Style = Style::new().fg(Color::DarkGray);
pub const BORDER_FOCUSED: Style = Style::new().fg(Color::Cyan);
pub const HEADER: Style = Style::new()
    .add_modifier(Modifier::BOLD)
    .add_modifier(Modifier::UNDERLINED);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const SELECTED_UNFOCUSED: Style = Style::new()
    .add_modifier(Modifier::BOLD)
    .bg(Color::DarkGray);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const LABEL: Style = Style::new().fg(Color::DarkGray);
pub const OVERDUE: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const DUE_SOON: Style = Style::new().fg(Color::Yellow);
pub const MET: Style = Style::new().fg(Color::Green);
pub const URGENT: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const HIGH: Style = Style::new().fg(Color::Yellow);
pub const LOW: Style = Style::new().fg(Color::DarkGray);
pub const CUSTOMER: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
pub const REPLY: Style = Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD);
pub const INTERNAL: Style = Style::new().fg(Color::Yellow);
pub const INTERNAL_HEADER: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const CALL: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const SECTION: Style = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);
pub const STATUS_BAR: Style = Style::new().bg(Color::Black).fg(Color::Gray);
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const NOTICE: Style = Style::new().fg(Color::Yellow);
pub const CONFIRM: Style = Style::new().fg(Color::White).add_modifier(Modifier::BOLD);
pub const MARKED: Style = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);
