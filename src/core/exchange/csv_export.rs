//! The tickets as flat CSV, one row per ticket with the first customer
//! message as its body; `loket import` reads the same columns back
//! ([`super::csv_import`]).

use std::io::Write;

use rusqlite::{Connection, params};

use super::keys::{CUSTOMER_KEY_SQL, EXTERNAL_ID_SQL, at};
use super::progress::{self, Progress, Silent};

/// The CSV columns, in order; `loket import` reads the same ones.
pub const CSV_COLUMNS: &[&str] = &[
    "external_id",
    "subject",
    "customer_email",
    "customer_name",
    "customer_key",
    "customer_phone",
    "channel",
    "status",
    "priority",
    "tier",
    "team",
    "assignee",
    "tags",
    "created_at",
    "body",
];

/// What a spreadsheet would run as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet would run as a formula gets a leading apostrophe.
pub fn neutralise_formula(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) || is_neutralised(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Whether `cell` looks like [`neutralise_formula`]'s output: an apostrophe
/// before a formula start (such a cell written as is gets a second one).
fn is_neutralised(cell: &str) -> bool {
    cell.strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(FORMULA_STARTS) || is_neutralised(rest))
}

/// The cell [`neutralise_formula`] was given: import reads back exactly
/// what was exported.
pub fn restore_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || is_neutralised(rest) => rest,
        _ => cell,
    }
}

/// Writes the tickets as CSV, one row per ticket, the first customer message
/// as the body, tags separated by `;`.
pub fn csv(conn: &Connection, out: &mut dyn Write) -> anyhow::Result<()> {
    csv_with(conn, out, &mut Silent).map(|_| ())
}

/// [`csv`], telling `progress` how many tickets are written; how many
/// rows (tickets) the file holds.
pub fn csv_with(
    conn: &Connection,
    out: &mut dyn Write,
    progress: &mut dyn Progress,
) -> anyhow::Result<u64> {
    let tx = conn.unchecked_transaction()?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_COLUMNS)?;
    let mut stmt = tx.prepare(&format!(
        "SELECT {EXTERNAL_ID_SQL}, t.subject, coalesce(c.email, ''), c.name,
                CASE WHEN c.email IS NULL THEN {CUSTOMER_KEY_SQL} ELSE '' END, coalesce(c.phone, ''),
                t.channel, t.status, t.priority, t.tier,
                coalesce(tm.name, ''), coalesce(a.name, ''),
                coalesce((SELECT group_concat(tag, ';') FROM (SELECT tag FROM ticket_tags WHERE ticket_id = t.id ORDER BY tag)), ''),
                t.created_at,
                coalesce((SELECT body FROM messages WHERE ticket_id = t.id AND author = 'customer'
                          ORDER BY created_at, id LIMIT 1), '')
         FROM tickets t JOIN customers c ON c.id = t.customer_id
         LEFT JOIN teams tm ON tm.id = t.team_id LEFT JOIN agents a ON a.id = t.assignee_id
         WHERE 1{visible} ORDER BY t.id",
        visible = crate::store::visibility::and_visible(&tx)?
    ))?;
    let total: i64 = tx.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;
    let total = u64::try_from(total).unwrap_or(0);
    let mut done = 0u64;
    let mut rows = stmt.query(params![])?;
    while let Some(r) = rows.next()? {
        done += 1;
        if done.is_multiple_of(progress::EVERY) {
            progress.tickets(done, total.max(done));
        }
        let mut cells: Vec<String> = Vec::with_capacity(CSV_COLUMNS.len());
        for i in 0..13 {
            let value: rusqlite::types::Value = r.get(i)?;
            cells.push(match value {
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Text(s) => s,
                _ => String::new(),
            });
        }
        cells.push(at(r.get(13)?).to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        cells.push(r.get(14)?);
        let cells: Vec<String> = cells.iter().map(|c| neutralise_formula(c)).collect();
        writer.write_record(&cells)?;
    }
    writer.flush()?;
    progress.tickets(done, done);
    Ok(done)
}
