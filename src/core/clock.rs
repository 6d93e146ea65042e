//! Time is data: code that needs "now" takes a [`Clock`], so tests fix it.

use chrono::{DateTime, TimeZone, Utc};

/// A source of the current instant.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl FixedClock {
    /// A fixed clock at `secs` seconds after the Unix epoch.
    pub fn at_unix(secs: i64) -> Self {
        FixedClock(Utc.timestamp_opt(secs, 0).single().unwrap_or_default())
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// Seconds since the epoch to a UTC instant; out-of-range values clamp to the epoch.
pub fn from_unix(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}
