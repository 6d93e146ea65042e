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
        let mut line: Vec<Span<'static>> = vec![Span::styled(first.clone(), BULLET)];
        let mut used = text_width(&first);
        let room = self.width;
        for (text, style) in spans {
            let text = crate::text::clean_line(&text.replace('\n', " "));
            let leading = text.starts_with(' ') || text.is_empty();
            let indent = text_width(&rest);
            let words: Vec<String> = text
                .split(' ')
                .flat_map(|w| pieces(w, room.saturating_sub(indent).max(1)))
                .collect();
            for (i, word) in words.iter().enumerate() {
                let needs_space = (i > 0 || leading) && used > text_width(&first).min(used);
                if word.is_empty() {
                    continue;
                }
                let w = text_width(word);
                let space = usize::from(needs_space && !line_ends_with_space(&line));
                if used + space + w > room && used > text_width(&rest) {
                    self.out.push(Line::from(std::mem::take(&mut line)));
                    line.push(Span::styled(rest.clone(), BULLET));
                    used = text_width(&rest);
                } else if space == 1 {
                    line.push(Span::styled(" ", style));
                    used += 1;
                }
                let shown = safe::line(word, room.saturating_sub(used).max(1));
                used += text_width(&shown);
                line.push(Span::styled(shown, style));
            }
            if text.ends_with(' ') && !line_ends_with_space(&line) && used < room {
                line.push(Span::styled(" ", style));
                used += 1;
            }
        }
        self.out.push(Line::from(line));
    }
}

/// A word cut into pieces no wider than `max` (long addresses wrap).
fn pieces(word: &str, max: usize) -> Vec<String> {
    if text_width(word) <= max {
        return vec![word.to_string()];
    }
    let mut out = vec![String::new()];
    for c in word.chars() {
        let last = out.last_mut().map_or(0, |p| text_width(p));
        if last + text_width(c.encode_utf8(&mut [0; 4])) > max {
            out.push(String::new());
        }
        if let Some(p) = out.last_mut() {
            p.push(c);
        }
    }
    out
}

fn line_ends_with_space(line: &[Span<'_>]) -> bool {
    line.last()
        .is_none_or(|s| s.content.ends_with(' ') || s.content.is_empty())
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
