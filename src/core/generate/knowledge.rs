//! The knowledge base, its self-service views, and the canned responses.

use rusqlite::{Transaction, params};

use super::content::{self, TOPICS};
use super::people::{AGENTS, TEAMS, agent_id};
use super::rng::Rng;
use crate::store::Result;

/// The article about `topic` in a language. Articles are inserted with ids
/// in this order: English topics, Dutch topics, then the internal ones.
pub fn article_id(topic: usize, dutch: bool) -> i64 {
    1 + topic as i64 + if dutch { TOPICS.len() as i64 } else { 0 }
}

/// Inserts the KB articles; returns how many.
pub fn insert_articles(tx: &Transaction<'_>, rng: &mut Rng, now: i64) -> Result<u64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO kb_articles (id, slug, title, body, category, department, tags, language,
                                  visibility, faq, author_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut id = 0;
    for dutch in [false, true] {
        let lang = content::language(dutch);
        for (i, topic) in TOPICS.iter().enumerate() {
            let text = &lang.topics[i];
            let mut body = format!(
                "# {}\n\n{}\n\n## {}\n\n",
                text.kb_title, text.kb_intro, lang.kb_steps_heading
            );
            for (n, step) in text.kb_steps.iter().enumerate() {
                body.push_str(&format!("{}. {step}\n", n + 1));
            }
            body.push_str(&format!(
                "\n## {}\n\n{}\n",
                lang.kb_more_heading, lang.kb_more
            ));
            let slug = if dutch {
                format!("{}-nl", topic.key)
            } else {
                topic.key.to_string()
            };
            let tags = format!(r#"["{}","{}"]"#, topic.key, topic.extra_tag);
            let created = now - rng.range(120, 700) * 86_400;
            let updated = rng.range(created, now - 86_400);
            id += 1;
            debug_assert_eq!(id, article_id(i, dutch));
            stmt.execute(params![
                id,
                slug,
                text.kb_title,
                body,
                topic.category,
                TEAMS[topic.team],
                tags,
                lang.code,
                "public",
                // The most asked-about topics double as FAQ entries.
                i64::from(topic.weight >= 6),
                author_for(topic.team),
                created,
                updated,
            ])?;
        }
    }
    for dutch in [false, true] {
        let lang = content::language(dutch);
        for (slug, title, body) in lang.kb_internal {
            id += 1;
            let created = now - rng.range(200, 900) * 86_400;
            stmt.execute(params![
                id,
                slug,
                title,
                format!("# {title}\n\n{body}\n"),
                "procedures",
                Option::<&str>::None,
                r#"["internal","procedure"]"#,
                lang.code,
                "internal",
                0,
                agent_id(
                    AGENTS
                        .iter()
                        .position(|a| a.role == "supervisor")
                        .unwrap_or(0)
                ),
                created,
                created,
            ])?;
        }
    }
    Ok(id as u64)
}

/// The most senior agent of a team writes its articles.
fn author_for(team: usize) -> i64 {
    let best = AGENTS
        .iter()
        .enumerate()
        .filter(|(_, a)| a.team == team)
        .max_by_key(|(i, a)| (a.tier, std::cmp::Reverse(*i)))
        .map_or(0, |(i, _)| i);
    agent_id(best)
}

/// Customers reading public articles on their own (self-service) and agents
/// looking things up. Returns how many views.
pub fn insert_views(
    tx: &Transaction<'_>,
    rng: &mut Rng,
    count: u64,
    customers: &[super::people::Customer],
    window_start: i64,
    now: i64,
) -> Result<u64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO kb_views (article_id, self_service, customer_id, agent_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let weights: Vec<u32> = TOPICS.iter().map(|t| t.weight).collect();
    let mut times: Vec<i64> = (0..count).map(|_| rng.range(window_start, now)).collect();
    times.sort_unstable();
    for at in times {
        let topic = rng.weighted(&weights);
        if rng.chance(0.8) {
            // Anonymous visitors are most self-service readers; some are logged in.
            let customer = rng.chance(0.4).then(|| rng.index(customers.len()));
            let dutch = customer.map_or_else(|| rng.chance(0.6), |c| customers[c].dutch);
            stmt.execute(params![
                article_id(topic, dutch),
                1,
                customer.map(|c| c as i64 + 1),
                Option::<i64>::None,
                at,
            ])?;
        } else {
            let agent = rng.index(AGENTS.len());
            stmt.execute(params![
                article_id(topic, rng.chance(0.6)),
                0,
                Option::<i64>::None,
                agent_id(agent),
                at,
            ])?;
        }
    }
    Ok(count)
}

/// Inserts the canned responses of both languages; returns how many.
pub fn insert_canned(tx: &Transaction<'_>, rng: &mut Rng, now: i64) -> Result<u64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO canned_responses (title, shortcut, body, language, set_status, set_priority,
                                       add_tags, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut count = 0;
    for dutch in [false, true] {
        let lang = content::language(dutch);
        for c in lang.canned {
            let created = now - rng.range(100, 500) * 86_400;
            let updated = rng.range(created, now - 86_400);
            stmt.execute(params![
                c.title,
                c.shortcut,
                c.body,
                lang.code,
                c.set_status,
                c.set_priority,
                c.add_tags,
                created,
                updated,
            ])?;
            count += 1;
        }
    }
    Ok(count)
}
