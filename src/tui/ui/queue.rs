//! The queue pane: the tickets of the current status filter, most urgent
//! first, only the loaded rows around the selection.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::{filter_name, format, pane, safe, theme};
use crate::domain::{Channel, Priority, Status};
use crate::i18n::{self, Lang, Msg, fill, t};
use crate::store::queue::QueueRow;
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::layout::visible_rows;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Priority,
    Status,
    Subject,
    Customer,
    Assignee,
    Channel,
    Age,
    Sla,
}

/// Columns in the order they are given up as the pane narrows: the last
/// ones go first. The subject always stays and takes what is left.
const BY_IMPORTANCE: [Column; 9] = [
    Column::Id,
    Column::Subject,
    Column::Sla,
    Column::Priority,
    Column::Status,
    Column::Customer,
    Column::Age,
    Column::Assignee,
    Column::Channel,
];

/// Columns in the order they are shown.
const ON_SCREEN: [Column; 9] = [
    Column::Id,
    Column::Priority,
    Column::Status,
    Column::Subject,
    Column::Customer,
    Column::Assignee,
    Column::Channel,
    Column::Age,
    Column::Sla,
];

/// The subject keeps at least this many columns, or this share (in
/// tenths) of a wide pane: it is what agents read first.
const SUBJECT_MIN: usize = 14;
const SUBJECT_SHARE_TENTHS: usize = 3;

fn header(lang: Lang, column: Column) -> &'static str {
    t(
        lang,
        match column {
            Column::Id => Msg::ColId,
            Column::Priority => Msg::ColPriority,
            Column::Status => Msg::ColStatus,
            Column::Subject => Msg::ColSubject,
            Column::Customer => Msg::ColCustomer,
            Column::Assignee => Msg::ColAssignee,
            Column::Channel => Msg::ColChannel,
            Column::Age => Msg::ColAge,
            Column::Sla => Msg::ColSla,
        },
    )
}

/// A fixed column's width: its widest possible value in this language, so
/// columns do not jump while scrolling.
fn column_width(lang: Lang, column: Column, rows: &[&QueueRow]) -> usize {
    let widest = |words: Vec<&str>| words.into_iter().map(width).max().unwrap_or(0);
    let values = match column {
        Column::Id => rows
            .iter()
            .map(|r| r.id.to_string().len())
            .max()
            .unwrap_or(1),
        Column::Priority => widest(
            Priority::ALL
                .iter()
                .map(|p| i18n::priority(lang, *p))
                .collect(),
        ),
        Column::Status => widest(Status::ALL.iter().map(|s| i18n::status(lang, *s)).collect()),
        Column::Channel => widest(
            Channel::ALL
                .iter()
                .map(|c| i18n::channel(lang, *c))
                .collect(),
        ),
        Column::Customer => 18,
        Column::Assignee => 16,
        Column::Age => 3,
        Column::Sla => widest(vec!["-888h 88m", t(lang, Msg::SlaPaused)]),
        Column::Subject => 0, // set by `columns`, from the pane's width
    };
    values.max(width(header(lang, column)))
}

/// The columns that fit `inner` columns, with their widths, in screen order.
fn columns(lang: Lang, inner: usize, rows: &[&QueueRow]) -> Vec<(Column, usize)> {
    let mut chosen: Vec<(Column, usize)> = Vec::new();
    let mut used = 0;
    for column in BY_IMPORTANCE {
        let w = match column {
            Column::Subject => SUBJECT_MIN.max(inner * SUBJECT_SHARE_TENTHS / 10),
            _ => column_width(lang, column, rows),
        };
        let spacing = usize::from(!chosen.is_empty());
        if used + spacing + w <= inner || column == Column::Subject {
            used += spacing + w;
            chosen.push((column, w));
        }
    }
    ON_SCREEN
        .iter()
        .filter_map(|c| chosen.iter().find(|(x, _)| x == c).copied())
        .collect()
}

/// Columns of numbers and durations, aligned right so their units line up.
fn is_numeric(column: Column) -> bool {
    matches!(column, Column::Id | Column::Age | Column::Sla)
}

fn priority_style(priority: Priority) -> Style {
    match priority {
        Priority::Urgent => theme::URGENT,
        Priority::High => theme::HIGH,
        Priority::Normal => Style::new(),
        Priority::Low => theme::LOW,
    }
}

/// The SLA cell: business time to the next target, or why there is none.
fn sla_cell(app: &App, row: &QueueRow) -> (String, Style) {
    let Some(due) = row.sla_due_at else {
        return (t(app.session.lang, Msg::SlaNone).to_string(), theme::DIM);
    };
    if row.sla_paused {
        return (t(app.session.lang, Msg::SlaPaused).to_string(), theme::DIM);
    }
    let left = format::sla_left(&app.session.calendar, app.session.now, due);
    let style = if left < 0 {
        theme::OVERDUE
    } else if left < 3600 {
        theme::DUE_SOON
    } else {
        Style::new()
    };
    (format::time_left(app.session.lang, left), style)
}

fn cell(app: &App, row: &QueueRow, column: Column, w: usize) -> Cell<'static> {
    let lang = app.session.lang;
    let (text, style) = match column {
        Column::Id => (row.id.to_string(), theme::DIM),
        Column::Priority => (
            i18n::priority(lang, row.priority).to_string(),
            priority_style(row.priority),
        ),
        Column::Status => (i18n::status(lang, row.status).to_string(), Style::new()),
        Column::Subject => {
            // Who else has the ticket open: ✎ replying, ◉ viewing.
            let others = app.others_on(row.id);
            if let Some(first) = others.first() {
                let mark = format!(
                    "{}{}{}",
                    if first.replying { "✎" } else { "◉" },
                    first.name,
                    if others.len() > 1 { "+" } else { "" }
                );
                let mark = safe::line(&mark, w.saturating_sub(1));
                let rest = w.saturating_sub(crate::text::width(&mark) + 1);
                let style = if first.replying {
                    theme::DUE_SOON
                } else {
                    theme::DIM
                };
                return Cell::from(Line::from(vec![
                    Span::styled(mark, style),
                    Span::raw(" "),
                    Span::raw(safe::line(&row.subject, rest)),
                ]));
            }
            (safe::line(&row.subject, w), Style::new())
        }
        Column::Customer => (safe::line(&row.customer, w), Style::new()),
        Column::Assignee => match &row.assignee {
            Some(name) => (safe::line(name, w), Style::new()),
            None => (safe::line(t(lang, Msg::Unassigned), w), theme::DIM),
        },
        Column::Channel => (i18n::channel(lang, row.channel).to_string(), Style::new()),
        Column::Age => (
            format::age(lang, app.session.now - row.created_at),
            theme::DIM,
        ),
        Column::Sla => sla_cell(app, row),
    };
    let text = if is_numeric(column) {
        format!("{text:>w$}")
    } else {
        text
    };
    Cell::from(Span::styled(text, style))
}

/// Draws the queue pane.
/// Whether the list is narrowed by more than its status (a search or a
/// filter from the chooser): an empty list then says how to widen it.
fn narrowed(app: &App) -> bool {
    app.queue.list.as_ref().is_some_and(|list| {
        list.filter.text.is_some()
            || !crate::tui::app::describe_filter(app, &list.filter).is_empty()
    })
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.session.lang;
    let mut title = fill(
        t(lang, Msg::QueueTitle),
        &[("filter", &filter_name(lang, app.queue.filter))],
    );
    if let Some(list) = &app.queue.list {
        if let Some(view) = &list.view {
            title.push_str(&format!(" · {view}"));
        }
        for part in crate::tui::app::describe_filter(app, &list.filter) {
            title.push_str(&format!(" · {part}"));
        }
        if let Some(text) = &list.filter.text {
            title.push_str(&format!(" · “{}”", safe::line(text, 30)));
        }
        if list.sort != Default::default() {
            let column = crate::tui::app::list_sort_name(Some(list));
            title.push_str(" · ");
            let msg = if list.sort.descending {
                Msg::QueueSortDescending
            } else {
                Msg::QueueSort
            };
            title.push_str(&fill(t(lang, msg), &[("column", &column)]));
        }
    }
    if !app.queue.marked.is_empty() {
        title.push_str(" · ");
        title.push_str(&fill(
            t(lang, Msg::QueueMarked),
            &[("count", &app.queue.marked.len())],
        ));
    }
    let focused = app.focus == Focus::Queue;
    let mut block = pane(Line::from(format!(" {title} ")), focused);
    let total = app.total();
    if total > 0 && !app.position_known() {
        // Read around the selection after a change; its index is being counted.
        let position = fill(
            t(lang, Msg::QueuePositionCounting),
            &[("total", &format::thousands(lang, total))],
        );
        block = block.title_bottom(Line::from(format!(" {position} ")).right_aligned());
    } else if total > 0 {
        let position = fill(
            t(lang, Msg::QueuePosition),
            &[
                ("position", &format::thousands(lang, app.queue.selected + 1)),
                ("total", &format::thousands(lang, total)),
            ],
        );
        block = block.title_bottom(Line::from(format!(" {position} ")).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let message = match &app.queue.page {
        None => Some(t(lang, Msg::Loading).to_string()),
        Some(_) if total == 0 && app.queue.desk_empty => {
            Some(t(lang, Msg::QueueEmptyDesk).to_string())
        }
        Some(_) if total == 0 && narrowed(app) => Some(fill(
            t(lang, Msg::QueueEmptyNarrowed),
            &[
                ("filter", &app.session.keymap.first(Action::Filter)),
                ("search", &app.session.keymap.first(Action::Search)),
                ("key", &app.session.keymap.first(Action::NextStatusFilter)),
            ],
        )),
        Some(_) if total == 0 => Some(fill(
            t(lang, Msg::QueueEmptyFilter),
            &[("key", &app.session.keymap.first(Action::NextStatusFilter))],
        )),
        Some(_) => None,
    };
    if let Some(message) = message {
        let paragraph = Paragraph::new(message).wrap(Wrap { trim: true });
        frame.render_widget(paragraph, inner);
        return;
    }

    let visible = i64::from(visible_rows(area));
    let range = app.queue.scroll_top..(app.queue.scroll_top + visible).min(total);
    // Widths from the whole loaded page, so the id column does not jump
    // with every line scrolled.
    let loaded: Vec<&QueueRow> = app
        .queue
        .page
        .as_ref()
        .map(|page| page.rows.iter().collect())
        .unwrap_or_default();
    let columns = columns(lang, usize::from(inner.width), &loaded);
    let fixed: usize = columns
        .iter()
        .filter(|(c, _)| *c != Column::Subject)
        .map(|(_, w)| w + 1)
        .sum();
    let subject_w = usize::from(inner.width).saturating_sub(fixed).max(1);
    let header_row = Row::new(columns.iter().map(|(c, w)| {
        let w = if *c == Column::Subject { subject_w } else { *w };
        let text = safe::line(header(lang, *c), w);
        if is_numeric(*c) {
            Cell::from(format!("{text:>w$}"))
        } else {
            Cell::from(text)
        }
    }))
    .style(theme::HEADER);
    let rows: Vec<Row<'static>> = range
        .map(|index| {
            let row = match app.row_at(index) {
                Some(row) => Row::new(columns.iter().map(|(c, w)| {
                    let w = if *c == Column::Subject { subject_w } else { *w };
                    cell(app, row, *c, w)
                })),
                None => Row::new([Cell::from(Span::styled("…", theme::DIM))]),
            };
            let marked = app
                .row_at(index)
                .is_some_and(|r| app.queue.marked.contains(&r.id));
            let row = if marked {
                row.style(theme::MARKED)
            } else {
                row
            };
            if index == app.queue.selected {
                row.style(if focused {
                    theme::SELECTED
                } else {
                    theme::SELECTED_UNFOCUSED
                })
            } else {
                row
            }
        })
        .collect();
    let widths: Vec<Constraint> = columns
        .iter()
        .map(|(c, w)| match c {
            Column::Subject => Constraint::Fill(1),
            _ => Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)),
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(header_row)
        .column_spacing(1);
    frame.render_widget(table, inner);
}
