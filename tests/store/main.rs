//! The store layer on temporary databases: one test binary (one link) for
//! everything that exercises `loket::store` directly, or many processes on
//! one desk file.
//!
//! | module | checks |
//! |---|---|
//! | `open` | opening, migrations, refusals, pragmas, the v1 desk upgraded |
//! | `freeze` | how those frozen desks are made (compiled, never run) |
//! | `schema_fixtures` | the frozen desk of every past schema version (`tests/fixtures/schema/`) upgraded |
//! | `upgrade_at` | an old desk upgraded at a fixed clock: its rollups are those of that instant |
//! | `changes` | ticket changes: events, versions, SLA targets, all or nothing |
//! | `routing` | routing on arrival and escalation, with a fixed clock |
//! | `search` | the queue's text search (subjects, customers, FTS5 bodies) |
//! | `views` | saved views: defaults, counts, per-agent views, "me" |
//! | `keyset` | the queue read by key: around a ticket, next to a row, positions; keeping the selection |
//! | `kb` | the knowledge base: ranking, folding, filters, suggestions, the index |
//! | `multi_claim` | twenty `loket next` processes claiming from one desk at once |
//! | `quiet` | heartbeats and presence move no content stamp |
//! | `urgency` | the queue page, next ticket and claim agree on one urgency order |
//!
//! Shared helpers, one copy each in `tests/support/`, declared once here:
//! `common` (the hand-built fixture desk and the headless console helpers).
// Tests may unwrap: a failure should stop the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/common.rs"]
mod common;

mod changes;
mod freeze;
mod kb;
mod keyset;
mod multi_claim;
mod open;
mod quiet;
mod routing;
mod schema_fixtures;
mod search;
mod upgrade_at;
mod urgency;
mod views;
