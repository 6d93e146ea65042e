//! The command line on the built binary, each case with its exit code,
//! output and message; every command in a private home (`cli_support`).
//!
//! | module | checks |
//! |---|---|
//! | `basics` | help, init, generate, paths and the refusal cases |
//! | `tickets` | `loket ticket` and `loket canned`: JSON shapes, filters, changes |
//! | `attachments` | attachments and surveys: reply --attach, save, limits |
//! | `kb` | `loket kb`: add, search, show, export/import |
//! | `mail_in` | `loket mail deliver\|import\|failed`: exit codes, Maildir, mbox |
//! | `mail_setup` | `loket mail setup\|status`: settings checked, all or nothing |
//! | `maintenance` | `loket backup\|restore\|check`: copies under concurrent writers, refusals, findings |
//! | `multi` | `loket agent\|next\|route\|escalate` and the team restriction |
//! | `report` | `loket report\|sla\|hours` |
//! | `rights` | who may do what: every write as each role, with and without the restriction |
//!
//! Shared helpers, one copy each in `tests/support/`, declared once here:
//! `cli_support` (the built `loket` in a private home).
//! `kpi_support` (the hand-built KPI desk, values worked out in kpi/kpis.rs).
// Tests may unwrap: a failure should stop the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/cli_support.rs"]
mod cli_support;
#[path = "../support/kpi_support.rs"]
mod kpi_support;

mod attachments;
mod basics;
mod kb;
mod mail_in;
mod mail_setup;
mod maintenance;
mod multi;
mod report;
mod rights;
mod tickets;
