//! Tickets with their threads, histories, work sessions and links, and the
//! fields worked out from that history.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::batch::{EventRow, MessageRow, SessionRow, TicketRow, Writer};
use super::{Importer, Result};
use crate::domain::{Author, MessageKind, Status};
use crate::exchange::model::*;
use crate::sla::Calendar;
use crate::store::changes::normalise_tag;
use crate::store::settings::SlaPolicy as StoredPolicy;
use crate::text::{clean_block, clean_line};

impl Importer<'_> {
    /// Adds one ticket with its history (its key checked by `admit`).
    pub(super) fn ticket(
        &mut self,
        i: usize,
        t: &Ticket,
        cal: &Calendar,
        policies: &HashMap<crate::domain::Priority, StoredPolicy>,
        writer: &mut Writer<'_>,
    ) -> Result<()> {
        const S: &str = "tickets";
        let external_id = clean_line(&t.external_id);
        // `loket-<n>` goes back to id n when that is free (a restore), so the
        // desk exports the same key again; else it is kept as the external id.
        let (row_id, stored_key) = match loket_number(&external_id, "loket-") {
            Some(n) if !self.assigned.contains(&n) && !self.row_exists("tickets", n)? => (n, None),
            _ => (self.next_ticket, Some(external_id.clone())),
        };
        if !self.assigned.insert(row_id) {
            return Err(self.err(S, i, "external_id", "two tickets for one id"));
        }
        self.next_ticket = self.next_ticket.max(row_id + 1);
        if let Some(entry) = self.keys.get_mut(external_id.as_str()) {
            entry.2 = row_id;
        }
        if clean_line(&t.subject).is_empty() {
            return Err(self.err(S, i, "subject", "a ticket needs a subject"));
        }
        let Some((customer, customer_language)) = self.customer_of(&t.customer)? else {
            return Err(self.err(
                S,
                i,
                "customer",
                format!("no customer '{}'; add it under customers", t.customer),
            ));
        };
        if !(1..=3).contains(&t.tier) {
            return Err(self.err(
                S,
                i,
                "tier",
                format!("tier {} does not exist; use 1, 2 or 3", t.tier),
            ));
        }
        let team = match &t.team {
            None => None,
            Some(name) => match self.team(name)? {
                Some(id) => Some(id),
                None => {
                    return Err(self.err(
                        S,
                        i,
                        "team",
                        format!("no team named '{name}'; add it under teams"),
                    ));
                }
            },
        };
        let assignee = self.known_agent(&t.assignee, S, i, "assignee")?;
        let id = row_id;
        let mut messages = Vec::with_capacity(t.messages.len());
        for (m, msg) in t.messages.iter().enumerate() {
            if msg.author == Author::Customer
                && (msg.kind != MessageKind::Public || msg.agent.is_some())
            {
                return Err(self.err(
                    S,
                    i,
                    &format!("messages[{m}]"),
                    "a customer message is kind \"public\" with no agent",
                ));
            }
            if msg.duration_s.is_some_and(|d| d < 0) {
                return Err(self.err(
                    S,
                    i,
                    &format!("messages[{m}].duration_s"),
                    "talk time cannot be negative",
                ));
            }
            let agent = self.known_agent(&msg.agent, S, i, &format!("messages[{m}].agent"))?;
            messages.push(MessageRow {
                ticket: id,
                author: msg.author,
                agent,
                kind: msg.kind,
                channel: msg.channel,
                body: clean_block(&msg.body),
                duration_s: msg.duration_s,
                at: msg.at.timestamp(),
            });
        }
        let mut events = Vec::with_capacity(t.events.len());
        for (e, ev) in t.events.iter().enumerate() {
            if clean_line(&ev.kind).is_empty() {
                return Err(self.err(S, i, &format!("events[{e}].kind"), "an event needs a kind"));
            }
            let agent = self.known_agent(&ev.agent, S, i, &format!("events[{e}].agent"))?;
            events.push(EventRow {
                ticket: id,
                agent,
                kind: clean_line(&ev.kind),
                from: ev.from.as_deref().map(clean_line),
                to: ev.to.as_deref().map(clean_line),
                detail: ev.detail.as_deref().map(clean_line),
                at: ev.at.timestamp(),
            });
        }
        let mut sessions = Vec::with_capacity(t.work_sessions.len());
        for (w, session) in t.work_sessions.iter().enumerate() {
            if session.active_s < 0 || session.end.is_some_and(|e| e < session.start) {
                return Err(self.err(
                    S,
                    i,
                    &format!("work_sessions[{w}]"),
                    "a work session ends after it starts and has active_s ≥ 0",
                ));
            }
            let Some(agent) = self.known_agent(
                &Some(session.agent.clone()),
                S,
                i,
                &format!("work_sessions[{w}].agent"),
            )?
            else {
                continue;
            };
            sessions.push(SessionRow {
                agent,
                ticket: id,
                start: session.start.timestamp(),
                end: session.end.map(|e| e.timestamp()),
                active_s: session.active_s,
            });
        }
        let mut tags: Vec<String> = t
            .tags
            .iter()
            .map(|tag| normalise_tag(tag))
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();

        let derived = derive(t, cal, policies);
        if self.feeder.is_some() {
            let surveys = self.survey_facts.remove(external_id.as_str());
            self.works.push(super::feed::work(
                super::feed::Written {
                    id,
                    ticket: t,
                    status: t.status,
                    priority: t.priority,
                    tags: &tags,
                    policy: policies.get(&t.priority),
                    first_due: derived.first_due,
                    resolution_due: derived.resolution_due,
                    solved: derived.solved,
                    messages: &messages,
                    events: &events,
                    sessions: t
                        .work_sessions
                        .iter()
                        .zip(&sessions)
                        .map(|(w, row)| (w.agent.clone(), row.end, row.active_s))
                        .collect(),
                },
                surveys,
            ));
        }
        self.report.messages += messages.len() as u64;
        self.report.events += events.len() as u64;
        let subject = clean_line(&t.subject);
        if let Some(search) = &mut self.search {
            search.add(id, t.status.is_active(), &subject, customer, &messages);
        }
        let batch = &mut writer.batch;
        batch.tickets.push(TicketRow {
            id,
            external_id: stored_key,
            subject,
            customer,
            channel: t.channel,
            status: t.status,
            priority: t.priority,
            tier: t.tier,
            team,
            assignee,
            language: t.language.clone().unwrap_or(customer_language),
            policy: derived.policy,
            first_due: derived.first_due,
            resolution_due: derived.resolution_due,
            first_responded: derived.first_responded,
            created: t.created_at.timestamp(),
            updated: derived.updated,
            solved: derived.solved,
            closed: derived.closed,
            version: 1 + t.events.len() as i64,
        });
        batch.messages.append(&mut messages);
        batch.events.append(&mut events);
        batch.tags.extend(tags.into_iter().map(|tag| (id, tag)));
        batch.sessions.append(&mut sessions);
        if writer.full() {
            writer.flush()?;
            // Every ticket handed over is written (the rollup rows refer to it).
            if self.works.len() >= FEED_EVERY {
                self.feed()?;
            }
        }
        if !t.links.is_empty() || t.follow_up_of.is_some() || !t.kb_links.is_empty() {
            self.links.push(LinkWork {
                index: i,
                line: self.current.1,
                from: id,
                created_at: t.created_at.timestamp(),
                links: t.links.clone(),
                follow_up_of: t.follow_up_of.clone(),
                kb_links: t.kb_links.clone(),
            });
        }
        self.report.tickets += 1;
        Ok(())
    }

    /// A ticket by the key exports use: its external id, or `loket-<id>` for
    /// a ticket that has none.
    pub(super) fn ticket_id(&self, key: &str) -> Result<Option<i64>> {
        // A ticket of this file: known without asking the database.
        if let Some(&(_, _, id)) = self.keys.get(key)
            && id != 0
        {
            return Ok(Some(id));
        }
        if let Some(id) = self.id_of("SELECT id FROM tickets WHERE external_id = ?1", key)? {
            return Ok(Some(id));
        }
        match loket_number(key, "loket-") {
            Some(n) => Ok(self
                .tx
                .prepare_cached("SELECT id FROM tickets WHERE id = ?1 AND external_id IS NULL")?
                .query_row([n], |r| r.get(0))
                .optional()?),
            None => Ok(None),
        }
    }

    pub(super) fn links(&mut self, t: LinkWork) -> Result<()> {
        let (i, from) = (t.index, t.from);
        self.current = (t.index, t.line);
        for (l, link) in t.links.iter().enumerate() {
            if !matches!(link.kind.as_str(), "related" | "merged_into") {
                return Err(self.err(
                    "tickets",
                    i,
                    &format!("links[{l}].kind"),
                    "a link is \"related\" or \"merged_into\"",
                ));
            }
            let Some(to) = self.ticket_id(&link.ticket)? else {
                return Err(self.err(
                    "tickets",
                    i,
                    &format!("links[{l}].ticket"),
                    format!("no ticket '{}' in the file or the desk", link.ticket),
                ));
            };
            // A link reaches into a ticket that may be another team's.
            crate::store::rights::require(
                self.tx,
                self.actor,
                crate::store::rights::Right::WorkTickets,
                Some(to),
            )?;
            self.tx.execute(
                "INSERT OR IGNORE INTO ticket_links (ticket_id, other_id, kind, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![from, to, link.kind, t.created_at],
            )?;
            if link.kind == "merged_into" {
                self.tx.execute(
                    "UPDATE tickets SET merged_into_id = ?2 WHERE id = ?1",
                    params![from, to],
                )?;
            }
        }
        if let Some(earlier) = &t.follow_up_of {
            let Some(to) = self.ticket_id(earlier)? else {
                return Err(self.err(
                    "tickets",
                    i,
                    "follow_up_of",
                    format!("no ticket '{earlier}' in the file or the desk"),
                ));
            };
            self.tx.execute(
                "UPDATE tickets SET follow_up_of = ?2 WHERE id = ?1",
                params![from, to],
            )?;
        }
        for (l, link) in t.kb_links.iter().enumerate() {
            let Some(article) =
                self.id_of("SELECT id FROM kb_articles WHERE slug = ?1", &link.article)?
            else {
                return Err(self.err(
                    "tickets",
                    i,
                    &format!("kb_links[{l}].article"),
                    format!("no article with slug '{}'", link.article),
                ));
            };
            let agent = self.known_agent(&link.agent, "tickets", i, "kb_links.agent")?;
            self.tx.execute(
                "INSERT OR IGNORE INTO ticket_kb_links (ticket_id, article_id, agent_id, at) VALUES (?1, ?2, ?3, ?4)",
                params![from, article, agent, link.at.timestamp()],
            )?;
        }
        Ok(())
    }
}

/// Tickets handed to the rollups' thread at a time.
const FEED_EVERY: usize = 1_024;

impl Importer<'_> {
    /// Hands the tickets written since the last time to the rollups' thread.
    pub(super) fn feed(&mut self) -> Result<()> {
        if let Some(feeder) = &mut self.feeder {
            feeder.feed(self.tx, std::mem::take(&mut self.works))?;
        }
        Ok(())
    }
}

/// What an added ticket links to, kept until every ticket is in (a link
/// may name a ticket further on in the file).
pub(super) struct LinkWork {
    pub index: usize,
    pub line: usize,
    pub from: i64,
    pub created_at: i64,
    pub links: Vec<Link>,
    pub follow_up_of: Option<String>,
    pub kb_links: Vec<KbLink>,
}

/// `n` of a key like `loket-<n>` (`prefix` included), for a positive `n`
/// written the way an export writes it.
pub(super) fn loket_number(key: &str, prefix: &str) -> Option<i64> {
    let digits = key.strip_prefix(prefix)?;
    let n: i64 = digits.parse().ok()?;
    (n > 0 && n.to_string() == digits).then_some(n)
}

/// The fields an imported ticket does not carry, worked out from its history.
struct Derived {
    policy: Option<i64>,
    first_due: Option<i64>,
    resolution_due: Option<i64>,
    first_responded: Option<i64>,
    updated: i64,
    solved: Option<i64>,
    closed: Option<i64>,
}

fn ts(t: &DateTime<Utc>) -> i64 {
    t.timestamp()
}

fn derive(
    t: &Ticket,
    cal: &Calendar,
    policies: &HashMap<crate::domain::Priority, StoredPolicy>,
) -> Derived {
    let created = ts(&t.created_at);
    let latest = t
        .messages
        .iter()
        .map(|m| ts(&m.at))
        .chain(t.events.iter().map(|e| ts(&e.at)))
        .max()
        .unwrap_or(created)
        .max(created);
    let first_responded = t
        .messages
        .iter()
        .filter(|m| m.author == Author::Agent && m.kind != MessageKind::Internal)
        .map(|m| ts(&m.at))
        .min();
    let status_events = t
        .events
        .iter()
        .filter(|e| matches!(e.kind.as_str(), "status_changed" | "solved" | "reopened"));
    let last_to = |status: Status| {
        t.events
            .iter()
            .filter(|e| matches!(e.kind.as_str(), "status_changed" | "solved" | "reopened"))
            .filter(|e| e.to.as_deref() == Some(status.as_str()))
            .map(|e| ts(&e.at))
            .max()
    };
    let solved = match t.status {
        Status::Solved | Status::Closed => last_to(Status::Solved).or(Some(latest)),
        _ => last_to(Status::Solved),
    };
    let closed = match t.status {
        Status::Closed => last_to(Status::Closed).or(Some(latest)),
        _ => None,
    };
    // Business time spent pending in finished pauses moves the resolution target out.
    let mut sorted: Vec<&Event> = status_events.collect();
    sorted.sort_by_key(|e| ts(&e.at));
    let mut paused = 0;
    let mut pending_since = None;
    for e in sorted {
        let at = ts(&e.at);
        if let Some(since) = pending_since.take() {
            paused += cal.business_secs_between(since, at);
        }
        if e.to.as_deref() == Some(Status::Pending.as_str()) {
            pending_since = Some(at);
        }
    }
    let policy = policies.get(&t.priority);
    Derived {
        policy: policy.map(|p| p.id),
        first_due: policy.and_then(|p| cal.due(created, p.first_response)),
        resolution_due: policy
            .and_then(|p| cal.due(created, p.resolution))
            .map(|d| cal.add_business_secs(d, paused).unwrap_or(d)),
        first_responded,
        updated: latest,
        solved,
        closed,
    }
}
