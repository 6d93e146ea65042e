//! Work sessions for AHT (KPIS.md): the app's [`WorkTimer`] is told when a
//! ticket is opened for work, left, answered, and when keys come in; every
//! session it finishes goes to the worker to be stored for the agent.

use super::App;
use crate::service::change::Change;
use crate::service::worker::Request;
use crate::store::changes::Actor;
use crate::worktime::Finished;

impl App {
    /// The agent opened `ticket` for work.
    pub(super) fn work_open(&mut self, ticket: i64) {
        let done = self.session.work.open(ticket, self.session.now);
        self.record(done);
    }

    /// The agent left the ticket (back to the queue, or quit).
    pub(super) fn work_leave(&mut self) {
        let done = self.session.work.leave(self.session.now);
        self.record(done);
    }

    /// The agent sent a reply.
    pub(super) fn work_sent(&mut self) {
        let done = self.session.work.send(self.session.now);
        self.record(done);
    }

    /// A key: the agent is still at work.
    pub(super) fn work_input(&mut self) {
        let done = self.session.work.input(self.session.now);
        self.record(done);
    }

    /// The clock: five idle minutes end a session.
    pub(super) fn work_tick(&mut self) {
        let done = self.session.work.tick(self.session.now);
        self.record(done);
    }

    /// Stores a finished session quietly; a console that cannot write
    /// (read-only, no agent) measures nothing.
    fn record(&mut self, done: Option<Finished>) {
        // A zero-second session is the key that left right after a send,
        // not work: it would only add a ticket to AHT's denominator.
        let Some(session) = done.filter(|s| s.active_s > 0) else {
            return;
        };
        if self.session.read_only || self.session.agent_id.is_none() {
            return;
        }
        self.outbox.push(Request::Write {
            change: Change::WorkSession(session),
            actor: Actor {
                agent_id: self.session.agent_id,
                now: self.session.now,
            },
        });
    }
}
