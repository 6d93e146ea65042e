#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The KPI dashboard: it shows the same figures as `loket report`, it
//! reloads and redraws only when something changed, and its screens in
//! English and Dutch, wide and narrow.

use std::process::Command;

use crate::generate_common::{NOW, generated};
use loket::i18n::Lang;
use loket::kpi::report::Breakdown;
use loket::kpi::{NamedWindow, Window};
use loket::service::worker::{Request, Response, Watch};
use loket::store::{self, OpenMode, rollups};
use loket::tui::app::{App, Screen};
use loket::tui::keymap::Keymap;
use loket::tui::{draw_if_needed, settle};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::Connection;

fn app_on(conn: &Connection, lang: Lang, size: (u16, u16)) -> App {
    let mut app = App::new(
        lang,
        Keymap::defaults(),
        Some("Anna de Vries".into()),
        None,
        NOW,
    );
    app.session.agent_id = Some(1);
    app.resize(size.0, size.1);
    settle(&mut app, conn);
    app
}

fn press(app: &mut App, conn: &Connection, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
    settle(app, conn);
}

fn screen(app: &App) -> String {
    let (w, h) = app.session.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| loket::tui::ui::draw(frame, app))
        .unwrap();
    terminal.backend().to_string()
}

fn dashboard_screen(lang: Lang, size: (u16, u16), keys: &[KeyCode]) -> String {
    let (conn, _) = generated(400, 3);
    let mut app = app_on(&conn, lang, size);
    press(&mut app, &conn, KeyCode::Char('D'));
    assert_eq!(app.screen, Screen::Dashboard);
    for key in keys {
        press(&mut app, &conn, *key);
    }
    screen(&app)
}

#[test]
fn dashboard_wide_en() {
    insta::assert_snapshot!(dashboard_screen(Lang::En, (120, 40), &[]));
}

#[test]
fn dashboard_wide_nl() {
    insta::assert_snapshot!(dashboard_screen(Lang::Nl, (120, 40), &[]));
}

#[test]
fn dashboard_narrow_en() {
    insta::assert_snapshot!(dashboard_screen(Lang::En, (40, 12), &[]));
}

#[test]
fn dashboard_narrow_nl() {
    insta::assert_snapshot!(dashboard_screen(Lang::Nl, (40, 12), &[]));
}

#[test]
fn dashboard_narrow_agents_nl() {
    let tab = KeyCode::Tab;
    insta::assert_snapshot!(dashboard_screen(Lang::Nl, (40, 12), &[tab, tab]));
}

#[test]
fn explanation_of_a_tile_wide_nl() {
    // j j: the third tile, first response time; ? explains it.
    let keys = [KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Char('?')];
    let shown = dashboard_screen(Lang::Nl, (120, 40), &keys);
    assert!(
        shown.contains("Eerste reactietijd: voor elk ticket"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn a_long_explanation_scrolls_on_a_small_terminal() {
    let keys = [KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Char('?')];
    let top = dashboard_screen(Lang::Nl, (40, 12), &keys);
    assert!(top.contains("Eerste reactietijd"), "{top}");
    assert!(!top.contains("Esc of ? sluit"), "the end is below: {top}");
    let mut more = keys.to_vec();
    more.push(KeyCode::Char('G'));
    let end = dashboard_screen(Lang::Nl, (40, 12), &more);
    assert!(end.contains("Esc of ? sluit"), "{end}");
    assert!(!end.contains("Eerste reactietijd:"), "scrolled: {end}");
    // Up again, one line at a time, back to the start.
    more.extend([KeyCode::Char('g')]);
    assert_eq!(dashboard_screen(Lang::Nl, (40, 12), &more), top);
    insta::assert_snapshot!(end);
}

#[test]
fn the_window_key_switches_window_and_keeps_the_selection() {
    let (conn, _) = generated(400, 3);
    let mut app = app_on(&conn, Lang::En, (120, 40));
    press(&mut app, &conn, KeyCode::Char('D'));
    press(&mut app, &conn, KeyCode::Char('j'));
    assert_eq!(app.dashboard.window, NamedWindow::Last7Days);
    press(&mut app, &conn, KeyCode::Char('w'));
    assert_eq!(app.dashboard.window, NamedWindow::Last30Days);
    let data = app.dashboard.data.as_ref().unwrap();
    assert_eq!(data.window, NamedWindow::Last30Days);
    assert_eq!(data.daily.len(), 30);
    assert_eq!(app.dashboard.selected, 1, "the selection stays on its tile");
    assert!(screen(&app).contains("last 30 days"));
    // On round: today, then yesterday (a closed day against the day before).
    press(&mut app, &conn, KeyCode::Char('w'));
    assert_eq!(app.dashboard.window, NamedWindow::Today);
    press(&mut app, &conn, KeyCode::Char('w'));
    assert_eq!(app.dashboard.window, NamedWindow::Yesterday);
    let data = app.dashboard.data.as_ref().unwrap();
    assert_eq!(data.window, NamedWindow::Yesterday);
    assert_eq!(data.daily.len(), 1);
    assert_eq!(data.span.to - data.span.from, 86_400);
    assert!(data.span.to <= NOW, "yesterday is over");
    assert!(screen(&app).contains("yesterday"));
    // The same figures as `loket report --window yesterday`.
    let calendar = store::settings::calendar(&conn).unwrap();
    let window = Window::named(NamedWindow::Yesterday, calendar.time_zone(), NOW);
    assert_eq!(
        rollups::report(&conn, window, NOW).unwrap().unwrap(),
        data.current
    );
    // A write key on the dashboard says where to go instead of doing nothing.
    press(&mut app, &conn, KeyCode::Char('r'));
    assert!(
        app.session
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("queue")
    );
    // D goes back to the queue.
    press(&mut app, &conn, KeyCode::Char('D'));
    assert_eq!(app.screen, Screen::Queue);
}

/// Equal JSON, numbers to within printing precision (the printed text is
/// parsed back, which may move the last digit of a float).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-9 * x.abs().max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The dashboard and `loket report` read the same rollups through the same
/// code: on the same desk at the same instant, the same numbers.
#[test]
fn the_dashboard_and_the_report_command_agree() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let home = dir.path().join("home");
    let loket = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_loket"))
            .env("HOME", &home)
            .env("XDG_STATE_HOME", home.join("state"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let now = "2026-11-23T14:00:00Z";
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .arg("--db")
        .arg(&db)
        .args(["generate", "--tickets", "500", "--seed", "8", "--now", now])
        .output()
        .unwrap();
    assert!(out.status.success());

    let conn = store::open(&db, OpenMode::ReadOnly, &loket::clock::SystemClock).unwrap();
    for (name, word) in [
        (NamedWindow::Today, "today"),
        (NamedWindow::Last7Days, "7d"),
        (NamedWindow::Last30Days, "30d"),
    ] {
        let data = store::dashboard::load(&conn, name, NOW).unwrap();
        let printed = loket(&["report", "--window", word, "--format", "json", "--now", now]);
        let shown = serde_json::to_value(&data.current).unwrap();
        for (key, value) in shown.as_object().unwrap() {
            assert!(
                same(&printed[key], value),
                "{word}: {key}: {} vs {value}",
                printed[key]
            );
        }
        for key in ["churn", "retention", "cltv"] {
            assert!(printed.get(key).is_some(), "the report has {key}");
        }
        for (by, rows) in [("team", &data.teams), ("agent", &data.agents)] {
            let printed = loket(&[
                "report", "--window", word, "--by", by, "--format", "json", "--now", now,
            ]);
            let groups = printed["groups"].as_array().unwrap();
            // The agent table lists every active agent; those the report
            // leaves out have no figures in the window.
            for row in rows.iter() {
                if !groups.iter().any(|g| g["group"] == row.group.as_str()) {
                    assert_eq!(by, "agent", "{word}: team {} not in the report", row.group);
                    assert_eq!(
                        (row.handled, row.aht, row.load),
                        (0, None, 0),
                        "{word}: {}",
                        row.group
                    );
                }
            }
            for printed in groups {
                let row = rows
                    .iter()
                    .find(|r| printed["group"] == r.group.as_str())
                    .unwrap_or_else(|| {
                        panic!("{word}: {by} {} not on the dashboard", printed["group"])
                    });
                let shown = serde_json::json!({
                    "aht": row.aht,
                    "fcr": row.fcr,
                    "resolution_rate": row.resolution_rate,
                    "csat": row.csat,
                    "backlog": row.load,
                });
                let printed = serde_json::json!({
                    "aht": printed["aht"],
                    "fcr": printed["fcr"],
                    "resolution_rate": printed["resolution_rate"],
                    "csat": printed["csat"],
                    "backlog": printed["backlog"]["total"],
                });
                assert!(
                    same(&printed, &shown),
                    "{word}: {by} {}: {printed} vs {shown}",
                    row.group
                );
            }
        }
    }
    // And both are the rollups' report.
    let calendar = store::settings::calendar(&conn).unwrap();
    let window = Window::named(NamedWindow::Last7Days, calendar.time_zone(), NOW);
    let data = store::dashboard::load(&conn, NamedWindow::Last7Days, NOW).unwrap();
    assert_eq!(
        rollups::report(&conn, window, NOW).unwrap().unwrap(),
        data.current
    );
    let by_team = rollups::report_by(&conn, Breakdown::Team, window, NOW)
        .unwrap()
        .unwrap();
    let groups: Vec<(String, Option<f64>, Option<f64>, usize)> = by_team
        .iter()
        .map(|g| {
            (
                g.group.clone(),
                g.report.aht,
                g.report.csat,
                g.report.backlog.now.total,
            )
        })
        .collect();
    let rows: Vec<(String, Option<f64>, Option<f64>, usize)> = data
        .teams
        .iter()
        .map(|r| (r.group.clone(), r.aht, r.csat, r.load))
        .collect();
    assert_eq!(groups, rows);
}

/// With nothing changed, the console neither asks the database for
/// anything nor draws: no bytes go to the terminal. Other consoles'
/// heartbeats and presence are no change: the worker's poll says so and the
/// dashboard asks for nothing. A change written by another process reloads
/// the dashboard and draws once.
#[test]
fn nothing_changed_means_no_query_and_no_redraw() {
    // The desk in a file, with another console's connection beside ours.
    let (memory, _) = generated(300, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    memory
        .execute("VACUUM INTO ?1", [path.to_str().unwrap()])
        .unwrap();
    let conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    let other = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    let mut watch = Watch::new(&conn);
    let mut app = app_on(&conn, Lang::En, (120, 40));
    press(&mut app, &conn, KeyCode::Char('D'));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    assert!(
        draw_if_needed(&mut terminal, &mut app).unwrap(),
        "first frame"
    );
    let drawn = terminal.backend().to_string();

    let mut presence_news = 0;
    // Ticks within the minute: no figures asked for, nothing drawn. The
    // console's own duties (its heartbeat, the automatic escalation check)
    // run, and their answers draw nothing either.
    for second in 1..50 {
        app.tick(NOW + second);
        let asked = app.take_requests();
        assert!(
            asked
                .iter()
                .all(|r| matches!(r, Request::Heartbeat { .. } | Request::AutoEscalate { .. })),
            "only the console's duties at +{second}s: {asked:?}"
        );
        for request in &asked {
            app.apply(loket::service::worker::handle(
                &conn,
                &loket::clock::SystemClock,
                request,
            ));
        }
        watch.wrote(&conn);
        // Meanwhile the other consoles beat and open and leave tickets;
        // the worker polls twice a second.
        let agent = 2 + second % 5;
        let beat = Request::Heartbeat {
            agent,
            status: None,
            now: NOW + second,
        };
        let presence = Request::Presence {
            agent,
            ticket: (second % 3 != 0).then_some(second),
            replying: second % 2 == 0,
            now: NOW + second,
        };
        for (request, is_beat) in [(beat, true), (presence, false)] {
            let done = loket::service::worker::handle(&other, &loket::clock::SystemClock, &request);
            assert!(!matches!(done, Response::Failed { .. }), "{done:?}");
            // (Leaving when on no ticket commits nothing: no news at all.)
            let news = watch.poll(&conn);
            if !is_beat && news.is_none() {
                continue;
            }
            presence_news += 1;
            assert!(
                matches!(news, Some(Response::PresenceChanged)),
                "presence only at +{second}s: {news:?}"
            );
            app.apply(news.unwrap());
            assert_eq!(app.take_requests(), vec![], "no query at +{second}s");
        }
        assert!(
            !draw_if_needed(&mut terminal, &mut app).unwrap(),
            "no frame at +{second}s"
        );
    }
    assert_eq!(terminal.backend().to_string(), drawn);
    assert!(
        presence_news > 49 + 30,
        "{presence_news} polls saw presence"
    );

    // Our heartbeat marked us available, which the agent table shows:
    // the news of it reloads and draws once.
    app.apply(Response::Changed);
    for request in app.take_requests() {
        app.apply(loket::service::worker::handle(
            &conn,
            &loket::clock::SystemClock,
            &request,
        ));
    }
    draw_if_needed(&mut terminal, &mut app).unwrap();
    // The news of a write that changed no figure (a setting, say): the
    // figures are read again, but nothing is drawn.
    app.apply(Response::Changed);
    let asked = app.take_requests();
    assert!(asked.iter().any(|r| matches!(r, Request::Dashboard { .. })));
    for request in &asked {
        app.apply(loket::service::worker::handle(
            &conn,
            &loket::clock::SystemClock,
            request,
        ));
    }
    assert!(
        !draw_if_needed(&mut terminal, &mut app).unwrap(),
        "same figures, no frame"
    );

    // Another process solved a ticket: the worker says so; the dashboard reloads.
    let open: i64 = conn
        .query_row(
            "SELECT id FROM tickets WHERE status = 'open' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    loket::store::write_shared(&other, &loket::clock::SystemClock, |tx| {
        loket::store::changes::set_status(
            tx,
            open,
            loket::domain::Status::Solved,
            loket::store::changes::Actor {
                agent_id: Some(1),
                now: NOW + 50,
            },
        )
    })
    .unwrap();
    let news = watch.poll(&conn);
    assert!(matches!(news, Some(Response::Changed)), "{news:?}");
    app.apply(news.unwrap());
    assert!(
        !draw_if_needed(&mut terminal, &mut app).unwrap(),
        "the news alone changes nothing on screen"
    );
    let requests = app.take_requests();
    assert!(
        requests
            .iter()
            .any(|r| matches!(r, Request::Dashboard { .. })),
        "{requests:?}"
    );
    let selected = app.dashboard.selected;
    for request in &requests {
        app.apply(loket::service::worker::handle(
            &conn,
            &loket::clock::SystemClock,
            request,
        ));
    }
    assert!(
        draw_if_needed(&mut terminal, &mut app).unwrap(),
        "new figures are drawn"
    );
    assert!(!draw_if_needed(&mut terminal, &mut app).unwrap(), "once");
    assert_eq!(app.dashboard.selected, selected);

    // A new minute changes the times on screen: one frame, still no
    // figures asked for.
    app.tick(NOW + 60);
    assert!(
        !app.take_requests()
            .iter()
            .any(|r| matches!(r, Request::Dashboard { .. }))
    );
    assert!(draw_if_needed(&mut terminal, &mut app).unwrap());
}

/// With the desk's team restriction on, an agent's dashboard counts the
/// tickets of their own teams only, as the exact report over those tickets
/// does, and lists only their teams.
#[test]
fn with_the_team_restriction_the_dashboard_counts_the_viewers_teams_only() {
    let (conn, _) = generated(300, 4);
    let (agent, team): (i64, String) = conn
        .query_row(
            "SELECT x.agent_id, tm.name FROM agent_teams x JOIN teams tm ON tm.id = x.team_id
             WHERE x.agent_id IN (SELECT agent_id FROM agent_teams GROUP BY agent_id HAVING count(*) = 1)
             ORDER BY x.agent_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let whole = store::dashboard::load(&conn, NamedWindow::Last7Days, NOW).unwrap();
    store::visibility::set_restricted(&conn, true).unwrap();
    store::visibility::set_viewer(&conn, Some(agent)).unwrap();
    let mine = store::dashboard::load(&conn, NamedWindow::Last7Days, NOW).unwrap();

    let calendar = store::settings::calendar(&conn).unwrap();
    let window = Window::named(NamedWindow::Last7Days, calendar.time_zone(), NOW);
    let inputs = store::facts::load(&conn, window).unwrap();
    let exact = loket::kpi::report(&inputs, window, &calendar, NOW);
    assert_eq!(mine.current.volume, exact.volume);
    assert_eq!(mine.current.backlog, exact.backlog);
    assert_eq!(mine.current.fcr, exact.fcr);
    assert_eq!(mine.current.resolution_rate, exact.resolution_rate);
    assert_eq!(mine.current.sla_compliance, exact.sla_compliance);
    // Medians and p90 too: the kept durations of the viewer's teams only.
    assert_eq!(mine.current.frt, exact.frt);
    assert_eq!(mine.current.frt_business, exact.frt_business);
    assert_eq!(mine.current.ttr, exact.ttr);
    assert_eq!(mine.current.ttr_business, exact.ttr_business);
    assert_ne!(mine.current.frt, whole.current.frt, "one team's median");
    assert_ne!(
        mine.current.volume, whole.current.volume,
        "one team is not the whole desk"
    );
    assert!(whole.teams.len() > 1);
    let teams: Vec<&str> = mine.teams.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(teams, vec![team.as_str()]);
    // And `loket report` for that agent reads the same tickets.
    let report = store::rollups::report(&conn, window, NOW).unwrap();
    assert!(
        report.is_none(),
        "restricted: the exact path, not the desk's rollups"
    );
}

/// The trend lines' daily medians (first response, resolution) are exact:
/// each day's equals the from-scratch report of that day.
#[test]
fn the_daily_medians_of_the_trend_lines_are_exact() {
    let (conn, _) = generated(600, 9);
    let data = store::dashboard::load(&conn, NamedWindow::Last7Days, NOW).unwrap();
    let calendar = store::settings::calendar(&conn).unwrap();
    let tz = calendar.time_zone();
    let first = data.span.from;
    let mut with_figures = 0;
    for (i, daily) in data.daily.iter().enumerate() {
        let date = chrono::DateTime::from_timestamp(first, 0)
            .unwrap()
            .with_timezone(&tz)
            .date_naive()
            + chrono::Days::new(i as u64);
        let window = Window::new(
            loket::kpi::window::local_midnight(tz, date),
            loket::kpi::window::local_midnight(tz, date + chrono::Days::new(1)),
        )
        .unwrap();
        let inputs = store::facts::load(&conn, window).unwrap();
        let exact = loket::kpi::report(&inputs, window, &calendar, NOW);
        let medians =
            |r: &loket::kpi::report::Report| (r.frt.map(|s| s.median), r.ttr.map(|t| t.median));
        assert_eq!(medians(daily), medians(&exact), "{date}");
        if exact.frt.is_some() {
            with_figures += 1;
        }
    }
    assert!(
        with_figures >= 3,
        "days with first responses: {with_figures}"
    );
    // The window before, which the tiles' change compares with: the same.
    let before = Window::new(
        data.span.from - (data.span.to - data.span.from),
        data.span.from,
    )
    .unwrap();
    let inputs = store::facts::load(&conn, before).unwrap();
    let exact = loket::kpi::report(&inputs, before, &calendar, NOW);
    assert!(exact.frt.is_some());
    assert_eq!(
        (
            data.previous.frt.map(|s| s.median),
            data.previous.ttr.map(|t| t.median)
        ),
        (exact.frt.map(|s| s.median), exact.ttr.map(|t| t.median))
    );
}

/// The agent table shows who is available, away or offline: ● ◐ ○. An
/// agent whose console stops beating turns offline on screen within a
/// minute, with no query: the status is worked out from the last beat.
#[test]
fn the_agent_table_shows_who_is_available_and_a_silent_console_goes_offline() {
    let (mut conn, _) = generated(300, 4);
    let id = |name: &str| -> i64 {
        conn.query_row("SELECT id FROM agents WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let (bram, chloe) = (id("bram"), id("chloe"));
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        store::agents::heartbeat(tx, bram, Some(loket::domain::AgentStatus::Available), NOW)?;
        store::agents::heartbeat(tx, chloe, Some(loket::domain::AgentStatus::Away), NOW)
    })
    .unwrap();
    let mut app = app_on(&conn, Lang::En, (120, 40));
    press(&mut app, &conn, KeyCode::Char('D'));
    let shown = screen(&app);
    assert!(shown.contains("● bram"), "{shown}");
    assert!(shown.contains("◐ chloe"), "{shown}");
    assert!(shown.contains("○ daan"), "{shown}");
    // Every active agent has a row, also without figures in the window.
    let agents: i64 = conn
        .query_row("SELECT count(*) FROM agents WHERE active = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let data = app.dashboard.data.as_ref().unwrap();
    let named = data.agents.iter().filter(|r| r.group != "none").count();
    assert_eq!(named, usize::try_from(agents).unwrap());

    // Two minutes later, no beat from Bram's console: offline, drawn
    // without asking the database for anything.
    app.tick(NOW + 120);
    let asked = app.take_requests();
    assert!(
        !asked.iter().any(|r| matches!(r, Request::Dashboard { .. })),
        "{asked:?}"
    );
    let shown = screen(&app);
    assert!(shown.contains("○ bram"), "{shown}");
    assert!(shown.contains("○ chloe"), "{shown}");

    // The ticket each agent works on keeps room: at 120 columns FCR and
    // resolution rate give way in the agent table; at 160 everything fits.
    let agents_header = |app: &App| -> String {
        let shown = screen(app);
        let line = shown
            .lines()
            .find(|l| l.contains("Working on"))
            .unwrap_or_else(|| panic!("{shown}"))
            .to_string();
        line[line.find("││").unwrap()..].to_string()
    };
    let narrow = agents_header(&app);
    assert!(
        !narrow.contains("FCR") && narrow.contains("CSAT"),
        "{narrow}"
    );
    app.resize(160, 40);
    let wide = agents_header(&app);
    assert!(wide.contains("FCR") && wide.contains("Resol."), "{wide}");
}

/// Counts on the tiles read with the language's thousands separator, the
/// new tickets beside the backlog too.
#[test]
fn large_counts_are_grouped_by_thousands() {
    let (conn, _) = generated(300, 4);
    let mut app = app_on(&conn, Lang::En, (120, 40));
    press(&mut app, &conn, KeyCode::Char('D'));
    let data = app.dashboard.data.as_mut().unwrap();
    data.current.backlog.now.new = 2_433;
    data.current.backlog.now.total = 29_174;
    if let Some(last) = data.current.backlog.trend.last_mut() {
        last.backlog = 29_174;
    }
    let shown = screen(&app);
    assert!(shown.contains("29,174 · 2,433 new now"), "{shown}");
}

/// The agent table's row of tickets nobody has fits its narrow cell in
/// Dutch ("niemand", not a cut-off "niet toegew").
#[test]
fn the_nobody_row_fits_in_dutch() {
    let (mut conn, _) = generated(300, 4);
    let active: i64 = conn
        .query_row(
            "SELECT id FROM tickets WHERE is_active = 1 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        store::changes::assign(
            tx,
            active,
            None,
            store::changes::Actor {
                agent_id: Some(1),
                now: NOW,
            },
        )
    })
    .unwrap();
    let mut app = app_on(&conn, Lang::Nl, (120, 40));
    press(&mut app, &conn, KeyCode::Char('D'));
    for key in [KeyCode::Tab, KeyCode::Tab, KeyCode::Char('G')] {
        press(&mut app, &conn, key);
    }
    let shown = screen(&app);
    assert!(shown.contains("│niemand "), "{shown}");
    assert!(!shown.contains("niet toegew"), "{shown}");
    // At the end of the table the page stays full: the rows before the
    // last are still on screen.
    assert!(shown.contains("○ karim"), "{shown}");
}
