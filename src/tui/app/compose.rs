//! The app's side of the reply composer: opening it on a ticket (with the
//! saved draft), keys while it is open, the one-key send confirmation,
//! saving drafts, and the external editor round trip (the run loop does the
//! terminal part; the app only asks and takes the text back).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::{App, Focus};
use crate::domain::Status;
use crate::i18n::{Msg, t};
use crate::service::change::{Change, Reply};
use crate::service::worker::Request;
use crate::store::drafts::{Base, Draft};
use crate::tui::action::{Action, Context};
use crate::tui::composer::{AUTOSAVE_SECS, Composer, Stage};

impl App {
    /// Opens the composer on the shown ticket: the draft kept in memory or
    /// in the database, or an empty one of the asked kind.
    pub(super) fn open_composer(&mut self, internal: bool) {
        // Said before anything opens: the ticket loading would clear it.
        if let Some(msg) = self.write_refusal() {
            self.session.error = Some(t(self.session.lang, msg).to_string());
            return;
        }
        if self.focus == Focus::Queue && self.selected_row().is_some() {
            self.open_selected();
        }
        let Some(ticket) = self.ticket.shown else {
            return;
        };
        if !self.collision_checked(ticket, internal) {
            return;
        }
        let base = self
            .shown_detail()
            .filter(|d| d.id == ticket)
            .map(|d| Base {
                version: d.version,
                at: self.session.now,
            });
        let composer = match self.compose.drafts.remove(&ticket) {
            Some(mut kept) => {
                if kept.is_blank() {
                    kept.internal = internal;
                }
                kept
            }
            None => {
                if let Some(agent) = self.session.agent_id {
                    self.outbox.push(Request::LoadDraft { agent, ticket });
                }
                let mut fresh = Composer::new(ticket, internal, self.session.now);
                fresh.base = base;
                fresh
            }
        };
        self.compose.composer = Some(composer);
    }

    /// A key while the composer is open: its own bindings, else text.
    pub(super) fn composer_key(&mut self, key: &KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        let action = self.session.keymap.action_in(Context::Composer, key);
        let Some(composer) = self.compose.composer.as_mut() else {
            return;
        };
        match composer.stage {
            Stage::Sending => {}
            Stage::Held => match key.code {
                KeyCode::Enter => {
                    self.rebase_held();
                    self.send(None);
                }
                KeyCode::Esc | KeyCode::Char('e') => self.rebase_held(),
                _ => {}
            },
            Stage::Confirming => match key.code {
                KeyCode::Enter => self.send(None),
                KeyCode::Char('p') => self.send(Some(Status::Pending)),
                KeyCode::Char('s') => self.send(Some(Status::Solved)),
                KeyCode::Esc => composer.stage = Stage::Editing,
                _ => {}
            },
            Stage::Editing => match action {
                Some(Action::ComposerSend) => {
                    if composer.is_blank() {
                        self.session.error =
                            Some(t(self.session.lang, Msg::ComposerEmpty).to_string());
                    } else {
                        composer.stage = Stage::Confirming;
                    }
                }
                Some(Action::ComposerToggleKind) => {
                    composer.internal = !composer.internal;
                    composer.changed();
                }
                Some(Action::ComposerEditor) => self.compose.editor_request = Some(composer.text()),
                Some(Action::ComposerCanned) => self.open_picker(),
                Some(Action::ComposerKb) => self.open_kb(),
                Some(Action::ComposerAttach) => self.ask_attach_path(),
                Some(Action::ComposerDetach) => self.open_detach(),
                Some(Action::ComposerClose) => self.close_composer(),
                _ => {
                    if composer.editor.input(*key) {
                        composer.changed();
                    }
                }
            },
        }
    }

    /// Closes the composer, keeping (and saving) the draft.
    pub(super) fn close_composer(&mut self) {
        if let Some(mut composer) = self.compose.composer.take() {
            composer.stage = Stage::Editing;
            self.save_draft(&mut composer);
            self.compose.drafts.insert(composer.ticket, composer);
        }
    }

    fn save_draft(&mut self, composer: &mut Composer) {
        if !composer.dirty {
            return;
        }
        if let Some(agent) = self.session.agent_id.filter(|_| !self.session.read_only) {
            self.outbox.push(Request::SaveDraft {
                agent,
                ticket: composer.ticket,
                internal: composer.internal,
                body: composer.text(),
                base: composer.base,
                now: self.session.now,
            });
        }
        composer.dirty = false;
        composer.saved_at = self.session.now;
    }

    /// Saves a changed draft every few seconds while typing.
    pub(super) fn autosave(&mut self) {
        if let Some(mut composer) = self.compose.composer.take() {
            if composer.dirty && self.session.now - composer.saved_at >= AUTOSAVE_SECS {
                self.save_draft(&mut composer);
            }
            self.compose.composer = Some(composer);
        }
    }

    /// Sends the draft, with the status chosen at the confirmation (or the
    /// canned response's) and the canned response's other actions.
    fn send(&mut self, status: Option<Status>) {
        let Some(composer) = self.compose.composer.as_ref() else {
            return;
        };
        let reply = Reply {
            ticket: composer.ticket,
            body: composer.text(),
            internal: composer.internal,
            status: status.or(composer.actions.status),
            priority: composer.actions.priority,
            tags: composer.actions.tags.clone(),
            base: composer.base,
            files: composer.files.clone(),
        };
        let sent = self.write(Change::Reply(reply));
        if let Some(composer) = self.compose.composer.as_mut() {
            composer.stage = if sent { Stage::Sending } else { Stage::Editing };
        }
    }

    /// The reply on `ticket` was stored: the draft is gone.
    pub(super) fn reply_sent(&mut self, ticket: i64) {
        self.compose.drafts.remove(&ticket);
        if self.session.work.working_on() == Some(ticket) {
            self.work_sent();
        }
        if self
            .compose
            .composer
            .as_ref()
            .is_some_and(|c| c.ticket == ticket)
        {
            self.compose.composer = None;
        }
    }

    /// The reply on `ticket` was refused: back to editing, text intact.
    pub(super) fn reply_failed(&mut self, ticket: i64) {
        if let Some(c) = self
            .compose
            .composer
            .as_mut()
            .filter(|c| c.ticket == ticket)
        {
            c.stage = Stage::Editing;
        }
    }

    /// A draft came from the database: it fills a composer not yet typed in.
    pub(super) fn draft_loaded(&mut self, ticket: i64, draft: Option<Draft>) {
        let Some(draft) = draft else { return };
        match self.compose.composer.as_mut() {
            Some(c) if c.ticket == ticket && !c.touched => {
                c.set_text(&draft.body);
                c.internal = draft.internal;
                c.base = Some(Base {
                    version: draft.base_version,
                    at: draft.base_at.unwrap_or(draft.updated_at),
                });
            }
            _ => {}
        }
    }

    /// The send was held: show what changed and wait for Enter or Esc.
    pub(super) fn reply_held(
        &mut self,
        ticket: i64,
        version: i64,
        happened: Vec<crate::store::drafts::Happened>,
    ) {
        if let Some(c) = self
            .compose
            .composer
            .as_mut()
            .filter(|c| c.ticket == ticket)
        {
            c.stage = Stage::Held;
            c.held = Some(crate::tui::composer::Held { version, happened });
        }
    }

    /// The agent has seen what changed: the draft is now written against
    /// the ticket as it is, and back to editing.
    fn rebase_held(&mut self) {
        let now = self.session.now;
        if let Some(c) = self.compose.composer.as_mut() {
            if let Some(held) = c.held.take() {
                c.base = Some(Base {
                    version: held.version,
                    at: now,
                });
                c.dirty = true;
            }
            c.stage = Stage::Editing;
        }
    }

    /// The text the run loop should open in `$VISUAL`/`$EDITOR`, once.
    pub fn take_editor_request(&mut self) -> Option<String> {
        self.compose.editor_request.take()
    }

    /// Whether the external editor is to be opened (before any further key).
    pub fn wants_editor(&self) -> bool {
        self.compose.editor_request.is_some()
    }

    /// The external editor finished: its text replaces the draft, or its
    /// failure is shown and the draft stays as it was.
    pub fn editor_finished(&mut self, result: Result<String, String>) {
        match result {
            Ok(text) => {
                if let Some(c) = self.compose.composer.as_mut() {
                    c.set_text(&text);
                    c.changed();
                }
            }
            Err(error) => self.session.error = Some(error),
        }
    }
}
