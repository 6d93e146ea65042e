//! Numbers, instants and durations as the panes print them: compact
//! ("3d", "5h", "12m"; Dutch "5u"), in the desk's time zone, with the
//! language's thousands separator.

use chrono::TimeZone;

use crate::i18n::{Lang, Msg, t};
use crate::sla::Calendar;

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

/// Business seconds until `due`, negative once it has passed. A target
/// that passed after closing time has used no business time yet, but it is
/// missed all the same: that reads as just overdue ("-0m"), never as "0m".
pub fn sla_left(calendar: &Calendar, now: i64, due: i64) -> i64 {
    let left = calendar.time_left(now, due);
    if due < now { left.min(-1) } else { left }
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
    calendar
        .time_zone()
        .timestamp_opt(at, 0)
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
        // Saturday noon, due Friday 17:00 (closing): no business time passed, yet missed.
        let cal = Calendar::default_desk();
        let friday_close = 1_795_190_400; // 2026-11-20 16:00 UTC = 17:00 Amsterdam
        assert!(sla_left(&cal, friday_close + 19 * 3600, friday_close) < 0);
        assert_eq!(sla_left(&cal, friday_close - 3600, friday_close), 3600);
    }
}
