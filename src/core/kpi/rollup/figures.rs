//! The KPIs of a window of whole local days, from the summed cells of one
//! group (or the whole desk). The dashboard and `loket report` both read
//! through [`report`]. What the sums hold and how they add up is in
//! [`super::cells`]; each KPI's formula over them is in its own KPI module,
//! beside the same KPI over records (`resolution::fcr_from_sums` next to
//! `resolution::fcr`, …).

use crate::kpi::report::{BacklogReport, Report};
use crate::kpi::window::Window;
use crate::kpi::{resolution, response, satisfaction, sla_compliance, volume};

pub use super::cells::{Days, Exact, Sums, handled};

/// Every KPI of the window `days` from a group's sums. `own_work`: the
/// group is an agent, whose AHT and talk time are the agent's own work.
/// `window` is the same window in instants (for the loose surveys).
pub fn report(s: &Sums, days: Days, window: Window, own_work: bool) -> Report {
    Report {
        volume: volume::volume_from_sums(s, days),
        backlog: BacklogReport {
            now: s.backlog_now,
            trend: volume::backlog_trend_from_sums(s, days),
        },
        frt: response::frt_from_sums(s, days),
        frt_business: response::frt_business_from_sums(s, days),
        avg_response: response::avg_response_from_sums(s, days),
        aht: response::aht_from_sums(s, days, own_work),
        talk_time: response::talk_time_from_sums(s, days, own_work),
        fcr: resolution::fcr_from_sums(s, days),
        ttr: resolution::ttr_from_sums(s, days),
        ttr_business: resolution::ttr_business_from_sums(s, days),
        resolution_rate: resolution::resolution_rate_from_sums(s, days),
        sla_compliance: sla_compliance::sla_compliance_from_sums(s, days),
        escalation_rate: resolution::escalation_rate_from_sums(s, days),
        reopen_rate: resolution::reopen_rate_from_sums(s, days),
        csat: satisfaction::csat_from_sums(s, days, window),
        nps: satisfaction::nps_from_sums(s, days, window),
        self_service_ratio: satisfaction::self_service_ratio_from_sums(s, days),
        collisions: satisfaction::collisions_from_sums(s, days),
    }
}
