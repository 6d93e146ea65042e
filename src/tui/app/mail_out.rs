//! Mail out in the console: one key puts the open ticket's (or the marked
//! tickets') failed and in-doubt reply e-mails back in the queue; the
//! status bar then says how many ([`super::actions`]).

use super::App;
use crate::i18n::{Msg, t};
use crate::tui::change::Change;

impl App {
    /// Retries the failed or in-doubt mail of the targeted tickets.
    pub(super) fn retry_mail(&mut self) {
        let tickets = self.targets();
        if tickets.is_empty() {
            self.error = Some(t(self.lang, Msg::NoTicket).to_string());
            return;
        }
        self.write(Change::RetryMail { tickets });
    }
}
