//! Mail out in the console: one key puts the open ticket's (or the marked
//! tickets') failed and in-doubt reply e-mails back in the queue; the
//! status bar then says how many ([`super::actions`]).

use super::App;
use crate::i18n::{Msg, t};
use crate::service::change::Change;
use crate::store::outbox::Skipped;

impl App {
    /// Retries the failed or in-doubt mail of the targeted tickets.
    pub(super) fn retry_mail(&mut self) {
        let tickets = self.targets();
        if tickets.is_empty() {
            self.session.error = Some(t(self.session.lang, Msg::NoTicket).to_string());
            return;
        }
        // The loaded ticket says whether the desk sends mail at all; a retry
        // then would promise a delivery nothing makes (the store refuses it
        // too, for a stale view).
        if self
            .ticket
            .detail
            .as_ref()
            .is_some_and(|d| d.reply_not_emailed == Some(Skipped::NotSetUp))
        {
            self.session.error = Some(t(self.session.lang, Msg::RetryNotSetUp).to_string());
            return;
        }
        self.write(Change::RetryMail { tickets });
    }
}
