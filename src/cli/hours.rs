//! `loket hours show|set|holiday`: the desk's weekly opening hours, time
//! zone and holidays, which the SLA clocks and business durations count in.

use anyhow::Result;
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;

use super::{Cli, Context, UsageError, outln};
use crate::i18n::{Lang, Msg, fill, t};
use crate::store::audit;
use crate::store::rights::Right;
use crate::store::{self, settings};
use crate::text::clean_line;

#[derive(Debug, Subcommand)]
pub enum HoursCommand {
    /// The weekly schedule, time zone and holidays
    Show {
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Set the hours of some days, the time zone, or both:
    /// `hours set mon-fri 09:00-17:00`, `hours set mon 09:00-12:00,13:00-17:00`,
    /// `hours set sat,sun closed`, `hours set --timezone Europe/Amsterdam`
    Set {
        /// Days: mon, mon-fri, sat,sun or all
        days: Option<String>,
        /// Hours: 09:00-17:00, several as 09:00-12:00,13:00-17:00, 00:00-24:00, or closed
        hours: Option<String>,
        /// The desk's IANA time zone, like Europe/Amsterdam
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
        /// Print the hours as one JSON document afterwards
        #[arg(long)]
        json: bool,
    },
    /// Add or remove a holiday (the desk is closed all that local day)
    #[command(subcommand)]
    Holiday(HolidayCommand),
}

#[derive(Debug, Subcommand)]
pub enum HolidayCommand {
    /// Add a holiday: `hours holiday add 2026-12-25 "Christmas Day"`
    Add {
        /// YYYY-MM-DD
        date: String,
        name: Option<String>,
        /// Print the hours as one JSON document afterwards
        #[arg(long)]
        json: bool,
    },
    /// Remove a holiday
    Rm {
        /// YYYY-MM-DD
        date: String,
        /// Print the hours as one JSON document afterwards
        #[arg(long)]
        json: bool,
    },
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DUTCH_DAY_NAMES: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];

fn weekday(name: &str) -> Option<u8> {
    let name = name.trim().to_ascii_lowercase();
    let short: String = name.chars().take(3).collect();
    DAY_NAMES
        .iter()
        .position(|d| *d == short)
        .or_else(|| DUTCH_DAY_NAMES.iter().position(|d| name == *d))
        .and_then(|i| u8::try_from(i).ok())
}

/// Days as written on the command line: `mon`, `mon-fri`, `sat,sun`,
/// `fri-mon` (wrapping round the weekend), or `all`. Monday is 0.
pub fn parse_days(text: &str) -> Option<Vec<u8>> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Some((0..7).collect());
    }
    let mut days = Vec::new();
    for part in text.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (mut day, last) = (weekday(a)?, weekday(b)?);
                loop {
                    days.push(day);
                    if day == last {
                        break;
                    }
                    day = (day + 1) % 7;
                }
            }
            None => days.push(weekday(part)?),
        }
    }
    days.sort_unstable();
    days.dedup();
    (!days.is_empty()).then_some(days)
}

fn parse_clock(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    let minutes = h.checked_mul(60)?.checked_add(m)?;
    (m < 60 && minutes <= 1440).then_some(minutes)
}

/// Opening hours of a day: `09:00-17:00`, `09:00-12:00,13:00-17:00`,
/// `00:00-24:00`, or `closed` (no intervals). Intervals must not overlap.
pub fn parse_intervals(text: &str) -> Option<Vec<(u16, u16)>> {
    if text.trim().eq_ignore_ascii_case("closed") {
        return Some(Vec::new());
    }
    let mut intervals = Vec::new();
    for part in text.split(',') {
        let (a, b) = part.split_once('-')?;
        let (opens, closes) = (parse_clock(a)?, parse_clock(b)?);
        if opens >= closes {
            return None;
        }
        intervals.push((opens, closes));
    }
    intervals.sort_unstable();
    if intervals.windows(2).any(|w| w[1].0 < w[0].1) {
        return None;
    }
    Some(intervals)
}

/// The week's openings and the time zone, as the audit keeps them.
fn hours_json(conn: &rusqlite::Connection) -> store::Result<Option<String>> {
    Ok(Some(conn.query_row(
        "SELECT json_object('timezone', (SELECT value FROM settings WHERE key = ?1),
                'week', (SELECT json_group_array(json_array(weekday, opens_min, closes_min))
                         FROM (SELECT * FROM business_hours ORDER BY weekday, opens_min)))",
        [settings::TIMEZONE_KEY],
        |r| r.get(0),
    )?))
}

fn parse_date(lang: Lang, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| UsageError(fill(t(lang, Msg::HoursBadDate), &[("date", &text)])).into())
}

fn minutes_text(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The schedule as `hours show --json` prints it.
#[derive(Debug, Serialize)]
struct HoursView {
    timezone: String,
    /// Day name (mon … sun) to its intervals, like "09:00-17:00"; empty when closed.
    week: std::collections::BTreeMap<String, Vec<String>>,
    holidays: Vec<HolidayView>,
}

#[derive(Debug, Serialize)]
struct HolidayView {
    date: String,
    name: String,
}

/// Runs an `hours` command.
pub fn run(cli: &Cli, context: &Context, command: &HoursCommand) -> Result<()> {
    let lang = context.lang;
    let writes = !matches!(command, HoursCommand::Show { .. });
    let mut conn = super::open_for(cli, context, writes)?;
    let json = match command {
        HoursCommand::Show { json } => *json,
        HoursCommand::Set {
            days,
            hours,
            timezone,
            json,
        } => {
            // Everything is checked before anything is written.
            let schedule = match (days, hours) {
                (Some(days), Some(hours)) => {
                    let days = parse_days(days).ok_or_else(|| {
                        UsageError(fill(t(lang, Msg::HoursBadDays), &[("days", days)]))
                    })?;
                    let intervals = parse_intervals(hours).ok_or_else(|| {
                        UsageError(fill(t(lang, Msg::HoursBadIntervals), &[("hours", hours)]))
                    })?;
                    Some((days, intervals))
                }
                (None, None) => None,
                _ => return Err(UsageError(t(lang, Msg::HoursNothingToSet).into()).into()),
            };
            let zone = match timezone {
                Some(name) => Some(name.trim().parse::<chrono_tz::Tz>().map_err(|_| {
                    UsageError(fill(t(lang, Msg::HoursBadZone), &[("zone", name)]))
                })?),
                None => None,
            };
            if schedule.is_none() && zone.is_none() {
                return Err(UsageError(t(lang, Msg::HoursNothingToSet).into()).into());
            }
            let actor = super::actor(&conn, cli, context)?;
            store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                audit::guarded(
                    tx,
                    actor,
                    Right::ManageHours,
                    audit::Kind::Hours,
                    "hours",
                    hours_json,
                    || {
                        if let Some((days, intervals)) = &schedule {
                            for &day in days {
                                settings::set_day_openings(tx, day, intervals)?;
                            }
                        }
                        if let Some(zone) = zone {
                            settings::set(tx, settings::TIMEZONE_KEY, zone.name())?;
                        }
                        Ok(())
                    },
                )
            })?;
            *json
        }
        HoursCommand::Holiday(HolidayCommand::Add { date, name, json }) => {
            let day = parse_date(lang, date)?;
            let name = name.as_deref().map(clean_line).unwrap_or_default();
            let actor = super::actor(&conn, cli, context)?;
            let subject = day.to_string();
            store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                audit::guarded(
                    tx,
                    actor,
                    Right::ManageHours,
                    audit::Kind::Holiday,
                    &subject,
                    |c| audit::rows_json(c, "holidays", "day = ?1", &subject),
                    || settings::add_holiday(tx, day, &name),
                )
            })?;
            *json
        }
        HoursCommand::Holiday(HolidayCommand::Rm { date, json }) => {
            let day = parse_date(lang, date)?;
            let actor = super::actor(&conn, cli, context)?;
            let subject = day.to_string();
            let removed = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                audit::guarded(
                    tx,
                    actor,
                    Right::ManageHours,
                    audit::Kind::Holiday,
                    &subject,
                    |c| audit::rows_json(c, "holidays", "day = ?1", &subject),
                    || settings::remove_holiday(tx, day),
                )
            })?;
            if !removed {
                return Err(
                    UsageError(fill(t(lang, Msg::HoursNoSuchHoliday), &[("date", &day)])).into(),
                );
            }
            *json
        }
    };
    show(&conn, lang, json)
}

fn show(conn: &rusqlite::Connection, lang: Lang, json: bool) -> Result<()> {
    let calendar = settings::calendar(conn)?;
    let mut week: std::collections::BTreeMap<u8, Vec<String>> =
        (0..7).map(|d| (d, Vec::new())).collect();
    for o in calendar.openings() {
        week.entry(o.weekday).or_default().push(format!(
            "{}-{}",
            minutes_text(o.opens_min),
            minutes_text(o.closes_min)
        ));
    }
    let holidays: Vec<HolidayView> = settings::holidays(conn)?
        .into_iter()
        .map(|(date, name)| HolidayView {
            date: date.format("%Y-%m-%d").to_string(),
            name,
        })
        .collect();
    if json {
        let view = HoursView {
            timezone: calendar.time_zone().name().to_string(),
            week: week
                .into_iter()
                .map(|(d, v)| (DAY_NAMES[usize::from(d)].to_string(), v))
                .collect(),
            holidays,
        };
        return outln(serde_json::to_string_pretty(&view)?);
    }
    outln(fill(
        t(lang, Msg::HoursZone),
        &[("zone", &calendar.time_zone().name())],
    ))?;
    for (day, intervals) in &week {
        let hours = if intervals.is_empty() {
            t(lang, Msg::HoursClosed).to_string()
        } else {
            intervals.join(", ")
        };
        let name = match lang {
            Lang::En => DAY_NAMES[usize::from(*day)],
            Lang::Nl => DUTCH_DAY_NAMES[usize::from(*day)],
        };
        outln(format!("{name}  {hours}"))?;
    }
    if holidays.is_empty() {
        outln(t(lang, Msg::HoursNoHolidays))
    } else {
        outln(t(lang, Msg::HoursHolidays))?;
        for h in &holidays {
            outln(format!("  {}  {}", h.date, h.name).trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_ranges() {
        assert_eq!(parse_days("mon-fri"), Some(vec![0, 1, 2, 3, 4]));
        assert_eq!(parse_days("sat,sun"), Some(vec![5, 6]));
        assert_eq!(parse_days("fri-mon"), Some(vec![0, 4, 5, 6]));
        assert_eq!(parse_days("ma-vr"), Some(vec![0, 1, 2, 3, 4]));
        assert_eq!(parse_days("all").map(|d| d.len()), Some(7));
        assert_eq!(parse_days("someday"), None);
    }

    #[test]
    fn intervals_in_order_without_overlap() {
        assert_eq!(parse_intervals("09:00-17:00"), Some(vec![(540, 1020)]));
        assert_eq!(
            parse_intervals("13:00-17:00,09:00-12:00"),
            Some(vec![(540, 720), (780, 1020)])
        );
        assert_eq!(parse_intervals("00:00-24:00"), Some(vec![(0, 1440)]));
        assert_eq!(parse_intervals("closed"), Some(vec![]));
        assert_eq!(parse_intervals("17:00-09:00"), None);
        assert_eq!(parse_intervals("09:00-12:00,11:00-13:00"), None);
        assert_eq!(parse_intervals("9-5"), None);
        assert_eq!(parse_intervals("09:60-10:00"), None);
        assert_eq!(parse_intervals("24:30-25:00"), None);
    }
}
