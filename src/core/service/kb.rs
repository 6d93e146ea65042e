//! The knowledge base as worker requests: lists and search narrowed by a
//! filter (department, language, tag, visibility), one article, the articles
//! suggested for a ticket, and recording an agent's view or a link.

use rusqlite::Connection;

use crate::clock::Clock;
use crate::store::kb::{self, Article, Category, Facets, Hit, KbFilter, Reader};
use crate::store::{self, Result};

/// How many articles the detail pane suggests for a ticket.
pub const SUGGESTIONS: i64 = 3;
/// How many search results the pane lists.
const SEARCH_LIMIT: i64 = 50;
/// The excerpt inserted into a reply, in characters.
const EXCERPT_CHARS: usize = 220;

/// Knowledge-base work for the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KbRequest {
    /// Every category with its count (under the filter).
    Categories { filter: KbFilter },
    /// A category's articles (under the filter).
    Category { name: String, filter: KbFilter },
    /// Ranked search for what is typed, under the filter (coalesced: only
    /// the newest runs).
    Search { query: String, filter: KbFilter },
    /// The departments, languages, tags and visibilities to filter by.
    Facets,
    /// One article in full; `insert` names the ticket whose reply wants it;
    /// `view` records that an agent opened it (in the same request, so a
    /// view is only recorded for an article that exists; a view that cannot
    /// be written is logged, and the article opens all the same).
    Article {
        id: i64,
        insert: Option<i64>,
        view: Option<AgentView>,
    },
    /// What to suggest for a ticket, and what it already links.
    ForTicket { ticket: i64 },
    /// Records that a reply on `ticket` links `article`.
    Link {
        ticket: i64,
        article: i64,
        agent: Option<i64>,
        now: i64,
    },
}

/// An agent's view of an article, to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentView {
    pub agent: Option<i64>,
    pub now: i64,
}

/// An article with what inserting it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedArticle {
    pub article: Article,
    /// Where a reader follows it (the help centre, or `kb:slug`).
    pub link: String,
    /// Its first paragraph, short.
    pub excerpt: String,
}

/// The suggestions and links of one ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketArticles {
    pub ticket: i64,
    pub suggested: Vec<Hit>,
    pub linked: Vec<Hit>,
}

/// Answers to [`KbRequest`]s.
#[derive(Debug, Clone, PartialEq)]
pub enum KbResponse {
    Categories {
        filter: KbFilter,
        categories: Vec<Category>,
    },
    Hits {
        list: KbList,
        filter: KbFilter,
        hits: Vec<Hit>,
    },
    Facets(Facets),
    Article {
        loaded: Box<LoadedArticle>,
        insert: Option<i64>,
    },
    ForTicket(TicketArticles),
    Linked {
        ticket: i64,
        new: bool,
    },
}

/// Runs one request; `clock` is "now" for the rollups a write settles.
pub fn handle(conn: &Connection, clock: &dyn Clock, request: &KbRequest) -> Result<KbResponse> {
    Ok(match request {
        KbRequest::Categories { filter } => KbResponse::Categories {
            filter: filter.clone(),
            categories: kb::categories(conn, filter)?,
        },
        KbRequest::Category { name, filter } => KbResponse::Hits {
            list: KbList::Category(name.clone()),
            filter: filter.clone(),
            hits: kb::list(
                conn,
                &KbFilter {
                    category: Some(name.clone()),
                    ..filter.clone()
                },
            )?,
        },
        KbRequest::Search { query, filter } => KbResponse::Hits {
            list: KbList::Search(query.clone()),
            filter: filter.clone(),
            hits: kb::search(conn, query, filter, SEARCH_LIMIT)?,
        },
        KbRequest::Facets => KbResponse::Facets(kb::facets(conn)?),
        KbRequest::Article { id, insert, view } => {
            let article = kb::get(conn, &id.to_string())?;
            // The view is a record of activity, not news for other
            // consoles (no figure counts an agent's view): written like
            // presence, and never in the way of reading the article.
            if let Some(view) = view
                && let Err(e) = store::write_presence(conn, clock, |tx| {
                    kb::record_view(tx, article.id, Reader::Agent(view.agent), view.now)
                })
            {
                tracing::warn!(article = article.id, error = %e, "an agent's article view was not recorded");
            }
            let link = kb::link_text(conn, &article)?;
            let excerpt = kb::excerpt(&article.body, EXCERPT_CHARS);
            KbResponse::Article {
                loaded: Box::new(LoadedArticle {
                    article,
                    link,
                    excerpt,
                }),
                insert: *insert,
            }
        }
        KbRequest::ForTicket { ticket } => KbResponse::ForTicket(TicketArticles {
            ticket: *ticket,
            suggested: kb::suggest(conn, *ticket, SUGGESTIONS)?,
            linked: kb::linked(conn, *ticket)?,
        }),
        KbRequest::Link {
            ticket,
            article,
            agent,
            now,
        } => {
            let new = store::write_shared(conn, clock, |tx| {
                kb::link(tx, *ticket, *article, *agent, *now)
            })?;
            KbResponse::Linked {
                ticket: *ticket,
                new,
            }
        }
    })
}

/// What the left list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KbList {
    Categories,
    Category(String),
    /// Results for this text.
    Search(String),
    /// The articles suggested for this ticket.
    Suggested(i64),
}
