//! Escalating from the console: one key opens a chooser (next tier, a team,
//! an expert), then asks the reason; the change goes to the worker like any
//! other. A running console also escalates tickets about to breach their
//! SLA, once a minute, through the worker.

use super::{App, Popup};
use crate::i18n::{Msg, fill, t};
use crate::service::change::Change;
use crate::service::worker::Request;
use crate::store::agents::Agent;
use crate::store::escalation::Target;
use crate::tui::popup::{Item, ListPopup};

/// Seconds between automatic-escalation checks of a running console.
pub const AUTO_ESCALATE_SECS: i64 = 60;

/// The ticket an escalation chooser is for, and the lists it is built from
/// as they arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Choosing {
    ticket: i64,
    teams: Option<Vec<String>>,
    agents: Option<Vec<Agent>>,
}

/// An escalation being chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EscalationState {
    /// The chooser being built, while it is open.
    choosing: Option<Choosing>,
    /// The ticket and target waiting for their reason.
    pending: Option<(i64, Target)>,
    /// When this console last looked for tickets about to breach.
    last_check: Option<i64>,
}

impl App {
    /// Opens the escalation chooser for the open (or selected) ticket.
    pub(super) fn open_escalate(&mut self) {
        if let Some(msg) = self.write_refusal() {
            self.session.error = Some(t(self.session.lang, msg).to_string());
            return;
        }
        let Some(ticket) = self.targets().first().copied() else {
            return;
        };
        self.escalation.choosing = Some(Choosing {
            ticket,
            teams: None,
            agents: None,
        });
        self.overlay.popup = Some(Popup::Choose {
            title: fill(t(self.session.lang, Msg::EscalateTitle), &[("id", &ticket)]),
            list: ListPopup::new(None),
        });
        self.outbox.push(Request::Teams);
        self.outbox.push(Request::Agents);
    }

    /// Teams arrived: part of the escalation chooser, when one is open.
    pub(super) fn escalation_teams(&mut self, teams: &[crate::store::teams::Team]) {
        if let Some(choosing) = self.escalation.choosing.as_mut() {
            choosing.teams = Some(teams.iter().map(|t| t.name.clone()).collect());
        }
        self.fill_escalation();
    }

    /// Agents arrived: part of the escalation chooser, when one is open.
    pub(super) fn escalation_agents(&mut self, agents: &[Agent]) {
        if let Some(choosing) = self.escalation.choosing.as_mut() {
            choosing.agents = Some(agents.to_vec());
        }
        self.fill_escalation();
    }

    fn fill_escalation(&mut self) {
        let lang = self.session.lang;
        let Some(Choosing {
            ticket,
            teams: Some(teams),
            agents: Some(agents),
        }) = self.escalation.choosing.clone()
        else {
            return;
        };
        let Some(Popup::Choose { list, .. }) = self.overlay.popup.as_mut() else {
            self.escalation.choosing = None;
            return;
        };
        let detail = self.ticket.detail.as_ref().filter(|d| d.id == ticket);
        let tier = detail.map(|d| d.tier);
        let current_team = detail.and_then(|d| d.team.clone());
        let item = |label: String, detail: String, target: Target| Item {
            label,
            detail,
            value: Change::Escalate {
                ticket,
                target,
                reason: String::new(),
            },
        };
        let mut items = Vec::new();
        if tier.is_none_or(|t| t < 3) {
            let next = tier.map_or_else(String::new, |t| (t + 1).to_string());
            items.push(item(
                t(lang, Msg::EscalateNextTier).to_string(),
                next,
                Target::NextTier,
            ));
        }
        for team in teams
            .into_iter()
            .filter(|t| Some(t) != current_team.as_ref())
        {
            items.push(item(
                fill(t(lang, Msg::EscalateToTeam), &[("team", &team)]),
                String::new(),
                Target::Team(team),
            ));
        }
        let mut experts: Vec<Agent> = agents
            .into_iter()
            .filter(|a| Some(a.id) != self.session.agent_id)
            .collect();
        experts.sort_by(|a, b| b.tier.cmp(&a.tier).then(a.name.cmp(&b.name)));
        for a in experts {
            items.push(item(
                fill(
                    t(lang, Msg::EscalateToExpert),
                    &[("agent", &a.display_name)],
                ),
                fill(t(lang, Msg::TierName), &[("tier", &a.tier)]),
                Target::Expert(a.name),
            ));
        }
        list.items = Some(items);
        self.escalation.choosing = None;
    }

    /// A change chosen from a list: an escalation first asks its reason
    /// (returns `None`); anything else goes on as it is.
    pub(super) fn needs_reason(&mut self, change: Change) -> Option<Change> {
        match change {
            Change::Escalate {
                ticket,
                target,
                reason,
            } if reason.is_empty() => {
                self.escalation.pending = Some((ticket, target));
                self.overlay.popup = Some(Popup::Input {
                    kind: super::InputKind::EscalateReason,
                    prompt: fill(
                        t(self.session.lang, Msg::EscalateReason),
                        &[("id", &ticket)],
                    ),
                    targets: vec![ticket],
                    field: crate::tui::form::Field::default(),
                });
                None
            }
            other => Some(other),
        }
    }

    /// The reason was typed: the escalation to send.
    pub(super) fn escalation_with_reason(&mut self, reason: &str) -> Result<Change, String> {
        if reason.trim().is_empty() {
            return Err(t(self.session.lang, Msg::EscalateNeedsReason).to_string());
        }
        let (ticket, target) = self
            .escalation
            .pending
            .take()
            .ok_or_else(|| t(self.session.lang, Msg::EscalateNeedsReason).to_string())?;
        Ok(Change::Escalate {
            ticket,
            target,
            reason: reason.trim().to_string(),
        })
    }

    /// Once a minute: ask the worker to escalate tickets about to breach.
    pub(super) fn escalation_tick(&mut self) {
        if self.session.read_only {
            return;
        }
        let due = self
            .escalation
            .last_check
            .is_none_or(|at| self.session.now - at >= AUTO_ESCALATE_SECS);
        if due {
            self.escalation.last_check = Some(self.session.now);
            self.outbox.push(Request::AutoEscalate {
                now: self.session.now,
            });
        }
    }

    /// The worker escalated tickets about to breach: say so.
    pub(super) fn auto_escalated(&mut self, tickets: &[i64]) {
        if tickets.is_empty() {
            return;
        }
        let ids: Vec<String> = tickets.iter().map(|i| format!("#{i}")).collect();
        self.session.notice = Some(fill(
            t(self.session.lang, Msg::EscalateAutoNotice),
            &[("tickets", &ids.join(" "))],
        ));
    }
}
