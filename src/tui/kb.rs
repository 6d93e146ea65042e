//! The knowledge-base pane's state. The pane lists categories, a category's
//! articles, search results (as you type) or the articles suggested for a
//! ticket on the left, and shows one article rendered from Markdown on the
//! right. Its database work is [`crate::service::kb`].

use crate::service::kb::{KbList, KbRequest, LoadedArticle};
use crate::store::kb::{Category, Facets, Hit, KbFilter};

/// Which side keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KbFocus {
    #[default]
    List,
    Article,
}

/// The pane's state.
#[derive(Debug, Clone, PartialEq)]
pub struct KbPane {
    /// The ticket it was opened on: suggestions come from it, and an
    /// inserted article goes into its reply.
    pub ticket: Option<i64>,
    pub list: KbList,
    pub categories: Option<Vec<Category>>,
    /// The articles of `list` (not of `Categories`), once loaded.
    pub hits: Option<Vec<Hit>>,
    /// The search text.
    pub query: String,
    /// Keys type into the search field.
    pub typing: bool,
    /// The list to go back to when the search is cleared.
    pub before_search: KbList,
    pub selected: usize,
    /// Where the selection was among the categories, for going back.
    pub category_selected: usize,
    pub focus: KbFocus,
    pub article: Option<LoadedArticle>,
    /// First line of the article on screen.
    pub scroll: usize,
    /// What the lists and the search are narrowed by (never by category:
    /// the category is the list's own).
    pub filter: KbFilter,
    /// The values to filter by, once loaded.
    pub facets: Option<Facets>,
}

impl KbPane {
    /// A pane on `ticket` (its suggestions first) or on the categories.
    pub fn new(ticket: Option<i64>, filter: KbFilter) -> KbPane {
        let list = ticket.map_or(KbList::Categories, KbList::Suggested);
        KbPane {
            ticket,
            before_search: list.clone(),
            list,
            categories: None,
            hits: None,
            query: String::new(),
            typing: false,
            selected: 0,
            category_selected: 0,
            focus: KbFocus::List,
            article: None,
            scroll: 0,
            filter,
            facets: None,
        }
    }

    /// How many entries the left list has now.
    pub fn len(&self) -> usize {
        match self.list {
            KbList::Categories => self.categories.as_ref().map_or(0, Vec::len),
            _ => self.hits.as_ref().map_or(0, Vec::len),
        }
    }

    /// Whether the left list has nothing (or nothing yet).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The article under the selection, in an article list.
    pub fn selected_hit(&self) -> Option<&Hit> {
        match self.list {
            KbList::Categories => None,
            _ => self.hits.as_ref()?.get(self.selected),
        }
    }

    /// The request that loads the current list.
    pub fn list_request(&self) -> KbRequest {
        match &self.list {
            KbList::Categories => self.categories_request(),
            KbList::Category(name) => KbRequest::Category {
                name: name.clone(),
                filter: self.filter.clone(),
            },
            KbList::Search(query) => KbRequest::Search {
                query: query.clone(),
                filter: self.filter.clone(),
            },
            KbList::Suggested(ticket) => KbRequest::ForTicket { ticket: *ticket },
        }
    }

    /// The request that loads the categories under the filter.
    pub fn categories_request(&self) -> KbRequest {
        KbRequest::Categories {
            filter: self.filter.clone(),
        }
    }

    /// Whether any filter is set.
    pub fn filtered(&self) -> bool {
        self.filter != KbFilter::default()
    }
}
