//! Markdown (a KB article) as terminal lines: headings, paragraphs, lists
//! (nested, bulleted and numbered), emphasis, inline and block code, block
//! quotes, rules and links, word-wrapped to a width. Parsing is
//! pulldown-cmark's (CommonMark); this file only decides how it looks.
//! Links show their text underlined and the address after it, so a reader
//! can see where it goes.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::safe;
use crate::text::width as text_width;

const H1: Style = Style::new()
    .fg(Color::Cyan)
    .add_modifier(Modifier::BOLD)
    .add_modifier(Modifier::UNDERLINED);
const H2: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
const H3: Style = Style::new().add_modifier(Modifier::BOLD);
const CODE: Style = Style::new().fg(Color::Yellow);
pub const LINK: Style = Style::new()
    .fg(Color::Blue)
    .add_modifier(Modifier::UNDERLINED);
const URL: Style = Style::new().fg(Color::DarkGray);
const QUOTE: Style = Style::new().fg(Color::DarkGray);
const BULLET: Style = Style::new().fg(Color::Cyan);

/// A list being written: its next number, or `None` for bullets.
struct List {
    next: Option<u64>,
}

struct Renderer {
    width: usize,
    out: Vec<Line<'static>>,
    /// The words of the block being written, with their styles.
    spans: Vec<(String, Style)>,
    /// Style modifiers in force (emphasis, strong, link, heading).
    styles: Vec<Style>,
    lists: Vec<List>,
    /// Prefix of the first line of the current item, taken once.
    item_marker: Option<String>,
    quote: usize,
    code_block: bool,
    link: Option<String>,
}

/// The lines of `markdown` at `width` columns.
pub fn render(markdown: &str, width: u16) -> Vec<Line<'static>> {
    let mut r = Renderer {
        width: usize::from(width).max(8),
        out: Vec::new(),
        spans: Vec::new(),
        styles: Vec::new(),
        lists: Vec::new(),
        item_marker: None,
        quote: 0,
        code_block: false,
        link: None,
    };
    for event in Parser::new(markdown) {
        r.event(event);
    }
    r.flush();
    while r.out.last().is_some_and(|l| l.width() == 0) {
        r.out.pop();
    }
    r.out
}

impl Renderer {
    fn style(&self) -> Style {
        self.styles
            .iter()
            .fold(Style::default(), |acc, s| acc.patch(*s))
    }

    fn indent(&self) -> String {
        let mut s = "│ ".repeat(self.quote);
        s.push_str(&"   ".repeat(self.lists.len().saturating_sub(1)));
        s
    }

    fn blank(&mut self) {
        if self.out.last().is_some_and(|l| l.width() > 0) {
            self.out.push(Line::default());
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) if self.code_block => {
                for line in text.lines() {
                    let prefix = format!("{}  ", self.indent());
                    let shown = safe::line(line, self.width.saturating_sub(text_width(&prefix)));
                    self.out.push(Line::from(vec![
                        Span::styled(prefix, QUOTE),
                        Span::styled(shown, CODE),
                    ]));
                }
            }
            Event::Text(text) => self.spans.push((text.into_string(), self.style())),
            Event::Code(text) => {
                let style = self.style().patch(CODE);
                self.spans.push((text.into_string(), style));
            }
            Event::SoftBreak => self.spans.push((" ".into(), self.style())),
            Event::HardBreak => self.flush(),
            Event::Rule => {
                self.flush();
                self.blank();
                self.out.push(Line::styled("─".repeat(self.width), QUOTE));
            }
            Event::TaskListMarker(done) => {
                let mark = if done { "[x] " } else { "[ ] " };
                self.spans.push((mark.into(), self.style()));
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                self.spans.push((text.into_string(), QUOTE))
            }
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.blank();
                self.styles.push(match level {
                    HeadingLevel::H1 => H1,
                    HeadingLevel::H2 => H2,
                    _ => H3,
                });
            }
            Tag::Paragraph => {
                self.flush();
                if self.item_marker.is_none() {
                    self.blank();
                }
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.blank();
                self.quote += 1;
                self.styles.push(QUOTE);
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                self.blank();
                if let CodeBlockKind::Fenced(lang) = kind
                    && !lang.is_empty()
                {
                    self.out
                        .push(Line::styled(format!("{}  {lang}", self.indent()), QUOTE));
                }
                self.code_block = true;
            }
            Tag::List(start) => {
                self.flush();
                if self.lists.is_empty() {
                    self.blank();
                }
                self.lists.push(List { next: start });
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(List { next: Some(n) }) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_string(),
                };
                self.item_marker = Some(marker);
            }
            Tag::Emphasis => self
                .styles
                .push(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.styles.push(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self
                .styles
                .push(Style::new().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { dest_url, .. } => {
                self.link = Some(dest_url.into_string());
                self.styles.push(LINK);
            }
            Tag::Image { dest_url, .. } => {
                self.link = Some(dest_url.into_string());
                self.styles.push(LINK);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.flush();
                self.styles.pop();
            }
            TagEnd::Paragraph => self.flush(),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
                self.styles.pop();
            }
            TagEnd::CodeBlock => self.code_block = false,
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item => self.flush(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link | TagEnd::Image => {
                self.styles.pop();
                if let Some(url) = self.link.take() {
                    let text: String = self.spans.iter().map(|(t, _)| t.as_str()).collect();
                    if !url.is_empty() && !text.ends_with(url.as_str()) {
                        self.spans.push((format!(" <{url}>"), URL));
                    }
                }
            }
            _ => {}
        }
    }

    /// Writes the words gathered so far as wrapped lines.
    fn flush(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        let marker = self.item_marker.take();
        if spans.iter().all(|(t, _)| t.trim().is_empty()) {
            if let Some(m) = marker {
                // An item whose text is a nested block: keep its marker.
                self.item_marker = Some(m);
            }
            return;
        }
        let base = self.indent();
        let (first, rest) = match &marker {
            Some(m) => (
                format!("{base}{m}"),
                format!("{base}{}", " ".repeat(m.len())),
            ),
            None if !self.lists.is_empty() => (format!("{base}   "), format!("{base}   ")),
            None => (base.clone(), base),
        };
        // Words, each a run of styled pieces ("[page]." is one word).
        let mut words: Vec<Vec<(String, Style)>> = Vec::new();
        let mut word: Vec<(String, Style)> = Vec::new();
        for (text, style) in spans {
            for c in text.chars() {
                if c.is_whitespace() {
                    if !word.is_empty() {
                        words.push(std::mem::take(&mut word));
                    }
                } else if !c.is_control() {
                    match word.last_mut() {
                        Some((piece, s)) if *s == style => piece.push(c),
                        _ => word.push((c.to_string(), style)),
                    }
                }
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
        let room = self.width;
        let (first_w, rest_w) = (text_width(&first), text_width(&rest));
        let mut line: Vec<Span<'static>> = vec![Span::styled(first, BULLET)];
        let mut used = first_w;
        let mut start = first_w;
        for word in words
            .into_iter()
            .flat_map(|w| split_long(w, room.saturating_sub(rest_w).max(1)))
        {
            let w: usize = word.iter().map(|(t, _)| text_width(t)).sum();
            if used > start && used + 1 + w > room {
                self.out.push(Line::from(std::mem::take(&mut line)));
                line.push(Span::styled(rest.clone(), BULLET));
                used = rest_w;
                start = rest_w;
            } else if used > start {
                line.push(Span::raw(" "));
                used += 1;
            }
            for (text, style) in word {
                used += text_width(&text);
                line.push(Span::styled(text, style));
            }
        }
        self.out.push(Line::from(line));
    }
}

/// A word cut into words no wider than `max` (long addresses wrap).
fn split_long(word: Vec<(String, Style)>, max: usize) -> Vec<Vec<(String, Style)>> {
    let total: usize = word.iter().map(|(t, _)| text_width(t)).sum();
    if total <= max {
        return vec![word];
    }
    let mut out: Vec<Vec<(String, Style)>> = vec![Vec::new()];
    let mut used = 0;
    for (text, style) in word {
        for c in text.chars() {
            let w = text_width(c.encode_utf8(&mut [0; 4]));
            if used + w > max && used > 0 {
                out.push(Vec::new());
                used = 0;
            }
            if let Some(current) = out.last_mut() {
                match current.last_mut() {
                    Some((piece, s)) if *s == style => piece.push(c),
                    _ => current.push((c.to_string(), style)),
                }
            }
            used += w;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line<'_>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .map(|s| s.trim_end().to_string())
            .collect()
    }

    #[test]
    fn renders_blocks_and_wraps() {
        let md = "# Title\n\nSome *words* and `code` here, see [the page](https://x.nl/a).\n\n\
                  1. first\n2. second step that is long\n   - nested\n\n> quoted\n\n```\nlet x = 1;\n```\n";
        let lines = render(md, 30);
        assert_eq!(
            plain(&lines),
            vec![
                "Title",
                "",
                "Some words and code here, see",
                "the page <https://x.nl/a>.",
                "",
                "1. first",
                "2. second step that is long",
                "   • nested",
                "",
                "│ quoted",
                "",
                "  let x = 1;",
            ]
        );
        let link = lines[3].spans.iter().find(|s| s.content == "page");
        assert_eq!(link.map(|s| s.style), Some(LINK));
        let title = &lines[0].spans[1];
        assert!(title.style.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn long_words_never_overflow() {
        let lines = render(&"x".repeat(25), 10);
        assert_eq!(
            plain(&lines),
            vec!["x".repeat(10), "x".repeat(10), "x".repeat(5)]
        );
    }
}
