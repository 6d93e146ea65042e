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
