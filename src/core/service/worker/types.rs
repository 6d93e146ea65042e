//! What goes to the database thread and what comes back: the [`Request`]s a
//! client sends, the [`Response`]s it reads, and the values they carry.
//! Nothing here touches the database.

use std::collections::HashMap;

use crate::domain::AgentStatus;
use crate::service::change::{Change, Outcome};
use crate::sla::Calendar;
use crate::store;
use crate::store::agents::Agent;
use crate::store::canned::Canned;
use crate::store::changes::Actor;
use crate::store::drafts::{self, Draft};
use crate::store::filter::{Sort, TicketFilter};
use crate::store::presence::Presence;
use crate::store::queue::{QueuePage, QueueQuery, StatusFilter};
use crate::store::tickets::TicketDetail;
use crate::store::views::SavedView;

/// Work for the database thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// The desk's business calendar (once, at start).
    Calendar,
    /// A page of the queue. With `follow`, the page is placed around that
    /// ticket's current position, so a refresh keeps the selection on it.
    /// When `query.anchor` names the followed ticket, its index there is
    /// where the ticket was: the page is read by key around the ticket
    /// without counting, placed at that index until [`Request::Place`]
    /// confirms it ([`QueueLoaded::placed`]).
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
    /// Where ticket `id` is now in the plain queue of `status`; it was at
    /// `at`. Counted from the nearer end, after the pages and tickets asked
    /// for (off the path a key press waits on).
    Place {
        status: StatusFilter,
        id: i64,
        at: i64,
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
    /// Knowledge base work (see [`crate::service::kb`]).
    Kb(crate::service::kb::KbRequest),
    /// Attachment work on disk (see [`crate::service::files`]).
    Files(crate::service::files::FilesRequest),
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

impl Request {
    /// The request's kind, for the worker's log of what each took.
    pub fn kind(&self) -> &'static str {
        match self {
            Request::Calendar => "calendar",
            Request::Queue { .. } => "queue",
            Request::List { .. } => "list",
            Request::Place { .. } => "place",
            Request::Ticket { .. } => "ticket",
            Request::Write { .. } => "write",
            Request::SaveDraft { .. } => "save-draft",
            Request::LoadDraft { .. } => "load-draft",
            Request::Canned => "canned",
            Request::Agents => "agents",
            Request::Teams => "teams",
            Request::Views { .. } => "views",
            Request::Kb(crate::service::kb::KbRequest::ForTicket { .. }) => "kb-for-ticket",
            Request::Kb(crate::service::kb::KbRequest::Search { .. }) => "kb-search",
            Request::Kb(_) => "kb",
            Request::Files(_) => "files",
            Request::Dashboard { .. } => "dashboard",
            Request::Presence { .. } => "presence",
            Request::Heartbeat { .. } => "heartbeat",
            Request::SignOff { .. } => "sign-off",
            Request::Viewer { .. } => "viewer",
            Request::AutoEscalate { .. } => "auto-escalate",
            Request::Watchers { .. } => "watchers",
        }
    }
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
    /// The answer to [`Request::Place`]: the ticket's exact position, `None`
    /// when it left the list.
    Placed {
        status: StatusFilter,
        id: i64,
        at: i64,
        position: Option<i64>,
    },
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
    Kb(crate::service::kb::KbResponse),
    Files(crate::service::files::FilesResponse),
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
    /// Whether the page's offsets are exact. `false` when a followed ticket
    /// was read by key and put where it was last seen: the page is right
    /// around it, its index waits for [`Request::Place`].
    pub placed: bool,
    /// No tickets at all, so an empty queue can tell "empty desk" from
    /// "nothing with this status".
    pub desk_empty: bool,
    /// The narrowing it was loaded with (`None`: the plain queue).
    pub list: Option<ListSpec>,
}
