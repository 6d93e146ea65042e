//! Keeping the rollups in step with writes: the tickets a transaction
//! touched (`rollup_dirty`) are rolled again and their old cells taken out.

// The cells' types, the dimensions and the imports they need are the
// parent's ([`super`]).
use super::*;

/// One kept duration with the ticket's groups.
pub(super) const INSERT_VALUE: &str = "INSERT INTO rollup_values
    (measure, bucket, day, value, ticket_id, team, assignee, channel, priority)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/// Adds `sign` × ticket `id`'s cells to `rollups` under every grouping,
/// and adds (or, for a negative sign, takes out) its exact durations.
pub(super) fn apply(
    tx: &Transaction<'_>,
    id: i64,
    dims: &Dims,
    cells: &[Cell],
    sign: i64,
) -> Result<()> {
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
pub(super) struct Rolled {
    id: i64,
    dims: Dims,
    cells: String,
    due_a: Option<i64>,
    due_b: Option<i64>,
    active: bool,
}

impl Rolled {
    pub(super) fn of(work: &TicketWork, dims: Dims, rollup: &TicketRollup) -> Rolled {
        Rolled {
            id: work.ticket.id,
            dims,
            cells: encode(&rollup.cells),
            due_a: rollup.open_dues.first().copied(),
            due_b: rollup.open_dues.get(1).copied(),
            active: work.ticket.status.is_active(),
        }
    }

    /// Stores the rows of tickets that have none yet (a rebuild's, a bulk
    /// load's), many rows per statement: a million tickets are a million
    /// rows, and one statement each cost more than the rows themselves.
    pub(super) fn store_all(tx: &Transaction<'_>, rows: &[Rolled]) -> Result<()> {
        let mut insert = MultiInsert::new(
            tx,
            "INSERT OR FAIL INTO rollup_tickets
                 (ticket_id, team, assignee, channel, priority, cells, due_a, due_b, active)",
            9,
            BULK_ROWS,
        )?;
        insert.write(rows, |b, row| {
            b.put(&row.id)?;
            b.put(&row.dims.team)?;
            b.put(&row.dims.assignee)?;
            b.put(&row.dims.channel)?;
            b.put(&row.dims.priority)?;
            b.put(&row.cells)?;
            b.put(&row.due_a)?;
            b.put(&row.due_b)?;
            b.put(&row.active)
        })?;
        Ok(())
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
/// inside the caller's transaction, as they stand at `now` (Unix seconds:
/// an open ticket's waits so far run to `now`).
pub fn refresh(tx: &Transaction<'_>, now: i64) -> Result<()> {
    let dirty: Vec<i64> = tx
        .prepare_cached("SELECT ticket_id FROM rollup_dirty ORDER BY ticket_id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if dirty.is_empty() {
        return Ok(());
    }
    let calendar = crate::store::settings::calendar(tx)?;
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

/// Whether some tickets' rollups wait for a refresh (rows written by plain
/// SQL, outside [`super::write`]): readers then compute exactly instead.
pub fn stale(conn: &Connection) -> Result<bool> {
    Ok(
        conn.query_row("SELECT EXISTS (SELECT 1 FROM rollup_dirty)", [], |r| {
            r.get(0)
        })?,
    )
}
