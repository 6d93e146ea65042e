#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The rollups agree with the from-scratch KPI functions on a generated
//! desk, exactly: medians and p90 too (the histograms find the bucket,
//! the kept durations the value).

use crate::generate_common::{DAY, NOW, generated, words};
use loket::domain::Status;
use loket::kpi::report::{Breakdown, Report};
use loket::kpi::stats::Spread;
use loket::kpi::{self, NamedWindow, Window};
use loket::store::{self, changes, rollups};
use rusqlite::Connection;

fn close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (None, None) => {}
        (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{what}: exact {x}, rollup {y}"),
        _ => panic!("{what}: exact {a:?}, rollup {b:?}"),
    }
}

fn spread(a: Option<Spread>, b: Option<Spread>, what: &str) {
    match (a, b) {
        (None, None) => {}
        (Some(x), Some(y)) => {
            assert!(
                (x.mean - y.mean).abs() < 1e-6,
                "{what} mean: {x:?} vs {y:?}"
            );
            assert!(
                (x.median - y.median).abs() < 1e-9,
                "{what} median: {x:?} vs {y:?}"
            );
            assert_eq!(x.p90, y.p90, "{what} p90: {x:?} vs {y:?}");
        }
        _ => panic!("{what}: exact {a:?}, rollup {b:?}"),
    }
}

fn agree(exact: &Report, rolled: &Report, what: &str) {
    assert_eq!(exact.volume, rolled.volume, "{what}: volume");
    assert_eq!(exact.backlog, rolled.backlog, "{what}: backlog");
    spread(exact.frt, rolled.frt, &format!("{what}: frt"));
    spread(
        exact.frt_business,
        rolled.frt_business,
        &format!("{what}: frt_business"),
    );
    close(
        exact.avg_response,
        rolled.avg_response,
        &format!("{what}: avg_response"),
    );
    close(exact.aht, rolled.aht, &format!("{what}: aht"));
    close(
        exact.talk_time,
        rolled.talk_time,
        &format!("{what}: talk_time"),
    );
    close(exact.fcr, rolled.fcr, &format!("{what}: fcr"));
    let ttr = |r: &Report| {
        r.ttr.map(|t| Spread {
            mean: t.mean,
            median: t.median,
            p90: t.median as i64,
        })
    };
    spread(ttr(exact), ttr(rolled), &format!("{what}: ttr"));
    close(
        exact.resolution_rate,
        rolled.resolution_rate,
        &format!("{what}: resolution_rate"),
    );
    close(
        exact.sla_compliance,
        rolled.sla_compliance,
        &format!("{what}: sla_compliance"),
    );
    close(
        exact.escalation_rate,
        rolled.escalation_rate,
        &format!("{what}: escalation_rate"),
    );
    close(
        exact.reopen_rate,
        rolled.reopen_rate,
        &format!("{what}: reopen_rate"),
    );
    close(exact.csat, rolled.csat, &format!("{what}: csat"));
    close(exact.nps, rolled.nps, &format!("{what}: nps"));
    close(
        exact.self_service_ratio,
        rolled.self_service_ratio,
        &format!("{what}: self_service_ratio"),
    );
    assert_eq!(exact.collisions, rolled.collisions, "{what}: collisions");
}

pub(crate) fn compare(conn: &Connection, now: i64) {
    let calendar = store::settings::calendar(conn).unwrap();
    for name in [
        NamedWindow::Today,
        NamedWindow::Last7Days,
        NamedWindow::Last30Days,
    ] {
        let window = Window::named(name, calendar.time_zone(), now);
        let inputs = store::facts::load(conn, window).unwrap();
        let exact = kpi::report(&inputs, window, &calendar, now);
        let rolled = rollups::report(conn, window, now).unwrap().unwrap();
        agree(&exact, &rolled, &format!("desk {name}"));
        for by in [
            Breakdown::Team,
            Breakdown::Agent,
            Breakdown::Channel,
            Breakdown::Priority,
        ] {
            let exact = kpi::report_by(&inputs, by, window, &calendar, now);
            let rolled = rollups::report_by(conn, by, window, now).unwrap().unwrap();
            for group in &rolled {
                let e = exact
                    .iter()
                    .find(|g| g.group == group.group)
                    .unwrap_or_else(|| panic!("{by} {}: no such group from scratch", group.group));
                agree(
                    &e.report,
                    &group.report,
                    &format!("{by} {} {name}", group.group),
                );
            }
            // Groups the exact path has and the rollups do not had nothing in W.
            for e in &exact {
                if !rolled.iter().any(|g| g.group == e.group) {
                    assert_eq!(e.report.volume.total, 0, "{by} {} {name}", e.group);
                    assert_eq!(e.report.backlog.now.total, 0, "{by} {} {name}", e.group);
                }
            }
        }
    }
}

#[test]
fn rollups_agree_with_the_kpi_functions_on_a_generated_desk() {
    let (conn, summary) = generated(1_500, 11);
    assert!(summary.tickets > 0);
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM rollups", [], |r| r.get(0))
        .unwrap();
    assert!(rows > 0, "the generator fills the rollups");
    compare(&conn, NOW);
    // Later, with no write in between: targets fall due and count as breached.
    compare(&conn, NOW + 2 * DAY);
}

#[test]
fn writes_keep_the_rollups_current_in_their_own_transaction() {
    let (mut conn, _) = generated(600, 5);
    let later = NOW + 3_600;
    let actor = |agent_id| changes::Actor {
        agent_id: Some(agent_id),
        now: later,
    };
    let solved: i64 = conn
        .query_row(
            "SELECT id FROM tickets WHERE status = 'solved' ORDER BY solved_at DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let active: i64 = conn
        .query_row(
            "SELECT id FROM tickets WHERE is_active = 1 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Assigning outside a ticket's team is a supervisor's right (docs/SECURITY.md).
    conn.execute("UPDATE agents SET role = 'supervisor' WHERE id = 1", [])
        .unwrap();
    // A reopen takes the ticket out of an earlier day's solves; a solve adds it today.
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        changes::set_status(tx, solved, Status::Open, actor(1))?;
        changes::set_status(tx, active, Status::Solved, actor(2))?;
        changes::assign(tx, solved, Some(3), actor(1))?;
        Ok(())
    })
    .unwrap();
    let dirty: i64 = conn
        .query_row("SELECT count(*) FROM rollup_dirty", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dirty, 0, "the write refreshed what it touched");
    compare(&conn, later);

    // A failed write leaves the rollups as they were.
    let before = table(&conn);
    let failed = store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        changes::set_status(tx, active, Status::Open, actor(2))?;
        Err::<(), _>(store::StoreError::NotFound {
            what: "on purpose".into(),
        })
    });
    assert!(failed.is_err());
    assert_eq!(before, table(&conn));

    // A rebuild from scratch gives the same table as the kept one.
    let kept = table(&conn);
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        rollups::rebuild(tx, later).map(|_| ())
    })
    .unwrap();
    assert_eq!(kept, table(&conn));
}

/// The rollups, then the kept durations, as text rows.
fn table(conn: &Connection) -> Vec<String> {
    let rows = |sql: &str| words(conn, sql);
    let mut all = rows(
        "SELECT concat_ws(' ', grouping, grp, measure, day, n, total) FROM rollups ORDER BY grouping, grp, measure, day",
    );
    let values = rows(
        "SELECT concat_ws(' ', measure, bucket, day, value, ticket_id, team, assignee, channel, priority)
         FROM rollup_values ORDER BY measure, bucket, day, value, ticket_id",
    );
    assert!(!values.is_empty(), "durations are kept");
    all.extend(values);
    all.extend(rows(
        "SELECT concat_ws(' ', ticket_id, team, assignee, channel, priority, cells, due_a, due_b, active)
         FROM rollup_tickets ORDER BY ticket_id",
    ));
    all
}

/// The generator computes the rollups from the tickets it plays, on a
/// second thread, without reading them back: the same tables as a rebuild
/// from the stored rows.
#[test]
fn the_generators_rollups_equal_a_rebuild() {
    let (mut conn, _) = generated(800, 21);
    let generated = table(&conn);
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        rollups::rebuild(tx, NOW).map(|_| ())
    })
    .unwrap();
    assert_eq!(generated, table(&conn));
}

/// The rollups hold the whole desk whoever writes: a restricted agent's
/// connection keeps and rebuilds them over every ticket, not only the
/// tickets that agent may see.
#[test]
fn a_restricted_agents_connection_keeps_the_whole_desks_rollups() {
    let (mut conn, _) = generated(600, 5);
    let whole = table(&conn);
    let agent: i64 = conn
        .query_row(
            "SELECT agent_id FROM agent_teams GROUP BY agent_id HAVING count(*) = 1 ORDER BY agent_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store::visibility::set_restricted(&conn, true).unwrap();
    store::visibility::set_viewer(&conn, Some(agent)).unwrap();
    assert!(store::visibility::applies(&conn).unwrap());
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        rollups::rebuild(tx, NOW).map(|_| ())
    })
    .unwrap();
    assert_eq!(whole, table(&conn));
}
