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
    /// By measure id: the spread and bucket of a histogram measure (`None`
    /// for any other), worked out once per name instead of once per cell.
    spreads: Vec<Option<(u8, i64)>>,
    sums: Grid,
    values: Vec<ValueRow>,
    tickets: u64,
}

impl Rebuild {
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
                self.sums
                    .add(grouping, grp, measure, cell.day, cell.n, cell.total);
            }
            let m = measure as usize;
            if self.spreads.len() <= m {
                let more = names.names[self.spreads.len()..=m].iter().map(|name| {
                    let (base, bucket) = histogram_cell(name)?;
                    let index = SPREADS.iter().position(|s| *s == base)?;
                    Some((u8::try_from(index).ok()?, bucket))
                });
                self.spreads.extend(more.collect::<Vec<_>>());
            }
            if let Some(Some((measure, bucket))) = self.spreads.get(m).copied() {
                self.values.push(ValueRow {
                    measure,
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

    /// The sums and durations in key order, ready to write (sorted inserts
    /// fill b-tree pages one after another).
    fn sorted(self) -> Sorted {
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
        let mut rows = sums.rows();
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

/// Days per block of a [`Grid`] series.
const BLOCK_DAYS: i32 = 16;

/// No slot, series or block yet.
const NONE: u32 = u32::MAX;

/// The rebuild's sums: `(grouping, group, measure)` is a series, found by
/// indexing (no hashing), and each series keeps its days in blocks of
/// [`BLOCK_DAYS`]. Tickets come about in the order they were created, so
/// nearly every cell lands in the block its series used last, which the
/// series remembers: only a move to another block looks one up. (Summing
/// in hash maps keyed by the whole key took a third of the summing
/// thread's time in a 60,000-ticket profile.)
#[derive(Default)]
struct Grid {
    /// By name id: its slot under each grouping, [`NONE`] if none yet.
    slots: Vec<[u32; 5]>,
    slot_count: u32,
    /// By measure id, then slot: the series, [`NONE`] if none yet.
    series_of: Vec<Vec<u32>>,
    series: Vec<Series>,
    /// `(series, block number)` → its place in `blocks`.
    index: HashMap<(u32, i32), u32, foldhash::fast::RandomState>,
    blocks: Vec<[(i64, i64); BLOCK_DAYS as usize]>,
}

/// One `(grouping, group, measure)` and the block it used last.
struct Series {
    grouping: u8,
    grp: u32,
    measure: u32,
    block_number: i32,
    block: u32,
}

impl Grid {
    fn add(&mut self, grouping: usize, grp: u32, measure: u32, day: i32, n: i64, total: i64) {
        let series = self.series(grouping, grp, measure);
        let number = day.div_euclid(BLOCK_DAYS);
        let s = &mut self.series[series as usize];
        if s.block == NONE || s.block_number != number {
            let next = u32::try_from(self.blocks.len()).unwrap_or(NONE);
            let block = *self.index.entry((series, number)).or_insert(next);
            if block == next {
                self.blocks.push([(0, 0); BLOCK_DAYS as usize]);
            }
            s.block_number = number;
            s.block = block;
        }
        let offset = day.rem_euclid(BLOCK_DAYS) as usize;
        let sum = &mut self.blocks[s.block as usize][offset];
        sum.0 += n;
        sum.1 += total;
    }

    /// The series of `(grouping, grp, measure)`, made when new.
    fn series(&mut self, grouping: usize, grp: u32, measure: u32) -> u32 {
        let g = grp as usize;
        if self.slots.len() <= g {
            self.slots.resize(g + 1, [NONE; 5]);
        }
        let mut slot = self.slots[g][grouping];
        if slot == NONE {
            slot = self.slot_count;
            self.slot_count += 1;
            self.slots[g][grouping] = slot;
        }
        let m = measure as usize;
        if self.series_of.len() <= m {
            self.series_of.resize_with(m + 1, Vec::new);
        }
        let of_measure = &mut self.series_of[m];
        if of_measure.len() <= slot as usize {
            of_measure.resize(slot as usize + 1, NONE);
        }
        let mut series = of_measure[slot as usize];
        if series == NONE {
            series = u32::try_from(self.series.len()).unwrap_or(NONE);
            of_measure[slot as usize] = series;
            self.series.push(Series {
                grouping: u8::try_from(grouping).unwrap_or(u8::MAX),
                grp,
                measure,
                block_number: 0,
                block: NONE,
            });
        }
        series
    }

    /// Every sum not zero, in no particular order.
    fn rows(self) -> Vec<(SumKey, (i64, i64))> {
        let mut rows = Vec::new();
        for ((series, number), block) in self.index {
            let s = &self.series[series as usize];
            for (offset, &(n, total)) in self.blocks[block as usize].iter().enumerate() {
                if n != 0 || total != 0 {
                    let day = number * BLOCK_DAYS + offset as i32;
                    rows.push(((usize::from(s.grouping), s.grp, s.measure, day), (n, total)));
                }
            }
        }
        tracing::info!(
            series = self.series.len(),
            blocks = self.blocks.len(),
            rows = rows.len(),
            "rollups: sums collected"
        );
        rows
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The grid's sums equal those of a plain map over the same adds:
    /// days on both sides of zero and of block edges, series made in any
    /// order, sums that come back to zero left out.
    #[test]
    fn the_grids_sums_equal_a_maps() {
        let mut grid = Grid::default();
        let mut reference: BTreeMap<SumKey, (i64, i64)> = BTreeMap::new();
        let mut state: u64 = 7;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % below
        };
        for _ in 0..20_000 {
            let grouping = next(5) as usize;
            let grp = next(7) as u32;
            let measure = next(40) as u32;
            // Mostly near one another, as a ticket's days are; now and
            // then far off, before zero or years later.
            let day = match next(10) {
                0 => next(4_000) as i32 - 2_000,
                _ => 739_000 + next(40) as i32,
            };
            let n = next(3) as i64 - 1;
            let total = next(5) as i64 - 2;
            grid.add(grouping, grp, measure, day, n, total);
            let e = reference.entry((grouping, grp, measure, day)).or_default();
            e.0 += n;
            e.1 += total;
        }
        reference.retain(|_, (n, total)| *n != 0 || *total != 0);
        let mut rows = grid.rows();
        rows.sort_unstable();
        let expected: Vec<_> = reference.into_iter().collect();
        assert!(rows.len() > 1_000, "{}", rows.len());
        assert_eq!(rows, expected);
    }
}
