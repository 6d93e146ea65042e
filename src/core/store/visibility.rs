//! The desk's optional restriction: agents see only their own teams' tickets.
//!
//! Off by default. When on, an agent with teams sees only tickets of those
//! teams, everywhere a list of tickets is read: the queue and its counts,
//! search, a customer's history, "next ticket", reports and exports. Agents
//! without teams, supervisors and admins, and commands run without an agent
//! see the whole desk. Writes are fenced the same way ([`super::rights`]).
//! Every list of tickets gets the fence from the one list builder
//! ([`super::list`], which adds [`VISIBLE`] when [`applies`]); single reads
//! use [`and_visible`].

use rusqlite::Connection;

use super::Result;
use super::settings;

/// The setting's key; its value is `on` or `off`.
pub const RESTRICT_KEY: &str = "restrict_to_own_teams";

/// Whether the desk restricts agents to their own teams.
pub fn restricted(conn: &Connection) -> Result<bool> {
    Ok(settings::get(conn, RESTRICT_KEY)?.is_some_and(|v| v == "on"))
}

/// Turns the restriction on or off.
pub fn set_restricted(conn: &Connection, on: bool) -> Result<()> {
    settings::set(conn, RESTRICT_KEY, if on { "on" } else { "off" })
}

/// The condition, over tickets aliased `t`, that keeps the viewer's teams'
/// tickets. Only added where [`applies`] says so.
pub const VISIBLE: &str = "t.team_id IN (SELECT vx.team_id FROM agent_teams vx JOIN temp.viewer v ON v.agent_id = vx.agent_id)";

/// Makes the per-connection table that names who is looking. Every
/// connection gets one when opened; it lives only as long as the connection.
pub(super) fn create_viewer_table(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS viewer (agent_id INTEGER NOT NULL)")
}

/// Says who reads through this connection from now on (`None`: nobody in
/// particular, the whole desk). Not a write to the database: the console's
/// read-only mode allows it.
pub fn set_viewer(conn: &Connection, agent: Option<i64>) -> Result<()> {
    create_viewer_table(conn)?;
    conn.execute("DELETE FROM temp.viewer", [])?;
    if let Some(agent) = agent {
        conn.execute("INSERT INTO temp.viewer (agent_id) VALUES (?1)", [agent])?;
    }
    Ok(())
}

/// Whether lists on this connection are narrowed: the desk restricts, and
/// the viewer is an agent (the role; supervisors and admins see the whole
/// desk, [`super::rights::fenced`]) with teams.
pub fn applies(conn: &Connection) -> Result<bool> {
    if !restricted(conn)? {
        return Ok(false);
    }
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM temp.viewer v JOIN agent_teams vx ON vx.agent_id = v.agent_id
             JOIN agents va ON va.id = v.agent_id AND va.role = 'agent')",
        )?
        .query_row([], |r| r.get(0))?)
}

/// `" AND (VISIBLE)"` when the restriction applies, else nothing: append it
/// to a `WHERE` over tickets aliased `t`.
pub fn and_visible(conn: &Connection) -> Result<String> {
    Ok(if applies(conn)? {
        format!(" AND ({VISIBLE})")
    } else {
        String::new()
    })
}

/// Whether the viewer may see ticket `id` (true when no restriction applies).
pub fn can_see(conn: &Connection, id: i64) -> Result<bool> {
    let visible = and_visible(conn)?;
    if visible.is_empty() {
        return Ok(true);
    }
    Ok(conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM tickets t WHERE t.id = ?1{visible})"),
        [id],
        |r| r.get(0),
    )?)
}

/// The names of the teams the viewer sees when the restriction applies;
/// `None` when it does not (the whole desk).
pub fn visible_teams(conn: &Connection) -> Result<Option<Vec<String>>> {
    if !applies(conn)? {
        return Ok(None);
    }
    Ok(Some(
        conn.prepare_cached(
            "SELECT DISTINCT tm.name FROM teams tm JOIN agent_teams vx ON vx.team_id = tm.id
             JOIN temp.viewer v ON v.agent_id = vx.agent_id ORDER BY tm.name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?,
    ))
}

/// The login names of the agents in the viewer's teams when the
/// restriction applies; `None` when it does not.
pub fn visible_agents(conn: &Connection) -> Result<Option<Vec<String>>> {
    if !applies(conn)? {
        return Ok(None);
    }
    Ok(Some(
        conn.prepare_cached(
            "SELECT DISTINCT a.name FROM agents a JOIN agent_teams at ON at.agent_id = a.id
             WHERE at.team_id IN (SELECT vx.team_id FROM agent_teams vx JOIN temp.viewer v ON v.agent_id = vx.agent_id)
             ORDER BY a.name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::filter::{self, TicketFilter};
    use crate::store::queue::{self, QueueQuery, StatusFilter};

    #[test]
    fn the_restriction_narrows_every_list_for_agents_with_teams() {
        let conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO teams (id, name) VALUES (1, 'Billing'), (2, 'Tech');
             INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna', 0), (2, 'sem', 'Sem', 0);
             INSERT INTO agent_teams VALUES (1, 1);
             INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'e@x.nl', 0, 0);
             INSERT INTO tickets (id, subject, customer_id, channel, status, priority, team_id, created_at, updated_at) VALUES
                (1, 'bill', 1, 'email', 'open', 'normal', 1, 0, 0),
                (2, 'bug', 1, 'email', 'open', 'normal', 2, 1, 1),
                (3, 'none', 1, 'email', 'open', 'normal', NULL, 2, 2);",
        )
        .unwrap();
        let all = TicketFilter::default();
        let q = QueueQuery {
            status: StatusFilter::Active,
            offset: 0,
            limit: 10,
            anchor: None,
        };
        let ids = |conn: &Connection| -> Vec<i64> {
            queue::page(conn, &q)
                .unwrap()
                .rows
                .iter()
                .map(|r| r.id)
                .collect()
        };
        set_viewer(&conn, Some(1)).unwrap();
        assert_eq!(filter::count(&conn, &all, 0).unwrap(), 3, "off by default");
        set_restricted(&conn, true).unwrap();
        assert_eq!(filter::count(&conn, &all, 0).unwrap(), 1);
        assert_eq!(queue::count(&conn, StatusFilter::Active).unwrap(), 1);
        assert_eq!(ids(&conn), [1]);
        assert_eq!(
            queue::position_of(&conn, StatusFilter::Active, 2).unwrap(),
            None
        );
        assert!(can_see(&conn, 1).unwrap() && !can_see(&conn, 2).unwrap());
        assert_eq!(
            crate::store::tickets::detail(&conn, 1)
                .unwrap()
                .other_tickets
                .len(),
            0,
            "the customer's other tickets are other teams'"
        );
        // An agent without teams (a supervisor) sees everything.
        set_viewer(&conn, Some(2)).unwrap();
        assert_eq!(ids(&conn), [1, 2, 3]);
        set_viewer(&conn, None).unwrap();
        assert_eq!(filter::count(&conn, &all, 0).unwrap(), 3);
    }
}
