//! Agents: who uses the console.

use rusqlite::{Connection, OptionalExtension, named_params, params};

use super::{Result, StoreError};
use crate::domain::{AgentStatus, Role};

/// An agent as the console needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub tier: i64,
    /// Available, away or offline, as it counts now (a stale heartbeat is offline).
    pub status: AgentStatus,
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Agent> {
    Ok(Agent {
        id: r.get(0)?,
        name: r.get(1)?,
        display_name: crate::text::clean_line(&r.get::<_, String>(2)?),
        role: r.get(3)?,
        tier: r.get(4)?,
        status: r.get(5)?,
    })
}

/// The status column as it counts at `:now` (bound by the caller, Unix
/// seconds): offline when the heartbeat is older than [`AGENT_TTL_SECS`],
/// the same rule as [`effective_status`].
const LIVE_STATUS: &str = "CASE WHEN heartbeat_at >= :now - 90 THEN status ELSE 'offline' END";

/// The active agent whose login name is `name` (case-insensitive), with the
/// status as it counts at `now`.
pub fn by_name(conn: &Connection, name: &str, now: i64) -> Result<Option<Agent>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id, name, display_name, role, tier, {LIVE_STATUS} FROM agents
             WHERE name = :name COLLATE NOCASE AND active = 1"
        ))?
        .query_row(named_params! {":name": name, ":now": now}, map)
        .optional()?)
}

/// Every active agent, by name, with the status as it counts at `now`.
pub fn list(conn: &Connection, now: i64) -> Result<Vec<Agent>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id, name, display_name, role, tier, {LIVE_STATUS} FROM agents WHERE active = 1 ORDER BY name"
        ))?
        .query_map(named_params! {":now": now}, map)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Seconds without a heartbeat after which an agent counts as offline,
/// whatever status it last set: its console was closed or its machine died.
pub const AGENT_TTL_SECS: i64 = 90;

/// Everything the desk keeps about an agent, for `loket agent` and routing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub tier: i64,
    pub teams: Vec<String>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub capacity: i64,
    /// The status as it counts now: offline when the heartbeat is stale.
    pub status: AgentStatus,
    pub heartbeat_at: Option<i64>,
    /// Active tickets assigned to the agent.
    pub load: i64,
}

/// An agent to add. Lists are normalised (trimmed, lower case, no repeats).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewAgent {
    pub name: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub role: Option<Role>,
    pub tier: Option<i64>,
    pub teams: Vec<String>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub capacity: Option<i64>,
}

/// Changes to an agent; `None` keeps the value. A list given replaces the old one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentChanges {
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub role: Option<Role>,
    pub tier: Option<i64>,
    pub teams: Option<Vec<String>>,
    pub skills: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub capacity: Option<i64>,
    pub status: Option<AgentStatus>,
}

/// The status that counts at `now`: a stale or missing heartbeat is offline.
pub fn effective_status(stored: AgentStatus, heartbeat_at: Option<i64>, now: i64) -> AgentStatus {
    match heartbeat_at {
        Some(at) if now - at <= AGENT_TTL_SECS => stored,
        _ => AgentStatus::Offline,
    }
}

/// A list of words as stored: each normalised like a tag, empty ones and
/// repeats dropped, order kept.
pub fn normalise_list(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words.iter().flat_map(|w| w.split(',')) {
        let w = super::names::normalise_tag(w);
        if !w.is_empty() && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

fn json_list(words: &[String]) -> String {
    serde_json::to_string(words).unwrap_or_else(|_| "[]".into())
}

fn parse_list(text: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(text)
        .unwrap_or_default()
        .iter()
        .map(|s| crate::text::clean_line(s))
        .collect()
}

fn check_name(name: &str) -> Result<String> {
    let name = crate::text::clean_line(name).trim().to_string();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err(StoreError::Constraint(format!(
            "'{name}' is not a login name; use letters, digits, '.', '_' or '-', like anna or j.smit"
        )));
    }
    Ok(name)
}

fn check_numbers(tier: Option<i64>, capacity: Option<i64>) -> Result<()> {
    if let Some(tier) = tier
        && !(1..=3).contains(&tier)
    {
        return Err(StoreError::Constraint(format!(
            "tier {tier} does not exist; use 1, 2 or 3"
        )));
    }
    if let Some(c) = capacity
        && c < 0
    {
        return Err(StoreError::Constraint(format!(
            "capacity {c} is negative; give the number of open tickets the agent can hold, like 20"
        )));
    }
    Ok(())
}

fn set_teams(conn: &Connection, agent: i64, teams: &[String]) -> Result<()> {
    conn.execute("DELETE FROM agent_teams WHERE agent_id = ?1", [agent])?;
    for team in teams {
        let team = crate::text::clean_line(team).trim().to_string();
        if team.is_empty() {
            continue;
        }
        // Naming a team for an agent is how a desk gets its teams.
        conn.execute(
            "INSERT INTO teams (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
            [&team],
        )?;
        let id = super::names::team_id(conn, &team)?;
        conn.execute(
            "INSERT OR IGNORE INTO agent_teams (agent_id, team_id) VALUES (?1, ?2)",
            params![agent, id],
        )?;
    }
    Ok(())
}

/// Adds an agent (or brings back a removed one with the same name). Teams
/// named that the desk does not have yet are created.
pub fn add(conn: &Connection, new: &NewAgent, now: i64) -> Result<i64> {
    let name = check_name(&new.name)?;
    check_numbers(new.tier, new.capacity)?;
    let existing: Option<(i64, bool)> = conn
        .query_row(
            "SELECT id, active FROM agents WHERE name = ?1 COLLATE NOCASE",
            [&name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let display = new
        .display_name
        .as_deref()
        .map(crate::text::clean_line)
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| name.clone());
    let (skills, languages) = (
        json_list(&normalise_list(&new.skills)),
        json_list(&normalise_list(&new.languages)),
    );
    let id = match existing {
        Some((_, true)) => {
            return Err(StoreError::Constraint(format!(
                "an agent named '{name}' exists already; change it with `loket agent set {name}`"
            )));
        }
        Some((id, false)) => {
            conn.execute(
                "UPDATE agents SET display_name = ?2, email = ?3, role = ?4, tier = ?5, skills = ?6,
                        languages = ?7, capacity = ?8, status = 'offline', heartbeat_at = NULL, active = 1
                 WHERE id = ?1",
                params![
                    id,
                    display,
                    new.email,
                    new.role.unwrap_or(Role::Agent),
                    new.tier.unwrap_or(1),
                    skills,
                    languages,
                    new.capacity.unwrap_or(20)
                ],
            )?;
            id
        }
        None => {
            conn.execute(
                "INSERT INTO agents (name, display_name, email, role, tier, skills, languages, capacity, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    name,
                    display,
                    new.email,
                    new.role.unwrap_or(Role::Agent),
                    new.tier.unwrap_or(1),
                    skills,
                    languages,
                    new.capacity.unwrap_or(20),
                    now
                ],
            )?;
            conn.last_insert_rowid()
        }
    };
    set_teams(conn, id, &new.teams)?;
    Ok(id)
}

/// Changes an agent; `NotFound` when no active agent has the name.
pub fn update(conn: &Connection, name: &str, changes: &AgentChanges) -> Result<i64> {
    let id = super::names::agent_id(conn, name)?;
    check_numbers(changes.tier, changes.capacity)?;
    conn.execute(
        "UPDATE agents SET
            display_name = coalesce(?2, display_name), email = coalesce(?3, email),
            role = coalesce(?4, role), tier = coalesce(?5, tier), skills = coalesce(?6, skills),
            languages = coalesce(?7, languages), capacity = coalesce(?8, capacity),
            status = coalesce(?9, status)
         WHERE id = ?1",
        params![
            id,
            changes
                .display_name
                .as_deref()
                .map(crate::text::clean_line)
                .filter(|d| !d.trim().is_empty()),
            changes.email,
            changes.role,
            changes.tier,
            changes
                .skills
                .as_deref()
                .map(|s| json_list(&normalise_list(s))),
            changes
                .languages
                .as_deref()
                .map(|s| json_list(&normalise_list(s))),
            changes.capacity,
            changes.status
        ],
    )?;
    if let Some(teams) = &changes.teams {
        set_teams(conn, id, teams)?;
    }
    Ok(id)
}

/// Removes an agent from the desk. Their history stays (messages and events
/// keep their author); their active tickets go back to the queue, each with
/// an `assigned` event, and their presence and drafts are dropped.
/// Returns how many tickets went back.
pub fn remove(conn: &Connection, name: &str, actor: super::journal::Actor) -> Result<usize> {
    let id = super::names::agent_id(conn, name)?;
    let tickets: Vec<i64> = conn
        .prepare("SELECT id FROM tickets WHERE assignee_id = ?1 AND is_active = 1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for ticket in &tickets {
        super::fields::assign(conn, *ticket, None, actor)?;
    }
    conn.execute("DELETE FROM presence WHERE agent_id = ?1", [id])?;
    conn.execute("DELETE FROM drafts WHERE agent_id = ?1", [id])?;
    conn.execute("DELETE FROM agent_teams WHERE agent_id = ?1", [id])?;
    conn.execute(
        "UPDATE agents SET active = 0, status = 'offline', heartbeat_at = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(tickets.len())
}

const PROFILE_SQL: &str =
    "SELECT a.id, a.name, a.display_name, a.email, a.role, a.tier, a.skills, a.languages,
        a.capacity, a.status, a.heartbeat_at,
        (SELECT count(*) FROM tickets t WHERE t.assignee_id = a.id AND t.is_active = 1),
        (SELECT group_concat(name, char(10)) FROM (SELECT tm.name FROM agent_teams x
             JOIN teams tm ON tm.id = x.team_id WHERE x.agent_id = a.id ORDER BY tm.name))
     FROM agents a WHERE a.active = 1";

fn profile_row(r: &rusqlite::Row<'_>, now: i64) -> rusqlite::Result<Profile> {
    let stored: AgentStatus = r.get(9)?;
    let heartbeat_at: Option<i64> = r.get(10)?;
    Ok(Profile {
        id: r.get(0)?,
        name: r.get(1)?,
        display_name: crate::text::clean_line(&r.get::<_, String>(2)?),
        email: r
            .get::<_, Option<String>>(3)?
            .map(|e| crate::text::clean_line(&e)),
        role: r.get(4)?,
        tier: r.get(5)?,
        skills: parse_list(&r.get::<_, String>(6)?),
        languages: parse_list(&r.get::<_, String>(7)?),
        capacity: r.get(8)?,
        status: effective_status(stored, heartbeat_at, now),
        heartbeat_at,
        load: r.get(11)?,
        teams: r
            .get::<_, Option<String>>(12)?
            .map(|s| s.lines().map(crate::text::clean_line).collect())
            .unwrap_or_default(),
    })
}

/// Every active agent in full, by name, with the status as it counts at `now`.
pub fn profiles(conn: &Connection, now: i64) -> Result<Vec<Profile>> {
    Ok(conn
        .prepare_cached(&format!("{PROFILE_SQL} ORDER BY a.name"))?
        .query_map([], |r| profile_row(r, now))?
        .collect::<rusqlite::Result<_>>()?)
}

/// One active agent in full.
pub fn profile(conn: &Connection, name: &str, now: i64) -> Result<Profile> {
    conn.prepare_cached(&format!("{PROFILE_SQL} AND a.name = ?1 COLLATE NOCASE"))?
        .query_row([name], |r| profile_row(r, now))
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("agent '{name}'"),
        })
}

/// The console is alive: sets the agent's status (when given) and stamps
/// the heartbeat, for the agent and for every ticket it has open.
pub fn heartbeat(
    conn: &Connection,
    agent: i64,
    status: Option<AgentStatus>,
    now: i64,
) -> Result<()> {
    // A new status is content (other agents see it, routing uses it): it
    // moves the desk's content stamp. The beat alone is presence.
    if let Some(status) = status {
        let changed = conn
            .prepare_cached("UPDATE agents SET status = ?2 WHERE id = ?1 AND status IS NOT ?2")?
            .execute(params![agent, status])?;
        if changed > 0 {
            super::stamp::bump(conn)?;
        }
    }
    conn.prepare_cached("UPDATE agents SET heartbeat_at = ?2 WHERE id = ?1")?
        .execute(params![agent, now])?;
    conn.prepare_cached("UPDATE presence SET heartbeat_at = ?2 WHERE agent_id = ?1")?
        .execute(params![agent, now])?;
    Ok(())
}

/// The console closes: the agent goes offline and leaves every ticket.
pub fn sign_off(conn: &Connection, agent: i64) -> Result<()> {
    conn.execute(
        "UPDATE agents SET status = 'offline' WHERE id = ?1",
        [agent],
    )?;
    conn.execute("DELETE FROM presence WHERE agent_id = ?1", [agent])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_goes_offline_without_a_fresh_heartbeat() {
        assert!(LIVE_STATUS.contains(&format!(":now - {AGENT_TTL_SECS} ")));
        let conn = crate::store::open_in_memory().unwrap();
        let id = add(
            &conn,
            &NewAgent {
                name: "anna".into(),
                ..NewAgent::default()
            },
            0,
        )
        .unwrap();
        let now = 1_700_000_000;
        heartbeat(&conn, id, Some(AgentStatus::Away), now).unwrap();
        assert_eq!(
            by_name(&conn, "ANNA", now).unwrap().unwrap().status,
            AgentStatus::Away
        );
        assert_eq!(
            profile(&conn, "anna", now).unwrap().status,
            AgentStatus::Away
        );
        heartbeat(&conn, id, None, now - AGENT_TTL_SECS - 5).unwrap();
        assert_eq!(
            by_name(&conn, "anna", now).unwrap().unwrap().status,
            AgentStatus::Offline
        );
        assert_eq!(
            profile(&conn, "anna", now).unwrap().status,
            AgentStatus::Offline
        );
        assert_eq!(
            effective_status(AgentStatus::Available, Some(100), 100 + AGENT_TTL_SECS),
            AgentStatus::Available
        );
        assert_eq!(
            normalise_list(&["Billing, refunds".into(), "billing".into(), " ".into()]),
            ["billing", "refunds"]
        );
    }

    /// The SQL rule (`by_name`, `list`) and the Rust rule (`profile`,
    /// `effective_status`) judge alike at a fixed "now", to the second: a
    /// heartbeat exactly [`AGENT_TTL_SECS`] old still counts, one second
    /// more is offline, and the wall clock plays no part.
    #[test]
    fn live_status_at_a_fixed_now_turns_offline_after_the_ttl() {
        let conn = crate::store::open_in_memory().unwrap();
        let id = add(
            &conn,
            &NewAgent {
                name: "anna".into(),
                ..NewAgent::default()
            },
            0,
        )
        .unwrap();
        // Never beaten: offline whatever the clock says.
        assert_eq!(
            by_name(&conn, "anna", 0).unwrap().unwrap().status,
            AgentStatus::Offline
        );
        // A beat at a time long past (1 January 2001).
        let beat = 978_307_200;
        heartbeat(&conn, id, Some(AgentStatus::Away), beat).unwrap();
        for (age, expected) in [
            (-10, AgentStatus::Away),
            (0, AgentStatus::Away),
            (AGENT_TTL_SECS, AgentStatus::Away),
            (AGENT_TTL_SECS + 1, AgentStatus::Offline),
            (3600, AgentStatus::Offline),
        ] {
            let now = crate::clock::FixedClock::at_unix(beat + age).0.timestamp();
            assert_eq!(
                by_name(&conn, "anna", now).unwrap().unwrap().status,
                expected,
                "by_name, {age} s after the beat"
            );
            assert_eq!(
                list(&conn, now).unwrap()[0].status,
                expected,
                "list, {age} s"
            );
            assert_eq!(
                profile(&conn, "anna", now).unwrap().status,
                expected,
                "profile, {age} s"
            );
            assert_eq!(
                effective_status(AgentStatus::Away, Some(beat), now),
                expected,
                "effective_status, {age} s"
            );
        }
    }
}
