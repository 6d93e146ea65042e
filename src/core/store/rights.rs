//! Who may do what: the one table of rights (docs/SECURITY.md) and the one
//! check every write passes, from the console, the command line and imports.
//!
//! [`require`] is called inside the write's transaction, before anything is
//! written, so a refusal rolls back to nothing. It checks three things: the
//! actor is a known, active agent; their role holds the right; and, with the
//! desk's team restriction on, a ticket named belongs to one of their teams
//! (the same fence [`super::visibility`] puts on reading).
//!
//! `None` as the actor is the system: automations (auto-escalation, the
//! demo generator, mail coming in) that act for nobody. The command line
//! never passes `None` for a person: it refuses a write without a known agent
//! before it opens a transaction ([`crate::cli`]).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, StoreError};
use crate::domain::Role;

// The table itself is pure and sits below the store's error type, which
// carries a refusal: error and rights do not import each other.
pub use super::policy::{Refusal, Right, holds, rank};

/// The role of the active agent `agent`, if there is one.
pub fn role_of(conn: &Connection, agent: i64) -> Result<Option<Role>> {
    Ok(conn
        .prepare_cached("SELECT role FROM agents WHERE id = ?1 AND active = 1")?
        .query_row([agent], |r| r.get(0))
        .optional()?)
}

/// The one check. `actor` `None` is the system (see the module doc). With a
/// `ticket`, the team fence applies too: it must exist (else `NotFound`) and,
/// under the restriction, belong to one of an agent's teams.
pub fn require(
    conn: &Connection,
    actor: Option<i64>,
    right: Right,
    ticket: Option<i64>,
) -> Result<()> {
    let Some(agent) = actor else {
        return Ok(());
    };
    let Some(role) = role_of(conn, agent)? else {
        return Err(StoreError::Refused(Refusal::NoAgent));
    };
    if !holds(role, right) {
        return Err(StoreError::Refused(Refusal::Missing { right, role }));
    }
    if let Some(ticket) = ticket {
        fence(conn, agent, role, ticket)?;
    }
    Ok(())
}

/// Whether the team restriction fences `role`: agents only. Supervisors
/// reassign across teams and see every report, so they see the whole desk.
pub fn fenced(role: Role) -> bool {
    role == Role::Agent
}

/// The team fence on one ticket: refused when the desk restricts, the agent
/// is fenced and has teams, and the ticket is not one of those teams'.
pub fn fence(conn: &Connection, agent: i64, role: Role, ticket: i64) -> Result<()> {
    let team: Option<i64> = conn
        .prepare_cached("SELECT team_id FROM tickets WHERE id = ?1")?
        .query_row([ticket], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("ticket {ticket}"),
        })?;
    if !fenced(role) || !super::visibility::restricted(conn)? {
        return Ok(());
    }
    let teams: Vec<i64> = conn
        .prepare_cached("SELECT team_id FROM agent_teams WHERE agent_id = ?1")?
        .query_map([agent], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if teams.is_empty() || team.is_some_and(|t| teams.contains(&t)) {
        return Ok(());
    }
    Err(StoreError::Refused(Refusal::OtherTeam { ticket }))
}

/// Assigning `ticket` to `assignee`: working the ticket, and when the
/// assignee is someone else who is not in the ticket's team, reassigning.
pub fn require_assign(
    conn: &Connection,
    actor: Option<i64>,
    ticket: i64,
    assignee: Option<i64>,
) -> Result<()> {
    require(conn, actor, Right::WorkTickets, Some(ticket))?;
    let Some(to) = assignee.filter(|to| Some(*to) != actor) else {
        return Ok(());
    };
    let in_team: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM tickets t JOIN agent_teams x ON x.team_id = t.team_id
             WHERE t.id = ?1 AND x.agent_id = ?2)",
        )?
        .query_row(params![ticket, to], |r| r.get(0))?;
    if in_team {
        Ok(())
    } else {
        require(conn, actor, Right::Reassign, None)
    }
}

/// Changing an agent's role: managing roles, never one's own role upwards,
/// and never leaving the desk without an admin.
pub fn require_role_change(
    conn: &Connection,
    actor: Option<i64>,
    target: i64,
    new_role: Role,
) -> Result<()> {
    let old = role_of(conn, target)?.ok_or_else(|| StoreError::NotFound {
        what: format!("agent {target}"),
    })?;
    if old == new_role {
        return Ok(());
    }
    if actor == Some(target) && rank(new_role) > rank(old) {
        return Err(StoreError::Refused(Refusal::OwnRole));
    }
    require(conn, actor, Right::ManageRoles, None)?;
    if old == Role::Admin {
        keep_an_admin(conn, target)?;
    }
    Ok(())
}

/// Refuses when `leaving` is the desk's only active admin.
pub fn keep_an_admin(conn: &Connection, leaving: i64) -> Result<()> {
    let others: i64 = conn.query_row(
        "SELECT count(*) FROM agents WHERE role = 'admin' AND active = 1 AND id <> ?1",
        [leaving],
        |r| r.get(0),
    )?;
    if others == 0 {
        Err(StoreError::Refused(Refusal::LastAdmin))
    } else {
        Ok(())
    }
}

/// Whether the desk has any active admin yet (a new desk has none until
/// `loket init --admin NAME`).
pub fn has_admin(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM agents WHERE role = 'admin' AND active = 1)",
        [],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk() -> Connection {
        let conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO teams (id, name) VALUES (1, 'billing'), (2, 'tech');
             INSERT INTO agents (id, name, display_name, role, created_at) VALUES
                (1, 'anna', 'Anna', 'agent', 0), (2, 'sem', 'Sem', 'supervisor', 0),
                (3, 'ada', 'Ada', 'admin', 0), (4, 'gone', 'Gone', 'admin', 0);
             UPDATE agents SET active = 0 WHERE id = 4;
             INSERT INTO agent_teams VALUES (1, 1), (2, 1);
             INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'e@x.nl', 0, 0);
             INSERT INTO tickets (id, subject, customer_id, channel, status, priority, team_id, created_at, updated_at) VALUES
                (1, 'bill', 1, 'email', 'open', 'normal', 1, 0, 0),
                (2, 'bug', 1, 'email', 'open', 'normal', 2, 0, 0);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn the_table_gives_each_role_its_rights_and_every_higher_role_too() {
        assert!(holds(Role::Agent, Right::WorkTickets));
        assert!(!holds(Role::Agent, Right::Reassign));
        assert!(holds(Role::Supervisor, Right::ManageKb));
        assert!(!holds(Role::Supervisor, Right::ManageSla));
        for right in Right::ALL {
            assert!(holds(Role::Admin, *right), "{right:?}");
        }
    }

    #[test]
    fn require_refuses_missing_rights_unknown_agents_and_other_teams() {
        let conn = desk();
        assert!(require(&conn, None, Right::ManageSla, Some(2)).is_ok());
        let refused = |r: Result<()>| match r {
            Err(StoreError::Refused(why)) => why,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            refused(require(&conn, Some(1), Right::ManageSla, None)),
            Refusal::Missing {
                right: Right::ManageSla,
                role: Role::Agent
            }
        );
        assert_eq!(
            refused(require(&conn, Some(4), Right::WorkTickets, None)),
            Refusal::NoAgent,
            "a removed agent is nobody"
        );
        assert!(require(&conn, Some(1), Right::WorkTickets, Some(2)).is_ok());
        crate::store::visibility::set_restricted(&conn, true).unwrap();
        assert_eq!(
            refused(require(&conn, Some(1), Right::WorkTickets, Some(2))),
            Refusal::OtherTeam { ticket: 2 }
        );
        assert!(require(&conn, Some(1), Right::WorkTickets, Some(1)).is_ok());
        assert!(
            require(&conn, Some(2), Right::WorkTickets, Some(2)).is_ok(),
            "supervisors are not fenced"
        );
        assert!(matches!(
            require(&conn, Some(1), Right::WorkTickets, Some(99)),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn assigning_outside_the_team_is_reassigning() {
        let conn = desk();
        assert!(require_assign(&conn, Some(1), 1, Some(1)).is_ok());
        assert!(
            require_assign(&conn, Some(1), 1, Some(2)).is_ok(),
            "same team"
        );
        assert!(require_assign(&conn, Some(1), 1, None).is_ok());
        assert!(require_assign(&conn, Some(1), 1, Some(3)).is_err());
        assert!(require_assign(&conn, Some(2), 1, Some(3)).is_ok());
    }

    #[test]
    fn nobody_raises_their_own_role_or_removes_the_last_admin() {
        let conn = desk();
        assert!(matches!(
            require_role_change(&conn, Some(1), 1, Role::Admin),
            Err(StoreError::Refused(Refusal::OwnRole))
        ));
        assert!(matches!(
            require_role_change(&conn, Some(3), 3, Role::Agent),
            Err(StoreError::Refused(Refusal::LastAdmin))
        ));
        assert!(require_role_change(&conn, Some(3), 1, Role::Supervisor).is_ok());
        assert!(matches!(
            require_role_change(&conn, Some(2), 1, Role::Supervisor),
            Err(StoreError::Refused(Refusal::Missing { .. }))
        ));
        assert!(keep_an_admin(&conn, 3).is_err() && has_admin(&conn).unwrap());
    }
}
