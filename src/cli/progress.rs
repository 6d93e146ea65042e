//! What long imports and exports show on stderr while they run: a line
//! that updates in place on a terminal, a plain line every few seconds
//! otherwise (a log, a pipe), nothing with `--quiet`. The counting is the
//! core's ([`crate::exchange::Progress`]); issue 15 may put bars here.

use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

use crate::exchange::{Progress, Step};
use crate::i18n::{self, Lang, Msg, fill};

/// Shows progress on stderr.
pub struct Stderr {
    lang: Lang,
    counting: Msg,
    terminal: bool,
    started: Instant,
    last: Option<Instant>,
    /// Whether an updating line is on screen (ended before anything else).
    open_line: bool,
    /// The count last shown, so the same line is not shown twice.
    shown: Option<u64>,
}

impl Stderr {
    /// `counting` is the line's text: [`Msg::CliProgressRead`] or
    /// [`Msg::CliProgressWritten`].
    pub fn new(lang: Lang, counting: Msg) -> Stderr {
        Stderr {
            lang,
            counting,
            terminal: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
            open_line: false,
            shown: None,
        }
    }

    /// Nothing is shown for work shorter than this.
    const QUIET_FOR: Duration = Duration::from_secs(2);

    fn every(&self) -> Duration {
        if self.terminal {
            Duration::from_millis(200)
        } else {
            Duration::from_secs(5)
        }
    }

    fn show(&mut self, text: &str, updating: bool) {
        let mut err = std::io::stderr().lock();
        // A terminal's line is rewritten in place; "\x1b[K" clears what a
        // longer text before it left.
        let _ = if self.terminal && updating {
            self.open_line = true;
            write!(err, "\r{text}\x1b[K")
        } else if self.terminal && self.open_line {
            self.open_line = false;
            writeln!(err, "\r{text}\x1b[K")
        } else {
            writeln!(err, "{text}")
        };
        let _ = err.flush();
    }

    /// Ends an updating line, so what follows starts on its own.
    pub fn finish(&mut self) {
        if self.open_line {
            self.open_line = false;
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err);
        }
    }
}

impl Drop for Stderr {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Progress for Stderr {
    fn tickets(&mut self, done: u64, total: u64) {
        let now = Instant::now();
        if now - self.started < Self::QUIET_FOR {
            return;
        }
        let due = self.last.is_none_or(|last| now - last >= self.every());
        if (!due && done < total) || self.shown == Some(done) {
            return;
        }
        self.last = Some(now);
        self.shown = Some(done);
        let secs = (now - self.started).as_secs_f64().max(0.001);
        let rate = done as f64 / secs;
        let left = if rate > 0.0 {
            (total.saturating_sub(done) as f64 / rate).round() as i64
        } else {
            0
        };
        let n = |v: u64| i18n::format::thousands(self.lang, i64::try_from(v).unwrap_or(i64::MAX));
        let text = fill(
            i18n::t(self.lang, self.counting),
            &[
                ("done", &n(done)),
                ("total", &n(total)),
                ("rate", &n(rate as u64)),
                ("left", &left),
            ],
        );
        self.show(&text, true);
    }

    fn step(&mut self, step: Step) {
        if Instant::now() - self.started < Self::QUIET_FOR {
            return;
        }
        let msg = match step {
            Step::Indexes => Msg::CliStepIndexes,
            Step::Links => Msg::CliStepLinks,
            Step::Rollups => Msg::CliStepRollups,
            Step::Committing => Msg::CliStepCommitting,
        };
        let text = i18n::t(self.lang, msg).to_string();
        self.show(&text, true);
        // Steps say where the time goes; the line stays until the next.
    }
}
