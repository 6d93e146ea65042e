//! Who has which ticket open, and who is writing a reply: live state for
//! collision detection. Each console keeps one row per agent (the ticket it
//! has open) fresh with heartbeats; a row whose heartbeat is older than
//! [`PRESENCE_TTL_SECS`] is stale (its console died) and counts for nothing.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::text::clean_line;

/// Seconds after the last heartbeat that presence still counts.
pub const PRESENCE_TTL_SECS: i64 = 30;

/// How often a console stamps its heartbeat (well inside the TTL).
pub const HEARTBEAT_SECS: i64 = 10;

/// Another agent on a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub agent_id: i64,
    pub name: String,
    pub display_name: String,
    /// Writing a reply (or note), not only looking.
    pub replying: bool,
    pub since: i64,
}

/// What [`set`] found when the agent started replying.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entered {
    /// Other agents replying on the ticket at that moment (a collision when
    /// not empty: recorded as a `collision` event).
    pub replying: Vec<Presence>,
}

/// The agent now has `ticket` open (or none), replying or only viewing.
/// Leaves any other ticket. Starting to reply while another agent is
/// replying writes a `collision` event (the KPI of KPIS.md).
pub fn set(
    conn: &Connection,
    agent: i64,
    ticket: Option<i64>,
    replying: bool,
    now: i64,
) -> Result<Entered> {
    conn.prepare_cached("DELETE FROM presence WHERE heartbeat_at < ?1")?
        .execute([now - PRESENCE_TTL_SECS])?;
    conn.prepare_cached("DELETE FROM presence WHERE agent_id = ?1 AND ticket_id IS NOT ?2")?
        .execute(params![agent, ticket])?;
    let Some(ticket) = ticket else {
        return Ok(Entered::default());
    };
    let was: Option<String> = conn
        .prepare_cached("SELECT activity FROM presence WHERE agent_id = ?1 AND ticket_id = ?2")?
        .query_row(params![agent, ticket], |r| r.get(0))
        .optional()?;
    let activity = if replying { "replying" } else { "viewing" };
    conn.prepare_cached(
        "INSERT INTO presence (agent_id, ticket_id, activity, since, heartbeat_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (agent_id, ticket_id) DO UPDATE SET
            since = CASE WHEN activity = excluded.activity THEN since ELSE excluded.since END,
            activity = excluded.activity, heartbeat_at = excluded.heartbeat_at",
    )?
    .execute(params![agent, ticket, activity, now])?;
    let mut entered = Entered::default();
    if replying && was.as_deref() != Some("replying") {
        entered.replying = on_ticket(conn, ticket, agent, now)?
            .into_iter()
            .filter(|p| p.replying)
            .collect();
        if !entered.replying.is_empty() {
            let names: Vec<&str> = entered.replying.iter().map(|p| p.name.as_str()).collect();
            super::journal::event(
                conn,
                ticket,
                super::journal::Actor {
                    agent_id: Some(agent),
                    now,
                },
                crate::kpi::satisfaction::COLLISION_EVENT,
                None,
                None,
                Some(&names.join(", ")),
            )?;
        }
    }
    Ok(entered)
}

/// Other agents (not `me`) with fresh presence on `ticket`, replying first.
pub fn on_ticket(conn: &Connection, ticket: i64, me: i64, now: i64) -> Result<Vec<Presence>> {
    Ok(on_tickets(conn, &[ticket], Some(me), now)?
        .remove(&ticket)
        .unwrap_or_default())
}

/// Other agents (not `me`; `None`: everyone) with fresh presence on each of
/// `tickets`, replying first, then by name.
pub fn on_tickets(
    conn: &Connection,
    tickets: &[i64],
    me: Option<i64>,
    now: i64,
) -> Result<HashMap<i64, Vec<Presence>>> {
    let mut out: HashMap<i64, Vec<Presence>> = HashMap::new();
    if tickets.is_empty() {
        return Ok(out);
    }
    let ids = serde_json::to_string(tickets).unwrap_or_else(|_| "[]".into());
    let mut stmt = conn.prepare_cached(
        "SELECT p.ticket_id, a.id, a.name, a.display_name, p.activity = 'replying', p.since
         FROM presence p JOIN agents a ON a.id = p.agent_id
         WHERE p.ticket_id IN (SELECT value FROM json_each(?1))
           AND p.agent_id IS NOT ?2 AND p.heartbeat_at >= ?3
         ORDER BY p.activity = 'replying' DESC, a.name",
    )?;
    let rows = stmt.query_map(params![ids, me, now - PRESENCE_TTL_SECS], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Presence {
                agent_id: r.get(1)?,
                name: r.get(2)?,
                display_name: clean_line(&r.get::<_, String>(3)?),
                replying: r.get(4)?,
                since: r.get(5)?,
            },
        ))
    })?;
    for row in rows {
        let (ticket, p) = row?;
        out.entry(ticket).or_default().push(p);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_shows_expires_and_a_second_replier_is_a_collision() {
        let conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna', 0), (2, 'bram', 'Bram', 0);
             INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'e@x.nl', 0, 0);
             INSERT INTO tickets (id, subject, customer_id, channel, status, priority, created_at, updated_at)
                VALUES (7, 's', 1, 'email', 'open', 'normal', 0, 0), (8, 's', 1, 'email', 'open', 'normal', 0, 0);",
        )
        .unwrap();
        set(&conn, 1, Some(7), false, 100).unwrap();
        let seen = on_ticket(&conn, 7, 2, 110).unwrap();
        assert_eq!(seen.len(), 1);
        assert!(!seen[0].replying);
        assert!(
            on_ticket(&conn, 7, 1, 110).unwrap().is_empty(),
            "not myself"
        );
        assert!(
            set(&conn, 1, Some(7), true, 120)
                .unwrap()
                .replying
                .is_empty()
        );
        let entered = set(&conn, 2, Some(7), true, 125).unwrap();
        assert_eq!(entered.replying.len(), 1, "Anna was replying");
        let collisions: i64 = conn
            .query_row(
                "SELECT count(*) FROM events WHERE kind = 'collision' AND ticket_id = 7",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(collisions, 1);
        // Anna's console dies: after the TTL she is no longer shown.
        assert_eq!(
            on_ticket(&conn, 7, 2, 120 + PRESENCE_TTL_SECS)
                .unwrap()
                .len(),
            1
        );
        assert!(
            on_ticket(&conn, 7, 2, 121 + PRESENCE_TTL_SECS)
                .unwrap()
                .is_empty()
        );
        // Bram moves to ticket 8: he leaves 7.
        set(&conn, 2, Some(8), false, 130).unwrap();
        assert!(on_ticket(&conn, 7, 1, 130).unwrap().is_empty());
        assert_eq!(on_tickets(&conn, &[7, 8], None, 130).unwrap()[&8].len(), 1);
    }
}
