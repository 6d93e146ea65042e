//! Tickets linked to articles, article views (self-service or an agent's),
//! and the text an article is quoted as in a reply.

// The article types, the row mapping and the imports they need are the
// parent's ([`super`]).
use super::*;

/// The articles linked from a ticket, newest link first.
pub fn linked(conn: &Connection, ticket: i64) -> Result<Vec<Hit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.slug, k.title, k.category, k.language, k.visibility, k.faq, 0.0, ''
         FROM ticket_kb_links l JOIN kb_articles k ON k.id = l.article_id
         WHERE l.ticket_id = ?1 ORDER BY l.at DESC, k.id",
    )?;
    Ok(stmt
        .query_map([ticket], hit)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Records that an article was linked in a reply on a ticket; `false` when
/// it was linked already.
pub fn link(
    conn: &Connection,
    ticket: i64,
    article: i64,
    agent: Option<i64>,
    now: i64,
) -> Result<bool> {
    crate::store::rights::require(
        conn,
        agent,
        crate::store::rights::Right::WorkTickets,
        Some(ticket),
    )?;
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM tickets WHERE id = ?1)",
        [ticket],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(StoreError::NotFound {
            what: format!("ticket {ticket}"),
        });
    }
    get(conn, &article.to_string())?;
    Ok(conn.execute(
        "INSERT OR IGNORE INTO ticket_kb_links (ticket_id, article_id, agent_id, at) VALUES (?1, ?2, ?3, ?4)",
        params![ticket, article, agent, now],
    )? == 1)
}

/// Who read an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// A customer on their own, without opening a ticket (self-service).
    SelfService { customer: Option<i64> },
    /// An agent looking it up.
    Agent(Option<i64>),
}

/// Records a view of an article. Returns the view's id.
pub fn record_view(conn: &Connection, article: i64, reader: Reader, now: i64) -> Result<i64> {
    let (self_service, customer, agent) = match reader {
        Reader::SelfService { customer } => (true, customer, None),
        Reader::Agent(agent) => (false, None, agent),
    };
    conn.execute(
        "INSERT INTO kb_views (article_id, self_service, customer_id, agent_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![article, self_service, customer, agent, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// How many views an article has had: (self-service, by agents).
pub fn view_counts(conn: &Connection, article: i64) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(self_service = 1), 0), coalesce(sum(self_service = 0), 0) FROM kb_views WHERE article_id = ?1",
        [article],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The link a reply gives for an article: the help centre's address for
/// public articles, `kb:slug` (for agents) for internal ones.
pub fn link_text(conn: &Connection, article: &Article) -> Result<String> {
    if article.visibility != "public" {
        return Ok(format!("kb:{}", article.slug));
    }
    let base = crate::store::settings::get(conn, BASE_URL_KEY)?.unwrap_or_default();
    if base.trim().is_empty() {
        return Ok(format!("kb:{}", article.slug));
    }
    let sep = if base.ends_with('/') { "" } else { "/" };
    Ok(format!("{}{sep}{}", base.trim(), article.slug))
}

/// The first paragraph of a Markdown text as plain text, cut at a word
/// boundary to at most `max` characters (with `…` when cut).
pub fn excerpt(markdown: &str, max: usize) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => break,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    let text = clean_line(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    if let Some(space) = cut.rfind(' ').filter(|i| *i > max / 2) {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}
