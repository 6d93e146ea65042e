//! The app's side of the knowledge base: opening the pane (from the queue,
//! the ticket or the composer), keys while it is open (search as you type,
//! categories, reading and scrolling an article), the answers from the
//! worker, the suggestions for the shown ticket, and inserting an article
//! into the reply (its link and an excerpt; the link is recorded on the
//! ticket).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{App, Focus};
use crate::i18n::{Msg, fill, t};
use crate::service::kb::{AgentView, KbList, KbRequest, KbResponse, LoadedArticle};
use crate::service::worker::Request;
use crate::tui::action::{Action, Context};
use crate::tui::kb::{KbFocus, KbPane};

impl App {
    /// Opens the pane: on the open ticket (its suggestions first) when there
    /// is one, else on the categories.
    pub(super) fn open_kb(&mut self) {
        let ticket = self
            .compose
            .composer
            .as_ref()
            .map(|c| c.ticket)
            .or(self.ticket.shown.filter(|_| self.focus == Focus::Detail));
        let pane = KbPane::new(ticket, self.kb.filter.clone());
        self.outbox.push(Request::Kb(pane.categories_request()));
        self.outbox.push(Request::Kb(pane.list_request()));
        if let Some(known) = self
            .ticket
            .articles
            .as_ref()
            .filter(|k| Some(k.ticket) == ticket)
        {
            let mut pane = pane;
            pane.hits = Some(known.suggested.clone());
            self.kb.pane = Some(pane);
        } else {
            self.kb.pane = Some(pane);
        }
    }

    /// A key while the pane is open.
    pub(super) fn kb_key(&mut self, key: &KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        if self.kb.pane.as_ref().is_some_and(|k| k.typing) {
            self.kb_typing(key);
            return;
        }
        match self.session.keymap.action_in(Context::Kb, key) {
            Some(Action::KbInsert) => {
                self.kb_insert();
                return;
            }
            Some(Action::KbFilter) => {
                self.open_kb_filters();
                return;
            }
            _ => {}
        }
        let Some(action) = self.session.keymap.action_for(key) else {
            return;
        };
        match action {
            Action::Quit => self.leave_and_quit(),
            Action::ToggleHelp => {
                self.overlay.help = true;
                self.overlay.help_scroll = 0;
            }
            Action::Search => {
                if let Some(kb) = self.kb.pane.as_mut() {
                    kb.typing = true;
                    kb.focus = KbFocus::List;
                    if !matches!(kb.list, KbList::Search(_)) {
                        kb.before_search = kb.list.clone();
                    }
                }
            }
            Action::Open => self.kb_open(),
            Action::SwitchPane => {
                if let Some(kb) = self.kb.pane.as_mut() {
                    kb.focus = match kb.focus {
                        KbFocus::List if kb.article.is_some() => KbFocus::Article,
                        _ => KbFocus::List,
                    };
                }
            }
            Action::Back => self.kb_back(),
            Action::Down => self.kb_move(1),
            Action::Up => self.kb_move(-1),
            Action::PageDown => self.kb_move(self.kb_page()),
            Action::PageUp => self.kb_move(-self.kb_page()),
            Action::First => self.kb_move(isize::MIN / 2),
            Action::Last => self.kb_move(isize::MAX / 2),
            _ => {}
        }
    }

    fn kb_typing(&mut self, key: &KeyEvent) {
        let Some(kb) = self.kb.pane.as_mut() else {
            return;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let changed = match key.code {
            KeyCode::Esc => {
                kb.typing = false;
                if kb.query.trim().is_empty() {
                    kb.query.clear();
                    kb.list = kb.before_search.clone();
                    kb.selected = 0;
                    let request = kb.list_request();
                    self.outbox.push(Request::Kb(request));
                }
                false
            }
            KeyCode::Enter => {
                kb.typing = false;
                false
            }
            KeyCode::Down => {
                kb.selected = (kb.selected + 1).min(kb.len().saturating_sub(1));
                false
            }
            KeyCode::Up => {
                kb.selected = kb.selected.saturating_sub(1);
                false
            }
            KeyCode::Backspace => kb.query.pop().is_some(),
            KeyCode::Char('u') if ctrl => {
                kb.query.clear();
                true
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                kb.query.push(c);
                true
            }
            _ => false,
        };
        if changed {
            kb.selected = 0;
            let query = crate::text::clean_line(&kb.query);
            if query.trim().is_empty() {
                kb.list = kb.before_search.clone();
            } else {
                kb.list = KbList::Search(query);
            }
            let request = kb.list_request();
            self.outbox.push(Request::Kb(request));
        }
    }

    fn kb_page(&self) -> isize {
        let rows = self.session.size.1.saturating_sub(4).max(1);
        isize::try_from(rows).unwrap_or(1)
    }

    fn kb_move(&mut self, step: isize) {
        let width = self.session.size.0;
        let height = self.session.size.1;
        let lang = self.session.lang;
        let Some(kb) = self.kb.pane.as_mut() else {
            return;
        };
        match kb.focus {
            KbFocus::List => {
                let last = kb.len().saturating_sub(1);
                kb.selected = kb.selected.saturating_add_signed(step).min(last);
            }
            KbFocus::Article => {
                let max = crate::tui::layout::kb::max_scroll(lang, kb, width, height);
                kb.scroll = kb.scroll.saturating_add_signed(step).min(max);
            }
        }
    }

    fn kb_open(&mut self) {
        let Some(kb) = self.kb.pane.as_mut() else {
            return;
        };
        if kb.focus == KbFocus::Article {
            return;
        }
        if kb.list == KbList::Categories {
            let Some(name) = kb
                .categories
                .as_ref()
                .and_then(|c| c.get(kb.selected))
                .map(|c| c.name.clone())
            else {
                return;
            };
            kb.category_selected = kb.selected;
            kb.list = KbList::Category(name);
            kb.hits = None;
            kb.selected = 0;
            let request = kb.list_request();
            self.outbox.push(Request::Kb(request));
            return;
        }
        if let Some(id) = kb.selected_hit().map(|h| h.id) {
            kb.focus = KbFocus::Article;
            // Opening another article than the one shown is a view; showing
            // the same one again (or scrolling, or redrawing) is not.
            let other = kb.article.as_ref().map(|a| a.article.id) != Some(id);
            if other {
                kb.scroll = 0;
            }
            let view = (other && self.write_refusal().is_none()).then_some(AgentView {
                agent: self.session.agent_id,
                now: self.session.now,
            });
            self.outbox.push(Request::Kb(KbRequest::Article {
                id,
                insert: None,
                view,
            }));
        }
    }

    fn kb_back(&mut self) {
        let Some(kb) = self.kb.pane.as_mut() else {
            return;
        };
        if kb.focus == KbFocus::Article {
            kb.focus = KbFocus::List;
            return;
        }
        let back = match &kb.list {
            KbList::Categories => None,
            KbList::Search(_) => {
                kb.query.clear();
                Some(kb.before_search.clone())
            }
            KbList::Category(_) | KbList::Suggested(_) => Some(KbList::Categories),
        };
        match back {
            None => self.kb.pane = None,
            Some(list) => {
                kb.selected = if list == KbList::Categories {
                    kb.category_selected
                } else {
                    0
                };
                kb.list = list;
                kb.hits = None;
                let request = kb.list_request();
                self.outbox.push(Request::Kb(request));
            }
        }
    }

    /// Inserts the open (or selected) article into the reply.
    fn kb_insert(&mut self) {
        let Some(kb) = self.kb.pane.as_ref() else {
            return;
        };
        let Some(ticket) = kb.ticket else {
            self.session.notice = Some(t(self.session.lang, Msg::KbNoTicket).to_string());
            return;
        };
        let wanted = match kb.focus {
            KbFocus::Article => kb.article.as_ref().map(|a| a.article.id),
            KbFocus::List => kb.selected_hit().map(|h| h.id),
        };
        let Some(id) = wanted else { return };
        match kb.article.as_ref().filter(|a| a.article.id == id) {
            Some(loaded) => {
                let loaded = loaded.clone();
                self.insert_article(ticket, &loaded);
            }
            None => self.outbox.push(Request::Kb(KbRequest::Article {
                id,
                insert: Some(ticket),
                view: None,
            })),
        }
    }

    /// Puts the article's link and excerpt into the ticket's reply (opening
    /// the composer when needed) and records the link on the ticket.
    fn insert_article(&mut self, ticket: i64, loaded: &LoadedArticle) {
        if let Some(msg) = self.write_refusal() {
            self.session.error = Some(t(self.session.lang, msg).to_string());
            return;
        }
        if self
            .compose
            .composer
            .as_ref()
            .is_none_or(|c| c.ticket != ticket)
        {
            if self.ticket.shown != Some(ticket) {
                return;
            }
            self.focus = Focus::Detail;
            self.open_composer(false);
        }
        let Some(composer) = self.compose.composer.as_mut() else {
            return;
        };
        let article = &loaded.article;
        if article.visibility != "public" && !composer.internal {
            self.session.notice = Some(t(self.session.lang, Msg::KbInternalInReply).to_string());
            return;
        }
        let mut text = format!("{}: {}\n", article.title, loaded.link);
        if !loaded.excerpt.is_empty() {
            text.push_str(&loaded.excerpt);
            text.push('\n');
        }
        composer.insert(&text);
        composer.changed();
        self.outbox.push(Request::Kb(KbRequest::Link {
            ticket,
            article: article.id,
            agent: self.session.agent_id,
            now: self.session.now,
        }));
        self.kb.pane = None;
        self.session.notice = Some(fill(
            t(self.session.lang, Msg::KbInserted),
            &[("title", &article.title), ("ticket", &ticket)],
        ));
    }

    /// From the open ticket: inserts its best suggested article into the
    /// reply, without opening the pane.
    pub(super) fn insert_top_suggestion(&mut self) {
        let Some(ticket) = self.ticket.shown.filter(|_| self.focus == Focus::Detail) else {
            self.session.notice = Some(t(self.session.lang, Msg::KbNoTicket).to_string());
            return;
        };
        let top = self
            .ticket
            .articles
            .as_ref()
            .filter(|k| k.ticket == ticket)
            .and_then(|k| {
                // The first one the ticket does not link yet, as the pane lists them.
                k.suggested
                    .iter()
                    .find(|h| !k.linked.iter().any(|l| l.id == h.id))
                    .or(k.suggested.first())
            })
            .map(|h| h.id);
        match top {
            Some(id) => self.outbox.push(Request::Kb(KbRequest::Article {
                id,
                insert: Some(ticket),
                view: None,
            })),
            None => {
                self.session.notice = Some(t(self.session.lang, Msg::KbNoSuggestions).to_string())
            }
        }
    }

    /// An answer from the worker.
    pub(super) fn kb_loaded(&mut self, response: KbResponse) {
        match response {
            KbResponse::Categories {
                filter,
                categories: list,
            } => {
                if let Some(kb) = self.kb.pane.as_mut().filter(|k| k.filter == filter) {
                    if kb.list == KbList::Categories {
                        kb.selected = kb.selected.min(list.len().saturating_sub(1));
                    }
                    kb.categories = Some(list);
                }
            }
            KbResponse::Facets(facets) => self.kb_facets_loaded(facets),
            KbResponse::Hits { list, filter, hits } => {
                if let Some(kb) = self
                    .kb
                    .pane
                    .as_mut()
                    .filter(|k| k.list == list && k.filter == filter)
                {
                    kb.selected = kb.selected.min(hits.len().saturating_sub(1));
                    kb.hits = Some(hits);
                }
            }
            KbResponse::Article { loaded, insert } => {
                if let Some(ticket) = insert {
                    self.insert_article(ticket, &loaded);
                } else if let Some(kb) = self.kb.pane.as_mut() {
                    kb.article = Some(*loaded);
                }
            }
            KbResponse::ForTicket(articles) => {
                if self.ticket.requested_articles == Some(articles.ticket) {
                    self.ticket.requested_articles = None;
                }
                if let Some(kb) = self
                    .kb
                    .pane
                    .as_mut()
                    .filter(|k| k.list == KbList::Suggested(articles.ticket))
                {
                    kb.selected = kb.selected.min(articles.suggested.len().saturating_sub(1));
                    kb.hits = Some(articles.suggested.clone());
                }
                if self.ticket.shown == Some(articles.ticket) {
                    self.ticket.articles = Some(articles);
                    self.clamp_detail_scroll();
                }
            }
            KbResponse::Linked { ticket, .. } => {
                if self.ticket.shown == Some(ticket) {
                    self.ticket.requested_articles = Some(ticket);
                    self.outbox
                        .push(Request::Kb(KbRequest::ForTicket { ticket }));
                }
            }
        }
    }

    /// Asks for the shown ticket's suggestions when they are not there yet.
    pub(super) fn kb_sync(&mut self) {
        let Some(id) = self.shown_detail().map(|d| d.id) else {
            return;
        };
        if self.ticket.articles.as_ref().map(|k| k.ticket) != Some(id)
            && self.ticket.requested_articles != Some(id)
            && !self.stalled
        {
            self.ticket.requested_articles = Some(id);
            self.outbox
                .push(Request::Kb(KbRequest::ForTicket { ticket: id }));
        }
    }
}
