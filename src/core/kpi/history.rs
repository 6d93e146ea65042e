//! What a ticket's thread and history say at a given instant: its agent
//! contacts, its solves and reopens, its status at any moment, and the time
//! it spent waiting on the customer. Shared by the KPI modules so each
//! question is answered one way.

use super::facts::TicketFacts;
use crate::domain::Status;
use crate::sla::Calendar;

impl TicketFacts {
    /// Instants of agent contacts (public replies and calls at their start),
    /// in time order.
    pub fn agent_contact_times(&self) -> impl Iterator<Item = i64> + '_ {
        self.messages
            .iter()
            .filter(|m| m.is_agent_contact())
            .map(|m| m.at)
    }

    /// The first agent contact, if any.
    pub fn first_agent_contact(&self) -> Option<i64> {
        self.agent_contact_times().min()
    }

    /// Every solve, in time order: the history's `solved` events, or the
    /// stored last solve when the history has none (an import without events).
    pub fn solve_times(&self) -> Vec<i64> {
        let from_history: Vec<i64> = self
            .events
            .iter()
            .filter(|e| e.kind == "solved")
            .map(|e| e.at)
            .collect();
        if from_history.is_empty() {
            self.solved_at.into_iter().collect()
        } else {
            from_history
        }
    }

    /// The last solve, if the ticket was ever solved.
    pub fn last_solve(&self) -> Option<i64> {
        self.solve_times().into_iter().max()
    }

    /// Whether the ticket was reopened at any time after a solve.
    pub fn reopened_after_a_solve(&self) -> bool {
        let Some(first_solve) = self.solve_times().into_iter().min() else {
            return false;
        };
        self.events
            .iter()
            .any(|e| e.kind == "reopened" && e.at >= first_solve)
    }

    /// Whether the history has any reopen.
    pub fn ever_reopened(&self) -> bool {
        self.events.iter().any(|e| e.kind == "reopened")
    }

    /// The status just before `at` (changes at `at` itself not yet made);
    /// `None` before the ticket existed. Without status events in its history
    /// the ticket is taken to have had its current status all along.
    pub fn status_before(&self, at: i64) -> Option<Status> {
        if self.created_at >= at {
            return None;
        }
        let mut changes = self
            .events
            .iter()
            .filter_map(|e| e.new_status().map(|s| (e, s)))
            .peekable();
        let Some((first, _)) = changes.peek() else {
            return Some(self.status);
        };
        // Before the first change, the ticket had that change's old status.
        let mut status = first
            .from
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or(Status::New);
        for (event, new) in changes {
            if event.at >= at {
                break;
            }
            status = new;
        }
        Some(status)
    }

    /// The spans `[start, end)` the ticket was pending before `until`.
    pub fn pending_spans(&self, until: i64) -> Vec<(i64, i64)> {
        let mut spans = Vec::new();
        let mut since: Option<i64> = None;
        for event in &self.events {
            let Some(new) = event.new_status() else {
                continue;
            };
            if event.at >= until {
                break;
            }
            match (since, new) {
                (None, Status::Pending) => since = Some(event.at),
                (Some(start), s) if s != Status::Pending => {
                    spans.push((start, event.at));
                    since = None;
                }
                _ => {}
            }
        }
        if let Some(start) = since {
            spans.push((start, until));
        }
        spans
    }

    /// Business seconds spent pending before `until`: how far the resolution
    /// target moves out.
    pub fn pending_business_secs(&self, calendar: &Calendar, until: i64) -> i64 {
        self.pending_spans(until)
            .into_iter()
            .map(|(a, b)| calendar.business_secs_between(a, b))
            .sum()
    }

    /// The assignee just before `at`, from the `assigned` events (login names).
    pub fn assignee_before(&self, at: i64) -> Option<String> {
        let mut assignee = None;
        let mut seen = false;
        for event in self.events.iter().filter(|e| e.kind == "assigned") {
            if event.at >= at {
                if !seen {
                    return event.from.clone();
                }
                break;
            }
            seen = true;
            assignee = event.to.clone();
        }
        if seen {
            assignee
        } else {
            self.assignee.clone()
        }
    }
}
