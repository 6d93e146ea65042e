//! The e-mail channel, both ways (issue 11). Protocol and MIME live here;
//! every SQL statement lives in [`crate::store`].
//!
//! | module       | role |
//! |--------------|------|
//! | [`settings`] | the desk's mail settings (`settings` rows under `mail.`) |
//! | [`hook`]     | the ticket hook in subjects, like `[#1234]` |
//! | [`ids`]      | Message-IDs: minting, normalising, reading lists of them |
//! | [`inbound`]  | mail in: parsing, bodies, quoted history, noise, bounces, survey scores |
//! | [`mailbox`]  | reading a Maildir or an mbox file, and marking what was taken |
//! | [`outbound`] | mail out: composing, relays, the delivery pass |
//! | [`files`]    | attachments on disk: read with the limit, save, Tab completion |
//!
//! Mail in and out, attachments and surveys by mail build on these.

pub mod files;
pub mod hook;
pub mod ids;
pub mod inbound;
pub mod mailbox;
pub mod outbound;
pub mod settings;

/// The address part of `Name <addr@host>` or a bare `addr@host`, trimmed
/// and lower-cased; `None` when there is no `@`.
pub fn bare_address(s: &str) -> Option<String> {
    let inner = match (s.rfind('<'), s.rfind('>')) {
        (Some(open), Some(close)) if open < close => &s[open + 1..close],
        _ => s,
    };
    let addr = inner.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    (addr.contains('@') && !addr.contains(char::is_whitespace)).then(|| addr.to_lowercase())
}

/// The domain of an address (`support@example.nl` gives `example.nl`).
pub fn domain_of(addr: &str) -> Option<String> {
    bare_address(addr).and_then(|a| a.rsplit_once('@').map(|(_, d)| d.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_inside_names() {
        assert_eq!(
            bare_address("Eva de Vries <Eva@Example.NL>").as_deref(),
            Some("eva@example.nl")
        );
        assert_eq!(
            bare_address(" piet@example.com ").as_deref(),
            Some("piet@example.com")
        );
        assert_eq!(bare_address("no address here"), None);
        assert_eq!(bare_address("two words@x.nl"), None);
        assert_eq!(
            domain_of("Support <support@shop.example>").as_deref(),
            Some("shop.example")
        );
    }
}
