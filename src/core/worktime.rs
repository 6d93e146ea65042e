//! Work sessions for AHT (KPIS.md), as a pure state machine over instants.
//!
//! A session starts when an agent opens a ticket for work and ends when the
//! agent leaves it, sends, or after [`IDLE_LIMIT`] seconds without input.
//! Its active time leaves the idle part out: a session that times out ends
//! at its last input, not five minutes later. Input after a timeout, on the
//! same ticket, starts a new session.

/// Seconds without input after which a session ends.
pub const IDLE_LIMIT: i64 = 5 * 60;

/// A finished work session, ready to be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finished {
    pub ticket: i64,
    pub started: i64,
    pub ended: i64,
    pub active_s: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Open {
    ticket: i64,
    started: i64,
    last_input: i64,
}

impl Open {
    fn finish(self, at: i64) -> Finished {
        let ended = at.max(self.started);
        Finished {
            ticket: self.ticket,
            started: self.started,
            ended,
            active_s: ended - self.started,
        }
    }
}

/// Tracks the one ticket an agent is working on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkTimer {
    open: Option<Open>,
    /// The ticket shown, kept across a timeout so input can resume work on it.
    ticket: Option<i64>,
}

impl WorkTimer {
    /// The ticket a session is running on, if any.
    pub fn working_on(&self) -> Option<i64> {
        self.open.map(|o| o.ticket)
    }

    /// The agent opens `ticket` for work. Ends the session on another ticket.
    pub fn open(&mut self, ticket: i64, now: i64) -> Option<Finished> {
        let ended = match self.open {
            Some(o) if o.ticket == ticket => {
                self.open = Some(Open {
                    last_input: now,
                    ..o
                });
                return None;
            }
            Some(o) => Some(o.finish(now)),
            None => None,
        };
        self.open = Some(Open {
            ticket,
            started: now,
            last_input: now,
        });
        self.ticket = Some(ticket);
        ended
    }

    /// Any key or edit while the ticket is open.
    pub fn input(&mut self, now: i64) -> Option<Finished> {
        let timed_out = self.tick(now);
        match (&mut self.open, self.ticket) {
            (Some(o), _) => o.last_input = now,
            (None, Some(ticket)) => {
                self.open = Some(Open {
                    ticket,
                    started: now,
                    last_input: now,
                })
            }
            (None, None) => {}
        }
        timed_out
    }

    /// Time passes: ends the session, at its last input, once idle too long.
    pub fn tick(&mut self, now: i64) -> Option<Finished> {
        match self.open {
            Some(o) if now - o.last_input >= IDLE_LIMIT => {
                self.open = None;
                Some(o.finish(o.last_input))
            }
            _ => None,
        }
    }

    /// The agent sends a reply: the session ends now.
    pub fn send(&mut self, now: i64) -> Option<Finished> {
        let timed_out = self.tick(now);
        timed_out.or_else(|| self.open.take().map(|o| o.finish(now)))
    }

    /// The agent leaves the ticket (back to the queue, another ticket, quit).
    pub fn leave(&mut self, now: i64) -> Option<Finished> {
        self.ticket = None;
        self.send(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaving_ends_the_session_with_all_its_time() {
        let mut w = WorkTimer::default();
        assert_eq!(w.open(7, 1000), None);
        assert_eq!(w.input(1100), None);
        let done = w.leave(1250).unwrap();
        assert_eq!(
            done,
            Finished {
                ticket: 7,
                started: 1000,
                ended: 1250,
                active_s: 250
            }
        );
        assert_eq!(w.working_on(), None);
        assert_eq!(w.leave(1300), None, "nothing open, nothing ended");
    }

    #[test]
    fn idle_time_is_left_out_and_input_starts_a_new_session() {
        let mut w = WorkTimer::default();
        w.open(7, 0);
        w.input(120);
        assert_eq!(w.tick(120 + IDLE_LIMIT - 1), None, "not yet idle");
        let done = w.tick(120 + IDLE_LIMIT).unwrap();
        assert_eq!(
            (done.ended, done.active_s),
            (120, 120),
            "ends at the last input"
        );
        assert_eq!(w.working_on(), None);
        // The agent comes back to the same ticket: a new session.
        assert_eq!(w.input(2000), None);
        assert_eq!(w.working_on(), Some(7));
        let done = w.send(2060).unwrap();
        assert_eq!((done.started, done.active_s), (2000, 60));
    }

    #[test]
    fn a_long_pause_is_noticed_on_the_next_input() {
        let mut w = WorkTimer::default();
        w.open(3, 0);
        let done = w.input(10_000).unwrap();
        assert_eq!((done.started, done.ended, done.active_s), (0, 0, 0));
        assert_eq!(w.working_on(), Some(3), "the input itself starts new work");
    }

    #[test]
    fn opening_another_ticket_ends_the_first() {
        let mut w = WorkTimer::default();
        w.open(1, 0);
        assert_eq!(w.open(1, 30), None, "reopening the same ticket goes on");
        let done = w.open(2, 90).unwrap();
        assert_eq!((done.ticket, done.active_s), (1, 90));
        assert_eq!(w.working_on(), Some(2));
    }
}
