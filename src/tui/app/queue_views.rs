//! Narrowing and ordering the queue: saved views (with counts), a text
//! search, a sort that cycles through the columns; and marking tickets for
//! bulk actions. The selection keeps following its ticket through all of it.

use super::{App, Popup};
use crate::i18n::format;
use crate::i18n::{Lang, Msg, fill, t};
use crate::service::worker::{ListSpec, Request, ViewEntry};
use crate::store::filter::SortKey;
use crate::tui::form::Field;
use crate::tui::popup::{Item, ListPopup};

use super::InputKind;

/// A view's name in the interface language: the desk's four defaults are
/// translated, agents' own views keep the name they were given.
pub fn view_name(lang: Lang, entry: &ViewEntry) -> String {
    let msg = match entry.view.builtin.as_deref() {
        Some("all_open") => Msg::ViewAllOpen,
        Some("my_open") => Msg::ViewMyOpen,
        Some("unassigned") => Msg::ViewUnassigned,
        Some("due_soon") => Msg::ViewDueSoon,
        _ => return entry.view.name.clone(),
    };
    t(lang, msg).to_string()
}

impl App {
    /// Opens the view chooser; the worker counts the views.
    pub(super) fn open_views(&mut self) {
        self.overlay.popup = Some(Popup::ChooseView(ListPopup::new(None)));
        self.outbox.push(Request::Views {
            agent: self.session.agent_id,
            now: self.session.now,
        });
    }

    /// Asks for a name to save the queue's filters, search and sort under
    /// (a view of one's own of the same name is replaced).
    pub(super) fn ask_view_name(&mut self) {
        if let Some(msg) = self.write_refusal() {
            self.session.error = Some(t(self.session.lang, msg).to_string());
            return;
        }
        self.overlay.popup = Some(Popup::Input {
            kind: InputKind::ViewName,
            prompt: t(self.session.lang, Msg::InputViewName).to_string(),
            targets: vec![],
            field: Field::default(),
        });
    }

    /// Delete in the view chooser: asks before removing a view the agent
    /// saved (the desk's defaults stay).
    pub(super) fn ask_remove_view(&mut self) {
        let Some(Popup::ChooseView(list)) = self.overlay.popup.as_ref() else {
            return;
        };
        let Some(entry) = list.matches().get(list.selected).map(|i| i.value.clone()) else {
            return;
        };
        if entry.view.builtin.is_some() {
            return;
        }
        let name = entry.view.name.clone();
        self.overlay.popup = Some(Popup::Confirm {
            question: fill(
                t(self.session.lang, Msg::ConfirmRemoveView),
                &[("name", &name)],
            ),
            change: crate::service::change::Change::RemoveView {
                id: entry.view.id,
                name,
            },
        });
    }

    /// The views and their counts arrived.
    pub(super) fn views_loaded(&mut self, views: Vec<ViewEntry>) {
        let lang = self.session.lang;
        if let Some(Popup::ChooseView(list)) = self.overlay.popup.as_mut() {
            list.items = Some(
                views
                    .into_iter()
                    .map(|entry| Item {
                        label: view_name(lang, &entry),
                        detail: format::thousands(lang, entry.count),
                        value: entry,
                    })
                    .collect(),
            );
        }
    }

    /// Shows a view: its status becomes the status filter, the rest narrows.
    pub(super) fn apply_view(&mut self, entry: ViewEntry) {
        self.queue.filter = entry.filter.status;
        let name = view_name(self.session.lang, &entry);
        self.set_list(Some(ListSpec {
            filter: entry.filter,
            sort: entry.sort,
            view: Some(name),
        }));
    }

    /// Opens the search input with the current search in it.
    pub(super) fn open_search(&mut self) {
        let text = self
            .queue
            .list
            .as_ref()
            .and_then(|l| l.filter.text.clone())
            .unwrap_or_default();
        self.overlay.popup = Some(Popup::Input {
            kind: InputKind::Search,
            prompt: t(self.session.lang, Msg::InputSearch).to_string(),
            targets: vec![],
            field: Field { text },
        });
    }

    /// Applies a search (blank: none), keeping the view and sort.
    pub(super) fn search(&mut self, text: Option<String>) {
        let mut list = self.queue.list.clone().unwrap_or_default();
        list.filter.text = text.filter(|t| !t.trim().is_empty());
        self.set_list(Some(list));
    }

    /// The next column to sort by (urgency, id, priority, …, then around).
    pub(super) fn cycle_sort(&mut self) {
        let mut list = self.queue.list.clone().unwrap_or_default();
        let at = SortKey::ALL
            .iter()
            .position(|k| *k == list.sort.key)
            .unwrap_or(0);
        list.sort.key = SortKey::ALL[(at + 1) % SortKey::ALL.len()];
        self.set_list(Some(list));
        let name = list_sort_name(self.queue.list.as_ref());
        self.session.notice = Some(fill(
            t(self.session.lang, Msg::SortedBy),
            &[("column", &name)],
        ));
    }

    /// Reverses the sort order (newest first, Z to A, …).
    pub(super) fn reverse_sort(&mut self) {
        let mut list = self.queue.list.clone().unwrap_or_default();
        list.sort.descending = !list.sort.descending;
        self.set_list(Some(list));
    }

    /// Marks or unmarks the selected ticket for a bulk action.
    pub(super) fn toggle_mark(&mut self) {
        if let Some(id) = self.selected_row().map(|r| r.id)
            && !self.queue.marked.remove(&id)
        {
            self.queue.marked.insert(id);
        }
    }

    /// Replaces the narrowing and reloads, keeping the selected ticket
    /// selected when it is still in the list. A narrowing that narrows
    /// nothing is the plain (fast) queue.
    pub(super) fn set_list(&mut self, list: Option<ListSpec>) {
        let list = list.filter(|l| {
            let narrows = crate::store::filter::TicketFilter {
                status: Default::default(),
                ..l.filter.clone()
            } != Default::default();
            l.view.is_some() || narrows || l.sort != Default::default()
        });
        self.queue.following = self.selected_row().map(|r| r.id);
        // The queue's title names the team and agent filtered by.
        if let Some(l) = &list {
            if l.filter.team.is_some() && self.choices.teams.is_none() {
                self.outbox.push(Request::Teams);
            }
            if matches!(l.filter.assignee, crate::store::filter::AssigneeFilter::Agent(id) if Some(id) != self.session.agent_id)
                && self.choices.agents.is_none()
            {
                self.outbox.push(Request::Agents);
            }
        }
        self.queue.list = list;
        self.queue.page = None;
        self.queue.unplaced = None;
        self.queue.requested = None;
        self.queue.scroll_top = 0;
        if self.queue.following.is_none() {
            self.queue.selected = 0;
        }
        let query = self.window_query();
        self.queue.requested = Some(query);
        let request = self.queue_request(query, self.queue.following);
        self.outbox.push(request);
    }

    /// The request for a queue page: the plain queue, or narrowed.
    pub(super) fn queue_request(
        &self,
        query: crate::store::queue::QueueQuery,
        follow: Option<i64>,
    ) -> Request {
        match &self.queue.list {
            None => Request::Queue { query, follow },
            Some(list) => Request::List {
                query,
                follow,
                list: Box::new(list.clone()),
                now: self.session.now,
            },
        }
    }
}

/// The sort column's stored name, for the title and the notice.
pub fn list_sort_name(list: Option<&ListSpec>) -> &'static str {
    list.map_or(SortKey::Urgency, |l| l.sort.key).as_str()
}
