//! Reading the rollups: the sums of a window, grouped, and the report
//! built from them; the exact path where the rollups cannot answer.

// The cells' types, the dimensions and the imports they need are the
// parent's ([`super`]).
use super::*;

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
    sums_live(
        conn,
        grouping,
        days,
        &Live::load(conn, &[grouping], window, now)?,
    )
}

/// As [`sums`], with the backlog now and the targets not decided yet
/// taken from `live` (read once for several groupings; its window is the
/// window of the sums).
pub fn sums_live(
    conn: &Connection,
    grouping: &str,
    days: Days,
    live: &Live,
) -> Result<BTreeMap<String, Sums>> {
    sums_with_cells(conn, grouping, days, live, "1", true)
}

/// As [`sums_live`], with only the cells for which the SQL condition
/// `cells` (over the columns `measure` and `day`) holds: the others read as
/// if nothing happened. The desk's self-service views are not counted
/// (`None`): a caller that wants them per day counts them itself.
pub fn sums_live_where(
    conn: &Connection,
    grouping: &str,
    days: Days,
    live: &Live,
    cells: &str,
) -> Result<BTreeMap<String, Sums>> {
    sums_with_cells(conn, grouping, days, live, cells, false)
}

fn sums_with_cells(
    conn: &Connection,
    grouping: &str,
    days: Days,
    live: &Live,
    cells: &str,
    views: bool,
) -> Result<BTreeMap<String, Sums>> {
    let mut out: BTreeMap<String, Sums> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT grp, measure, day, n, total FROM rollups
         WHERE grouping = ?1 AND day >= ?2 AND day < ?3 AND ({cells})"
    ))?;
    let mut rows = stmt.query(params![grouping, days.from, days.to])?;
    while let Some(r) = rows.next()? {
        let sums = out.entry(r.get(0)?).or_default();
        sums.cells
            .insert((r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?));
    }
    sums_besides_cells(conn, grouping, days, live, &CHANGES, views, out)
}

/// The measures whose repeat cells some figure reads: those counted as
/// distinct tickets ([`Sums::distinct`] of handled and solved,
/// [`Sums::distinct_held`] of the holds). The repeats of any other measure
/// (none are written today) would count for nothing.
const COUNTED_DISTINCT: [&str; 4] = [
    measure::HANDLED,
    measure::HANDLED_BY,
    measure::SOLVED_BY,
    measure::HELD,
];

/// The measures summed from the desk's first day (changes per day):
/// [`Sums::backlog_days`] and [`Sums::held_open_days`].
const CHANGES: [&str; 2] = [measure::BACKLOG, measure::HELD_OPEN];

/// As [`sums_live`], with the cells of `measures` only (and those of their
/// repeat cells `measure~gap` that can count in `days`: gaps shorter than
/// the window, see `Sums::distinct`): one range of the `rollups_measure`
/// index each, instead of every cell of the window. For a screen that
/// shows a few figures per group; the figures of the other measures read
/// as if nothing happened. Of the changes summed from the desk's first day,
/// only those `measures` name are read (the backlog trend needs
/// [`measure::BACKLOG`], the resolution rate [`measure::HELD_OPEN`]), and
/// as changes, not as cells.
pub fn sums_of(
    conn: &Connection,
    grouping: &str,
    measures: &[&str],
    days: Days,
    live: &Live,
) -> Result<BTreeMap<String, Sums>> {
    let mut out: BTreeMap<String, Sums> = BTreeMap::new();
    let mut exact = conn.prepare_cached(
        "SELECT grp, measure, day, n, total FROM rollups INDEXED BY rollups_measure
         WHERE grouping = ?1 AND measure = ?2 AND day >= ?3 AND day < ?4",
    )?;
    for measure in measures.iter().filter(|m| !CHANGES.contains(m)) {
        let mut read = |name: &str, from: i32| -> Result<()> {
            let mut rows = exact.query(params![grouping, name, from, days.to])?;
            while let Some(r) = rows.next()? {
                let sums = out.entry(r.get(0)?).or_default();
                sums.cells
                    .insert((r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?));
            }
            Ok(())
        };
        read(measure, days.from)?;
        if !COUNTED_DISTINCT.contains(measure) {
            continue;
        }
        // A repeat counts only when its previous day is in the window too
        // (`Sums::repeats_in`): its gap is below the window's length, and
        // its day at least the gap after the window's first. One exact
        // range per such gap, over those days only; a range over every
        // `measure~…` would read the repeats of the desk's whole history.
        for gap in 1..days.to - days.from {
            read(
                &format!("{measure}{}{gap}", measure::REPEAT),
                days.from + gap,
            )?;
        }
    }
    let changes: Vec<&str> = CHANGES
        .into_iter()
        .filter(|m| measures.contains(m))
        .collect();
    sums_besides_cells(conn, grouping, days, live, &changes, true, out)
}

/// The groups with any cell on `days` under `grouping`: one seek per day
/// and group in the primary key (grouping, day, grp, …), never a scan of
/// the cells themselves.
pub fn groups_with_cells(
    conn: &Connection,
    grouping: &str,
    days: Days,
) -> Result<std::collections::BTreeSet<String>> {
    let mut out = std::collections::BTreeSet::new();
    let mut stmt = conn.prepare_cached(
        "SELECT grp FROM rollups WHERE grouping = ?1 AND day = ?2 AND grp > ?3
         ORDER BY grp LIMIT 1",
    )?;
    for day in days.from..days.to {
        let mut after = String::new();
        while let Some(grp) = stmt
            .query_row(params![grouping, day, after], |r| r.get::<_, String>(0))
            .optional()?
        {
            out.insert(grp.clone());
            after = grp;
        }
    }
    Ok(out)
}

/// What [`sums_live`] and [`sums_of`] add to the cells: the `changes`
/// (backlog, hold) before the window's end, the backlog now and the SLA
/// targets not decided yet (from `live`), and for the desk the loose
/// surveys and (with `views`) self-service views of `live`'s window.
fn sums_besides_cells(
    conn: &Connection,
    grouping: &str,
    days: Days,
    live: &Live,
    changes: &[&str],
    views: bool,
    mut out: BTreeMap<String, Sums>,
) -> Result<BTreeMap<String, Sums>> {
    let mut stmt = conn.prepare_cached(
        // Without the index SQLite reads every cell of the grouping before
        // the window's end (its primary key leads with the day): 0.2 s at
        // a million tickets, for a thousand rows.
        "SELECT grp, day, n FROM rollups INDEXED BY rollups_measure
         WHERE grouping = ?1 AND measure = ?2 AND day < ?3",
    )?;
    for &measure in changes {
        let mut rows = stmt.query(params![grouping, measure, days.to])?;
        while let Some(r) = rows.next()? {
            let sums = out.entry(r.get(0)?).or_default();
            let into = if measure == measure::BACKLOG {
                &mut sums.backlog_days
            } else {
                &mut sums.held_open_days
            };
            into.insert(r.get(1)?, r.get(2)?);
        }
    }
    live.add_to(grouping, &mut out);
    let window = live.window;
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
        if views {
            let count: i64 = conn
                .prepare_cached(
                    "SELECT count(*) FROM kb_views WHERE self_service = 1 AND at >= ?1 AND at < ?2",
                )?
                .query_row(params![window.from, window.to], |r| r.get(0))?;
            desk.self_service_views = Some(usize::try_from(count).unwrap_or(0));
        }
    }
    Ok(out)
}

/// The tickets' state now, from `rollup_tickets`, for several groupings at
/// once: the backlog now (active tickets) and the SLA targets not decided
/// yet in a window (due after `now`, before the window's end). One scan of
/// each serves every grouping asked for (the dashboard's desk, teams and
/// agents), where a query per grouping read the same rows again.
#[derive(Debug, Clone)]
pub struct Live {
    /// The window the undecided targets fall due in.
    pub window: Window,
    /// The `rollup_tickets` columns of the groupings asked for.
    columns: Vec<&'static str>,
    /// Those columns' values → active tickets; and whether assigned.
    active: Vec<(Vec<String>, bool, i64)>,
    /// The same → SLA targets not decided yet, due in the window.
    undecided: Vec<(Vec<String>, i64)>,
}

impl Live {
    /// The state at `now` for `groupings` (the desk needs no column), with
    /// the targets falling due in `window`.
    pub fn load(conn: &Connection, groupings: &[&str], window: Window, now: i64) -> Result<Live> {
        let mut columns: Vec<&'static str> = Vec::new();
        for column in groupings.iter().filter_map(|g| group_column(g)) {
            if !columns.contains(&column) {
                columns.push(column);
            }
        }
        let width = columns.len();
        // `''` stands in for no column: the desk is one group.
        let list = if columns.is_empty() {
            "''".to_string()
        } else {
            columns.join(", ")
        };
        let by = (1..=width.max(1))
            .map(|i| i.to_string())
            .collect::<Vec<_>>();
        let values = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Vec<String>> {
            (0..width).map(|i| r.get(i)).collect()
        };
        let at = width.max(1);
        // Whether assigned depends on the assignee alone: with the assignee
        // among the columns, grouping by the columns gives the same groups,
        // in the backlog index's order (no sort of the active tickets).
        let assigned_too = if columns.contains(&"assignee") {
            String::new()
        } else {
            format!(", {}", at + 1)
        };
        let active = conn
            .prepare_cached(&format!(
                "SELECT {list}, assignee != 'none', count(*) FROM rollup_tickets
                 WHERE active = 1 GROUP BY {}{assigned_too}",
                by.join(", "),
            ))?
            .query_map([], |r| Ok((values(r)?, r.get(at)?, r.get(at + 1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let undecided = conn
            .prepare_cached(&format!(
                "SELECT {list}, count(*) FROM (
                     SELECT team, assignee, channel, priority FROM rollup_tickets
                     WHERE due_a > :now AND due_a >= :from AND due_a < :to
                     UNION ALL
                     SELECT team, assignee, channel, priority FROM rollup_tickets
                     WHERE due_b > :now AND due_b >= :from AND due_b < :to
                 ) GROUP BY {}",
                by.join(", ")
            ))?
            .query_map(
                named_params! { ":now": now, ":from": window.from, ":to": window.to },
                |r| Ok((values(r)?, r.get(at)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Live {
            window,
            columns,
            active,
            undecided,
        })
    }

    /// Adds each group's backlog now and undecided targets under
    /// `grouping` to `out` (an entry only for groups with some). A
    /// grouping not loaded reads as the desk.
    fn add_to(&self, grouping: &str, out: &mut BTreeMap<String, Sums>) {
        let column = group_column(grouping).and_then(|c| self.columns.iter().position(|k| *k == c));
        debug_assert!(
            column.is_some() || group_column(grouping).is_none(),
            "{grouping} not loaded"
        );
        let group = |values: &[String]| column.map_or_else(String::new, |c| values[c].clone());
        for (values, assigned, count) in &self.active {
            let sums = out.entry(group(values)).or_default();
            let count = usize::try_from(*count).unwrap_or(0);
            if *assigned {
                sums.backlog_now.assigned += count;
            } else {
                sums.backlog_now.new += count;
            }
            sums.backlog_now.total += count;
        }
        for (values, count) in &self.undecided {
            out.entry(group(values)).or_default().sla_undecided += count;
        }
    }
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
    load_buckets(conn, sums, measures, days, among, Sums::wanted_buckets)
}

/// As [`load_exact`], for the medians only ([`Sums::median_buckets`]):
/// half the durations or fewer, where the p90 are not shown.
pub fn load_exact_medians(
    conn: &Connection,
    sums: &mut Sums,
    measures: &[&str],
    days: Days,
    among: Among<'_>,
) -> Result<()> {
    load_buckets(conn, sums, measures, days, among, Sums::median_buckets)
}

fn load_buckets(
    conn: &Connection,
    sums: &mut Sums,
    measures: &[&str],
    days: Days,
    among: Among<'_>,
    buckets: fn(&Sums, &str, Days) -> Vec<i64>,
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
        for bucket in buckets(sums, measure, days) {
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
pub(super) fn group_column(grouping: &str) -> Option<&'static str> {
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
pub(super) fn readable_days(conn: &Connection, window: Window) -> Result<Option<Days>> {
    let calendar = crate::store::settings::calendar(conn)?;
    Ok(days_of(&calendar, window).filter(|_| {
        !stale(conn).unwrap_or(true) && !crate::store::visibility::applies(conn).unwrap_or(true)
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
