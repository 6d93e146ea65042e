//! The desk as a JSON document (docs/FORMAT.md). Everything refers to
//! everything else by a stable key, never by a database id: agents by login
//! name, teams by name, customers by e-mail, tickets by external id, KB
//! articles by slug. Times are RFC 3339 in UTC.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Author, Channel, MessageKind, Priority, Role, Status};

/// The name in the `format` field.
pub const FORMAT_NAME: &str = "loket-desk";
/// The version of the format this loket writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub format: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    #[serde(default)]
    pub sla_policies: Vec<SlaPolicy>,
    #[serde(default)]
    pub teams: Vec<Team>,
    #[serde(default)]
    pub agents: Vec<Agent>,
    #[serde(default)]
    pub customers: Vec<Customer>,
    #[serde(default)]
    pub tickets: Vec<Ticket>,
    #[serde(default)]
    pub canned_responses: Vec<CannedResponse>,
    #[serde(default)]
    pub kb_articles: Vec<KbArticle>,
    #[serde(default)]
    pub kb_views: Vec<KbView>,
    #[serde(default)]
    pub surveys: Vec<Survey>,
}

impl Document {
    /// A document of this format with nothing in it, to fill section by section.
    pub fn empty() -> Document {
        Document {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            settings: None,
            sla_policies: vec![],
            teams: vec![],
            agents: vec![],
            customers: vec![],
            tickets: vec![],
            canned_responses: vec![],
            kb_articles: vec![],
            kb_views: vec![],
            surveys: vec![],
        }
    }
}

/// The desk's time zone, opening hours and holidays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// An IANA time zone name, like Europe/Amsterdam.
    pub timezone: String,
    pub business_hours: Vec<Opening>,
    #[serde(default)]
    pub holidays: Vec<Holiday>,
}

/// One opening interval: `{"day": "mon", "opens": "09:00", "closes": "17:00"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    pub day: Weekday,
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// 0 = Monday.
    pub fn index(self) -> u8 {
        Weekday::ALL.iter().position(|d| *d == self).unwrap_or(0) as u8
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// YYYY-MM-DD, a local date.
    pub day: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    pub name: String,
    pub priority: Priority,
    /// Like "4h", "30m" or "1d" (business days).
    pub first_response: String,
    pub resolution: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    pub name: String,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default = "default_role")]
    pub role: Role,
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default = "default_tier")]
    pub tier: i64,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default = "default_capacity")]
    pub capacity: i64,
    /// An agent who left keeps their history but cannot sign in.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub active: bool,
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

fn default_role() -> Role {
    Role::Agent
}
fn default_tier() -> i64 {
    1
}
fn default_capacity() -> i64 {
    20
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// How tickets refer to a customer who has no e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    /// When the customer relationship began; the first ticket's time when absent.
    #[serde(default)]
    pub since: Option<DateTime<Utc>>,
    #[serde(default)]
    pub churned_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub revenue_cents: i64,
}

fn default_language() -> String {
    "en".into()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    pub external_id: String,
    pub subject: String,
    /// The customer's e-mail address (or `key`, for a customer without one).
    pub customer: String,
    pub channel: Channel,
    pub status: Status,
    pub priority: Priority,
    #[serde(default = "default_tier")]
    pub tier: i64,
    #[serde(default)]
    pub team: Option<String>,
    /// The assignee's login name.
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub work_sessions: Vec<WorkSession>,
    /// Related tickets and merges, by external id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// KB articles linked in replies, by slug.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kb_links: Vec<KbLink>,
    /// The closed ticket this one follows up (a customer writing again), by
    /// external id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub author: Author,
    /// The agent's login name, for agent messages.
    #[serde(default)]
    pub agent: Option<String>,
    pub kind: MessageKind,
    /// The channel it came or went by, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    pub body: String,
    pub at: DateTime<Utc>,
    /// Talk time of a phone call, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub kind: String,
    #[serde(default)]
    pub agent: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkSession {
    pub agent: String,
    pub start: DateTime<Utc>,
    #[serde(default)]
    pub end: Option<DateTime<Utc>>,
    pub active_s: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// "related" or "merged_into".
    pub kind: String,
    pub ticket: String,
}

/// A KB article linked from a ticket's reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbLink {
    /// The article's slug.
    pub article: String,
    /// The agent's login name.
    #[serde(default)]
    pub agent: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CannedResponse {
    pub title: String,
    pub shortcut: String,
    pub body: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub set_status: Option<Status>,
    #[serde(default)]
    pub set_priority: Option<Priority>,
    #[serde(default)]
    pub add_tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbArticle {
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub category: String,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_visibility")]
    pub visibility: String,
    #[serde(default)]
    pub faq: bool,
    /// The author's login name.
    #[serde(default)]
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn default_visibility() -> String {
    "public".into()
}

/// Someone reading a KB article; `self_service` when a customer read it
/// without opening a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbView {
    pub article: String,
    #[serde(default)]
    pub self_service: bool,
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub agent: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// The ticket's external id.
    pub ticket: String,
    /// "csat" (1–5) or "nps" (0–10).
    pub kind: String,
    pub score: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}
