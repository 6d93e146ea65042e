//! SLA compliance and time left, from each ticket's policy targets counted
//! in business time. The due times are the ones stored on the ticket (the
//! queue shows the same ones), so `loket sla set` does not rewrite history;
//! only records without them (built by hand) derive them here from
//! created_at, the targets and the history. The exact compliance (over
//! records) and the rollups' (`sla_compliance_from_sums`) end in one formula.

use serde::Serialize;

use super::facts::TicketFacts;
use super::rollup::cells::measure::{SLA_DUE, SLA_MET};
use super::rollup::cells::{Days, Sums};
use super::stats::ratio;
use super::window::Window;
use crate::domain::Status;
use crate::sla::Calendar;

/// One SLA target of one ticket: when it is due and when it was achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TargetOutcome {
    pub due: i64,
    pub achieved: Option<i64>,
}

impl TargetOutcome {
    /// Met: achieved at or before its due time.
    pub fn met(&self) -> bool {
        self.achieved.is_some_and(|at| at <= self.due)
    }

    /// Decided by `now`: achieved, or due time passed (then breached).
    pub fn decided(&self, now: i64) -> bool {
        self.achieved.is_some() || self.due <= now
    }
}

/// First-response target: due = created_at + target in business time;
/// achieved at the first agent contact.
pub fn first_response_target(t: &TicketFacts, calendar: &Calendar) -> Option<TargetOutcome> {
    let targets = t.targets?;
    Some(TargetOutcome {
        due: match t.first_response_due_at {
            Some(due) => due,
            None => calendar.due(t.created_at, targets.first_response)?,
        },
        achieved: t.first_agent_contact(),
    })
}

/// Resolution target: due = created_at + target in business time, moved
/// out by the business time spent pending (until it was achieved, or until
/// `now`); achieved at the last solve if the ticket is solved or closed now
/// (a reopened ticket has not achieved it).
pub fn resolution_target(t: &TicketFacts, calendar: &Calendar, now: i64) -> Option<TargetOutcome> {
    let targets = t.targets?;
    let achieved = if matches!(t.status, Status::Solved | Status::Closed) {
        t.last_solve()
    } else {
        None
    };
    let due = match t.resolution_due_at {
        Some(due) => due,
        None => {
            let base = calendar.due(t.created_at, targets.resolution)?;
            let paused = t.pending_business_secs(calendar, achieved.unwrap_or(now));
            calendar.add_business_secs(base, paused).unwrap_or(base)
        }
    };
    Some(TargetOutcome { due, achieved })
}

/// SLA compliance = of the targets (first response and resolution of every
/// ticket with a policy) whose due time is in W and that are decided by
/// `now`, the share met (achieved at or before due). A target due in W but
/// later than `now` and not yet achieved is still open and not counted.
pub fn sla_compliance(
    tickets: &[TicketFacts],
    window: Window,
    calendar: &Calendar,
    now: i64,
) -> Option<f64> {
    let (mut counted, mut met) = (0, 0);
    for t in tickets {
        let outcomes = [
            first_response_target(t, calendar),
            resolution_target(t, calendar, now),
        ];
        for o in outcomes.into_iter().flatten() {
            if window.contains(o.due) && o.decided(now) {
                counted += 1;
                if o.met() {
                    met += 1;
                }
            }
        }
    }
    sla_compliance_of(met, counted)
}

/// The SLA-compliance formula: targets met ÷ targets decided.
pub fn sla_compliance_of(met: usize, decided: usize) -> Option<f64> {
    ratio(met, decided)
}

/// [`sla_compliance`] over the rollups: `sla_met` ÷ the `sla_due` cells
/// less the targets not decided yet ([`Sums::sla_undecided`]).
pub fn sla_compliance_from_sums(s: &Sums, days: Days) -> Option<f64> {
    let decided = usize::try_from(s.sum(SLA_DUE, days).0 - s.sla_undecided).unwrap_or(0);
    sla_compliance_of(s.n(SLA_MET, days), decided)
}

/// SLA time left of an active ticket: business seconds from `now` until its
/// next target is due (first response while unanswered, else resolution);
/// negative when breached. `None` for inactive tickets or without a policy.
pub fn sla_time_left(t: &TicketFacts, calendar: &Calendar, now: i64) -> Option<i64> {
    if !t.status.is_active() {
        return None;
    }
    let first = first_response_target(t, calendar).filter(|o| o.achieved.is_none());
    let resolution = resolution_target(t, calendar, now);
    let next = [first, resolution]
        .into_iter()
        .flatten()
        .map(|o| o.due)
        .min()?;
    Some(calendar.time_left(now, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Channel, Priority};
    use crate::kpi::facts::{EventFact, SlaTargets};
    use crate::sla::Target;

    fn status_event(from: &str, to: &str, at: i64) -> EventFact {
        EventFact {
            kind: if to == "solved" {
                "solved"
            } else {
                "status_changed"
            }
            .into(),
            from: Some(from.into()),
            to: Some(to.into()),
            agent: None,
            at,
        }
    }

    #[test]
    fn pending_time_moves_the_resolution_due_out() {
        // Always open, 10 h resolution target, created at 0. Pending from
        // 2 h to 5 h (3 h), solved at 12 h: due 10 h + 3 h = 13 h, met.
        let cal = Calendar::always_open();
        let h = 3600;
        let t = TicketFacts {
            id: 1,
            created_at: 0,
            status: Status::Solved,
            priority: Priority::Normal,
            channel: Channel::Email,
            team: None,
            assignee: None,
            tags: vec![],
            targets: Some(SlaTargets {
                first_response: Target::Hours(1),
                resolution: Target::Hours(10),
            }),
            first_response_due_at: None,
            resolution_due_at: None,
            solved_at: Some(12 * h),
            messages: vec![],
            events: vec![
                status_event("open", "pending", 2 * h),
                status_event("pending", "open", 5 * h),
                status_event("open", "solved", 12 * h),
            ],
        };
        let outcome = resolution_target(&t, &cal, 100 * h).unwrap();
        assert_eq!(outcome.due, 13 * h);
        assert!(outcome.met());
        // Never answered: the first-response target (due 1 h) is breached.
        let first = first_response_target(&t, &cal).unwrap();
        assert!(!first.met() && first.decided(100 * h));
        // Counted in a window holding both due times: 1 of 2 met.
        let w = Window {
            from: 0,
            to: 24 * h,
        };
        assert_eq!(sla_compliance(&[t], w, &cal, 100 * h), Some(0.5));
    }
}
