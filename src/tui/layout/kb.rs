//! The knowledge-base pane's geometry and the article's lines: the pane
//! (`ui::kb`) draws them, the app stops the article's scroll at their end.
//! Narrow terminals show one side at a time.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;

use crate::i18n::{Lang, Msg, fill, t};
use crate::tui::kb::{KbFocus, KbPane};
use crate::tui::ui::{markdown, safe, theme};

/// Where the pane's parts go on a screen of `width` × `height`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KbAreas {
    pub search: Rect,
    pub list: Option<Rect>,
    pub article: Option<Rect>,
}

/// The layout for a screen (the status bar's row left free).
pub fn areas(kb: &KbPane, width: u16, height: u16) -> KbAreas {
    let main = Rect::new(0, 0, width, height.saturating_sub(1));
    let [search, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(main);
    if width >= 80 {
        let [list, article] =
            Layout::horizontal([Constraint::Percentage(38), Constraint::Percentage(62)])
                .areas(body);
        KbAreas {
            search,
            list: Some(list),
            article: Some(article),
        }
    } else if kb.focus == KbFocus::Article {
        KbAreas {
            search,
            list: None,
            article: Some(body),
        }
    } else {
        KbAreas {
            search,
            list: Some(body),
            article: None,
        }
    }
}

/// The article's lines at the article area's inner width.
pub fn article_lines(app_lang: Lang, kb: &KbPane, inner: u16) -> Vec<Line<'static>> {
    let Some(loaded) = &kb.article else {
        return Vec::new();
    };
    let a = &loaded.article;
    let w = usize::from(inner).max(1);
    let mut meta = vec![a.category.clone()];
    meta.extend(a.department.clone());
    meta.extend([
        a.language.clone(),
        t(
            app_lang,
            if a.visibility == "public" {
                Msg::KbPublic
            } else {
                Msg::KbInternal
            },
        )
        .to_string(),
    ]);
    if a.faq {
        meta.push(t(app_lang, Msg::KbFaq).to_string());
    }
    if !a.tags.is_empty() {
        meta.push(
            a.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    let when = chrono::DateTime::from_timestamp(a.updated_at, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    meta.push(fill(t(app_lang, Msg::KbUpdated), &[("when", &when)]));
    if let Some(author) = &a.author {
        meta.push(fill(t(app_lang, Msg::KbBy), &[("author", author)]));
    }
    let mut out = Vec::new();
    for line in safe::wrap(&a.title, w) {
        out.push(Line::styled(line, theme::TITLE));
    }
    for line in safe::wrap(&meta.join(" · "), w) {
        out.push(Line::styled(line, theme::DIM));
    }
    for line in safe::wrap(&loaded.link, w) {
        out.push(Line::styled(line, markdown::LINK));
    }
    out.push(Line::default());
    out.extend(markdown::render(&a.body, inner));
    out
}

/// The largest useful scroll of the article.
pub fn max_scroll(lang: Lang, kb: &KbPane, width: u16, height: u16) -> usize {
    let Some(area) = areas(kb, width, height).article else {
        return 0;
    };
    let lines = article_lines(lang, kb, area.width.saturating_sub(2)).len();
    lines.saturating_sub(usize::from(area.height.saturating_sub(2)))
}
