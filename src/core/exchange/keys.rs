//! What the JSON and CSV exports share: the keys objects travel by, and
//! times as written.

use chrono::{DateTime, Utc};

/// A customer's key in exchanged files: the e-mail address, else the
/// stored external id, else `loket-customer-<id>`.
pub const CUSTOMER_KEY_SQL: &str = "coalesce(c.email, c.external_id, 'loket-customer-' || c.id)";

/// The ticket's key in exchanged files: its external id, or `loket-<id>`.
pub const EXTERNAL_ID_SQL: &str = "coalesce(t.external_id, 'loket-' || t.id)";

/// Unix seconds as the time written.
pub(super) fn at(secs: i64) -> DateTime<Utc> {
    crate::clock::from_unix(secs)
}
