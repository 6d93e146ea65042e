//! Saved queue views: a name and a filter, shared by the desk or one
//! agent's own. The desk starts with four: all open, my open, unassigned,
//! and due soon.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::list::{AssigneeFilter, SlaFilter, Sort, SortKey, StatusFilter, TicketFilter};
use super::{Result, StoreError, names};
use crate::domain::{Channel, Priority, Status};

/// A view's filter as stored (JSON). Names, not ids, so it reads well and
/// survives an export; "me" is whoever opens the view.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSpec {
    /// "active", "all", or a status.
    pub status: String,
    pub priority: Option<Priority>,
    /// "me", "nobody", or an agent's login name; none for anyone.
    pub assignee: Option<String>,
    pub team: Option<String>,
    pub channel: Option<Channel>,
    pub tag: Option<String>,
    /// "breached" or "due_soon".
    pub sla: Option<String>,
    pub sort: Option<String>,
    pub descending: bool,
    /// Words to search for, as the queue's search takes them.
    pub text: Option<String>,
}

/// A saved view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// The key of a default view, for its name in the interface language.
    pub builtin: Option<String>,
    /// Shared by the desk (no owner) or an agent's own.
    pub shared: bool,
    pub spec: ViewSpec,
}

/// "Due soon" means the next SLA target is due within this many seconds.
pub const DUE_SOON_SECS: i64 = 3600;

/// The desk's default views, written once into a new database.
pub fn seed_defaults(conn: &Connection) -> Result<()> {
    let defaults = [
        (
            "all_open",
            "All open",
            ViewSpec {
                status: "active".into(),
                ..Default::default()
            },
        ),
        (
            "my_open",
            "My open",
            ViewSpec {
                status: "active".into(),
                assignee: Some("me".into()),
                ..Default::default()
            },
        ),
        (
            "unassigned",
            "Unassigned",
            ViewSpec {
                status: "active".into(),
                assignee: Some("nobody".into()),
                ..Default::default()
            },
        ),
        (
            "due_soon",
            "Due soon",
            ViewSpec {
                status: "active".into(),
                sla: Some("due_soon".into()),
                ..Default::default()
            },
        ),
    ];
    for (position, (key, name, spec)) in defaults.into_iter().enumerate() {
        conn.execute(
            "INSERT INTO saved_views (name, builtin, agent_id, filter, position) VALUES (?1, ?2, NULL, ?3, ?4)",
            params![name, key, serde_json::to_string(&spec).unwrap_or_default(), position as i64],
        )?;
    }
    Ok(())
}

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedView> {
    Ok(SavedView {
        id: r.get(0)?,
        name: crate::text::clean_line(&r.get::<_, String>(1)?),
        builtin: r.get(2)?,
        shared: r.get::<_, Option<i64>>(3)?.is_none(),
        spec: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
    })
}

/// The desk's views and `agent`'s own, in order.
pub fn list(conn: &Connection, agent: Option<i64>) -> Result<Vec<SavedView>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name, builtin, agent_id, filter FROM saved_views
             WHERE agent_id IS NULL OR agent_id = ?1 ORDER BY agent_id IS NOT NULL, position, id",
        )?
        .query_map([agent], map)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Saves a view for `agent` (or the desk when `None`); replaces one of the same name.
pub fn save(conn: &Connection, name: &str, agent: Option<i64>, spec: &ViewSpec) -> Result<i64> {
    let name = crate::text::clean_line(name);
    if name.is_empty() {
        return Err(StoreError::Constraint("a view needs a name".into()));
    }
    let existing: Option<i64> = conn
        .prepare_cached("SELECT id FROM saved_views WHERE name = ?1 AND agent_id IS ?2")?
        .query_row(params![name, agent], |r| r.get(0))
        .optional()?;
    let filter = serde_json::to_string(spec).unwrap_or_default();
    match existing {
        Some(id) => {
            conn.execute(
                "UPDATE saved_views SET filter = ?2 WHERE id = ?1",
                params![id, filter],
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO saved_views (name, agent_id, filter, position)
                 VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM saved_views))",
                params![name, agent, filter],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Removes one of `agent`'s own views, or a shared one that is not a default.
pub fn remove(conn: &Connection, id: i64, agent: Option<i64>) -> Result<()> {
    let removed = conn.execute(
        "DELETE FROM saved_views WHERE id = ?1 AND builtin IS NULL AND (agent_id IS NULL OR agent_id IS ?2)",
        params![id, agent],
    )?;
    if removed == 0 {
        return Err(StoreError::NotFound {
            what: format!("a view {id} that can be removed (the four default views stay)"),
        });
    }
    Ok(())
}

/// The filter and sort a view means for `me`. Names that no longer exist
/// (a removed agent or team) are reported, not ignored.
pub fn resolve(
    conn: &Connection,
    spec: &ViewSpec,
    me: Option<i64>,
) -> Result<(TicketFilter, Sort)> {
    let status = match spec.status.as_str() {
        "" | "active" => StatusFilter::Active,
        "all" => StatusFilter::All,
        other => StatusFilter::Only(
            other
                .parse::<Status>()
                .map_err(|e| StoreError::Constraint(e.to_string()))?,
        ),
    };
    let assignee = match spec.assignee.as_deref() {
        None | Some("anyone") => AssigneeFilter::Anyone,
        Some("nobody") => AssigneeFilter::Nobody,
        Some("me") => me.map_or(AssigneeFilter::NoAgent, AssigneeFilter::Agent),
        Some(name) => AssigneeFilter::Agent(names::agent_id(conn, name)?),
    };
    let team = match &spec.team {
        Some(name) => Some(names::team_id(conn, name)?),
        None => None,
    };
    let sla = match spec.sla.as_deref() {
        None => None,
        Some("breached") => Some(SlaFilter::Breached),
        Some("due_soon") => Some(SlaFilter::DueWithin(DUE_SOON_SECS)),
        Some(other) => {
            return Err(StoreError::Constraint(format!(
                "'{other}' is not breached or due_soon"
            )));
        }
    };
    let key = match &spec.sort {
        Some(s) => s.parse::<SortKey>().map_err(StoreError::Constraint)?,
        None => SortKey::Urgency,
    };
    Ok((
        TicketFilter {
            status,
            priority: spec.priority,
            assignee,
            team,
            channel: spec.channel,
            tag: spec.tag.clone(),
            sla,
            text: spec.text.clone().filter(|t| !t.trim().is_empty()),
        },
        Sort {
            key,
            descending: spec.descending,
        },
    ))
}

/// The name of agent or team `id` (`what` is "agent" or "team").
fn name_of(conn: &Connection, what: &str, id: i64) -> Result<String> {
    let sql = if what == "agent" {
        "SELECT name FROM agents WHERE id = ?1"
    } else {
        "SELECT name FROM teams WHERE id = ?1"
    };
    conn.prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("{what} {id}"),
        })
}

/// The stored form of what the queue shows now: the reverse of
/// [`resolve`]. The console's own agent becomes "me", so a shared view of
/// "mine" is each agent's own tickets.
pub fn spec_of(
    conn: &Connection,
    filter: &TicketFilter,
    sort: Sort,
    me: Option<i64>,
) -> Result<ViewSpec> {
    let status = match filter.status {
        StatusFilter::Active => "active".to_string(),
        StatusFilter::All => "all".to_string(),
        StatusFilter::Only(s) => s.as_str().to_string(),
    };
    let assignee = match filter.assignee {
        AssigneeFilter::Anyone => None,
        AssigneeFilter::Nobody => Some("nobody".to_string()),
        AssigneeFilter::NoAgent => Some("me".to_string()),
        AssigneeFilter::Agent(id) if Some(id) == me => Some("me".to_string()),
        AssigneeFilter::Agent(id) => Some(name_of(conn, "agent", id)?),
    };
    let team = match filter.team {
        None => None,
        Some(id) => Some(name_of(conn, "team", id)?),
    };
    let sla = filter.sla.map(|s| match s {
        SlaFilter::Breached => "breached".to_string(),
        SlaFilter::DueWithin(_) => "due_soon".to_string(),
    });
    Ok(ViewSpec {
        status,
        priority: filter.priority,
        assignee,
        team,
        channel: filter.channel,
        tag: filter.tag.clone(),
        sla,
        sort: (sort.key != SortKey::Urgency).then(|| sort.key.as_str().to_string()),
        descending: sort.descending,
        text: filter.text.clone().filter(|t| !t.trim().is_empty()),
    })
}
