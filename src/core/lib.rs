//! loket's desk core: everything a desk is and does without a terminal. The
//! console (`tui`) and the command line (`cli`) of the `loket` crate are its
//! clients; this crate has no ratatui or crossterm among its dependencies, so
//! the compiler keeps the split.
//!
//! | module      | role |
//! |-------------|------|
//! | [`domain`]  | the desk's vocabulary as types (status, priority, channel, …) |
//! | [`store`]   | SQLite: opening, migrations, one module per aggregate |
//! | [`sla`]     | business hours and SLA targets, pure |
//! | [`kpi`]     | every KPI of KPIS.md, pure over plain records |
//! | [`worktime`]| work sessions for AHT, a pure state machine |
//! | [`exchange`]| the JSON desk document and CSV: export and import |
//! | [`clock`]   | "now" as an injected value |
//! | [`tz`]      | local times to UTC across daylight-saving gaps and folds |
//! | [`text`]    | cleaning untrusted text, display widths |
//! | [`i18n`]    | every user-facing string, English and Dutch |
//! | [`generate`]| the deterministic demo desk |
//! | [`mail`]    | the e-mail channel: settings, ticket hook, Message-IDs, MIME in and out |
//! | [`service`] | the database thread a client talks to, and the writes it runs |

pub mod clock;
pub mod domain;
pub mod exchange;
pub mod generate;
pub mod i18n;
pub mod kpi;
pub mod mail;
pub mod service;
pub mod sla;
pub mod store;
pub mod text;
pub mod tz;
pub mod worktime;
