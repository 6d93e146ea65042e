//! What customers say and do: CSAT, NPS, self-service, and agent
//! collisions. Each KPI's exact path (over records) and its rollup path
//! (`*_from_sums`, over the summed cells of [`super::rollup`]) sit together
//! and end in the same formula; which answers are good, promoters or
//! detractors is decided here for both.

use super::facts::{Inputs, SurveyFact, SurveyKind, TicketFacts};
use super::rollup::cells::measure::{
    COLLISIONS, CSAT, CSAT_GOOD, NPS, NPS_DETRACTOR, NPS_PROMOTER,
};
use super::rollup::cells::{Days, Sums};
use super::stats::ratio;
use super::volume::created_in;
use super::window::Window;

fn answers(
    surveys: &[SurveyFact],
    kind: SurveyKind,
    window: Window,
) -> impl Iterator<Item = i64> + '_ {
    surveys
        .iter()
        .filter(move |s| s.kind == kind && window.contains(s.at))
        .map(|s| s.score)
}

/// CSAT = of CSAT answers (1–5) received in W, the share that are 4 or 5.
/// A fraction 0..1 (KPIS.md shows it as a percentage: ×100 when displayed).
pub fn csat(surveys: &[SurveyFact], window: Window) -> Option<f64> {
    let scores: Vec<i64> = answers(surveys, SurveyKind::Csat, window).collect();
    csat_of(
        scores.iter().filter(|&&s| is_satisfied(s)).count(),
        scores.len(),
    )
}

/// A CSAT answer that counts as satisfied: 4 or 5.
pub fn is_satisfied(score: i64) -> bool {
    score >= 4
}

/// The CSAT formula: satisfied answers ÷ answers.
pub fn csat_of(satisfied: usize, answers: usize) -> Option<f64> {
    ratio(satisfied, answers)
}

/// [`csat`] over the rollups: the `csat_good` ÷ `csat` cells, plus the
/// desk's answers that belong to no ticket ([`Sums::loose_surveys`]).
pub fn csat_from_sums(s: &Sums, days: Days, window: Window) -> Option<f64> {
    let loose: Vec<i64> = answers(&s.loose_surveys, SurveyKind::Csat, window).collect();
    csat_of(
        s.n(CSAT_GOOD, days) + loose.iter().filter(|&&x| is_satisfied(x)).count(),
        s.n(CSAT, days) + loose.len(),
    )
}

/// NPS = of NPS answers (0–10) received in W: % promoters (9–10) − %
/// detractors (0–6), from −100 to 100.
pub fn nps(surveys: &[SurveyFact], window: Window) -> Option<f64> {
    let scores: Vec<i64> = answers(surveys, SurveyKind::Nps, window).collect();
    let promoters = scores.iter().filter(|&&s| is_promoter(s)).count();
    let detractors = scores.iter().filter(|&&s| is_detractor(s)).count();
    nps_of(promoters, detractors, scores.len())
}

/// An NPS promoter: 9 or 10.
pub fn is_promoter(score: i64) -> bool {
    score >= 9
}

/// An NPS detractor: 0 to 6.
pub fn is_detractor(score: i64) -> bool {
    score <= 6
}

/// The NPS formula: (promoters − detractors) × 100 ÷ answers.
pub fn nps_of(promoters: usize, detractors: usize, answers: usize) -> Option<f64> {
    (answers > 0).then(|| (promoters as f64 - detractors as f64) * 100.0 / answers as f64)
}

/// [`nps`] over the rollups, with the desk's loose answers as for CSAT.
pub fn nps_from_sums(s: &Sums, days: Days, window: Window) -> Option<f64> {
    let loose: Vec<i64> = answers(&s.loose_surveys, SurveyKind::Nps, window).collect();
    nps_of(
        s.n(NPS_PROMOTER, days) + loose.iter().filter(|&&x| is_promoter(x)).count(),
        s.n(NPS_DETRACTOR, days) + loose.iter().filter(|&&x| is_detractor(x)).count(),
        s.n(NPS, days) + loose.len(),
    )
}

/// Self-service ratio = of the contacts in W (knowledge-base views
/// recorded as self-service, and tickets created), the share that were
/// self-service ([`self_service_ratio_of`]).
pub fn self_service_ratio(inputs: &Inputs, window: Window) -> Option<f64> {
    let views = inputs
        .self_service_views
        .iter()
        .filter(|&&at| window.contains(at))
        .count();
    self_service_ratio_of(views, created_in(&inputs.tickets, window))
}

/// The self-service formula: of the desk's contacts in W (self-service
/// views and tickets created), the share that were self-service: views ÷
/// (views + tickets). KPIS.md's views ÷ tickets is a count per ticket that
/// passes 100% as soon as there are more views than tickets; this reads
/// the same facts as a share, and is 0.5 where that read 1.
pub fn self_service_ratio_of(views: usize, created: usize) -> Option<f64> {
    ratio(views, views + created)
}

/// [`self_service_ratio`] over the rollups: the desk's views (groups have
/// none: `None`) ÷ the `created` cells.
pub fn self_service_ratio_from_sums(s: &Sums, days: Days) -> Option<f64> {
    s.self_service_views
        .and_then(|views| self_service_ratio_of(views, s.created(days)))
}

/// The event kind that records an agent collision: written when a second
/// agent starts replying to a ticket while another agent's reply draft is
/// open on it (`agent` = the second agent, `from_value` = the first).
pub const COLLISION_EVENT: &str = "collision";

/// Agent collisions = the number of `collision` events in W. A count, not a
/// rate: a desk without collisions has 0, not "no data". (Nothing writes
/// these events yet; the console's presence table is live state, not history.)
pub fn collisions(tickets: &[TicketFacts], window: Window) -> usize {
    tickets
        .iter()
        .flat_map(|t| t.events.iter())
        .filter(|e| e.kind == COLLISION_EVENT && window.contains(e.at))
        .count()
}

/// [`collisions`] over the rollups: the `collisions` cells.
pub fn collisions_from_sums(s: &Sums, days: Days) -> usize {
    s.n(COLLISIONS, days)
}
