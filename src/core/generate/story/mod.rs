//! One ticket's life, played forward from its arrival until it is closed or
//! until `now` stops it: triage, first response, questions back to the
//! customer, escalations, holds, solving, reopening, surveys and closing.
//! Every change is an event; every step an agent takes is a message and a
//! work session. Nothing may happen after `now`, so a step that would is
//! where the story ends, which leaves recent tickets in the backlog.
//!
//! Agent steps land in business hours ([`OpenHours`]); customers write
//! whenever they like.

mod thread;

use super::content::{self, Slots, TopicText};
use super::hours::OpenHours;
use super::people::{AGENTS, Roster, TEAMS};
use super::rng::Rng;

/// A message as it will be inserted.
#[derive(Debug, Default)]
pub struct Msg {
    pub author: &'static str,
    pub agent: Option<usize>,
    pub kind: &'static str,
    pub channel: Option<&'static str>,
    pub body: String,
    pub duration_s: Option<i64>,
    pub at: i64,
}

/// An event as it will be inserted.
#[derive(Debug, Clone, Copy)]
pub struct Event {
    pub agent: Option<usize>,
    pub kind: &'static str,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    pub detail: Option<&'static str>,
    pub at: i64,
}

#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub agent: usize,
    pub start: i64,
    pub end: i64,
    pub active_s: i64,
}

#[derive(Debug, Clone, Copy)]
pub struct Survey {
    pub kind: &'static str,
    pub score: i64,
    pub comment: Option<&'static str>,
    pub at: i64,
}

/// What a ticket is about, decided before its story is played.
#[derive(Debug, Clone, Copy)]
pub struct Setup {
    pub created: i64,
    pub channel: &'static str,
    pub dutch: bool,
    pub topic: usize,
    pub priority: usize,
    pub first_response_target: i64,
    pub resolution_target: i64,
}

impl Setup {
    /// A placeholder for unused batch slots; never written.
    pub const EMPTY: Setup = Setup {
        created: 0,
        channel: "email",
        dutch: false,
        topic: 0,
        priority: 0,
        first_response_target: 0,
        resolution_target: 0,
    };
}

/// The outcome of a story, reused from ticket to ticket so the buffers keep
/// their capacity (a million tickets would otherwise allocate millions of vectors).
#[derive(Debug, Default)]
pub struct Story {
    pub messages: Vec<Msg>,
    pub message_count: usize,
    pub events: Vec<Event>,
    pub sessions: Vec<Session>,
    pub surveys: Vec<Survey>,
    pub tags: Vec<&'static str>,
    pub kb_link: Option<(usize, i64)>,
    pub subject: String,
    pub status: &'static str,
    pub tier: u8,
    pub team: usize,
    pub assignee: Option<usize>,
    pub first_responded_at: Option<i64>,
    pub solved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub updated_at: i64,
    /// Business seconds spent pending, in pending periods that have ended.
    pub pending_business: i64,
    order: String,
    amount: String,
    invoice: String,
    product: &'static str,
}

pub const STATUS_NEW: &str = "new";
const OPEN: &str = "open";
const PENDING: &str = "pending";
const ON_HOLD: &str = "on_hold";
const SOLVED: &str = "solved";
const CLOSED: &str = "closed";
pub const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];
const TIERS: [&str; 3] = ["1", "2", "3"];

/// Solved tickets close by themselves after four days without a reply.
const AUTO_CLOSE_SECS: i64 = 4 * 86_400;

/// The world a story plays in.
pub struct World<'a> {
    pub hours: &'a OpenHours,
    pub roster: &'a Roster,
    pub now: i64,
}

fn first_name(agent: usize) -> &'static str {
    let display = AGENTS[agent].display;
    display.split_once(' ').map_or(display, |(first, _)| first)
}

impl Story {
    /// Plays one ticket; the result is in `self` until the next call.
    pub fn play(
        &mut self,
        world: &World<'_>,
        rng: &mut Rng,
        setup: &Setup,
        customer_first_name: &str,
    ) {
        self.reset(rng, setup);
        let lang = content::language(setup.dutch);
        let text = &lang.topics[setup.topic];
        let subject_template = *rng.pick(&text.subjects);
        let mut subject = std::mem::take(&mut self.subject);
        content::fill(
            &mut subject,
            subject_template,
            &self.slots(customer_first_name, "", ""),
        );
        self.subject = subject;
        let topic = &content::TOPICS[setup.topic];
        let c = setup.created;
        self.event(None, "created", None, Some(STATUS_NEW), None, c);
        self.tag(topic.key, c);
        if rng.chance(0.4) {
            self.tag(topic.extra_tag, c);
        }
        if setup.priority == 3 {
            self.tag("vip", c);
        }
        self.run(world, rng, setup, text, customer_first_name);
        if let Some(solved) = self.solved_at
            && self.status == SOLVED
            && solved + AUTO_CLOSE_SECS <= world.now
        {
            let at = solved + AUTO_CLOSE_SECS;
            self.set_status(None, CLOSED, at, "status_changed");
            self.closed_at = Some(at);
        }
        if !matches!(self.status, SOLVED | CLOSED) {
            self.solved_at = None;
        }
    }

    fn reset(&mut self, rng: &mut Rng, setup: &Setup) {
        self.message_count = 0;
        self.events.clear();
        self.sessions.clear();
        self.surveys.clear();
        self.tags.clear();
        self.kb_link = None;
        self.subject.clear();
        self.status = STATUS_NEW;
        self.tier = 1;
        self.team = content::TOPICS[setup.topic].team;
        self.assignee = None;
        self.first_responded_at = None;
        self.solved_at = None;
        self.closed_at = None;
        self.updated_at = setup.created;
        self.pending_business = 0;
        let lang = content::language(setup.dutch);
        self.product = *rng.pick(lang.products);
        self.order.clear();
        self.amount.clear();
        self.invoice.clear();
        // Written into buffers kept from ticket to ticket; writing to a
        // String cannot fail, hence the ignored results.
        use std::fmt::Write;
        let _ = write!(self.order, "#NL-{}", 10_000 + rng.below(90_000));
        let cents = 995 + rng.below(40_000);
        let _ = if setup.dutch {
            write!(self.amount, "€ {},{:02}", cents / 100, cents % 100)
        } else {
            write!(self.amount, "€{}.{:02}", cents / 100, cents % 100)
        };
        let _ = write!(self.invoice, "F-{}", 200_000 + rng.below(800_000));
    }

    fn slots<'s>(&'s self, name: &'s str, agent: &'s str, subject: &'s str) -> Slots<'s> {
        Slots {
            name,
            agent,
            order: &self.order,
            product: self.product,
            amount: &self.amount,
            invoice: &self.invoice,
            subject,
        }
    }

    /// The story proper; returns when the ticket's life so far is told.
    fn run(
        &mut self,
        world: &World<'_>,
        rng: &mut Rng,
        setup: &Setup,
        text: &TopicText,
        name: &str,
    ) {
        let now = world.now;
        let c = setup.created;
        let lang = content::language(setup.dutch);
        let phone = setup.channel == "phone";
        // Whether the first answer is a question back to the customer, or
        // (a simple, common question) the answer that solves it there and
        // then: first contact resolution, about 60% of what is not a question.
        let asks = rng.chance(0.35);
        let solves_first = !asks && rng.chance([0.7, 0.65, 0.55, 0.45][setup.priority]);
        let mut agent;
        let mut t;
        if phone {
            // The agent who picks up owns the ticket and answers on the call.
            agent = world.roster.pick(rng, self.team, 1, setup.dutch);
            self.assign(agent, c, None);
            let talk = rng.range(90, 900).min(now - c);
            let answer = if solves_first {
                text.resolution
            } else if asks {
                text.ask
            } else {
                text.reply
            };
            self.call(lang.call_in, answer, agent, name, c, talk);
            self.first_responded_at = Some(c);
            t = c + talk;
            self.session(rng, agent, c, t, c);
        } else {
            let opening = *rng.pick(&text.openings);
            self.customer(setup, opening, name, c);
            let triage_mean = [7200.0, 3600.0, 1800.0, 600.0][setup.priority];
            let assigned = world.hours.add(c, 60 + rng.exp_secs(triage_mean));
            if assigned > now {
                return;
            }
            agent = world.roster.pick(rng, self.team, 1, setup.dutch);
            self.assign(agent, assigned, None);
            t = assigned;
        }
        if rng.chance(0.08) {
            // Triage corrects the priority the customer or the form picked.
            let from = (setup.priority + 1 + rng.index(3)) % 4;
            self.event(
                Some(agent),
                "priority_changed",
                Some(PRIORITIES[from]),
                Some(PRIORITIES[setup.priority]),
                None,
                t,
            );
        }
        if !phone {
            // Most answers come well within the target; some are late.
            let mut mean = setup.first_response_target as f64 * 0.3;
            if setup.channel == "chat" {
                mean = mean.min(240.0);
            }
            if rng.chance(0.12) {
                mean *= 3.5;
            }
            let replied = world.hours.add(t, 30 + rng.exp_secs(mean));
            if replied > now {
                return;
            }
            if rng.chance(0.2) {
                self.note(text.note, agent, name, (replied - 120).max(t));
            }
            let template = if solves_first {
                text.resolution
            } else if asks {
                text.ask
            } else {
                text.reply
            };
            self.agent_reply(setup, template, agent, name, replied);
            self.first_responded_at = Some(replied);
            let start = replied - rng.range(120, 900);
            self.session(rng, agent, start, replied, c);
            t = replied;
        }
        if solves_first {
            if self.kb_link.is_none() && rng.chance(0.25) {
                self.kb_link = Some((agent, t));
            }
            self.set_status(Some(agent), SOLVED, t, "solved");
            self.solved_at = Some(t);
            self.survey(rng, lang, t, false, false, now);
            return;
        }
        // Stalled: nobody picks it up again. A desk chases its old tickets, so
        // stalling is mostly recent; the few old ones are the overdue tail of
        // the backlog.
        let age_days = (now - c) / 86_400;
        let stall = match age_days {
            0..=13 => 0.015,
            14..=44 => 0.003,
            _ => 0.0008,
        };
        if rng.chance(stall) {
            if rng.chance(0.5) {
                self.set_status(Some(agent), ON_HOLD, t, "status_changed");
                let hold = *rng.pick(lang.hold_notes);
                self.note(hold, agent, name, t);
            }
            return;
        }
        if asks {
            self.set_status(Some(agent), PENDING, t, "status_changed");
            let pending_since = t;
            let answered = t + 600 + rng.exp_secs(16.0 * 3600.0);
            if answered > now {
                return;
            }
            self.customer_on(setup, text.followup, name, answered);
            self.set_status(None, OPEN, answered, "status_changed");
            self.pending_business += world.hours.between(pending_since, answered);
            t = answered;
        }
        let escalation_chance = [0.06, 0.1, 0.16, 0.22][setup.priority];
        if rng.chance(escalation_chance) {
            let at = world.hours.add(t, 300 + rng.exp_secs(5400.0));
            if at > now {
                return;
            }
            let reason = *rng.pick(lang.escalation_reasons);
            self.note(reason, agent, name, at);
            let from_tier = self.tier;
            let to_tier = if rng.chance(0.25) { 3 } else { 2 };
            self.event(
                Some(agent),
                "escalated",
                Some(TIERS[usize::from(from_tier - 1)]),
                Some(TIERS[usize::from(to_tier - 1)]),
                Some(reason),
                at,
            );
            self.event(
                Some(agent),
                "tier_changed",
                Some(TIERS[usize::from(from_tier - 1)]),
                Some(TIERS[usize::from(to_tier - 1)]),
                None,
                at,
            );
            self.tier = to_tier;
            if rng.chance(0.25) {
                // Handed to another team's specialists.
                let to_team = (self.team + 1 + rng.index(2)) % TEAMS.len();
                self.event(
                    Some(agent),
                    "team_changed",
                    Some(TEAMS[self.team]),
                    Some(TEAMS[to_team]),
                    Some(reason),
                    at,
                );
                self.team = to_team;
            }
            let specialist = world.roster.pick(rng, self.team, to_tier, setup.dutch);
            self.assign(specialist, at, Some(reason));
            agent = specialist;
            t = at;
            if rng.chance(0.4) {
                self.set_status(Some(agent), ON_HOLD, t, "status_changed");
                let hold = *rng.pick(lang.hold_notes);
                self.note(hold, agent, name, t);
                let back = world.hours.add(t, 1800 + rng.exp_secs(8.0 * 3600.0));
                if back > now {
                    return;
                }
                self.set_status(Some(agent), OPEN, back, "status_changed");
                t = back;
            }
        } else if rng.chance(0.06) {
            let at = world.hours.add(t, 600 + rng.exp_secs(3600.0));
            if at > now {
                return;
            }
            let other = world.roster.pick(rng, self.team, self.tier, setup.dutch);
            if other != agent {
                let reason = *rng.pick(lang.reassign_reasons);
                self.assign(other, at, Some(reason));
                agent = other;
                t = at;
            }
        }
        let mut breached = false;
        let solved = self.solve(world, rng, setup, text, agent, name, t, &mut breached);
        let Some(mut solved) = solved else { return };
        let mut reopened = false;
        if rng.chance(0.07) {
            // The customer writes again before the ticket closes by itself.
            let back =
                (solved + 3600 + rng.exp_secs(36.0 * 3600.0)).min(solved + AUTO_CLOSE_SECS - 60);
            if back > now {
                self.survey(rng, lang, solved, breached, false, now);
                return;
            }
            let template = *rng.pick(lang.reopen);
            self.customer_on(setup, template, name, back);
            self.set_status(None, OPEN, back, "reopened");
            reopened = true;
            match self.solve(world, rng, setup, text, agent, name, back, &mut breached) {
                Some(again) => solved = again,
                None => return,
            }
        }
        self.survey(rng, lang, solved, breached, reopened, now);
    }

    /// The solving reply; `None` when it would come after now.
    #[allow(clippy::too_many_arguments)]
    fn solve(
        &mut self,
        world: &World<'_>,
        rng: &mut Rng,
        setup: &Setup,
        text: &TopicText,
        agent: usize,
        name: &str,
        t: i64,
        breached: &mut bool,
    ) -> Option<i64> {
        let mut mean = setup.resolution_target as f64 * 0.25;
        if rng.chance(0.1) {
            mean *= 4.0;
            *breached = true;
        }
        let at = world.hours.add(t, 300 + rng.exp_secs(mean));
        if at > world.now {
            return None;
        }
        if setup.channel == "phone" {
            let lang = content::language(setup.dutch);
            let talk = rng.range(60, 600).min(world.now - at);
            self.call(lang.call_back, text.resolution, agent, name, at, talk);
            self.session(rng, agent, at, at + talk, setup.created);
        } else {
            self.agent_reply(setup, text.resolution, agent, name, at);
            let start = at - rng.range(120, 1200);
            self.session(rng, agent, start, at, setup.created);
        }
        if self.kb_link.is_none() && rng.chance(0.25) {
            self.kb_link = Some((agent, at));
        }
        self.set_status(Some(agent), SOLVED, at, "solved");
        self.solved_at = Some(at);
        Some(at)
    }

    /// Surveys sent after the last solve; late or reopened tickets score worse.
    #[allow(clippy::too_many_arguments)]
    fn survey(
        &mut self,
        rng: &mut Rng,
        lang: &content::Language,
        solved: i64,
        breached: bool,
        reopened: bool,
        now: i64,
    ) {
        let at = solved + rng.range(600, 2 * 86_400);
        if at > now {
            return;
        }
        let unhappy = breached || reopened;
        if rng.chance(0.45) {
            let weights: [u32; 5] = if unhappy {
                [18, 20, 25, 22, 15]
            } else {
                [3, 4, 10, 30, 53]
            };
            let score = rng.weighted(&weights) as i64 + 1;
            let comment = if score >= 4 && rng.chance(0.3) {
                Some(*rng.pick(lang.praise))
            } else if score <= 2 && rng.chance(0.5) {
                Some(*rng.pick(lang.complaints))
            } else {
                None
            };
            self.surveys.push(Survey {
                kind: "csat",
                score,
                comment,
                at,
            });
        }
        if rng.chance(0.25) {
            let weights: [u32; 11] = if unhappy {
                [6, 5, 7, 8, 9, 12, 12, 14, 12, 8, 7]
            } else {
                [1, 1, 1, 2, 2, 4, 6, 15, 22, 24, 22]
            };
            let score = rng.weighted(&weights) as i64;
            self.surveys.push(Survey {
                kind: "nps",
                score,
                comment: None,
                at: (at + 30).min(now),
            });
        }
    }

    fn event(
        &mut self,
        agent: Option<usize>,
        kind: &'static str,
        from: Option<&'static str>,
        to: Option<&'static str>,
        detail: Option<&'static str>,
        at: i64,
    ) {
        self.updated_at = self.updated_at.max(at);
        self.events.push(Event {
            agent,
            kind,
            from,
            to,
            detail,
            at,
        });
    }

    fn tag(&mut self, tag: &'static str, at: i64) {
        if !self.tags.contains(&tag) {
            self.tags.push(tag);
            self.event(None, "tagged", None, Some(tag), None, at);
        }
    }

    /// A status change is one event: `solved` and `reopened` for those two
    /// moves, `status_changed` for the rest, always with from and to.
    fn set_status(&mut self, agent: Option<usize>, to: &'static str, at: i64, kind: &'static str) {
        let from = self.status;
        self.status = to;
        self.event(agent, kind, Some(from), Some(to), None, at);
    }

    fn assign(&mut self, agent: usize, at: i64, reason: Option<&'static str>) {
        let from = self.assignee.map(|a| AGENTS[a].login);
        self.event(
            Some(agent),
            "assigned",
            from,
            Some(AGENTS[agent].login),
            reason,
            at,
        );
        self.assignee = Some(agent);
        if self.status == STATUS_NEW {
            self.set_status(Some(agent), OPEN, at, "status_changed");
        }
    }
}
