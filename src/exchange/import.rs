//! Reading a desk in: all or nothing, in one IMMEDIATE transaction. A bad
//! element is reported with the file, the line it starts on, the field and
//! what was expected, and the database is left as it was. Importing the same
//! file twice adds nothing the second time: tickets are keyed by external id,
//! agents by name, customers by e-mail, articles by slug, canned responses by
//! shortcut, surveys and views by their whole content.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::model::*;
use crate::domain::{Author, MessageKind, Status};
use crate::sla::{Calendar, Target};
use crate::store::changes::normalise_tag;
use crate::store::settings::{self, SlaPolicy as StoredPolicy};
use crate::text::{clean_block, clean_line};

/// What is wrong with an imported file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub line: Option<usize>,
    /// Like `tickets[3].status`; empty for the file as a whole.
    pub field: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if !self.field.is_empty() {
            write!(f, ", {}", self.field)?;
        }
        write!(f, ": {}. Nothing was imported.", self.message)
    }
}

impl std::error::Error for ImportError {}

/// What an import added and passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ImportReport {
    pub teams: u64,
    pub agents: u64,
    pub customers: u64,
    pub tickets: u64,
    pub tickets_skipped: u64,
    pub messages: u64,
    pub events: u64,
    pub canned_responses: u64,
    pub kb_articles: u64,
    pub surveys: u64,
    pub kb_views: u64,
}

/// Where each element starts, for errors: (section, index) → line.
#[derive(Debug, Default)]
pub struct Origins {
    pub file: String,
    pub lines: HashMap<(&'static str, usize), usize>,
}

impl Origins {
    fn error(
        &self,
        section: &'static str,
        index: usize,
        field: &str,
        message: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: self.file.clone(),
            line: self.lines.get(&(section, index)).copied(),
            field: if field.is_empty() {
                format!("{section}[{index}]")
            } else {
                format!("{section}[{index}].{field}")
            },
            message: message.into(),
        }
    }
}

/// Either the file's fault (exit code 2) or the database's.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("{0}")]
    Input(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl From<rusqlite::Error> for ImportFailure {
    fn from(e: rusqlite::Error) -> Self {
        ImportFailure::Store(e.into())
    }
}

type Result<T> = std::result::Result<T, ImportFailure>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc<'a> {
    format: String,
    version: u32,
    #[serde(borrow, default)]
    settings: Option<&'a RawValue>,
    #[serde(borrow, default)]
    sla_policies: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    teams: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    agents: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    customers: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    tickets: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    canned_responses: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    kb_articles: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    kb_views: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    surveys: Vec<&'a RawValue>,
}

fn line_at(text: &str, raw: &RawValue) -> usize {
    let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    text.get(..offset)
        .map(|s| s.matches('\n').count())
        .unwrap_or(0)
        + 1
}

fn parse_section<T: DeserializeOwned>(
    text: &str,
    raws: &[&RawValue],
    section: &'static str,
    origins: &mut Origins,
) -> std::result::Result<Vec<T>, ImportError> {
    let mut out = Vec::with_capacity(raws.len());
    for (index, raw) in raws.iter().enumerate() {
        let base = line_at(text, raw);
        origins.lines.insert((section, index), base);
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            ImportError {
                file: origins.file.clone(),
                line: Some(base + inner.line().saturating_sub(1)),
                field: if path == "." {
                    format!("{section}[{index}]")
                } else {
                    format!("{section}[{index}].{path}")
                },
                message: strip_position(&inner.to_string()),
            }
        })?;
        out.push(value);
    }
    Ok(out)
}

/// serde_json appends " at line L column C" relative to the element; the
/// error already names the absolute line.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Parses a JSON desk document, remembering where each element starts.
pub fn parse_json(text: &str, file: &str) -> std::result::Result<(Document, Origins), ImportError> {
    let mut origins = Origins {
        file: file.to_string(),
        lines: HashMap::new(),
    };
    let raw: RawDoc<'_> = serde_json::from_str(text).map_err(|e| ImportError {
        file: file.to_string(),
        line: Some(e.line()),
        field: String::new(),
        message: format!(
            "{}; the file must be a loket desk document (see docs/FORMAT.md)",
            strip_position(&e.to_string())
        ),
    })?;
    if raw.format != FORMAT_NAME {
        return Err(ImportError {
            file: file.to_string(),
            line: Some(1),
            field: "format".into(),
            message: format!("expected \"{FORMAT_NAME}\", found \"{}\"", raw.format),
        });
    }
    if raw.version > FORMAT_VERSION {
        return Err(ImportError {
            file: file.to_string(),
            line: Some(1),
            field: "version".into(),
            message: format!(
                "this file is format version {}, this loket reads up to {FORMAT_VERSION}; upgrade loket",
                raw.version
            ),
        });
    }
    let settings = match raw.settings {
        Some(r) => parse_section::<Settings>(text, &[r], "settings", &mut origins)?.pop(),
        None => None,
    };
    let doc = Document {
        format: raw.format,
        version: raw.version,
        settings,
        sla_policies: parse_section(text, &raw.sla_policies, "sla_policies", &mut origins)?,
        teams: parse_section(text, &raw.teams, "teams", &mut origins)?,
        agents: parse_section(text, &raw.agents, "agents", &mut origins)?,
        customers: parse_section(text, &raw.customers, "customers", &mut origins)?,
        tickets: parse_section(text, &raw.tickets, "tickets", &mut origins)?,
        canned_responses: parse_section(
            text,
            &raw.canned_responses,
            "canned_responses",
            &mut origins,
        )?,
        kb_articles: parse_section(text, &raw.kb_articles, "kb_articles", &mut origins)?,
        kb_views: parse_section(text, &raw.kb_views, "kb_views", &mut origins)?,
        surveys: parse_section(text, &raw.surveys, "surveys", &mut origins)?,
    };
    Ok((doc, origins))
}

/// Imports a parsed document in one IMMEDIATE transaction.
pub fn import(
    conn: &mut Connection,
    doc: &Document,
    origins: &Origins,
    now: i64,
) -> Result<ImportReport> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let report = Importer {
        tx: &tx,
        origins,
        report: ImportReport::default(),
        now,
    }
    .run(doc)?;
    tx.commit()?;
    Ok(report)
}

struct Importer<'a> {
    tx: &'a Transaction<'a>,
    origins: &'a Origins,
    report: ImportReport,
    now: i64,
}

fn minutes(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

impl Importer<'_> {
    fn err(
        &self,
        section: &'static str,
        index: usize,
        field: &str,
        message: impl Into<String>,
    ) -> ImportFailure {
        self.origins.error(section, index, field, message).into()
    }

    fn id_of(&self, sql: &str, key: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached(sql)?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    fn agent(&self, name: &str) -> Result<Option<i64>> {
        self.id_of("SELECT id FROM agents WHERE name = ?1", name)
    }

    fn known_agent(
        &self,
        name: &Option<String>,
        section: &'static str,
        i: usize,
        field: &str,
    ) -> Result<Option<i64>> {
        match name {
            None => Ok(None),
            Some(n) => match self.agent(n)? {
                Some(id) => Ok(Some(id)),
                None => Err(self.err(
                    section,
                    i,
                    field,
                    format!("no agent named '{n}'; add it under agents"),
                )),
            },
        }
    }

    fn run(mut self, doc: &Document) -> Result<ImportReport> {
        if let Some(s) = &doc.settings {
            self.settings(s)?;
        }
        self.sla_policies(&doc.sla_policies)?;
        for team in &doc.teams {
            self.report.teams += self.tx.execute(
                "INSERT OR IGNORE INTO teams (name) VALUES (?1)",
                [clean_line(&team.name)],
            )? as u64;
        }
        self.agents(&doc.agents)?;
        self.customers(doc)?;
        self.kb_articles(&doc.kb_articles)?;
        self.canned(&doc.canned_responses)?;
        let calendar = settings::calendar(self.tx)?;
        let policies = settings::sla_policies(self.tx)?;
        let mut added = Vec::new();
        for (i, ticket) in doc.tickets.iter().enumerate() {
            if self.ticket(i, ticket, &calendar, &policies)? {
                added.push(i);
            }
        }
        for i in added {
            self.links(i, &doc.tickets[i])?;
        }
        self.surveys(&doc.surveys)?;
        self.kb_views(&doc.kb_views)?;
        Ok(self.report)
    }

    fn settings(&mut self, s: &Settings) -> Result<()> {
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

    fn sla_policies(&mut self, policies: &[SlaPolicy]) -> Result<()> {
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

    fn agents(&mut self, agents: &[Agent]) -> Result<()> {
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
                let Some(team_id) = self.id_of("SELECT id FROM teams WHERE name = ?1", team)?
                else {
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

    /// A customer by the key files use: e-mail, stored key, or `loket-customer-<id>`.
    fn customer_id(&self, key: &str) -> Result<Option<i64>> {
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

    fn customers(&mut self, doc: &Document) -> Result<()> {
        let mut first_ticket: HashMap<String, i64> = HashMap::new();
        for t in &doc.tickets {
            let e = first_ticket
                .entry(t.customer.to_lowercase())
                .or_insert(i64::MAX);
            *e = (*e).min(t.created_at.timestamp());
        }
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
            let since = c
                .since
                .map(|t| t.timestamp())
                .or_else(|| {
                    first_ticket
                        .get(&reference.to_lowercase())
                        .copied()
                        .filter(|t| *t != i64::MAX)
                })
                .unwrap_or(self.now);
            self.tx.execute(
                "INSERT INTO customers (external_id, name, email, phone, organisation, language, since, churned_at,
                                        revenue_cents, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?7)",
                params![
                    key,
                    clean_line(&c.name),
                    email,
                    c.phone.as_deref().map(clean_line),
                    c.organisation.as_deref().map(clean_line),
                    c.language,
                    since,
                    c.churned_at.map(|t| t.timestamp()),
                    c.revenue_cents
                ],
            )?;
            self.report.customers += 1;
        }
        Ok(())
    }

    fn kb_articles(&mut self, articles: &[KbArticle]) -> Result<()> {
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

    fn canned(&mut self, canned: &[CannedResponse]) -> Result<()> {
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

    /// Adds one ticket with its history; `false` when its external id is
    /// already in the desk.
    fn ticket(
        &mut self,
        i: usize,
        t: &Ticket,
        cal: &Calendar,
        policies: &HashMap<crate::domain::Priority, StoredPolicy>,
    ) -> Result<bool> {
        const S: &str = "tickets";
        let external_id = clean_line(&t.external_id);
        if external_id.is_empty() {
            return Err(self.err(S, i, "external_id", "every ticket needs an external id"));
        }
        if self
            .id_of(
                "SELECT id FROM tickets WHERE external_id = ?1",
                &external_id,
            )?
            .is_some()
        {
            self.report.tickets_skipped += 1;
            return Ok(false);
        }
        if clean_line(&t.subject).is_empty() {
            return Err(self.err(S, i, "subject", "a ticket needs a subject"));
        }
        let Some(customer) = self.customer_id(&t.customer)? else {
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
            Some(name) => match self.id_of("SELECT id FROM teams WHERE name = ?1", name)? {
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
        }
        for (w, session) in t.work_sessions.iter().enumerate() {
            if session.active_s < 0 || session.end.is_some_and(|e| e < session.start) {
                return Err(self.err(
                    S,
                    i,
                    &format!("work_sessions[{w}]"),
                    "a work session ends after it starts and has active_s ≥ 0",
                ));
            }
        }

        let created = t.created_at.timestamp();
        let derived = derive(t, cal, policies);
        let language = t.language.clone().unwrap_or_else(|| {
            self.tx
                .query_row(
                    "SELECT language FROM customers WHERE id = ?1",
                    [customer],
                    |r| r.get(0),
                )
                .unwrap_or_else(|_| "en".into())
        });
        self.tx
            .prepare_cached(
                "INSERT INTO tickets (external_id, subject, customer_id, channel, status, priority, tier, team_id, assignee_id,
                    language, sla_policy_id, first_response_due_at, resolution_due_at, first_responded_at,
                    created_at, updated_at, solved_at, closed_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            )?
            .execute(params![
                external_id,
                clean_line(&t.subject),
                customer,
                t.channel,
                t.status,
                t.priority,
                t.tier,
                team,
                assignee,
                language,
                derived.policy,
                derived.first_due,
                derived.resolution_due,
                derived.first_responded,
                created,
                derived.updated,
                derived.solved,
                derived.closed,
                1 + t.events.len() as i64
            ])?;
        let id = self.tx.last_insert_rowid();
        let mut tags: Vec<String> = t
            .tags
            .iter()
            .map(|tag| normalise_tag(tag))
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        for tag in tags {
            self.tx
                .prepare_cached("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)")?
                .execute(params![id, tag])?;
        }
        for (m, msg) in t.messages.iter().enumerate() {
            let agent = self.known_agent(&msg.agent, S, i, &format!("messages[{m}].agent"))?;
            self.tx
                .prepare_cached(
                    "INSERT INTO messages (ticket_id, author, agent_id, kind, body, duration_s, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![id, msg.author, agent, msg.kind, clean_block(&msg.body), msg.duration_s, msg.at.timestamp()])?;
            self.report.messages += 1;
        }
        for (e, ev) in t.events.iter().enumerate() {
            if clean_line(&ev.kind).is_empty() {
                return Err(self.err(S, i, &format!("events[{e}].kind"), "an event needs a kind"));
            }
            let agent = self.known_agent(&ev.agent, S, i, &format!("events[{e}].agent"))?;
            self.tx
                .prepare_cached(
                    "INSERT INTO events (ticket_id, agent_id, kind, from_value, to_value, detail, at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    id,
                    agent,
                    clean_line(&ev.kind),
                    ev.from.as_deref().map(clean_line),
                    ev.to.as_deref().map(clean_line),
                    ev.detail.as_deref().map(clean_line),
                    ev.at.timestamp()
                ])?;
            self.report.events += 1;
        }
        for (w, session) in t.work_sessions.iter().enumerate() {
            let agent = self.known_agent(
                &Some(session.agent.clone()),
                S,
                i,
                &format!("work_sessions[{w}].agent"),
            )?;
            self.tx
                .prepare_cached("INSERT INTO work_sessions (agent_id, ticket_id, started_at, ended_at, active_s) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![agent, id, session.start.timestamp(), session.end.map(|e| e.timestamp()), session.active_s])?;
        }
        self.report.tickets += 1;
        Ok(true)
    }

    /// A ticket by the key exports use: its external id, or `loket-<id>` for
    /// a ticket that has none.
    fn ticket_id(&self, key: &str) -> Result<Option<i64>> {
        if let Some(id) = self.id_of("SELECT id FROM tickets WHERE external_id = ?1", key)? {
            return Ok(Some(id));
        }
        match key
            .strip_prefix("loket-")
            .and_then(|n| n.parse::<i64>().ok())
        {
            Some(n) => Ok(self
                .tx
                .prepare_cached("SELECT id FROM tickets WHERE id = ?1 AND external_id IS NULL")?
                .query_row([n], |r| r.get(0))
                .optional()?),
            None => Ok(None),
        }
    }

    fn links(&mut self, i: usize, t: &Ticket) -> Result<()> {
        let Some(from) = self.ticket_id(&t.external_id)? else {
            return Ok(());
        };
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
            self.tx.execute(
                "INSERT OR IGNORE INTO ticket_links (ticket_id, other_id, kind, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![from, to, link.kind, t.created_at.timestamp()],
            )?;
        }
        Ok(())
    }

    fn surveys(&mut self, surveys: &[Survey]) -> Result<()> {
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
            let exists: bool = self.tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM surveys WHERE ticket_id = ?1 AND kind = ?2 AND score = ?3 AND at = ?4)",
                params![ticket, s.kind, s.score, s.at.timestamp()],
                |r| r.get(0),
            )?;
            if !exists {
                self.tx.execute(
                    "INSERT INTO surveys (ticket_id, customer_id, kind, score, comment, at)
                     SELECT ?1, customer_id, ?2, ?3, ?4, ?5 FROM tickets WHERE id = ?1",
                    params![
                        ticket,
                        s.kind,
                        s.score,
                        s.comment.as_deref().map(clean_block),
                        s.at.timestamp()
                    ],
                )?;
                self.report.surveys += 1;
            }
        }
        Ok(())
    }

    fn kb_views(&mut self, views: &[KbView]) -> Result<()> {
        for (i, v) in views.iter().enumerate() {
            let Some(article) =
                self.id_of("SELECT id FROM kb_articles WHERE slug = ?1", &v.article)?
            else {
                return Err(self.err(
                    "kb_views",
                    i,
                    "article",
                    format!("no article with slug '{}'", v.article),
                ));
            };
            let customer = match &v.customer {
                None => None,
                Some(key) => self.customer_id(key)?,
            };
            let agent = self.known_agent(&v.agent, "kb_views", i, "agent")?;
            let exists: bool = self.tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM kb_views WHERE article_id = ?1 AND at = ?2 AND self_service = ?3
                                AND customer_id IS ?4 AND agent_id IS ?5)",
                params![article, v.at.timestamp(), v.self_service, customer, agent],
                |r| r.get(0),
            )?;
            if !exists {
                self.tx.execute(
                    "INSERT INTO kb_views (article_id, self_service, customer_id, agent_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![article, v.self_service, customer, agent, v.at.timestamp()],
                )?;
                self.report.kb_views += 1;
            }
        }
        Ok(())
    }
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
