//! The ticket queue, one page at a time, in the urgency order. Pages come
//! straight off the `tickets_urgency` / `tickets_status_urgency` indexes
//! with LIMIT/OFFSET, so a million tickets open as fast as a hundred. The
//! SQL is built in [`super::list`], with the views' and searches' lists.

use rusqlite::Connection;

use super::Result;
use super::list::{self, Order, TicketFilter};
pub use super::list::{QueuePage, QueueQuery, QueueRow, StatusFilter};

/// One page of the queue, most urgent first: SLA due soonest, then priority,
/// then age. An offset past the end shows the last ticket.
pub fn page(conn: &Connection, query: &QueueQuery) -> Result<QueuePage> {
    let filter = TicketFilter::of_status(query.status);
    let total = count(conn, query.status)?;
    let offset = query.offset.clamp(0, (total - 1).max(0));
    let rows = list::rows(conn, &filter, Order::Queue, offset, query.limit, 0)?;
    Ok(QueuePage {
        rows,
        offset,
        total,
    })
}

/// How many tickets a filter holds (an index-only count).
pub fn count(conn: &Connection, status: StatusFilter) -> Result<i64> {
    list::count(conn, &TicketFilter::of_status(status), 0)
}

/// The offset of a ticket within a filter's order, so the selection can stay
/// on the same ticket across refreshes. `None` when the ticket is not in it.
pub fn position_of(conn: &Connection, status: StatusFilter, id: i64) -> Result<Option<i64>> {
    list::position_of(conn, &TicketFilter::of_status(status), Order::Queue, id, 0)
}
