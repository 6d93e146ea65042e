//! `loket report`: every KPI over a window, for the desk or per group, as a
//! table (people), JSON (scripts; one document) or CSV (spreadsheets).
//!
//! JSON without `--by` is one [`Report`] object; with `--by` it is
//! `{"by": "team", "groups": [{"group": "billing", <the report's keys>}, …]}`.

use anyhow::Result;
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::args::parse_word;
use super::{Cli, Context, UsageError, outln};
use crate::i18n::format::{decimal, duration, percent, when_in};
use crate::i18n::{Lang, Msg, fill, t};
use crate::kpi::report::{GroupReport, NO_GROUP};
use crate::kpi::resolution::MeanMedian;
use crate::kpi::stats::Spread;
use crate::kpi::{Breakdown, NamedWindow, Report, Window};
use crate::store::{self, OpenMode};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Start of the window, RFC 3339 (with --to)
    #[arg(long, value_name = "TIME", value_parser = super::args::parse_instant, requires = "to")]
    from: Option<i64>,
    /// End of the window, RFC 3339, not included (with --from)
    #[arg(long, value_name = "TIME", value_parser = super::args::parse_instant, requires = "from")]
    to: Option<i64>,
    /// today, yesterday, 7d or 30d: local days in the desk's time zone [default: 7d]
    #[arg(long, value_parser = parse_word::<NamedWindow>, conflicts_with_all = ["from", "to"])]
    window: Option<NamedWindow>,
    /// Break the figures down by team, agent, channel or priority
    #[arg(long, value_parser = parse_word::<Breakdown>)]
    by: Option<Breakdown>,
    /// table for people, json (one document) or csv (a header, one row per group)
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
    /// The instant the report is made at, RFC 3339 [default: now]
    #[arg(long, value_name = "TIME", value_parser = super::args::parse_instant)]
    now: Option<i64>,
}

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
}

/// The JSON document of a report broken down by groups.
#[derive(Serialize)]
struct Grouped<'a> {
    by: String,
    groups: &'a [GroupReport],
}

/// The desk's JSON document: the report's keys, plus the customer-base
/// KPIs (churn, retention and CLTV belong to no team, agent or channel, so
/// only the desk has them).
#[derive(Serialize)]
struct DeskReport<'a> {
    #[serde(flatten)]
    report: &'a Report,
    churn: Option<f64>,
    retention: Option<f64>,
    cltv: Option<crate::kpi::customers::Cltv>,
}

/// The desk's customer-base rows of the table.
fn customer_rows(lang: Lang, desk: &DeskReport<'_>) -> Vec<(Msg, String)> {
    let no_data = || t(lang, Msg::KpiNoData).to_string();
    vec![
        (
            Msg::KpiChurn,
            desk.churn.map_or_else(no_data, |f| percent(lang, f)),
        ),
        (
            Msg::KpiRetention,
            desk.retention.map_or_else(no_data, |f| percent(lang, f)),
        ),
        (
            Msg::KpiCltv,
            desk.cltv.map_or_else(no_data, |c| {
                decimal(lang, format!("{:.2}", c.cents / 100.0))
            }),
        ),
    ]
}

/// Runs `loket report`.
pub fn run(cli: &Cli, context: &Context, args: &ReportArgs) -> Result<()> {
    let lang = context.lang;
    let now = args.now.unwrap_or_else(|| chrono::Utc::now().timestamp());
    let mode = if cli.read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    let conn = store::open(&context.db(cli), mode, &crate::clock::SystemClock)?;
    super::read_as_agent(&conn, cli, context)?;
    let calendar = store::settings::calendar(&conn)?;
    let window = match (args.from, args.to, args.window) {
        (Some(from), Some(to), _) => Window::new(from, to).ok_or_else(|| {
            UsageError(fill(
                t(lang, Msg::KpiWindowOrder),
                &[("from", &from), ("to", &to)],
            ))
        })?,
        (None, None, named) => Window::named(
            named.unwrap_or(NamedWindow::Last7Days),
            calendar.time_zone(),
            now,
        ),
        _ => return Err(UsageError(t(lang, Msg::KpiWindowPair).into()).into()),
    };
    // Whole local days (every named window) read the rollups, like the
    // dashboard; other windows are computed from the tickets themselves.
    match args.by {
        None => {
            let report = match store::rollups::report(&conn, window, now)? {
                Some(report) => report,
                None => {
                    let inputs = store::facts::load(&conn, window)?;
                    crate::kpi::report(&inputs, window, &calendar, now)
                }
            };
            let customers = store::facts::load_customers(&conn)?;
            let desk = DeskReport {
                report: &report,
                churn: crate::kpi::customers::churn(&customers, window),
                retention: crate::kpi::customers::retention(&customers, window),
                cltv: crate::kpi::customers::cltv(&customers, now),
            };
            match args.format {
                ReportFormat::Json => outln(serde_json::to_string_pretty(&desk)?),
                ReportFormat::Csv => print_csv(&[(None, &report)]),
                ReportFormat::Table => {
                    outln(title(lang, window, calendar.time_zone()))?;
                    print_table(lang, &report, customer_rows(lang, &desk))
                }
            }
        }
        Some(by) => {
            let groups = match store::rollups::report_by(&conn, by, window, now)? {
                Some(groups) => groups,
                None => {
                    let inputs = store::facts::load(&conn, window)?;
                    crate::kpi::report_by(&inputs, by, window, &calendar, now)
                }
            };
            match args.format {
                ReportFormat::Json => outln(serde_json::to_string_pretty(&Grouped {
                    by: by.to_string(),
                    groups: &groups,
                })?),
                ReportFormat::Csv => {
                    let rows: Vec<(Option<&str>, &Report)> = groups
                        .iter()
                        .map(|g| (Some(g.group.as_str()), &g.report))
                        .collect();
                    print_csv(&rows)
                }
                ReportFormat::Table => {
                    outln(title(lang, window, calendar.time_zone()))?;
                    for g in &groups {
                        outln("")?;
                        outln(fill(
                            t(lang, Msg::KpiGroup),
                            &[
                                ("by", &breakdown_label(lang, by)),
                                ("group", &group_label(lang, by, &g.group)),
                            ],
                        ))?;
                        print_table(lang, &g.report, Vec::new())?;
                    }
                    Ok(())
                }
            }
        }
    }
}

/// What the groups are, in the interface language.
fn breakdown_label(lang: Lang, by: Breakdown) -> &'static str {
    t(
        lang,
        match by {
            Breakdown::Team => Msg::LabelTeam,
            Breakdown::Agent => Msg::LabelAssignee,
            Breakdown::Channel => Msg::LabelChannel,
            Breakdown::Priority => Msg::LabelPriority,
        },
    )
}

/// A group's name in the interface language: channels, priorities and
/// "none" are translated; team and agent names are shown as they are.
fn group_label(lang: Lang, by: Breakdown, group: &str) -> String {
    if group == NO_GROUP {
        return t(lang, Msg::NoneListed).to_string();
    }
    match by {
        Breakdown::Channel => group
            .parse::<crate::domain::Channel>()
            .map(|c| crate::i18n::channel(lang, c).to_string())
            .unwrap_or_else(|_| group.to_string()),
        Breakdown::Priority => group
            .parse::<crate::domain::Priority>()
            .map(|p| crate::i18n::priority(lang, p).to_string())
            .unwrap_or_else(|_| group.to_string()),
        Breakdown::Team | Breakdown::Agent => group.to_string(),
    }
}

fn title(lang: Lang, window: Window, tz: chrono_tz::Tz) -> String {
    fill(
        t(lang, Msg::KpiReportTitle),
        &[
            ("from", &when_in(tz, window.from)),
            ("to", &when_in(tz, window.to)),
            ("zone", &tz.name()),
        ],
    )
}

/// The report as aligned rows, then `more` (the desk's customer figures).
fn print_table(lang: Lang, r: &Report, more: Vec<(Msg, String)>) -> Result<()> {
    let no_data = || t(lang, Msg::KpiNoData).to_string();
    let dur = |v: Option<f64>| v.map_or_else(no_data, |s| duration(lang, s));
    let rate = |v: Option<f64>| v.map_or_else(no_data, |f| percent(lang, f));
    let spread = |v: Option<Spread>| {
        v.map_or_else(no_data, |s| {
            fill(
                t(lang, Msg::KpiSpread),
                &[
                    ("mean", &duration(lang, s.mean)),
                    ("median", &duration(lang, s.median)),
                    ("p90", &duration(lang, s.p90 as f64)),
                ],
            )
        })
    };
    let mean_median = |v: Option<MeanMedian>| {
        v.map_or_else(no_data, |s| {
            fill(
                t(lang, Msg::KpiMeanMedian),
                &[
                    ("mean", &duration(lang, s.mean)),
                    ("median", &duration(lang, s.median)),
                ],
            )
        })
    };
    let backlog = format!(
        "{} ({})",
        r.backlog.now.total,
        fill(
            t(lang, Msg::KpiBacklogSplit),
            &[
                ("new", &r.backlog.now.new),
                ("assigned", &r.backlog.now.assigned)
            ]
        )
    );
    let trend = r
        .backlog
        .trend
        .iter()
        .map(|d| format!("{} {}", &d.date[5..], d.backlog))
        .collect::<Vec<_>>()
        .join(", ");
    let nps = r.nps.map_or_else(no_data, |v| format!("{v:.0}"));
    let split = |counts: &std::collections::BTreeMap<String, usize>| {
        if counts.is_empty() {
            return "—".to_string();
        }
        // Largest first, then by name: what matters most leads.
        let mut counts: Vec<(&String, &usize)> = counts.iter().collect();
        counts.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        counts
            .into_iter()
            .map(|(k, n)| {
                let name = if k == NO_GROUP {
                    t(lang, Msg::NoneListed)
                } else {
                    k.as_str()
                };
                format!("{name} {n}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let channels: std::collections::BTreeMap<String, usize> = r
        .volume
        .by_channel
        .iter()
        .map(|(k, n)| {
            let name = k
                .parse::<crate::domain::Channel>()
                .map(|c| crate::i18n::channel(lang, c).to_string())
                .unwrap_or_else(|_| k.clone());
            (name, *n)
        })
        .collect();
    let mut rows: Vec<(Msg, String)> = vec![
        (Msg::KpiVolume, r.volume.total.to_string()),
        (Msg::KpiByChannel, split(&channels)),
        (Msg::KpiByTeam, split(&r.volume.by_team)),
        (Msg::KpiByTag, split(&r.volume.by_tag)),
        (Msg::KpiBacklog, backlog),
        (Msg::KpiBacklogTrend, trend),
        (Msg::KpiFrt, spread(r.frt)),
        (Msg::KpiFrtBusiness, spread(r.frt_business)),
        (Msg::KpiAvgResponse, dur(r.avg_response)),
        (Msg::KpiAht, dur(r.aht)),
        (Msg::KpiTalkTime, dur(r.talk_time)),
        (Msg::KpiFcr, rate(r.fcr)),
        (Msg::KpiTtr, mean_median(r.ttr)),
        (Msg::KpiTtrBusiness, mean_median(r.ttr_business)),
        (Msg::KpiResolutionRate, rate(r.resolution_rate)),
        (Msg::KpiSlaCompliance, rate(r.sla_compliance)),
        (Msg::KpiEscalationRate, rate(r.escalation_rate)),
        (Msg::KpiReopenRate, rate(r.reopen_rate)),
        (Msg::KpiCsat, rate(r.csat)),
        (Msg::KpiNps, nps),
        (Msg::KpiSelfService, rate(r.self_service_ratio)),
        (Msg::KpiCollisions, r.collisions.to_string()),
    ];
    rows.extend(more);
    let width = rows
        .iter()
        .map(|(m, _)| crate::text::width(t(lang, *m)))
        .max()
        .unwrap_or(0);
    for (label, value) in rows {
        let label = t(lang, label);
        let pad = width.saturating_sub(crate::text::width(label));
        outln(format!("{label}{}  {value}", " ".repeat(pad)))?;
    }
    Ok(())
}

/// The CSV columns: one per number of the JSON document (volume and
/// backlog as their totals), empty where there is no data.
pub const CSV_COLUMNS: &[&str] = &[
    "volume",
    "backlog",
    "backlog_new",
    "backlog_assigned",
    "frt_mean",
    "frt_median",
    "frt_p90",
    "frt_business_mean",
    "frt_business_median",
    "frt_business_p90",
    "avg_response",
    "aht",
    "talk_time",
    "fcr",
    "ttr_mean",
    "ttr_median",
    "ttr_business_mean",
    "ttr_business_median",
    "resolution_rate",
    "sla_compliance",
    "escalation_rate",
    "reopen_rate",
    "csat",
    "nps",
    "self_service_ratio",
    "collisions",
];

fn csv_row(r: &Report) -> Vec<String> {
    let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let spread = |s: Option<Spread>| {
        [
            num(s.map(|s| s.mean)),
            num(s.map(|s| s.median)),
            s.map(|s| s.p90.to_string()).unwrap_or_default(),
        ]
    };
    let mm = |s: Option<MeanMedian>| [num(s.map(|s| s.mean)), num(s.map(|s| s.median))];
    let mut row = vec![
        r.volume.total.to_string(),
        r.backlog.now.total.to_string(),
        r.backlog.now.new.to_string(),
        r.backlog.now.assigned.to_string(),
    ];
    row.extend(spread(r.frt));
    row.extend(spread(r.frt_business));
    row.extend([
        num(r.avg_response),
        num(r.aht),
        num(r.talk_time),
        num(r.fcr),
    ]);
    row.extend(mm(r.ttr));
    row.extend(mm(r.ttr_business));
    row.extend([
        num(r.resolution_rate),
        num(r.sla_compliance),
        num(r.escalation_rate),
        num(r.reopen_rate),
        num(r.csat),
        num(r.nps),
        num(r.self_service_ratio),
        r.collisions.to_string(),
    ]);
    row
}

fn print_csv(rows: &[(Option<&str>, &Report)]) -> Result<()> {
    let grouped = rows.iter().any(|(g, _)| g.is_some());
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = Vec::new();
    if grouped {
        header.push("group");
    }
    header.extend(CSV_COLUMNS);
    out.write_record(&header)?;
    for (group, report) in rows {
        let mut record: Vec<String> = group.iter().map(|g| g.to_string()).collect();
        record.extend(csv_row(report));
        out.write_record(&record)?;
    }
    let bytes = out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = String::from_utf8(bytes)?;
    outln(text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_columns_match_a_row() {
        let report = crate::kpi::report(
            &crate::kpi::Inputs::default(),
            Window {
                from: 0,
                to: 86_400,
            },
            &crate::sla::Calendar::always_open(),
            86_400,
        );
        assert_eq!(csv_row(&report).len(), CSV_COLUMNS.len());
    }
}
