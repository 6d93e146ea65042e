//! One customer with their history: who they are, whether they take
//! surveys by mail, their tickets and their survey answers.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::survey_mail::{SurveyAnswer, answers_for};
use super::{Result, StoreError};
use crate::domain::Status;
use crate::text::clean_line;

/// A ticket of the customer, with its survey answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerTicket {
    pub id: i64,
    pub subject: String,
    pub status: Status,
    pub created_at: i64,
    pub surveys: Vec<SurveyAnswer>,
}

/// A customer and their history. Text fields are cleaned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerRecord {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub organisation: Option<String>,
    pub language: String,
    pub surveys_opt_out: bool,
    /// Newest first; tickets the viewer may not see are left out.
    pub tickets: Vec<CustomerTicket>,
}

/// The customer with this e-mail address, or `NotFound`.
pub fn by_email(conn: &Connection, email: &str) -> Result<CustomerRecord> {
    let found = conn
        .prepare_cached(
            "SELECT id, name, email, phone, organisation, language, surveys_opt_out
             FROM customers WHERE email = ?1",
        )?
        .query_row([email.trim()], |r| {
            Ok(CustomerRecord {
                id: r.get(0)?,
                name: clean_line(&r.get::<_, String>(1)?),
                email: r.get::<_, Option<String>>(2)?.map(|s| clean_line(&s)),
                phone: r.get::<_, Option<String>>(3)?.map(|s| clean_line(&s)),
                organisation: r.get::<_, Option<String>>(4)?.map(|s| clean_line(&s)),
                language: r.get(5)?,
                surveys_opt_out: r.get(6)?,
                tickets: Vec::new(),
            })
        })
        .optional()?;
    let mut customer = found.ok_or_else(|| StoreError::NotFound {
        what: format!("customer {}", email.trim()),
    })?;
    let visible = super::visibility::and_visible(conn)?;
    customer.tickets = conn
        .prepare_cached(&format!(
            "SELECT t.id, t.subject, t.status, t.created_at FROM tickets t
             WHERE t.customer_id = ?1{visible} ORDER BY t.created_at DESC, t.id DESC"
        ))?
        .query_map([customer.id], |r| {
            Ok(CustomerTicket {
                id: r.get(0)?,
                subject: clean_line(&r.get::<_, String>(1)?),
                status: r.get(2)?,
                created_at: r.get(3)?,
                surveys: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let ids: Vec<i64> = customer.tickets.iter().map(|t| t.id).collect();
    for (ticket, answer) in answers_for(conn, &ids)? {
        if let Some(t) = customer.tickets.iter_mut().find(|t| t.id == ticket) {
            t.surveys.push(answer);
        }
    }
    Ok(customer)
}
