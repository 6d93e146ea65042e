//! The reply composer's state: a draft on one ticket, public reply or
//! internal note, in a `ratatui-textarea` editor, plus what a canned
//! response asked to set when it is sent. No I/O: the app saves drafts
//! through the worker.

use ratatui_textarea::TextArea;

use crate::domain::{Priority, Status};

/// Seconds between saves of a changed draft while typing.
pub const AUTOSAVE_SECS: i64 = 5;

/// What sending also does, from an inserted canned response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendActions {
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub tags: Vec<String>,
}

impl SendActions {
    pub fn is_empty(&self) -> bool {
        self.status.is_none() && self.priority.is_none() && self.tags.is_empty()
    }
}

/// Where the composer is in sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// Typing.
    #[default]
    Editing,
    /// Ctrl-s was pressed: one key confirms (Enter, p, s) or Esc goes back.
    Confirming,
    /// Sent to the worker; waiting for the answer.
    Sending,
    /// The send was held: the ticket changed since the draft was started.
    /// [`Composer::held`] says what changed; Enter sends, Esc edits.
    Held,
}

/// Why a send was held: the ticket's version now, and what others did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub version: i64,
    pub happened: Vec<crate::store::drafts::Happened>,
}

/// A draft being written.
#[derive(Debug, Clone)]
pub struct Composer {
    pub ticket: i64,
    /// An internal note (never shown to the customer) rather than a reply.
    pub internal: bool,
    pub editor: TextArea<'static>,
    pub stage: Stage,
    pub actions: SendActions,
    /// Changed since the draft was last saved.
    pub dirty: bool,
    /// When the draft was last saved (Unix seconds).
    pub saved_at: i64,
    /// Edited since it was opened: a draft loaded later must not replace it.
    pub touched: bool,
    /// The ticket version the draft is written against (collision check on send).
    pub base: Option<crate::store::drafts::Base>,
    /// What changed, while the send is held.
    pub held: Option<Held>,
    /// Files to attach to the reply (kept while the console runs).
    pub files: Vec<crate::store::attachments::ReplyFile>,
}

impl Composer {
    /// An empty composer on `ticket`.
    pub fn new(ticket: i64, internal: bool, now: i64) -> Composer {
        Composer {
            ticket,
            internal,
            editor: TextArea::default(),
            stage: Stage::Editing,
            actions: SendActions::default(),
            dirty: false,
            saved_at: now,
            touched: false,
            base: None,
            held: None,
            files: Vec::new(),
        }
    }

    /// The draft's text.
    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    /// Replaces the whole text (a loaded draft, the external editor's result).
    pub fn set_text(&mut self, text: &str) {
        let lines: Vec<String> = text
            .trim_end_matches('\n')
            .split('\n')
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect();
        let mut editor = TextArea::new(lines);
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.editor = editor;
    }

    /// Inserts text at the cursor.
    pub fn insert(&mut self, text: &str) {
        self.editor.insert_str(text);
        self.changed();
    }

    /// Something changed the draft.
    pub fn changed(&mut self) {
        self.dirty = true;
        self.touched = true;
    }

    /// Nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_inserts_at_the_cursor() {
        let mut c = Composer::new(1, false, 0);
        assert!(c.is_blank());
        c.set_text("Hello Ada,\r\n\nThanks.\n");
        assert_eq!(c.text(), "Hello Ada,\n\nThanks.");
        c.insert(" Bye");
        assert_eq!(c.text(), "Hello Ada,\n\nThanks. Bye");
        assert!(c.dirty && c.touched);
    }
}
