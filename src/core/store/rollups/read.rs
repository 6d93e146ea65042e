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
    sums_besides_cells(conn, grouping, days, window, now, out)
}

/// As [`sums`], with the cells of `measures` only (and their repeat cells,
/// `measure~gap`): one range of the `rollups_measure` index each, instead
/// of every cell of the window. For a screen that shows a few figures per
/// group; the figures of the other measures read as if nothing happened.
pub fn sums_of(
    conn: &Connection,
    grouping: &str,
    measures: &[&str],
    days: Days,
    window: Window,
    now: i64,
) -> Result<BTreeMap<String, Sums>> {
    let mut out: BTreeMap<String, Sums> = BTreeMap::new();
    let mut exact = conn.prepare_cached(
        "SELECT grp, measure, day, n, total FROM rollups INDEXED BY rollups_measure
         WHERE grouping = ?1 AND measure = ?2 AND day >= ?3 AND day < ?4",
    )?;
    let mut repeats = conn.prepare_cached(
        "SELECT grp, measure, day, n, total FROM rollups INDEXED BY rollups_measure
         WHERE grouping = ?1 AND measure > ?2 AND measure < ?3 AND day >= ?4 AND day < ?5",
    )?;
    for measure in measures {
        // Its repeats `measure~gap`: `~` sorts after the digits of every
        // gap, and DEL (U+007F) right after `~`.
        let lo = format!("{measure}{}", measure::REPEAT);
        let hi = format!("{measure}\u{7f}");
        let mut rows = exact.query(params![grouping, measure, days.from, days.to])?;
        while let Some(r) = rows.next()? {
            let sums = out.entry(r.get(0)?).or_default();
            sums.cells
                .insert((r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?));
        }
        let mut rows = repeats.query(params![grouping, lo, hi, days.from, days.to])?;
        while let Some(r) = rows.next()? {
            let sums = out.entry(r.get(0)?).or_default();
            sums.cells
                .insert((r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?));
        }
    }
    sums_besides_cells(conn, grouping, days, window, now, out)
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

/// What [`sums`] and [`sums_of`] add to the cells: the backlog and hold
/// changes before the window's end, the backlog now, the SLA targets not
/// decided yet, and for the desk the loose surveys and self-service views.
fn sums_besides_cells(
    conn: &Connection,
    grouping: &str,
    days: Days,
    window: Window,
    now: i64,
    mut out: BTreeMap<String, Sums>,
) -> Result<BTreeMap<String, Sums>> {
    let mut stmt = conn.prepare_cached(
        // Without the index SQLite reads every cell of the grouping before
        // the window's end (its primary key leads with the day): 0.2 s at
        // a million tickets, for a thousand rows.
        "SELECT grp, day, n FROM rollups INDEXED BY rollups_measure
         WHERE grouping = ?1 AND measure = ?2 AND day < ?3",
    )?;
    for measure in [measure::BACKLOG, measure::HELD_OPEN] {
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
