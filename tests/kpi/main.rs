//! The KPIs: formulas over hand-built desks, business hours at the edges,
//! and the rollups against the from-scratch figures.
//!
//! | module | checks |
//! |---|---|
//! | `bounded` | every share in [0, 1] for desk, teams and agents, in every window, on generated desks |
//! | `dashboard_reads` | the dashboard's narrower reads give the figures of full reports, after writes |
//! | `kpis` | every KPI of KPIS.md, each value worked out by hand |
//! | `store_history` | the KPIs over a history the store's change functions wrote |
//! | `business_hours` | business durations at the edges, property tests of the clock |
//! | `rollup` | the rollups equal the from-scratch KPIs on a generated desk |
//! | `fixed_now` | the rollups a write settles at a fixed clock equal a rebuild at that instant |
//!
//! Shared helpers, one copy each in `tests/support/`, declared once here:
//! `kpi_support` (the hand-built KPI desk, values worked out in kpi/kpis.rs).
//! `generate_common` (generated desks and their fixed clock).
// Tests may unwrap: a failure should stop the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/generate_common.rs"]
mod generate_common;
#[path = "../support/kpi_support.rs"]
mod kpi_support;

mod bounded;
mod business_hours;
mod dashboard_reads;
mod fixed_now;
mod kpis;
mod rollup;
mod store_history;
