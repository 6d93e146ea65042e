//! The dashboard reads less than a full report (the tables only their
//! figures' cells, the window before and the days only their own cells and
//! their medians' durations, the backlog now and the undecided targets
//! once for every grouping): every figure it shows must still be the one
//! the full sums of that window give (`rollups::report`, `report_by`),
//! on a generated desk and after writes of every kind.

use crate::generate_common::{DAY, NOW, generated};
use loket::domain::Status;
use loket::kpi::report::{Breakdown, Report};
use loket::kpi::{NamedWindow, Window};
use loket::store::{self, changes, dashboard, rollups};
use rusqlite::Connection;

/// What a tile shows of a report (`tui::dashboard::Tile::value`), and the
/// backlog now.
fn tiles(r: &Report) -> Vec<Option<f64>> {
    vec![
        r.backlog.trend.last().map(|d| d.backlog as f64),
        Some(r.volume.total as f64),
        r.frt.map(|s| s.median),
        r.avg_response,
        r.aht,
        r.talk_time,
        r.fcr,
        r.ttr.map(|s| s.median),
        r.resolution_rate,
        r.sla_compliance,
        r.escalation_rate,
        r.reopen_rate,
        r.csat,
        r.nps,
        r.self_service_ratio,
        Some(r.backlog.now.total as f64),
    ]
}

fn full(conn: &Connection, window: Window, now: i64) -> Report {
    rollups::report(conn, window, now).unwrap().unwrap()
}

fn same_as_full_reads(conn: &Connection, now: i64) {
    let tz = store::settings::calendar(conn).unwrap().time_zone();
    for name in [
        NamedWindow::Today,
        NamedWindow::Last7Days,
        NamedWindow::Last30Days,
    ] {
        let what = format!("{name} at {now}");
        let data = dashboard::load(conn, name, now).unwrap();
        assert_eq!(data.current, full(conn, data.span, now), "{what}");
        // The window before: as many local days, ending where this starts.
        let before = Window::named(name, tz, data.span.from - 1);
        assert_eq!(before.to, data.span.from);
        assert_eq!(
            tiles(&data.previous),
            tiles(&full(conn, before, now)),
            "{what}: previous"
        );
        let mut from = data.span.from;
        for (i, day) in data.daily.iter().enumerate() {
            let to = Window::named(NamedWindow::Today, tz, from + 3_600).to;
            let window = Window { from, to };
            assert_eq!(
                tiles(day),
                tiles(&full(conn, window, now)),
                "{what}: day {i}"
            );
            from = to;
        }
        assert_eq!(from, data.span.to, "{what}: one report per day");
        for (by, rows) in [
            (Breakdown::Team, &data.teams),
            (Breakdown::Agent, &data.agents),
        ] {
            let groups = rollups::report_by(conn, by, data.span, now)
                .unwrap()
                .unwrap();
            for g in &groups {
                let row = rows
                    .iter()
                    .find(|r| r.group == g.group)
                    .unwrap_or_else(|| panic!("{what}: {by} {} has no row", g.group));
                assert_eq!(
                    (row.aht, row.fcr, row.resolution_rate, row.csat, row.load),
                    (
                        g.report.aht,
                        g.report.fcr,
                        g.report.resolution_rate,
                        g.report.csat,
                        g.report.backlog.now.total
                    ),
                    "{what}: {by} {}",
                    g.group
                );
            }
            // Rows the report leaves out are the agents without figures.
            for row in rows.iter() {
                if !groups.iter().any(|g| g.group == row.group) {
                    assert_eq!(by, Breakdown::Agent, "{what}: team {}", row.group);
                    assert_eq!((row.handled, row.aht, row.load), (0, None, 0), "{what}");
                }
            }
        }
    }
}

#[test]
fn the_dashboards_figures_are_those_of_the_full_sums_before_and_after_writes() {
    let (mut conn, _) = generated(900, 21);
    same_as_full_reads(&conn, NOW);
    // Later with no write: targets fall due, the undecided ones change.
    same_as_full_reads(&conn, NOW + 5 * 3_600);
    let later = NOW + 3_600;
    let actor = |agent_id| changes::Actor {
        agent_id: Some(agent_id),
        now: later,
    };
    let ids = |sql: &str| -> Vec<i64> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let solved =
        ids("SELECT id FROM tickets WHERE status = 'solved' ORDER BY solved_at DESC LIMIT 2");
    let active = ids("SELECT id FROM tickets WHERE is_active = 1 ORDER BY id LIMIT 4");
    assert!(solved.len() == 2 && active.len() == 4);
    conn.execute("UPDATE agents SET role = 'supervisor' WHERE id = 1", [])
        .unwrap();
    // A claim, a solve, a reopen, a reassignment and a merge, each its own
    // write (each settles the rollups in its transaction).
    store::claim::claim(&conn, 2, later).unwrap();
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        changes::set_status(tx, active[0], Status::Solved, actor(2)).map(|_| ())
    })
    .unwrap();
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        changes::set_status(tx, solved[0], Status::Open, actor(1)).map(|_| ())
    })
    .unwrap();
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        changes::assign(tx, active[1], Some(3), actor(1))?;
        changes::assign(tx, solved[1], Some(2), actor(1)).map(|_| ())
    })
    .unwrap();
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        changes::merge(tx, active[2], active[3], actor(1))
    })
    .unwrap();
    // Self-service views (kept per hour by triggers): two read, one by an
    // agent (not counted), one taken back, one turned into an agent's.
    let article: i64 = conn
        .query_row("SELECT min(id) FROM kb_articles", [], |r| r.get(0))
        .unwrap();
    for (reader, at) in [
        (store::kb::Reader::SelfService { customer: None }, later),
        (
            store::kb::Reader::SelfService { customer: None },
            later - 1_800,
        ),
        (store::kb::Reader::Agent(Some(1)), later),
    ] {
        store::kb::record_view(&conn, article, reader, at).unwrap();
    }
    conn.execute_batch(
        "DELETE FROM kb_views WHERE id = (SELECT min(id) FROM kb_views WHERE self_service = 1);
         UPDATE kb_views SET self_service = 0
         WHERE id = (SELECT min(id) FROM kb_views WHERE self_service = 1);
         UPDATE kb_views SET at = at - 86400 WHERE id = (SELECT max(id) FROM kb_views);",
    )
    .unwrap();
    same_as_full_reads(&conn, later);
    same_as_full_reads(&conn, later + DAY);
    // Any window's views, its edges off the whole hour or inside one hour,
    // are those counted from kb_views itself.
    let count = |w: &Window| -> usize {
        conn.query_row(
            "SELECT count(*) FROM kb_views WHERE self_service = 1 AND at >= ?1 AND at < ?2",
            [w.from, w.to],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as usize
    };
    let windows: Vec<Window> = [
        (later - 30 * DAY, later),
        (later - 7 * DAY + 1_800, later - 37),
        (later - 3 * DAY - 1, later - 3 * DAY + 5 * 3_600 + 1),
        (later - 600, later + 600),
        (later - 3_000, later - 2_000),
        (later, later),
    ]
    .into_iter()
    .map(|(from, to)| Window { from, to })
    .collect();
    assert_eq!(
        store::self_service::views_in(&conn, &windows).unwrap(),
        windows.iter().map(count).collect::<Vec<_>>()
    );
    assert!(count(&windows[0]) > 0, "the generated desk has views");
    // And `loket check` still finds the kept rollups equal to a fresh
    // computation.
    let findings = store::check::check(&conn, later).unwrap();
    assert!(findings.problems.is_empty(), "{:?}", findings.problems);
    // An hourly count off by one is found.
    conn.execute(
        "UPDATE kb_views_hourly SET n = n + 1 WHERE hour = (SELECT max(hour) FROM kb_views_hourly)",
        [],
    )
    .unwrap();
    let findings = store::check::check(&conn, later).unwrap();
    assert!(
        findings.problems.iter().any(|p| p
            .detail
            .starts_with("kb_views_hourly: 1 stored row(s) differ")),
        "{:?}",
        findings.problems
    );
}

/// The dashboard reads one snapshot: inside a caller's read transaction it
/// reads the caller's (another connection's commit in between is not seen,
/// and nothing fails for a transaction already open), and on its own it
/// sees the commit.
#[test]
fn the_dashboard_reads_the_callers_snapshot_when_it_holds_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let clock = loket::clock::FixedClock::at_unix(NOW);
    let mut writer = store::open(&path, store::OpenMode::ReadWrite, &clock).unwrap();
    loket::generate::generate(
        &mut writer,
        &loket::generate::GenerateOptions {
            tickets: 300,
            seed: 5,
            now: NOW,
        },
    )
    .unwrap();
    let reader = store::open(&path, store::OpenMode::ReadOnly, &clock).unwrap();
    let name = NamedWindow::Today;
    let before = dashboard::load(&reader, name, NOW).unwrap();
    let snapshot = reader.unchecked_transaction().unwrap();
    // The snapshot starts with the transaction's first read.
    assert_eq!(dashboard::load(&reader, name, NOW).unwrap(), before);
    let active: i64 = writer
        .query_row(
            "SELECT id FROM tickets WHERE is_active = 1 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store::write(&mut writer, &clock, |tx| {
        changes::set_status(
            tx,
            active,
            Status::Solved,
            changes::Actor {
                agent_id: Some(1),
                now: NOW,
            },
        )
        .map(|_| ())
    })
    .unwrap();
    assert_eq!(
        dashboard::load(&reader, name, NOW).unwrap(),
        before,
        "inside the caller's transaction, the other connection's solve is not seen yet"
    );
    snapshot.commit().unwrap();
    let after = dashboard::load(&reader, name, NOW).unwrap();
    assert_eq!(
        after.current.backlog.now.total + 1,
        before.current.backlog.now.total,
        "on its own, the dashboard sees the solve"
    );
}
