//! Self-service views counted per hour (`kb_views_hourly`, from
//! `sql/0014_dash.sql`): triggers keep it in step with `kb_views` in the
//! writing transaction; a bulk load that sets those triggers aside, and
//! `rollup --rebuild`, fill it again ([`REFILL`]); `loket check` compares
//! it with a fresh count. A window's views are its whole hours' counts plus
//! the views of the partial hours at its edges, counted from `kb_views`:
//! the same number as counting `kb_views` over the window, for a fraction
//! of the rows.

use rusqlite::{Connection, params};

use super::Result;
use crate::kpi::window::Window;

const HOUR: i64 = 3_600;

/// Empties `kb_views_hourly` and counts every self-service view into it
/// again (its hour is `floor(at / 3600)`, as the triggers compute it).
pub const REFILL: &str = "DELETE FROM kb_views_hourly;
    INSERT INTO kb_views_hourly (hour, n)
    SELECT (at - ((at % 3600) + 3600) % 3600) / 3600, count(*) FROM kb_views
    WHERE self_service = 1 GROUP BY 1;";

/// Counts every self-service view into `kb_views_hourly` again.
pub fn refill(conn: &Connection) -> Result<()> {
    conn.execute_batch(REFILL)?;
    Ok(())
}

/// Self-service views straight from `kb_views`, over `[from, to)`.
fn counted(conn: &Connection, from: i64, to: i64) -> Result<usize> {
    if from >= to {
        return Ok(0);
    }
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM kb_views WHERE self_service = 1 AND at >= ?1 AND at < ?2",
        )?
        .query_row(params![from, to], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The self-service views in each of `windows`, in their order.
pub fn views_in(conn: &Connection, windows: &[Window]) -> Result<Vec<usize>> {
    let (Some(from), Some(to)) = (
        windows.iter().map(|w| w.from).min(),
        windows.iter().map(|w| w.to).max(),
    ) else {
        return Ok(Vec::new());
    };
    // Every hour any window holds whole, with its count: hour → views.
    let mut hours: Vec<(i64, i64)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT hour, n FROM kb_views_hourly WHERE hour >= ?1 AND hour < ?2 ORDER BY hour",
        )?;
        let mut rows = stmt.query(params![from.div_euclid(HOUR), to.div_euclid(HOUR) + 1])?;
        while let Some(r) = rows.next()? {
            hours.push((r.get(0)?, r.get(1)?));
        }
    }
    let mut out = Vec::with_capacity(windows.len());
    for w in windows {
        // The whole hours [first, last) inside the window, and the partial
        // ones at its edges.
        let first = -(-w.from).div_euclid(HOUR);
        let last = w.to.div_euclid(HOUR);
        let n = if first < last {
            let lo = hours.partition_point(|(h, _)| *h < first);
            let hi = hours.partition_point(|(h, _)| *h < last);
            let whole: i64 = hours[lo..hi].iter().map(|(_, n)| n).sum();
            usize::try_from(whole).unwrap_or(0)
                + counted(conn, w.from, first * HOUR)?
                + counted(conn, last * HOUR, w.to)?
        } else {
            counted(conn, w.from, w.to)?
        };
        out.push(n);
    }
    Ok(out)
}
