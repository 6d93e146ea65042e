//! Filters in the knowledge-base pane (`f` there): a chooser of the
//! departments, languages, tags and visibilities the articles have (loaded
//! from the store), each narrowing the categories, a category's articles
//! and the search; the filters in force can be removed one by one or all at
//! once, and stay for the console's session.

use super::{App, Popup};
use crate::i18n::{Lang, Msg, fill, t};
use crate::service::kb::{KbList, KbRequest};
use crate::service::worker::Request;
use crate::store::kb::{Facets, KbFilter};
use crate::tui::kb::KbPane;
use crate::tui::popup::{Item, ListPopup};

/// One filter field of the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KbField {
    Department,
    Language,
    Tag,
    Visibility,
}

/// One choice of the knowledge-base filter chooser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KbFilterChoice {
    /// Narrow by this field's value.
    Set(KbField, String),
    /// Drop the filter on this field.
    Remove(KbField),
    /// Drop every filter.
    Clear,
}

fn slot(filter: &mut KbFilter, field: KbField) -> &mut Option<String> {
    match field {
        KbField::Department => &mut filter.department,
        KbField::Language => &mut filter.language,
        KbField::Tag => &mut filter.tag,
        KbField::Visibility => &mut filter.visibility,
    }
}

/// A value as the pane shows it: visibilities in words, tags with `#`.
fn shown(lang: Lang, field: KbField, value: &str) -> String {
    match field {
        KbField::Tag => format!("#{value}"),
        KbField::Visibility if value == "public" => t(lang, Msg::KbPublic).to_string(),
        KbField::Visibility => t(lang, Msg::KbInternal).to_string(),
        KbField::Department | KbField::Language => value.to_string(),
    }
}

/// The filters in force as the pane's title shows them, in field order
/// (`Billing · nl · #refund · internal`).
pub fn describe(lang: Lang, filter: &KbFilter) -> Vec<String> {
    [
        (KbField::Department, &filter.department),
        (KbField::Language, &filter.language),
        (KbField::Tag, &filter.tag),
        (KbField::Visibility, &filter.visibility),
    ]
    .into_iter()
    .filter_map(|(field, value)| value.as_deref().map(|v| shown(lang, field, v)))
    .collect()
}

/// The chooser's entries: first the filters in force (to remove), then
/// every value present (departments, languages, visibilities, tags), then
/// "clear all" when anything is set.
fn items(lang: Lang, filter: &KbFilter, facets: &Facets) -> Vec<Item<KbFilterChoice>> {
    let item = |label: String, value: KbFilterChoice| Item {
        label,
        detail: String::new(),
        value,
    };
    let mut out = Vec::new();
    let fields = [
        (
            KbField::Department,
            &facets.departments,
            Msg::KbFilterDepartment,
        ),
        (KbField::Language, &facets.languages, Msg::KbFilterLanguage),
        (
            KbField::Visibility,
            &facets.visibilities,
            Msg::KbFilterVisibility,
        ),
        // Tags last: there are many.
        (KbField::Tag, &facets.tags, Msg::KbFilterTag),
    ];
    let mut current = filter.clone();
    for (field, _, _) in fields {
        if let Some(value) = slot(&mut current, field).clone() {
            out.push(item(
                fill(
                    t(lang, Msg::KbFilterRemove),
                    &[("value", &shown(lang, field, &value))],
                ),
                KbFilterChoice::Remove(field),
            ));
        }
    }
    for (field, values, label) in fields {
        let set = slot(&mut current, field).clone();
        for value in values {
            if set
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case(value))
            {
                continue;
            }
            let text = match field {
                KbField::Tag => value.clone(),
                _ => shown(lang, field, value),
            };
            out.push(item(
                fill(t(lang, label), &[("value", &text)]),
                KbFilterChoice::Set(field, value.clone()),
            ));
        }
    }
    if *filter != KbFilter::default() {
        out.push(item(
            t(lang, Msg::KbFilterClear).to_string(),
            KbFilterChoice::Clear,
        ));
    }
    out
}

impl App {
    /// Opens the knowledge-base filter chooser (its values come from the
    /// worker the first time).
    pub(super) fn open_kb_filters(&mut self) {
        let lang = self.session.lang;
        let Some(kb) = self.kb.pane.as_ref() else {
            return;
        };
        let loaded = kb.facets.as_ref().map(|f| items(lang, &kb.filter, f));
        // Asked again each time: articles may have come or gone meanwhile.
        self.outbox.push(Request::Kb(KbRequest::Facets));
        self.overlay.popup = Some(Popup::ChooseKbFilter(ListPopup::new(loaded)));
    }

    /// The values to filter by arrived: keep them, and fill the open
    /// chooser with them (keeping its selection where it can).
    pub(super) fn kb_facets_loaded(&mut self, facets: Facets) {
        let lang = self.session.lang;
        let Some(kb) = self.kb.pane.as_mut() else {
            return;
        };
        if let Some(Popup::ChooseKbFilter(list)) = self.overlay.popup.as_mut() {
            let fresh = items(lang, &kb.filter, &facets);
            list.selected = list.selected.min(fresh.len().saturating_sub(1));
            list.items = Some(fresh);
        }
        kb.facets = Some(facets);
    }

    /// Applies a choice: the lists and the search load again under the
    /// new filters. Suggestions are the ticket's own ranking, so a filter
    /// chosen on them shows the (filtered) categories instead.
    pub(super) fn apply_kb_filter(&mut self, choice: KbFilterChoice) {
        let Some(kb) = self.kb.pane.as_mut() else {
            return;
        };
        let mut filter = kb.filter.clone();
        match choice {
            KbFilterChoice::Set(field, value) => *slot(&mut filter, field) = Some(value),
            KbFilterChoice::Remove(field) => *slot(&mut filter, field) = None,
            KbFilterChoice::Clear => filter = KbFilter::default(),
        }
        self.kb.filter = filter.clone();
        refilter(kb, filter);
        self.outbox.push(Request::Kb(kb.categories_request()));
        if kb.list != KbList::Categories {
            let request = kb.list_request();
            self.outbox.push(Request::Kb(request));
        }
    }
}

/// Puts `filter` on the pane, leaving the suggestions for the categories.
fn refilter(kb: &mut KbPane, filter: KbFilter) {
    kb.filter = filter;
    if matches!(kb.list, KbList::Suggested(_)) {
        kb.list = KbList::Categories;
    }
    if matches!(kb.before_search, KbList::Suggested(_)) {
        kb.before_search = KbList::Categories;
    }
    if kb.list != KbList::Categories {
        kb.hits = None;
    }
    kb.selected = 0;
    kb.category_selected = 0;
}
