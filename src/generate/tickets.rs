//! The ticket loop: decides each ticket's setup, plays its [`Story`] and
//! streams the rows out through prepared statements. Only the current
//! ticket is held in memory.

use rusqlite::{Transaction, params};

use super::arrivals::Arrivals;
use super::content::TOPICS;
use super::hours::OpenHours;
use super::knowledge::article_id;
use super::people::{AGENTS, Customer, Roster, agent_id};
use super::rng::Rng;
use super::story::{PRIORITIES, Setup, Story, World};
use crate::domain::Priority;
use crate::sla::{Calendar, Target};
use crate::store::Result;
use crate::store::settings::SlaPolicy;

/// Support channels and how often each is used (email, phone, chat, sms, social, web).
const CHANNELS: [&str; 6] = ["email", "phone", "chat", "sms", "social", "web"];
const CHANNEL_WEIGHTS: [u32; 6] = [34, 20, 18, 7, 7, 14];
/// low, normal, high, urgent.
const PRIORITY_WEIGHTS: [u32; 4] = [20, 52, 21, 7];

/// An SLA policy as the loop needs it: id and the targets.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub id: i64,
    pub first_response: Target,
    pub resolution: Target,
}

impl Policy {
    pub fn from_store(p: &SlaPolicy) -> Self {
        Policy {
            id: p.id,
            first_response: p.first_response,
            resolution: p.resolution,
        }
    }
}

/// Row counts written by the loop.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub tickets: u64,
    pub messages: u64,
    pub events: u64,
    pub surveys: u64,
    pub work_sessions: u64,
}

/// Everything the loop reads.
pub struct Desk<'a> {
    pub calendar: &'a Calendar,
    pub hours: &'a OpenHours,
    pub arrivals: &'a Arrivals,
    pub customers: &'a [Customer],
    /// Indexed like [`PRIORITIES`]; `None` when the desk has no policy for it.
    pub policies: [Option<Policy>; 4],
    pub now: i64,
}

pub fn insert_tickets(
    tx: &Transaction<'_>,
    rng: &mut Rng,
    desk: &Desk<'_>,
    count: u64,
) -> Result<Written> {
    let mut ticket_stmt = tx.prepare(
        "INSERT INTO tickets (id, subject, customer_id, channel, status, priority, tier, team_id,
                              assignee_id, language, sla_policy_id, first_response_due_at,
                              resolution_due_at, first_responded_at, created_at, updated_at,
                              solved_at, closed_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    let mut message_stmt = tx.prepare(
        "INSERT INTO messages (ticket_id, author, agent_id, kind, channel, body, duration_s, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut event_stmt = tx.prepare(
        "INSERT INTO events (ticket_id, agent_id, kind, from_value, to_value, detail, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut tag_stmt = tx.prepare("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)")?;
    let mut session_stmt = tx.prepare(
        "INSERT INTO work_sessions (agent_id, ticket_id, started_at, ended_at, active_s)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut survey_stmt = tx.prepare(
        "INSERT INTO surveys (ticket_id, customer_id, kind, score, comment, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut link_stmt = tx.prepare(
        "INSERT INTO ticket_kb_links (ticket_id, article_id, agent_id, at) VALUES (?1, ?2, ?3, ?4)",
    )?;

    let roster = Roster::new();
    let world = World {
        hours: desk.hours,
        roster: &roster,
        now: desk.now,
    };
    let topic_weights: Vec<u32> = TOPICS.iter().map(|t| t.weight).collect();
    let target_secs = |t: Target| desk.calendar.target_secs(t);
    let mut story = Story::default();
    let mut written = Written::default();
    for i in 0..count {
        let id = i as i64 + 1;
        let created = desk.arrivals.at((i as f64 + rng.unit()) / count as f64);
        let customer = pick_customer(rng, desk.customers, created);
        let info = &desk.customers[customer];
        let priority = rng.weighted(&PRIORITY_WEIGHTS);
        let policy = desk.policies[priority];
        let (first_target, resolution_target) = policy
            .map_or((8 * 3600, 3 * desk.calendar.business_day_secs()), |p| {
                (target_secs(p.first_response), target_secs(p.resolution))
            });
        let setup = Setup {
            created,
            channel: CHANNELS[rng.weighted(&CHANNEL_WEIGHTS)],
            dutch: info.dutch,
            topic: rng.weighted(&topic_weights),
            priority,
            first_response_target: first_target,
            resolution_target,
        };
        story.play(&world, rng, &setup, info.first_name);

        let (first_due, resolution_due) = match policy {
            Some(p) => (
                desk.calendar.due(created, p.first_response),
                desk.calendar
                    .add_business_secs(created, target_secs(p.resolution) + story.pending_business),
            ),
            None => (None, None),
        };
        ticket_stmt.execute(params![
            id,
            story.subject,
            customer as i64 + 1,
            setup.channel,
            story.status,
            PRIORITIES[priority],
            story.tier,
            story.team as i64 + 1,
            story.assignee.map(agent_id),
            if setup.dutch { "nl" } else { "en" },
            policy.map(|p| p.id),
            first_due,
            resolution_due,
            story.first_responded_at,
            created,
            story.updated_at,
            story.solved_at,
            story.closed_at,
            story.events.len() as i64,
        ])?;
        for m in story.messages() {
            message_stmt.execute(params![
                id,
                m.author,
                m.agent.map(agent_id),
                m.kind,
                m.channel,
                m.body,
                m.duration_s,
                m.at
            ])?;
        }
        for e in &story.events {
            event_stmt.execute(params![
                id,
                e.agent.map(agent_id),
                e.kind,
                e.from,
                e.to,
                e.detail,
                e.at
            ])?;
        }
        for tag in &story.tags {
            tag_stmt.execute(params![id, tag])?;
        }
        for s in &story.sessions {
            session_stmt.execute(params![agent_id(s.agent), id, s.start, s.end, s.active_s])?;
        }
        for s in &story.surveys {
            survey_stmt.execute(params![
                id,
                customer as i64 + 1,
                s.kind,
                s.score,
                s.comment,
                s.at
            ])?;
        }
        if let Some((agent, at)) = story.kb_link {
            link_stmt.execute(params![
                id,
                article_id(setup.topic, setup.dutch),
                agent_id(agent),
                at
            ])?;
        }
        written.tickets += 1;
        written.messages += story.messages().len() as u64;
        written.events += story.events.len() as u64;
        written.surveys += story.surveys.len() as u64;
        written.work_sessions += story.sessions.len() as u64;
    }
    debug_assert!(AGENTS.len() == 12);
    Ok(written)
}

/// A customer who existed (and had not left) when the ticket came in. A few
/// customers write often: the draw is skewed towards some of them.
fn pick_customer(rng: &mut Rng, customers: &[Customer], created: i64) -> usize {
    let n = customers.len();
    for _ in 0..8 {
        let u = rng.unit();
        let skewed = if rng.chance(0.3) { u * u * u } else { u };
        // Spread the frequent writers over the id range rather than the first ids.
        let index = ((skewed * n as f64) as usize).min(n - 1);
        let index = (index.wrapping_mul(7919)) % n;
        let c = &customers[index];
        if c.since <= created && c.churned_at.is_none_or(|churned| churned > created) {
            return index;
        }
    }
    // Customers' `since` are mostly before the window; the oldest will do.
    (0..n).min_by_key(|&i| customers[i].since).unwrap_or(0)
}

/// The priority of a policy row, for the table the loop indexes.
pub fn priority_index(priority: Priority) -> usize {
    match priority {
        Priority::Low => 0,
        Priority::Normal => 1,
        Priority::High => 2,
        Priority::Urgent => 3,
    }
}
