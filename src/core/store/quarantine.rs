//! Mail that could not be taken, kept raw (`mail_quarantine`): listed by
//! `loket mail failed`, taken in again by retry, removed by drop. One row
//! per Message-ID: the same refused mail delivered twice is kept once.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{Result, StoreError};
use crate::text::clean_line;

/// Why a mail is in quarantine (the stored word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// It is not an e-mail message loket can read.
    Unparsable,
    /// Over `mail.max_size`.
    TooLarge,
    /// Its sender wrote more than `mail.sender_limit` mails in an hour.
    RateLimited,
    /// A delivery report about no mail loket knows.
    UnmatchedBounce,
    /// Taking it failed for another reason (the detail says which).
    Failed,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Unparsable => "unparsable",
            Reason::TooLarge => "too_large",
            Reason::RateLimited => "rate_limited",
            Reason::UnmatchedBounce => "unmatched_bounce",
            Reason::Failed => "failed",
        }
    }
}

/// A mail to keep aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry<'a> {
    pub reason: Reason,
    pub detail: &'a str,
    pub sender: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub mail_id: Option<&'a str>,
    pub raw: &'a [u8],
    /// Where it came from: `stdin`, a Maildir file, `mbox#3`.
    pub source: Option<&'a str>,
}

/// One quarantined mail as listed (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: i64,
    pub reason: String,
    pub detail: String,
    pub sender: Option<String>,
    pub subject: Option<String>,
    pub mail_id: Option<String>,
    pub size: i64,
    pub source: Option<String>,
    pub received_at: i64,
    pub retried_at: Option<i64>,
}

/// Keeps a mail aside. Returns its row and whether it is new (false: the
/// same Message-ID was there already, and its row now says the latest).
pub fn add(conn: &Connection, entry: &NewEntry<'_>, now: i64) -> Result<(i64, bool)> {
    if let Some(mail_id) = entry.mail_id {
        let existing: Option<i64> = conn
            .prepare_cached("SELECT id FROM mail_quarantine WHERE mail_id = ?1")?
            .query_row([mail_id], |r| r.get(0))
            .optional()?;
        if let Some(id) = existing {
            conn.prepare_cached(
                "UPDATE mail_quarantine SET reason = ?2, detail = ?3 WHERE id = ?1",
            )?
            .execute(params![id, entry.reason.as_str(), entry.detail])?;
            return Ok((id, false));
        }
    }
    conn.prepare_cached(
        "INSERT INTO mail_quarantine (reason, detail, sender, subject, mail_id, size, raw, source, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        entry.reason.as_str(),
        clean_line(entry.detail),
        entry.sender.map(clean_line),
        entry.subject.map(clean_line),
        entry.mail_id,
        entry.raw.len() as i64,
        entry.raw,
        entry.source.map(clean_line),
        now
    ])?;
    Ok((conn.last_insert_rowid(), true))
}

/// Every quarantined mail, oldest first.
pub fn list(conn: &Connection) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, reason, detail, sender, subject, mail_id, size, source, received_at, retried_at
         FROM mail_quarantine ORDER BY received_at, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Entry {
            id: r.get(0)?,
            reason: r.get(1)?,
            detail: clean_line(&r.get::<_, String>(2)?),
            sender: r.get::<_, Option<String>>(3)?.map(|s| clean_line(&s)),
            subject: r.get::<_, Option<String>>(4)?.map(|s| clean_line(&s)),
            mail_id: r.get::<_, Option<String>>(5)?.map(|s| clean_line(&s)),
            size: r.get(6)?,
            source: r.get::<_, Option<String>>(7)?.map(|s| clean_line(&s)),
            received_at: r.get(8)?,
            retried_at: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ids of every quarantined mail, oldest first.
pub fn ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM mail_quarantine ORDER BY received_at, id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The raw bytes and source of quarantined mail `id`.
pub fn raw(conn: &Connection, id: i64) -> Result<(Vec<u8>, Option<String>)> {
    conn.prepare_cached("SELECT raw, source FROM mail_quarantine WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| not_found(id))
}

/// Removes quarantined mail `id` (dropped, or taken on a retry).
pub fn remove(conn: &Connection, id: i64) -> Result<()> {
    let gone = conn
        .prepare_cached("DELETE FROM mail_quarantine WHERE id = ?1")?
        .execute([id])?;
    if gone == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

/// Forgets the quarantined copies of a mail that was taken after all (the
/// MTA delivered it again once the cause was gone).
pub fn forget(conn: &Connection, mail_id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM mail_quarantine WHERE mail_id = ?1")?
        .execute([mail_id])?;
    Ok(())
}

/// Notes a retry that failed again, with the new reason.
pub fn retried(conn: &Connection, id: i64, reason: Reason, detail: &str, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE mail_quarantine SET reason = ?2, detail = ?3, retried_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, reason.as_str(), clean_line(detail), now])?;
    Ok(())
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: format!("quarantined mail {id} (see `loket mail failed`)"),
    }
}
