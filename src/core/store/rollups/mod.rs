//! KPI rollups in SQLite (schema: `sql/0004_rollups.sql`; what the cells mean:
//! [`crate::kpi::rollup`]).
//!
//! Keeping them current: triggers note every ticket a transaction touches
//! in `rollup_dirty`; [`refresh`] runs before each [`super::write`] commits
//! (and before an import commits): for each noted ticket it takes the
//! ticket's previous cells back out of `rollups` and adds its new ones, so
//! whatever days a change affects (a reopen moves the last solve, a late
//! survey lands on its own day) are right in the same transaction.
//! [`rebuild`] (`loket rollup --rebuild`, and the generator at the end of
//! its transaction) computes everything from scratch.
//!
//! Reading: [`sums`] gives each group's [`Sums`] for a window of whole local
//! days; [`report`] and [`report_by`] turn them into the same `Report` the
//! exact path gives.
//!
//! | module      | role |
//! |-------------|------|
//! | [`codec`]   | a ticket's cells as stored text, encoded and decoded |
//! | [`refresh`] | the touched tickets rolled again inside each write |
//! | [`rebuild`] | everything computed from scratch |
//! | [`read`]    | sums of a window, reports, the exact fallback |
//!
//! The dimensions of a cell and the loading of tickets' work, which refresh
//! and rebuild share, are here.

use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc;

use rusqlite::types::Value;
use rusqlite::{
    Connection, OptionalExtension, Transaction, named_params, params, params_from_iter,
};

use super::Result;
use super::bulk::rows::MultiInsert;
use super::facts::load_tickets;
use crate::kpi::facts::{SurveyFact, SurveyKind, WorkSessionFact};
use crate::kpi::report::{Breakdown, GroupReport, NO_GROUP, Report};
use crate::kpi::rollup::figures::{self, Days, Sums};
use crate::kpi::rollup::measure::SPREADS;
use crate::kpi::rollup::{
    Cell, TicketRollup, TicketWork, day_of, histogram_cell, measure, ticket_rollup,
};
use crate::kpi::window::{Window, local_midnight};
use crate::sla::Calendar;

/// Tickets loaded at once by [`rebuild`].
const CHUNK: i64 = 5_000;

/// Rows per statement where a rebuild or a bulk load writes rollup rows
/// ([`MultiInsert`]).
const BULK_ROWS: usize = 64;

/// The groupings a cell is summed under (the `grouping` column).
pub const GROUPINGS: [&str; 5] = ["desk", "team", "agent", "channel", "priority"];

/// The groups a ticket is counted in now.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dims {
    team: String,
    assignee: String,
    channel: String,
    priority: String,
}

impl Dims {
    fn of(work: &TicketWork) -> Dims {
        let t = &work.ticket;
        Dims {
            team: t.team.clone().unwrap_or_else(|| NO_GROUP.into()),
            assignee: t.assignee.clone().unwrap_or_else(|| NO_GROUP.into()),
            channel: t.channel.as_str().into(),
            priority: t.priority.as_str().into(),
        }
    }

    /// `(grouping, group)` pairs a cell goes to: under `agent`, an agent's
    /// own work counts for that agent.
    fn groups<'a>(&'a self, cell: &'a Cell) -> [(&'static str, &'a str); 5] {
        [
            ("desk", ""),
            ("team", &self.team),
            ("agent", cell.actor.as_deref().unwrap_or(&self.assignee)),
            ("channel", &self.channel),
            ("priority", &self.priority),
        ]
    }
}

/// Tickets with ids in `[lo, hi]` with their work sessions and surveys.
fn load_work(conn: &Connection, lo: i64, hi: i64) -> Result<Vec<TicketWork>> {
    let tickets = load_tickets(
        conn,
        "WITH wanted(id) AS (SELECT id FROM tickets WHERE id BETWEEN :lo AND :hi)",
        named_params! { ":lo": lo, ":hi": hi },
        "",
    )?;
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut works: Vec<TicketWork> = tickets
        .into_iter()
        .enumerate()
        .map(|(i, ticket)| {
            index.insert(ticket.id, i);
            TicketWork {
                ticket,
                sessions: Vec::new(),
                surveys: Vec::new(),
            }
        })
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT s.ticket_id, a.name, s.ended_at, s.active_s
         FROM work_sessions s JOIN agents a ON a.id = s.agent_id
         WHERE s.ticket_id BETWEEN ?1 AND ?2 AND s.ended_at IS NOT NULL
         ORDER BY s.ended_at, s.id",
    )?;
    let mut rows = stmt.query(params![lo, hi])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if let Some(&i) = index.get(&id) {
            works[i].sessions.push(WorkSessionFact {
                ticket_id: id,
                agent: r.get(1)?,
                ended_at: r.get(2)?,
                active_s: r.get(3)?,
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT ticket_id, kind, score, at FROM surveys
         WHERE ticket_id BETWEEN ?1 AND ?2 ORDER BY at, id",
    )?;
    let mut rows = stmt.query(params![lo, hi])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if let Some(&i) = index.get(&id) {
            works[i].surveys.push(survey(
                Some(id),
                &r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
            ));
        }
    }
    Ok(works)
}

fn survey(ticket_id: Option<i64>, kind: &str, score: i64, at: i64) -> SurveyFact {
    SurveyFact {
        ticket_id,
        kind: if kind == "nps" {
            SurveyKind::Nps
        } else {
            SurveyKind::Csat
        },
        score,
        at,
    }
}

mod codec;
mod read;
mod rebuild;
mod refresh;

use codec::*;
pub use read::*;
pub use rebuild::*;
pub use refresh::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip_through_their_stored_text() {
        let cells = vec![
            Cell {
                measure: "frt#169".into(),
                day: 739_854,
                actor: None,
                n: 1,
                total: 0,
            },
            Cell {
                measure: "created_tag:a,b;c%".into(),
                day: 739_860,
                actor: None,
                n: 1,
                total: 0,
            },
            Cell {
                measure: "handled_by~3".into(),
                day: 739_857,
                actor: Some("ilse".into()),
                n: 1,
                total: 0,
            },
            Cell {
                measure: "backlog".into(),
                day: 739_855,
                actor: None,
                n: -1,
                total: 0,
            },
            Cell {
                measure: "handle_by".into(),
                day: 739_855,
                actor: Some("bram".into()),
                n: 0,
                total: 792,
            },
            Cell {
                measure: "something_new".into(),
                day: 739_850,
                actor: None,
                n: 2,
                total: 5,
            },
        ];
        let text = encode(&cells);
        assert_eq!(decode(&text), cells, "{text}");
        assert!(text.contains(";f#169,4"), "{text}");
    }
}
