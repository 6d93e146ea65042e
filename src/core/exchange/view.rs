//! A ticket as the command line prints it with `--json` (`ticket show`,
//! `ticket list`, and the commands that change a ticket).

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::export;
use super::model::{Event, Message};
use crate::domain::{Channel, Priority, Status};
use crate::store::{Result, StoreError};

/// The customer of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerRef {
    pub name: String,
    pub email: Option<String>,
}

/// One ticket. `messages` and `events` are left out of lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketView {
    pub id: i64,
    pub external_id: Option<String>,
    pub subject: String,
    pub status: Status,
    pub priority: Priority,
    pub channel: Channel,
    pub tier: i64,
    pub team: Option<String>,
    /// The assignee's login name.
    pub assignee: Option<String>,
    pub tags: Vec<String>,
    pub customer: CustomerRef,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub solved_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub sla: SlaView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<Message>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<Event>>,
}

/// A ticket's SLA targets, `null` where no policy applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SlaView {
    pub first_response_due_at: Option<DateTime<Utc>>,
    pub first_responded_at: Option<DateTime<Utc>>,
    pub resolution_due_at: Option<DateTime<Utc>>,
}

fn at(secs: i64) -> DateTime<Utc> {
    crate::clock::from_unix(secs)
}

/// Ticket `id`, with its thread and history when `whole`.
pub fn ticket(conn: &Connection, id: i64, whole: bool) -> Result<TicketView> {
    let detail = crate::store::tickets::detail(conn, id)?;
    let assignee: Option<String> = conn
        .prepare_cached(
            "SELECT a.name FROM tickets t JOIN agents a ON a.id = t.assignee_id WHERE t.id = ?1",
        )?
        .query_row([id], |r| r.get(0))
        .ok();
    let (messages, events) = if whole {
        let full = export::ticket(conn, id).map_err(|e| match e {
            StoreError::NotFound { .. } => StoreError::NotFound {
                what: format!("ticket {id}"),
            },
            other => other,
        })?;
        (Some(full.messages), Some(full.events))
    } else {
        (None, None)
    };
    Ok(TicketView {
        id,
        external_id: detail.external_id,
        subject: detail.subject,
        status: detail.status,
        priority: detail.priority,
        channel: detail.channel,
        tier: detail.tier,
        team: detail.team,
        assignee,
        tags: detail.tags,
        customer: CustomerRef {
            name: detail.customer.name,
            email: detail.customer.email,
        },
        created_at: at(detail.created_at),
        updated_at: at(detail.updated_at),
        solved_at: detail.solved_at.map(at),
        version: detail.version,
        sla: SlaView {
            first_response_due_at: detail.sla.first_response_due_at.map(at),
            first_responded_at: detail.sla.first_responded_at.map(at),
            resolution_due_at: detail.sla.resolution_due_at.map(at),
        },
        messages,
        events,
    })
}
