//! How fast the console's queue reads are on a desk, as the worker serves
//! them (`loket::service::worker::handle`, the step a key press or a
//! refresh waits for): a page at the top, middle and end, the page after
//! PageDown from a loaded page, keeping the selection on a ticket at the
//! first, middle and last position after a change, and (off that path)
//! counting its exact position; for all open tickets and for all tickets.
//! The list's count is kept between reads while nothing is written; the
//! rows marked "after a write" drop the kept counts before each read, as
//! another agent's change would.
//!
//! `cargo bench --bench queue` (a desk of `LOKET_BENCH_SIZE` tickets,
//! default 10,000, generated first; or `LOKET_BENCH_DB=path` to measure an
//! existing desk, opened read-only). `LOKET_BENCH_RUNS` repetitions
//! (default 100). Prints median and p99; figures go in BENCHMARKS.md. Not a
//! test: these machines are shared and noisy.

use std::time::{Duration, Instant};

use loket::clock::SystemClock;
use loket::generate::{GenerateOptions, generate};
use loket::service::worker::{Request, Response, handle};
use loket::store::queue::{self, Anchor, QueueQuery, StatusFilter};
use loket::store::{self, OpenMode};
use rusqlite::Connection;

/// The window the console asks for on a 40-line terminal.
const LIMIT: i64 = 120;
const MARGIN: i64 = 40;

fn query(status: StatusFilter, offset: i64, anchor: Option<(i64, i64)>) -> QueueQuery {
    QueueQuery {
        status,
        offset: offset.max(0),
        limit: LIMIT,
        anchor: anchor.map(|(id, index)| Anchor { id, index }),
    }
}

fn stats(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let p99 = (samples.len() * 99).div_ceil(100).saturating_sub(1);
    (ms(samples[samples.len() / 2]), ms(samples[p99]))
}

fn time(runs: usize, mut f: impl FnMut() -> Response) -> (f64, f64) {
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let response = std::hint::black_box(f());
            let spent = start.elapsed();
            if let Response::Failed { error, .. } = response {
                panic!("{error:?}");
            }
            spent
        })
        .collect();
    stats(samples)
}

fn row(name: &str, (median, p99): (f64, f64)) {
    println!("{name:<44} {median:>9.3} ms {p99:>9.3} ms");
}

fn measure(conn: &Connection, status: StatusFilter, runs: usize) -> anyhow::Result<()> {
    let clock = SystemClock;
    let total = queue::count(conn, status)?;
    let name = match status {
        StatusFilter::All => "all",
        _ => "open",
    };
    println!("-- {name}: {total} tickets");
    let ask = |q: QueueQuery, follow: Option<i64>| {
        handle(conn, &clock, &Request::Queue { query: q, follow })
    };
    // What another connection's commit does to the kept counts.
    let forget = || {
        if let Err(error) = conn.execute_batch("DROP TABLE IF EXISTS temp.list_counts") {
            panic!("the kept counts are a temporary table: {error}");
        }
    };
    for (label, offset) in [("first", 0), ("middle", total / 2), ("last", total - LIMIT)] {
        row(
            &format!("{name}: {label} page"),
            time(runs, || ask(query(status, offset, None), None)),
        );
        row(
            &format!("{name}: {label} page, after a write"),
            time(runs, || {
                forget();
                ask(query(status, offset, None), None)
            }),
        );
    }
    // PageDown from the middle page: the window after the loaded one,
    // anchored on the loaded page's last row.
    let mid = total / 2;
    let page = queue::page(conn, &query(status, mid, None))?;
    if let Some(last) = page.rows.last() {
        let anchor = (last.id, mid + page.rows.len() as i64 - 1);
        row(
            &format!("{name}: page after a loaded one (middle)"),
            time(runs, || {
                ask(query(status, mid + LIMIT - MARGIN, Some(anchor)), None)
            }),
        );
    }
    for (label, at) in [("first", 0), ("middle", total / 2), ("last", total - 1)] {
        let window = queue::page(conn, &query(status, at, None))?;
        let Some(id) = window.rows.first().map(|r| r.id) else {
            continue;
        };
        let q = query(status, at - MARGIN, Some((id, at)));
        row(
            &format!("{name}: keep the selection at the {label}"),
            time(runs, || ask(q, Some(id))),
        );
        row(
            &format!("{name}: the same, after a write"),
            time(runs, || {
                forget();
                ask(q, Some(id))
            }),
        );
        row(
            &format!("{name}: count its position ({label}, off the path)"),
            time(runs.min(30), || {
                handle(conn, &clock, &Request::Place { status, id, at })
            }),
        );
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::var("LOKET_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir()?;
    let path = match std::env::var("LOKET_BENCH_DB") {
        Ok(p) => std::path::PathBuf::from(p),
        Err(_) => {
            let n: u64 = std::env::var("LOKET_BENCH_SIZE")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(10_000);
            let path = dir.path().join("bench.db");
            let mut conn = store::open(&path, OpenMode::ReadWrite, &SystemClock)?;
            generate(
                &mut conn,
                &GenerateOptions {
                    tickets: n,
                    seed: 1,
                    now: 1_795_000_000,
                },
            )?;
            path
        }
    };
    let conn = store::open(&path, OpenMode::ReadOnly, &SystemClock)?;
    println!("{:<44} {:>12} {:>12}", "read", "median", "p99");
    for status in [StatusFilter::Active, StatusFilter::All] {
        measure(&conn, status, runs)?;
    }
    Ok(())
}
