//! Articles suggested for a ticket: the words that say what it is about
//! (stopwords left out), searched for, the weak matches dropped.

use std::collections::HashSet;
use std::sync::LazyLock;

// The article types and the imports they need are the parent's ([`super`]).
use super::*;

/// Words too common to say what a ticket is about, English and Dutch: one
/// word a line in `assets/kb/`, so the lists are edited as data, read once.
static STOPWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        include_str!("../../../../assets/kb/stopwords-en.txt"),
        include_str!("../../../../assets/kb/stopwords-nl.txt"),
    ]
    .into_iter()
    .flat_map(str::lines)
    .map(str::trim)
    .filter(|w| !w.is_empty())
    .collect()
});

/// The words that say what a text is about, most telling first: the
/// subject (with the tags) counts three times, each customer message once.
pub fn salient_words(subject: &str, messages: &[String], max: usize) -> Vec<String> {
    let mut counts: Vec<(String, u32)> = Vec::new();
    let mut add = |text: &str, weight: u32| {
        for w in crate::store::fts::words(text) {
            let w = w.to_lowercase();
            if w.chars().count() < 3
                || w.chars().all(|c| c.is_numeric())
                || STOPWORDS.contains(w.as_str())
            {
                continue;
            }
            match counts.iter_mut().find(|(k, _)| *k == w) {
                Some((_, n)) => *n += weight,
                None => counts.push((w, weight)),
            }
        }
    };
    add(subject, 3);
    for m in messages {
        add(m, 1);
    }
    // Stable: ties keep the order the words first appeared in.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().take(max).map(|(w, _)| w).collect()
}

/// The articles that best answer a ticket, from its subject and the
/// customer's messages, in the ticket's language.
pub fn suggest(conn: &Connection, ticket: i64, limit: i64) -> Result<Vec<Hit>> {
    let (subject, language): (String, String) = conn
        .query_row(
            "SELECT subject, language FROM tickets WHERE id = ?1",
            [ticket],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("ticket {ticket}"),
        })?;
    let messages: Vec<String> = conn
        .prepare_cached(
            "SELECT body FROM messages WHERE ticket_id = ?1 AND author = 'customer'
             ORDER BY created_at, id LIMIT 20",
        )?
        .query_map([ticket], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let tags: Vec<String> = conn
        .prepare_cached("SELECT tag FROM ticket_tags WHERE ticket_id = ?1 ORDER BY tag")?
        .query_map([ticket], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Tags say what the ticket is about as plainly as its subject does.
    let about = format!("{subject} {}", tags.join(" "));
    let words = salient_words(&about, &messages, 12);
    let Some(query) = crate::store::fts::any_word(words.iter().map(String::as_str)) else {
        return Ok(Vec::new());
    };
    let filter = KbFilter {
        language: Some(language),
        ..KbFilter::default()
    };
    let hits = ranked(conn, &query, &filter, limit)?;
    // Far weaker matches than the best share only a common word or two.
    let best = hits.first().map_or(0.0, |h| h.score);
    Ok(hits
        .into_iter()
        .filter(|h| h.score >= best * RELEVANT_SHARE)
        .collect())
}

/// A suggestion scores at least this share of the best one.
const RELEVANT_SHARE: f64 = 0.35;
