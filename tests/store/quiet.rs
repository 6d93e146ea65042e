#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Many consoles on one desk: another console's heartbeat or presence
//! (a ticket opened, a reply started, a ticket left) moves no content
//! stamp, so no console reloads its queue, ticket or dashboard for it, only
//! its watchers; every write that changes the desk's content moves the
//! stamp, and the worker's next poll reports it as a change.

use crate::common;
use std::path::{Path, PathBuf};

use crate::common::NOW;
use chrono::{TimeZone, Utc};
use loket::domain::{AgentStatus, Status};
use loket::exchange::{csv_import, import};
use loket::i18n::Lang;
use loket::service::change::{Change, Reply};
use loket::service::worker::{self, Request, Response, Watch};
use loket::store::changes::Actor;
use loket::store::{self, OpenMode, agents, claim, kb, stamp};
use loket::tui::app::Screen;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;

const ANNA: i64 = 1;
const BRAM: i64 = 2;

/// The hand-built desk in a file. Opening it again brings the rollups of
/// its plain-SQL rows up to date, as any loket process would.
fn desk_file(dir: &Path) -> PathBuf {
    let path = dir.join("desk.db");
    drop(common::fixture_file(&path));
    drop(open(&path));
    path
}

fn open(path: &Path) -> Connection {
    store::open(path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap()
}

fn stamp_of(conn: &Connection) -> i64 {
    stamp::read(conn)
        .unwrap()
        .expect("no rows waiting for their rollups")
}

/// A heartbeat as a console sends it.
fn beat(conn: &Connection, agent: i64, status: Option<AgentStatus>, now: i64) {
    let r = worker::handle(
        conn,
        &loket::clock::SystemClock,
        &Request::Heartbeat { agent, status, now },
    );
    assert!(matches!(r, Response::Beat), "{r:?}");
}

/// Presence as a console sends it.
fn present(conn: &Connection, agent: i64, ticket: Option<i64>, replying: bool, now: i64) {
    let r = worker::handle(
        conn,
        &loket::clock::SystemClock,
        &Request::Presence {
            agent,
            ticket,
            replying,
            now,
        },
    );
    assert!(matches!(r, Response::Entered { .. }), "{r:?}");
}

/// A change as a console sends it.
fn write(conn: &Connection, agent: i64, change: Change) {
    let r = worker::handle(
        conn,
        &loket::clock::SystemClock,
        &Request::Write {
            change,
            actor: Actor {
                agent_id: Some(agent),
                now: NOW,
            },
        },
    );
    assert!(matches!(r, Response::Written { .. }), "{r:?}");
}

fn reply(ticket: i64, body: &str) -> Change {
    Change::Reply(Reply {
        ticket,
        body: body.into(),
        internal: false,
        status: None,
        priority: None,
        tags: vec![],
        base: None,
        files: vec![],
    })
}

fn an_open_ticket(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT id FROM tickets WHERE status = 'open' ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn heartbeats_and_presence_leave_the_stamp_alone() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open(&desk_file(dir.path()));
    let ticket = an_open_ticket(&conn);
    // Signing on is a status change (offline → available): content.
    let before = stamp_of(&conn);
    beat(&conn, ANNA, Some(AgentStatus::Available), NOW);
    beat(&conn, BRAM, Some(AgentStatus::Available), NOW);
    assert_eq!(stamp_of(&conn), before + 2, "two agents came online");

    let quiet = stamp_of(&conn);
    // Plain beats, and a beat repeating the status it already has.
    beat(&conn, ANNA, None, NOW + 10);
    beat(&conn, BRAM, Some(AgentStatus::Available), NOW + 10);
    // Viewing, replying, moving on, leaving.
    present(&conn, ANNA, Some(ticket), false, NOW + 11);
    present(&conn, ANNA, Some(ticket), true, NOW + 12);
    present(&conn, ANNA, Some(ticket + 1), false, NOW + 13);
    present(&conn, ANNA, None, false, NOW + 14);
    // Bram's console dies on a ticket; Anna's next presence expires his row.
    present(&conn, BRAM, Some(ticket), false, NOW + 15);
    present(&conn, ANNA, Some(ticket), false, NOW + 100);
    let rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM presence WHERE agent_id = ?1",
            [BRAM],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0, "Bram's stale presence expired");
    assert_eq!(stamp_of(&conn), quiet, "presence only: the stamp stays");

    // Anna starts replying while Bram is replying: a collision, recorded as
    // an event on the ticket, is content.
    present(&conn, BRAM, Some(ticket), true, NOW + 101);
    assert_eq!(stamp_of(&conn), quiet);
    present(&conn, ANNA, Some(ticket), true, NOW + 102);
    let collisions: i64 = conn
        .query_row(
            "SELECT count(*) FROM events WHERE ticket_id = ?1 AND kind = 'collision'",
            [ticket],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(collisions, 1);
    assert!(
        stamp_of(&conn) > quiet,
        "the collision event moves the stamp"
    );
}

#[test]
fn every_kind_of_content_write_moves_the_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&desk_file(dir.path()));
    let ticket = an_open_ticket(&conn);
    let mut last = stamp_of(&conn);
    let mut moved = |conn: &Connection, what: &str| {
        let now = stamp_of(conn);
        assert!(now > last, "{what} moves the stamp ({last} → {now})");
        last = now;
    };

    write(&conn, ANNA, reply(ticket, "We are on it."));
    moved(&conn, "a reply");
    write(
        &conn,
        ANNA,
        Change::SetStatus {
            tickets: vec![ticket],
            status: Status::Pending,
        },
    );
    moved(&conn, "a status change");
    beat(&conn, ANNA, Some(AgentStatus::Away), NOW);
    moved(&conn, "`z`: the agent is away");
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        agents::update(
            tx,
            "bram",
            &agents::AgentChanges {
                status: Some(AgentStatus::Away),
                ..Default::default()
            },
        )
    })
    .unwrap();
    moved(&conn, "`loket agent set --status`");
    claim::claim(&conn, ANNA, NOW).unwrap();
    moved(&conn, "`loket next`");
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        kb::add(
            tx,
            &kb::NewArticle {
                title: "Resetting a password".into(),
                body: "Use the link on the login page.".into(),
                category: "Account".into(),
                language: "en".into(),
                visibility: "public".into(),
                ..Default::default()
            },
            NOW,
        )
    })
    .unwrap();
    moved(&conn, "a knowledge-base article");
    let map = csv_import::parse_map("external_id=Ref,subject=Title,customer_email=Email").unwrap();
    let (doc, origins) = csv_import::parse_csv(
        "Ref,Title,Email\nQ-1,Printer on fire,piet@example.nl\n",
        "tickets.csv",
        &map,
        Utc.timestamp_opt(NOW, 0).unwrap(),
    )
    .unwrap();
    let report = import::import(&mut conn, &doc, &origins, NOW).unwrap();
    assert_eq!(report.tickets, 1);
    moved(&conn, "an import");
    let r = worker::handle(
        &conn,
        &loket::clock::SystemClock,
        &Request::SignOff { agent: ANNA },
    );
    assert!(matches!(r, Response::Beat), "{r:?}");
    moved(&conn, "signing off (the agent goes offline)");
}

/// The worker's poll, step by step, with another console writing to the
/// same file: presence is `PresenceChanged`, content is `Changed`, and the
/// console's own writes are no news.
#[test]
fn the_poll_tells_presence_from_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_file(dir.path());
    let mine = open(&path);
    let other = open(&path);
    let ticket = an_open_ticket(&mine);
    let mut watch = Watch::new(&mine);
    assert!(watch.poll(&mine).is_none(), "nobody wrote");

    let presence_only = |watch: &mut Watch, what: &str| {
        let news = watch.poll(&mine);
        assert!(
            matches!(news, Some(Response::PresenceChanged)),
            "{what}: {news:?}"
        );
        assert!(watch.poll(&mine).is_none(), "{what}: reported once");
    };
    beat(&other, BRAM, None, NOW);
    presence_only(&mut watch, "a heartbeat");
    present(&other, BRAM, Some(ticket), false, NOW + 1);
    presence_only(&mut watch, "viewing a ticket");
    present(&other, BRAM, Some(ticket), true, NOW + 2);
    presence_only(&mut watch, "starting a reply");
    present(&other, BRAM, None, false, NOW + 3);
    presence_only(&mut watch, "leaving the ticket");

    let content = |watch: &mut Watch, what: &str| {
        let news = watch.poll(&mine);
        assert!(matches!(news, Some(Response::Changed)), "{what}: {news:?}");
        assert!(watch.poll(&mine).is_none(), "{what}: reported once");
    };
    write(&other, BRAM, reply(ticket, "Fixed it."));
    content(&mut watch, "a reply");
    beat(&other, BRAM, Some(AgentStatus::Away), NOW + 4);
    content(&mut watch, "Bram goes away");
    // Content and presence in one poll interval: content wins.
    write(
        &other,
        BRAM,
        Change::SetStatus {
            tickets: vec![ticket],
            status: Status::Solved,
        },
    );
    beat(&other, BRAM, None, NOW + 5);
    content(&mut watch, "a status change, then a heartbeat");

    // My own writes move the stamp too, but they are no news to me: the
    // next heartbeat of another console is presence only.
    write(&mine, ANNA, reply(ticket, "And a follow-up."));
    beat(&mine, ANNA, Some(AgentStatus::Available), NOW + 6);
    watch.wrote(&mine);
    assert!(watch.poll(&mine).is_none(), "my own commits");
    beat(&other, BRAM, None, NOW + 7);
    presence_only(&mut watch, "a heartbeat after my own writes");

    // A row written by plain SQL, outside loket's writes, moves no stamp,
    // but it is seen (its ticket waits for its rollups): a change.
    other
        .execute(
            "UPDATE tickets SET subject = 'Edited by hand' WHERE id = ?1",
            [ticket],
        )
        .unwrap();
    content(&mut watch, "a plain-SQL edit");
}

/// The console on top of the poll: presence news asks for the watchers
/// only, on the queue and an open ticket, and for nothing at all on the
/// dashboard; content news reloads.
#[test]
fn other_consoles_beating_reload_nothing_but_watchers() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk_file(dir.path());
    let mine = open(&path);
    let other = open(&path);
    let mut app = common::agent_app(&mine, Lang::En, (120, 40));
    common::keys(&mut app, &mine, "\n");
    let ticket = app.ticket.shown.expect("a ticket is open");
    let mut watch = Watch::new(&mine);
    let _ = app.take_redraw();

    // Bram opens the same ticket: only the watchers are asked for, and
    // their answer (Bram is here) is drawn.
    present(&other, BRAM, Some(ticket), false, NOW);
    let news = watch.poll(&mine).expect("Bram committed");
    assert!(matches!(news, Response::PresenceChanged), "{news:?}");
    app.apply(news);
    let asked = app.take_requests();
    assert!(
        matches!(asked.as_slice(), [Request::Watchers { tickets, .. }] if tickets.contains(&ticket)),
        "{asked:?}"
    );
    assert!(!app.take_redraw(), "the news alone draws nothing");
    app.apply(worker::handle(&mine, &loket::clock::SystemClock, &asked[0]));
    assert!(app.take_redraw(), "Bram appears on the ticket");
    assert!(common::screen(&app).contains("Bram"));

    // Bram's heartbeat: the watchers again, the same ones: nothing drawn.
    beat(&other, BRAM, None, NOW + 10);
    app.apply(watch.poll(&mine).expect("Bram committed"));
    let asked = app.take_requests();
    assert!(
        matches!(asked.as_slice(), [Request::Watchers { .. }]),
        "{asked:?}"
    );
    app.apply(worker::handle(&mine, &loket::clock::SystemClock, &asked[0]));
    assert!(!app.take_redraw(), "same watchers, no frame");

    // Bram replies: the queue and the ticket are read again.
    write(&other, BRAM, reply(ticket, "I have taken this one."));
    app.apply(watch.poll(&mine).expect("Bram committed"));
    let asked = app.take_requests();
    assert!(
        asked
            .iter()
            .any(|r| matches!(r, Request::Ticket { id } if *id == ticket))
            && asked
                .iter()
                .any(|r| matches!(r, Request::Queue { .. } | Request::List { .. })),
        "{asked:?}"
    );
    loket::tui::settle(&mut app, &mine);

    // On the dashboard, presence asks for nothing: no query, no frame.
    app.handle_key(&ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('D'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    ));
    loket::tui::settle(&mut app, &mine);
    assert_eq!(app.screen, Screen::Dashboard);
    watch.wrote(&mine);
    let _ = app.take_redraw();
    for step in 0..5 {
        beat(&other, BRAM, None, NOW + 20 + step);
        present(
            &other,
            BRAM,
            Some(ticket + step % 2),
            step % 2 == 0,
            NOW + 20 + step,
        );
        let news = watch.poll(&mine).expect("Bram committed");
        assert!(matches!(news, Response::PresenceChanged), "{news:?}");
        app.apply(news);
        assert_eq!(app.take_requests(), vec![], "step {step}: nothing asked");
        assert!(!app.take_redraw(), "step {step}: nothing drawn");
    }
    // A content write reloads the figures.
    write(
        &other,
        BRAM,
        Change::SetStatus {
            tickets: vec![ticket],
            status: Status::Solved,
        },
    );
    app.apply(watch.poll(&mine).expect("Bram committed"));
    let asked = app.take_requests();
    assert!(
        matches!(asked.as_slice(), [Request::Dashboard { .. }]),
        "{asked:?}"
    );
}
