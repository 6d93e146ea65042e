//! loket: a terminal agent console for customer-service teams.
//!
//! The desk itself (store, KPIs, SLA, mail, the worker thread) is the
//! `loket-core` crate in `src/core/`, which has no terminal dependencies; this
//! crate is its two clients, the console and the command line, and re-exports
//! the core's modules so `loket::store` and `crate::store` name them. Module map
//! (the binary in `main.rs` only parses the command line and calls into [`cli`]):
//!
//! | module      | role |
//! |-------------|------|
//! | [`domain`]  | the desk's vocabulary as types (status, priority, channel, …) |
//! | [`store`]   | SQLite: opening, migrations, one module per aggregate; no UI |
//! | [`sla`]     | business hours and SLA targets, pure |
//! | [`kpi`]     | every KPI of KPIS.md, pure over plain records |
//! | [`worktime`]| work sessions for AHT, a pure state machine |
//! | [`exchange`]| the JSON desk document and CSV: export and import |
//! | [`clock`]   | "now" as an injected value |
//! | [`text`]    | cleaning untrusted text, display widths |
//! | [`i18n`]    | every user-facing string, English and Dutch |
//! | [`generate`]| the deterministic demo desk |
//! | [`mail`]    | the e-mail channel: settings, ticket hook, Message-IDs, MIME in and out |
//! | [`service`] | the database thread the console talks to, and the writes it runs |
//! | [`tui`]     | the console: actions, state, keymap, panes; no SQL |
//! | [`cli`]     | command-line parsing and the commands |
//! | [`paths`]   | where the database, config and logs live |
//! | [`logging`] | logs to a file in the state directory |

pub use loket_core::{
    clock, domain, exchange, generate, i18n, kpi, mail, service, sla, store, text, worktime,
};

pub mod cli;
pub mod logging;
pub mod paths;
pub mod tui;
