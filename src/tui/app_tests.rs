//! Key handling against a synthetic queue: a fake worker answers requests
//! from an in-memory list of tickets, so these tests need no database.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::*;
use crate::domain::{Channel, Priority, Status};
use crate::service::worker::QueueLoaded;
use crate::store::queue::{QueuePage, QueueRow};
use crate::store::tickets::{CustomerSummary, SlaState, TicketDetail};

const NOW: i64 = 1_795_428_000;

fn row(id: i64, status: Status) -> QueueRow {
    QueueRow {
        id,
        subject: format!("Ticket {id}"),
        customer: "Ada".into(),
        status,
        priority: Priority::Normal,
        channel: Channel::Email,
        tier: 1,
        assignee: None,
        team: None,
        created_at: NOW - 3600,
        sla_due_at: None,
        sla_paused: false,
    }
}

fn detail(id: i64) -> TicketDetail {
    TicketDetail {
        id,
        external_id: None,
        subject: format!("Ticket {id}"),
        status: Status::Open,
        priority: Priority::Normal,
        channel: Channel::Email,
        tier: 1,
        team: None,
        assignee: None,
        language: "en".into(),
        tags: vec![],
        customer: CustomerSummary {
            id: 1,
            name: "Ada".into(),
            email: None,
            phone: None,
            organisation: None,
        },
        created_at: NOW - 3600,
        updated_at: NOW,
        solved_at: None,
        version: 1,
        sla: SlaState::default(),
        messages: (0..200)
            .map(|i| crate::store::tickets::Message {
                id: i,
                author: crate::domain::Author::Customer,
                kind: crate::domain::MessageKind::Public,
                agent: None,
                body: format!("line {i}"),
                duration_s: None,
                at: NOW,
                quoted: None,
                delivery: None,
                attachments: vec![],
            })
            .collect(),
        events: vec![],
        other_tickets: vec![],
        cc: vec![],
        reply_not_emailed: None,
        surveys: vec![],
    }
}

/// A fake desk: `open` open tickets with ids 1.., then 5 solved ones.
struct Desk {
    rows: Vec<QueueRow>,
    log: Vec<Request>,
}

impl Desk {
    fn new(open: i64) -> Desk {
        let mut rows: Vec<QueueRow> = (1..=open).map(|id| row(id, Status::Open)).collect();
        rows.extend((open + 1..=open + 5).map(|id| row(id, Status::Solved)));
        Desk { rows, log: vec![] }
    }

    fn answer(&mut self, request: &Request) -> Response {
        self.log.push(request.clone());
        match request {
            Request::Calendar => Response::Calendar(Calendar::always_open()),
            Request::Ticket { id } => Response::Ticket(Box::new(detail(*id))),
            Request::Write { change, .. } => Response::Written {
                change: Box::new(change.clone()),
                outcome: crate::service::change::Outcome::Done { tickets: 1 },
            },
            Request::SaveDraft { ticket, .. } => Response::DraftSaved { ticket: *ticket },
            Request::LoadDraft { ticket, .. } => Response::Draft {
                ticket: *ticket,
                draft: None,
            },
            Request::Canned => Response::Canned(vec![]),
            Request::Agents => Response::Agents(vec![]),
            Request::Teams => Response::Teams(vec![]),
            Request::Views { .. } => Response::Views(vec![]),
            Request::Kb(crate::service::kb::KbRequest::ForTicket { ticket }) => Response::Kb(
                crate::service::kb::KbResponse::ForTicket(crate::service::kb::TicketArticles {
                    ticket: *ticket,
                    suggested: vec![],
                    linked: vec![],
                }),
            ),
            Request::Kb(_) => Response::Kb(crate::service::kb::KbResponse::Categories {
                filter: crate::store::kb::KbFilter::default(),
                categories: vec![],
            }),
            Request::List { .. } | Request::Dashboard { .. } => {
                Response::Calendar(Calendar::always_open())
            }
            Request::Presence { ticket, .. } => Response::Entered {
                ticket: *ticket,
                replying: vec![],
            },
            Request::Heartbeat { .. } | Request::SignOff { .. } => Response::Beat,
            Request::Watchers { .. } => Response::Watchers(Default::default()),
            Request::AutoEscalate { .. } => Response::Escalated(vec![]),
            Request::Viewer { .. } => Response::Beat,
            Request::Files(_) => Response::Files(crate::service::files::FilesResponse::Refused(
                "no disk in this fake desk".into(),
            )),
            Request::Place { status, id, at } => Response::Placed {
                status: *status,
                id: *id,
                at: *at,
                position: self
                    .rows
                    .iter()
                    .filter(|r| match status {
                        StatusFilter::Active => r.status.is_active(),
                        StatusFilter::Only(s) => r.status == *s,
                        StatusFilter::All => true,
                    })
                    .position(|r| r.id == *id)
                    .map(|p| p as i64),
            },
            Request::Queue { query, follow } => {
                let matching: Vec<&QueueRow> = self
                    .rows
                    .iter()
                    .filter(|r| match query.status {
                        StatusFilter::Active => r.status.is_active(),
                        StatusFilter::Only(s) => r.status == s,
                        StatusFilter::All => true,
                    })
                    .collect();
                let position = follow.and_then(|id| matching.iter().position(|r| r.id == id));
                let mut offset = query.offset;
                if let Some(at) = position {
                    offset = (at as i64 - query.limit / 3).max(0);
                }
                let rows = matching
                    .iter()
                    .skip(offset as usize)
                    .take(query.limit as usize)
                    .map(|r| (*r).clone())
                    .collect();
                Response::Queue(QueueLoaded {
                    query: *query,
                    page: QueuePage {
                        rows,
                        offset,
                        total: matching.len() as i64,
                    },
                    follow: follow.map(|id| (id, position.map(|p| p as i64))),
                    placed: true,
                    desk_empty: self.rows.is_empty(),
                    list: None,
                })
            }
        }
    }

    fn settle(&mut self, app: &mut App) {
        for _ in 0..16 {
            let requests = app.take_requests();
            if requests.is_empty() {
                return;
            }
            for r in requests {
                let response = self.answer(&r);
                app.apply(response);
            }
        }
        panic!("the app keeps asking");
    }
}

fn app_with(open: i64, size: (u16, u16)) -> (App, Desk) {
    let mut app = App::new(Lang::En, Keymap::defaults(), None, None, NOW);
    app.resize(size.0, size.1);
    let mut desk = Desk::new(open);
    desk.settle(&mut app);
    (app, desk)
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

fn selected_id(app: &App) -> Option<i64> {
    app.selected_row().map(|r| r.id)
}

#[test]
fn moves_the_selection_with_vim_keys_and_arrows() {
    let (mut app, mut desk) = app_with(100, (120, 40));
    assert_eq!(selected_id(&app), Some(1));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Down);
    desk.settle(&mut app);
    assert_eq!(selected_id(&app), Some(3));
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    desk.settle(&mut app);
    assert_eq!(app.queue.selected, 0, "stops at the top");
}

#[test]
fn pages_and_jumps_load_only_the_rows_around_the_selection() {
    let (mut app, mut desk) = app_with(10_000, (120, 40));
    let visible = app.queue_rows();
    assert!(visible > 5);
    key(&mut app, KeyCode::PageDown);
    desk.settle(&mut app);
    assert_eq!(app.queue.selected, visible);
    key(&mut app, KeyCode::Char('G'));
    desk.settle(&mut app);
    assert_eq!(app.queue.selected, 9_999);
    assert_eq!(selected_id(&app), Some(10_000), "the last row was loaded");
    let page = app.queue.page.as_ref().unwrap();
    assert!(page.rows.len() < 200, "loaded {} rows", page.rows.len());
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.queue.selected, 9_999 - visible);
    key(&mut app, KeyCode::Char('g'));
    desk.settle(&mut app);
    assert_eq!(selected_id(&app), Some(1));
    assert_eq!(app.queue.scroll_top, 0);
}

#[test]
fn enter_opens_esc_goes_back_tab_switches() {
    let (mut app, mut desk) = app_with(10, (40, 12));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    desk.settle(&mut app);
    assert_eq!(app.focus, Focus::Detail);
    assert_eq!(app.shown_detail().map(|d| d.id), Some(2));
    // In the ticket, j scrolls it and leaves the selection alone.
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.ticket.scroll, 1);
    assert_eq!(app.queue.selected, 1);
    key(&mut app, KeyCode::Char('G'));
    assert!(
        app.ticket.scroll > 150,
        "scrolled to the end: {}",
        app.ticket.scroll
    );
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.ticket.scroll, 0);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus, Focus::Queue);
    // Esc on the queue neither quits nor moves.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus, Focus::Queue);
    assert!(!app.session.quit);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Detail);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Queue);
}

#[test]
fn wide_layout_previews_the_selected_ticket() {
    let (mut app, mut desk) = app_with(10, (120, 40));
    assert_eq!(app.shown_detail().map(|d| d.id), Some(1));
    key(&mut app, KeyCode::Char('j'));
    desk.settle(&mut app);
    assert_eq!(app.shown_detail().map(|d| d.id), Some(2));
}

#[test]
fn status_filter_cycles_both_ways() {
    let (mut app, mut desk) = app_with(10, (120, 40));
    assert_eq!(app.queue.filter, StatusFilter::Active);
    assert_eq!(app.total(), 10);
    let mut seen = vec![];
    for _ in 0..StatusFilter::cycle().len() {
        key(&mut app, KeyCode::Char('s'));
        desk.settle(&mut app);
        seen.push(app.queue.filter);
    }
    assert_eq!(seen[0], StatusFilter::Only(Status::New));
    assert_eq!(seen.last(), Some(&StatusFilter::Active), "wraps around");
    key(&mut app, KeyCode::Char('S'));
    desk.settle(&mut app);
    assert_eq!(app.queue.filter, StatusFilter::All);
    assert_eq!(app.total(), 15);
    key(&mut app, KeyCode::Char('S'));
    desk.settle(&mut app);
    assert_eq!(app.queue.filter, StatusFilter::Only(Status::Closed));
    assert_eq!(app.total(), 0);
}

#[test]
fn help_toggles_and_swallows_movement() {
    let (mut app, _desk) = app_with(10, (120, 40));
    key(&mut app, KeyCode::Char('?'));
    assert!(app.overlay.help);
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.queue.selected, 0);
    key(&mut app, KeyCode::Char('?'));
    assert!(!app.overlay.help);
    key(&mut app, KeyCode::Char('?'));
    key(&mut app, KeyCode::Esc);
    assert!(!app.overlay.help);
}

#[test]
fn q_quits() {
    let (mut app, _desk) = app_with(3, (40, 12));
    key(&mut app, KeyCode::Char('q'));
    assert!(app.session.quit);
}

#[test]
fn key_release_and_repeat_are_ignored() {
    let (mut app, _desk) = app_with(10, (120, 40));
    let mut event = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    event.kind = KeyEventKind::Release;
    app.handle_key(&event);
    event.kind = KeyEventKind::Repeat;
    app.handle_key(&event);
    assert_eq!(app.queue.selected, 0);
}

#[test]
fn a_refresh_keeps_the_selection_on_the_same_ticket() {
    let (mut app, mut desk) = app_with(50, (120, 40));
    for _ in 0..10 {
        key(&mut app, KeyCode::Char('j'));
    }
    desk.settle(&mut app);
    assert_eq!(selected_id(&app), Some(11));
    // Another agent solves three tickets above it.
    for id in [2, 3, 4] {
        desk.rows[id - 1].status = Status::Solved;
    }
    app.apply(Response::Changed);
    desk.settle(&mut app);
    assert_eq!(selected_id(&app), Some(11));
    assert_eq!(app.queue.selected, 7);
    assert_eq!(app.total(), 47);
}

#[test]
fn worker_errors_are_shown_and_the_console_goes_on() {
    let (mut app, mut desk) = app_with(5, (120, 40));
    app.apply(Response::Failed {
        request: Request::Ticket { id: 9 },
        error: crate::store::Failure::Busy,
    });
    assert!(
        app.session
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("The database is busy")),
        "{:?}",
        app.session.error
    );
    key(&mut app, KeyCode::Char('j'));
    desk.settle(&mut app);
    assert_eq!(selected_id(&app), Some(2));
}

#[test]
fn moving_fast_asks_the_worker_for_few_pages() {
    let (mut app, mut desk) = app_with(1_000, (120, 40));
    desk.log.clear();
    for _ in 0..5 {
        key(&mut app, KeyCode::Char('j'));
    }
    desk.settle(&mut app);
    let pages = desk
        .log
        .iter()
        .filter(|r| matches!(r, Request::Queue { .. }))
        .count();
    assert_eq!(pages, 0, "rows near the selection are already loaded");
}

#[test]
fn a_lasting_failure_is_not_retried_in_a_loop() {
    let (mut app, mut desk) = app_with(5, (120, 40));
    key(&mut app, KeyCode::Char('j'));
    let asked = app.take_requests();
    assert_eq!(asked, vec![Request::Ticket { id: 2 }]);
    app.apply(Response::Failed {
        request: Request::Ticket { id: 2 },
        error: crate::store::Failure::NotFound("ticket 2".into()),
    });
    assert!(app.take_requests().is_empty(), "no immediate retry");
    // The next tick tries again, once.
    app.tick(NOW + 1);
    // (The tick's look at who else is on the tickets, and for tickets
    // about to breach, is not a retry.)
    let retry: Vec<Request> = app
        .take_requests()
        .into_iter()
        .filter(|r| !matches!(r, Request::Watchers { .. } | Request::AutoEscalate { .. }))
        .collect();
    assert_eq!(retry, vec![Request::Ticket { id: 2 }]);
    for request in retry {
        let response = desk.answer(&request);
        app.apply(response);
    }
    assert_eq!(app.shown_detail().map(|d| d.id), Some(2));
}
