//! A raw message read with `mail-parser` (Stalwart's parser: MIME, every
//! common charset, RFC 2047 words, lenient with real-world breakage).

use mail_parser::{MessageParser, MimeHeaders, PartType};

use super::{Bounce, Noise, body, bounce, noise, quote};
use crate::mail::{bare_address, ids};
use crate::text::{clean_block, clean_line};

/// A file that came with a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingAttachment {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
    /// An image shown inside the HTML (Content-Disposition inline or a
    /// Content-ID), listed like any other attachment.
    pub inline: bool,
}

/// Everything the desk needs of one incoming mail, cleaned for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The Message-ID without brackets, or [`ids::for_raw`] when it has none.
    pub mail_id: String,
    /// The sender's bare, lower-cased address.
    pub from_addr: String,
    /// The sender's display name, RFC 2047 decoded, if given.
    pub from_name: Option<String>,
    pub subject: String,
    /// In-Reply-To first, then References newest first: the order in which
    /// a parent is looked for.
    pub parents: Vec<String>,
    /// Other people on the mail (its Cc), as (address, name).
    pub cc: Vec<(String, String)>,
    /// Every recipient address (To and Cc), to tell the desk's own apart.
    pub recipients: Vec<String>,
    /// The customer's new text.
    pub text: String,
    /// The quoted history below it, if any.
    pub quoted: Option<String>,
    pub attachments: Vec<IncomingAttachment>,
    /// Why this mail must never be answered automatically, if it is automatic.
    pub noise: Option<Noise>,
    /// A delivery status report: the mail of ours it concerns.
    pub bounce: Option<Bounce>,
}

/// Why a message could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("this is not an e-mail message: no headers could be read")]
    NoHeaders,
    #[error("the message names no sender (no From, Sender or Return-Path with an address)")]
    NoSender,
}

/// Reads one raw message.
pub fn parse(raw: &[u8]) -> Result<Incoming, ParseError> {
    let message = MessageParser::default()
        .parse(raw)
        .ok_or(ParseError::NoHeaders)?;
    if message.headers().is_empty() {
        return Err(ParseError::NoHeaders);
    }
    let sender = message
        .from()
        .and_then(|a| a.first())
        .or_else(|| message.sender().and_then(|a| a.first()))
        .and_then(|a| {
            a.address()
                .and_then(bare_address)
                .map(|addr| (addr, a.name()))
        });
    let (from_addr, from_name) = match sender {
        Some((addr, name)) => (addr, name.map(clean_line).filter(|n| !n.is_empty())),
        None => {
            let addr = message
                .return_address()
                .and_then(bare_address)
                .ok_or(ParseError::NoSender)?;
            (addr, None)
        }
    };
    let mail_id = message
        .message_id()
        .map(ids::normalise)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| ids::for_raw(raw));
    let subject = clean_line(message.subject().unwrap_or_default());

    let mut parents = Vec::new();
    for id in message
        .header_raw("In-Reply-To")
        .map(ids::list)
        .unwrap_or_default()
        .into_iter()
        .chain(
            message
                .header_raw("References")
                .map(ids::list)
                .unwrap_or_default()
                .into_iter()
                .rev(),
        )
    {
        if !parents.contains(&id) && id != mail_id {
            parents.push(id);
        }
    }

    let mut recipients = Vec::new();
    let mut cc = Vec::new();
    for addr in message.to().into_iter().flat_map(|a| a.iter()) {
        if let Some(bare) = addr.address().and_then(bare_address) {
            recipients.push(bare);
        }
    }
    // Only Cc: the To of a mail to the desk is the desk itself (often an
    // alias the desk does not know as its own), and copying replies to it
    // would loop.
    for addr in message.cc().into_iter().flat_map(|a| a.iter()) {
        let Some(bare) = addr.address().and_then(bare_address) else {
            continue;
        };
        recipients.push(bare.clone());
        if bare != from_addr && !cc.iter().any(|(a, _): &(String, String)| *a == bare) {
            cc.push((bare, addr.name().map(clean_line).unwrap_or_default()));
        }
    }

    let noise = noise::judge(&message, &from_addr);
    let bounce = bounce::read(&message);
    let full = clean_block(&body::text(&message));
    let (text, quoted) = quote::split(&full);

    let mut attachments = Vec::new();
    for part in message.attachments() {
        if matches!(part.body, PartType::Multipart(_)) {
            continue;
        }
        let content_type = part
            .content_type()
            .map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub),
                None => ct.ctype().to_string(),
            })
            .unwrap_or_else(|| "application/octet-stream".to_string())
            .to_ascii_lowercase();
        let inline = matches!(part.body, PartType::InlineBinary(_))
            || part.content_disposition().is_some_and(|d| d.is_inline())
            || part.content_id().is_some();
        let name = part
            .attachment_name()
            .map(str::to_string)
            .or_else(|| {
                part.message()
                    .and_then(|m| m.subject())
                    .map(|s| format!("{s}.eml"))
            })
            .unwrap_or_else(|| default_name(&content_type));
        attachments.push(IncomingAttachment {
            name: crate::store::attachments::safe_name(&name),
            content_type,
            data: part.contents().to_vec(),
            inline,
        });
    }

    Ok(Incoming {
        mail_id,
        from_addr,
        from_name,
        subject,
        parents,
        cc,
        recipients,
        text,
        quoted,
        attachments,
        noise,
        bounce,
    })
}

/// A name for a part that came without one, from its type.
fn default_name(content_type: &str) -> String {
    let ext = match content_type {
        "image/png" => "png",
        "image/jpeg" | "image/jpg" => "jpg",
        "image/gif" => "gif",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        "text/html" => "html",
        "message/rfc822" => "eml",
        _ => "bin",
    };
    format!("attachment.{ext}")
}

/// The sender and subject of a raw message, as well as can be read, for a
/// quarantine entry of a mail that could not be taken.
pub fn sender_and_subject(raw: &[u8]) -> (Option<String>, Option<String>, Option<String>) {
    let Some(message) = MessageParser::default().parse_headers(raw) else {
        return (None, None, None);
    };
    let sender = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .and_then(bare_address);
    let subject = message.subject().map(clean_line);
    let id = message.message_id().map(ids::normalise);
    (sender, subject, id)
}
