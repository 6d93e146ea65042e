//! Ticket actions: each on a key and in the command palette. Simple ones
//! write at once; the others open a chooser, a one-line input, a
//! confirmation or the new-ticket form, and write when that is answered.
//! They act on the marked tickets when there are any, else on the open
//! (or selected) ticket.

use super::{App, Focus, Popup};
use crate::domain::{Channel, Priority, Status};
use crate::i18n::{self, Msg, fill, t};
use crate::service::change::{Assignee, Change, Outcome};
use crate::service::worker::Request;
use crate::store::agents::Agent;
use crate::store::changes::Actor;
use crate::store::changes::NewTicket;
use crate::store::outbox::{ReplyMail, Skipped};
use crate::tui::action::Action;
use crate::tui::form::{Field, Form, parse_talk_time, parse_ticket};
use crate::tui::popup::{Item, ListPopup};

/// What a one-line input is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    AddTag,
    RemoveTag,
    Call,
    Merge,
    Link,
    /// The queue's text search.
    Search,
    /// A tag to filter the queue by.
    FilterTag,
    /// The name to save the queue's view under.
    ViewName,
    /// Why a ticket is escalated.
    EscalateReason,
}

/// The new-ticket form's fields, in order.
pub const FORM_FIELDS: [Msg; 6] = [
    Msg::FormSubject,
    Msg::FormEmail,
    Msg::FormName,
    Msg::FormChannel,
    Msg::FormPriority,
    Msg::FormMessage,
];

impl App {
    /// Sends a change to the worker as the signed-in agent, or says why it
    /// cannot: a read-only console or no agent changes nothing. Returns
    /// whether it was sent.
    pub fn write(&mut self, change: Change) -> bool {
        if let Some(msg) = self.write_refusal() {
            self.session.error = Some(t(self.session.lang, msg).to_string());
            return false;
        }
        self.outbox.push(Request::Write {
            change,
            actor: Actor {
                agent_id: self.session.agent_id,
                now: self.session.now,
            },
        });
        true
    }

    /// Why this console cannot change anything, if it cannot.
    pub(super) fn write_refusal(&self) -> Option<Msg> {
        if self.session.read_only {
            Some(Msg::WriteReadOnly)
        } else if self.session.agent_id.is_none() {
            Some(Msg::WriteNeedsAgent)
        } else {
            None
        }
    }

    /// A change was made: say so and show its effect.
    pub(super) fn written(&mut self, change: &Change, outcome: &Outcome) {
        let lang = self.session.lang;
        if let Outcome::Held {
            ticket,
            version,
            happened,
        } = outcome
        {
            self.reply_held(*ticket, *version, happened.clone());
            self.refresh();
            return;
        }
        if let Outcome::Claimed { id } = outcome {
            self.claimed(*id);
            return;
        }
        if let Change::Reply(reply) = change {
            self.reply_sent(reply.ticket);
        }
        // A bulk action used the marks; they are spent.
        let bulk = matches!(
            change,
            Change::SetStatus { .. }
                | Change::SetPriority { .. }
                | Change::SetTier { .. }
                | Change::Assign { .. }
                | Change::SetTeam { .. }
                | Change::AddTag { .. }
                | Change::RemoveTag { .. }
        );
        if bulk {
            self.queue.marked.clear();
        }
        if let Change::SaveView { name, .. } = change
            && let Some(list) = self.queue.list.as_mut()
        {
            list.view = Some(name.clone());
        }
        let text = match (change, outcome) {
            (Change::SaveView { name, .. }, _) => {
                fill(t(lang, Msg::WrittenViewSaved), &[("name", name)])
            }
            (Change::RemoveView { name, .. }, _) => {
                fill(t(lang, Msg::WrittenViewRemoved), &[("name", name)])
            }
            (_, Outcome::Recorded | Outcome::Held { .. } | Outcome::Claimed { .. }) => return,
            (_, Outcome::Created { id }) => fill(t(lang, Msg::WrittenCreated), &[("id", id)]),
            (Change::Reply(r), _) if r.internal => t(lang, Msg::WrittenNote).to_string(),
            (Change::Reply(_), Outcome::Replied { mail: Some(mail) }) => t(
                lang,
                match mail {
                    ReplyMail::Queued { .. } => Msg::WrittenReplyQueued,
                    ReplyMail::NotEmailed(Skipped::NotSetUp) => Msg::WrittenReplyNotSetUp,
                    ReplyMail::NotEmailed(Skipped::NoAddress) => Msg::WrittenReplyNoAddress,
                },
            )
            .to_string(),
            (Change::Reply(_), _) => t(lang, Msg::WrittenReply).to_string(),
            (_, Outcome::MailRetried { count: 0 }) => t(lang, Msg::WrittenMailNothing).to_string(),
            (_, Outcome::MailRetried { count }) => {
                fill(t(lang, Msg::WrittenMailRetried), &[("count", count)])
            }
            (_, Outcome::Done { tickets }) if *tickets > 1 => {
                fill(t(lang, Msg::WrittenMany), &[("count", tickets)])
            }
            _ => t(lang, Msg::WrittenOne).to_string(),
        };
        self.session.error = None;
        self.session.notice = Some(text);
        self.stalled = false;
        self.refresh();
    }

    /// The tickets an action applies to: the marked ones, else the open or
    /// previewed ticket, else the selected row.
    pub fn targets(&self) -> Vec<i64> {
        if !self.queue.marked.is_empty() {
            return self.queue.marked.iter().copied().collect();
        }
        let open = match self.focus {
            Focus::Detail => self.ticket.shown,
            Focus::Queue => self.selected_row().map(|r| r.id),
        };
        open.into_iter().collect()
    }

    /// How popups name the targets: "#12" or "3 marked tickets".
    fn targets_text(&self, targets: &[i64]) -> String {
        match targets {
            [one] => fill(t(self.session.lang, Msg::TicketRef), &[("id", one)]),
            many => fill(
                t(self.session.lang, Msg::MarkedTickets),
                &[("count", &many.len())],
            ),
        }
    }

    /// Runs a ticket action or opens what it needs.
    pub(super) fn ticket_action(&mut self, action: Action) {
        if action == Action::NewTicket {
            if let Some(msg) = self.write_refusal() {
                self.session.error = Some(t(self.session.lang, msg).to_string());
                return;
            }
            let channel = i18n::channel(self.session.lang, Channel::Phone);
            let priority = i18n::priority(self.session.lang, Priority::Normal);
            self.overlay.popup = Some(Popup::Form(Form::new(&["", "", "", channel, priority, ""])));
            return;
        }
        let targets = self.targets();
        if targets.is_empty() {
            self.session.error = Some(t(self.session.lang, Msg::NoTicket).to_string());
            return;
        }
        if let Some(msg) = self.write_refusal() {
            self.session.error = Some(t(self.session.lang, msg).to_string());
            return;
        }
        let what = self.targets_text(&targets);
        let lang = self.session.lang;
        let title = |msg| fill(t(lang, msg), &[("what", &what)]);
        match action {
            Action::SetStatus => {
                let items = Status::ALL
                    .iter()
                    .map(|s| Item {
                        label: i18n::status(lang, *s).to_string(),
                        detail: s.as_str().to_string(),
                        value: Change::SetStatus {
                            tickets: targets.clone(),
                            status: *s,
                        },
                    })
                    .collect();
                self.choose(title(Msg::ChooseStatus), items);
            }
            Action::SetPriority => {
                let items = Priority::ALL
                    .iter()
                    .rev()
                    .map(|p| Item {
                        label: i18n::priority(lang, *p).to_string(),
                        detail: p.as_str().to_string(),
                        value: Change::SetPriority {
                            tickets: targets.clone(),
                            priority: *p,
                        },
                    })
                    .collect();
                self.choose(title(Msg::ChoosePriority), items);
            }
            Action::SetTier => {
                let items = (1..=3)
                    .map(|tier| Item {
                        label: fill(t(lang, Msg::TierName), &[("tier", &tier)]),
                        detail: tier.to_string(),
                        value: Change::SetTier {
                            tickets: targets.clone(),
                            tier,
                        },
                    })
                    .collect();
                self.choose(title(Msg::ChooseTier), items);
            }
            Action::AssignMe => {
                self.write(Change::Assign {
                    tickets: targets,
                    to: Assignee::Me,
                });
            }
            Action::Unassign => {
                self.write(Change::Assign {
                    tickets: targets,
                    to: Assignee::Nobody,
                });
            }
            Action::AssignTo => {
                let items = self
                    .choices
                    .agents
                    .as_deref()
                    .map(|agents| agent_items(lang, agents, &targets));
                self.overlay.popup = Some(Popup::ChooseAgent {
                    title: title(Msg::ChooseAgent),
                    targets,
                    list: ListPopup::new(items),
                });
                self.outbox.push(Request::Agents);
            }
            Action::AddTag => self.input(InputKind::AddTag, title(Msg::InputTag), targets),
            Action::RemoveTag => self.input(InputKind::RemoveTag, title(Msg::InputUntag), targets),
            Action::SetTeam => {
                self.overlay.popup = Some(Popup::ChooseTeam {
                    title: title(Msg::ChooseTeam),
                    targets,
                    list: ListPopup::new(None),
                });
                self.outbox.push(Request::Teams);
            }
            Action::LogCall => self.input(InputKind::Call, title(Msg::InputCall), targets),
            Action::MergeInto => self.input(InputKind::Merge, title(Msg::InputMerge), targets),
            Action::LinkTicket => self.input(InputKind::Link, title(Msg::InputLink), targets),
            _ => {}
        }
    }

    fn choose(&mut self, title: String, items: Vec<Item<Change>>) {
        self.overlay.popup = Some(Popup::Choose {
            title,
            list: ListPopup::new(Some(items)),
        });
    }

    fn input(&mut self, kind: InputKind, prompt: String, targets: Vec<i64>) {
        self.overlay.popup = Some(Popup::Input {
            kind,
            prompt,
            targets,
            field: Field::default(),
        });
    }

    /// The agents arrived: fill an open agent chooser.
    pub(super) fn agents_loaded(&mut self, agents: Vec<Agent>) {
        if let Some(Popup::ChooseAgent { targets, list, .. }) = self.overlay.popup.as_mut() {
            list.items = Some(agent_items(self.session.lang, &agents, targets));
        }
        self.filter_agents_loaded(&agents);
        self.choices.agents = Some(agents);
    }

    /// The teams arrived: fill an open team chooser.
    pub(super) fn teams_loaded(&mut self, teams: Vec<crate::store::teams::Team>) {
        let lang = self.session.lang;
        if let Some(Popup::ChooseTeam { targets, list, .. }) = self.overlay.popup.as_mut() {
            let mut items: Vec<Item<Change>> = teams
                .iter()
                .map(|team| Item {
                    label: team.name.clone(),
                    detail: String::new(),
                    value: Change::SetTeam {
                        tickets: targets.clone(),
                        team: Some(team.name.clone()),
                    },
                })
                .collect();
            items.push(Item {
                label: t(lang, Msg::NoTeam).to_string(),
                detail: String::new(),
                value: Change::SetTeam {
                    tickets: targets.clone(),
                    team: None,
                },
            });
            list.items = Some(items);
        }
        self.filter_teams_loaded(&teams);
        self.choices.teams = Some(teams);
    }

    /// A one-line input was answered. `Err` keeps it open with the reason.
    pub(super) fn input_submitted(
        &mut self,
        kind: InputKind,
        targets: Vec<i64>,
        text: &str,
    ) -> Result<(), String> {
        let lang = self.session.lang;
        let text = text.trim();
        let first = targets.first().copied().unwrap_or_default();
        let bad_ticket = || fill(t(lang, Msg::BadTicketNumber), &[("text", &text)]);
        let change = match kind {
            InputKind::FilterTag => {
                self.overlay.popup = None;
                self.filter_tag(text);
                return Ok(());
            }
            InputKind::Search => {
                self.overlay.popup = None;
                self.search(Some(text.to_string()));
                return Ok(());
            }
            InputKind::ViewName => {
                if text.is_empty() {
                    return Err(t(lang, Msg::ViewNameEmpty).to_string());
                }
                let list = self.queue.list.clone().unwrap_or_default();
                let mut filter = list.filter;
                filter.status = self.queue.filter;
                Change::SaveView {
                    name: text.to_string(),
                    filter,
                    sort: list.sort,
                }
            }
            InputKind::AddTag => Change::AddTag {
                tickets: targets,
                tag: text.to_string(),
            },
            InputKind::RemoveTag => Change::RemoveTag {
                tickets: targets,
                tag: text.to_string(),
            },
            InputKind::Call => {
                let (time, note) = text.split_once(' ').unwrap_or((text, ""));
                let talk_s = parse_talk_time(time)
                    .ok_or_else(|| fill(t(lang, Msg::BadTalkTime), &[("text", &time)]))?;
                Change::LogCall {
                    ticket: first,
                    talk_s,
                    note: note.trim().to_string(),
                }
            }
            InputKind::EscalateReason => self.escalation_with_reason(text)?,
            InputKind::Link => Change::Link {
                ticket: first,
                other: parse_ticket(text).ok_or_else(bad_ticket)?,
            },
            InputKind::Merge => {
                let target = parse_ticket(text).ok_or_else(bad_ticket)?;
                let question = fill(
                    t(lang, Msg::ConfirmMerge),
                    &[("source", &first), ("target", &target)],
                );
                self.overlay.popup = Some(Popup::Confirm {
                    question,
                    change: Change::Merge {
                        source: first,
                        target,
                    },
                });
                return Ok(());
            }
        };
        self.overlay.popup = None;
        self.write(change);
        Ok(())
    }

    /// The new-ticket form was submitted. `Err` keeps it open with the reason.
    pub(super) fn form_submitted(&mut self, form: &Form) -> Result<(), String> {
        let lang = self.session.lang;
        let bad = |field: Msg, error: String| {
            fill(
                t(lang, Msg::FormBad),
                &[("field", &t(lang, field)), ("error", &error)],
            )
        };
        // The stored word (phone) or the word on screen (telefoon).
        let channel = word(form.value(3), Channel::ALL, |c| i18n::channel(lang, c))
            .map_err(|e| bad(Msg::FormChannel, e))?;
        let priority = word(form.value(4), Priority::ALL, |p| i18n::priority(lang, p))
            .map_err(|e| bad(Msg::FormPriority, e))?;
        let name = form.value(2);
        let body = form.value(5);
        let new = NewTicket {
            subject: form.value(0).to_string(),
            customer_email: form.value(1).to_string(),
            customer_name: (!name.is_empty()).then(|| name.to_string()),
            channel,
            priority,
            body: (!body.is_empty()).then(|| body.to_string()),
            language: None,
            tags: vec![],
        };
        self.overlay.popup = None;
        self.write(Change::NewTicket(new));
        Ok(())
    }
}

/// One of `all` by its stored spelling or its name in the interface
/// language; the error lists the names on screen.
fn word<T: Copy + std::str::FromStr>(
    text: &str,
    all: &[T],
    shown: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    if let Ok(value) = text.parse::<T>() {
        return Ok(value);
    }
    let wanted = text.trim().to_lowercase();
    all.iter()
        .copied()
        .find(|v| shown(*v).to_lowercase() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| shown(*v)).collect();
            format!("'{text}' → {}", names.join(", "))
        })
}

fn agent_items(lang: crate::i18n::Lang, agents: &[Agent], targets: &[i64]) -> Vec<Item<Change>> {
    let mut items: Vec<Item<Change>> = agents
        .iter()
        .map(|a| Item {
            label: a.display_name.clone(),
            detail: format!("{} · {}", a.name, i18n::agent_status(lang, a.status)),
            value: Change::Assign {
                tickets: targets.to_vec(),
                to: Assignee::Agent(a.name.clone()),
            },
        })
        .collect();
    items.push(Item {
        label: t(lang, Msg::Nobody).to_string(),
        detail: String::new(),
        value: Change::Assign {
            tickets: targets.to_vec(),
            to: Assignee::Nobody,
        },
    });
    items
}
