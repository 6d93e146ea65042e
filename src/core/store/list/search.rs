//! A search that reaches past the backlog (status "all", "solved" or
//! "closed") in the urgency order, read by walking instead of by sorting.
//!
//! The old way mapped every match to its ticket and sorted them all: at a
//! million tickets a common word matches a hundred thousand, 190-350 ms
//! for a page of 60 (issue 13). Here the matching ids are read off the
//! full-text index once (one doclist, in id order), then the urgency
//! index is walked in the list's order and each entry looked up among
//! them until the page is full; a common word fills a page within a few
//! thousand entries. Under "all" the active and the inactive tickets are
//! two runs of `tickets_urgency`, merged by key (the urgency order does
//! not put the active tickets first: those without an SLA sort among the
//! closed ones). The other conditions (team, assignee, tag, the fence…)
//! are checked for the walked matches only, a chunk at a time.
//!
//! A rare word would make the walk long: when the walk is expected, or
//! turns out, to read more entries than mapping the matches would cost,
//! the matches already read are mapped to their tickets and sorted (the
//! old way, without running the full-text query again). The last
//! search's matches are kept for the next page ([`matches_of`]). The
//! result is the same list either way (`search_tests` compares them).

use std::collections::{HashSet, VecDeque};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use super::order::{self, Sort, SortKey};
use super::query::{self, Conditions};
use super::{Order, StatusFilter, TicketFilter, fenced, pinned};
use crate::store::Result;
use crate::text::clean_line;

/// How many index entries one read of a walk takes.
const CHUNK: i64 = 512;

/// A walk may read this many index entries per match before the old way
/// (a ticket lookup and a sort per match) is cheaper, plus a start-up
/// allowance; measured at a million tickets (BENCHMARKS.md, issue 13).
const ENTRIES_PER_MATCH: i64 = 4;
const ENTRIES_ALLOWANCE: i64 = 4_096;

/// The key of a ticket in the urgency order: [`order::URGENCY`]'s columns.
type Key = [i64; order::URGENCY_COLUMNS];

/// One ordered run of an index that the list is made of.
#[derive(Clone)]
struct Run {
    /// The index the run is read off (`INDEXED BY …`: in its order, never
    /// sorted) and the condition that selects the run.
    source: &'static str,
    condition: &'static str,
    values: Vec<Value>,
}

/// A search of tickets past the backlog in the urgency order, its matches read.
#[derive(Clone)]
pub(crate) struct Search {
    /// The ids whose document matches, ascending.
    matches: Vec<i64>,
    /// The ticket named by number, listed first: left out of the walk.
    pub(super) pin: Option<i64>,
    /// The filter's other conditions (the fence included).
    rest: Conditions,
    /// All of the filter's conditions but the words (the status too).
    plain: Conditions,
    runs: Vec<Run>,
    descending: bool,
    /// About how many tickets the desk has (the largest id).
    tickets: i64,
    /// How many index entries a walk may read before the old way (a
    /// ticket lookup and a sort per match) is cheaper.
    budget: i64,
}

/// What a walk came to.
enum Step {
    Id(i64),
    /// The list has no more tickets.
    End,
    /// The walk read its budget of index entries.
    Spent,
}

impl Search {
    /// The search `filter` in `order` is, with its matches read; `None`
    /// when the list is not one this module reads (no words, the backlog
    /// only, another sort).
    pub(crate) fn of(
        conn: &Connection,
        filter: &TicketFilter,
        order: Order,
        now: i64,
    ) -> Result<Option<Search>> {
        let Order::Sorted(sort) = order else {
            return Ok(None);
        };
        let text = filter.text.as_deref().map(clean_line).unwrap_or_default();
        if sort.key != SortKey::Urgency || filter.status.active_only() || text.trim().is_empty() {
            return Ok(None);
        }
        let Some(words) = query::fts_query(&text) else {
            return Ok(None);
        };
        let runs = match filter.status {
            StatusFilter::Only(status) => vec![Run {
                source: "INDEXED BY tickets_status_urgency",
                condition: "t.status = ?1",
                values: vec![Value::Text(status.as_str().into())],
            }],
            _ => [1, 0]
                .map(|active| Run {
                    source: "INDEXED BY tickets_urgency",
                    condition: if active == 1 {
                        "t.is_active = 1"
                    } else {
                        "t.is_active = 0"
                    },
                    values: Vec::new(),
                })
                .into(),
        };
        let others = TicketFilter {
            status: StatusFilter::All,
            text: None,
            ..filter.clone()
        };
        let matches = matches_of(conn, &words)?;
        let budget = ENTRIES_PER_MATCH * matches.len() as i64 + ENTRIES_ALLOWANCE;
        let tickets: i64 = conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM tickets")?
            .query_row([], |r| r.get(0))?;
        Ok(Some(Search {
            matches,
            pin: pinned(conn, filter, now)?,
            rest: fenced(conn, &others, now)?,
            plain: fenced(
                conn,
                &TicketFilter {
                    text: None,
                    ..filter.clone()
                },
                now,
            )?,
            runs,
            descending: sort.descending,
            tickets,
            budget,
        }))
    }

    fn matches(&self, id: i64) -> bool {
        self.matches.binary_search(&id).is_ok()
    }

    /// How many tickets the list holds, when the matches alone say it:
    /// a search of every ticket with nothing else to narrow it (every
    /// ticket has exactly one document).
    pub(crate) fn total(&self) -> Option<i64> {
        if !self.rest.parts.is_empty() || self.runs.len() != 2 {
            return None;
        }
        let pinned_match = self.pin.is_some_and(|id| self.matches(id));
        Some(self.matches.len() as i64 - i64::from(pinned_match) + i64::from(self.pin.is_some()))
    }

    /// Every statement a walk of this search reads its chunks with.
    #[cfg(test)]
    pub(super) fn chunk_statements(&self) -> Vec<(String, Vec<Value>)> {
        let mut out = Vec::new();
        for run in &self.runs {
            for last in [None, Some(&[0, 0, 0, 0])] {
                for backwards in [false, true] {
                    out.push(chunk_sql(run, last, backwards));
                }
            }
        }
        out
    }

    /// The same search with another walk budget (to compare the walk, and
    /// the matches mapped, with the old way).
    #[cfg(test)]
    pub(super) fn with_budget(&self, budget: i64) -> Search {
        Search {
            budget,
            ..self.clone()
        }
    }

    /// The ids at `offset..offset + limit` of a list of `total` (the pin
    /// first, as [`super::rows`] lists it): walked from the nearer end, or,
    /// when the walk would cost more, the matches mapped to their tickets
    /// and sorted.
    pub(crate) fn page_ids(
        &self,
        conn: &Connection,
        offset: i64,
        limit: i64,
        total: i64,
    ) -> Result<Vec<i64>> {
        let (mut ids, offset, limit) = match self.pin {
            Some(id) if offset <= 0 && limit > 0 => (vec![id], 0, limit - 1),
            Some(_) => (Vec::new(), offset - 1, limit),
            None => (Vec::new(), offset.max(0), limit),
        };
        let found = match self.walked(conn, offset, limit, total)? {
            Some(found) => found,
            None => self.mapped(conn, offset, limit)?,
        };
        ids.extend(found);
        Ok(ids)
    }

    /// The old way over the matches already read: each mapped to its
    /// ticket, the filter applied, sorted, the page cut out.
    fn mapped(&self, conn: &Connection, offset: i64, limit: i64) -> Result<Vec<i64>> {
        let mut c = self.plain.clone();
        let list = self
            .matches
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        c.bind(
            "t.id IN (SELECT value FROM json_each(?))",
            Value::Text(format!("[{list}]")),
        );
        if let Some(pin) = self.pin {
            c.bind("t.id <> ?", Value::Integer(pin));
        }
        let by = Sort {
            key: SortKey::Urgency,
            descending: self.descending,
        }
        .sql();
        let clause = c.sql();
        c.values.push(Value::Integer(limit.max(0)));
        c.values.push(Value::Integer(offset.max(0)));
        let (limit_n, offset_n) = (c.values.len() - 1, c.values.len());
        let sql = format!(
            "SELECT t.id FROM tickets t {clause} ORDER BY {by} LIMIT ?{limit_n} OFFSET ?{offset_n}"
        );
        Ok(conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(c.values.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The ids at `offset..offset + limit` of the list without the pin
    /// (`total` with it), walked from the nearer end; `None` when the walk
    /// would cost more than [`Search::mapped`].
    fn walked(
        &self,
        conn: &Connection,
        offset: i64,
        limit: i64,
        total: i64,
    ) -> Result<Option<Vec<i64>>> {
        let rest_total = total - i64::from(self.pin.is_some());
        let end = (offset + limit.max(0)).min(rest_total);
        if offset >= end {
            return Ok(Some(Vec::new()));
        }
        let from_end = rest_total - end < offset;
        let skip = if from_end { rest_total - end } else { offset };
        let take = end - offset;
        // The entries a walk reads to reach the page, were the matches
        // spread evenly over the desk.
        let expected =
            (skip + take).saturating_mul(self.tickets) / (self.matches.len() as i64).max(1);
        if expected > self.budget {
            return Ok(None);
        }
        let mut walk = Walk::new(self, from_end);
        let mut found = Vec::new();
        let mut seen = 0;
        while (found.len() as i64) < take {
            match walk.next(conn)? {
                Step::Id(id) => {
                    if seen >= skip {
                        found.push(id);
                    }
                    seen += 1;
                }
                Step::End => break,
                Step::Spent => return Ok(None),
            }
        }
        if from_end {
            found.reverse();
        }
        Ok(Some(found))
    }

    /// Ticket `id`'s position in the list (the pin not counted), walked
    /// from the start; `Some(None)` when it is not in the list, `None` when
    /// the walk would cost more than the old way.
    pub(crate) fn position(&self, conn: &Connection, id: i64) -> Result<Option<Option<i64>>> {
        if !self.matches(id) || self.pin == Some(id) {
            return Ok(Some(None));
        }
        let mut walk = Walk::new(self, false);
        let mut at = 0;
        loop {
            match walk.next(conn)? {
                Step::Id(found) if found == id => return Ok(Some(Some(at))),
                Step::Id(_) => at += 1,
                Step::End => return Ok(Some(None)),
                Step::Spent => return Ok(None),
            }
        }
    }
}

/// The ids whose document matches `words`, ascending. The last search's
/// are kept in a temporary table of the connection while nothing has been
/// written (by it: its count of changes; by another: `data_version`): the
/// next page, the last page and keeping the selection read the same
/// matches again, and reading them off the index (the last word as a
/// prefix) is most of what a page costs.
fn matches_of(conn: &Connection, words: &str) -> Result<Vec<i64>> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS search_matches (
             slot INTEGER PRIMARY KEY CHECK (slot = 1),
             words TEXT NOT NULL, data_version INTEGER NOT NULL, changes INTEGER NOT NULL,
             ids BLOB NOT NULL)",
    )?;
    let data_version = crate::store::watch::data_version(conn)?;
    let changes = i64::try_from(conn.total_changes()).unwrap_or(i64::MAX);
    let kept: Option<Vec<u8>> = conn
        .prepare_cached(
            "SELECT ids FROM temp.search_matches
             WHERE words = ?1 AND data_version = ?2 AND changes = ?3",
        )?
        .query_row(rusqlite::params![words, data_version, changes], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(bytes) = kept {
        return Ok(unpacked(&bytes));
    }
    let mut matches: Vec<i64> = conn
        .prepare_cached("SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?1")?
        .query_map([words], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    matches.sort_unstable();
    let bytes = packed(&matches);
    // The one row replaced counts as one change: the stamp is the count
    // after it, so the next read finds it unless something else is written.
    conn.prepare_cached(
        "INSERT OR REPLACE INTO temp.search_matches (slot, words, data_version, changes, ids)
         VALUES (1, ?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![words, data_version, changes + 1, bytes])?;
    Ok(matches)
}

/// The statement reading the next chunk of `run` after key `last` (from
/// its start without one), backwards or not, and its values.
fn chunk_sql(run: &Run, last: Option<&Key>, backwards: bool) -> (String, Vec<Value>) {
    let mut values = run.values.clone();
    let mut condition = run.condition.to_string();
    if let Some(last) = last {
        let first = values.len() + 1;
        let marks: Vec<String> = (first..first + order::URGENCY_COLUMNS)
            .map(|n| format!("?{n}"))
            .collect();
        let op = if backwards { "<" } else { ">" };
        condition = format!(
            "{condition} AND ({}) {op} ({})",
            order::URGENCY,
            marks.join(", ")
        );
        values.extend(last.iter().map(|k| Value::Integer(*k)));
    }
    let by = if backwards {
        order::queue_reversed(false)
    } else {
        order::queue(false)
    };
    values.push(Value::Integer(CHUNK));
    let sql = format!(
        "SELECT {} FROM tickets t {} WHERE {condition} ORDER BY {by} LIMIT ?{}",
        order::URGENCY,
        run.source,
        values.len()
    );
    (sql, values)
}

/// Ascending ids as the gaps between them, seven bits a byte (a common
/// word's matches are close together: about a byte each instead of eight).
fn packed(ids: &[i64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() + 8);
    let mut last = 0i64;
    for id in ids {
        let mut gap = id.wrapping_sub(last) as u64;
        last = *id;
        while gap >= 0x80 {
            out.push((gap & 0x7f) as u8 | 0x80);
            gap >>= 7;
        }
        out.push(gap as u8);
    }
    out
}

/// The ids [`packed`] packed.
fn unpacked(bytes: &[u8]) -> Vec<i64> {
    let mut out = Vec::with_capacity(bytes.len());
    let (mut last, mut gap, mut shift) = (0i64, 0u64, 0u32);
    for byte in bytes {
        gap |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            last = last.wrapping_add(gap as i64);
            out.push(last);
            (gap, shift) = (0, 0);
        } else {
            shift += 7;
        }
    }
    out
}

/// One run's place in a walk: the matches read from it and not yet taken.
struct RunWalk {
    last: Option<Key>,
    ready: VecDeque<Key>,
    done: bool,
}

/// The list in order (or backwards), the runs merged by key.
struct Walk<'s> {
    search: &'s Search,
    backwards: bool,
    runs: Vec<RunWalk>,
    budget: i64,
}

impl<'s> Walk<'s> {
    fn new(search: &'s Search, from_end: bool) -> Walk<'s> {
        Walk {
            search,
            backwards: search.descending != from_end,
            runs: search
                .runs
                .iter()
                .map(|_| RunWalk {
                    last: None,
                    ready: VecDeque::new(),
                    done: false,
                })
                .collect(),
            budget: search.budget,
        }
    }

    /// The next ticket of the list.
    fn next(&mut self, conn: &Connection) -> Result<Step> {
        for run in 0..self.runs.len() {
            while self.runs[run].ready.is_empty() && !self.runs[run].done {
                if self.budget <= 0 {
                    return Ok(Step::Spent);
                }
                self.read(conn, run)?;
            }
        }
        let heads = self
            .runs
            .iter()
            .enumerate()
            .filter_map(|(at, run)| run.ready.front().map(|key| (at, *key)));
        let next = if self.backwards {
            heads.max_by_key(|(_, key)| *key)
        } else {
            heads.min_by_key(|(_, key)| *key)
        };
        Ok(match next {
            Some((at, key)) => {
                self.runs[at].ready.pop_front();
                Step::Id(key[order::URGENCY_COLUMNS - 1])
            }
            None => Step::End,
        })
    }

    /// Reads the next chunk of run `at`, keeping its matches that meet the
    /// other conditions.
    fn read(&mut self, conn: &Connection, at: usize) -> Result<()> {
        let (sql, values) = chunk_sql(
            &self.search.runs[at],
            self.runs[at].last.as_ref(),
            self.backwards,
        );
        let keys: Vec<Key> = conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?])
            })?
            .collect::<rusqlite::Result<_>>()?;
        self.budget -= keys.len() as i64;
        let state = &mut self.runs[at];
        state.done = (keys.len() as i64) < CHUNK;
        state.last = keys.last().copied().or(state.last);
        let id = |key: &Key| key[order::URGENCY_COLUMNS - 1];
        let candidates: Vec<Key> = keys
            .into_iter()
            .filter(|key| self.search.matches(id(key)) && self.search.pin != Some(id(key)))
            .collect();
        let kept = self.meeting_the_rest(conn, &candidates)?;
        let state = &mut self.runs[at];
        state
            .ready
            .extend(candidates.into_iter().filter(|key| kept.contains(&id(key))));
        Ok(())
    }

    /// Which of `keys`' tickets meet the filter's other conditions.
    fn meeting_the_rest(&self, conn: &Connection, keys: &[Key]) -> Result<HashSet<i64>> {
        let ids = keys.iter().map(|key| key[order::URGENCY_COLUMNS - 1]);
        let rest = &self.search.rest;
        if rest.parts.is_empty() || keys.is_empty() {
            return Ok(ids.collect());
        }
        let list = ids.map(|id| id.to_string()).collect::<Vec<_>>().join(",");
        let mut values = rest.values.clone();
        values.push(Value::Text(format!("[{list}]")));
        let sql = format!(
            "SELECT t.id FROM tickets t {} AND t.id IN (SELECT value FROM json_each(?{}))",
            rest.sql(),
            values.len()
        );
        Ok(conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_ids_unpack_to_themselves() {
        for ids in [
            vec![],
            vec![1],
            vec![1, 2, 3, 200, 201, 70_000, 1_000_000, 1_000_001],
            vec![-5, 0, 127, 128, 16_383, 16_384, i64::MAX],
        ] {
            assert_eq!(unpacked(&packed(&ids)), ids);
        }
        assert_eq!(packed(&[1, 2, 3]).len(), 3, "a byte a close id");
    }
}
