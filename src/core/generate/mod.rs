//! The deterministic demo desk: teams, agents, customers, about 90 days of
//! tickets with their threads, history, SLA figures, surveys and work
//! sessions, a bilingual knowledge base and canned responses.
//!
//! The same seed and `now` give the same database, row for row: the random
//! numbers come from a hand-written generator ([`rng`]), nothing iterates a
//! hash map, and ids are assigned in insertion order.
//!
//! Module map:
//!
//! | module        | role |
//! |---------------|------|
//! | [`rng`]       | SplitMix64, the only source of randomness |
//! | `content`     | what customers and agents write, English and Dutch |
//! | `people`      | teams, agents, customers |
//! | `arrivals`    | when tickets come in (weekly rhythm, growth) |
//! | `hours`       | the desk's open intervals as a searchable table |
//! | `story`       | one ticket's life: messages, events, sessions, surveys |
//! | `tickets`     | the ticket loop, writing a batch of tickets at a time |
//! | `rows`        | multi-row INSERT statements (`store::bulk`, shared with import) |
//! | `knowledge`   | KB articles, self-service views, canned responses |
//!
//! Conventions of the generated history, for readers of the events table:
//! every status change is exactly one event, of kind `solved` or `reopened`
//! for those moves and `status_changed` otherwise, with `from_value` and
//! `to_value` set; `assigned` carries agent login names, `team_changed` team
//! names, `tier_changed` and `escalated` tier numbers, and the escalation's
//! reason is in `detail`. `solved_at` is set only on solved and closed
//! tickets. A ticket's `resolution_due_at` includes the business time of
//! pending periods that have ended. `version` is the number of events.

mod arrivals;
mod content;
mod hours;
mod knowledge;
mod mail;
mod people;
pub mod rng;
mod story;
mod tickets;

use rusqlite::Connection;

use crate::domain::Priority;
use crate::store::bulk::search::SearchBuilder;
use crate::store::bulk::{SecondaryIndexes, leave_wal, rows, thread_cpu};
use crate::store::{self, Result};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    /// How many tickets.
    pub tickets: u64,
    /// The random seed: the same seed and `now` give the same database.
    pub seed: u64,
    /// The instant history ends at (Unix seconds, UTC); about 90 days lead up to it.
    pub now: i64,
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerateSummary {
    pub tickets: u64,
    pub customers: u64,
    pub agents: u64,
    pub messages: u64,
    pub events: u64,
    pub kb_articles: u64,
    pub canned_responses: u64,
    pub teams: u64,
    pub surveys: u64,
    pub work_sessions: u64,
    pub kb_views: u64,
    /// Tickets whose thread came and went by mail.
    pub mail_threads: u64,
}

/// How far back the history goes.
pub const HISTORY_DAYS: i64 = 90;

/// The newest ticket arrives this long before `now`, so even the first
/// phone call of the last ticket has ended by then.
const QUIET_TAIL_SECS: i64 = 600;

/// Labels of the independent random streams (see [`rng::Rng::fork`]).
const STREAM_CUSTOMERS: u64 = 1;
const STREAM_TICKETS: u64 = 2;
const STREAM_KNOWLEDGE: u64 = 3;
const STREAM_VIEWS: u64 = 4;
const STREAM_MAIL: u64 = 5;

/// Connection settings while generating, each restored afterwards. Chosen
/// by profiling a million tickets:
///
/// - `cache_size`: 64 MiB (negative means KiB). Larger caches (256 and
///   512 MiB) cost more CPU time in page lookups than they saved in
///   re-reads; this keeps the generating process near 100 MB.
/// - `ignore_check_constraints`: every `CHECK (x IN (...))` built a small
///   temporary table per inserted row. The generator writes only words of
///   the domain's vocabulary, and its tests run `PRAGMA integrity_check`,
///   which checks them all.
/// - `foreign_keys`: every child row looked up its parents; the generator
///   assigns all ids itself, and its tests run `PRAGMA foreign_key_check`.
const GENERATING_PRAGMAS: [(&str, i64); 3] = [
    ("cache_size", -65_536),
    ("ignore_check_constraints", 1),
    ("foreign_keys", 0),
];

/// Fills an empty loket database in one transaction.
pub fn generate(conn: &mut Connection, options: &GenerateOptions) -> Result<GenerateSummary> {
    let mut previous = Vec::with_capacity(GENERATING_PRAGMAS.len());
    let mut result = (|| -> Result<GenerateSummary> {
        for (name, value) in GENERATING_PRAGMAS {
            let was: i64 = conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?;
            conn.pragma_update(None, name, value)?;
            previous.push((name, was));
        }
        let left_wal = leave_wal(conn);
        let started = std::time::Instant::now();
        let summary = store::write(conn, &crate::clock::SystemClock, |tx| fill(tx, options));
        tracing::info!(elapsed = ?started.elapsed(), "generate: committed");
        let back_to_wal = if left_wal {
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
                .map(|_| ())
        } else {
            Ok(())
        };
        let summary = summary?;
        back_to_wal?;
        Ok(summary)
    })();
    // Restore what was changed whatever happened; the first error wins.
    for (name, was) in previous {
        if let Err(e) = conn.pragma_update(None, name, was)
            && result.is_ok()
        {
            result = Err(e.into());
        }
    }
    result
}

/// Logs how long each phase of [`fill`] took (`LOKET_LOG=info`, the
/// default): where to look when a large desk takes long.
/// `cpu` is this thread's share; the other threads log theirs at the end.
struct Phases {
    started: std::time::Instant,
    cpu: Option<std::time::Duration>,
}

impl Phases {
    fn start() -> Phases {
        Phases {
            started: std::time::Instant::now(),
            cpu: thread_cpu(),
        }
    }

    fn done(&mut self, phase: &str) {
        let cpu = thread_cpu();
        let spent = cpu
            .zip(self.cpu)
            .map(|(now, then)| now.saturating_sub(then));
        tracing::info!(elapsed = ?self.started.elapsed(), cpu = ?spent, phase, "generate: phase done");
        *self = Phases {
            started: std::time::Instant::now(),
            cpu,
        };
    }
}

fn fill(tx: &rusqlite::Transaction<'_>, options: &GenerateOptions) -> Result<GenerateSummary> {
    let mut phases = Phases::start();
    let now = options.now;
    let window_start = now - HISTORY_DAYS * 86_400;
    let root = rng::Rng::new(options.seed);
    let calendar = store::settings::calendar(tx)?;
    let stored_policies = store::settings::sla_policies(tx)?;
    let mut policies = [None; 4];
    for priority in Priority::ALL {
        if let Some(p) = stored_policies.get(priority) {
            policies[tickets::priority_index(*priority)] = Some(tickets::Policy::from_store(p));
        }
    }

    people::insert_teams_and_agents(tx, now)?;
    let customer_count = people::customer_count(options.tickets);
    let customers = people::insert_customers(
        tx,
        &mut root.fork(STREAM_CUSTOMERS),
        customer_count,
        now,
        window_start,
    )?;
    let mut knowledge_rng = root.fork(STREAM_KNOWLEDGE);
    let kb_articles = knowledge::insert_articles(tx, &mut knowledge_rng, now)?;
    let canned_responses = knowledge::insert_canned(tx, &mut knowledge_rng, now)?;
    phases.done("teams, agents, customers, knowledge base");

    // Agent steps can run past `now` while searching for open time; the
    // table reaches far enough that the search always ends.
    let hours = hours::OpenHours::new(&calendar, window_start - 86_400, now + 120 * 86_400);
    let arrivals =
        arrivals::Arrivals::new(calendar.time_zone(), window_start, now - QUIET_TAIL_SECS);
    let desk = tickets::Desk {
        calendar: &calendar,
        hours: &hours,
        arrivals: &arrivals,
        customers: &customers,
        policies,
        now,
    };
    let bulk = SecondaryIndexes::drop(tx, store::bulk::GENERATED_TABLES)?;
    // The bulk load runs without the rollup triggers: the KPI rollups are
    // computed from the played tickets on a second thread meanwhile.
    let mut rollups = store::rollups::Feeder::start(calendar.clone(), now);
    // The ticket search indexes are built on another thread meanwhile too,
    // from each ticket's text as it is written.
    let mut search = SearchBuilder::start(tx)?;
    let written = tickets::insert_tickets(
        tx,
        &mut root.fork(STREAM_TICKETS),
        &desk,
        options.tickets,
        &mut rollups,
        &mut search,
    )?;
    phases.done("tickets");
    let kb_views = knowledge::insert_views(
        tx,
        &mut root.fork(STREAM_VIEWS),
        (options.tickets / 3).max(30),
        &customers,
        window_start,
        now,
    )?;
    // The rollups' thread sorts its sums while the indexes are built.
    rollups.close();
    phases.done("knowledge-base views");
    bulk.rebuild_with(tx, search)?;
    phases.done("indexes");
    rollups.finish(tx)?;
    phases.done("rollups written");
    let mail_threads = mail::decorate(tx, &mut root.fork(STREAM_MAIL), calendar.time_zone(), now)?;
    phases.done("mail threads");

    Ok(GenerateSummary {
        tickets: written.tickets,
        customers: customer_count,
        agents: people::AGENTS.len() as u64,
        messages: written.messages,
        events: written.events,
        kb_articles,
        canned_responses,
        teams: people::TEAMS.len() as u64,
        surveys: written.surveys,
        work_sessions: written.work_sessions,
        kb_views,
        mail_threads,
    })
}
