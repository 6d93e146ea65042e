//! The plain records the KPIs are computed from. The store fills them
//! (`store::facts`); tests build them by hand. Nothing here touches SQL.

use crate::domain::{Author, Channel, MessageKind, Priority, Status};
use crate::sla::Target;

/// One ticket with everything the KPIs read about it.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketFacts {
    pub id: i64,
    pub created_at: i64,
    /// The status now.
    pub status: Status,
    pub priority: Priority,
    pub channel: Channel,
    /// The team's name now.
    pub team: Option<String>,
    /// The assignee's login name now.
    pub assignee: Option<String>,
    pub tags: Vec<String>,
    /// The targets of the ticket's SLA policy; `None` without a policy.
    pub targets: Option<SlaTargets>,
    /// The due times stored on the ticket when its targets were set (the
    /// resolution due moved out by time spent pending). When present they
    /// are used as they are, so changing a policy later does not rewrite
    /// history; without them (hand-built records) they are derived from
    /// `targets`.
    pub first_response_due_at: Option<i64>,
    pub resolution_due_at: Option<i64>,
    /// The stored last solve, used only when the history has no `solved`
    /// event (tickets imported without their history).
    pub solved_at: Option<i64>,
    /// The whole thread, in time order.
    pub messages: Vec<MessageFact>,
    /// The whole history, in time order.
    pub events: Vec<EventFact>,
}

/// The first-response and resolution targets of a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaTargets {
    pub first_response: Target,
    pub resolution: Target,
}

/// One entry of a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFact {
    pub author: Author,
    pub kind: MessageKind,
    /// The agent's login name for agent messages.
    pub agent: Option<String>,
    /// For a call: its start.
    pub at: i64,
    /// Talk time of a call.
    pub duration_s: Option<i64>,
}

impl MessageFact {
    /// An agent contact: a public reply or a logged call. Internal notes never count.
    pub fn is_agent_contact(&self) -> bool {
        self.author == Author::Agent && matches!(self.kind, MessageKind::Public | MessageKind::Call)
    }

    pub fn is_call(&self) -> bool {
        self.kind == MessageKind::Call
    }

    pub fn is_customer_message(&self) -> bool {
        self.author == Author::Customer
    }
}

/// One entry of a ticket's history, values as stored (status words, agent
/// login names, team names, tiers as numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFact {
    pub kind: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The agent who made the change (login name); `None` for the system.
    pub agent: Option<String>,
    pub at: i64,
}

impl EventFact {
    /// Events that set the status carry it in `to`.
    pub fn new_status(&self) -> Option<Status> {
        match self.kind.as_str() {
            "status_changed" | "solved" | "reopened" => self.to.as_deref()?.parse().ok(),
            _ => None,
        }
    }
}

/// A finished work session of an agent on a ticket (for AHT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkSessionFact {
    pub ticket_id: i64,
    pub agent: String,
    pub ended_at: i64,
    pub active_s: i64,
}

/// Which survey an answer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyKind {
    /// 1 to 5.
    Csat,
    /// 0 to 10.
    Nps,
}

/// One survey answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyFact {
    pub ticket_id: Option<i64>,
    pub kind: SurveyKind,
    pub score: i64,
    pub at: i64,
}

/// One customer record (for churn, retention and CLTV).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerFact {
    pub since: i64,
    pub churned_at: Option<i64>,
    pub revenue_cents: i64,
}

/// Everything a report over one window reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// Tickets created before the window's end that matter to it (see
    /// `store::facts::load`), in id order.
    pub tickets: Vec<TicketFacts>,
    /// Work sessions that ended in the window.
    pub work_sessions: Vec<WorkSessionFact>,
    /// Survey answers received in the window.
    pub surveys: Vec<SurveyFact>,
    /// Instants of knowledge-base views recorded as self-service, in the window.
    pub self_service_views: Vec<i64>,
}
