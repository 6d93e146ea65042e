//! The desk's KPIs, exactly as ../shared/KPIS.md defines them, as pure
//! functions over plain records: no SQL, no clock, no terminal. The store
//! fills [`Inputs`] (`store::facts::load`); tests build them by hand.
//!
//! | module | KPIs |
//! |---|---|
//! | [`volume`] | ticket volume, backlog now, backlog trend |
//! | [`response`] | FRT, average response time, AHT, talk time |
//! | [`resolution`] | FCR, TTR, resolution rate, escalation rate, reopen rate |
//! | [`sla_compliance`] | SLA compliance, SLA time left |
//! | [`satisfaction`] | CSAT, NPS, self-service ratio, agent collisions |
//! | [`customers`] | churn, retention, CLTV |
//! | [`report`] | all of them over one window, per group |
//! | [`rollup`] | the same figures from per-day sums kept by the store |
//! | [`stats`] | the mean, median/p90 and share both paths end in |
//!
//! Each KPI has one home: its module holds the formula from counts (`fcr_of`,
//! `aht_of`, …), the exact path over records (`fcr`) and the rollup path
//! over summed cells (`fcr_from_sums`) side by side, and decides what one
//! ticket counts for (`fcr_case`) for the exact path and the rollup cells
//! alike. [`rollup::figures::report`] only assembles the `*_from_sums`.
//!
//! Windows are half-open `[from, to)` in UTC seconds ([`Window`]); an empty
//! denominator gives `None` ("no data"), never 0 or NaN.

pub mod customers;
pub mod facts;
mod history;
pub mod report;
pub mod resolution;
pub mod response;
pub mod rollup;
pub mod satisfaction;
pub mod sla_compliance;
pub mod stats;
pub mod volume;
pub mod window;

pub use facts::{
    CustomerFact, EventFact, Inputs, MessageFact, SlaTargets, SurveyFact, SurveyKind, TicketFacts,
    WorkSessionFact,
};
pub use report::{Breakdown, GroupReport, Report, report, report_by};
pub use window::{NamedWindow, Window};
