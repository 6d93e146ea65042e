//! The console's state and the one place it changes. [`App::update`] applies
//! a user intent, [`App::apply`] a worker result, [`App::tick`] the clock.
//! No SQL and no I/O here: database work leaves as [`Request`]s that the
//! event loop (or a test) takes with [`App::take_requests`]. Nothing here
//! imports `ui`'s panes (only `ui::format`, plain number text): what it
//! needs of the screen's geometry and of the lines that scroll it reads
//! from [`crate::tui::layout`], as the panes do.
//!
//! | module          | role |
//! |-----------------|------|
//! | this file       | [`App`], [`Popup`], `update`, `apply`, `tick`, `resize` |
//! | [`state`]       | the state grouped by screen: session, queue, ticket, composer, kb, overlay |
//! | `paging`        | the panes' areas, moving the selection and scroll, the queue window, `sync` |
//! | `actions`       | ticket actions: choosers, inputs, confirmations, the new-ticket form |
//! | `popups`        | keys while a popup is open; the canned-response picker |
//! | `compose`       | the reply composer: drafts, send confirmation, the external editor |
//! | `kb`, `kb_filters` | the knowledge-base pane and its filters |
//! | `filters`, `queue_views` | ad-hoc filters, saved views, search, sort, marks |
//! | `files`         | saving and attaching files |
//! | `escalate`      | escalation choosers and automatic escalation |
//! | `presence`      | who else is on a ticket; this console's heartbeat |
//! | `work`          | work sessions for AHT |
//! | `mail_out`      | putting failed reply e-mails back in the queue |
//! | `dashboard`     | the dashboard screen's keys and loads |

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
mod paging;
mod popups;
mod presence;
mod queue_views;
pub mod state;
mod work;

pub use actions::{FORM_FIELDS, InputKind};
pub use dashboard::Screen;
pub use files::{FileDirs, PathPrompt};
pub use filters::{FilterChoice, describe as describe_filter};
pub use kb_filters::{KbField, KbFilterChoice, describe as describe_kb_filter};
pub use queue_views::{list_sort_name, view_name};
pub use state::{Choices, ComposeState, KbState, Overlay, QueueState, Session, TicketState};

use super::action::{Action, Context};
use super::form::{Field, Form};
use super::keymap::Keymap;
pub use super::layout::Focus;

use super::popup::ListPopup;
use crate::i18n::{Lang, Msg, fill, t};
use crate::service::change::Change;
use crate::service::worker::{Request, Response};
use crate::sla::Calendar;
use crate::store::canned::Canned;
use crate::store::queue::StatusFilter;

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

/// The size tests and the first frame assume until the terminal reports one.
const DEFAULT_SIZE: (u16, u16) = (120, 40);

/// Everything the screen shows, by the screen or concern it belongs to.
#[derive(Debug)]
pub struct App {
    /// Who, where and when: the agent, language, keys, clock, terminal,
    /// and the notice or error on the status line.
    pub session: Session,
    /// Which pane keys act on.
    pub focus: Focus,
    /// Which screen is shown: the queue (with the ticket) or the dashboard.
    pub screen: Screen,
    pub queue: QueueState,
    pub ticket: TicketState,
    pub compose: ComposeState,
    pub kb: KbState,
    pub overlay: Overlay,
    pub choices: Choices,
    pub dashboard: super::dashboard::Dashboard,
    /// Other agents on the tickets on screen, and this console's own presence.
    pub presence: presence::PresenceState,
    /// An escalation being chosen, and the automatic-escalation clock.
    pub escalation: escalate::EscalationState,
    /// A request failed: ask again only after the next key, tick or change,
    /// so a lasting error (a deleted ticket, a locked file) cannot spin.
    stalled: bool,
    outbox: Vec<Request>,
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
            session: Session {
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
                size: DEFAULT_SIZE,
                work: crate::worktime::WorkTimer::default(),
                file_dirs: FileDirs::from_env(),
                quit: false,
            },
            focus: Focus::Queue,
            screen: Screen::Queue,
            queue: QueueState {
                filter: StatusFilter::Active,
                selected: 0,
                scroll_top: 0,
                page: None,
                desk_empty: false,
                list: None,
                marked: std::collections::BTreeSet::new(),
                requested: None,
                following: None,
                unplaced: None,
                filter_pick: None,
            },
            ticket: TicketState::default(),
            compose: ComposeState::default(),
            kb: KbState::default(),
            overlay: Overlay::default(),
            choices: Choices::default(),
            dashboard: super::dashboard::Dashboard::default(),
            presence: presence::PresenceState::default(),
            escalation: escalate::EscalationState::default(),
            stalled: false,
            outbox: vec![Request::Calendar],
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
        if self.overlay.popup.is_some() && !self.overlay.help {
            self.session.notice = None;
            self.popup_key(key);
            self.sync();
            return;
        }
        if self.kb.pane.is_some() && !self.overlay.help {
            self.session.notice = None;
            self.kb_key(key);
            self.sync();
            return;
        }
        if self.compose.composer.is_some() && !self.overlay.help {
            self.session.notice = None;
            self.composer_key(key);
            self.sync();
            return;
        }
        if self.screen == Screen::Dashboard
            && let Some(action) = self.session.keymap.action_in(Context::Dashboard, key)
        {
            self.update(action);
            return;
        }
        if let Some(action) = self.session.keymap.action_for(key) {
            self.update(action);
        }
    }

    /// Why the signed-in agent's role may not do `action`, if it may not.
    pub fn refusal(&self, action: Action) -> Option<crate::store::rights::Refusal> {
        let right = action.right()?;
        let role = self.session.role?;
        (!crate::store::rights::holds(role, right))
            .then_some(crate::store::rights::Refusal::Missing { right, role })
    }

    /// Applies one user intent.
    pub fn update(&mut self, action: Action) {
        self.session.notice = None;
        self.stalled = false;
        self.redraw = true;
        if self.screen == Screen::Dashboard {
            self.dashboard_action(action);
            return;
        }
        if self.overlay.help {
            match action {
                Action::ToggleHelp | Action::Back => self.overlay.help = false,
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
            self.session.notice = Some(fill(
                t(self.session.lang, Msg::KeyRefused),
                &[
                    ("key", &self.session.keymap.first(action)),
                    ("right", &right.key()),
                    ("holders", &crate::i18n::holders(self.session.lang, right)),
                    ("role", &crate::i18n::role_name(self.session.lang, role)),
                ],
            ));
            return;
        }
        match action {
            Action::Quit => self.leave_and_quit(),
            Action::ToggleHelp => {
                self.overlay.help = true;
                self.overlay.help_scroll = 0;
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
            Action::ToggleQuoted => self.ticket.show_quoted = !self.ticket.show_quoted,
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
                self.queue.filter = if action == Action::NextStatusFilter {
                    self.queue.filter.next()
                } else {
                    self.queue.filter.prev()
                };
                self.queue.selected = 0;
                self.queue.scroll_top = 0;
                self.queue.page = None;
                self.queue.requested = None;
                self.queue.following = None;
                self.queue.unplaced = None;
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
            Response::Calendar(calendar) => self.session.calendar = calendar,
            Response::Queue(loaded) => {
                self.queue_loaded(loaded);
                self.request_watchers();
            }
            Response::Placed {
                status,
                id,
                at,
                position,
            } => self.placed(status, id, at, position),
            Response::Ticket(detail) => {
                if self.ticket.requested == Some(detail.id) {
                    self.ticket.requested = None;
                }
                if self.ticket.shown == Some(detail.id) {
                    if self.ticket.detail.as_ref().map(|d| d.id) != Some(detail.id) {
                        self.ticket.scroll = 0;
                    }
                    self.ticket.detail = Some(*detail);
                    self.clamp_detail_scroll();
                    self.request_watchers();
                }
                self.session.error = None;
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
                        self.queue.requested = None;
                        self.queue.following = None;
                    }
                    // The page's indexes cannot be trusted: read it again.
                    Request::Place { .. } => self.unplace(None),
                    Request::Ticket { .. } => self.ticket.requested = None,
                    Request::Dashboard { .. } => self.dashboard.loading = false,
                    Request::Kb(crate::service::kb::KbRequest::ForTicket { .. }) => {
                        self.ticket.requested_articles = None;
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
                            self.session.notice = Some(crate::i18n::refusal_by(
                                self.session.lang,
                                why,
                                self.session.agent.as_deref(),
                            ));
                            self.sync();
                            return;
                        }
                        let error = crate::i18n::failure(self.session.lang, &error);
                        self.session.error = Some(fill(
                            t(self.session.lang, Msg::WriteFailed),
                            &[("error", &error)],
                        ));
                        self.sync();
                        return;
                    }
                }
                self.session.error = Some(crate::i18n::failure(self.session.lang, &error));
            }
        }
        self.sync();
    }

    /// The clock moved.
    pub fn tick(&mut self, now: i64) {
        let before = std::mem::replace(&mut self.session.now, now);
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
        self.session.size = (width, height);
        self.clamp_detail_scroll();
        self.sync();
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;
