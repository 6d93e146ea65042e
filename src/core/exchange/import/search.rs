//! The ticket search indexes of an import into a desk without tickets,
//! built on a second thread ([`SearchBuilder`], the generator's) from the
//! rows as they are written, instead of tokenising every ticket's text on
//! the writing thread once the indexes are back.
//!
//! Each document is what `ticket_search_text` shows for the rows written:
//! the cleaned subject; the customer's `name email organisation` as the
//! view joins them (read from the desk once, where the customers were
//! written before any ticket); the bodies in thread order (by time, then as
//! written, the order of the view's scan of `messages_ticket`). Nothing the
//! import does after a ticket's rows changes that text (links, surveys and
//! a customer's `since` touch none of it). `tests/exchange/streaming.rs`
//! compares the indexes with ones filled from the view.

use std::collections::HashMap;

use rusqlite::Transaction;

use super::Result;
use super::batch::MessageRow;
use crate::store::bulk::search::{Document, SearchBuilder, thread_text};

/// Documents handed to the thread at a time.
const CHUNK: usize = 1_024;

pub(super) struct Search {
    builder: SearchBuilder,
    /// Each customer's text as the view joins it, by id.
    customers: HashMap<i64, String>,
    docs: Vec<Document>,
}

impl Search {
    pub fn start(tx: &Transaction<'_>) -> Result<Search> {
        let builder = SearchBuilder::start(tx)?;
        let mut customers = HashMap::new();
        let mut stmt = tx.prepare(
            "SELECT id, name || ' ' || coalesce(email, '') || ' ' || coalesce(organisation, '')
             FROM customers",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            customers.insert(r.get(0)?, r.get(1)?);
        }
        Ok(Search {
            builder,
            customers,
            docs: Vec::with_capacity(CHUNK),
        })
    }

    /// A ticket's document, from the rows written for it (`messages` in the
    /// order they are inserted).
    pub fn add(
        &mut self,
        id: i64,
        active: bool,
        subject: &str,
        customer: i64,
        messages: &[MessageRow],
    ) {
        let messages = thread_text(messages.iter().map(|m| (m.at, m.body.as_str())).collect());
        self.docs.push(Document {
            id,
            active,
            subject: subject.to_string(),
            customer: self.customers.get(&customer).cloned().unwrap_or_default(),
            messages,
        });
        if self.docs.len() >= CHUNK {
            let docs = std::mem::replace(&mut self.docs, Vec::with_capacity(CHUNK));
            self.builder.feed(docs);
        }
    }

    /// Hands over the last documents; the builder, for
    /// [`crate::store::bulk::SecondaryIndexes::rebuild_with`].
    pub fn finish(mut self) -> SearchBuilder {
        let docs = std::mem::take(&mut self.docs);
        if !docs.is_empty() {
            self.builder.feed(docs);
        }
        self.builder
    }
}
