//! What customers say and do: CSAT, NPS, self-service, and agent collisions.

use super::facts::{Inputs, SurveyFact, SurveyKind, TicketFacts};
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
    ratio(scores.iter().filter(|&&s| s >= 4).count(), scores.len())
}

/// NPS = of NPS answers (0–10) received in W: % promoters (9–10) − %
/// detractors (0–6), from −100 to 100.
pub fn nps(surveys: &[SurveyFact], window: Window) -> Option<f64> {
    let scores: Vec<i64> = answers(surveys, SurveyKind::Nps, window).collect();
    let promoters = scores.iter().filter(|&&s| s >= 9).count();
    let detractors = scores.iter().filter(|&&s| s <= 6).count();
    let n = scores.len();
    (n > 0).then(|| (promoters as f64 - detractors as f64) * 100.0 / n as f64)
}

/// Self-service ratio = knowledge-base views recorded as self-service in W
/// ÷ tickets created in W.
pub fn self_service_ratio(inputs: &Inputs, window: Window) -> Option<f64> {
    let views = inputs
        .self_service_views
        .iter()
        .filter(|&&at| window.contains(at))
        .count();
    ratio(views, created_in(&inputs.tickets, window))
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
