//! The running database thread: [`Worker::spawn`] opens the connection on
//! its own thread, which serves requests through [`super::handle`]. Requests
//! of one kind coalesce ([`Pending`]): while one runs, a newer request
//! replaces a pending older one. Every [`POLL_INTERVAL`] the thread asks
//! [`Watch`] whether another connection committed, and reports content apart
//! from presence.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::dispatch::handle;
use super::types::{Request, Response};
use crate::clock::Clock;
use crate::service::kb::KbRequest;
use crate::store::{self, OpenMode};

/// How often the worker asks whether another process wrote.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The newest request of each kind not yet run.
#[derive(Debug, Default)]
struct Pending {
    calendar: bool,
    /// Writes and other one-off work, in order.
    ordered: std::collections::VecDeque<Request>,
    queue: Option<Request>,
    /// The newest position asked for: after everything on screen.
    place: Option<Request>,
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
            Request::Place { .. } => self.place = Some(request),
            Request::Kb(KbRequest::Search { .. }) => self.kb_search = Some(request),
            Request::Kb(KbRequest::ForTicket { .. }) => self.kb_ticket = Some(request),
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
            .or_else(|| self.place.take())
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
    /// `clock` is the worker's "now" (the console passes the wall clock,
    /// tests may fix it).
    pub fn spawn<E: Send + 'static>(
        db_path: PathBuf,
        mode: OpenMode,
        clock: Arc<dyn Clock>,
        events: Sender<E>,
        wrap: fn(Response) -> E,
    ) -> anyhow::Result<Worker> {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (opened_tx, opened_rx) = mpsc::channel::<Result<(), store::StoreError>>();
        let thread = std::thread::Builder::new()
            .name("loket-db".into())
            .spawn(move || match store::open(&db_path, mode, clock.as_ref()) {
                Ok(conn) => {
                    let _ = opened_tx.send(Ok(()));
                    serve(&conn, clock.as_ref(), &inbox, &events, wrap);
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
    clock: &dyn Clock,
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
            let started = Instant::now();
            let response = handle(conn, clock, &request);
            // What the console waits for, per request (`LOKET_LOG=debug`).
            tracing::debug!(
                kind = request.kind(),
                ms = started.elapsed().as_secs_f64() * 1e3,
                "request served"
            );
            if events.send(wrap(response)).is_err() {
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
    use crate::domain::AgentStatus;
    use crate::service::change::Change;
    use crate::store::changes::Actor;
    use crate::store::queue::{QueueQuery, StatusFilter};

    #[test]
    fn newer_requests_of_a_kind_replace_pending_ones() {
        let mut pending = Pending::default();
        let query = |offset| QueueQuery {
            status: StatusFilter::Active,
            offset,
            limit: 10,
            anchor: None,
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
            anchor: None,
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
    fn a_thread_reports_other_connections_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let (tx, rx) = mpsc::channel::<Response>();
        let worker = Worker::spawn(
            path.clone(),
            OpenMode::ReadWrite,
            Arc::new(crate::clock::SystemClock),
            tx,
            |r| r,
        )
        .unwrap();
        assert!(worker.send(Request::Calendar));
        assert!(matches!(
            rx.recv_timeout(Duration::from_secs(5)),
            Ok(Response::Calendar(_))
        ));
        let other = store::open(&path, OpenMode::ReadWrite, &crate::clock::SystemClock).unwrap();
        store::write_shared(&other, &crate::clock::SystemClock, |tx| {
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
        let other = store::open(&path, OpenMode::ReadWrite, &crate::clock::SystemClock).unwrap();
        let bram = store::write_shared(&other, &crate::clock::SystemClock, |tx| {
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
        let worker = Worker::spawn(
            path,
            OpenMode::ReadWrite,
            Arc::new(crate::clock::SystemClock),
            tx,
            |r| r,
        )
        .unwrap();
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
            assert!(matches!(
                handle(&other, &crate::clock::SystemClock, &request),
                Response::Beat
            ));
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
        assert!(matches!(
            handle(&other, &crate::clock::SystemClock, &away),
            Response::Beat
        ));
        let news = rx.recv_timeout(Duration::from_secs(5));
        assert!(matches!(news, Ok(Response::Changed)), "{news:?}");
    }
}
