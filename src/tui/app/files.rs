//! Attachments in the console: saving one of the ticket's files (a chooser
//! when there are several, a path prompt with Tab completion, a question
//! before overwriting), attaching files to a reply from the composer and
//! removing them again, and a canned response's files. The disk work goes
//! to the worker ([`crate::service::files`]); what it did comes back here.

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Focus};
use crate::i18n::{Msg, fill, t};
use crate::mail::files::{Completion, default_save_path};
use crate::service::files::{FilesRequest, FilesResponse, PathPurpose};
use crate::service::worker::Request;
use crate::store::attachments::{Attachment, ReplyFile, human_size};
use crate::tui::action::Action;
use crate::tui::form::{Field, Step};
use crate::tui::popup::{Item, ListPopup, Outcome};

use super::Popup;

/// Where the path prompts start: read once when the console starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileDirs {
    /// `$XDG_DOWNLOAD_DIR`, where attachments are saved when set.
    pub download: Option<String>,
    /// The console's current directory: saves go there otherwise, and the
    /// attach prompt starts there.
    pub cwd: PathBuf,
}

impl FileDirs {
    pub fn from_env() -> FileDirs {
        FileDirs {
            download: std::env::var("XDG_DOWNLOAD_DIR")
                .ok()
                .filter(|d| !d.trim().is_empty()),
            cwd: std::env::current_dir().unwrap_or_default(),
        }
    }
}

/// A path being typed, with what Tab found last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPrompt {
    pub purpose: PathPurpose,
    pub prompt: String,
    pub field: Field,
    /// The entries Tab matched when more than one did.
    pub candidates: Vec<String>,
    /// Said under the field (Tab found nothing).
    pub note: Option<String>,
}

fn attachment_item(a: &Attachment, lang: crate::i18n::Lang) -> Item<(i64, String)> {
    let mut detail = format!("{} · {}", a.content_type, human_size(a.size.max(0) as u64));
    if a.inline {
        detail.push_str(&format!(" · {}", t(lang, Msg::AttachInline)));
    }
    Item {
        label: a.name.clone(),
        detail,
        value: (a.id, a.name.clone()),
    }
}

impl App {
    /// `d` on a ticket: its one attachment straight to the path prompt,
    /// several through a chooser.
    pub(super) fn save_attachment(&mut self) {
        if self.focus == Focus::Queue && self.selected_row().is_some() {
            self.open_selected();
        }
        let Some(detail) = self.shown_detail() else {
            return;
        };
        let all: Vec<&Attachment> = detail
            .messages
            .iter()
            .flat_map(|m| m.attachments.iter())
            .collect();
        match all.as_slice() {
            [] => self.session.notice = Some(t(self.session.lang, Msg::AttachNone).to_string()),
            [one] => {
                let (id, name) = (one.id, one.name.clone());
                self.ask_save_path(id, &name);
            }
            many => {
                let items = many
                    .iter()
                    .map(|a| attachment_item(a, self.session.lang))
                    .collect();
                self.overlay.popup = Some(Popup::ChooseAttachment(ListPopup::new(Some(items))));
            }
        }
    }

    /// The path prompt for saving attachment `id`, prefilled with the
    /// download directory (or the current one) and the file's name.
    fn ask_save_path(&mut self, id: i64, name: &str) {
        let dirs = &self.session.file_dirs;
        let path = default_save_path(name, dirs.download.as_deref(), &dirs.cwd);
        self.overlay.popup = Some(Popup::Path(PathPrompt {
            purpose: PathPurpose::Save {
                id,
                name: name.to_string(),
            },
            prompt: fill(
                t(self.session.lang, Msg::AttachSavePrompt),
                &[("name", &name)],
            ),
            field: Field {
                text: path.display().to_string(),
            },
            candidates: Vec::new(),
            note: None,
        }));
    }

    /// Ctrl-o in the composer: the path of a file to attach, starting in
    /// the current directory.
    pub(super) fn ask_attach_path(&mut self) {
        let Some(ticket) = self.compose.composer.as_ref().map(|c| c.ticket) else {
            return;
        };
        let mut start = self.session.file_dirs.cwd.display().to_string();
        if !start.is_empty() && !start.ends_with('/') {
            start.push('/');
        }
        self.overlay.popup = Some(Popup::Path(PathPrompt {
            purpose: PathPurpose::Attach { ticket },
            prompt: t(self.session.lang, Msg::AttachPathPrompt).to_string(),
            field: Field { text: start },
            candidates: Vec::new(),
            note: None,
        }));
    }

    /// Ctrl-l in the composer: which attached file to remove.
    pub(super) fn open_detach(&mut self) {
        let Some(composer) = self.compose.composer.as_ref() else {
            return;
        };
        if composer.files.is_empty() {
            self.session.notice = Some(t(self.session.lang, Msg::AttachNoneInReply).to_string());
            return;
        }
        let items = composer
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| Item {
                label: f.name().to_string(),
                detail: human_size(f.size()),
                value: i,
            })
            .collect();
        self.overlay.popup = Some(Popup::Detach(ListPopup::new(Some(items))));
    }

    /// A key in one of the attachment popups.
    pub(super) fn files_popup_key(&mut self, key: &KeyEvent) {
        let lang = self.session.lang;
        match self.overlay.popup.as_mut() {
            Some(Popup::ChooseAttachment(list)) => match list.key(key) {
                Outcome::Open => {}
                Outcome::Closed => self.overlay.popup = None,
                Outcome::Chosen((id, name)) => self.ask_save_path(id, &name),
            },
            Some(Popup::Detach(list)) => match list.key(key) {
                Outcome::Open => {}
                Outcome::Closed => self.overlay.popup = None,
                Outcome::Chosen(index) => {
                    self.overlay.popup = None;
                    if let Some(c) = self.compose.composer.as_mut()
                        && index < c.files.len()
                    {
                        let gone = c.files.remove(index);
                        self.session.notice =
                            Some(fill(t(lang, Msg::AttachRemoved), &[("name", &gone.name())]));
                    }
                }
            },
            Some(Popup::Path(prompt)) => {
                if key.code == KeyCode::Tab {
                    prompt.note = None;
                    self.outbox.push(Request::Files(FilesRequest::Complete {
                        purpose: prompt.purpose.clone(),
                        text: prompt.field.text.clone(),
                    }));
                    return;
                }
                match prompt.field.key(key) {
                    Step::Editing => {
                        prompt.candidates.clear();
                        prompt.note = None;
                    }
                    Step::Cancel => self.overlay.popup = None,
                    Step::Submit => {
                        let text = prompt.field.text.trim().to_string();
                        if text.is_empty() {
                            return;
                        }
                        let request = match &prompt.purpose {
                            PathPurpose::Save { id, .. } => FilesRequest::Save {
                                id: *id,
                                path: text,
                                overwrite: false,
                            },
                            PathPurpose::Attach { ticket } => FilesRequest::Read {
                                ticket: *ticket,
                                path: text,
                            },
                        };
                        self.overlay.popup = None;
                        self.outbox.push(Request::Files(request));
                    }
                }
            }
            Some(Popup::Overwrite { id, path, .. }) => match key.code {
                KeyCode::Enter => {
                    let request = FilesRequest::Save {
                        id: *id,
                        path: path.clone(),
                        overwrite: true,
                    };
                    self.overlay.popup = None;
                    self.outbox.push(Request::Files(request));
                }
                KeyCode::Esc => {
                    let path = path.clone();
                    self.overlay.popup = None;
                    self.session.notice =
                        Some(fill(t(lang, Msg::AttachNotSaved), &[("path", &path)]));
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// The worker did some attachment work.
    pub(super) fn files_answered(&mut self, answer: FilesResponse) {
        let lang = self.session.lang;
        match answer {
            FilesResponse::Completed {
                purpose,
                asked,
                completion,
            } => self.completed(&purpose, &asked, completion),
            FilesResponse::Read { ticket, file } => {
                let said = fill(
                    t(lang, Msg::AttachAdded),
                    &[("name", &file.name()), ("size", &human_size(file.size()))],
                );
                if self.add_reply_files(ticket, vec![file]) {
                    self.session.notice = Some(said);
                    self.session.error = None;
                }
            }
            FilesResponse::Canned { ticket, files } => {
                if files.is_empty() {
                    return;
                }
                let names: Vec<String> = files.iter().map(|f| f.name().to_string()).collect();
                if self.add_reply_files(ticket, files) {
                    self.session.notice = Some(fill(
                        t(lang, Msg::AttachCannedAdded),
                        &[("files", &names.join(", "))],
                    ));
                }
            }
            FilesResponse::Saved { path, name, size } => {
                self.session.error = None;
                self.session.notice = Some(fill(
                    t(lang, Msg::AttachSaved),
                    &[
                        ("name", &name),
                        ("path", &path.display()),
                        ("size", &human_size(size)),
                    ],
                ));
            }
            FilesResponse::Exists { id, path } => {
                self.overlay.popup = Some(Popup::Overwrite {
                    id,
                    question: fill(t(lang, Msg::AttachOverwrite), &[("path", &path)]),
                    path,
                });
            }
            FilesResponse::Refused(reason) => self.session.error = Some(reason),
        }
    }

    /// Tab's answer: taken only while the prompt still shows what was asked.
    fn completed(&mut self, purpose: &PathPurpose, asked: &str, completion: Completion) {
        let no_match = t(self.session.lang, Msg::AttachNoMatch).to_string();
        if let Some(Popup::Path(prompt)) = self.overlay.popup.as_mut()
            && prompt.purpose == *purpose
            && prompt.field.text == asked
        {
            if completion.text == asked && completion.candidates.is_empty() {
                prompt.note = Some(no_match);
            }
            prompt.field.text = completion.text;
            prompt.candidates = completion.candidates;
        }
    }

    /// Adds files to the reply on `ticket` (open, or closed with its draft
    /// kept); false when there is none any more.
    fn add_reply_files(&mut self, ticket: i64, files: Vec<ReplyFile>) -> bool {
        let composer = match self.compose.composer.as_mut() {
            Some(c) if c.ticket == ticket => Some(c),
            _ => self.compose.drafts.get_mut(&ticket),
        };
        match composer {
            Some(c) => {
                c.files.extend(files);
                c.changed();
                true
            }
            None => false,
        }
    }

    /// The key that saves an attachment, for hints.
    pub fn save_key(&self) -> String {
        self.session.keymap.first(Action::SaveAttachment)
    }
}
