//! The KPI dashboard: a title line with the window, a grid of tiles (each
//! KPI's value, its change against the previous window and a sparkline of
//! its daily values), and the team and agent tables. Terminals under 80×24
//! show one part at a time (Tab switches), as a list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Sparkline, Table};

use super::{safe, theme};
use crate::domain::AgentStatus;
use crate::i18n::format::{self, decimal};
use crate::i18n::{Lang, Msg, fill, t};
use crate::kpi::NamedWindow;
use crate::store::dashboard::{DashboardData, GroupRow};
use crate::tui::app::App;
use crate::tui::dashboard::{DashFocus, Tile, Unit};

/// Columns a tile needs.
const TILE_WIDTH: u16 = 24;
/// Rows a tile takes: frame, value, change, two rows of sparkline.
const TILE_HEIGHT: u16 = 6;

/// A figure as the dashboard prints it.
pub fn value_text(lang: Lang, unit: Unit, value: Option<f64>) -> String {
    let Some(v) = value else {
        return t(lang, Msg::KpiNoData).to_string();
    };
    match unit {
        Unit::Count => format::thousands(lang, v.round() as i64),
        // A negative mean (clock-skewed imports) shows as nothing spent.
        Unit::Seconds => format::duration(lang, v.max(0.0)),
        Unit::Share => format::percent(lang, v),
        Unit::Score => decimal(lang, format!("{v:.0}")),
    }
}

/// The change against the previous window, and whether it is good news
/// (`None`: no change or nothing to compare).
fn change_text(lang: Lang, tile: Tile, data: &DashboardData) -> (String, Option<bool>) {
    let (Some(now), Some(before)) = (tile.value(&data.current), tile.value(&data.previous)) else {
        return (t(lang, Msg::DashNoPrevious).to_string(), None);
    };
    let diff = now - before;
    if diff.abs() < 1e-9 {
        return (t(lang, Msg::DashNoChange).to_string(), None);
    }
    let arrow = if diff > 0.0 { "▲" } else { "▼" };
    let amount = match tile.unit() {
        // Shares change by percentage points, not by percent of themselves.
        Unit::Share => decimal(lang, format!("{:+.1} pt", diff * 100.0)),
        Unit::Score => decimal(lang, format!("{diff:+.0}")),
        Unit::Count | Unit::Seconds if before.abs() > 1e-9 => {
            decimal(lang, format!("{:+.0}%", diff / before * 100.0))
        }
        Unit::Count => format!("{diff:+.0}"),
        Unit::Seconds => format::duration(lang, diff.abs()),
    };
    let good = (diff > 0.0) == tile.higher_is_better();
    (
        fill(
            t(lang, Msg::DashVsPrevious),
            &[("change", &format!("{arrow} {amount}"))],
        ),
        Some(good),
    )
}

/// The change without "vs previous", for narrow tiles.
fn short_change(lang: Lang, tile: Tile, data: &DashboardData) -> Option<String> {
    let (full, good) = change_text(lang, tile, data);
    good?;
    let template = t(lang, Msg::DashVsPrevious);
    let suffix = template.split("{change}").nth(1).unwrap_or("");
    Some(full.trim_end_matches(suffix).to_string())
}

/// A tile's daily values for the sparkline (no data draws as empty).
fn series(tile: Tile, data: &DashboardData) -> Vec<Option<u64>> {
    let scale = match tile.unit() {
        Unit::Share => 1000.0,
        Unit::Score => 1.0,
        Unit::Count | Unit::Seconds => 1.0,
    };
    data.daily
        .iter()
        .map(|r| {
            tile.value(r).map(|v| {
                let v = if tile.unit() == Unit::Score {
                    v + 100.0
                } else {
                    v
                };
                (v * scale).round().max(0.0) as u64
            })
        })
        .collect()
}

fn window_name(lang: Lang, window: NamedWindow) -> &'static str {
    t(
        lang,
        match window {
            NamedWindow::Today => Msg::DashWindowToday,
            NamedWindow::Yesterday => Msg::DashWindowYesterday,
            NamedWindow::Last7Days => Msg::DashWindow7d,
            NamedWindow::Last30Days => Msg::DashWindow30d,
        },
    )
}

fn title_line(app: &App) -> Line<'static> {
    let lang = app.session.lang;
    let d = &app.dashboard;
    let mut spans = vec![Span::styled(
        fill(
            t(lang, Msg::DashTitle),
            &[("window", &window_name(lang, d.window))],
        ),
        theme::TITLE,
    )];
    if app.session.read_only {
        spans.push(Span::styled(
            format!("  [{}]", t(lang, Msg::DashReadOnly)),
            theme::NOTICE,
        ));
    }
    if let Some(data) = &d.data {
        // The window's first and last day (its end is not included).
        let from = format::when(&app.session.calendar, data.span.from);
        let to = format::when(&app.session.calendar, data.span.to - 1);
        let (from, to) = (&from[..10.min(from.len())], &to[..10.min(to.len())]);
        let days = if from == to {
            format!("  {from}")
        } else {
            format!("  {from} – {to}")
        };
        spans.push(Span::styled(days, theme::DIM));
    }
    Line::from(spans)
}

/// Draws the dashboard into `area` (everything above the status bar).
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(title_line(app)), title);
    let Some(data) = &app.dashboard.data else {
        frame.render_widget(
            Paragraph::new(t(app.session.lang, Msg::DashLoading)).style(theme::DIM),
            body,
        );
        return;
    };
    if area.width >= 80 && area.height >= 24 {
        draw_wide(frame, body, app, data);
    } else {
        draw_narrow(frame, body, app, data);
    }
    if app.dashboard.explain {
        draw_explanation(frame, area, app, data);
    }
}

fn draw_wide(frame: &mut Frame<'_>, area: Rect, app: &App, data: &DashboardData) {
    let columns = (area.width / TILE_WIDTH).max(1);
    let rows = (Tile::ALL.len() as u16).div_ceil(columns);
    let tiles_h = (rows * TILE_HEIGHT).min(area.height.saturating_sub(6));
    let [tiles, tables] =
        Layout::vertical([Constraint::Length(tiles_h), Constraint::Min(0)]).areas(area);
    let tile_w = area.width / columns;
    let visible_rows = tiles_h / TILE_HEIGHT;
    for (i, tile) in Tile::ALL.iter().enumerate() {
        let (row, col) = (i as u16 / columns, i as u16 % columns);
        if row >= visible_rows {
            break;
        }
        let rect = Rect::new(
            tiles.x + col * tile_w,
            tiles.y + row * TILE_HEIGHT,
            if col == columns - 1 {
                tiles.width - col * tile_w
            } else {
                tile_w
            },
            TILE_HEIGHT,
        );
        draw_tile(frame, rect, app, data, *tile, i == app.dashboard.selected);
    }
    if tables.height < 3 {
        return;
    }
    if tables.width >= 110 {
        let [teams, agents] =
            Layout::horizontal([Constraint::Length(TEAM_TABLE_WIDTH), Constraint::Fill(1)])
                .areas(tables);
        draw_table(frame, teams, app, data, DashFocus::Teams, false);
        draw_table(frame, agents, app, data, DashFocus::Agents, false);
    } else {
        let [teams, agents] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(tables);
        draw_table(frame, teams, app, data, DashFocus::Teams, true);
        draw_table(frame, agents, app, data, DashFocus::Agents, true);
    }
}

fn draw_tile(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    data: &DashboardData,
    tile: Tile,
    selected: bool,
) {
    let lang = app.session.lang;
    let focused = selected && app.dashboard.focus == DashFocus::Tiles;
    let label = safe::line(
        t(lang, tile.label()),
        usize::from(area.width.saturating_sub(2)),
    );
    let block = Block::bordered()
        .title(Line::from(label).style(if focused {
            theme::TITLE.patch(theme::SELECTED)
        } else {
            theme::TITLE
        }))
        .border_style(if focused {
            theme::BORDER_FOCUSED
        } else {
            theme::BORDER
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [value, change, spark] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let mut value_spans = vec![Span::styled(
        value_text(lang, tile.unit(), tile.value(&data.current)),
        theme::TITLE,
    )];
    if tile == Tile::Backlog {
        let now = data.current.backlog.now;
        value_spans.push(Span::styled(
            format!(
                " · {}",
                fill(
                    t(lang, Msg::DashBacklogNow),
                    &[("new", &format::thousands(lang, now.new as i64))],
                )
            ),
            theme::DIM,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(value_spans)), value);
    let (mut text, good) = change_text(lang, tile, data);
    if crate::text::width(&text) > usize::from(change.width) {
        // Too long: the arrow and the amount say it.
        text = short_change(lang, tile, data).unwrap_or(text);
    }
    let style = match good {
        Some(true) => theme::MET,
        Some(false) => theme::OVERDUE,
        None => theme::DIM,
    };
    frame.render_widget(
        Paragraph::new(safe::line(&text, usize::from(change.width))).style(style),
        change,
    );
    let points = series(tile, data);
    let width = usize::from(spark.width);
    let tail: Vec<Option<u64>> = points[points.len().saturating_sub(width)..].to_vec();
    frame.render_widget(
        Sparkline::default()
            .data(tail)
            .style(Style::new().fg(ratatui::style::Color::Cyan)),
        spark,
    );
}

/// An agent's status as it counts now: a shape (so it reads without
/// colour) and a colour.
fn status_mark(data: &DashboardData, agent: &str, now: i64) -> Option<(&'static str, Style)> {
    let (stored, beat) = data.presence.get(agent)?;
    Some(
        match crate::store::agents::effective_status(*stored, *beat, now) {
            AgentStatus::Available => ("●", theme::MET),
            AgentStatus::Away => ("◐", theme::DUE_SOON),
            AgentStatus::Offline => ("○", theme::DIM),
        },
    )
}

/// Each row's cells, and the style of its first (the name: an agent's
/// status colour).
fn table_rows(app: &App, data: &DashboardData, which: DashFocus) -> Vec<(Vec<String>, Style)> {
    let lang = app.session.lang;
    let rows: &[GroupRow] = match which {
        DashFocus::Agents => &data.agents,
        _ => &data.teams,
    };
    rows.iter()
        .map(|r| {
            let mark = match which {
                DashFocus::Agents => status_mark(data, &r.group, app.session.now),
                _ => None,
            };
            let name = if r.group == crate::kpi::report::NO_GROUP {
                let msg = match which {
                    DashFocus::Agents => Msg::DashUnassigned,
                    _ => Msg::NoTeam,
                };
                t(lang, msg).to_string()
            } else {
                match mark {
                    Some((glyph, _)) => format!("{glyph} {}", r.group),
                    None => r.group.clone(),
                }
            };
            // A table cell is narrow: no data reads as a dash.
            let cell = |unit, v: Option<f64>| {
                v.map_or_else(|| "—".to_string(), |_| value_text(lang, unit, v))
            };
            let mut cells = vec![
                name,
                format::thousands(lang, r.handled as i64),
                cell(Unit::Seconds, r.aht),
                cell(Unit::Share, r.fcr),
                cell(Unit::Share, r.resolution_rate),
                cell(Unit::Share, r.csat),
                format::thousands(lang, r.load as i64),
            ];
            if which == DashFocus::Agents {
                let working = data
                    .working
                    .iter()
                    .find(|w| w.agent == r.group)
                    .map_or_else(String::new, |w| {
                        fill(
                            t(lang, Msg::DashWorkingAgo),
                            &[
                                ("id", &w.ticket),
                                ("subject", &safe::line(&w.subject, 40)),
                                ("ago", &format::age(lang, data.at - w.at)),
                            ],
                        )
                    });
                cells.push(working);
            }
            (cells, mark.map_or(Style::new(), |(_, style)| style))
        })
        .collect()
}

/// The team and agent tables' figure columns and their widths; the agents'
/// table has one more, the ticket each works on.
/// Counts get 6 columns: a million-ticket desk has loads of thousands
/// (`10.352`), which must never be cut to something that reads smaller.
const TABLE_COLUMNS: [(Msg, u16); 7] = [
    (Msg::DashColGroup, 11),
    (Msg::DashColHandled, 7),
    (Msg::DashColAht, 7),
    (Msg::DashColFcr, 6),
    (Msg::DashColResolution, 6),
    (Msg::DashColCsat, 6),
    (Msg::DashColLoad, 6),
];

/// The team table's width with every column (borders and gaps included).
const TEAM_TABLE_WIDTH: u16 = 57;

/// Columns the ticket an agent works on wants at least: its number and
/// how long ago (`#1234 12m ago`); the subject follows where there is room.
const WORKING_ROOM: u16 = 14;

fn draw_table(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    data: &DashboardData,
    which: DashFocus,
    compact: bool,
) {
    let lang = app.session.lang;
    let d = &app.dashboard;
    let focused = d.focus == which;
    let title = t(
        lang,
        if which == DashFocus::Agents {
            Msg::DashAgents
        } else {
            Msg::DashTeams
        },
    );
    let block = super::pane(Line::from(format!(" {title} ")), focused);
    let rows = table_rows(app, data, which);
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(t(lang, Msg::DashEmptyTable))
                .style(theme::DIM)
                .block(block),
            area,
        );
        return;
    }
    let narrow = compact || area.width < 55;
    // Name, handled, AHT and load when narrow; the agents' table adds the
    // ticket each works on, for which FCR, resolution rate and CSAT give
    // way (in that order) until it has room.
    let mut keep: Vec<usize> = if narrow {
        vec![0, 1, 2, 6]
    } else {
        (0..TABLE_COLUMNS.len()).collect()
    };
    if which == DashFocus::Agents && !narrow {
        let inner = area.width.saturating_sub(2);
        for give_way in [3, 4, 5] {
            let used: u16 = keep.iter().map(|&c| TABLE_COLUMNS[c].1 + 1).sum();
            if inner.saturating_sub(used) >= WORKING_ROOM {
                break;
            }
            keep.retain(|&c| c != give_way);
        }
        keep.push(TABLE_COLUMNS.len());
    }
    let column = |c: usize| TABLE_COLUMNS.get(c).copied();
    let header: Vec<Msg> = keep
        .iter()
        .map(|&c| column(c).map_or(Msg::DashColWorking, |(msg, _)| msg))
        .collect();
    let widths: Vec<Constraint> = keep
        .iter()
        .map(|&c| column(c).map_or(Constraint::Fill(1), |(_, w)| Constraint::Length(w)))
        .collect();
    // The focused table's selected row is `table_scroll`; the page keeps
    // as many rows on screen as fit (borders and header take three lines).
    let selected = focused.then_some(d.table_scroll);
    let page = usize::from(area.height.saturating_sub(3)).max(1);
    let skip = selected.map_or(0, |s| s.min(rows.len().saturating_sub(page)));
    let body: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .skip(skip)
        .map(|(i, (cells, name_style))| {
            let row = Row::new(keep.iter().map(|&c| {
                let cell = Cell::from(cells.get(c).cloned().unwrap_or_default());
                if c == 0 { cell.style(name_style) } else { cell }
            }));
            if selected == Some(i) {
                row.style(theme::SELECTED)
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(header.into_iter().map(|m| t(lang, m).to_string())).style(theme::HEADER);
    frame.render_widget(Table::new(body, widths).header(header).block(block), area);
}

fn draw_narrow(frame: &mut Frame<'_>, area: Rect, app: &App, data: &DashboardData) {
    let lang = app.session.lang;
    let d = &app.dashboard;
    if d.focus != DashFocus::Tiles {
        draw_table(frame, area, app, data, d.focus, true);
        return;
    }
    let visible = usize::from(area.height);
    let first = d.selected.saturating_sub(visible.saturating_sub(1));
    let label_w = usize::from(area.width) / 2;
    let lines: Vec<Line> = Tile::ALL
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, tile)| {
            let value = value_text(lang, tile.unit(), tile.value(&data.current));
            let (change, good) = change_text(lang, *tile, data);
            let arrow = change.chars().next().filter(|c| *c == '▲' || *c == '▼');
            let label = safe::line(t(lang, tile.label()), label_w.saturating_sub(1));
            let pad = label_w.saturating_sub(crate::text::width(&label));
            let mut spans = vec![
                Span::raw(format!("{label}{}", " ".repeat(pad))),
                Span::styled(value, theme::TITLE),
            ];
            if let Some(a) = arrow {
                spans.push(Span::styled(
                    format!(" {a}"),
                    match good {
                        Some(true) => theme::MET,
                        _ => theme::OVERDUE,
                    },
                ));
            }
            let line = Line::from(spans);
            if i == d.selected {
                line.style(theme::SELECTED)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_explanation(frame: &mut Frame<'_>, area: Rect, app: &App, data: &DashboardData) {
    let lang = app.session.lang;
    let tile = app.dashboard.tile();
    let w = area.width.min(72);
    let inner_w = usize::from(w.saturating_sub(2));
    let mut lines: Vec<Line> = safe::wrap(t(lang, tile.explanation()), inner_w)
        .into_iter()
        .map(Line::from)
        .collect();
    lines.push(Line::from(""));
    let now = value_text(lang, tile.unit(), tile.value(&data.current));
    let (change, _) = change_text(lang, tile, data);
    lines.push(Line::from(vec![
        Span::styled(now, theme::TITLE),
        Span::styled(format!("  {change}"), theme::DIM),
    ]));
    for line in safe::wrap(t(lang, Msg::DashExplainKeys), inner_w) {
        lines.push(Line::from(Span::styled(line, theme::DIM)));
    }
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    // On a small terminal the explanation scrolls; never past its end.
    let room = usize::from(h.saturating_sub(2));
    let top = app
        .dashboard
        .explain_scroll
        .min(lines.len().saturating_sub(room));
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((u16::try_from(top).unwrap_or(u16::MAX), 0))
            .block(super::pane(
                Line::from(format!(" {} ", t(lang, tile.label()))),
                true,
            )),
        rect,
    );
}
