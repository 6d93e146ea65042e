//! How fast the queue's text search is: the console's first page (60 rows
//! and the count of matches, as the `/` search shows it) for a common word,
//! a customer's name, two words, a ticket number, a word found nowhere and
//! a prefix while typing, among open tickets and among all; and the pages
//! after it: the next (PageDown), the last (G), and keeping the selection
//! on a ticket of the first page after a change elsewhere (its position,
//! then the page around it). The first page and keeping the selection are
//! measured without the matches the store keeps from the search before
//! (as after a new search or another agent's change); the next and last
//! pages with them (paging on with nothing written in between).
//!
//! `LOKET_BENCH_DB=path cargo bench --bench search` measures an existing
//! desk (opened read-only, so it must be at the current schema); without it
//! a desk of `LOKET_BENCH_TICKETS` (default 20,000) tickets is generated in a
//! temporary directory. `LOKET_BENCH_RUNS` (default 25) runs per search,
//! after one warm-up run. Prints median, p95, p99 and max; figures go in
//! BENCHMARKS.md. Not a test: these machines are shared and noisy.

use std::time::{Duration, Instant};

use loket::generate::{GenerateOptions, generate};
use loket::store::filter::{self, Sort, TicketFilter};
use loket::store::queue::StatusFilter;
use loket::store::{self, OpenMode};

/// The searches measured: (label, text typed).
const SEARCHES: &[(&str, &str)] = &[
    ("common word", "geen"),
    ("common word", "vervoerder"),
    ("customer name", "jansen"),
    ("two words", "geen bericht"),
    ("ticket number", "#4711"),
    ("ticket number", "4711"),
    ("nothing found", "xyzzy"),
    ("prefix typing", "verv"),
];

/// The sample at quantile `q` of sorted `samples` (nearest rank).
fn quantile(samples: &[Duration], q: f64) -> Duration {
    let rank = ((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
    samples[rank - 1]
}

fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::var("LOKET_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25)
        .max(1);
    let dir = tempfile::tempdir()?;
    let path = match std::env::var("LOKET_BENCH_DB") {
        Ok(p) => std::path::PathBuf::from(p),
        Err(_) => {
            let tickets = std::env::var("LOKET_BENCH_TICKETS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(20_000);
            let path = dir.path().join("search.db");
            let mut conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock)?;
            generate(
                &mut conn,
                &GenerateOptions {
                    tickets,
                    seed: 1,
                    now: 1_795_000_000,
                },
            )?;
            path
        }
    };
    let conn = store::open(&path, OpenMode::ReadOnly, &loket::clock::SystemClock)?;
    let now = 1_795_000_000;
    println!("{} runs per search on {}", runs, path.display());
    println!(
        "{:<14}  {:<14}  {:<6}  {:<6}  {:>9}  {:>10}  {:>10}  {:>10}  {:>10}  first",
        "search", "text", "status", "page", "found", "median", "p95", "p99", "max"
    );
    for (label, text) in SEARCHES {
        for (name, status) in [("open", StatusFilter::Active), ("all", StatusFilter::All)] {
            let filter = TicketFilter {
                status,
                text: Some((*text).to_string()),
                ..TicketFilter::default()
            };
            let sort = Sort::default();
            let first = filter::list(&conn, &filter, sort, 0, 60, now)?;
            let total = first.total;
            // The ticket selected on the first page, kept selected after a
            // change elsewhere: where it is now, then the page around it
            // (what the console's worker reads).
            let followed = first.rows.get(first.rows.len() / 2).map(|r| r.id);
            let follow = || -> anyhow::Result<usize> {
                let Some(id) = followed else { return Ok(0) };
                let at = filter::position_of(&conn, &filter, sort, id, now)?.unwrap_or(0);
                let offset = (at - 20).max(0);
                Ok(filter::list(&conn, &filter, sort, offset, 60, now)?
                    .rows
                    .len())
            };
            let pages: [(&str, &dyn Fn() -> anyhow::Result<usize>); 4] = [
                ("first", &|| {
                    Ok(filter::list(&conn, &filter, sort, 0, 60, now)?.rows.len())
                }),
                ("next", &|| {
                    Ok(filter::list(&conn, &filter, sort, 60, 60, now)?.rows.len())
                }),
                ("last", &|| {
                    let offset = (total - 60).max(0);
                    Ok(filter::list(&conn, &filter, sort, offset, 60, now)?
                        .rows
                        .len())
                }),
                ("follow", &follow),
            ];
            for (page, read) in pages {
                read()?;
                // The first page of a new search, and keeping the selection
                // after another agent's change, find no matches kept from
                // the run before; paging on does.
                let fresh = matches!(page, "first" | "follow");
                let mut samples: Vec<Duration> = (0..runs)
                    .map(|_| {
                        if fresh {
                            let _ = conn.execute_batch("DROP TABLE IF EXISTS temp.search_matches");
                        }
                        let start = Instant::now();
                        std::hint::black_box(read().unwrap_or(0));
                        start.elapsed()
                    })
                    .collect();
                samples.sort();
                let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
                println!(
                    "{label:<14}  {:<14}  {name:<6}  {page:<6}  {:>9}  {:>10}  {:>10}  {:>10}  {:>10}  {}",
                    format!("{text:?}"),
                    total,
                    ms(quantile(&samples, 0.5)),
                    ms(quantile(&samples, 0.95)),
                    ms(quantile(&samples, 0.99)),
                    ms(quantile(&samples, 1.0)),
                    first
                        .rows
                        .first()
                        .map(|r| format!("#{}", r.id))
                        .unwrap_or_else(|| "-".into()),
                );
            }
        }
    }
    Ok(())
}
