//! Writing the desk out: the whole desk as JSON (streamed, so a million
//! tickets do not sit in memory at once), or the tickets as flat CSV.

use std::cell::RefCell;
use std::io::Write;

use rusqlite::Connection;
use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};

pub use super::csv_export::{CSV_COLUMNS, csv, csv_with, neutralise_formula, restore_formula};
use super::keys::at;
pub use super::keys::{CUSTOMER_KEY_SQL, EXTERNAL_ID_SQL};
use super::model::*;
use super::progress::{self, Progress, Silent};
use crate::store::{Result, StoreError};

fn json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn collect<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params, f)?
        .collect::<rusqlite::Result<Vec<T>>>()?;
    Ok(rows)
}

/// The desk's settings as stored.
pub fn settings(conn: &Connection) -> Result<Settings> {
    let timezone = crate::store::settings::get(conn, crate::store::settings::TIMEZONE_KEY)?
        .unwrap_or_else(|| "UTC".into());
    let hhmm = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
    let business_hours = collect(
        conn,
        "SELECT weekday, opens_min, closes_min FROM business_hours ORDER BY weekday, opens_min",
        [],
        |r| {
            let day: i64 = r.get(0)?;
            Ok(Opening {
                day: Weekday::ALL[day.clamp(0, 6) as usize],
                opens: hhmm(r.get(1)?),
                closes: hhmm(r.get(2)?),
            })
        },
    )?;
    let holidays = collect(
        conn,
        "SELECT day, name FROM holidays ORDER BY day",
        [],
        |r| {
            Ok(Holiday {
                day: r.get(0)?,
                name: r.get(1)?,
            })
        },
    )?;
    Ok(Settings {
        timezone,
        business_hours,
        holidays,
    })
}

fn sla_policies(conn: &Connection) -> Result<Vec<SlaPolicy>> {
    collect(
        conn,
        "SELECT name, priority, first_response_target, resolution_target FROM sla_policies
         WHERE priority IS NOT NULL ORDER BY id",
        [],
        |r| {
            Ok(SlaPolicy {
                name: r.get(0)?,
                priority: r.get(1)?,
                first_response: r.get(2)?,
                resolution: r.get(3)?,
            })
        },
    )
}

fn agents(conn: &Connection) -> Result<Vec<Agent>> {
    let mut out = collect(
        conn,
        "SELECT id, name, display_name, email, role, tier, skills, languages, capacity, active FROM agents
         ORDER BY id",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Agent {
                    name: r.get(1)?,
                    display_name: r.get(2)?,
                    email: r.get(3)?,
                    role: r.get(4)?,
                    teams: Vec::new(),
                    tier: r.get(5)?,
                    skills: json_list(&r.get::<_, String>(6)?),
                    languages: json_list(&r.get::<_, String>(7)?),
                    capacity: r.get(8)?,
                    active: r.get(9)?,
                },
            ))
        },
    )?;
    for (id, agent) in &mut out {
        agent.teams = collect(
            conn,
            "SELECT t.name FROM agent_teams at JOIN teams t ON t.id = at.team_id WHERE at.agent_id = ?1 ORDER BY t.id",
            [*id],
            |r| r.get(0),
        )?;
    }
    Ok(out.into_iter().map(|(_, a)| a).collect())
}

fn customers(conn: &Connection) -> Result<Vec<Customer>> {
    collect(
        conn,
        &format!(
            "SELECT CASE WHEN email IS NULL THEN {CUSTOMER_KEY_SQL} END, name, email, phone, organisation, language,
                    since, churned_at, revenue_cents
             FROM customers c ORDER BY id"
        ),
        [],
        |r| {
            Ok(Customer {
                key: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                phone: r.get(3)?,
                organisation: r.get(4)?,
                language: r.get(5)?,
                since: Some(at(r.get(6)?)),
                churned_at: r.get::<_, Option<i64>>(7)?.map(at),
                revenue_cents: r.get(8)?,
            })
        },
    )
}

/// One ticket with its thread, history, work sessions and links.
pub fn ticket(conn: &Connection, id: i64) -> Result<Ticket> {
    let mut ticket = conn
        .prepare_cached(&format!(
            "SELECT {EXTERNAL_ID_SQL}, t.subject, {CUSTOMER_KEY_SQL}, t.channel, t.status, t.priority, t.tier,
                    tm.name, a.name, t.language, t.created_at,
                    (SELECT coalesce(f.external_id, 'loket-' || f.id) FROM tickets f WHERE f.id = t.follow_up_of)
             FROM tickets t JOIN customers c ON c.id = t.customer_id
             LEFT JOIN teams tm ON tm.id = t.team_id LEFT JOIN agents a ON a.id = t.assignee_id
             WHERE t.id = ?1"
        ))?
        .query_row([id], |r| {
            Ok(Ticket {
                external_id: r.get(0)?,
                subject: r.get(1)?,
                customer: r.get(2)?,
                channel: r.get(3)?,
                status: r.get(4)?,
                priority: r.get(5)?,
                tier: r.get(6)?,
                team: r.get(7)?,
                assignee: r.get(8)?,
                language: Some(r.get(9)?),
                tags: Vec::new(),
                created_at: at(r.get(10)?),
                messages: Vec::new(),
                events: Vec::new(),
                work_sessions: Vec::new(),
                links: Vec::new(),
                kb_links: Vec::new(),
                follow_up_of: r.get(11)?,
            })
        })
        .map_err(StoreError::from)?;
    ticket.tags = collect(
        conn,
        "SELECT tag FROM ticket_tags WHERE ticket_id = ?1 ORDER BY tag",
        [id],
        |r| r.get(0),
    )?;
    ticket.messages = collect(
        conn,
        "SELECT m.author, a.name, m.kind, m.body, m.created_at, m.duration_s, m.channel
         FROM messages m LEFT JOIN agents a ON a.id = m.agent_id
         WHERE m.ticket_id = ?1 ORDER BY m.created_at, m.id",
        [id],
        |r| {
            Ok(Message {
                author: r.get(0)?,
                agent: r.get(1)?,
                kind: r.get(2)?,
                body: r.get(3)?,
                at: at(r.get(4)?),
                duration_s: r.get(5)?,
                channel: r.get(6)?,
            })
        },
    )?;
    ticket.events = collect(
        conn,
        "SELECT e.kind, a.name, e.from_value, e.to_value, e.detail, e.at
         FROM events e LEFT JOIN agents a ON a.id = e.agent_id
         WHERE e.ticket_id = ?1 ORDER BY e.at, e.id",
        [id],
        |r| {
            Ok(Event {
                kind: r.get(0)?,
                agent: r.get(1)?,
                from: r.get(2)?,
                to: r.get(3)?,
                detail: r.get(4)?,
                at: at(r.get(5)?),
            })
        },
    )?;
    ticket.work_sessions = collect(
        conn,
        "SELECT a.name, w.started_at, w.ended_at, w.active_s
         FROM work_sessions w JOIN agents a ON a.id = w.agent_id
         WHERE w.ticket_id = ?1 ORDER BY w.started_at, w.id",
        [id],
        |r| {
            Ok(WorkSession {
                agent: r.get(0)?,
                start: at(r.get(1)?),
                end: r.get::<_, Option<i64>>(2)?.map(at),
                active_s: r.get(3)?,
            })
        },
    )?;
    ticket.links = collect(
        conn,
        &format!(
            "SELECT l.kind, {EXTERNAL_ID_SQL} FROM ticket_links l JOIN tickets t ON t.id = l.other_id
             WHERE l.ticket_id = ?1 ORDER BY l.kind, t.id"
        ),
        [id],
        |r| {
            Ok(Link {
                kind: r.get(0)?,
                ticket: r.get(1)?,
            })
        },
    )?;
    ticket.kb_links = collect(
        conn,
        "SELECT k.slug, a.name, l.at FROM ticket_kb_links l JOIN kb_articles k ON k.id = l.article_id
         LEFT JOIN agents a ON a.id = l.agent_id WHERE l.ticket_id = ?1 ORDER BY l.at, k.id",
        [id],
        |r| {
            Ok(KbLink {
                article: r.get(0)?,
                agent: r.get(1)?,
                at: at(r.get(2)?),
            })
        },
    )?;
    Ok(ticket)
}

/// Tickets exported a chunk at a time: one query per table for a range of
/// ids instead of seven per ticket.
const CHUNK: usize = 512;

/// Rows of a ticket's table for the tickets `lo..=hi`, column 0 the
/// ticket's id, handed to `put` with the ticket's place in `tickets`
/// (rows of tickets not among them, hidden ones, are passed over). Each
/// query orders by ticket, then as [`ticket`] orders one ticket's rows.
fn each_row(
    conn: &Connection,
    sql: &str,
    (lo, hi): (i64, i64),
    places: &std::collections::HashMap<i64, usize>,
    mut put: impl FnMut(usize, &rusqlite::Row<'_>) -> rusqlite::Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([lo, hi])?;
    while let Some(r) = rows.next()? {
        if let Some(&place) = places.get(&r.get::<_, i64>(0)?) {
            put(place, r)?;
        }
    }
    Ok(())
}

/// [`ticket`] for each of `ids` (ascending), read a range at a time; the
/// same tickets, field for field (`tests/exchange/round_trip.rs`).
pub fn tickets(conn: &Connection, ids: &[i64]) -> Result<Vec<Ticket>> {
    let (Some(&lo), Some(&hi)) = (ids.first(), ids.last()) else {
        return Ok(Vec::new());
    };
    let range = (lo, hi);
    let places: std::collections::HashMap<i64, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut out: Vec<Option<Ticket>> = (0..ids.len()).map(|_| None).collect();
    each_row(
        conn,
        &format!(
            "SELECT t.id, {EXTERNAL_ID_SQL}, t.subject, {CUSTOMER_KEY_SQL}, t.channel, t.status, t.priority, t.tier,
                    tm.name, a.name, t.language, t.created_at,
                    (SELECT coalesce(f.external_id, 'loket-' || f.id) FROM tickets f WHERE f.id = t.follow_up_of)
             FROM tickets t JOIN customers c ON c.id = t.customer_id
             LEFT JOIN teams tm ON tm.id = t.team_id LEFT JOIN agents a ON a.id = t.assignee_id
             WHERE t.id BETWEEN ?1 AND ?2 ORDER BY t.id"
        ),
        range,
        &places,
        |i, r| {
            out[i] = Some(Ticket {
                external_id: r.get(1)?,
                subject: r.get(2)?,
                customer: r.get(3)?,
                channel: r.get(4)?,
                status: r.get(5)?,
                priority: r.get(6)?,
                tier: r.get(7)?,
                team: r.get(8)?,
                assignee: r.get(9)?,
                language: Some(r.get(10)?),
                tags: Vec::new(),
                created_at: at(r.get(11)?),
                messages: Vec::new(),
                events: Vec::new(),
                work_sessions: Vec::new(),
                links: Vec::new(),
                kb_links: Vec::new(),
                follow_up_of: r.get(12)?,
            });
            Ok(())
        },
    )?;
    // Every id was read in this transaction: each has its row.
    let mut out: Vec<Ticket> =
        out.into_iter()
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| StoreError::NotFound {
                what: "a ticket being exported".into(),
            })?;
    each_row(
        conn,
        "SELECT ticket_id, tag FROM ticket_tags WHERE ticket_id BETWEEN ?1 AND ?2
         ORDER BY ticket_id, tag",
        range,
        &places,
        |i, r| {
            out[i].tags.push(r.get(1)?);
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT m.ticket_id, m.author, a.name, m.kind, m.body, m.created_at, m.duration_s, m.channel
         FROM messages m LEFT JOIN agents a ON a.id = m.agent_id
         WHERE m.ticket_id BETWEEN ?1 AND ?2 ORDER BY m.ticket_id, m.created_at, m.id",
        range,
        &places,
        |i, r| {
            out[i].messages.push(Message {
                author: r.get(1)?,
                agent: r.get(2)?,
                kind: r.get(3)?,
                body: r.get(4)?,
                at: at(r.get(5)?),
                duration_s: r.get(6)?,
                channel: r.get(7)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT e.ticket_id, e.kind, a.name, e.from_value, e.to_value, e.detail, e.at
         FROM events e LEFT JOIN agents a ON a.id = e.agent_id
         WHERE e.ticket_id BETWEEN ?1 AND ?2 ORDER BY e.ticket_id, e.at, e.id",
        range,
        &places,
        |i, r| {
            out[i].events.push(Event {
                kind: r.get(1)?,
                agent: r.get(2)?,
                from: r.get(3)?,
                to: r.get(4)?,
                detail: r.get(5)?,
                at: at(r.get(6)?),
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT w.ticket_id, a.name, w.started_at, w.ended_at, w.active_s
         FROM work_sessions w JOIN agents a ON a.id = w.agent_id
         WHERE w.ticket_id BETWEEN ?1 AND ?2 ORDER BY w.ticket_id, w.started_at, w.id",
        range,
        &places,
        |i, r| {
            out[i].work_sessions.push(WorkSession {
                agent: r.get(1)?,
                start: at(r.get(2)?),
                end: r.get::<_, Option<i64>>(3)?.map(at),
                active_s: r.get(4)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        &format!(
            "SELECT l.ticket_id, l.kind, {EXTERNAL_ID_SQL} FROM ticket_links l JOIN tickets t ON t.id = l.other_id
             WHERE l.ticket_id BETWEEN ?1 AND ?2 ORDER BY l.ticket_id, l.kind, t.id"
        ),
        range,
        &places,
        |i, r| {
            out[i].links.push(Link {
                kind: r.get(1)?,
                ticket: r.get(2)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT l.ticket_id, k.slug, a.name, l.at FROM ticket_kb_links l JOIN kb_articles k ON k.id = l.article_id
         LEFT JOIN agents a ON a.id = l.agent_id WHERE l.ticket_id BETWEEN ?1 AND ?2
         ORDER BY l.ticket_id, l.at, k.id",
        range,
        &places,
        |i, r| {
            out[i].kb_links.push(KbLink {
                article: r.get(1)?,
                agent: r.get(2)?,
                at: at(r.get(3)?),
            });
            Ok(())
        },
    )?;
    Ok(out)
}

fn canned(conn: &Connection) -> Result<Vec<CannedResponse>> {
    collect(
        conn,
        "SELECT title, shortcut, body, language, set_status, set_priority, add_tags FROM canned_responses ORDER BY id",
        [],
        |r| {
            Ok(CannedResponse {
                title: r.get(0)?,
                shortcut: r.get(1)?,
                body: r.get(2)?,
                language: r.get(3)?,
                set_status: r.get(4)?,
                set_priority: r.get(5)?,
                add_tags: json_list(&r.get::<_, String>(6)?),
            })
        },
    )
}

fn kb_articles(conn: &Connection) -> Result<Vec<KbArticle>> {
    collect(
        conn,
        "SELECT k.slug, k.title, k.body, k.category, k.department, k.tags, k.language, k.visibility, k.faq,
                a.name, k.created_at, k.updated_at
         FROM kb_articles k LEFT JOIN agents a ON a.id = k.author_id ORDER BY k.id",
        [],
        |r| {
            Ok(KbArticle {
                slug: r.get(0)?,
                title: r.get(1)?,
                body: r.get(2)?,
                category: r.get(3)?,
                department: r.get(4)?,
                tags: json_list(&r.get::<_, String>(5)?),
                language: r.get(6)?,
                visibility: r.get(7)?,
                faq: r.get(8)?,
                author: r.get(9)?,
                created_at: at(r.get(10)?),
                updated_at: at(r.get(11)?),
            })
        },
    )
}

fn kb_views(conn: &Connection) -> Result<Vec<KbView>> {
    collect(
        conn,
        &format!(
            "SELECT k.slug, v.self_service, CASE WHEN c.id IS NOT NULL THEN {CUSTOMER_KEY_SQL} END, a.name, v.at
             FROM kb_views v JOIN kb_articles k ON k.id = v.article_id
             LEFT JOIN customers c ON c.id = v.customer_id LEFT JOIN agents a ON a.id = v.agent_id
             ORDER BY v.at, v.id"
        ),
        [],
        |r| {
            Ok(KbView {
                article: r.get(0)?,
                self_service: r.get(1)?,
                customer: r.get(2)?,
                agent: r.get(3)?,
                at: at(r.get(4)?),
            })
        },
    )
}

fn surveys(conn: &Connection) -> Result<Vec<Survey>> {
    collect(
        conn,
        &format!(
            "SELECT {EXTERNAL_ID_SQL}, s.kind, s.score, s.comment, s.at
             FROM surveys s JOIN tickets t ON t.id = s.ticket_id ORDER BY s.at, s.id"
        ),
        [],
        |r| {
            Ok(Survey {
                ticket: r.get(0)?,
                kind: r.get(1)?,
                score: r.get(2)?,
                comment: r.get(3)?,
                at: at(r.get(4)?),
            })
        },
    )
}

/// Serializes every ticket, one at a time, as it is read.
struct TicketStream<'a, 'p> {
    conn: &'a Connection,
    progress: RefCell<&'p mut dyn Progress>,
    /// How many tickets were serialized.
    written: std::cell::Cell<u64>,
}

impl Serialize for TicketStream<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let visible = crate::store::visibility::and_visible(self.conn).map_err(S::Error::custom)?;
        let ids = collect(
            self.conn,
            &format!("SELECT t.id FROM tickets t WHERE 1{visible} ORDER BY t.id"),
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(S::Error::custom)?;
        let mut seq = serializer.serialize_seq(Some(ids.len()))?;
        let total = ids.len() as u64;
        let mut progress = self.progress.borrow_mut();
        let mut done = 0u64;
        for chunk in ids.chunks(CHUNK) {
            for t in tickets(self.conn, chunk).map_err(S::Error::custom)? {
                seq.serialize_element(&t)?;
                done += 1;
                if done.is_multiple_of(progress::EVERY) {
                    progress.tickets(done, total);
                }
            }
        }
        progress.tickets(total, total);
        self.written.set(total);
        seq.end()
    }
}

/// The document as written; field for field the same as [`Document`].
#[derive(Serialize)]
struct Export<'a, 'p> {
    format: &'static str,
    version: u32,
    settings: Settings,
    sla_policies: Vec<SlaPolicy>,
    teams: Vec<Team>,
    agents: Vec<Agent>,
    customers: Vec<Customer>,
    tickets: TicketStream<'a, 'p>,
    canned_responses: Vec<CannedResponse>,
    kb_articles: Vec<KbArticle>,
    kb_views: Vec<KbView>,
    surveys: Vec<Survey>,
}

/// Writes the whole desk as pretty-printed JSON. Read inside one read
/// transaction, so the document is one consistent moment of the desk.
pub fn json(conn: &Connection, out: &mut dyn Write) -> anyhow::Result<()> {
    json_with(conn, out, &mut Silent).map(|_| ())
}

/// [`json`], telling `progress` how many tickets are written; how many
/// tickets the document holds.
pub fn json_with(
    conn: &Connection,
    out: &mut dyn Write,
    progress: &mut dyn Progress,
) -> anyhow::Result<u64> {
    let tx = conn.unchecked_transaction()?;
    let doc = Export {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        settings: settings(&tx)?,
        sla_policies: sla_policies(&tx)?,
        teams: collect(&tx, "SELECT name FROM teams ORDER BY id", [], |r| {
            Ok(Team { name: r.get(0)? })
        })?,
        agents: agents(&tx)?,
        customers: customers(&tx)?,
        tickets: TicketStream {
            conn: &tx,
            progress: RefCell::new(progress),
            written: std::cell::Cell::new(0),
        },
        canned_responses: canned(&tx)?,
        kb_articles: kb_articles(&tx)?,
        kb_views: kb_views(&tx)?,
        surveys: surveys(&tx)?,
    };
    let mut writer = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut writer, &doc)?;
    writer.write_all(b"\n")?;
    writer.flush()?;
    drop(writer);
    let written = doc.tickets.written.get();
    tx.finish()?;
    Ok(written)
}
