//! Desk settings: time zone, business hours, holidays and SLA policies.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::Priority;
use crate::sla::{Calendar, Opening, Target, default_targets};

/// The setting that names the desk's IANA time zone.
pub const TIMEZONE_KEY: &str = "timezone";

/// Writes the defaults of KPIS.md into a new database: Monday to Friday
/// 09:00–17:00 Europe/Amsterdam, and one SLA policy per priority. The
/// default views are seeded beside it ([`super::views::seed_defaults`]):
/// views stand on the filters, which stand on these settings.
pub fn seed_defaults(conn: &Connection) -> Result<()> {
    set(conn, TIMEZONE_KEY, "Europe/Amsterdam")?;
    let default = Calendar::default_desk();
    for o in default.openings() {
        conn.execute(
            "INSERT INTO business_hours (weekday, opens_min, closes_min) VALUES (?1, ?2, ?3)",
            params![o.weekday, o.opens_min, o.closes_min],
        )?;
    }
    for priority in Priority::ALL {
        let (first, resolve) = default_targets(*priority);
        conn.execute(
            "INSERT INTO sla_policies (name, priority, first_response_target, resolution_target)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                format!("Default {priority}"),
                priority,
                first.to_string(),
                resolve.to_string()
            ],
        )?;
    }
    Ok(())
}

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The desk's business calendar as stored. An unknown time zone name falls
/// back to UTC (and is logged) rather than refusing to open the desk.
pub fn calendar(conn: &Connection) -> Result<Calendar> {
    let tz_name = get(conn, TIMEZONE_KEY)?.unwrap_or_else(|| "UTC".into());
    let tz = tz_name.parse::<chrono_tz::Tz>().unwrap_or_else(|_| {
        tracing::warn!(tz = %tz_name, "unknown time zone in settings; using UTC");
        chrono_tz::UTC
    });
    let mut stmt = conn.prepare("SELECT weekday, opens_min, closes_min FROM business_hours")?;
    let openings = stmt
        .query_map([], |r| {
            Ok(Opening {
                weekday: r.get(0)?,
                opens_min: r.get(1)?,
                closes_min: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare("SELECT day FROM holidays")?;
    let holidays = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .filter_map(|d| {
            d.ok()
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        })
        .collect::<Vec<_>>();
    Ok(Calendar::new(tz, &openings, holidays))
}

/// An SLA policy with its targets parsed.
#[derive(Debug, Clone)]
pub struct SlaPolicy {
    pub id: i64,
    pub name: String,
    pub priority: Option<Priority>,
    pub first_response: Target,
    pub resolution: Target,
}

/// Every SLA policy, keyed by the priority it applies to.
pub fn sla_policies(conn: &Connection) -> Result<HashMap<Priority, SlaPolicy>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, priority, first_response_target, resolution_target
         FROM sla_policies WHERE priority IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Priority>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, name, priority, first, resolve) = row?;
        let (default_first, default_resolve) = default_targets(priority);
        out.insert(
            priority,
            SlaPolicy {
                id,
                name,
                priority: Some(priority),
                first_response: first.parse().unwrap_or(default_first),
                resolution: resolve.parse().unwrap_or(default_resolve),
            },
        );
    }
    Ok(out)
}

/// Sets the targets of the policy for `priority` (creating it if the desk
/// has none); a target left `None` keeps its value.
pub fn set_sla_targets(
    conn: &Connection,
    priority: Priority,
    first_response: Option<Target>,
    resolution: Option<Target>,
) -> Result<()> {
    let updated = conn.execute(
        "UPDATE sla_policies SET
            first_response_target = coalesce(?2, first_response_target),
            resolution_target = coalesce(?3, resolution_target)
         WHERE priority = ?1",
        params![
            priority,
            first_response.map(|t| t.to_string()),
            resolution.map(|t| t.to_string())
        ],
    )?;
    if updated == 0 {
        let (default_first, default_resolution) = default_targets(priority);
        conn.execute(
            "INSERT INTO sla_policies (name, priority, first_response_target, resolution_target)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                format!("Default {priority}"),
                priority,
                first_response.unwrap_or(default_first).to_string(),
                resolution.unwrap_or(default_resolution).to_string()
            ],
        )?;
    }
    Ok(())
}

/// Replaces the opening intervals of one weekday (0 = Monday); an empty
/// list closes the desk that day.
pub fn set_day_openings(conn: &Connection, weekday: u8, intervals: &[(u16, u16)]) -> Result<()> {
    conn.execute("DELETE FROM business_hours WHERE weekday = ?1", [weekday])?;
    for &(opens, closes) in intervals {
        conn.execute(
            "INSERT INTO business_hours (weekday, opens_min, closes_min) VALUES (?1, ?2, ?3)",
            params![weekday, opens, closes],
        )?;
    }
    Ok(())
}

/// The holidays with their names, in date order.
pub fn holidays(conn: &Connection) -> Result<Vec<(NaiveDate, String)>> {
    let mut stmt = conn.prepare("SELECT day, name FROM holidays ORDER BY day")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(day, name)| {
            NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .ok()
                .map(|d| (d, name))
        })
        .collect())
}

/// Adds a holiday, or renames it if the date is one already.
pub fn add_holiday(conn: &Connection, day: NaiveDate, name: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO holidays (day, name) VALUES (?1, ?2)
         ON CONFLICT(day) DO UPDATE SET name = excluded.name",
        params![day.format("%Y-%m-%d").to_string(), name],
    )?;
    Ok(())
}

/// Removes a holiday; `false` when the date was not one.
pub fn remove_holiday(conn: &Connection, day: NaiveDate) -> Result<bool> {
    Ok(conn.execute(
        "DELETE FROM holidays WHERE day = ?1",
        [day.format("%Y-%m-%d").to_string()],
    )? > 0)
}
