//! The import's rows on their way into the desk: a batch of tickets is
//! checked and held, then written with multi-row INSERTs
//! ([`crate::store::bulk::rows`], the generator's writer), ticket rows
//! first and their thread, history, tags and work sessions after them.

use rusqlite::Transaction;

use crate::domain::{Author, Channel, MessageKind, Priority, Status};
use crate::store::bulk::rows::{Binder, MultiInsert};

/// Tickets held before a batch is written.
pub(super) const BATCH: usize = 64;
/// Rows per multi-row INSERT for the children tables.
const CHILD_ROWS: usize = 32;

pub(super) struct TicketRow {
    pub id: i64,
    pub external_id: Option<String>,
    pub subject: String,
    pub customer: i64,
    pub channel: Channel,
    pub status: Status,
    pub priority: Priority,
    pub tier: i64,
    pub team: Option<i64>,
    pub assignee: Option<i64>,
    pub language: String,
    pub policy: Option<i64>,
    pub first_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub first_responded: Option<i64>,
    pub created: i64,
    pub updated: i64,
    pub solved: Option<i64>,
    pub closed: Option<i64>,
    pub version: i64,
}

pub(super) struct MessageRow {
    pub ticket: i64,
    pub author: Author,
    pub agent: Option<i64>,
    pub kind: MessageKind,
    pub channel: Option<Channel>,
    pub body: String,
    pub duration_s: Option<i64>,
    pub at: i64,
}

pub(super) struct EventRow {
    pub ticket: i64,
    pub agent: Option<i64>,
    pub kind: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub detail: Option<String>,
    pub at: i64,
}

pub(super) struct SessionRow {
    pub agent: i64,
    pub ticket: i64,
    pub start: i64,
    pub end: Option<i64>,
    pub active_s: i64,
}

/// Checked rows not written yet.
#[derive(Default)]
pub(super) struct Batch {
    pub tickets: Vec<TicketRow>,
    pub messages: Vec<MessageRow>,
    pub events: Vec<EventRow>,
    pub tags: Vec<(i64, String)>,
    pub sessions: Vec<SessionRow>,
}

/// The prepared multi-row INSERTs and the batch they write.
pub(super) struct Writer<'t> {
    tickets: MultiInsert<'t>,
    messages: MultiInsert<'t>,
    events: MultiInsert<'t>,
    tags: MultiInsert<'t>,
    sessions: MultiInsert<'t>,
    pub batch: Batch,
}

impl<'t> Writer<'t> {
    /// `triggers`: whether the tables' triggers are in place. Their own
    /// `INSERT OR IGNORE` would take on an outer `OR FAIL` (SQLite lets the
    /// outer statement's conflict clause win), so then plain INSERTs are
    /// used; without triggers, `OR FAIL` spares the statement journal.
    pub fn new(tx: &'t Transaction<'_>, triggers: bool) -> rusqlite::Result<Self> {
        let verb = if triggers { "INSERT" } else { "INSERT OR FAIL" };
        Ok(Writer {
            tickets: MultiInsert::new(
                tx,
                &format!("{verb} INTO tickets (id, external_id, subject, customer_id, channel, status, priority, tier,
                    team_id, assignee_id, language, sla_policy_id, first_response_due_at, resolution_due_at,
                    first_responded_at, created_at, updated_at, solved_at, closed_at, version)"),
                20,
                BATCH,
            )?,
            messages: MultiInsert::new(
                tx,
                &format!("{verb} INTO messages (ticket_id, author, agent_id, kind, channel, body, duration_s, created_at)"),
                8,
                CHILD_ROWS,
            )?,
            events: MultiInsert::new(
                tx,
                &format!("{verb} INTO events (ticket_id, agent_id, kind, from_value, to_value, detail, at)"),
                7,
                CHILD_ROWS,
            )?,
            tags: MultiInsert::new(
                tx,
                &format!("{verb} INTO ticket_tags (ticket_id, tag)"),
                2,
                CHILD_ROWS,
            )?,
            sessions: MultiInsert::new(
                tx,
                &format!("{verb} INTO work_sessions (agent_id, ticket_id, started_at, ended_at, active_s)"),
                5,
                CHILD_ROWS,
            )?,
            batch: Batch::default(),
        })
    }

    /// Whether the batch is full.
    pub fn full(&self) -> bool {
        self.batch.tickets.len() >= BATCH
    }

    /// Writes the batch and empties it.
    pub fn flush(&mut self) -> rusqlite::Result<()> {
        let b = &self.batch;
        self.tickets.write(&b.tickets, bind_ticket)?;
        self.messages.write(&b.messages, |w, m| {
            w.put(&m.ticket)?;
            w.put(&m.author)?;
            w.put(&m.agent)?;
            w.put(&m.kind)?;
            w.put(&m.channel)?;
            w.put(&m.body)?;
            w.put(&m.duration_s)?;
            w.put(&m.at)
        })?;
        self.events.write(&b.events, |w, e| {
            w.put(&e.ticket)?;
            w.put(&e.agent)?;
            w.put(&e.kind)?;
            w.put(&e.from)?;
            w.put(&e.to)?;
            w.put(&e.detail)?;
            w.put(&e.at)
        })?;
        self.tags.write(&b.tags, |w, (ticket, tag)| {
            w.put(ticket)?;
            w.put(tag)
        })?;
        self.sessions.write(&b.sessions, |w, s| {
            w.put(&s.agent)?;
            w.put(&s.ticket)?;
            w.put(&s.start)?;
            w.put(&s.end)?;
            w.put(&s.active_s)
        })?;
        self.batch.tickets.clear();
        self.batch.messages.clear();
        self.batch.events.clear();
        self.batch.tags.clear();
        self.batch.sessions.clear();
        Ok(())
    }
}

fn bind_ticket(w: &mut Binder<'_, '_>, t: &TicketRow) -> rusqlite::Result<()> {
    w.put(&t.id)?;
    w.put(&t.external_id)?;
    w.put(&t.subject)?;
    w.put(&t.customer)?;
    w.put(&t.channel)?;
    w.put(&t.status)?;
    w.put(&t.priority)?;
    w.put(&t.tier)?;
    w.put(&t.team)?;
    w.put(&t.assignee)?;
    w.put(&t.language)?;
    w.put(&t.policy)?;
    w.put(&t.first_due)?;
    w.put(&t.resolution_due)?;
    w.put(&t.first_responded)?;
    w.put(&t.created)?;
    w.put(&t.updated)?;
    w.put(&t.solved)?;
    w.put(&t.closed)?;
    w.put(&t.version)
}
