//! What a list asks for: the status filter, the other filters, and the
//! `WHERE` conditions they mean. The SQL is built from parts with bound
//! values only: no user text is ever spliced into a statement.

use rusqlite::types::Value;

use crate::domain::{Channel, Priority, Status};
use crate::text::clean_line;

/// Which tickets the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StatusFilter {
    /// New, open, pending and on hold: the backlog (the default).
    #[default]
    Active,
    /// One status only.
    Only(Status),
    /// Every ticket.
    All,
}

impl StatusFilter {
    /// The filters in the order the status key cycles through them.
    pub fn cycle() -> Vec<StatusFilter> {
        let mut out = vec![StatusFilter::Active];
        out.extend(Status::ALL.iter().map(|s| StatusFilter::Only(*s)));
        out.push(StatusFilter::All);
        out
    }

    /// The next filter after this one, wrapping around.
    pub fn next(self) -> StatusFilter {
        let all = StatusFilter::cycle();
        let at = all.iter().position(|f| *f == self).unwrap_or(0);
        all[(at + 1) % all.len()]
    }

    /// Whether the filter shows active tickets only.
    pub fn active_only(self) -> bool {
        match self {
            StatusFilter::Active => true,
            StatusFilter::Only(s) => s.is_active(),
            StatusFilter::All => false,
        }
    }

    /// The filter before this one, wrapping around.
    pub fn prev(self) -> StatusFilter {
        let all = StatusFilter::cycle();
        let at = all.iter().position(|f| *f == self).unwrap_or(0);
        all[(at + all.len() - 1) % all.len()]
    }
}

/// A request for one page of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueQuery {
    pub status: StatusFilter,
    pub offset: i64,
    pub limit: i64,
    /// A loaded row near `offset`: the page is then read by key from it
    /// instead of counted from an end of the list.
    pub anchor: Option<Anchor>,
}

/// A ticket and the index it was loaded at, to page on from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub id: i64,
    pub index: i64,
}

/// Whose tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Nobody,
    Agent(i64),
    /// "Mine" with nobody signed in: no ticket matches.
    NoAgent,
}

/// Tickets by SLA state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlaFilter {
    /// The next target is past due.
    Breached,
    /// The next target is due within this many seconds (and not yet past).
    DueWithin(i64),
}

/// Which tickets a list shows. Empty fields do not filter. Every list is
/// also narrowed to the viewer's teams when the desk restricts agents
/// ([`crate::store::visibility`]): that happens in [`super`], for every reader.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TicketFilter {
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    pub assignee: AssigneeFilter,
    pub team: Option<i64>,
    pub channel: Option<Channel>,
    pub tag: Option<String>,
    pub sla: Option<SlaFilter>,
    /// Words to find: all of them somewhere in the ticket (its subject, its
    /// customer's name, e-mail and organisation, its messages), the last
    /// also as the start of a word; a number also finds that ticket, listed
    /// first. Always taken as plain text, never as query syntax.
    pub text: Option<String>,
}

impl TicketFilter {
    /// Only a status filter: what the plain queue shows.
    pub fn of_status(status: StatusFilter) -> TicketFilter {
        TicketFilter {
            status,
            ..TicketFilter::default()
        }
    }
}

/// A full-text query that means exactly the words typed: all must match,
/// the last may be the start of a word (see [`crate::store::fts`]). `None` when
/// there is no word at all.
pub fn fts_query(text: &str) -> Option<String> {
    crate::store::fts::all_words(text, true)
}

/// The ticket number a search names, `#123` or `123`: that ticket comes
/// first in the list, before those whose text holds the number.
pub fn ticket_number(filter: &TicketFilter) -> Option<i64> {
    let text = clean_line(filter.text.as_deref()?);
    text.trim()
        .strip_prefix('#')
        .unwrap_or(text.trim())
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
}

/// The condition a search of every ticket adds, with the words bound as ?1.
const IN_EVERY_TICKET: &str = "t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?1)";

/// When `c` is a search of every ticket and nothing else, the statement that
/// counts it in the full-text index itself (every ticket has exactly one
/// document), instead of looking up each match's ticket.
pub(crate) fn whole_index_search(c: &Conditions) -> Option<String> {
    (c.parts.len() == 1 && c.parts[0] == IN_EVERY_TICKET && c.values.len() == 1)
        .then(|| "SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH ?1".to_string())
}

/// `AND`ed conditions over tickets aliased `t`, each value bound by number
/// in the order added.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conditions {
    pub parts: Vec<String>,
    pub values: Vec<Value>,
}

impl Conditions {
    /// Adds `part`, its one `?` bound to `value`.
    pub fn bind(&mut self, part: &str, value: Value) {
        self.values.push(value);
        self.parts
            .push(part.replace('?', &format!("?{}", self.values.len())));
    }

    /// The number the next bound value will take.
    pub fn next_number(&self) -> usize {
        self.values.len() + 1
    }

    /// `WHERE …`, or nothing when no condition applies.
    pub fn sql(&self) -> String {
        if self.parts.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.parts.join(" AND "))
        }
    }
}

/// The conditions `filter` means at `now` (the SLA filters compare with it).
pub(crate) fn conditions(filter: &TicketFilter, now: i64) -> Conditions {
    let mut c = Conditions::default();
    match filter.status {
        StatusFilter::Active => c.parts.push("t.is_active = 1".into()),
        StatusFilter::Only(s) => c.bind("t.status = ?", Value::Text(s.as_str().into())),
        StatusFilter::All => {}
    }
    if let Some(p) = filter.priority {
        c.bind("t.priority = ?", Value::Text(p.as_str().into()));
    }
    match filter.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Nobody => c.parts.push("t.assignee_id IS NULL".into()),
        AssigneeFilter::Agent(id) => c.bind("t.assignee_id = ?", Value::Integer(id)),
        AssigneeFilter::NoAgent => c.parts.push("0".into()),
    }
    if let Some(team) = filter.team {
        c.bind("t.team_id = ?", Value::Integer(team));
    }
    if let Some(ch) = filter.channel {
        c.bind("t.channel = ?", Value::Text(ch.as_str().into()));
    }
    if let Some(tag) = &filter.tag {
        c.bind(
            "EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = ?)",
            Value::Text(crate::store::names::normalise_tag(tag)),
        );
    }
    if let Some(text) = filter.text.as_deref().map(clean_line)
        && !text.trim().is_empty()
    {
        // Every word typed, anywhere in the ticket: one full-text document
        // per ticket (subject, customer, messages), so a match is a ticket
        // id and nothing is mapped from messages to tickets. A ticket number
        // typed is put first by the list builder ([`ticket_number`]).
        // A list of active tickets only reads the open tickets' index: a
        // few percent of the desk, however long its history.
        let index = if filter.status.active_only() {
            "open_tickets_fts"
        } else {
            "tickets_fts"
        };
        match fts_query(&text) {
            Some(query) => c.bind(
                &format!("t.id IN (SELECT rowid FROM {index} WHERE {index} MATCH ?)"),
                Value::Text(query),
            ),
            None => c.parts.push("0".into()),
        }
    }
    match filter.sla {
        None => {}
        Some(SlaFilter::Breached) => c.bind("t.sla_next_due_at < ?", Value::Integer(now)),
        Some(SlaFilter::DueWithin(secs)) => {
            c.bind("t.sla_next_due_at >= ?", Value::Integer(now));
            c.bind(
                "t.sla_next_due_at < ?",
                Value::Integer(now.saturating_add(secs)),
            );
        }
    }
    c
}
