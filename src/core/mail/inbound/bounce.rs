//! Delivery status reports (RFC 3464, `multipart/report;
//! report-type=delivery-status`): a relay telling that a mail loket sent
//! could not be delivered. They mark that mail bounced; they never become
//! tickets.

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

use crate::mail::ids;

/// What a delivery status report says about a mail of ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounce {
    /// The Message-IDs of the returned mail (its message/rfc822 or
    /// text/rfc822-headers part), then any id minted by loket found in the
    /// report's text: the ways to find the outbox row, best first.
    pub mail_ids: Vec<String>,
    /// `Final-Recipient` (or `Original-Recipient`), the address that failed.
    pub recipient: Option<String>,
    /// `Status`, like 5.1.1.
    pub status: Option<String>,
    /// `Diagnostic-Code`, the remote server's words.
    pub diagnostic: Option<String>,
    /// Whether delivery failed for good (`Action: failed`); a report that
    /// only says "delayed" or "delivered" marks nothing.
    pub failed: bool,
}

impl Bounce {
    /// What went wrong, for the outbox row's last_error: the diagnostic
    /// code and status, as the relay wrote them.
    pub fn reason(&self) -> String {
        match (&self.diagnostic, &self.status) {
            (Some(d), Some(s)) if !d.contains(s.as_str()) => format!("{d} (status {s})"),
            (Some(d), _) => d.clone(),
            (None, Some(s)) => format!("status {s}"),
            (None, None) => "returned as undeliverable".to_string(),
        }
    }
}

/// The report in `message`, if it is one.
pub fn read(message: &Message<'_>) -> Option<Bounce> {
    let root = message.root_part();
    let ct = root.content_type()?;
    if !(ct.ctype().eq_ignore_ascii_case("multipart")
        && ct
            .subtype()
            .is_some_and(|s| s.eq_ignore_ascii_case("report")))
    {
        return None;
    }
    if let Some(kind) = ct.attribute("report-type")
        && !kind.eq_ignore_ascii_case("delivery-status")
    {
        return None;
    }
    let mut bounce = Bounce {
        mail_ids: Vec::new(),
        recipient: None,
        status: None,
        diagnostic: None,
        failed: false,
    };
    let mut saw_status = false;
    let mut texts = Vec::new();
    for part in &message.parts {
        let Some(pct) = part.content_type() else {
            if let PartType::Text(t) = &part.body {
                texts.push(t.to_string());
            }
            continue;
        };
        let kind = format!(
            "{}/{}",
            pct.ctype().to_ascii_lowercase(),
            pct.subtype().unwrap_or_default().to_ascii_lowercase()
        );
        match kind.as_str() {
            "message/delivery-status" | "message/global-delivery-status" => {
                saw_status = true;
                let text = String::from_utf8_lossy(part.contents()).into_owned();
                read_status(&text, &mut bounce);
                texts.push(text);
            }
            "message/rfc822" | "message/global" => {
                if let Some(id) = part.message().and_then(|m| m.message_id()) {
                    push_id(&mut bounce.mail_ids, &ids::normalise(id));
                }
                texts.push(String::from_utf8_lossy(part.contents()).into_owned());
            }
            "text/rfc822-headers" | "message/rfc822-headers" => {
                let raw = part.contents();
                if let Some(id) = MessageParser::default()
                    .parse_headers(raw)
                    .as_ref()
                    .and_then(|m| m.message_id().map(ids::normalise))
                {
                    push_id(&mut bounce.mail_ids, &id);
                }
                texts.push(String::from_utf8_lossy(raw).into_owned());
            }
            _ => {
                if let Some(t) = part.text_contents() {
                    texts.push(t.to_string());
                }
            }
        }
    }
    if !saw_status {
        return None;
    }
    for text in &texts {
        for id in minted_ids_in(text) {
            push_id(&mut bounce.mail_ids, &id);
        }
    }
    Some(bounce)
}

fn push_id(list: &mut Vec<String>, id: &str) {
    if !id.is_empty() && !list.iter().any(|i| i == id) {
        list.push(id.to_string());
    }
}

/// Reads the per-recipient fields of a delivery-status body. Several
/// recipients: the first that failed wins.
fn read_status(text: &str, bounce: &mut Bounce) {
    // Unfold continuation lines first.
    let mut fields: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t'])
            && let Some(last) = fields.last_mut()
        {
            last.push(' ');
            last.push_str(line.trim());
        } else {
            fields.push(line.trim_end().to_string());
        }
    }
    let value = |field: &str| -> String {
        let v = field.split_once(':').map(|(_, v)| v.trim()).unwrap_or("");
        // "rfc822; eva@x" and "smtp; 550 …": drop the type.
        match v.split_once(';') {
            Some((kind, rest)) if !kind.contains(' ') => rest.trim().to_string(),
            _ => v.to_string(),
        }
    };
    // Per-recipient groups are separated by blank lines.
    let mut group: Vec<&String> = Vec::new();
    let mut groups: Vec<Vec<&String>> = Vec::new();
    for f in &fields {
        if f.trim().is_empty() {
            if !group.is_empty() {
                groups.push(std::mem::take(&mut group));
            }
        } else {
            group.push(f);
        }
    }
    if !group.is_empty() {
        groups.push(group);
    }
    for group in groups {
        let get = |name: &str| {
            group
                .iter()
                .find(|f| {
                    f.len() > name.len()
                        && f[..name.len()].eq_ignore_ascii_case(name)
                        && f[name.len()..].starts_with(':')
                })
                .map(|f| value(f))
        };
        let action = get("Action").map(|a| a.to_ascii_lowercase());
        let recipient = get("Final-Recipient").or_else(|| get("Original-Recipient"));
        if recipient.is_none() && action.is_none() {
            continue; // the per-message group (Reporting-MTA, …)
        }
        let failed = action.as_deref() == Some("failed");
        if bounce.recipient.is_none() || (failed && !bounce.failed) {
            bounce.recipient = recipient.map(|r| crate::text::clean_line(&r));
            bounce.status = get("Status").map(|s| crate::text::clean_line(&s));
            bounce.diagnostic = get("Diagnostic-Code").map(|d| crate::text::clean_line(&d));
            bounce.failed = failed;
        }
    }
}

/// Message-IDs minted by loket (`loket.<ticket>.<hex>@domain`) anywhere in
/// `text`, for a report whose returned headers are cut off.
pub fn minted_ids_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("loket.") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '>' | '<' | '"' | ';' | ',' | ')'))
            .unwrap_or(tail.len());
        let candidate = &tail[..end];
        if candidate.contains('@') && ids::minted_ticket(candidate).is_some() {
            push_id(&mut out, candidate);
        }
        rest = &tail["loket.".len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_ids_are_found_in_text() {
        assert_eq!(
            minted_ids_in("Message-ID: <loket.42.ab12@x.nl>\nloket.nothing"),
            vec!["loket.42.ab12@x.nl".to_string()]
        );
    }

    #[test]
    fn status_fields_are_read() {
        let mut b = Bounce {
            mail_ids: vec![],
            recipient: None,
            status: None,
            diagnostic: None,
            failed: false,
        };
        read_status(
            "Reporting-MTA: dns; mx.x.nl\n\nFinal-Recipient: rfc822; eva@x.nl\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <eva@x.nl>:\n    user unknown\n",
            &mut b,
        );
        assert_eq!(b.recipient.as_deref(), Some("eva@x.nl"));
        assert_eq!(b.status.as_deref(), Some("5.1.1"));
        assert_eq!(
            b.diagnostic.as_deref(),
            Some("550 5.1.1 <eva@x.nl>: user unknown")
        );
        assert!(b.failed);
        assert_eq!(b.reason(), "550 5.1.1 <eva@x.nl>: user unknown");
    }
}
