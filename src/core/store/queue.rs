//! The ticket queue, one page at a time. Pages come straight off the
//! `tickets_urgency` / `tickets_status_urgency` indexes with LIMIT/OFFSET, so
//! a million tickets open as fast as a hundred.

use rusqlite::{Connection, params};

use super::Result;
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
}

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
pub(super) const COLUMNS: &str = "t.id, t.subject, c.name, t.status, t.priority, t.channel, t.tier,
        a.display_name, tm.name, t.created_at, t.sla_next_due_at";

/// The joins the columns come from.
pub(super) const JOINS: &str = "JOIN customers c ON c.id = t.customer_id
    LEFT JOIN agents a ON a.id = t.assignee_id
    LEFT JOIN teams tm ON tm.id = t.team_id";

/// One row of [`COLUMNS`], text cleaned.
pub(super) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueueRow> {
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

const ORDER: &str = "ORDER BY t.sla_next_due_at, t.priority_rank, t.created_at, t.id";

/// One page of the queue, most urgent first: SLA due soonest, then priority,
/// then age.
pub fn page(conn: &Connection, query: &QueueQuery) -> Result<QueuePage> {
    let limit = query.limit.max(0);
    let total = count(conn, query.status)?;
    let offset = query.offset.clamp(0, (total - 1).max(0));
    let (filter, arg): (&str, Option<&str>) = match query.status {
        StatusFilter::Active => ("WHERE t.is_active = 1", None),
        StatusFilter::Only(status) => ("WHERE t.status = ?3", Some(status.as_str())),
        StatusFilter::All => ("", None),
    };
    let filter = super::visibility::narrow(conn, filter)?;
    // For "all", active tickets come first, then the rest, each most urgent first.
    let order = if query.status == StatusFilter::All {
        "ORDER BY t.is_active DESC, t.sla_next_due_at, t.priority_rank, t.created_at, t.id"
    } else {
        ORDER
    };
    // The page's ids come off the covering index alone; only those rows are
    // then joined. With OFFSET over the joined rows, a page deep in a million
    // tickets took seconds (BENCHMARKS.md).
    let sql = format!(
        "SELECT {COLUMNS} FROM (SELECT t.id AS page_id FROM tickets t {filter} {order} LIMIT ?1 OFFSET ?2) p
         JOIN tickets t ON t.id = p.page_id {JOINS} {order}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = match arg {
        Some(status) => stmt.query_map(params![limit, offset, status], row)?,
        None => stmt.query_map(params![limit, offset], row)?,
    }
    .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(QueuePage {
        rows,
        offset,
        total,
    })
}

/// How many tickets a filter holds (an index-only count).
pub fn count(conn: &Connection, status: StatusFilter) -> Result<i64> {
    if super::visibility::applies(conn)? {
        let (clause, arg) = match status {
            StatusFilter::Active => ("WHERE t.is_active = 1", None),
            StatusFilter::Only(s) => ("WHERE t.status = ?1", Some(s.as_str())),
            StatusFilter::All => ("", None),
        };
        let sql = format!(
            "SELECT count(*) FROM tickets t {}",
            super::visibility::narrow(conn, clause)?
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        return Ok(match arg {
            Some(s) => stmt.query_row([s], |r| r.get(0))?,
            None => stmt.query_row([], |r| r.get(0))?,
        });
    }
    let n = match status {
        StatusFilter::Active => conn
            .prepare_cached("SELECT count(*) FROM tickets WHERE is_active = 1")?
            .query_row([], |r| r.get(0))?,
        StatusFilter::Only(s) => conn
            .prepare_cached("SELECT count(*) FROM tickets WHERE status = ?1")?
            .query_row([s.as_str()], |r| r.get(0))?,
        StatusFilter::All => conn
            .prepare_cached("SELECT count(*) FROM tickets")?
            .query_row([], |r| r.get(0))?,
    };
    Ok(n)
}

/// The offset of a ticket within a filter's order, so the selection can stay
/// on the same ticket across refreshes. `None` when the ticket is not in it.
pub fn position_of(conn: &Connection, status: StatusFilter, id: i64) -> Result<Option<i64>> {
    let key: Option<(i64, i64, i64, i64)> = conn
        .prepare_cached(
            "SELECT is_active, sla_next_due_at, priority_rank, created_at FROM tickets WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .ok();
    let Some((active, due, rank, created)) = key else {
        return Ok(None);
    };
    let visible = super::visibility::and_visible(conn)?;
    if !visible.is_empty() {
        let shown: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM tickets t WHERE t.id = ?1{visible})"),
            [id],
            |r| r.get(0),
        )?;
        if !shown {
            return Ok(None);
        }
    }
    let before = format!(
        "(t.sla_next_due_at, t.priority_rank, t.created_at, t.id) < (?1, ?2, ?3, ?4){visible}"
    );
    let n: i64 = match status {
        StatusFilter::Active => {
            if active == 0 {
                return Ok(None);
            }
            conn.prepare_cached(&format!(
                "SELECT count(*) FROM tickets t WHERE t.is_active = 1 AND {before}"
            ))?
            .query_row(params![due, rank, created, id], |r| r.get(0))?
        }
        StatusFilter::Only(s) => {
            let this: Status =
                conn.query_row("SELECT status FROM tickets WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            if this != s {
                return Ok(None);
            }
            conn.prepare_cached(&format!(
                "SELECT count(*) FROM tickets t WHERE t.status = ?5 AND {before}"
            ))?
            .query_row(params![due, rank, created, id, s.as_str()], |r| r.get(0))?
        }
        StatusFilter::All => {
            let ahead: i64 = if active == 0 {
                conn.prepare_cached(&format!(
                    "SELECT count(*) FROM tickets t WHERE t.is_active = 1{visible}"
                ))?
                .query_row([], |r| r.get(0))?
            } else {
                0
            };
            let within: i64 = conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM tickets t WHERE t.is_active = ?5 AND {before}"
                ))?
                .query_row(params![due, rank, created, id, active], |r| r.get(0))?;
            ahead + within
        }
    };
    Ok(Some(n))
}
