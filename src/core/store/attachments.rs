//! Files on thread entries, canned responses and outgoing mail. Contents are
//! kept once per SHA-256 in `blobs`, so the same invoice on ten mails is
//! stored once; each use is a row of `attachments` with its own name.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Result, StoreError};
use crate::text::clean_line;

/// What an attachment hangs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Message(i64),
    Canned(i64),
    Outbox(i64),
}

/// A file to attach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment<'a> {
    pub name: &'a str,
    pub content_type: &'a str,
    pub data: &'a [u8],
    pub inline: bool,
}

/// One attachment as listed (without its contents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub inline: bool,
    pub hash: String,
}

/// An attachment from the columns id, name, content_type, size, inline,
/// hash starting at column `at`; name and type cleaned as every shown text.
fn read(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(at)?,
        name: clean_line(&r.get::<_, String>(at + 1)?),
        content_type: clean_line(&r.get::<_, String>(at + 2)?),
        size: r.get(at + 3)?,
        inline: r.get(at + 4)?,
        hash: r.get(at + 5)?,
    })
}

/// The SHA-256 of `data`, in hex.
pub fn hash_of(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A file name safe to show and to save under: the last path component,
/// cleaned of control characters, never empty, `.` or `..`.
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned = clean_line(last);
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        "attachment".to_string()
    } else {
        cleaned.to_string()
    }
}

/// Attaches a file to `owner`, storing its contents unless a blob with the
/// same hash is there already. Returns the attachment's id.
pub fn add(conn: &Connection, owner: Owner, file: &NewAttachment<'_>, now: i64) -> Result<i64> {
    let hash = hash_of(file.data);
    let existing: Option<i64> = conn
        .prepare_cached("SELECT id FROM blobs WHERE hash = ?1")?
        .query_row([&hash], |r| r.get(0))
        .optional()?;
    let blob = match existing {
        Some(id) => id,
        None => {
            conn.prepare_cached("INSERT INTO blobs (hash, size, data) VALUES (?1, ?2, ?3)")?
                .execute(params![hash, file.data.len() as i64, file.data])?;
            conn.last_insert_rowid()
        }
    };
    let (message, canned, outbox) = match owner {
        Owner::Message(id) => (Some(id), None, None),
        Owner::Canned(id) => (None, Some(id), None),
        Owner::Outbox(id) => (None, None, Some(id)),
    };
    let content_type = Some(clean_line(file.content_type))
        .filter(|t| t.contains('/'))
        .unwrap_or_else(|| "application/octet-stream".to_string());
    conn.prepare_cached(
        "INSERT INTO attachments (message_id, canned_id, outbox_id, blob_id, name, content_type, size, inline, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        message,
        canned,
        outbox,
        blob,
        safe_name(file.name),
        content_type,
        file.data.len() as i64,
        file.inline,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The attachments of `owner`, in the order they were added.
pub fn list(conn: &Connection, owner: Owner) -> Result<Vec<Attachment>> {
    let (column, id) = match owner {
        Owner::Message(id) => ("message_id", id),
        Owner::Canned(id) => ("canned_id", id),
        Owner::Outbox(id) => ("outbox_id", id),
    };
    let sql = format!(
        "SELECT a.id, a.name, a.content_type, a.size, a.inline, b.hash
         FROM attachments a JOIN blobs b ON b.id = a.blob_id
         WHERE a.{column} = ?1 ORDER BY a.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([id], |r| read(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The contents of attachment `id`.
pub fn contents(conn: &Connection, id: i64) -> Result<(Attachment, Vec<u8>)> {
    conn.prepare_cached(
        "SELECT a.id, a.name, a.content_type, a.size, a.inline, b.hash, b.data
         FROM attachments a JOIN blobs b ON b.id = a.blob_id WHERE a.id = ?1",
    )?
    .query_row([id], |r| Ok((read(r, 0)?, r.get(6)?)))
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: format!("attachment {id}"),
    })
}

/// The attachments of every thread entry of `ticket`, by message id, in
/// one query (the thread view reads them with the ticket).
pub fn for_ticket(conn: &Connection, ticket: i64) -> Result<Vec<(i64, Attachment)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.message_id, a.id, a.name, a.content_type, a.size, a.inline, b.hash
         FROM messages m
         JOIN attachments a ON a.message_id = m.id
         JOIN blobs b ON b.id = a.blob_id
         WHERE m.ticket_id = ?1 ORDER BY a.id",
    )?;
    let rows = stmt.query_map([ticket], |r| Ok((r.get(0)?, read(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Attaches the contents of attachment `id` (a canned response's file, say)
/// to `owner` as well, sharing its blob. Returns the new attachment's id.
pub fn add_copy(conn: &Connection, id: i64, owner: Owner, now: i64) -> Result<i64> {
    let (message, canned, outbox) = match owner {
        Owner::Message(id) => (Some(id), None, None),
        Owner::Canned(id) => (None, Some(id), None),
        Owner::Outbox(id) => (None, None, Some(id)),
    };
    let added = conn
        .prepare_cached(
            "INSERT INTO attachments (message_id, canned_id, outbox_id, blob_id, name, content_type, size, inline, created_at)
             SELECT ?2, ?3, ?4, blob_id, name, content_type, size, inline, ?5 FROM attachments WHERE id = ?1",
        )?
        .execute(params![id, message, canned, outbox, now])?;
    if added == 0 {
        return Err(StoreError::NotFound {
            what: format!("attachment {id}"),
        });
    }
    Ok(conn.last_insert_rowid())
}

/// A file going onto a reply: read from disk, or stored already (a canned
/// response's file, whose contents are shared, not copied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyFile {
    New {
        name: String,
        content_type: String,
        data: Vec<u8>,
    },
    Stored {
        id: i64,
        name: String,
        size: i64,
    },
}

impl ReplyFile {
    pub fn name(&self) -> &str {
        match self {
            ReplyFile::New { name, .. } | ReplyFile::Stored { name, .. } => name,
        }
    }

    pub fn size(&self) -> u64 {
        match self {
            ReplyFile::New { data, .. } => data.len() as u64,
            ReplyFile::Stored { size, .. } => u64::try_from(*size).unwrap_or(0),
        }
    }
}

/// Puts a reply's files on its thread entry `message`, in the reply's
/// transaction, each checked against `mail.max_attachment` (outgoing mail
/// sends the entry's files). Returns the attachments' ids.
pub fn attach_reply_files(
    conn: &Connection,
    message: i64,
    files: &[ReplyFile],
    now: i64,
) -> Result<Vec<i64>> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let limit = crate::mail::settings::MailSettings::load(conn)?.max_attachment;
    let mut ids = Vec::with_capacity(files.len());
    for file in files {
        check_size(file.name(), file.size(), limit)?;
        ids.push(match file {
            ReplyFile::New {
                name,
                content_type,
                data,
            } => add(
                conn,
                Owner::Message(message),
                &NewAttachment {
                    name,
                    content_type,
                    data,
                    inline: false,
                },
                now,
            )?,
            ReplyFile::Stored { id, .. } => add_copy(conn, *id, Owner::Message(message), now)?,
        });
    }
    Ok(ids)
}

/// Refuses a file over the desk's attachment limit (`mail.max_attachment`),
/// naming the file, its size and the limit.
pub fn check_size(name: &str, size: u64, limit: u64) -> Result<()> {
    if size > limit {
        return Err(StoreError::Constraint(format!(
            "{} is {}, over the desk's attachment limit of {}; attach a smaller file, or raise the limit with `loket mail setup` (mail.max_attachment)",
            safe_name(name),
            human_size(size),
            human_size(limit)
        )));
    }
    Ok(())
}

/// A size as people read it: 512 B, 2.4 KB, 10 MB (powers of 1000, as
/// `mail.max_attachment` reads them).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if value >= 10.0 || value.fract() < 0.05 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    fn desk() -> Connection {
        let conn = store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'eva@example.nl', 0, 0);
             INSERT INTO tickets (id, subject, customer_id, channel, status, priority, created_at, updated_at)
                 VALUES (7, 'Printer', 1, 'email', 'open', 'normal', 0, 0);
             INSERT INTO messages (id, ticket_id, author, kind, body, created_at) VALUES (1, 7, 'customer', 'public', 'a', 0);
             INSERT INTO messages (id, ticket_id, author, kind, body, created_at) VALUES (2, 7, 'customer', 'public', 'b', 0);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn the_same_contents_are_stored_once() {
        let conn = desk();
        let pdf = NewAttachment {
            name: "../../etc/invoice.pdf",
            content_type: "application/pdf",
            data: b"%PDF-1.4 invoice",
            inline: false,
        };
        let a = add(&conn, Owner::Message(1), &pdf, 5).unwrap();
        add(
            &conn,
            Owner::Message(2),
            &NewAttachment {
                name: "copy.pdf",
                ..pdf.clone()
            },
            6,
        )
        .unwrap();
        let blobs: i64 = conn
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(blobs, 1);
        let listed = list(&conn, Owner::Message(1)).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].name, "invoice.pdf", "no path survives in a name");
        assert_eq!(listed[0].size, 16);
        let (meta, data) = contents(&conn, a).unwrap();
        assert_eq!(meta.hash, hash_of(b"%PDF-1.4 invoice"));
        assert_eq!(data, b"%PDF-1.4 invoice");
        assert_eq!(list(&conn, Owner::Message(2)).unwrap()[0].name, "copy.pdf");
    }

    #[test]
    fn names_and_types_are_made_safe() {
        assert_eq!(safe_name(".."), "attachment");
        assert_eq!(safe_name("C:\\Users\\x\\photo.jpg"), "photo.jpg");
        assert_eq!(safe_name("evil\u{202e}gpj.exe"), "evilgpj.exe");
        let conn = desk();
        let id = add(
            &conn,
            Owner::Message(1),
            &NewAttachment {
                name: "x",
                content_type: "nonsense",
                data: b"",
                inline: true,
            },
            1,
        )
        .unwrap();
        let (meta, _) = contents(&conn, id).unwrap();
        assert_eq!(meta.content_type, "application/octet-stream");
        assert!(meta.inline);
        assert!(matches!(
            contents(&conn, 99),
            Err(StoreError::NotFound { .. })
        ));
    }
    #[test]
    fn a_tickets_files_come_in_one_query_and_copies_share_the_blob() {
        let conn = desk();
        let file = NewAttachment {
            name: "scan.png",
            content_type: "image/png",
            data: b"png",
            inline: true,
        };
        let first = add(&conn, Owner::Message(2), &file, 1).unwrap();
        add(
            &conn,
            Owner::Message(1),
            &NewAttachment {
                name: "b.txt",
                ..file.clone()
            },
            2,
        )
        .unwrap();
        let all = for_ticket(&conn, 7).unwrap();
        assert_eq!(
            all.iter()
                .map(|(m, a)| (*m, a.name.as_str()))
                .collect::<Vec<_>>(),
            vec![(2, "scan.png"), (1, "b.txt")]
        );
        let copy = add_copy(&conn, first, Owner::Message(1), 3).unwrap();
        let (meta, data) = contents(&conn, copy).unwrap();
        assert_eq!(
            (meta.name.as_str(), data.as_slice()),
            ("scan.png", b"png".as_slice())
        );
        assert!(matches!(
            add_copy(&conn, 99, Owner::Message(1), 3),
            Err(StoreError::NotFound { .. })
        ));
        let blobs: i64 = conn
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(blobs, 1);
    }

    #[test]
    fn the_limit_names_the_file_its_size_and_the_limit() {
        assert!(check_size("a.pdf", 10, 10).is_ok());
        let err = check_size("big.iso", 12_000_000, 10_000_000)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("big.iso") && err.contains("12 MB") && err.contains("10 MB"),
            "{err}"
        );
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2400), "2.4 KB");
        assert_eq!(human_size(25_000_000), "25 MB");
    }
}
