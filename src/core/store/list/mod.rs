//! Listing tickets: the one place a list of tickets becomes SQL. The queue
//! pages, the counts, the position of a ticket (keeping the selection),
//! `loket ticket list`, the saved views and "next ticket" all read through
//! here, so they filter, fence and order the same way.
//!
//! | module        | role |
//! |---------------|------|
//! | [`order`]     | the urgency order, written once, and the other sort keys |
//! | [`query`]     | the status filter, the other filters and the conditions they mean |
//! | [`rows`]      | the row a list reads per ticket, its columns and joins |
//! | [`claimable`] | the tickets an agent may take (claim, routing) |
//! | [`keyset`]    | the queue read by key: rows around a ticket, next to a loaded row, a position |
//! | `kept`        | a list's count kept while nothing is written (every page carries it) |
//! | `search`      | a search past the backlog in the urgency order: the matches read once (and kept), the urgency index walked |
//!
//! A list is a [`TicketFilter`] (its conditions, narrowed to the viewer's
//! teams when the desk restricts agents: [`crate::store::visibility`]) in
//! an [`Order`]. [`crate::store::queue`] and [`crate::store::filter`] are the
//! public faces of the two orders.

pub mod claimable;
mod kept;
pub mod keyset;
pub mod order;
pub mod query;
pub mod rows;
mod search;

#[cfg(test)]
mod count_tests;
#[cfg(test)]
mod plans;
#[cfg(test)]
mod search_tests;

use rusqlite::Connection;
use rusqlite::types::Value;

use super::Result;
use super::visibility;
pub use order::{Sort, SortKey};
use query::Conditions;
pub use query::{
    Anchor, AssigneeFilter, QueueQuery, SlaFilter, StatusFilter, TicketFilter, fts_query,
};
pub use rows::{QueuePage, QueueRow};

/// The order a list comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The queue's: most urgent first, active tickets first under "all".
    /// Pages and positions come straight off the urgency indexes.
    Queue,
    /// A chosen sort key and direction (views, `loket ticket list`).
    Sorted(Sort),
}

impl Order {
    /// The `ORDER BY` terms for a list of `filter`.
    fn sql(self, filter: &TicketFilter) -> String {
        match self {
            Order::Queue => order::queue(filter.status == StatusFilter::All),
            Order::Sorted(sort) => sort.sql(),
        }
    }
}

/// `filter`'s conditions, narrowed to what the viewer may see. The ticket a
/// search names by number is left out: it is listed first, on its own
/// ([`pinned`]).
fn fenced(conn: &Connection, filter: &TicketFilter, now: i64) -> Result<Conditions> {
    let mut c = query::conditions(filter, now);
    if visibility::applies(conn)? {
        c.parts.push(format!("({})", visibility::VISIBLE));
    }
    if let Some(id) = pinned(conn, filter, now)? {
        c.bind("t.id <> ?", Value::Integer(id));
    }
    Ok(c)
}

/// The ticket a search names by number (`#818` or `818`), when the list
/// would hold it without the words: it comes first, before the tickets
/// whose text holds the number (issue 15).
fn pinned(conn: &Connection, filter: &TicketFilter, now: i64) -> Result<Option<i64>> {
    let Some(id) = query::ticket_number(filter) else {
        return Ok(None);
    };
    let plain = TicketFilter {
        text: None,
        ..filter.clone()
    };
    Ok(holds(conn, &plain, id, now)?.then_some(id))
}

/// How many tickets `filter` holds (an index-only count for a status alone;
/// a search of every ticket with nothing else to narrow it is counted in the
/// full-text index alone, one row per ticket). Kept while nothing is
/// written ([`kept`]): the console's every page carries it.
pub fn count(conn: &Connection, filter: &TicketFilter, now: i64) -> Result<i64> {
    let (sql, c) = count_of(conn, filter, now)?;
    let rest = kept::count(conn, &sql, &c.values)?;
    Ok(rest + i64::from(pinned(conn, filter, now)?.is_some()))
}

/// [`count`] counted afresh, never kept: the reference the tests hold the
/// kept counts to.
#[cfg(test)]
fn counted(conn: &Connection, filter: &TicketFilter, now: i64) -> Result<i64> {
    let (sql, c) = count_of(conn, filter, now)?;
    let rest: i64 = conn
        .prepare(&sql)?
        .query_row(rusqlite::params_from_iter(c.values.iter()), |r| r.get(0))?;
    Ok(rest + i64::from(pinned(conn, filter, now)?.is_some()))
}

/// The statement counting `filter`'s list (the ticket named by number
/// left out) and its conditions.
fn count_of(conn: &Connection, filter: &TicketFilter, now: i64) -> Result<(String, Conditions)> {
    let c = fenced(conn, filter, now)?;
    let sql = match query::whole_index_search(&c) {
        Some(sql) => sql,
        None => count_sql(&c),
    };
    Ok((sql, c))
}

/// The statement that counts the tickets under `c`.
fn count_sql(c: &Conditions) -> String {
    format!("SELECT count(*) FROM tickets t {}", c.sql())
}

/// A page of `filter` in `order`: the rows from `offset` on, at most
/// `limit`, and how many the list holds. A search past the backlog in the
/// urgency order is walked (module `search`) when that is cheaper.
pub fn page(
    conn: &Connection,
    filter: &TicketFilter,
    order: Order,
    offset: i64,
    limit: i64,
    now: i64,
) -> Result<QueuePage> {
    let offset = offset.max(0);
    // The count and the rows read one snapshot: a walk from the end counts
    // back from the total, so another process's commit between them would
    // shift the page. Committed, not rolled back: the search may have kept
    // its matches in a temporary table.
    let snapshot = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    let page = match search::Search::of(conn, filter, order, now)? {
        None => {
            let total = count(conn, filter, now)?;
            let rows = match order {
                Order::Sorted(sort) => sorted_rows(conn, filter, sort, offset, limit, total, now)?,
                Order::Queue => rows(conn, filter, order, offset, limit, now)?,
            };
            QueuePage {
                total,
                rows,
                offset,
            }
        }
        Some(search) => {
            let total = match search.total() {
                Some(total) => total,
                None => count(conn, filter, now)?,
            };
            let rows = keyset::rows_of(conn, &search.page_ids(conn, offset, limit, total)?)?;
            QueuePage {
                rows,
                offset,
                total,
            }
        }
    };
    if let Some(snapshot) = snapshot {
        snapshot.commit()?;
    }
    Ok(page)
}

/// The rows of `filter` in `order` from `offset` on, at most `limit`.
pub fn rows(
    conn: &Connection,
    filter: &TicketFilter,
    order: Order,
    offset: i64,
    limit: i64,
    now: i64,
) -> Result<Vec<QueueRow>> {
    // A ticket named by number is row 0; the rest of the list follows it.
    let (mut out, offset, limit) = match pinned(conn, filter, now)? {
        Some(id) if offset <= 0 && limit > 0 => (one_row(conn, id)?, 0, limit - 1),
        Some(_) => (Vec::new(), offset - 1, limit),
        None => (Vec::new(), offset, limit),
    };
    let (sql, values) = rows_sql(conn, filter, order, offset, limit, now)?;
    let mut stmt = conn.prepare_cached(&sql)?;
    for row in stmt.query_map(rusqlite::params_from_iter(values.iter()), rows::row)? {
        out.push(row?);
    }
    Ok(out)
}

/// The rows of a sorted list of `total` at `offset..offset + limit`, read
/// from whichever end is nearer: a page in the back half is the reversed
/// sort's page (every term and the id tie-break flip, so it is the same
/// list backwards), and the sort keeps `offset + limit` rows, not the
/// whole list's, before it can drop the offset (issue 13: the last page of
/// a search of open tickets).
fn sorted_rows(
    conn: &Connection,
    filter: &TicketFilter,
    sort: Sort,
    offset: i64,
    limit: i64,
    total: i64,
    now: i64,
) -> Result<Vec<QueueRow>> {
    let end = (offset + limit).min(total);
    if offset <= total - end || limit <= 0 {
        return rows(conn, filter, Order::Sorted(sort), offset, limit, now);
    }
    // A ticket named by number is row 0, before the rest (the list read
    // backwards here); counted from the end, the rest's rows are the
    // list's, so it changes nothing.
    let backwards = Sort {
        descending: !sort.descending,
        ..sort
    };
    let (sql, values) = rows_sql(
        conn,
        filter,
        Order::Sorted(backwards),
        total - end,
        end - offset,
        now,
    )?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut found = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), rows::row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    found.reverse();
    Ok(found)
}

/// The list row of ticket `id` alone.
fn one_row(conn: &Connection, id: i64) -> Result<Vec<QueueRow>> {
    let sql = format!(
        "SELECT {} FROM tickets t {} WHERE t.id = ?1",
        rows::COLUMNS,
        rows::JOINS
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([id], rows::row)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The queue rows at `offset..offset + limit` of a list of `total`, read
/// from whichever end is nearer: a page in the back half is the reversed
/// order's page, so the last page costs what the first does.
pub fn queue_rows(
    conn: &Connection,
    filter: &TicketFilter,
    offset: i64,
    limit: i64,
    total: i64,
    now: i64,
) -> Result<Vec<QueueRow>> {
    let end = (offset + limit).min(total);
    if offset <= total - end {
        return rows(conn, filter, Order::Queue, offset, limit, now);
    }
    let (sql, values) = reversed_sql(conn, filter, total - end, end - offset, now)?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut found = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), rows::row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    found.reverse();
    Ok(found)
}

/// The statement of [`queue_rows`] from the end: the reversed queue order
/// (the urgency index read backwards), `offset` counted from the last row.
fn reversed_sql(
    conn: &Connection,
    filter: &TicketFilter,
    offset: i64,
    limit: i64,
    now: i64,
) -> Result<(String, Vec<Value>)> {
    let by = order::queue_reversed(filter.status == StatusFilter::All);
    Ok(ids_first_sql(
        fenced(conn, filter, now)?,
        &by,
        offset,
        limit,
    ))
}

/// A page whose ids come off the covering index alone, in `by`; only those
/// rows are then joined. With OFFSET over the joined rows, a page deep in a
/// million tickets took seconds (BENCHMARKS.md).
fn ids_first_sql(mut c: Conditions, by: &str, offset: i64, limit: i64) -> (String, Vec<Value>) {
    let clause = c.sql();
    let (limit_n, offset_n) = (c.next_number(), c.next_number() + 1);
    c.values.push(Value::Integer(limit.max(0)));
    c.values.push(Value::Integer(offset.max(0)));
    let (columns, joins) = (rows::COLUMNS, rows::JOINS);
    let sql = format!(
        "SELECT {columns} FROM (SELECT t.id AS page_id FROM tickets t {clause} ORDER BY {by} \
         LIMIT ?{limit_n} OFFSET ?{offset_n}) p
         JOIN tickets t ON t.id = p.page_id {joins} ORDER BY {by}"
    );
    (sql, c.values)
}

/// The statement and values of [`rows`].
fn rows_sql(
    conn: &Connection,
    filter: &TicketFilter,
    order: Order,
    offset: i64,
    limit: i64,
    now: i64,
) -> Result<(String, Vec<Value>)> {
    let mut c = fenced(conn, filter, now)?;
    let by = order.sql(filter);
    if order == Order::Queue {
        return Ok(ids_first_sql(c, &by, offset, limit));
    }
    // A sort may be by the customer's or the assignee's name: joined first.
    let clause = c.sql();
    let (limit_n, offset_n) = (c.next_number(), c.next_number() + 1);
    c.values.push(Value::Integer(limit.max(0)));
    c.values.push(Value::Integer(offset.max(0)));
    let (columns, joins) = (rows::COLUMNS, rows::JOINS);
    let sql = format!(
        "SELECT {columns} FROM tickets t {joins} {clause} ORDER BY {by} \
         LIMIT ?{limit_n} OFFSET ?{offset_n}"
    );
    Ok((sql, c.values))
}

/// Whether ticket `id` is in `filter`'s list (as the viewer sees it).
fn holds(conn: &Connection, filter: &TicketFilter, id: i64, now: i64) -> Result<bool> {
    let mut c = fenced(conn, filter, now)?;
    c.bind("t.id = ?", Value::Integer(id));
    Ok(conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM tickets t {})",
            c.sql()
        ))?
        .query_row(rusqlite::params_from_iter(c.values.iter()), |r| r.get(0))?)
}

/// Where ticket `id` is in `filter`'s list in `order`, or `None` when it is
/// not in it; for keeping the console's selection on a ticket.
pub fn position_of(
    conn: &Connection,
    filter: &TicketFilter,
    order: Order,
    id: i64,
    now: i64,
) -> Result<Option<i64>> {
    let pin = pinned(conn, filter, now)?;
    if pin == Some(id) {
        return Ok(Some(0));
    }
    // Counted from the start (hint 0), among the tickets after the pin.
    let at = match order {
        Order::Queue => keyset::position_near(conn, filter, id, 0, now)?,
        Order::Sorted(sort) => match search::Search::of(conn, filter, order, now)? {
            Some(search) => match search.position(conn, id)? {
                Some(at) => at,
                None => scanned_position(conn, filter, sort, id, now)?,
            },
            None => scanned_position(conn, filter, sort, id, now)?,
        },
    };
    Ok(at.map(|at| at + i64::from(pin.is_some())))
}

/// A sorted list's position: its ids read in order until `id` comes up
/// (a sort by a name has no index to count on).
fn scanned_position(
    conn: &Connection,
    filter: &TicketFilter,
    sort: Sort,
    id: i64,
    now: i64,
) -> Result<Option<i64>> {
    let c = fenced(conn, filter, now)?;
    let sql = format!(
        "SELECT t.id FROM tickets t JOIN customers c ON c.id = t.customer_id
                LEFT JOIN agents a ON a.id = t.assignee_id {} ORDER BY {}",
        c.sql(),
        sort.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(c.values.iter()))?;
    let mut at = 0;
    while let Some(row) = rows.next()? {
        if row.get::<_, i64>(0)? == id {
            return Ok(Some(at));
        }
        at += 1;
    }
    Ok(None)
}
