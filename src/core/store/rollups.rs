//! KPI rollups in SQLite (schema: `sql/0004_rollups.sql`; what the cells mean:
//! [`crate::kpi::rollup`]).
//!
//! Keeping them current: triggers note every ticket a transaction touches
//! in `rollup_dirty`; [`refresh`] runs before each [`super::write`] commits
//! (and before an import commits): for each noted ticket it takes the
//! ticket's previous cells back out of `rollups` and adds its new ones, so
//! whatever days a change affects (a reopen moves the last solve, a late
//! survey lands on its own day) are right in the same transaction.
//! [`rebuild`] (`loket rollup --rebuild`, and the generator at the end of
//! its transaction) computes everything from scratch.
//!
//! Reading: [`sums`] gives each group's [`Sums`] for a window of whole local
//! days; [`report`] and [`report_by`] turn them into the same `Report` the
//! exact path gives.

use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc;

use rusqlite::types::Value;
use rusqlite::{
    Connection, OptionalExtension, Transaction, named_params, params, params_from_iter,
};

use super::Result;
use super::facts::load_tickets;
use crate::kpi::facts::{SurveyFact, SurveyKind, WorkSessionFact};
use crate::kpi::report::{Breakdown, GroupReport, NO_GROUP, Report};
use crate::kpi::rollup::figures::{self, Days, Sums};
use crate::kpi::rollup::measure::SPREADS;
use crate::kpi::rollup::{
    Cell, TicketRollup, TicketWork, day_of, histogram_cell, measure, ticket_rollup,
};
use crate::kpi::window::{Window, local_midnight};
use crate::sla::Calendar;

/// Tickets loaded at once by [`rebuild`].
const CHUNK: i64 = 5_000;

/// The groupings a cell is summed under (the `grouping` column).
pub const GROUPINGS: [&str; 5] = ["desk", "team", "agent", "channel", "priority"];

/// The groups a ticket is counted in now.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dims {
    team: String,
    assignee: String,
    channel: String,
    priority: String,
}

impl Dims {
    fn of(work: &TicketWork) -> Dims {
        let t = &work.ticket;
        Dims {
            team: t.team.clone().unwrap_or_else(|| NO_GROUP.into()),
            assignee: t.assignee.clone().unwrap_or_else(|| NO_GROUP.into()),
            channel: t.channel.as_str().into(),
            priority: t.priority.as_str().into(),
        }
    }

    /// `(grouping, group)` pairs a cell goes to: under `agent`, an agent's
    /// own work counts for that agent.
    fn groups<'a>(&'a self, cell: &'a Cell) -> [(&'static str, &'a str); 5] {
        [
            ("desk", ""),
            ("team", &self.team),
            ("agent", cell.actor.as_deref().unwrap_or(&self.assignee)),
            ("channel", &self.channel),
            ("priority", &self.priority),
        ]
    }
}

/// Short codes for the measures in `rollup_tickets.cells` (a million tickets
/// keep their cells there: the full names would double its size).
const CODES: &[(&str, &str)] = &[
    (measure::CREATED_CHANNEL, "cc:"),
    (measure::CREATED_TEAM, "ct:"),
    (measure::CREATED_TAG, "cg:"),
    (measure::CREATED, "c"),
    (measure::BACKLOG, "b"),
    (measure::FRT_BUSINESS, "fb"),
    (measure::FRT, "f"),
    (measure::TTR_BUSINESS, "tb"),
    (measure::TTR, "t"),
    (measure::RESPONSE, "r"),
    (measure::HANDLED_BY, "hdb"),
    (measure::HANDLE_BY, "hb"),
    (measure::HANDLED, "hd"),
    (measure::HANDLE, "h"),
    (measure::CALL_BY, "kb"),
    (measure::CALL, "k"),
    (measure::SOLVED_BY, "sb"),
    (measure::SOLVED, "s"),
    (measure::FCR_BASE, "fcb"),
    (measure::FCR_OK, "fco"),
    (measure::REOPENED, "ro"),
    (measure::ASSIGNED_TO, "at"),
    (measure::ESCALATED, "e"),
    (measure::SLA_DUE, "sd"),
    (measure::SLA_MET, "sm"),
    (measure::CSAT_GOOD, "qg"),
    (measure::CSAT, "q"),
    (measure::NPS_PROMOTER, "np"),
    (measure::NPS_DETRACTOR, "nd"),
    (measure::NPS, "n"),
    (measure::COLLISIONS, "x"),
];

/// Splits a measure into its base name and suffix (`frt#12` → `frt`, `#12`;
/// `created_tag:vip` → `created_tag:`, `vip`).
fn split_measure(m: &str) -> (&str, &str) {
    let cut = m.find([measure::HIST, measure::REPEAT]).unwrap_or(m.len());
    match m.find(':') {
        Some(colon) if colon < cut => m.split_at(colon + 1),
        _ => m.split_at(cut),
    }
}

fn push_code(out: &mut String, m: &str) {
    let (base, suffix) = split_measure(m);
    match CODES.iter().find(|(name, _)| *name == base) {
        Some((_, code)) => {
            out.push_str(code);
            push_escaped(out, suffix);
        }
        None => {
            out.push('=');
            push_escaped(out, m);
        }
    }
}

fn name_of(code: &str) -> String {
    if let Some(full) = code.strip_prefix('=') {
        return full.to_string();
    }
    let cut = code
        .find([':', measure::HIST, measure::REPEAT])
        .map_or(code.len(), |i| {
            if code.as_bytes()[i] == b':' { i + 1 } else { i }
        });
    let (short, suffix) = code.split_at(cut);
    CODES
        .iter()
        .find(|(_, c)| *c == short)
        .map_or_else(|| code.to_string(), |(name, _)| format!("{name}{suffix}"))
}

/// Cells as stored in `rollup_tickets.cells`: the first day, then per cell
/// `code,day offset,actor,n,total` separated by `;`, with trailing defaults
/// (no actor, n 1, total 0) left off. Measure text never holds `,` or `;`:
/// tags are normalised words, and other names are escaped below.
fn encode(cells: &[Cell]) -> String {
    use std::fmt::Write as _;
    let base = cells.iter().map(|c| c.day).min().unwrap_or(0);
    let mut out = String::with_capacity(16 + cells.len() * 12);
    let _ = write!(out, "{base}");
    for c in cells {
        out.push(';');
        push_code(&mut out, &c.measure);
        let _ = write!(out, ",{}", c.day - base);
        // Trailing defaults are left off: total 0, then n 1, then no actor.
        let fields = match (c.total, c.n, &c.actor) {
            (0, 1, None) => 0,
            (0, 1, Some(_)) => 1,
            (0, _, _) => 2,
            _ => 3,
        };
        if fields >= 1 {
            out.push(',');
            push_escaped(&mut out, c.actor.as_deref().unwrap_or(""));
        }
        if fields >= 2 {
            let _ = write!(out, ",{}", c.n);
        }
        if fields >= 3 {
            let _ = write!(out, ",{}", c.total);
        }
    }
    out
}

fn push_escaped(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '%' => out.push_str("%25"),
            ',' => out.push_str("%2C"),
            ';' => out.push_str("%3B"),
            _ => out.push(ch),
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("%3B", ";")
        .replace("%2C", ",")
        .replace("%25", "%")
}

fn decode(text: &str) -> Vec<Cell> {
    let mut parts = text.split(';');
    let base: i32 = parts.next().and_then(|b| b.parse().ok()).unwrap_or(0);
    parts
        .filter_map(|cell| {
            let mut f = cell.split(',');
            let measure = name_of(&unescape(f.next()?));
            let day = base + f.next()?.parse::<i32>().ok()?;
            let actor = f.next().map(unescape).filter(|a| !a.is_empty());
            let n = f.next().map_or(Some(1), |v| v.parse().ok())?;
            let total = f.next().map_or(Some(0), |v| v.parse().ok())?;
            Some(Cell {
                measure,
                day,
                actor,
                n,
                total,
            })
        })
        .collect()
}

/// Tickets with ids in `[lo, hi]` with their work sessions and surveys.
fn load_work(conn: &Connection, lo: i64, hi: i64) -> Result<Vec<TicketWork>> {
    let tickets = load_tickets(
        conn,
        "WITH wanted(id) AS (SELECT id FROM tickets WHERE id BETWEEN :lo AND :hi)",
        named_params! { ":lo": lo, ":hi": hi },
        "",
    )?;
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut works: Vec<TicketWork> = tickets
        .into_iter()
        .enumerate()
        .map(|(i, ticket)| {
            index.insert(ticket.id, i);
            TicketWork {
                ticket,
                sessions: Vec::new(),
                surveys: Vec::new(),
            }
        })
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT s.ticket_id, a.name, s.ended_at, s.active_s
         FROM work_sessions s JOIN agents a ON a.id = s.agent_id
         WHERE s.ticket_id BETWEEN ?1 AND ?2 AND s.ended_at IS NOT NULL
         ORDER BY s.ended_at, s.id",
    )?;
    let mut rows = stmt.query(params![lo, hi])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if let Some(&i) = index.get(&id) {
            works[i].sessions.push(WorkSessionFact {
                ticket_id: id,
                agent: r.get(1)?,
                ended_at: r.get(2)?,
                active_s: r.get(3)?,
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT ticket_id, kind, score, at FROM surveys
         WHERE ticket_id BETWEEN ?1 AND ?2 ORDER BY at, id",
    )?;
    let mut rows = stmt.query(params![lo, hi])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if let Some(&i) = index.get(&id) {
            works[i].surveys.push(survey(
                Some(id),
                &r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
            ));
        }
    }
    Ok(works)
}

fn survey(ticket_id: Option<i64>, kind: &str, score: i64, at: i64) -> SurveyFact {
    SurveyFact {
        ticket_id,
        kind: if kind == "nps" {
            SurveyKind::Nps
        } else {
            SurveyKind::Csat
        },
        score,
        at,
    }
}

/// One kept duration with the ticket's groups.
const INSERT_VALUE: &str = "INSERT INTO rollup_values
    (measure, bucket, day, value, ticket_id, team, assignee, channel, priority)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/// Adds `sign` × ticket `id`'s cells to `rollups` under every grouping,
/// and adds (or, for a negative sign, takes out) its exact durations.
fn apply(tx: &Transaction<'_>, id: i64, dims: &Dims, cells: &[Cell], sign: i64) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO rollups (grouping, grp, measure, day, n, total) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (grouping, day, grp, measure)
         DO UPDATE SET n = n + excluded.n, total = total + excluded.total",
    )?;
    for cell in cells {
        for (grouping, grp) in dims.groups(cell) {
            stmt.execute(params![
                grouping,
                grp,
                cell.measure,
                cell.day,
                sign * cell.n,
                sign * cell.total
            ])?;
        }
    }
    for cell in cells {
        let Some((measure, bucket)) = histogram_cell(&cell.measure) else {
            continue;
        };
        if sign > 0 {
            tx.prepare_cached(INSERT_VALUE)?.execute(params![
                measure,
                bucket,
                cell.day,
                cell.total,
                id,
                dims.team,
                dims.assignee,
                dims.channel,
                dims.priority
            ])?;
        } else {
            tx.prepare_cached(
                "DELETE FROM rollup_values
                 WHERE measure = ?1 AND bucket = ?2 AND day = ?3 AND value = ?4 AND ticket_id = ?5",
            )?
            .execute(params![measure, bucket, cell.day, cell.total, id])?;
        }
    }
    Ok(())
}

/// A ticket's row of `rollup_tickets`, ready to store.
struct Rolled {
    id: i64,
    dims: Dims,
    cells: String,
    due_a: Option<i64>,
    due_b: Option<i64>,
    active: bool,
}

impl Rolled {
    fn of(work: &TicketWork, dims: Dims, rollup: &TicketRollup) -> Rolled {
        Rolled {
            id: work.ticket.id,
            dims,
            cells: encode(&rollup.cells),
            due_a: rollup.open_dues.first().copied(),
            due_b: rollup.open_dues.get(1).copied(),
            active: work.ticket.status.is_active(),
        }
    }

    fn store_all(tx: &Transaction<'_>, rows: &[Rolled]) -> Result<()> {
        rows.iter().try_for_each(|row| row.store(tx))
    }

    fn store(&self, tx: &Transaction<'_>) -> Result<()> {
        tx.prepare_cached(
            "INSERT OR REPLACE INTO rollup_tickets
                 (ticket_id, team, assignee, channel, priority, cells, due_a, due_b, active)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            self.id,
            self.dims.team,
            self.dims.assignee,
            self.dims.channel,
            self.dims.priority,
            self.cells,
            self.due_a,
            self.due_b,
            self.active
        ])?;
        Ok(())
    }
}

/// Brings the rollups of every ticket noted in `rollup_dirty` up to date,
/// inside the caller's transaction.
pub fn refresh(tx: &Transaction<'_>) -> Result<()> {
    let dirty: Vec<i64> = tx
        .prepare_cached("SELECT ticket_id FROM rollup_dirty ORDER BY ticket_id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if dirty.is_empty() {
        return Ok(());
    }
    let calendar = super::settings::calendar(tx)?;
    let now = chrono::Utc::now().timestamp();
    for id in dirty {
        let old = tx
            .prepare_cached(
                "SELECT team, assignee, channel, priority, cells FROM rollup_tickets WHERE ticket_id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    Dims {
                        team: r.get(0)?,
                        assignee: r.get(1)?,
                        channel: r.get(2)?,
                        priority: r.get(3)?,
                    },
                    r.get::<_, String>(4)?,
                ))
            })
            .optional()?;
        if let Some((dims, cells)) = old {
            apply(tx, id, &dims, &decode(&cells), -1)?;
            tx.prepare_cached("DELETE FROM rollup_tickets WHERE ticket_id = ?1")?
                .execute([id])?;
        }
        if let Some(work) = load_work(tx, id, id)?.into_iter().next() {
            let dims = Dims::of(&work);
            let rollup = ticket_rollup(&work, &calendar, now);
            apply(tx, id, &dims, &rollup.cells, 1)?;
            Rolled::of(&work, dims, &rollup).store(tx)?;
        }
    }
    tx.execute("DELETE FROM rollups WHERE n = 0 AND total = 0", [])?;
    tx.execute("DELETE FROM rollup_dirty", [])?;
    Ok(())
}

/// Names as small numbers, for the rebuild's sums.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32, foldhash::fast::RandomState>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }
}

/// What [`rebuild`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Rebuilt {
    pub tickets: u64,
    pub rows: u64,
}

/// Page cache for a rebuild (KiB): the rollup tables and their indexes stay
/// in memory while a million tickets' rows go in.
const REBUILD_CACHE_KIB: i64 = 256 * 1024;

/// Computes every rollup from scratch, inside the caller's transaction.
pub fn rebuild(tx: &Transaction<'_>, now: i64) -> Result<Rebuilt> {
    tx.execute_batch(
        "DELETE FROM rollups; DELETE FROM rollup_tickets; DELETE FROM rollup_values;
         DELETE FROM rollup_dirty;",
    )?;
    let cache: i64 = tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    tx.pragma_update(None, "cache_size", -REBUILD_CACHE_KIB)?;
    let rebuilt = rebuild_all(tx, now);
    tx.pragma_update(None, "cache_size", cache)?;
    rebuilt
}

fn rebuild_all(tx: &Transaction<'_>, now: i64) -> Result<Rebuilt> {
    let calendar = super::settings::calendar(tx)?;
    let max_id: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM tickets", [], |r| r.get(0))?;
    let mut feeder = Feeder::start(calendar, now);
    let mut lo = 1;
    while lo <= max_id {
        let hi = lo + CHUNK - 1;
        feeder.feed(tx, load_work(tx, lo, hi)?)?;
        lo = hi + 1;
    }
    feeder.finish(tx)
}

/// Computes the rollups of many tickets from scratch on a second thread
/// while the caller's thread goes on writing: [`rebuild`] hands it chunks
/// of tickets it loads, the generator the tickets it plays (no reading
/// back). Each [`Feeder::feed`] stores the `rollup_tickets` rows of the
/// tickets summed meanwhile; [`Feeder::finish`] writes the sums. The
/// rollup tables must be empty when it starts.
pub struct Feeder {
    works: Option<mpsc::SyncSender<Vec<TicketWork>>>,
    rows: mpsc::Receiver<Vec<Rolled>>,
    summer: Option<std::thread::JoinHandle<Sorted>>,
}

impl Feeder {
    pub fn start(calendar: Calendar, now: i64) -> Feeder {
        // A few chunks ahead at most, so memory stays bounded when the
        // summing thread falls behind.
        let (works, works_in) = mpsc::sync_channel::<Vec<TicketWork>>(4);
        let (rows_out, rows) = mpsc::channel::<Vec<Rolled>>();
        let summer = std::thread::spawn(move || {
            let mut sums = Rebuild::default();
            for chunk in works_in {
                let mut rolled = Vec::with_capacity(chunk.len());
                for work in &chunk {
                    let dims = Dims::of(work);
                    let rollup = ticket_rollup(work, &calendar, now);
                    sums.add(work.ticket.id, &dims, &rollup.cells);
                    rolled.push(Rolled::of(work, dims, &rollup));
                }
                sums.end_chunk();
                if rows_out.send(rolled).is_err() {
                    break;
                }
            }
            // No more tickets: sort while the caller goes on.
            sums.sorted()
        });
        Feeder {
            works: Some(works),
            rows,
            summer: Some(summer),
        }
    }

    /// Hands over some tickets, and stores the rows of those summed so far.
    pub fn feed(&mut self, tx: &Transaction<'_>, works: Vec<TicketWork>) -> Result<()> {
        if let Some(sender) = &self.works {
            // A closed channel means the thread panicked: finish says so.
            let _ = sender.send(works);
        }
        while let Ok(batch) = self.rows.try_recv() {
            Rolled::store_all(tx, &batch)?;
        }
        Ok(())
    }

    /// No more tickets come: the thread sorts its sums while the caller
    /// does other work before [`Feeder::finish`].
    pub fn close(&mut self) {
        self.works = None;
    }

    /// Stores the remaining rows and writes the sums.
    pub fn finish(mut self, tx: &Transaction<'_>) -> Result<Rebuilt> {
        self.close();
        while let Ok(batch) = self.rows.recv() {
            Rolled::store_all(tx, &batch)?;
        }
        let sums = match self.summer.take().map(std::thread::JoinHandle::join) {
            Some(Ok(sums)) => sums,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Rebuild::default().sorted(),
        };
        sums.write(tx)
    }
}

/// (grouping, group, measure, day), names as [`Names`] ids.
type SumKey = (usize, u32, u32, i32);

/// One exact duration, as [`Rebuild`] keeps it until the end.
struct ValueRow {
    measure: u8,
    bucket: i64,
    day: i32,
    value: i64,
    ticket: i64,
    /// Team, assignee, channel and priority, as [`Names`] ids.
    dims: [u32; 4],
}

/// Sums the cells of many tickets in memory and writes them at the end, in
/// key order (sorted inserts fill b-tree pages one after another; inserts
/// in hash order touch a different page each time).
#[derive(Default)]
struct Rebuild {
    // Sums keyed by interned names: a million tickets add some 180 million
    // cells, and owned strings in every key made the rebuild twice as slow.
    names: Names,
    sums: HashMap<SumKey, (i64, i64), foldhash::fast::RandomState>,
    /// The current chunk's sums: tickets of a chunk were created about the
    /// same time and share most of their keys, so summing a chunk in a
    /// small map (in cache) and merging it into the big one once takes a
    /// fraction of the big map's scattered lookups.
    chunk: HashMap<SumKey, (i64, i64), foldhash::fast::RandomState>,
    values: Vec<ValueRow>,
    tickets: u64,
}

impl Rebuild {
    /// Sums one ticket's cells; its row for `rollup_tickets`.
    /// Sums one ticket's cells.
    fn add(&mut self, id: i64, dims: &Dims, cells: &[Cell]) {
        let names = &mut self.names;
        let fixed = [
            names.id(""),
            names.id(&dims.team),
            names.id(&dims.assignee),
            names.id(&dims.channel),
            names.id(&dims.priority),
        ];
        for cell in cells {
            let measure = names.id(&cell.measure);
            let mut groups = fixed;
            if let Some(actor) = &cell.actor {
                groups[2] = names.id(actor);
            }
            for (grouping, grp) in groups.into_iter().enumerate() {
                let e = self
                    .chunk
                    .entry((grouping, grp, measure, cell.day))
                    .or_default();
                e.0 += cell.n;
                e.1 += cell.total;
            }
            if let Some((m, bucket)) = histogram_cell(&cell.measure)
                && let Some(index) = SPREADS.iter().position(|s| *s == m)
            {
                self.values.push(ValueRow {
                    measure: u8::try_from(index).unwrap_or(u8::MAX),
                    bucket,
                    day: cell.day,
                    value: cell.total,
                    ticket: id,
                    dims: [fixed[1], fixed[2], fixed[3], fixed[4]],
                });
            }
        }
        self.tickets += 1;
    }

    /// Adds the chunk's sums to the whole's.
    fn end_chunk(&mut self) {
        for (key, (n, total)) in self.chunk.drain() {
            let e = self.sums.entry(key).or_default();
            e.0 += n;
            e.1 += total;
        }
    }

    /// The sums and durations in key order, ready to write (sorted inserts
    /// fill b-tree pages one after another).
    fn sorted(mut self) -> Sorted {
        self.end_chunk();
        let Rebuild {
            names,
            sums,
            mut values,
            tickets,
            ..
        } = self;
        // Each name's place in text order, so rows sort as their keys do.
        let mut order: Vec<u32> = (0..u32::try_from(names.names.len()).unwrap_or(0)).collect();
        order.sort_by(|a, b| names.name(*a).cmp(names.name(*b)));
        let mut rank = vec![0_u32; order.len()];
        for (place, id) in order.into_iter().enumerate() {
            rank[id as usize] = u32::try_from(place).unwrap_or(u32::MAX);
        }
        let rank_of = |id: u32| rank.get(id as usize).copied().unwrap_or(u32::MAX);
        let mut rows: Vec<_> = sums
            .into_iter()
            .filter(|(_, (n, total))| *n != 0 || *total != 0)
            .collect();
        // The primary key is (grouping, day, grp, measure).
        rows.sort_unstable_by_key(|((grouping, grp, measure, day), _)| {
            (GROUPINGS[*grouping], *day, rank_of(*grp), rank_of(*measure))
        });
        values.sort_unstable_by_key(|v| {
            (
                SPREADS[usize::from(v.measure)],
                v.bucket,
                v.day,
                v.value,
                v.ticket,
            )
        });
        Sorted {
            names,
            rows,
            values,
            tickets,
        }
    }
}

/// What [`Rebuild::sorted`] gives.
struct Sorted {
    names: Names,
    rows: Vec<(SumKey, (i64, i64))>,
    values: Vec<ValueRow>,
    tickets: u64,
}

impl Sorted {
    fn write(self, tx: &Transaction<'_>) -> Result<Rebuilt> {
        let Sorted {
            names,
            rows,
            values,
            tickets,
        } = self;
        let mut stmt = tx.prepare(
            "INSERT INTO rollups (grouping, grp, measure, day, n, total) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for ((grouping, grp, measure, day), (n, total)) in &rows {
            stmt.execute(params![
                GROUPINGS[*grouping],
                names.name(*grp),
                names.name(*measure),
                day,
                n,
                total
            ])?;
        }
        let mut stmt = tx.prepare(INSERT_VALUE)?;
        for v in &values {
            stmt.execute(params![
                SPREADS[usize::from(v.measure)],
                v.bucket,
                v.day,
                v.value,
                v.ticket,
                names.name(v.dims[0]),
                names.name(v.dims[1]),
                names.name(v.dims[2]),
                names.name(v.dims[3]),
            ])?;
        }
        Ok(Rebuilt {
            tickets,
            rows: u64::try_from(rows.len()).unwrap_or(u64::MAX),
        })
    }
}

/// Whether some tickets' rollups wait for a refresh (rows written by plain
/// SQL, outside [`super::write`]): readers then compute exactly instead.
pub fn stale(conn: &Connection) -> Result<bool> {
    Ok(
        conn.query_row("SELECT EXISTS (SELECT 1 FROM rollup_dirty)", [], |r| {
            r.get(0)
        })?,
    )
}

/// A window as whole local days, when it is one (named windows always are).
pub fn days_of(calendar: &Calendar, window: Window) -> Option<Days> {
    let tz = calendar.time_zone();
    let from = day_of(tz, window.from);
    let to = day_of(tz, window.to);
    let midnight =
        |day: i32| chrono::NaiveDate::from_num_days_from_ce_opt(day).map(|d| local_midnight(tz, d));
    (midnight(from) == Some(window.from) && midnight(to) == Some(window.to) && to > from)
        .then_some(Days { from, to })
}

/// Each group's sums over `days` under `grouping`, as of `now`.
pub fn sums(
    conn: &Connection,
    grouping: &str,
    days: Days,
    window: Window,
    now: i64,
) -> Result<BTreeMap<String, Sums>> {
    let mut out: BTreeMap<String, Sums> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT grp, measure, day, n, total FROM rollups
         WHERE grouping = ?1 AND day >= ?2 AND day < ?3",
    )?;
    let mut rows = stmt.query(params![grouping, days.from, days.to])?;
    while let Some(r) = rows.next()? {
        let sums = out.entry(r.get(0)?).or_default();
        sums.cells
            .insert((r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT grp, day, n FROM rollups WHERE grouping = ?1 AND measure = 'backlog' AND day < ?2",
    )?;
    let mut rows = stmt.query(params![grouping, days.to])?;
    while let Some(r) = rows.next()? {
        let sums = out.entry(r.get(0)?).or_default();
        sums.backlog_days.insert(r.get(1)?, r.get(2)?);
    }
    let rt_column = group_column(grouping).unwrap_or("''");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {rt_column}, assignee != 'none', count(*) FROM rollup_tickets
         WHERE active = 1 GROUP BY 1, 2"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let sums = out.entry(r.get(0)?).or_default();
        let count: usize = r.get::<_, i64>(2)?.try_into().unwrap_or(0);
        if r.get::<_, bool>(1)? {
            sums.backlog_now.assigned += count;
        } else {
            sums.backlog_now.new += count;
        }
        sums.backlog_now.total += count;
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT g, count(*) FROM (
             SELECT {rt_column} AS g FROM rollup_tickets WHERE due_a > :now AND due_a >= :from AND due_a < :to
             UNION ALL
             SELECT {rt_column} AS g FROM rollup_tickets WHERE due_b > :now AND due_b >= :from AND due_b < :to
         ) GROUP BY g"
    ))?;
    let mut rows =
        stmt.query(named_params! { ":now": now, ":from": window.from, ":to": window.to })?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().sla_undecided = r.get(1)?;
    }
    if grouping == "desk" {
        let desk = out.entry(String::new()).or_default();
        desk.loose_surveys = conn
            .prepare_cached(
                "SELECT kind, score, at FROM surveys
                 WHERE ticket_id IS NULL AND at >= ?1 AND at < ?2 ORDER BY at",
            )?
            .query_map(params![window.from, window.to], |r| {
                Ok(survey(None, &r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let views: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM kb_views WHERE self_service = 1 AND at >= ?1 AND at < ?2",
            )?
            .query_row(params![window.from, window.to], |r| r.get(0))?;
        desk.self_service_views = Some(usize::try_from(views).unwrap_or(0));
    }
    Ok(out)
}

/// Whose durations a median is taken over.
#[derive(Debug, Clone, Copy)]
pub enum Among<'a> {
    /// Every ticket.
    Desk,
    /// One group of a grouping (`team`, `agent`, `channel`, `priority`).
    Group { grouping: &'a str, group: &'a str },
    /// The tickets of some teams (a restricted viewer's desk).
    Teams(&'a [String]),
}

/// Fetches the exact durations `sums` needs for the median and p90 of each
/// of `measures` over `days`: only those of the buckets the ranks fall in
/// ([`Sums::wanted_buckets`]), one index range each. Afterwards
/// [`figures::report`] gives those medians and p90 exactly.
pub fn load_exact(
    conn: &Connection,
    sums: &mut Sums,
    measures: &[&str],
    days: Days,
    among: Among<'_>,
) -> Result<()> {
    let (filter, group) = match among {
        Among::Desk => (String::new(), None),
        Among::Group { grouping, group } => {
            let Some(column) = group_column(grouping) else {
                return Ok(());
            };
            (format!(" AND {column} = ?5"), Some(group.to_string()))
        }
        Among::Teams(teams) => (
            " AND team IN (SELECT value FROM json_each(?5))".to_string(),
            Some(serde_json::to_string(teams).unwrap_or_else(|_| "[]".into())),
        ),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT day, value FROM rollup_values
         WHERE measure = ?1 AND bucket = ?2 AND day >= ?3 AND day < ?4{filter}"
    ))?;
    for measure in measures {
        for bucket in sums.wanted_buckets(measure, days) {
            let key = ((*measure).to_string(), bucket);
            if sums.exact.get(&key).is_some_and(|e| e.covers(days)) {
                continue;
            }
            let mut args: Vec<Value> = vec![
                Value::Text((*measure).to_string()),
                Value::Integer(bucket),
                Value::Integer(days.from.into()),
                Value::Integer(days.to.into()),
            ];
            args.extend(group.clone().map(Value::Text));
            let rows = stmt
                .query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<(i32, i64)>>>()?;
            sums.exact.entry(key).or_default().load(days, rows);
        }
    }
    Ok(())
}

/// The column of `rollup_tickets` and `rollup_values` holding a ticket's
/// group under `grouping` (`None` for the desk, which is every ticket).
fn group_column(grouping: &str) -> Option<&'static str> {
    match grouping {
        "team" => Some("team"),
        "agent" => Some("assignee"),
        "channel" => Some("channel"),
        "priority" => Some("priority"),
        _ => None,
    }
}

/// The grouping column value of a breakdown.
pub fn grouping_of(by: Breakdown) -> &'static str {
    match by {
        Breakdown::Team => "team",
        Breakdown::Agent => "agent",
        Breakdown::Channel => "channel",
        Breakdown::Priority => "priority",
    }
}

/// The window's days when the rollups can answer for it: it is whole local
/// days, no ticket waits for a refresh, and no team restriction applies
/// (the exact path then reads only the viewer's tickets; the rollups hold
/// the whole desk).
fn readable_days(conn: &Connection, window: Window) -> Result<Option<Days>> {
    let calendar = super::settings::calendar(conn)?;
    Ok(days_of(&calendar, window).filter(|_| {
        !stale(conn).unwrap_or(true) && !super::visibility::applies(conn).unwrap_or(true)
    }))
}

/// The desk's report over a window of whole local days, from the rollups;
/// `None` when the window does not start and end at local midnights, or
/// when the rollups wait for a refresh ([`stale`]).
pub fn report(conn: &Connection, window: Window, now: i64) -> Result<Option<Report>> {
    let Some(days) = readable_days(conn, window)? else {
        return Ok(None);
    };
    let mut desk = sums(conn, "desk", days, window, now)?
        .remove("")
        .unwrap_or_default();
    load_exact(conn, &mut desk, &SPREADS, days, Among::Desk)?;
    Ok(Some(figures::report(&desk, days, window, false)))
}

/// Whether a group has anything to show in the window: cells, a backlog,
/// or targets falling due.
pub fn has_figures(s: &Sums) -> bool {
    !s.cells.is_empty() || s.backlog_now.total > 0 || s.sla_undecided > 0
}

/// The report per group, as [`report`] (groups in name order).
pub fn report_by(
    conn: &Connection,
    by: Breakdown,
    window: Window,
    now: i64,
) -> Result<Option<Vec<GroupReport>>> {
    let Some(days) = readable_days(conn, window)? else {
        return Ok(None);
    };
    let grouping = grouping_of(by);
    let mut reports = Vec::new();
    for (group, mut s) in sums(conn, grouping, days, window, now)? {
        if !has_figures(&s) {
            continue;
        }
        let among = Among::Group {
            grouping,
            group: &group,
        };
        load_exact(conn, &mut s, &SPREADS, days, among)?;
        reports.push(GroupReport {
            report: figures::report(&s, days, window, by == Breakdown::Agent),
            group,
        });
    }
    Ok(Some(reports))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip_through_their_stored_text() {
        let cells = vec![
            Cell {
                measure: "frt#169".into(),
                day: 739_854,
                actor: None,
                n: 1,
                total: 0,
            },
            Cell {
                measure: "created_tag:a,b;c%".into(),
                day: 739_860,
                actor: None,
                n: 1,
                total: 0,
            },
            Cell {
                measure: "handled_by~3".into(),
                day: 739_857,
                actor: Some("ilse".into()),
                n: 1,
                total: 0,
            },
            Cell {
                measure: "backlog".into(),
                day: 739_855,
                actor: None,
                n: -1,
                total: 0,
            },
            Cell {
                measure: "handle_by".into(),
                day: 739_855,
                actor: Some("bram".into()),
                n: 0,
                total: 792,
            },
            Cell {
                measure: "something_new".into(),
                day: 739_850,
                actor: None,
                n: 2,
                total: 5,
            },
        ];
        let text = encode(&cells);
        assert_eq!(decode(&text), cells, "{text}");
        assert!(text.contains(";f#169,4"), "{text}");
    }
}
