//! The console without a terminal: the real `App` driven by keys and
//! actions against the real store, and whole screens drawn on ratatui's
//! `TestBackend`, snapshot-tested with insta (`snapshots/`, named
//! `tui__<module>__<name>.snap`).
//!
//! | module | checks |
//! |---|---|
//! | `screens` | whole-screen snapshots of the queue, ticket, help |
//! | `actions` | ticket actions from their keys and from the palette |
//! | `compose` | the reply composer end to end |
//! | `flow` | the worker's request → response step |
//! | `keep` | the selection kept on its ticket through another connection's change, the position shown |
//! | `writes` | the console's changes through the worker |
//! | `views` | queue views, search, sort and bulk actions |
//! | `kb` | the knowledge-base pane |
//! | `kb_filter` | filters in the knowledge-base pane |
//! | `attachments` | attachments and survey answers in the console |
//! | `mail_out` | what became of each reply e-mail, in the thread |
//! | `quoted` | quoted mail history folded in the thread |
//! | `collision` | two agents on one file: presence and version conflicts |
//! | `multi` | the keys for many agents on one desk |
//! | `worktime` | work sessions (AHT) at fixed times |
//! | `dashboard` | the KPI dashboard: report figures, reloads, its screens |
//! | `escape` | hostile text never reaches the terminal as control sequences |
//!
//! Shared helpers, one copy each in `tests/support/`, declared once here:
//! `common` (the hand-built fixture desk and the headless console helpers).
//! `cli_support` (the built `loket` in a private home).
//! `generate_common` (generated desks and their fixed clock).
// Tests may unwrap: a failure should stop the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/cli_support.rs"]
mod cli_support;
#[path = "../support/common.rs"]
mod common;
#[path = "../support/generate_common.rs"]
mod generate_common;

mod actions;
mod attachments;
mod collision;
mod compose;
mod dashboard;
mod escape;
mod flow;
mod kb;
mod kb_filter;
mod keep;
mod mail_out;
mod multi;
mod quoted;
mod screens;
mod views;
mod worktime;
mod writes;
