//! The queue read by key instead of by count: the rows around a ticket
//! (keeping the selection), the rows next to a loaded row (paging on from
//! the current page), and a ticket's exact position counted from the
//! nearer end. Each read seeks the urgency indexes to a ticket's key and
//! walks a few entries, so its cost does not grow with how deep in a
//! million tickets the ticket is; only [`position_near`] counts.
//!
//! The queue order is read as *segments*: under "all" the active tickets
//! and then the inactive ones (the `is_active DESC` lead of
//! `tickets_urgency`), otherwise one. Within a segment the order is
//! [`order::URGENCY`], compared as a row value so the index does the seek.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use super::query::Conditions;
use super::{QueueRow, StatusFilter, TicketFilter, count_sql, fenced, holds, order, rows};
use crate::store::Result;

/// A ticket's place in the queue order: its segment's `is_active` and its
/// urgency key.
type Key = (i64, [i64; order::URGENCY_COLUMNS]);

/// The segments of `filter`'s queue order, each the `is_active` it holds
/// (`None`: the filter's own condition is the only one).
fn segments(filter: &TicketFilter) -> &'static [Option<i64>] {
    match filter.status {
        StatusFilter::All => &[Some(1), Some(0)],
        _ => &[None],
    }
}

/// The segment a key is in.
fn segment_of(filter: &TicketFilter, key: &Key) -> usize {
    segments(filter)
        .iter()
        .position(|s| s.is_none_or(|active| active == key.0))
        .unwrap_or(0)
}

/// Ticket `id`'s key, when it is in `filter`'s list as the viewer sees it.
pub(crate) fn key_of(
    conn: &Connection,
    filter: &TicketFilter,
    id: i64,
    now: i64,
) -> Result<Option<Key>> {
    let key: Option<Key> = conn
        .prepare_cached(&format!(
            "SELECT t.is_active, {} FROM tickets t WHERE t.id = ?1",
            order::URGENCY
        ))?
        .query_row([id], |r| {
            Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]))
        })
        .optional()?;
    match key {
        Some(key) if holds(conn, filter, id, now)? => Ok(Some(key)),
        _ => Ok(None),
    }
}

/// Which way a walk goes and whether it starts on the key itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    /// The key's ticket, then the ones after it.
    From,
    /// The tickets before the key, nearest first.
    Before,
}

/// The conditions of one segment's part of a walk: the filter, the
/// segment, and the row-value bound from `key` (only in the key's own
/// segment).
fn segment_conditions(
    conn: &Connection,
    filter: &TicketFilter,
    segment: Option<i64>,
    bound: Option<(&str, &Key)>,
    now: i64,
) -> Result<Conditions> {
    let mut c = fenced(conn, filter, now)?;
    if let Some(active) = segment {
        c.bind("t.is_active = ?", Value::Integer(active));
    }
    if let Some((op, key)) = bound {
        let first = c.next_number();
        let marks: Vec<String> = (first..first + order::URGENCY_COLUMNS)
            .map(|n| format!("?{n}"))
            .collect();
        c.parts
            .push(format!("({}) {op} ({})", order::URGENCY, marks.join(", ")));
        c.values.extend(key.1.iter().map(|k| Value::Integer(*k)));
    }
    Ok(c)
}

/// The statement of one segment's part of a walk, its limit bound last.
pub(crate) fn walk_sql(
    conn: &Connection,
    filter: &TicketFilter,
    segment: Option<i64>,
    bound: Option<(&str, &Key)>,
    backwards: bool,
    now: i64,
) -> Result<(String, Vec<Value>)> {
    let c = segment_conditions(conn, filter, segment, bound, now)?;
    let by = if backwards {
        order::queue_reversed(false)
    } else {
        order::queue(false)
    };
    let limit = c.next_number();
    let sql = format!(
        "SELECT t.id FROM tickets t {} ORDER BY {by} LIMIT ?{limit}",
        c.sql()
    );
    Ok((sql, c.values))
}

/// At most `take` ids of `filter`'s queue order walking from `key` as
/// `walk` says (across segments), nearest to the key first.
pub(crate) fn walk(
    conn: &Connection,
    filter: &TicketFilter,
    key: &Key,
    walk: Walk,
    take: i64,
    now: i64,
) -> Result<Vec<i64>> {
    let all = segments(filter);
    let home = segment_of(filter, key);
    let order: Vec<usize> = match walk {
        Walk::From => (home..all.len()).collect(),
        Walk::Before => (0..=home).rev().collect(),
    };
    let op = match walk {
        Walk::From => ">=",
        Walk::Before => "<",
    };
    let mut ids = Vec::new();
    for segment in order {
        let left = take - ids.len() as i64;
        if left <= 0 {
            break;
        }
        let bound = (segment == home).then_some((op, key));
        let (sql, mut values) =
            walk_sql(conn, filter, all[segment], bound, walk == Walk::Before, now)?;
        values.push(Value::Integer(left));
        let mut stmt = conn.prepare_cached(&sql)?;
        let found = stmt
            .query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        ids.extend(found);
    }
    Ok(ids)
}

/// The queue rows of `ids`, in the order given.
pub(crate) fn rows_of(conn: &Connection, ids: &[i64]) -> Result<Vec<QueueRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM tickets t {} WHERE t.id IN (SELECT value FROM json_each(?1))",
        rows::COLUMNS,
        rows::JOINS
    ))?;
    let mut found: std::collections::HashMap<i64, QueueRow> = stmt
        .query_map([format!("[{list}]")], rows::row)?
        .map(|r| r.map(|row| (row.id, row)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// The rows around one ticket: up to `before` rows ahead of it, the ticket,
/// and up to `after` rows behind it, in queue order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Around {
    pub rows: Vec<QueueRow>,
    /// Where the ticket is in `rows`.
    pub at: usize,
    /// Fewer rows than asked for came before it: it is `at` from the start.
    pub reached_start: bool,
    /// Fewer rows than asked for came after it: it is the end's `rows.len() - at - 1`th.
    pub reached_end: bool,
}

/// The rows around ticket `id` in `filter`'s queue order, read by key
/// (no count); `None` when the ticket is not in the list.
pub fn around(
    conn: &Connection,
    filter: &TicketFilter,
    id: i64,
    before: i64,
    after: i64,
    now: i64,
) -> Result<Option<Around>> {
    let Some(key) = key_of(conn, filter, id, now)? else {
        return Ok(None);
    };
    let mut ids = walk(conn, filter, &key, Walk::Before, before, now)?;
    let reached_start = (ids.len() as i64) < before;
    ids.reverse();
    let at = ids.len();
    let behind = walk(conn, filter, &key, Walk::From, after + 1, now)?;
    let reached_end = (behind.len() as i64) < after + 1;
    ids.extend(behind);
    let rows = rows_of(conn, &ids)?;
    if rows.get(at).map(|r| r.id) != Some(id) {
        // The ticket changed between the reads; the caller reads by offset.
        return Ok(None);
    }
    Ok(Some(Around {
        rows,
        at,
        reached_start,
        reached_end,
    }))
}

/// The ids at indexes `offset..offset + limit` of the order, given that
/// ticket `anchor` (whose key is `key`) is at index `index`: read by key
/// from the anchor, never counted from the start.
pub(crate) fn ids_near(
    conn: &Connection,
    filter: &TicketFilter,
    key: &Key,
    index: i64,
    offset: i64,
    limit: i64,
    now: i64,
) -> Result<Vec<i64>> {
    let end = offset + limit;
    let mut ids = Vec::new();
    if offset < index {
        // Indexes index-1, index-2, … back to `offset`.
        let mut ahead = walk(conn, filter, key, Walk::Before, index - offset, now)?;
        ahead.reverse();
        let keep = usize::try_from(end.min(index) - offset).unwrap_or(0);
        ids.extend(ahead.into_iter().take(keep));
    }
    if end > index {
        let skip = usize::try_from((offset - index).max(0)).unwrap_or(0);
        let from = walk(conn, filter, key, Walk::From, end - index, now)?;
        ids.extend(from.into_iter().skip(skip));
    }
    Ok(ids)
}

/// Ticket `id`'s exact position in `filter`'s queue order, counted from the
/// end nearer to `hint` (where it was last seen): the rows before it, or the
/// list's total less the rows after it. `None` when it is not in the list.
pub fn position_near(
    conn: &Connection,
    filter: &TicketFilter,
    id: i64,
    hint: i64,
    now: i64,
) -> Result<Option<i64>> {
    let Some(key) = key_of(conn, filter, id, now)? else {
        return Ok(None);
    };
    let total = super::count(conn, filter, now)?;
    let all = segments(filter);
    let home = segment_of(filter, &key);
    let from_end = hint > total / 2;
    let count = |segment: usize, bound: Option<(&str, &Key)>| -> Result<i64> {
        let c = segment_conditions(conn, filter, all[segment], bound, now)?;
        Ok(conn
            .prepare_cached(&count_sql(&c))?
            .query_row(rusqlite::params_from_iter(c.values.iter()), |r| r.get(0))?)
    };
    // A whole segment: the first is counted (the backlog, small under
    // "all"), the last is what the total leaves of it.
    let whole = |segment: usize| -> Result<i64> {
        if all.len() == 1 {
            return Ok(total);
        }
        let first = count(0, None)?;
        Ok(if segment == 0 { first } else { total - first })
    };
    let position = if from_end {
        let mut after = count(home, Some((">", &key)))?;
        for segment in home + 1..all.len() {
            after += whole(segment)?;
        }
        total - 1 - after
    } else {
        let mut before = count(home, Some(("<", &key)))?;
        for segment in 0..home {
            before += whole(segment)?;
        }
        before
    };
    Ok(Some(position))
}
