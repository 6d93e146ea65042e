//! The database thread. It owns its own connection; the UI sends it
//! [`Request`]s and gets [`Response`]s back as events, so the UI thread never
//! waits on SQLite. Requests of one kind coalesce: while one runs, a newer
//! request replaces a pending older one (holding `j` asks for many pages; only
//! the last matters). It also polls `PRAGMA data_version` so other processes'
//! writes show within a second; the desk's content stamp then tells a
//! change of content from presence only (another console's heartbeat), which
//! asks for no reload ([`Watch`]).
//!
//! [`handle`] is the whole request → response step, callable without a
//! thread, which is how tests load data deterministically.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::change::{self, Change, Outcome};
use crate::sla::Calendar;
use std::collections::HashMap;

use crate::domain::AgentStatus;
use crate::store::agents::Agent;
use crate::store::canned::Canned;
use crate::store::changes::Actor;
use crate::store::drafts::{self, Draft};
use crate::store::filter::{Sort, TicketFilter};
use crate::store::presence::Presence;
use crate::store::queue::{QueuePage, QueueQuery, StatusFilter};
use crate::store::tickets::TicketDetail;
use crate::store::views::SavedView;
use crate::store::{self, OpenMode};

/// How often the worker asks whether another process wrote.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Work for the database thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// The desk's business calendar (once, at start).
    Calendar,
    /// A page of the queue. With `follow`, the page is placed around that
    /// ticket's current position, so a refresh keeps the selection on it.
    Queue {
        query: QueueQuery,
        follow: Option<i64>,
    },
    /// A page of the queue narrowed by a view, a search or a sort: like
    /// `Queue`, with the status from `query` and the rest from `list`;
    /// `now` places SLA filters.
    List {
        query: QueueQuery,
        follow: Option<i64>,
        list: Box<ListSpec>,
        now: i64,
    },
    /// One ticket in full.
    Ticket { id: i64 },
    /// A change to the desk, in one transaction as `actor`. Never coalesced:
    /// every write runs, in the order sent.
    Write { change: Change, actor: Actor },
    /// Keeps the agent's draft on a ticket (an empty body deletes it).
    SaveDraft {
        agent: i64,
        ticket: i64,
        internal: bool,
        body: String,
        /// The version the draft is written against (`None`: keep the saved one).
        base: Option<drafts::Base>,
        now: i64,
    },
    /// The agent's saved draft on a ticket.
    LoadDraft { agent: i64, ticket: i64 },
    /// Every canned response, for the picker.
    Canned,
    /// Every active agent, for the assign chooser.
    Agents,
    /// Every team's name, for the team chooser.
    Teams,
    /// The saved views the agent can use, resolved, with counts at `now`.
    Views { agent: Option<i64>, now: i64 },
    /// Knowledge base work (see [`super::kb`]).
    Kb(super::kb::KbRequest),
    /// Attachment work on disk (see [`super::files`]).
    Files(super::files::FilesRequest),
    /// The KPI dashboard over a window ending today, as of `now`.
    Dashboard {
        window: crate::kpi::NamedWindow,
        now: i64,
    },
    /// The agent has this ticket open (or none), replying or viewing.
    Presence {
        agent: i64,
        ticket: Option<i64>,
        replying: bool,
        now: i64,
    },
    /// The console is alive; sets the agent's status when given.
    Heartbeat {
        agent: i64,
        status: Option<AgentStatus>,
        now: i64,
    },
    /// The console closes: offline, and off every ticket.
    SignOff { agent: i64 },
    /// Who reads through this console (for the desk's team restriction).
    Viewer { agent: Option<i64> },
    /// Escalates tickets about to breach their SLA (as the system).
    AutoEscalate { now: i64 },
    /// Who else (not `me`) has these tickets open. Coalesced: only the newest runs.
    Watchers {
        tickets: Vec<i64>,
        me: Option<i64>,
        now: i64,
    },
}

/// What narrows the queue beyond its status filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListSpec {
    /// Everything but the status (which stays the queue's status filter).
    pub filter: TicketFilter,
    pub sort: Sort,
    /// The saved view's name, for the title.
    pub view: Option<String>,
}

/// A saved view, resolved for the agent, with how many tickets it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewEntry {
    pub view: SavedView,
    pub filter: TicketFilter,
    pub sort: Sort,
    pub count: i64,
}

/// What the database thread sends back.
#[derive(Debug, Clone)]
pub enum Response {
    Calendar(Calendar),
    Queue(QueueLoaded),
    Ticket(Box<TicketDetail>),
    /// A change was made.
    Written {
        change: Box<Change>,
        outcome: Outcome,
    },
    /// A draft was kept.
    DraftSaved {
        ticket: i64,
    },
    /// The saved draft of a ticket, if there is one.
    Draft {
        ticket: i64,
        draft: Option<Draft>,
    },
    Canned(Vec<Canned>),
    Agents(Vec<Agent>),
    Teams(Vec<crate::store::teams::Team>),
    Views(Vec<ViewEntry>),
    Kb(super::kb::KbResponse),
    Files(super::files::FilesResponse),
    Dashboard(Box<store::dashboard::DashboardData>),
    /// The agent's presence was stored; `replying` lists the other agents
    /// already replying on the ticket when the agent started to.
    Entered {
        ticket: Option<i64>,
        replying: Vec<Presence>,
    },
    /// A heartbeat or sign-off was stored.
    Beat,
    /// Tickets escalated automatically (often none).
    Escalated(Vec<i64>),
    /// Other agents on the tickets asked about (tickets without any are absent).
    Watchers(HashMap<i64, Vec<Presence>>),
    /// Another connection changed the desk's content: what is on screen may
    /// be stale.
    Changed,
    /// Another connection committed presence only (a heartbeat, a ticket
    /// opened or left): only who is on which ticket may have changed.
    PresenceChanged,
    /// A request failed; the console shows it and keeps running.
    Failed {
        request: Request,
        error: store::Failure,
    },
}

/// A loaded queue page and what it was loaded for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueLoaded {
    /// The query as asked (the page's own offset may differ when following).
    pub query: QueueQuery,
    pub page: QueuePage,
    /// The followed ticket and where it is now; `None` when it left the filter.
    pub follow: Option<(i64, Option<i64>)>,
    /// No tickets at all, so an empty queue can tell "empty desk" from
    /// "nothing with this status".
    pub desk_empty: bool,
    /// The narrowing it was loaded with (`None`: the plain queue).
    pub list: Option<ListSpec>,
}

/// One request, answered. Everything the worker does to the database is here.
pub fn handle(conn: &Connection, request: &Request) -> Response {
    let failed = |e: store::StoreError| Response::Failed {
        request: request.clone(),
        error: e.failure(),
    };
    match request {
        Request::Calendar => match store::settings::calendar(conn) {
            Ok(calendar) => Response::Calendar(calendar),
            Err(e) => failed(e),
        },
        Request::Ticket { id } => match store::tickets::detail(conn, *id) {
            Ok(detail) => Response::Ticket(Box::new(detail)),
            Err(e) => failed(e),
        },
        Request::Queue { query, follow } => match load_queue(conn, query, *follow) {
            Ok(loaded) => Response::Queue(loaded),
            Err(e) => failed(e),
        },
        Request::Write { change, actor } => match change::execute(conn, change, *actor) {
            Ok(outcome) => Response::Written {
                change: Box::new(change.clone()),
                outcome,
            },
            Err(e) => failed(e),
        },
        Request::SaveDraft {
            agent,
            ticket,
            internal,
            body,
            base,
            now,
        } => match drafts::save(conn, *agent, *ticket, *internal, body, *base, *now) {
            Ok(()) => Response::DraftSaved { ticket: *ticket },
            Err(e) => failed(e),
        },
        Request::LoadDraft { agent, ticket } => match drafts::load(conn, *agent, *ticket) {
            Ok(draft) => Response::Draft {
                ticket: *ticket,
                draft,
            },
            Err(e) => failed(e),
        },
        Request::Canned => match store::canned::list(conn) {
            Ok(list) => Response::Canned(list),
            Err(e) => failed(e),
        },
        Request::List {
            query,
            follow,
            list,
            now,
        } => match load_list(conn, query, *follow, list, *now) {
            Ok(loaded) => Response::Queue(loaded),
            Err(e) => failed(e),
        },
        Request::Views { agent, now } => match load_views(conn, *agent, *now) {
            Ok(views) => Response::Views(views),
            Err(e) => failed(e),
        },
        Request::Dashboard { window, now } => match store::dashboard::load(conn, *window, *now) {
            Ok(data) => Response::Dashboard(Box::new(data)),
            Err(e) => failed(e),
        },
        Request::Teams => match store::teams::list(conn) {
            Ok(list) => Response::Teams(list),
            Err(e) => failed(e),
        },
        Request::Agents => match store::agents::list(conn) {
            Ok(list) => Response::Agents(list),
            Err(e) => failed(e),
        },
        Request::Files(work) => Response::Files(super::files::handle(conn, work)),
        Request::Kb(kb) => match super::kb::handle(conn, kb) {
            Ok(answer) => Response::Kb(answer),
            Err(e) => failed(e),
        },
        Request::Presence {
            agent,
            ticket,
            replying,
            now,
        } => match store::write_presence(conn, |tx| {
            store::presence::set(tx, *agent, *ticket, *replying, *now)
        }) {
            Ok(entered) => Response::Entered {
                ticket: *ticket,
                replying: entered.replying,
            },
            Err(e) => failed(e),
        },
        Request::Heartbeat { agent, status, now } => match store::write_presence(conn, |tx| {
            store::agents::heartbeat(tx, *agent, *status, *now)
        }) {
            Ok(()) => Response::Beat,
            Err(e) => failed(e),
        },
        Request::SignOff { agent } => {
            match store::write_shared(conn, |tx| store::agents::sign_off(tx, *agent)) {
                Ok(()) => Response::Beat,
                Err(e) => failed(e),
            }
        }
        Request::Viewer { agent } => match store::visibility::set_viewer(conn, *agent) {
            Ok(()) => Response::Beat,
            Err(e) => failed(e),
        },
        Request::AutoEscalate { now } => {
            match store::write_shared(conn, |tx| store::escalation::auto_escalate(tx, *now)) {
                Ok(tickets) => Response::Escalated(tickets),
                Err(e) => failed(e),
            }
        }
        Request::Watchers { tickets, me, now } => {
            match store::presence::on_tickets(conn, tickets, *me, *now) {
                Ok(map) => Response::Watchers(map),
                Err(e) => failed(e),
            }
        }
    }
}

fn load_queue(
    conn: &Connection,
    query: &QueueQuery,
    follow: Option<i64>,
) -> store::Result<QueueLoaded> {
    let mut effective = *query;
    let mut followed = None;
    if let Some(id) = follow {
        let position = store::queue::position_of(conn, query.status, id)?;
        if let Some(at) = position {
            // Keep the followed ticket inside the page, with the same margin
            // the UI would have asked for.
            let margin = query.limit / 3;
            if at < query.offset || at >= query.offset + query.limit {
                effective.offset = (at - margin).max(0);
            }
        }
        followed = Some((id, position));
    }
    let page = store::queue::page(conn, &effective)?;
    // A non-empty filter proves the desk is not empty without a second count.
    let desk_empty = page.total == 0 && store::queue::count(conn, StatusFilter::All)? == 0;
    Ok(QueueLoaded {
        query: *query,
        page,
        follow: followed,
        desk_empty,
        list: None,
    })
}

fn load_list(
    conn: &Connection,
    query: &QueueQuery,
    follow: Option<i64>,
    list: &ListSpec,
    now: i64,
) -> store::Result<QueueLoaded> {
    let filter = TicketFilter {
        status: query.status,
        ..list.filter.clone()
    };
    let mut offset = query.offset;
    let mut followed = None;
    if let Some(id) = follow {
        let position = store::filter::position_of(conn, &filter, list.sort, id, now)?;
        if let Some(at) = position
            && (at < query.offset || at >= query.offset + query.limit)
        {
            offset = (at - query.limit / 3).max(0);
        }
        followed = Some((id, position));
    }
    let page = store::filter::list(conn, &filter, list.sort, offset, query.limit, now)?;
    let desk_empty = page.total == 0 && store::queue::count(conn, StatusFilter::All)? == 0;
    Ok(QueueLoaded {
        query: *query,
        page,
        follow: followed,
        desk_empty,
        list: Some(list.clone()),
    })
}

fn load_views(conn: &Connection, agent: Option<i64>, now: i64) -> store::Result<Vec<ViewEntry>> {
    let mut out = Vec::new();
    for view in store::views::list(conn, agent)? {
        // A view naming a removed agent or team is left out, not fatal.
        let Ok((filter, sort)) = store::views::resolve(conn, &view.spec, agent) else {
            continue;
        };
        let count = store::filter::count(conn, &filter, now)?;
        out.push(ViewEntry {
            view,
            filter,
            sort,
            count,
        });
    }
    Ok(out)
}

/// The newest request of each kind not yet run.
#[derive(Debug, Default)]
struct Pending {
    calendar: bool,
    /// Writes and other one-off work, in order.
    ordered: std::collections::VecDeque<Request>,
    queue: Option<Request>,
    ticket: Option<Request>,
    /// The newest search typed in the knowledge base.
    kb_search: Option<Request>,
    /// Suggestions for the newest ticket shown.
    kb_ticket: Option<Request>,
    dashboard: Option<Request>,
    watchers: Option<Request>,
}

impl Pending {
    fn put(&mut self, request: Request) {
        match request {
            Request::Calendar => self.calendar = true,
            Request::Queue { .. } | Request::List { .. } => self.queue = Some(request),
            Request::Ticket { .. } => self.ticket = Some(request),
            Request::Kb(super::kb::KbRequest::Search { .. }) => self.kb_search = Some(request),
            Request::Kb(super::kb::KbRequest::ForTicket { .. }) => self.kb_ticket = Some(request),
            Request::Dashboard { .. } => self.dashboard = Some(request),
            Request::Watchers { .. } => self.watchers = Some(request),
            Request::Write { .. }
            | Request::SaveDraft { .. }
            | Request::LoadDraft { .. }
            | Request::Canned
            | Request::Agents
            | Request::Teams
            | Request::Views { .. }
            | Request::Kb(_)
            | Request::Files(_) => self.ordered.push_back(request),
            Request::Presence { .. }
            | Request::Heartbeat { .. }
            | Request::SignOff { .. }
            | Request::AutoEscalate { .. }
            | Request::Viewer { .. } => self.ordered.push_back(request),
        }
    }

    fn take(&mut self) -> Option<Request> {
        if std::mem::take(&mut self.calendar) {
            return Some(Request::Calendar);
        }
        // Writes first: the reloads queued beside them should see them.
        if let Some(request) = self.ordered.pop_front() {
            return Some(request);
        }
        self.queue
            .take()
            .or_else(|| self.ticket.take())
            .or_else(|| self.kb_search.take())
            .or_else(|| self.kb_ticket.take())
            .or_else(|| self.dashboard.take())
            .or_else(|| self.watchers.take())
    }
}

/// The running database thread.
pub struct Worker {
    requests: Sender<Request>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Opens the database on a new thread and starts serving requests.
    /// Returns once the database is open (or refused), before any UI exists,
    /// so a refusal is an ordinary error the command line can print.
    pub fn spawn<E: Send + 'static>(
        db_path: PathBuf,
        mode: OpenMode,
        events: Sender<E>,
        wrap: fn(Response) -> E,
    ) -> anyhow::Result<Worker> {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (opened_tx, opened_rx) = mpsc::channel::<Result<(), store::StoreError>>();
        let thread = std::thread::Builder::new()
            .name("loket-db".into())
            .spawn(move || match store::open(&db_path, mode) {
                Ok(conn) => {
                    let _ = opened_tx.send(Ok(()));
                    serve(&conn, &inbox, &events, wrap);
                }
                Err(e) => {
                    let _ = opened_tx.send(Err(e));
                }
            })?;
        match opened_rx.recv() {
            Ok(Ok(())) => Ok(Worker {
                requests,
                thread: Some(thread),
            }),
            Ok(Err(e)) => Err(e.into()),
            Err(_) => Err(anyhow::anyhow!("the database thread ended while opening")),
        }
    }

    /// Queues a request; false when the thread has stopped.
    pub fn send(&self, request: Request) -> bool {
        self.requests.send(request).is_ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the request channel ends the thread's loop.
        let (closed, _) = mpsc::channel();
        self.requests = closed;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve<E>(
    conn: &Connection,
    inbox: &Receiver<Request>,
    events: &Sender<E>,
    wrap: fn(Response) -> E,
) {
    let mut pending = Pending::default();
    let mut watch = Watch::new(conn);
    let mut next_poll = Instant::now() + POLL_INTERVAL;
    loop {
        let wait = next_poll.saturating_duration_since(Instant::now());
        match inbox.recv_timeout(wait) {
            Ok(request) => pending.put(request),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if Instant::now() >= next_poll {
            next_poll = Instant::now() + POLL_INTERVAL;
            if let Some(news) = watch.poll(conn)
                && events.send(wrap(news)).is_err()
            {
                return;
            }
        }
        let mut handled = false;
        loop {
            // Coalesce: everything that arrived meanwhile replaces older work.
            while let Ok(request) = inbox.try_recv() {
                pending.put(request);
            }
            let Some(request) = pending.take() else { break };
            handled = true;
            if events.send(wrap(handle(conn, &request))).is_err() {
                return;
            }
        }
        if handled {
            watch.wrote(conn);
        }
    }
}

/// What a console's connection knows of other connections' commits, polled
/// every [`POLL_INTERVAL`]: `PRAGMA data_version` (changes when another
/// connection commits; reads no table), and only when it changed, the
/// desk's content stamp ([`store::stamp`]), one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watch {
    version: Option<i64>,
    stamp: Option<i64>,
}

impl Watch {
    /// Starts watching from what the desk holds now.
    pub fn new(conn: &Connection) -> Watch {
        Watch {
            version: store::watch::data_version(conn).ok(),
            stamp: store::stamp::read(conn).ok().flatten(),
        }
    }

    /// The news since the last poll: [`Response::Changed`] when another
    /// connection changed the desk's content, [`Response::PresenceChanged`]
    /// when it committed presence only, `None` when nobody committed.
    pub fn poll(&mut self, conn: &Connection) -> Option<Response> {
        let version = store::watch::data_version(conn).ok()?;
        if self.version == Some(version) {
            return None;
        }
        self.version = Some(version);
        let stamp = store::stamp::read(conn).ok().flatten();
        // An unreadable stamp counts as a change: better one reload too many.
        let changed = stamp.is_none() || stamp != self.stamp;
        self.stamp = stamp;
        Some(if changed {
            Response::Changed
        } else {
            Response::PresenceChanged
        })
    }

    /// After this connection's own requests: the stamp its own writes moved
    /// is no news. Taken over only when no other connection committed since
    /// the last poll (the stamp is read first, then the version: an
    /// unchanged version proves the stamp holds nobody else's writes);
    /// otherwise the next poll reports a change, perhaps one too many.
    pub fn wrote(&mut self, conn: &Connection) {
        let stamp = store::stamp::read(conn).ok().flatten();
        let version = store::watch::data_version(conn).ok();
        if version.is_some() && version == self.version {
            self.stamp = stamp;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_requests_of_a_kind_replace_pending_ones() {
        let mut pending = Pending::default();
        let query = |offset| QueueQuery {
            status: StatusFilter::Active,
            offset,
            limit: 10,
        };
        pending.put(Request::Queue {
            query: query(0),
            follow: None,
        });
        pending.put(Request::Ticket { id: 1 });
        pending.put(Request::Queue {
            query: query(50),
            follow: None,
        });
        pending.put(Request::Ticket { id: 2 });
        pending.put(Request::Calendar);
        assert_eq!(pending.take(), Some(Request::Calendar));
        assert_eq!(
            pending.take(),
            Some(Request::Queue {
                query: query(50),
                follow: None
            })
        );
        assert_eq!(pending.take(), Some(Request::Ticket { id: 2 }));
        assert_eq!(pending.take(), None);
    }

    #[test]
    fn writes_are_never_coalesced_and_run_before_reloads() {
        let mut pending = Pending::default();
        let query = QueueQuery {
            status: StatusFilter::Active,
            offset: 0,
            limit: 10,
        };
        let write = |tag: &str| Request::Write {
            change: Change::AddTag {
                tickets: vec![1],
                tag: tag.into(),
            },
            actor: Actor {
                agent_id: Some(1),
                now: 0,
            },
        };
        pending.put(Request::Queue {
            query,
            follow: None,
        });
        pending.put(write("a"));
        pending.put(write("b"));
        assert_eq!(pending.take(), Some(write("a")));
        assert_eq!(pending.take(), Some(write("b")));
        assert!(matches!(pending.take(), Some(Request::Queue { .. })));
        assert_eq!(pending.take(), None);
    }

    #[test]
    fn unknown_ticket_is_a_failure_not_a_panic() {
        let conn = store::open_in_memory().unwrap();
        match handle(&conn, &Request::Ticket { id: 42 }) {
            Response::Failed { error, .. } => {
                assert_eq!(error, store::Failure::NotFound("ticket 42".into()))
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn a_thread_reports_other_connections_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let (tx, rx) = mpsc::channel::<Response>();
        let worker = Worker::spawn(path.clone(), OpenMode::ReadWrite, tx, |r| r).unwrap();
        assert!(worker.send(Request::Calendar));
        assert!(matches!(
            rx.recv_timeout(Duration::from_secs(5)),
            Ok(Response::Calendar(_))
        ));
        let other = store::open(&path, OpenMode::ReadWrite).unwrap();
        store::write_shared(&other, |tx| {
            store::agents::add(
                tx,
                &store::agents::NewAgent {
                    name: "bram".into(),
                    ..Default::default()
                },
                0,
            )
        })
        .unwrap();
        let changed = rx.recv_timeout(Duration::from_secs(5));
        assert!(matches!(changed, Ok(Response::Changed)), "{changed:?}");
    }

    #[test]
    fn a_thread_reports_other_consoles_presence_apart_from_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let other = store::open(&path, OpenMode::ReadWrite).unwrap();
        let bram = store::write_shared(&other, |tx| {
            store::agents::add(
                tx,
                &store::agents::NewAgent {
                    name: "bram".into(),
                    ..Default::default()
                },
                0,
            )
        })
        .unwrap();
        let (tx, rx) = mpsc::channel::<Response>();
        let worker = Worker::spawn(path, OpenMode::ReadWrite, tx, |r| r).unwrap();
        assert!(worker.send(Request::Calendar));
        assert!(matches!(
            rx.recv_timeout(Duration::from_secs(5)),
            Ok(Response::Calendar(_))
        ));
        let beat = |now| {
            let request = Request::Heartbeat {
                agent: bram,
                status: None,
                now,
            };
            assert!(matches!(handle(&other, &request), Response::Beat));
        };
        // Every heartbeat is reported as presence, never as a change.
        for now in 1..=3 {
            beat(now);
            let news = rx.recv_timeout(Duration::from_secs(5));
            assert!(matches!(news, Ok(Response::PresenceChanged)), "{news:?}");
        }
        // Bram goes away: that is content.
        let away = Request::Heartbeat {
            agent: bram,
            status: Some(AgentStatus::Away),
            now: 4,
        };
        assert!(matches!(handle(&other, &away), Response::Beat));
        let news = rx.recv_timeout(Duration::from_secs(5));
        assert!(matches!(news, Ok(Response::Changed)), "{news:?}");
    }
}
