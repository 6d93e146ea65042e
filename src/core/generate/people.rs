//! The people of the demo desk: three teams, twelve agents, and customers
//! scaled with the number of tickets.

use rusqlite::{Transaction, params};

use super::rng::Rng;
use crate::store::Result;

/// Team names, in id order (team id = index + 1).
pub const TEAMS: [&str; 3] = ["Billing", "Technical", "Logistics"];

/// One agent of the demo desk. Static so events can carry login names as
/// `&'static str` without copying.
#[derive(Debug, Clone, Copy)]
pub struct AgentSpec {
    pub login: &'static str,
    pub display: &'static str,
    pub role: &'static str,
    pub team: usize,
    pub tier: u8,
    pub skills: &'static str,
    pub languages: &'static str,
}

const fn agent(
    login: &'static str,
    display: &'static str,
    role: &'static str,
    team: usize,
    tier: u8,
    skills: &'static str,
    languages: &'static str,
) -> AgentSpec {
    AgentSpec {
        login,
        display,
        role,
        team,
        tier,
        skills,
        languages,
    }
}

/// The desk's agents (agent id = index + 1). Each team has tier 1 generalists
/// and tier 2/3 specialists; two agents speak only Dutch, so routing by
/// language matters.
pub const AGENTS: [AgentSpec; 12] = [
    agent(
        "anna",
        "Anna de Vries",
        "agent",
        0,
        1,
        r#"["billing","invoices"]"#,
        r#"["nl","en"]"#,
    ),
    agent(
        "bram",
        "Bram Jansen",
        "agent",
        0,
        1,
        r#"["billing","payments"]"#,
        r#"["nl"]"#,
    ),
    agent(
        "chloe",
        "Chloé Martens",
        "agent",
        0,
        2,
        r#"["refunds","subscriptions","billing"]"#,
        r#"["nl","en"]"#,
    ),
    agent(
        "daan",
        "Daan Visser",
        "supervisor",
        0,
        3,
        r#"["billing","refunds","disputes"]"#,
        r#"["nl","en"]"#,
    ),
    agent(
        "emma",
        "Emma Bakker",
        "agent",
        1,
        1,
        r#"["login","accounts"]"#,
        r#"["nl","en"]"#,
    ),
    agent(
        "finn",
        "Finn O'Brien",
        "agent",
        1,
        1,
        r#"["apps","accounts"]"#,
        r#"["en"]"#,
    ),
    agent(
        "gijs",
        "Gijs Mulder",
        "agent",
        1,
        2,
        r#"["apps","outages","security"]"#,
        r#"["nl","en"]"#,
    ),
    agent(
        "hanna",
        "Hanna Smit",
        "admin",
        1,
        3,
        r#"["security","outages","integrations"]"#,
        r#"["nl","en"]"#,
    ),
    agent(
        "ilse",
        "Ilse Meijer",
        "agent",
        2,
        1,
        r#"["delivery","returns"]"#,
        r#"["nl"]"#,
    ),
    agent(
        "joost",
        "Joost de Boer",
        "agent",
        2,
        1,
        r#"["delivery","address"]"#,
        r#"["nl","en"]"#,
    ),
    agent(
        "karim",
        "Karim El Amrani",
        "agent",
        2,
        2,
        r#"["carriers","claims","returns"]"#,
        r#"["nl","en"]"#,
    ),
    agent(
        "lotte",
        "Lotte van Dijk",
        "agent",
        2,
        3,
        r#"["claims","carriers","delivery"]"#,
        r#"["nl","en"]"#,
    ),
];

/// Agents who work a team's tickets at a tier in a language, in id order;
/// built once so picking an agent per ticket costs no search.
#[derive(Debug, Clone)]
pub struct Roster {
    /// `[team][tier - 1][language]` (language 0 = en, 1 = nl).
    pools: [[[Vec<usize>; 2]; 3]; 3],
}

impl Roster {
    pub fn new() -> Self {
        let mut pools: [[[Vec<usize>; 2]; 3]; 3] = Default::default();
        for (i, a) in AGENTS.iter().enumerate() {
            for (lang, code) in ["\"en\"", "\"nl\""].iter().enumerate() {
                if a.languages.contains(code) {
                    pools[a.team][usize::from(a.tier - 1)][lang].push(i);
                }
            }
        }
        Roster { pools }
    }

    /// An agent of `team` at `tier` who speaks the language; when nobody
    /// does, the nearest tier that has someone.
    pub fn pick(&self, rng: &mut Rng, team: usize, tier: u8, dutch: bool) -> usize {
        let lang = usize::from(dutch);
        let wanted = usize::from(tier.clamp(1, 3) - 1);
        for tier in [wanted, 0, 1, 2] {
            let pool = &self.pools[team][tier][lang];
            if !pool.is_empty() {
                return pool[rng.index(pool.len())];
            }
        }
        // Unreachable with the table above (every team has a speaker of each
        // language at tier 1), but an edited table must not panic.
        AGENTS.iter().position(|a| a.team == team).unwrap_or(0)
    }
}

/// Agent id of an agent index.
pub fn agent_id(index: usize) -> i64 {
    index as i64 + 1
}

pub fn insert_teams_and_agents(tx: &Transaction<'_>, now: i64) -> Result<()> {
    for (i, name) in TEAMS.iter().enumerate() {
        tx.execute(
            "INSERT INTO teams (id, name) VALUES (?1, ?2)",
            params![i as i64 + 1, name],
        )?;
    }
    let hired = now - 400 * 86_400;
    for (i, a) in AGENTS.iter().enumerate() {
        tx.execute(
            "INSERT INTO agents (id, name, display_name, email, role, tier, skills, languages,
                                 capacity, status, active, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'offline', 1, ?10)",
            params![
                agent_id(i),
                a.login,
                a.display,
                format!("{}@loket-demo.example", a.login),
                a.role,
                a.tier,
                a.skills,
                a.languages,
                if a.role == "agent" { 20 } else { 8 },
                hired + i as i64 * 86_400 * 7,
            ],
        )?;
        tx.execute(
            "INSERT INTO agent_teams (agent_id, team_id) VALUES (?1, ?2)",
            params![agent_id(i), a.team as i64 + 1],
        )?;
    }
    // The supervisor leads the whole desk, so sits in every team.
    for (i, a) in AGENTS
        .iter()
        .enumerate()
        .filter(|(_, a)| a.role == "supervisor")
    {
        for team in (0..TEAMS.len()).filter(|&t| t != a.team) {
            tx.execute(
                "INSERT INTO agent_teams (agent_id, team_id) VALUES (?1, ?2)",
                params![agent_id(i), team as i64 + 1],
            )?;
        }
    }
    Ok(())
}

const FIRST_NL: &[&str] = &[
    "Sanne", "Mark", "Eva", "Jeroen", "Lisa", "Thijs", "Femke", "Ruben", "Noor", "Sem", "Marieke",
    "Pieter", "Fleur", "Wouter", "Esther", "Koen", "Ingrid", "Hans", "Yasmina", "Mehmet", "Linda",
    "Bas", "Annelies", "Sven",
];
const LAST_NL: &[&str] = &[
    "Jansen",
    "de Jong",
    "van den Berg",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Kok",
    "Yilmaz",
    "Verhoeven",
    "Willems",
];
const FIRST_EN: &[&str] = &[
    "James", "Olivia", "Liam", "Emily", "Noah", "Sophie", "Oliver", "Grace", "Jack", "Chloe",
    "Harry", "Amelia", "Thomas", "Hannah", "Daniel", "Priya", "Lucas", "Megan", "Samuel", "Zoe",
];
const LAST_EN: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Wright", "Walker", "Evans", "Thompson", "Clarke", "Hughes", "Murphy", "Kelly", "Green",
];
const ORGS: &[&str] = &[
    "Bakkerij Verhoeven",
    "Van Dijk Installatietechniek B.V.",
    "Fietsenmaker De Spaak",
    "Studio Noord",
    "Tandartspraktijk Zuidwijk",
    "Hoveniersbedrijf Groen & Zo",
    "Northwind Trading Ltd",
    "Bluebell Interiors",
    "Kapsalon Knip",
    "Brouwerij 't Hoekje",
    "Harbour Lane Consulting",
    "De Vries Accountants",
    "Atelier Linde",
    "Quayside Logistics Ltd",
];

/// What the ticket loop needs to know about a customer; names stay in the
/// database, except the first name used in greetings and the text the
/// ticket search indexes.
#[derive(Debug, Clone)]
pub struct Customer {
    /// Name, e-mail and organisation as the ticket search indexes them
    /// (`ticket_search_text`).
    pub search_text: String,
    pub dutch: bool,
    pub first_name: &'static str,
    pub since: i64,
    pub churned_at: Option<i64>,
}

/// How many customers a desk of `tickets` tickets has: a quarter, at least 20.
pub fn customer_count(tickets: u64) -> u64 {
    (tickets / 4).max(20)
}

/// Inserts the customers (id = index + 1) and returns what the ticket loop needs.
pub fn insert_customers(
    tx: &Transaction<'_>,
    rng: &mut Rng,
    count: u64,
    now: i64,
    window_start: i64,
) -> Result<Vec<Customer>> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO customers (id, name, email, phone, organisation, language, since,
                                churned_at, revenue_cents, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?7)",
    )?;
    let mut out = Vec::with_capacity(count as usize);
    for i in 0..count {
        let id = i as i64 + 1;
        let dutch = rng.chance(0.6);
        let (first, last) = if dutch {
            (*rng.pick(FIRST_NL), *rng.pick(LAST_NL))
        } else {
            (*rng.pick(FIRST_EN), *rng.pick(LAST_EN))
        };
        let name = format!("{first} {last}");
        let local: String = format!("{first}.{last}")
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let email = (!rng.chance(0.04)).then(|| {
            let domain = if dutch { "example.nl" } else { "example.com" };
            format!("{local}.{id}@{domain}")
        });
        let phone = rng.chance(0.8).then(|| {
            if dutch {
                format!("+31 6 {:04} {:04}", rng.below(10_000), rng.below(10_000))
            } else {
                format!("+44 7700 {:06}", rng.below(1_000_000))
            }
        });
        let organisation = rng.chance(0.3).then(|| *rng.pick(ORGS));
        // Most customers are years old; one in ten joined during the window.
        let since = if rng.chance(0.1) {
            rng.range(window_start, now - 86_400)
        } else {
            rng.range(now - 6 * 365 * 86_400, window_start - 86_400)
        };
        let churned_at = rng
            .chance(0.08)
            .then(|| rng.range(since.max(window_start), now - 3600));
        let revenue_cents = (rng.exp_secs(35_000.0) + rng.range(0, 5_000))
            * if organisation.is_some() { 4 } else { 1 };
        stmt.execute(params![
            id,
            name,
            email,
            phone,
            organisation,
            if dutch { "nl" } else { "en" },
            since,
            churned_at,
            revenue_cents,
        ])?;
        out.push(Customer {
            search_text: format!(
                "{name} {} {}",
                email.as_deref().unwrap_or(""),
                organisation.unwrap_or("")
            ),
            dutch,
            first_name: first,
            since,
            churned_at,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_picks_a_speaker_of_the_language_at_the_tier() {
        let roster = Roster::new();
        let mut rng = Rng::new(5);
        for team in 0..TEAMS.len() {
            for tier in 1..=3u8 {
                for dutch in [false, true] {
                    for _ in 0..20 {
                        let a = AGENTS[roster.pick(&mut rng, team, tier, dutch)];
                        assert_eq!(a.team, team);
                        assert_eq!(a.tier, tier, "{team} {tier} {dutch}");
                        assert!(
                            a.languages
                                .contains(if dutch { "\"nl\"" } else { "\"en\"" })
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn customers_scale_with_tickets() {
        assert_eq!(customer_count(2_000), 500);
        assert_eq!(customer_count(10), 20);
    }
}
