//! Articles: reading, validating and saving them, slugs.

// The article types, the row mapping and the imports they need are the
// parent's ([`super`]).
use super::*;

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
        let t = crate::store::names::normalise_tag(t);
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
