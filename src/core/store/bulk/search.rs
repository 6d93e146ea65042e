//! The ticket search indexes of a bulk load, built on a second thread.
//!
//! Tokenising a million tickets' text is about a third of a million-ticket
//! generation, all of it on the writing thread when the indexes are filled
//! from `ticket_search_text` at the end. [`SearchBuilder`] takes each
//! ticket's document while the rows are written, indexes it into the same
//! FTS5 tables (their own `CREATE VIRTUAL TABLE` text) in a private
//! temporary database on another thread, and at the end copies the indexes'
//! rows into the caller's empty tables: one insert per stored page instead
//! of the tokenising.
//!
//! The documents must be what the view gives (subject; customer name,
//! e-mail and organisation; the messages' bodies in thread order), and
//! nothing may change a ticket's text between its document and
//! [`SearchBuilder::finish`]; `tests/exchange/generate.rs` compares the
//! result with indexes filled from the view.

use std::sync::mpsc;

use rusqlite::types::Value;
use rusqlite::{Connection, Transaction};

use super::rows::MultiInsert;
use crate::store::{Result, StoreError};

/// The indexes built, in the view's columns; `open_tickets_fts` holds only
/// the active tickets.
const INDEXES: [&str; 2] = ["tickets_fts", "open_tickets_fts"];

/// A ticket's searchable text, as `ticket_search_text` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: i64,
    /// New, open, pending or on hold (`tickets.is_active`).
    pub active: bool,
    pub subject: String,
    /// `name email organisation`, absent parts empty.
    pub customer: String,
    /// The bodies joined by spaces; `None` without messages.
    pub messages: Option<String>,
}

/// The `messages` of a ticket's document as `ticket_search_text` reads
/// them back: the bodies (given with their times, in insertion order) in
/// thread order, by time and then insertion, one space between; `None`
/// for a ticket without messages.
pub fn thread_text(mut thread: Vec<(i64, &str)>) -> Option<String> {
    thread.sort_by_key(|&(at, _)| at);
    (!thread.is_empty()).then(|| {
        let mut text = String::with_capacity(thread.iter().map(|(_, b)| b.len() + 1).sum());
        for (i, (_, body)) in thread.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(body);
        }
        text
    })
}

/// Documents staged before they are indexed by one statement: every
/// statement into an FTS5 table ends by writing its pending terms out as a
/// new segment, so a statement per document would make a million segments.
const STAGED: usize = 50_000;
/// Documents per multi-row insert into the staging table.
const STAGE_ROWS: usize = 32;
/// Rows of the built indexes handed back at a time.
const COPY_CHUNK: usize = 2_048;

/// A shadow table's rows, on their way back to the caller's database.
struct Rows {
    table: String,
    columns: usize,
    rows: Vec<Vec<Value>>,
}

/// Builds the ticket search indexes on a second thread (see the module).
pub struct SearchBuilder {
    definitions: Vec<String>,
    docs: Option<mpsc::SyncSender<Vec<Document>>>,
    rows: mpsc::Receiver<Rows>,
    worker: Option<std::thread::JoinHandle<rusqlite::Result<()>>>,
}

impl SearchBuilder {
    /// Starts the thread, with the indexes' definitions read from `tx`.
    pub fn start(tx: &Transaction<'_>) -> Result<SearchBuilder> {
        let mut definitions = Vec::with_capacity(INDEXES.len());
        for name in INDEXES {
            let sql: String = tx.query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [name],
                |r| r.get(0),
            )?;
            definitions.push(sql);
        }
        // Room for more documents than the thread indexes at once, so the
        // writer does not wait while it does; bounded, so memory stays
        // bounded when the thread falls behind.
        let (docs, docs_in) = mpsc::sync_channel::<Vec<Document>>(64);
        let (rows_out, rows) = mpsc::sync_channel::<Rows>(4);
        let worker = {
            let definitions = definitions.clone();
            std::thread::spawn(move || build(&definitions, &docs_in, &rows_out))
        };
        Ok(SearchBuilder {
            definitions,
            docs: Some(docs),
            rows,
            worker: Some(worker),
        })
    }

    /// Hands over some tickets' documents.
    pub fn feed(&mut self, docs: Vec<Document>) {
        if let Some(sender) = &self.docs {
            // A closed channel means the thread failed: finish says so.
            let _ = sender.send(docs);
        }
    }

    /// Puts the built indexes in place of the caller's, which must be
    /// empty (a desk without tickets).
    pub fn finish(mut self, tx: &Transaction<'_>) -> Result<()> {
        self.docs = None;
        for (name, definition) in INDEXES.iter().zip(&self.definitions) {
            // Made again from its definition, so that this connection holds
            // nothing of the old table: FTS5 keeps an index's structure in
            // memory between statements, and would not see the copied one.
            // The structure and totals the new table starts with give way to
            // the copied ones.
            tx.execute_batch(&format!("DROP TABLE {name}"))?;
            tx.execute_batch(definition)?;
            tx.execute_batch(&format!(
                "DELETE FROM {name}_data; DELETE FROM {name}_idx; DELETE FROM {name}_docsize;"
            ))?;
        }
        let mut copied = Ok(());
        for batch in &self.rows {
            copied = copy(tx, &batch);
            if copied.is_err() {
                break;
            }
        }
        // Dropping the receiver first lets a thread blocked on sending end.
        drop(self.rows);
        let built = match self.worker.take().map(std::thread::JoinHandle::join) {
            Some(Ok(built)) => built,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(()),
        };
        copied?;
        Ok(built?)
    }
}

/// Inserts one batch of a shadow table's rows.
fn copy(tx: &Transaction<'_>, batch: &Rows) -> Result<()> {
    if !batch
        .table
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(StoreError::Constraint(format!(
            "unexpected search table {:?}",
            batch.table
        )));
    }
    let mut insert = MultiInsert::new(
        tx,
        &format!("INSERT OR FAIL INTO {}", batch.table),
        batch.columns,
        64,
    )?;
    insert.write(&batch.rows, |b, row| {
        for value in row {
            b.put(value)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The thread: indexes the documents as they come, then sends the rows of
/// every shadow table that holds the index (not the configuration, which
/// the caller's tables have already, from the same definition).
fn build(
    definitions: &[String],
    docs: &mpsc::Receiver<Vec<Document>>,
    out: &mpsc::SyncSender<Rows>,
) -> rusqlite::Result<()> {
    // An empty name is a private temporary database on disk: pages beyond
    // the cache go to a file, not to memory.
    let mut conn = Connection::open("")?;
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;
         CREATE TABLE staged (id INTEGER PRIMARY KEY, active INTEGER, subject TEXT,
                              customer TEXT, messages TEXT);",
    )?;
    for sql in definitions {
        conn.execute_batch(sql)?;
    }
    let tx = conn.transaction()?;
    {
        let mut stage = MultiInsert::new(
            &tx,
            "INSERT INTO staged (id, active, subject, customer, messages)",
            5,
            STAGE_ROWS,
        )?;
        let mut staged = 0;
        for batch in docs {
            stage.write(&batch, |b, d| {
                b.put(&d.id)?;
                b.put(&d.active)?;
                b.put(&d.subject)?;
                b.put(&d.customer)?;
                b.put(&d.messages)
            })?;
            staged += batch.len();
            if staged >= STAGED {
                index_staged(&tx)?;
                staged = 0;
            }
        }
        index_staged(&tx)?;
    }
    // FTS5 keeps the last terms in memory until the transaction ends.
    tx.commit()?;
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND (name LIKE 'tickets\\_fts\\_%' ESCAPE '\\' OR name LIKE 'open\\_tickets\\_fts\\_%' ESCAPE '\\')
             AND name NOT LIKE '%\\_config' ESCAPE '\\'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let columns = stmt.column_count();
        let mut query = stmt.query([])?;
        let mut rows = Vec::with_capacity(COPY_CHUNK);
        while let Some(row) = query.next()? {
            rows.push(
                (0..columns)
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            );
            if rows.len() == COPY_CHUNK {
                let full = std::mem::replace(&mut rows, Vec::with_capacity(COPY_CHUNK));
                if out
                    .send(Rows {
                        table: table.clone(),
                        columns,
                        rows: full,
                    })
                    .is_err()
                {
                    return Ok(());
                }
            }
        }
        if out
            .send(Rows {
                table: table.clone(),
                columns,
                rows,
            })
            .is_err()
        {
            return Ok(());
        }
    }
    tracing::info!(cpu = ?super::thread_cpu(), "bulk load: search thread done");
    Ok(())
}

/// Indexes the staged documents in one statement per index, then empties
/// the staging table.
fn index_staged(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "INSERT INTO tickets_fts(rowid, subject, customer, messages)
         SELECT id, subject, customer, messages FROM staged ORDER BY id;
         INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
         SELECT id, subject, customer, messages FROM staged WHERE active ORDER BY id;
         DELETE FROM staged;",
    )
}
