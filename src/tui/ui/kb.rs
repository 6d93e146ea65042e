//! The knowledge-base pane, over the whole screen above the status bar: a
//! search line on top; on the left the categories, a category's articles,
//! the search results (with highlighted snippets) or the suggestions for
//! the ticket; on the right the article, rendered from Markdown and
//! scrolled. Narrow terminals show one side at a time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{pane, safe, theme};
use crate::i18n::{Msg, fill, t};
use crate::service::kb::KbList;
use crate::store::kb::Hit;
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::kb::{KbFocus, KbPane};
use crate::tui::layout::kb::{areas, article_lines};

/// Draws the pane when it is open.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let Some(kb) = &app.kb.pane else { return };
    let screen = frame.area();
    let parts = areas(kb, screen.width, screen.height);
    frame.render_widget(
        Clear,
        Rect::new(0, 0, screen.width, screen.height.saturating_sub(1)),
    );
    draw_search(frame, app, kb, parts.search);
    if let Some(area) = parts.list {
        draw_list(frame, app, kb, area);
    }
    if let Some(area) = parts.article {
        draw_article(frame, app, kb, area);
    }
}

fn draw_search(frame: &mut Frame<'_>, app: &App, kb: &KbPane, area: Rect) {
    let lang = app.session.lang;
    let title = format!(" {} ", t(lang, Msg::KbTitle));
    let mut spans = vec![Span::styled(title.clone(), theme::TITLE)];
    if kb.typing || !kb.query.is_empty() {
        spans.push(Span::styled(t(lang, Msg::KbSearchPrompt), theme::LABEL));
        let room = usize::from(area.width).saturating_sub(width(&title) + 12);
        spans.push(Span::raw(safe::line(&kb.query, room)));
        if kb.typing {
            spans.push(Span::styled("▏", theme::KEY));
        }
    } else {
        spans.push(Span::styled(
            format!(
                "{} {}",
                app.session.keymap.first(Action::Search),
                t(lang, Msg::HintSearch)
            ),
            theme::DIM,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn list_title(app: &App, kb: &KbPane) -> String {
    let lang = app.session.lang;
    let name = match &kb.list {
        KbList::Categories => t(lang, Msg::KbCategories).to_string(),
        KbList::Category(c) => c.clone(),
        KbList::Search(q) => fill(t(lang, Msg::KbResults), &[("query", q)]),
        KbList::Suggested(ticket) => fill(t(lang, Msg::KbSuggestedFor), &[("ticket", ticket)]),
    };
    let counted = match (&kb.list, &kb.hits, &kb.categories) {
        (KbList::Categories, _, Some(c)) => format!("{name} ({})", c.len()),
        (KbList::Categories, _, None) => name,
        (_, Some(h), _) => format!("{name} ({})", h.len()),
        (_, None, _) => name,
    };
    // The filters in force, where they apply (not to a ticket's suggestions).
    let filters = crate::tui::app::describe_kb_filter(lang, &kb.filter);
    if filters.is_empty() || matches!(kb.list, KbList::Suggested(_)) {
        format!(" {counted} ")
    } else {
        format!(" {} · {counted} ", filters.join(" · "))
    }
}

fn draw_list(frame: &mut Frame<'_>, app: &App, kb: &KbPane, area: Rect) {
    let lang = app.session.lang;
    let focused = kb.focus == KbFocus::List;
    let title = safe::line(
        &list_title(app, kb),
        usize::from(area.width).saturating_sub(2),
    );
    let block = pane(Line::from(title), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width).max(1);
    let selected_style = if focused {
        theme::SELECTED
    } else {
        theme::SELECTED_UNFOCUSED
    };
    // Each entry's lines, to scroll whole entries into view.
    let mut entries: Vec<Vec<Line<'static>>> = Vec::new();
    let empty = match &kb.list {
        KbList::Categories => match &kb.categories {
            None => Some(t(lang, Msg::KbLoading).to_string()),
            Some(c) if c.is_empty() && kb.filtered() => Some(fill(
                t(lang, Msg::KbFilterNothing),
                &[("key", &app.session.keymap.first(Action::KbFilter))],
            )),
            Some(c) if c.is_empty() => Some(t(lang, Msg::KbEmpty).to_string()),
            Some(c) => {
                for (i, cat) in c.iter().enumerate() {
                    let count = format!(" {}", cat.count);
                    let name = safe::line(&cat.name, w.saturating_sub(width(&count) + 1));
                    let pad = w.saturating_sub(width(&name) + width(&count));
                    let text = format!("{name}{}{count}", " ".repeat(pad));
                    let style = if i == kb.selected {
                        selected_style
                    } else {
                        ratatui::style::Style::default()
                    };
                    entries.push(vec![Line::styled(text, style)]);
                }
                None
            }
        },
        list => match &kb.hits {
            None => Some(t(lang, Msg::KbLoading).to_string()),
            Some(h) if h.is_empty() && kb.filtered() && !matches!(list, KbList::Suggested(_)) => {
                Some(fill(
                    t(lang, Msg::KbFilterNothing),
                    &[("key", &app.session.keymap.first(Action::KbFilter))],
                ))
            }
            Some(h) if h.is_empty() => Some(
                t(
                    lang,
                    match list {
                        KbList::Search(_) => Msg::KbNoResults,
                        KbList::Suggested(_) => Msg::KbNoSuggestions,
                        _ => Msg::KbEmptyCategory,
                    },
                )
                .to_string(),
            ),
            Some(h) => {
                for (i, hit) in h.iter().enumerate() {
                    entries.push(hit_lines(app, hit, w, i == kb.selected, selected_style));
                }
                None
            }
        },
    };
    if let Some(message) = empty {
        frame.render_widget(
            Paragraph::new(message)
                .style(theme::DIM)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    // Scroll so the selected entry is fully visible.
    let height = usize::from(inner.height);
    let mut start = 0;
    let before: usize = entries.iter().take(kb.selected + 1).map(Vec::len).sum();
    if before > height {
        let mut used = before;
        while used > height && start < kb.selected {
            used -= entries[start].len();
            start += 1;
        }
    }
    let lines: Vec<Line<'static>> = entries.into_iter().skip(start).flatten().collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// An article in a list: its title (selected or not), then a dim line with
/// its category and language, then the snippet with matched words bold.
fn hit_lines(
    app: &App,
    hit: &Hit,
    w: usize,
    selected: bool,
    selected_style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    let mut marks = String::new();
    if hit.faq {
        marks.push_str(" ★");
    }
    if hit.visibility != "public" {
        marks.push_str(&format!(" ({})", t(app.session.lang, Msg::KbInternal)));
    }
    let title = safe::line(&hit.title, w.saturating_sub(width(&marks)));
    let pad = w.saturating_sub(width(&title) + width(&marks));
    let style = if selected {
        selected_style
    } else {
        theme::TITLE
    };
    let mut out = vec![Line::from(vec![Span::styled(
        format!("{title}{marks}{}", " ".repeat(pad)),
        style,
    )])];
    out.push(Line::from(vec![
        Span::raw("  "),
        Span::styled(
            safe::line(
                &format!("{} · {}", hit.category, hit.language),
                w.saturating_sub(2),
            ),
            theme::DIM,
        ),
    ]));
    if !hit.snippet.is_empty() {
        out.push(snippet_line(&hit.snippet, &hit.highlights, w));
    }
    out
}

/// The snippet on one line, matched words bold.
fn snippet_line(snippet: &str, highlights: &[[usize; 2]], w: usize) -> Line<'static> {
    let text = safe::line(snippet, w.saturating_sub(2));
    let mut spans = vec![Span::raw("  ")];
    let mut current = String::new();
    let mut bold = false;
    for (i, c) in text.chars().enumerate() {
        let inside = highlights.iter().any(|h| h[0] <= i && i < h[1]);
        if inside != bold && !current.is_empty() {
            let style = if bold { theme::KEY } else { theme::DIM };
            spans.push(Span::styled(std::mem::take(&mut current), style));
        }
        bold = inside;
        current.push(c);
    }
    if !current.is_empty() {
        spans.push(Span::styled(
            current,
            if bold { theme::KEY } else { theme::DIM },
        ));
    }
    Line::from(spans)
}

fn draw_article(frame: &mut Frame<'_>, app: &App, kb: &KbPane, area: Rect) {
    let focused = kb.focus == KbFocus::Article;
    let title = kb
        .article
        .as_ref()
        .map(|a| {
            format!(
                " {} ",
                safe::line(&a.article.slug, usize::from(area.width).saturating_sub(4))
            )
        })
        .unwrap_or_default();
    let block = pane(Line::from(title), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if kb.article.is_none() {
        let message = fill(
            t(app.session.lang, Msg::KbPickArticle),
            &[("key", &app.session.keymap.first(Action::Open))],
        );
        frame.render_widget(
            Paragraph::new(message)
                .style(theme::DIM)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let lines = article_lines(app.session.lang, kb, inner.width);
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let lines: Vec<Line<'static>> = lines.into_iter().skip(kb.scroll.min(max)).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
