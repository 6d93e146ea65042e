//! Numbers, durations and instants in the desk's language: the one home of
//! every formatter whose output depends on [`Lang`] (decimal mark, thousands
//! separator, unit letters), used by the console's panes and the command
//! line alike, so "3u 20m" and "1.834" read the same in both.

use chrono::TimeZone;

use super::{Lang, Msg, t};
use crate::sla::Calendar;

/// A number written with the language's decimal mark (Dutch: 0,5).
pub fn decimal(lang: Lang, text: String) -> String {
    match lang {
        Lang::En => text,
        Lang::Nl => text.replace('.', ","),
    }
}

/// A count with thousands separators: 1,834 (English), 1.834 (Dutch).
pub fn thousands(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let separator = match lang {
        Lang::En => ',',
        Lang::Nl => '.',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A share as a percentage with one decimal: "87.5%" (Dutch "87,5%").
pub fn percent(lang: Lang, fraction: f64) -> String {
    decimal(lang, format!("{:.1}%", fraction * 100.0))
}

/// A duration for people, in its two largest units: "45s", "12m 05s",
/// "3h 20m", "2d 4h" (Dutch "3u 20m"). Days here are 24 hours: this is for
/// calendar and mean durations, not business time (see [`time_left`]).
/// A negative amount prints its seconds part only, as the report always
/// has; the dashboard clamps to zero before it asks.
pub fn duration(lang: Lang, secs: f64) -> String {
    let secs = secs.round() as i64;
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let (ud, uh, um, us) = (
        t(lang, Msg::UnitDay),
        t(lang, Msg::UnitHour),
        t(lang, Msg::UnitMinute),
        t(lang, Msg::UnitSecond),
    );
    if d > 0 {
        format!("{d}{ud} {h}{uh}")
    } else if h > 0 {
        format!("{h}{uh} {m:02}{um}")
    } else if m > 0 {
        format!("{m}{um} {s:02}{us}")
    } else {
        format!("{s}{us}")
    }
}

/// An age in its largest unit: "3d", "5h", "12m".
pub fn age(lang: Lang, secs: i64) -> String {
    let secs = secs.max(0);
    if secs >= 86_400 {
        format!("{}{}", secs / 86_400, t(lang, Msg::UnitDay))
    } else if secs >= 3600 {
        format!("{}{}", secs / 3600, t(lang, Msg::UnitHour))
    } else {
        format!("{}{}", secs / 60, t(lang, Msg::UnitMinute))
    }
}

/// Business time left, signed: "2h 10m", "-3h 05m", "45m"; from a day's
/// worth of hours on, minutes are noise and are left off: "-464h". Hours
/// are not rolled into days: a business day is not 24 hours.
pub fn time_left(lang: Lang, secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let minutes = secs.unsigned_abs() / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    if h >= 24 {
        format!("{sign}{h}{}", t(lang, Msg::UnitHour))
    } else if h == 0 {
        format!("{sign}{m}{}", t(lang, Msg::UnitMinute))
    } else {
        format!(
            "{sign}{h}{} {m:02}{}",
            t(lang, Msg::UnitHour),
            t(lang, Msg::UnitMinute)
        )
    }
}

/// A call's talk time: "4m 30s", "1h 02m".
pub fn talk_time(lang: Lang, secs: i64) -> String {
    let secs = secs.max(0);
    if secs >= 3600 {
        time_left(lang, secs)
    } else {
        format!(
            "{}{} {:02}{}",
            secs / 60,
            t(lang, Msg::UnitMinute),
            secs % 60,
            t(lang, Msg::UnitSecond)
        )
    }
}

/// An instant in the desk's time zone: "2026-11-23 10:15".
pub fn when(calendar: &Calendar, at: i64) -> String {
    when_in(calendar.time_zone(), at)
}

/// [`when`] in any zone (a report names its zone without a calendar).
pub fn when_in(tz: chrono_tz::Tz, at: i64) -> String {
    tz.timestamp_opt(at, 0)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_and_localised() {
        assert_eq!(thousands(Lang::En, 1834), "1,834");
        assert_eq!(thousands(Lang::Nl, 1_000_000), "1.000.000");
        assert_eq!(thousands(Lang::En, 999), "999");
        assert_eq!(age(Lang::En, 3 * 86_400 + 5), "3d");
        assert_eq!(age(Lang::Nl, 5 * 3600 + 59), "5u");
        assert_eq!(age(Lang::En, 12 * 60 + 59), "12m");
        assert_eq!(time_left(Lang::En, 2 * 3600 + 10 * 60), "2h 10m");
        assert_eq!(time_left(Lang::En, -(3 * 3600 + 5 * 60)), "-3h 05m");
        assert_eq!(time_left(Lang::Nl, 45 * 60), "45m");
        assert_eq!(talk_time(Lang::En, 270), "4m 30s");
        assert_eq!(time_left(Lang::En, -1), "-0m");
        assert_eq!(time_left(Lang::Nl, -(464 * 3600 + 59)), "-464u");
        assert_eq!(time_left(Lang::En, 23 * 3600 + 59 * 60), "23h 59m");
    }

    #[test]
    fn durations_read_in_their_largest_units() {
        assert_eq!(duration(Lang::En, 45.0), "45s");
        assert_eq!(duration(Lang::En, 725.0), "12m 05s");
        assert_eq!(duration(Lang::Nl, 3.0 * 3600.0 + 1200.0), "3u 20m");
        assert_eq!(duration(Lang::En, 2.0 * 86_400.0 + 4.0 * 3600.0), "2d 4h");
        assert_eq!(duration(Lang::En, -65.0), "-5s");
    }

    #[test]
    fn shares_and_instants() {
        assert_eq!(percent(Lang::En, 0.875), "87.5%");
        assert_eq!(percent(Lang::Nl, 0.875), "87,5%");
        assert_eq!(decimal(Lang::Nl, "12.50".into()), "12,50");
        // 2026-11-23 09:15 UTC is 10:15 in Amsterdam.
        assert_eq!(
            when(&Calendar::default_desk(), 1_795_425_300),
            "2026-11-23 10:15"
        );
    }
}
