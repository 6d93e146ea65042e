//! How the panes print numbers, instants and durations: the locale
//! formatters live in [`crate::i18n::format`] (one copy, shared with the
//! command line) and are re-exported here so a pane imports one module; what
//! is the console's own is the SLA countdown, [`sla_left`].

pub use crate::i18n::format::{age, talk_time, thousands, time_left, when};
use crate::sla::Calendar;

/// Business seconds until `due`, negative once it has passed. A target
/// that passed after closing time has used no business time yet, but it is
/// missed all the same: that reads as just overdue ("-0m"), never as "0m".
pub fn sla_left(calendar: &Calendar, now: i64, due: i64) -> i64 {
    let left = calendar.time_left(now, due);
    if due < now { left.min(-1) } else { left }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_missed_after_closing_is_overdue() {
        // Saturday noon, due Friday 17:00 (closing): no business time passed, yet missed.
        let cal = Calendar::default_desk();
        let friday_close = 1_795_190_400; // 2026-11-20 16:00 UTC = 17:00 Amsterdam
        assert!(sla_left(&cal, friday_close + 19 * 3600, friday_close) < 0);
        assert_eq!(sla_left(&cal, friday_close - 3600, friday_close), 3600);
    }
}
