//! Keys are unique within one file: a second element with the same key is
//! refused with its line and field, never silently passed over.

use std::collections::HashMap;

use super::{ImportError, Origins};
use crate::exchange::model::Document;
use crate::text::clean_line;

/// The first element of `doc` whose key an earlier element of its section
/// already has; tickets, read one at a time, are checked as they come.
pub fn check(doc: &Document, origins: &Origins) -> Result<(), ImportError> {
    let line = |t: &str| clean_line(t);
    section(
        origins,
        "sla_policies",
        "priority",
        doc.sla_policies
            .iter()
            .map(|p| p.priority.as_str().to_string()),
    )?;
    section(
        origins,
        "teams",
        "name",
        doc.teams.iter().map(|t| line(&t.name)),
    )?;
    section(
        origins,
        "agents",
        "name",
        doc.agents.iter().map(|a| line(&a.name)),
    )?;
    // E-mail addresses compare without case, as the desk stores them.
    let customer_key = |c: &crate::exchange::model::Customer| match c.email.as_deref().map(line) {
        Some(e) if !e.is_empty() => ("email", e.to_lowercase()),
        _ => ("key", c.key.as_deref().map(line).unwrap_or_default()),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, c) in doc.customers.iter().enumerate() {
        let (field, key) = customer_key(c);
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(key.clone(), i) {
            return Err(twice(origins, "customers", i, field, &key, first));
        }
    }
    section(
        origins,
        "kb_articles",
        "slug",
        doc.kb_articles.iter().map(|k| line(&k.slug)),
    )?;
    section(
        origins,
        "canned_responses",
        "shortcut",
        doc.canned_responses.iter().map(|c| line(&c.shortcut)),
    )?;
    Ok(())
}

fn section(
    origins: &Origins,
    name: &'static str,
    field: &str,
    keys: impl Iterator<Item = String>,
) -> Result<(), ImportError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, key) in keys.enumerate() {
        if key.is_empty() {
            // An empty key is refused where the element is read.
            continue;
        }
        if let Some(first) = seen.get(&key) {
            return Err(twice(origins, name, i, field, &key, *first));
        }
        seen.insert(key, i);
    }
    Ok(())
}

fn twice(
    origins: &Origins,
    section: &'static str,
    index: usize,
    field: &str,
    key: &str,
    first: usize,
) -> ImportError {
    let at = match origins.lines.get(&(section, first)) {
        Some(line) => format!("{section}[{first}], line {line}"),
        None => format!("{section}[{first}]"),
    };
    origins.error(
        section,
        index,
        field,
        format!("'{key}' is already the key of {at}; a key appears once in a file"),
    )
}
