//! The desk's optional restriction: agents see only their own teams' tickets.
//!
//! Off by default. When on, an agent with teams sees only tickets of those
//! teams, everywhere a list of tickets is read: the queue and its counts,
//! search, a customer's history, "next ticket", reports and exports. Agents
//! without teams (typically supervisors and admins) and commands run without
//! an agent see the whole desk. Every reader goes through [`team_condition`]
//! (directly or through [`super::filter::TicketFilter::viewer`]).

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

/// An SQL condition over tickets aliased `t` that holds for the tickets the
/// agent bound at `?{n}` may see. True for every ticket when the desk is not
/// restricted, when the agent is NULL, or when the agent has no teams. The
/// setting is read inside the statement, so a change applies at once.
pub fn team_condition(param: usize) -> String {
    format!(
        "(?{param} IS NULL
          OR coalesce((SELECT value FROM settings WHERE key = '{RESTRICT_KEY}'), 'off') <> 'on'
          OR NOT EXISTS (SELECT 1 FROM agent_teams vx WHERE vx.agent_id = ?{param})
          OR t.team_id IN (SELECT vx.team_id FROM agent_teams vx WHERE vx.agent_id = ?{param}))"
    )
}
