//! loket: a terminal agent console for customer-service teams.
//!
//! Module map (the binary in `main.rs` only parses the command line and calls
//! into [`cli`]):
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
//! | [`tui`]     | the console: actions, state, keymap, worker, panes; no SQL |
//! | [`cli`]     | command-line parsing and the commands |
//! | [`paths`]   | where the database, config and logs live |
//! | [`logging`] | logs to a file in the state directory |

pub mod cli;
pub mod clock;
pub mod domain;
pub mod exchange;
pub mod generate;
pub mod i18n;
pub mod kpi;
pub mod logging;
pub mod mail;
pub mod paths;
pub mod sla;
pub mod store;
pub mod text;
pub mod tui;
pub mod worktime;
