#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Figures that cannot be impossible: on generated desks of several seeds
//! and sizes, seen at several instants, every share of the report and of
//! the dashboard lies in [0, 1] (NPS in [−100, 100]) for the desk and for
//! every team and agent, in every window (the named ones through the
//! rollups, odd ones through the exact path), and the rollups give what
//! the exact path gives.

use crate::generate_common::{DAY, NOW, generated};
use loket::kpi::report::{Breakdown, Report};
use loket::kpi::{self, NamedWindow, Window};
use loket::store::{self, dashboard, rollups};

fn in_unit(value: Option<f64>, what: &str) {
    if let Some(v) = value {
        assert!((0.0..=1.0).contains(&v), "{what} = {v}, outside [0, 1]");
    }
}

fn bounded(r: &Report, what: &str) {
    in_unit(r.fcr, &format!("{what}: FCR"));
    in_unit(r.resolution_rate, &format!("{what}: resolution rate"));
    in_unit(r.sla_compliance, &format!("{what}: SLA compliance"));
    in_unit(r.escalation_rate, &format!("{what}: escalation rate"));
    in_unit(r.reopen_rate, &format!("{what}: reopen rate"));
    in_unit(r.csat, &format!("{what}: CSAT"));
    in_unit(r.self_service_ratio, &format!("{what}: self-service ratio"));
    if let Some(nps) = r.nps {
        assert!((-100.0..=100.0).contains(&nps), "{what}: NPS = {nps}");
    }
}

/// Windows that are not whole named days: ends inside a day, starts an
/// odd number of hours back, one long window across the whole history.
fn odd_windows(now: i64) -> Vec<Window> {
    let mut out = Vec::new();
    for (back_days, hours, len_days) in [(0, 5, 1), (2, 13, 3), (9, 1, 9), (40, 7, 20)] {
        let to = now - back_days * DAY - hours * 3_600;
        out.push(Window {
            from: to - len_days * DAY,
            to,
        });
    }
    out.push(Window {
        from: now - 400 * DAY,
        to: now + DAY,
    });
    out
}

#[test]
fn every_share_of_every_group_lies_between_nothing_and_everything() {
    for (tickets, seed) in [(300, 3), (900, 8), (1_500, 13)] {
        let (conn, _) = generated(tickets, seed);
        let calendar = store::settings::calendar(&conn).unwrap();
        let customers = store::facts::load_customers(&conn).unwrap();
        for now in [NOW, NOW + 3 * DAY + 5 * 3_600, NOW + 20 * DAY] {
            let mut windows: Vec<(String, Window)> = [
                NamedWindow::Today,
                NamedWindow::Last7Days,
                NamedWindow::Last30Days,
            ]
            .into_iter()
            .map(|name| {
                (
                    name.to_string(),
                    Window::named(name, calendar.time_zone(), now),
                )
            })
            .collect();
            windows.extend(
                odd_windows(now)
                    .into_iter()
                    .map(|w| (format!("[{}, {})", w.from, w.to), w)),
            );
            for (name, window) in &windows {
                let what = format!("{tickets} tickets, seed {seed}, now {now}, {name}");
                let inputs = store::facts::load(&conn, *window).unwrap();
                bounded(
                    &kpi::report(&inputs, *window, &calendar, now),
                    &format!("{what}, desk"),
                );
                for by in [Breakdown::Team, Breakdown::Agent] {
                    for g in kpi::report_by(&inputs, by, *window, &calendar, now) {
                        bounded(&g.report, &format!("{what}, {by} {}", g.group));
                    }
                }
                for (agent, r) in kpi::resolution::resolution_rates(&inputs.tickets, *window) {
                    assert!(r.solved <= r.held, "{what}, {agent}: {r:?}");
                }
                in_unit(
                    kpi::customers::churn(&customers, *window),
                    &format!("{what}: churn"),
                );
                in_unit(
                    kpi::customers::retention(&customers, *window),
                    &format!("{what}: retention"),
                );
                if let Some(rolled) = rollups::report(&conn, *window, now).unwrap() {
                    bounded(&rolled, &format!("{what}, desk from the rollups"));
                }
            }
            for name in [
                NamedWindow::Today,
                NamedWindow::Last7Days,
                NamedWindow::Last30Days,
            ] {
                let what = format!("{tickets} tickets, seed {seed}, now {now}, dashboard {name}");
                let data = dashboard::load(&conn, name, now).unwrap();
                bounded(&data.current, &format!("{what}, current"));
                bounded(&data.previous, &format!("{what}, previous"));
                for (i, day) in data.daily.iter().enumerate() {
                    bounded(day, &format!("{what}, day {i}"));
                }
                for row in data.teams.iter().chain(&data.agents) {
                    let who = format!("{what}, {}", row.group);
                    in_unit(row.fcr, &format!("{who}: FCR"));
                    in_unit(row.resolution_rate, &format!("{who}: resolution rate"));
                    in_unit(row.csat, &format!("{who}: CSAT"));
                }
            }
            // And the rollups agree with the exact path, group by group.
            crate::rollup::compare(&conn, now);
        }
    }
}
