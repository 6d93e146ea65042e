//! Flat CSV of tickets, one row per ticket with the first message as its body.
//! Each row becomes a ticket (and its customer) in a desk document, which is
//! then imported like JSON: all or nothing, errors naming file, line and field.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::export::{CSV_COLUMNS, restore_formula};
use super::import::{ImportError, Origins};
use super::model::*;
use crate::domain::{Author, Channel, MessageKind, Priority, Status};

/// Our field → the file's column name, from `--map subject=Title,customer_email=Email`.
pub fn parse_map(spec: &str) -> Result<HashMap<String, String>, String> {
    let mut map = HashMap::new();
    for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((field, column)) = pair.split_once('=') else {
            return Err(format!(
                "'{pair}' is not FIELD=COLUMN; for example --map subject=Title"
            ));
        };
        let field = field.trim();
        if !CSV_COLUMNS.contains(&field) {
            return Err(format!(
                "'{field}' is not a ticket field; use one of: {}",
                CSV_COLUMNS.join(", ")
            ));
        }
        map.insert(field.to_string(), column.trim().to_string());
    }
    Ok(map)
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|t| t.and_utc())
        })
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
                .ok()
                .map(|t| t.and_utc())
        })
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        })
}

/// A stable key for a row without an external id, so importing the same
/// file twice adds nothing: FNV-1a over subject, customer and time.
fn row_key(subject: &str, email: &str, created: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in subject
        .bytes()
        .chain([0])
        .chain(email.bytes())
        .chain([0])
        .chain(created.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("csv-{hash:016x}")
}

/// Reads CSV `text` into a desk document. `now` is the creation time of rows
/// that have none.
pub fn parse_csv(
    text: &str,
    file: &str,
    map: &HashMap<String, String>,
    now: DateTime<Utc>,
) -> Result<(Document, Origins), ImportError> {
    let err = |line: Option<usize>, field: &str, message: String| ImportError {
        file: file.to_string(),
        line,
        field: field.to_string(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| err(Some(1), "", format!("cannot read the header row: {e}")))?
        .clone();
    let column = |field: &str| -> Option<usize> {
        let wanted = map.get(field).map(String::as_str).unwrap_or(field);
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(wanted))
    };
    let columns: HashMap<&str, usize> = CSV_COLUMNS
        .iter()
        .filter_map(|f| column(f).map(|c| (*f, c)))
        .collect();
    for required in ["subject", "customer_email"] {
        if !columns.contains_key(required) {
            let name = map.get(required).map(String::as_str).unwrap_or(required);
            return Err(err(
                Some(1),
                required,
                format!(
                    "the header row has no column '{name}'; name it so, or map it with --map {required}=COLUMN"
                ),
            ));
        }
    }
    let mut doc = Document {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        settings: None,
        sla_policies: vec![],
        teams: vec![],
        agents: vec![],
        customers: vec![],
        tickets: vec![],
        canned_responses: vec![],
        kb_articles: vec![],
        kb_views: vec![],
        surveys: vec![],
    };
    let mut origins = Origins {
        file: file.to_string(),
        lines: HashMap::new(),
    };
    let mut seen_customers: HashMap<String, ()> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            err(line, "", format!("{e}"))
        })?;
        let line = record
            .position()
            .map(|p| p.line() as usize)
            .unwrap_or(index + 2);
        // A cell as written, formula guard taken off (subject and body keep
        // their spaces); `get` trims the words and keys.
        let raw = |field: &str| {
            restore_formula(
                columns
                    .get(field)
                    .and_then(|&c| record.get(c))
                    .unwrap_or(""),
            )
        };
        let get = |field: &str| raw(field).trim();
        let field_err = |field: &str, message: String| err(Some(line), field, message);
        let subject = get("subject");
        if subject.is_empty() {
            return Err(field_err("subject", "a ticket needs a subject".into()));
        }
        let email = get("customer_email");
        let customer_key = get("customer_key");
        if email.is_empty() && customer_key.is_empty() {
            return Err(field_err(
                "customer_email",
                "a row needs the customer's e-mail address, or a customer_key for a customer without one".into(),
            ));
        }
        if !email.is_empty() && !email.contains('@') {
            return Err(field_err(
                "customer_email",
                format!("'{email}' is not an e-mail address"),
            ));
        }
        // How the ticket refers to its customer: e-mail, else key.
        let reference = if email.is_empty() {
            customer_key
        } else {
            email
        };
        let parse_word = |field: &str, default: &str| -> String {
            let v = get(field);
            if v.is_empty() {
                default.to_string()
            } else {
                v.to_string()
            }
        };
        let channel: Channel = parse_word("channel", "email")
            .parse()
            .map_err(|e| field_err("channel", format!("{e}")))?;
        let status: Status = parse_word("status", "new")
            .parse()
            .map_err(|e| field_err("status", format!("{e}")))?;
        let priority: Priority = parse_word("priority", "normal")
            .parse()
            .map_err(|e| field_err("priority", format!("{e}")))?;
        let tier: i64 = parse_word("tier", "1")
            .parse()
            .ok()
            .filter(|t| (1..=3).contains(t))
            .ok_or_else(|| {
                field_err(
                    "tier",
                    format!("'{}' is not a tier; use 1, 2 or 3", get("tier")),
                )
            })?;
        let created_at = match get("created_at") {
            "" => now,
            text => parse_time(text).ok_or_else(|| {
                field_err(
                    "created_at",
                    format!("'{text}' is not a time; use RFC 3339 like 2026-11-23T09:30:00Z"),
                )
            })?,
        };
        let external_id = match get("external_id") {
            "" => row_key(subject, reference, get("created_at")),
            id => id.to_string(),
        };
        let assignee = Some(get("assignee"))
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let team = Some(get("team"))
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let mut events = vec![Event {
            kind: "created".into(),
            agent: None,
            from: None,
            to: Some(Status::New.as_str().into()),
            detail: Some("imported from CSV".into()),
            at: created_at,
        }];
        if status != Status::New {
            events.push(Event {
                kind: if status == Status::Solved {
                    "solved"
                } else {
                    "status_changed"
                }
                .into(),
                agent: None,
                from: Some("new".into()),
                to: Some(status.as_str().into()),
                detail: None,
                at: created_at,
            });
        }
        let body = raw("body");
        let messages = if body.is_empty() {
            vec![]
        } else {
            vec![Message {
                author: Author::Customer,
                agent: None,
                kind: MessageKind::Public,
                body: body.to_string(),
                at: created_at,
                duration_s: None,
                channel: None,
            }]
        };
        if seen_customers
            .insert(reference.to_lowercase(), ())
            .is_none()
        {
            let name = get("customer_name");
            let phone = get("customer_phone");
            doc.customers.push(Customer {
                key: (email.is_empty()).then(|| customer_key.to_string()),
                name: if name.is_empty() {
                    reference.split('@').next().unwrap_or(reference).to_string()
                } else {
                    name.to_string()
                },
                email: (!email.is_empty()).then(|| email.to_string()),
                phone: (!phone.is_empty()).then(|| phone.to_string()),
                organisation: None,
                language: "en".into(),
                since: None,
                churned_at: None,
                revenue_cents: 0,
            });
            origins
                .lines
                .insert(("customers", doc.customers.len() - 1), line);
        }
        origins.lines.insert(("tickets", doc.tickets.len()), line);
        doc.tickets.push(Ticket {
            external_id,
            subject: subject.to_string(),
            customer: reference.to_string(),
            channel,
            status,
            priority,
            tier,
            team,
            assignee,
            language: None,
            tags: get("tags")
                .split([';', ','])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            created_at,
            messages,
            events,
            work_sessions: vec![],
            links: vec![],
            kb_links: vec![],
            follow_up_of: None,
        });
    }
    Ok((doc, origins))
}
