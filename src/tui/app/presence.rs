//! Collision detection, the app's side: this console tells the worker which
//! ticket the agent has open and whether a reply is being written, stamps a
//! heartbeat, and keeps who else is on the tickets on screen. Starting a
//! reply where someone else is replying needs the key a second time.

use std::collections::HashMap;

use super::{App, Focus};
use crate::domain::AgentStatus;
use crate::i18n::{Msg, fill, t};
use crate::service::worker::Request;
use crate::store::presence::{HEARTBEAT_SECS, Presence};
use crate::tui::action::Action;

/// Seconds within which the second press of reply confirms a collision warning.
const CONFIRM_SECS: i64 = 10;

/// Presence as the console sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceState {
    /// Other agents on the tickets on screen, by ticket.
    pub watchers: HashMap<i64, Vec<Presence>>,
    /// The agent's own status (away or available).
    pub status: AgentStatus,
    /// The presence last sent: which ticket, replying or not.
    sent: Option<(Option<i64>, bool)>,
    /// When the last heartbeat was sent.
    last_beat: Option<i64>,
    /// A collision warning shown for this ticket at this time.
    warned: Option<(i64, i64)>,
}

impl Default for PresenceState {
    fn default() -> Self {
        PresenceState {
            watchers: HashMap::new(),
            status: AgentStatus::Available,
            sent: None,
            last_beat: None,
            warned: None,
        }
    }
}

impl App {
    fn can_sign(&self) -> Option<i64> {
        self.session.agent_id.filter(|_| !self.session.read_only)
    }

    /// Other agents on `ticket`, replying first.
    pub fn others_on(&self, ticket: i64) -> &[Presence] {
        self.presence
            .watchers
            .get(&ticket)
            .map_or(&[], |v| v.as_slice())
    }

    /// Sends the agent's presence when what it has open changed.
    pub(super) fn presence_sync(&mut self) {
        let Some(agent) = self.can_sign() else {
            return;
        };
        let replying = self
            .compose
            .composer
            .as_ref()
            .is_some_and(|c| Some(c.ticket) == self.ticket.shown);
        let open = if self.focus == Focus::Detail || replying {
            self.ticket.shown
        } else {
            None
        };
        let want = (open, replying);
        if self.presence.sent != Some(want) {
            self.presence.sent = Some(want);
            self.outbox.push(Request::Presence {
                agent,
                ticket: open,
                replying,
                now: self.session.now,
            });
        }
    }

    /// Every few seconds: the heartbeat, and a fresh look at who is where
    /// (stale presence of a closed console disappears this way).
    pub(super) fn presence_tick(&mut self) {
        let due = self
            .presence
            .last_beat
            .is_none_or(|at| self.session.now - at >= HEARTBEAT_SECS);
        if !due {
            return;
        }
        let first = self.presence.last_beat.is_none();
        self.presence.last_beat = Some(self.session.now);
        if let Some(agent) = self.can_sign() {
            self.outbox.push(Request::Heartbeat {
                agent,
                status: first.then_some(self.presence.status),
                now: self.session.now,
            });
        }
        self.request_watchers();
    }

    /// Asks who else is on the loaded queue rows and the shown ticket.
    pub(super) fn request_watchers(&mut self) {
        if self.screen == super::Screen::Dashboard {
            return; // no ticket on screen
        }
        let mut tickets: Vec<i64> = self
            .queue
            .page
            .as_ref()
            .map(|p| p.rows.iter().map(|r| r.id).collect())
            .unwrap_or_default();
        if let Some(id) = self.ticket.shown
            && !tickets.contains(&id)
        {
            tickets.push(id);
        }
        if tickets.is_empty() {
            return;
        }
        self.outbox.push(Request::Watchers {
            tickets,
            me: self.session.agent_id,
            now: self.session.now,
        });
    }

    /// Quitting: offline, off every ticket.
    pub(super) fn sign_off(&mut self) {
        if let Some(agent) = self.can_sign() {
            self.outbox.push(Request::SignOff { agent });
        }
    }

    /// Away ↔ available.
    pub(super) fn toggle_away(&mut self) {
        let Some(agent) = self.can_sign() else {
            if let Some(msg) = self.write_refusal() {
                self.session.error = Some(t(self.session.lang, msg).to_string());
            }
            return;
        };
        self.presence.status = match self.presence.status {
            AgentStatus::Available => AgentStatus::Away,
            _ => AgentStatus::Available,
        };
        self.presence.last_beat = Some(self.session.now);
        self.outbox.push(Request::Heartbeat {
            agent,
            status: Some(self.presence.status),
            now: self.session.now,
        });
        self.session.notice = Some(fill(
            t(self.session.lang, Msg::PresenceStatusNow),
            &[(
                "status",
                &crate::i18n::agent_status(self.session.lang, self.presence.status),
            )],
        ));
    }

    /// Before a reply starts: when another agent is replying on `ticket`,
    /// warns and returns false; the same key again within a few seconds goes on.
    pub(super) fn collision_checked(&mut self, ticket: i64, internal: bool) -> bool {
        let replying: Vec<String> = self
            .others_on(ticket)
            .iter()
            .filter(|p| p.replying)
            .map(|p| p.display_name.clone())
            .collect();
        if replying.is_empty() {
            return true;
        }
        if let Some((warned, at)) = self.presence.warned
            && warned == ticket
            && self.session.now - at <= CONFIRM_SECS
        {
            self.presence.warned = None;
            return true;
        }
        self.presence.warned = Some((ticket, self.session.now));
        self.session.notice = Some(fill(
            t(self.session.lang, Msg::PresenceWarnReply),
            &[
                ("agents", &replying.join(", ")),
                (
                    "key",
                    &self.session.keymap.first(if internal {
                        Action::Note
                    } else {
                        Action::Reply
                    }),
                ),
            ],
        ));
        false
    }

    /// The agent's presence was stored; a collision nobody was warned about
    /// (the other agent started a moment ago) is said now.
    pub(super) fn entered(&mut self, ticket: Option<i64>, replying: Vec<Presence>) {
        if replying.is_empty() || ticket.is_none() {
            return;
        }
        let names: Vec<String> = replying.into_iter().map(|p| p.display_name).collect();
        self.session.notice = Some(fill(
            t(self.session.lang, Msg::PresenceAlsoReplying),
            &[("agents", &names.join(", "))],
        ));
    }
}

impl App {
    /// "Next ticket": asks the worker to claim the most urgent ticket.
    pub(super) fn claim_next(&mut self) {
        self.write(crate::service::change::Change::ClaimNext);
    }

    /// A ticket was claimed (or the queue was empty): open it for work.
    pub(super) fn claimed(&mut self, id: Option<i64>) {
        let Some(id) = id else {
            self.session.notice = Some(t(self.session.lang, Msg::NextQueueEmpty).to_string());
            return;
        };
        self.session.error = None;
        self.session.notice = Some(fill(t(self.session.lang, Msg::NextClaimed), &[("id", &id)]));
        // Select it in the queue when the queue shows it, and open it.
        self.queue.following = Some(id);
        let query = self.window_query();
        self.queue.requested = Some(query);
        let request = self.queue_request(query, Some(id));
        self.outbox.push(request);
        if self.ticket.shown != Some(id) {
            self.ticket.shown = Some(id);
            self.ticket.scroll = 0;
        }
        self.ticket.requested = Some(id);
        self.outbox.push(Request::Ticket { id });
        self.focus = Focus::Detail;
        self.work_open(id);
    }
}
