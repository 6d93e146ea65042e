//! Reading a desk in: all or nothing, in one IMMEDIATE transaction. A bad
//! element is reported with the file, the line it starts on, the field and
//! what was expected, and the database is left as it was. Importing the same
//! file twice adds nothing the second time: tickets are keyed by external id,
//! agents by name, customers by e-mail, articles by slug, canned responses by
//! shortcut, surveys and views by their whole content.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::store::rights::{self, Right};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::model::Document;
use crate::store::bulk::{self, SecondaryIndexes};
use crate::store::settings;
use crate::text::clean_line;

mod batch;
mod desk;
mod parse;
mod tickets;
mod unique;

pub use parse::parse_json;

/// What is wrong with an imported file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub line: Option<usize>,
    /// Like `tickets[3].status`; empty for the file as a whole.
    pub field: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if !self.field.is_empty() {
            write!(f, ", {}", self.field)?;
        }
        write!(f, ": {}. Nothing was imported.", self.message)
    }
}

impl std::error::Error for ImportError {}

/// What an import added and passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ImportReport {
    pub teams: u64,
    pub agents: u64,
    pub customers: u64,
    pub tickets: u64,
    pub tickets_skipped: u64,
    pub messages: u64,
    pub events: u64,
    pub canned_responses: u64,
    pub kb_articles: u64,
    pub surveys: u64,
    pub kb_views: u64,
}

/// Where each element starts, for errors: (section, index) → line.
#[derive(Debug, Default)]
pub struct Origins {
    pub file: String,
    pub lines: HashMap<(&'static str, usize), usize>,
}

impl Origins {
    fn error(
        &self,
        section: &'static str,
        index: usize,
        field: &str,
        message: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: self.file.clone(),
            line: self.lines.get(&(section, index)).copied(),
            field: if field.is_empty() {
                format!("{section}[{index}]")
            } else {
                format!("{section}[{index}].{field}")
            },
            message: message.into(),
        }
    }
}

/// Either the file's fault (exit code 2) or the database's.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("{0}")]
    Input(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl From<rusqlite::Error> for ImportFailure {
    fn from(e: rusqlite::Error) -> Self {
        ImportFailure::Store(e.into())
    }
}

type Result<T> = std::result::Result<T, ImportFailure>;

/// Imports a parsed document in one IMMEDIATE transaction, as the system.
pub fn import(
    conn: &mut Connection,
    doc: &Document,
    origins: &Origins,
    now: i64,
) -> Result<ImportReport> {
    import_as(conn, doc, origins, now, None)
}

/// What importing `doc` needs of the one who imports it: a document with
/// settings, SLA policies, teams, agents, canned responses, articles,
/// surveys or history in agents' names (messages, events, work sessions,
/// article views) is a whole desk (admins: nobody else writes history as
/// someone else); tickets handed to a team or an agent are reassigning
/// (supervisors); new tickets alone are work (agents).
pub fn right_needed(doc: &Document) -> Right {
    let history_as_others = doc.tickets.iter().any(|t| {
        t.events.iter().any(|e| e.agent.is_some())
            || !t.work_sessions.is_empty()
            || t.kb_links.iter().any(|l| l.agent.is_some())
            || t.messages.iter().any(|m| m.agent.is_some())
    });
    if doc.settings.is_some()
        || !doc.sla_policies.is_empty()
        || !doc.teams.is_empty()
        || !doc.agents.is_empty()
        || !doc.canned_responses.is_empty()
        || !doc.kb_articles.is_empty()
        || !doc.kb_views.is_empty()
        || !doc.surveys.is_empty()
        || history_as_others
    {
        Right::ManageDesk
    } else if doc
        .tickets
        .iter()
        .any(|t| t.team.is_some() || t.assignee.is_some())
    {
        Right::Reassign
    } else {
        Right::WorkTickets
    }
}

/// [`import`] as `actor` (`None`: the system): the document's right
/// ([`right_needed`]) is required first, and links reaching into existing
/// tickets pass the team fence, all in the import's transaction.
pub fn import_as(
    conn: &mut Connection,
    doc: &Document,
    origins: &Origins,
    now: i64,
    actor: Option<i64>,
) -> Result<ImportReport> {
    import_with(conn, doc, origins, now, actor, DEFER_INDEXES_FROM)
}

/// [`import_as`], setting the indexes aside from `defer_from` new tickets
/// on (when they at least double the desk); tests take both paths with it.
pub fn import_with(
    conn: &mut Connection,
    doc: &Document,
    origins: &Origins,
    now: i64,
    actor: Option<i64>,
    defer_from: usize,
) -> Result<ImportReport> {
    unique::check(doc, origins)?;
    // A big file into a desk without tickets (a migration, a restore from an
    // export) is written once through a rollback journal, as the generator
    // does; WAL comes back whatever happens ([`bulk::leave_wal`]).
    let left_wal = doc.tickets.len() >= defer_from && no_tickets(conn)? && bulk::leave_wal(conn);
    let result = import_in_one_transaction(conn, doc, origins, now, actor, defer_from);
    if left_wal {
        let back = bulk::back_to_wal(conn);
        let report = result?;
        back?;
        return Ok(report);
    }
    result
}

/// Whether the desk holds no ticket yet.
fn no_tickets(conn: &Connection) -> Result<bool> {
    Ok(
        conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM tickets)", [], |r| {
            r.get(0)
        })?,
    )
}

/// The import itself: all of it, or nothing.
fn import_in_one_transaction(
    conn: &mut Connection,
    doc: &Document,
    origins: &Origins,
    now: i64,
    actor: Option<i64>,
    defer_from: usize,
) -> Result<ImportReport> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    rights::require(&tx, actor, right_needed(doc), None)?;
    let next_ticket: i64 =
        tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM tickets", [], |r| {
            r.get(0)
        })?;
    let report = Importer {
        tx: &tx,
        actor,
        origins,
        report: ImportReport::default(),
        now,
        next_ticket,
        defer_from,
        assigned: HashSet::new(),
        customers: HashMap::new(),
    }
    .run(doc)?;
    // The rollups are refreshed at the wall clock's "now", not the import's
    // `now` (which stamps what the import records).
    crate::store::settle(&tx, &crate::clock::SystemClock)?;
    tx.commit()?;
    Ok(report)
}

struct Importer<'a> {
    tx: &'a Transaction<'a>,
    /// Who imports (`None`: the system), for the team fence on existing tickets.
    actor: Option<i64>,
    origins: &'a Origins,
    report: ImportReport,
    now: i64,
    /// The id the next ticket without one of its own gets.
    next_ticket: i64,
    /// See [`import_with`].
    defer_from: usize,
    /// Ticket ids this import gave out.
    assigned: HashSet<i64>,
    /// Customers by the keys tickets use: (id, language).
    customers: HashMap<String, (i64, String)>,
}

/// Fewer new tickets than this are written with the indexes kept up to date
/// row by row; more, and the plain indexes and triggers are set aside and
/// built again at the end (see [`crate::store::bulk`]).
pub const DEFER_INDEXES_FROM: usize = 1_000;

pub(super) fn minutes(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

impl Importer<'_> {
    pub(super) fn err(
        &self,
        section: &'static str,
        index: usize,
        field: &str,
        message: impl Into<String>,
    ) -> ImportFailure {
        self.origins.error(section, index, field, message).into()
    }

    pub(super) fn id_of(&self, sql: &str, key: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached(sql)?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Whether `table` has a row with this id.
    pub(super) fn row_exists(&self, table: &str, id: i64) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"
            ))?
            .query_row([id], |r| r.get(0))?)
    }

    pub(super) fn agent(&self, name: &str) -> Result<Option<i64>> {
        self.id_of("SELECT id FROM agents WHERE name = ?1", name)
    }

    pub(super) fn known_agent(
        &self,
        name: &Option<String>,
        section: &'static str,
        i: usize,
        field: &str,
    ) -> Result<Option<i64>> {
        match name {
            None => Ok(None),
            Some(n) => match self.agent(n)? {
                Some(id) => Ok(Some(id)),
                None => Err(self.err(
                    section,
                    i,
                    field,
                    format!("no agent named '{n}'; add it under agents"),
                )),
            },
        }
    }

    fn run(mut self, doc: &Document) -> Result<ImportReport> {
        if let Some(s) = &doc.settings {
            self.settings(s)?;
        }
        self.sla_policies(&doc.sla_policies)?;
        for team in &doc.teams {
            self.report.teams += self.tx.execute(
                "INSERT OR IGNORE INTO teams (name) VALUES (?1)",
                [clean_line(&team.name)],
            )? as u64;
        }
        self.agents(&doc.agents)?;
        self.customers(doc)?;
        self.kb_articles(&doc.kb_articles)?;
        self.canned(&doc.canned_responses)?;
        let calendar = settings::calendar(self.tx)?;
        let policies = settings::sla_policies(self.tx)?;
        let existing: i64 = self
            .tx
            .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;
        let new_tickets = self.new_tickets(doc)?;
        // Set the indexes aside when the import at least doubles the desk by
        // a few thousand tickets: one sort then beats row-by-row upkeep.
        let deferred = (new_tickets >= self.defer_from && new_tickets as i64 >= existing)
            .then(|| SecondaryIndexes::drop(self.tx, bulk::IMPORTED_TABLES))
            .transpose()?;
        let mut added = Vec::new();
        {
            let mut writer = batch::Writer::new(self.tx, deferred.is_none())?;
            for (i, ticket) in doc.tickets.iter().enumerate() {
                if self.ticket(i, ticket, &calendar, &policies, &mut writer)? {
                    added.push(i);
                }
            }
            writer.flush()?;
        }
        let deferred_rollups = deferred.is_some();
        if let Some(indexes) = deferred {
            indexes.rebuild(self.tx)?;
        }
        for i in added {
            self.links(i, &doc.tickets[i])?;
        }
        self.surveys(&doc.surveys)?;
        self.kb_views(&doc.kb_views)?;
        if deferred_rollups {
            // The dirty marks' triggers were set aside with the indexes:
            // every rollup is computed again, in this transaction.
            // At the wall clock's "now", as `settle` refreshes them.
            use crate::clock::Clock as _;
            let now = crate::clock::SystemClock.now().timestamp();
            crate::store::rollups::rebuild(self.tx, now)?;
        }
        Ok(self.report)
    }

    /// How many tickets of `doc` are not in the desk yet.
    fn new_tickets(&self, doc: &Document) -> Result<usize> {
        let mut n = 0;
        for t in &doc.tickets {
            if self.ticket_id(&clean_line(&t.external_id))?.is_none() {
                n += 1;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod rights_tests {
    use super::*;

    fn doc(ticket_extra: &str) -> Document {
        serde_json::from_str(&format!(
            r#"{{"format":"loket-desk","version":1,
                "customers":[{{"name":"Eva","email":"e@x.nl"}}],
                "tickets":[{{"external_id":"x1","subject":"Hi","customer":"e@x.nl","channel":"email",
                             "status":"new","priority":"normal","created_at":"2026-11-23T09:00:00Z"{ticket_extra}}}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn history_in_someone_elses_name_is_a_whole_desks_import() {
        assert_eq!(right_needed(&doc("")), Right::WorkTickets);
        assert_eq!(right_needed(&doc(r#","team":"Billing""#)), Right::Reassign);
        assert_eq!(
            right_needed(&doc(
                r#","messages":[{"author":"agent","agent":"ada","kind":"public","body":"Done","at":"2026-11-23T09:05:00Z"}]"#
            )),
            Right::ManageDesk
        );
        assert_eq!(
            right_needed(&doc(
                r#","events":[{"kind":"created","at":"2026-11-23T09:00:00Z"}]"#
            )),
            Right::WorkTickets,
            "the system's own events name nobody"
        );
    }
}
