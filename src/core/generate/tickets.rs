//! The ticket loop: decides each ticket's setup, plays its [`Story`] and
//! streams the rows out through prepared statements. Only the current
//! ticket is held in memory.

use rusqlite::Transaction;

use super::arrivals::Arrivals;
use super::content::TOPICS;
use super::hours::OpenHours;
use super::knowledge::article_id;
use super::people::{AGENTS, Customer, Roster, TEAMS, agent_id};
use super::rng::Rng;
use super::rows::{Binder, MultiInsert};
use super::story::{Event, Msg, PRIORITIES, Session, Setup, Story, Survey, World};
use crate::domain::Priority;
use crate::kpi::facts::{
    EventFact, MessageFact, SlaTargets, SurveyFact, SurveyKind, TicketFacts, WorkSessionFact,
};
use crate::kpi::rollup::TicketWork;
use crate::sla::{Calendar, Target};
use crate::store::bulk::search::{Document, SearchBuilder, thread_text};
use crate::store::rollups::Feeder;
use crate::store::settings::SlaPolicy;
use crate::store::{Result, StoreError};

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

/// Tickets played before their rows are written; their children go out in
/// multi-row INSERTs after them (see [`super::rows`]).
const BATCH: usize = 64;
/// Rows per multi-row INSERT for the children tables.
const CHILD_ROWS: usize = 32;

/// A played ticket waiting for its batch to be written.
#[derive(Debug, Default)]
struct Pending {
    story: Story,
    id: i64,
    customer: usize,
    setup: Option<Setup>,
    policy_id: Option<i64>,
    first_due: Option<i64>,
    resolution_due: Option<i64>,
}

/// The loop's prepared statements.
struct Statements<'t> {
    tickets: MultiInsert<'t>,
    messages: MultiInsert<'t>,
    events: MultiInsert<'t>,
    tags: MultiInsert<'t>,
    sessions: MultiInsert<'t>,
    surveys: MultiInsert<'t>,
    links: MultiInsert<'t>,
}

impl<'t> Statements<'t> {
    fn prepare(tx: &'t Transaction<'_>) -> rusqlite::Result<Self> {
        Ok(Statements {
            tickets: MultiInsert::new(
                tx,
                "INSERT OR FAIL INTO tickets (id, subject, customer_id, channel, status, priority, tier,
                    team_id, assignee_id, language, sla_policy_id, first_response_due_at,
                    resolution_due_at, first_responded_at, created_at, updated_at, solved_at,
                    closed_at, version)",
                19,
                BATCH,
            )?,
            messages: MultiInsert::new(
                tx,
                "INSERT OR FAIL INTO messages (ticket_id, author, agent_id, kind, channel, body, duration_s, created_at)",
                8,
                CHILD_ROWS,
            )?,
            events: MultiInsert::new(
                tx,
                "INSERT OR FAIL INTO events (ticket_id, agent_id, kind, from_value, to_value, detail, at)",
                7,
                CHILD_ROWS,
            )?,
            tags: MultiInsert::new(tx, "INSERT OR FAIL INTO ticket_tags (ticket_id, tag)", 2, CHILD_ROWS)?,
            sessions: MultiInsert::new(
                tx,
                "INSERT OR FAIL INTO work_sessions (agent_id, ticket_id, started_at, ended_at, active_s)",
                5,
                CHILD_ROWS,
            )?,
            surveys: MultiInsert::new(
                tx,
                "INSERT OR FAIL INTO surveys (ticket_id, customer_id, kind, score, comment, at)",
                6,
                CHILD_ROWS,
            )?,
            links: MultiInsert::new(
                tx,
                "INSERT OR FAIL INTO ticket_kb_links (ticket_id, article_id, agent_id, at)",
                4,
                CHILD_ROWS,
            )?,
        })
    }

    /// Writes played tickets: the ticket rows first, then their children in
    /// ticket order, so ids follow the tickets. Their KPI rollups are
    /// computed from the same records on the feeder's thread.
    fn flush(
        &mut self,
        pending: &[Pending],
        written: &mut Written,
        rollups: &mut Rollups<'_, '_>,
        search: &mut Search<'_>,
    ) -> Result<()> {
        self.tickets.write(pending, bind_ticket)?;
        for p in pending {
            rollups.works.push(work_of(p, rollups.policies)?);
            search.docs.push(document_of(p, search.customers));
        }
        if rollups.works.len() >= ROLLUP_CHUNK {
            rollups.feed()?;
        }
        if search.docs.len() >= ROLLUP_CHUNK {
            search.feed();
        }

        let messages: Vec<(i64, &Msg)> = pending
            .iter()
            .flat_map(|p| p.story.messages().iter().map(move |m| (p.id, m)))
            .collect();
        self.messages.write(&messages, |b, &(id, m)| {
            b.put(&id)?;
            b.put(&m.author)?;
            b.put(&m.agent.map(agent_id))?;
            b.put(&m.kind)?;
            b.put(&m.channel)?;
            b.put(&m.body)?;
            b.put(&m.duration_s)?;
            b.put(&m.at)
        })?;

        let events: Vec<(i64, &Event)> = pending
            .iter()
            .flat_map(|p| p.story.events.iter().map(move |e| (p.id, e)))
            .collect();
        self.events.write(&events, |b, &(id, e)| {
            b.put(&id)?;
            b.put(&e.agent.map(agent_id))?;
            b.put(&e.kind)?;
            b.put(&e.from)?;
            b.put(&e.to)?;
            b.put(&e.detail)?;
            b.put(&e.at)
        })?;

        let tags: Vec<(i64, &str)> = pending
            .iter()
            .flat_map(|p| p.story.tags.iter().map(move |t| (p.id, *t)))
            .collect();
        self.tags.write(&tags, |b, &(id, tag)| {
            b.put(&id)?;
            b.put(&tag)
        })?;

        let sessions: Vec<(i64, &Session)> = pending
            .iter()
            .flat_map(|p| p.story.sessions.iter().map(move |s| (p.id, s)))
            .collect();
        self.sessions.write(&sessions, |b, &(id, s)| {
            b.put(&agent_id(s.agent))?;
            b.put(&id)?;
            b.put(&s.start)?;
            b.put(&s.end)?;
            b.put(&s.active_s)
        })?;

        let surveys: Vec<(i64, usize, &Survey)> = pending
            .iter()
            .flat_map(|p| p.story.surveys.iter().map(move |s| (p.id, p.customer, s)))
            .collect();
        self.surveys.write(&surveys, |b, &(id, customer, s)| {
            b.put(&id)?;
            b.put(&(customer as i64 + 1))?;
            b.put(&s.kind)?;
            b.put(&s.score)?;
            b.put(&s.comment)?;
            b.put(&s.at)
        })?;

        let links: Vec<(i64, i64, usize, i64)> = pending
            .iter()
            .filter_map(|p| {
                let (agent, at) = p.story.kb_link?;
                let setup = p.setup?;
                Some((p.id, article_id(setup.topic, setup.dutch), agent, at))
            })
            .collect();
        self.links.write(&links, |b, &(id, article, agent, at)| {
            b.put(&id)?;
            b.put(&article)?;
            b.put(&agent_id(agent))?;
            b.put(&at)
        })?;

        written.tickets += pending.len() as u64;
        written.messages += messages.len() as u64;
        written.events += events.len() as u64;
        written.surveys += surveys.len() as u64;
        written.work_sessions += sessions.len() as u64;
        Ok(())
    }
}

/// Tickets handed to the rollups' thread at once: a chunk's tickets were
/// created about the same time, and it sums them in a small map first.
const ROLLUP_CHUNK: usize = 1024;

/// Where the loop's tickets go for their KPI rollups.
struct Rollups<'a, 't> {
    feeder: &'a mut Feeder,
    tx: &'a Transaction<'t>,
    policies: &'a [Option<Policy>; 4],
    works: Vec<TicketWork>,
}

impl Rollups<'_, '_> {
    fn feed(&mut self) -> Result<()> {
        let works = std::mem::replace(&mut self.works, Vec::with_capacity(ROLLUP_CHUNK));
        self.feeder.feed(self.tx, works)
    }
}

/// Where the loop's tickets go for their search documents.
struct Search<'a> {
    builder: &'a mut SearchBuilder,
    customers: &'a [Customer],
    docs: Vec<Document>,
}

impl Search<'_> {
    fn feed(&mut self) {
        let docs = std::mem::replace(&mut self.docs, Vec::with_capacity(ROLLUP_CHUNK));
        self.builder.feed(docs);
    }
}

/// A played ticket's search document, as `ticket_search_text` reads it
/// back from the rows [`Statements::flush`] writes: the bodies in thread
/// order (by time, then insertion, as the view's `messages_ticket` scan).
fn document_of(p: &Pending, customers: &[Customer]) -> Document {
    let story = &p.story;
    let messages = thread_text(
        story
            .messages()
            .iter()
            .map(|m| (m.at, m.body.as_str()))
            .collect(),
    );
    Document {
        id: p.id,
        active: matches!(story.status, "new" | "open" | "pending" | "on_hold"),
        subject: story.subject.clone(),
        customer: customers
            .get(p.customer)
            .map(|c| c.search_text.clone())
            .unwrap_or_default(),
        messages,
    }
}

/// A played ticket as the KPI rollups read it: the same records
/// `store::facts` loads back from the rows [`Statements::flush`] writes,
/// in the same order (thread and history by time then insertion, tags by
/// name), so the rollups equal a rebuild's (`tests/kpi/rollup.rs`).
fn work_of(p: &Pending, policies: &[Option<Policy>; 4]) -> Result<TicketWork> {
    fn word<T: std::str::FromStr>(what: &str, text: &str) -> Result<T> {
        text.parse()
            .map_err(|_| StoreError::Constraint(format!("generated {what} {text:?}")))
    }
    let login = |i: usize| AGENTS.get(i).map(|a| a.login.to_string());
    let setup = p.setup.unwrap_or(Setup::EMPTY);
    let story = &p.story;
    let mut messages = story
        .messages()
        .iter()
        .map(|m| {
            Ok(MessageFact {
                author: word("author", m.author)?,
                kind: word("message kind", m.kind)?,
                agent: m.agent.and_then(login),
                at: m.at,
                duration_s: m.duration_s,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    messages.sort_by_key(|m| m.at);
    let mut events: Vec<EventFact> = story
        .events
        .iter()
        .map(|e| EventFact {
            kind: e.kind.to_string(),
            from: e.from.map(str::to_string),
            to: e.to.map(str::to_string),
            agent: e.agent.and_then(login),
            at: e.at,
        })
        .collect();
    events.sort_by_key(|e| e.at);
    let mut tags: Vec<String> = story.tags.iter().map(|t| t.to_string()).collect();
    tags.sort();
    let mut sessions: Vec<WorkSessionFact> = story
        .sessions
        .iter()
        .filter_map(|s| {
            Some(WorkSessionFact {
                ticket_id: p.id,
                agent: login(s.agent)?,
                ended_at: s.end,
                active_s: s.active_s,
            })
        })
        .collect();
    sessions.sort_by_key(|s| s.ended_at);
    let mut surveys: Vec<SurveyFact> = story
        .surveys
        .iter()
        .map(|s| SurveyFact {
            ticket_id: Some(p.id),
            kind: if s.kind == "nps" {
                SurveyKind::Nps
            } else {
                SurveyKind::Csat
            },
            score: s.score,
            at: s.at,
        })
        .collect();
    surveys.sort_by_key(|s| s.at);
    let policy = policies.get(setup.priority).copied().flatten();
    Ok(TicketWork {
        ticket: TicketFacts {
            id: p.id,
            created_at: setup.created,
            status: word("status", story.status)?,
            priority: word("priority", PRIORITIES[setup.priority])?,
            channel: word("channel", setup.channel)?,
            team: TEAMS.get(story.team).map(|t| t.to_string()),
            assignee: story.assignee.and_then(login),
            tags,
            targets: policy.map(|p| SlaTargets {
                first_response: p.first_response,
                resolution: p.resolution,
            }),
            first_response_due_at: p.first_due,
            resolution_due_at: p.resolution_due,
            solved_at: story.solved_at,
            messages,
            events,
        },
        sessions,
        surveys,
    })
}

/// Binds one ticket row.
fn bind_ticket(b: &mut Binder<'_, '_>, p: &Pending) -> rusqlite::Result<()> {
    let setup = p.setup.unwrap_or(Setup::EMPTY);
    let story = &p.story;
    b.put(&p.id)?;
    b.put(&story.subject)?;
    b.put(&(p.customer as i64 + 1))?;
    b.put(&setup.channel)?;
    b.put(&story.status)?;
    b.put(&PRIORITIES[setup.priority])?;
    b.put(&story.tier)?;
    b.put(&(story.team as i64 + 1))?;
    b.put(&story.assignee.map(agent_id))?;
    b.put(&if setup.dutch { "nl" } else { "en" })?;
    b.put(&p.policy_id)?;
    b.put(&p.first_due)?;
    b.put(&p.resolution_due)?;
    b.put(&story.first_responded_at)?;
    b.put(&setup.created)?;
    b.put(&story.updated_at)?;
    b.put(&story.solved_at)?;
    b.put(&story.closed_at)?;
    b.put(&(story.events.len() as i64))
}

pub fn insert_tickets(
    tx: &Transaction<'_>,
    rng: &mut Rng,
    desk: &Desk<'_>,
    count: u64,
    feeder: &mut Feeder,
    search: &mut SearchBuilder,
) -> Result<Written> {
    let mut rollups = Rollups {
        feeder,
        tx,
        policies: &desk.policies,
        works: Vec::with_capacity(ROLLUP_CHUNK),
    };
    let mut search = Search {
        builder: search,
        customers: desk.customers,
        docs: Vec::with_capacity(ROLLUP_CHUNK),
    };
    let mut statements = Statements::prepare(tx)?;
    let roster = Roster::new();
    let world = World {
        hours: desk.hours,
        roster: &roster,
        now: desk.now,
    };
    let topic_weights: Vec<u32> = TOPICS.iter().map(|t| t.weight).collect();
    let target_secs = |t: Target| desk.calendar.target_secs(t);
    let oldest_customer = (0..desk.customers.len())
        .min_by_key(|&i| desk.customers[i].since)
        .unwrap_or(0);
    let mut pending: Vec<Pending> = (0..BATCH).map(|_| Pending::default()).collect();
    let mut filled = 0;
    let mut written = Written::default();
    for i in 0..count {
        let created = desk.arrivals.at((i as f64 + rng.unit()) / count as f64);
        let customer = pick_customer(rng, desk.customers, created, oldest_customer);
        let info = &desk.customers[customer];
        let priority = rng.weighted(&PRIORITY_WEIGHTS);
        let policy = desk.policies[priority];
        let (first_target, resolution_target) = policy
            .map_or((8 * 3600, 3 * desk.calendar.business_day_secs()), |p| {
                (target_secs(p.first_response), target_secs(p.resolution))
            });
        let mut channel = CHANNELS[rng.weighted(&CHANNEL_WEIGHTS)];
        let mut created = created;
        if channel == "phone" && !desk.hours.is_open(created) {
            // The phone line is staffed only in opening hours: a call comes in
            // soon after the line opens, or, if that is after now, the
            // customer writes an email instead.
            let call = desk.hours.add(created, 1 + rng.exp_secs(1800.0));
            if call <= desk.now - super::QUIET_TAIL_SECS {
                created = call;
            } else {
                channel = "email";
            }
        }
        let setup = Setup {
            created,
            channel,
            dutch: info.dutch,
            topic: rng.weighted(&topic_weights),
            priority,
            first_response_target: first_target,
            resolution_target,
        };
        let slot = &mut pending[filled];
        slot.story.play(&world, rng, &setup, info.first_name);
        let (first_due, resolution_due) = match policy {
            Some(p) => (
                desk.calendar.due(created, p.first_response),
                desk.calendar.add_business_secs(
                    created,
                    target_secs(p.resolution) + slot.story.pending_business,
                ),
            ),
            None => (None, None),
        };
        slot.id = i as i64 + 1;
        slot.customer = customer;
        slot.setup = Some(setup);
        slot.policy_id = policy.map(|p| p.id);
        slot.first_due = first_due;
        slot.resolution_due = resolution_due;
        filled += 1;
        if filled == BATCH {
            statements.flush(&pending, &mut written, &mut rollups, &mut search)?;
            filled = 0;
        }
    }
    statements.flush(&pending[..filled], &mut written, &mut rollups, &mut search)?;
    rollups.feed()?;
    search.feed();
    Ok(written)
}

/// A customer who existed (and had not left) when the ticket came in. A few
/// customers write often: the draw is skewed towards some of them. After a
/// few misses the longest-standing customer (`fallback`) takes the ticket.
fn pick_customer(rng: &mut Rng, customers: &[Customer], created: i64, fallback: usize) -> usize {
    let n = customers.len();
    for _ in 0..8 {
        let u = rng.unit();
        let skewed = if rng.chance(0.3) { u * u * u } else { u };
        // Spread the frequent writers over the id range rather than the first ids.
        let index = ((skewed * n as f64) as usize).min(n - 1);
        let index = index.wrapping_mul(7919) % n;
        let c = &customers[index];
        if c.since <= created && c.churned_at.is_none_or(|churned| churned > created) {
            return index;
        }
    }
    fallback
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
