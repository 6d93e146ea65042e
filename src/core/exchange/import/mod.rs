//! Reading a desk in: all or nothing, in one IMMEDIATE transaction. A bad
//! element is reported with the file, the line it starts on, the field and
//! what was expected, and the database is left as it was. Importing the same
//! file twice adds nothing the second time: tickets are keyed by external id,
//! agents by name, customers by e-mail, articles by slug, canned responses by
//! shortcut, surveys and views by their whole content.
//!
//! A file's tickets come one at a time ([`TicketStream`]: [`JsonTickets`]
//! or `csv_import::CsvTickets`, or [`DocTickets`] over a document in
//! memory), checked as they come ([`Importer::admit`]: the key once in
//! the file, the right their history needs, already in the desk?) and
//! written in batches; links wait until every ticket is in.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::store::rights::{self, Right};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::model::{Document, Ticket};
use super::progress::{self, Progress, Silent, Step};
use crate::store::bulk::{self, SecondaryIndexes};
use crate::store::settings;
use crate::text::clean_line;

mod ahead;
mod batch;
mod desk;
mod feed;
mod parse;
mod scan;
mod search;
mod tickets;
mod unique;

pub use ahead::read_ahead;
pub use parse::{JsonFile, JsonTickets, open_json, parse_json};

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

/// A document's tickets one at a time, in file order: (the index in the
/// file's `tickets`, the line the ticket starts on, the ticket).
pub trait TicketStream {
    /// How many tickets there are in all (for the choice of path and for
    /// progress).
    fn total(&self) -> usize;
    fn next_ticket(&mut self) -> std::result::Result<Option<(usize, usize, Ticket)>, ImportError>;
}

/// The tickets of a document held in memory.
pub struct DocTickets<'d> {
    tickets: &'d [Ticket],
    origins: &'d Origins,
    next: usize,
}

impl<'d> DocTickets<'d> {
    pub fn new(doc: &'d Document, origins: &'d Origins) -> Self {
        DocTickets {
            tickets: &doc.tickets,
            origins,
            next: 0,
        }
    }
}

impl TicketStream for DocTickets<'_> {
    fn total(&self) -> usize {
        self.tickets.len()
    }

    fn next_ticket(&mut self) -> std::result::Result<Option<(usize, usize, Ticket)>, ImportError> {
        let Some(t) = self.tickets.get(self.next) else {
            return Ok(None);
        };
        let index = self.next;
        self.next += 1;
        let line = self
            .origins
            .lines
            .get(&("tickets", index))
            .copied()
            .unwrap_or(0);
        Ok(Some((index, line, t.clone())))
    }
}

/// Imports a parsed document in one IMMEDIATE transaction, as the system.
pub fn import(
    conn: &mut Connection,
    doc: &Document,
    origins: &Origins,
    now: i64,
) -> Result<ImportReport> {
    import_as(conn, doc, origins, now, None)
}

/// The right a ticket's history needs of the one who imports it (see
/// [`right_needed`]).
fn ticket_right(t: &Ticket) -> Right {
    let history_as_others = t.events.iter().any(|e| e.agent.is_some())
        || !t.work_sessions.is_empty()
        || t.kb_links.iter().any(|l| l.agent.is_some())
        || t.messages.iter().any(|m| m.agent.is_some());
    if history_as_others {
        Right::ManageDesk
    } else if t.team.is_some() || t.assignee.is_some() {
        Right::Reassign
    } else {
        Right::WorkTickets
    }
}

/// The right the sections other than the tickets need.
fn sections_right(doc: &Document) -> Right {
    if doc.settings.is_some()
        || !doc.sla_policies.is_empty()
        || !doc.teams.is_empty()
        || !doc.agents.is_empty()
        || !doc.canned_responses.is_empty()
        || !doc.kb_articles.is_empty()
        || !doc.kb_views.is_empty()
        || !doc.surveys.is_empty()
    {
        Right::ManageDesk
    } else {
        Right::WorkTickets
    }
}

/// 0, 1, 2 for work, reassigning, the whole desk: each holds the ones below.
fn level(right: Right) -> u8 {
    match right {
        Right::ManageDesk => 2,
        Right::Reassign => 1,
        _ => 0,
    }
}

/// What importing `doc` needs of the one who imports it: a document with
/// settings, SLA policies, teams, agents, canned responses, articles,
/// surveys or history in agents' names (messages, events, work sessions,
/// article views) is a whole desk (admins: nobody else writes history as
/// someone else); tickets handed to a team or an agent are reassigning
/// (supervisors); new tickets alone are work (agents).
pub fn right_needed(doc: &Document) -> Right {
    doc.tickets
        .iter()
        .map(ticket_right)
        .chain([sections_right(doc)])
        .max_by_key(|r| level(*r))
        .unwrap_or(Right::WorkTickets)
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
    let mut tickets = DocTickets::new(doc, origins);
    import_stream(
        conn,
        doc,
        origins,
        &mut tickets,
        Options {
            now,
            actor,
            defer_from,
        },
        &mut Silent,
    )
}

/// How an import runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Stamps what the import records (customers' and agents' creation).
    pub now: i64,
    /// Who imports (`None`: the system).
    pub actor: Option<i64>,
    /// See [`import_with`]; [`DEFER_INDEXES_FROM`] outside tests.
    pub defer_from: usize,
}

/// Imports `sections` (a document whose `tickets` are not read) and the
/// tickets of `tickets`, one at a time, all in one transaction: the
/// streaming form of [`import_with`], telling `progress` how far it is.
/// A file's tickets are checked as they come, so an error in the last one
/// still leaves the desk exactly as it was.
pub fn import_stream(
    conn: &mut Connection,
    sections: &Document,
    origins: &Origins,
    tickets: &mut dyn TicketStream,
    options: Options,
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    unique::check(sections, origins)?;
    // A big file into a desk without tickets (a migration, a restore from an
    // export) is written once through a rollback journal, as the generator
    // does; WAL comes back whatever happens ([`bulk::leave_wal`]).
    let left_wal =
        tickets.total() >= options.defer_from && no_tickets(conn)? && bulk::leave_wal(conn);
    let result = import_in_one_transaction(conn, sections, origins, tickets, options, progress);
    // On a busy machine the wall time says more about other programs; the
    // writing thread's CPU is what the import waits for.
    tracing::info!(cpu = ?bulk::thread_cpu(), ok = result.is_ok(), "import: writing thread done");
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
    sections: &Document,
    origins: &Origins,
    tickets: &mut dyn TicketStream,
    options: Options,
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let held = sections_right(sections);
    rights::require(&tx, options.actor, held, None)?;
    let next_ticket: i64 =
        tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM tickets", [], |r| {
            r.get(0)
        })?;
    let report = Importer {
        tx: &tx,
        actor: options.actor,
        held: level(held),
        origins,
        report: ImportReport::default(),
        now: options.now,
        next_ticket,
        defer_from: options.defer_from,
        assigned: HashSet::new(),
        customers: HashMap::new(),
        keys: HashMap::new(),
        since_pending: HashMap::new(),
        current: (usize::MAX, 0),
        links: Vec::new(),
        teams: HashMap::new(),
        agents: HashMap::new(),
        feeder: None,
        search: None,
        works: Vec::new(),
        survey_facts: HashMap::new(),
    }
    .run(sections, tickets, progress)?;
    // The rollups are refreshed at the wall clock's "now", not the import's
    // `now` (which stamps what the import records).
    crate::store::settle(&tx, &crate::clock::SystemClock)?;
    progress.step(Step::Committing);
    tx.commit()?;
    Ok(report)
}

struct Importer<'a> {
    tx: &'a Transaction<'a>,
    /// Who imports (`None`: the system), for the team fence on existing tickets.
    actor: Option<i64>,
    /// The highest right required so far ([`level`]).
    held: u8,
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
    /// Tickets' keys seen in the file: (index, line), to refuse a second,
    /// and the ticket's id (0 until it is written), for links and surveys.
    keys: HashMap<Box<str>, (u32, u32, i64)>,
    /// Customers added without a `since`, by their key in lower case: their
    /// id and their first ticket's time so far.
    since_pending: HashMap<String, (i64, i64)>,
    /// The ticket being read: (index, line), for its errors.
    current: (usize, usize),
    /// Links of the added tickets, made once every ticket is in.
    links: Vec<tickets::LinkWork>,
    /// Teams and agents by name, looked up once each.
    teams: HashMap<String, Option<i64>>,
    agents: HashMap<String, Option<i64>>,
    /// Into a desk without tickets, the rollups are summed while the
    /// tickets are written ([`feed`]); the tickets not handed over yet.
    feeder: Option<crate::store::rollups::Feeder>,
    /// Into a desk without tickets, the ticket search indexes' documents
    /// ([`search`]).
    search: Option<search::Search>,
    works: Vec<crate::kpi::rollup::TicketWork>,
    /// Survey answers by ticket key, for the feeder.
    survey_facts: HashMap<String, Vec<crate::kpi::facts::SurveyFact>>,
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
        let mut e = self.origins.error(section, index, field, message);
        // A document built in memory may have no lines (0): then none.
        if section == "tickets" && self.current.0 == index && self.current.1 > 0 {
            e.line = Some(self.current.1);
        }
        e.into()
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

    pub(super) fn agent(&mut self, name: &str) -> Result<Option<i64>> {
        let sql = "SELECT id FROM agents WHERE name = ?1";
        known_id(self.tx, &mut self.agents, sql, name)
    }

    pub(super) fn team(&mut self, name: &str) -> Result<Option<i64>> {
        known_id(
            self.tx,
            &mut self.teams,
            "SELECT id FROM teams WHERE name = ?1",
            name,
        )
    }

    pub(super) fn known_agent(
        &mut self,
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

    fn run(
        mut self,
        doc: &Document,
        tickets: &mut dyn TicketStream,
        progress: &mut dyn Progress,
    ) -> Result<ImportReport> {
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
        let total = tickets.total();
        // Read ahead to the first few thousand new tickets to choose the
        // path: the share of new ones among those read, over the whole file.
        let mut ahead = Vec::new();
        let mut read = 0usize;
        let mut ended = false;
        while ahead.len() < self.defer_from.max(1) {
            let Some(next) = tickets.next_ticket()? else {
                ended = true;
                break;
            };
            read += 1;
            if self.admit(next.0, next.1, &next.2)? {
                ahead.push(next);
            }
        }
        let new_tickets = if ended {
            ahead.len()
        } else {
            ahead.len().saturating_mul(total) / read.max(1)
        };
        // Set the indexes aside when the import at least doubles the desk by
        // a few thousand tickets: one sort then beats row-by-row upkeep.
        let deferred = (new_tickets >= self.defer_from && new_tickets as i64 >= existing)
            .then(|| SecondaryIndexes::drop(self.tx, bulk::IMPORTED_TABLES))
            .transpose()?;
        // At the wall clock's "now", as `settle` refreshes them.
        let rollups_now = {
            use crate::clock::Clock as _;
            crate::clock::SystemClock.now().timestamp()
        };
        if deferred.is_some() && existing == 0 {
            // The rollup tables hold nothing for a desk without tickets;
            // emptied all the same, as a rebuild does, for the feeder.
            self.tx.execute_batch(
                "DELETE FROM rollups; DELETE FROM rollup_tickets; DELETE FROM rollup_values;
                 DELETE FROM rollup_dirty;",
            )?;
            self.survey_facts = feed::surveys_by_ticket(&doc.surveys);
            self.feeder = Some(crate::store::rollups::Feeder::start(
                calendar.clone(),
                rollups_now,
            ));
            // The search indexes are empty too: built on a second thread
            // from the tickets as they are written, as the generator does.
            self.search = Some(search::Search::start(self.tx)?);
        }
        {
            let mut writer = batch::Writer::new(self.tx, deferred.is_none())?;
            for (i, line, ticket) in ahead {
                self.current = (i, line);
                self.ticket(i, &ticket, &calendar, &policies, &mut writer)?;
            }
            let total = total as u64;
            progress.tickets(read as u64, total);
            while let Some((i, line, ticket)) = tickets.next_ticket()? {
                read += 1;
                if (read as u64).is_multiple_of(progress::EVERY) {
                    progress.tickets(read as u64, total);
                }
                if self.admit(i, line, &ticket)? {
                    self.ticket(i, &ticket, &calendar, &policies, &mut writer)?;
                }
            }
            writer.flush()?;
            progress.tickets(read as u64, total);
        }
        self.feed()?;
        if let Some(feeder) = &mut self.feeder {
            // The thread sorts its sums while the indexes are built.
            feeder.close();
        }
        self.since_from_tickets()?;
        // Before the indexes are built again, so that the surveys and views
        // go in without theirs too; nothing here looks a row up by them.
        progress.step(Step::Links);
        for work in std::mem::take(&mut self.links) {
            self.links(work)?;
        }
        self.surveys(&doc.surveys)?;
        self.kb_views(&doc.kb_views)?;
        let deferred_rollups = deferred.is_some();
        if let Some(indexes) = deferred {
            progress.step(Step::Indexes);
            match self.search.take() {
                Some(search) => indexes.rebuild_with(self.tx, search.finish())?,
                None => indexes.rebuild(self.tx)?,
            }
        }
        if let Some(feeder) = self.feeder.take() {
            progress.step(Step::Rollups);
            feeder.finish(self.tx)?;
            // The links and surveys just added marked their tickets; the
            // sums already hold them.
            self.tx.execute_batch("DELETE FROM rollup_dirty")?;
        } else if deferred_rollups {
            progress.step(Step::Rollups);
            // The dirty marks' triggers were set aside with the indexes:
            // every rollup is computed again, in this transaction.
            crate::store::rollups::rebuild(self.tx, rollups_now)?;
        }
        Ok(self.report)
    }

    /// Checks a ticket's key (present, once in the file) and the right its
    /// history needs; `false` when it is already in the desk (passed over).
    fn admit(&mut self, i: usize, line: usize, t: &Ticket) -> Result<bool> {
        const S: &str = "tickets";
        self.current = (i, line);
        let external_id = clean_line(&t.external_id);
        if external_id.is_empty() {
            return Err(self.err(S, i, "external_id", "every ticket needs an external id"));
        }
        let here = (
            u32::try_from(i).unwrap_or(u32::MAX),
            u32::try_from(line).unwrap_or(u32::MAX),
        );
        if let Some(&(first, first_line, _)) = self.keys.get(external_id.as_str()) {
            return Err(self.err(
                S,
                i,
                "external_id",
                format!(
                    "'{external_id}' is already the key of tickets[{first}], line {first_line}; a key appears once in a file"
                ),
            ));
        }
        let key: Box<str> = external_id.into_boxed_str();
        self.keys.insert(key.clone(), (here.0, here.1, 0));
        let needed = ticket_right(t);
        if level(needed) > self.held {
            rights::require(self.tx, self.actor, needed, None)?;
            self.held = level(needed);
        }
        if !self.since_pending.is_empty()
            && let Some(e) = self.since_pending.get_mut(&t.customer.to_lowercase())
        {
            e.1 = e.1.min(t.created_at.timestamp());
        }
        // The key an export writes (`loket-<id>` for a ticket without an
        // external id) finds the ticket it was written for.
        if let Some(id) = self.ticket_id(&key)? {
            if let Some(entry) = self.keys.get_mut(&key) {
                entry.2 = id;
            }
            self.report.tickets_skipped += 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// Customers added without a `since` date start at their first ticket.
    fn since_from_tickets(&mut self) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare("UPDATE customers SET since = ?2, created_at = ?2 WHERE id = ?1")?;
        for (id, first) in self.since_pending.values() {
            if *first != i64::MAX {
                stmt.execute([*id, *first])?;
            }
        }
        Ok(())
    }
}

/// The id of an agent or team by name, looked up once. Only found names
/// are kept: the import may add the others.
fn known_id(
    tx: &Transaction<'_>,
    known: &mut HashMap<String, Option<i64>>,
    sql: &str,
    name: &str,
) -> Result<Option<i64>> {
    if let Some(id) = known.get(name) {
        return Ok(*id);
    }
    let id = tx
        .prepare_cached(sql)?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if id.is_some() {
        known.insert(name.to_string(), id);
    }
    Ok(id)
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
