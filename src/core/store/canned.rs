//! Canned responses: prepared replies with placeholders and optional actions.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{Result, StoreError};
use crate::domain::{Priority, Status};
use crate::text::{clean_block, clean_line};

/// A canned response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Canned {
    pub id: i64,
    pub title: String,
    pub shortcut: String,
    pub body: String,
    pub language: String,
    pub set_status: Option<Status>,
    pub set_priority: Option<Priority>,
    pub add_tags: Vec<String>,
}

/// A canned response to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCanned {
    pub title: String,
    pub shortcut: String,
    pub body: String,
    pub language: String,
    pub set_status: Option<Status>,
    pub set_priority: Option<Priority>,
    pub add_tags: Vec<String>,
}

const COLUMNS: &str = "id, title, shortcut, body, language, set_status, set_priority, add_tags";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Canned> {
    Ok(Canned {
        id: r.get(0)?,
        title: clean_line(&r.get::<_, String>(1)?),
        shortcut: clean_line(&r.get::<_, String>(2)?),
        body: clean_block(&r.get::<_, String>(3)?),
        language: r.get(4)?,
        set_status: r.get(5)?,
        set_priority: r.get(6)?,
        add_tags: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
    })
}

/// Every canned response, by title.
pub fn list(conn: &Connection) -> Result<Vec<Canned>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM canned_responses ORDER BY title COLLATE NOCASE, id"
        ))?
        .query_map([], map)?
        .collect::<rusqlite::Result<_>>()?)
}

/// One canned response by id or shortcut.
pub fn find(conn: &Connection, key: &str) -> Result<Canned> {
    let by_id = key.parse::<i64>().ok();
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM canned_responses WHERE id = ?1 OR shortcut = ?2 ORDER BY id = ?1 DESC LIMIT 1"
    ))?
    .query_row(params![by_id, key], map)
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: format!("canned response '{key}'"),
    })
}

/// Adds a canned response; its shortcut must be new.
pub fn add(conn: &Connection, new: &NewCanned, now: i64) -> Result<i64> {
    let shortcut = clean_line(&new.shortcut);
    if shortcut.is_empty() || shortcut.contains(' ') {
        return Err(StoreError::Constraint(format!(
            "'{shortcut}' is not a shortcut; use one word, like refund-nl"
        )));
    }
    if clean_block(&new.body).trim().is_empty() || clean_line(&new.title).is_empty() {
        return Err(StoreError::Constraint(
            "a canned response needs a title and a body".into(),
        ));
    }
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM canned_responses WHERE shortcut = ?1)",
        [&shortcut],
        |r| r.get(0),
    )?;
    if exists {
        return Err(StoreError::Constraint(format!(
            "the shortcut '{shortcut}' is taken; pick another or remove the old one first"
        )));
    }
    let tags: Vec<String> = new
        .add_tags
        .iter()
        .map(|t| super::names::normalise_tag(t))
        .collect();
    conn.execute(
        "INSERT INTO canned_responses (title, shortcut, body, language, set_status, set_priority, add_tags, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            clean_line(&new.title),
            shortcut,
            clean_block(&new.body),
            new.language,
            new.set_status,
            new.set_priority,
            serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Removes a canned response by id or shortcut.
pub fn remove(conn: &Connection, key: &str) -> Result<Canned> {
    let found = find(conn, key)?;
    conn.execute("DELETE FROM canned_responses WHERE id = ?1", [found.id])?;
    Ok(found)
}
