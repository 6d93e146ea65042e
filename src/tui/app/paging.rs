//! Where things are and how far they move: the panes' areas (from
//! [`crate::tui::layout`]), moving the selection and the scroll, the window
//! of queue rows to load, following a ticket through a refresh; [`App::sync`]
//! brings all of it in line after every change.

use super::{App, Focus};
use crate::service::worker::{QueueLoaded, Request};
use crate::store::queue::{Anchor, QueueQuery, QueueRow, StatusFilter};
use crate::store::tickets::TicketDetail;
use crate::tui::action::Action;
use crate::tui::layout::{self, Areas, help::Help, ticket::TicketView};

/// Rows loaded beyond the visible ones on each side, so a few key presses
/// never wait for the worker; and at least this many, for tiny terminals.
const MIN_MARGIN: i64 = 20;

impl App {
    /// The queue row under the selection, when it is loaded.
    pub fn selected_row(&self) -> Option<&QueueRow> {
        let page = self.queue.page.as_ref()?;
        let index = usize::try_from(self.queue.selected - page.offset).ok()?;
        page.rows.get(index)
    }

    /// The queue row at an index of the filtered order, when it is loaded.
    pub fn row_at(&self, index: i64) -> Option<&QueueRow> {
        let page = self.queue.page.as_ref()?;
        page.rows.get(usize::try_from(index - page.offset).ok()?)
    }

    /// Whether the selection's index is known exactly, so "n / N" may show.
    /// Not while a refresh's page waits for its ticket to be placed.
    pub fn position_known(&self) -> bool {
        self.queue.unplaced.is_none()
    }

    /// Tickets in the current filter (0 until the first page arrives).
    pub fn total(&self) -> i64 {
        self.queue.page.as_ref().map_or(0, |p| p.total)
    }

    /// The detail to draw: only the one the pane is meant to show.
    pub fn shown_detail(&self) -> Option<&TicketDetail> {
        self.ticket
            .detail
            .as_ref()
            .filter(|d| Some(d.id) == self.ticket.shown)
    }

    /// Where the panes are on the current terminal.
    pub fn areas(&self) -> Areas {
        layout::areas(layout::screen(self.session.size), self.focus)
    }

    /// What the help overlay is built from, for drawing and for scrolling.
    pub fn help_view(&self) -> Help<'_, impl Fn(Action) -> bool + '_> {
        Help {
            lang: self.session.lang,
            keymap: &self.session.keymap,
            refused: move |action| self.refusal(action).is_some(),
        }
    }

    /// What the ticket pane's lines are built from besides the ticket.
    pub fn ticket_view(&self, ticket: i64) -> TicketView<'_> {
        TicketView {
            lang: self.session.lang,
            keymap: &self.session.keymap,
            calendar: &self.session.calendar,
            now: self.session.now,
            kb_ticket: self.ticket.articles.as_ref(),
            others: self.others_on(ticket),
            show_quoted: self.ticket.show_quoted,
        }
    }

    /// How many ticket rows the queue pane shows.
    pub fn queue_rows(&self) -> i64 {
        self.areas()
            .queue
            .map_or(1, |r| i64::from(layout::visible_rows(r)).max(1))
    }

    pub(super) fn page_step(&self) -> i64 {
        match self.focus {
            Focus::Queue => self.queue_rows(),
            Focus::Detail => self
                .areas()
                .detail
                .map_or(1, |r| i64::from(layout::inner_rows(r)).max(1)),
        }
    }

    pub(super) fn move_by(&mut self, step: i64) {
        match self.focus {
            Focus::Queue => {
                self.queue.following = None;
                let last = (self.total() - 1).max(0);
                self.queue.selected = (self.queue.selected + step).clamp(0, last);
            }
            Focus::Detail => {
                let next = self.ticket.scroll as i64 + step;
                self.ticket.scroll = usize::try_from(next.max(0)).unwrap_or(0);
                self.clamp_detail_scroll();
            }
        }
    }

    pub(super) fn move_to_end(&mut self, end: bool) {
        match self.focus {
            Focus::Queue => {
                self.queue.following = None;
                if self.queue.unplaced.is_some() {
                    // An end is an exact index; the page's are not yet.
                    self.queue.unplaced = None;
                    self.queue.page = None;
                    self.queue.requested = None;
                }
                self.queue.selected = if end { (self.total() - 1).max(0) } else { 0 };
            }
            Focus::Detail => {
                self.ticket.scroll = if end { usize::MAX } else { 0 };
                self.clamp_detail_scroll();
            }
        }
    }

    /// Scrolls the help overlay, never past its last line.
    pub(super) fn scroll_help(&mut self, step: isize) {
        let max = self
            .help_view()
            .max_scroll(layout::screen(self.session.size));
        self.overlay.help_scroll = self
            .overlay
            .help_scroll
            .saturating_add_signed(step)
            .min(max);
    }

    pub(super) fn leave_ticket(&mut self) {
        if self.focus == Focus::Detail {
            self.work_leave();
        }
        self.focus = Focus::Queue;
    }

    pub(super) fn leave_and_quit(&mut self) {
        self.work_leave();
        self.sign_off();
        self.session.quit = true;
    }

    pub(super) fn open_selected(&mut self) {
        self.focus = Focus::Detail;
        if let Some(id) = self.selected_row().map(|r| r.id) {
            self.work_open(id);
        }
        if let Some(id) = self.selected_row().map(|r| r.id)
            && self.ticket.shown != Some(id)
        {
            self.ticket.shown = Some(id);
            self.ticket.scroll = 0;
        }
    }

    /// The largest useful scroll: the last line at the bottom of the pane.
    pub(super) fn clamp_detail_scroll(&mut self) {
        let Some(area) = self.areas().detail else {
            return;
        };
        let lines = self.shown_detail().map_or(0, |d| {
            layout::ticket::lines(&self.ticket_view(d.id), d, layout::inner_width(area)).len()
        });
        let visible = usize::from(layout::inner_rows(area));
        self.ticket.scroll = self.ticket.scroll.min(lines.saturating_sub(visible));
    }

    pub(super) fn queue_loaded(&mut self, loaded: QueueLoaded) {
        if loaded.query.status != self.queue.filter || loaded.list != self.queue.list {
            return; // an answer for a filter the user already left
        }
        if self.queue.requested == Some(loaded.query) {
            self.queue.requested = None;
        }
        self.queue.desk_empty = loaded.desk_empty;
        if let Some((id, position)) = loaded.follow
            && self.queue.following == Some(id)
        {
            self.queue.following = None;
            if let Some(position) = position {
                self.queue.selected = position;
            }
        }
        self.queue.unplaced = None;
        if !loaded.placed
            && loaded.list.is_none()
            && let Some((id, Some(at))) = loaded.follow
        {
            self.queue.unplaced = Some((id, at));
            self.outbox.push(Request::Place {
                status: loaded.query.status,
                id,
                at,
            });
        }
        self.queue.selected = self.queue.selected.clamp(0, (loaded.page.total - 1).max(0));
        self.queue.page = Some(loaded.page);
        self.session.error = None;
    }

    /// The exact index of the ticket a provisional page was read around:
    /// every index moves by the difference (the rows stay), or, when the
    /// ticket left the list meanwhile, the page is read again.
    pub(super) fn placed(&mut self, status: StatusFilter, id: i64, at: i64, position: Option<i64>) {
        if self.queue.unplaced != Some((id, at)) || status != self.queue.filter {
            return; // placed for a page that is gone
        }
        self.unplace(position.map(|p| p - at));
    }

    /// Ends a provisional page: shifted by `delta` into exact indexes, or
    /// (`None`) dropped and read again from the top.
    pub(super) fn unplace(&mut self, delta: Option<i64>) {
        if self.queue.unplaced.take().is_none() {
            return;
        }
        match (delta, self.queue.page.as_mut()) {
            (Some(delta), Some(page)) => {
                page.offset += delta;
                self.queue.selected += delta;
                self.queue.scroll_top += delta;
                let last = (page.total - 1).max(0);
                self.queue.selected = self.queue.selected.clamp(0, last);
                self.queue.scroll_top = self.queue.scroll_top.clamp(0, last);
            }
            _ => {
                self.queue.page = None;
                self.queue.requested = None;
                self.queue.selected = 0;
                self.queue.scroll_top = 0;
            }
        }
    }

    /// Another process wrote: reload what is on screen, keeping the
    /// selection on the same ticket even when its position changed.
    pub(super) fn refresh(&mut self) {
        self.queue.following = self.selected_row().map(|r| r.id);
        let mut query = self.window_query();
        // Where the ticket was: its page is read around it by key, no count.
        query.anchor = self.queue.following.map(|id| Anchor {
            id,
            index: self.queue.selected,
        });
        self.queue.requested = Some(query);
        let request = self.queue_request(query, self.queue.following);
        self.outbox.push(request);
        if let Some(id) = self.ticket.shown {
            self.ticket.requested = Some(id);
            self.outbox.push(Request::Ticket { id });
            // Another agent may have linked an article.
            self.ticket.requested_articles = Some(id);
            self.outbox
                .push(Request::Kb(crate::service::kb::KbRequest::ForTicket {
                    ticket: id,
                }));
        }
    }

    /// The page to load for the current scroll position: the visible rows
    /// and a margin on both sides, read by key from the loaded row nearest
    /// to it when there is one.
    pub(super) fn window_query(&self) -> QueueQuery {
        let visible = self.queue_rows();
        let margin = visible.max(MIN_MARGIN);
        let offset = (self.queue.scroll_top - margin).max(0);
        QueueQuery {
            status: self.queue.filter,
            offset,
            limit: visible + 2 * margin,
            anchor: self.anchor_near(offset),
        }
    }

    /// The loaded row nearest to index `offset`, to page on from by key;
    /// `None` while the indexes are provisional or nothing is loaded.
    fn anchor_near(&self, offset: i64) -> Option<Anchor> {
        if self.queue.unplaced.is_some() {
            return None;
        }
        let page = self.queue.page.as_ref()?;
        let last = page.offset + page.rows.len() as i64 - 1;
        let index = offset.clamp(page.offset, last.max(page.offset));
        let row = self.row_at(index)?;
        Some(Anchor { id: row.id, index })
    }

    /// Brings derived state in line after any change: the selection on
    /// screen, its rows loaded, the detail pane's ticket loaded.
    pub(super) fn sync(&mut self) {
        let visible = self.queue_rows();
        if self.queue.selected < self.queue.scroll_top {
            self.queue.scroll_top = self.queue.selected;
        } else if self.queue.selected >= self.queue.scroll_top + visible {
            self.queue.scroll_top = self.queue.selected - visible + 1;
        }
        let total = self.total();
        // Never leave empty rows below the last ticket when it could be filled.
        self.queue.scroll_top = self.queue.scroll_top.min((total - visible).max(0)).max(0);

        let covered = self.queue.page.as_ref().is_some_and(|page| {
            let want_end = (self.queue.scroll_top + visible).min(page.total);
            let have_end = page.offset + page.rows.len() as i64;
            page.total == 0 || (page.offset <= self.queue.scroll_top && want_end <= have_end)
        });
        if !covered
            && !self.stalled
            && self.queue.requested.is_none()
            && self.queue.following.is_none()
            && self.queue.unplaced.is_none()
        {
            let query = self.window_query();
            self.queue.requested = Some(query);
            let request = self.queue_request(query, None);
            self.outbox.push(request);
        }

        // Wide layouts preview the selected ticket; narrow ones load it when opened.
        let detail_visible = self.areas().detail.is_some();
        if detail_visible
            && self.focus == Focus::Queue
            && let Some(id) = self.selected_row().map(|r| r.id)
        {
            if self.ticket.shown != Some(id) {
                self.ticket.scroll = 0;
            }
            self.ticket.shown = Some(id);
        }
        if let Some(id) = self.ticket.shown
            && detail_visible
            && self.shown_detail().is_none()
            && !self.stalled
            && self.ticket.requested != Some(id)
        {
            self.ticket.requested = Some(id);
            self.outbox.push(Request::Ticket { id });
        }
        if detail_visible {
            self.kb_sync();
        }
        self.presence_sync();
    }
}
