//! Popups over the console: the canned-response picker (and, built the
//! same way, the palette and choosers). While one is open it gets every key.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::actions::InputKind;
use super::{App, Popup};
use crate::i18n::t;
use crate::service::worker::Request;
use crate::store::canned::Canned;
use crate::tui::action::Action;
use crate::tui::form::Step;
use crate::tui::placeholders::{self, Values};
use crate::tui::popup::{Item, ListPopup, Outcome};

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
        let items = self.choices.canned.as_deref().map(canned_items);
        self.overlay.popup = Some(Popup::Canned(ListPopup::new(items)));
        self.outbox.push(Request::Canned);
    }

    /// The canned responses arrived.
    pub(super) fn canned_loaded(&mut self, list: Vec<Canned>) {
        if let Some(Popup::Canned(picker)) = self.overlay.popup.as_mut() {
            picker.items = Some(canned_items(&list));
            picker.selected = picker.selected.min(list.len().saturating_sub(1));
        }
        self.choices.canned = Some(list);
    }

    /// A key while a popup is open.
    pub(super) fn popup_key(&mut self, key: &KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        let Some(popup) = self.overlay.popup.as_mut() else {
            return;
        };
        match popup {
            Popup::ChooseAttachment(_)
            | Popup::Path(_)
            | Popup::Overwrite { .. }
            | Popup::Detach(_) => self.files_popup_key(key),
            Popup::Canned(picker) => match picker.key(key) {
                Outcome::Open => {}
                Outcome::Closed => self.overlay.popup = None,
                Outcome::Chosen(canned) => {
                    self.overlay.popup = None;
                    self.insert_canned(&canned);
                }
            },
            Popup::ChooseFilter(list) => match list.key(key) {
                Outcome::Open => {}
                Outcome::Closed => self.overlay.popup = None,
                Outcome::Chosen(choice) => {
                    self.overlay.popup = None;
                    self.apply_filter(choice);
                }
            },
            Popup::ChooseKbFilter(list) => match list.key(key) {
                Outcome::Open => {}
                Outcome::Closed => self.overlay.popup = None,
                Outcome::Chosen(choice) => {
                    self.overlay.popup = None;
                    self.apply_kb_filter(choice);
                }
            },
            Popup::ChooseView(_) if key.code == KeyCode::Delete => self.ask_remove_view(),
            Popup::ChooseView(list) => match list.key(key) {
                Outcome::Open => {}
                Outcome::Closed => self.overlay.popup = None,
                Outcome::Chosen(entry) => {
                    self.overlay.popup = None;
                    self.apply_view(entry);
                }
            },
            Popup::Palette(list) => match list.key(key) {
                Outcome::Open => {}
                Outcome::Closed => self.overlay.popup = None,
                Outcome::Chosen(action) => {
                    self.overlay.popup = None;
                    self.update(action);
                }
            },
            Popup::Choose { list, .. }
            | Popup::ChooseAgent { list, .. }
            | Popup::ChooseTeam { list, .. } => match list.key(key) {
                Outcome::Open => {}
                Outcome::Closed => self.overlay.popup = None,
                Outcome::Chosen(change) => {
                    self.overlay.popup = None;
                    if let Some(change) = self.needs_reason(change) {
                        self.write(change);
                    }
                }
            },
            Popup::Input {
                kind,
                targets,
                field,
                ..
            } => match field.key(key) {
                Step::Editing => {}
                Step::Cancel => {
                    let clear = *kind == InputKind::Search;
                    self.overlay.popup = None;
                    if clear {
                        self.search(None);
                    }
                }
                Step::Submit => {
                    let (kind, targets, text) = (*kind, targets.clone(), field.text.clone());
                    if let Err(reason) = self.input_submitted(kind, targets, &text) {
                        self.session.error = Some(reason);
                    }
                }
            },
            Popup::Confirm { change, .. } => match key.code {
                KeyCode::Enter => {
                    let change = change.clone();
                    self.overlay.popup = None;
                    self.write(change);
                }
                KeyCode::Esc => self.overlay.popup = None,
                _ => {}
            },
            Popup::Form(form) => match form.key(key) {
                Step::Editing => {}
                Step::Cancel => self.overlay.popup = None,
                Step::Submit => {
                    let form = form.clone();
                    if let Err(reason) = self.form_submitted(&form) {
                        self.session.error = Some(reason);
                    }
                }
            },
        }
    }

    /// Opens the command palette over every named action.
    pub(super) fn open_palette(&mut self) {
        let items = Action::ALL
            .iter()
            .filter_map(|a| {
                let name = a.command()?;
                Some(Item {
                    label: t(self.session.lang, a.description()).to_string(),
                    detail: format!("{name} · {}", self.session.keymap.first(*a)),
                    value: *a,
                })
            })
            .collect();
        self.overlay.popup = Some(Popup::Palette(ListPopup::new(Some(items))));
    }

    /// Inserts a canned response, placeholders filled from the shown
    /// ticket, and remembers what it sets on send.
    fn insert_canned(&mut self, canned: &Canned) {
        let detail = self.shown_detail();
        let values = Values {
            customer_name: detail.map_or("", |d| d.customer.name.as_str()),
            agent_name: self.session.agent.as_deref().unwrap_or_default(),
            ticket_id: detail.map_or(0, |d| d.id),
            team: detail.and_then(|d| d.team.as_deref()).unwrap_or_default(),
        };
        let text = placeholders::fill(&canned.body, &values);
        if let Some(ticket) = self.compose.composer.as_ref().map(|c| c.ticket) {
            self.outbox.push(Request::Files(
                crate::service::files::FilesRequest::Canned {
                    canned: canned.id,
                    ticket,
                },
            ));
        }
        if let Some(composer) = self.compose.composer.as_mut() {
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
