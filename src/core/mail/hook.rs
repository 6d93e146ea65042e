//! The ticket hook: the ticket's number in a subject, like `[#1234]`
//! (Zammad calls it the ticket hook), so a reply that lost its headers still
//! finds its ticket. The format is a setting (`mail.hook`) with `{id}` where
//! the number goes.

/// The default hook format.
pub const DEFAULT_HOOK: &str = "[#{id}]";

/// Checks a hook format: it needs `{id}` once, and text around it that is
/// not only digits, or a number in a subject would look like a hook.
pub fn validate(format: &str) -> Result<(), String> {
    let parts: Vec<&str> = format.split("{id}").collect();
    if parts.len() != 2 {
        return Err(format!(
            "the ticket hook '{format}' needs {{id}} exactly once, like [#{{id}}] or [Ticket#{{id}}]"
        ));
    }
    if parts[0].trim().is_empty() && parts[1].trim().is_empty() {
        return Err(format!(
            "the ticket hook '{format}' needs text around {{id}}, like [#{{id}}]: a bare number would match any number in a subject"
        ));
    }
    Ok(())
}

/// The hook for ticket `id`.
pub fn format(format: &str, id: i64) -> String {
    format.replacen("{id}", &id.to_string(), 1)
}

/// `subject` with the hook of ticket `id` in front, unless it has it already.
pub fn tag_subject(format_str: &str, id: i64, subject: &str) -> String {
    if find(format_str, subject) == Some(id) {
        subject.to_string()
    } else {
        format!("{} {}", format(format_str, id), subject.trim())
    }
}

/// The first ticket number in `subject` written in the hook's format.
pub fn find(format: &str, subject: &str) -> Option<i64> {
    let (before, after) = format.split_once("{id}")?;
    let mut rest = subject;
    while let Some(at) = find_ci(rest, before) {
        let tail = &rest[at + before.len()..];
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && starts_with_ci(&tail[digits.len()..], after) {
            return digits.parse().ok();
        }
        // Step past this occurrence (at least one character).
        let step = at + before.len().max(1);
        let step = (step..=rest.len())
            .find(|i| rest.is_char_boundary(*i))
            .unwrap_or(rest.len());
        if step >= rest.len() {
            return None;
        }
        rest = &rest[step..];
    }
    None
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let lower = haystack.to_ascii_lowercase();
    lower.find(&needle.to_ascii_lowercase())
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hook_is_found_in_replies() {
        assert_eq!(
            find(DEFAULT_HOOK, "Re: [#1234] Printer offline"),
            Some(1234)
        );
        assert_eq!(find(DEFAULT_HOOK, "AW: Re: [#77]"), Some(77));
        assert_eq!(find(DEFAULT_HOOK, "Order 1234 is late"), None);
        assert_eq!(find(DEFAULT_HOOK, "[#] and then [#5]"), Some(5));
        assert_eq!(find("[Ticket#{id}]", "re: [ticket#9] x"), Some(9));
        assert_eq!(find("[Ticket#{id}]", "[Ticket#9x"), None);
    }

    #[test]
    fn subjects_get_the_hook_once() {
        assert_eq!(tag_subject(DEFAULT_HOOK, 5, "Printer"), "[#5] Printer");
        assert_eq!(
            tag_subject(DEFAULT_HOOK, 5, "Re: [#5] Printer"),
            "Re: [#5] Printer"
        );
    }

    #[test]
    fn formats_are_checked() {
        assert!(validate(DEFAULT_HOOK).is_ok());
        assert!(validate("{id}").is_err());
        assert!(validate("[#]").is_err());
        assert!(validate("{id}{id}").is_err());
    }
}
