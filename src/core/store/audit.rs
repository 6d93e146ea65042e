//! The audit of the desk's settings (`sql/0010_audit.sql`): who changed what,
//! when, from what to what, written in the same transaction as the change.
//!
//! A change goes through [`change`]: it takes a snapshot of the subject
//! before (a JSON document made by SQLite from the rows), runs the change,
//! takes the snapshot after, and writes one entry when they differ.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::Result;
use super::journal::Actor;

/// What a settings change was about: the `kind` of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Agent,
    Sla,
    Hours,
    Holiday,
    Route,
    Canned,
    Kb,
    View,
    Mail,
    Restriction,
    Identity,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Agent => "agent",
            Kind::Sla => "sla",
            Kind::Hours => "hours",
            Kind::Holiday => "holiday",
            Kind::Route => "route",
            Kind::Canned => "canned",
            Kind::Kb => "kb",
            Kind::View => "view",
            Kind::Mail => "mail",
            Kind::Restriction => "restriction",
            Kind::Identity => "identity",
        }
    }
}

/// One entry of the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// The agent's login name; `None` for the system.
    pub agent: Option<String>,
    pub kind: String,
    pub subject: String,
    /// JSON; `None` when the subject did not exist before.
    pub before: Option<String>,
    /// JSON; `None` when the subject is gone.
    pub after: Option<String>,
}

/// Writes one entry.
pub fn record(
    conn: &Connection,
    actor: Actor,
    kind: Kind,
    subject: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (at, agent_id, agent_name, kind, subject, before, after)
         VALUES (?1, ?2, (SELECT name FROM agents WHERE id = ?2), ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        actor.now,
        actor.agent_id,
        kind.as_str(),
        subject,
        before,
        after
    ])?;
    Ok(())
}

/// Runs `f` between two snapshots of the subject and writes an entry when
/// they differ. Call inside the change's transaction.
pub fn change<T>(
    conn: &Connection,
    actor: Actor,
    kind: Kind,
    subject: &str,
    snapshot: impl Fn(&Connection) -> Result<Option<String>>,
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let before = snapshot(conn)?;
    let value = f()?;
    let after = snapshot(conn)?;
    if before != after {
        record(
            conn,
            actor,
            kind,
            subject,
            before.as_deref(),
            after.as_deref(),
        )?;
    }
    Ok(value)
}

/// A settings change as every path makes it: the right is required of the
/// actor ([`super::rights::require`]), then [`change`] runs and audits it.
#[allow(clippy::too_many_arguments)]
pub fn guarded<T>(
    conn: &Connection,
    actor: Actor,
    right: super::rights::Right,
    kind: Kind,
    subject: &str,
    snapshot: impl Fn(&Connection) -> Result<Option<String>>,
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    super::rights::require(conn, actor.agent_id, right, None)?;
    change(conn, actor, kind, subject, snapshot, f)
}

/// The rows of `table` matching `condition` (SQL over the table's columns,
/// with `?1` for `key`) as one JSON document: an object for one row, an
/// array for several, `None` for none. Every column is in it, by name.
pub fn rows_json(
    conn: &Connection,
    table: &str,
    condition: &str,
    key: &dyn rusqlite::ToSql,
) -> Result<Option<String>> {
    let columns: Vec<String> = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let object = columns
        .iter()
        .map(|c| format!("'{c}', \"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let rows: Vec<String> = conn
        .prepare(&format!(
            "SELECT json_object({object}) FROM \"{table}\" WHERE {condition} ORDER BY 1"
        ))?
        .query_map([key], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match rows.len() {
        0 => None,
        1 => rows.into_iter().next(),
        _ => Some(format!("[{}]", rows.join(","))),
    })
}

/// An agent as the audit keeps it: the row and the agent's teams.
pub fn agent_json(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT json_object('name', name, 'display_name', display_name, 'email', email,
                    'role', role, 'tier', tier, 'skills', json(skills), 'languages', json(languages),
                    'capacity', capacity, 'active', active,
                    'teams', json((SELECT json_group_array(tm.name) FROM agent_teams x
                              JOIN teams tm ON tm.id = x.team_id WHERE x.agent_id = agents.id)))
             FROM agents WHERE name = ?1 COLLATE NOCASE AND active = 1",
            [name],
            |r| r.get(0),
        )
        .ok())
}

/// Desk settings whose key matches the `LIKE` pattern, as one JSON object.
pub fn settings_json(conn: &Connection, pattern: &str) -> Result<Option<String>> {
    let json: String = conn.query_row(
        "SELECT json_group_object(key, value) FROM (SELECT key, value FROM settings WHERE key LIKE ?1 ORDER BY key)",
        [pattern],
        |r| r.get(0),
    )?;
    Ok(if json == "{}" { None } else { Some(json) })
}

/// Entries at or after `since` (Unix seconds; all when `None`), oldest first.
pub fn list(conn: &Connection, since: Option<i64>) -> Result<Vec<Entry>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, at, agent_name, kind, subject, before, after FROM audit
             WHERE at >= ?1 ORDER BY at, id",
        )?
        .query_map([since.unwrap_or(i64::MIN)], |r| {
            Ok(Entry {
                id: r.get(0)?,
                at: r.get(1)?,
                agent: r.get(2)?,
                kind: r.get(3)?,
                subject: r.get(4)?,
                before: r.get(5)?,
                after: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_written_with_who_and_both_sides_and_the_audit_is_append_only() {
        let conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO agents (id, name, display_name, role, created_at) VALUES (1, 'ada', 'Ada', 'admin', 0)",
        )
        .unwrap();
        let actor = Actor {
            agent_id: Some(1),
            now: 100,
        };
        let snap = |c: &Connection| settings_json(c, "restrict%");
        change(&conn, actor, Kind::Restriction, "restriction", snap, || {
            crate::store::visibility::set_restricted(&conn, true)
        })
        .unwrap();
        change(&conn, actor, Kind::Restriction, "restriction", snap, || {
            crate::store::visibility::set_restricted(&conn, true)
        })
        .unwrap();
        let entries = list(&conn, None).unwrap();
        assert_eq!(entries.len(), 1, "no entry when nothing changed");
        let e = &entries[0];
        assert_eq!(e.agent.as_deref(), Some("ada"));
        assert_eq!(
            e.after.as_deref(),
            Some(r#"{"restrict_to_own_teams":"on"}"#)
        );
        assert!(conn.execute("DELETE FROM audit", []).is_err());
        assert!(
            conn.execute("UPDATE audit SET agent_name = 'x'", [])
                .is_err()
        );
        assert_eq!(list(&conn, Some(101)).unwrap().len(), 0);
        let json = rows_json(&conn, "agents", "name = ?1", &"ada")
            .unwrap()
            .unwrap();
        assert!(json.contains(r#""role":"admin""#), "{json}");
    }
}
