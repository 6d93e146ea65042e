//! Turning typed text into FTS5 queries that mean exactly the words typed.
//! Each run of letters and digits becomes its own quoted term, so quotes,
//! `*`, `^`, `NEAR(`, `AND`/`OR`/`NOT`, columns (`title:`) and brackets are
//! only ever text and can never make a query fail or change its meaning.
//! Shared by the message search of the ticket lists and the knowledge base.

/// The words of `text`: runs of letters and digits.
pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A query matching rows that hold every word; with `prefix_last`, the last
/// word may be the start of a longer one (the user is still typing it).
/// `None` when there is no word at all.
pub fn all_words(text: &str, prefix_last: bool) -> Option<String> {
    let words = words(text);
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if prefix_last && i == last {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// A query matching rows that hold any of `terms` (each cut into words
/// first); bm25 then ranks rows holding more, and rarer, terms first.
pub fn any_word<'a>(terms: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let quoted: Vec<String> = terms
        .into_iter()
        .flat_map(words)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!quoted.is_empty()).then(|| quoted.join(" OR "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_are_text() {
        assert_eq!(
            all_words("\"refund\" NEAR(a b) OR ^x*", true).as_deref(),
            Some("\"refund\" \"NEAR\" \"a\" \"b\" \"OR\" \"x\"*")
        );
        assert_eq!(
            all_words("title:foo", false).as_deref(),
            Some("\"title\" \"foo\"")
        );
        assert_eq!(all_words("((( \"", true), None);
        assert_eq!(
            any_word(["géén retour", "AND"]).as_deref(),
            Some("\"géén\" OR \"retour\" OR \"AND\"")
        );
        assert_eq!(any_word(["", "--"]), None);
    }
}
