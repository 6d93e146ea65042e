//! "Next ticket": hands an agent the most urgent ticket it may take, and
//! makes sure no ticket ever goes to two agents.
//!
//! A ticket is for the agent when it is active and unassigned and
//! - its team is one of the agent's teams (an agent without teams takes any
//!   team's; a ticket without a team is anyone's, unless the desk restricts
//!   agents to their own teams: [`super::visibility`]);
//! - its tier is at most the agent's tier (a tier 2 specialist helps out with
//!   tier 1 work; a tier 1 agent never gets an escalated ticket);
//! - its language is one the agent speaks (an agent without languages takes any);
//! - every tag of it that is a skill on this desk (a skill of any active
//!   agent) is one of the agent's skills: a ticket tagged `refunds` waits for
//!   someone who does refunds.
//!
//! Among those: SLA due soonest, then priority, then age, then id (the
//! queue's urgency order, [`super::list::order::URGENCY`]).

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::fields;
use super::journal::Actor;
use super::list::claimable::FOR_AGENT;
use super::list::order::URGENCY;
use super::{Result, StoreError};

/// The most urgent ticket `agent` may take now, without taking it. The
/// partial index of claimable tickets is named: SQLite's planner otherwise
/// prefers the assignee index and sorts every unassigned ticket (150 ms
/// instead of 1 ms on a desk of a million tickets).
pub fn peek(conn: &Connection, agent: i64) -> Result<Option<i64>> {
    let restricted = super::visibility::restricted(conn)?;
    Ok(conn
        .prepare_cached(&peek_sql())?
        .query_row(
            rusqlite::named_params! {":agent": agent, ":restricted": restricted},
            |r| r.get(0),
        )
        .optional()?)
}

/// The statement of [`peek`]: the claimable tickets in urgency order.
pub(crate) fn peek_sql() -> String {
    format!(
        "SELECT t.id FROM agents a CROSS JOIN tickets t INDEXED BY tickets_claimable
             WHERE a.id = :agent AND {FOR_AGENT}
             ORDER BY {URGENCY} LIMIT 1"
    )
}

/// Inside the caller's transaction: assigns the most urgent ticket `agent`
/// may take to it and returns its id, or `None` when there is none.
pub fn claim_in(conn: &Connection, agent: i64, now: i64) -> Result<Option<i64>> {
    let Some(id) = peek(conn, agent)? else {
        return Ok(None);
    };
    fields::assign(
        conn,
        id,
        Some(agent),
        Actor {
            agent_id: Some(agent),
            now,
        },
    )?;
    super::routing::annotate(conn, id, "assigned", "next")?;
    Ok(Some(id))
}

/// How often a claim is tried when the database stays busy past the busy
/// timeout (another process holding the write lock for long).
const ATTEMPTS: u32 = 8;

/// Claims the next ticket for `agent` in its own IMMEDIATE transaction.
/// The write lock is taken before the ticket is chosen, so two agents asking
/// at once are served one after the other and never get the same ticket.
/// A busy database is waited for (the busy timeout, then retries with
/// growing pauses); the caller sees busy only after all of that.
pub fn claim(conn: &Connection, agent: i64, now: i64) -> Result<Option<i64>> {
    with_retries(|| {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let got = claim_in(&tx, agent, now)?;
        // The claim's own "now" is the rollups' "now" too.
        super::settle(&tx, &crate::clock::FixedClock::at_unix(now))?;
        tx.commit()?;
        Ok(got)
    })
}

/// Runs `attempt` again while it fails with busy or locked, pausing 10, 20,
/// 40 … ms between tries.
pub fn with_retries<T>(mut attempt: impl FnMut() -> Result<T>) -> Result<T> {
    let mut pause = Duration::from_millis(10);
    for _ in 1..ATTEMPTS {
        match attempt() {
            Err(StoreError::Busy | StoreError::Locked) => {
                tracing::warn!(?pause, "database busy; trying again");
                std::thread::sleep(pause);
                pause = pause.saturating_mul(2);
            }
            other => return other,
        }
    }
    attempt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    fn desk() -> Connection {
        let conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO teams (id, name) VALUES (1, 'Billing'), (2, 'Tech');
             INSERT INTO agents (id, name, display_name, tier, skills, languages, created_at) VALUES
                (1, 'anna', 'Anna', 1, '[\"billing\"]', '[\"nl\",\"en\"]', 0),
                (2, 'bram', 'Bram', 2, '[\"refunds\"]', '[\"nl\"]', 0),
                (3, 'cas', 'Cas', 1, '[]', '[]', 0);
             INSERT INTO agent_teams VALUES (1, 1), (2, 1), (2, 2);
             INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'eva@x.nl', 0, 0);",
        )
        .unwrap();
        conn
    }

    fn ticket(conn: &Connection, id: i64, team: Option<i64>, tier: i64, lang: &str, due: i64) {
        conn.execute(
            "INSERT INTO tickets (id, subject, customer_id, channel, status, priority, tier, team_id, language,
                                  sla_policy_id, first_response_due_at, created_at, updated_at)
             VALUES (?1, 's', 1, 'email', 'new', 'normal', ?2, ?3, ?4, 1, ?5, 0, 0)",
            params![id, tier, team, lang, due],
        )
        .unwrap();
    }

    #[test]
    fn the_most_urgent_ticket_the_agent_may_take() {
        let conn = desk();
        ticket(&conn, 1, Some(2), 1, "en", 100); // Tech: not Anna's team
        ticket(&conn, 2, Some(1), 2, "en", 200); // tier 2: above Anna
        ticket(&conn, 3, Some(1), 1, "de", 300); // German: Anna speaks nl, en
        ticket(&conn, 4, Some(1), 1, "nl", 500);
        ticket(&conn, 5, None, 1, "en", 400); // no team: anyone's
        ticket(&conn, 6, Some(1), 1, "en", 50);
        conn.execute("INSERT INTO ticket_tags VALUES (6, 'refunds')", [])
            .unwrap(); // a skill only Bram has
        assert_eq!(peek(&conn, 1).unwrap(), Some(5));
        assert_eq!(claim(&conn, 1, 10).unwrap(), Some(5));
        assert_eq!(claim(&conn, 1, 10).unwrap(), Some(4));
        assert_eq!(claim(&conn, 1, 10).unwrap(), None, "nothing else is Anna's");
        // Bram: tier 2, teams Billing and Tech, only Dutch, does refunds.
        assert_eq!(peek(&conn, 2).unwrap(), None, "1, 2 and 6 are in English");
        conn.execute("UPDATE tickets SET language = 'nl'", [])
            .unwrap();
        assert_eq!(claim(&conn, 2, 10).unwrap(), Some(6));
        assert_eq!(claim(&conn, 2, 10).unwrap(), Some(1));
        assert_eq!(claim(&conn, 2, 10).unwrap(), Some(2));
        let assigned: String = conn
            .query_row(
                "SELECT to_value || ' ' || detail FROM events WHERE ticket_id = 6 AND kind = 'assigned'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(assigned, "bram next");
    }

    #[test]
    fn with_the_restriction_unrouted_tickets_wait_for_team_less_agents() {
        let conn = desk();
        ticket(&conn, 1, None, 1, "en", 100);
        crate::store::visibility::set_restricted(&conn, true).unwrap();
        assert_eq!(peek(&conn, 1).unwrap(), None);
        assert_eq!(peek(&conn, 3).unwrap(), Some(1), "Cas has no teams");
    }
}
