//! One user intent that changes the desk, as the worker receives it. Each
//! [`Change`] runs in one transaction with the console's agent as the actor,
//! so a reply and the status it sets, or a bulk action over many tickets,
//! land together or not at all. The store writes the events.

use rusqlite::Connection;

use crate::clock::Clock;
use crate::domain::{Author, MessageKind, Priority, Status};
use crate::store::changes::{self, Actor, NewMessage, NewTicket};
use crate::store::rights::{self, Right};
use crate::store::{self, StoreError, audit};
use crate::worktime::Finished;

/// Whom to assign tickets to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignee {
    /// The console's agent.
    Me,
    /// An agent by login name.
    Agent(String),
    Nobody,
}

/// A reply or internal note, with what sending it also sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub ticket: i64,
    pub body: String,
    pub internal: bool,
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub tags: Vec<String>,
    /// The ticket version the reply was written against: when others changed
    /// the ticket since, the send is held ([`Outcome::Held`]). `None` sends
    /// whatever happened.
    pub base: Option<crate::store::drafts::Base>,
    /// Files attached in the composer (or by a canned response), stored on
    /// the reply's thread entry in the same transaction.
    pub files: Vec<crate::store::attachments::ReplyFile>,
}

/// A change to the desk, one user intent. Actions that can apply to marked
/// tickets take a list of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Reply(Reply),
    SetStatus {
        tickets: Vec<i64>,
        status: Status,
    },
    SetPriority {
        tickets: Vec<i64>,
        priority: Priority,
    },
    SetTier {
        tickets: Vec<i64>,
        tier: i64,
    },
    Assign {
        tickets: Vec<i64>,
        to: Assignee,
    },
    /// A team by name, or none.
    SetTeam {
        tickets: Vec<i64>,
        team: Option<String>,
    },
    AddTag {
        tickets: Vec<i64>,
        tag: String,
    },
    RemoveTag {
        tickets: Vec<i64>,
        tag: String,
    },
    /// A phone call that ended now and lasted `talk_s`.
    LogCall {
        ticket: i64,
        talk_s: i64,
        note: String,
    },
    NewTicket(NewTicket),
    Merge {
        source: i64,
        target: i64,
    },
    Link {
        ticket: i64,
        other: i64,
    },
    /// A finished work session, for AHT.
    WorkSession(Finished),
    /// Save what the queue shows as one of the agent's own views (a view of
    /// the same name is replaced).
    SaveView {
        name: String,
        filter: crate::store::filter::TicketFilter,
        sort: crate::store::filter::Sort,
    },
    /// Remove a saved view that is not one of the desk's defaults.
    RemoveView {
        id: i64,
        name: String,
    },
    /// Assign the agent the most urgent ticket it may take.
    ClaimNext,
    /// Put the failed or in-doubt mail of these tickets back in the queue.
    RetryMail {
        tickets: Vec<i64>,
    },
    /// Escalate a ticket to the next tier, a team or an expert, with a reason.
    Escalate {
        ticket: i64,
        target: crate::store::escalation::Target,
        reason: String,
    },
}

/// What a change did, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done; how many tickets it touched.
    Done { tickets: usize },
    /// A ticket was created.
    Created { id: i64 },
    /// Stored quietly (a work session).
    Recorded,
    /// A reply or note was saved; for a public reply, whether its e-mail
    /// was queued or why not.
    Replied {
        mail: Option<crate::store::outbox::ReplyMail>,
    },
    /// Failed or in-doubt mail put back in the queue: how many.
    MailRetried { count: usize },
    /// A reply was not sent: the ticket changed since its draft was started.
    /// "Next ticket": the ticket claimed, or `None` when the queue is empty.
    Claimed { id: Option<i64> },
    Held {
        ticket: i64,
        version: i64,
        happened: Vec<crate::store::drafts::Happened>,
    },
}

/// Runs `change` in one IMMEDIATE transaction as `actor`. A change needs an
/// agent: the console without one never sends it, and this refuses it too.
/// `clock` is "now" for the rollups the transaction settles.
pub fn execute(
    conn: &Connection,
    clock: &dyn Clock,
    change: &Change,
    actor: Actor,
) -> store::Result<Outcome> {
    let Some(me) = actor.agent_id else {
        return Err(StoreError::Constraint(
            "no agent is signed in; start loket with --agent NAME to make changes".into(),
        ));
    };
    store::write_shared(conn, clock, |tx| apply(tx, change, actor, me))
}

fn apply(conn: &Connection, change: &Change, actor: Actor, me: i64) -> store::Result<Outcome> {
    match change {
        Change::Reply(reply) => {
            if let Some(base) = reply.base
                && let Some((version, happened)) =
                    crate::store::drafts::held(conn, reply.ticket, base, me)?
            {
                return Ok(Outcome::Held {
                    ticket: reply.ticket,
                    version,
                    happened,
                });
            }
            let message = NewMessage {
                author: Author::Agent,
                kind: if reply.internal {
                    MessageKind::Internal
                } else {
                    MessageKind::Public
                },
                body: reply.body.clone(),
                duration_s: None,
            };
            let message_id = changes::add_message(conn, reply.ticket, &message, actor)?;
            store::attachments::attach_reply_files(conn, message_id, &reply.files, actor.now)?;
            let mail = crate::store::outbox::reply_mail_of(conn, message_id)?;
            if let Some(priority) = reply.priority {
                changes::set_priority(conn, reply.ticket, priority, actor)?;
            }
            for tag in &reply.tags {
                changes::add_tag(conn, reply.ticket, tag, actor)?;
            }
            if let Some(status) = reply.status {
                changes::set_status(conn, reply.ticket, status, actor)?;
            }
            crate::store::drafts::delete(conn, me, reply.ticket)?;
            Ok(Outcome::Replied { mail })
        }
        Change::SetStatus { tickets, status } => {
            each(tickets, |t| changes::set_status(conn, t, *status, actor))
        }
        Change::SetPriority { tickets, priority } => each(tickets, |t| {
            changes::set_priority(conn, t, *priority, actor)
        }),
        Change::SetTier { tickets, tier } => {
            each(tickets, |t| changes::set_tier(conn, t, *tier, actor))
        }
        Change::Assign { tickets, to } => {
            let agent = match to {
                Assignee::Me => Some(me),
                Assignee::Agent(name) => Some(changes::agent_id(conn, name)?),
                Assignee::Nobody => None,
            };
            each(tickets, |t| changes::assign(conn, t, agent, actor))
        }
        Change::SetTeam { tickets, team } => {
            let team = match team {
                Some(name) => Some(changes::team_id(conn, name)?),
                None => None,
            };
            each(tickets, |t| changes::set_team(conn, t, team, actor))
        }
        Change::AddTag { tickets, tag } => each(tickets, |t| changes::add_tag(conn, t, tag, actor)),
        Change::RemoveTag { tickets, tag } => {
            each(tickets, |t| changes::remove_tag(conn, t, tag, actor))
        }
        Change::LogCall {
            ticket,
            talk_s,
            note,
        } => {
            let started = actor.now - (*talk_s).max(0);
            changes::log_call(conn, *ticket, started, *talk_s, note, actor)?;
            Ok(Outcome::Done { tickets: 1 })
        }
        Change::NewTicket(new) => Ok(Outcome::Created {
            id: changes::create_ticket(conn, new, actor)?,
        }),
        Change::Merge { source, target } => {
            changes::merge(conn, *source, *target, actor)?;
            Ok(Outcome::Done { tickets: 2 })
        }
        Change::Link { ticket, other } => {
            changes::link(conn, *ticket, *other, actor)?;
            Ok(Outcome::Done { tickets: 2 })
        }
        Change::Escalate {
            ticket,
            target,
            reason,
        } => {
            crate::store::escalation::escalate(conn, *ticket, target, reason, actor)?;
            Ok(Outcome::Done { tickets: 1 })
        }
        Change::RetryMail { tickets } => {
            let mut count = 0;
            for ticket in tickets {
                count += crate::store::outbox::retry_ticket(conn, *ticket, actor)?;
            }
            Ok(Outcome::MailRetried { count })
        }
        Change::ClaimNext => Ok(Outcome::Claimed {
            id: crate::store::claim::claim_in(conn, me, actor.now)?,
        }),
        Change::WorkSession(session) => {
            changes::record_work_session(conn, me, session)?;
            Ok(Outcome::Recorded)
        }
        Change::SaveView { name, filter, sort } => {
            // One's own view: working the queue; audited like every view.
            rights::require(conn, Some(me), Right::WorkTickets, None)?;
            let spec = store::views::spec_of(conn, filter, *sort, Some(me))?;
            let own = format!("name = ?1 AND agent_id = {me}");
            audit::change(
                conn,
                actor,
                audit::Kind::View,
                name,
                |c| audit::rows_json(c, "saved_views", &own, name),
                || store::views::save(conn, name, Some(me), &spec),
            )?;
            Ok(Outcome::Done { tickets: 0 })
        }
        Change::RemoveView { id, name } => {
            // A shared view is the desk's: managing it is a supervisor's right.
            let shared: bool = conn
                .query_row(
                    "SELECT agent_id IS NULL FROM saved_views WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .unwrap_or(false);
            let right = if shared {
                Right::ManageViews
            } else {
                Right::WorkTickets
            };
            rights::require(conn, Some(me), right, None)?;
            audit::change(
                conn,
                actor,
                audit::Kind::View,
                name,
                |c| audit::rows_json(c, "saved_views", "id = ?1", id),
                || store::views::remove(conn, *id, Some(me)),
            )?;
            Ok(Outcome::Done { tickets: 0 })
        }
    }
}

/// Applies `f` to every ticket; stops at the first error (the transaction
/// then rolls back, so a bulk action is all or nothing).
fn each(tickets: &[i64], mut f: impl FnMut(i64) -> store::Result<bool>) -> store::Result<Outcome> {
    for ticket in tickets {
        f(*ticket)?;
    }
    Ok(Outcome::Done {
        tickets: tickets.len(),
    })
}
