//! Flat CSV of tickets, one row per ticket with the first message as its body.
//! Each row becomes a ticket (and its customer) in a desk document, which is
//! then imported like JSON: all or nothing, errors naming file, line and field.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::export::{CSV_COLUMNS, restore_formula};
use super::import::{ImportError, Origins, TicketStream};
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

/// The columns of a CSV file: each of our fields' place in a row.
type Columns = HashMap<&'static str, usize>;

fn file_error(file: &str, line: Option<usize>, field: &str, message: String) -> ImportError {
    ImportError {
        file: file.to_string(),
        line,
        field: field.to_string(),
        message,
    }
}

/// The header row: where each field is, or which required column is missing.
fn columns_of<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    file: &str,
    map: &HashMap<String, String>,
) -> Result<Columns, ImportError> {
    let err =
        |line: Option<usize>, field: &str, message: String| file_error(file, line, field, message);
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
    let columns: Columns = CSV_COLUMNS
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
    Ok(columns)
}

/// One row as a ticket, with the customer it names (new or not) and the
/// key the ticket refers to them by.
struct Row {
    line: usize,
    ticket: Ticket,
    customer: Customer,
}

/// Reads the next row; `None` after the last.
fn next_row<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    record: &mut csv::StringRecord,
    columns: &Columns,
    file: &str,
    index: usize,
    now: DateTime<Utc>,
) -> Result<Option<Row>, ImportError> {
    let err =
        |line: Option<usize>, field: &str, message: String| file_error(file, line, field, message);
    let more = reader.read_record(record).map_err(|e| {
        let line = e.position().map(|p| p.line() as usize);
        err(line, "", format!("{e}"))
    })?;
    if !more {
        return Ok(None);
    }
    let record = &*record;
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
    let name = get("customer_name");
    let phone = get("customer_phone");
    let customer = Customer {
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
    };
    let ticket = Ticket {
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
    };
    Ok(Some(Row {
        line,
        ticket,
        customer,
    }))
}

/// Reads CSV `text` into a desk document. `now` is the creation time of rows
/// that have none.
pub fn parse_csv(
    text: &str,
    file: &str,
    map: &HashMap<String, String>,
    now: DateTime<Utc>,
) -> Result<(Document, Origins), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let columns = columns_of(&mut reader, file, map)?;
    let mut doc = Document::empty();
    let mut origins = Origins {
        file: file.to_string(),
        lines: HashMap::new(),
    };
    let mut customers = Customers::default();
    let mut record = csv::StringRecord::new();
    while let Some(row) = next_row(
        &mut reader,
        &mut record,
        &columns,
        file,
        doc.tickets.len(),
        now,
    )? {
        customers.add(row.customer, row.line, &mut doc, &mut origins);
        origins
            .lines
            .insert(("tickets", doc.tickets.len()), row.line);
        doc.tickets.push(row.ticket);
    }
    Ok((doc, origins))
}

/// The customers rows name, each once, in the order they first appear.
#[derive(Default)]
struct Customers {
    seen: std::collections::HashSet<String>,
}

impl Customers {
    fn add(&mut self, c: Customer, line: usize, doc: &mut Document, origins: &mut Origins) {
        let reference = c.email.as_deref().or(c.key.as_deref()).unwrap_or("");
        if self.seen.insert(reference.to_lowercase()) {
            origins
                .lines
                .insert(("customers", doc.customers.len()), line);
            doc.customers.push(c);
        }
    }
}

/// A CSV file of tickets read in two passes, so memory holds its customers
/// and one row, never the file: the first pass checks every row and
/// gathers the customers ([`open_csv`]), the second reads the tickets one
/// at a time ([`CsvFile::tickets`]).
pub struct CsvFile {
    path: std::path::PathBuf,
    columns: Columns,
    now: DateTime<Utc>,
    /// The customers as a document without tickets.
    pub sections: Document,
    pub origins: Origins,
    count: usize,
}

fn csv_reader(
    path: &std::path::Path,
    file: &str,
) -> Result<csv::Reader<std::fs::File>, ImportError> {
    let f = std::fs::File::open(path)
        .map_err(|e| file_error(file, None, "", format!("cannot read the file: {e}")))?;
    Ok(csv::ReaderBuilder::new()
        .flexible(false)
        .buffer_capacity(1 << 20)
        .from_reader(f))
}

/// The first pass over a CSV file (see [`CsvFile`]).
pub fn open_csv(
    path: &std::path::Path,
    file: &str,
    map: &HashMap<String, String>,
    now: DateTime<Utc>,
) -> Result<CsvFile, ImportError> {
    let mut reader = csv_reader(path, file)?;
    let columns = columns_of(&mut reader, file, map)?;
    let mut sections = Document::empty();
    let mut origins = Origins {
        file: file.to_string(),
        lines: HashMap::new(),
    };
    let mut customers = Customers::default();
    let mut record = csv::StringRecord::new();
    let mut count = 0;
    while let Some(row) = next_row(&mut reader, &mut record, &columns, file, count, now)? {
        customers.add(row.customer, row.line, &mut sections, &mut origins);
        count += 1;
    }
    Ok(CsvFile {
        path: path.to_path_buf(),
        columns,
        now,
        sections,
        origins,
        count,
    })
}

impl CsvFile {
    /// How many tickets (rows) the file holds.
    pub fn ticket_count(&self) -> usize {
        self.count
    }

    /// The second pass: the tickets, one row at a time.
    pub fn tickets(&self) -> Result<CsvTickets<'_>, ImportError> {
        let file = &self.origins.file;
        // The reader passes over the header row by itself.
        let reader = csv_reader(&self.path, file)?;
        Ok(CsvTickets {
            csv: self,
            reader,
            record: csv::StringRecord::new(),
            next: 0,
        })
    }
}

/// The tickets of a [`CsvFile`], in file order.
pub struct CsvTickets<'f> {
    csv: &'f CsvFile,
    reader: csv::Reader<std::fs::File>,
    record: csv::StringRecord,
    next: usize,
}

impl TicketStream for CsvTickets<'_> {
    fn total(&self) -> usize {
        self.csv.count
    }

    fn next_ticket(&mut self) -> Result<Option<(usize, usize, Ticket)>, ImportError> {
        let index = self.next;
        let row = next_row(
            &mut self.reader,
            &mut self.record,
            &self.csv.columns,
            &self.csv.origins.file,
            index,
            self.csv.now,
        )?;
        Ok(row.map(|row| {
            self.next += 1;
            (index, row.line, row.ticket)
        }))
    }
}
