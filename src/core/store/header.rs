//! What marks a SQLite file as a loket database: the `application_id` field
//! of its header. Opening checks it, migrating writes it; it sits below
//! both so neither imports the other for it.

/// `PRAGMA application_id` of a loket database: "LOKT" in ASCII.
pub const APPLICATION_ID: i64 = 0x4C4F_4B54;
