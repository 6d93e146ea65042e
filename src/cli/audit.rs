//! `loket audit`: the settings changes of the desk, who made them, when,
//! and the values before and after (supervisors and admins).

use anyhow::Result;
use clap::Args;

use super::{Cli, Context, UsageError, open_for, outln};
use crate::i18n::{self, Msg};
use crate::store::{audit, rights};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only changes from this moment on: an RFC 3339 time, a date (2026-11-23), or an age like 24h or 7d
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
    /// Print one JSON document (an array of entries)
    #[arg(long)]
    json: bool,
}

/// Reads `--since`: a time, a date (midnight UTC) or an age before `now`.
pub fn parse_since(text: &str, now: i64) -> Result<i64, String> {
    let t = text.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(at.timestamp());
    }
    if let Ok(day) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        && let Some(midnight) = day.and_hms_opt(0, 0, 0)
    {
        return Ok(midnight.and_utc().timestamp());
    }
    let (number, unit) = t.split_at(t.len().saturating_sub(1));
    let seconds = match unit {
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => 0,
    };
    match number.parse::<i64>() {
        Ok(n) if seconds > 0 && n >= 0 => Ok(now - n * seconds),
        _ => Err(format!(
            "'{text}' is not a moment; give a time like 2026-11-23T09:00:00Z, a date like 2026-11-23, or an age like 24h or 7d"
        )),
    }
}

pub fn run(cli: &Cli, context: &Context, args: &AuditArgs) -> Result<()> {
    let conn = open_for(cli, context, false)?;
    let now = chrono::Utc::now().timestamp();
    let agent = super::identity::writer(&conn, cli.agent.as_deref(), context)?;
    rights::require(&conn, Some(agent.id), rights::Right::SeeReports, None)?;
    let since = match &args.since {
        Some(text) => Some(parse_since(text, now).map_err(UsageError)?),
        None => None,
    };
    let entries = audit::list(&conn, since)?;
    if args.json {
        let views: Vec<serde_json::Value> = entries
            .iter()
            .map(|e| {
                let parse = |v: &Option<String>| {
                    v.as_deref()
                        .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
                        .unwrap_or(serde_json::Value::Null)
                };
                serde_json::json!({
                    "id": e.id,
                    "at": chrono::DateTime::from_timestamp(e.at, 0).map(|t| t.to_rfc3339()),
                    "agent": e.agent,
                    "kind": e.kind,
                    "subject": e.subject,
                    "before": parse(&e.before),
                    "after": parse(&e.after),
                })
            })
            .collect();
        return outln(serde_json::to_string_pretty(&views)?);
    }
    if entries.is_empty() {
        eprintln!("{}", i18n::t(context.lang, Msg::AuditNothing));
        return Ok(());
    }
    let system = i18n::t(context.lang, Msg::AuditSystem);
    for e in &entries {
        let at = chrono::DateTime::from_timestamp(e.at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_default();
        outln(format!(
            "{at}  {:<12}  {:<11}  {}",
            crate::text::clean_line(e.agent.as_deref().unwrap_or(system)),
            e.kind,
            crate::text::clean_line(&e.subject)
        ))?;
        outln(format!(
            "    - {}",
            crate::text::clean_line(e.before.as_deref().unwrap_or("—"))
        ))?;
        outln(format!(
            "    + {}",
            crate::text::clean_line(e.after.as_deref().unwrap_or("—"))
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_since;

    #[test]
    fn since_reads_times_dates_and_ages() {
        assert_eq!(parse_since("1970-01-02", 0), Ok(86_400));
        assert_eq!(parse_since("1970-01-01T00:01:00Z", 0), Ok(60));
        assert_eq!(parse_since("2h", 10_000), Ok(10_000 - 7200));
        assert_eq!(parse_since("7d", 1_000_000), Ok(1_000_000 - 7 * 86_400));
        assert!(parse_since("soon", 0).is_err());
    }
}
