//! The desk-wide parts of an import: settings, SLA policies, agents,
//! customers, articles, canned responses, surveys and views.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Importer, Result, minutes};
use crate::exchange::model::*;
use crate::sla::Target;
use crate::store::settings;
use crate::text::{clean_block, clean_line};

impl Importer<'_> {
    pub(super) fn settings(&mut self, s: &Settings) -> Result<()> {
        if s.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(self.err(
                "settings",
                0,
                "timezone",
                format!(
                    "'{}' is not an IANA time zone like Europe/Amsterdam",
                    s.timezone
                ),
            ));
        }
        settings::set(self.tx, settings::TIMEZONE_KEY, &s.timezone)?;
        self.tx.execute("DELETE FROM business_hours", [])?;
        for (i, o) in s.business_hours.iter().enumerate() {
            let field = format!("business_hours[{i}]");
            let (Some(opens), Some(closes)) = (minutes(&o.opens), minutes(&o.closes)) else {
                return Err(self.err(
                    "settings",
                    0,
                    &field,
                    "times are HH:MM, from 00:00 to 24:00",
                ));
            };
            if opens >= closes {
                return Err(self.err("settings", 0, &field, "opens must be before closes"));
            }
            self.tx.execute(
                "INSERT OR REPLACE INTO business_hours (weekday, opens_min, closes_min) VALUES (?1, ?2, ?3)",
                params![o.day.index(), opens, closes],
            )?;
        }
        self.tx.execute("DELETE FROM holidays", [])?;
        for (i, h) in s.holidays.iter().enumerate() {
            if NaiveDate::parse_from_str(&h.day, "%Y-%m-%d").is_err() {
                return Err(self.err(
                    "settings",
                    0,
                    &format!("holidays[{i}].day"),
                    "a date is YYYY-MM-DD",
                ));
            }
            self.tx.execute(
                "INSERT OR REPLACE INTO holidays (day, name) VALUES (?1, ?2)",
                params![h.day, clean_line(&h.name)],
            )?;
        }
        Ok(())
    }

    pub(super) fn sla_policies(&mut self, policies: &[SlaPolicy]) -> Result<()> {
        for (i, p) in policies.iter().enumerate() {
            for (field, target) in [
                ("first_response", &p.first_response),
                ("resolution", &p.resolution),
            ] {
                if let Err(e) = target.parse::<Target>() {
                    return Err(self.err("sla_policies", i, field, e));
                }
            }
            self.tx.execute(
                "DELETE FROM sla_policies WHERE name = ?1 AND priority IS NOT ?2",
                params![p.name, p.priority],
            )?;
            self.tx.execute(
                "INSERT INTO sla_policies (name, priority, first_response_target, resolution_target)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(priority) DO UPDATE SET name = excluded.name,
                    first_response_target = excluded.first_response_target,
                    resolution_target = excluded.resolution_target",
                params![clean_line(&p.name), p.priority, p.first_response, p.resolution],
            )?;
        }
        Ok(())
    }

    pub(super) fn agents(&mut self, agents: &[Agent]) -> Result<()> {
        for (i, a) in agents.iter().enumerate() {
            let name = clean_line(&a.name);
            if name.is_empty() {
                return Err(self.err("agents", i, "name", "an agent needs a login name"));
            }
            if !(1..=3).contains(&a.tier) {
                return Err(self.err(
                    "agents",
                    i,
                    "tier",
                    format!("tier {} does not exist; use 1, 2 or 3", a.tier),
                ));
            }
            if self.agent(&name)?.is_some() {
                continue;
            }
            self.tx.execute(
                "INSERT INTO agents (name, display_name, email, role, tier, skills, languages, capacity, active, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    name,
                    clean_line(&a.display_name),
                    a.email.as_deref().map(clean_line),
                    a.role,
                    a.tier,
                    serde_json::to_string(&a.skills).unwrap_or_else(|_| "[]".into()),
                    serde_json::to_string(&a.languages).unwrap_or_else(|_| "[]".into()),
                    a.capacity,
                    a.active,
                    self.now
                ],
            )?;
            let id = self.tx.last_insert_rowid();
            for (t, team) in a.teams.iter().enumerate() {
                let Some(team_id) = self.team(team)? else {
                    return Err(self.err(
                        "agents",
                        i,
                        &format!("teams[{t}]"),
                        format!("no team named '{team}'; add it under teams"),
                    ));
                };
                self.tx.execute(
                    "INSERT OR IGNORE INTO agent_teams (agent_id, team_id) VALUES (?1, ?2)",
                    params![id, team_id],
                )?;
            }
            self.report.agents += 1;
        }
        Ok(())
    }

    /// A ticket's customer and their language, looked up once per customer.
    pub(super) fn customer_of(&mut self, key: &str) -> Result<Option<(i64, String)>> {
        if let Some(found) = self.customers.get(key) {
            return Ok(Some(found.clone()));
        }
        let Some(id) = self.customer_id(key)? else {
            return Ok(None);
        };
        let language: String = self
            .tx
            .prepare_cached("SELECT language FROM customers WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        self.customers
            .insert(key.to_string(), (id, language.clone()));
        Ok(Some((id, language)))
    }

    /// A customer by the key files use: e-mail, stored key, or `loket-customer-<id>`.
    pub(super) fn customer_id(&self, key: &str) -> Result<Option<i64>> {
        let key = clean_line(key);
        if let Some(id) = self.id_of(
            "SELECT id FROM customers WHERE email = ?1 OR external_id = ?1",
            &key,
        )? {
            return Ok(Some(id));
        }
        match key.strip_prefix("loket-customer-").and_then(|n| n.parse::<i64>().ok()) {
            Some(n) => Ok(self
                .tx
                .prepare_cached("SELECT id FROM customers WHERE id = ?1 AND email IS NULL AND external_id IS NULL")?
                .query_row([n], |r| r.get(0))
                .optional()?),
            None => Ok(None),
        }
    }

    pub(super) fn customers(&mut self, doc: &Document) -> Result<()> {
        for (i, c) in doc.customers.iter().enumerate() {
            let email = c.email.as_deref().map(clean_line).filter(|e| !e.is_empty());
            let key = c.key.as_deref().map(clean_line).filter(|k| !k.is_empty());
            let Some(reference) = email.clone().or_else(|| key.clone()) else {
                return Err(self.err(
                    "customers",
                    i,
                    "email",
                    "a customer needs an e-mail address or a key",
                ));
            };
            if let Some(email) = &email
                && !email.contains('@')
            {
                return Err(self.err(
                    "customers",
                    i,
                    "email",
                    format!("'{email}' is not an e-mail address"),
                ));
            }
            if self.customer_id(&reference)?.is_some() {
                continue;
            }
            // Without a date the customer starts at their first ticket
            // (set once the tickets are read), else now.
            let since = c.since.map(|t| t.timestamp()).unwrap_or(self.now);
            // `loket-customer-<n>` goes back to id n when that is free (a
            // restore), so the desk exports the same key again.
            let (row_id, key) = match key
                .as_deref()
                .filter(|_| email.is_none())
                .and_then(|k| super::tickets::loket_number(k, "loket-customer-"))
            {
                Some(n) if !self.row_exists("customers", n)? => (Some(n), None),
                _ => (None, key),
            };
            self.tx.execute(
                "INSERT INTO customers (external_id, name, email, phone, organisation, language, since, churned_at,
                                        revenue_cents, created_at, id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?7, ?10)",
                params![
                    key,
                    clean_line(&c.name),
                    email,
                    c.phone.as_deref().map(clean_line),
                    c.organisation.as_deref().map(clean_line),
                    c.language,
                    since,
                    c.churned_at.map(|t| t.timestamp()),
                    c.revenue_cents,
                    row_id
                ],
            )?;
            if c.since.is_none() {
                self.since_pending.insert(
                    reference.to_lowercase(),
                    (self.tx.last_insert_rowid(), i64::MAX),
                );
            }
            self.report.customers += 1;
        }
        Ok(())
    }

    pub(super) fn kb_articles(&mut self, articles: &[KbArticle]) -> Result<()> {
        for (i, k) in articles.iter().enumerate() {
            if !matches!(k.visibility.as_str(), "internal" | "public") {
                return Err(self.err(
                    "kb_articles",
                    i,
                    "visibility",
                    format!("'{}' is not internal or public", k.visibility),
                ));
            }
            let author = self.known_agent(&k.author, "kb_articles", i, "author")?;
            self.report.kb_articles += self.tx.execute(
                "INSERT OR IGNORE INTO kb_articles (slug, title, body, category, department, tags, language, visibility, faq,
                                                   author_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    clean_line(&k.slug),
                    clean_line(&k.title),
                    clean_block(&k.body),
                    clean_line(&k.category),
                    k.department.as_deref().map(clean_line),
                    serde_json::to_string(&k.tags).unwrap_or_else(|_| "[]".into()),
                    k.language,
                    k.visibility,
                    k.faq,
                    author,
                    k.created_at.timestamp(),
                    k.updated_at.timestamp()
                ],
            )? as u64;
        }
        Ok(())
    }

    pub(super) fn canned(&mut self, canned: &[CannedResponse]) -> Result<()> {
        for (i, c) in canned.iter().enumerate() {
            if c.shortcut.trim().is_empty() {
                return Err(self.err(
                    "canned_responses",
                    i,
                    "shortcut",
                    "a canned response needs a shortcut",
                ));
            }
            self.report.canned_responses += self.tx.execute(
                "INSERT OR IGNORE INTO canned_responses (title, shortcut, body, language, set_status, set_priority, add_tags,
                                                        created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    clean_line(&c.title),
                    clean_line(&c.shortcut),
                    clean_block(&c.body),
                    c.language,
                    c.set_status,
                    c.set_priority,
                    serde_json::to_string(&c.add_tags).unwrap_or_else(|_| "[]".into()),
                    self.now
                ],
            )? as u64;
        }
        Ok(())
    }

    pub(super) fn surveys(&mut self, surveys: &[Survey]) -> Result<()> {
        if surveys.is_empty() {
            return Ok(());
        }
        // The answers already there, counted: (ticket, kind, score, at).
        // A file's answer is passed over while the desk holds one more like
        // it than the file had before it, so an answer given twice comes in
        // twice, and the desk's own export adds nothing.
        let mut there: HashMap<(i64, String, i64, i64), u32> = HashMap::new();
        {
            let mut stmt = self.tx.prepare(
                "SELECT ticket_id, kind, score, at FROM surveys WHERE ticket_id IS NOT NULL",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                *there
                    .entry((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    .or_default() += 1;
            }
        }
        let mut insert = self.tx.prepare(
            "INSERT INTO surveys (ticket_id, customer_id, kind, score, comment, at)
             SELECT ?1, customer_id, ?2, ?3, ?4, ?5 FROM tickets WHERE id = ?1",
        )?;
        for (i, s) in surveys.iter().enumerate() {
            let range = match s.kind.as_str() {
                "csat" => 1..=5,
                "nps" => 0..=10,
                _ => {
                    return Err(self.err(
                        "surveys",
                        i,
                        "kind",
                        format!("'{}' is not \"csat\" or \"nps\"", s.kind),
                    ));
                }
            };
            if !range.contains(&s.score) {
                return Err(self.err(
                    "surveys",
                    i,
                    "score",
                    format!(
                        "a {} score is from {} to {}",
                        s.kind,
                        range.start(),
                        range.end()
                    ),
                ));
            }
            let Some(ticket) = self.ticket_id(&s.ticket)? else {
                return Err(self.err(
                    "surveys",
                    i,
                    "ticket",
                    format!("no ticket '{}' in the file or the desk", s.ticket),
                ));
            };
            if !take_one(
                &mut there,
                (ticket, s.kind.clone(), s.score, s.at.timestamp()),
            ) {
                insert.execute(params![
                    ticket,
                    s.kind,
                    s.score,
                    s.comment.as_deref().map(clean_block),
                    s.at.timestamp()
                ])?;
                self.report.surveys += 1;
            }
        }
        Ok(())
    }

    pub(super) fn kb_views(&mut self, views: &[KbView]) -> Result<()> {
        if views.is_empty() {
            return Ok(());
        }
        // The views already there, counted in memory (the table has no
        // index for this: each lookup read every view), as for surveys.
        type ViewKey = (i64, i64, i64, Option<i64>, Option<i64>);
        let mut there: HashMap<ViewKey, u32> = HashMap::new();
        {
            let mut stmt = self.tx.prepare(
                "SELECT article_id, at, self_service, customer_id, agent_id FROM kb_views",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                *there
                    .entry((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    .or_default() += 1;
            }
        }
        let mut articles: HashMap<String, Option<i64>> = HashMap::new();
        let mut customers: HashMap<String, Option<i64>> = HashMap::new();
        let mut insert = self.tx.prepare(
            "INSERT INTO kb_views (article_id, self_service, customer_id, agent_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, v) in views.iter().enumerate() {
            let article = match articles.get(&v.article) {
                Some(found) => *found,
                None => {
                    let found =
                        self.id_of("SELECT id FROM kb_articles WHERE slug = ?1", &v.article)?;
                    articles.insert(v.article.clone(), found);
                    found
                }
            };
            let Some(article) = article else {
                return Err(self.err(
                    "kb_views",
                    i,
                    "article",
                    format!("no article with slug '{}'", v.article),
                ));
            };
            let customer = match &v.customer {
                None => None,
                Some(key) => match customers.get(key) {
                    Some(found) => *found,
                    None => {
                        let found = self.customer_id(key)?;
                        customers.insert(key.clone(), found);
                        found
                    }
                },
            };
            let agent = self.known_agent(&v.agent, "kb_views", i, "agent")?;
            let key = (
                article,
                v.at.timestamp(),
                i64::from(v.self_service),
                customer,
                agent,
            );
            if !take_one(&mut there, key) {
                insert.execute(params![
                    article,
                    v.self_service,
                    customer,
                    agent,
                    v.at.timestamp()
                ])?;
                self.report.kb_views += 1;
            }
        }
        Ok(())
    }
}

/// Whether the desk held one more `key` not yet matched by the file (and
/// counts it matched).
fn take_one<K: Hash + Eq>(there: &mut HashMap<K, u32>, key: K) -> bool {
    match there.get_mut(&key) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    }
}
