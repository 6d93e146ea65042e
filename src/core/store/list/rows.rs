//! What a list of tickets reads: one row per ticket as the queue table shows
//! it, the columns and joins it comes from, and a page of them.

use crate::domain::{Channel, Priority, Status};
use crate::text::clean_line;

/// One ticket as the queue table shows it. Text fields are cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: i64,
    pub subject: String,
    pub customer: String,
    pub status: Status,
    pub priority: Priority,
    pub channel: Channel,
    pub tier: i64,
    pub assignee: Option<String>,
    pub team: Option<String>,
    pub created_at: i64,
    /// The next SLA target's due instant, when a policy applies and the ticket is open.
    pub sla_due_at: Option<i64>,
    /// Pending: the resolution clock is stopped.
    pub sla_paused: bool,
}

/// A page of the queue and the size of the whole filtered list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub offset: i64,
    pub total: i64,
}

/// The far-future value `sla_next_due_at` takes when no target applies.
const NO_DUE: i64 = i64::MAX;

/// The columns [`row`] reads; every list of tickets selects them through [`JOINS`].
pub(crate) const COLUMNS: &str = "t.id, t.subject, c.name, t.status, t.priority, t.channel, t.tier,
        a.display_name, tm.name, t.created_at, t.sla_next_due_at";

/// The joins the columns come from.
pub(crate) const JOINS: &str = "JOIN customers c ON c.id = t.customer_id
    LEFT JOIN agents a ON a.id = t.assignee_id
    LEFT JOIN teams tm ON tm.id = t.team_id";

/// One row of [`COLUMNS`], text cleaned.
pub(crate) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueueRow> {
    let status: Status = r.get(3)?;
    let due: i64 = r.get(10)?;
    Ok(QueueRow {
        id: r.get(0)?,
        subject: clean_line(&r.get::<_, String>(1)?),
        customer: clean_line(&r.get::<_, String>(2)?),
        status,
        priority: r.get(4)?,
        channel: r.get(5)?,
        tier: r.get(6)?,
        assignee: r.get::<_, Option<String>>(7)?.map(|s| clean_line(&s)),
        team: r.get::<_, Option<String>>(8)?.map(|s| clean_line(&s)),
        created_at: r.get(9)?,
        sla_due_at: (due != NO_DUE).then_some(due),
        sla_paused: status == Status::Pending,
    })
}
