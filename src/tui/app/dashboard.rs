//! The dashboard screen's keys and loads. On the dashboard the movement
//! keys move between tiles (or scroll the team/agent table), `w` switches
//! the window, `?` explains the selected tile, Tab goes tiles → teams →
//! agents, and `D` or Esc go back to the queue. It reloads only when
//! another process changed the desk's content (the worker's `Changed`; its
//! `PresenceChanged` asks for nothing here), when the window changes or
//! when the local day turns over; otherwise it asks for nothing.

use super::App;
use crate::i18n::{Msg, t};
use crate::service::worker::Request;
use crate::tui::action::Action;
use crate::tui::dashboard::{DashFocus, Tile};

/// Which screen the console shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Queue,
    Dashboard,
}

impl App {
    /// Shows the dashboard, loading its figures.
    pub fn open_dashboard(&mut self) {
        self.screen = Screen::Dashboard;
        self.overlay.help = false;
        self.load_dashboard();
    }

    pub(super) fn load_dashboard(&mut self) {
        self.dashboard.loading = true;
        self.outbox.push(Request::Dashboard {
            window: self.dashboard.window,
            now: self.session.now,
        });
    }

    /// A key's intent while the dashboard is shown.
    pub(super) fn dashboard_action(&mut self, action: Action) {
        let d = &mut self.dashboard;
        if d.explain {
            match action {
                Action::ToggleHelp | Action::Back => d.explain = false,
                Action::Quit => self.session.quit = true,
                // The drawing keeps the last line in view.
                Action::Down => d.explain_scroll = d.explain_scroll.saturating_add(1),
                Action::Up => d.explain_scroll = d.explain_scroll.saturating_sub(1),
                Action::PageDown => d.explain_scroll = d.explain_scroll.saturating_add(5),
                Action::PageUp => d.explain_scroll = d.explain_scroll.saturating_sub(5),
                Action::First => d.explain_scroll = 0,
                Action::Last => d.explain_scroll = usize::MAX / 2,
                _ => {}
            }
            return;
        }
        let last_tile = Tile::ALL.len() - 1;
        match action {
            Action::Quit => self.session.quit = true,
            Action::Back | Action::Dashboard => {
                self.screen = super::dashboard::Screen::Queue;
                // The queue was not reloaded while the dashboard was shown.
                self.refresh();
            }
            Action::ToggleHelp => {
                d.explain = d.focus == DashFocus::Tiles;
                d.explain_scroll = 0;
            }
            Action::NextWindow => {
                d.next_window();
                d.table_scroll = 0;
                self.load_dashboard();
            }
            Action::SwitchPane => {
                d.focus = match d.focus {
                    DashFocus::Tiles => DashFocus::Teams,
                    DashFocus::Teams => DashFocus::Agents,
                    DashFocus::Agents => DashFocus::Tiles,
                };
                d.table_scroll = 0;
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let step: isize = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -5,
                    _ => 5,
                };
                if d.focus == DashFocus::Tiles {
                    d.selected = d.selected.saturating_add_signed(step).min(last_tile);
                } else {
                    let last = d.table_len().saturating_sub(1);
                    d.table_scroll = d.table_scroll.saturating_add_signed(step).min(last);
                }
            }
            Action::First => {
                d.selected = 0;
                d.table_scroll = 0;
            }
            Action::Last => {
                if d.focus == DashFocus::Tiles {
                    d.selected = last_tile;
                } else {
                    d.table_scroll = d.table_len().saturating_sub(1);
                }
            }
            Action::Open => {}
            _ => self.session.notice = Some(t(self.session.lang, Msg::DashNotHere).to_string()),
        }
    }

    /// Figures arrived. Selection, focus and scroll stay where they are.
    pub(super) fn dashboard_loaded(&mut self, data: crate::store::dashboard::DashboardData) {
        if data.window != self.dashboard.window {
            return; // an answer for a window the user already left
        }
        self.dashboard.loading = false;
        let rows = match self.dashboard.focus {
            DashFocus::Teams => data.teams.len(),
            DashFocus::Agents => data.agents.len(),
            DashFocus::Tiles => usize::MAX,
        };
        self.dashboard.table_scroll = self.dashboard.table_scroll.min(rows.saturating_sub(1));
        self.dashboard.data = Some(data);
        self.session.error = None;
    }

    /// The clock moved: a new local day moves the window, so reload.
    pub(super) fn dashboard_tick(&mut self, before: i64) {
        if self.screen != Screen::Dashboard || self.dashboard.loading {
            return;
        }
        let tz = self.session.calendar.time_zone();
        if crate::kpi::rollup::day_of(tz, before)
            != crate::kpi::rollup::day_of(tz, self.session.now)
        {
            self.load_dashboard();
        }
    }
}
