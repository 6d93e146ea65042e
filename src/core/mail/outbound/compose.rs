//! One outbox row as an RFC 5322 message, written by mail-builder, which
//! encodes and folds every header. Customer text (names, subjects) reaches
//! a header only as a cleaned single line, so a CR/LF in it can never start
//! a header of its own; addresses are bare `local@domain` with no spaces.

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;

use crate::store::outbox::Claimed;
use crate::text::clean_line;

/// A file to send with the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// A message ready for the relay: who it goes to (the envelope) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub from: String,
    pub recipients: Vec<String>,
    pub bytes: Vec<u8>,
}

/// Why a row cannot become a message (a permanent failure: trying again
/// would not help).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsendable(pub String);

/// A display name and bare address from `Name <addr>` or `addr`.
pub fn split_address(s: &str) -> Option<(String, String)> {
    let address = super::super::bare_address(s)?;
    let name = match s.rfind('<') {
        Some(open) => clean_line(&s[..open])
            .trim()
            .trim_matches('"')
            .trim()
            .to_string(),
        None => String::new(),
    };
    Some((name, address))
}

fn address(name: String, addr: String) -> Address<'static> {
    if name.is_empty() {
        Address::from(addr)
    } else {
        Address::from((name, addr))
    }
}

/// A Message-ID fit for a header: no brackets, spaces or control characters.
fn header_id(id: &str) -> Option<String> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    (!id.is_empty()
        && id.contains('@')
        && id
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '<' && c != '>'))
    .then(|| id.to_string())
}

/// Writes `row` with `files`, dated `date` (Unix seconds).
pub fn compose(row: &Claimed, files: &[Attached], date: i64) -> Result<Composed, Unsendable> {
    let (from_name, from_addr) = split_address(&row.from).ok_or_else(|| {
        Unsendable(format!(
            "the From address '{}' is not an e-mail address; set mail.address (or the team's mail.team.<team>)",
            clean_line(&row.from)
        ))
    })?;
    let (to_name, to_addr) = split_address(&row.to).ok_or_else(|| {
        Unsendable(format!(
            "'{}' is not an e-mail address; correct the customer's address",
            clean_line(&row.to)
        ))
    })?;
    let cc: Vec<String> = row
        .cc
        .iter()
        .filter_map(|a| super::super::bare_address(a))
        .filter(|a| *a != to_addr)
        .collect();
    let mail_id = header_id(&row.mail_id)
        .ok_or_else(|| Unsendable(format!("'{}' is not a Message-ID", row.mail_id)))?;
    let mut builder = MessageBuilder::new()
        .message_id(mail_id)
        .from(address(from_name, from_addr.clone()))
        .to(address(to_name, to_addr.clone()))
        .subject(clean_line(&row.subject))
        .date(date)
        .text_body(row.body.replace("\r\n", "\n"));
    if !cc.is_empty() {
        builder = builder.cc(Address::new_list(
            cc.iter().cloned().map(Address::from).collect(),
        ));
    }
    if let Some(parent) = row.in_reply_to.as_deref().and_then(header_id) {
        builder = builder.in_reply_to(parent);
    }
    let refs: Vec<String> = row.references.iter().filter_map(|r| header_id(r)).collect();
    if !refs.is_empty() {
        builder = builder.references(MessageId::from(refs));
    }
    if row.auto_submitted {
        builder = builder.header("Auto-Submitted", Raw::new("auto-replied"));
    }
    for file in files {
        let kind = if file.content_type.contains('/')
            && file
                .content_type
                .chars()
                .all(|c| c.is_ascii_graphic() && c != ';')
        {
            file.content_type.clone()
        } else {
            "application/octet-stream".to_string()
        };
        builder = builder.attachment(
            kind,
            crate::store::attachments::safe_name(&file.name),
            file.data.clone(),
        );
    }
    let bytes = builder
        .write_to_vec()
        .map_err(|e| Unsendable(format!("the message could not be written: {e}")))?;
    let mut recipients = vec![to_addr];
    recipients.extend(cc);
    Ok(Composed {
        from: from_addr,
        recipients,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Claimed {
        Claimed {
            id: 1,
            kind: "reply".into(),
            ticket_id: Some(7),
            message_id: Some(3),
            mail_id: "loket.7.abc@example.nl".into(),
            from: "Support <support@example.nl>".into(),
            to: "Eva\r\nBcc: evil@attacker.example <eva@example.nl>".into(),
            cc: vec!["piet@example.nl".into()],
            subject: "[#7] Printer\r\nBcc: evil@attacker.example".into(),
            body: "Hello Eva,\n\nFixed.\n".into(),
            in_reply_to: Some("<first@customer.example>".into()),
            references: vec!["first@customer.example".into(), "bad id\r\nX: y".into()],
            auto_submitted: true,
            attempts: 1,
            created_at: 0,
        }
    }

    fn headers(bytes: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(bytes);
        let head = text
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_string();
        head.split("\r\n").map(str::to_string).collect()
    }

    #[test]
    fn customer_text_never_starts_a_header() {
        let m = compose(&row(), &[], 1_700_000_000).unwrap();
        assert_eq!(m.recipients, vec!["eva@example.nl", "piet@example.nl"]);
        let lines = headers(&m.bytes);
        assert!(
            !lines
                .iter()
                .any(|l| l.to_ascii_lowercase().starts_with("bcc")),
            "{lines:?}"
        );
        assert!(!lines.iter().any(|l| l.starts_with("X:")), "{lines:?}");
        assert!(lines.iter().any(|l| l == "Auto-Submitted: auto-replied"));
        assert!(
            lines
                .iter()
                .any(|l| l == "In-Reply-To: <first@customer.example>")
        );
    }

    #[test]
    fn names_with_commas_and_accents_stay_one_address() {
        let mut r = row();
        r.to = "de Vries, Eva <eva@example.nl>".into();
        r.from = "Klantenservice Café <support@example.nl>".into();
        let m = compose(&r, &[], 0).unwrap();
        let lines = headers(&m.bytes);
        assert!(
            lines
                .iter()
                .any(|l| l == "To: \"de Vries, Eva\" <eva@example.nl>"),
            "{lines:?}"
        );
        let from = lines.iter().find(|l| l.starts_with("From:")).unwrap();
        assert!(
            from.contains("=?utf-8?") && from.ends_with("<support@example.nl>"),
            "{from}"
        );
        assert_eq!(m.recipients, vec!["eva@example.nl", "piet@example.nl"]);
    }

    #[test]
    fn a_bad_recipient_is_unsendable() {
        let mut r = row();
        r.to = "nobody".into();
        let e = compose(&r, &[], 0).unwrap_err();
        assert!(e.0.contains("customer's address"), "{e:?}");
    }
}
