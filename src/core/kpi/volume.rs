//! How much work there is: ticket volume over a window, the backlog now, and
//! the backlog at the end of each day, rebuilt from the history. Each one's
//! exact path (over records) sits beside its rollup path (`*_from_sums`,
//! over the summed cells of [`super::rollup`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use super::facts::TicketFacts;
use super::rollup::cells::measure::{CREATED_CHANNEL, CREATED_TAG, CREATED_TEAM};
use super::rollup::cells::{Days, Sums};
use super::window::Window;

/// The key under which tickets without a team are counted.
pub const NO_TEAM: &str = "none";

/// Ticket volume: tickets with `created_at` in W, in total and per channel,
/// team (the team now) and tag (a ticket with two tags counts under both).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Volume {
    pub total: usize,
    pub by_channel: BTreeMap<String, usize>,
    pub by_team: BTreeMap<String, usize>,
    pub by_tag: BTreeMap<String, usize>,
}

/// Volume = |{ t : t.created_at ∈ W }|, also split per channel, team and tag.
pub fn volume(tickets: &[TicketFacts], window: Window) -> Volume {
    let mut out = Volume::default();
    for t in tickets.iter().filter(|t| window.contains(t.created_at)) {
        out.total += 1;
        *out.by_channel.entry(t.channel.as_str().into()).or_default() += 1;
        let team = t.team.clone().unwrap_or_else(|| NO_TEAM.into());
        *out.by_team.entry(team).or_default() += 1;
        for tag in &t.tags {
            *out.by_tag.entry(tag.clone()).or_default() += 1;
        }
    }
    out
}

/// [`volume`] over the rollups: the `created` cells, and those per
/// channel, team and tag.
pub fn volume_from_sums(s: &Sums, days: Days) -> Volume {
    Volume {
        total: s.created(days),
        by_channel: s.prefixed(CREATED_CHANNEL, days),
        by_team: s.prefixed(CREATED_TEAM, days),
        by_tag: s.prefixed(CREATED_TAG, days),
    }
}

/// The number of tickets created in W; the denominator of several rates.
pub fn created_in(tickets: &[TicketFacts], window: Window) -> usize {
    tickets
        .iter()
        .filter(|t| window.contains(t.created_at))
        .count()
}

pub use super::stats::Backlog;

/// Backlog (now) = tickets whose status is new, open, pending or on hold;
/// `new` = those without an assignee, `assigned` = those with one. (An open
/// ticket whose assignee was removed counts as new: nobody has it.)
pub fn backlog_now(tickets: &[TicketFacts]) -> Backlog {
    let mut out = Backlog::default();
    for t in tickets.iter().filter(|t| t.status.is_active()) {
        out.total += 1;
        if t.assignee.is_some() {
            out.assigned += 1;
        } else {
            out.new += 1;
        }
    }
    out
}

/// The backlog at the end of one local day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacklogDay {
    /// The local date, `YYYY-MM-DD`.
    pub date: String,
    pub backlog: usize,
}

/// Backlog trend: for each local day d of W (in the desk's zone), the number
/// of tickets created before the end of d whose status just before the end
/// of d — replayed from the history's status events, not today's status —
/// was new, open, pending or on hold. The last day ends at W's end.
pub fn backlog_trend(tickets: &[TicketFacts], window: Window, tz: Tz) -> Vec<BacklogDay> {
    window
        .day_ends(tz)
        .into_iter()
        .map(|(date, end)| BacklogDay {
            date: date.format("%Y-%m-%d").to_string(),
            backlog: tickets
                .iter()
                .filter(|t| t.status_before(end).is_some_and(|s| s.is_active()))
                .count(),
        })
        .collect()
}

/// [`backlog_trend`] over the rollups: the running sum of the backlog
/// changes (+1 a ticket turns active, −1 it stops) up to each day's end.
pub fn backlog_trend_from_sums(s: &Sums, days: Days) -> Vec<BacklogDay> {
    let mut running: i64 = s.backlog_days.range(..days.from).map(|(_, n)| n).sum();
    (days.from..days.to)
        .map(|day| {
            running += s.backlog_days.get(&day).copied().unwrap_or(0);
            BacklogDay {
                date: NaiveDate::from_num_days_from_ce_opt(day)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                backlog: usize::try_from(running).unwrap_or(0),
            }
        })
        .collect()
}
