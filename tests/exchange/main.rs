//! Data in and out in bulk: import and export, and the demo generator.
//!
//! | module | checks |
//! |---|---|
//! | `import_export` | JSON and CSV round trips, idempotent imports, errors that name the field |
//! | `generate` | the generator: determinism, the promised mixes, soundness |
//! | `round_trip` | exact round trips (JSON, CSV) on generated desks, both import paths; duplicate keys refused |
//! | `streaming` | the streaming import (files read a ticket at a time) equals the in-memory one; late errors change nothing |
//! | `generate_history` | the generated history hangs together, SLA figures included |
//!
//! Shared helpers, one copy each in `tests/support/`, declared once here:
//! `generate_common` (generated desks and their fixed clock).
// Tests may unwrap: a failure should stop the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/generate_common.rs"]
mod generate_common;

mod generate;
mod generate_history;
mod import_export;
mod round_trip;
mod streaming;

use loket::exchange::export;
use rusqlite::Connection;

/// A desk's JSON export, as text (round trips compare these).
fn json_of(conn: &Connection) -> String {
    let mut out = Vec::new();
    export::json(conn, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A desk's CSV export, as text.
fn csv_of(conn: &Connection) -> String {
    let mut out = Vec::new();
    export::csv(conn, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}
