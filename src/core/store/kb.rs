//! The knowledge base: articles in Markdown, ranked full-text search
//! (bm25 over title, body and tags, the title weighing most), suggestions
//! for a ticket, links from tickets to articles, and views (self-service or
//! an agent's). The FTS index `kb_fts` is kept in step by triggers, so every
//! write here updates it in the same transaction.

use std::collections::HashSet;
use std::sync::LazyLock;

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

/// One article by id or slug.
pub fn get(conn: &Connection, key: &str) -> Result<Article> {
    let key = key.trim();
    let by_id = key.parse::<i64>().ok();
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM kb_articles k LEFT JOIN agents a ON a.id = k.author_id
         WHERE k.id = ?1 OR k.slug = ?2 ORDER BY k.id = ?1 DESC LIMIT 1"
    ))?
    .query_row(params![by_id, key], map)
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: format!("article '{key}'"),
    })
}

/// Every article, in id order (for export).
pub fn all(conn: &Connection) -> Result<Vec<Article>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM kb_articles k LEFT JOIN agents a ON a.id = k.author_id ORDER BY k.id"
        ))?
        .query_map([], map)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A slug from a title: lower-case ASCII letters and digits joined by `-`,
/// accents dropped ("Géén retour" → "geen-retour").
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = fold(c);
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A Latin letter without its accent, else the letter itself.
fn fold(c: char) -> char {
    const FROM: &str = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ";
    const TO: &str = "aaaaaaceeeeiiiinoooooouuuuyy";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

fn validate(new: &NewArticle) -> Result<(String, NewArticle)> {
    let refuse = |what: String| Err(StoreError::Constraint(what));
    let title = clean_line(&new.title).trim().to_string();
    // One line break at the end, so files and the database agree.
    let body = format!("{}\n", clean_block(&new.body).trim_end());
    let category = clean_line(&new.category).trim().to_string();
    if title.is_empty() {
        return refuse("an article needs a title".into());
    }
    if body.trim().is_empty() {
        return refuse(format!("the article '{title}' has no text"));
    }
    if category.is_empty() {
        return refuse(format!(
            "the article '{title}' needs a category, like billing or shipping"
        ));
    }
    let visibility = new.visibility.trim().to_lowercase();
    if !matches!(visibility.as_str(), "internal" | "public") {
        return refuse(format!(
            "'{}' is not a visibility; use internal or public",
            new.visibility
        ));
    }
    let language = new.language.trim().to_lowercase();
    if language.len() != 2 || !language.chars().all(|c| c.is_ascii_lowercase()) {
        return refuse(format!(
            "'{}' is not a language code; use two letters, like en or nl",
            new.language
        ));
    }
    let slug = match new.slug.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let s = s.to_lowercase();
            if s != slugify(&s) {
                return refuse(format!(
                    "'{s}' is not a slug; use lower-case letters, digits and dashes, like {}",
                    slugify(&s)
                ));
            }
            s
        }
        None => slugify(&title),
    };
    if slug.is_empty() || slug.parse::<i64>().is_ok() {
        return refuse(format!(
            "'{title}' gives no usable slug; give one (letters and dashes)"
        ));
    }
    let mut tags: Vec<String> = Vec::new();
    for t in &new.tags {
        let t = super::names::normalise_tag(t);
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    Ok((
        slug,
        NewArticle {
            slug: None,
            title,
            body,
            category,
            department: new
                .department
                .as_deref()
                .map(clean_line)
                .filter(|d| !d.trim().is_empty()),
            tags,
            language,
            visibility,
            faq: new.faq,
            author_id: new.author_id,
            created_at: new.created_at,
            updated_at: new.updated_at,
        },
    ))
}

/// Adds an article; its slug must be new. Returns its id.
pub fn add(conn: &Connection, new: &NewArticle, now: i64) -> Result<i64> {
    let (slug, a) = validate(new)?;
    if id_of_slug(conn, &slug)?.is_some() {
        return Err(StoreError::Constraint(format!(
            "an article with the slug '{slug}' exists; give another slug, or use kb import to replace it"
        )));
    }
    insert(conn, &slug, &a, now)
}

/// Adds the article, or replaces the one with the same slug (keeping its id,
/// links and views). Returns its id and whether it was new.
pub fn save(conn: &Connection, new: &NewArticle, now: i64) -> Result<(i64, bool)> {
    let (slug, a) = validate(new)?;
    match id_of_slug(conn, &slug)? {
        None => Ok((insert(conn, &slug, &a, now)?, true)),
        Some(id) => {
            conn.execute(
                "UPDATE kb_articles SET title = ?2, body = ?3, category = ?4, department = ?5, tags = ?6,
                        language = ?7, visibility = ?8, faq = ?9, author_id = coalesce(?10, author_id),
                        created_at = coalesce(?11, created_at), updated_at = ?12
                 WHERE id = ?1",
                params![
                    id,
                    a.title,
                    a.body,
                    a.category,
                    a.department,
                    tags_json(&a.tags),
                    a.language,
                    a.visibility,
                    a.faq,
                    a.author_id,
                    a.created_at,
                    a.updated_at.unwrap_or(now)
                ],
            )?;
            Ok((id, false))
        }
    }
}

fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

fn id_of_slug(conn: &Connection, slug: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM kb_articles WHERE slug = ?1", [slug], |r| {
            r.get(0)
        })
        .optional()?)
}

fn insert(conn: &Connection, slug: &str, a: &NewArticle, now: i64) -> Result<i64> {
    let created = a.created_at.unwrap_or(now);
    conn.execute(
        "INSERT INTO kb_articles (slug, title, body, category, department, tags, language, visibility, faq,
                                  author_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            slug,
            a.title,
            a.body,
            a.category,
            a.department,
            tags_json(&a.tags),
            a.language,
            a.visibility,
            a.faq,
            a.author_id,
            created,
            a.updated_at.unwrap_or(created.max(now))
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Removes an article (its links and views go with it).
pub fn remove(conn: &Connection, key: &str) -> Result<Article> {
    let found = get(conn, key)?;
    conn.execute("DELETE FROM kb_articles WHERE id = ?1", [found.id])?;
    Ok(found)
}

/// A filter value that says something: trimmed, and not empty.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The filter as SQL conditions on `k`, numbered from `first`.
fn conditions(filter: &KbFilter, first: usize) -> (String, Vec<Value>) {
    let mut parts = Vec::new();
    let mut values = Vec::new();
    let mut bind = |sql: &str, v: String| {
        values.push(Value::Text(v));
        parts.push(sql.replace('?', &format!("?{}", first + values.len() - 1)));
    };
    if let Some(c) = given(&filter.category) {
        bind("k.category = ? COLLATE NOCASE", c.to_string());
    }
    if let Some(d) = given(&filter.department) {
        bind("k.department = ? COLLATE NOCASE", d.to_string());
    }
    if let Some(t) = filter.tag.as_deref() {
        let t = super::names::normalise_tag(t);
        if !t.is_empty() {
            bind(
                "EXISTS (SELECT 1 FROM json_each(k.tags) j WHERE j.value = ?)",
                t,
            );
        }
    }
    if let Some(l) = given(&filter.language) {
        bind("k.language = ?", l.to_lowercase());
    }
    if let Some(v) = given(&filter.visibility) {
        bind("k.visibility = ?", v.to_lowercase());
    }
    let sql = parts
        .iter()
        .map(|p| format!(" AND {p}"))
        .collect::<String>();
    (sql, values)
}

/// The categories with their article counts (under `filter`), by name.
pub fn categories(conn: &Connection, filter: &KbFilter) -> Result<Vec<Category>> {
    let (cond, values) = conditions(
        &KbFilter {
            category: None,
            ..filter.clone()
        },
        1,
    );
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT k.category, count(*) FROM kb_articles k WHERE 1{cond} GROUP BY k.category ORDER BY k.category"
    ))?;
    Ok(stmt
        .query_map(rusqlite::params_from_iter(values.iter()), |r| {
            Ok(Category {
                name: clean_line(&r.get::<_, String>(0)?),
                count: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The articles under `filter`: FAQ entries first, then by title.
pub fn list(conn: &Connection, filter: &KbFilter) -> Result<Vec<Hit>> {
    let (cond, values) = conditions(filter, 1);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT k.id, k.slug, k.title, k.category, k.language, k.visibility, k.faq, 0.0, substr(k.body, 1, 400)
         FROM kb_articles k WHERE 1{cond} ORDER BY k.faq DESC, k.title COLLATE NOCASE, k.id"
    ))?;
    // The snippet of a plain list is the article's first paragraph.
    Ok(stmt
        .query_map(rusqlite::params_from_iter(values.iter()), |r| {
            let mut h = hit(r)?;
            h.snippet = excerpt(&r.get::<_, String>(8)?, 120);
            h.highlights.clear();
            Ok(h)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The values articles have, to filter by: each list distinct and sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Facets {
    pub departments: Vec<String>,
    pub languages: Vec<String>,
    pub tags: Vec<String>,
    pub visibilities: Vec<String>,
}

/// The departments, languages, tags and visibilities present in the
/// knowledge base.
pub fn facets(conn: &Connection) -> Result<Facets> {
    let strings = |sql: &str| -> Result<Vec<String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|v| v.map(|s| clean_line(&s)))
            .collect::<rusqlite::Result<_>>()?)
    };
    Ok(Facets {
        departments: strings(
            "SELECT min(department) FROM kb_articles WHERE trim(coalesce(department, '')) <> ''
             GROUP BY department COLLATE NOCASE ORDER BY 1 COLLATE NOCASE",
        )?,
        languages: strings("SELECT DISTINCT language FROM kb_articles ORDER BY 1")?,
        tags: strings(
            "SELECT DISTINCT j.value FROM kb_articles k, json_each(k.tags) j
             WHERE j.type = 'text' AND j.value <> '' ORDER BY 1",
        )?,
        visibilities: strings("SELECT DISTINCT visibility FROM kb_articles ORDER BY 1")?,
    })
}

fn hit(r: &rusqlite::Row<'_>) -> rusqlite::Result<Hit> {
    let (snippet, highlights) = marked(&r.get::<_, String>(8)?);
    Ok(Hit {
        id: r.get(0)?,
        slug: clean_line(&r.get::<_, String>(1)?),
        title: clean_line(&r.get::<_, String>(2)?),
        category: clean_line(&r.get::<_, String>(3)?),
        language: r.get(4)?,
        visibility: r.get(5)?,
        faq: r.get(6)?,
        score: -r.get::<_, f64>(7)?,
        snippet,
        highlights,
    })
}

/// A snippet without its marks and Markdown signs, and where the marks were
/// (in characters of the result).
fn marked(raw: &str) -> (String, Vec<[usize; 2]>) {
    let mut out = String::new();
    let mut count = 0;
    let mut start = None;
    let mut ranges = Vec::new();
    let mut space = false;
    for c in raw.chars() {
        match c {
            MARK_START => {
                if space && count > 0 {
                    out.push(' ');
                    count += 1;
                }
                space = false;
                start = Some(count);
            }
            MARK_END => {
                if let Some(s) = start.take() {
                    ranges.push([s, count]);
                }
            }
            '#' | '*' | '`' | '>' | '|' => {}
            c if c.is_whitespace() => space = true,
            c if c.is_control() => {}
            c => {
                if space && count > 0 {
                    out.push(' ');
                    count += 1;
                }
                space = false;
                out.push(c);
                count += 1;
            }
        }
    }
    (out, ranges)
}

/// Ranked search: every word must match (the last may be the start of a
/// word), title matches weigh most. Whatever `text` holds, it is searched
/// as words: an empty list, never an error, when nothing can match.
pub fn search(conn: &Connection, text: &str, filter: &KbFilter, limit: i64) -> Result<Vec<Hit>> {
    let Some(query) = super::fts::all_words(text, true) else {
        return Ok(Vec::new());
    };
    ranked(conn, &query, filter, limit)
}

fn ranked(conn: &Connection, query: &str, filter: &KbFilter, limit: i64) -> Result<Vec<Hit>> {
    let (cond, mut values) = conditions(filter, 3);
    values.insert(0, Value::Text(query.to_string()));
    values.insert(1, Value::Integer(limit.max(0)));
    let sql = format!(
        "SELECT k.id, k.slug, k.title, k.category, k.language, k.visibility, k.faq,
                bm25(kb_fts, {WEIGHTS}) AS rank,
                snippet(kb_fts, 1, char(2), char(3), '…', 14)
         FROM kb_fts JOIN kb_articles k ON k.id = kb_fts.rowid
         WHERE kb_fts MATCH ?1{cond}
         ORDER BY rank, k.id LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_map(rusqlite::params_from_iter(values.iter()), hit)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Words too common to say what a ticket is about, English and Dutch: one
/// word a line in `assets/kb/`, so the lists are edited as data, read once.
static STOPWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        include_str!("../../../assets/kb/stopwords-en.txt"),
        include_str!("../../../assets/kb/stopwords-nl.txt"),
    ]
    .into_iter()
    .flat_map(str::lines)
    .map(str::trim)
    .filter(|w| !w.is_empty())
    .collect()
});

/// The words that say what a text is about, most telling first: the
/// subject (with the tags) counts three times, each customer message once.
pub fn salient_words(subject: &str, messages: &[String], max: usize) -> Vec<String> {
    let mut counts: Vec<(String, u32)> = Vec::new();
    let mut add = |text: &str, weight: u32| {
        for w in super::fts::words(text) {
            let w = w.to_lowercase();
            if w.chars().count() < 3
                || w.chars().all(|c| c.is_numeric())
                || STOPWORDS.contains(w.as_str())
            {
                continue;
            }
            match counts.iter_mut().find(|(k, _)| *k == w) {
                Some((_, n)) => *n += weight,
                None => counts.push((w, weight)),
            }
        }
    };
    add(subject, 3);
    for m in messages {
        add(m, 1);
    }
    // Stable: ties keep the order the words first appeared in.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().take(max).map(|(w, _)| w).collect()
}

/// The articles that best answer a ticket, from its subject and the
/// customer's messages, in the ticket's language.
pub fn suggest(conn: &Connection, ticket: i64, limit: i64) -> Result<Vec<Hit>> {
    let (subject, language): (String, String) = conn
        .query_row(
            "SELECT subject, language FROM tickets WHERE id = ?1",
            [ticket],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("ticket {ticket}"),
        })?;
    let messages: Vec<String> = conn
        .prepare_cached(
            "SELECT body FROM messages WHERE ticket_id = ?1 AND author = 'customer'
             ORDER BY created_at, id LIMIT 20",
        )?
        .query_map([ticket], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let tags: Vec<String> = conn
        .prepare_cached("SELECT tag FROM ticket_tags WHERE ticket_id = ?1 ORDER BY tag")?
        .query_map([ticket], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Tags say what the ticket is about as plainly as its subject does.
    let about = format!("{subject} {}", tags.join(" "));
    let words = salient_words(&about, &messages, 12);
    let Some(query) = super::fts::any_word(words.iter().map(String::as_str)) else {
        return Ok(Vec::new());
    };
    let filter = KbFilter {
        language: Some(language),
        ..KbFilter::default()
    };
    let hits = ranked(conn, &query, &filter, limit)?;
    // Far weaker matches than the best share only a common word or two.
    let best = hits.first().map_or(0.0, |h| h.score);
    Ok(hits
        .into_iter()
        .filter(|h| h.score >= best * RELEVANT_SHARE)
        .collect())
}

/// A suggestion scores at least this share of the best one.
const RELEVANT_SHARE: f64 = 0.35;

/// The articles linked from a ticket, newest link first.
pub fn linked(conn: &Connection, ticket: i64) -> Result<Vec<Hit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.slug, k.title, k.category, k.language, k.visibility, k.faq, 0.0, ''
         FROM ticket_kb_links l JOIN kb_articles k ON k.id = l.article_id
         WHERE l.ticket_id = ?1 ORDER BY l.at DESC, k.id",
    )?;
    Ok(stmt
        .query_map([ticket], hit)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Records that an article was linked in a reply on a ticket; `false` when
/// it was linked already.
pub fn link(
    conn: &Connection,
    ticket: i64,
    article: i64,
    agent: Option<i64>,
    now: i64,
) -> Result<bool> {
    super::rights::require(conn, agent, super::rights::Right::WorkTickets, Some(ticket))?;
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM tickets WHERE id = ?1)",
        [ticket],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(StoreError::NotFound {
            what: format!("ticket {ticket}"),
        });
    }
    get(conn, &article.to_string())?;
    Ok(conn.execute(
        "INSERT OR IGNORE INTO ticket_kb_links (ticket_id, article_id, agent_id, at) VALUES (?1, ?2, ?3, ?4)",
        params![ticket, article, agent, now],
    )? == 1)
}

/// Who read an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// A customer on their own, without opening a ticket (self-service).
    SelfService { customer: Option<i64> },
    /// An agent looking it up.
    Agent(Option<i64>),
}

/// Records a view of an article. Returns the view's id.
pub fn record_view(conn: &Connection, article: i64, reader: Reader, now: i64) -> Result<i64> {
    let (self_service, customer, agent) = match reader {
        Reader::SelfService { customer } => (true, customer, None),
        Reader::Agent(agent) => (false, None, agent),
    };
    conn.execute(
        "INSERT INTO kb_views (article_id, self_service, customer_id, agent_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![article, self_service, customer, agent, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// How many views an article has had: (self-service, by agents).
pub fn view_counts(conn: &Connection, article: i64) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(self_service = 1), 0), coalesce(sum(self_service = 0), 0) FROM kb_views WHERE article_id = ?1",
        [article],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The link a reply gives for an article: the help centre's address for
/// public articles, `kb:slug` (for agents) for internal ones.
pub fn link_text(conn: &Connection, article: &Article) -> Result<String> {
    if article.visibility != "public" {
        return Ok(format!("kb:{}", article.slug));
    }
    let base = super::settings::get(conn, BASE_URL_KEY)?.unwrap_or_default();
    if base.trim().is_empty() {
        return Ok(format!("kb:{}", article.slug));
    }
    let sep = if base.ends_with('/') { "" } else { "/" };
    Ok(format!("{}{sep}{}", base.trim(), article.slug))
}

/// The first paragraph of a Markdown text as plain text, cut at a word
/// boundary to at most `max` characters (with `…` when cut).
pub fn excerpt(markdown: &str, max: usize) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => break,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    let text = clean_line(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    if let Some(space) = cut.rfind(' ').filter(|i| *i > max / 2) {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

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
