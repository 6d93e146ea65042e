//! Message-IDs. Stored without their angle brackets, as mail carries them
//! inside `<…>`; loket mints its own as `loket.<ticket>.<unique>@<domain>`
//! so a reply to one finds its ticket even when the desk forgot the row.

use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

static MINTED: AtomicU64 = AtomicU64::new(0);

/// A new, globally unique Message-ID (without brackets) for mail about
/// `ticket` sent from `domain`. Unique across processes: the instant in
/// nanoseconds, the process id and a per-process counter go into it.
pub fn mint(ticket: Option<i64>, domain: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let count = MINTED.fetch_add(1, Ordering::Relaxed);
    let mut hash = Sha256::new();
    hash.update(nanos.to_le_bytes());
    hash.update(std::process::id().to_le_bytes());
    hash.update(count.to_le_bytes());
    let digest = hash.finalize();
    let unique: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
    let domain = if domain.trim().is_empty() {
        "loket.invalid"
    } else {
        domain.trim()
    };
    match ticket {
        Some(id) => format!("loket.{id}.{unique}@{domain}"),
        None => format!("loket.{unique}@{domain}"),
    }
}

/// A Message-ID of [`mint`]'s shape from a given unique number, for the
/// demo desk, whose ids must come from its seed.
pub fn mint_with(ticket: Option<i64>, domain: &str, unique: u64) -> String {
    match ticket {
        Some(id) => format!("loket.{id}.{unique:016x}@{domain}"),
        None => format!("loket.{unique:016x}@{domain}"),
    }
}

/// The ticket a Message-ID minted by [`mint`] names, if it is one of ours.
pub fn minted_ticket(id: &str) -> Option<i64> {
    let rest = normalise(id).strip_prefix("loket.")?.to_string();
    let (number, _) = rest.split_once('.')?;
    number.parse().ok()
}

/// A Message-ID as stored: trimmed, without the angle brackets.
pub fn normalise(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_string()
}

/// The Message-IDs in a header value like `<a@x> <b@y>` (References,
/// In-Reply-To), in order, normalised; text outside brackets is ignored
/// unless the value holds no brackets at all.
pub fn list(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let id = normalise(&rest[open + 1..open + close]);
        if !id.is_empty() {
            out.push(id);
        }
        rest = &rest[open + close + 1..];
    }
    if out.is_empty() {
        out.extend(
            value
                .split_whitespace()
                .map(normalise)
                .filter(|id| id.contains('@')),
        );
    }
    out
}

/// A Message-ID for mail that came without one: the SHA-256 of its bytes,
/// so the same message taken twice is still recognised.
pub fn for_raw(raw: &[u8]) -> String {
    let digest = Sha256::digest(raw);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256.{hex}@loket.invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_ids_are_unique_and_name_their_ticket() {
        let a = mint(Some(42), "example.nl");
        let b = mint(Some(42), "example.nl");
        assert_ne!(a, b);
        assert!(a.ends_with("@example.nl"));
        assert_eq!(minted_ticket(&format!("<{a}>")), Some(42));
        assert_eq!(minted_ticket(&mint(None, "x.nl")), None);
        assert_eq!(minted_ticket("CAF00@mail.gmail.com"), None);
    }

    #[test]
    fn lists_are_read_in_order() {
        assert_eq!(
            list("<a@x>\r\n <b@y> <c@z>"),
            vec!["a@x".to_string(), "b@y".into(), "c@z".into()]
        );
        assert_eq!(list(" a@x "), vec!["a@x".to_string()]);
        assert!(list("").is_empty());
        assert_eq!(normalise(" <abc@d> "), "abc@d");
    }

    #[test]
    fn raw_ids_depend_on_the_bytes() {
        assert_eq!(for_raw(b"x"), for_raw(b"x"));
        assert_ne!(for_raw(b"x"), for_raw(b"y"));
    }
}
