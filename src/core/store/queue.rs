//! The ticket queue, one page at a time, in the urgency order. Pages come
//! straight off the `tickets_urgency` / `tickets_status_urgency` indexes:
//! next to a loaded row by key, otherwise from the nearer end of the list
//! with LIMIT/OFFSET, so a million tickets open as fast as a hundred. The
//! SQL is built in [`super::list`], with the views' and searches' lists.

use rusqlite::Connection;

use super::Result;
pub use super::list::keyset::Around;
use super::list::{self, Order, TicketFilter, keyset};
pub use super::list::{Anchor, QueuePage, QueueQuery, QueueRow, StatusFilter};

/// How far from its anchor a page is still read by key; farther (a jump
/// to the end, say) it is counted from the nearer end of the list.
const ANCHOR_REACH: i64 = 2_000;

/// One page of the queue, most urgent first: SLA due soonest, then priority,
/// then age. An offset past the end shows the last ticket.
pub fn page(conn: &Connection, query: &QueueQuery) -> Result<QueuePage> {
    let filter = TicketFilter::of_status(query.status);
    let total = count(conn, query.status)?;
    let offset = query.offset.clamp(0, (total - 1).max(0));
    let rows = match anchored(conn, &filter, query, offset)? {
        Some(rows) => rows,
        None => list::queue_rows(conn, &filter, offset, query.limit, total, 0)?,
    };
    Ok(QueuePage {
        rows,
        offset,
        total,
    })
}

/// The page read by key from the query's anchor, when it has one near the
/// offset that is still in the list.
fn anchored(
    conn: &Connection,
    filter: &TicketFilter,
    query: &QueueQuery,
    offset: i64,
) -> Result<Option<Vec<QueueRow>>> {
    let Some(anchor) = query.anchor else {
        return Ok(None);
    };
    if (offset - anchor.index).abs() > ANCHOR_REACH {
        return Ok(None);
    }
    let Some(key) = keyset::key_of(conn, filter, anchor.id, 0)? else {
        return Ok(None);
    };
    let ids = keyset::ids_near(conn, filter, &key, anchor.index, offset, query.limit, 0)?;
    Ok(Some(keyset::rows_of(conn, &ids)?))
}

/// How many tickets a filter holds (an index-only count).
pub fn count(conn: &Connection, status: StatusFilter) -> Result<i64> {
    list::count(conn, &TicketFilter::of_status(status), 0)
}

/// The rows around ticket `id` (up to `before` ahead of it and `after`
/// behind it), read by key: what keeping the selection on a ticket needs,
/// without counting where it is. `None` when the ticket is not in the list.
pub fn around(
    conn: &Connection,
    status: StatusFilter,
    id: i64,
    before: i64,
    after: i64,
) -> Result<Option<Around>> {
    keyset::around(conn, &TicketFilter::of_status(status), id, before, after, 0)
}

/// The exact offset of a ticket within a filter's order, counted from the
/// end nearer to `hint` (where the ticket was last seen). `None` when the
/// ticket is not in it.
pub fn position_near(
    conn: &Connection,
    status: StatusFilter,
    id: i64,
    hint: i64,
) -> Result<Option<i64>> {
    keyset::position_near(conn, &TicketFilter::of_status(status), id, hint, 0)
}

/// The offset of a ticket within a filter's order, so the selection can stay
/// on the same ticket across refreshes. `None` when the ticket is not in it.
pub fn position_of(conn: &Connection, status: StatusFilter, id: i64) -> Result<Option<i64>> {
    list::position_of(conn, &TicketFilter::of_status(status), Order::Queue, id, 0)
}
