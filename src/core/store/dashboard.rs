//! What the dashboard shows, read from the rollups (`store::rollups`) in a
//! handful of index-backed queries: the desk's report over the window and
//! over the window before it, one report per day for the trend lines, the
//! report per team and per agent, and what each agent touched last.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};

use super::Result;
use super::rollups::{self, Among, days_of};
use crate::domain::AgentStatus;
use crate::kpi::Breakdown;
use crate::kpi::report::NO_GROUP;
use crate::kpi::report::Report;
use crate::kpi::rollup::figures::{self, Days};
use crate::kpi::rollup::measure::{self, FRT, SPREADS, TTR};
use crate::kpi::window::{NamedWindow, Window, local_midnight};

/// The measures behind the team and agent tables' figures (handled, AHT,
/// FCR, resolution rate, CSAT; the load is the backlog now): all these
/// tables read of the window's cells, and of the holds' changes (no
/// backlog trend is shown). Handled and AHT are the team's tickets' work,
/// or the agent's own ([`team_measures`], [`agent_measures`]).
const TABLE_MEASURES: [&str; 7] = [
    measure::FCR_OK,
    measure::FCR_BASE,
    measure::SOLVED_BY,
    measure::HELD,
    measure::HELD_OPEN,
    measure::CSAT,
    measure::CSAT_GOOD,
];

/// What the team table reads: [`TABLE_MEASURES`] and the work on the
/// team's tickets.
fn team_measures() -> Vec<&'static str> {
    [measure::HANDLED, measure::HANDLE]
        .into_iter()
        .chain(TABLE_MEASURES)
        .collect()
}

/// What the agent table reads: [`TABLE_MEASURES`] and the agent's own work.
fn agent_measures() -> Vec<&'static str> {
    [measure::HANDLED_BY, measure::HANDLE_BY]
        .into_iter()
        .chain(TABLE_MEASURES)
        .collect()
}

/// Summed cells as [`figures::Sums::cells`] holds them: (measure, day) →
/// (n, total).
type Cells = BTreeMap<(String, i32), (i64, i64)>;

/// How far back an agent's last action counts as "working on it now".
pub const WORKING_WINDOW_SECS: i64 = 30 * 60;

/// One row of the team or agent table: the figures it shows, each the
/// same as `loket report --by` gives for the group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub group: String,
    /// Distinct tickets handled (work sessions and calls) in the window.
    pub handled: usize,
    pub aht: Option<f64>,
    pub fcr: Option<f64>,
    pub resolution_rate: Option<f64>,
    pub csat: Option<f64>,
    /// Active tickets now (new and assigned).
    pub load: usize,
}

/// What an agent touched last, within [`WORKING_WINDOW_SECS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Working {
    pub agent: String,
    pub ticket: i64,
    pub subject: String,
    pub at: i64,
}

/// Everything the dashboard draws.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardData {
    pub window: NamedWindow,
    pub span: Window,
    pub current: Report,
    /// The window of the same length just before, for the tiles' change:
    /// as in `daily`, of the medians only those the tiles show are exact.
    pub previous: Report,
    /// One report per local day of the window, oldest first, for the
    /// trend lines: of the medians, those the tiles show (FRT, TTR) are
    /// exact, the others (and every p90) read back at their histogram
    /// bucket's centre.
    pub daily: Vec<Report>,
    pub teams: Vec<GroupRow>,
    pub agents: Vec<GroupRow>,
    pub working: Vec<Working>,
    /// Each active agent's stored status and last heartbeat, by login
    /// name: the status that counts is worked out when drawn
    /// ([`super::agents::effective_status`]), so an agent whose console
    /// stopped beating shows offline without any write.
    pub presence: BTreeMap<String, (AgentStatus, Option<i64>)>,
    /// When it was read.
    pub at: i64,
}

fn day_window(tz: chrono_tz::Tz, day: i32) -> Window {
    let midnight = |d: i32| {
        chrono::NaiveDate::from_num_days_from_ce_opt(d).map_or(0, |date| local_midnight(tz, date))
    };
    Window {
        from: midnight(day),
        to: midnight(day + 1),
    }
}

/// The dashboard over the named window ending today, as of `now`.
///
/// Read in one snapshot: every figure is of the same moment, even while
/// other agents write (a read transaction of its own unless the caller
/// holds one). It is also cheaper than the forty-odd statements each
/// taking and dropping their own shared lock.
pub fn load(conn: &Connection, name: NamedWindow, now: i64) -> Result<DashboardData> {
    if !conn.is_autocommit() {
        return load_in(conn, name, now);
    }
    let snapshot = conn.unchecked_transaction()?;
    let data = load_in(conn, name, now)?;
    snapshot.commit()?;
    Ok(data)
}

fn load_in(conn: &Connection, name: NamedWindow, now: i64) -> Result<DashboardData> {
    let calendar = super::settings::calendar(conn)?;
    let tz = calendar.time_zone();
    let span = Window::named(name, tz, now);
    let days = days_of(&calendar, span).unwrap_or(Days {
        from: crate::kpi::rollup::day_of(tz, span.from),
        to: crate::kpi::rollup::day_of(tz, span.to),
    });
    let length = days.to - days.from;
    let before = Days {
        from: days.from - length,
        to: days.from,
    };
    let before_span = Window {
        from: day_window(tz, before.from).from,
        to: span.from,
    };
    let both = Window {
        from: before_span.from,
        to: span.to,
    };
    let all = Days {
        from: before.from,
        to: days.to,
    };
    // With the team restriction, the viewer's teams only: the sums of
    // those teams' groups are exactly their tickets' sums.
    let teams_seen = super::visibility::visible_teams(conn)?;
    let agents_seen = super::visibility::visible_agents(conn)?;
    // The backlog now and the targets not decided yet, for the desk, the
    // teams and the agents at once. Over `both`: every target due after
    // now falls in `span` as well (both end together, and `span` starts
    // before now), so the teams' and agents' undecided targets are theirs.
    let live = rollups::Live::load(conn, &["team", "agent"], both, now)?;
    // The desk's cells of both windows in one pass of the primary key's
    // day range, each cell decoded once, straight into the report that
    // reads it: the window's, its day's, and of the window before only what
    // its tiles show (not the business-hours histograms, whose medians are
    // no tile, nor the created-per-channel, team and tag counts). The
    // histograms of the window and of the window before are summed over
    // their days as they are read (a histogram is only ever summed over
    // the days of the report that reads it; so are the business-hours ones,
    // which only the window's report shows): a few hundred cells each
    // instead of some 6,500.
    let (grouping, seen) = match &teams_seen {
        None => ("desk", None),
        Some(names) => ("team", Some(names)),
    };
    let mine = |group: &str| seen.is_none_or(|names| names.iter().any(|n| n == group));
    // Everything besides the cells (the backlog's and holds' changes, the
    // backlog now, the undecided targets, the loose surveys).
    let read = rollups::sums_live_where(conn, grouping, all, &live, "0")?;
    let mut desk = match seen {
        None => read.get("").cloned().unwrap_or_default(),
        // The sums of the viewer's teams are exactly their tickets' sums.
        Some(_) => {
            let mut merged = figures::Sums::default();
            for sums in read.iter().filter(|(group, _)| mine(group)).map(|(_, s)| s) {
                merged.merge(sums);
            }
            merged
        }
    };
    desk.cells.clear();
    let add = |cells: &mut Cells, measure: &str, day: i32, n: i64, total: i64| {
        let cell = cells.entry((measure.to_string(), day)).or_insert((0, 0));
        cell.0 += n;
        cell.1 += total;
    };
    let mut previous_cells = Cells::new();
    let mut by_day: BTreeMap<i32, Cells> = BTreeMap::new();
    let mut summed = Cells::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT grp, measure, day, n, total FROM rollups
             WHERE grouping = ?1 AND day >= ?2 AND day < ?3",
        )?;
        let mut rows = stmt.query(params![grouping, all.from, all.to])?;
        while let Some(r) = rows.next()? {
            if seen.is_some() && !mine(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?) {
                continue;
            }
            let measure = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let (day, n, total): (i32, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
            let hours_only = measure.contains("_business#");
            let histogram = measure.contains(measure::HIST);
            if day < days.from {
                if !hours_only && !measure.starts_with("created_") {
                    let day = if histogram { before.from } else { day };
                    add(&mut previous_cells, measure, day, n, total);
                }
            } else {
                if histogram {
                    add(&mut summed, measure, days.from, n, total);
                }
                if !hours_only {
                    add(by_day.entry(day).or_default(), measure, day, n, total);
                }
            }
        }
    }
    let among = match &teams_seen {
        None => Among::Desk,
        Some(names) => Among::Teams(names),
    };
    let undecided = desk.sla_undecided;
    // Self-service views per local day of both windows, counted once: the
    // window's, the window before's and each day's figure are their sums.
    let day_windows: Vec<Window> = (all.from..all.to).map(|day| day_window(tz, day)).collect();
    let views_on: BTreeMap<i32, usize> = (all.from..all.to)
        .zip(super::self_service::views_in(conn, &day_windows)?)
        .collect();
    let views = |d: Days| -> usize { views_on.range(d.from..d.to).map(|(_, n)| n).sum() };
    // The window, the window before and each day apart: a report reads
    // only the cells of its own days, and its lookups then range over
    // those alone (a day's over one day, not the sixty read).
    let part = |cells: Cells| figures::Sums {
        cells,
        ..desk.clone()
    };
    let mut current_cells = summed;
    for cells in by_day.values() {
        current_cells.extend(
            cells
                .iter()
                .filter(|((measure, _), _)| !measure.contains(measure::HIST))
                .map(|(key, cell)| (key.clone(), *cell)),
        );
    }
    let mut sums = part(current_cells);
    sums.self_service_views = Some(views(days));
    rollups::load_exact(conn, &mut sums, &SPREADS, days, among)?;
    let current = figures::report(&sums, days, span, false);
    // The window's exact durations hold each of its days' too.
    let exact_of_window = std::mem::take(&mut sums.exact);
    let mut sums = part(previous_cells);
    // Targets not decided yet are all due after now, so in the current window.
    sums.sla_undecided = 0;
    sums.self_service_views = Some(views(before));
    rollups::load_exact_medians(conn, &mut sums, &[FRT, TTR], before, among)?;
    let previous = figures::report(&sums, before, before_span, false);
    let mut daily = Vec::new();
    for day in days.from..days.to {
        let w = day_window(tz, day);
        let mut sums = part(by_day.remove(&day).unwrap_or_default());
        sums.sla_undecided = if w.contains(now) { undecided } else { 0 };
        let one = Days {
            from: day,
            to: day + 1,
        };
        sums.self_service_views = Some(views(one));
        for measure in [FRT, TTR] {
            for bucket in sums.median_buckets(measure, one) {
                let key = (measure.to_string(), bucket);
                if let Some(window) = exact_of_window.get(&key).filter(|e| e.covers(one)) {
                    let mut exact = figures::Exact::default();
                    exact.load(
                        one,
                        window
                            .values
                            .range(one.from..one.to)
                            .flat_map(|(day, values)| values.iter().map(|v| (*day, *v))),
                    );
                    sums.exact.insert(key, exact);
                }
            }
        }
        rollups::load_exact_medians(conn, &mut sums, &[FRT, TTR], one, among)?;
        daily.push(figures::report(&sums, one, w, false));
    }
    let group_rows = |by: Breakdown| -> Result<Vec<GroupRow>> {
        // Only the cells of the figures the table shows, and which groups
        // have any cell at all (so the rows are those `report --by` gives).
        let grouping = rollups::grouping_of(by);
        let measures = if by == Breakdown::Agent {
            agent_measures()
        } else {
            team_measures()
        };
        let mut sums = rollups::sums_of(conn, grouping, &measures, days, &live)?;
        let with_cells = rollups::groups_with_cells(conn, grouping, days)?;
        // A group with other cells only (or with backlog changes in the
        // past, which these tables do not read) has its row all the same.
        for group in &with_cells {
            sums.entry(group.clone()).or_default();
        }
        let seen = match by {
            Breakdown::Team => teams_seen.as_ref(),
            Breakdown::Agent => agents_seen.as_ref(),
            Breakdown::Channel | Breakdown::Priority => None,
        };
        Ok(sums
            .into_iter()
            .filter(|(group, _)| seen.is_none_or(|names| names.contains(group)))
            .filter(|(group, s)| with_cells.contains(group) || rollups::has_figures(s))
            .map(|(group, s)| {
                // No median is shown here: none is fetched.
                let report = figures::report(&s, days, span, by == Breakdown::Agent);
                GroupRow {
                    handled: figures::handled(&s, days, by == Breakdown::Agent),
                    aht: report.aht,
                    fcr: report.fcr,
                    resolution_rate: report.resolution_rate,
                    csat: report.csat,
                    load: report.backlog.now.total,
                    group,
                }
            })
            .collect())
    };
    let presence = presence(conn, agents_seen.as_deref())?;
    let mut agents = group_rows(Breakdown::Agent)?;
    // Every active agent has a row, with or without figures: who is
    // available right now matters as much as who handled what.
    for name in presence.keys() {
        if !agents.iter().any(|r| &r.group == name) {
            agents.push(GroupRow {
                group: name.clone(),
                handled: 0,
                aht: None,
                fcr: None,
                resolution_rate: None,
                csat: None,
                load: 0,
            });
        }
    }
    agents.sort_by(|a, b| {
        (a.group == NO_GROUP)
            .cmp(&(b.group == NO_GROUP))
            .then_with(|| a.group.cmp(&b.group))
    });
    let teams = group_rows(Breakdown::Team)?;
    let working = working(conn, now)?;
    Ok(DashboardData {
        window: name,
        span,
        current,
        previous,
        daily,
        teams,
        agents,
        working,
        presence,
        at: now,
    })
}

/// Active agents' stored status and last heartbeat (of `seen` only, with
/// the team restriction).
fn presence(
    conn: &Connection,
    seen: Option<&[String]>,
) -> Result<BTreeMap<String, (AgentStatus, Option<i64>)>> {
    let mut out = BTreeMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT name, status, heartbeat_at FROM agents WHERE active = 1")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        if seen.is_none_or(|names| names.contains(&name)) {
            out.insert(name, (r.get::<_, AgentStatus>(1)?, r.get(2)?));
        }
    }
    Ok(out)
}

/// Per agent, the ticket of their latest change or finished work session
/// in the last [`WORKING_WINDOW_SECS`], newest first.
/// With the team restriction, on tickets the viewer may see only.
pub fn working(conn: &Connection, now: i64) -> Result<Vec<Working>> {
    let since = now - WORKING_WINDOW_SECS;
    let visible = super::visibility::and_visible(conn)?;
    let rows = conn
        .prepare_cached(&format!(
            "SELECT a.name, x.ticket_id, t.subject, x.at FROM (
                 SELECT agent_id, ticket_id, max(at) AS at FROM (
                     SELECT agent_id, ticket_id, at FROM events
                     WHERE at >= ?1 AND at <= ?2 AND agent_id IS NOT NULL AND ticket_id IS NOT NULL
                     UNION ALL
                     SELECT agent_id, ticket_id, ended_at FROM work_sessions
                     WHERE ended_at >= ?1 AND ended_at <= ?2
                 ) GROUP BY agent_id
             ) x JOIN agents a ON a.id = x.agent_id JOIN tickets t ON t.id = x.ticket_id
             WHERE 1{visible}
             ORDER BY x.at DESC, a.name"
        ))?
        .query_map(params![since, now], |r| {
            Ok(Working {
                agent: r.get(0)?,
                ticket: r.get(1)?,
                subject: r.get(2)?,
                at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
