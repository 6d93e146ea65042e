//! The knowledge base: articles in Markdown, ranked full-text search
//! (bm25 over title, body and tags, the title weighing most), suggestions
//! for a ticket, links from tickets to articles, and views (self-service or
//! an agent's). The FTS index `kb_fts` is kept in step by triggers, so every
//! write here updates it in the same transaction.
//!
//! | module          | role |
//! |-----------------|------|
//! | [`articles`]    | reading, validating, saving and removing articles |
//! | [`search`]      | filters, categories, facets, ranked search |
//! | [`suggestions`] | articles for a ticket, from its telling words |
//! | [`links`]       | ticket links, views, an article quoted in a reply |
//!
//! The types and the row mapping shared by all four are here.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{Result, StoreError};
use crate::text::{clean_block, clean_line};

/// The setting that holds where the public help centre serves articles.
pub const BASE_URL_KEY: &str = "kb_base_url";

/// How much a match weighs per column in bm25: title, body, tags.
const WEIGHTS: &str = "10.0, 1.0, 4.0";

/// Start and end of a highlighted word in FTS snippets (never in article text:
/// control characters are cleaned out where text enters).
const MARK_START: char = '\u{2}';
const MARK_END: char = '\u{3}';

/// One article in full. Text fields are cleaned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub category: String,
    pub department: Option<String>,
    pub tags: Vec<String>,
    pub language: String,
    /// `internal` or `public`.
    pub visibility: String,
    pub faq: bool,
    /// The author's login name.
    pub author: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An article to add or to replace (by slug).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewArticle {
    /// Made from the title when not given.
    pub slug: Option<String>,
    pub title: String,
    pub body: String,
    pub category: String,
    pub department: Option<String>,
    pub tags: Vec<String>,
    pub language: String,
    pub visibility: String,
    pub faq: bool,
    pub author_id: Option<i64>,
    /// When not given: now (and, on replace, the old creation time).
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
}

/// A line of a list or a search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub category: String,
    pub language: String,
    pub visibility: String,
    pub faq: bool,
    /// Higher is better (bm25, sign turned); 0 for plain lists.
    pub score: f64,
    /// A piece of the body around the matched words, Markdown marks removed.
    pub snippet: String,
    /// The matched words in `snippet`, as character ranges `[start, end)`.
    pub highlights: Vec<[usize; 2]>,
}

/// Narrows lists and searches. Empty fields do not filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct KbFilter {
    pub category: Option<String>,
    /// The department (case does not matter).
    pub department: Option<String>,
    pub tag: Option<String>,
    pub language: Option<String>,
    /// `internal` or `public`.
    pub visibility: Option<String>,
}

/// A category with how many articles it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    pub name: String,
    pub count: i64,
}

const COLUMNS: &str = "k.id, k.slug, k.title, k.body, k.category, k.department, k.tags, k.language,
     k.visibility, k.faq, a.name, k.created_at, k.updated_at";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Article> {
    Ok(Article {
        id: r.get(0)?,
        slug: clean_line(&r.get::<_, String>(1)?),
        title: clean_line(&r.get::<_, String>(2)?),
        body: clean_block(&r.get::<_, String>(3)?),
        category: clean_line(&r.get::<_, String>(4)?),
        department: r.get::<_, Option<String>>(5)?.map(|d| clean_line(&d)),
        tags: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
        language: r.get(7)?,
        visibility: r.get(8)?,
        faq: r.get(9)?,
        author: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

mod articles;
mod links;
mod search;
mod suggestions;

pub use articles::*;
pub use links::*;
pub use search::*;
pub use suggestions::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slugify("Géén retour? Lees dit!"), "geen-retour-lees-dit");
        assert_eq!(slugify("  --  "), "");
    }

    #[test]
    fn snippet_marks_become_ranges() {
        let (text, ranges) = marked("## Step\n\nthe \u{2}refund\u{3} **is** late");
        assert_eq!(text, "Step the refund is late");
        assert_eq!(ranges, vec![[9, 15]]);
    }

    #[test]
    fn excerpt_is_the_first_paragraph() {
        let md = "# Title\n\nFirst *para* with `code`.\n\nSecond.";
        assert_eq!(excerpt(md, 100), "First para with code.");
        assert_eq!(excerpt(md, 12), "First para…");
    }

    #[test]
    fn salient_words_drop_common_ones() {
        let words = salient_words(
            "Refund not received",
            &["Hallo, ik wacht nog op mijn refund van de retour".into()],
            5,
        );
        assert_eq!(words[0], "refund");
        assert!(words.contains(&"retour".to_string()));
        assert!(!words.iter().any(|w| w == "not" || w == "mijn"));
    }
}
