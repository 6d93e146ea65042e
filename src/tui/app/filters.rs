//! Ad-hoc queue filters from a chooser (`f`, or "filter" in the palette):
//! priority, assignee (me, nobody, anyone), channel, SLA state; each
//! narrows the current view and search, and "clear" drops them all.

use super::{App, Popup};
use crate::domain::{Channel, Priority};
use crate::i18n::{self, Lang, Msg, fill, t};
use crate::store::filter::{AssigneeFilter, SlaFilter, TicketFilter};
use crate::store::views::DUE_SOON_SECS;
use crate::tui::popup::{Item, ListPopup};

/// One choice of the filter chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterChoice {
    Priority(Priority),
    Assignee(AssigneeFilter),
    Channel(Channel),
    Sla(SlaFilter),
    /// Ask for a tag to filter by.
    Tag,
    /// Drop every filter but the status, the view's name and the search.
    Clear,
}

impl FilterChoice {
    fn apply(self, filter: &mut TicketFilter) {
        match self {
            FilterChoice::Priority(p) => filter.priority = Some(p),
            FilterChoice::Assignee(a) => filter.assignee = a,
            FilterChoice::Channel(c) => filter.channel = Some(c),
            FilterChoice::Sla(s) => filter.sla = Some(s),
            FilterChoice::Tag => {}
            FilterChoice::Clear => {
                *filter = TicketFilter {
                    text: filter.text.take(),
                    ..TicketFilter::default()
                }
            }
        }
    }
}

/// The filters in force, in words, for the queue's title.
pub fn describe(lang: Lang, filter: &TicketFilter) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = filter.priority {
        out.push(i18n::priority(lang, p).to_string());
    }
    match filter.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Nobody => out.push(t(lang, Msg::Unassigned).to_string()),
        AssigneeFilter::Agent(_) | AssigneeFilter::NoAgent => {
            out.push(t(lang, Msg::FilterMine).to_string())
        }
    }
    if let Some(tag) = &filter.tag {
        out.push(format!("+{tag}"));
    }
    if let Some(c) = filter.channel {
        out.push(i18n::channel(lang, c).to_string());
    }
    match filter.sla {
        None => {}
        Some(SlaFilter::Breached) => out.push(t(lang, Msg::FilterBreached).to_string()),
        Some(SlaFilter::DueWithin(_)) => out.push(t(lang, Msg::FilterDueSoon).to_string()),
    }
    out
}

impl App {
    /// Filters by a tag (blank: by none).
    pub(super) fn filter_tag(&mut self, tag: &str) {
        let mut list = self.list.clone().unwrap_or_default();
        list.filter.tag = Some(tag.trim().to_string()).filter(|t| !t.is_empty());
        self.set_list(Some(list));
    }

    /// Opens the filter chooser.
    pub(super) fn open_filters(&mut self) {
        let lang = self.lang;
        let item = |label: String, value: FilterChoice| Item {
            label,
            detail: String::new(),
            value,
        };
        let labelled = |what: Msg, value: &str| fill(t(lang, what), &[("value", &value)]);
        let mut items = Vec::new();
        for p in Priority::ALL.iter().rev() {
            items.push(item(
                labelled(Msg::FilterPriority, i18n::priority(lang, *p)),
                FilterChoice::Priority(*p),
            ));
        }
        let me = self
            .agent_id
            .map_or(AssigneeFilter::NoAgent, AssigneeFilter::Agent);
        items.push(item(
            t(lang, Msg::FilterMine).to_string(),
            FilterChoice::Assignee(me),
        ));
        items.push(item(
            t(lang, Msg::Unassigned).to_string(),
            FilterChoice::Assignee(AssigneeFilter::Nobody),
        ));
        items.push(item(
            t(lang, Msg::FilterAnyone).to_string(),
            FilterChoice::Assignee(AssigneeFilter::Anyone),
        ));
        for c in Channel::ALL {
            items.push(item(
                labelled(Msg::FilterChannel, i18n::channel(lang, *c)),
                FilterChoice::Channel(*c),
            ));
        }
        items.push(item(
            t(lang, Msg::FilterBreached).to_string(),
            FilterChoice::Sla(SlaFilter::Breached),
        ));
        items.push(item(
            t(lang, Msg::FilterDueSoon).to_string(),
            FilterChoice::Sla(SlaFilter::DueWithin(DUE_SOON_SECS)),
        ));
        items.push(item(t(lang, Msg::FilterTag).to_string(), FilterChoice::Tag));
        items.push(item(
            t(lang, Msg::FilterClear).to_string(),
            FilterChoice::Clear,
        ));
        self.popup = Some(Popup::ChooseFilter(ListPopup::new(Some(items))));
    }

    /// Applies a filter choice on top of the current view and search.
    pub(super) fn apply_filter(&mut self, choice: FilterChoice) {
        if choice == FilterChoice::Tag {
            self.popup = Some(Popup::Input {
                kind: super::InputKind::FilterTag,
                prompt: t(self.lang, Msg::FilterTagPrompt).to_string(),
                targets: vec![],
                field: crate::tui::form::Field::default(),
            });
            return;
        }
        let mut list = self.list.clone().unwrap_or_default();
        choice.apply(&mut list.filter);
        self.set_list(Some(list));
    }
}
