//! The console's state, grouped by the screen or concern it belongs to;
//! [`super::App`] holds one of each. Only `app` changes them: fields the
//! panes and tests read are public, the bookkeeping of what was asked of
//! the worker is the app's own.

use std::collections::{BTreeSet, HashMap};

use super::Popup;
use super::files::FileDirs;
use super::filters::FilterPick;
use crate::i18n::Lang;
use crate::service::kb::TicketArticles;
use crate::service::worker::ListSpec;
use crate::sla::Calendar;
use crate::store::agents::Agent;
use crate::store::canned::Canned;
use crate::store::kb::KbFilter;
use crate::store::queue::{QueuePage, QueueQuery, StatusFilter};
use crate::store::teams::Team;
use crate::store::tickets::TicketDetail;
use crate::tui::composer::Composer;
use crate::tui::kb::KbPane;
use crate::tui::keymap::Keymap;
use crate::worktime::WorkTimer;

/// Who uses the console, on what terminal, at what time, and what it says
/// to them outside the panes.
#[derive(Debug)]
pub struct Session {
    pub lang: Lang,
    pub keymap: Keymap,
    /// The signed-in agent's display name.
    pub agent: Option<String>,
    /// The signed-in agent's id; changes need one.
    pub agent_id: Option<i64>,
    /// The signed-in agent's role: what the console offers ([`super::App::refusal`]).
    pub role: Option<crate::domain::Role>,
    /// Opened with `--read-only`: changes are refused before they are sent.
    pub read_only: bool,
    /// A one-off message (for example why no agent is signed in); cleared by
    /// the first key.
    pub notice: Option<String>,
    /// The latest recoverable error from the worker.
    pub error: Option<String>,
    /// Unix seconds; the tick moves it.
    pub now: i64,
    /// The desk's business hours, for SLA time left. The seeded default until
    /// the worker has loaded the real one.
    pub calendar: Calendar,
    /// Terminal columns and rows.
    pub size: (u16, u16),
    /// The agent's current work session, for AHT.
    pub work: WorkTimer,
    /// Where attachments are saved and looked for by default.
    pub file_dirs: FileDirs,
    pub quit: bool,
}

/// The queue pane: which tickets, the loaded slice of them, the selection.
#[derive(Debug)]
pub struct QueueState {
    pub filter: StatusFilter,
    /// Index of the selected ticket in the filtered order.
    pub selected: i64,
    /// Index of the first ticket row on screen.
    pub scroll_top: i64,
    /// The loaded slice of the queue; `None` while (re)loading a filter.
    pub page: Option<QueuePage>,
    pub desk_empty: bool,
    /// The view, search and sort narrowing the queue, if any.
    pub list: Option<ListSpec>,
    /// Tickets marked for a bulk action.
    pub marked: BTreeSet<i64>,
    /// The page asked of the worker and not yet answered.
    pub(super) requested: Option<QueueQuery>,
    /// A ticket whose position a refresh is looking up.
    pub(super) following: Option<i64>,
    /// The page was read around this ticket and put at this index, where
    /// it was before the refresh; its exact index is being counted
    /// ([`crate::service::worker::Request::Place`]). Until then the indexes
    /// are provisional: no position is shown and no page is asked for.
    pub(super) unplaced: Option<(i64, i64)>,
    /// The filter chooser is waiting for this list from the worker.
    pub(super) filter_pick: Option<FilterPick>,
}

/// The ticket pane: which ticket, its detail, how it is scrolled, and the
/// articles suggested for it.
#[derive(Debug, Default)]
pub struct TicketState {
    /// The ticket the detail pane shows (or waits for).
    pub shown: Option<i64>,
    pub detail: Option<TicketDetail>,
    /// First line of the detail pane on screen.
    pub scroll: usize,
    /// Whether the quoted history of mail shows in the thread (one key
    /// toggles it; folded by default).
    pub show_quoted: bool,
    /// The articles suggested for (and linked from) the shown ticket.
    pub articles: Option<TicketArticles>,
    /// The ticket asked of the worker and not yet answered.
    pub(super) requested: Option<i64>,
    /// The ticket whose articles were asked for and not yet answered.
    pub(super) requested_articles: Option<i64>,
}

/// The reply composer and the drafts of the ones closed.
#[derive(Debug, Default)]
pub struct ComposeState {
    /// The reply composer, when open (on the shown ticket).
    pub composer: Option<Composer>,
    /// Closed composers with their drafts, by ticket.
    pub(super) drafts: HashMap<i64, Composer>,
    /// Text waiting to be opened in the external editor.
    pub(super) editor_request: Option<String>,
}

/// The knowledge-base pane and its filters.
#[derive(Debug, Default)]
pub struct KbState {
    /// The pane, when open; it gets every key.
    pub pane: Option<KbPane>,
    /// The knowledge-base filters; they stay for the console's session.
    pub filter: KbFilter,
}

/// What is drawn over the panes: a popup or the help.
#[derive(Debug, Default)]
pub struct Overlay {
    /// The popup over everything, when open; it gets every key.
    pub popup: Option<Popup>,
    pub help: bool,
    /// First line of the help overlay on screen (small terminals scroll it).
    pub help_scroll: usize,
}

/// Lists the choosers offer, loaded from the worker once asked for.
#[derive(Debug, Default)]
pub struct Choices {
    /// Active agents (for the assign chooser).
    pub agents: Option<Vec<Agent>>,
    /// The desk's teams (for the team chooser and filter).
    pub teams: Option<Vec<Team>>,
    /// Canned responses (for the picker).
    pub canned: Option<Vec<Canned>>,
}
