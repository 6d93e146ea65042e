//! Popups over the console: the canned-response picker (and, built the
//! same way, the palette and choosers). While one is open it gets every key.

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use super::App;
use crate::store::canned::Canned;
use crate::tui::placeholders::{self, Values};
use crate::tui::popup::{Item, ListPopup, Outcome};
use crate::tui::worker::Request;

/// What a popup chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// A canned response to insert into the composer.
    Canned(ListPopup<Canned>),
}

fn canned_items(list: &[Canned]) -> Vec<Item<Canned>> {
    list.iter()
        .map(|c| Item {
            label: c.title.clone(),
            detail: c.shortcut.clone(),
            value: c.clone(),
        })
        .collect()
}

impl App {
    /// Opens the canned-response picker (from the composer).
    pub(super) fn open_picker(&mut self) {
        let items = self.canned.as_deref().map(canned_items);
        self.popup = Some(Popup::Canned(ListPopup::new(items)));
        self.outbox.push(Request::Canned);
    }

    /// The canned responses arrived.
    pub(super) fn canned_loaded(&mut self, list: Vec<Canned>) {
        if let Some(Popup::Canned(picker)) = self.popup.as_mut() {
            picker.items = Some(canned_items(&list));
            picker.selected = picker.selected.min(list.len().saturating_sub(1));
        }
        self.canned = Some(list);
    }

    /// A key while a popup is open.
    pub(super) fn popup_key(&mut self, key: &KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        let Some(popup) = self.popup.as_mut() else {
            return;
        };
        match popup {
            Popup::Canned(picker) => match picker.key(key) {
                Outcome::Open => {}
                Outcome::Closed => self.popup = None,
                Outcome::Chosen(canned) => {
                    self.popup = None;
                    self.insert_canned(&canned);
                }
            },
        }
    }

    /// Inserts a canned response, placeholders filled from the shown
    /// ticket, and remembers what it sets on send.
    fn insert_canned(&mut self, canned: &Canned) {
        let detail = self.shown_detail();
        let values = Values {
            customer_name: detail.map_or("", |d| d.customer.name.as_str()),
            agent_name: self.agent.as_deref().unwrap_or_default(),
            ticket_id: detail.map_or(0, |d| d.id),
            team: detail.and_then(|d| d.team.as_deref()).unwrap_or_default(),
        };
        let text = placeholders::fill(&canned.body, &values);
        if let Some(composer) = self.composer.as_mut() {
            composer.insert(&text);
            let actions = &mut composer.actions;
            if canned.set_status.is_some() {
                actions.status = canned.set_status;
            }
            if canned.set_priority.is_some() {
                actions.priority = canned.set_priority;
            }
            for tag in &canned.add_tags {
                if !actions.tags.contains(tag) {
                    actions.tags.push(tag.clone());
                }
            }
        }
    }
}
