//! Finding articles: the filters, categories and facets, and ranked
//! full-text search (bm25, the title weighing most) with marked snippets.

// The article types, the row mapping and the imports they need are the
// parent's ([`super`]).
use super::*;

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
        let t = crate::store::names::normalise_tag(t);
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

pub(super) fn hit(r: &rusqlite::Row<'_>) -> rusqlite::Result<Hit> {
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
pub(super) fn marked(raw: &str) -> (String, Vec<[usize; 2]>) {
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
    let Some(query) = crate::store::fts::all_words(text, true) else {
        return Ok(Vec::new());
    };
    ranked(conn, &query, filter, limit)
}

pub(super) fn ranked(
    conn: &Connection,
    query: &str,
    filter: &KbFilter,
    limit: i64,
) -> Result<Vec<Hit>> {
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
