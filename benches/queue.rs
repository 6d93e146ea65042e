//! How fast the console's reads are at desk sizes from a hundred to a million
//! tickets: a queue page at the top, middle and end, the position of a ticket
//! (selection kept across refreshes), a ticket's detail, and the counts.
//!
//! `cargo bench --bench queue` (sizes from `LOKET_BENCH_SIZES`, default
//! "100,10000,1000000"; or `LOKET_BENCH_DB=path` to measure an existing desk). Prints the median of repeated runs; figures go in
//! BENCHMARKS.md. Not a test: these machines are shared and noisy.

use std::time::{Duration, Instant};

use loket::generate::{GenerateOptions, generate};
use loket::store::queue::{self, QueueQuery, StatusFilter};
use loket::store::{self, OpenMode};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    median(samples)
}

fn main() -> anyhow::Result<()> {
    let sizes: Vec<u64> = std::env::var("LOKET_BENCH_SIZES")
        .unwrap_or_else(|_| "100,10000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let dir = tempfile::tempdir()?;
    println!(
        "{:>9}  {:>9}  {:>11}  {:>10}  {:>10}  {:>10}  {:>10}  {:>10}  {:>10}",
        "tickets",
        "gen s",
        "open: page",
        "all: top",
        "all: mid",
        "all: end",
        "position",
        "detail",
        "count all"
    );
    let existing = std::env::var("LOKET_BENCH_DB").ok();
    let runs: Vec<u64> = if existing.is_some() { vec![0] } else { sizes };
    for n in runs {
        let path = match &existing {
            Some(p) => std::path::PathBuf::from(p),
            None => dir.path().join(format!("bench-{n}.db")),
        };
        let started = Instant::now();
        if existing.is_none() {
            let mut conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock)?;
            generate(
                &mut conn,
                &GenerateOptions {
                    tickets: n,
                    seed: 1,
                    now: 1_795_000_000,
                },
            )?;
        }
        let gen_secs = started.elapsed().as_secs_f64();
        let conn = store::open(&path, OpenMode::ReadOnly, &loket::clock::SystemClock)?;
        let total = queue::count(&conn, StatusFilter::All)?;
        let n = if existing.is_some() { total as u64 } else { n };
        let page_at = |offset: i64| {
            queue::page(
                &conn,
                &QueueQuery {
                    status: StatusFilter::All,
                    offset,
                    limit: 60,
                },
            )
        };
        let open_page = time(50, || {
            queue::page(
                &conn,
                &QueueQuery {
                    status: StatusFilter::Active,
                    offset: 0,
                    limit: 60,
                },
            )
        });
        let top = time(50, || page_at(0));
        let mid = time(20, || page_at(total / 2));
        let end = time(10, || page_at(total - 60));
        let last_id = page_at(total - 1)?.rows.first().map(|r| r.id).unwrap_or(1);
        let position = time(20, || queue::position_of(&conn, StatusFilter::All, last_id));
        let detail = time(50, || store::tickets::detail(&conn, last_id));
        let count = time(10, || queue::count(&conn, StatusFilter::All));
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
        println!(
            "{n:>9}  {gen_secs:>9.1}  {:>11}  {:>10}  {:>10}  {:>10}  {:>10}  {:>10}  {:>10}",
            ms(open_page),
            ms(top),
            ms(mid),
            ms(end),
            ms(position),
            ms(detail),
            ms(count)
        );
    }
    Ok(())
}
