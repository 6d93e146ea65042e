//! The readable text of a mail: its first text/plain body, or, for mail
//! that has only HTML, the HTML turned into text by `html2text` (quotes
//! become `>` lines, links footnotes), never by hand.

use mail_parser::{Message, PartType};

/// Width html2text wraps at: wide enough that the thread view, which wraps
/// to the screen, rarely sees a second wrap.
const HTML_WIDTH: usize = 100;

/// The text of `message`, empty when it has none.
pub fn text(message: &Message<'_>) -> String {
    let first = message
        .text_body
        .first()
        .and_then(|id| message.parts.get(*id as usize));
    match first.map(|p| &p.body) {
        Some(PartType::Text(text)) => text.to_string(),
        Some(PartType::Html(html)) => html_to_text(html),
        _ => match message.body_html(0) {
            Some(html) => html_to_text(&html),
            None => String::new(),
        },
    }
}

/// HTML as readable text.
pub fn html_to_text(html: &str) -> String {
    match html2text::config::plain_no_decorate().string_from_read(html.as_bytes(), HTML_WIDTH) {
        Ok(text) => text,
        // html2text refuses only pathological input (too deep nesting):
        // keep the text without the tags rather than nothing.
        Err(_) => strip_tags(html),
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text_with_quotes() {
        let text = html_to_text(
            "<p>Hallo,</p><p>de <b>printer</b> doet het niet.</p><blockquote>oude tekst</blockquote>",
        );
        assert!(text.contains("de printer doet het niet."), "{text}");
        assert!(text.contains("> oude tekst"), "{text}");
        assert!(!text.contains("<b>"), "{text}");
    }
}
