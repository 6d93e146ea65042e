//! The console's state and the one place it changes. [`App::update`] applies
//! a user intent, [`App::apply`] a worker result, [`App::tick`] the clock.
//! No SQL and no I/O here: database work leaves as [`Request`]s that the
//! event loop (or a test) takes with [`App::take_requests`].

use ratatui::crossterm::event::KeyEvent;

mod actions;
mod compose;
mod dashboard;
mod escalate;
mod files;
mod filters;
mod kb;
mod kb_filters;
mod mail_out;
mod popups;
mod presence;
mod queue_views;
mod work;

pub use actions::{FORM_FIELDS, InputKind};
pub use dashboard::Screen;
pub use files::{FileDirs, PathPrompt};
pub use filters::{FilterChoice, describe as describe_filter};
pub use kb_filters::{KbField, KbFilterChoice, describe as describe_kb_filter};
pub use queue_views::{list_sort_name, view_name};

use std::collections::HashMap;

use super::action::{Action, Context};
use super::composer::Composer;
use super::form::{Field, Form};
use super::keymap::Keymap;
pub use super::layout::Focus;
use super::layout::{self, Areas, help::Help, ticket::TicketView};
use super::popup::ListPopup;
use crate::i18n::{Lang, Msg, fill, t};
use crate::service::change::Change;
use crate::service::worker::{QueueLoaded, Request, Response};
use crate::sla::Calendar;
use crate::store::canned::Canned;
use crate::store::queue::{QueuePage, QueueQuery, QueueRow, StatusFilter};
use crate::store::tickets::TicketDetail;

/// What a popup chooses. Declared here, beside the state that holds it,
/// so the files that open popups and the one that handles their keys
/// (`popups`) all depend on it, not on each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// A canned response to insert into the composer.
    Canned(ListPopup<Canned>),
    /// The command palette: every action by its plain name.
    Palette(ListPopup<Action>),
    /// A chooser whose entries are the changes they make.
    Choose {
        title: String,
        list: ListPopup<Change>,
    },
    /// The agent chooser (its list comes from the worker).
    ChooseAgent {
        title: String,
        targets: Vec<i64>,
        list: ListPopup<Change>,
    },
    /// The team chooser (its list comes from the worker).
    ChooseTeam {
        title: String,
        targets: Vec<i64>,
        list: ListPopup<Change>,
    },
    /// A one-line input.
    Input {
        kind: actions::InputKind,
        prompt: String,
        targets: Vec<i64>,
        field: Field,
    },
    /// One question before a change that is hard to undo.
    Confirm { question: String, change: Change },
    /// The new-ticket form.
    Form(Form),
    /// Ad-hoc filters for the queue.
    ChooseFilter(ListPopup<FilterChoice>),
    /// Filters for the knowledge-base pane.
    ChooseKbFilter(ListPopup<KbFilterChoice>),
    /// The saved views, with counts.
    ChooseView(ListPopup<crate::service::worker::ViewEntry>),
    /// Which of the ticket's attachments to save: (id, name).
    ChooseAttachment(ListPopup<(i64, String)>),
    /// A path to save to or attach from; Tab completes.
    Path(PathPrompt),
    /// The file is there already: overwrite it?
    Overwrite {
        id: i64,
        path: String,
        question: String,
    },
    /// Which attached file to remove from the reply (its index).
    Detach(ListPopup<usize>),
}

/// Rows loaded beyond the visible ones on each side, so a few key presses
/// never wait for the worker; and at least this many, for tiny terminals.
const MIN_MARGIN: i64 = 20;

/// The size tests and the first frame assume until the terminal reports one.
const DEFAULT_SIZE: (u16, u16) = (120, 40);

/// Everything the screen shows.
#[derive(Debug)]
pub struct App {
    pub lang: Lang,
    pub keymap: Keymap,
    /// The signed-in agent's display name.
    pub agent: Option<String>,
    /// The signed-in agent's id; changes need one.
    pub agent_id: Option<i64>,
    /// The signed-in agent's role: what the console offers ([`App::refusal`]).
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
    pub focus: Focus,
    pub help: bool,
    /// First line of the help overlay on screen (small terminals scroll it).
    pub help_scroll: usize,
    pub quit: bool,
    pub filter: StatusFilter,
    /// Index of the selected ticket in the filtered order.
    pub selected: i64,
    /// Index of the first ticket row on screen.
    pub scroll_top: i64,
    /// The loaded slice of the queue; `None` while (re)loading a filter.
    pub queue: Option<QueuePage>,
    pub desk_empty: bool,
    /// The ticket the detail pane shows (or waits for).
    pub shown_ticket: Option<i64>,
    pub detail: Option<TicketDetail>,
    /// First line of the detail pane on screen.
    pub detail_scroll: usize,
    /// Whether the quoted history of mail shows in the thread (one key
    /// toggles it; folded by default).
    pub show_quoted: bool,
    /// Terminal columns and rows.
    pub size: (u16, u16),
    /// The reply composer, when open (on `shown_ticket`).
    pub composer: Option<Composer>,
    /// Closed composers with their drafts, by ticket.
    drafts: HashMap<i64, Composer>,
    /// The popup over everything, when open; it gets every key.
    pub popup: Option<Popup>,
    /// Active agents, once loaded (for the assign chooser).
    pub agents: Option<Vec<crate::store::agents::Agent>>,
    /// The desk's teams, once loaded (for the team chooser and filter).
    pub teams: Option<Vec<crate::store::teams::Team>>,
    /// The filter chooser is waiting for this list from the worker.
    filter_pick: Option<filters::FilterPick>,
    /// The view, search and sort narrowing the queue, if any.
    pub list: Option<crate::service::worker::ListSpec>,
    /// Tickets marked for a bulk action.
    pub marked: std::collections::BTreeSet<i64>,
    /// Canned responses, once loaded.
    pub canned: Option<Vec<crate::store::canned::Canned>>,
    /// The agent's current work session, for AHT.
    pub work: crate::worktime::WorkTimer,
    /// The knowledge-base pane, when open; it gets every key.
    pub kb: Option<super::kb::KbPane>,
    /// The articles suggested for (and linked from) the shown ticket.
    pub kb_ticket: Option<crate::service::kb::TicketArticles>,
    requested_kb_ticket: Option<i64>,
    /// The knowledge-base filters; they stay for the console's session.
    pub kb_filter: crate::store::kb::KbFilter,
    /// Other agents on the tickets on screen, and this console's own presence.
    pub presence: presence::PresenceState,
    /// An escalation being chosen, and the automatic-escalation clock.
    pub escalation: escalate::EscalationState,
    /// Text waiting to be opened in the external editor.
    editor_request: Option<String>,
    requested_queue: Option<QueueQuery>,
    requested_ticket: Option<i64>,
    /// A ticket whose position a refresh is looking up.
    following: Option<i64>,
    /// A request failed: ask again only after the next key, tick or change,
    /// so a lasting error (a deleted ticket, a locked file) cannot spin.
    stalled: bool,
    outbox: Vec<Request>,
    /// Which screen is shown: the queue (with the ticket) or the dashboard.
    pub screen: Screen,
    pub dashboard: super::dashboard::Dashboard,
    /// Where attachments are saved and looked for by default.
    pub file_dirs: FileDirs,
    /// Something on screen may have changed since the last frame.
    redraw: bool,
}

impl App {
    /// A console at `now`, asking for the calendar and the first queue page.
    pub fn new(
        lang: Lang,
        keymap: Keymap,
        agent: Option<String>,
        notice: Option<String>,
        now: i64,
    ) -> App {
        let mut app = App {
            lang,
            keymap,
            agent,
            agent_id: None,
            role: None,
            read_only: false,
            notice,
            error: None,
            now,
            calendar: Calendar::default_desk(),
            focus: Focus::Queue,
            help: false,
            help_scroll: 0,
            quit: false,
            filter: StatusFilter::Active,
            selected: 0,
            scroll_top: 0,
            queue: None,
            desk_empty: false,
            shown_ticket: None,
            detail: None,
            detail_scroll: 0,
            show_quoted: false,
            size: DEFAULT_SIZE,
            composer: None,
            popup: None,
            canned: None,
            agents: None,
            teams: None,
            filter_pick: None,
            list: None,
            marked: std::collections::BTreeSet::new(),
            work: crate::worktime::WorkTimer::default(),
            drafts: HashMap::new(),
            kb: None,
            kb_ticket: None,
            requested_kb_ticket: None,
            kb_filter: crate::store::kb::KbFilter::default(),
            presence: presence::PresenceState::default(),
            escalation: escalate::EscalationState::default(),
            editor_request: None,
            requested_queue: None,
            requested_ticket: None,
            following: None,
            stalled: false,
            outbox: vec![Request::Calendar],
            screen: Screen::Queue,
            dashboard: super::dashboard::Dashboard::default(),
            file_dirs: FileDirs::from_env(),
            redraw: true,
        };
        app.sync();
        app
    }

    /// The database work asked for since the last call.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.outbox)
    }

    /// Whether the screen must be drawn again, and clears it: only a key,
    /// a worker answer, a resize or a new minute on the clock change what is
    /// on screen, so an idle console writes nothing to the terminal.
    pub fn take_redraw(&mut self) -> bool {
        std::mem::take(&mut self.redraw)
    }

    /// The terminal lost its contents (the external editor had it).
    pub fn force_redraw(&mut self) {
        self.redraw = true;
    }

    /// A key from the terminal, through the keymap.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        self.redraw = true;
        if key.kind == ratatui::crossterm::event::KeyEventKind::Press {
            self.work_input();
        }
        if self.popup.is_some() && !self.help {
            self.notice = None;
            self.popup_key(key);
            self.sync();
            return;
        }
        if self.kb.is_some() && !self.help {
            self.notice = None;
            self.kb_key(key);
            self.sync();
            return;
        }
        if self.composer.is_some() && !self.help {
            self.notice = None;
            self.composer_key(key);
            self.sync();
            return;
        }
        if self.screen == Screen::Dashboard
            && let Some(action) = self.keymap.action_in(Context::Dashboard, key)
        {
            self.update(action);
            return;
        }
        if let Some(action) = self.keymap.action_for(key) {
            self.update(action);
        }
    }

    /// Why the signed-in agent's role may not do `action`, if it may not.
    pub fn refusal(&self, action: Action) -> Option<crate::store::rights::Refusal> {
        let right = action.right()?;
        let role = self.role?;
        (!crate::store::rights::holds(role, right))
            .then_some(crate::store::rights::Refusal::Missing { right, role })
    }

    /// Applies one user intent.
    pub fn update(&mut self, action: Action) {
        self.notice = None;
        self.stalled = false;
        self.redraw = true;
        if self.screen == Screen::Dashboard {
            self.dashboard_action(action);
            return;
        }
        if self.help {
            match action {
                Action::ToggleHelp | Action::Back => self.help = false,
                Action::Quit => self.leave_and_quit(),
                Action::Down => self.scroll_help(1),
                Action::Up => self.scroll_help(-1),
                Action::PageDown | Action::Last => self.scroll_help(isize::MAX),
                Action::PageUp | Action::First => self.scroll_help(isize::MIN),
                _ => {}
            }
            return;
        }
        if let Some(crate::store::rights::Refusal::Missing { right, role }) = self.refusal(action) {
            // Said on the key, before anything is asked or sent.
            self.notice = Some(fill(
                t(self.lang, Msg::KeyRefused),
                &[
                    ("key", &self.keymap.first(action)),
                    ("right", &right.key()),
                    ("holders", &crate::i18n::holders(self.lang, right)),
                    ("role", &crate::i18n::role_name(self.lang, role)),
                ],
            ));
            return;
        }
        match action {
            Action::Quit => self.leave_and_quit(),
            Action::ToggleHelp => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::Back => self.leave_ticket(),
            Action::Reply | Action::Note => self.open_composer(action == Action::Note),
            Action::Palette => self.open_palette(),
            Action::KnowledgeBase => self.open_kb(),
            Action::InsertSuggestion => self.insert_top_suggestion(),
            Action::SaveAttachment => self.save_attachment(),
            Action::SetStatus
            | Action::SetPriority
            | Action::SetTier
            | Action::AssignMe
            | Action::AssignTo
            | Action::Unassign
            | Action::SetTeam
            | Action::AddTag
            | Action::RemoveTag
            | Action::LogCall
            | Action::NewTicket
            | Action::MergeInto
            | Action::LinkTicket => self.ticket_action(action),
            Action::NextTicket => self.claim_next(),
            Action::ToggleAway => self.toggle_away(),
            Action::Escalate => self.open_escalate(),
            Action::ToggleQuoted => self.show_quoted = !self.show_quoted,
            Action::RetryMail => self.retry_mail(),
            Action::Views => self.open_views(),
            Action::SaveView => self.ask_view_name(),
            Action::Filter => self.open_filters(),
            Action::Search => self.open_search(),
            Action::CycleSort => self.cycle_sort(),
            Action::ReverseSort => self.reverse_sort(),
            Action::ToggleMark => self.toggle_mark(),
            Action::ComposerSend
            | Action::ComposerToggleKind
            | Action::ComposerEditor
            | Action::ComposerCanned
            | Action::ComposerClose
            | Action::ComposerKb
            | Action::ComposerAttach
            | Action::ComposerDetach
            | Action::KbInsert
            | Action::KbFilter
            | Action::NextWindow => {}
            Action::Dashboard => self.open_dashboard(),
            Action::Open => {
                if self.focus == Focus::Queue && self.selected_row().is_some() {
                    self.open_selected();
                }
            }
            Action::SwitchPane => match self.focus {
                Focus::Queue => self.open_selected(),
                Focus::Detail => self.leave_ticket(),
            },
            Action::NextStatusFilter | Action::PrevStatusFilter if self.focus == Focus::Queue => {
                self.filter = if action == Action::NextStatusFilter {
                    self.filter.next()
                } else {
                    self.filter.prev()
                };
                self.selected = 0;
                self.scroll_top = 0;
                self.queue = None;
                self.requested_queue = None;
                self.following = None;
            }
            Action::NextStatusFilter | Action::PrevStatusFilter => {}
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let step = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -self.page_step(),
                    _ => self.page_step(),
                };
                self.move_by(step);
            }
            Action::First => self.move_to_end(false),
            Action::Last => self.move_to_end(true),
        }
        self.sync();
    }

    /// Applies a worker result.
    pub fn apply(&mut self, response: Response) {
        // "Another process wrote" changes nothing on screen by itself; the
        // figures it asks for do, when they arrive. Answers that bring
        // nothing new (a heartbeat stored, the same watchers, the same
        // figures) draw nothing either, so an idle screen stays silent
        // while other consoles beat.
        let unchanged = match &response {
            Response::Changed | Response::PresenceChanged | Response::Beat => true,
            Response::Escalated(tickets) => tickets.is_empty(),
            Response::Watchers(map) => *map == self.presence.watchers,
            Response::Dashboard(data) => self.dashboard.data.as_ref() == Some(data.as_ref()),
            _ => false,
        };
        if !unchanged {
            self.redraw = true;
        }
        match response {
            Response::Dashboard(data) => self.dashboard_loaded(*data),
            Response::Calendar(calendar) => self.calendar = calendar,
            Response::Queue(loaded) => {
                self.queue_loaded(loaded);
                self.request_watchers();
            }
            Response::Ticket(detail) => {
                if self.requested_ticket == Some(detail.id) {
                    self.requested_ticket = None;
                }
                if self.shown_ticket == Some(detail.id) {
                    if self.detail.as_ref().map(|d| d.id) != Some(detail.id) {
                        self.detail_scroll = 0;
                    }
                    self.detail = Some(*detail);
                    self.clamp_detail_scroll();
                    self.request_watchers();
                }
                self.error = None;
            }
            Response::Written { change, outcome } => self.written(&change, &outcome),
            Response::Draft { ticket, draft } => self.draft_loaded(ticket, draft),
            Response::Canned(list) => self.canned_loaded(list),
            Response::Agents(list) => {
                self.escalation_agents(&list);
                self.agents_loaded(list);
            }
            Response::Teams(list) => {
                self.escalation_teams(&list);
                self.teams_loaded(list);
            }
            Response::Escalated(tickets) => self.auto_escalated(&tickets),
            Response::Views(views) => self.views_loaded(views),
            Response::Kb(answer) => self.kb_loaded(answer),
            Response::Files(answer) => self.files_answered(answer),
            Response::DraftSaved { .. } | Response::Beat => {}
            Response::Entered { ticket, replying } => self.entered(ticket, replying),
            Response::Watchers(map) => self.presence.watchers = map,
            Response::Changed => {
                self.stalled = false;
                // The dashboard hides the queue: only its figures are read
                // again; the queue is when the dashboard closes.
                if self.screen == Screen::Dashboard {
                    self.load_dashboard();
                } else {
                    self.refresh();
                }
            }
            // Presence only (another console's heartbeat, a ticket opened
            // or left): who is on the tickets shown is all that can differ;
            // the dashboard shows no presence and asks for nothing.
            Response::PresenceChanged => self.request_watchers(),
            Response::Failed { request, error } => {
                self.stalled = true;
                match request {
                    Request::Queue { .. } | Request::List { .. } => {
                        self.requested_queue = None;
                        self.following = None;
                    }
                    Request::Ticket { .. } => self.requested_ticket = None,
                    Request::Dashboard { .. } => self.dashboard.loading = false,
                    Request::Kb(crate::service::kb::KbRequest::ForTicket { .. }) => {
                        self.requested_kb_ticket = None;
                    }
                    Request::Calendar
                    | Request::SaveDraft { .. }
                    | Request::LoadDraft { .. }
                    | Request::Canned
                    | Request::Agents
                    | Request::Teams
                    | Request::Kb(_)
                    | Request::Files(_)
                    | Request::Views { .. }
                    | Request::Presence { .. }
                    | Request::Heartbeat { .. }
                    | Request::SignOff { .. }
                    | Request::Watchers { .. }
                    | Request::AutoEscalate { .. }
                    | Request::Viewer { .. } => {}
                    Request::Write { change, .. } => {
                        if let Change::Reply(reply) = &change {
                            self.reply_failed(reply.ticket);
                        }
                        // A refused change is not a stalled load: keep loading.
                        self.stalled = false;
                        if let crate::store::Failure::Refused(why) = &error {
                            // Not a database failure: the rights said no.
                            self.notice = Some(crate::i18n::refusal_by(
                                self.lang,
                                why,
                                self.agent.as_deref(),
                            ));
                            self.sync();
                            return;
                        }
                        let error = crate::i18n::failure(self.lang, &error);
                        self.error =
                            Some(fill(t(self.lang, Msg::WriteFailed), &[("error", &error)]));
                        self.sync();
                        return;
                    }
                }
                self.error = Some(crate::i18n::failure(self.lang, &error));
            }
        }
        self.sync();
    }

    /// The clock moved.
    pub fn tick(&mut self, now: i64) {
        let before = std::mem::replace(&mut self.now, now);
        // Times on screen read in minutes: only a new minute changes them.
        if before.div_euclid(60) != now.div_euclid(60) {
            self.redraw = true;
        }
        self.dashboard_tick(before);
        self.autosave();
        self.work_tick();
        self.presence_tick();
        self.escalation_tick();
        if std::mem::take(&mut self.stalled) {
            self.sync();
        }
    }

    /// The terminal's size changed.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.redraw = true;
        self.size = (width, height);
        self.clamp_detail_scroll();
        self.sync();
    }

    /// The queue row under the selection, when it is loaded.
    pub fn selected_row(&self) -> Option<&QueueRow> {
        let page = self.queue.as_ref()?;
        let index = usize::try_from(self.selected - page.offset).ok()?;
        page.rows.get(index)
    }

    /// The queue row at an index of the filtered order, when it is loaded.
    pub fn row_at(&self, index: i64) -> Option<&QueueRow> {
        let page = self.queue.as_ref()?;
        page.rows.get(usize::try_from(index - page.offset).ok()?)
    }

    /// Tickets in the current filter (0 until the first page arrives).
    pub fn total(&self) -> i64 {
        self.queue.as_ref().map_or(0, |p| p.total)
    }

    /// The detail to draw: only the one the pane is meant to show.
    pub fn shown_detail(&self) -> Option<&TicketDetail> {
        self.detail
            .as_ref()
            .filter(|d| Some(d.id) == self.shown_ticket)
    }

    /// Where the panes are on the current terminal.
    pub fn areas(&self) -> Areas {
        layout::areas(layout::screen(self.size), self.focus)
    }

    /// What the help overlay is built from, for drawing and for scrolling.
    pub fn help_view(&self) -> Help<'_, impl Fn(Action) -> bool + '_> {
        Help {
            lang: self.lang,
            keymap: &self.keymap,
            refused: move |action| self.refusal(action).is_some(),
        }
    }

    /// What the ticket pane's lines are built from besides the ticket.
    pub fn ticket_view(&self, ticket: i64) -> TicketView<'_> {
        TicketView {
            lang: self.lang,
            keymap: &self.keymap,
            calendar: &self.calendar,
            now: self.now,
            kb_ticket: self.kb_ticket.as_ref(),
            others: self.others_on(ticket),
            show_quoted: self.show_quoted,
        }
    }

    /// How many ticket rows the queue pane shows.
    pub fn queue_rows(&self) -> i64 {
        self.areas()
            .queue
            .map_or(1, |r| i64::from(layout::visible_rows(r)).max(1))
    }

    fn page_step(&self) -> i64 {
        match self.focus {
            Focus::Queue => self.queue_rows(),
            Focus::Detail => self
                .areas()
                .detail
                .map_or(1, |r| i64::from(layout::inner_rows(r)).max(1)),
        }
    }

    fn move_by(&mut self, step: i64) {
        match self.focus {
            Focus::Queue => {
                self.following = None;
                let last = (self.total() - 1).max(0);
                self.selected = (self.selected + step).clamp(0, last);
            }
            Focus::Detail => {
                let next = self.detail_scroll as i64 + step;
                self.detail_scroll = usize::try_from(next.max(0)).unwrap_or(0);
                self.clamp_detail_scroll();
            }
        }
    }

    fn move_to_end(&mut self, end: bool) {
        match self.focus {
            Focus::Queue => {
                self.following = None;
                self.selected = if end { (self.total() - 1).max(0) } else { 0 };
            }
            Focus::Detail => {
                self.detail_scroll = if end { usize::MAX } else { 0 };
                self.clamp_detail_scroll();
            }
        }
    }

    /// Scrolls the help overlay, never past its last line.
    fn scroll_help(&mut self, step: isize) {
        let max = self.help_view().max_scroll(layout::screen(self.size));
        self.help_scroll = self.help_scroll.saturating_add_signed(step).min(max);
    }

    fn leave_ticket(&mut self) {
        if self.focus == Focus::Detail {
            self.work_leave();
        }
        self.focus = Focus::Queue;
    }

    pub(super) fn leave_and_quit(&mut self) {
        self.work_leave();
        self.sign_off();
        self.quit = true;
    }

    fn open_selected(&mut self) {
        self.focus = Focus::Detail;
        if let Some(id) = self.selected_row().map(|r| r.id) {
            self.work_open(id);
        }
        if let Some(id) = self.selected_row().map(|r| r.id)
            && self.shown_ticket != Some(id)
        {
            self.shown_ticket = Some(id);
            self.detail_scroll = 0;
        }
    }

    /// The largest useful scroll: the last line at the bottom of the pane.
    pub(super) fn clamp_detail_scroll(&mut self) {
        let Some(area) = self.areas().detail else {
            return;
        };
        let lines = self.shown_detail().map_or(0, |d| {
            layout::ticket::lines(&self.ticket_view(d.id), d, layout::inner_width(area)).len()
        });
        let visible = usize::from(layout::inner_rows(area));
        self.detail_scroll = self.detail_scroll.min(lines.saturating_sub(visible));
    }

    fn queue_loaded(&mut self, loaded: QueueLoaded) {
        if loaded.query.status != self.filter || loaded.list != self.list {
            return; // an answer for a filter the user already left
        }
        if self.requested_queue == Some(loaded.query) {
            self.requested_queue = None;
        }
        self.desk_empty = loaded.desk_empty;
        if let Some((id, position)) = loaded.follow
            && self.following == Some(id)
        {
            self.following = None;
            if let Some(position) = position {
                self.selected = position;
            }
        }
        self.selected = self.selected.clamp(0, (loaded.page.total - 1).max(0));
        self.queue = Some(loaded.page);
        self.error = None;
    }

    /// Another process wrote: reload what is on screen, keeping the
    /// selection on the same ticket even when its position changed.
    fn refresh(&mut self) {
        self.following = self.selected_row().map(|r| r.id);
        let query = self.window_query();
        self.requested_queue = Some(query);
        let request = self.queue_request(query, self.following);
        self.outbox.push(request);
        if let Some(id) = self.shown_ticket {
            self.requested_ticket = Some(id);
            self.outbox.push(Request::Ticket { id });
            // Another agent may have linked an article.
            self.requested_kb_ticket = Some(id);
            self.outbox
                .push(Request::Kb(crate::service::kb::KbRequest::ForTicket {
                    ticket: id,
                }));
        }
    }

    /// The page to load for the current scroll position: the visible rows
    /// and a margin on both sides.
    fn window_query(&self) -> QueueQuery {
        let visible = self.queue_rows();
        let margin = visible.max(MIN_MARGIN);
        QueueQuery {
            status: self.filter,
            offset: (self.scroll_top - margin).max(0),
            limit: visible + 2 * margin,
        }
    }

    /// Brings derived state in line after any change: the selection on
    /// screen, its rows loaded, the detail pane's ticket loaded.
    fn sync(&mut self) {
        let visible = self.queue_rows();
        if self.selected < self.scroll_top {
            self.scroll_top = self.selected;
        } else if self.selected >= self.scroll_top + visible {
            self.scroll_top = self.selected - visible + 1;
        }
        let total = self.total();
        // Never leave empty rows below the last ticket when it could be filled.
        self.scroll_top = self.scroll_top.min((total - visible).max(0)).max(0);

        let covered = self.queue.as_ref().is_some_and(|page| {
            let want_end = (self.scroll_top + visible).min(page.total);
            let have_end = page.offset + page.rows.len() as i64;
            page.total == 0 || (page.offset <= self.scroll_top && want_end <= have_end)
        });
        if !covered && !self.stalled && self.requested_queue.is_none() && self.following.is_none() {
            let query = self.window_query();
            self.requested_queue = Some(query);
            let request = self.queue_request(query, None);
            self.outbox.push(request);
        }

        // Wide layouts preview the selected ticket; narrow ones load it when opened.
        let detail_visible = self.areas().detail.is_some();
        if detail_visible
            && self.focus == Focus::Queue
            && let Some(id) = self.selected_row().map(|r| r.id)
        {
            if self.shown_ticket != Some(id) {
                self.detail_scroll = 0;
            }
            self.shown_ticket = Some(id);
        }
        if let Some(id) = self.shown_ticket
            && detail_visible
            && self.shown_detail().is_none()
            && !self.stalled
            && self.requested_ticket != Some(id)
        {
            self.requested_ticket = Some(id);
            self.outbox.push(Request::Ticket { id });
        }
        if detail_visible {
            self.kb_sync();
        }
        self.presence_sync();
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;
