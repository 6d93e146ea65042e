//! Value parsers clap calls for arguments that several commands share: one
//! copy each, so a word is read (and refused) the same way everywhere.

use crate::i18n::Lang;

/// Any word the domain types read with [`std::str::FromStr`] (a status, a
/// priority, a role, a window…), refused with that type's own message.
pub fn parse_word<T: std::str::FromStr>(s: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    s.parse::<T>().map_err(|e| e.to_string())
}

/// `--lang`: en or nl.
pub fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s)
}

/// An RFC 3339 instant as UTC seconds.
pub fn parse_instant(s: &str) -> Result<i64, String> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.timestamp())
        .map_err(|e| format!("'{s}' is not an RFC 3339 time like 2026-11-23T12:00:00Z ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Priority;

    #[test]
    fn words_parse_with_their_types_message() {
        assert_eq!(parse_word::<Priority>("high"), Ok(Priority::High));
        assert_eq!(
            parse_word::<Priority>("soon"),
            Err("soon".parse::<Priority>().unwrap_err().to_string())
        );
        assert_eq!(parse_instant("2026-11-23T12:00:00Z"), Ok(1_795_435_200));
        assert!(parse_instant("yesterday").is_err());
    }
}
