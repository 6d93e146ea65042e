//! Computing every ticket's rollups from scratch (an upgrade, `loket rollup
//! rebuild`): chunked, summed in memory, written sorted.

// The cells' types, the dimensions and the imports they need are the
// parent's ([`super`]).
use super::*;

/// Names as small numbers, for the rebuild's sums.
#[derive(Default)]
pub(super) struct Names {
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
pub(super) const REBUILD_CACHE_KIB: i64 = 256 * 1024;

/// Computes every rollup from scratch, inside the caller's transaction.
pub fn rebuild(tx: &Transaction<'_>, now: i64) -> Result<Rebuilt> {
    tx.execute_batch(
        "DELETE FROM rollups; DELETE FROM rollup_tickets; DELETE FROM rollup_values;
         DELETE FROM rollup_dirty;",
    )?;
    crate::store::self_service::refill(tx)?;
    let cache: i64 = tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    tx.pragma_update(None, "cache_size", -REBUILD_CACHE_KIB)?;
    let rebuilt = rebuild_all(tx, now);
    tx.pragma_update(None, "cache_size", cache)?;
    rebuilt
}

pub(super) fn rebuild_all(tx: &Transaction<'_>, now: i64) -> Result<Rebuilt> {
    let calendar = crate::store::settings::calendar(tx)?;
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
            let sorted = sums.sorted();
            tracing::info!(cpu = ?crate::store::bulk::thread_cpu(), "rollups: summing thread done");
            sorted
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
pub(super) type SumKey = (usize, u32, u32, i32);

/// One exact duration, as [`Rebuild`] keeps it until the end.
pub(super) struct ValueRow {
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
pub(super) struct Rebuild {
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
pub(super) struct Sorted {
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
        // Millions of rows, many per statement (see [`MultiInsert`]); the
        // tables are empty, so nothing can conflict.
        let mut insert = MultiInsert::new(
            tx,
            "INSERT OR FAIL INTO rollups (grouping, grp, measure, day, n, total)",
            6,
            BULK_ROWS,
        )?;
        insert.write(&rows, |b, ((grouping, grp, measure, day), (n, total))| {
            b.put(&GROUPINGS[*grouping])?;
            b.put(&names.name(*grp))?;
            b.put(&names.name(*measure))?;
            b.put(day)?;
            b.put(n)?;
            b.put(total)
        })?;
        let mut insert = MultiInsert::new(
            tx,
            "INSERT OR FAIL INTO rollup_values
                 (measure, bucket, day, value, ticket_id, team, assignee, channel, priority)",
            9,
            BULK_ROWS,
        )?;
        insert.write(&values, |b, v| {
            b.put(&SPREADS[usize::from(v.measure)])?;
            b.put(&v.bucket)?;
            b.put(&v.day)?;
            b.put(&v.value)?;
            b.put(&v.ticket)?;
            b.put(&names.name(v.dims[0]))?;
            b.put(&names.name(v.dims[1]))?;
            b.put(&names.name(v.dims[2]))?;
            b.put(&names.name(v.dims[3]))
        })?;
        Ok(Rebuilt {
            tickets,
            rows: u64::try_from(rows.len()).unwrap_or(u64::MAX),
        })
    }
}
